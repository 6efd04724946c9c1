import Foundation
import Testing
@testable import Deduplication
import KaartenbakCore
import Logging

/// The hand-written merged-record encoder writes what `JSONEncoder` writes, byte for byte.
@Suite struct MergedVacancyJSONTests {
    static func encoded(_ merged: MergedVacancy) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = NDJSONWriter<DedupedVacancy>.outputFormatting
        return String(decoding: try encoder.encode(merged), as: UTF8.self)
    }

    static func fast(_ merged: MergedVacancy) -> String {
        String(decoding: MergedVacancyJSON.encode(merged), as: UTF8.self)
    }

    /// Every field set, provenance for every field, two conflicts, and strings that need escapes.
    static var full: MergedVacancy {
        var m = Merger.single(DedupSamples.agencyCE)
        m.description = "Quote \" backslash \\ slash / tab \t newline \n return \r \u{08} \u{0C} \u{1F} \u{7F} é 🚚 \u{2028} end"
        (m.isco, m.occupation, m.occupationLabel) = ("8332", "chauffeur-ce", "Chauffeur CE")
        (m.employer, m.place, m.postcode, m.region) = ("Jansen B.V.", "Breda", "4811 AB", "AM25")
        (m.datePosted, m.closingDate, m.contract, m.schedule, m.education) = ("2026-11-01", "2026-12-01", "vast", "fulltime", "mbo")
        (m.hoursMin, m.hoursMax, m.salaryMin, m.salaryMax, m.salaryPeriod) = (38.5, 40, 16.15, 1e16, "hour")
        m.url = "https://example.nl/vacature?id=1&x=/y"
        m.placement = Placement(municipalityCode: "0758", municipality: "Breda", province: "Noord-Brabant", regionNumber: 28,
                                region: "West-Brabant", basis: .placeInSourceRegion, note: "the place 'Nes' is in \"3\" municipalities")
        m.signals = [WorkSignal(.noDiploma, evidence: "description: 'geen diploma nodig'"), WorkSignal(.flexibleHours, evidence: "24/32 uur")]
        for field in MergedVacancy.fieldNames { m.provenance[field] = "source-\(field)" }
        m.conflicts = [
            FieldConflict(field: "salary", values: [.init(source: "a", sourceRecordId: "1", value: "16-18/hour"),
                                                    .init(source: "b", sourceRecordId: "\"2\"", value: "2800-3100/month")]),
            FieldConflict(field: "hours", values: []),
        ]
        return m
    }

    @Test func writesWhatJSONEncoderWrites() throws {
        let full = Self.full
        // Every field set, so a field added to MergedVacancy but not to the encoder fails here.
        for (name, value) in Mirror(reflecting: full).children {
            let mirror = Mirror(reflecting: value)
            #expect(mirror.displayStyle != .optional || !mirror.children.isEmpty, "set \(name ?? "?") in this sample")
        }
        #expect(Self.fast(full) == (try Self.encoded(full)))
        // Absent fields, empty provenance and conflicts, and the generated records' merged records.
        var sparse = Merger.single(DedupSamples.bezorger)
        (sparse.employer, sparse.description, sparse.hoursMin) = (nil, nil, nil)
        #expect(Self.fast(sparse) == (try Self.encoded(sparse)))
        let merger = Merger(settings: DedupeSettings())
        let records = Array(DedupIncrementalTests.nights.first.prefix(60))
        for index in stride(from: 0, to: records.count - 2, by: 3) {
            let merged = merger.merge(Array(records[index..<(index + 3)]))
            #expect(Self.fast(merged) == (try Self.encoded(merged)))
        }
    }

    @Test(arguments: [0.0, -0.0, 1, -3, 38.5, 16.15, 1e6, 1e15, 1e16, 1e-5, 0.1 + 0.2, 1234.5678, 1.7976931348623157e308])
    func numbersAsJSONEncoder(_ value: Double) throws {
        var m = Self.full
        m.salaryMin = value
        #expect(Self.fast(m) == (try Self.encoded(m)))
    }
}

/// Features keep their MinHash signature and facts inline, a longer list (more hash functions than
/// the default 16) in an array: both give back the list they were given.
@Suite struct InlineHashesTests {
    @Test(arguments: [0, 1, 16, 17, 40])
    func holdsTheListGiven(_ count: Int) {
        let values = (0..<count).map { UInt32($0 * 7 + 1) }
        let hashes = InlineHashes(values)
        #expect(Array(hashes) == values)
        #expect(hashes.count == count && hashes.isEmpty == (count == 0))
        #expect(hashes == InlineHashes(values))
        if count > 0 { #expect(hashes != InlineHashes(values.dropLast() + [0])) }
    }

    @Test func longSignatureSurvivesTheStateFile() throws {
        let extractor = FeatureExtractor(hashCount: 20)
        let features = extractor.features(of: DedupSamples.employerCE)
        #expect(features.minhash.count == 20)
        var writer = ByteWriter()
        writer.put(features)
        let read = try writer.bytes.withUnsafeBytes { bytes in
            var reader = ByteReader(bytes: bytes, path: "memory")
            return try reader.features()
        }
        #expect(read == features)
    }
}

/// The entries' fast decoder reads what `JSONEncoder` wrote as `JSONDecoder` does.
@Suite struct EntryDecoderTests {
    @Test func decodesWhatJSONDecoderDecodes() throws {
        var member = DedupSamples.agencyCE
        member.description = "Quote \" backslash \\ slash / tab \t é 🚚 \u{2028} end \\\\\""
        member.coding.candidates = [OccupationCandidate(isco: "8332", occupation: "a", label: "b", score: 0.5)]
        member.coding.reasons = ["one", "two \"quoted\""]
        member.repost = true
        member.placement = Placement(municipalityCode: "0758", municipality: "Breda", province: "Noord-Brabant", regionNumber: 28,
                                     region: "West-Brabant", basis: .postcode)
        member.signals = [WorkSignal(.flexibleHours, evidence: "24/32 uur")]
        var plain = DedupSamples.agencyCE
        plain.coding = .none
        let entries = [
            DedupedVacancy(id: "v-1", cluster: VacancyCluster(members: [member, plain], merged: MergedVacancyJSONTests.full, key: "k\u{1F}1")),
            DedupedVacancy(id: "v-2", cluster: VacancyCluster(members: [plain], merged: Merger.single(plain), key: "k")),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = NDJSONWriter<DedupedVacancy>.outputFormatting
        for entry in entries {
            let line = try encoder.encode(entry)
            let fast = line.withUnsafeBytes { VacancyLineDecoder.decodeEntry($0) }
            #expect(fast == entry)
            #expect(fast == (try JSONDecoder().decode(DedupedVacancy.self, from: line)))
            // As the catalogue reads members, without their texts, placements and signals: everything else the
            // same, escaped quotes passed over.
            var lean = entry
            for index in lean.cluster.members.indices {
                lean.cluster.members[index].description = nil
                lean.cluster.members[index].placement = nil
                lean.cluster.members[index].signals = nil
            }
            #expect(lean != entry)
            #expect(line.withUnsafeBytes { VacancyLineDecoder.decodeEntry($0, membersForCatalogue: true) } == lean)
        }
    }

    /// An entry holds its members' lines less their texts and with an empty location: byte for byte
    /// what encoding the member so gives, hard strings included; a line it cannot walk is kept whole.
    @Test func membersLinesLoseOnlyTheirTextsAndLocations() throws {
        var member = DedupSamples.agencyCE
        member.description = "Quote \" backslash \\ slash / tab \t é 🚚 \u{2028} \"description\":\"x\" end \\\\\""
        member.coding.reasons = ["\"description\":\"y\""]
        var plain = DedupSamples.agencyCE
        plain.description = nil
        for vacancy in [member, plain, DedupSamples.agencyCE] {
            var lean = vacancy
            lean.description = nil
            lean.location = ""
            var out: [UInt8] = []
            EntryWriter.appendMemberLine(RecordJSON.encode(vacancy), to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(decoding: RecordJSON.encode(lean), as: UTF8.self))
        }
        for text in ["{", #"{"a":1,"description":"x""#, "not json"] {
            var out: [UInt8] = []
            EntryWriter.appendMemberLine(Array(text.utf8), to: &out)
            #expect(out == Array(text.utf8))
        }
    }

    @Test func givesUpOnWhatItDoesNotExpect() {
        for text in [#"{"id":"x"}"#, #"{"id":1,"cluster":{}}"#, #"{"id":"x","cluster":{"key":"k","members":[],"merged":{"title":"t"}}}"#, "{"] {
            let fast = Array(text.utf8).withUnsafeBytes { VacancyLineDecoder.decodeEntry($0) }
            #expect(fast == nil, "\(text)")
        }
    }
}
