/// Greedy agglomerative clustering over scored edges, strongest first, with two guards:
///
/// * complete link: two clusters join only when every pair across them scores at least
///   `linkThreshold` (and none is vetoed), so A~B and B~C never pull in a C unlike A;
/// * ambiguity: a record without a known employer (an agency's "voor onze opdrachtgever") that fits
///   postings of two different employers about equally well is linked to neither of them.
///   Agencies' own names do not count as employers here.
struct Clusterer {
    let settings: DedupeSettings
    let scorer: PairScorer
    let features: [RecordFeatures]

    /// Groups of sorted positions, each ascending, ordered by their first position.
    func groups(_ edges: [Edge]) -> [[Int]] {
        let accepted = dropAmbiguous(edges)
        var clusterOf = Array(0..<features.count)
        var members: [Int: [Int]] = [:]
        func membersOf(_ root: Int) -> [Int] { members[root] ?? [root] }

        for edge in accepted {
            let ra = clusterOf[Int(edge.a)], rb = clusterOf[Int(edge.b)]
            if ra == rb { continue }
            let left = membersOf(ra), right = membersOf(rb)
            guard left.count + right.count <= settings.maxClusterSize, linksCompletely(left, right) else { continue }
            let (keep, drop) = left.count >= right.count ? (ra, rb) : (rb, ra)
            let moved = keep == ra ? right : left
            for index in moved { clusterOf[index] = keep }
            members[keep] = (keep == ra ? left : right) + moved
            members[drop] = nil
        }

        var groupOfRoot: [Int: Int] = [:]
        var groups: [[Int]] = []
        for index in clusterOf.indices {
            let root = clusterOf[index]
            if let group = groupOfRoot[root] {
                groups[group].append(index)
            } else {
                groupOfRoot[root] = groups.count
                groups.append([index])
            }
        }
        return groups
    }

    private func linksCompletely(_ left: [Int], _ right: [Int]) -> Bool {
        for a in left {
            for b in right where scorer.score(features[a], features[b]) < settings.linkThreshold { return false }
        }
        return true
    }

    /// Removes the edges from hidden-employer records to employers that do not clearly win.
    /// Two postings whose employer names the scorer takes for one employer ("Willems Advies",
    /// "Willesm Advies") are one candidate, not two.
    func dropAmbiguous(_ edges: [Edge]) -> [Edge] {
        // record → (employer → best score, and a record naming that employer)
        var fits: [Int32: [UInt64: (score: Double, specific: Double, record: Int32)]] = [:]
        // An agency's employer name may be the agency itself: only other publishers' names count.
        func named(_ index: Int32) -> Bool { features[Int(index)].hasNamedEmployer }
        for edge in edges {
            for (record, other) in [(edge.a, edge.b), (edge.b, edge.a)] where !named(record) && named(other) {
                let employer = features[Int(other)].employer
                if let known = fits[record]?[employer], known.score >= edge.score { continue }
                let specific = scorer.specificPoints(features[Int(record)], features[Int(other)])
                fits[record, default: [:]][employer] = (edge.score, specific, other)
            }
        }
        var ambiguous = Set<Int32>()
        for (record, candidates) in fits where candidates.count >= 2 {
            let ranked = candidates.values.sorted { ($0.score, $1.record) > ($1.score, $0.record) }
            let best = ranked[0]
            let rival = ranked.dropFirst().first {
                scorer.employer(features[Int($0.record)], features[Int(best.record)]) <= 0
            }
            // A rival close in score but with clearly weaker specific evidence (a shared team size
            // against the very pay scale) owes its score to generic agreement: not a rival.
            if let rival, rival.score >= best.score - settings.ambiguityMargin,
               rival.specific >= best.specific - settings.ambiguityMargin {
                ambiguous.insert(record)
            }
        }
        if ambiguous.isEmpty { return edges }
        return edges.filter { edge in
            !(ambiguous.contains(edge.a) && named(edge.b)) && !(ambiguous.contains(edge.b) && named(edge.a))
        }
    }
}
