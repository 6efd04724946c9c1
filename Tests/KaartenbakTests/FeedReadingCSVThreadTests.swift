import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCore

/// The CSV reader's two threads: over files long enough to fill many batches and the bounded queue, records and
/// rejects come in feed order with the lines and reasons of each row, whatever the encoding, and an early stop
/// leaves no thread or mapping behind.
@Suite struct FeedReadingCSVThreadTests {
    static let source = SourceDefinition(
        name: "csv-threads", publisher: .municipality, url: "x.csv", format: .csv,
        fields: [.id: ["Nummer"], .title: ["Functie"], .place: ["Plaats"], .description: ["Omschrijving"]])

    static var reader: FeedReader { FeedReader(source: source, logger: Logger(label: "test")) }

    /// More rows than the queue and the batches being filled and converted hold together.
    static let manyRows = CSVRowProducer.batchRows * (CSVFeedReader.queuedBatches + 3) + 5

    static func write(_ bytes: [UInt8], in folder: TemporaryDirectory) throws -> String {
        let path = folder.url.appendingPathComponent(UUID().uuidString + ".csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// What `read` passed on, one line per record or reject.
    static func events(_ path: String, source: SourceDefinition = source) throws -> (events: [String], summary: ReadSummary) {
        var events: [String] = []
        let summary = try FeedReader(source: source, logger: Logger(label: "test")).read(
            file: path,
            onRecord: { events.append("\($0.location) \($0[.id] ?? "-") \($0[.title] ?? "-") \($0[.place] ?? "-") \($0[.description] ?? "-")") },
            onReject: { events.append("\($0.location) reject \($0.reason) [\($0.snippet)]") })
        return (events, summary)
    }

    @Test func rowsAndRejectsComeInFeedOrderAcrossBatches() throws {
        let folder = try TemporaryDirectory()
        var text = "Nummer;Functie;Plaats;Omschrijving\r\n"
        var expected: [String] = []
        var line = 2
        for n in 1...Self.manyRows {
            switch n % 97 {
            case 5:  // ragged
                text += "\(n);Kok\r\n"
                expected.append("line \(line) reject row has 2 cells, the header has 4 [\(n);Kok]")
            case 11:  // no title
                text += "\(n); ;Breda;x\r\n"
                expected.append("line \(line) reject missing required field 'title' [\(n); ;Breda;x]")
            case 23:  // blank line: skipped
                text += "\r\n"
            default:
                text += "\(n);Chauffeur  \(n);Breda;\"Regel 1\r\nRegel \"\"2\"\"; en 3\"\r\n"
                expected.append("line \(line) \(n) Chauffeur \(n) Breda Regel 1\nRegel \"2\"; en 3")
                line += 1  // the line break inside the quoted cell
            }
            line += 1
        }
        let (events, summary) = try Self.events(try Self.write(Array(text.utf8), in: folder))
        #expect(events == expected)
        #expect(summary.records + summary.rejects == expected.count)
        #expect(summary.rejects == expected.filter { $0.contains(" reject ") }.count)
    }

    @Test func quotedCellsLongerThanABatchAndCutAcrossBatches() throws {
        // Cells of half the quoted-cell limit: every second or third row passes the batch's byte bound, so batches
        // end right after rows spanning many lines.
        let folder = try TemporaryDirectory()
        let cellBytes = min(FeedReader.Limits().maxQuotedCellBytes, CSVRowProducer.batchBytes) / 2
        let paragraph = String(repeating: "Ervaring met \"\"zwaar\"\" transport;\r\n", count: cellBytes / 36)
        let lines = paragraph.filter { $0 == "\r\n" }.count
        var text = "sep=,\nNummer,Functie,Plaats,Omschrijving\n"
        var expected: [String] = []
        var line = 3
        for n in 1...5 {
            text += "\(n),Monteur,\"Etten-Leur\",\"\(paragraph)\"\n\(n)b,Lasser,Zundert,kort\n"
            expected += ["line \(line) \(n) Etten-Leur", "line \(line + lines + 1) \(n)b Zundert"]
            line += lines + 2
        }
        let (records, rejects, _) = try Self.reader.readAll(file: try Self.write(Array(text.utf8), in: folder))
        #expect(rejects.isEmpty)
        #expect(records.map { "\($0.location) \($0[.id] ?? "-") \($0[.place] ?? "-")" } == expected)
        let description = try #require(records.first?[.description])
        #expect(description.hasPrefix("Ervaring met \"zwaar\" transport;\nErvaring"))
        #expect(!description.contains("\r"))
        #expect(description.split(separator: "\n").count == lines)
    }

    @Test func unbalancedQuoteAndInvalidUTF8InALaterBatch() throws {
        let folder = try TemporaryDirectory()
        var bytes = Array("Nummer;Functie;Plaats\n".utf8)
        for n in 1...Self.manyRows {
            bytes += Array("\(n);Kok;Breda\n".utf8)
        }
        let badOffset = bytes.count + "X1;Caf".utf8.count
        bytes += Array("X1;Caf".utf8) + [0xC3, 0x28] + Array(";Breda\n".utf8)
        bytes += Array("X2;\"Hovenier;Zundert\n".utf8)
        bytes += Array("X3;Monteur;Oosterhout\n".utf8)
        var source = Self.source
        source.encoding = "utf-8"
        let (records, rejects, summary) = try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: try Self.write(bytes, in: folder))
        #expect(records.count == Self.manyRows + 1)
        #expect(records.last?[.id] == "X3")
        #expect(records.last?.location == "line \(Self.manyRows + 4)")
        #expect(rejects.map(\.location) == ["line \(Self.manyRows + 2)", "line \(Self.manyRows + 3)"])
        #expect(rejects.first?.reason == "invalid UTF-8 byte 0xC3 at byte offset \(badOffset) in column 'functie'")
        #expect(rejects.last?.reason.hasPrefix("unbalanced quote: the quoted cell opened at line \(Self.manyRows + 3)") == true)
        #expect(rejects.last?.snippet == "X2;\"Hovenier;Zundert")
        #expect(summary.records == records.count && summary.rejects == 2)
    }

    /// The same rows in UTF-8 with a BOM, Windows-1252 and UTF-16 (both byte orders, with a BOM), read through batches.
    @Test(arguments: ["utf-8-bom", "windows-1252", "utf-16le", "utf-16be"])
    func encodingsThroughTheBatches(_ encoding: String) throws {
        let folder = try TemporaryDirectory()
        var text = "Nummer;Functie;Plaats;Omschrijving\r\n"
        for n in 1...Self.manyRows {
            text += "\(n);Café-medewerker € \(n);Zoë's Hoeve;\"Één \"\"dag\"\"\r\nper week\"\r\n"
        }
        let bytes: [UInt8]
        switch encoding {
        case "utf-8-bom": bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case "windows-1252": bytes = text.unicodeScalars.map { $0 == "€" ? 0x80 : UInt8($0.value) }
        case "utf-16le": bytes = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        default: bytes = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
        var source = Self.source
        if encoding == "windows-1252" { source.encoding = "windows-1252" }
        let (records, rejects, summary) = try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: try Self.write(bytes, in: folder))
        #expect(rejects.isEmpty, "\(rejects.prefix(2))")
        #expect(summary.encoding == (encoding == "utf-8-bom" ? "utf-8" : encoding))
        #expect(summary.bytes == bytes.count)
        #expect(records.count == Self.manyRows)
        let last = try #require(records.last)
        #expect(last[.title] == "Café-medewerker € \(Self.manyRows)")
        #expect(last[.place] == "Zoë's Hoeve")
        #expect(last[.description] == "Één \"dag\"\nper week")
        #expect(last.location == "line \(2 * Self.manyRows)")
    }

    @Test func earlyStopEndsTheRowThreadAndUnmapsTheFile() throws {
        let folder = try TemporaryDirectory()
        var text = "Nummer;Functie;Plaats\n"
        for n in 1...Self.manyRows { text += "J\(n);Chauffeur;Breda\n" }
        let path = try Self.write(Array(text.utf8), in: folder)
        let preview = try Self.reader.preview(file: path, limit: 5)
        #expect(preview.records.map { $0[.id] ?? "?" } == ["J1", "J2", "J3", "J4", "J5"])
        // The row thread has ended before `read` returned, and the input went with it: no mapping of the file is left.
        #expect(!Self.mappedFiles().contains(path))

        struct Stop: Error {}
        var seen = 0
        var mappedWhileReading = false
        #expect(throws: Stop.self) {
            _ = try Self.reader.read(file: path, onRecord: { _ in
                seen += 1
                if seen == 1 { mappedWhileReading = Self.mappedFiles().contains(path) }
                if seen == 300 { throw Stop() }
            }, onReject: { _ in })
        }
        #expect(seen == 300)
        #expect(mappedWhileReading, "the check above must see a mapping while there is one")
        #expect(!Self.mappedFiles().contains(path))
    }

    @Test func aMissingRequiredColumnFailsBeforeAnyRow() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.write(Array("Nummer;Plaats\n1;Breda\n".utf8), in: folder)
        var rows = 0
        #expect(throws: KaartenbakError.self) {
            _ = try Self.reader.read(file: path, onRecord: { _ in rows += 1 }, onReject: { _ in rows += 1 })
        }
        #expect(rows == 0)
        #expect(!Self.mappedFiles().contains(path))
    }

    @Test func needsCollapsingOrNotASCIIAgreesWithItsTwoParts() {
        // Few distinct bytes, so that double spaces, tabs, non-ASCII bytes and words of eight all occur.
        let alphabet: [UInt8] = [0x20, 0x20, 0x09, 0x61, 0x62, 0xC3, 0xA9, 0x80, 0x0A]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...30)).map { _ in alphabet.randomElement() ?? 0x61 }
            text.withUnsafeBytes { bytes in
                let expected = TextBytes.needsCollapsing(bytes) || text.contains { $0 >= 0x80 }
                #expect(TextBytes.needsCollapsing(bytes, orNotASCII: true) == expected, "\(text)")
            }
        }
    }

    /// The files this process has mapped.
    static func mappedFiles() -> [String] {
        // Read to the end (the file's size is given as 0) and decoded leniently: other tests map files meanwhile.
        let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() ?? Data()
        let maps = String(decoding: data, as: UTF8.self)
        return maps.split(separator: "\n").compactMap { line in line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first.map(String.init) }
    }
}
