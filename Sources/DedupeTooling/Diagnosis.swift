import Deduplication
import KaartenbakCore

/// Why a clustering disagrees with its truth: every missed pair (same vacancy, put apart) and every
/// false pair (put together, different vacancies) counted by the kind of pair and by the step that
/// decided it. For tuning and for the evaluation report; it re-runs the clustering step by step, so it
/// costs about one more deduplication.
///
/// Kinds are read from the records, as the generator writes them: the two publishers, whether a side
/// hides the employer ("hidden"), whether the cleaned titles differ ("title variant"). For false pairs
/// the truth labels say more: the generator labels a job posted for several towns "t12-0", "t12-1", ...
/// and its repost after closing "t12-r".
public struct DedupeDiagnosis: Sendable {
    /// (kind, reason) → pairs.
    public var missed: [String: [String: Int]] = [:]
    public var falsePairs: [String: [String: Int]] = [:]
    /// Reason → the first few missed pairs it decided (positions in the records as given), to read when tuning.
    public var missedExamples: [String: [(Int, Int)]] = [:]
    static let examplesPerReason = 5

    /// - Parameters: records and their truth labels, same order and length.
    public init(records: [Vacancy], truth: [String], settings: DedupeSettings) {
        precondition(records.count == truth.count, "one truth label per record")
        let steps = DedupeSteps(records: records, settings: settings)
        let order = steps.order, groups = steps.groups
        var groupOf = [Int](repeating: 0, count: records.count)
        for (group, members) in groups.enumerated() { for member in members { groupOf[member] = group } }
        let label = order.map { truth[$0] }
        let vacancy = { (sorted: Int) in records[order[sorted]] }
        func reason(_ a: Int, _ b: Int, together: Bool) -> String { steps.reason(a, b, together: together) }

        var byLabel: [String: [Int]] = [:]
        for index in label.indices { byLabel[label[index], default: []].append(index) }
        for members in byLabel.values {
            for i in members.indices {
                for j in members.indices where j > i && groupOf[members[i]] != groupOf[members[j]] {
                    let (a, b) = (members[i], members[j])
                    let why = reason(a, b, together: false)
                    missed[Self.kind(vacancy(a), vacancy(b)), default: [:]][why, default: 0] += 1
                    if missedExamples[why, default: []].count < Self.examplesPerReason {
                        missedExamples[why, default: []].append((order[a], order[b]))
                    }
                }
            }
        }
        for members in groups {
            for i in members.indices {
                for j in members.indices where j > i && label[members[i]] != label[members[j]] {
                    let (a, b) = (members[i], members[j])
                    let kind = Self.relation(label[a], label[b]) + ", " + Self.kind(vacancy(a), vacancy(b))
                    falsePairs[kind, default: [:]][reason(a, b, together: true), default: 0] += 1
                }
            }
        }
    }

    /// "agency+employer, hidden, title variant".
    static func kind(_ a: Vacancy, _ b: Vacancy) -> String {
        var parts = [[a.publisher.rawValue, b.publisher.rawValue].sorted().joined(separator: "+")]
        if DedupeSteps.hidesEmployer(a.employer) || DedupeSteps.hidesEmployer(b.employer) { parts.append("hidden") }
        let titles = [a.normalisedTitle, b.normalisedTitle].map(DedupeSteps.titleKey)
        if titles[0] != titles[1] { parts.append("title variant") }
        return parts.joined(separator: ", ")
    }

    /// How two different generated vacancies relate, from their labels ("t12-3", "t12-r").
    static func relation(_ a: String, _ b: String) -> String {
        func base(_ label: String) -> Substring { label.split(separator: "-").first ?? Substring(label) }
        guard base(a) == base(b) else { return "other vacancy" }
        return a.hasSuffix("-r") || b.hasSuffix("-r") ? "repost" : "same job, other town"
    }

    /// Two tables for people, largest rows first.
    public var report: String {
        func table(_ title: String, _ rows: [String: [String: Int]]) -> String {
            let total = rows.values.reduce(0) { $0 + $1.values.reduce(0, +) }
            var lines = ["\(title) (\(total) pairs):"]
            for (kind, reasons) in rows.sorted(by: { ($0.value.values.reduce(0, +), $1.key) > ($1.value.values.reduce(0, +), $0.key) }) {
                let detail = reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
                lines.append("  \(reasons.values.reduce(0, +))\t\(kind): " + detail.joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        }
        return table("missed pairs by kind", missed) + "\n" + table("false pairs by kind", falsePairs)
    }
}
