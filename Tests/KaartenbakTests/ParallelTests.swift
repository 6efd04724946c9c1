import Foundation
import KaartenbakCore
import Testing

@Suite("Parallel: fork-join over indexes")
struct ParallelTests {
    /// The thread ids that ran something, from any thread.
    final class Threads: @unchecked Sendable {
        // @unchecked: `seen` and `counts` are only touched under `lock`.
        private let lock = NSLock()
        private var seen = Set<UInt>()
        private var counts: [Int: Int] = [:]
        func note(_ index: Int) {
            lock.lock()
            defer { lock.unlock() }
            seen.insert(UInt(pthread_self()))
            counts[index, default: 0] += 1
        }
        var distinct: Int { lock.lock(); defer { lock.unlock() }; return seen.count }
        var perIndex: [Int: Int] { lock.lock(); defer { lock.unlock() }; return counts }
    }

    @Test("every index runs once", arguments: [(0, 2), (1, 2), (5, 1), (40, 2), (40, 8), (3, 16)])
    func everyIndexOnce(count: Int, threads: Int) {
        let ran = Threads()
        Parallel.forEachOnThreads(count, threads: threads) { ran.note($0) }
        #expect(ran.perIndex == Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, 1) }))
    }

    /// What the night's loop over sources relies on: a source's own `map` spreads over the cores while the loop's
    /// other thread works too. Dispatch's `concurrentPerform` as the outer loop gave each inner map one thread.
    @Test("a map inside an item still gets more than one thread", .enabled(if: System.coreCount >= 2))
    func nestedMapSpreads() {
        let inner = [Threads(), Threads()]
        Parallel.forEachOnThreads(2, threads: 2) { item in
            _ = Parallel.map(64, threads: 2) { index -> Int in
                inner[item].note(index)
                usleep(1_000)
                return index
            }
        }
        #expect(inner[0].distinct > 1 || inner[1].distinct > 1)
        #expect(inner.allSatisfy { $0.perIndex.count == 64 })
    }
}
