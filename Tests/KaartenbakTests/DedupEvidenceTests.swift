import Foundation
@testable import Deduplication
import KaartenbakCore
import Testing

/// The evidence rules of issue 23's second round (docs/quality.md, "Rules added"): what tells a human that an agency's
/// copy, a job board's cut copy or werk.nl's copy is the employer's job, and what tells two workplaces apart.
@Suite struct DedupEvidenceTests {
    // MARK: a copy cut short

    static let housekeeping = """
        Voor onze opdrachtgever, een sfeervol hotel in Emmeloord, zoeken wij een housekeeping medewerker.
        Onze opdrachtgever is een sfeervol hotel. Je komt terecht in een informele organisatie waar je snel wordt ingewerkt.
        Wat ga je doen?
        - Hotelkamers schoonmaken en opmaken
        - Linnengoed wisselen
        - Gebreken in de kamers doorgeven aan de technische dienst
        Wat bieden wij?
        - Salaris: €14,75 tot €15,55 bruto per uur
        - Uren: 16-24 uur
        Interesse? Solliciteer direct of neem contact op met Ilse Vos van Werkstroom Uitzendgroep.
        """

    /// A job board's copy: the text up to a cut, words and punctuation as the board's export writes them.
    static func cut(_ text: String, words: Int, mark: String = " ...", fragment: String = "") -> String {
        text.split(whereSeparator: \.isWhitespace).prefix(words).joined(separator: " ") + fragment + mark
    }

    @Test(arguments: [
        ("the first 25 words, then '...'", cut(housekeeping, words: 25), true),
        ("the first 34 words and a cut word, then '…'", cut(housekeeping, words: 34, mark: "…", fragment: " gebr"), true),
        ("the first 21 words", cut(housekeeping, words: 21), true),
        ("only 15 words: an opening sentence that a template repeats", cut(housekeeping, words: 15), false),
        ("another client in the opening", cut(housekeeping.replacingOccurrences(of: "sfeervol hotel in Emmeloord",
                                                                               with: "zorgorganisatie in Emmeloord"), words: 25), false),
        ("the same 25 words, not cut: a whole posting, which MinHash compares", housekeeping.split(separator: " ").prefix(25)
            .joined(separator: " "), false),
    ])
    func cutCopy(name: String, copy: String, isCopy: Bool) {
        let (full, short) = (TextEvidence.opening(Self.housekeeping), TextEvidence.opening(copy))
        #expect(!full.cut)
        #expect(TextEvidence.cutCopy(full.hashes, aCut: full.cut, short.hashes, bCut: short.cut) == isCopy, "\(name)")
        #expect(TextEvidence.cutCopy(short.hashes, aCut: short.cut, full.hashes, bCut: full.cut) == isCopy, "\(name)")
    }

    /// The agency's own ad and a job board's scrape of it under the agency's name, cut short, without pay or hours:
    /// both hide the client, so they need the most evidence, and the text up to the cut is what they share. The
    /// agency's ad for another client in the same week, with the same template, is another job.
    static let cutCopyPairs: [DedupScoringTests.PairCase] = {
        func agency(_ id: String, client: String) -> Vacancy {
            makeVacancy("uitzend", id, publisher: .agency, title: "Housekeeping medewerker", isco: "9112", occupation: "schoonmaker",
                        place: "Emmeloord", postcode: "8302", posted: "2026-11-05", hours: (16, 24), salary: (14.75, 15.55, "hour"),
                        description: housekeeping.replacingOccurrences(of: "sfeervol hotel in Emmeloord", with: client),
                        url: "https://www.werkstroom.nl/vacatures/\(id)")
        }
        let scrape = makeVacancy("jobboard", "BBN-1", publisher: .jobBoard, title: "Housekeeping medewerker", isco: "9112",
                                 occupation: "schoonmaker", employer: "Werkstroom Uitzendgroep", place: "Emmeloord", postcode: "8302",
                                 posted: "2026-11-12", description: cut(housekeeping, words: 30))
        return [
            .init(name: "the agency's ad and the board's cut copy", a: agency("wst-1", client: "sfeervol hotel in Emmeloord"), b: scrape,
                  same: true),
            .init(name: "the agency's ad for another client", a: agency("wst-2", client: "zorgorganisatie in Emmeloord"), b: scrape,
                  same: false),
        ]
    }()

    @Test(arguments: cutCopyPairs)
    func cutCopyPair(_ pair: DedupScoringTests.PairCase) {
        #expect(testDeduplicator.links(pair.a, pair.b) == pair.same, "score \(testDeduplicator.score(pair.a, pair.b))")
        #expect(testDeduplicator.links(pair.b, pair.a) == pair.same)
    }

    /// The new features survive the state file.
    @Test func featuresSurviveTheStateFile() throws {
        var vacancy = Self.cutCopyPairs[0].b
        vacancy.salaryMin = 14.75
        vacancy.salaryMax = 15.55
        vacancy.salaryPeriod = "hour"
        let features = FeatureExtractor(hashCount: 16).features(of: vacancy)
        #expect(features.cutShort && features.opening[1] != 0)
        var writer = ByteWriter()
        writer.put(features)
        let read = try writer.bytes.withUnsafeBytes { bytes in
            var reader = ByteReader(bytes: bytes, path: "memory")
            return try reader.features()
        }
        #expect(read == features)
    }
}
