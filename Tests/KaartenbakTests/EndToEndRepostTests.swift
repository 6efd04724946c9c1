import Foundation
import GRDB
import Testing

/// A vacancy that closed and comes back: reopened under its old id, unless its source marks the
/// record as a repost (then it is a new vacancy). Through the real binary, three nights.
@Suite struct EndToEndRepostTests {
    static let pipeline = """
        version: 1
        pipeline: repost
        publish:
          max_drop_share: 0.9
        sources:
          - name: gemeente
            publisher: municipality
            url: feed.csv
            format: csv
            delimiter: ";"
            fields:
              id: id
              title: titel
              place: plaats
              repost: herplaatst

        """

    static func feed(_ rows: [(id: String, title: String, repost: String)]) -> String {
        "id;titel;plaats;herplaatst\n" + rows.map { "\($0.id);\($0.title);Breda;\($0.repost)\n" }.joined()
    }

    static let others = [("2", "Schoonmaker", ""), ("3", "Kok", ""), ("4", "Tuinman", "")]

    @Test(arguments: [("nee", true), ("ja", false)])
    func aClosedVacancyComesBack(flag: String, keepsItsId: Bool) throws {
        let folder = try TemporaryDirectory()
        try Self.pipeline.write(toFile: folder.path + "/repost.yaml", atomically: true, encoding: .utf8)
        func night(_ rows: [(String, String, String)]) throws {
            try Self.feed(rows.map { (id: $0.0, title: $0.1, repost: $0.2) })
                .write(toFile: folder.path + "/feed.csv", atomically: true, encoding: .utf8)
            let run = try CLI.run(["run", "--pipeline", folder.path + "/repost.yaml", "--data-dir", folder.path + "/data"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        func idOfRecord1() throws -> String? {
            try DatabaseQueue(path: folder.path + "/data/catalogue.sqlite").read { db in
                try String.fetchOne(db, sql: """
                    SELECT v.id FROM vacancies v JOIN vacancy_sources s ON s.vacancy_id = v.id
                    WHERE s.source_record_id = '1' AND v.status = 'open'
                    """)
            }
        }
        try night([("1", "Buschauffeur", "")] + Self.others)
        let first = try #require(try idOfRecord1())
        try night(Self.others)
        #expect(try idOfRecord1() == nil, "closed while its source no longer lists it")
        try night([("1", "Buschauffeur", flag)] + Self.others)
        let third = try #require(try idOfRecord1())
        #expect((third == first) == keepsItsId, "first \(first), third \(third), herplaatst=\(flag)")
    }
}
