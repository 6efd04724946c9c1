import Foundation
import GRDB
import KaartenbakCore

/// The formats a vacancy leaves the catalogue in for readers (the API and `kaartenbak export`):
/// schema.org JobPosting and CSV. One writer each, so both readers give the same bytes.
public enum JobPosting {
    /// schema.org JobPosting JSON-LD of a vacancy. Only what the catalogue holds: a field it does
    /// not know is left out, never filled with a guess.
    public static func jsonLD(_ vacancy: VacancyRow, into out: inout JSONBytes) {
        out.open("{")
        out.field("@context", "https://schema.org/")
        out.field("@type", "JobPosting")
        if vacancy.salaryMin != nil || vacancy.salaryMax != nil, let unit = salaryUnit(vacancy.salaryPeriod) {
            out.key("baseSalary")
            out.open("{")
            out.field("@type", "MonetaryAmount")
            // Salary parsing reads euro amounts only (KaartenbakCore.Salary: from a euro sign or Dutch pay words).
            out.field("currency", "EUR")
            out.key("value")
            out.open("{")
            out.field("@type", "QuantitativeValue")
            out.field("maxValue", vacancy.salaryMax)
            out.field("minValue", vacancy.salaryMin)
            out.field("unitText", unit)
            out.close("}")
            out.close("}")
        }
        out.field("datePosted", vacancy.datePosted)
        out.field("description", vacancy.description)
        let types = employmentTypes(vacancy)
        if !types.isEmpty {
            out.key("employmentType")
            out.open("[")
            for type in types { out.element(type) }
            out.close("]")
        }
        if let employer = vacancy.employer {
            out.key("hiringOrganization")
            out.open("{")
            out.field("@type", "Organization")
            out.field("name", employer)
            out.close("}")
        }
        out.key("identifier")
        out.open("{")
        out.field("@type", "PropertyValue")
        out.field("name", "kaartenbak")
        out.field("value", vacancy.id)
        out.close("}")
        if vacancy.place != nil || vacancy.postcode != nil {
            out.key("jobLocation")
            out.open("{")
            out.field("@type", "Place")
            out.key("address")
            out.open("{")
            out.field("@type", "PostalAddress")
            // A province is set only for places found in the Dutch gazetteer (places.tsv): the country
            // is then known, not assumed.
            out.field("addressCountry", vacancy.province == nil ? nil : "NL")
            out.field("addressLocality", vacancy.place)
            out.field("addressRegion", vacancy.province)
            out.field("postalCode", vacancy.postcode)
            out.close("}")
            out.close("}")
        }
        out.field("occupationalCategory", vacancy.isco)
        out.field("title", vacancy.title)
        out.field("url", vacancy.url)
        out.field("validThrough", vacancy.closingDate)
        out.close("}")
    }

    /// schema.org's unitText for the catalogue's salary period.
    static func salaryUnit(_ period: String?) -> String? {
        switch period {
        case "hour": "HOUR"
        case "week": "WEEK"
        case "month": "MONTH"
        case "year": "YEAR"
        default: nil
        }
    }

    /// schema.org's employment types the vacancy's schedule and contract say; empty when they say none.
    static func employmentTypes(_ vacancy: VacancyRow) -> [String] {
        var types: [String] = []
        switch vacancy.schedule {
        case "fulltime": types.append("FULL_TIME")
        case "parttime": types.append("PART_TIME")
        default: break
        }
        switch vacancy.contract {
        case "temporary", "temp_agency", "seasonal", "temporary_to_permanent": types.append("TEMPORARY")
        case "internship", "apprenticeship": types.append("INTERN")
        case "freelance": types.append("CONTRACTOR")
        case "on_call": types.append("PER_DIEM")
        case "volunteer": types.append("VOLUNTEER")
        default: break // permanent has no schema.org type of its own: the schedule says it
        }
        return types
    }
}

/// Vacancies as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a
/// comma, quote or line break, quotes doubled; UTF-8 without a byte-order mark). The description
/// is left out: a list is for counting and filtering in a spreadsheet, the text is one request away.
public enum VacancyCSV {
    public static let columns = [
        "id", "title", "employer", "place", "postcode", "province", "region", "isco", "isco_label", "occupation", "occupation_label",
        "date_posted", "closing_date", "hours_min", "hours_max", "salary_min", "salary_max", "salary_period",
        "contract", "schedule", "education", "url", "status", "first_seen", "last_seen", "closed_at", "merged_into",
        "source_count", "municipality_code", "municipality", "region_number", "geo_basis", "sector", "signals",
    ]

    public static var header: [UInt8] { line(columns) }

    public static func row(_ v: VacancyRow) -> [UInt8] {
        func number(_ value: Double?) -> String? { value.map(JSONBytes.number) }
        return line([v.id, v.title, v.employer, v.place, v.postcode, v.province, v.region, v.isco, IscoGroups.bundled.label(of: v.isco), v.occupation,
                     v.occupationLabel, v.datePosted, v.closingDate, number(v.hoursMin), number(v.hoursMax),
                     number(v.salaryMin), number(v.salaryMax), v.salaryPeriod, v.contract, v.schedule, v.education,
                     v.url, v.status, v.firstSeen, v.lastSeen, v.closedAt, v.mergedInto, String(v.sourceCount),
                     v.municipalityCode, v.municipality, v.regionNumber.map(String.init), v.geoBasis, v.sector,
                     v.signals.joined(separator: " ")])
    }

    /// One record: fields quoted where RFC 4180 needs it, ended by CRLF.
    public static func line(_ fields: [String?]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard let field else { continue }
            let bytes = Array(field.utf8)
            if bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                out.append(UInt8(ascii: "\""))
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                    out.append(byte)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: bytes)
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
        return out
    }
}

/// The catalogue's facts for the API besides vacancies: the delta feed, counts and health.
public enum CatalogueReads {
    /// One change of the delta feed.
    public struct Change: Sendable {
        public var runId: String
        public var vacancyId: String
        public var change: String
        public var at: String
    }

    /// One identity event (a merge or a split).
    public struct IdentityEvent: Sendable {
        public var seq: Int64
        public var runId: String
        public var kind: String
        public var vacancyId: String
        public var detail: String
    }

    /// Changes made by runs after `since` (every run when nil), in (run, vacancy) order, at most
    /// `limit` after the position `after` (a run id and vacancy id), and whether more follow.
    public static func changes(_ db: Database, since: String?, after: (run: String, vacancy: String)?, limit: Int) throws
        -> (changes: [Change], more: Bool) {
        var sql = "SELECT run_id, vacancy_id, change, at FROM changes WHERE run_id > ?"
        var arguments: [any DatabaseValueConvertible] = [since ?? ""]
        if let after {
            sql += " AND (run_id > ? OR (run_id = ? AND vacancy_id > ?))"
            arguments += [after.run, after.run, after.vacancy]
        }
        sql += " ORDER BY run_id, vacancy_id LIMIT ?"
        arguments.append(limit + 1)
        var rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            .map { Change(runId: $0[0], vacancyId: $0[1], change: $0[2], at: $0[3]) }
        let more = rows.count > limit
        if more { rows.removeLast() }
        return (rows, more)
    }

    /// Merges and splits made by runs after `since`, in the order they were recorded; at most `limit`.
    public static func identityEvents(_ db: Database, since: String?, limit: Int) throws -> [IdentityEvent] {
        try Row.fetchAll(db, sql: "SELECT seq, run_id, kind, vacancy_id, detail FROM identity_events WHERE run_id > ? ORDER BY seq LIMIT ?",
                         arguments: [since ?? "", limit])
            .map { IdentityEvent(seq: $0[0], runId: $0[1], kind: $0[2], vacancyId: $0[3], detail: $0[4]) }
    }

    /// A count of open vacancies per value of a facet.
    public struct Count: Sendable {
        public var key: String?
        public var label: String?
        /// For an occupation: its ISCO-08 unit group.
        public var isco: String?
        public var count: Int
    }

    /// Open vacancies by occupation (ISCO code and Kaartenbak's occupation), by region and by source.
    public static func stats(_ db: Database) throws -> (open: Int, all: Int, occupations: [Count], regions: [Count], sources: [Count]) {
        let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_rows WHERE status = 'open'") ?? 0
        let all = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_rows") ?? 0
        let occupations = try Row.fetchAll(db, sql: """
            SELECT occupation, max(occupation_label), max(isco), count(*) FROM vacancy_rows WHERE status = 'open'
            GROUP BY occupation ORDER BY 4 DESC, occupation
            """).map { Count(key: $0[0], label: $0[1], isco: $0[2], count: $0[3]) }
        let regions = try Row.fetchAll(db, sql: """
            SELECT region, count(*) FROM vacancy_rows WHERE status = 'open' GROUP BY region ORDER BY 2 DESC, region
            """).map { Count(key: $0[0], label: nil, isco: nil, count: $0[1]) }
        let sources = try Row.fetchAll(db, sql: """
            SELECT l.source, count(DISTINCT l.vacancy_id) FROM vacancy_links l JOIN vacancy_rows v ON v.id = l.vacancy_id
            WHERE v.status = 'open' GROUP BY l.source ORDER BY 2 DESC, l.source
            """).map { Count(key: $0[0], label: nil, isco: nil, count: $0[1]) }
        return (open, all, occupations, regions, sources)
    }

    /// `catalogue_info`: run id, run date, schema and taxonomy versions.
    public static func info(_ db: Database) throws -> [String: String] {
        Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM catalogue_info").map { ($0[0] as String, $0[1] as String) },
                   uniquingKeysWith: { $1 })
    }
}
