import KaartenbakCore
/// Which of tonight's edges are known from last night without scoring, and which clusters.
///
/// A pair's score depends only on the two records' features (employer trust and common facts included) and the
/// settings, which the state's fingerprint pins. So for two unchanged records the only question is
/// whether the pair was a candidate last night, i.e. scored: then its verdict (an edge with its
/// score, or no edge) stands. `CandidateGenerator` pairs two members of a block according to the two
/// records and the classes of the block and their date tiles only; where those classes are last
/// night's, a pair of unchanged records was paired last night too. Such pairs are not generated
/// again: last night's edges among them are carried over (`carriedEdges`), and every other pair is
/// scored, so the edges are the full run's exactly.
struct EdgeReuse {
    /// Per tonight's record: unchanged since last night (same content, employer trust and common facts).
    let unchanged: [Bool]
    private let prevIndex: [Int32]
    /// Last night's edges by (smaller, larger) state position.
    private let previousEdges: HashMap64<Double>
    private let previousEdgeList: [Edge]
    /// Tonight's position of each of last night's records carried over unchanged, else -1.
    private let tonightOf: [Int32]
    /// Last night's edges per record, and its cluster.
    private let previousDegree: [Int32]
    private let previousCluster: [UInt32]
    /// For the candidate generator: who is unchanged, and last night's records that are not.
    let changes: CandidateGenerator.Changes

    /// `lastNight`: what is needed of last night's features, whose array became tonight's.
    init(tonight records: ExtractedRecords, previous: DedupeState, lastNight: LastNightFeatures) {
        let count = records.count
        var unchanged = [Bool](repeating: false, count: count)
        var tonightOf = [Int32](repeating: -1, count: previous.content.count)
        for index in 0..<count {
            let old = Int(records.prevIndex[index])
            guard old >= 0 else { continue }
            unchanged[index] = records.features[index].employerTrusted == lastNight.employerTrusted[old]
                && records.features[index].commonFacts == lastNight.commonFacts[old]
            if unchanged[index] { tonightOf[old] = Int32(index) }
        }
        self.tonightOf = tonightOf
        self.unchanged = unchanged
        self.prevIndex = records.prevIndex
        var carriedTo = [Int32](repeating: -1, count: previous.content.count)
        for (index, old) in records.prevIndex.enumerated() where old >= 0 { carriedTo[Int(old)] = Int32(index) }
        let departed = (0..<previous.content.count).lazy.filter { tonightOf[$0] < 0 }.map { old in
            lastNight.features(old, carriedTo: carriedTo[old], tonight: records.features)
        }
        changes = CandidateGenerator.Changes(unchanged: unchanged, departed: Array(departed))

        var edges = HashMap64<Double>(capacity: previous.edges.count, empty: 0)
        var degree = [Int32](repeating: 0, count: previous.content.count)
        for edge in previous.edges {
            edges.set(Self.pairKey(edge.a, edge.b), edge.score)
            degree[Int(edge.a)] += 1
            degree[Int(edge.b)] += 1
        }
        self.previousEdges = edges
        self.previousEdgeList = previous.edges
        self.previousDegree = degree
        self.previousCluster = previous.cluster
    }

    /// Last night's edges between unchanged records that the generator left out as paired last night
    /// (see `CandidateGenerator.Pairing`), in tonight's positions.
    func carriedEdges(_ pairing: CandidateGenerator.Pairing, features: [RecordFeatures], generator: CandidateGenerator) -> [Edge] {
        let slice = 16_384
        let parts = Parallel.map((previousEdgeList.count + slice - 1) / slice, threads: generator.threads) { part -> [Edge] in
            var result: [Edge] = []
            for edge in previousEdgeList[(part * slice)..<min(previousEdgeList.count, (part + 1) * slice)] {
                let a = tonightOf[Int(edge.a)], b = tonightOf[Int(edge.b)]
                guard a >= 0, b >= 0, pairing.pairedAsLastNight(Int(a), Int(b), features, generator: generator) else { continue }
                result.append(Edge(a: min(a, b), b: max(a, b), score: edge.score))
            }
            return result
        }
        return parts.flatMap { $0 }
    }

    /// Splits tonight's edges by connected component. A component of unchanged records whose edges
    /// are exactly last night's (same pairs, same scores, none to the outside) was a component last
    /// night too, and the clusterer's groups inside a component depend on nothing else: it keeps last
    /// night's clusters. Returns per record last night's cluster for those (else -1), and the edges
    /// of the other components, which are clustered again.
    func unchangedComponents(_ edges: [Edge], count: Int) -> (carried: [Int32], edges: [Edge]) {
        var degree = [Int32](repeating: 0, count: count)
        // Each record's component (its smallest position), by union-find through a buffer: a nested
        // function capturing the array checked exclusive access at every step, a million records a night.
        var rootOf = Array(0..<count)
        rootOf.withUnsafeMutableBufferPointer { parent in
            func root(_ x: Int) -> Int {
                var x = x
                while parent[x] != x {
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                }
                return x
            }
            for edge in edges {
                let a = Int(edge.a), b = Int(edge.b)
                degree[a] += 1
                degree[b] += 1
                let (ra, rb) = (root(a), root(b))
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            }
            for index in 0..<count { parent[index] = root(index) }
        }
        var clean = [Bool](repeating: true, count: count) // by root
        for index in 0..<count where !unchanged[index] || degree[index] != previousDegree[Int(prevIndex[index])] {
            clean[rootOf[index]] = false
        }
        for edge in edges where clean[rootOf[Int(edge.a)]] {
            let known = previousEdges[Self.pairKey(prevIndex[Int(edge.a)], prevIndex[Int(edge.b)])]
            if known != edge.score { clean[rootOf[Int(edge.a)]] = false }
        }
        var carried = [Int32](repeating: -1, count: count)
        for index in 0..<count where clean[rootOf[index]] {
            carried[index] = Int32(previousCluster[Int(prevIndex[index])])
        }
        return (carried, edges.filter { !clean[rootOf[Int($0.a)]] })
    }

    /// The clusterer's groups of the changed components (`roots`, see `Clusterer.roots`) with last
    /// night's clusters of the unchanged ones, ordered by first position like the clusterer's. Built
    /// in one pass: the clusterer's groups would hold every carried record alone, a million arrays
    /// made to be dropped.
    static func combine(roots: [Int], carried: [Int32]) -> [[Int]] {
        var result: [[Int]] = []
        // Per last night's cluster, and per root of a changed component: its place in `result`, once met.
        var slot = [Int32](repeating: -1, count: Int(carried.max() ?? -1) + 1)
        var slotOfRoot = [Int32](repeating: -1, count: roots.count)
        for index in carried.indices {
            let old = Int(carried[index])
            // A changed component holds no carried record: the clusterer joins records only along its edges.
            let place = old >= 0 ? slot[old] : slotOfRoot[roots[index]]
            if place >= 0 {
                result[Int(place)].append(index)
            } else if old >= 0 {
                slot[old] = Int32(result.count)
                result.append([index])
            } else {
                slotOfRoot[roots[index]] = Int32(result.count)
                result.append([index])
            }
        }
        return result
    }

    private static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(bitPattern: low)) << 32 | UInt64(UInt32(bitPattern: high))
    }
}

/// What the edge reuse needs of last night's features after their array has become tonight's
/// (`ExtractedRecords.sortCanonically` reuses it: two arrays of a million features were the changed
/// night's memory peak): the two marks of every record, which tonight's marking may change, and the
/// features of the records tonight does not carry over. A carried record's features are last
/// night's but for those marks.
struct LastNightFeatures {
    var employerTrusted: [Bool]
    var commonFacts: [UInt16]
    /// Per last night's record: its place in `uncarried`, or -1 when a record tonight carries it.
    private var uncarriedIndex: [Int32]
    private var uncarried: [RecordFeatures]

    /// `prevIndex`: per tonight's record (in input order) the last night's record it carries, if >= 0.
    init(_ features: [RecordFeatures], prevIndex: [Int32]) {
        employerTrusted = features.map(\.employerTrusted)
        commonFacts = features.map(\.commonFacts)
        var carried = [Bool](repeating: false, count: features.count)
        for old in prevIndex where old >= 0 { carried[Int(old)] = true }
        uncarriedIndex = [Int32](repeating: -1, count: features.count)
        uncarried = []
        for old in features.indices where !carried[old] {
            uncarriedIndex[old] = Int32(uncarried.count)
            uncarried.append(features[old])
        }
    }

    /// Last night's features of its record `old`; `carriedTo` is tonight's record that carries it, or -1.
    func features(_ old: Int, carriedTo: Int32, tonight: [RecordFeatures]) -> RecordFeatures {
        if uncarriedIndex[old] >= 0 { return uncarried[Int(uncarriedIndex[old])] }
        var f = tonight[Int(carriedTo)]
        f.employerTrusted = employerTrusted[old]
        f.commonFacts = commonFacts[old]
        return f
    }
}
