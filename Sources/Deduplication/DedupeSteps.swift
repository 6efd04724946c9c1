import KaartenbakCore

/// The stage's clustering of a set of records, kept step by step, for the tooling that explains it (`DedupeDiagnosis`
/// in DedupeTooling): the stage's own steps, not a copy of them, opened to the package only. The night does not use it.
package struct DedupeSteps {
    /// Record positions (as given) in the canonical order; every other index here is a position in that order.
    package let order: [Int]
    /// The clusters, as sorted positions.
    package let groups: [[Int]]
    private let features: [RecordFeatures]
    private let scorer: PairScorer
    private let edges: Set<UInt64>
    private let accepted: Set<UInt64>

    package init(records: [Vacancy], settings: DedupeSettings) {
        let threads = Parallel.threadCount(settings.threads)
        order = Deduplicator.canonicalOrder(records, threads: threads)
        let features = Deduplicator.features(records, order: order, settings: settings, threads: threads).features
        let scorer = PairScorer(settings: settings)
        let edges = CandidateGenerator(settings: settings, threads: threads).edges(features) { scorer.linkScore(features[$0], features[$1]) }.edges
        let clusterer = Clusterer(settings: settings, scorer: scorer, features: features)
        self.edges = Set(edges.map { Self.pairKey(Int($0.a), Int($0.b)) })
        accepted = Set(clusterer.dropAmbiguous(edges).map { Self.pairKey(Int($0.a), Int($0.b)) })
        groups = clusterer.groups(edges)
        self.features = features
        self.scorer = scorer
    }

    private static func pairKey(_ a: Int, _ b: Int) -> UInt64 { a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a) }

    /// The step that kept the pair at positions `a` and `b` apart, or (`together`) put them in one cluster.
    package func reason(_ a: Int, _ b: Int, together: Bool) -> String {
        var vetoRule = ""
        let score = scorer.score(features[a], features[b]) { rule, points in
            if points == PairScorer.veto { vetoRule = rule }
        }
        if together { return scorer.linkScore(features[a], features[b]) != nil ? "direct link" : "through the cluster" }
        if score == PairScorer.veto { return "veto: " + vetoRule }
        if scorer.linkScore(features[a], features[b]) == nil { return "below threshold" }
        if !edges.contains(Self.pairKey(a, b)) { return "not a candidate" }
        if !accepted.contains(Self.pairKey(a, b)) { return "ambiguity guard" }
        return "chaining or size guard"
    }

    /// Every pair the candidate generator yields (sorted positions, a < b, each once), for tooling that studies scores.
    package func candidatePairs() -> [(Int, Int)] {
        var pairs = Set<UInt64>()
        _ = CandidateGenerator(settings: scorer.settings, threads: 1).edges(features) { a, b in
            pairs.insert(Self.pairKey(a, b))
            return nil
        }
        return pairs.sorted().map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }

    /// A pair's score, the score it needs to link, whether it has specific evidence, and each rule's points.
    package func pairScore(_ a: Int, _ b: Int) -> (score: Double, needed: Double, specific: Bool, rules: [(String, Double)]) {
        var rules: [(String, Double)] = []
        let score = scorer.score(features[a], features[b]) { rules.append(($0, $1)) }
        let named = (features[a].hasNamedEmployer ? 1 : 0) + (features[b].hasNamedEmployer ? 1 : 0)
        let settings = scorer.settings
        let needed = settings.threshold + (named == 2 ? 0 : named == 1 ? settings.hiddenExtra : settings.hiddenExtra + settings.anonymousExtra)
        let specific = FeaturesRef.with(features[a], features[b]) { scorer.specificEvidence($0, $1) }
        return (score, needed, specific, rules)
    }

    /// Whether the stage sees no employer in `employer` (blank, or one that hides it: "onbekend", "via ons bureau").
    package static func hidesEmployer(_ employer: String?) -> Bool { MatchKeys.employerKey(employer) == nil }

    /// A title as the stage compares titles: folded.
    package static func titleKey(_ title: String) -> String { TextKeys.string(TextKeys.fold(title)) }
}
