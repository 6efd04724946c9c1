import Foundation
import GRDB
import Pipeline
import PostgresCatalogue
import PostgresNIO
import Testing
@testable import KaartenbakCore

/// The bundled pipeline over the fixtures, publishing to SQLite and PostgreSQL.
private func postgresPipeline(in folder: TemporaryDirectory) throws -> String {
    try writeBundledPipeline(into: folder, feeds: fixturesDirectory.path + "/feeds/") {
        $0.replacingOccurrences(of: "  export: true\n", with: "  export: true\n  targets: [sqlite, postgres]\n")
    }
}

/// The run the SQLite catalogue in `data` holds.
private func sqliteRunId(_ data: TemporaryDirectory) throws -> String? {
    try DatabaseQueue(path: data.path + "/catalogue.sqlite").read {
        try String.fetchOne($0, sql: "SELECT value FROM catalogue_info WHERE key = 'run_id'")
    }
}

/// Every file the runs left in `data` (manifests, reports, logs of steps) and the output, none holding `secret`.
private func expectNoSecret(_ secret: String, in data: TemporaryDirectory, outputs: [CLIResult]) throws {
    for output in outputs {
        #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret), "the password is in the output")
    }
    let files = FileManager.default.enumerator(atPath: data.path)
    while let name = files?.nextObject() as? String {
        guard let bytes = FileManager.default.contents(atPath: data.path + "/" + name) else { continue }
        #expect(bytes.range(of: Data(secret.utf8)) == nil, "the password is in \(name)")
    }
}

/// The order each table is compared in (its key), in both databases.
private let tableKeys: [(table: String, key: String)] = [
    ("vacancies", "id"), ("vacancy_sources", "source, source_record_id"), ("changes", "run_id, vacancy_id"),
    ("identity_events", "seq"), ("source_runs", "run_id, source"), ("catalogue_info", "key"),
]

/// PostgreSQL's `schema` holds what the SQLite catalogue holds: the same columns in the same order, the same
/// rows, each value equal as its PostgreSQL type reads it (JSON compared as JSON, dates as ISO text).
private func expectMirror(of sqlitePath: String, in schema: String, _ connection: PostgresConnection) async throws {
    let sqlite = try DatabaseQueue(path: sqlitePath)
    for (table, key) in tableKeys {
        let columns = try await connection.texts("""
            SELECT column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = '\(schema)' AND table_name = '\(table)' ORDER BY ordinal_position
            """)
        let names = columns.map { $0[0]! }
        let types = columns.map { $0[1]! }
        let (sqliteNames, sqliteRows) = try sqlite.read { db in
            (try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String },
             try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(key)"))
        }
        #expect(names == sqliteNames, "\(schema).\(table) has SQLite's columns in SQLite's order")
        guard names == sqliteNames else { continue }
        let pgRows = try await connection.texts(
            "SELECT \(names.map { "\"\($0)\"::text" }.joined(separator: ", ")) FROM \(schema).\(table) ORDER BY \(key)")
        #expect(pgRows.count == sqliteRows.count, "\(table): as many rows in PostgreSQL as in SQLite")
        var differences: [String] = []
        for (sqliteRow, pgRow) in zip(sqliteRows, pgRows) {
            for index in names.indices where !same(sqliteRow[index] as DatabaseValue, pgRow[index], type: types[index]) {
                differences.append("\(table).\(names[index]) of \(sqliteRow[0] as DatabaseValue): SQLite \(sqliteRow[index] as DatabaseValue), PostgreSQL \(pgRow[index] ?? "NULL")")
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }
}

/// A SQLite value and PostgreSQL's text of the same value, compared as the PostgreSQL type means it.
private func same(_ value: DatabaseValue, _ text: String?, type: String) -> Bool {
    guard let text else { return value.isNull }
    if value.isNull { return false }
    switch type {
    case "double precision": return Double.fromDatabaseValue(value) == Double(text)
    case "bigint": return Int64.fromDatabaseValue(value) == Int64(text)
    case "boolean": return (Int64.fromDatabaseValue(value).map { $0 != 0 }) == (text == "true")
    case "jsonb":
        guard let json = String.fromDatabaseValue(value),
              let left = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? NSObject,
              let right = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? NSObject else { return false }
        return left.isEqual(right)
    default: return String.fromDatabaseValue(value) == text
    }
}

private func runId(in schema: String, _ connection: PostgresConnection) async throws -> String? {
    try await connection.texts("SELECT value FROM \(schema).catalogue_info WHERE key = 'run_id'").first?[0] ?? nil
}

private func kaartenbakSchemas(_ connection: PostgresConnection) async throws -> [String] {
    try await connection.texts("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'kaartenbak%' ORDER BY 1").map { $0[0]! }
}

/// The manifest's step for the postgres target of the run `runId`.
private func postgresStep(_ data: TemporaryDirectory, _ runId: String) throws -> StepRecord? {
    try RunStore(root: data.path).loadCurrentManifest(runId).step(.publish, "postgres")
}

@Suite("PostgreSQL publish target (real server)", .serialized, .enabled(if: PostgresCluster.runs, PostgresCluster.skipReason))
struct PostgresTargetTests {
    @Test func nightsAreCopiedAndSwappedInKeepingTheNightBefore() async throws {
        let cluster = try PostgresCluster()
        let data = try TemporaryDirectory(), folder = try TemporaryDirectory()
        let pipeline = try postgresPipeline(in: folder)
        let env = ["KAARTENBAK_POSTGRES_URL": cluster.url]
        let connection = try await cluster.connect()
        defer { Task { try? await connection.close() } }

        var outputs: [CLIResult] = []
        var runs: [String] = []
        for night in 1...3 {
            let result = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path], environment: env)
            outputs.append(result)
            #expect(result.status == 0, "night \(night): \(result.stderr)")
            let run = try #require(try sqliteRunId(data))
            runs.append(run)
            let step = try #require(try postgresStep(data, run))
            #expect(step.status == .succeeded, "\(step)")
            #expect(result.stdout.contains("publish    postgres"), "the summary lists the target's step")
            try await expectMirror(of: data.path + "/catalogue.sqlite", in: "kaartenbak", connection)
            #expect(try await runId(in: "kaartenbak", connection) == run)
            let vacancies = try await connection.texts("SELECT count(*)::text FROM kaartenbak.vacancies").first?[0] ?? nil
            #expect(vacancies.flatMap { Int($0) } == step.counts["vacancies"])
            let sqliteVacancies = try await DatabaseQueue(path: data.path + "/catalogue.sqlite").read { try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancies") }
            #expect(step.counts["vacancies"] == sqliteVacancies && (sqliteVacancies ?? 0) > 20, "\(step.counts)")
            if night == 1 {
                #expect(try await kaartenbakSchemas(connection) == ["kaartenbak"])
            } else {
                // The night before stays whole as the baseline; the one before that is gone.
                #expect(try await kaartenbakSchemas(connection) == ["kaartenbak", "kaartenbak_previous"])
                #expect(try await runId(in: "kaartenbak_previous", connection) == runs[night - 2])
            }
        }
        // The view and the indexes a dashboard reads through.
        let open = try await connection.texts("SELECT count(*)::text FROM kaartenbak.open_vacancies").first?[0] ?? nil
        let sqliteOpen = try await DatabaseQueue(path: data.path + "/catalogue.sqlite").read { try Int.fetchOne($0, sql: "SELECT count(*) FROM open_vacancies") }
        #expect(open.flatMap { Int($0) } == sqliteOpen)
        let indexes = try await connection.texts("SELECT indexname::text FROM pg_indexes WHERE schemaname = 'kaartenbak' AND tablename = 'vacancies' ORDER BY 1").map { $0[0]! }
        #expect(indexes.contains("vacancies_pkey") && indexes.contains("vacancies_region_status"), "\(indexes)")
        try expectNoSecret(cluster.password, in: data, outputs: outputs)
    }

    @Test func aServerDownFailsTheTargetAloneAndRerunRedoesIt() async throws {
        let cluster = try PostgresCluster()
        let data = try TemporaryDirectory(), folder = try TemporaryDirectory()
        let pipeline = try postgresPipeline(in: folder)
        let env = ["KAARTENBAK_POSTGRES_URL": cluster.url]
        let first = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let night1 = try #require(try sqliteRunId(data))

        try cluster.stop()
        let down = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path], environment: env)
        #expect(down.status == 5, "the target failed, SQLite published: \(down.stdout)\n\(down.stderr)")
        let night2 = try #require(try sqliteRunId(data))
        #expect(night2 != night1, "the SQLite catalogue is published whatever PostgreSQL does")
        let step = try #require(try postgresStep(data, night2))
        #expect(step.status == .failed)
        let error = try #require(step.error)
        #expect(error.contains("postgres") && error.contains("cannot connect") && !error.contains("\n"), "\(error)")
        #expect(step.errorCode == "publish-target")
        let sqlitePublished = try RunStore(root: data.path).loadCurrentManifest(night2).step(.publish, "*")?.startedAt
        let status = try CLI.run(["status", "last", "--data-dir", data.path])
        #expect(status.stdout.contains("publish    postgres") && status.stdout.contains("failed"), "\(status.stdout)")

        try cluster.start()
        let connection = try await cluster.connect()
        defer { Task { try? await connection.close() } }
        #expect(try await runId(in: "kaartenbak", connection) == night1, "the night before is still the one readers see")

        let rerun = try CLI.run(["rerun", "last", "--data-dir", data.path], environment: env)
        #expect(rerun.status == 0, "\(rerun.stdout)\n\(rerun.stderr)")
        #expect(try sqliteRunId(data) == night2)
        #expect(try await runId(in: "kaartenbak", connection) == night2)
        #expect(try await runId(in: "kaartenbak_previous", connection) == night1)
        try await expectMirror(of: data.path + "/catalogue.sqlite", in: "kaartenbak", connection)
        // The rerun redid the target alone: SQLite's publish step is the one of the night itself.
        let manifest = try RunStore(root: data.path).loadCurrentManifest(night2)
        #expect(sqlitePublished != nil && manifest.step(.publish, "*")?.startedAt == sqlitePublished)
        #expect(manifest.status == .succeeded)
        try expectNoSecret(cluster.password, in: data, outputs: [first, down, status, rerun])
    }

    @Test func aPublisherKilledInTheSwapLeavesTheNightBefore() async throws {
        let cluster = try PostgresCluster()
        let data = try TemporaryDirectory(), folder = try TemporaryDirectory()
        let pipeline = try postgresPipeline(in: folder)
        let env = ["KAARTENBAK_POSTGRES_URL": cluster.url]
        for _ in 1...2 {
            let result = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path], environment: env)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let night2 = try #require(try sqliteRunId(data))
        let observer = try await cluster.connect()
        let reader = try await cluster.connect()
        defer { Task { try? await observer.close(); try? await reader.close() } }
        // A dashboard reading last night's baseline in a transaction: the swap must wait for it.
        _ = try await reader.texts("BEGIN")
        let before = try await reader.texts("SELECT count(*)::text FROM kaartenbak_previous.vacancies")
        #expect(before.count == 1)

        let night3 = Task.detached { try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path], environment: env) }
        var publisher: String?
        for _ in 0..<1200 where publisher == nil {
            publisher = try await observer.texts("""
                SELECT pid::text FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DROP SCHEMA%'
                """).first?[0] ?? nil
            if publisher == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let pid = try #require(publisher, "the publisher reached the swap and waits for the reader")
        // The server ends the publisher's connection in the middle of its swap transaction.
        _ = try await observer.texts("SELECT pg_terminate_backend(\(pid))::text")
        _ = try await reader.texts("COMMIT")
        let result = try await night3.value
        #expect(result.status == 5, "\(result.stdout)\n\(result.stderr)")
        let run3 = try #require(try sqliteRunId(data))
        let step = try #require(try postgresStep(data, run3))
        #expect(step.status == .failed && step.error?.contains("\n") == false, "\(step)")
        #expect(try await runId(in: "kaartenbak", observer) == night2, "readers still see the night before, whole")
        let rows = try await observer.texts("SELECT count(*)::text FROM kaartenbak.vacancies").first?[0] ?? nil
        #expect(rows.flatMap { Int($0) } == (try postgresStep(data, night2))?.counts["vacancies"])

        // The next publication clears what the killed one left and swaps in.
        let rerun = try CLI.run(["rerun", "last", "--data-dir", data.path], environment: env)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try await kaartenbakSchemas(observer) == ["kaartenbak", "kaartenbak_previous"])
        #expect(try await runId(in: "kaartenbak", observer) == run3)
        try await expectMirror(of: data.path + "/catalogue.sqlite", in: "kaartenbak", observer)
    }
}

/// What needs no server: the definition, and a target that cannot be reached.
@Suite("PostgreSQL publish target without a server")
struct PostgresTargetConfigurationTests {
    static let good = """
        version: 1
        pipeline: test
        publish:
          targets: [sqlite, postgres]
        sources:
          - name: feed-a
            publisher: agency
            url: https://example.org/a.xml
            format: xml
            record: jobs/job
            fields:
              id: jobId
              title: jobTitle
        """

    @Test func targetsAreRead() throws {
        let pipeline = try DefinitionLoader.parse(yaml: Self.good, file: "regio.yaml")
        #expect(pipeline.publish.targets == [.sqlite, .postgres])
        #expect(pipeline.publish.mirrors == [.postgres])
        let reversed = try DefinitionLoader.parse(yaml: Self.good.replacingOccurrences(of: "[sqlite, postgres]", with: "[postgres, sqlite]"), file: "regio.yaml")
        #expect(reversed.publish.targets == [.sqlite, .postgres], "SQLite is published first whatever the order")
        let plain = try DefinitionLoader.parse(yaml: Self.good.replacingOccurrences(of: "publish:\n  targets: [sqlite, postgres]\n", with: ""), file: "regio.yaml")
        #expect(plain.publish.targets == [.sqlite])
    }

    @Test(arguments: [("[sqlite, mysql]", "unknown publish target 'mysql' (known: sqlite, postgres)"),
                      ("[postgres]", "must include sqlite"),
                      ("[sqlite, sqlite]", "duplicate publish target 'sqlite'"),
                      ("postgres", "expected a list of targets")])
    func badTargetsAreRefusedWithFileLineAndKey(targets: String, words: String) throws {
        let yaml = Self.good.replacingOccurrences(of: "[sqlite, postgres]", with: targets)
        let error = try #require(throws: KaartenbakError.self) { try DefinitionLoader.parse(yaml: yaml, file: "regio.yaml") }
        #expect(error.code == .configuration)
        #expect(error.message.contains(words), "\(error)")
        #expect(error.location?.file == "regio.yaml" && error.location?.line == 4 && error.location?.key == "publish.targets", "\(error)")
    }

    @Test(arguments: [
        ("postgres://dash:p%40ss@db.example.org:6543/vacatures?sslmode=require", "postgres://dash@db.example.org:6543/vacatures"),
        ("postgresql://dash:geheim@localhost/vacatures", "postgres://dash@localhost:5432/vacatures"),
        ("postgres://dash:geheim@localhost:5433/vacatures?host=/run/postgresql", "postgres://dash@/vacatures?socket=/run/postgresql/.s.PGSQL.5433"),
    ])
    func urlsAreReadAndShownWithoutThePassword(url: String, shown: String) throws {
        let location = try PostgresLocation(url: url)
        #expect(location.description == shown)
        #expect(!location.description.contains("geheim") && !location.description.contains("p@ss"))
        if url.contains("sslmode=require") { #expect(location.tls == .require) }
        if url.contains("host=/") { #expect(location.tls == .disable) }
    }

    @Test(arguments: ["mysql://dash:geheim@db/vacatures", "postgres://db.example.org/vacatures?password=geheim",
                      "postgres://dash:geheim@db/vacatures?sslmode=sometimes"])
    func badURLsAreRefusedWithoutThePassword(url: String) throws {
        let error = try #require(throws: KaartenbakError.self) { try PostgresLocation(url: url) }
        #expect(error.code == .configuration && error.description.contains("KAARTENBAK_POSTGRES_URL"))
        #expect(!error.description.contains("geheim"), "\(error)")
    }

    @Test func aDefinitionWithAnUnknownTargetExits78() throws {
        let folder = try TemporaryDirectory(), data = try TemporaryDirectory()
        let pipeline = try writeBundledPipeline(into: folder, feeds: fixturesDirectory.path + "/feeds/") {
            $0.replacingOccurrences(of: "  export: true\n", with: "  export: true\n  targets: [sqlite, oracle]\n")
        }
        let result = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("west-brabant.yaml:") && result.stderr.contains("publish.targets") && result.stderr.contains("'oracle'"), "\(result.stderr)")
    }

    @Test func withoutTheURLOrTheServerOnlyTheTargetFails() throws {
        let folder = try TemporaryDirectory(), data = try TemporaryDirectory()
        let pipeline = try postgresPipeline(in: folder)
        let unset = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path], environment: ["KAARTENBAK_POSTGRES_URL": ""])
        #expect(unset.status == 5, "\(unset.stderr)")
        let night = try #require(try sqliteRunId(data), "SQLite is published")
        #expect(try postgresStep(data, night)?.error?.contains("KAARTENBAK_POSTGRES_URL is not set") == true)

        // A server that is not there, with a password in the URL: the failure names the place, never the password.
        let secret = "s3cret-\(UUID().uuidString)"
        let url = "postgres://kaartenbak:\(secret)@localhost:5432/postgres?host=\(folder.path)/no-server"
        let down = try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data.path, "--log-level", "trace"],
                               environment: ["KAARTENBAK_POSTGRES_URL": url])
        #expect(down.status == 5, "\(down.stderr)")
        let downRun = try #require(try sqliteRunId(data))
        let error = try #require(try postgresStep(data, downRun)?.error)
        #expect(error.contains("cannot connect to postgres://kaartenbak@") && error.contains("No such file or directory"), "\(error)")
        try expectNoSecret(secret, in: data, outputs: [unset, down])
    }
}
