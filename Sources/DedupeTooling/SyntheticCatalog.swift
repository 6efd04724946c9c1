import Foundation
import Deduplication
import KaartenbakCore

/// The vocabulary of the synthetic data: occupations with their title variants, towns, employers,
/// and how each kind of publisher writes a posting up.
enum Catalog {
    struct Family: Sendable {
        var isco: String
        /// Title templates and the fine occupation a classifier would give them. "{s}" takes the
        /// specialty; without it the specialty is appended.
        var variants: [(title: String, occupation: String)]
        var specialties: [String]
        var duties: [String]
        var requirements: [String]
        var hours: [(Double, Double)]
        /// Monthly gross, low and high.
        var salary: (Double, Double)
        var kind: String
    }

    struct Place: Sendable {
        var name: String
        /// The place's real four-digit postcodes, from the bundled geography: a generated postcode is one the
        /// table knows, in the town it names.
        var pc4s: [Int]
        var pc4: Int { pc4s[0] }
    }

    struct Employer: Sendable {
        var name: String
        var shortName: String
        var home: Place
    }

    static let families: [Family] = [
        Family(isco: "8332", variants: [("Chauffeur CE", "vrachtwagenchauffeur"),
                                        ("Internationaal vrachtwagenchauffeur", "vrachtwagenchauffeur-internationaal"),
                                        ("Vrachtwagenchauffeur CE", "vrachtwagenchauffeur"),
                                        ("Chauffeur C+E internationaal", "vrachtwagenchauffeur-internationaal"),
                                        ("Truckchauffeur", "vrachtwagenchauffeur")],
               specialties: ["koeltransport", "containervervoer", "tankvervoer", "bouwmaterialen", "nachtdistributie", "Benelux"], duties: [
                   "Je rijdt ritten naar Duitsland, België en Frankrijk en bent enkele nachten per week van huis.",
                   "Je laadt en lost zelf met de meeneemheftruck en houdt je papieren netjes bij.",
                   "Je rijdt in een moderne truck met alle comfort.",
                   "Je vervoert koel- en vriesproducten naar distributiecentra in de Benelux.",
               ], requirements: ["Je hebt rijbewijs CE, code 95 en een digitale tachograafkaart."],
               hours: [(40, 50), (40, 40)], salary: (2600, 3300), kind: "transportbedrijf"),
        Family(isco: "8322", variants: [("Pakketbezorger", "pakketbezorger"), ("Bezorger B", "pakketbezorger"),
                                        ("Chauffeur B pakketdienst", "pakketbezorger"), ("Koerier bestelbus", "koerier")],
               specialties: ["ochtenddienst", "avonddienst", "zaterdagen", "groothandel"], duties: [
                   "Je bezorgt dagelijks pakketten bij particulieren en bedrijven in de regio.",
                   "Je rijdt in een elektrische bestelbus en plant je route met de scanner.",
                   "Je bent het visitekaartje van ons bedrijf aan de deur.",
               ], requirements: ["Je hebt rijbewijs B en bent klantvriendelijk."],
               hours: [(24, 32), (32, 40), (20, 30)], salary: (2100, 2400), kind: "koeriersdienst"),
        Family(isco: "8322", variants: [("Taxichauffeur", "taxichauffeur"), ("Chauffeur taxivervoer", "taxichauffeur"),
                                        ("Chauffeur zorgvervoer", "taxichauffeur")],
               specialties: ["leerlingenvervoer", "rolstoelvervoer", "nachtdienst", "luchthaven"], duties: [
                   "Je vervoert reizigers van en naar het station, ziekenhuizen en evenementen.",
                   "In de ochtend rijd je leerlingenvervoer.",
                   "Je helpt reizigers met een rolstoel of rollator bij het in- en uitstappen.",
               ], requirements: ["Je hebt een chauffeurskaart of wilt die bij ons halen."],
               hours: [(20, 40), (16, 24)], salary: (2200, 2600), kind: "taxibedrijf"),
        Family(isco: "8331", variants: [("Buschauffeur", "buschauffeur"), ("Chauffeur openbaar vervoer", "buschauffeur"),
                                        ("Buschauffeur D", "buschauffeur")],
               specialties: ["stadsdienst", "streekvervoer", "touringcar", "oproepbasis"], duties: [
                   "Je rijdt op stads- en streeklijnen en helpt reizigers met vragen.",
                   "Je werkt in wisseldiensten, ook in het weekend.",
                   "Wij leiden je op tot buschauffeur, inclusief rijbewijs D.",
               ], requirements: ["Je bent servicegericht en stressbestendig."],
               hours: [(32, 38), (24, 32)], salary: (2700, 3250), kind: "vervoerder"),
        Family(isco: "2221", variants: [("Verpleegkundige", "verpleegkundige"), ("Verpleegkundige {s}", "verpleegkundige"),
                                        ("Gediplomeerd verpleegkundige", "verpleegkundige")],
               specialties: ["cardiologie", "oncologie", "geriatrie", "chirurgie", "spoedeisende hulp", "neurologie", "intensive care", "dialyse", "psychiatrie", "kinderafdeling"],
               duties: [
                   "Je verpleegt patiënten in drie diensten in een team van ervaren collega's.",
                   "Je werkt nauw samen met artsen, fysiotherapeuten en de thuiszorg.",
                   "Je begeleidt leerlingen en denkt mee over de kwaliteit van zorg.",
               ], requirements: ["Je bent BIG-geregistreerd."],
               hours: [(24, 32), (28, 36)], salary: (3400, 4900), kind: "zorginstelling"),
        Family(isco: "9333", variants: [("Orderpicker", "orderpicker"), ("Magazijnmedewerker orderpicking", "orderpicker"),
                                        ("Orderpicker {s}", "orderpicker")],
               specialties: ["dagdienst", "tweeploegendienst", "reachtruck", "koel- en vrieshuis", "nachtdienst"], duties: [
                   "Je verzamelt met een handscanner bestellingen voor webwinkels.",
                   "Je werkt met een elektrische palletwagen in een modern warehouse.",
                   "Je controleert en verpakt orders voor verzending.",
               ], requirements: ["Je bent fit en werkt nauwkeurig."],
               hours: [(38, 40), (24, 32)], salary: (2300, 2500), kind: "logistiek dienstverlener"),
        Family(isco: "8344", variants: [("Heftruckchauffeur", "heftruckchauffeur"), ("Heftruckchauffeur {s}", "heftruckchauffeur"),
                                        ("Reachtruckchauffeur", "heftruckchauffeur")],
               specialties: ["drieploegendienst", "dagdienst", "avonddienst", "koelcel"], duties: [
                   "Je laadt en lost vrachtwagens en brengt pallets naar de juiste locatie.",
                   "Je werkt in een drieploegendienst in ons distributiecentrum.",
               ], requirements: ["Je hebt een geldig heftruckcertificaat."],
               hours: [(38, 38), (40, 40)], salary: (2600, 3000), kind: "distributiecentrum"),
        Family(isco: "4110", variants: [("Administratief medewerker", "administratief-medewerker"),
                                        ("Medewerker administratie", "administratief-medewerker"),
                                        ("Administratief medewerker {s}", "administratief-medewerker")],
               specialties: ["debiteuren", "crediteuren", "huuradministratie", "inkoop", "personeelszaken", "planning"], duties: [
                   "Je verwerkt facturen en contracten en houdt de administratie bij.",
                   "Je beantwoordt vragen van klanten per mail en telefoon.",
                   "Je werkt nauwkeurig met Excel en ons boekhoudsysteem.",
               ], requirements: ["Je hebt een mbo-diploma in een administratieve richting."],
               hours: [(32, 36), (24, 32)], salary: (2700, 3300), kind: "organisatie"),
        Family(isco: "2422", variants: [("Beleidsmedewerker {s}", "beleidsmedewerker"), ("Beleidsadviseur {s}", "beleidsadviseur"),
                                        ("Medewerker beleid {s}", "beleidsmedewerker")],
               specialties: ["duurzaamheid", "wonen", "economie", "sociaal domein", "verkeer", "onderwijs"], duties: [
                   "Je schrijft beleid en adviseert het college en de gemeenteraad.",
                   "Je betrekt inwoners, ondernemers en maatschappelijke partners bij je plannen.",
                   "Je vertaalt landelijke regels naar de lokale praktijk.",
               ], requirements: ["Je hebt een hbo- of wo-opleiding en ervaring in een politiek-bestuurlijke omgeving."],
               hours: [(32, 36), (36, 36)], salary: (4100, 5900), kind: "gemeente"),
        Family(isco: "5120", variants: [("Kok", "kok"), ("Zelfstandig werkend kok", "kok"), ("Kok {s}", "kok")],
               specialties: ["à la carte", "banqueting", "zorgkeuken", "bedrijfsrestaurant"], duties: [
                   "Je kookt met seizoensproducten van boeren uit de regio.",
                   "Je staat op de hoofdgerechten en bestelt mee.",
                   "Je werkt vier of vijf avonden per week, ook in het weekend.",
               ], requirements: ["Je hebt een koksopleiding of ruime ervaring."],
               hours: [(32, 40), (38, 38)], salary: (2500, 2900), kind: "restaurant"),
        Family(isco: "9112", variants: [("Schoonmaker", "schoonmaker"), ("Schoonmaakmedewerker", "schoonmaker"),
                                        ("Medewerker schoonmaak", "schoonmaker")],
               specialties: ["kantoren", "ziekenhuis", "scholen", "industrie", "hotel"], duties: [
                   "Je maakt in de vroege ochtend kantoren schoon.",
                   "Je werkt zelfstandig met een vaste collega.",
                   "Je zorgt dat sanitair en kantine er altijd fris uitzien.",
               ], requirements: ["Je bent betrouwbaar en zelfstandig."],
               hours: [(10, 15), (20, 25)], salary: (2200, 2300), kind: "schoonmaakbedrijf"),
        Family(isco: "5223", variants: [("Winkelmedewerker", "winkelmedewerker"), ("Verkoopmedewerker", "winkelmedewerker"),
                                        ("Medewerker winkel", "winkelmedewerker")],
               specialties: ["bakkerij", "slagerij", "kassa", "versafdeling", "mode", "elektronica"], duties: [
                   "Je helpt klanten, vult de schappen en werkt achter de kassa.",
                   "Je zorgt dat de winkel er altijd netjes uitziet.",
                   "Je werkt in de avonden en op zaterdag.",
               ], requirements: ["Je bent klantvriendelijk en flexibel."],
               hours: [(8, 20), (24, 32)], salary: (2000, 2300), kind: "winkelketen"),
        Family(isco: "2512", variants: [("{s} developer", "softwareontwikkelaar"), ("Software engineer {s}", "softwareontwikkelaar"),
                                        ("{s} ontwikkelaar", "softwareontwikkelaar")],
               specialties: ["Java", ".NET", "Python", "PHP", "Frontend"], duties: [
                   "Je bouwt microservices en werkt in een scrumteam.",
                   "Je werkt aan applicaties voor klanten in de financiële sector.",
                   "Je werkt twee dagen per week thuis.",
               ], requirements: ["Je hebt een hbo-opleiding informatica en drie jaar ervaring."],
               hours: [(40, 40), (32, 40)], salary: (3800, 5600), kind: "IT-bedrijf"),
        Family(isco: "7411", variants: [("Elektromonteur", "elektromonteur"), ("Monteur elektrotechniek", "elektromonteur"),
                                        ("Elektrotechnisch monteur", "elektromonteur")],
               specialties: ["utiliteit", "woningbouw", "storingsdienst", "zonnepanelen", "industrie"], duties: [
                   "Je legt elektrische installaties aan in scholen, kantoren en zorginstellingen.",
                   "Je voert onderhoud en storingen uit met een bus van de zaak.",
               ], requirements: ["Je hebt mbo-niveau 3 elektrotechniek en VCA."],
               hours: [(40, 40), (38, 40)], salary: (2900, 3600), kind: "installatiebedrijf"),
        Family(isco: "5312", variants: [("Onderwijsassistent", "onderwijsassistent"), ("Onderwijsassistent basisschool", "onderwijsassistent"),
                                        ("Klassenassistent", "onderwijsassistent")],
               specialties: ["speciaal onderwijs", "groep 1-2", "voortgezet onderwijs"], duties: [
                   "Je ondersteunt de leerkrachten van de onderbouw.",
                   "Je begeleidt kleine groepjes bij lezen en rekenen.",
               ], requirements: ["Je hebt een mbo-diploma onderwijsassistent."],
               hours: [(20, 28), (16, 24)], salary: (2400, 3100), kind: "schoolbestuur"),
        Family(isco: "4222", variants: [("Klantenservicemedewerker", "klantenservicemedewerker"),
                                        ("Medewerker klantenservice", "klantenservicemedewerker"),
                                        ("Customer service medewerker", "klantenservicemedewerker")],
               specialties: ["energie", "verzekeringen", "telecom", "zorgverzekeraar"], duties: [
                   "Je helpt klanten via telefoon, chat en mail.",
                   "Je lost klachten op en denkt mee over verbeteringen.",
               ], requirements: ["Je spreekt en schrijft uitstekend Nederlands."],
               hours: [(16, 40), (24, 32)], salary: (2200, 2600), kind: "webwinkel"),
        Family(isco: "9329", variants: [("Productiemedewerker", "productiemedewerker"), ("Medewerker productie", "productiemedewerker"),
                                        ("Productiemedewerker {s}", "productiemedewerker")],
               specialties: ["voedingsmiddelen", "drieploegendienst", "metaal", "verpakking", "kunststof"], duties: [
                   "Je bedient machines, vult ze bij en controleert de kwaliteit.",
                   "Je pakt producten in en maakt ze klaar voor verzending.",
               ], requirements: ["Je bent technisch handig en kunt in ploegen werken."],
               hours: [(40, 40), (32, 40)], salary: (2300, 2600), kind: "fabriek"),
        Family(isco: "2433", variants: [("Accountmanager", "accountmanager"), ("Accountmanager {s}", "accountmanager"),
                                        ("Commercieel adviseur {s}", "accountmanager")],
               specialties: ["binnendienst", "buitendienst", "zakelijke markt"], duties: [
                   "Je onderhoudt relaties met bestaande klanten en haalt nieuwe opdrachten binnen.",
                   "Je stelt offertes op en onderhandelt over contracten.",
               ], requirements: ["Je hebt hbo-denkniveau en commercieel gevoel."],
               hours: [(40, 40), (32, 40)], salary: (3500, 5200), kind: "bedrijf"),
        Family(isco: "3313", variants: [("Boekhouder", "boekhouder"), ("Financieel medewerker", "boekhouder"),
                                        ("Medewerker boekhouding", "boekhouder")],
               specialties: ["mkb", "salarisadministratie", "vastgoed"], duties: [
                   "Je verzorgt de boekhouding en btw-aangiften van mkb-klanten.",
                   "Je stelt kwartaalrapportages op.",
               ], requirements: ["Ervaring met Exact Online is een pré."],
               hours: [(24, 32), (32, 40)], salary: (2900, 3900), kind: "administratiekantoor"),
        Family(isco: "7212", variants: [("Lasser", "lasser"), ("Lasser {s}", "lasser"), ("Constructielasser", "lasser")],
               specialties: ["MIG/MAG", "TIG", "RVS", "pijpleidingen"], duties: [
                   "Je last onderdelen voor machines en constructies volgens tekening.",
                   "Je controleert je eigen werk en houdt je werkplek veilig.",
               ], requirements: ["Een lascertificaat is een pré."],
               hours: [(40, 40)], salary: (2800, 3400), kind: "metaalbedrijf"),
    ]

    static let realPlaces: [Place] = [
        ("Breda", 4811), ("Tilburg", 5011), ("Roosendaal", 4701), ("Bergen op Zoom", 4611), ("Etten-Leur", 4871),
        ("Oosterhout", 4901), ("'s-Hertogenbosch", 5211), ("Eindhoven", 5611), ("Amsterdam", 1011), ("Rotterdam", 3011),
        ("Den Haag", 2511), ("Utrecht", 3511), ("Dordrecht", 3311), ("Goes", 4461), ("Middelburg", 4331),
        ("Vlissingen", 4381), ("Zundert", 4881), ("Rucphen", 4715), ("Oudenbosch", 4731), ("Moerdijk", 4782),
        ("Waalwijk", 5141), ("Helmond", 5701), ("Nijmegen", 6511), ("Arnhem", 6811), ("Zwolle", 8011),
        ("Groningen", 9711), ("Leeuwarden", 8911), ("Apeldoorn", 7311), ("Enschede", 7511), ("Maastricht", 6211),
        ("Venlo", 5911), ("Roermond", 6041), ("Amersfoort", 3811), ("Haarlem", 2011), ("Leiden", 2311),
        ("Delft", 2611), ("Gouda", 2801), ("Zoetermeer", 2711), ("Alkmaar", 1811), ("Hoorn", 1621),
        ("Almere", 1311), ("Lelystad", 8211), ("Deventer", 7411), ("Hengelo", 7551), ("Oss", 5341),
        ("Veghel", 5461), ("Uden", 5401), ("Boxtel", 5281), ("Vught", 5261), ("Dongen", 5101),
        ("Gilze", 5126), ("Geertruidenberg", 4931), ("Made", 4921), ("Hoogerheide", 4631), ("Steenbergen", 4651),
        ("Terneuzen", 4531), ("Hulst", 4561), ("Heerlen", 6411), ("Sittard", 6131), ("Emmen", 7811),
    ].map { Place(name: $0.0, pc4s: realPostcodes(of: $0.0, else: $0.1)) }

    /// A town's postcodes in the bundled geography (an alias such as "Den Haag" through its table name); a town
    /// the table lacks keeps twenty from `fallback`.
    static func realPostcodes(of name: String, else fallback: Int) -> [Int] {
        let geography = Geography.bundled
        let key = Geography.key(name)
        let found = geography.postcodesOfPlace[geography.aliases[key] ?? key] ?? []
        return found.isEmpty ? Array(fallback..<(fallback + 20)) : found
    }

    /// The country: the 60 real towns above, then the largest place (by its number of postcodes) of each other
    /// municipality of the bundled geography, a name found in that municipality only, up to the Netherlands'
    /// ~340. A generated set uses the first `World.towns` of them (see `SyntheticVacancies.World`), so a
    /// national set names real towns with their real postcodes, and every one of them can be placed.
    static let places: [Place] = {
        let real = realPlaces
        let geography = Geography.bundled
        let covered = Set(real.flatMap { place -> [String] in
            let key = Geography.key(place.name)
            return geography.municipalitiesOfPlace[geography.aliases[key] ?? key] ?? []
        })
        var largest: [String: (key: String, postcodes: Int)] = [:]
        for (key, codes) in geography.municipalitiesOfPlace where codes.count == 1 && !covered.contains(codes[0]) {
            let postcodes = geography.postcodesOfPlace[key]?.count ?? 0
            if let current = largest[codes[0]], (current.postcodes, key) >= (postcodes, current.key) { continue }
            largest[codes[0]] = (key, postcodes)
        }
        let extra = largest.values.sorted { ($0.postcodes, $1.key) > ($1.postcodes, $0.key) }
            .prefix(countryTowns - real.count)
            .map { Place(name: geography.placeNames[$0.key] ?? $0.key, pc4s: geography.postcodesOfPlace[$0.key] ?? []) }
        return real + extra
    }()

    /// Municipalities in the Netherlands (2026: 342).
    static let countryTowns = 340

    static let surnames = [
        "Van den Heuvel", "Jansen", "De Vries", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "De Groot",
        "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits",
        "De Graaf", "Van der Meer", "Van der Linden", "Kok", "Jacobs", "De Haan", "Vermeulen", "Van den Berg",
        "Van Dijk", "Schouten", "Verhoeven", "Willems", "Martens", "Van Damme", "Claassen", "Aarts", "Maas",
        "Verbeek", "Kuipers", "Van Beek",
    ]
    static let trades = [
        "Transport", "Logistiek", "Zorggroep", "Bouw", "Installatietechniek", "Groep", "Techniek", "Food",
        "Distributie", "Metaal", "Schoonmaak", "Personeelsdiensten", "Automatisering", "Retail", "Horeca",
        "Onderwijs", "Advies", "Services", "Verpakkingen", "Infra", "Energie", "Wonen", "Mobiliteit", "Makelaardij", "Verhuur",
    ]
    static let legalForms = [" B.V.", " B.V.", " BV", " N.V.", "", " Holding B.V.", " V.O.F."]

    /// Employer number `index`: the same name for the same number, with a home town.
    /// Employers sit in the world's `towns` first towns, more of them in the big towns (the list
    /// starts with the cities).
    static func employer(_ index: Int, towns: Int) -> Employer {
        let surname = surnames[index % surnames.count]
        let trade = trades[(index / surnames.count) % trades.count]
        let u = Double(TextKeys.mix(UInt64(index) &+ 0xE4B1) >> 11) / Double(1 << 53)
        let home = places[min(towns, places.count) == 0 ? 0 : Int(u * u * Double(min(towns, places.count)))]
        let series = index / (surnames.count * trades.count)
        var short = surname + " " + trade
        if series > 0 {
            short += " " + realPlaces[(series * 13) % realPlaces.count].name + (series > realPlaces.count ? " \(series)" : "")
        }
        return Employer(name: short + legalForms[index % legalForms.count], shortName: short, home: home)
    }

    static func postcode(_ place: Place, _ rng: inout SeededGenerator) -> String {
        let letters = Array("ABCDEGHJKLMNPRSTVWXZ")
        return "\(place.pc4s[Int(rng.next() % UInt64(place.pc4s.count))]) \(rng.pick(letters))\(rng.pick(letters))"
    }

    /// The employer's own description sentences.
    static func facts(_ job: SyntheticVacancies.Job, _ rng: inout SeededGenerator) -> [String] {
        let staff = [12, 35, 80, 120, 250, 600, 1400][Int(rng.next() % 7)]
        var duties = job.family.duties
        duties.shuffle(using: &rng)
        let adjective = rng.pick(["familiebedrijf", "groeiend", "toonaangevend", "regionaal"])
        var sentences = ["\(job.employer.shortName) is een \(adjective) \(job.family.kind) in \(job.place.name) met \(staff) medewerkers."]
        sentences += duties.prefix(2)
        sentences += job.family.requirements
        // Employer-specific colour, as real texts have: team, place of work, benefits.
        sentences.append(rng.pick(teams).replacingOccurrences(of: "{n}", with: "\(3 + rng.next() % 40)"))
        sentences.append(rng.pick(workplaces).replacingOccurrences(of: "{place}", with: job.place.name)
            .replacingOccurrences(of: "{street}", with: rng.pick(streets)))
        sentences.append(rng.pick(benefits) + " en " + rng.pick(benefits).lowercased() + ".")
        sentences.append("Je werkt \(number(job.hours.0)) tot \(number(job.hours.1)) uur per week.")
        sentences.append("Het salaris is € \(number(job.salary.0)) tot € \(number(job.salary.1)) per maand bij een \(contractText(job.contract)).")
        return sentences
    }

    static let teams = [
        "Je komt in een hecht team van {n} collega's.", "Ons team bestaat uit {n} betrokken vakmensen.",
        "Je werkt samen met {n} collega's die graag kennis delen.", "Met {n} collega's vorm je een zelfsturend team.",
        "Je valt onder de teamleider en werkt met {n} anderen.", "Het team van {n} mensen staat voor je klaar.",
        "Je krijgt een buddy uit ons team van {n} collega's.", "Onze afdeling telt {n} medewerkers van jong tot oud.",
    ]
    static let workplaces = [
        "Je standplaats is onze vestiging aan de {street} in {place}.", "Je werkt vanuit ons pand aan de {street}.",
        "Onze locatie aan de {street} is goed bereikbaar met het openbaar vervoer.",
        "Vanaf de {street} in {place} ben je snel op de snelweg.", "Het werk is op de {street}, vlak bij het centrum.",
        "Parkeren kan gratis op ons terrein aan de {street}.",
    ]
    static let streets = [
        "Industrieweg", "Havenstraat", "Stationsplein", "Kerkstraat", "Nijverheidsweg", "Marconilaan", "Edisonstraat",
        "Ambachtsweg", "Koopvaardijweg", "Markt", "Zuidsingel", "Beatrixlaan", "Energieweg", "Parallelweg",
    ]
    static let benefits = [
        "Wij bieden een reiskostenvergoeding", "Je krijgt een pensioenregeling", "Er is een eindejaarsuitkering",
        "Je kunt opleidingen volgen in onze academie", "Je krijgt een laptop en telefoon", "Wij hebben flexibele werktijden",
        "Er is een fietsplan", "Je krijgt 25 vakantiedagen", "Er is een personeelsvereniging", "Wij bieden een winstdeling",
    ]

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format2(value))
    }

    static func format2(_ value: Double) -> String {
        let cents = Int((value * 100).rounded())
        let rest = cents % 100
        return "\(cents / 100),\(rest < 10 ? "0" : "")\(rest)"
    }

    static func contractText(_ contract: String) -> String {
        contract == "permanent" ? "vast contract" : "jaarcontract met uitzicht op vast"
    }

    /// The title a source shows, and what title cleaning would leave of it.
    static func title(_ job: SyntheticVacancies.Job, variant: Int, decorated: Bool, _ rng: inout SeededGenerator) -> (String, String, String) {
        let (template, occupation) = job.family.variants[variant]
        var clean: String
        if template.contains("{s}") {
            clean = template.replacingOccurrences(of: "{s}", with: job.specialty ?? "")
        } else if let specialty = job.specialty, variant > 0 || rng.unit() < 0.5 {
            clean = template + " " + specialty
        } else {
            clean = template
        }
        clean = clean.trimmingCharacters(in: .whitespaces)
        clean = clean.prefix(1).uppercased() + clean.dropFirst()
        guard decorated else { return (clean, clean, occupation) }
        let raw = clean + rng.pick(["", " (m/v)", " (m/v/x)", " - \(number(job.hours.0))-\(number(job.hours.1)) uur", " in \(job.place.name)"])
        return (raw, clean, occupation)
    }

    /// One source's posting of the job.
    static func write(_ job: SyntheticVacancies.Job, source: (name: String, publisher: PublisherKind), copy: Int,
                      _ rng: inout SeededGenerator) -> Vacancy {
        let serial = job.number * 40 + subNumber(job.truth)
        let variant = copy == 0 ? 0 : Int(rng.next() % UInt64(job.family.variants.count))
        let (raw, clean, occupation) = title(job, variant: variant, decorated: rng.unit() < 0.5, &rng)
        let coding = rng.unit() < 0.04 ? OccupationCoding.none
            : OccupationCoding(isco: job.family.isco, occupation: occupation, occupationLabel: occupation, confidence: 0.9)
        var v = Vacancy(source: source.name, sourceRecordId: recordId(source, serial), publisher: source.publisher,
                        region: nil, title: raw, normalisedTitle: clean, coding: coding,
                        location: "generated:\(source.name):\(serial)")
        v.place = job.place.name
        v.datePosted = isoDate(job.posted + (copy == 0 ? 0 : Int(rng.next() % 7)))
        v.contract = source.publisher == .agency ? "temp_agency" : job.contract
        let hasHours = rng.unit() < (source.publisher == .jobBoard || source.publisher == .agency ? 0.85 : 0.97)
        if hasHours { (v.hoursMin, v.hoursMax) = job.hours }
        switch source.publisher {
        case .employer, .municipality:
            v.employer = job.employer.name
            v.postcode = job.postcode
            v.closingDate = job.closing.map(isoDate)
            (v.salaryMin, v.salaryMax, v.salaryPeriod) = (job.salary.0, job.salary.1, "month")
            v.description = job.facts.joined(separator: " ")
            v.url = employerURL(job)
        case .publicEmploymentService:
            v.employer = employerVariant(job.employer, &rng)
            v.postcode = job.postcode
            v.closingDate = job.closing.map(isoDate)
            if rng.unit() < 0.8 { (v.salaryMin, v.salaryMax, v.salaryPeriod) = (job.salary.0, job.salary.1, "month") }
            var facts = job.facts
            facts.remove(at: 1 + Int(rng.next() % UInt64(facts.count - 1)))
            v.description = facts.joined(separator: " ")
            v.url = rng.unit() < 0.5 ? employerURL(job) : "https://www.werk.nl/vacatures/\(v.sourceRecordId)"
        case .agency:
            let hidden = rng.unit() < 0.75
            v.employer = hidden ? rng.pick(["Voor onze opdrachtgever", "voor onze opdrachtgever in \(job.place.name)", "Onze klant",
                                              source.name == "uitzend-a" ? "Tempo Uitzendgroep" : "Flexwerk Nederland B.V."])
                : employerVariant(job.employer, &rng)
            if rng.unit() < 0.15 { v.place = "Regio " + job.place.name }
            if rng.unit() < 0.8 {
                (v.salaryMin, v.salaryMax, v.salaryPeriod) = ((job.salary.0 / 173.33 * 20).rounded() / 20,
                                                              (job.salary.1 / 173.33 * 20).rounded() / 20, "hour")
            }
            v.description = agencyText(job, title: clean, source: source.name, &rng)
            v.url = "https://www.\(source.name).example/vacature/\(v.sourceRecordId)"
        case .jobBoard, .school:
            v.employer = employerVariant(job.employer, &rng)
            if rng.unit() < 0.5 { v.postcode = String(job.postcode.prefix(4)) }
            if rng.unit() < 0.4 { (v.salaryMin, v.salaryMax, v.salaryPeriod) = (job.salary.0, job.salary.1, "month") }
            v.description = job.facts.prefix(3).joined(separator: " ")
            v.url = rng.unit() < 0.3 ? employerURL(job) : "https://www.vacaturebank.example/\(v.sourceRecordId)"
        }
        return v
    }

    static func subNumber(_ truth: String) -> Int {
        if truth.hasSuffix("-r") { return 39 }
        if let dash = truth.lastIndex(of: "-"), let town = Int(truth[truth.index(after: dash)...]) { return town + 1 }
        return 0
    }

    static func recordId(_ source: (name: String, publisher: PublisherKind), _ serial: Int) -> String {
        switch source.publisher {
        case .publicEmploymentService: return "UWV-\(40_000_000 + serial)"
        case .agency: return "\(source.name.last.map(String.init)?.uppercased() ?? "A")-\(serial)"
        case .jobBoard: return "vb-\(serial)"
        default: return "vac-\(serial)"
        }
    }

    static func employerURL(_ job: SyntheticVacancies.Job) -> String {
        let slug = job.employer.shortName.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined()
        return "https://www.\(slug).nl/vacatures/\(job.number * 40 + subNumber(job.truth))"
    }

    /// How other sources spell the employer: legal form dropped or changed, case, now and then a typo.
    static func employerVariant(_ employer: Employer, _ rng: inout SeededGenerator) -> String {
        var name: String
        switch rng.next() % 4 {
        case 0: name = employer.shortName
        case 1: name = employer.shortName + " BV"
        case 2: name = employer.shortName.lowercased()
        default: name = employer.name
        }
        if rng.unit() < 0.04, name.count > 6 {
            var letters = Array(name)
            let at = 2 + Int(rng.next() % UInt64(letters.count - 4))
            letters.swapAt(at, at + 1)
            name = String(letters)
        }
        return name
    }

    /// An agency's rewrite: its own opening, the duties reworded and shuffled, hourly pay.
    static func agencyText(_ job: SyntheticVacancies.Job, title: String, source: String,
                           _ rng: inout SeededGenerator) -> String {
        let lower = title.lowercased()
        // Each agency has its own house style.
        let house = source.hasSuffix("a")
        var parts = [rng.pick(house ? [
            "Voor onze opdrachtgever, een \(job.family.kind) in \(job.place.name), zoeken wij een \(lower).",
            "Ben jij de \(lower) die wij zoeken? Onze opdrachtgever in \(job.place.name) heeft een mooie plek voor je.",
        ] : [
            "Wil jij aan de slag als \(lower) in \(job.place.name)? Lees dan snel verder!",
            "Gezocht: \(lower) voor een klant uit \(job.place.name).",
        ])]
        var duties = job.family.duties
        duties.shuffle(using: &rng)
        parts += duties.prefix(2).map(reword)
        parts.append(reword(job.family.requirements[0]))
        // The employer's own details (team, place of work, benefits) survive the rewrite, reworded.
        parts += job.facts.suffix(5).prefix(3).shuffled(using: &rng).prefix(2).map(reword)
        let extra = rng.pick(["uitzicht op een vast contract", "goede toeslagen", "reiskostenvergoeding"])
        if house {
            parts.append("Wat wij bieden: \(number(job.hours.0))-\(number(job.hours.1)) uur per week, € \(format2(job.salary.0 / 173.33)) per uur en \(extra).")
            parts.append(rng.pick(["Solliciteer direct!", "Reageer snel, wij nemen binnen 24 uur contact op."]))
        } else {
            parts.append("Jouw beloning: vanaf € \(format2(job.salary.0 / 173.33)) bruto per uur bij \(number(job.hours.0)) tot \(number(job.hours.1)) uur, plus \(extra).")
            parts.append(rng.pick(["Interesse? Bel of app ons.", "Stuur je cv via de knop hieronder."]))
        }
        return parts.joined(separator: " ")
    }

    static let rewordings: [(String, String)] = [
        ("Je ", "Jij "), (" je ", " jij "), ("werkt", "bent aan de slag"), ("dagelijks", "elke dag"),
        ("klanten", "klanten en relaties"), ("ervaring", "werkervaring"), ("Je hebt", "Jij beschikt over"),
        ("bedrijven", "ondernemingen"), ("regio", "omgeving"), ("modern", "nieuw"),
    ]

    static func reword(_ sentence: String) -> String {
        rewordings.reduce(sentence) { $0.replacingBytes($1.0, with: $1.1) }
    }

    static func isoDate(_ day: Int) -> String {
        // Howard Hinnant's civil_from_days.
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
