import Foundation
import Testing
import Catalogue
import Deduplication

// What a night that changed little (or nothing) does not do again: read a local feed, normalise a
// record, deduplicate. Each is held to what doing it afresh gives.

/// A local feed that has not changed is landed again as unchanged (that it is then not read again, RunTrimTests holds).
@Suite("Local feeds, unchanged", .serialized)
struct LocalFeedReuseTests {
    func outcomes(_ data: String) throws -> [String: String] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: data + "/runs").sorted()
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(data)/runs/\(runs.last!)/manifest.json"))) as? [String: Any]
        let steps = manifest?["steps"] as? [[String: Any]] ?? []
        var result: [String: String] = [:]
        for step in steps where step["stage"] as? String == "fetch" {
            result[step["source"] as? String ?? ""] = step["outcome"] as? String
        }
        return result
    }

    @Test func anUnchangedFileIsReportedUnchangedAndAnEditedOneLandedAgainEvenWithItsTimeSetBack() throws {
        let folder = try TemporaryDirectory()
        let feeds = folder.url.appendingPathComponent("feeds")
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("feeds"), to: feeds)
        let pipeline = try writeBundledPipeline(into: folder, feeds: feeds.path)
        let arguments = ["run", "--pipeline", pipeline, "--data-dir", folder.path + "/data"]
        #expect(try CLI.run(arguments).status == 0)
        #expect(try outcomes(folder.path + "/data")["uwv-werk-nl"] == "linked")
        #expect(try CLI.run(arguments).status == 0)
        #expect(try outcomes(folder.path + "/data")["uwv-werk-nl"] == "unchanged")

        // One byte changed in place, size and modification time as they were.
        let uwv = feeds.appendingPathComponent("uwv-hropen.xml")
        let modified = try FileManager.default.attributesOfItem(atPath: uwv.path)[.modificationDate] as! Date
        var bytes = try Data(contentsOf: uwv)
        let at = try #require(bytes.range(of: Data("Buschauffeur".utf8)))
        bytes[at.lowerBound] = UInt8(ascii: "b")
        let handle = try FileHandle(forWritingTo: uwv)
        try handle.write(contentsOf: bytes)
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: uwv.path)
        #expect(try CLI.run(arguments).status == 0)
        #expect(try outcomes(folder.path + "/data")["uwv-werk-nl"] == "linked")
        #expect(try outcomes(folder.path + "/data")["gemeente-breda"] == "unchanged")
    }
}

/// A night whose inputs are last night's takes last night's dedupe result; deduplicating again gives
/// the very same entries.
@Suite("Dedupe of an unchanged night", .serialized)
struct UnchangedDedupeTests {
    @Test func anUnchangedNightTakesLastNightsResultWhichDedupingAgainGives() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted()
        let manifest = try String(contentsOfFile: "\(data.path)/runs/\(runs[1])/manifest.json", encoding: .utf8)
        #expect(manifest.contains(#""unchanged_since" : "\#(runs[0])""#))
        let entries = "\(data.path)/runs/\(runs[1])/deduped/entries.ndjson"
        let taken = try EntryLines.contents(entries: entries)
        let digest = { try CatalogueInfo.read(from: data.path + "/catalogue.sqlite")["content_sha256"] }
        let before = try digest()

        // The catalogue is now this run's: a rerun deduplicates for real.
        let again = try CLI.run(["rerun", "last", "--stage", "dedupe", "--data-dir", data.path])
        #expect(again.status == 0, "\(again.stderr)")
        let rerun = try String(contentsOfFile: "\(data.path)/runs/\(runs[1])/manifest.json", encoding: .utf8)
        #expect(!rerun.contains("unchanged_since"))
        #expect(try EntryLines.contents(entries: entries) == taken)
        #expect(try digest() == before)
    }
}

/// A feed that changed a little: the records that did not change are taken from last night's
/// normalising and referred to where their lines are (`NormalisedLines`), and the output read through
/// its index is byte for byte what normalising them afresh gives, night after night.
@Suite("Normalising what changed", .serialized)
struct NormalisedMemoryTests {
    @Test func rememberedRecordsGiveWhatNormalisingAfreshGives() throws {
        let folder = try TemporaryDirectory()
        let feeds = folder.url.appendingPathComponent("feeds")
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("feeds"), to: feeds)
        let pipeline = try writeBundledPipeline(into: folder, feeds: feeds.path)
        let sources = ["uwv-werk-nl", "gemeente-breda", "flexpoint-uitzend", "vacaturebank-brabant"]
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", folder.path + "/night"]).status == 0)

        // Overnight the first UWV posting goes (every later record moves up one element), one title
        // changes, and a CSV row goes (the later rows move up a line).
        let uwv = feeds.appendingPathComponent("uwv-hropen.xml")
        var xml = try String(contentsOf: uwv, encoding: .utf8)
        let first = try #require(xml.range(of: "<PositionOpening>")), end = try #require(xml.range(of: "</PositionOpening>"))
        xml.removeSubrange(first.lowerBound..<end.upperBound)
        xml = xml.replacingOccurrences(of: "UWV-2026-104339", with: "UWV-2026-904339")
        try xml.write(to: uwv, atomically: true, encoding: .utf8)
        let csv = feeds.appendingPathComponent("gemeente-breda.csv")
        var rows = try Data(contentsOf: csv).split(separator: 0x0A, omittingEmptySubsequences: false)
        rows.remove(at: 1)
        try Data(rows.joined(separator: [0x0A])).write(to: csv)
        try night(folder, pipeline: pipeline, sources: sources, number: 1, referring: ["uwv-werk-nl", "gemeente-breda"])

        // The next night the CSV's new first row goes too: its lines are now in night one's file (referred to by
        // night two, whose link keeps it once night one is trimmed) and in none of night two's own. The UWV feed
        // did not change: night two's output is taken over whole, with its index and the file it refers to.
        rows.remove(at: 1)
        try Data(rows.joined(separator: [0x0A])).write(to: csv)
        try night(folder, pipeline: pipeline, sources: sources, number: 2, referring: ["uwv-werk-nl", "gemeente-breda"])
    }

    /// Runs night `number` (0 the first) in `night` and a first night on the same feeds in `afresh-<number>`, and
    /// holds the first to the second; the outputs of `referring` (whose feeds changed) refer to earlier lines.
    func night(_ folder: TemporaryDirectory, pipeline: String, sources: [String], number: Int, referring: Set<String>) throws {
        let afreshData = folder.path + "/afresh-\(number)"
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", folder.path + "/night"]).status == 0)
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", afreshData]).status == 0)
        let night = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/night/runs").sorted()[number]
        let afresh = try FileManager.default.contentsOfDirectory(atPath: afreshData + "/runs").sorted()[0]
        let manifest = try String(contentsOfFile: "\(folder.path)/night/runs/\(night)/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"reused_records\""), "the memory was used")
        for source in sources {
            let output = "\(folder.path)/night/runs/\(night)/normalised/\(source).ndjson"
            let fresh = "\(afreshData)/runs/\(afresh)/normalised/\(source).ndjson"
            #expect(try NormalisedLines.contents(output: output) == Array(Data(contentsOf: URL(fileURLWithPath: fresh))), "\(source)")
            guard referring.contains(source) else { continue }
            // Every line is taken from memory but the changed ones: the night's own file holds those alone.
            let lines = try #require(try NormalisedLines.load(output: output), "\(source) refers to last night's lines")
            #expect(lines.refersElsewhere)
            let size = { (path: String) in try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) }
            #expect(try size(output) < size(fresh) / 2, "\(source)")
        }
    }
}
