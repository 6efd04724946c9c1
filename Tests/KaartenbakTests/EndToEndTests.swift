import Foundation
import GRDB
import Pipeline
import Testing

/// The real binary on the bundled pipeline, reading the fixtures from disk.
@Suite("End to end: local fixtures", .serialized)
struct EndToEndLocalTests {
    @Test func runPublishesAMergedCatalogue() throws {
        let data = try TemporaryDirectory()
        let result = try CLI.run(["run", "--pipeline", "pipelines/west-brabant.yaml", "--data-dir", data.path])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"), "off a terminal: plain log lines, no progress drawing")
        #expect(result.stderr.contains("INFO run finished"))

        let catalogue = try DatabaseQueue(path: data.path + "/catalogue.sqlite")
        try catalogue.read { db in
            let vacancies = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies") ?? 0
            let records = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_sources") ?? 0
            let perSource = try Row.fetchAll(db, sql: "SELECT source, count(*) AS n FROM vacancy_sources GROUP BY source")
            #expect(perSource.count == 4, "every fixture source contributes")
            #expect(records >= 60, "the fixtures hold about 68 good records")
            #expect(vacancies < records, "cross-source duplicates are merged")
            // The exact duplicate in the fixtures: the same cleaning job from UWV, the agency and the municipality.
            let merged = try Int.fetchOne(db, sql: """
                SELECT max(n) FROM (SELECT vacancy_id, count(DISTINCT source) AS n FROM vacancy_sources GROUP BY vacancy_id)
                """) ?? 0
            #expect(merged >= 3, "some vacancy is carried by three sources")
            let withoutSources = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM vacancies v WHERE NOT EXISTS (SELECT 1 FROM vacancy_sources s WHERE s.vacancy_id = v.id)
                """) ?? -1
            #expect(withoutSources == 0)
            let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies WHERE status = 'open'") ?? 0
            #expect(open == vacancies)
        }
        #expect(FileManager.default.fileExists(atPath: data.path + "/catalogue.ndjson"))
        let export = try String(contentsOfFile: data.path + "/catalogue.ndjson", encoding: .utf8)
        let lines = export.split(separator: "\n")
        let count = try catalogue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancies") ?? 0 }
        #expect(lines.count == count)
    }

    @Test func secondRunKeepsIdsAndFirstSeen() throws {
        let data = try TemporaryDirectory()
        let first = try CLI.run(["run", "--data-dir", data.path])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT source, source_record_id, vacancy_id FROM vacancy_sources ORDER BY 1, 2")
                .map { "\($0["source"] as String)/\($0["source_record_id"] as String)=\($0["vacancy_id"] as String)" }
        }
        let second = try CLI.run(["run", "--data-dir", data.path])
        #expect(second.status == 0, "\(second.stderr)")
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            let after = try Row.fetchAll(db, sql: "SELECT source, source_record_id, vacancy_id FROM vacancy_sources ORDER BY 1, 2")
                .map { "\($0["source"] as String)/\($0["source_record_id"] as String)=\($0["vacancy_id"] as String)" }
            #expect(after == before, "every source record keeps its vacancy id")
            let changes = try Int.fetchOne(db, sql: "SELECT count(*) FROM changes WHERE run_id = (SELECT value FROM catalogue_info WHERE key = 'run_id')") ?? -1
            #expect(changes == 0, "an unchanged night changes nothing")
        }
        let status = try CLI.run(["status", "--data-dir", data.path])
        #expect(status.status == 0)
        #expect(status.stdout.components(separatedBy: "succeeded").count - 1 == 2)
    }

    @Test func invalidDefinitionExits78NamingTheKey() throws {
        let data = try TemporaryDirectory()
        let file = data.url.appendingPathComponent("bad.yaml")
        try """
        version: 1
        sources:
          - name: broken
            publisher: agency
            url: feed.xml
            format: xml
            record: jobs/job
            colour: blue
            fields: {id: jobId, title: jobTitle}
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", "--pipeline", file.path, "--data-dir", data.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("bad.yaml:8"))
        #expect(result.stderr.contains("source 'broken'"))
        #expect(result.stderr.contains("unknown key 'colour'"))
    }

    @Test func aSecondRunWaitsForNobody() throws {
        let data = try TemporaryDirectory()
        // Hold the data directory's lock the way a running kaartenbak does (flock on the same file).
        let lock = try RunLock(path: RunStore(root: data.path).lockPath)
        let start = Date()
        let result = try CLI.run(["run", "--data-dir", data.path])
        #expect(result.status == 75)
        #expect(result.stderr.contains("another kaartenbak run"))
        #expect(Date().timeIntervalSince(start) < 10)
        withExtendedLifetime(lock) {}
    }

    @Test func sourcesCheckAcceptsTheBundledPipeline() throws {
        let result = try CLI.run(["sources", "check"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("ok    \(packageRoot.path)/pipelines/west-brabant.yaml"), "the only pipeline in ./pipelines")
    }

    @Test func runWritesASelfContainedReport() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let second = try CLI.run(["run", "--data-dir", data.path])
        let line = try #require(second.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") })
        let html = try String(contentsOfFile: String(line.dropFirst("report: ".count)), encoding: .utf8)
        for source in ["uwv-werk-nl", "flexpoint-uitzend", "vacaturebank-brabant", "gemeente-breda"] {
            #expect(html.contains("<td>\(source)</td>"))
        }
        #expect(html.contains("missing required field"), "the agency feed's reject reason is listed")
        #expect(html.contains("<svg"))
        #expect(html.contains("<polyline"), "two runs make a trend")
        // Self-contained: nothing is loaded from elsewhere.
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
    }

    /// Steps of the newest run, as stage/source → the run each took its output over from, read from its manifest.
    func lastRunReuse(_ data: TemporaryDirectory) throws -> [String: String] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted()
        let json = try Data(contentsOf: URL(fileURLWithPath: data.path + "/runs/\(runs.last!)/manifest.json"))
        let steps = try #require((try JSONSerialization.jsonObject(with: json) as? [String: Any])?["steps"] as? [[String: Any]])
        var result: [String: String] = [:]
        for step in steps {
            result["\(step["stage"] as? String ?? "")/\(step["source"] as? String ?? "")"] = step["reusedFrom"] as? String
        }
        return result
    }

    @Test func unchangedFeedsAreNotParsedAgainUnlessTheDefinitionChanged() throws {
        let data = try TemporaryDirectory()
        let feeds = fixturesDirectory.appendingPathComponent("feeds").path
        let pipeline = try writeBundledPipeline(into: data, feeds: feeds)
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path]).status == 0)
        let firstRun = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted().last!

        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path]).status == 0)
        var reused = try lastRunReuse(data)
        #expect(reused["parse/gemeente-breda"] == firstRun)
        #expect(reused["normalise/gemeente-breda"] == firstRun)

        // An operator edits one source's mapping: that source is read again, the others are not.
        try writeBundledPipeline(into: data, feeds: feeds) { $0.replacingOccurrences(of: "      url: Link\n", with: "") }
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path]).status == 0)
        reused = try lastRunReuse(data)
        #expect(reused["parse/gemeente-breda"] == nil)
        #expect(reused["normalise/gemeente-breda"] == nil)
        #expect(reused["parse/uwv-werk-nl"] == firstRun)
    }

    @Test func pruneKeepsWhatTheCatalogueRestsOn() throws {
        let data = try TemporaryDirectory()
        for _ in 0..<4 { #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0) }
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted()
        #expect(runs.count == 4)
        let dry = try CLI.run(["prune", "--keep", "1", "--dry-run", "--data-dir", data.path])
        #expect(dry.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").count == 4, "a dry run removes nothing")
        let pruned = try CLI.run(["prune", "--keep", "1", "--data-dir", data.path])
        #expect(pruned.status == 0, "\(pruned.stdout)\(pruned.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted()
        #expect(left.contains(runs.last!), "the newest run (the published catalogue) stays")
        // Reused outputs are hard links: removing the first run must not take the later runs' files.
        #expect(left.count < 4)
        #expect(try CLI.run(["rerun", "last", "--stage", "dedupe", "--data-dir", data.path]).status == 0)
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
    }

    @Test func jsonLogLinesForLogShippers() throws {
        let data = try TemporaryDirectory()
        let result = try CLI.run(["run", "--data-dir", data.path, "--log-format", "json"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count > 5)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil, "\(line)")
        }
    }

    /// The same vacancies the next night under new record ids: they keep their catalogue ids.
    @Test func vacanciesKeepTheirIdsWhenSourcesRenumber() throws {
        let data = try TemporaryDirectory()
        let feeds = data.url.appendingPathComponent("feeds")
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("feeds"), to: feeds)
        let pipeline = try writeBundledPipeline(into: data, feeds: feeds.path)
        let arguments = ["--pipeline", pipeline, "--data-dir", data.path]
        #expect(try CLI.run(["run"] + arguments).status == 0)
        func vacancyId(_ source: String, _ record: String) throws -> String? {
            try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
                try String.fetchOne(db, sql: "SELECT vacancy_id FROM vacancy_sources WHERE source = ? AND source_record_id = ?",
                                    arguments: [source, record])
            }
        }
        let bus = try #require(try vacancyId("uwv-werk-nl", "UWV-2026-104339"))
        let wmo = try #require(try vacancyId("gemeente-breda", "GB-2026-044"))

        // Overnight UWV renumbers the bus-driver posting, and the municipality re-exports its
        // single-source Wmo-driver vacancy under a new number (bytes edited in place: the CSV is Windows-1252).
        let uwv = feeds.appendingPathComponent("uwv-hropen.xml")
        try String(contentsOf: uwv, encoding: .utf8).replacingOccurrences(of: "UWV-2026-104339", with: "UWV-2026-904339")
            .write(to: uwv, atomically: true, encoding: .utf8)
        let csv = feeds.appendingPathComponent("gemeente-breda.csv")
        var bytes = try Data(contentsOf: csv)
        let renumbered = try #require(bytes.range(of: Data("GB-2026-044;".utf8)))
        bytes.replaceSubrange(renumbered, with: Data("GB-2026-144;".utf8))
        try bytes.write(to: csv)

        #expect(try CLI.run(["run"] + arguments).status == 0)
        #expect(try vacancyId("uwv-werk-nl", "UWV-2026-904339") == bus, "outvoted by the cluster's other records")
        #expect(try vacancyId("gemeente-breda", "GB-2026-144") == wmo, "recognised by its fingerprint")
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            let open = try String.fetchAll(db, sql: "SELECT status FROM vacancies WHERE id IN (?, ?)", arguments: [bus, wmo])
            #expect(open == ["open", "open"])
        }
    }

    /// The review loop: an operator sees the unsure titles, decides one, and the next run applies it.
    @Test func reviewDecisionsReachTheNextRun() throws {
        let data = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: data, feeds: fixturesDirectory.appendingPathComponent("feeds").path)
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path]).status == 0)
        let listed = try CLI.run(["review", "list", "--data-dir", data.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("maaltijdbezorger"), "\(listed.stdout)")

        let decided = try CLI.run(["review", "decide", "maaltijdbezorger", "maaltijdbezorger-scooter", "--evidence", "scooter",
                                   "--overrides", data.path + "/overrides.tsv", "--data-dir", data.path])
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path]).status == 0)
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            let row = try Row.fetchOne(db, sql: "SELECT isco, ambiguous, reasons FROM vacancies WHERE normalised_title = 'maaltijdbezorger'")
            let coded = try #require(row)
            #expect(coded["isco"] as String? == "8321")
            #expect(coded["ambiguous"] as Bool == false)
            #expect((coded["reasons"] as String).lowercased().contains("override"))
        }
        let after = try CLI.run(["review", "list", "--data-dir", data.path])
        #expect(!after.stdout.contains("maaltijdbezorger "), "\(after.stdout)")
    }

    /// On a terminal the run draws a progress line (steps, stage, source) over which log lines are written.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a pseudo-terminal"))
    func progressOnATerminal() throws {
        let data = try TemporaryDirectory()
        let command = "\(try CLI.binary.path) run --data-dir \(data.path) --log-level warning"
        // script(1) runs the command on a pseudo-terminal and copies what it draws to our pipe.
        let result = try CLI.run(["-q", "-e", "-c", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("\r\u{1B}[K[0/14] fetch"), "a progress line on the terminal")
        #expect(result.stdout.contains("normalise"))
        #expect(result.stdout.contains("run ") && result.stdout.contains("succeeded"))
    }
}
