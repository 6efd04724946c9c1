/// Each signal's rule (docs/signals.md lists them with the labelled set's conventions they follow).
extension Rules {
    // MARK: participation

    /// The job is for people of a scheme (Banenafspraak, doelgroepregister, Participatiewet, Wajong, beschut werk,
    /// Wsw, an arbeidsbeperking or afstand tot de arbeidsmarkt, job carving, loonkostensubsidie, bijstand), not
    /// a staff job about it, not the organisation's mission, not excluded ("valt niet onder de banenafspraak").
    func participation() -> Found? {
        guard text.present.meets(Self.schemeWords), !isStaffJob(academic: true) else { return nil }
        for sentence in text.sentences where !isMission(sentence.tokens) && !isStaffSentence(sentence.tokens) {
            if rejects(sentence.tokens) { continue }
            for index in sentence.tokens where isScheme(index, in: sentence.tokens) {
                let clause = clause(of: index, in: sentence)
                if before(index, in: clause, within: 3, [.geen, .niet, .no, .not, .zonder, .without]) != nil { continue }
                // "vragen over WW, WIA en Wajong", "kennis van de Participatiewet": the scheme as a subject;
                // "de afdeling Bijstand", "team Participatiewet": a department.
                if before(index, in: clause, within: 4, Self.about) != nil || before(index, in: clause, within: 2, [.team]) != nil { continue }
                return found(clause)
            }
        }
        return nil
    }

    func isScheme(_ index: Int, in range: Range<Int>) -> Bool {
        switch term(index) {
        case .banenafspraak, .doelgroepregister, .participatiewet, .wajong, .garantiebaan, .wsw, .arbeidsbeperking, .jobcarving,
             .jobcreatie, .participatiebaan, .loonkostensubsidie, .riskpolis, .bijstand:
            return true
        // "in de bijstand", "uit de bijstand"; not "eerste hulp en bijstand verlenen".
        case .bijstandAlone: return index >= range.lowerBound + 2 && term(index - 1) == .de && ["in", "uit", "vanuit"].contains(text.word(index - 2).lowercased())
        case .beschut: return after(index, in: range, within: 1, [.werken, .werktraject]) != nil || index + 1 < range.upperBound && text.word(index + 1).lowercased().hasPrefix("werk")
        case .afstand: return after(index, in: range, within: 3, [.arbeidsmarkt]) != nil
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
        guard text.present.meets(Self.learningWords), !isStaffJob(academic: false) else { return nil }
        for sentence in text.sentences where !isMission(sentence.tokens) && !has(.regulier, in: sentence.tokens) {
            for index in sentence.tokens where isLearningRoute(index, in: sentence) {
                let clause = clause(of: index, in: sentence)
                if before(index, in: clause, within: 5, [.geen, .niet, .no, .not, .never]) != nil { continue }
                if after(index, in: clause, within: 12, [.niet, .not]) != nil { continue } // "BBL is bij deze functie helaas niet mogelijk"
                // "je begeleidt BBL-leerlingen", "BBL-studenten", "BBL-deelnemers": the learners are others.
                if after(index, in: sentence.tokens, within: 1, [.leerlingen, .studenten, .learners, .deelnemers, .stage]) != nil { continue }
                if has(.verantwoordelijk, in: sentence.tokens) { continue } // "je bent verantwoordelijk voor de BBL-trajecten"
                if before(index, in: sentence.tokens, within: index - sentence.tokens.lowerBound, [.afgerond]) != nil { continue }
                if let need = after(index, in: clause, within: 8, [.vereist, .vereiste, .verplicht, .required]),
                   before(need, in: clause, within: 2, Self.negators) == nil { continue }
                // "je hebt een BBL-diploma" asks for it; "je hebt de kans een BBL-opleiding te volgen" offers it.
                if before(index, in: clause, within: 4, Self.haves) != nil, !has([.kans, .mogelijk, .volg, .leren], in: sentence.tokens) { continue }
                if hasActiveStaffVerb(sentence.tokens) { continue } // "je begeleidt de BBL-studenten"
                if let role = first(Self.teachers, in: sentence.tokens),
                   role == sentence.tokens.lowerBound || role + 1 == index || before(role, in: sentence.tokens, within: 1, [.als]) != nil
                    || before(role, in: sentence.tokens, within: 2, [.zoeken]) != nil { continue }
                return found(clause)
            }
        }
        return nil
    }

    func hasActiveStaffVerb(_ range: Range<Int>) -> Bool {
        range.contains { index in
            Self.staffVerbs.contains(term(index)) && before(index, in: range, within: 2, [.wordt]) == nil
                && (before(index, in: range, within: 1, [.je, .jij]) != nil || after(index, in: range, within: 1, [.je, .jij]) != nil)
        }
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
        case .leerling: return text.tokens.indices.contains(index + 1) && text.tokens[index + 1].gap == .hyphen || before(index, in: range, within: 1, [.als]) != nil
        case .trainee: return has([.erkend, .recognised], in: range) && has([.diploma, .certificaat, .degree, .qualification], in: range)
        default: return false
        }
    }

    // MARK: no diploma, no experience

    /// No diploma or particular schooling is asked for, and nothing of that kind is required elsewhere.
    func noDiploma() -> Found? {
        guard text.present.meets(Self.diplomaWords), let waiver = waived(Self.diplomas, weak: [.opleiding, .education]) else { return nil }
        return diplomaRequired == nil ? waiver : nil
    }

    /// No experience is needed (or starters, school leavers, career changers are welcome), and no experience is
    /// required elsewhere.
    func noExperience() -> Found? {
        guard text.present.meets(Self.experienceWords),
              let welcome = waived(Self.experiences) ?? neverWorked() ?? startersWelcome() else { return nil }
        return experienceRequired == nil ? welcome : nil
    }

    /// "Nog nooit in de zorg gewerkt?", "never worked in a warehouse".
    func neverWorked() -> Found? {
        for sentence in text.sentences where !rejects(sentence.tokens) {
            for clause in text.clauses(sentence) {
                for index in clause where [.gewerkt, .worked].contains(term(index)) {
                    if before(index, in: clause, within: 8, [.nooit, .never]) != nil { return found(clause) }
                }
            }
        }
        return nil
    }

    /// Starters, school leavers, returners, career changers, graduates welcome; a first job; an entry job.
    func startersWelcome() -> Found? {
        for sentence in text.sentences where !rejects(sentence.tokens) {
            let range = sentence.tokens
            for index in range {
                let word = term(index)
                var hit = false
                switch word {
                case .starter, .schoolverlater, .herintreder, .instromer, .beginner, .graduate, .afgestudeerd:
                    let inherent = (word == .afgestudeerd || word == .graduate) && before(index, in: range, within: 2, [.net, .pas, .fresh]) != nil
                    hit = inherent || has(Self.welcoming, in: range) || word == .schoolverlater && has([.opgelet, .kans], in: range)
                case .instapfunctie, .instroomtraject:
                    hit = true
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
                let clause = clause(of: index, in: sentence)
                if before(index, in: clause, within: 2, [.geen, .no, .not, .niet]) != nil { continue }
                return found(sentence.answer != nil ? range : clause)
            }
        }
        return nil
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
            case .bijbaan, .zaterdaghulp, .weekendhulp, .oproep, .nuluren, .flexitime, .schooltijden:
                hit = true
            case .part: hit = after(index, in: range, within: 1, [.time]) != nil
            case .min: hit = after(index, in: range, within: 1, [.max]) != nil
            // "flexibele werktijden"; not "je bent bereid flexibele uren te maken" (the worker's flexibility).
            case .flexibel: hit = after(index, in: range, within: 1, [.werktijden, .uren, .rooster, .tijden, .hours]) != nil
                && !has([.bereid, .inzetbaar, .moet, .must, .vragen, .required], in: clause)
            case .overleg: hit = before(index, in: clause, within: 4, [.uren, .dagen, .rooster, .tijden, .werktijden, .hours]) != nil
            case .bespreekbaar: hit = before(index, in: clause, within: 4, [.uren]) != nil
            // "je stelt zelf je rooster samen", "kies zelf je diensten"; not "je bepaalt zelf hoe je werkt".
            case .zelf: hit = has([.rooster, .diensten, .uren, .tijden, .werktijden, .shifts, .dagen, .hours], in: clause)
            case .kies, .kiezen: hit = has(.zelf, in: clause)
            case .naast: hit = after(index, in: clause, within: 2, [.school, .studie, .baan]) != nil
            case .scholieren: hit = has([.bijbaan, .zaterdag, .weekend, .avonden], in: range)
            default: break
            }
            guard hit else { continue }
            if before(index, in: clause, within: 2, [.geen, .niet, .no, .not]) != nil { continue }
            return found(clause)
        }
        return nil
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
        lazy var appointment = has(.spreekuur, in: range)
        // A time span counts as a working day only beside days, shifts or working hours ("ma t/m vr 17:30-20:00").
        lazy var workingDays = has(Self.workingDayWords, in: range)
        var index = range.lowerBound
        while index < range.upperBound {
            guard let (numbers, next) = numberRun(from: index, in: range) else {
                // A clock range of a few hours: "ma t/m vr 17:30-20:00".
                let token = text.tokens[index]
                if token.isTime, index + 1 < range.upperBound, text.tokens[index + 1].isTime, text.tokens[index + 1].gap == .hyphen,
                   !appointment, workingDays {
                    let length = text.tokens[index + 1].number - token.number
                    if length > 0, length <= 4.5 { return found(clause(of: index, in: sentence), "\(Self.hours(length)) hours a day") }
                }
                index += 1
                continue
            }
            defer { index = next }
            let low = numbers.min() ?? 0
            // "4 x 9 uur", "4 × 10 uur": a compressed week, its days times its hours.
            let previous = index - 1
            if previous >= range.lowerBound,
               text.tokens[previous].isNumber && (text.between(previous, index).contains("×") || text.between(previous, index).contains("*"))
                || previous > range.lowerBound && text.word(previous).lowercased() == "x" && text.tokens[previous - 1].isNumber {
                continue
            }
            // "7.30-16.30 uur", "17.30-20.00": times of day; a short span is part-time by arithmetic.
            if next - index == 2, !text.tokens[index].clock.isNaN, !text.tokens[index + 1].clock.isNaN, text.tokens[index + 1].gap == .hyphen {
                let length = text.tokens[index + 1].clock - text.tokens[index].clock
                if length > 0, length <= 4.5, !appointment, workingDays { return found(clause(of: index, in: sentence), "\(Self.hours(length)) hours a day") }
                continue
            }
            let clause = clause(of: index, in: sentence)
            let unit = next < range.upperBound ? term(next) : .unknown
            let unitBefore = index > range.lowerBound ? term(index - 1) : .unknown
            let perDay = next + 2 < range.upperBound && [.per, .a].contains(term(next + 1)) && [.dag, .day].contains(term(next + 2))
                || next + 1 < range.upperBound && term(next + 1) == .dag
            let perWeek = (next..<min(range.upperBound, next + 3)).contains { [.week].contains(term($0)) }
            switch unit {
            case .uur, .hours, .hour, .uren:
                // "vanaf 7 uur 's ochtends" is a time of day; "30 uur scholing per jaar" not a week's hours.
                if next + 1 < range.upperBound, term(next + 1) == .clock { continue }
                if (next..<min(range.upperBound, next + 3)).contains(where: { Self.notAWeek.contains(term($0)) }) { continue }
                if perDay {
                    if low * 5 < 35 { return found(clause, "\(Self.hours(low)) hours a day") }
                    continue
                }
                // "van 10 tot 12 uur", "tussen 8 en 17 uur": clock times, unless "per week" follows.
                if !perWeek, index > range.lowerBound, Self.clockLead.contains(term(index - 1)) {
                    // "ochtenddiensten van 4 uur": a shift's length.
                    if term(index - 1) == .van, index >= range.lowerBound + 2, [.diensten, .shifts].contains(term(index - 2)), low <= 6 {
                        return found(clause, "shifts of \(Self.hours(low)) hours")
                    }
                    continue
                }
                if low >= 4, low < 35, !fullTime, !appointment { return found(clause, "\(Self.hours(low)) hours a week, below 35") }
            case .fte, .wtf:
                if low > 0, low < 1 { return found(clause, "\(Self.hours(low)) fte") }
            case .dagdelen:
                if low >= 1, low <= 8 { return found(clause, "\(Self.hours(low)) dagdelen") }
            case .ochtenden, .middagen, .avonden:
                if low >= 1, low <= 4, perWeek, !schoolDays { return found(clause, "\(Self.hours(low)) \(text.word(next)) a week") }
            case .dagen, .days:
                // "3 of 4 dagen per week", "je werkt 3 dagen"; not "een training van drie dagen".
                let working = perWeek || before(index, in: clause, within: 3, [.werken]) != nil
                if low >= 1, low <= 3, working, !schoolDays, !fullTime, !has([.hybride, .thuis], in: range) { return found(clause, "\(Self.hours(low)) days a week") }
            default:
                // "Hours: 20", "Uren: 20 tot 25 per week", "WTF 0,8", "Contracturen: 28"
                if [.fte, .wtf].contains(unitBefore), low > 0, low < 1 { return found(clause, "\(Self.hours(low)) fte") }
                if [.uren, .hours].contains(unitBefore) || perWeek && has([.uren, .uur, .hours], in: clause) {
                    if low >= 4, low < 35, !fullTime { return found(clause, "\(Self.hours(low)) hours a week, below 35") }
                }
            }
        }
        return nil
    }

    static let schoolWords: TermSet = [.school, .les, .opleiding]
    static let workingDayWords: TermSet = [.weekday, .werktijden, .diensten, .shifts, .rooster, .ochtenden, .avonden, .middagen, .werken,
                                           .zaterdag, .weekend]
    static let rangeWords: TermSet = [.tot, .to, .of, .or, .en, .and, .a]
    static let clockLead: TermSet = [.van, .tussen, .between, .om, .binnen]
    static let notAWeek: TermSet = [.jaar, .maand, .year, .month, .monthly]

    /// Numbers in a row ("24-32", "24 tot 32", "16, 24 of 32", "twee à drie") from `start`, and the index after them.
    func numberRun(from start: Int, in range: Range<Int>) -> ([Float], Int)? {
        func value(_ index: Int) -> Float? {
            let token = text.tokens[index]
            if token.isNumber { return token.number }
            return token.term.numberValue
        }
        guard let first = value(start) else { return nil }
        var numbers = [first]
        var index = start + 1
        while index < range.upperBound {
            if let number = value(index), [.hyphen, .comma, .slash].contains(text.tokens[index].gap) {
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

    /// "parttime is niet mogelijk", "deeltijd is niet bespreekbaar", "part-time is unfortunately not possible", "geen parttime".
    func partTimeRuledOut() -> Found? {
        for sentence in text.sentences {
            for clause in text.clauses(sentence) {
                for index in clause {
                    let word = term(index)
                    guard word == .parttime || word == .deeltijd || (word == .part && after(index, in: clause, within: 1, [.time]) != nil) else { continue }
                    if before(index, in: clause, within: 2, [.geen, .no, .niet, .not]) != nil { return found(clause) }
                    if let negation = after(index, in: clause, within: 6, [.niet, .not, .geen]),
                       after(negation, in: clause, within: 2, [.mogelijk, .possible, .bespreekbaar]) != nil { return found(clause) }
                }
            }
        }
        return nil
    }

    // MARK: Dutch not required

    /// Dutch is waived ("Dutch is not required", "ook als je nog geen Nederlands spreekt", "Dutch is a plus"), the
    /// working language is another ("werktaal Engels", instructions in Polish, team leaders who speak English),
    /// Dutch is one option of several ("Nederlands of Engels"), or the ad is written in English; and Dutch is not
    /// required anywhere, nor is the job about the Dutch language.
    func dutchNotRequired() -> Found? {
        let english = text.englishWords >= 8 && text.englishWords > 2 * text.dutchWords
        guard text.present.meets(Self.languageWords) || english, !requiresDutch() else { return nil }
        if has(Self.languageJobs, in: text.tokens.indices) { return nil }
        if let waiver = waived(Self.dutch) { return waiver }
        for sentence in text.sentences {
            for clause in text.clauses(sentence) {
                guard let other = first(Self.otherLanguages, in: clause) else { continue }
                // "... and more than half of the team does not speak Dutch" still works in English.
                if let language = first(Self.dutch, in: clause), before(language, in: clause, within: 4, Self.negators) == nil,
                   after(language, in: clause, within: 1, [.of, .or]) == nil { continue }
                let workingLanguage = has([.werktaal, .voertaal, .language], in: clause)
                    || has([.instructies, .instructions], in: clause)
                    || has([.leaders, .ploegleiders, .supervisors, .leidinggevende], in: clause) && (has(Self.speaking, in: clause) || has(.engelstalig, in: clause))
                    || has(Self.speaking, in: clause) && has([.welkom, .welcome, .supervisors, .leaders, .team], in: clause)
                if workingLanguage { return found(clause, "work in \(text.word(other))") }
                if let language = first(Self.dutch, in: clause), language + 2 < clause.upperBound, [.of, .or].contains(term(language + 1)),
                   Self.otherLanguages.contains(term(language + 2)) {
                    return found(clause, "Dutch or another language")
                }
                // "instructions in English", "works fully in English", "training on the job in English"
                if other > clause.lowerBound, text.word(other - 1).lowercased() == "in" || (other >= clause.lowerBound + 2 && text.word(other - 2).lowercased() == "in") {
                    if has([.werken, .team, .instructions, .instructies, .communicatie, .communication], in: clause) { return found(clause, "work in \(text.word(other))") }
                }
            }
        }
        if english {
            return Found(bytes: bytes(text.sentences[0].tokens), why: "the ad is written in English and does not ask for Dutch")
        }
        return nil
    }

    /// Dutch asked for anywhere: fluent, native, at a level, in word and writing, as the working language, required.
    func requiresDutch() -> Bool {
        for sentence in text.sentences {
            for clause in text.clauses(sentence) {
                for index in clause where Self.dutch.contains(term(index)) {
                    if isQuestionPart(index, sentence) { continue }
                    if before(index, in: clause, within: 4, Self.negators) != nil { continue }
                    if negatedNeedAfter(index, in: clause) != nil { continue }
                    if after(index, in: clause, within: 1, [.of, .or]) != nil { continue } // "Nederlands of Engels"
                    if has(Self.fluency, in: clause) || plainNeed(in: clause) != nil { return true }
                    if before(index, in: clause, within: 3, Self.speaking) != nil || after(index, in: clause, within: 2, Self.speaking) != nil {
                        return true // "je spreekt Nederlands", "Dutch speaking is essential"
                    }
                }
            }
        }
        return false
    }
}
