import Foundation
import GRDB
import LoopbackHTTP
import Testing

/// A hostile or broken server for one source, through the whole pipeline: the manifest says what
/// went wrong, and the catalogue keeps that source's vacancies exactly as they were.
@Suite("End to end: fetch faults", .serialized)
struct EndToEndFaultTests {
    enum Fault: String, CaseIterable, Sendable {
        case serverError, truncated, redirectToFile, redirectToFTP, oversized, gzipBomb, stall
    }

    func behaviour(_ fault: Fault, feed: [UInt8]) throws -> Behaviour {
        switch fault {
        case .serverError: return .status(500)
        case .truncated: return .truncated(body: Array(feed.prefix(feed.count / 2)), declaredLength: feed.count)
        case .redirectToFile: return .redirect(to: "file:///etc/passwd")
        case .redirectToFTP: return .redirect(to: "ftp://127.0.0.1:1/feed.xml")
        case .oversized: return .stream(totalBytes: 3_000_000, chunked: true)
        case .gzipBomb: return try .gzipped([UInt8](repeating: 0x20, count: 4_000_000))
        case .stall: return .stall(seconds: 5)
        }
    }

    /// What the manifest's error must mention.
    func expectedWords(_ fault: Fault) -> [String] {
        switch fault {
        case .serverError: return ["500"]
        case .truncated: return ["uitzend-jobs.xml"]
        case .redirectToFile, .redirectToFTP: return ["only http and https"]
        case .oversized, .gzipBomb: return ["1000000"]
        case .stall: return ["uitzend-jobs.xml"]
        }
    }

    @Test(arguments: Fault.allCases)
    func faultKeepsTheSourcesVacancies(_ fault: Fault) throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.serveDirectory(fixturesDirectory.appendingPathComponent("feeds").path, at: "/feeds/")
        let data = try TemporaryDirectory()
        // Small limits so the faults trip quickly: 1 MB cap, 2 s total, no low-speed grace.
        let pipeline = try writeBundledPipeline(into: data, feeds: server.url("/feeds/")) {
            $0.replacingOccurrences(of: "    encoding: iso-8859-1\n", with: "    encoding: iso-8859-1\n    limits: {max_bytes: 1000000, timeout: 2}\n")
        }
        let arguments = ["--pipeline", pipeline, "--data-dir", data.path, "--retries", "0"]
        #expect(try CLI.run(["run"] + arguments).status == 0)
        func agencyRows() throws -> [String] {
            try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
                try Row.fetchAll(db, sql: """
                    SELECT v.id, v.status, v.content_hash, s.source_record_id FROM vacancy_sources s
                    JOIN vacancies v ON v.id = s.vacancy_id WHERE s.source = 'flexpoint-uitzend' ORDER BY 4
                    """).map { "\($0["id"] as String) \($0["status"] as String) \($0["source_record_id"] as String)" }
            }
        }
        let before = try agencyRows()

        let feed = try [UInt8](Data(contentsOf: fixturesDirectory.appendingPathComponent("feeds/uitzend-jobs.xml")))
        server.route("/feeds/uitzend-jobs.xml", try behaviour(fault, feed: feed))
        let night = try CLI.run(["run"] + arguments)
        #expect(night.status == 3, "\(fault): \(night.stdout)\n\(night.stderr)")

        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted()
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: data.path + "/runs/\(runs.last!)/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let steps = try #require(manifest["steps"] as? [[String: Any]])
        let fetch = try #require(steps.first { $0["stage"] as? String == "fetch" && $0["source"] as? String == "flexpoint-uitzend" })
        #expect(fetch["status"] as? String == "failed")
        let error = fetch["error"] as? String ?? ""
        for word in expectedWords(fault) { #expect(error.contains(word), "\(fault): \(error)") }
        #expect((fetch["counts"] as? [String: Int])?["attempts"] == 1)
        // Nothing of the failed transfer is left where the parse stage would take it.
        let landing = data.path + "/runs/\(runs.last!)/landing/flexpoint-uitzend"
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: landing)) ?? []
        #expect(!leftovers.contains("payload"), "\(fault): \(leftovers)")
        #expect(try agencyRows() == before, "\(fault): the catalogue keeps the source's vacancies as they were")
    }
}
