import Foundation

/// The Dutch names of the ISCO-08 groups, for `isco_label` beside every `isco` code the catalogue speaks (bundled
/// as Resources/isco-groups-nl.tsv, derived from ESCO (© European Union, CC BY 4.0) by scripts/isco-labels.py).
public struct IscoGroups: Sendable {
    /// Code (1 to 4 digits) → Dutch label.
    public let labels: [String: String]

    /// The bundled table, read once.
    public static let bundled: IscoGroups = {
        guard let url = Bundle.module.url(forResource: "isco-groups-nl", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            return IscoGroups(tsv: "")
        }
        return IscoGroups(tsv: text)
    }()

    public init(tsv text: String) {
        var labels: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", maxSplits: 1)
            guard columns.count == 2 else { continue }
            labels[String(columns[0])] = String(columns[1])
        }
        self.labels = labels
    }

    /// The Dutch name of an ISCO-08 code ("8332" → "Vrachtwagenchauffeurs"); nil for none or an unknown code.
    public func label(of code: String?) -> String? {
        code.flatMap { labels[$0] }
    }
}
