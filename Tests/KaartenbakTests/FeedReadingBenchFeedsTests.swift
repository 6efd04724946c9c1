import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCommands

/// The benchmark's generated feeds must parse cleanly, or `bench parse` would time rejects.
@Suite struct FeedReadingBenchFeedsTests {
    @Test(arguments: ["xml", "csv"])
    func generatedFeedsParseWithoutRejects(_ format: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-bench-\(UUID().uuidString).\(format)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = format == "xml" ? try BenchFeeds.writeXML(to: path, bytes: 300_000) : try BenchFeeds.writeCSV(to: path, bytes: 300_000)
        let source = format == "xml" ? BenchFeeds.xmlSource : BenchFeeds.csvSource
        let (records, rejects, summary) = try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: path)
        #expect(written > 100)
        #expect(records.count == written)
        #expect(rejects.isEmpty, "\(rejects.prefix(2))")
        #expect(summary.bytes > 290_000)
        let last = try #require(records.last)
        #expect(last[.id]?.hasSuffix("-\(written)") == true)
        #expect(last[.description]?.contains("€ 3.150") == true || last[.description]?.contains("Italië") == true)
    }
}
