import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCore

/// Where a reject says it is: lines past libxml2's 16-bit node lines, and the record open when the XML breaks off.
@Suite struct FeedReadingLocationTests {
    static let source = SourceDefinition(
        name: "lines", publisher: .agency, url: "feed.xml", format: .xml, record: "jobs/job",
        fields: [.id: ["jobId"], .title: ["jobTitle"], .description: ["desc"], .place: ["place"]])

    static func read(_ text: String) throws -> (records: [RawRecord], rejects: [Reject]) {
        let folder = try TemporaryDirectory()
        let path = folder.url.appendingPathComponent("feed.xml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let (records, rejects, _) = try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: path)
        return (records, rejects)
    }

    /// A job of realistic size (about 900 bytes, more than libxml2's 512-byte push chunks), on two lines.
    static func job(_ n: Int) -> String {
        "<job><jobId>J\(n)</jobId><jobTitle>Chauffeur \(n)</jobTitle><place>Breda</place>\n"
            + "<desc><![CDATA[<p>\(String(repeating: "Vervoer van goederen door heel Brabant. ", count: 20))</p>]]></desc></job>\n"
    }

    /// libxml2 stores 65535 for any element line past it; the reader must still name the real line.
    /// Blank lines make the file long in lines but small in bytes.
    @Test func recordsPastLine65535NameTheirRealLine() throws {
        let text = "<?xml version=\"1.0\"?>\n<jobs>\n" + Self.job(1) + String(repeating: "\n", count: 70_000)
            + "<job>\n<jobId>J2</jobId>\n</job>\n"  // line 70005: no title, so a reject
            + "<job><jobId>J3</jobId><jobTitle>T</jobTitle></job>\n"  // line 70008: the first child is an element
            + "<job>\n\n  <jobId>J4</jobId><jobTitle>T</jobTitle></job>\n</jobs>\n"  // line 70009
        let (records, rejects) = try Self.read(text)
        #expect(rejects.map(\.location) == ["element /jobs/job[2], line 70005"])
        #expect(records.map(\.location) == ["element /jobs/job[1], line 3", "element /jobs/job[3], line 70008",
                                            "element /jobs/job[4], line 70009"])
    }

    @Test func fatalErrorPastLine65535NamesItsLine() throws {
        let text = "<jobs>\n" + String(repeating: "\n", count: 70_000) + Self.job(1) + "<job>\n<jobId>J2</jobId>\n<place>a < b</place></job>\n</jobs>\n"
        let (records, rejects) = try Self.read(text)
        #expect(records.map { $0[.id] } == ["J1"])
        #expect(rejects.map(\.location) == ["line 70006, in element /jobs/job[2] from line 70004"])
    }

    /// The broken record's start tag came in the same chunk of input as the error, so the reader never reached it:
    /// it is still reported, with its line; the records before it are kept and reading goes on after it, with the
    /// file's own lines and ordinals.
    @Test func recordOpenAtAFatalErrorIsReported() throws {
        let text = "<?xml version=\"1.0\"?>\n<jobs>\n" + Self.job(1) + Self.job(2)
            + "<job>\n<jobId>J3</jobId>\n<jobTitle>X</jobTitle>\n<place>a < b</place></job>\n" + Self.job(4) + "</jobs>\n"
        let (records, rejects) = try Self.read(text)
        #expect(records.map { $0[.id] } == ["J1", "J2", "J4"])
        #expect(records.last?.location == "element /jobs/job[4], line 11")
        let reject = try #require(rejects.first)
        #expect(rejects.count == 1)
        #expect(reject.location == "line 10, in element /jobs/job[3] from line 7")
        #expect(reject.reason.contains("not well-formed"))
        #expect(reject.reason.contains("reading goes on at line 11"), "\(reject.reason)")
        #expect(reject.snippet == "<place>a < b</place></job>")
    }

    @Test func brokenFirstRecordIsARejectNotAnUnreadableFeed() throws {
        let text = "<jobs>\n<job>\n<jobId>J1</jobId>\n<place>a < b</place></job>\n" + Self.job(2) + "</jobs>\n"
        let (records, rejects) = try Self.read(text)
        #expect(records.map(\.location) == ["element /jobs/job[2], line 5"])
        #expect(rejects.map(\.location) == ["line 4, in element /jobs/job[1] from line 2"])
    }
}
