import Foundation
import GRDB
import KaartenbakCore

/// Which vacancies a reader asks for: the filters of `GET /vacancies` and `kaartenbak export`, one
/// definition for both. Every value reaches SQLite as a bound parameter.
public struct VacancyFilter: Sendable, Equatable, Hashable {
    /// Words over title, description and employer (FTS5).
    public var text: String?
    /// An ISCO-08 code of 1 to 4 digits: the unit group, or every unit group under a major,
    /// sub-major or minor group.
    public var isco: String?
    public var occupation: String?
    /// A labour-market region: its name (any case), its number or "AM" and its number.
    public var region: String?
    /// A municipality: its name (any case) or its four-digit CBS code.
    public var municipality: String?
    /// A sector lane's id (`Sectors`).
    public var sector: String?
    /// Inclusive-work signals the vacancy must all have (`SignalKind` ids).
    public var signals: [String] = []
    /// Place and employer match whole, ignoring case.
    public var place: String?
    public var employer: String?
    /// A source that carries the vacancy.
    public var source: String?
    /// nil: every status.
    public var status: Status?
    /// Posted on or after this day (yyyy-mm-dd).
    public var postedSince: String?
    /// Hours per week: the vacancy's range must meet this one (a vacancy without hours is left out).
    public var hoursMin: Double?
    public var hoursMax: Double?
    /// Pay per `salaryPeriod`: the vacancy's range must meet this one, in the same period.
    public var salaryMin: Double?
    public var salaryMax: Double?
    public var salaryPeriod: String?

    public typealias Status = VacancyStatus

    public init() {}

    /// Periods the catalogue stores.
    public static let salaryPeriods = ["hour", "week", "month", "year"]

    /// Checks the values a person typed; the message names the parameter and what it needs.
    public func validate() throws {
        func fail(_ message: String) -> KaartenbakError { KaartenbakError(.usage, message) }
        if let isco, !(1...4).contains(isco.count) || !isco.allSatisfy(\.isASCII) || !isco.allSatisfy(\.isNumber) {
            throw fail("isco must be 1 to 4 digits, not '\(isco)'")
        }
        if let postedSince, postedSince.utf8.count != 10 || ISODay.number(postedSince) == nil {
            throw fail("posted_since must be a date yyyy-mm-dd, not '\(postedSince)'")
        }
        for (name, value) in [("hours_min", hoursMin), ("hours_max", hoursMax), ("salary_min", salaryMin), ("salary_max", salaryMax)] {
            if let value, !value.isFinite || value < 0 { throw fail("\(name) must be a number of at least 0") }
        }
        if let salaryPeriod, !Self.salaryPeriods.contains(salaryPeriod) {
            throw fail("salary_period must be one of \(Self.salaryPeriods.joined(separator: ", ")), not '\(salaryPeriod)'")
        }
        if let text, SearchIndex.matchExpression(text) == nil {
            throw fail("q has no word to search for")
        }
        if let sector, !Sectors.bundled.all.contains(where: { $0.id == sector }) {
            throw fail("sector must be one of \(Sectors.bundled.all.map(\.id).joined(separator: ", ")), not '\(sector)'")
        }
        for signal in signals where SignalKind(rawValue: signal) == nil {
            throw fail("signal must be one of \(SignalKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(signal)'")
        }
    }

    /// A region given by number: "28", "AM28", "am 28".
    static func regionNumber(_ text: String) -> Int? {
        var digits = Substring(text.lowercased())
        if digits.hasPrefix("am") { digits = digits.dropFirst(2).drop { $0 == " " } }
        return digits.allSatisfy(\.isNumber) ? Int(digits) : nil
    }

    /// The WHERE conditions over `vacancies v`, and their arguments in order.
    func conditions() -> (sql: [String], arguments: [any DatabaseValueConvertible]) {
        var sql: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        func add(_ condition: String, _ values: any DatabaseValueConvertible...) {
            sql.append(condition)
            arguments.append(contentsOf: values)
        }
        // Open is most of the catalogue: not through the status index (which would gather every open
        // vacancy and sort them) but in key order, stopping at the page's end: a filtered page of
        // 100,000 vacancies p50 304 -> 34 ms under load (docs/serve.md). The rare statuses use the index.
        // A search is led by its matches instead: each is looked up with its status in the index
        // `vacancies_list`, which the `+` would keep the planner from using.
        if let status { add(status == .open && text == nil ? "+v.status = ?" : "v.status = ?", status.rawValue) }
        if let isco {
            if isco.count == 4 { add("v.isco = ?", isco) } else { add("substr(v.isco, 1, \(isco.count)) = ?", isco) }
        }
        if let occupation { add("v.occupation = ?", occupation) }
        if let region {
            if let number = Self.regionNumber(region) { add("v.region_number = ?", number) } else { add("v.region = ? COLLATE NOCASE", region) }
        }
        if let municipality {
            if municipality.count == 4, municipality.allSatisfy(\.isNumber) {
                add("v.municipality_code = ?", municipality)
            } else {
                add("v.municipality = ? COLLATE NOCASE", municipality)
            }
        }
        if let sector { add("v.sector = ?", sector) }
        // The ids are written quoted in a JSON array: a quoted id matches that signal and no other.
        for signal in signals { add("instr(v.signals, ?) > 0", "\"\(signal)\"") }
        if let place { add("v.place = ? COLLATE NOCASE", place) }
        if let employer { add("v.employer = ? COLLATE NOCASE", employer) }
        if let source { add("EXISTS (SELECT 1 FROM vacancy_links l WHERE l.vacancy_id = v.id AND l.source = ?)", source) }
        if let postedSince { add("v.date_posted >= ?", postedSince) }
        // Ranges meet when each starts before the other ends; a vacancy states one end or both.
        if let hoursMin { add("coalesce(v.hours_max, v.hours_min) >= ?", hoursMin) }
        if let hoursMax { add("coalesce(v.hours_min, v.hours_max) <= ?", hoursMax) }
        if salaryMin != nil || salaryMax != nil { add("v.salary_period = ?", salaryPeriod ?? "month") }
        if let salaryMin { add("coalesce(v.salary_max, v.salary_min) >= ?", salaryMin) }
        if let salaryMax { add("coalesce(v.salary_min, v.salary_max) <= ?", salaryMax) }
        return (sql, arguments)
    }
}

/// The order of a list; every order ends on the id, so pages never overlap or skip.
public enum VacancySort: String, Sendable, CaseIterable {
    /// By id: stable across nights (the default).
    case id
    /// Newest posting first.
    case posted
    /// Best full-text match first (needs `q`).
    case relevance
}

/// Where a page ends: the last row's sort key and id, and the filter it was made for, written as
/// an opaque token (base64url of a small JSON object).
public struct VacancyCursor: Sendable, Equatable {
    var sort: VacancySort
    var key: DatabaseValue
    var id: String
    /// A hash of the filter: a cursor carried over to other filters is refused, not misread.
    var filter: String

    public var token: String {
        var object: [String: String] = ["s": sort.rawValue, "i": id, "f": filter]
        // A double as its bits: the next page starts exactly after this key, not near it.
        switch key.storage {
        case .double(let value): object["k"] = "d" + String(value.bitPattern, radix: 16)
        case .string(let value): object["k"] = "s" + value
        default: break
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init(token: String, sort: VacancySort, filter: VacancyFilter) throws {
        let bad = KaartenbakError(.usage, "cursor is not one this server gave for these filters and sort")
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 1024, let data = Data(base64Encoded: base64),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String],
              object["s"] == sort.rawValue, object["f"] == Self.hash(filter), let id = object["i"] else { throw bad }
        self.sort = sort
        self.id = id
        self.filter = Self.hash(filter)
        switch object["k"] {
        case nil: key = .null
        case let text? where text.hasPrefix("s"): key = String(text.dropFirst()).databaseValue
        case let text? where text.hasPrefix("d"):
            guard let bits = UInt64(text.dropFirst(), radix: 16) else { throw bad }
            key = Double(bitPattern: bits).databaseValue
        default: throw bad
        }
    }

    init(sort: VacancySort, key: DatabaseValue, id: String, filter: VacancyFilter) {
        self.sort = sort
        self.key = key
        self.id = id
        self.filter = Self.hash(filter)
    }

    /// Stable across processes (unlike `Hasher`): a cursor outlives a server restart.
    static func hash(_ filter: VacancyFilter) -> String {
        var parts: [String?] = [filter.text, filter.isco, filter.occupation, filter.region, filter.place, filter.employer,
                                filter.source, filter.status?.rawValue, filter.postedSince, filter.hoursMin.map { "\($0)" },
                                filter.hoursMax.map { "\($0)" }, filter.salaryMin.map { "\($0)" }, filter.salaryMax.map { "\($0)" },
                                filter.salaryPeriod]
        // Appended only when set, so that a cursor of a filter without them stays what it was.
        if filter.municipality != nil || filter.sector != nil || !filter.signals.isEmpty {
            parts += [filter.municipality, filter.sector, filter.signals.joined(separator: ",")]
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.map({ $0 ?? "\u{0}" }).joined(separator: "\u{1}").utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 36)
    }
}

/// A vacancy as read for a reader: its row, and its JSON columns as stored (not decoded: they are
/// written out as they are).
public struct StoredVacancy: Sendable {
    public var row: VacancyRow
    let columns: RowJSON.Columns

    /// The vacancy as a JSON object (the export's and the API's shape: sorted keys).
    public func json(into out: inout JSONBytes) { RowJSON.vacancy(row, columns: columns, into: &out) }

    /// The export's line: `{"sources":[...],"vacancy":{...}}`.
    public func exportLine(sources: [VacancySourceRow]) -> [UInt8] { RowJSON.exported(row, columns: columns, sources: sources) }
}

extension VacancySourceRow {
    /// The source record as a JSON object (sorted keys).
    public func json(into out: inout JSONBytes) { RowJSON.source(self, into: &out) }
}

/// One page of vacancies and the cursor of the next, nil on the last page.
public struct VacancyPage: Sendable {
    public var vacancies: [StoredVacancy]
    public var next: VacancyCursor?
}

/// The catalogue's read queries for the API and the export: built here, in the module that owns the
/// schema, and nowhere else.
public enum VacancyQuery {
    /// The columns of a list's rows, in `VacancyRow.stored` order, and the sort key last.
    static let selectColumns = VacancyRow.columnList.split(separator: ",").map { "v." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    /// SELECT for `filter` in `sort` order after `cursor`, at most `limit` rows (nil: all).
    static func statement(_ filter: VacancyFilter, sort: VacancySort, after cursor: VacancyCursor?, limit: Int?) throws
        -> (sql: String, arguments: StatementArguments) {
        var (conditions, values) = filter.conditions()
        var from = "vacancies v"
        var fromValues: [any DatabaseValueConvertible] = []
        let sortKey: String
        if let text = filter.text, let match = SearchIndex.matchExpression(text) {
            from = SearchIndex.matchSQL + " s JOIN vacancies v ON v.id = s.sid"
            fromValues += SearchIndex.matchArguments(match) as [any DatabaseValueConvertible]
        }
        switch sort {
        case .id: sortKey = "''"
        case .posted: sortKey = "coalesce(v.date_posted, '')"
        case .relevance:
            guard filter.text != nil else { throw KaartenbakError(.usage, "sort=relevance needs q") }
            // The tier, then the newest posted (a date as 99999999 - yyyymmdd, none last), in one text key
            // that sorts ascending and that the cursor carries.
            sortKey = "s.tier || printf('%08d', 99999999 - coalesce(CAST(replace(v.date_posted, '-', '') AS INTEGER), 0))"
        }
        // Keyset: rows after the cursor's (key, id). Posted is newest first, the others ascending.
        if let cursor, sort == .id {
            conditions.append("v.id > ?")
            values.append(cursor.id)
        } else if let cursor {
            let before = sort == .posted ? "<" : ">"
            conditions.append("(\(sortKey) \(before) ? OR (\(sortKey) = ? AND v.id > ?))")
            values += [cursor.key, cursor.key, cursor.id] as [any DatabaseValueConvertible]
        }
        let order = sort == .id ? "v.id" : "sort_key \(sort == .posted ? "DESC" : "ASC"), v.id"
        let filters = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        guard let limit else {
            // Every row, streamed in order (the export).
            return ("SELECT \(selectColumns), \(sortKey) AS sort_key FROM \(from)\(filters) ORDER BY \(order)",
                    StatementArguments(fromValues + values))
        }
        // A page: the ids first (the sort holds ids and keys, not descriptions), then their rows.
        let page = "SELECT v.id AS pid, \(sortKey) AS sort_key FROM \(from)\(filters) ORDER BY \(order) LIMIT \(limit)"
        return ("SELECT \(selectColumns), p.sort_key FROM (\(page)) p JOIN vacancies v ON v.id = p.pid ORDER BY \(order.replacingOccurrences(of: "sort_key", with: "p.sort_key"))",
                StatementArguments(fromValues + values))
    }

    /// One page: `limit` rows after `cursor`, and a cursor when more follow.
    public static func page(_ db: Database, filter: VacancyFilter, sort: VacancySort, after cursor: VacancyCursor?,
                            limit: Int) throws -> VacancyPage {
        let (sql, arguments) = try statement(filter, sort: sort, after: cursor, limit: limit + 1)
        var rows: [(StoredVacancy, DatabaseValue)] = []
        // Cached per connection by its text: a page's statement is one of few shapes, and compiling it
        // again (GRDB's authorizer reads every column it names) was a twentieth of the server's CPU.
        let cursorRows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try cursorRows.next() {
            let (vacancy, columns) = VacancyRow.stored(row)
            rows.append((StoredVacancy(row: vacancy, columns: columns), row[VacancyRow.CodingKeys.allCases.count] as DatabaseValue))
        }
        var next: VacancyCursor?
        if rows.count > limit {
            rows.removeLast()
            if let last = rows.last { next = VacancyCursor(sort: sort, key: last.1, id: last.0.row.id, filter: filter) }
        }
        return VacancyPage(vacancies: rows.map(\.0), next: next)
    }

    /// Every vacancy `filter` selects, in `sort` order, one at a time (the export).
    public static func each(_ db: Database, filter: VacancyFilter, sort: VacancySort = .id,
                            _ body: (StoredVacancy) throws -> Void) throws {
        let (sql, arguments) = try statement(filter, sort: sort, after: nil, limit: nil)
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let (vacancy, columns) = VacancyRow.stored(row)
            try body(StoredVacancy(row: vacancy, columns: columns))
        }
    }

    /// The source records of a vacancy, by source and record id.
    public static func sources(_ db: Database, of id: String) throws -> [VacancySourceRow] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT \(VacancySourceRow.columnList) FROM vacancy_sources WHERE vacancy_id = ? ORDER BY source, source_record_id"),
                         arguments: [id]).map(VacancySourceRow.init(columns:))
    }

    /// One vacancy by id, as stored (whatever its status).
    public static func vacancy(_ db: Database, id: String) throws -> StoredVacancy? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(VacancyRow.columnList) FROM vacancies WHERE id = ?"), arguments: [id])
            .map { let (row, columns) = VacancyRow.stored($0); return StoredVacancy(row: row, columns: columns) }
    }

    /// A vacancy and the ids it was reached through: a merged id leads to the vacancy it became part
    /// of (and on, if that one merged too). Nil for an unknown id.
    public static func resolve(_ db: Database, id: String) throws -> (vacancy: StoredVacancy, mergedIds: [String])? {
        guard var vacancy = try vacancy(db, id: id) else { return nil }
        var merged: [String] = []
        while vacancy.row.vacancyStatus == .merged, let into = vacancy.row.mergedInto, merged.count < 16,
              !merged.contains(into), let survivor = try self.vacancy(db, id: into) {
            merged.append(vacancy.row.id)
            vacancy = survivor
        }
        return (vacancy, merged)
    }

    /// One vacancy by id with its JSON columns (candidates, reasons, provenance, conflicts) decoded:
    /// the web page shows them field by field rather than pass them on as stored.
    public static func decoded(_ db: Database, id: String) throws -> VacancyRow? {
        try VacancyRow.filter(VacancyRow.Columns.id == id).fetchOne(db)
    }

    /// The title and the classifier's coding of every open vacancy: the review queue's input
    /// (`kaartenbak review list` and the web page's `/review`).
    public static func openCodings(_ db: Database) throws -> [(title: String, coding: OccupationCoding)] {
        try VacancyRow.filter(VacancyRow.Columns.status == VacancyStatus.open.rawValue).fetchAll(db).map { row in
            (row.title, OccupationCoding(isco: row.isco, occupation: row.occupation, occupationLabel: row.occupationLabel,
                                         confidence: row.confidence, ambiguous: row.ambiguous,
                                         candidates: row.candidates, reasons: row.reasons))
        }
    }

    /// Every source record of an open vacancy: its member key (`MemberKey`) and the vacancy's id, for scoring the
    /// catalogue's deduplication against a truth file (`kaartenbak dedupe --catalogue`).
    public static func openMembership(_ db: Database) throws -> [(member: String, vacancyId: String)] {
        try Row.fetchAll(db, sql: """
            SELECT s.source, s.source_record_id, s.vacancy_id FROM vacancy_sources s
            JOIN vacancies v ON v.id = s.vacancy_id WHERE v.status = ?
            """, arguments: [VacancyStatus.open.rawValue]).map { (MemberKey.of(source: $0[0], recordId: $0[1]), $0[2]) }
    }

    /// Whether the catalogue has its full-text index.
    public static func canSearch(_ db: Database) throws -> Bool { try SearchIndex.exists(db) }
}
