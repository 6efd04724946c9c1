import KaartenbakCore

/// One labelled title for evaluation.
public struct LabelledCase: Sendable, Equatable {
    public enum Expectation: Sendable, Equatable {
        /// Any of these ISCO unit groups is right.
        case codes([String])
        /// The right answer is to abstain; these are the plausible groups.
        case abstain([String])
    }
    public var id: String
    public var expect: Expectation
    public var title: String
    public var description: String?
    public var employer: String?
}

/// The figures `kaartenbak classify --evaluate` prints.
public struct EvaluationReport: Sendable {
    public struct Counts: Sendable, Equatable {
        public var cases = 0
        public var decided = 0
        public var correct = 0
        public var wrong = 0
        public var mustAbstain = 0
        public var abstainedWhenRequired = 0
        /// Share of all cases decided.
        public var coverage: Double { cases == 0 ? 0 : Double(decided) / Double(cases) }
        /// Share of decided cases that are right.
        public var accuracy: Double { decided == 0 ? 0 : Double(correct) / Double(decided) }
        /// Wrong answers as a share of all cases.
        public var wrongRate: Double { cases == 0 ? 0 : Double(wrong) / Double(cases) }
        /// Share of must-abstain cases where the classifier abstained.
        public var abstention: Double { mustAbstain == 0 ? 0 : Double(abstainedWhenRequired) / Double(mustAbstain) }
    }
    public struct Failure: Sendable {
        public var id: String
        public var title: String
        public var expected: String
        public var got: String
        public var reasons: [String]
    }
    public var all = Counts()
    /// Cases whose expected groups fall in the driver and delivery group.
    public var drivers = Counts()
    /// Driver group: expected label ("8332" or "abstain") → predicted ISCO or "-" for abstentions → count.
    public var confusion: [String: [String: Int]] = [:]
    public var failures: [Failure] = []
}

/// Reads labelled TSV files and scores a classifier on them.
public enum Evaluation {
    /// One of the two halves of a labelled set: settings are chosen on `tune` and reported on `test`.
    public enum Half: String, Sendable, CaseIterable {
        case tune, test
    }

    /// The half a case belongs to, by its title as written in the file: the top bit of the title's 64-bit FNV-1a
    /// hash (0: tune, 1: test). A hash of the title, not the line number, so that a case stays in its half when
    /// lines are added, removed or reordered; the top bit, because FNV-1a's lowest bit is only the parity of the
    /// title's odd bytes.
    public static func half(of c: LabelledCase) -> Half {
        TextTokens.hash(c.title) >> 63 == 0 ? .tune : .test
    }

    /// ISCO unit groups of driving, delivery and the freight work next to it.
    public static let driverGroup: Set<String> = ["8321", "8322", "8331", "8332", "8341", "8344", "8311", "9331", "9621", "9333", "4321", "4412"]

    /// Parses `id, expect, title, description, employer` rows; `#` lines are comments.
    /// `expect` is an ISCO code, alternatives joined by `|`, or `ambiguous:8322,8332`.
    public static func parse(tsv: String, file: String) throws -> [LabelledCase] {
        var cases: [LabelledCase] = []
        for (n, raw) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else {
                throw KaartenbakError(.parse, "a labelled row needs at least id, expect and title", at: Location(file: file, line: n + 1))
            }
            let expect: LabelledCase.Expectation
            if f[1].hasPrefix("ambiguous:") {
                expect = .abstain(f[1].dropFirst("ambiguous:".count).split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
            } else {
                let codes = f[1].split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }
                guard !codes.isEmpty, codes.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isNumber) }) else {
                    throw KaartenbakError(.parse, "expect '\(f[1])' is not an ISCO code, codes joined by '|', or ambiguous:codes",
                                          at: Location(file: file, line: n + 1))
                }
                expect = .codes(codes)
            }
            func optional(_ i: Int) -> String? { f.count > i && !f[i].isEmpty ? f[i] : nil }
            cases.append(LabelledCase(id: f[0], expect: expect, title: f[2], description: optional(3), employer: optional(4)))
        }
        return cases
    }

    /// Classifies every case and counts.
    public static func run(_ cases: [LabelledCase], classifier: OccupationClassifier) -> EvaluationReport {
        var report = EvaluationReport()
        for c in cases {
            let coding = classifier.classify(title: c.title, description: c.description, employer: c.employer)
            let codes: [String]
            let mustAbstain: Bool
            switch c.expect {
            case .codes(let list): codes = list; mustAbstain = false
            case .abstain(let list): codes = list; mustAbstain = true
            }
            let isDriver = codes.contains(where: driverGroup.contains)
            func count(_ counts: inout EvaluationReport.Counts) {
                counts.cases += 1
                if mustAbstain { counts.mustAbstain += 1 }
                if let isco = coding.isco {
                    counts.decided += 1
                    if !mustAbstain && codes.contains(isco) { counts.correct += 1 } else { counts.wrong += 1 }
                } else if mustAbstain {
                    counts.abstainedWhenRequired += 1
                }
            }
            count(&report.all)
            if isDriver {
                count(&report.drivers)
                let row = mustAbstain ? "abstain" : codes[0]
                report.confusion[row, default: [:]][coding.isco ?? "-", default: 0] += 1
            }
            let right = mustAbstain ? coding.isco == nil : coding.isco.map(codes.contains) ?? false
            if !right {
                let expected = mustAbstain ? "abstain (\(codes.joined(separator: ",")))" : codes.joined(separator: "|")
                let got = coding.isco.map { "\($0) \(coding.occupation ?? "")" }
                    ?? "abstain [\(coding.candidates.prefix(3).map(\.isco).joined(separator: ","))]"
                report.failures.append(.init(id: c.id, title: c.title, expected: expected, got: got, reasons: coding.reasons))
            }
        }
        return report
    }
}
