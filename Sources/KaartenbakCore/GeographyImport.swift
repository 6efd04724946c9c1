import Foundation

/// Builds the geography table from the two reference files, so that a municipal merger is a change of data:
///
///   geonames_pc4_nl.tsv        GeoNames postal codes of the Netherlands (CC BY 4.0, https://www.geonames.org):
///                              country, pc4, place, province, province code, municipality, municipality code, ...
///   labour_market_regions.tsv  the 35 labour-market regions per municipality (annex of the UWV decree on work
///                              areas): municipality, municipality code, province, region number, region name,
///                              and, optionally, the codes the municipality replaces (comma-separated)
///
/// A municipality that merged is written under its successor when the regions file lists the old code in
/// the successor's sixth column (GeoNames' postcodes then need not be newer than the merger); its old name is
/// kept in the table's 8th column, so that an ad naming it still finds the successor. A postcode whose
/// municipality the regions file neither lists nor has replaced fails the import: it would be placed nowhere.
public enum GeographyImport {
    public struct Summary: Sendable, Equatable {
        public var postcodes = 0
        public var places = 0
        public var municipalities = 0
        public var regions = 0
        /// Former municipalities written under their successor.
        public var merged = 0
        /// Rows of the postcode file that were not Dutch postcodes (another country, a short line).
        public var skipped = 0
    }

    struct RegionRow {
        var name: String
        var code: String
        var province: String
        var number: String
        var regionName: String
    }

    /// The table's text and what it holds.
    public static func build(postcodes pc4Path: String, regions regionsPath: String) throws -> (text: String, summary: Summary) {
        let pc4Text = try read(pc4Path, what: "postcode file")
        let regionsText = try read(regionsPath, what: "labour-market regions file")
        var regions: [String: RegionRow] = [:]
        var successor: [String: String] = [:]
        for (index, line) in regionsText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let at = Location(file: regionsPath, line: index + 1)
            guard columns.count >= 5 else {
                throw KaartenbakError(.parse, "a line needs municipality, code, province, region number and region name (tab-separated); it has \(columns.count) columns", at: at)
            }
            guard isMunicipalityCode(columns[1]) else {
                throw KaartenbakError(.parse, "municipality code '\(columns[1])' is not four digits", at: at)
            }
            guard let number = Int(columns[3]), number > 0 else {
                throw KaartenbakError(.parse, "region number '\(columns[3])' of \(columns[0]) is not a positive number", at: at)
            }
            if let earlier = regions[columns[1]] {
                throw KaartenbakError(.parse, "municipality code \(columns[1]) is listed twice (\(earlier.name) and \(columns[0]))", at: at)
            }
            regions[columns[1]] = RegionRow(name: columns[0], code: columns[1], province: columns[2], number: String(number),
                                            regionName: columns[4])
            if columns.count >= 6 {
                for old in columns[5].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !old.isEmpty {
                    guard isMunicipalityCode(old) else {
                        throw KaartenbakError(.parse, "former municipality code '\(old)' of \(columns[0]) is not four digits", at: at)
                    }
                    successor[old] = columns[1]
                }
            }
        }
        guard !regions.isEmpty else {
            throw KaartenbakError(.parse, "the labour-market regions file lists no municipality", at: Location(file: regionsPath))
        }

        var summary = Summary()
        var out = """
            # Places of the Netherlands by four-digit postcode, written by `kaartenbak geo import` from GeoNames
            # (https://www.geonames.org, CC BY 4.0) and the labour-market regions of the UWV decree on work areas.
            # pc4\tplace\tmunicipality_code\tmunicipality\tprovince\tregion_number\tregion_name\tformer_municipality

            """
        var pc4s = Set<String>(), places = Set<String>(), used = Set<String>(), merged = Set<String>()
        for (index, line) in pc4Text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 7, columns[0] == "NL", Geography.pc4(columns[1]) != nil, columns[1].count == 4 else {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { summary.skipped += 1 }
                continue
            }
            let (pc4, place, oldName, oldCode) = (columns[1], columns[2], columns[5], columns[6])
            var former = ""
            var code = oldCode
            if regions[code] == nil, let newer = successor[code] {
                code = newer
                former = oldName
                merged.insert(oldCode)
            }
            guard let region = regions[code] else {
                throw KaartenbakError(.parse, "municipality \(oldCode) (\(oldName)) of postcode \(pc4) is not in \(regionsPath): list it, or name it under its successor's sixth column (the codes it replaces)",
                                      at: Location(file: pc4Path, line: index + 1))
            }
            var row = [pc4, place, region.code, region.name, region.province, region.number, region.regionName]
            if !former.isEmpty { row.append(former) } // the 8th column only where there was a merger
            out += row.joined(separator: "\t") + "\n"
            pc4s.insert(pc4)
            places.insert(Geography.key(place))
            used.insert(region.code)
        }
        summary.postcodes = pc4s.count
        summary.places = places.count
        summary.municipalities = used.count
        summary.regions = Set(used.compactMap { regions[$0]?.number }).count
        summary.merged = merged.count
        guard summary.postcodes > 0 else {
            throw KaartenbakError(.parse, "the postcode file has no Dutch postcode (GeoNames layout: NL, pc4, place, province, province code, municipality, municipality code, ...)",
                                  at: Location(file: pc4Path))
        }
        return (out, summary)
    }

    /// Builds the table and writes it to `path` (write, then rename: a night never reads half a table).
    @discardableResult
    public static func write(postcodes: String, regions: String, to path: String) throws -> Summary {
        let (text, summary) = try build(postcodes: postcodes, regions: regions)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try DurableFiles.write(Data(text.utf8), to: path)
        } catch let error as KaartenbakError {
            throw error
        } catch {
            throw KaartenbakError(.io, "cannot write the geography table", at: Location(file: path), cause: error)
        }
        return summary
    }

    static func isMunicipalityCode(_ text: String) -> Bool { text.utf8.count == 4 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    static func read(_ path: String, what: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KaartenbakError(.io, "cannot read the \(what)", at: Location(file: path), cause: error)
        }
    }
}
