import Testing
@testable import Deduplication
@testable import KaartenbakCore

/// The stage's hand-written hash map, and the identity resolver's fast path, against plain references.
@Suite struct DedupTablesTests {
    /// A deterministic pseudo-random sequence (SplitMix64).
    struct Numbers: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    enum KeyKind: CaseIterable, Sendable {
        case random, packedPositions, smallWithZero

        func key(_ numbers: inout Numbers, _ i: Int) -> UInt64 {
            switch self {
            case .random: numbers.next()
            case .packedPositions: UInt64(i % 97) << 32 | UInt64(i / 97) // like the edge keys
            case .smallWithZero: UInt64(numbers.below(300))
            }
        }
    }

    @Test(arguments: KeyKind.allCases)
    func hashMapAgreesWithDictionary(_ kind: KeyKind) {
        var numbers = Numbers(state: 7)
        var map = HashMap64<Int32>(empty: -1)
        var reference: [UInt64: Int32] = [:]
        for i in 0..<20_000 {
            let k = kind.key(&numbers, i)
            let step = Int32(numbers.below(5))
            map.update(k, initial: 100) { $0 += step }
            reference[k, default: 100] += step
        }
        #expect(map.count == reference.count, "\(kind)")
        #expect(reference.allSatisfy { map[$0.key] == $0.value }, "\(kind)")
        var misses = 0
        for _ in 0..<2_000 {
            let k = numbers.next() | 1 << 63
            if reference[k] == nil, map[k] != nil { misses += 1 }
        }
        #expect(misses == 0, "\(kind): absent keys found")
    }

    /// The ids of the old resolver: every claim ordered (most votes, smaller id, smaller cluster key), then taken greedily.
    static func referenceIds(count: Int, previous: [String: String], members: [[String]], keys: [String]) -> [String] {
        var claims: [(cluster: Int, id: String, votes: Int)] = []
        for index in 0..<count {
            var votes: [String: Int] = [:]
            for member in members[index] { if let id = previous[member] { votes[id, default: 0] += 1 } }
            claims += votes.map { (index, $0.key, $0.value) }
        }
        claims.sort { l, r in
            l.votes != r.votes ? l.votes > r.votes : l.id != r.id ? l.id < r.id : keys[l.cluster] < keys[r.cluster]
        }
        var ids = [String?](repeating: nil, count: count)
        var taken = Set<String>()
        for claim in claims where ids[claim.cluster] == nil && !taken.contains(claim.id) {
            ids[claim.cluster] = claim.id
            taken.insert(claim.id)
        }
        var avoid = taken.union(previous.values)
        return (0..<count).map { index in
            if let id = ids[index] { return id }
            let id = IdentityResolver.newId(for: keys[index]) { !avoid.contains($0) }
            avoid.insert(id)
            return id
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func identityFastPathGivesTheOrderedClaimsIds(seed: UInt64) {
        var numbers = Numbers(state: seed)
        // Last night: 300 vacancies of 1-4 records; tonight the records regrouped at random, some new.
        var previous: [String: String] = [:]
        var records: [String] = []
        for vacancy in 0..<300 {
            for record in 0..<(1 + numbers.below(4)) {
                let key = "src\u{1F}\(vacancy)-\(record)"
                previous[key] = "v-old\(vacancy)"
                records.append(key)
            }
        }
        records += (0..<80).map { "new\u{1F}\($0)" }
        var members: [[String]] = []
        var index = 0
        while index < records.count {
            // Mostly last night's groups; now and then a split or a merge with the next group.
            let size = numbers.below(10) == 0 ? 1 + numbers.below(6) : 1 + numbers.below(3)
            members.append(Array(records[index..<min(records.count, index + size)]))
            index += size
        }
        let keys = members.map { $0.min()! }
        let fast = IdentityResolver.assign(count: members.count, previous: previous, previousFingerprints: [:],
                                           usedIds: Set(previous.values), memberKeys: { members[$0] }, clusterKey: { keys[$0] }, fingerprint: { _ in "" })
        let expected = Self.referenceIds(count: members.count, previous: previous, members: members, keys: keys)
        #expect(fast.ids == expected)
        #expect(Set(fast.ids).count == fast.ids.count)
        // Splits: an old id whose records are in several clusters tonight.
        var holders: [String: Set<String>] = [:]
        for (cluster, group) in members.enumerated() {
            for member in group { if let old = previous[member] { holders[old, default: []].insert(fast.ids[cluster]) } }
        }
        #expect(Set(fast.splits.map(\.previous)) == Set(holders.filter { $0.value.count > 1 }.keys))
        #expect(!fast.splits.isEmpty && !fast.merges.isEmpty, "the random regrouping should split and merge some")
    }

    @Test(arguments: [
        ("voor onze opdrachtgever in breda", true), ("opdrachtgever", true), ("opdrachtgeve", false),
        ("jansen transport", false), ("", false), ("een relatie van ons", true), ("onbekend", true),
    ])
    func byteSearchFindsMarkers(_ text: String, _ hidden: Bool) {
        #expect(MatchKeys.containsAny(text, MatchKeys.hiddenEmployerMarkers.map { Array($0.utf8) }) == hidden)
        #expect(MatchKeys.containsAny(text, MatchKeys.hiddenEmployerMarkers.map { Array($0.utf8) })
            == MatchKeys.hiddenEmployerMarkers.contains { text.contains($0) })
    }

    @Test(arguments: ["geen bedrag", "€ 17,02 per uur", "ruim 3.000 â‚¬ niet", "loon: 2.700 € tot € 3.120", "é€"])
    func euroSignByBytes(_ text: String) {
        let found = SalaryValue.euroSign(in: text, from: text.startIndex)
        #expect(found == text.firstIndex(of: "€"))
    }
    /// A full night's features are put in canonical order in place: the same as gathering them
    /// into a new array, for any permutation (cycles of every length, fixed points, one element).
    @Test(arguments: [0, 1, 2, 7, 1000])
    func featuresPermutedInPlaceAsGathered(count: Int) {
        var generator = Numbers(state: UInt64(count))
        for _ in 0..<5 {
            let order = Array(0..<count).shuffled(using: &generator)
            let values = (0..<count).map { "v\($0)" }
            var inPlace = values
            ExtractedRecords.permuteInPlace(&inPlace, order: order)
            #expect(inPlace == order.map { values[$0] })
        }
    }

    /// A changed night's features are made in last night's array: the same as gathering them from
    /// last night's and tonight's fresh ones, with fewer, as many or more records than last night.
    @Test(arguments: [(0, 0), (0, 3), (5, 0), (1, 1), (10, 3), (1000, 40), (1000, 600), (50, 200)])
    func featuresMergedInPlaceAsGathered(lastNight: Int, fresh: Int) {
        var generator = Numbers(state: UInt64(lastNight * 1000 + fresh))
        for _ in 0..<5 {
            let old = (0..<lastNight).map { "old\($0)" }, new = (0..<fresh).map { "new\($0)" }
            // Some of last night's records carried, in their order, fresh ones put anywhere between.
            let carried = (0..<lastNight).filter { _ in Bool.random(using: &generator) }.map(Int32.init)
            var source = carried + (0..<fresh).map { Int32(-1 - $0) }
            source.shuffle(using: &generator)
            var next = 0
            for position in source.indices where source[position] >= 0 {
                source[position] = carried[next]
                next += 1
            }
            var merged = old
            ExtractedRecords.mergeInPlace(&merged, source: source, fresh: new)
            #expect(merged == source.map { $0 >= 0 ? old[Int($0)] : new[Int(-1 - $0)] })
        }
    }
}
