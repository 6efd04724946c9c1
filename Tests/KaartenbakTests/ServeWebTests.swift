import Catalogue
import CatalogueAPI
import Classification
import Foundation
import GRDB
import Testing

/// The `href` of every link to a vacancy page in an HTML page, in order.
func vacancyLinks(_ html: String) -> [String] {
    html.matches(of: /href="\/v\/([^"]+)"/).map { String($0.output.1) }
}

/// The text between the first `<h1>` and `</h1>`.
func heading(_ html: String) -> String? {
    guard let match = html.firstMatch(of: /<h1>(.*?)<\/h1>/) else { return nil }
    return String(match.output.1)
}

/// A value as the page escapes it (what the template engine writes for `{{value}}`).
func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}

func formBody(_ fields: [(String, String)]) -> Data {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&").utf8)
}

@Suite("serve: the web pages", .serialized)
struct ServeWebTests {
    @Test func searchPageIsAccessibleHTMLAndPagesThroughEveryOpenVacancy() async throws {
        let data = try ServedCatalogue.path
        // Pages of 5, so that the fixtures' catalogue takes several.
        let server = try ServeProcess(dataDir: data, ["--max-page-size", "5"])
        defer { server.stop() }
        let open = try ServedCatalogue.sql(data) { try String.fetchAll($0, sql: "SELECT id FROM vacancies WHERE status = 'open' ORDER BY id") }
        #expect(open.count > 10)
        var ids: [String] = []
        var next: String? = "/"
        var pages = 0
        while let path = next, pages < 100 {
            let page = try await HTTP.get(server.base + path.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            let html = page.text
            #expect(html.contains("<html lang=\"nl\">"))
            #expect(html.contains("<main id=\"inhoud\">") && html.contains("role=\"search\""))
            // Every form field has its label.
            let inputs = html.matches(of: /<(?:input|select) id="([^"]+)"/).map { String($0.output.1) }
            #expect(inputs.count == 10)
            for id in inputs { #expect(html.contains("<label for=\"\(id)\">"), "no label for \(id)") }
            ids += vacancyLinks(html)
            next = html.firstMatch(of: /<a href="([^"]+)" rel="next">/).map { String($0.output.1) }
            pages += 1
        }
        #expect(ids == open, "the pages list every open vacancy once, in id order")
        #expect(pages == (open.count + 4) / 5)
    }

    @Test func filtersAreTheAPIsFilters() async throws {
        let data = try ServedCatalogue.path
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        let (place, employer, title) = try ServedCatalogue.sql(data) { db -> (String, String, String) in
            let place = try String.fetchOne(db, sql: "SELECT place FROM vacancies WHERE status = 'open' AND place IS NOT NULL GROUP BY place ORDER BY count(*) DESC, place")!
            let employer = try String.fetchOne(db, sql: "SELECT employer FROM vacancies WHERE status = 'open' AND employer IS NOT NULL GROUP BY employer ORDER BY count(*) DESC, employer")!
            let title = try String.fetchOne(db, sql: "SELECT title FROM vacancies WHERE status = 'open' ORDER BY id")!
            return (place, employer, title)
        }
        let word = longestWord(title)
        // Each filter as the form sends it (empty fields included), against the catalogue itself.
        let shouted = String(place.map { $0.isASCII ? Character($0.uppercased()) : $0 })
        let cases: [(query: [(String, String)], sql: String, arguments: StatementArguments)] = [
            ([("q", ""), ("place", shouted), ("employer", ""), ("status", "open")],
             "SELECT id FROM vacancies WHERE status = 'open' AND place = ? COLLATE NOCASE ORDER BY id", [place]),
            ([("employer", employer)], "SELECT id FROM vacancies WHERE status = 'open' AND employer = ? COLLATE NOCASE ORDER BY id", [employer]),
            ([("status", "any"), ("hours_min", "32")], "SELECT id FROM vacancies WHERE coalesce(hours_max, hours_min) >= 32 ORDER BY id", []),
            ([("status", "closed")], "SELECT id FROM vacancies WHERE status = 'closed' ORDER BY id", []),
            ([("posted_since", "2099-01-01")], "SELECT id FROM vacancies WHERE 0", []),
        ]
        for test in cases {
            let query = String(decoding: formBody(test.query), as: UTF8.self)
            let page = try await HTTP.get(server.base + "/zoeken?" + query)
            #expect(page.status == 200, "\(query)")
            let expected = try ServedCatalogue.sql(data) { try String.fetchAll($0, sql: test.sql, arguments: test.arguments) }
            #expect(vacancyLinks(page.text) == Array(expected.prefix(50)), "\(query)")
            if expected.isEmpty { #expect(page.text.contains("Geen vacatures gevonden")) }
        }
        #expect(try ServedCatalogue.sql(data) { try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancies WHERE status = 'open' AND place = ?", arguments: [place]) } ?? 0 > 1)
        // Words: the same vacancies the API finds, in its order (relevance).
        let api = try await HTTP.get(server.base + "/vacancies?q=\(word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        let apiIds = (api.json["vacancies"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let page = try await HTTP.get(server.base + "/?q=\(word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(!apiIds.isEmpty)
        #expect(vacancyLinks(page.text) == apiIds)
        #expect(page.text.contains("value=\"\(escaped(word))\""), "the form shows what was asked")
        // A bad filter is a page that says what is wrong, not problem+json.
        let bad = try await HTTP.get(server.base + "/zoeken?isco=12345")
        #expect(bad.status == 400)
        #expect(bad.header("Content-Type") == "text/html; charset=utf-8")
        #expect(bad.text.contains("isco must be 1 to 4 digits"))
        #expect(try await HTTP.get(server.base + "/zoeken?limit=3").status == 400, "a parameter the form does not have")
    }

    @Test func vacancyPageShowsFieldsSourcesShareLinkAndJobPosting() async throws {
        let data = try ServedCatalogue.path
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        // The vacancy with the most sources.
        let (id, sources) = try ServedCatalogue.sql(data) { db -> (String, [VacancySourceRow]) in
            let id = try String.fetchOne(db, sql: "SELECT id FROM vacancies WHERE status = 'open' ORDER BY source_count DESC, id")!
            return (id, try VacancyQuery.sources(db, of: id))
        }
        let row = try ServedCatalogue.sql(data) { try VacancyQuery.decoded($0, id: id) }!
        let page = try await HTTP.get(server.base + "/v/\(id)")
        #expect(page.status == 200)
        let html = page.text
        #expect(heading(html) == escaped(row.title))
        #expect(html.contains("<a id=\"share-link\" href=\"/v/\(id)\">"))
        #expect(html.contains("value=\"http://127.0.0.1:\(server.port)/v/\(id)\""))
        #expect(!sources.isEmpty)
        #expect(html.contains("Bronnen (\(sources.count))"))
        for source in sources {
            #expect(html.contains(escaped(source.title)))
            #expect(html.contains(escaped(source.sourceRecordId)))
        }
        for value in [row.employer, row.place, row.datePosted, row.occupationLabel].compactMap({ $0 }) {
            #expect(html.contains(escaped(value)), "\(value)")
        }
        for reason in row.reasons { #expect(html.contains(escaped(reason))) }
        for (field, source) in row.provenance { #expect(html.contains("<li>\(escaped(field)): \(escaped(source))</li>")) }
        for conflict in row.conflicts {
            #expect(html.contains("<strong>\(escaped(conflict.field))</strong>"))
            for value in conflict.values { #expect(html.contains(escaped(value.value))) }
        }
        #expect(!html.contains("Deze vacature is gesloten"))
        // The JSON-LD is the API's JobPosting, byte for byte (but for "<", written as \u003c).
        let jobPosting = try await HTTP.get(server.base + "/vacancies/\(id)/jobposting").text
        #expect(html.contains("<script type=\"application/ld+json\">\(jobPosting.replacingOccurrences(of: "<", with: "\\u003c"))</script>"))
        #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
    }

    @Test func mergedRedirectsClosedSaysSoUnknownIs404() async throws {
        let data = try ServedCatalogue.copy()
        let (merged, survivor, closed) = try await DatabaseQueue(path: data.path + "/catalogue.sqlite").write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM vacancies WHERE status = 'open' ORDER BY id LIMIT 3")
            try db.execute(sql: "UPDATE vacancy_rows SET status = 'merged', merged_into = ? WHERE id = ?", arguments: [ids[1], ids[0]])
            try db.execute(sql: "UPDATE vacancy_rows SET status = 'closed', closed_at = '2026-12-01', last_seen = '2026-11-30' WHERE id = ?", arguments: [ids[2]])
            return (ids[0], ids[1], ids[2])
        }
        let server = try ServeProcess(dataDir: data.path)
        defer { server.stop() }
        let redirect = try await HTTP.unfollowed(server.base + "/v/\(merged)")
        #expect(redirect.status == 308)
        #expect(redirect.header("Location") == "/v/\(survivor)")
        let followed = try await HTTP.get(server.base + "/v/\(merged)")
        #expect(followed.status == 200 && followed.text.contains("href=\"/v/\(survivor)\""))

        let closedPage = try await HTTP.get(server.base + "/v/\(closed)")
        #expect(closedPage.status == 200)
        #expect(closedPage.text.contains("Deze vacature is gesloten</strong> sinds 2026-12-01"))
        #expect(!closedPage.text.contains("application/ld+json"), "a closed vacancy has no JobPosting")

        let unknown = try await HTTP.get(server.base + "/v/no-such-vacancy")
        #expect(unknown.status == 404)
        #expect(unknown.header("Content-Type") == "text/html; charset=utf-8")
        #expect(unknown.text.contains("Vacature niet gevonden"))
    }

    @Test func everyValueIsEscaped() async throws {
        let data = try ServedCatalogue.copy()
        let hostile = "<script>alert('x')</script> & \"co\""
        let id = try await DatabaseQueue(path: data.path + "/catalogue.sqlite").write { db in
            let id = try String.fetchOne(db, sql: "SELECT id FROM vacancies WHERE status = 'open' ORDER BY id")!
            try db.execute(sql: "UPDATE vacancy_rows SET title = ?, employer = ?, description = ? WHERE id = ?",
                           arguments: [hostile, hostile, hostile + "</script><script>alert(2)</script>", id])
            return id
        }
        let server = try ServeProcess(dataDir: data.path)
        defer { server.stop() }
        let employer = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        for path in ["/v/\(id)", "/zoeken?employer=\(employer)"] {
            // The JSON-LD block holds the values as JSON strings (checked below); the rest is HTML.
            let html = try await HTTP.get(server.base + path).text
                .replacing(/<script type="application\/ld\+json">.*?<\/script>/, with: "")
            #expect(html.contains(escaped(hostile)), "\(path)")
            #expect(!html.contains("<script>"), "\(path): no script element but the JSON-LD")
            #expect(!html.contains("alert('x')"), "\(path)")
        }
        let page = try await HTTP.get(server.base + "/v/\(id)").text
        // In the JSON-LD, "<" is \u003c: the description cannot close the element.
        let jsonLD = try #require(page.firstMatch(of: /<script type="application\/ld\+json">(.*?)<\/script>/)).output.1
        #expect(!jsonLD.contains("<"))
        let decoded = try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any]
        #expect(decoded?["title"] as? String == hostile)
    }

    @Test func reviewIsOffWithoutAToken() async throws {
        let server = try ServeProcess(dataDir: try ServedCatalogue.path)
        defer { server.stop() }
        for (method, path) in [("GET", "/review"), ("POST", "/review"), ("POST", "/review/aanmelden")] {
            let answer = try await HTTP.request(server.base + path, method: method,
                                                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                body: method == "POST" ? formBody([("token", "")]) : nil)
            #expect(answer.status == 404, "\(method) \(path)")
            #expect(answer.text.contains("KAARTENBAK_REVIEW_TOKEN"))
        }
    }

    @Test func reviewQueueAndDecisionBehindTheToken() async throws {
        let data = try ServedCatalogue.path
        let folder = try TemporaryDirectory()
        let overrides = folder.path + "/overrides.tsv"
        let token = "test-token-0123456789-abcdef"
        let server = try ServeProcess(dataDir: data, ["--overrides", overrides], environment: ["KAARTENBAK_REVIEW_TOKEN": token])
        defer { server.stop() }

        // What `kaartenbak review list` shows: the same titles, in its order.
        let expected = ReviewQueue.groups(try ServedCatalogue.sql(data) { try VacancyQuery.openCodings($0) })
        #expect(!expected.isEmpty)

        #expect(try await HTTP.get(server.base + "/review").status == 401)
        let wrong = try await HTTP.get(server.base + "/review", headers: ["Authorization": "Bearer test-token-0123456789-abcdeX"])
        #expect(wrong.status == 403)
        #expect(!wrong.text.contains(escaped(expected[0].title) + " <span"))
        let queue = try await HTTP.get(server.base + "/review", headers: ["Authorization": "Bearer \(token)"])
        #expect(queue.status == 200)
        let titles = queue.text.matches(of: /<h2>(.*?) <span class="hint">/).map { String($0.output.1) }
        #expect(titles == expected.prefix(50).map { escaped($0.title) })
        #expect(queue.text.contains("\(expected.reduce(0) { $0 + $1.count }) twijfelachtige van"))

        // Signing in gives the cookie that the page then takes.
        let signIn = try await HTTP.unfollowed(server.base + "/review/aanmelden", method: "POST",
                                               headers: ["Content-Type": "application/x-www-form-urlencoded"], body: formBody([("token", token)]))
        #expect(signIn.status == 303)
        let cookie = try #require(signIn.header("Set-Cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let byCookie = try await HTTP.get(server.base + "/review", headers: ["Cookie": String(cookie.split(separator: ";")[0])])
        #expect(byCookie.status == 200)
        let badSignIn = try await HTTP.unfollowed(server.base + "/review/aanmelden", method: "POST",
                                                  headers: ["Content-Type": "application/x-www-form-urlencoded"], body: formBody([("token", "nope")]))
        #expect(badSignIn.status == 403 && badSignIn.header("Set-Cookie") == nil)

        let fallback = try Taxonomy.builtIn().occupations.first?.id
        let occupation = try #require(expected.first { !$0.candidates.isEmpty }?.candidates.first?.occupation ?? fallback)
        let decision = [("pattern", expected[0].title), ("occupation", occupation), ("evidence", "")]
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        // Refused: no token, a wrong token, another site's form; nothing is written.
        #expect(try await HTTP.request(server.base + "/review", method: "POST", headers: form, body: formBody(decision)).status == 403)
        #expect(try await HTTP.request(server.base + "/review", method: "POST", headers: form,
                                       body: formBody(decision + [("token", "test-token-0123456789-abcdeX")])).status == 403)
        #expect(try await HTTP.request(server.base + "/review", method: "POST", headers: form.merging(["Origin": "https://elsewhere.example"]) { $1 },
                                       body: formBody(decision + [("token", token)])).status == 403)
        #expect(try await HTTP.request(server.base + "/review", method: "POST", headers: form.merging(["Sec-Fetch-Site": "cross-site"]) { $1 },
                                       body: formBody(decision + [("token", token)])).status == 403)
        #expect(!FileManager.default.fileExists(atPath: overrides))
        // An unknown occupation is refused and says why.
        let unknown = try await HTTP.request(server.base + "/review", method: "POST", headers: form,
                                             body: formBody([("pattern", "x"), ("occupation", "no-such-occupation"), ("token", token)]))
        #expect(unknown.status == 400 && unknown.text.contains("unknown occupation id"))
        #expect(!FileManager.default.fileExists(atPath: overrides))

        // Accepted: token in the form field, and in the header from this origin; each appends a line as `review decide` does.
        let accepted = try await HTTP.request(server.base + "/review", method: "POST",
                                              headers: form.merging(["Origin": server.base]) { $1 }, body: formBody(decision + [("token", token)]))
        #expect(accepted.status == 200)
        #expect(accepted.text.contains("Vastgelegd"))
        let byHeader = try await HTTP.request(server.base + "/review", method: "POST", headers: form.merging(["Authorization": "Bearer \(token)"]) { $1 },
                                              body: formBody([("pattern", "magazijn*"), ("occupation", occupation), ("evidence", "heftruck")]))
        #expect(byHeader.status == 200)
        let written = try String(contentsOfFile: overrides, encoding: .utf8)
        #expect(written.hasPrefix("# Operator decisions"))
        #expect(written.contains("\n\(expected[0].title)\t\t\(occupation)\n"))
        #expect(written.hasSuffix("magazijn*\theftruck\t\(occupation)\n"))
        // The file is the one `run` and `classify` read.
        let parsed = try Override.load(path: overrides, taxonomy: try Taxonomy.builtIn())
        #expect(parsed.map(\.occupationId) == [occupation, occupation])
        #expect(!server.log.contains(token), "the token is never logged")
    }

    @Test func aShortTokenIsRefusedAtStart() throws {
        let result = try CLI.run(["serve", "--listen", "127.0.0.1:0", "--data-dir", try ServedCatalogue.path],
                                 environment: ["KAARTENBAK_REVIEW_TOKEN": "short"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("KAARTENBAK_REVIEW_TOKEN must be at least 16 characters"))
        #expect(!result.stderr.contains("short"), "the token itself is not shown")
    }

    @Test func tokenComparison() {
        #expect(ReviewToken.matches("abc", "abc"))
        #expect(!ReviewToken.matches("abd", "abc"))
        #expect(!ReviewToken.matches("ab", "abc"))
        #expect(!ReviewToken.matches("abcd", "abc"))
        #expect(!ReviewToken.matches("", ""))
    }
}
