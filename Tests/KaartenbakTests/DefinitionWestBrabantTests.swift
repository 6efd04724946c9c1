import Foundation
import Testing
@testable import KaartenbakCore

/// The bundled pipeline file and the loader's located errors.
@Suite struct DefinitionWestBrabantTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let pipelineFile = root.appendingPathComponent("pipelines/west-brabant.yaml").path

    @Test func bundledPipelineLoads() throws {
        let pipeline = try DefinitionLoader.load(file: Self.pipelineFile)
        #expect(pipeline.name == "west-brabant")
        #expect(pipeline.region == "West-Brabant")
        #expect(pipeline.sources.count == 4)
        #expect(Set(pipeline.sources.map(\.publisher)) == [.publicEmploymentService, .agency, .jobBoard, .municipality])
        #expect(Set(pipeline.sources.map(\.format)) == [.xml, .csv])
        for source in pipeline.sources {
            #expect(source.region == "West-Brabant")
            #expect(FileManager.default.fileExists(atPath: pipeline.localPath(of: source)), "\(source.name)")
        }
        let uwv = try #require(pipeline.source(named: "uwv-werk-nl"))
        #expect(uwv.namespaces["oa"] == "http://www.openapplications.org/oagis/9")
        #expect(uwv.fields[.place] == ["hr:PositionProfile/hr:PositionLocation/hr:Address/oa:CityName"])
        let csv = try #require(pipeline.source(named: "gemeente-breda"))
        #expect(csv.delimiter == ";")
        #expect(csv.encoding == "windows-1252")
        #expect(csv.fields[.hoursMin] == ["Uren per week min"])
    }

    static let good = """
        version: 1
        pipeline: test
        sources:
          - name: feed-a
            publisher: agency
            url: https://example.org/a.xml
            format: xml
            record: jobs/job
            fields:
              id: jobId
              title: jobTitle
        """

    struct Broken: Sendable, CustomStringConvertible {
        let name: String
        let replace: String
        let with: String
        let key: String
        let line: Int
        let words: String
        var description: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "unknown source key", replace: "    format: xml\n", with: "    format: xml\n    colour: red\n",
               key: "colour", line: 8, words: "unknown key 'colour'"),
        Broken(name: "missing required mapping", replace: "      title: jobTitle", with: "      place: city",
               key: "fields.title", line: 10, words: "missing required field mapping 'title'"),
        Broken(name: "bad scheme", replace: "https://example.org/a.xml", with: "ftp://example.org/a.xml",
               key: "url", line: 6, words: "only http, https"),
        Broken(name: "undeclared prefix", replace: "id: jobId", with: "id: hr:jobId",
               key: "fields.id", line: 10, words: "prefix 'hr'"),
        Broken(name: "unknown field", replace: "id: jobId", with: "id: jobId\n      wage: loon",
               key: "fields.wage", line: 11, words: "unknown field 'wage'"),
        Broken(name: "path out of the record", replace: "id: jobId", with: "id: ../feedId",
               key: "fields.id", line: 10, words: "'..' in '../feedId'"),
        Broken(name: "file URL", replace: "https://example.org/a.xml", with: "file:///etc/passwd",
               key: "url", line: 6, words: "without file://"),
    ]

    @Test func identitySettingsAreRead() throws {
        let yaml = Self.good.replacingOccurrences(of: "pipeline: test\n",
                                                  with: "pipeline: test\nidentity:\n  repost_gap_days: 45\n  reopen_within_days: 7\n")
        let pipeline = try DefinitionLoader.parse(yaml: yaml, file: "regio.yaml")
        #expect(pipeline.identity.repostGapDays == 45)
        #expect(pipeline.identity.reopenWithinDays == 7)
        #expect(try DefinitionLoader.parse(yaml: Self.good, file: "regio.yaml").identity == IdentitySettings())
    }

    @Test(arguments: [("  reopen_within_days: -1\n", "identity.reopen_within_days", "0 or more"),
                      ("  reopen_after: 3\n", "identity", "unknown key 'reopen_after'")])
    func badIdentitySettingsAreRefused(line: String, key: String, words: String) throws {
        let yaml = Self.good.replacingOccurrences(of: "pipeline: test\n", with: "pipeline: test\nidentity:\n" + line)
        let error = try #require(throws: KaartenbakError.self) { try DefinitionLoader.parse(yaml: yaml, file: "regio.yaml") }
        #expect(error.code == .configuration)
        #expect(error.message.contains(words), "\(error)")
        #expect(error.location?.key?.hasPrefix(key) == true, "\(error)")
    }

    @Test(arguments: broken)
    func errorsNameFileLineSourceAndKey(_ case_: Broken) throws {
        let yaml = Self.good.replacingOccurrences(of: case_.replace, with: case_.with)
        #expect(yaml != Self.good, "the replacement must change the text")
        do {
            _ = try DefinitionLoader.parse(yaml: yaml, file: "regio.yaml")
            Issue.record("expected \(case_.name) to be refused")
        } catch let error as KaartenbakError {
            #expect(error.code == .configuration)
            #expect(error.message.contains(case_.words), "\(error)")
            let location = try #require(error.location)
            #expect(location.file == "regio.yaml")
            #expect(location.source == "feed-a")
            #expect(location.key?.hasSuffix(case_.key) == true, "\(error)")
            #expect(location.line == case_.line, "\(error)")
            let text = error.description
            #expect(text.contains("regio.yaml") && text.contains("feed-a") && text.contains(case_.key), "\(text)")
        }
    }
}
