/// Writes a `MergedVacancy` as `JSONEncoder` does with `NDJSONWriter`'s settings (keys sorted by
/// their bytes, slashes not escaped, absent optionals left out), byte for byte: the entries file is
/// compared across nights and read by publish, so it must not change. Hand-written because the
/// encoder's generic machinery cost more than merging the cluster (a million merged records a night).
/// `MergedVacancyJSONTests` checks it against `JSONEncoder`, every field set.
enum MergedVacancyJSON {
    static func encode(_ m: MergedVacancy) -> [UInt8] {
        var out = JSONBytes()
        out.bytes.reserveCapacity(512 + (m.description?.utf8.count ?? 0))
        // Keys in sorted order, as the encoder's .sortedKeys writes them.
        out.open("{")
        out.field("closingDate", m.closingDate)
        out.key("conflicts")
        out.open("[")
        for conflict in m.conflicts {
            out.open("{")
            out.field("field", conflict.field)
            out.key("values")
            out.open("[")
            for value in conflict.values {
                out.open("{")
                out.field("source", value.source)
                out.field("sourceRecordId", value.sourceRecordId)
                out.field("value", value.value)
                out.close("}")
            }
            out.close("]")
            out.close("}")
        }
        out.close("]")
        out.field("contract", m.contract)
        out.field("datePosted", m.datePosted)
        out.field("description", m.description)
        out.field("education", m.education)
        out.field("employer", m.employer)
        out.field("hoursMax", m.hoursMax)
        out.field("hoursMin", m.hoursMin)
        out.field("isco", m.isco)
        out.field("normalisedTitle", m.normalisedTitle)
        out.field("occupation", m.occupation)
        out.field("occupationLabel", m.occupationLabel)
        out.field("place", m.place)
        out.field("postcode", m.postcode)
        out.field("primarySource", m.primarySource)
        out.key("provenance")
        out.open("{")
        for field in m.provenance.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            out.field(field, m.provenance[field])
        }
        out.close("}")
        out.field("region", m.region)
        out.field("salaryMax", m.salaryMax)
        out.field("salaryMin", m.salaryMin)
        out.field("salaryPeriod", m.salaryPeriod)
        out.field("schedule", m.schedule)
        out.field("title", m.title)
        out.field("url", m.url)
        out.close("}")
        return out.bytes
    }
}

/// JSON text being written: commas between members and elements, strings escaped as `JSONEncoder`
/// escapes them.
struct JSONBytes {
    var bytes: [UInt8] = []
    /// A value was written in the current object or array: the next one needs a comma.
    private var needsComma = false

    mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(ascii: bracket))
        needsComma = false
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        needsComma = true
    }

    mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member, left out when the value is nil (as `encodeIfPresent` does).
    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
        needsComma = true
    }

    mutating func field(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        bytes += Self.number(value).utf8
        needsComma = true
    }

    /// As the encoder writes a Double: its shortest round-trip form, an integral value without ".0"
    /// (1000000, -0, 1e+16, 1e-05).
    static func number(_ value: Double) -> String {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// A string literal: quote and backslash escaped, \b \f \n \r \t, other control characters as
    /// \u00xx (lower-case hex); everything else, slashes and non-ASCII included, as it is.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied at once.
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        default: bytes += [UInt8(ascii: "\\"), byte] // quote, backslash
        }
    }
}
