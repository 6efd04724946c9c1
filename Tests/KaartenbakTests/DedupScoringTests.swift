import Testing
@testable import DedupeTooling
@testable import Deduplication
import KaartenbakCore

@Suite struct DedupScoringTests {
    struct PairCase: CustomTestStringConvertible, Sendable {
        var name: String
        var a: Vacancy
        var b: Vacancy
        var same: Bool
        var testDescription: String { name }
    }

    static let cases: [PairCase] = {
        var roosendaal = DedupSamples.employerCE
        roosendaal.sourceRecordId = "vdh-2"
        roosendaal.place = "Roosendaal"
        roosendaal.postcode = "4705 RA"
        var repost = DedupSamples.employerCE
        repost.source = "uwv"
        repost.datePosted = "2027-02-20"
        var otherEmployer = DedupSamples.uwvCE
        otherEmployer.employer = "Jansen Logistiek B.V."
        otherEmployer.postcode = "4825 AA"
        otherEmployer.description = "Jansen Logistiek zoekt een chauffeur CE voor ritten naar Duitsland vanuit ons depot in Breda."
        var gemeente = makeVacancy("gemeente", "g1", publisher: .municipality, title: "Beleidsmedewerker duurzaamheid",
                                   isco: "2422", occupation: "beleidsmedewerker", employer: "Gemeente Breda", place: "Breda",
                                   hours: (32, 36))
        var gemeenteUWV = gemeente
        gemeenteUWV.source = "uwv"
        gemeenteUWV.employer = "gemeente breda"
        gemeenteUWV.publisher = .publicEmploymentService
        var wonen = gemeente
        wonen.source = "vacaturebank"
        wonen.title = "Beleidsmedewerker wonen"
        wonen.normalisedTitle = wonen.title
        gemeente.description = "Als beleidsmedewerker duurzaamheid werk je aan de energietransitie in de wijken van Breda."
        gemeenteUWV.description = gemeente.description
        wonen.description = "Je werkt aan de woonvisie en maakt prestatieafspraken met corporaties in Breda."
        // An agency posting that agrees only on what every CE job in Breda that week agrees on.
        var generic = DedupSamples.agencyCE
        generic.coding = DedupSamples.employerCE.coding
        generic.title = DedupSamples.employerCE.title
        generic.normalisedTitle = generic.title
        (generic.salaryMin, generic.salaryMax, generic.salaryPeriod) = (nil, nil, nil)
        generic.description = "Wil jij aan de slag als chauffeur in Breda? Lees dan snel verder! Jij rijdt internationaal."
        // The same posting keeping the employer's yard and fleet: facts only this job has.
        var specific = generic
        specific.description = "Wil jij aan de slag als chauffeur? Je vertrekt vanaf de Lage Mosten met een van de 120 trucks."
        var yard = DedupSamples.employerCE
        yard.description = DedupSamples.heuvelText + " Onze loods staat aan de Lage Mosten."
        // One occupation named in other words, with the same qualifier; and another qualifier.
        let service = makeVacancy("werkgevers", "ks-1", title: "Medewerker klantenservice telecom", isco: "4222",
                                  occupation: "klantenservicemedewerker", employer: "Ziggo Services B.V.", place: "Utrecht",
                                  hours: (32, 40))
        var customer = service
        (customer.source, customer.publisher) = ("uwv", .publicEmploymentService)
        customer.title = "Customer service medewerker telecom"
        customer.normalisedTitle = customer.title
        var energy = service
        energy.source = "vacaturebank"
        energy.title = "Medewerker klantenservice energie"
        energy.normalisedTitle = energy.title
        // One job whose titles the classifier put in neighbouring ISCO groups.
        let bookkeeper = makeVacancy("werkgevers", "bk-1", title: "Boekhouder", isco: "3313", occupation: "boekhouder",
                                     employer: "Van Dijk Food B.V.", place: "Rotterdam", hours: (32, 40),
                                     salary: (2900, 3600, "month"))
        var clerk = bookkeeper
        (clerk.source, clerk.publisher) = ("vacaturebank", .jobBoard)
        clerk.title = "Medewerker boekhouding salarisadministratie"
        clerk.normalisedTitle = clerk.title
        clerk.coding = OccupationCoding(isco: "4311", occupation: "boekhoudkundig-medewerker")
        // One employer's further openings at one workplace: the evening shift names itself in its title and its text;
        // the other opening's full posting, however alike, never mentions evenings.
        let cleaning = """
            CleanWorks Facility verzorgt de schoonmaak van kantoorpanden, scholen en zorginstellingen in Barendrecht en \
            omgeving. Als schoonmaakmedewerker zorg je voor schone werkplekken, sanitaire ruimtes, vergaderzalen en \
            kantines. Je werkt zelfstandig volgens een vast werkprogramma en overlegt met de objectleider over \
            bijzonderheden. Wij bieden een contract volgens de cao schoonmaak, reiskostenvergoeding, werkkleding en \
            goede begeleiding door een vaste leidinggevende. Ervaring is niet nodig: je krijgt een uitgebreide \
            inwerkperiode.
            """
        let evening = makeVacancy("werkgevers", "cw-1", title: "Medewerker schoonmaak avondploeg", isco: "9112",
                                  occupation: "schoonmaakmedewerker", employer: "CleanWorks Facility", place: "Barendrecht",
                                  hours: (20, 24), salary: (14.5, 14.5, "hour"),
                                  description: "Je werkt in de avondploeg, van 18.00 tot 22.00 uur. " + cleaning)
        var eveningCopy = evening
        (eveningCopy.source, eveningCopy.sourceRecordId, eveningCopy.publisher) = ("vacaturebank", "vb-1", .jobBoard)
        eveningCopy.title = "Schoonmaakmedewerker m/v/x"
        eveningCopy.normalisedTitle = eveningCopy.title
        eveningCopy.description = "Je maakt 's avonds kantoren schoon. " + cleaning
        var otherOpening = eveningCopy
        otherOpening.sourceRecordId = "vb-2"
        otherOpening.description = "Je begint om 7.00 uur en bent om 11.00 uur klaar. " + cleaning
        return [
            PairCase(name: "the evening shift and its copy that works evenings", a: evening, b: eveningCopy, same: true),
            PairCase(name: "the evening shift and an opening that never mentions evenings", a: evening, b: otherOpening, same: false),
            PairCase(name: "employer site and UWV copy", a: DedupSamples.employerCE, b: DedupSamples.uwvCE, same: true),
            PairCase(name: "agency hiding the employer", a: DedupSamples.employerCE, b: DedupSamples.agencyCE, same: true),
            PairCase(name: "same job, another city", a: DedupSamples.employerCE, b: roosendaal, same: false),
            PairCase(name: "chauffeur CE and bezorger B at one employer", a: DedupSamples.uwvCE, b: DedupSamples.bezorger, same: false),
            PairCase(name: "repost after the gap", a: DedupSamples.employerCE, b: repost, same: false),
            PairCase(name: "two named employers", a: DedupSamples.employerCE, b: otherEmployer, same: false),
            PairCase(name: "Gemeente Breda and gemeente breda", a: gemeente, b: gemeenteUWV, same: true),
            PairCase(name: "same employer, other specialty", a: gemeente, b: wonen, same: false),
            PairCase(name: "agency agreeing only on occupation, town, week", a: DedupSamples.employerCE, b: generic, same: false),
            PairCase(name: "agency keeping the yard and the fleet size", a: yard, b: specific, same: true),
            PairCase(name: "one job coded to neighbouring ISCO groups", a: bookkeeper, b: clerk, same: true),
            PairCase(name: "customer service is klantenservice", a: service, b: customer, same: true),
            PairCase(name: "klantenservice telecom and energie", a: service, b: energy, same: false),
        ]
    }()

    @Test(arguments: cases)
    func pairDecision(_ pair: PairCase) {
        let score = testDeduplicator.score(pair.a, pair.b)
        #expect(testDeduplicator.links(pair.a, pair.b) == pair.same, "score \(score)")
        #expect(testDeduplicator.links(pair.b, pair.a) == pair.same)
        // Scoring is symmetric.
        #expect(testDeduplicator.score(pair.b, pair.a) == score)
    }

    @Test(arguments: [
        ("Van den Heuvel Transport B.V.", "van den heuvel transport"),
        ("VAN DEN HEUVEL TRANSPORT BV", "van den heuvel transport"),
        ("Gemeente Breda", "gemeente breda"),
        ("Bakkerij Smit Holding N.V.", "bakkerij smit"),
        ("Stichting Amphia", "amphia"),
        ("Café 't Hoekje V.O.F.", "cafe t hoekje"),
    ])
    func employerKeys(_ input: String, _ expected: String) {
        #expect(MatchKeys.employerKey(input) == expected)
    }

    @Test(arguments: ["Voor onze opdrachtgever", "voor onze opdrachtgever in Breda", "Onze klant", "Confidential", "", "B.V."])
    func hiddenEmployers(_ input: String) {
        #expect(MatchKeys.employerKey(input) == nil)
    }

    /// A score asked for only above a floor leaves the texts uncompared where the other rules cannot
    /// reach it: below the floor it stays below, at or above it is the full score (every pair of a
    /// sample, at floors around those `linkScore` uses: 5.5, 8 and 9.5).
    @Test(arguments: Array(stride(from: 0.0, through: 10.0, by: 0.5)))
    func scoreAboveAFloorIsTheFullScore(floor: Double) {
        let extractor = FeatureExtractor(hashCount: 16)
        var features = DedupIncrementalTests.nights.first.prefix(250).map { extractor.features(of: $0) }
        Deduplicator.markTrustedEmployers(&features)
        Deduplicator.markCommonFacts(&features)
        let scorer = PairScorer(settings: DedupeSettings())
        var above = 0, shortcut = 0
        for i in features.indices {
            for j in features.indices where j > i {
                let full = scorer.score(features[i], features[j])
                let floored = FeaturesRef.with(features[i], features[j]) { scorer.score($0, $1, trace: nil, floor: floor) }
                if full >= floor { above += 1 }
                if floored != full { shortcut += 1 }
                #expect(full >= floor ? floored == full : floored < floor)
            }
        }
        #expect(above > 0 && shortcut > 0, "the sample has pairs on both sides, and some not compared in full")
    }

    @Test func placesAndPostcodes() {
        #expect(MatchKeys.placeKey("Den Bosch") == MatchKeys.placeKey("'s-Hertogenbosch"))
        #expect(MatchKeys.placeKey("Regio Breda (NB)") == "breda")
        #expect(MatchKeys.placeKey("Etten-Leur") == "etten leur")
        #expect(MatchKeys.pc4("4817 BL") == 4817)
        #expect(MatchKeys.pc4("4817") == 4817)
        #expect(MatchKeys.pc4("NL-12") == 0)
        #expect(MatchKeys.pc4(nil) == 0)
    }

    @Test func explanationNamesTheRules() {
        let (score, rules) = testDeduplicator.explain(DedupSamples.employerCE, DedupSamples.uwvCE)
        #expect(rules.first { $0.0 == "employer" }?.1 == 3)
        #expect(rules.reduce(0) { $0 + $1.1 } == score)
        var elsewhere = DedupSamples.uwvCE
        elsewhere.place = "Tilburg"
        elsewhere.postcode = nil
        let vetoed = testDeduplicator.explain(DedupSamples.employerCE, elsewhere)
        #expect(vetoed.score == -.infinity)
        #expect(vetoed.rules.map(\.0) == ["place"])
    }

    /// One vacancy's copies go up within days: a copy a week or more later loses points.
    @Test(arguments: [("2026-11-05", 0.0), ("2026-11-09", 0.0), ("2026-11-12", -2.5), ("2026-11-24", -3.5)])
    func copiesWeeksApartScoreLess(_ posted: String, _ change: Double) {
        var copy = DedupSamples.agencyCE
        copy.datePosted = posted
        let base = testDeduplicator.score(DedupSamples.employerCE, DedupSamples.agencyCE)
        #expect(testDeduplicator.score(DedupSamples.employerCE, copy) == base + change)
    }

    /// Pay stated only in the description counts as the pay: the starting rate against the range.
    @Test(arguments: [("€ 16,15 per uur", 0.0), ("", -2.5), ("€ 21,50 per uur", -4.5)])
    func payInTheDescription(_ pay: String, _ change: Double) {
        var agency = DedupSamples.agencyCE
        (agency.salaryMin, agency.salaryMax, agency.salaryPeriod) = (nil, nil, nil)
        agency.description = (agency.description ?? "") + (pay.isEmpty ? "" : " Wij bieden \(pay) en reiskosten.")
        let base = testDeduplicator.score(DedupSamples.employerCE, DedupSamples.agencyCE)
        #expect(testDeduplicator.score(DedupSamples.employerCE, agency) == base + change)
    }

    /// Two agencies that each state one rate in the text: the same rate is the same pay scale.
    @Test(arguments: [("€ 16,20 per uur", 2.5), ("€ 18,75 per uur", 0.0)])
    func twoStartingRates(_ pay: String, _ points: Double) {
        func textOnly(_ v: Vacancy, _ text: String) -> Vacancy {
            var v = v
            (v.salaryMin, v.salaryMax, v.salaryPeriod) = (nil, nil, nil)
            v.description = (v.description ?? "") + " Wij bieden \(text) en reiskosten."
            return v
        }
        var other = DedupSamples.agencyCE
        (other.source, other.sourceRecordId) = ("uitzend-b", "B-1")
        let rules = testDeduplicator.explain(textOnly(DedupSamples.agencyCE, "€ 16,20 per uur"), textOnly(other, pay)).rules
        #expect(rules.first { $0.0 == "salary" }?.1 == points)
    }

    @Test func datesAndSalaries() {
        #expect(FeatureExtractor.dayNumber("1970-01-02") == 1)
        #expect(FeatureExtractor.dayNumber("2026-11-02T10:00:00Z") == FeatureExtractor.dayNumber("2026-11-02"))
        #expect(FeatureExtractor.dayNumber("02-11-2026") == nil)
        #expect(FeatureExtractor.dayNumber("2026-13-01") == nil)
        #expect(Catalog.isoDate(Int(FeatureExtractor.dayNumber("2028-02-29")!)) == "2028-02-29")
        #expect(abs(FeatureExtractor.monthly(16, period: "hour") - 2773.28) < 0.01)
        #expect(FeatureExtractor.monthly(36_000, period: nil) == 3000)
    }
}
