import KaartenbakCore

/// What an operator does next about a step that failed: one line naming the command that retries or
/// fixes it, for `status RUN` and the run report, so that nobody has to read the manifest or the code.
public enum RunAdvice {
    /// Nil for a step that did not fail (a skipped step follows from the one before it).
    public static func nextStep(for step: StepRecord, in manifest: RunManifest, store: RunStore) -> String? {
        guard step.status == .failed else { return nil }
        let run = manifest.runId, source = step.source, file = manifest.pipelineFile
        let code = step.errorCode.map(KaartenbakError.Code.init)
        if code == .io {
            return "a disk or file error, not the source's: fix it (space, permissions), then `kaartenbak rerun \(run)`"
        }
        switch step.stage {
        case .fetch:
            return "check the source's url (the error says what its server answered, or that a local file is missing); "
                + "`kaartenbak rerun \(run)` fetches it again"
        case .parse where code == .unsafeInput:
            return "the feed was refused as unsafe: ask its publisher for a plain one, then `kaartenbak rerun \(run) --stage fetch --source \(source)`"
        case .parse:
            return "look at the feed with `kaartenbak preview \(source) --file <the payload in \(store.landing(run, source))>` "
                + "and at the rejects in \(store.rejects(run, source)); a wrong mapping: fix it in \(file), then `kaartenbak rerun \(run) --with-current-definition`; "
                + "a broken feed: once its publisher has fixed it, `kaartenbak rerun \(run) --stage fetch --source \(source)`"
        case .normalise where code == .guardRefused:
            return "if the drop is real, `kaartenbak rerun \(run) --stage normalise --source \(source) --accept-drop`; "
                + "if not, ask the publisher, then `kaartenbak rerun \(run) --stage fetch --source \(source)`"
        case .normalise where code == .configuration:
            return "the occupation taxonomy or the overrides beside \(file) do not load (the error names the file): fix them, then `kaartenbak rerun \(run)`"
        case .normalise:
            return "once the cause is fixed, `kaartenbak rerun \(run) --source \(source)`"
        case .dedupe:
            return "nothing was published; once the cause is fixed, `kaartenbak rerun \(run)`"
        case .publish where source == "*":
            return "nothing was published; once the cause is fixed, `kaartenbak rerun \(run)`"
        case .publish:
            return "the SQLite catalogue is published; `kaartenbak rerun \(run)` redoes the \(source) target alone (docs/postgres.md)"
        }
    }
}
