/// Watches a run as it goes, for progress displays. Called from the runner's tasks (steps of different sources
/// at once); keep it cheap.
public protocol RunObserver: Sendable {
    /// The steps this run (or rerun) will execute, with how long each took when it last ran.
    func runStarted(runId: String, plan: RunPlan)
    /// `expected`: what the step will count up to (`stepProgress`), when that is known.
    func stepStarted(_ stage: Stage, source: String, expected: ExpectedItems?)
    /// Records done so far within the step (entries, for publish).
    func stepProgress(_ stage: Stage, source: String, items: Int)
    func stepFinished(_ step: StepRecord)
    func runFinished(_ manifest: RunManifest)
}

/// What a run is about to do, with the timings of the last time it was done.
public struct RunPlan: Sendable, Equatable {
    /// In the order they run.
    public var steps: [PlannedStep]
    /// Per stage, how many of its steps ran at once the last time (their seconds added up over the stage's wall
    /// time: sources parse side by side); stages not in it ran one step at a time.
    public var parallelism: [Stage: Double]

    public init(steps: [PlannedStep], parallelism: [Stage: Double] = [:]) {
        self.steps = steps
        self.parallelism = parallelism
    }
}

/// A step a run is about to execute.
public struct PlannedStep: Sendable, Equatable {
    public var stage: Stage
    public var source: String
    /// How long the step took when it last succeeded (in this run, before a rerun; else in the newest earlier
    /// run that has it); nil on a first run.
    public var expectedSeconds: Double?

    public init(stage: Stage, source: String, expectedSeconds: Double?) {
        self.stage = stage
        self.source = source
        self.expectedSeconds = expectedSeconds
    }
}

/// How many items a step will count through: exactly (normalise reads the records parse wrote; publish the
/// entries dedupe wrote) or as an estimate (parse: as many records as the source's last read had).
public struct ExpectedItems: Sendable, Equatable {
    public var count: Int
    public var exact: Bool

    public init(count: Int, exact: Bool) {
        self.count = count
        self.exact = exact
    }
}
