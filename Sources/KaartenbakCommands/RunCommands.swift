import ArgumentParser
import Foundation
import KaartenbakCore
import Pipeline
import Fetching
import Catalogue

extension Stage: ExpressibleByArgument {}

/// `kaartenbak run`: the nightly job.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every stage of a pipeline: fetch, parse, normalise, dedupe, publish.",
        discussion: """
        Exit status: 0 all good; 3 published but some sources failed (their previous vacancies \
        are kept); 5 published to SQLite but a further target (PostgreSQL) failed; 4 nothing published; 75 another run holds the lock; 74 disk or database error; \
        78 invalid pipeline definition.
        """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var pipeline: PipelineOption

    @Flag(help: "Fetch every source in full, ignoring ETag and Last-Modified.")
    var refetch = false

    @Option(help: "Transfers at once, over all hosts.")
    var maxFetches: Int = 8

    @Option(help: "Accept a record-count drop for this source that the publish guard would refuse (repeatable).")
    var acceptDrop: [String] = []

    @Flag(help: "Publish a new catalogue file rather than changing the published one in place (compacts it).")
    var rebuildCatalogue = false

    @Flag(help: "Keep every intermediate file; by default a run that published removes what no later step reads (README, 'What a night keeps').")
    var keepIntermediate = false

    @OptionGroup var retry: RetryOptions

    func validate() throws {
        guard maxFetches >= 1 else { throw ValidationError("--max-fetches must be at least 1") }
    }

    func run() async throws {
        var options = RunOptions()
        options.refetch = refetch
        options.maxConcurrentFetches = maxFetches
        options.acceptDrops = Set(acceptDrop)
        options.retryPolicy = retry.policy
        options.rebuildCatalogue = rebuildCatalogue
        options.keepIntermediateFiles = keepIntermediate
        try await runUnderLock(global) { runner, store in
            try await runner.run(pipelineFile: try pipeline.locate(dataDirectory: store.root, logger: runner.logger).file, options: options)
        }
    }
}

/// `kaartenbak rerun`: redo what failed, from the run's own inputs.
struct RerunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun",
        abstract: "Rerun the failed steps of a run (or one stage) and everything downstream, from that run's own inputs.",
        discussion: "What was fetched is not fetched again unless --stage fetch is given.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Run id, a unique prefix of one, or 'last'.")
    var runId: String = "last"

    @Option(help: "Redo this stage (and what lies downstream) instead of the failed steps.")
    var stage: Stage?

    @Option(help: "Limit to these sources (repeatable).")
    var source: [String] = []

    @Flag(help: "Redo the failed and unfinished steps (the default when no --stage is given).")
    var failed = false

    @Flag(help: "Accept the record-count drop of the given --source (or all) that the publish guard refused.")
    var acceptDrop = false

    @Flag(help: "Replace the run's pinned definition with the pipeline file as it is now (recorded in the manifest).")
    var withCurrentDefinition = false

    @Flag(help: "Keep every intermediate file (as run --keep-intermediate).")
    var keepIntermediate = false

    @OptionGroup var retry: RetryOptions

    func validate() throws {
        if failed && stage != nil { throw ValidationError("--failed and --stage exclude each other") }
    }

    func run() async throws {
        var options = RunOptions()
        options.retryPolicy = retry.policy
        options.keepIntermediateFiles = keepIntermediate
        if acceptDrop { options.acceptDrops = source.isEmpty ? ["*"] : Set(source) }
        try await runUnderLock(global) { runner, store in
            let id = try store.resolve(runId)
            if !withCurrentDefinition {
                // A rerun reads the run's pinned copy: say so when the operator has edited the file since.
                do {
                    if let drift = try runner.definitionDrift(runId: id).drift, !drift.isEmpty {
                        printNote("note: run \(id) reruns with its pinned definition, but \(drift.file) now differs (\(drift.summary)); "
                                   + "to use the file as it is now: kaartenbak rerun \(id) --with-current-definition")
                    }
                } catch {
                    printNote("note: run \(id) reruns with its pinned definition; the current file does not load: \(error)")
                }
            }
            return try await runner.rerun(runId: id, stage: stage, sources: source.isEmpty ? nil : source,
                                          currentDefinition: withCurrentDefinition, options: options)
        }
    }
}

/// One line for the operator on standard error, whatever the log level.
private func printNote(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `kaartenbak stage`: one stage alone, for one run.
struct StageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run one stage alone for an existing run (nothing downstream).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "fetch, parse, normalise, dedupe or publish.")
    var stage: Stage

    @Option(name: .customLong("run"), help: "Run id, a unique prefix of one, or 'last'.")
    var runId: String = "last"

    @Option(help: "Limit to these sources (repeatable).")
    var source: [String] = []

    func run() async throws {
        try await runUnderLock(global) { runner, store in
            try await runner.rerun(runId: try store.resolve(runId), stage: stage,
                                   sources: source.isEmpty ? nil : source, downstream: false)
        }
    }
}

/// `kaartenbak status`: the last runs, or one run's steps.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the last runs, or the steps of one run.")

    @OptionGroup var data: DataDirOptions

    @Argument(help: "A run id (or 'last') to show its steps.")
    var runId: String?

    @Option(help: "How many runs to list.")
    var limit: Int = 10

    func run() throws {
        let store = RunStore(root: data.path)
        do {
            if let runId {
                let manifest = try store.loadCurrentManifest(try store.resolve(runId))
                print(RunSummary(manifest: manifest, store: store).text)
                return
            }
            let ids = store.runIds().prefix(limit)
            if ids.isEmpty {
                print("no runs in \(store.runsDirectory)")
                return
            }
            var table = TextTable(["run", "status", "started", "pipeline", "failed steps"])
            for id in ids {
                guard let manifest = try? store.loadCurrentManifest(id) else { continue }
                let failed = manifest.failedSteps.map { "\($0.stage.rawValue)/\($0.source)" }.joined(separator: " ")
                table.append([id, manifest.status.rawValue, manifest.startedAt, manifest.pipelineName, failed])
            }
            table.lines.forEach { print($0) }
        } catch {
            throw commandFailure(error)
        }
    }
}

/// Runs pipeline work under the data directory's lock, then prints the summary, writes the run
/// report and ends with the documented exit status.
func runUnderLock(_ global: GlobalOptions,
                  _ work: (PipelineRunner, RunStore) async throws -> RunManifest) async throws {
    let logger = global.makeLogger()
    let store = RunStore(root: global.dataDirectory)
    do {
        let lock = try RunLock(path: store.lockPath)
        for line in store.tidyAfterDeadRuns() { logger.info("after an interrupted run: \(line)") }
        let runner = PipelineRunner(dataDirectory: global.dataDirectory, logger: logger,
                                    observer: TerminalProgress.observer(logger: logger), mirrors: [.postgres: PostgresMirror()])
        let manifest = try await work(runner, store)
        withExtendedLifetime(lock) {}
        print(RunSummary(manifest: manifest, store: store).text)
        do {
            print("report: \(try RunReport(store: store).write(runId: manifest.runId))")
        } catch {
            logger.warning("could not write the run report: \(error)")
        }
        try throwForOutcome(manifest)
    } catch let error as ExitCode {
        throw error
    } catch {
        throw commandFailure(error)
    }
}

/// Maps a run's outcome to the documented exit status.
func throwForOutcome(_ manifest: RunManifest) throws {
    switch manifest.status {
    case .succeeded: return
    case .partial where manifest.failedSteps.contains(where: \.isPublishTarget): throw ExitCode(ExitStatus.targetFailed)
    case .partial: throw ExitCode(ExitStatus.partial)
    case .failed, .running, .interrupted: throw ExitCode(ExitStatus.failed)
    }
}

/// A run's steps as a table an operator can read in a cron mail.
struct RunSummary {
    let manifest: RunManifest
    let store: RunStore

    var text: String {
        var lines = ["run \(manifest.runId): \(manifest.status.rawValue) (pipeline \(manifest.pipelineName), started \(manifest.startedAt))",
                     headline]
        if let replaced = manifest.info["definition"] { lines.append("definition: \(replaced)") }
        if let later = manifest.trimmedAfter {
            lines.append(later == manifest.runId
                ? "files: its parse records were removed after it published (a rerun reads the payloads again)"
                : "files: its intermediate files were removed after run \(later) published; it cannot be rerun")
        } else if manifest.steps.contains(where: { $0.stage == .normalise && $0.notes[StepRecord.onePassNote] != nil }) {
            lines.append("files: it normalised as it parsed and kept no parse records (a rerun reads the payloads again)")
        }
        // Columns as wide as their widest cell; each step's further lines (error, next, ...) follow its row.
        var table = TextTable(["stage", "source", "status", "seconds", "counts"], rightAligned: [3])
        for step in manifest.steps {
            // The per-sector and per-signal counts are for the report's trend; `kaartenbak stats` shows them whole.
            let counts = step.counts.filter { !$0.key.hasPrefix(RunReport.sectorCount) && !$0.key.hasPrefix(RunReport.signalCount) }
                .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            table.append([step.stage.rawValue, step.source, step.status.rawValue, step.seconds.map { String(format: "%.2f", $0) } ?? "-", counts])
        }
        let widths = table.widths
        lines.append(table.line(table.header, widths: widths))
        for (step, row) in zip(manifest.steps, table.rows) {
            lines.append(table.line(row, widths: widths))
            if let error = step.error { lines.append("           error: \(error)") }
            if let advice = RunAdvice.nextStep(for: step, in: manifest, store: store) { lines.append("           next: \(advice)") }
            if step.stage == .parse, let reason = step.notes["incomplete"] {
                lines.append("           read in part: \(reason); none of its vacancies was closed")
            }
            for (field, count) in step.unreadCounts.sorted(by: { $0.key < $1.key }) {
                let example = step.notes[StepRecord.unreadPrefix + field].map { ", \($0)" } ?? ""
                lines.append("           unread \(field): \(count) value\(count == 1 ? "" : "s") left empty\(example)")
            }
            if step.stage == .parse, step.status == .succeeded, let fields = step.emptyFields {
                lines.append("           warning: empty in every record (allow_empty): \(fields)")
            }
            if step.stage == .dedupe {
                for source in manifest.steps.filter({ $0.stage == .fetch }).map(\.source) {
                    if let run = manifest.keptFrom(source) { lines.append("           \(source): kept the vacancies of run \(run)") }
                    if manifest.hasNoRecords(of: source) { lines.append("           \(source): no good records in this run or any earlier one") }
                }
            }
        }
        let info = (try? CatalogueInfo.read(from: store.cataloguePath)) ?? [:]
        lines.append("catalogue: \(store.cataloguePath) (run \(info["run_id"] ?? "-"), content sha256 \(info["content_sha256"] ?? "-"))")
        return lines.joined(separator: "\n")
    }
}

extension RunSummary {
    /// One line for the morning: sources ok/failed/unchanged, records, rejects, what changed, duration.
    var headline: String {
        let fetches = manifest.steps.filter { $0.stage == .fetch }
        let sources = Set(manifest.steps.filter { $0.stage.isPerSource }.map(\.source))
        let failed = Set(manifest.failedSteps.filter { $0.stage.isPerSource }.map(\.source))
        // Of the sources counted ok: a source whose feed was unchanged but failed later is not among them.
        let unchanged = fetches.filter { $0.outcome == .unchanged && !failed.contains($0.source) }.count
        func sum(_ stage: Stage, _ key: String) -> Int {
            manifest.steps.filter { $0.stage == stage }.reduce(0) { $0 + ($1.counts[key] ?? 0) }
        }
        let publish = manifest.step(.publish, "*")?.counts ?? [:]
        var duration = ""
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let start = parser.date(from: manifest.startedAt), let end = manifest.finishedAt.flatMap(parser.date(from:)) {
            duration = String(format: ", %.1f s", end.timeIntervalSince(start))
        }
        let partly = Set(manifest.incompleteSources.keys).subtracting(failed)
        return "sources: \(sources.count - failed.count - partly.count) ok (\(unchanged) unchanged), "
            + (partly.isEmpty ? "" : "\(partly.count) read in part, ") + "\(failed.count) failed; "
            + "records \(sum(.parse, "records")), rejects \(sum(.parse, "rejects")); "
            + "vacancies \(publish["open"] ?? 0) open: \(publish["new"] ?? 0) new, \(publish["updated"] ?? 0) updated, "
            + "\(publish["closed"] ?? 0) closed\(duration)"
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// How transient fetch failures (timeouts, 5xx, 429) are retried.
struct RetryOptions: ParsableArguments {
    @Option(help: "Retries after a transient fetch failure (0 = none).")
    var retries: Int = RetryPolicy.default.maxAttempts - 1

    @Option(help: "Seconds before the first retry; doubles each time, with jitter; Retry-After is honoured.")
    var retryDelay: Double = RetryPolicy.default.baseDelay

    func validate() throws {
        guard retries >= 0, retries <= 20 else { throw ValidationError("--retries takes 0 to 20") }
        guard retryDelay >= 0 else { throw ValidationError("--retry-delay must not be negative") }
    }

    var policy: RetryPolicy {
        var policy = RetryPolicy.default
        policy.maxAttempts = retries + 1
        policy.baseDelay = retryDelay
        return policy
    }
}
