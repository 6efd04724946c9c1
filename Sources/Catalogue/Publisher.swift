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
    /// Sources read tonight (wholly or in part): their `source_reads` row moves to tonight, and with it
    /// the `last_seen` of every record they listed. Nil: every source of tonight's entries but the carried ones.
    public var readSources: Set<String>?
    /// "source\u{1F}record id" of records rejected tonight with a readable id: their vacancies stay open.
    public var keptRecords: Set<String>
    /// Last night's vacancies that are part of another one tonight: absorbed id → the id kept.
    public var mergedInto: [String: String]
    /// Whether to write the NDJSON export beside the catalogue (`catalogue.ndjson`).
    public var export: Bool

    public init(runId: String, runDate: String, pipeline: String, entries: [CatalogueEntry],
                sourceRuns: [SourceRunRow] = [], identityEvents: [IdentityEventRow] = [],
                info: [String: String] = [:], carriedSources: Set<String> = [], incompleteSources: Set<String> = [],
                readSources: Set<String>? = nil, keptRecords: Set<String> = [], mergedInto: [String: String] = [:],
                export: Bool = true) {
        self.incompleteSources = incompleteSources
        self.readSources = readSources
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
        self.export = export
    }
}

/// Tonight's vacancies as publish reads them: every id, which entries are unchanged since the
/// night the catalogue was published from, and the entries themselves.
public struct NightEntries {
    /// Every vacancy id of the night, in entry order.
    public var ids: [String]
    /// Per id: its entry gives the catalogue what the entry of that id of run `unchangedSince` gave
    /// (the same digest in the entries index).
    public var unchanged: [Bool]
    /// The run the unchanged entries are compared with (the dedupe state tonight built on); nil when none is.
    public var unchangedSince: String?
    /// Streams the entries (with `changedOnly`, only those that changed) in order, a batch at a time.
    public var read: (_ changedOnly: Bool, _ sink: ([CatalogueEntry]) throws -> Void) throws -> Void

    public init(ids: [String], unchanged: [Bool], unchangedSince: String?,
                read: @escaping (_ changedOnly: Bool, _ sink: ([CatalogueEntry]) throws -> Void) throws -> Void) {
        self.ids = ids
        self.unchanged = unchanged
        self.unchangedSince = unchangedSince
        self.read = read
    }

    /// Entries held in memory, none counted as unchanged.
    public init(_ entries: [CatalogueEntry], unchangedSince: String? = nil) {
        self.init(ids: entries.map(\.vacancy.id), unchanged: Array(repeating: false, count: entries.count),
                  unchangedSince: unchangedSince) { _, sink in try sink(entries) }
    }

    /// Share of entries that changed (0 when there are none).
    public var changedShare: Double {
        ids.isEmpty ? 0 : Double(unchanged.lazy.filter { !$0 }.count) / Double(ids.count)
    }
}

/// What a run's publication starts from.
public enum PublishBaseline: Sendable, Equatable {
    /// No catalogue before this run: a new file.
    case none
    /// Build a new file from this catalogue (pinned for reruns) and rename it over the published one.
    case file(String)
    /// Change the published catalogue in place, in one SQLite transaction. `undo` (a SQLite file in the
    /// run's folder) keeps the rows as they were before the run's first publication, so that publishing
    /// the run again starts from the same catalogue.
    case inPlace(undo: String)
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
    /// Source records written tonight (in place, those of the changed vacancies only).
    public var sourceRecords = 0
    public init() {}
}

/// The one type that writes the catalogue, in one of two ways, each all or nothing for readers and
/// for a crash:
/// - **in place**, on a night that changed a small share of vacancies: the changed rows are
///   rewritten in one SQLite transaction (rollback journal, synchronous), the rows as they were kept
///   in the run's undo file in the same atomic commit;
/// - **a new file**, on the first night, after a change of schema or when most vacancies changed:
///   built beside the published one and renamed into place.
/// Both give the same catalogue (the tests compare them).
public struct CataloguePublisher: Sendable {
    public let catalogueURL: URL
    let logger: Logger

    public init(catalogue path: String, logger: Logger) {
        self.catalogueURL = URL(fileURLWithPath: path)
        self.logger = logger
    }

    /// The NDJSON export written beside the catalogue.
    public var exportURL: URL { catalogueURL.deletingPathExtension().appendingPathExtension("ndjson") }

    /// Publishes `input` with its entries in memory, as a new file. `baseline` is the catalogue this
    /// run builds on (lifecycle, history); by default the published one.
    @discardableResult
    public func publish(_ input: PublishInput, baseline: String? = nil) throws -> PublishSummary {
        let path = baseline ?? catalogueURL.path
        return try publish(input, baseline: FileManager.default.fileExists(atPath: path) ? .file(path) : .none,
                           previous: nil, night: NightEntries(input.entries))
    }

    /// Publishes `input` with tonight's entries read from `night`. Entries are read a batch at a
    /// time and each batch's rows are prepared (content hashes, JSON columns) on every core before
    /// they are written in order: the night is never held whole. `previous` is the baseline
    /// catalogue when the caller has already read it (the dedupe stage did); nil reads it here.
    @discardableResult
    public func publish(_ input: PublishInput, baseline: PublishBaseline, previous loaded: PreviousCatalogue?,
                        night: NightEntries) throws -> PublishSummary {
        let started = ContinuousClock.now
        func phase(_ name: String) {
            logger.debug("publish phase", metadata: ["phase": "\(name)", "seconds": "\(ContinuousClock.now - started)"])
        }
        let summary: PublishSummary
        do {
            switch baseline {
            case .inPlace(let undo):
                // Without the catalogue read whole, the night looks up the rows it changes.
                summary = try publishInPlace(input, night: night, previous: loaded, undo: undo, phase: phase)
            case .none, .file:
                let path: String? = if case .file(let path) = baseline { path } else { nil }
                let previous = try loaded ?? path.flatMap { try PreviousCatalogue.load(from: $0) }
                summary = try publishNewFile(input, night: night, baseline: path, previous: previous, phase: phase)
            }
            if input.export {
                try export(to: exportURL.path)
                phase("exported")
            }
        } catch {
            if let error = error as? KaartenbakError { throw error }
            if let error = error as? DatabaseError {
                throw KaartenbakError(.io, "cannot write the catalogue: \(SQLiteFailure(error))", at: Location(file: catalogueURL.path),
                                      cause: SQLiteFailure(error))
            }
            throw KaartenbakError(.io, "cannot write the catalogue: \(error)", at: Location(file: catalogueURL.path),
                                  cause: error as NSError)
        }
        logger.info("published catalogue", metadata: [
            "path": "\(catalogueURL.path)", "vacancies": "\(summary.vacancies)", "open": "\(summary.open)",
            "new": "\(summary.new)", "updated": "\(summary.updated)", "closed": "\(summary.closed)",
            "in_place": "\(baseline.isInPlace)",
        ])
        return summary
    }

    /// Builds the catalogue in a temporary file beside the published one and renames it into place.
    private func publishNewFile(_ input: PublishInput, night: NightEntries, baseline: String?, previous: PreviousCatalogue?,
                                phase: (String) -> Void) throws -> PublishSummary {
        let temporary = DurableFiles.temporaryPath(for: catalogueURL.path)
        try? FileManager.default.removeItem(atPath: temporary)
        var summary = PublishSummary()
        do {
            let queue = try DatabaseQueue(path: temporary)
            try CatalogueSchema.migrator.migrate(queue)
            try queue.writeWithoutTransaction { db in
                // The file is private until it is renamed into place, and a crash leaves only a
                // temporary file that the next publish removes: no journal, no syncs while it is
                // built (the finished file is synced before the rename).
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.execute(sql: "PRAGMA cache_size = -262144") // 256 MiB for the indexes being built
                // Every link is written with its vacancy: checked once at the end, not per row.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                try CatalogueSchema.dropIndexes(db)
                if let baseline, previous != nil {
                    try db.execute(sql: "ATTACH DATABASE ? AS prev", arguments: [baseline])
                }
                // Deferred, not GRDB's immediate: BEGIN IMMEDIATE takes a write lock on every attached file,
                // `prev` (the published catalogue) too, and the commit then waits for its readers and fails
                // when one holds a read (`kaartenbak serve`). The night only reads `prev`.
                try db.inTransaction(.deferred) {
                    var writer = try NightWriter(db: db, input: input, previous: previous, inPlace: false)
                    if previous != nil {
                        try writer.copyHistory()
                        try writer.absent(present: Set(night.ids))
                    }
                    phase("last night's vacancies written")
                    try writer.write(night: night, changedOnly: false)
                    phase("tonight's entries written")
                    try writer.finish()
                    try CatalogueSchema.createIndexes(db)
                    phase("indexed")
                    try SearchIndex.build(db)
                    phase("search index built")
                    if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                        throw KaartenbakError(.io, "the catalogue being built has a link without its vacancy: \(broken)")
                    }
                    phase("checked")
                    var sums = ContentSums()
                    try sums.add(db, vacancies: "SELECT id, status, content_hash FROM vacancy_rows",
                                 links: "SELECT vacancy_id, source, source_record_id FROM vacancy_links")
                    try sums.store(db)
                    summary = writer.summary
                    return .commit
                }
                phase("committed")
                if previous != nil { try db.execute(sql: "DETACH DATABASE prev") }
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
            try DurableFiles.commit(temporary, to: catalogueURL.path)
            phase("renamed into place")
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        return summary
    }

    /// Changes the published catalogue in place, in one transaction with the run's undo file.
    private func publishInPlace(_ input: PublishInput, night: NightEntries, previous: PreviousCatalogue?,
                                undo: String, phase: (String) -> Void) throws -> PublishSummary {
        guard FileManager.default.fileExists(atPath: catalogueURL.path) else {
            throw KaartenbakError(.io, "no catalogue to publish in place", at: Location(file: catalogueURL.path))
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(60) // a reader's short transaction
        let queue = try DatabaseQueue(path: catalogueURL.path, configuration: configuration)
        var summary = PublishSummary()
        try queue.writeWithoutTransaction { db in
            // Rollback journal and full syncs: the commit is atomic for readers and for a crash, across the
            // catalogue and the attached undo file together (SQLite's super-journal).
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -262144")
            try db.execute(sql: "ATTACH DATABASE ? AS undo", arguments: [undo])
            try db.inTransaction {
                var writer = try NightWriter(db: db, input: input, previous: previous, inPlace: true)
                let baselineRun = try writer.startUndo()
                // Unchanged entries are those of the night the catalogue was published by; when tonight's
                // reuse refers to another night (a rerun after its state was pruned), every entry is written.
                let changedOnly = baselineRun != nil && baselineRun == night.unchangedSince
                phase("undo ready")
                try writer.absent(present: Set(night.ids))
                phase("last night's absent vacancies written")
                try writer.write(night: night, changedOnly: changedOnly)
                phase("tonight's changed entries written")
                try writer.finish()
                try writer.updateSums()
                phase("history and sums written")
                if let reason = try SearchIndex.update(db) {
                    logger.notice("search index built whole", metadata: ["reason": "\(reason)"])
                }
                phase("search index updated")
                try CatalogueSchema.createMissingIndexes(db)
                summary = writer.summary
                return .commit
            }
            phase("committed")
            try db.execute(sql: "DETACH DATABASE undo")
        }
        try queue.close()
        return summary
    }

    /// Writes the NDJSON export of the published catalogue to `path`, replaced when complete.
    public func export(to path: String) throws {
        let writer = try NDJSONWriter<VacancyRow>(path: path)
        try exportLines { try writer.append(encodedLine: $0) }
        try writer.finish()
    }

    /// Writes the NDJSON export to `handle` (standard output), in blocks of about a megabyte.
    public func export(toHandle handle: FileHandle) throws {
        var buffer: [UInt8] = []
        try exportLines { line in
            buffer += line
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try handle.write(contentsOf: buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try handle.write(contentsOf: buffer)
    }

    /// The export's lines: one JSON object per vacancy with its sources, vacancies in id order, each
    /// with its sources in (source, record id) order, read by two cursors side by side (nothing of the
    /// catalogue is held) and written by `RowJSON`.
    private func exportLines(_ body: ([UInt8]) throws -> Void) throws {
        try CatalogueFile.read(catalogueURL.path) { db in
            let sources = try Row.fetchCursor(db, sql: "SELECT \(VacancySourceRow.columnList) FROM vacancy_sources ORDER BY vacancy_id, source, source_record_id")
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
                try body(RowJSON.exported(vacancy, columns: columns, sources: own))
            }
        }
    }

    /// The catalogue's content digest as stored (see `ContentSums`).
    public static func contentDigest(_ db: Database) throws -> String {
        var sums = ContentSums()
        try sums.add(db, vacancies: "SELECT id, status, content_hash FROM vacancies",
                     links: "SELECT vacancy_id, source, source_record_id FROM vacancy_sources")
        return sums.digest
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
        return SHA256.hash(data: out.bytes).prefix(12).hexString
    }
}

/// A SQLite error as a person reads it: SQLite's message and its code, without the statement (GRDB's description
/// repeats the whole statement, 45 columns of an insert, three times in one line).
struct SQLiteFailure: Error, Sendable, CustomStringConvertible, QuietCause {
    let error: DatabaseError

    init(_ error: DatabaseError) { self.error = error }

    var description: String { "\(error.message ?? "SQLite failed") (SQLite error \(error.extendedResultCode.rawValue))" }
}

extension PublishBaseline: CustomStringConvertible {
    var isInPlace: Bool { if case .inPlace = self { true } else { false } }

    /// How the run published, for its manifest: "in place", "new file" or "first".
    public var description: String {
        switch self {
        case .none: "first"
        case .file: "new file"
        case .inPlace: "in place"
        }
    }
}

/// The catalogue's content digest, `content_sha256`, kept so that a night in place updates it from
/// the rows it changed rather than reading every row: the sum (mod 2^256) of the SHA-256 of every
/// vacancy's "id, status, content hash" line and, apart, of every source link's "vacancy id, source,
/// record id" line; the digest is the SHA-256 of the two sums. Two catalogues with the same digest
/// hold the same vacancies, in whatever order their rows were written.
struct ContentSums {
    var vacancies = UInt256()
    var links = UInt256()

    static let key = "content_sums"

    /// Adds (or, with `subtract`, takes away) the rows the two queries select.
    mutating func add(_ db: Database, vacancies vacancySQL: String, links linkSQL: String,
                      arguments: StatementArguments = [], subtract: Bool = false) throws {
        for (sql, isVacancy) in [(vacancySQL, true), (linkSQL, false)] {
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var line: [UInt8] = []
            while let row = try rows.next() {
                line.removeAll(keepingCapacity: true)
                for index in 0..<3 {
                    let column: String = row[index]
                    line += column.utf8
                    line.append(index == 2 ? 0x0A : 0x09)
                }
                let hash = UInt256(hashing: line)
                if isVacancy {
                    vacancies = subtract ? vacancies.subtracting(hash) : vacancies.adding(hash)
                } else {
                    links = subtract ? links.subtracting(hash) : links.adding(hash)
                }
            }
        }
    }

    var digest: String {
        let text = vacancies.hex + "\n" + links.hex + "\n"
        return SHA256.hash(data: Array(text.utf8)).hexString
    }

    func store(_ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO catalogue_info(key, value) VALUES (?, ?), ('content_sha256', ?)",
                       arguments: [Self.key, vacancies.hex + " " + links.hex, digest])
    }

    static func load(_ db: Database) throws -> ContentSums? {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM catalogue_info WHERE key = ?", arguments: [key]) else { return nil }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let vacancies = UInt256(hex: parts[0]), let links = UInt256(hex: parts[1]) else { return nil }
        return ContentSums(vacancies: vacancies, links: links)
    }
}

/// A 256-bit unsigned number, little-endian words: just enough arithmetic for `ContentSums`.
struct UInt256: Equatable {
    var words: [UInt64] = [0, 0, 0, 0]

    init() {}

    /// The SHA-256 of `bytes`, read as a big-endian number.
    init(hashing bytes: [UInt8]) {
        let bytes = Array(SHA256.hash(data: bytes))
        for index in 0..<4 {
            var word: UInt64 = 0
            for byte in bytes[(index * 8)..<(index * 8 + 8)] { word = word << 8 | UInt64(byte) }
            words[3 - index] = word
        }
    }

    init?<Text: StringProtocol>(hex: Text) {
        guard hex.count == 64 else { return nil }
        let characters = Array(hex.utf8)
        for index in 0..<4 {
            guard let word = UInt64(String(decoding: characters[(index * 16)..<(index * 16 + 16)], as: UTF8.self), radix: 16) else { return nil }
            words[3 - index] = word
        }
    }

    var hex: String {
        words.reversed().map { word in
            let text = String(word, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    func adding(_ other: UInt256) -> UInt256 {
        var result = UInt256(), carry: UInt64 = 0
        for index in 0..<4 {
            let (partial, overflow1) = words[index].addingReportingOverflow(other.words[index])
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            result.words[index] = sum
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        return result
    }

    /// Subtraction is adding the two's complement (mod 2^256).
    func subtracting(_ other: UInt256) -> UInt256 {
        var complement = UInt256()
        complement.words = other.words.map { ~$0 }
        var one = UInt256()
        one.words[0] = 1
        return adding(complement.adding(one))
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

    /// Nil when there is no catalogue yet. With `undo` (a run's undo file, see `PublishBaseline`),
    /// the catalogue as it was before that run's first publication.
    public static func load(from path: String, undo: String? = nil) throws -> PreviousCatalogue? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try CatalogueFile.read(path) { db in
                var vacancyTable = "vacancies", linkTable = "vacancy_sources"
                if let undo, PublishUndo.isPinned(undo) {
                    try db.execute(sql: "ATTACH DATABASE ? AS undo", arguments: [undo])
                    vacancyTable = "(SELECT * FROM vacancy_rows WHERE id NOT IN (SELECT id FROM undo.touched) UNION ALL SELECT * FROM undo.vacancy_rows)"
                    linkTable = "(SELECT * FROM vacancy_links WHERE vacancy_id NOT IN (SELECT id FROM undo.touched) UNION ALL SELECT * FROM undo.vacancy_links)"
                }
                var vacancies: [String: VacancyState] = [:]
                var fingerprints: [String: String] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT id, status, first_seen, content_hash, fingerprint, closed_at FROM \(vacancyTable)")
                while let row = try rows.next() {
                    let id: String = row["id"]
                    let status: String = row["status"]
                    vacancies[id] = VacancyState(status: status, firstSeen: row["first_seen"],
                                                 contentHash: row["content_hash"], sources: [],
                                                 closedAt: row["closed_at"])
                    let fingerprint: String = row["fingerprint"]
                    if status == VacancyStatus.open.rawValue { fingerprints[fingerprint] = min(fingerprints[fingerprint] ?? id, id) }
                }
                var membership: [String: String] = [:]
                var firstSeen: [String: String] = [:]
                let members = try Row.fetchCursor(db, sql: "SELECT vacancy_id, source, source_record_id, first_seen FROM \(linkTable)")
                while let row = try members.next() {
                    let vacancyId: String = row["vacancy_id"]
                    let source: String = row["source"]
                    let recordId: String = row["source_record_id"]
                    let key = MemberKey.of(source: source, recordId: recordId)
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

/// What the dedupe stage needs of the published catalogue to keep ids stable: which vacancy each
/// source record was in, when the closed ones closed, the open ones' fingerprints and every id given.
/// Not `PreviousCatalogue`, which also holds what publish compares (content hashes, first-seen dates,
/// sources): read whole beside a changed night's dedupe tables, that was about 450 MB at a million
/// records, and publish in place looks up the rows it changes instead.
public struct PreviousIdentities: Sendable {
    /// "source\u{1F}record id" → vacancy id (open, closed or merged).
    public var membership: [String: String]
    /// Closed vacancies → the day they closed (`ISODay.number`), nil when the row has no valid date.
    public var closedOn: [String: Int32?]
    /// Fingerprint → id of last night's open vacancies (the smallest id of those sharing one).
    public var fingerprints: [String: String]
    /// Every id the catalogue holds.
    public var ids: Set<String>

    /// The member keys tonight's records may take their vacancy id back from. A closed vacancy is
    /// reopened only when it closed at most `reopenWithinDays` before `runDate` and tonight's record
    /// is not marked as a repost (`reposted`); otherwise the record starts a new vacancy.
    public func reusableMembership(runDate: String, reopenWithinDays: Int, reposted: Set<String>) -> [String: String] {
        let today = ISODay.number(runDate)
        return membership.filter { key, id in
            guard let closed = closedOn[id] else { return true }
            if reposted.contains(key) { return false }
            guard let closed, let today else { return true }
            return Int(today - closed) <= reopenWithinDays
        }
    }

    /// Nil when there is no catalogue yet.
    public static func load(from path: String) throws -> PreviousIdentities? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try CatalogueFile.read(path) { db in
                var identities = PreviousIdentities(membership: [:], closedOn: [:], fingerprints: [:], ids: [])
                // Through the views, which every schema has (a catalogue of schema 1 is read before a
                // night replaces it); SQLite does not compute the derived columns not asked for.
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancies") ?? 0
                identities.ids.reserveCapacity(count)
                let rows = try Row.fetchCursor(db, sql: "SELECT id, status, fingerprint, closed_at FROM vacancies")
                while let row = try rows.next() {
                    let id: String = row[0], status: String = row[1]
                    identities.ids.insert(id)
                    if status == VacancyStatus.open.rawValue {
                        let fingerprint: String = row[2]
                        identities.fingerprints[fingerprint] = min(identities.fingerprints[fingerprint] ?? id, id)
                    } else if status == VacancyStatus.closed.rawValue {
                        identities.closedOn.updateValue((row[3] as String?).flatMap(ISODay.number), forKey: id)
                    }
                }
                let links = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_sources") ?? 0
                identities.membership.reserveCapacity(links)
                let members = try Row.fetchCursor(db, sql: "SELECT vacancy_id, source, source_record_id FROM vacancy_sources")
                while let row = try members.next() {
                    let source: String = row[1], recordId: String = row[2]
                    identities.membership[MemberKey.of(source: source, recordId: recordId)] = row[0]
                }
                return identities
            }
        } catch {
            throw KaartenbakError(.io, "cannot read the previous catalogue: \(error)", at: Location(file: path),
                                  cause: error as NSError)
        }
    }
}

/// A run's undo file (see `PublishBaseline.inPlace`).
public enum PublishUndo {
    /// Whether the file holds a run's first publication's undo: the run in place published at least
    /// once (a publication that failed rolled the file back to empty with the catalogue).
    public static func isPinned(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        // A publication that failed in its commit left the undo file's journal beside it: recovered
        // here, the file is empty again exactly when the catalogue was rolled back too.
        return (try? CatalogueFile.read(path) { db in
            try db.tableExists("run") ? try String.fetchOne(db, sql: "SELECT run_id FROM run") != nil : false
        }) ?? false
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
        try recover(path)
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}

extension CatalogueFile {
    /// Rolls back a transaction a crash or a failed write left behind (a hot journal beside the file):
    /// a read-only connection cannot, and would fail. The content is then what it was before that
    /// transaction, as SQLite guarantees.
    public static func recover(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path + "-journal") else { return }
        let queue = try DatabaseQueue(path: path)
        try queue.inDatabase { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        try queue.close()
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
