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
/// Kept beside each normalised file as `<file>.memory`, binary (`ByteWriter`, strings with a u32 length):
///
///     "KBNORM03", identity (string), then per record normalised:
///     content hash (u64), kind (u8: 0 vacancy, 1 closed by its source, 2 skipped),
///     and for a vacancy: offset (u64) and length (u32) of its line, flags (u8: 1 coded, 2 ambiguous),
///     unread values (u16: bit i set when the record had a value of `UnreadValue.checkedFields[i]` it could not
///     read, so that a night counts them for records it takes from here too), its id (string)
struct NormalisedMemory: @unchecked Sendable {
    // @unchecked: read-only after `init`; the file is read with pread, which threads may share.
    enum Outcome: Sendable {
        case vacancy(offset: UInt64, length: UInt32, coded: Bool, ambiguous: Bool, unread: UInt16, id: String)
        case closed
        case skipped
    }

    static let magic = Array("KBNORM03".utf8)

    private let descriptor: Int32
    private let path: String
    private let outcomes: [UInt64: Outcome]

    static func path(forOutput output: String) -> String { output + ".memory" }

    /// Last night's memory of the normalised file at `output`, or nil when there is none or it was
    /// made with another `identity` (definition, taxonomy or program).
    init?(output: String, identity: String) {
        let path = Self.path(forOutput: output)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        // A memory that cannot be read is no memory: the records are normalised afresh.
        guard let outcomes = try? data.withUnsafeBytes({ raw -> [UInt64: Outcome]? in
            var input = ByteReader(bytes: raw, path: path)
            guard raw.count >= Self.magic.count, Array(raw[0..<Self.magic.count]) == Self.magic else { return nil }
            input.offset = Self.magic.count
            guard try input.string() == identity else { return nil }
            var outcomes: [UInt64: Outcome] = [:]
            while !input.atEnd {
                let hash = try input.u64()
                switch try input.value(UInt8.self) {
                case 0:
                    let offset = try input.u64(), length = try input.u32(), flags = try input.value(UInt8.self)
                    let unread = try input.value(UInt16.self)
                    outcomes[hash] = .vacancy(offset: offset, length: length, coded: flags & 1 != 0, ambiguous: flags & 2 != 0,
                                              unread: unread, id: try input.string())
                case 1: outcomes[hash] = .closed
                case 2: outcomes[hash] = .skipped
                default: return nil
                }
            }
            return outcomes
        }) else { return nil }
        self.outcomes = outcomes
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
        guard case .vacancy(let offset, let length, _, _, _, _) = outcome else { return (outcome, nil) }
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
    private var out = ByteWriter()

    init(identity: String) {
        out.put(bytes: NormalisedMemory.magic)
        out.put(identity)
    }

    mutating func append(hash: UInt64, _ outcome: NormalisedMemory.Outcome) {
        out.put(hash)
        switch outcome {
        case .vacancy(let offset, let length, let coded, let ambiguous, let unread, let id):
            out.put(UInt8(0))
            out.put(offset)
            out.put(length)
            out.put(UInt8((coded ? 1 : 0) | (ambiguous ? 2 : 0)))
            out.put(unread)
            out.put(id)
        case .closed: out.put(UInt8(1))
        case .skipped: out.put(UInt8(2))
        }
    }

    func finish(output: String) throws {
        try DurableFiles.write(Data(out.bytes), to: NormalisedMemory.path(forOutput: output))
    }
}
