/// The rules of each signal over one ad (`SignalText`). Each returns where it found its signal, or nil.
///
/// Shared notions:
/// - a *clause* is the scope of a negation: "geen diploma nodig, wel een fiets" negates the diploma only;
/// - a thing is *waived* when the ad says it is not needed: a negation before it ("geen diploma", "no
///   experience", "zonder startkwalificatie"), a negated requirement after it ("diploma is niet vereist",
///   "Dutch is not required", "vragen we niet", "hoef je niet"), a "pré" ("ervaring is een pré"), or a
///   short question answered yes ("Ervaring? Niet nodig!");
/// - a thing is *required* when a clause asks for it without a negation ("minimaal 2 jaar ervaring",
///   "afgeronde mbo 4-opleiding", "je spreekt vloeiend Nederlands"); a requirement of the same kind anywhere in
///   the ad undoes a waiver, unless it is a conditional alternative ("zonder werkervaring heb je minimaal mbo 2
///   nodig" leaves both open);
/// - a *staff job* asks for years of experience (or, for participation, a hbo/wo degree): its words about
///   schemes and learning places are the organisation's work, not what the job offers.
final class Rules {
    let text: SignalText

    init(_ text: SignalText) { self.text = text }

    // What several rules ask, asked once per ad.
    private(set) lazy var experienceRequired: Found? = requiresExperience()
    private(set) lazy var experienceYearsRequired: Found? = requiresExperience(yearsOnly: true)
    private(set) lazy var diplomaRequired: Found? = requiresDiploma()
    private(set) lazy var academicRequired: Found? = requiresDiploma(Self.academic)
    private(set) lazy var middleLevelRequired: Found? = requiresDiploma([.mbo])
    private(set) lazy var eitherOr: Range<Int>? = findDiplomaOrExperience()
    private(set) lazy var fullWeek: Bool = statesFullWeek()
    /// The ad says the worker is employed: "in loondienst", "bij ons in dienst", a salary or paid training.
    private(set) lazy var isEmployed: Bool = text.present.contains(.loondienst) || text.tokens.indices.contains { index in
        term(index) == .diensten && index > 0 && text.isWord(index, "dienst") && text.isWord(index - 1, "in")
    }

    struct Found {
        var bytes: Range<Int>
        var why: String?
    }

    // MARK: - Word classes

    static let negators: TermSet = [.geen, .niet, .nooit, .no, .not, .dont, .doesnt, .isnt, .arent, .never, .nobody, .zonder, .without]
    /// Negations that can stand before what they waive ("geen diploma", "no experience").
    static let leadingNegators: TermSet = [.geen, .no, .not, .zonder, .without, .dont, .doesnt, .nobody, .never]
    static let needs: TermSet = [.nodig, .vereist, .vereiste, .noodzakelijk, .verplicht, .must, .eis, .eisen, .voorwaarde, .vragen,
                                   .belang, .need, .needed, .required, .requirement, .requires, .necessary, .mandatory, .essential,
                                   .important, .moet]
    /// What a negation before it turns into "not needed" or "no objection".
    static let negatableNeeds = needs.union([.erg, .uit, .probleem, .problem, .bezwaar])
    static let waivers: TermSet = [.pre, .plus, .meegenomen, .nice, .bonus, .advantage, .welkom, .welcome]
    /// What a requirement can be about: a "but" clause naming one of these is about it, not about what came before.
    static let things: TermSet = [.diploma, .startkwalificatie, .papiertjes, .degree, .qualification, .opleiding, .opleidingsniveau,
                                  .education, .mbo, .hbo, .vmbo, .havo, .vca, .certificaat, .rijbewijs, .ervaring, .experience,
                                  .achtergrond, .nederlands, .dutch, .engels, .english, .pools, .polish, .duits, .german]
    static let goodAnswers: TermSet = [.probleem, .problem, .punt, .erg, .fine, .toch, .welkom, .welcome, .prima, .bezwaar, .nee]
    static let diplomas: TermSet = [.diploma, .startkwalificatie, .papiertjes, .degree, .qualification, .opleidingsniveau, .opleidingseis]
    static let levels: TermSet = [.mbo, .hbo, .wo, .vmbo, .havo, .vwo, .bachelor, .master, .universiteit, .diploma,
                                    .startkwalificatie, .degree, .denkniveau, .werkniveau, .qualification]
    static let academic: TermSet = [.hbo, .wo, .bachelor, .master, .universiteit]
    /// Experience, and a background in the field ("zonder technische achtergrond", "je hebt een achtergrond in de zorg").
    static let experiences: TermSet = [.ervaring, .experience, .achtergrond]
    static let starters: TermSet = [.starter, .schoolverlater, .herintreder, .instromer, .beginner, .afgestudeerd, .graduate, .instapfunctie]
    static let welcoming: TermSet = [.welkom, .welcome, .geschikt, .suitable, .kans, .opgelet, .ideaal, .perfect, .uitgenodigd,
                                      .looking, .exactly, .probleem, .problem, .fine, .solliciteren]
    static let haves: TermSet = [.have, .hebt, .heb, .beschik, .bezit]
    static let missions: TermSet = [.missie, .jaarlijks, .honderden, .ongeacht, .partakes]
    static let staffRoles: TermSet = [.klantmanager, .arbeidsdeskundige, .consulent, .trajectregisseur, .trajectbegeleider, .adviseur,
                                        .beleid, .consultant, .leidinggevende, .teamleider, .hoofd, .manager, .controller, .recruiter,
                                        .accountmanager, .directeur, .werkmeester, .projectleider, .coordinator, .docent, .begeleider,
                                        .leiding, .werkgevers, .quotum]
    static let staffVerbs: TermSet = [.begeleid, .ondersteun, .adviseer, .beoordeel, .help, .stuur, .beantwoord, .leid, .coach]
    static let about: TermSet = [.over, .kennis, .ervaring, .experience, .uitvoering, .beleid]
    static let teachers: TermSet = [.docent, .praktijkopleider, .leermeester, .coordinator, .werkmeester, .projectleider, .teamleider, .begeleider]
    static let dutch: TermSet = [.nederlands, .dutch]
    static let otherLanguages: TermSet = [.engels, .english, .engelstalig, .pools, .polish, .roemeens, .romanian, .duits, .german,
                                            .arabisch, .bulgaars, .turks, .spaans, .frans]
    static let fluency: TermSet = [.vloeiend, .fluent, .goed, .good, .uitstekend, .foutloos, .moedertaal, .native, .b1, .b2, .c1,
                                     .c2, .a2, .beheers, .geschrift, .command, .kennis, .knowledge, .skills, .voertaal, .niveau]
    static let speaking: TermSet = [.speak, .spoken, .spreek, .spreken]
    /// Who leads the work on the floor: "onze ploegleider spreekt Pools", "supervisors speak English".
    static let floorLeaders: TermSet = [.leaders, .ploegleiders, .supervisors, .leidinggevende, .teamleider]
    static let workLanguage: TermSet = [.werktaal, .voertaal, .language, .taal, .instructies, .instructions, .communication,
                                          .communicatie, .team, .leaders, .ploegleiders, .supervisors, .leidinggevende, .office, .company]
    static let languageJobs: TermSet = [.nt2, .taalcoach, .vertaler, .translator]

    // The words without which a signal's rule has nothing to read.
    static let schemeWords: TermSet = [.banenafspraak, .doelgroepregister, .participatiewet, .wajong, .garantiebaan, .wsw,
                                       .arbeidsbeperking, .jobcarving, .jobcreatie, .participatiebaan, .loonkostensubsidie, .riskpolis,
                                       .bijstand, .bijstandAlone, .beschut, .afstand, .carving, .sw, .beperking, .moeilijk, .ver]
    static let learningWords: TermSet = [.bbl, .bbler, .leerwerk, .werkleertraject, .leerbaan, .leerarbeidsovereenkomst,
                                         .werkervaringsplaats, .praktijkverklaring, .praktijkroute, .inservice, .instroomtraject,
                                         .apprentice, .opleidingsplaats, .duaal, .leer, .leren, .leerling, .trainee]
    static let diplomaWords = diplomas.union([.opleiding, .education, .school])
    static let experienceWords = experiences.union(starters).union([.gewerkt, .worked, .instroomtraject, .baan, .job, .school, .entry, .arbeidsproces,
                                                                    .nooit, .never, .onervaren, .hoef, .hoeven, .branche, .instroom, .net])
    /// The words a clause asking for experience holds (the rest are not read).
    static let askedExperienceWords = experiences.union(starters).union([.gewerkt, .ervaren])
    static let hoursWords: TermSet = [.parttime, .part, .deeltijd, .bijbaan, .zaterdaghulp, .weekendhulp, .oproep, .nuluren, .flexitime,
                                      .schooltijden, .min, .flexibel, .overleg, .bespreekbaar, .zelf, .kies, .kiezen, .naast, .scholieren,
                                      .uur, .hours, .hour, .uren, .fte, .wtf, .dagdelen, .ochtenden, .middagen, .avonden, .dagen, .days,
                                      .beschikbaarheid, .wanneer, .halve, .zaterdag, .weekend, .weekends, .dagavond,
                                      .school, .tussen, .between, .diensten, .shifts]
    static let languageWords = dutch.union(otherLanguages).union(languageJobs).union([.anderstalig, .taal])

    // MARK: - Reading helpers

    func term(_ index: Int) -> Term { text.tokens[index].term }

    func bytes(_ range: Range<Int>) -> Range<Int> {
        Int(text.tokens[range.lowerBound].start)..<Int(text.tokens[range.upperBound - 1].end)
    }

    func found(_ range: Range<Int>, _ why: String? = nil) -> Found { Found(bytes: bytes(range), why: why) }

    func clause(of index: Int, in sentence: SignalText.Sentence) -> Range<Int> {
        text.clauses(sentence).first { $0.contains(index) } ?? sentence.tokens
    }

    func first(_ set: TermSet, in range: Range<Int>) -> Int? { range.first { set.contains(term($0)) } }

    func has(_ set: TermSet, in range: Range<Int>) -> Bool { first(set, in: range) != nil }

    func has(_ word: Term, in range: Range<Int>) -> Bool { range.contains { term($0) == word } }

    /// A word of `set` among the `window` tokens before `index` in `range`.
    func before(_ index: Int, in range: Range<Int>, within window: Int, _ set: TermSet) -> Int? {
        let start = max(range.lowerBound, index - window)
        guard start < index else { return nil }
        return (start..<index).reversed().first { set.contains(term($0)) }
    }

    /// A word of `set` among the `window` tokens after `index` in `range`.
    func after(_ index: Int, in range: Range<Int>, within window: Int, _ set: TermSet) -> Int? {
        let end = min(range.upperBound, index + window + 1)
        guard index + 1 < end else { return nil }
        return (index + 1..<end).first { set.contains(term($0)) }
    }

    /// "helaas", "unfortunately", "niet in aanmerking", "niet plaatsen", "niet voor jou", "niet mogelijk".
    func rejects(_ range: Range<Int>) -> Bool {
        for index in range {
            switch term(index) {
            case .helaas, .unfortunately: return true
            case .niet, .not, .geen:
                if after(index, in: range, within: 3, [.aanmerking, .plaatsen, .jou, .possible, .mogelijk]) != nil { return true }
            default: break
            }
        }
        return false
    }

    /// A requirement word after `index` in the clause that a negation turns into "not needed": "is niet vereist",
    /// "not required", "geen must", "vragen we niet", "hoef je niet", "niet erg", "maakt niet uit", "n.v.t.".
    func negatedNeedAfter(_ index: Int, in clause: Range<Int>) -> Int? {
        var position = index + 1
        while position < clause.upperBound {
            let word = term(position)
            if word == .nvt { return position }
            if word == .niets, after(position, in: clause, within: 2, [.uit]) != nil { return position } // "maakt ons niets uit"
            if Self.negators.contains(word) || word == .isnt {
                // ... with no new subject between: "niet genoeg: je moet ook ..." negates "genoeg", not "moet".
                if let need = after(position, in: clause, within: 3, Self.negatableNeeds),
                   !has([.je, .jij, .you, .we, .wij], in: position + 1..<need) { return position }
            }
            if Self.needs.contains(word), after(position, in: clause, within: 2, [.niet, .not]) != nil { return position }
            // ("een startkwalificatie hoef je voor deze baan in de afvalscheiding niet te hebben": the "niet" anywhere after it)
            if word == .hoef || word == .hoeven, after(position, in: clause, within: clause.upperBound - position, [.niet, .geen]) != nil { return position }
            position += 1
        }
        return nil
    }

    /// A requirement word in the clause that no negation touches.
    func plainNeed(in clause: Range<Int>) -> Int? {
        clause.first { index in
            Self.needs.contains(term(index))
                && before(index, in: clause, within: 3, Self.negators) == nil
                // "Diploma's zijn bij ons minder belangrijk dan inzet": a comparison, not a requirement.
                && !(index > clause.lowerBound && ["minder", "less"].contains { text.isWord(index - 1, $0) })
                && after(index, in: clause, within: 2, [.niet, .not]) == nil
        }
    }

    /// A language word used as an adjective of a noun: "Dutch company", "Nederlandse klanten", "Dutch colleagues";
    /// not "Nederlands spreken", "Dutch at C1 level", "Nederlands in woord en geschrift".
    func isAdjective(_ index: Int, in clause: Range<Int>) -> Bool {
        guard index + 1 < clause.upperBound, !text.tokens[index + 1].isNumber, text.tokens[index + 1].gap == .space else { return false }
        let next = term(index + 1)
        if [.company, .team, .organisatie, .werkgever, .clients, .client, .mensen, .office].contains(next) { return true }
        return next == .unknown && text.tokens[index + 1].end - text.tokens[index + 1].start >= 4 // not "in", "at"
    }

    /// Something other than `kinds` is named in `range`: "Nederlands en Engels is een pré" says the plus of English too.
    func namesOtherThing(_ range: Range<Int>, _ kinds: TermSet) -> Bool {
        range.contains { Self.things.contains(term($0)) && !kinds.contains(term($0)) }
    }

    /// Whether a wish or a plus at `word` is said of the thing at `index`, not of another thing named between them or
    /// right after the wish: "ervaring is een pré", "bij voorkeur ervaring"; not "je spreekt Nederlands en bij
    /// voorkeur ook Engels".
    func isSaid(_ word: Int, of index: Int, in clause: Range<Int>, _ kinds: TermSet) -> Bool {
        if word < index { return !namesOtherThing(word + 1..<index, kinds) }
        return !namesOtherThing(index + 1..<word, kinds) && !namesOtherThing(word + 1..<min(clause.upperBound, word + 4), kinds)
    }

    /// A reply that welcomes whoever asked: "geen probleem", "solliciteer toch", "dat houdt je niet tegen", "not needed".
    func reassures(_ reply: Range<Int>) -> Bool {
        // "Solliciteer dan pas na je diploma-uitreiking", "kom pas als je je diploma hebt": come back later is no welcome.
        if let later = first([.pas], in: reply), after(later, in: reply, within: 2, [.binnen, .als, .wanneer]) != nil { return false }
        // "Spreek je nog geen Nederlands? Dan doe je eerst ons taaltraject; pas met een A2-certificaat kun je starten": a step
        // first, the job after it; the thing is asked for at the start (the main README: required at entry even when a course
        // is offered beforehand).
        if startsLater(reply) { return false }
        // "Geen opleiding afgerond? Bij ons tel je net zo goed mee": just as well, an equal welcome.
        if reply.contains(where: { text.isWord($0, "evengoed") || text.isWord($0, "zo") && $0 > reply.lowerBound && term($0 - 1) == .net
            && $0 + 1 < reply.upperBound && text.isWord($0 + 1, "goed") }) { return true }
        // "Bij ons kan het", "Dat kan!": the thing asked about is possible here.
        if has([.kan, .can], in: reply), !has(Self.negators, in: reply), !has(Self.needs, in: reply) { return true }
        if has(Self.goodAnswers, in: reply) || has([.solliciteren, .welkom, .welcome], in: reply) { return true }
        if let stop = first([.tegen], in: reply), before(stop, in: reply, within: 6, [.niet, .not, .geen]) != nil { return true }
        return reply.lowerBound > 0 && negatedNeedAfter(reply.lowerBound - 1, in: reply) != nil
    }

    /// "(maar) we nemen je ook zonder aan", "you can start without": "ook zonder" whose noun is left out, a verb or the end
    /// after it.
    func isBareWithout(_ clause: Range<Int>) -> Bool {
        clause.contains { index in
            guard [.zonder, .without].contains(term(index)), index > clause.lowerBound, term(index - 1) == .ook || text.isWord(index - 1, "also") else { return false }
            guard index + 1 < clause.upperBound else { return true }
            return [.aan, .solliciteren, .welkom, .welcome].contains(term(index + 1))
                || ["beginnen", "starten", "begint", "start", "terecht", "instromen", "kom", "kun", "kan", "mag"].contains { text.isWord(index + 1, $0) }
        }
    }

    /// The reply puts a step before the job: "voordat je begint", "pas met een certificaat kun je starten", "pas na je
    /// diploma".
    /// (Not a bare "eerst": "Geen ervaring? Geen probleem, je krijgt eerst een training" welcomes.)
    func startsLater(_ reply: Range<Int>) -> Bool {
        if reply.contains(where: { text.isWord($0, "voordat") || text.isWord($0, "before") }) { return true }
        guard let later = first([.pas], in: reply) else { return false }
        return after(later, in: reply, within: 1, [.met, .binnen]) != nil || later + 1 < reply.upperBound && text.isWord(later + 1, "na")
    }

    /// A negation before the thing, or before the item a list joins it to ("We don't ask for diplomas or experience",
    /// "geen diploma of ervaring"): the negation reaches every item joined by "or" or "and".
    func leadingNegation(_ index: Int, in clause: Range<Int>) -> Int? {
        // (not over a "wel" that sets the thing apart: "geen diploma en wel ervaring" asks for the experience)
        if let negation = before(index, in: clause, within: 4, Self.leadingNegators) {
            return has(.wel, in: negation + 1..<index) ? nil : negation
        }
        guard index - 2 >= clause.lowerBound, [.or, .of, .en, .and].contains(term(index - 1)),
              Self.things.contains(term(index - 2)) || Self.diplomas.contains(term(index - 2)) else { return nil }
        return leadingNegation(index - 2, in: clause)
    }

    /// The clause that ends a list begun by a short clause ("Ervaring, diploma's of taal: het maakt ons niet uit"): the
    /// list's next items are short clauses or the end itself, which says "not needed" near its start.
    func listEnd(after position: Int, in clauses: ArraySlice<Range<Int>>) -> Range<Int>? {
        var next = position + 1
        while next < clauses.endIndex {
            let clause = clauses[next]
            let startsWithItem = Self.things.contains(term(clause.lowerBound)) || Self.diplomas.contains(term(clause.lowerBound))
                || term(clause.lowerBound) == .taal
            if let need = negatedNeedAfter(clause.lowerBound - 1, in: clause), startsWithItem || need < clause.lowerBound + 2 { return clause }
            guard clause.count <= 2, startsWithItem else { return nil }
            next += 1
        }
        return nil
    }

    /// "Wat vragen wij niet?", "What don't we ask?": a question about what is not asked.
    func isWhatIsNotAsked(_ question: Range<Int>) -> Bool {
        guard let first = question.first, [.wat, .what].contains(term(first)) else { return false }
        let asks = has([.vragen, .bereid], in: question) || question.contains { text.isWord($0, "ask") || text.isWord($0, "expect") }
        return asks && has([.niet, .not, .dont], in: question)
    }

    /// "zonder diploma mag je niet als beveiliger werken", "zonder registratie in het doelgroepregister kunnen we je niet
    /// plaatsen", "without a licence you cannot start": the thing at `index` lacked, the job is closed, so it is asked for.
    func withoutItNot(_ index: Int, in clause: Range<Int>) -> Bool {
        guard before(index, in: clause, within: 4, [.zonder, .without]) != nil else { return false }
        return (index + 1..<min(clause.upperBound, index + 10)).contains { position in
            let modal = [.kan, .kunnen, .can].contains(term(position)) || ["mag", "mogen", "may", "kunt"].contains { text.isWord(position, $0) }
            return modal && after(position, in: clause, within: 4, [.niet, .not]) != nil
                || text.isWord(position, "cannot") || text.isWord(position, "cant")
        }
    }

    /// A sentence that rules something out, unless only its conditions do: "Deze vacature is een garantiebaan; zonder
    /// registratie in het doelgroepregister kunnen we je helaas niet plaatsen" rules out those without it.
    func rejectsOutright(_ sentence: SignalText.Sentence) -> Bool {
        guard rejects(sentence.tokens) else { return false }
        let rejecting = text.clauses(sentence).filter { rejects($0) }
        return rejecting.isEmpty || rejecting.contains { clause in !clause.prefix(2).contains { [.zonder, .without].contains(term($0)) } }
    }

    /// The question part of a merged question, where nothing is stated.
    func isQuestionPart(_ index: Int, _ sentence: SignalText.Sentence) -> Bool {
        if let answer = sentence.answer { return index < answer }
        return sentence.isQuestion
    }

    /// A clause that states a condition ("zonder werkervaring ...", "als je geen ...", "for candidates without ..."):
    /// its requirement is an alternative, not a demand on everyone. So is a condition and its consequence: "heb je
    /// je vmbo niet afgemaakt, dan ...", "wil je later doorgroeien, dan heb je het diploma nodig", and a requirement
    /// for later ("voor doorgroei naar teamleider vragen we mbo 4").
    func isConditional(_ clause: Range<Int>, in sentence: SignalText.Sentence) -> Bool {
        let head = clause.prefix(3)
        if head.contains(where: { [.zonder, .without].contains(term($0)) })
            || (head.contains { term($0) == .als } && head.contains { [.geen, .no].contains(term($0)) }) {
            return true
        }
        if has(.doorgroeien, in: clause) { return true }
        let clauses = text.clauses(sentence)
        // "Een diploma is geen must: heb je het diploma nog niet, dan ...": the condition after a label's colon.
        if let colon = clause.last(where: { text.tokens[$0].gap == .colon && $0 > clause.lowerBound }), isConditionHead(colon..<clause.upperBound),
           let position = clauses.firstIndex(of: clause), position + 1 < clauses.endIndex, term(clauses[position + 1].lowerBound) == .dan {
            return true
        }
        guard let position = clauses.firstIndex(of: clause) else { return false }
        if term(clause.lowerBound) == .dan, position > clauses.startIndex, isConditionHead(clauses[position - 1]) { return true }
        if isConditionHead(clause), position + 1 < clauses.endIndex, term(clauses[position + 1].lowerBound) == .dan { return true }
        return false
    }

    /// "als je ...", "wanneer je ...", "if you ...", or a verb before its subject ("heb je ...", "wil je ..."): a condition
    /// when a "dan" clause follows.
    func isConditionHead(_ clause: Range<Int>) -> Bool {
        guard let first = clause.first else { return false }
        if [.als, .wanneer].contains(term(first)) { return true }
        return clause.count > 2 && [.je, .jij, .you].contains(term(first + 1)) && ![.wat, .die, .dat, .als, .dan].contains(term(first))
    }

    /// Whether the ad waives a thing of `kinds` (see the type's notes); `weak` words (a bare "opleiding") count
    /// only with a negated requirement after them or a question answered yes; `lacking` words only in a question
    /// that says one lacks them, answered yes ("Heb je je school niet afgemaakt? Dat houdt je niet tegen.").
    func waived(_ kinds: TermSet, weak: TermSet = [], lacking: TermSet = []) -> Found? {
        for sentence in text.sentences {
            let rejected = rejects(sentence.tokens)
            let clauses = text.clauses(sentence)
            // Read once a sentence, and only when it holds a thing: a wish's mood, a clause naming what this vacancy is for.
            lazy var mayBeOthers = sentence.tokens.contains { position in
                let word = term(position)
                return word == .is || word == .deze || word == .this || word == .unknown && text.isWord(position, "zouden")
            }
            // "Geen diploma? Solliciteer toch!", "Je school niet afgemaakt? Dat houdt je niet tegen.": a question about
            // lacking the thing, answered with a welcome.
            if let answer = sentence.answer, !rejected {
                let question = sentence.tokens.lowerBound..<answer
                let reply = answer..<sentence.tokens.upperBound
                let things = kinds.union(weak).union(lacking)
                let lacks = question.contains { index in
                    things.contains(term(index)) && (index - 4..<index + 5).contains { other in
                        question.contains(other) && Self.negators.contains(term(other))
                            && !has([.maar, .but, .en, .and], in: min(index, other)..<max(index, other))
                    }
                }
                // ... or with the thing got in the job: "Geen diploma? Dan haal je het bij ons, in dienst." (not "eerst ... voordat").
                if lacks, reassures(reply) || kinds.meets(Self.diplomas) && getsItInTheJob(reply), plainNeed(in: reply) == nil {
                    return found(sentence.tokens)
                }
            }
            // "Wat vragen wij niet? Een diploma.": what is not asked, answered by the thing.
            if let answer = sentence.answer, !rejected, isWhatIsNotAsked(sentence.tokens.lowerBound..<answer) {
                let reply = answer..<sentence.tokens.upperBound
                if has(kinds, in: reply), !has(Self.negators, in: reply), plainNeed(in: reply) == nil { return found(sentence.tokens) }
            }
            // "Een timmeropleiding heb je liever wel dan niet, maar we nemen je ook zonder aan": "ook zonder" with its noun left
            // out is without the thing the sentence named before it.
            if !rejected, text.present.contains(.zonder) || text.present.contains(.without),
               let bare = clauses.first(where: { isBareWithout($0) }),
               has(kinds.union(weak), in: sentence.tokens.lowerBound..<bare.lowerBound) {
                return found(sentence.tokens)
            }
            for (position, clause) in zip(clauses.indices, clauses) {
                // "Ervaring, diploma's of taal: het maakt ons niet uit", "Ervaring – niet nodig": a list item (or a label) takes
                // the predicate of the clause that ends the list.
                if clause.count <= 2, has(kinds.union(weak), in: clause), !rejected,
                   let end = listEnd(after: position, in: clauses), plainNeed(in: end) == nil {
                    return found(clause.lowerBound..<end.upperBound)
                }
                for index in clause where kinds.contains(term(index)) || weak.contains(term(index)) {
                    let isWeak = weak.contains(term(index))
                    // "We zouden graag schrijven dat een diploma niet nodig is, maar ...": a waiver the writer would make, not one
                    // the ad makes; "Voor de afwas vragen we geen diploma, maar deze vacature is voor sous-chef": another role's.
                    if mayBeOthers, isCounterfactual(index, in: sentence) || redirectedToThisJob(after: index, in: sentence) { continue }
                    // "Ervaring met kinderen is een voorwaarde; een diploma niet.": the verb left out, the requirement of the clause
                    // before it denied for this thing (the converse of "...; ervaring als leidinggevende wel").
                    if !isWeak, !rejected, position > clauses.startIndex, let last = clause.last, index + 2 >= last,
                       [.niet, .not].contains(term(last)), last > index, plainNeed(in: clauses[position - 1]) != nil,
                       !has(Self.needs, in: clause) { return found(clause) }
                    // "Taal: maakt niet uit" is language in general; "kennis van de Engelse taal is een pré" another language's.
                    if term(index) == .taal, has(Self.otherLanguages, in: clause) || before(index, in: clause, within: 3, [.ongeacht]) != nil { continue }
                    // "geen diploma aan het eind", "een diploma krijg je er niet voor": a diploma the job does not lead to, not one
                    // it does not ask for.
                    if Self.diplomas.contains(term(index)), isOutcome(index, in: clause) { continue }
                    // "Buitenlandse diploma's zijn welkom": which diplomas count, not that none is needed.
                    if Self.diplomas.contains(term(index)), before(index, in: clause, within: 2, [.buitenlands]) != nil { continue }
                    // "a Dutch company with nice colleagues": the nationality of something else, not the language.
                    if Self.dutch.contains(term(index)), isAdjective(index, in: clause) { continue }
                    // "Jongeren zonder startkwalificatie begeleid je naar een opleiding": the clients lack it, not the worker.
                    // "Wij helpen jongeren zonder diploma aan werk": people who lack it are served, not invited.
                    if let negation = before(index, in: clause, within: 4, Self.leadingNegators),
                       before(negation, in: clause, within: 2, [.clients, .client, .mensen]) != nil,
                       isStaffSentence(sentence.tokens) || isMission(sentence.tokens)
                        || !has(Self.welcoming.union([.ook, .kunnen, .kan, .zoeken]), in: sentence.tokens)
                        // "Werkervaringsplek in de horeca voor jongeren zonder startkwalificatie": a place offered to them
                        // (README-half-f 8), not a service.
                        && !has(Self.learningWords.union([.baan, .job, .functie]), in: sentence.tokens.lowerBound..<negation) { continue }
                    // "het diploma MSMH, of je bent bereid het binnen een jaar bij ons te halen": got in the job instead.
                    if Self.diplomas.union(Self.levels).contains(term(index)), inJobAlternative(index, in: sentence.tokens), !rejected {
                        return found(sentence.tokens, "or got in the job")
                    }
                    // A background counts only as negated ("zonder technische achtergrond", "een achtergrond in de zorg is
                    // niet nodig"); "ongeacht je achtergrond, je bent welkom" is the diversity statement.
                    if term(index) == .achtergrond {
                        if !rejected, before(index, in: clause, within: 4, Self.leadingNegators) != nil || negatedNeedAfter(index, in: clause) != nil,
                           before(index, in: clause, within: 3, [.ongeacht]) == nil {
                            return found(clause)
                        }
                        continue
                    }
                    // "ongeacht je opleiding", "je hoeft niet over een diploma te beschikken"
                    if let regardless = before(index, in: clause, within: 3, [.ongeacht]), !rejected { return found(regardless..<index + 1) }
                    if let need = before(index, in: clause, within: 5, [.hoef, .hoeven]), after(need, in: clause, within: index - need - 1, [.niet, .geen]) != nil,
                       !rejected {
                        return found(clause)
                    }
                    // A bare "opleiding": "zonder opleiding aan de slag", "geen opleiding nodig", "we vragen geen specifieke
                    // opleiding"; not "wij bieden geen opleiding".
                    if isWeak, let negation = before(index, in: clause, within: 4, Self.leadingNegators), !rejected,
                       [.zonder, .without].contains(term(negation)) || after(index, in: clause, within: 4, Self.needs) != nil
                        || before(negation, in: clause, within: 3, Self.needs) != nil {
                        return found(negation..<min(clause.upperBound, index + 4))
                    }
                    // "we kijken niet naar diploma's maar naar motivatie", "we selecteren niet op opleiding"
                    if let toward = before(index, in: clause, within: 3, [.naar, .op]), before(toward, in: clause, within: 2, [.niet, .not]) != nil,
                       !rejected {
                        return found(clause)
                    }
                    // "we zijn niet geïnteresseerd in je schoolcijfers of diploma's", "je diploma boeit ons niet": not looked at either.
                    if let interest = before(index, in: clause, within: 5, [.geinteresseerd]) ?? after(index, in: clause, within: 3, [.geinteresseerd]),
                       before(interest, in: clause, within: 2, [.niet, .not]) != nil || after(interest, in: clause, within: 2, [.niet, .not]) != nil,
                       !rejected {
                        return found(clause)
                    }
                    // "Diploma gewenst, maar niet verplicht", "een havodiploma is mooi, maar geen must": the "but" clause
                    // takes back the wish, and names nothing else; "Welke opleiding je hebt gedaan, maakt ons niets uit": which
                    // one does not matter.
                    if position + 1 < clauses.endIndex, !rejected {
                        let next = clauses[position + 1]
                        // ("met welke schoolopleiding je binnenkomt, maakt niet uit": "which" after its preposition)
                        let which = clause.count > 1 && ["met", "van", "with"].contains(where: { text.isWord(clause.lowerBound, $0) })
                            ? clause.lowerBound + 1 : clause.lowerBound
                        if index - which <= 1 && ["welke", "welk", "which"].contains(where: { text.isWord(which, $0) })
                            || isWhether(clause),
                           negatedNeedAfter(next.lowerBound - 1, in: next).map({ $0 < next.lowerBound + 4 }) == true, !has(Self.things, in: next) {
                            return found(clause.lowerBound..<next.upperBound)
                        }
                        if [.maar, .but].contains(term(next.lowerBound)), negatedNeedAfter(next.lowerBound, in: next) != nil,
                           !has(Self.things, in: next) {
                            return found(clause.lowerBound..<next.upperBound)
                        }
                    }
                    if isWeak, term(clause.upperBound - 1) == .geen, clause.upperBound - 1 > index, !rejected { return found(clause) }
                    if !isWeak, let negation = leadingNegation(index, in: clause) {
                        // "een certificaat van deelname, geen erkend diploma", "it is not an accredited diploma route": a recognised
                        // diploma denied is what a training leads to, not what the job asks ("je hebt geen erkend diploma nodig" waives).
                        if Self.diplomas.contains(term(index)), has([.erkend, .recognised], in: negation + 1..<index),
                           after(index, in: clause, within: 4, Self.needs) == nil { continue }
                        // "geen zware diploma-eisen", "geen hoge opleidingseisen": a demand softened, not waived.
                        if has(.zwaar, in: negation + 1..<index) { continue }
                        // "zonder ervaring kunnen we je helaas niet plaatsen": a rejection, not a waiver; "Geen diploma? Dan
                        // volg je eerst de entreeopleiding, die is verplicht": the answer asks for something.
                        if let answer = sentence.answer, index < answer, plainNeed(in: answer..<sentence.tokens.upperBound) != nil
                            || startsLater(answer..<sentence.tokens.upperBound) { continue }
                        // "Geen diploma, geen baan": a condition and its outcome ("geen diploma, geen probleem" is a welcome, and
                        // "geen ervaring, geen diploma" a list of what is not asked).
                        if position + 1 < clauses.endIndex, clauses[position + 1].count >= 2, term(clauses[position + 1].lowerBound) == .geen,
                           !Self.goodAnswers.union(Self.negatableNeeds).union(Self.things).union(Self.diplomas)
                            .contains(term(clauses[position + 1].lowerBound + 1)) { continue }
                        if !rejected { return found(negation..<min(clause.upperBound, index + 4)) }
                        continue
                    }
                    if !isWeak, before(index, in: clause, within: 6, [.bezit]) != nil, before(index, in: clause, within: 6, [.niet]) != nil,
                       sentence.answer != nil, !rejected {
                        return found(sentence.tokens) // "Niet in het bezit van een diploma? Solliciteer toch!"
                    }
                    if negatedNeedAfter(index, in: clause) != nil, !rejected { return found(clause) }
                    // "Een diploma hebben de meeste collega's niet", "Opleidingseisen: geen."
                    // (the answer's own words: "Wat vragen wij? ... een horecadiploma ook niet" is not asked by its question)
                    if !isWeak, [.niet, .geen].contains(term(clause.upperBound - 1)), clause.upperBound - 1 > index, !rejected,
                       plainNeed(in: sentence.answer.map { index >= $0 ? $0..<sentence.tokens.upperBound : sentence.tokens } ?? sentence.tokens) == nil {
                        return found(sentence.tokens)
                    }
                    if !isWeak, let waiver = after(index, in: clause, within: 8, Self.waivers),
                       before(waiver, in: clause, within: 2, [.geen, .niet, .no, .not]) == nil, isSaid(waiver, of: index, in: clause, kinds) {
                        return found(clause, "a plus, not a requirement")
                    }
                    // "Ervaring is fijn", "een diploma zou mooi zijn": a wish said of it, with nothing required.
                    if !isWeak, let wish = after(index, in: clause, within: 6, [.fijn]), isSaid(wish, of: index, in: clause, kinds),
                       before(wish, in: clause, within: 2, [.is, .zijn]) != nil || after(wish, in: clause, within: 1, [.zijn]) != nil,
                       before(wish, in: clause, within: 2, [.geen, .niet, .no, .not]) == nil, plainNeed(in: clause) == nil {
                        return found(clause, "nice to have, not required")
                    }
                    // "bij voorkeur ervaring in de horeca", "ervaring strekt tot aanbeveling"; not "je spreekt Nederlands en
                    // bij voorkeur ook Engels" (the wish is for another thing).
                    if !isWeak, let wish = first([.voorkeur], in: clause), plainNeed(in: clause) == nil, isSaid(wish, of: index, in: clause, kinds) {
                        return found(clause, "preferred, not required")
                    }
                    // A question answered "not needed" ("Heb je een vmbo-diploma? Mooi, maar het hoeft niet"); a bare one
                    // ("Ervaring?", "Een diploma nodig?") or one about lacking it also by a welcome ("Geen punt!"). "Heb je een
                    // mbo 4-diploma? Dan nodigen we je uit." and "Ben je schoolverlater met een mbo 2-diploma? Welkom!" ask
                    // whether one has it.
                    if let answer = sentence.answer, index < answer {
                        let bare = answer - sentence.tokens.lowerBound <= 4 || has(Self.negators, in: sentence.tokens.lowerBound..<answer)
                        let reply = answer..<sentence.tokens.upperBound
                        // "Opleidingseisen? Die zijn er niet.": a short reply that denies the thing.
                        let denied = reply.count <= 6 && [.niet, .geen, .nee, .nobody].contains(term(reply.upperBound - 1))
                            && !has([.zonder, .without], in: reply)
                        let yes = negatedNeedAfter(answer - 1, in: reply) != nil || bare && (has(Self.goodAnswers, in: reply) || denied)
                        if yes, !rejected, plainNeed(in: reply) == nil { return found(sentence.tokens) }
                    }
                }
            }
        }
        return nil
    }

    // MARK: - Requirements

    /// A clause asking for a diploma or level (`levels`, or VCA and certificates with a requirement word).
    func requiresDiploma(_ levelsWanted: TermSet = Rules.levels) -> Found? {
        let allLevels = levelsWanted == Self.levels
        let wanted = allLevels ? levelsWanted.union([.vca, .certificaat]) : levelsWanted
        guard text.present.meets(wanted) || allLevels && text.present.contains(.afgerond) else { return nil }
        for sentence in text.sentences {
            for clause in text.clauses(sentence) {
                // Asked only of a clause with a word it is about (most have none).
                lazy var conditional = isConditional(clause, in: sentence)
                for index in clause where wanted.contains(term(index)) {
                    // "zonder diploma Beveiliger 2 mag je niet als beveiliger werken": without it, no job; the condition's double
                    // negation asks for it.
                    if !isQuestionPart(index, sentence), withoutItNot(index, in: clause) { return found(clause, "without it the job is not open") }
                    if conditional { break }
                    if isQuestionPart(index, sentence) { continue }
                    if before(index, in: clause, within: 4, Self.leadingNegators) != nil || negatedNeedAfter(index, in: clause) != nil { continue }
                    // "je vmbo niet afgemaakt": a diploma one lacks, not one asked for.
                    if let negation = after(index, in: clause, within: 3, Self.plainNegations), after(negation, in: clause, within: 1, Self.completed) != nil { continue }
                    // "mbo 2-werk- en denkniveau" is a level of thinking, not a diploma: it undoes no "een diploma is geen
                    // must" (without one, nothing says no diploma is needed).
                    if Self.thinkingLevels.contains(term(index)) { continue }
                    // "op vmbo-niveau", "minimaal mbo-niveau": a level of skill written as one word with "niveau", not the diploma;
                    // like a werk- en denkniveau it undoes no explicit waiver of the diploma (README-half-e 5, README-half-f 5).
                    if allLevels, index + 1 < clause.upperBound, term(index + 1) == .niveau, text.tokens[index + 1].gap == .hyphen { continue }
                    if allLevels, after(index, in: clause, within: 5, Self.thinkingLevels) != nil { continue }
                    guard let reason = diplomaAskedFor(index, in: clause) else { continue }
                    // Not when it is one of two ("een mbo 4-diploma of gelijkwaardige ervaring") or can be got in the job
                    // instead ("of je bent bereid het bij ons te halen"): asked only of a diploma otherwise asked for.
                    if let either = eitherOr, either.contains(index) { continue }
                    if inJobAlternative(index, in: sentence.tokens) { continue }
                    return found(clause, reason)
                }
                // "dan volg je eerst de opleiding Beveiliger 2, voordat je kunt beginnen": a diploma got before the job is one
                // asked for, whoever pays for it.
                if allLevels, text.present.contains(.volg), has(.volg, in: clause), has(wanted.union(Self.training), in: clause),
                   isBeforeTheJob(clause), !conditional { return found(clause, "got before the job starts") }
                // "afgeronde opleiding", "Vereist: ..."
                for index in clause where term(index) == .afgerond && !conditional {
                    // (not "een afgeronde opleiding vragen we niet", "is niet nodig")
                    if !isQuestionPart(index, sentence), after(index, in: clause, within: 4, [.opleiding]) != nil,
                       allLevels, negatedNeedAfter(index, in: clause) == nil,
                       before(index, in: clause, within: 4, Self.leadingNegators) == nil { return found(clause, "required") }
                }
            }
        }
        return nil
    }

    static let plainNegations: TermSet = [.niet, .geen, .not]
    static let completed: TermSet = [.afgerond]
    static let thinkingLevels: TermSet = [.denkniveau, .werkniveau]
    static let training: TermSet = [.opleiding]
    static let certificates: TermSet = [.vca, .certificaat]
    static let wishes: TermSet = waivers.union([.fijn, .handig, .voorkeur])
    static let haveAfter: TermSet = [.hebt, .heb, .have, .bezit, .beschik]
    static let conditionWords: TermSet = [.als, .wanneer]
    static let minimums: TermSet = [.minimaal, .minstens]

    /// Why the diploma or level at `index` is asked for in its clause, or nil.
    func diplomaAskedFor(_ index: Int, in clause: Range<Int>) -> String? {
        if plainNeed(in: clause) != nil { return "required" }
        // "zonder zorgopleiding, mits je een vmbo-diploma hebt", "provided you hold ...": the condition every applicant meets.
        if before(index, in: clause, within: 6, [.zolang]) != nil { return "required by the condition" }
        // "geen diploma nodig, maar wel een geldig VCA": a certificate the worker must bring; not one the employer
        // arranges ("wel regelen wij je VCA"), nor one wished for ("wel een vmbo-advies is handig").
        if before(index, in: clause, within: 3, [.wel]) != nil || before(index, in: clause, within: 2, [.geldig]) != nil,
           !isArranged(clause), !has(Self.wishes, in: clause) {
            return "required"
        }
        if Self.certificates.contains(term(index)) { return nil }
        // "mbo 2 is genoeg", "een vmbo-diploma is voldoende", "een mbo 2-diploma in welke richting dan ook is genoeg": the
        // lower level is still asked for.
        if let enough = after(index, in: clause, within: 10, [.genoeg]), before(enough, in: clause, within: 2, Self.negators) == nil,
           !has(Self.negators.union([.je, .jij, .you, .we, .wij]), in: index + 1..<enough) {
            return "a level that is enough is still asked for"
        }
        // "als je maar een hbo-diploma hebt", "een diploma MBO heeft": asked for, the verb after it (not "een vaste baan
        // zodra je je diploma hebt": a condition).
        if let have = after(index, in: clause, within: 3, Self.haveAfter), !has(Self.negators.union([.nog]), in: index + 1..<have),
           before(index, in: clause, within: 4, Self.conditionWords) == nil, !isWhether(clause),
           // "een vakdiploma heb je liefst", "... heb je liever wel dan niet": a preference, not a demand.
           !(have + 1..<min(clause.upperBound, have + 4)).contains(where: { position in ["liefst", "liever", "graag"].contains { text.isWord(position, $0) } }) {
            return "required"
        }
        if before(index, in: clause, within: 3, Self.minimums) != nil { return "required" }
        // "mbo 4 Werktuigbouwkunde is het minimum": the level named the minimum is asked for.
        if let minimum = after(index, in: clause, within: 6, Self.minimums), text.isWord(minimum, "minimum") { return "required" }
        if before(index, in: clause, within: 4, Self.completed) != nil { return "required" }
        if let have = before(index, in: clause, within: 5, Self.haves), before(index, in: clause, within: index - have, Self.negators) == nil {
            return "required"
        }
        return nil
    }

    /// The diploma at `index` is what a route ends in, not what the job asks at entry: "aan het eind", "na afloop", "krijg je",
    /// "levert ... op".
    func isOutcome(_ index: Int, in clause: Range<Int>) -> Bool {
        (index + 1..<min(clause.upperBound, index + 4)).contains { position in
            ["eind", "einde", "afloop", "end"].contains { text.isWord(position, $0) } || term(position) == .krijg || text.isWord(position, "levert")
        } || before(index, in: clause, within: 3, [.krijg]) != nil
    }

    /// "of je dat diploma ook hebt, ...", "whether you have a degree ...": an indirect question, asked of nobody.
    func isWhether(_ clause: Range<Int>) -> Bool {
        guard clause.count > 2 else { return false }
        return term(clause.lowerBound) == .of && [.je, .jij].contains(term(clause.lowerBound + 1)) || text.isWord(clause.lowerBound, "whether")
    }

    /// The word at `index` stands in a clause put in the conditional mood of a wish or a thought, before it: "we zouden graag
    /// schrijven dat een diploma niet nodig is", "je zou denken dat ervaring niet nodig is", "we would love to say that no
    /// experience is needed". What follows is not what the ad says. Not "een diploma zou mooi zijn" (the mood after the
    /// thing: a wish for it, a pré) nor "het zou fijn zijn als je ervaring hebt" (no "dat", no wish or saying verb).
    func isCounterfactual(_ index: Int, in sentence: SignalText.Sentence) -> Bool {
        let clause = clause(of: index, in: sentence)
        // ("zou" and "would" are the lexicon's .is; "zouden" and "wish" are no term)
        guard let modal = (clause.lowerBound..<index).last(where: { position in
            [.is, .unknown].contains(term(position)) && ["zou", "zouden", "would", "wish", "wished"].contains { text.isWord(position, $0) }
        }) else { return false }
        return (modal + 1..<index).contains { term($0) == .dat || term($0) == .that }
            || (modal + 1..<min(index, modal + 4)).contains { position in
                ["graag", "love", "like", "zeggen", "schrijven", "say", "write", "willen"].contains { text.isWord(position, $0) }
            }
    }

    /// "een mbo 4-diploma of gelijkwaardige werkervaring", "a degree or equivalent hands-on experience", "twee jaar
    /// ervaring of een relevant diploma": a diploma and experience joined by "or", so either will do (the conventions'
    /// conditional alternative: no diploma for the experienced, no experience for the one with the diploma). The tokens
    /// from the first to the second. English "of" is no "or" ("3 years of experience").
    func findDiplomaOrExperience() -> Range<Int>? {
        guard text.present.meets(Self.experiences), text.present.meets(Self.levels),
              text.present.contains(.or) || text.present.contains(.of) else { return nil }
        let dutchOr = text.dutchWords >= text.englishWords
        let diplomas = Self.diplomaOrLevel
        var sentences = text.sentences.makeIterator()
        var current = sentences.next()
        for position in text.alternatives {
            let or = Int(position)
            guard dutchOr || term(or) == .or else { continue }
            while let sentence = current, sentence.tokens.upperBound <= or { current = sentences.next() }
            guard let sentence = current, sentence.tokens.contains(or) else { break }
            let range = sentence.tokens
            // ("of een paar jaar vergelijkbare praktijkervaring": a few words of measure between; not "of hoger, en ervaring")
            guard let second = after(or, in: range, within: 6, Self.diplomaOrExperienceWords), !Self.thinkingLevels.contains(term(second)),
                  second - or <= 4 || !has([.en, .and], in: or + 1..<second) && !has(Self.minimumWords, in: or + 1..<second)
                    && clause(of: or, in: sentence).contains(second),
                  // "experience with Kotlin or Java, and a bachelor's degree": a list closed by ", and" joins the degree to the
                  // experience; the "or" was inside the experience (its languages), not between the two.
                  !(or + 1..<second).contains(where: { [.en, .and].contains(term($0)) && text.tokens[$0].gap == .comma }),
                  !isQuestionPart(or, sentence) else { continue }
            let firstKinds = diplomas.contains(term(second)) ? Self.experiences : diplomas
            guard let first = before(or, in: range, within: 10, firstKinds), !Self.thinkingLevels.contains(term(first)),
                  !has([.en, .and], in: first + 1..<or), !has(Self.negators, in: max(range.lowerBound, first - 3)..<second) else { continue }
            // (the whole name: "mbo 4-diploma", "bachelor's degree")
            var start = first
            while let earlier = before(start, in: range, within: 3, firstKinds), !has([.en, .and, .of, .or], in: earlier..<start) { start = earlier }
            return start..<second + 1
        }
        return nil
    }

    static let periods: TermSet = [.jaar, .maand, .year, .month]
    static let minimumWords: TermSet = [.minimaal, .minstens, .least]
    static let diplomaOrLevel = levels.union(diplomas)
    static let diplomaOrExperienceWords = levels.union(diplomas).union(experiences)

    /// A clause asking for experience; `yearsOnly`: only one that names years or months (or leadership).
    func requiresExperience(yearsOnly: Bool = false) -> Found? {
        let minimumWords = Self.minimumWords
        guard text.present.meets(Self.askedExperienceWords) || text.present.meets(minimumWords) else { return nil }
        let withMinimum = text.present.meets(minimumWords)
        let asked = withMinimum ? Self.askedExperienceWords.union(minimumWords) : Self.askedExperienceWords
        for sentence in text.sentences {
            for clause in text.clauses(sentence) {
                // One pass over most clauses: the first word either set holds, then the rest only where there is one.
                guard let hit = first(asked, in: clause) else { continue }
                let rest = hit + 1..<clause.upperBound
                let asks = Self.askedExperienceWords.contains(term(hit)) || has(Self.askedExperienceWords, in: rest)
                let minimum = withMinimum && (minimumWords.contains(term(hit)) || has(minimumWords, in: rest))
                // "minimaal twee jaar als boekhouder", "at least 3 years as a welder": years in a role are experience, named
                // or not; not "minimaal 18 jaar (oud)", an age.
                if minimum {
                    for index in clause where minimumWords.contains(term(index)) && !isQuestionPart(index, sentence) {
                        guard let number = (index + 1..<min(clause.upperBound, index + 3)).first(where: { isCount($0) }),
                              let unit = after(number, in: clause, within: 2, Self.periods),
                              unit + 1 < clause.upperBound, term(unit + 1) == .als || text.isWord(unit + 1, "as") || text.isWord(unit + 1, "werkzaam")
                                // "at least three years of professional Go": years of a skill (not "18 years of age").
                                || text.isWord(unit + 1, "of") && !(unit + 2 < clause.upperBound && text.isWord(unit + 2, "age"))
                                || isInASector(after: unit, in: clause),
                              !isConditional(clause, in: sentence), !has(.voorkeur, in: clause)
                        else { continue }
                        // "Mbo 2 of gelijkwaardige werkervaring (minimaal 1 jaar in een magazijn)": the years measure the
                        // alternative's experience, right after it, and are no requirement beside it.
                        if let either = eitherOr, index >= either.lowerBound, index <= either.upperBound + 1 { continue }
                        return found(clause, "years in a role asked for")
                    }
                }
                guard asks, !isConditional(clause, in: sentence), !has(.voorkeur, in: clause) else { continue }
                for index in clause where Self.experiences.contains(term(index)) {
                    guard let reason = experienceAskedFor(index, in: clause, sentence, yearsOnly: yearsOnly) else { continue }
                    // Not when it is one of two: "een mbo 4-diploma of gelijkwaardige ervaring" (asked only of experience
                    // otherwise asked for).
                    if let either = eitherOr, either.contains(index) { continue }
                    return found(clause, reason)
                }
                if !yearsOnly {
                    // "je hebt al eens in een magazijn gewerkt"
                    for index in clause where term(index) == .gewerkt && !isQuestionPart(index, sentence) {
                        if before(index, in: clause, within: 6, [.hebt, .heb]) != nil,
                           before(index, in: clause, within: index - clause.lowerBound, [.nooit, .niet, .geen, .never]) == nil {
                            return found(clause, "experience asked for")
                        }
                    }
                    // "je bent een ervaren monteur", "ervaren chauffeur gezocht"
                    for index in clause where term(index) == .ervaren && !isQuestionPart(index, sentence) {
                        if before(index, in: clause, within: 3, [.zijn]) != nil || has(.zoeken, in: clause) { return found(clause, "experience asked for") }
                    }
                    // "geen starters", "niet geschikt voor starters", "als starter kom je helaas niet in aanmerking"
                    for index in clause where Self.starters.contains(term(index)) && term(index) != .instapfunctie {
                        if before(index, in: clause, within: 4, [.geen, .no, .not, .niet]) != nil || rejects(sentence.tokens) {
                            return found(clause, "no starters")
                        }
                    }
                }
            }
        }
        return nil
    }

    /// "minimaal twee jaar in de retail", "bij een bouwbedrijf", "at least 2 years in a similar role": years in a sector or
    /// a workplace are experience (not "minimaal een jaar in dienst", a contract's length, nor "minimaal 18 jaar", an age).
    func isInASector(after unit: Int, in clause: Range<Int>) -> Bool {
        guard unit + 2 < clause.upperBound, text.isWord(unit + 1, "in") || text.isWord(unit + 1, "bij") else { return false }
        return ["de", "het", "een", "a", "the"].contains { text.isWord(unit + 2, $0) }
    }

    /// The employer arranges it: "regelen wij", "krijg je van ons", "betalen wij", "volg je bij ons".
    func isArranged(_ clause: Range<Int>) -> Bool {
        has([.volg, .krijg], in: clause) || clause.contains { index in
            ["regelen", "regelt", "regel", "betalen", "betaalt", "arrange", "arranges"].contains { text.isWord(index, $0) }
        }
    }

    /// "..., of je bent bereid dit binnen een jaar bij ons te halen": the diploma at `index`, or getting it in the job.
    func inJobAlternative(_ index: Int, in range: Range<Int>) -> Bool {
        guard let or = after(index, in: range, within: 8, [.of, .or]), let get = after(or, in: range, within: 14, [.volg]) else { return false }
        return getsItInTheJob(or..<min(range.upperBound, get + 4))
    }

    /// A training followed before the job starts: "dan volg je eerst de opleiding", "voordat je kunt beginnen", "vóór je start".
    func isBeforeTheJob(_ range: Range<Int>) -> Bool {
        range.contains { index in
            text.isWord(index, "eerst") || text.isWord(index, "voordat") || text.isWord(index, "first")
                || term(index) == .voor && index + 2 < range.upperBound && term(index + 1) == .je
                    && ["start", "begint", "begin", "beginnen", "starten"].contains { text.isWord(index + 2, $0) }
        }
    }

    /// Got in the job: a "haal/volg" with "bij ons", "in dienst", a salary, or a time in the job ("binnen een jaar").
    func getsItInTheJob(_ range: Range<Int>) -> Bool {
        guard has(.volg, in: range), !isBeforeTheJob(range) else { return false }
        return has(.loondienst, in: range) || isTimedRoute(range) || range.contains { index in
            term(index) == .ons && index > range.lowerBound && term(index - 1) == .bij
                || term(index) == .diensten && text.isWord(index, "dienst") && index > range.lowerBound && text.isWord(index - 1, "in")
        }
    }

    /// "in 10 maanden", "in twee jaar", "binnen een jaar": a route of months or years.
    func isTimedRoute(_ clause: Range<Int>) -> Bool {
        clause.contains { index in
            [.maand, .jaar, .month, .year].contains(term(index)) && index >= clause.lowerBound + 2 && isCount(index - 1)
                && (text.isWord(index - 2, "in") || term(index - 2) == .binnen)
        }
    }

    /// Why the experience at `index` is asked for in its clause, or nil; `yearsOnly`: only years, a minimum or leadership.
    func experienceAskedFor(_ index: Int, in clause: Range<Int>, _ sentence: SignalText.Sentence, yearsOnly: Bool) -> String? {
        if isQuestionPart(index, sentence) { return nil }
        if before(index, in: clause, within: 4, Self.leadingNegators) != nil || negatedNeedAfter(index, in: clause) != nil { return nil }
        if after(index, in: clause, within: 1, [.opdoen]) != nil { return nil } // "ervaring opdoen": gaining it
        // "parttime kan als je al ervaring hebt; zonder ervaring begin je fulltime": one branch of two.
        if before(index, in: clause, within: 5, Self.conditionWords) != nil, hasOtherBranch(sentence, Self.experiences) { return nil }
        // "2 jaar ervaring", not "tot 2 jaar", "maximaal 2 jaar", "up to 2 years" (a ceiling) nor "0-2 jaar".
        let years = clause.contains { index in
            isCount(index) && after(index, in: clause, within: 2, Self.periods) != nil && !isCeiling(index, in: clause)
        }
        let minimum = before(index, in: clause, within: 6, [.minimaal, .minstens, .least, .ruime, .aantoonbare]) != nil
        let leading = before(index, in: clause, within: 1, [.leidinggevende]) != nil
        if years || minimum || leading { return "experience asked for" }
        // "Ervaring in een productieomgeving is niet vereist; ervaring als leidinggevende wel": the requirement said by "wel"
        // alone at the clause's end, the verb left out (as "een certificaat Beveiliger 2 wel").
        if term(clause.upperBound - 1) == .wel, clause.upperBound - 1 > index, !has(Self.negators, in: index + 1..<clause.upperBound) {
            return "experience asked for"
        }
        if yearsOnly { return nil }
        if plainNeed(in: clause) != nil { return "experience asked for" }
        if let have = before(index, in: clause, within: 3, Self.haves), before(index, in: clause, within: index - have, Self.negators) == nil {
            return "experience asked for"
        }
        if after(index, in: clause, within: 4, [.hebt, .heb]) != nil { return "experience asked for" }
        return nil
    }

    /// A count of years or months: "2", "twee", "een", "enkele"; not 0.
    func isCount(_ index: Int) -> Bool {
        let token = text.tokens[index]
        if token.isNumber { return token.number > 0 }
        return term(index).numberValue != nil || [.een, .enkel].contains(term(index))
    }

    /// A number that is an upper bound: "maximaal 2", "tot 2", "up to 2", or the second of "0-2" / "0 tot 2" whose first is 0.
    func isCeiling(_ index: Int, in clause: Range<Int>) -> Bool {
        if before(index, in: clause, within: 2, [.maximaal, .max]) != nil { return true }
        guard index > clause.lowerBound else { return false }
        if [.tot, .to].contains(term(index - 1)) {
            // "0 tot 2 jaar" and "up to 2 years" cap it; "2 tot 5 jaar" starts at 2 (read at the 2).
            if index - 2 < clause.lowerBound { return true }
            let first = text.tokens[index - 2]
            return first.isNumber ? first.number == 0 : true
        }
        if text.tokens[index].gap == .hyphen, text.tokens[index - 1].isNumber { return text.tokens[index - 1].number == 0 }
        return false
    }

    /// The sentence also states the branch without the thing: "zonder ervaring begin je fulltime", "without a degree ...".
    func hasOtherBranch(_ sentence: SignalText.Sentence, _ kinds: TermSet) -> Bool {
        text.clauses(sentence).contains { clause in
            clause.prefix(2).contains { [.zonder, .without].contains(term($0)) } && has(kinds, in: clause)
        }
    }

    /// A job for staff rather than for the people a scheme is for: years of experience, or (`academic`) a hbo/wo degree.
    func isStaffJob(academic: Bool) -> Bool {
        if experienceYearsRequired != nil { return true }
        guard academic else { return false }
        if academicRequired != nil { return true }
        // "afgeronde mbo 4-opleiding", "minimaal mbo niveau 3"
        guard let clause = middleLevelRequired else { return false }
        return text.tokens.indices.contains { index in
            Int(text.tokens[index].start) >= clause.bytes.lowerBound && Int(text.tokens[index].end) <= clause.bytes.upperBound
                && text.tokens[index].isNumber && (text.tokens[index].number == 3 || text.tokens[index].number == 4)
        }
    }

    /// The sentence is about the job: not about the organisation, or about both and naming this job ("We zijn een
    /// inclusieve werkgever en hebben voor deze rol plaats voor iemand met een afstand tot de arbeidsmarkt").
    func isAboutTheJob(_ range: Range<Int>) -> Bool {
        !isMission(range) || range.contains { [.deze, .this].contains(term($0)) && after($0, in: range, within: 1, [.functie, .baan, .job]) != nil }
    }

    /// The sentence describes the organisation, not the job: its mission, its years, its numbers.
    func isMission(_ range: Range<Int>) -> Bool {
        // (not a compound: "onze partner-rijschool" is a school, not "wij zijn partner van ...")
        if has(Self.missions, in: range),
           range.contains(where: { Self.missions.contains(term($0)) && !($0 + 1 < range.upperBound && text.tokens[$0 + 1].gap == .hyphen) }) {
            return true
        }
        // "wij zijn een inclusieve werkgever"
        if range.contains(where: { term($0) == .inclusief && after($0, in: range, within: 1, [.werkgever, .organisatie]) != nil }) { return true }
        // "wij doen mee aan de banenafspraak", "we nemen deel aan", "wij dragen bij aan"
        if range.contains(where: { term($0) == .doen && $0 + 2 < range.upperBound && term($0 + 1) == .mee && term($0 + 2) == .aan }) { return true }
        if range.contains(where: { term($0) == .draag && $0 + 2 < range.upperBound && term($0 + 1) == .bij && term($0 + 2) == .aan }) { return true }
        // "Onze stichting helpt mensen met ...", "wij begeleiden ...": the organisation at work, no "je" in sight.
        let addressed = has([.je, .jij, .jou, .jouw, .you, .your], in: range)
        if !addressed, range.contains(where: { Self.staffVerbs.contains(term($0)) }) { return true }
        // "zet zich in voor mensen met ...", "wij zetten ons in"
        if range.contains(where: { term($0) == .inzet && after($0, in: range, within: 1, [.zich, .ons]) != nil }) { return true }
        // "biedt al 40 jaar leerwerkplekken"
        return range.contains { index in
            term(index) == .al && index + 2 < range.upperBound && text.tokens[index + 1].isNumber && [.jaar, .year].contains(term(index + 2))
        }
    }

    /// Someone who serves the people of a scheme: a staff role in the sentence, or an active "je begeleidt",
    /// "ondersteun je" (not "je wordt begeleid door").
    func isStaffSentence(_ range: Range<Int>) -> Bool {
        for index in range {
            let word = term(index)
            if Self.staffRoles.contains(word) {
                // "een vaste begeleider die je helpt" is the worker's own support.
                if word == .begeleider, before(index, in: range, within: 2, [.een, .vast, .je, .jouw, .zelf]) != nil { continue }
                return true
            }
            if word == .jobcoach, before(index, in: range, within: 2, [.als, .zoeken]) != nil { return true } // not "begeleid door een jobcoach"
            if Self.staffVerbs.contains(word), before(index, in: range, within: 2, [.wordt]) == nil,
               workerActs(index, in: range) || index > range.lowerBound && text.word(index - 1).lowercased() == "te" {
                return true // "je begeleidt", "begeleid je", "om ... te begeleiden"; not "een jobcoach begeleidt je"
            }
        }
        return false
    }
}
