import Glibc
import KaartenbakCore

/// What tells one employer's further openings of one occupation at one workplace apart: the shift (nachtdienst,
/// avondploeg, zaterdagen) and the unit (team Inkoop, afdeling vers, locatie Zonnehuis, wijkteam Zuid). Each
/// opening names its own in its title and its text, and a copy repeats it; so a title that names a shift or a unit
/// the other ad's whole text contradicts (it names others of the same kind, not this one) is another opening.
///
/// A full posting that never mentions the shift or unit another ad names in its title and its text is another
/// opening too: the night shift's ad speaks of nights ("nachtdienst", "'s nachts") and so do its copies; a posting
/// of the job that does not is the other one.
///
/// Packed in a UInt64 for the dedupe state: a shift bit set (8 bits), up to three unit-name hashes (15 bits each),
/// and in the top 11 bits what is mentioned (`mentioned`): for the title's qualifiers, the shifts (bits 0-7) and
/// units (bits 8-10) its own description mentions; for the whole text's, the shifts its title or description
/// mention. The whole text's unit names are kept apart (`unitMentions`).
///
/// Besides the times of day and week, three kinds of opening are read as shifts, from titles and in the absence
/// rules only: a rota of shifts ("tweeploegendienst", "volcontinu"), an on-call rota ("storingsdienst",
/// "consignatiedienst") and a temporary opening ("seizoenswerk", "vervanging zwangerschapsverlof"). An employer's
/// on-call mechanic and its day mechanic, its seasonal gardener and its permanent one, are two openings, and each
/// ad names its own ("Deze vacature is voor de storingsdienst"). They are not read from a description's opening as
/// named shifts: "Je draait mee in de storingsdienst" is a duty of most mechanics, not the name of the opening.
struct OpeningQualifiers: Equatable, Sendable {
    var shifts: UInt8 = 0
    var units: [UInt16] = []
    /// Shifts mentioned in any form (`mentions`): for a title, in its own description; for the whole text,
    /// anywhere in it. The day shift is never marked. For a title, bits 8-10 say the same of its units 0-2.
    var mentioned: UInt16 = 0
    /// For the whole text: the names that follow a unit marker anywhere in it, in any case, as a 64-bit Bloom filter
    /// of their hashes (`unitBloom`), for `unitUnmentioned`.
    var unitMentions: UInt64 = 0

    static let morning: UInt8 = 1, day: UInt8 = 2, evening: UInt8 = 4, night: UInt8 = 8, weekend: UInt8 = 16
    static let rota: UInt8 = 32, onCall: UInt8 = 64, temporary: UInt8 = 128

    /// Where the packed value keeps the unit hashes and the mentions.
    static let unitBits: UInt64 = 15, unitMask: UInt64 = 0x7FFF, mentionedShift: UInt64 = 53

    var packed: UInt64 {
        var value = UInt64(shifts) | UInt64(mentioned) << Self.mentionedShift
        for (slot, unit) in units.prefix(3).enumerated() { value |= (UInt64(unit) & Self.unitMask) << (8 + Self.unitBits * UInt64(slot)) }
        return value
    }

    /// Unit `slot` (0-2) of a packed value, 0 when none.
    @inline(__always)
    static func unit(_ packed: UInt64, _ slot: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: (packed >> (8 + unitBits * slot)) & unitMask) }

    /// The mentions of a packed value (`mentioned`).
    @inline(__always)
    static func mentions(_ packed: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: packed >> mentionedShift) }

    init(shifts: UInt8 = 0, units: [UInt16] = []) { (self.shifts, self.units) = (shifts, units) }

    /// A word byte: ASCII letters and digits, and every byte of a non-ASCII character.
    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool { b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39) }

    /// A unit's name (lower case) as its hash: how titles, openings and whole texts name units alike.
    private static func unitHash(_ word: UnsafeBufferPointer<UInt8>) -> UInt16 {
        max(1, UInt16(truncatingIfNeeded: TextKeys.fnv1a(TextKeys.fold(String(decoding: word, as: UTF8.self)))) & UInt16(unitMask))
    }

    /// A title that names a shift other than the day's, which its own description mentions too, against another
    /// ad's text that mentions none of its shifts in any form. A shift only the title names may be a copy's
    /// addition, and says nothing about the text. Only a full posting's text says enough (the caller asks for
    /// one): a teaser or a cut copy may leave the shift out. The day shift is what a posting that names none
    /// usually means, so its absence says nothing either.
    static func unmentioned(title: UInt64, text: UInt64) -> Bool {
        let named = UInt8(truncatingIfNeeded: title) & ~day
        return named & UInt8(truncatingIfNeeded: Self.mentions(title)) != 0 && UInt8(truncatingIfNeeded: Self.mentions(text)) & named == 0
    }

    /// The same for units: a title's unit ("team Particulier", "wijkteam Noord") that its own description names
    /// after a marker too, none of which another ad's text names after a marker anywhere (`mentions`, a text's
    /// `unitMentions`). Two further openings of one employer each name their own unit, or one names none.
    static func unitUnmentioned(title: UInt64, mentions: UInt64) -> Bool {
        let supported = Self.mentions(title) >> 8
        var any = false
        for slot in 0..<UInt64(3) where supported & (1 << slot) != 0 {
            let unit = Self.unit(title, slot)
            guard unit != 0 else { continue }
            if bloomHolds(mentions, unit) { return false }
            any = true
        }
        return any
    }

    /// A unit one title names ("team Platform", "afdeling koeltransport", "wijkteam Zuid") that the other ad names
    /// after a marker too, in its title or anywhere in its text (`mentions`, a text's `unitMentions`). The unit is
    /// what tells an employer's further openings apart, and an agency that hides its client still says where the
    /// job is ("Je komt te werken in de afdeling koeltransport"): named on both sides it singles out the opening as a
    /// street or a product name does.
    static func sharedUnit(title: UInt64, mentions: UInt64, otherTitle: UInt64, otherMentions: UInt64) -> Bool {
        let (mine, theirs) = (namedUnits(title: title, mentions: otherMentions), namedUnits(title: otherTitle, mentions: mentions))
        // Every unit either title names is named by the other ad, and one title names one.
        return mine != nil && theirs != nil && mine! + theirs! > 0
    }

    /// How many units the title names, when the other ad names each of them; nil when it leaves one out.
    private static func namedUnits(title: UInt64, mentions: UInt64) -> Int? {
        var count = 0
        for slot in 0..<UInt64(3) {
            let unit = Self.unit(title, slot)
            guard unit != 0 else { continue }
            if !bloomHolds(mentions, unit) { return nil }
            count += 1
        }
        return count
    }

    /// A 64-bit Bloom filter of unit hashes: two bits each.
    static func unitBloom(_ units: [UInt16]) -> UInt64 {
        units.reduce(0) { $0 | 1 << UInt64($1 & 63) | 1 << UInt64(($1 >> 6) & 63) }
    }

    static func bloomHolds(_ bloom: UInt64, _ unit: UInt16) -> Bool {
        let bits: UInt64 = 1 << UInt64(unit & 63) | 1 << UInt64((unit >> 6) & 63)
        return bloom & bits == bits
    }

    /// A title's qualifiers against another ad's whole text (title and description): both name a shift and none in
    /// common, or both name units and none in common.
    /// Read from the packed values as they are: this runs for every pair scored, so nothing is unpacked or allocated.
    static func contradict(title: UInt64, text: UInt64) -> Bool {
        guard title != 0, text != 0 else { return false }
        let (mine, theirs) = (UInt8(truncatingIfNeeded: title), UInt8(truncatingIfNeeded: text))
        if mine != 0, theirs != 0, mine & theirs == 0 { return true }
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
        var inTitle = title.withUTF8 { scan($0, strict: false) }
        var inText = inTitle
        var textUnits = inTitle.units
        if var description {
            // The opening of the text, as for the driving scope: a further opening names itself early.
            let more = DrivingScope.withOpening(of: description) { scan($0, strict: true) }
            inText.shifts |= more.shifts
            for unit in more.units where !inText.units.contains(unit) && inText.units.count < 3 { inText.units.append(unit) }
            // What the whole text mentions, for the absence rules (`unmentioned`, `unitUnmentioned`).
            let described = description.withUTF8(mentions)
            inText.mentioned = UInt16(described.shifts)
            textUnits += described.units
            // Whether the title's shift or unit is the description's own word, not only its repetition of the title
            // ("zoeken wij een taxichauffeur nachtdienst"): read only for titles that name one the text names.
            let shiftToCheck = inTitle.shifts & ~day != 0 && inText.mentioned & UInt16(inTitle.shifts) != 0
            let unitToCheck = inTitle.units.contains(where: described.units.contains)
            if shiftToCheck || unitToCheck {
                let titleWords = words(title)
                var text = words(description)
                blank(&text, phrases: shiftPhrases(titleWords) + unitPhrases(titleWords))
                let own = text.withUnsafeBufferPointer(mentions)
                if shiftToCheck { inTitle.mentioned = UInt16(own.shifts) }
                if unitToCheck {
                    for (slot, unit) in inTitle.units.prefix(3).enumerated() where own.units.contains(unit) {
                        inTitle.mentioned |= 1 << (8 + slot)
                    }
                }
            }
        }
        inText.mentioned |= UInt16(title.withUTF8 { mentions($0).shifts })
        inText.unitMentions = unitBloom(textUnits)
        return (inTitle, inText)
    }

    /// A text's words, lower-case, each followed by one space: the form in which a title's phrases are found in a
    /// description whatever the punctuation between them.
    private static func words(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 1)
        var inWord = false
        for byte in text.utf8 {
            if isWordByte(byte) {
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                inWord = true
            } else if inWord {
                out.append(UInt8(ascii: " "))
                inWord = false
            }
        }
        if inWord { out.append(UInt8(ascii: " ")) }
        return out
    }

    /// The title's shift words with the word before them ("taxichauffeur nachtdienst "), or after them when they
    /// come first ("nachtdienst verpleegkundige "), in the form `words` gives.
    private static func shiftPhrases(_ title: [UInt8]) -> [[UInt8]] {
        let words = title.split(separator: UInt8(ascii: " ")).map(Array.init)
        var phrases: [[UInt8]] = []
        for (index, word) in words.enumerated() where word.withUnsafeBufferPointer({ mentions($0).shifts }) != 0 {
            let pair = index > 0 ? [words[index - 1], word] : index + 1 < words.count ? [word, words[index + 1]] : [word]
            phrases.append(pair.flatMap { $0 + [UInt8(ascii: " ")] })
        }
        return phrases
    }

    /// The title's units with the word before their marker ("klantcontact team particulier "), in the form `words`
    /// gives.
    private static func unitPhrases(_ title: [UInt8]) -> [[UInt8]] {
        let words = title.split(separator: UInt8(ascii: " ")).map(Array.init)
        var phrases: [[UInt8]] = []
        for index in words.indices.dropLast() where words[index].withUnsafeBufferPointer(isUnitMarker) {
            let phrase = words[max(0, index - 1)...(index + 1)]
            phrases.append(phrase.flatMap { $0 + [UInt8(ascii: " ")] })
        }
        return phrases
    }

    /// Blanks every occurrence of `phrases` in a text in the form `words` gives.
    private static func blank(_ text: inout [UInt8], phrases: [[UInt8]]) {
        for phrase in phrases {
            var from = 0
            // Only where a word starts: "kok nachtdienst " is not taken out of "souskok nachtdienst ".
            while let found = text[from...].withUnsafeBytes({ ByteSearch.offset(of: phrase, in: $0) }) {
                let start = from + found
                if start == 0 || text[start - 1] == UInt8(ascii: " ") {
                    for k in start..<(start + phrase.count) { text[k] = UInt8(ascii: " ") }
                }
                from = start + 1
            }
        }
    }

    /// The first two letters (lower case) of every stem and unit marker `mentions` reads: the cases of its switch.
    static let mentionedPairs: [StaticString] = ["na", "av", "oc", "vr", "on", "we", "za", "zo", "vo", "st", "co", "pi", "se",
                                                 "zw", "pl", "ve", "te", "af", "lo", "fi", "wi", "sc", "un", "kl", "ob"]

    /// `mentionedPairs` as a set of 65,536 bits, one per pair of bytes (each byte with 0x20 set, as `mentions` reads).
    private static let watchedPairs: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        for pair in mentionedPairs {
            let value = Int(pair.utf8Start[0]) << 8 | Int(pair.utf8Start[1])
            bits[value >> 6] |= 1 << UInt64(value & 63)
        }
        return bits
    }()

    /// What a text mentions, read in one pass over its bytes (ASCII letters without case), for the absence rules:
    /// the shifts in any form and anywhere ("nachtdienst", "'s nachts", "zaterdagochtend", "weekenden", "vroege
    /// dienst"), read as widely as the words allow; and the hashes of the names that follow a unit marker anywhere
    /// ("team Particulier", "het wijkteam noord"), as `scan` hashes a title's units. Each byte is tested with the
    /// next as one 16-bit pair, which rarely starts a stem or a marker: a switch on single letters jumped
    /// unpredictably at every byte.
    static func mentions(_ text: UnsafeBufferPointer<UInt8>) -> (shifts: UInt8, units: [UInt16]) {
        var shifts: UInt8 = 0
        var units: [UInt16] = []
        let n = text.count
        @inline(__always) func at(_ i: Int, _ stem: StaticString) -> Bool {
            let count = stem.utf8CodeUnitCount
            guard n - i >= count else { return false }
            for k in 2..<count where text[i + k] | 0x20 != stem.utf8Start[k] { return false }
            return true
        }
        @inline(__always) func pair(_ text: StaticString) -> UInt16 { UInt16(text.utf8Start[0]) << 8 | UInt16(text.utf8Start[1]) }
        /// The lower-case word at `start` (at most 24 bytes) given to `body`, and where the word ends.
        func word<Result>(at start: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> (Result, end: Int) {
            var end = start
            while end < n, isWordByte(text[end]) { end += 1 }
            guard end - start <= 24 else { return (body(nil), end) }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { lower in
                for k in 0..<(end - start) { let b = text[start + k]; lower[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                return (body(UnsafeBufferPointer(rebasing: lower[0..<(end - start)])), end)
            }
        }
        /// A unit name after the marker word that starts at `start`.
        func unit(afterMarkerAt start: Int) {
            let (isMarker, end) = word(at: start) { $0.map(isUnitMarker) ?? false }
            guard isMarker else { return }
            var next = end
            while next < n, !isWordByte(text[next]) { next += 1 }
            guard next < n else { return }
            let (name, _) = word(at: next) { word -> UInt16? in
                guard let word, word.count >= 2, shift(word, strict: false) == 0, !isNotName(word) else { return nil }
                return unitHash(word)
            }
            if let name, !units.contains(name) { units.append(name) }
        }
        /// Nights spent away ("enkele nachten per week van huis", "overnachten in de cabine") are an international
        /// driver's trips, not the night shift: "nachten" or "overnacht-" with home, away or the cab in the words after it.
        func awayOvernight(_ i: Int) -> Bool {
            let inOvernight = i >= 4 && text[i - 4] | 0x20 == UInt8(ascii: "o") && text[i - 3] | 0x20 == UInt8(ascii: "v")
                && text[i - 2] | 0x20 == UInt8(ascii: "e") && text[i - 1] | 0x20 == UInt8(ascii: "r")
            guard inOvernight || at(i, "nachten") else { return false }
            let end = min(n, i + 48)
            func full(_ k: Int, _ word: StaticString) -> Bool {
                let count = word.utf8CodeUnitCount
                guard n - k >= count else { return false }
                for j in 0..<count where text[k + j] | 0x20 != word.utf8Start[j] { return false }
                return true
            }
            for k in (i + 5)..<max(i + 5, end) where full(k, "huis") || full(k, "weg ") || full(k, "cabine") { return true }
            return false
        }
        let watched = watchedPairs
        var i = 0
        while i + 1 < n {
            let bytes = UInt16(text[i] | 0x20) << 8 | UInt16(text[i + 1] | 0x20)
            // Most pairs start nothing: one bit says so before the switch's comparisons.
            guard watched[Int(bytes >> 6)] & (1 << (bytes & 63)) != 0 else { i += 1; continue }
            let startsWord = i == 0 || !isWordByte(text[i - 1])
            switch bytes {
            case pair("na"): if at(i, "nacht"), !awayOvernight(i) { shifts |= night }
            case pair("av"): if at(i, "avond") { shifts |= evening }
            case pair("oc"): if at(i, "ochtend") { shifts |= morning }
            case pair("vr"): if at(i, "vroeg") { shifts |= morning }
            case pair("on"): if at(i, "ontbijt") { shifts |= morning }
            case pair("we"): if at(i, "weekend") { shifts |= weekend }
            case pair("za"): if at(i, "zaterdag") { shifts |= weekend }
            case pair("zo"): if at(i, "zondag") { shifts |= weekend }
            case pair("vo"): if at(i, "volcontinu") { shifts |= rota }
            case pair("st"): if at(i, "storingsdienst") { shifts |= onCall }
            case pair("co"): if at(i, "consignatie") { shifts |= onCall }
            case pair("pi"): if at(i, "piketdienst") { shifts |= onCall }
            case pair("se"): if at(i, "seizoen") { shifts |= temporary }
            case pair("zw"): if at(i, "zwangerschapsverlof") { shifts |= temporary }
            case pair("pl"):
                // "tweeploegendienst", "in wisselende ploegen": a rota of shifts.
                if at(i, "ploegen") { shifts |= rota }
                if startsWord { unit(afterMarkerAt: i) }
            case pair("ve"):
                if at(i, "vervanging") { shifts |= temporary }
                if startsWord { unit(afterMarkerAt: i) }
            case pair("te"), pair("af"), pair("lo"), pair("fi"), pair("wi"), pair("sc"), pair("un"), pair("kl"), pair("ob"):
                if startsWord { unit(afterMarkerAt: i) }
            default: break
            }
            i += 1
        }
        return (shifts, units)
    }

    /// Reads the text's bytes once: every ad's description passes here, so nothing is allocated per word (only a
    /// unit's name, which is rare, becomes a String) and the word lists are matched by switches on length and
    /// letters, not sets. Words are runs of ASCII letters and digits and of non-ASCII bytes.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, strict: Bool) -> OpeningQualifiers {
        var found = OpeningQualifiers()
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
                    let hash = unitHash(word)
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
        // A cleaner's or a window cleaner's site: "Glazenwasser object ziekenhuis", "je komt te werken in het object kantoorpand".
        case UInt8(ascii: "o"): return spells(word, "object")
        default: return false
        }
    }

    /// One of `notNames`. `word` is lower case.
    private static func isNotName(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count <= 4 else { return false }
        return notNames.contains(String(decoding: word, as: UTF8.self))
    }

    /// A shift named as one ("nachtdienst", "avondploeg", "nachtdistributie", "ontbijtdienst"); with `strict` false also
    /// a bare day or part of the week, and the kinds of opening only a title names as such (`rota`, `onCall`,
    /// `temporary`). `word` is lower case.
    private static func shift(_ word: UnsafeBufferPointer<UInt8>, strict: Bool) -> UInt8 {
        if !strict, let kind = openingKind(word) { return kind }
        let (prefix, kind): (StaticString, UInt8)
        switch word.first {
        case UInt8(ascii: "n"):
            // Night distribution is the night shift of a distribution driver or a warehouse.
            if spells(word, "nachtdistributie") { return night }
            (prefix, kind) = ("nacht", night)
        case UInt8(ascii: "o") where starts(word, "ontbijt"): (prefix, kind) = ("ontbijt", morning)
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
        // "Ontbijt" alone is a meal, not a shift.
        if !strict, kind == weekend || (kind != day && !starts(word, "ontbijt") && (word.count == rest || spells(word, "en", from: rest))) {
            return kind
        }
        return 0
    }

    /// A rota ("tweeploegendienst", "drieploegendienst", "volcontinu"), an on-call rota ("storingsdienst",
    /// "consignatiedienst", "piketdienst") or a temporary opening ("seizoenswerk", "vervanging"), as a title names it.
    private static func openingKind(_ word: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard word.count >= 6 else { return nil }
        if word.count >= 13, memcmp(word.baseAddress! + word.count - 13, ("ploegendienst" as StaticString).utf8Start, 13) == 0 {
            return rota
        }
        switch word.first {
        case UInt8(ascii: "v"):
            if starts(word, "volcontinu") { return rota }
            if spells(word, "vervanging") { return temporary }
        case UInt8(ascii: "s"):
            if spells(word, "storingsdienst") { return onCall }
            if starts(word, "seizoens") || spells(word, "seizoen") { return temporary }
        case UInt8(ascii: "c"): if spells(word, "consignatiedienst") { return onCall }
        case UInt8(ascii: "p"): if spells(word, "piketdienst") { return onCall }
        case UInt8(ascii: "z"): if spells(word, "zwangerschapsvervanging") { return temporary }
        default: break
        }
        return nil
    }
}
