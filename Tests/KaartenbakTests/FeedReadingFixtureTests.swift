import Foundation
import Logging
import Testing
@testable import FeedReading
@testable import KaartenbakCore

/// The four bundled West-Brabant feeds, read through the bundled pipeline definition.
@Suite struct FeedReadingFixtureTests {
    static let pipeline: PipelineDefinition? = try? DefinitionLoader.load(file: DefinitionWestBrabantTests.pipelineFile)

    static func read(_ name: String) throws -> (records: [RawRecord], rejects: [Reject], summary: ReadSummary) {
        let pipeline = try #require(pipeline)
        let source = try #require(pipeline.source(named: name))
        return try FeedReader(source: source, logger: Logger(label: "test")).readAll(file: pipeline.localPath(of: source))
    }

    static func record(_ id: String, in records: [RawRecord]) throws -> RawRecord {
        try #require(records.first { $0[.id] == id }, "record \(id)")
    }

    @Test func uwvHROpen() throws {
        let (records, rejects, summary) = try Self.read("uwv-werk-nl")
        #expect(records.count == 20)
        #expect(rejects.isEmpty)
        #expect(summary.encoding == "utf-8")
        let truck = try Self.record("UWV-2026-104311", in: records)
        #expect(truck[.title] == "Internationaal vrachtwagenchauffeur CE")
        #expect(truck[.employer] == "Van der Heijden Transport B.V.")
        #expect(truck[.place] == "Etten-Leur")
        #expect(truck[.postcode] == "4879 AH")
        #expect(truck[.isco] == "8332")
        #expect(truck[.closingDate] == "2026-12-31")
        let description = try #require(truck[.description])
        #expect(description.contains("Spanje en Italië"))
        #expect(description.contains("- Rijbewijs CE met code 95"))
        #expect(description.contains("€ 3.450"), "HTML entity &euro; decoded")
        #expect(!description.contains("<"))
        #expect(truck.location.hasPrefix("element /hr:PositionOpenings/hr:PositionOpening[1], line "))
        // Repeated elements become lists: the bus driver works from Breda and Oosterhout.
        let bus = try Self.record("UWV-2026-104339", in: records)
        #expect(bus.fields[.place] == ["Breda", "Oosterhout"])
        #expect(bus.fields[.postcode] == ["4814 DC", "4901 KA"])
    }

    @Test func agencyFeedInISO88591() throws {
        let (records, rejects, summary) = try Self.read("flexpoint-uitzend")
        #expect(summary.encoding == "iso-8859-1")
        #expect(records.count == 16)
        #expect(rejects.count == 1)
        #expect(rejects.first?.reason.contains("'title'") == true)
        #expect(rejects.first?.location.contains("/jobs/job[17]") == true)
        #expect(rejects.first?.snippet.contains("FLX-88136") == true)
        let truck = try Self.record("FLX-88120", in: records)
        #expect(truck[.title] == "Chauffeur CE internationaal (m/v)", "CDATA padding trimmed")
        #expect(truck[.employer] == nil, "the agency leaves the employer out")
        #expect(truck[.salary] == "€ 2.950 - € 3.450 per maand")
        #expect(truck[.hoursMin] == "45")
        #expect(truck[.hoursMax] == "55")
        let description = try #require(truck[.description])
        #expect(description.hasPrefix("Voor onze opdrachtgever in Etten-Leur"))
        #expect(description.contains("Spanje en Italië"), "ISO-8859-1 ë decoded")
        #expect(description.contains("Interesse?\nSolliciteer direct"), "<br> becomes a line break")
        // &eacute; outside CDATA is not XML, but the record is recovered rather than lost.
        let waiter = try Self.record("FLX-88126", in: records)
        #expect(waiter[.title] == "Bedieningsmedewerker 16-24 uur")
        #expect(records.contains { $0[.id] == "FLX-88135" }, "records after the HTML entity are read")
    }

    @Test func jobBoard() throws {
        let (records, rejects, _) = try Self.read("vacaturebank-brabant")
        #expect(records.count == 18)
        #expect(rejects.isEmpty)
        let truck = try Self.record("VB-5001", in: records)
        #expect(truck[.title] == "Internationaal vrachtwagenchauffeur CE")
        #expect(truck[.datePosted] == "2026-11-12T08:00:00Z")
        #expect(truck[.url]?.contains("utm_source=indeed&utm_medium=feed") == true)
        let taxi = try Self.record("VB-5003", in: records)
        #expect(taxi[.datePosted]?.hasSuffix("+0100") == true, "RFC 822 date kept as text")
        #expect(taxi[.salary] == "€14,06 - €14,90 per uur")
    }

    @Test(arguments: ["uwv-werk-nl", "flexpoint-uitzend", "vacaturebank-brabant", "gemeente-breda"])
    func previewStopsAtTheLimit(_ name: String) throws {
        let pipeline = try #require(Self.pipeline)
        let source = try #require(pipeline.source(named: name))
        let (records, _) = try FeedReader(source: source, logger: Logger(label: "test")).preview(file: pipeline.localPath(of: source), limit: 3)
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0[.id] != nil && $0[.title] != nil })
    }

    @Test func municipalityCSV() throws {
        let (records, rejects, summary) = try Self.read("gemeente-breda")
        #expect(summary.encoding == "windows-1252")
        #expect(rejects.isEmpty, "\(rejects)")
        #expect(records.count == 14)
        let bus = try Self.record("GB-2026-032", in: records)
        #expect(bus[.title] == "Buschauffeur D")
        #expect(bus[.postcode] == "4814DC")
        #expect(bus[.datePosted] == "03-11-2026")
        let description = try #require(bus[.description])
        #expect(description.contains("Salaris: € 2.600 tot € 3.150; reiskosten vergoed."), "0x80 is €, ';' inside quotes")
        #expect(description.split(separator: "\n").count == 4, "embedded CRLFs are line breaks: \(description)")
        #expect(bus.location == "line 3")
        let admin = try Self.record("GB-2026-031", in: records)
        #expect(admin[.hoursMax] == "38,5")
        let hovenier = try Self.record("GB-2026-034", in: records)
        #expect(hovenier[.description]?.contains("pré") == true, "0xE9 is é")
        #expect(try Self.record("GB-2026-041", in: records)[.title] == "Medewerker groenonderhoud; stadsbeheer")
        #expect(try Self.record("GB-2026-043", in: records)[.title] == "Beleidsmedewerker \"Werk en inkomen\"")
        // Line numbers count the CRLFs inside quoted cells.
        #expect(try Self.record("GB-2026-033", in: records).location == "line 7")
    }
}
