import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCore

/// What the fuzz harnesses (Fuzz/, docs/fuzzing.md) found: each input crashed, hung or broke a reader's promise
/// before its fix. They are kept, minimised, as `fixtures/fuzz/<harness>/finding-*` (so every fuzz run starts
/// from them too), and each must now give a sane outcome: records and rejects, or the feed refused with a
/// `KaartenbakError`.
@Suite struct FuzzFindingsTests {
    struct Finding: Sendable, CustomTestStringConvertible {
        var harness: String
        var file: String
        /// nil: the feed is refused as a whole.
        var records: Int?
        var rejects: Int = 0
        /// Whether the read must say it is incomplete.
        var incomplete = false
        var testDescription: String { "\(harness)/\(file)" }
        var path: String { fixturesDirectory.appendingPathComponent("fuzz/\(harness)/\(file)").path }
    }

    static let jsonSource = SourceDefinition(
        name: "json", publisher: .employer, url: "x.json", format: .json,
        fields: [.id: ["identifier"], .title: ["title"]])

    static let csvSource = SourceDefinition(
        name: "csv", publisher: .employer, url: "x.csv", format: .csv,
        fields: [.id: ["id"], .title: ["title"]])

    static func read(_ finding: Finding, _ source: SourceDefinition) throws -> (records: [RawRecord], rejects: [Reject], summary: ReadSummary) {
        try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: finding.path)
    }

    static func check(_ finding: Finding, _ source: SourceDefinition) throws {
        guard let expected = finding.records else {
            #expect(throws: KaartenbakError.self) { try read(finding, source) }
            return
        }
        let (records, rejects, summary) = try read(finding, source)
        #expect(records.count == expected, "\(records)")
        #expect(rejects.count == finding.rejects, "\(rejects)")
        #expect((summary.incomplete != nil) == finding.incomplete, "\(summary)")
        for record in records {
            #expect(record[.id]?.isEmpty == false && record[.title]?.isEmpty == false, "\(record)")
        }
    }

    /// A `}` where the top-level array's elements are split: the splitter found it again and again, adding an
    /// empty element each time, until memory ran out (libFuzzer: out-of-memory, a 2 GB allocation, from 4 bytes).
    /// Now the array breaks off there: elements before it are read, the rest is one reject.
    @Test(arguments: [
        Finding(harness: "json", file: "finding-stray-brace.json", records: nil),
        Finding(harness: "json", file: "finding-stray-brace-after-record.json", records: 1, rejects: 1, incomplete: true),
    ])
    func jsonStrayClosingBrace(_ finding: Finding) throws {
        try Self.check(finding, Self.jsonSource)
    }

    /// An id of control characters only ("\u{1F}") passed the readers' required-field check, then lost them
    /// to the control-character screen: the record went on with an empty id. Now it is a reject.
    @Test(arguments: [
        Finding(harness: "csv", file: "finding-control-character-id.csv", records: 0, rejects: 1),
        Finding(harness: "json", file: "finding-control-character-id.json", records: 1, rejects: 1),
    ])
    func controlCharactersOnlyAreNoValue(_ finding: Finding) throws {
        try Self.check(finding, finding.harness == "csv" ? Self.csvSource : Self.jsonSource)
        let (records, rejects, summary) = try Self.read(finding, finding.harness == "csv" ? Self.csvSource : Self.jsonSource)
        #expect(rejects.first?.reason == "missing required field 'id'", "\(rejects)")
        #expect(records.map { $0[.title] } == (finding.harness == "json" ? ["Lasser"] : []))
        #expect(summary.controlCharactersRemoved == records.count)
        for record in records { #expect(!record.values.contains { $0.text.isEmpty }, "\(record)") }
    }

    /// A JSON feed on one line (minified, as APIs serve it) was taken for NDJSON of one line: its `@graph` or the
    /// array at its `record` path was never looked into, and the whole feed was one reject. Found in the JSON
    /// seeds' replay (FuzzJSON FILE...), not by a crash. One line is now one document.
    @Test(arguments: [
        Finding(harness: "json", file: "finding-minified-graph.json", records: 1, rejects: 1),
        Finding(harness: "json", file: "finding-minified-wrapper.json", records: 2, rejects: 1),
    ])
    func minifiedJSONIsOneDocument(_ finding: Finding) throws {
        var source = Self.jsonSource
        if finding.file.contains("wrapper") {
            source.record = "data.jobs"
            source.fields = [.id: ["id"], .title: ["title"]]
        }
        try Self.check(finding, source)
        let (records, _, _) = try Self.read(finding, source)
        #expect(records.allSatisfy { $0.location.hasPrefix("element [") }, "\(records.map(\.location))")
    }
}
