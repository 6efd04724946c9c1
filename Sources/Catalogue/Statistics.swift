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
    /// Open vacancies per region and sector, with their signals.
    public var regionSectors: [RegionSectorCount] = []

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
            stats.regionSectors = try RegionSectorCount.read(db)
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

/// Open vacancies per labour-market region and sector lane, with how many of them carry each
/// inclusive-work signal: what a region's employer service point plans with (the run report,
/// `kaartenbak stats`, `GET /stats`).
public struct RegionSectorCount: Sendable, Equatable, Codable {
    public var regionNumber: Int?
    /// The region's name; nil for vacancies that could not be placed in any region.
    public var region: String?
    /// The sector lane's id; nil for vacancies without an occupation.
    public var sector: String?
    public var open: Int
    public var signals: [SignalKind: Int]

    /// Every (region, sector) cell with open vacancies, by region number (unplaced last), then sector in
    /// `Sectors` order (none last). Read from the covering index `vacancies_region_sector` alone.
    public static func read(_ db: Database) throws -> [RegionSectorCount] {
        guard try CatalogueSchema.hasPlacement(db) else { return [] }
        var cells: [String: RegionSectorCount] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT region_number, region, sector, signals, count(*) FROM vacancy_rows WHERE status = 'open'
            GROUP BY region_number, region, sector, signals
            """)
        while let row = try rows.next() {
            let number: Int? = row[0], region: String? = row[1], sector: String? = row[2], signals: String = row[3], count: Int = row[4]
            let key = "\(number ?? 0)\u{1F}\(region ?? "")\u{1F}\(sector ?? "")"
            var cell = cells[key] ?? RegionSectorCount(regionNumber: number, region: region, sector: sector, open: 0, signals: [:])
            cell.open += count
            for kind in SignalKind.allCases where signals.contains("\"\(kind.rawValue)\"") { cell.signals[kind, default: 0] += count }
            cells[key] = cell
        }
        let order = Dictionary(uniqueKeysWithValues: Sectors.bundled.all.enumerated().map { ($0.element.id, $0.offset) })
        return cells.values.sorted {
            ($0.regionNumber ?? Int.max, $0.region ?? "\u{10FFFF}", $0.sector.flatMap { order[$0] } ?? Int.max, $0.sector ?? "")
                < ($1.regionNumber ?? Int.max, $1.region ?? "\u{10FFFF}", $1.sector.flatMap { order[$0] } ?? Int.max, $1.sector ?? "")
        }
    }
}

/// How well the catalogue's vacancies were placed: per basis, and for those with a postcode and those with
/// only a place name, how many got a municipality and a region (`kaartenbak stats`; reads every row).
public struct PlacementCoverage: Sendable, Equatable {
    public struct Share: Sendable, Equatable {
        public var vacancies = 0
        public var municipality = 0
        public var region = 0
    }
    /// Vacancies with a postcode.
    public var withPostcode = Share()
    /// Vacancies with a place name and no postcode.
    public var placeOnly = Share()
    /// Place-only vacancies whose place is in several municipalities, or in none the table knows.
    public var placeOnlyAmbiguous = 0
    public var placeOnlyUnknown = 0
    /// Vacancies per `geo_basis`.
    public var byBasis: [String: Int] = [:]

    /// Over the vacancies of `status` (nil: all).
    public static func read(_ db: Database, status: VacancyStatus? = .open) throws -> PlacementCoverage {
        var coverage = PlacementCoverage()
        guard try CatalogueSchema.hasPlacement(db) else { return coverage }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT postcode IS NOT NULL, place IS NOT NULL, municipality_code IS NOT NULL, region_number IS NOT NULL,
                   coalesce(geo_basis, 'none'), geo_note LIKE '%municipalities%', geo_note LIKE '%is not in the table%', count(*)
            FROM vacancy_rows WHERE (?1 IS NULL OR status = ?1) GROUP BY 1, 2, 3, 4, 5, 6, 7
            """, arguments: [status?.rawValue])
        while let row = try rows.next() {
            let postcode: Bool = row[0], place: Bool = row[1], municipality: Bool = row[2], region: Bool = row[3]
            let basis: String = row[4], several: Bool? = row[5], unknown: Bool? = row[6], count: Int = row[7]
            coverage.byBasis[basis, default: 0] += count
            func add(_ share: inout Share) {
                share.vacancies += count
                if municipality { share.municipality += count }
                if region { share.region += count }
            }
            if postcode {
                add(&coverage.withPostcode)
            } else if place {
                add(&coverage.placeOnly)
                if !municipality, several == true { coverage.placeOnlyAmbiguous += count }
                if !municipality, several != true, unknown == true { coverage.placeOnlyUnknown += count }
            }
        }
        return coverage
    }
}
