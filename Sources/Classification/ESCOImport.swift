import Foundation
import KaartenbakCore

/// What an ESCO import did.
public struct ImportSummary: Sendable, Equatable {
    /// ESCO occupations read (rows with a usable ISCO group).
    public var occupations: Int
    /// Distinct (label, ISCO group) pairs written.
    public var labels: Int
    /// Rows skipped, with no or a malformed ISCO group.
    public var skipped: Int
    /// Where the labels were written.
    public var path: String
    /// Content version of the written labels (part of `Taxonomy.version`).
    public var version: String
}

/// Imports ESCO's occupations CSV (as published: conceptType, conceptUri, iscoGroup, preferredLabel,
/// altLabels, hiddenLabels, ...) into the data directory, where `Taxonomy.load` picks it up.
public enum ESCOImport {
    static func directory(_ dataDirectory: String) -> String { dataDirectory + "/taxonomy" }
    /// `<data dir>/taxonomy/esco.tsv`: label, ISCO group, preferred label; one line per label.
    public static func labelsPath(dataDirectory: String) -> String { directory(dataDirectory) + "/esco.tsv" }

    /// Writes the labels of an ESCO occupations CSV (its rows as the project's CSV reader, `CSVTable`, reads them;
    /// `path` is the file they came from) into `dataDirectory`.
    public static func importRows(_ rows: [[String]], from path: String, into dataDirectory: String) throws -> ImportSummary {
        let (labels, occupations, skipped) = try extractLabels(rows: rows, file: path)
        var out = "# ESCO occupation labels imported by `kaartenbak taxonomy import-esco` from \((path as NSString).lastPathComponent)\n"
        out += "# label\tiscoGroup\tpreferredLabel (ESCO, CC BY 4.0, European Commission)\n"
        for label in labels { out += "\(label.label)\t\(label.isco)\t\(label.preferredLabel)\n" }
        let target = labelsPath(dataDirectory: dataDirectory)
        do {
            try FileManager.default.createDirectory(atPath: directory(dataDirectory), withIntermediateDirectories: true)
            // Write then rename, so a reader never sees half a file.
            let temporary = target + ".tmp"
            try Data(out.utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
        } catch {
            throw KaartenbakError(.io, "cannot write imported ESCO labels", at: Location(file: target), cause: error)
        }
        return ImportSummary(occupations: occupations, labels: labels.count, skipped: skipped, path: target,
                             version: Taxonomy.hex(TextTokens.hash(out)))
    }

    /// The labels of an ESCO occupations CSV, sorted and without duplicates.
    static func extractLabels(rows: [[String]], file: String) throws -> (labels: [ESCOLabel], occupations: Int, skipped: Int) {
        guard let header = rows.first else {
            throw KaartenbakError(.parse, "the ESCO file is empty", at: Location(file: file))
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "") }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let isco = column("iscoGroup"), let preferred = column("preferredLabel") else {
            throw KaartenbakError(.parse, "the ESCO file needs the columns iscoGroup and preferredLabel; found \(names.joined(separator: ", "))",
                                  at: Location(file: file, line: 1))
        }
        let alt = column("altLabels"), hidden = column("hiddenLabels"), type = column("conceptType")
        var seen = Set<ESCOLabel>()
        var occupations = 0, skipped = 0
        for row in rows.dropFirst() {
            guard row.count > max(isco, preferred) else { if row.count > 1 { skipped += 1 }; continue }
            if let type, row.count > type, !row[type].isEmpty, row[type] != "Occupation" { skipped += 1; continue }
            let group = row[isco].trimmingCharacters(in: .whitespaces)
            guard group.count == 4, group.allSatisfy(\.isNumber) else { skipped += 1; continue }
            occupations += 1
            let preferredLabel = clean(row[preferred])
            var labels = [preferredLabel]
            for c in [alt, hidden].compactMap({ $0 }) where row.count > c {
                labels += row[c].split(whereSeparator: \.isNewline).map { clean(String($0)) }
            }
            for label in labels where !label.isEmpty {
                seen.insert(ESCOLabel(label: label, isco: group, preferredLabel: preferredLabel))
            }
        }
        let sorted = seen.sorted { ($0.label, $0.isco) < ($1.label, $1.isco) }
        return (sorted, occupations, skipped)
    }

    static func clean(_ label: String) -> String {
        label.replacingOccurrences(of: "\t", with: " ").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Parses the file written by `importCSV`.
    static func parseLabels(_ text: String) -> [ESCOLabel] {
        text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 2 else { return nil }
            return ESCOLabel(label: String(f[0]), isco: String(f[1]), preferredLabel: f.count > 2 ? String(f[2]) : String(f[0]))
        }
    }
}
