import Testing
import KaartenbakCore

/// The `memchr` search other modules call finds what the generic search finds.
@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("location", "{\"title\":\"x\",\"location\":\"a\"}", 14), ("\"location\":\"", "\"l\"lo\"location\":\"x", 5),
        ("ab", "aaab", 2), ("b", "aaab", 3), ("abc", "ab", -1), ("", "abc", -1), ("x", "", -1),
        ("bv", "jansen bv", 7), ("aa", "aaa", 0), ("ab", "aab", 1),
    ])
    func memchrSearchFindsWhatTheGenericOneFinds(needle: String, text: String, expected: Int) {
        let bytes = Array(text.utf8)
        let fast = bytes.withUnsafeBufferPointer { ByteSearch.offset(of: Array(needle.utf8), in: $0) }
        let generic = ByteSearch.offset(of: Array(needle.utf8), in: bytes)
        #expect(fast == (expected < 0 ? nil : expected))
        #expect(fast == generic)
    }

    /// From a start, and by a rare byte of the needle (the `!` of `<![CDATA[`): what the generic search finds from there.
    @Test(arguments: [
        ("<![CDATA[", 2, 0, "ab <![CD <![CDATA[x", 9), ("]]>", 0, 0, "a]]b]]]>c", 5), ("]]>", 0, 0, "a]]", -1),
        ("]]>", 1, 0, "]]>", 0), ("<item", 0, 1, "<item><item>", 6), ("<item", 4, 7, "<item><item>", -1),
        ("ab", 1, 2, "abab", 2), ("ab", 0, 3, "abab", -1), ("x", 0, 9, "abc", -1),
    ])
    func fromAStartAndByAnAnchor(needle: String, anchor: Int, start: Int, text: String, expected: Int) {
        let bytes = Array(text.utf8), needleBytes = Array(needle.utf8)
        let found = bytes.withUnsafeBytes { ByteSearch.offset(of: needleBytes, in: $0, from: start, anchor: anchor) }
        let generic = start <= bytes.count ? ByteSearch.offset(of: needleBytes, in: bytes[start...]).map { $0 + start } : nil
        #expect(found == (expected < 0 ? nil : expected))
        #expect(found == generic)
    }

    @Test(arguments: [("<", "a<b<c", 0, 1, 3), ("<", "a<b<c", 2, 3, 3), (">", "abc", 0, -1, -1), ("a", "", 0, -1, -1), ("c", "abc", 3, -1, 2)])
    func oneByteFirstAndLast(byte: String, text: String, start: Int, first: Int, last: Int) {
        let bytes = Array(text.utf8), b = Array(byte.utf8)[0]
        #expect(bytes.withUnsafeBytes { ByteSearch.offset(of: b, in: $0, from: start) } == (first < 0 ? nil : first))
        #expect(bytes.withUnsafeBytes { ByteSearch.lastOffset(of: b, in: $0) } == (last < 0 ? nil : last))
        #expect(bytes.withUnsafeBytes { ByteSearch.offset(of: [b], in: $0, from: start) } == (first < 0 ? nil : first))
    }
}

/// Hexadecimal text of bytes: two lower-case digits a byte, every nibble, from any sequence of bytes.
@Suite struct HexStringTests {
    @Test(arguments: [([UInt8](), ""), ([0x00], "00"), ([0x09, 0x0A, 0x0F], "090a0f"), ([0x10, 0x9F, 0xA0], "109fa0"),
                      ([0xFF, 0x7E, 0x01], "ff7e01"), (Array(0...255).map(UInt8.init), nil)])
    func hexStringWritesEveryByte(_ bytes: [UInt8], _ expected: String?) {
        // Without a written answer: each byte's `String(radix: 16)`, zero-padded, for every byte value.
        let want = expected ?? bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(bytes.hexString == want)
        #expect(bytes[...].lazy.map { $0 }.hexString == want)
    }
}
