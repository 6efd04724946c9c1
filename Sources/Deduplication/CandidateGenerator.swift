/// Finds pairs worth scoring without comparing every record with every other.
///
/// Each record gets a few blocking keys (ISCO group + place, employer + place, postcode + ISCO group,
/// title + place) and one key per MinHash LSH band of its description. Records sharing a key form a
/// block. Small blocks are paired all-against-all; a block above `maxBlockSize` is sorted by date
/// and each member is paired with its next `windowSize` neighbours, so the number of pairs stays at
/// most (keys per record × window) per record: near-linear growth.
struct CandidateGenerator: Sendable {
    let settings: DedupeSettings
    let threads: Int

    /// A record's position in a block: key, then date and position to order big blocks.
    struct Entry: Comparable {
        var key: UInt64
        var order: UInt64
        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.key != rhs.key ? lhs.key < rhs.key : lhs.order < rhs.order
        }
        var index: Int { Int(order & 0xFFFF_FFFF) }
    }

    static let shardBits = 6
    /// Blocking keys from a record's specific facts.
    static let factKeys = 3

    /// Scores every candidate pair with `link` and keeps the pairs it accepts: strongest first,
    /// each pair once. Blocks are spread over shards by key; a shard's pairs are generated, scored
    /// and dropped before the next, so memory holds edges, not all candidates.
    /// `skipBlock(key)`: leave that block out (its verdicts are known from an earlier night, see `EdgeReuse`).
    func edges(_ features: [RecordFeatures], skipBlock: ((UInt64) -> Bool)? = nil,
               link: (Int, Int) -> Double?) -> (edges: [Edge], candidates: Int) {
        let shardCount = 1 << Self.shardBits
        let perRecord = Parallel.map(features.count, threads: threads) { blockingKeys(features[$0]) }
        var shards = [[Entry]](repeating: [], count: shardCount)
        for (index, keys) in perRecord.enumerated() {
            let day = UInt64(UInt32(bitPattern: features[index].posted ?? 0))
            for key in keys where !(skipBlock?(key) ?? false) {
                shards[Int(key >> UInt64(64 - Self.shardBits))]
                    .append(Entry(key: key, order: day << 32 | UInt64(index)))
            }
        }
        let results = Parallel.map(shardCount, threads: threads) { shard -> ([Edge], Int) in
            let pairs = TextKeys.sortedUnique(pairsInShard(shards[shard].sorted()))
            var edges: [Edge] = []
            for pair in pairs {
                let a = Int(pair >> 32), b = Int(pair & 0xFFFF_FFFF)
                if let score = link(a, b) { edges.append(Edge(a: Int32(a), b: Int32(b), score: score)) }
            }
            return (edges, pairs.count)
        }
        // A pair found through several keys scores the same each time: keep one.
        var all = results.flatMap(\.0).sorted()
        var write = 0
        for read in all.indices where write == 0 || all[read].a != all[write - 1].a || all[read].b != all[write - 1].b
            || all[read].score != all[write - 1].score {
            all[write] = all[read]
            write += 1
        }
        all.removeLast(all.count - write)
        return (all, results.reduce(0) { $0 + $1.1 })
    }

    private func pairsInShard(_ entries: [Entry]) -> [UInt64] {
        var result: [UInt64] = []
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            let size = end - start
            let reach = size <= settings.maxBlockSize ? size : settings.windowSize
            for i in start..<end {
                for j in (i + 1)..<min(end, i + 1 + reach) {
                    let a = entries[i].index, b = entries[j].index
                    result.append(a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a))
                }
            }
            start = end
        }
        return result
    }

    func blockingKeys(_ f: RecordFeatures) -> [UInt64] {
        // The ISCO group rather than the finer occupation: "Vakkenvuller" and "Winkelmedewerker" meet.
        let occupation = f.isco != 0 ? f.isco : f.titleHead
        let place = f.place != 0 ? f.place : UInt64(f.pc4)
        var keys = [
            TextKeys.combine(TextKeys.combine(1, occupation), place),
            TextKeys.combine(TextKeys.combine(4, f.titleKey), place),
        ]
        if f.employer != 0 { keys.append(TextKeys.combine(TextKeys.combine(2, f.employer), place)) }
        if f.pc4 != 0 { keys.append(TextKeys.combine(TextKeys.combine(3, UInt64(f.pc4)), f.isco)) }
        // The pay scale in one town, to the tens of euros: an agency's hourly rate converted back meets the
        // employer's monthly scale here whatever the two titles were coded. Two grids, offset by half a
        // bucket, so two amounts within 10 euros always share a bucket on one of them.
        if let salary = f.salaryMin, salary > 0, salary < 1_000_000 {
            for offset: Float in [0, 10] {
                keys.append(TextKeys.combine(TextKeys.combine(6, place), UInt64(((salary + offset) / 20).rounded(.down))))
            }
        }
        // A specific fact (a street, a team size) in one town: a block far smaller than the occupation's
        // in a city (paired by date windows only), and one that does not need the classifier to have
        // coded both titles. The smallest hashes, so two postings sharing facts tend to pick the same ones.
        var picked = 0
        for (bit, fact) in f.facts.enumerated() where f.commonFacts & (1 << UInt16(bit)) == 0 && picked < Self.factKeys {
            keys.append(TextKeys.combine(TextKeys.combine(5, place), UInt64(fact)))
            picked += 1
        }
        if !f.minhash.isEmpty {
            let rows = settings.lshRows
            for band in 0..<settings.lshBands {
                var key = TextKeys.mix(UInt64(100 + band))
                for row in 0..<rows { key = TextKeys.combine(key, UInt64(f.minhash[band * rows + row])) }
                keys.append(key)
            }
        }
        return keys
    }
}
