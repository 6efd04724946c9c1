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
/// taken from last night's normalising, its line referred to where it is with tonight's location
/// beside it (`NormalisedLines`). The tests hold the output, read through its index, to a fresh
/// normalising, byte for byte.
///
/// Kept beside each normalised file as `<file>.memory`, binary (`ByteWriter`, strings with a u32 length):
///
///     "KBNORM04", identity (string), then per record normalised:
///     content hash (u64), kind (u8: 0 vacancy, 1 closed by its source, 2 skipped),
///     and for a vacancy: file (u16, of the output's `NormalisedLines`; 0 the output itself), offset (u64) and
///     length (u32) of its line, the line's content hash (u64, `LineHashes.content`), flags (u8: 1 coded,
///     2 ambiguous), unread values (u16: bit i set when the record had a value of `UnreadValue.checkedFields[i]` it
///     could not read, so that a night counts them for records it takes from here too), its id (string)
///
/// A line taken from here is referred to where it is (`NormalisedLines`) when its file is linked into tonight's
/// folder, and otherwise read and written again with tonight's location.
struct NormalisedMemory: @unchecked Sendable {
    // @unchecked: read-only after `init`; the files are read with pread, which threads may share.
    enum Outcome: Sendable {
        case vacancy(Line, coded: Bool, ambiguous: Bool, unread: UInt16, id: String)
        case closed
        case skipped
    }

    /// Where a vacancy's line is, in the files of the output the memory is kept beside.
    struct Line: Sendable {
        var file: UInt16
        var offset: UInt64
        var length: UInt32
        var content: UInt64
    }

    static let magic = Array("KBNORM04".utf8)

    /// The output's files (`NormalisedLines`; the output alone when it has no index) and their tags.
    let files: [NormalisedLines.File]
    let paths: [String]
    private let descriptors: [Int32]
    private let outcomes: [UInt64: Outcome]

    static func path(forOutput output: String) -> String { output + ".memory" }

    /// Last night's memory of the normalised file at `output`, or nil when there is none or it was
    /// made with another `identity` (definition, taxonomy or program).
    init?(output: String, identity: String) {
        let path = Self.path(forOutput: output)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        // A memory (or an index) that cannot be read is no memory: the records are normalised afresh.
        let index: NormalisedLines?
        do { index = try NormalisedLines.load(output: output, records: false) } catch { return nil }
        let files = index?.files ?? [NormalisedLines.File(tag: 0, name: URL(fileURLWithPath: output).lastPathComponent)]
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
                    let line = Line(file: try input.value(UInt16.self), offset: try input.u64(), length: try input.u32(),
                                    content: try input.u64())
                    guard Int(line.file) < files.count else { return nil }
                    let flags = try input.value(UInt8.self)
                    let unread = try input.value(UInt16.self)
                    outcomes[hash] = .vacancy(line, coded: flags & 1 != 0, ambiguous: flags & 2 != 0,
                                              unread: unread, id: try input.string())
                case 1: outcomes[hash] = .closed
                case 2: outcomes[hash] = .skipped
                default: return nil
                }
            }
            return outcomes
        }) else { return nil }
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        let paths = files.map { folder + "/" + $0.name }
        var descriptors: [Int32] = []
        for path in paths {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                for opened in descriptors { _ = Glibc.close(opened) }
                return nil
            }
            descriptors.append(descriptor)
        }
        self.files = files
        self.paths = paths
        self.descriptors = descriptors
        self.outcomes = outcomes
    }

    func close() { for descriptor in descriptors { _ = Glibc.close(descriptor) } }

    /// What last night made of the raw record with this content hash; nil when the record is new or changed.
    func outcome(hash: UInt64) -> Outcome? { outcomes[hash] }

    /// The bytes of each file's lines the memory lists (each with its newline): what tonight could refer to there.
    func listedBytes() -> [UInt64] {
        var bytes = [UInt64](repeating: 0, count: files.count)
        for case .vacancy(let line, _, _, _, _) in outcomes.values { bytes[Int(line.file)] += UInt64(line.length) + 1 }
        return bytes
    }

    /// The file's size now (0 when it cannot be read).
    func size(ofFile file: Int) -> UInt64 {
        var info = stat()
        return fstat(descriptors[file], &info) == 0 ? UInt64(info.st_size) : 0
    }

    /// A vacancy's line as last night wrote it, with the location of the raw record `line` put in; nil when
    /// either has no location.
    func line(_ at: Line, splicingLocationOf line: UnsafeRawBufferPointer) throws -> [UInt8]? {
        guard let (start, end) = LineHashes.locationValue(in: line) else { return nil }
        var old = [UInt8](repeating: 0, count: Int(at.length))
        try old.withUnsafeMutableBytes {
            try PositionalRead.read(descriptors[Int(at.file)], into: $0, at: Int(at.offset), path: paths[Int(at.file)])
        }
        guard let (oldStart, oldEnd) = old.withUnsafeBytes({ LineHashes.locationValue(in: $0) }) else { return nil }
        var spliced = Array(old[..<oldStart])
        spliced += line[start..<end]
        spliced += old[oldEnd...]
        return spliced
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
        case .vacancy(let line, let coded, let ambiguous, let unread, let id):
            out.put(UInt8(0))
            out.put(line.file)
            out.put(line.offset)
            out.put(line.length)
            out.put(line.content)
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
