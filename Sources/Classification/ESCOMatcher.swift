import Foundation

/// Finds the imported ESCO labels closest to a title that is not itself an ESCO label.
///
/// Most titles differ from ESCO's labels by a word, a compound written apart or together, or a
/// plural; exact lookup misses them. Each label and each title becomes a set of weighted features:
/// its normalised words plus the parts of its Dutch compounds ("boomkwekerijmedewerker" →
/// "boomkwekerij", "medewerker", "boom", "kwekerij"), each weighted by its inverse document frequency
/// over all labels, so "medewerker" counts little and "boomkwekerij" much. Similarity is the weighted
/// Dice coefficient. A label is only a candidate when its head noun (the person word: "medewerker",
/// "kweker", "chauffeur") is the title's. The matcher answers only when the best label clears
/// `threshold` and beats the best label of any *other* ISCO unit group by `margin`.
///
/// Sendable: immutable after `init`; all indexes are built there.
struct ESCOMatcher: Sendable {
    /// The tuning. Chosen on one half of a development set, checked on the other (docs/classification.md).
    struct Parameters: Sendable, Equatable {
        var threshold = 0.5
        var margin = 0.15
    }

    struct Result: Equatable {
        var isco: String
        /// The closest label of that unit group.
        var label: String
        var score: Double
        /// The best score of another unit group (0 when none shares a feature).
        var runnerUp: Double
        var runnerUpIsco: String?
        /// Whether the best label clears the threshold and the margin.
        var decisive: Bool
    }

    private struct Entry: Sendable {
        var isco: String
        var label: String
        var features: [Int]
        var weight: Double
        var head: Int
    }

    let parameters: Parameters
    private var featureIds: [String: Int] = [:]
    private var idf: [Double] = []
    private var postings: [[Int]] = []
    private var entries: [Entry] = []
    /// Words that may be parts of a compound (every label word and built-in word of 3+ letters).
    private var knownParts: Set<String> = []
    /// Person words: the final parts of single-word labels ("kweker", "chauffeur", "medewerker").
    private var personWords: Set<String> = []
    private var defaultIdf = 0.0
    /// The compound parts of every label word, computed once.
    private var splits: [String: [String]] = [:]
    /// Entry indices per ISCO unit group, for `similarity`.
    private var entriesByGroup: [String: [Int]] = [:]

    var isEmpty: Bool { entries.isEmpty }

    init(labels: [ESCOLabel], vocabulary: Set<String>, parameters: Parameters = Parameters()) {
        self.parameters = parameters
        guard !labels.isEmpty else { return }
        let tokenised = labels.map { label in
            TextTokens.tokens(label.label).map(\.text).filter { !Lexicon.fillers.contains($0) }
        }
        for words in tokenised { for w in words where w.count >= 3 { knownParts.insert(w) } }
        for w in vocabulary where w.count >= 3 { knownParts.insert(w) }
        let normalisedLabels = tokenised.map { $0.map(normalise) }
        // Labels repeat their words; split each distinct word once.
        for words in normalisedLabels { for w in words where splits[w] == nil { splits[w] = splitCompound(w) } }
        for words in normalisedLabels where words.count == 1 {
            personWords.insert(parts(of: words[0]).last ?? words[0])
        }
        var documentFrequency: [String: Int] = [:]
        var featureSets: [[String]] = []
        var heads: [String] = []
        for words in normalisedLabels {
            let features = featureSet(words)
            featureSets.append(features)
            heads.append(head(words))
            for f in features { documentFrequency[f, default: 0] += 1 }
        }
        let n = Double(labels.count)
        for (feature, df) in documentFrequency.sorted(by: { $0.key < $1.key }) {
            featureIds[feature] = idf.count
            idf.append(log(1 + n / Double(df)))
            postings.append([])
        }
        // A title word no label has is at least as telling as the rarest label word.
        defaultIdf = log(1 + n)
        for (k, label) in labels.enumerated() {
            let ids = featureSets[k].compactMap { featureIds[$0] }
            guard !ids.isEmpty, let head = featureIds[heads[k]] else { continue }
            for id in ids { postings[id].append(entries.count) }
            entriesByGroup[label.isco, default: []].append(entries.count)
            entries.append(Entry(isco: label.isco, label: label.label, features: ids,
                                 weight: ids.reduce(0) { $0 + idf[$1] }, head: head))
        }
    }

    /// The closest ESCO unit group for a title's words (folded tokens), or nil when no label shares its head noun.
    func match(_ words: [String]) -> Result? {
        let core = words.filter { !Lexicon.fillers.contains($0) }.map(normalise)
        guard !core.isEmpty, !entries.isEmpty, let head = featureIds[head(core)] else { return nil }
        let (shared, titleWeight) = overlaps(core)
        var bestByGroup: [String: (score: Double, entry: Int)] = [:]
        for (e, overlap) in shared {
            let entry = entries[e]
            let score = 2 * overlap / (titleWeight + entry.weight)
            // Only a label about the same person word can name the title's occupation; others still compete.
            let eligible = entry.head == head
            let key = eligible ? entry.isco : "~" + entry.isco
            if let current = bestByGroup[key], current.score > score || (current.score == score && entries[current.entry].label < entry.label) { continue }
            bestByGroup[key] = (score, e)
        }
        let eligible = bestByGroup.filter { !$0.key.hasPrefix("~") }
        guard let best = eligible.max(by: { a, b in a.value.score != b.value.score ? a.value.score < b.value.score : a.key > b.key }) else { return nil }
        var runnerUp = 0.0
        var runnerUpIsco: String?
        for (key, value) in bestByGroup {
            let isco = key.hasPrefix("~") ? String(key.dropFirst()) : key
            if isco != best.key, value.score > runnerUp || (value.score == runnerUp && runnerUpIsco.map { isco < $0 } == true) {
                runnerUp = value.score
                runnerUpIsco = isco
            }
        }
        let score = best.value.score
        return Result(isco: best.key, label: entries[best.value.entry].label, score: score, runnerUp: runnerUp,
                      runnerUpIsco: runnerUpIsco,
                      decisive: score >= parameters.threshold && score - runnerUp >= parameters.margin)
    }

    /// The similarity of the closest label of unit group `isco` to a title, whatever its head noun (0 when none
    /// shares a feature). Title words no label has are left out: they can neither support nor contradict a reading.
    func similarity(_ words: [String], isco: String) -> Double {
        let core = words.filter { !Lexicon.fillers.contains($0) }.map(normalise)
        guard !core.isEmpty, let group = entriesByGroup[isco] else { return 0 }
        // One unit group's labels are far fewer than the postings of a common word ("medewerker").
        let features = Set(featureSet(core).compactMap { featureIds[$0] })
        let titleWeight = features.reduce(0) { $0 + idf[$1] }
        var best = 0.0
        for e in group {
            let overlap = entries[e].features.reduce(0) { features.contains($1) ? $0 + idf[$1] : $0 }
            if overlap > 0 { best = max(best, 2 * overlap / (titleWeight + entries[e].weight)) }
        }
        return best
    }

    /// The shared feature weight of every label that shares a feature with the title, and the title's own weight.
    private func overlaps(_ core: [String]) -> (shared: [Int: Double], titleWeight: Double) {
        var titleWeight = 0.0
        var ids: [Int] = []
        let wholeWordsWithParts = Set(core.filter { !parts(of: $0).isEmpty })
        for f in featureSet(core) {
            if let id = featureIds[f] { ids.append(id); titleWeight += idf[id] }
            // An unknown compound is already counted through its parts.
            else if !wholeWordsWithParts.contains(f) { titleWeight += defaultIdf }
        }
        var shared: [Int: Double] = [:]
        for id in ids { for e in postings[id] { shared[e, default: 0] += idf[id] } }
        return (shared, titleWeight)
    }

    // MARK: - Normalisation

    /// A plural or female form brought back to its base when the base is a known word ("medewerkster" → "medewerker").
    private func normalise(_ word: String) -> String {
        for variant in Lexicon.variants(word) where knownParts.contains(variant) { return variant }
        return word
    }

    /// The word's own feature and its compound parts.
    private func featureSet(_ words: [String]) -> [String] {
        var out: [String] = []
        for w in words {
            if !out.contains(w) { out.append(w) }
            for p in parts(of: w) where !out.contains(p) { out.append(p) }
        }
        return out
    }

    /// The person word of a title or label: the final part of the first word that ends in one
    /// ("medewerker boomkwekerij" → "medewerker", "sociaal werker" → "werker"), else of the last word.
    private func head(_ words: [String]) -> String {
        for w in words {
            if personWords.contains(w) { return w }
            if let last = parts(of: w).last, personWords.contains(last) { return last }
        }
        let last = words.last ?? ""
        return parts(of: last).last ?? last
    }

    private func parts(of word: String) -> [String] { splits[word] ?? splitCompound(word) }

    /// Splits a Dutch compound on its longest known final part whose remainder is known too, allowing a
    /// linking "s" or "e(n)": "vrachtwagenchauffeur" → ["vrachtwagen", "chauffeur"]. One more split of the
    /// first part ("boomkwekerijmedewerker" → "boom", "kwekerij", "medewerker"). Empty when not a compound.
    private func splitCompound(_ word: String, depth: Int = 0) -> [String] {
        let chars = Array(word)
        guard chars.count >= 7 else { return [] }
        for cut in 3...(chars.count - 4) {
            let suffix = String(chars[cut...])
            guard knownParts.contains(suffix) else { continue }
            let prefix = String(chars[..<cut])
            for stem in [prefix, prefix.hasSuffix("s") ? String(prefix.dropLast()) : nil,
                         prefix.hasSuffix("en") ? String(prefix.dropLast(2)) : nil,
                         prefix.hasSuffix("e") ? String(prefix.dropLast()) : nil].compactMap({ $0 }) where stem.count >= 3 {
                if knownParts.contains(stem) {
                    let inner = depth == 0 ? splitCompound(stem, depth: 1) : []
                    return [stem] + inner + [suffix]
                }
            }
        }
        return []
    }
}
