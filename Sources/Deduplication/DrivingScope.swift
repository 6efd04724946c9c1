import Glibc
import KaartenbakCore

/// What a driver's ad says about the licence it asks for and how far its routes go: one transport firm in one
/// town posts an international CE driver (trekker-oplegger, nights away), a regional C driver (bakwagen, home
/// every evening) and a B parcel driver in the same week, all close in ISCO (8332, 8322). Different licence
/// classes, or international against domestic routes, are different jobs however alike the rest reads.
///
/// Read only for driving jobs (a driver's word in the title), so that "een internationaal bedrijf" in an office
/// job's text says nothing. Both fields are bit sets; 0 is "not stated".
struct DrivingScope: Equatable, Sendable {
    var licences: UInt8 = 0
    var routes: UInt8 = 0

    /// The bytes of a description that are read.
    static let scannedBytes = 1500
    static let licenceB: UInt8 = 1, licenceC: UInt8 = 2, licenceCE: UInt8 = 4, licenceD: UInt8 = 8
    static let international: UInt8 = 1, domestic: UInt8 = 2

    /// Packed for the dedupe state.
    var packed: UInt16 { UInt16(licences) | UInt16(routes) << 8 }
    init(packed: UInt16) { (licences, routes) = (UInt8(packed & 0xFF), UInt8(packed >> 8)) }
    init(licences: UInt8 = 0, routes: UInt8 = 0) { (self.licences, self.routes) = (licences, routes) }

    /// Two ads that each state what the other rules out: different licence classes (none in common), or one
    /// only international and the other only domestic.
    func contradicts(_ other: DrivingScope) -> Bool {
        if licences != 0, other.licences != 0, licences & other.licences == 0 { return true }
        let only = (routes, other.routes)
        return (only.0 == Self.international && only.1 == Self.domestic) || (only.0 == Self.domestic && only.1 == Self.international)
    }

    static let driverWords = ["chauffeur", "driver", "vrachtwagen", "truck", "koerier", "bezorg", "pakket", "trekker", "bakwagen",
                              "bestelbus", "distributiechauffeur", "buschauffeur"]
    /// Route words in a title: short, and always about the job.
    static let internationalTitleWords = ["internationa", "europa", "buitenland"]
    static let domesticTitleWords = ["regio", "distributie", "pakket", "koerier", "bezorg", "stads"]
    /// Route phrases in a description: about the routes, not the firm ("een internationaal bedrijf", "een regionaal
    /// familiebedrijf", "ons distributiecentrum" say nothing of where the driver goes).
    static let internationalTextWords = ["internationale ritten", "internationaal transport", "internationaal vervoer",
                                         "buitenland", "europa", "spanje", "itali", "frankrijk", "duitsland", "scandinavi",
                                         "zweden", "noorwegen", "denemarken", "polen", "oostenrijk", "engeland", "portugal",
                                         "zwitserland", "nachten weg", "nachten van huis", "nachten per week van huis",
                                         "overnacht", "slaapcabine"]
    static let domesticTextWords = ["regionale ritten", "regionaal vervoer", "ritten in de regio", "dagelijks thuis",
                                    "elke avond thuis", "iedere avond thuis", "avonds thuis", "avonds weer thuis",
                                    "elke dag thuis", "dagritten", "binnenlands", "pakketten", "bezorgt", "winkelbevoorrading"]

    /// The scope an ad states, from its title and description.
    static func of(title: String, description: String?) -> DrivingScope {
        let foldedTitle = TextKeys.fold(title)
        func inTitle(_ words: [[UInt8]]) -> Bool {
            foldedTitle.withUnsafeBytes { title in words.contains { ByteSearch.offset(of: $0, in: title) != nil } }
        }
        guard inTitle(driverWordBytes) else { return DrivingScope() }
        var scope = DrivingScope()
        var title = title
        scope.licences = title.withUTF8 { licences(in: tokens($0), nearWord: false) }
        if inTitle(internationalTitleWordBytes) { scope.routes |= international }
        if inTitle(domesticTitleWordBytes) { scope.routes |= domestic }
        guard let description else { return scope }
        // The opening of the text says what the job is; as for the MinHash, reading more costs more than it tells.
        withOpening(of: description) { opening in
            if scope.licences == 0 { scope.licences = licences(in: tokens(opening), nearWord: true) }
            scope.routes |= TextKeys.fold(opening).withUnsafeBufferPointer(routePhrases)
        }
        return scope
    }

    /// The first `scannedBytes` of a description, as `String(decoding: description.utf8.prefix(scannedBytes))`
    /// reads them (a character cut at the end becomes one U+FFFD), without making that String.
    static func withOpening<Result>(of description: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var description = description
        return description.withUTF8 { all in
            let count = min(all.count, scannedBytes)
            @inline(__always) func continues(_ index: Int) -> Bool { all[index] & 0xC0 == 0x80 }
            guard count < all.count, continues(count) else { return body(UnsafeBufferPointer(rebasing: all[..<count])) }
            var lead = count - 1
            while lead > 0, continues(lead) { lead -= 1 }
            return (Array(all[..<lead]) + [0xEF, 0xBF, 0xBD]).withUnsafeBufferPointer(body)
        }
    }

    /// The route bits whose phrases the folded opening holds: one pass over its bytes, trying at each byte only the
    /// phrases that start with its two bytes (37 searches of the whole text were a tenth of extracting a driver's
    /// features).
    private static func routePhrases(_ text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard let base = text.baseAddress, text.count >= 2 else { return 0 }
        var routes: UInt8 = 0
        routePhraseTable.withUnsafeBufferPointer { table in
            routePhrases.withUnsafeBufferPointer { phrases in
                routePhraseText.withUnsafeBufferPointer { phraseText in
                    for i in 0..<(text.count - 1) {
                        let letter = Int(text[i]) - Int(UInt8(ascii: "a"))
                        guard letter >= 0, letter < 26 else { continue }
                        for phrase in phrases[table[letter]..<table[letter + 1]] where routes & phrase.bit == 0 {
                            let (offset, count) = (Int(phrase.offset), Int(phrase.count))
                            if count <= text.count - i, phraseText[offset + 1] == text[i + 1],
                               memcmp(base + i, phraseText.baseAddress! + offset, count) == 0 { routes |= phrase.bit }
                        }
                        if routes == international | domestic { break }
                    }
                }
            }
        }
        return routes
    }

    /// The description's route phrases sorted by first letter: `routePhraseTable[letter]..<routePhraseTable[letter + 1]`
    /// index `routePhrases`, each an offset and length in `routePhraseText` and its route bit.
    private static let (routePhraseText, routePhrases, routePhraseTable):
        ([UInt8], [(offset: UInt16, count: UInt8, bit: UInt8)], [Int]) = {
        let all = internationalTextWords.map { ($0, international) } + domesticTextWords.map { ($0, domestic) }
        precondition(all.allSatisfy { ("a"..."z").contains($0.0.first ?? " ") && $0.0.utf8.count >= 2 }, "a route phrase the table cannot hold")
        var text: [UInt8] = [], phrases: [(offset: UInt16, count: UInt8, bit: UInt8)] = [], table: [Int] = []
        for letter in UInt8(ascii: "a")...UInt8(ascii: "z") {
            table.append(phrases.count)
            for (word, bit) in all where word.utf8.first == letter {
                phrases.append((UInt16(text.count), UInt8(word.utf8.count), bit))
                text += word.utf8
            }
        }
        table.append(phrases.count)
        return (text, phrases, table)
    }()
    private static let driverWordBytes = driverWords.map { Array($0.utf8) }
    private static let internationalTitleWordBytes = internationalTitleWords.map { Array($0.utf8) }
    private static let domesticTitleWordBytes = domesticTitleWords.map { Array($0.utf8) }

    /// Lower-case ASCII tokens of letters, digits and `+` ("C+E", "CE-rijbewijs" → "c+e", "ce", "rijbewijs"), read from
    /// the bytes: descriptions of every driving job pass here. Other bytes end a token.
    private static func tokens(_ text: UnsafeBufferPointer<UInt8>) -> [ArraySlice<UInt8>] {
        var all: [UInt8] = []
        all.reserveCapacity(text.count)
        var ranges: [Range<Int>] = []
        var start = 0
        for byte in text {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == UInt8(ascii: "+") {
                all.append(lower)
            } else if all.count > start {
                ranges.append(start..<all.count)
                start = all.count
            }
        }
        if all.count > start { ranges.append(start..<all.count) }
        return ranges.map { all[$0] }
    }

    /// Licence classes among `tokens`; with `nearWord`, only within three tokens after "rijbewijs" or one before it
    /// (a description names many letters that are no licence).
    private static func licences(in tokens: [ArraySlice<UInt8>], nearWord: Bool) -> UInt8 {
        var found: UInt8 = 0
        for (index, token) in tokens.enumerated() where token.count <= 4 {
            guard let licence = licence(token) else { continue }
            if nearWord {
                let window = tokens[max(0, index - 3)..<index] + tokens[(index + 1)..<min(tokens.count, index + 2)]
                guard window.contains(where: { $0.starts(with: rijbewij) || $0.elementsEqual(licenceWord) || $0.elementsEqual(licenseWord) })
                else { continue }
            }
            found |= licence
        }
        return found
    }

    private static let rijbewij = Array("rijbewij".utf8), licenceWord = Array("licence".utf8), licenseWord = Array("license".utf8)

    /// The licence class a token (at most four bytes, lower case) names. Read as one integer: most tokens of a
    /// text are short words ("de", "je", "en"), and a String for each was most of reading the licences.
    private static func licence(_ token: ArraySlice<UInt8>) -> UInt8? {
        var value: UInt32 = 0
        for byte in token { value = value << 8 | UInt32(byte) }
        switch value {
        case 0x62, 0x6265, 0x62_2B65: return licenceB                      // b, be, b+e
        case 0x63, 0x6331, 0x63_3165, 0x6331_2B65: return licenceC         // c, c1, c1e, c1+e
        case 0x6365, 0x63_2B65: return licenceCE                           // ce, c+e
        case 0x64, 0x6431, 0x6465, 0x64_2B65: return licenceD              // d, d1, de, d+e
        default: return nil
        }
    }
}
