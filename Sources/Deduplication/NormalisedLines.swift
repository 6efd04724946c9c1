#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KaartenbakCore

/// Where each line of a source's normalised output is, in output order (`<output>.index` beside the output).
///
/// A night whose feed changed a little takes most of its vacancies from the last normalising (`NormalisedMemory`).
/// It wrote their lines again, whole, with tonight's `location` put in: 2.5 GB on a 5%-changed night at a million
/// records, 95% of them last night's, and on this machine the pages of a new file are the costliest thing a night
/// writes (docs/night.md, "The machine"). Now such a night writes only its new and changed lines to its own file and
/// refers to the others where they already are: in earlier nights' files, hard-linked into its own folder (as the
/// entries are, `EntryIndex`), so that removing an old run folder cannot take them away and a folder is complete on
/// its own. An output without an index (a full night's, or one that referred to nothing) is its own lines.
/// Read an output through `NormalisedLines`, never its file alone.
///
/// Binary, little-endian:
///
///     "KBNLIX01"  file count (u32), then per file: tag (u64), name (string)
///     record count (u64), then per record: file (u16), offset (u64), length (u32), content (u64), location (string)
///
/// File 0 is the output itself. A record's line is `length` bytes at `offset` of its file. `content` is the line's
/// `LineHashes.content` (without its location), so that dedupe knows a record it has features of without reading
/// its line. `location` is tonight's position of the record in its payload for a line of another file, which has the
/// location of the night that wrote it; empty for a line of file 0, which has its own. A tag names a linked file's
/// contents for good: a file referred to again keeps its name, `<output name>.part-<tag>`.
public struct NormalisedLines: Sendable, Equatable {
    public typealias File = LinkedFile

    public var files: [File]
    public var file: [UInt16] = []
    public var offset: [UInt64] = []
    public var length: [UInt32] = []
    public var content: [UInt64] = []
    /// Each record's location (as the line has it, JSON-escaped), one after another: record i's are the bytes
    /// `locations[locationEnds[i - 1]..<locationEnds[i]]` (from 0 for the first). One buffer, not a string a record:
    /// most locations ("element [123456]") are too long for a string kept inline.
    public var locations: [UInt8] = []
    public var locationEnds: [UInt32] = []

    public var count: Int { file.count }

    static let magic = Array("KBNLIX01".utf8)

    /// At most this many files: a night past it writes again the lines of the least used ones.
    public static let maximumFiles = 8

    public init(files: [File]) {
        self.files = files
    }

    public static func indexPath(forOutput output: String) -> String { output + ".index" }

    /// The name a file with this tag has when linked beside the output at `output`.
    public static func linkedName(output: String, tag: UInt64) -> String {
        let hex = String(tag, radix: 16)
        return URL(fileURLWithPath: output).lastPathComponent + ".part-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    public mutating func append(file: Int, offset: UInt64, length: Int, content: UInt64, location: some Collection<UInt8>) {
        self.file.append(UInt16(file))
        self.offset.append(offset)
        self.length.append(UInt32(length))
        self.content.append(content)
        locations += location
        locationEnds.append(UInt32(locations.count))
    }

    /// Record `index`'s location (empty for a line of file 0).
    public func location(_ index: Int) -> ArraySlice<UInt8> {
        locations[Int(index == 0 ? 0 : locationEnds[index - 1])..<Int(locationEnds[index])]
    }

    /// Whether any line is in a file other than the output's own.
    public var refersElsewhere: Bool { file.contains { $0 != 0 } }

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
            out.put(content[index])
            out.put(UInt32(self.location(index).count))
            out.put(bytes: self.location(index))
            if out.count >= 1 << 20 { try output.write(&out) }
        }
        try output.write(&out)
        try output.finish()
    }

    /// The index of the output at `output`, or nil when it has none (the output is its own lines). Without
    /// `locations` (dedupe, which never reads them) none is kept; without `records`, only the files are read.
    public static func load(output: String, locations: Bool = true, records: Bool = true) throws -> NormalisedLines? {
        let path = indexPath(forOutput: output)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KaartenbakError(.io, "cannot read the normalised output's index", at: Location(file: path))
        }
        return try data.withUnsafeBytes { raw in
            guard raw.count >= magic.count, Array(raw[0..<magic.count]) == magic else {
                throw KaartenbakError(.io, "not a normalised output index of this format", at: Location(file: path))
            }
            var input = ByteReader(bytes: raw, path: path)
            input.offset = magic.count
            var lines = NormalisedLines(files: try input.linkedFiles(of: "the normalised output's index"))
            guard records else { return lines }
            let count = Int(try input.u64())
            // A count the file cannot hold is damage, not a reason to reserve it.
            guard count <= raw.count / 26 else {
                throw KaartenbakError(.io, "the normalised output's index is cut short", at: Location(file: path))
            }
            lines.file.reserveCapacity(count)
            lines.offset.reserveCapacity(count)
            lines.length.reserveCapacity(count)
            lines.content.reserveCapacity(count)
            if locations { lines.locationEnds.reserveCapacity(count) }
            for _ in 0..<count {
                let file = try input.value(UInt16.self)
                guard Int(file) < lines.files.count else {
                    throw KaartenbakError(.io, "the normalised output's index names file \(file) of \(lines.files.count)", at: Location(file: path))
                }
                lines.file.append(file)
                lines.offset.append(try input.u64())
                lines.length.append(try input.u32())
                lines.content.append(try input.u64())
                if locations {
                    lines.locations += try input.string().utf8
                    lines.locationEnds.append(UInt32(lines.locations.count))
                } else {
                    try input.skipString()
                }
            }
            return lines
        }
    }

    /// The paths of the index's files, beside the output at `output`.
    public func paths(output: String) -> [String] {
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        return files.map { folder + "/" + $0.name }
    }

    /// The names, in the output's folder, of the files an output has beside itself: its index and the files it
    /// refers to (none for an output without an index).
    public static func companions(output: String) throws -> [String] {
        guard let lines = try load(output: output, records: false) else { return [] }
        return [URL(fileURLWithPath: indexPath(forOutput: output)).lastPathComponent] + lines.files.dropFirst().map(\.name)
    }

    /// Calls `body` with each of the output's lines in order, as a normalising of tonight's records alone would
    /// have written it (a referred line with tonight's location put in).
    public static func forEachLine(output: String, _ body: ([UInt8]) throws -> Void) throws {
        guard let lines = try load(output: output) else {
            let file = try RecordFile(path: output)
            try file.forEachBlock { block, ranges, _, _ in
                for range in ranges { try body(Array(block[range])) }
            }
            return
        }
        let files = try lines.paths(output: output).map { try RecordFile(path: $0) }
        for index in 0..<lines.count {
            let file = files[Int(lines.file[index])]
            let line = try file.read(offset: Int(lines.offset[index]), count: Int(lines.length[index]))
            guard lines.file[index] != 0 else {
                try body(line)
                continue
            }
            guard let (start, end) = line.withUnsafeBytes({ LineHashes.locationValue(in: $0) }) else {
                throw KaartenbakError(.io, "a referred normalised line has no location", at: Location(file: file.path))
            }
            try body(Array(line[..<start]) + Array(lines.location(index)) + Array(line[end...]))
        }
    }

    /// The output's lines, each followed by a newline: the bytes a normalising afresh writes.
    public static func contents(output: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachLine(output: output) { line in
            bytes += line
            bytes.append(0x0A)
        }
        return bytes
    }

    /// The names of every index and linked file beside the output at `output`, listed or not (for removing them).
    public static func allBeside(output: String) -> [String] {
        let index = URL(fileURLWithPath: indexPath(forOutput: output)).lastPathComponent
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        return (FileManager.default.fileExists(atPath: folder + "/" + index) ? [index] : []) + linkedNames(beside: output)
    }

    /// Removes files linked beside the output at `output` by an earlier attempt that `keeping` does not name.
    public static func removeUnlisted(output: String, keeping names: Set<String>) {
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        for name in linkedNames(beside: output) where !names.contains(name) { unlink(folder + "/" + name) }
    }

    /// The names of the files linked beside the output at `output` (`linkedName`), whatever index lists them.
    private static func linkedNames(beside output: String) -> [String] {
        let url = URL(fileURLWithPath: output)
        let prefix = url.lastPathComponent + ".part-"
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []).filter { $0.hasPrefix(prefix) }
    }
}

/// A file an index refers to by name in the index's own folder (`EntryIndex`, `NormalisedLines`). A tag names the
/// file's contents for good (a random number given when it was first linked elsewhere), so that a file referred to
/// again keeps its name.
public struct LinkedFile: Sendable, Equatable {
    public var tag: UInt64
    /// The file's name in the index's folder.
    public var name: String

    public init(tag: UInt64, name: String) {
        self.tag = tag
        self.name = name
    }
}

extension ByteWriter {
    /// An index's files: count (u32), then per file its tag (u64) and name (string).
    mutating func put(_ files: [LinkedFile]) {
        put(UInt32(files.count))
        for file in files {
            put(file.tag)
            put(file.name)
        }
    }
}

extension ByteReader {
    /// An index's files (`ByteWriter.put(_:)`); `index` names the index in an error.
    mutating func linkedFiles(of index: String) throws -> [LinkedFile] {
        var files: [LinkedFile] = []
        for _ in 0..<Int(try u32()) {
            let tag = try u64()
            let name = try string()
            // Names are plain file names in the index's folder, never paths.
            guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw KaartenbakError(.io, "bad file name in \(index): \(name)", at: Location(file: path))
            }
            files.append(LinkedFile(tag: tag, name: name))
        }
        return files
    }
}
