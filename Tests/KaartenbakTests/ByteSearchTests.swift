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
}
