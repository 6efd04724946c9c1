import Classification
import Foundation
import KaartenbakCore
import Testing

/// The sector lanes: every occupation the classifier can answer falls in one, and docs/sectors.md documents
/// exactly the mapping the code uses.
@Suite("Sectors")
struct SectorTests {
    @Test func everyUnitGroupOfTheTaxonomyHasALane() throws {
        let taxonomy = try Taxonomy.builtIn()
        let lanes = Set(Sectors.bundled.all.map(\.id))
        for occupation in taxonomy.occupations {
            let sector = try #require(Sectors.bundled.sector(isco: occupation.isco), "\(occupation.isco) \(occupation.id)")
            #expect(lanes.contains(sector))
        }
    }

    /// With ../shared: every ISCO-08 unit group ESCO names (all 436) has a lane.
    @Test func everyISCOUnitGroupHasALane() throws {
        guard let shared = sharedDirectory else { return } // ../shared absent
        let text = try String(contentsOf: shared.appendingPathComponent("reference/esco/isco_groups_nl.csv"), encoding: .utf8)
        let codes = text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line -> String? in
            let code = line.split(separator: ",").first.map(String.init)?.trimmingCharacters(in: CharacterSet(charactersIn: "\"C "))
            return code.flatMap { $0.count == 4 && $0.allSatisfy(\.isNumber) ? $0 : nil }
        }
        #expect(codes.count > 400)
        for code in codes { #expect(Sectors.bundled.sector(isco: code) != nil, "\(code)") }
    }

    @Test(arguments: [("8332", "techniek_logistiek"), ("7112", "bouw"), ("5120", "horeca_detailhandel"), ("9112", "schoonmaak_zorg"),
                      ("3221", "schoonmaak_zorg"), ("6113", "groen"), ("2341", "onderwijs"), ("2512", "ict"), ("4110", "zakelijke_dienstverlening"),
                      ("5414", "overheid"), ("3422", "cultuur_recreatie"), ("9621", "techniek_logistiek"), ("83", "techniek_logistiek")])
    func unitGroups(_ isco: String, _ sector: String) {
        #expect(Sectors.bundled.sector(isco: isco) == sector)
    }

    /// An abstention whose candidates share a lane still has it ("chauffeur": truck or van, logistics either way).
    @Test func candidatesThatAgreeGiveTheLane() {
        #expect(Sectors.bundled.sector(isco: nil, candidates: ["8322", "8332"]) == "techniek_logistiek")
        #expect(Sectors.bundled.sector(isco: nil, candidates: ["8322", "5120"]) == nil)
        #expect(Sectors.bundled.sector(isco: nil, candidates: []) == nil)
    }

    /// docs/sectors.md lists every lane with its label and every line of the mapping.
    @Test func documentedMappingIsTheOneUsed() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/sectors.md"), encoding: .utf8)
        var documented: [String: String] = [:]
        for line in doc.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            let prefix = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let sector = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            if prefix.allSatisfy(\.isNumber) { documented[prefix] = sector }
        }
        #expect(documented == Sectors.bundled.prefixes)
        for sector in Sectors.bundled.all { #expect(doc.contains("`\(sector.id)`") && doc.contains(sector.label), "\(sector.id)") }
    }
}
