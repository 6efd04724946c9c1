import Catalogue
import CatalogueAPI
import Foundation
import GRDB
import Testing

/// The full-text index follows the rows, both ways of publishing.
@Suite("Search index")
struct SearchIndexTests {
    /// The index's copy of each vacancy's text, and the rows' own, in id order.
    static func indexAndRows(_ folder: String) throws -> (index: [String], rows: [String]) {
        try CatalogueFile.read(folder + "/catalogue.sqlite") { db in
            (try Row.fetchAll(db, sql: "SELECT rowid, id, title, description, employer FROM vacancy_search ORDER BY id").map {
                #expect($0["rowid"] as Int64 == SearchIndex.rowid(for: $0["id"]))
                return "\($0["id"] as String)|\($0["title"] as String? ?? "")|\($0["description"] as String? ?? "")|\($0["employer"] as String? ?? "")"
            },
             try Row.fetchAll(db, sql: "SELECT id, title, description, employer FROM vacancy_rows ORDER BY id").map {
                "\($0["id"] as String)|\($0["title"] as String? ?? "")|\($0["description"] as String? ?? "")|\($0["employer"] as String? ?? "")"
            })
        }
    }

    /// The five nights of `InPlacePublishTests` (updates, a merge that moves a link, closes, a
    /// reopening): after each, both ways, the index holds exactly the rows' text.
    @Test func theIndexHoldsEveryRowAfterEachNightBothWays() throws {
        let newFile = try TemporaryDirectory(), inPlace = try TemporaryDirectory()
        var last: [CatalogueEntry] = []
        for night in InPlacePublishTests.nights {
            try InPlacePublishTests.publish(night, last: last, into: newFile.path, inPlace: false)
            try InPlacePublishTests.publish(night, last: last, into: inPlace.path, inPlace: true)
            for folder in [newFile.path, inPlace.path] {
                let (index, rows) = try Self.indexAndRows(folder)
                #expect(index == rows, "\(night.run)")
            }
            last = night.entries
        }
        // The updated title is found by its new word, and not by a word only the old one had.
        let hits = try CatalogueFile.read(inPlace.path + "/catalogue.sqlite") { db in
            try String.fetchAll(db, sql: "SELECT id FROM vacancy_search WHERE vacancy_search MATCH 'internationaal'")
        }
        #expect(hits == ["v-a"])
    }

    @Test(arguments: [
        ("chauffeur", "\"chauffeur\""), ("  zorg   medewerker ", "\"zorg\" \"medewerker\""), ("verpleeg*", "\"verpleeg\"*"),
        ("a\"b", "\"a\" \"b\""), ("NOT OR AND", "\"NOT\" \"OR\" \"AND\""), ("\"()*", nil), ("", nil),
        ("e-mail*", "\"e\" \"mail\"*"), ("café", "\"café\""),
    ])
    func wordsBecomeQuotedTerms(text: String, expression: String?) {
        #expect(SearchIndex.matchExpression(text) == expression)
    }

    @Test func kaartenbakIdsMapToTheirOwnBits() {
        #expect(SearchIndex.rowid(for: "v-00000000002a") == 42)
        #expect(SearchIndex.rowid(for: "v-ffffffffffff") == 0xFFFF_FFFF_FFFF)
        #expect(SearchIndex.rowid(for: "v-a") >= 1 << 62, "other ids are hashed apart from them")
    }
}

/// A catalogue published before the index, then a night in place: served without search meanwhile,
/// indexed whole by that night.
@Suite("serve: an older catalogue", .serialized)
struct ServeOlderCatalogueTests {
    @Test func servedWithoutSearchUntilTheNextNightIndexesIt() async throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        try await DatabaseQueue(path: data.path + "/catalogue.sqlite").write { db in try db.execute(sql: "DROP TABLE vacancy_search") }
        do {
            let server = try ServeProcess(dataDir: data.path)
            defer { server.stop() }
            let search = try await HTTP.get(server.base + "/vacancies?q=chauffeur")
            #expect(search.status == 503)
            #expect((search.json["title"] as? String)?.hasPrefix("search unavailable") == true)
            #expect(try await HTTP.get(server.base + "/vacancies?limit=3").status == 200)
            #expect(try await HTTP.get(server.base + "/healthz").json["search"] as? Bool == false)
        }
        let export = try CLI.run(["export", "--data-dir", data.path, "--format", "csv", "--q", "chauffeur", "--out", "-"])
        #expect(export.status == 66)
        #expect(export.stderr.contains("search unavailable"))
        let night = try CLI.run(["run", "--data-dir", data.path])
        #expect(night.status == 0, "\(night.stderr)")
        let (index, rows) = try SearchIndexTests.indexAndRows(data.path)
        #expect(index == rows)
    }
}

/// Requests run without a pause while a real `kaartenbak run` publishes a second night: none fails,
/// and the new night is served once it is published.
@Suite("serve: hot swap", .serialized)
struct ServeHotSwapTests {
    final class Tally: @unchecked Sendable {
        // @unchecked: touched under `lock` only.
        let lock = NSLock()
        var requests = 0
        /// When each request started and ended.
        var spans: [(start: ContinuousClock.Instant, end: ContinuousClock.Instant)] = []
        var failures: [String] = []
        var runs: Set<String> = []

        var done: Bool { lock.withLock { requests > 0 } }
        func saw(_ run: String) -> Bool { lock.withLock { runs.contains(run) } }

        func record(_ ok: Bool, _ what: String, run: String?, started: ContinuousClock.Instant = .now) {
            lock.lock()
            defer { lock.unlock() }
            requests += 1
            spans.append((started, .now))
            if !ok { failures.append(what) }
            if let run { runs.insert(run) }
        }
    }

    @Test(arguments: [false, true])
    func requestsNeverFailWhileANightPublishes(rebuild: Bool) async throws {
        let data = try TemporaryDirectory()
        let first = try CLI.run(["run", "--data-dir", data.path])
        #expect(first.status == 0, "\(first.stderr)")
        let path = data.path + "/catalogue.sqlite"
        let (firstRun, someId) = try ServedCatalogue.sql(data.path) { db in
            (try String.fetchOne(db, sql: "SELECT value FROM catalogue_info WHERE key = 'run_id'")!,
             try String.fetchOne(db, sql: "SELECT min(id) FROM vacancies")!)
        }
        let inodeBefore = CatalogueReaders.identity(of: path)?.inode
        let server = try ServeProcess(dataDir: data.path)
        defer { server.stop() }
        let tally = Tally()
        let stop = Tally()
        let paths = ["/vacancies?limit=20", "/vacancies?q=medewerker&limit=10", "/healthz", "/stats", "/vacancies/\(someId)",
                     "/vacancies.csv?limit=50", "/changes?limit=20"]
        let clients = (0..<4).map { client in
            Task {
                var index = client
                while true {
                    if stop.done { break }
                    let path = paths[index % paths.count]
                    index += 1
                    let started = ContinuousClock.now
                    do {
                        let answer = try await HTTP.get(server.base + path)
                        tally.record(answer.status == 200, "\(path): \(answer.status) \(answer.text.prefix(200))",
                                     run: answer.json["run"] as? String, started: started)
                    } catch {
                        tally.record(false, "\(path): \(error)", run: nil, started: started)
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let nightStarted = ContinuousClock.now
        let night = try await Task.detached {
            try CLI.run(["run", "--data-dir", data.path] + (rebuild ? ["--rebuild-catalogue"] : []))
        }.value
        let nightEnded = ContinuousClock.now
        #expect(night.status == 0, "\(night.stderr)")
        let secondRun = try ServedCatalogue.sql(data.path) { try String.fetchOne($0, sql: "SELECT value FROM catalogue_info WHERE key = 'run_id'")! }
        #expect(secondRun != firstRun)
        // Requests go on until one is answered from the new night.
        for _ in 0..<100 {
            if tally.saw(secondRun) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop.record(true, "", run: nil)
        for client in clients { await client.value }
        let (failures, spans, runs) = tally.lock.withLock { (tally.failures, tally.spans, tally.runs) }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        // Requests ran all along: some were in flight while the night ran (its publish included), none failing.
        let during = spans.filter { $0.start < nightEnded && $0.end > nightStarted }.count
        #expect(during > 0, "\(spans.count) requests, \(during) of them while the night ran")
        #expect(runs == [firstRun, secondRun])
        // The way it was published: a new file is a new inode, a night in place keeps the file.
        let inodeAfter = CatalogueReaders.identity(of: path)?.inode
        #expect((inodeAfter != inodeBefore) == rebuild)
        #expect(night.stderr.contains("in_place=\(!rebuild)"), "published \(rebuild ? "as a new file" : "in place")")
    }
}

/// `kaartenbak export` with the API's filters gives what the API gives.
@Suite("export: formats and filters", .serialized)
struct ExportFormatTests {
    @Test func csvAndJobPostingMatchTheAPI() async throws {
        let data = try ServedCatalogue.path
        let isco = try ServedCatalogue.sql(data) {
            try String.fetchOne($0, sql: "SELECT isco FROM vacancies WHERE isco IS NOT NULL GROUP BY isco ORDER BY count(*) DESC LIMIT 1")!
        }
        let out = try TemporaryDirectory()
        let csv = try CLI.run(["export", "--data-dir", data, "--format", "csv", "--isco", isco, "--out", out.path + "/x.csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let server = try ServeProcess(dataDir: data)
        defer { server.stop() }
        let api = try await HTTP.get(server.base + "/vacancies.csv?status=any&limit=500&isco=\(isco)")
        let file = try Data(contentsOf: URL(fileURLWithPath: out.path + "/x.csv"))
        #expect(file == api.body)
        #expect(parseCSV(String(decoding: file, as: UTF8.self)).count > 1)

        let postings = try CLI.run(["export", "--data-dir", data, "--format", "jobposting", "--out", "-"])
        #expect(postings.status == 0)
        let lines = postings.stdout.split(separator: "\n")
        let open = try ServedCatalogue.sql(data) { try String.fetchAll($0, sql: "SELECT id FROM vacancies WHERE status = 'open' ORDER BY id") }
        #expect(lines.count == open.count)
        for (line, id) in zip(lines, open).prefix(10) {
            let served = try await HTTP.get(server.base + "/vacancies/\(id)/jobposting")
            #expect(String(line) == served.text)
        }
    }

    @Test func ndjsonFilteredHasTheSelectedVacanciesWithTheirSources() throws {
        let data = try ServedCatalogue.path
        let (region, expected) = try ServedCatalogue.sql(data) { db -> (String, [String]) in
            let region = try String.fetchOne(db, sql: "SELECT region FROM vacancies WHERE region IS NOT NULL GROUP BY region ORDER BY count(*) DESC LIMIT 1")!
            return (region, try String.fetchAll(db, sql: "SELECT id FROM vacancies WHERE region = ? ORDER BY id", arguments: [region]))
        }
        let result = try CLI.run(["export", "--data-dir", data, "--region", region, "--out", "-"])
        #expect(result.status == 0)
        let objects = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.compactMap { ($0["vacancy"] as? [String: Any])?["id"] as? String } == expected)
        #expect(objects.allSatisfy { !(($0["sources"] as? [Any]) ?? []).isEmpty })
        // The whole export is the one the night writes, line for line.
        let whole = try CLI.run(["export", "--data-dir", data, "--out", "-"])
        let night = try String(contentsOfFile: data + "/catalogue.ndjson", encoding: .utf8)
        #expect(whole.stdout == night)
    }

    @Test(arguments: [(["--isco", "abc"], "isco"), (["--status", "lost"], "--status"), (["--posted-since", "gisteren"], "posted_since"),
                      (["--salary-period", "day", "--salary-min", "1"], "salary_period")])
    func badFiltersExit64NamingTheFilter(arguments: [String], named: String) throws {
        let result = try CLI.run(["export", "--data-dir", try ServedCatalogue.path, "--format", "csv", "--out", "-"] + arguments)
        #expect(result.status == 64, "\(result.stderr)")
        // ArgumentParser's usage error: the first line says what is wrong, the usage follows.
        #expect(result.stderr.split(separator: "\n").first?.contains(named) == true, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
