/// The common fields a source definition maps onto. Raw values are strings as found in the feed.
public enum VacancyField: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable, Comparable {
    case id
    case title
    case description
    case employer
    case employerId = "employer_id"
    case place
    case postcode
    case province
    case street
    case datePosted = "date_posted"
    case closingDate = "closing_date"
    case hours
    case hoursMin = "hours_min"
    case hoursMax = "hours_max"
    case salary
    case salaryMin = "salary_min"
    case salaryMax = "salary_max"
    case salaryPeriod = "salary_period"
    case contract
    case schedule
    case education
    case url
    case isco
    case category
    case status
    /// The source's own mark that a record is a repost of an earlier, closed vacancy ("ja", "true", "1").
    case repost

    /// Fields every source must map.
    public static let required: [VacancyField] = [.id, .title]

    public static func < (lhs: VacancyField, rhs: VacancyField) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Hashes the case itself. A raw-valued enum otherwise hashes its raw String, and fields are dictionary keys
    /// in every record of every stage: that hashing was a tenth of the CSV reader's time.
    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: self) { hasher.combine(bytes: $0) }
    }
}

/// One record as read from a feed, before normalisation: values are text, a field found several times keeps each value.
///
/// The values are one flat list of (field, text) pairs in the order the reader met them: a record is built once per
/// feed record at full parse speed, and a small array is much cheaper to build than a dictionary of arrays.
/// `record[.title]` and `values(of:)` read it; `fields` groups it by field for display and tests.
public struct RawRecord: Sendable {
    /// One mapped value.
    public struct Value: Sendable, Equatable {
        public var field: VacancyField
        public var text: String

        public init(_ field: VacancyField, _ text: String) {
            self.field = field
            self.text = text
        }
    }

    /// Source name from the definition.
    public var source: String
    /// Where in the payload the record was found ("line 12", "element /jobs/job[3], line 40").
    public var location: String
    /// Mapped values in the order they were read (empty values are never kept). A description given as HTML is
    /// here as its plain text; the markup itself is not kept: no stage after parsing read it, and it was 43% of
    /// a parsed line's bytes, written and read again every night (docs/night.md).
    public var values: [Value]

    public init(source: String, location: String, values: [Value]) {
        self.source = source
        self.location = location
        self.values = values
    }

    /// A record from values grouped by field (tests, hand-made records); fields in their declaration order.
    public init(source: String, location: String, fields: [VacancyField: [String]] = [:]) {
        self.init(source: source, location: location,
                  values: VacancyField.allCases.flatMap { field in (fields[field] ?? []).map { Value(field, $0) } })
    }

    /// The first non-empty value of a field.
    public subscript(_ field: VacancyField) -> String? {
        for value in values where value.field == field && !value.text.isEmpty { return value.text }
        return nil
    }

    /// Every value of a field, in feed order.
    public func values(of field: VacancyField) -> [String] {
        values.compactMap { $0.field == field ? $0.text : nil }
    }

    /// The values grouped by field, each field's values in feed order.
    public var fields: [VacancyField: [String]] {
        var grouped: [VacancyField: [String]] = [:]
        for value in values { grouped[value.field, default: []].append(value.text) }
        return grouped
    }
}

/// Records are equal when they hold the same values per field: the order between different fields is not data.
extension RawRecord: Equatable {
    public static func == (lhs: RawRecord, rhs: RawRecord) -> Bool {
        lhs.source == rhs.source && lhs.location == rhs.location && lhs.fields == rhs.fields
    }
}

/// The NDJSON form groups values by field (`"fields": {"title": ["…"]}`), as it always has. Files of earlier
/// runs may hold a `descriptionHTML` member: it is passed over.
extension RawRecord: Codable {
    private enum CodingKeys: String, CodingKey { case source, location, fields }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let nested = try container.nestedContainer(keyedBy: FieldKey.self, forKey: .fields)
        var values: [Value] = []
        var fields: [(VacancyField, FieldKey)] = []
        for key in nested.allKeys {
            guard let field = VacancyField(rawValue: key.stringValue) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: nested, debugDescription: "unknown field '\(key.stringValue)'")
            }
            fields.append((field, key))
        }
        for (field, key) in fields.sorted(by: { $0.0 < $1.0 }) {
            values += try nested.decode([String].self, forKey: key).map { Value(field, $0) }
        }
        self.init(source: try container.decode(String.self, forKey: .source),
                  location: try container.decode(String.self, forKey: .location),
                  values: values)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(location, forKey: .location)
        var nested = container.nestedContainer(keyedBy: FieldKey.self, forKey: .fields)
        for (field, texts) in fields { try nested.encode(texts, forKey: FieldKey(stringValue: field.rawValue)) }
    }
}

/// A record that could not be taken in, kept with enough context for an operator to find and fix it.
public struct Reject: Codable, Sendable, Equatable {
    public var source: String
    public var file: String
    /// Line number, element path or byte offset, as the format allows.
    public var location: String
    public var reason: String
    /// The raw text of the record, shortened.
    public var snippet: String
    /// The source's id of the rejected record, when it could be read. A rejected record with an id keeps
    /// that vacancy open; one without makes the night's read of its source incomplete (nothing of it is closed).
    public var recordId: String?

    public init(source: String, file: String, location: String, reason: String, snippet: String, recordId: String? = nil) {
        self.source = source
        self.file = file
        self.location = location
        self.reason = reason
        self.snippet = String(snippet.prefix(500))
        self.recordId = recordId.map { String($0.prefix(500)) }
    }
}
