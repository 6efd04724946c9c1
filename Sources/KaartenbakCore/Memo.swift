import Foundation

/// Answers of a pure function already worked out, under a lock: a night normalises and codes on every core.
/// Bounded, since feeds are untrusted: past `capacity` keys it starts again.
///
/// Only for functions whose answer depends on the key alone: a cached answer is then exactly what the
/// function would have said, whichever thread asked first. Keys made from text should be `ExactText`.
public final class Memo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `known` is only touched under `lock`.
    private let lock = NSLock()
    private var known: [Key: Value] = [:]
    public let capacity: Int

    public init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The answer worked out before for `key`, or nil.
    public func lookup(_ key: Key) -> Value? {
        lock.withLock { known[key] }
    }

    public func store(_ key: Key, _ value: Value) {
        lock.withLock {
            if known.count >= capacity { known.removeAll(keepingCapacity: true) }
            known[key] = value
        }
    }

    /// The answer for `key`: remembered, or worked out by `compute` and remembered.
    public func callAsFunction(_ key: Key, _ compute: (Key) -> Value) -> Value {
        if let value = lookup(key) { return value }
        let value = compute(key)
        store(key, value)
        return value
    }

    /// Keys remembered now.
    public var count: Int { lock.withLock { known.count } }

    /// Forgets every answer and gives the table's memory back.
    public func removeAll() {
        lock.withLock { known = [:] }
    }
}

/// A text compared and hashed by its UTF-8 bytes. `String` compares by Unicode canonical equivalence: a memo keyed
/// by it would hand "Café" written with a combining accent the answer worked out for the precomposed "Café", whose
/// bytes differ (and so would the answer's), and which of the two a night wrote would depend on which came first.
public struct ExactText: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public static func == (a: ExactText, b: ExactText) -> Bool {
        var (x, y) = (a.text, b.text)
        return x.withUTF8 { p in
            y.withUTF8 { q in p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 {
            hasher.combine($0.count)
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
    }
}
