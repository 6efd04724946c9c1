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
        let foldedTitle = String(decoding: TextKeys.fold(title), as: UTF8.self)
        guard driverWords.contains(where: { foldedTitle.containsBytes($0) }) else { return DrivingScope() }
        var scope = DrivingScope()
        let titleTokens = tokens(title)
        scope.licences = licences(in: titleTokens, nearWord: false)
        // The opening of the text says what the job is; as for the MinHash, reading more costs more than it tells.
        let opening = description.map { String(decoding: $0.utf8.prefix(scannedBytes), as: UTF8.self) }
        let text = opening.map { String(decoding: TextKeys.fold($0), as: UTF8.self) } ?? ""
        if scope.licences == 0, let opening { scope.licences = licences(in: tokens(opening), nearWord: true) }
        if internationalTitleWords.contains(where: { foldedTitle.containsBytes($0) })
            || internationalTextWords.contains(where: { text.containsBytes($0) }) { scope.routes |= international }
        if domesticTitleWords.contains(where: { foldedTitle.containsBytes($0) })
            || domesticTextWords.contains(where: { text.containsBytes($0) }) { scope.routes |= domestic }
        return scope
    }

    /// Lower-case ASCII tokens of letters, digits and `+` ("C+E", "CE-rijbewijs" → "c+e", "ce", "rijbewijs"), read from
    /// the bytes: descriptions of every driving job pass here. Other bytes end a token.
    private static func tokens(_ text: String) -> [ArraySlice<UInt8>] {
        var tokens: [ArraySlice<UInt8>] = []
        var token: [UInt8] = []
        var all: [UInt8] = []
        var ranges: [Range<Int>] = []
        for byte in text.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == UInt8(ascii: "+") {
                token.append(lower)
            } else if !token.isEmpty {
                ranges.append(all.count..<(all.count + token.count))
                all += token
                token.removeAll(keepingCapacity: true)
            }
        }
        if !token.isEmpty { ranges.append(all.count..<(all.count + token.count)); all += token }
        for range in ranges { tokens.append(all[range]) }
        return tokens
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

    private static func licence(_ token: ArraySlice<UInt8>) -> UInt8? {
        switch String(decoding: token, as: UTF8.self) {
        case "b", "be", "b+e": return licenceB
        case "c", "c1", "c1e", "c1+e": return licenceC
        case "ce", "c+e": return licenceCE
        case "d", "d1", "de", "d+e": return licenceD
        default: return nil
        }
    }
}
