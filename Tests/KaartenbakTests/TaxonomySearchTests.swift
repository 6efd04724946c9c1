import Foundation
import Testing
@testable import Classification

/// `kaartenbak taxonomy search WORDS` and the nearest ids an unknown occupation id is answered with (issue 22, point 5).
@Suite("Taxonomy search")
struct TaxonomySearchTests {
    /// The rows the command printed: the cells of each line after the header, split on runs of two spaces.
    static func rows(_ stdout: String) -> [[String]] {
        stdout.split(separator: "\n").dropFirst().map { line in
            line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    @Test("The best match is the occupation an operator means, however the words are typed", arguments: [
        ("vrachtwagenchauffeur", "vrachtwagenchauffeur"),            // its id, as written
        ("vrachtwagenchaufeur", "vrachtwagenchauffeur"),             // a letter missing
        ("chauffeur internationaal", "vrachtwagenchauffeur-internationaal"), // a synonym
        ("internationaal chauffeur", "vrachtwagenchauffeur-internationaal"), // and another word order
        ("tanker driver", "tankwagenchauffeur"),                     // the English label
        ("HEFTRUCK", "heftruckchauffeur"),                           // capitals; the start of a compound
        ("maaltijdbezorger-scooter", "maaltijdbezorger-scooter"),    // an id with a hyphen
        ("kok", "kok"),                                              // the short label before longer names holding it
    ])
    func bestMatch(words: String, expected: String) throws {
        let data = try TemporaryDirectory()
        let result = try CLI.run(["taxonomy", "search"] + words.split(separator: " ").map(String.init) + ["--data-dir", data.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("score"), "a header: \(result.stdout)")
        let first = try #require(Self.rows(result.stdout).first)
        #expect(first[1] == "occupation" && first[2] == expected, "\(result.stdout)")
        let taxonomy = try Taxonomy.builtIn()
        #expect(first[3] == taxonomy.occupation(id: expected)?.isco, "its ISCO code")
    }

    @Test func matchesAreRankedBestFirstAndLimited() throws {
        let data = try TemporaryDirectory()
        let result = try CLI.run(["taxonomy", "search", "chauffeur", "--limit", "4", "--data-dir", data.path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = Self.rows(result.stdout)
        #expect(rows.count == 4)
        let scores = rows.compactMap { Double($0[0]) }
        #expect(scores.count == 4 && scores == scores.sorted(by: >), "\(result.stdout)")
    }

    @Test func importedESCOOccupationsAreFoundBesideTheBuiltInOnes() throws {
        let data = try TemporaryDirectory()
        let csv = data.url.appendingPathComponent("occupations_nl.csv")
        try Data(smallESCO.utf8).write(to: csv)
        #expect(try CLI.run(["taxonomy", "import-esco", csv.path, "--data-dir", data.path]).status == 0)
        let result = try CLI.run(["taxonomy", "search", "irrigatie", "hulp", "--data-dir", data.path])
        #expect(result.status == 0, "\(result.stderr)")
        let first = try #require(Self.rows(result.stdout).first)
        // An ESCO occupation has no id an override could name: '-', its preferred label, and the label that matched.
        #expect(first == [first[0], "esco", "-", "9214", "irrigatiemedewerker", "irrigatiehulp"], "\(result.stdout)")

        let without = try CLI.run(["taxonomy", "search", "irrigatie", "hulp", "--data-dir", try TemporaryDirectory().path])
        #expect(without.stdout.hasPrefix("no occupation matches 'irrigatie hulp' (no ESCO labels imported"), "\(without.stdout)")
    }

    @Test func noWordsIsAUsageError() throws {
        let result = try CLI.run(["taxonomy", "search", " "])
        #expect(result.status == 64, "\(result.stderr)")
    }

    @Test func reviewDecideWithAnUnknownIdSuggestsTheNearestAndWritesNothing() throws {
        let data = try TemporaryDirectory()
        let overrides = data.path + "/overrides.tsv"
        let result = try CLI.run(["review", "decide", "chauffeur", "vrachtwagenchaufeur", "--overrides", overrides, "--data-dir", data.path])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("unknown occupation id 'vrachtwagenchaufeur'; nearest: vrachtwagenchauffeur (ISCO 8332, vrachtwagenchauffeur)"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: overrides))

        let far = try CLI.run(["review", "decide", "chauffeur", "qqqqqq", "--overrides", overrides, "--data-dir", data.path])
        #expect(far.status == 64)
        #expect(far.stderr.contains("unknown occupation id 'qqqqqq'; none is near it; `kaartenbak taxonomy search WORDS` finds ids by words"),
                "\(far.stderr)")
    }

    @Test func anOverridesFileWithAnUnknownIdNamesItsLineAndTheNearestIds() throws {
        let data = try TemporaryDirectory()
        let overrides = data.path + "/overrides.tsv"
        try "chauffeur\t\theftruckchaufeur\n".write(toFile: overrides, atomically: true, encoding: .utf8)
        let result = try CLI.run(["classify", "--overrides", overrides, "--data-dir", data.path], stdin: "{\"id\":1,\"title\":\"kok\"}\n")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("\(overrides):1: unknown occupation id 'heftruckchaufeur'; nearest: heftruckchauffeur (ISCO 8344"), "\(result.stderr)")
    }

    @Test("Similarity of words", arguments: [
        ("chauffeur", "chauffeur", 1.0, 1.0), ("chauffeur", "vrachtwagenchauffeur", 0.75, 0.95),
        ("vracht", "vrachtwagenchauffeur", 0.75, 0.95), ("chaufeur", "chauffeur", 0.8, 0.95), ("kok", "bok", 0, 0),
        ("monteur", "kapper", 0, 0),
    ])
    func similarity(searched: String, word: String, low: Double, high: Double) {
        let value = TaxonomySearch.similarity(Array(searched.utf8), Array(word.utf8))
        #expect(value >= low && value <= high, "\(value)")
    }
}
