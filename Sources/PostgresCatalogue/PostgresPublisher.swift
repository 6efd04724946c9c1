import Foundation
import Catalogue
import GRDB
import KaartenbakCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Publishes the committed SQLite catalogue into PostgreSQL: the night is copied (COPY) into a fresh
/// staging schema, keyed and indexed there, and swapped in by one transaction that renames the
/// current schema to the previous one and the staging schema to the current one. Readers of
/// `kaartenbak.*` see last night or tonight, never part of a night; `kaartenbak_previous.*` keeps
/// last night as the baseline; anything older is dropped by the swap. A failure at any point
/// leaves both schemas as they were (docs/postgres.md).
///
/// SQLite stays the system of record: this reads its committed file read-only, so PostgreSQL holds
/// exactly what SQLite holds, and a failed copy never touches it.
public struct PostgresPublisher: Sendable {
    public static let currentSchema = "kaartenbak"
    public static let previousSchema = "kaartenbak_previous"
    public static let stagingPrefix = "kaartenbak_staging_"
    /// pg_try_advisory_lock key ("kaartenb" in ASCII): one publisher at a time per database.
    static let lockKey: Int64 = 0x6B61_6172_7465_6E62
    /// How long the swap waits for readers' locks on the schemas it renames or drops before it gives
    /// up (and leaves both schemas as they were).
    static let swapLockTimeout = "60s"
    /// Rows read from SQLite and sent per COPY message batch.
    static let batchRows = 2_000

    public let location: PostgresLocation
    let logger: Logger

    public init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    /// What a publication copied.
    public struct Summary: Sendable {
        public var runId: String
        public var rows: [String: Int]
        public var schema: String
    }

    /// Copies the catalogue at `catalogue` into PostgreSQL and swaps it in. `runId`, when given, must be
    /// the run the catalogue holds: a rerun of an older run must not publish a newer night under its name.
    public func publish(catalogue path: String, runId expected: String? = nil) async throws -> Summary {
        let source = try CatalogueSnapshot(path: path)
        defer { source.close() }
        let runId = try source.runId()
        if let expected, runId != expected {
            throw KaartenbakError(.usage, "the SQLite catalogue now holds run \(runId), not run \(expected): publish that run (kaartenbak rerun \(runId) --stage publish)")
        }
        try source.checkColumns()
        let staging = Self.stagingPrefix + runId.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        logger.info("postgres: publishing", metadata: ["target": "\(location)", "run": "\(runId)", "staging": "\(staging)"])

        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try location.configuration(), id: 1, logger: logger)
        } catch {
            throw failure("cannot connect to \(location)", error)
        }
        var rows: [String: Int] = [:]
        do {
            try await lock(connection)
            try await dropLeftovers(connection)
            try await run(connection, "CREATE SCHEMA \(MirrorSchema.quoted(staging))", doing: "creating the staging schema")
            try await run(connection, "SET search_path TO \(MirrorSchema.quoted(staging))", doing: "creating the staging schema")
            for table in MirrorSchema.tables {
                try await run(connection, MirrorSchema.createTable(table), doing: "creating \(table.name)")
                rows[table.name] = try await copy(table, from: source, into: connection)
                for statement in MirrorSchema.constraints(table) {
                    try await run(connection, statement, doing: "indexing \(table.name)")
                }
                try await run(connection, "ANALYZE \(MirrorSchema.quoted(table.name))", doing: "analysing \(table.name)")
            }
            for view in MirrorSchema.views { try await run(connection, view, doing: "creating the views") }
            try await swap(in: staging, connection)
        } catch {
            // Best effort: the next publication drops whatever staging schema is left anyway.
            let drop = PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(MirrorSchema.quoted(staging)) CASCADE")
            await Self.tidy(connection) { try await $0.query(drop, logger: logger) }
            await Self.tidy(connection) { try await $0.close() }
            throw error as? KaartenbakError ?? failure("publishing into \(location)", error)
        }
        await Self.tidy(connection) { try await $0.close() }
        logger.info("postgres: published", metadata: ["target": "\(location)", "run": "\(runId)",
                                                      "vacancies": "\(rows["vacancies"] ?? 0)"])
        return Summary(runId: runId, rows: rows, schema: Self.currentSchema)
    }

    private func lock(_ connection: PostgresConnection) async throws {
        let rows = try await query(connection, "SELECT pg_try_advisory_lock(\(Self.lockKey))", doing: "taking the publish lock")
        for try await locked in rows.decode(Bool.self) where !locked {
            throw KaartenbakError(.locked, "another publisher is writing to \(location) (advisory lock held)")
        }
    }

    /// Staging schemas a publication that died left behind: never read by anyone.
    private func dropLeftovers(_ connection: PostgresConnection) async throws {
        let pattern = Self.stagingPrefix.replacingOccurrences(of: "_", with: "\\_") + "%"
        let rows = try await connection.query("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE \(pattern)", logger: logger)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        for name in names {
            try await run(connection, "DROP SCHEMA \(MirrorSchema.quoted(name)) CASCADE", doing: "dropping the leftover \(name)")
        }
    }

    /// The swap: one transaction, so a reader resolves `kaartenbak.` to last night or tonight.
    private func swap(in staging: String, _ connection: PostgresConnection) async throws {
        let current = MirrorSchema.quoted(Self.currentSchema), previous = MirrorSchema.quoted(Self.previousSchema)
        try await run(connection, "BEGIN", doing: "swapping the schemas")
        do {
            try await run(connection, "SET LOCAL lock_timeout = '\(Self.swapLockTimeout)'", doing: "swapping the schemas")
            try await run(connection, "DROP SCHEMA IF EXISTS \(previous) CASCADE", doing: "dropping the night before last")
            let rows = try await connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = \(Self.currentSchema)", logger: logger)
            var exists = false
            for try await count in rows.decode(Int.self) { exists = count > 0 }
            if exists {
                try await run(connection, "ALTER SCHEMA \(current) RENAME TO \(previous)", doing: "keeping last night as \(Self.previousSchema)")
            }
            try await run(connection, "ALTER SCHEMA \(MirrorSchema.quoted(staging)) RENAME TO \(current)", doing: "swapping the schemas")
            try await run(connection, "COMMIT", doing: "committing the swap")
        } catch {
            let logger = self.logger
            await Self.tidy(connection) { try await $0.query("ROLLBACK", logger: logger) }
            throw error
        }
    }

    /// Cleanup after a failure, on a connection that may be gone: skipped when it is closed, and given up
    /// after a few seconds (a query written to a connection the server just ended may never be answered);
    /// the server rolls back and the next publication drops leftovers anyway.
    static func tidy(_ connection: PostgresConnection, _ work: @escaping @Sendable (PostgresConnection) async throws -> Void) async {
        guard !connection.isClosed else { return }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let once = Once()
            Task {
                try? await work(connection)
                if once.claim() { done.resume() }
            }
            Task {
                try? await Task.sleep(for: .seconds(5))
                if once.claim() { done.resume() }
            }
        }
    }

    /// Streams one table from SQLite into COPY, a batch of rows at a time.
    private func copy(_ table: MirrorSchema.Table, from source: CatalogueSnapshot, into connection: PostgresConnection) async throws -> Int {
        var total = 0
        do {
            try await connection.copyFrom(table: table.name, columns: table.columnNames, logger: logger) { writer in
                var after: [DatabaseValue]? = nil
                while true {
                    let batch = try source.batch(table, after: after, limit: Self.batchRows)
                    if batch.count == 0 { break }
                    try await writer.write(ByteBuffer(bytes: batch.bytes))
                    total += batch.count
                    after = batch.lastKey
                    if batch.count < Self.batchRows { break }
                }
            }
        } catch let error as KaartenbakError {
            throw error
        } catch {
            throw failure("copying \(table.name) into \(location)", error)
        }
        return total
    }

    @discardableResult
    private func query(_ connection: PostgresConnection, _ sql: String, doing what: String) async throws -> PostgresRowSequence {
        do {
            // Only our own identifiers and constants go into this text; values are bound.
            return try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw failure("\(what) in \(location)", error)
        }
    }

    private func run(_ connection: PostgresConnection, _ sql: String, doing what: String) async throws {
        try await query(connection, sql, doing: what)
    }

    /// One line: what failed and the server's (or the socket's) reason. postgres-nio's own description
    /// is deliberately generic; the server's message names no password.
    func failure(_ what: String, _ error: any Error) -> KaartenbakError {
        KaartenbakError(.target, "postgres: \(what): \(Self.reason(error))")
    }

    static func reason(_ error: any Error) -> String {
        var text: String
        if let error = error as? KaartenbakError {
            text = error.description
        } else if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                text = message
                if let state = error.serverInfo?[.sqlState] { text += " (SQLSTATE \(state))" }
                if let context = error.serverInfo?[.locationContext] { text += "; " + context }
            } else if let underlying = error.underlying {
                text = reason(underlying)
            } else {
                switch error.code {
                case .serverClosedConnection: text = "the server closed the connection"
                case .clientClosedConnection: text = "the connection was closed"
                case .connectionError: text = "no connection"
                default: text = "\(error.code)"
                }
            }
        } else if let error = error as? IOError {
            text = String(cString: strerror(error.errnoCode))
        } else if let error = error as? NIOConnectionError {
            text = error.connectionErrors.first.map { reason($0.error) } ?? "cannot connect"
        } else if error is ChannelError {
            text = "the connection failed (\(error))"
        } else {
            text = "\(error)"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// True for the first caller only.
private final class Once: @unchecked Sendable {
    // @unchecked: `claimed` is only touched under `lock`.
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool { lock.withLock { defer { claimed = true }; return !claimed } }
}

/// The committed catalogue, read-only, in one read transaction: every table of the copy comes from
/// the same night even if a later publication were to commit meanwhile.
final class CatalogueSnapshot: @unchecked Sendable {
    // @unchecked: used by one publication, one batch at a time.
    private let queue: DatabaseQueue

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KaartenbakError(.notFound, "there is no published SQLite catalogue to copy", at: Location(file: path))
        }
        do {
            try CatalogueFile.recover(path)
            var configuration = Configuration()
            configuration.readonly = true
            // The read transaction spans the batches, each its own database access.
            configuration.allowsUnsafeTransactions = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.inDatabase { try $0.execute(sql: "BEGIN") }
        } catch {
            throw KaartenbakError(.io, "cannot read the SQLite catalogue", at: Location(file: path), cause: error)
        }
    }

    func close() {
        try? queue.inDatabase { try $0.execute(sql: "ROLLBACK") }
        try? queue.close()
    }

    func runId() throws -> String {
        guard let id = try queue.inDatabase({ try String.fetchOne($0, sql: "SELECT value FROM catalogue_info WHERE key = 'run_id'") }) else {
            throw KaartenbakError(.io, "the SQLite catalogue names no run (catalogue_info.run_id)")
        }
        return id
    }

    /// The catalogue's columns must be the mirror's: a schema change in SQLite that the mirror does not
    /// know would otherwise drop a column from PostgreSQL without a word.
    func checkColumns() throws {
        for table in MirrorSchema.tables {
            let names = try queue.inDatabase { db in
                try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.name))").map { $0["name"] as String }
            }
            guard names == table.columnNames else {
                throw KaartenbakError(.target, "postgres: the SQLite catalogue's \(table.name) has columns \(names.joined(separator: ",")); this build copies \(table.columnNames.joined(separator: ","))")
            }
        }
    }

    struct Batch {
        var bytes: [UInt8]
        var count: Int
        var lastKey: [DatabaseValue]
    }

    /// Up to `limit` rows after `after` in key order, as COPY text lines.
    func batch(_ table: MirrorSchema.Table, after: [DatabaseValue]?, limit: Int) throws -> Batch {
        let columns = table.columnNames.map(MirrorSchema.quoted).joined(separator: ", ")
        let key = table.key.map(MirrorSchema.quoted).joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \(MirrorSchema.quoted(table.name))"
        var arguments = StatementArguments()
        if let after {
            sql += " WHERE (\(key)) > (\(Array(repeating: "?", count: after.count).joined(separator: ", ")))"
            arguments = StatementArguments(after)
        }
        sql += " ORDER BY \(key) LIMIT \(limit)"
        let keyIndexes = table.key.map { name in table.columnNames.firstIndex(of: name)! }
        return try queue.inDatabase { db in
            var batch = Batch(bytes: [], count: 0, lastKey: [])
            batch.bytes.reserveCapacity(limit * 256)
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                for index in 0..<table.columns.count {
                    if index > 0 { batch.bytes.append(0x09) }
                    try CopyText.append(row[index] as DatabaseValue, column: table.columns[index].name, to: &batch.bytes)
                }
                batch.bytes.append(0x0A)
                batch.count += 1
                batch.lastKey = keyIndexes.map { row[$0] as DatabaseValue }
            }
            return batch
        }
    }
}

/// PostgreSQL's COPY text format: tab between columns, `\N` for null, backslash escapes.
enum CopyText {
    static func append(_ value: DatabaseValue, column: String, to bytes: inout [UInt8]) throws {
        switch value.storage {
        case .null:
            bytes.append(contentsOf: [0x5C, 0x4E])
        case .int64(let number):
            bytes.append(contentsOf: Array(String(number).utf8))
        case .double(let number):
            // Swift prints the shortest text that reads back to the same double; PostgreSQL's
            // float8 input reads it exactly.
            bytes.append(contentsOf: Array("\(number)".utf8))
        case .string(let text):
            for byte in text.utf8 {
                switch byte {
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default: bytes.append(byte)
                }
            }
        case .blob:
            throw KaartenbakError(.target, "postgres: column \(column) holds binary data, which the catalogue never writes")
        }
    }
}
