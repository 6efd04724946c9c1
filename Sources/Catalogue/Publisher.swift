import Foundation
import GRDB
import KaartenbakCore
import Logging
import Crypto

/// A unified vacancy ready for publication: its row and the source records behind it.
/// Lifecycle fields (status, first/last seen) are filled in by the publisher.
public struct CatalogueEntry: Sendable {
    public var vacancy: VacancyRow
    public var sources: [VacancySourceRow]
    public init(vacancy: VacancyRow, sources: [VacancySourceRow]) {
        self.vacancy = vacancy
        self.sources = sources
    }
}

/// Everything one run publishes.
public struct PublishInput: Sendable {
    public var runId: String
    /// The run's date (yyyy-mm-dd), used for first_seen, last_seen and closed_at.
    public var runDate: String
    public var pipeline: String
    public var entries: [CatalogueEntry]
    public var sourceRuns: [SourceRunRow]
    public var identityEvents: [IdentityEventRow]
    public var info: [String: String]
    /// Sources whose records tonight are a carry-over from an earlier run (fetch failed):
    /// their vacancies are never closed tonight.
    public var carriedSources: Set<String>
    /// Sources read in part tonight (a feed cut short, a span skipped, a record without a readable id): what
    /// they did not list tonight may still be open, so none of their vacancies is closed tonight.
    public var incompleteSources: Set<String>
    /// "source\u{1F}record id" of records rejected tonight with a readable id: their vacancies stay open.
    public var keptRecords: Set<String>
    /// Last night's vacancies that are part of another one tonight: absorbed id → the id kept.
    public var mergedInto: [String: String]

    public init(runId: String, runDate: String, pipeline: String, entries: [CatalogueEntry],
                sourceRuns: [SourceRunRow] = [], identityEvents: [IdentityEventRow] = [],
                info: [String: String] = [:], carriedSources: Set<String> = [], incompleteSources: Set<String> = [],
                keptRecords: Set<String> = [], mergedInto: [String: String] = [:]) {
        self.incompleteSources = incompleteSources
        self.keptRecords = keptRecords
        self.runId = runId
        self.runDate = runDate
        self.pipeline = pipeline
        self.entries = entries
        self.sourceRuns = sourceRuns
        self.identityEvents = identityEvents
        self.info = info
        self.carriedSources = carriedSources
        self.mergedInto = mergedInto
    }
}

/// What publishing changed.
public struct PublishSummary: Codable, Sendable, Equatable {
    public var vacancies = 0
    public var open = 0
    public var new = 0
    public var updated = 0
    public var closed = 0
    public var reopened = 0
    public var merged = 0
    public var sourceRecords = 0
    public init() {}
}

/// The one type that writes the catalogue. It builds the new catalogue in a temporary file
/// beside the published one and renames it into place, so readers and a crash only ever see
/// the old catalogue or the complete new one.
public struct CataloguePublisher: Sendable {
    public let catalogueURL: URL
    let logger: Logger

    public init(catalogue path: String, logger: Logger) {
        self.catalogueURL = URL(fileURLWithPath: path)
        self.logger = logger
    }

    /// The NDJSON export written beside the catalogue.
    public var exportURL: URL { catalogueURL.deletingPathExtension().appendingPathExtension("ndjson") }

    /// Publishes `input`. `baseline` is the catalogue this run builds on (lifecycle, history);
    /// by default the published one. A rerun passes the catalogue as it was before the run's
    /// first publication, so publishing the same run twice gives the same catalogue.
    @discardableResult
    public func publish(_ input: PublishInput, baseline: String? = nil) throws -> PublishSummary {
        try publish(input, baseline: baseline, previous: nil) { sink in try sink(input.entries) }
    }

    /// Publishes `input` with tonight's entries streamed by `entries`, which calls its argument with
    /// a batch of entries at a time: the night is written as it is read, never held whole, and each
    /// batch's rows are prepared (content hashes, JSON columns) on every core before they are
    /// inserted in order. `previous` is the baseline catalogue when the caller has already read it
    /// (the dedupe stage did); nil reads it here.
    @discardableResult
    public func publish(_ input: PublishInput, baseline: String? = nil, previous loaded: PreviousCatalogue?,
                        entries: (_ sink: ([CatalogueEntry]) throws -> Void) throws -> Void) throws -> PublishSummary {
        let baselinePath = baseline ?? catalogueURL.path
        let previous = try loaded ?? PreviousCatalogue.load(from: baselinePath)
        let temporary = DurableFiles.temporaryPath(for: catalogueURL.path)
        try? FileManager.default.removeItem(atPath: temporary)
        var summary = PublishSummary()
        do {
            let started = ContinuousClock.now
            func phase(_ name: String) {
                logger.debug("publish phase", metadata: ["phase": "\(name)", "seconds": "\(ContinuousClock.now - started)"])
            }
            let queue = try DatabaseQueue(path: temporary)
            try CatalogueSchema.migrator.migrate(queue)
            try queue.writeWithoutTransaction { db in
                // The file is private until it is renamed into place, and a crash leaves only a
                // temporary file that the next publish removes: no journal, no syncs while it is
                // built (the finished file is synced before the rename).
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.execute(sql: "PRAGMA cache_size = -262144") // 256 MiB for the indexes being built
                if previous != nil {
                    try db.execute(sql: "ATTACH DATABASE ? AS prev", arguments: [baselinePath])
                }
                try db.inTransaction {
                    summary = try write(input, entries: entries, previous: previous, into: db, phase: phase)
                    return .commit
                }
                phase("committed")
                if previous != nil { try db.execute(sql: "DETACH DATABASE prev") }
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
            try writeExport(from: temporary)
            phase("exported")
            try DurableFiles.commit(temporary, to: catalogueURL.path)
            phase("renamed into place")
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            if let error = error as? KaartenbakError { throw error }
            throw KaartenbakError(.io, "cannot write the catalogue: \(error)", at: Location(file: catalogueURL.path),
                                  cause: error as NSError)
        }
        logger.info("published catalogue", metadata: [
            "path": "\(catalogueURL.path)", "vacancies": "\(summary.vacancies)", "open": "\(summary.open)",
            "new": "\(summary.new)", "updated": "\(summary.updated)", "closed": "\(summary.closed)",
        ])
        return summary
    }

    private func write(_ input: PublishInput, entries: (_ sink: ([CatalogueEntry]) throws -> Void) throws -> Void,
                       previous: PreviousCatalogue?, into db: Database, phase: (String) -> Void) throws -> PublishSummary {
        var summary = PublishSummary()
        var present: Set<String> = []
        let insertVacancy = try db.makeStatement(sql: VacancyRow.insertSQL)
        let insertSource = try db.makeStatement(sql: VacancySourceRow.insertSQL)
        let insertChange = try db.makeStatement(sql: "INSERT INTO changes (run_id, vacancy_id, change, at) VALUES (?, ?, ?, ?)")
        func change(_ id: String, _ kind: ChangeKind) throws {
            try insertChange.execute(arguments: [input.runId, id, kind.rawValue, input.runDate])
        }
        try db.execute(sql: "DELETE FROM changes WHERE run_id = ?", arguments: [input.runId])
        /// A row ready to insert, and what it changes.
        struct Prepared {
            var id: String
            var change: ChangeKind?
            var vacancy: StatementArguments
            var sources: [StatementArguments]
        }
        // Rows are prepared on a thread of their own (entries decoded and turned into rows on every
        // core) while this one inserts the batch before: SQLite's inserts are one thread's work, and
        // the cores no longer wait for each other batch by batch.
        let channel = BatchChannel<[Prepared]>(capacity: 2)
        try withoutActuallyEscaping(entries) { entries in
            let produce = UnsafeSendable(entries)
            let producer = Background {
                defer { channel.finish() }
                try produce.value { batch in
                    let prepared = Parallel.map(batch.count, threads: Parallel.threadCount(0)) { index -> Prepared in
                        let entry = batch[index]
                        var vacancy = entry.vacancy
                        let id = vacancy.id
                        vacancy.contentHash = Self.contentHash(vacancy)
                        vacancy.sourceCount = entry.sources.count
                        vacancy.lastSeen = input.runDate
                        vacancy.status = "open"
                        vacancy.closedAt = nil
                        vacancy.mergedInto = nil
                        var change: ChangeKind?
                        if let old = previous?.vacancies[id] {
                            vacancy.firstSeen = old.firstSeen
                            if old.status == "closed" {
                                change = .reopened
                            } else if old.contentHash != vacancy.contentHash {
                                change = .updated
                            }
                        } else {
                            vacancy.firstSeen = input.runDate
                            change = .new
                        }
                        let sources = entry.sources.map { row -> StatementArguments in
                            var source = row
                            source.vacancyId = id
                            source.lastSeen = input.runDate
                            source.lastRun = input.runId
                            source.firstSeen = previous?.memberFirstSeen[source.memberKey] ?? input.runDate
                            return source.insertArguments()
                        }
                        return Prepared(id: id, change: change, vacancy: vacancy.insertArguments(), sources: sources)
                    }
                    try channel.put(prepared)
                }
            }
            do {
                while let prepared = channel.take() {
                    for row in prepared {
                        present.insert(row.id)
                        switch row.change {
                        case .new: summary.new += 1
                        case .updated: summary.updated += 1
                        case .reopened: summary.reopened += 1
                        case .closed, .merged, nil: break
                        }
                        if let kind = row.change { try change(row.id, kind) }
                        try insertVacancy.execute(arguments: row.vacancy)
                        for source in row.sources {
                            try insertSource.execute(arguments: source)
                            summary.sourceRecords += 1
                        }
                        summary.open += 1
                    }
                }
            } catch {
                channel.cancel()
                try? producer.wait()
                throw error
            }
            try producer.wait()
        }
        phase("tonight's entries written")
        // Vacancies of earlier nights that no source lists tonight: kept for history, closed
        // unless their source was not read tonight. Copied from the baseline in one statement each.
        if let previous {
            try db.execute(sql: "CREATE TEMP TABLE absent (id TEXT PRIMARY KEY) WITHOUT ROWID")
            let insertAbsent = try db.makeStatement(sql: "INSERT INTO temp.absent (id) VALUES (?)")
            let setMerged = try db.makeStatement(sql: "UPDATE vacancies SET status = 'merged', merged_into = ?, closed_at = ? WHERE id = ?")
            let setClosed = try db.makeStatement(sql: "UPDATE vacancies SET status = 'closed', closed_at = ? WHERE id = ?")
            var absent: [(id: String, state: PreviousCatalogue.VacancyState)] = []
            let kept = Set(input.keptRecords.compactMap { previous.membership[$0] })
            for (id, old) in previous.vacancies where !present.contains(id) {
                absent.append((id, old))
                try insertAbsent.execute(arguments: [id])
            }
            try db.execute(sql: "INSERT INTO vacancies SELECT * FROM prev.vacancies WHERE id IN (SELECT id FROM temp.absent)")
            try db.execute(sql: "INSERT OR IGNORE INTO vacancy_sources SELECT * FROM prev.vacancy_sources WHERE vacancy_id IN (SELECT id FROM temp.absent)")
            // In id order, so that the changes table is the same whatever order the dictionary gives.
            for (id, old) in absent.sorted(by: { $0.id < $1.id }) {
                // Not closed when tonight could not know: its source failed (carried), was read in part, or
                // rejected its record with this id.
                let carried = !old.sources.isDisjoint(with: input.carriedSources) || !old.sources.isDisjoint(with: input.incompleteSources)
                    || kept.contains(id)
                if let kept = input.mergedInto[id], old.status == "open" {
                    // Not closed: the same vacancy lives on under the id its cluster kept.
                    try setMerged.execute(arguments: [kept, input.runDate, id])
                    try change(id, .merged)
                    summary.merged += 1
                } else if old.status == "open" && !carried {
                    try setClosed.execute(arguments: [input.runDate, id])
                    try change(id, .closed)
                    summary.closed += 1
                } else if old.status == "open" {
                    summary.open += 1
                }
            }
            try db.execute(sql: "DROP TABLE temp.absent")
            for table in ["changes", "identity_events", "source_runs"] {
                try db.execute(sql: "INSERT INTO \(table) SELECT * FROM prev.\(table) WHERE run_id <> ?", arguments: [input.runId])
            }
        }
        for event in input.identityEvents { try event.insert(db) }
        for row in input.sourceRuns { try row.insert(db) }
        var info = input.info
        info["schema_version"] = String(CatalogueSchema.version)
        info["run_id"] = input.runId
        info["run_date"] = input.runDate
        info["pipeline"] = input.pipeline
        for (key, value) in info {
            try db.execute(sql: "INSERT OR REPLACE INTO catalogue_info(key, value) VALUES (?, ?)", arguments: [key, value])
        }
        phase("history and run rows written")
        summary.vacancies = try VacancyRow.fetchCount(db)
        try db.execute(sql: "INSERT OR REPLACE INTO catalogue_info(key, value) VALUES ('content_sha256', ?)",
                       arguments: [try Self.contentDigest(db)])
        return summary
    }

    /// One JSON object per vacancy with its sources, for tools that do not read SQLite: vacancies
    /// in id order, each with its sources in the order they were written, read by two cursors side
    /// by side (nothing of the catalogue is held) and written by `RowJSON`.
    private func writeExport(from databasePath: String) throws {
        let writer = try NDJSONWriter<VacancyRow>(path: exportURL.path)
        try CatalogueFile.read(databasePath) { db in
            let sources = try Row.fetchCursor(db, sql: "SELECT \(VacancySourceRow.columnList) FROM vacancy_sources ORDER BY vacancy_id, rowid")
            var pending = try sources.next().map(VacancySourceRow.init(columns:))
            let vacancies = try Row.fetchCursor(db, sql: "SELECT \(VacancyRow.columnList) FROM vacancies ORDER BY id")
            while let row = try vacancies.next() {
                let (vacancy, columns) = VacancyRow.stored(row)
                // Sources of vacancies that are not in the table (none, by the foreign key) are passed over.
                while let source = pending, source.vacancyId < vacancy.id { _ = source; pending = try sources.next().map(VacancySourceRow.init(columns:)) }
                var own: [VacancySourceRow] = []
                while let source = pending, source.vacancyId == vacancy.id {
                    own.append(source)
                    pending = try sources.next().map(VacancySourceRow.init(columns:))
                }
                try writer.append(encodedLine: RowJSON.exported(vacancy, columns: columns, sources: own))
            }
        }
        try writer.finish()
    }

    /// SHA-256 over every vacancy's id, status and content hash and every source link, in order:
    /// two catalogues with the same digest hold the same vacancies (reruns are compared by it).
    public static func contentDigest(_ db: Database) throws -> String {
        var hasher = SHA256()
        var line: [UInt8] = []
        func add(_ columns: [String]) {
            line.removeAll(keepingCapacity: true)
            for (index, column) in columns.enumerated() {
                line += column.utf8
                line.append(index == columns.count - 1 ? 0x0A : 0x09)
            }
            hasher.update(data: line)
        }
        let vacancies = try Row.fetchCursor(db, sql: "SELECT id, status, content_hash FROM vacancies ORDER BY id")
        while let row = try vacancies.next() { add([row[0], row[1], row[2]]) }
        let links = try Row.fetchCursor(db, sql: "SELECT vacancy_id, source, source_record_id FROM vacancy_sources ORDER BY 2, 3")
        while let row = try links.next() { add([row[0], row[1], row[2]]) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Hash of what a downstream user sees, so lifecycle-only changes do not count as updates: the
    /// row as `JSONEncoder` with sorted keys writes it (the hashes of earlier nights stay valid), its
    /// lifecycle fields blanked.
    static func contentHash(_ row: VacancyRow) -> String {
        var copy = row
        copy.status = ""
        copy.firstSeen = ""
        copy.lastSeen = ""
        copy.closedAt = nil
        copy.mergedInto = nil
        copy.contentHash = ""
        copy.fingerprint = ""
        var out = JSONBytes(escapeSlashes: true)
        RowJSON.vacancy(copy, into: &out)
        return SHA256.hash(data: out.bytes).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}

/// What the publisher needs from the catalogue being replaced.
public struct PreviousCatalogue: Sendable {
    public struct VacancyState: Sendable {
        public var status: String
        public var firstSeen: String
        public var contentHash: String
        public var sources: Set<String>
        /// yyyy-mm-dd, for closed vacancies.
        public var closedAt: String?
    }
    public var vacancies: [String: VacancyState]
    /// "source\u{1F}record id" → vacancy id (open or closed): last night's identity, for stable ids;
    /// a closed vacancy whose record comes back is reopened under its old id.
    public var membership: [String: String]
    public var memberFirstSeen: [String: String]
    /// Fingerprint → id of last night's open vacancies.
    public var fingerprints: [String: String]

    /// The member keys tonight's records may take their vacancy id back from. A closed vacancy is
    /// reopened only when it closed at most `reopenWithinDays` before `runDate` and tonight's record
    /// is not marked as a repost (`reposted`); otherwise the record starts a new vacancy.
    public func reusableMembership(runDate: String, reopenWithinDays: Int, reposted: Set<String>) -> [String: String] {
        let today = ISODay.number(runDate)
        return membership.filter { key, id in
            guard let state = vacancies[id], state.status == "closed" else { return true }
            if reposted.contains(key) { return false }
            guard let closed = state.closedAt.flatMap(ISODay.number), let today else { return true }
            return Int(today - closed) <= reopenWithinDays
        }
    }

    /// Nil when there is no catalogue yet.
    public static func load(from path: String) throws -> PreviousCatalogue? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try CatalogueFile.read(path) { db in
                var vacancies: [String: VacancyState] = [:]
                var fingerprints: [String: String] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT id, status, first_seen, content_hash, fingerprint, closed_at FROM vacancies")
                while let row = try rows.next() {
                    let id: String = row["id"]
                    let status: String = row["status"]
                    vacancies[id] = VacancyState(status: status, firstSeen: row["first_seen"],
                                                 contentHash: row["content_hash"], sources: [],
                                                 closedAt: row["closed_at"])
                    let fingerprint: String = row["fingerprint"]
                    if status == "open" { fingerprints[fingerprint] = min(fingerprints[fingerprint] ?? id, id) }
                }
                var membership: [String: String] = [:]
                var firstSeen: [String: String] = [:]
                let members = try Row.fetchCursor(db, sql: "SELECT vacancy_id, source, source_record_id, first_seen FROM vacancy_sources")
                while let row = try members.next() {
                    let vacancyId: String = row["vacancy_id"]
                    let source: String = row["source"]
                    let recordId: String = row["source_record_id"]
                    let key = "\(source)\u{1F}\(recordId)"
                    vacancies[vacancyId]?.sources.insert(source)
                    membership[key] = vacancyId
                    firstSeen[key] = row["first_seen"]
                }
                return PreviousCatalogue(vacancies: vacancies, membership: membership, memberFirstSeen: firstSeen,
                                         fingerprints: fingerprints)
            }
        } catch {
            throw KaartenbakError(.io, "cannot read the previous catalogue: \(error)", at: Location(file: path),
                                  cause: error as NSError)
        }
    }
}

/// The `catalogue_info` facts of a published catalogue (run id, run date, versions).
public enum CatalogueInfo {
    /// Empty when there is no catalogue yet.
    public static func read(from path: String) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        return try CatalogueFile.read(path) { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM catalogue_info")
                .map { ($0["key"] as String, $0["value"] as String) })
        }
    }
}

/// Reads a published catalogue: read-only, so a reader can never change what was published.
public enum CatalogueFile {
    /// Runs `body` on a read-only connection to the catalogue at `path`, then closes it.
    public static func read<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}

/// Batches handed from a producing thread to a consuming one, at most `capacity` waiting: the
/// producer waits when the consumer falls behind, so memory stays bounded.
final class BatchChannel<Element>: @unchecked Sendable {
    // @unchecked: every field is touched only under `condition`.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Hands over a batch; throws when the consumer gave up (the producer then stops).
    func put(_ item: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        items.append(item)
        condition.broadcast()
    }

    /// The next batch, or nil once the producer finished and every batch was taken.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// No more batches will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: a waiting or later `put` throws.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
