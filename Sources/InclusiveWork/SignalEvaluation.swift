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

    public struct Report: Sendable {
        public var cases: Int
        public var counts: [SignalKind: Counts]
        public var failures: [Failure]
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
