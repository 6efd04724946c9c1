import Foundation
import Testing
@testable import Deduplication
import KaartenbakCore

/// The entries phase of the file-based stage: merging with the employer hashes kept in the records'
/// features, and last night's entries copied only where they are what the state says.
@Suite struct DedupEntriesTests {
    /// The features' employer hashes (what the stage hands `Merger`) give the merged records that
    /// computing them from the employer strings gives: hidden employers, agencies and conflicts included.
    @Test func mergeWithTheFeaturesEmployerHashes() {
        let records = Array(DedupIncrementalTests.nights.first.prefix(600))
        let extractor = FeatureExtractor(hashCount: 16)
        let hashes: [UInt64?] = records.map { let hash = extractor.features(of: $0).employer; return hash == 0 ? nil : hash }
        let merger = Merger(settings: DedupeSettings())
        var employerConflicts = 0
        for size in [1, 2, 3] {
            for start in stride(from: 0, to: records.count - size, by: size) {
                let members = Array(records[start..<(start + size)])
                let merged = merger.merge(members, employerHashes: Array(hashes[start..<(start + size)]))
                #expect(merged == merger.merge(members))
                employerConflicts += merged.conflicts.filter { $0.field == "employer" }.count
            }
        }
        // The sample holds what the hashes decide: hidden names and employers that disagree.
        #expect(zip(records, hashes).contains { $0.employer != nil && $1 == nil }, "a hidden employer")
        #expect(employerConflicts > 0)
    }

    /// Last night's entries file shifted by one byte: its index's offsets no longer point at whole
    /// lines, and the night stops rather than refer to broken entries.
    @Test func entriesNotMatchingTheirStateAreRefused() throws {
        let folder = try TemporaryDirectory()
        let records = Array(DedupIncrementalTests.nights.first.prefix(300))
        let inputs = try DedupIncrementalTests.write(records, into: folder.path + "/in")
        _ = try DedupIncrementalTests.run(inputs, into: folder.path + "/night1")
        var ids: [String: String] = [:]
        for entry in try DedupIncrementalTests.entries(folder.path + "/night1") {
            for member in entry.cluster.members { ids[Deduplicator.memberKey(member)] = entry.id }
        }
        // Unchanged, the same night refers to every entry.
        let again = try DedupIncrementalTests.run(inputs, into: folder.path + "/night2", previous: folder.path + "/night1", ids: ids)
        #expect(again.reusedEntries == again.clusters && again.referredEntries == again.clusters)
        #expect(try DedupIncrementalTests.entryBytes(folder.path + "/night2") == DedupIncrementalTests.entryBytes(folder.path + "/night1"))

        let entries = folder.path + "/night1/entries.ndjson"
        try (Data("x".utf8) + Data(contentsOf: URL(fileURLWithPath: entries))).write(to: URL(fileURLWithPath: entries))
        let error = #expect(throws: KaartenbakError.self) {
            try DedupIncrementalTests.run(inputs, into: folder.path + "/night3", previous: folder.path + "/night1", ids: ids)
        }
        #expect(error?.message == "last night's entries file does not match its index")
        #expect(error?.location?.file == entries)
    }

    /// On a night with changes, tonight refers to last night's file in many runs, of which a sample
    /// is read (`EntryWriter.checkedRunsPerFile`): a file of the same size but other content (its
    /// lines in reverse order, as a rerun of last night that did not get to its index might leave it)
    /// is refused all the same.
    @Test func rewrittenEntriesAreRefusedFromASampleOfRuns() throws {
        let folder = try TemporaryDirectory()
        let nights = DedupIncrementalTests.nights
        _ = try DedupIncrementalTests.run(try DedupIncrementalTests.write(nights.first, into: folder.path + "/in1"), into: folder.path + "/night1")
        var ids: [String: String] = [:]
        for entry in try DedupIncrementalTests.entries(folder.path + "/night1") {
            for member in entry.cluster.members { ids[Deduplicator.memberKey(member)] = entry.id }
        }
        let tonight = try DedupIncrementalTests.write(nights.second, into: folder.path + "/in2")
        // Untouched, the night refers to last night's entries in more runs than the sample reads.
        let night = try DedupIncrementalTests.run(tonight, into: folder.path + "/night2", previous: folder.path + "/night1", ids: ids)
        #expect(night.referredEntries > 0 && night.referredEntries < night.clusters)
        let index = try #require(try EntryIndex.load(from: EntryIndex.path(forEntries: folder.path + "/night2/entries.ndjson")))
        let runs = (0..<index.count).filter { entry in
            index.file[entry] != 0 && (entry == 0 || index.file[entry - 1] != index.file[entry]
                || index.offset[entry - 1] + UInt64(index.length[entry - 1]) + 1 != index.offset[entry])
        }.count
        #expect(runs > EntryWriter.checkedRunsPerFile)
        let entries = folder.path + "/night1/entries.ndjson"
        let lines = try Data(contentsOf: URL(fileURLWithPath: entries)).split(separator: 0x0A)
        try Data(lines.reversed().joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: entries))
        let error = #expect(throws: KaartenbakError.self) {
            try DedupIncrementalTests.run(tonight, into: folder.path + "/night3", previous: folder.path + "/night1", ids: ids)
        }
        #expect(error?.message == "last night's entries file does not match its index")
    }

    /// Tonight keeps a quarter of last night's records: its entries still there are under half of
    /// last night's file, so they are copied into tonight's file and that file is left behind (the
    /// lines no night uses stay at most as large as the live ones). Read back, the entries are the
    /// full run's.
    @Test func entriesOfAMostlyDepartedFileAreCopied() throws {
        let folder = try TemporaryDirectory()
        let records = Array(DedupIncrementalTests.nights.first.prefix(400))
        _ = try DedupIncrementalTests.run(try DedupIncrementalTests.write(records, into: folder.path + "/in1"), into: folder.path + "/night1")
        var ids: [String: String] = [:]
        for entry in try DedupIncrementalTests.entries(folder.path + "/night1") {
            for member in entry.cluster.members { ids[Deduplicator.memberKey(member)] = entry.id }
        }
        let tonight = try DedupIncrementalTests.write(Array(records.prefix(100)), into: folder.path + "/in2")
        let night = try DedupIncrementalTests.run(tonight, into: folder.path + "/night2", previous: folder.path + "/night1", ids: ids)
        let full = try DedupIncrementalTests.run(tonight, into: folder.path + "/full", ids: ids)
        #expect(night.reusedEntries > 0 && night.referredEntries == 0)
        #expect(full.reusedEntries == 0)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.path + "/night2/entries.ndjson")))
        #expect(written == (try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.path + "/full/entries.ndjson")))))
        #expect(try DedupIncrementalTests.entryBytes(folder.path + "/night2") == written)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/night2").filter { $0.hasPrefix("entries-") } == [])
    }

    /// A damaged index is refused with its file named, not read as entries.
    @Test func damagedIndexIsRefused() throws {
        let folder = try TemporaryDirectory()
        let inputs = try DedupIncrementalTests.write(Array(DedupIncrementalTests.nights.first.prefix(50)), into: folder.path + "/in")
        _ = try DedupIncrementalTests.run(inputs, into: folder.path + "/night1")
        let index = EntryIndex.path(forEntries: folder.path + "/night1/entries.ndjson")
        #expect(index == folder.path + "/night1/entries.index")
        let whole = try Data(contentsOf: URL(fileURLWithPath: index))
        try whole.prefix(whole.count - 3).write(to: URL(fileURLWithPath: index))
        let error = #expect(throws: KaartenbakError.self) { _ = try DedupIncrementalTests.entries(folder.path + "/night1") }
        #expect(error?.location?.file == index)
    }

    /// Nights written into one folder, each reusing the one before: the files the folder already
    /// links stay referred to (not unlinked and copied), and the entries read back unchanged.
    @Test func nightsInOneFolderKeepReferring() throws {
        let folder = try TemporaryDirectory()
        let inputs = try DedupIncrementalTests.write(Array(DedupIncrementalTests.nights.first.prefix(200)), into: folder.path + "/in")
        let out = folder.path + "/out"
        _ = try DedupIncrementalTests.run(inputs, into: out)
        var ids: [String: String] = [:]
        for entry in try DedupIncrementalTests.entries(out) {
            for member in entry.cluster.members { ids[Deduplicator.memberKey(member)] = entry.id }
        }
        let first = try DedupIncrementalTests.entryBytes(out)
        for _ in 0..<2 {
            let night = try DedupIncrementalTests.run(inputs, into: out, previous: out, ids: ids)
            #expect(night.referredEntries == night.clusters)
            #expect(try DedupIncrementalTests.entryBytes(out) == first)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("entries-") }.count == 1)
    }
}
