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
    ] as [([String], Int32, String)])
    func oneLineWithItsExitCode(arguments: [String], status: Int32, message: String) throws {
        let data = try TemporaryDirectory()
        let result = try CLI.run(arguments.map { $0 == "DATA" ? data.path : $0 })
        #expect(result.status == status, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"), "\(result.stderr)")
    }

    @Test func versionIsPrinted() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(result.stdout)")
    }
}
