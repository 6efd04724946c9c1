/// The words the signal rules know, each with the forms it takes in ads (lower case, diacritics folded).
///
/// A form is a whole word ("bbl"), a prefix ("leerwerk*": leerwerkbaan, leerwerkplekken) or a suffix
/// ("*ervaring": werkervaring, rijervaring); a whole word wins over a prefix, a longer prefix or suffix over a
/// shorter one. Every other word is `.unknown`.
enum Term: UInt16, CaseIterable {
    case unknown
    // Negation and what a negation turns into "not needed".
    case geen, niet, nooit, zonder, not, no, dont, doesnt, isnt, arent, never, without, nobody, hoef, hoeven, nvt
    case nodig, vereist, vereiste, noodzakelijk, verplicht, must, eis, eisen, voorwaarde, vragen, belang
    case need, needed, required, requirement, requires, necessary, mandatory, essential, important
    // A requirement waved away, or an answer that lets a question's "no" stand.
    case pre, plus, meegenomen, nice, bonus, advantage, handig
    case probleem, problem, punt, erg, fine, toch, welkom, welcome, uit, prima, bezwaar
    case helaas, unfortunately, aanmerking, plaatsen, possible, mogelijk, bespreekbaar, ja, nee, moet, jou, wel, but, maar
    case afgerond, beschik, bezit, have, hebt, heb, kunnen, kan, can, dan, uitzondering
    // A wish stated as a predicate ("is fijn"), a worry answered ("houdt je niet tegen"), a requirement for later.
    case fijn, `is`, tegen, doorgroeien, genoeg
    // Diplomas and schooling.
    case diploma, startkwalificatie, papiertjes, degree, qualification, opleiding, opleidingsniveau, opleidingseis
    case education, school, mbo, hbo, wo, vmbo, havo, vwo, bachelor, master, universiteit, niveau, denkniveau, werkniveau
    case certificaat, vca, heftruck, rijbewijs, buitenlands, geldig
    // Experience and people new to work.
    case ervaring, experience, gewerkt, worked, starter, schoolverlater, herintreder, instromer, beginner
    case afgestudeerd, graduate, instapfunctie, eerste, first, baan, job, net, pas, fresh, junior, entry
    case geschikt, suitable, kans, opgelet, ideaal, perfect, uitgenodigd, looking, exactly
    case minimaal, minstens, maximaal, ten, least, aantoonbare, ruime, jaar, maand, year, month, ervaren, senior
    case opdoen, prior, professional, any, enkel
    case opgedaan, nog, eerder, onervaren, arbeidsproces, niets, kennen, branche, andere, achtergrond, functie, instroom
    // Learning while working.
    case bbl, bbler, leerwerk, leerwerkbedrijf, leerwerkafdeling, werkleertraject, leerbaan, leerarbeidsovereenkomst
    case leer, werktraject, werkervaringsplaats, praktijkverklaring, praktijkroute, inservice, duaal, instroomtraject
    case apprentice, trainee, opleidingsplaats, leren, werken, leerling, leerlingen, erkend, recognised
    case stage, bol, afstudeerstage, leermeester, praktijkopleider, docent, coordinator, werkmeester, projectleider
    case regulier, leerbedrijf, deelnemers, verantwoordelijk, ontwerpen, inzet, aantal
    case ruimte, io, werkend, loondienst, terwijl, interne, code, bevoegdheid, krijg, opleiden
    // Participation.
    case banenafspraak, doelgroepregister, participatiewet, wajong, beschut, garantiebaan, wsw, sw, arbeidsbeperking
    case afstand, ver, arbeidsmarkt, carving, jobcarving, jobcreatie, participatiebaan, loonkostensubsidie, riskpolis
    case bijstand, bijstandAlone, doelgroep, indicatie, proefplaatsing, integratieplek, uitkering, behoud
    case klantmanager, arbeidsdeskundige, jobcoach, consulent, trajectregisseur, trajectbegeleider, adviseur, beleid
    case consultant, leidinggevende, teamleider, hoofd, manager, controller, recruiter, accountmanager, directeur
    case begeleider, begeleid, ondersteun, adviseer, beoordeel, help, stuur, beantwoord, leid, coach, over, kennis
    case uitvoering, quotum, wordt, door, missie, jaarlijks, honderden, al, werkgevers, ongeacht, medewerkers, leiding
    case client, clients, mensen, onder, valt, vallen, bedoeld, reserved, open, voorrang
    case beperking, moeilijk, toepassing, care, iedereen, buiten, te
    // Hours.
    case parttime, part, time, deeltijd, bijbaan, zaterdaghulp, vakantiewerk, weekendhulp, zaterdag, dagavond, soms, oproep, nuluren, min, max
    case flexibel, werktijden, uren, rooster, tijden, schooltijden, kies, kiezen, zelf, bepaal, dagdelen, dagen, ochtenden
    case avonden, middagen, diensten, shifts, uur, hours, hour, fte, wtf, week, dag, day, days, fulltime, full
    case overleg, naast, studie, scholieren, studenten, per, a, van, tot, to, or, of, en, and, samen, together, contract
    case inzetbaar, werkhouding, instelling, werkgever, organisatie, schil, pool, werkplekken, hybride, thuis, vast, standby
    case vanaf, from, tussen, between, flexitime, weekend, weekends, vakanties, om, binnen, monthly, spreekuur, team, les
    case twee, drie, vier, vijf, zes, two, three, four, five, six
    case zeven, acht, negen, tien, twaalf, twintig, seven, eight, nine, twelve, twenty
    case beschikbaarheid, geeft, wanneer, hoeveel, uitkomt, halve
    case clock, volg, doen, mee, aan, draag, partakes, voorkeur, zoeken, solliciteren, zich, combineren, weekday, bereid, inclusief, learners
    // Language.
    case nederlands, dutch, engels, english, engelstalig, pools, polish, roemeens, romanian, duits, german, arabisch
    case bulgaars, turks, spaans, frans, taal, language, werktaal, voertaal, speak, spoken, spreek, spreken, vloeiend, fluent
    case moedertaal, native, b1, b2, c1, c2, a2, beheers, woord, geschrift, command, skills, knowledge, instructies
    case instructions, leaders, ploegleiders, supervisors, communication, communicatie, office, company
    case anderstalig, foreign, englishOnly, offer, role
    // A demand softened rather than waived ("geen zware diploma-eisen"), a welcome on a condition ("zolang je het vloeiend
    // spreekt"), interest denied ("niet geïnteresseerd in je diploma's").
    case zwaar, zolang, geinteresseerd
    case nt2, taalcoach, vertaler, translator, written, goed, good, uitstekend, foutloos, lessons, lessen, cursus
    // Function words, to tell the ad's language.
    case the, you, your, our, with, `for`, will, who, what, this, that, are, an, be, they, their, we
    case de, het, een, je, jij, jouw, wij, ons, onze, voor, met, bij, naar, zijn, ook, wat, dat, die, deze, als, op

    /// The value of a number written as a word ("vier ochtenden"), else nil.
    var numberValue: Float? {
        switch self {
        case .twee, .two: 2
        case .drie, .three: 3
        case .vier, .four: 4
        case .vijf, .five: 5
        case .zes, .six: 6
        // Small numbers are written out in ads: "acht uur per week", "drie diensten van acht uur", "twintig uur".
        case .zeven, .seven: 7
        case .acht, .eight: 8
        case .negen, .nine: 9
        case .tien: 10
        case .twaalf, .twelve: 12
        case .twintig, .twenty: 20
        default: nil
        }
    }

    /// The language of a term's forms, unless `Term.englishForms` names the form: 1: English only, 2: Dutch only,
    /// 3: Polish or Romanian (an ad written for those workers), 0: either or neither.
    var language: UInt8 {
        switch self {
        case .the, .you, .your, .our, .with, .for, .will, .who, .what, .this, .that, .are, .an, .be, .they, .their,
             .and, .to, .not, .no, .have, .can, .from, .between, .or, .speak, .looking, .englishOnly, .role: return 1
        case .de, .het, .een, .je, .jij, .jouw, .wij, .ons, .onze, .voor, .met, .bij, .naar, .zijn, .ook, .wat, .dat,
             .die, .deze, .als, .op, .en, .van, .niet, .geen, .heb, .hebt, .kunnen, .wordt, .tot, .per: return 2
        case .foreign: return 3
        default: return 0
        }
    }

    /// English forms of terms that have Dutch forms too, counted as English words: a short ad in English ("Kitchen
    /// porter wanted, evening shifts, salary per hour") has few function words.
    static let englishForms: Set<String> = ["wanted", "hiring", "seeking", "salary", "wage", "hour", "hours", "hrs", "evening", "evenings",
                                            "morning", "mornings", "afternoon", "afternoons", "weekly", "experience", "experienced",
                                            "required", "needed", "need", "needs", "working", "work", "apply", "english", "dutch", "skills",
                                            "knowledge", "fluent", "requirements", "requirement", "during", "while", "paid", "get",
                                            "receive", "other", "another", "nothing", "anything", "before", "ever", "yet", "if", "when",
                                            "would", "was", "everyone", "available", "position", "role", "vacancy", "field", "choose",
                                            "own", "yourself", "training", "trained",
                                            // English spellings of words whose Dutch form differs ("but" / "maar", "day" / "dag",
                                            // "flexible" / "flexibel"): a short ad in English has few function words.
                                            "but", "however", "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "none", "nobody",
                                            "never", "without", "within", "after", "at", "good", "people", "candidates", "applicants",
                                            "day", "days", "year", "years", "month", "months", "first", "shift", "shifts", "part", "full",
                                            "including", "welcome", "employer", "employers", "company", "possible", "education",
                                            "completed", "studied", "degree", "degrees", "important", "necessary", "requires", "require",
                                            "mandatory", "essential", "fixed", "flexible", "flexibility", "language", "languages", "speak",
                                            "speaks", "speaking", "spoken", "students", "study", "disability", "disabilities",
                                            "certificate", "instructions", "leaders", "supervisors", "suitable", "problem", "any", "pay",
                                            "offer", "offers", "provide", "provides", "benefits", "just", "graduated", "internship"]
    /// Forms shared by both languages although their term is Dutch ("per hour", "word").
    static let sharedForms: Set<String> = ["per", "word"]

    static func language(of form: String, _ term: Term) -> UInt8 {
        if englishForms.contains(form) { return 1 }
        return sharedForms.contains(form) ? 0 : term.language
    }
}

extension Term {
    /// The term's raw value, read as the enum's own two bytes: `rawValue` of an enum of this many cases is a switch, and
    /// the rules read it for every word of every ad (a `TermSet` lookup, a comparison). The raw values are the cases'
    /// order, as the tag is (`lexiconFitsItsSets` checks every case).
    @inline(__always)
    var index: Int { Int(unsafeBitCast(self, to: UInt16.self)) }

    /// Two terms compared by their index: the synthesized `==` went through the Equatable witness on every call.
    @inline(__always)
    static func == (lhs: Term, rhs: Term) -> Bool { lhs.index == rhs.index }
}

/// The forms of each term: a word, "prefix*" or "*suffix".
extension Term {
    static let forms: [(Term, [String])] = [
        (.geen, ["geen"]), (.niet, ["niet", "evenmin"]), (.nooit, ["nooit"]), (.zonder, ["zonder"]), (.not, ["not"]), (.no, ["no"]),
        (.dont, ["dont", "didnt"]), (.doesnt, ["doesnt"]), (.isnt, ["isnt", "wasnt"]), (.arent, ["arent"]),
        (.never, ["never"]), (.without, ["without"]), (.nobody, ["nobody", "none"]), (.hoef, ["hoef", "hoeft"]),
        (.hoeven, ["hoeven"]), (.nvt, ["nvt"]),
        (.nodig, ["nodig"]), (.vereist, ["vereist", "vereisen"]), (.vereiste, ["vereiste", "vereisten"]),
        (.noodzakelijk, ["noodzakelijk", "noodzaak"]), (.verplicht, ["verplicht", "verplichte", "verplichting", "pflicht"]),
        (.must, ["must", "musthave"]), (.eis, ["eis", "eist"]), (.eisen, ["eisen"]), (.voorwaarde, ["voorwaarde", "voorwaarden"]),
        (.vragen, ["vragen", "vraagt", "vraag", "vroegen"]), (.belang, ["belang", "belangrijk", "relevant"]),
        (.need, ["need", "needs"]), (.needed, ["needed"]), (.required, ["required"]), (.requirement, ["requirement", "requirements"]),
        (.requires, ["requires", "require"]), (.necessary, ["necessary"]), (.mandatory, ["mandatory"]),
        (.essential, ["essential"]), (.important, ["important"]),
        (.pre, ["pre", "pree"]), (.plus, ["plus", "pluspunt"]), (.meegenomen, ["meegenomen"]), (.nice, ["nice"]),
        (.bonus, ["bonus"]), (.advantage, ["advantage", "asset", "voordeel"]), (.handig, ["handig"]), (.nice, ["optional", "optioneel"]),
        (.probleem, ["probleem", "problemen"]), (.problem, ["problem"]), (.punt, ["punt"]), (.erg, ["erg"]),
        (.fine, ["fine", "okay", "ok"]), (.toch, ["toch"]), (.welkom, ["welkom"]), (.welcome, ["welcome"]), (.uit, ["uit"]),
        (.prima, ["prima"]), (.bezwaar, ["bezwaar", "uitgesloten", "excluded"]),
        (.helaas, ["helaas", "jammer"]), (.unfortunately, ["unfortunately", "sorry"]), (.aanmerking, ["aanmerking"]),
        (.plaatsen, ["plaatsen"]), (.possible, ["possible"]), (.mogelijk, ["mogelijk", "mogelijkheid"]),
        (.bespreekbaar, ["bespreekbaar", "bespreken"]), (.ja, ["ja", "yes"]), (.nee, ["nee", "nope"]), (.moet, ["moet", "moeten", "dient"]),
        (.jou, ["jou"]), (.wel, ["wel"]), (.but, ["but", "however"]), (.maar, ["maar"]),
        (.afgerond, ["afgerond", "afgeronde", "afronding", "completed", "behaald", "behaalde", "afgemaakt", "afmaken", "finished", "rondt", "afronden", "afrondt"]), (.beschik, ["beschik", "beschikt", "beschikken"]),
        (.bezit, ["bezit"]), (.have, ["have", "has"]), (.hebt, ["hebt", "heeft"]), (.heb, ["heb"]), (.kunnen, ["kunnen", "kun"]),
        (.kan, ["kan"]), (.can, ["can"]), (.dan, ["dan", "then"]), (.uitzondering, ["uitzondering"]),
        (.fijn, ["fijn", "prettig", "mooi", "handy", "helpful"]), (.is, ["is", "was", "zou", "would"]),
        (.tegen, ["tegen", "tegenhouden", "weerhouden", "stop", "stops"]), (.doorgroeien, ["doorgroeien", "doorgroei", "doorstromen", "later"]),
        (.genoeg, ["genoeg", "voldoende", "volstaat", "enough", "sufficient"]),

        (.diploma, ["diploma*", "*diploma", "*diplomas"]), (.startkwalificatie, ["startkwalificatie"]),
        (.papiertjes, ["papiertjes", "papieren", "papiertje", "papers"]), (.degree, ["degree", "degrees"]),
        (.qualification, ["qualification*"]), (.opleiding, ["opleiding", "opleidingen", "*opleiding", "opl", "gestudeerd", "studied"]),
        (.opleidingsniveau, ["opleidingsniveau", "schoolniveau", "onderwijsniveau"]), (.opleidingseis, ["opleidingseis", "opleidingseisen", "diplomaeisen"]),
        (.education, ["education"]), (.school, ["school"]), (.mbo, ["mbo", "mbo2", "mbo3", "mbo4"]), (.hbo, ["hbo", "hbov"]), (.wo, ["wo"]),
        (.vmbo, ["vmbo"]), (.havo, ["havo"]), (.vwo, ["vwo"]), (.bachelor, ["bachelor*"]), (.master, ["master", "masters", "masterdiploma"]),
        (.universiteit, ["universiteit", "university", "universitair", "universitaire"]), (.niveau, ["niveau", "level"]),
        (.denkniveau, ["denkniveau"]), (.werkniveau, ["werkniveau"]), (.buitenlands, ["buitenlands", "buitenlandse", "foreign", "overseas"]), (.geldig, ["geldig", "geldige", "valid"]), (.certificaat, ["certificaat", "certificate", "certificaten", "*certificaat", "*certificaten", "pasje"]),
        (.vca, ["vca"]), (.heftruck, ["heftruck*", "reachtruck*"]), (.rijbewijs, ["rijbewijs"]),

        (.ervaring, ["ervaring", "*ervaring", "ervaringen"]), (.experience, ["experience", "experienced"]), (.gewerkt, ["gewerkt"]),
        (.worked, ["worked"]), (.starter, ["starter", "starters", "startende"]), (.schoolverlater, ["schoolverlater*"]),
        (.herintreder, ["herintreder*"]), (.instromer, ["instromer", "instromers", "zijinstromer*"]), (.beginner, ["beginner", "beginners"]),
        (.afgestudeerd, ["afgestudeerd", "afgestudeerde", "afgestudeerden"]), (.graduate, ["graduate", "graduates", "graduated"]),
        (.instapfunctie, ["instapfunctie*", "instapbaan"]), (.eerste, ["eerste"]), (.first, ["first"]), (.baan, ["baan", "baantje"]),
        (.job, ["job", "jobs"]), (.net, ["net", "just"]), (.pas, ["pas"]), (.fresh, ["fresh", "recent"]), (.junior, ["junior"]), (.entry, ["entry"]),
        (.geschikt, ["geschikt"]), (.suitable, ["suitable"]), (.kans, ["kans"]), (.opgelet, ["opgelet"]), (.ideaal, ["ideaal"]),
        (.perfect, ["perfect", "perfecte", "perfectly"]), (.uitgenodigd, ["uitgenodigd", "uitnodigen"]), (.looking, ["looking"]), (.exactly, ["exactly"]),
        (.minimaal, ["minimaal", "minimum"]), (.minstens, ["minstens", "tenminste"]), (.ten, ["ten"]), (.least, ["least"]),
        (.aantoonbare, ["aantoonbare", "aantoonbaar"]), (.ruime, ["ruime", "ruim", "jarenlange", "veel"]), (.jaar, ["jaar", "jaren"]),
        (.maand, ["maand", "maanden"]), (.year, ["year", "years", "yrs"]), (.month, ["month", "months"]), (.ervaren, ["ervaren"]),
        (.senior, ["senior"]), (.opdoen, ["opdoen", "opdoet", "opbouwen"]), (.opgedaan, ["opgedaan", "opgebouwd", "gained"]), (.prior, ["prior", "previous"]),
        (.professional, ["professional", "relevante"]), (.any, ["any"]), (.enkel, ["enkel", "enkele"]),
        (.nog, ["nog", "yet"]), (.eerder, ["eerder", "ooit", "before", "ever"]), (.onervaren, ["onervaren", "inexperienced"]), (.arbeidsproces, ["arbeidsproces"]),
        (.niets, ["niets", "niks", "nothing", "anything"]), (.kennen, ["kennen", "weten", "know"]),
        (.branche, ["branche", "branches", "sector", "sectoren", "vakgebied", "werkveld", "beroep", "industry", "field", "career"]),
        (.andere, ["andere", "ander", "other", "different", "another"]), (.achtergrond, ["achtergrond", "background"]),
        (.functie, ["functie", "vacature", "vacatures", "rol", "role", "position", "vacancy"]), (.instroom, ["instroom", "zijinstroom"]),

        (.bbl, ["bbl"]), (.bbler, ["bbler", "bblers"]), (.leerwerk, ["leerwerk*"]), (.leerwerkbedrijf, ["leerwerkbedrijf*", "leerwerkafdeling*"]),
        (.werkleertraject, ["werkleertraject*", "leerwerktraject*", "werkleerbaan*"]), (.leerbaan, ["leerbaan", "leerbanen"]),
        (.leerarbeidsovereenkomst, ["leerarbeidsovereenkomst*", "leerovereenkomst", "leerwerkovereenkomst*"]),
        (.leer, ["leer"]), (.werktraject, ["werktraject", "werktrajecten", "werkbaan", "werkplek", "werkplekken", "werkplaats", "werkplaatsen", "werkovereenkomst", "werkopleiding"]),
        (.werkervaringsplaats, ["werkervaringsplaats*", "werkervaringsplek*"]), (.praktijkverklaring, ["praktijkverklaring*"]),
        (.praktijkroute, ["praktijkroute*"]), (.inservice, ["inservice*", "inserviceopleiding"]), (.duaal, ["duaal", "duale"]),
        (.instroomtraject, ["instroomtraject*", "zijinstroomtraject*"]), (.apprentice, ["apprentice*"]), (.trainee, ["trainee*"]),
        (.opleidingsplaats, ["opleidingsplaats*", "opleidingsplek*"]), (.leren, ["leren", "learn", "learning"]),
        (.werken, ["werken", "working", "werkt", "work", "werk"]), (.leerling, ["leerling"]), (.leerlingen, ["leerlingen"]),
        (.erkend, ["erkend", "erkende", "officieel", "officiele", "formal", "formeel", "formele"]), (.recognised, ["recognised", "recognized", "accredited"]),
        (.stage, ["stage", "stageplek", "stageplaats", "stagiair", "stagiairs", "stageplekken", "internship"]), (.bol, ["bol", "bolstage"]),
        (.afstudeerstage, ["afstudeerstage"]), (.leermeester, ["leermeester*"]), (.praktijkopleider, ["praktijkopleider*", "*opleider", "leerlingbegeleider*"]),
        (.docent, ["docent", "docenten", "*docent", "teacher", "leraar", "instructeur", "trainer", "trainers"]), (.coordinator, ["coordinator", "*coordinator", "coordineer", "coordineert"]),
        (.werkmeester, ["werkmeester*"]), (.projectleider, ["projectleider*", "projectcoordinator"]), (.regulier, ["regulier", "reguliere"]),
        (.leerbedrijf, ["leerbedrijf"]), (.deelnemers, ["deelnemers", "deelnemer"]), (.verantwoordelijk, ["verantwoordelijk"]),
        (.ontwerpen, ["ontwerpen", "ontwerp", "ontwikkel", "ontwikkelen", "uitbreiding", "evalueren", "evalueer"]), (.inzet, ["inzet", "zet"]),
        (.aantal, ["aantal", "meer"]),
        (.ruimte, ["ruimte", "room"]), (.io, ["io"]), (.werkend, ["werkend", "werkenderwijs"]),
        (.loondienst, ["loondienst", "salaris", "betaald", "betaalde", "paid", "salary", "wage", "pay"]), (.terwijl, ["terwijl", "tijdens", "while", "during"]),
        (.interne, ["interne", "intern", "inhouse", "academy", "academie", "bootcamp"]), (.code, ["code"]),
        (.krijg, ["krijg", "krijgt", "ontvang", "ontvangt", "get", "receive", "receives", "obtain", "afloop", "oplevert"]),
        (.opleiden, ["opleiden", "opleidt", "opleid", "leiden", "opgeleid"]),
        (.bevoegdheid, ["bevoegdheid", "lesbevoegdheid", "bevoegd", "licence", "license"]),

        (.banenafspraak, ["banenafspraak*"]), (.doelgroepregister, ["doelgroepregister*", "doelgroepverklaring*"]), (.participatiewet, ["participatiewet*"]),
        (.wajong, ["wajong*"]), (.beschut, ["beschut", "beschutte"]), (.garantiebaan, ["garantiebaan", "garantiebanen"]),
        (.wsw, ["wsw", "wswer", "wswers", "swindicatie", "werkvoorziening"]), (.sw, ["sw"]), (.arbeidsbeperking, ["arbeidsbeperking*", "arbeidshandicap", "arbeidsgehandicapt*"]),
        (.afstand, ["afstand"]), (.ver, ["ver", "verder", "verre"]), (.arbeidsmarkt, ["arbeidsmarkt"]), (.carving, ["carving"]), (.jobcarving, ["jobcarving"]),
        (.jobcreatie, ["jobcreatie", "functiecreatie"]), (.participatiebaan, ["participatiebaan*", "participatieplek*", "participatieplaats*"]),
        (.loonkostensubsidie, ["loonkostensubsidie", "loonwaardemeting"]), (.riskpolis, ["riskpolis"]),
        (.bijstand, ["bijstandsuitkering", "bijstandsgerechtigde*", "bijstandsgerechtigden", "bijstandsuitkeringen"]), (.bijstandAlone, ["bijstand"]), (.doelgroep, ["doelgroep"]),
        (.indicatie, ["indicatie"]), (.proefplaatsing, ["proefplaatsing"]), (.integratieplek, ["integratieplek", "reintegratieplek"]),
        (.uitkering, ["uitkering"]), (.behoud, ["behoud"]),
        (.klantmanager, ["klantmanager*"]), (.arbeidsdeskundige, ["arbeidsdeskundige*"]), (.jobcoach, ["jobcoach", "jobcoaches"]),
        (.consulent, ["consulent", "*consulent", "*coach", "*bemiddelaar", "jurist", "*jurist", "casemanager*"]),
        (.trajectregisseur, ["trajectregisseur*", "*regisseur"]), (.trajectbegeleider, ["trajectbegeleider*"]),
        (.adviseur, ["adviseur", "*adviseur", "adviseert", "adviseren"]), (.beleid, ["beleid", "beleids*", "beleidsnota*"]),
        (.consultant, ["consultant"]), (.leidinggevende, ["leidinggevende"]), (.teamleider, ["teamleider", "teamleiders", "*leider", "*leiders"]),
        (.hoofd, ["hoofd"]), (.manager, ["manager", "*manager"]), (.controller, ["controller"]), (.recruiter, ["recruiter", "recruiters"]),
        (.accountmanager, ["accountmanager"]), (.directeur, ["directeur", "bestuurder"]), (.begeleider, ["begeleider", "*begeleider"]),
        (.begeleid, ["begeleid", "begeleidt", "begeleiden"]), (.ondersteun, ["ondersteun", "ondersteunt", "ondersteunen"]),
        (.adviseer, ["adviseer"]), (.beoordeel, ["beoordeel", "beoordeelt", "beoordelen", "beoordelingen"]), (.help, ["help", "helpt", "helpen"]),
        (.stuur, ["stuur", "stuurt", "aansturen"]), (.beantwoord, ["beantwoord", "beantwoordt"]), (.leid, ["leid", "leidt"]),
        (.coach, ["coach", "coacht"]), (.over, ["over"]), (.kennis, ["kennis"]), (.uitvoering, ["uitvoering", "voert", "voeren", "uitvoeren", "uitvoert", "aanvragen", "aanvraag", "verwerkt", "verwerken"]), (.quotum, ["quotum"]),
        (.wordt, ["wordt", "worden", "word"]), (.door, ["door"]), (.missie, ["missie", "mission", "trots", "proud", "maatschappelijke", "gerealiseerd", "geholpen"]), (.jaarlijks, ["jaarlijks", "annually"]),
        (.honderden, ["honderden", "duizenden"]), (.al, ["al"]), (.werkgevers, ["werkgevers", "ondernemers", "employers"]),
        (.ongeacht, ["ongeacht", "regardless", "diversiteit", "diversity", "divers", "equal", "gelijke"]), (.medewerkers, ["medewerkers"]), (.leiding, ["leiding"]),
        (.client, ["klant", "client", "inwoner"]), (.clients, ["klanten", "clienten", "inwoners", "cliënten", "jongeren", "jongvolwassenen", "werkzoekenden", "bewoners", "kinderen", "patienten", "pupillen"]),
        (.mensen, ["mensen", "kandidaten", "iemand", "collega", "collegas", "people", "candidates", "applicants"]), (.onder, ["onder"]),
        (.valt, ["valt"]), (.vallen, ["vallen"]), (.bedoeld, ["bedoeld", "bestemd", "gereserveerd", "gecreeerd"]),
        (.beperking, ["beperking", "beperkingen", "handicap", "disability", "disabilities"]),
        (.moeilijk, ["moeilijk", "lastig", "moeite", "difficult"]),
        (.buiten, ["buiten", "outside"]), (.te, ["te"]),
        (.iedereen, ["iedereen", "everyone", "everybody", "anyone", "anybody"]),
        (.care, ["zorg", "dagbesteding", "woonvorm", "woongroep", "gehandicaptenzorg", "verpleeghuis", "zorginstelling", "care"]), (.toepassing, ["toepassing", "geldt", "gelden", "applicable", "eligible", "available"]),
        (.reserved, ["reserved", "intended"]), (.open, ["open", "openstaan"]), (.voorrang, ["voorrang", "priority"]),

        (.parttime, ["parttime", "parttimer", "parttimers", "deeltijdbaan"]), (.part, ["part"]), (.time, ["time"]),
        (.deeltijd, ["deeltijd", "deeltijds", "deeltijdse"]), (.bijbaan, ["bijbaan", "bijbaantje", "bijbanen", "sidejob", "bijbaner", "bijbaners"]),
        (.zaterdaghulp, ["zaterdaghulp", "zaterdagkracht", "zaterdagbaan", "avondhulp"]),
        (.vakantiewerk, ["vakantiehulp", "vakantiekracht", "vakantiewerk", "vakantiebaan", "vakantiejob"]),
        (.dagavond, ["vrijdagavond*", "zaterdagavond*", "zondagavond*", "koopavond*"]), (.soms, ["soms", "sometimes", "occasionally"]),
        (.weekendhulp, ["weekendhulp", "weekendkracht", "weekendbaan", "weekendwerk"]),
        (.zaterdag, ["zaterdag", "zaterdagen", "zaterdagochtend", "saturday", "saturdays"]),
        (.oproep, ["oproepkracht*", "oproepbasis", "oproepcontract", "oproepwerk", "invalkracht*", "invaller*", "oncall"]),
        (.nuluren, ["nuluren*", "0urencontract"]), (.min, ["min"]), (.max, ["max", "maxcontract"]), (.maximaal, ["maximaal", "hooguit", "hoogstens"]),
        (.flexibel, ["flexibel", "flexibele", "flexibiliteit", "flexible", "flexibility", "flex"]), (.werktijden, ["werktijden", "werktijd", "begintijden", "eindtijden", "begin"]),
        (.uren, ["uren", "urental", "contracturen"]), (.rooster, ["rooster", "roosters", "schedule"]), (.tijden, ["tijden"]),
        (.schooltijden, ["schooltijden", "schooluren"]), (.kies, ["kies", "kiest", "choose", "chooses"]), (.kiezen, ["kiezen", "bepalen"]),
        (.zelf, ["zelf", "yourself", "own", "eigen"]), (.bepaal, ["bepaal", "bepaalt"]), (.dagdelen, ["dagdelen", "dagdeel"]), (.dagen, ["dagen", "nachten", "nights"]),
        (.ochtenden, ["ochtenden", "ochtend", "mornings", "morning", "ochtenduren"]), (.avonden, ["avonden", "avond", "evenings", "evening", "avonduren"]),
        (.middagen, ["middagen", "middag", "afternoons", "afternoon"]),
        (.diensten, ["diensten", "dienst", "*diensten", "*dienst", "ochtendploeg", "middagploeg", "avondploeg", "nachtploeg", "dagploeg"]), (.shifts, ["shifts", "shift", "*shifts", "*shift"]), (.uur, ["uur", "urige", "urig"]), (.hours, ["hours", "hrs", "h", "upw"]),
        (.hour, ["hour"]), (.fte, ["fte"]), (.wtf, ["wtf"]), (.week, ["week", "pw", "weekly", "wk", "wekelijks"]), (.dag, ["dag", "daags", "nacht"]),
        (.day, ["day"]), (.days, ["days"]), (.fulltime, ["fulltime", "fulltimer", "voltijd", "voltijds", "fulltimebaan", "voltijd*", "fulltime*"]), (.full, ["full"]),
        (.overleg, ["overleg", "onderling", "wens", "keuze", "choice"]), (.naast, ["naast", "besides", "alongside", "next"]), (.studie, ["studie", "study", "studies"]),
        (.scholieren, ["scholieren", "scholier"]), (.studenten, ["studenten", "student", "students"]), (.per, ["per"]), (.a, ["a"]),
        (.van, ["van"]), (.tot, ["tot"]), (.to, ["to"]), (.or, ["or"]), (.of, ["of"]), (.en, ["en"]), (.and, ["and"]),
        (.samen, ["samen", "totaal", "inclusief"]), (.together, ["together", "combined", "including"]), (.contract, ["contract", "dienstverband", "aanstelling", "arbeidsovereenkomst", "werkweek", "workweek"]),
        (.inzetbaar, ["inzetbaar", "beschikbaar"]), (.werkhouding, ["werkhouding", "houding", "mindset", "attitude"]),
        (.instelling, ["instelling"]), (.werkgever, ["werkgever", "employer"]), (.organisatie, ["organisatie", "bedrijf"]),
        (.schil, ["schil"]), (.pool, ["pool", "flexpool"]), (.werkplekken, ["flexwerkplekken", "flexplekken", "flexplek"]),
        (.hybride, ["hybride", "hybrid", "thuiswerken", "homeoffice"]),
        // A standby duty on top of the job's hours (a demand on the worker, not a choice of hours).
        (.standby, ["bereikbaarheidsdienst*", "storingsdienst*", "consignatiedienst*", "consignatie", "piketdienst*", "oproepbaar", "standby"]), (.thuis, ["thuis"]), (.vast, ["vast", "vaste", "fixed"]),
        (.om, ["om", "at"]), (.binnen, ["binnen", "na", "within", "after"]), (.monthly, ["maandelijks", "monthly"]),
        (.spreekuur, ["spreekuur", "inloopspreekuur", "openingstijden", "gesloten", "closed", "bereikbaar", "bellen", "bel", "telefonisch", "kennismaking", "sollicitatiegesprek*", "gesprek*", "informatiebijeenkomst", "informatiemiddag", "informatieavond", "geopend", "meeloopdag", "lunch", "pauze"]),
        (.team, ["team", "teams", "works", "werkvloer", "shopfloor", "floor", "afdeling", "lab", "klas", "groep", "staff", "colleagues", "collegues"]),
        (.les, ["les", "lesdag", "schooldag", "college", "roc", "class", "classes", "opleidingscentrum*", "opleidingsinstituut", "trainingscentrum*", "vakschool", "leslocatie"]),
        (.beschikbaarheid, ["beschikbaarheid", "availability"]), (.geeft, ["geeft", "geef", "doorgeven", "doorgeeft", "aangeven", "opgeven", "tell"]),
        (.wanneer, ["wanneer", "when", "whenever", "if"]), (.hoeveel, ["hoeveel"]), (.uitkomt, ["uitkomt", "schikt", "wilt", "kunt", "suits", "want"]),
        (.halve, ["halve", "halftime", "halftijds"]),
        (.clock, ["s", "ochtends", "middags", "avonds", "snachts", "smorgens", "sochtends", "smiddags", "savonds", "am", "pm", "oclock"]),
        (.volg, ["volg", "volgt", "volgen", "haal", "haalt", "halen", "behaal", "behaalt", "behalen", "follow", "study"]),
        (.doen, ["doen", "doet", "nemen", "neemt"]), (.mee, ["mee", "deel"]), (.aan, ["aan"]), (.draag, ["dragen", "draagt"]),
        (.partakes, ["meedoen", "deelnemen", "bijdragen", "onderschrijven", "onderschrijft", "convenant", "partner", "partners",
                      "pledge", "ondertekend", "signed", "prestatieladder"]),
        (.weekday, ["ma", "maandag", "di", "dinsdag", "woensdag", "donderdag", "vr", "vrijdag", "za", "zondag", "monday", "tuesday",
                    "wednesday", "thursday", "friday", "werkdagen", "weekdays", "dagelijks", "daily", "doordeweeks"]),
        (.bereid, ["bereid", "willing", "verwacht", "verwachten", "expected"]), (.inclusief, ["inclusieve", "inclusive"]),
        (.learners, ["cursisten", "trainees", "apprentices"]),
        (.combineren, ["combineren", "combineer", "combineert", "combinatie", "tegelijk", "tegelijkertijd", "gecombineerd", "combine"]),
        (.voorkeur, ["voorkeur", "preferably", "preferred", "wenselijk", "aanbeveling", "aanbeveel"]),
        (.zoeken, ["zoeken", "zoekt", "zoek", "gezocht", "hiring", "seeking", "wanted"]),
        (.solliciteren, ["solliciteren", "solliciteer", "reageren", "reageer", "apply", "aanmelden"]), (.zich, ["zich"]),
        (.twee, ["twee"]), (.drie, ["drie"]), (.vier, ["vier"]), (.vijf, ["vijf"]), (.zes, ["zes"]),
        (.two, ["two"]), (.three, ["three"]), (.four, ["four"]), (.five, ["five"]), (.six, ["six"]),
        (.zeven, ["zeven"]), (.acht, ["acht"]), (.negen, ["negen"]), (.tien, ["tien"]), (.twaalf, ["twaalf"]), (.twintig, ["twintig"]),
        (.seven, ["seven"]), (.eight, ["eight"]), (.nine, ["nine"]), (.twelve, ["twelve"]), (.twenty, ["twenty"]),
        (.vanaf, ["vanaf"]), (.from, ["from"]), (.tussen, ["tussen"]), (.between, ["between"]), (.flexitime, ["flexitime", "flextime", "glijdende", "glijtijd*"]),
        (.weekend, ["weekend", "zondag", "sunday"]), (.weekends, ["weekends", "weekenden", "sundays"]), (.vakanties, ["vakanties", "schoolvakanties", "vakantie"]),

        (.nederlands, ["nederlands", "nederlandse", "nederlandstalig", "nederlandstalige"]), (.dutch, ["dutch"]),
        (.engels, ["engels", "engelse"]), (.english, ["english"]), (.engelstalig, ["engelstalig", "engelstalige", "englishspeaking"]),
        (.pools, ["pools", "poolse", "polski", "polsku", "polskim"]), (.polish, ["polish"]), (.roemeens, ["roemeens", "roemeense"]),
        (.romanian, ["romanian"]), (.duits, ["duits", "duitse"]), (.german, ["german"]), (.arabisch, ["arabisch", "arabic"]),
        (.bulgaars, ["bulgaars", "bulgarian"]), (.turks, ["turks", "turkish"]), (.spaans, ["spaans", "spanish"]), (.frans, ["frans", "french"]),
        (.taal, ["taal", "talen", "taalvaardigheid", "jezyku", "języku"]), (.language, ["language", "languages"]),
        (.werktaal, ["werktaal"]), (.voertaal, ["voertaal", "bedrijfstaal", "spreektaal"]), (.speak, ["speak", "speaks", "speaking", "talk", "speaker", "speakers"]), (.spoken, ["spoken", "gesproken"]),
        (.spreek, ["spreek", "spreekt", "sprak", "praat"]), (.spreken, ["spreken", "praten", "verstaan", "beheersen", "schrijven", "schrijf", "schrijft", "lezen", "leest", "sprekend", "sprekende", "sprekers", "spreker"]), (.vloeiend, ["vloeiend", "vloeiende", "fliessend", "fließend"]),
        (.fluent, ["fluent", "fluency", "fluently"]), (.moedertaal, ["moedertaal*", "moedertaalniveau", "tongue"]), (.native, ["native"]),
        (.b1, ["b1"]), (.b2, ["b2"]), (.c1, ["c1"]), (.c2, ["c2"]), (.a2, ["a2"]), (.beheers, ["beheers", "beheerst", "beheersing"]),
        (.woord, ["woord"]), (.geschrift, ["geschrift"]), (.command, ["command", "proficiency", "proficient"]), (.skills, ["skills"]),
        (.knowledge, ["knowledge"]), (.instructies, ["instructies", "werkinstructies", "instrukcje", "uitleg"]),
        (.instructions, ["instructions", "training", "trained"]), (.leaders, ["leaders", "leader", "supervisor", "teamleaders"]),
        (.ploegleiders, ["ploegleiders", "ploegleider", "leidinggevenden", "voorman"]), (.supervisors, ["supervisors"]),
        (.communication, ["communication", "communicate", "communicates", "communiceer", "communiceert", "communiceren", "meetings", "meeting", "vergaderingen", "vergaderen", "overleggen"]), (.communicatie, ["communicatie"]), (.office, ["office"]), (.company, ["company"]),
        (.anderstalig, ["anderstalig", "anderstalige", "anderstaligen", "nonnative", "nondutch"]),
        // Words of Polish and Romanian job ads (an ad written for those workers): function words and the ads' staples.
        // English words no rule reads, to tell an ad written in English.
        // What an employer offers, in English ads: a job ad's own words.
        (.offer, ["offer", "offers", "provide", "provides", "benefits"]),
        // The role an ad in English names ("Kitchen porter at a brasserie", "Security officer", "Sales agent"): a job ad's own
        // words, which a requirement fragment ("No diploma or degree required.") does not have. English spellings only.
        (.role, ["porter", "porters", "agent", "agents", "officer", "officers", "engineer", "engineers", "developer", "developers",
                 "interns", "driver", "drivers", "cleaner", "cleaners", "cook", "cooks", "waiter", "waiters",
                 "waitress", "operator", "operators", "picker", "pickers", "technician", "technicians", "nurse", "nurses", "carer",
                 "carers", "worker", "workers", "staff", "housekeeper", "housekeeping", "receptionist", "warehouse"]),
        (.englishOnly, ["it", "its", "on", "by", "all", "which", "there", "does", "youll", "youre", "were", "should", "immediately",
                        // Frequent English function words that are no Dutch word.
                        "only", "near", "under", "both", "also", "up", "out", "into", "some", "could", "them", "than",
                        "now", "how", "where", "why", "here", "each", "such", "very", "much", "most", "may", "might", "been",
                        "had", "did", "my", "him", "her", "she", "one", "make", "like", "take", "give", "see", "look", "come",
                        "go", "well", "way", "even", "these", "those", "because", "fully", "international",
                        "asap", "housing", "accommodation", "about", "us", "more", "new", "start", "starting", "join", "we're"]),
        (.foreign, ["praca", "pracy", "pracownik", "pracownikow", "jest", "dla", "oraz", "się", "szukamy", "oferujemy",
                    "wymagamy", "zapewniamy", "mieszkanie", "zakwaterowanie", "wynagrodzenie", "języka", "pentru", "este",
                    "lucru", "oferim", "căutăm", "cazare", "salariu", "fără", "limba", "si"]),
        (.nt2, ["nt2"]), (.taalcoach, ["taalcoach", "taaldocent", "taaltrainer"]), (.vertaler, ["vertaler", "tolk"]),
        (.translator, ["translator", "interpreter", "proofreading"]), (.written, ["written", "writing"]), (.goed, ["goed", "goede"]),
        (.good, ["good"]), (.uitstekend, ["uitstekend", "uitstekende", "excellent"]), (.foutloos, ["foutloos", "correct"]),
        (.lessons, ["lessons", "course", "courses"]), (.lessen, ["lessen", "*lessen", "taalles", "taallessen", "taalcursus"]), (.cursus, ["cursus"]),

        (.the, ["the"]), (.you, ["you"]), (.your, ["your"]), (.our, ["our"]), (.with, ["with"]), (.for, ["for"]), (.will, ["will"]),
        (.who, ["who"]), (.what, ["what"]), (.this, ["this"]), (.that, ["that"]), (.are, ["are"]), (.an, ["an"]), (.be, ["be"]),
        (.they, ["they"]), (.their, ["their"]), (.we, ["we"]),
        (.de, ["de"]), (.het, ["het"]), (.een, ["een"]), (.je, ["je"]), (.jij, ["jij"]), (.jouw, ["jouw"]), (.wij, ["wij"]),
        (.ons, ["ons"]), (.onze, ["onze"]), (.voor, ["voor"]), (.met, ["met"]), (.bij, ["bij"]), (.naar, ["naar"]),
        (.zijn, ["zijn", "ben", "bent"]), (.ook, ["ook"]), (.wat, ["wat"]), (.dat, ["dat"]), (.die, ["die"]), (.deze, ["deze"]),
        (.als, ["als", "indien", "mocht", "zodra"]), (.op, ["op"]),
        (.zwaar, ["zware", "zwaar", "hoge", "hoog", "strenge", "streng"]),
        (.zolang, ["zolang", "mits", "provided"]), (.geinteresseerd, ["geïnteresseerd", "interested", "interesseert", "boeit"]),
    ]

    /// Forms of the other languages ads on this market are written in: German near the border, Polish and Turkish for the
    /// workers agencies bring. Each says what its Dutch term says ("kein Diplom nötig", "bez doświadczenia", "deneyim
    /// gerekmez"), and each counts as a word of another language (an ad written for those workers). Turkish says "not
    /// needed" after the thing, as "n.v.t." does.
    static let foreignForms: [(Term, [String])] = [
        (.geen, ["kein", "keine", "keinen", "keiner"]), (.niet, ["nicht", "nie"]), (.zonder, ["ohne", "bez"]),
        (.vereist, ["erforderlich", "vorausgesetzt", "wymagana", "wymagane", "wymagany", "wymagania"]),
        (.nodig, ["nötig", "notwendig", "benötigt", "potrzebne", "potrzebna", "potrzebny", "gerekli"]),
        (.voorwaarde, ["voraussetzung", "voraussetzungen"]), (.nvt, ["gerekmez", "gerekmiyor", "gerekmemektedir"]),
        (.diploma, ["diplom", "abschluss", "berufsabschluss", "schulabschluss", "dyplom", "dyplomu", "dyplomy"]),
        (.ervaring, ["erfahrung", "*erfahrung", "doświadczenie", "doświadczenia", "deneyim", "deneyimi", "tecrübe"]),
        (.onervaren, ["deneyimsiz"]), (.instromer, ["quereinsteiger*"]), (.starter, ["berufseinsteiger*", "einsteiger"]),
        (.beginner, ["anfänger"]), (.welkom, ["willkommen"]), (.parttime, ["teilzeit", "teilzeitstelle"]), (.fulltime, ["vollzeit"]),
        (.bijbaan, ["minijob", "nebenjob"]), (.uur, ["std", "stunden", "godz", "godzin", "godziny", "saat"]),
        (.week, ["woche", "wochen", "wöchentlich", "tydz", "tydzień", "tygodniowo", "hafta", "haftada"]),
        (.halve, ["pół"]), (.contract, ["etat", "etatu", "etacie"]),
        (.nederlands, ["niederländisch*", "niderlandzk*", "holendersk*", "hollandaca", "felemenkçe"]),
        (.duits, ["deutsch", "deutsche", "deutschkenntnisse", "niemiecki"]), (.engels, ["englisch", "angielski", "angielsku", "ingilizce"]),
        (.turks, ["türkçe"]), (.werktaal, ["arbeitssprache"]), (.taal, ["sprache", "sprachkenntnisse", "język"]),
        (.genoeg, ["reicht", "ausreichend", "wystarczy"]), (.en, ["und", "ve"]), (.is, ["ist", "sind"]),
        // Function words: an ad written in German or Turkish.
        (.foreign, ["wir", "für", "oder", "auf", "bei", "mit", "suchen", "ihre", "arbeit", "stelle", "bir", "için", "ile", "olarak"]),
    ]
}

/// The terms' forms hashed: a word is looked up by its hash, without a String.
struct Lexicon: Sendable {
    private var keys: [UInt64]
    /// A term's raw value, and its form's language in the top bits.
    private var values: [UInt16]
    private let mask: Int
    /// One bit per key (a hash of it other than the slot's), 8 KB: most words of an ad are no form, and a word
    /// is probed at every length a prefix form has and again from its end, so most probes ask for a key that is
    /// not there. The bit answers them from the first-level cache; the table (a few hundred KB with the typo
    /// variants) is read only when it is set.
    private var filter: [UInt64]
    /// Bit n set: some prefix (suffix) form has n bytes.
    private let prefixLengths: UInt64
    private let suffixLengths: UInt64
    /// The longest suffix form: a word's backward pass stops there.
    private let longestSuffix: Int

    static let shared = Lexicon()

    init() {
        var entries: [(UInt64, UInt16)] = []
        var prefixes: UInt64 = 0, suffixes: UInt64 = 0
        for (term, forms, foreign) in Term.forms.map({ ($0, $1, false) }) + Term.foreignForms.map({ ($0, $1, true) }) {
            for form in forms {
                let value = term.rawValue | UInt16(foreign ? 3 : Term.language(of: form, term)) << Self.languageShift
                var bytes = Self.fold(form)
                if bytes.last == UInt8(ascii: "*") {
                    bytes.removeLast()
                    prefixes |= 1 << UInt64(bytes.count)
                    entries.append((Self.hash(bytes[...]) ^ Self.prefixSalt, value))
                } else if bytes.first == UInt8(ascii: "*") {
                    bytes.removeFirst()
                    suffixes |= 1 << UInt64(bytes.count)
                    // Hashed from its end: a word's suffixes are then found in one backward pass.
                    entries.append((Self.hash(Array(bytes.reversed())[...]) ^ Self.suffixSalt, value))
                } else {
                    entries.append((Self.hash(bytes[...]), value))
                }
            }
        }
        // A key word with one letter dropped is still the word ("ervaing", "ervarig", "parttme", "vreist": ads have typos),
        // and the longer ones with one letter changed or added too ("diplome", "noodzakerlijk"); listed after the forms, so
        // a real form always wins.
        for (term, word) in Self.typoTolerant {
            let value = term.rawValue | UInt16(Term.language(of: word, term)) << Self.languageShift
            let bytes = Self.fold(word)
            for position in bytes.indices {
                var variant = bytes
                variant.remove(at: position)
                entries.append((Self.hash(variant[...]), value))
            }
            guard !Self.onlyDropped.contains(word) else { continue }
            for position in bytes.indices + [bytes.count] {
                for letter in UInt8(ascii: "a")...UInt8(ascii: "z") {
                    if position < bytes.count, letter != bytes[position] {
                        var changed = bytes
                        changed[position] = letter
                        entries.append((Self.hash(changed[...]), value))
                    }
                    var added = bytes
                    added.insert(letter, at: position)
                    entries.append((Self.hash(added[...]), value))
                }
            }
        }
        var slots = 16
        while slots < entries.count * 4 { slots <<= 1 }
        keys = [UInt64](repeating: 0, count: slots)
        values = [UInt16](repeating: 0, count: slots)
        mask = slots - 1
        prefixLengths = prefixes
        suffixLengths = suffixes
        longestSuffix = max(1, 63 - suffixes.leadingZeroBitCount)
        filter = [UInt64](repeating: 0, count: Self.filterWords)
        for (key, value) in entries {
            let bit = Self.filterBit(key)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
            var slot = Int(truncatingIfNeeded: key &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == 0 { keys[slot] = key; values[slot] = value } // the first form listed wins
        }
    }

    static let languageShift: UInt16 = 12

    /// The words read with a typo: the nouns and requirement words the signals turn on, long enough that no variant is another word.
    static let typoTolerant: [(Term, String)] = [(.ervaring, "ervaring"), (.diploma, "diploma"), (.parttime, "parttime"),
                                                 (.noodzakelijk, "noodzakelijk"), (.vereist, "vereist")]
    /// Words whose one letter changed or added can be another word ("vereist", "vergist"): read with a letter dropped only.
    static let onlyDropped: Set<String> = ["vereist"]

    /// A form folded as the text's words are ("się", "języka": Latin Extended-A letters as `SignalText.letter` reads them).
    static func fold(_ form: String) -> [UInt8] {
        var form = form
        return form.withUTF8 { bytes in
            var out: [UInt8] = []
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "*") { out.append(bytes[index]); index += 1; continue }
                guard let (folded, width) = SignalText.letter(bytes, index) else { index += 1; continue }
                out.append(folded)
                index += width
            }
            return out
        }
    }

    static let prefixSalt: UInt64 = 0x5A5A_5A5A_0000_0001
    static let suffixSalt: UInt64 = 0xA5A5_A5A5_0000_0002

    @inline(__always)
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    static let filterWords = 1 << 10

    @inline(__always)
    static func filterBit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0xC2B2_AE3D_27D4_EB4F) >> 48) }

    @inline(__always)
    private func find(_ key: UInt64) -> UInt16? {
        let bit = Self.filterBit(key)
        guard filter.withUnsafeBufferPointer({ $0[bit >> 6] }) >> UInt64(bit & 63) & 1 != 0 else { return nil }
        var slot = Int(truncatingIfNeeded: key &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// The term of a folded word: the word itself, else its longest known prefix, else its longest known suffix.
    func term(_ word: [UInt8]) -> Term { word.withUnsafeBufferPointer { lookup($0).term } }

    /// The term of a folded word and the language of the form found (`Term.language(of:_:)`).
    func lookup(_ word: UnsafeBufferPointer<UInt8>) -> (term: Term, language: UInt8) {
        guard let value = find(word) else { return (.unknown, 0) }
        // (the value is a term's raw value from the table built above, so always a case)
        return (unsafeBitCast(value & (1 << Self.languageShift - 1), to: Term.self), UInt8(value >> Self.languageShift))
    }

    private func find(_ word: UnsafeBufferPointer<UInt8>) -> UInt16? {
        let count = word.count
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var prefixHit: UInt16?
        for index in 0..<count {
            hash = (hash ^ UInt64(word[index])) &* 0x100_0000_01b3
            let length = index + 1
            if length < 64, prefixLengths & (1 << UInt64(length)) != 0, let term = find(hash ^ Self.prefixSalt) {
                prefixHit = term
            }
        }
        if let value = find(hash) { return value }
        if let prefixHit { return prefixHit }
        guard suffixLengths != 0, count >= 3 else { return nil }
        var backward: UInt64 = 0xcbf2_9ce4_8422_2325
        var suffixHit: UInt16?
        for length in 1...min(count, longestSuffix) {
            backward = (backward ^ UInt64(word[count - length])) &* 0x100_0000_01b3
            if suffixLengths & (1 << UInt64(length)) != 0, let term = find(backward ^ Self.suffixSalt) { suffixHit = term }
        }
        return suffixHit // the longest known suffix
    }
}

/// A set of terms as bits: a lookup is a shift and a mask, and a literal costs no allocation (the rules ask
/// "is this word one of ..." for every word of every ad).
struct TermSet: ExpressibleByArrayLiteral, Sendable, Equatable {
    private var words = SIMD16<UInt64>(repeating: 0)

    init() {}

    // Inlined so that a literal's bits are folded where it is written: called, it built the variadic array
    // on the heap at every use (0.6% of a night's samples, with its malloc and free beside).
    @inline(__always)
    init(arrayLiteral elements: Term...) {
        for element in elements { insert(element) }
    }

    init<S: Sequence>(_ terms: S) where S.Element == Term {
        for term in terms { insert(term) }
    }

    @inline(__always)
    mutating func insert(_ term: Term) {
        let raw = term.index
        words[raw >> 6] |= 1 << UInt64(raw & 63)
    }

    @inline(__always)
    func contains(_ term: Term) -> Bool {
        let raw = term.index
        return (words[raw >> 6] >> UInt64(raw & 63)) & 1 != 0
    }

    func union(_ other: TermSet) -> TermSet {
        var result = self
        result.words |= other.words
        return result
    }

    /// Whether the two sets share a term.
    func meets(_ other: TermSet) -> Bool { (words & other.words) != SIMD16(repeating: 0) }
}
