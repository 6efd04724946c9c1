import Foundation
import GRDB
import GRDBSQLite
import KaartenbakCore

/// Writes one night into a catalogue open in a transaction: last night's vacancies that no source
/// lists tonight, tonight's entries, and the run's history rows. The same steps serve both ways of
/// publishing (`CataloguePublisher`): into a new file that starts from last night's history
/// (`inPlace` false), or into the published file itself, where only changed vacancies are written
/// and every row is first kept as it was in the run's undo file (attached as `undo`).
struct NightWriter {
    let db: Database
    let input: PublishInput
    /// The catalogue built on, read whole (always for a new file; in place when the dedupe stage read
    /// it anyway). Nil: the facts are looked up in the catalogue itself, row by row, for what changed.
    let previous: PreviousCatalogue?
    let inPlace: Bool
    private(set) var summary = PublishSummary()
    /// Ids whose rows and links as they were before the run are in the undo file (in place).
    private var touched: Set<String> = []
    /// The statements `touch` runs, prepared at its first call.
    private var keep: [Statement] = []
    /// Lookups of last night's rows in the catalogue itself (in place), prepared at their first use.
    private var findVacancy: Statement?
    private var findLink: Statement?
    private let insertVacancy: Statement
    /// In place: last night's row of a changed vacancy rewritten (`VacancyRow.updateSQL`), prepared at its first use.
    private var updateVacancy: Statement?
    private let insertSource: Statement
    /// In place: a link no other vacancy holds (`VacancySourceRow.plainInsertSQL`), prepared at its first use.
    private var plainInsertSource: Statement?
    /// In place: a vacancy row that is not in the table (`VacancyRow.plainInsertSQL`), prepared at its first use.
    private var plainInsertVacancy: Statement?
    private let insertChange: Statement

    init(db: Database, input: PublishInput, previous: PreviousCatalogue?, inPlace: Bool) throws {
        self.db = db
        self.input = input
        self.previous = previous
        self.inPlace = inPlace
        insertVacancy = try db.makeStatement(sql: VacancyRow.insertSQL)
        insertSource = try db.makeStatement(sql: VacancySourceRow.insertSQL)
        insertChange = try db.makeStatement(sql: "INSERT INTO changes (run_id, vacancy_id, change, at) VALUES (?, ?, ?, ?)")
    }

    private func change(_ id: String, _ kind: ChangeKind) throws {
        try insertChange.execute(arguments: [input.runId, id, kind.rawValue, input.runDate])
    }

    // MARK: - Undo (in place)

    /// Readies the undo file and returns the run the catalogue was published by before this run.
    /// On the run's first publication the undo file starts empty and takes the catalogue's facts;
    /// on a later one (a rerun) the catalogue is first put back as it was before the run.
    mutating func startUndo() throws -> String? {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS undo.run (run_id TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS undo.touched (id TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS undo.vacancy_rows AS SELECT * FROM main.vacancy_rows WHERE 0;
            CREATE TABLE IF NOT EXISTS undo.vacancy_links AS SELECT * FROM main.vacancy_links WHERE 0;
            CREATE INDEX IF NOT EXISTS undo.undo_links_key ON vacancy_links (source, source_record_id);
            CREATE TABLE IF NOT EXISTS undo.source_reads AS SELECT * FROM main.source_reads WHERE 0;
            CREATE TABLE IF NOT EXISTS undo.catalogue_info AS SELECT * FROM main.catalogue_info WHERE 0;
            """)
        switch try String.fetchOne(db, sql: "SELECT run_id FROM undo.run") {
        case nil:
            try db.execute(sql: "INSERT INTO undo.run (run_id) VALUES (?)", arguments: [input.runId])
            try db.execute(sql: """
                INSERT INTO undo.source_reads SELECT * FROM main.source_reads;
                INSERT INTO undo.catalogue_info SELECT * FROM main.catalogue_info;
                """)
        case input.runId:
            try SearchIndex.beforeRestore(db)
            try db.execute(sql: """
                DELETE FROM main.vacancy_links WHERE vacancy_id IN (SELECT id FROM undo.touched);
                DELETE FROM main.vacancy_rows WHERE id IN (SELECT id FROM undo.touched);
                INSERT INTO main.vacancy_rows SELECT * FROM undo.vacancy_rows;
                INSERT INTO main.vacancy_links SELECT * FROM undo.vacancy_links;
                DELETE FROM main.source_reads;
                INSERT INTO main.source_reads SELECT * FROM undo.source_reads;
                DELETE FROM main.catalogue_info;
                INSERT INTO main.catalogue_info SELECT * FROM undo.catalogue_info;
                """)
            try SearchIndex.afterRestore(db)
            for table in ["changes", "identity_events", "source_runs"] {
                try db.execute(sql: "DELETE FROM main.\(table) WHERE run_id = ?", arguments: [input.runId])
            }
            touched = Set(try String.fetchAll(db, sql: "SELECT id FROM undo.touched"))
        case let other?:
            throw KaartenbakError(.io, "the undo file belongs to run \(other), not \(input.runId)")
        }
        return try String.fetchOne(db, sql: "SELECT value FROM main.catalogue_info WHERE key = 'run_id'")
    }

    /// Keeps vacancy `id`'s row and links as they are now, once per run, before they change.
    private mutating func touch(_ id: String) throws {
        guard inPlace, touched.insert(id).inserted else { return }
        if keep.isEmpty {
            keep = try [
                "INSERT INTO undo.touched (id) VALUES (?)",
                "INSERT INTO undo.vacancy_rows SELECT * FROM main.vacancy_rows WHERE id = ?",
                "INSERT INTO undo.vacancy_links SELECT * FROM main.vacancy_links WHERE vacancy_id = ?",
            ].map { try db.makeStatement(sql: $0) }
        }
        for statement in keep { try statement.execute(arguments: [id]) }
    }

    /// In place: the content sums moved by the rows this run changed, from the undo file's rows as
    /// they were to the catalogue's rows as they are.
    func updateSums() throws {
        guard var sums = try ContentSums.load(db) else {
            throw KaartenbakError(.io, "the catalogue has no content sums to update")
        }
        try sums.add(db, vacancies: "SELECT id, status, content_hash FROM undo.vacancy_rows",
                     links: "SELECT vacancy_id, source, source_record_id FROM undo.vacancy_links", subtract: true)
        try sums.add(db, vacancies: "SELECT id, status, content_hash FROM main.vacancy_rows WHERE id IN (SELECT id FROM undo.touched)",
                     links: "SELECT vacancy_id, source, source_record_id FROM main.vacancy_links WHERE vacancy_id IN (SELECT id FROM undo.touched)")
        try sums.store(db)
    }

    // MARK: - The night

    /// New file: the history of earlier runs and when each source was last read, from the baseline.
    func copyHistory() throws {
        for table in ["changes", "identity_events", "source_runs"] {
            try db.execute(sql: "INSERT INTO \(table) SELECT * FROM prev.\(table) WHERE run_id <> ?", arguments: [input.runId])
        }
        if try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM prev.sqlite_master WHERE name = 'source_reads'") == true {
            try db.execute(sql: "INSERT INTO source_reads SELECT * FROM prev.source_reads")
        } else {
            // A catalogue of schema 1 stored every link's last run: a source was last read by the newest.
            try db.execute(sql: """
                INSERT INTO source_reads (source, run_id, run_date)
                SELECT source, max(last_run), max(last_seen) FROM prev.vacancy_sources GROUP BY source
                """)
        }
    }

    /// Last night's vacancies that no entry lists tonight: kept for history, closed unless tonight
    /// could not know (their source failed, was read in part, or rejected their record), or merged
    /// when another vacancy took them in. Their links keep the last night they were seen.
    mutating func absent(present: Set<String>) throws {
        /// An open vacancy of last night that no entry lists tonight, and the sources that listed it.
        var absentOpen: [(id: String, sources: Set<String>)] = []
        var kept: Set<String> = []
        if let previous {
            let absent = previous.vacancies.filter { !present.contains($0.key) }.sorted { $0.key < $1.key }
            absentOpen = absent.filter { $0.value.status == VacancyStatus.open.rawValue }.map { ($0.key, $0.value.sources) }
            kept = Set(input.keptRecords.compactMap { previous.membership[$0] })
            if !inPlace {
                // Copied from the baseline in two statements; its views give each row's and link's last
                // night seen as it was (an open row's is derived again).
                try db.execute(sql: "CREATE TEMP TABLE absent (id TEXT PRIMARY KEY) WITHOUT ROWID")
                let insertAbsent = try db.makeStatement(sql: "INSERT INTO temp.absent (id) VALUES (?)")
                for (id, _) in absent { try insertAbsent.execute(arguments: [id]) }
                // A baseline of an earlier schema lacks tonight's newer columns: they read as empty.
                let present = Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('vacancies', 'prev')"))
                let columns = CatalogueSchema.vacancyColumns.map {
                    $0 == "last_seen" ? "CASE WHEN status = 'open' THEN NULL ELSE last_seen END"
                        : present.contains($0) ? $0 : CatalogueSchema.missingColumnValue($0)
                }
                try db.execute(sql: """
                    INSERT INTO vacancy_rows (\(VacancyRow.columnList)) SELECT \(columns.joined(separator: ", ")) FROM prev.vacancies WHERE id IN (SELECT id FROM temp.absent);
                    INSERT INTO vacancy_links SELECT \(VacancySourceRow.columnList) FROM prev.vacancy_sources WHERE vacancy_id IN (SELECT id FROM temp.absent);
                    DROP TABLE temp.absent;
                    """)
            }
        } else if inPlace {
            // Only the open ones can change: found through the status index, their sources looked up.
            var ids: [String] = []
            let open = try String.fetchCursor(db, sql: "SELECT id FROM vacancy_rows WHERE status = 'open'")
            while let id = try open.next() {
                if !present.contains(id) { ids.append(id) }
            }
            let sources = try db.makeStatement(sql: "SELECT DISTINCT source FROM vacancy_links WHERE vacancy_id = ?")
            for id in ids.sorted() { absentOpen.append((id, Set(try String.fetchAll(sources, arguments: [id])))) }
            kept = Set(try input.keptRecords.compactMap { try link($0)?.vacancyId })
        }
        let freeze = try db.makeStatement(sql: """
            UPDATE vacancy_links SET last_seen = coalesce(last_seen, (SELECT run_date FROM source_reads r WHERE r.source = vacancy_links.source)),
                                     last_run = coalesce(last_run, (SELECT run_id FROM source_reads r WHERE r.source = vacancy_links.source))
            WHERE vacancy_id = ?
            """)
        let lastSeen = "(SELECT max(last_seen) FROM vacancy_links WHERE vacancy_id = ?3)"
        let setMerged = try db.makeStatement(sql: "UPDATE vacancy_rows SET status = 'merged', merged_into = ?1, closed_at = ?2, last_seen = \(lastSeen) WHERE id = ?3")
        let setClosed = try db.makeStatement(sql: "UPDATE vacancy_rows SET status = 'closed', closed_at = ?2, last_seen = \(lastSeen) WHERE id = ?3")
        for (id, sources) in absentOpen {
            try touch(id)
            if inPlace { try freeze.execute(arguments: [id]) }
            // Not closed when tonight could not know: its source failed (carried), was read in part, or
            // rejected its record with this id.
            let unknown = !sources.isDisjoint(with: input.carriedSources) || !sources.isDisjoint(with: input.incompleteSources)
                || kept.contains(id)
            if let keptId = input.mergedInto[id] {
                // Not closed: the same vacancy lives on under the id its cluster kept.
                try setMerged.execute(arguments: [keptId, input.runDate, id])
                try change(id, .merged)
                summary.merged += 1
            } else if !unknown {
                try setClosed.execute(arguments: [nil, input.runDate, id])
                try change(id, .closed)
                summary.closed += 1
            }
        }
    }

    /// Last night's state of vacancy `id`, if it had one.
    private mutating func vacancy(_ id: String) throws -> (firstSeen: String, status: String, contentHash: String)? {
        if let previous { return previous.vacancies[id].map { ($0.firstSeen, $0.status, $0.contentHash) } }
        guard inPlace else { return nil } // the first night
        if findVacancy == nil {
            findVacancy = try db.makeStatement(sql: "SELECT first_seen, status, content_hash FROM vacancy_rows WHERE id = ?")
        }
        return try Row.fetchOne(findVacancy!, arguments: [id]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Which vacancy held the record `key` ("source\u{1F}record id") last night, and since when it was
    /// seen. In place a link a changed vacancy gave up tonight is gone from the table but kept, as it
    /// was, in the undo file.
    private mutating func link(_ key: String) throws -> (vacancyId: String, firstSeen: String)? {
        if let previous { return previous.membership[key].map { ($0, previous.memberFirstSeen[key] ?? input.runDate) } }
        guard inPlace else { return nil } // the first night
        if findLink == nil {
            findLink = try db.makeStatement(sql: """
                SELECT vacancy_id, first_seen FROM main.vacancy_links WHERE source = ?1 AND source_record_id = ?2
                UNION ALL SELECT vacancy_id, first_seen FROM undo.vacancy_links WHERE source = ?1 AND source_record_id = ?2
                LIMIT 1
                """)
        }
        guard let (source, record) = MemberKey.split(key) else { return nil }
        return try Row.fetchOne(findLink!, arguments: [source, record]).map { ($0[0], $0[1]) }
    }

    /// Tonight's entries (in place, only those that changed since the catalogue's night), their rows
    /// prepared on every core by a thread of their own (content hash, JSON columns) while this one
    /// gives them their history and writes the batch before: SQLite's work is one thread's, and the
    /// cores no longer wait for each other batch by batch.
    mutating func write(night: NightEntries, changedOnly: Bool) throws {
        let channel = BatchChannel<[Prepared]>(capacity: 2)
        // The reader runs on the producer thread only, while this one waits on the channel.
        let reader = UnsafeSendable(night.read)
        let producer = Background {
            defer { channel.finish() }
            try reader.value(changedOnly) { batch in
                let prepared = Parallel.map(batch.count, threads: Parallel.threadCount(0)) { index -> Prepared in
                    let entry = batch[index]
                    var vacancy = entry.vacancy
                    let id = vacancy.id
                    vacancy.contentHash = CataloguePublisher.contentHash(vacancy)
                    vacancy.sourceCount = entry.sources.count
                    vacancy.lastSeen = ""
                    vacancy.status = VacancyStatus.open.rawValue
                    vacancy.closedAt = nil
                    vacancy.mergedInto = nil
                    let links = entry.sources.map { row -> (key: String, values: [DatabaseValue]) in
                        var link = row
                        link.vacancyId = id
                        // Listed tonight by a source read tonight: derived from `source_reads`; a carried
                        // source's records were listed by its last read, which `source_reads` also says.
                        link.lastSeen = ""
                        link.lastRun = ""
                        return (link.memberKey, link.insertValues())
                    }
                    return Prepared(id: id, contentHash: vacancy.contentHash, vacancy: vacancy.insertValues(), links: links)
                }
                try channel.put(prepared)
            }
        }
        let deleteLinks = try db.makeStatement(sql: "DELETE FROM vacancy_links WHERE vacancy_id = ?")
        do {
            while var prepared = channel.take() {
                // Each row is changed where the batch holds it (`prepared` is this loop's own): a copy of it
                // (`for var row in prepared`) copied its 45 values and its links again on their first change.
                for position in prepared.indices { try write(&prepared[position], deleteLinks: deleteLinks) }
            }
        } catch {
            channel.cancel()
            try? producer.wait()
            throw error
        }
        try producer.wait()
    }

    /// A row ready to write but for its history (first seen, what changed).
    struct Prepared {
        var id: String
        var contentHash: String
        var vacancy: [DatabaseValue]
        var links: [(key: String, values: [DatabaseValue])]
    }

    /// Writes one of tonight's rows with its history: first seen, what changed, and in place the row as it was kept.
    private mutating func write(_ row: inout Prepared, deleteLinks: Statement) throws {
        var change: ChangeKind?
        if let old = try vacancy(row.id) {
            row.vacancy[VacancyRow.firstSeenColumn] = old.firstSeen.databaseValue
            if old.status == VacancyStatus.closed.rawValue {
                change = .reopened
            } else if old.contentHash != row.contentHash {
                change = .updated
            }
        } else {
            row.vacancy[VacancyRow.firstSeenColumn] = input.runDate.databaseValue
            change = .new
        }
        /// Links another vacancy may still hold in the table: written with a REPLACE.
        var heldElsewhere = IndexSet()
        for index in row.links.indices {
            let old = try link(row.links[index].key)
            row.links[index].values[VacancySourceRow.firstSeenColumn] = (old?.firstSeen ?? input.runDate).databaseValue
            // A record that moved here from another vacancy changes that one too.
            if let holder = old?.vacancyId, holder != row.id {
                try touch(holder)
                heldElsewhere.insert(index)
            }
        }
        if inPlace {
            try touch(row.id)
            try deleteLinks.execute(arguments: [row.id])
        }
        switch change {
        case .new: summary.new += 1
        case .updated: summary.updated += 1
        case .reopened: summary.reopened += 1
        case .closed, .merged, nil: break
        }
        if let change { try self.change(row.id, change) }
        if inPlace {
            if plainInsertVacancy == nil { plainInsertVacancy = try db.makeStatement(sql: VacancyRow.plainInsertSQL) }
            if change == .new {
                // Not in the table (`vacancy` read it there).
                try plainInsertVacancy!.insert(row.vacancy)
            } else {
                if updateVacancy == nil { updateVacancy = try db.makeStatement(sql: VacancyRow.updateSQL) }
                // A row that is not there after all (no night wrote it) is inserted.
                if try updateVacancy!.insert(row.vacancy) == 0 { try plainInsertVacancy!.insert(row.vacancy) }
            }
        } else {
            try insertVacancy.insert(row.vacancy)
        }
        for (index, link) in row.links.enumerated() {
            // In place, a link no other vacancy holds (this one's own were deleted above) is a plain
            // INSERT: a REPLACE keeps a statement journal of the pages it touches (`VacancyRow.updateSQL`).
            if inPlace, !heldElsewhere.contains(index) {
                if plainInsertSource == nil { plainInsertSource = try db.makeStatement(sql: VacancySourceRow.plainInsertSQL) }
                try plainInsertSource!.insert(link.values)
            } else {
                try insertSource.insert(link.values)
            }
        }
        summary.sourceRecords += row.links.count
    }

    /// The run's rows: identity events, how each source fared, when each source read tonight was
    /// read, the catalogue's facts; and the summary's totals.
    mutating func finish() throws {
        for event in input.identityEvents { try event.insert(db) }
        for row in input.sourceRuns { try row.insert(db) }
        let read = input.readSources ?? Set(input.entries.flatMap { $0.sources.map(\.source) }).subtracting(input.carriedSources)
        let upsertRead = try db.makeStatement(sql: "INSERT OR REPLACE INTO source_reads (source, run_id, run_date) VALUES (?, ?, ?)")
        for source in read.sorted() { try upsertRead.execute(arguments: [source, input.runId, input.runDate]) }
        var info = input.info
        info["schema_version"] = String(CatalogueSchema.version)
        info["run_id"] = input.runId
        info["run_date"] = input.runDate
        info["pipeline"] = input.pipeline
        for (key, value) in info.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT OR REPLACE INTO catalogue_info(key, value) VALUES (?, ?)", arguments: [key, value])
        }
        try CatalogueSchema.writeSectors(db)
        summary.vacancies = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_rows") ?? 0
        summary.open = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy_rows WHERE status = 'open'") ?? 0
    }
}

extension Statement {
    /// Runs this INSERT (or UPDATE) with `values` bound by position, straight through SQLite's C API, and
    /// returns the rows it changed. GRDB's `StatementArguments` made from `[DatabaseValue]` maps each value
    /// through a key path in code not specialised for this module: half the writer thread's time in a night's publish.
    @discardableResult
    func insert(_ values: [DatabaseValue]) throws -> Int {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        for (index, value) in values.enumerated() {
            let code: CInt
            if case .string(var text) = value.storage {
                // The text's own UTF-8 with its length: GRDB's binding hands SQLite a C string, which for the
                // short texts most columns hold (dates, codes, status) is a new array a value.
                code = text.withUTF8 { utf8 in
                    guard let base = utf8.baseAddress, !utf8.isEmpty else {
                        // An empty text has no storage of its own; a null pointer would bind NULL, not "".
                        return sqlite3_bind_text(statement, CInt(index + 1), "", 0, Self.transient)
                    }
                    return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        sqlite3_bind_text(statement, CInt(index + 1), $0, CInt(utf8.count), Self.transient)
                    }
                }
            } else {
                code = value.bind(to: statement, at: CInt(index + 1))
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
        return Int(sqlite3_changes(sqlite3_db_handle(statement)))
    }

    /// SQLite copies the text before the call returns (`SQLITE_TRANSIENT`).
    private static var transient: sqlite3_destructor_type { unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self) }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))),
                      sql: sql)
    }
}
