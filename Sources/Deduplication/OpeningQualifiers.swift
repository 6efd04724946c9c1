import Glibc
import KaartenbakCore

/// What tells one employer's further openings of one occupation at one workplace apart: the shift (nachtdienst,
/// avondploeg, zaterdagen) and the unit (team Inkoop, afdeling vers, locatie Zonnehuis, wijkteam Zuid). Each
/// opening names its own in its title and its text, and a copy repeats it; so a title that names a shift or a unit
/// the other ad's whole text contradicts (it names others of the same kind, not this one) is another opening.
///
/// Packed in a UInt64 for the dedupe state: a shift bit set (8 bits) and up to three unit-name hashes (16 bits each).
struct OpeningQualifiers: Equatable, Sendable {
    var shifts: UInt8 = 0
    var units: [UInt16] = []

    static let morning: UInt8 = 1, day: UInt8 = 2, evening: UInt8 = 4, night: UInt8 = 8, weekend: UInt8 = 16

    var packed: UInt64 {
        var value = UInt64(shifts)
        for (slot, unit) in units.prefix(3).enumerated() { value |= UInt64(unit) << (8 + 16 * UInt64(slot)) }
        return value
    }

    init(shifts: UInt8 = 0, units: [UInt16] = []) { (self.shifts, self.units) = (shifts, units) }

    /// A title's qualifiers against another ad's whole text (title and description): both name a shift and none in
    /// common, or both name units and none in common.
    /// Read from the packed values as they are: this runs for every pair scored, so nothing is unpacked or allocated.
    static func contradict(title: UInt64, text: UInt64) -> Bool {
        guard title != 0, text != 0 else { return false }
        let (mine, theirs) = (UInt8(truncatingIfNeeded: title), UInt8(truncatingIfNeeded: text))
        if mine != 0, theirs != 0, mine & theirs == 0 { return true }
        @inline(__always) func unit(_ value: UInt64, _ slot: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: value >> (8 + 16 * slot)) }
        var mineAny = false, theirsAny = false, shared = false
        for i in 0..<UInt64(3) {
            let a = unit(title, i)
            guard a != 0 else { continue }
            mineAny = true
            for j in 0..<UInt64(3) {
                let b = unit(text, j)
                if b != 0 { theirsAny = true; if a == b { shared = true } }
            }
        }
        return mineAny && theirsAny && !shared
    }

    /// Words that follow a marker without naming a unit ("team van", "locatie in").
    static let notNames: Set<String> = ["van", "in", "de", "het", "een", "en", "met", "voor", "op", "te", "is", "die", "dat", "bij",
                                        "waar", "als", "of", "aan", "naar", "om"]

    /// The qualifiers an ad names: in its title, and in its whole text (the title's and the description's).
    ///
    /// A description speaks of shifts and teams in general ("je werkt ook avonden", "ons team bestaat uit 12
    /// collega's"), so it counts only a shift named as one ("nachtdienst", "avondploeg") and a unit name written
    /// as a name ("team Inkoop", "locatie Zonnehuis"); a title counts any.
    static func of(title: String, description: String?) -> (title: OpeningQualifiers, text: OpeningQualifiers) {
        var title = title
        let inTitle = title.withUTF8 { scan($0, strict: false) }
        var inText = inTitle
        if let description {
            // The opening of the text, as for the driving scope: a further opening names itself early.
            let more = DrivingScope.withOpening(of: description) { scan($0, strict: true) }
            inText.shifts |= more.shifts
            for unit in more.units where !inText.units.contains(unit) && inText.units.count < 3 { inText.units.append(unit) }
        }
        return (inTitle, inText)
    }

    /// Reads the text's bytes once: every ad's description passes here, so nothing is allocated per word (only a
    /// unit's name, which is rare, becomes a String) and the word lists are matched by switches on length and
    /// letters, not sets. Words are runs of ASCII letters and digits and of non-ASCII bytes.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, strict: Bool) -> OpeningQualifiers {
        var found = OpeningQualifiers()
        @inline(__always) func isWordByte(_ b: UInt8) -> Bool { b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { lower in
            var afterMarker = false
            var i = 0
            let n = bytes.count
            while i < n {
                while i < n && !isWordByte(bytes[i]) { i += 1 }
                let start = i
                while i < n && isWordByte(bytes[i]) { i += 1 }
                let length = i - start
                guard length > 0 else { break }
                let wasAfterMarker = afterMarker
                afterMarker = false
                guard length <= lower.count else { continue }
                for k in 0..<length { let b = bytes[start + k]; lower[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                let word = UnsafeBufferPointer(rebasing: lower[0..<length])
                let kind = shift(word, strict: strict)
                found.shifts |= kind
                if wasAfterMarker, length >= 2, kind == 0, !isNotName(word),
                   !strict || (bytes[start] >= 0x41 && bytes[start] <= 0x5A) || bytes[start] >= 0x80 {
                    let hash = max(1, UInt16(truncatingIfNeeded: TextKeys.fnv1a(TextKeys.fold(String(decoding: word, as: UTF8.self)))))
                    if !found.units.contains(hash), found.units.count < 3 { found.units.append(hash) }
                }
                afterMarker = isUnitMarker(word)
            }
        }
        return found
    }

    /// Whether the lower-case `word` spells `literal`.
    @inline(__always)
    private static func spells(_ word: UnsafeBufferPointer<UInt8>, _ literal: StaticString, from offset: Int = 0) -> Bool {
        word.count - offset == literal.utf8CodeUnitCount
            && memcmp(word.baseAddress! + offset, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }

    /// Whether the lower-case `word` starts with `literal`.
    @inline(__always)
    private static func starts(_ word: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        word.count >= literal.utf8CodeUnitCount && memcmp(word.baseAddress!, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }

    /// A word after which a unit's name follows, or one starting "wijkteam" ("wijkteamleider" is one too). `word` is
    /// lower case.
    private static func isUnitMarker(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        switch word.first {
        case UInt8(ascii: "t"): return spells(word, "team")
        case UInt8(ascii: "a"): return spells(word, "afdeling")
        case UInt8(ascii: "l"): return spells(word, "locatie")
        case UInt8(ascii: "v"): return spells(word, "vestiging")
        case UInt8(ascii: "f"): return spells(word, "filiaal")
        case UInt8(ascii: "w"): return starts(word, "wijkteam")
        case UInt8(ascii: "s"): return spells(word, "school")
        case UInt8(ascii: "p"): return spells(word, "ploeg")
        case UInt8(ascii: "u"): return spells(word, "unit")
        case UInt8(ascii: "k"): return spells(word, "kliniek")
        default: return false
        }
    }

    /// One of `notNames`. `word` is lower case.
    private static func isNotName(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count <= 4 else { return false }
        return notNames.contains(String(decoding: word, as: UTF8.self))
    }

    /// A shift named as one ("nachtdienst", "avondploeg"); with `strict` false also a bare day or part of the week.
    /// `word` is lower case.
    private static func shift(_ word: UnsafeBufferPointer<UInt8>, strict: Bool) -> UInt8 {
        let (prefix, kind): (StaticString, UInt8)
        switch word.first {
        case UInt8(ascii: "n"): (prefix, kind) = ("nacht", night)
        case UInt8(ascii: "a"): (prefix, kind) = ("avond", evening)
        case UInt8(ascii: "o"): (prefix, kind) = ("ochtend", morning)
        case UInt8(ascii: "v"): (prefix, kind) = ("vroege", morning)
        case UInt8(ascii: "d"): (prefix, kind) = ("dag", day)
        case UInt8(ascii: "w"): (prefix, kind) = ("weekend", weekend)
        case UInt8(ascii: "z"):
            if starts(word, "zaterdag") { (prefix, kind) = ("zaterdag", weekend) } else { (prefix, kind) = ("zondag", weekend) }
        default: return 0
        }
        guard starts(word, prefix) else { return 0 }
        let rest = prefix.utf8CodeUnitCount
        if spells(word, "dienst", from: rest) || spells(word, "diensten", from: rest) || spells(word, "ploeg", from: rest)
            || spells(word, "ploegen", from: rest) { return kind }
        if !strict, kind == weekend || (kind != day && (word.count == rest || spells(word, "en", from: rest))) { return kind }
        return 0
    }
}
