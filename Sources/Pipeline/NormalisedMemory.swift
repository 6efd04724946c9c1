#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KaartenbakCore
import Deduplication

/// What a source's last normalising made of each raw record, for a night whose feed changed a
/// little. Every feed of a 5%-changed night differs, so the step cache (whole payloads) never
/// applies, and normalising the 95% that did not change was half of such a night. A raw record
/// whose content (its line without `location`, which shifts when a record above it comes or goes)
/// was normalised by the same definition, taxonomy and program gives the same vacancy line: it is
/// taken from last night's file with tonight's location put in. The tests hold the result to a
/// fresh normalising, byte for byte.
///
/// Kept beside each normalised file as `<file>.memory`, binary, little-endian:
///
///     "KBNORM01", identity (u16 length, bytes), then per record normalised:
///     content hash (u64), kind (u8: 0 vacancy, 1 closed by its source, 2 skipped),
///     and for a vacancy: offset (u64) and length (u32) of its line, flags (u8: 1 coded, 2 ambiguous),
///     its id (u16 length, bytes)
struct NormalisedMemory: @unchecked Sendable {
    // @unchecked: read-only after `init`; the file is read with pread, which threads may share.
    enum Outcome: Sendable {
        case vacancy(offset: UInt64, length: UInt32, coded: Bool, ambiguous: Bool, id: String)
        case closed
        case skipped
    }

    static let magic = Array("KBNORM01".utf8)

    private let descriptor: Int32
    private let path: String
    private var outcomes: [UInt64: Outcome] = [:]

    static func path(forOutput output: String) -> String { output + ".memory" }

    /// Last night's memory of the normalised file at `output`, or nil when there is none or it was
    /// made with another `identity` (definition, taxonomy or program).
    init?(output: String, identity: String) {
        guard let data = FileManager.default.contents(atPath: Self.path(forOutput: output)) else { return nil }
        let bytes = [UInt8](data)
        var at = 0
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard at + count <= bytes.count else { return nil }
            defer { at += count }
            return bytes[at..<(at + count)]
        }
        func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
            guard let slice = take(MemoryLayout<T>.size) else { return nil }
            return slice.reversed().reduce(T(0)) { $0 << 8 | T($1) }
        }
        func string() -> String? {
            guard let length = integer(UInt16.self), let slice = take(Int(length)) else { return nil }
            return String(decoding: slice, as: UTF8.self)
        }
        guard take(Self.magic.count).map(Array.init) == Self.magic, string() == identity else { return nil }
        while at < bytes.count {
            guard let hash = integer(UInt64.self), let kind = integer(UInt8.self) else { return nil }
            switch kind {
            case 0:
                guard let offset = integer(UInt64.self), let length = integer(UInt32.self), let flags = integer(UInt8.self),
                      let id = string() else { return nil }
                outcomes[hash] = .vacancy(offset: offset, length: length, coded: flags & 1 != 0, ambiguous: flags & 2 != 0, id: id)
            case 1: outcomes[hash] = .closed
            case 2: outcomes[hash] = .skipped
            default: return nil
            }
        }
        let descriptor = open(output, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.path = output
    }

    func close() { _ = Glibc.close(descriptor) }

    /// What last night made of the raw record `line`, with tonight's location put into a vacancy's
    /// line; nil when the record is new or changed, or has no location to put in.
    func outcome(for line: UnsafeRawBufferPointer, hash: UInt64) throws -> (Outcome, [UInt8]?)? {
        guard let outcome = outcomes[hash] else { return nil }
        guard case .vacancy(let offset, let length, _, _, _) = outcome else { return (outcome, nil) }
        guard let (start, end) = LineHashes.locationValue(in: line) else { return nil }
        var old = [UInt8](repeating: 0, count: Int(length))
        try old.withUnsafeMutableBytes { try PositionalRead.read(descriptor, into: $0, at: Int(offset), path: path) }
        guard let (oldStart, oldEnd) = old.withUnsafeBytes({ LineHashes.locationValue(in: $0) }) else { return nil }
        var spliced = Array(old[..<oldStart])
        spliced += line[start..<end]
        spliced += old[oldEnd...]
        return (outcome, spliced)
    }
}

/// Writes a normalised file's memory (see `NormalisedMemory`) as the file is written.
struct NormalisedMemoryWriter {
    private var bytes: [UInt8] = []

    init(identity: String) {
        bytes = NormalisedMemory.magic
        put(identity)
    }

    private mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private mutating func put(_ text: String) {
        let utf8 = Array(text.utf8.prefix(Int(UInt16.max)))
        put(UInt16(utf8.count))
        bytes += utf8
    }

    mutating func append(hash: UInt64, _ outcome: NormalisedMemory.Outcome) {
        put(hash)
        switch outcome {
        case .vacancy(let offset, let length, let coded, let ambiguous, let id):
            put(UInt8(0))
            put(offset)
            put(length)
            put(UInt8((coded ? 1 : 0) | (ambiguous ? 2 : 0)))
            put(id)
        case .closed: put(UInt8(1))
        case .skipped: put(UInt8(2))
        }
    }

    func finish(output: String) throws {
        try DurableFiles.write(Data(bytes), to: NormalisedMemory.path(forOutput: output))
    }
}
