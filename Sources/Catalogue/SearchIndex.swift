import Foundation
import GRDB
import GRDBSQLite

/// The full-text index over each vacancy's title, description and employer (SQLite FTS5), kept in
/// the catalogue file itself so that every reader of a night sees the index of that night.
///
/// Its upkeep is here alone; both ways of publishing call it (`CataloguePublisher`, `NightWriter`):
/// - a new file builds it whole at the end, like the other indexes (`build`);
/// - a night in place re-indexes only the vacancies whose text it changed, inside the night's
///   transaction (`update`), so readers see rows and index change together.
///
/// The index is contentless (`content=''`): it keeps the words, not a second copy of the text. The
/// copy was three quarters of the index (a 200,000-record catalogue 664 against 459 MB) and every
/// changed row rewrote it under the night's rollback journal. A contentless FTS5 table (SQLite 3.40,
/// Debian 12's) forgets a row only when told the very values it indexed (the 'delete' command), so
/// removing a row here always passes the text as it was indexed: the undo file's copy of a row, taken
/// before the night changed it (`NightWriter`), or the row itself before it is put back.
/// `vacancy_search_ids` maps the index's rowids back to vacancy ids.
///
/// `content_sha256` does not cover the index: it says which vacancies a catalogue holds, and the
/// index is derived from them.
public enum SearchIndex {
    public static let table = "vacancy_search"
    static let idsTable = "vacancy_search_ids"

    /// unicode61 without diacritics: "cafe" finds "café", as Dutch writers are not consistent.
    /// `detail=column` keeps which column a word is in but not where: queries are words and prefixes
    /// (`matchExpression`), never phrases, and it halved the build's CPU time (2.3 against 4.2 s for
    /// 200,000 vacancies, sqlite3 alone). `detail=none` halves it again but loses the column a word is in,
    /// which relevance ranks by (`matchSQL`).
    static let createSQL = """
        CREATE VIRTUAL TABLE main.vacancy_search USING fts5(
            title, description, employer, content = '', tokenize = 'unicode61 remove_diacritics 2', detail = column);
        CREATE TABLE main.vacancy_search_ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL);
        """

    /// Whether the catalogue has the index as this version keeps it (catalogues published before it
    /// have none, or the earlier copy of the text, and get it whole at their next night).
    public static func exists(_ db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM main.sqlite_master
            WHERE (name = ? AND sql LIKE '%content = ''''%') OR name = ?
            """, arguments: [table, idsTable]) == 2
    }

    /// The FROM clause of a search: `sid` the vacancy id and `tier`, 0 when every word is in its title or
    /// employer, 1 when some is only in the description; bound to `matchArguments(expression)`.
    ///
    /// Relevance is this tier, then the newest posted (`VacancyQuery`), not bm25: with `detail=column`
    /// FTS5 keeps no counts of a word in a column and bm25 scores every row 0 (SQLite 3.40), and a person
    /// looking for "orderpicker" wants the orderpicker vacancies before those whose description names
    /// one, fresh ones first. The title tier is one column-filtered match read into a list once.
    public static let matchSQL = """
        (SELECT i.id AS sid, (vacancy_search.rowid NOT IN
            (SELECT rowid FROM vacancy_search WHERE vacancy_search MATCH ?)) AS tier
         FROM vacancy_search JOIN vacancy_search_ids i ON i.rowid = vacancy_search.rowid WHERE vacancy_search MATCH ?)
        """

    /// The arguments of `matchSQL` for an expression of `matchExpression`.
    public static func matchArguments(_ expression: String) -> [String] {
        ["{title employer} : (\(expression))", expression]
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

    /// New file (or a catalogue without the index): the index of every row, in one statement each for
    /// the words and the ids (the text never leaves SQLite; only the rowid is computed here).
    ///
    /// Built without FTS5's automatic merging, which is then set back to its default for the nights in
    /// place: merging the segments of a whole build as it went was a third of the build's CPU (500,339
    /// vacancies, sqlite3 alone: 38.5 against 25.9 user s), and queries read the unmerged index as fast
    /// (FTS5's `crisismerge` still merges a level once it holds 16 segments, so their number stays
    /// bounded). The index is about a third larger until the nights in place merge it.
    ///
    /// FTS5 gathers the words of the rows being added in a hash table and writes them out as a new segment each time
    /// it holds `hashsize` bytes (1 MiB by default): a segment per MiB of pending words, which `crisismerge` then
    /// merges level by level. With 16 MiB a 200,000-record night's build took 2.4-2.7 user s against
    /// 4.8-5.1 (sqlite3 alone on the catalogue, two runs each; 64 MiB gained no more) for about 21 MB more memory
    /// while the index is written, whatever the night's size. The setting is kept in the index's config table, so
    /// the nights in place gather their changes the same way.
    static func build(_ db: Database) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS main.vacancy_search; DROP TABLE IF EXISTS main.vacancy_search_ids")
        try db.execute(sql: createSQL)
        try db.execute(sql: "INSERT INTO main.vacancy_search (vacancy_search, rank) VALUES ('automerge', 0)")
        try db.execute(sql: "INSERT INTO main.vacancy_search (vacancy_search, rank) VALUES ('hashsize', \(hashSize))")
        try add(db, rowsSQL: "SELECT id, title, description, employer FROM main.vacancy_rows")
        try db.execute(sql: "INSERT INTO main.vacancy_search (vacancy_search, rank) VALUES ('automerge', \(defaultAutomerge))")
    }

    /// FTS5's own default.
    static let defaultAutomerge = 4

    /// Bytes of words FTS5 gathers before it writes a segment (see `build`).
    static let hashSize = 16 << 20

    /// In place, at the end of the night: the touched vacancies (`undo.touched`) whose indexed text
    /// changed are removed with their text as it was (`undo.vacancy_rows`, kept before the night
    /// changed them) and added as they are now. Most touched vacancies keep their text (a source read
    /// again, a new link): they are left alone. A catalogue without the index gets it whole, once.
    ///
    /// Returns why it built the index whole instead, if it did. FTS5 says "malformed" when told to
    /// remove text it does not hold; the index is derived data, so rather than fail the night it is
    /// built again from the rows (the failed statement alone is undone; the night's transaction goes on).
    @discardableResult
    static func update(_ db: Database) throws -> String? {
        guard try exists(db) else {
            try build(db)
            return "the catalogue had no index of this version"
        }
        // The changed ids once, in a table of the connection's own: each statement below reads them, and as a
        // subquery every one compared the touched rows' texts again.
        try db.execute(sql: """
            CREATE TEMP TABLE kaartenbak_search_changed (id TEXT PRIMARY KEY) WITHOUT ROWID;
            INSERT INTO temp.kaartenbak_search_changed
            SELECT t.id FROM undo.touched t
            LEFT JOIN undo.vacancy_rows o ON o.id = t.id LEFT JOIN main.vacancy_rows n ON n.id = t.id
            WHERE o.id IS NULL OR n.id IS NULL OR o.title IS NOT n.title OR o.description IS NOT n.description
               OR o.employer IS NOT n.employer
            """)
        defer { try? db.execute(sql: "DROP TABLE temp.kaartenbak_search_changed") }
        let changed = "SELECT id FROM temp.kaartenbak_search_changed"
        do {
            try remove(db, rowsSQL: "SELECT id, title, description, employer FROM undo.vacancy_rows WHERE id IN (\(changed))")
            try add(db, rowsSQL: "SELECT id, title, description, employer FROM main.vacancy_rows WHERE id IN (\(changed))")
            return nil
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            try build(db)
            return "the index did not hold what the rows said it did (\(error.message ?? "corrupt"))"
        }
    }

    /// Publishing a run again in place: the rows the run touched are about to be put back as they were
    /// (`NightWriter.startUndo`); `before` takes them out of the index with the text they have now, and
    /// `after` adds them back with the text put back, so the index again holds what `update` expects.
    static func beforeRestore(_ db: Database) throws {
        guard try exists(db) else { return }
        try remove(db, rowsSQL: "SELECT id, title, description, employer FROM main.vacancy_rows WHERE id IN (SELECT id FROM undo.touched)")
    }

    static func afterRestore(_ db: Database) throws {
        guard try exists(db) else { return }
        try add(db, rowsSQL: "SELECT id, title, description, employer FROM main.vacancy_rows WHERE id IN (SELECT id FROM undo.touched)")
    }

    /// Indexes the rows `rowsSQL` selects (id, title, description, employer).
    private static func add(_ db: Database, rowsSQL: String) throws {
        try withRowid(db) {
            // In id order, which is rowid order for every "v-" + 12 hex digits id, read through the id's
            // own index (ordering by the computed rowid sorted every row's text first: at 200,000
            // vacancies +190 MB of peak memory). FTS5 flushes its pending terms to a new segment whenever
            // a rowid is not above the last one written, and in the table's order (ids at random) that was
            // once per row: 5 times the CPU of this order.
            let rows = "SELECT kaartenbak_search_rowid(id) AS r, id, title, description, employer FROM (\(rowsSQL)) ORDER BY id"
            // The ids sorted without the texts, which the sorter would otherwise hold once more.
            try db.execute(sql: "INSERT INTO main.vacancy_search_ids (rowid, id) SELECT kaartenbak_search_rowid(id), id FROM (\(rowsSQL)) ORDER BY id")
            try db.execute(sql: "INSERT INTO main.vacancy_search (rowid, title, description, employer) SELECT r, title, description, employer FROM (\(rows))")
        }
    }

    /// Takes the rows `rowsSQL` selects out of the index; their title, description and employer must
    /// be the very values indexed (see the type's comment).
    private static func remove(_ db: Database, rowsSQL: String) throws {
        try withRowid(db) {
            let rows = "SELECT kaartenbak_search_rowid(id) AS r, title, description, employer FROM (\(rowsSQL)) ORDER BY id"
            try db.execute(sql: """
                INSERT INTO main.vacancy_search (vacancy_search, rowid, title, description, employer)
                SELECT 'delete', r, title, description, employer FROM (\(rows))
                """)
            try db.execute(sql: "DELETE FROM main.vacancy_search_ids WHERE rowid IN (SELECT kaartenbak_search_rowid(id) FROM (\(rowsSQL)))")
        }
    }

    private static func withRowid(_ db: Database, _ body: () throws -> Void) throws {
        let function = DatabaseFunction("kaartenbak_search_rowid", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).map(rowid(for:))
        }
        db.add(function: function)
        defer { db.remove(function: function) }
        try body()
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
