import Foundation
import KaartenbakCore

/// Decodes one NDJSON line of a normalised `Vacancy` about five times faster than `JSONDecoder`
/// (which costs ~20 µs a record: at a million records, read twice by the dedupe stage, the biggest
/// single cost). Anything it does not expect (a missing required field, a value of another type, bad
/// JSON) makes it give up, and the caller uses `JSONDecoder`, which gives the proper error. So it
/// never accepts what `JSONDecoder` would refuse in a way that matters; unknown keys are skipped, as
/// `JSONDecoder` does.
struct VacancyLineDecoder {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    /// The vacancy, or nil to fall back to `JSONDecoder`.
    static func decode(_ line: UnsafeRawBufferPointer) -> Vacancy? {
        var decoder = VacancyLineDecoder(bytes: line)
        return decoder.vacancy()
    }

    /// `decode`, then `JSONDecoder` when it gave up.
    static func decode(_ line: UnsafeRawBufferPointer, fallback: JSONDecoder) throws -> Vacancy {
        if let vacancy = decode(line) { return vacancy }
        return try fallback.decode(Vacancy.self, from: Data(line))
    }

    /// The string fields, in the order of `Fields.text`.
    static let textKeys = [
        "source", "sourceRecordId", "publisher", "region", "title", "normalisedTitle", "description", "descriptionHTML",
        "employer", "employerKey", "place", "postcode", "province", "datePosted", "closingDate", "salaryPeriod",
        "contract", "schedule", "education", "url", "location",
    ]
    static let numberKeys = ["hoursMin", "hoursMax", "salaryMin", "salaryMax"]
    /// A vacancy's keys: the text fields, the numbers, then "coding" and "repost".
    static let vacancyKeys = KeyTable(textKeys + numberKeys + ["coding", "repost"])
    static let codingKeys = KeyTable(["isco", "occupation", "occupationLabel", "confidence", "ambiguous", "reasons", "candidates"])
    static let candidateKeys = KeyTable(["isco", "occupation", "label", "score"])

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private mutating func vacancy() -> Vacancy? {
        guard let vacancy = vacancyObject(), atEnd() else { return nil }
        return vacancy
    }

    private mutating func vacancyObject() -> Vacancy? {
        // Fields by position in `vacancyKeys` rather than in dictionaries: no key strings, no hashing.
        var text = [String?](repeating: nil, count: Self.textKeys.count)
        var numbers: [Double?] = [nil, nil, nil, nil]
        var coding: OccupationCoding?
        var repost: Bool?
        let firstNumber = Self.textKeys.count, codingKey = firstNumber + Self.numberKeys.count, repostKey = codingKey + 1
        guard object(Self.vacancyKeys, { d, key in
            switch key {
            case codingKey:
                coding = d.occupationCoding()
                return coding != nil
            case repostKey:
                if d.null() { return true }
                guard let value = d.bool() else { return false }
                repost = value
                return true
            case firstNumber..<codingKey:
                if d.null() { return true }
                guard let value = d.number() else { return false }
                numbers[key - firstNumber] = value
                return true
            case 0..<firstNumber:
                if d.null() { return true }
                // A known field with a value of another type: let JSONDecoder say what is wrong.
                guard d.peek() == UInt8(ascii: "\""), let value = d.string() else { return false }
                text[key] = value
                return true
            default:
                return d.skipValue()
            }
        }), let source = text[0], let id = text[1],
              let publisher = text[2].flatMap(PublisherKind.init(rawValue:)),
              let title = text[4], let normalisedTitle = text[5], let coding,
              let location = text[20] else { return nil }
        var v = Vacancy(source: source, sourceRecordId: id, publisher: publisher, region: text[3], title: title,
                        normalisedTitle: normalisedTitle, coding: coding, location: location)
        v.description = text[6]
        v.descriptionHTML = text[7]
        v.employer = text[8]
        v.employerKey = text[9]
        v.place = text[10]
        v.postcode = text[11]
        v.province = text[12]
        v.datePosted = text[13]
        v.closingDate = text[14]
        v.hoursMin = numbers[0]
        v.hoursMax = numbers[1]
        v.salaryMin = numbers[2]
        v.salaryMax = numbers[3]
        v.salaryPeriod = text[15]
        v.contract = text[16]
        v.schedule = text[17]
        v.education = text[18]
        v.url = text[19]
        v.repost = repost
        return v
    }

    private mutating func occupationCoding() -> OccupationCoding? {
        var coding = OccupationCoding()
        var seen = 0 // bit per key of `codingKeys`
        guard object(Self.codingKeys, { d, key in
            if key >= 0 { seen |= 1 << key }
            switch key {
            case 0, 1, 2: // isco, occupation, occupationLabel
                if d.null() { return true }
                guard let value = d.string() else { return false }
                if key == 0 { coding.isco = value } else if key == 1 { coding.occupation = value } else { coding.occupationLabel = value }
                return true
            case 3:
                guard let value = d.number() else { return false }
                coding.confidence = value
                return true
            case 4:
                guard let value = d.bool() else { return false }
                coding.ambiguous = value
                return true
            case 5:
                guard let values = d.array({ $0.string() }) else { return false }
                coding.reasons = values
                return true
            case 6:
                guard let values = d.array({ $0.candidate() }) else { return false }
                coding.candidates = values
                return true
            default:
                return d.skipValue()
            }
        }), seen & 0b111_1000 == 0b111_1000 else { return nil } // confidence, ambiguous, reasons, candidates
        return coding
    }

    private mutating func candidate() -> OccupationCandidate? {
        var isco: String?, occupation: String?, label: String?, score: Double?
        guard object(Self.candidateKeys, { d, key in
            switch key {
            case 3:
                score = d.number()
                return score != nil
            case 0, 1, 2:
                guard let value = d.string() else { return false }
                if key == 0 { isco = value } else if key == 1 { occupation = value } else { label = value }
                return true
            default:
                return d.skipValue()
            }
        }), let isco, let occupation, let label, let score else { return nil }
        return OccupationCandidate(isco: isco, occupation: occupation, label: label, score: score)
    }

    // MARK: entries

    /// One line of the dedupe stage's entries, or nil to fall back to `JSONDecoder`.
    static func decodeEntry(_ line: UnsafeRawBufferPointer) -> DedupedVacancy? {
        var decoder = VacancyLineDecoder(bytes: line)
        var id: String?, cluster: VacancyCluster?
        guard decoder.object(Self.entryKeys, { d, key in
            switch key {
            case 0:
                id = d.string()
                return id != nil
            case 1:
                cluster = d.cluster()
                return cluster != nil
            default:
                return d.skipValue()
            }
        }), decoder.atEnd(), let id, let cluster else { return nil }
        return DedupedVacancy(id: id, cluster: cluster)
    }

    static let entryKeys = KeyTable(["id", "cluster"])
    static let clusterKeys = KeyTable(["key", "members", "merged"])
    /// A merged vacancy's string fields, then its numbers, then provenance and conflicts.
    static let mergedTextKeys = [
        "title", "normalisedTitle", "isco", "occupation", "occupationLabel", "employer", "place", "postcode", "region",
        "datePosted", "closingDate", "salaryPeriod", "contract", "schedule", "education", "url", "description", "primarySource",
    ]
    static let mergedKeys = KeyTable(mergedTextKeys + numberKeys + ["provenance", "conflicts"])
    static let conflictKeys = KeyTable(["field", "values"])
    static let conflictValueKeys = KeyTable(["source", "sourceRecordId", "value"])

    private mutating func cluster() -> VacancyCluster? {
        var key: String?, members: [Vacancy]?, merged: MergedVacancy?
        guard object(Self.clusterKeys, { d, index in
            switch index {
            case 0: key = d.string(); return key != nil
            case 1: members = d.array { $0.vacancyObject() }; return members != nil
            case 2: merged = d.merged(); return merged != nil
            default: return d.skipValue()
            }
        }), let key, let members, let merged else { return nil }
        return VacancyCluster(members: members, merged: merged, key: key)
    }

    private mutating func merged() -> MergedVacancy? {
        var text = [String?](repeating: nil, count: Self.mergedTextKeys.count)
        var numbers: [Double?] = [nil, nil, nil, nil]
        var provenance: [String: String]?, conflicts: [FieldConflict]?
        let firstNumber = Self.mergedTextKeys.count, provenanceKey = firstNumber + Self.numberKeys.count
        guard object(Self.mergedKeys, { d, key in
            switch key {
            case 0..<firstNumber:
                if d.null() { return true }
                guard d.peek() == UInt8(ascii: "\""), let value = d.string() else { return false }
                text[key] = value
                return true
            case firstNumber..<provenanceKey:
                if d.null() { return true }
                guard let value = d.number() else { return false }
                numbers[key - firstNumber] = value
                return true
            case provenanceKey:
                provenance = d.stringMap()
                return provenance != nil
            case provenanceKey + 1:
                conflicts = d.array { $0.conflict() }
                return conflicts != nil
            default:
                return d.skipValue()
            }
        }), let title = text[0], let normalisedTitle = text[1], let primarySource = text[17],
              let provenance, let conflicts else { return nil }
        var m = MergedVacancy(title: title, normalisedTitle: normalisedTitle, primarySource: primarySource,
                              provenance: provenance, conflicts: conflicts)
        m.isco = text[2]
        m.occupation = text[3]
        m.occupationLabel = text[4]
        m.employer = text[5]
        m.place = text[6]
        m.postcode = text[7]
        m.region = text[8]
        m.datePosted = text[9]
        m.closingDate = text[10]
        m.salaryPeriod = text[11]
        m.contract = text[12]
        m.schedule = text[13]
        m.education = text[14]
        m.url = text[15]
        m.description = text[16]
        m.hoursMin = numbers[0]
        m.hoursMax = numbers[1]
        m.salaryMin = numbers[2]
        m.salaryMax = numbers[3]
        return m
    }

    private mutating func conflict() -> FieldConflict? {
        var field: String?, values: [FieldConflict.Value]?
        guard object(Self.conflictKeys, { d, key in
            switch key {
            case 0: field = d.string(); return field != nil
            case 1: values = d.array { $0.conflictValue() }; return values != nil
            default: return d.skipValue()
            }
        }), let field, let values else { return nil }
        return FieldConflict(field: field, values: values)
    }

    private mutating func conflictValue() -> FieldConflict.Value? {
        var text: [String?] = [nil, nil, nil]
        guard object(Self.conflictValueKeys, { d, key in
            guard key >= 0 else { return d.skipValue() }
            text[key] = d.string()
            return text[key] != nil
        }), let source = text[0], let id = text[1], let value = text[2] else { return nil }
        return FieldConflict.Value(source: source, sourceRecordId: id, value: value)
    }

    /// `{ "key": "value", ... }` with keys as `rawKey` reads them.
    private mutating func stringMap() -> [String: String]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var map: [String: String] = [:]
        if take(UInt8(ascii: "}")) { return map }
        repeat {
            guard let key = rawKey(), take(UInt8(ascii: ":")), let value = string() else { return nil }
            map[String(decoding: key, as: UTF8.self)] = value
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? map : nil
    }

    // MARK: JSON

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// `{ "key": value, ... }`, calling `member` positioned at each value with the key's position in
    /// `keys`, or -1 for another key. Gives up on a key with an escape or a non-ASCII byte (none of
    /// ours has one; JSONDecoder decodes and judges it).
    private mutating func object(_ keys: KeyTable, _ member: (inout VacancyLineDecoder, Int) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = rawKey(), take(UInt8(ascii: ":")), member(&self, keys.index(of: key)) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// A key's bytes between its quotes, or nil when it has an escape or a non-ASCII byte.
    private mutating func rawKey() -> UnsafeRawBufferPointer? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)])
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 { return nil }
            index += 1
        }
        return nil
    }

    private mutating func array<T>(_ element: (inout VacancyLineDecoder) -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var values: [T] = []
        if take(UInt8(ascii: "]")) { return values }
        repeat {
            guard let value = element(&self) else { return nil }
            values.append(value)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? values : nil
    }

    private mutating func null() -> Bool { literal("null") }

    private mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    private mutating func number() -> Double? {
        skipSpace()
        let start = index
        while index < bytes.count, let byte = Optional(bytes[index]),
              (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
              || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
        }
        guard index > start else { return nil }
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            // ASCII is valid UTF-8 as it is: decoding it skips the generic validating initialiser.
            return Self.isASCII(raw) ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            case 0..<0x20: return nil
            default: out.append(byte)
            }
        }
        return nil
    }

    /// No byte has its high bit set (eight bytes a step).
    static func isASCII(_ raw: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var any: UInt64 = 0
        while index + 8 <= raw.count {
            any |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < raw.count {
            any |= UInt64(raw[index])
            index += 1
        }
        return any & 0x8080_8080_8080_8080 == 0
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` for a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high) }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
        index += 2
        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Skips any value (an unknown key's).
    private mutating func skipValue() -> Bool {
        switch peek() {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object(Self.noKeys) { decoder, _ in decoder.skipValue() }
        case UInt8(ascii: "["): return array { decoder -> Bool? in decoder.skipValue() ? true : nil } != nil
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        case UInt8(ascii: "n"): return null()
        default: return number() != nil
        }
    }
}

extension VacancyLineDecoder {
    static let noKeys = KeyTable([])

    /// Known keys, looked up by their bytes (by length, then compared) without building a String.
    struct KeyTable: Sendable {
        private let names: [[UInt8]]
        /// Positions in `names` by length.
        private let byLength: [[Int]]

        init(_ names: [String]) {
            self.names = names.map { Array($0.utf8) }
            var byLength = [[Int]](repeating: [], count: (self.names.map(\.count).max() ?? 0) + 1)
            for (position, name) in self.names.enumerated() { byLength[name.count].append(position) }
            self.byLength = byLength
        }

        /// The key's position in the names, or -1.
        func index(of key: UnsafeRawBufferPointer) -> Int {
            guard key.count < byLength.count else { return -1 }
            for position in byLength[key.count] where names[position].withUnsafeBytes({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }) {
                return position
            }
            return -1
        }
    }
}
