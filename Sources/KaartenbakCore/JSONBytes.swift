/// JSON text being written: commas between members and elements, strings escaped as `JSONEncoder`
/// escapes them.
public struct JSONBytes: Sendable {
    public var bytes: [UInt8] = []
    /// Write "/" as "\/", as `JSONEncoder` does unless told `.withoutEscapingSlashes`.
    public var escapeSlashes = false
    public init(escapeSlashes: Bool = false) { self.escapeSlashes = escapeSlashes }

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
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
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
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied at once.
            var start = 0
            let slash: UInt8 = escapeSlashes ? UInt8(ascii: "/") : UInt8(ascii: "\"")
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == slash {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        default: bytes += [UInt8(ascii: "\\"), byte] // quote, backslash, slash
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
