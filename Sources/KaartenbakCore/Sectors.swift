import Foundation

/// The sector lanes regional employer service points work in (the four "branchestraten" of the regional
/// plans, and the other sectors such a plan names), and which ISCO-08 groups fall in each: the bundled
/// `Resources/sectors.tsv`, explained line by line in docs/sectors.md.
public struct Sectors: Sendable {
    public struct Sector: Sendable, Equatable {
        /// A stable id ("techniek_logistiek").
        public var id: String
        /// Its Dutch label ("Techniek & logistiek").
        public var label: String
    }

    /// The lanes, in the order reports list them.
    public let all: [Sector]
    /// ISCO code prefix (1 to 4 digits) → sector id; the longest prefix of a code decides.
    public let prefixes: [String: String]
    /// Every four-digit unit group's sector, filled in once: a lookup is one dictionary hit.
    private let unitGroups: [String: String]

    public static let bundled: Sectors = {
        guard let url = Bundle.module.url(forResource: "sectors", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return Sectors(tsv: "") }
        return Sectors(tsv: text)
    }()

    public init(tsv text: String) {
        var all: [Sector] = []
        var prefixes: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t").map(String.init)
            guard columns.count >= 3 else { continue }
            switch columns[0] {
            case "sector": all.append(Sector(id: columns[1], label: columns[2]))
            case "isco": prefixes[columns[1]] = columns[2]
            default: continue
            }
        }
        self.all = all
        self.prefixes = prefixes
        var unitGroups: [String: String] = [:]
        for number in 0..<10_000 {
            let code = String(number).leftPadded(to: 4)
            if let sector = Self.longestPrefix(code, prefixes) { unitGroups[code] = sector }
        }
        self.unitGroups = unitGroups
    }

    static func longestPrefix(_ code: String, _ prefixes: [String: String]) -> String? {
        for length in stride(from: min(code.count, 4), through: 1, by: -1) {
            if let sector = prefixes[String(code.prefix(length))] { return sector }
        }
        return nil
    }

    /// The sector of an ISCO-08 code (a unit group, or a shorter group's code); nil for none.
    public func sector(isco: String?) -> String? {
        guard let isco else { return nil }
        return unitGroups[isco] ?? Self.longestPrefix(isco, prefixes)
    }

    /// The sector of a vacancy: its unit group's, or, when the classifier abstained, the one sector all
    /// its candidates share ("chauffeur": a truck or a van driver, techniek & logistiek either way).
    public func sector(isco: String?, candidates: [String]) -> String? {
        if let isco { return sector(isco: isco) }
        guard let first = candidates.first, let sector = sector(isco: first) else { return nil }
        return candidates.dropFirst().allSatisfy({ self.sector(isco: $0) == sector }) ? sector : nil
    }

    /// The label of a sector id (the id itself for one not in the table).
    public func label(of id: String) -> String { all.first { $0.id == id }?.label ?? id }
}

extension String {
    func leftPadded(to length: Int) -> String { count >= length ? self : String(repeating: "0", count: length - count) + self }
}
