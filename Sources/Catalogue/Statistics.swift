import Foundation
import GRDB
import KaartenbakCore

/// Figures about a published catalogue, for the run report.
public struct CatalogueStatistics: Sendable, Codable {
    public var vacancies = 0
    public var open = 0
    public var sourceRecords = 0
    /// Open vacancies with an ISCO code.
    public var coded = 0
    public var ambiguous = 0
    /// Most frequent normalised titles among open vacancies the classifier abstained on.
    public var ambiguousTitles: [(title: String, count: Int)] = []
    /// Changes per source for one run: source → change → count.
    public var changesBySource: [String: [String: Int]] = [:]

    enum CodingKeys: String, CodingKey { case vacancies, open, sourceRecords, coded, ambiguous }

    /// Share of source records that were duplicates of another.
    public var duplicateRate: Double {
        sourceRecords == 0 ? 0 : Double(sourceRecords - vacancies) / Double(sourceRecords)
    }

    public init() {}

    /// Reads the figures; `runId` selects which run's changes to count.
    public static func read(from path: String, runId: String?) throws -> CatalogueStatistics {
        var stats = CatalogueStatistics()
        guard FileManager.default.fileExists(atPath: path) else { return stats }
        try CatalogueFile.read(path) { db in
            stats.vacancies = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies") ?? 0
            stats.open = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies WHERE status = 'open'") ?? 0
            stats.sourceRecords = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_sources") ?? 0
            stats.coded = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies WHERE status = 'open' AND isco IS NOT NULL") ?? 0
            stats.ambiguous = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies WHERE status = 'open' AND ambiguous") ?? 0
            stats.ambiguousTitles = try Row.fetchAll(db, sql: """
                SELECT normalised_title, count(*) AS n FROM vacancies WHERE status = 'open' AND ambiguous
                GROUP BY normalised_title ORDER BY n DESC, normalised_title LIMIT 15
                """).map { ($0["normalised_title"], $0["n"]) }
            if let runId {
                for row in try Row.fetchAll(db, sql: """
                    SELECT s.source, c.change, count(DISTINCT c.vacancy_id) AS n FROM changes c
                    JOIN vacancy_sources s ON s.vacancy_id = c.vacancy_id WHERE c.run_id = ? GROUP BY 1, 2
                    """, arguments: [runId]) {
                    stats.changesBySource[row["source"], default: [:]][row["change"]] = row["n"]
                }
            }
        }
        return stats
    }
}
