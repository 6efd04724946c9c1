/// Byte-level text handling shared by the title cleaner, the taxonomy and the classifier.
///
/// Matching works on "folded" tokens: lower case, Latin diacritics removed ("cliënten" → "clienten"),
/// so that the taxonomy, titles and descriptions meet on one spelling. Working on UTF-8 bytes rather
/// than `Character`s keeps description scanning cheap (the classifier must do 20,000 vacancies/s).
enum TextTokens {
    /// FNV-1a offset basis and prime.
    static let fnvBasis: UInt64 = 0xcbf29ce484222325
    static let fnvPrime: UInt64 = 0x100000001b3

    /// ASCII folding of the Latin-1 supplement block (second byte after 0xC3).
    /// Index = second byte - 0x80; 0 means "not a letter we fold".
    static let latin1Fold: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 64)
        let map: [(ClosedRange<UInt8>, UInt8)] = [
            (0x80...0x85, UInt8(ascii: "a")), (0x87...0x87, UInt8(ascii: "c")), (0x88...0x8B, UInt8(ascii: "e")),
            (0x8C...0x8F, UInt8(ascii: "i")), (0x91...0x91, UInt8(ascii: "n")), (0x92...0x96, UInt8(ascii: "o")),
            (0x99...0x9C, UInt8(ascii: "u")), (0x9D...0x9D, UInt8(ascii: "y")),
            (0xA0...0xA5, UInt8(ascii: "a")), (0xA7...0xA7, UInt8(ascii: "c")), (0xA8...0xAB, UInt8(ascii: "e")),
            (0xAC...0xAF, UInt8(ascii: "i")), (0xB1...0xB1, UInt8(ascii: "n")), (0xB2...0xB6, UInt8(ascii: "o")),
            (0xB9...0xBC, UInt8(ascii: "u")), (0xBD...0xBD, UInt8(ascii: "y")), (0xBF...0xBF, UInt8(ascii: "y")),
        ]
        for (range, letter) in map { for b in range { table[Int(b - 0x80)] = letter } }
        return table
    }()

    /// Whether the Latin-1 second byte is an upper-case letter (0x80...0x9E).
    static func latin1IsUpper(_ b: UInt8) -> Bool { b >= 0x80 && b <= 0x9E }

    /// One token of a text: its folded lower-case spelling and whether it was written in capitals.
    struct Token: Equatable {
        var text: String
        var hash: UInt64
        /// All letters were upper case ("CE", "BBL", "CHAUFFEUR").
        var upper: Bool
        /// Byte offsets in the source's UTF-8 view.
        var start: Int
        var end: Int
    }

    @inline(__always) static func isASCIILetterOrDigit(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
    }

    /// Calls `body` for each token of `bytes` with the folded bytes' FNV hash, the upper-case flag,
    /// and the token's byte range. Tokens are runs of letters and digits; an apostrophe or '&'
    /// between letters stays inside ("auto's", "p&o"), as do '#' and '+' after a letter ("c#", "c++").
    /// Everything else separates tokens; hyphens too ("trekker-oplegger" → "trekker", "oplegger").
    @inline(__always)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>,
                     _ body: (_ hash: UInt64, _ upper: Bool, _ start: Int, _ end: Int) -> Void) {
        let n = bytes.count
        var i = 0
        while i < n {
            // Skip to the start of a token.
            var b = bytes[i]
            if !(isASCIILetterOrDigit(b) || (b == 0xC3 && i + 1 < n && latin1Fold[Int(bytes[i + 1] & 0x3F)] != 0 && bytes[i + 1] >= 0x80)) {
                i += 1
                continue
            }
            let start = i
            var hash = fnvBasis
            var upper = true
            var letters = 0
            while i < n {
                b = bytes[i]
                if b < 0x80 {
                    if b >= 0x61 && b <= 0x7A {
                        upper = false; letters += 1
                    } else if b >= 0x41 && b <= 0x5A {
                        b |= 0x20; letters += 1
                    } else if b >= 0x30 && b <= 0x39 {
                        // digit
                    } else if (b == 0x27 || b == 0x26) && i + 1 < n && i > start && isASCIILetterOrDigit(bytes[i + 1]) {
                        // inner apostrophe or ampersand
                    } else if (b == 0x23 || b == 0x2B) && letters > 0 {
                        // c#, c++
                    } else {
                        break
                    }
                    hash = (hash ^ UInt64(b)) &* fnvPrime
                    i += 1
                } else if b == 0xC3 && i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0xBF,
                          latin1Fold[Int(bytes[i + 1] - 0x80)] != 0 {
                    let second = bytes[i + 1]
                    if !latin1IsUpper(second) { upper = false }
                    letters += 1
                    hash = (hash ^ UInt64(latin1Fold[Int(second - 0x80)])) &* fnvPrime
                    i += 2
                } else {
                    break
                }
            }
            body(hash, upper && letters > 0, start, i)
        }
    }

    /// Hash of a folded token spelling, the same as `scan` computes.
    static func hash(_ folded: String) -> UInt64 {
        var hash = fnvBasis
        for b in folded.utf8 { hash = (hash ^ UInt64(b)) &* fnvPrime }
        return hash
    }

    /// Hash of a sequence of token hashes (a phrase); order matters.
    @inline(__always) static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a &* 0x9E3779B97F4A7C15
        x ^= (x >> 29)
        return x ^ b
    }

    static func phraseHash(_ hashes: ArraySlice<UInt64>) -> UInt64 {
        guard var h = hashes.first else { return 0 }
        for next in hashes.dropFirst() { h = combine(h, next) }
        return h
    }

    /// The tokens of a string with their folded spellings (for titles, labels and terms).
    static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var copy = text
        copy.withUTF8 { buffer in
            scan(buffer) { hash, upper, start, end in
                result.append(Token(text: fold(buffer, start, end), hash: hash, upper: upper, start: start, end: end))
            }
        }
        return result
    }

    /// Folded lower-case spelling of a byte range (same rules as `scan`).
    static func fold(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let b = bytes[i]
            if b == 0xC3 && i + 1 < end {
                out.append(latin1Fold[Int(bytes[i + 1] - 0x80)])
                i += 2
            } else {
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The folded tokens of a string, joined by single spaces: the lookup key of a label.
    static func key(_ text: String) -> String {
        tokens(text).map(\.text).joined(separator: " ")
    }
}
