import KaartenbakCore

/// The encodings Kaartenbak reads. Everything is turned into UTF-8 before parsing.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
    case iso88591 = "iso-8859-1"

    /// The encoding a definition names ("utf-16" means: decided by the byte-order mark).
    init?(definitionName: String) {
        switch definitionName.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf-16le": self = .utf16LE
        case "utf-16be": self = .utf16BE
        case "windows-1252", "cp1252": self = .windows1252
        case "iso-8859-1", "latin1", "latin-1", "iso_8859-1", "iso8859-1": self = .iso88591
        default: return nil
        }
    }

    var isSingleByte: Bool { self == .windows1252 || self == .iso88591 }
    var isUTF16: Bool { self == .utf16LE || self == .utf16BE }

    /// Reads a byte-order mark: the encoding and the mark's length.
    static func byteOrderMark(_ bytes: UnsafeRawBufferPointer) -> (TextEncoding, Int)? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return (.utf8, 3) }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return (.utf16LE, 2) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }

    /// Decides how to read a payload: a byte-order mark wins, then the definition, then (for "auto")
    /// the XML declaration, then valid UTF-8 in the sample means UTF-8, else Windows-1252.
    static func decide(definition: String, sample: UnsafeRawBufferPointer, xmlDeclaration: Bool) -> (TextEncoding, bomLength: Int) {
        if let (bom, length) = byteOrderMark(sample) { return (bom, length) }
        if definition.lowercased() != "auto", let declared = TextEncoding(definitionName: definition) {
            return (declared, 0)
        }
        if xmlDeclaration, let name = declaredXMLEncoding(sample), let declared = TextEncoding(definitionName: name) {
            return (declared, 0)
        }
        if sample.count >= 2, sample[0] == 0x3C, sample[1] == 0x00 { return (.utf16LE, 0) }
        if sample.count >= 2, sample[0] == 0x00, sample[1] == 0x3C { return (.utf16BE, 0) }
        // UTF-16 without a byte-order mark in a CSV or JSON feed: ASCII text with a NUL beside every character.
        if sample.count >= 4, sample[0] != 0, sample[1] == 0, sample[2] != 0, sample[3] == 0 { return (.utf16LE, 0) }
        if sample.count >= 4, sample[0] == 0, sample[1] != 0, sample[2] == 0, sample[3] != 0 { return (.utf16BE, 0) }
        return (UTF8Check.firstInvalidByte(in: sample, allowTruncatedEnd: true) == nil ? .utf8 : .windows1252, 0)
    }

    /// The `encoding="…"` of an XML declaration at the very start of `sample`, if any.
    static func declaredXMLEncoding(_ sample: UnsafeRawBufferPointer) -> String? {
        let head = Array(sample.prefix(256))
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: head[..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }
}

/// UTF-8 validation over bytes, for reporting the offset of the first bad byte.
enum UTF8Check {
    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence.
    /// With `allowTruncatedEnd`, a sequence cut off by the end of the sample is accepted.
    static func firstInvalidByte(in bytes: UnsafeRawBufferPointer, allowTruncatedEnd: Bool = false) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            // Eight ASCII bytes at a time: the common case in feeds.
            if i + 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            if i + length > n { return allowTruncatedEnd ? nil : i }
            for k in 1..<length {
                let c = bytes[i + k]
                let (lo, hi) = k == 1 ? (low, high) : (0x80, 0xBF)
                if c < lo || c > hi { return i }
            }
            i += length
        }
        return nil
    }
}

/// Converts bytes in a supported encoding to UTF-8, chunk by chunk (sequences split across chunks are carried).
struct UTF8Transcoder {
    let encoding: TextEncoding
    private var carry: [UInt8] = []

    init(_ encoding: TextEncoding) { self.encoding = encoding }

    /// Appends the UTF-8 form of `input` to `output`; with `final`, a dangling partial sequence becomes U+FFFD.
    mutating func transcode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], final: Bool = false) {
        switch encoding {
        case .utf8:
            output.append(contentsOf: input)
        case .windows1252, .iso88591:
            // ISO-8859-1 is read as its superset Windows-1252, as browsers do: 0x80 in such files is the euro sign.
            output.reserveCapacity(output.count + input.count + input.count / 8)
            for b in input {
                if b < 0x80 { output.append(b) } else { Self.appendScalar(SingleByte.windows1252[Int(b) - 0x80], to: &output) }
            }
        case .utf16LE, .utf16BE:
            transcodeUTF16(input, into: &output, final: final)
        }
    }

    private mutating func transcodeUTF16(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], final: Bool) {
        var bytes = carry
        bytes.append(contentsOf: input)
        carry.removeAll()
        var i = 0
        let bigEndian = encoding == .utf16BE
        func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while i + 1 < bytes.count {
            let u = unit(i)
            if u >= 0xD800 && u <= 0xDBFF {
                guard i + 3 < bytes.count else { break }
                let v = unit(i + 2)
                if v >= 0xDC00 && v <= 0xDFFF {
                    Self.appendScalar(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00), to: &output)
                    i += 4
                } else {
                    Self.appendScalar(0xFFFD, to: &output)
                    i += 2
                }
            } else {
                Self.appendScalar(u >= 0xDC00 && u <= 0xDFFF ? 0xFFFD : u, to: &output)
                i += 2
            }
        }
        if i < bytes.count {
            if final { Self.appendScalar(0xFFFD, to: &output) } else { carry = Array(bytes[i...]) }
        }
    }

    static func appendScalar(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

enum SingleByte {
    /// Windows-1252 0x80...0xFF as Unicode scalars. The five bytes Windows leaves undefined map to the C1 controls.
    static let windows1252: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ] + (0xA0...0xFF).map { UInt32($0) }
}
