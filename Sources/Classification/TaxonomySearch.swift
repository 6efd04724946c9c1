import KaartenbakCore

/// An occupation of the built-in taxonomy, or an ESCO occupation when ESCO was imported, that matches the words of
/// a search: what an operator looks up before `review decide`, and what an unknown occupation id is compared with.
public struct TaxonomyMatch: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A built-in occupation: its id is what `review decide` and the overrides file take.
        case occupation
        /// An imported ESCO occupation: evidence for the classifier, not an override target (it has no id here).
        case esco
    }

    public var kind: Kind
    /// The built-in occupation's id; nil for an ESCO occupation.
    public var id: String?
    /// ISCO-08 unit group, four digits.
    public var isco: String
    /// The occupation's Dutch label (an ESCO occupation's preferred label).
    public var label: String
    /// The name the words matched best: the label, a synonym, the English label, the id, an ESCO alternative label.
    public var matched: String
    /// How well the words matched that name, 0 to 1 (1: every word found as written).
    public var score: Double
}

/// Finds occupations by words, forgiving the ways an operator types them: another word order, a part of a Dutch
/// compound ("chauffeur" in "vrachtwagenchauffeur"), a word begun ("vracht"), a letter or two wrong
/// ("vrachtwagenchaufeur"), hyphens for spaces (an id typed as words). Folded as the classifier folds
/// (case and diacritics), so that "cliënt" finds "client".
public enum TaxonomySearch {
    /// Matches below this score are left out: two words that share little more than their length.
    public static let minimumScore = 0.6

    /// The matches of `words` in `taxonomy`, best first (score, then built-in before ESCO, then label), at most
    /// `limit`. ESCO occupations only when `includeESCO` and imported; one match per occupation, by its best name.
    public static func search(_ words: String, in taxonomy: Taxonomy, limit: Int = 10, includeESCO: Bool = true) -> [TaxonomyMatch] {
        let query = TextTokens.tokens(words).map { Array($0.text.utf8) }
        guard !query.isEmpty, limit > 0 else { return [] }
        var matches: [TaxonomyMatch] = []
        for occupation in taxonomy.occupations {
            let names = [occupation.label, occupation.id, occupation.englishLabel] + occupation.synonyms
            if let (name, score) = best(of: names, for: query) {
                matches.append(TaxonomyMatch(kind: .occupation, id: occupation.id, isco: occupation.isco,
                                             label: occupation.label, matched: name, score: score))
            }
        }
        if includeESCO {
            // Every label of one ESCO occupation (preferred, alternative, hidden) is a line of its own: keep the best.
            var bestOfOccupation: [String: TaxonomyMatch] = [:]
            for label in taxonomy.escoLabels {
                guard let score = score(of: label.label, for: query) else { continue }
                let key = label.isco + "\t" + label.preferredLabel
                if let kept = bestOfOccupation[key], kept.score >= score { continue }
                bestOfOccupation[key] = TaxonomyMatch(kind: .esco, id: nil, isco: label.isco, label: label.preferredLabel,
                                                      matched: label.label, score: score)
            }
            matches += bestOfOccupation.values
        }
        matches.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.kind != $1.kind { return $0.kind == .occupation }
            return ($0.label, $0.id ?? "") < ($1.label, $1.id ?? "")
        }
        return Array(matches.prefix(limit))
    }

    /// The best-matching of `names` with its score; nil when none reaches `minimumScore`.
    static func best(of names: [String], for query: [[UInt8]]) -> (String, Double)? {
        var best: (String, Double)?
        for name in names {
            if let score = score(of: name, for: query), score > best?.1 ?? 0 { best = (name, score) }
        }
        return best
    }

    /// How well `query`'s words match `name`: the mean, over the words, of each one's best match among the name's
    /// words, less a little for each word the name has beyond the query's (so that "kok" ranks "kok" above
    /// "zelfstandig werkend kok"). Nil below `minimumScore`.
    static func score(of name: String, for query: [[UInt8]]) -> Double? {
        let words = TextTokens.tokens(name).map { Array($0.text.utf8) }
        guard !words.isEmpty else { return nil }
        var total = 0.0
        for word in query {
            total += words.reduce(0.0) { max($0, similarity(word, $1)) }
        }
        let score = total / Double(query.count) - 0.02 * Double(max(0, words.count - query.count))
        return score >= minimumScore ? min(score, 1) : nil
    }

    /// How alike a searched word and a name's word are, 0 to 1: equal 1; the searched word beginning, ending or
    /// inside the name's word (a Dutch compound) by the share of it that it covers, at least 0.7; else by edit
    /// distance, for typing errors, and only when at most a quarter of the longer word differs.
    static func similarity(_ searched: [UInt8], _ word: [UInt8]) -> Double {
        if searched == word { return 1 }
        if searched.count >= 3, word.count > searched.count {
            let cover = Double(searched.count) / Double(word.count)
            if word.starts(with: searched) || word.reversed().starts(with: searched.reversed()) { return 0.75 + 0.2 * cover }
            if contains(word, searched) { return 0.7 + 0.2 * cover }
        }
        let longer = max(searched.count, word.count)
        let distance = editDistance(searched, word)
        guard longer >= 4, Double(distance) <= Double(longer) / 4 else { return 0 }
        return 0.95 - 0.9 * Double(distance) / Double(longer)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { ByteSearch.offset(of: needle, in: $0) != nil }
    }

    /// Levenshtein distance (insert, delete, replace a byte), two rows.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Taxonomy {
    /// "unknown occupation id 'X'; nearest: a (ISCO 8332), b (...)": the one line an operator reads when an id is
    /// not the taxonomy's, with the built-in occupations `TaxonomySearch` finds nearest to it.
    public func unknownOccupationMessage(_ id: String) -> String {
        let nearest = TaxonomySearch.search(id, in: self, limit: 3, includeESCO: false)
        let hint = nearest.isEmpty
            ? "none is near it; `kaartenbak taxonomy search WORDS` finds ids by words"
            : "nearest: " + nearest.map { "\($0.id ?? "") (ISCO \($0.isco), \($0.label))" }.joined(separator: ", ")
        return "unknown occupation id '\(id)'; \(hint)"
    }
}
