import Foundation
import KaartenbakCore

/// Reads the dedupe stage's lines in place with `JSONLineReader`: normalised vacancies (read twice
/// a night by the stage) and the entries publish reads. Each gives up (nil) on anything it does not
/// expect, and the caller falls back to `JSONDecoder`.
enum VacancyLineDecoder {
    /// The vacancy, or nil to fall back to `JSONDecoder`.
    static func decode(_ line: UnsafeRawBufferPointer) -> Vacancy? { RecordJSON.decodeVacancy(line) }

    /// `decode`, then `JSONDecoder` when it gave up.
    static func decode(_ line: UnsafeRawBufferPointer, fallback: JSONDecoder, withoutFindings: Bool = false) throws -> Vacancy {
        try RecordJSON.decodeVacancy(line, fallback: fallback, withoutFindings: withoutFindings)
    }


    /// One line of the dedupe stage's entries, or nil to fall back to `JSONDecoder`.
    static func decodeEntry(_ line: UnsafeRawBufferPointer) -> DedupedVacancy? {
        decodeEntry(line, membersForCatalogue: false)
    }

    /// An entry; with `membersForCatalogue` its members' descriptions, placements and signals are passed over
    /// (left nil): the catalogue takes a member's source, record id, publisher, title, url, province and coding,
    /// and the merged record keeps its own texts, placement and signals.
    static func decodeEntry(_ line: UnsafeRawBufferPointer, membersForCatalogue: Bool) -> DedupedVacancy? {
        var decoder = JSONLineReader(line)
        var id: String?, cluster: VacancyCluster?
        guard decoder.object(VacancyLineDecoder.entryKeys, { d, key in
            switch key {
            case 0:
                id = d.string()
                return id != nil
            case 1:
                cluster = d.cluster(membersForCatalogue: membersForCatalogue)
                return cluster != nil
            default:
                return d.skipValue()
            }
        }), decoder.atEnd(), let id, let cluster else { return nil }
        return DedupedVacancy(id: id, cluster: cluster)
    }

    static let entryKeys = JSONLineReader.KeyTable(["id", "cluster"])
    static let clusterKeys = JSONLineReader.KeyTable(["key", "members", "merged"])
    /// A merged vacancy's string fields, then its numbers, then provenance and conflicts.
    static let mergedTextKeys = [
        "title", "normalisedTitle", "isco", "occupation", "occupationLabel", "employer", "place", "postcode", "region",
        "datePosted", "closingDate", "salaryPeriod", "contract", "schedule", "education", "url", "description", "primarySource",
    ]
    static let mergedKeys = JSONLineReader.KeyTable(mergedTextKeys + RecordJSON.numberKeys + ["provenance", "conflicts", "placement", "signals"])
    static let conflictKeys = JSONLineReader.KeyTable(["field", "values"])
    static let conflictValueKeys = JSONLineReader.KeyTable(["source", "sourceRecordId", "value"])
}

extension JSONLineReader {
    fileprivate mutating func cluster(membersForCatalogue: Bool) -> VacancyCluster? {
        var key: String?, members: [Vacancy]?, merged: MergedVacancy?
        guard object(VacancyLineDecoder.clusterKeys, { d, index in
            switch index {
            case 0: key = d.string(); return key != nil
            case 1:
                members = d.array { $0.vacancyObject(withoutTexts: membersForCatalogue, withoutFindings: membersForCatalogue) }
                return members != nil
            case 2: merged = d.merged(); return merged != nil
            default: return d.skipValue()
            }
        }), let key, let members, let merged else { return nil }
        return VacancyCluster(members: members, merged: merged, key: key)
    }

    fileprivate mutating func merged() -> MergedVacancy? {
        var text = [String?](repeating: nil, count: VacancyLineDecoder.mergedTextKeys.count)
        var numbers: [Double?] = [nil, nil, nil, nil]
        var provenance: [String: String]?, conflicts: [FieldConflict]?
        var placement: Placement?, signals: [WorkSignal]?
        let firstNumber = VacancyLineDecoder.mergedTextKeys.count, provenanceKey = firstNumber + RecordJSON.numberKeys.count
        guard object(VacancyLineDecoder.mergedKeys, { d, key in
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
            case provenanceKey + 2:
                if d.null() { return true }
                placement = d.placement()
                return placement != nil
            case provenanceKey + 3:
                if d.null() { return true }
                signals = d.array { $0.workSignal() }
                return signals != nil
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
        m.placement = placement
        m.signals = signals
        return m
    }

    fileprivate mutating func conflict() -> FieldConflict? {
        var field: String?, values: [FieldConflict.Value]?
        guard object(VacancyLineDecoder.conflictKeys, { d, key in
            switch key {
            case 0: field = d.string(); return field != nil
            case 1: values = d.array { $0.conflictValue() }; return values != nil
            default: return d.skipValue()
            }
        }), let field, let values else { return nil }
        return FieldConflict(field: field, values: values)
    }

    fileprivate mutating func conflictValue() -> FieldConflict.Value? {
        var text: [String?] = [nil, nil, nil]
        guard object(VacancyLineDecoder.conflictValueKeys, { d, key in
            guard key >= 0 else { return d.skipValue() }
            text[key] = d.string()
            return text[key] != nil
        }), let source = text[0], let id = text[1], let value = text[2] else { return nil }
        return FieldConflict.Value(source: source, sourceRecordId: id, value: value)
    }

    /// `{ "key": "value", ... }` with keys as `rawKey` reads them.
    fileprivate mutating func stringMap() -> [String: String]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var map: [String: String] = [:]
        if take(UInt8(ascii: "}")) { return map }
        repeat {
            guard let key = rawKey(), take(UInt8(ascii: ":")), let value = string() else { return nil }
            map[String(decoding: key, as: UTF8.self)] = value
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? map : nil
    }
}
