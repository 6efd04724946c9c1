import Foundation

/// Feed formats a source can have.
public enum FeedFormat: String, Codable, Sendable, CaseIterable {
    case xml, csv, json
}

/// Per-source transfer limits. Defaults suit a nightly batch over slow regional servers.
public struct FetchLimits: Codable, Sendable, Hashable {
    public var maxBytes: Int = 200 * 1024 * 1024
    public var connectTimeout: Double = 15
    public var timeout: Double = 600
    public var maxRedirects: Int = 5
    /// Abort when fewer than `lowSpeedBytes` per second arrive for `lowSpeedTime` seconds.
    public var lowSpeedBytes: Int = 1024
    public var lowSpeedTime: Double = 30
    public init() {}
}

/// Bounds on what one feed may cost to read: every value of a feed is untrusted (docs/bad-feeds.md).
/// Set per source under `limits:`; the defaults fit every feed of the Dutch market we have seen with room to spare.
public struct ReadLimits: Codable, Sendable, Hashable {
    /// Captured text of one record (all mapped fields together).
    public var maxRecordBytes = 2 * 1024 * 1024
    /// One title: a longer one is no title but a feed fault.
    public var maxTitleBytes = 1024
    /// One description (its text; HTML included).
    public var maxDescriptionBytes = 512 * 1024
    /// Any other single value (employer, place, dates, ...).
    public var maxFieldBytes = 8 * 1024
    /// One XML start tag with its attributes. libxml2 (2.9) checks each attribute against all before it, so its
    /// cost grows with the square of their number: 64 KiB holds at most about 13,000 attributes (some 85 million
    /// comparisons by that square, an estimate, not a measurement),
    /// where 100,000 took 244 s.
    public var maxTagBytes = 64 * 1024
    /// Element nesting depth of an XML feed (libxml2 itself stops at 256), and of a JSON feed's values.
    public var maxDepth = 200
    /// A quoted CSV cell longer than this makes its row a reject.
    public var maxQuotedCellBytes = 1024 * 1024
    /// Seconds reading one feed file may take; past it the read stops and is incomplete.
    public var parseTimeout: Double = 600
    public init() {}

    /// The limit for one value of `field`.
    public func maxBytes(of field: VacancyField) -> Int {
        switch field {
        case .title: return maxTitleBytes
        case .description: return maxDescriptionBytes
        default: return maxFieldBytes
        }
    }
}

/// How the pages of a paged source are found: a next-page link in the feed, or a numbered
/// query parameter. Exactly one of `nextLink` and `parameter` is set.
public struct PagingDefinition: Codable, Sendable, Hashable {
    /// XML: path of the element holding the next page's URL (e.g. "feed/next"), or ".../@href" for an
    /// attribute; missing or empty on the last page.
    public var nextLink: String?
    /// A query parameter that numbers the pages ("page") or records ("offset"); paging ends at a page
    /// without records.
    public var parameter: String?
    /// The parameter's value for the first page.
    public var start: Int
    /// Added to the parameter for each next page (the page size, for an offset).
    public var step: Int
    /// More pages than this fail the source: the payload set would be incomplete.
    public var maxPages: Int

    public init(nextLink: String? = nil, parameter: String? = nil, start: Int = 1, step: Int = 1, maxPages: Int = 100) {
        self.nextLink = nextLink
        self.parameter = parameter
        self.start = start
        self.step = step
        self.maxPages = maxPages
    }
}

/// One regional source: where its feed is, what it looks like, and how it maps onto a vacancy.
public struct SourceDefinition: Codable, Sendable, Hashable {
    public var name: String
    public var publisher: PublisherKind
    public var region: String?
    /// http(s) URL, or a local path (resolved against the pipeline file's folder).
    public var url: String
    public var format: FeedFormat
    /// "auto" (BOM, XML declaration, then detection), or utf-8, utf-16, windows-1252, iso-8859-1.
    public var encoding: String
    /// CSV delimiter; nil means sniff.
    public var delimiter: String?
    /// XML: path of the element that holds one vacancy, e.g. "jobs/job" or "hr:PositionOpening".
    public var record: String?
    /// XML: namespace prefixes used in `record` and `fields`, prefix → URI.
    public var namespaces: [String: String]
    /// Field → one or more paths (XML, relative to the record element) or column names (CSV),
    /// or JSON keys with dots ("hiringOrganization.name").
    public var fields: [VacancyField: [String]]
    /// Higher wins when merged records disagree on a field.
    public var priority: Int
    public var limits: FetchLimits
    /// Share of rejected records (0...1) above which the source is failed instead of published.
    public var maxRejectRate: Double
    /// Extra request headers; values of the form `${NAME}` are read from the environment.
    public var headers: [String: String]
    /// Set for a feed served in pages; nil for a single document.
    public var paging: PagingDefinition?
    /// What reading the feed may cost (`limits:` keys beside the fetch limits).
    public var read = ReadLimits()
    /// A feed with no records fails the source unless this is set (an empty feed is more often a fault).
    public var mayBeEmpty = false
    /// Fewer records than this fail the source (`min_records`; 0 = no minimum beyond `may_be_empty`).
    public var minRecords = 0
    /// Mapped fields that may be empty in every record of a night (`allow_empty`). Any other mapped field that
    /// is empty in every record fails the source: it is far more often a mapping typo than a feed without, say,
    /// places, and publishing it would blank that field in the catalogue. Sorted, no repeats: an array, not a set,
    /// so that the definition encodes the same way in every process (the step cache's key is made from it).
    public var allowEmpty: [VacancyField] = []

    public init(name: String, publisher: PublisherKind, region: String? = nil, url: String,
                format: FeedFormat, encoding: String = "auto", delimiter: String? = nil,
                record: String? = nil, namespaces: [String: String] = [:],
                fields: [VacancyField: [String]], priority: Int = 0, limits: FetchLimits = FetchLimits(),
                maxRejectRate: Double = 0.5, headers: [String: String] = [:], paging: PagingDefinition? = nil) {
        self.name = name
        self.publisher = publisher
        self.region = region
        self.url = url
        self.format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.record = record
        self.namespaces = namespaces
        self.fields = fields
        self.priority = priority
        self.limits = limits
        self.maxRejectRate = maxRejectRate
        self.headers = headers
        self.paging = paging
    }

    /// True when `url` names an http or https resource rather than a local file.
    public var isRemote: Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}

/// Thresholds that keep a broken night from reaching the published catalogue.
public struct PublishSettings: Codable, Sendable, Hashable {
    /// Refuse a source whose record count fell by more than this share against its last good run.
    public var maxDropShare: Double = 0.5
    /// Write `catalogue.ndjson` beside the catalogue every night. Off by default: rewriting the whole
    /// export (1.6 GB at a million records) was most of a night in which little changed;
    /// `kaartenbak export` writes it when it is wanted.
    public var export: Bool = false
    /// Where the night is published. SQLite is the system of record and always comes first; the
    /// others (`postgres`) receive a copy of the committed catalogue afterwards.
    public var targets: [PublishTarget] = [.sqlite]
    public init() {}

    /// The targets after the SQLite catalogue.
    public var mirrors: [PublishTarget] { targets.filter { $0 != .sqlite } }
}

/// A place a night is published to (`publish: targets: [sqlite, postgres]`).
public enum PublishTarget: String, Codable, Sendable, Hashable, CaseIterable {
    /// `catalogue.sqlite` in the data directory: always published, the system of record.
    case sqlite
    /// A PostgreSQL database named by `KAARTENBAK_POSTGRES_URL` (docs/postgres.md).
    case postgres
}

/// How tonight's records relate to earlier nights' vacancies.
public struct IdentitySettings: Codable, Sendable, Hashable {
    /// Two postings further apart than this in their posting dates are different vacancies, even
    /// when everything else agrees (the same job advertised again after it was filled).
    public var repostGapDays: Int = 60
    /// A closed vacancy whose record comes back within this many days of closing is reopened under
    /// its old id (a feed that missed it for a while); later, or when the source marks the record as
    /// a repost, the record is a new vacancy with a new id.
    public var reopenWithinDays: Int = 30
    public init() {}
}

/// A pipeline file: a named set of sources, usually one labour-market region.
public struct PipelineDefinition: Codable, Sendable, Hashable {
    /// Version of the definition format.
    public static let formatVersion = 1

    public var version: Int
    public var name: String
    public var region: String?
    /// The file this was read from; local source paths are resolved against its folder.
    public var file: String
    public var sources: [SourceDefinition]
    /// When set, every local source path must lie under this folder (`local_root`, relative to the pipeline file).
    public var localRoot: String?
    public var publish: PublishSettings
    public var identity: IdentitySettings

    public init(version: Int = PipelineDefinition.formatVersion, name: String, region: String? = nil,
                file: String, sources: [SourceDefinition], publish: PublishSettings = PublishSettings(),
                identity: IdentitySettings = IdentitySettings()) {
        self.version = version
        self.name = name
        self.region = region
        self.file = file
        self.sources = sources
        self.publish = publish
        self.identity = identity
    }

    public func source(named name: String) -> SourceDefinition? {
        sources.first { $0.name == name }
    }

    /// The local file a non-remote source's `url` points to (a plain path; `file://` URLs are refused on loading).
    public func localPath(of source: SourceDefinition) -> String {
        resolve(source.url)
    }

    /// A path of the definition, relative to the pipeline file's folder.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        return base.appendingPathComponent(path).standardizedFileURL.path
    }
}
