import GRDB
import KaartenbakCore

/// The published catalogue's schema. Downstream tools read the views `vacancies`,
/// `vacancy_sources` and `open_vacancies` and the history tables; changing a column means a new
/// schema version and a note in docs/catalogue.md.
///
/// Version 2 keeps what a night rewrites apart from what it only confirms. A vacancy's and a source
/// link's `last_seen` changed every night for every open vacancy, so every night rewrote the whole
/// catalogue (2 GB at a million records). Now the base tables store `last_seen` only once it is
/// fixed (a closed vacancy, a link its source no longer lists) and `source_reads` says when each
/// source was last read: the views derive the rest, with the same columns as version 1. A night
/// then changes only the rows of the vacancies that changed (`CataloguePublisher`).
///
/// Version 3 adds where and for whom: municipality, region number, what the geography rests on, the
/// sector lane and the inclusive-work signals (docs/catalogue.md), and the `sectors` table of labels; and
/// `isco_label` in `vacancies`: the Dutch name of the ISCO-08 unit group, from the `isco_groups` table every
/// new file carries (ESCO's labels, `IscoGroups`), so the views derive it and no row stores it.
///
/// A catalogue is always created at this version: the publisher never migrates a published file,
/// it builds a new one from it (a version 1 or 2 catalogue is read through the same view names, the
/// columns it lacks read as empty: `NightWriter.absent`).
public enum CatalogueSchema {
    public static let version = 3

    /// The indexes beside each table's key. A new file is filled without them and they are built
    /// once at the end (`dropIndexes`, `createIndexes`): sorting once is cheaper than keeping three
    /// B-trees in order row by row.
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("vacancies_isco", "vacancy_rows", ["isco"]),
        // Covering: a night in place finds last night's open vacancies, and the run report counts
        // them by coding, from the index alone. A row with a description fills a page of its own,
        // so reading rows for these facts read the whole catalogue (0.7 s of an unchanged night of
        // 200,000 records).
        ("vacancies_status", "vacancy_rows", ["status", "ambiguous", "isco", "normalised_title", "id"]),
        ("vacancy_sources_vacancy", "vacancy_links", ["vacancy_id"]),
        // The run report and `stats` count open vacancies per region and sector from the index alone.
        ("vacancies_region_sector", "vacancy_rows", ["status", "region_number", "region", "sector", "signals"]),
        // Lists read from this index alone, not from the rows, since a row's columns lie behind its
        // description (a row fills a page of its own):
        // - a search joins every match to it for the status and the date it ranks by (57,614 matches
        //   of 502,421 vacancies: 1.9 s reading rows, 0.1 s from the index);
        // - a filtered page walks it in id order and tests status, region, occupation, sector and
        //   municipality here, reading rows only for the page's own vacancies: a region and ISCO
        //   major group that one vacancy in thirty meets read some 1,600 rows for a page of 50
        //   (2.8 ms in sqlite3 at 100k vacancies; 0.4 ms from the index).
        ("vacancies_list", "vacancy_rows",
         ["id", "status", "date_posted", "region_number", "region", "isco", "occupation", "sector", "municipality_code"]),
    ]

    /// Indexes earlier versions made that a later one replaced: dropped by the first night in place.
    static let retiredIndexes = ["vacancies_id_status_posted"]

    static func createIndexes(_ db: Database) throws {
        for index in indexes { try db.create(index: index.name, on: index.table, columns: index.columns) }
    }

    /// The indexes a catalogue published by an earlier version lacks, built once by the first night in place.
    static func createMissingIndexes(_ db: Database) throws {
        for index in indexes { try db.create(index: index.name, on: index.table, columns: index.columns, options: .ifNotExists) }
        for name in retiredIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(name)") }
    }

    static func dropIndexes(_ db: Database) throws {
        for index in indexes { try db.drop(index: index.name) }
    }

    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v3") { db in
            try db.create(table: "vacancy_rows") { t in
                t.column("id", .text).primaryKey()
                t.column("title", .text).notNull()
                t.column("normalised_title", .text).notNull()
                t.column("isco", .text)
                t.column("occupation", .text)
                t.column("occupation_label", .text)
                t.column("confidence", .double).notNull()
                t.column("ambiguous", .boolean).notNull()
                t.column("candidates", .jsonText).notNull()
                t.column("reasons", .jsonText).notNull()
                t.column("employer", .text)
                t.column("place", .text)
                t.column("postcode", .text)
                t.column("province", .text)
                t.column("region", .text)
                t.column("date_posted", .text)
                t.column("closing_date", .text)
                t.column("hours_min", .double)
                t.column("hours_max", .double)
                t.column("salary_min", .double)
                t.column("salary_max", .double)
                t.column("salary_period", .text)
                t.column("contract", .text)
                t.column("schedule", .text)
                t.column("education", .text)
                t.column("url", .text)
                t.column("status", .text).notNull()
                t.column("first_seen", .text).notNull()
                t.column("last_seen", .text) // null while open: derived from its links
                t.column("closed_at", .text)
                t.column("merged_into", .text)
                t.column("source_count", .integer).notNull()
                t.column("provenance", .jsonText).notNull()
                t.column("conflicts", .jsonText).notNull()
                t.column("content_hash", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("municipality_code", .text)
                t.column("municipality", .text)
                t.column("region_number", .integer)
                t.column("geo_basis", .text)
                t.column("geo_note", .text)
                t.column("sector", .text)
                t.column("signals", .jsonText).notNull()
                t.column("signal_evidence", .jsonText).notNull()
                // Last (the view puts it back in place): the columns before it stay on the row's own
                // page, so scans of the catalogue's facts do not walk descriptions' overflow pages.
                t.column("description", .text)
            }
            try db.create(table: "vacancy_links") { t in
                t.column("vacancy_id", .text).notNull().references("vacancy_rows", onDelete: .cascade)
                t.column("source", .text).notNull()
                t.column("source_record_id", .text).notNull()
                t.column("publisher", .text).notNull()
                t.column("title", .text).notNull()
                t.column("url", .text)
                t.column("first_seen", .text).notNull()
                // Both null while the source's last read listed the record (see `source_reads`).
                t.column("last_seen", .text)
                t.column("last_run", .text)
                t.primaryKey(["source", "source_record_id"])
            }
            try createIndexes(db)
            // The full-text index (SearchIndex): part of every new file. A catalogue of schema 2
            // published before it gets it from its next night in place.
            try db.execute(sql: SearchIndex.createSQL)
            try db.create(table: "source_reads") { t in
                t.column("source", .text).primaryKey()
                t.column("run_id", .text).notNull()
                t.column("run_date", .text).notNull()
            }
            try db.create(table: "changes") { t in
                t.column("run_id", .text).notNull()
                t.column("vacancy_id", .text).notNull()
                t.column("change", .text).notNull()   // new, updated, closed, reopened
                t.column("at", .text).notNull()
                t.primaryKey(["run_id", "vacancy_id"])
            }
            try db.create(table: "identity_events") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("run_id", .text).notNull()
                t.column("kind", .text).notNull()     // merge or split
                t.column("vacancy_id", .text).notNull()
                t.column("detail", .text).notNull()
            }
            try db.create(table: "source_runs") { t in
                t.column("run_id", .text).notNull()
                t.column("source", .text).notNull()
                t.column("status", .text).notNull()   // ok, unchanged, carried, failed
                t.column("records", .integer).notNull()
                t.column("rejects", .integer).notNull()
                t.column("carried_from", .text)
                t.column("error", .text)
                t.primaryKey(["run_id", "source"])
            }
            // The sector lanes' Dutch labels (`Sectors`), for readers that group by `vacancies.sector`.
            try db.create(table: "sectors") { t in
                t.column("id", .text).primaryKey()
                t.column("label", .text).notNull()
                t.column("position", .integer).notNull()
            }
            try db.create(table: "catalogue_info") { t in
                t.column("key", .text).primaryKey()
                t.column("value", .text).notNull()
            }
            // ISCO-08 groups with their Dutch names (ESCO, CC BY 4.0): `vacancies.isco_label` reads them.
            try db.create(table: "isco_groups") { t in
                t.column("code", .text).primaryKey()
                t.column("label", .text).notNull()
            }
            let insertGroup = try db.makeStatement(sql: "INSERT INTO isco_groups (code, label) VALUES (?, ?)")
            for (code, label) in IscoGroups.bundled.labels.sorted(by: { $0.key < $1.key }) {
                try insertGroup.execute(arguments: [code, label])
            }
            try db.execute(sql: """
                CREATE VIEW vacancy_sources AS
                SELECT l.vacancy_id, l.source, l.source_record_id, l.publisher, l.title, l.url, l.first_seen,
                       coalesce(l.last_seen, r.run_date) AS last_seen, coalesce(l.last_run, r.run_id) AS last_run
                FROM vacancy_links l LEFT JOIN source_reads r ON r.source = l.source;
                CREATE VIEW vacancies AS
                SELECT \(vacancyColumns.map { $0 == "last_seen" ? derivedLastSeen : "v." + $0 }.joined(separator: ", ")),
                       (SELECT g.label FROM isco_groups g WHERE g.code = v.isco) AS isco_label
                FROM vacancy_rows v;
                CREATE VIEW open_vacancies AS SELECT * FROM vacancies WHERE status = 'open';
                """)
        }
        return migrator
    }

    /// Writes the sector labels (every night: a new build may rename a lane).
    static func writeSectors(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM sectors")
        for (position, sector) in Sectors.bundled.all.enumerated() {
            try db.execute(sql: "INSERT INTO sectors (id, label, position) VALUES (?, ?, ?)", arguments: [sector.id, sector.label, position])
        }
    }

    /// Whether the catalogue has schema 3's geography, sector and signal columns (a catalogue published
    /// before has none until its next night).
    public static func hasPlacement(_ db: Database) throws -> Bool {
        try db.columns(in: "vacancy_rows").contains { $0.name == "sector" }
    }

    /// What a column of `vacancies` reads as from a catalogue of an earlier schema that lacks it.
    static func missingColumnValue(_ column: String) -> String {
        column == "signals" || column == "signal_evidence" ? "'[]'" : "NULL"
    }

    /// The columns of `vacancies`, in order (`VacancyRow.CodingKeys`).
    static let vacancyColumns = VacancyRow.CodingKeys.allCases.map { snakeCase($0.stringValue) }

    /// An open vacancy was last seen when the last of its links was.
    static let derivedLastSeen = """
        coalesce(v.last_seen, (SELECT max(coalesce(l.last_seen, r.run_date)) FROM vacancy_links l
                               LEFT JOIN source_reads r ON r.source = l.source WHERE l.vacancy_id = v.id)) AS last_seen
        """
}
