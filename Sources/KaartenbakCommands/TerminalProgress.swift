import Foundation
import Pipeline
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on a terminal: the current step, its record count and rate,
/// steps done and an ETA. Off a terminal it stays silent and the plain log lines tell the story.
final class TerminalProgress: RunObserver, @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    private var runStart = Date()
    private var current: (stage: Stage, source: String, start: Date)?
    private var lastDraw = Date.distantPast

    /// Nil when standard error is not a terminal.
    static func ifTerminal() -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
    }

    func runStarted(runId: String, steps total: Int) {
        lock.withLock {
            self.total = total
            done = 0
            runStart = Date()
        }
    }

    func stepStarted(_ stage: Stage, source: String) {
        lock.withLock {
            current = (stage, source, Date())
            draw(items: nil, force: true)
        }
    }

    func stepProgress(_ stage: Stage, source: String, items: Int) {
        lock.withLock { draw(items: items, force: false) }
    }

    func stepFinished(_ step: StepRecord) {
        lock.withLock {
            done += 1
            draw(items: step.counts["records"] ?? step.counts["vacancies"], force: true)
        }
    }

    func runFinished(_ manifest: RunManifest) {
        lock.withLock { write("\r\u{1B}[K") }
    }

    /// Redraws at most ten times a second.
    private func draw(items: Int?, force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.1, let current else { return }
        lastDraw = now
        var line = "[\(done)/\(total)] \(current.stage.rawValue) \(current.source)"
        if let items {
            let seconds = max(now.timeIntervalSince(current.start), 0.001)
            line += "  \(items) records  \(Int(Double(items) / seconds))/s"
        }
        if done > 0, done < total {
            let perStep = now.timeIntervalSince(runStart) / Double(done)
            line += String(format: "  ETA %.0fs", perStep * Double(total - done))
        }
        write("\r\u{1B}[K" + line)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
