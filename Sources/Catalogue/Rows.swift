import Foundation
import GRDB
import KaartenbakCore

/// One row of `vacancies`: a unified vacancy, merged from every source that carries it.
public struct VacancyRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "vacancies"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The JSON columns name their members in snake case (camel case in rows written before): both read back.
    public static func databaseJSONDecoder(for column: String) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    public enum Columns {
        public static let id = Column("id")
        public static let status = Column("status")
        public static let isco = Column("isco")
        public static let ambiguous = Column("ambiguous")
        public static let normalisedTitle = Column("normalised_title")
        public static let confidence = Column("confidence")
    }

    public var id: String
    public var title: String
    public var normalisedTitle: String
    public var isco: String?
    public var occupation: String?
    public var occupationLabel: String?
    public var confidence: Double
    public var ambiguous: Bool
    public var candidates: [OccupationCandidate]
    public var reasons: [String]
    public var employer: String?
    public var place: String?
    public var postcode: String?
    public var province: String?
    public var region: String?
    public var datePosted: String?
    public var closingDate: String?
    public var hoursMin: Double?
    public var hoursMax: Double?
    public var salaryMin: Double?
    public var salaryMax: Double?
    public var salaryPeriod: String?
    public var contract: String?
    public var schedule: String?
    public var education: String?
    public var url: String?
    public var description: String?
    /// open, closed or merged (`VacancyStatus`); text, as the content hash has always read it.
    public var status: String
    public var firstSeen: String
    public var lastSeen: String
    public var closedAt: String?
    /// For status "merged": the vacancy this one became part of.
    public var mergedInto: String?
    public var sourceCount: Int
    /// Field name → source that supplied it.
    public var provenance: [String: String]
    /// Fields on which sources disagree, with each source's value.
    public var conflicts: [FieldConflict]
    /// Hash of the content fields, to tell "updated" from "unchanged" between nights.
    public var contentHash: String
    /// Employer, place, title and occupation in matching form: recognises a vacancy whose
    /// source record ids all changed overnight.
    public var fingerprint: String
    /// CBS municipality code and name, from the postcode or the place (`Placement`).
    public var municipalityCode: String?
    public var municipality: String?
    /// The labour-market region's number (1-35); `region` holds its name.
    public var regionNumber: Int?
    /// What the geography rests on: postcode, place, place_in_source_region, source_region or unresolved.
    public var geoBasis: String?
    /// Why a geography field is empty, or how a doubt was settled.
    public var geoNote: String?
    /// The sector lane (`Sectors`), from the ISCO code.
    public var sector: String?
    /// The inclusive-work signals' ids, in `SignalKind` order.
    public var signals: [String]
    /// Each signal with its evidence.
    public var signalEvidence: [WorkSignal]

    /// The columns, in the table's order; their names are these keys in snake case.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, normalisedTitle, isco, occupation, occupationLabel, confidence, ambiguous, candidates, reasons,
             employer, place, postcode, province, region, datePosted, closingDate, hoursMin, hoursMax, salaryMin,
             salaryMax, salaryPeriod, contract, schedule, education, url, description, status, firstSeen, lastSeen,
             closedAt, mergedInto, sourceCount, provenance, conflicts, contentHash, fingerprint,
             municipalityCode, municipality, regionNumber, geoBasis, geoNote, sector, signals, signalEvidence
    }

    public init(id: String, title: String, normalisedTitle: String, coding: OccupationCoding,
                status: String = VacancyStatus.open.rawValue, firstSeen: String, lastSeen: String) {
        self.id = id
        self.title = title
        self.normalisedTitle = normalisedTitle
        self.isco = coding.isco
        self.occupation = coding.occupation
        self.occupationLabel = coding.occupationLabel
        self.confidence = coding.confidence
        self.ambiguous = coding.ambiguous
        self.candidates = coding.candidates
        self.reasons = coding.reasons
        self.status = status
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.sourceCount = 0
        self.provenance = [:]
        self.conflicts = []
        self.contentHash = ""
        self.fingerprint = ""
        self.signals = []
        self.signalEvidence = []
    }
}

extension VacancyRow {
    /// `status` as the enum (nil only for a row written with another word, which no version wrote).
    public var vacancyStatus: VacancyStatus? { VacancyStatus(rawValue: status) }
}

/// Writing and reading rows without the Codable machinery, which cost more than SQLite itself at a
/// million rows a night: one prepared statement, the values bound in `CodingKeys` order, the JSON
/// columns written by `RowJSON`.
extension VacancyRow {
    static let columnList = CodingKeys.allCases.map { snakeCase($0.stringValue) }.joined(separator: ", ")
    /// Into the base table (`INSERT OR REPLACE`: a night in place rewrites a changed vacancy's row).
    static let insertSQL = "INSERT OR REPLACE INTO vacancy_rows (\(columnList)) VALUES (\(placeholders(CodingKeys.allCases.count)))"
    /// `insertSQL` without the REPLACE, for a night in place and a row known not to be there: a REPLACE into the
    /// table the links refer to (ON DELETE CASCADE) needs a statement journal, and once one statement has spilled
    /// its journal to a file every later one writes there (`updateSQL`).
    static let plainInsertSQL = "INSERT INTO vacancy_rows (\(columnList)) VALUES (\(placeholders(CodingKeys.allCases.count)))"

    /// A night in place rewrites a changed vacancy's row with this UPDATE, bound exactly as `insertSQL` (the
    /// parameters numbered by column). Not `INSERT OR REPLACE`: a REPLACE may delete rows (and cascade to
    /// their links), so SQLite keeps a statement journal of every page it touches, the row, its overflow
    /// pages and a page of each index, spilled to a temporary file past 64 KiB; a 5%-changed 200k night
    /// wrote 631 MB there in 324,000 writes for 10,000 rows. An UPDATE of one row by its key needs none,
    /// and leaves alone the indexes whose columns did not change.
    static let updateSQL: String = {
        let columns = CodingKeys.allCases.map { snakeCase($0.stringValue) }
        let id = columns.firstIndex(of: "id")! + 1
        let sets = columns.enumerated().filter { $0.element != "id" }.map { "\($0.element) = ?\($0.offset + 1)" }
        return "UPDATE vacancy_rows SET \(sets.joined(separator: ", ")) WHERE id = ?\(id)"
    }()

    /// The values in column order. An open vacancy's `last_seen` is stored as null: the view derives
    /// it from its links (see `CatalogueSchema`).
    func insertArguments() -> StatementArguments { StatementArguments(insertValues()) }

    /// Where `first_seen` is among the values.
    static let firstSeenColumn = CodingKeys.allCases.firstIndex(of: .firstSeen)!

    func insertValues() -> [DatabaseValue] {
        let json = RowJSON.Columns(self, escapeSlashes: false, snakeCaseKeys: true)
        // Appended one by one rather than mapped from an array of `any DatabaseValueConvertible`: boxing each
        // value and copying it out again was about a twentieth of the samples of the threads preparing rows
        // (a profile of publishing a 200k night).
        var values: [DatabaseValue] = []
        values.reserveCapacity(CodingKeys.allCases.count)
        func put<Value: DatabaseValueConvertible>(_ value: Value?) { values.append(value?.databaseValue ?? .null) }
        func put(json: [UInt8]) { values.append(String(decoding: json, as: UTF8.self).databaseValue) }
        put(id); put(title); put(normalisedTitle); put(isco); put(occupation); put(occupationLabel); put(confidence); put(ambiguous)
        put(json: json.candidates); put(json: json.reasons)
        put(employer); put(place); put(postcode); put(province); put(region); put(datePosted); put(closingDate)
        put(hoursMin); put(hoursMax); put(salaryMin); put(salaryMax); put(salaryPeriod); put(contract); put(schedule)
        put(education); put(url); put(description); put(status); put(firstSeen)
        put(vacancyStatus == .open ? nil : lastSeen); put(closedAt); put(mergedInto); put(sourceCount)
        put(json: json.provenance); put(json: json.conflicts)
        put(contentHash); put(fingerprint); put(municipalityCode); put(municipality); put(regionNumber); put(geoBasis)
        put(geoNote); put(sector)
        put(json: json.signals); put(json: json.signalEvidence)
        assert(values.count == CodingKeys.allCases.count, "a column without its value")
        return values
    }

    /// A row selected with `columnList`, its JSON columns kept as stored (for the export).
    static func stored(_ row: Row) -> (VacancyRow, RowJSON.Columns) {
        var vacancy = VacancyRow(id: row[0], title: row[1], normalisedTitle: row[2], coding: OccupationCoding(),
                                 status: row[27], firstSeen: row[28], lastSeen: row[29])
        vacancy.isco = row[3]
        vacancy.occupation = row[4]
        vacancy.occupationLabel = row[5]
        vacancy.confidence = row[6]
        vacancy.ambiguous = row[7]
        vacancy.employer = row[10]
        vacancy.place = row[11]
        vacancy.postcode = row[12]
        vacancy.province = row[13]
        vacancy.region = row[14]
        vacancy.datePosted = row[15]
        vacancy.closingDate = row[16]
        vacancy.hoursMin = row[17]
        vacancy.hoursMax = row[18]
        vacancy.salaryMin = row[19]
        vacancy.salaryMax = row[20]
        vacancy.salaryPeriod = row[21]
        vacancy.contract = row[22]
        vacancy.schedule = row[23]
        vacancy.education = row[24]
        vacancy.url = row[25]
        vacancy.description = row[26]
        vacancy.closedAt = row[30]
        vacancy.mergedInto = row[31]
        vacancy.sourceCount = row[32]
        vacancy.contentHash = row[35]
        vacancy.fingerprint = row[36]
        vacancy.municipalityCode = row[37]
        vacancy.municipality = row[38]
        vacancy.regionNumber = row[39]
        vacancy.geoBasis = row[40]
        vacancy.geoNote = row[41]
        vacancy.sector = row[42]
        func json(_ index: Int) -> [UInt8] { Array((row[index] as String).utf8) }
        return (vacancy, RowJSON.Columns(candidates: json(8), reasons: json(9), provenance: json(33), conflicts: json(34),
                                         signals: json(43), signalEvidence: json(44)))
    }
}

extension VacancySourceRow {
    static let columnList = CodingKeys.allCases.map { snakeCase($0.stringValue) }.joined(separator: ", ")
    /// Into the base table; a link another vacancy held last night is taken over (`OR REPLACE`).
    static let insertSQL = "INSERT OR REPLACE INTO vacancy_links (\(columnList)) VALUES (\(placeholders(CodingKeys.allCases.count)))"
    /// `insertSQL` without the REPLACE, for a link no other vacancy holds: no statement journal (`VacancyRow.updateSQL`).
    static let plainInsertSQL = "INSERT INTO vacancy_links (\(columnList)) VALUES (\(placeholders(CodingKeys.allCases.count)))"

    /// The values in column order. A link listed by tonight's read of its source stores `last_seen`
    /// and `last_run` as null (empty here): the view takes them from `source_reads`.
    func insertArguments() -> StatementArguments { StatementArguments(insertValues()) }

    /// Where `first_seen` is among the values.
    static let firstSeenColumn = CodingKeys.allCases.firstIndex(of: .firstSeen)!

    func insertValues() -> [DatabaseValue] {
        ([vacancyId, source, sourceRecordId, publisher, title, url, firstSeen,
          lastSeen.isEmpty ? nil : lastSeen, lastRun.isEmpty ? nil : lastRun] as [(any DatabaseValueConvertible)?])
            .map { $0?.databaseValue ?? .null }
    }

    /// A row selected with `columnList`.
    init(columns row: Row) {
        self.init(vacancyId: row[0], source: row[1], sourceRecordId: row[2], publisher: row[3], title: row[4],
                  url: row[5], firstSeen: row[6], lastSeen: row[7], lastRun: row[8])
    }
}

/// "normalisedTitle" → "normalised_title", as GRDB's `convertToSnakeCase` names the columns.
func snakeCase(_ key: String) -> String {
    var out = ""
    for character in key {
        if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
    }
    return out
}

func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

/// One row of `vacancy_sources`: which source record a vacancy came from.
public struct VacancySourceRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "vacancy_sources"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Columns {
        public static let vacancyId = Column("vacancy_id")
        public static let source = Column("source")
        public static let sourceRecordId = Column("source_record_id")
    }

    /// The columns, in the table's order; their names are these keys in snake case.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case vacancyId, source, sourceRecordId, publisher, title, url, firstSeen, lastSeen, lastRun
    }

    public var vacancyId: String
    public var source: String
    public var sourceRecordId: String
    public var publisher: String
    public var title: String
    public var url: String?
    public var firstSeen: String
    public var lastSeen: String
    public var lastRun: String

    public init(vacancyId: String, source: String, sourceRecordId: String, publisher: String, title: String,
                url: String?, firstSeen: String, lastSeen: String, lastRun: String) {
        self.vacancyId = vacancyId
        self.source = source
        self.sourceRecordId = sourceRecordId
        self.publisher = publisher
        self.title = title
        self.url = url
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastRun = lastRun
    }

    /// The key identity resolution uses: source and record id.
    public var memberKey: String { MemberKey.of(source: source, recordId: sourceRecordId) }
}

/// What a run did to a vacancy, as the `changes` table names it.
public enum ChangeKind: String, Sendable, CaseIterable {
    case new, updated, closed, reopened, merged
}

/// One row of `changes`: what a run did to a vacancy, for downstream deltas.
public struct ChangeRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "changes"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public var runId: String
    public var vacancyId: String
    /// A `ChangeKind`: new, updated, closed, reopened or merged.
    public var change: String
    public var at: String
    public init(runId: String, vacancyId: String, change: String, at: String) {
        self.runId = runId
        self.vacancyId = vacancyId
        self.change = change
        self.at = at
    }
}

/// One row of `identity_events`: clusters that merged or split between runs.
public struct IdentityEventRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "identity_events"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public var runId: String
    public var kind: String
    public var vacancyId: String
    public var detail: String
    public init(runId: String, kind: String, vacancyId: String, detail: String) {
        self.runId = runId
        self.kind = kind
        self.vacancyId = vacancyId
        self.detail = detail
    }
}

/// One row of `source_runs`: how each source fared in each published run.
public struct SourceRunRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "source_runs"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public var runId: String
    public var source: String
    public var status: String
    public var records: Int
    public var rejects: Int
    public var carriedFrom: String?
    public var error: String?
    public init(runId: String, source: String, status: String, records: Int, rejects: Int,
                carriedFrom: String? = nil, error: String? = nil) {
        self.runId = runId
        self.source = source
        self.status = status
        self.records = records
        self.rejects = rejects
        self.carriedFrom = carriedFrom
        self.error = error
    }
}
