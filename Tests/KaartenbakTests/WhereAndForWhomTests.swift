import Foundation
import GRDB
import KaartenbakCore
import Testing

/// Geography, sector and signals in the published catalogue, and where they go from there: `stats`, the
/// export, the run report, a catalogue of the schema before them.
@Suite("Where and for whom in the catalogue")
struct WhereAndForWhomTests {
    /// The bundled fixtures' catalogue: every vacancy with a postcode is placed by it, and its region is its
    /// municipality's in the geography table.
    @Test func fixturesArePlacedByTheirPostcodes() throws {
        let rows = try ServedCatalogue.sql(try ServedCatalogue.path) { db in
            try Row.fetchAll(db, sql: "SELECT postcode, municipality_code, region_number, region, province, geo_basis, sector FROM vacancies")
        }
        #expect(!rows.isEmpty)
        for row in rows where (row["postcode"] as String?) != nil {
            let code: String? = row["municipality_code"]
            let municipality = try #require(code.flatMap { Geography.bundled.municipalities[$0] }, "\(row)")
            #expect(row["geo_basis"] as String? == "postcode")
            #expect(row["region_number"] as Int? == municipality.regionNumber && row["region"] as String? == municipality.regionName)
            #expect(row["province"] as String? == municipality.province)
        }
        // Every coded vacancy has a lane (ISCO-08 is covered whole).
        let uncoded = try ServedCatalogue.sql(try ServedCatalogue.path) {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancies WHERE isco IS NOT NULL AND sector IS NULL")
        }
        #expect(uncoded == 0)
        let sectors = try ServedCatalogue.sql(try ServedCatalogue.path) { try String.fetchAll($0, sql: "SELECT id FROM sectors ORDER BY position") }
        #expect(sectors == Sectors.bundled.all.map(\.id))
    }

    /// `kaartenbak stats` says what SQL on the same catalogue says.
    @Test func statsAgreeWithTheCatalogue() throws {
        let data = try ServedCatalogue.path
        let (withPostcode, placed, cells) = try ServedCatalogue.sql(data) { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM open_vacancies WHERE postcode IS NOT NULL")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM open_vacancies WHERE postcode IS NOT NULL AND municipality_code IS NOT NULL")!,
             try Row.fetchAll(db, sql: """
                SELECT region_number, sector, count(*) AS n, sum(signals LIKE '%"flexible_hours"%') AS flexible FROM open_vacancies
                GROUP BY 1, 2
                """))
        }
        let table = try CLI.run(["stats", "--data-dir", data])
        #expect(table.status == 0, "\(table.stderr)")
        let line = try #require(table.stdout.split(separator: "\n").first { $0.contains("with a postcode") })
        #expect(line.contains(" \(withPostcode) ") && line.contains("municipality \(placed) "), "\(line)")

        let tsv = try CLI.run(["stats", "--data-dir", data, "--format", "tsv"])
        let lines = tsv.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        #expect(header.prefix(4) == ["region_number", "region", "sector", "open"] && header.count == 4 + SignalKind.allCases.count)
        #expect(lines.count - 1 == cells.count)
        let flexibleColumn = try #require(header.firstIndex(of: "flexible_hours"))
        for cell in cells {
            let number: Int? = cell["region_number"], sector: String? = cell["sector"]
            let row = try #require(lines.dropFirst().first { $0[0] == number.map(String.init) ?? "" && $0[2] == sector ?? "" })
            #expect(Int(row[3]) == cell["n"] && Int(row[flexibleColumn]) == cell["flexible"])
        }
    }

    /// The report has the region x sector table, the signals per region and, from the second run on, the trend.
    @Test func reportShowsRegionsSectorsSignalsAndTheirTrend() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let second = try CLI.run(["run", "--data-dir", data.path])
        #expect(second.status == 0)
        let html = try String(contentsOfFile: try #require(second.stdout.split(separator: "\n").last { $0.hasPrefix("report: ") })
            .dropFirst("report: ".count).description, encoding: .utf8)
        #expect(html.contains("<h2>Where and for whom</h2>"))
        #expect(html.contains("<td>28 West-Brabant</td>"))
        #expect(html.contains(SignalKind.flexibleHours.label) && html.contains("Techniek &amp; logistiek"))
        #expect(html.contains("Open vacancies per sector over the last 2 runs") && html.contains("<polyline"))
        // `status` keeps its one line per step: the per-sector counts stay in the manifest.
        let status = try CLI.run(["status", "last", "--data-dir", data.path])
        #expect(!status.stdout.contains("open_sector."))
    }

    /// Export filters by sector, municipality, region number and signal, as SQL selects.
    @Test(arguments: [
        (["--sector", "techniek_logistiek"], "sector = 'techniek_logistiek'"),
        (["--municipality", "breda"], "municipality = 'Breda'"),
        (["--municipality", "0758"], "municipality_code = '0758'"),
        (["--region", "AM28"], "region_number = 28"),
        (["--signal", "flexible_hours"], "signals LIKE '%\"flexible_hours\"%'"),
    ] as [([String], String)])
    func exportFilters(_ options: [String], _ condition: String) throws {
        let data = try ServedCatalogue.path
        let expected = try ServedCatalogue.sql(data) { try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancies WHERE \(condition)")! }
        #expect(expected > 0)
        let result = try CLI.run(["export", "--data-dir", data, "--format", "csv", "--out", "-"] + options)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\r\n").count - 1 == expected)
        #expect(try CLI.run(["export", "--data-dir", data, "--out", "-", "--sector", "mijnbouw"]).status == 64)
    }

    /// A catalogue of schema 2 (before these columns) is built on: the next night writes a new file of
    /// schema 3, last night's absent vacancies kept with their new columns empty.
    @Test func aCatalogueOfTheSchemaBeforeIsBuiltOn() throws {
        let folder = try TemporaryDirectory()
        let feeds = folder.url.appendingPathComponent("feeds")
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("feeds"), to: feeds)
        let pipeline = try writeBundledPipeline(into: folder, feeds: feeds.path)
        let data = folder.path + "/data"
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data]).status == 0)
        try Self.downgradeToSchema2(data + "/catalogue.sqlite")

        // One record of the municipality's feed is gone tonight: its vacancy is copied from last night's file.
        let csv = feeds.appendingPathComponent("gemeente-breda.csv")
        var lines = try String(contentsOf: csv, encoding: .isoLatin1).components(separatedBy: "\r\n") // Windows-1252, CRLF
        try #require(lines.count > 2 && lines[1].hasPrefix("GB-2026-031;"), "a vacancy this source alone carries")
        lines.remove(at: 1)
        try lines.joined(separator: "\r\n").write(to: csv, atomically: true, encoding: .isoLatin1)
        let night = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data])
        #expect(night.status == 0, "\(night.stderr)")
        let (version, closed, placed) = try ServedCatalogue.sql(data) { db in
            (try String.fetchOne(db, sql: "SELECT value FROM catalogue_info WHERE key = 'schema_version'"),
             try Row.fetchAll(db, sql: "SELECT municipality_code, signals, signal_evidence FROM vacancies WHERE status = 'closed'"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies WHERE status = 'open' AND municipality_code IS NOT NULL"))
        }
        #expect(version == "3")
        #expect(closed.count >= 1)
        for row in closed {
            #expect(row["municipality_code"] as String? == nil && row["signals"] as String == "[]" && row["signal_evidence"] as String == "[]")
        }
        #expect((placed ?? 0) > 0)
    }

    /// Takes the catalogue back to schema 2's shape: the new columns and the sectors table gone, the views as they were.
    static func downgradeToSchema2(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        let added = ["municipality_code", "municipality", "region_number", "geo_basis", "geo_note", "sector", "signals", "signal_evidence"]
        try queue.write { db in
            try db.execute(sql: "DROP VIEW open_vacancies; DROP VIEW vacancies; DROP INDEX vacancies_region_sector; DROP INDEX vacancies_list; DROP TABLE sectors")
            for column in added { try db.execute(sql: "ALTER TABLE vacancy_rows DROP COLUMN \(column)") }
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(vacancy_rows)").map { $0["name"] as String }
            try db.execute(sql: "CREATE VIEW vacancies AS SELECT \(columns.joined(separator: ", ")) FROM vacancy_rows")
            try db.execute(sql: "CREATE VIEW open_vacancies AS SELECT * FROM vacancies WHERE status = 'open'")
            try db.execute(sql: "UPDATE catalogue_info SET value = '2' WHERE key = 'schema_version'")
        }
        try queue.close()
    }
}
