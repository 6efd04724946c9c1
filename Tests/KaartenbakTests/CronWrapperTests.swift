import Foundation
import LoopbackHTTP
import Testing

/// cron/kaartenbak-nightly, run for real with bash.
@Suite("cron wrapper", .serialized)
struct CronWrapperTests {
    let wrapper = packageRoot.appendingPathComponent("cron/kaartenbak-nightly")

    func environment(home: TemporaryDirectory, pipeline: String) throws -> [String: String] {
        ["KAARTENBAK_BIN": try CLI.binary.path, "KAARTENBAK_HOME": home.path, "KAARTENBAK_PIPELINE": pipeline]
    }

    @Test func overlappingRunsAndFailuresAreReported() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.serveDirectory(fixturesDirectory.appendingPathComponent("feeds").path, at: "/feeds/")
        // One source answers slowly and then breaks: the first run is still busy when the second starts.
        server.route("/feeds/jobboard-indeed.xml", .stall(seconds: 3))
        let home = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: home, feeds: server.url("/feeds/")) {
            $0.replacingOccurrences(of: "    format: xml\n    priority: 0\n", with: "    format: xml\n    priority: 0\n    limits: {timeout: 2}\n")
        }
        var settings = try environment(home: home, pipeline: pipeline)
        settings["KAARTENBAK_RUN_ARGS"] = "--retries 0"
        let env = settings

        nonisolated(unsafe) var first: CLIResult?
        let firstRun = Thread { first = try? CLI.run([self.wrapper.path], environment: env, executable: URL(fileURLWithPath: "/bin/bash")) }
        firstRun.start()
        // Wait until the first run is fetching (the slow source has been asked for).
        let deadline = Date().addingTimeInterval(20)
        while server.requests(to: "/feeds/jobboard-indeed.xml").isEmpty && Date() < deadline { usleep(20_000) }

        let second = try CLI.run([wrapper.path], environment: env, executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("another run is still active"))

        while !firstRun.isFinished { usleep(20_000) }
        let result = try #require(first)
        // The job board timed out: published with a failed source, so cron gets output to mail.
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("exit 3"))
        #expect(result.stderr.contains("log: \(home.path)/logs/run-"))
        #expect(result.stdout.isEmpty)
        let logs = try FileManager.default.contentsOfDirectory(atPath: home.path + "/logs")
        #expect(logs.count == 1, "the refused second invocation wrote no run log")
    }

    @Test func aGoodNightIsSilent() throws {
        let home = try TemporaryDirectory()
        let env = try environment(home: home, pipeline: packageRoot.appendingPathComponent("pipelines/west-brabant.yaml").path)
        let result = try CLI.run([wrapper.path], environment: env, executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "cron mails only when there is output")
        #expect(FileManager.default.fileExists(atPath: home.path + "/catalogue.sqlite"))
    }

    @Test func anInvalidDefinitionExits78() throws {
        let home = try TemporaryDirectory()
        let pipeline = home.path + "/broken.yaml"
        try "version: 7\nsources: []\n".write(toFile: pipeline, atomically: true, encoding: .utf8)
        let result = try CLI.run([wrapper.path], environment: try environment(home: home, pipeline: pipeline),
                                 executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(result.status == 78)
        #expect(result.stderr.contains("invalid pipeline definition"))
    }
}
