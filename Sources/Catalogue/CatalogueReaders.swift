import Foundation
import GRDB
import GRDBSQLite
import KaartenbakCore
import Logging

/// Read-only connections to the published catalogue for a long-running reader (`kaartenbak serve`),
/// that follow it across publishes without a restart:
///
/// - **In place**, the file stays the same and a night commits in one transaction: each read runs
///   in a short read transaction of its own, so it sees the night before or the night after. The
///   rollback journal lets the writer commit only once no reader holds the file (its busy timeout
///   is 60 s); a new reader waits while the commit holds it (`busyTimeout`), so neither fails.
/// - **A new file** is renamed over the old one: every read first looks at the path's inode, and a
///   new inode opens a new set of connections. Reads already running keep the old set (and the old
///   file, which the rename unlinked but which stays readable while open) until they finish; the
///   old set closes when the last of them lets go of it.
///
/// Each read is bounded by `queryTimeout` through SQLite's progress handler: a query past it is
/// interrupted and fails with `QueryTimeout` instead of holding a connection (and the writer).
public final class CatalogueReaders: @unchecked Sendable {
    // @unchecked: `current` is read and replaced under `lock`; a Generation is immutable but for its
    // round-robin counter, which is also taken under `lock`.
    public let path: String
    let connections: Int
    /// What each connection asks to map; SQLite lowers it to its compile-time limit (SQLITE_MAX_MMAP_SIZE).
    static let mapSize: Int64 = 1 << 40
    let queryTimeout: Duration
    let busyTimeout: TimeInterval
    let logger: Logger
    private let lock = NSLock()
    private var current: Generation?

    /// The read took longer than the reader's query time cap.
    public struct QueryTimeout: Error, Sendable {}

    public init(path: String, connections: Int = 4, queryTimeout: Duration = .seconds(2), busyTimeout: TimeInterval = 30,
                logger: Logger) {
        self.path = path
        self.connections = max(1, connections)
        self.queryTimeout = queryTimeout
        self.busyTimeout = busyTimeout
        self.logger = logger
    }

    /// The connections to one file (one inode) of the catalogue.
    final class Generation: @unchecked Sendable {
        // @unchecked: `queues` and `deadlines` are fixed at init; `next` is only touched under the owner's lock.
        let device: UInt64
        let inode: UInt64
        let queues: [DatabaseQueue]
        /// One per connection, read by its progress handler (on that connection's queue only).
        let deadlines: [Deadline]
        var next = 0

        init(device: UInt64, inode: UInt64, queues: [DatabaseQueue], deadlines: [Deadline]) {
            self.device = device
            self.inode = inode
            self.queues = queues
            self.deadlines = deadlines
        }
    }

    /// When the running statement must stop (DispatchTime nanoseconds; 0: no limit).
    final class Deadline: @unchecked Sendable {
        // @unchecked: set and read on the connection's own serial queue only.
        var nanoseconds: UInt64 = 0
    }

    /// The file the path names now: device and inode, and when it was last changed.
    public struct FileIdentity: Sendable, Equatable {
        public var device: UInt64
        public var inode: UInt64
        public var modified: Date
    }

    public static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), modified: modified)
    }

    /// Runs `body` in a read transaction on a read-only connection to the catalogue the path names now.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let (generation, index) = try connection()
        let deadline = generation.deadlines[index]
        let limit = UInt64(queryTimeout.components.seconds) * 1_000_000_000 + UInt64(queryTimeout.components.attoseconds / 1_000_000_000)
        do {
            return try await generation.queues[index].read { db in
                deadline.nanoseconds = DispatchTime.now().uptimeNanoseconds + limit
                defer { deadline.nanoseconds = 0 }
                return try body(db)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw QueryTimeout()
        }
    }

    /// A connection of the current generation, opening a new generation when the path names another file.
    private func connection() throws -> (Generation, Int) {
        guard let identity = Self.identity(of: path) else {
            throw KaartenbakError(.notFound, "no catalogue at \(path): run the pipeline first")
        }
        lock.lock()
        defer { lock.unlock() }
        if let current, current.device == identity.device, current.inode == identity.inode {
            current.next = (current.next + 1) % current.queues.count
            return (current, current.next)
        }
        let generation = try open(identity)
        if current != nil {
            logger.info("catalogue replaced: new connections", metadata: ["path": "\(path)", "inode": "\(identity.inode)"])
        }
        current = generation
        return (generation, 0)
    }

    private func open(_ identity: FileIdentity) throws -> Generation {
        var queues: [DatabaseQueue] = []
        var deadlines: [Deadline] = []
        for _ in 0..<connections {
            let deadline = Deadline()
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "catalogue-reader"
            configuration.prepareDatabase { db in
                // Pages read through a memory map rather than copied by pread(2) into each connection's own
                // cache: under load at 100k vacancies the server spent 42% of its CPU in the kernel copying
                // pages (docs/serve.md). Safe for a catalogue published in place: a reader's transaction holds
                // a shared lock, so no writer can shrink the file under it, and SQLite maps only the size the
                // file had when the transaction began. The map is address space, not memory: untouched pages
                // cost nothing, and SQLite caps it at its compile-time maximum (2 GiB on Debian's build).
                try db.execute(sql: "PRAGMA mmap_size = \(Self.mapSize)")
                // Every 1,000 virtual machine steps: cheap next to the work, and a fraction of a millisecond apart.
                sqlite3_progress_handler(db.sqliteConnection, 1000, { context in
                    guard let context else { return 0 }
                    let deadline = Unmanaged<Deadline>.fromOpaque(context).takeUnretainedValue().nanoseconds
                    return deadline != 0 && DispatchTime.now().uptimeNanoseconds > deadline ? 1 : 0
                }, Unmanaged.passUnretained(deadline).toOpaque())
            }
            queues.append(try DatabaseQueue(path: path, configuration: configuration))
            deadlines.append(deadline)
        }
        return Generation(device: identity.device, inode: identity.inode, queues: queues, deadlines: deadlines)
    }
}
