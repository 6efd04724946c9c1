import Foundation
import KaartenbakCore
import Logging
import Fetching
import Normalisation
import Classification
import Deduplication
import Catalogue
import CGlibc

/// Knobs of a run that are not part of the pipeline definition.
public struct RunOptions: Sendable {
    /// Fetch in full, ignoring ETag / Last-Modified.
    public var refetch = false
    public var maxConcurrentFetches = 8
    public var maxFetchesPerHost = 2
    /// How transient fetch failures are retried.
    public var retryPolicy: RetryPolicy = .default
    /// Sources whose record-count drop the operator accepts (the publish guard lets them through).
    public var acceptDrops: Set<String> = []
    /// Publish into a new catalogue file even where the night could change the published one in place.
    public var rebuildCatalogue = false
    /// Keep every intermediate file after publishing (`RunTrimmer` removes what no later step reads).
    public var keepIntermediateFiles = false
    public init() {}
}

/// Runs stages over a pipeline and keeps the run's manifest. Side effects (files, catalogue,
/// network) happen here and in the stage edges; the stages' logic lives in their modules.
public final class PipelineRunner: @unchecked Sendable {
    // @unchecked: one runner drives one run from one task; the steps it runs side by side touch
    // the manifest only through `recording`, under `manifestLock`.
    public let store: RunStore
    public let logger: Logger
    private var manifest: RunManifest!
    private var definition: PipelineDefinition!
    private lazy var normaliser: Result<(normaliser: Normaliser, taxonomyVersion: String), KaartenbakError> = makeNormaliser()
    private var cache: StepCache { StepCache(store: store) }

    /// Keeps the first error thrown by concurrent work, to rethrow once it is done.
    private final class FirstError: @unchecked Sendable {
        // @unchecked: `error` is only touched under `lock`.
        private let lock = NSLock()
        private var error: (any Error)?
        func record(_ error: any Error) { lock.withLock { if self.error == nil { self.error = error } } }
        func rethrow() throws { if let error = lock.withLock({ self.error }) { throw error } }
    }

    let observer: (any RunObserver)?
    /// The publish targets after SQLite that this build has (the commands give PostgreSQL's).
    let mirrors: [PublishTarget: any CatalogueMirror]

    public init(dataDirectory: String, logger: Logger, observer: (any RunObserver)? = nil,
                mirrors: [PublishTarget: any CatalogueMirror] = [:]) {
        self.store = RunStore(root: dataDirectory)
        self.logger = logger
        self.observer = observer
        self.mirrors = mirrors
    }

    /// Starts a new run of `pipelineFile` through every stage.
    public func run(pipelineFile: String, options: RunOptions = RunOptions()) async throws -> RunManifest {
        let definition = try DefinitionLoader.load(file: pipelineFile)
        let runId = store.newRunId()
        try DurableFiles.makeDirectory(store.directory(of: runId))
        // The run keeps its own copy of the definition: reruns read it, never the file as edited since.
        let text = try Data(contentsOf: URL(fileURLWithPath: pipelineFile))
        try DurableFiles.write(text, to: store.pinnedPipeline(runId))
        // Operators' classification decisions (kaartenbak review decide) beside the pipeline file.
        let overrides = URL(fileURLWithPath: pipelineFile).deletingLastPathComponent().appendingPathComponent("overrides.tsv").path
        if let decisions = FileManager.default.contents(atPath: overrides) {
            try DurableFiles.write(decisions, to: store.pinnedOverrides(runId))
        }
        var manifest = RunManifest(runId: runId, pipelineName: definition.name,
                                   pipelineFile: URL(fileURLWithPath: pipelineFile).standardizedFileURL.path,
                                   startedAt: Self.timestamp())
        for stage in Stage.allCases {
            for source in stage.isPerSource ? definition.sources.map(\.name) : ["*"] {
                manifest.steps.append(StepRecord(stage: stage, source: source))
            }
        }
        // Each publish target after SQLite is a step of its own: it fails, and is rerun, on its own.
        for target in definition.publish.mirrors { manifest.steps.append(StepRecord(stage: .publish, source: target.rawValue)) }
        self.manifest = manifest
        self.definition = definition
        try store.saveManifest(manifest)
        logger.info("run started", metadata: ["run": "\(runId)", "pipeline": "\(definition.name)",
                                               "sources": "\(definition.sources.count)"])
        return try await execute(Set(manifest.steps.map { StepKey($0.stage, $0.source) }), options: options)
    }

    /// Reruns part of an existing run from its own stored inputs: the failed (and never-run)
    /// steps, or the given stage for the given sources, and everything downstream of them.
    /// With `downstream` false only the named stage runs (an operator's "run this stage alone").
    ///
    /// With `currentDefinition` the pipeline file as it is now replaces the run's pinned copy first (the operator
    /// fixed a mapping): the replaced copy is kept beside it and the manifest says so (`info["definition"]`), and
    /// every source whose definition changed is redone from parse as well (its output was read the old way).
    public func rerun(runId: String, stage: Stage? = nil, sources: [String]? = nil, downstream: Bool = true,
                      currentDefinition: Bool = false, options: RunOptions = RunOptions()) async throws -> RunManifest {
        var manifest = try store.loadManifest(runId)
        if let later = manifest.trimmedAfter, later > runId {
            throw KaartenbakError(.usage, "run \(runId) cannot be rerun: run \(later) has published since, and publishing \(runId) again "
                                  + "would roll the catalogue back (its intermediate files were removed then); rerun \(later) or start a new run")
        }
        definition = try store.pinnedDefinition(runId, file: manifest.pipelineFile)
        /// Sources whose definition the replacement changed: what they parsed under the old one is redone.
        var redefined: [String] = []
        if currentDefinition {
            (definition, redefined) = try replacePinnedDefinition(of: &manifest)
        }
        if let sources {
            for name in sources where definition.source(named: name) == nil {
                throw KaartenbakError(.notFound, "run \(runId) has no source '\(name)'")
            }
        }
        let wantedSources = Set(sources ?? definition.sources.map(\.name))
        var seeds: [StepKey] = redefined.filter(wantedSources.contains).map { StepKey(.parse, $0) }
        for step in manifest.steps {
            let sourceMatches = step.source == "*" || step.isPublishTarget || wantedSources.contains(step.source)
            if let stage {
                if step.stage == stage && sourceMatches { seeds.append(StepKey(step.stage, step.source)) }
            } else if step.status != .succeeded && sourceMatches {
                seeds.append(StepKey(step.stage, step.source))
            }
        }
        var selected: Set<StepKey> = downstream ? [] : Set(seeds)
        let targets = manifest.steps.filter(\.isPublishTarget).map { StepKey($0.stage, $0.source) }
        for seed in seeds where downstream {
            // A target lies downstream of everything but itself; redoing it alone leaves SQLite as published.
            if targets.contains(seed) { selected.insert(seed); continue }
            selected.formUnion(targets)
            for later in Stage.allCases where later >= seed.stage {
                if later.isPerSource {
                    if seed.source != "*" { selected.insert(StepKey(later, seed.source)) }
                } else {
                    selected.insert(StepKey(later, "*"))
                }
            }
        }
        guard !selected.isEmpty else {
            logger.info("nothing to rerun", metadata: ["run": "\(runId)"])
            self.manifest = manifest
            // Every step finished but the run did not record its end (it was killed just then; the
            // rerun's start has marked it interrupted): its end is recorded now.
            if manifest.status == .running || manifest.status == .interrupted { try finish() }
            return self.manifest
        }
        manifest.status = .running
        manifest.finishedAt = nil
        self.manifest = manifest
        logger.info("rerun", metadata: ["run": "\(runId)", "steps": "\(selected.count)"])
        return try await execute(selected, options: options)
    }

    /// Pins the pipeline file as it reads now for run `manifest.runId`, keeping the copy it replaces as
    /// pipeline.replaced-N.yaml, and records the replacement in the manifest. Refuses a file that adds or
    /// removes sources: the run's steps are those of its sources, so that is a new run.
    /// Returns the new definition and the sources it changed.
    private func replacePinnedDefinition(of manifest: inout RunManifest) throws -> (PipelineDefinition, [String]) {
        let runId = manifest.runId, file = manifest.pipelineFile
        guard FileManager.default.fileExists(atPath: file) else {
            throw KaartenbakError(.notFound, "the pipeline file run \(runId) was started from is gone; nothing to replace its pinned definition with",
                                  at: Location(file: file))
        }
        let current = try DefinitionLoader.load(file: file)
        let drift = DefinitionDrift(pinned: definition, current: current)
        guard drift.added.isEmpty && drift.removed.isEmpty else {
            throw KaartenbakError(.configuration, "the current definition differs in its sources (\(drift.summary)): a rerun redoes the run's own sources; start a new run with `kaartenbak run`",
                                  at: Location(file: file))
        }
        guard !drift.isEmpty else {
            logger.info("the current definition is the same as run \(runId)'s pinned copy", metadata: ["file": "\(file)"])
            return (definition, [])
        }
        let pinned = store.pinnedPipeline(runId)
        var number = 1
        while FileManager.default.fileExists(atPath: store.replacedPipeline(runId, number)) { number += 1 }
        let kept = store.replacedPipeline(runId, number)
        do {
            try DurableFiles.write(try Data(contentsOf: URL(fileURLWithPath: pinned)), to: kept)
            try DurableFiles.write(try Data(contentsOf: URL(fileURLWithPath: file)), to: pinned)
        } catch let error as KaartenbakError {
            throw error
        } catch {
            throw KaartenbakError(.io, "cannot replace the pinned definition", at: Location(file: pinned), cause: error)
        }
        manifest.info["definition"] = "replaced at \(Self.timestamp()) by \(file) (\(drift.summary)); the earlier pinned copy is \(URL(fileURLWithPath: kept).lastPathComponent)"
        try store.saveManifest(manifest)
        logger.notice("run \(runId) now uses the current definition: \(drift.summary)")
        return (current, drift.changed)
    }

    // MARK: - Execution

    struct StepKey: Hashable {
        var stage: Stage
        var source: String
        init(_ stage: Stage, _ source: String) {
            self.stage = stage
            self.source = source
        }
    }

    private func execute(_ selected: Set<StepKey>, options: RunOptions) async throws -> RunManifest {
        let runId = manifest.runId
        if let observer { observer.runStarted(runId: runId, plan: progressPlan(selected)) }
        let fetchSources = definition.sources.filter { selected.contains(StepKey(.fetch, $0.name)) }
        if !fetchSources.isEmpty { try await fetch(fetchSources, options: options) }
        // Parse and normalise are CPU work per source: sources run side by side, one per core.
        let perSource = definition.sources.filter {
            selected.contains(StepKey(.parse, $0.name)) || selected.contains(StepKey(.normalise, $0.name))
        }
        let normaliser = self.normaliser // built once, before the sources share it
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: perSource.count) { index in
            let source = perSource[index]
            /// The normalise step's outcome when parse did its work too (`NormalisingSink`), for that step to record.
            var normalisedInOnePass: Result<StepResult, any Error>?
            do {
                if selected.contains(StepKey(.parse, source.name)) {
                    try step(.parse, source.name, needs: StepKey(.fetch, source.name)) {
                        let meta = try self.fetchMetadata(runId, source.name)
                        let key = StepCache.parseKey(payloadSHA256: meta.sha256, source: source)
                        if let reused = self.cache.reuse(.parse, source: source.name, key: key, into: runId) { return reused }
                        let landing = self.store.landing(runId, source.name)
                        try meta.checkLandedLink(in: landing, source: source.name)
                        let payloads = meta.payloadFiles.map { landing + "/" + $0 }
                        let progress = { (items: Int) -> Void in self.observer?.stepProgress(.parse, source: source.name, items: items) }
                        // One pass with normalising when this night normalises the source too, unless told to keep the parse
                        // records. (A normalised output to take over has this parse key too, so parse was taken over above.)
                        if selected.contains(StepKey(.normalise, source.name)), !options.keepIntermediateFiles,
                           case .success(let made) = normaliser {
                            let pass = try NormaliseStage.Pass(
                                source: source, recordsLabel: "the records parse read from \(source.name)",
                                outputPath: self.store.normalised(runId, source.name), normaliser: made.normaliser,
                                identity: StepCache.normaliserIdentity(source: source, taxonomyVersion: made.taxonomyVersion),
                                previous: self.lastGood(source.name).map { self.store.normalised($0.runId, source.name) })
                            defer { pass.close() }
                            let sink = NormalisingSink(pass)
                            let parsed = try ParseStage.run(source: source, payloads: payloads, records: sink,
                                                            rejectsPath: self.store.rejects(runId, source.name),
                                                            logger: self.logger, progress: progress)
                            let normaliseKey = StepCache.normaliseKey(parseKey: key, taxonomyVersion: made.taxonomyVersion)
                            normalisedInOnePass = Result {
                                var result = try sink.outcome().keyed(normaliseKey)
                                result.notes[StepRecord.onePassNote] = "normalised as parse read the feed: the time is in the parse step's"
                                return result
                            }
                            return parsed.keyed(key)
                        }
                        return try ParseStage.run(source: source, payloads: payloads,
                                                  recordsPath: self.store.parsed(runId, source.name),
                                                  rejectsPath: self.store.rejects(runId, source.name), logger: self.logger,
                                                  progress: progress)
                            .keyed(key)
                    }
                }
                if selected.contains(StepKey(.normalise, source.name)) {
                    try step(.normalise, source.name, needs: StepKey(.parse, source.name)) {
                        let parseKey = self.manifestStep(.parse, source.name)?.inputKey ?? UUID().uuidString
                        let key = StepCache.normaliseKey(parseKey: parseKey, taxonomyVersion: try normaliser.get().taxonomyVersion)
                        var result: StepResult
                        if let normalisedInOnePass {
                            result = try normalisedInOnePass.get()
                        } else if let reused = self.cache.reuse(.normalise, source: source.name, key: key, into: runId) {
                            result = reused
                        } else {
                            let taxonomy = try normaliser.get().taxonomyVersion
                            try self.ensureParsed(source)
                            result = try NormaliseStage.run(source: source, recordsPath: self.store.parsed(runId, source.name),
                                                            outputPath: self.store.normalised(runId, source.name),
                                                            normaliser: try normaliser.get().normaliser,
                                                            identity: StepCache.normaliserIdentity(source: source, taxonomyVersion: taxonomy),
                                                            previous: self.lastGood(source.name).map { self.store.normalised($0.runId, source.name) },
                                                            progress: { self.observer?.stepProgress(.normalise, source: source.name, items: $0) })
                                .keyed(key)
                        }
                        try self.guardDrop(source: source.name, count: result.counts["vacancies"] ?? 0,
                                           accepted: options.acceptDrops.contains(source.name) || options.acceptDrops.contains("*"))
                        return result
                    }
                }
            } catch {
                failure.record(error)
            }
        }
        // The sources' steps saved the manifest unflushed (`recording`): flushed once for them all.
        try recording { _ in }
        try failure.rethrow()
        if selected.contains(StepKey(.dedupe, "*")) {
            try step(.dedupe, "*", needs: nil) {
                // What parse and normalise freed (about a gigabyte at a million records) is given back
                // before the stage that holds the night's largest tables: kept, it stayed resident under
                // that stage's peak (1.59 GB for the night against 1.06 GB for the stage alone).
                let trimStart = ContinuousClock.now
                // The normaliser's remembered field values are not needed past normalising (`FieldReadings`).
                if case .success(let made) = normaliser { made.normaliser.forgetFieldReadings() }
                _ = kb_release_freed_memory()
                self.logger.debug("freed memory given back", metadata: ["seconds": "\(ContinuousClock.now - trimStart)"])
                guard self.definition.sources.contains(where: { self.manifest.step(.normalise, $0.name)?.status == .succeeded }) else {
                    throw KaartenbakError(.fetch, "no source delivered in this run: nothing new to publish")
                }
                var inputs: [(source: String, path: String, records: Int?)] = []
                var carried: [String: String] = [:]
                var missing: [String] = []
                for source in self.definition.sources {
                    if let input = self.normalisedInput(for: source.name) {
                        inputs.append((source.name, input.path, input.records))
                        if let from = input.carriedFrom { carried[source.name] = from }
                    } else {
                        missing.append(source.name)
                    }
                }
                var settings = DedupeSettings()
                settings.sourcePriority = Dictionary(uniqueKeysWithValues: self.definition.sources.map { ($0.name, $0.priority) })
                settings.repostGapDays = self.definition.identity.repostGapDays
                let key = self.dedupeKey(inputs: inputs, carried: carried, settings: settings)
                if let key, var result = try self.reuseDedupe(key: key, runId: runId) {
                    result.carried = carried
                    result.missing = missing
                    return result
                }
                let previous = try PreviousIdentities.load(from: self.store.cataloguePath)
                var result = try DedupeStage.run(inputs: inputs, settings: settings, previous: previous,
                                                 identity: self.definition.identity, runDate: String(self.manifest.startedAt.prefix(10)),
                                                 outputPath: self.store.deduped(runId), statePath: self.store.dedupeState(runId),
                                                 eventsPath: self.store.identityEvents(runId),
                                                 previousRun: self.previousDedupeState(), logger: self.logger)
                result.carried = carried
                result.missing = missing
                result.inputKey = key
                return result
            }
        }
        if selected.contains(StepKey(.publish, "*")) {
            try step(.publish, "*", needs: StepKey(.dedupe, "*")) { try self.publish(options: options) }
        }
        for target in definition.publish.mirrors where selected.contains(StepKey(.publish, target.rawValue)) {
            // After SQLite has committed: the target copies that catalogue, so it never sees a night SQLite did not keep.
            try await step(.publish, target.rawValue, needs: StepKey(.publish, "*")) {
                guard let mirror = self.mirrors[target] else {
                    throw KaartenbakError(.target, "this build has no \(target.rawValue) publish target")
                }
                do {
                    return try await mirror.publish(catalogue: self.store.cataloguePath, runId: runId, logger: self.logger)
                } catch let error as KaartenbakError where error.code == .target {
                    throw error
                } catch {
                    // Whatever went wrong, it is this target's failure: SQLite is published and the run goes on.
                    throw KaartenbakError(.target, "\(target.rawValue): \(error)")
                }
            }
        }
        try finish()
        if selected.contains(StepKey(.publish, "*")), manifest.step(.publish, "*")?.status == .succeeded, !options.keepIntermediateFiles {
            trimAfterPublish()
        }
        observer?.runFinished(manifest)
        logger.info("run finished", metadata: ["run": "\(runId)", "status": "\(manifest.status.rawValue)"])
        return manifest
    }

    /// Removes what no later step reads, now that this run has published (`RunTrimmer`). A failure costs disk, not
    /// the night: it is logged.
    private func trimAfterPublish() {
        do {
            let summary = try RunTrimmer(store: store).trim(after: manifest.runId, sources: definition.sources.map(\.name))
            manifest = try store.loadManifest(manifest.runId)
            logger.info("removed the intermediate files no later step reads", metadata: [
                "files": "\(summary.files)", "mb_freed": "\(summary.bytes / 1_000_000)"])
        } catch {
            logger.warning("could not remove the intermediate files no later step reads", metadata: ["error": "\(error)"])
        }
    }

    /// The parse records of `source` in this run, read from the payload again when they were not kept (a run
    /// that published keeps its payloads, not its records; a night whose feed did not change takes over the
    /// parse step without them).
    private func ensureParsed(_ source: SourceDefinition) throws {
        let runId = manifest.runId
        guard !FileManager.default.fileExists(atPath: store.parsed(runId, source.name)) else { return }
        logger.info("\(source.name): its parse records were not kept; reading the payload again")
        let meta = try fetchMetadata(runId, source.name)
        let landing = store.landing(runId, source.name)
        try meta.checkLandedLink(in: landing, source: source.name)
        _ = try ParseStage.run(source: source, payloads: meta.payloadFiles.map { landing + "/" + $0 },
                               recordsPath: store.parsed(runId, source.name), rejectsPath: store.rejects(runId, source.name), logger: logger)
    }

    /// Records how the run ended: failed when nothing was published, partial when some step failed.
    private func finish() throws {
        manifest.finishedAt = Self.timestamp()
        let published = manifest.step(.publish, "*")?.status == .succeeded
        let whole = manifest.failedSteps.isEmpty && manifest.incompleteSources.isEmpty
        manifest.status = !published ? .failed : (whole ? .succeeded : .partial)
        try store.saveManifest(manifest)
    }

    /// Runs one step, recording it in the manifest before and after. A step whose upstream did
    /// not succeed is skipped; a failing step is recorded and the run goes on with other sources.
    /// Steps of different sources may run at once: the manifest is only touched under its lock.
    private func step(_ stage: Stage, _ source: String, needs upstream: StepKey?, _ body: () throws -> StepResult) throws {
        guard var record = try beginStep(stage, source, needs: upstream) else { return }
        defer { observer?.stepFinished(record) }
        let start = Date()
        try endStep(&record, since: start, Result { try body() })
    }

    /// `step` for a body that awaits (a publish target over the network).
    private func step(_ stage: Stage, _ source: String, needs upstream: StepKey?, _ body: () async throws -> StepResult) async throws {
        guard var record = try beginStep(stage, source, needs: upstream) else { return }
        defer { observer?.stepFinished(record) }
        let start = Date()
        let result: Result<StepResult, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        try endStep(&record, since: start, result)
    }

    /// Records a step as running (or skipped, when its upstream did not succeed); nil when skipped.
    private func beginStep(_ stage: Stage, _ source: String, needs upstream: StepKey?) throws -> StepRecord? {
        var record = StepRecord(stage: stage, source: source)
        let ready: Bool = try recording(flushed: !stage.isPerSource) { manifest in
            record = manifest.step(stage, source) ?? record
            record.error = nil
            record.errorCode = nil
            record.clearResult()
            if let upstream, manifest.step(upstream.stage, upstream.source)?.status != .succeeded {
                record.status = .skipped
                record.notes["reason"] = "\(upstream.stage.rawValue) did not succeed"
            } else {
                record.status = .running
                record.startedAt = Self.timestamp()
            }
            manifest.update(record)
            return record.status == .running
        }
        guard ready else { return nil }
        if let observer { observer.stepStarted(stage, source: source, expected: expectedItems(stage, source)) }
        return record
    }

    /// Records how a step ended.
    private func endStep(_ record: inout StepRecord, since start: Date, _ outcome: Result<StepResult, any Error>) throws {
        let stage = record.stage, source = record.source
        var machineFailure: KaartenbakError?
        do {
            let result = try outcome.get()
            record.status = .succeeded
            record.take(result)
            logger.info("\(stage.rawValue) \(source): ok", metadata: result.counts.mapValues { "\($0)" })
        } catch let error as KaartenbakError {
            record.status = .failed
            record.error = error.description
            record.errorCode = error.code.rawValue
            logger.error("\(stage.rawValue) \(source): failed: \(error)")
            // A full disk or a broken database is the machine's failure, not the source's:
            // record it if we still can and end the run; the catalogue is untouched.
            if error.code == .io { machineFailure = error }
        } catch {
            record.status = .failed
            record.error = "\(error)"
            record.errorCode = "internal"
            logger.error("\(stage.rawValue) \(source): failed: \(error)")
        }
        record.seconds = Date().timeIntervalSince(start)
        if let machineFailure {
            try? recording { manifest in
                manifest.update(record)
                manifest.status = .failed
                manifest.finishedAt = Self.timestamp()
            }
            throw machineFailure
        }
        try recording(flushed: !stage.isPerSource) { $0.update(record) }
    }

    private let manifestLock = NSLock()

    /// A step of this run as recorded so far (under the manifest's lock).
    private func manifestStep(_ stage: Stage, _ source: String) -> StepRecord? {
        manifestLock.withLock { manifest.step(stage, source) }
    }

    /// Changes the manifest and saves it, under the manifest's lock. The steps of each source (parse, normalise)
    /// save it unflushed, and the stage saves it flushed when every source is done: a flushed save is an fsync
    /// of the file and of its folder, and 160 of them a night, under this lock that both source threads wait on,
    /// made the threads wait for the disk (a 5%-changed 200k night under strace: 144 fsyncs of the manifest, 1.2 s,
    /// and as many of its folder). A power loss can then leave the manifest of a stage's start: its
    /// steps count as not done and a rerun does them again; their files are flushed on their own.
    private func recording<T>(flushed: Bool = true, _ change: (inout RunManifest) throws -> T) throws -> T {
        try manifestLock.withLock {
            let result = try change(&manifest!)
            try store.saveManifest(manifest, flushed: flushed)
            return result
        }
    }

    private func fetch(_ sources: [SourceDefinition], options: RunOptions) async throws {
        let runId = manifest.runId
        var requests: [FetchRequest] = []
        for source in sources {
            var record = manifest.step(.fetch, source.name) ?? StepRecord(stage: .fetch, source: source.name)
            record.status = .running
            record.startedAt = Self.timestamp()
            manifest.update(record)
            observer?.stepStarted(.fetch, source: source.name, expected: nil)
            let destination = store.landing(runId, source.name)
            try? FileManager.default.removeItem(atPath: destination)
            try DurableFiles.makeDirectory(destination)
            let previous = previousFetch(source.name)
            requests.append(FetchRequest(source: source,
                                         localPath: source.isRemote ? nil : definition.localPath(of: source),
                                         destination: destination,
                                         previous: previous?.metadata,
                                         previousDirectory: previous?.directory,
                                         force: options.refetch))
        }
        try store.saveManifest(manifest)
        let results = await Fetcher(logger: logger, retryPolicy: options.retryPolicy).fetchAll(requests, maxConcurrent: options.maxConcurrentFetches,
                                                               maxPerHost: options.maxFetchesPerHost)
        for (source, result) in zip(sources, results) {
            var record = manifest.step(.fetch, source.name)!
            switch result {
            case .success(let meta):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try DurableFiles.write(try encoder.encode(meta), to: store.fetchRecord(runId, source.name))
                record.status = .succeeded
                record.counts = ["bytes": meta.bytes]
                record.notes = ["sha256": meta.sha256, "url": meta.url]
                record.outcome = meta.outcome
                if let status = meta.httpStatus { record.counts["http_status"] = status }
                if !meta.attempts.isEmpty {
                    record.counts["attempts"] = meta.attempts.count
                    record.notes["attempts"] = Self.describe(meta.attempts)
                }
                record.seconds = meta.seconds
                record.error = nil
                logger.info("fetch \(source.name): \(meta.outcome.rawValue)", metadata: ["bytes": "\(meta.bytes)"])
            case .failure(let error):
                if let failure = error.cause as? FetchFailure {
                    record.counts["attempts"] = failure.attempts.count
                    record.notes["attempts"] = Self.describe(failure.attempts)
                }
                record.status = .failed
                record.error = error.description
                record.errorCode = error.code.rawValue
                logger.error("fetch \(source.name): failed: \(error)")
            }
            manifest.update(record)
            observer?.stepFinished(record)
        }
        try store.saveManifest(manifest)
        // A payload that could not be written (disk full) is the machine's failure, not the source's: the run
        // ends here, as it does in every other stage, and the catalogue is untouched.
        if case .failure(let error)? = results.first(where: { if case .failure(let e) = $0 { return e.code == .io } else { return false } }) {
            manifest.status = .failed
            manifest.finishedAt = Self.timestamp()
            try? store.saveManifest(manifest)
            throw error
        }
    }

    /// "#1: HTTP 503 after 0.2s; #2: HTTP 200 after 0.1s" for the manifest.
    static func describe(_ attempts: [FetchAttempt]) -> String {
        attempts.map { attempt in
            let outcome = attempt.httpStatus.map { "HTTP \($0)" } ?? attempt.error ?? "ok"
            return "#\(attempt.number): \(outcome) after \(String(format: "%.1f", attempt.seconds))s"
        }.joined(separator: "; ")
    }

    private func fetchMetadata(_ runId: String, _ source: String) throws -> FetchMetadata {
        let path = store.fetchRecord(runId, source)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KaartenbakError(.notFound, "no fetch record", at: Location(source: source, file: path))
        }
        return try JSONDecoder().decode(FetchMetadata.self, from: data)
    }

    /// The newest earlier fetch of `source` that succeeded, and its folder, for conditional GET.
    private func previousFetch(_ source: String) -> (metadata: FetchMetadata, directory: String)? {
        for runId in store.runIds() where runId < manifest.runId {
            if let meta = try? fetchMetadata(runId, source) { return (meta, store.landing(runId, source)) }
        }
        return nil
    }

    /// The publish guard: a source whose record count fell by more than the pipeline's
    /// `max_drop_share` since its last good run is refused (its previous records are kept),
    /// unless the operator accepts the drop.
    private func guardDrop(source: String, count: Int, accepted: Bool) throws {
        guard !accepted, let last = lastGood(source) else { return }
        let previous = last.manifest.step(.normalise, source)?.counts["vacancies"] ?? 0
        guard previous > 0 else { return }
        let drop = Double(previous - count) / Double(previous)
        guard drop > definition.publish.maxDropShare else { return }
        throw KaartenbakError(.guardRefused, String(format:
            "%d vacancies against %d in run %@ (a drop of %.0f%%, above max_drop_share %.0f%%): kept the previous records; accept with `kaartenbak rerun %@ --stage normalise --source %@ --accept-drop`",
            count, previous, last.runId, drop * 100, definition.publish.maxDropShare * 100, manifest.runId, source, source),
            at: Location(source: source))
    }

    /// The newest earlier run whose normalise step for `source` succeeded and whose output is still there.
    private func lastGood(_ source: String) -> (runId: String, manifest: RunManifest)? {
        for earlier in store.runIds() where earlier < manifest.runId {
            guard let old = try? store.loadManifest(earlier), old.step(.normalise, source)?.status == .succeeded,
                  FileManager.default.fileExists(atPath: store.normalised(earlier, source)) else { continue }
            return (earlier, old)
        }
        return nil
    }

    /// The newest earlier run whose dedupe step succeeded and left its state: tonight reuses it.
    private func previousDedupeState() -> (state: String, entries: String, runId: String)? {
        for earlier in store.runIds() where earlier < manifest.runId {
            guard let old = try? store.loadManifest(earlier), old.step(.dedupe, "*")?.status == .succeeded else { continue }
            let state = store.dedupeState(earlier)
            guard FileManager.default.fileExists(atPath: state) else { return nil }
            return (state, store.deduped(earlier), earlier)
        }
        return nil
    }

    /// What the dedupe step's output depends on besides the previous catalogue: the program, the
    /// settings, and each input's normalise key (which names its payload, definition and taxonomy).
    /// Nil when an input's key is not known.
    /// `carried`: source → the earlier run its input comes from.
    private func dedupeKey(inputs: [(source: String, path: String, records: Int?)], carried: [String: String], settings: DedupeSettings) -> String? {
        var parts = ["dedupe 1", StepCache.programIdentity]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for value in [try? encoder.encode(settings), try? encoder.encode(definition.identity)] {
            guard let value else { return nil }
            parts.append(String(decoding: value, as: UTF8.self))
        }
        for input in inputs {
            let run = carried[input.source] ?? manifest.runId
            let steps = run == manifest.runId ? manifest : try? store.loadManifest(run)
            guard let key = steps?.step(.normalise, input.source)?.inputKey else { return nil }
            parts.append(input.source + "=" + key)
        }
        return StepCache.digest(parts)
    }

    /// Tonight's dedupe result when it can only be the last one's: the inputs have the key of the run
    /// the published catalogue came from, so the same records meet the ids that run gave them and
    /// keep them (a fixed point). Its state and entries are linked, every entry marked unchanged.
    /// Nil when that is not so, or its files are gone.
    private func reuseDedupe(key: String, runId: String) throws -> StepResult? {
        guard let previous = previousDedupeState(), let old = try? store.loadManifest(previous.runId),
              let step = old.step(.dedupe, "*"), step.inputKey == key,
              try CatalogueInfo.read(from: store.cataloguePath)["run_id"] == previous.runId,
              let index = try? EntryIndex.load(from: EntryIndex.path(forEntries: previous.entries)), index.hasDigests else { return nil }
        let from = store.dedupedFolder(previous.runId)
        let folder = store.dedupedFolder(runId)
        try? FileManager.default.removeItem(atPath: folder)
        try DurableFiles.makeDirectory(folder)
        do {
            for name in index.files.map(\.name) + ["state.bin"] {
                try FileManager.default.linkItem(atPath: from + "/" + name, toPath: folder + "/" + name)
            }
        } catch {
            logger.info("dedupe: last night's files cannot be linked; deduplicating", metadata: ["reason": "\(error)"])
            return nil
        }
        try index.allUnchanged().write(to: EntryIndex.path(forEntries: store.deduped(runId)))
        try DurableFiles.write(Data(), to: store.identityEvents(runId))
        try DurableFiles.fsync(path: folder)
        var counts = step.counts
        for name in ["extracted", "candidate_pairs", "merges", "splits", "new_ids"] { counts[name] = 0 }
        counts["reused_entries"] = counts["vacancies"]
        counts["referred_entries"] = counts["vacancies"]
        var result = StepResult(counts: counts, notes: ["unchanged_since": previous.runId])
        result.reusedState = previous.runId
        result.inputKey = key
        return result
    }

    /// This run's normalised output for a source, or, when tonight's failed, the newest earlier
    /// good one: a source that fails tonight must not make its vacancies disappear.
    /// The normalised file the dedupe stage reads for `source`, the run it was carried from (if not
    /// this one), and its line count as that normalise step counted it.
    private func normalisedInput(for source: String) -> (path: String, carriedFrom: String?, records: Int?)? {
        let runId = manifest.runId
        if let step = manifest.step(.normalise, source), step.status == .succeeded {
            return (store.normalised(runId, source), nil, step.counts["vacancies"])
        }
        return lastGood(source).map {
            (store.normalised($0.runId, source), $0.runId, $0.manifest.step(.normalise, source)?.counts["vacancies"])
        }
    }

    /// The ids of this run's rejected records of `source` that were read (collapsed as the normaliser does).
    private func rejectedIds(_ source: String) throws -> [String] {
        let path = store.rejects(manifest.runId, source)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var ids: [String] = []
        try NDJSON.forEach(Reject.self, in: path) { reject in
            if let id = reject.recordId.map(NameValue.collapseWhitespace), !id.isEmpty { ids.append(id) }
        }
        return ids
    }

    private func publish(options: RunOptions) throws -> StepResult {
        let runId = manifest.runId
        let runDate = String(manifest.startedAt.prefix(10))
        var carried: Set<String> = []
        var incomplete: Set<String> = []
        var keptRecords: Set<String> = []
        var sourceRuns: [SourceRunRow] = []
        let incompleteReasons = manifest.incompleteSources
        for source in definition.sources {
            let failed = Stage.allCases.filter(\.isPerSource).compactMap { manifest.step($0, source.name) }
                .first { $0.status == .failed }
            let carriedFrom = manifest.keptFrom(source.name)
            if carriedFrom != nil || manifest.hasNoRecords(of: source.name) { carried.insert(source.name) }
            let readTonight = carriedFrom == nil && manifest.step(.normalise, source.name)?.status == .succeeded
            let partly = readTonight ? incompleteReasons[source.name] : nil
            if partly != nil {
                incomplete.insert(source.name)
            } else if readTonight {
                // A record rejected with its id still names a live vacancy: it stays open.
                keptRecords.formUnion(try rejectedIds(source.name).map { MemberKey.of(source: source.name, recordId: $0) })
            }
            let outcome = manifest.step(.fetch, source.name)?.outcome
            sourceRuns.append(SourceRunRow(
                runId: runId, source: source.name,
                status: failed != nil ? "failed" : partly != nil ? "incomplete" : (outcome == .unchanged ? "unchanged" : "ok"),
                records: manifest.step(.normalise, source.name)?.counts["vacancies"] ?? 0,
                rejects: manifest.step(.parse, source.name)?.counts["rejects"] ?? 0,
                carriedFrom: carriedFrom, error: failed?.error ?? partly.map { "read in part, nothing of it closed: \($0)" }))
        }
        var events: [IdentityEventRow] = []
        var mergedInto: [String: String] = [:]
        let eventsPath = store.identityEvents(runId)
        if FileManager.default.fileExists(atPath: eventsPath) {
            try NDJSON.forEach(IdentityEvent.self, in: eventsPath) {
                events.append(IdentityEventRow(runId: runId, kind: $0.kind, vacancyId: $0.vacancyId, detail: $0.detail))
                if $0.kind == "merge" { for absorbed in $0.related { mergedInto[absorbed] = $0.vacancyId } }
            }
        }
        let taxonomyVersion = (try? Taxonomy.load(dataDirectory: store.root).version) ?? "unknown"
        let night = try nightEntries(runId: runId, runDate: runDate)
        let baseline = try publishBaseline(runId, night: night, rebuild: options.rebuildCatalogue)
        let previous: PreviousCatalogue?
        switch baseline {
        case .none: previous = nil
        case .file(let path): previous = try PreviousCatalogue.load(from: path)
        // Publish in place looks up the rows it changes (the dedupe stage reads only identities).
        case .inPlace: previous = nil
        }
        let readSources = Set(sourceRuns.filter { $0.carriedFrom == nil && $0.status != "failed" }.map(\.source))
        let summary = try CataloguePublisher(catalogue: store.cataloguePath, logger: logger).publish(PublishInput(
            runId: runId, runDate: runDate, pipeline: definition.name, entries: [], sourceRuns: sourceRuns,
            identityEvents: events, info: ["taxonomy_version": taxonomyVersion], carriedSources: carried,
            incompleteSources: incomplete, readSources: readSources, keptRecords: keptRecords, mergedInto: mergedInto,
            export: definition.publish.export),
            baseline: baseline, previous: previous, night: night)
        keepCatalogueFigures(runId)
        keepChangedFields(runId, baseline: baseline)
        var counts = ["vacancies": summary.vacancies, "open": summary.open, "new": summary.new,
                      "updated": summary.updated, "closed": summary.closed, "reopened": summary.reopened, "merged": summary.merged,
                      "source_records": manifest.step(.dedupe, "*")?.counts["records"] ?? summary.sourceRecords]
        // Open vacancies per sector and signal, kept per night so the report can show how they change.
        let cells = try CatalogueFile.read(store.cataloguePath) { try RegionSectorCount.read($0) }
        for cell in cells {
            counts[RunReport.sectorCount + (cell.sector ?? "none"), default: 0] += cell.open
            for (kind, count) in cell.signals { counts[RunReport.signalCount + kind.rawValue, default: 0] += count }
        }
        return StepResult(counts: counts, notes: ["catalogue": baseline.description])
    }

    /// Keeps the catalogue's figures as this run published them in its folder, so that its report shows them
    /// whenever it is written (`report OLD_RUN` once later nights have changed the catalogue). The catalogue is
    /// committed by now: a failure here costs the report its figures, not the night.
    private func keepCatalogueFigures(_ runId: String) {
        do {
            let figures = try CatalogueStatistics.read(from: store.cataloguePath, runId: runId)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try DurableFiles.write(try encoder.encode(figures), to: store.catalogueFigures(runId))
        } catch {
            logger.warning("could not keep the catalogue's figures for the report", metadata: ["error": "\(error)"])
        }
    }

    /// Records which columns each vacancy this run updated changed, from the rows as they were before it (the
    /// baseline it published on): `kaartenbak changes` says them. As with the figures, a failure costs the delta
    /// its detail, not the night.
    private func keepChangedFields(_ runId: String, baseline: PublishBaseline) {
        let before: String
        switch baseline {
        case .none: return // the first night: nothing was there to update
        case .inPlace(let undo): before = undo
        case .file(let path): before = path
        }
        do {
            let fields = try ChangedFields.compute(catalogue: store.cataloguePath, baseline: before, runId: runId)
            try RunChanges.write(fields, to: store.changedFields(runId))
        } catch {
            logger.warning("could not record which fields the updated vacancies changed", metadata: ["error": "\(error)"])
        }
    }

    /// Tonight's entries for publish: ids and which entries are unchanged from the index the dedupe
    /// stage wrote, the entries read a batch at a time (the catalogue takes members' sources, titles
    /// and codings; their descriptions are not read).
    private func nightEntries(runId: String, runDate: String) throws -> NightEntries {
        let entries = store.deduped(runId)
        let read: (Bool, [Bool], (([CatalogueEntry]) throws -> Void)) throws -> Void = { changedOnly, unchanged, sink in
            try EntryLines.forEachBatch(entries: entries, count: 2048, membersForCatalogue: true,
                                        including: changedOnly ? { !unchanged[$0] } : nil,
                                        transform: { $0.catalogueEntry(runId: runId, runDate: runDate) }, sink)
        }
        if let index = try EntryIndex.load(from: EntryIndex.path(forEntries: entries)), index.hasDigests {
            let unchanged = index.unchanged
            let unchangedCount = unchanged.reduce(0) { $0 + ($1 ? 1 : 0) }
            return NightEntries(ids: index.ids, unchanged: unchanged, unchangedSince: manifest.step(.dedupe, "*")?.reusedState) { changedOnly, sink in
                // Progress in entries dealt with: those a night in place leaves as they are count as done at once.
                var done = changedOnly ? unchangedCount : 0
                try read(changedOnly, unchanged) { batch in
                    try sink(batch)
                    done += batch.count
                    self.observer?.stepProgress(.publish, source: "*", items: done)
                }
            }
        }
        // Entries written before the index named ids: read once for them; none counts as unchanged.
        var ids: [String] = []
        try EntryLines.forEachBatch(entries: entries, count: 2048, membersForCatalogue: true, transform: { $0.id }) { ids += $0 }
        let unchanged = Array(repeating: false, count: ids.count)
        return NightEntries(ids: ids, unchanged: unchanged, unchangedSince: nil) { try read($0, unchanged, $1) }
    }

    /// What a run's publication builds on, decided at its first publication and kept for reruns,
    /// which then give the same catalogue:
    /// - in place (`baseline-undo.sqlite` in the run folder), when the published catalogue is the
    ///   one tonight's unchanged entries were published into (schema 2, the run the dedupe state came
    ///   from) and at most half of the entries changed: only the changed vacancies are written;
    /// - otherwise a new file built from the published one, pinned as a hard link in the run folder
    ///   (no copy: the new file replaces catalogue.sqlite by rename, so the old file lives on under
    ///   the link). `run --rebuild-catalogue` asks for this (it also compacts the file).
    /// `.none` when the run started from no catalogue at all.
    private func publishBaseline(_ runId: String, night: NightEntries, rebuild: Bool) throws -> PublishBaseline {
        let folder = store.directory(of: runId)
        let pinned = store.baselineCatalogue(runId), none = store.baselineNone(runId), undo = store.baselineUndo(runId)
        if FileManager.default.fileExists(atPath: pinned) { return .file(pinned) }
        if FileManager.default.fileExists(atPath: none) { return .none }
        try CatalogueFile.recover(store.cataloguePath) // first: the undo file's state follows the catalogue's
        if PublishUndo.isPinned(undo) { return .inPlace(undo: undo) }
        let info = try CatalogueInfo.read(from: store.cataloguePath)
        if let published = info["run_id"], published > runId {
            throw KaartenbakError(.usage, "the catalogue is from a newer run (\(published)); publishing run \(runId) would roll it back")
        }
        guard FileManager.default.fileExists(atPath: store.cataloguePath) else {
            try DurableFiles.write(Data(), to: none)
            return .none
        }
        if !rebuild, info["schema_version"] == String(CatalogueSchema.version),
           let unchangedSince = night.unchangedSince, info["run_id"] == unchangedSince, night.changedShare <= 0.5 {
            // Left empty by a publication that failed (its journal resolved by `isPinned` above).
            for leftover in [undo, undo + "-journal"] { try? FileManager.default.removeItem(atPath: leftover) }
            return .inPlace(undo: undo)
        }
        do {
            try FileManager.default.linkItem(atPath: store.cataloguePath, toPath: pinned)
        } catch {
            throw KaartenbakError(.io, "cannot pin the baseline catalogue: \(error)", at: Location(file: pinned))
        }
        try DurableFiles.fsync(path: folder)
        return .file(pinned)
    }

    // MARK: - Progress

    /// The steps about to run, in the order they run, with how long each took when it last succeeded, and how
    /// many steps of each stage ran at once the last time.
    private func progressPlan(_ selected: Set<StepKey>) -> RunPlan {
        let earlier = store.runIds().filter { $0 < manifest.runId }.prefix(5).compactMap { try? store.loadManifest($0) }
        var steps: [PlannedStep] = []
        for step in manifest.steps where selected.contains(StepKey(step.stage, step.source)) {
            // This run's own last time first (a rerun), then the newest earlier run's.
            let seconds = ([manifest] + earlier).lazy.compactMap { old -> Double? in
                guard let done = old.step(step.stage, step.source), done.status == .succeeded else { return nil }
                return done.seconds
            }.first
            steps.append(PlannedStep(stage: step.stage, source: step.source, expectedSeconds: seconds))
        }
        var parallelism: [Stage: Double] = [:]
        for stage in Stage.allCases where stage.isPerSource {
            for old in earlier {
                let spans = old.steps.filter { $0.stage == stage && $0.status == .succeeded }.compactMap { step -> (Date, Double)? in
                    guard let start = step.startedAt.flatMap(RunReport.parseTimestamp), let seconds = step.seconds else { return nil }
                    return (start, seconds)
                }
                guard let first = spans.map(\.0).min(), let last = spans.map({ $0.0.addingTimeInterval($0.1) }).max() else { continue }
                let wall = last.timeIntervalSince(first), summed = spans.map(\.1).reduce(0, +)
                if wall > 0.05 { parallelism[stage] = max(summed / wall, 1) }
                break
            }
        }
        return RunPlan(steps: steps.sorted { $0.stage < $1.stage }, parallelism: parallelism)
    }

    /// What a step will count up to: normalise the records this run's parse wrote, publish the entries of its
    /// dedupe step (exactly); parse about as many records as the source's last good read had.
    private func expectedItems(_ stage: Stage, _ source: String) -> ExpectedItems? {
        switch stage {
        case .parse:
            for earlier in store.runIds() where earlier < manifest.runId {
                if let step = (try? store.loadManifest(earlier))?.step(.parse, source), step.status == .succeeded,
                   let records = step.counts["records"] {
                    return ExpectedItems(count: records, exact: false)
                }
            }
            return nil
        case .normalise:
            return manifestStep(.parse, source)?.counts["records"].map { ExpectedItems(count: $0, exact: true) }
        case .publish where source == "*":
            return manifestStep(.dedupe, "*")?.counts["vacancies"].map { ExpectedItems(count: $0, exact: true) }
        default:
            return nil
        }
    }

    private func makeNormaliser() -> Result<(normaliser: Normaliser, taxonomyVersion: String), KaartenbakError> {
        do {
            let taxonomy = try Taxonomy.load(dataDirectory: store.root)
            let overridesPath = store.pinnedOverrides(manifest.runId)
            var overrides: [Override] = []
            var version = taxonomy.version
            if let decisions = FileManager.default.contents(atPath: overridesPath) {
                overrides = try Override.load(path: overridesPath, taxonomy: taxonomy)
                version += "+overrides:" + StepCache.digest([String(decoding: decisions, as: UTF8.self)]).prefix(12)
            }
            let classifier = OccupationClassifier(taxonomy: taxonomy, overrides: overrides)
            // A new geography table (`geo import`) places every record again, as a new taxonomy codes them again.
            let geography = try Geography.load(dataDirectory: store.root)
            version += "+geo-" + geography.version
            return .success((Normaliser(coder: ClassifierCoder(classifier: classifier), geography: geography, logger: logger), version))
        } catch let error as KaartenbakError {
            return .failure(error)
        } catch {
            return .failure(KaartenbakError(.configuration, "cannot load the occupation taxonomy: \(error)"))
        }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
