import Foundation
import Logging
import Pipeline
#if canImport(Glibc)
import Glibc
#endif

/// How far a run is and how long it still needs, from what each step took when it last ran.
///
/// Each planned step weighs what it took last time; a running step counts as done in the share of its items done
/// (records of a known or estimated total) or, without items, of its expected time. What is left of a stage takes
/// its weight divided by how many of its steps ran at once last time (sources parse side by side), and the whole
/// is scaled by how much slower or faster tonight's steps are than last night's, leaning on "as fast" while little
/// is done; the result is smoothed over a few seconds. So the estimate does not jump when a long step starts, and
/// keeps falling while one runs. Without an earlier run to weigh the steps by (a first night) there is none.
struct ProgressEstimate {
    struct Key: Hashable {
        var stage: Stage
        var source: String
    }

    struct Running {
        var start: Date
        var items = 0
        var expected: ExpectedItems?
    }

    private(set) var weights: [Key: Double] = [:]
    private(set) var order: [Key] = []
    private(set) var finished: [Key: Double] = [:]
    private(set) var running: [Key: Running] = [:]
    private let parallelism: [Stage: Double]
    /// Whether enough of the plan has earlier timings to estimate from.
    let canEstimate: Bool
    private var smoothed: Double?
    private var smoothedAt: Date?

    /// Seconds over which a new estimate takes over from the one shown.
    static let smoothing = 3.0

    init(plan: RunPlan) {
        order = plan.steps.map { Key(stage: $0.stage, source: $0.source) }
        parallelism = plan.parallelism
        let known = plan.steps.compactMap(\.expectedSeconds)
        canEstimate = !plan.steps.isEmpty && known.count * 2 >= plan.steps.count
        // A step without a timing weighs what the others of its stage weigh (the median), else the median of all.
        func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
        let overall = median(known) ?? 1
        for step in plan.steps {
            let sameStage = plan.steps.filter { $0.stage == step.stage }.compactMap(\.expectedSeconds)
            // At least a hundredth of a second: a step that took no time still takes its turn.
            weights[Key(stage: step.stage, source: step.source)] = max(step.expectedSeconds ?? median(sameStage) ?? overall, 0.01)
        }
    }

    var total: Int { order.count }
    var done: Int { finished.count }

    mutating func started(_ key: Key, expected: ExpectedItems?, at now: Date) {
        running[key] = Running(start: now, expected: expected)
    }

    mutating func progressed(_ key: Key, items: Int) {
        running[key]?.items = items
    }

    /// `seconds`: what the step took by its own record (a fetch's transfer, not the wait for the others), as the
    /// weights are; nil takes its weight.
    mutating func finished(_ key: Key, seconds: Double?) {
        running[key] = nil
        finished[key] = seconds ?? weights[key] ?? 0
    }

    /// The share of a step that is done; for a running one, by its items when it counts them, else by its time.
    func share(of key: Key, now: Date) -> Double {
        guard let step = running[key] else { return finished[key] != nil ? 1 : 0 }
        if let expected = step.expected, expected.count > 0, step.items > 0 {
            return min(Double(step.items) / Double(expected.count), 0.99)
        }
        return min(now.timeIntervalSince(step.start) / (weights[key] ?? 1), 0.95)
    }

    /// Seconds until the run ends, or nil without earlier timings.
    mutating func remaining(at now: Date) -> Double? {
        guard canEstimate else { return nil }
        // Tonight's pace against last night's, from the steps done and under way; a tenth of the plan's weight of
        // "as fast as last night" keeps the first seconds from deciding it.
        let ballast = 0.1 * order.reduce(0) { $0 + (weights[$1] ?? 0) }
        var took = ballast, planned = ballast
        for (key, seconds) in finished { took += seconds; planned += weights[key] ?? 0 }
        for (key, step) in running where step.expected != nil && step.items > 0 {
            took += now.timeIntervalSince(step.start)
            planned += (weights[key] ?? 0) * share(of: key, now: now)
        }
        let pace = took / planned
        var estimate = 0.0
        for stage in Stage.allCases {
            let keys = order.filter { $0.stage == stage }
            let left = keys.reduce(0) { $0 + (weights[$1] ?? 0) * (1 - share(of: $1, now: now)) }
            let unfinished = keys.filter { finished[$0] == nil }.count
            estimate += left / min(parallelism[stage] ?? 1, Double(max(unfinished, 1)))
        }
        estimate *= pace
        if let shown = smoothed, let at = smoothedAt {
            let passed = now.timeIntervalSince(at)
            let weight = 1 - exp(-passed / Self.smoothing)
            // What was shown has counted down meanwhile; the new estimate takes over gradually.
            smoothed = max(shown - passed, 0) * (1 - weight) + estimate * weight
        } else {
            smoothed = estimate
        }
        smoothedAt = now
        return smoothed
    }
}

/// A one-line progress display on a terminal: steps done of all, each running step with its records (of a known
/// total, or "~" an estimate from its last read) and rate, and the time the run still needs. Off a terminal,
/// `LogProgress` writes plain log lines instead.
final class TerminalProgress: RunObserver, @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    private let lock = NSLock()
    private var estimate = ProgressEstimate(plan: RunPlan(steps: []))
    private var lastDraw = Date.distantPast

    /// Nil when standard error is not a terminal.
    static func ifTerminal() -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
    }

    /// A terminal progress line, or plain log lines off a terminal.
    static func observer(logger: Logger) -> any RunObserver {
        ifTerminal() ?? LogProgress(logger: logger)
    }

    func runStarted(runId: String, plan: RunPlan) {
        lock.withLock { estimate = ProgressEstimate(plan: plan) }
    }

    func stepStarted(_ stage: Stage, source: String, expected: ExpectedItems?) {
        lock.withLock {
            estimate.started(.init(stage: stage, source: source), expected: expected, at: Date())
            draw(force: true)
        }
    }

    func stepProgress(_ stage: Stage, source: String, items: Int) {
        lock.withLock {
            estimate.progressed(.init(stage: stage, source: source), items: items)
            draw(force: false)
        }
    }

    func stepFinished(_ step: StepRecord) {
        lock.withLock {
            estimate.finished(.init(stage: step.stage, source: step.source), seconds: step.seconds)
            draw(force: true)
        }
    }

    func runFinished(_ manifest: RunManifest) {
        lock.withLock { write("\r\u{1B}[K") }
    }

    /// Redraws at most ten times a second, cut to the terminal's width (a wrapped line could not be redrawn).
    private func draw(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let line = Self.line(&estimate, now: now)
        write("\r\u{1B}[K" + String(line.prefix(Self.columns() - 1)))
    }

    /// "[5/14] parse uwv 10000/~19090 records 8200/s · normalise breda 4096/6000 records · ETA 42s".
    static func line(_ estimate: inout ProgressEstimate, now: Date) -> String {
        var parts: [String] = []
        for key in estimate.order {
            guard let step = estimate.running[key] else { continue }
            var text = key.source == "*" ? key.stage.rawValue : "\(key.stage.rawValue) \(key.source)"
            let seconds = max(now.timeIntervalSince(step.start), 0.001)
            if step.items > 0 || step.expected != nil {
                let unit = key.stage == .publish ? "entries" : "records"
                let total = step.expected.map { "/\($0.exact ? "" : "~")\($0.count)" } ?? ""
                text += " \(step.items)\(total) \(unit)"
                if step.items > 0 { text += " \(Int(Double(step.items) / seconds))/s" }
            } else {
                text += " \(Int(seconds))s"
            }
            parts.append(text)
        }
        var line = "[\(estimate.done)/\(estimate.total)] " + parts.joined(separator: " · ")
        if let remaining = estimate.remaining(at: now), estimate.done < estimate.total {
            line += String(format: " · ETA %.0fs", remaining)
        }
        return line
    }

    static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 10 else { return 100 }
        return Int(size.ws_col)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Progress off a terminal (cron's log, a pipe): no drawing, a plain log line for a step that has run for
/// `interval` since it last said something, with its records so far; the runner logs each step's end itself.
final class LogProgress: RunObserver, @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    private let lock = NSLock()
    private let logger: Logger
    private let interval: TimeInterval
    private var steps: [ProgressEstimate.Key: (said: Date, expected: ExpectedItems?)] = [:]

    init(logger: Logger, interval: TimeInterval = 30) {
        self.logger = logger
        self.interval = interval
    }

    func runStarted(runId: String, plan: RunPlan) {}

    func stepStarted(_ stage: Stage, source: String, expected: ExpectedItems?) {
        lock.withLock { steps[.init(stage: stage, source: source)] = (Date(), expected) }
    }

    func stepProgress(_ stage: Stage, source: String, items: Int) {
        let key = ProgressEstimate.Key(stage: stage, source: source)
        let line: String? = lock.withLock {
            guard let step = steps[key], Date().timeIntervalSince(step.said) >= interval else { return nil }
            steps[key]?.said = Date()
            let total = step.expected.map { " of \($0.exact ? "" : "about ")\($0.count)" } ?? ""
            return "\(stage.rawValue) \(source == "*" ? "" : source + ": ")\(items)\(total) \(stage == .publish ? "entries" : "records") so far"
        }
        if let line { logger.info("\(line)") }
    }

    func stepFinished(_ step: StepRecord) {
        _ = lock.withLock { steps.removeValue(forKey: .init(stage: step.stage, source: step.source)) }
    }

    func runFinished(_ manifest: RunManifest) {}
}
