import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCommands
@testable import KaartenbakCore

/// The XML reader expands each record (`xmlTextReaderExpand`) and walks its tree instead of stepping through its
/// nodes with the reader. Both ways must give the same records and rejects: the node-by-node way is what the rest
/// of the FeedReading tests pinned down before, and it is still used after a fatal error.
@Suite struct FeedReadingExpandTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    func write(_ text: String) throws -> String {
        let path = folder.url.appendingPathComponent(UUID().uuidString + ".xml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    typealias Result = (records: [RawRecord], rejects: [Reject])

    static func read(_ file: String, _ source: SourceDefinition, expanding: Bool, limits: FeedReader.Limits = FeedReader.Limits()) throws -> Result {
        var records: [RawRecord] = []
        var rejects: [Reject] = []
        let reader = XMLFeedReader(source: source, logger: Logger(label: "test"), limits: limits, expandRecords: expanding)
        _ = try reader.read(file: file, onRecord: { records.append($0) }, onReject: { rejects.append($0) })
        return (records, rejects)
    }

    /// Reads the file both ways, expects the same outcome and returns it.
    static func readBothWays(_ file: String, _ source: SourceDefinition, limits: FeedReader.Limits = FeedReader.Limits()) throws -> Result {
        let expanded = try read(file, source, expanding: true, limits: limits)
        let stepped = try read(file, source, expanding: false, limits: limits)
        #expect(expanded.records == stepped.records)
        #expect(expanded.rejects == stepped.rejects)
        return expanded
    }

    @Test(arguments: ["uwv-werk-nl", "flexpoint-uitzend", "vacaturebank-brabant"])
    func bundledFeedsReadTheSameBothWays(name: String) throws {
        let pipeline = try #require(FeedReadingFixtureTests.pipeline)
        let source = try #require(pipeline.source(named: name))
        let (records, _) = try Self.readBothWays(pipeline.localPath(of: source), source)
        #expect(records.count > 10)
    }

    @Test func generatedBenchFeedReadsTheSameBothWays() throws {
        let path = folder.url.appendingPathComponent("bench.xml").path
        _ = try BenchFeeds.writeXML(to: path, bytes: 300_000)
        let (records, rejects) = try Self.readBothWays(path, BenchFeeds.xmlSource)
        #expect(records.count > 100)
        #expect(rejects.isEmpty)
    }

    static let namespaced = SourceDefinition(
        name: "expand", publisher: .agency, url: "feed.xml", format: .xml, record: "f:feed/f:job",
        namespaces: ["f": "urn:feed"],
        fields: [.id: ["@ref"], .title: ["f:title"], .description: ["f:desc"], .place: ["f:where/f:place"],
                 .employer: ["f:where/@by"]])

    /// The node kinds a record's tree can hold: nested and repeated elements, attributes on the record and inside it,
    /// a namespace by another prefix, an element of another namespace with the same local name, XHTML markup in a
    /// description, CDATA, comments, processing instructions, character references, empty elements and white space.
    @Test func everyKindOfNodeReadsTheSameBothWays() throws {
        let text = """
            <?xml version="1.0"?>
            <feed xmlns="urn:feed" xmlns:o="urn:other">
            <job ref="A1"><title>Chauffeur <!-- no -->CE</title><o:title>not this</o:title>
              <where by="Van Dijk"><place>Breda</place><place/><place>Etten-Leur</place></where>
              <desc><p>Rijden &amp; laden</p><?pi x?><ul><li>CE</li><li>code&#160;95</li></ul></desc></job>
            <x:job xmlns:x="urn:feed" ref="A2"><x:title><![CDATA[Heftruck <b>]]></x:title><x:desc>plain</x:desc>
              <x:where><x:place>Tilburg</x:place></x:where></x:job>
            <job ref="A3"></job>
            <job ref="A4"/>
            <o:job ref="B1"><title>other namespace</title></o:job>
            </feed>
            """
        let (records, rejects) = try Self.readBothWays(try write(text), Self.namespaced)
        #expect(records.map { $0[.id] } == ["A1", "A2"])
        #expect(rejects.count == 2, "A3 and A4 have no title")
        #expect(records.first?.fields[.place] == ["Breda", "Etten-Leur"])
        #expect(records.first?[.employer] == "Van Dijk")
        #expect(records.first?[.title] == "Chauffeur CE")
        #expect(records.first?[.description]?.contains("- CE") == true, "XHTML list items as lines of text")
        #expect(records.last?[.title] == "Heftruck <b>")
    }

    /// Deeper than our limit but within libxml2's own (256): the expanded walk stops at the element that is too deep
    /// and names its line, as the reader stopped there; the records before it stay.
    @Test func tooDeepInsideARecordStopsAtThatElement() throws {
        let deep = String(repeating: "<a>", count: 220) + String(repeating: "</a>", count: 220)
        let text = "<jobs>\n<job><jobId>J1</jobId><jobTitle>T</jobTitle></job>\n<job><jobId>J2</jobId>\n\n<desc>\(deep)</desc></job>\n</jobs>\n"
        let source = FeedReadingHostileTests.jobsSource
        let expanded = try Self.read(try write(text), source, expanding: true)
        let stepped = try Self.read(try write(text), source, expanding: false)
        #expect(expanded.records.map { $0[.id] } == ["J1"])
        #expect(expanded.records == stepped.records)
        #expect(expanded.rejects.map(\.reason) == stepped.rejects.map(\.reason))
        #expect(expanded.rejects.first?.reason.contains("deeper than 200") == true, "\(expanded.rejects)")
        #expect(expanded.rejects.first?.location == "line 5")
    }

    /// A record bigger than the input one expansion may take in (twice the record text limit) is not expanded: that
    /// pass stops and the second pass reads it node by node. Records before and after it come out as usual, and a
    /// record over the text limit is still a reject.
    @Test func recordsTooBigToExpandAreReadNodeByNode() throws {
        var limits = FeedReader.Limits()
        limits.maxRecordBytes = 16 * 1024
        let bulk = String(repeating: "<x>vrachtwagen</x>\n", count: 3_000)  // about 60 KB, unmapped
        let text = "<jobs>\n<job><jobId>J1</jobId><jobTitle>A</jobTitle></job>\n"
            + "<job><jobId>J2</jobId><jobTitle>B</jobTitle>\(bulk)</job>\n"
            + "<job><jobId>J3</jobId><jobTitle>C</jobTitle><desc>\(String(repeating: "lang ", count: 5_000))</desc></job>\n"
            + "<job><jobId>J4</jobId><jobTitle>D</jobTitle></job>\n</jobs>\n"
        let (records, rejects) = try Self.readBothWays(try write(text), FeedReadingHostileTests.jobsSource, limits: limits)
        #expect(records.map { $0[.id] } == ["J1", "J2", "J4"])
        #expect(rejects.map(\.location) == ["element /jobs/job[3], line 3004"])
        #expect(rejects.first?.reason.contains("larger than") == true)
    }
}
