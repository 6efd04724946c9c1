import Foundation
import GRDB
import LoopbackHTTP
import Testing

/// `sources check` holding each mapping against its file, through the real binary.
@Suite("Sources check: mapping against the file", .serialized)
struct MappingCheckTests {
    /// The bundled pipeline over the fixture feeds, with `from` replaced by `to` (a typo).
    func misspelt(_ from: String, _ to: String, in folder: TemporaryDirectory) throws -> String {
        try writeBundledPipeline(into: folder, feeds: fixturesDirectory.appendingPathComponent("feeds").path) { text in
            #expect(text.contains(from), "the bundled pipeline maps \(from)")
            return text.replacingOccurrences(of: from, with: to)
        }
    }

    /// A misspelt name of each format: the line names pipeline file, source, key and name, and suggests the right one.
    @Test(arguments: [
        (from: "place: Plaats\n", to: "place: Plaatsnaam\n", source: "gemeente-breda", key: "fields.place",
         wrong: "column 'Plaatsnaam'", right: "'Plaats'"),
        (from: "place: jobLocation/locationPlace", to: "place: jobLocation/locationPlaats", source: "flexpoint-uitzend",
         key: "fields.place", wrong: "element 'jobLocation/locationPlaats'", right: "'jobLocation/locationPlace'"),
        (from: "hr:PositionProfile/hr:PositionLocation/hr:Address/oa:CityName", to: "hr:PositionProfile/hr:PositionLocation/hr:Address/oa:City",
         source: "uwv-werk-nl", key: "fields.place", wrong: "element 'hr:PositionProfile/hr:PositionLocation/hr:Address/oa:City'",
         right: "'hr:PositionProfile/hr:PositionLocation/hr:Address/oa:CityName'"),
        (from: "record: source/job", to: "record: source/jobs", source: "vacaturebank-brabant", key: "record",
         wrong: "element 'source/jobs'", right: "'source/job'"),
    ])
    func misspeltNameIsNamedWithTheNearest(from: String, to: String, source: String, key: String, wrong: String, right: String) throws {
        let folder = try TemporaryDirectory()
        let pipeline = try misspelt(from, to, in: folder)
        let result = try CLI.run(["sources", "check", pipeline, "--data-dir", folder.path + "/var"])
        #expect(result.status == 78, "\(result.stdout)\(result.stderr)")
        let errors = result.stdout.split(separator: "\n").filter { $0.hasPrefix("error ") }
        #expect(errors.count == 1, "\(result.stdout)")
        let line = try #require(errors.first)
        #expect(line.contains(pipeline) && line.contains("source '\(source)'") && line.contains("key '\(key)'") && line.contains(wrong), "\(line)")
        #expect(line.contains("nearest: \(right)"), "\(line)")
    }

    @Test func jsonKeyTypoIsNamedWithTheNearest() throws {
        let folder = try TemporaryDirectory()
        try """
        [{"identifier": "j1", "title": "Kok", "hiringOrganization": {"name": "De Pan"}, "jobLocation": {"address": {"addressLocality": "Breda"}}},
         {"identifier": "j2", "title": "Schilder", "hiringOrganization": {"name": "Verf BV"}, "jobLocation": {"address": {"addressLocality": "Etten-Leur"}}}]
        """.write(toFile: folder.path + "/jobs.json", atomically: true, encoding: .utf8)
        let pipeline = folder.path + "/json.yaml"
        func write(place: String) throws {
            try """
            version: 1
            pipeline: json-check
            sources:
              - name: json-board
                publisher: job_board
                url: jobs.json
                format: json
                fields:
                  id: identifier
                  title: title
                  employer: hiringOrganization.name
                  place: \(place)
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        }
        try write(place: "jobLocation.address.addressLocality")
        let good = try CLI.run(["sources", "check", pipeline, "--data-dir", folder.path + "/var"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("every mapped key is in 2 records of"))

        try write(place: "jobLocation.adress.addressLocality")
        let bad = try CLI.run(["sources", "check", pipeline, "--data-dir", folder.path + "/var"])
        #expect(bad.status == 78)
        let line = try #require(bad.stdout.split(separator: "\n").first { $0.hasPrefix("error ") })
        #expect(line.contains("source 'json-board', key 'fields.place': key 'jobLocation.adress.addressLocality'"), "\(line)")
        #expect(line.contains("nearest: 'jobLocation.address.addressLocality'"), "\(line)")
    }

    /// A gzip feed is checked through one layer of gzip, as the reader reads it; gzip inside gzip is refused
    /// (a file can hold itself compressed), not unpacked layer after layer.
    @Test func gzipFeedIsCheckedOnceAndGzipInsideGzipRefused() throws {
        let folder = try TemporaryDirectory()
        let json = Array(#"[{"identifier": "j1", "title": "Kok", "jobLocation": {"address": {"addressLocality": "Breda"}}}]"#.utf8)
        let pipeline = folder.path + "/gz.yaml"
        try """
        version: 1
        pipeline: gz-check
        sources:
          - name: gz-board
            publisher: job_board
            url: jobs.json.gz
            format: json
            fields:
              id: identifier
              title: title
              place: jobLocation.address.addressLocality
        """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        try Data(try Gzip.compress(json)).write(to: URL(fileURLWithPath: folder.path + "/jobs.json.gz"))
        let once = try CLI.run(["sources", "check", pipeline, "--data-dir", folder.path + "/var"])
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        try Data(try Gzip.compress(try Gzip.compress(json))).write(to: URL(fileURLWithPath: folder.path + "/jobs.json.gz"))
        let twice = try CLI.run(["sources", "check", pipeline, "--data-dir", folder.path + "/var"])
        #expect(twice.status != 0)
        #expect((twice.stdout + twice.stderr).contains("gzip inside gzip"), "\(twice.stdout)\(twice.stderr)")
    }

    /// A remote source is checked against what the newest run landed for it, and the check says so; before any
    /// run it says there is nothing to compare with, and passes.
    @Test func remoteSourceIsCheckedAgainstItsLastLandedPayload() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let data = try TemporaryDirectory()
        server.serveDirectory(fixturesDirectory.appendingPathComponent("feeds").path, at: "/feeds/")
        let pipeline = try writeBundledPipeline(into: data, feeds: server.url("/feeds/"))

        let before = try CLI.run(["sources", "check", pipeline, "--data-dir", data.path])
        #expect(before.status == 0, "\(before.stdout)")
        #expect(before.stdout.contains("source 'gemeente-breda' is remote and no run in \(data.path)/runs has landed its payload: nothing to compare"))

        let run = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path, "--retries", "0"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let text = try String(contentsOfFile: pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "place: Plaats\n", with: "place: Plaatsnaam\n").write(toFile: pipeline, atomically: true, encoding: .utf8)
        let after = try CLI.run(["sources", "check", pipeline, "--data-dir", data.path])
        #expect(after.status == 78)
        let runId = try #require(try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted().last)
        let line = try #require(after.stdout.split(separator: "\n").first { $0.hasPrefix("error ") })
        #expect(line.contains("column 'Plaatsnaam' is not in run \(runId)'s payload \(data.path)/runs/\(runId)/landing/gemeente-breda/"), "\(line)")
        #expect(line.contains("nearest: 'Plaats'"))
    }
}

/// A night whose mapping blanks a field, and the operator's way out: fix, rerun with the current definition.
@Suite("Operator: empty mapped fields and reruns", .serialized)
struct EmptyFieldAndRerunTests {
    func places(_ data: TemporaryDirectory, source: String) throws -> [String?] {
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            try String?.fetchAll(db, sql: """
                SELECT v.place FROM vacancies v JOIN vacancy_sources s ON s.vacancy_id = v.id WHERE s.source = ? ORDER BY s.source_record_id
                """, arguments: [source])
        }
    }

    @Test func fieldEmptyInEveryRecordFailsTheSourceAndKeepsLastNight() throws {
        let data = try TemporaryDirectory()
        let feeds = fixturesDirectory.appendingPathComponent("feeds").path
        let pipeline = try writeBundledPipeline(into: data, feeds: feeds)
        let first = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path])
        #expect(first.status == 0, "\(first.stderr)")
        let lastNight = try places(data, source: "gemeente-breda")
        #expect(!lastNight.isEmpty && lastNight.allSatisfy { $0 != nil })

        // The typo: a column the file does not have.
        try writeBundledPipeline(into: data, feeds: feeds) { $0.replacingOccurrences(of: "place: Plaats\n", with: "place: Plaatsnaam\n") }
        let second = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path])
        #expect(second.status == 3, "a failed source makes the night partial\n\(second.stdout)")
        let reason = "field 'place' (mapped to 'Plaatsnaam') is empty in all 14 records"
        #expect(second.stdout.contains(reason), "\(second.stdout)")
        #expect(try places(data, source: "gemeente-breda") == lastNight, "last night's vacancies are kept, with their places")
        let status = try CLI.run(["status", "last", "--data-dir", data.path])
        #expect(status.stdout.split(separator: "\n").contains { $0.hasPrefix("parse") && $0.contains("gemeente-breda") && $0.contains("failed") })
        #expect(status.stdout.contains(reason))
        let report = try String(contentsOfFile: try lastRunFolder(data) + "/report.html", encoding: .utf8)
        #expect(report.contains(reason))

        // The operator fixes the file (and raises another source's priority); a plain rerun still reads the
        // pinned copy, and says so.
        try writeBundledPipeline(into: data, feeds: feeds) { $0.replacingOccurrences(of: "priority: 10\n", with: "priority: 11\n") }
        let rerun = try CLI.run(["rerun", "last", "--data-dir", data.path])
        #expect(rerun.status == 3)
        #expect(rerun.stderr.contains("reruns with its pinned definition, but \(pipeline) now differs (sources flexpoint-uitzend, gemeente-breda differ)"), "\(rerun.stderr)")
        let agencyParsed = try parseStart(data, "flexpoint-uitzend")
        #expect(rerun.stderr.contains("--with-current-definition"))

        let fixed = try CLI.run(["rerun", "last", "--with-current-definition", "--data-dir", data.path])
        #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
        #expect(!fixed.stderr.contains("reruns with its pinned definition"))
        let after = try CLI.run(["status", "last", "--data-dir", data.path])
        #expect(after.stdout.contains("definition: replaced at "), "\(after.stdout)")
        #expect(after.stdout.contains("by \(pipeline) (sources flexpoint-uitzend, gemeente-breda differ); the earlier pinned copy is pipeline.replaced-1.yaml"))
        #expect(try parseStart(data, "flexpoint-uitzend") != agencyParsed, "a source whose definition changed is parsed again")
        let pinned = try String(contentsOfFile: try lastRunFolder(data) + "/pipeline.yaml", encoding: .utf8)
        #expect(pinned.contains("place: Plaats\n"))
        let replaced = try String(contentsOfFile: try lastRunFolder(data) + "/pipeline.replaced-1.yaml", encoding: .utf8)
        #expect(replaced.contains("place: Plaatsnaam\n"))
        #expect(try places(data, source: "gemeente-breda") == lastNight)
    }

    @Test func allowEmptyMakesItAWarningThatStatusAndReportShow() throws {
        let data = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: data, feeds: fixturesDirectory.appendingPathComponent("feeds").path) {
            $0.replacingOccurrences(of: "place: Plaats\n", with: "place: Plaatsnaam\n")
                .replacingOccurrences(of: "    delimiter: \";\"\n", with: "    delimiter: \";\"\n    allow_empty: [place]\n")
        }
        let run = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let warning = "empty in every record (allow_empty): 'place' (mapped to 'Plaatsnaam')"
        #expect(run.stdout.contains(warning), "\(run.stdout)")
        let status = try CLI.run(["status", "last", "--data-dir", data.path])
        #expect(status.stdout.contains(warning))
        let report = try String(contentsOfFile: try lastRunFolder(data) + "/report.html", encoding: .utf8)
        #expect(report.contains("warning: " + warning))
    }

    @Test func allowEmptyNamesOnlyMappedFields() throws {
        let data = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: data, feeds: fixturesDirectory.appendingPathComponent("feeds").path) {
            $0.replacingOccurrences(of: "    delimiter: \";\"\n", with: "    delimiter: \";\"\n    allow_empty: [province]\n")
        }
        let result = try CLI.run(["sources", "check", pipeline])
        #expect(result.status == 78)
        #expect(result.stdout.contains("source 'gemeente-breda'") && result.stdout.contains("'province' in allow_empty is not a mapped field"), "\(result.stdout)")
    }

    /// When the last run's parse step of `source` started, from its manifest.
    func parseStart(_ data: TemporaryDirectory, _ source: String) throws -> String? {
        let json = try Data(contentsOf: URL(fileURLWithPath: try lastRunFolder(data) + "/manifest.json"))
        let steps = try #require((try JSONSerialization.jsonObject(with: json) as? [String: Any])?["steps"] as? [[String: Any]])
        return steps.first { $0["stage"] as? String == "parse" && $0["source"] as? String == source }?["startedAt"] as? String
    }

    func lastRunFolder(_ data: TemporaryDirectory) throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").filter { !$0.hasPrefix(".") }.sorted()
        return data.path + "/runs/" + (try #require(runs.last))
    }
}
