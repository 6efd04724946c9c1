import Foundation
import GRDB
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
                let recovered = try CLI.run(["rerun", "last", "--data-dir", data.path])
                #expect(recovered.status == 0, "kill after \(step * 60) ms: \(recovered.stdout)\(recovered.stderr)")
            } else {
                // Killed before the run recorded anything: nothing to rerun; the next night starts afresh.
                #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
            }
            #expect(try digest(data) == expected, "kill after \(step * 60) ms")
            #expect(try integrity(data) == "ok")
        }
        #expect(killedBeforePublishing > 0, "some kills must land before publishing, or this test proves little")
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
        #expect(try Data(contentsOf: URL(fileURLWithPath: data.path + "/catalogue.sqlite")) == bytes)
        #expect(try digest(data) == before)
        #expect(try integrity(data) == "ok")
        // And the next night, with room again, goes through.
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
    }
}
