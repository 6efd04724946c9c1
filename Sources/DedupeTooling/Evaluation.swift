import Foundation
import Deduplication
import KaartenbakCore

/// One line of a labelled set: a vacancy and the id of the real vacancy it belongs to.
///
/// The format (fixtures/dedupe/README.md): NDJSON, one `Vacancy` per line with an extra `"cluster"`
/// key. For hand-written sets the decoding is lenient: `normalisedTitle` defaults to `title`,
/// `publisher` to employer, `location` to the line, and `coding` may be given flat as `"isco"` and
/// `"occupation"`.
public struct LabelledRecord: Sendable, Equatable {
    public var vacancy: Vacancy
    /// Truth label; nil when the line has none.
    public var cluster: String?

    public init(vacancy: Vacancy, cluster: String?) {
        self.vacancy = vacancy
        self.cluster = cluster
    }
}

extension LabelledRecord: Codable {
    private enum Keys: String, CodingKey {
        case source, sourceRecordId, publisher, region, title, normalisedTitle, coding, isco, occupation
        case description, employer, employerKey, place, postcode, province, datePosted
        case closingDate, hoursMin, hoursMax, salaryMin, salaryMax, salaryPeriod, contract, schedule
        case education, url, location, cluster
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let title = try c.decode(String.self, forKey: .title)
        var coding = try c.decodeIfPresent(OccupationCoding.self, forKey: .coding) ?? OccupationCoding()
        if let isco = try c.decodeIfPresent(String.self, forKey: .isco) { coding.isco = isco }
        if let occupation = try c.decodeIfPresent(String.self, forKey: .occupation) { coding.occupation = occupation }
        var v = Vacancy(
            source: try c.decode(String.self, forKey: .source),
            sourceRecordId: try c.decode(String.self, forKey: .sourceRecordId),
            publisher: try c.decodeIfPresent(PublisherKind.self, forKey: .publisher) ?? .employer,
            region: try c.decodeIfPresent(String.self, forKey: .region),
            title: title,
            normalisedTitle: try c.decodeIfPresent(String.self, forKey: .normalisedTitle) ?? title,
            coding: coding,
            location: try c.decodeIfPresent(String.self, forKey: .location) ?? "")
        v.description = try c.decodeIfPresent(String.self, forKey: .description)
        v.employer = try c.decodeIfPresent(String.self, forKey: .employer)
        v.employerKey = try c.decodeIfPresent(String.self, forKey: .employerKey)
        v.place = try c.decodeIfPresent(String.self, forKey: .place)
        v.postcode = try c.decodeIfPresent(String.self, forKey: .postcode)
        v.province = try c.decodeIfPresent(String.self, forKey: .province)
        v.datePosted = try c.decodeIfPresent(String.self, forKey: .datePosted)
        v.closingDate = try c.decodeIfPresent(String.self, forKey: .closingDate)
        v.hoursMin = try c.decodeIfPresent(Double.self, forKey: .hoursMin)
        v.hoursMax = try c.decodeIfPresent(Double.self, forKey: .hoursMax)
        v.salaryMin = try c.decodeIfPresent(Double.self, forKey: .salaryMin)
        v.salaryMax = try c.decodeIfPresent(Double.self, forKey: .salaryMax)
        v.salaryPeriod = try c.decodeIfPresent(String.self, forKey: .salaryPeriod)
        v.contract = try c.decodeIfPresent(String.self, forKey: .contract)
        v.schedule = try c.decodeIfPresent(String.self, forKey: .schedule)
        v.education = try c.decodeIfPresent(String.self, forKey: .education)
        v.url = try c.decodeIfPresent(String.self, forKey: .url)
        vacancy = v
        cluster = try c.decodeIfPresent(String.self, forKey: .cluster)
    }

    /// Writes the vacancy's own keys plus `"cluster"`.
    public func encode(to encoder: any Encoder) throws {
        try vacancy.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(cluster, forKey: .cluster)
    }
}

/// Reads labelled sets.
public enum LabelledSet {
    /// Every line of `path`; `#` lines and blank lines are skipped. Errors name the file and line.
    /// A record without a `"cluster"` label is an error unless `truth` (member key → label) has it.
    public static func load(_ path: String, truth: [String: String] = [:]) throws -> [LabelledRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw KaartenbakError(missing ? .notFound : .io, missing ? "no such labelled set" : "cannot read labelled set", at: Location(file: path))
        }
        let decoder = JSONDecoder()
        var records: [LabelledRecord] = []
        for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let text = line.drop { $0 == 0x20 || $0 == 0x09 }
            if text.isEmpty || text.first == UInt8(ascii: "#") { continue }
            let at = Location(file: path, line: number + 1)
            var record: LabelledRecord
            do { record = try decoder.decode(LabelledRecord.self, from: Data(text)) } catch {
                throw KaartenbakError(.parse, "not a labelled vacancy: \(error)", at: at)
            }
            if record.vacancy.location.isEmpty { record.vacancy.location = "line \(number + 1)" }
            if let label = truth[Deduplicator.memberKey(record.vacancy)] { record.cluster = label }
            guard record.cluster != nil else {
                throw KaartenbakError(.parse, "record has no \"cluster\" truth label", at: at)
            }
            records.append(record)
        }
        return records
    }

    /// A truth TSV: member key ("source<US>id" or "source<TAB>id") → label, one per line.
    public static func loadTruth(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KaartenbakError(.io, "cannot read truth file", at: Location(file: path))
        }
        var truth: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch parts.count {
            case 2: truth[parts[0]] = parts[1]
            case 3: truth[MemberKey.of(source: parts[0], recordId: parts[1])] = parts[2]
            default:
                throw KaartenbakError(.parse, "expected 'source<TAB>id<TAB>cluster'",
                                      at: Location(file: path, line: number + 1))
            }
        }
        return truth
    }
}

/// Agreement between a predicted clustering and the truth, over the same records.
public struct DedupeEvaluation: Sendable, Codable, Equatable {
    public var records: Int
    public var trueClusters: Int
    public var predictedClusters: Int
    /// Pairs of records put together by both, by the prediction, by the truth.
    public var truePositivePairs: Int
    public var predictedPairs: Int
    public var truePairs: Int
    public var pairPrecision: Double
    public var pairRecall: Double
    public var pairF1: Double
    /// B-cubed: per record, the share of its predicted cluster that is right (precision) and the share
    /// of its true cluster it was put with (recall), averaged over records.
    public var bcubedPrecision: Double
    public var bcubedRecall: Double
    public var bcubedF1: Double
    /// Share of true clusters reproduced exactly.
    public var exactClusterRate: Double

    /// - Parameters: predicted and truth label per record, same order and length.
    public init<P: Hashable, T: Hashable>(predicted: [P], truth: [T]) {
        precondition(predicted.count == truth.count, "one predicted and one true label per record")
        let n = predicted.count
        var predictedSize: [P: Int] = [:], trueSize: [T: Int] = [:]
        var cells: [Cell<P, T>: Int] = [:]
        for index in 0..<n {
            predictedSize[predicted[index], default: 0] += 1
            trueSize[truth[index], default: 0] += 1
            cells[Cell(p: predicted[index], t: truth[index]), default: 0] += 1
        }
        func pairs(_ size: Int) -> Int { size * (size - 1) / 2 }
        records = n
        trueClusters = trueSize.count
        predictedClusters = predictedSize.count
        truePositivePairs = cells.values.reduce(0) { $0 + pairs($1) }
        predictedPairs = predictedSize.values.reduce(0) { $0 + pairs($1) }
        truePairs = trueSize.values.reduce(0) { $0 + pairs($1) }
        pairPrecision = predictedPairs == 0 ? 1 : Double(truePositivePairs) / Double(predictedPairs)
        pairRecall = truePairs == 0 ? 1 : Double(truePositivePairs) / Double(truePairs)
        pairF1 = Self.f1(pairPrecision, pairRecall)
        var precisionSum = 0.0, recallSum = 0.0
        for (cell, count) in cells {
            // Each of the `count` records in this cell scores count/|its cluster|.
            precisionSum += Double(count * count) / Double(predictedSize[cell.p] ?? 1)
            recallSum += Double(count * count) / Double(trueSize[cell.t] ?? 1)
        }
        bcubedPrecision = n == 0 ? 1 : precisionSum / Double(n)
        bcubedRecall = n == 0 ? 1 : recallSum / Double(n)
        bcubedF1 = Self.f1(bcubedPrecision, bcubedRecall)
        let exact = cells.filter { $0.value == trueSize[$0.key.t] && $0.value == predictedSize[$0.key.p] }.count
        exactClusterRate = trueSize.isEmpty ? 1 : Double(exact) / Double(trueSize.count)
    }

    private struct Cell<P: Hashable, T: Hashable>: Hashable {
        var p: P
        var t: T
    }

    static func f1(_ p: Double, _ r: Double) -> Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }

    /// Clusters `records` and compares with their labels.
    public static func evaluate(_ records: [LabelledRecord], with deduplicator: Deduplicator) -> DedupeEvaluation {
        let groups = deduplicator.clusterIndices(records.map(\.vacancy))
        var predicted = [Int](repeating: -1, count: records.count)
        for (group, members) in groups.enumerated() { for index in members { predicted[index] = group } }
        return DedupeEvaluation(predicted: predicted, truth: records.map { $0.cluster ?? "" })
    }

    /// A few lines for people.
    public var report: String {
        func f(_ value: Double) -> String { String(format: "%.4f", value) }
        return """
        records              \(records)
        true clusters        \(trueClusters)
        predicted clusters   \(predictedClusters)
        pairs                true \(truePairs), predicted \(predictedPairs), correct \(truePositivePairs)
        pairwise             precision \(f(pairPrecision))  recall \(f(pairRecall))  F1 \(f(pairF1))
        B-cubed              precision \(f(bcubedPrecision))  recall \(f(bcubedRecall))  F1 \(f(bcubedF1))
        exact clusters       \(f(exactClusterRate))
        """
    }
}
