/// A ranked alternative the classifier considered.
public struct OccupationCandidate: Codable, Sendable, Equatable {
    /// ISCO-08 unit group, four digits.
    public var isco: String
    /// Kaartenbak's finer occupation id (e.g. "vrachtwagenchauffeur-internationaal").
    public var occupation: String
    public var label: String
    public var score: Double

    public init(isco: String, occupation: String, label: String, score: Double) {
        self.isco = isco
        self.occupation = occupation
        self.label = label
        self.score = score
    }
}

/// The classifier's verdict on one title: an answer with reasons, or an abstention with candidates.
public struct OccupationCoding: Codable, Sendable, Equatable {
    /// ISCO-08 unit group, or nil when the classifier abstains or finds nothing.
    public var isco: String?
    public var occupation: String?
    public var occupationLabel: String?
    /// 0...1.
    public var confidence: Double
    /// True when several occupations fit and the evidence does not decide between them.
    public var ambiguous: Bool
    public var candidates: [OccupationCandidate]
    /// Readable reasons for the decision or the abstention.
    public var reasons: [String]

    public init(isco: String? = nil, occupation: String? = nil, occupationLabel: String? = nil,
                confidence: Double = 0, ambiguous: Bool = false,
                candidates: [OccupationCandidate] = [], reasons: [String] = []) {
        self.isco = isco
        self.occupation = occupation
        self.occupationLabel = occupationLabel
        self.confidence = confidence
        self.ambiguous = ambiguous
        self.candidates = candidates
        self.reasons = reasons
    }

    public static let none = OccupationCoding(reasons: ["no occupation matched the title"])

    /// The candidates' scores on one scale: each candidate's share of the evidence among the candidates, 0 to 1,
    /// two decimals, together 1. The classifier's rules weigh evidence in units of their own (a title synonym 6,
    /// a licence 2.5, an ESCO label 0.5, a similarity 0.8), so their raw scores could not be read side by side;
    /// shares can. How sure the decision is, is `confidence`.
    public func withCandidateShares() -> OccupationCoding {
        let total = candidates.reduce(0) { $0 + max($1.score, 0) }
        guard total > 0 else { return self }
        var coding = self
        coding.candidates = candidates.map { candidate in
            var shared = candidate
            shared.score = (max(candidate.score, 0) / total * 100).rounded() / 100
            return shared
        }
        return coding
    }
}

/// The kind of organisation that publishes a feed.
public enum PublisherKind: String, Codable, Sendable, CaseIterable {
    case employer
    case agency
    case publicEmploymentService = "public_employment_service"
    case municipality
    case jobBoard = "job_board"
    case school
}

/// A normalised vacancy from one source: the output of the normalise stage.
public struct Vacancy: Codable, Sendable, Equatable {
    public var source: String
    public var sourceRecordId: String
    public var publisher: PublisherKind
    public var region: String?
    /// The title exactly as the source gave it.
    public var title: String
    /// The title with gender markers, hours, places and noise removed.
    public var normalisedTitle: String
    public var coding: OccupationCoding
    /// The description as text. The source's markup is not carried: nothing after parsing reads it (the
    /// catalogue keeps text), it was over a quarter of every normalised file's bytes, and the landed payload
    /// keeps it as the source sent it.
    public var description: String?
    public var employer: String?
    /// The employer name reduced for matching: lower case, legal form and punctuation removed.
    public var employerKey: String?
    public var place: String?
    /// "4811 AB" or "4811" when only the digits are known.
    public var postcode: String?
    public var province: String?
    /// Municipality, province and labour-market region from the postcode or place (`Geography.placement`),
    /// with what they rest on.
    public var placement: Placement?
    /// The inclusive-work signals the title and description give, each with its evidence; nil when none.
    public var signals: [WorkSignal]?
    /// ISO 8601 dates (yyyy-mm-dd).
    public var datePosted: String?
    public var closingDate: String?
    public var hoursMin: Double?
    public var hoursMax: Double?
    public var salaryMin: Double?
    public var salaryMax: Double?
    /// "hour", "week", "month" or "year".
    public var salaryPeriod: String?
    /// permanent, temporary, temp_agency, internship, freelance, apprenticeship, ...
    public var contract: String?
    /// fulltime or parttime.
    public var schedule: String?
    /// vmbo, mbo, havo, vwo, hbo, wo.
    public var education: String?
    public var url: String?
    /// Where in the payload the record came from.
    public var location: String
    /// True when the source marks the record as a repost of an earlier vacancy: it then never
    /// reopens a closed vacancy (see `IdentitySettings.reopenWithinDays`).
    public var repost: Bool?

    public init(source: String, sourceRecordId: String, publisher: PublisherKind, region: String?,
                title: String, normalisedTitle: String, coding: OccupationCoding, location: String) {
        self.source = source
        self.sourceRecordId = sourceRecordId
        self.publisher = publisher
        self.region = region
        self.title = title
        self.normalisedTitle = normalisedTitle
        self.coding = coding
        self.location = location
    }
}

/// Sources disagreeing on a field that should not vary between postings of one vacancy (two
/// different salaries, say): deduplication finds them, the catalogue keeps them.
public struct FieldConflict: Codable, Sendable, Equatable {
    public struct Value: Codable, Sendable, Equatable {
        public var source: String
        public var sourceRecordId: String
        public var value: String
        public init(source: String, sourceRecordId: String, value: String) {
            self.source = source
            self.sourceRecordId = sourceRecordId
            self.value = value
        }
    }
    /// Field name as in `MergedVacancy` ("salary", "hours", "employer", "closingDate", ...).
    public var field: String
    /// Every member's value, in member order.
    public var values: [Value]
    public init(field: String, values: [Value]) {
        self.field = field
        self.values = values
    }
}

/// A catalogue vacancy's status (`vacancies.status`, the API's `status` filter).
public enum VacancyStatus: String, Codable, Sendable, CaseIterable {
    case open
    /// Every source that carried it was read and no longer lists it (or says it is closed).
    case closed
    /// Last night two vacancies, tonight recognised as one: it lives on under `merged_into`.
    case merged
}

/// The status filter as the API, the web pages and `export --status` take it: one status, or any.
public enum VacancyStatusChoice: String, Sendable, CaseIterable {
    case open, closed, merged, any

    /// The status to filter on; nil for any.
    public var status: VacancyStatus? { VacancyStatus(rawValue: rawValue) }
    /// "open, closed, merged or any", for messages.
    public static var spelled: String { allCases.dropLast().map(\.rawValue).joined(separator: ", ") + " or " + allCases.last!.rawValue }
}
