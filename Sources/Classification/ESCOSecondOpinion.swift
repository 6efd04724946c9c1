import Foundation
import KaartenbakCore

/// ESCO's second opinion on the built-in taxonomy's reading of a title.
///
/// The built-in taxonomy reads every title first, exactly as it does without ESCO (`builtInReading`). Imported
/// ESCO labels then weigh in by evidence, never by their silence:
///
/// - A decided title stays decided unless ESCO names a different occupation with at least as much evidence: an
///   ESCO *preferred* label covering at least the words the built-in name covers outranks it (ESCO's own name for
///   the occupation, against our synonym), unless ESCO also knows the built-in reading closely or another part
///   of the title independently names the built-in reading; an *alternative* label or the nearest label makes it
///   unsure only when it explains more of the title than the built-in name does. Heads decided from the ad's
///   evidence (a CE licence) are left alone: ESCO has no evidence rules.
/// - A title the built-in taxonomy left unsure may be decided by an exact ESCO label or by retrieval over ESCO's
///   labels (`ESCOMatcher`), which abstains when its top candidates disagree on the unit group. A bare ambiguous
///   head ("chauffeur") or generic word ("medewerker") stays unsure.
///
/// So importing ESCO never turns a decided title unsure without naming what contradicts it, and a title ESCO has
/// nothing to say about codes as it does without ESCO.
extension OccupationClassifier {
    /// How close some ESCO label of the built-in reading's unit group must be (`ESCOMatcher.similarity`) for ESCO
    /// to count as knowing that reading too, so that an exact label of another group is one of ESCO's overlaps
    /// rather than a contradiction ("dierenarts" is an alternative label of 3240, but ESCO's 2250 labels are close).
    static let supportingSimilarity = 0.5

    /// How far the nearest label of an alternative label's own unit group must stand above every other unit group
    /// for the alternative label to decide alone (tuned on the tune half of melo-nl-dev).
    static let alternativeLabelMargin = 0.4

    struct ESCOHit {
        var key: String
        var groups: [String]
        var full: Bool
        /// The label's length in words.
        var words: Int
    }

    /// The second opinion: the built-in reading confirmed, overruled, doubted or, when it was unsure, completed.
    func secondOpinion(on reading: BuiltInReading, cleaned: CleanedTitle, context: AdContext) -> OccupationCoding {
        // ESCO's words: plural and female forms brought back to base forms ESCO knows too ("docenten" → "docent").
        let segments = cleaned.segments.map { $0.map { lexicon.baseForm($0) ?? $0 } }
        if reading.coding.isco != nil, let match = reading.match {
            let words = reading.segment.map { segments[$0] } ?? segments.flatMap { $0 }
            return review(reading, match: match, words: words, cleaned: cleaned, context: context)
        }
        // Nothing decided: ESCO may name the occupation of a segment, in the title's order.
        var readings: [Int: BuiltInReading] = [:]
        for r in [reading] + reading.others { if let s = r.segment { readings[s] = r } }
        if reading.segment == nil, reading.match != nil {
            // One built-in name spans the whole title and could not decide it (an ambiguous head).
            var near: String?
            return escoReading(segments.flatMap { $0 }, builtIn: reading, title: segments.flatMap { $0 }, undecided: &near)
                ?? noting(reading.coding, near)
        }
        var near: String?
        for index in segments.indices {
            var segmentNear: String?
            if let coding = escoReading(segments[index], builtIn: readings[index], title: segments.flatMap { $0 }, undecided: &segmentNear) {
                return coding
            }
            near = near ?? segmentNear
        }
        return noting(reading.coding, near)
    }

    /// An abstention that says which ESCO label came nearest and why it did not decide.
    private func noting(_ coding: OccupationCoding, _ near: String?) -> OccupationCoding {
        guard let near, coding.isco == nil else { return coding }
        var noted = coding
        noted.reasons.append(near)
        return noted
    }

    // MARK: - A decided title

    /// A decided built-in reading against ESCO's labels.
    private func review(_ reading: BuiltInReading, match: Match, words: [String],
                        cleaned: CleanedTitle, context: AdContext) -> OccupationCoding {
        let coding = reading.coding
        guard case .occupation = match.target, let isco = coding.isco else { return coding }
        let core = meaningful(words)
        let builtInShare = match.coverage
        // How much of the title ESCO's agreeing evidence explains; the nearest label below must explain more.
        var agreed = builtInShare
        var reviewed = coding
        if let hit = escoLabel(words, fullOnly: false) {
            let share = Double(hit.words) / Double(max(1, core.count))
            // A corrected spelling is a guess: an ESCO label of as many words as written is better evidence.
            let explainsMore = match.spelled ? share >= builtInShare : share > builtInShare
            if hit.groups.contains(isco) {
                reviewed = agreeing(coding, "ESCO label '\(hit.key)' agrees (ISCO \(isco))")
                agreed = max(agreed, share)
            } else if explainsMore {
                // ESCO names more of the title than the built-in name does ("technisch directeur" against
                // "directeur", "fitnesstrainer" against the compound's "trainer"): its label is the better evidence.
                if hit.full { return escoCoding(hit, agreeingWith: nil, doubt: words) }
                if lexicon.escoPreferred.contains(hit.key), hit.groups.count == 1 { return outranked(coding, by: hit) }
                return abstaining(coding, "but ESCO's label '\(hit.key)' (ISCO \(hit.groups.joined(separator: ", "))) explains more of the title: not decided",
                                  more: hit.groups.map { escoCandidate($0, hit.key, 0.5) })
            } else if share == builtInShare, lexicon.escoPreferred.contains(hit.key), !supported(words, isco: isco) {
                // The same words, named by ESCO's preferred label as another unit group: ESCO's own name for the
                // occupation outranks our synonym, unless ESCO knows our reading too or the title names it twice.
                if otherSegmentReads(isco, reading, cleaned: cleaned, context: context) {
                    // "Klusjesman / allround onderhoudsmedewerker": two names of the job against ESCO's one.
                    var kept = coding
                    kept.reasons.append("ESCO's preferred label '\(hit.key)' is ISCO \(hit.groups.joined(separator: ", ")), "
                                        + "but another part of the title names \(isco) too: kept")
                    return kept
                }
                if hit.groups.count == 1 { return outranked(coding, by: hit) }
                return abstaining(coding, "but ESCO's preferred label '\(hit.key)' is ISCO \(hit.groups.joined(separator: ", ")): not decided",
                                  more: hit.groups.map { escoCandidate($0, hit.key, 0.5) })
            }
            // An alternative label for the same words is no contradiction: ESCO files one phrase under several
            // occupations ("medewerker klantenservice" under 2431 and 4225).
        }
        if agreed < 1, let near = lexicon.escoMatcher.match(words), near.score >= lexicon.escoMatcher.parameters.threshold {
            let reason = nearestReason(near)
            if near.isco == isco { return near.decisive ? agreeing(reviewed, reason + ": agrees") : reviewed }
            // The nearest label contradicts the reading when it explains more of the title than the evidence for the
            // reading does, and clears the threshold: a contradiction needs no margin over other unit groups, only
            // that the best reading of the whole title is not ours. A label that shares only the built-in's own words
            // ("beleidsadviseur milieu" for "beleidsadviseur mobiliteit") has no evidence the built-in reading lacks.
            if near.coverage > agreed {
                return abstaining(coding, "but " + reason + ", and explains more of the title: not decided",
                                  more: [escoCandidate(near.isco, near.label, round2(near.score))])
            }
        }
        return reviewed
    }

    /// ESCO knows the built-in reading too: a label of that unit group is close to the title.
    private func supported(_ words: [String], isco: String) -> Bool {
        lexicon.escoMatcher.similarity(words, isco: isco) >= Self.supportingSimilarity
    }

    /// Whether another segment of the title, read by the built-in taxonomy alone, decides the same unit group.
    private func otherSegmentReads(_ isco: String, _ reading: BuiltInReading, cleaned: CleanedTitle, context: AdContext) -> Bool {
        guard cleaned.segments.count > 1, let own = reading.segment else { return false }
        var segments = builtInSegments(cleaned)
        for index in segments.indices where index != own {
            if builtInSegment(&segments[index], cleaned: cleaned, context: context)?.coding.isco == isco { return true }
        }
        return false
    }

    /// ESCO's preferred label outranks the built-in synonym it contradicts ("evenementenbeveiliger" is ESCO's 5419).
    private func outranked(_ builtIn: OccupationCoding, by hit: ESCOHit) -> OccupationCoding {
        var coding = builtIn
        coding.isco = hit.groups[0]
        coding.occupation = nil
        coding.occupationLabel = nil
        coding.candidates.insert(escoCandidate(hit.groups[0], hit.key, 0.8), at: 0)
        coding.reasons.append("ESCO's preferred label '\(hit.key)' is ISCO \(hit.groups[0]): it outranks the built-in synonym")
        return coding
    }

    private func agreeing(_ builtIn: OccupationCoding, _ reason: String) -> OccupationCoding {
        var coding = builtIn
        coding.reasons.append(reason)
        coding.confidence = max(coding.confidence, 0.85)
        return coding
    }

    // MARK: - A title the built-in taxonomy left unsure

    /// ESCO's reading of a segment the built-in taxonomy did not decide (`builtIn`: its reading there, if any).
    private func escoReading(_ words: [String], builtIn: BuiltInReading?, title: [String], undecided: inout String?) -> OccupationCoding? {
        // An ambiguous head alone ("chauffeur") is the evidence rules' to decide; a generic word alone
        // ("medewerker") names nothing. With more words ("docent farmacie") ESCO may name the occupation.
        if let match = builtIn?.match, case .head = match.target, match.rest.isEmpty { return nil }
        // The title's own words contradict its name ("docent mbo" with "1e graads"): ESCO's labels do not say which is right.
        if builtIn?.caution == .contradicted { return nil }
        var tentative = builtIn?.tentative
        // A shop's name at a bank's or a post office's counter: an ESCO label agreeing with the shop's name does not
        // know the setting either; only ESCO's own reading of the whole title may decide.
        if case .counter = builtIn?.caution { tentative = nil }
        var managing: String?
        if case .managing(let boss) = builtIn?.caution {
            // "Hoofd kraamzorg" is not maternity care: only an ESCO name with the managing word may decide it.
            managing = boss
            tentative = nil
        }
        func names(_ label: String) -> Bool { managing.map { TextTokens.key(label).split(separator: " ").contains(Substring($0)) } ?? true }
        if let hit = escoLabel(words, fullOnly: true) { return escoCoding(hit, agreeingWith: tentative, doubt: words) }
        // The nearest label decides only when it names nothing the title does not ("modelmaker ceramiek" is no
        // reading of "modelmaker hout": a narrower occupation of the same head may be filed elsewhere), unless the
        // built-in reading already names its unit group.
        if let near = lexicon.escoMatcher.match(words), near.score >= lexicon.escoMatcher.parameters.threshold {
            let namesMore = lexicon.escoMatcher.namesMore(near, title: title)
            if near.decisive, names(near.label), tentative?.isco == near.isco || !namesMore {
                return nearestCoding(near, agreeingWith: tentative)
            }
            let why = !near.decisive ? "another unit group comes within \(lexicon.escoMatcher.parameters.margin)"
                : !names(near.label) ? "it lacks the managing word" : "it names more than the title"
            undecided = "nearest ESCO label: " + nearestReason(near) + "; not decided: " + why
        }
        // A label for half the title or more, unless it is only a person word that ESCO uses for many unit groups:
        // ESCO files bare "medewerker" and "manager" under one occupation each, which says nothing of this title.
        if let hit = escoLabel(words, fullOnly: false), names(hit.key), !lexicon.escoMatcher.isGeneric(hit.key) {
            return escoCoding(hit, agreeingWith: tentative)
        }
        return nil
    }

    /// The nearest label decides a title the built-in taxonomy could not; agreeing with a cautious built-in reading
    /// it confirms it, disagreeing the two are unsure.
    private func nearestCoding(_ near: ESCOMatcher.Result, agreeingWith tentative: OccupationCoding?) -> OccupationCoding {
        let reason = nearestReason(near)
        if let tentative, let isco = tentative.isco {
            if isco == near.isco { return agreeing(tentative, reason + ": agrees") }
            return abstaining(tentative, "but " + reason + ": not decided",
                              more: [escoCandidate(near.isco, near.label, round2(near.score))])
        }
        let confidence = round2(min(0.8, 0.5 + 0.3 * near.score))
        return OccupationCoding(isco: near.isco, occupation: nil, occupationLabel: nil, confidence: confidence, ambiguous: false,
                                candidates: [escoCandidate(near.isco, near.label, confidence)], reasons: [reason])
    }

    private func nearestReason(_ near: ESCOMatcher.Result) -> String {
        "title is close to ESCO label '\(near.label)' (similarity \(round2(near.score)), covers \(near.explainedWords) of \(near.titleWords) words, "
            + "next unit group \(round2(near.runnerUp))) → ISCO \(near.isco)"
    }

    /// An alternative or hidden ESCO label is a weaker name than a preferred one: it is often a broader or older
    /// word that other occupations are also called by ("technisch directeur", "controleur"). Such a label decides
    /// alone only when no label of another unit group comes close to the title.
    private func doubtfulAlternativeLabel(_ hit: ESCOHit, _ segment: [String], builtIn: OccupationCoding?) -> OccupationCoding? {
        guard hit.groups.count == 1, !lexicon.escoPreferred.contains(hit.key) else { return nil }
        if let isco = builtIn?.isco, isco == hit.groups[0] { return nil }
        guard let near = lexicon.escoMatcher.match(segment), near.isco == hit.groups[0],
              near.score - near.runnerUp < Self.alternativeLabelMargin else { return nil }
        let other = near.runnerUpIsco.map { " (ISCO \($0), similarity \(round2(near.runnerUp)))" } ?? ""
        return OccupationCoding(confidence: 0, ambiguous: true,
                                candidates: [escoCandidate(hit.groups[0], hit.key, 0.5)]
                                    + (near.runnerUpIsco.map { [escoCandidate($0, "", round2(near.runnerUp))] } ?? []),
                                reasons: ["title is ESCO's alternative label '\(hit.key)' → ISCO \(hit.groups[0]), but labels of another unit group come close\(other): not decided"])
    }

    /// An ESCO label's coding; with `doubt` (the title's words), an alternative label that labels of another unit
    /// group come close to does not decide.
    private func escoCoding(_ hit: ESCOHit, agreeingWith builtIn: OccupationCoding?, doubt words: [String]? = nil) -> OccupationCoding {
        if let words, let doubt = doubtfulAlternativeLabel(hit, words, builtIn: builtIn) { return doubt }
        let how = hit.full ? "is" : "contains"
        if hit.groups.count == 1 || (builtIn?.isco).map(hit.groups.contains) == true {
            let group = hit.groups.count == 1 ? hit.groups[0] : (builtIn?.isco ?? hit.groups[0])
            if let builtIn, builtIn.isco == group { return agreeing(builtIn, "ESCO label '\(hit.key)' agrees (ISCO \(group))") }
            let confidence = hit.full ? 0.8 : 0.6
            return OccupationCoding(isco: group, occupation: nil, occupationLabel: nil, confidence: confidence, ambiguous: false,
                                    candidates: [escoCandidate(group, hit.key, confidence)],
                                    reasons: ["title \(how) ESCO label '\(hit.key)' → ISCO \(group)"])
        }
        return OccupationCoding(confidence: 0, ambiguous: true,
                                candidates: hit.groups.map { escoCandidate($0, hit.key, 0.5) },
                                reasons: ["ESCO label '\(hit.key)' belongs to several ISCO groups (\(hit.groups.joined(separator: ", ")))"])
    }

    // MARK: - Labels

    /// The longest imported ESCO label in the segment that covers at least half of it (the whole segment only,
    /// when `fullOnly`).
    func escoLabel(_ words: [String], fullOnly: Bool) -> ESCOHit? {
        guard lexicon.hasESCO else { return nil }
        let core = meaningful(words)
        guard !core.isEmpty else { return nil }
        for length in stride(from: min(core.count, 8), through: fullOnly ? core.count : 1, by: -1) where length <= core.count {
            if !fullOnly && Double(length) < Double(core.count) * 0.5 { break }
            for start in 0...(core.count - length) {
                let key = core[start..<(start + length)].joined(separator: " ")
                if let groups = lexicon.esco[key] {
                    return ESCOHit(key: key, groups: groups, full: length == core.count, words: length)
                }
            }
        }
        return nil
    }

    private func escoCandidate(_ isco: String, _ label: String, _ score: Double) -> OccupationCandidate {
        OccupationCandidate(isco: isco, occupation: "esco:\(isco)", label: label, score: score)
    }
}

func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
