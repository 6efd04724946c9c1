import Foundation
import GRDB
import KaartenbakCore

/// Figures about a published catalogue, for the run report. The run that publishes keeps them in its folder
/// (`RunStore.catalogueFigures`), so a report of an older run shows that night's catalogue, not today's.
public struct CatalogueStatistics: Sendable, Codable, Equatable {
    /// The run whose publication the figures describe.
    public var runId: String?
    public var vacancies = 0
    public var open = 0
    public var sourceRecords = 0
    /// Open vacancies with an ISCO code.
    public var coded = 0
    public var ambiguous = 0
    /// Most frequent normalised titles among open vacancies the classifier abstained on.
    public var ambiguousTitles: [TitleCount] = []
    /// Vacancies changed by the run, per source that carries them: source → change → vacancies. A vacancy
    /// several sources carry counts under each, so a column's sum can exceed the run's total.
    public var changesBySource: [String: [String: Int]] = [:]

    public struct TitleCount: Sendable, Codable, Equatable {
        public var title: String
        public var count: Int
    }

    /// Share of source records that were duplicates of another.
    public var duplicateRate: Double {
        sourceRecords == 0 ? 0 : Double(sourceRecords - vacancies) / Double(sourceRecords)
    }

    public init() {}

    /// Reads the figures; `runId` selects which run's changes to count.
    public static func read(from path: String, runId: String?) throws -> CatalogueStatistics {
        var stats = CatalogueStatistics()
        stats.runId = runId
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
                """).map { TitleCount(title: $0["normalised_title"], count: $0["n"]) }
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
