import Foundation
import Logging
import Testing
import Pipeline
@testable import KaartenbakCommands

/// The progress an operator watches: counts that belong to their step, and a time left that behaves.
@Suite("Run progress")
struct ProgressTests {
    static let sources = ["a", "b", "c", "d"]

    /// Last night's timings: four sources read two at a time, then dedupe and a long publish.
    static func plan(known: Bool = true) -> RunPlan {
        var plan: [PlannedStep] = []
        for (stage, seconds) in [(Stage.fetch, 0.5), (.parse, 10), (.normalise, 8)] {
            for source in sources { plan.append(PlannedStep(stage: stage, source: source, expectedSeconds: known ? seconds : nil)) }
        }
        plan.append(PlannedStep(stage: .dedupe, source: "*", expectedSeconds: known ? 20 : nil))
        plan.append(PlannedStep(stage: .publish, source: "*", expectedSeconds: known ? 40 : nil))
        return RunPlan(steps: plan, parallelism: known ? [.fetch: 4, .parse: 2, .normalise: 2] : [:])
    }

    /// Tonight, `slower` times last night's: fetches together, then parse and normalise two sources at a time,
    /// dedupe, publish. Returns the estimate each second, and when publish started and ended.
    static func simulate(slower: Double) -> (etas: [(time: Double, eta: Double)], publish: ClosedRange<Double>) {
        let t0 = Date(timeIntervalSince1970: 0)
        var estimate = ProgressEstimate(plan: plan())
        typealias Key = ProgressEstimate.Key
        var events: [(time: Double, apply: (inout ProgressEstimate, Date) -> Void)] = []
        func step(_ key: Key, from start: Double, seconds: Double, items: Int? = nil) {
            events.append((start, { $0.started(key, expected: items.map { ExpectedItems(count: $0, exact: true) }, at: $1) }))
            if let items {
                for tenth in 1..<10 {
                    events.append((start + seconds * Double(tenth) / 10, { estimate, _ in estimate.progressed(key, items: items * tenth / 10) }))
                }
            }
            events.append((start + seconds, { estimate, _ in estimate.finished(key, seconds: seconds) }))
        }
        for source in sources { step(Key(stage: .fetch, source: source), from: 0, seconds: 0.5 * slower) }
        var clock = 0.5 * slower
        for pair in [["a", "b"], ["c", "d"]] {
            for source in pair {
                step(Key(stage: .parse, source: source), from: clock, seconds: 10 * slower, items: 20_000)
                step(Key(stage: .normalise, source: source), from: clock + 10 * slower, seconds: 8 * slower, items: 20_000)
            }
            clock += 18 * slower
        }
        step(Key(stage: .dedupe, source: "*"), from: clock, seconds: 20 * slower)
        clock += 20 * slower
        let publishStart = clock
        step(Key(stage: .publish, source: "*"), from: clock, seconds: 40 * slower, items: 80_000)
        clock += 40 * slower
        events.sort { $0.time < $1.time }
        var etas: [(Double, Double)] = []
        var next = 0
        for second in stride(from: 0.0, to: clock, by: 1.0) {
            while next < events.count, events[next].time <= second {
                events[next].apply(&estimate, t0.addingTimeInterval(events[next].time))
                next += 1
            }
            if let eta = estimate.remaining(at: t0.addingTimeInterval(second)) { etas.append((second, eta)) }
        }
        return (etas, publishStart...clock)
    }

    @Test(arguments: [0.7, 1.0, 1.5])
    func theTimeLeftFallsAndNeverJumps(slower: Double) throws {
        let (etas, publish) = Self.simulate(slower: slower)
        let total = publish.upperBound
        #expect(etas.count > 10)
        for (earlier, later) in zip(etas, etas.dropFirst()) {
            // Never up by more than a tenth of the run in a second (the old estimate went from 6 s to 50 s).
            #expect(later.eta <= earlier.eta + 0.1 * total, "at \(later.time) s: \(earlier.eta) → \(later.eta)")
        }
        // Through the long publish step the time left keeps falling (it used to sit at one value until the step ended).
        let inPublish = etas.filter { publish.contains($0.time) }
        let first = try #require(inPublish.first), last = try #require(inPublish.last)
        #expect(last.eta < first.eta - 0.5 * (last.time - first.time), "\(first) … \(last)")
        // And it is about right once a third of the run has shown its pace: within a third of the true time left.
        for sample in etas where sample.time > total / 3 {
            let truth = total - sample.time
            #expect(abs(sample.eta - truth) <= max(truth / 3, 8), "at \(sample.time) s: \(sample.eta) against \(truth)")
        }
    }

    @Test func aFirstNightHasNoEstimate() {
        var estimate = ProgressEstimate(plan: Self.plan(known: false))
        #expect(estimate.remaining(at: Date()) == nil)
    }

    /// Two sources parse at once: each one's records are its own (a source of 19,090 was shown at 50,000).
    @Test func countsBelongToTheirStep() {
        let t0 = Date()
        var estimate = ProgressEstimate(plan: Self.plan())
        estimate.started(.init(stage: .parse, source: "a"), expected: ExpectedItems(count: 50_000, exact: false), at: t0)
        estimate.started(.init(stage: .normalise, source: "b"), expected: ExpectedItems(count: 19_090, exact: true), at: t0)
        estimate.progressed(.init(stage: .parse, source: "a"), items: 30_000)
        estimate.progressed(.init(stage: .normalise, source: "b"), items: 4_096)
        let line = TerminalProgress.line(&estimate, now: t0.addingTimeInterval(2))
        #expect(line.hasPrefix("[0/14] "))
        #expect(line.contains("parse a 30000/~50000 records 15000/s"), "\(line)")
        #expect(line.contains("normalise b 4096/19090 records"), "\(line)")
    }

    /// Off a terminal: plain log lines, with the step's records so far.
    @Test func offATerminalPlainLogLines() {
        let lines = LogLines()
        let progress = LogProgress(logger: Logger(label: "test") { _ in LineCollector(lines: lines) }, interval: 0)
        progress.stepStarted(.normalise, source: "b", expected: ExpectedItems(count: 19_090, exact: true))
        progress.stepProgress(.normalise, source: "b", items: 4_096)
        progress.stepStarted(.parse, source: "a", expected: ExpectedItems(count: 50_000, exact: false))
        progress.stepProgress(.parse, source: "a", items: 10_000)
        #expect(lines.all == ["normalise b: 4096 of 19090 records so far", "parse a: 10000 of about 50000 records so far"])
        #expect(!lines.all.joined().contains("\u{1B}"))
    }

    /// The real binary on a pseudo-terminal: a second night knows each source's records.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a pseudo-terminal"))
    func normaliseShowsEachSourcesOwnRecordCount() throws {
        let data = try TemporaryDirectory()
        #expect(try CLI.run(["run", "--data-dir", data.path]).status == 0)
        let command = "\(try CLI.binary.path) run --data-dir \(data.path) --log-level warning"
        let result = try CLI.run(["-q", "-e", "-c", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.status == 0, "\(result.stdout)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: data.path + "/runs").filter { !$0.hasPrefix(".") }.sorted()
        let manifest = try RunStore(root: data.path).loadManifest(runs.last!)
        for source in ["uwv-werk-nl", "gemeente-breda"] {
            let records = try #require(manifest.step(.parse, source)?.counts["records"])
            #expect(result.stdout.contains("normalise \(source) 0/\(records) records"), "\(source): \(records)")
            #expect(!result.stdout.contains("normalise \(source) \(records + 1)"))
        }
        #expect(result.stdout.contains("ETA"), "a second night has an estimate")
    }
}

/// Log lines a test reads back.
final class LogLines: @unchecked Sendable {
    // @unchecked: `lines` only under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// A swift-log handler that keeps each message.
struct LineCollector: LogHandler {
    let lines: LogLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { lines.append("\(event.message)") }
}
