/// Scores a pair of records: the sum of evidence points for "same vacancy", or `-infinity` when a
/// hard rule says they are different vacancies (different place, a repost, one source).
///
/// Points, roughly as a Fellegi-Sunter match weight: agreement on a telling field adds, disagreement
/// subtracts, missing data adds nothing. So an agency posting that hides the employer can still
/// reach the threshold on occupation, title, place, dates, hours, salary and text.
struct PairScorer: Sendable {
    let settings: DedupeSettings

    static let veto = -Double.infinity

    // Entry points for records held as values. The rules below read records through `FeaturesRef`:
    // passing `RecordFeatures` (some 400 bytes) by value copied both records for every pair scored.

    func score(_ a: RecordFeatures, _ b: RecordFeatures) -> Double { FeaturesRef.with(a, b) { score($0, $1) } }
    func linkScore(_ a: RecordFeatures, _ b: RecordFeatures) -> Double? { FeaturesRef.with(a, b) { linkScore($0, $1) } }
    func specificPoints(_ a: RecordFeatures, _ b: RecordFeatures) -> Double { FeaturesRef.with(a, b) { specificPoints($0, $1) } }
    func employer(_ a: RecordFeatures, _ b: RecordFeatures) -> Double { FeaturesRef.with(a, b) { employer($0, $1) } }
    func score(_ a: RecordFeatures, _ b: RecordFeatures, trace: ((String, Double) -> Void)?) -> Double {
        FeaturesRef.with(a, b) { score($0, $1, trace: trace) }
    }
    static func sharedSpecificFacts(_ a: RecordFeatures, _ b: RecordFeatures) -> Int {
        FeaturesRef.with(a, b) { sharedSpecificFacts($0, $1) }
    }

    func score(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        score(a, b, trace: nil)
    }

    /// The score when it is enough to link the two records, else nil. A posting that hides the
    /// employer needs `hiddenExtra` more evidence, two such postings (two agencies) `anonymousExtra`
    /// more again, and every link needs some evidence specific to the one job (`specificEvidence`).
    func linkScore(_ a: FeaturesRef, _ b: FeaturesRef) -> Double? {
        let named = (a.hasNamedEmployer ? 1 : 0) + (b.hasNamedEmployer ? 1 : 0)
        let needed = settings.threshold + (named == 2 ? 0 : named == 1 ? settings.hiddenExtra : settings.hiddenExtra + settings.anonymousExtra)
        let score = score(a, b, trace: nil, floor: needed)
        return score >= needed && specificEvidence(a, b) ? score : nil
    }

    /// Something only this job's postings would share: the employer, the link, the full postcode, the
    /// pay scale to 0.3% (or per hour and per month at the job's hours, `payAtHours`), a specific fact from the text, most of the text (MinHash ≥ 0.75) or its start up to where a
    /// copy was cut short (`cutCopy`). Occupation, town, week and hours agree for
    /// every job of one kind in one town, and in a city there are many: however well they add up,
    /// they do not single out one vacancy.
    func specificEvidence(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        employer(a, b) > 0 || (a.url != 0 && a.url == b.url) || (a.postcode != 0 && a.postcode == b.postcode)
            || salary(a, b) > 1.5 || Self.sharedSpecificFacts(a, b) >= 1 || descriptionSimilarity(a, b) >= 0.75
            || Self.sharedUnit(a, b) || Self.cutCopy(a, b)
    }

    /// One description is cut short ("...") and the words up to the cut, twenty or more, are the start of the other's
    /// (`TextEvidence.cutCopy`): a job board's or werk.nl's copy of that posting. The same text as far as it goes, like
    /// most of the text in common (MinHash), which a few sentences against a whole posting cannot show.
    static func cutCopy(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        (a.cutShort || b.cutShort) && TextEvidence.cutCopy(a.opening, aCut: a.cutShort, b.opening, bCut: b.cutShort)
    }

    /// One ad's title names a unit the other ad names too (`OpeningQualifiers.sharedUnit`): counted as a shared
    /// specific fact.
    static func sharedUnit(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        // A workplace's unit (a care location, a department) holds openings of several occupations: it singles out
        // one opening only among postings of one occupation.
        guard (a.isco != 0 && a.isco == b.isco) || (a.occupation != 0 && a.occupation == b.occupation) else { return false }
        return OpeningQualifiers.sharedUnit(title: a.openingTitle, mentions: a.openingMentions,
                                            otherTitle: b.openingTitle, otherMentions: b.openingMentions)
    }

    /// The points of the evidence that only one job's postings share (`specificEvidence`): what tells
    /// two candidate employers apart for a posting that hides its employer, where occupation, town,
    /// week and wording agree with both.
    func specificPoints(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        var points = max(0, employer(a, b)) + max(0, facts(a, b))
        if a.url != 0 && a.url == b.url { points += 4 }
        if a.postcode != 0 && a.postcode == b.postcode { points += 1 }
        if salary(a, b) > 1.5 { points += 2.5 }
        if descriptionSimilarity(a, b) >= 0.75 || Self.cutCopy(a, b) { points += 3 }
        return points
    }

    /// - Parameter trace: told each rule's name and points, for explanations.
    func score(_ a: FeaturesRef, _ b: FeaturesRef, trace: ((String, Double) -> Void)?) -> Double {
        score(a, b, trace: trace, floor: -.infinity)
    }

    /// The most the description and the facts add together (`description`, `facts`).
    static let textMaximum = 3.0 + 2.5

    /// The score; or, when the other rules leave it below `floor` even with full marks for the text,
    /// a number below `floor` without the texts compared.
    /// Every rule's points are a multiple of 0.25, so sums are exact in any order.
    func score(_ a: FeaturesRef, _ b: FeaturesRef, trace: ((String, Double) -> Void)?, floor: Double) -> Double {
        func veto(_ rule: String) -> Double {
            trace?(rule, Self.veto)
            return Self.veto
        }
        if let pa = a.posted, let pb = b.posted, abs(Int(pa) - Int(pb)) > settings.repostGapDays { return veto("posting gap") }
        if isRepostAfterClosing(a, b) || isRepostAfterClosing(b, a) { return veto("posted after closing") }
        if a.recordKey == b.recordKey { return 100 } // the same source record listed twice
        // A source's record ids are trusted: one source does not list one vacancy twice, except a
        // job board listing the employer's posting beside an agency's copy that hides the employer.
        if a.sourceHash == b.sourceHash, !(a.isJobBoard && (!a.hasNamedEmployer || !b.hasNamedEmployer)),
           !Self.twoAgenciesOfOneFeed(a, b), !Self.agencyBesideEmployer(a, b) {
            return veto("same source")
        }
        guard let placePoints = place(a, b) else { return veto("place") }
        if a.driving != 0, b.driving != 0, DrivingScope(packed: a.driving).contradicts(DrivingScope(packed: b.driving)) {
            return veto("licence or route")
        }
        if OpeningQualifiers.contradict(title: a.openingTitle, text: b.openingText)
            || OpeningQualifiers.contradict(title: b.openingTitle, text: a.openingText) {
            return veto("shift or unit")
        }
        // A title's shift its own text speaks of, which the other's full posting never mentions: the other opening.
        if (b.longDescription && OpeningQualifiers.unmentioned(title: a.openingTitle, text: b.openingText))
            || (a.longDescription && OpeningQualifiers.unmentioned(title: b.openingTitle, text: a.openingText)) {
            return veto("shift not mentioned")
        }
        if (b.longDescription && OpeningQualifiers.unitUnmentioned(title: a.openingTitle, mentions: b.openingMentions))
            || (a.longDescription && OpeningQualifiers.unitUnmentioned(title: b.openingTitle, mentions: a.openingMentions)) {
            return veto("unit not mentioned")
        }
        // Between two occupations the unit both titles name ("- locatie Huize Ter Weele") is no part of the jobs' names.
        let twoOccupations = a.isco != 0 && b.isco != 0 && a.isco != b.isco
            && (a.titleNameWords != a.titleWords || b.titleNameWords != b.titleWords)
        let titleSimilarity = twoOccupations ? BitSet64.jaccard(a.titleNameWords, b.titleNameWords)
            : max(BitSet64.jaccard(a.titleWords, b.titleWords), BitSet256.dice(a.titleGrams, b.titleGrams))
        let occupation = occupation(a, b, titleSimilarity: titleSimilarity)
        let title = title(titleSimilarity, sameOccupation: a.occupation != 0 && a.occupation == b.occupation)
        let employer = employer(a, b), dates = dates(a, b), salary = salary(a, b)
        // Copies state the same hours; ranges that only overlap ("32-40", "36-40") are two postings. Except that an
        // agency states hours from its client's range: the band its candidates know ("32 - 40 uur" for the employer's
        // 36), or the hours its candidate works ("40 uur" of "36 - 40"), is what a copy of that job would say.
        let hours = Self.agencyBand(a, b) || Self.agencyBand(b, a)
            || Self.agencyWithin(a, b) || Self.agencyWithin(b, a)
            ? 0 : ranges(a.hoursMin, a.hoursMax, b.hoursMin, b.hoursMax, equal: 0.75, overlap: -0.5, disjoint: -1.5)
        let url = a.url != 0 && a.url == b.url, specialty = Self.specialtiesDiffer(a, b), agency = Self.sameAgency(a, b)
        let withoutText = placePoints + occupation + title + employer + dates + hours + salary + (url ? 4 : 0) + (specialty ? -4 : 0)
            + (agency ? 2 : 0)
        if withoutText + Self.textMaximum < floor { return withoutText }
        let description = description(a, b), facts = facts(a, b)
        if let trace {
            for (rule, points) in [("place", placePoints), ("occupation", occupation), ("title", title), ("employer", employer),
                                   ("dates", dates), ("hours", hours), ("salary", salary), ("description", description), ("facts", facts)] {
                trace(rule, points)
            }
            if url { trace("url", 4) }
            if agency { trace("agency", 2) }
            if specialty { trace("specialty", -4) }
        }
        return withoutText + description + facts
    }

    /// The titles share a word of the job's own (`TitleKeys.stems`), or the texts name one job (`TextEvidence.namedJob`):
    /// both name it, or one names the other's title.
    static func namesOfOneJob(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        a.titleStems.intersectionCount(b.titleStems) > 0
            || (a.namedJob != 0 && (a.namedJob == b.namedJob || a.namedJob == b.titleKey)) || (b.namedJob != 0 && b.namedJob == a.titleKey)
    }

    /// One agency posted both: its own feed's copy (known by its site, "www.werkpunt.nl") and a copy a job board or
    /// werk.nl shows under the agency's name ("Werkpunt Uitzendgroep B.V."). The client is hidden on both sides, so
    /// it says who posted, not which job: it adds points but is not specific evidence (`specificEvidence`), as one
    /// agency posts several jobs of one kind in one town.
    static func sameAgency(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        (a.agencySite.count > 0 && a.agencySite.intersectionCount(b.agencyByName ? b.siteLikeNames : b.agencyNames) > 0)
            || (b.agencySite.count > 0 && b.agencySite.intersectionCount(a.agencyByName ? a.siteLikeNames : a.agencyNames) > 0)
    }

    /// Two agencies of one shared feed (each posting at its own agency's site: www.flexkracht.nl, www.werkpunt.nl) are two
    /// publishers in one source: both may recruit for one client's job, which is then one vacancy. An agency states its
    /// client's pay and hours, so two agencies' ads of one job state the same pay range (to 0.3% at both ends) and the
    /// same hours; two clients' jobs of one occupation in one town rarely do both, and where both ads describe their
    /// client and the descriptions are not one employer's, the clients are two. Otherwise one source's ids are trusted
    /// (the same-source veto): two agencies hiding two clients look alike in everything else, and one feed's agencies
    /// write alike.
    static func twoAgenciesOfOneFeed(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        guard a.isAgency, b.isAgency, a.agencySite.count > 0, b.agencySite.count > 0, a.agencySite != b.agencySite,
              let aHoursMin = a.hoursMin, let aHoursMax = a.hoursMax, aHoursMin == b.hoursMin, aHoursMax == b.hoursMax,
              let aMin = a.salaryMin, let aMax = a.salaryMax, let bMin = b.salaryMin, let bMax = b.salaryMax,
              close(aMin, bMin, within: 0.003), close(aMax, bMax, within: 0.003),
              // Each agency states where the job is: two 4-digit postcodes are two workplaces, so two clients.
              a.pc4 == 0 || b.pc4 == 0 || a.pc4 == b.pc4 else { return false }
        // Two client descriptions ("Een logistiek dienstverlener in Twente", "Brabant Fresh Logistics") that the employer
        // rule does not take for one employer: two clients.
        if a.employer != 0, b.employer != 0, a.employer != b.employer {
            let common = a.employerWords.intersectionCount(b.employerWords)
            if !(common > 0 && common == min(a.employerWords.count, b.employerWords.count))
                && BitSet256.dice(a.employerGrams, b.employerGrams) < 0.75 { return false }
        }
        return true
    }

    /// werk.nl and the employer desk list what employers and agencies post with them: an employer's own posting and, beside
    /// it, an agency's ad of the same job under the agency's name ("Werkpunt Uitzendgroep B.V."). Those are two publishers
    /// within one source, not the source listing a job twice. But an employer with further openings of one occupation at
    /// one workplace names each in its title (its shift, its department), and an agency's ad that names another opening,
    /// or none where the employer's names one, may be any of them: the source's ids stay trusted unless both titles name
    /// the same opening (the same shifts and units, or none on either side). Then the pair is scored as any agency's copy
    /// of an employer's posting, the full evidence still needed.
    static func agencyBesideEmployer(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        guard a.isPublicService, agencysByName(a) != agencysByName(b) else { return false }
        // The shifts and units a title names, without what its own text mentions.
        let named: UInt64 = (1 << OpeningQualifiers.mentionedShift) - 1
        return a.openingTitle & named == b.openingTitle & named
    }

    /// A job board's or werk.nl's posting under a staffing firm's name: the agency's ad, copied.
    static func agencysByName(_ f: FeaturesRef) -> Bool { !f.isAgency && f.employer != 0 && (f.staffingName || f.agencyByName) }

    /// An agency's hours band that holds the other posting's hours whole (and is not the same range).
    private static func agencyBand(_ agency: FeaturesRef, _ other: FeaturesRef) -> Bool {
        guard agency.isAgency, let min = agency.hoursMin, let max = agency.hoursMax, let otherMin = other.hoursMin,
              let otherMax = other.hoursMax else { return false }
        return min <= otherMin && otherMax <= max && (min, max) != (otherMin, otherMax)
    }

    /// An agency's hours within the other posting's range ("40 uur" of the client's "36 - 40"): the hours its candidate
    /// works, from the client's band.
    private static func agencyWithin(_ agency: FeaturesRef, _ other: FeaturesRef) -> Bool {
        guard agency.isAgency, let min = agency.hoursMin, let max = agency.hoursMax, let otherMin = other.hoursMin,
              let otherMax = other.hoursMax else { return false }
        return otherMin <= min && max <= otherMax && (min, max) != (otherMin, otherMax)
    }

    /// One posting was published after the other had closed (with two weeks' grace): a repost.
    private func isRepostAfterClosing(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        guard let closed = a.closing, let posted = b.posted, let aPosted = a.posted else { return false }
        return posted > closed + 14 && posted > aPosted
    }

    /// Both titles qualify the job in a way the other does not: "Verpleegkundige cardiologie" and
    /// "Verpleegkundige oncologie" are two jobs at one hospital.
    /// Two different fine occupations name the job in different words anyway ("Koerier bestelbus",
    /// "Chauffeur B pakketdienst"): their occupation points already say so.
    static func specialtiesDiffer(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        if a.occupation != 0, b.occupation != 0, a.occupation != b.occupation { return false }
        func unmatched(_ x: FeaturesRef, _ y: FeaturesRef) -> Bool {
            x.titleModifiers.hasElementsOutside(y.titlePrefixes)
        }
        return unmatched(a, b) && unmatched(b, a)
    }

    /// Nil: both places known and different, so different vacancies (one job in 30 cities is 30). Within one town (or a
    /// town and its municipality) two different 4-digit postcodes count against.
    private func place(_ a: FeaturesRef, _ b: FeaturesRef) -> Double? {
        var points = 0.0
        if a.place != 0, b.place != 0 {
            if a.place == b.place || (a.pc4 != 0 && a.pc4 == b.pc4) {
                points = 1
            } else if FeatureExtractor.PlaceKeys.oneContainsTheOther(a.municipality, b.municipality) {
                points = 0.5
            } else {
                return nil
            }
        } else if a.pc4 != 0, b.pc4 != 0 {
            if a.pc4 != b.pc4 { return nil }
            points = 1
        }
        if a.postcode != 0, a.postcode == b.postcode { points += 1 }
        // Two 4-digit postcodes in one town are two addresses: another branch or workplace ("another town or branch
        // with the same text" is another vacancy). Not a veto: an agency may give its office's postcode, or a UWV copy
        // the employer's registered one.
        if a.pc4 != 0, b.pc4 != 0, a.pc4 != b.pc4 { points -= 2 }
        return points
    }

    private func occupation(_ a: FeaturesRef, _ b: FeaturesRef, titleSimilarity: Double) -> Double {
        if a.occupation != 0, a.occupation == b.occupation { return 2.5 }
        if a.isco != 0, b.isco != 0 {
            // Same ISCO group, different fine occupations (taxi driver, parcel courier): weak.
            if a.isco == b.isco { return a.occupation != 0 && b.occupation != 0 ? 1 : 1.5 }
            // Different groups is strong evidence of two jobs, but not a veto: the classifier puts
            // one job's titles in neighbouring groups ("Boekhouder" 3313, "Medewerker boekhouding"
            // 4311; "Orderpicker" 9333, "Magazijnmedewerker orderpicking" 4321), and the same employer,
            // pay and facts can still outweigh it.
            if titleSimilarity >= 0.8 { return 0 }
            // Names of one job: the titles share the job's own word ("Heftruckchauffeur", "Magazijnmedewerker met
            // heftruckcertificaat"), or both texts name the same job, or one text names the other's title ("Gevelreiniger"
            // whose text says "Ben jij de glazenwasser die wij zoeken?", "Allround glazenwasser"). Then the two groups
            // are more likely the classifier's reading of two wordings than two jobs: weak evidence against.
            return Self.namesOfOneJob(a, b) ? -1 : -3
        }
        return 0
    }

    /// Once the fine occupations agree, the wording of the title says less: sources name one job
    /// differently ("PHP developer", "Software engineer PHP"), and two jobs alike.
    private func title(_ similarity: Double, sameOccupation: Bool) -> Double {
        if similarity >= 0.85 { return sameOccupation ? 1 : 3 }
        if similarity >= 0.6 { return sameOccupation ? 0.5 : 2 }
        if similarity >= 0.4 { return 0.5 }
        return sameOccupation ? 0 : -1
    }

    func employer(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        guard a.employer != 0, b.employer != 0 else { return 0 }
        if a.employer == b.employer { return 3 }
        // "Jumbo" and "Jumbo Supermarkten", "Amphia" and "Amphia Ziekenhuis".
        let common = a.employerWords.intersectionCount(b.employerWords)
        if common > 0 && common == min(a.employerWords.count, b.employerWords.count) { return 2.5 }
        let similarity = BitSet256.dice(a.employerGrams, b.employerGrams)
        if similarity >= 0.75 { return 2.5 } // typos, spelling
        // Two typos or a swapped pair in a short name ("De Groot Zroggroep") land here: not the same
        // name, but too close to call two employers.
        if similarity >= 0.55 { return 0 }
        // "Woonstichting Het Oude Dok" and "Stichting Het Oude Dok Wonen", "Fries Veem Supermarkten" and "Buurtsuper
        // Fries Veem": a legal and a trading name of one employer share two name words; two employers rarely do.
        if a.employerNameWords.intersectionCount(b.employerNameWords) >= 2 { return 2.5 }
        // "TDC Twente B.V." and "Twentse Distributie Centrum": a legal name that abbreviates the trading name.
        if FeatureExtractor.EmployerKeys.abbreviates(a.employerAbbreviation, b.employerAbbreviation) { return 2.5 }
        // Agencies often name themselves as employer: a difference then says nothing. Nor does werk.nl's KvK name
        // against the name an employer trades under ("Tiemersma Horeca B.V." runs "Restaurant Tjongervallei").
        if (a.isPublicService && a.employerLegalForm && !b.employerLegalForm)
            || (b.isPublicService && b.employerLegalForm && !a.employerLegalForm) { return 0 }
        // "Feenstra Transport en Logistiek B.V." and "Transportbedrijf Feenstra", "Ijsselkade Security Services B.V." and
        // "Ijsselkade Beveiliging": a legal and a trading name of one employer often share only the name itself, each
        // with the trade in other words. One shared word that is not a trade ("Jansen Transport" and "Bakker Transport"
        // share the trade) does not make one employer, but it is too close to call two: no points either way, so the
        // link rests on the other evidence, specific evidence included. Unless both names state a trade and no trade
        // is the same, nor the sector: "Jansen Transport" and "Jansen Bouw" are two family firms, while "Stichting
        // Ouderenzorg De Skûtsje" and "Woonzorgcentrum De Skûtsje" name one trade in two words of one sector.
        let tradesDiffer = a.employerTrades.count > 0 && b.employerTrades.count > 0
            && a.employerTrades.intersectionCount(b.employerTrades) == 0 && a.employerSectors & b.employerSectors == 0
        if a.employerProperWords.intersectionCount(b.employerProperWords) == 1, !tradesDiffer { return 0 }
        return a.employerTrusted && b.employerTrusted ? -8 : 0
    }

    private func dates(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        var points = 0.0
        if let pa = a.posted, let pb = b.posted {
            let gap = abs(Int(pa) - Int(pb))
            // One vacancy's copies go up within days of each other; weeks apart, postings of one
            // occupation in one town are more likely two jobs than one job posted late.
            points += gap <= 7 ? 1 : gap <= 14 ? -1.5 : -2.5
        }
        if let ca = a.closing, let cb = b.closing {
            let gap = abs(Int(ca) - Int(cb))
            points += gap == 0 ? 1 : gap > 14 ? -0.5 : 0
        }
        return points
    }

    /// Monthly pay ranges. Both ends within 0.3% is the same scale: an hourly rate in cents converted
    /// with the usual 173.33 hours a month lands there, while two employers' scales for one occupation
    /// rarely do (they are set in tens of euros). Within 2% is a looser conversion.
    private func salary(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        if let aMin = a.salaryMin, let aMax = a.salaryMax, let bMin = b.salaryMin, let bMax = b.salaryMax,
           Self.close(aMin, bMin, within: 0.003) && Self.close(aMax, bMax, within: 0.003) {
            return 2.5
        }
        // An hourly rate in whole quarters is a scale rounded to the quarter: the same scale when the other posting's,
        // per hour, is within half a quarter at both ends ("€ 14,75 - € 15,50 per uur" for € 2.550 - € 2.700 a month).
        if a.payInQuarters != b.payInQuarters, let aMin = a.salaryMin, let aMax = a.salaryMax,
           let bMin = b.salaryMin, let bMax = b.salaryMax,
           abs(aMin - bMin) <= Self.halfQuarterMonthly && abs(aMax - bMax) <= Self.halfQuarterMonthly {
            return 2.5
        }
        if Self.payAtHours(a, b) { return 2.5 }
        // A minimum only ("vanaf € 20,89 per uur", from a description) against a range or another
        // minimum: the starts.
        if let aMin = a.salaryMin, let bMin = b.salaryMin, a.salaryMax == nil || b.salaryMax == nil {
            if Self.close(aMin, bMin, within: 0.003) { return 2.5 }
            guard let top = a.salaryMax ?? b.salaryMax else { return 0 }
            return (a.salaryMax == nil ? aMin : bMin) > top * 1.05 ? -2 : 0
        }
        return ranges(a.salaryMin, a.salaryMax, b.salaryMin, b.salaryMax, equal: 1.5, overlap: 0, disjoint: -2)
    }

    /// An hourly rate and a monthly wage for the job's hours: a part-time job's monthly pay is the hourly rate times its
    /// weekly hours times 52 / 12 ("€ 14,75 - € 15,55 per uur" at 24 hours is € 1.534 - € 1.617 a month, stated "€ 1.525 -
    /// € 1.625"), where the usual 173.33 hours a month (`monthly`) is the full-time week. The hours are the week the job
    /// offers: the upper end of either posting's hours (a range "16 - 24 uur" is a contract of up to 24 hours; a wage for
    /// its lower end would be a second reading of one range). The same at both ends, within the precision the monthly
    /// figures are stated in (whole 25s, 10s or 5s are rounded to that step) and a cent an hour, is the same pay.
    static func payAtHours(_ a: FeaturesRef, _ b: FeaturesRef) -> Bool {
        guard a.payPerHour != b.payPerHour, let aMin = a.salaryMin, let aMax = a.salaryMax, let bMin = b.salaryMin,
              let bMax = b.salaryMax else { return false }
        let (hourlyMin, hourlyMax, monthlyMin, monthlyMax) = a.payPerHour ? (aMin, aMax, bMin, bMax) : (bMin, bMax, aMin, aMax)
        func multiple(_ value: Float, _ step: Float) -> Bool { abs(value / step - (value / step).rounded()) < 0.001 }
        let step: Float = [25, 10, 5].first { multiple(monthlyMin, $0) && multiple(monthlyMax, $0) } ?? 0
        for hours in [a.hoursMax, b.hoursMax] {
            // At 40 hours this is the scale comparison above (173.33 hours a month), at its own precision.
            guard let hours, hours > 0, hours <= 60, hours != 40 else { continue }
            let perMonth = hours * 52 / 12
            let tolerance = step / 2 + 0.005 * perMonth
            // `salaryMin` of an hourly rate is the rate times 173.33.
            func same(_ hourly: Float, _ monthly: Float) -> Bool { abs(hourly / 173.33 * perMonth - monthly) <= tolerance }
            if same(hourlyMin, monthlyMin) && same(hourlyMax, monthlyMax) { return true }
        }
        return false
    }

    /// Half a quarter euro an hour, a month (`FeatureExtractor.monthly`), with room for the rounding of Float.
    static let halfQuarterMonthly: Float = 0.125 * 173.33 + 0.01

    private static func close(_ x: Float, _ y: Float, within share: Float) -> Bool { abs(x - y) <= share * max(x, y) }

    /// Two [min, max] ranges: both ends equal within 2% (an agency's hourly rate converted back
    /// to a month lands within that), overlapping within 5%, or apart.
    private func ranges(_ aMin: Float?, _ aMax: Float?, _ bMin: Float?, _ bMax: Float?,
                        equal: Double, overlap: Double, disjoint: Double) -> Double {
        guard let aMin, let aMax, let bMin, let bMax else { return 0 }
        if Self.close(aMin, bMin, within: 0.02) && Self.close(aMax, bMax, within: 0.02) { return equal }
        let slack = 0.05 * max(aMax, bMax)
        return aMin <= bMax + slack && bMin <= aMax + slack ? overlap : disjoint
    }

    /// Estimated Jaccard similarity of the descriptions' content words, or -1 when one is missing.
    func descriptionSimilarity(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        let (x, y) = (a.minhash, b.minhash)
        guard !x.isEmpty, x.count == y.count else { return -1 }
        var equal = 0
        for k in x.indices where x[k] == y[k] { equal += 1 }
        return Double(equal) / Double(x.count)
    }

    private func description(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        if Self.cutCopy(a, b) { return 3 }
        let similarity = descriptionSimilarity(a, b)
        if similarity < 0 { return 0 }
        if similarity >= 0.6 { return 3 }
        if similarity >= 0.4 { return 1.5 }
        if similarity >= 0.25 { return 0.5 }
        // Agencies rewrite; two non-agency texts that share little are different jobs.
        return a.isAgency || b.isAgency ? 0 : -1
    }

    /// Facts in both sorted lists that neither record marks common; between postings of two ISCO groups, nor a word of the
    /// unit a title names (`RecordFeatures.unitFacts`): a care location's kitchen and its ward both name "locatie Huize
    /// Ter Weele", in their titles and their texts.
    static func sharedSpecificFacts(_ a: FeaturesRef, _ b: FeaturesRef) -> Int {
        let (x, y) = (a.facts, b.facts)
        // A unit's name is no fact of one opening between postings of two occupations.
        let oneOccupation = a.isco == 0 || b.isco == 0 || a.isco == b.isco
        let (aSkip, bSkip) = oneOccupation ? (a.commonFacts, b.commonFacts) : (a.commonFacts | a.unitFacts, b.commonFacts | b.unitFacts)
        var i = 0, j = 0, count = 0
        while i < x.count, j < y.count {
            if x[i] == y[j] {
                if aSkip & (1 << UInt16(i)) == 0, bSkip & (1 << UInt16(j)) == 0 { count += 1 }
                i += 1
                j += 1
            } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return count
    }

    /// Shared specific facts (numbers, names: see `FeatureExtractor.facts`). Two full postings of one
    /// job repeat some of them however they are reworded; two full postings that share none are
    /// likely two jobs. A teaser (job board) repeats only the opening, so sharing nothing says little.
    private func facts(_ a: FeaturesRef, _ b: FeaturesRef) -> Double {
        let shared = Self.sharedSpecificFacts(a, b) + (Self.sharedUnit(a, b) ? 1 : 0)
        if shared >= 2 { return 2.5 }
        if shared == 1 { return 1 }
        // An agency that hides its client leaves out what would name it (the street, the team, the products), so
        // sharing no fact with it says nothing; nor with its ad as a job board or werk.nl shows it, under the agency's
        // name ("Flexkracht Uitzendbureau", "Horeca Inzet").
        let hiding = (a.isAgency && !a.hasNamedEmployer) || (b.isAgency && !b.hasNamedEmployer)
            || Self.agencysByName(a) || Self.agencysByName(b)
        let full = a.longDescription && b.longDescription && a.specificFactCount >= 1 && b.specificFactCount >= 1
        return full && !hiding ? -1.5 : 0
    }
}

/// A record's features read in place: each rule loads the fields it needs, where passing the
/// `RecordFeatures` value would copy all of it.
@dynamicMemberLookup
struct FeaturesRef {
    let pointer: UnsafePointer<RecordFeatures>

    init(_ pointer: UnsafePointer<RecordFeatures>) { self.pointer = pointer }

    @inline(__always)
    subscript<T>(dynamicMember field: KeyPath<RecordFeatures, T>) -> T { pointer.pointee[keyPath: field] }

    var hasNamedEmployer: Bool { pointer.pointee.employer != 0 && pointer.pointee.employerTrusted }
    var specificFactCount: Int { pointer.pointee.facts.count - pointer.pointee.commonFacts.nonzeroBitCount }

    /// `body` on references to two values.
    static func with<Result>(_ a: RecordFeatures, _ b: RecordFeatures, _ body: (FeaturesRef, FeaturesRef) -> Result) -> Result {
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in body(FeaturesRef(a), FeaturesRef(b)) } }
    }
}
