import Foundation

/// One JSON value of a feed's record, as its bytes say it: what the mapping's key paths read.
///
/// Numbers keep the text Foundation's `JSONSerialization` gave them (an integer as written, any other number as
/// `NSNumber`'s text), so a feed reads the same as before this scanner replaced it.
enum JSONFeedValue {
    /// Members in the order written; a key written twice is read at its last (`member`).
    case object([(key: String, value: JSONFeedValue)])
    case array([JSONFeedValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The value of `key` in an object (the last one written, as JSON readers commonly take it).
    func member(_ key: String) -> JSONFeedValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }
}

/// What is wrong with a feed's JSON, and where (a byte offset in the scanned bytes).
struct JSONSyntaxError: Error, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { message }
}

/// Reads JSON from bytes in place, one value at a time: a feed's record array is walked element by element,
/// and only the element being read is ever held as values.
///
/// Written for the feed reader rather than taken from Foundation: `JSONSerialization` builds the whole
/// document as Foundation objects before the first record can be read (memory growing with the feed: a night of
/// one 35 MB JSON feed peaked at 561 MB with it, 226 MB without) and every key path then went through `Any` casts;
/// the JSON reader was half of a 5%-changed night's parse samples. Strict RFC 8259 JSON: no comments, no
/// trailing commas, no control characters in strings, strings valid UTF-8, surrogates paired; nesting at most
/// `maxDepth` deep.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let maxDepth: Int

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0, maxDepth: Int) {
        self.bytes = bytes
        self.position = position
        self.maxDepth = maxDepth
    }

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset ?? position)
    }

    private func unexpected(_ what: String) -> JSONSyntaxError {
        guard let byte = current else { return error("the text ends where \(what) was expected") }
        let shown = byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "byte 0x%02X", byte)
        return error("\(shown) where \(what) was expected")
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard current == byte else { throw unexpected(what) }
        position += 1
    }

    /// The value here, built (`build`) or only checked and passed over (`.null` is returned).
    mutating func value(depth: Int = 0, build: Bool = true) throws -> JSONFeedValue {
        skipSpace()
        guard let byte = current else { throw unexpected("a value") }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
            position += 1
            var members: [(key: String, value: JSONFeedValue)] = []
            skipSpace()
            if current == UInt8(ascii: "}") { position += 1; return build ? .object(members) : .null }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw unexpected("a key in quotes") }
                let key = try string(build: build)
                try expect(UInt8(ascii: ":"), "':' after a key")
                let inner = try value(depth: depth + 1, build: build)
                if build { members.append((key, inner)) }
                skipSpace()
                guard let next = current else { throw unexpected("',' or '}'") }
                position += 1
                if next == UInt8(ascii: "}") { return build ? .object(members) : .null }
                guard next == UInt8(ascii: ",") else { position -= 1; throw unexpected("',' or '}'") }
            }
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
            position += 1
            var elements: [JSONFeedValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") { position += 1; return build ? .array(elements) : .null }
            while true {
                let inner = try value(depth: depth + 1, build: build)
                if build { elements.append(inner) }
                skipSpace()
                guard let next = current else { throw unexpected("',' or ']'") }
                position += 1
                if next == UInt8(ascii: "]") { return build ? .array(elements) : .null }
                guard next == UInt8(ascii: ",") else { position -= 1; throw unexpected("',' or ']'") }
            }
        case UInt8(ascii: "\""):
            let text = try string(build: build)
            return build ? .string(text) : .null
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        default:
            return try number(build: build)
        }
    }

    private mutating func word(_ text: StaticString) throws {
        let start = position
        for index in 0..<text.utf8CodeUnitCount {
            guard position < bytes.count, bytes[position] == text.utf8Start[index] else {
                position = start
                throw unexpected("a value")
            }
            position += 1
        }
    }

    /// A number as RFC 8259 writes it; its text as `JSONSerialization`'s `NSNumber` gave it.
    private mutating func number(build: Bool) throws -> JSONFeedValue {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - from
        }
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= 0x30, first <= 0x39 else { position = start; throw unexpected("a value") }
        if first == 0x30 { position += 1 } else { _ = digits() }
        var integer = true
        if current == UInt8(ascii: ".") {
            position += 1
            integer = false
            guard digits() > 0 else { throw unexpected("a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            integer = false
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw unexpected("a digit of the exponent") }
        }
        guard build else { return .null }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if integer, let value = Int64(text) { return .number(String(value)) }
        if integer, let value = UInt64(text) { return .number(String(value)) }
        // 1e400 is no number a field can hold (Double says infinity): as JSONSerialization, an error.
        guard let value = Double(text), value.isFinite else { throw error("a number out of range (\(text))", at: start) }
        return .number(NSNumber(value: value).stringValue)
    }

    /// The string here (the scanner at its opening quote): escapes resolved, checked to be UTF-8.
    mutating func string(build: Bool = true) throws -> String {
        let start = position
        position += 1
        var runStart = position
        var decoded: [UInt8]? = nil
        while true {
            guard position < bytes.count else { throw error("a string that does not end", at: start) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw error(String(format: "an unescaped control character (0x%02X) in a string", byte)) }
            if byte != UInt8(ascii: "\\") { position += 1; continue }
            if build {
                if decoded == nil { decoded = [] }
                decoded!.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<position]))
            }
            position += 1
            guard position < bytes.count else { throw error("a string that does not end", at: start) }
            let escaped = bytes[position]
            position += 1
            var scalar: UInt32
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalar = UInt32(escaped)
            case UInt8(ascii: "b"): scalar = 0x08
            case UInt8(ascii: "f"): scalar = 0x0C
            case UInt8(ascii: "n"): scalar = 0x0A
            case UInt8(ascii: "r"): scalar = 0x0D
            case UInt8(ascii: "t"): scalar = 0x09
            case UInt8(ascii: "u"):
                scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00 {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("a \\u escape of an unpaired surrogate")
                    }
                    position += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low < 0xE000 else { throw error("a \\u escape of an unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00, scalar < 0xE000 {
                    throw error("a \\u escape of an unpaired surrogate")
                }
            default:
                throw error("an unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in a string", at: position - 2)
            }
            // Feeds from many encoders escape every "<", ">" and "&" of an HTML description: no String per escape.
            if build { UTF8.encode(Unicode.Scalar(scalar)!) { decoded!.append($0) } }
            runStart = position
        }
        let end = position
        position += 1
        guard build else { return "" }
        let run = UnsafeRawBufferPointer(rebasing: bytes[runStart..<end])
        if decoded == nil {
            guard let text = String(validating: run, as: UTF8.self) else { throw error("a string that is not UTF-8", at: start) }
            return text
        }
        decoded!.append(contentsOf: run)
        guard let text = String(validating: decoded!, as: UTF8.self) else { throw error("a string that is not UTF-8", at: start) }
        return text
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("a \\u escape cut short") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("a \\u escape with a non-hex digit")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// From an element's first byte, the end of the element by its brackets and strings alone, without
    /// reading it: where the array's next ',' or closing ']' is, or nil when the text ends first (or a '}'
    /// closes nothing) so the array breaks off. Used to step past an element that is not valid JSON.
    static func elementEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var position = start, depth = 0, inString = false
        while position < bytes.count {
            let byte = bytes[position]
            if inString {
                if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                if depth == 0 {
                    // A `}` here closes nothing: the array breaks off (going on would find it again, forever).
                    return byte == UInt8(ascii: "]") ? position : nil
                }
                depth -= 1
            } else if byte == UInt8(ascii: ","), depth == 0 {
                return position
            }
            position += 1
        }
        return nil
    }
}

/// Line numbers of increasing offsets, counted once through the bytes.
struct JSONLineCounter {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var line = 1
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func line(of target: Int) -> Int {
        let end = min(target, bytes.count)
        if end > offset {
            for index in offset..<end where bytes[index] == 0x0A { line += 1 }
            offset = end
        }
        return line
    }
}
