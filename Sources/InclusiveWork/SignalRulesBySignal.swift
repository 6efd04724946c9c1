/// Each signal's rule (docs/signals.md lists them with the labelled set's conventions they follow).
extension Rules {
    // MARK: participation

    /// The job is for people of a scheme (Banenafspraak, doelgroepregister, Participatiewet, Wajong, beschut werk,
    /// Wsw, an arbeidsbeperking or afstand tot de arbeidsmarkt, job carving, loonkostensubsidie, bijstand), not
    /// a staff job about it, not the organisation's mission, not excluded ("valt niet onder de banenafspraak").
    func participation() -> Found? {
        guard text.present.meets(Self.schemeWords), !isStaffJob(academic: true), !advertisesStaffRole(), !namesAcademicLevel() else { return nil }
        for sentence in text.sentences where isAboutTheJob(sentence.tokens) && !isStaffSentence(sentence.tokens) {
            if rejectsOutright(sentence) || excludes(sentence.tokens) { continue }
            for index in sentence.tokens where isScheme(index, in: sentence.tokens) {
                let clause = clause(of: index, in: sentence)
                // (the "no" of "no-riskpolis" is the scheme's name)
                let named = term(index) == .riskpolis && text.tokens[index].gap == .hyphen ? index - 1 : index
                // ("zonder indicatie banenafspraak kunnen we je niet plaatsen" asks for it)
                if before(named, in: clause, within: 3, [.geen, .niet, .no, .not, .zonder, .without, .buiten]) != nil,
                   !withoutItNot(index, in: clause) { continue }
                // "wij nemen geen kandidaten uit het doelgroepregister aan", "no candidates from ...": the negation reaches the
                // scheme through the people it names.
                if let negation = before(named, in: clause, within: 6, [.geen, .no]),
                   (negation + 1..<named).allSatisfy({ position in
                       ["kandidaten", "kandidaat", "mensen", "medewerkers", "personen", "iemand", "uit", "met", "van", "het", "de", "een",
                        "candidates", "people", "from", "with", "the", "a"].contains { text.isWord(position, $0) }
                   }) { continue }
                // "vragen over WW, WIA en Wajong", "kennis van de Participatiewet": the scheme as a subject;
                // "de afdeling Bijstand", "team Participatiewet": a department.
                if before(index, in: clause, within: 4, Self.about) != nil || before(index, in: clause, within: 2, [.team]) != nil { continue }
                // "Wij hebben 14 garantiebanen": a count is the organisation's record, unless places are open or sought.
                let number = { (position: Int) in
                    position >= clause.lowerBound && (self.text.tokens[position].isNumber && self.text.tokens[position].number > 1
                                                      || self.term(position).numberValue != nil)
                }
                if number(index - 1) || number(index - 2),
                   !has([.zoeken, .open, .inzetbaar, .welkom, .welcome, .solliciteren, .functie, .mogelijk], in: sentence.tokens),
                   !sentence.tokens.contains(where: { text.startsWith($0, "bied") }) { continue } // (not "wij bieden 3 garantiebanen")
                // "Bij ons werken 40 medewerkers met een arbeidsbeperking": the organisation's staff at work, unless they are
                // sought, welcomed or can start ("we zoeken medewerkers met ...", "SW-medewerkers kunnen bij ons aan de slag").
                if before(index, in: clause, within: 5, [.medewerkers]) != nil, has(.werken, in: sentence.tokens),
                   !has([.zoeken, .welkom, .welcome, .geschikt, .suitable, .bedoeld, .reserved, .open, .solliciteren, .kunnen, .kan],
                        in: sentence.tokens) { continue }
                return found(clause)
            }
        }
        return nil
    }

    /// "niet bedoeld voor", "is niet van toepassing", "niet beschikbaar voor", "not open to", "not eligible": the scheme
    /// named to rule it out for this job.
    func excludes(_ range: Range<Int>) -> Bool {
        range.contains { index in
            [.bedoeld, .reserved, .open, .geschikt, .suitable, .toepassing, .inzetbaar].contains(term(index))
                && before(index, in: range, within: 3, [.niet, .not, .geen]) != nil
        }
    }

    /// The job advertised is a staff role: "voor deze vacature als hoofd financiën", "we zoeken een teamleider".
    func advertisesStaffRole() -> Bool {
        text.sentences.contains { sentence in
            let range = sentence.tokens
            return range.contains { index in
                // (not an adviser: "als verkoopadviseur" is a shop job open to anyone)
                guard Self.staffRoles.contains(term(index)), ![.begeleider, .leiding, .werkgevers, .adviseur].contains(term(index)) else { return false }
                return before(index, in: range, within: 1, [.als]) != nil
                    || before(index, in: range, within: 3, [.zoeken]) != nil && before(index, in: range, within: 1, [.een, .zoeken]) != nil
                    // "Klantmanager Participatiewet bij de gemeente ...": the role that opens the ad is its title.
                    || index == 0
            }
        }
    }

    /// A hbo or university level named for the job ("(hbo)", "op hbo-niveau") and not waived: not a job of a scheme.
    /// ("wo" alone is not counted: it is also Wednesday, "ma, wo en vr".)
    func namesAcademicLevel() -> Bool {
        text.tokens.indices.contains { index in
            Self.academic.contains(term(index)) && term(index) != .wo && before(index, in: text.tokens.indices, within: 3, Self.negators) == nil
        }
    }

    func isScheme(_ index: Int, in range: Range<Int>) -> Bool {
        switch term(index) {
        case .banenafspraak, .doelgroepregister, .participatiewet, .wajong, .garantiebaan, .wsw, .arbeidsbeperking, .jobcarving,
             .jobcreatie, .participatiebaan, .loonkostensubsidie, .riskpolis, .bijstand:
            return true
        // "in de bijstand", "uit de bijstand"; not "eerste hulp en bijstand verlenen".
        case .bijstandAlone: return index >= range.lowerBound + 2 && term(index - 1) == .de && ["in", "uit", "vanuit"].contains(text.word(index - 2).lowercased())
        case .beschut: return after(index, in: range, within: 1, [.werken, .werktraject]) != nil || index + 1 < range.upperBound && text.word(index + 1).lowercased().hasPrefix("werk")
        case .afstand: return after(index, in: range, within: 3, [.arbeidsmarkt, .werken]) != nil
        // "(wat) verder van de arbeidsmarkt (af)": the afstand, in words.
        case .ver: return after(index, in: range, within: 3, [.arbeidsmarkt]) != nil
        // "mensen met een (lichamelijke) beperking", "als je een beperking hebt": the worker, not the clients of a care job;
        // counted only where the job is offered to them ("geschikt voor", "welkom", "bieden werk aan").
        case .beperking:
            guard index > range.lowerBound, before(index, in: range, within: 6, [.met, .door, .je, .jij, .you, .with]) != nil, // "met een psychische of lichamelijke beperking"
                  !has(Self.clientWords, in: range), !has(.iedereen, in: range) else { return false } // "iedereen is welkom": boilerplate
            // "voor deze baan zoeken we iemand met een beperking"; not "we zoeken een begeleider voor mensen met een beperking".
            if let person = before(index, in: range, within: 6, [.mensen]), person > range.lowerBound, term(person - 1) != .voor,
               before(person, in: range, within: 4, [.zoeken]) != nil { return true }
            return has([.geschikt, .suitable, .bedoeld, .reserved, .open, .welkom, .welcome, .uitgenodigd, .solliciteren, .voorrang, .moeilijk], in: range)
                || has([.werken, .baan, .job], in: range) && range.contains { text.word($0).lowercased().hasPrefix("bied") } // "bieden werk aan mensen met ..."
        // "die moeilijk aan (een) baan komen", "moeite hebben om aan werk te komen": the afstand tot de arbeidsmarkt, in words.
        case .moeilijk:
            return after(index, in: range, within: 5, [.baan, .werken, .job, .arbeidsmarkt]) != nil && after(index, in: range, within: 3, [.aan]) != nil
        case .carving: return before(index, in: range, within: 1, [.job]) != nil
        case .sw: return after(index, in: range, within: 1, [.indicatie]) != nil
        default: return false
        }
    }

    // MARK: learn while working

    /// A structured learning route with the job (BBL, leerwerkbaan, leer-werktraject, werkervaringsplaats,
    /// praktijkverklaring, inservice, duaal, zij-instroomtraject, an apprenticeship, a traineeship ending in a
    /// recognised diploma); not excluded, not required as finished, not a job teaching or supervising learners.
    func learnWhileWorking() -> Found? {
        guard text.present.meets(Self.learningWords) || text.present.meets(Self.trainingWords) else { return nil }
        // A zij-instroom route is for people with a career behind them: the years it asks are that career's, not a staff job's.
        let staff = isStaffJob(academic: false)
        if staff, !text.present.meets([.instroomtraject, .instroom]) { return nil }
        // "Bij ons werken veel leerlingen via de BBL. Voor deze vacature zoeken we echter een ervaren werkvoorbereider": what
        // comes before a sentence that sets this job apart is about the organisation's other places.
        let thisJobFrom = jobSetApart()
        // "Onze BBL'ers van vorig jaar zijn allemaal in vaste dienst. Deze vacature is voor een gediplomeerd monteur": the
        // organisation's learners, told of in the third person before a sentence naming this job as a qualified one.
        let qualifiedJobFrom = qualifiedJobNamed()
        for (number, sentence) in text.sentences.enumerated() where isAboutTheJob(sentence.tokens) && !has(.regulier, in: sentence.tokens) {
            if sentence.tokens.upperBound <= thisJobFrom { continue }
            if sentence.tokens.upperBound <= qualifiedJobFrom, !has([.je, .jij, .jou, .you, .your], in: sentence.tokens) { continue }
            // "Werken en leren? Bij ons leer je vooral in de praktijk; een opleiding of diploma hoort er niet bij": a route asked
            // about and denied in the answer (README-half-f 33).
            if sentence.isQuestion || sentence.answer != nil, let reply = reply(to: number), deniesTraining(reply) { continue }
            // "je hebt je ervaring opgedaan als BBL'er": a route behind the worker, not one the job offers.
            if has(.opgedaan, in: sentence.tokens) { continue }
            for index in sentence.tokens where isLearningRoute(index, in: sentence) {
                if staff, term(index) != .instroomtraject { continue }
                // "Wil je later doorgroeien naar teamleider, dan kun je de BBL volgen": a route for a later role, not this job
                // (README-half-f 32).
                if forLaterRole(index, in: sentence.tokens) || forLaterMoment(index, sentence: number) { continue }
                let clause = clause(of: index, in: sentence)
                // "Kwekerij Grave biedt veel leerwerkplekken, maar deze functie is een gewone baan": the organisation's places, set
                // against this job by the clause after them.
                if setAgainstThisJob(after: index, in: sentence.tokens) || redirectedToThisJob(after: index, in: sentence) { continue }
                // "je start als docent en volgt tegelijk een zij-instroomtraject": the worker follows the route, whatever the
                // job; a teacher of learners does not.
                let followed = before(index, in: clause, within: 5, [.volg]).map { has([.je, .jij, .you], in: sentence.tokens.lowerBound..<$0) } == true
                if before(index, in: clause, within: 5, [.geen, .niet, .no, .not, .never]) != nil { continue }
                if before(index, in: clause, within: 5, [.over]) != nil { continue } // "je adviseert over BBL-trajecten": the subject of the work
                if after(index, in: clause, within: 12, [.niet, .not]) != nil { continue } // "BBL is bij deze functie helaas niet mogelijk"
                // "BBL is voor deze vacature geen optie", "... is hier geen mogelijkheid": the route denied by a "geen" after it (not
                // "geen diploma nodig", a waiver said beside it).
                if let negation = after(index, in: clause, within: 12, [.geen, .no]), negation + 1 < clause.upperBound,
                   !Self.things.contains(term(negation + 1)), !Self.experiences.contains(term(negation + 1)),
                   !Self.diplomaWords.contains(term(negation + 1)) { continue }
                // "er is geen mogelijkheid om ... een BBL-opleiding te volgen", "geen ruimte voor BBL"
                if let negation = before(index, in: clause, within: 12, [.geen, .niet, .no, .not]),
                   after(negation, in: clause, within: 2, [.mogelijk, .possible, .ruimte, .kans]) != nil { continue }
                // "je begeleidt BBL-leerlingen", "BBL-studenten", "BBL-deelnemers": the learners are others, unless the ad
                // recruits them ("we zoeken BBL-leerlingen voor ...").
                if after(index, in: sentence.tokens, within: 1, [.leerlingen, .studenten, .learners, .deelnemers, .stage]) != nil,
                   !employerSeeks(sentence.tokens) || has(Self.teachers, in: sentence.tokens) { continue }
                if has(.verantwoordelijk, in: sentence.tokens) { continue } // "je bent verantwoordelijk voor de BBL-trajecten"
                if before(index, in: sentence.tokens, within: index - sentence.tokens.lowerBound, [.afgerond]) != nil { continue }
                if let need = after(index, in: clause, within: 8, [.vereist, .vereiste, .verplicht, .required]),
                   before(need, in: clause, within: 2, Self.negators) == nil { continue }
                // "je hebt een BBL-diploma" asks for it; "je hebt de kans een BBL-opleiding te volgen" offers it.
                if before(index, in: clause, within: 4, Self.haves) != nil, !has([.kans, .mogelijk, .volg, .leren], in: sentence.tokens) { continue }
                if !followed, hasActiveStaffVerb(sentence.tokens) { continue } // "je begeleidt de BBL-studenten"
                if !followed, isTeacher(sentence.tokens, route: index) { continue }
                return found(clause)
            }
        }
        guard !staff, text.present.meets(Self.trainingWords), !trainingLeadsNowhere() else { return nil }
        for sentence in text.sentences where isAboutTheJob(sentence.tokens) && !has(.regulier, in: sentence.tokens) {
            if let hit = trainingRoute(sentence) { return hit }
        }
        return nil
    }

    /// The employer recruits ("we zoeken", "gezocht"), not the worker looking for something ("je zoekt leerbedrijven voor
    /// BBL-studenten": a staff job placing learners).
    func employerSeeks(_ range: Range<Int>) -> Bool {
        range.contains { index in
            term(index) == .zoeken && before(index, in: range, within: 1, [.je, .jij, .you]) == nil && after(index, in: range, within: 1, [.je, .jij, .you]) == nil
        }
    }

    /// The first token of a sentence that sets this job against what came before it ("Voor deze vacature zoeken we echter
    /// ...", "This position, however, ..."), or 0.
    func jobSetApart() -> Int {
        guard text.present.contains(.deze) || text.present.contains(.this) else { return 0 }
        for sentence in text.sentences {
            let range = sentence.tokens
            let named = range.contains { [.deze, .this].contains(term($0)) && after($0, in: range, within: 1, [.functie, .baan, .job]) != nil }
            if named, range.contains(where: { text.isWord($0, "echter") || text.isWord($0, "however") }) { return range.lowerBound }
        }
        return 0
    }

    /// The first token of a sentence that names this job ("deze vacature", "voor deze functie als projectleider") as one
    /// for a qualified worker (a finished training, "gediplomeerd") or a staff role, or 0.
    func qualifiedJobNamed() -> Int {
        guard text.present.contains(.deze) || text.present.contains(.this) else { return 0 }
        for sentence in text.sentences {
            let range = sentence.tokens
            let named = range.contains { index in
                [.deze, .this].contains(term(index)) && index + 1 < range.upperBound
                    && ([.functie, .baan, .job].contains(term(index + 1))
                        || ["vacature", "rol", "role", "position", "vacancy"].contains { text.isWord(index + 1, $0) })
            }
            guard named else { continue }
            let qualified = has([.afgerond], in: range) || range.contains { text.word($0).lowercased().hasPrefix("gediplomeerd") }
                || has(Self.qualifiedRoles, in: range)
            if qualified { return range.lowerBound }
        }
        return 0
    }

    /// Roles that are no learner's: staff, leading and teaching jobs.
    static let qualifiedRoles: TermSet = [.klantmanager, .arbeidsdeskundige, .consulent, .adviseur, .consultant, .leidinggevende, .teamleider,
                                          .hoofd, .manager, .controller, .recruiter, .accountmanager, .directeur, .werkmeester, .projectleider,
                                          .coordinator, .docent]

    /// The route at `index` follows a wish to grow into another role: "wil je later doorgroeien naar teamleider, dan kun je
    /// de BBL volgen", "voor doorgroei naar monteur bieden we BBL".
    func forLaterRole(_ index: Int, in range: Range<Int>) -> Bool {
        (range.lowerBound..<index).contains { position in
            term(position) == .doorgroeien && ["doorgroei", "doorstro"].contains { text.word(position).lowercased().hasPrefix($0) }
        }
    }

    /// The route at `index` is promised for a later moment, not with this job (README-half-g 7): "later" or "na een jaar"
    /// before it in its sentence ("Wil je later teamleider worden, dan betalen wij je BBL-opleiding"), or a "dan" in its
    /// sentence that points back at such a sentence ("Na een jaar kun je doorstromen. Die opleiding (BBL) betalen wij dan").
    func forLaterMoment(_ index: Int, sentence number: Int) -> Bool {
        let range = text.sentences[number].tokens
        if isLaterMoment(range.lowerBound..<index) { return true }
        guard number > 0, (range.lowerBound..<range.upperBound).contains(where: { term($0) == .dan && $0 > index }) else { return false }
        let previous = text.sentences[number - 1].tokens
        return isLaterMoment(previous)
    }

    /// "later", "doorgroeien", "doorstromen", "na een jaar", "na je eerste jaar", "over een jaar", "after a year".
    func isLaterMoment(_ range: Range<Int>) -> Bool {
        range.contains { position in
            if text.isWord(position, "later") { return true }
            if term(position) == .doorgroeien, ["doorgroei", "doorstro"].contains(where: { text.word(position).lowercased().hasPrefix($0) }) { return true }
            if text.isWord(position, "na") || text.isWord(position, "after") || text.isWord(position, "over") {
                return after(position, in: range, within: 3, [.jaar, .year]) != nil
            }
            return false
        }
    }

    /// A clause after the route, opened by "maar", "echter" or "but", names this job ("maar deze functie is een gewone baan",
    /// "but this role is a regular one"): the route before it is the organisation's.
    func setAgainstThisJob(after index: Int, in range: Range<Int>) -> Bool {
        (index + 1..<range.upperBound).contains { position in
            guard [.maar, .but].contains(term(position)) || text.isWord(position, "echter") || text.isWord(position, "however") else { return false }
            return (position + 1..<min(range.upperBound, position + 4)).contains { this in
                [.deze, .this].contains(term(this)) && this + 1 < range.upperBound
                    && ([.functie, .baan, .job].contains(term(this + 1)) || ["vacature", "rol", "role", "position", "vacancy"].contains { text.isWord(this + 1, $0) })
            }
        }
    }

    /// A later clause of the sentence says what this vacancy is for ("...; deze vacature is voor een vaste chauffeur", "maar
    /// deze vacature is voor sous-chef", "this vacancy is for a ..."): what the clause of `index` said was about another role
    /// or the organisation's other places, not the job on offer. (Not "deze vacature is voor 32 uur": hours, not a role.)
    func redirectedToThisJob(after index: Int, in sentence: SignalText.Sentence) -> Bool {
        let end = sentence.tokens.upperBound
        let from = clause(of: index, in: sentence).upperBound
        guard from < end else { return false }
        return (from..<end).contains { this in
            guard [.deze, .this].contains(term(this)), this + 3 < end,
                  [.functie, .baan, .job].contains(term(this + 1))
                    || ["vacature", "rol", "role", "position", "vacancy"].contains(where: { text.isWord(this + 1, $0) }) else { return false }
            if ["betreft", "concerns"].contains(where: { text.isWord(this + 2, $0) }) { return true }
            return [.is].contains(term(this + 2)) && ["voor", "for"].contains { text.isWord(this + 3, $0) }
                && (this + 4 >= end || !text.tokens[this + 4].isNumber)
        }
    }

    /// A reply that denies a training or diploma with the job: "een opleiding of diploma hoort er niet bij", "nee, je krijgt
    /// geen opleiding".
    func deniesTraining(_ reply: Range<Int>) -> Bool {
        // (not "je hebt geen diploma nodig om te starten": a diploma not asked for at the start)
        reply.contains { index in
            guard [.opleiding, .diploma, .bbl, .school, .certificaat].contains(term(index)) else { return false }
            if before(index, in: reply, within: 3, [.geen, .no]) != nil { return after(index, in: reply, within: 4, Self.negatableNeeds) == nil }
            guard let negation = after(index, in: reply, within: 6, [.niet, .not]) else { return false }
            return negatedNeedAfter(index, in: index..<reply.upperBound) == nil && after(negation, in: reply, within: 2, Self.negatableNeeds) == nil
        }
    }

    /// A teacher, trainer or supervisor of the learners: "als praktijkopleider", "we zoeken een docent BBL"; not
    /// "de opleiding tot leraar" (the worker becomes one).
    func isTeacher(_ range: Range<Int>, route: Int) -> Bool {
        guard let role = first(Self.teachers, in: range), before(role, in: range, within: 1, [.tot]) == nil else { return false }
        return role == range.lowerBound || role + 1 == route || role == route + 1 || before(role, in: range, within: 1, [.als]) != nil
            || before(role, in: range, within: 2, [.zoeken]) != nil
    }

    static let trainingWords: TermSet = [.opleiding, .opleiden, .io, .werkend, .instroom, .volg, .leid]

    /// A learning route told in words rather than by its name: "Monteur in opleiding", "wij leiden je op tot erkend
    /// monteur", "de opleiding tot buschauffeur krijg je in loondienst", "je werkt en haalt je entreediploma",
    /// "je volgt de opleiding tot leraar terwijl je lesgeeft", a zij-instroom with its training. Not an internal
    /// course or academy, not a short certificate (VCA, heftruck), not a finished training asked for.
    func trainingRoute(_ sentence: SignalText.Sentence) -> Found? {
        let range = sentence.tokens
        if has([.interne, .vca, .heftruck, .cursus], in: range) || hasActiveStaffVerb(range) || rejects(range) { return nil }
        for index in range where Self.trainingWords.contains(term(index)) || term(index) == .op || term(index) == .leren {
            let clause = clause(of: index, in: sentence)
            var hit = false
            switch term(index) {
            case .io: // "Monteur i.o."
                hit = index > range.lowerBound && term(index - 1) == .unknown
            case .opleiding:
                // "Verpleegkundige in opleiding": a role in training; not "ben je nog in opleiding?".
                // A title, so the ad must name the route: a qualification at its end or paid work beside it ("Timmerman in
                // opleiding" who learns from the colleagues is on-the-job learning).
                if index >= range.lowerBound + 2, text.word(index - 1).lowercased() == "in", term(index - 2) == .unknown,
                   !sentence.isQuestion, sentence.answer == nil {
                    hit = isEmployed || earnsQualification(range) || has([.terwijl, .combineren], in: range)
                } else if after(index, in: clause, within: 1, [.tot]) != nil {
                    // "de opleiding tot buschauffeur krijg je in loondienst", "... terwijl je lesgeeft", or ending in a diploma.
                    hit = has([.terwijl, .loondienst, .combineren, .contract], in: range) || earnsQualification(range)
                }
            case .opleiden:
                // "wij gaan je opleiden tot ...", "je wordt opgeleid tot ..."; not "je bent opgeleid tot ..." (done before).
                let past = text.word(index).lowercased().hasPrefix("opgeleid")
                hit = after(index, in: clause, within: 4, [.tot]) != nil && earnsQualification(range)
                    && (!past || before(index, in: clause, within: 2, [.wordt]) != nil)
            case .op:
                // "wij leiden je op tot monteur" (the verb split around "je").
                hit = after(index, in: clause, within: 1, [.tot]) != nil && earnsQualification(range)
                    && (clause.lowerBound..<index).contains { text.word($0).lowercased().hasPrefix("leid") }
            case .leren:
                hit = before(index, in: range, within: 1, [.werkend]) != nil
                    && (has([.diploma, .opleiding, .mbo, .school, .bbl, .combineren], in: range) || range.count <= 6)
            case .instroom: // "zij-instroom in het onderwijs: je volgt de opleiding tot leraar"
                hit = index > range.lowerBound && text.word(index - 1).lowercased() == "zij"
                    && has([.opleiding, .bevoegdheid, .diploma, .certificaat], in: range)
            case .volg:
                // "je werkt ... en haalt je entreediploma", "haal je je mbo-diploma terwijl je werkt", "bij ons in dienst volg je
                // de erkende opleiding", "in 10 maanden haal je het mbo-diploma": a qualification earned in the job (employed,
                // or on a route of months or years); not a course first ("eerst", "voordat je begint").
                let employed = has([.werken, .contract, .baan], in: clause) || has([.terwijl, .loondienst, .combineren], in: range)
                    || isEmployed || isTimedRoute(clause)
                hit = employed && !isBeforeTheJob(range) && (index + 1..<clause.upperBound).contains { isQualification($0, in: clause) }
            default: break
            }
            guard hit else { continue }
            if before(index, in: clause, within: 4, [.geen, .niet, .no, .not, .never, .afgerond]) != nil { continue }
            // (not "na je opleiding tot verpleegkundige": a training done before the job)
            if (max(clause.lowerBound, index - 4)..<index).contains(where: { term($0) == .binnen && text.word($0).lowercased() == "na" }) { continue }
            if after(index, in: clause, within: 12, [.niet, .not]) != nil { continue } // "... is bij deze functie niet mogelijk"
            if before(index, in: clause, within: 4, Self.haves) != nil, term(index) != .volg { continue } // "je hebt een opleiding tot ... afgerond"
            if has(.afgerond, in: clause) || isTeacher(range, route: index) { continue }
            return found(clause)
        }
        return nil
    }

    /// The route ends in a qualification: a diploma, a recognised certificate, a teaching licence, code 95, an mbo
    /// level; named with the route ("leiden je op tot lasser, inclusief erkend diploma") or earned elsewhere ("haal",
    /// "behaal", "krijg", "na afloop", "na twee jaar heb je ..."), not asked for.
    func earnsQualification(_ route: Range<Int>) -> Bool {
        if route.contains(where: { isQualification($0, in: route) && before($0, in: route, within: 5, Self.haves.union([.afgerond, .minimaal])) == nil }) {
            return true
        }
        return text.sentences.contains { sentence in
            text.clauses(sentence).contains { clause in
                clause.contains { index in
                    isQualification(index, in: clause) && before(index, in: clause, within: 6, [.volg, .krijg, .binnen]) != nil
                }
            }
        }
    }

    func isQualification(_ index: Int, in clause: Range<Int>) -> Bool {
        switch term(index) {
        // "de opleiding op niveau 4", "de bachelor": an mbo level, a degree.
        case .niveau:
            return index + 1 < clause.upperBound && text.tokens[index + 1].isNumber && (1...4).contains(text.tokens[index + 1].number)
        case .bachelor, .master:
            return before(index, in: clause, within: 3, Self.negators) == nil
        case .diploma, .bevoegdheid:
            return before(index, in: clause, within: 3, Self.negators) == nil
        case .erkend, .recognised:
            return after(index, in: clause, within: 3, [.diploma, .certificaat, .opleiding, .qualification, .degree]) != nil
                && before(index, in: clause, within: 3, Self.negators) == nil
        case .code:
            return index + 1 < clause.upperBound && text.tokens[index + 1].number == 95
        case .mbo:
            return (index + 1..<min(clause.upperBound, index + 3)).contains { text.tokens[$0].isNumber || term($0) == .niveau }
        case .certificaat:
            return before(index, in: clause, within: 3, [.mbo, .erkend, .recognised]) != nil
        default:
            return false
        }
    }

    /// "het is geen erkende opleiding en je krijgt er geen diploma voor", "leidt niet tot een formeel diploma": the
    /// training the ad describes ends in no qualification.
    func trainingLeadsNowhere() -> Bool {
        text.tokens.indices.contains { index in
            switch term(index) {
            case .erkend, .recognised:
                return before(index, in: text.tokens.indices, within: 3, Self.negators) != nil
            case .diploma, .certificaat, .qualification, .degree:
                if before(index, in: text.tokens.indices, within: 3, Self.negators) != nil
                    && before(index, in: text.tokens.indices, within: 6, [.krijg, .leid]) != nil { return true }
                // "een diploma krijg je er niet voor", "een erkend diploma levert dat niet op", "is daar niet aan verbonden": the
                // denial after the qualification.
                let end = min(text.tokens.count, index + 7)
                let yields = (index + 1..<end).contains { term($0) == .krijg || text.isWord($0, "levert") || text.isWord($0, "verbonden") }
                return yields && after(index, in: text.tokens.indices, within: 6, [.niet, .not]) != nil
            default:
                return false
            }
        }
    }

    /// "je begeleidt", "begeleid je", "om ... te begeleiden": the worker serves others. "De monteur leidt je op",
    /// "wij begeleiden je": others serve the worker.
    func hasActiveStaffVerb(_ range: Range<Int>) -> Bool {
        range.contains { index in
            Self.staffVerbs.contains(term(index)) && before(index, in: range, within: 2, [.wordt]) == nil && workerActs(index, in: range)
        }
    }

    /// The worker is the subject of the staff verb at `index`: "je begeleidt", or the stem before "je" ("begeleid je",
    /// "leid je"); "leidt je op" and "begeleiden je" have another subject.
    func workerActs(_ index: Int, in range: Range<Int>) -> Bool {
        if before(index, in: range, within: 1, [.je, .jij]) != nil { return true }
        guard after(index, in: range, within: 1, [.je, .jij]) != nil else { return false }
        let word = text.word(index)
        return !(word.hasSuffix("t") || word.hasSuffix("en"))
    }

    func isLearningRoute(_ index: Int, in sentence: SignalText.Sentence) -> Bool {
        let range = sentence.tokens
        switch term(index) {
        case .bbl, .bbler, .leerwerk, .werkleertraject, .leerbaan, .leerarbeidsovereenkomst, .werkervaringsplaats,
             .praktijkverklaring, .praktijkroute, .inservice, .instroomtraject, .apprentice, .opleidingsplaats:
            return true
        case .duaal: // "duaal studeren", "in duale vorm", "duale opleiding"; not "een duale functie"
            guard index + 1 < range.upperBound else { return false }
            let next = text.word(index + 1).lowercased()
            return ["stud", "opleid", "traject", "vorm", "leer", "hbo", "mbo", "bachelor"].contains { next.hasPrefix($0) }
        case .leer: return after(index, in: range, within: 1, [.werktraject]) != nil
        case .leren: // "leren en werken combineren", "werken én leren tegelijk"; not "blijven leren en werken aan jezelf"
            let paired = index + 2 < range.upperBound && [.en, .and].contains(term(index + 1)) && term(index + 2) == .werken
                || index - 2 >= range.lowerBound && [.en, .and].contains(term(index - 1)) && term(index - 2) == .werken
            return paired && (has([.combineren, .bbl, .bbler, .school, .opleiding, .diploma, .les], in: range) || range.count <= 6)
        // "Leerling-verpleegkundige", "als leerling"; not learners on an internship ("Leerling-verpleegkundigen (BOL) lopen bij
        // ons stage"), which is the school's route, not a job's.
        case .leerling:
            return (text.tokens.indices.contains(index + 1) && text.tokens[index + 1].gap == .hyphen || before(index, in: range, within: 1, [.als]) != nil)
                && !has([.stage, .bol, .afstudeerstage], in: range)
        // A traineeship ending in a recognised diploma or training ("rond je de erkende deeltijdopleiding hbo af"); not "geen
        // erkende opleiding".
        case .trainee:
            if has([.erkend, .recognised], in: range), has([.diploma, .certificaat, .degree, .qualification], in: range) { return true }
            return range.contains { position in
                [.erkend, .recognised].contains(term(position)) && before(position, in: range, within: 3, Self.negators) == nil
                    && after(position, in: range, within: 3, [.diploma, .certificaat, .degree, .qualification, .opleiding, .hbo, .mbo, .bachelor]) != nil
            }
        default: return false
        }
    }

    // MARK: no diploma, no experience

    /// No diploma or particular schooling is asked for, and nothing of that kind is required elsewhere.
    func noDiploma() -> Found? {
        // (a level alone can be one side of the alternative: "mbo 2 Techniek of ervaring als monteur")
        guard text.present.meets(Self.diplomaWords) || text.present.meets(Self.levels),
              let waiver = waived(Self.diplomas, weak: [.opleiding, .education], lacking: [.school]) ?? eitherOr.map({ found($0, "a diploma or experience") })
        else { return nil }
        return diplomaRequired == nil ? waiver : nil
    }

    /// No experience is needed (or starters, school leavers, career changers are welcome), and no experience is
    /// required elsewhere.
    func noExperience() -> Found? {
        guard text.present.meets(Self.experienceWords),
              let welcome = waived(Self.experiences) ?? neverWorked() ?? startersWelcome() ?? nothingToKnow()
                ?? eitherOr.map({ found($0, "experience or a diploma") }) ?? diplomaWaivedForExperience() else { return nil }
        return experienceRequired == nil ? welcome : nil
    }

    /// "Heb je al een paar jaar met de kwast gewerkt, dan maakt je opleiding ons niets uit. Kom je net kijken, dan verwachten
    /// we een afgeronde mbo 2": the diploma waived on the condition of experience and asked on another condition. Either
    /// will do (the conventions' conditional alternative), so the job is open without experience, by the diploma.
    func diplomaWaivedForExperience() -> Found? {
        guard text.present.meets(Self.levels) else { return nil }
        for sentence in text.sentences {
            let clauses = text.clauses(sentence)
            for (position, clause) in zip(clauses.indices, clauses) where position + 1 < clauses.endIndex {
                let consequence = clauses[position + 1]
                guard term(consequence.lowerBound) == .dan, isConditionHead(clause),
                      has(Self.askedExperienceWords, in: clause) || has(.ervaren, in: clause),
                      let diploma = first(Self.diplomaWords, in: consequence),
                      negatedNeedAfter(diploma, in: consequence) != nil || leadingNegation(diploma, in: consequence) != nil
                else { continue }
                // The other branch: a diploma or level asked in a condition's clause.
                let otherBranch = text.sentences.contains { other in
                    text.clauses(other).contains { branch in
                        branch != clause && branch != consequence && has(Self.levels, in: branch) && isConditional(branch, in: other)
                            && !has(Self.negators, in: branch)
                    }
                }
                if otherBranch { return found(clause.lowerBound..<consequence.upperBound, "experience or a diploma") }
            }
        }
        return nil
    }

    /// "Nog nooit in de zorg gewerkt?", "never worked in a warehouse", "je hoeft nog nooit in een keuken te hebben
    /// gestaan", "nooit eerder in een fabriek?", "never done this before".
    func neverWorked() -> Found? {
        for (number, sentence) in text.sentences.enumerated() where !rejects(sentence.tokens) {
            for clause in text.clauses(sentence) {
                for index in clause where [.nooit, .never].contains(term(index)) {
                    // "nog nooit in een keuken gestaan", "nog nooit achter de kassa", "Nog nooit schoongemaakt? Geen probleem";
                    // not "je bent nog nooit te laat gekomen".
                    // "Ook als je nog nooit een klantgesprek hebt gevoerd, ben je welkom": a welcome says it too.
                    let somewhere = (index + 1..<min(clause.upperBound, index + 3)).contains { ["in", "achter", "op", "bij", "met", "aan"].contains(text.word($0).lowercased()) }
                        || sentence.answer.map { index < $0 && reassures($0..<sentence.tokens.upperBound) } == true
                        || has([.welkom, .welcome, .uitgenodigd], in: sentence.tokens)
                    // "je hoeft nog nooit een cv-ketel van binnen te hebben gezien": never done, and not needed.
                    if after(index, in: clause, within: 8, [.gewerkt, .worked, .eerder]) != nil || before(index, in: clause, within: 1, [.nog]) != nil && somewhere
                        || before(index, in: clause, within: 3, [.hoef, .hoeven]) != nil {
                        return found(clause)
                    }
                    // "Altijd al in de zorg willen werken, maar nooit gedaan? Bij ons kan het.": a question about work never
                    // done, answered yes.
                    if let reply = reply(to: number), index < reply.lowerBound, has(.werken, in: sentence.tokens.lowerBound..<index),
                       !rejects(reply), reassures(reply) {
                        return found(sentence.tokens)
                    }
                }
            }
        }
        return nil
    }

    /// The answer to a question: the sentence merged with a short one, or the sentence after a longer one.
    func reply(to number: Int) -> Range<Int>? {
        let sentence = text.sentences[number]
        if let answer = sentence.answer { return answer..<sentence.tokens.upperBound }
        guard sentence.isQuestion, number + 1 < text.sentences.count else { return nil }
        return text.sentences[number + 1].tokens
    }

    /// "Je hoeft nog niets te kunnen", "je hoeft het vak niet te kennen", "you don't need to know anything": nothing
    /// the worker must know or be able to do yet.
    func nothingToKnow() -> Found? {
        for sentence in text.sentences where !rejects(sentence.tokens) {
            for clause in text.clauses(sentence) {
                for index in clause where [.hoef, .hoeven, .need].contains(term(index)) {
                    guard let ability = after(index, in: clause, within: 8, [.kunnen, .kennen]) else { continue }
                    // "Nederlands hoef je niet te kunnen", "je hoeft geen Nederlands te kunnen lezen": what need not be known is
                    // named, a language or a diploma, not the work.
                    if has(Self.languageWords.union(Self.diplomaWords).union([.rijbewijs]), in: clause) { continue }
                    let negated = term(index) == .need ? before(index, in: clause, within: 2, [.dont, .doesnt, .no]) != nil
                        : (index + 1..<ability).contains { [.niets, .niet, .geen].contains(term($0)) }
                    if negated, term(index) != .need || has(.niets, in: clause) { return found(clause) }
                }
            }
        }
        return nil
    }

    /// "deze rol is nog te zwaar", "dat is te hoog gegrepen": too much (not "om te werken", an infinitive).
    func isTooMuch(_ range: Range<Int>) -> Bool {
        range.contains { index in
            term(index) == .te && index + 1 < range.upperBound && before(index, in: range, within: 2, [.is, .nog, .zijn]) != nil
                && !text.endsWith(index + 1, "en")
        }
    }

    /// Starters, school leavers, returners, career changers, graduates welcome; a first job; an entry job.
    func startersWelcome() -> Found? {
        for (number, sentence) in text.sentences.enumerated() where !rejects(sentence.tokens) && !hasActiveStaffVerb(sentence.tokens) { // not "je begeleidt starters"
            let range = sentence.tokens
            // Invited: a welcome in the sentence, "ook als ...", or a welcome answering it ("Ben je ...? Ook dan ben je welkom.").
            // ("Heb je al een tijd niet gewerkt? Wij zoeken gastvrouwen ...": the people the question asks after are sought.)
            // "Beginners welcome? Not for this one: ...", "Starters? Nee, ...": the question raised and denied (README-half-g 18).
            if let answer = sentence.answer, refusesQuestion(answerFrom: answer, in: sentence) { continue }
            lazy var invited = has(Self.welcoming.union([.ook]), in: range)
                || sentence.answer.map { has(.zoeken, in: $0..<range.upperBound) } == true
                || sentence.isQuestion && number + 1 < text.sentences.count && has(Self.welcoming.union([.zoeken]), in: text.sentences[number + 1].tokens)
            for index in range {
                let word = term(index)
                var hit = false
                switch word {
                case .starter, .schoolverlater, .herintreder, .instromer, .beginner, .graduate, .afgestudeerd:
                    let inherent = (word == .afgestudeerd || word == .graduate) && before(index, in: range, within: 2, [.net, .pas, .fresh]) != nil
                    // "ook als starter", "ook starters", "wij zoeken een starter", "Ben je herintreder? Dan ...": the job is
                    // open to them.
                    let open = before(index, in: range, within: 2, [.ook]) != nil || has(.zoeken, in: range)
                        || sentence.answer.map { index < $0 } ?? sentence.isQuestion
                    hit = inherent || open || has(Self.welcoming, in: range) || word == .schoolverlater && has([.opgelet, .kans], in: range)
                case .onervaren: // "Onervaren? Geen punt."
                    hit = has(Self.welcoming.union(Self.goodAnswers), in: range)
                case .branche: // "uit een (heel) andere branche", "from another industry": career changers, invited.
                    hit = before(index, in: range, within: 3, [.andere]) != nil && has(Self.welcoming.union([.uitgenodigd, .welkom]), in: range)
                case .instroom: // "zij-instroom": the route for career changers.
                    hit = index > range.lowerBound && text.word(index - 1).lowercased() == "zij"
                case .instapfunctie, .instroomtraject:
                    hit = true
                // Returners in words: "een tijd uit het arbeidsproces", "ook als je al jaren niet gewerkt hebt", invited.
                case .arbeidsproces:
                    hit = before(index, in: range, within: 3, [.uit]) != nil && invited
                case .gewerkt:
                    hit = before(index, in: range, within: 2, [.niet]) != nil
                        && (before(index, in: range, within: 4, [.jaar, .maand, .year, .month]) != nil
                            || (max(range.lowerBound, index - 4)..<index).contains { text.isWord($0, "lang") || text.isWord($0, "tijd") })
                        && invited
                // "Ben je net klaar met je opleiding? Dan is dit je kans": just finished, a fresh graduate in words.
                case .net:
                    hit = index + 2 < range.upperBound && text.isWord(index + 1, "klaar") && text.isWord(index + 2, "met")
                        && after(index + 2, in: range, within: 3, [.opleiding, .studie, .school]) != nil && invited
                case .baan, .job:
                    hit = before(index, in: range, within: 1, [.eerste, .first]) != nil
                case .school:
                    hit = before(index, in: range, within: 2, [.net]) != nil && before(index, in: range, within: 1, [.van]) != nil
                case .entry:
                    hit = after(index, in: range, within: 1, [.niveau]) != nil
                default:
                    break
                }
                guard hit else { continue }
                // "Net afgestudeerd? Dan is deze rol nog te zwaar.", "Instapfunctie? Nee, dit is een doorgroeifunctie.": asked, and denied.
                if let reply = reply(to: number), index < reply.lowerBound, !has(Self.welcoming, in: reply),
                   has([.nee, .no], in: reply) || rejects(reply) || excludes(reply) || isTooMuch(reply) { continue }
                let clause = clause(of: index, in: sentence)
                // (the "niet" of "jaren niet gewerkt" is what it says)
                if word != .gewerkt, before(index, in: clause, within: 2, [.geen, .no, .not, .niet]) != nil { continue }
                if namesAnotherJob(range) { continue }
                return found(sentence.answer != nil ? range : clause)
            }
        }
        return nil
    }

    /// "voor de instapfunctie ...; voor de functie van teamleider, waarvoor deze vacature is, ...": the sentence sets an
    /// entry job beside the leading job advertised.
    func namesAnotherJob(_ range: Range<Int>) -> Bool {
        range.contains { index in
            term(index) == .functie
                && after(index, in: range, within: 3, [.teamleider, .leidinggevende, .manager, .coordinator, .hoofd, .ploegleiders, .supervisors, .leaders]) != nil
        }
    }

    // MARK: flexible hours

    /// Part-time or flexible hours: the words (parttime, deeltijd, bijbaan, weekendhulp, oproep, nuluren,
    /// min-max, flexibele werktijden, uren in overleg, zelf je rooster, onder schooltijden, naast school), or hours
    /// whose lower end is below 35 a week (a day's hours, an fte, a few dagdelen or days, a short shift), unless
    /// the ad rules part-time out. With a BBL the contract's hours count, unless work and school are called full-time together.
    func flexibleHours() -> Found? {
        guard text.present.meets(Self.hoursWords) || text.hasClock, partTimeRuledOut() == nil else { return nil }
        let countHours = !workAndSchoolFullTime()
        for sentence in text.sentences {
            if let hit = flexibleWords(sentence) { return hit }
            if countHours, let hit = partTimeHours(sentence) { return hit }
        }
        return nil
    }

    /// "... en één dag school: samen een fulltime dienstverband": a BBL week that is full-time as a whole.
    func workAndSchoolFullTime() -> Bool {
        text.sentences.contains { sentence in
            has([.samen, .together], in: sentence.tokens) && has([.fulltime, .full], in: sentence.tokens)
        }
    }

    func flexibleWords(_ sentence: SignalText.Sentence) -> Found? {
        let range = sentence.tokens
        for index in range {
            var hit = false
            // Most words are none of these: the clause is looked up only for one that is.
            lazy var clause = self.clause(of: index, in: sentence)
            switch term(index) {
            case .parttime, .deeltijd:
                hit = after(index, in: clause, within: 2, [.opleiding, .studie]) == nil // not "een deeltijdse opleiding"
                    // not a study followed part-time ("leraar worden via de pabo in deeltijd", "een hbo-opleiding in deeltijd"):
                    // the mode of the route, not the job's hours (README-half-g 5).
                    && !studiedPartTime(index, in: clause)
            case .bijbaan, .zaterdaghulp, .weekendhulp, .nuluren, .flexitime, .schooltijden:
                hit = true
            // "oproepkracht", "invalkracht"; not a stand-in given a contract of its own ("je krijgt als invalkracht een
            // tijdelijk contract tot de zomer": a fixed term, not hours on call).
            case .oproep:
                hit = !(text.word(index).lowercased().hasPrefix("inval") && has(.contract, in: clause))
            // "alleen weekenddiensten", "weekendshifts only": weekend days alone, in a compound.
            case .diensten, .shifts:
                let word = text.word(index).lowercased()
                hit = (word.hasPrefix("weekend") || word.hasPrefix("zaterdag")) && weekendOnly(index, in: sentence)
            // "vakantiewerk" is a season, not a number of hours: not part-time by itself (README-half-e 15), whatever its week;
            // the hours or the Saturday job beside it count on their own.
            // Only weekend days or evenings: "beschikbaar op vrijdagavond en zaterdag", "Zaterdagochtend, wijk Noord".
            case .zaterdag, .weekend, .weekends, .dagavond: hit = weekendOnly(index, in: sentence)
            // "als de kinderen op school zitten", "terwijl de kinderen op school zijn": onder schooltijden, in words.
            case .school:
                if let child = before(index, in: clause, within: 4, [.clients]), text.isWord(child, "kinderen") {
                    hit = before(child, in: clause, within: 2, [.als, .terwijl, .wanneer]) != nil
                }
            // "je begint tussen 7:00 en 9:30", "start anywhere between 7 and 9.30": a free start time (flexitime).
            case .tussen, .between:
                let startsAt = (max(range.lowerBound, index - 3)..<index).contains { position in
                    ["begin", "begint", "beginnen", "start", "starts", "starten"].contains { text.isWord(position, $0) }
                }
                hit = startsAt && !has([.spreekuur, .open], in: range) && index + 3 < range.upperBound && isClock(index + 1) && [.en, .and].contains(term(index + 2)) && isClock(index + 3)
                    // "je begint tussen 6.00 en 8.00 uur, afhankelijk van de planning die wij maken": the window is the planner's.
                    && !setByOthers(index + 1..<range.upperBound)
            case .part: hit = after(index, in: range, within: 1, [.time]) != nil
            // "zero-hours contract", "nul-uren": an on-call contract in words.
            case .hours, .uren: hit = index > range.lowerBound && (text.isWord(index - 1, "zero") || text.isWord(index - 1, "nul"))
                // "Het urental stemmen we af op jouw situatie": the number of hours agreed.
                || text.isWord(index, "urental") && range.contains { position in
                    ["stemmen", "stem", "afspreken", "bepalen"].contains { text.isWord(position, $0) }
                }
            case .min: hit = after(index, in: range, within: 1, [.max]) != nil
            // "flexibele werktijden"; not "je bent bereid flexibele uren te maken" (the worker's flexibility).
            // "flexibele werktijden", "een flexibel aantal uren"; not "je bent bereid flexibele uren te maken" (the worker's flexibility).
            case .flexibel:
                let hours: TermSet = [.werktijden, .uren, .rooster, .tijden, .hours]
                hit = (after(index, in: range, within: 1, hours) != nil
                       || index + 2 < range.upperBound && term(index + 1) == .aantal && hours.contains(term(index + 2)))
                    && !has([.bereid, .inzetbaar, .moet, .must, .vragen, .required], in: clause)
                // "Je werkt fulltime, wel met een flexibel rooster": which shifts, not fewer hours nor free start times.
                if hit, after(index, in: range, within: 1, [.rooster]) != nil, fullWeek { hit = false }
                // "Flexibele werktijden betekent hier: wisselende begintijden volgens het rooster van de planner", "Flexibele
                // werktijden? Bij ons betekent dat dat je bereid bent langer te blijven": the ad says what it means by them, and
                // only the worker's own choice of times is flexitime (README-half-f 25).
                if hit, let meaning = definition(after: index, in: sentence) {
                    hit = choosesOwnTimes(meaning) && !has([.bereid, .moet, .must], in: meaning)
                }
                // "Flexibele werktijden: je begint tussen 6 en 8 uur, afhankelijk van de planning", "Flexible hours: the planner
                // sets your start time": what follows the colon says who sets the times; the employer's setting is no flexitime.
                if hit, let meaning = explanation(after: index, in: sentence) {
                    hit = !setByOthers(meaning) && !has([.bereid, .moet, .must], in: meaning)
                }
            // "uren in overleg", "aantal uren naar wens", "diensten naar keuze"
            // The number of hours agreed counts at any week; when the days or times are agreed within a full week ("werktijden in
            // overleg binnen een 40-urige werkweek", README-half-f 26), only their placement is open, not the hours.
            case .overleg: hit = before(index, in: clause, within: 4, [.uren, .hours, .diensten, .shifts]) != nil
                || before(index, in: clause, within: 4, [.dagen, .rooster, .tijden, .werktijden]) != nil && !fullWeek
                // "Aantal uur per week: in overleg" (not "om 9 uur in overleg": a count of hours or a time is no choice)
                || before(index, in: clause, within: 4, [.uur]).map { $0 == clause.lowerBound || !text.tokens[$0 - 1].isNumber } == true
                || after(index, in: clause, within: 10, [.uren, .hours]) != nil // "in overleg bepaal je je werkdagen en het aantal uren"
                || after(index, in: clause, within: 10, [.werktijden, .dagen, .weekday]) != nil && !fullWeek
            case .bespreekbaar: hit = before(index, in: clause, within: 4, [.uren]) != nil
            // "je stelt zelf je rooster samen", "kies zelf je diensten", "je bepaalt zelf hoeveel uur en wanneer je werkt";
            // not "je bepaalt zelf hoe je werkt".
            // Hours chosen, not stated: "je bepaalt zelf of je thuis of op kantoor werkt (36 uur)" chooses the place; the
            // hours are a count.
            case .zelf: hit = choosesTimes(own: index, in: clause)
                // "Hoeveel dagen je werkt, bepaal je zelf": the question of how many or when, fronted in a clause of its own, is what
                // the worker decides.
                || has([.bepaal, .kies, .kiezen], in: clause) && text.clauses(sentence).contains { other in
                    other.upperBound <= clause.lowerBound && other.upperBound == clause.lowerBound && [.hoeveel, .wanneer].contains(term(other.lowerBound))
                        && choosesTimes(own: other.lowerBound, in: other)
                }
            // "kies zelf je diensten"; not "je spreekt Nederlands of Engels, dat mag je zelf kiezen" (a language chosen).
            case .kies, .kiezen: hit = clause.contains { term($0) == .zelf && choosesTimes(own: $0, in: clause) }
            // "naast school", "ideaal naast je studie", "next to your studies", "naast je huidige baan"; not a training
            // followed beside the job ("via de praktijkroute haal je je certificaat naast je baan").
            // (not "deeltijd studeren naast je fulltime baan": the job beside the study is full-time)
            case .naast: hit = after(index, in: clause, within: 3, [.school, .studie, .baan, .job]) != nil && !isLearningSentence(range)
                && after(index, in: clause, within: 3, [.fulltime]) == nil
            case .scholieren: hit = has([.bijbaan, .zaterdag, .weekend, .avonden], in: range)
            // "je geeft per week je beschikbaarheid door", "je kiest zelf je beschikbaarheid": the worker says when, week by week.
            // "je geeft elke week door op welke dagen je beschikbaar bent": the availability told week by week, as an adjective.
            case .inzetbaar: hit = text.isWord(index, "beschikbaar") && has(.geeft, in: clause) && has(.week, in: clause) && plainNeed(in: clause) == nil
            // "Het aantal uren bepalen we samen": the number of hours agreed, as "uren in overleg".
            // "Hoeveel uur je werkt, spreken we samen af": the question of how many hours may stand in a clause of its own.
            case .samen: hit = hoursCounted(in: range)
                && range.contains { position in ["bepalen", "bepaal", "afspreken", "spreken", "stemmen"].contains { text.isWord(position, $0) } }
            case .beschikbaarheid: hit = (has([.geeft, .door], in: clause) && has(.week, in: clause) || has([.zelf, .kies], in: clause))
                && plainNeed(in: clause) == nil
            // "je werkt wanneer het jou uitkomt", "werk wanneer jij wilt"
            case .wanneer: hit = after(index, in: clause, within: 4, [.uitkomt]) != nil && after(index, in: clause, within: 3, [.je, .jij, .jou, .you]) != nil
            // "halve dagen", "een halve werkweek", "halftime"
            case .halve: hit = after(index, in: clause, within: 1, [.dagen, .dag, .baan, .contract, .week, .days]) != nil || text.word(index).count > 5
            default: break
            }
            guard hit else { continue }
            if before(index, in: clause, within: 2, [.geen, .niet, .no, .not]) != nil || negatesTheJob(before: index, in: clause) { continue }
            // "Parttime werken kan bij de administratie, maar deze functie is 40 uur": another role's hours, set against this job.
            if setAgainstThisJob(after: index, in: range) || redirectedToThisJob(after: index, in: sentence) { continue }
            // "We zouden graag parttime aanbieden, maar ...": a wish, not an offer.
            if isCounterfactual(index, in: sentence) { continue }
            // "Bereikbaarheidsdienst: ... ben je oproepbaar, naast je fulltime baan", "je draait mee in de storingsdienst": a
            // standby duty is asked of the worker on top of the job's hours, not fewer or chosen hours.
            if has(.standby, in: range) { continue }
            // "Je stuurt een team van parttimers en zaterdagkrachten aan": people the worker leads, not this job.
            if text.endsWith(index, "ers") || text.endsWith(index, "krachten"),
               hasActiveStaffVerb(range) || has(Self.staffRoles, in: range) { continue }
            // "Flexibele werktijden? Nee, wij werken met vaste tijden."
            if let answer = sentence.answer, index < answer, [.nee, .no].contains(term(answer)) { continue }
            return found(clause)
        }
        return nil
    }

    /// "Dit is geen baan met flexibele uren", "not a job with part-time hours": the negation reaches the hours through the
    /// job it denies (only the words of that noun phrase between).
    func negatesTheJob(before index: Int, in clause: Range<Int>) -> Bool {
        guard let negation = before(index, in: clause, within: 5, [.geen, .no, .not]) else { return false }
        return (negation + 1..<index).allSatisfy { position in
            [.baan, .job, .functie, .een, .a].contains(term(position))
                || ["met", "with", "vacature", "rol", "role", "position", "werk", "work"].contains { text.isWord(position, $0) }
        }
    }

    /// What the ad says it means by a word: the rest of its sentence or the answer to its question, when it defines it
    /// ("betekent", "houdt in", "means") or answers it.
    func definition(after index: Int, in sentence: SignalText.Sentence) -> Range<Int>? {
        let defines: (Range<Int>) -> Bool = { range in
            range.contains { position in ["betekent", "betekenen", "houdt", "means", "mean"].contains { self.text.isWord(position, $0) } }
        }
        let rest = index + 1..<sentence.tokens.upperBound
        if defines(rest) { return rest }
        guard sentence.isQuestion || sentence.answer != nil,
              let number = text.sentences.firstIndex(where: { $0.tokens == sentence.tokens }), let reply = reply(to: number),
              defines(reply) else { return nil }
        return reply
    }

    /// What the worker chooses at `own` ("zelf", "eigen", "own") is a time: "je stelt zelf je rooster samen", "je bepaalt
    /// zelf hoeveel uur", "je eigen werktijden". Not a number of hours stated ("zelf ... 36 uur"), not "in dienst" (employed:
    /// "je bent in dienst en haalt je rijbewijs bij onze eigen rijschool"), and not the organisation's own ("onze eigen
    /// planning").
    func choosesTimes(own: Int, in clause: Range<Int>) -> Bool {
        let times: TermSet = [.rooster, .diensten, .uren, .uur, .tijden, .werktijden, .shifts, .dagen, .hours, .hoeveel, .wanneer]
        let isTime: (Int) -> Bool = { position in
            // "je kiest zelf hoe laat je begint": what time, a time of day chosen.
            if self.text.isWord(position, "laat"), position > clause.lowerBound, self.text.isWord(position - 1, "hoe") { return true }
            return times.contains(self.term(position)) && !(position > clause.lowerBound && self.text.tokens[position - 1].isNumber)
                && !(self.text.isWord(position, "dienst") && position > clause.lowerBound && self.text.isWord(position - 1, "in"))
        }
        if text.isWord(own, "eigen") || text.isWord(own, "own"), own > clause.lowerBound,
           ["onze", "ons", "our"].contains(where: { text.isWord(own - 1, $0) }) { return false }
        return clause.contains(where: isTime)
    }

    /// The sentence names the number of hours as something to settle: "hoeveel uur", "het aantal uren", "het urental"; not
    /// a number of hours stated ("de werkweek is 40 uur").
    func hoursCounted(in range: Range<Int>) -> Bool {
        range.contains { position in
            guard [.uren, .uur, .hours].contains(term(position)) else { return false }
            if text.isWord(position, "urental") { return true }
            return before(position, in: range, within: 1, [.hoeveel, .aantal]) != nil
        }
    }

    /// "via de pabo in deeltijd", "een hbo-opleiding in deeltijd", "deeltijd studeren": part-time said of a study (not
    /// "parttime studenten gezocht", students sought for part-time work).
    func studiedPartTime(_ index: Int, in clause: Range<Int>) -> Bool {
        before(index, in: clause, within: 3, [.opleiding, .studie, .hbo, .mbo, .bachelor, .master, .school]) != nil
            || (max(clause.lowerBound, index - 4)..<index).contains { text.isWord($0, "via") }
            || index + 1 < clause.upperBound && ["studeren", "studeer", "study", "studying"].contains { text.isWord(index + 1, $0) }
    }

    /// The words after a colon right after the flexible words ("Flexibele werktijden: ..."), or after "in de zin dat"
    /// ("Flexibele werktijden in de zin dat je soms 's avonds naar een ouderavond gaat"): the ad's explanation of them.
    func explanation(after index: Int, in sentence: SignalText.Sentence) -> Range<Int>? {
        let end = sentence.tokens.upperBound
        // "Flexibele werktijden? Je rooster wisselt per week ..., en de ploegleider bepaalt welke.": the answer to the
        // question the words ask explains them, as a colon does.
        if let answer = sentence.answer, index < answer { return answer..<end }
        guard index + 2 < end else { return nil }
        if text.tokens[index + 2].gap == .colon { return index + 2..<end }
        if text.isWord(index + 2, "in"), index + 5 < end, text.isWord(index + 4, "zin") { return index + 5..<end }
        return nil
    }

    /// Someone other than the worker sets the times: "afhankelijk van de planning die wij maken", "the planner sets your start
    /// time", "volgens het rooster", "wij maken het rooster", "in de zin dat je soms naar een ouderavond gaat" (an evening
    /// the work asks).
    func setByOthers(_ range: Range<Int>) -> Bool {
        range.contains { position in
            let word = text.word(position).lowercased()
            return word.hasPrefix("planner") || word == "planning" || word == "sets" || word == "afhankelijk" || word == "volgens"
                || word == "ouderavond" || word == "soms" || word == "sometimes"
        } && !choosesOwnTimes(range)
            // "wij maken het rooster", "we set the schedule": the employer makes the roster.
            || has(.rooster, in: range) && has([.wij, .we], in: range) && !choosesOwnTimes(range)
            // "de ploegleider bepaalt welke", "je teamleider bepaalt die", "your manager decides": someone decides, and not the
            // worker ("je bepaalt", "bepaal je": the pronoun beside the verb is its subject; "je teamleider" is whose leader).
            || range.contains { position in
                (term(position) == .bepaal || ["bepalen", "decides", "decide", "determines"].contains { text.isWord(position, $0) })
                    && before(position, in: range, within: 1, [.je, .jij, .you]) == nil && after(position, in: range, within: 1, [.je, .jij, .you]) == nil
            } && !choosesOwnTimes(range)
    }

    /// The worker chooses the times: "je kiest zelf je begintijd", "wanneer het jou uitkomt", "naar wens".
    func choosesOwnTimes(_ range: Range<Int>) -> Bool {
        has([.zelf, .kies, .kiezen, .uitkomt], in: range) || range.contains { text.isWord($0, "wens") || text.isWord($0, "choose") }
    }

    /// A time of day: "7:00", "9.30".
    func isClock(_ index: Int) -> Bool { text.tokens[index].isTime || !text.tokens[index].clock.isNaN }

    /// The worker's days are weekend days or evenings only: not beside a weekday ("ma t/m vr ... en soms op zaterdag"),
    /// not in addition ("ook op zaterdag"), not in a full week, not opening hours; said of the worker ("beschikbaar op",
    /// "je werkt", "alleen") or as a bare time ("Zaterdagochtend, wijk Kloosterveen").
    func weekendOnly(_ index: Int, in sentence: SignalText.Sentence) -> Bool {
        let range = sentence.tokens
        let clause = clause(of: index, in: sentence)
        if before(index, in: clause, within: 3, [.ook, .soms]) != nil || fullWeek || has([.spreekuur, .open], in: range) { return false }
        // "je bent bereid in het weekend te werken", "we verwachten dat je op zaterdag werkt": a demand on the worker.
        if has([.bereid, .flexibel, .moet, .must, .vragen, .required], in: range) { return false }
        for position in range where term(position) == .weekday {
            // (but "vrijdag- en zaterdagavond": two evenings)
            let elided = position + 2 < range.upperBound && [.en, .of].contains(term(position + 1)) && text.tokens[position + 1].gap == .hyphen
                && term(position + 2) == .dagavond
            if !elided, (weekday(position, listed: false) ?? 1) <= 5 { return false }
        }
        // ("Saturdays only", "a barista for weekends": the job's days, in English)
        // ("..., op zaterdag en zondag": a clause of weekend days alone is the job's time, as a bare "Zaterdagochtend")
        let onlyDays = clause.allSatisfy { position in
            [.weekends, .dagavond, .en, .and, .of, .or].contains(term(position)) || ["op", "on"].contains { text.isWord(position, $0) }
                || (weekday(position, listed: true) ?? 0) >= 6
        }
        return clause.count <= 3 || onlyDays || has([.inzetbaar, .werken], in: clause)
            || (clause.lowerBound..<index).contains { text.isWord($0, "alleen") || text.isWord($0, "only") }
            || index + 1 < clause.upperBound && text.isWord(index + 1, "only")
            || index > clause.lowerBound && text.isWord(index - 1, "for")
    }

    /// The ad gives a full week: it says full-time, or hours of 35 or more a week ("40 uur per week", "contract 38 uur").
    func statesFullWeek() -> Bool {
        if statesFullTime { return true }
        for sentence in text.sentences {
            var index = sentence.tokens.lowerBound
            while index < sentence.tokens.upperBound {
                guard let (numbers, next) = numberRun(from: index, in: sentence.tokens) else { index += 1; continue }
                if let low = numbers.min(), low >= 35, low <= 60, next < sentence.tokens.upperBound, [.uur, .uren, .hours].contains(term(next)),
                   !(next..<min(sentence.tokens.upperBound, next + 3)).contains(where: { Self.notAWeek.contains(term($0)) || term($0) == .dag }) {
                    return true
                }
                index = next
            }
        }
        return false
    }

    /// The ad calls the job full-time somewhere ("fulltime, 40 uur"), not as one choice of two ("fulltime of parttime").
    var statesFullTime: Bool {
        text.tokens.indices.contains { index in
            let word = term(index)
            guard word == .fulltime || word == .full && index + 1 < text.tokens.count && term(index + 1) == .time else { return false }
            let near = max(0, index - 4)..<min(text.tokens.count, index + 5)
            return !has([.parttime, .deeltijd, .part, .niet, .not, .geen, .no, .of, .or], in: near)
        }
    }

    /// A sentence about a training (a route, or "haal/volg" with a diploma or course).
    func isLearningSentence(_ range: Range<Int>) -> Bool {
        has(Self.learningWords, in: range)
            || has(.volg, in: range) && has([.opleiding, .diploma, .certificaat, .cursus, .mbo, .hbo, .bachelor, .bevoegdheid], in: range)
    }

    /// Weekly hours below 35, fte below 1, up to 8 dagdelen, up to 3 days or 4 mornings a week, a few hours a day,
    /// shifts of a few hours.
    func partTimeHours(_ sentence: SignalText.Sentence) -> Found? {
        let range = sentence.tokens
        // What the sentence says around its numbers, read only for a sentence that has some.
        lazy var fullTime = range.contains { index in
            let word = term(index)
            guard word == .fulltime || (word == .full && after(index, in: range, within: 1, [.time]) != nil) else { return false }
            return after(index, in: clause(of: index, in: sentence), within: 4, [.niet, .not]) == nil
        }
        lazy var schoolDays = has(Self.schoolWords, in: range)
        lazy var appointment = has([.spreekuur, .open], in: range)
        // A time span counts as a working day only beside days, shifts or working hours ("ma t/m vr 17:30-20:00").
        lazy var workingDays = has(Self.workingDayWords, in: range)
        var index = range.lowerBound
        while index < range.upperBound {
            guard case (var numbers, let next)? = numberRun(from: index, in: range) else {
                // "een paar uur per week", "a few hours a week", "een baan van een paar uur": a few hours, fewer than a working
                // week's (not "een paar uur per dag", nor "binnen een paar uur": a day's or a time).
                // (the terms first: this runs at every word that is no number)
                if index + 1 < range.upperBound, [.uur, .uren, .hours].contains(term(index + 1)), index > range.lowerBound,
                   [.een, .a].contains(term(index - 1)), text.isWord(index, "paar") || text.isWord(index, "few"), !fullTime, !appointment,
                   (index + 2..<min(range.upperBound, index + 5)).contains(where: { term($0) == .week })
                    || index >= range.lowerBound + 3 && term(index - 2) == .van && isJobNoun(index - 3) {
                    return found(clause(of: index, in: sentence), "a few hours a week")
                }
                // A clock range: "ma t/m vr 17:30-20:00", "van 17:30 tot 20:00 uur"; not "tussen 7:00 en 9:30" (a window).
                let token = text.tokens[index]
                if token.isTime, index + 1 < range.upperBound {
                    let end = text.tokens[index + 1].isTime && text.tokens[index + 1].gap == .hyphen ? index + 1
                        : index + 2 < range.upperBound && [.tot, .to].contains(term(index + 1)) && text.tokens[index + 2].isTime ? index + 2 : nil
                    if let end, let hit = dailySpan(text.tokens[end].number - token.number, at: index, in: sentence,
                                                    appointment: appointment, workingDays: workingDays) {
                        return hit
                    }
                }
                index += 1
                continue
            }
            defer { index = next }
            // "mbo 4, 36 uur": a level's number is no hours (the run goes on to the hours after it).
            // (not "(hbo, 32-36 uur)": the level and the hours are two items)
            if index > range.lowerBound, Self.levelWords.contains(term(index - 1)), [.space, .hyphen].contains(text.tokens[index].gap) {
                numbers.removeFirst()
                if numbers.isEmpty { continue }
            }
            let low = numbers.min() ?? 0
            // "4 x 9 uur", "4 × 10 uur": a week of days times hours; 36 or more is a compressed full week, "4 x 8 uur" is 32.
            let previous = index - 1
            var days: Float?
            if previous >= range.lowerBound, text.tokens[previous].isNumber,
               text.between(previous, index).contains("×") || text.between(previous, index).contains("*") {
                days = text.tokens[previous].number
            } else if previous > range.lowerBound, text.word(previous).lowercased() == "x", text.tokens[previous - 1].isNumber {
                days = text.tokens[previous - 1].number
            } else if let times = timesAWeek(before: index, in: range) {
                days = times
            }
            if let days {
                let week = days * low
                if days >= 1, days <= 7, week >= 4, week < 35, next < range.upperBound, [.uur, .hours, .uren].contains(term(next)), !fullTime {
                    return found(clause(of: index, in: sentence), "\(Self.hours(days)) x \(Self.hours(low)) hours, \(Self.hours(week)) a week")
                }
                continue
            }
            // "7.30-16.30 uur", "17.30-20.00", "van 18.00 tot 20.30 uur", "van 18 tot 21 uur": times of day; a short span
            // is part-time by arithmetic.
            let joined = next - index == 2 && text.tokens[index + 1].gap == .hyphen || next - index == 3 && [.tot, .to].contains(term(index + 1))
            // (not "een contract van 16-24 uur": a contract's hours are a week's)
            let ofContract = index >= range.lowerBound + 2 && [.contract, .baan, .functie].contains(term(index - 2))
            if numbers.count == 2, joined, !ofContract {
                let last = next - 1
                let clocks = !text.tokens[index].clock.isNaN && !text.tokens[last].clock.isNaN
                let wholeHours = !clocks && index > range.lowerBound && [.van, .tussen, .between, .from].contains(term(index - 1))
                    && next < range.upperBound && term(next) == .uur && numbers.allSatisfy { $0 <= 24 && $0 == $0.rounded() }
                    && !(next..<min(range.upperBound, next + 3)).contains { term($0) == .week }
                if clocks || wholeHours {
                    let length = clocks ? text.tokens[last].clock - text.tokens[index].clock : numbers[1] - numbers[0]
                    if let hit = dailySpan(length, at: index, in: sentence, appointment: appointment, workingDays: workingDays) { return hit }
                    continue
                }
            }
            let clause = clause(of: index, in: sentence)
            let unit = next < range.upperBound ? term(next) : .unknown
            let unitBefore = index > range.lowerBound ? term(index - 1) : .unknown
            // "6 uur per dag", "3 uur per avond", "4 hours a shift"
            let perDay = next + 2 < range.upperBound && [.per, .a].contains(term(next + 1))
                && [.dag, .day, .avonden, .ochtenden, .middagen, .diensten, .shifts].contains(term(next + 2))
                || next + 1 < range.upperBound && (term(next + 1) == .dag || text.endsWith(next + 1, "dag")) // "een 9-urige werkdag"
            let perWeek = (next..<min(range.upperBound, next + 4)).contains { term($0) == .week } // "3 avonden in de week"
            switch unit {
            case .uur, .hours, .hour, .uren:
                // "vanaf 7 uur 's ochtends" is a time of day; "30 uur scholing per jaar" not a week's hours.
                if next + 1 < range.upperBound, term(next + 1) == .clock { continue }
                // "ca. 8 uur per maand": a month's working hours, part-time below 35 a week (152 a month).
                if next + 2 < range.upperBound, [.per, .a].contains(term(next + 1)), [.maand, .month].contains(term(next + 2)) {
                    if low >= 1, low < 152, !appointment { return found(clause, "\(Self.hours(low)) hours a month, below 35 a week") }
                    continue
                }
                if (next..<min(range.upperBound, next + 3)).contains(where: { Self.notAWeek.contains(term($0)) }) { continue }
                if perDay {
                    if low * 5 < 35 { return found(clause, "\(Self.hours(low)) hours a day") }
                    continue
                }
                // "4 dagen van 6 uur": days of so many hours, a week of 24 ("vier dagen van tien uur" is 40, full); so are shifts
                // counted ("drie diensten van acht uur per week": 24; "vijf diensten van acht uur" 40).
                // ("four days of 9 hours": English "of" after its days, not the Dutch "or")
                if index >= range.lowerBound + 3, [.van, .a].contains(term(index - 1))
                    || term(index - 1) == .of && [.days, .shifts].contains(term(index - 2)), // "vier dagen van (à) negen uur"
                   [.dagen, .days, .ochtenden, .middagen, .avonden, .diensten, .shifts].contains(term(index - 2)) {
                    let count = text.tokens[index - 3]
                    if let days = count.isNumber ? count.number : term(index - 3).numberValue, days >= 1, days <= 7 {
                        let week = days * low
                        if week >= 4, week < 35, !fullTime { return found(clause, "\(Self.hours(days)) days of \(Self.hours(low)) hours, \(Self.hours(week)) a week") }
                        continue
                    }
                }
                // "van 10 tot 12 uur", "tussen 8 en 17 uur": clock times, unless "per week" follows, the hours are more
                // than a day has, or a contract or working week has them ("een contract van 28 uur", "werkweek van 32 uur").
                let weekly = perWeek || low > 24
                    || index >= range.lowerBound + 2 && term(index - 1) == .van && isJobNoun(index - 2)
                if !weekly, index > range.lowerBound, Self.clockLead.contains(term(index - 1)) {
                    // "ochtenddiensten van 4 uur": a shift's length.
                    if term(index - 1) == .van, index >= range.lowerBound + 2, [.diensten, .shifts].contains(term(index - 2)), low <= 6 {
                        return found(clause, "shifts of \(Self.hours(low)) hours")
                    }
                    continue
                }
                // (below 4 only when "per week" says it is a week's: "3 tot 12 uur per week")
                // (an appointment in another clause does not take the week's hours: "Je bent bereikbaar voor oproepen; gemiddeld werk
                // je zo'n 15 uur per week")
                let appointed = appointment && (!perWeek || has([.spreekuur, .open], in: clause))
                if low >= 4 || perWeek && low >= 1, low < 35, !fullTime, !appointed { return found(clause, "\(Self.hours(low)) hours a week, below 35") }
            case .fte, .wtf:
                if low > 0, low < 1 { return found(clause, "\(Self.hours(low)) fte") }
            case .dagdelen:
                if low >= 1, low <= 8 { return found(clause, "\(Self.hours(low)) dagdelen") }
            case .ochtenden, .middagen, .avonden:
                // Mornings, afternoons and evenings are dagdelen: up to six a week is part-time; not the hours a shop is
                // open ("de winkel is zes avonden per week open").
                // "3 ochtenden per week", "je werkt drie ochtenden", a bare "Uren: 3 ochtenden".
                let working = perWeek || before(index, in: clause, within: 3, [.werken]) != nil || clause.count <= 4
                // (school said in another clause is the learning route beside the work: "op zaterdag en twee middagen door de
                // week, naast je BBL-opleiding")
                if low >= 1, low <= 6, working, !has(Self.schoolWords, in: clause), !has([.open, .spreekuur], in: clause), !statesFullTime { return found(clause, "\(Self.hours(low)) \(text.word(next)) a week") }
            case .dagen, .days, .dag:
                // "3 of 4 dagen per week", "je werkt 3 dagen"; not "een training van drie dagen", not the days spent going
                // somewhere ("twee dagen per week naar het opleidingscentrum"), not a full-time week split in parts.
                let working = perWeek || before(index, in: clause, within: 3, [.werken]) != nil
                if low >= 1, low <= 3, working, !schoolDays, !fullTime, !has([.hybride, .thuis], in: range),
                   after(next, in: clause, within: 4, [.naar]) == nil, !statesFullTime { return found(clause, "\(Self.hours(low)) days a week") }
            default:
                // "Hours: 20", "Uren: 20 tot 25 per week", "WTF 0,8", "Contracturen: 28"
                if [.fte, .wtf].contains(unitBefore), low > 0, low < 1 { return found(clause, "\(Self.hours(low)) fte") }
                // ("Uren p.w.: 12-20": the unit before, "p.w." between)
                let unitBeforeWeek = (max(range.lowerBound, index - 4)..<index).reversed().first { position in
                    !(text.isWord(position, "p") || text.isWord(position, "w") || [.per, .week].contains(term(position)))
                }.map { [.uren, .hours].contains(term($0)) } ?? false
                // (not "vijf (vroege) diensten per week van 6.00 tot 14.30 uur": a count of shifts or days, whose span is read
                // on its own)
                let countsParts = after(index, in: clause, within: 2, [.diensten, .shifts, .dagen, .days, .ochtenden, .middagen, .avonden, .dagdelen]) != nil
                if [.uren, .hours].contains(unitBefore) || unitBeforeWeek || perWeek && !countsParts && has([.uren, .uur, .hours], in: clause) {
                    if low >= 4, low < 35, !fullTime { return found(clause, "\(Self.hours(low)) hours a week, below 35") }
                }
            }
        }
        return nil
    }

    /// A job or contract named ("contract", "baan", "functie", "garantiebaan", "leerbaan", "nulurencontract"): "van N uur" after
    /// it is the week's hours, not a time of day.
    func isJobNoun(_ index: Int) -> Bool {
        [.contract, .baan, .functie].contains(term(index)) || text.endsWith(index, "baan") || text.endsWith(index, "contract")
    }

    /// "2x p/w 3 uur", "3 keer per week 4 uur": how many times a week, said before the hours of each time.
    func timesAWeek(before index: Int, in range: Range<Int>) -> Float? {
        var position = index - 1
        var week = false
        while position >= range.lowerBound, index - position <= 3,
              term(position) == .per || term(position) == .week || text.isWord(position, "p") || text.isWord(position, "w") {
            week = week || term(position) == .week || text.isWord(position, "w")
            position -= 1
        }
        guard week, position >= range.lowerBound else { return nil }
        // "2x": a count and its "x" in one word.
        let length = Int(text.tokens[position].end - text.tokens[position].start)
        if length >= 2, length <= 3, text.foldedByte(position, length - 1) == UInt8(ascii: "x"),
           (0..<length - 1).allSatisfy({ (0x30...0x39).contains(text.foldedByte(position, $0)) }) {
            return Float(String(text.word(position).dropLast()))
        }
        if position > range.lowerBound, ["x", "keer", "maal", "times"].contains(where: { text.isWord(position, $0) }), text.tokens[position - 1].isNumber {
            return text.tokens[position - 1].number
        }
        return nil
    }

    /// A working day's span of `length` hours, starting at `start`: part-time when the days counted before it make a
    /// week below 35 ("ma, di en do van 8:15 tot 14:45": 19.5 hours; "vijf middagen van 11 tot 15 uur": 20), or, with no
    /// days counted, when the span is short beside working days ("ma t/m vr 17:30-20:00"). A span beside days counted is
    /// the worker's even where the sentence names a lunch or opening hours elsewhere; otherwise not ("informatiemiddag").
    func dailySpan(_ span: Float, at start: Int, in sentence: SignalText.Sentence, appointment: Bool, workingDays: Bool) -> Found? {
        // "22.00-07.00": a night's span runs past midnight.
        let length = span < 0 ? span + 24 : span
        guard length > 0, length <= 14 else { return nil }
        let clause = clause(of: start, in: sentence)
        // The days counted before the span ("ma, di en do 12.00-13.15"), or after it ("van 7.00 tot 15.30 uur, vier dagen per week").
        if let (days, first) = daysBefore(start, in: sentence.tokens) ?? daysAfter(start, in: sentence.tokens) {
            let week = days * length
            // (the days' clause too: "de winkel is open van maandag tot en met vrijdag, van 9:00 tot 12:00"); a short span on
            // a few days is a short week ("ma/di/do 12.00-13.15", the overblijf at lunch: 3.75 hours).
            // (an hour or two a week beside a spreekuur anywhere in the sentence is the appointment's: "Kom langs op ons
            // inloopspreekuur, elke dinsdag van 10 tot 12 uur")
            guard week >= (appointment ? 4 : 2), week < 35, !has([.spreekuur, .open], in: clause),
                  !has([.spreekuur, .open], in: self.clause(of: first, in: sentence)) else { return nil }
            return found(clause, "\(Self.hours(days)) days of \(Self.hours(length)) hours, \(Self.hours(week)) a week")
        }
        // With no days counted: a span that stays below 35 even on six days a week ("avondploeg 17.00-22.00").
        guard length <= 5.5, !appointment, workingDays else { return nil }
        return found(clause, "\(Self.hours(length)) hours a day")
    }

    /// The days a week counted after a span: "van 7.00 tot 15.30 uur, vier dagen per week" (a count of days, then "week").
    func daysAfter(_ start: Int, in range: Range<Int>) -> (days: Float, first: Int)? {
        var index = start + 1
        while index + 1 < range.upperBound {
            if [.dagen, .days, .ochtenden, .middagen, .avonden].contains(term(index + 1)),
               after(index + 1, in: range, within: 3, [.week]) != nil {
                let count = text.tokens[index]
                if count.isNumber, count.number >= 1, count.number <= 7 { return (count.number, index) }
                if let value = term(index).numberValue, value >= 1, value <= 7 { return (value, index) }
            }
            index += 1
        }
        return nil
    }

    /// The days a week counted right before a span: "ma, di en do", "ma t/m vr", "maandag tot en met vrijdag", "Monday to
    /// Friday", "vijf middagen", "3 ochtenden".
    func daysBefore(_ start: Int, in range: Range<Int>) -> (days: Float, first: Int)? {
        var index = start - 1
        if index >= range.lowerBound, [.van, .from, .tussen, .between].contains(term(index)) { index -= 1 }
        // "vijf nachten per week van 22.00 tot 6.00 uur": the days counted, then "per week", then the span.
        var perWeek = false
        if index > range.lowerBound, term(index) == .week, [.per, .a].contains(term(index - 1)) { index -= 2; perWeek = true }
        guard index >= range.lowerBound else { return nil }
        // Shifts count as days only "per week" ("drie late diensten per week van 16.00 tot 22.30"); "2-ploegendienst (06:00-14:30 /
        // 14:30-23:00)" and "two shifts (06:00-14:30 and ...)" name the kinds of shift, not how many a week.
        let parts: TermSet = perWeek ? [.ochtenden, .middagen, .avonden, .dagen, .days, .dagdelen, .diensten, .shifts]
            : [.ochtenden, .middagen, .avonden, .dagen, .days, .dagdelen]
        if parts.contains(term(index)), index > range.lowerBound {
            // (one word between the count and its days: "drie late diensten", "two night shifts")
            for position in [index - 1, index - 2] where position >= range.lowerBound {
                let count = text.tokens[position]
                if count.isNumber, count.number >= 1, count.number <= 7 { return (count.number, position) }
                if let value = term(position).numberValue { return (value, position) }
            }
            return nil
        }
        var days: [Int] = [] // backwards
        var isRange = false
        while index >= range.lowerBound {
            if let day = weekday(index, listed: !days.isEmpty || before(index, in: range, within: 3, [.weekday]) != nil) {
                if !days.isEmpty, text.tokens[index + 1].gap == .hyphen { isRange = true } // "ma-vr"
                days.append(day)
                index -= 1
                continue
            }
            guard !days.isEmpty else { return nil }
            if [.en, .and].contains(term(index)) { index -= 1; continue }
            if term(index) == .to { isRange = true; index -= 1; continue }
            // "t/m", "tot en met"
            if text.isWord(index, "m"), index > range.lowerBound, text.isWord(index - 1, "t") { isRange = true; index -= 2; continue }
            if term(index) == .met, index >= range.lowerBound + 2, term(index - 1) == .en, term(index - 2) == .tot { isRange = true; index -= 3; continue }
            break
        }
        guard !days.isEmpty else { return nil }
        if isRange, days.count == 2 { return (Float((days[0] - days[1] + 7) % 7 + 1), index + 1) }
        return (Float(Set(days).count), index + 1)
    }

    /// The day of the week a token names (1 Monday ... 7 Sunday): "ma", "maandag", "Monday"; the short "wo", "do" and "zo"
    /// only in a list of days (`listed`), where they are not the university, the English verb and "so".
    func weekday(_ index: Int, listed: Bool) -> Int? {
        let word = term(index)
        let short = text.isWord(index, "wo") || text.isWord(index, "do") || text.isWord(index, "zo")
        guard word == .weekday || word == .zaterdag || word == .weekend || short && listed else { return nil }
        let first = text.foldedByte(index, 0), second = text.foldedByte(index, 1), third = text.foldedByte(index, 2)
        let length = text.tokens[index].end - text.tokens[index].start
        switch (first, second) {
        case (0x6D, 0x61), (0x6D, 0x6F): return 1 // ma, mo
        case (0x64, 0x69), (0x74, 0x75): return 2 // di, tu
        case (0x77, 0x6F) where length == 2 || third == 0x65, (0x77, 0x65) where third == 0x64: return 3 // wo, woensdag, wednesday
        case (0x64, 0x6F) where length == 2 || third == 0x6E, (0x74, 0x68): return 4 // do, donderdag, thursday
        case (0x76, 0x72), (0x66, 0x72): return 5 // vr, fr
        case (0x7A, 0x61), (0x73, 0x61): return 6 // za, sa
        case (0x7A, 0x6F), (0x73, 0x75): return 7 // zo, su
        default: return nil
        }
    }

    /// The people a care or support job serves: "begeleider in een woonvorm voor mensen met een beperking" is not for them.
    static let clientWords: TermSet = [.client, .clients, .care]
    static let schoolWords: TermSet = [.school, .les, .opleiding]
    static let workingDayWords: TermSet = [.weekday, .werktijden, .diensten, .shifts, .rooster, .ochtenden, .avonden, .middagen, .werken,
                                           .zaterdag, .weekend]
    static let rangeWords: TermSet = [.tot, .to, .of, .or, .en, .and, .a]
    static let partsOfDays: TermSet = [.ochtenden, .middagen, .avonden, .dagdelen]
    static let degrees: TermSet = [.perfect, .vloeiend, .fluent, .foutloos]
    static let clockLead: TermSet = [.van, .tussen, .between, .om, .binnen]
    static let notAWeek: TermSet = [.jaar, .maand, .year, .month, .monthly]
    static let levelWords: TermSet = [.mbo, .hbo, .niveau]

    /// Numbers in a row ("24-32", "24 tot 32", "16, 24 of 32", "twee à drie") from `start`, and the index after them.
    func numberRun(from start: Int, in range: Range<Int>) -> ([Float], Int)? {
        @inline(__always)
        func value(_ index: Int) -> Float? {
            let token = text.tokens[index]
            if token.isNumber { return token.number }
            // "één ochtend per week", "een dag per week": one of a part of the week.
            if token.term == .een, index + 1 < range.upperBound,
               Self.partsOfDays.contains(term(index + 1)) { return 1 } // (not "een dag per week thuis")
            return token.term.numberValue
        }
        guard let first = value(start) else { return nil }
        var numbers = [first]
        var index = start + 1
        while index < range.upperBound {
            if let number = value(index), [.hyphen, .comma, .slash].contains(text.tokens[index].gap) {
                // "(13.30-22.00), 40 uur per week": a clock time and a count of hours after a comma are two items (the shift's
                // times, then the week's hours), not one list of hours like "16, 24 of 32".
                if text.tokens[index].gap == .comma, text.tokens[index - 1].clock.isNaN != text.tokens[index].clock.isNaN { break }
                numbers.append(number)
                index += 1
            } else if Self.rangeWords.contains(term(index)), index + 1 < range.upperBound, let number = value(index + 1) {
                numbers.append(number)
                index += 2
            } else {
                break
            }
        }
        return (numbers, index)
    }

    static func hours(_ value: Float) -> String {
        value == value.rounded() ? String(Int(value)) : String(Float(Int(value * 10)) / 10)
    }

    /// "parttime is niet mogelijk", "deeltijd is niet bespreekbaar", "part-time is unfortunately not possible", "geen parttime",
    /// "parttimers kunnen we helaas niet inroosteren".
    func partTimeRuledOut() -> Found? {
        let partTime: TermSet = [.parttime, .deeltijd, .part]
        guard text.present.meets(partTime) else { return nil }
        for sentence in text.sentences {
            for clause in text.clauses(sentence) {
                for index in clause where partTime.contains(term(index)) {
                    guard term(index) != .part || after(index, in: clause, within: 1, [.time]) != nil else { continue }
                    if before(index, in: clause, within: 2, [.geen, .no, .niet, .not]) != nil { return found(clause) }
                    // "Deeltijd? Helaas niet: de rol vraagt vijf volle dagen", "Parttime? Nee.": the question answered no (not
                    // "Parttime? Geen probleem!", "Parttime? Dat kan").
                    if let answer = sentence.answer, index < answer, refuses(answerFrom: answer, in: sentence) { return found(clause) }
                    // "parttime kunnen we helaas niet aanbieden", "deeltijd is (nog) niet mogelijk", "parttimers kunnen we
                    // niet inroosteren"; not "parttime is geen probleem", "deeltijd is niet uitgesloten", "maakt niet uit".
                    if has([.helaas, .unfortunately], in: clause) { return found(clause) }
                    if let negation = after(index, in: clause, within: 6, [.niet, .not, .geen]),
                       after(negation, in: clause, within: 2, [.probleem, .problem, .erg, .bezwaar, .uit, .punt]) == nil { return found(clause) }
                }
            }
        }
        return nil
    }

    /// The answer to a question says no: "Nee", "Helaas niet", "Dat kan helaas niet", "No, ..."; not "Geen probleem".
    /// An answer that opens with a "no" and holds no welcome: "Not for this one: ...", "Nee, bij deze functie niet".
    func refusesQuestion(answerFrom answer: Int, in sentence: SignalText.Sentence) -> Bool {
        guard [.nee, .no, .not, .niet].contains(term(answer)) else { return false }
        let reply = clause(of: answer, in: sentence)
        return !(answer + 1..<reply.upperBound).contains { Self.goodAnswers.contains(term($0)) || Self.welcoming.contains(term($0)) }
    }

    func refuses(answerFrom answer: Int, in sentence: SignalText.Sentence) -> Bool {
        let reply = clause(of: answer, in: sentence)
        if [.nee, .no].contains(term(answer)) { return true }
        if has([.helaas, .unfortunately], in: reply) { return true }
        guard let negation = first([.niet, .not, .geen], in: reply) else { return false }
        return after(negation, in: reply, within: 2, [.probleem, .problem, .erg, .bezwaar, .uit, .punt]) == nil
    }

    // MARK: Dutch not required

    /// Dutch is waived ("Dutch is not required", "ook als je nog geen Nederlands spreekt", "Dutch is a plus"), the
    /// working language is another ("werktaal Engels", instructions in Polish, team leaders who speak English),
    /// Dutch is one option of several ("Nederlands of Engels"), or the ad is written in English; and Dutch is not
    /// required anywhere, nor is the job about the Dutch language.
    func dutchNotRequired() -> Found? {
        // Written in English: most of its function words English, and either many of them or a job ad's words
        // ("wanted", "shifts", "salary", "team"); "No diploma or degree required." alone is a fragment, not an ad.
        let english = text.englishWords >= 3 && text.englishWords > 2 * text.dutchWords
            && (text.englishWords >= 8 || text.present.meets(Self.adWords))
        let foreign = text.foreignWords >= 3 && text.foreignWords > text.dutchWords && text.foreignWords > text.englishWords
        guard text.present.meets(Self.languageWords) || english || foreign, !requiresDutch() else { return nil }
        if has(Self.languageJobs, in: text.tokens.indices) { return nil }
        if let waiver = waived(Self.dutch, weak: [.taal]) { return waiver }
        for sentence in text.sentences {
            // "je spreekt Nederlands, Engels of Pools", "Nederlands en/of Engels": one language of several will do.
            for index in sentence.tokens where Self.dutch.contains(term(index)) && isLanguageAlternative(index, in: sentence.tokens) {
                return found(sentence.tokens, "Dutch or another language")
            }
            // "Spreek je Engels of Pools? Dan ben je welkom.": another language asked about, the answer a welcome.
            if let answer = sentence.answer, !rejects(sentence.tokens) {
                let question = sentence.tokens.lowerBound..<answer
                let reply = answer..<sentence.tokens.upperBound
                // "Praat je liever Pools of Engels? Onze ploegleider spreekt allebei.": the answer is one who speaks it.
                if has(Self.otherLanguages, in: question), has(Self.speaking, in: question), !has(Self.dutch, in: question),
                   reassures(reply) || has(Self.floorLeaders, in: reply) && has(Self.speaking, in: reply)
                    && !has(Self.negators.union(Self.dutch), in: reply) {
                    return found(sentence.tokens, "another language will do")
                }
            }
            // "Anderstaligen zijn van harte welkom", "ook voor anderstaligen"
            if let other = first([.anderstalig], in: sentence.tokens), !rejects(sentence.tokens),
               has([.welkom, .welcome, .uitgenodigd, .solliciteren, .geschikt, .suitable, .open, .ook], in: sentence.tokens) {
                return found(clause(of: other, in: sentence))
            }
            for clause in text.clauses(sentence) {
                guard let other = first(Self.otherLanguages, in: clause) else { continue }
                // "... and more than half of the team does not speak Dutch" still works in English.
                if let language = first(Self.dutch, in: clause), before(language, in: clause, within: 4, Self.negators) == nil,
                   after(language, in: clause, within: 1, [.of, .or]) == nil { continue }
                // "Taal op de vloer: Engels": a label naming the language, as "werktaal" does.
                let labelled = (clause.lowerBound..<other).contains { position in
                    term(position) == .taal && (position + 1...other).contains { text.tokens[$0].gap == .colon }
                }
                let workingLanguage = labelled || has([.werktaal, .voertaal, .language], in: clause)
                    || has([.instructies, .instructions], in: clause)
                    || has(Self.floorLeaders, in: clause) && (has(Self.speaking, in: clause) || has(.engelstalig, in: clause))
                    || has(Self.speaking, in: clause) && has([.welkom, .welcome, .supervisors, .leaders, .team], in: clause)
                if workingLanguage { return found(clause, "work in \(text.word(other))") }
                // "Engels is voldoende", "English is enough"
                if let enough = first([.genoeg], in: clause), enough > other, !has(Self.dutch, in: clause),
                   before(enough, in: clause, within: 2, Self.negators) == nil {
                    return found(clause, "\(text.word(other)) is enough")
                }
                // "instructions in English", "works fully in English", "training on the job in English"
                if other > clause.lowerBound, text.word(other - 1).lowercased() == "in" || (other >= clause.lowerBound + 2 && text.word(other - 2).lowercased() == "in") {
                    // (the school part of a BBL taught in English too: "de lessen zijn in het Engels")
                    if has([.werken, .team, .instructions, .instructies, .communicatie, .communication, .les, .lessen, .lessons], in: clause) {
                        return found(clause, "work in \(text.word(other))")
                    }
                }
            }
        }
        if english {
            return Found(bytes: bytes(text.sentences[0].tokens), why: "the ad is written in English and does not ask for Dutch")
        }
        if foreign {
            return Found(bytes: bytes(text.sentences[0].tokens), why: "the ad is written in another language and does not ask for Dutch")
        }
        return nil
    }

    /// A job ad's own words, in English ads: "wanted", "hiring", "position", "shifts", "hours", "salary", "team", "work".
    static let adWords: TermSet = [.zoeken, .looking, .functie, .shifts, .hours, .team, .job, .solliciteren, .loondienst, .contract, .werken,
                                   .offer, .role, .stage]

    /// The Dutch at `index` is one of a list of languages joined by "of"/"or"/"en/of": "Nederlands, Engels of Pools",
    /// "Engels of Nederlands", "Nederlands en/of Engels"; not "Nederlands en Engels".
    func isLanguageAlternative(_ index: Int, in range: Range<Int>) -> Bool {
        let languages = Self.dutch.union(Self.otherLanguages)
        func isOr(_ position: Int) -> Bool {
            [.of, .or].contains(term(position))
                || term(position) == .en && position + 1 < range.upperBound && term(position + 1) == .of && text.tokens[position + 1].gap == .slash
        }
        var position = index + 1
        while position < range.upperBound {
            if languages.contains(term(position)), [.comma, .slash].contains(text.tokens[position].gap) { position += 1; continue }
            if isOr(position) {
                var after = term(position) == .en ? position + 2 : position + 1
                // "het Nederlands of het Engels": the article before the second language.
                if after + 1 < range.upperBound, [.het, .the].contains(term(after)) { after += 1 }
                return after < range.upperBound && languages.contains(term(after))
            }
            break
        }
        position = index - 1
        if position > range.lowerBound, [.of, .or].contains(term(position)) {
            let language = position - (position - 1 > range.lowerBound && term(position - 1) == .en && text.tokens[position].gap == .slash ? 2 : 1)
            return language >= range.lowerBound && languages.contains(term(language))
        }
        return false
    }

    /// Dutch asked for anywhere: fluent, native, at a level, in word and writing, as the working language, required.
    func requiresDutch() -> Bool {
        for sentence in text.sentences {
            // "Nederlands is niet je moedertaal? Geen probleem, zolang je het vloeiend spreekt": the welcome holds on a condition
            // of fluent Dutch, so Dutch is asked for.
            if has(Self.dutch, in: sentence.tokens), let condition = first([.zolang], in: sentence.tokens),
               after(condition, in: sentence.tokens, within: 8, Self.fluency.union(Self.speaking)) != nil,
               !has(Self.otherLanguages, in: condition..<sentence.tokens.upperBound) { return true }
            // "You write reports in Dutch and present in English, so both languages are required", "beide talen zijn een vereiste":
            // a requirement said of the languages together holds for the Dutch the sentence named among them.
            if text.present.meets([.taal, .language]), let dutch = first(Self.dutch, in: sentence.tokens), !isQuestionPart(dutch, sentence),
               !isLanguageAlternative(dutch, in: sentence.tokens), after(dutch, in: sentence.tokens, within: 1, [.of, .or]) == nil,
               text.clauses(sentence).contains(where: { clause in
                   clause.contains { position in
                       ["both", "beide", "allebei"].contains { text.isWord(position, $0) }
                           && after(position, in: clause, within: 2, [.taal, .language]) != nil
                   } && (plainNeed(in: clause) != nil || has(Self.fluency, in: clause))
               }) { return true }
            for clause in text.clauses(sentence) {
                for index in clause where Self.dutch.contains(term(index)) {
                    if isQuestionPart(index, sentence) { continue }
                    if after(index, in: clause, within: 1, [.of, .or]) != nil { continue } // "Nederlands of Engels"
                    if isLanguageAlternative(index, in: sentence.tokens) { continue } // "Nederlands, Engels of Pools"
                    // Partial Dutch is Dutch asked for: "je Nederlands hoeft niet perfect te zijn", "your Dutch need not be fluent",
                    // "een beetje Nederlands is genoeg", "Nederlands op A2 is voldoende".
                    // (the negation on the degree, said of the Dutch: not "No Dutch needed and fluent English")
                    if let degree = after(index, in: clause, within: 6, Self.degrees), has(Self.negators, in: index + 1..<degree),
                       !has(Self.otherLanguages, in: index + 1..<min(clause.upperBound, degree + 3)) { return true }
                    if let degree = before(index, in: clause, within: 2, Self.degrees), before(degree, in: clause, within: 2, Self.negators) != nil { return true }
                    if let enough = after(index, in: clause, within: 5, [.genoeg]), before(enough, in: clause, within: 2, Self.negators) == nil,
                       !has(Self.otherLanguages, in: index + 1..<enough) { return true }
                    if before(index, in: clause, within: 4, Self.negators) != nil { continue }
                    if negatedNeedAfter(index, in: clause) != nil { continue }
                    // "Knowledge of Dutch is an advantage", "Nederlands spreken is een pré", "bij voorkeur Nederlands"; not
                    // "je spreekt Nederlands en bij voorkeur ook Engels" (the wish is for the other language).
                    if let waiver = after(index, in: clause, within: 8, Self.waivers.union([.fijn, .voorkeur])), isSaid(waiver, of: index, in: clause, Self.dutch),
                       before(waiver, in: clause, within: 2, Self.negators) == nil, plainNeed(in: clause) == nil { continue }
                    if let wish = before(index, in: clause, within: 3, [.voorkeur]), isSaid(wish, of: index, in: clause, Self.dutch),
                       plainNeed(in: clause) == nil { continue }
                    // Fluency said of the Dutch ("vloeiend Nederlands", "Dutch at C1 level", "good command of Dutch"); not
                    // "good benefits at a Dutch company".
                    let near = isAdjective(index, in: clause) ? max(clause.lowerBound, index - 2)..<index
                        : max(clause.lowerBound, index - 6)..<min(clause.upperBound, index + 7)
                    if has(Self.fluency, in: near) || plainNeed(in: clause) != nil { return true }
                    if before(index, in: clause, within: 3, [.master]) != nil { return true } // "you master the Dutch language"
                    // "je communiceert in het Nederlands", "all work is done in Dutch", "de lessen zijn in het Nederlands"
                    if index > clause.lowerBound, text.word(index - 1).lowercased() == "in" || index - 2 >= clause.lowerBound
                        && term(index - 1) == .het && text.word(index - 2).lowercased() == "in",
                       has(Self.speaking.union([.werken, .communication, .communicatie, .written, .les, .lessen, .lessons, .instructies,
                                                .instructions, .contract]), in: clause) {
                        return true
                    }
                    if let spoken = before(index, in: clause, within: 3, Self.speaking) ?? after(index, in: clause, within: 2, Self.speaking) {
                        // "English and Dutch are spoken in the team", "er wordt Nederlands en Pools gesproken": the languages the
                        // team speaks, not what the worker must ("op de vloer wordt Nederlands gesproken" alone is the voertaal).
                        if term(spoken) == .spoken, has([.is, .are, .wordt, .zijn], in: clause), has(Self.otherLanguages, in: clause) { continue }
                        // "In de boomgaard praten we Nederlands, Pools, Engels en Bulgaars door elkaar": what the team speaks.
                        if (max(clause.lowerBound, spoken - 1)..<min(clause.upperBound, spoken + 2)).contains(where: { [.we, .wij].contains(term($0)) }),
                           has(Self.otherLanguages, in: sentence.tokens) { continue }
                        return true // "je spreekt Nederlands", "Dutch speaking is essential"
                    }
                }
            }
        }
        return false
    }
}
