import Foundation
import GRDB
import KaartenbakCore
import Logging
import Testing
@testable import Catalogue

/// The publisher's lifecycle rules, on real SQLite files.
@Suite("Catalogue publishing")
struct CatalogueTests {
    let folder: TemporaryDirectory
    let publisher: CataloguePublisher

    init() throws {
        folder = try TemporaryDirectory()
        publisher = CataloguePublisher(catalogue: folder.path + "/catalogue.sqlite", logger: Logger(label: "test"))
    }

    func entry(_ id: String, title: String = "Chauffeur CE", source: String = "uwv", record: String? = nil) -> CatalogueEntry {
        var row = VacancyRow(id: id, title: title, normalisedTitle: title.lowercased(),
                             coding: OccupationCoding(isco: "8332", confidence: 0.9), firstSeen: "", lastSeen: "")
        row.place = "Breda"
        let link = VacancySourceRow(vacancyId: id, source: source, sourceRecordId: record ?? id, publisher: "employer",
                                    title: title, url: nil, firstSeen: "", lastSeen: "", lastRun: "")
        return CatalogueEntry(vacancy: row, sources: [link])
    }

    @discardableResult
    func publish(_ run: String, _ entries: [CatalogueEntry], carried: Set<String> = [],
                 mergedInto: [String: String] = [:]) throws -> PublishSummary {
        try publisher.publish(PublishInput(runId: run, runDate: "2026-11-\(run.suffix(2))", pipeline: "test",
                                           entries: entries, carriedSources: carried, mergedInto: mergedInto))
    }

    func states() throws -> [String: String] {
        try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, status FROM vacancies")
                .map { ($0["id"] as String, $0["status"] as String) })
        }
    }

    func changes(_ run: String) throws -> [String: String] {
        try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT vacancy_id, change FROM changes WHERE run_id = ?",
                                                              arguments: [run]).map { ($0["vacancy_id"] as String, $0["change"] as String) })
        }
    }

    @Test func lifecycleAcrossNights() throws {
        let first = try publish("run-01", [entry("v-a"), entry("v-b", source: "agency"), entry("v-c")])
        #expect(first.new == 3 && first.open == 3)

        // Night 2: v-a changed, v-b unlisted by its (healthy) source, v-c unchanged.
        let second = try publish("run-02", [entry("v-a", title: "Chauffeur CE internationaal"), entry("v-c")])
        #expect(second.updated == 1 && second.closed == 1 && second.new == 0)
        #expect(try states() == ["v-a": "open", "v-b": "closed", "v-c": "open"])
        #expect(try changes("run-02") == ["v-a": "updated", "v-b": "closed"])

        // Night 3: v-b is back: reopened under its old id, first seen kept.
        let third = try publish("run-03", [entry("v-a", title: "Chauffeur CE internationaal"), entry("v-b", source: "agency"), entry("v-c")])
        #expect(third.reopened == 1)
        let firstSeen = try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            try String.fetchOne(db, sql: "SELECT first_seen FROM vacancies WHERE id = 'v-b'")
        }
        #expect(firstSeen == "2026-11-01")
    }

    /// v-b closes on 2026-11-02; which of its records may take its id back on a later night.
    @Test(arguments: [("2026-11-10", 30, false, true), ("2026-11-10", 5, false, false),
                      ("2026-11-10", 30, true, false), ("2026-12-02", 30, false, true), ("2026-12-03", 30, false, false)])
    func aClosedVacancyReopensOnlyWithinTheGapAndWhenNotAReposting(runDate: String, days: Int, reposted: Bool,
                                                                    reopens: Bool) throws {
        try publish("run-01", [entry("v-a"), entry("v-b", source: "agency")])
        try publish("run-02", [entry("v-a")])
        let previous = try #require(try PreviousIdentities.load(from: folder.path + "/catalogue.sqlite"))
        let closedKey = "agency\u{1F}v-b"
        let reusable = previous.reusableMembership(runDate: runDate, reopenWithinDays: days,
                                                   reposted: reposted ? [closedKey, "uwv\u{1F}v-a"] : [])
        #expect((reusable[closedKey] == "v-b") == reopens)
        // An open vacancy keeps its id whatever the record says.
        #expect(reusable["uwv\u{1F}v-a"] == "v-a")
    }

    @Test func aCarriedSourcesVacanciesAreNotClosed() throws {
        try publish("run-01", [entry("v-a", source: "agency"), entry("v-b")])
        // The agency failed tonight and nothing of it is in the entries: its vacancies stay open.
        let summary = try publish("run-02", [entry("v-b")], carried: ["agency"])
        #expect(summary.closed == 0)
        #expect(try states()["v-a"] == "open")
    }

    @Test func absorbedVacanciesAreMergedNotClosed() throws {
        try publish("run-01", [entry("v-a"), entry("v-b", source: "agency")])
        var both = entry("v-a")
        both.sources += entry("v-b", source: "agency").sources.map { var link = $0; link.vacancyId = "v-a"; return link }
        let summary = try publish("run-02", [both], mergedInto: ["v-b": "v-a"])
        #expect(summary.merged == 1 && summary.closed == 0)
        #expect(try states() == ["v-a": "open", "v-b": "merged"])
        #expect(try changes("run-02")["v-b"] == "merged")
        let into = try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            try String.fetchOne(db, sql: "SELECT merged_into FROM vacancies WHERE id = 'v-b'")
        }
        #expect(into == "v-a")
    }

    @Test func publishingIsAtomicAndLeavesNoTemporaryFiles() throws {
        try publish("run-01", [entry("v-a")])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["catalogue.ndjson", "catalogue.sqlite"])
        let integrity = try CatalogueFile.read(folder.path + "/catalogue.sqlite") { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }
    /// A new file is filled without its indexes and without per-row foreign-key checks: at the end
    /// it has exactly the schema a migrated file has, and the links are checked once.
    @Test func aNewFileEndsWithTheSchemasIndexesAndCheckedLinks() throws {
        try publish("run-01", [entry("v-a"), entry("v-b", source: "agency")])
        try publish("run-02", [entry("v-a"), entry("v-c")])
        let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        let published = try CatalogueFile.read(folder.path + "/catalogue.sqlite") { db in
            try #require(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            return try Row.fetchAll(db, sql: schema).map { $0.description }
        }
        let migrated = try DatabaseQueue()
        try CatalogueSchema.migrator.migrate(migrated)
        let expected = try migrated.read { db in try Row.fetchAll(db, sql: schema).map { $0.description } }
        #expect(published == expected)
        #expect(published.filter { $0.contains("type:\"index\"") }.count == CatalogueSchema.indexes.count)
    }

    /// Rows are inserted by binding their values through SQLite's C API: every storage class arrives as given, and
    /// a constraint SQLite refuses is an error naming it, not a row silently lost.
    @Test func insertBindsEveryStorageClassAndReportsRefusals() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, x DOUBLE, absent TEXT, bytes BLOB)")
            let insert = try db.makeStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            let values: [DatabaseValue] = ["é €".databaseValue, 42.databaseValue, 2.5.databaseValue, .null, Data([0, 1, 2]).databaseValue]
            try insert.insert(values)
            try insert.insert(["second".databaseValue, 7.databaseValue, 0.5.databaseValue, "text".databaseValue, .null])
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM t WHERE id = ?", arguments: ["é €"]))
            #expect(Array(row.databaseValues) == values)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 2)
            #expect {
                try insert.insert(values)
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT && "\(error)".contains("UNIQUE constraint failed: t.id")
            }
        }
    }

    /// Texts are bound from their own UTF-8 with its length: what is read back is the text, byte for byte and
    /// of the same length, whether it is stored in the string itself (up to 15 bytes), on the heap, bridged from
    /// Foundation or empty (an empty text, not NULL), and with a NUL inside.
    @Test(arguments: ["", "open", "2026-12-08", "Verkoopmedewerker kassa in 's-Hertogenbosch", "é €", "a\u{0}b",
                      NSString(string: "bridged from Foundation, longer than fifteen bytes") as String])
    func insertBindsTextsWhole(_ text: String) throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (value TEXT)")
            try db.makeStatement(sql: "INSERT INTO t VALUES (?)").insert([text.databaseValue])
            let row = try #require(try Row.fetchOne(db, sql: "SELECT typeof(value), length(CAST(value AS BLOB)), CAST(value AS BLOB) FROM t"))
            #expect(row[0] as String == "text")
            #expect(row[1] as Int == text.utf8.count)
            #expect((row[2] as Data?).map { Array($0) } ?? [] == Array(text.utf8))
        }
    }

    /// A failed write is one short line: SQLite's reason and code, not GRDB's description with the statement in it.
    @Test func aFailedWriteSaysWhyInOneShortLine() {
        let statement = "INSERT OR REPLACE INTO vacancy_rows (id, title, normalised_title) VALUES (?, ?, ?)"
        let full = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full", sql: statement)
        let error = KaartenbakError(.io, "cannot write the catalogue: \(SQLiteFailure(full))",
                                    at: Location(file: "/data/catalogue.sqlite"), cause: SQLiteFailure(full))
        #expect(error.description == "/data/catalogue.sqlite: cannot write the catalogue: database or disk is full (SQLite error 13)")
        #expect("\(full)".contains("INSERT"), "GRDB's own description names the statement")
    }
}
