import Foundation
import KaartenbakCore

/// Retrieval over the imported ESCO labels: the labels closest to a title that is not itself a label, as
/// candidates for the classifier, with the evidence to abstain when they disagree.
///
/// Most titles differ from ESCO's labels by a word, a compound written apart or together, or a plural; exact
/// lookup misses them. Each label becomes a document of features: its normalised words plus the parts of its
/// Dutch compounds ("boomkwekerijmedewerker" → "boomkwekerij", "medewerker", "boom", "kwekerij"). A title is
/// scored against every label that shares a feature with it by BM25 (each shared feature weighted by its inverse
/// document frequency, so "medewerker" counts little and "boomkwekerij" much; long labels damped by `b`),
/// divided by the title's BM25 score against itself, so that 1 means the label explains all of the title and
/// the threshold means the same for every title. A label is only a candidate when its head noun (the person
/// word: "medewerker", "kweker", "chauffeur") is the title's: a head-word rule, since "medewerker boomkwekerij"
/// and "boomkweker" share every content word but the person. Labels with other heads still compete. The
/// matcher decides only when the best candidate clears `threshold` and beats the best label of any *other* ISCO
/// unit group by `margin`: when the top candidates disagree on the unit group, or nearly so, it abstains.
///
/// Sendable: immutable after `init`; all indexes are built there, once per taxonomy load.
struct ESCOMatcher: Sendable {
    /// The tuning. Chosen on the tune half of a development set, reported on its test half (docs/quality.md).
    struct Parameters: Sendable, Equatable {
        var threshold = 0.6
        var margin = 0.15
        /// BM25's term-frequency saturation and length normalisation (the usual values).
        var k1 = 1.2
        var b = 0.75
    }

    struct Result: Equatable {
        var isco: String
        /// The closest label of that unit group.
        var label: String
        /// BM25 of that label over the title's own BM25 (0...1).
        var score: Double
        /// The best score of another unit group (0 when none shares a feature).
        var runnerUp: Double
        var runnerUpIsco: String?
        /// Whether the best label clears the threshold and the margin.
        var decisive: Bool
        /// How many of the title's words (fillers aside) the label explains, through the word or its compound parts.
        var explainedWords: Int
        /// The title's words, fillers aside.
        var titleWords: Int
        /// Share of the title's words the label explains.
        var coverage: Double { titleWords == 0 ? 0 : Double(explainedWords) / Double(titleWords) }
        /// The label's words, fillers dropped and normalised (for `namesMore`).
        var labelWords: [String] = []
    }

    private struct Entry: Sendable {
        var label: String
        /// The label's words, fillers dropped and normalised.
        var words: [String]
        var features: [Int]
        /// Sum of the features' Dice weights (`similarity`).
        var weight: Double
    }

    let parameters: Parameters
    private var featureIds: [String: Int] = [:]
    private var idf: [Double] = []
    /// BM25's inverse document frequency per feature: log(1 + (N - n + 0.5) / (n + 0.5)).
    private var bm25Idf: [Double] = []
    private var defaultBM25Idf = 0.0
    private var averageLength = 1.0
    private var postings: [[Int]] = []
    private var entries: [Entry] = []
    /// The hot loop's view of the labels, as plain numbers (copying an `Entry` retains its strings and arrays):
    /// unit group (an index into `groupNames`), head feature and BM25 length factor,
    /// (k1 + 1) / (1 + k1 (1 - b + b · length / average length)).
    private var entryGroup: [Int] = []
    private var entryHead: [Int] = []
    private var entryFactor: [Double] = []
    /// The label's place in alphabetical order, for ties (comparing the strings was a tenth of the matching).
    private var entryRank: [Int] = []
    private var groupNames: [String] = []
    /// Score accumulators for `match`, one per label, reused across calls and threads.
    private let scratch = ScratchPool()
    /// The compound parts of title words that are no label word, as they are met.
    private let titleSplits = Memo<ExactText, [String]>()
    /// Words that may be parts of a compound (every label word and built-in word of 3+ letters).
    private var knownParts: Set<String> = []
    /// Person words: the final parts of single-word labels ("kweker", "chauffeur", "medewerker").
    private var personWords: Set<String> = []
    private var defaultIdf = 0.0
    /// The compound parts of every label word, computed once.
    private var splits: [String: [String]] = [:]
    /// The unit groups of the labels each person word heads, for `isGeneric`.
    private var groupsByHead: [Int: Set<String>] = [:]
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
            bm25Idf.append(log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)))
            postings.append([])
        }
        // A title word no label has is at least as telling as the rarest label word.
        defaultIdf = log(1 + n)
        defaultBM25Idf = log(1 + (n - 1 + 0.5) / 1.5)
        averageLength = max(1, Double(featureSets.reduce(0) { $0 + $1.count }) / max(1, n))
        var groupIds: [String: Int] = [:]
        for (k, label) in labels.enumerated() {
            let ids = featureSets[k].compactMap { featureIds[$0] }
            guard !ids.isEmpty, let head = featureIds[heads[k]] else { continue }
            for id in ids { postings[id].append(entries.count) }
            entriesByGroup[label.isco, default: []].append(entries.count)
            groupsByHead[head, default: []].insert(label.isco)
            let group = groupIds[label.isco] ?? groupNames.count
            if group == groupNames.count { groupIds[label.isco] = group; groupNames.append(label.isco) }
            let factor = lengthFactor(ids.count)
            entryGroup.append(group)
            entryHead.append(head)
            entryFactor.append(factor)
            entries.append(Entry(label: label.label, words: normalisedLabels[k], features: ids, weight: ids.reduce(0) { $0 + idf[$1] }))
        }
        entryRank = [Int](repeating: 0, count: entries.count)
        for (rank, e) in entries.indices.sorted(by: { entries[$0].label < entries[$1].label }).enumerated() { entryRank[e] = rank }
    }

    /// BM25's length factor for a document (a label, or the title scored against itself) of `length` features.
    private func lengthFactor(_ length: Int) -> Double {
        let k1 = parameters.k1, b = parameters.b
        return (k1 + 1) / (1 + k1 * (1 - b + b * Double(length) / averageLength))
    }

    /// The closest ESCO unit group for a title's words (folded tokens), or nil when no label shares its head noun.
    func match(_ words: [String]) -> Result? {
        let core = words.filter { !Lexicon.fillers.contains($0) }.map(normalise)
        guard !core.isEmpty, !entries.isEmpty, let head = featureIds[head(core)] else { return nil }
        // The title against itself: every feature it has, known or not (a word no label has is a word no label explains).
        let titleFeatures = featureSet(core)
        let wholeWordsWithParts = Set(core.filter { !parts(of: $0).isEmpty })
        var ids: [Int] = []
        var selfWeight = 0.0
        for f in titleFeatures {
            if let id = featureIds[f] { ids.append(id); selfWeight += bm25Idf[id] }
            // An unknown compound is already counted through its parts.
            else if !wholeWordsWithParts.contains(f) { selfWeight += defaultBM25Idf }
        }
        let selfScore = selfWeight * lengthFactor(titleFeatures.count)
        guard selfScore > 0 else { return nil }
        // BM25 of every label that shares a feature: the shared features' weights, summed per label.
        var shared = scratch.take(entries.count)
        var touched: [Int] = []
        touched.reserveCapacity(512)
        for id in ids {
            let weight = bm25Idf[id]
            for e in postings[id] {
                if shared[e] == 0 { touched.append(e) }
                shared[e] += weight
            }
        }
        // The best label per unit group, among labels about the title's person word (even slots) and the others
        // (odd slots): only the first can name the title's occupation; both compete.
        var bestScore = [Double](repeating: -1, count: 2 * groupNames.count)
        var bestEntry = [Int](repeating: -1, count: 2 * groupNames.count)
        for e in touched {
            let score = min(1, shared[e] * entryFactor[e] / selfScore)
            shared[e] = 0
            let slot = 2 * entryGroup[e] + (entryHead[e] == head ? 0 : 1)
            if score > bestScore[slot] || (score == bestScore[slot] && entryRank[e] < entryRank[bestEntry[slot]]) {
                bestScore[slot] = score
                bestEntry[slot] = e
            }
        }
        scratch.give(shared)
        var best: (group: Int, score: Double)?
        for group in groupNames.indices where bestScore[2 * group] >= 0 {
            let score = bestScore[2 * group]
            if let current = best, current.score > score || (current.score == score && groupNames[current.group] < groupNames[group]) { continue }
            best = (group, score)
        }
        guard let best else { return nil }
        var runnerUp = 0.0
        var runnerUpIsco: String?
        for group in groupNames.indices where group != best.group {
            let score = max(bestScore[2 * group], bestScore[2 * group + 1])
            guard score >= 0 else { continue }
            if score > runnerUp || (score == runnerUp && runnerUpIsco.map { groupNames[group] < $0 } == true) {
                runnerUp = score
                runnerUpIsco = groupNames[group]
            }
        }
        let bestLabel = bestEntry[2 * best.group]
        let label = Set(entries[bestLabel].features)
        let explained = core.filter { w in
            ([w] + parts(of: w)).contains { featureIds[$0].map(label.contains) ?? false }
        }.count
        let score = best.score
        return Result(isco: groupNames[best.group], label: entries[bestLabel].label, score: score, runnerUp: runnerUp,
                      runnerUpIsco: runnerUpIsco,
                      decisive: score >= parameters.threshold && score - runnerUp >= parameters.margin,
                      explainedWords: explained, titleWords: core.count, labelWords: entries[bestLabel].words)
    }

    /// Whether the result's label names something that the title (all of its words, every segment) does not.
    func namesMore(_ result: Result, title words: [String]) -> Bool {
        let present = Set(featureSet(words.filter { !Lexicon.fillers.contains($0) }.map(normalise)))
        return result.labelWords.contains { unnamedWord($0, in: present) }
    }

    /// Whether a label word names something a title (its words and their compound parts, `present`) does not.
    /// The score above measures how much of the *title* a label explains, so "modelmaker ceramiek" explains all of
    /// "modelmaker", and "hoofd kwaliteitszorg lederwaren" all of "hoofd zorg"; but such a label is a narrower
    /// occupation (or a sibling) of its own, which ISCO may file elsewhere. A compound word counts as named when the
    /// title has the word, or its final part together with its first part (or all its inner parts): the
    /// "recreatie" of "recreatiemedewerker" is not named by a bare "medewerker", nor "kwaliteit" by "zorg".
    private func unnamedWord(_ word: String, in present: Set<String>) -> Bool {
        if present.contains(word) { return false }
        let split = parts(of: word)
        guard let last = split.last, split.count >= 2, present.contains(last) else { return true }
        if present.contains(split[0]) { return false }
        // A first part that is a compound itself ("boomkwekerij" in "boomkwekerijmedewerker") is named by its parts.
        let inner = split[1..<(split.count - 1)]
        return inner.isEmpty || !inner.allSatisfy(present.contains)
    }

    /// Whether a label is a bare person word that heads labels of many unit groups ("medewerker", "manager",
    /// "ingenieur"): ESCO files such a word under one occupation, but it names none.
    func isGeneric(_ label: String) -> Bool {
        let words = TextTokens.tokens(label).map(\.text).filter { !Lexicon.fillers.contains($0) }.map(normalise)
        guard words.count == 1, let id = featureIds[head(words)] else { return false }
        return (groupsByHead[id]?.count ?? 0) > Self.genericHeadGroups
    }

    /// A person word heading labels of more unit groups than this is generic.
    static let genericHeadGroups = 3

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

    /// Dutch separable verb particles: a word that starts with one is a derived verb, not a compound.
    static let particles: Set<String> = ["aan", "achter", "af", "bij", "door", "in", "mee", "na", "om", "onder", "op", "over",
                                         "terug", "toe", "tegen", "uit", "voor", "weg", "samen", "vast", "neer"]

    private func parts(of word: String) -> [String] {
        if let known = splits[word] { return known }
        // A title word no label has: split once per run, since titles repeat their words all night.
        if let seen = titleSplits.lookup(ExactText(word)) { return seen }
        let found = splitCompound(word)
        titleSplits.store(ExactText(word), found)
        return found
    }

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
            // "ondernemer", "uitvoerder", "opzichter" are verbs made nouns (ondernemen + er), not compounds:
            // splitting them would make "nemer" the person word of both "ondernemer" and "aannemer".
            if Self.particles.contains(prefix) { continue }
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

/// Per-label score accumulators for `ESCOMatcher.match`, handed out one per call: a title shares a feature with
/// up to a few thousand labels ("medewerker"), and a dictionary per call cost more than the scoring.
final class ScratchPool: @unchecked Sendable {
    // @unchecked: `free` is only touched under `lock`.
    private let lock = NSLock()
    private var free: [[Double]] = []

    /// An array of `count` zeros.
    func take(_ count: Int) -> [Double] {
        lock.withLock { free.popLast() } ?? [Double](repeating: 0, count: count)
    }

    /// Returns an array taken from `take`, all zeros again.
    func give(_ array: [Double]) {
        lock.withLock { if free.count < 16 { free.append(array) } }
    }
}
