import Foundation
import GRDB
import KaartenbakCore
import Logging
import Testing
@testable import Catalogue
import Deduplication

/// A night published in place (only the changed vacancies written, in one transaction) must give
/// the catalogue a new file gives: the same rows in every view and history table, the same digest.
@Suite("Publishing in place")
struct InPlacePublishTests {
    struct Night {
        var run: String
        var entries: [CatalogueEntry]
        var carried: Set<String> = []
        var incomplete: Set<String> = []
        var kept: Set<String> = []
        var mergedInto: [String: String] = [:]
    }

    static func entry(_ id: String, title: String = "Chauffeur CE", links: [(source: String, record: String)]) -> CatalogueEntry {
        var row = VacancyRow(id: id, title: title, normalisedTitle: title.lowercased(),
                             coding: OccupationCoding(isco: "8332", confidence: 0.9), firstSeen: "", lastSeen: "")
        row.place = "Breda"
        return CatalogueEntry(vacancy: row, sources: links.map {
            VacancySourceRow(vacancyId: id, source: $0.source, sourceRecordId: $0.record, publisher: "employer",
                             title: title, url: nil, firstSeen: "", lastSeen: "", lastRun: "")
        })
    }

    /// Five nights that touch every rule: an update, a close, a vacancy kept open by a source read in
    /// part, a merge that moves a link, a reopening, a carried source, a rejected record kept open.
    static let nights: [Night] = {
        let a = entry("v-a", links: [("uwv", "a1")])
        let b = entry("v-b", links: [("agency", "b1")])
        let c = entry("v-c", links: [("uwv", "c1")])
        let d = entry("v-d", links: [("agency", "d1")])
        let e = entry("v-e", links: [("gemeente", "e1")])
        let cd = entry("v-c", links: [("uwv", "c1"), ("agency", "d1")])
        let f = entry("v-f", title: "Kok", links: [("gemeente", "f1")])
        let a2 = entry("v-a", title: "Chauffeur CE internationaal", links: [("uwv", "a1")])
        return [
            Night(run: "run-01", entries: [a, b, c, d, e]),
            Night(run: "run-02", entries: [a2, cd, f], incomplete: ["gemeente"], mergedInto: ["v-d": "v-c"]),
            // The agency failed: its records are those of its last read (night 2), which did not list b1.
            Night(run: "run-03", entries: [cd, e, f], carried: ["agency"]),
            Night(run: "run-04", entries: [b, e, f], kept: ["uwv\u{1F}c1"]),
            // v-b, written first, gives b1 up to v-e: v-e still finds when b1 was first seen.
            Night(run: "run-05", entries: [entry("v-b", title: "Chauffeur C", links: [("agency", "b2")]),
                                           entry("v-e", links: [("gemeente", "e1"), ("agency", "b1")]), f]),
        ]
    }()

    /// Publishes `night` into the catalogue in `folder`, in place when there is one to build on.
    @discardableResult
    static func publish(_ night: Night, last: [CatalogueEntry], into folder: String, inPlace: Bool,
                        undo: String? = nil, readWhole: Bool = false) throws -> PublishSummary {
        let publisher = CataloguePublisher(catalogue: folder + "/catalogue.sqlite", logger: Logger(label: "test"))
        let input = PublishInput(runId: night.run, runDate: "2026-11-\(night.run.suffix(2))", pipeline: "test",
                                 entries: night.entries, carriedSources: night.carried, incompleteSources: night.incomplete,
                                 keptRecords: night.kept, mergedInto: night.mergedInto, export: false)
        let published = try CatalogueInfo.read(from: folder + "/catalogue.sqlite")["run_id"]
        guard inPlace, published != nil else { return try publisher.publish(input) }
        // As the dedupe stage marks them: an entry is unchanged when last night had the very same one.
        let unchanged = night.entries.map { entry in last.contains { $0.vacancy == entry.vacancy && $0.sources == entry.sources } }
        let entries = night.entries
        // The catalogue the night builds on: the published one, or on publishing a run again the one before it.
        let republishing = undo.map(PublishUndo.isPinned) ?? false
        let nightEntries = NightEntries(ids: entries.map(\.vacancy.id), unchanged: unchanged,
                                        unchangedSince: republishing ? lastRun(night.run) : published) { changedOnly, sink in
            try sink(entries.indices.filter { !changedOnly || !unchanged[$0] }.map { entries[$0] })
        }
        // Read whole (as the dedupe stage reads it) or not (looked up row by row): the same result.
        let previous = readWhole ? try PreviousCatalogue.load(from: folder + "/catalogue.sqlite") : nil
        return try publisher.publish(input, baseline: .inPlace(undo: undo ?? folder + "/undo-\(night.run).sqlite"),
                                     previous: previous, night: nightEntries)
    }

    static func lastRun(_ run: String) -> String { "run-0\(Int(run.suffix(2))! - 1)" }

    /// Every row a reader sees, as text, in a fixed order.
    static func dump(_ folder: String) throws -> [String] {
        try CatalogueFile.read(folder + "/catalogue.sqlite") { db in
            var lines: [String] = []
            for (table, order) in [("vacancies", "id"), ("vacancy_sources", "source, source_record_id"), ("changes", "run_id, vacancy_id"),
                                   ("source_runs", "run_id, source"), ("source_reads", "source"), ("catalogue_info", "key")] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
                    lines.append(table + ": " + row.description)
                }
            }
            return lines
        }
    }

    @Test(arguments: [false, true])
    func inPlaceGivesWhatANewFileGives(readWhole: Bool) throws {
        let newFile = try TemporaryDirectory(), inPlace = try TemporaryDirectory()
        var last: [CatalogueEntry] = []
        for night in Self.nights {
            let one = try Self.publish(night, last: last, into: newFile.path, inPlace: false)
            let other = try Self.publish(night, last: last, into: inPlace.path, inPlace: true, readWhole: readWhole)
            // Source records count what was written: in place, those of the changed vacancies only.
            var written = other
            written.sourceRecords = one.sourceRecords
            #expect(one == written, "\(night.run)")
            let expected = try Self.dump(newFile.path)
            #expect(try Self.dump(inPlace.path) == expected, "\(night.run)")
            if night.run == "run-04" {
                // v-c is kept open by its rejected record (and closes the next night).
                #expect(expected.contains { $0.contains("\"v-c\"") && $0.contains("status:\"open\"") && $0.hasPrefix("vacancies:") })
            }
            last = night.entries
        }
        // The rules held: v-a closed, v-d merged into v-c, b1 moved keeping when it was first seen.
        let states = try Self.dump(inPlace.path).filter { $0.hasPrefix("vacancies:") }
        #expect(states.contains { $0.contains("\"v-a\"") && $0.contains("status:\"closed\"") })
        #expect(states.contains { $0.contains("\"v-d\"") && $0.contains("merged_into:\"v-c\"") })
        #expect(try Self.dump(inPlace.path).contains { $0.contains("source_record_id:\"b1\"") && $0.contains("first_seen:\"2026-11-01\"") })
        // The digest kept up to date from the changed rows is the one every row gives.
        let (stored, recomputed) = try CatalogueFile.read(inPlace.path + "/catalogue.sqlite") { db in
            (try String.fetchOne(db, sql: "SELECT value FROM catalogue_info WHERE key = 'content_sha256'"),
             try CataloguePublisher.contentDigest(db))
        }
        #expect(stored == recomputed)
        let integrity = try CatalogueFile.read(inPlace.path + "/catalogue.sqlite") { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    /// In place, a changed vacancy's row is updated where it is (`VacancyRow.updateSQL`), not deleted and inserted
    /// again as `INSERT OR REPLACE` did, which gave it a new rowid and made SQLite journal every page it touched.
    @Test func aChangedVacancyIsUpdatedWhereItIs() throws {
        let folder = try TemporaryDirectory()
        func row() throws -> (rowid: Int64?, title: String?) {
            try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
                let row = try Row.fetchOne(db, sql: "SELECT rowid, title FROM vacancy_rows WHERE id = 'v-a'")
                return (row?[0], row?[1])
            }
        }
        try Self.publish(Self.nights[0], last: [], into: folder.path, inPlace: true)
        let before = try row()
        try Self.publish(Self.nights[1], last: Self.nights[0].entries, into: folder.path, inPlace: true)
        let after = try row()
        #expect(before.title == "Chauffeur CE" && after.title == "Chauffeur CE internationaal")
        #expect(before.rowid != nil && after.rowid == before.rowid)
    }

    /// A carried source was not read: its links keep the night it was last read; a vacancy was last
    /// seen when the last of its links was, and a closed one keeps that night.
    @Test func lastSeenComesFromTheNightEachSourceWasRead() throws {
        let folder = try TemporaryDirectory()
        var last: [CatalogueEntry] = []
        for night in Self.nights.prefix(3) {
            try Self.publish(night, last: last, into: folder.path, inPlace: true)
            last = night.entries
        }
        let (link, run, vacancies) = try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            (try String.fetchOne(db, sql: "SELECT last_seen FROM vacancy_sources WHERE source = 'agency' AND source_record_id = 'd1'"),
             try String.fetchOne(db, sql: "SELECT last_run FROM vacancy_sources WHERE source = 'agency' AND source_record_id = 'd1'"),
             Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, last_seen FROM vacancies").map { ($0[0] as String, $0[1] as String) }))
        }
        #expect(link == "2026-11-02" && run == "run-02")
        #expect(vacancies["v-c"] == "2026-11-03")
        #expect(vacancies["v-b"] == "2026-11-01", "closed on night 2")
        #expect(vacancies["v-a"] == "2026-11-02", "closed on night 3")
    }

    /// Publishing a run again (a rerun) starts from the catalogue before its first publication: the
    /// run's second version replaces its first, as if the first had never been published.
    @Test func publishingARunAgainStartsFromTheCatalogueBeforeIt() throws {
        let again = try TemporaryDirectory(), once = try TemporaryDirectory()
        let first = Self.nights[0], second = Self.nights[1]
        var wrong = second
        wrong.entries = [Self.entry("v-x", links: [("uwv", "x1"), ("agency", "b1")])]
        wrong.mergedInto = [:]
        for folder in [again, once] { try Self.publish(first, last: [], into: folder.path, inPlace: true) }
        let undo = again.path + "/undo.sqlite"
        try Self.publish(wrong, last: first.entries, into: again.path, inPlace: true, undo: undo)
        #expect(PublishUndo.isPinned(undo))
        try Self.publish(second, last: first.entries, into: again.path, inPlace: true, undo: undo)
        try Self.publish(second, last: first.entries, into: once.path, inPlace: true)
        #expect(try Self.dump(again.path) == (try Self.dump(once.path)))
        // And the catalogue before the run, read through the undo file, is the first night's.
        let before = try #require(try PreviousCatalogue.load(from: again.path + "/catalogue.sqlite", undo: undo))
        #expect(before.vacancies.keys.sorted() == ["v-a", "v-b", "v-c", "v-d", "v-e"])
        #expect(before.membership["agency\u{1F}b1"] == "v-b")
    }

    @Test func contentSumsAddAndTakeAway() {
        let one = UInt256(hashing: Array("a".utf8)), two = UInt256(hashing: Array("b".utf8))
        #expect(UInt256().adding(one).adding(two).subtracting(one) == UInt256().adding(two))
        #expect(UInt256(hex: one.hex) == one)
        var max = UInt256()
        max.words = [UInt64.max, UInt64.max, UInt64.max, UInt64.max]
        var oneUnit = UInt256()
        oneUnit.words = [1, 0, 0, 0]
        #expect(max.adding(oneUnit) == UInt256(), "wraps modulo 2^256")
        #expect(UInt256().subtracting(oneUnit) == max)
    }
}

/// The real binary: a second night with edited feeds published in place equals the same night
/// published into a new file (`run --rebuild-catalogue`).
@Suite("Publishing in place, end to end", .serialized)
struct InPlaceEndToEndTests {
    /// Two nights on the bundled feeds, the second with a record renumbered, a title edited and a
    /// record gone; returns every row of the catalogue (run ids replaced by their night) and how
    /// the second night published.
    func twoNights(rebuild: Bool) throws -> (rows: [String], how: String?) {
        let data = try TemporaryDirectory()
        let feeds = data.url.appendingPathComponent("feeds")
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("feeds"), to: feeds)
        let pipeline = try writeBundledPipeline(into: data, feeds: feeds.path)
        let arguments = ["--pipeline", pipeline, "--data-dir", data.path + "/data"]
        #expect(try CLI.run(["run"] + arguments).status == 0)
        let uwv = feeds.appendingPathComponent("uwv-hropen.xml")
        var text = try String(contentsOf: uwv, encoding: .utf8)
        text = text.replacingOccurrences(of: "UWV-2026-104339", with: "UWV-2026-904339")
        let title = try #require(text.range(of: "<PositionTitle>"))
        text.insert(contentsOf: "Senior ", at: title.upperBound)
        try text.write(to: uwv, atomically: true, encoding: .utf8)
        let second = try CLI.run(["run"] + arguments + (rebuild ? ["--rebuild-catalogue"] : []))
        #expect(second.status == 0, "\(second.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/data/runs").sorted()
        let manifest = try String(contentsOfFile: data.path + "/data/runs/\(runs[1])/manifest.json", encoding: .utf8)
        let how = manifest.range(of: #""catalogue" : "[a-z ]+""#, options: .regularExpression).map { String(manifest[$0]) }
        let rows = try InPlacePublishTests.dump(data.path + "/data").map {
            $0.replacingOccurrences(of: runs[0], with: "night-1").replacingOccurrences(of: runs[1], with: "night-2")
        }
        return (rows, how)
    }

    @Test func theSecondNightInPlaceEqualsANewFile() throws {
        let inPlace = try twoNights(rebuild: false), newFile = try twoNights(rebuild: true)
        #expect(inPlace.how == #""catalogue" : "in place""#)
        #expect(newFile.how == #""catalogue" : "new file""#)
        #expect(inPlace.rows.contains { $0.hasPrefix("changes:") && $0.contains("night-2") }, "the night changed something")
        #expect(inPlace.rows == newFile.rows)
    }
}
