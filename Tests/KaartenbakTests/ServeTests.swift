import Catalogue
import CatalogueAPI
import Foundation
import GRDB
import Logging
import Testing
import Yams

/// The catalogue a real `kaartenbak run` of the bundled fixtures publishes, built once for the
/// suites that only read it.
enum ServedCatalogue {
    static let built: Result<TemporaryDirectory, any Error> = Result {
        let data = try TemporaryDirectory()
        // A static is never released: the folder goes when the test process ends.
        folder = data.path
        atexit { if let folder = ServedCatalogue.folder { try? FileManager.default.removeItem(atPath: folder) } }
        let result = try CLI.run(["run", "--data-dir", data.path])
        guard result.status == 0 else { throw CLIFailure(message: result.stderr) }
        return data
    }

    struct CLIFailure: Error { var message: String }

    nonisolated(unsafe) static var folder: String?

    static var path: String { get throws { try built.get().path } }

    /// A copy of the published catalogue in a folder of its own, for a test that changes it.
    static func copy() throws -> TemporaryDirectory {
        let data = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: try path + "/catalogue.sqlite", toPath: data.path + "/catalogue.sqlite")
        return data
    }

    static func sql<T>(_ dataDir: String, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: dataDir + "/catalogue.sqlite", configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}

/// The longest run of letters in `text`.
func longestWord(_ text: String) -> String {
    let words: [Substring] = text.split(whereSeparator: { (c: Character) -> Bool in !c.isLetter })
    return words.map { String($0) }.max(by: { $0.count < $1.count }) ?? ""
}

/// Every page of a list, following `next` until the last.
func allPages(_ server: ServeProcess, _ query: String) async throws -> (ids: [String], pages: Int) {
    var ids: [String] = []
    var pages = 0
    var cursor: String?
    repeat {
        let url = server.base + "/vacancies?" + query + (cursor.map { "&cursor=" + $0 } ?? "")
        let page = try await HTTP.get(url)
        #expect(page.status == 200, "\(url): \(page.text)")
        let json = page.json
        ids += (json["vacancies"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        cursor = json["next"] as? String
        pages += 1
        if page.status != 200 || pages > 1000 { break }
    } while cursor != nil
    return (ids, pages)
}

@Suite("serve: lists, filters and pages", .serialized)
struct ServeListTests {
    @Test func pagesCoverEveryVacancyOnceInIdOrder() async throws {
        let data = try ServedCatalogue.path
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        let expected = try ServedCatalogue.sql(data) { try String.fetchAll($0, sql: "SELECT id FROM vacancies ORDER BY id") }
        let open = try ServedCatalogue.sql(data) { try String.fetchAll($0, sql: "SELECT id FROM vacancies WHERE status = 'open' ORDER BY id") }
        #expect(expected.count > 20)
        let all = try await allPages(server, "status=any&limit=7")
        #expect(all.ids == expected)
        #expect(all.pages == (expected.count + 6) / 7)
        #expect(try await allPages(server, "limit=500").ids == open, "status defaults to open")
        // Newest first, every row once, whatever ties the dates have.
        let posted = try await allPages(server, "sort=posted&limit=4&status=any")
        let byPosted = try ServedCatalogue.sql(data) {
            try String.fetchAll($0, sql: "SELECT id FROM vacancies ORDER BY coalesce(date_posted, '') DESC, id")
        }
        #expect(posted.ids == byPosted)
    }

    /// Each filter against the same selection in SQL on the same file, with values the catalogue holds.
    @Test(arguments: [
        ("isco", "SELECT isco FROM vacancies WHERE isco IS NOT NULL GROUP BY isco ORDER BY count(*) DESC LIMIT 1", "isco = ?"),
        ("isco", "SELECT substr(isco, 1, 2) FROM vacancies WHERE isco IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", "substr(isco, 1, 2) = ?"),
        ("region", "SELECT region FROM vacancies WHERE region IS NOT NULL GROUP BY region ORDER BY count(*) DESC LIMIT 1", "region = ?"),
        ("region", "SELECT region_number FROM vacancies WHERE region_number IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", "region_number = ?"),
        ("municipality", "SELECT municipality FROM vacancies WHERE municipality IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", "municipality = ?"),
        ("municipality", "SELECT municipality_code FROM vacancies WHERE municipality_code IS NOT NULL GROUP BY 1 ORDER BY count(*) LIMIT 1", "municipality_code = ?"),
        ("sector", "SELECT sector FROM vacancies WHERE sector IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", "sector = ?"),
        ("signal", "SELECT j.value FROM vacancies v, json_each(v.signals) j GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
         "EXISTS (SELECT 1 FROM json_each(signals) WHERE value = ?)"),
        ("place", "SELECT place FROM vacancies WHERE place IS NOT NULL GROUP BY place ORDER BY count(*) DESC LIMIT 1", "place = ?"),
        ("employer", "SELECT employer FROM vacancies WHERE employer IS NOT NULL GROUP BY employer ORDER BY count(*) DESC LIMIT 1", "employer = ?"),
        ("occupation", "SELECT occupation FROM vacancies WHERE occupation IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", "occupation = ?"),
        ("source", "SELECT source FROM vacancy_sources GROUP BY source ORDER BY count(*) LIMIT 1", "id IN (SELECT vacancy_id FROM vacancy_sources WHERE source = ?)"),
        ("posted_since", "SELECT date_posted FROM vacancies WHERE date_posted IS NOT NULL ORDER BY date_posted LIMIT 1 OFFSET 10", "date_posted >= ?"),
        ("hours_min", "SELECT 36", "coalesce(hours_max, hours_min) >= ?"),
        ("hours_max", "SELECT 24", "coalesce(hours_min, hours_max) <= ?"),
        ("salary_min", "SELECT 3000", "salary_period = 'month' AND coalesce(salary_max, salary_min) >= ?"),
    ])
    func filterMatchesSQL(parameter: String, valueSQL: String, condition: String) async throws {
        let data = try ServedCatalogue.path
        let (value, expected) = try ServedCatalogue.sql(data) { db -> (String, [String]) in
            let stored = try DatabaseValue.fetchOne(db, sql: valueSQL)!
            let value = String.fromDatabaseValue(stored) ?? Int.fromDatabaseValue(stored).map(String.init) ?? ""
            let ids = try String.fetchAll(db, sql: "SELECT id FROM vacancies WHERE status = 'open' AND \(condition) ORDER BY id", arguments: [stored])
            return (value, ids)
        }
        #expect(!expected.isEmpty, "the fixtures hold vacancies with \(parameter)=\(value)")
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let got = try await allPages(server, "\(parameter)=\(encoded)&limit=5")
        #expect(got.ids == expected, "\(parameter)=\(value)")
    }

    @Test func fullTextFindsWordsInTitleDescriptionAndEmployer() async throws {
        let data = try ServedCatalogue.path
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        // A word from one title, one from one employer's name: exactly the open vacancies that have it
        // as a word in their title, description or employer are found (case and accents aside).
        let rows = try ServedCatalogue.sql(data) { db in
            try Row.fetchAll(db, sql: "SELECT id, title, description, employer, date_posted FROM vacancies WHERE status = 'open' ORDER BY id")
        }
        func words(_ text: String?) -> Set<String> {
            Set((text ?? "").split(whereSeparator: { (c: Character) -> Bool in !(c.isLetter || c.isNumber) })
                .map { String($0).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) })
        }
        let titleWord = longestWord(rows[0]["title"] as String)
        let employerWord = longestWord(try #require(rows.compactMap { $0["employer"] as String? }.first))
        var titleWordHits = 0
        for word in [titleWord, employerWord] {
            let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            let expected = rows.filter { row in
                words(row["title"]).contains(folded) || words(row["description"]).contains(folded) || words(row["employer"]).contains(folded)
            }.map { $0["id"] as String }
            let encoded: String = word.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics) ?? word
            let got = try await allPages(server, "q=\(encoded)&limit=3&sort=id")
            #expect(got.ids == expected, "q=\(word)")
            #expect(!expected.isEmpty)
            if word == titleWord { titleWordHits = expected.count }
            // A prefix finds at least as many.
            let prefix = try await allPages(server, "q=\(String(encoded.prefix(4)))*&limit=100")
            #expect(Set(expected).isSubset(of: Set(prefix.ids)))
        }
        let none = try await HTTP.get(server.base + "/vacancies?q=qqqzzzxxyy")
        #expect(none.status == 200)
        #expect((none.json["vacancies"] as? [Any])?.isEmpty == true)
        // Relevance pages cover the hits once.
        let ranked = try await allPages(server, "q=\(titleWord.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics)!)&limit=2")
        #expect(Set(ranked.ids).count == ranked.ids.count)
        #expect(ranked.ids.count == titleWordHits)
        // Relevance: vacancies with the word in their title or employer first, then those with it only in
        // the description; newest posted first within each (undated last), then by id. A word found both
        // ways is taken from the titles, so that both tiers are seen.
        let tiered = rows.flatMap { words($0["title"]) }.sorted().first { word in
            rows.contains { words($0["title"]).contains(word) }
                && rows.contains { !words($0["title"]).contains(word) && !words($0["employer"]).contains(word) && words($0["description"]).contains(word) }
        }
        let word = try #require(tiered, "a title word that some description alone also has")
        let hits = rows.filter { words($0["title"]).contains(word) || words($0["description"]).contains(word) || words($0["employer"]).contains(word) }
        func key(_ row: Row) -> (Int, String, String) {
            let tier = words(row["title"]).contains(word) || words(row["employer"]).contains(word) ? 0 : 1
            let posted: String? = row["date_posted"]
            // Descending dates ascending: each digit's complement; undated after every date.
            let date = posted.map { String($0.filter(\.isNumber).map { Character(String(9 - $0.wholeNumberValue!)) }) } ?? "99999999"
            return (tier, date, row["id"])
        }
        let expectedOrder = hits.sorted { key($0) < key($1) }.map { $0["id"] as String }
        let relevance = try await allPages(server, "q=\(word.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics)!)&limit=2")
        #expect(relevance.ids == expectedOrder, "q=\(word)")
    }

    @Test func csvListsEveryRowWithItsHeader() async throws {
        let data = try ServedCatalogue.path
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        let count = try ServedCatalogue.sql(data) { try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancies")! }
        let csv = try await HTTP.get(server.base + "/vacancies.csv?status=any&limit=500")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        #expect(csv.text.contains("\r\n"), "RFC 4180 line ends")
        let records = parseCSV(csv.text)
        #expect(records.first == VacancyCSV.columns)
        #expect(records.count == count + 1)
        #expect(records.dropFirst().allSatisfy { $0.count == VacancyCSV.columns.count })
        let ids = try ServedCatalogue.sql(data) { try String.fetchAll($0, sql: "SELECT id FROM vacancies ORDER BY id") }
        #expect(records.dropFirst().map { $0[0] } == ids)
        let titles = try ServedCatalogue.sql(data) { try String.fetchAll($0, sql: "SELECT title FROM vacancies ORDER BY id") }
        #expect(records.dropFirst().map { $0[1] } == titles, "quoted fields come back as they were")
        let accepted = try await HTTP.get(server.base + "/vacancies?status=any&limit=500", headers: ["Accept": "text/csv"])
        #expect(accepted.body == csv.body)
        // A short page names the next one in its Link header.
        let page = try await HTTP.get(server.base + "/vacancies.csv?status=any&limit=3")
        #expect(parseCSV(page.text).count == 4)
        #expect(page.header("Link")?.contains("rel=\"next\"") == true)
        let changes = try await HTTP.get(server.base + "/changes.csv?limit=500")
        let changeCount = try ServedCatalogue.sql(data) { try Int.fetchOne($0, sql: "SELECT count(*) FROM changes")! }
        #expect(parseCSV(changes.text).count == min(changeCount, 500) + 1)
    }
}

@Suite("serve: a vacancy, its JobPosting, changes, stats, health", .serialized)
struct ServeDetailTests {
    @Test func detailCarriesSourcesProvenanceAndConflicts() async throws {
        let data = try ServedCatalogue.path
        let (id, sourceCount) = try ServedCatalogue.sql(data) { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT vacancy_id, count(*) AS n FROM vacancy_sources GROUP BY vacancy_id ORDER BY n DESC, vacancy_id LIMIT 1
                """)!
            return (row["vacancy_id"] as String, row["n"] as Int)
        }
        #expect(sourceCount >= 3)
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        let detail = try await HTTP.get(server.base + "/vacancies/\(id)")
        #expect(detail.status == 200)
        let json = detail.json
        #expect(json["id"] as? String == id)
        #expect(json["closed"] as? Bool == false)
        #expect((json["sources"] as? [[String: Any]])?.count == sourceCount)
        let vacancy = json["vacancy"] as? [String: Any] ?? [:]
        #expect(vacancy["provenance"] is [String: Any])
        #expect(vacancy["conflicts"] is [Any])
        let stored = try ServedCatalogue.sql(data) { try String.fetchOne($0, sql: "SELECT title FROM vacancies WHERE id = ?", arguments: [id]) }
        #expect(vacancy["title"] as? String == stored)

        let unknown = try await HTTP.get(server.base + "/vacancies/v-000000000000")
        #expect(unknown.status == 404)
        #expect(unknown.header("Content-Type") == "application/problem+json")
        #expect(unknown.json["status"] as? Int == 404)
    }

    @Test func aMergedIdAnswersWithItsSurvivorAndAClosedOneSaysSo() async throws {
        let data = try ServedCatalogue.copy()
        // Two vacancies of the real catalogue made one, and a third closed, as a later night would.
        let (merged, survivor, closed) = try await DatabaseQueue(path: data.path + "/catalogue.sqlite").write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM vacancy_rows ORDER BY id LIMIT 3")
            try db.execute(sql: "UPDATE vacancy_rows SET status = 'merged', merged_into = ? WHERE id = ?", arguments: [ids[1], ids[0]])
            try db.execute(sql: "UPDATE vacancy_rows SET status = 'closed', closed_at = '2026-12-01', last_seen = '2026-11-30' WHERE id = ?", arguments: [ids[2]])
            return (ids[0], ids[1], ids[2])
        }
        let server = try ServeProcess(dataDir: data.path)
        defer { server.stop() }
        let answer = try await HTTP.get(server.base + "/vacancies/\(merged)")
        #expect(answer.status == 200)
        #expect(answer.json["id"] as? String == survivor)
        #expect(answer.json["requested_id"] as? String == merged)
        #expect(answer.json["merged_ids"] as? [String] == [merged])
        #expect(answer.header("Content-Location") == "/vacancies/\(survivor)")
        let closedAnswer = try await HTTP.get(server.base + "/vacancies/\(closed)")
        #expect(closedAnswer.json["closed"] as? Bool == true)
        #expect((closedAnswer.json["vacancy"] as? [String: Any])?["closed_at"] as? String == "2026-12-01")
        let gone = try await HTTP.get(server.base + "/vacancies/\(closed)/jobposting")
        #expect(gone.status == 410)
        #expect(gone.header("Content-Type") == "application/problem+json")
        // Lists leave merged and closed ones out by default and give them on request.
        let mergedList = try await allPages(server, "status=merged")
        #expect(mergedList.ids == [merged])
    }

    @Test func jobPostingHoldsOnlyWhatTheCatalogueHolds() async throws {
        let copy = try ServedCatalogue.copy()
        let data = copy.path
        // The fixtures' vacancies all state pay and employer: one is made to state neither, nor a place.
        try await DatabaseQueue(path: data + "/catalogue.sqlite").write { db in
            try db.execute(sql: """
                UPDATE vacancy_rows SET salary_min = NULL, salary_max = NULL, salary_period = NULL, employer = NULL, place = NULL,
                postcode = NULL, province = NULL, schedule = NULL WHERE id = (SELECT min(id) FROM vacancy_rows WHERE status = 'open')
                """)
        }
        let rows = try ServedCatalogue.sql(data) { db in
            try Row.fetchAll(db, sql: """
                SELECT id, title, description, date_posted, closing_date, employer, place, postcode, province, salary_min, salary_max,
                       salary_period, schedule FROM vacancies WHERE status = 'open' ORDER BY salary_min IS NULL, id
                """)
        }
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        var withSalary = 0
        var withoutSalary = 0
        for row in rows {
            let answer = try await HTTP.get(server.base + "/vacancies/\(row["id"] as String)/jobposting")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/ld+json")
            let json = answer.json
            #expect(json["@type"] as? String == "JobPosting")
            #expect(json["@context"] as? String == "https://schema.org/")
            #expect(json["title"] as? String == row["title"])
            #expect(json["description"] as? String == row["description"])
            #expect(json["datePosted"] as? String == row["date_posted"])
            #expect(json["validThrough"] as? String == row["closing_date"])
            #expect((json["hiringOrganization"] as? [String: Any])?["name"] as? String == row["employer"])
            let address = ((json["jobLocation"] as? [String: Any])?["address"] as? [String: Any])
            #expect(address?["addressLocality"] as? String == row["place"])
            #expect(address?["postalCode"] as? String == row["postcode"])
            let salary = json["baseSalary"] as? [String: Any]
            if (row["salary_min"] as Double?) != nil || (row["salary_max"] as Double?) != nil {
                withSalary += 1
                let value = salary?["value"] as? [String: Any]
                #expect(value?["minValue"] as? Double == row["salary_min"])
                #expect(value?["maxValue"] as? Double == row["salary_max"])
                #expect(value?["unitText"] as? String == (row["salary_period"] as String?)?.uppercased())
            } else {
                withoutSalary += 1
                #expect(salary == nil, "no salary invented")
            }
            if (row["schedule"] as String?) == nil { #expect((json["employmentType"] as? [String])?.contains(where: { $0.hasSuffix("_TIME") }) != true) }
            if (row["employer"] as String?) == nil { #expect(json["hiringOrganization"] == nil) }
            if (row["place"] as String?) == nil, (row["postcode"] as String?) == nil { #expect(json["jobLocation"] == nil) }
        }
        #expect(withSalary > 0 && withoutSalary > 0, "the fixtures have both")
    }

    @Test func changesStatsAndHealthMatchTheCatalogue() async throws {
        let data = try ServedCatalogue.path
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        let (changeCount, runId, bySource, open) = try ServedCatalogue.sql(data) { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM changes")!,
             try String.fetchOne(db, sql: "SELECT value FROM catalogue_info WHERE key = 'run_id'")!,
             Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT s.source, count(DISTINCT s.vacancy_id) AS n FROM vacancy_sources s JOIN vacancies v ON v.id = s.vacancy_id
                WHERE v.status = 'open' GROUP BY s.source
                """).map { ($0["source"] as String, $0["n"] as Int) }),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies WHERE status = 'open'")!)
        }
        var seen = 0
        var cursor: String?
        repeat {
            let page = try await HTTP.get(server.base + "/changes?limit=10" + (cursor.map { "&cursor=" + $0 } ?? ""))
            #expect(page.status == 200)
            seen += (page.json["changes"] as? [Any])?.count ?? 0
            cursor = page.json["next"] as? String
        } while cursor != nil
        #expect(seen == changeCount)
        let after = try await HTTP.get(server.base + "/changes?since=\(runId)")
        #expect((after.json["changes"] as? [Any])?.isEmpty == true, "nothing after the last run")

        let stats = try await HTTP.get(server.base + "/stats")
        #expect(stats.json["open"] as? Int == open)
        let sources = (stats.json["by_source"] as? [[String: Any]] ?? []).map { ($0["source"] as? String ?? "", $0["count"] as? Int ?? -1) }
        #expect(Dictionary(uniqueKeysWithValues: sources) == bySource)
        let occupations = (stats.json["by_occupation"] as? [[String: Any]] ?? []).compactMap { $0["count"] as? Int }
        #expect(occupations.reduce(0, +) == open)

        let health = try await HTTP.get(server.base + "/healthz")
        #expect(health.status == 200)
        #expect(health.json["run"] as? String == runId)
        #expect(health.json["search"] as? Bool == true)
        #expect((health.json["age_seconds"] as? Int).map { $0 >= 0 } == true)
    }
}

@Suite("serve: errors, caps and security", .serialized)
struct ServeGuardTests {
    @Test(arguments: [
        ("/vacancies?limit=0", 400), ("/vacancies?limit=501", 400), ("/vacancies?isco=abc", 400),
        ("/vacancies?bogus=1", 400), ("/vacancies?cursor=garbage", 400), ("/vacancies?posted_since=yesterday", 400),
        ("/vacancies?status=lost", 400), ("/vacancies?sort=relevance", 400), ("/vacancies?hours_min=many", 400),
        ("/vacancies?q=%22%28%29", 400), ("/vacancies?limit=5&limit=6", 400), ("/changes?since=x%27y", 400),
        ("/stats?x=1", 400), ("/vacancies?sector=mijnbouw", 400), ("/vacancies?signal=flexible_hours,cheap", 400), ("/nowhere", 404), ("/vacancies/v-000000000000/jobposting", 404),
    ])
    func badRequestsAreProblems(path: String, status: Int) async throws {
        let server = try ServeProcess(dataDir: try ServedCatalogue.path)
        defer { server.stop() }
        let answer = try await HTTP.get(server.base + path)
        #expect(answer.status == status, "\(path): \(answer.text)")
        #expect(answer.header("Content-Type") == "application/problem+json")
        let title = answer.json["title"] as? String ?? ""
        #expect(!title.isEmpty && !title.contains("\n"))
        #expect(answer.json["status"] as? Int == status)
    }

    @Test func aCursorFromOtherFiltersIsRefused() async throws {
        let server = try ServeProcess(dataDir: try ServedCatalogue.path)
        defer { server.stop() }
        let first = try await HTTP.get(server.base + "/vacancies?limit=2&status=any")
        let cursor = try #require(first.json["next"] as? String)
        #expect(try await HTTP.get(server.base + "/vacancies?limit=2&status=any&cursor=\(cursor)").status == 200)
        #expect(try await HTTP.get(server.base + "/vacancies?limit=2&status=closed&cursor=\(cursor)").status == 400)
    }

    @Test func capsOnURLBodyAndMethods() async throws {
        let server = try ServeProcess(dataDir: try ServedCatalogue.path)
        defer { server.stop() }
        let long = try await HTTP.get(server.base + "/vacancies?q=" + String(repeating: "a", count: 5000))
        #expect(long.status == 414)
        let body = try await HTTP.request(server.base + "/vacancies", method: "POST", body: Data(repeating: 0x41, count: 64 * 1024))
        #expect(body.status == 413)
        let put = try await HTTP.request(server.base + "/vacancies", method: "PUT", body: Data("x".utf8))
        #expect(put.status == 405)
        #expect(put.header("Allow") == "GET")
        let delete = try await HTTP.request(server.base + "/vacancies/v-000000000000", method: "DELETE")
        #expect(delete.status == 405)
        #expect(delete.header("Content-Type") == "application/problem+json")
    }

    @Test func corsIsOffUnlessAnOriginIsGiven() async throws {
        let data = try ServedCatalogue.path
        let plain = try ServeProcess(dataDir: data)
        defer { plain.stop() }
        let origin = ["Origin": "https://example.org"]
        #expect(try await HTTP.get(plain.base + "/stats", headers: origin).header("Access-Control-Allow-Origin") == nil)
        #expect(try await HTTP.request(plain.base + "/stats", method: "OPTIONS", headers: origin).status == 405)

        let open = try ServeProcess(dataDir: data, ["--cors", "https://example.org"])
        defer { open.stop() }
        #expect(try await HTTP.get(open.base + "/stats", headers: origin).header("Access-Control-Allow-Origin") == "https://example.org")
        #expect(try await HTTP.get(open.base + "/stats", headers: ["Origin": "https://evil.example"]).header("Access-Control-Allow-Origin") == nil)
        let preflight = try await HTTP.request(open.base + "/vacancies", method: "OPTIONS", headers: origin)
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Methods") == "GET")
    }

    @Test func theRequestLogNamesMethodPathStatusAndTimeButNotTheQuery() async throws {
        let server = try ServeProcess(dataDir: try ServedCatalogue.path)
        defer { server.stop() }
        _ = try await HTTP.get(server.base + "/vacancies?q=geheim-token-8841&employer=s3cr3t")
        _ = try await HTTP.get(server.base + "/vacancies/v-000000000000?token=abc999")
        _ = try await HTTP.get(server.base + "/vacancies/v-000000000000")
        var log = ""
        for _ in 0..<50 where !log.contains("status=404") { try await Task.sleep(for: .milliseconds(20)); log = server.log }
        #expect(log.contains("method=GET"))
        #expect(log.contains("path=/vacancies "), "\(log)")
        #expect(log.contains("status=200"))
        #expect(log.contains("status=404"))
        #expect(log.contains("status=400"), "an unknown parameter is refused, and logged by name only")
        #expect(log.contains(" ms="))
        for secret in ["geheim-token-8841", "s3cr3t", "abc999"] { #expect(!log.contains(secret)) }
    }

    @Test func injectionLooksLikeAValueNotSQL() async throws {
        let data = try ServedCatalogue.path
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        for hostile in ["' OR '1'='1", "x' UNION SELECT id FROM vacancy_rows --", "\"; DROP TABLE vacancy_rows; --"] {
            let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for parameter in ["employer", "place", "region", "source", "occupation"] {
                let answer = try await HTTP.get(server.base + "/vacancies?\(parameter)=\(encoded)")
                #expect(answer.status == 200)
                #expect((answer.json["vacancies"] as? [Any])?.isEmpty == true, "\(parameter)=\(hostile)")
            }
            #expect(try await HTTP.get(server.base + "/vacancies?q=\(encoded)").status == 200, "q is quoted for FTS5")
        }
        #expect(try ServedCatalogue.sql(data) { try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancy_rows")! } > 0)
    }

    @Test func readersAreReadOnlyAndTimeBound() async throws {
        let data = try ServedCatalogue.copy()
        let path = data.path + "/catalogue.sqlite"
        let readers = CatalogueReaders(path: path, connections: 1, queryTimeout: .milliseconds(50), logger: Logger(label: "test"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        await #expect(throws: DatabaseError.self) {
            try await readers.read { db in try db.execute(sql: "DELETE FROM vacancy_rows") }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let started = ContinuousClock.now
        await #expect(throws: CatalogueReaders.QueryTimeout.self) {
            try await readers.read { db in
                try Int.fetchOne(db, sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM (SELECT x FROM c LIMIT 1000000000)")
            }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        // The connection is usable again after the interrupt.
        #expect(try await readers.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_rows") ?? 0 } > 0)
    }

    @Test func routesAndTheOpenAPIDocumentAgree() async throws {
        let document = try CatalogueServer.openAPIDocument
        let yaml = try #require(try Yams.load(yaml: String(decoding: document, as: UTF8.self)) as? [String: Any])
        let paths = try #require(yaml["paths"] as? [String: Any])
        #expect(Set(paths.keys) == Set(APIRoutes.all.map(\.path)))
        for route in APIRoutes.all {
            let get = (paths[route.path] as? [String: Any])?["get"] as? [String: Any]
            #expect(get != nil, "\(route.path) has a GET")
            #expect(((paths[route.path] as? [String: Any]) ?? [:]).keys.allSatisfy { $0 == "get" }, "only GET")
            let parameters = (get?["parameters"] as? [[String: Any]]) ?? []
            let query = parameters.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
            #expect(Set(query) == Set(route.query), "\(route.path)")
            let pathParameters = parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
            #expect(pathParameters == (route.path.contains("{id}") ? ["id"] : []), "\(route.path)")
        }
        // The server serves the same document, and answers every documented parameter (not 400 'unknown').
        let server = try ServeProcess(dataDir: try ServedCatalogue.path)
        defer { server.stop() }
        let served = try await HTTP.get(server.base + "/openapi.yaml")
        #expect(served.body == document)
        for route in APIRoutes.all where !route.path.contains("{id}") {
            for name in route.query {
                let answer = try await HTTP.get(server.base + route.path + "?\(name)=")
                #expect(answer.status == 200, "\(route.path)?\(name)= : \(answer.text)")
            }
        }
    }
}
