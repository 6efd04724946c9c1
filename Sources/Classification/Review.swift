import Foundation
import KaartenbakCore

/// The review loop's queue: vacancies the classifier was unsure about, grouped by cleaned title.
public struct ReviewGroup: Sendable, Equatable {
    /// Cleaned title text shared by the group.
    public var title: String
    public var count: Int
    /// How many of them were abstentions (the rest were decided with low confidence).
    public var ambiguous: Int
    /// Candidates over the group, best first; each score the candidate's average share of the evidence (0 to 1).
    public var candidates: [OccupationCandidate]
    /// One original title, as an example.
    public var example: String
    /// Why the classifier was unsure: the reasons most of the group's codings give, in their order.
    public var reason: String = ""
}

public enum ReviewQueue {
    /// Groups unsure codings (ambiguous, or confidence below `threshold`) by cleaned title, largest group first.
    public static func groups(_ items: [(title: String, coding: OccupationCoding)], threshold: Double = 0.7) -> [ReviewGroup] {
        var byTitle: [String: ReviewGroup] = [:]
        var scores: [String: [String: (OccupationCandidate, Double)]] = [:]
        var reasons: [String: [String: Int]] = [:]
        for item in items where item.coding.ambiguous || item.coding.isco == nil || item.coding.confidence < threshold {
            let key = TitleCleaner.clean(item.title).text
            var group = byTitle[key] ?? ReviewGroup(title: key, count: 0, ambiguous: 0, candidates: [], example: item.title)
            group.count += 1
            if item.coding.isco == nil { group.ambiguous += 1 }
            byTitle[key] = group
            if !item.coding.reasons.isEmpty { reasons[key, default: [:]][item.coding.reasons.joined(separator: "; "), default: 0] += 1 }
            for c in item.coding.candidates {
                let previous = scores[key, default: [:]][c.occupation]?.1 ?? 0
                scores[key, default: [:]][c.occupation] = (c, previous + max(c.score, 0.01))
            }
        }
        return byTitle.values.map { group in
            var group = group
            group.candidates = (scores[group.title] ?? [:]).values
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.occupation < $1.0.occupation }
                .prefix(5).map { var c = $0.0; c.score = ($0.1 / Double(group.count) * 100).rounded() / 100; return c }
            group.reason = (reasons[group.title] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key ?? ""
            return group
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.title < $1.title }
    }

    /// Appends an operator's decision to the overrides file (created with a header when missing).
    public static func appendOverride(_ override: Override, to path: String, taxonomy: Taxonomy) throws {
        guard taxonomy.occupation(id: override.occupationId) != nil else {
            throw KaartenbakError(.usage, taxonomy.unknownOccupationMessage(override.occupationId))
        }
        let clean: (String) -> String = { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        guard !clean(override.titlePattern).trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KaartenbakError(.usage, "the title pattern is empty")
        }
        var text = ""
        if !FileManager.default.fileExists(atPath: path) {
            text = "# Operator decisions from `kaartenbak review`: title pattern (cleaned title; * at the end matches more),\n"
                + "# optional evidence word in title or description, occupation id. Applied before the classifier.\n"
        }
        text += "\(clean(override.titlePattern))\t\(clean(override.evidence ?? ""))\t\(override.occupationId)\n"
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            if let handle = FileHandle(forWritingAtPath: path) {
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(text.utf8))
            } else {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
        } catch {
            throw KaartenbakError(.io, "cannot write the overrides file", at: Location(file: path), cause: error)
        }
    }
}
