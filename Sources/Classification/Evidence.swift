/// Compiled evidence rules and a fast scanner over description and employer text.
///
/// Terms are stored as hashes of their folded token sequence; a description is scanned once,
/// byte by byte, and every 1- to 4-word window is looked up. A bit filter in front of the
/// dictionary keeps the common miss cheap.
struct EvidenceIndex: Sendable {
    struct Term: Sendable {
        var rule: Int
        var text: String
    }

    let rules: [EvidenceRule]
    /// Rule indices per head name.
    let rulesByHead: [String: [Int]]
    /// Phrase hash → terms.
    let terms: [UInt64: [Term]]
    /// Bit filter over phrase hashes (65,536 bits).
    let filter: [UInt64]
    /// Licence codes: token hash → canonical upper-case code.
    let licenceCodes: [UInt64: String]
    let licenceWords: Set<UInt64>
    let standaloneLicences: Set<String>
    static let maxWords = 4
    /// Verbs of loading and unloading, and what ends their object (a preposition, "zelf").
    static let loadingVerbs = Set(["laad", "laadt", "laden", "los", "lost", "lossen", "belaad", "belaadt", "beladen",
                                   "ontlaad", "ontlaadt", "ontladen"].map(TextTokens.hash))
    static let objectStops = Set(["met", "bij", "in", "op", "naar", "uit", "aan", "voor", "door", "onder", "tijdens", "zelf",
                                  "zelfstandig"].map(TextTokens.hash))
    /// Vehicles and vessels that are loaded.
    static let vehicles = Set(["vrachtwagen", "vrachtwagens", "vrachtauto", "vrachtauto's", "truck", "trucks", "trailer",
                               "trailers", "oplegger", "opleggers", "schip", "schepen", "wagon", "wagons", "bestelbus",
                               "bestelbussen", "busjes", "vliegtuig", "vliegtuigen"].map(TextTokens.hash))

    init(rules: [EvidenceRule]) {
        self.rules = rules
        var byHead: [String: [Int]] = [:]
        var terms: [UInt64: [Term]] = [:]
        var filter = [UInt64](repeating: 0, count: 1024)
        for (index, rule) in rules.enumerated() {
            byHead[rule.head, default: []].append(index)
            for words in rule.terms where words.count <= EvidenceIndex.maxWords {
                let hash = TextTokens.phraseHash(words.map(TextTokens.hash)[...])
                terms[hash, default: []].append(Term(rule: index, text: words.joined(separator: " ")))
                filter[Int((hash >> 6) & 1023)] |= 1 << (hash & 63)
            }
        }
        self.rulesByHead = byHead
        self.terms = terms
        self.filter = filter
        var codes: [UInt64: String] = [:]
        for code in TitleCleaner.licenceCodes { codes[TextTokens.hash(code)] = code.uppercased() }
        self.licenceCodes = codes
        self.licenceWords = Set(TitleCleaner.licenceWords.map(TextTokens.hash))
        self.standaloneLicences = Set(TitleCleaner.standaloneLicences.map { $0.uppercased() })
    }

    /// What a text says: matched terms (rule index → first matching term) and licences.
    struct Hits {
        var terms: [Int: String] = [:]
        var licences: Set<String> = []
        /// The up to `followerCount` folded words after each occurrence of the scan's `followersOf` word (none after
        /// the last word of the text): what the ad calls the job in "Als postbezorger bezorg je ...".
        var followers: [[String]] = []
        var isEmpty: Bool { terms.isEmpty && licences.isEmpty }
    }

    static let followerCount = 3

    /// Scans `text` once for the terms of `relevantRules` and for licence classes; with `followersOf` (a token's
    /// hash), it also keeps the words after each occurrence of that token, folded, in `hits.followers`. The one
    /// tokenisation serves both: the words are folded only when they follow that token.
    func scan(_ text: String, relevantRules: Set<Int>, into hits: inout Hits, followersOf: UInt64? = nil) {
        var copy = text
        var window: [(hash: UInt64, upper: Bool)] = []
        window.reserveCapacity(text.utf8.count / 5)
        var followers: [[String]] = []
        copy.withUTF8 { bytes in
            guard let marker = followersOf else {
                TextTokens.scan(bytes) { hash, upper, _, _ in window.append((hash, upper)) }
                return
            }
            // Lists still short of `followerCount` words take the next word; the marker opens a new list.
            var open: [Int] = []
            TextTokens.scan(bytes) { hash, upper, start, end in
                window.append((hash, upper))
                if !open.isEmpty {
                    let word = TextTokens.fold(bytes, start, end)
                    for list in open { followers[list].append(word) }
                    open.removeAll { followers[$0].count >= EvidenceIndex.followerCount }
                }
                if hash == marker { open.append(followers.count); followers.append([]) }
            }
        }
        hits.followers += followers.filter { !$0.isEmpty }
        // Vehicles that are the object of loading ("laad en los je vrachtwagens", "laadt vrachtwagens en schepen") are
        // what the worker loads, not what they drive or sail: a forklift driver loads lorries. Up to four words after
        // a loading verb, until a preposition ("lost zelf met de laadklep", "laadt bij klanten").
        var loaded: [Bool] = []
        var objectUntil = -1
        for k in window.indices {
            let hash = window[k].hash
            if EvidenceIndex.loadingVerbs.contains(hash) { objectUntil = k + 4 }
            else if EvidenceIndex.objectStops.contains(hash) { objectUntil = -1 }
            let isLoaded = k <= objectUntil && EvidenceIndex.vehicles.contains(hash)
            if isLoaded && loaded.isEmpty { loaded = [Bool](repeating: false, count: window.count) }
            if isLoaded { loaded[k] = true }
        }
        for k in window.indices {
            var phrase: UInt64 = 0
            // Windows ending at k: k, k-1...k, up to maxWords words.
            var start = k
            while start >= 0 && k - start < EvidenceIndex.maxWords {
                phrase = 0
                var first = true
                for i in start...k {
                    phrase = first ? window[i].hash : TextTokens.combine(phrase, window[i].hash)
                    first = false
                }
                if filter[Int((phrase >> 6) & 1023)] & (1 << (phrase & 63)) != 0, let found = terms[phrase],
                   loaded.isEmpty || !(start...k).contains(where: { loaded[$0] }) {
                    for term in found where relevantRules.contains(term.rule) && hits.terms[term.rule] == nil {
                        hits.terms[term.rule] = term.text
                    }
                }
                start -= 1
            }
            if let code = licenceCodes[window[k].hash] {
                let near = (max(0, k - 3)...min(window.count - 1, k + 1)).contains { licenceWords.contains(window[$0].hash) }
                if window[k].upper && (near || standaloneLicences.contains(code)) { hits.licences.insert(code) }
                else if near && k > 0 && licenceWords.contains(window[k - 1].hash) { hits.licences.insert(code) }
            }
        }
    }

    /// Matches the title's tokens (all of them, before cleaning) against `relevantRules`.
    func scanTitle(_ tokens: [String], relevantRules: Set<Int>) -> [Int: String] {
        var found: [Int: String] = [:]
        let hashes = tokens.map(TextTokens.hash)
        for k in hashes.indices {
            for start in stride(from: k, through: max(0, k - EvidenceIndex.maxWords + 1), by: -1) {
                let phrase = TextTokens.phraseHash(hashes[start...k])
                for term in terms[phrase] ?? [] where relevantRules.contains(term.rule) && found[term.rule] == nil {
                    found[term.rule] = term.text
                }
            }
        }
        return found
    }
}
