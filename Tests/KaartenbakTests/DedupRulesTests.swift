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
    /// the name and the trades agree or one is unstated (no points either way); two employers when the shared word is
    /// the trade, or the trades differ (-8, as for any two names).
    @Test(arguments: [
        ("Feenstra Transport en Logistiek B.V.", "Transportbedrijf Feenstra", 0.0),
        ("Ijsselkade Security Services B.V.", "Ijsselkade Beveiliging", -8.0),
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

    /// A UWV copy names the municipality where the employer names the town: compatible places. Two towns of one
    /// municipality, or towns of two, stay different places.
    @Test(arguments: [("Emmeloord", "Noordoostpolder", true), ("Sneek", "Súdwest-Fryslân", true), ("Sneek", "Bolsward", false),
                      ("Emmeloord", "Sneek", false), ("Drachten", "Smallingerland", true)])
    func municipalityContainsTown(town: String, other: String, compatible: Bool) {
        let (a, b) = (FeatureExtractor.PlaceKeys(town), FeatureExtractor.PlaceKeys(other))
        #expect(FeatureExtractor.PlaceKeys.oneContainsTheOther(a.municipality, b.municipality) == compatible)
    }
}
