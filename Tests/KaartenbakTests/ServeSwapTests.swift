@testable import Catalogue
import CatalogueAPI
import Foundation
import GRDB
import Testing

/// The full-text index follows the rows, both ways of publishing.
@Suite("Search index")
struct SearchIndexTests {
    /// What the index holds: every (word, rowid, column) it would match, and the vacancy ids it maps
    /// rowids to; beside them the rows' ids.
    static func index(_ folder: String) throws -> (words: [String], ids: [String], rows: [String]) {
        try CatalogueFile.read(folder + "/catalogue.sqlite") { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.search_words USING fts5vocab(main, vacancy_search, instance)")
            let words = try Row.fetchAll(db, sql: "SELECT term, doc, col FROM temp.search_words ORDER BY term, doc, col").map {
                "\($0["term"] as String) \($0["doc"] as Int64) \($0["col"] as String)"
            }
            let ids = try Row.fetchAll(db, sql: "SELECT rowid, id FROM vacancy_search_ids ORDER BY id").map { row -> String in
                #expect(row["rowid"] as Int64 == SearchIndex.rowid(for: row["id"]))
                return row["id"]
            }
            return (words, ids, try String.fetchAll(db, sql: "SELECT id FROM vacancy_rows ORDER BY id"))
        }
    }

    /// The five nights of `InPlacePublishTests` (updates, a merge that moves a link, closes, a
    /// reopening): after each, the index of the night in place holds exactly the words of the index
    /// built whole from the same rows, and again after the night is published a second time (a rerun
    /// puts the touched rows back first). A contentless index forgets a row only when told the text it
    /// indexed, so a wrong removal would leave words behind here.
    @Test func theIndexHoldsEveryRowAfterEachNightBothWays() throws {
        let newFile = try TemporaryDirectory(), inPlace = try TemporaryDirectory()
        var last: [CatalogueEntry] = []
        for night in InPlacePublishTests.nights {
            try InPlacePublishTests.publish(night, last: last, into: newFile.path, inPlace: false)
            let built = try Self.index(newFile.path)
            #expect(built.ids == built.rows, "\(night.run)")
            #expect(!built.words.isEmpty)
            for _ in 1...2 {
                try InPlacePublishTests.publish(night, last: last, into: inPlace.path, inPlace: true)
                let kept = try Self.index(inPlace.path)
                #expect(kept.words == built.words, "\(night.run)")
                #expect(kept.ids == kept.rows, "\(night.run)")
            }
            last = night.entries
        }
        // The updated title is found by its new word, and not by a word only the old one had.
        let hits = try CatalogueFile.read(inPlace.path + "/catalogue.sqlite") { db in
            try String.fetchAll(db, sql: "SELECT s.sid FROM \(SearchIndex.matchSQL) s",
                               arguments: StatementArguments(SearchIndex.matchArguments("internationaal")))
        }
        #expect(hits == ["v-a"])
        // A new file is built without FTS5's merging, which is set back for the nights in place: left off,
        // every night's segments would pile up unmerged. It gathers words in a larger table than FTS5's 1 MiB
        // (`SearchIndex.build`), kept for the nights in place.
        for folder in [newFile.path, inPlace.path] {
            let (automerge, hashSize) = try CatalogueFile.read(folder + "/catalogue.sqlite") { db in
                (try Int.fetchOne(db, sql: "SELECT v FROM vacancy_search_config WHERE k = 'automerge'"),
                 try Int.fetchOne(db, sql: "SELECT v FROM vacancy_search_config WHERE k = 'hashsize'"))
            }
            #expect(automerge == SearchIndex.defaultAutomerge)
            #expect(hashSize == SearchIndex.hashSize)
        }
    }

    /// A run published in place with the wrong night, then again with the right one (a rerun): the
    /// rows the wrong night wrote leave the index with the text they had, and the index is the one
    /// the right night alone would have.
    /// A catalogue published before an index was added (here: the search's id, status and date index,
    /// dropped) gets it from its next night in place; searches read it instead of the rows.
    @Test func aNightInPlaceBuildsTheIndexesAnOlderCatalogueLacks() throws {
        let folder = try TemporaryDirectory()
        let nights = InPlacePublishTests.nights
        try InPlacePublishTests.publish(nights[0], last: [], into: folder.path, inPlace: false)
        func has(_ name: String) throws -> Bool {
            try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [name]) == 1
            }
        }
        #expect(try has("vacancies_list"))
        // As an earlier version left it: the list index under its earlier name and columns.
        let queue = try DatabaseQueue(path: folder.path + "/catalogue.sqlite")
        try queue.write {
            try $0.execute(sql: "DROP INDEX vacancies_list")
            try $0.execute(sql: "CREATE INDEX vacancies_id_status_posted ON vacancy_rows(id, status, date_posted)")
        }
        try queue.close()
        #expect(try !has("vacancies_list"))
        try InPlacePublishTests.publish(nights[1], last: nights[0].entries, into: folder.path, inPlace: true)
        #expect(try has("vacancies_list"))
        #expect(try !has("vacancies_id_status_posted"))
        let plan = try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT v.status, v.date_posted FROM \(SearchIndex.matchSQL) s JOIN vacancies v ON v.id = s.sid WHERE v.status = 'open'",
                             arguments: StatementArguments(SearchIndex.matchArguments("internationaal"))).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX vacancies_list") }, "\(plan)")
        // A filtered list page tests its filters in the index and reads rows for its own vacancies only.
        var filter = VacancyFilter()
        filter.status = .open
        filter.region = "West-Brabant"
        filter.isco = "83"
        filter.sector = "techniek"
        let page = try VacancyQuery.statement(filter, sort: .id, after: nil, limit: 51)
        let pagePlan = try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + page.sql, arguments: page.arguments).map { $0["detail"] as String }
        }
        #expect(pagePlan.contains { $0.contains("COVERING INDEX vacancies_list") }, "\(pagePlan)")
    }

    @Test func aRerunInPlaceLeavesNoWordOfTheFirstVersion() throws {
        let again = try TemporaryDirectory(), whole = try TemporaryDirectory()
        let first = InPlacePublishTests.nights[0], second = InPlacePublishTests.nights[1]
        var wrong = second
        wrong.entries = [InPlacePublishTests.entry("v-x", title: "Glazenwasser hoogwerker", links: [("uwv", "x1"), ("agency", "b1")])]
        wrong.mergedInto = [:]
        try InPlacePublishTests.publish(first, last: [], into: again.path, inPlace: true)
        let undo = again.path + "/undo.sqlite"
        try InPlacePublishTests.publish(wrong, last: first.entries, into: again.path, inPlace: true, undo: undo)
        #expect(try Self.index(again.path).words.contains { $0.hasPrefix("glazenwasser ") })
        try InPlacePublishTests.publish(second, last: first.entries, into: again.path, inPlace: true, undo: undo)
        try InPlacePublishTests.publish(first, last: [], into: whole.path, inPlace: false)
        try InPlacePublishTests.publish(second, last: first.entries, into: whole.path, inPlace: false)
        let kept = try Self.index(again.path), built = try Self.index(whole.path)
        #expect(kept.words == built.words)
        #expect(kept.ids == kept.rows)
    }

    /// An index that lost rows behind the writer's back (FTS5 then calls itself malformed when told to
    /// remove them) is built again from the rows by the next night, which does not fail for it.
    @Test func aDamagedIndexIsBuiltAgainByTheNextNight() throws {
        let inPlace = try TemporaryDirectory(), whole = try TemporaryDirectory()
        var last: [CatalogueEntry] = []
        for (index, night) in InPlacePublishTests.nights.enumerated() {
            try InPlacePublishTests.publish(night, last: last, into: inPlace.path, inPlace: true)
            try InPlacePublishTests.publish(night, last: last, into: whole.path, inPlace: false)
            last = night.entries
            guard index == 0 else { continue }
            try DatabaseQueue(path: inPlace.path + "/catalogue.sqlite").write { db in
                for row in try Row.fetchAll(db, sql: "SELECT id, title, description, employer FROM vacancy_rows") {
                    try db.execute(sql: """
                        INSERT INTO vacancy_search (vacancy_search, rowid, title, description, employer) VALUES ('delete', ?, ?, ?, ?)
                        """, arguments: [SearchIndex.rowid(for: row["id"]), row["title"], row["description"], row["employer"]])
                }
            }
            #expect(try Self.index(inPlace.path).words.isEmpty)
        }
        #expect(try Self.index(inPlace.path).words == (try Self.index(whole.path).words))
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
        try await DatabaseQueue(path: data.path + "/catalogue.sqlite").write { db in 
            // The index as the first version kept it, with its own copy of the text: not this version's.
            try db.execute(sql: "DROP TABLE vacancy_search; CREATE VIRTUAL TABLE vacancy_search USING fts5(id UNINDEXED, title, description, employer)")
        }
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
        let index = try SearchIndexTests.index(data.path)
        #expect(index.ids == index.rows)
        #expect(!index.words.isEmpty)
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
