import Testing
@testable import FeedReading

/// The byte-level shortcuts the readers take for speed must give the answers of the slow, obvious code.
@Suite struct FeedReadingByteHelperTests {
    @Test func whitespaceListMatchesUnicodeProperty() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if String.isWhitespace(scalar) != scalar.properties.isWhitespace { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty, "differs at \(mismatches.prefix(5))")
    }

}

/// The eight-bytes-at-a-time scans against byte-by-byte loops, on random text rich in the bytes they look for.
@Suite struct FeedReadingWordScanTests {
    static let alphabet: [UInt8] = Array("ab; \t\r\n\"  ,é€".utf8) + [0x01, 0x80, 0xFF]

    static func randomTexts() -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        return (0..<3000).map { _ in
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0x20 }
        }
    }

    /// The byte loop `needsCollapsing` used before it read words.
    static func needsCollapsingByBytes(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == 0x20 || last == 0x20 || first >= 0x80 || last >= 0x80 { return true }
        var previousSpace = false
        for b in bytes {
            if b > 0x20 { previousSpace = false } else if b == 0x20 {
                if previousSpace { return true }
                previousSpace = true
            } else if b == 0x09 || b == 0x0A || b == 0x0D { return true } else { previousSpace = false }
        }
        return false
    }

    @Test func needsCollapsingAgreesWithTheByteLoop() {
        for text in Self.randomTexts() {
            let fast = text.withUnsafeBytes { TextBytes.needsCollapsing($0) }
            #expect(fast == Self.needsCollapsingByBytes(text), "\(text)")
        }
    }

    @Test func firstOfAgreesWithTheByteLoop() {
        for text in Self.randomTexts() {
            let from = text.isEmpty ? 0 : Int.random(in: 0..<text.count)
            let fast = text.withUnsafeBytes { TextBytes.firstOf(UInt8(ascii: ";"), 0x0D, 0x0A, in: $0, from: from, to: text.count) }
            let slow = text[from...].firstIndex { $0 == UInt8(ascii: ";") || $0 == 0x0D || $0 == 0x0A } ?? text.count
            #expect(fast == slow, "\(text) from \(from)")
        }
    }
}
