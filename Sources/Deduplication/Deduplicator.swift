import KaartenbakCore
import Logging

/// One real vacancy: the source records that carry it and their merged record.
public struct VacancyCluster: Sendable, Codable, Equatable {
    /// Source records, ordered by member key.
    public var members: [Vacancy]
    public var merged: MergedVacancy
    /// The smallest member key: deterministic, and stable while that record stays in the cluster.
    public var key: String

    public init(members: [Vacancy], merged: MergedVacancy, key: String) {
        self.members = members
        self.merged = merged
        self.key = key
    }
}

/// Cross-source deduplication: candidate generation, pair scoring, guarded clustering, merging.
///
/// Determinism: records are first sorted by member key (ties by content), and every later step works
/// on those positions, so the result is the same for any input order and any thread count.
public struct Deduplicator: Sendable {
    public let settings: DedupeSettings
    let logger: Logger

    public init(settings: DedupeSettings = DedupeSettings(), logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// The identity of a source record: "source\u{1F}sourceRecordId".
    public static func memberKey(_ vacancy: Vacancy) -> String {
        MemberKey.of(source: vacancy.source, recordId: vacancy.sourceRecordId)
    }

    /// The evidence score of two records (see `PairScorer`), `-infinity` when a rule keeps them apart.
    /// For explanations and tuning; clustering also applies the chaining and ambiguity guards.
    public func score(_ a: Vacancy, _ b: Vacancy) -> Double {
        explain(a, b).score
    }

    /// Whether the two records alone are enough to link them: the score reaches the threshold and
    /// some evidence is specific to one job (see `PairScorer.linkScore`). Clustering's guards come after.
    public func links(_ a: Vacancy, _ b: Vacancy) -> Bool {
        let pair = pairFeatures(a, b)
        return PairScorer(settings: settings).linkScore(pair[0], pair[1]) != nil
    }

    /// Explanations of pairs of `records` (by position) as clustering sees them: features computed
    /// over the whole set, since employer trust and common facts depend on it.
    public func explainer(for records: [Vacancy]) -> (Int, Int) -> (score: Double, rules: [(String, Double)]) {
        let threads = Parallel.threadCount(settings.threads)
        let features = Self.features(records, order: Array(records.indices), settings: settings, threads: threads).features
        let scorer = PairScorer(settings: settings)
        return { a, b in Self.explain(features[a], features[b], scorer) }
    }

    /// The score and each rule's contribution ("title": 3, "place": -inf, ...), in rule order.
    public func explain(_ a: Vacancy, _ b: Vacancy) -> (score: Double, rules: [(String, Double)]) {
        let pair = pairFeatures(a, b)
        return Self.explain(pair[0], pair[1], PairScorer(settings: settings))
    }

    private static func explain(_ a: RecordFeatures, _ b: RecordFeatures, _ scorer: PairScorer)
        -> (score: Double, rules: [(String, Double)]) {
        var rules: [(String, Double)] = []
        let score = scorer.score(a, b) { rules.append(($0, $1)) }
        return (score, rules)
    }

    /// Features of two records as if they were the whole set (employer trust, common facts).
    private func pairFeatures(_ a: Vacancy, _ b: Vacancy) -> [RecordFeatures] {
        let extractor = FeatureExtractor(hashCount: settings.lshBands * settings.lshRows)
        var pair = [extractor.features(of: a), extractor.features(of: b)]
        Self.markTrustedEmployers(&pair)
        Self.markCommonFacts(&pair)
        return pair
    }

    /// Groups records into vacancies and merges each group.
    ///
    /// For records in memory (tests, evaluation, the benchmark's generator). The pipeline uses
    /// `run(inputs:...)`, which reads the records from files; both share every step after feature
    /// extraction (`link`, the clusterer, the merger).
    public func cluster(_ records: [Vacancy]) -> [VacancyCluster] {
        let (order, groups, tables) = groupIndices(records)
        let merger = Merger(settings: settings, employers: tables.employers)
        let threads = Parallel.threadCount(settings.threads)
        return records.withUnsafeBufferPointer { buffer in
            let input = UnsafeSendable(buffer)
            return Parallel.map(groups.count, threads: threads) { index in
                merger.cluster(groups[index].map { input.value[order[$0]] })
            }
        }
    }

    /// The clustering without merging: positions into `records`, each group ordered by member key,
    /// groups ordered by their first key. For evaluation and benchmarks.
    public func clusterIndices(_ records: [Vacancy]) -> [[Int]] {
        let (order, groups, _) = groupIndices(records)
        return groups.map { $0.map { order[$0] } }
    }

    /// `order` maps sorted positions to input positions; groups hold sorted positions.
    private func groupIndices(_ records: [Vacancy])
        -> (order: [Int], groups: [[Int]], tables: FeatureExtractor.KeyTables) {
        let threads = Parallel.threadCount(settings.threads)
        let order = Self.canonicalOrder(records, threads: threads)
        let (features, tables) = Self.features(records, order: order, settings: settings, threads: threads)
        return (order, link(features).groups, tables)
    }

    /// What `link` did, for logs and the stage's notes.
    struct LinkStats {
        var candidates = 0
        var edges = 0
        /// Pairs of unchanged records not paired again because their verdicts are last night's (see `EdgeReuse`).
        var reused = 0
    }

    /// Scores the candidate pairs of `features` (in canonical order, employers marked trusted) and
    /// clusters them: groups of positions, each ascending, ordered by their first position.
    /// With `reuse`, pairs whose verdicts are known from last night are not paired again (their
    /// edges are carried over).
    func link(_ features: [RecordFeatures], reuse: EdgeReuse? = nil)
        -> (groups: [[Int]], edges: [Edge], stats: LinkStats) {
        let threads = Parallel.threadCount(settings.threads)
        let clock = ContinuousClock()
        let started = clock.now
        let scorer = PairScorer(settings: settings)
        let generator = CandidateGenerator(settings: settings, threads: threads)
        let generated = features.withUnsafeBufferPointer { buffer in
            // Called with records' positions only: the buffer is not empty.
            generator.edges(features, changes: reuse?.changes) { a, b in
                scorer.linkScore(FeaturesRef(buffer.baseAddress! + a), FeaturesRef(buffer.baseAddress! + b))
            }
        }
        var edges = generated.edges
        let pairedTime = clock.now - started
        if let reuse, let pairing = generated.pairing {
            // A pair both generated and carried has the same score both times: keep one.
            edges = TextKeys.sortedUnique(edges + reuse.carriedEdges(pairing, features: features, generator: generator))
        }
        let edgeTime = clock.now - started
        let clusterer = Clusterer(settings: settings, scorer: scorer, features: features)
        let groups: [[Int]]
        var clusteredEdges = edges.count
        if let reuse {
            let split = reuse.unchangedComponents(edges, count: features.count)
            clusteredEdges = split.edges.count
            groups = EdgeReuse.combine(roots: clusterer.roots(split.edges), carried: split.carried)
        } else {
            groups = clusterer.groups(edges)
        }
        let stats = LinkStats(candidates: generated.candidates, edges: edges.count, reused: generated.skipped)
        logger.debug("dedupe", metadata: [
            "records": "\(features.count)", "candidates": "\(generated.candidates)", "reused": "\(stats.reused)",
            "edges": "\(edges.count)", "clustered-edges": "\(clusteredEdges)", "clusters": "\(groups.count)",
            "paired": "\(pairedTime)", "edges-done": "\(edgeTime)",
            "clustered": "\(clock.now - started)",
        ])
        return (groups, edges, stats)
    }

    /// Features of the records in `order` (sorted positions), employers marked trusted and common
    /// facts marked.
    static func features(_ records: [Vacancy], order: [Int], settings: DedupeSettings, threads: Int)
        -> (features: [RecordFeatures], tables: FeatureExtractor.KeyTables) {
        let extractor = FeatureExtractor(hashCount: settings.lshBands * settings.lshRows)
        let tables = records.withUnsafeBufferPointer { FeatureExtractor.KeyTables.build($0, threads: threads) }
        var features: [RecordFeatures] = records.withUnsafeBufferPointer { buffer in
            let input = UnsafeSendable(buffer)
            return Parallel.map(order.count, threads: threads) {
                extractor.features(of: input.value[order[$0]], tables: tables)
            }
        }
        markTrustedEmployers(&features)
        markCommonFacts(&features, threads: threads)
        return (features, tables)
    }

    /// Marks the facts (`RecordFeatures.facts`) that are common among postings of one occupation:
    /// in at least `commonFactShare` of them and in more postings than one vacancy has copies. What
    /// is left tells two employers' postings apart; what is marked is the occupation's boilerplate.
    static func markCommonFacts(_ features: inout [RecordFeatures], threads: Int = 1) {
        // Two groupings: the ISCO group, and the finer occupation (an ISCO group of office clerks
        // holds several trades, each with its own boilerplate: "Excel" for one, "Exact" for another).
        func group(_ f: FeaturesRef, _ grouping: Int) -> UInt64 {
            grouping == 0 ? (f.isco != 0 ? f.isco : f.titleHead) : (f.occupation != 0 ? TextKeys.combine(7, f.occupation) : 0)
        }
        // Records are read in place (`FeaturesRef`): a copy of each record's features per thread
        // retained and released every array in it, most of this function's time at a million records.
        let masks = features.withUnsafeBufferPointer { buffer -> [UInt16] in
            let records = UnsafeSendable(buffer)
            // Counted in parts by key, one part a thread: each part reads every record and counts its own keys.
            let parts = UInt64(max(1, threads))
            let tables = Parallel.map(Int(parts), threads: Int(parts)) { part -> (groupSize: HashMap64<Int32>, counts: HashMap64<Int32>) in
                var groupSize = HashMap64<Int32>(empty: 0)
                var counts = HashMap64<Int32>(capacity: records.value.count * 4 / Int(parts), empty: 0)
                for index in records.value.indices {
                    let f = FeaturesRef(records.value.baseAddress! + index)
                    if f.facts.isEmpty { continue }
                    for grouping in 0..<2 {
                        let g = group(f, grouping)
                        if g == 0 { continue }
                        if g % parts == UInt64(part) { groupSize.update(g, initial: 0) { $0 += 1 } }
                        for fact in f.facts {
                            let key = TextKeys.combine(g, UInt64(fact))
                            if key % parts == UInt64(part) { counts.update(key, initial: 0) { $0 += 1 } }
                        }
                    }
                }
                return (groupSize, counts)
            }
            // The tables are read through readers too (see `HashMap64.Reader`).
            return HashMap64.withReaders(tables.map(\.groupSize)[...]) { groupSizes in
                HashMap64.withReaders(tables.map(\.counts)[...]) { counts in
                    Parallel.map(records.value.count, threads: threads) { index -> UInt16 in
                        let f = FeaturesRef(records.value.baseAddress! + index)
                        var mask: UInt16 = 0
                        if f.facts.isEmpty { return mask }
                        for grouping in 0..<2 {
                            let g = group(f, grouping)
                            if g == 0 { continue }
                            let needed = max(Double(minimumCommonFactCount),
                                             commonFactShare * Double(groupSizes[Int(g % parts)][g] ?? 0))
                            for (bit, fact) in f.facts.enumerated() {
                                let key = TextKeys.combine(g, UInt64(fact))
                                if Double(counts[Int(key % parts)][key] ?? 0) >= needed { mask |= 1 << UInt16(bit) }
                            }
                        }
                        return mask
                    }
                }
            }
        }
        for index in features.indices { features[index].commonFacts = masks[index] }
    }

    /// A fact in this share of an occupation's postings is its boilerplate (streets, team sizes and
    /// pay scales are each far rarer; the countries of an international driver's routes far commoner).
    static let commonFactShare = 0.1
    /// ... and in at least this many postings: one vacancy copied by five sources is not boilerplate.
    static let minimumCommonFactCount = 6

    /// An employer name is trusted when a non-agency publisher uses it too ("Tempo-Team" on an
    /// agency's own postings is the agency, "Jansen Transport" is the client), and it does not
    /// name a staffing firm (a job board showing the agency's copy under the agency's name): by a staffing word in it
    /// ("uitzend", "detacher"), or by being the name of an agency's own feed's site ("Horeca Inzet", "ZorgFlex").
    static func markTrustedEmployers(_ features: inout [RecordFeatures]) {
        // Employer keys are hashes already (see `HashMap64`).
        // The agencies' own feeds' sites (`RecordFeatures.agencySite`): a job board's or werk.nl's posting under a name
        // that is such a site's ("Horeca Inzet" of www.horecainzet.nl) is the agency's copy, its name no employer's.
        // The sites' names are 16-bit words of `WordSet4`s: a table of all 65,536 marks which are.
        var site = [Bool](repeating: false, count: 1 << 16)
        var anySite = false
        for f in features where f.isAgency && f.agencySite.count > 0 {
            // A site's name is one word: the set's first slot.
            site[Int(UInt16(truncatingIfNeeded: f.agencySite.packed))] = true
            anySite = true
        }
        for index in features.indices {
            let f = features[index]
            features[index].agencyByName = anySite && !f.isAgency && f.employer != 0 && !f.staffingName
                && f.siteLikeNames.contains(anyOf: site)
        }
        var named = HashMap64<Bool>(capacity: 1 << 16, empty: false)
        for f in features where !f.isAgency && f.employer != 0 && !f.staffingName && !f.agencyByName { _ = named.insert(f.employer, true) }
        for index in features.indices where features[index].employer != 0 {
            let f = features[index]
            features[index].employerTrusted = !f.staffingName && !f.agencyByName && (!f.isAgency || named[f.employer] != nil)
        }
    }

    /// Input positions sorted by member key, ties (the same record listed twice) by content.
    static func canonicalOrder(_ records: [Vacancy], threads: Int) -> [Int] {
        let keys = records.withUnsafeBufferPointer { buffer in
            let input = UnsafeSendable(buffer)
            return Parallel.map(buffer.count, threads: threads) { index in
                (memberKey(input.value[index]), contentHash(input.value[index]))
            }
        }
        return records.indices.sorted { keys[$0] < keys[$1] }
    }

    static func contentHash(_ v: Vacancy) -> UInt64 {
        let texts: [String?] = [
            v.title, v.normalisedTitle, v.coding.isco, v.coding.occupation, v.employer, v.place, v.postcode,
            v.datePosted, v.closingDate, v.description, v.url, v.contract, v.education, v.salaryPeriod, v.location,
        ]
        let numbers = [v.hoursMin, v.hoursMax, v.salaryMin, v.salaryMax]
        let hash = texts.reduce(UInt64(17)) { TextKeys.combine($0, TextKeys.hash($1 ?? "\u{0}")) }
        return numbers.reduce(hash) { TextKeys.combine($0, $1?.bitPattern ?? 0x7FF8_DEAD) }
    }

}

extension Merger {
    /// A cluster of `members` (ordered by member key) with its merged record.
    func cluster(_ members: [Vacancy]) -> VacancyCluster {
        VacancyCluster(members: members, merged: merge(members), key: Deduplicator.memberKey(members[0]))
    }
}

/// A scored link between two sorted positions (a < b).
struct Edge: Comparable, Sendable {
    var a: Int32
    var b: Int32
    var score: Double

    /// Strongest first, then by position: a total, input-order-free order.
    static func < (lhs: Edge, rhs: Edge) -> Bool {
        if lhs.score != rhs.score { return lhs.score > rhs.score }
        if lhs.a != rhs.a { return lhs.a < rhs.a }
        return lhs.b < rhs.b
    }
}
