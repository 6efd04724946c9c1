import Catalogue
import Foundation
import GRDB
import Testing

/// Headless Chromium (Debian's `chromium`), for the web pages in a real browser. `.ci/run` installs it
/// and sets KAARTENBAK_REQUIRE_CHROMIUM=1, so there a missing browser fails the test; elsewhere the
/// test is skipped, saying why.
enum Chromium {
    static let path: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }.first

    static let required = ProcessInfo.processInfo.environment["KAARTENBAK_REQUIRE_CHROMIUM"] == "1"

    /// The DOM Chromium built from `url`, serialised (`--dump-dom`).
    static func dom(_ url: String, browser: String, profile: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        // --no-sandbox: CI runs as root, where Chromium's sandbox will not start.
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile)", "--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A browser that hangs must not hang the suite.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationStatus == 0 else { throw BrowserFailure(url: url, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    struct BrowserFailure: Error { var url: String; var status: Int32 }
}

@Suite("serve: the web pages in Chromium", .serialized)
struct ServeBrowserTests {
    @Test(.enabled(if: Chromium.path != nil || Chromium.required,
                   "chromium is not installed (apt-get install chromium); .ci/run installs it and requires it"))
    func searchOpenAVacancyAndFollowItsShareLink() async throws {
        let browser = try #require(Chromium.path, "KAARTENBAK_REQUIRE_CHROMIUM=1 but no chromium on PATH")
        let data = try ServedCatalogue.path
        let profile = try TemporaryDirectory()
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        // A vacancy of the catalogue and a word of its title to search for.
        let (id, title) = try ServedCatalogue.sql(data) { db in
            let row = try Row.fetchOne(db, sql: "SELECT id, title FROM vacancies WHERE status = 'open' ORDER BY source_count DESC, id")!
            return (row[0] as String, row[1] as String)
        }
        let word = longestWord(title)

        // 1. The search page, and the form's fields as the browser built them.
        let home = try Chromium.dom(server.base + "/", browser: browser, profile: profile.path)
        #expect(home.contains("<h1>Vacatures zoeken</h1>"))
        let action = try #require(home.firstMatch(of: /<form class="search" method="get" action="([^"]+)"/)).output.1
        let names = home.matches(of: /<(?:input|select) id="[^"]+" name="([^"]+)"/).map { String($0.output.1) }
        #expect(names.contains("q") && names.count == 10)

        // 2. The search, as submitting the form with only the words filled in asks for it.
        let query = names.map { "\($0)=\($0 == "q" ? word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! : $0 == "status" ? "open" : "")" }
            .joined(separator: "&")
        let results = try Chromium.dom(server.base + action + "?" + query, browser: browser, profile: profile.path)
        #expect(results.contains("value=\"\(escaped(word).replacingOccurrences(of: "&quot;", with: "\""))\""))
        let links = vacancyLinks(results)
        #expect(links.contains(id), "the search for '\(word)' lists \(id)")

        // 3. The vacancy, by the result's link in the rendered page.
        let link = try #require(results.firstMatch(of: try Regex("<a href=\"(/v/\(id))\">")).map { String($0.output[1].substring!) })
        let vacancy = try Chromium.dom(server.base + link, browser: browser, profile: profile.path)
        #expect(heading(vacancy) == escaped(title).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'"))

        // 4. Its share link.
        let share = try #require(vacancy.firstMatch(of: /<a id="share-link" href="([^"]+)">/)).output.1
        #expect(share == "/v/\(id)")
        let shared = try Chromium.dom(server.base + share, browser: browser, profile: profile.path)
        #expect(heading(shared) == heading(vacancy))
    }
}
