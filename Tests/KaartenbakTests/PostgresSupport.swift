import Foundation
import Logging
import PostgresNIO
import Testing

/// A throwaway PostgreSQL cluster: initdb in a temporary folder, a server listening only on a unix
/// socket in that folder, password (SCRAM) authentication, stopped and removed at the end.
/// As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
final class PostgresCluster: @unchecked Sendable {
    // @unchecked: owned by one test; its fields do not change after init.
    static let user = "kaartenbak"
    static let port = 5432

    /// `initdb` and `pg_ctl`'s folder: `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin.
    static let binDirectory: String? = {
        var candidates: [String] = []
        if let output = try? shell("/bin/sh", ["-c", "pg_config --bindir 2>/dev/null"]).output {
            candidates.append(output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }()

    /// CI sets KAARTENBAK_REQUIRE_POSTGRES=1: there a missing PostgreSQL fails the tests instead of skipping them.
    static let required = ProcessInfo.processInfo.environment["KAARTENBAK_REQUIRE_POSTGRES"] == "1"
    /// Whether the tests that need a server run: always in CI, elsewhere when PostgreSQL is installed.
    static let runs = required || binDirectory != nil
    static let skipReason: Comment = "PostgreSQL is not installed (no initdb from pg_config --bindir or /usr/lib/postgresql/*/bin): apt-get install postgresql to run the PostgreSQL target's tests"

    let folder: TemporaryDirectory
    let dataDirectory: String
    let socketDirectory: String
    let password: String
    private let bin: String
    private let runAs: String?

    init() throws {
        guard let bin = Self.binDirectory else {
            throw ClusterError("PostgreSQL is required here (KAARTENBAK_REQUIRE_POSTGRES=1) but initdb was not found")
        }
        self.bin = bin
        folder = try TemporaryDirectory()
        socketDirectory = folder.path + "/pg"
        dataDirectory = socketDirectory + "/data"
        password = "pw-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        let passwordFile = socketDirectory + "/pwfile"
        try (password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        runAs = getuid() == 0 ? "postgres" : nil
        if runAs != nil {
            try Self.shell("/bin/chown", ["-R", "postgres", socketDirectory]).check("chown")
        }
        try run("initdb", ["-D", dataDirectory, "-U", Self.user, "--auth=scram-sha-256", "--pwfile=" + passwordFile,
                           "-E", "UTF8", "--no-locale", "--no-sync"]).check("initdb")
        try start()
    }

    deinit {
        _ = try? run("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    func start() throws {
        try run("pg_ctl", ["-D", dataDirectory, "-w", "-l", socketDirectory + "/server.log",
                           "-o", "-c listen_addresses='' -k \(socketDirectory) -p \(Self.port) -c fsync=off",
                           "start"]).check("pg_ctl start")
    }

    func stop() throws {
        try run("pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "stop"]).check("pg_ctl stop")
    }

    /// What the publish target is given: the socket folder and the password, as an operator would set it.
    var url: String { "postgres://\(Self.user):\(password)@localhost:\(Self.port)/postgres?host=\(socketDirectory)" }

    /// A connection of the test's own, to read what was published.
    func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: .init(unixSocketPath: socketDirectory + "/.s.PGSQL.\(Self.port)", username: Self.user,
                                 password: password, database: "postgres"),
            id: 99, logger: Logger(label: "test"))
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> ToolResult {
        if let runAs {
            return try Self.shell("/usr/sbin/runuser", ["-u", runAs, "--", bin + "/" + tool] + arguments)
        }
        return try Self.shell(bin + "/" + tool, arguments)
    }

    @discardableResult
    static func shell(_ path: String, _ arguments: [String]) throws -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // A file, not a pipe: the server pg_ctl starts inherits the descriptor and would hold a pipe open.
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-tool-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try output.close()
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return ToolResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    struct ClusterError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// How a tool ended; `check` turns a failure into an error with its output.
struct ToolResult {
    var status: Int32
    var output: String

    func check(_ what: String) throws {
        guard status == 0 else { throw PostgresCluster.ClusterError("\(what) failed (\(status)): \(output)") }
    }
}

extension PostgresConnection {
    /// Every row of a query, each column as PostgreSQL's text (nil for null).
    func texts(_ sql: String) async throws -> [[String?]] {
        var result: [[String?]] = []
        for try await row in try await query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test")) {
            var values: [String?] = []
            for cell in row { values.append(try cell.decode(String?.self)) }
            result.append(values)
        }
        return result
    }
}
