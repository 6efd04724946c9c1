/// Which candidate pairs of tonight can take last night's verdict without being scored.
///
/// A pair's score depends only on the two records' features (employer trust included) and the
/// settings, which the state's fingerprint pins. So for two unchanged records the only question is
/// whether the pair was a candidate last night, i.e. scored: then its verdict (an edge with its
/// score, or no edge) stands. That is certain when they share a *clean small block*: a blocking key
/// whose block has at most `maxBlockSize` members (paired all-against-all) and the very same members
/// both nights (none changed, added or removed). Every other pair is scored again, so the result is
/// the full run's exactly; the saving is the share of pairs in clean small blocks.
///
/// Clean small blocks are not paired again at all: last night's edges inside them are carried over
/// (`carriedEdges`). A pair met in another block too is scored there, with the same result.
/// (A big block is paired by date-ordered windows, which shift when a member comes or goes; its
/// pairs are left to scoring rather than reconstructing last night's windows.)
struct EdgeReuse {
    /// Per tonight's record: unchanged since last night (same content, employer trust and common facts).
    private let unchanged: [Bool]
    private let prevIndex: [Int32]
    /// Clean small blocks' keys of each record, ascending: `cleanKeys[cleanStart[i]..<cleanStart[i+1]]`.
    private let cleanKeys: [UInt64]
    private let cleanStart: [Int32]
    /// Last night's edges by (smaller, larger) state position.
    private let previousEdges: [UInt64: Double]
    private let cleanSmall: Set<UInt64>
    /// Tonight's position of each of last night's records carried over unchanged, else -1.
    private let tonightOf: [Int32]
    /// Pairs in the clean small blocks (a pair in two such blocks counts twice).
    let carriedPairs: Int
    /// Last night's edges per record, and its cluster.
    private let previousDegree: [Int32]
    private let previousCluster: [UInt32]

    init(tonight records: ExtractedRecords, previous: DedupeState, generator: CandidateGenerator) {
        let count = records.count
        var unchanged = [Bool](repeating: false, count: count)
        var used = [Bool](repeating: false, count: previous.content.count)
        var tonightOf = [Int32](repeating: -1, count: previous.content.count)
        for index in 0..<count {
            let old = Int(records.prevIndex[index])
            guard old >= 0 else { continue }
            used[old] = true
            unchanged[index] = records.features[index].employerTrusted == previous.features[old].employerTrusted
                && records.features[index].commonFacts == previous.features[old].commonFacts
            if unchanged[index] { tonightOf[old] = Int32(index) }
        }
        self.tonightOf = tonightOf
        self.unchanged = unchanged
        self.prevIndex = records.prevIndex
        let threads = Parallel.threadCount(generator.settings.threads)

        // Blocks that lost a record since last night: the keys of last night's records not carried over unchanged.
        var dirty = Set<UInt64>()
        for old in previous.content.indices where !used[old] {
            dirty.formUnion(generator.blockingKeys(previous.features[old]))
        }
        let keys = Parallel.map(count, threads: threads) { generator.blockingKeys(records.features[$0]) }
        var entries: [(key: UInt64, record: Int32)] = []
        entries.reserveCapacity(keys.reduce(0) { $0 + $1.count })
        for (index, list) in keys.enumerated() {
            for key in list { entries.append((key, Int32(index))) }
        }
        entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.record < $1.record }

        // Count, then fill, each record's clean keys (ascending, as blocks come in key order).
        var clean = [Bool](repeating: false, count: entries.count)
        var perRecord = [Int32](repeating: 0, count: count + 1)
        var cleanSmall = Set<UInt64>()
        var carriedPairs = 0
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            let isClean = end - start <= generator.settings.maxBlockSize && !dirty.contains(entries[start].key)
                && entries[start..<end].allSatisfy { unchanged[Int($0.record)] }
            if isClean {
                cleanSmall.insert(entries[start].key)
                carriedPairs += (end - start) * (end - start - 1) / 2
                for position in start..<end {
                    clean[position] = true
                    perRecord[Int(entries[position].record) + 1] += 1
                }
            }
            start = end
        }
        for index in 0..<count { perRecord[index + 1] += perRecord[index] }
        var fill = perRecord
        var cleanKeys = [UInt64](repeating: 0, count: Int(perRecord[count]))
        for (position, entry) in entries.enumerated() where clean[position] {
            cleanKeys[Int(fill[Int(entry.record)])] = entry.key
            fill[Int(entry.record)] += 1
        }
        self.cleanKeys = cleanKeys
        self.cleanSmall = cleanSmall
        self.carriedPairs = carriedPairs
        self.cleanStart = perRecord

        var edges: [UInt64: Double] = [:]
        edges.reserveCapacity(previous.edges.count)
        var degree = [Int32](repeating: 0, count: previous.content.count)
        for edge in previous.edges {
            edges[Self.pairKey(edge.a, edge.b)] = edge.score
            degree[Int(edge.a)] += 1
            degree[Int(edge.b)] += 1
        }
        self.previousEdges = edges
        self.previousDegree = degree
        self.previousCluster = previous.cluster
    }

    /// Last night's verdict on the pair (`.some(score)`: an edge, `.some(nil)`: no edge), or nil
    /// when the pair must be scored.
    func verdict(_ a: Int, _ b: Int) -> Double?? {
        guard unchanged[a], unchanged[b], shareCleanKey(a, b) else { return nil }
        return .some(previousEdges[Self.pairKey(prevIndex[a], prevIndex[b])])
    }

    /// Whether the block of `key` is clean and small: not paired again tonight.
    func isCleanSmallBlock(_ key: UInt64) -> Bool { cleanSmall.contains(key) }

    /// Last night's edges between records that share a clean small block, in tonight's positions.
    func carriedEdges() -> [Edge] {
        var result: [Edge] = []
        for (pair, score) in previousEdges {
            let a = tonightOf[Int(pair >> 32)], b = tonightOf[Int(pair & 0xFFFF_FFFF)]
            guard a >= 0, b >= 0, shareCleanKey(Int(a), Int(b)) else { continue }
            result.append(Edge(a: min(a, b), b: max(a, b), score: score))
        }
        return result
    }

    /// Splits tonight's edges by connected component. A component of unchanged records whose edges
    /// are exactly last night's (same pairs, same scores, none to the outside) was a component last
    /// night too, and the clusterer's groups inside a component depend on nothing else: it keeps last
    /// night's clusters. Returns per record last night's cluster for those (else -1), and the edges
    /// of the other components, which are clustered again.
    func unchangedComponents(_ edges: [Edge], count: Int) -> (carried: [Int32], edges: [Edge]) {
        var parent = Array(0..<count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var degree = [Int32](repeating: 0, count: count)
        for edge in edges {
            let a = Int(edge.a), b = Int(edge.b)
            degree[a] += 1
            degree[b] += 1
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var clean = [Bool](repeating: true, count: count) // by root
        for index in 0..<count where !unchanged[index] || degree[index] != previousDegree[Int(prevIndex[index])] {
            clean[root(index)] = false
        }
        for edge in edges where clean[root(Int(edge.a))] {
            let known = previousEdges[Self.pairKey(prevIndex[Int(edge.a)], prevIndex[Int(edge.b)])]
            if known != edge.score { clean[root(Int(edge.a))] = false }
        }
        var carried = [Int32](repeating: -1, count: count)
        for index in 0..<count where clean[root(index)] {
            carried[index] = Int32(previousCluster[Int(prevIndex[index])])
        }
        return (carried, edges.filter { !clean[root(Int($0.a))] })
    }

    /// The clusterer's groups of the changed components with last night's clusters of the unchanged
    /// ones, ordered by first position like the clusterer's.
    static func combine(_ groups: [[Int]], carried: [Int32]) -> [[Int]] {
        var groupOf = [Int](repeating: 0, count: carried.count)
        for (index, group) in groups.enumerated() { for member in group { groupOf[member] = index } }
        var result: [[Int]] = []
        result.reserveCapacity(groups.count)
        var slot: [Int32: Int] = [:]
        for index in carried.indices {
            if carried[index] >= 0 {
                if let existing = slot[carried[index]] {
                    result[existing].append(index)
                } else {
                    slot[carried[index]] = result.count
                    result.append([index])
                }
            } else if groups[groupOf[index]][0] == index {
                result.append(groups[groupOf[index]])
            }
        }
        return result
    }

    private func shareCleanKey(_ a: Int, _ b: Int) -> Bool {
        var i = Int(cleanStart[a]), j = Int(cleanStart[b])
        let endA = Int(cleanStart[a + 1]), endB = Int(cleanStart[b + 1])
        while i < endA, j < endB {
            if cleanKeys[i] == cleanKeys[j] { return true }
            if cleanKeys[i] < cleanKeys[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    private static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(bitPattern: low)) << 32 | UInt64(UInt32(bitPattern: high))
    }
}
