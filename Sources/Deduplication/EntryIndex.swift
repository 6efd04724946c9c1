#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KaartenbakCore

/// Where each of a night's entry lines is, in cluster order (`entries.index` beside `entries.ndjson`).
///
/// A full night writes every entry to its own entries file. A night that reuses last night's state
/// writes only its new and changed entries there and refers to the unchanged ones where they already
/// are: in earlier nights' files, hard-linked into its own folder, so that removing an old run folder
/// (`kaartenbak prune`) cannot take them away and a folder is complete on its own. Rewriting the
/// unchanged entries (1.5 GB on a 5%-changed night at a million records) was the largest cost of
/// such a night. Read the entries through
/// `EntryLines`, never the entries file alone.
///
/// Binary, little-endian:
///
///     "KBENTIX2"  file count (u32), then per file: tag (u64), name (string)
///     entry count (u64), then per entry: file (u16), offset (u64), length (u32),
///                                         unchanged (u8), digest (u64), id (string)
///
/// The digest hashes what the catalogue takes from an entry: its id, cluster key, merged record and
/// its members' content (their lines without `location`, which shifts whenever a feed gains or loses
/// a record above them). `unchanged` says the entry of the same id the night before (whose state
/// this night reused) had the same digest: publish then knows which vacancies changed without
/// reading the entries of those that did not. An index of the first format ("KBENTIX1", without
/// these) is still read; it says nothing of change, and a night does not reuse its entries.
///
/// The first file is the night's own entries file. A tag names a file's contents for good (a random
/// number given when it was written): a file referred to again is linked as `entries-<tag>.ndjson`.
/// An entry's line is `length` bytes at `offset`, followed by a newline.
public struct EntryIndex: Sendable, Equatable {
    public typealias File = LinkedFile

    public var files: [File]
    public var file: [UInt16] = []
    public var offset: [UInt64] = []
    public var length: [UInt32] = []
    /// Each entry's vacancy id (empty in an index of the first format).
    public var ids: [String] = []
    /// Whether each entry gives the catalogue what last night's entry of the same id gave (all false in the first format).
    public var unchanged: [Bool] = []
    /// Each entry's digest of what the catalogue takes from it (0 in the first format).
    public var digests: [UInt64] = []
    /// Whether the index names ids and digests (the second format).
    public var hasDigests: Bool { count == 0 || !ids[0].isEmpty }

    public var count: Int { file.count }

    static let magic = Array("KBENTIX2".utf8)
    static let firstMagic = Array("KBENTIX1".utf8)

    /// At most this many files: a night past it copies the entries of the least used ones.
    static let maximumFiles = 32

    /// The index of the entries file at `entries`: its name with `.index` for `.ndjson`.
    public static func path(forEntries entries: String) -> String {
        (entries.hasSuffix(".ndjson") ? String(entries.dropLast(".ndjson".count)) : entries) + ".index"
    }

    /// The name a file with this tag has when linked into a later night's folder.
    static func linkedName(_ tag: UInt64) -> String {
        let hex = String(tag, radix: 16)
        return "entries-" + String(repeating: "0", count: 16 - hex.count) + hex + ".ndjson"
    }

    mutating func append(file: Int, offset: UInt64, length: Int, id: String, digest: UInt64, unchanged: Bool) {
        self.file.append(UInt16(file))
        self.offset.append(offset)
        self.length.append(UInt32(length))
        ids.append(id)
        digests.append(digest)
        self.unchanged.append(unchanged)
    }

    /// The same entries, every one unchanged: a night whose dedupe inputs are those of the night
    /// before gives its entries again (`PipelineRunner`).
    public func allUnchanged() -> EntryIndex {
        var copy = self
        copy.unchanged = Array(repeating: true, count: count)
        return copy
    }

    public func write(to path: String) throws {
        let output = try BinaryFileWriter(path: path)
        var out = ByteWriter()
        out.put(bytes: Self.magic)
        out.put(files)
        out.put(UInt64(count))
        for index in 0..<count {
            out.put(file[index])
            out.put(offset[index])
            out.put(length[index])
            out.put(UInt8(unchanged[index] ? 1 : 0))
            out.put(digests[index])
            out.put(ids[index])
            if out.count >= 1 << 20 { try output.write(&out) }
        }
        try output.write(&out)
        try output.finish()
    }

    /// The index at `path`, or nil when there is none (entries written before indexes were).
    public static func load(from path: String) throws -> EntryIndex? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KaartenbakError(.io, "cannot read the entries index", at: Location(file: path))
        }
        return try data.withUnsafeBytes { raw in
            guard raw.count >= magic.count, [magic, firstMagic].contains(Array(raw[0..<magic.count])) else {
                throw KaartenbakError(.io, "not an entries index of this format", at: Location(file: path))
            }
            let second = Array(raw[0..<magic.count]) == magic
            var input = ByteReader(bytes: raw, path: path)
            input.offset = magic.count
            var index = EntryIndex(files: try input.linkedFiles(of: "the entries index"))
            let count = Int(try input.u64())
            guard count <= raw.count / 14 else {
                throw KaartenbakError(.io, "entries index damaged (count \(count))", at: Location(file: path))
            }
            index.file.reserveCapacity(count)
            index.offset.reserveCapacity(count)
            index.length.reserveCapacity(count)
            for _ in 0..<count {
                let file = try input.value(UInt16.self)
                guard Int(file) < index.files.count else {
                    throw KaartenbakError(.io, "entries index damaged (file \(file) of \(index.files.count))", at: Location(file: path))
                }
                let offset = try input.u64(), length = Int(try input.u32())
                if second {
                    let unchanged = try input.value(UInt8.self) != 0
                    let digest = try input.u64()
                    index.append(file: Int(file), offset: offset, length: length, id: try input.string(), digest: digest, unchanged: unchanged)
                } else {
                    index.append(file: Int(file), offset: offset, length: length, id: "", digest: 0, unchanged: false)
                }
            }
            return index
        }
    }
}

/// A night's entry lines, in cluster order, wherever they are (see `EntryIndex`).
public enum EntryLines {
    /// Calls `body` with each entry line (without its newline), in order. Without an index the
    /// entries file is read as it is.
    public static func forEach(entries path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try forEach(entries: path, including: nil, body)
    }

    /// Calls `body` with the entry lines whose position `including` accepts (all when nil), in
    /// order; the others are not read. Without an index every line is read.
    public static func forEach(entries path: String, including: ((Int) -> Bool)?,
                               _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let index = try EntryIndex.load(from: EntryIndex.path(forEntries: path)) else {
            let file = try RecordFile(path: path)
            try file.forEachBlock { block, lines, _, _ in
                for line in lines { try body(UnsafeRawBufferPointer(rebasing: block[line])) }
            }
            return
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let files = try index.files.map { try RecordFile(path: folder + "/" + $0.name) }
        var buffer: [UInt8] = []
        var entry = 0
        let included = including ?? { _ in true }
        while entry < index.count {
            guard included(entry) else { entry += 1; continue }
            // Consecutive lines of one file are read at once, up to 8 MB.
            let file = Int(index.file[entry]), start = index.offset[entry]
            var end = entry + 1, bytes = UInt64(index.length[entry]) + 1
            while end < index.count, included(end), index.file[end] == index.file[entry], index.offset[end] == start + bytes, bytes < 8 << 20 {
                bytes += UInt64(index.length[end]) + 1
                end += 1
            }
            if buffer.count < Int(bytes) { buffer = [UInt8](repeating: 0, count: Int(bytes)) }
            try buffer.withUnsafeMutableBytes { raw in
                let run = UnsafeMutableRawBufferPointer(rebasing: raw[0..<Int(bytes)])
                try PositionalRead.read(files[file].descriptor, into: run, at: Int(start), path: files[file].path)
                var at = 0
                for line in entry..<end {
                    let length = Int(index.length[line])
                    // Every line ends in a newline: one that does not is not where the index says.
                    guard run[at + length] == 0x0A else {
                        throw KaartenbakError(.io, "entry \(line + 1) is not where the entries index says (byte \(Int(start) + at))",
                                              at: Location(file: files[file].path))
                    }
                    try body(UnsafeRawBufferPointer(rebasing: run[at..<(at + length)]))
                    at += length + 1
                }
            }
            entry = end
        }
    }

    /// Calls `body` with each entry decoded, in order.
    public static func forEach<T: Decodable>(_ type: T.Type, entries path: String, _ body: (T) throws -> Void) throws {
        let decoder = JSONDecoder()
        var number = 0
        try forEach(entries: path) { line in
            number += 1
            let value: T
            do {
                value = try decoder.decode(T.self, from: Data(line))
            } catch {
                throw KaartenbakError(.io, "bad entry \(number): \(error)", at: Location(file: path))
            }
            try body(value)
        }
    }

    /// Calls `body` with the entries `count` at a time, each decoded by `VacancyLineDecoder` (by
    /// `JSONDecoder` where it gives up) and turned by `transform` on every core, in order. With `membersForCatalogue` the members'
    /// descriptions, placements and signals are left out where the fast decoder reads the entry (what the catalogue does not take).
    public static func forEachBatch<T>(entries path: String, count: Int, membersForCatalogue: Bool = false,
                                       including: ((Int) -> Bool)? = nil,
                                       transform: (DedupedVacancy) -> T, _ body: ([T]) throws -> Void) throws {
        var lines: [[UInt8]] = []
        var first = 1
        func flush() throws {
            let decoded = Parallel.map(lines.count, threads: Parallel.threadCount(0)) { index -> Result<T, KaartenbakError> in
                if let fast = lines[index].withUnsafeBytes({ VacancyLineDecoder.decodeEntry($0, membersForCatalogue: membersForCatalogue) }) {
                    return .success(transform(fast))
                }
                do {
                    return .success(transform(try JSONDecoder().decode(DedupedVacancy.self, from: Data(lines[index]))))
                } catch {
                    return .failure(KaartenbakError(.io, "bad entry \(first + index): \(error)", at: Location(file: path)))
                }
            }
            try body(try decoded.map { try $0.get() })
            first += lines.count
            lines.removeAll(keepingCapacity: true)
        }
        try forEach(entries: path, including: including) { line in
            lines.append(Array(line))
            if lines.count == count { try flush() }
        }
        if !lines.isEmpty { try flush() }
    }

    /// All entry lines, each followed by a newline: what the entries file of a full night holds.
    public static func contents(entries path: String) throws -> [UInt8] {
        var all: [UInt8] = []
        try forEach(entries: path) { line in
            all += line
            all.append(0x0A)
        }
        return all
    }
}
