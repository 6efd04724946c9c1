/// A vacancy title with what does not belong to the occupation taken out into fields.
public struct CleanedTitle: Sendable, Equatable {
    /// The title exactly as given.
    public var original: String
    /// The occupation part of the title, lower case, single-spaced ("vrachtwagenchauffeur", "kok / cook").
    public var text: String
    /// "(m/v)", "m/v/x", "M/V/D", ... as written.
    public var genderMarker: String?
    public var hoursMin: Double?
    public var hoursMax: Double?
    /// Full-time equivalent when the title gives one ("0,6 fte").
    public var fte: Double?
    /// "fulltime" or "parttime".
    public var schedule: String?
    /// Place names found in the title, as written ("Breda", "Bergen op Zoom").
    public var places: [String]
    /// "regio X" / "omgeving X": the X.
    public var region: String?
    /// "per direct", "z.s.m.", "asap".
    public var perDirect: Bool
    /// junior, medior, senior, ervaren, leerling, bbl, bol, stagiair, trainee, in opleiding...
    public var seniority: [String]
    /// A qualification level the title asks for: "niveau 3", "niveau 1&2" (the level of a Dutch vocational
    /// diploma, or of a welding or care qualification).
    public var level: String?
    /// Driving licences and transport certificates: "B", "BE", "C", "CE", "D", "code 95", "ADR"...
    public var licences: [String]
    /// "... bij PostNL", "... @ Jumbo".
    public var employer: String?
    /// True when the title was written in capitals.
    public var shouting: Bool

    /// Folded tokens of the occupation part, per segment ("/", "|", " - " separate segments).
    var segments: [[String]]
    /// Folded tokens of the whole original title, for evidence ("chauffeur internationaal CE").
    var allTokens: [String]

    public init(original: String) {
        self.original = original
        self.text = ""
        self.places = []
        self.perDirect = false
        self.seniority = []
        self.licences = []
        self.shouting = false
        self.segments = []
        self.allTokens = []
    }
}

/// Title cleaning: Dutch vacancy titles carry gender markers, hours, places, "per direct",
/// seniority and licences around the occupation; this takes them out into fields.
public enum TitleCleaner {
    static let genderLetters: Set<String> = ["m", "v", "x", "d", "f", "w", "h", "i", "vrouw", "man"]
    static let hourWords: Set<String> = ["uur", "u", "uren", "hours", "hour", "hrs", "uurs", "upw"]
    static let weekWords: Set<String> = ["per", "week", "p", "w", "pw", "wk", "pwk"]
    static let seniorityWords: Set<String> = [
        "junior", "medior", "senior", "ervaren", "leerling", "bbl", "bbl'er", "stagiair", "stagiaire", "stage",
        "trainee", "werkstudent", "starter", "afstudeerstage", "afstudeerder", "instromer", "zij-instromer",
        "aankomend", "beginnend", "beginner", "jr", "sr", "traineeship", "leerbaan", "leerwerkplek",
    ]
    static let noiseWords: Set<String> = [
        "gezocht", "gevraagd", "vacature", "vacatures", "nieuw", "urgent", "dringend", "wanted", "hiring",
        "zoekt", "zoeken", "wij", "we", "bijbaan", "vakantiebaan", "vakantiewerk", "bijverdienste", "asap",
        "zsm", "thuiswerken", "hybride", "remote", "cao", "goed", "salaris", "topsalaris", "uitstekend",
        "leuke", "leuk", "flexibel", "flexibele", "tijdelijk", "vast", "contract", "uitzicht", "vaste",
        "baan", "job", "jobs", "fijne", "nl", "oproepbasis", "oproepkracht", "weekend", "weekenden",
        "zaterdag", "zondag", "avond", "avonden", "ochtend", "nachtdienst", "avonddienst", "dagdienst",
        "ploegendienst", "ploegen", "2-ploegen", "3-ploegen", "5-ploegen", "dagdiensten", "nachtdiensten",
        "avondploeg", "dagploeg", "nachtploeg", "weekendwerk", "ochtenden", "middagen", "16", "plus",
        "jaar", "eur", "euro", "p.u", "bruto", "netto", "incl", "inclusief", "leaseauto",
    ]
    static let trailingFillers: Set<String> = ["met", "en", "of", "voor", "in", "bij", "te", "de", "het", "een", "and", "with", "for"]
    static let licenceCodes: Set<String> = ["a", "a1", "a2", "am", "b", "be", "c", "c1", "c1e", "ce", "d", "d1", "d1e", "de", "t"]
    /// Codes that are unmistakable without the word "rijbewijs" when written in capitals.
    static let standaloneLicences: Set<String> = ["ce", "c1", "c1e", "d1", "d1e", "be"]
    static let licenceWords: Set<String> = ["rijbewijs", "rijbewijzen", "licence", "license", "licentie", "driving", "categorie", "klasse", "rijbewijs-"]

    /// Cleans one title. Never fails: an empty or odd title gives empty text.
    public static func clean(_ title: String) -> CleanedTitle {
        var result = CleanedTitle(original: title)
        var source = title
        let tokens = TextTokens.tokens(title)
        result.allTokens = tokens.map(\.text)
        guard !tokens.isEmpty else { return result }

        source.withUTF8 { bytes in
            let gaps = (0..<tokens.count).map { k -> String in
                let from = k == 0 ? 0 : tokens[k - 1].end
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<tokens[k].start]), as: UTF8.self)
            }
            let tail = String(decoding: UnsafeBufferPointer(rebasing: bytes[(tokens.last?.end ?? 0)...]), as: UTF8.self)
            let original = tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.start..<$0.end]), as: UTF8.self) }
            var keep = [Bool](repeating: true, count: tokens.count)
            let words = tokens.map(\.text)

            markGender(words, gaps + [tail], original, &keep, &result)
            markHours(words, gaps, &keep, &result)
            markLicences(tokens, words, original, &keep, &result)
            markPlaces(words, gaps, original, &keep, &result)
            markEmployer(words, original, &keep, &result)
            markWords(words, &keep, &result)

            // A word in brackets glued to the next word is an optional first part of it: "(hoofd)docent" is "docent" or
            // "hoofddocent", one word and no added part, so "Universitair (hoofd)docent X" stays one segment.
            var optionalPrefix = Set<Int>()
            for k in 0..<(tokens.count - 1) where gaps[k].hasSuffix("(") && gaps[k + 1] == ")" {
                optionalPrefix.insert(k)
                keep[k] = false
            }
            // Segments: "/", "|", " - ", "(" , "," and ":" separate alternative or added parts.
            var segments: [[String]] = []
            var displays: [String] = []
            var current: [String] = []
            var display: [String] = []
            for k in 0..<tokens.count {
                if k > 0, isSegmentBreak(gaps[k]), !current.isEmpty, !optionalPrefix.contains(k), !optionalPrefix.contains(k - 1) {
                    segments.append(current); displays.append(display.joined(separator: " "))
                    current = []; display = []
                }
                guard keep[k] else { continue }
                if words[k].allSatisfy({ $0.isNumber }) { continue }
                current.append(words[k])
                display.append(original[k].lowercased())
            }
            if !current.isEmpty { segments.append(current); displays.append(display.joined(separator: " ")) }
            // "Chauffeur met code 95" leaves "chauffeur met": trim words that only joined the removed parts.
            for i in segments.indices {
                var words = segments[i]
                var shown = displays[i].split(separator: " ").map(String.init)
                while let last = words.last, trailingFillers.contains(last), words.count > 1 { words.removeLast(); shown.removeLast() }
                segments[i] = words
                displays[i] = shown.joined(separator: " ")
            }
            result.segments = segments
            result.text = displays.joined(separator: " / ")
            let upperWords = tokens.filter { $0.upper && $0.text.count >= 3 }.count
            let longWords = tokens.filter { $0.text.count >= 3 && !$0.text.allSatisfy(\.isNumber) }.count
            result.shouting = longWords >= 1 && upperWords * 2 > longWords && upperWords >= 1
                && !(longWords == 1 && tokens.count == 1 && tokens[0].text.count <= 4)
        }
        return result
    }

    /// The marks between words that start a new segment. Found by their bytes: every title of a
    /// night is cleaned (the title cache keys on the result), and Foundation's search per mark was
    /// most of what normalising still spent in Foundation.
    static let segmentBreaks = ["/", "|", " - ", " – ", "(", ")", ",", ":", ";", "+", " & "]

    static func isSegmentBreak(_ gap: String) -> Bool {
        segmentBreaks.contains { gap.containsBytes($0) }
    }

    private static func markGender(_ words: [String], _ gaps: [String], _ original: [String],
                                   _ keep: inout [Bool], _ result: inout CleanedTitle) {
        var k = 0
        while k < words.count {
            guard genderLetters.contains(words[k]) else { k += 1; continue }
            var j = k + 1
            while j < words.count, genderLetters.contains(words[j]), gaps[j].containsBytes("/") { j += 1 }
            if j - k >= 2 {
                let opens = gaps[k].hasSuffix("(") ? "(" : ""
                let closes = j < gaps.count && gaps[j].hasPrefix(")") ? ")" : ""
                result.genderMarker = opens + original[k..<j].joined(separator: "/") + closes
                for i in k..<j { keep[i] = false }
            }
            k = j
        }
    }

    private static func number(_ word: String) -> Double? { Double(word) }

    private static func markHours(_ words: [String], _ gaps: [String], _ keep: inout [Bool], _ result: inout CleanedTitle) {
        var k = 0
        while k < words.count {
            let word = words[k]
            // "40u", "32uur"
            if let digitsEnd = word.firstIndex(where: { !$0.isNumber }), digitsEnd != word.startIndex,
               hourWords.contains(String(word[digitsEnd...])), let value = Double(word[..<digitsEnd]) {
                setHours(value, nil, &result); keep[k] = false
                k = consumeWeek(words, k + 1, &keep); continue
            }
            guard let first = number(word) else { k += 1; continue }
            var j = k + 1
            var second: Double?
            // "32-40 uur", "24 tot 32 uur", "0,6 fte"
            if j < words.count, let decimal = number(words[j]), gaps[j] == "," {
                let value = Double("\(word).\(words[j])") ?? first
                if j + 1 < words.count, words[j + 1] == "fte" {
                    result.fte = value; keep[k] = false; keep[j] = false; keep[j + 1] = false
                    k = j + 2; continue
                }
                _ = decimal
            }
            if j < words.count, words[j] == "tot", j + 1 < words.count, let n = number(words[j + 1]) { second = n; j += 2 }
            else if j < words.count, let n = number(words[j]), gaps[j].containsBytes("-") || gaps[j].containsBytes("–") { second = n; j += 1 }
            if j < words.count, words[j].hasPrefix("fte") || words[j] == "fte" {
                result.fte = first; for i in k...j { keep[i] = false }
                k = j + 1; continue
            }
            if j < words.count, hourWords.contains(words[j]) {
                setHours(first, second, &result)
                for i in k...j { keep[i] = false }
                k = consumeWeek(words, j + 1, &keep); continue
            }
            k += 1
        }
    }

    private static func consumeWeek(_ words: [String], _ from: Int, _ keep: inout [Bool]) -> Int {
        var j = from
        while j < words.count, j < from + 2, weekWords.contains(words[j]) { keep[j] = false; j += 1 }
        return j
    }

    private static func setHours(_ a: Double, _ b: Double?, _ result: inout CleanedTitle) {
        guard a <= 80, (b ?? 0) <= 80 else { return }
        result.hoursMin = min(a, b ?? a)
        result.hoursMax = max(a, b ?? a)
        // 36 hours and more is a full week in Dutch collective agreements; 32 and less is part-time.
        if result.schedule == nil { result.schedule = min(a, b ?? a) >= 36 ? "fulltime" : (max(a, b ?? a) <= 32 ? "parttime" : nil) }
    }

    private static func markLicences(_ tokens: [TextTokens.Token], _ words: [String], _ original: [String],
                                     _ keep: inout [Bool], _ result: inout CleanedTitle) {
        for k in 0..<words.count where keep[k] {
            let word = words[k]
            if word == "code", k + 1 < words.count, words[k + 1] == "95" {
                result.licences.append("code 95"); keep[k] = false; keep[k + 1] = false; continue
            }
            if word == "code95" { result.licences.append("code 95"); keep[k] = false; continue }
            if word == "adr" && tokens[k].upper { result.licences.append("ADR"); keep[k] = false; continue }
            if licenceWords.contains(word) {
                keep[k] = false; continue
            }
            guard licenceCodes.contains(word) else { continue }
            let nearWord = (max(0, k - 3)..<min(words.count, k + 2)).contains { licenceWords.contains(words[$0]) }
            let licence = (tokens[k].upper && (nearWord || standaloneLicences.contains(word) || k > 0))
                || (nearWord && word.count <= 3)
            if licence {
                result.licences.append(word.uppercased()); keep[k] = false
            }
        }
    }

    private static func markPlaces(_ words: [String], _ gaps: [String], _ original: [String],
                                   _ keep: inout [Bool], _ result: inout CleanedTitle) {
        var k = 0
        while k < words.count {
            // "regio X", "omgeving X", "in X" (a known place), "rondom X"
            if ["regio", "omgeving", "omg", "rondom", "rayon", "region"].contains(words[k]) {
                keep[k] = false
                var j = k + 1
                var parts: [String] = []
                while j < words.count, j <= k + 3, keep[j], (j == k + 1 || !isSegmentBreak(gaps[j])),
                      Places.shared.isPlaceWord(words[j]) || (original[j].first?.isUppercase ?? false) {
                    parts.append((parts.isEmpty ? "" : joiner(gaps[j])) + original[j]); keep[j] = false; j += 1
                }
                if !parts.isEmpty { result.region = parts.joined() }
                k = j; continue
            }
            if let length = Places.shared.match(words, at: k), k > 0 || length < words.count {
                let place = (k..<(k + length)).map { ($0 == k ? "" : joiner(gaps[$0])) + original[$0] }.joined()
                result.places.append(place)
                for i in k..<(k + length) { keep[i] = false }
                if k > 0, ["in", "te", "nabij", "bij"].contains(words[k - 1]) { keep[k - 1] = false }
                k += length; continue
            }
            k += 1
        }
    }

    /// The separator to put back between two words of a name: "-" stays, anything else is a space.
    private static func joiner(_ gap: String) -> String { gap.containsBytes("-") ? "-" : " " }

    private static func markEmployer(_ words: [String], _ original: [String], _ keep: inout [Bool], _ result: inout CleanedTitle) {
        guard let at = words.lastIndex(where: { $0 == "bij" }), at > 0, at + 1 < words.count,
              original[at + 1].first?.isUppercase ?? false else { return }
        let rest = (at + 1)..<words.count
        guard rest.allSatisfy({ keep[$0] }) else { return }
        result.employer = original[rest].joined(separator: " ")
        for i in at..<words.count { keep[i] = false }
    }

    private static func markWords(_ words: [String], _ keep: inout [Bool], _ result: inout CleanedTitle) {
        for k in 0..<words.count where keep[k] {
            let word = words[k]
            switch word {
            case "fulltime", "voltijd": result.schedule = "fulltime"; keep[k] = false
            case "parttime", "deeltijd": result.schedule = "parttime"; keep[k] = false
            case "full", "part":
                if k + 1 < words.count, words[k + 1] == "time" {
                    result.schedule = word == "full" ? "fulltime" : "parttime"; keep[k] = false; keep[k + 1] = false
                }
            case "direct", "per", "zsm", "z", "s", "m":
                if word == "per", k + 1 < words.count, words[k + 1] == "direct" {
                    result.perDirect = true; keep[k] = false; keep[k + 1] = false
                } else if word == "direct" {
                    result.perDirect = true; keep[k] = false
                } else if word == "zsm" {
                    result.perDirect = true; keep[k] = false
                } else if word == "z", k + 2 < words.count, words[k + 1] == "s", words[k + 2] == "m" {
                    result.perDirect = true; keep[k] = false; keep[k + 1] = false; keep[k + 2] = false
                }
            case "niveau":
                // "Verzorgende IG (niveau 3)" is the same job as "Verzorgende IG": the level says which diploma, not
                // which occupation. The words stay in `allTokens`, where the evidence rules read them ("verpleegkundige
                // niveau 4" is an mbo nurse).
                var j = k + 1
                while j < words.count, keep[j], words[j].first?.isNumber == true,
                      words[j].allSatisfy({ $0.isNumber || $0 == "&" }) { j += 1 }
                if j > k + 1 {
                    result.level = "niveau " + words[(k + 1)..<j].joined(separator: "/")
                    for i in k..<j { keep[i] = false }
                }
            case "in":
                if k + 1 < words.count, words[k + 1] == "opleiding" {
                    result.seniority.append("in opleiding"); keep[k] = false; keep[k + 1] = false
                }
            default:
                if seniorityWords.contains(word) { result.seniority.append(word); keep[k] = false }
                else if word == "asap" { result.perDirect = true; keep[k] = false }
                else if noiseWords.contains(word) { keep[k] = false }
            }
        }
    }
}

/// Dutch place and region names, from the taxonomy resource's `place` rows.
final class Places: Sendable {
    /// Folded place names, by their first word: the longest is tried first.
    let byFirstWord: [String: [[String]]]
    let words: Set<String>

    static let shared: Places = Places(names: (try? BuiltInData.load().places) ?? [])

    init(names: [String]) {
        var index: [String: [[String]]] = [:]
        var words: Set<String> = []
        for name in names {
            let parts = TextTokens.tokens(name).map(\.text)
            guard let first = parts.first else { continue }
            index[first, default: []].append(parts)
            words.formUnion(parts)
        }
        for key in index.keys { index[key]?.sort { $0.count > $1.count } }
        self.byFirstWord = index
        self.words = words
    }

    func isPlaceWord(_ word: String) -> Bool { words.contains(word) }

    /// Length in words of the place name starting at `k`, if any.
    func match(_ words: [String], at k: Int) -> Int? {
        guard let candidates = byFirstWord[words[k]] else { return nil }
        for parts in candidates where k + parts.count <= words.count {
            if Array(words[k..<(k + parts.count)]) == parts { return parts.count }
        }
        return nil
    }
}
