import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Fork-join helpers over index ranges. Each index's result depends only on its input, so output
/// is the same for any number of threads; only the speed changes.
public enum Parallel {
    /// Results of `body(i)` for i in 0..<count, computed in chunks on up to `threads` threads.
    public static func map<T>(_ count: Int, threads: Int, _ body: (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            let base = SendablePointer(buffer.baseAddress!)
            let chunk = (count + workers * 8 - 1) / (workers * 8)
            withoutActuallyEscaping(body) { body in
                let work = UnsafeSendable(body)
                DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
                    let start = part * chunk
                    for index in start..<min(count, start + chunk) {
                        (base.pointer + index).initialize(to: work.value(index))
                    }
                }
            }
            initialised = count
        }
    }

    public static func threadCount(_ requested: Int) -> Int {
        requested > 0 ? requested : max(1, System.coreCount)
    }
}

/// Work run on a thread of its own while the caller goes on (not on Dispatch's pool, which the
/// caller's `Parallel.map` calls need). `wait()` joins it and rethrows its error.
/// Sendable: `failure` is written by the worker before it signals and read only after `wait`.
public final class Background: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var failure: Error?

    public init(_ work: @escaping @Sendable () throws -> Void) {
        let box = WorkBox(work)
        let thread = Thread { [self] in
            // The work is let go before `wait()` returns, not when the thread object goes: a caller
            // may have lent it a closure with `withoutActuallyEscaping`, which must be back by then.
            do { try box.take()() } catch { failure = error }
            finished.signal()
        }
        thread.start()
    }

    /// Holds the work until the thread takes it.
    private final class WorkBox: @unchecked Sendable {
        // @unchecked: `work` is set at init and taken once, by the one thread.
        private var work: (@Sendable () throws -> Void)?
        init(_ work: @escaping @Sendable () throws -> Void) { self.work = work }
        func take() -> @Sendable () throws -> Void {
            defer { work = nil }
            return work!
        }
    }

    public func wait() throws {
        finished.wait()
        if let failure { throw failure }
    }
}

/// A pointer handed to worker threads that write disjoint elements.
public struct SendablePointer<T>: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<T>
    public init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// A non-Sendable closure used only within one fork-join call that reads shared immutable state.
public struct UnsafeSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

public enum System {
    public static var coreCount: Int {
        #if os(Linux)
        let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return count > 0 ? count : 1
        #else
        return ProcessInfo.processInfo.activeProcessorCount
        #endif
    }
}
