import KaartenbakCore
/// Byte-level text keys for matching: folding, tokens, trigrams and stable hashes.
/// Works on UTF-8 bytes rather than `Character`s because it runs over millions of records.
/// Hashes are FNV-1a + a SplitMix finaliser: stable across processes (unlike `Hasher`). The hashes are open to the
/// package: the generator (DedupeTooling) draws its records from them, so that a seed makes the same records.
package enum TextKeys {
    // MARK: hashing

    static func fnv1a<S: Sequence>(_ bytes: S, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64
    where S.Element == UInt8 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return mix(hash)
    }

    package static func hash(_ text: String) -> UInt64 { fnv1a(text.utf8) }

    /// SplitMix64 finaliser: spreads bits so that low bits are usable for bucketing.
    @inline(__always)
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 { mix(a ^ (b &* 0x9E37_79B9_7F4A_7C15)) }

    // MARK: folding

    /// Lower-cases ASCII, folds Latin-1 accented letters (é → e, ö → o) and turns every other
    /// non-alphanumeric byte into a space. Other multi-byte characters are kept as they are.
    static func fold(_ text: String) -> [UInt8] { fold(text, maxWords: .max) }

    /// `fold(text)` up to the end of its `maxWords`th word: what readers of a text's first words
    /// need, without folding the rest of a long description.
    static func fold(_ text: String, maxWords: Int) -> [UInt8] {
        var text = text
        return text.withUTF8 { fold($0, maxWords: maxWords) }
    }

    /// `fold` of text given as its UTF-8 bytes.
    static func fold(_ text: UnsafeBufferPointer<UInt8>, maxWords: Int = .max) -> [UInt8] {
        // Written into a buffer of the input's size (the output is never longer): no growth checks
        // per byte, which mattered at a million descriptions.
        [UInt8](unsafeUninitializedCapacity: text.count) { out, written in
            var count = 0
            var pendingC3 = false
            var words = 0, inWord = false
            for byte in text {
                let folded: UInt8
                if pendingC3 {
                    pendingC3 = false
                    folded = foldLatin1(byte)
                } else {
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): folded = byte | 0x20
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): folded = byte
                    case 0xC3:
                        pendingC3 = true
                        continue
                    case 0x80...0xFF: folded = byte
                    default: folded = UInt8(ascii: " ")
                    }
                }
                if folded == UInt8(ascii: " ") {
                    inWord = false
                } else if !inWord {
                    if words == maxWords { break }
                    words += 1
                    inWord = true
                }
                out[count] = folded
                count += 1
            }
            written = count
        }
    }

    /// The ASCII letter for the second byte of a U+00C0...U+00FF character.
    private static func foldLatin1(_ second: UInt8) -> UInt8 {
        let code = Int(second) + 0x40 // U+00C0 + (second - 0x80)
        let lower = code >= 0xE0 ? code - 0x20 : code
        switch lower {
        case 0xC0...0xC5: return UInt8(ascii: "a")
        case 0xC7: return UInt8(ascii: "c")
        case 0xC8...0xCB: return UInt8(ascii: "e")
        case 0xCC...0xCF: return UInt8(ascii: "i")
        case 0xD1: return UInt8(ascii: "n")
        case 0xD2...0xD6, 0xD8: return UInt8(ascii: "o")
        case 0xD9...0xDC: return UInt8(ascii: "u")
        case 0xDD: return UInt8(ascii: "y")
        default: return UInt8(ascii: " ")
        }
    }

    /// Splits folded bytes on spaces.
    static func words(_ folded: [UInt8]) -> [ArraySlice<UInt8>] {
        folded.split(separator: UInt8(ascii: " "))
    }

    static func string(_ bytes: some Sequence<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self) }

    // MARK: sets

    /// Sorted, de-duplicated 32-bit hashes of the character trigrams of each word, with word
    /// boundaries, so that "vrachtwagenchauffeur" and "chauffeur" share most of "chauffeur".
    static func trigrams(of words: [ArraySlice<UInt8>]) -> [UInt32] {
        var grams: [UInt32] = []
        for word in words where !word.isEmpty {
            // Slide over " word " without building it: a space before and after the word.
            var window = UInt32(UInt8(ascii: " "))
            for byte in word {
                window = (window << 8 | UInt32(byte)) & 0xFF_FFFF
                if window > 0xFFFF { grams.append(UInt32(truncatingIfNeeded: mix(UInt64(window)))) }
            }
            window = (window << 8 | UInt32(UInt8(ascii: " "))) & 0xFF_FFFF
            grams.append(UInt32(truncatingIfNeeded: mix(UInt64(window))))
        }
        return sortedUnique(grams)
    }

    /// The values sorted, each once.
    static func sortedUnique<Value: Comparable>(_ values: [Value]) -> [Value] {
        var sorted = values.sorted()
        var write = 0
        for read in sorted.indices where write == 0 || sorted[read] != sorted[write - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
    }

    /// Size of the intersection of two sorted unique arrays.
    static func intersectionCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var i = 0, j = 0, count = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { count += 1; i += 1; j += 1 }
            else if a[i] < b[j] { i += 1 }
            else { j += 1 }
        }
        return count
    }

    static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        let common = intersectionCount(a, b)
        return Double(common) / Double(a.count + b.count - common)
    }

    static func dice(_ a: [UInt32], _ b: [UInt32]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        return 2 * Double(intersectionCount(a, b)) / Double(a.count + b.count)
    }
}

/// Employer, place and title keys: the domain part of normalisation that scoring relies on.
enum MatchKeys {
    /// Legal forms and generic words that do not tell employers apart.
    static let employerNoise: Set<String> = [
        "bv", "nv", "vof", "cv", "ua", "ltd", "gmbh", "inc", "holding", "holdings", "groep", "group",
        "stichting", "nederland", "nl", "the",
    ]
    /// Phrases agencies use instead of the employer's name.
    static let hiddenEmployerMarkers = [
        "opdrachtgever", "onze klant", "relatie van", "anoniem", "confidential", "niet bekend", "onbekend",
    ]

    /// Words that mark a staffing firm's own name: on a job board, "Flexpoint Uitzendbureau" as
    /// company is the agency that copied the posting, not the employer.
    static let staffingMarkers = ["uitzend", "detacher", "recruitment", "staffing", "werving en selectie", "payroll"]

    /// Whether a folded employer key names a staffing firm.
    static func isStaffingFirm(_ key: String) -> Bool {
        containsAny(key, staffingMarkerBytes)
    }

    private static let staffingMarkerBytes = staffingMarkers.map { Array($0.utf8) }
    private static let hiddenEmployerMarkerBytes = hiddenEmployerMarkers.map { Array($0.utf8) }

    /// Whether `text` holds one of `needles`, byte for byte. For folded text, where that is what
    /// Foundation's `contains` finds too, at a fraction of the cost (its CFStringFind was a large part
    /// of extracting a night's features).
    static func containsAny(_ text: String, _ needles: [[UInt8]]) -> Bool {
        var text = text
        return text.withUTF8 { haystack in needles.contains { ByteSearch.offset(of: $0, in: haystack) != nil } }
    }

    /// The employer reduced for comparison: folded, legal forms and generic words removed,
    /// "Gemeente Breda" and "gemeente breda" alike. Nil when absent or hidden by an agency.
    static func employerKey(_ employer: String?) -> String? {
        guard let employer, !employer.isEmpty else { return nil }
        let folded = TextKeys.string(TextKeys.fold(employer))
        if containsAny(folded, hiddenEmployerMarkerBytes) { return nil }
        let kept = joinInitials(folded.split(separator: " ").map(String.init)).filter { !employerNoise.contains($0) }
        let key = kept.joined(separator: " ")
        return key.isEmpty ? nil : key
    }

    /// Runs of single letters become one word: "B.V." → "bv", "V.O.F." → "vof".
    static func joinInitials(_ words: [String]) -> [String] {
        var result: [String] = []
        var run = ""
        for word in words {
            if word.count == 1 { run += word; continue }
            if !run.isEmpty { result.append(run); run = "" }
            result.append(word)
        }
        if !run.isEmpty { result.append(run) }
        return result
    }

    static let placeNoise: Set<String> = [
        "regio", "omgeving", "rondom", "nabij", "omstreken", "e", "o", "eo", "en", "gem", "gemeente",
        "nb", "nh", "zh", "ut", "gld", "gl", "ov", "lb", "li", "fr", "gr", "dr", "zl", "fl", "nederland",
    ]
    static let placeAliases: [String: String] = [
        "den bosch": "s hertogenbosch", "s hertogenbosch": "s hertogenbosch", "hertogenbosch": "s hertogenbosch",
        "den haag": "s gravenhage", "s gravenhage": "s gravenhage", "the hague": "s gravenhage",
    ]

    /// The place reduced for comparison ("Regio Breda (NB)" → "breda", "Den Bosch" → "s hertogenbosch").
    static func placeKey(_ place: String?) -> String? {
        guard let place, !place.isEmpty else { return nil }
        let folded = TextKeys.string(TextKeys.fold(place))
        let words = folded.split(separator: " ").map(String.init)
        let kept = words.filter { !placeNoise.contains($0) || ($0 == "s" ) }
        var key = kept.joined(separator: " ")
        if let alias = placeAliases[key] { key = alias }
        return key.isEmpty ? nil : key
    }

    /// The four digits of a Dutch postcode, or 0.
    static func pc4(_ postcode: String?) -> Int {
        guard let postcode else { return 0 }
        var value = 0, digits = 0
        for byte in postcode.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if digits == 4 { break }
            } else if digits > 0 { return 0 }
        }
        return digits == 4 && value >= 1000 ? value : 0
    }

    /// Title words that say nothing about the job.
    static let titleNoise: Set<String> = [
        "m", "v", "x", "mv", "mvx", "vm", "de", "het", "een", "en", "van", "voor", "in", "te", "bij", "op",
        "met", "of", "fulltime", "parttime", "uur", "vacature", "gezocht", "per", "direct", "week", "wij",
        "zoeken", "a", "nl", "ervaren",
    ]

    /// Folded title words without noise and numbers.
    static func titleWords(_ title: String) -> [ArraySlice<UInt8>] {
        TextKeys.words(TextKeys.fold(title)).filter { word in
            !(word.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
                && !titleNoise.contains(TextKeys.string(word))
        }
    }

    /// Words that name a role ("medewerker", "chauffeur", "developer"): synonyms vary here, so a
    /// difference in them says little. Recognised by ending, plus a few short ones.
    static let roleEndings = ["er", "eur", "ist", "ant", "ent", "aar", "ige", "or", "man", "ster", "eer", "air", "ier"]
    static let roleWords: Set<String> = ["kok", "chef", "hulp", "monteur", "leerling", "stagiair", "vakkenvullen"]
    /// Qualifiers that do not make a different job.
    static let neutralModifiers: Set<String> = [
        "internationaal", "nationaal", "regionaal", "allround", "zelfstandig", "werkend", "gediplomeerd",
        "parttime", "fulltime", "startende", "enthousiaste", "rijbewijs", "bbl", "bol", "hbo", "mbo", "wo",
        "vast", "tijdelijk", "bijbaan", "vakantiewerk", "flexibel", "zaterdag", "avond",
    ]

    /// A title word that qualifies the job ("cardiologie" in "Verpleegkundige cardiologie").
    static func isModifier(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count >= 3 else { return false }
        let text = TextKeys.string(word)
        if roleWords.contains(text) || neutralModifiers.contains(text) { return false }
        return !roleEndings.contains { text.hasSuffix($0) }
    }

    /// Hash of a word's first five bytes: "elektrotechnisch" and "elektrotechniek" agree.
    static func prefixHash(_ word: ArraySlice<UInt8>) -> UInt32 {
        UInt32(truncatingIfNeeded: TextKeys.fnv1a(word.prefix(5)))
    }
}
