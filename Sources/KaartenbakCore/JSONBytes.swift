/// JSON text being written: commas between members and elements, strings escaped as `JSONEncoder`
/// escapes them.
public struct JSONBytes: Sendable {
    public var bytes: [UInt8] = []
    /// Write "/" as "\/", as `JSONEncoder` does unless told `.withoutEscapingSlashes`.
    public var escapeSlashes = false
    /// Write member names in snake case ("sourceRecordId" as "source_record_id"), as the catalogue's columns
    /// are named: what the catalogue says (its JSON columns, the export, the API) says it so, while a content
    /// hash keeps the names it was first computed over. Names other than ASCII identifiers are written as given.
    public var snakeCaseKeys = false
    public init(escapeSlashes: Bool = false, snakeCaseKeys: Bool = false) {
        self.escapeSlashes = escapeSlashes
        self.snakeCaseKeys = snakeCaseKeys
    }

    /// A value was written in the current object or array: the next one needs a comma.
    private var needsComma = false

    public mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(ascii: bracket))
        needsComma = false
    }

    public mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        needsComma = true
    }

    public mutating func key(_ name: String) {
        separate()
        if snakeCaseKeys, Self.isIdentifier(name.utf8) {
            bytes.append(UInt8(ascii: "\""))
            Self.appendSnakeCase(name.utf8, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        } else {
            string(name)
        }
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    static func isIdentifier<Bytes: Collection<UInt8>>(_ name: Bytes) -> Bool {
        !name.isEmpty && name.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// "sourceRecordId" → "source_record_id" (an upper-case letter becomes "_" and its lower case).
    static func appendSnakeCase<Bytes: Collection<UInt8>>(_ name: Bytes, to out: inout [UInt8]) {
        var first = true
        for byte in name {
            if byte >= 0x41 && byte <= 0x5A {
                if !first { out.append(UInt8(ascii: "_")) }
                out.append(byte + 0x20)
            } else {
                out.append(byte)
            }
            first = false
        }
    }

    /// A name in snake case ("closingDate" → "closing_date"); other than an ASCII identifier, as it is.
    public static func snakeCased(_ name: String) -> String {
        guard isIdentifier(name.utf8), name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return name }
        var out: [UInt8] = []
        appendSnakeCase(name.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Compact JSON (as this writer writes it) with its member names in snake case: a JSON column stored before the
    /// catalogue spoke snake case, passed on as the catalogue speaks now. Values are left as they are.
    public static func snakeCasingKeys(in json: [UInt8]) -> [UInt8] {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":")
        // Most such columns ("[]", "{}", or written since) have no upper-case letter in a name: a first scan says.
        guard json.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return json }
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 16)
        var index = 0
        while index < json.count {
            guard json[index] == quote else {
                out.append(json[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < json.count && json[end] != quote { end += json[end] == backslash ? 2 : 1 }
            guard end < json.count else { out += json[index...]; break }
            let inner = json[(index + 1)..<end]
            let isKey = end + 1 < json.count && json[end + 1] == colon
            // A conflict's "field" names a field by its value: it is written as the names are.
            let namesField = !isKey && out.count >= 8 && out.suffix(8).elementsEqual("\"field\":".utf8)
            if (isKey || namesField), isIdentifier(inner) {
                out.append(quote)
                appendSnakeCase(inner, to: &out)
                out.append(quote)
            } else {
                out += json[index...end]
            }
            index = end + 1
        }
        return out
    }

    /// A member, left out when the value is nil (as `encodeIfPresent` does).
    public mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        bytes += Self.number(value).utf8
        needsComma = true
    }

    /// As the encoder writes a Double: its shortest round-trip form, an integral value without ".0"
    /// (1000000, -0, 1e+16, 1e-05).
    public static func number(_ value: Double) -> String {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// A string literal: quote and backslash (and slash with `escapeSlashes`) escaped, \b \f \n \r \t,
    /// other control characters as \u00xx (lower-case hex); everything else, non-ASCII included, as it is.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let escapes = escapeSlashes ? Self.escapesWithSlash : Self.escapes
        // Without slashes, a second test for the quote.
        let slash = Self.ones &* (escapeSlashes ? 0x2F : 0x22)
        text.withUTF8 { utf8 in
            escapes.withUnsafeBufferPointer { needsEscape in
                // Runs of bytes that need no escape are copied at once. Every string of every record of
                // the night passes here, descriptions of kilobytes among them, and most words of 8 bytes
                // need no escape: those are passed over with one test each (`mayNeedEscape`), the rest
                // read byte by byte against the table. (Swift's SIMD16 comparisons compiled here to a
                // call per element: slower than the byte loop; this is twice as fast as that loop.)
                var start = 0
                var index = 0
                let count = utf8.count
                if let base = UnsafeRawPointer(utf8.baseAddress) {
                    while index + 8 <= count {
                        if Self.mayNeedEscape(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)), slash: slash) {
                            for position in index..<(index + 8) where needsEscape[Int(utf8[position])] {
                                if start < position { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<position])) }
                                escape(utf8[position])
                                start = position + 1
                            }
                        }
                        index += 8
                    }
                }
                for position in index..<count where needsEscape[Int(utf8[position])] {
                    if start < position { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<position])) }
                    escape(utf8[position])
                    start = position + 1
                }
                if start < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether one of 8 bytes is a control character, a quote, a backslash or `slash` (the byte repeated):
    /// exact when false. A byte below n sets its high bit in (x - n) & ~x; a byte equal to c is a zero of x ^ c.
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64, slash: UInt64) -> Bool {
        @inline(__always) func hasZero(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        return (control | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C)) | hasZero(word ^ slash)) != 0
    }

    /// Bytes written escaped: control characters, quote and backslash; and slash, in `escapesWithSlash`.
    private static let escapes: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    private static let escapesWithSlash: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x2F }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0..<0x20:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(UInt8(ascii: "u"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 15)])
        default: bytes.append(byte) // quote, backslash, slash
        }
    }

    public mutating func field(_ name: String, _ value: Int?) {
        guard let value else { return }
        key(name)
        bytes += String(value).utf8
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bytes += (value ? "true" : "false").utf8
        needsComma = true
    }

    /// A member whose value is JSON text written elsewhere (kept as it is).
    public mutating func field(_ name: String, json: some Collection<UInt8>) {
        key(name)
        bytes += json
        needsComma = true
    }

    /// A string element of an array.
    public mutating func element(_ value: String) {
        separate()
        string(value)
        needsComma = true
    }
}
