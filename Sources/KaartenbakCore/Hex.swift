/// Lower-case hexadecimal text of bytes (digests in manifests, keys and content hashes).
/// `String(format: "%02x")` per byte went through Foundation's formatter and cost a publish at a
/// million rows seconds for the content hashes alone.
extension Sequence<UInt8> {
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
