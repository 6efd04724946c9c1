import Foundation
import KaartenbakCore
import Logging
import Fetching
import FeedReading
import Normalisation
import Classification
import Deduplication
import Catalogue

/// What a step reports back to the runner: counts and notes for the manifest.
public struct StepResult: Sendable {
    public var counts: [String: Int] = [:]
    public var notes: [String: String] = [:]
    /// The dedupe step's inputs read from an earlier run (their source failed tonight): source → that run.
    public var carried: [String: String] = [:]
    /// The dedupe step's sources with no good output in this run or any earlier one.
    public var missing: [String] = []
    /// The facts of the same names on `StepRecord`, which later steps and runs read.
    public var incomplete: String?
    public var emptyFields: String?
    public var inputKey: String?
    public var reusedFrom: String?
    public var reusedState: String?
    public init(counts: [String: Int] = [:], notes: [String: String] = [:]) {
        self.counts = counts
        self.notes = notes
    }
}

/// The classifier behind the normaliser's `TitleCoder` seam, through the run's cache of titles
/// decided by the title alone.
public struct ClassifierCoder: TitleCoder {
    let cache: TitleCodingCache

    public init(classifier: OccupationClassifier) {
        cache = TitleCodingCache(classifier: classifier)
    }

    public func code(title: String, description: String?, employer: String?, publisher: PublisherKind) -> (normalisedTitle: String, coding: OccupationCoding) {
        // The publisher is no part of the cache's key because the classifier does not read it yet;
        // a rule that does must add it there.
        cache.code(title: title, description: description, employer: employer)
    }
}

/// Stage 2: payload files → raw records and rejects.
///
/// Besides the records, the step says whether the read is complete: a read that stopped before a feed's end, skipped
/// a part of it, or rejected a record without a readable id cannot know which vacancies the source still lists, so
/// nothing of the source is closed that night (the `incomplete` note; docs/bad-feeds.md). A record whose id was
/// read before in the same feed is a reject naming where the first one was.
enum ParseStage {
    /// Thrown from the record callback to stop a read that ran past its time budget.
    private struct OutOfTime: Error {}

    static func run(source: SourceDefinition, payloads: [String], recordsPath: String, rejectsPath: String,
                    logger: Logger, progress: (Int) -> Void = { _ in }) throws -> StepResult {
        try run(source: source, payloads: payloads, records: try NDJSONWriter<RawRecord>(path: recordsPath), rejectsPath: rejectsPath,
                logger: logger, progress: progress)
    }

    /// Parses into `records`: the parse records file, or normalising itself (`NormalisingSink`).
    static func run(source: SourceDefinition, payloads: [String], records: some ParsedRecordSink, rejectsPath: String,
                    logger: Logger, progress: (Int) -> Void = { _ in }) throws -> StepResult {
        let rejects = try NDJSONWriter<Reject>(path: rejectsPath)
        let reader = FeedReader(source: source, logger: logger)
        var bytes = 0
        var encodings: Set<String> = []
        var incomplete: String?
        var unidentified = 0, duplicates = 0, controlCharacters = 0
        /// The source's id → where its first record was.
        var firstSeen: [String: String] = [:]
        let deadline = Date().addingTimeInterval(source.read.parseTimeout)
        /// Mapped fields not yet seen with a value: one left at the end is empty in every record. The markers
        /// (status, repost) are left out: that no record is marked is their usual night, not a blank.
        var unfilled = Set(source.fields.keys).subtracting([.status, .repost])
        for payload in payloads {
            do {
                let summary = try reader.read(file: payload, onRecord: { record in
                    if let id = record[.id].map(NameValue.collapseWhitespace), !id.isEmpty {
                        if let first = firstSeen[id] {
                            duplicates += 1
                            try rejects.append(Reject(source: record.source, file: payload, location: record.location,
                                                      reason: "duplicate id '\(id)': the record at \(first) has it too and is the one read",
                                                      snippet: snippet(record.values), recordId: id))
                            return
                        }
                        firstSeen[id] = record.location
                    }
                    if !unfilled.isEmpty { for value in record.values { unfilled.remove(value.field) } }
                    try records.append(encodedLine: RecordJSON.encode(record))
                    if records.count % 10_000 == 0 {
                        progress(records.count)
                        if Date() > deadline.addingTimeInterval(records.busySeconds) { throw OutOfTime() }
                    }
                }, onReject: { reject in
                    if reject.recordId == nil { unidentified += 1 }
                    try rejects.append(reject)
                })
                bytes += summary.bytes
                encodings.insert(summary.encoding)
                controlCharacters += summary.controlCharactersRemoved
                if incomplete == nil, let reason = summary.incomplete { incomplete = reason }
            } catch is OutOfTime {
                incomplete = incomplete ?? "reading stopped after \(Int(source.read.parseTimeout)) s (limits.parse_timeout) in \(payload), after \(records.count) records"
                break
            }
        }
        try records.finish()
        try rejects.finish()
        if incomplete == nil && unidentified > 0 {
            incomplete = "\(unidentified) rejected record\(unidentified == 1 ? "" : "s") without a readable id (see \(rejectsPath))"
        }
        // Duplicates are counted apart: the vacancy was read once, its copies cost nothing.
        let failed = rejects.count - duplicates
        let total = records.count + failed
        let rate = total == 0 ? 0 : Double(failed) / Double(total)
        var result = StepResult(counts: ["records": records.count, "rejects": rejects.count, "bytes": bytes],
                                notes: ["encoding": encodings.sorted().joined(separator: ",")])
        if duplicates > 0 { result.counts["duplicate_ids"] = duplicates }
        if unidentified > 0 { result.counts["rejects_without_id"] = unidentified }
        if controlCharacters > 0 {
            result.counts["control_characters_removed"] = controlCharacters
            logger.warning("\(source.name): removed control characters (NUL, ...) from the values of \(controlCharacters) records")
        }
        result.incomplete = incomplete
        if records.count > 0, !unfilled.isEmpty {
            let empty = unfilled.sorted()
            let described = empty.map { "'\($0.rawValue)' (mapped to \(source.fields[$0, default: []].map { "'\($0)'" }.joined(separator: ", ")))" }
            if let refused = empty.first(where: { !source.allowEmpty.contains($0) }) {
                let others = empty.filter { $0 != refused && !source.allowEmpty.contains($0) }.map(\.rawValue)
                throw KaartenbakError(.parse, "field \(described[empty.firstIndex(of: refused)!]) is empty in all \(records.count) records"
                                      + (others.isEmpty ? "" : ", and so are \(others.joined(separator: ", "))")
                                      + ": a mapping typo? See `kaartenbak sources check`; if the feed really has none, add the field to allow_empty",
                                      at: Location(source: source.name, key: "fields.\(refused.rawValue)"))
            }
            result.emptyFields = described.joined(separator: ", ")
            logger.warning("\(source.name): mapped fields empty in every record (allowed by allow_empty): \(described.joined(separator: ", "))")
        }
        if rate > source.maxRejectRate {
            throw KaartenbakError(.parse, String(format: "%d of %d records rejected (%.0f%%), above the source's max_reject_rate of %.0f%%; see %@",
                                                 failed, total, rate * 100, source.maxRejectRate * 100, rejectsPath),
                                  at: Location(source: source.name))
        }
        if records.count == 0 && !source.mayBeEmpty && failed == 0 {
            throw KaartenbakError(.parse, "the feed holds no records (set may_be_empty: true if this source can be empty)",
                                  at: Location(source: source.name, file: payloads.first))
        }
        if records.count < source.minRecords {
            throw KaartenbakError(.parse, "\(records.count) records, fewer than the source's min_records of \(source.minRecords)",
                                  at: Location(source: source.name, file: payloads.first))
        }
        return result
    }
}

/// Where parse puts each record it reads, as its line (`RecordJSON` of a `RawRecord`).
protocol ParsedRecordSink: AnyObject {
    var count: Int { get }
    func append(encodedLine: [UInt8]) throws
    func finish() throws
    /// Seconds spent on work after reading (normalising), which the parse time budget does not count.
    var busySeconds: Double { get }
}

/// The parse records file.
extension NDJSONWriter: ParsedRecordSink where Element == RawRecord {
    var busySeconds: Double { 0 }
}

/// Parse and normalise in one pass, when a night does both for a source: each batch of records parse reads is
/// normalised as it is read, with no parse records file between them. That file was written, read back and, once
/// the night had published, deleted (about 1.9 KB a record, 1.9 GB at a million).
final class NormalisingSink: ParsedRecordSink {
    private let pass: NormaliseStage.Pass
    private var bytes: [UInt8] = []
    private var lines: [Range<Int>] = []
    private(set) var count = 0
    private(set) var busySeconds: Double = 0
    /// Normalising's first failure: parse goes on reading (its own step's counts stay true) and the normalise
    /// step reports it.
    private var failure: (any Error)?

    init(_ pass: NormaliseStage.Pass) {
        self.pass = pass
        lines.reserveCapacity(NormaliseStage.batch)
    }

    func append(encodedLine line: [UInt8]) throws {
        lines.append(bytes.count..<(bytes.count + line.count))
        bytes.append(contentsOf: line)
        count += 1
        if lines.count == NormaliseStage.batch { flush() }
    }

    func finish() throws { flush() }

    /// The normalise step's result, once parse has finished.
    func outcome() throws -> StepResult {
        if let failure { throw failure }
        return try pass.finish()
    }

    private func flush() {
        guard !lines.isEmpty else { return }
        let start = ContinuousClock.now
        if failure == nil {
            do {
                try bytes.withUnsafeBytes { try pass.add($0, lines: lines, firstLine: count - lines.count + 1) }
            } catch {
                failure = error
            }
        }
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        let spent = ContinuousClock.now - start
        busySeconds += Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18
    }
}

/// Stage 3: raw records → normalised vacancies.
///
/// Records are read in batches; each batch is decoded, normalised and encoded on every core, then
/// written in feed order. In a night, where the sources themselves run side by side (`PipelineRunner`),
/// Dispatch runs this nested map on its caller's thread alone; spreading it as well was tried and made
/// the night slower (docs/night.md). It spreads when one source is normalised alone (`stage normalise`).
enum NormaliseStage {
    /// Records per batch: large enough to keep every core busy, small enough to hold.
    static let batch = 2048

    /// `identity` names what normalising depends on besides the record (definition, taxonomy,
    /// program); with `previous`, an earlier run's normalised file of this source, records that
    /// run normalised with the same identity are taken from it (`NormalisedMemory`).
    static func run(source: SourceDefinition, recordsPath: String, outputPath: String, normaliser: Normaliser,
                    identity: String = "", previous: String? = nil, progress: (Int) -> Void = { _ in }) throws -> StepResult {
        let pass = try Pass(source: source, recordsLabel: recordsPath, outputPath: outputPath, normaliser: normaliser,
                            identity: identity, previous: previous)
        defer { pass.close() }
        var read = 0
        try NDJSON.forEachLineBatch(in: recordsPath, count: batch) { bytes, lines, firstLine in
            try pass.add(bytes, lines: lines, firstLine: firstLine)
            read += lines.count
            progress(read)
        }
        return try pass.finish()
    }

    /// Normalising one source's raw records, given in batches of their lines (`RecordJSON` of a `RawRecord`), in
    /// feed order: from the parse records file (`run`), or from parse itself when a night does both in one pass
    /// (`NormalisingSink`).
    final class Pass {
        private let source: SourceDefinition
        /// Where the lines come from, for an error's location.
        private let recordsLabel: String
        private let outputPath: String
        private let normaliser: Normaliser
        private let output: NDJSONWriter<Vacancy>
        private let memory: NormalisedMemory?
        private var remembered: NormalisedMemoryWriter
        /// Where each of tonight's lines is (`NormalisedLines`): file 0 is `output`, the others last night's files
        /// linked beside it.
        private var index: NormalisedLines
        /// Per file of last night's output (`memory.files`), its number in `index.files`, or -1: its lines are
        /// written again.
        private var target: [Int] = []
        /// Whether tonight can refer to any of last night's files: else no index is made (a full normalising).
        private var referring = false
        private var vacancies = 0
        private var offset: UInt64 = 0
        private var reused = 0
        private var coded = 0
        private var ambiguous = 0
        private var seen: Set<String> = []
        private var duplicates = 0
        private var closedBySource = 0
        /// Values normalising could not read, per checked field (`UnreadValue.checkedFields` order), with the
        /// first one met of each as an example for the manifest.
        private var unreadCounts = [Int](repeating: 0, count: UnreadValue.checkedFields.count)
        private var unreadExamples: [VacancyField: UnreadValue] = [:]

        /// What became of one record.
        private enum Outcome {
            case closed, skipped
            /// `examples`: the unread values themselves, of a record normalised tonight (not taken from memory).
            case vacancy(id: String, coded: Bool, ambiguous: Bool, unread: UInt16, examples: [UnreadValue], line: Line)
            case failed(line: Int, error: any Error)
        }

        /// A vacancy's line: written tonight (its content hash, and last night's place when it was taken from
        /// memory), or referred to in a file of last night's output with tonight's location.
        private enum Line {
            case written([UInt8], content: UInt64)
            /// `location`: where tonight's location is in the batch's bytes.
            case referred(NormalisedMemory.Line, location: Range<Int>)
        }

        init(source: SourceDefinition, recordsLabel: String, outputPath: String, normaliser: Normaliser,
             identity: String, previous: String?) throws {
            self.source = source
            self.recordsLabel = recordsLabel
            self.outputPath = outputPath
            self.normaliser = normaliser
            // An index of an earlier attempt at this output goes first: the output is about to be written again.
            unlink(NormalisedLines.indexPath(forOutput: outputPath))
            output = try NDJSONWriter<Vacancy>(path: outputPath)
            memory = previous.flatMap { NormalisedMemory(output: $0, identity: identity) }
            remembered = NormalisedMemoryWriter(identity: identity)
            index = NormalisedLines(files: [.init(tag: 0, name: URL(fileURLWithPath: outputPath).lastPathComponent)])
            if let memory { target = linkFiles(of: memory) }
            referring = index.files.count > 1
        }

        /// Links into tonight's folder the files of last night's output that tonight will refer to: those at least
        /// half of whose bytes are lines last night listed, most used first, up to `NormalisedLines.maximumFiles`.
        /// The lines of the others (a file mostly of vacancies gone or changed since, or past the limit) are written
        /// again, so dead bytes and files stay bounded. Returns, per file, its number tonight or -1.
        private func linkFiles(of memory: NormalisedMemory) -> [Int] {
            let listed = memory.listedBytes()
            var target = [Int](repeating: -1, count: memory.files.count)
            let folder = URL(fileURLWithPath: outputPath).deletingLastPathComponent().path
            for file in listed.indices.sorted(by: { listed[$0] > listed[$1] }) where listed[file] > 0 && listed[file] * 2 >= memory.size(ofFile: file) {
                guard index.files.count < NormalisedLines.maximumFiles else { break }
                // Last night's own file gets its tag now; a file it referred to keeps its own.
                let tag = file > 0 && memory.files[file].tag != 0 ? memory.files[file].tag : UInt64.random(in: 1...UInt64.max)
                let name = NormalisedLines.linkedName(output: outputPath, tag: tag)
                let destination = folder + "/" + name
                unlink(destination)
                // Another file system refuses a link: its lines are written again.
                guard link(memory.paths[file], destination) == 0 else { continue }
                target[file] = index.files.count
                index.files.append(.init(tag: tag, name: name))
            }
            return target
        }

        func close() { memory?.close() }

        /// Normalises a batch on every core the caller's queue gives it, and writes it in order.
        func add(_ bytes: UnsafeRawBufferPointer, lines: [Range<Int>], firstLine: Int) throws {
            let outcomes = Parallel.map(lines.count, threads: Parallel.threadCount(0)) { index -> (hash: UInt64, outcome: Outcome, reused: Bool) in
                let line = UnsafeRawBufferPointer(rebasing: bytes[lines[index]])
                let hash = LineHashes(line).content
                do {
                    if let memory, let known = memory.outcome(hash: hash) {
                        switch known {
                        case .closed: return (hash, .closed, true)
                        case .skipped: return (hash, .skipped, true)
                        case .vacancy(let at, let coded, let ambiguous, let unread, let id):
                            let taken: Line?
                            if target[Int(at.file)] >= 0 {
                                let start = lines[index].lowerBound
                                taken = LineHashes.locationValue(in: line).map { .referred(at, location: (start + $0)..<(start + $1)) }
                            } else {
                                taken = try memory.line(at, splicingLocationOf: line).map { .written($0, content: at.content) }
                            }
                            // A record without a location to put in is normalised afresh.
                            if let taken {
                                return (hash, .vacancy(id: id, coded: coded, ambiguous: ambiguous, unread: unread, examples: [], line: taken), true)
                            }
                        }
                    }
                    return (hash, try normalise(line), false)
                } catch {
                    return (hash, .failed(line: firstLine + index, error: error), false)
                }
            }
            for (hash, outcome, wasReused) in outcomes {
                if wasReused { reused += 1 }
                switch outcome {
                case .closed:
                    closedBySource += 1
                    remembered.append(hash: hash, .closed)
                case .skipped:
                    remembered.append(hash: hash, .skipped)
                case .failed(let line, let error):
                    throw KaartenbakError(.io, "bad NDJSON: \(error)", at: Location(file: recordsLabel, line: line))
                case .vacancy(let id, let isCoded, let isAmbiguous, let unread, let examples, let line):
                    // The same record twice in one feed (exact duplicate of the source's own id) is kept once.
                    guard seen.insert(id).inserted else {
                        duplicates += 1
                        continue
                    }
                    if isCoded { coded += 1 }
                    if isAmbiguous { ambiguous += 1 }
                    for bit in unreadCounts.indices where unread & (1 << bit) != 0 { unreadCounts[bit] += 1 }
                    for example in examples where unreadExamples[example.countedField] == nil { unreadExamples[example.countedField] = example }
                    vacancies += 1
                    let place: NormalisedMemory.Line
                    switch line {
                    case .written(let bytes, let content):
                        try output.append(encodedLine: bytes)
                        place = .init(file: 0, offset: offset, length: UInt32(bytes.count), content: content)
                        if referring { index.append(file: 0, offset: offset, length: bytes.count, content: content, location: EmptyCollection()) }
                        offset += UInt64(bytes.count + 1)
                    case .referred(let at, let location):
                        place = .init(file: UInt16(target[Int(at.file)]), offset: at.offset, length: at.length, content: at.content)
                        index.append(file: Int(place.file), offset: at.offset, length: Int(at.length), content: at.content, location: bytes[location])
                    }
                    remembered.append(hash: hash, .vacancy(place, coded: isCoded, ambiguous: isAmbiguous, unread: unread, id: id))
                }
            }
        }

        /// What normalising makes of one raw record's line.
        private func normalise(_ line: UnsafeRawBufferPointer) throws -> Outcome {
            let record = try RecordJSON.decodeRawRecord(line) ?? JSONDecoder().decode(RawRecord.self, from: Data(line))
            // The source itself says the vacancy is closed: it leaves the catalogue like an unlisted one.
            if StatusValue.isClosed(record[.status]) { return .closed }
            guard let vacancy = normaliser.normalise(record, source: source) else { return .skipped }
            var unread: UInt16 = 0
            let values = normaliser.unreadValues(in: record, normalised: vacancy)
            for value in values {
                if let bit = UnreadValue.checkedFields.firstIndex(of: value.countedField) { unread |= 1 << bit }
            }
            let encoded = RecordJSON.encode(vacancy)
            let content = encoded.withUnsafeBytes { LineHashes($0).content }
            return .vacancy(id: vacancy.sourceRecordId, coded: vacancy.coding.isco != nil,
                            ambiguous: vacancy.coding.ambiguous, unread: unread, examples: values, line: .written(encoded, content: content))
        }

        /// Writes the output and its memory, and says what was done.
        func finish() throws -> StepResult {
            try output.finish()
            if index.refersElsewhere {
                try index.write(to: NormalisedLines.indexPath(forOutput: outputPath))
            } else {
                index.files = Array(index.files.prefix(1))
            }
            NormalisedLines.removeUnlisted(output: outputPath, keeping: Set(index.files.map(\.name)))
            try remembered.finish(output: outputPath)
            var result = StepResult(counts: ["vacancies": vacancies, "coded": coded, "ambiguous": ambiguous,
                                             "duplicate_ids": duplicates, "closed_by_source": closedBySource])
            if memory != nil { result.counts["reused_records"] = reused }
            for (bit, field) in UnreadValue.checkedFields.enumerated() where unreadCounts[bit] > 0 {
                result.counts[StepRecord.unreadPrefix + field.rawValue] = unreadCounts[bit]
                if let example = unreadExamples[field] {
                    result.notes[StepRecord.unreadPrefix + field.rawValue] = "e.g. \(example.field.rawValue) '\(example.text.prefix(60))': \(example.reason)"
                }
            }
            return result
        }
    }
}

/// Stage 4: every source's vacancies → unified vacancies with stable ids.
///
/// Runs `Deduplicator.run` on the normalised files (records are not all held in memory) and keeps
/// its state beside the entries; `previous` is an earlier run's state and entries, reused when it
/// was written by this program with these settings (the notes say whether and why not).
enum DedupeStage {
    static func run(inputs: [(source: String, path: String, records: Int?)], settings: DedupeSettings, previous: PreviousIdentities?,
                    identity: IdentitySettings, runDate: String,
                    outputPath: String, statePath: String, eventsPath: String, previousRun: (state: String, entries: String, runId: String)?,
                    logger: Logger) throws -> StepResult {
        let files = DedupeFiles(entries: outputPath, state: statePath,
                                previousState: previousRun?.state, previousEntries: previousRun?.entries)
        let report = try Deduplicator(settings: settings, logger: logger).run(
            inputs: inputs.map { DedupeInput(source: $0.source, path: $0.path, records: $0.records) }, files: files,
            previousIds: { reposted in
                previous?.reusableMembership(runDate: runDate, reopenWithinDays: identity.reopenWithinDays, reposted: reposted) ?? [:]
            },
            previousFingerprints: previous?.fingerprints ?? [:], usedIds: previous?.ids ?? [])
        let assignment = report.assignment
        let events = try NDJSONWriter<IdentityEvent>(path: eventsPath)
        for merge in assignment.merges {
            try events.append(IdentityEvent(kind: "merge", vacancyId: merge.kept,
                                            detail: "absorbed \(merge.absorbed.joined(separator: ", "))", related: merge.absorbed))
        }
        for split in assignment.splits {
            try events.append(IdentityEvent(kind: "split", vacancyId: split.previous,
                                            detail: "into \(split.into.joined(separator: ", "))", related: split.into))
        }
        try events.finish()
        var notes: [String: String] = [:]
        var reusedState: String?
        if report.incremental, let runId = previousRun?.runId {
            reusedState = runId
        } else {
            notes["full_run"] = report.fullRunReason ?? "no previous state"
        }
        var result = StepResult(counts: ["records": report.records, "vacancies": report.clusters,
                                   "merged_away": report.records - report.clusters,
                                   "new_ids": assignment.isNew.filter { $0 }.count,
                                   "merges": assignment.merges.count, "splits": assignment.splits.count,
                                   "extracted": report.extracted, "candidate_pairs": report.candidatePairs,
                                   "reused_pairs": report.reusedPairs, "reused_entries": report.reusedEntries,
                                   "referred_entries": report.referredEntries],
                                notes: notes)
        result.reusedState = reusedState
        return result
    }
}

/// A change of identity between nights, for the catalogue's `identity_events`.
struct IdentityEvent: Codable {
    var kind: String
    var vacancyId: String
    var detail: String
    /// merge: the ids absorbed into `vacancyId`; split: the ids `vacancyId`'s records went to.
    var related: [String]
}

/// One unified vacancy as the dedupe stage hands it to publish.
typealias DedupedEntry = DedupedVacancy

extension DedupedVacancy {
    /// The catalogue's view of this cluster.
    func catalogueEntry(runId: String, runDate: String) -> CatalogueEntry {
        let merged = cluster.merged
        // The coding (confidence, candidates, reasons) of the record the merged ISCO code came from.
        let codingSource = merged.source(of: "occupation") ?? merged.primarySource
        let coded = cluster.members.first { $0.source == codingSource && $0.coding.isco == merged.isco }
            ?? cluster.members.first { $0.source == merged.primarySource } ?? cluster.members[0]
        var coding = coded.coding
        coding.isco = merged.isco
        coding.occupation = merged.occupation
        coding.occupationLabel = merged.occupationLabel
        var row = VacancyRow(id: id, title: merged.title, normalisedTitle: merged.normalisedTitle, coding: coding,
                             firstSeen: runDate, lastSeen: runDate)
        row.employer = merged.employer
        row.place = merged.place
        row.postcode = merged.postcode
        // Geography from the merged placement; a feed's own province and the source's region only when it has none.
        let placement = merged.placement
        row.municipalityCode = placement?.municipalityCode
        row.municipality = placement?.municipality
        row.province = placement?.province ?? cluster.members.lazy.compactMap(\.province).first
        row.region = placement?.region ?? merged.region
        row.regionNumber = placement?.regionNumber
        row.geoBasis = placement?.basis.rawValue
        row.geoNote = placement?.note
        row.sector = Sectors.bundled.sector(isco: coding.isco, candidates: coding.candidates.map(\.isco))
        row.signalEvidence = merged.signals ?? []
        row.signals = row.signalEvidence.map(\.signal.rawValue)
        row.datePosted = merged.datePosted
        row.closingDate = merged.closingDate
        row.hoursMin = merged.hoursMin
        row.hoursMax = merged.hoursMax
        row.salaryMin = merged.salaryMin
        row.salaryMax = merged.salaryMax
        row.salaryPeriod = merged.salaryPeriod
        row.contract = merged.contract
        row.schedule = merged.schedule
        row.education = merged.education
        row.url = merged.url
        row.description = merged.description
        row.provenance = merged.provenance
        // Provenance lists the fields another source supplied; "*" names the main source, which supplied the rest
        // (without it, a four-source vacancy's provenance named one field and not where the others came from).
        if Set(cluster.members.map(\.source)).count > 1 { row.provenance["*"] = merged.primarySource }
        row.fingerprint = IdentityResolver.fingerprint(of: cluster)
        row.conflicts = merged.conflicts
        let sources = cluster.members.map { member in
            VacancySourceRow(vacancyId: id, source: member.source, sourceRecordId: member.sourceRecordId,
                             publisher: member.publisher.rawValue, title: member.title, url: member.url,
                             firstSeen: runDate, lastSeen: runDate, lastRun: runId)
        }
        return CatalogueEntry(vacancy: row, sources: sources)
    }
}
