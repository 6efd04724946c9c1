import Foundation
import KaartenbakCommands
import Testing

/// The package root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The bundled fixtures folder.
let fixturesDirectory = packageRoot.appendingPathComponent("fixtures")

/// ../shared beside the checkout, when present (development and CI only).
let sharedDirectory: URL? = {
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}()

/// A fresh temporary folder, removed when the value is dropped by the test.
final class TemporaryDirectory: @unchecked Sendable {
    // @unchecked: the path is immutable; the folder is owned by one test.
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Result of one run of the real `kaartenbak` binary.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `kaartenbak` executable, as cron or an operator would.
enum CLI {
    static var binary: URL {
        get throws {
            let candidates = [".build/debug/kaartenbak", ".build/release/kaartenbak"]
                .map { packageRoot.appendingPathComponent($0) }
            // Next to the test bundle first: that is the build being tested.
            let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kaartenbak")
            let bundleSibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kaartenbak")
            for url in [beside, bundleSibling] + candidates where FileManager.default.isExecutableFile(atPath: url.path) {
                return url
            }
            throw CLIError.binaryMissing
        }
    }

    enum CLIError: Error { case binaryMissing }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    currentDirectory: URL = packageRoot, executable: URL? = nil) throws -> CLIResult {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "KAARTENBAK_HOME")
        for (key, value) in environment { env[key] = value }
        let child = try ChildProcess.run(try (executable ?? binary).path, arguments, input: Data((stdin ?? "").utf8),
                                         environment: env, currentDirectory: currentDirectory)
        return CLIResult(status: child.status, stdout: child.outputText, stderr: child.errorText)
    }
}

/// Writes the bundled pipeline into `folder` with its feeds read from `feeds` (a URL or a local
/// folder) instead of ../fixtures/feeds, after `edit`; returns the file's path.
@discardableResult
func writeBundledPipeline(into folder: TemporaryDirectory, feeds: String,
                          edit: (String) -> String = { $0 }) throws -> String {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("pipelines/west-brabant.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "../fixtures/feeds/", with: feeds.hasSuffix("/") ? feeds : feeds + "/")
    let path = folder.path + "/west-brabant.yaml"
    try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
