import Foundation
import KaartenbakCore

/// Employer and place names reduced to what identifies them.
public enum NameValue {
    /// Legal forms and filler that do not tell two employers apart.
    static let legalForms: Set<String> = [
        "bv", "b.v", "b.v.", "nv", "n.v", "n.v.", "vof", "v.o.f", "v.o.f.", "cv", "c.v.", "holding",
        "holdings", "stichting", "groep", "group", "nederland", "netherlands", "the", "de", "het", "ltd",
        "gmbh", "inc", "bvba", "coöperatie", "cooperatie", "ua", "u.a.", "&", "en",
    ]

    /// "Transportbedrijf Van der Berg B.V." → "transportbedrijf van der berg". Nil for agencies'
    /// stand-ins ("onze opdrachtgever") that name nobody.
    public static func employerKey(_ name: String?) -> String? {
        guard let name else { return nil }
        // ASCII has no diacritics to fold: lowercasing it is the whole folding, without Foundation.
        let folded = name.utf8.allSatisfy { $0 < 0x80 } ? name.lowercased()
            : name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        if folded.containsBytes("opdrachtgever") || folded.containsBytes("confidential") || folded.containsBytes("anoniem") {
            return nil
        }
        let replaced = folded.replacingBytes("b.v.", with: " bv ").replacingBytes("n.v.", with: " nv ")
        let tokens = words(replaced).filter { !legalForms.contains($0) }
        let key = tokens.joined(separator: " ")
        return key.isEmpty ? nil : key
    }

    /// The runs of letters and digits; ASCII text split by its bytes, other text by its Characters.
    static func words(_ text: String) -> [String] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        }
        var words: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            let isWordByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            if isWordByte {
                current.append(byte)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Trims and fixes shouting: "BREDA" → "Breda", "bergen op zoom" → "Bergen op Zoom".
    public static func place(_ text: String?) -> String? {
        guard var place = text?.trimmingCharacters(in: .whitespacesAndNewlines), !place.isEmpty else { return nil }
        for prefix in ["regio ", "omgeving ", "gemeente ", "omg. "] where place.lowercased().hasPrefix(prefix) {
            place = String(place.dropFirst(prefix.count))
        }
        if let comma = place.firstIndex(of: ",") { place = String(place[..<comma]) }
        let lowerWords: Set<String> = ["op", "aan", "de", "den", "der", "en", "bij", "in", "van"]
        let words = place.lowercased().split(separator: " ").enumerated().map { index, word -> String in
            if word.hasPrefix("'s-") || word.hasPrefix("'t") {
                return "'" + word.dropFirst().prefix(1) + word.dropFirst(2).capitalizedFirstAfterHyphens()
            }
            if index > 0, lowerWords.contains(String(word)) { return String(word) }
            return word.capitalizedFirstAfterHyphens()
        }
        let result = words.joined(separator: " ")
        return result.isEmpty ? nil : result
    }

    /// Whitespace runs to one space, trimmed.
    public static func collapseWhitespace(_ text: String) -> String {
        if isCollapsed(text) { return text }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// ASCII with single spaces between words and none at the ends: nothing to collapse (most
    /// values are; the Character-by-Character split was a tenth of normalising).
    static func isCollapsed(_ text: String) -> Bool {
        var previous: UInt8 = 0x20 // a space "before" the text: a leading space fails
        for byte in text.utf8 {
            if byte >= 0x80 || (byte < 0x20) || byte == 0x7F || (byte == 0x20 && previous == 0x20) { return false }
            previous = byte
        }
        return previous != 0x20 || text.isEmpty
    }
}

extension StringProtocol {
    /// "etten-leur" → "Etten-Leur".
    func capitalizedFirstAfterHyphens() -> String {
        split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: "-")
    }
}
