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

    /// Runs a tool and waits for it with waitpid. Not Foundation's Process: its exit monitoring waits for
    /// a descriptor that the server pg_ctl starts inherits, so `waitUntilExit` would wait for the server.
    @discardableResult
    static func shell(_ path: String, _ arguments: [String]) throws -> ToolResult {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-tool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ClusterError("cannot start \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return ToolResult(status: exitStatus, output: String(decoding: data, as: UTF8.self))
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
