import ArgumentParser
import Foundation
import KaartenbakCore

/// `kaartenbak geo`: the geography table that places vacancies in municipalities and labour-market regions.
public struct GeoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "geo",
        abstract: "The geography table: postcodes and places to municipalities, provinces and labour-market regions.",
        subcommands: [GeoImportCommand.self, GeoPlaceCommand.self])
    public init() {}
}

/// `kaartenbak geo import POSTCODES REGIONS`: rebuilds the table from the two reference files.
public struct GeoImportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Rebuild the geography table from GeoNames' postcodes and the labour-market regions file.",
        discussion: """
            POSTCODES is GeoNames' postal codes of the Netherlands (NL.txt, or geonames_pc4_nl.tsv); REGIONS lists each \
            municipality's labour-market region (municipality, code, province, region number, region name, and optionally \
            the codes of the municipalities it replaces). The table is written to <data dir>/geo/places.tsv, which every \
            later run uses instead of the bundled one, and places every record again. When municipalities merge, update \
            REGIONS (the successor with the old codes in its sixth column) and import again: docs/geography.md.
            """)

    @OptionGroup var data: DataDirOptions
    @Argument(help: "GeoNames postal codes of the Netherlands (tab-separated).") var postcodes: String
    @Argument(help: "Labour-market regions per municipality (tab-separated).") var regions: String
    @Option(help: "Write the table here instead of <data dir>/geo/places.tsv (e.g. Sources/KaartenbakCore/Resources/places.tsv).")
    var out: String?

    public init() {}

    public func run() throws {
        do {
            let path = out ?? Geography.importedPath(dataDirectory: data.path)
            let summary = try GeographyImport.write(postcodes: postcodes, regions: regions, to: path)
            var line = "wrote \(path): \(summary.postcodes) postcodes, \(summary.places) places, \(summary.municipalities) municipalities in \(summary.regions) labour-market regions"
            if summary.merged > 0 { line += "; \(summary.merged) former municipalities under their successors" }
            if summary.skipped > 0 { line += "; \(summary.skipped) lines skipped (not a Dutch postcode)" }
            print(line)
        } catch {
            throw commandFailure(error)
        }
    }
}

/// `kaartenbak geo place`: where the table places a postcode, place and source region, and why.
public struct GeoPlaceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Show where a postcode and place name are placed (municipality, province, region) and why.")

    @OptionGroup var data: DataDirOptions
    @Option(help: "A postcode (4811 AB, or its four digits).") var postcode: String?
    @Option(help: "A place name as an ad writes it.") var place: String?
    @Option(help: "The source's region, as its definition writes it (West-Brabant, AM28).") var region: String?

    public init() {}

    public func validate() throws {
        if postcode == nil && place == nil && region == nil { throw ValidationError("give --postcode, --place or --region") }
    }

    public func run() throws {
        do {
            let geography = try Geography.load(dataDirectory: data.path)
            let p = geography.placement(postcode: postcode, place: place, sourceRegion: region)
            print("municipality  \(p.municipality.map { "\($0) (\(p.municipalityCode ?? "?"))" } ?? "-")")
            print("province      \(p.province ?? "-")")
            print("region        \(p.region.map { "\(p.regionNumber.map { "\($0) " } ?? "")\($0)" } ?? "-")")
            print("basis         \(p.basis.rawValue)")
            if let note = p.note { print("note          \(note)") }
        } catch {
            throw commandFailure(error)
        }
    }
}
