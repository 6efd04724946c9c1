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

    init(packed: UInt64) {
        shifts = UInt8(truncatingIfNeeded: packed)
        units = (0..<UInt64(3)).map { UInt16(truncatingIfNeeded: packed >> (8 + 16 * $0)) }.filter { $0 != 0 }
    }

    /// A title's qualifiers against another ad's whole text (title and description): both name a shift and none in
    /// common, or both name units and none in common.
    static func contradict(title: UInt64, text: UInt64) -> Bool {
        let (mine, theirs) = (OpeningQualifiers(packed: title), OpeningQualifiers(packed: text))
        if mine.shifts != 0, theirs.shifts != 0, mine.shifts & theirs.shifts == 0 { return true }
        if !mine.units.isEmpty, !theirs.units.isEmpty, !mine.units.contains(where: theirs.units.contains) { return true }
        return false
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
            let more = scan(description, strict: true)
            inText.shifts |= more.shifts
            for unit in more.units where !inText.units.contains(unit) && inText.units.count < 3 { inText.units.append(unit) }
        }
        return (inTitle, inText)
    }

    private static func scan(_ text: String, strict: Bool) -> OpeningQualifiers {
        let words = text.split { !($0.isLetter || $0.isNumber) }
        var found = OpeningQualifiers()
        for (index, original) in words.enumerated() {
            let word = original.lowercased()
            found.shifts |= shift(word, strict: strict)
            guard unitMarkers.contains(word) || (word.hasPrefix("wijkteam") && word.count > 8), index + 1 < words.count else { continue }
            let next = words[index + 1]
            let name = next.lowercased()
            guard name.count >= 2, !notNames.contains(name), shift(name, strict: false) == 0,
                  !strict || next.first?.isUppercase == true else { continue }
            let hash = max(1, UInt16(truncatingIfNeeded: TextKeys.fnv1a(TextKeys.fold(name))))
            if !found.units.contains(hash), found.units.count < 3 { found.units.append(hash) }
        }
        return found
    }

    /// A shift named as one ("nachtdienst", "avondploeg"); with `strict` false also a bare day or part of the week.
    private static func shift(_ word: String, strict: Bool) -> UInt8 {
        let kinds: [(String, UInt8)] = [("nacht", night), ("avond", evening), ("ochtend", morning), ("vroege", morning), ("dag", day),
                                        ("weekend", weekend), ("zaterdag", weekend), ("zondag", weekend)]
        for (prefix, kind) in kinds where word.hasPrefix(prefix) {
            let rest = word.dropFirst(prefix.count)
            if ["dienst", "diensten", "ploeg", "ploegen"].contains(rest) { return kind }
            if !strict, kind == weekend || (kind != day && (rest.isEmpty || rest == "en")) { return kind }
        }
        return 0
    }
}
