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

    // MARK: pay per hour and per month at the job's hours

    /// An agency's hourly rate against werk.nl's monthly wage for the same part-time job: € 14,75 - € 15,55 an hour at
    /// 24 hours a week is € 1.534 - € 1.617 a month, stated in 25s as € 1.525 - € 1.625. The agency hides the client and
    /// rewrites the text, so the pay is what singles the job out. Another employer's wage, or a wage that matches only at
    /// the lower end of the agency's hours, is another job.
    static let payAtHoursPairs: [DedupScoringTests.PairCase] = {
        func agency(hours: (Double, Double)) -> Vacancy {
            makeVacancy("uitzend", "nwu-1", publisher: .agency, title: "Medewerker housekeeping", isco: "9112", occupation: "schoonmaker",
                        employer: "Een sfeervol hotel in de regio Sneek", place: "Sneek", posted: "2026-11-08", hours: hours,
                        salary: (14.75, 15.55, "hour"),
                        description: "Ben jij de medewerker housekeeping die wij zoeken? Onze opdrachtgever, een sfeervol hotel, heeft plek voor jou. Je maakt hotelkamers schoon en wisselt het linnengoed.")
        }
        func uwv(_ pay: (Double, Double)) -> Vacancy {
            makeVacancy("uwv", "151815563", publisher: .publicEmploymentService, title: "Housekeeping medewerker", isco: "9112",
                        occupation: "schoonmaker", employer: "Hotel De Skûtsje Exploitatie B.V.", place: "Sneek", postcode: "8606 MZ",
                        posted: "2026-11-12", salary: (pay.0, pay.1, "month"),
                        description: "Gevraagd: housekeeping medewerker. Werkzaamheden: hotelkamers schoonmaken en opmaken en het sanitair reinigen.")
        }
        return [
            .init(name: "the hourly rate at 24 hours, in 25s", a: agency(hours: (16, 24)), b: uwv((1525, 1625)), same: true),
            .init(name: "another wage", a: agency(hours: (16, 24)), b: uwv((1600, 1700)), same: false),
            .init(name: "the rate at the lower end of the hours only", a: agency(hours: (24, 32)), b: uwv((1525, 1625)), same: false),
        ]
    }()

    @Test(arguments: payAtHoursPairs)
    func payAtHoursPair(_ pair: DedupScoringTests.PairCase) {
        #expect(testDeduplicator.links(pair.a, pair.b) == pair.same, "score \(testDeduplicator.score(pair.a, pair.b))")
        #expect(testDeduplicator.links(pair.b, pair.a) == pair.same)
    }

    /// The monthly figure's precision: whole 25s are rounded to 25, whole 10s to 10, other figures to the euro (and the
    /// rate to the cent). 40 hours is the full-time scale comparison's (173.33 hours a month), not this rule's.
    @Test(arguments: [
        (14.75, 15.55, 24.0, 1525.0, 1625.0, true),
        (14.75, 15.55, 24.0, 1530.0, 1620.0, true),
        (14.75, 15.55, 24.0, 1540.0, 1620.0, false),
        (14.75, 15.55, 24.0, 1534.0, 1617.0, true),
        (14.75, 15.55, 24.0, 1536.0, 1617.0, false),
        (15.85, 17.80, 36.0, 2475.0, 2775.0, true),
        (15.85, 17.80, 40.0, 2750.0, 3075.0, false),
    ])
    func payAtHours(low: Double, high: Double, hours: Double, monthLow: Double, monthHigh: Double, same: Bool) {
        let extractor = FeatureExtractor(hashCount: 16)
        let hourly = extractor.features(of: makeVacancy("uitzend", "a", publisher: .agency, title: "Kok", hours: (hours, hours),
                                                         salary: (low, high, "hour")))
        let monthly = extractor.features(of: makeVacancy("uwv", "b", publisher: .publicEmploymentService, title: "Kok",
                                                          salary: (monthLow, monthHigh, "month")))
        #expect(FeaturesRef.with(hourly, monthly) { PairScorer.payAtHours($0, $1) } == same)
        #expect(FeaturesRef.with(monthly, hourly) { PairScorer.payAtHours($0, $1) } == same)
    }

    // MARK: one trade in two words

    /// Two trusted names that share their one proper word: one employer's legal and trading names when their trades
    /// name one sector in other words (no points either way); two employers when the sectors differ too (-8).
    @Test(arguments: [
        ("Stichting Ouderenzorg De Skûtsje", "Woonzorgcentrum De Skûtsje", 0.0),
        ("J. Greving Transport B.V.", "Greving Logistiek", 0.0),
        ("Woonstichting Hanzeboog", "Stichting Hanzeboog Wonen", 0.0),
        ("Meerwijk Schoonmaak", "Meerwijk Facilitaire Diensten B.V.", 0.0),
        ("Stichting Regionaal Opleidingscentrum Ooievaarsnest", "Ooievaarsnest College", 0.0),
        ("Jansen Transport B.V.", "Jansen Bouw", -8.0),
        ("Hotel De Vries", "Transport De Vries", -8.0),
        ("Kinderopvang Zilverreiger", "Zilverreiger Schoonmaak", -8.0),
    ])
    func tradeSectors(a: String, b: String, points: Double) {
        func features(_ name: String) -> RecordFeatures {
            var f = RecordFeatures()
            f.employer(FeatureExtractor.EmployerKeys(name))
            f.employerTrusted = true
            return f
        }
        #expect(PairScorer(settings: DedupeSettings()).employer(features(a), features(b)) == points)
        #expect(PairScorer(settings: DedupeSettings()).employer(features(b), features(a)) == points)
    }

    // MARK: two addresses in one town

    /// An agency's copy gives the workplace's 4-digit postcode: the employer's, or another address in the same town
    /// (another branch). With the pay and the hours the same and the titles reworded, the postcode decides.
    static let postcodePairs: [DedupScoringTests.PairCase] = {
        let employer = makeVacancy("werkgevers", "tdc-1", title: "Klantenservice medewerker", isco: "4222", occupation: "klantenservice",
                                   employer: "Twentse Distributie Centrale", place: "Enschede", postcode: "7544 XM", posted: "2026-11-11",
                                   hours: (16, 24), salary: (2650, 2900, "month"),
                                   description: "Wil jij werken bij Twentse Distributie Centrale? Wij zoeken per direct een enthousiaste klantenservicemedewerker. Je beantwoordt vragen van klanten.")
        func agency(_ postcode: String) -> Vacancy {
            makeVacancy("uitzend", "wp-\(postcode)", publisher: .agency, title: "Medewerker klantenservice", isco: "4222",
                        occupation: "klantenservice", place: "Enschede", postcode: postcode, posted: "2026-11-12", hours: (16, 24),
                        salary: (15.25, 16.75, "hour"),
                        description: "Voor onze opdrachtgever, een logistieke dienstverlener, zoeken wij een klantenservicemedewerker. Je lost klachten zelf op.")
        }
        return [
            .init(name: "the workplace's postcode", a: employer, b: agency("7544"), same: true),
            .init(name: "another postcode in the town", a: employer, b: agency("7521"), same: false),
        ]
    }()

    @Test(arguments: postcodePairs)
    func postcodePair(_ pair: DedupScoringTests.PairCase) {
        #expect(testDeduplicator.links(pair.a, pair.b) == pair.same, "score \(testDeduplicator.score(pair.a, pair.b))")
        #expect(testDeduplicator.links(pair.b, pair.a) == pair.same)
    }

    // MARK: names of one job

    /// The job a text names in plain words, whatever its title says.
    @Test(arguments: [
        ("Ben jij de glazenwasser die wij zoeken? Voor een toonaangevende klant in de regio zijn wij op zoek naar versterking.",
         "glazenwasser"),
        ("Wil jij werken bij CleanWorks Facility in Vlaardingen? Wij zoeken per direct een enthousiaste glazenwasser.", "glazenwasser"),
        ("Gevraagd: medewerker orderpick in de gemeente Súdwest-Fryslân, bij Hanzeboog Warehousing B.V.", "medewerker orderpick"),
        ("Stellingwerf Speelgoed in Wolvega zoekt een heftruckchauffeur. Wij zijn een groothandel.", "heftruckchauffeur"),
        ("Onze opdrachtgever, een transportbedrijf in Joure, heeft plek voor een magazijnmedewerker met heftruckcertificaat.",
         "magazijnmedewerker"),
        ("Voor een toonaangevende klant in de regio Rijnmond zijn wij op zoek naar versterking. Je werkt in de dagploeg.", ""),
        ("Je werkt in een team van tien collega's en rijdt elke dag naar klanten.", ""),
    ])
    func namedJob(text: String, job: String) {
        let expected = job.isEmpty ? 0 : FeatureExtractor.TitleKeys.key(of: job)
        #expect(TextEvidence.namedJob(text) == expected)
    }

    /// The job's own words in titles: before a unit, without generic role words.
    @Test(arguments: [
        ("Heftruckchauffeur", "Medewerker magazijn heftruck", true),
        ("Orderpicker", "Logistiek medewerker orderpicking", true),
        ("Magazijnmedewerker", "Heftruckchauffeur", false),
        ("Logistiek medewerker", "Medewerker productie", false),
        ("Zorgmedewerker helpende / locatie Sint-Pieter", "Kok à la carte ontbijtdienst / locatie Sint-Pieter", false),
        ("Schoonmaakmedewerker object ziekenhuis", "Verpleegkundige object ziekenhuis", false),
    ])
    func titleStems(a: String, b: String, shared: Bool) {
        let (x, y) = (FeatureExtractor.TitleKeys.stems(a), FeatureExtractor.TitleKeys.stems(b))
        #expect((x.intersectionCount(y) > 0) == shared)
    }

    /// Two titles coded to different unit groups count -3 against one job; names of one job (a shared word of the job's
    /// own, or texts naming the same job) only -1.
    @Test(arguments: [
        ("Gevelreiniger", "7133", "Ben jij de glazenwasser die wij zoeken?", "Allround glazenwasser", "9123",
         "Wij zoeken per direct een enthousiaste glazenwasser.", -1.0),
        ("Medewerker magazijn heftruck", "4321", "Je rijdt op een heftruck.", "Heftruckchauffeur", "8344", "Je laadt vrachtwagens.", -1.0),
        ("Gevelreiniger", "7133", "Ben jij de gevelreiniger die wij zoeken?", "Allround glazenwasser", "9123",
         "Wij zoeken per direct een enthousiaste glazenwasser.", -3.0),
        ("Magazijnmedewerker", "4321", "Wij zoeken een magazijnmedewerker.", "Heftruckchauffeur", "8344",
         "Wij zoeken een heftruckchauffeur.", -3.0),
    ])
    func namesOfOneJob(title: String, isco: String, text: String, otherTitle: String, otherIsco: String, otherText: String,
                       points: Double) {
        let a = makeVacancy("uitzend", "a", publisher: .agency, title: title, isco: isco, occupation: title.lowercased(),
                            place: "Vlaardingen", description: text)
        let b = makeVacancy("werkgevers", "b", title: otherTitle, isco: otherIsco, occupation: otherTitle.lowercased(),
                            employer: "CleanWorks Facility", place: "Vlaardingen", description: otherText)
        let rules = testDeduplicator.explain(a, b).rules
        #expect(rules.first { $0.0 == "occupation" }?.1 == points)
    }

    // MARK: an agency's name on a job board

    /// A job board's or werk.nl's posting under a name that an agency's own feed in the night's data has as its site is
    /// the agency's copy: the name is no employer's. A name of which only the first word is a site's ("Werkpunt Metaal")
    /// is another firm's, and without an agency's feed nothing says a name is an agency's.
    @Test(arguments: [
        ("https://www.horecainzet.nl/vacature/hi-1", "Horeca Inzet", true),
        ("https://www.maasrijn.nl/vacature/mr-1", "Maas & Rijn Personeelsdiensten", true),
        ("https://www.zorgflex.nl/vacature/zf-1", "ZorgFlex", true),
        ("https://www.werkpunt.nl/vacature/wp-1", "Werkpunt Metaal", false),
        ("https://www.horecainzet.nl/vacature/hi-1", "Hotel Mosa Centrum", false),
        ("", "Horeca Inzet", false),
    ])
    func agencyByName(site: String, employer: String, agency: Bool) {
        let extractor = FeatureExtractor(hashCount: 16)
        var features = [extractor.features(of: makeVacancy("jobboard", "j-1", publisher: .jobBoard, title: "Glazenwasser",
                                                            employer: employer))]
        if !site.isEmpty {
            features.append(extractor.features(of: makeVacancy("uitzend", "a-1", publisher: .agency, title: "Glazenwasser", url: site)))
        }
        Deduplicator.markTrustedEmployers(&features)
        #expect(features[0].agencyByName == agency)
        #expect(features[0].employerTrusted == !agency)
    }

    /// The agency's ad hiding its client, the job board's copy of it under the agency's name, and the employer's own ad:
    /// one vacancy. The agency's name counted as a second employer's (-8) against the employer's ad, and the cluster
    /// could not take all three.
    @Test func agencyCopyOnAJobBoard() {
        let text = "Ben jij de glazenwasser die wij zoeken? Voor een toonaangevende klant in de regio Rijnmond zijn wij op zoek naar versterking. Je werkt met een hoogwerker en telescopische stokken. Je reinigt ramen en gevels van kantoren en woningen."
        let agency = makeVacancy("uitzend", "HI-875966", publisher: .agency, title: "Glazenwasser", isco: "9123", occupation: "glazenwasser",
                                 place: "Vlaardingen", postcode: "3134", posted: "2026-11-30", hours: (40, 40), salary: (14.75, 16.25, "hour"),
                                 description: text, url: "https://www.horecainzet.nl/vacature/hi-875966")
        var copy = agency
        (copy.source, copy.sourceRecordId, copy.publisher, copy.employer, copy.url) = ("jobboard", "445572071", .jobBoard, "Horeca Inzet", nil)
        let employer = makeVacancy("werkgevers", "CLEA-34361", title: "Allround glazenwasser", isco: "9123", occupation: "glazenwasser",
                                   employer: "CleanWorks Facility", place: "Vlaardingen", postcode: "3134 MD", posted: "2026-11-28",
                                   hours: (40, 40), salary: (2550, 2800, "month"),
                                   description: "Wil jij werken bij CleanWorks Facility in Vlaardingen? Wij zoeken per direct een enthousiaste glazenwasser. Je reinigt ramen en gevels.")
        let clusters = membership(testDeduplicator.cluster([agency, copy, employer]))
        #expect(clusters.count == 1, "\(clusters)")
    }

    // MARK: registered names

    /// werk.nl and the municipalities' employer desk (WSP) name employers as registered: a school board's "Stichting
    /// Klaverveld Onderwijs" for the school's "CBS Meerwijk", a "B.V." for a trading name. Against a name without a legal
    /// form that is no evidence of two employers; the same two names from a job board and an employer are two (-8).
    @Test(arguments: [
        (PublisherKind.municipality, "Stichting Klaverveld Onderwijs", "CBS Meerwijk", 0.0),
        (PublisherKind.publicEmploymentService, "Stichting Klaverveld Onderwijs", "CBS Meerwijk", 0.0),
        (PublisherKind.jobBoard, "Stichting Klaverveld Onderwijs", "CBS Meerwijk", -8.0),
        (PublisherKind.municipality, "Klaverveld Onderwijs", "CBS Meerwijk", -8.0),
    ])
    func registeredNames(publisher: PublisherKind, registered: String, trading: String, points: Double) {
        let extractor = FeatureExtractor(hashCount: 16)
        var features = [extractor.features(of: makeVacancy("wsp", "w-1", publisher: publisher, title: "Onderwijsassistent",
                                                            employer: registered)),
                        extractor.features(of: makeVacancy("werkgevers", "e-1", title: "Klassenassistent", employer: trading))]
        Deduplicator.markTrustedEmployers(&features)
        #expect(PairScorer(settings: DedupeSettings()).employer(features[0], features[1]) == points)
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
