import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCore

/// The JSON feed reader's own scanner: what it reads a value as, what it refuses, and how a feed's structure
/// (records at a path, text after the records) reads.
@Suite struct JSONScannerTests {
    /// A value as compact text: objects' members in their order, strings in quotes.
    static func render(_ value: JSONFeedValue) -> String {
        switch value {
        case .object(let members): return "{" + members.map { "\($0.key):\(render($0.value))" }.joined(separator: ",") + "}"
        case .array(let elements): return "[" + elements.map(render).joined(separator: ",") + "]"
        case .string(let text): return "\"\(text)\""
        case .number(let text): return text
        case .bool(let flag): return "\(flag)"
        case .null: return "null"
        }
    }

    static func scan(_ text: String) throws -> JSONFeedValue {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBytes {
            var scanner = JSONScanner(UnsafeRawBufferPointer($0), maxDepth: 5)
            let value = try scanner.value()
            try scanner.finishDocument(open: 0)
            return value
        }
    }

    @Test(arguments: [
        (#"{"a": [1, -0, 2.50, 1e3, 12345678901234567890], "b": true, "c": null}"#,
         // Numbers read as JSONSerialization's NSNumber gave them: 2.50 is 2.5, 1e3 a double, -0 an integer 0.
         #"{a:[1,0,2.5,1000.0,12345678901234567890],b:true,c:null}"#),
        (#"{"t": "Kok \u00e9\u00E9n \ud83d\ude00 \"x\" \\ \/ \n"}"#, "{t:\"Kok één 😀 \"x\" \\ / \n\"}"),
        (#"  [ ]  "#, "[]"),
        (#"{"k": 1, "k": 2}"#, "{k:1,k:2}"),
    ])
    func readsValuesAsWritten(_ json: String, _ expected: String) throws {
        #expect(Self.render(try Self.scan(json)) == expected)
    }

    @Test func aKeyWrittenTwiceReadsAtItsLast() throws {
        #expect(try Self.scan(#"{"k": 1, "k": 2}"#).member("k").map(Self.render) == "2")
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, "a key in quotes"),
        (#"{"a": 01}"#, "','"),
        (#"{"a": "x"#, "does not end"),
        ("{\"a\": \"tab\there\"}", "control character"),
        (#"{"a": "\ud83d"}"#, "unpaired surrogate"),
        (#"{"a": "\x"}"#, "unknown escape"),
        (#"{"a": 1e400}"#, "out of range"),
        (#"[[[[[[1]]]]]]"#, "nested deeper than 5"),
        (#"{"a": tru}"#, "a value"),
        (#"{"a": 1} x"#, "after the JSON document"),
    ])
    func refusesWhatIsNotJSON(_ json: String, _ reason: String) {
        do {
            _ = try Self.scan(json)
            Issue.record("\(json) read as JSON")
        } catch let error as JSONSyntaxError {
            #expect(error.message.contains(reason), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func invalidUTF8InAStringIsNoString() {
        var bytes = Array(#"{"a": "x"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        bytes.withUnsafeMutableBytes {
            var scanner = JSONScanner(UnsafeRawBufferPointer($0), maxDepth: 5)
            #expect(throws: JSONSyntaxError.self) { try scanner.value() }
        }
    }

    static let source = SourceDefinition(name: "json", publisher: .employer, url: "x.json", format: .json,
                                         fields: [.id: ["id"], .title: ["title"], .place: ["where.town"]])

    static func read(_ text: String, record: String? = nil) throws -> (records: [RawRecord], rejects: [Reject], summary: ReadSummary) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("json-scanner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("feed.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var source = Self.source
        source.record = record
        return try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: path)
    }

    /// The records of a wrapper are read where the path says, members before and after them passed over; arrays
    /// on a field's path give a value each.
    @Test func recordsAtAPathAmongOtherMembers() throws {
        let (records, rejects, summary) = try Self.read("""
            {"meta": {"count": 2, "note": "[{not records}]"},
             "data": {"page": 1, "jobs": [{"id": "A", "title": "Kok", "where": [{"town": "Zwolle"}, {"town": "Kampen"}]},
                                          {"id": "B", "title": "Bakker"}], "next": null},
             "end": true}
            """, record: "data.jobs")
        #expect(records.map { $0[.id] } == ["A", "B"])
        #expect(records.first?.fields[.place] == ["Zwolle", "Kampen"])
        #expect(rejects.isEmpty && summary.incomplete == nil)
    }

    @Test func noArrayAtThePathRefusesTheFeed() {
        #expect(throws: KaartenbakError.self) { try Self.read(#"{"data": {"jobs": {"id": "A"}}}"#, record: "data.jobs") }
        #expect(throws: KaartenbakError.self) { try Self.read(#"{"data": {}}"#, record: "data.jobs") }
    }

    /// Text after a top-level array is one reject: the records were read whole, so the read is complete.
    @Test func textAfterTheArrayIsAReject() throws {
        let (records, rejects, summary) = try Self.read(#"[{"id": "A", "title": "Kok"}] trailing"#)
        #expect(records.count == 1)
        #expect(rejects.map(\.reason) == ["text after the JSON array's end, not read"])
        #expect(summary.incomplete == nil)
    }

    /// A bad element is one reject naming its line; the elements around it are read.
    @Test func aBadElementIsOneRejectWithItsLine() throws {
        let (records, rejects, summary) = try Self.read("""
            [{"id": "A", "title": "Kok"},
             {"id": "B", "title": "Bakker\u{01}"},
             {"id": "C", "title": "Slager"}]
            """)
        #expect(records.map { $0[.id] } == ["A", "C"])
        #expect(rejects.map(\.location) == ["element [2], line 2"])
        #expect(rejects.first?.reason.contains("control character") == true)
        #expect(summary.incomplete == nil)
    }
}
