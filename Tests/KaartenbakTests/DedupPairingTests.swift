import Foundation
import Testing
@testable import DedupeTooling
@testable import Deduplication
import KaartenbakCore

/// Candidate pairing of big blocks by date tiles: a pair's pairing depends on the pair and the
/// classes of its block and tiles, not on the other members, and a reusing night skips exactly the
/// pairs whose verdict it knows.
@Suite struct DedupPairingTests {
    /// `count` drivers in one town (one big "ISCO group + place" block), each from its own source
    /// and employer, posted one per `spacing` days from 2025-09-01.
    static func block(_ count: Int, spacing: Int = 1, prefix: String = "r") -> [RecordFeatures] {
        let extractor = FeatureExtractor(hashCount: 16)
        var features = (0..<count).map { index in
            extractor.features(of: makeVacancy("source-\(prefix)\(index)", "\(prefix)\(index)", title: "Chauffeur",
                                               isco: "8332", employer: "Werkgever \(prefix)\(index)", place: "Breda",
                                               posted: day(index * spacing)))
        }
        Deduplicator.markTrustedEmployers(&features)
        return features
    }

    /// The ISO date `offset` days after day 20,332 (2025-09-01).
    static func day(_ offset: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: Double(20_332 + offset) * 86_400))
    }

    /// Pairs the generator hands to scoring, as member record keys (independent of positions).
    static func pairs(_ features: [RecordFeatures], settings: DedupeSettings = DedupeSettings(),
                      changes: CandidateGenerator.Changes? = nil) -> (pairs: Set<[UInt64]>, result: CandidateGenerator.Result) {
        var found = Set<[UInt64]>()
        // One thread: `link` is called from the worker threads, and this one writes to `found`.
        let result = CandidateGenerator(settings: settings, threads: 1).edges(features, changes: changes) { a, b in
            found.insert([features[a].recordKey, features[b].recordKey].sorted())
            return nil
        }
        return (found, result)
    }

    @Test func bigBlockPairsOnlyNearbyTilesAndStaysNearLinear() throws {
        // One member every other day: 3 or 4 a tile, so tiles are not split.
        let features = Self.block(200, spacing: 2)
        let (pairs, result) = Self.pairs(features)
        let settings = DedupeSettings()
        let day = Dictionary(uniqueKeysWithValues: features.map { ($0.recordKey, $0.posted ?? 0) })
        for pair in pairs {
            let tiles = try pair.map { Int(CandidateGenerator.tile(day: try #require(day[$0]), days: settings.tileDays)) }
            #expect(abs(tiles[0] - tiles[1]) <= 1, "only members of the same or the next tile are paired")
        }
        // Records posted within the tile width of each other are always paired.
        for index in 0..<(features.count - 3) {
            #expect(pairs.contains([features[index].recordKey, features[index + 3].recordKey].sorted()))
        }
        #expect(!pairs.contains([features[0].recordKey, features[20].recordKey].sorted()))
        // Two keys make this block (occupation and title, each + place); a member meets at most
        // about 3 × tileSize others through each.
        #expect(result.candidates <= 2 * 200 * 3 * settings.tileSize / 2)
    }

    @Test func crowdedTilesAreSplitIntoBuckets() {
        // 400 members within two tiles: buckets keep the pairs far below all-against-all (79,800).
        let features = Self.block(400, spacing: 0)
        let (_, result) = Self.pairs(features)
        #expect(result.candidates > 400)
        #expect(result.candidates < 400 * DedupeSettings().tileSize * 2)
    }

    @Test func pairsDoNotDependOnOtherMembersOfTheClass() {
        // Adding members that leave the block's and tiles' classes alone keeps every earlier pair.
        let base = Self.block(60, spacing: 3)
        let more = base + Self.block(5, spacing: 30, prefix: "x")
        let before = Self.pairs(base).pairs, after = Self.pairs(more).pairs
        #expect(before.isSubset(of: after))
        let added = Set(Self.block(5, spacing: 30, prefix: "x").map(\.recordKey))
        #expect(after.subtracting(before).allSatisfy { !added.isDisjoint(with: $0) }, "new pairs all touch an added record")
    }

    @Test(arguments: [6, 3]) func reusingNightGeneratesOnlyPairsTouchingChanges(tileSize: Int) throws {
        var settings = DedupeSettings()
        settings.tileSize = tileSize // 3: crowded tiles, so buckets (and their classes) matter too
        let tonight = Self.block(120, spacing: 1)
        let changed = [5, 50, 51, 90]
        var unchanged = [Bool](repeating: true, count: tonight.count)
        for index in changed { unchanged[index] = false }
        let changes = CandidateGenerator.Changes(unchanged: unchanged, departed: Self.block(2, spacing: 40, prefix: "gone"))
        let full = Self.pairs(tonight, settings: settings)
        let night = Self.pairs(tonight, settings: settings, changes: changes)
        #expect(night.result.candidates < full.result.candidates)
        #expect(night.result.skipped > 0)
        let pairing = try #require(night.result.pairing)
        let generator = CandidateGenerator(settings: settings, threads: 1)
        let position = Dictionary(uniqueKeysWithValues: tonight.enumerated().map { ($0.element.recordKey, $0.offset) })
        let changedKeys = Set(changed.map { tonight[$0].recordKey })
        for pair in full.pairs {
            let (a, b) = (try #require(position[pair[0]]), try #require(position[pair[1]]))
            if !changedKeys.isDisjoint(with: pair) {
                #expect(night.pairs.contains(pair), "a pair with a changed record is scored")
            } else if !night.pairs.contains(pair) {
                #expect(pairing.pairedAsLastNight(a, b, tonight, generator: generator), "a skipped pair is known from last night")
            }
        }
        #expect(night.pairs.isSubset(of: full.pairs))
    }

    @Test func blockChangingClassIsPairedAgain() {
        // Last night the block was small (10 members): tonight's 14 are paired by tiles, and no pair of
        // unchanged records counts as known through it.
        let tonight = Self.block(14, spacing: 2)
        var unchanged = [Bool](repeating: true, count: 14)
        for added in 10..<14 { unchanged[added] = false }
        let night = Self.pairs(tonight, changes: CandidateGenerator.Changes(unchanged: unchanged, departed: []))
        let full = Self.pairs(tonight)
        #expect(night.pairs == full.pairs)
        #expect(night.result.skipped == 0)
    }

    /// The shard sort is `sort()`'s order, ties included: blocks of one key (a big one among them),
    /// tiles, departed entries (record -1) and a record with one key twice (told apart by its key index).
    @Test(arguments: [0, 1, 200, 257, 5_000, 60_000])
    func shardSortIsSortsOrder(count: Int) {
        var random = SeededGenerator(seed: UInt64(count) + 7)
        let shard = UInt64(37) << UInt64(64 - CandidateGenerator.shardBits)
        let bigKey = shard | UInt64.random(in: 0..<(1 << 40), using: &random)
        let entries = (0..<count).map { index -> CandidateGenerator.Entry in
            let key = index % 5 == 0 ? bigKey : shard | UInt64.random(in: 0..<(1 << UInt64(64 - CandidateGenerator.shardBits)), using: &random)
            let record: Int32 = index % 11 == 0 ? -1 : Int32.random(in: 0..<Int32(max(1, count / 3)), using: &random)
            return CandidateGenerator.Entry(key: index % 13 == 0 ? bigKey : key, tile: Int32.random(in: 0..<4, using: &random),
                                            record: record, bucket: UInt32(index), keyIndex: UInt16(index % 7), dirty: index % 2 == 0)
        }
        var sorted = entries
        CandidateGenerator.sortShard(&sorted)
        let expected = entries.sorted()
        #expect(sorted.count == count)
        // The first difference only: the arrays themselves are too long to print.
        #expect(sorted.indices.first { sorted[$0] != expected[$0] } == nil)
    }
}
