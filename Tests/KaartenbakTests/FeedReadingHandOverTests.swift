import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCore

/// The XML reader's two threads: the hand-over between them, and that records, rejects and early stops behave
/// as with one thread over feeds long enough to fill several batches and the bounded queue.
@Suite final class FeedReadingHandOverTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-handover-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ text: String) throws -> String {
        let path = folder.appendingPathComponent(UUID().uuidString + ".xml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `count` jobs, one per line pair; the jobs in `untitled` lack their required title.
    func feed(_ count: Int, untitled: Set<Int> = [], tail: String = "</jobs>\n") throws -> String {
        var text = "<?xml version=\"1.0\"?>\n<jobs>\n"
        for n in 1...count {
            let title = untitled.contains(n) ? "" : "<jobTitle>Chauffeur \(n)</jobTitle>"
            text += "<job kind=\"k\(n)\"><jobId>J\(n)</jobId>\(title)\n<desc><![CDATA[<p>Rijden in <b>Breda</b> &amp; omgeving, nummer \(n).</p>]]></desc></job>\n"
        }
        return try write(text + tail)
    }

    static let source = SourceDefinition(
        name: "handover", publisher: .agency, url: "feed.xml", format: .xml, record: "jobs/job",
        fields: [.id: ["jobId"], .title: ["jobTitle"], .description: ["desc"], .category: ["@kind"]])

    static var reader: FeedReader { FeedReader(source: source, logger: Logger(label: "test")) }

    // MARK: the hand-over itself

    @Test func handOverKeepsOrderThroughASmallQueue() {
        let handOver = HandOver<Int>.start(capacity: 2) { handOver in
            for n in 0..<1000 where !handOver.put(n) { return }
        }
        var taken: [Int] = []
        while let n = handOver.take() { taken.append(n) }
        #expect(taken == Array(0..<1000))
    }

    @Test func stoppedHandOverReleasesAProducerWaitingForRoom() {
        // The producer would run forever: it ends only because `put` answers false once the consumer stops.
        let handOver = HandOver<Int>.start(capacity: 1) { handOver in
            var n = 0
            while handOver.put(n) { n += 1 }
        }
        #expect(handOver.take() == 0)
        #expect(handOver.take() == 1)
        handOver.stop()
        handOver.waitForProducer()
        #expect(handOver.take() == nil)
    }

    // MARK: through the XML reader

    @Test func recordsAndRejectsComeInFeedOrderAcrossBatches() throws {
        let count = XMLRecordProducer.batchRecords * (XMLFeedReader.queuedBatches + 3) + 5
        let untitled: Set<Int> = [1, 33, 64, 65, count]
        var events: [String] = []
        let summary = try Self.reader.read(file: try feed(count, untitled: untitled),
                                           onRecord: { events.append($0[.id] ?? "?") },
                                           onReject: { events.append("reject \($0.location)") })
        let expected = (1...count).map { n in
            untitled.contains(n) ? "reject element /jobs/job[\(n)], line \(2 * n + 1)" : "J\(n)"
        }
        #expect(events == expected)
        #expect(summary.records == count - untitled.count)
        #expect(summary.rejects == untitled.count)
    }

    @Test func valuesAreConvertedOnTheConsumingSide() throws {
        let (records, rejects, _) = try Self.reader.readAll(file: try feed(3))
        #expect(rejects.isEmpty)
        #expect(records.count == 3)
        let second = records[1]
        #expect(second.location == "element /jobs/job[2], line 5")
        #expect(second.values.map(\.field) == [.category, .id, .title, .description])
        #expect(second[.category] == "k2")
        #expect(second[.description] == "Rijden in Breda & omgeving, nummer 2.")
    }

    @Test func fatalErrorMidFeedKeepsEarlierRecordsAndRejectsTheOpenOne() throws {
        let good = XMLRecordProducer.batchRecords * 3 + 7
        // Record good+1 is cut off by a wrong end tag; what follows it is never read.
        let broken = "<job><jobId>BAD</jobId><jobTitle>Kapot</jobTitle>\n</jobx>\n"
        let path = try feed(good, tail: broken + "<job><jobId>AFTER</jobId><jobTitle>Na</jobTitle></job>\n</jobs>\n")
        let (records, rejects, _) = try Self.reader.readAll(file: path)
        #expect(records.map { $0[.id] ?? "?" } == (1...good).map { "J\($0)" })
        #expect(rejects.count == 1)
        let reject = try #require(rejects.first)
        let openLine = 2 * good + 3
        #expect(reject.location == "line \(openLine + 1), in element /jobs/job[\(good + 1)] from line \(openLine)")
        #expect(reject.reason.hasPrefix("XML is not well-formed:"))
        #expect(reject.reason.hasSuffix("reading stopped here after \(good) records"))
        #expect(reject.snippet == "</jobx>")
    }

    @Test func earlyStopByTheConsumerEndsTheReaderThread() throws {
        let path = try feed(XMLRecordProducer.batchRecords * (XMLFeedReader.queuedBatches + 4))
        let preview = try Self.reader.preview(file: path, limit: 5)
        #expect(preview.records.map { $0[.id] ?? "?" } == ["J1", "J2", "J3", "J4", "J5"])
        // The reader thread has ended and freed its input before `read` returned: the file is closed.
        #expect(!Self.openFiles().contains(path))

        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try Self.reader.read(file: path, onRecord: { _ in
                seen += 1
                if seen == 40 { throw Stop() }
            }, onReject: { _ in })
        }
        #expect(seen == 40)
        #expect(!Self.openFiles().contains(path))
    }

    // MARK: the record-end scan of the reader thread's input

    @Test func firstPairAgreesWithTheByteLoop() {
        // Few distinct bytes, so that pairs, lone halves and pairs across word boundaries all occur.
        let alphabet = Array("b>/<a".utf8)
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...40)).map { _ in alphabet.randomElement() ?? 0x20 }
            let from = text.isEmpty ? 0 : Int.random(in: 0..<text.count)
            let fast = text.withUnsafeBytes { TextBytes.firstPair(UInt8(ascii: "b"), UInt8(ascii: ">"), in: $0, from: from, to: text.count) }
            let slow = (from..<max(from, text.count - 1)).first { text[$0] == UInt8(ascii: "b") && text[$0 + 1] == UInt8(ascii: ">") } ?? text.count
            #expect(fast == slow, "\(text) from \(from)")
        }
    }

    @Test(arguments: [
        ("<jobs><job><b>x</b></job><job>", 25),       // `b>` of an HTML tag is passed over
        ("<jobs><job><x:job>a</x:job></job>", 18),    // a prefixed name cuts too (here a start tag: harmless)
        ("<jobs><job>jobjob></job>", 24),
        ("<jobs><job><nojob>a</nojob>", nil),         // a longer name that ends the same is no record end
    ] as [(String, Int?)])
    func piecesEndAfterARecordsClosingTag(text: String, cut: Int?) throws {
        let path = try write(text)
        let input = try XMLInput(path: path, source: "t", definedEncoding: "utf-8", recordLocalName: "job")
        var buffer = [CChar](repeating: 0, count: 4096)
        let first = Int(input.read(into: &buffer, capacity: buffer.count))
        #expect(first == cut ?? text.utf8.count)
    }

    /// The files this process has open.
    static func openFiles() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
    }
}
