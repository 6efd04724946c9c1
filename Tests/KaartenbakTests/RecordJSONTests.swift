import Foundation
import KaartenbakCore
import Testing

/// The stages' hand-written codec writes what `JSONEncoder` writes and reads what `JSONDecoder` reads.
@Suite struct RecordJSONTests {
    static let tricky = "Quote \" backslash \\ slash / tab \t newline \n \u{08} \u{1F} é 🚚 \u{2028} end"

    static var fullVacancy: Vacancy {
        let coding = OccupationCoding(isco: "8332", occupation: "chauffeur-ce", occupationLabel: "Chauffeur CE", confidence: 0.95,
                                      ambiguous: true, candidates: [.init(isco: "8332", occupation: "a", label: tricky, score: 2.5),
                                                                    .init(isco: "8322", occupation: "b", label: "c", score: 1e-5)],
                                      reasons: ["r/1", tricky])
        var v = Vacancy(source: "uwv", sourceRecordId: "U/1", publisher: .publicEmploymentService, region: "West-Brabant",
                        title: "Chauffeur CE (m/v)", normalisedTitle: "chauffeur ce", coding: coding, location: "jobs/job[3]")
        v.description = tricky
        (v.employer, v.employerKey, v.place, v.postcode, v.province) = ("Jansen B.V.", "jansen", "Breda", "4811 AB", "Noord-Brabant")
        (v.datePosted, v.closingDate) = ("2026-11-01", "2026-12-01")
        (v.hoursMin, v.hoursMax, v.salaryMin, v.salaryMax, v.salaryPeriod) = (32, 40.5, 14.35, 1e16, "hour")
        (v.contract, v.schedule, v.education, v.url, v.repost) = ("permanent", "fulltime", "mbo", "https://x.nl/a?b=c", false)
        v.placement = Placement(municipalityCode: "0758", municipality: "Breda", province: "Noord-Brabant", regionNumber: 28,
                                region: "West-Brabant", basis: .postcode, note: tricky)
        v.signals = [WorkSignal(.dutchNotRequired, evidence: tricky), WorkSignal(.learnWhileWorking, evidence: "BBL")]
        return v
    }

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = NDJSONWriter<T>.outputFormatting
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func vacancyAsTheEncoderWritesIt() throws {
        let full = Self.fullVacancy
        // Every optional set, so a field added to Vacancy but not to the writer fails here.
        for (name, value) in Mirror(reflecting: full).children {
            let mirror = Mirror(reflecting: value)
            #expect(mirror.displayStyle != .optional || !mirror.children.isEmpty, "set \(name ?? "?") in this sample")
        }
        let bare = Vacancy(source: "s", sourceRecordId: "1", publisher: .agency, region: nil, title: "t", normalisedTitle: "t",
                           coding: .none, location: "l")
        for vacancy in [full, bare] {
            #expect(String(decoding: RecordJSON.encode(vacancy), as: UTF8.self) == (try Self.encoded(vacancy)))
            let line = RecordJSON.encode(vacancy)
            #expect(line.withUnsafeBytes { RecordJSON.decodeVacancy($0) } == vacancy)
        }
    }

    /// Normalised files written before the vacancy stopped carrying the source's markup have a "descriptionHTML"
    /// after "description": a later night reads them (the memory, a failed source's carried vacancies) as the
    /// same vacancy, the markup passed over, and writes none.
    @Test func anEarlierLinesMarkupIsPassedOver() throws {
        let vacancy = Self.fullVacancy
        var line = String(decoding: RecordJSON.encode(vacancy), as: UTF8.self)
        let description = try Self.encoded(["description": vacancy.description!]).dropFirst().dropLast()
        #expect(line.contains(description))
        line = line.replacingOccurrences(of: description, with: description + #","descriptionHTML":"<p>\"x\" \\ é</p>""#)
        #expect(line.contains("descriptionHTML"))
        #expect(Array(line.utf8).withUnsafeBytes { RecordJSON.decodeVacancy($0) } == vacancy)
        #expect(!String(decoding: RecordJSON.encode(vacancy), as: UTF8.self).contains("descriptionHTML"))
    }

    /// Parsed files of earlier runs begin with the description's markup ("descriptionHTML"): a rerun from them reads
    /// the same record, by the fast reader and by Codable, and nothing writes the markup again.
    @Test func anEarlierRawLinesMarkupIsPassedOver() throws {
        let record = RawRecord(source: "s", location: "line 3", values: [.init(.title, "Chauffeur"), .init(.description, "Rijden")])
        let line = String(decoding: RecordJSON.encode(record), as: UTF8.self)
        #expect(!line.contains("descriptionHTML"))
        let earlier = #"{"descriptionHTML":"<p>\"Rijden\" &amp; é</p>","# + line.dropFirst()
        #expect(Array(earlier.utf8).withUnsafeBytes { RecordJSON.decodeRawRecord($0) } == record)
        #expect(try JSONDecoder().decode(RawRecord.self, from: Data(earlier.utf8)) == record)
    }

    @Test func rawRecordAsTheEncoderWritesAndTheDecoderReadsIt() throws {
        let records = [
            RawRecord(source: "s", location: "line 3", values: [.init(.title, "Chauffeur / bijrijder"), .init(.description, Self.tricky),
                                                               .init(.place, "Breda"), .init(.title, "second title"),
                                                               .init(.employerId, "E1"), .init(.datePosted, "01-11-2026")]),
            RawRecord(source: "s", location: "l", values: []),
        ]
        for record in records {
            let line = RecordJSON.encode(record)
            #expect(String(decoding: line, as: UTF8.self) == (try Self.encoded(record)))
            let fast = line.withUnsafeBytes { RecordJSON.decodeRawRecord($0) }
            let slow = try JSONDecoder().decode(RawRecord.self, from: Data(line))
            #expect(fast == slow)
            #expect(fast?.values == slow.values)
        }
    }

    @Test func rawRecordReaderGivesUpWhereTheDecoderJudges() {
        for text in [#"{"source":"s","location":"l"}"#, #"{"source":"s","location":"l","fields":{"nope":["x"]}}"#,
                     #"{"source":1,"location":"l","fields":{}}"#, #"{"source":"s","location":"l","fields":{}} x"#] {
            #expect(Array(text.utf8).withUnsafeBytes { RecordJSON.decodeRawRecord($0) } == nil, "\(text)")
        }
    }
    /// Strings with escapes read as `JSONDecoder` reads them: runs between escapes are copied
    /// whole, a raw control character after an escape is refused, and so is a string cut short.
    @Test(arguments: [
        #""a\nb\nc""#, #""\n""#, #""x\"y\\z\/w""#, #""\u00e9\ud83d\ude9a tail""#, #""é\nü\n🚚""#,
        #""\\""#, #""a\n\n\nb""#, "\"a\\nb\u{01}c\"", #""a\nb"#, #""a\qb""#, #""a\"#,
    ])
    func escapedStringsReadAsTheDecoderReadsThem(_ text: String) {
        let fast = Array(text.utf8).withUnsafeBytes { raw -> String? in
            var reader = JSONLineReader(raw)
            guard let value = reader.string(), reader.atEnd() else { return nil }
            return value
        }
        let slow = try? JSONDecoder().decode(String.self, from: Data(text.utf8))
        #expect(fast == slow, "\(text)")
    }
}
