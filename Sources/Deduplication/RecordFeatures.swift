import KaartenbakCore

/// What scoring needs of one record, computed once: hashes and small sorted sets, no strings.
struct RecordFeatures: Sendable, Equatable {
    var recordKey: UInt64 = 0
    var sourceHash: UInt64 = 0
    var isAgency = false
    /// Job boards aggregate: they may list an employer's posting and an agency's copy of it.
    var isJobBoard = false
    /// The employer field names a staffing firm ("Flexpoint Uitzendbureau"), not the client.
    var staffingName = false
    /// Small sets are kept as bit sets (one bit per hashed element) rather than arrays: no heap
    /// allocation per record, and intersections are a few AND + popcount instructions. Collisions
    /// make similarities a little higher than exact; the thresholds were tuned with them.
    var titleWords = BitSet64()
    /// The title's words before a unit of the workplace ("chef de partie / locatie huize ter weele": chef, partie); the
    /// same as `titleWords` when it names none. Between two occupations a unit's name is no part of the job's name
    /// (`PairScorer.score`).
    var titleNameWords = BitSet64()
    var titleGrams = BitSet256()
    /// Hash of the sorted title words: equal titles up to word order and noise.
    var titleKey: UInt64 = 0
    /// First title word's hash: a coarse stand-in for the occupation when the classifier abstained.
    var titleHead: UInt64 = 0
    var isco: UInt64 = 0
    var occupation: UInt64 = 0
    /// 0 when unknown or hidden ("voor onze opdrachtgever").
    var employer: UInt64 = 0
    /// Trigrams of the employer key without spaces ("taxi centrale" = "taxicentrale").
    var employerGrams = BitSet256()
    /// The employer key's words: "jumbo" is part of "jumbo supermarkten".
    var employerWords = WordSet4()
    /// Initials and short first word of the employer key (`EmployerKeys.abbreviation`).
    var employerAbbreviation: UInt64 = 0
    /// The employer key's words without articles and prepositions (`EmployerKeys.nameWords`).
    var employerNameWords = WordSet4()
    /// The name words that are not a trade (`EmployerKeys.properWords`).
    var employerProperWords = WordSet4()
    /// The trades the name states, by their first five letters (`EmployerKeys.trades`).
    var employerTrades = WordSet4()
    /// The sectors the name's words name (`EmployerKeys.sectors`), a bit each.
    var employerSectors: UInt16 = 0
    /// Which agency posted it, two ways (`PairScorer.sameAgency`): an agency's own feed by its site's name
    /// ("www.werkpunt.nl": werkpunt), a posting under an agency's name by the starts of that name ("Werkpunt
    /// Uitzendgroep B.V.": werkpunt, werkpuntuitzendgroep).
    var agencySite = WordSet4()
    var agencyNames = WordSet4()
    /// The employer name run together as a site's name would be: two words or more from its start, or its only word
    /// ("Horeca Inzet": horecainzet; "Maas & Rijn Personeelsdiensten": maasrijn, maasrijnpersoneelsdiensten).
    var siteLikeNames = WordSet4()
    /// The name is an agency's: an agency's own feed in this night's data is at the site it names, and the posting is a
    /// job board's or werk.nl's, which show the agency as its organisation (`Deduplicator.markTrustedEmployers`).
    var agencyByName = false
    /// The employer name carries a legal form (`EmployerKeys.legalForm`).
    var employerLegalForm = false
    /// Published by the public employment service (werk.nl) or a municipality's employer desk (Werkgeversservicepunt),
    /// which name employers as registered: by their KvK (legal) name.
    var isPublicService = false
    /// Title words that qualify the job rather than name it ("cardiologie", "duurzaamheid"): hashes
    /// of their first five letters.
    var titleModifiers = BitSet64()
    /// First-five-letter hashes of all title words, sorted.
    var titlePrefixes = BitSet64()
    var place: UInt64 = 0

    /// The employer name is a real employer's: given by a non-agency publisher, or by an agency
    /// but also used by a non-agency publisher. An agency's name may otherwise be its own.
    var employerTrusted = false
    var hasNamedEmployer: Bool { employer != 0 && employerTrusted }
    var pc4: Int = 0
    var postcode: UInt64 = 0
    /// Days since 1970-01-01, or nil.
    var posted: Int32? = nil
    var closing: Int32? = nil
    var hoursMin: Float? = nil
    var hoursMax: Float? = nil
    /// Gross salary per month (hour × 173, week × 52/12, year / 12).
    var salaryMin: Float? = nil
    var salaryMax: Float? = nil
    /// The pay is stated per hour in whole quarter euros at both ends (`FeatureExtractor.isQuarter`): a scale rounded
    /// to the quarter, compared at that precision (`PairScorer.salary`).
    var payInQuarters = false
    /// The pay is stated per hour (`FeatureExtractor.isHourly`); `salaryMin` and `salaryMax` hold it per month at 173.33
    /// hours (`PairScorer.payAtHours` compares it with a monthly wage at the job's own hours).
    var payPerHour = false
    var url: UInt64 = 0
    /// MinHash signature of the description's content words; empty without description.
    var minhash = InlineHashes()
    /// The description's specific facts (see `FeatureExtractor.facts`): sorted hashes, at most
    /// `FeatureExtractor.maxFacts`.
    var facts = InlineHashes()
    /// Bit i set: `facts[i]` is common among postings of this occupation (a country a driver goes to,
    /// the software a clerk uses), so it is no evidence. Set for the whole set by
    /// `Deduplicator.markCommonFacts`, like `employerTrusted`.
    var commonFacts: UInt16 = 0
    /// Bit i set: `facts[i]` is a word of the unit the title names ("locatie Huize Ter Weele": huize, ter, weele;
    /// `FeatureExtractor.unitWordHashes`). A unit holds openings of several occupations: its name singles out one
    /// opening only among postings of one occupation (`PairScorer.sharedSpecificFacts`).
    var unitFacts: UInt16 = 0
    var specificFactCount: Int { facts.count - commonFacts.nonzeroBitCount }
    /// The description has enough words that a copy of the whole posting would repeat some of its facts.
    var longDescription = false
    /// The place's municipality (`FeatureExtractor.PlaceKeys.municipality`).
    var municipality: UInt32 = 0
    /// A driver's licence classes and route scope (`DrivingScope`), packed; 0 when not a driving job or not stated.
    var driving: UInt16 = 0
    /// The shift and unit the title names, and those the whole text names (`OpeningQualifiers`), packed.
    var openingTitle: UInt64 = 0
    var openingText: UInt64 = 0
    /// The unit names the whole text names after a marker, as a Bloom filter (`OpeningQualifiers.unitMentions`).
    var openingMentions: UInt64 = 0
    /// The description's first 10, 20, 30 and 40 words hashed, and whether it is cut short ("..."): `TextEvidence.opening`.
    var opening = SIMD4<UInt32>()
    var cutShort = false
    /// The title key (`TitleKeys.key`) of the job the description names (`TextEvidence.namedJob`); 0 when it names none.
    var namedJob: UInt64 = 0
    /// The job name's own words (`TitleKeys.stems`), by their first five letters.
    var titleStems = BitSet64()

    /// The employer's keys (`FeatureExtractor.EmployerKeys`) into these features.
    mutating func employer(_ e: FeatureExtractor.EmployerKeys) {
        (employer, employerGrams, employerWords, staffingName) = (e.hash, e.grams, e.words, e.staffing)
        (employerAbbreviation, employerNameWords, employerLegalForm) = (e.abbreviation, e.nameWords, e.legalForm)
        (employerProperWords, employerTrades, agencyNames) = (e.properWords, e.tradeStems, e.agencyNames)
        employerSectors = e.sectors
        siteLikeNames = e.siteLikeNames
    }
}

/// Builds `RecordFeatures` from a `Vacancy`.
struct FeatureExtractor: Sendable {
    let hashCount: Int
    /// Per-hash seeds of the MinHash family.
    let seeds: [UInt64]
    /// Descriptions are cut after this many words: the start says enough and bounds the cost.
    static let maxDescriptionWords = 160

    init(hashCount: Int) {
        self.hashCount = hashCount
        self.seeds = (0..<hashCount).map { TextKeys.mix(UInt64($0) &+ 0x5EED) }
    }

    /// Title, employer and place features, computed once per distinct string: feeds repeat them a
    /// lot, and this is most of the per-record cost.
    struct KeyTables: Sendable {
        var titles: [String: TitleKeys] = [:]
        var employers: [String: EmployerKeys] = [:]
        var places: [String: PlaceKeys] = [:]

        static func build(_ records: UnsafeBufferPointer<Vacancy>, threads: Int) -> KeyTables {
            var tables = KeyTables()
            tables.add(records, threads: threads)
            return tables
        }

        /// Adds the strings of `records` not in the tables yet (the file-based stage reads records
        /// in blocks and grows the tables block by block).
        mutating func add(_ records: UnsafeBufferPointer<Vacancy>, threads: Int) {
            var newTitles = Set<String>(), newEmployers = Set<String>(), newPlaces = Set<String>()
            for v in records {
                let title = v.normalisedTitle.isEmpty ? v.title : v.normalisedTitle
                if titles[title] == nil { newTitles.insert(title) }
                if let employer = v.employer, employers[employer] == nil { newEmployers.insert(employer) }
                if let place = v.place, places[place] == nil { newPlaces.insert(place) }
            }
            func add<T>(_ keys: Set<String>, to table: inout [String: T], _ make: (String) -> T) {
                let list = Array(keys)
                for (key, value) in zip(list, Parallel.map(list.count, threads: threads) { make(list[$0]) }) {
                    table[key] = value
                }
            }
            add(newTitles, to: &titles, TitleKeys.init)
            add(newEmployers, to: &employers, EmployerKeys.init)
            add(newPlaces, to: &places, PlaceKeys.init)
        }
    }

    struct TitleKeys: Sendable {
        var words = BitSet64(), nameWords = BitSet64(), grams = BitSet256(), key: UInt64 = 0, head: UInt64 = 0
        var prefixes = BitSet64(), modifiers = BitSet64(), stems = BitSet64()
        /// Each modifier's first five letters, packed, and its prefix hash: `modifiers(apartFrom:)`.
        var modifierList: [(packed: UInt64, hash: UInt32)] = []
        init(_ title: String) {
            let list = MatchKeys.titleWords(title)
            let hashes = TextKeys.sortedUnique(list.map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0)) })
            words = BitSet64(hashes)
            let name = list.prefix { !Self.unitMarkers.contains(TextKeys.string($0)) }
            nameWords = name.count == list.count || name.isEmpty ? words
                : BitSet64(TextKeys.sortedUnique(name.map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0)) }))
            grams = BitSet256(TextKeys.trigrams(of: list))
            key = hashes.reduce(0x7717) { TextKeys.combine($0, UInt64($1)) }
            head = list.first.map { TextKeys.fnv1a($0) } ?? 0
            prefixes = BitSet64(list.map(MatchKeys.prefixHash))
            modifierList = list.filter(MatchKeys.isModifier).map { (Self.pack($0.prefix(5)), MatchKeys.prefixHash($0)) }
            modifiers = BitSet64(modifierList.map(\.hash))
            stems = Self.stems(title)
        }

        /// `key` of a title, alone.
        static func key(of title: String) -> UInt64 {
            let hashes = TextKeys.sortedUnique(MatchKeys.titleWords(title).map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0)) })
            return hashes.reduce(0x7717) { TextKeys.combine($0, UInt64($1)) }
        }

        /// Words that name a unit of the workplace: the job's name ends before them ("Zorgmedewerker helpende - locatie
        /// Sint-Pieter", "Glazenwasser object ziekenhuis"). A unit is shared by openings of several occupations.
        static let unitMarkers: Set<String> = [
            "team", "afdeling", "locatie", "vestiging", "filiaal", "wijkteam", "school", "ploeg", "unit", "kliniek", "object", "groep",
        ]
        /// Title words that name a kind of worker or a level, not the matter of the job.
        static let generic: Set<String> = [
            "medewerker", "medewerkster", "logistiek", "logistieke", "allround", "zelfstandig", "werkend", "junior", "senior",
            "assistent", "hoofd", "eerste", "tweede", "leerling", "stagiair", "algemeen", "algemene", "ervaren", "vakkracht",
            "technisch", "technische", "operationeel", "operationele", "productie", "service", "support", "specialist",
            "adviseur", "coordinator", "manager", "teamleider", "chauffeur", "monteur", "niveau",
        ]

        /// The job's own words in a title: of its name (up to a unit, a slash, a bar or a bracket), those of five letters
        /// or more that are not generic, by their first five letters: "heftr" of "Heftruckchauffeur" and of "Medewerker
        /// magazijn heftruck", "order" of "Orderpicker" and of "Logistiek medewerker orderpicking".
        static func stems(_ title: String) -> BitSet64 {
            let name = title.split(whereSeparator: { $0 == "/" || $0 == "|" || $0 == "(" }).first.map(String.init) ?? title
            var hashes: [UInt32] = []
            for word in MatchKeys.titleWords(name) {
                let text = TextKeys.string(word)
                if unitMarkers.contains(text) { break }
                if word.count >= 5, !generic.contains(text) { hashes.append(MatchKeys.prefixHash(word)) }
            }
            return BitSet64(hashes)
        }

        /// The modifiers without those found in the occupation's name: once the classifier has named
        /// the occupation "klantenservicemedewerker", "klantenservice" and "service" in its titles are
        /// its role words ("Customer service medewerker telecom" is "Medewerker klantenservice
        /// telecom"), while "telecom" still qualifies the job.
        ///
        /// Nor does a word of the posting's own place or employer name a specialty: "IT Servicedesk Agent Oss" and
        /// "Logistiek medewerker Uden" say where, "Vakkenvuller Versmarkt" who (`elsewhere`: their words' prefix hashes).
        func modifiers(apartFrom occupation: String?, elsewhere: [UInt32] = []) -> BitSet64 {
            guard !modifierList.isEmpty else { return modifiers }
            let name = occupation.map { TextKeys.fold($0) } ?? []
            guard name.count >= 5 || !elsewhere.isEmpty else { return modifiers }
            // A title has a modifier or two and a name some twenty letters: compared window by window.
            func inName(_ packed: UInt64) -> Bool {
                name.count >= 5 && (0...(name.count - 5)).contains { Self.pack(name[$0..<($0 + 5)]) == packed }
            }
            return BitSet64(modifierList.filter { !inName($0.packed) && !elsewhere.contains($0.hash) }.map(\.hash))
        }

        private static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
            bytes.reduce(UInt64(bytes.count)) { $0 << 8 | UInt64($1) }
        }
    }

    /// A place's key and its municipality (`PlaceKeys.municipality`).
    struct PlaceKeys: Sendable {
        var hash: UInt64 = 0
        /// The municipality code of the place when its name is found in one municipality only (0 otherwise), with
        /// bit 16 set when the name is the municipality's own ("Súdwest-Fryslân" rather than "Sneek").
        var municipality: UInt32 = 0

        init(_ place: String) {
            guard let key = MatchKeys.placeKey(place) else { return }
            hash = TextKeys.hash(key)
            municipality = Self.table[key] ?? 0
        }

        static let isMunicipalityName: UInt32 = 1 << 16

        /// Place key → municipality, from the bundled geography, keyed as `MatchKeys.placeKey` keys places.
        static let table: [String: UInt32] = {
            let geography = Geography.bundled
            var table: [String: UInt32] = [:]
            for (name, codes) in geography.municipalitiesOfPlace where codes.count == 1 {
                if let key = MatchKeys.placeKey(name), let code = UInt32(codes[0]) { table[key] = code }
            }
            for (name, code) in geography.municipalityNamed {
                if let key = MatchKeys.placeKey(name), let number = UInt32(code) { table[key] = number | isMunicipalityName }
            }
            return table
        }()

        /// A municipality's code with `isMunicipalityName` → the place keys' hashes of the towns that lie in it alone,
        /// for a municipality whose name is no town's (`CandidateGenerator.appendBlockingKeys`).
        static let townsOfMunicipality: [UInt32: [UInt64]] = {
            let geography = Geography.bundled
            var towns: [UInt32: [UInt64]] = [:]
            for (name, code) in geography.municipalityNamed {
                guard let key = MatchKeys.placeKey(name), geography.municipalitiesOfPlace[name] == nil,
                      let number = UInt32(code), table[key] == number | isMunicipalityName else { continue }
                towns[number | isMunicipalityName] = []
            }
            for (name, codes) in geography.municipalitiesOfPlace where codes.count == 1 {
                guard let number = UInt32(codes[0]), towns[number | isMunicipalityName] != nil,
                      let key = MatchKeys.placeKey(name), table[key] == number else { continue }
                towns[number | isMunicipalityName]!.append(TextKeys.hash(key))
            }
            for code in towns.keys { towns[code]!.sort() }
            return towns
        }()

        /// One place is a municipality and the other lies in it ("Noordoostpolder" and "Emmeloord"), as a UWV
        /// copy names the municipality where the employer names the town.
        static func oneContainsTheOther(_ a: UInt32, _ b: UInt32) -> Bool {
            let mask = isMunicipalityName - 1
            guard a & mask != 0, a & mask == b & mask else { return false }
            return (a | b) & isMunicipalityName != 0
        }
    }

    struct EmployerKeys: Sendable {
        var hash: UInt64 = 0, grams = BitSet256(), words = WordSet4(), staffing = false, abbreviation: UInt64 = 0
        /// The name's words without articles and prepositions ("de", "het", "van"): what `sharesTwoNameWords` counts.
        var nameWords = WordSet4()
        /// The name words that name this employer rather than its trade: "Feenstra" of "Feenstra Transport en
        /// Logistiek", none of "Transport en Logistiek Noord"... but "Noord" (`isTrade`).
        var properWords = WordSet4()
        /// The trades the name states, each by its first five letters: "Transport" and "Transportbedrijf" are one.
        var tradeStems = WordSet4()
        /// A staffing firm's name, its words run together from the first word to each following one: what its site
        /// is called ("Maas en Rijn Personeelsdiensten": maas, maasrijn, maasrijnpersoneelsdiensten).
        var agencyNames = WordSet4()
        /// The name carries a legal form ("B.V.", "N.V.", "Stichting", "Holding", "Exploitatie"): the KvK name, which
        /// UWV's copies use, and which often shares no word with the name the employer trades and advertises under.
        var legalForm = false
        /// The sectors the name's words name (`sectorParts`): a legal and a trading name of one employer often state its
        /// trade in other words of one sector ("Stichting Ouderenzorg De Skûtsje" and "Woonzorgcentrum De Skûtsje",
        /// "J. Greving Transport B.V." and "Greving Logistiek", "IJsselkade Security Services B.V." and "IJsselkade
        /// Beveiliging").
        var sectors: UInt16 = 0
        /// The name's words run together from its start, two or more of them, or its one word (`siteLikeNames`).
        var siteLikeNames = WordSet4()
        static let legalForms: Set<String> = ["bv", "nv", "vof", "cv", "stichting", "holding", "exploitatie", "beheer"]
        static let linkWords: Set<String> = ["de", "het", "t", "van", "der", "den", "en", "op", "aan", "in", "voor"]
        init(_ employer: String) {
            guard let key = MatchKeys.employerKey(employer) else { return }
            staffing = MatchKeys.isStaffingFirm(key)
            let all = MatchKeys.joinInitials(TextKeys.string(TextKeys.fold(employer)).split(separator: " ").map(String.init))
            legalForm = all.contains(where: Self.legalForms.contains)
            let joined = Array(key.utf8.filter { $0 != UInt8(ascii: " ") })
            hash = TextKeys.fnv1a(joined)
            grams = BitSet256(TextKeys.trigrams(of: [joined[...]]))
            let list = TextKeys.words(Array(key.utf8))
            words = WordSet4(list.map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0)) })
            let names = list.filter { !Self.linkWords.contains(TextKeys.string($0)) }
            nameWords = WordSet4(names.map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0)) })
            properWords = WordSet4(names.filter { !Self.isTrade(TextKeys.string($0)) }.map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0)) })
            tradeStems = WordSet4(names.filter { Self.isTrade(TextKeys.string($0)) }.map { UInt32(truncatingIfNeeded: TextKeys.fnv1a($0.prefix(5))) })
            if staffing {
                var joined: [UInt8] = [], starts: [UInt32] = []
                for word in names.prefix(4) {
                    joined += word
                    starts.append(UInt32(truncatingIfNeeded: TextKeys.fnv1a(joined)))
                }
                agencyNames = WordSet4(starts)
            }
            abbreviation = Self.abbreviation(list)
            sectors = Self.sectors(names)
            var run: [UInt8] = [], runs: [UInt32] = []
            for (index, word) in names.prefix(4).enumerated() {
                run += word
                if index >= 1 || names.count == 1 { runs.append(UInt32(truncatingIfNeeded: TextKeys.fnv1a(run))) }
            }
            siteLikeNames = WordSet4(runs)
        }

        /// Sectors by the parts of words that name them in Dutch and English trade names, found anywhere in a word
        /// ("woonzorgcentrum" is care and housing), and a few short names only as whole words ("obs", "it").
        static let sectorParts: [(parts: [String], words: [String])] = [
            (["transport", "logist", "distribut", "expeditie", "warehous", "fulfilment", "vervoer", "koerier", "pakket"], []),
            (["bouw", "aannemer", "infra", "renovatie"], []),
            (["installatie", "techniek", "elektro", "metaal", "precisie", "machine"], []),
            (["zorg", "welzijn", "verpleeg", "ziekenhuis", "kliniek", "medisch"], []),
            (["woon", "wonen", "woning"], []),
            (["onderwijs", "school", "college", "opleiding", "academie"], ["obs", "cbs", "pcbs", "roc"]),
            (["horeca", "hotel", "restaurant", "brasserie", "eetcafe", "catering"], ["cafe"]),
            (["retail", "supermarkt", "winkel", "buurtsuper"], []),
            (["schoonmaak", "facilit", "cleaning", "glazenwas"], []),
            (["security", "beveilig"], []),
            (["software", "automatiser"], ["ict", "it"]),
            (["administratie", "accountant", "boekhoud"], []),
            (["kinderopvang"], []),
            (["food", "vleeswaren", "bakkerij", "zuivel", "voeding"], []),
        ]

        /// `sectorParts` by their first four bytes, and the whole words by their bytes: a name's words are read window
        /// by window, one table look-up each (a search for every part in every word was most of a name's keys).
        private static let sectorTables: (parts: [UInt32: [(rest: [UInt8], sector: Int)]], words: [[UInt8]: Int]) = {
            var parts: [UInt32: [(rest: [UInt8], sector: Int)]] = [:], words: [[UInt8]: Int] = [:]
            for (sector, entry) in sectorParts.enumerated() {
                for part in entry.parts {
                    let bytes = Array(part.utf8)
                    parts[window(bytes[...], 0), default: []].append((Array(bytes.dropFirst(4)), sector))
                }
                for word in entry.words { words[Array(word.utf8)] = sector }
            }
            return (parts, words)
        }()

        /// The parts' first two bytes, 65,536 marks: most windows are ruled out without a look-up.
        private static let sectorStarts: [Bool] = {
            var marks = [Bool](repeating: false, count: 1 << 16)
            for key in sectorTables.parts.keys { marks[Int(key >> 16)] = true }
            return marks
        }()

        private static func window(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt32 {
            let i = bytes.startIndex + offset
            return UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
        }

        static func sectors(_ words: [ArraySlice<UInt8>]) -> UInt16 {
            var bits: UInt16 = 0
            for word in words {
                if word.count <= 4, let sector = sectorTables.words[Array(word)] { bits |= 1 << UInt16(sector) }
                guard word.count >= 4 else { continue }
                for offset in 0...(word.count - 4) {
                    let i = word.startIndex + offset
                    guard sectorStarts[Int(word[i]) << 8 | Int(word[i + 1])],
                          let candidates = sectorTables.parts[window(word, offset)] else { continue }
                    let after = word.dropFirst(offset + 4)
                    for candidate in candidates where after.starts(with: candidate.rest) { bits |= 1 << UInt16(candidate.sector) }
                }
            }
            return bits
        }

        /// Words that say what an employer does, not which one it is: many employers of a town share them.
        static let trades: Set<String> = [
            "transport", "logistiek", "logistics", "distributie", "expeditie", "bouw", "infra", "installatie", "techniek",
            "metaal", "metaalbewerking", "productie", "verpakkingen", "kunststoffen", "food", "vleeswaren", "zorg",
            "thuiszorg", "ouderenzorg", "welzijn", "kinderopvang", "ziekenhuis", "wonen", "schoonmaak", "facility",
            "facilities", "horeca", "hotel", "restaurant", "brasserie", "cafe", "retail", "supermarkt", "supermarkten",
            "handel", "groothandel", "handelsonderneming", "onderwijs", "school", "basisschool", "college", "advies",
            "services", "service", "diensten", "dienstverlening", "personeelsdiensten", "partners", "automatisering",
            "ict", "it", "software", "security", "beveiliging", "energie", "mobiliteit", "makelaardij", "verhuur",
            "administratiekantoor", "accountants", "fulfilment", "warehousing", "precisie", "gemeente", "bakkerij", "garage",
        ]
        /// Compounds that end in a trade: "transportbedrijf", "woonzorgcentrum", "installatietechniek".
        static let tradeEndings = ["bedrijf", "bedrijven", "groep", "zorg", "centrum", "techniek", "diensten", "service", "services",
                                   "handel", "stichting", "winkel", "kantoor", "fabriek"]

        static func isTrade(_ word: String) -> Bool {
            trades.contains(word) || tradeEndings.contains { word.hasSuffix($0) }
        }

        /// A legal or short name often abbreviates the trading name: "TDC Twente B.V." is "Twentse Distributie
        /// Centrum", "LCD Logistiek Zuid" is "Limburg Cross-Dock". Packed: the hash of the initials of a name of
        /// three or more words (low half), and of a first word of two to five letters (high half); 0 where none.
        static func abbreviation(_ words: [ArraySlice<UInt8>]) -> UInt64 {
            var initials: UInt32 = 0, lead: UInt32 = 0
            if words.count >= 3 { initials = max(1, UInt32(truncatingIfNeeded: TextKeys.fnv1a(words.compactMap(\.first)))) }
            if let first = words.first, (2...5).contains(first.count) { lead = max(1, UInt32(truncatingIfNeeded: TextKeys.fnv1a(first))) }
            return UInt64(initials) | UInt64(lead) << 32
        }

        /// One name's initials are the other's first word.
        static func abbreviates(_ a: UInt64, _ b: UInt64) -> Bool {
            let (aInitials, aLead) = (UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: a >> 32))
            let (bInitials, bLead) = (UInt32(truncatingIfNeeded: b), UInt32(truncatingIfNeeded: b >> 32))
            return (aInitials != 0 && aInitials == bLead) || (bInitials != 0 && bInitials == aLead)
        }
    }

    /// The name a site goes by: the label before the top-level domain, letters and digits only
    /// ("https://www.maasrijn.nl/vacatures/1": maasrijn). Nil for an address without one.
    static func siteName(_ url: String) -> [UInt8]? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
        let labels = host.split(separator: ".")
        guard labels.count >= 2 else { return nil }
        let name = TextKeys.fold(String(labels[labels.count - 2])).filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") }
        return name.isEmpty ? nil : name
    }

    /// The prefix hashes (`MatchKeys.prefixHash`) of the words of a posting's place and employer name: in its title they
    /// say where and who, not which specialty (`TitleKeys.modifiers`).
    static func placeAndEmployerWords(_ vacancy: Vacancy) -> [UInt32] {
        var hashes: [UInt32] = []
        if let key = MatchKeys.placeKey(vacancy.place) {
            hashes += TextKeys.words(Array(key.utf8)).filter { $0.count >= 3 }.map(MatchKeys.prefixHash)
        }
        if let employer = vacancy.employer {
            hashes += TextKeys.words(TextKeys.fold(employer)).filter { $0.count >= 3 }.map(MatchKeys.prefixHash)
        }
        return hashes
    }

    func features(of vacancy: Vacancy, tables: KeyTables? = nil) -> RecordFeatures {
        var f = RecordFeatures()
        f.recordKey = TextKeys.hash(Deduplicator.memberKey(vacancy))
        f.sourceHash = TextKeys.hash(vacancy.source)
        f.isAgency = vacancy.publisher == .agency
        f.isJobBoard = vacancy.publisher == .jobBoard
        f.isPublicService = vacancy.publisher == .publicEmploymentService || vacancy.publisher == .municipality
        let title = vacancy.normalisedTitle.isEmpty ? vacancy.title : vacancy.normalisedTitle
        let t = tables?.titles[title] ?? TitleKeys(title)
        (f.titleWords, f.titleGrams, f.titleKey, f.titleHead, f.titleNameWords) = (t.words, t.grams, t.key, t.head, t.nameWords)
        (f.titlePrefixes, f.titleModifiers) = (t.prefixes, t.modifiers(apartFrom: vacancy.coding.occupationLabel ?? vacancy.coding.occupation,
                                                                         elsewhere: t.modifierList.isEmpty ? [] : Self.placeAndEmployerWords(vacancy)))
        f.titleStems = t.stems
        f.isco = vacancy.coding.isco.map(TextKeys.hash) ?? 0
        f.occupation = vacancy.coding.occupation.map(TextKeys.hash) ?? 0
        if let employer = vacancy.employer {
            f.employer(tables?.employers[employer] ?? EmployerKeys(employer))
        }
        if let place = vacancy.place {
            let keys = tables?.places[place] ?? PlaceKeys(place)
            (f.place, f.municipality) = (keys.hash, keys.municipality)
        }
        f.pc4 = MatchKeys.pc4(vacancy.postcode)
        if let postcode = vacancy.postcode, postcode.utf8.count >= 6 {
            f.postcode = TextKeys.fnv1a(TextKeys.fold(postcode).filter { $0 != UInt8(ascii: " ") })
        }
        f.posted = vacancy.datePosted.flatMap(Self.dayNumber)
        f.closing = vacancy.closingDate.flatMap(Self.dayNumber)
        f.hoursMin = (vacancy.hoursMin ?? vacancy.hoursMax).map(Float.init)
        f.hoursMax = (vacancy.hoursMax ?? vacancy.hoursMin).map(Float.init)
        let low = vacancy.salaryMin ?? vacancy.salaryMax
        let high = vacancy.salaryMax ?? vacancy.salaryMin
        f.salaryMin = low.map { Float(Self.monthly($0, period: vacancy.salaryPeriod)) }
        f.salaryMax = high.map { Float(Self.monthly($0, period: vacancy.salaryPeriod)) }
        if let low, let high {
            f.payPerHour = Self.isHourly(low, period: vacancy.salaryPeriod)
            f.payInQuarters = f.payPerHour && Self.isQuarter(low) && Self.isQuarter(high)
        }
        if low == nil, let description = vacancy.description, let (pay, minimumOnly) = SalaryValue.inText(description) {
            // Many agencies state the pay only in the text ("€ 17,02 per uur"): it is the same evidence.
            // One amount ("€ 15,00 per uur") is the starting rate: the maximum stays open.
            f.salaryMin = Float(Self.monthly(pay.min ?? pay.max, period: pay.period))
            f.salaryMax = minimumOnly ? nil : Float(Self.monthly(pay.max, period: pay.period))
            f.payPerHour = Self.isHourly(pay.min ?? pay.max, period: pay.period)
        }
        if let url = vacancy.url, !url.isEmpty {
            f.url = TextKeys.hash(url)
            if f.isAgency, let site = Self.siteName(url) { f.agencySite = WordSet4([UInt32(truncatingIfNeeded: TextKeys.fnv1a(site))]) }
        }
        f.driving = DrivingScope.of(title: vacancy.title, description: vacancy.description).packed
        let opening = OpeningQualifiers.of(title: vacancy.title, description: vacancy.description)
        (f.openingTitle, f.openingText, f.openingMentions) = (opening.title.packed, opening.text.packed, opening.text.unitMentions)
        if let description = vacancy.description {
            f.minhash = InlineHashes(minhash(of: description))
            let excluded = Self.factExclusions(place: vacancy.place, employer: vacancy.employer,
                                               hours: [vacancy.hoursMin, vacancy.hoursMax])
            let facts = Self.facts(of: description, excluding: excluded)
            (f.facts, f.longDescription) = (InlineHashes(facts.facts), facts.long)
            let unitWords = Self.unitWordHashes(title: vacancy.title)
            if !unitWords.isEmpty {
                for (bit, fact) in facts.facts.enumerated() where unitWords.contains(fact) { f.unitFacts |= 1 << UInt16(bit) }
            }
            (f.opening, f.cutShort) = TextEvidence.opening(description)
            f.namedJob = TextEvidence.namedJob(description)
        }
        return f
    }

    /// At most this many facts per description: the first ones in the text.
    static let maxFacts = 16
    /// Content words from which a description counts as long (a full posting, not a teaser).
    static let longDescriptionWords = 45

    /// The specific facts of a description: numbers (team size, staff, pay, house number) and proper
    /// names (capitalised words that do not start a sentence: streets, towns, products), as folded
    /// hashes. They are what a rewrite keeps while it rewords the duties, and unlike the duties they
    /// differ between two employers' postings for the same occupation, so shared facts tell two such
    /// jobs apart where overall word overlap cannot. The posting's own place, employer and hours are
    /// left out: they are compared as fields, and the duplicates they would add are not evidence.
    static func facts(of text: String, excluding excluded: [UInt32]) -> (facts: [UInt32], long: Bool) {
        var facts: [UInt32] = []
        var words = 0
        var sentenceStart = true
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count, words < maxDescriptionWords {
            let byte = bytes[i]
            guard Self.isWordByte(byte) else {
                switch byte {
                // A list item ("- Stationsplein") starts a sentence too.
                case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "\n"),
                     UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: " "):
                    sentenceStart = true
                default: break
                }
                i += 1
                continue
            }
            var end = i
            while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
            let isNumber = bytes[i..<end].allSatisfy(Self.isDigit)
            if isNumber {
                // "3.620" and "20,89" are one number: dots (thousands) dropped, the decimal comma kept.
                while end + 1 < bytes.count, bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: ","),
                      Self.isDigit(bytes[end + 1]) {
                    end += 1
                    while end < bytes.count, Self.isDigit(bytes[end]) { end += 1 }
                }
            }
            let word = bytes[i..<end]
            let isName = !sentenceStart && word.count >= 3 && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                && word.dropFirst().contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            if word.count >= 4 || isNumber { words += 1 }
            if isNumber || isName, facts.count < maxFacts {
                // Hashed as folded without building the folded bytes: ASCII only needs lower-casing.
                let hash = isNumber ? factHash(word.lazy.filter { $0 != UInt8(ascii: ".") })
                    : word.allSatisfy({ $0 < 0x80 }) ? factHash(word.lazy.map { $0 | 0x20 })
                    : factHash(TextKeys.fold(String(decoding: word, as: UTF8.self)))
                if !excluded.contains(hash) { facts.append(hash) }
            }
            sentenceStart = false
            i = end
        }
        return (TextKeys.sortedUnique(facts), words >= longDescriptionWords)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Letters, digits and any byte of a multi-byte character.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...0xFF: return true
        default: return false
        }
    }

    private static func factHash(_ folded: some Sequence<UInt8>) -> UInt32 {
        UInt32(truncatingIfNeeded: TextKeys.fnv1a(folded))
    }

    /// The fact hashes a posting's own place, employer and hours would give.
    /// (A short list, not a set: a handful of words, searched a few times.)
    static func factExclusions(place: String?, employer: String?, hours: [Double?]) -> [UInt32] {
        var excluded: [UInt32] = []
        for text in [place, employer].compactMap({ $0 }) {
            for word in TextKeys.words(TextKeys.fold(text)) { excluded.append(factHash(word)) }
        }
        for value in hours.compactMap({ $0 }) where value == value.rounded() && value >= 0 && value < 1000 {
            excluded.append(factHash(String(Int(value)).utf8))
        }
        return excluded
    }

    /// The fact hashes of the words a title names its workplace's unit with: all after its first unit marker
    /// ("Chef de partie - locatie Huize Ter Weele": huize, ter, weele), for `RecordFeatures.unitFacts`.
    static func unitWordHashes(title: String) -> [UInt32] {
        let words = TextKeys.words(TextKeys.fold(title))
        guard let marker = words.firstIndex(where: { TitleKeys.unitMarkers.contains(TextKeys.string($0)) }) else { return [] }
        return words[(marker + 1)...].map { factHash($0) }
    }

    /// MinHash over the description's content words (four letters or more, or with a digit): an
    /// agency's rewrite changes the phrasing but keeps the street, the team size, the benefits.
    func minhash(of text: String) -> [UInt32] {
        var signature = [UInt32](repeating: .max, count: hashCount)
        var seen = 0
        // Words found in place rather than split into an array of slices (an allocation and a
        // retain per word, at a million descriptions).
        TextKeys.fold(text, maxWords: Self.maxDescriptionWords).withUnsafeBufferPointer { folded in
            var start = 0, words = 0
            while start < folded.count, words < Self.maxDescriptionWords {
                if folded[start] == UInt8(ascii: " ") {
                    start += 1
                    continue
                }
                var end = start, hasDigit = false
                while end < folded.count, folded[end] != UInt8(ascii: " ") {
                    if folded[end] >= 48 && folded[end] <= 57 { hasDigit = true }
                    end += 1
                }
                words += 1
                defer { start = end }
                guard end - start >= 4 || hasDigit else { continue }
                let shingle = TextKeys.fnv1a(UnsafeBufferPointer(rebasing: folded[start..<end]))
                seen += 1
                signature.withUnsafeMutableBufferPointer { signature in
                    for k in 0..<hashCount {
                        let value = UInt32(truncatingIfNeeded: TextKeys.mix(shingle ^ seeds[k]) >> 32)
                        if value < signature[k] { signature[k] = value }
                    }
                }
            }
        }
        return seen >= 3 ? signature : []
    }

    /// Days since 1970-01-01 for "yyyy-mm-dd" (a longer ISO timestamp is cut at the date).
    static func dayNumber(_ iso: String) -> Int32? { ISODay.number(iso) }

    /// A rate per hour, as `monthly` reads the period.
    static func isHourly(_ amount: Double, period: String?) -> Bool {
        switch period ?? "" {
        case "hour": return true
        case "week", "month", "year": return false
        default: return amount < 100
        }
    }

    /// A whole number of quarter euros (€ 14,75), as an agency rounds a converted scale; not € 14,71 or € 14,80.
    static func isQuarter(_ amount: Double) -> Bool {
        let quarters = amount * 4
        return abs(quarters - quarters.rounded()) < 1e-6
    }

    /// Salary per month; without a period the magnitude decides.
    static func monthly(_ amount: Double, period: String?) -> Double {
        switch period ?? "" {
        case "hour": return amount * 173.33
        case "week": return amount * 52 / 12
        case "month": return amount
        case "year": return amount / 12
        default:
            if amount < 100 { return amount * 173.33 }
            if amount < 15_000 { return amount }
            return amount / 12
        }
    }
}

/// A short list of 32-bit hashes (a MinHash signature, a description's facts) stored inline rather
/// than in an array: `RecordFeatures` are copied for every scored pair, and the arrays' retains and
/// releases (atomic, on records both threads read) and their separate heap blocks cost more than the
/// scoring. Up to 16 inline; a longer list (more MinHash functions than the default 16) is kept in
/// an array.
struct InlineHashes: RandomAccessCollection, Equatable, Sendable {
    static let capacity = 16
    private var inline = SIMD16<UInt32>()
    private var inlineCount: UInt8 = 0
    private var overflow: [UInt32]?

    init() {}

    init(_ values: [UInt32]) {
        guard values.count <= Self.capacity else {
            overflow = values
            return
        }
        for (index, value) in values.enumerated() { inline[index] = value }
        inlineCount = UInt8(values.count)
    }

    /// `count` values read one by one: no array on the way when they fit inline.
    init(count: Int, _ next: () throws -> UInt32) rethrows {
        guard count <= Self.capacity else {
            overflow = try (0..<count).map { _ in try next() }
            return
        }
        for index in 0..<count { inline[index] = try next() }
        inlineCount = UInt8(count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { overflow?.count ?? Int(inlineCount) }

    subscript(index: Int) -> UInt32 {
        if let overflow { return overflow[index] }
        precondition(index >= 0 && index < Int(inlineCount), "index out of range")
        return inline[index]
    }

    static func == (lhs: InlineHashes, rhs: InlineHashes) -> Bool { lhs.elementsEqual(rhs) }
}

/// A set of hashed elements in 64 bits.
struct BitSet64: Sendable, Equatable {
    var bits: UInt64 = 0
    init() {}
    init(_ hashes: [UInt32]) {
        for hash in hashes { bits |= 1 << UInt64(TextKeys.mix(UInt64(hash)) & 63) }
    }
    var isEmpty: Bool { bits == 0 }
    var count: Int { bits.nonzeroBitCount }
    func intersectionCount(_ other: BitSet64) -> Int { (bits & other.bits).nonzeroBitCount }
    /// Some element of `self` is not in `other`.
    func hasElementsOutside(_ other: BitSet64) -> Bool { bits & ~other.bits != 0 }

    static func jaccard(_ a: BitSet64, _ b: BitSet64) -> Double {
        let union = (a.bits | b.bits).nonzeroBitCount
        return union == 0 || a.isEmpty || b.isEmpty ? 0 : Double(a.intersectionCount(b)) / Double(union)
    }
}

/// Up to four words as distinct 16-bit hashes in one `UInt64`, for exact containment of short
/// names: a 64-bit set's collisions made "Flexwerk" look like part of "Meijer Advies Goes" one time in
/// twenty. Words past the fourth are left out (names are short).
struct WordSet4: Sendable, Equatable {
    var packed: UInt64 = 0
    init() {}
    init(packed: UInt64) { self.packed = packed }
    /// Some word held is marked in `table` (65,536 entries, one per 16-bit word).
    func contains(anyOf table: [Bool]) -> Bool {
        for slot in 0..<UInt64(4) {
            let word = UInt16(truncatingIfNeeded: packed >> (16 * slot))
            if word != 0, table[Int(word)] { return true }
        }
        return false
    }
    init(_ hashes: [UInt32]) {
        // 0 marks an empty slot, so a word hashing to 0 becomes 1.
        let words = TextKeys.sortedUnique(hashes.map { max(1, UInt16(truncatingIfNeeded: $0 ^ $0 >> 16)) }).prefix(4)
        for (slot, word) in words.enumerated() { packed |= UInt64(word) << (16 * UInt64(slot)) }
    }
    private func word(_ slot: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: packed >> (16 * slot)) }
    var count: Int { (0..<4).reduce(0) { $0 + (word($1) != 0 ? 1 : 0) } }
    func intersectionCount(_ other: WordSet4) -> Int {
        var common = 0
        for slot in 0..<UInt64(4) {
            let mine = word(slot)
            if mine != 0, (0..<UInt64(4)).contains(where: { other.word($0) == mine }) { common += 1 }
        }
        return common
    }
}

/// A set of hashed elements in 256 bits (character trigrams of a title or a name).
struct BitSet256: Sendable, Equatable {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    init() {}
    init(_ hashes: [UInt32]) {
        for hash in hashes {
            let bit = UInt64(1) << UInt64(hash & 63)
            switch (hash >> 6) & 3 {
            case 0: w0 |= bit
            case 1: w1 |= bit
            case 2: w2 |= bit
            default: w3 |= bit
            }
        }
    }
    var count: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount }
    func intersectionCount(_ o: BitSet256) -> Int {
        (w0 & o.w0).nonzeroBitCount + (w1 & o.w1).nonzeroBitCount + (w2 & o.w2).nonzeroBitCount + (w3 & o.w3).nonzeroBitCount
    }

    static func dice(_ a: BitSet256, _ b: BitSet256) -> Double {
        let total = a.count + b.count
        return total == 0 || a.count == 0 || b.count == 0 ? 0 : 2 * Double(a.intersectionCount(b)) / Double(total)
    }
}
