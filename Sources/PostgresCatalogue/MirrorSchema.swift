/// The catalogue's tables as PostgreSQL holds them: the same names and columns, in the same order,
/// as the SQLite catalogue's views and tables (docs/catalogue.md), with PostgreSQL's types. The
/// views `vacancies` and `vacancy_sources` arrive as tables: their derived `last_seen` is fixed for
/// the night, so a dashboard reads plain, indexed rows.
public enum MirrorSchema {
    /// A PostgreSQL column type, and how SQLite's value reads into it.
    public enum ColumnType: String, Sendable {
        case text
        case double = "double precision"
        case boolean
        case integer = "bigint"
        /// ISO 8601 `YYYY-MM-DD` in SQLite.
        case date
        /// Compact JSON text in SQLite.
        case jsonb
    }

    public struct Table: Sendable {
        public let name: String
        public let columns: [(name: String, type: ColumnType, notNull: Bool)]
        /// Ordered by it in SQLite too, so the copy reads in batches after the last key read.
        public let key: [String]
        /// What a regional dashboard filters and joins on.
        public let indexes: [[String]]

        public var columnNames: [String] { columns.map(\.name) }
    }

    private static func columns(_ list: [(String, ColumnType)], notNull: Set<String>) -> [(name: String, type: ColumnType, notNull: Bool)] {
        list.map { ($0.0, $0.1, notNull.contains($0.0)) }
    }

    public static let vacancies = Table(
        name: "vacancies",
        columns: columns([
            ("id", .text), ("title", .text), ("normalised_title", .text), ("isco", .text), ("occupation", .text),
            ("occupation_label", .text), ("confidence", .double), ("ambiguous", .boolean), ("candidates", .jsonb),
            ("reasons", .jsonb), ("employer", .text), ("place", .text), ("postcode", .text), ("province", .text),
            ("region", .text), ("date_posted", .date), ("closing_date", .date), ("hours_min", .double),
            ("hours_max", .double), ("salary_min", .double), ("salary_max", .double), ("salary_period", .text),
            ("contract", .text), ("schedule", .text), ("education", .text), ("url", .text), ("description", .text),
            ("status", .text), ("first_seen", .date), ("last_seen", .date), ("closed_at", .date),
            ("merged_into", .text), ("source_count", .integer), ("provenance", .jsonb), ("conflicts", .jsonb),
            ("content_hash", .text), ("fingerprint", .text), ("municipality_code", .text), ("municipality", .text),
            ("region_number", .integer), ("geo_basis", .text), ("geo_note", .text), ("sector", .text),
            ("signals", .jsonb), ("signal_evidence", .jsonb), ("isco_label", .text),
        ], notNull: ["id", "title", "normalised_title", "confidence", "ambiguous", "candidates", "reasons", "status",
                     "first_seen", "source_count", "provenance", "conflicts", "content_hash", "fingerprint", "signals",
                     "signal_evidence"]),
        key: ["id"],
        indexes: [["region", "status"], ["status", "isco"], ["occupation"], ["place"], ["employer"], ["date_posted"], ["first_seen"],
                  ["region_number", "sector", "status"], ["municipality_code"]])

    public static let vacancySources = Table(
        name: "vacancy_sources",
        columns: columns([
            ("vacancy_id", .text), ("source", .text), ("source_record_id", .text), ("publisher", .text), ("title", .text),
            ("url", .text), ("first_seen", .date), ("last_seen", .date), ("last_run", .text),
        ], notNull: ["vacancy_id", "source", "source_record_id", "publisher", "title", "first_seen"]),
        key: ["source", "source_record_id"],
        indexes: [["vacancy_id"]])

    public static let changes = Table(
        name: "changes",
        columns: columns([("run_id", .text), ("vacancy_id", .text), ("change", .text), ("at", .date)],
                         notNull: ["run_id", "vacancy_id", "change", "at"]),
        key: ["run_id", "vacancy_id"],
        indexes: [["vacancy_id"]])

    public static let identityEvents = Table(
        name: "identity_events",
        columns: columns([("seq", .integer), ("run_id", .text), ("kind", .text), ("vacancy_id", .text), ("detail", .text)],
                         notNull: ["seq", "run_id", "kind", "vacancy_id", "detail"]),
        key: ["seq"],
        indexes: [["vacancy_id"]])

    public static let sourceRuns = Table(
        name: "source_runs",
        columns: columns([
            ("run_id", .text), ("source", .text), ("status", .text), ("records", .integer), ("rejects", .integer),
            ("carried_from", .text), ("error", .text),
        ], notNull: ["run_id", "source", "status", "records", "rejects"]),
        key: ["run_id", "source"],
        indexes: [])

    public static let catalogueInfo = Table(
        name: "catalogue_info",
        columns: columns([("key", .text), ("value", .text)], notNull: ["key", "value"]),
        key: ["key"],
        indexes: [])

    public static let sectors = Table(
        name: "sectors",
        columns: columns([("id", .text), ("label", .text), ("position", .integer)], notNull: ["id", "label", "position"]),
        key: ["id"],
        indexes: [])

    public static let tables = [vacancies, vacancySources, changes, identityEvents, sourceRuns, catalogueInfo, sectors]

    /// Built after the tables, as in SQLite: a view of the open vacancies.
    static let views = ["CREATE VIEW open_vacancies AS SELECT * FROM vacancies WHERE status = 'open'"]

    static func quoted(_ identifier: String) -> String { "\"" + identifier + "\"" }

    static func createTable(_ table: Table) -> String {
        let columns = table.columns.map { "\(quoted($0.name)) \($0.type.rawValue)\($0.notNull ? " NOT NULL" : "")" }
        return "CREATE TABLE \(quoted(table.name)) (\(columns.joined(separator: ", ")))"
    }

    /// Keys and indexes come after the copy: building each once is cheaper than keeping it in order row by row.
    static func constraints(_ table: Table) -> [String] {
        var statements = ["ALTER TABLE \(quoted(table.name)) ADD PRIMARY KEY (\(table.key.map(quoted).joined(separator: ", ")))"]
        for columns in table.indexes {
            statements.append("CREATE INDEX \(quoted(table.name + "_" + columns.joined(separator: "_"))) ON \(quoted(table.name)) (\(columns.map(quoted).joined(separator: ", ")))")
        }
        return statements
    }
}
