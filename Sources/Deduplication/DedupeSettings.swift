import KaartenbakCore

/// Tuning knobs of the deduplicator. The defaults are the values tuned on the hand-made and
/// generated labelled sets (fixtures/dedupe/README.md); change them only with an evaluation run.
public struct DedupeSettings: Sendable, Codable, Equatable {
    /// Minimum pair score (sum of evidence points, see `PairScorer`) for two records to be linked.
    /// Default 5.5: roughly "same occupation and place plus two more agreeing facts".
    public var threshold: Double = 5.5
    /// Extra score, on top of `hiddenExtra`, needed to link two postings neither of which names the
    /// employer (two agencies hiding their client). Default 1.5.
    public var anonymousExtra: Double = 1.5
    /// Extra score needed to link a posting that hides the employer to any other: without the
    /// employer, similar jobs in one town look alike, and most wrong links were of this kind (an
    /// agency's only posting of a job joined to another employer's by a shared team size). Two
    /// postings naming one employer have that name to vouch for them. Default 2.5.
    public var hiddenExtra: Double = 2.5
    /// A posting without a named employer that fits two employers' postings within this many points
    /// of each other is linked to neither (see `Clusterer`). Default 1.0.
    public var ambiguityMargin: Double = 0.5
    /// When two clusters join, every pair across them must score at least this
    /// (complete-link guard against chaining). Default 3.0.
    public var linkThreshold: Double = 3.0
    /// Two postings further apart than this in `datePosted` are different vacancies (a repost
    /// after closing is a new vacancy). Default 60 days.
    public var repostGapDays: Int = 60
    /// Source name → priority for the merged record; higher wins. Sources not listed get a default by
    /// publisher kind (employer 50, municipality 45, public employment service 40, school 35,
    /// job board 20, agency 10). The pipeline fills this from `SourceDefinition.priority`.
    public var sourcePriority: [String: Int] = [:]
    /// Blocks larger than this are not paired all-against-all: members are paired within date tiles
    /// (`tileDays`, `tileSize`, see `CandidateGenerator`). Keeps the work near-linear. Default 12.
    public var maxBlockSize: Int = 12
    /// Width in days of the posting-date tiles of an oversized block: a member is paired with the
    /// members of its own tile and the next. Default 7 (copies of one vacancy are posted within days).
    public var tileDays: Int = 7
    /// A tile with more members than this is split into 2, 4, 8, ... buckets by hash, members paired
    /// within their bucket only: at most about 3 × `tileSize` partners per member and key. Default 24:
    /// at 12, a third of the missed agency-employer pairs of a 97k set were never paired (their
    /// crowded tile's buckets separated them); 24 costs about 30% more candidate pairs at 100k records.
    public var tileSize: Int = 24
    /// A cluster never grows beyond this many records (a guard, not a target). Default 64.
    public var maxClusterSize: Int = 64
    /// MinHash LSH over description content words: `bands` × `rows` hash values. Defaults 4 × 4.
    public var lshBands: Int = 4
    public var lshRows: Int = 4
    /// Worker threads for feature extraction and scoring; 0 means one per core. Output does not
    /// depend on this number.
    public var threads: Int = 0

    public init() {}

    /// Priority of a source for the merged record.
    public func priority(of source: String, publisher: PublisherKind) -> Int {
        if let value = sourcePriority[source] { return value }
        switch publisher {
        case .employer: return 50
        case .municipality: return 45
        case .publicEmploymentService: return 40
        case .school: return 35
        case .jobBoard: return 20
        case .agency: return 10
        }
    }
}
