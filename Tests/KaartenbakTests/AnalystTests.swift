import Foundation
import GRDB
import KaartenbakCore
import Testing

/// What an analyst reads from the catalogue: names as the columns are named, provenance that says where every
/// field came from, candidate scores on one scale, the ISCO unit group's Dutch name; through the real binary.
@Suite("The catalogue for analysts", .serialized)
struct AnalystTests {
    static let published: TemporaryDirectory = {
        let data = try! TemporaryDirectory()
        let result = try! CLI.run(["run", "--data-dir", data.path])
        precondition(result.status == 0, result.stderr)
        return data
    }()

    /// Every member name at every depth of a JSON value.
    static func names(_ value: Any) -> [String] {
        if let object = value as? [String: Any] { return object.keys + object.values.flatMap(names) }
        if let array = value as? [Any] { return array.flatMap(names) }
        return []
    }

    static func exported() throws -> [[String: Any]] {
        try String(contentsOfFile: published.path + "/catalogue.ndjson", encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func everyNameIsSnakeCaseAsTheColumnsAre() throws {
        let lines = try Self.exported()
        #expect(lines.count > 30)
        let names = Set(lines.flatMap(Self.names))
        let snake = try Regex("^([a-z0-9]+(_[a-z0-9]+)*|\\*)$")
        #expect(names.allSatisfy { $0.wholeMatch(of: snake) != nil }, "\(names.sorted())")
        #expect(names.contains("source_record_id") && names.contains("normalised_title") && names.contains("isco_label"))
        // A conflict names its field as the column is named.
        let fields = lines.compactMap { ($0["vacancy"] as? [String: Any])?["conflicts"] as? [[String: Any]] }.flatMap { $0 }.compactMap { $0["field"] as? String }
        #expect(fields.allSatisfy { $0.wholeMatch(of: snake) != nil }, "\(fields)")
        // The catalogue's own JSON columns say it so too.
        let stored = try DatabaseQueue(path: Self.published.path + "/catalogue.sqlite").read {
            try String.fetchAll($0, sql: "SELECT conflicts FROM vacancies WHERE conflicts <> '[]'")
        }
        #expect(!stored.isEmpty)
        #expect(stored.allSatisfy { $0.contains("source_record_id") && !$0.contains("sourceRecordId") })
    }

    @Test func provenanceSaysWhereEveryFieldOfAManySourceVacancyCameFrom() throws {
        let rows = try DatabaseQueue(path: Self.published.path + "/catalogue.sqlite").read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.provenance, v.source_count, (SELECT count(DISTINCT s.source) FROM vacancy_sources s WHERE s.vacancy_id = v.id) AS sources,
                       (SELECT group_concat(DISTINCT s.source) FROM vacancy_sources s WHERE s.vacancy_id = v.id) AS names
                FROM vacancies v
                """)
        }
        var many = 0
        for row in rows {
            let provenance = try #require(try JSONSerialization.jsonObject(with: Data((row["provenance"] as String).utf8)) as? [String: String])
            let sources = Set((row["names"] as String? ?? "").split(separator: ",").map(String.init))
            if (row["sources"] as Int) > 1 {
                many += 1
                let main = try #require(provenance["*"], "a vacancy of several sources names its main source")
                #expect(sources.contains(main))
                #expect(Set(provenance.values).isSubset(of: sources))
            } else {
                #expect(provenance.isEmpty, "one source: every field is its own")
            }
        }
        #expect(many >= 3, "the fixtures hold vacancies carried by several sources")
    }

    @Test func candidateScoresAreSharesAndEveryCodeHasItsDutchName() throws {
        let rows = try DatabaseQueue(path: Self.published.path + "/catalogue.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT isco, isco_label, candidates FROM vacancies")
        }
        let labels = IscoGroups.bundled
        #expect(labels.label(of: "8332") == "Vrachtwagenchauffeurs")
        var coded = 0
        for row in rows {
            let candidates = try #require(try JSONSerialization.jsonObject(with: Data((row["candidates"] as String).utf8)) as? [[String: Any]])
            let scores = candidates.compactMap { $0["score"] as? Double }
            #expect(scores.allSatisfy { (0...1).contains($0) }, "\(scores)")
            if !scores.isEmpty { #expect(abs(scores.reduce(0, +) - 1) <= 0.02, "shares add up to 1: \(scores)") }
            if let isco = row["isco"] as String? {
                coded += 1
                #expect(row["isco_label"] as String? == labels.label(of: isco), "\(isco)")
                #expect(row["isco_label"] as String? != nil)
            } else {
                #expect(row["isco_label"] as String? == nil)
            }
        }
        #expect(coded > 30)
        for line in try Self.exported() {
            let vacancy = try #require(line["vacancy"] as? [String: Any])
            #expect(vacancy["isco_label"] as? String == labels.label(of: vacancy["isco"] as? String))
        }
        // `classify` speaks the same.
        let classified = try CLI.run(["classify"], stdin: #"{"id": "1", "title": "Vrachtwagenchauffeur CE"}"# + "\n")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(classified.stdout.utf8)) as? [String: Any])
        #expect(answer["isco_label"] as? String == labels.label(of: answer["isco"] as? String))
        let shares = (answer["candidates"] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double }
        #expect(!shares.isEmpty && abs(shares.reduce(0, +) - 1) <= 0.02)
    }

    @Test func reviewListSaysWhyATitleIsUnsure() throws {
        let listed = try CLI.run(["review", "list", "--data-dir", Self.published.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n")
        let groups = lines.dropFirst().filter { $0.first?.isNumber == true }
        let whys = lines.filter { $0.hasPrefix("      why: ") }
        #expect(!groups.isEmpty)
        #expect(whys.count == groups.count, "\(listed.stdout)")
        #expect(lines.contains { $0.hasPrefix("      candidates: ") && $0.contains("%)") })
    }
}
