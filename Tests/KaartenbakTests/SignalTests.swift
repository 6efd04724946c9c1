import Foundation
@testable import InclusiveWork
import KaartenbakCore
import Testing

/// The inclusive-work signals on sentences written for these tests (not taken from the labelled set), each
/// signal beside its negation, its condition or its look-alike; and the evaluation on the labelled set.
@Suite("Inclusive-work signals")
struct SignalTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var signal: SignalKind
        var expected: Bool
        var testDescription: String { "\(expected ? "+" : "-") \(signal.rawValue): \(text)" }
        init(_ text: String, _ signal: SignalKind, _ expected: Bool) {
            self.text = text
            self.signal = signal
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        // participation
        Case("Deze functie is speciaal bedoeld voor iemand met een indicatie banenafspraak.", .participation, true),
        Case("Sta je in het doelgroepregister? Reageer dan op deze vacature.", .participation, true),
        Case("Ook geschikt voor kandidaten met een Wajong-uitkering.", .participation, true),
        Case("Ben je al een tijd uit de bijstand en wil je weer aan het werk? Dan is deze baan voor jou.", .participation, true),
        Case("Deze vacature valt niet onder de banenafspraak.", .participation, false),
        Case("Als klantmanager Participatiewet begeleid je inwoners naar werk.", .participation, false),
        Case("Jij vindt het leuk om jongeren met een Wajong-uitkering te begeleiden.", .participation, false),
        Case("Wij doen mee aan de banenafspraak. Voor deze functie zoeken we een jurist met minimaal 5 jaar ervaring.", .participation, false),
        Case("We verwelkomen iedereen, ongeacht leeftijd, afkomst of arbeidsbeperking.", .participation, false),
        Case("Je verleent eerste hulp en bijstand aan bezoekers.", .participation, false),
        Case("Ouderparticipatie vinden wij belangrijk.", .participation, false),
        // learning while working
        Case("Je volgt bij ons een BBL-opleiding tot logistiek medewerker.", .learnWhileWorking, true),
        Case("Dit is een leerwerkbaan: je werkt vier dagen en gaat één dag naar school.", .learnWhileWorking, true),
        Case("Wij bieden een werkervaringsplaats van zes maanden.", .learnWhileWorking, true),
        Case("BBL is bij deze functie niet mogelijk.", .learnWhileWorking, false),
        Case("Dit is geen leerwerkplek.", .learnWhileWorking, false),
        Case("Een afgeronde BBL-opleiding is vereist.", .learnWhileWorking, false),
        Case("Je begeleidt als praktijkopleider onze BBL-leerlingen.", .learnWhileWorking, false),
        Case("Wij zoeken een praktijkbegeleider voor onze BBL-studenten.", .learnWhileWorking, false),
        // no diploma
        Case("Een diploma is niet nodig.", .noDiploma, true),
        Case("Je hoeft geen diploma te hebben.", .noDiploma, true),
        Case("Zonder diploma kun je bij ons starten.", .noDiploma, true),
        Case("Rijbewijs B is vereist, verder geen diploma nodig.", .noDiploma, true),
        Case("No degree required.", .noDiploma, true),
        Case("Zonder diploma kunnen we je helaas niet aannemen.", .noDiploma, false),
        Case("Je hebt minimaal een mbo 3-diploma.", .noDiploma, false),
        Case("Geen diploma nodig, maar je hebt wel een afgeronde mbo 2-opleiding.", .noDiploma, false),
        Case("Je hebt hbo-werk- en denkniveau.", .noDiploma, false),
        Case("Een VCA-certificaat is verplicht; een diploma heb je niet nodig.", .noDiploma, false),
        // no experience
        Case("Ervaring is niet vereist.", .noExperience, true),
        Case("Starters zijn van harte welkom.", .noExperience, true),
        Case("Heb jij geen ervaring, maar wel zin om te leren? Solliciteer!", .noExperience, true),
        Case("Je hebt bij voorkeur ervaring in de horeca.", .noExperience, true),
        Case("Je hebt minimaal drie jaar ervaring.", .noExperience, false),
        Case("Starters komen helaas niet in aanmerking.", .noExperience, false),
        Case("Geen ervaring met SAP nodig, wel twee jaar ervaring als inkoper.", .noExperience, false),
        Case("Je bent een ervaren monteur; ervaring met warmtepompen is een pré.", .noExperience, false),
        // flexible hours
        Case("Je werkt 24 uur per week.", .flexibleHours, true),
        Case("Parttime mogelijk.", .flexibleHours, true),
        Case("Je kiest zelf je diensten.", .flexibleHours, true),
        Case("Je werkt ma t/m vr van 17.30-20.00 uur.", .flexibleHours, true),
        Case("De functie is voor 0,6 - 0,8 fte.", .flexibleHours, true),
        Case("Je werkt 40 uur per week.", .flexibleHours, false),
        Case("Parttime werken is bij deze functie niet mogelijk.", .flexibleHours, false),
        Case("Je bent flexibel inzetbaar.", .flexibleHours, false),
        Case("Werkweek van 4 x 9 uur.", .flexibleHours, false),
        Case("Kom naar onze informatiemiddag op dinsdag 14.00-16.00 uur.", .flexibleHours, false),
        Case("Je volgt naast je werk een deeltijdse hbo-opleiding.", .flexibleHours, false),
        // Dutch not required
        Case("Dutch is not required.", .dutchNotRequired, true),
        Case("De werktaal is Engels.", .dutchNotRequired, true),
        Case("Je spreekt Nederlands of Engels.", .dutchNotRequired, true),
        Case("Geen Nederlands? Geen probleem!", .dutchNotRequired, true),
        Case("""
            Warehouse worker in Venlo. You will pick and pack orders for our web shop customers and help with the stock count \
            at the end of the month. We offer a contract via the agency for the whole season.
            """, .dutchNotRequired, true),
        Case("Je spreekt vloeiend Nederlands.", .dutchNotRequired, false),
        Case("Fluent Dutch is a must.", .dutchNotRequired, false),
        Case("Goede beheersing van de Engelse taal is een pré.", .dutchNotRequired, false),
        Case("Our office language is English, but this role requires Dutch at B2 level.", .dutchNotRequired, false),
    ]

    /// Whether the scan finds `c.signal` in `c.text` as `c.expected` says; the signals found, with their evidence, on failure.
    func expectSignal(_ c: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = SignalScanner().scan(c.text)
        #expect(found.contains { $0.signal == c.signal } == c.expected, "\(found.map { "\($0.signal.rawValue): \($0.evidence)" })",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: cases)
    func signal(_ c: Case) {
        expectSignal(c)
    }

    /// Sentences written for the classes of half B's errors and for phrasings neither half has (none is a row of
    /// either half): for each rule its paraphrases, its negations and its look-alikes. A scheme ruled out ("niet van
    /// toepassing", "valt buiten"), a staff job about it, a care job for people with a beperking; a route told in words
    /// ("X in opleiding", "we leiden je op tot ... met erkend diploma") beside an internal course, a finished one, one
    /// named as past experience; a wish taken back ("gewenst, maar niet verplicht"), a lack answered with a welcome,
    /// a requirement for later; "nog nooit in een keuken gestaan", "je hoeft nog niets te kunnen", career changers;
    /// working hours against opening hours, school days and a full-time week split in parts; Dutch as one language of
    /// several, as an adjective ("a Dutch company"), a short ad written in English.
    static let classes: [Case] = [
        // participation
        Case("Deze werkplek is gereserveerd voor iemand met een arbeidsbeperking.", .participation, true),
        Case("Wij bieden deze baan aan mensen met een beperking die moeilijk aan werk komen.", .participation, true),
        Case("De functie is geschikt voor mensen met een lichamelijke beperking.", .participation, true),
        Case("Heb je een doelgroepverklaring van UWV? Dan ben je van harte welkom.", .participation, true),
        Case("Voor deze functie kun je solliciteren als je onder de sociale werkvoorziening valt.", .participation, true),
        Case("Als werkgever ontvangen wij loonkostensubsidie voor deze plek.", .participation, true),
        Case("Ben je arbeidsgehandicapt en zoek je werk op je eigen tempo? Reageer dan.", .participation, true),
        Case("Deze garantiebaan is bedoeld voor iemand uit het doelgroepregister.", .participation, true),
        Case("Heb je een Wajong-uitkering? Dan nodigen we je van harte uit.", .participation, true),
        Case("Wij zoeken een medewerker groenvoorziening met een indicatie beschut werk.", .participation, true),
        Case("Deze plek is voor iemand met een afstand tot de arbeidsmarkt.", .participation, true),
        Case("Voor deze baan is loonkostensubsidie mogelijk.", .participation, true),
        Case("Kandidaten met een Wsw-indicatie nodigen we uit te reageren.", .participation, true),
        Case("Deze functie is gecreëerd via jobcarving voor iemand uit de doelgroep banenafspraak.", .participation, true),
        Case("Sta je ingeschreven in het doelgroepregister, dan kun je bij ons aan de slag.", .participation, true),
        Case("Voor deze vacature geldt de no-riskpolis.", .participation, true),
        Case("Werkfit traject voor mensen in de bijstand: je werkt in onze kringloopwinkel.", .participation, true),
        Case("""
            Magazijnmedewerker (Banenafspraak) – Distributiecentrum Zuid, Venlo / Wij zoeken een collega voor het inpakken \
            van bestellingen. Deze vacature is alleen open voor kandidaten die zijn opgenomen in het doelgroepregister. Je \
            werkt 20 uur per week en krijgt begeleiding van een jobcoach.
            """, .participation, true),
        Case("""
            Productiemedewerker via de Participatiewet: je komt bij ons werken met behoud van je bijstandsuitkering en \
            krijgt een vaste begeleider.
            """, .participation, true),
        Case("Ben je ingeschreven als werkzoekende met een arbeidsbeperking? Deze baan is voor jou.", .participation, true),
        Case("We reserveren deze plek voor een kandidaat met een Wajong- of WIA-indicatie.", .participation, true),
        Case("Inpakker (garantiebaan) bij Kringloop Oost.", .participation, true),
        Case("Schoonmaker (garantiebaan). Je werkt ma, wo en vr van 9 tot 12 uur.", .participation, true), // "wo" is Wednesday here
        Case("Schoonmaker (garantiebaan). Je werkt ma, wo en vr van 9 tot 12 uur.", .flexibleHours, true),
        Case("Deze vacature is onderdeel van de banenafspraak.", .participation, true),
        Case("Heb je een indicatie voor de banenafspraak? Reageer dan.", .participation, true),
        Case("Wij bieden een werkplek aan iemand die via de gemeente een uitkering ontvangt en een afstand tot werk heeft.", .participation, true),
        Case("Participatieplek bij de kinderboerderij: je werkt mee met behoud van uitkering.", .participation, true),
        Case("Ook kandidaten met een arbeidsbeperking worden nadrukkelijk uitgenodigd te solliciteren.", .participation, true),
        Case("Voor deze baan werken we samen met UWV: je komt in aanmerking als je in het doelgroepregister staat.", .participation, true),
        Case("""
            Medewerker schoonmaak (Banenafspraak) – Gemeente Zoetermeer / Deze functie is bestemd voor kandidaten uit het \
            doelgroepregister. Je werkt 16 uur per week in het stadhuis, onder begeleiding van een jobcoach. Je hebt geen \
            diploma of ervaring nodig.
            """, .participation, true),
        Case("Deze vacature is niet bedoeld voor kandidaten uit het doelgroepregister.", .participation, false),
        Case("De Wajong-regeling is op deze functie niet van toepassing.", .participation, false),
        Case("Kandidaten met een indicatie banenafspraak komen voor deze baan niet in aanmerking.", .participation, false),
        Case("""
            Wij zijn trots dat we al vijftien garantiebanen hebben gerealiseerd. Voor deze functie zoeken we een ervaren \
            jurist.
            """, .participation, false),
        Case("We zoeken een beleidsmedewerker Participatiewet (hbo).", .participation, false),
        Case("Als consulent werk en inkomen voer je de Participatiewet uit.", .participation, false),
        Case("Functie: medewerker team Participatiewet, minimaal hbo-niveau.", .participation, false),
        Case("Wij zijn een inclusieve organisatie en staan open voor iedereen, ook mensen met een beperking.", .participation, false),
        Case("Je begeleidt mensen met een beperking bij hun dagbesteding.", .participation, false),
        Case("Als jobcoach ondersteun je medewerkers met een arbeidsbeperking.", .participation, false),
        Case("De afdeling Werk en Participatie zoekt een teamleider.", .participation, false),
        Case("Als jobcoach begeleid je werknemers met een arbeidsbeperking op de werkvloer.", .participation, false),
        Case("Wij zoeken een re-integratieconsulent met kennis van de Wajong.", .participation, false),
        Case("Onze organisatie voert de Participatiewet uit voor drie gemeenten; voor het team zoeken we een jurist.", .participation, false),
        Case("Je beoordeelt aanvragen voor loonkostensubsidie.", .participation, false),
        Case("Werkgevers die kandidaten uit het doelgroepregister aannemen, ontvangen van ons advies.", .participation, false),
        Case("Je werkt in een woongroep met volwassenen met een verstandelijke beperking.", .participation, false),
        Case("Als begeleider dagbesteding help je cliënten met een beperking.", .participation, false),
        Case("De medezeggenschapsraad en de participatieraad vergaderen maandelijks.", .participation, false),
        Case("Wij hanteren een diversiteitsbeleid: iedereen, met of zonder beperking, is welkom om te solliciteren.", .participation, false),
        Case("Re-integratie tweede spoor voor onze eigen medewerkers loopt via de arbodienst.", .participation, false),
        Case("Met behoud van uitkering kun je bij ons een proefperiode draaien.", .participation, false),
        Case("Het is moeilijk om aan goed personeel te komen, daarom zoeken we jou.", .participation, false),
        Case("Voor deze functie (hbo) zoeken we iemand met affiniteit met mensen met een arbeidsbeperking.", .participation, false),
        Case("""
            Wij zijn een organisatie die zich inzet voor mensen met een arbeidsbeperking; voor ons hoofdkantoor zoeken we \
            een controller.
            """, .participation, false),
        Case("Je adviseert werkgevers over de banenafspraak.", .participation, false),
        Case("Kennis van de Participatiewet is een pré.", .participation, false),
        Case("Je bent het aanspreekpunt voor vragen over de Wajong.", .participation, false),
        Case("Sociaal werkbedrijf zoekt een ervaren teamleider productie.", .participation, false),
        Case("Deze baan valt buiten de banenafspraak.", .participation, false),
        Case("Burgerparticipatie is een belangrijk thema voor de gemeente.", .participation, false),
        Case("""
            Teamleider Beschut Werk – Werkbedrijf Midden, Utrecht / Je geeft leiding aan een team van 25 medewerkers met \
            een indicatie beschut werk. Je hebt een hbo-diploma en minimaal drie jaar leidinggevende ervaring.
            """, .participation, false),
        Case("""
            Accountmanager Werkgeversdienstverlening / Je bezoekt werkgevers en bespreekt met hen de mogelijkheden van de \
            banenafspraak en loonkostensubsidie. Je hebt hbo werk- en denkniveau.
            """, .participation, false),
        Case("""
            Wij zijn trots op onze twintig medewerkers met een arbeidsbeperking. Voor onze afdeling financiën zoeken we \
            een ervaren boekhouder (hbo).
            """, .participation, false),
        Case("Als arbeidsdeskundige beoordeel je de loonwaarde van werknemers.", .participation, false),
        Case("We zijn een Participatiewet-werkgever en zoeken een salarisadministrateur met 3 jaar ervaring.", .participation, false),
        Case("Schoonmaker – wij staan open voor iedereen, ongeacht leeftijd of beperking.", .participation, false),
        Case("Fysiotherapeut voor kinderen met een lichamelijke beperking.", .participation, false),
        Case("Voor onze afdeling Werk & Inkomen zoeken wij een consulent bijstand.", .participation, false),
        Case("Je verwerkt aanvragen voor bijstandsuitkeringen.", .participation, false),
        Case("""
            Leerling-verzorgende IG (BBL) – Zorgcentrum De Linde, Helmond / Je werkt 24 tot 32 uur per week op een \
            woongroep en gaat één dag per week naar school. Je hebt minimaal een vmbo-diploma. Ervaring in de zorg is niet \
            nodig.
            """, .participation, false),
        Case("""
            Jobcoach – Werkbedrijf Rivierenland, Tiel / Als jobcoach begeleid je medewerkers uit het doelgroepregister op \
            hun werkplek. Je hebt een hbo-opleiding in de richting SPH of MWD en minimaal twee jaar ervaring. 32-36 uur \
            per week.
            """, .participation, false),
        // learning while working
        Case("Je volgt een BBL-opleiding en werkt vier dagen per week bij ons.", .learnWhileWorking, true),
        Case("Werkend leren: je haalt je mbo-diploma terwijl je bij ons in dienst bent.", .learnWhileWorking, true),
        Case("We zoeken BBL'ers voor onze bakkerijen in Zwolle.", .learnWhileWorking, true),
        Case("Als verpleegkundige in opleiding werk je op de afdeling en volg je de inservice-opleiding.", .learnWhileWorking, true),
        Case("Wij leiden je op tot erkend monteur: na twee jaar heb je je vakdiploma op zak.", .learnWhileWorking, true),
        Case("Je combineert werken met een opleiding tot doktersassistent (mbo niveau 4).", .learnWhileWorking, true),
        Case("Tijdens je opleiding tot vrachtwagenchauffeur ben je in loondienst en haal je je rijbewijs C en code 95.", .learnWhileWorking, true),
        Case("Leer-werkplaats in de groenvoorziening: je werkt en haalt je entreediploma.", .learnWhileWorking, true),
        Case("Zij-instroom in het onderwijs: je volgt de opleiding tot leraar terwijl je lesgeeft.", .learnWhileWorking, true),
        Case("Leerling-timmerman gezocht (BBL niveau 2).", .learnWhileWorking, true),
        Case("Het bedrijf leidt je op tot allround schilder via een BBL-traject.", .learnWhileWorking, true),
        Case("Je krijgt een leer-werkovereenkomst en gaat één dag per week naar school.", .learnWhileWorking, true),
        Case("In twee jaar leiden wij je op tot zelfstandig lasser, inclusief erkend diploma.", .learnWhileWorking, true),
        Case("Doktersassistent in opleiding (BBL).", .learnWhileWorking, true),
        Case("Als leerling-monteur werk je vier dagen en ga je één dag naar school.", .learnWhileWorking, true),
        Case("Via het praktijkleren haal je een mbo-diploma op niveau 2 terwijl je bij ons werkt.", .learnWhileWorking, true),
        Case("We bieden een BBL-traject niveau 3.", .learnWhileWorking, true),
        Case("Je start als leerling en volgt de opleiding tot kapper via de BBL.", .learnWhileWorking, true),
        Case("Werkervaringsplek voor zes maanden in onze kantine.", .learnWhileWorking, true),
        Case("Het leer-werktraject duurt twee jaar en eindigt met een mbo-diploma.", .learnWhileWorking, true),
        Case("Via de praktijkroute haal je een praktijkverklaring.", .learnWhileWorking, true),
        Case("""
            Leerling Automonteur (BBL niveau 2) – Autobedrijf Jansen, Deventer / Je werkt vier dagen in onze werkplaats en \
            gaat één dag naar school.
            """, .learnWhileWorking, true),
        Case("""
            Verzorgende IG in opleiding – Zorggroep West / Tijdens je opleiding ben je in dienst en ontvang je salaris. Na \
            twee jaar heb je je diploma Verzorgende IG.
            """, .learnWhileWorking, true),
        Case("Word monteur via onze BBL-opleiding!", .learnWhileWorking, true),
        Case("Je volgt één dag per week les op het ROC en werkt vier dagen bij ons als leerling-kok.", .learnWhileWorking, true),
        Case("Werkervaringsplaats administratie (6 maanden).", .learnWhileWorking, true),
        Case("Je gaat werken en leren tegelijk: vier dagen in de winkel, één dag naar school.", .learnWhileWorking, true),
        Case("Bij ons kun je een leerwerktraject volgen.", .learnWhileWorking, true),
        Case("We bieden een duaal traject: je studeert aan de hogeschool en werkt bij ons.", .learnWhileWorking, true),
        Case("Traineeship met afronding van een erkend mbo-diploma.", .learnWhileWorking, true),
        Case("Je wordt opgeleid tot verkoopmedewerker en ontvangt na afloop een erkend certificaat op mbo-niveau 2.", .learnWhileWorking, true),
        Case("Apprenticeship leading to a recognised diploma.", .learnWhileWorking, true),
        Case("Binnen twee jaar leiden wij je op tot erkend lasser met vakdiploma.", .learnWhileWorking, true),
        Case("""
            Leerling-verzorgende IG (BBL) – Zorgcentrum De Linde, Helmond / Je werkt 24 tot 32 uur per week op een \
            woongroep en gaat één dag per week naar school. Je hebt minimaal een vmbo-diploma. Ervaring in de zorg is niet \
            nodig.
            """, .learnWhileWorking, true),
        Case("""
            Stratenmaker in opleiding / Bij ons leer je het vak in de praktijk en ga je één dag in de week naar de \
            vakschool. Na twee jaar heb je je diploma Straatmaker.
            """, .learnWhileWorking, true),
        Case("Er is bij deze baan geen ruimte voor een BBL-opleiding.", .learnWhileWorking, false),
        Case("Je hebt je ervaring opgedaan als BBL'er in de bouw.", .learnWhileWorking, false),
        Case("We bieden een interne opleiding tot orderpicker van twee weken.", .learnWhileWorking, false),
        Case("Je krijgt een heftruckcertificaat en een VCA-cursus.", .learnWhileWorking, false),
        Case("Je volgt onze eigen academy; dit is geen erkende opleiding en je krijgt er geen diploma voor.", .learnWhileWorking, false),
        Case("Als praktijkopleider begeleid je onze BBL-leerlingen.", .learnWhileWorking, false),
        Case("Je volgt naast je werk een deeltijdopleiding hbo bedrijfskunde op eigen kosten.", .learnWhileWorking, false),
        Case("Je bent opgeleid tot monteur en hebt een afgerond mbo-diploma.", .learnWhileWorking, false),
        Case("Wij zijn een erkend leerbedrijf.", .learnWhileWorking, false),
        Case("Je volgt een interne opleiding tot orderpicker.", .learnWhileWorking, false),
        Case("Je hebt een afgeronde opleiding tot verzorgende IG.", .learnWhileWorking, false),
        Case("Je bent in het bezit van een diploma en volgt graag cursussen.", .learnWhileWorking, false),
        Case("Je krijgt een uitgebreide inwerkperiode en een buddy.", .learnWhileWorking, false),
        Case("Als BBL-docent geef je les aan leerlingen in de techniek.", .learnWhileWorking, false),
        Case("Je begeleidt als werkbegeleider de deelnemers van ons leerwerkbedrijf.", .learnWhileWorking, false),
        Case("We bieden een opleidingsbudget en ruimte voor ontwikkeling.", .learnWhileWorking, false),
        Case("Je haalt bij ons je heftruckcertificaat in één dag.", .learnWhileWorking, false),
        Case("Ben je nog in opleiding? Dan is deze bijbaan ideaal.", .learnWhileWorking, false),
        Case("Binnen een jaar haal je je VCA-diploma.", .learnWhileWorking, false),
        Case("De monteur leidt nieuwe collega's op tot zelfstandig vakman.", .learnWhileWorking, false),
        Case("Wij leiden jaarlijks 30 leerlingen op tot erkend installateur.", .learnWhileWorking, false),
        Case("Je hebt een mbo-diploma niveau 3 en werkt vijf dagen per week.", .learnWhileWorking, false),
        Case("Een BOL-stage is mogelijk voor studenten van het ROC.", .learnWhileWorking, false),
        Case("Je haalt je diploma? Gefeliciteerd, dan ben je welkom voor een vaste baan.", .learnWhileWorking, false),
        Case("Je werkt als praktijkopleider en begeleidt leerlingen in de BBL.", .learnWhileWorking, false),
        Case("Coördinator leerwerkbedrijf gezocht.", .learnWhileWorking, false),
        Case("Het traineeship leidt niet tot een erkend diploma.", .learnWhileWorking, false),
        Case("Je volgt een korte cursus hygiëne.", .learnWhileWorking, false),
        Case("Afgestudeerd? Je hebt je diploma op zak en zoekt een baan.", .learnWhileWorking, false),
        Case("Je bent verantwoordelijk voor de opleiding van nieuwe collega's tot orderpicker.", .learnWhileWorking, false),
        Case("Met je mbo-diploma op zak ga je bij ons aan de slag.", .learnWhileWorking, false),
        Case("""
            Werkplaatschef – Autobedrijf Jansen / Je stuurt een team van zes monteurs en twee BBL-leerlingen aan. Je hebt \
            minimaal 5 jaar ervaring.
            """, .learnWhileWorking, false),
        Case("Een BBL-opleiding is bij ons niet mogelijk, wel een interne training.", .learnWhileWorking, false),
        Case("Opleidingsadviseur – ROC / Je adviseert bedrijven over BBL-trajecten en leerwerkplekken.", .learnWhileWorking, false),
        Case("Wij zoeken een praktijkbegeleider voor onze leerwerkafdeling.", .learnWhileWorking, false),
        Case("Je volgt bij ons een interne training van drie weken.", .learnWhileWorking, false),
        Case("Een afgeronde BBL-opleiding niveau 3 is een vereiste.", .learnWhileWorking, false),
        Case("Je rondt binnenkort je BBL-opleiding af en zoekt een vaste baan.", .learnWhileWorking, false),
        Case("Je hebt je mbo-diploma behaald via de BBL.", .learnWhileWorking, false),
        Case("Na je opleiding tot verpleegkundige ga je bij ons aan de slag met een vast contract.", .learnWhileWorking, false),
        Case("""
            Jobcoach – Werkbedrijf Rivierenland, Tiel / Als jobcoach begeleid je medewerkers uit het doelgroepregister op \
            hun werkplek. Je hebt een hbo-opleiding in de richting SPH of MWD en minimaal twee jaar ervaring. 32-36 uur \
            per week.
            """, .learnWhileWorking, false),
        // no diploma
        Case("Diploma gewenst, maar niet verplicht.", .noDiploma, true),
        Case("Een havodiploma is mooi, maar geen must.", .noDiploma, true),
        Case("We kijken niet naar diploma's maar naar je motivatie.", .noDiploma, true),
        Case("Opleiding? Die vragen we niet.", .noDiploma, true),
        Case("Opleidingseisen? Er zijn er geen.", .noDiploma, true),
        Case("Heb je je opleiding niet afgemaakt? Geen probleem, je bent welkom.", .noDiploma, true),
        Case("Voor deze baan vragen we geen bepaalde opleiding.", .noDiploma, true),
        Case("Je kunt zonder diploma beginnen; wil je later leidinggeven, dan heb je een mbo 4-diploma nodig.", .noDiploma, true),
        Case("Zonder papieren kun je bij ons aan de slag.", .noDiploma, true),
        Case("A degree is optional.", .noDiploma, true),
        Case("Je hoeft geen diploma te hebben om bij ons te starten.", .noDiploma, true),
        Case("Opleidingsniveau: niet van belang.", .noDiploma, true),
        Case("Je kunt bij ons ook zonder opleiding aan de slag.", .noDiploma, true),
        Case("Geen diploma? Solliciteer toch!", .noDiploma, true),
        Case("We don't care about degrees.", .noDiploma, true),
        Case("Diploma's zijn bij ons niet belangrijk.", .noDiploma, true),
        Case("Zonder startkwalificatie ben je ook welkom.", .noDiploma, true),
        Case("Er is geen diploma vereist.", .noDiploma, true),
        Case("Je hoeft geen opleiding te hebben gevolgd.", .noDiploma, true),
        Case("Geen papieren? Maakt niet uit.", .noDiploma, true),
        Case("No qualifications needed.", .noDiploma, true),
        Case("Schoonmaker kantoren Breda / Wat vragen wij? Een diploma is geen vereiste, wel dat je betrouwbaar bent.", .noDiploma, true),
        Case("Vakkenvuller: voor deze baan heb je geen diploma nodig.", .noDiploma, true),
        Case("Opleiding: geen eisen.", .noDiploma, true),
        Case("Er worden geen opleidingseisen gesteld.", .noDiploma, true),
        Case("Diploma niet nodig.", .noDiploma, true),
        Case("Je hebt geen specifiek diploma nodig.", .noDiploma, true),
        Case("Papieren zijn niet nodig, je motivatie telt.", .noDiploma, true),
        Case("We vragen geen diploma's.", .noDiploma, true),
        Case("Diploma? Niet nodig!", .noDiploma, true),
        Case("Er is geen opleidingsniveau vereist.", .noDiploma, true),
        Case("Je kunt ook zonder vooropleiding solliciteren.", .noDiploma, true),
        Case("""
            Medewerker schoonmaak (Banenafspraak) – Gemeente Zoetermeer / Deze functie is bestemd voor kandidaten uit het \
            doelgroepregister. Je werkt 16 uur per week in het stadhuis, onder begeleiding van een jobcoach. Je hebt geen \
            diploma of ervaring nodig.
            """, .noDiploma, true),
        Case("Bezorger / Een diploma hoef je niet te hebben, een rijbewijs B wel.", .noDiploma, true),
        Case("Een mbo 2-diploma is gewenst.", .noDiploma, false),
        Case("Diploma? Ja, een mbo 3-diploma is verplicht.", .noDiploma, false),
        Case("Wij vragen geen ervaring, wel een diploma Helpende Zorg en Welzijn.", .noDiploma, false),
        Case("Geen diploma nodig voor de instapfunctie; voor deze functie als teamleider vragen we hbo.", .noDiploma, false),
        Case("Je hebt een diploma op mbo-niveau; ervaring is niet vereist.", .noDiploma, false),
        Case("Een diploma Sociale Hygiëne is een vereiste.", .noDiploma, false),
        Case("Wij vragen een afgeronde opleiding op mbo-niveau.", .noDiploma, false),
        Case("Je hebt mbo-werk- en denkniveau.", .noDiploma, false),
        Case("Zonder diploma kom je helaas niet in aanmerking.", .noDiploma, false),
        Case("Diploma: VMBO of hoger.", .noDiploma, false),
        Case("Heb je geen diploma? Dan kunnen we je helaas niet aannemen.", .noDiploma, false),
        Case("Geen diploma? Dan volg je eerst onze entreeopleiding, die is verplicht.", .noDiploma, false),
        Case("We kijken naar je diploma's en je ervaring.", .noDiploma, false),
        Case("Jongeren zonder startkwalificatie begeleid je naar een opleiding.", .noDiploma, false),
        Case("Je bent diplomacoördinator op een middelbare school.", .noDiploma, false),
        Case("Een diploma is fijn, maar een mbo 2-diploma is wel verplicht.", .noDiploma, false),
        Case("Het diploma Beveiliger 2 is verplicht.", .noDiploma, false),
        Case("Minimaal havo.", .noDiploma, false),
        Case("Heb je een mbo 4-diploma? Dan nodigen we je uit.", .noDiploma, false),
        Case("Je hebt een afgeronde hbo-opleiding.", .noDiploma, false),
        Case("Wij bieden geen opleiding aan.", .noDiploma, false),
        Case("Een diploma is niet genoeg: je moet ook ervaring hebben.", .noDiploma, false),
        Case("Verpleegkundige (hbo) / Je hebt een BIG-registratie. Een diploma is dus vereist.", .noDiploma, false),
        Case("Voor deze functie is een mbo 2-diploma nodig; geen diploma nodig voor onze vakantiebaan.", .noDiploma, false),
        Case("Minimaal een mbo 3-diploma in de richting zorg.", .noDiploma, false),
        Case("Opleiding: mbo 4 Administratie.", .noDiploma, false),
        Case("Je hebt geen diploma nodig als je minimaal 5 jaar ervaring hebt; anders vragen we mbo 3.", .noDiploma, false),
        Case("Geen diploma, geen baan.", .noDiploma, false),
        Case("""
            Leerling-verzorgende IG (BBL) – Zorgcentrum De Linde, Helmond / Je werkt 24 tot 32 uur per week op een \
            woongroep en gaat één dag per week naar school. Je hebt minimaal een vmbo-diploma. Ervaring in de zorg is niet \
            nodig.
            """, .noDiploma, false),
        Case("Ben je schoolverlater met een mbo 2-diploma? Dan ben je welkom.", .noDiploma, false),
        // no experience
        Case("Onervaren? Geen punt.", .noExperience, true),
        Case("Je hoeft nog niets te kunnen, wij leren je alles.", .noExperience, true),
        Case("Heb je nog nooit in een fabriek gestaan? Geen probleem.", .noExperience, true),
        Case("Ook als starter kun je bij ons aan de slag.", .noExperience, true),
        Case("Wij zoeken een starter die het vak wil leren.", .noExperience, true),
        Case("Kom je uit een heel andere sector? Ook dan nodigen we je uit te solliciteren.", .noExperience, true),
        Case("Zij-instromers zijn welkom.", .noExperience, true),
        Case("Werkervaring is niet nodig.", .noExperience, true),
        Case("Geen ervaring? Geen probleem!", .noExperience, true),
        Case("You need no previous experience.", .noExperience, true),
        Case("Ervaring is niet noodzakelijk, we leiden je op.", .noExperience, true),
        Case("Kom je net van school? Dan ben je bij ons welkom.", .noExperience, true),
        Case("Zonder ervaring kun je bij ons beginnen.", .noExperience, true),
        Case("Never done this kind of work before? That's fine.", .noExperience, true),
        Case("Herintreders zijn welkom.", .noExperience, true),
        Case("Ervaring? Hoeft niet.", .noExperience, true),
        Case("Ook zonder werkervaring ben je welkom.", .noExperience, true),
        Case("Schoolverlaters opgelet!", .noExperience, true),
        Case("Dit is je eerste baan? Prima.", .noExperience, true),
        Case("Geen achtergrond in de techniek nodig.", .noExperience, true),
        Case("Net afgestudeerd? Solliciteer!", .noExperience, true),
        Case("Medewerker kassa – Supermarkt / Heb je nog geen werkervaring? Dat geeft niet, wij leren je alles.", .noExperience, true),
        Case("Receptionist / Ervaring als receptionist is mooi meegenomen, maar niet noodzakelijk.", .noExperience, true),
        Case("Wij zoeken mensen met of zonder ervaring.", .noExperience, true),
        Case("Zonder enige ervaring kun je starten.", .noExperience, true),
        Case("Beginners zijn welkom.", .noExperience, true),
        Case("Geen werkervaring vereist.", .noExperience, true),
        Case("Starters en herintreders zijn welkom.", .noExperience, true),
        Case("Ervaring is mooi meegenomen, maar niet vereist.", .noExperience, true),
        Case("Jij hebt nog geen ervaring? Wij leiden je op.", .noExperience, true),
        Case("Heb je nog nooit gewerkt? Dan is dit je kans.", .noExperience, true),
        Case("Dit is een instapfunctie.", .noExperience, true),
        Case("Ben je net klaar met school? Dan is dit jouw eerste baan.", .noExperience, true),
        Case("Zij-instromer? Welkom!", .noExperience, true),
        Case("No experience? No worries!", .noExperience, true),
        Case("""
            Kitchen assistant – Hotel De Haven, Scheveningen / What you'll do: prep vegetables, wash dishes and keep the \
            kitchen clean. Who we're looking for: someone reliable who likes teamwork. No experience needed. What we \
            offer: 24-32 hours a week, €14.20 per hour, free meals and a bike.
            """, .noExperience, true),
        Case("""
            Leerling-verzorgende IG (BBL) – Zorgcentrum De Linde, Helmond / Je werkt 24 tot 32 uur per week op een \
            woongroep en gaat één dag per week naar school. Je hebt minimaal een vmbo-diploma. Ervaring in de zorg is niet \
            nodig.
            """, .noExperience, true),
        Case("""
            Medewerker schoonmaak (Banenafspraak) – Gemeente Zoetermeer / Deze functie is bestemd voor kandidaten uit het \
            doelgroepregister. Je werkt 16 uur per week in het stadhuis, onder begeleiding van een jobcoach. Je hebt geen \
            diploma of ervaring nodig.
            """, .noExperience, true),
        Case("Schoonmaker (m/v) / Nog nooit schoongemaakt? Geen probleem, wij leren het je.", .noExperience, true),
        Case("Magazijnmedewerker / Ben je herintreder en wil je weer aan de slag? Dan ben je bij ons aan het juiste adres.", .noExperience, true),
        Case("Je hebt minimaal twee jaar werkervaring in de logistiek.", .noExperience, false),
        Case("Je hebt al ervaring opgedaan in een keuken.", .noExperience, false),
        Case("Als startersadviseur help je beginnende ondernemers.", .noExperience, false),
        Case("Deze functie is niet geschikt voor starters.", .noExperience, false),
        Case("""
            Geen diploma nodig voor de instapfunctie; voor de functie van teamleider, waarvoor deze vacature is, vragen we \
            vijf jaar ervaring.
            """, .noExperience, false),
        Case("Je leert het vak van ervaren collega's.", .noExperience, false),
        Case("Je hebt ervaring in de schoonmaak, dat is een must.", .noExperience, false),
        Case("Ervaring met kinderen is een vereiste.", .noExperience, false),
        Case("Als ervaren chauffeur ken je de weg.", .noExperience, false),
        Case("Je hebt minimaal een jaar ervaring als kok.", .noExperience, false),
        Case("Nooit meer saai werk: kom werken in onze dynamische omgeving.", .noExperience, false),
        Case("Je bent nog nooit te laat gekomen en altijd betrouwbaar.", .noExperience, false),
        Case("Je hoeft niet te wachten: je kunt direct beginnen.", .noExperience, false),
        Case("Wij zoeken een ervaren monteur; starters komen niet in aanmerking.", .noExperience, false),
        Case("Ongeacht je achtergrond ben je welkom.", .noExperience, false),
        Case("Je hebt een technische achtergrond.", .noExperience, false),
        Case("Geen ervaring nodig met Excel, wel drie jaar ervaring als administratief medewerker.", .noExperience, false),
        Case("Je hoeft niets te regelen: wij zorgen voor huisvesting.", .noExperience, false),
        Case("Je werkt samen met collega's uit andere sectoren.", .noExperience, false),
        Case("Je hebt ervaring opgedaan in een andere branche en wil nu de zorg in.", .noExperience, false),
        Case("Je hebt al eens in een magazijn gewerkt.", .noExperience, false),
        Case("Ervaring in de horeca is een must.", .noExperience, false),
        Case("Je bent een senior developer.", .noExperience, false),
        Case("Je hebt minimaal 5 jaar ervaring in een vergelijkbare functie.", .noExperience, false),
        Case("Ervaring met leidinggeven is vereist.", .noExperience, false),
        Case("Geen starters.", .noExperience, false),
        Case("Als startersbegeleider help je nieuwe ondernemers.", .noExperience, false),
        Case("Je doet veel ervaring op in een internationaal team.", .noExperience, false),
        Case("Kok / Je hebt ervaring in een à-la-cartekeuken; ervaring met vegan koken is een pré.", .noExperience, false),
        Case("Chauffeur CE / Je hebt minimaal 2 jaar rijervaring. Ervaring met laden en lossen is een pré.", .noExperience, false),
        Case("Ervaring: minimaal 3 jaar.", .noExperience, false),
        Case("Je bent een ervaren vakkracht.", .noExperience, false),
        Case("Zonder ervaring kunnen we je helaas niet plaatsen.", .noExperience, false),
        Case("Je hebt ruime ervaring in de bouw.", .noExperience, false),
        Case("Je leert het vak in de praktijk van onze ervaren collega's.", .noExperience, false),
        Case("Als startersbegeleider bij de Kamer van Koophandel adviseer je starters.", .noExperience, false),
        Case("Als teamleider begeleid je ook starters op de afdeling.", .noExperience, false),
        Case("""
            Sales representative Benelux – Eindhoven / You visit customers in the Netherlands and Belgium. Requirements: \
            fluent Dutch and English, a driving licence and 3 years of sales experience. Full-time, 40 hours.
            """, .noExperience, false),
        Case("""
            Jobcoach – Werkbedrijf Rivierenland, Tiel / Als jobcoach begeleid je medewerkers uit het doelgroepregister op \
            hun werkplek. Je hebt een hbo-opleiding in de richting SPH of MWD en minimaal twee jaar ervaring. 32-36 uur \
            per week.
            """, .noExperience, false),
        Case("Ben je starter? Dan is deze functie helaas niet voor jou.", .noExperience, false),
        Case("Ben je een ervaren kok en geen starter? Solliciteer dan.", .noExperience, false),
        Case("Heb je nog nooit een dag gemist? Dan zoeken we jou.", .noExperience, false),
        // flexible hours
        Case("Je werkt 4 x 8 uur per week.", .flexibleHours, true),
        Case("Contract van 28 uur per week.", .flexibleHours, true),
        Case("Een werkweek van 24 uur.", .flexibleHours, true),
        Case("Je geeft elke week je beschikbaarheid door.", .flexibleHours, true),
        Case("Je werkt wanneer het jou uitkomt.", .flexibleHours, true),
        Case("Je werkt vijf middagen per week.", .flexibleHours, true),
        Case("Ochtendshifts van 3 uur in het weekend.", .flexibleHours, true),
        Case("Je werkt 3 afternoons a week.", .flexibleHours, true),
        Case("Ideaal naast je studie.", .flexibleHours, true),
        Case("Perfect as a side job next to your studies.", .flexibleHours, true),
        Case("Flexibel aantal uren per week.", .flexibleHours, true),
        Case("Aantal uren naar wens.", .flexibleHours, true),
        Case("Je bepaalt zelf hoeveel uur je werkt.", .flexibleHours, true),
        Case("Je werkt een halve week, zo'n 20 uur.", .flexibleHours, true),
        Case("Parttime werken is bij ons geen probleem.", .flexibleHours, true),
        Case("Functie voor 16 tot 24 uur per week.", .flexibleHours, true),
        Case("Je werkt drie ochtenden per week.", .flexibleHours, true),
        Case("Wij bieden een contract voor 20 uur.", .flexibleHours, true),
        Case("Uren: 12-20 per week.", .flexibleHours, true),
        Case("Part-time possible.", .flexibleHours, true),
        Case("Je werkt op oproepbasis.", .flexibleHours, true),
        Case("Je werkt 4 x 7 uur.", .flexibleHours, true),
        Case("32-36 uur per week.", .flexibleHours, true),
        Case("Je werkt 0,8 fte.", .flexibleHours, true),
        Case("Bijbaan voor scholieren op zaterdag.", .flexibleHours, true),
        Case("Werktijden in overleg.", .flexibleHours, true),
        Case("Je werkt tijdens schooltijden.", .flexibleHours, true),
        Case("Zaterdaghulp gezocht.", .flexibleHours, true),
        Case("Min-max contract.", .flexibleHours, true),
        Case("Horecamedewerker / Je werkt gemiddeld 12 uur per week, vooral in het weekend.", .flexibleHours, true),
        Case("Thuiszorgmedewerker / Je bepaalt in overleg met de planning je werkdagen en het aantal uren.", .flexibleHours, true),
        Case("Schoonmaker / Ma t/m vr van 18.00 tot 20.30 uur.", .flexibleHours, true),
        Case("Baan voor 2 dagen per week.", .flexibleHours, true),
        Case("Een contract van 16-24 uur.", .flexibleHours, true),
        Case("Parttime (24 uur).", .flexibleHours, true),
        Case("Je werkt 3 à 4 dagen per week.", .flexibleHours, true),
        Case("Werktijden: ma-wo-vr van 8.30 tot 12.30 uur.", .flexibleHours, true),
        Case("Aantal uren: 8-16.", .flexibleHours, true),
        Case("Je werkt minimaal 12 uur per week.", .flexibleHours, true),
        Case("Oproepkracht gezocht.", .flexibleHours, true),
        Case("Ideale bijbaan voor studenten.", .flexibleHours, true),
        Case("Flexibele werktijden.", .flexibleHours, true),
        Case("Je kiest zelf wanneer je werkt.", .flexibleHours, true),
        Case("Parttime of fulltime, jij bepaalt.", .flexibleHours, true),
        Case("Je werkt 28 uur.", .flexibleHours, true),
        Case("Je geeft wekelijks je beschikbaarheid door.", .flexibleHours, true),
        Case("""
            Kitchen assistant – Hotel De Haven, Scheveningen / What you'll do: prep vegetables, wash dishes and keep the \
            kitchen clean. Who we're looking for: someone reliable who likes teamwork. No experience needed. What we \
            offer: 24-32 hours a week, €14.20 per hour, free meals and a bike.
            """, .flexibleHours, true),
        Case("""
            Leerling-verzorgende IG (BBL) – Zorgcentrum De Linde, Helmond / Je werkt 24 tot 32 uur per week op een \
            woongroep en gaat één dag per week naar school. Je hebt minimaal een vmbo-diploma. Ervaring in de zorg is niet \
            nodig.
            """, .flexibleHours, true),
        Case("""
            Medewerker schoonmaak (Banenafspraak) – Gemeente Zoetermeer / Deze functie is bestemd voor kandidaten uit het \
            doelgroepregister. Je werkt 16 uur per week in het stadhuis, onder begeleiding van een jobcoach. Je hebt geen \
            diploma of ervaring nodig.
            """, .flexibleHours, true),
        Case("""
            Jobcoach – Werkbedrijf Rivierenland, Tiel / Als jobcoach begeleid je medewerkers uit het doelgroepregister op \
            hun werkplek. Je hebt een hbo-opleiding in de richting SPH of MWD en minimaal twee jaar ervaring. 32-36 uur \
            per week.
            """, .flexibleHours, true),
        Case("Bezorger / Je werkt vooral in de avonduren, ongeveer 3 uur per avond.", .flexibleHours, true),
        Case("Bezorger / Je werkt 2 tot 3 avonden in de week.", .flexibleHours, true),
        Case("Parttime werken kunnen we helaas niet aanbieden.", .flexibleHours, false),
        Case("Deeltijd is in deze functie (helaas) niet mogelijk.", .flexibleHours, false),
        Case("Je gaat twee dagen per week naar het opleidingscentrum en werkt drie dagen in de praktijk; fulltime, 40 uur.", .flexibleHours, false),
        Case("Via de praktijkroute haal je je certificaat naast je baan als operator.", .flexibleHours, false),
        Case("Je werkt van maandag tot en met vrijdag van 8 tot 17 uur.", .flexibleHours, false),
        Case("Je werkt 4 x 9 uur.", .flexibleHours, false),
        Case("Contract van 38 uur per week.", .flexibleHours, false),
        Case("Het spreekuur is van 9 tot 12 uur.", .flexibleHours, false),
        Case("Je bent flexibel en bereid om in het weekend te werken.", .flexibleHours, false),
        Case("We zijn een flexibele werkgever met aandacht voor je privéleven.", .flexibleHours, false),
        Case("Binnen 24 uur heb je een reactie.", .flexibleHours, false),
        Case("We zijn een flexibele organisatie met een flexpool.", .flexibleHours, false),
        Case("Je werkt in ploegendienst, 38 uur per week.", .flexibleHours, false),
        Case("Je bent flexibel inzetbaar, ook in het weekend.", .flexibleHours, false),
        Case("De training duurt 3 dagen.", .flexibleHours, false),
        Case("Je hebt 25 vakantiedagen per jaar.", .flexibleHours, false),
        Case("Bereikbaar van 9 tot 17 uur.", .flexibleHours, false),
        Case("Je werkt 5 x 8 uur per week.", .flexibleHours, false),
        Case("Hybride werken: 2 dagen per week thuis.", .flexibleHours, false),
        Case("Je werkt 40 uur per week, parttime is helaas niet mogelijk.", .flexibleHours, false),
        Case("De opleiding duurt 4 jaar, met 2 dagen per week les.", .flexibleHours, false),
        Case("Je werkt fulltime, met 2 dagen per week op kantoor in Utrecht.", .flexibleHours, false),
        Case("Na 3 maanden krijg je een vast contract van 38 uur.", .flexibleHours, false),
        Case("Je reageert binnen 48 uur op klantvragen.", .flexibleHours, false),
        Case("Onze winkel is zes avonden per week open.", .flexibleHours, false),
        Case("Je verdient 14 euro per uur.", .flexibleHours, false),
        Case("Naast je salaris krijg je een reiskostenvergoeding.", .flexibleHours, false),
        Case("Wij zijn 24/7 bereikbaar.", .flexibleHours, false),
        Case("36-40 uur per week.", .flexibleHours, false),
        Case("Fulltime, 40 uur.", .flexibleHours, false),
        Case("Je werkt van 7.00 tot 16.00 uur.", .flexibleHours, false),
        Case("Wij zijn een flexibele werkgever; de functie is fulltime.", .flexibleHours, false),
        Case("Je bent bereid om flexibele uren te maken.", .flexibleHours, false),
        Case("De informatiebijeenkomst is op 12 mei van 14.00-16.00 uur.", .flexibleHours, false),
        Case("Je hebt 8 uur per jaar voor scholing.", .flexibleHours, false),
        Case("""
            Productiemedewerker / Je werkt in een 3-ploegendienst, 40 uur per week. Je bent flexibel en bereid om in het \
            weekend te werken.
            """, .flexibleHours, false),
        Case("Monteur / Werkweek van 4 x 10 uur, vrijdag vrij.", .flexibleHours, false),
        Case("Kantoor open ma t/m vr van 9.00 tot 12.00 uur voor vragen.", .flexibleHours, false),
        Case("Een contract van 36 uur, verdeeld over 4 dagen.", .flexibleHours, false),
        Case("Fulltime baan met flexibele begin- en eindtijden? Nee, wij werken met vaste tijden.", .flexibleHours, false),
        Case("De cursus duurt 3 ochtenden.", .flexibleHours, false),
        Case("Je werkt 4 dagen van 9 uur.", .flexibleHours, false),
        Case("Bij ons werk je fulltime (38 uur); deeltijd is niet mogelijk.", .flexibleHours, false),
        Case("Geef in je sollicitatie je beschikbaarheid aan.", .flexibleHours, false),
        Case("""
            Sales representative Benelux – Eindhoven / You visit customers in the Netherlands and Belgium. Requirements: \
            fluent Dutch and English, a driving licence and 3 years of sales experience. Full-time, 40 hours.
            """, .flexibleHours, false),
        Case("Je werkt 5 dagen per week, 8 uur per dag.", .flexibleHours, false),
        Case("De winkel is vijf avonden in de week open tot 21 uur.", .flexibleHours, false),
        // Dutch not required
        Case("Je spreekt Nederlands, Engels of Duits; één taal is genoeg.", .dutchNotRequired, true),
        Case("All meetings are held in English.", .dutchNotRequired, true),
        Case("Kitchen porter wanted in Utrecht, evening shifts, start this week. Salary 14 euro per hour.", .dutchNotRequired, true),
        Case("Knowledge of Dutch is an advantage.", .dutchNotRequired, true),
        Case("Speaking Dutch is a plus.", .dutchNotRequired, true),
        Case("Kennis van de Nederlandse taal is een pré.", .dutchNotRequired, true),
        Case("Anderstaligen zijn van harte welkom.", .dutchNotRequired, true),
        Case("Engels is voldoende.", .dutchNotRequired, true),
        Case("Dutch is optional.", .dutchNotRequired, true),
        Case("We are hiring cleaners for hotels in Amsterdam. You work in a friendly team.", .dutchNotRequired, true),
        Case("Nederlands of Engels spreken is voldoende.", .dutchNotRequired, true),
        Case("Je spreekt Nederlands en/of Engels.", .dutchNotRequired, true),
        Case("Praca na magazynie w Venlo, nie wymagamy znajomości języka niderlandzkiego.", .dutchNotRequired, true),
        Case("The team language is English.", .dutchNotRequired, true),
        Case("Wij zoeken anderstalige collega's; ook als je nog geen Nederlands spreekt ben je welkom.", .dutchNotRequired, true),
        Case("Taal is geen probleem: onze ploegleiders spreken Pools en Engels.", .dutchNotRequired, true),
        Case("Spreek je Engels of Duits? Dan ben je welkom in ons team.", .dutchNotRequired, true),
        Case("Je werkt in een Engelstalige omgeving.", .dutchNotRequired, true),
        Case("Warehouse workers needed in Tilburg. Day shifts, good salary, housing available.", .dutchNotRequired, true),
        Case("Nederlandse taal niet vereist.", .dutchNotRequired, true),
        Case("Dutch language skills are not required.", .dutchNotRequired, true),
        Case("De werktaal op de vloer is Engels.", .dutchNotRequired, true),
        Case("Instructies zijn in het Pools en Engels.", .dutchNotRequired, true),
        Case("No need to speak Dutch.", .dutchNotRequired, true),
        Case("""
            Production worker – Venlo / We are looking for production workers for a food factory. You will work in shifts. \
            Our team leaders speak English.
            """, .dutchNotRequired, true),
        Case("Schoonmaker hotel Amsterdam / Je werkt in een internationaal team; de voertaal is Engels.", .dutchNotRequired, true),
        Case("""
            Magazijnmedewerker / Onze collega's komen uit Polen, Roemenië en Nederland. Nederlands spreken is niet nodig.
            """, .dutchNotRequired, true),
        Case("Spreek je geen Nederlands? Geen probleem.", .dutchNotRequired, true),
        Case("De instructies op de werkvloer worden in het Engels gegeven.", .dutchNotRequired, true),
        Case("Ook als je nog geen Nederlands spreekt, kun je bij ons beginnen.", .dutchNotRequired, true),
        Case("Je werkt in een team waar Engels wordt gesproken.", .dutchNotRequired, true),
        Case("De voertaal is Engels.", .dutchNotRequired, true),
        Case("Onze leidinggevenden spreken Pools.", .dutchNotRequired, true),
        Case("You will be part of an international team; all communication is in English.", .dutchNotRequired, true),
        Case("English speaking team.", .dutchNotRequired, true),
        Case("Geen Nederlands nodig.", .dutchNotRequired, true),
        Case("You don't have to speak Dutch.", .dutchNotRequired, true),
        Case("Language requirements: English.", .dutchNotRequired, true),
        Case("""
            Kitchen assistant – Hotel De Haven, Scheveningen / What you'll do: prep vegetables, wash dishes and keep the \
            kitchen clean. Who we're looking for: someone reliable who likes teamwork. No experience needed. What we \
            offer: 24-32 hours a week, €14.20 per hour, free meals and a bike.
            """, .dutchNotRequired, true),
        Case("""
            Orderpicker (m/v) – Venray. Werk in een internationaal team; de instructies zijn in het Engels en Pools. Je \
            hoeft geen Nederlands te spreken. Huisvesting kan geregeld worden.
            """, .dutchNotRequired, true),
        Case("Chauffeur C – Roosendaal. Je spreekt Nederlands of Duits op B1-niveau en Engels is een pluspunt.", .dutchNotRequired, true),
        Case("Chauffeur C – Roosendaal. Je spreekt Nederlands, Duits of Engels; één van die talen is voldoende.", .dutchNotRequired, true),
        Case("No diploma or degree required.", .dutchNotRequired, false),
        Case("Diplomas are not important to us, your attitude is.", .dutchNotRequired, false),
        Case("You are fluent in Dutch and English.", .dutchNotRequired, false),
        Case("Dutch (written and spoken) is required.", .dutchNotRequired, false),
        Case("Je spreekt goed Engels en Nederlands.", .dutchNotRequired, false),
        Case("Docent Engels gezocht voor het voortgezet onderwijs.", .dutchNotRequired, false),
        Case("Vertaler Engels-Nederlands gezocht.", .dutchNotRequired, false),
        Case("We offer a Dutch language course, but you need Dutch at A2 level when you start.", .dutchNotRequired, false),
        Case("Je spreekt en schrijft vloeiend Nederlands.", .dutchNotRequired, false),
        Case("Nederlands op B1-niveau is vereist; Engels is een pré.", .dutchNotRequired, false),
        Case("Wij zoeken een docent Nederlands als tweede taal.", .dutchNotRequired, false),
        Case("Voor deze functie is Nederlands spreken een must; Engels is fijn.", .dutchNotRequired, false),
        Case("You speak Dutch and English fluently.", .dutchNotRequired, false),
        Case("Your Dutch is at least at B2 level.", .dutchNotRequired, false),
        Case("Ervaring met Engelstalige klanten is een pré.", .dutchNotRequired, false),
        Case("Je spreekt goed Nederlands en Pools.", .dutchNotRequired, false),
        Case("Engels is voldoende voor het lezen van handleidingen, maar je spreekt vloeiend Nederlands.", .dutchNotRequired, false),
        Case("Medewerker klantenservice Engelstalig, je spreekt ook vloeiend Nederlands.", .dutchNotRequired, false),
        Case("Dutch at C1 level is required.", .dutchNotRequired, false),
        Case("Je beheerst de Nederlandse taal in woord en geschrift.", .dutchNotRequired, false),
        Case("Nederlands is de voertaal.", .dutchNotRequired, false),
        Case("English and Dutch are required.", .dutchNotRequired, false),
        Case("Werk je graag in een internationaal team? Je spreekt vloeiend Nederlands en Engels.", .dutchNotRequired, false),
        Case("Customer service agent – Utrecht / You answer calls from Dutch customers, so you speak fluent Dutch.", .dutchNotRequired, false),
        Case("Verkoopmedewerker / Je spreekt Nederlands en bij voorkeur ook Engels.", .dutchNotRequired, false),
        Case("Je spreekt minimaal Nederlands op A2-niveau.", .dutchNotRequired, false),
        Case("Nederlands is onze voertaal op de werkvloer.", .dutchNotRequired, false),
        Case("Je communiceert in goed Nederlands met klanten.", .dutchNotRequired, false),
        Case("Engels is een pré, Nederlands een must.", .dutchNotRequired, false),
        Case("You master the Dutch language.", .dutchNotRequired, false),
        Case("Your mother tongue is Dutch.", .dutchNotRequired, false),
        Case("Warehouse worker Venlo. You communicate with our clients in Dutch.", .dutchNotRequired, false),
        Case("Leerling monteur (BBL). Je werkt vier dagen en gaat één dag naar school; de lessen zijn in het Nederlands.", .dutchNotRequired, false),
        Case("""
            Sales representative Benelux – Eindhoven / You visit customers in the Netherlands and Belgium. Requirements: \
            fluent Dutch and English, a driving licence and 3 years of sales experience. Full-time, 40 hours.
            """, .dutchNotRequired, false),
        Case("Spreek je Engels? Fijn, maar je spreekt ook vloeiend Nederlands.", .dutchNotRequired, false),
    ]

    @Test(arguments: classes)
    func signalClass(_ c: Case) {
        expectSignal(c)
    }

    /// The classes read from half C's errors (issue 21 point 3, second round), each beside its negation or look-alike;
    /// sentences written for these tests, none a row of any half.
    static let halfCClasses: [Case] = [
        // Lines run together by HTML stripping: a lower-case word followed by a capital, a dash before a capital, an
        // abbreviation's dot before a colon, a hyphenated name in a parenthesis.
        Case("Wat ga je doen?- dozen vouwen- etiketten plakkenUren: 16-24 per week", .flexibleHours, true),
        Case("Wat ga je doen?- dozen vouwen- etiketten plakkenUren: 38 per week", .flexibleHours, false),
        Case("Wij vragen:- rijbewijs C, bij voorkeur logistiek- Minimaal 3 jaar ervaring als chauffeur- Ervaring met koeltransport is een pré", .noExperience, false),
        Case("Wij vragen:- rijbewijs B- Ervaring met koeltransport is een pré", .noExperience, true),
        Case("Opl.: geen. Uren: 20. Start: per direct.", .noDiploma, true),
        Case("Opl.: mbo 3. Uren: 20. Start: per direct.", .noDiploma, false),
        Case("Geen diploma nodig, maar een lascertificaat (NEN-EN-ISO 9606-1) is verplicht.", .noDiploma, false),
        // An ad in English, told by its English words ("good pay", "near", "only"), not a fragment.
        Case("Dishwasher wanted in Leiden. Evening shifts, good pay.", .dutchNotRequired, true),
        Case("Part-time (20 hours), Haarlem office near the station.", .dutchNotRequired, true),
        Case("Room attendant for a hotel in Noordwijk. Good physical condition; we provide uniforms and meals.", .dutchNotRequired, true),
        Case("Parttime (20 uur), kantoor vlak bij het station van Haarlem.", .dutchNotRequired, false),
        Case("No diploma required.", .dutchNotRequired, false),
        // The languages a team speaks, and a floor leader who speaks yours; not Dutch as the floor's language.
        Case("Bike courier, Utrecht. English and Dutch are both spoken in our team.", .dutchNotRequired, true),
        Case("Warehouse worker, Venlo. On the floor only Dutch is spoken.", .dutchNotRequired, false),
        Case("Spreek je liever Roemeens of Engels? Onze voorman spreekt ze allebei.", .dutchNotRequired, true),
        Case("Spreek je liever Engels? Onze ploegleider spreekt alleen Nederlands.", .dutchNotRequired, false),
        Case("Taal geen probleem: onze teamleider spreekt Pools en Engels.", .dutchNotRequired, true),
        Case("Onze teamleider spreekt Pools en Engels, maar je spreekt zelf vloeiend Nederlands.", .dutchNotRequired, false),
        // A diploma still asked for: "als je maar ... hebt", a level that "is voldoende", a "come back once you have it";
        // diplomas of a kind welcomed; not a condition ("zodra je je diploma hebt").
        Case("Welke opleiding je deed maakt ons niet uit, als je maar een mbo 3-diploma hebt.", .noDiploma, false),
        Case("Welke opleiding je deed maakt ons niet uit.", .noDiploma, true),
        Case("Een diploma is bij de start niet vereist; een vaste aanstelling volgt zodra je je diploma hebt.", .noDiploma, true),
        Case("Een hoge opleiding is niet nodig: een vmbo-diploma is voldoende.", .noDiploma, false),
        Case("Een hoge opleiding is niet nodig.", .noDiploma, true),
        Case("Heb je je diploma nog niet op zak? Kom dan pas terug als je het hebt.", .noDiploma, false),
        Case("Heb je je diploma nog niet op zak? Geen probleem.", .noDiploma, true),
        Case("Buitenlandse diploma's zijn welkom; laat ze wel waarderen.", .noDiploma, false),
        Case("Een diploma is welkom, maar geen must.", .noDiploma, true),
        // A level of thinking is no diploma: it undoes no explicit waiver (and alone says nothing about one).
        Case("Een diploma is geen must. Wel vragen we minimaal mbo 2-werk- en denkniveau.", .noDiploma, true),
        Case("Wel vragen we minimaal mbo 2-werk- en denkniveau.", .noDiploma, false),
        Case("Een diploma is geen must, maar een mbo 2-diploma Logistiek is wel vereist.", .noDiploma, false),
        Case("Een diploma is geen must: heb je het vakdiploma nog niet, dan haal je het bij ons.", .noDiploma, true),
        // A diploma or experience, either will do (the conditional alternative); not both, not English "years of".
        Case("Je hebt een mbo 4-diploma Elektrotechniek of vergelijkbare werkervaring.", .noDiploma, true),
        Case("Je hebt een mbo 4-diploma Elektrotechniek of vergelijkbare werkervaring.", .noExperience, true),
        Case("You hold a bachelor's degree or equivalent work experience.", .noDiploma, true),
        Case("Je hebt een mbo 4-diploma Elektrotechniek en vergelijkbare werkervaring.", .noDiploma, false),
        Case("Je hebt een mbo 4-diploma Elektrotechniek en vergelijkbare werkervaring.", .noExperience, false),
        Case("Requirements: a bachelor's degree, 3 years of experience. No diploma? Then this is not your job.", .noExperience, false),
        // Experience asked for as years in a role, or capped; not an age.
        Case("Geen ervaring met Excel nodig, maar wel minimaal drie jaar als administratief medewerker.", .noExperience, false),
        Case("Geen ervaring nodig. Je bent minimaal 18 jaar.", .noExperience, true),
        Case("Net afgestudeerd of maximaal twee jaar werkervaring: dan zoeken we jou.", .noExperience, true),
        Case("You've just graduated or have up to one year of experience.", .noExperience, true),
        Case("You've just graduated or have at least one year of experience.", .noExperience, false),
        // A list of what is not asked, not a condition and its outcome.
        Case("Wij vragen: geen ervaring, geen diploma, wel een rijbewijs B.", .noExperience, true),
        Case("Wij vragen: geen ervaring, geen diploma, wel een rijbewijs B.", .noDiploma, true),
        Case("Geen ervaring, geen baan.", .noExperience, false),
        // Returners in words, invited; never done the work, and welcome.
        Case("Lange tijd uit het arbeidsproces geweest door de zorg voor een ouder of je kinderen? Ook dan ben je van harte welkom.", .noExperience, true),
        Case("Je bent minstens een jaar uit het arbeidsproces geweest en ontvangt een uitkering.", .noExperience, false),
        Case("Je bent welkom, ook als je al jaren niet gewerkt hebt.", .noExperience, true),
        Case("Je hebt de laatste jaren niet gewerkt in de zorg? Dan kom je helaas niet in aanmerking.", .noExperience, false),
        Case("Ook als je nog nooit een kassa hebt bediend, ben je welkom.", .noExperience, true),
        Case("Je bent nog nooit te laat gekomen en altijd netjes.", .noExperience, false),
        Case("Altijd al in de bouw willen werken maar nooit gedaan? Bij ons kan het.", .noExperience, true),
        Case("Altijd al in de bouw willen werken maar nooit gedaan? Dat kan helaas niet zonder vakdiploma.", .noExperience, false),
        // One branch of a condition: the other says "zonder ervaring".
        Case("Parttime kan als je al ervaring in de zorg hebt; zonder ervaring begin je fulltime.", .noExperience, true),
        Case("Parttime kan als je minimaal vijf jaar ervaring in de zorg hebt.", .noExperience, false),
        // A working day's span times the days counted before it: part-time below 35 a week; a span beside days counted is
        // the worker's, one beside an appointment is not.
        Case("Je werkt di, wo en vr van 8:30 tot 14:30.", .flexibleHours, true),
        Case("Je werkt ma t/m vr van 8:00 tot 16:30.", .flexibleHours, false),
        Case("Werktijden: maandag tot en met vrijdag van 18:00 tot 21:00 uur.", .flexibleHours, true),
        Case("Bediening in de lunchroom, vier middagen van 12 tot 16 uur.", .flexibleHours, true),
        Case("Informatiemiddag op dinsdag, van 14:00 tot 16:00 uur.", .flexibleHours, false),
        Case("Monday to Friday, 9:00-17:30, in our Utrecht office.", .flexibleHours, false),
        Case("Eén avond per week help je in de bibliotheek.", .flexibleHours, true),
        Case("Eén dag per week ga je naar school; je contract is 40 uur.", .flexibleHours, false),
        // Only weekend days or evenings; not beside weekdays, not in addition, not a demand, not in a full week.
        Case("Je werkt alleen op zaterdag en zondag.", .flexibleHours, true),
        Case("Krantenbezorger, zaterdagochtend, wijk Noord.", .flexibleHours, true),
        Case("Beschikbaar op vrijdag- en zaterdagavond.", .flexibleHours, true),
        Case("Je werkt ma t/m vr en ook op zaterdag.", .flexibleHours, false),
        Case("Fulltime (38 uur), beschikbaar op zaterdag en koopavond.", .flexibleHours, false),
        Case("Je bent bereid om op zaterdag te werken.", .flexibleHours, false),
        // Holiday work, a flexible roster, and part-timers: part-time only when the week is not full and the job is this one.
        Case("Vakantiewerk in de kassen, 38 uur per week.", .flexibleHours, false),
        // (a bare "vakantiewerk" counted until README-half-e 15 decided holiday work is not part-time by itself)
        Case("Vakantiewerk in de kassen in juli.", .flexibleHours, false),
        Case("Vakantiewerk in de kassen in juli, 24 uur per week.", .flexibleHours, true),
        Case("Fulltime functie (40 uur) met een flexibel rooster.", .flexibleHours, false),
        Case("Een flexibel rooster dat je zelf mee samenstelt.", .flexibleHours, true),
        Case("Als teamleider stuur je vijftien parttimers aan.", .flexibleHours, false),
        Case("Wij zoeken parttimers voor onze winkel.", .flexibleHours, true),
        // Onder schooltijden in words, and a free start time (flexitime, even in a full week).
        Case("Je werkt terwijl de kinderen op school zitten.", .flexibleHours, true),
        Case("Je werkt met kinderen als ze op school zitten.", .flexibleHours, false),
        Case("Je begint tussen 7:00 en 9:00 en werkt daarna je uren vol; 38 uur per week.", .flexibleHours, true),
        Case("De informatieavond begint tussen 19:00 en 19:30.", .flexibleHours, false),
        Case("Glijtijden, 38 uur per week.", .flexibleHours, true),
        // A trainer of participants teaches; a qualification earned in the job (employed, or on a route of months or
        // years) is learning while working, a course followed first is not; an mbo level or a bachelor is a qualification.
        Case("Als trainer in ons leerwerkbedrijf leer je cursisten met een Wajong-uitkering het vak.", .learnWhileWorking, false),
        Case("Als trainer in ons leerwerkbedrijf leer je cursisten met een Wajong-uitkering het vak.", .participation, false),
        Case("Je komt bij ons in dienst; in het eerste jaar haal je je mbo 2-diploma Logistiek.", .learnWhileWorking, true),
        Case("Geen diploma? Dan haal je eerst je mbo 2-diploma Logistiek voordat je bij ons begint.", .learnWhileWorking, false),
        Case("In twee jaar haal je bij ons je mbo-diploma Schilder.", .learnWhileWorking, true),
        Case("In loondienst volg je de opleiding op niveau 3 bij het ROC.", .learnWhileWorking, true),
        Case("Je hebt een opleiding op niveau 3 afgerond.", .learnWhileWorking, false),
        Case("In vijf maanden haal je bij onze partner-rijschool je rijbewijs C en code 95; je bent in loondienst.", .learnWhileWorking, true),
        Case("Wij zijn partner van de rijschool en leiden al 30 jaar chauffeurs op met code 95.", .learnWhileWorking, false),
        // A zij-instroom route the worker follows, whatever the role and the years of the career before it.
        Case("Je start als docent en volgt tegelijk een zij-instroomtraject; je hebt minimaal vijf jaar werkervaring in de techniek.", .learnWhileWorking, true),
        Case("Als docent begeleid je zij-instromers in hun instroomtraject; je hebt minimaal vijf jaar ervaring als docent.", .learnWhileWorking, false),
        // The job sought for someone with a beperking, the afstand in words, a policy sentence that names this job; not
        // the clients, not the organisation's staff at work, not diversity boilerplate.
        Case("Voor deze functie zoeken we iemand met een lichamelijke of psychische beperking.", .participation, true),
        Case("We zoeken een begeleider voor mensen met een lichamelijke of psychische beperking.", .participation, false),
        Case("Sta je verder van de arbeidsmarkt af? Bij ons kun je in je eigen tempo werken.", .participation, true),
        Case("Verder werk je samen met de afdeling Arbeidsmarkt.", .participation, false),
        Case("Wij zijn een inclusieve werkgever en hebben voor deze functie plaats voor iemand met een afstand tot de arbeidsmarkt.", .participation, true),
        Case("Wij zijn een inclusieve werkgever en helpen mensen met een afstand tot de arbeidsmarkt aan werk.", .participation, false),
        Case("Bij ons werken 40 medewerkers met een arbeidsbeperking; deze vacature is voor een planner.", .participation, false),
        Case("Medewerkers met een arbeidsbeperking zijn van harte welkom.", .participation, true),
        Case("We are an equal opportunity employer and welcome people with disabilities.", .participation, false),
        Case("This job is reserved for people with a disability.", .participation, true),
    ]

    @Test(arguments: halfCClasses)
    func signalClassOfHalfC(_ c: Case) {
        expectSignal(c)
    }

    /// Classes the main README's conventions settle, as README-half-d.md's conventions section spells them out (read,
    /// its rows not): a diploma got before the job vs in it, a certificate the worker must bring, people served who lack
    /// a diploma, an organisation's record of schemes, dagdelen without "per week", partial Dutch, lessons in English,
    /// "maakt niets uit", "hoeft nog nooit", a starter's question answered no. Sentences written for these tests.
    static let conventionClasses: [Case] = [
        Case("Geen diploma nodig: je volgt eerst bij ons de opleiding Beveiliger 2, voordat je begint.", .noDiploma, false),
        Case("Ervaring en diploma zijn niet nodig; het orderpickcertificaat haal je vóór je start.", .noDiploma, false),
        Case("Geen diploma? Dan haal je het bij ons, in dienst en betaald.", .noDiploma, true),
        Case("Je hebt het diploma Sociale Hygiëne, of je bent bereid het binnen een jaar bij ons te halen.", .noDiploma, true),
        Case("Je hebt het diploma Sociale Hygiëne, of je haalt het eerst bij een opleider voordat je begint.", .noDiploma, false),
        Case("Geen diploma nodig, maar wel een geldig VCA-certificaat.", .noDiploma, false),
        Case("Geen diploma nodig; je VCA regelen wij in de eerste week.", .noDiploma, true),
        Case("Wij helpen jongeren zonder diploma aan een baan.", .noDiploma, false),
        Case("Ook kandidaten zonder diploma zijn welkom.", .noDiploma, true),
        Case("Welke opleiding je hebt gedaan, maakt ons niets uit.", .noDiploma, true),
        Case("Wij hebben 12 garantiebanen in onze kantine. Deze vacature is voor de receptie.", .participation, false),
        Case("Wij hebben 2 garantiebanen open in onze kantine.", .participation, true),
        Case("Wij hebben de Banenafspraak-pledge ondertekend. Je werkt als planner, 38 uur.", .participation, false),
        Case("Je werkt drie ochtenden in onze bakkerij.", .flexibleHours, true),
        Case("Een cursus van drie ochtenden hoort bij de introductie.", .flexibleHours, false),
        Case("Je Nederlands hoeft niet perfect te zijn.", .dutchNotRequired, false),
        Case("Een beetje Nederlands is genoeg.", .dutchNotRequired, false),
        Case("Nederlands of Engels is genoeg.", .dutchNotRequired, true),
        Case("Warehouse job in Venlo. Your Dutch does not need to be fluent.", .dutchNotRequired, false),
        Case("Warehouse job in Venlo. Dutch is not needed.", .dutchNotRequired, true),
        Case("Warehouse job in Venlo. No Dutch needed and fluent English is a plus.", .dutchNotRequired, true),
        Case("BBL-opleiding Logistiek: de lessen zijn in het Engels.", .dutchNotRequired, true),
        Case("BBL-opleiding Logistiek: de lessen zijn in het Nederlands.", .dutchNotRequired, false),
        Case("Je hoeft nog nooit een heftruck te hebben bestuurd.", .noExperience, true),
        Case("Net afgestudeerd? Dan is deze rol nog te zwaar.", .noExperience, false),
        Case("Net afgestudeerd? Dan ben je welkom.", .noExperience, true),
        Case("Instapfunctie? Nee, dit is een doorgroeifunctie voor ervaren krachten.", .noExperience, false),
        Case("Ben je herintreder? Dan bieden we je een opfriscursus, zodat je niet achterloopt.", .noExperience, true),
        Case("Wij bieden 3 garantiebanen in onze kantine.", .participation, true),
        Case("Zaterdag en zondag gesloten.", .flexibleHours, false),
        Case("Onze winkel is open van maandag tot en met vrijdag, van 9:00 tot 12:00.", .flexibleHours, false),
        Case("Een dag per week werk je vanuit huis.", .flexibleHours, false),
    ]

    @Test(arguments: conventionClasses)
    func signalClassOfTheConventions(_ c: Case) {
        expectSignal(c)
    }

    /// Half D's error classes (issue 21 point 3, third round: half D tuned on), each with sentences written for these tests,
    /// none a row of any half: a recognised diploma denied of a training, a demand softened or a level that is enough,
    /// "without it, no job", an entry job beside the leading one advertised, a title "in opleiding" without a route,
    /// learners on an internship, a qualification beside the job, a welcome on the condition of fluent Dutch, a negation
    /// over a list and a list's shared predicate, interest denied, "what we do not ask", typos in the key words, ads in
    /// German, Polish and Turkish, zero hours, hours "in overleg", times a week, a language label, lessons in English, a
    /// traineeship ending in a recognised training, returners sought, list items after a dash, the diploma waived for the
    /// experienced and asked of the rest.
    static let halfDClasses: [Case] = [
        Case("De cursus duurt drie dagen en je krijgt een bewijs van deelname, geen officieel diploma.", .noDiploma, false),
        Case("Na de training ontvang je een deelnamecertificaat; het is geen erkende diplomaopleiding.", .noDiploma, false),
        Case("This course is not a recognised degree programme.", .noDiploma, false),
        Case("Je hebt geen erkend diploma nodig om bij ons te beginnen.", .noDiploma, true),
        Case("Er zijn geen hoge opleidingseisen: een vmbo-diploma in elke richting is voldoende.", .noDiploma, false),
        Case("Geen zware eisen aan je opleiding: een mbo 2-diploma in welke richting dan ook is genoeg.", .noDiploma, false),
        Case("Geen diploma-eisen: motivatie is genoeg.", .noDiploma, true),
        Case("Zonder diploma VCA mag je de bouwplaats niet op.", .noDiploma, false),
        Case("Without a degree you cannot apply for this position.", .noDiploma, false),
        Case("Zonder diploma kun je bij ons gewoon beginnen.", .noDiploma, true),
        Case("Zonder rijbewijs kun je deze baan niet doen, een diploma is niet nodig.", .noDiploma, true),
        Case("Deze baan is voor iemand uit het doelgroepregister; zonder indicatie banenafspraak kunnen we je helaas niet aannemen.", .participation, true),
        Case("Zonder indicatie banenafspraak kunnen we je niet plaatsen.", .participation, true),
        Case("Kandidaten uit het doelgroepregister kunnen we helaas niet plaatsen.", .participation, false),
        Case("Starters zijn welkom in onze instapfuncties; voor deze functie als ploegleider zoeken we iemand die een team aanstuurt.", .noExperience, false),
        Case("Starters zijn welkom in deze functie als productiemedewerker.", .noExperience, true),
        Case("Kok in opleiding gezocht. Je kijkt de kunst af van onze chef.", .learnWhileWorking, false),
        Case("Kok in opleiding gezocht. Je haalt in twee jaar je mbo-diploma, in loondienst.", .learnWhileWorking, true),
        Case("Monteur in opleiding: bij ons in dienst volg je de erkende opleiding tot monteur.", .learnWhileWorking, true),
        Case("Leerling-verzorgenden lopen bij ons stage; deze vacature is voor een ervaren verzorgende IG.", .learnWhileWorking, false),
        Case("Als leerling-verzorgende werk je bij ons en ga je één dag per week naar school.", .learnWhileWorking, true),
        Case("Naast je baan haal je je bevoegdheid als docent.", .flexibleHours, false),
        Case("Ideaal als bijbaan naast je studie.", .flexibleHours, true),
        Case("Is Nederlands niet je eerste taal? Geen punt, zolang je het goed spreekt.", .dutchNotRequired, false),
        Case("Spreek je nog geen Nederlands? Geen probleem, mits je vloeiend Engels spreekt.", .dutchNotRequired, true),
        Case("Nederlands is niet je moedertaal? Geen probleem.", .dutchNotRequired, true),
        Case("We do not ask for any diplomas or experience.", .noExperience, true),
        Case("We do not ask for any diplomas or experience.", .noDiploma, true),
        Case("We don't need a degree, but experience is required.", .noExperience, false),
        Case("Ervaring, diploma of opleiding: het maakt ons niet uit.", .noExperience, true),
        Case("Ervaring, diploma of opleiding: het maakt ons niet uit.", .noDiploma, true),
        Case("Ervaring – niet nodig.", .noExperience, true),
        Case("Ervaring, motivatie en inzet: die vragen we wel.", .noExperience, false),
        Case("Ervaring, een rijbewijs en een diploma zijn vereist.", .noDiploma, false),
        Case("Ervaring, diploma's of taal: het maakt niet uit.", .dutchNotRequired, true),
        Case("Kennis van de Engelse taal is een pré.", .dutchNotRequired, false),
        Case("Taal is geen probleem: op de werkvloer spreken we Engels.", .dutchNotRequired, true),
        Case("Ongeacht je taal, achtergrond of leeftijd ben je welkom.", .dutchNotRequired, false),
        Case("We zijn niet geïnteresseerd in je diploma's, wel in je inzet.", .noDiploma, true),
        Case("Ben je geïnteresseerd in een diploma? Dan kun je bij ons een opleiding volgen.", .noDiploma, false),
        Case("Wat vragen we niet? Ervaring.", .noExperience, true),
        Case("Wat vragen we? Ervaring in de bouw.", .noExperience, false),
        Case("What don't we ask for? A diploma.", .noDiploma, true),
        Case("Geen diplome nodig.", .noDiploma, true),
        Case("Ervaring is niet noodzakerlijk.", .noExperience, true),
        Case("Keine Erfahrung nötig.", .noExperience, true),
        Case("Ein Diplom ist nicht erforderlich.", .noDiploma, true),
        Case("Kein Diplom nötig, ein Abschluss als Elektriker ist erforderlich.", .noDiploma, false),
        Case("Teilzeit möglich, 20 Stunden pro Woche.", .flexibleHours, true),
        Case("Vollzeit, 40 Stunden pro Woche.", .flexibleHours, false),
        Case("Niederländischkenntnisse sind nicht erforderlich.", .dutchNotRequired, true),
        Case("Niederländisch auf B1-Niveau ist erforderlich.", .dutchNotRequired, false),
        Case("Praca bez doświadczenia.", .noExperience, true),
        Case("Znajomość języka niderlandzkiego nie jest wymagana.", .dutchNotRequired, true),
        Case("Praca na pół etatu, 20 godz. tygodniowo.", .flexibleHours, true),
        Case("Deneyim gerekmez.", .noExperience, true),
        Case("Hollandaca bilmeniz gerekli.", .dutchNotRequired, false),
        Case("Zero hours contract for bar staff.", .flexibleHours, true),
        Case("Zero tolerance for drugs and alcohol. 40 hours a week.", .flexibleHours, false),
        Case("Het aantal uur stemmen we in overleg af.", .flexibleHours, true),
        Case("Om 8 uur in overleg met de planner de ritten verdelen.", .flexibleHours, false),
        Case("Schoonmaakhulp, 3x per week 2 uur.", .flexibleHours, true),
        Case("Schoonmaakhulp, 2 keer per week 4 uur.", .flexibleHours, true),
        Case("Chauffeur, 5x per week 8 uur.", .flexibleHours, false),
        Case("Taal op de werkvloer: Engels.", .dutchNotRequired, true),
        Case("Taal: Nederlands en Engels.", .dutchNotRequired, false),
        Case("De theorielessen zijn in het Engels.", .dutchNotRequired, true),
        Case("De rijlessen zijn in het Nederlands.", .dutchNotRequired, false),
        Case("Traineeship logistiek: in twee jaar rond je de erkende opleiding Logistiek Manager af.", .learnWhileWorking, true),
        Case("Traineeship: het is geen erkende opleiding, wel een leerzame tijd.", .learnWhileWorking, false),
        Case("Heb je lang niet gewerkt? Wij zoeken medewerkers voor onze kantine.", .noExperience, true),
        Case("Heb je lang niet gewerkt? Wij zoeken iemand die de afgelopen twee jaar als kok heeft gewerkt.", .noExperience, false),
        Case("Wat we vragen: - je bent minimaal 18 jaar - ervaring is mooi maar niet nodig - je hebt een fiets.", .noExperience, true),
        Case("Ma t/m vr 17:30 - 20:00 uur.", .flexibleHours, true),
        Case("Heb je een paar jaar in de bouw gewerkt, dan vragen we geen diploma. Ben je nieuw in het vak, dan vragen we een mbo 2-diploma.", .noExperience, true),
        Case("Heb je een paar jaar in de bouw gewerkt, dan vragen we geen diploma. Ben je nieuw in het vak, dan vragen we een mbo 2-diploma.", .noDiploma, true),
        Case("Heb je een paar jaar in de bouw gewerkt, dan vragen we geen diploma.", .noExperience, false),
    ]

    @Test(arguments: halfDClasses)
    func signalClassOfHalfD(_ c: Case) {
        expectSignal(c)
    }

    /// Half E's error classes (issue 21 point 3, fourth round), false positives first: part-time refused in a question's
    /// answer, a level's number read as hours, a standby duty, the place chosen rather than the hours, a stand-in on a
    /// contract of its own, years in a sector, a level named the minimum, a staff job placing learners, the
    /// organisation's learners set apart from this job; then hours: days counted after a span, a night past midnight, a
    /// short span on a few days, a short span alone, weekend days in a compound or in English, a month's hours, days of
    /// so many hours, school in another clause, "u.p.w.", a bijbaner. Sentences of our own, none a row of any half.
    static let halfEClasses: [Case] = [
        Case("Parttime werken? Helaas niet, we zoeken iemand voor vijf dagen.", .flexibleHours, false),
        Case("Parttime? Nee, deze functie is 40 uur.", .flexibleHours, false),
        Case("Parttime? Dat kan niet bij deze functie.", .flexibleHours, false),
        Case("Parttime? Geen probleem, ook 24 uur kan.", .flexibleHours, true),
        Case("Deeltijd? Dat kan, vanaf 20 uur.", .flexibleHours, true),
        Case("Magazijnchef, mbo 4, 38 uur per week.", .flexibleHours, false),
        Case("Monteur (niveau 3) voor 40 uur.", .flexibleHours, false),
        Case("Assistent (hbo, 24-32 uur) in Zwolle.", .flexibleHours, true),
        Case("Je draait mee in de storingsdienst, naast je fulltime baan als monteur.", .flexibleHours, false),
        Case("Eens per maand ben je oproepbaar in het weekend.", .flexibleHours, false),
        Case("Een leuke bijbaan naast je fulltime baan.", .flexibleHours, true),
        Case("Je bepaalt zelf waar je werkt, thuis of op kantoor (38 uur).", .flexibleHours, false),
        Case("Je bepaalt zelf hoeveel uur je werkt.", .flexibleHours, true),
        Case("Je stelt zelf je rooster samen.", .flexibleHours, true),
        Case("Als invaller krijg je een contract voor een jaar, 38 uur.", .flexibleHours, false),
        Case("Invalkrachten gezocht voor onze kinderopvang.", .flexibleHours, true),
        Case("Geen ervaring met Excel nodig, wel minimaal drie jaar in de bouw.", .noExperience, false),
        Case("Geen ervaring nodig; je bent minimaal 18 jaar.", .noExperience, true),
        Case("Geen ervaring nodig; je tekent voor minimaal een jaar in dienst.", .noExperience, true),
        Case("Een vmbo-diploma of vergelijkbare werkervaring (minimaal een jaar in de zorg).", .noExperience, true),
        Case("Een hbo-diploma is mooi meegenomen; een mbo 4-diploma is het minimum.", .noDiploma, false),
        Case("Een hbo-diploma is mooi meegenomen.", .noDiploma, true),
        Case("Als stagecoördinator zoek je plekken voor BBL-studenten in de regio.", .learnWhileWorking, false),
        Case("Wij zoeken BBL-studenten voor onze werkplaats.", .learnWhileWorking, true),
        Case("In onze werkplaats leren veel jongeren via de BBL. Voor deze functie zoeken we echter een ervaren planner.", .learnWhileWorking, false),
        Case("In onze werkplaats leren veel jongeren via de BBL. Voor deze functie bieden we je ook een BBL-plek.", .learnWhileWorking, true),
        Case("Werktijden van 8.00 tot 14.00 uur, vijf dagen per week.", .flexibleHours, true),
        Case("Werktijden van 8.00 tot 17.00 uur, vijf dagen per week.", .flexibleHours, false),
        Case("Nachtdienst op za en zo, 23.00-07.00.", .flexibleHours, true),
        Case("Nachtdienst ma t/m vr, 23.00-07.00.", .flexibleHours, false),
        Case("Overblijven op ma/di/do 12.00-13.00.", .flexibleHours, true),
        Case("Kom langs op het spreekuur, elke woensdag van 10 tot 12 uur.", .flexibleHours, false),
        Case("Ochtendploeg 06.00-11.00 in onze bakkerij.", .flexibleHours, true),
        Case("Dagdienst 07.00-15.30 in onze bakkerij.", .flexibleHours, false),
        Case("Schoonmaker, avonduren 18.00-21.30.", .flexibleHours, true),
        Case("Bezorger, alleen zaterdagdiensten.", .flexibleHours, true),
        Case("Cook for weekends in our beach bar.", .flexibleHours, true),
        Case("Sundays only, bar staff wanted.", .flexibleHours, true),
        Case("Cook, Monday to Friday, also weekends when it is busy, 40 hours.", .flexibleHours, false),
        Case("Notulist voor de cliëntenraad, ongeveer 10 uur per maand.", .flexibleHours, true),
        Case("Je werkt 160 uur per maand.", .flexibleHours, false),
        Case("Een contract van 3 dagen van 7 uur.", .flexibleHours, true),
        Case("Een contract van 4 dagen van 9 uur.", .flexibleHours, false),
        Case("Je werkt op maandag en drie ochtenden door de week, naast je BBL-opleiding.", .flexibleHours, true),
        Case("Je gaat drie ochtenden naar school.", .flexibleHours, false),
        Case("Inpakker, 20-24 u.p.w.", .flexibleHours, true),
        Case("Inpakker, 38 u.p.w.", .flexibleHours, false),
        Case("Wij zoeken een bijbaner voor de afwas.", .flexibleHours, true),
    ]

    @Test(arguments: halfEClasses)
    func signalClassOfHalfE(_ c: Case) {
        expectSignal(c)
    }

    /// Sentences of our own (none a row of any half) for the classes of half F's errors (fifth round), false positives first:
    /// a job denied with its flexible hours, flexible hours the ad defines as something else, days or times agreed within a
    /// full week, a requirement said by "wel" alone, a language one need not know, a route for a later role, a route asked
    /// about and denied, the organisation's learners beside a qualified job, a question answered with a step before the
    /// start; then recall: a level of skill beside a waived diploma, a finished training not asked, whether one has it, a
    /// comparison, an alternative measured in words, a place for people without a diploma, "ook zonder" with its noun left
    /// out, an equal welcome, the article before a second language, hours written out, shifts counted.
    static let halfFClasses: [Case] = [
        Case("Dit is geen functie met parttime uren: je werkt 38 uur per week.", .flexibleHours, false),
        Case("Not a job with flexible hours: fixed shifts, 40 hours a week.", .flexibleHours, false),
        Case("Een baan met flexibele werktijden in onze winkel.", .flexibleHours, true),
        Case("Flexibele werktijden betekent bij ons: je begint wanneer de planning het zegt. Contract 38 uur.", .flexibleHours, false),
        Case("Flexibele werktijden betekent hier dat je zelf kiest hoe laat je begint.", .flexibleHours, true),
        Case("Flexibele werktijden? Bij ons houdt dat in dat je bereid bent in het weekend bij te springen.", .flexibleHours, false),
        Case("Werktijden in overleg, binnen een werkweek van 40 uur.", .flexibleHours, false),
        Case("Werktijden in overleg.", .flexibleHours, true),
        Case("Het aantal uren in overleg, tot 40 uur per week.", .flexibleHours, true),
        Case("Een 32-urige werkweek in Zwolle.", .flexibleHours, true),
        Case("Een 40-urige werkweek; je werkdagen bepalen we in overleg.", .flexibleHours, false),
        Case("Ervaring met ons kassasysteem is niet nodig; ervaring in de verkoop wel.", .noExperience, false),
        Case("Ervaring met ons kassasysteem is niet nodig; een rijbewijs wel.", .noExperience, true),
        Case("Engels hoef je niet te kunnen.", .noExperience, false),
        Case("Je hoeft geen Duits te kunnen spreken.", .noExperience, false),
        Case("Je hoeft nog niets te kunnen.", .noExperience, true),
        Case("Wil je later doorgroeien naar chef, dan kun je bij ons een BBL-opleiding volgen.", .learnWhileWorking, false),
        Case("Je start via de BBL en kunt later doorgroeien naar chef.", .learnWhileWorking, true),
        Case("BBL? Nee, een opleiding hoort niet bij deze baan.", .learnWhileWorking, false),
        Case("BBL? Ja, je volgt bij ons de BBL-opleiding Bakker.", .learnWhileWorking, true),
        Case("Onze BBL-leerlingen zijn na twee jaar klaar. Deze functie is voor een gediplomeerd elektricien.", .learnWhileWorking, false),
        Case("Bij ons leren jongeren via de BBL het vak. Voor deze functie als projectleider zoeken we een ingenieur.", .learnWhileWorking, false),
        Case("Je leert het vak via de BBL. Voor deze functie vragen we een afgerond vmbo.", .learnWhileWorking, true),
        Case("Spreek je nog geen Nederlands? Dan volg je eerst onze taalcursus; pas na het examen kun je beginnen.", .dutchNotRequired, false),
        Case("Spreek je nog geen Nederlands? Geen probleem, je kunt meteen beginnen.", .dutchNotRequired, true),
        Case("Nog geen diploma? Pas met je diploma op zak kun je starten.", .noDiploma, false),
        Case("Geen ervaring? Geen probleem, je krijgt eerst een training.", .noExperience, true),
        Case("Je rekent op mbo-niveau, maar een diploma vragen we niet.", .noDiploma, true),
        Case("Je hebt minimaal een mbo 3-diploma; ervaring vragen we niet.", .noDiploma, false),
        Case("Een afgeronde opleiding is niet nodig.", .noDiploma, true),
        Case("Een afgeronde opleiding is vereist.", .noDiploma, false),
        Case("Of je een diploma hebt, maakt ons niet uit.", .noDiploma, true),
        Case("Je hebt een diploma, anders kun je niet starten.", .noDiploma, false),
        Case("Een diploma is voor ons minder belangrijk dan je inzet; zonder diploma kun je gewoon beginnen.", .noDiploma, true),
        Case("Een diploma is voor ons belangrijk.", .noDiploma, false),
        Case("Een vakdiploma of een paar jaar vergelijkbare ervaring.", .noDiploma, true),
        Case("Een vakdiploma of een paar jaar vergelijkbare ervaring.", .noExperience, true),
        Case("Een mbo 4-diploma of hoger, en minimaal twee jaar ervaring.", .noDiploma, false),
        Case("Leerwerkplek voor jongeren zonder diploma in onze bakkerij.", .noDiploma, true),
        Case("Als mentor begeleid je jongeren zonder diploma.", .noDiploma, false),
        Case("Een vakdiploma heb je liefst, maar je kunt ook zonder beginnen.", .noDiploma, true),
        Case("Een vakdiploma is verplicht; zonder kun je niet beginnen.", .noDiploma, false),
        Case("Geen diploma gehaald? Je telt bij ons net zo goed mee.", .noDiploma, true),
        Case("Je spreekt het Nederlands of het Engels goed.", .dutchNotRequired, true),
        Case("Je spreekt het Nederlands en het Engels goed.", .dutchNotRequired, false),
        Case("Je werkt acht uur per week in de kantine.", .flexibleHours, true),
        Case("Drie diensten van acht uur per week.", .flexibleHours, true),
        Case("Vijf diensten van acht uur per week.", .flexibleHours, false),
        Case("Je werkt twaalf uur in de week.", .flexibleHours, true),
        Case("Je geeft elke week door op welke dagen je beschikbaar bent.", .flexibleHours, true),
        Case("Je bent elke week beschikbaar van maandag tot en met vrijdag, 40 uur.", .flexibleHours, false),
        Case("Het aantal uren spreken we samen af.", .flexibleHours, true),
        Case("Samen met je collega's bepaal je de planning, 38 uur per week.", .flexibleHours, false),
        Case("Gastvrouw in ons café, op zaterdag en zondag.", .flexibleHours, true),
        Case("Gastvrouw in ons café, ma t/m vr en op zaterdag en zondag.", .flexibleHours, false),
        Case("Schoonmaker, 2 tot 6 uur per week.", .flexibleHours, true),
        Case("Ben je net klaar met je studie? Dan is dit je kans.", .noExperience, true),
        Case("Ben je net klaar met je studie? Dan is deze rol nog te zwaar.", .noExperience, false),
        Case("Kitchen porter at our hotel in Breda. We train you on the job.", .dutchNotRequired, true),
        Case("Warehouse workers for our site in Venlo, fluent Dutch required.", .dutchNotRequired, false),
        Case("No diploma or degree needed.", .dutchNotRequired, false),
        Case("Internship for design students at our studio in Utrecht.", .dutchNotRequired, true),
    ]

    @Test(arguments: halfFClasses)
    func signalClassOfHalfF(_ c: Case) {
        expectSignal(c)
    }

    /// Sentences of our own (none a row of any half) for the classes of half G's false positives (sixth round), each beside
    /// the reading that still counts: a route for a later moment or set against this job, a route denied after it, a training
    /// denied its diploma after it; flexible words explained by the employer's planning, a choice that is not of times, part-time
    /// said of a study, nights as working days, work and school together full-time; a scheme's people refused, a staff role as
    /// the title; a diploma as a route's outcome, a "mits" condition, a certificate card; a question answered "not for this
    /// one", years of a skill; fluency asked in German.
    static let halfGClasses: [Case] = [
        Case("Wil je later chef worden, dan betalen wij je BBL-opleiding. Deze vacature is voor een ervaren slager.", .learnWhileWorking, false),
        Case("Na je eerste jaar mag je bij ons de BBL-opleiding volgen.", .learnWhileWorking, false),
        Case("Je start direct met de BBL-opleiding en kunt later doorgroeien.", .learnWhileWorking, true),
        Case("Doorstromen?Na een jaar kun je chef worden. Die BBL-opleiding betalen wij dan.", .learnWhileWorking, false),
        Case("Ons bedrijf heeft twintig leerwerkplekken, maar deze vacature is een vaste baan als chauffeur.", .learnWhileWorking, false),
        Case("Leerwerkplek in onze keuken, maar je moet wel van aanpakken houden.", .learnWhileWorking, true),
        Case("Een BBL-traject is in deze functie geen optie.", .learnWhileWorking, false),
        Case("BBL-traject bij de bakkerij, geen vooropleiding nodig.", .learnWhileWorking, true),
        Case("We leiden je in een week op tot heftruckchauffeur; een erkend diploma levert dat niet op.", .learnWhileWorking, false),
        Case("We leiden je op tot lasser, inclusief erkend diploma.", .learnWhileWorking, true),
        Case("Flexibele werktijden: de planning bepaalt elke week je begintijd. 38 uur.", .flexibleHours, false),
        Case("Flexibele werktijden: je kiest zelf je begintijd. 38 uur.", .flexibleHours, true),
        Case("Je begint tussen 7.00 en 9.00 uur, afhankelijk van het rooster van de planner; 40 uur per week.", .flexibleHours, false),
        Case("Je begint tussen 7.00 en 9.00 uur, 40 uur per week.", .flexibleHours, true),
        Case("Flexibele werktijden in de zin dat je soms in het weekend bijspringt; 40 uur.", .flexibleHours, false),
        Case("Engels of Duits aan de balie, dat mag je zelf kiezen.", .flexibleHours, false),
        Case("Je kiest zelf je diensten.", .flexibleHours, true),
        Case("Je wordt leraar via een hbo-opleiding in deeltijd terwijl je lesgeeft.", .flexibleHours, false),
        Case("Een baan in deeltijd in onze winkel.", .flexibleHours, true),
        Case("Parttime studenten gezocht voor de kassa.", .flexibleHours, true),
        Case("Je bent meteen in dienst en haalt je diploma bij onze eigen opleiding.", .flexibleHours, false),
        Case("Vier nachten per week van 22.00 tot 7.00 uur.", .flexibleHours, false),
        Case("Twee nachten per week van 22.00 tot 6.00 uur.", .flexibleHours, true),
        Case("Leerbaan: 28 uur werken en 12 uur school, samen een voltijdbaan.", .flexibleHours, false),
        Case("Bij dit bedrijf komen mensen uit het doelgroepregister voor deze functie niet in aanmerking.", .participation, false),
        Case("Wij nemen voor deze functie geen mensen uit het doelgroepregister aan.", .participation, false),
        Case("Wij nemen voor deze functie graag mensen uit het doelgroepregister aan.", .participation, true),
        Case("Consulent Participatiewet bij de gemeente. Je spreekt met inwoners in de bijstand.", .participation, false),
        Case("Zit je in de bijstand? Deze baan in onze wasserij is voor jou.", .participation, true),
        Case("Je werkt in de tuin: geen cursus, geen diploma aan het eind.", .noDiploma, false),
        Case("Geen diploma nodig om te beginnen.", .noDiploma, true),
        Case("Beginnen kan zonder vakopleiding, mits je een havo-diploma hebt.", .noDiploma, false),
        Case("Beginnen kan zonder vakopleiding.", .noDiploma, true),
        Case("Een diploma is niet belangrijk; het pasje Beveiliger 2 heb je wel nodig.", .noDiploma, false),
        Case("Starters welkom? Not for this one: a finished degree is required.", .noExperience, false),
        Case("Starters? Nee, voor deze rol zoeken we een ervaren kracht.", .noExperience, false),
        Case("Starters? Van harte welkom!", .noExperience, true),
        Case("A degree or equivalent experience, and at least four years of professional Java.", .noExperience, false),
        Case("A degree or equivalent experience.", .noExperience, true),
        Case("Job in Venlo. Sie sprechen fließend Niederländisch, das ist Pflicht.", .dutchNotRequired, false),
        // The same scope rules on sentences of other kinds: a later moment, another role's hours, the employer's roster.
        Case("Over een jaar mag je bij ons de BBL-opleiding volgen.", .learnWhileWorking, false),
        Case("Parttime werken kan bij de administratie, maar deze functie is 40 uur.", .flexibleHours, false),
        Case("Parttime werken kan, ook in deze functie.", .flexibleHours, true),
        Case("Flexibele werktijden: wij maken het rooster, je werkt 38 uur.", .flexibleHours, false),
        Case("Flexibele werktijden: begin wanneer het jou uitkomt, 38 uur.", .flexibleHours, true),
        Case("Deeltijd studeren naast je fulltime baan kan bij ons.", .flexibleHours, false),
        Case("Ideaal naast je baan: twee avonden per week.", .flexibleHours, true),
        // Recall: the number of hours agreed, hours after "p.w.", a job noun before "van N uur", shifts counted per week.
        Case("Hoeveel uren je draait, bepalen we samen.", .flexibleHours, true),
        Case("Het urental stemmen we af met de planner.", .flexibleHours, true),
        Case("Wanneer je begint, stemmen we samen af; de werkweek is 40 uur.", .flexibleHours, false),
        Case("Contracturen p.w.: 16-24", .flexibleHours, true),
        Case("Een leerbaan van 20 uur in de keuken.", .flexibleHours, true),
        Case("Open van 8 uur tot 17 uur.", .flexibleHours, false),
        Case("Vier korte diensten per week van 17.00 tot 21.00 uur.", .flexibleHours, true),
        Case("Vijf vroege diensten per week van 6.00 tot 14.30 uur.", .flexibleHours, false),
        Case("Productie in een 2-ploegendienst (06:00-14:30 / 14:30-23:00), 40 uur.", .flexibleHours, false),
        // Recall: "hoef je ... niet" far apart, "evenmin", "ook zonder" before a verb, a requirement denied with the verb left out.
        Case("Een vakdiploma hoef je voor dit werk in onze kwekerij niet te hebben.", .noDiploma, true),
        Case("Een diploma is niet vereist, en ervaring is evenmin nodig.", .noExperience, true),
        Case("Liefst een diploma Verkoop, maar ook zonder kun je beginnen.", .noDiploma, true),
        Case("Een rijbewijs is een voorwaarde; een diploma niet.", .noDiploma, true),
        Case("Een rijbewijs is een voorwaarde; een diploma ook.", .noDiploma, false),
    ]

    @Test(arguments: halfGClasses)
    func signalClassOfHalfG(_ c: Case) {
        expectSignal(c)
    }

    /// Half H's classes (the seventh round of issue 21 point 3, docs/signals.md), each as sentences of our own, none a row of
    /// any half: the class, its look-alikes that must keep their signal, and the same scope in other kinds of sentence.
    static let halfHClasses: [Case] = [
        // A waiver put in a wish's conditional mood is not made; a wish for the thing (the mood after it) is a pré.
        Case("We zouden graag zeggen dat ervaring niet nodig is, maar voor deze functie vragen we drie jaar.", .noExperience, false),
        Case("Je zou denken dat een diploma niet nodig is voor dit werk; de cao eist mbo 2.", .noDiploma, false),
        Case("We would love to say that no degree is required, but the law asks for one.", .noDiploma, false),
        Case("We zouden graag meer parttimers aannemen, maar deze functie is fulltime.", .flexibleHours, false),
        Case("Een diploma zou mooi zijn, maar het is geen must.", .noDiploma, true),
        Case("We zouden graag met je kennismaken. Ervaring is niet nodig.", .noExperience, true),
        Case("We would love to hear from you, no experience needed.", .noExperience, true),
        // A later clause that says what this vacancy is for: what came before was another role's or the organisation's.
        Case("Voor de bediening vragen we geen ervaring, maar deze vacature is voor een ervaren kok.", .noExperience, false),
        Case("Voor de afwas vragen we geen diploma, maar deze functie betreft de sous-chef: minimaal Kok niveau 4.", .noDiploma, false),
        Case("Onze leerwerkplaatsen in de drukkerij zijn bezet; deze vacature is voor een ervaren drukker.", .learnWhileWorking, false),
        Case("Parttime werken kan in de winkel; deze vacature is voor een magazijnchef, 40 uur.", .flexibleHours, false),
        Case("Geen diploma nodig, maar deze baan vraagt wel een goede conditie.", .noDiploma, true),
        Case("Geen diploma nodig; deze vacature is voor 32 uur per week.", .noDiploma, true),
        // Who decides the times, in the answer to the question the flexible words ask.
        Case("Flexibele werktijden? Je begintijd wisselt per week en je teamleider bepaalt die. 40 uur.", .flexibleHours, false),
        Case("Flexible hours? Your supervisor decides your start time each week. 40 hours.", .flexibleHours, false),
        Case("Flexibele werktijden? Jij bepaalt hoe laat je begint. 40 uur.", .flexibleHours, true),
        Case("Flexibele werktijden? Ja, je kiest zelf je begintijd. 38 uur.", .flexibleHours, true),
        // A shift's clock times are not the week's hours after them; days of so many hours in English.
        Case("Je werkt in ploegen (6.00-14.30 en 14.30-23.00), 38 uur per week.", .flexibleHours, false),
        Case("Rooster: vroeg (6.00-14.00) of laat (14.00-22.00), 40 uur.", .flexibleHours, false),
        Case("Avonddienst (17.30-21.00), 3 avonden per week.", .flexibleHours, true),
        Case("Uren: 16, 24 of 32 per week.", .flexibleHours, true),
        Case("Four days of 10 hours, a compressed full week.", .flexibleHours, false),
        Case("Three days of 8 hours a week.", .flexibleHours, true),
        // An "or" inside the experience (its tools) is no diploma-or-experience when ", and" adds the degree.
        Case("At least two years of experience with Python or Go, and a master's degree.", .noDiploma, false),
        Case("Ervaring met Excel of Exact, en een hbo-diploma bedrijfseconomie.", .noDiploma, false),
        Case("A bachelor's degree or two years of relevant experience.", .noDiploma, true),
        // A requirement said of both languages holds for the Dutch among them.
        Case("You answer customers in Dutch and in English, so both languages are required. This job is written in English.", .dutchNotRequired, false),
        Case("Je spreekt Engels en Nederlands; beide talen zijn een vereiste. Werktaal Engels.", .dutchNotRequired, false),
        Case("Both languages are welcome here: English or Dutch, whichever you speak.", .dutchNotRequired, true),
        // A negation does not reach over "wel".
        Case("Geen diploma en wel ervaring.", .noExperience, false),
        Case("Geen diploma of relevante ervaring nodig.", .noExperience, true),
        // Recall: the number of hours or days fronted as what the worker decides, "hoe laat", a few hours a week, an appointment
        // in another clause, "which" after its preposition.
        Case("Hoeveel uur je werkt, bepaal je zelf.", .flexibleHours, true),
        Case("Hoe je werkt, bepaal je zelf; 40 uur per week.", .flexibleHours, false),
        Case("Je kiest zelf hoe laat je begint.", .flexibleHours, true),
        Case("Je werkt een paar uur per week.", .flexibleHours, true),
        Case("We reageren binnen een paar uur op je sollicitatie.", .flexibleHours, false),
        Case("Je bent bereikbaar voor oproepen; gemiddeld werk je zo'n 15 uur per week.", .flexibleHours, true),
        Case("Wij zijn telefonisch bereikbaar van 9 tot 12 uur.", .flexibleHours, false),
        Case("Met welke opleiding je binnenkomt, maakt niet uit.", .noDiploma, true),
    ]

    @Test(arguments: halfHClasses)
    func signalClassOfHalfH(_ c: Case) {
        expectSignal(c)
    }

    /// The evidence names where the words were and quotes them.
    @Test func evidenceQuotesTheWords() throws {
        let signals = SignalScanner().scan(title: "Magazijnmedewerker (24 uur)", description: "Een diploma is niet nodig. Je werkt in Tilburg.")
        let hours = try #require(signals.first { $0.signal == .flexibleHours })
        // A parenthesis of a few words stays in its clause, and is quoted whole.
        #expect(hours.evidence.hasPrefix("title: 'Magazijnmedewerker (24 uur)'") && hours.evidence.contains("below 35"))
        let diploma = try #require(signals.first { $0.signal == .noDiploma })
        #expect(diploma.evidence == "description: 'Een diploma is niet nodig'")
        #expect(signals.map(\.signal) == [.noDiploma, .flexibleHours])
    }

    /// A vacancy's own hours and schedule count, unless the text rules part-time out.
    @Test(arguments: [(nil, nil, "parttime", "", true), (24.0, 32.0, nil, "", true), (36.0, 40.0, nil, "", false),
                      (24.0, nil, nil, "Parttime is niet mogelijk.", false)] as [(Double?, Double?, String?, String, Bool)])
    func fieldsOfTheVacancy(low: Double?, high: Double?, schedule: String?, text: String, expected: Bool) {
        let signals = SignalScanner().scan(title: "Medewerker", description: text, hoursMin: low, hoursMax: high, schedule: schedule)
        #expect(signals.contains { $0.signal == .flexibleHours && $0.evidence.contains("field") } == expected)
    }

    /// The sets the rules were tuned on: half A from the start, half B since its errors were read, half C since the second
    /// round of issue 21 point 3, half D since the third, half E since the fourth, half F since the fifth (docs/signals.md).
    /// Half G since the sixth; half H since the seventh; half I, held out, is scored by the lead only.
    /// Halves E, F, G and H: their precision, with the recall they have (their misses are mostly rows in languages the reader
    /// does not read and phrasings not yet read, docs/signals.md).
    @Test(arguments: [("half-a.tsv", 300, 0.9), ("half-b.tsv", 313, 0.9), ("half-c.tsv", 318, 0.9), ("half-d.tsv", 323, 0.9),
                      ("half-e.tsv", 329, 0.85), ("half-f.tsv", 341, 0.85), ("half-g.tsv", 343, 0.75), ("half-h.tsv", 342, 0.7)])
    func labelledSetTunedOn(file: String, rows: Int, recallFloor: Double) throws {
        let path = fixturesDirectory.appendingPathComponent("eval/signals/\(file)").path
        let report = SignalEvaluation.run(try SignalEvaluation.parse(tsv: try String(contentsOfFile: path, encoding: .utf8), file: path))
        #expect(report.cases == rows)
        for kind in SignalKind.allCases {
            let counts = try #require(report.counts[kind])
            #expect((counts.precision ?? 0) >= 0.95, "\(kind.rawValue) precision \(counts.precision ?? 0)")
            #expect((counts.recall ?? 0) >= recallFloor, "\(kind.rawValue) recall \(counts.recall ?? 0)")
        }
    }

    /// The command scores a file and says which cases failed; a file it cannot read is one line and exit 4.
    @Test func evaluateCommand() throws {
        let path = fixturesDirectory.appendingPathComponent("eval/signals/half-b.tsv").path
        let result = try CLI.run(["signals", "--evaluate", path])
        #expect(result.status == 0)
        // The positives per signal are the set's own counts (its README): every row and column was read.
        for (kind, positives) in [("participation", 37), ("learn_while_working", 36), ("no_diploma", 34), ("no_experience", 40),
                                  ("flexible_hours", 45), ("dutch_not_required", 37)] {
            let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix(kind + " ") })
            #expect(line.split(separator: " ")[1] == Substring(String(positives)), "\(line)")
        }
        let folder = try TemporaryDirectory()
        try "id\ttext\tno_diploma\nx-1\tGeen diploma nodig\tmaybe\n".write(toFile: folder.path + "/bad.tsv", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["signals", "--evaluate", folder.path + "/bad.tsv"])
        #expect(bad.status == 4)
        #expect(bad.stderr.contains("bad.tsv:2") && bad.stderr.contains("no_diploma must be 0 or 1") && bad.stderr.split(separator: "\n").count == 1)
    }

    /// The hard negatives are labelled rows too (the set's README: "score the hard negatives separately"): read beside the
    /// set or named, scored per signal, and a tag the set contradicts is an error.
    @Test func evaluateHardNegatives() throws {
        let folder = try TemporaryDirectory()
        let set = "id\ttext\tno_diploma\tflexible_hours\nx-1\tGeen diploma nodig.\t1\t0\nx-2\tDiploma is niet genoeg, je moet ook ervaring hebben.\t0\t0\n"
            + "x-3\tFlexibele werktijden? Bij ons betekent dat dat je bereid bent langer te blijven.\t0\t0\nx-4\tParttime, 24 uur.\t0\t1\n"
        try set.write(toFile: folder.path + "/half-x.tsv", atomically: true, encoding: .utf8)
        try "id\tletters\nx-2\td\nx-3\tf\n".write(toFile: folder.path + "/hard-negatives-x.tsv", atomically: true, encoding: .utf8)
        let result = try CLI.run(["signals", "--evaluate", folder.path + "/half-x.tsv"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("hard negatives") })
        let diploma = try #require(lines[header...].first { $0.hasPrefix("no_diploma ") })
        #expect(diploma.split(separator: " ").map(String.init) == ["no_diploma", "1", "0"])
        let hours = try #require(lines[header...].first { $0.hasPrefix("flexible_hours ") })
        #expect(hours.split(separator: " ").map(String.init) == ["flexible_hours", "1", "0"])
        // A tag on a positive label contradicts the set.
        try "id\tletters\nx-1\td\n".write(toFile: folder.path + "/wrong.tsv", atomically: true, encoding: .utf8)
        let wrong = try CLI.run(["signals", "--evaluate", folder.path + "/half-x.tsv", "--hard-negatives", folder.path + "/wrong.tsv"])
        #expect(wrong.status == 4 && wrong.stderr.contains("x-1 is tagged a hard negative for no_diploma but labelled 1"))
        // The scorer counts a hard negative found wrongly.
        let cases = try SignalEvaluation.parse(tsv: "id\ttext\tno_experience\ny-1\tNog nooit gewerkt? Welkom!\t0\n", file: "y")
        let report = SignalEvaluation.run(cases)
        let scores = try SignalEvaluation.scoreHardNegatives(["y-1": [.noExperience]], cases: cases, report: report, file: "y")
        #expect(scores[.noExperience] == { var h = SignalEvaluation.HardNegatives(); h.tagged = 1; h.foundWrongly = 1; return h }())
    }

    @Test func ndjsonInAndOut() throws {
        let result = try CLI.run(["signals"], stdin: """
            {"id": "a", "title": "Leerwerkbaan bouw", "description": "Geen ervaring nodig."}
            {"id": 7}
            not json

            """)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains("\"learn_while_working\"") && lines[0].contains("\"no_experience\""))
        #expect(lines[1].contains("\"error\"") && lines[2].contains("\"error\""))
    }

    /// A `TermSet` holds 1024 terms: the lexicon must stay within them (and a term's raw value within the
    /// lexicon's 12 bits, the language above them).
    @Test func lexiconFitsItsSets() {
        #expect(Term.allCases.count <= 1024)
        // A term's index is its two bytes read as a number: it must be its raw value, for every case.
        #expect(MemoryLayout<Term>.size == 2 && Term.allCases.allSatisfy { $0.index == Int($0.rawValue) })
        let set: TermSet = [.geen, .c2, .six, .englishOnly]
        #expect(set.contains(.geen) && set.contains(.six) && set.contains(.englishOnly) && !set.contains(.niet))
    }

    /// Forms are folded as the text's words are: "języku" (ę) and "Nederlandse" match however they are written.
    @Test(arguments: [("języku", Term.taal), ("się", .foreign), ("Nederlandse", .nederlands), ("vakdiploma", .diploma),
                      ("doświadczenia", .ervaring), ("Niederländischkenntnisse", .nederlands), ("nötig", .nodig), ("tecrübe", .ervaring)])
    func lexiconFoldsForms(word: String, term: Term) {
        let text = SignalText(word, lexicon: .shared)
        #expect(text.tokens.first?.term == term)
    }

    /// A key word with one letter dropped is still the word, and the longer ones with one letter changed or added; a real
    /// form is never taken for a typo, and "vereist" is not read in "vergist".
    @Test(arguments: [("ervaing", Term.ervaring), ("ervarig", .ervaring), ("diplma", .diploma), ("parttme", .parttime),
                      ("partime", .parttime), ("ervaren", .ervaren), ("ervaringen", .ervaring), ("diplome", .diploma),
                      ("noodzakerlijk", .noodzakelijk), ("vreist", .vereist), ("vergist", .unknown), ("parttimer", .parttime)])
    func lexiconReadsTypos(word: String, term: Term) {
        #expect(SignalText(word, lexicon: .shared).tokens.first?.term == term)
    }

    /// The language of a word is its form's: "hours" and "salary" are English, "uur" and "salaris" are not; German,
    /// Polish and Turkish forms are words of another language, whatever their term.
    @Test func languageOfForms() {
        let german = SignalText("Wir suchen Mitarbeiter, keine Erfahrung nötig.", lexicon: .shared)
        #expect(german.foreignWords >= 3 && german.dutchWords == 0)
        let english = SignalText("Kitchen porter wanted, evening shifts, salary per hour.", lexicon: .shared)
        #expect(english.englishWords >= 3 && english.dutchWords == 0)
        let dutch = SignalText("Keukenhulp gezocht, avonddiensten, salaris per uur.", lexicon: .shared)
        #expect(dutch.englishWords == 0)
    }

    /// A parenthesis of up to three words stays in its clause ("(nog)" does not cut "deeltijd ... niet mogelijk");
    /// a longer one is a clause of its own.
    @Test func shortParenthesesStayInTheirClause() {
        let short = SignalText("Deeltijd is in deze functie (nog) niet mogelijk.", lexicon: .shared)
        #expect(short.clauseList.count == 1)
        let long = SignalText("Je werkt in Breda (een mooie stad aan de rivier) en in Tilburg.", lexicon: .shared)
        #expect(long.clauseList.count == 3)
    }
}
