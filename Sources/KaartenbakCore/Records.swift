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

/// One record as read from a feed, before normalisation: values are text, repeated elements are lists.
public struct RawRecord: Codable, Sendable, Equatable {
    /// Source name from the definition.
    public var source: String
    /// Where in the payload the record was found ("line 12", "/jobs/job[3]").
    public var location: String
    /// Mapped values; a field present several times in the record keeps every value, in order.
    public var fields: [VacancyField: [String]]
    /// The description's original HTML, where the source provides HTML.
    public var descriptionHTML: String?

    public init(source: String, location: String, fields: [VacancyField: [String]] = [:],
                descriptionHTML: String? = nil) {
        self.source = source
        self.location = location
        self.fields = fields
        self.descriptionHTML = descriptionHTML
    }

    /// The first non-empty value of a field.
    public subscript(_ field: VacancyField) -> String? {
        fields[field]?.first { !$0.isEmpty }
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

    public init(source: String, file: String, location: String, reason: String, snippet: String) {
        self.source = source
        self.file = file
        self.location = location
        self.reason = reason
        self.snippet = String(snippet.prefix(500))
    }
}
