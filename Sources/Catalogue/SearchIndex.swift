import Foundation
import GRDB
import GRDBSQLite

/// The full-text index over each vacancy's title, description and employer (SQLite FTS5), kept in
/// the catalogue file itself so that every reader of a night sees the index of that night.
///
/// Its upkeep is here alone; both ways of publishing call it once (`CataloguePublisher`):
/// - a new file builds it whole at the end, like the other indexes (`build`);
/// - a night in place re-indexes only the vacancies it touched, inside the night's transaction
///   (`update`), so readers see rows and index change together.
///
/// The table stores its own copy of the three columns (FTS5 with content). An external-content
/// index over `vacancy_rows` would store nothing twice, but keeping one needs each changed row's
/// old values and a stable rowid, and the night replaces rows (`INSERT OR REPLACE` gives a new
/// rowid) without recursive triggers. Here a row is found by a rowid made from the vacancy id
/// itself (`rowid(for:)`) and replaced without knowing what it held.
///
/// `content_sha256` does not cover the index: it says which vacancies a catalogue holds, and the
/// index is derived from them.
public enum SearchIndex {
    public static let table = "vacancy_search"

    /// unicode61 without diacritics: "cafe" finds "café", as Dutch writers are not consistent.
    /// `detail=column` keeps which column a word is in but not where: queries are words and prefixes
    /// (`matchExpression`), never phrases, and it halved the build's CPU time (2.3 against 4.2 s for
    /// 200,000 vacancies, sqlite3 alone) and made the index 16% smaller (246 against 293 MB).
    static let createSQL = """
        CREATE VIRTUAL TABLE main.vacancy_search USING fts5(
            id UNINDEXED, title, description, employer, tokenize = 'unicode61 remove_diacritics 2', detail = column)
        """

    /// Whether the catalogue has the index (those published before it do not).
    public static func exists(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM main.sqlite_master WHERE name = ?", arguments: [table]) ?? false
    }

    /// A stable rowid for a vacancy id: the 48 bits of "v-" + 12 hex digits, which is every id
    /// Kaartenbak gives; any other id gets a 62-bit FNV-1a hash with bit 62 set, apart from those.
    public static func rowid(for id: String) -> Int64 {
        let bytes = Array(id.utf8)
        if bytes.count == 14, bytes[0] == UInt8(ascii: "v"), bytes[1] == UInt8(ascii: "-"),
           let value = Int64(String(decoding: bytes[2...], as: UTF8.self), radix: 16) {
            return value
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: (hash & 0x3FFF_FFFF_FFFF_FFFF) | (1 << 62))
    }

    /// New file: the index of every row, built once after the rows are written, in one statement
    /// (the text never leaves SQLite; only the rowid is computed here).
    static func build(_ db: Database) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS main.vacancy_search")
        try db.execute(sql: createSQL)
        let function = DatabaseFunction("kaartenbak_search_rowid", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).map(rowid(for:))
        }
        db.add(function: function)
        defer { db.remove(function: function) }
        // In rowid order, which id order is for every "v-" + 12 hex digits id: FTS5 flushes its pending
        // terms to a new segment whenever a rowid is lower than the last one, and in the table's
        // order (ids in random order) that was once per row: 5 times the CPU of this order.
        try db.execute(sql: """
            INSERT INTO main.vacancy_search (rowid, id, title, description, employer)
            SELECT kaartenbak_search_rowid(id), id, title, description, employer FROM main.vacancy_rows ORDER BY id
            """)
    }

    /// In place: the vacancies `idsSQL` selects (those the night touched) indexed again as they are
    /// now; a vacancy no longer in the catalogue leaves the index. A catalogue published before the
    /// index existed gets it whole, once.
    static func update(_ db: Database, idsSQL: String) throws {
        guard try exists(db) else { return try build(db) }
        let delete = try db.makeStatement(sql: "DELETE FROM main.vacancy_search WHERE rowid = ?")
        let insert = try db.makeStatement(sql: """
            INSERT INTO main.vacancy_search (rowid, id, title, description, employer)
            SELECT ?, id, title, description, employer FROM main.vacancy_rows WHERE id = ?
            """)
        // Every delete first, then every insert, each in ascending rowids, for the reason `build` gives:
        // FTS5 also flushes when an insert's rowid equals the last write's, so deleting and inserting row
        // by row wrote a segment per vacancy (a changed 1M night's publish 12 -> 50 s).
        let touched = try String.fetchAll(db, sql: idsSQL).map { ($0, rowid(for: $0)) }.sorted { $0.1 < $1.1 }
        for (_, rowid) in touched { try delete.execute(arguments: [rowid]) }
        for (id, rowid) in touched { try insert.execute(arguments: [rowid, id]) }
    }

    /// A person's words as an FTS5 query that cannot be a syntax error: split where the tokenizer
    /// splits (anything but letters and digits), each token quoted, all of them required; a word
    /// ending in `*` matches its last token as a prefix. Single tokens only: the index keeps no
    /// positions for phrases (`detail=column`). Nil when no token is left.
    public static func matchExpression(_ text: String) -> String? {
        var terms: [String] = []
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            let prefix = word.hasSuffix("*")
            let tokens = word.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            for (index, token) in tokens.enumerated() {
                terms.append("\"" + token + "\"" + (prefix && index == tokens.count - 1 ? "*" : ""))
            }
        }
        return terms.isEmpty ? nil : terms.joined(separator: " ")
    }
}
