/// Text made safe for XML and HTML: the run report's HTML and the generator's XML feeds both write it.
public enum Markup {
    /// `&`, `<`, `>` and `"` as character references.
    public static func escape(_ text: String) -> String {
        // Most text has nothing to escape: one pass over its bytes says so.
        let plain = text.utf8.allSatisfy { $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") }
        if plain { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
