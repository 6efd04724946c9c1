import Foundation
import KaartenbakCore

/// Scores the scanner on a labelled set (fixtures/eval/signals: `id, text` and a 0/1 column per signal).
public enum SignalEvaluation {
    public struct Case: Sendable {
        public var id: String
        public var text: String
        public var expected: Set<SignalKind>
    }

    public struct Counts: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public init() {}
        public var positives: Int { truePositives + falseNegatives }
        /// Nil when the scanner said yes to nothing.
        public var precision: Double? {
            truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
        }
        public var recall: Double? { positives == 0 ? nil : Double(truePositives) / Double(positives) }
    }

    public struct Failure: Sendable {
        public var id: String
        public var signal: SignalKind
        /// True: found but not labelled; false: labelled but not found.
        public var falsePositive: Bool
        public var text: String
        public var evidence: String?
    }

    /// The deliberate hard negatives of a signal (rows written to probe it, labelled 0): how many, and how many the rules
    /// found wrongly.
    public struct HardNegatives: Sendable, Equatable {
        public var tagged = 0
        public var foundWrongly = 0
        public init() {}
    }

    public struct Report: Sendable {
        public var cases: Int
        public var counts: [SignalKind: Counts]
        public var failures: [Failure]
        /// Per signal, when the set's hard-negatives file was read.
        public var hardNegatives: [SignalKind: HardNegatives]? = nil
    }

    /// The letters of the hard-negatives files (fixtures/eval/signals/README.md): p l d e f n, the signals in column order.
    static let letters: [Character: SignalKind] = ["p": .participation, "l": .learnWhileWorking, "d": .noDiploma, "e": .noExperience,
                                                   "f": .flexibleHours, "n": .dutchNotRequired]

    /// A hard-negatives file (`id<TAB>letters`, a header line): the signals each row was written to probe, as a 0 label.
    public static func parseHardNegatives(tsv: String, file: String) throws -> [String: Set<SignalKind>] {
        var tags: [String: Set<SignalKind>] = [:]
        for (offset, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            guard offset > 0, !line.isEmpty, !line.hasPrefix("#") else { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 2 else {
                throw KaartenbakError(.parse, "a hard-negatives row needs 2 tab-separated columns (id, letters); it has \(columns.count)",
                                      at: Location(file: file, line: offset + 1))
            }
            var kinds: Set<SignalKind> = []
            for letter in columns[1] {
                guard let kind = letters[letter] else {
                    throw KaartenbakError(.parse, "'\(letter)' is no signal letter (p l d e f n)", at: Location(file: file, line: offset + 1))
                }
                kinds.insert(kind)
            }
            tags[String(columns[0]), default: []].formUnion(kinds)
        }
        return tags
    }

    /// The hard negatives scored on their own: each tagged row's signal found or not. A tag on a row the set does not have,
    /// or on a signal the row is labelled 1 for, contradicts the set and is an error.
    public static func scoreHardNegatives(_ tags: [String: Set<SignalKind>], cases: [Case], report: Report, file: String) throws -> [SignalKind: HardNegatives] {
        let byId = Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var wrong: Set<String> = []
        for failure in report.failures where failure.falsePositive { wrong.insert(failure.id + "\t" + failure.signal.rawValue) }
        var scores = Dictionary(uniqueKeysWithValues: SignalKind.allCases.map { ($0, HardNegatives()) })
        for (id, kinds) in tags.sorted(by: { $0.key < $1.key }) {
            guard let item = byId[id] else {
                throw KaartenbakError(.parse, "the hard negative \(id) is not a row of the labelled set", at: Location(file: file))
            }
            for kind in kinds {
                if item.expected.contains(kind) {
                    throw KaartenbakError(.parse, "\(id) is tagged a hard negative for \(kind.rawValue) but labelled 1", at: Location(file: file))
                }
                scores[kind]?.tagged += 1
                if wrong.contains(id + "\t" + kind.rawValue) { scores[kind]?.foundWrongly += 1 }
            }
        }
        return scores
    }

    /// The rows of a labelled TSV; the header names the columns (any order after `id` and `text`).
    public static func parse(tsv: String, file: String) throws -> [Case] {
        var lines = tsv.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first?.split(separator: "\t").map(String.init) else {
            throw KaartenbakError(.parse, "the labelled file is empty", at: Location(file: file))
        }
        guard let idColumn = header.firstIndex(of: "id"), let textColumn = header.firstIndex(of: "text") else {
            throw KaartenbakError(.parse, "the header needs the columns id and text; it has \(header.joined(separator: ", "))", at: Location(file: file, line: 1))
        }
        let signalColumns = SignalKind.allCases.compactMap { kind in header.firstIndex(of: kind.rawValue).map { (kind, $0) } }
        guard !signalColumns.isEmpty else {
            throw KaartenbakError(.parse, "the header names no signal column (\(SignalKind.allCases.map(\.rawValue).joined(separator: ", ")))",
                                  at: Location(file: file, line: 1))
        }
        var cases: [Case] = []
        for (offset, line) in lines.dropFirst().enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == header.count else {
                throw KaartenbakError(.parse, "a row needs \(header.count) tab-separated columns; it has \(columns.count)",
                                      at: Location(file: file, line: offset + 2))
            }
            var expected: Set<SignalKind> = []
            for (kind, column) in signalColumns {
                switch columns[column] {
                case "1": expected.insert(kind)
                case "0": break
                default:
                    throw KaartenbakError(.parse, "\(kind.rawValue) must be 0 or 1, not '\(columns[column])'", at: Location(file: file, line: offset + 2))
                }
            }
            cases.append(Case(id: columns[idColumn], text: columns[textColumn], expected: expected))
        }
        return cases
    }

    public static func run(_ cases: [Case], scanner: SignalScanner = SignalScanner()) -> Report {
        var counts = Dictionary(uniqueKeysWithValues: SignalKind.allCases.map { ($0, Counts()) })
        var failures: [Failure] = []
        for item in cases {
            let found = scanner.scan(item.text)
            let said = Dictionary(found.map { ($0.signal, $0.evidence) }, uniquingKeysWith: { first, _ in first })
            for kind in SignalKind.allCases {
                switch (said[kind] != nil, item.expected.contains(kind)) {
                case (true, true): counts[kind]?.truePositives += 1
                case (true, false):
                    counts[kind]?.falsePositives += 1
                    failures.append(Failure(id: item.id, signal: kind, falsePositive: true, text: item.text, evidence: said[kind]))
                case (false, true):
                    counts[kind]?.falseNegatives += 1
                    failures.append(Failure(id: item.id, signal: kind, falsePositive: false, text: item.text, evidence: nil))
                case (false, false): break
                }
            }
        }
        return Report(cases: cases.count, counts: counts, failures: failures)
    }
}
