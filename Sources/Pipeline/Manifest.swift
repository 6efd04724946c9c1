import Foundation
import KaartenbakCore

/// The five stages, in the order records flow through them.
public enum Stage: String, Codable, Sendable, CaseIterable, Comparable {
    case fetch, parse, normalise, dedupe, publish

    /// fetch, parse and normalise run per source; dedupe and publish once over all sources.
    public var isPerSource: Bool { self < .dedupe }

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How a (stage, source) step ended.
public enum StepStatus: String, Codable, Sendable {
    case pending, running, succeeded, failed, skipped
}

/// One (stage, source) step of a run. Global stages use the source name "*".
public struct StepRecord: Codable, Sendable, Equatable {
    public var stage: Stage
    public var source: String
    public var status: StepStatus
    public var startedAt: String?
    public var seconds: Double?
    /// records, rejects, bytes, vacancies, ... as the stage reports them.
    public var counts: [String: Int]
    /// Extra facts: fetch outcome, carried-from run, sha256.
    public var notes: [String: String]
    public var error: String?
    public var errorCode: String?
    /// The dedupe step: sources whose records it read from an earlier run, because their own steps failed
    /// tonight (source → that run); and sources with no good records in any run. Nil for every other step.
    public var carried: [String: String]?
    public var missing: [String]?

    /// The parse step's note naming the mapped fields empty in every record (allowed by `allow_empty`).
    public static let emptyFieldsNote = "empty_fields"
    /// The normalise step's counts (and notes, with an example) of values it could not read, per field:
    /// "unread.closing_date".
    public static let unreadPrefix = "unread."

    /// Field → values of it this (normalise) step could not read.
    public var unreadCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for (key, value) in self.counts where key.hasPrefix(Self.unreadPrefix) { counts[String(key.dropFirst(Self.unreadPrefix.count))] = value }
        return counts
    }

    public init(stage: Stage, source: String) {
        self.stage = stage
        self.source = source
        self.status = .pending
        self.counts = [:]
        self.notes = [:]
    }
}

/// How a run as a whole ended.
public enum RunStatus: String, Codable, Sendable {
    case running
    /// Every step succeeded.
    case succeeded
    /// Published, but some sources failed (their previous records were kept).
    case partial
    /// Nothing was published.
    case failed
    /// The process ended without finishing the run (killed, machine down): found so by a later command.
    /// Its steps stand as recorded; the catalogue is the one published before it unless its publish step succeeded.
    case interrupted
}

/// The record of one run: which steps ran, how they ended, with counts and timings.
/// It lives in the run's folder as manifest.json and is rewritten atomically after each step.
public struct RunManifest: Codable, Sendable {
    public var runId: String
    public var pipelineName: String
    /// The pipeline file as given; the run keeps its own copy (pipeline.yaml) as a pinned input.
    public var pipelineFile: String
    public var startedAt: String
    public var finishedAt: String?
    public var status: RunStatus
    public var steps: [StepRecord]
    /// Facts for the report: code and taxonomy versions.
    public var info: [String: String]
    /// The run after whose publication this run's intermediate files were removed (`RunTrimmer`): this run itself
    /// (its parse output, read again from the payload when needed), or a later one (then this run cannot be rerun).
    public var trimmedAfter: String?

    public init(runId: String, pipelineName: String, pipelineFile: String, startedAt: String) {
        self.runId = runId
        self.pipelineName = pipelineName
        self.pipelineFile = pipelineFile
        self.startedAt = startedAt
        self.status = .running
        self.steps = []
        self.info = [:]
    }

    public func step(_ stage: Stage, _ source: String) -> StepRecord? {
        steps.first { $0.stage == stage && $0.source == source }
    }

    mutating func update(_ record: StepRecord) {
        if let index = steps.firstIndex(where: { $0.stage == record.stage && $0.source == record.source }) {
            steps[index] = record
        } else {
            steps.append(record)
        }
    }

    /// Steps that failed, in stage order.
    public var failedSteps: [StepRecord] { steps.filter { $0.status == .failed } }
    /// Sources whose parse step found mapped fields empty in every record, as their `allow_empty` lets them be:
    /// source → "'place' (mapped to 'Plaats')".
    public var emptyFieldWarnings: [String: String] {
        var warnings: [String: String] = [:]
        for step in steps where step.stage == .parse && step.status == .succeeded {
            if let fields = step.notes[StepRecord.emptyFieldsNote] { warnings[step.source] = fields }
        }
        return warnings
    }

    /// The earlier run whose vacancies of `source` this run kept because its own steps for it failed (from the
    /// dedupe step); nil when the source was read tonight, or no earlier run had a good read of it.
    public func keptFrom(_ source: String) -> String? {
        guard let dedupe = step(.dedupe, "*") else { return nil }
        // Manifests written before the dedupe step had fields of its own said it in a note.
        return dedupe.carried?[source] ?? dedupe.notes["carried." + source]
    }

    /// Whether the dedupe step found no good records of `source` in this run or any earlier one.
    public func hasNoRecords(of source: String) -> Bool {
        guard let dedupe = step(.dedupe, "*") else { return false }
        return dedupe.missing?.contains(source) ?? (dedupe.notes["missing." + source] != nil)
    }

    /// Sources read in part this run (their parse step's reason): nothing of them was closed.
    public var incompleteSources: [String: String] {
        var reasons: [String: String] = [:]
        for step in steps where step.stage == .parse && step.status == .succeeded {
            if let reason = step.notes["incomplete"] { reasons[step.source] = reason }
        }
        return reasons
    }
}

extension StepRecord {
    /// A publish step of a target after SQLite (`publish`/`postgres`), beside SQLite's `publish`/`*`.
    public var isPublishTarget: Bool { stage == .publish && source != "*" }
}
