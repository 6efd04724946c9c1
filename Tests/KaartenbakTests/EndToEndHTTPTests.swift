import Foundation
import GRDB
import LoopbackHTTP
import Testing

/// The real binary fetching the fixtures from a real HTTP server on 127.0.0.1.
@Suite("End to end: over HTTP", .serialized)
struct EndToEndHTTPTests {
    /// The bundled pipeline with its local paths replaced by URLs on `server`.
    func servedPipeline(_ server: LoopbackServer, in folder: TemporaryDirectory) throws -> String {
        server.serveDirectory(fixturesDirectory.appendingPathComponent("feeds").path, at: "/feeds/")
        return try writeBundledPipeline(into: folder, feeds: server.url("/feeds/"))
    }

    func sourceRecords(_ data: TemporaryDirectory, _ source: String) throws -> [String: String] {
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT s.source_record_id, v.status FROM vacancy_sources s JOIN vacancies v ON v.id = s.vacancy_id
                WHERE s.source = ?
                """, arguments: [source]).map { ($0["source_record_id"] as String, $0["status"] as String) })
        }
    }

    @Test func failingSourceKeepsItsVacanciesAndRerunRecovers() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let data = try TemporaryDirectory()
        let pipeline = try servedPipeline(server, in: data)
        let arguments = ["--pipeline", pipeline, "--data-dir", data.path, "--retries", "0"]

        let first = try CLI.run(["run"] + arguments)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(server.requests(to: "/feeds/uitzend-jobs.xml").count == 1)
        let before = try sourceRecords(data, "flexpoint-uitzend")
        #expect(before.count == 16)

        // Tonight the agency's server is broken.
        server.fail("/feeds/uitzend-jobs.xml", status: 500)
        let second = try CLI.run(["run"] + arguments)
        #expect(second.status == 3, "partial: published, one source failed\n\(second.stdout)")
        #expect(second.stdout.contains("HTTP 500") || second.stdout.contains("500"))
        let during = try sourceRecords(data, "flexpoint-uitzend")
        #expect(during == before, "the failed source's vacancies stay, open, under the same records")
        let runs = try CLI.run(["status", "--data-dir", data.path])
        #expect(runs.stdout.contains("partial"))

        // The server is fixed; the operator reruns what failed, without refetching the others.
        server.route("/feeds/uitzend-jobs.xml", [])
        server.clearLog()
        let rerun = try CLI.run(["rerun", "last", "--data-dir", data.path, "--retries", "0"])
        #expect(rerun.status == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        #expect(server.requests(to: "/feeds/uitzend-jobs.xml").count == 1)
        #expect(server.requests(to: "/feeds/uwv-hropen.xml").isEmpty, "what was fetched is not fetched again")
        #expect(try sourceRecords(data, "flexpoint-uitzend") == before)
    }

    @Test func vacanciesAConfirmedFeedNoLongerListsAreClosed() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let data = try TemporaryDirectory()
        let pipeline = try servedPipeline(server, in: data)
        let arguments = ["--pipeline", pipeline, "--data-dir", data.path, "--retries", "0"]
        #expect(try CLI.run(["run"] + arguments).status == 0)

        // The job board now lists only its first job: a successful fetch that drops 17 records.
        let feed = try String(contentsOf: fixturesDirectory.appendingPathComponent("feeds/jobboard-indeed.xml"), encoding: .utf8)
        let firstJobEnd = try #require(feed.range(of: "</job>"))
        let shortened = String(feed[..<firstJobEnd.upperBound]) + "\n</source>\n"
        server.route("/feeds/jobboard-indeed.xml", .ok(shortened))

        // The publish guard refuses such a drop by default...
        let guarded = try CLI.run(["run"] + arguments)
        #expect(guarded.status == 3, "\(guarded.stdout)")
        #expect(guarded.stdout.contains("max_drop_share"))
        #expect(try sourceRecords(data, "vacaturebank-brabant").values.allSatisfy { $0 == "open" })

        // ...and closes what the feed no longer lists once the operator accepts it.
        let accepted = try CLI.run(["run"] + arguments + ["--accept-drop", "vacaturebank-brabant"])
        #expect(accepted.status == 0, "\(accepted.stdout)\n\(accepted.stderr)")
        let changes = try CLI.run(["changes", "--data-dir", data.path, "--format", "table"])
        #expect(changes.stdout.contains("closed"))
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            let closedAt = try String.fetchAll(db, sql: "SELECT closed_at FROM vacancies WHERE status = 'closed'")
            #expect(!closedAt.isEmpty)
            // A vacancy also carried by another source stays open.
            let stillOpen = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM vacancies v WHERE status = 'open' AND EXISTS
                (SELECT 1 FROM vacancy_sources s WHERE s.vacancy_id = v.id AND s.source = 'vacaturebank-brabant')
                """) ?? 0
            #expect(stillOpen >= 1)
        }
    }
}
