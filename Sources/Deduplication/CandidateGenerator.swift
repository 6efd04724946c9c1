import KaartenbakCore
/// Finds pairs worth scoring without comparing every record with every other.
///
/// Each record gets a few blocking keys (ISCO group + place, employer + place, postcode + ISCO group,
/// title + place) and one key per MinHash LSH band of its description. Records sharing a key form a
/// block. A block of at most `maxBlockSize` records is paired all-against-all. A bigger block is cut
/// into date tiles of `tileDays` days by posting date, and each member is paired with the members of
/// its own tile and of the next one. A tile of more than `tileSize` members is split into 2, 4, 8, ...
/// buckets by a hash of (key, record) so that a bucket holds about `tileSize` at most, and only members
/// of the same bucket are paired: at most about 3 × `tileSize` partners per member and key, so the
/// work grows near-linearly.
///
/// Whether two members of a block are paired depends on the two records (their tiles and hashes) and
/// on the *classes* of the block (small or big) and of their tiles (the bucket count), never on which
/// other records are in it. So when those classes are the same on two nights, two records unchanged
/// since last night were paired on both nights, and their verdict is last night's. Given the
/// `Changes`, such pairs are not generated at all; `EdgeReuse` carries their edges over.
struct CandidateGenerator: Sendable {
    let settings: DedupeSettings
    let threads: Int

    /// What changed since the night whose verdicts are reused.
    struct Changes: Sendable {
        /// Per tonight's record: the same features as one of last night's records.
        var unchanged: [Bool]
        /// Last night's records that are not among tonight's unchanged ones: with the unchanged
        /// ones they made last night's block and tile sizes.
        var departed: [RecordFeatures]
    }

    /// How each record was paired through each of its blocking keys, for telling whether a pair of
    /// unchanged records was paired last night too (`pairedAsLastNight`).
    struct Pairing: Sendable {
        /// The blocking keys of record i are `keys[start[i]..<start[i + 1]]`.
        var keys: [UInt64]
        var start: [Int]
        /// Per key of a record: its tile's bucket count, 0 in a small block (all-against-all).
        var buckets: [UInt32]
        /// Per key of a record: the block's class and its tile's bucket count were the same last night.
        var stable: [Bool]
    }

    struct Result {
        /// Accepted pairs, strongest first, each once.
        var edges: [Edge]
        /// Pairs generated and handed to `link`.
        var candidates = 0
        /// Pairs of unchanged records whose pairing is last night's: not generated.
        var skipped = 0
        /// With `Changes` only.
        var pairing: Pairing?
    }

    /// A record's place in a block: ordered by key, tile, record. 24 bytes: a night holds twelve
    /// million of them at a million records, an eighth at a time (`passes`).
    struct Entry: Comparable {
        var key: UInt64
        var tile: Int32
        /// Tonight's record, or -1 for a departed one (counted for last night's sizes, never paired).
        var record: Int32
        /// The member's bucket hash in this key's block (`bucket(_:recordKey:)`), made when the entry is:
        /// reading the record's features later, block by block, was a cache miss per entry. Its low
        /// 32 bits: a tile is split into at most 2^31 buckets, so the masks never look higher.
        var bucket: UInt32
        /// Which of the record's keys this is: its slot in `Pairing.keys` is `start[record] + keyIndex`.
        var keyIndex: UInt16
        /// New or changed tonight (or a full run): its pairs are always generated.
        var dirty: Bool

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            if lhs.key != rhs.key { return lhs.key < rhs.key }
            if lhs.tile != rhs.tile { return lhs.tile < rhs.tile }
            return lhs.record < rhs.record
        }
    }

    static let shardBits = 6
    /// Blocking keys from a record's specific facts.
    static let factKeys = 3

    /// Scores every candidate pair with `link` and keeps the pairs it accepts: strongest first,
    /// each pair once. Blocks are spread over shards by key; a shard's pairs are generated, scored
    /// and dropped before the next, so memory holds edges, not all candidates.
    /// With `changes`, pairs of unchanged records in blocks and tiles of last night's class are left
    /// out (see `EdgeReuse`), and the result's `pairing` says which pairs those are.
    /// `link` is called from several threads at once (shards run in parallel) unless `threads` is 1:
    /// it must not write to shared state.
    func edges(_ features: [RecordFeatures], changes: Changes? = nil, link: (Int, Int) -> Double?) -> Result {
        let shardCount = 1 << Self.shardBits
        let tonight = flatKeys(features)
        let departed = flatKeys(changes?.departed ?? [])
        // What a pass reads of each record, in arrays of their own: each pass goes through all records.
        let tiles = Parallel.map(features.count, threads: threads) { tile(day: features[$0].posted) }
        let recordKeys = features.map(\.recordKey)
        // Each key's class, noted by the shard that pairs its block (disjoint slots), for `Pairing`.
        let slots = changes == nil ? 0 : tonight.keys.count
        var buckets = [UInt32](repeating: 0, count: slots)
        var stable = [Bool](repeating: false, count: slots)
        var results: [(edges: [Edge], candidates: Int, skipped: Int)] = []
        // The shards are filled and paired a pass at a time, an eighth of them in each: all entries at
        // once (twelve million at a million records, 32 bytes each) were the night's memory peak, and
        // a pass only reads the keys again.
        for pass in 0..<Self.passes {
            let first = pass * shardCount / Self.passes, end = (pass + 1) * shardCount / Self.passes
            var shards = [[Entry]](repeating: [], count: end - first)
            // Keys are hashes, so shards fill evenly: reserved ahead rather than grown by doubling.
            let perShard = (tonight.keys.count + departed.keys.count) / shardCount * 9 / 8 + 64
            for shard in shards.indices { shards[shard].reserveCapacity(perShard) }
            for record in features.indices {
                let dirty = !(changes?.unchanged[record] ?? false)
                for slot in tonight.start[record]..<tonight.start[record + 1] {
                    let key = tonight.keys[slot], shard = Int(key >> UInt64(64 - Self.shardBits))
                    guard shard >= first, shard < end else { continue }
                    shards[shard - first].append(Entry(key: key, tile: tiles[record], record: Int32(record),
                                                       bucket: UInt32(truncatingIfNeeded: Self.bucket(key, recordKey: recordKeys[record])),
                                                       keyIndex: UInt16(slot - tonight.start[record]), dirty: dirty))
                }
            }
            for (index, f) in (changes?.departed ?? []).enumerated() {
                // Counted for last night's sizes only, never paired: no bucket.
                for slot in departed.start[index]..<departed.start[index + 1] {
                    let key = departed.keys[slot], shard = Int(key >> UInt64(64 - Self.shardBits))
                    guard shard >= first, shard < end else { continue }
                    shards[shard - first].append(Entry(key: key, tile: tile(f), record: -1, bucket: 0, keyIndex: 0, dirty: false))
                }
            }
            results += buckets.withUnsafeMutableBufferPointer { buckets in
                stable.withUnsafeMutableBufferPointer { stable in
                    shards.withUnsafeMutableBufferPointer { shards in
                        let notes = slots == 0 ? nil : PairingNotes(buckets: SendablePointer(buckets.baseAddress!),
                                                                    stable: SendablePointer(stable.baseAddress!),
                                                                    start: tonight.start)
                        // Each shard is sorted in place and let go once paired, by the one thread that takes it.
                        let shards = SendablePointer(shards.baseAddress!)
                        return withoutActuallyEscaping(link) { link in
                            Parallel.map(end - first, threads: threads) { shard -> (edges: [Edge], candidates: Int, skipped: Int) in
                                var pairer = ShardPairer(settings: settings, features: features, incremental: changes != nil,
                                                         notes: notes, link: link)
                                Self.sortShard(&shards.pointer[shard])
                                pairer.pairBlocks(shards.pointer[shard])
                                shards.pointer[shard] = []
                                return (pairer.edges, pairer.candidates, pairer.skipped)
                            }
                        }
                    }
                }
            }
        }
        let pairing = changes.map { _ in Pairing(keys: tonight.keys, start: tonight.start, buckets: buckets, stable: stable) }
        // A pair found through several keys scores the same each time: keep one.
        return Result(edges: TextKeys.sortedUnique(results.flatMap(\.edges)), candidates: results.reduce(0) { $0 + $1.candidates },
                      skipped: results.reduce(0) { $0 + $1.skipped }, pairing: pairing)
    }

    /// Shards are filled and paired in this many passes.
    static let passes = 8

    /// Every record's blocking keys in one array, record i's at `keys[start[i]..<start[i + 1]]`: an
    /// array per record cost its header and the allocator's rounding on a million records.
    func flatKeys(_ features: [RecordFeatures]) -> (keys: [UInt64], start: [Int]) {
        let parts = max(1, min(features.count, threads * 8))
        let size = (features.count + parts - 1) / parts
        let chunks = Parallel.map(parts, threads: threads) { part -> (keys: [UInt64], counts: [UInt16]) in
            let records = min(features.count, part * size)..<min(features.count, (part + 1) * size)
            var keys: [UInt64] = [], counts: [UInt16] = []
            counts.reserveCapacity(records.count)
            for record in records {
                let before = keys.count
                appendBlockingKeys(features[record], to: &keys)
                counts.append(UInt16(keys.count - before))
            }
            return (keys, counts)
        }
        var start = [Int](), keys = [UInt64]()
        start.reserveCapacity(features.count + 1)
        start.append(0)
        for chunk in chunks { for count in chunk.counts { start.append(start[start.count - 1] + Int(count)) } }
        keys.reserveCapacity(start[start.count - 1])
        for chunk in chunks { keys += chunk.keys }
        return (keys, start)
    }

    /// Sorts a shard's entries (by key, tile, record), as `sort()` does. By hand because it was a
    /// third of a night's pairing time (twelve million entries at a million records): the keys are
    /// hashes, so one counting pass on the bits below the shard's spreads the entries evenly over
    /// buckets of a few entries each, in key order, and only the buckets are sorted, each on its own.
    /// The counting pass keeps the entries' order, so even ties end up where `sort()` leaves them.
    static func sortShard(_ entries: inout [Entry]) {
        let count = entries.count
        guard count > 256 else { return entries.sort() }
        let bits = min(16, Int.bitWidth - count.leadingZeroBitCount - 2) // about two entries a bucket
        let shift = UInt64(64 - shardBits - bits), mask = (1 << bits) - 1
        var starts = [Int](repeating: 0, count: (1 << bits) + 1)
        for entry in entries { starts[Int(truncatingIfNeeded: entry.key >> shift) & mask + 1] += 1 }
        for bucket in 0..<(1 << bits) { starts[bucket + 1] += starts[bucket] }
        var next = starts
        let sorted = [Entry](unsafeUninitializedCapacity: count) { buffer, initialized in
            for entry in entries {
                let bucket = Int(truncatingIfNeeded: entry.key >> shift) & mask
                buffer.initializeElement(at: next[bucket], to: entry)
                next[bucket] += 1
            }
            for bucket in 0..<(1 << bits) where starts[bucket + 1] - starts[bucket] > 1 {
                var run = UnsafeMutableBufferPointer(rebasing: buffer[starts[bucket]..<starts[bucket + 1]])
                run.sort()
            }
            initialized = count
        }
        entries = sorted
    }

    /// The date tile of a record's posting day (undated records count as posted on day 0).
    func tile(_ f: RecordFeatures) -> Int32 { tile(day: f.posted) }

    func tile(day: Int32?) -> Int32 { Self.tile(day: day ?? 0, days: settings.tileDays) }

    static func tile(day: Int32, days: Int) -> Int32 {
        let width = Int32(max(1, days))
        return day >= 0 ? day / width : (day + 1) / width - 1
    }

    /// Buckets for a tile of `members` records: 1 up to `tileSize`, then the power of two that keeps
    /// a bucket at about `tileSize` at most.
    static func buckets(_ members: Int, tileSize: Int) -> UInt32 {
        var count: UInt32 = 1
        while members > Int(count) * max(1, tileSize) { count <<= 1 }
        return count
    }

    /// A member's bucket hash in the block of `key`: independent across keys.
    static func bucket(_ key: UInt64, _ f: RecordFeatures) -> UInt64 { bucket(key, recordKey: f.recordKey) }

    static func bucket(_ key: UInt64, recordKey: UInt64) -> UInt64 { TextKeys.combine(key, recordKey) }

    /// Appends a record's blocking keys to `keys`.
    func appendBlockingKeys(_ f: RecordFeatures, to keys: inout [UInt64]) {
        // The ISCO group rather than the finer occupation: "Vakkenvuller" and "Winkelmedewerker" meet.
        let occupation = f.isco != 0 ? f.isco : f.titleHead
        let place = f.place != 0 ? f.place : UInt64(f.pc4)
        keys.append(TextKeys.combine(TextKeys.combine(1, occupation), place))
        keys.append(TextKeys.combine(TextKeys.combine(4, f.titleKey), place))
        // werk.nl and the employer desk may name the municipality ("De Fryske Marren") where the employer and the agency
        // name the town ("Joure", "Lemmer"): the posting joins the occupation's block of each town of that municipality,
        // so that its copies there are compared (the place rule gives a town and its municipality half a point). Only a
        // name that is the municipality's alone: "Hardenberg", a town too, most often means the town.
        if f.municipality & FeatureExtractor.PlaceKeys.isMunicipalityName != 0,
           let towns = FeatureExtractor.PlaceKeys.townsOfMunicipality[f.municipality] {
            for town in towns { keys.append(TextKeys.combine(TextKeys.combine(1, occupation), town)) }
        }
        if f.employer != 0 { keys.append(TextKeys.combine(TextKeys.combine(2, f.employer), place)) }
        // The employer in its municipality: werk.nl names the municipality (Steenwijkerland) where the employer
        // names the town (Steenwijk), and the two must meet to be compared.
        let municipality = UInt64(f.municipality & (FeatureExtractor.PlaceKeys.isMunicipalityName - 1))
        if f.employer != 0, municipality != 0 { keys.append(TextKeys.combine(TextKeys.combine(7, f.employer), municipality)) }
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
    }
}

extension CandidateGenerator.Pairing {
    /// Whether two unchanged records are paired tonight through a key whose classes are last
    /// night's, so that they were paired (and scored) last night too.
    func pairedAsLastNight(_ a: Int, _ b: Int, _ features: [RecordFeatures], generator: CandidateGenerator) -> Bool {
        for i in start[a]..<start[a + 1] where stable[i] {
            for j in start[b]..<start[b + 1] where stable[j] && keys[j] == keys[i] {
                if buckets[i] == 0 { return true } // a small block: all-against-all
                guard abs(Int(generator.tile(features[a])) - Int(generator.tile(features[b]))) <= 1 else { continue }
                let mask = UInt64(max(buckets[i], buckets[j]) - 1)
                if CandidateGenerator.bucket(keys[i], features[a]) & mask == CandidateGenerator.bucket(keys[i], features[b]) & mask {
                    return true
                }
            }
        }
        return false
    }
}

/// Where shards note each key's class; each shard writes the slots of its own entries only.
struct PairingNotes: @unchecked Sendable {
    let buckets: SendablePointer<UInt32>
    let stable: SendablePointer<Bool>
    /// `Pairing.start`: an entry's slot is `start[record] + keyIndex`.
    let start: [Int]
}

/// Generates and scores one shard's pairs, block by block.
///
/// Each pair is scored when its block first yields it: a block's members' features are then in the
/// cache, where scoring pairs in sorted order read two records from anywhere in memory each time.
/// A pair met through several keys is scored each time, and its edges made one afterwards: its keys
/// are in different shards but for one time in 64, so a shard's table of the pairs it had scored
/// caught few of them, at a cache miss for every pair (a tenth of a full night's CPU at 1M).
private struct ShardPairer {
    let settings: DedupeSettings
    let features: [RecordFeatures]
    /// Reusing a night: pairs of unchanged records in stable blocks and tiles are skipped.
    let incremental: Bool
    let notes: PairingNotes?
    let link: (Int, Int) -> Double?
    var edges: [Edge] = []
    /// Pairs scored (a pair met through two keys counts twice).
    var candidates = 0
    var skipped = 0

    struct Member {
        var record: Int32
        var dirty: Bool
        var bucket: UInt64
    }

    mutating func pairBlocks(_ entries: [CandidateGenerator.Entry]) {
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            pairBlock(entries[start..<end])
            start = end
        }
    }

    /// Tonight's and last night's member counts: departed records counted last night only, new and
    /// changed ones tonight only.
    private func counts(_ entries: ArraySlice<CandidateGenerator.Entry>) -> (tonight: Int, lastNight: Int) {
        var tonight = 0, lastNight = 0
        for entry in entries {
            if entry.record >= 0 { tonight += 1 }
            if entry.record < 0 || !entry.dirty { lastNight += 1 }
        }
        return (tonight, lastNight)
    }

    private mutating func pairBlock(_ block: ArraySlice<CandidateGenerator.Entry>) {
        let (tonight, lastNight) = counts(block)
        let wasSmall = lastNight <= settings.maxBlockSize
        if tonight <= settings.maxBlockSize {
            let stable = incremental && wasSmall
            note(block, buckets: 0, stable: stable)
            // Most blocks (a description's LSH band, a street) hold one record, and on a night most
            // small ones hold no changed record: neither needs its members gathered.
            if tonight < 2 { return }
            if stable, !block.contains(where: \.dirty) {
                skipped += tonight * (tonight - 1) / 2
                return
            }
            pairWithin(members(block, buckets: 0), mask: 0, all: !stable)
            return
        }
        var previous: (tile: Int32, members: [Member], buckets: UInt32, stable: Bool)?
        var start = block.startIndex
        while start < block.endIndex {
            var end = start + 1
            while end < block.endIndex, block[end].tile == block[start].tile { end += 1 }
            let tile = block[start..<end]
            let (count, lastCount) = counts(tile)
            let buckets = CandidateGenerator.buckets(count, tileSize: settings.tileSize)
            let stable = incremental && !wasSmall && CandidateGenerator.buckets(lastCount, tileSize: settings.tileSize) == buckets
            note(tile, buckets: buckets, stable: stable)
            let current = members(tile, buckets: buckets)
            pairWithin(current, mask: UInt64(buckets - 1), all: !stable)
            if let previous, previous.tile + 1 == tile[start].tile {
                pairAcross(previous.members, current, mask: UInt64(max(previous.buckets, buckets) - 1), all: !(stable && previous.stable))
            }
            if !current.isEmpty { previous = (tile[start].tile, current, buckets, stable) }
            start = end
        }
    }

    /// Notes the class of tonight's members of `entries` for `Pairing`.
    private func note(_ entries: ArraySlice<CandidateGenerator.Entry>, buckets: UInt32, stable: Bool) {
        guard let notes else { return }
        for entry in entries where entry.record >= 0 {
            let slot = notes.start[Int(entry.record)] + Int(entry.keyIndex)
            notes.buckets.pointer[slot] = buckets
            notes.stable.pointer[slot] = stable
        }
    }

    /// Tonight's members of `entries`.
    private func members(_ entries: ArraySlice<CandidateGenerator.Entry>, buckets: UInt32) -> [Member] {
        var result: [Member] = []
        result.reserveCapacity(entries.count)
        for entry in entries where entry.record >= 0 {
            // A big block's members need their bucket hash even in an unsplit tile: the next tile may be split.
            result.append(Member(record: entry.record, dirty: entry.dirty, bucket: buckets > 0 ? UInt64(entry.bucket) : 0))
        }
        return result
    }

    /// Pairs members with the same masked bucket. `all`: also pairs of two unchanged members.
    private mutating func pairWithin(_ members: [Member], mask: UInt64, all: Bool) {
        forEachGroup(members, mask: mask) { group in
            if all {
                for i in group.indices {
                    for j in group.index(after: i)..<group.endIndex { pair(group[i], group[j]) }
                }
                return
            }
            // Only pairs touching a changed member: a night's groups are mostly unchanged members.
            let clean = group.lazy.filter { !$0.dirty }.count
            skipped += clean * (clean - 1) / 2
            for i in group.indices where group[i].dirty {
                for j in group.indices where j > i || !group[j].dirty { pair(group[i], group[j]) }
            }
        }
    }

    /// Pairs each member of `left` with the members of `right` in the same masked bucket.
    private mutating func pairAcross(_ left: [Member], _ right: [Member], mask: UInt64, all: Bool) {
        guard mask != 0 else { return pairGroups(left[...], right[...], all: all) }
        let sortedLeft = Self.sortedByBucket(left, mask: mask), sortedRight = Self.sortedByBucket(right, mask: mask)
        var i = 0, j = 0
        while i < sortedLeft.count, j < sortedRight.count {
            let bucket = sortedLeft[i].bucket & mask, other = sortedRight[j].bucket & mask
            if bucket < other { i += 1; continue }
            if other < bucket { j += 1; continue }
            var endLeft = i + 1, endRight = j + 1
            while endLeft < sortedLeft.count, sortedLeft[endLeft].bucket & mask == bucket { endLeft += 1 }
            while endRight < sortedRight.count, sortedRight[endRight].bucket & mask == bucket { endRight += 1 }
            pairGroups(sortedLeft[i..<endLeft], sortedRight[j..<endRight], all: all)
            (i, j) = (endLeft, endRight)
        }
    }

    private mutating func pairGroups(_ left: ArraySlice<Member>, _ right: ArraySlice<Member>, all: Bool) {
        if all {
            for a in left { for b in right { pair(a, b) } }
            return
        }
        // Only pairs touching a changed member.
        let cleanRight = right.lazy.filter { !$0.dirty }.count
        for a in left {
            if a.dirty {
                for b in right { pair(a, b) }
            } else {
                skipped += cleanRight
                for b in right where b.dirty { pair(a, b) }
            }
        }
    }

    private static func sortedByBucket(_ members: [Member], mask: UInt64) -> [Member] {
        members.sorted { ($0.bucket & mask, $0.record) < ($1.bucket & mask, $1.record) }
    }

    private func forEachGroup(_ members: [Member], mask: UInt64, _ body: (ArraySlice<Member>) -> Void) {
        guard !members.isEmpty else { return } // a tile of departed records only
        guard mask != 0 else { return body(members[...]) }
        let sorted = Self.sortedByBucket(members, mask: mask)
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, sorted[end].bucket & mask == sorted[start].bucket & mask { end += 1 }
            body(sorted[start..<end])
            start = end
        }
    }

    private mutating func pair(_ x: Member, _ y: Member) {
        guard x.record != y.record else { return }
        let (a, b) = x.record < y.record ? (x.record, y.record) : (y.record, x.record)
        candidates += 1
        if let score = link(Int(a), Int(b)) { edges.append(Edge(a: a, b: b, score: score)) }
    }
}
