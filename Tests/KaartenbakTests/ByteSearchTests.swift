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
