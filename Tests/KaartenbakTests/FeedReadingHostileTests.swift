import CLibXML2
import Foundation
import Glibc
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCore

/// Broken and hostile feeds, generated into a temporary folder: each must leave the good records
/// standing and say where the problem is, or refuse the feed as a whole when it cannot be trusted.
@Suite final class FeedReadingHostileTests {
    static let jobsSource = SourceDefinition(
        name: "hostile", publisher: .agency, url: "feed.xml", format: .xml, record: "jobs/job",
        fields: [.id: ["jobId"], .title: ["jobTitle"], .description: ["desc"], .place: ["place"]])

    /// Each test gets its own folder, removed when the test is done.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-read-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ bytes: [UInt8], name: String = "feed.xml") throws -> String {
        let path = folder.appendingPathComponent(UUID().uuidString + "-" + name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ text: String, name: String = "feed.xml") throws -> String { try write(Array(text.utf8), name: name) }

    static func read(_ path: String, _ source: SourceDefinition = jobsSource) throws -> (records: [RawRecord], rejects: [Reject], summary: ReadSummary) {
        try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: path)
    }

    /// A job of realistic size (about 900 bytes, more than libxml2's 512-byte push chunks).
    static func job(_ n: Int, title: String? = nil) -> String {
        "<job><jobId>J\(n)</jobId><jobTitle>\(title ?? "Chauffeur \(n)")</jobTitle><place>Breda</place>\n"
            + "<desc><![CDATA[<p>\(String(repeating: "Vervoer van goederen door heel Brabant. ", count: 20))</p>]]></desc></job>\n"
    }

    // MARK: parser options

    @Test func optionMaskIsSafe() {
        let options = FeedReader.libxml2Options
        #expect(options & Int32(XML_PARSE_NONET.rawValue) != 0)
        // Without BIG_LINES, every element past line 65535 would be reported at line 65535.
        #expect(options & Int32(XML_PARSE_BIG_LINES.rawValue) != 0)
        for forbidden in [XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID,
                          XML_PARSE_XINCLUDE, XML_PARSE_HUGE, XML_PARSE_RECOVER] {
            #expect(options & Int32(forbidden.rawValue) == 0, "option \(forbidden.rawValue) must be off")
        }
    }

    // MARK: broken XML

    @Test func truncatedXMLKeepsEarlierRecords() throws {
        let text = "<?xml version=\"1.0\"?>\n<jobs>\n" + (1...3).map { Self.job($0) }.joined() + "<job><jobId>J4</jobId><jobTi"
        let (records, rejects, _) = try Self.read(try write(text))
        #expect(records.map { $0[.id] } == ["J1", "J2", "J3"])
        #expect(rejects.count == 1)
        let reject = try #require(rejects.first)
        #expect(reject.location.hasPrefix("line 9"), "\(reject.location)")
        #expect(reject.location.contains("/jobs/job[4]"))
        #expect(reject.reason.contains("not well-formed"))
        #expect(reject.snippet == "<job><jobId>J4</jobId><jobTi", "the line of the error")
    }

    @Test func notXMLAtAllFailsTheFeed() throws {
        let path = try write("<html><body>502 Bad Gateway</body>")
        #expect(throws: KaartenbakError.self) { try Self.read(path) }
    }

    @Test func invalidUTF8InDeclaredUTF8XML() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jobs>\n\(Self.job(1))".utf8)
        bytes += Array("<job><jobId>J2</jobId><jobTitle>Caf".utf8) + [0xFF, 0xFE] + Array("</jobTitle></job>\n</jobs>\n".utf8)
        let (records, rejects, _) = try Self.read(try write(bytes))
        #expect(records.map { $0[.id] } == ["J1"])
        #expect(rejects.first?.location.hasPrefix("line 5") == true, "\(rejects)")
        #expect(rejects.first?.reason.contains("UTF-8") == true, "\(rejects)")
    }

    @Test func windows1252DeclaredAsUTF8() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jobs>\n\(Self.job(1))\(Self.job(2))".utf8)
        bytes += Array("<job><jobId>J3</jobId><jobTitle>Medewerker caf".utf8) + [0xE9] + Array(" (".utf8) + [0x80]
            + Array(" 14,50)</jobTitle></job>\n</jobs>\n".utf8)
        let (records, rejects, _) = try Self.read(try write(bytes))
        #expect(records.count == 2)
        #expect(rejects.count == 1)
        #expect(rejects.first?.location.hasPrefix("line 7") == true, "\(rejects)")
        // Declared honestly (or with encoding: windows-1252 in the definition) the same bytes read fine.
        var source = Self.jobsSource
        source.encoding = "windows-1252"
        let fixed = try Self.read(try write(bytes), source)
        #expect(fixed.records.count == 3)
        #expect(fixed.records.last?[.title] == "Medewerker café (€ 14,50)")
    }

    // MARK: entities and DTDs

    @Test func externalEntityFileIsRefused() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE jobs [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <jobs><job><jobId>J1</jobId><jobTitle>&xxe;</jobTitle></job></jobs>
            """
        var seen: [RawRecord] = []
        do {
            _ = try FeedReader(source: Self.jobsSource, logger: Logger(label: "test"))
                .read(file: try write(text), onRecord: { seen.append($0) }, onReject: { _ in })
            Issue.record("an entity declaration must be refused")
        } catch let error as KaartenbakError {
            #expect(error.code == .unsafeInput)
            #expect(error.location?.line == 2)
            #expect(error.description.contains("DOCTYPE"))
        }
        #expect(!seen.contains { $0.fields.values.joined().joined().contains("root:") })
    }

    @Test func externalEntityAndDTDOverLoopbackMakeNoConnection() throws {
        let listener = try LoopbackListener()
        let entity = """
            <?xml version="1.0"?>
            <!DOCTYPE jobs [ <!ENTITY xxe SYSTEM "http://127.0.0.1:\(listener.port)/secret"> ]>
            <jobs><job><jobId>J1</jobId><jobTitle>&xxe;</jobTitle></job></jobs>
            """
        #expect(throws: KaartenbakError.self) { try Self.read(try write(entity)) }
        // An external DTD without entity declarations is allowed through, but never loaded.
        let dtd = """
            <?xml version="1.0"?>
            <!DOCTYPE jobs SYSTEM "http://127.0.0.1:\(listener.port)/jobs.dtd">
            <jobs>\(Self.job(1))</jobs>
            """
        let (records, _, _) = try Self.read(try write(dtd))
        #expect(records.count == 1)
        #expect(listener.acceptedConnections() == 0)
    }

    @Test func billionLaughsIsRefusedFast() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE jobs [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 { text += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n" }
        text += "]>\n<jobs><job><jobId>J1</jobId><jobTitle>&lol9;</jobTitle></job></jobs>\n"
        let start = Date()
        do {
            _ = try Self.read(try write(text))
            Issue.record("billion laughs must be refused")
        } catch let error as KaartenbakError {
            #expect(error.code == .unsafeInput)
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func quadraticBlowupIsRefused() throws {
        let big = String(repeating: "x", count: 50_000)
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE jobs [<!ENTITY a \"\(big)\">]>\n<jobs><job><jobId>J1</jobId><jobTitle>"
            + String(repeating: "&a;", count: 5_000) + "</jobTitle></job></jobs>\n"
        do {
            _ = try Self.read(try write(text))
            Issue.record("quadratic blowup must be refused")
        } catch let error as KaartenbakError {
            #expect(error.code == .unsafeInput)
        }
    }

    /// A CSV feed in UTF-16 without a byte-order mark is recognised and read, not taken for NUL-laden text.
    @Test(arguments: [true, false])
    func utf16WithoutByteOrderMark(littleEndian: Bool) throws {
        let text = "id;titel\r\n1;Kok\r\n2;Schoonmaker\r\n"
        let units = Array(text.utf16)
        let bytes = units.flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let source = SourceDefinition(name: "utf16", publisher: .municipality, url: "feed.csv", format: .csv,
                                      fields: [.id: ["id"], .title: ["titel"]])
        let (records, rejects, _) = try Self.read(try write(bytes, name: "feed.csv"), source)
        #expect(records.map { $0[.title] } == ["Kok", "Schoonmaker"], "\(rejects)")
    }

    // MARK: limits

    @Test func deepNestingIsALocatedRejectAndReadingGoesOn() throws {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        let text = "<jobs>\n\(Self.job(1))<job><jobId>J2</jobId><jobTitle>X</jobTitle>\n<desc>\(deep)</desc></job>\n\(Self.job(3))</jobs>\n"
        let (records, rejects, summary) = try Self.read(try write(text))
        #expect(records.map(\.location) == ["element /jobs/job[1], line 2", "element /jobs/job[3], line 6"])
        #expect(summary.incomplete == nil, "the fault's reject has no id: the parse step makes the read incomplete")
        #expect(rejects.count == 1)
        #expect(rejects.first?.location.hasPrefix("line 5, in element /jobs/job[2]") == true, "\(rejects)")
        #expect(rejects.first?.reason.contains("deep") == true || rejects.first?.reason.contains("depth") == true, "\(rejects)")
    }

    /// 100,000 attributes on one element (1.1 MB) took libxml2 244 s; the tag limit stops it at 64 KB, that record
    /// is a reject naming the limit, and reading goes on at the next record.
    @Test(arguments: ["desc", "job"])
    func manyAttributesAreCutShort(_ element: String) throws {
        let attributes = (0..<100_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let broken = element == "job"
            ? "<job \(attributes)><jobId>J2</jobId><jobTitle>X</jobTitle></job>\n"
            : "<job><jobId>J2</jobId><jobTitle>X</jobTitle><desc \(attributes)>tekst</desc></job>\n"
        let text = "<jobs>\n\(Self.job(1))\(broken)\(Self.job(3))</jobs>\n"
        let (records, rejects, _) = try Self.read(try write(text))
        #expect(records.map { $0[.id] } == ["J1", "J3"])
        #expect(rejects.count == 1)
        #expect(rejects.first?.reason.contains("max_tag_bytes") == true, "\(rejects)")
    }

    /// A read past its time budget stops, says so, and is incomplete (the parse step closes nothing of it).
    @Test func parseTimeoutStopsTheRead() throws {
        var source = Self.jobsSource
        source.read.parseTimeout = 0
        let text = "<jobs>\n" + (1...50).map { Self.job($0) }.joined() + "</jobs>\n"
        let (_, rejects, summary) = try Self.read(try write(text), source)
        #expect(summary.incomplete?.contains("parse_timeout") == true, "\(summary)")
        #expect(rejects.last?.reason.contains("parse_timeout") == true, "\(rejects)")
    }

    @Test func largeTextNodeRejectsOnlyItsRecord() throws {
        let huge = String(repeating: "Rijbewijs CE. ", count: 220_000)  // about 3 MB
        let text = "<jobs>\n\(Self.job(1))<job><jobId>J2</jobId><jobTitle>X</jobTitle><desc>\(huge)</desc></job>\n"
            + "<job><jobId>J3</jobId><jobTitle>Y</jobTitle><unmapped>\(huge)</unmapped></job>\n\(Self.job(4))</jobs>\n"
        let (records, rejects, _) = try Self.read(try write(text))
        #expect(records.map { $0[.id] } == ["J1", "J3", "J4"])
        #expect(rejects.count == 1)
        #expect(rejects.first?.location == "element /jobs/job[2], line 4")
        #expect(rejects.first?.reason.contains("limit") == true)
    }

    // MARK: recovery and mapping

    @Test func htmlEntitiesAcrossBlockBoundariesAreRecovered() throws {
        // Enough records to cross several 256 KB blocks, so some entities straddle a boundary.
        let jobs = (1...6000).map { "<job><jobId>J\($0)</jobId><jobTitle>Cr&egrave;che &amp; caf&eacute; \($0)</jobTitle>"
            + "<desc><![CDATA[<p>Pr&eacute;</p>]]></desc></job>\n" }.joined()
        let (records, rejects, summary) = try Self.read(try write("<jobs>\n" + jobs + "</jobs>\n"))
        #expect(summary.bytes > 2 * 256 * 1024)
        #expect(rejects.isEmpty)
        #expect(records.count == 6000)
        #expect(records.allSatisfy { $0[.title] == "Crèche & café \($0[.id]!.dropFirst())" })
        #expect(records.allSatisfy { $0[.description] == "Pré" })
    }

    @Test func htmlEntitiesInsideCDATAValuesAreDecoded() throws {
        let text = "<jobs><job><jobId>J1</jobId><jobTitle><![CDATA[ Medewerker caf&eacute; &amp; terras &#8211; Breda ]]></jobTitle>"
            + "<place><![CDATA[R&D-park &unknown; Etten-Leur]]></place></job></jobs>"
        let (records, _, _) = try Self.read(try write(text))
        #expect(records.first?[.title] == "Medewerker café & terras – Breda")
        #expect(records.first?[.place] == "R&D-park &unknown; Etten-Leur", "what is not a known reference stays")
    }

    @Test func namespacesAttributesAndInlineXHTML() throws {
        let text = """
            <?xml version="1.0"?>
            <feed xmlns="urn:example:jobs" xmlns:a="urn:example:address">
              <vacature id="V1" a:region="AM25">
                <titel>Buschauffeur</titel>
                <plaats><a:city>Breda</a:city></plaats>
                <plaats><a:city>Oosterhout</a:city></plaats>
                <tekst><p>Rijbewijs <b>D</b> &amp; code 95</p><ul><li>Diensten</li><li>Opleiding</li></ul></tekst>
              </vacature>
              <vacature id="V2"><titel/></vacature>
            </feed>
            """
        let source = SourceDefinition(
            name: "ns", publisher: .employer, url: "x.xml", format: .xml, record: "j:feed/vacature",
            namespaces: ["j": "urn:example:jobs", "a": "urn:example:address"],
            fields: [.id: ["@id"], .title: ["j:titel"], .place: ["plaats/a:city"], .description: ["tekst"], .province: ["@a:region"]])
        let (records, rejects, _) = try Self.read(try write(text), source)
        let record = try #require(records.first)
        #expect(record[.id] == "V1")
        #expect(record[.province] == "AM25")
        #expect(record.fields[.place] == ["Breda", "Oosterhout"])
        #expect(record[.description] == "Rijbewijs D & code 95\n- Diensten\n- Opleiding")
        #expect(record.location == "element /j:feed/vacature[1], line 3")
        #expect(rejects.map(\.location) == ["element /j:feed/vacature[2], line 9"])
    }

    @Test func utf16WithBOM() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<jobs>\(Self.job(1, title: "Verzorgende IG – Zundert"))</jobs>\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let (records, _, summary) = try Self.read(try write(bytes))
        #expect(summary.encoding == "utf-16le")
        #expect(records.first?[.title] == "Verzorgende IG – Zundert")
    }

    // MARK: CSV

    static let csvSource = SourceDefinition(
        name: "csv", publisher: .municipality, url: "x.csv", format: .csv,
        fields: [.id: ["Nummer"], .title: ["Functie"], .place: ["Plaats"]])

    @Test func csvUnbalancedQuoteInTheMiddle() throws {
        let text = "Nummer;Functie;Plaats\r\n1;Chauffeur;Breda\r\n2;Kok;Breda\r\n3;\"Hovenier;Zundert\r\n4;Monteur;Oosterhout\r\n5;Lasser;Roosendaal\r\n"
        let (records, rejects, _) = try Self.read(try write(text, name: "x.csv"), Self.csvSource)
        #expect(records.map { $0[.id] } == ["1", "2", "4", "5"])
        #expect(rejects.count == 1)
        #expect(rejects.first?.location == "line 4")
        #expect(rejects.first?.reason.contains("unbalanced quote") == true)
        #expect(rejects.first?.snippet == "3;\"Hovenier;Zundert")
    }

    @Test func csvSepLineBOMHeaderCaseAndRaggedRows() throws {
        let text = "\u{FEFF}sep=,\n NUMMER , functie ,plaats\n1,\"Chauffeur, CE\",Breda\n2,Kok\n3,\"Zegt \"\"hallo\"\"\",Etten-Leur\n"
        let (records, rejects, summary) = try Self.read(try write(text, name: "x.csv"), Self.csvSource)
        #expect(summary.encoding == "utf-8")
        #expect(records.map { $0[.title] } == ["Chauffeur, CE", "Zegt \"hallo\""])
        #expect(records.first?.location == "line 3")
        #expect(rejects.map(\.location) == ["line 4"])
        #expect(rejects.first?.reason.contains("2 cells") == true)
    }

    @Test(arguments: [(",", "a,b"), ("\t", "a\tb"), ("|", "a|b"), (";", "a;b")])
    func csvDelimiterIsSniffed(_ delimiter: String, _ sample: String) throws {
        let text = ["Nummer", "Functie", "Plaats"].joined(separator: delimiter) + "\n"
            + ["7", "Orderpicker", "Moerdijk"].joined(separator: delimiter) + "\n"
        let (records, _, _) = try Self.read(try write(text, name: "x.csv"), Self.csvSource)
        #expect(records.first?[.place] == "Moerdijk", "delimiter \(sample)")
    }

    @Test func csvInvalidUTF8NamesTheByteOffset() throws {
        let head = Array("Nummer;Functie;Plaats\n1;Kok;Breda\n2;Caf".utf8)
        let bytes = head + [0xC3, 0x28] + Array(";Breda\n3;Hovenier;Zundert\n".utf8)
        var source = Self.csvSource
        source.encoding = "utf-8"
        let (records, rejects, _) = try Self.read(try write(bytes, name: "x.csv"), source)
        #expect(records.map { $0[.id] } == ["1", "3"])
        #expect(rejects.first?.reason.contains("byte offset \(head.count)") == true, "\(rejects)")
        #expect(rejects.first?.location == "line 3")
    }

    @Test func csvAutoDetectsWindows1252() throws {
        let bytes = Array("Nummer;Functie;Plaats\n1;Kok ".utf8) + [0x80] + Array(" 14,50;Bergen op Zoom\n".utf8)
        let (records, _, summary) = try Self.read(try write(bytes, name: "x.csv"), Self.csvSource)
        #expect(summary.encoding == "windows-1252")
        #expect(records.first?[.title] == "Kok € 14,50")
    }

    @Test func csvMissingRequiredColumnFailsTheFeed() throws {
        let path = try write("Nummer;Titel;Plaats\n1;Kok;Breda\n", name: "x.csv")
        do {
            _ = try Self.read(path, Self.csvSource)
            Issue.record("a missing title column must fail the feed")
        } catch let error as KaartenbakError {
            #expect(error.code == .parse)
            #expect(error.description.contains("Functie") && error.description.contains(":1"))
        }
    }

    @Test func csvUTF16TabSeparatedAsExcelUnicodeText() throws {
        let text = "Nummer\tFunctie\tPlaats\r\n1\tVerzorgende IG – nacht\tRoosendaal\r\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let (records, rejects, summary) = try Self.read(try write(bytes, name: "x.txt"), Self.csvSource)
        #expect(summary.encoding == "utf-16le")
        #expect(rejects.isEmpty)
        #expect(records.first?[.title] == "Verzorgende IG – nacht")
    }

    @Test(arguments: [FeedFormat.xml, .csv, .json])
    func emptyFileFailsTheFeed(_ format: FeedFormat) throws {
        var source = format == .xml ? Self.jobsSource : format == .csv ? Self.csvSource : Self.jsonSource
        source.format = format
        let path = try write([UInt8](), name: "empty.\(format.rawValue)")
        do {
            _ = try Self.read(path, source)
            Issue.record("an empty \(format) feed must fail, not publish zero vacancies")
        } catch let error as KaartenbakError {
            #expect(error.code == .parse)
            #expect(error.location?.file == path)
        }
    }

    // MARK: JSON

    static let jsonSource = SourceDefinition(
        name: "json", publisher: .employer, url: "x.json", format: .json,
        fields: [.id: ["identifier.value"], .title: ["title"], .employer: ["hiringOrganization.name"],
                 .place: ["jobLocation.address.addressLocality"], .contract: ["employmentType"], .description: ["description"],
                 .salaryMin: ["baseSalary.value.minValue"]])

    @Test func jsonArrayOfJobPostings() throws {
        let text = """
            [{"@type":"JobPosting","identifier":{"@type":"PropertyValue","value":"A1"},"title":"Buschauffeur D",
              "description":"<p>Lijndiensten &amp; touringcar</p>","hiringOrganization":{"name":"Streekbus"},
              "jobLocation":[{"address":{"addressLocality":"Breda"}},{"address":{"addressLocality":"Oosterhout"}}],
              "employmentType":["FULL_TIME","TEMPORARY"],"baseSalary":{"value":{"minValue":2600}}},
             {"identifier":{"value":"A2"}},
             "not an object"]
            """
        let (records, rejects, _) = try Self.read(try write(text, name: "x.json"), Self.jsonSource)
        let record = try #require(records.first)
        #expect(record.fields[.place] == ["Breda", "Oosterhout"])
        #expect(record.fields[.contract] == ["FULL_TIME", "TEMPORARY"])
        #expect(record[.employer] == "Streekbus")
        #expect(record[.salaryMin] == "2600")
        #expect(record[.description] == "Lijndiensten & touringcar")
        #expect(rejects.map(\.location) == ["element [2]", "element [3]"])
    }

    @Test func ndjsonBadLineIsARejectWithItsLine() throws {
        let text = """
            {"identifier":{"value":"N1"},"title":"Heftruckchauffeur"}
            {"identifier":{"value":"N2"},"title":"Orderpicker"

            {"identifier":{"value":"N3"},"title":"Taxichauffeur"}
            """
        let (records, rejects, _) = try Self.read(try write(text, name: "x.ndjson"), Self.jsonSource)
        #expect(records.map { $0[.id] } == ["N1", "N3"])
        #expect(records.last?.location == "line 4")
        #expect(rejects.map(\.location) == ["line 2"])
    }
}

/// A plain TCP socket listening on 127.0.0.1 that never answers: proves nobody connected to it.
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard fd >= 0, bound == 0, listen(fd, 8) == 0 else {
            if fd >= 0 { close(fd) }
            throw KaartenbakError(.io, "cannot listen on 127.0.0.1")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        self.fd = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    /// Connections waiting to be accepted (none means nobody connected).
    func acceptedConnections() -> Int {
        var count = 0
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return count }
            close(client)
            count += 1
        }
    }

    deinit { close(fd) }
}
