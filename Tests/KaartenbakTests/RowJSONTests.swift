@testable import Catalogue
import Foundation
import GRDB
import KaartenbakCore
import Testing

/// `RowJSON` writes what `JSONEncoder` writes, byte for byte: content hashes of earlier nights stay
/// comparable, and the export keeps its shape.
@Suite struct RowJSONTests {
    /// Every field set, with text that needs escaping: quotes, backslashes, slashes, control characters, non-ASCII.
    static func fullRow() -> VacancyRow {
        let coding = OccupationCoding(isco: "8332", occupation: "vrachtwagenchauffeur-internationaal", occupationLabel: "Chauffeur CE",
                                      confidence: 0.95, ambiguous: true,
                                      candidates: [.init(isco: "8332", occupation: "a/b", label: "Chauffeur \"CE\"", score: 2.5),
                                                   .init(isco: "8322", occupation: "c", label: "Koeriér\t", score: 1e-5)],
                                      reasons: ["title is 'chauffeur' → x/y", "back\\slash \u{1}"])
        var row = VacancyRow(id: "v-1", title: "Chauffeur CE / C (m/v)", normalisedTitle: "chauffeur ce", coding: coding,
                             status: "closed", firstSeen: "2026-11-01", lastSeen: "2026-11-02")
        row.employer = "Van der Berg B.V."
        row.place = "'s-Hertogenbosch"
        row.postcode = "5211 AB"
        row.province = "Noord-Brabant"
        row.region = "Noordoost-Brabant"
        row.datePosted = "2026-10-01"
        row.closingDate = "2026-12-01"
        row.hoursMin = 32
        row.hoursMax = 40.5
        row.salaryMin = 14.35
        row.salaryMax = 3400
        row.salaryPeriod = "month"
        row.contract = "permanent"
        row.schedule = "fulltime"
        row.education = "mbo"
        row.url = "https://example.nl/vacatures/1?a=b&c=d"
        row.description = "Regel één\nRegel <twee> & \"drie\"\r\n\u{1F}"
        row.closedAt = "2026-11-02"
        row.mergedInto = "v-0"
        row.sourceCount = 3
        row.provenance = ["title": "uwv", "employer": "werkgevers/a", "Zeta": "x"]
        row.conflicts = [FieldConflict(field: "salary", values: [.init(source: "uwv", sourceRecordId: "1/2", value: "€ 3.400")])]
        row.contentHash = "abc"
        row.fingerprint = "f\u{1F}p"
        row.municipalityCode = "0796"
        row.municipality = "'s-Hertogenbosch"
        row.regionNumber = 27
        row.geoBasis = "postcode"
        row.geoNote = "the place \"Den Bosch\" / alias"
        row.sector = "techniek_logistiek"
        row.signals = ["no_diploma", "flexible_hours"]
        row.signalEvidence = [WorkSignal(.noDiploma, evidence: "description: 'geen diploma/opleiding nodig'"), WorkSignal(.flexibleHours, evidence: "x\ty")]
        return row
    }

    @Test(arguments: [true, false])
    func vacancyMatchesTheEncoder(escapeSlashes: Bool) throws {
        for row in [Self.fullRow(), VacancyRow(id: "x", title: "t", normalisedTitle: "t", coding: .none, firstSeen: "", lastSeen: "")] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = escapeSlashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
            var out = JSONBytes(escapeSlashes: escapeSlashes)
            RowJSON.vacancy(row, into: &out)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(decoding: try encoder.encode(row), as: UTF8.self))
        }
    }

    /// Strings are escaped a word of 8 bytes at a time, the rest byte by byte: every character that needs an
    /// escape, at every place in and around a block, and non-ASCII text, come out as JSONEncoder writes them.
    @Test(arguments: [true, false])
    func stringsMatchTheEncoderAtEveryPlaceInABlock(escapeSlashes: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = escapeSlashes ? [] : [.withoutEscapingSlashes]
        for special in ["\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "é", "€", "\u{7F}", " "] {
            for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 70] {
                for place in Set([0, max(0, length / 2), max(0, length - 1), length]) {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: min(place, length)))
                    var out = JSONBytes(escapeSlashes: escapeSlashes)
                    out.string(text)
                    #expect(String(decoding: out.bytes, as: UTF8.self) == String(decoding: try encoder.encode(text), as: UTF8.self),
                            "\(special.debugDescription) at \(place) of \(length)")
                }
            }
        }
    }

    @Test func exportLineMatchesTheEncoder() throws {
        struct Exported: Encodable {
            var vacancy: VacancyRow
            var sources: [VacancySourceRow]
        }
        var row = Self.fullRow()
        // The encoder leaves a dictionary's keys as they are; `conflictFieldsAndProvenanceAreNamedAsTheColumns`
        // checks that provenance's are written in snake case.
        row.provenance = ["title": "uwv", "employer": "werkgevers/a"]
        let sources = [VacancySourceRow(vacancyId: "v-1", source: "uwv", sourceRecordId: "U/1", publisher: "public_employment_service",
                                        title: "Chauffeur", url: nil, firstSeen: "a", lastSeen: "b", lastRun: "r"),
                       VacancySourceRow(vacancyId: "v-1", source: "werkgevers", sourceRecordId: "W1", publisher: "employer",
                                        title: "Chauffeur CE", url: "https://w.nl/1", firstSeen: "a", lastSeen: "b", lastRun: "r")]
        let encoder = JSONEncoder()
        encoder.outputFormatting = NDJSONWriter<VacancyRow>.outputFormatting
        // The export names every member in snake case, as the catalogue's columns are named.
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // And says the unit group's Dutch name beside its code, which no row stores.
        let expected = String(decoding: try encoder.encode(Exported(vacancy: row, sources: sources)), as: UTF8.self)
            .replacingOccurrences(of: #""isco":"8332","last_seen""#, with: #""isco":"8332","isco_label":"Vrachtwagenchauffeurs","last_seen""#)
        #expect(expected.contains("\"source_record_id\"") && expected.contains("\"normalised_title\""))
        // Whether the row's JSON columns were stored as now (snake case) or by an earlier version (camel case).
        for stored in [RowJSON.Columns(row, escapeSlashes: false, snakeCaseKeys: true), RowJSON.Columns(row, escapeSlashes: false)] {
            let line = RowJSON.exported(row, columns: stored, sources: sources)
            #expect(String(decoding: line, as: UTF8.self) == expected)
        }
    }

    /// A conflict names its field as the column is named, stored before or since.
    @Test func conflictFieldsAndProvenanceAreNamedAsTheColumns() {
        var row = Self.fullRow()
        row.provenance = ["closingDate": "gemeente", "title": "uwv"]
        row.conflicts = [FieldConflict(field: "closingDate", values: [.init(source: "uwv", sourceRecordId: "U1", value: "2026-12-01")])]
        let legacy = RowJSON.Columns(row, escapeSlashes: false)
        #expect(String(decoding: legacy.conflicts, as: UTF8.self).contains("\"sourceRecordId\""), "as an earlier version stored it")
        for columns in [legacy.snakeCased, RowJSON.Columns(row, escapeSlashes: false, snakeCaseKeys: true)] {
            #expect(String(decoding: columns.provenance, as: UTF8.self) == #"{"closing_date":"gemeente","title":"uwv"}"#)
            #expect(String(decoding: columns.conflicts, as: UTF8.self)
                    == #"[{"field":"closing_date","values":[{"source":"uwv","source_record_id":"U1","value":"2026-12-01"}]}]"#)
        }
        // The content hash reads the names it was first computed over: an unchanged vacancy stays unchanged.
        var hashed = JSONBytes(escapeSlashes: true)
        RowJSON.vacancy(row, into: &hashed)
        #expect(String(decoding: hashed.bytes, as: UTF8.self).contains("\"closingDate\":\"gemeente\""))
    }

    /// A row written with the prepared statement reads back through GRDB's Codable decoding as it was.
    @Test func insertedRowReadsBackEqual() throws {
        let queue = try DatabaseQueue()
        try CatalogueSchema.migrator.migrate(queue)
        let row = Self.fullRow()
        let source = VacancySourceRow(vacancyId: row.id, source: "uwv", sourceRecordId: "U/1", publisher: "employer",
                                      title: "t", url: nil, firstSeen: "a", lastSeen: "b", lastRun: "r")
        try queue.write { db in
            try db.makeStatement(sql: VacancyRow.insertSQL).execute(arguments: row.insertArguments())
            try db.makeStatement(sql: VacancySourceRow.insertSQL).execute(arguments: source.insertArguments())
        }
        try queue.read { db in
            // Provenance's keys read back as stored, in snake case, as the columns are named.
            var readBack = row
            readBack.provenance = Dictionary(uniqueKeysWithValues: row.provenance.map { (JSONBytes.snakeCased($0.key), $0.value) })
            #expect(readBack.provenance["zeta"] == "x")
            #expect(try VacancyRow.fetchOne(db) == readBack)
            #expect(try VacancySourceRow.fetchOne(db) == source)
            let stored = try #require(try Row.fetchOne(db, sql: "SELECT \(VacancyRow.columnList) FROM vacancies"))
            let (back, columns) = VacancyRow.stored(stored)
            var expected = row
            expected.candidates = []
            expected.reasons = []
            expected.provenance = [:]
            expected.conflicts = []
            expected.signals = []
            expected.signalEvidence = []
            #expect(back == expected)
            let encoded = RowJSON.Columns(row, escapeSlashes: false, snakeCaseKeys: true)
            #expect(columns.candidates == encoded.candidates && columns.reasons == encoded.reasons)
            #expect(columns.provenance == encoded.provenance && columns.conflicts == encoded.conflicts)
            #expect(columns.signals == encoded.signals && columns.signalEvidence == encoded.signalEvidence)
        }
    }
}
