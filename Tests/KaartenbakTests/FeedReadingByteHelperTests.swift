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

    @Test(arguments: [("<![CDATA[", 2, "ab <![CD <![CDATA[x", 9), ("]]>", 0, "a]]b]]]>c", 5), ("]]>", 0, "a]]", -1)])
    func anchoredFindMatchesMemmem(needle: String, anchor: Int, text: String, expected: Int) {
        let bytes = Array(text.utf8)
        let found = bytes.withUnsafeBytes { XMLInput.find(Array(needle.utf8), anchor: anchor, in: $0, from: 0) }
        let slow = bytes.withUnsafeBytes { XMLInput.find(Array(needle.utf8), in: $0, from: 0) }
        #expect(found == (expected < 0 ? nil : expected))
        #expect(found == slow)
    }
}
