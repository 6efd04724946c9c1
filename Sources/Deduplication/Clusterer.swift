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
        let roots = roots(edges)
        var groupOfRoot = [Int32](repeating: -1, count: features.count)
        var groups: [[Int]] = []
        for index in roots.indices {
            let root = roots[index]
            if groupOfRoot[root] >= 0 {
                groups[Int(groupOfRoot[root])].append(index)
            } else {
                groupOfRoot[root] = Int32(groups.count)
                groups.append([index])
            }
        }
        return groups
    }

    /// Per record, a member of its cluster that stands for the cluster (records with one root are
    /// one cluster; a record without edges is its own root).
    func roots(_ edges: [Edge]) -> [Int] {
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
        return clusterOf
    }

    private func linksCompletely(_ left: [Int], _ right: [Int]) -> Bool {
        for a in left {
            for b in right where scorer.score(features[a], features[b]) < settings.linkThreshold { return false }
        }
        return true
    }

    /// Removes the edges from hidden-employer records to employers that do not clearly win: by
    /// score, or among those close in score by specific evidence. Two postings whose employer names
    /// the scorer takes for one employer ("Willems Advies", "Willesm Advies") are one candidate.
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
        enum Verdict {
            /// Linked to no named posting: the employers are too close to call.
            case ambiguous
            /// Linked only to postings of this posting's employer.
            case only(Int32)
        }
        var verdicts: [Int32: Verdict] = [:]
        func sameEmployer(_ x: Int32, _ y: Int32) -> Bool { scorer.employer(features[Int(x)], features[Int(y)]) > 0 }
        for (record, candidates) in fits where candidates.count >= 2 {
            let ranked = candidates.values.sorted { ($0.score, $1.record) > ($1.score, $0.record) }
            let best = ranked[0]
            let contenders = ranked.filter { $0.score >= best.score - settings.ambiguityMargin }
            guard contenders.contains(where: { !sameEmployer($0.record, best.record) }) else { continue }
            // Close in score, the one with clearly stronger specific evidence wins (the very pay scale
            // against a shared team size: the rest of the score is what every such job agrees on).
            let bySpecific = contenders.sorted { ($0.specific, $1.record) > ($1.specific, $0.record) }
            let leader = bySpecific[0]
            let runnerUp = bySpecific.first { !sameEmployer($0.record, leader.record) }
            if let runnerUp, leader.specific >= runnerUp.specific + settings.ambiguityMargin {
                verdicts[record] = .only(leader.record)
            } else {
                verdicts[record] = .ambiguous
            }
        }
        if verdicts.isEmpty { return edges }
        func kept(_ record: Int32, _ other: Int32) -> Bool {
            guard named(other), let verdict = verdicts[record] else { return true }
            switch verdict {
            case .ambiguous: return false
            case .only(let winner): return sameEmployer(other, winner)
            }
        }
        return edges.filter { kept($0.a, $0.b) && kept($0.b, $0.a) }
    }
}
