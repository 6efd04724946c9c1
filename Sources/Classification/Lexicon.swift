import Foundation
import KaartenbakCore

/// What a lookup key in the lexicon stands for.
enum Target: Sendable, Equatable {
    case occupation(Int)
    case head(Int)
}

/// The classifier's precomputed lookup tables, built once from a `Taxonomy`.
struct Lexicon: Sendable {
    /// Folded tokens joined by spaces → target.
    var phrases: [String: Target] = [:]
    /// Tokens joined without spaces ("laad en losmedewerker" → "laadenlosmedewerker"), and head-first
    /// phrases rotated into Dutch compounds ("medewerker bediening" → "bedieningsmedewerker").
    var compacts: [String: Target] = [:]
    /// Every token that occurs in a key; titles' unknown tokens are normalised towards these.
    var vocabulary: Set<String> = []
    /// Vocabulary by length (in characters), with each word's bytes, for bounded edit-distance search.
    var vocabularyByLength: [Int: [(word: String, bytes: [UInt8])]] = [:]
    /// Corrections already worked out (nil: none), shared by every thread that codes titles.
    let corrections = Memo<ExactText, String?>()
    /// Base forms already worked out (built-in vocabulary only, and with ESCO's too).
    let baseForms = Memo<ExactText, (builtIn: String?, withESCO: String?)>()
    /// Single-token keys that may end a Dutch compound ("chauffeur", "monteur", "kweker").
    var compoundHeads: Set<String> = []
    /// Imported ESCO labels: key → ISCO groups (sorted).
    var esco: [String: [String]] = [:]
    var escoVocabulary: Set<String> = []
    /// Keys of labels that are an ESCO occupation's preferred label (the others are alternative or hidden labels).
    var escoPreferred: Set<String> = []
    /// Nearest-label search over the imported ESCO labels, for titles that are not exactly a label.
    var escoMatcher = ESCOMatcher(labels: [], vocabulary: [])
    /// The forms of generic heads ("medewerker", "kracht", "specialist"), longest first.
    var genericHeads: [String] = []
    /// Per occupation, the words of its label and synonyms.
    var occupationWords: [Set<String>] = []
    /// Words that mean nothing for the occupation but may sit between its words.
    static let fillers: Set<String> = ["met", "voor", "bij", "in", "de", "het", "een", "van", "en", "of", "the", "a", "an",
                                       "and", "for", "with", "to", "at", "on", "der", "den", "te", "op", "m", "v", "x", "f",
                                       // A skill level, like "ervaren", that ads put before any occupation.
                                       "allround"]

    init(taxonomy: Taxonomy, escoParameters: ESCOMatcher.Parameters = ESCOMatcher.Parameters()) {
        for (index, occupation) in taxonomy.occupations.enumerated() {
            var words = Set<String>()
            for name in [occupation.label] + occupation.synonyms {
                add(name, .occupation(index), overwrite: false)
                words.formUnion(TextTokens.tokens(name).map(\.text).filter { !Lexicon.fillers.contains($0) })
            }
            occupationWords.append(words)
        }
        // Heads come last and win: a bare "chauffeur" must be decided from evidence.
        for (index, head) in taxonomy.heads.enumerated() {
            for form in head.forms { add(form, .head(index), overwrite: true) }
            // Longest first: "medewerker" before "werker" when a compound ends in both.
            if head.candidates.isEmpty { genericHeads += head.forms.filter { $0.count >= 4 && !$0.contains(" ") } }
        }
        genericHeads.sort { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        for label in taxonomy.escoLabels {
            let key = TextTokens.key(label.label)
            guard !key.isEmpty else { continue }
            var groups = esco[key] ?? []
            if !groups.contains(label.isco) { groups.append(label.isco); groups.sort() }
            esco[key] = groups
            if TextTokens.key(label.preferredLabel) == key { escoPreferred.insert(key) }
            for token in key.split(separator: " ") { escoVocabulary.insert(String(token)) }
        }
        escoMatcher = ESCOMatcher(labels: taxonomy.escoLabels, vocabulary: vocabulary, parameters: escoParameters)
        for word in vocabulary { vocabularyByLength[word.count, default: []].append((word, Array(word.utf8))) }
        for key in vocabularyByLength.keys { vocabularyByLength[key]?.sort { $0.word < $1.word } }
    }

    private mutating func add(_ name: String, _ target: Target, overwrite: Bool) {
        let tokens = TextTokens.tokens(name).map(\.text)
        guard !tokens.isEmpty else { return }
        let key = tokens.joined(separator: " ")
        if overwrite || phrases[key] == nil { phrases[key] = target }
        // Titles are matched without filler words ("laad- en losmedewerker" → "laad losmedewerker").
        let core = tokens.filter { !Lexicon.fillers.contains($0) }.joined(separator: " ")
        if !core.isEmpty, core != key, phrases[core] == nil { phrases[core] = target }
        vocabulary.formUnion(tokens)
        if tokens.count == 1 {
            if tokens[0].count >= 3 { compoundHeads.insert(tokens[0]) }
        } else {
            let compact = tokens.joined()
            if overwrite || compacts[compact] == nil { compacts[compact] = target }
            // "medewerker bediening" is also written "bedieningsmedewerker".
            let head = tokens[0]
            let rest = tokens.dropFirst().filter { !Lexicon.fillers.contains($0) }
            if rest.count == 1, let modifier = rest.first {
                for joined in [modifier + head, modifier + "s" + head] where compacts[joined] == nil {
                    compacts[joined] = target
                }
            }
        }
    }

    func lookup(_ tokens: ArraySlice<String>) -> Target? {
        if let target = phrases[tokens.joined(separator: " ")] { return target }
        if tokens.count > 1 { return compacts[tokens.joined()] }
        return compacts[tokens.first ?? ""]
    }

    /// The plural or female form of `word` brought back to a known base form, if there is one. `withESCO: false`
    /// reads the built-in vocabulary only: the built-in taxonomy's reading of a title must not depend on whether
    /// ESCO was imported ("importing ESCO never makes a decided title unsure" starts here).
    func baseForm(_ word: String, withESCO: Bool = true) -> String? {
        // Titles repeat their words all night: each word is brought back once per run, both ways.
        if let known = baseForms.lookup(ExactText(word)) { return withESCO ? known.withESCO : known.builtIn }
        let found = (builtIn: searchBaseForm(word, withESCO: false), withESCO: hasESCO ? searchBaseForm(word, withESCO: true) : nil)
        let forms = (builtIn: found.builtIn, withESCO: hasESCO ? found.withESCO : found.builtIn)
        baseForms.store(ExactText(word), forms)
        return withESCO ? forms.withESCO : forms.builtIn
    }

    private func searchBaseForm(_ word: String, withESCO: Bool) -> String? {
        // The built-in vocabulary first: "schoonmakers" is an ESCO word too, but "schoonmaker" is ours.
        // A female form is read as the base form even when the taxonomy knows it too: "medewerkster boomkwekerij"
        // is "medewerker boomkwekerij", whose phrase only the base form may have.
        if let male = Lexicon.maleForm(word), vocabulary.contains(male) { return male }
        for known in withESCO ? [vocabulary, escoVocabulary] : [vocabulary] {
            if known.contains(word) { return word }
            for variant in Lexicon.variants(word) {
                if known.contains(variant) { return variant }
                for second in Lexicon.variants(variant) where known.contains(second) { return second }
            }
        }
        return nil
    }

    /// A word of the built-in taxonomy, or of the imported ESCO labels too.
    func isKnown(_ word: String, withESCO: Bool = true) -> Bool {
        vocabulary.contains(word) || (withESCO && escoVocabulary.contains(word))
    }

    /// Whether ESCO labels were imported.
    var hasESCO: Bool { !esco.isEmpty }

    /// The male or neutral form of a regular Dutch female job word ("medewerkster", "chauffeuse", "directrice").
    static func maleForm(_ word: String) -> String? {
        for (female, male) in [("sters", "er"), ("ster", "er"), ("euses", "eur"), ("euse", "eur"), ("trice", "teur")]
        where word.count > female.count + 3 && word.hasSuffix(female) {
            return String(word.dropLast(female.count)) + male
        }
        return nil
    }

    /// Regular Dutch plural and female endings, stripped.
    static func variants(_ word: String) -> [String] {
        var out: [String] = []
        func strip(_ suffix: String, _ replacement: String = "") {
            if word.count > suffix.count + 2, word.hasSuffix(suffix) { out.append(String(word.dropLast(suffix.count)) + replacement) }
        }
        strip("s"); strip("n"); strip("en"); strip("'s")
        strip("ster", "er"); strip("sters", "er"); strip("euse", "eur"); strip("euses", "eur")
        strip("trice", "teur"); strip("e"); strip("es"); strip("in"); strip("ce", "")
        return out
    }

    /// The vocabulary word within a small edit distance of `word`, when there is exactly one best.
    /// Remembered per word: a misspelt word recurs across a night's titles, and each search measures
    /// it against every vocabulary word of about its length.
    func correction(_ word: String) -> String? {
        let n = word.count
        guard n >= 6 else { return nil }
        if let known = corrections.lookup(ExactText(word)) { return known }
        let limit = n >= 12 ? 2 : 1
        var best: String?
        var bestDistance = limit + 1
        var tie = false
        let chars = Array(word.utf8)
        var rows = ([Int](), [Int]())
        for length in (n - limit)...(n + limit) {
            for candidate in vocabularyByLength[length] ?? [] {
                let d = Lexicon.editDistance(chars, candidate.bytes, limit: bestDistance, rows: &rows)
                if d < bestDistance { best = candidate.word; bestDistance = d; tie = false }
                else if d == bestDistance, d <= limit, candidate.word != best { tie = true }
            }
        }
        let found = bestDistance <= limit && !tie ? best : nil
        corrections.store(ExactText(word), found)
        return found
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
    /// `rows` are the table's two rows, kept by the caller across calls (no allocation per word compared).
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int, rows: inout ([Int], [Int])) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        rows.0.removeAll(keepingCapacity: true)
        rows.0.append(contentsOf: 0...b.count)
        rows.1.removeAll(keepingCapacity: true)
        rows.1.append(contentsOf: repeatElement(0, count: b.count + 1))
        var previous = rows.0, current = rows.1
        rows = ([], [])
        defer { rows = (previous, current) }
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowBest = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowBest = min(rowBest, current[j])
            }
            if rowBest > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
