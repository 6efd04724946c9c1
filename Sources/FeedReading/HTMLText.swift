import Glibc
import KaartenbakCore

/// Turns the HTML that feeds put in descriptions into plain text: tags removed, block elements become
/// line breaks, list items get "- ", entities decoded, runs of white space collapsed.
public enum HTMLText {
    /// True when `text` contains something that looks like a tag (`<p`, `</li`, `<br/>`, `<!--`).
    public static func looksLikeHTML(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { looksLikeHTML(UnsafeRawBufferPointer($0)) }
    }

    static func looksLikeHTML(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var from = 0
        while let lt = ByteSearch.offset(of: UInt8(ascii: "<"), in: bytes, from: from) {
            if lt + 1 < bytes.count {
                let next = bytes[lt + 1]
                if isASCIILetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") { return true }
            }
            from = lt + 1
        }
        return false
    }

    /// The plain text of an HTML fragment.
    public static func plainText(_ html: String) -> String {
        var copy = html
        return copy.withUTF8 { plainText(UnsafeRawBufferPointer($0)) }
    }

    static func plainText(_ bytes: UnsafeRawBufferPointer) -> String {
        // Written straight into the String's storage. The text is never longer than its HTML (each byte out stands
        // for at least one byte in) but for the line break `finish` may add and take back; the builder still checks.
        String(unsafeUninitializedCapacity: bytes.count + 16) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var out = LineBuilder(base: base, capacity: buffer.count)
            // Statics read once, not per tag or reference (each read checks their lazy initialisation).
            let script = Tag.script, style = Tag.style, names = Entities.htmlAndXML
            var i = 0
            var skipUntil: UInt64? = nil  // inside <script> or <style>
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
                    if !closing && (name == script || name == style) { skipUntil = name; continue }
                    out.tag(name, closing: closing)
                    continue
                }
                if skipUntil != nil { i += 1; continue }
                if b == UInt8(ascii: "&"), let (scalar, length) = Entities.decode(bytes, at: i, names: names) {
                    out.scalar(scalar)
                    i += length
                    continue
                }
                if b > 0x20 && b != UInt8(ascii: "<") && b != UInt8(ascii: "&") {
                    // A run of plain characters goes in whole: the same as byte by byte, at a fraction of the cost.
                    let end = TextBytes.firstMarkupOrSpace(in: bytes, from: i + 1)
                    out.run(UnsafeRawBufferPointer(rebasing: bytes[i..<end]))
                    i = end
                    continue
                }
                out.byte(b)
                i += 1
            }
            return out.finish()
        }
    }

    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    /// Tag names packed into an integer (lower case, up to 8 bytes; longer names only keep their first 8).
    enum Tag {
        static func pack(_ name: String) -> UInt64 {
            name.utf8.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        static let script = pack("script"), style = pack("style"), li = pack("li")
        /// Block elements: each starts and ends a line ("blockquote" is packed as "blockquo").
        /// An array: scanning 28 integers is quicker than hashing one.
        static let block: [UInt64] = [
            "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
            "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl", "address", "main", "nav", "aside",
        ].map(pack)
    }

    /// Reads `<name ...>` or `</name>` starting at `start`: packed lower-case name, whether closing, index after `>`.
    private static func readTag(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (UInt64, Bool, Int) {
        var i = start + 1
        let closing = bytes[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        var name: UInt64 = 0
        var length: UInt64 = 0
        while i < bytes.count, isASCIILetter(bytes[i]) || (bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")) {
            if length < 8 { name |= UInt64(bytes[i] | (isASCIILetter(bytes[i]) ? 0x20 : 0)) << (8 * length) }
            length += 1
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

    private static func skipComment(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
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

    /// Collects text into lines: white space collapses, block tags break lines, empty lines disappear.
    private struct LineBuilder {
        /// Read once: a static in the per-tag path costs a lazy-initialisation check each time.
        let blockTags = Tag.block
        let li = Tag.li
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0
        var lineStart = 0
        var pendingSpace = false

        init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
            self.base = base
            self.capacity = capacity
        }

        private mutating func put(_ b: UInt8) {
            guard count < capacity else { return }
            base[count] = b
            count += 1
        }

        private mutating func flushSpace() {
            if pendingSpace { put(0x20); pendingSpace = false }
        }

        mutating func tag(_ name: UInt64, closing: Bool) {
            guard blockTags.contains(name) else { return }
            breakLine()
            if name == li && !closing { put(UInt8(ascii: "-")); put(0x20) }
        }

        mutating func breakLine() {
            let length = count - lineStart
            if length == 0 || (length == 2 && base[lineStart] == UInt8(ascii: "-") && base[lineStart + 1] == 0x20) {
                count = lineStart
            } else {
                put(0x0A)
                lineStart = count
            }
            pendingSpace = false
        }

        mutating func byte(_ b: UInt8) {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = count > lineStart
                return
            }
            flushSpace()
            put(b)
        }

        /// `byte(_:)` for each of `run`, which holds no white space.
        mutating func run(_ run: UnsafeRawBufferPointer) {
            flushSpace()
            guard let source = run.baseAddress else { return }
            let length = min(run.count, capacity - count)
            (base + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: length)
            count += length
        }

        mutating func scalar(_ s: UInt32) {
            if s == 0xA0 { byte(0x20); return }  // &nbsp; is just a space in plain text
            if s < 0x80 { byte(UInt8(s)); return }
            flushSpace()
            if s < 0x800 {
                put(UInt8(0xC0 | (s >> 6)))
            } else {
                if s < 0x10000 {
                    put(UInt8(0xE0 | (s >> 12)))
                } else {
                    put(UInt8(0xF0 | (s >> 18)))
                    put(UInt8(0x80 | ((s >> 12) & 0x3F)))
                }
                put(UInt8(0x80 | ((s >> 6) & 0x3F)))
            }
            put(UInt8(0x80 | (s & 0x3F)))
        }

        /// The length of the text written.
        mutating func finish() -> Int {
            breakLine()
            if count > 0 && base[count - 1] == 0x0A { count -= 1 }
            return count
        }
    }
}

/// Byte-level helpers for cleaning values without going through `Character`s.
enum TextBytes {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// False for the common clean value: no white space at the ends, no tab or line break, no double space,
    /// and no non-ASCII first or last byte (which could be a no-break space).
    /// With `orNotASCII`, true for any non-ASCII byte as well: false then also means valid UTF-8, in one pass.
    static func needsCollapsing(_ bytes: UnsafeRawBufferPointer, orNotASCII: Bool = false) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == 0x20 || last == 0x20 || first >= 0x80 || last >= 0x80 { return true }
        var previousSpace = false
        var i = 0
        // Eight bytes at a time while they hold no control byte: a double space shows as two adjacent space flags.
        while i + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if orNotASCII && word & high != 0 { return true }
            let spaces = zeroBytes(word ^ (ones &* 0x20))
            if ~(((word & low7) &+ (ones &* 0x60)) | word) & high != 0 { break }  // a byte below 0x20: decided below
            if spaces & (spaces << 8) != 0 || (previousSpace && spaces & 0x80 != 0) { return true }
            previousSpace = spaces >> 63 != 0
            i += 8
        }
        for b in UnsafeRawBufferPointer(rebasing: bytes[i...]) {
            // One comparison for the common byte (a letter, digit or punctuation).
            if b > 0x20 {
                if orNotASCII && b >= 0x80 { return true }
                previousSpace = false
            } else if b == 0x20 {
                if previousSpace { return true }
                previousSpace = true
            } else if b == 0x09 || b == 0x0A || b == 0x0D {
                return true
            } else {
                previousSpace = false
            }
        }
        return false
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let low7 = ones &* 0x7F
    private static let high = ones &* 0x80

    /// The high bit set in each byte of `word` that is zero, and in no other: exact per byte, as no sum
    /// carries into the next byte (unlike the shorter `(x - ones) & ~x & high`).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & low7) &+ low7) | word) & high }

    /// The offset of the first `<`, `&` or byte at or below the space (white space among them) from `from`,
    /// or the end: where a run of plain text in HTML stops.
    static func firstMarkupOrSpace(in bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        var i = from
        while i + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let atOrBelowSpace = ~(((word & low7) &+ (ones &* 0x5F)) | word) & high
            let found = zeroBytes(word ^ (ones &* 0x3C)) | zeroBytes(word ^ (ones &* 0x26)) | atOrBelowSpace
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < bytes.count, bytes[i] > 0x20, bytes[i] != 0x3C, bytes[i] != 0x26 { i += 1 }
        return i
    }

    /// The offset of the first byte of `bytes[from..<end]` that is `a`, `b` or `c` (repeat one to look for fewer),
    /// or `end`: eight bytes at a time, for the scans that run over every byte of a CSV file.
    static func firstOf(_ a: UInt8, _ b: UInt8, _ c: UInt8, in bytes: UnsafeRawBufferPointer, from: Int, to end: Int) -> Int {
        let (wordA, wordB, wordC) = (ones &* UInt64(a), ones &* UInt64(b), ones &* UInt64(c))
        var i = from
        while i + 8 <= end {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let found = zeroBytes(word ^ wordA) | zeroBytes(word ^ wordB) | zeroBytes(word ^ wordC)
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < end, bytes[i] != a, bytes[i] != b, bytes[i] != c { i += 1 }
        return i
    }

    /// The offset of the first `a` directly followed by `b` in `bytes[from..<end]`, or `end`: eight positions at a
    /// time, so that a scan for a rare pair (the end of one tag name) does not stop at every `a` or `b` alone.
    static func firstPair(_ a: UInt8, _ b: UInt8, in bytes: UnsafeRawBufferPointer, from: Int, to end: Int) -> Int {
        let (wordA, wordB) = (ones &* UInt64(a), ones &* UInt64(b))
        var i = from
        while i + 9 <= end {
            let first = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let second = bytes.loadUnaligned(fromByteOffset: i + 1, as: UInt64.self)
            let found = zeroBytes(first ^ wordA) & zeroBytes(second ^ wordB)
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        while i + 1 < end {
            if bytes[i] == a && bytes[i + 1] == b { return i }
            i += 1
        }
        return end
    }

    /// `cleanString` after decoding character references (`&eacute;`, `&#233;`, `&amp;`): feeds put HTML entities
    /// inside CDATA, where no XML parser decodes them.
    static func cleanStringDecodingEntities(_ bytes: UnsafeRawBufferPointer) -> String {
        guard var ampersand = ByteSearch.offset(of: UInt8(ascii: "&"), in: bytes) else { return cleanString(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0
        while true {
            if let (scalar, length) = Entities.decode(bytes, at: ampersand, names: Entities.htmlAndXML) {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied..<ampersand]))
                UTF8Transcoder.appendScalar(scalar == 0xA0 ? 0x20 : scalar, to: &out)
                copied = ampersand + length
            }
            guard let next = ByteSearch.offset(of: UInt8(ascii: "&"), in: bytes, from: ampersand + 1) else { break }
            ampersand = next
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied...]))
        return out.withUnsafeBytes { cleanString($0) }
    }

    /// The value with white-space runs collapsed to one space and the ends trimmed (including no-break spaces).
    static func cleanString(_ bytes: UnsafeRawBufferPointer) -> String {
        guard needsCollapsing(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var space = false
        for b in bytes {
            if isSpace(b) {
                space = !out.isEmpty
            } else {
                if space { out.append(0x20); space = false }
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self).trimmingWhitespace()
    }

    /// `cleanString`, or nil when the bytes are not valid UTF-8.
    /// (Not `String(validating:as:)`: generic and unspecialised, it looked up type metadata for every value.)
    static func validCleanString(_ bytes: UnsafeRawBufferPointer) -> String? {
        UTF8Check.firstInvalidByte(in: bytes) == nil ? cleanString(bytes) : nil
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

    /// A name table for `decode`: names packed into integers (as `HTMLText.Tag` packs tag names, case kept), sorted,
    /// so that a lookup makes no String and hashes nothing. Every name in the tables is at most 8 bytes long.
    struct Names: Sendable {
        let keys: [UInt64]
        let scalars: [UInt32]

        init(_ table: [String: UInt32]) {
            let sorted = table.map { (Self.pack($0.key.utf8), $0.value) }.sorted { $0.0 < $1.0 }
            keys = sorted.map(\.0)
            scalars = sorted.map(\.1)
        }

        static func pack<Bytes: Collection<UInt8>>(_ name: Bytes) -> UInt64 {
            name.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }

        func scalar(_ name: UnsafeRawBufferPointer) -> UInt32? {
            guard name.count <= 8 else { return nil }
            let key = Self.pack(name)
            var low = 0, high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < key { low = middle + 1 } else { high = middle }
            }
            return low < keys.count && keys[low] == key ? scalars[low] : nil
        }
    }
    /// The named HTML entities that XML does not know: what a feed's text may hold before libxml2 reads it.
    static let htmlOnly = Names(html)
    /// HTML and XML names: for text that no XML parser has decoded (CDATA, CSV cells).
    static let htmlAndXML = Names(html.merging(xml) { first, _ in first })

    /// Longest entity name considered; longer `&…;` runs are left as text.
    static let maxNameLength = 10

    /// Decodes `&name;`, `&#123;` or `&#x7B;` at `start`: the scalar and the reference's length.
    static func decode(_ bytes: [UInt8], at start: Int) -> (UInt32, Int)? {
        bytes.withUnsafeBytes { decode($0, at: start, names: htmlAndXML) }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, at start: Int, names: Names) -> (UInt32, Int)? {
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
        guard let scalar = names.scalar(UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<i])) else { return nil }
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

/// A description as the catalogue wants it: plain text, from HTML when it was HTML. The HTML itself is not kept
/// (`RawRecord.values`).
struct DescriptionText {
    var text: String

    init(raw: String) {
        var copy = raw
        self = copy.withUTF8 { DescriptionText(bytes: UnsafeRawBufferPointer($0), raw: raw) }
    }

    init(bytes: UnsafeRawBufferPointer) {
        self.init(bytes: bytes, raw: nil)
    }

    /// `raw`, when given, is `bytes` as a String already: it serves as the plain text, not made again.
    private init(bytes: UnsafeRawBufferPointer, raw: String?) {
        if HTMLText.looksLikeHTML(bytes) {
            text = HTMLText.plainText(bytes)
        } else if ByteSearch.offset(of: UInt8(ascii: "&"), in: bytes) != nil {
            // Plain text with entities: decoded, keeping its line breaks.
            var withBreaks: [UInt8] = []
            for b in bytes {
                if b == 0x0A { withBreaks.append(contentsOf: Array("<br>".utf8)) } else { withBreaks.append(b) }
            }
            text = withBreaks.withUnsafeBytes { HTMLText.plainText($0) }
        } else {
            text = (raw ?? String(decoding: bytes, as: UTF8.self)).trimmingWhitespace()
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80, !TextBytes.isSpace(first), !TextBytes.isSpace(last) {
            return self
        }
        let scalars = unicodeScalars
        // Neither end is white space (a value starting with "€", say): the trimmed text is the text, no copy.
        if let first = scalars.first, let last = scalars.last, !Self.isWhitespace(first), !Self.isWhitespace(last) {
            return self
        }
        guard let first = scalars.firstIndex(where: { !Self.isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !Self.isWhitespace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// Unicode's White_Space property, spelled out: the same answer as `properties.isWhitespace`
    /// without a table lookup (values ending in "€" or "é" would otherwise look it up for every record).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Collapses runs of white space (including line breaks) into single spaces and trims.
    func collapsingWhitespace() -> String {
        var copy = self
        return copy.withUTF8 { TextBytes.cleanString(UnsafeRawBufferPointer($0)) }
    }
}
