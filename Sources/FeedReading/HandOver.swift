import Foundation

/// A bounded first-in, first-out hand-over from one producing thread to one consuming thread.
///
/// The producer blocks while `capacity` items wait, so memory stays bounded however far ahead it could run.
/// The consumer may stop early (`stop`): the producer's next `put` then returns false and it winds down;
/// `waitForProducer` returns once it has called `finish`.
/// `start(capacity:producer:)` runs the producer on a thread of its own and calls `finish` for it.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked.
final class HandOver<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Item] = []
    private var stopped = false
    private var finished = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A hand-over whose producer runs `produce` on a new thread, then `finish`.
    /// The thread gets the main thread's usual 8 MB stack: libxml2, for one, recurses per nesting level.
    static func start(capacity: Int, producer produce: @escaping @Sendable (HandOver<Item>) -> Void) -> HandOver<Item> {
        let handOver = HandOver(capacity: capacity)
        let thread = Thread {
            produce(handOver)
            handOver.finish()
        }
        thread.stackSize = 8 << 20
        thread.start()
        return handOver
    }

    /// Producer: queues `item`, waiting for room. False when the consumer has stopped: the item is dropped.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !stopped { condition.wait() }
        guard !stopped else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Producer: its last call, after its last `put` (also when `put` returned false).
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next item, waiting for one; nil once the producer has finished and every item was taken.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        guard !items.isEmpty else { return nil }
        condition.broadcast()
        return items.removeFirst()  // a few items at most: the shift costs nothing
    }

    /// Consumer: takes no more items; a producer waiting for room is woken and its items are dropped.
    func stop() {
        condition.lock()
        stopped = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has called `finish`.
    func waitForProducer() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
