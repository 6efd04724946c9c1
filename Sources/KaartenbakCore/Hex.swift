/// Lower-case hexadecimal text of bytes (digests in manifests, keys and content hashes).
/// `String(format: "%02x")` per byte went through Foundation's formatter and cost a publish at a
/// million rows seconds for the content hashes alone.
extension Sequence<UInt8> {
    public var hexString: String {
        // Digits by arithmetic: a table made as an array was an allocation per call, a content hash a row.
        func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble }
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0F))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
