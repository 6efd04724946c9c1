#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KaartenbakCore

/// What the file-based dedupe stage keeps of a night for the next one (`state.bin` beside the
/// entries file): per record its hashes, member key, features and cluster; the accepted edges; per
/// cluster its member count and id (where its entry line is, is in the entries' `EntryIndex`).
///
/// Binary, little-endian, records in canonical order:
///
///     "KBDEDUPG"  fingerprint (string)
///     record count (u64), then per record: content hash (u64), cluster (u32),
///         member key (string), features (see `ByteWriter.put(_: RecordFeatures)`)
///     edge count (u64), then per edge: a, b (u32, record positions), score (f64)
///     cluster count (u64), then per cluster: member count (u32), id (string)
///
/// A string is its UTF-8 length (u32) and bytes. The fingerprint names the format, the program and
/// the settings: a state with another fingerprint is not used (see `fingerprint(settings:)`).
struct DedupeState {
    var fingerprint: String
    var content: [UInt64] = []
    var cluster: [UInt32] = []
    var memberKeys: [String] = []
    var features: [RecordFeatures] = []
    var edges: [Edge] = []
    var clusters: [Cluster] = []

    struct Cluster {
        var members: UInt32
        var id: String
    }

    static let magic = Array("KBDEDUPG".utf8)

    /// The format, the program that wrote the state and the settings that shaped it. Any change to
    /// feature extraction or scoring comes with a new executable, so the executable's identity
    /// (size and modification time) stands for the program version: conservative, a rebuild of the
    /// same code also runs in full once.
    static func fingerprint(settings: DedupeSettings) -> String {
        var shaping = settings
        shaping.threads = 0 // the output does not depend on it
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let settingsText = (try? encoder.encode(shaping)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return "format 5; program \(programIdentity); settings \(settingsText)"
    }

    static let programIdentity: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size)@\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    /// Writes the state; the records are encoded on `threads` threads, a slice each, and written in order.
    func write(to path: String, threads: Int = 1) throws {
        let file = try BinaryFileWriter(path: path)
        var out = ByteWriter()
        out.put(bytes: Self.magic)
        out.put(fingerprint)
        out.put(UInt64(content.count))
        try file.write(&out)
        let slice = 8_192, slicesAtOnce = max(1, threads) * 4
        for first in stride(from: 0, to: content.count, by: slice * slicesAtOnce) {
            let slices = Parallel.map(min(slicesAtOnce, (content.count - first + slice - 1) / slice), threads: threads) { part in
                var out = ByteWriter()
                for index in (first + part * slice)..<min(content.count, first + (part + 1) * slice) {
                    out.put(content[index])
                    out.put(cluster[index])
                    out.put(memberKeys[index])
                    out.put(features[index])
                }
                return out
            }
            for var encoded in slices { try file.write(&encoded) }
        }
        out.put(UInt64(edges.count))
        for edge in edges {
            out.put(UInt32(bitPattern: edge.a))
            out.put(UInt32(bitPattern: edge.b))
            out.put(edge.score.bitPattern)
            if out.count >= 1 << 20 { try file.write(&out) }
        }
        out.put(UInt64(clusters.count))
        for cluster in clusters {
            out.put(cluster.members)
            out.put(cluster.id)
            if out.count >= 1 << 20 { try file.write(&out) }
        }
        try file.write(&out)
        try file.finish()
    }

    enum LoadResult {
        case loaded(DedupeState)
        /// Why the state cannot be used ("absent", "written with other settings or program", ...).
        case unusable(String)
    }

    /// Reads a state, refusing one with another fingerprint before reading the rest.
    static func load(from path: String, expecting fingerprint: String, threads: Int = 1) throws -> LoadResult {
        // Mapped, not read: the state is hundreds of megabytes, and a copy would be zeroed and filled first.
        guard let file = try? MappedFile(path: path) else {
            return .unusable("no state at \(path)")
        }
        let raw = file.bytes
        // `raw` points into the mapping: the file lives until the last byte is read.
        return try withExtendedLifetime(file) { () throws -> LoadResult in
            var input = ByteReader(bytes: raw, path: path)
            guard raw.count >= magic.count, Array(raw[0..<magic.count]) == magic else {
                return .unusable("not a dedupe state of this format")
            }
            input.offset = magic.count
            guard try input.string() == fingerprint else {
                return .unusable("written by another program version or with other dedupe settings")
            }
            var state = DedupeState(fingerprint: fingerprint)
            let count = Int(try input.u64())
            // Records are read in parallel slices: a first pass finds where each slice starts by
            // skipping records (a record's length is in three counts), and each slice must end where
            // the next starts.
            let slice = 16_384
            var starts: [Int] = []
            for index in 0..<count {
                if index % slice == 0 { starts.append(input.offset) }
                try input.skipRecord()
            }
            starts.append(input.offset)
            // Each slice writes its own range of the state's arrays (no per-slice copies: the state is
            // most of the night's memory). The features, nearly all of it, are written only once, by
            // the slices: set to a default first, they were one thread's page faults and writes.
            state.content = [UInt64](repeating: 0, count: count)
            state.cluster = [UInt32](repeating: 0, count: count)
            state.memberKeys = [String](repeating: "", count: count)
            var failures: [Error?] = []
            // Room for a night with a few more records: tonight's features are made in this array (`sortCanonically`).
            state.features = [RecordFeatures](unsafeUninitializedCapacity: count + count / 16 + 64) { features, initialised in
                failures = state.content.withUnsafeMutableBufferPointer { content in
                    state.cluster.withUnsafeMutableBufferPointer { cluster in
                        state.memberKeys.withUnsafeMutableBufferPointer { keys in
                            let out = UnsafeSendable((content, cluster, keys, features))
                            let mapping = UnsafeSendable(file)
                            return Parallel.map(starts.count - 1, threads: threads) { part -> Error? in
                                var index = part * slice
                                let end = min(count, (part + 1) * slice)
                                // A slice that fails still initialises all its features.
                                defer { while index < end { out.value.3.initializeElement(at: index, to: RecordFeatures()); index += 1 } }
                                do {
                                    var reader = ByteReader(bytes: raw, path: path)
                                    reader.offset = starts[part]
                                    while index < end {
                                        out.value.0[index] = try reader.u64()
                                        out.value.1[index] = try reader.u32()
                                        out.value.2[index] = try reader.string()
                                        out.value.3.initializeElement(at: index, to: try reader.features())
                                        index += 1
                                    }
                                    guard reader.offset == starts[part + 1] else {
                                        throw KaartenbakError(.io, "dedupe state damaged (a record's length disagrees with its fields)",
                                                              at: Location(file: path))
                                    }
                                    // Its bytes are in the arrays now. Kept mapped, the whole file (half a gigabyte at a
                                    // million records) stayed resident beside the arrays it fills: the changed night's peak.
                                    mapping.value.release(starts[part]..<starts[part + 1])
                                    return nil
                                } catch {
                                    return error
                                }
                            }
                        }
                    }
                }
                initialised = count
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
            let edgeCount = Int(try input.u64())
            state.edges.reserveCapacity(edgeCount)
            for _ in 0..<edgeCount {
                let a = Int32(bitPattern: try input.u32()), b = Int32(bitPattern: try input.u32())
                state.edges.append(Edge(a: a, b: b, score: Double(bitPattern: try input.u64())))
            }
            let clusterCount = Int(try input.u64())
            state.clusters.reserveCapacity(clusterCount)
            for _ in 0..<clusterCount {
                state.clusters.append(Cluster(members: try input.u32(), id: try input.string()))
            }
            return .loaded(state)
        }
    }
}

/// Little-endian binary encoding for `DedupeState`, `EntryIndex` and the normalise stage's memory.
///
/// Values are stored into a buffer grown ahead, a record's features in one pass: appending each
/// value to an array (a generic append per field, some fifty a record) was most of writing the state.
public struct ByteWriter {
    private var storage: [UInt8] = []
    public private(set) var count = 0

    public init() {}

    /// What was put so far.
    public var bytes: ArraySlice<UInt8> { storage[0..<count] }

    /// Forgets what was put, keeping the buffer.
    mutating func reset() { count = 0 }

    private mutating func reserve(_ extra: Int) {
        if count + extra > storage.count { storage += repeatElement(0, count: max(extra, storage.count, 4_096)) }
    }

    public mutating func put<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: count, as: T.self) }
        count += MemoryLayout<T>.size
    }

    public mutating func put<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        reserve(bytes.count)
        storage.withUnsafeMutableBytes { raw in
            for (offset, byte) in bytes.enumerated() { raw[count + offset] = byte }
        }
        count += bytes.count
    }

    public mutating func put(_ text: String) {
        put(UInt32(text.utf8.count))
        put(bytes: text.utf8)
    }

    /// Every field of `RecordFeatures`; `ByteReader.features()` reads them back in the same order.
    /// A field added to `RecordFeatures` must be added here and there (the round-trip test fails
    /// otherwise) and the format's magic number raised.
    /// After the two lists: the common-facts mask, the driving scope, the employer abbreviation, the opening
    /// qualifiers of title and text and the text's unit names, the municipality, the employer's name words, proper
    /// words, trades, sectors and site-like names, the agency's site and names, the description's opening and named job,
    /// the title's stems and the unit-facts mask (`ByteReader.skipRecord` steps over them). Whether the name is an agency's is marked again
    /// each night (`Deduplicator.markTrustedEmployers`), like the trust it takes away.
    static let tailBytes = 2 + 2 + 8 + 8 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 8 + 16 + 2 + 8 + 8 + 8 + 2 + 8

    mutating func put(_ f: RecordFeatures) {
        var flags: UInt16 = 0
        func flag(_ bit: Int, _ value: Bool) { if value { flags |= 1 << bit } }
        flag(0, f.isAgency); flag(1, f.isJobBoard); flag(2, f.staffingName); flag(3, f.employerTrusted)
        flag(4, f.posted != nil); flag(5, f.closing != nil); flag(6, f.hoursMin != nil); flag(7, f.hoursMax != nil)
        flag(8, f.salaryMin != nil); flag(9, f.salaryMax != nil); flag(10, f.longDescription); flag(11, f.employerLegalForm); flag(12, f.isPublicService)
        flag(13, f.payInQuarters); flag(14, f.cutShort); flag(15, f.payPerHour)
        // flags, 15 words, two 256-bit sets, two days, four numbers, two counted lists, a mask
        reserve(2 + 15 * 8 + 2 * 32 + 2 * 4 + 4 * 4 + 2 + 4 * f.minhash.count + 2 + 4 * f.facts.count + Self.tailBytes)
        count = storage.withUnsafeMutableBytes { raw in
            var at = count
            func store<T: FixedWidthInteger>(_ value: T) {
                raw.storeBytes(of: value.littleEndian, toByteOffset: at, as: T.self)
                at += MemoryLayout<T>.size
            }
            store(flags)
            store(f.recordKey); store(f.sourceHash); store(f.titleWords.bits); store(f.titleKey); store(f.titleHead)
            store(f.isco); store(f.occupation); store(f.employer); store(f.employerWords.packed); store(f.titleModifiers.bits)
            store(f.titlePrefixes.bits); store(f.place); store(UInt64(bitPattern: Int64(f.pc4))); store(f.postcode); store(f.url)
            func store(_ set: BitSet256) { store(set.w0); store(set.w1); store(set.w2); store(set.w3) }
            store(f.titleGrams)
            store(f.employerGrams)
            store(f.posted ?? 0); store(f.closing ?? 0)
            store((f.hoursMin ?? 0).bitPattern); store((f.hoursMax ?? 0).bitPattern)
            store((f.salaryMin ?? 0).bitPattern); store((f.salaryMax ?? 0).bitPattern)
            store(UInt16(f.minhash.count))
            for value in f.minhash { store(value) }
            store(UInt16(f.facts.count))
            for value in f.facts { store(value) }
            store(f.commonFacts)
            store(f.driving)
            store(f.employerAbbreviation)
            store(f.openingTitle)
            store(f.openingText)
            store(f.openingMentions)
            store(f.municipality)
            store(f.employerNameWords.packed)
            store(f.employerProperWords.packed)
            store(f.employerTrades.packed)
            store(f.agencySite.packed)
            store(f.agencyNames.packed)
            for index in 0..<4 { store(f.opening[index]) }
            store(f.employerSectors)
            store(f.namedJob)
            store(f.titleStems.bits)
            store(f.siteLikeNames.packed)
            store(f.unitFacts)
            store(f.titleNameWords.bits)
            return at
        }
    }
}

/// Reads what `ByteWriter` wrote; `path` names the file in errors.
public struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    public var offset = 0

    public init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    public mutating func value<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else {
            throw KaartenbakError(.io, "file ends early (truncated?)", at: Location(file: path))
        }
        defer { offset += size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    public mutating func u64() throws -> UInt64 { try value(UInt64.self) }
    public mutating func u32() throws -> UInt32 { try value(UInt32.self) }

    /// Whether everything was read.
    public var atEnd: Bool { offset >= bytes.count }

    public mutating func string() throws -> String {
        let count = Int(try u32())
        guard offset + count <= bytes.count else {
            throw KaartenbakError(.io, "file ends early (truncated?)", at: Location(file: path))
        }
        defer { offset += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
    }

    /// Moves past one string without making it.
    mutating func skipString() throws {
        let count = Int(try u32())
        guard offset + count <= bytes.count else {
            throw KaartenbakError(.io, "file ends early (truncated?)", at: Location(file: path))
        }
        offset += count
    }

    /// Moves past one record (see `DedupeState`'s layout) without reading it.
    mutating func skipRecord() throws {
        offset += 8 + 4
        offset += Int(try u32()) // member key
        // Features: flags, 15 words, two 256-bit sets, two days, four numbers; then two counted lists and a mask.
        offset += 2 + 15 * 8 + 2 * 32 + 2 * 4 + 4 * 4
        offset += 4 * Int(try value(UInt16.self))
        offset += 4 * Int(try value(UInt16.self))
        offset += ByteWriter.tailBytes
        guard offset <= bytes.count else {
            throw KaartenbakError(.io, "file ends early (truncated?)", at: Location(file: path))
        }
    }

    mutating func features() throws -> RecordFeatures {
        var f = RecordFeatures()
        let flags = try value(UInt16.self)
        func flag(_ bit: Int) -> Bool { flags & (1 << bit) != 0 }
        (f.isAgency, f.isJobBoard, f.staffingName, f.employerTrusted) = (flag(0), flag(1), flag(2), flag(3))
        f.recordKey = try u64()
        f.sourceHash = try u64()
        f.titleWords.bits = try u64()
        f.titleKey = try u64()
        f.titleHead = try u64()
        f.isco = try u64()
        f.occupation = try u64()
        f.employer = try u64()
        f.employerWords.packed = try u64()
        f.titleModifiers.bits = try u64()
        f.titlePrefixes.bits = try u64()
        f.place = try u64()
        f.pc4 = Int(Int64(bitPattern: try u64()))
        f.postcode = try u64()
        f.url = try u64()
        f.titleGrams = try bitSet256()
        f.employerGrams = try bitSet256()
        let posted = Int32(bitPattern: try u32()), closing = Int32(bitPattern: try u32())
        f.posted = flag(4) ? posted : nil
        f.closing = flag(5) ? closing : nil
        func number(_ bit: Int) throws -> Float? {
            let value = Float(bitPattern: try u32())
            return flag(bit) ? value : nil
        }
        f.hoursMin = try number(6)
        f.hoursMax = try number(7)
        f.salaryMin = try number(8)
        f.salaryMax = try number(9)
        f.minhash = try hashes()
        f.longDescription = flag(10)
        f.employerLegalForm = flag(11)
        f.isPublicService = flag(12)
        f.payInQuarters = flag(13)
        f.facts = try hashes()
        f.commonFacts = try value(UInt16.self)
        f.driving = try value(UInt16.self)
        f.employerAbbreviation = try u64()
        f.openingTitle = try u64()
        f.openingText = try u64()
        f.openingMentions = try u64()
        f.municipality = try u32()
        f.employerNameWords.packed = try u64()
        f.employerProperWords.packed = try u64()
        f.employerTrades.packed = try u64()
        f.agencySite.packed = try u64()
        f.agencyNames.packed = try u64()
        f.cutShort = flag(14)
        f.payPerHour = flag(15)
        for index in 0..<4 { f.opening[index] = try u32() }
        f.employerSectors = try value(UInt16.self)
        f.namedJob = try u64()
        f.titleStems.bits = try u64()
        f.siteLikeNames.packed = try u64()
        f.unitFacts = try value(UInt16.self)
        f.titleNameWords.bits = try u64()
        return f
    }

    private mutating func hashes() throws -> InlineHashes {
        try InlineHashes(count: Int(try value(UInt16.self))) { try u32() }
    }

    private mutating func bitSet256() throws -> BitSet256 {
        var set = BitSet256()
        (set.w0, set.w1, set.w2, set.w3) = (try u64(), try u64(), try u64(), try u64())
        return set
    }
}

/// A binary file written through a temporary sibling and made visible by `finish()` (see `DurableFiles`).
/// Not Sendable: one writer owns it.
final class BinaryFileWriter {
    private let path: String
    private let temporary: String
    private let handle: FileHandle

    init(path: String) throws {
        self.path = path
        temporary = DurableFiles.temporaryPath(for: path)
        try DurableFiles.makeDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        handle = FileHandle(fileDescriptor: try DurableFiles.create(temporary), closeOnDealloc: true)
    }

    /// Writes and empties `buffer`.
    func write(_ buffer: inout ByteWriter) throws {
        do { try handle.write(contentsOf: buffer.bytes) } catch {
            throw KaartenbakError(.io, "write failed", at: Location(file: temporary), cause: error as NSError)
        }
        buffer.reset()
    }

    func finish() throws {
        try handle.close()
        try DurableFiles.commit(temporary, to: path)
    }

    deinit {
        try? handle.close()
        if FileManager.default.fileExists(atPath: temporary) { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
