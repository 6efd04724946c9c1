@testable import Deduplication
import KaartenbakCore
import Testing

/// The specific facts of a description (numbers, proper names) and which of them are an occupation's boilerplate.
@Suite struct DedupFactsTests {
    static func words(_ text: String, place: String? = nil, employer: String? = nil, hours: [Double?] = []) -> Set<UInt32> {
        let excluded = FeatureExtractor.factExclusions(place: place, employer: employer, hours: hours)
        return Set(FeatureExtractor.facts(of: text, excluding: excluded).facts)
    }

    static func hashes(_ words: [String]) -> Set<UInt32> {
        Set(words.map { FeatureExtractor.facts(of: "x \($0)", excluding: []).facts.first ?? 0 })
    }

    @Test(arguments: [
        // Names inside a sentence and numbers are facts; a capital that starts a sentence is not.
        ("Je werkt aan de Stationsplein met 26 collega's. Wij bieden een fietsplan.", ["Stationsplein", "26"]),
        // Dutch number forms are one fact each: thousands dots dropped, the decimal comma kept.
        ("Het salaris is € 3.620 tot € 3620 per maand, of € 20,89 per uur.", ["3620", "20,89"]),
        // After a colon or a list dash a new sentence starts.
        ("Wat wij bieden:\n- Reiskosten\n- Een laptop van Dell", ["Dell"]),
        ("Geen feiten hier, alleen woorden.", []),
    ])
    func factsOfADescription(_ text: String, _ expected: [String]) {
        #expect(Self.words(text) == Self.hashes(expected))
    }

    @Test func ownPlaceEmployerAndHoursAreNotFacts() {
        let text = "Bakkerij Smit in Breda zoekt iemand voor 32 tot 40 uur aan de Markt."
        #expect(Self.words(text, place: "Breda", employer: "Bakkerij Smit B.V.", hours: [32, 40]) == Self.hashes(["Markt"]))
    }

    @Test func longDescriptionsAreTold() {
        let short = FeatureExtractor.facts(of: "Kort en krachtig.", excluding: [])
        let long = FeatureExtractor.facts(of: String(repeating: "Wij zoeken collega's voor ons team. ", count: 12), excluding: [])
        #expect(!short.long && long.long)
    }

    @Test func anOccupationsBoilerplateIsCommonAndAStreetIsNot() {
        let extractor = FeatureExtractor(hashCount: 16)
        // 40 driver postings all naming the countries of their routes, three of them one yard's street.
        var features = (0..<40).map { index in
            extractor.features(of: makeVacancy(
                "s\(index)", "r\(index)", title: "Chauffeur CE", isco: "8332", occupation: "chauffeur-ce",
                place: "Breda", description: "Ritten naar Duitsland en Frankrijk." + (index < 3 ? " Wij staan aan de Lage Mosten." : "")))
        }
        Deduplicator.markCommonFacts(&features)
        let first = features[0]
        let common = first.facts.indices.filter { first.commonFacts & (1 << UInt16($0)) != 0 }.map { first.facts[$0] }
        #expect(Set(common) == Self.hashes(["Duitsland", "Frankrijk"]))
        #expect(first.specificFactCount == 2) // "Lage", "Mosten"
        #expect(PairScorer.sharedSpecificFacts(features[0], features[1]) == 2)
        #expect(PairScorer.sharedSpecificFacts(features[0], features[5]) == 0)
    }

    /// The unit a title names ("locatie Huize Ter Weele") is in the texts of every opening at that unit: a fact of one
    /// opening among postings of one occupation (or where one is not coded), not between a cook's and a nurse's.
    @Test(arguments: [
        ("Chef de partie - locatie Huize Ter Weele", "5120", "MBO-verpleegkundige - locatie Huize Ter Weele", "3221", 0),
        ("Kok - locatie Huize Ter Weele", "5120", "Chef de partie - locatie Huize Ter Weele", "5120", 3),
        ("Kok - locatie Huize Ter Weele", "5120", "Chef de partie - locatie Huize Ter Weele", nil, 3),
        // Named only in the text, a place is a fact as before.
        ("Kok", "5120", "MBO-verpleegkundige", "3221", 3),
    ] as [(String, String?, String, String?, Int)])
    func aUnitsNameIsAFactWithinOneOccupation(title: String, isco: String?, otherTitle: String, otherIsco: String?, shared: Int) {
        let text = "Zorggroep De Linde zoekt voor locatie Huize Ter Weele in Enschede een collega. Wat ga je doen? Je werkt in een klein team."
        let extractor = FeatureExtractor(hashCount: 16)
        let a = extractor.features(of: makeVacancy("a", "1", title: title, isco: isco, employer: "Zorggroep De Linde",
                                                           place: "Enschede", description: text))
        let b = extractor.features(of: makeVacancy("b", "2", title: otherTitle, isco: otherIsco,
                                                           employer: "Zorggroep De Linde", place: "Enschede", description: text))
        #expect(PairScorer.sharedSpecificFacts(a, b) == shared)
    }

    /// Nor is the unit part of the job's name between two occupations: "Chef de partie - locatie Huize Ter Weele" and
    /// "MBO-verpleegkundige - locatie Huize Ter Weele" share the location, not a title. Within one occupation, or
    /// where one is not coded, the whole titles are compared as before.
    @Test(arguments: [
        ("MBO-verpleegkundige - locatie Huize Ter Weele", "3221", -1.0),
        ("Kok - locatie Huize Ter Weele", "5120", 2.0),
        ("Kok - locatie Huize Ter Weele", nil, 2.0),
    ] as [(String, String?, Double)])
    func aUnitIsNoPartOfTheTitleBetweenTwoOccupations(otherTitle: String, otherIsco: String?, points: Double) {
        let a = makeVacancy("a", "1", title: "Chef de partie - locatie Huize Ter Weele", isco: "5120", place: "Enschede")
        let b = makeVacancy("b", "2", title: otherTitle, isco: otherIsco, place: "Enschede")
        let title = testDeduplicator.explain(a, b).rules.first { $0.0 == "title" }?.1
        #expect(title == points)
    }

    /// Two full postings that share no fact are likely two jobs, unless one is an agency's, which leaves out what would
    /// name its client: also when a job board shows the agency's ad under the agency's name.
    @Test(arguments: [("Flexkracht Uitzendbureau", 0.0), ("Transportbedrijf Ter Horst", -1.5)])
    func sharingNoFactWithAnAgencysAdSaysNothing(boardEmployer: String, points: Double) {
        let duties = String(repeating: "Je bezorgt dagelijks pakketten met een elektrische bestelbus in een vaste wijk. ", count: 6)
        let employer = makeVacancy("werkgevers", "w-1", title: "Koerier rijbewijs B", isco: "8322", employer: "Snelbode Pakketdiensten",
                                   place: "Hengelo", description: "Snelbode zoekt een koerier. Je start aan de Marconistraat. " + duties)
        let board = makeVacancy("jobboard", "j-1", publisher: .jobBoard, title: "Koerier rijbewijs B", isco: "8322",
                                employer: boardEmployer, place: "Hengelo",
                                description: "Wij zoeken een koerier. Je start in het depot van Oldenzaal. " + duties)
        #expect(testDeduplicator.explain(employer, board).rules.first { $0.0 == "facts" }?.1 == points)
    }

    @Test func genericAgreementReachesTheThresholdButDoesNotLink() throws {
        let cases = DedupScoringTests.cases.filter { $0.name == "agency agreeing only on occupation, town, week" }
        let pair = try #require(cases.first)
        #expect(testDeduplicator.score(pair.a, pair.b) >= DedupeSettings().threshold)
        #expect(!testDeduplicator.links(pair.a, pair.b))
    }
}

@Suite struct DedupEmployerWordsTests {
    static func words(_ name: String) -> WordSet4 {
        WordSet4(TextKeys.words(Array((MatchKeys.employerKey(name) ?? "").utf8)).map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0)) })
    }

    @Test(arguments: [
        ("Jumbo", "Jumbo Supermarkten B.V.", 1),
        ("Amphia Ziekenhuis", "Stichting Amphia Ziekenhuis", 2),
        // Names whose words once shared bits of a 64-bit set.
        ("Flexwerk Nederland B.V.", "Meijer Advies Goes B.V.", 0),
        ("Vermeulen Transport", "Martens Energie V.O.F.", 0),
    ])
    func containment(_ a: String, _ b: String, _ common: Int) {
        #expect(Self.words(a).intersectionCount(Self.words(b)) == common)
        #expect(Self.words(b).intersectionCount(Self.words(a)) == common)
    }
    /// The MinHash reads a description's first words only, and folds no further: the fold cut after
    /// a number of words is the whole fold's beginning, up to where the next word would start,
    /// whatever ends a word (punctuation, a space, a Latin-1 sign such as "×" or "ß").
    @Test(arguments: [0, 1, 2, 3, 5, 160])
    func foldingStopsAfterItsWords(maxWords: Int) {
        let texts = ["", "één", "  Chauffeur CE, 40 uur × 5 dagen; Straße 12 — café ", "a b", "wórd×wórd ßx æ!!  end",
                     String(repeating: "Magazijn medewerker. ", count: 120)]
        for text in texts {
            let whole = TextKeys.fold(text)
            let cut = TextKeys.fold(text, maxWords: maxWords)
            #expect(Array(whole.prefix(cut.count)) == cut, "\(text)")
            let words = { (bytes: [UInt8]) in bytes.split(separator: UInt8(ascii: " ")).map(Array.init) }
            #expect(words(cut) == Array(words(whole).prefix(maxWords)), "\(text)")
        }
    }
}
