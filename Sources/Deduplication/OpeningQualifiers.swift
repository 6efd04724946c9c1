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

    /// Words after which a unit's name follows.
    static let unitMarkers: Set<String> = ["team", "afdeling", "locatie", "vestiging", "filiaal", "wijkteam", "school", "ploeg",
                                           "unit", "kliniek"]
    /// Words that follow a marker without naming a unit ("team van", "locatie in").
    static let notNames: Set<String> = ["van", "in", "de", "het", "een", "en", "met", "voor", "op", "te", "is", "die", "dat", "bij",
                                        "waar", "als", "of", "aan", "naar", "om"]

    /// The qualifiers an ad names: in its title, and in its whole text (the title's and the description's).
    ///
    /// A description speaks of shifts and teams in general ("je werkt ook avonden", "ons team bestaat uit 12
    /// collega's"), so it counts only a shift named as one ("nachtdienst", "avondploeg") and a unit name written
    /// as a name ("team Inkoop", "locatie Zonnehuis"); a title counts any.
    static func of(title: String, description: String?) -> (title: OpeningQualifiers, text: OpeningQualifiers) {
        let inTitle = scan(title, strict: false)
        var inText = inTitle
        if let description {
            // The opening of the text, as for the driving scope: a further opening names itself early.
            let more = scan(String(decoding: description.utf8.prefix(DrivingScope.scannedBytes), as: UTF8.self), strict: true)
            inText.shifts |= more.shifts
            for unit in more.units where !inText.units.contains(unit) && inText.units.count < 3 { inText.units.append(unit) }
        }
        return (inTitle, inText)
    }

    /// Reads the text's bytes once: every ad's description passes here, so no String per word is made (only a unit's
    /// name, which is rare, becomes one). Words are runs of ASCII letters and digits and of non-ASCII bytes.
    private static func scan(_ text: String, strict: Bool) -> OpeningQualifiers {
        var found = OpeningQualifiers()
        var text = text
        text.withUTF8 { bytes in
            func isWordByte(_ b: UInt8) -> Bool { b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39) }
            var lower = [UInt8](repeating: 0, count: 24)
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
                let word = lower[0..<length]
                let kind = shift(word, strict: strict)
                found.shifts |= kind
                if wasAfterMarker, length >= 2, kind == 0, !notNameBytes.contains(where: { $0.elementsEqual(word) }),
                   !strict || (bytes[start] >= 0x41 && bytes[start] <= 0x5A) || bytes[start] >= 0x80 {
                    let hash = max(1, UInt16(truncatingIfNeeded: TextKeys.fnv1a(TextKeys.fold(String(decoding: word, as: UTF8.self)))))
                    if !found.units.contains(hash), found.units.count < 3 { found.units.append(hash) }
                }
                afterMarker = isUnitMarker(word)
            }
        }
        return found
    }

    private static let unitMarkerBytes = unitMarkers.map { Array($0.utf8) }
    /// Lengths and first letters of the markers: most words are neither, and are passed at once.
    private static let markerLengths = Set(unitMarkers.map(\.utf8.count))
    private static let markerFirsts = Set(unitMarkers.compactMap(\.utf8.first))

    /// A unit marker, or a word starting "wijkteam" ("wijkteamleider" is one too). `word` is lower case.
    private static func isUnitMarker(_ word: ArraySlice<UInt8>) -> Bool {
        guard let first = word.first, markerFirsts.contains(first) else { return false }
        if word.count > 8, first == UInt8(ascii: "w"), word.starts(with: wijkteam) { return true }
        guard markerLengths.contains(word.count) else { return false }
        return unitMarkerBytes.contains { $0.count == word.count && $0.elementsEqual(word) }
    }
    private static let notNameBytes = notNames.map { Array($0.utf8) }
    private static let wijkteam = Array("wijkteam".utf8)
    private static let shiftPrefixes: [([UInt8], UInt8)] = [("nacht", night), ("avond", evening), ("ochtend", morning), ("vroege", morning),
                                                             ("dag", day), ("weekend", weekend), ("zaterdag", weekend), ("zondag", weekend)]
        .map { (Array($0.0.utf8), $0.1) }
    private static let shiftSuffixes = ["dienst", "diensten", "ploeg", "ploegen"].map { Array($0.utf8) }

    /// A shift named as one ("nachtdienst", "avondploeg"); with `strict` false also a bare day or part of the week.
    /// `word` is lower case.
    private static func shift(_ word: ArraySlice<UInt8>, strict: Bool) -> UInt8 {
        switch word.first {
        case UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "v"), UInt8(ascii: "d"),
             UInt8(ascii: "w"), UInt8(ascii: "z"): break
        default: return 0
        }
        for (prefix, kind) in shiftPrefixes where word.starts(with: prefix) {
            let rest = word.dropFirst(prefix.count)
            if shiftSuffixes.contains(where: { $0.elementsEqual(rest) }) { return kind }
            if !strict, kind == weekend || (kind != day && (rest.isEmpty || rest.elementsEqual([UInt8(ascii: "e"), UInt8(ascii: "n")]))) {
                return kind
            }
        }
        return 0
    }
}
