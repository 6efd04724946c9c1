/// Watches a run as it goes, for progress displays. Called from the runner's task; keep it cheap.
public protocol RunObserver: Sendable {
    /// `total` is the number of steps this run (or rerun) will execute.
    func runStarted(runId: String, steps total: Int)
    func stepStarted(_ stage: Stage, source: String)
    /// Records (or bytes, for fetch) done so far within the step.
    func stepProgress(_ stage: Stage, source: String, items: Int)
    func stepFinished(_ step: StepRecord)
    func runFinished(_ manifest: RunManifest)
}
