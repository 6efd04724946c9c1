import Foundation
import Testing

/// Every error a user sees is one line naming what and why, with an exit code from the README's table.
@Suite("Command-line errors")
struct CLIErrorTests {
    @Test(arguments: [
        (["run", "--pipeline", "/nope/pipeline.yaml", "--data-dir", "DATA"], Int32(66), "/nope/pipeline.yaml: cannot read pipeline file: No such file or directory"),
        (["classify", "--evaluate", "/nope.tsv", "--data-dir", "DATA"], 66, "/nope.tsv: cannot read the labelled file: No such file or directory"),
        (["dedupe", "--evaluate", "/nonexistent"], 66, "/nonexistent: no such labelled set"),
        (["taxonomy", "import-esco", "/nope.csv", "--data-dir", "DATA"], 66, "/nope.csv: cannot read the ESCO file: No such file or directory"),
        (["status", "nosuchrun", "--data-dir", "DATA"], 66, "nosuchrun"),
        (["preview", "gemeente-breda", "--pipeline", "pipelines/west-brabant.yaml", "--file", "/nope.csv", "--data-dir", "DATA"], 66,
         "source 'gemeente-breda', /nope.csv: cannot open feed: No such file or directory"),
        (["classify", "--overrides", "/nope.tsv", "--data-dir", "DATA"], 66, "/nope.tsv: no such overrides file"),
        (["review", "decide", "chauffeur", "nosuchid", "--overrides", "DATA/o.tsv", "--data-dir", "DATA"], 64, "unknown occupation id 'nosuchid'"),
        (["export", "--status", "bogus", "--data-dir", "DATA"], 64, "--status must be open, closed, merged or any, not 'bogus'"),
        (["taxonomy", "search", "--limit", "0", "kok"], 64, "--limit must be at least 1"),
    ] as [([String], Int32, String)])
    func oneLineWithItsExitCode(arguments: [String], status: Int32, message: String) throws {
        let data = try TemporaryDirectory()
        let result = try CLI.run(arguments.map { $0.replacingOccurrences(of: "DATA", with: data.path) })
        #expect(result.status == status, "\(result.stderr)")
        // A usage error is ArgumentParser's: the line, then how to ask for help.
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage:") && !$0.hasPrefix("  See ") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"), "\(result.stderr)")
    }

    @Test func sourcesCheckOfAFileThatIsNotThereSaysSoAndExits66() throws {
        let data = try TemporaryDirectory()
        let result = try CLI.run(["sources", "check", "/nope/pipeline.yaml", "--data-dir", data.path])
        #expect(result.status == 66, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "error /nope/pipeline.yaml: cannot read pipeline file: No such file or directory\n", "\(result.stdout)")
    }

    /// Help is ArgumentParser's, on standard output with exit 0, for the root, a command and a subcommand.
    @Test(arguments: [["--help"], ["run", "--help"], ["bench", "night", "--help"], ["help", "serve"]])
    func helpIsPrintedAndExitsZero(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE:"), "\(result.stdout)")
        #expect(!result.stderr.contains("failed"), "\(result.stderr)")
    }

    @Test func versionIsPrinted() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(result.stdout)")
    }
}
