import Testing
@testable import Deduplication
import KaartenbakCore

/// The rules that tell one vacancy's copies from alike vacancies by what the ads state: licence class and route
/// scope, the shift or unit of a further opening, and a legal name that abbreviates the trading name.
@Suite struct DedupRulesTests {
    @Test(arguments: [
        ("Chauffeur CE internationaal", nil, DrivingScope.licenceCE, DrivingScope.international),
        ("Chauffeur bakwagen C", "Je rijdt regionale ritten en bent elke avond thuis.", DrivingScope.licenceC, DrivingScope.domestic),
        ("Vrachtwagenchauffeur", "Je hebt rijbewijs C+E en rijdt naar Spanje en Italië.", DrivingScope.licenceCE, DrivingScope.international),
        ("Pakketbezorger B", "Je bezorgt pakketten in de wijk.", DrivingScope.licenceB, DrivingScope.domestic),
        ("Chauffeur", "Een internationaal bedrijf; ons distributiecentrum in een regionaal familiebedrijf.", UInt8(0), UInt8(0)),
        ("Administratief medewerker", "Rijbewijs B en ervaring met internationaal transport.", UInt8(0), UInt8(0)),
    ] as [(String, String?, UInt8, UInt8)])
    func drivingScope(title: String, description: String?, licences: UInt8, routes: UInt8) {
        #expect(DrivingScope.of(title: title, description: description) == DrivingScope(licences: licences, routes: routes))
    }

    /// The opening of a description is read as `String(decoding: utf8.prefix(n))` would give it, a character cut at
    /// the limit becoming one U+FFFD, without making that String.
    @Test(arguments: [0, 1, 2, 3, 4])
    func openingCutsLikeStringDecoding(shift: Int) {
        // "é" (2 bytes) and "€" (3 bytes) straddle the limit at every offset.
        let description = String(repeating: "a", count: DrivingScope.scannedBytes - 4 + shift) + "é€ é€ rest"
        let expected = Array(String(decoding: description.utf8.prefix(DrivingScope.scannedBytes), as: UTF8.self).utf8)
        #expect(DrivingScope.withOpening(of: description) { Array($0) } == expected)
    }

    /// Route phrases anywhere in the opening count, also as its last bytes; past the opening they do not.
    @Test(arguments: [
        ("Je rijdt naar Zweden", DrivingScope.international),
        ("Dagritten, dus elke avond thuis", DrivingScope.domestic),
        (String(repeating: "x", count: DrivingScope.scannedBytes - 6) + "europa", DrivingScope.international),
        (String(repeating: "x", count: DrivingScope.scannedBytes - 5) + "europa", UInt8(0)),
        ("Spanje of binnenlands", DrivingScope.international | DrivingScope.domestic),
    ] as [(String, UInt8)])
    func routePhrases(description: String, routes: UInt8) {
        #expect(DrivingScope.of(title: "Chauffeur", description: description).routes == routes)
    }

    @Test(arguments: [
        (DrivingScope(licences: DrivingScope.licenceCE), DrivingScope(licences: DrivingScope.licenceC), true),
        (DrivingScope(licences: DrivingScope.licenceCE), DrivingScope(licences: DrivingScope.licenceC | DrivingScope.licenceCE), false),
        (DrivingScope(routes: DrivingScope.international), DrivingScope(routes: DrivingScope.domestic), true),
        (DrivingScope(routes: DrivingScope.international), DrivingScope(routes: DrivingScope.international | DrivingScope.domestic), false),
        (DrivingScope(), DrivingScope(licences: DrivingScope.licenceC, routes: DrivingScope.domestic), false),
    ])
    func drivingContradictions(a: DrivingScope, b: DrivingScope, contradict: Bool) {
        #expect(a.contradicts(b) == contradict)
        #expect(b.contradicts(a) == contradict)
    }

    @Test(arguments: [
        ("Verpleegkundige nachtdienst", "Verpleegkundige", "Je werkt in de avonddienst op afdeling B.", true),
        ("Verpleegkundige nachtdienst", "Verpleegkundige", "Je werkt vooral in de nachtdienst.", false),
        ("Verpleegkundige nachtdienst", "Verpleegkundige", "Je werkt ook weleens avonden.", false),
        ("Klantenservice medewerker team Inkoop", "Medewerker klantenservice", "Je komt in team Verkoop.", true),
        ("Klantenservice medewerker team Inkoop", "Medewerker klantenservice", "Ons team bestaat uit 12 collega's.", false),
        ("Helpende - locatie Zonnehuis", "Helpende wijkzorg - locatie Zonnehuis", nil, false),
        ("Vakkenvuller zaterdagen", "Vakkenvuller avondploeg", nil, true),
        // A cleaner's site is a unit; an on-call rota is a shift of its own, as is night distribution.
        ("Glazenwasser object ziekenhuis", "Glazenwasser met hoogwerker object kantoorpand", nil, true),
        ("Glazenwasser object ziekenhuis", "Glazenwasser", "Je komt te werken in het object ziekenhuis.", false),
        ("APK-monteur storingsdienst", "Automonteur dagdienst", nil, true),
        ("Bakwagenchauffeur C nachtdistributie", "Chauffeur C regionaal dagdienst", nil, true),
        ("Bakwagenchauffeur C nachtdistributie", "Chauffeur C regionaal", "Deze vacature is voor de nachtdistributie.", false),
        // The rota, the on-call rota and a temporary opening are read from titles only: most mechanics' texts say
        // "Je draait mee in de storingsdienst".
        ("Monteur dagdienst", "Onderhoudsmonteur", "Je draait mee in de storingsdienst.", false),
    ] as [(String, String, String?, Bool)])
    func openings(title: String, otherTitle: String, otherDescription: String?, contradict: Bool) {
        let mine = OpeningQualifiers.of(title: title, description: nil)
        let theirs = OpeningQualifiers.of(title: otherTitle, description: otherDescription)
        #expect(OpeningQualifiers.contradict(title: mine.title.packed, text: theirs.text.packed) == contradict)
    }

    /// A title's shift or unit that its own text speaks of, against a full posting that never mentions it (a shift in
    /// any form, a unit's name after a marker): the other opening. One only the title names, or the text names only in
    /// repeating the title, says nothing; nor does the day shift.
    @Test(arguments: [
        ("shift", "Medewerker schoonmaak avondploeg", "Je werkt in de avondploeg, van 18.00 tot 22.00 uur.",
         "Schoonmaakmedewerker m/v/x", "Je maakt kantoren schoon in Amstelveen. Je werkt in een hecht team.", true),
        ("shift", "Medewerker schoonmaak avondploeg", "Je werkt in de avondploeg, van 18.00 tot 22.00 uur.",
         "Schoonmaakmedewerker m/v/x", "Je maakt 's avonds kantoren schoon in Amstelveen.", false),
        ("shift", "Medewerker schoonmaak avondploeg", "Je werkt in de avondploeg, van 18.00 tot 22.00 uur.",
         "Schoonmaker avondploeg", "Je maakt kantoren schoon in Amstelveen.", false),
        ("shift", "Taxichauffeur nachtdienst", "Voor onze opdrachtgever zoeken wij een taxichauffeur nachtdienst. Je rijdt leerlingen.",
         "Taxichauffeur (m/v)", "In de ochtend rijd je leerlingenvervoer.", false),
        ("shift", "Taxichauffeur nachtdienst en weekenden", "Je rijdt in de nachtdienst, vooral in het weekend.",
         "Taxichauffeur (m/v)", "Je rijdt zaterdagochtend en doordeweeks leerlingen.", false),
        ("shift", "Taxichauffeur nachtdienst", "Je rijdt in de nachtdienst, vooral in het weekend.",
         "Taxichauffeur (m/v)", "Je rijdt zaterdagochtend en doordeweeks leerlingen.", true),
        ("shift", "Taxichauffeur nachtdienst", nil, "Taxichauffeur (m/v)", "In de ochtend rijd je leerlingenvervoer.", false),
        ("shift", "Logistiek medewerker dagdienst", "Je werkt in de dagdienst.", "Logistiek medewerker", "Je pakt orders in.", false),
        ("unit", "Backoffice medewerker team Particulier", "Je komt in team Particulier en beantwoordt vragen van inwoners.",
         "Backoffice medewerker (m/v)", "Je beantwoordt vragen van inwoners en ondernemers.", true),
        ("unit", "Backoffice medewerker team Particulier", "Je komt in team Particulier en beantwoordt vragen van inwoners.",
         "Backoffice medewerker (m/v)", "Je werkt in het team particulier en beantwoordt vragen van inwoners.", false),
        ("unit", "Backoffice medewerker team Particulier", "Je komt in team Particulier en beantwoordt vragen van inwoners.",
         "Backoffice medewerker team Particulier", "Je beantwoordt vragen van inwoners.", false),
        ("unit", "Backoffice medewerker team Particulier", "Wij zoeken een backoffice medewerker team Particulier in Enschede.",
         "Backoffice medewerker (m/v)", "Je beantwoordt vragen van inwoners en ondernemers.", false),
        ("unit", "Backoffice medewerker team Particulier", nil,
         "Backoffice medewerker (m/v)", "Je beantwoordt vragen van inwoners en ondernemers.", false),
        ("unit", "Verzorgende IG wijkteam Noord", "In wijkteam Noord werk je met twaalf collega's.",
         "Verzorgende IG", "Je komt in wijkteam Zuid.", true),
        ("unit", "Schoonmaakmedewerker object ziekenhuis", "Je komt te werken in het object ziekenhuis.",
         "Schoonmaakmedewerker", "Je maakt kantoren, sanitair en kantines schoon.", true),
        // Night distribution, the on-call rota, a rota of shifts, a season's work: each names an opening of its own.
        ("shift", "Chauffeur C regionaal nachtdistributie", "Deze vacature is voor de nachtdistributie.",
         "Chauffeur C regionaal", "Je belevert winkels in de regio met een bakwagen. Je bent iedere avond thuis.", true),
        ("shift", "APK-monteur storingsdienst", "Deze vacature is voor de storingsdienst.",
         "Automonteur", "Je voert onderhoud, reparaties en APK-keuringen uit.", true),
        ("shift", "APK-monteur storingsdienst", "Deze vacature is voor de storingsdienst.",
         "Automonteur", "Je voert onderhoud uit en je draait mee in de storingsdienst.", false),
        ("shift", "Monteur technische dienst tweeploegendienst", "Je werkt in twee ploegen, vroeg en laat.",
         "Monteur technische dienst", "Je onderhoudt de productielijnen.", true),
        ("shift", "Hovenier seizoenswerk", "Deze vacature is voor het seizoenswerk.",
         "Hovenier onderhoud", "Je onderhoudt de tuinen van particulieren en bedrijven.", true),
        ("shift", "Hovenier seizoenswerk", "Deze vacature is voor het seizoenswerk.",
         "Hovenier", "Je helpt ons in het drukke seizoen.", false),
        ("shift", "Kok ontbijtdienst", "Deze vacature is voor de ontbijtdienst.", "Kok", "Je bereidt de lunch en het diner.", true),
        // Nights away from home are an international driver's trips, not the night shift.
        ("shift", "Truckchauffeur nachtdistributie", "Je rijdt naar Duitsland en bent enkele nachten per week van huis.",
         "Chauffeur CE", "Je vervoert koel- en vriesproducten naar distributiecentra.", false),
        ("shift", "Truckchauffeur nachtdistributie", "Je rijdt 's nachts naar de winkels; overnachten in de cabine hoort erbij.",
         "Chauffeur CE", "Je vervoert koel- en vriesproducten naar distributiecentra.", true),
    ] as [(String, String, String?, String, String, Bool)])
    func unmentionedQualifier(kind: String, title: String, description: String?, otherTitle: String, otherDescription: String,
                              other: Bool) {
        let mine = OpeningQualifiers.of(title: title, description: description)
        let theirs = OpeningQualifiers.of(title: otherTitle, description: otherDescription)
        let unmentioned = kind == "shift"
            ? OpeningQualifiers.unmentioned(title: mine.title.packed, text: theirs.text.packed)
            : OpeningQualifiers.unitUnmentioned(title: mine.title.packed, mentions: theirs.text.unitMentions)
        #expect(unmentioned == other)
    }

    @Test(arguments: [
        ("TDC Twente B.V.", "Twentse Distributie Centrum", true),
        ("LCD Logistiek Zuid B.V.", "Limburg Cross-Dock", true),
        ("Jansen Bouw", "Janssen Installatie Techniek", false),
        ("AH", "Albert Heijn", false),
    ])
    func abbreviations(a: String, b: String, same: Bool) {
        let (x, y) = (FeatureExtractor.EmployerKeys(a), FeatureExtractor.EmployerKeys(b))
        #expect(FeatureExtractor.EmployerKeys.abbreviates(x.abbreviation, y.abbreviation) == same)
    }

    /// A name with a legal form is told apart from one without.
    @Test(arguments: [("Tiemersma Horeca B.V.", true), ("Restaurant Tjongervallei", false), ("Stichting Vechtstroom Onderwijs", true),
                      ("Hotel Hunzeweide Exploitatie", true), ("Bakkerij De Vries", false)])
    func legalForms(name: String, legal: Bool) {
        #expect(FeatureExtractor.EmployerKeys(name).legalForm == legal)
    }

    /// A legal and a trading name of one employer share two name words; articles do not count.
    @Test(arguments: [
        ("Woonstichting Het Oude Dok", "Stichting Het Oude Dok Wonen", true),
        ("Fries Veem Supermarkten B.V.", "Buurtsuper Fries Veem", true),
        ("Bakkerij De Vries", "Transport De Vries", false),
        ("Zorggroep De Linde", "Zorggroep Het Baken", false),
    ])
    func twoNameWords(a: String, b: String, same: Bool) {
        let (x, y) = (FeatureExtractor.EmployerKeys(a), FeatureExtractor.EmployerKeys(b))
        #expect((x.nameWords.intersectionCount(y.nameWords) >= 2) == same)
    }


    /// Two trusted employer names that share one word: a legal and a trading name of one employer when the word is
    /// the name and the trades agree, or their sectors (`DedupEvidenceTests.tradeSectors`), or one is unstated (no points
    /// either way); two employers when the shared word is the trade, or the trades differ (-8, as for any two names).
    @Test(arguments: [
        ("Feenstra Transport en Logistiek B.V.", "Transportbedrijf Feenstra", 0.0),
        ("Ijsselkade Security Services B.V.", "Ijsselkade Beveiliging", 0.0), // security, in English and in Dutch
        ("Greving Handelsonderneming B.V.", "Greving Horecabenodigdheden", 0.0),
        ("Kok Transport", "Transport Hoekstra Meppel", -8.0),
        ("Jansen Transport B.V.", "Jansen Bouw", -8.0),
        ("Bakkerij De Vries", "Transport De Vries", -8.0),
        ("Albert Heijn", "Jumbo", -8.0),
    ])
    func oneSharedNameWord(a: String, b: String, points: Double) {
        func features(_ name: String) -> RecordFeatures {
            var f = RecordFeatures()
            f.employer(FeatureExtractor.EmployerKeys(name))
            f.employerTrusted = true
            return f
        }
        #expect(PairScorer(settings: DedupeSettings()).employer(features(a), features(b)) == points)
    }

    /// An agency's own feed is known by its site, a copy under the agency's name by the starts of that name.
    @Test(arguments: [
        ("https://www.werkpunt.nl/vacatures/wp-1", "Werkpunt Uitzendgroep B.V.", true),
        ("https://www.maasrijn.nl/v/2", "Maas en Rijn Uitzendgroep B.V.", true),
        ("http://uitzendkamer.nl", "De Uitzendkamer", true),
        ("https://www.horecainzet.nl/x", "Horeca Inzet Uitzendbureau", true),
        ("https://www.werkpunt.nl/vacatures/wp-1", "Flexkracht Uitzendbureau", false),
        ("https://www.werkpunt.nl/vacatures/wp-1", "Werkpunt Metaal", false), // not a staffing firm's name
        ("werkpunt", "Werkpunt Uitzendgroep", false), // no site name in it
    ])
    func sameAgency(url: String, employer: String, same: Bool) {
        var feed = RecordFeatures(), copy = RecordFeatures()
        feed.isAgency = true
        if let site = FeatureExtractor.siteName(url) { feed.agencySite = WordSet4([UInt32(truncatingIfNeeded: TextKeys.fnv1a(site))]) }
        copy.employer(FeatureExtractor.EmployerKeys(employer))
        let found = FeaturesRef.with(feed, copy) { PairScorer.sameAgency($0, $1) }
        #expect(found == same)
    }

    /// An agency that hides its client and states the employer's monthly scale per hour rounded to the quarter
    /// (€ 2.550 - € 2.700 a month: € 14,71 - € 15,58 an hour, stated € 14,75 - € 15,50) has the same scale: specific
    /// evidence that links its copy. A rate not in quarters is compared as before (within 0.3%), and a scale half a
    /// quarter or more away is another employer's.
    static let quarterPayCases: [DedupScoringTests.PairCase] = {
        let employer = makeVacancy("werkgevers", "rijn-1", title: "Koerier rijbewijs B", isco: "8322", occupation: "pakketbezorger",
                                   employer: "Rijnmond Expeditie", place: "Rotterdam", postcode: "3062 MA", posted: "2026-11-25",
                                   hours: (40, 40), salary: (2550, 2700, "month"),
                                   description: "Rijnmond Expeditie is een transportbedrijf met zo'n 600 medewerkers. Je bezorgt dagelijks pakketten met een elektrische bestelbus.")
        func agency(_ id: String, _ low: Double, _ high: Double) -> Vacancy {
            makeVacancy("uitzend", id, publisher: .agency, title: "Pakketbezorger rijbewijs B", isco: "8322",
                        occupation: "pakketbezorger", place: "Rotterdam", postcode: "3062", posted: "2026-11-29", hours: (40, 40),
                        salary: (low, high, "hour"),
                        description: "Voor onze opdrachtgever, een toonaangevende klant in de regio Rijnmond, zoeken wij een pakketbezorger. Je rijdt een vaste wijk.")
        }
        return [
            .init(name: "quarters of the same scale", a: employer, b: agency("wp-1", 14.75, 15.5), same: true),
            .init(name: "the same scale, not in quarters, within 2% only", a: employer, b: agency("wp-2", 14.8, 15.5), same: false),
            .init(name: "quarters of another scale", a: employer, b: agency("wp-3", 15.25, 16.0), same: false),
        ]
    }()

    @Test(arguments: quarterPayCases)
    func quarterPay(_ pair: DedupScoringTests.PairCase) {
        #expect(testDeduplicator.links(pair.a, pair.b) == pair.same, "score \(testDeduplicator.score(pair.a, pair.b))")
        #expect(testDeduplicator.links(pair.b, pair.a) == pair.same)
    }

    /// A unit one title names that the other ad names too, where neither title names a unit the other leaves out:
    /// among postings of one occupation, a shared specific fact (an agency hiding its client still says "je komt te
    /// werken in het team Particulier").
    @Test(arguments: [
        ("Medewerker klantenservice team Particulier", "Je komt te werken in het team Particulier.", true),
        ("Medewerker klantenservice team Particulier", "Je beantwoordt vragen van klanten.", false),
        ("Medewerker klantenservice team Particulier - locatie Noord", "Je komt te werken in het team Particulier.", false),
        ("Medewerker klantenservice", "Je komt te werken in het team Particulier.", false),
    ])
    func sharedUnit(title: String, otherDescription: String, shared: Bool) {
        let mine = OpeningQualifiers.of(title: title, description: nil)
        let theirs = OpeningQualifiers.of(title: "Klantenservice medewerker", description: otherDescription)
        #expect(OpeningQualifiers.sharedUnit(title: mine.title.packed, mentions: mine.text.unitMentions,
                                             otherTitle: theirs.title.packed, otherMentions: theirs.text.unitMentions) == shared)
    }

    static let unitPairCases: [DedupScoringTests.PairCase] = {
        func employer(_ title: String, isco: String = "4222", occupation: String = "klantenservicemedewerker") -> Vacancy {
            makeVacancy("werkgevers", "heuv-1", title: title, isco: isco, occupation: occupation,
                        employer: "Heuvelland Verzekeringen", place: "Heerlen", postcode: "6411 AB", posted: "2026-11-18",
                        hours: (32, 40), salary: (2850, 3100, "month"),
                        description: "Heuvelland Verzekeringen zoekt een klantenservicemedewerker voor de afdeling schade. Je beantwoordt vragen van klanten.")
        }
        // Its rate, € 16,20 - € 17,70 an hour, is within 2% of the scale but not 0.3% and not in quarters, and the texts
        // share no name (the unit is written in lower case): the unit is its only specific evidence.
        let agency = makeVacancy("uitzend", "ck-1", publisher: .agency, title: "Medewerker klantenservice",
                                 isco: "4222", occupation: "klantenservicemedewerker", place: "Heerlen", posted: "2026-11-21",
                                 hours: (32, 40), salary: (16.2, 17.7, "hour"),
                                 description: "Voor onze opdrachtgever in de regio Zuid-Limburg zoeken wij een klantenservicemedewerker. Je komt te werken in de afdeling schade.")
        return [
            .init(name: "the unit named on both sides", a: employer("Medewerker klantenservice afdeling schade"), b: agency, same: true),
            .init(name: "the employer's title names a second unit", a: employer("Medewerker klantenservice afdeling schade - locatie Noord"),
                  b: agency, same: false),
            .init(name: "another occupation in the same unit", a: employer("Medewerker schadeafhandeling afdeling schade", isco: "3315",
                                                                            occupation: "schadebehandelaar"), b: agency, same: false),
        ]
    }()

    /// An agency states hours from its client's range: a band that holds it ("32 - 40" for 36) or a value or band
    /// within it ("40 uur" for "36 - 40"). Two ranges that only overlap, or another employer's hours, still count against.
    @Test(arguments: [
        (PublisherKind.agency, 40.0, 40.0, 0.0), (.agency, 32, 40, 0), (.agency, 38, 40, 0), (.agency, 36, 40, 0.75),
        (.agency, 32, 36, -0.5), (.employer, 40, 40, -0.5), (.jobBoard, 38, 40, -0.5),
    ] as [(PublisherKind, Double, Double, Double)])
    func agencyHoursFromTheClientsRange(publisher: PublisherKind, min: Double, max: Double, points: Double) {
        let employer = makeVacancy("werkgevers", "w-1", title: "Administratief medewerker", isco: "4110", employer: "Smeets Installatietechniek",
                                   place: "Maastricht", hours: (36, 40))
        let copy = makeVacancy("uitzend", "mr-1", publisher: publisher, title: "Backoffice medewerker", isco: "4110",
                               place: "Maastricht", hours: (min, max))
        #expect(testDeduplicator.explain(employer, copy).rules.first { $0.0 == "hours" }?.1 == points)
        #expect(testDeduplicator.explain(copy, employer).rules.first { $0.0 == "hours" }?.1 == points)
    }

    /// Two agencies of one shared feed (their own sites) may recruit for one client's job: stating the same pay and
    /// hours, they are two publishers, not one source listing a job twice. One agency's two ads, other pay or hours, or
    /// two client descriptions that are not one employer's keep the source's ids trusted.
    @Test(arguments: [
        ("two agencies, one pay and hours", "https://www.flexkracht.nl/v/1", "https://www.werkpunt.nl/v/2", 40.0, 15.5, nil, nil, false),
        ("one agency's two ads", "https://www.flexkracht.nl/v/1", "https://www.flexkracht.nl/v/2", 40, 15.5, nil, nil, true),
        ("other pay", "https://www.flexkracht.nl/v/1", "https://www.werkpunt.nl/v/2", 40, 15.75, nil, nil, true),
        ("other hours", "https://www.flexkracht.nl/v/1", "https://www.werkpunt.nl/v/2", 36, 15.5, nil, nil, true),
        ("one names the client", "https://www.flexkracht.nl/v/1", "https://www.werkpunt.nl/v/2", 40, 15.5, "Brabant Fresh Logistics", nil, false),
        ("two workplaces", "https://www.flexkracht.nl/v/1", "https://www.werkpunt.nl/v/2", 40, 15.5, nil, nil, true),
        ("two client descriptions", "https://www.flexkracht.nl/v/1", "https://www.werkpunt.nl/v/2", 40, 15.5,
         "Logistiek dienstverlener Twente", "Groothandel vers Veghel", true),
    ] as [(String, String, String, Double, Double, String?, String?, Bool)])
    func twoAgenciesOfOneFeed(name: String, url: String, otherURL: String, hours: Double, pay: Double, client: String?,
                              otherClient: String?, vetoed: Bool) {
        let a = makeVacancy("uitzend", "FK-1", publisher: .agency, title: "Logistiek medewerker", isco: "4321", employer: client,
                            place: "Veghel", postcode: "5461", hours: (40, 40), salary: (15.5, 16.25, "hour"), url: url)
        let b = makeVacancy("uitzend", "WP-2", publisher: .agency, title: "Logistiek medewerker", isco: "4321", employer: otherClient,
                            place: "Veghel", postcode: name == "two workplaces" ? "5462" : nil, hours: (hours, hours),
                            salary: (pay, 16.25, "hour"), url: otherURL)
        #expect(testDeduplicator.explain(a, b).rules.contains { $0.0 == "same source" } == vetoed, "\(name)")
        #expect(testDeduplicator.explain(b, a).rules.contains { $0.0 == "same source" } == vetoed, "\(name)")
    }

    /// werk.nl and the employer desk list an employer's posting and, beside it, an agency's ad of the job under the
    /// agency's name: two publishers in one source, scored as any copy, when both titles name the same opening (the same
    /// shift or unit, or none). An agency's ad beside one of the employer's named further openings, two employers' or
    /// two agencies' postings, and one source of another kind keep the source's ids trusted.
    @Test(arguments: [
        ("werk.nl, agency beside employer", PublisherKind.publicEmploymentService, "Havenstad Logistiek B.V.", "Administratief medewerker",
         "Flexkracht Uitzendbureau B.V.", "Administratief medewerker", false),
        ("the employer desk, agency beside employer", .municipality, "Havenstad Logistiek", "Administratief medewerker",
         "Werkpunt Uitzendgroep", "Medewerker administratie", false),
        ("both name the night shift", .publicEmploymentService, "Brabant Fresh Logistics", "Magazijnmedewerker nachtdienst",
         "Flexkracht Uitzendbureau B.V.", "Magazijnmedewerker nachtdienst", false),
        ("the employer names a shift, the agency none", .publicEmploymentService, "Brabant Fresh Logistics",
         "Magazijnmedewerker nachtdienst", "Flexkracht Uitzendbureau B.V.", "Magazijnmedewerker", true),
        ("two shifts", .publicEmploymentService, "Brabant Fresh Logistics", "Magazijnmedewerker nachtdienst",
         "Flexkracht Uitzendbureau B.V.", "Magazijnmedewerker avonddienst", true),
        ("the employer names a unit, the agency none", .publicEmploymentService, "Amphia Ziekenhuis",
         "Verpleegkundige afdeling Cardiologie", "Zorgflex Uitzendbureau", "Verpleegkundige", true),
        ("two employers", .publicEmploymentService, "Havenstad Logistiek B.V.", "Administratief medewerker",
         "Smeets Installatietechniek B.V.", "Administratief medewerker", true),
        ("two agencies", .publicEmploymentService, "Werkpunt Uitzendgroep B.V.", "Administratief medewerker",
         "Flexkracht Uitzendbureau B.V.", "Administratief medewerker", true),
        ("an employer's own feed", .employer, "Havenstad Logistiek B.V.", "Administratief medewerker",
         "Flexkracht Uitzendbureau B.V.", "Administratief medewerker", true),
    ] as [(String, PublisherKind, String, String, String, String, Bool)])
    func agencyBesideEmployer(name: String, publisher: PublisherKind, employer: String, title: String, agency: String,
                              agencyTitle: String, vetoed: Bool) {
        let own = makeVacancy("werk.nl", "1", publisher: publisher, title: title, isco: "4110", employer: employer,
                              place: "Spijkenisse", hours: (24, 32))
        let agencys = makeVacancy("werk.nl", "2", publisher: publisher, title: agencyTitle, isco: "4110", employer: agency,
                                  place: "Spijkenisse", hours: (24, 32))
        #expect(testDeduplicator.explain(own, agencys).rules.contains { $0.0 == "same source" } == vetoed, "\(name)")
        #expect(testDeduplicator.explain(agencys, own).rules.contains { $0.0 == "same source" } == vetoed, "\(name)")
    }

    @Test(arguments: unitPairCases)
    func unitPair(_ pair: DedupScoringTests.PairCase) {
        #expect(testDeduplicator.links(pair.a, pair.b) == pair.same, "score \(testDeduplicator.score(pair.a, pair.b))")
        #expect(testDeduplicator.links(pair.b, pair.a) == pair.same)
    }

    /// A UWV copy names the municipality where the employer names the town: compatible places. Two towns of one
    /// municipality, or towns of two, stay different places.
    @Test(arguments: [("Emmeloord", "Noordoostpolder", true), ("Sneek", "Súdwest-Fryslân", true), ("Sneek", "Bolsward", false),
                      ("Emmeloord", "Sneek", false), ("Drachten", "Smallingerland", true)])
    func municipalityContainsTown(town: String, other: String, compatible: Bool) {
        let (a, b) = (FeatureExtractor.PlaceKeys(town), FeatureExtractor.PlaceKeys(other))
        #expect(FeatureExtractor.PlaceKeys.oneContainsTheOther(a.municipality, b.municipality) == compatible)
    }

    /// A specialty is a word of the job's name that the other title lacks, on both sides ("Verpleegkundige cardiologie",
    /// "Verpleegkundige oncologie"). The posting's own town ("IT Servicedesk Agent Oss") and its employer's name name no
    /// specialty.
    @Test(arguments: [
        ("Verpleegkundige cardiologie", "Breda", "Amphia", "Verpleegkundige oncologie", "Breda", "Amphia", true),
        ("Servicedeskmedewerker Oss", "Oss", nil, "Servicedeskmedewerker eerstelijns", "Oss", "Bossche ICT Groep", false),
        ("Servicedeskmedewerker Oss", "Den Bosch", nil, "Servicedeskmedewerker eerstelijns", "Oss", "Bossche ICT Groep", true),
        ("Servicedeskmedewerker team Werkplek", "Oss", nil, "Servicedeskmedewerker ICT team Werkplek", "Oss", nil, false),
        // A unit one title names and the other leaves out still counts: it may be another opening's.
        ("Servicedeskmedewerker team Werkplek", "Oss", nil, "Servicedeskmedewerker ICT", "Oss", "Datapunt", true),
        ("Servicedeskmedewerker telecom team Werkplek", "Oss", nil, "Servicedeskmedewerker energie", "Oss", "Datapunt", true),
        ("Vakkenvuller Versmarkt", "Hengelo", "Versmarkt Supermarkten", "Vakkenvuller zuivel", "Hengelo", nil, false),
        ("Vakkenvuller diepvries", "Hengelo", "Versmarkt Supermarkten", "Vakkenvuller zuivel", "Hengelo", nil, true),
    ] as [(String, String, String?, String, String, String?, Bool)])
    func specialtyOfTheJobsName(title: String, place: String, employer: String?, otherTitle: String, otherPlace: String,
                                otherEmployer: String?, differ: Bool) {
        let extractor = FeatureExtractor(hashCount: 16)
        let a = extractor.features(of: makeVacancy("werkgevers", "1", title: title, employer: employer, place: place))
        let b = extractor.features(of: makeVacancy("uitzend", "2", publisher: .agency, title: otherTitle, employer: otherEmployer,
                                                    place: otherPlace))
        #expect(FeaturesRef.with(a, b) { PairScorer.specialtiesDiffer($0, $1) } == differ)
        #expect(FeaturesRef.with(b, a) { PairScorer.specialtiesDiffer($0, $1) } == differ)
    }

    /// werk.nl's copy names the municipality ("De Fryske Marren") where the agency names the town ("Joure"): the two meet
    /// in the town's block. A name that is a town's too ("Hardenberg") is read as the town; a municipality does not meet
    /// another's towns, nor two towns each other.
    @Test(arguments: [("De Fryske Marren", "Joure", true), ("Noordoostpolder", "Emmeloord", true), ("Súdwest-Fryslân", "Sneek", true),
                      ("Hardenberg", "Dedemsvaart", false), ("De Fryske Marren", "Sneek", false), ("Lemmer", "Joure", false)])
    func municipalityMeetsItsTowns(municipality: String, town: String, paired: Bool) {
        let extractor = FeatureExtractor(hashCount: 16)
        var features = [
            extractor.features(of: makeVacancy("uwv", "1", publisher: .publicEmploymentService, title: "Reachtruckchauffeur",
                                               isco: "8344", employer: "Zuiderzeeland Logistics", place: municipality)),
            extractor.features(of: makeVacancy("uitzend", "A-1", publisher: .agency, title: "Medewerker magazijn reachtruck",
                                               isco: "8344", employer: "Een logistiek dienstverlener", place: town)),
        ]
        Deduplicator.markTrustedEmployers(&features)
        #expect(!DedupPairingTests.pairs(features).pairs.isEmpty == paired)
    }

    /// Every stem and unit marker `mentions` reads is read, in any case, in a word or after one: each starts with a pair
    /// the scan looks at (`mentionedPairs`), and a pair left out of that list would go unread here.
    @Test(arguments: [
        ("Je werkt in de nachtdienst.", OpeningQualifiers.night, false), ("Zaterdagnacht en ZONDAGAVOND", OpeningQualifiers.weekend | OpeningQualifiers.night | OpeningQualifiers.evening, false),
        ("In de avonden.", OpeningQualifiers.evening, false), ("'s Ochtends vroeg", OpeningQualifiers.morning, false),
        ("De ontbijtdienst", OpeningQualifiers.morning, false), ("Weekenden vrij", OpeningQualifiers.weekend, false),
        ("Volcontinu rooster", OpeningQualifiers.rota, false), ("in wisselende ploegen", OpeningQualifiers.rota, false),
        ("De storingsdienst", OpeningQualifiers.onCall, false), ("consignatie", OpeningQualifiers.onCall, false),
        ("PIKETDIENST", OpeningQualifiers.onCall, false), ("Seizoenswerk", OpeningQualifiers.temporary, false),
        ("Zwangerschapsverlof", OpeningQualifiers.temporary, false), ("Vervanging", OpeningQualifiers.temporary, false),
        ("Je komt in team Inkoop.", 0, true), ("Afdeling Vers", 0, true), ("LOCATIE Zonnehuis", 0, true),
        ("Filiaal Oost", 0, true), ("het wijkteam Noord", 0, true), ("op school Regenboog", 0, true),
        ("de ploeg Noord", 0, true), ("vestiging Hengelo", 0, true), ("unit Acuut", 0, true), ("kliniek Zuid", 0, true),
        ("het object Ziekenhuis", 0, true), ("Een gezellige werkplek met leuke collega's.", 0, false),
    ] as [(String, UInt8, Bool)])
    func everyMentionedWordIsRead(text: String, shifts: UInt8, namesUnit: Bool) {
        let found = Array(text.utf8).withUnsafeBufferPointer(OpeningQualifiers.mentions)
        #expect(found.shifts == shifts)
        #expect(!found.units.isEmpty == namesUnit)
    }
}
