import Foundation
import GRDB
import KaartenbakCore

/// Which columns of a vacancy a night changed, for the vacancies it marked "updated": a delta that says "updated"
/// and not what leaves a downstream tool to compare every column itself. Read after the night has published, from
/// the catalogue and the rows as they were before it (the run's baseline: the undo file of a night in place, or
/// the catalogue it built on). Only content columns count (those the content hash covers).
public enum ChangedFields {
    /// The columns that are not content: a change in them alone is no update.
    static let lifecycle: Set<String> = ["status", "first_seen", "last_seen", "closed_at", "merged_into", "content_hash", "fingerprint"]

    /// The content columns, in the view's order.
    static var contentColumns: [String] { VacancyRow.columnList.components(separatedBy: ", ").filter { !lifecycle.contains($0) } }

    /// Vacancy id → the content columns whose values differ between `baseline` (a SQLite file holding the rows as
    /// they were: table `vacancy_rows`, or a catalogue of any schema through its view `vacancies`) and the catalogue,
    /// for every vacancy `runId` marked updated.
    public static func compute(catalogue: String, baseline: String, runId: String) throws -> [String: [String]] {
        let columns = contentColumns
        var result: [String: [String]] = [:]
        try CatalogueFile.recover(catalogue)
        var configuration = Configuration()
        configuration.readonly = true // the baseline is attached read-only as well
        let queue = try DatabaseQueue(path: catalogue, configuration: configuration)
        defer { try? queue.close() }
        // Not in `read`'s transaction: SQLite attaches outside one.
        try queue.inDatabase { db in
            try db.execute(sql: "ATTACH DATABASE ? AS before", arguments: [baseline])
            defer { try? db.execute(sql: "DETACH DATABASE before") }
            let table = try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM before.sqlite_master WHERE type = 'table' AND name = 'vacancy_rows'") == true
                ? "vacancy_rows" : "vacancies"
            let select = "SELECT c.vacancy_id, " + columns.map { "n.\($0), o.\($0)" }.joined(separator: ", ")
            // A night's undo file holds only the rows it touched, with no index on id: SQLite would scan all of
            // them for every updated vacancy (45 s of reads on a 200k changed night). Read them once, in order,
            // and look the other two up; a whole catalogue as baseline has its index and is looked up instead.
            let indexed = try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM pragma_index_list(?, 'before')", arguments: [table]) == true
            let sql = indexed
                ? select + " FROM changes c JOIN vacancy_rows n ON n.id = c.vacancy_id JOIN before.\(table) o ON o.id = c.vacancy_id"
                    + " WHERE c.run_id = ? AND c.change = 'updated'"
                : select + " FROM before.\(table) o CROSS JOIN changes c ON c.run_id = ? AND c.vacancy_id = o.id"
                    + " CROSS JOIN vacancy_rows n ON n.id = o.id WHERE c.change = 'updated'"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [runId])
            let json: Set<String> = ["candidates", "reasons", "provenance", "conflicts"]
            while let row = try rows.next() {
                var changed: [String] = []
                for (index, column) in columns.enumerated() {
                    let new: DatabaseValue = row[1 + 2 * index], old: DatabaseValue = row[2 + 2 * index]
                    guard new != old else { continue }
                    // A JSON column stored before the catalogue spoke snake case differs in its names only.
                    if json.contains(column), let a = String.fromDatabaseValue(new), let b = String.fromDatabaseValue(old),
                       JSONBytes.snakeCasingKeys(in: Array(a.utf8)) == JSONBytes.snakeCasingKeys(in: Array(b.utf8)) { continue }
                    changed.append(column)
                }
                result[row[0]] = changed
            }
        }
        return result
    }
}

/// A change as `kaartenbak changes` lists it: with the vacancy it is about.
public struct ChangeLine: Sendable, Equatable {
    public var runId: String
    public var vacancyId: String
    public var change: String
    public var at: String
    public var title: String?
    public var isco: String?
    public var employer: String?
    public var place: String?
    public var status: String?
}

extension CatalogueReads {
    /// Every change made by the runs after `since` (all when nil), in (run, vacancy) order, with its vacancy.
    public static func changeLines(_ db: Database, since: String?) throws -> [ChangeLine] {
        try Row.fetchAll(db, sql: """
            SELECT c.run_id, c.vacancy_id, c.change, c.at, v.title, v.isco, v.employer, v.place, v.status
            FROM changes c JOIN vacancies v ON v.id = c.vacancy_id
            WHERE c.run_id > ? ORDER BY c.run_id, c.vacancy_id
            """, arguments: [since ?? ""]).map {
            ChangeLine(runId: $0[0], vacancyId: $0[1], change: $0[2], at: $0[3], title: $0[4], isco: $0[5], employer: $0[6],
                       place: $0[7], status: $0[8])
        }
    }
}
