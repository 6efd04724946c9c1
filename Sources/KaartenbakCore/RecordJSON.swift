import Foundation

/// The stages' NDJSON lines written by hand, byte for byte what `JSONEncoder` with `NDJSONWriter`'s
/// settings (sorted keys, slashes as they are) writes: files of earlier runs stay comparable and
/// reruns give the same bytes (`RecordJSONTests` checks every field against the encoder). The
/// encoder built a tree of boxed values for every record; at a million records a night it was the
/// largest single cost of parsing and normalising.
public enum RecordJSON {
    /// A normalised vacancy, as the normalise stage writes it.
    public static func encode(_ v: Vacancy) -> [UInt8] {
        var out = JSONBytes()
        out.bytes.reserveCapacity(768 + (v.description?.utf8.count ?? 0))
        out.open("{")
        out.field("closingDate", v.closingDate)
        out.key("coding")
        coding(v.coding, into: &out)
        out.field("contract", v.contract)
        out.field("datePosted", v.datePosted)
        out.field("description", v.description)
        out.field("education", v.education)
        out.field("employer", v.employer)
        out.field("employerKey", v.employerKey)
        out.field("hoursMax", v.hoursMax)
        out.field("hoursMin", v.hoursMin)
        out.field("location", v.location)
        out.field("normalisedTitle", v.normalisedTitle)
        out.field("place", v.place)
        if let placement = v.placement {
            out.key("placement")
            self.placement(placement, into: &out)
        }
        out.field("postcode", v.postcode)
        out.field("province", v.province)
        out.field("publisher", v.publisher.rawValue)
        out.field("region", v.region)
        out.field("repost", v.repost)
        out.field("salaryMax", v.salaryMax)
        out.field("salaryMin", v.salaryMin)
        out.field("salaryPeriod", v.salaryPeriod)
        out.field("schedule", v.schedule)
        if let signals = v.signals {
            out.key("signals")
            self.signals(signals, into: &out)
        }
        out.field("source", v.source)
        out.field("sourceRecordId", v.sourceRecordId)
        out.field("title", v.title)
        out.field("url", v.url)
        out.close("}")
        return out.bytes
    }

    /// A raw record, as the parse stage writes it: `fields` maps each field's name to its texts.
    public static func encode(_ record: RawRecord) -> [UInt8] {
        var out = JSONBytes()
        out.bytes.reserveCapacity(256 + record.values.reduce(0) { $0 + $1.text.utf8.count })
        out.open("{")
        out.key("fields")
        out.open("{")
        // The fields in order of their names, each with its texts in feed order.
        var fields: [(name: String, texts: [String])] = []
        for value in record.values {
            if let index = fields.firstIndex(where: { $0.name == value.field.rawValue }) {
                fields[index].texts.append(value.text)
            } else {
                fields.append((value.field.rawValue, [value.text]))
            }
        }
        for field in fields.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            out.key(field.name)
            out.open("[")
            for text in field.texts { out.element(text) }
            out.close("]")
        }
        out.close("}")
        out.field("location", record.location)
        out.field("source", record.source)
        out.close("}")
        return out.bytes
    }

    public static func coding(_ coding: OccupationCoding, into out: inout JSONBytes) {
        out.open("{")
        out.field("ambiguous", coding.ambiguous)
        out.key("candidates")
        candidates(coding.candidates, into: &out)
        out.field("confidence", coding.confidence)
        out.field("isco", coding.isco)
        out.field("occupation", coding.occupation)
        out.field("occupationLabel", coding.occupationLabel)
        out.key("reasons")
        out.open("[")
        for reason in coding.reasons { out.element(reason) }
        out.close("]")
        out.close("}")
    }

    public static func placement(_ p: Placement, into out: inout JSONBytes) {
        out.open("{")
        out.field("basis", p.basis.rawValue)
        out.field("municipality", p.municipality)
        out.field("municipalityCode", p.municipalityCode)
        out.field("note", p.note)
        out.field("province", p.province)
        out.field("region", p.region)
        out.field("regionNumber", p.regionNumber)
        out.close("}")
    }

    public static func signals(_ list: [WorkSignal], into out: inout JSONBytes) {
        out.open("[")
        for signal in list {
            out.open("{")
            out.field("evidence", signal.evidence)
            out.field("signal", signal.signal.rawValue)
            out.close("}")
        }
        out.close("]")
    }

    public static func conflicts(_ list: [FieldConflict], into out: inout JSONBytes) {
        out.open("[")
        for conflict in list {
            out.open("{")
            // The field's name is a value here: it is written as the catalogue names the field, like the keys.
            out.field("field", out.snakeCaseKeys ? JSONBytes.snakeCased(conflict.field) : conflict.field)
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
    }

    public static func candidates(_ list: [OccupationCandidate], into out: inout JSONBytes) {
        out.open("[")
        for candidate in list {
            out.open("{")
            out.field("isco", candidate.isco)
            out.field("label", candidate.label)
            out.field("occupation", candidate.occupation)
            out.field("score", candidate.score)
            out.close("}")
        }
        out.close("]")
    }
}

// MARK: reading

extension RecordJSON {
    /// A normalised vacancy's line, or nil to fall back to `JSONDecoder`; with `withoutFindings` its placement
    /// and signals are passed over (left nil).
    public static func decodeVacancy(_ line: UnsafeRawBufferPointer, withoutFindings: Bool = false) -> Vacancy? {
        var reader = JSONLineReader(line)
        guard let vacancy = reader.vacancyObject(withoutFindings: withoutFindings), reader.atEnd() else { return nil }
        return vacancy
    }

    /// `decodeVacancy`, then `JSONDecoder` when it gave up.
    public static func decodeVacancy(_ line: UnsafeRawBufferPointer, fallback: JSONDecoder, withoutFindings: Bool = false) throws -> Vacancy {
        if let vacancy = decodeVacancy(line, withoutFindings: withoutFindings) { return vacancy }
        return try fallback.decode(Vacancy.self, from: Data(line))
    }

    /// A raw record's line, or nil to fall back to `JSONDecoder`.
    public static func decodeRawRecord(_ line: UnsafeRawBufferPointer) -> RawRecord? {
        var reader = JSONLineReader(line)
        guard let record = reader.rawRecordObject(), reader.atEnd() else { return nil }
        return record
    }

    /// The string fields, in the order of `Fields.text`.
    public static let textKeys = [
        "source", "sourceRecordId", "publisher", "region", "title", "normalisedTitle", "description", "descriptionHTML",
        "employer", "employerKey", "place", "postcode", "province", "datePosted", "closingDate", "salaryPeriod",
        "contract", "schedule", "education", "url", "location",
    ]
    public static let numberKeys = ["hoursMin", "hoursMax", "salaryMin", "salaryMax"]
    /// Where "description" is in `textKeys`. "descriptionHTML" follows it: lines written before the
    /// vacancy stopped carrying the markup have it, and it is passed over.
    static let descriptionKey = 6
    /// A vacancy's keys: the text fields, the numbers, then "coding", "repost", "placement" and "signals".
    public static let vacancyKeys = JSONLineReader.KeyTable(textKeys + numberKeys + ["coding", "repost", "placement", "signals"])
    public static let placementKeys = JSONLineReader.KeyTable(["basis", "municipality", "municipalityCode", "note", "province", "region", "regionNumber"])
    public static let signalKeys = JSONLineReader.KeyTable(["evidence", "signal"])
    public static let codingKeys = JSONLineReader.KeyTable(["isco", "occupation", "occupationLabel", "confidence", "ambiguous", "reasons", "candidates"])
    public static let candidateKeys = JSONLineReader.KeyTable(["isco", "occupation", "label", "score"])

    public static let rawRecordKeys = JSONLineReader.KeyTable(["source", "location", "fields"])
}

extension JSONLineReader {
    /// A vacancy object; with `withoutTexts` its description and HTML description are passed over
    /// (left nil): for readers that need every other field of many records (publish reads a
    /// night's members for their sources and codings, and their texts are most of their bytes).
    /// With `withoutFindings` its placement and signals are passed over: the dedupe stage's features need neither.
    public mutating func vacancyObject(withoutTexts: Bool = false, withoutFindings: Bool = false) -> Vacancy? {
        // Fields by position in `vacancyKeys` rather than in dictionaries: no key strings, no hashing.
        var text = [String?](repeating: nil, count: RecordJSON.textKeys.count)
        var numbers: [Double?] = [nil, nil, nil, nil]
        var coding: OccupationCoding?
        var repost: Bool?
        var placement: Placement?
        var signals: [WorkSignal]?
        let firstNumber = RecordJSON.textKeys.count, codingKey = firstNumber + RecordJSON.numberKeys.count, repostKey = codingKey + 1
        let placementKey = repostKey + 1, signalsKey = repostKey + 2
        guard object(RecordJSON.vacancyKeys, { d, key in
            switch key {
            case placementKey:
                if withoutFindings { return d.skipValue() }
                if d.null() { return true }
                placement = d.placement()
                return placement != nil
            case signalsKey:
                if withoutFindings { return d.skipValue() }
                if d.null() { return true }
                signals = d.array { $0.workSignal() }
                return signals != nil
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
                guard d.peek() == UInt8(ascii: "\"") else { return false }
                if key == RecordJSON.descriptionKey + 1 || (withoutTexts && key == RecordJSON.descriptionKey) { return d.skipString() }
                guard let value = d.string() else { return false }
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
        v.placement = placement
        v.signals = signals
        return v
    }

    public mutating func placement() -> Placement? {
        var text = [String?](repeating: nil, count: 6)
        var number: Int?
        guard object(RecordJSON.placementKeys, { d, key in
            switch key {
            case 0..<6:
                if d.null() { return true }
                guard let value = d.string() else { return false }
                text[key] = value
                return true
            case 6:
                if d.null() { return true }
                guard let value = d.number(), let whole = Int(exactly: value) else { return false }
                number = whole
                return true
            default:
                return d.skipValue()
            }
        }), let basis = text[0].flatMap(Placement.Basis.init(rawValue:)) else { return nil }
        return Placement(municipalityCode: text[2], municipality: text[1], province: text[4], regionNumber: number,
                         region: text[5], basis: basis, note: text[3])
    }

    public mutating func workSignal() -> WorkSignal? {
        var evidence: String?, signal: SignalKind?
        guard object(RecordJSON.signalKeys, { d, key in
            switch key {
            case 0: evidence = d.string(); return evidence != nil
            case 1: signal = d.string().flatMap(SignalKind.init(rawValue:)); return signal != nil
            default: return d.skipValue()
            }
        }), let evidence, let signal else { return nil }
        return WorkSignal(signal, evidence: evidence)
    }

    public mutating func occupationCoding() -> OccupationCoding? {
        var coding = OccupationCoding()
        var seen = 0 // bit per key of `codingKeys`
        guard object(RecordJSON.codingKeys, { d, key in
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

    public mutating func candidate() -> OccupationCandidate? {
        var isco: String?, occupation: String?, label: String?, score: Double?
        guard object(RecordJSON.candidateKeys, { d, key in
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

    /// `{"fields": {"name": ["text", …], …}, "location": …, "source": …}`, the fields in order of their names as
    /// `RawRecord`'s decoder orders them. A `descriptionHTML` member (files of earlier runs) is passed over.
    public mutating func rawRecordObject() -> RawRecord? {
        var source: String?, location: String?
        var values: [RawRecord.Value]?
        guard object(RecordJSON.rawRecordKeys, { d, key in
            switch key {
            case 0: source = d.string(); return source != nil
            case 1: location = d.string(); return location != nil
            case 2:
                guard d.take(UInt8(ascii: "{")) else { return false }
                var fields: [(VacancyField, [String])] = []
                if !d.take(UInt8(ascii: "}")) {
                    repeat {
                        guard let name = d.rawKey(), let field = VacancyField(rawValue: String(decoding: name, as: UTF8.self)),
                              d.take(UInt8(ascii: ":")), let texts = d.array({ $0.string() }) else { return false }
                        fields.append((field, texts))
                    } while d.take(UInt8(ascii: ","))
                    guard d.take(UInt8(ascii: "}")) else { return false }
                }
                values = fields.sorted(by: { $0.0 < $1.0 }).flatMap { field, texts in texts.map { RawRecord.Value(field, $0) } }
                return true
            default:
                return d.skipValue()
            }
        }), let source, let location, let values else { return nil }
        return RawRecord(source: source, location: location, values: values)
    }
}
