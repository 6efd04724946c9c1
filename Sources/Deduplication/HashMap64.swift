/// A map from 64-bit hashes to small values, by open addressing with linear probing.
///
/// Written by hand because the stage's per-record tables (a night's million content hashes, fact
/// counts, last night's edges) have keys that are hashes already: `Dictionary` runs SipHash over each
/// key again and keeps its storage behind a reference, which made those tables a second or more of
/// a night. Here the slot is the key's top bits after one multiply, and probing is a linear scan.
/// Entries are never removed.
struct HashMap64<Value> {
    private var keys: [UInt64]
    private var values: [Value]
    /// Key 0 marks an empty slot; a real key 0 is kept apart.
    private var zero: Value?
    private var shift: UInt64
    private(set) var count = 0
    private let empty: Value

    /// - Parameter empty: any value; it fills empty slots and is never returned.
    init(capacity: Int = 16, empty: Value) {
        var slots = 16
        while slots < capacity * 2 { slots <<= 1 }
        keys = [UInt64](repeating: 0, count: slots)
        values = [Value](repeating: empty, count: slots)
        shift = UInt64(64 - slots.trailingZeroBitCount)
        self.empty = empty
    }

    subscript(key: UInt64) -> Value? { withReader { $0[key] } }

    /// `body` with a reader of the map, for lookups from several threads at once.
    func withReader<Result>(_ body: (Reader) throws -> Result) rethrows -> Result {
        try keys.withUnsafeBufferPointer { keys in
            try values.withUnsafeBufferPointer { values in
                try body(Reader(keys: keys, values: values, zero: zero, shift: shift))
            }
        }
    }

    /// `body` with a reader of each of `maps`.
    static func withReaders<Result>(_ maps: ArraySlice<HashMap64>, _ body: ([Reader]) throws -> Result) rethrows -> Result {
        guard let first = maps.first else { return try body([]) }
        return try first.withReader { reader in try withReaders(maps.dropFirst()) { try body([reader] + $0) } }
    }

    /// Lookups through pointers to a map's storage, valid within `withReader`. Threads share one
    /// (hence @unchecked Sendable: nothing writes the map meanwhile): a copy of the map per lookup
    /// retained and released its arrays, an atomic write to one cache line that the threads
    /// contended for (half of the common-fact pass on a million records).
    struct Reader: @unchecked Sendable {
        fileprivate let keys: UnsafeBufferPointer<UInt64>
        fileprivate let values: UnsafeBufferPointer<Value>
        fileprivate let zero: Value?
        fileprivate let shift: UInt64

        subscript(key: UInt64) -> Value? {
            if key == 0 { return zero }
            var slot = HashMap64.slot(key, shift: shift)
            while true {
                let found = keys[slot]
                if found == key { return values[slot] }
                if found == 0 { return nil }
                slot = (slot + 1) & (keys.count - 1)
            }
        }
    }

    /// The value of `key`, `initial` inserted first when absent; `body` may change it.
    mutating func update(_ key: UInt64, initial: Value, _ body: (inout Value) -> Void) {
        if key == 0 {
            if zero == nil { count += 1 }
            var value = zero ?? initial
            body(&value)
            zero = value
            return
        }
        if (count + 1) * 2 > keys.count { grow() }
        var slot = self.slot(key)
        while keys[slot] != key && keys[slot] != 0 { slot = (slot + 1) & (keys.count - 1) }
        if keys[slot] == 0 {
            keys[slot] = key
            values[slot] = initial
            count += 1
        }
        body(&values[slot])
    }

    /// Inserts `key` with `value` unless present; true when it was absent.
    mutating func insert(_ key: UInt64, _ value: Value) -> Bool {
        let before = count
        update(key, initial: value) { _ in }
        return count > before
    }

    mutating func set(_ key: UInt64, _ value: Value) {
        update(key, initial: value) { $0 = value }
    }

    private func slot(_ key: UInt64) -> Int { Self.slot(key, shift: shift) }

    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        // Fibonacci hashing: spreads keys whose low or high bits repeat (positions packed in a key).
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func grow() {
        var bigger = HashMap64(capacity: keys.count, empty: empty)
        for (index, key) in keys.enumerated() where key != 0 { bigger.set(key, values[index]) }
        bigger.zero = zero
        bigger.count = count
        self = bigger
    }
}
