/// Turns the HTML that feeds put in descriptions into plain text: tags removed, block elements become
/// line breaks, list items get "- ", entities decoded, runs of white space collapsed.
public enum HTMLText {
    /// True when `text` contains something that looks like a tag (`<p`, `</li`, `<br/>`).
    public static func looksLikeHTML(_ text: String) -> Bool {
        var previousWasOpen = false
        for b in text.utf8 {
            if previousWasOpen, isASCIILetter(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: "!") { return true }
            previousWasOpen = b == UInt8(ascii: "<")
        }
        return false
    }

    /// The plain text of an HTML fragment.
    public static func plainText(_ html: String) -> String {
        var out = LineBuilder()
        let bytes = Array(html.utf8)
        var i = 0
        var skipUntil: [UInt8]? = nil  // inside <script> or <style>
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<"), i + 1 < bytes.count,
               isASCIILetter(bytes[i + 1]) || bytes[i + 1] == UInt8(ascii: "/") || bytes[i + 1] == UInt8(ascii: "!") {
                if bytes[i + 1] == UInt8(ascii: "!") {
                    i = skipComment(bytes, from: i)
                    continue
                }
                let (name, closing, end) = readTag(bytes, from: i)
                i = end
                if let target = skipUntil {
                    if closing && name == target { skipUntil = nil }
                    continue
                }
                if !closing && (name == Array("script".utf8) || name == Array("style".utf8)) { skipUntil = name; continue }
                out.tag(String(decoding: name, as: UTF8.self), closing: closing)
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if b == UInt8(ascii: "&"), let (scalar, length) = Entities.decode(bytes, at: i) {
                out.scalar(scalar)
                i += length
                continue
            }
            out.byte(b)
            i += 1
        }
        return out.finish()
    }

    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    /// Reads `<name ...>` or `</name>` starting at `start`: lower-cased name, whether closing, index after `>`.
    private static func readTag(_ bytes: [UInt8], from start: Int) -> ([UInt8], Bool, Int) {
        var i = start + 1
        let closing = bytes[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        var name: [UInt8] = []
        while i < bytes.count, isASCIILetter(bytes[i]) || (bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")) {
            name.append(bytes[i] | 0x20)
            i += 1
        }
        var quote: UInt8? = nil
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if let q = quote { if c == q { quote = nil } } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c } else if c == UInt8(ascii: ">") { break }
        }
        return (name, closing, i)
    }

    private static func skipComment(_ bytes: [UInt8], from start: Int) -> Int {
        let isComment = bytes.count >= start + 4 && bytes[start + 2] == UInt8(ascii: "-") && bytes[start + 3] == UInt8(ascii: "-")
        var i = start + 2
        while i < bytes.count {
            if isComment {
                if bytes[i] == UInt8(ascii: ">") && i >= start + 6 && bytes[i - 1] == UInt8(ascii: "-") && bytes[i - 2] == UInt8(ascii: "-") { return i + 1 }
            } else if bytes[i] == UInt8(ascii: ">") {
                return i + 1
            }
            i += 1
        }
        return bytes.count
    }

    static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
        "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl", "address", "main", "nav", "aside",
    ]

    /// Collects text into lines: white space collapses, block tags break lines, empty lines disappear.
    private struct LineBuilder {
        var lines: [String] = []
        var current: [UInt8] = []
        var pendingSpace = false

        mutating func tag(_ name: String, closing: Bool) {
            guard HTMLText.blockTags.contains(name) else { return }
            breakLine()
            if name == "li" && !closing { current.append(contentsOf: Array("- ".utf8)) }
        }

        mutating func breakLine() {
            let line = String(decoding: current, as: UTF8.self)
            if !line.isEmpty && line != "- " { lines.append(line) }
            current.removeAll(keepingCapacity: true)
            pendingSpace = false
        }

        mutating func byte(_ b: UInt8) {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = !current.isEmpty
                return
            }
            if pendingSpace { current.append(0x20); pendingSpace = false }
            current.append(b)
        }

        mutating func scalar(_ s: UInt32) {
            if s == 0xA0 { byte(0x20); return }  // &nbsp; is just a space in plain text
            if s < 0x80 { byte(UInt8(s)); return }
            if pendingSpace { current.append(0x20); pendingSpace = false }
            UTF8Transcoder.appendScalar(s, to: &current)
        }

        mutating func finish() -> String {
            breakLine()
            return lines.joined(separator: "\n")
        }
    }
}

/// HTML character references: numeric ones and the named ones Dutch feeds use.
enum Entities {
    /// Named HTML entities (without the five XML ones that every XML parser knows).
    static let html: [String: UInt32] = [
        "nbsp": 0xA0, "iexcl": 0xA1, "cent": 0xA2, "pound": 0xA3, "curren": 0xA4, "yen": 0xA5, "brvbar": 0xA6, "sect": 0xA7,
        "uml": 0xA8, "copy": 0xA9, "ordf": 0xAA, "laquo": 0xAB, "not": 0xAC, "shy": 0xAD, "reg": 0xAE, "macr": 0xAF,
        "deg": 0xB0, "plusmn": 0xB1, "sup2": 0xB2, "sup3": 0xB3, "acute": 0xB4, "micro": 0xB5, "para": 0xB6, "middot": 0xB7,
        "cedil": 0xB8, "sup1": 0xB9, "ordm": 0xBA, "raquo": 0xBB, "frac14": 0xBC, "frac12": 0xBD, "frac34": 0xBE, "iquest": 0xBF,
        "Agrave": 0xC0, "Aacute": 0xC1, "Acirc": 0xC2, "Atilde": 0xC3, "Auml": 0xC4, "Aring": 0xC5, "AElig": 0xC6, "Ccedil": 0xC7,
        "Egrave": 0xC8, "Eacute": 0xC9, "Ecirc": 0xCA, "Euml": 0xCB, "Igrave": 0xCC, "Iacute": 0xCD, "Icirc": 0xCE, "Iuml": 0xCF,
        "ETH": 0xD0, "Ntilde": 0xD1, "Ograve": 0xD2, "Oacute": 0xD3, "Ocirc": 0xD4, "Otilde": 0xD5, "Ouml": 0xD6, "times": 0xD7,
        "Oslash": 0xD8, "Ugrave": 0xD9, "Uacute": 0xDA, "Ucirc": 0xDB, "Uuml": 0xDC, "Yacute": 0xDD, "THORN": 0xDE, "szlig": 0xDF,
        "agrave": 0xE0, "aacute": 0xE1, "acirc": 0xE2, "atilde": 0xE3, "auml": 0xE4, "aring": 0xE5, "aelig": 0xE6, "ccedil": 0xE7,
        "egrave": 0xE8, "eacute": 0xE9, "ecirc": 0xEA, "euml": 0xEB, "igrave": 0xEC, "iacute": 0xED, "icirc": 0xEE, "iuml": 0xEF,
        "eth": 0xF0, "ntilde": 0xF1, "ograve": 0xF2, "oacute": 0xF3, "ocirc": 0xF4, "otilde": 0xF5, "ouml": 0xF6, "divide": 0xF7,
        "oslash": 0xF8, "ugrave": 0xF9, "uacute": 0xFA, "ucirc": 0xFB, "uuml": 0xFC, "yacute": 0xFD, "thorn": 0xFE, "yuml": 0xFF,
        "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC,
        "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "ndash": 0x2013, "mdash": 0x2014,
        "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020,
        "Dagger": 0x2021, "bull": 0x2022, "hellip": 0x2026, "permil": 0x2030, "prime": 0x2032, "lsaquo": 0x2039, "rsaquo": 0x203A,
        "euro": 0x20AC, "trade": 0x2122, "larr": 0x2190, "rarr": 0x2192, "check": 0x2713,
    ]
    static let xml: [String: UInt32] = ["amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27]

    /// Longest entity name considered; longer `&…;` runs are left as text.
    static let maxNameLength = 10

    /// Decodes `&name;`, `&#123;` or `&#x7B;` at `start`: the scalar and the reference's length.
    static func decode(_ bytes: [UInt8], at start: Int) -> (UInt32, Int)? {
        bytes.withUnsafeBytes { decode($0, at: start, names: { html[$0] ?? xml[$0] }) }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, at start: Int, names: (String) -> UInt32?) -> (UInt32, Int)? {
        var i = start + 1
        let limit = min(bytes.count, start + 2 + maxNameLength)
        guard i < limit else { return nil }
        if bytes[i] == UInt8(ascii: "#") {
            i += 1
            var hex = false
            if i < limit, bytes[i] | 0x20 == UInt8(ascii: "x") { hex = true; i += 1 }
            var value: UInt32 = 0
            var digits = 0
            while i < limit, let d = digit(bytes[i], hex: hex) {
                value = value &* (hex ? 16 : 10) &+ d
                digits += 1
                i += 1
            }
            guard digits > 0, digits <= 7, i < bytes.count, bytes[i] == UInt8(ascii: ";"),
                  value > 0, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
            return (value, i + 1 - start)
        }
        while i < limit, HTMLText.isASCIILetter(bytes[i]) || (bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ";"), i > start + 1 else { return nil }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<i]), as: UTF8.self)
        guard let scalar = names(name) else { return nil }
        return (scalar, i + 1 - start)
    }

    private static func digit(_ b: UInt8, hex: Bool) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

/// A description as the catalogue wants it: plain text, and the HTML it came from when it was HTML.
struct DescriptionText {
    var text: String
    var html: String?

    init(raw: String) {
        if HTMLText.looksLikeHTML(raw) {
            html = raw.trimmingWhitespace()
            text = HTMLText.plainText(raw)
        } else if raw.contains("&") {
            html = nil
            text = HTMLText.plainText(raw.replacingNewlinesWithBreaks())
        } else {
            html = nil
            text = raw.trimmingWhitespace()
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Collapses runs of white space (including line breaks) into single spaces and trims.
    func collapsingWhitespace() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var space = false
        for b in utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                space = !out.isEmpty
            } else {
                if space { out.append(0x20); space = false }
                out.append(b)
            }
        }
        // Non-ASCII white space (no-break space) is trimmed at the ends too.
        return String(decoding: out, as: UTF8.self).trimmingWhitespace()
    }

    /// Keeps plain-text line breaks when the text goes through the HTML-to-text path for its entities.
    fileprivate func replacingNewlinesWithBreaks() -> String {
        var result = ""
        for line in split(separator: "\n", omittingEmptySubsequences: false) {
            result += line
            result += "<br>"
        }
        return result
    }
}
