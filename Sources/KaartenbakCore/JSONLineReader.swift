import Foundation

/// A reader of one line of JSON in place, for the stages' own NDJSON shapes (`RecordJSON`, the
/// dedupe entries): values are read straight from the bytes into the fields they fill, keys found
/// by their bytes (`KeyTable`). Every method returns nil or false on anything it does not expect, and
/// the caller then falls back to `JSONDecoder`, which decodes or says what is wrong: so nothing is
/// accepted here that `JSONDecoder` would refuse in a way that matters. About five times faster than
/// `JSONDecoder`, which cost ~20 µs a record.
public struct JSONLineReader {
    public let bytes: UnsafeRawBufferPointer
    public var index = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }


    public mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    public mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    public mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    public mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// `{ "key": value, ... }`, calling `member` positioned at each value with the key's position in
    /// `keys`, or -1 for another key. Gives up on a key with an escape or a non-ASCII byte (none of
    /// ours has one; JSONDecoder decodes and judges it).
    public mutating func object(_ keys: KeyTable, _ member: (inout JSONLineReader, Int) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = rawKey(), take(UInt8(ascii: ":")), member(&self, keys.index(of: key)) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// A key's bytes between its quotes, or nil when it has an escape or a non-ASCII byte.
    public mutating func rawKey() -> UnsafeRawBufferPointer? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)])
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 { return nil }
            index += 1
        }
        return nil
    }

    public mutating func array<T>(_ element: (inout JSONLineReader) -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var values: [T] = []
        if take(UInt8(ascii: "]")) { return values }
        repeat {
            guard let value = element(&self) else { return nil }
            values.append(value)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? values : nil
    }

    public mutating func null() -> Bool { literal("null") }

    public mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    public mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    public mutating func number() -> Double? {
        skipSpace()
        let start = index
        while index < bytes.count, let byte = Optional(bytes[index]),
              (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
              || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
        }
        guard index > start else { return nil }
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    public mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        // The closing quote and the first backslash before it, found by memchr: descriptions are
        // kilobytes long, and a loop over their bytes was the reader's whole cost.
        guard let base = bytes.baseAddress, index < bytes.count,
              let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), bytes.count - index) else { return nil }
        let end = base.distance(to: UnsafeRawPointer(quote))
        if let backslash = memchr(base + index, Int32(UInt8(ascii: "\\")), end - index) {
            index = base.distance(to: UnsafeRawPointer(backslash))
        } else {
            index = end
        }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            // ASCII is valid UTF-8 as it is: decoding it skips the generic validating initialiser.
            return Self.isASCII(raw) ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        // `index` is at a backslash. Escapes are handled one by one; the runs between them (most of
        // a description between its "\n"s) are found by memchr and copied whole.
        while index < bytes.count, bytes[index] == UInt8(ascii: "\\") {
            index += 1
            guard index < bytes.count else { return nil }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let scalar = unicodeEscape() else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: return nil
            }
            guard index < bytes.count,
                  let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), bytes.count - index) else { return nil }
            let runEnd = base.distance(to: UnsafeRawPointer(quote))
            let next = memchr(base + index, Int32(UInt8(ascii: "\\")), runEnd - index)
                .map { base.distance(to: UnsafeRawPointer($0)) } ?? runEnd
            let run = UnsafeRawBufferPointer(rebasing: bytes[index..<next])
            // A raw control character is not JSON (JSONDecoder refuses it too).
            if run.contains(where: { $0 < 0x20 }) { return nil }
            out.append(contentsOf: run)
            index = next
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        return String(validating: out, as: UTF8.self)
    }

    /// Passes over a string without making it: its closing quote is the first one not escaped.
    public mutating func skipString() -> Bool {
        guard take(UInt8(ascii: "\"")), let base = bytes.baseAddress else { return false }
        while index < bytes.count, let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), bytes.count - index) {
            let end = base.distance(to: UnsafeRawPointer(quote))
            var backslashes = 0
            while end - backslashes - 1 >= index, bytes[end - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            index = end + 1
            if backslashes % 2 == 0 { return true }
        }
        return false
    }

    /// No byte has its high bit set (eight bytes a step).
    public static func isASCII(_ raw: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var any: UInt64 = 0
        while index + 8 <= raw.count {
            any |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < raw.count {
            any |= UInt64(raw[index])
            index += 1
        }
        return any & 0x8080_8080_8080_8080 == 0
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` for a surrogate pair.
    public mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high) }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
        index += 2
        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    public mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Skips any value (an unknown key's).
    public mutating func skipValue() -> Bool {
        switch peek() {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object(Self.noKeys) { decoder, _ in decoder.skipValue() }
        case UInt8(ascii: "["): return array { decoder -> Bool? in decoder.skipValue() ? true : nil } != nil
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        case UInt8(ascii: "n"): return null()
        default: return number() != nil
        }
    }
    static let noKeys = KeyTable([])

    /// Known keys, looked up by their bytes (by length, then compared) without building a String.
    public struct KeyTable: Sendable {
        private let names: [[UInt8]]
        /// Positions in `names` by length.
        private let byLength: [[Int]]

        public init(_ names: [String]) {
            self.names = names.map { Array($0.utf8) }
            var byLength = [[Int]](repeating: [], count: (self.names.map(\.count).max() ?? 0) + 1)
            for (position, name) in self.names.enumerated() { byLength[name.count].append(position) }
            self.byLength = byLength
        }

        /// The key's position in the names, or -1.
        public func index(of key: UnsafeRawBufferPointer) -> Int {
            guard key.count < byLength.count else { return -1 }
            for position in byLength[key.count] where names[position].withUnsafeBytes({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }) {
                return position
            }
            return -1
        }
    }
}
