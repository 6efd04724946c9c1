import Foundation
import Testing
@testable import DedupeTooling
@testable import Deduplication
import KaartenbakCore
import Logging
import Pipeline

/// The file-based dedupe stage: same result as in memory, and a night that reuses last night's
/// state gives exactly the full run's result.
@Suite struct DedupIncrementalTests {
    /// Generated records: night one, and night two with edits, additions and removals.
    static let nights: (first: [Vacancy], second: [Vacancy]) = {
        var settings = SyntheticVacancies.Settings()
        settings.seed = 7
        let all = SyntheticVacancies(settings: settings).records(count: 1400).records
        let first = Array(all.prefix(1200))
        var second: [Vacancy] = []
        for (index, record) in first.enumerated() {
            if index % 17 == 3 { continue } // gone tonight
            var tonight = record
            if index % 11 == 0 {
                tonight.title += " (m/v)"
                tonight.description = (tonight.description ?? "") + " Solliciteer vandaag nog."
            }
            if index % 23 == 5 { tonight.location = "line \(index + 1000)" } // moved in its feed only
            second.append(tonight)
        }
        second += all.suffix(200) // new tonight
        return (first, second)
    }()

    /// Writes records as one NDJSON file per source, in the order given.
    static func write(_ records: [Vacancy], into folder: String) throws -> [DedupeInput] {
        var writers: [String: NDJSONWriter<Vacancy>] = [:]
        for record in records {
            if writers[record.source] == nil { writers[record.source] = try NDJSONWriter(path: "\(folder)/\(record.source).ndjson") }
            try writers[record.source]?.append(record)
        }
        for writer in writers.values { try writer.finish() }
        return writers.keys.sorted().map { DedupeInput(source: $0, path: "\(folder)/\($0).ndjson") }
    }

    static func run(_ inputs: [DedupeInput], into folder: String, previous: String? = nil,
                    settings: DedupeSettings = DedupeSettings(), ids: [String: String] = [:]) throws -> DedupeReport {
        let files = DedupeFiles(entries: folder + "/entries.ndjson", state: folder + "/state.bin",
                                previousState: previous.map { $0 + "/state.bin" },
                                previousEntries: previous.map { $0 + "/entries.ndjson" })
        return try Deduplicator(settings: settings, logger: Logger(label: "test.dedupe"))
            .run(inputs: inputs, files: files, previousIds: { _ in ids }, usedIds: Set(ids.values))
    }

    static func entries(_ folder: String) throws -> [DedupedVacancy] {
        var entries: [DedupedVacancy] = []
        try EntryLines.forEach(DedupedVacancy.self, entries: folder + "/entries.ndjson") { entries.append($0) }
        return entries
    }

    /// A night's entry lines wherever they are, as a full night's entries file holds them.
    static func entryBytes(_ folder: String) throws -> [UInt8] {
        try EntryLines.contents(entries: folder + "/entries.ndjson")
    }

    @Test func filesGiveTheInMemoryClusters() throws {
        let folder = try TemporaryDirectory()
        let inputs = try Self.write(Self.nights.first, into: folder.path + "/in")
        let report = try Self.run(inputs, into: folder.path + "/out")
        let fromFiles = try Self.entries(folder.path + "/out").map(\.cluster)
        // An entry's members are its records less their texts and locations (the merged record
        // keeps its own description).
        let inMemory = testDeduplicator.cluster(Self.nights.first).map { cluster in
            var cluster = cluster
            for index in cluster.members.indices {
                cluster.members[index].description = nil
                cluster.members[index].location = ""
            }
            return cluster
        }
        #expect(fromFiles == inMemory)
        #expect(report.records == Self.nights.first.count)
        #expect(!report.incremental)
        #expect(report.fullRunReason == "no previous state")
    }

    /// Night one in full, then night two both reusing night one and in full; checks that the two
    /// night-two runs leave byte-for-byte the same entries and state.
    static func secondNights(settings: DedupeSettings) throws -> (incremental: DedupeReport, full: DedupeReport, first: DedupeReport) {
        let folder = try TemporaryDirectory()
        let first = try run(try write(nights.first, into: folder.path + "/in1"), into: folder.path + "/night1", settings: settings)
        var ids: [String: String] = [:]
        for entry in try entries(folder.path + "/night1") {
            for member in entry.cluster.members { ids[Deduplicator.memberKey(member)] = entry.id }
        }
        // Tonight's files list the records in another order than last night's.
        let tonight = try write(nights.second.reversed(), into: folder.path + "/in2")
        let incremental = try run(tonight, into: folder.path + "/incremental", previous: folder.path + "/night1",
                                  settings: settings, ids: ids)
        let full = try run(tonight, into: folder.path + "/full", settings: settings, ids: ids)

        #expect(incremental.incremental)
        #expect(!full.incremental)
        // A full night writes every entry to its own file; the night reusing last night's refers to
        // the unchanged ones where they are, and reads back byte for byte the same.
        let fullBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.path + "/full/entries.ndjson")))
        #expect(try entryBytes(folder.path + "/full") == fullBytes)
        #expect(try entryBytes(folder.path + "/incremental") == fullBytes, "the entries are byte for byte the same")
        #expect(incremental.referredEntries > 0 && full.referredEntries == 0)
        #expect(incremental.assignment == full.assignment)
        #expect(incremental.edges == full.edges)
        #expect(incremental.candidatePairs < full.candidatePairs, "pairs known from last night are not paired again")
        // And the state it leaves is the one a full run leaves.
        let incrementalState = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/incremental/state.bin"))
        let fullState = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/full/state.bin"))
        #expect(incrementalState == fullState)
        return (incremental, full, first)
    }

    @Test func incrementalNightEqualsFullRun() throws {
        let (incremental, full, first) = try Self.secondNights(settings: DedupeSettings())
        #expect(first.assignment.ids.count == first.clusters)

        // It did reuse: features of unchanged records, verdicts of their pairs, unchanged entries.
        // Moved records (only their location changed) keep their features.
        let edited = Self.nights.first.indices.filter { $0 % 17 != 3 && $0 % 11 == 0 }.count
        #expect(incremental.extracted == edited + 200, "only the new and the edited records are read as JSON")
        #expect(full.extracted == Self.nights.second.count)
        // A quarter of the records changed, came or went: most small blocks still hold only unchanged ones.
        #expect(incremental.reusedPairs > incremental.candidatePairs / 10)
        #expect(incremental.reusedEntries > incremental.clusters / 2)
        #expect(full.reusedPairs == 0 && full.reusedEntries == 0)
    }

    /// A night on which every record only moved in its feed (a record above it came or went): the
    /// entries depend on content alone, so every one is last night's, referred to, not written.
    @Test func recordsThatOnlyMovedKeepLastNightsEntries() throws {
        let folder = try TemporaryDirectory()
        let records = Array(Self.nights.first.prefix(400))
        let first = try Self.run(try Self.write(records, into: folder.path + "/in1"), into: folder.path + "/night1")
        var ids: [String: String] = [:]
        for entry in try Self.entries(folder.path + "/night1") {
            for member in entry.cluster.members { ids[Deduplicator.memberKey(member)] = entry.id }
        }
        let moved = records.enumerated().map { index, record in
            var record = record
            record.location = "line \(index + 7)"
            return record
        }
        let second = try Self.run(try Self.write(moved, into: folder.path + "/in2"), into: folder.path + "/night2",
                                  previous: folder.path + "/night1", ids: ids)
        #expect(second.incremental)
        #expect(second.clusters == first.clusters)
        #expect(second.reusedEntries == second.clusters, "no entry is merged or written again")
        #expect(try Self.entryBytes(folder.path + "/night2") == Self.entryBytes(folder.path + "/night1"))
    }

    /// Most blocks above `maxBlockSize`, tiles crowded enough to be split into buckets: night two's
    /// edits, additions and removals change big blocks, and the result is still the full run's.
    @Test(arguments: [(4, 7, 2), (6, 3, 1)])
    func incrementalNightWithBigBlocksEqualsFullRun(maxBlockSize: Int, tileDays: Int, tileSize: Int) throws {
        var settings = DedupeSettings()
        (settings.maxBlockSize, settings.tileDays, settings.tileSize) = (maxBlockSize, tileDays, tileSize)
        let (incremental, full, _) = try Self.secondNights(settings: settings)
        #expect(incremental.reusedPairs > incremental.candidatePairs / 4, "most pairs of unchanged records are known")
        #expect(full.edges > 0)
    }

    @Test func stateFromOtherSettingsIsIgnored() throws {
        let folder = try TemporaryDirectory()
        let inputs = try Self.write(Self.nights.first, into: folder.path + "/in")
        _ = try Self.run(inputs, into: folder.path + "/night1")
        var other = DedupeSettings()
        other.threshold += 0.5
        let report = try Self.run(inputs, into: folder.path + "/night2", previous: folder.path + "/night1", settings: other)
        #expect(!report.incremental)
        #expect(report.fullRunReason?.contains("settings") == true)
        #expect(report.reusedPairs == 0)
        #expect(report.extracted == Self.nights.first.count)

        // Threads do not shape the output: a state written with other threads is used.
        var threads = DedupeSettings()
        threads.threads = 1
        #expect(try Self.run(inputs, into: folder.path + "/night3", previous: folder.path + "/night1", settings: threads).incremental)
    }

    @Test func stateOfAnotherFormatOrProgramIsIgnored() throws {
        let folder = try TemporaryDirectory()
        let inputs = try Self.write(Self.nights.first, into: folder.path + "/in")
        _ = try Self.run(inputs, into: folder.path + "/night1")
        let state = DedupeState(fingerprint: "format 2; program another build; settings {}")
        try state.write(to: folder.path + "/old/state.bin")
        let otherProgram = try Self.run(inputs, into: folder.path + "/a", previous: folder.path + "/old")
        #expect(!otherProgram.incremental)
        #expect(otherProgram.fullRunReason?.contains("program") == true)

        try Data("not a state".utf8).write(to: URL(fileURLWithPath: folder.path + "/old/state.bin"))
        let garbage = try Self.run(inputs, into: folder.path + "/b", previous: folder.path + "/old")
        #expect(!garbage.incremental)
        #expect(try Self.entries(folder.path + "/b") == Self.entries(folder.path + "/a"))

        // A state cut short (a full disk, say) is not used either.
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/night1/state.bin"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: folder.path + "/old/state.bin"))
        let truncated = try Self.run(inputs, into: folder.path + "/c", previous: folder.path + "/old")
        #expect(!truncated.incremental)
        #expect(truncated.fullRunReason?.contains("unreadable") == true)
        #expect(try Self.entries(folder.path + "/c") == Self.entries(folder.path + "/a"))
    }

    @Test func featuresSurviveTheStateFile() throws {
        let extractor = FeatureExtractor(hashCount: 16)
        var features = Self.nights.first.prefix(300).map { extractor.features(of: $0) }
        Deduplicator.markTrustedEmployers(&features)
        Deduplicator.markCommonFacts(&features)
        var writer = ByteWriter()
        for f in features { writer.put(f) }
        let read = try writer.bytes.withUnsafeBytes { raw in
            var reader = ByteReader(bytes: raw, path: "memory")
            return try features.indices.map { _ in try reader.features() }
        }
        #expect(read == features)
        #expect(features.contains { $0.hoursMin != nil } && features.contains { $0.minhash.isEmpty == false })
        #expect(features.contains { $0.commonFacts != 0 } && features.contains { $0.longDescription })
        #expect(features.contains { $0.openingMentions != 0 } && features.contains { $0.openingText >> 56 != 0 })
    }

    /// The state is read in parallel slices found by skipping records: a state of several slices
    /// reads back whole, and one whose lengths disagree with its fields is refused, not misread.
    @Test func stateReadInSlices() throws {
        let folder = try TemporaryDirectory()
        let extractor = FeatureExtractor(hashCount: 16)
        let sample = Self.nights.first.prefix(200).map { extractor.features(of: $0) }
        var state = DedupeState(fingerprint: "slices")
        for index in 0..<40_000 {
            state.content.append(UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            state.cluster.append(UInt32(index / 3))
            state.memberKeys.append("src\u{1F}" + String(repeating: "x", count: index % 37) + "\(index)")
            state.features.append(sample[index % sample.count])
        }
        state.edges = [Edge(a: 1, b: 2, score: 7.5)]
        state.clusters = [DedupeState.Cluster(members: 3, id: "v-1")]
        let path = folder.path + "/state.bin"
        try state.write(to: path, threads: 2)
        guard case .loaded(let read) = try DedupeState.load(from: path, expecting: "slices", threads: 2) else {
            Issue.record("state not loaded")
            return
        }
        #expect(read.content == state.content && read.cluster == state.cluster)
        #expect(read.memberKeys == state.memberKeys && read.features == state.features)
        #expect(read.edges == state.edges && read.clusters.map(\.id) == ["v-1"])

        // Record 20,000's member key claims one byte more than it has.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let key = Array(state.memberKeys[20_000].utf8)
        let at = try #require((0..<(bytes.count - key.count)).first { bytes[$0..<($0 + key.count)].elementsEqual(key) }) - 4
        bytes[at] += 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: KaartenbakError.self) { _ = try DedupeState.load(from: path, expecting: "slices", threads: 2) }
    }

    @Test func badLineIsNamedByFileAndLine() throws {
        let folder = try TemporaryDirectory()
        let inputs = try Self.write(Array(Self.nights.first.prefix(20)), into: folder.path + "/in")
        let path = inputs[0].path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text += "{\"source\": broken\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n").count
        #expect {
            _ = try Self.run(inputs, into: folder.path + "/out")
        } throws: { error in
            let error = error as? KaartenbakError
            return error?.location?.file == path && error?.location?.line == lines
        }
    }

    @Test func pipelineSecondRunReusesTheDedupeState() throws {
        let data = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: data, feeds: fixturesDirectory.appendingPathComponent("feeds").path)
        // Both nights keep their files (a published night removes the last one's): the entries are compared below.
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path, "--keep-intermediate"]).status == 0)
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path, "--keep-intermediate"]).status == 0)
        let store = RunStore(root: data.path)
        let runs = store.runIds()
        #expect(runs.count == 2)
        let first = try #require(try store.loadManifest(runs[1]).step(.dedupe, "*"))
        let second = try #require(try store.loadManifest(runs[0]).step(.dedupe, "*"))
        #expect(first.notes["full_run"] == "no previous state")
        #expect(second.reusedState == runs[1])
        #expect(second.counts["extracted"] == 0, "nothing changed: every record's features are reused")
        #expect(second.counts["reused_entries"] == second.counts["vacancies"])
        #expect(second.counts["referred_entries"] == second.counts["vacancies"], "every entry is where the first run wrote it")
        let firstEntries = try EntryLines.contents(entries: store.deduped(runs[1]))
        #expect(try EntryLines.contents(entries: store.deduped(runs[0])) == firstEntries)
        // The second run's folder holds what it refers to: pruning the first leaves it whole,
        // and a third run builds on it.
        #expect(try CLI.run(["prune", "--keep", "1", "--data-dir", data.path]).status == 0)
        #expect(store.runIds() == [runs[0]])
        #expect(try EntryLines.contents(entries: store.deduped(runs[0])) == firstEntries)
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path]).status == 0)
        let third = try #require(try store.loadManifest(store.runIds()[0]).step(.dedupe, "*"))
        #expect(third.reusedState == runs[0])
        #expect(try EntryLines.contents(entries: store.deduped(store.runIds()[0])) == firstEntries)
    }
}

/// The fast line decoder reads what JSONDecoder reads, and gives up where JSONDecoder fails.
@Suite struct VacancyLineDecoderTests {
    static func fast(_ line: String) -> Vacancy? {
        Array(line.utf8).withUnsafeBytes { VacancyLineDecoder.decode($0) }
    }

    @Test func readsWhatJSONDecoderReads() throws {
        var records = Array(DedupIncrementalTests.nights.first.prefix(200))
        var odd = DedupSamples.agencyCE
        odd.description = "Quote \" backslash \\ tab \t newline \n é ü 🚚 \u{1F} end"
        odd.coding.candidates = [OccupationCandidate(isco: "8332", occupation: "x", label: "Chauffeur \"CE\"", score: 0.25)]
        odd.coding.reasons = ["a", "b/c"]
        odd.hoursMin = 38.5
        odd.salaryMax = 1e6
        odd.repost = true
        (odd.region, odd.employerKey, odd.postcode, odd.province) = ("AM25", "jansen", "4811 AB", "Noord-Brabant")
        (odd.closingDate, odd.contract, odd.schedule, odd.education, odd.url) = ("2026-12-01", "temporary", "fulltime", "mbo", "https://x.nl/1")
        odd.placement = Placement(region: "AM25 \"x\"", basis: .sourceRegion, note: "no postcode or place")
        odd.signals = [WorkSignal(.participation, evidence: "title: 'Banenafspraak'")]
        // Every field set, so a field added to Vacancy but not to the fast decoder fails here.
        for (name, value) in Mirror(reflecting: odd).children {
            let mirror = Mirror(reflecting: value)
            #expect(mirror.displayStyle != .optional || !mirror.children.isEmpty, "set \(name ?? "?") in this sample")
        }
        records.append(odd)
        let encoder = JSONEncoder()
        encoder.outputFormatting = NDJSONWriter<Vacancy>.outputFormatting
        for record in records {
            let line = String(decoding: try encoder.encode(record), as: UTF8.self)
            #expect(Self.fast(line) == record)
        }
        // \u escapes (other writers use them) and unknown keys.
        let escaped = try #require(Self.fast(#"{"coding":{"ambiguous":false,"candidates":[],"confidence":0,"reasons":[],"extra":[1,{"a":null}]},"location":"l","normalisedTitle":"T","publisher":"agency","source":"s","sourceRecordId":"1","title":"Caf\u00e9 \ud83d\ude9a","future":true}"#))
        #expect(escaped.title == "Café 🚚")
    }

    @Test(arguments: [
        #"{"coding":{"ambiguous":false,"candidates":[],"confidence":0,"reasons":[]},"location":"l","normalisedTitle":"T","publisher":"agency","source":"s","title":"T"}"#,
        #"{"coding":{"ambiguous":false,"candidates":[],"confidence":0,"reasons":[]},"location":"l","normalisedTitle":"T","publisher":"bank","source":"s","sourceRecordId":"1","title":"T"}"#,
        #"{"coding":{"ambiguous":false,"candidates":[],"confidence":0,"reasons":[]},"location":"l","normalisedTitle":"T","publisher":"agency","source":"s","sourceRecordId":"1","title":"T","place":5}"#,
        #"{"coding":{"ambiguous":false,"candidates":[],"reasons":[]},"location":"l","normalisedTitle":"T","publisher":"agency","source":"s","sourceRecordId":"1","title":"T"}"#,
        #"{"coding":{"ambiguous":false,"candidates":[],"confidence":0,"reasons":[]},"location":"l","normalisedTitle":"T","publisher":"agency","source":"s","sourceRecordId":"1","title":"T"} x"#,
        #"{"coding":{"ambiguous":false,"candidates":[],"confidence":0,"reasons":[]},"location":"l","normalisedTitle":"T","publisher":"agency","source":"s","sourceRecordId":"1","title":"T\x"}"#,
    ])
    func givesUpWhereJSONDecoderFails(_ line: String) {
        #expect(Self.fast(line) == nil)
        #expect((try? JSONDecoder().decode(Vacancy.self, from: Data(line.utf8))) == nil)
    }
}
