import CGlibc
import Glibc

/// The one byte search of the package: where a byte or a byte string first (or a byte last) occurs in a buffer.
/// Every stage searches bytes rather than `Character`s (the feed readers, the value cleaners, salary and dedupe keys):
/// for ASCII needles in folded or lowercased text it finds what Foundation's `range(of:)` and `contains` find,
/// without their CFString machinery, which showed up in profiles of the nightly stages.
///
/// A byte string is found by `memchr` for one of its bytes, then a compare: glibc's vectorised memchr skips most of
/// the text. Where the first byte is common (a quote in JSON, `<` in XML), the second rules most hits out without a
/// call; where another byte of the needle is rare (the `!` of `<![CDATA[`), `anchor` searches for that one instead.
package enum ByteSearch {
    /// Where `byte` first occurs in `haystack` at or after `start`.
    @inline(__always)
    package static func offset(of byte: UInt8, in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard start >= 0, start < haystack.count, let base = haystack.baseAddress else { return nil }
        return memchr(base + start, Int32(byte), haystack.count - start).map { UnsafeRawPointer($0) - base }
    }

    /// Where `byte` last occurs in `haystack` (glibc's `memrchr`, a GNU extension, through the CGlibc shim).
    package static func lastOffset(of byte: UInt8, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let base = haystack.baseAddress, haystack.count > 0 else { return nil }
        return kb_memrchr(base, Int32(byte), haystack.count).map { UnsafeRawPointer($0) - base }
    }

    /// Where `needle` first occurs in `haystack`.
    package static func offset(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        offset(of: needle, in: haystack, from: 0)
    }

    /// Where `needle` first occurs in `haystack` at or after `start`, found by its byte at `anchor` (choose a byte
    /// that is rare in the text).
    package static func offset(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int,
                               anchor: Int = 0) -> Int? {
        guard !needle.isEmpty, anchor >= 0, anchor < needle.count, start >= 0,
              let base = haystack.baseAddress, haystack.count - start >= needle.count else { return nil }
        let last = haystack.count - needle.count // the last possible start
        let probe = anchor == 0 && needle.count > 1 ? 1 : 0 // a second byte to look at before calling memcmp
        var from = start + anchor
        while from <= last + anchor, let found = memchr(base + from, Int32(needle[anchor]), last + anchor + 1 - from) {
            let index = base.distance(to: UnsafeRawPointer(found)) - anchor
            if needle.count == 1 || (haystack[index + probe] == needle[probe] && memcmp(base + index, needle, needle.count) == 0) {
                return index
            }
            from = index + anchor + 1
        }
        return nil
    }

    /// Where `needle` first occurs in `haystack`. Other modules call this one: the generic one below is not
    /// specialised for them, and reads each byte through generic witnesses (half a CPU second of a million-record
    /// dedupe night, in the new employer names).
    package static func offset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        offset(of: needle, in: UnsafeRawBufferPointer(haystack))
    }

    /// Where `needle` first occurs in `haystack`, any collection of bytes.
    package static func offset<Haystack: RandomAccessCollection>(of needle: [UInt8], in haystack: Haystack) -> Int?
    where Haystack.Element == UInt8, Haystack.Index == Int {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        let base = haystack.startIndex
        for start in base...(base + haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start - base }
        }
        return nil
    }
}
