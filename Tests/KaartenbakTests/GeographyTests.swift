import Foundation
import KaartenbakCore
import Logging
import Normalisation
@testable import DedupeTooling
@testable import Deduplication
import Testing

/// Placing vacancies with the bundled geography table (derived from GeoNames and the UWV regions) and with a
/// table `kaartenbak geo import` rebuilt after a merger.
@Suite("Geography")
struct GeographyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var postcode: String?
        var place: String?
        var region: String?
        var municipality: String?
        var regionNumber: Int?
        var basis: Placement.Basis
        /// Words the note must hold (why a field is empty, or how a doubt was settled).
        var note: [String] = []
        var testDescription: String { "\(postcode ?? "-") / \(place ?? "-") / \(region ?? "-")" }
    }

    static let geography = Geography.bundled

    @Test(arguments: [
        // A postcode in one municipality.
        Case(postcode: "4811 AB", place: nil, region: nil, municipality: "0758", regionNumber: 28, basis: .postcode),
        Case(postcode: "4264", place: "Veen", region: nil, municipality: "0738", regionNumber: 28, basis: .postcode),
        // A postcode outside the table: the place decides, and the note says why the postcode did not.
        Case(postcode: "1000 AA", place: "Breda", region: nil, municipality: "0758", regionNumber: 28, basis: .place,
             note: ["postcode 1000 is not in the table"]),
        Case(postcode: "1000 AA", place: nil, region: "West-Brabant", municipality: nil, regionNumber: 28, basis: .sourceRegion,
             note: ["postcode 1000 is not in the table"]),
        Case(postcode: "ABCD", place: nil, region: nil, municipality: nil, regionNumber: nil, basis: .unresolved,
             note: ["not a Dutch postcode"]),
        // A place name found in one municipality only.
        Case(postcode: nil, place: "Zundert", region: nil, municipality: "0879", regionNumber: 28, basis: .place),
        Case(postcode: nil, place: "Oudenbosch", region: "Zeeland", municipality: "1655", regionNumber: 28, basis: .place),
        // A place name in municipalities of two regions: the source's region decides, or nothing does.
        Case(postcode: nil, place: "Broekhuizen", region: "Noord-Limburg", municipality: "1507", regionNumber: 31,
             basis: .placeInSourceRegion, note: ["2 municipalities", "decides"]),
        Case(postcode: nil, place: "Broekhuizen", region: "West-Brabant", municipality: nil, regionNumber: 28, basis: .sourceRegion,
             note: ["Horst aan de Maas (1507)", "Meppel (0119)", "does not decide"]),
        Case(postcode: nil, place: "Broekhuizen", region: nil, municipality: nil, regionNumber: nil, basis: .unresolved,
             note: ["2 municipalities"]),
        // A place name in three municipalities of one region: no municipality, but the region.
        Case(postcode: nil, place: "Nes", region: nil, municipality: nil, regionNumber: 2, basis: .place,
             note: ["3 municipalities", "all in region Friesland"]),
        // The town named as its municipality, unless the source's region says otherwise.
        Case(postcode: nil, place: "Hoorn", region: nil, municipality: "0405", regionNumber: 3, basis: .place,
             note: ["municipality of that name"]),
        Case(postcode: nil, place: "Hoorn", region: "Friesland", municipality: "0093", regionNumber: 2, basis: .placeInSourceRegion),
        // A postcode in two municipalities, decided by the place or the source's region.
        Case(postcode: "2014 AB", place: "Overveen", region: nil, municipality: "0377", regionNumber: 8, basis: .postcode,
             note: ["the place 'Overveen' decides"]),
        Case(postcode: "7933", place: "Pesse", region: "Drenthe", municipality: "0118", regionNumber: 4, basis: .postcode,
             note: ["the source's region Drenthe decides"]),
        // Names people use and what ads add to a place.
        Case(postcode: nil, place: "Den Haag", region: nil, municipality: "0518", regionNumber: 20, basis: .place),
        Case(postcode: nil, place: "Breda e.o.", region: nil, municipality: "0758", regionNumber: 28, basis: .place),
        Case(postcode: nil, place: "SÚDWEST-FRYSLÂN", region: nil, municipality: "1900", regionNumber: 2, basis: .place),
        // Nothing to go on.
        Case(postcode: nil, place: nil, region: nil, municipality: nil, regionNumber: nil, basis: .unresolved, note: ["no postcode or place"]),
    ])
    func placement(_ c: Case) {
        let placement = Self.geography.placement(postcode: c.postcode, place: c.place, sourceRegion: c.region)
        #expect(placement.municipalityCode == c.municipality)
        #expect(placement.regionNumber == c.regionNumber)
        #expect(placement.basis == c.basis)
        if let code = c.municipality {
            #expect(placement.municipality == Self.geography.municipalities[code]?.name)
            #expect(placement.province == Self.geography.municipalities[code]?.province)
        }
        if c.regionNumber != nil { #expect(placement.region == Self.geography.regions[c.regionNumber!]) }
        for words in c.note { #expect(placement.note?.contains(words) == true, "\(placement.note ?? "no note") lacks \(words)") }
    }

    @Test(arguments: [("West-Brabant", 28), ("regio west-brabant", 28), ("Arbeidsmarktregio West-Brabant", 28), ("AM28", 28),
                      ("am 5", 5), ("28", 28), ("Gooi- en Vechtstreek", 12)] as [(String, Int)])
    func regionOfASourceDefinition(_ text: String, _ number: Int) {
        #expect(Self.geography.regionNumber(of: text) == number)
    }

    @Test(arguments: ["Nowhere", "99", "AM", ""])
    func unknownRegionsAreNotGuessed(_ text: String) {
        #expect(Self.geography.regionNumber(of: text) == nil)
    }

    /// The bundled table is the one the import writes from ../shared's reference files.
    @Test func bundledTableIsTheImportOfTheReferenceFiles() throws {
        guard let shared = sharedDirectory else { return } // ../shared absent: nothing to compare with
        let folder = shared.appendingPathComponent("reference/geo")
        let (text, summary) = try GeographyImport.build(postcodes: folder.appendingPathComponent("geonames_pc4_nl.tsv").path,
                                                        regions: folder.appendingPathComponent("labour_market_regions.tsv").path)
        let bundled = try String(contentsOf: packageRoot.appendingPathComponent("Sources/KaartenbakCore/Resources/places.tsv"), encoding: .utf8)
        #expect(text == bundled)
        #expect(summary.municipalities == 388 && summary.regions == 35)
    }

    // MARK: - A merger, as data

    /// Three municipalities that merged into Altena (2019), as the 2017 GeoNames file still has them, and
    /// a regions file that lists Altena with the codes it replaces.
    static func writeMergerReference(into folder: TemporaryDirectory, listSuccessor: Bool = true) throws -> (String, String) {
        let postcodes = """
            NL\t4264\tVeen\tNoord-Brabant\t06\tAalburg\t0738\t\t\t51.77\t5.10
            NL\t4261\tWijk en Aalburg\tNoord-Brabant\t06\tAalburg\t0738\t\t\t51.75\t5.13
            NL\t4251\tWerkendam\tNoord-Brabant\t06\tWerkendam\t0870\t\t\t51.81\t4.89
            NL\t4285\tWoudrichem\tNoord-Brabant\t06\tWoudrichem\t0874\t\t\t51.81\t5.00
            NL\t4811\tBreda\tNoord-Brabant\t06\tBreda\t0758\t\t\t51.59\t4.78
            BE\t2000\tAntwerpen\tVlaanderen\tVLG\tAntwerpen\t11002\t\t\t51.2\t4.4

            """
        var regions = """
            # municipality\tmunicipality_code\tprovince\tregion_number\tregion_name\treplaces
            Breda\t0758\tNoord-Brabant\t28\tWest-Brabant

            """
        if listSuccessor { regions += "Altena\t1959\tNoord-Brabant\t28\tWest-Brabant\t0738, 0870,0874\n" }
        let pc4Path = folder.path + "/geonames.tsv", regionsPath = folder.path + "/regions.tsv"
        try postcodes.write(toFile: pc4Path, atomically: true, encoding: .utf8)
        try regions.write(toFile: regionsPath, atomically: true, encoding: .utf8)
        return (pc4Path, regionsPath)
    }

    @Test func aMergedMunicipalityIsADataChange() throws {
        let folder = try TemporaryDirectory()
        let (pc4, regions) = try Self.writeMergerReference(into: folder)
        let data = folder.path + "/data"
        let result = try CLI.run(["geo", "import", pc4, regions, "--data-dir", data])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("5 postcodes") && result.stdout.contains("3 former municipalities under their successors"))
        #expect(result.stdout.contains("1 lines skipped"))

        let geography = try Geography.load(dataDirectory: data)
        #expect(geography.version != Geography.bundled.version)
        // A postcode, a place and the old municipality's own name all lead to the successor.
        for (postcode, place) in [("4264 AB", nil), (nil, "Woudrichem"), (nil, "Aalburg"), (nil, "Werkendam")] as [(String?, String?)] {
            let placement = geography.placement(postcode: postcode, place: place, sourceRegion: nil)
            #expect(placement.municipalityCode == "1959" && placement.municipality == "Altena", "\(postcode ?? place ?? "")")
            #expect(placement.regionNumber == 28 && placement.region == "West-Brabant")
        }
        #expect(geography.placement(postcode: nil, place: "Aalburg", sourceRegion: nil).note?.contains("former municipality") == true)

        // The normaliser of a run reads the imported table (the pipeline passes `Geography.load(dataDirectory:)`).
        let normaliser = Normaliser(coder: TableCoder(), geography: geography, logger: Logger(label: "test"))
        let source = SourceDefinition(name: "s", publisher: .employer, region: nil, url: "x.csv", format: .csv, fields: [:])
        let record = RawRecord(source: "s", location: "line 2", fields: [.id: ["1"], .title: ["Monteur"], .postcode: ["4251 AA"]])
        let vacancy = try #require(normaliser.normalise(record, source: source))
        #expect(vacancy.placement?.municipalityCode == "1959")
        #expect(vacancy.placement?.basis == .postcode)
    }

    @Test func aPostcodeWhoseMunicipalityNobodyListsFailsTheImport() throws {
        let folder = try TemporaryDirectory()
        let (pc4, regions) = try Self.writeMergerReference(into: folder, listSuccessor: false)
        let data = folder.path + "/data"
        let result = try CLI.run(["geo", "import", pc4, regions, "--data-dir", data])
        #expect(result.status == 4)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains("municipality 0738 (Aalburg) of postcode 4264 is not in"))
        // Nothing was written: the next run still uses the bundled table.
        #expect(!FileManager.default.fileExists(atPath: Geography.importedPath(dataDirectory: data)))
        #expect(try Geography.load(dataDirectory: data).version == Geography.bundled.version)
    }

    @Test func geoPlaceExplainsItsAnswer() throws {
        let result = try CLI.run(["geo", "place", "--place", "Broekhuizen", "--region", "Noord-Limburg"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Horst aan de Maas (1507)"))
        #expect(result.stdout.contains("place_in_source_region"))
        #expect(try CLI.run(["geo", "place"]).status == 64)
    }
}

/// A generated national set (every town of the country) is placed: its postcodes are real ones of its towns.
@Suite("Geography of a generated national set")
struct GeneratedGeographyTests {
    @Test func everyPostcodeAndEveryUniquePlaceIsPlaced() {
        var settings = SyntheticVacancies.Settings()
        settings.sources = 6
        settings.seed = 11
        settings.worldRecords = 540_000 // the country's output in the span: all of its towns
        let generator = SyntheticVacancies(settings: settings)
        #expect(generator.world.towns == 340)
        let records = generator.generate(vacancies: 3000).records
        let geography = Geography.bundled
        var withPostcode = 0, placedByPostcode = 0, uniquePlaceOnly = 0, placedByPlace = 0
        var municipalities = Set<String>()
        for record in records {
            let placement = geography.placement(postcode: record.postcode, place: record.place, sourceRegion: nil)
            if let code = placement.municipalityCode { municipalities.insert(code) }
            if record.postcode != nil {
                withPostcode += 1
                if placement.municipalityCode != nil && placement.regionNumber != nil { placedByPostcode += 1 }
            } else if let place = record.place, geography.municipalitiesOfPlace[Geography.key(place)]?.count == 1 {
                uniquePlaceOnly += 1
                if placement.municipalityCode != nil && placement.regionNumber != nil { placedByPlace += 1 }
            }
        }
        #expect(withPostcode > 1000 && uniquePlaceOnly > 300)
        #expect(Double(placedByPostcode) >= 0.99 * Double(withPostcode), "\(placedByPostcode) of \(withPostcode)")
        #expect(placedByPlace == uniquePlaceOnly)
        #expect(municipalities.count > 250, "a national set spans the country: \(municipalities.count) municipalities")
    }
}
