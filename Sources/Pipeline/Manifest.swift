import Foundation
import Fetching
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
    /// Facts for the people who read the manifest and the report (sha256, url, attempts, a skipped step's reason, an
    /// example of each unread value). Nothing reads them back: what later steps and runs read has a field below.
    public var notes: [String: String]
    public var error: String?
    public var errorCode: String?
    /// The dedupe step: sources whose records it read from an earlier run, because their own steps failed
    /// tonight (source → that run); and sources with no good records in any run. Nil for every other step.
    public var carried: [String: String]?
    public var missing: [String]?
    /// The fetch step: how the payload was had (`unchanged`: publish keeps the source's records as they were).
    public var outcome: FetchOutcome?
    /// The parse step: why the source was read only in part; nothing of it is closed tonight.
    public var incomplete: String?
    /// The parse step: the mapped fields empty in every record, as its `allow_empty` lets them be:
    /// "'place' (mapped to 'Plaats')".
    public var emptyFields: String?
    /// Parse, normalise and dedupe: a digest of everything the step's output depends on (`StepCache`); a later
    /// run's step with the same key takes this output over.
    public var inputKey: String?
    /// The run whose output this step took over, unchanged (the first run that made it).
    public var reusedFrom: String?
    /// The dedupe step: the run whose state it continued from (an incremental night); publish marks the entries
    /// unchanged since then.
    public var reusedState: String?

    /// The normalise step's note when it ran in one pass with parse (`NormalisingSink`): its time is in the parse step's.
    public static let onePassNote = "one_pass"

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

    enum CodingKeys: String, CodingKey {
        case stage, source, status, startedAt, seconds, counts, notes, error, errorCode, carried, missing
        case outcome, incomplete, emptyFields, inputKey, reusedFrom, reusedState
    }

    /// Reads manifests written before these facts had fields of their own, when they rode in `notes`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stage = try c.decode(Stage.self, forKey: .stage)
        source = try c.decode(String.self, forKey: .source)
        status = try c.decode(StepStatus.self, forKey: .status)
        startedAt = try c.decodeIfPresent(String.self, forKey: .startedAt)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
        counts = try c.decode([String: Int].self, forKey: .counts)
        notes = try c.decode([String: String].self, forKey: .notes)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        errorCode = try c.decodeIfPresent(String.self, forKey: .errorCode)
        carried = try c.decodeIfPresent([String: String].self, forKey: .carried)
        missing = try c.decodeIfPresent([String].self, forKey: .missing)
        outcome = try c.decodeIfPresent(FetchOutcome.self, forKey: .outcome)
        incomplete = try c.decodeIfPresent(String.self, forKey: .incomplete)
        emptyFields = try c.decodeIfPresent(String.self, forKey: .emptyFields)
        inputKey = try c.decodeIfPresent(String.self, forKey: .inputKey)
        reusedFrom = try c.decodeIfPresent(String.self, forKey: .reusedFrom)
        reusedState = try c.decodeIfPresent(String.self, forKey: .reusedState)
        moveLegacyNotes()
    }

    /// The facts an older manifest kept in `notes`, moved into their fields.
    private mutating func moveLegacyNotes() {
        func take(_ key: String) -> String? { notes.removeValue(forKey: key) }
        if let value = take("outcome") { outcome = outcome ?? FetchOutcome(rawValue: value) }
        if let value = take("incomplete") { incomplete = incomplete ?? value }
        if let value = take("empty_fields") { emptyFields = emptyFields ?? value }
        if let value = take("input_key") { inputKey = inputKey ?? value }
        if let value = take("reused_from") { reusedFrom = reusedFrom ?? value }
        if let value = take("reused_state") { reusedState = reusedState ?? value }
        for key in notes.keys where key.hasPrefix("carried.") {
            let run = take(key)!
            if carried?[String(key.dropFirst("carried.".count))] == nil {
                carried = (carried ?? [:]).merging([String(key.dropFirst("carried.".count)): run]) { old, _ in old }
            }
        }
        for key in notes.keys where key.hasPrefix("missing.") {
            _ = take(key)
            let source = String(key.dropFirst("missing.".count))
            if !(missing ?? []).contains(source) { missing = (missing ?? []) + [source] }
        }
    }

    /// A step about to run again: nothing of its last result stays.
    mutating func clearResult() {
        counts = [:]
        notes = [:]
        carried = nil
        missing = nil
        outcome = nil
        incomplete = nil
        emptyFields = nil
        inputKey = nil
        reusedFrom = nil
        reusedState = nil
    }

    /// A step that succeeded with `result`.
    mutating func take(_ result: StepResult) {
        counts = result.counts
        notes = result.notes
        carried = result.carried.isEmpty ? nil : result.carried
        missing = result.missing.isEmpty ? nil : result.missing
        incomplete = result.incomplete
        emptyFields = result.emptyFields
        inputKey = result.inputKey
        reusedFrom = result.reusedFrom
        reusedState = result.reusedState
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
            if let fields = step.emptyFields { warnings[step.source] = fields }
        }
        return warnings
    }

    /// The earlier run whose vacancies of `source` this run kept because its own steps for it failed (from the
    /// dedupe step); nil when the source was read tonight, or no earlier run had a good read of it.
    public func keptFrom(_ source: String) -> String? {
        step(.dedupe, "*")?.carried?[source]
    }

    /// Whether the dedupe step found no good records of `source` in this run or any earlier one.
    public func hasNoRecords(of source: String) -> Bool {
        step(.dedupe, "*")?.missing?.contains(source) ?? false
    }

    /// Sources read in part this run (their parse step's reason): nothing of them was closed.
    public var incompleteSources: [String: String] {
        var reasons: [String: String] = [:]
        for step in steps where step.stage == .parse && step.status == .succeeded {
            if let reason = step.incomplete { reasons[step.source] = reason }
        }
        return reasons
    }
}

extension StepRecord {
    /// A publish step of a target after SQLite (`publish`/`postgres`), beside SQLite's `publish`/`*`.
    public var isPublishTarget: Bool { stage == .publish && source != "*" }
}
