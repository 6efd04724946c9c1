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
struct StepResult {
    var counts: [String: Int] = [:]
    var notes: [String: String] = [:]
}

/// The classifier behind the normaliser's `TitleCoder` seam, through the run's cache of titles
/// decided by the title alone.
struct ClassifierCoder: TitleCoder {
    let cache: TitleCodingCache

    init(classifier: OccupationClassifier) {
        cache = TitleCodingCache(classifier: classifier)
    }

    func code(title: String, description: String?, employer: String?, publisher: PublisherKind) -> (normalisedTitle: String, coding: OccupationCoding) {
        // The publisher is no part of the cache's key because the classifier does not read it yet;
        // a rule that does must add it there.
        cache.code(title: title, description: description, employer: employer)
    }
}

/// Stage 2: payload files → raw records and rejects.
enum ParseStage {
    static func run(source: SourceDefinition, payloads: [String], recordsPath: String, rejectsPath: String,
                    logger: Logger, progress: (Int) -> Void = { _ in }) throws -> StepResult {
        let records = try NDJSONWriter<RawRecord>(path: recordsPath)
        let rejects = try NDJSONWriter<Reject>(path: rejectsPath)
        let reader = FeedReader(source: source, logger: logger)
        var bytes = 0
        var encodings: Set<String> = []
        for payload in payloads {
            let summary = try reader.read(file: payload, onRecord: {
                                              try records.append(encodedLine: RecordJSON.encode($0))
                                              if records.count % 10_000 == 0 { progress(records.count) }
                                          },
                                          onReject: { try rejects.append($0) })
            bytes += summary.bytes
            encodings.insert(summary.encoding)
        }
        try records.finish()
        try rejects.finish()
        let total = records.count + rejects.count
        let rate = total == 0 ? 0 : Double(rejects.count) / Double(total)
        var result = StepResult(counts: ["records": records.count, "rejects": rejects.count, "bytes": bytes],
                                notes: ["encoding": encodings.sorted().joined(separator: ",")])
        if rate > source.maxRejectRate {
            throw KaartenbakError(.parse, String(format: "%d of %d records rejected (%.0f%%), above the source's max_reject_rate of %.0f%%; see %@",
                                                 rejects.count, total, rate * 100, source.maxRejectRate * 100, rejectsPath),
                                  at: Location(source: source.name))
        }
        if total == 0 {
            result.notes["warning"] = "the feed holds no records"
        }
        return result
    }
}

/// Stage 3: raw records → normalised vacancies.
///
/// Records are read in batches; each batch is decoded, normalised and encoded on every core, then
/// written in feed order. A night's largest source holds a third of its records: one thread per
/// source left that source's normalising on one core while the other sat idle.
enum NormaliseStage {
    /// Records per batch: large enough to keep every core busy, small enough to hold.
    static let batch = 2048

    static func run(source: SourceDefinition, recordsPath: String, outputPath: String, normaliser: Normaliser) throws -> StepResult {
        let output = try NDJSONWriter<Vacancy>(path: outputPath)
        var coded = 0
        var ambiguous = 0
        var seen: Set<String> = []
        var duplicates = 0
        var closedBySource = 0
        /// What became of one record.
        enum Outcome {
            case closed, skipped
            case vacancy(id: String, coded: Bool, ambiguous: Bool, line: [UInt8])
            case failed(line: Int, error: any Error)
        }
        try NDJSON.forEachLineBatch(in: recordsPath, count: batch) { bytes, lines, firstLine in
            let outcomes = Parallel.map(lines.count, threads: Parallel.threadCount(0)) { index -> Outcome in
                do {
                    let line = UnsafeRawBufferPointer(rebasing: bytes[lines[index]])
                    let record = try RecordJSON.decodeRawRecord(line) ?? JSONDecoder().decode(RawRecord.self, from: Data(line))
                    // The source itself says the vacancy is closed: it leaves the catalogue like an unlisted one.
                    if StatusValue.isClosed(record[.status]) { return .closed }
                    guard let vacancy = normaliser.normalise(record, source: source) else { return .skipped }
                    return .vacancy(id: vacancy.sourceRecordId, coded: vacancy.coding.isco != nil,
                                    ambiguous: vacancy.coding.ambiguous, line: RecordJSON.encode(vacancy))
                } catch {
                    return .failed(line: firstLine + index, error: error)
                }
            }
            for outcome in outcomes {
                switch outcome {
                case .closed:
                    closedBySource += 1
                case .skipped:
                    break
                case .failed(let line, let error):
                    throw KaartenbakError(.io, "bad NDJSON: \(error)", at: Location(file: recordsPath, line: line))
                case .vacancy(let id, let isCoded, let isAmbiguous, let line):
                    // The same record twice in one feed (exact duplicate of the source's own id) is kept once.
                    guard seen.insert(id).inserted else {
                        duplicates += 1
                        continue
                    }
                    if isCoded { coded += 1 }
                    if isAmbiguous { ambiguous += 1 }
                    try output.append(encodedLine: line)
                }
            }
        }
        try output.finish()
        return StepResult(counts: ["vacancies": output.count, "coded": coded, "ambiguous": ambiguous,
                                   "duplicate_ids": duplicates, "closed_by_source": closedBySource])
    }
}

/// Stage 4: every source's vacancies → unified vacancies with stable ids.
///
/// Runs `Deduplicator.run` on the normalised files (records are not all held in memory) and keeps
/// its state beside the entries; `previous` is an earlier run's state and entries, reused when it
/// was written by this program with these settings (the notes say whether and why not).
enum DedupeStage {
    static func run(inputs: [(source: String, path: String)], settings: DedupeSettings, previous: PreviousCatalogue?,
                    identity: IdentitySettings, runDate: String,
                    outputPath: String, statePath: String, previousRun: (state: String, entries: String, runId: String)?,
                    logger: Logger) throws -> StepResult {
        let files = DedupeFiles(entries: outputPath, state: statePath,
                                previousState: previousRun?.state, previousEntries: previousRun?.entries)
        let report = try Deduplicator(settings: settings, logger: logger).run(
            inputs: inputs.map { DedupeInput(source: $0.source, path: $0.path) }, files: files,
            previousIds: { reposted in
                previous?.reusableMembership(runDate: runDate, reopenWithinDays: identity.reopenWithinDays, reposted: reposted) ?? [:]
            },
            previousFingerprints: previous?.fingerprints ?? [:], usedIds: previous.map { Set($0.vacancies.keys) } ?? [])
        let assignment = report.assignment
        let eventsPath = URL(fileURLWithPath: outputPath).deletingLastPathComponent().appendingPathComponent("identity-events.ndjson").path
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
        if report.incremental, let runId = previousRun?.runId {
            notes["reused_state"] = runId
        } else {
            notes["full_run"] = report.fullRunReason ?? "no previous state"
        }
        return StepResult(counts: ["records": report.records, "vacancies": report.clusters,
                                   "merged_away": report.records - report.clusters,
                                   "new_ids": assignment.isNew.filter { $0 }.count,
                                   "merges": assignment.merges.count, "splits": assignment.splits.count,
                                   "extracted": report.extracted, "candidate_pairs": report.candidatePairs,
                                   "reused_pairs": report.reusedPairs, "reused_entries": report.reusedEntries,
                                   "referred_entries": report.referredEntries],
                          notes: notes)
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
        row.province = cluster.members.lazy.compactMap(\.province).first
        row.region = merged.region
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
