import Foundation
import KaartenbakCore

/// An operator's decision from the review loop: titles matching `titlePattern` (and containing
/// `evidence`, when given) are this occupation. Applied before anything else.
public struct Override: Sendable, Equatable {
    /// Cleaned title text; a trailing "*" matches any continuation.
    public var titlePattern: String
    /// A word or phrase that must occur in the title or description.
    public var evidence: String?
    public var occupationId: String

    public init(titlePattern: String, evidence: String? = nil, occupationId: String) {
        self.titlePattern = titlePattern
        self.evidence = evidence
        self.occupationId = occupationId
    }

    /// Reads an overrides file: tab-separated title pattern, evidence (may be empty), occupation id;
    /// `#` starts a comment. A missing file means no overrides.
    public static func load(path: String, taxonomy: Taxonomy) throws -> [Override] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw KaartenbakError(.io, "cannot read overrides", at: Location(file: path), cause: error)
        }
        var result: [Override] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 3 else {
                throw KaartenbakError(.configuration, "an override needs 3 tab-separated fields: title pattern, evidence, occupation id",
                                      at: Location(file: path, line: n + 1))
            }
            guard taxonomy.occupation(id: f[2]) != nil else {
                throw KaartenbakError(.configuration, taxonomy.unknownOccupationMessage(f[2]), at: Location(file: path, line: n + 1))
            }
            result.append(Override(titlePattern: f[0], evidence: f[1].isEmpty ? nil : f[1], occupationId: f[2]))
        }
        return result
    }
}

/// Classifies vacancy titles to occupations and ISCO-08 unit groups, and abstains when unsure.
///
/// Sendable: all state is immutable after `init`.
public final class OccupationClassifier: Sendable {
    public let taxonomy: Taxonomy
    let lexicon: Lexicon
    let evidence: EvidenceIndex
    let overrides: [(pattern: [String], prefix: Bool, evidence: [String]?, occupation: Int)]

    /// Decide for a head only when the best unit group scores at least this and beats the next by `margin`.
    static let minimumScore = 2.5
    static let margin = 1.5
    /// Prior of a head's default occupation (equal to the minimum: it wins when nothing contradicts it).
    static let defaultPrior = 2.5
    static let titleFactor = 1.5
    /// Words that make a title a managing or supervising role over the occupation it names.
    static let managerialWords: Set<String> = ["hoofd", "manager", "leider", "leidinggevende", "chef", "directeur", "teamleider",
                                               "coordinator", "supervisor", "voorman", "afdelingshoofd", "head", "lead", "ploegleider",
                                               "bedrijfsleider", "eindverantwoordelijke", "opzichter", "uitvoerder"]
    /// Final parts too loose to classify a compound by ("burgemeester" is no schoolmaster). A technician or an analyst
    /// of an unknown field ("vliegtuigtechnicus", "marktanalist") is no fitter or laboratory analyst either: the bare
    /// heads "technicus" and "analist" are decided from the ad's evidence only when they stand alone.
    static let weakCompoundHeads: Set<String> = ["meester", "secretaris", "arts", "leider", "bakker", "ontwikkelaar",
                                                 "brandwacht", "wacht", "houder", "maker", "werker", "man", "vrouw", "kok",
                                                 "technicus", "analist"]

    /// The heads whose evidence rules weigh an occupation (the heads it is a candidate of): "docent mbo" is one of
    /// the docent's readings, and the docent's evidence ("1e graads", "hbo") names the level.
    let headsOfOccupation: [Int: [String]]
    /// The compound forms of each head by its name (of the first head of that name): read for every title
    /// `titleEvidenceAgainst` checks, where a search of the heads per title was repeated work.
    let headForms: [String: [String]]
    /// Per word, the ISCO unit groups of the built-in names that begin with it and go on with a field
    /// ("constructeur bouw" 2142, "constructeur werktuigbouw" 2144): the field after the word decides the group.
    let groupsByFieldAfter: [String: Set<String>]

    public init(taxonomy: Taxonomy, overrides: [Override] = []) {
        self.taxonomy = taxonomy
        self.lexicon = Lexicon(taxonomy: taxonomy)
        self.evidence = EvidenceIndex(rules: taxonomy.evidence)
        var heads: [Int: [String]] = [:]
        for head in taxonomy.heads { for c in head.candidates where heads[c]?.contains(head.name) != true { heads[c, default: []].append(head.name) } }
        self.headsOfOccupation = heads
        var forms: [String: [String]] = [:]
        for head in taxonomy.heads where forms[head.name] == nil { forms[head.name] = head.forms }
        self.headForms = forms
        var fields: [String: Set<String>] = [:]
        for occupation in taxonomy.occupations {
            for name in [occupation.label] + occupation.synonyms {
                let words = TextTokens.tokens(name).map(\.text)
                if words.count >= 2 { fields[words[0], default: []].insert(occupation.isco) }
            }
        }
        self.groupsByFieldAfter = fields
        var compiled: [(pattern: [String], prefix: Bool, evidence: [String]?, occupation: Int)] = []
        for o in overrides {
            guard let index = taxonomy.occupations.firstIndex(where: { $0.id == o.occupationId }) else { continue }
            let prefix = o.titlePattern.hasSuffix("*")
            let pattern = TextTokens.tokens(prefix ? String(o.titlePattern.dropLast()) : o.titlePattern).map(\.text)
            compiled.append((pattern, prefix, o.evidence.map { TextTokens.tokens($0).map(\.text) }, index))
        }
        self.overrides = compiled
    }

    /// Classifies one vacancy. Never fails; an empty title gives `OccupationCoding.none`.
    /// `publisher` is accepted for the pipeline's sake but not used yet: no rule depends on it.
    public func classify(title: String, description: String? = nil, employer: String? = nil,
                         publisher: PublisherKind? = nil) -> OccupationCoding {
        classify(title: title, context: AdContext(description: description, employer: employer))
    }

    /// The ad around a title: its description and employer, which decide ambiguous heads. It notes
    /// whether the classifier read them: a coding made without them holds for every ad with the
    /// same title, which is what `TitleCodingCache` keeps.
    public final class AdContext {
        private let storedDescription: String?
        private let storedEmployer: String?
        public private(set) var wasRead = false
        public init(description: String?, employer: String?) {
            storedDescription = description
            storedEmployer = employer
        }
        var description: String? { wasRead = true; return storedDescription }
        var employer: String? { wasRead = true; return storedEmployer }
    }

    /// `classify` for a title in its ad; `context` says afterwards whether the ad was read.
    public func classify(title: String, context: AdContext) -> OccupationCoding {
        classify(cleaned: TitleCleaner.clean(title), context: context)
    }

    /// `classify` for a title already cleaned. Without the ad (`context` not read) the coding
    /// depends on the cleaned title's text and segments alone: its other parts (all tokens,
    /// licences) are read only with the ad's evidence.
    ///
    /// The built-in taxonomy reads the title first, exactly as it would without ESCO; imported ESCO labels then
    /// give a second opinion (`secondOpinion`, ESCOSecondOpinion.swift) that may confirm, overrule or doubt that
    /// reading only with evidence of their own, and decide titles the built-in taxonomy left unsure.
    public func classify(cleaned: CleanedTitle, context: AdContext) -> OccupationCoding {
        // Every coding leaves with its candidates' scores on one scale (`withCandidateShares`).
        decide(cleaned: cleaned, context: context).withCandidateShares()
    }

    private func decide(cleaned: CleanedTitle, context: AdContext) -> OccupationCoding {
        if let coding = applyOverrides(cleaned, context) { return coding }
        let reading = builtInReading(cleaned, context: context)
        let coding = lexicon.hasESCO ? secondOpinion(on: reading, cleaned: cleaned, context: context) : reading.coding
        if let isco = coding.isco, !isco.hasPrefix("0"), let force = armedForce(cleaned.allTokens) {
            // ISCO-08 files members of the armed forces in major group 0 by rank, whatever their trade ("officier
            // brandweer ... koninklijke luchtmacht" is an officer, not a fire service manager); neither taxonomy
            // reads ranks, so such a title is not decided by its trade.
            return abstaining(coding, "but '\(force)' makes it an armed forces occupation (ISCO major group 0): not decided")
        }
        return coding
    }

    /// The armed force a title names as "koninklijke" + one of `armedForces` ("koninklijke marine"), or nil.
    func armedForce(_ tokens: [String]) -> String? {
        for (k, word) in tokens.enumerated() {
            if word == "koninklijke", k + 1 < tokens.count, Self.armedForces.contains(tokens[k + 1]) { return "koninklijke " + tokens[k + 1] }
        }
        return nil
    }

    /// The Dutch armed forces, as titles name them after "koninklijke".
    static let armedForces: Set<String> = ["marine", "luchtmacht", "landmacht", "marechaussee"]

    /// Why a built-in match that named an occupation was not decided.
    enum Caution: Equatable {
        /// A word of the title makes it a managing role over the occupation named ("hoofd kraamzorg").
        case managing(String)
        /// The match needed a corrected spelling and explains only part of the title.
        case spelling
        /// The match explains less than half of the title.
        case partial
        /// The title's own words are evidence for another reading of the same head ("docent motorvoertuigentechniek,
        /// 1e graads": the synonym says mbo, the level says voortgezet onderwijs).
        case contradicted
        /// A name followed by a field that decides among sibling unit groups, and that field is not the reading's
        /// ("constructeur bouwkunde": constructeur bouw is 2142, constructeur werktuigbouw 2144).
        case siblingField
        /// A shop's sales or till occupation in a title that names a bank or a post office, whose counter work ISCO-08
        /// files apart (4211 bank tellers and post office counter clerks; a bank's sales are financial products).
        case counter(String)
    }

    /// What the built-in taxonomy alone reads in a title: what the classifier answers without ESCO, and what
    /// that answer rests on, for ESCO's second opinion.
    struct BuiltInReading {
        var coding: OccupationCoding
        /// The segment that gave the coding; nil when one synonym spans the whole title or nothing matched.
        var segment: Int?
        var match: Match?
        /// The coding before caution made it an abstention, and the caution.
        var tentative: OccupationCoding?
        var caution: Caution?
        /// The other segments' readings that were made on the way (none of them decided): those before `segment`
        /// when it decided, the later abstentions when nothing did.
        var others: [BuiltInReading] = []
    }

    /// The built-in taxonomy's reading: the whole title first (a synonym may span "/"), then each segment in order;
    /// the first decided segment answers, else the first that abstained. Words are normalised by the built-in
    /// vocabulary only, so the reading is the same with ESCO imported or not.
    func builtInReading(_ cleaned: CleanedTitle, context: AdContext) -> BuiltInReading {
        var segments = builtInSegments(cleaned)
        let whole = segments.flatMap { $0 }
        if segments.count > 1, let match = fullMatch(whole) {
            return BuiltInReading(coding: resolve(match, cleaned: cleaned, context: context), segment: nil, match: match)
        }
        var abstentions: [BuiltInReading] = []
        for index in segments.indices {
            guard var reading = builtInSegment(&segments[index], cleaned: cleaned, context: context) else { continue }
            reading.segment = index
            if reading.coding.isco != nil {
                reading.others = abstentions
                return reading
            }
            abstentions.append(reading)
        }
        if var first = abstentions.first {
            first.others = Array(abstentions.dropFirst())
            return first
        }
        var none = OccupationCoding.none
        if cleaned.text.isEmpty { none.reasons = ["the title has no occupation words after cleaning"] }
        else { none.reasons = ["no occupation in the taxonomy matches '\(cleaned.text)'"] }
        return BuiltInReading(coding: none, segment: nil, match: nil)
    }

    /// The cleaned title's segments with plural and female forms brought back to built-in base forms.
    func builtInSegments(_ cleaned: CleanedTitle) -> [[String]] {
        cleaned.segments.map { $0.map { lexicon.baseForm($0, withESCO: false) ?? $0 } }
    }

    /// One segment by the built-in taxonomy: its synonyms (after a spelling correction when they explain only part),
    /// then caution about partial matches. Nil when no built-in name occurs in it.
    func builtInSegment(_ segment: inout [String], cleaned: CleanedTitle, context: AdContext) -> BuiltInReading? {
        var reasons: [String] = []
        var match = bestMatch(segment)
        if match == nil || (match?.coverage ?? 0) < 1 {
            // Typos: correct unknown long words towards the vocabulary, then try again.
            var corrected = segment
            for (k, word) in corrected.enumerated() where !lexicon.isKnown(word, withESCO: false) {
                if let fix = lexicon.correction(word) { corrected[k] = fix; reasons.append("'\(word)' read as '\(fix)' (spelling)") }
            }
            if corrected != segment, var fixed = bestMatch(corrected), fixed.coverage > (match?.coverage ?? 0) {
                segment = corrected
                fixed.confidenceCap = 0.8
                fixed.reasons = reasons
                fixed.spelled = true
                match = fixed
            }
        }
        guard let match else { return nil }
        let coding = resolve(match, cleaned: cleaned, context: context)
        var reading = BuiltInReading(coding: coding, segment: nil, match: match)
        if case .occupation(let index) = match.target, let isco = coding.isco,
           let against = titleEvidenceAgainst(index, isco: isco, cleaned: cleaned) {
            // A qualifier naming another level or kind of the same head: the reading's name and the title's own
            // evidence disagree, and nothing says which is right.
            reading.caution = .contradicted
            reading.tentative = coding
            reading.coding = abstaining(coding, "but \(against) in the title names another reading of the same head: not decided")
            return reading
        }
        if case .occupation = match.target, let isco = coding.isco, Self.soldInShops(isco),
           let counter = cleaned.allTokens.first(where: Self.counterSettings.contains) {
            // "Kassier bankbedrijf", "Verkoopmedewerker postkantoor": the name is the shop's, the setting is not, and
            // ISCO-08 files the counter of a bank or a post office under 4211 (a bank's sales under finance, 331x).
            // Which of those it is, the title does not say.
            reading.caution = .counter(counter)
            reading.tentative = coding
            reading.coding = abstaining(coding, "but '\(counter)' is a bank's or a post office's counter, which ISCO-08 files apart "
                                        + "from shop work (4211): not decided")
            return reading
        }
        guard match.coverage < 1, coding.isco != nil else { return reading }
        // Most of the title unexplained: the words we know may not be its occupation.
        if case .occupation = match.target, let boss = match.rest.first(where: isManaging) {
            // "Hoofd kraamzorg" manages maternity care; it is not maternity care.
            reading.caution = .managing(boss)
            reading.coding = abstaining(coding, "but '\(boss)' suggests a managing role: not decided")
        } else if case .occupation(let index) = match.target, match.words.count == 1,
                  isManaging(match.words[0]) || Self.officeHolders.contains(match.words[0]),
                  !match.rest.isEmpty, !match.rest.contains(where: lexicon.occupationWords[index].contains) {
            // A managing word alone names a general manager or a head cook ("chef"); followed by what it manages
            // ("chef afwas", "opzichter bovenleiding") it is the head of that, which ISCO files by what is managed. A field
            // that the occupation's own names give it ("schoolleider ... onderwijs") is the field it manages anyway.
            reading.caution = .managing(match.words[0])
            reading.coding = abstaining(coding, "but '\(match.words[0])' heads '\(match.rest.joined(separator: " "))' here: not decided")
        } else if case .occupation(let index) = match.target, let isco = coding.isco, match.words.count == 1,
                  let sibling = siblingGroup(of: match.words[0], isco: isco),
                  match.rest.contains(where: { !lexicon.occupationWords[index].contains($0) }) {
            // The taxonomy's own names say the field after this word decides among sibling unit groups ("constructeur
            // bouw" 2142, "constructeur werktuigbouw" 2144); a field that is not the reading's own may be the sibling's.
            reading.caution = .siblingField
            reading.coding = abstaining(coding, "but the field after '\(match.words[0])' decides between \(isco) and \(sibling), "
                                        + "and '\(match.rest.joined(separator: " "))' is not one of \(isco)'s: not decided")
        } else if match.spelled {
            // Two guesses in a row (the spelling, then that the other words do not matter) are one too many.
            reading.caution = .spelling
            reading.coding = abstaining(coding, "but the corrected word explains only part of '\(segment.joined(separator: " "))': not decided")
        } else if match.coverage < 0.5, case .occupation = match.target {
            // Less than half a title is a guess. An occupation plus its domain ("lasser pijpleidingen", "kok
            // zorgkeuken"), exactly half, is the most common Dutch ad title and is decided.
            reading.caution = .partial
            reading.coding = abstaining(coding, "but half or more of '\(segment.joined(separator: " "))' is not explained by it: not decided")
        }
        if reading.caution != nil { reading.tentative = coding }
        return reading
    }

    /// Title evidence against a reading: a term or licence of the title that the evidence rules of a head the occupation
    /// belongs to give to another unit group, while no title evidence of those heads supports the reading's group.
    /// Nil when the occupation is no head's candidate or the title has no such evidence.
    func titleEvidenceAgainst(_ index: Int, isco: String, cleaned: CleanedTitle) -> String? {
        guard let heads = headsOfOccupation[index] else { return nil }
        var against: String?
        let licences = Set(cleaned.licences.map { $0 == "code 95" ? "CODE95" : $0 })
        for head in heads {
            guard let rules = evidence.rulesByHead[head] else { continue }
            // The first part of a compound of the head ("touringcar" of "touringcarchauffeur") is the title's word too,
            // as when the head reads its evidence.
            let forms = headForms[head] ?? []
            let firstParts = cleaned.allTokens.compactMap { token in
                forms.first { token.hasSuffix($0) && token.count > $0.count + 2 }.map { String(token.dropLast($0.count)) }
            }
            let hits = evidence.scanTitle(cleaned.allTokens + firstParts, relevantRules: Set(rules))
            for r in rules {
                let term = hits[r].map { "'\($0)'" } ?? evidence.rules[r].licences.first(where: licences.contains).map { "'\($0)' licence" }
                guard let term else { continue }
                let group = taxonomy.occupations[evidence.rules[r].occupation].isco
                if group == isco { return nil }
                if against == nil { against = "\(term) (\(group))" }
            }
        }
        return against
    }

    /// A unit group of the same ISCO minor group (the first three digits) that a built-in name beginning with `word`
    /// and going on with a field gives: the field decides between siblings. Only for managers, professionals and
    /// associate professionals (major groups 1-3), whom ISCO-08 files by their field of knowledge (civil against
    /// mechanical engineering); crafts and operators it files by material or machine, which the department or shift
    /// that ads name after a trade ("Timmerman afdeling nieuwbouw", "Timmerman tweeploegendienst") does not name.
    func siblingGroup(of word: String, isco: String) -> String? {
        guard let major = isco.first, "123".contains(major) else { return nil }
        return groupsByFieldAfter[word]?.sorted().first { $0 != isco && $0.prefix(3) == isco.prefix(3) }
    }

    /// A word that names a managing or leading role: a managing word ("leider", "manager", "uitvoerder"), or a compound
    /// of a known first part and one ("projectleider", "verkoopleider", "zorgmanager", "hoofduitvoerder"). Such a
    /// role is filed by what it leads: "productieleider televisie" is no production supervisor in manufacturing, and
    /// "begeleider" (no known first part "bege") leads nothing.
    func isManaging(_ word: String) -> Bool {
        if Self.managerialWords.contains(word) { return true }
        for boss in Self.managingSuffixes where word.count > boss.count + 2 && word.hasSuffix(boss) {
            let first = String(word.dropLast(boss.count))
            if lexicon.vocabulary.contains(first) || (first.hasSuffix("s") && lexicon.vocabulary.contains(String(first.dropLast()))) {
                return true
            }
        }
        return false
    }

    /// Words naming an office held in the body that follows them: a "secretaris" of an association, a board or a
    /// government service is that body's officer (ISCO-08 3343, 1114, 1112), filed by the body as a managing word is
    /// by what it leads; alone, or as "secretaresse", the word is the office secretary (4120).
    static let officeHolders: Set<String> = ["secretaris"]

    /// Unit groups of shop work: shop sales (52xx) and the sales representative who sells goods (3322).
    static func soldInShops(_ isco: String) -> Bool { isco.hasPrefix("52") || isco == "3322" }

    /// Words naming a bank or a post office as a workplace (as whole words: "bankwerker" is a metalworker).
    static let counterSettings: Set<String> = ["bank", "banken", "bankbedrijf", "bankfiliaal", "postkantoor", "postkantoren",
                                               "postagentschap"]

    /// The final parts that make a compound a managing role.
    static let managingSuffixes = ["leider", "manager", "directeur", "coordinator", "uitvoerder"]

    /// A decision turned into an abstention that keeps its candidates and says why.
    func abstaining(_ coding: OccupationCoding, _ reason: String, more: [OccupationCandidate] = []) -> OccupationCoding {
        var abstain = coding
        abstain.isco = nil
        abstain.occupation = nil
        abstain.occupationLabel = nil
        abstain.ambiguous = true
        abstain.confidence = 0
        abstain.candidates += more
        abstain.reasons.append(reason)
        return abstain
    }

    // MARK: - Matching

    struct Match {
        var target: Target
        var words: [String]
        /// Title words not part of the match (evidence for heads).
        var rest: [String]
        /// Share of the segment's meaningful words covered.
        var coverage: Double
        var how: String
        var confidenceCap: Double = 1
        var reasons: [String] = []
        /// The match was found only after correcting the spelling of a title word.
        var spelled = false
    }

    func meaningful(_ words: [String]) -> [String] { words.filter { !Lexicon.fillers.contains($0) } }

    private func fullMatch(_ words: [String]) -> Match? {
        let core = meaningful(words)
        guard !core.isEmpty, let target = lexicon.lookup(core[...]) else { return nil }
        return Match(target: target, words: core, rest: [], coverage: 1, how: "synonym")
    }

    /// The longest known phrase in the segment; compounds split when nothing is known.
    func bestMatch(_ words: [String]) -> Match? {
        let core = meaningful(words)
        guard !core.isEmpty else { return nil }
        let maxLength = min(core.count, 6)
        // A letter standing before a word is that word's prefix cut off at its hyphen ("e-commerce" → "e", "commerce"):
        // one word, not two, when the share of the title explained is counted.
        let prefixLetters = core.indices.dropLast().filter { k in
            core[k].count == 1 && core[k].first!.isLetter && core[k + 1].count > 1
        }.count
        let wordCount = Double(core.count - prefixLetters)
        var found: Match?
        outer: for length in stride(from: maxLength, through: 1, by: -1) {
            for start in 0...(core.count - length) {
                let span = core[start..<(start + length)]
                guard let target = lexicon.lookup(span) else { continue }
                let rest = Array(core[..<start] + core[(start + length)...])
                // Words that also occur in the occupation's own synonyms ("openbaar vervoer" with "buschauffeur") count as explained.
                var explained = length
                // So do other names of the same occupation: "serveersters en bedieningsmedewerkers".
                if case .occupation(let index) = target {
                    explained += rest.filter { word in
                        lexicon.occupationWords[index].contains(word)
                            || ([word] + Lexicon.variants(word)).contains { lexicon.lookup([$0]) == target }
                    }.count
                }
                found = Match(target: target, words: Array(span), rest: rest,
                              coverage: min(1, Double(explained) / wordCount), how: length == core.count ? "synonym" : "phrase")
                break outer
            }
        }
        if var match = found, case .head(let h) = match.target, taxonomy.heads[h].candidates.isEmpty {
            // A generic head ("medewerker"): the other words name the occupation.
            if let better = genericHeadMatch(head: match.words.joined(separator: " "), modifiers: match.rest) { return better }
            // A generic word with no known modifier: abstain, and let no ESCO label overrule that.
            match.coverage = match.rest.isEmpty ? 1 : 0.5
            return match
        }
        if let found { return operatedMachine(found) ?? namedBesideField(found) ?? found }
        guard let compound = compoundMatch(core) else { return nil }
        if case .head(let h) = compound.target, taxonomy.heads[h].candidates.isEmpty,
           let better = genericHeadMatch(head: compound.words.joined(separator: " "), modifiers: compound.rest) {
            return better
        }
        return compound
    }

    /// A generic worker word read with a workplace ("medewerker magazijn", "magazijnmedewerker") while the title also
    /// names a machine the worker operates ("... heftruck"): ISCO files machine operators and drivers (major group 8)
    /// by what they operate, wherever they work, so "Medewerker magazijn heftruck" is the forklift driver that
    /// "Heftruckchauffeur" is. Nil when the title names no such machine.
    private func operatedMachine(_ match: Match) -> Match? {
        guard case .occupation(let index) = match.target, !taxonomy.occupations[index].isco.hasPrefix("8"),
              !match.rest.isEmpty else { return nil }
        // The generic word: one of the match's words, or the last part of one ("magazijnmedewerker").
        guard let head = match.words.lazy.compactMap({ word in
            self.lexicon.genericHeads.first { word == $0 || (word.hasSuffix($0) && word.count > $0.count + 2) }
        }).first else { return nil }
        for modifier in match.rest {
            // The occupation read already takes this machine as its tool ("orderpicker reachtruck" is an order picker).
            guard !lexicon.occupationWords[index].contains(modifier),
                  let better = genericHeadMatch(head: head, modifiers: [modifier], byModifierAlone: false),
                  case .occupation(let other) = better.target, taxonomy.occupations[other].isco.hasPrefix("8") else { continue }
            // So does a task the title also names ("magazijnmedewerker orderpicking reachtruck"): the task is the job.
            for word in match.rest where word != modifier {
                if let task = genericHeadMatch(head: head, modifiers: [word], byModifierAlone: false),
                   case .occupation(let t) = task.target, lexicon.occupationWords[t].contains(modifier) {
                    var tool = match
                    tool.target = task.target
                    tool.words = match.words + [word, modifier]
                    tool.rest = match.rest.filter { $0 != word && $0 != modifier }
                    tool.coverage = min(1, match.coverage + 2 * (1 - match.coverage) / Double(match.rest.count))
                    tool.how = "phrase"
                    tool.reasons.append("'\(modifier)' is the tool of '\(word)': \(taxonomy.occupations[t].label) "
                                        + "(\(taxonomy.occupations[t].isco)) rather than \(taxonomy.occupations[index].label)")
                    return tool
                }
            }
            var machine = match
            machine.target = better.target
            machine.words = match.words + [modifier]
            machine.rest = match.rest.filter { $0 != modifier }
            machine.coverage = min(1, match.coverage + (1 - match.coverage) / Double(match.rest.count))
            machine.how = "phrase"
            machine.reasons.append("'\(modifier)' names the machine operated: \(taxonomy.occupations[other].label) "
                                   + "(\(taxonomy.occupations[other].isco)) rather than \(taxonomy.occupations[index].label)")
            return machine
        }
        return nil
    }

    /// A generic worker word that names only a field ("zorgmedewerker", "productiemedewerker") beside a word that names
    /// an occupation of its own ("Zorgmedewerker helpende", "Productiemedewerker inpakker"): the occupation named is the
    /// job, the generic word the field it is in, as "Medewerker zorg, namely helpende". Nil when the title names no
    /// other occupation by a word of its own.
    private func namedBesideField(_ match: Match) -> Match? {
        guard case .occupation = match.target, match.words.count == 1, !match.rest.isEmpty, isFieldWorker(match.words[0])
        else { return nil }
        let count = Double(match.words.count + match.rest.count)
        for word in match.rest where !isFieldWorker(word) && Self.namesAPerson(word) {
            guard let target = lexicon.lookup([word][...]), case .occupation(let index) = target, target != match.target else { continue }
            var named = match
            named.target = target
            named.words = match.words + [word]
            named.rest = match.rest.filter { $0 != word }
            let explained = 2 + named.rest.filter { lexicon.occupationWords[index].contains($0) }.count
            named.coverage = min(1, Double(explained) / count)
            named.how = "phrase"
            named.reasons.append("'\(match.words[0])' names the field, '\(word)' the job: \(taxonomy.occupations[index].label) "
                                 + "(\(taxonomy.occupations[index].isco))")
            return named
        }
        return nil
    }

    /// Endings of Dutch words for a person by what they do: the agent nouns ("inpakker", "monteur", "analist",
    /// "verpleegkundige", "verpleegster") and the participles made nouns ("helpende", "verzorgende"). "Kassa" is a
    /// place, "Verkoopmedewerker kassa" a sales assistant at the till, not a second name of the job.
    static let personEndings = ["er", "eur", "ist", "ant", "ent", "aar", "ige", "or", "man", "ster", "eer", "ier", "ende"]

    static func namesAPerson(_ word: String) -> Bool { word.count >= 4 && personEndings.contains { word.hasSuffix($0) } }

    /// A generic worker word made a compound with its field ("zorgmedewerker", "magazijnmedewerker").
    private func isFieldWorker(_ word: String) -> Bool {
        lexicon.genericHeads.contains { word.hasSuffix($0) && word.count > $0.count + 2 }
    }

    /// "medewerker horeca bediening" → "horecamedewerker" / "bedieningsmedewerker"; "medewerker orderpick" →
    /// "orderpicker" (the verb's stem made the agent noun); or an occupation named by a modifier alone.
    private func genericHeadMatch(head: String, modifiers: [String], byModifierAlone: Bool = true) -> Match? {
        for modifier in modifiers.reversed() {
            var forms = [modifier + head, modifier + "s" + head, head + " " + modifier]
            if let last = modifier.last, modifier.count >= 4 { forms += [modifier + "er", modifier + String(last) + "er"] }
            for joined in forms {
                if let target = lexicon.compacts[joined] ?? lexicon.phrases[joined], case .occupation = target {
                    return Match(target: target, words: [head, modifier], rest: modifiers.filter { $0 != modifier },
                                 coverage: 0.9, how: "phrase")
                }
            }
        }
        for modifier in modifiers where byModifierAlone {
            if let target = lexicon.phrases[modifier], case .occupation = target {
                return Match(target: target, words: [modifier], rest: [head], coverage: 0.8, how: "phrase")
            }
        }
        return nil
    }

    /// Splits unknown Dutch compounds on a known final part: "veewagenchauffeur" = "veewagen" + "chauffeur".
    private func compoundMatch(_ core: [String]) -> Match? {
        for (k, word) in core.enumerated() where word.count >= 7 && lexicon.phrases[word] == nil {
            let chars = Array(word)
            for split in 3...(chars.count - 4) {
                let suffix = String(chars[split...])
                guard lexicon.compoundHeads.contains(suffix), suffix.count >= 4, !Self.weakCompoundHeads.contains(suffix),
                      let target = lexicon.phrases[suffix] else { continue }
                var prefix = String(chars[..<split])
                if prefix.hasSuffix("s") && prefix.count > 3 && !lexicon.vocabulary.contains(prefix) { prefix.removeLast() }
                // An occupation only through a first part we know ("kipper" + "chauffeur"); an ambiguous head
                // takes any first part, because the evidence rules still have to decide.
                if case .occupation = target, !lexicon.vocabulary.contains(prefix) { continue }
                var rest = core
                rest.remove(at: k)
                return Match(target: target, words: [suffix], rest: [prefix] + rest, coverage: 0.8,
                             how: "compound '\(word)' = '\(prefix)' + '\(suffix)'", confidenceCap: 0.85)
            }
        }
        return nil
    }

    // MARK: - Resolution

    private func resolve(_ match: Match, cleaned: CleanedTitle, context: AdContext) -> OccupationCoding {
        let matched = match.words.joined(separator: " ")
        switch match.target {
        case .occupation(var index):
            var reasons = match.reasons
            if let finer = refinement(of: index, cleaned: cleaned, context: context) {
                reasons.append(finer.reason)
                index = finer.occupation
            }
            let occupation = taxonomy.occupations[index]
            let confidence = min(match.confidenceCap, match.coverage >= 1 ? 0.95 : 0.75 + 0.15 * match.coverage)
            reasons.append(match.how.hasPrefix("compound")
                ? "\(match.how) → \(occupation.label) (\(occupation.isco))"
                : "title \(match.how == "synonym" ? "is" : "contains") '\(matched)' → \(occupation.label) (\(occupation.isco))")
            return OccupationCoding(isco: occupation.isco, occupation: occupation.id, occupationLabel: occupation.label,
                                    confidence: round2(confidence), ambiguous: false,
                                    candidates: [candidate(index, score: confidence)], reasons: reasons)
        case .head(let h):
            return decideHead(h, match: match, cleaned: cleaned, context: context)
        }
    }

    private func decideHead(_ h: Int, match: Match, cleaned: CleanedTitle, context: AdContext) -> OccupationCoding {
        let head = taxonomy.heads[h]
        let word = match.words.joined(separator: " ")
        var reasons = match.reasons
        if match.how.hasPrefix("compound") { reasons.append(match.how) }
        guard !head.candidates.isEmpty else {
            reasons.append("'\(word)' alone is too general to name an occupation")
            return OccupationCoding(confidence: 0, ambiguous: true, candidates: [], reasons: reasons)
        }
        let ruleIndices = evidence.rulesByHead[head.name] ?? []
        let relevant = Set(ruleIndices)
        var scores = [Int: Double]()
        for c in head.candidates { scores[c] = 0 }
        if let d = head.defaultOccupation { scores[d, default: 0] += Self.defaultPrior }

        // Title: the words around the head, the compound's first part, and the licences.
        let titleHits = evidence.scanTitle(cleaned.allTokens + match.rest, relevantRules: relevant)
        let description = context.description, employer = context.employer
        var hits = EvidenceIndex.Hits()
        // The one scan of the description also keeps the words after each "als", for `namedInDescription`.
        if !(description ?? "").isEmpty { evidence.scan(description ?? "", relevantRules: relevant, into: &hits, followersOf: Self.alsHash) }
        var employerHits = EvidenceIndex.Hits()
        if let employer, !employer.isEmpty { evidence.scan(employer, relevantRules: relevant, into: &employerHits) }
        let titleLicences = Set(cleaned.licences.map { $0 == "code 95" ? "CODE95" : $0 })

        for r in ruleIndices {
            let rule = evidence.rules[r]
            let target = taxonomy.occupations[rule.occupation]
            let arrow = "→ \(target.label) (\(target.isco))"
            var titleTerm = titleHits[r]
            if titleTerm == nil, let lic = rule.licences.first(where: titleLicences.contains) { titleTerm = "'\(lic)' licence" }
            if let titleTerm {
                scores[rule.occupation, default: 0] += rule.weight * Self.titleFactor
                reasons.append("\(quoted(titleTerm)) in title \(arrow)")
                continue
            }
            guard !rule.titleOnly else { continue }
            if let lic = rule.licences.first(where: { hits.licences.contains($0) }) {
                scores[rule.occupation, default: 0] += rule.weight
                reasons.append("'\(lic)' licence in description \(arrow)")
            } else if let term = hits.terms[r] {
                scores[rule.occupation, default: 0] += rule.weight
                reasons.append("'\(term)' in description \(arrow)")
            } else if let term = employerHits.terms[r] ?? employerHits.licences.first(where: rule.licences.contains) {
                scores[rule.occupation, default: 0] += rule.weight
                reasons.append("'\(term)' in employer name \(arrow)")
            }
        }

        // The description calling the job by one of its names ("Als postbezorger bezorg je ..."): the ad's own word
        // for what the title leaves bare.
        if let named = namedInDescription(hits.followers, head: head) {
            let occupation = taxonomy.occupations[named.occupation]
            scores[named.occupation, default: 0] += Self.namedWeight
            reasons.append("'als \(named.words)' in description names the job → \(occupation.label) (\(occupation.isco))")
        }

        // Decide per ISCO unit group: occupations of one group support each other.
        var byGroup: [String: Double] = [:]
        for (occupation, score) in scores where score > 0 { byGroup[taxonomy.occupations[occupation].isco, default: 0] += score }
        // ISCO-08's residual unit groups ("not elsewhere classified", the final 9: 8189 other stationary plant and
        // machine operators) hold what no specific group takes. Evidence for one ("machines") is not weighed against
        // a specific group the ad also supports enough ("zuivelfabriek": food products machine operator).
        if byGroup.contains(where: { !Self.isResidual($0.key) && $0.value >= Self.minimumScore }) {
            for (group, _) in byGroup where Self.isResidual(group) {
                byGroup[group] = nil
                reasons.append("\(group) is ISCO's residual group: not weighed against a specific one")
            }
        }
        let ranked = byGroup.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let candidates = rankedCandidates(scores, order: head.candidates)
        if let best = ranked.first, best.value >= Self.minimumScore,
           ranked.count < 2 || best.value - ranked[1].value >= Self.margin {
            let second = ranked.count > 1 ? ranked[1].value : 0
            let inGroup = scores.filter { taxonomy.occupations[$0.key].isco == best.key }
            let chosen = inGroup.max { a, b in
                a.value != b.value ? a.value < b.value
                    : (head.candidates.firstIndex(of: a.key) ?? 99) > (head.candidates.firstIndex(of: b.key) ?? 99)
            }?.key ?? head.candidates[0]
            let occupation = taxonomy.occupations[chosen]
            if scores.count == 1 || (head.defaultOccupation == chosen && best.value == Self.defaultPrior) {
                reasons.append("'\(word)' → \(occupation.label) (\(occupation.isco)) unless the ad says otherwise")
            } else {
                reasons.insert("'\(word)' is ambiguous; the evidence points to \(occupation.label) (\(occupation.isco))", at: 0)
            }
            let confidence = min(match.confidenceCap, 0.6 + 0.35 * min(1, (best.value - second) / 5))
            return OccupationCoding(isco: occupation.isco, occupation: occupation.id, occupationLabel: occupation.label,
                                    confidence: round2(confidence), ambiguous: false, candidates: candidates, reasons: reasons)
        }
        if ranked.isEmpty {
            reasons.insert("'\(word)' can be several occupations and neither title nor description says which", at: 0)
        } else {
            reasons.insert("'\(word)' can be several occupations and the evidence does not decide clearly", at: 0)
        }
        return OccupationCoding(confidence: 0, ambiguous: true, candidates: candidates, reasons: reasons)
    }

    /// A finer occupation that the ad's setting names for an occupation read by name: `ev` rows keyed `occ:` and the
    /// occupation's id, apart from the heads' rows ("occ:zorgmanager": a care manager in a nursing home or elderly care is an aged care services
    /// manager, 1343, not a health services manager, 1342). The setting is read in the title's other words, then the
    /// description. Nil when the occupation has no such rows or the ad names no setting.
    private func refinement(of index: Int, cleaned: CleanedTitle, context: AdContext) -> (occupation: Int, reason: String)? {
        guard let rules = evidence.rulesByHead["occ:" + taxonomy.occupations[index].id] else { return nil }
        let relevant = Set(rules)
        let inTitle = evidence.scanTitle(cleaned.allTokens, relevantRules: relevant)
        var hits = EvidenceIndex.Hits()
        if inTitle.isEmpty, let description = context.description, !description.isEmpty {
            evidence.scan(description, relevantRules: relevant, into: &hits)
        }
        for r in rules {
            guard let term = inTitle[r] ?? hits.terms[r] else { continue }
            let finer = taxonomy.occupations[evidence.rules[r].occupation]
            let place = inTitle[r] != nil ? "title" : "description"
            return (evidence.rules[r].occupation, "'\(term)' in \(place) names the setting → \(finer.label) (\(finer.isco))")
        }
        return nil
    }

    /// ISCO-08 numbers its residual unit groups ("not elsewhere classified") with a final 9 (8189, 9629, 2149, ...).
    static func isResidual(_ isco: String) -> Bool { isco.count == 4 && isco.hasSuffix("9") }

    /// Weight of a description that calls the job by a name of its own ("Als postbezorger ..."): as much as a
    /// licence class, because the ad says what the job is rather than what it involves.
    static let namedWeight = 4.0
    static let alsHash = TextTokens.hash("als")

    /// An occupation the description names after "als" ("Als postbezorger bezorg je ...", "als liftmonteur"): one of
    /// the head's candidates, or an occupation whose name is a compound of the head word itself ("postbezorger" for
    /// "bezorger"). A head or a generic word after "als" ("Als chauffeur", "als medewerker") names nothing new.
    /// `followers`: the up to three folded words after each "als" in the description, from the evidence scan.
    private func namedInDescription(_ followers: [[String]], head: HeadRule) -> (occupation: Int, words: String)? {
        for tokens in followers {
            for length in stride(from: min(3, tokens.count), through: 1, by: -1) {
                let words = tokens[..<length].map { lexicon.baseForm($0, withESCO: false) ?? $0 }
                guard let target = lexicon.lookup(words[...]), case .occupation(let index) = target else { continue }
                let last = words[words.count - 1]
                if head.candidates.contains(index) || head.forms.contains(where: { last.hasSuffix($0) && last.count > $0.count + 2 }) {
                    return (index, words.joined(separator: " "))
                }
            }
        }
        return nil
    }

    /// The best occupation of each ISCO unit group, best group first; then the other occupations.
    private func rankedCandidates(_ scores: [Int: Double], order: [Int]) -> [OccupationCandidate] {
        let sorted = scores.sorted { a, b in
            a.value != b.value ? a.value > b.value : (order.firstIndex(of: a.key) ?? 99) < (order.firstIndex(of: b.key) ?? 99)
        }
        var seen = Set<String>()
        let firsts = sorted.filter { seen.insert(taxonomy.occupations[$0.key].isco).inserted }
        let rest = sorted.filter { entry in !firsts.contains { $0.key == entry.key } }
        return (firsts + rest).prefix(6).map { candidate($0.key, score: round2($0.value)) }
    }

    func candidate(_ index: Int, score: Double) -> OccupationCandidate {
        let o = taxonomy.occupations[index]
        return OccupationCandidate(isco: o.isco, occupation: o.id, label: o.label, score: score)
    }

    // MARK: - Overrides

    private func applyOverrides(_ cleaned: CleanedTitle, _ context: AdContext) -> OccupationCoding? {
        guard !overrides.isEmpty else { return nil }
        let words = cleaned.segments.flatMap { $0 }
        for o in overrides {
            let hit = o.prefix ? words.starts(with: o.pattern) : words == o.pattern
            guard hit else { continue }
            if let needed = o.evidence {
                let text = (cleaned.allTokens + TextTokens.tokens(context.description ?? "").map(\.text)).joined(separator: " ")
                guard (" " + text + " ").contains(" " + needed.joined(separator: " ") + " ") else { continue }
            }
            let occupation = taxonomy.occupations[o.occupation]
            let pattern = o.pattern.joined(separator: " ") + (o.prefix ? "*" : "")
            var reason = "operator override: '\(pattern)'"
            if let needed = o.evidence { reason += " with '\(needed.joined(separator: " "))'" }
            return OccupationCoding(isco: occupation.isco, occupation: occupation.id, occupationLabel: occupation.label,
                                    confidence: 0.99, ambiguous: false, candidates: [candidate(o.occupation, score: 0.99)],
                                    reasons: [reason + " → \(occupation.label) (\(occupation.isco))"])
        }
        return nil
    }
}


private func quoted(_ s: String) -> String { s.hasPrefix("'") ? s : "'\(s)'" }
