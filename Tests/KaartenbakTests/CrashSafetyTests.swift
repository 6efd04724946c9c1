import Foundation
import GRDB
import LoopbackHTTP
import Testing

/// What a run leaves behind when the machine or the process fails, checked with the real binary.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    func digest(_ data: TemporaryDirectory) throws -> String? {
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            try String.fetchOne(db, sql: "SELECT value FROM catalogue_info WHERE key = 'content_sha256'")
        }
    }

    func integrity(_ data: TemporaryDirectory) throws -> String? {
        try DatabaseQueue(path: data.path + "/catalogue.sqlite").read { db in
            try String.fetchOne(db, sql: "PRAGMA integrity_check")
        }
    }

    @Test func rerunningTheSameRunGivesTheSameCatalogue() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let first = try digest(data)
        let again = try CLI.run(["rerun", "last", "--stage", "dedupe", "--data-dir", data.path])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(try digest(data) == first)
        #expect(try CLI.run(["rerun", "last", "--stage", "normalise", "--data-dir", data.path]).status == 0)
        #expect(try digest(data) == first)
    }

    /// Killed after its last step but before it recorded its end: `rerun last` has no step to run
    /// again, and records the end the run reached (published, exit 0), not "interrupted".
    @Test func aRunKilledAfterPublishingIsFinishedByItsRerun() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").filter { !$0.hasPrefix(".") }
        let manifestPath = data.path + "/runs/" + (try #require(runs.max())) + "/manifest.json"
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
        manifest["status"] = "running"
        manifest.removeValue(forKey: "finishedAt")
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
        let rerun = try CLI.run(["rerun", "last", "--data-dir", data.path])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        let finished = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
        #expect(finished["status"] as? String == "succeeded")
        #expect(finished["finishedAt"] != nil)
    }

    /// SIGKILL at many moments across every stage; whatever happened, the next run's catalogue
    /// equals a clean run's and SQLite finds it intact.
    @Test func killedRunsLeaveNoDamage() throws {
        let clean = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", clean.path]).status == 0)
        let expected = try #require(try digest(clean))

        let binary = try CLI.binary
        var killedBeforePublishing = 0
        for step in 0..<10 {
            let data = try TemporaryDirectory()
            let process = Process()
            process.executableURL = binary
            process.arguments = ["run", "--data-dir", data.path]
            process.currentDirectoryURL = packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(step) * 60_000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if !FileManager.default.fileExists(atPath: data.path + "/catalogue.sqlite") { killedBeforePublishing += 1 }
            // The lock must be free again, and the interrupted run can be finished from its own inputs.
            let runs = (try? FileManager.default.contentsOfDirectory(atPath: data.path + "/runs")) ?? []
            if runs.contains(where: { FileManager.default.fileExists(atPath: "\(data.path)/runs/\($0)/manifest.json") }) {
                let status = try CLI.run(["status", "--data-dir", data.path])
                #expect(!status.stdout.contains(" running "), "a dead run is not running: \(status.stdout)")
                let recovered = try CLI.run(["rerun", "last", "--data-dir", data.path])
                #expect(recovered.status == 0, "kill after \(step * 60) ms: \(recovered.stdout)\(recovered.stderr)")
            } else {
                // Killed before the run recorded anything: nothing to rerun; the next night starts afresh.
                #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
            }
            #expect(try digest(data) == expected, "kill after \(step * 60) ms")
            #expect(try integrity(data) == "ok")
            #expect(try leftovers(data).isEmpty, "kill after \(step * 60) ms")
        }
        #expect(killedBeforePublishing > 0, "some kills must land before publishing, or this test proves little")
    }

    /// A disk that fills while a payload is downloaded is the machine's failure, not the source's: exit 74, the
    /// catalogue as it was, no payload part left.
    @Test func fullDiskDuringFetchEndsTheRun() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.serveDirectory(fixturesDirectory.appendingPathComponent("feeds").path, at: "/feeds/")
        let data = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: data, feeds: server.url("/feeds/"))
        #expect(try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path + "/data"]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: data.path + "/data/catalogue.sqlite"))
        server.route("/feeds/uitzend-jobs.xml", .stream(totalBytes: 400_000, chunked: true))
        let limited = try CLI.run(["-c", "ulimit -f 256; trap '' XFSZ; exec \"$0\" \"$@\"", try CLI.binary.path,
                                   "run", "--pipeline", pipeline, "--data-dir", data.path + "/data", "--retries", "0"],
                                  executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(limited.status == 74, "\(limited.stdout)\n\(limited.stderr)")
        #expect(limited.stderr.contains("payload"), "\(limited.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: data.path + "/data/catalogue.sqlite")) == bytes)
        #expect(try leftovers(TemporaryDirectoryView(path: data.path + "/data")).isEmpty)
    }

    /// Temporary files anywhere in the data dir.
    /// A folder to look into.
    struct TemporaryDirectoryView { let path: String }

    func leftovers(_ data: TemporaryDirectory) throws -> [String] { try leftovers(TemporaryDirectoryView(path: data.path)) }

    func leftovers(_ data: TemporaryDirectoryView) throws -> [String] {
        let walker = FileManager.default.enumerator(atPath: data.path)
        var found: [String] = []
        while let path = walker?.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.contains(".tmp") || name.hasSuffix(".part") { found.append(path) }
        }
        return found
    }

    /// A run whose process died shows as interrupted, not running; the next command under the lock says so in the
    /// manifest and removes what the dead process left (temporary catalogue, journals, NDJSON, payload parts).
    @Test func deadRunIsInterruptedAndItsLeftoversGo() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").sorted().last)
        let manifestPath = data.path + "/runs/\(run)/manifest.json"
        let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
        // The run's own status (two spaces in: the steps' statuses are deeper).
        let killed = manifest.replacingOccurrences(of: "\n  \"status\" : \"succeeded\"", with: "\n  \"status\" : \"running\"")
        #expect(killed != manifest)
        try killed.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        // A pid that no live process has (above the kernel's pid_max).
        let dead = "4194305"
        let left = [".catalogue.sqlite.\(dead).tmp", ".catalogue.sqlite.\(dead).tmp-journal",
                    "runs/\(run)/normalised/.bron.ndjson.\(dead).tmp", "runs/\(run)/landing/payload.part"]
        for path in left {
            try FileManager.default.createDirectory(atPath: (data.path + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: data.path + "/" + path))
        }
        let list = try CLI.run(["status", "--data-dir", data.path])
        #expect(list.stdout.contains("interrupted"), "\(list.stdout)")
        #expect(try CLI.run(["status", "last", "--data-dir", data.path]).stdout.contains(": interrupted"))
        let next = try CLI.run(["run", "--data-dir", data.path])
        #expect(next.status == 0, "\(next.stdout)\n\(next.stderr)")
        let remaining = try leftovers(data)
        #expect(remaining.isEmpty, "\(remaining)")
        let marked = try String(contentsOfFile: manifestPath, encoding: .utf8)
        #expect(marked.contains("interrupted"))
    }

    /// A full disk (here: a file-size limit, which fails writes the same way) ends the run with
    /// exit 74 and leaves the published catalogue exactly as it was.
    @Test func fullDiskEndsTheRunCleanly() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let before = try digest(data)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: data.path + "/catalogue.sqlite"))

        // bash: files may grow to 64 KiB; SIGXFSZ ignored so write() fails with EFBIG instead.
        let limited = try CLI.run(["-c", "ulimit -f 64; trap '' XFSZ; exec \"$0\" \"$@\"", try CLI.binary.path,
                                   "run", "--data-dir", data.path], executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(limited.status == 74, "\(limited.stdout)\n\(limited.stderr)")
        // The night publishes in place: its commit failed, and the next opening rolls the journal back
        // (as any reader's does) to the very bytes that were published.
        #expect(try digest(data) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: data.path + "/catalogue.sqlite")) == bytes)
        #expect(!FileManager.default.fileExists(atPath: data.path + "/catalogue.sqlite-journal"))
        #expect(try integrity(data) == "ok")
        // And the next night, with room again, goes through.
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
    }
}
