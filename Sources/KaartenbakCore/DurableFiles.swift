import CGlibc
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a crash leaves either the old file or the complete new one:
/// temporary file in the same folder, fsync, rename, fsync of the folder.
public enum DurableFiles {
    /// Atomically replaces `path` with `data`. With `flushed` false the file is renamed into place unflushed:
    /// readers and a crash of the process see the old file or the new one whole, but after a power loss the
    /// file may be an earlier version (for saves that a later flushed save makes durable in turn).
    public static func write(_ data: Data, to path: String, flushed: Bool = true) throws {
        try makeDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let temporary = temporaryPath(for: path)
        let handle = FileHandle(fileDescriptor: try create(temporary), closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            throw KaartenbakError(.io, "cannot write file", at: Location(file: temporary), cause: error as NSError)
        }
        try commit(temporary, to: path, flushed: flushed)
    }

    /// Creates (or empties) a file for writing. Not `FileManager.createFile`: that writes its contents
    /// atomically itself, through a temporary file of its own that it flushes to disk, so every file made
    /// that way cost a second flush (a journal commit each: 1 s of a 200,000-record night's 7 s in fsync)
    /// before `commit` flushed it again.
    public static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw KaartenbakError(.io, "cannot create file: \(String(cString: strerror(errno)))", at: Location(file: path))
        }
        return fd
    }

    /// A sibling path for writing before `commit`.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    }

    /// Flushes `temporary` to disk and renames it over `path`, then flushes the folder; with `flushed` false,
    /// only renames it (see `write`).
    public static func commit(_ temporary: String, to path: String, flushed: Bool = true) throws {
        if flushed { try fsync(path: temporary) }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw KaartenbakError(.io, "cannot rename \(temporary) to \(path): \(reason)", at: Location(file: path))
        }
        if flushed { try fsync(path: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
    }

    /// fsync on a file or folder.
    public static func fsync(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw KaartenbakError(.io, "cannot open for fsync: \(String(cString: strerror(errno)))", at: Location(file: path))
        }
        defer { close(fd) }
        guard Glibc.fsync(fd) == 0 else {
            throw KaartenbakError(.io, "fsync failed: \(String(cString: strerror(errno)))", at: Location(file: path))
        }
    }

    /// Creates a folder and its parents.
    public static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw KaartenbakError(.io, "cannot create folder", at: Location(file: path), cause: error as NSError)
        }
    }
}

/// Reads an open file at an offset (pread: the file position is not used, threads may share it).
public enum PositionalRead {
    /// Fills `destination` with the bytes at `offset`; `path` names the file in errors.
    public static func read(_ descriptor: Int32, into destination: UnsafeMutableRawBufferPointer, at offset: Int,
                            path: String) throws {
        var done = 0
        while done < destination.count {
            let got = pread(descriptor, destination.baseAddress! + done, destination.count - done, off_t(offset + done))
            let error = errno
            if got < 0, error == EINTR { continue }
            guard got > 0 else {
                throw KaartenbakError(.io, got == 0 ? "file shorter than expected (changed while read?)"
                                                   : "read failed: \(String(cString: strerror(error)))",
                                      at: Location(file: path))
            }
            done += got
        }
    }
}

/// Asks the kernel to start writing a file's range to disk without waiting (Linux `sync_file_range`
/// with SYNC_FILE_RANGE_WRITE). A hint only: errors, if any, are reported by the final fsync.
enum Writeback {
    private static let writeFlag: UInt32 = 2 // SYNC_FILE_RANGE_WRITE

    static func start(_ descriptor: Int32, from offset: Int, count: Int) {
        _ = kb_sync_file_range(descriptor, Int64(offset), Int64(count), writeFlag)
    }
}

/// Copies a range of one file into another inside the kernel (Linux `copy_file_range`), so that the
/// bytes never pass through user space.
enum KernelCopy {

    /// What `copy` did: every byte was copied, or `copied` bytes (perhaps none) before the kernel
    /// refused these files (another file system, an old kernel, a file that is not a regular
    /// file), or the source ended early, or another error.
    enum Outcome {
        case done
        case unsupported(copied: Int)
        case shortSource
        case failed(errno: Int32)
    }

    /// Copies `count` bytes at `offset` of `source` to `destination` at its file position, which
    /// advances past them; the source's position is not used. Loops on partial copies.
    static func copy(from source: Int32, at offset: Int, count: Int, to destination: Int32) -> Outcome {
        var done = 0
        while done < count {
            var position = Int64(offset + done)
            let got = kb_copy_file_range(source, &position, destination, nil, count - done, 0)
            let error = errno
            if got > 0 {
                done += got
            } else if got == 0 {
                return .shortSource
            } else if error == EINTR {
                continue
            } else if [EXDEV, ENOSYS, EINVAL, EOPNOTSUPP].contains(error) {
                return .unsupported(copied: done)
            } else {
                return .failed(errno: error)
            }
        }
        return .done
    }
}

/// Streams Codable values as newline-delimited JSON into a file that becomes visible only on `finish()`.
public final class NDJSONWriter<Element: Encodable> {
    private let path: String
    private let temporary: String
    private let handle: FileHandle
    private let encoder: JSONEncoder
    private var buffer = Data()
    public private(set) var count = 0
    /// Bytes written, and how far the kernel was asked to start writing them to disk.
    private(set) var written = 0
    private var writebackStarted = 0
    /// Bytes `append(copying:...)` had the kernel copy (the rest of its bytes were read into the buffer).
    private(set) var kernelCopiedBytes = 0
    /// Writeback is started every this many bytes, so that the disk works while the caller
    /// computes and `finish()`'s fsync does not write a whole large file (1.8 GB of dedupe entries)
    /// at the end.
    private static var writebackStep: Int { 32 << 20 }

    public init(path: String) throws {
        self.path = path
        self.temporary = DurableFiles.temporaryPath(for: path)
        try DurableFiles.makeDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        self.handle = FileHandle(fileDescriptor: try DurableFiles.create(temporary), closeOnDealloc: true)
        self.encoder = JSONEncoder()
        encoder.outputFormatting = Self.outputFormatting
    }

    /// How values are encoded: for writers that encode lines themselves (`append(encodedLine:)`).
    public static var outputFormatting: JSONEncoder.OutputFormatting { [.sortedKeys, .withoutEscapingSlashes] }

    /// Appends a line encoded elsewhere (e.g. in parallel, or copied from an earlier file) as
    /// `append(_:)` would have encoded it; without its newline.
    public func append(encodedLine: [UInt8]) throws {
        buffer.append(contentsOf: encodedLine)
        buffer.append(0x0A)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends `lines` whole lines, each with its newline, copied from another file (e.g. a run of
    /// unchanged lines of last night's file): `count` bytes at `offset` of the open file `source`,
    /// named `sourcePath` in errors. The caller checks that the bytes are whole lines. Bytes are read
    /// straight into the buffer; a long run is copied by the kernel (`copy_file_range`) where it can.
    public func append(copying count: Int, from source: Int32, at offset: Int, lines: Int, sourcePath: String) throws {
        var done = 0
        if count >= Self.kernelCopyMinimum {
            // The lines buffered so far come before the copied ones.
            try flush()
            switch KernelCopy.copy(from: source, at: offset, count: count, to: handle.fileDescriptor) {
            case .done:
                done = count
            case .unsupported(let copied):
                done = copied // another file system, an old kernel: the rest is read
            case .shortSource:
                throw KaartenbakError(.io, "file shorter than expected (changed while read?)", at: Location(file: sourcePath))
            case .failed(let code):
                throw KaartenbakError(.io, "copy into \(temporary) failed: \(String(cString: strerror(code)))",
                                      at: Location(file: sourcePath))
            }
            kernelCopiedBytes += done
            advance(by: done)
        }
        try read(count - done, from: source, at: offset + done, sourcePath: sourcePath)
        self.count += lines
    }

    /// Runs shorter than this are read into the buffer rather than copied by the kernel. On ext4
    /// (which cannot share extents) `copy_file_range` copies page by page through a pipe: replaying
    /// the runs of a 5%-changed night (mostly 7-70 KB) it cost more CPU than reading them (a call
    /// per run, and the lines buffered before each written apart); at 8 MB both cost the same
    /// (docs/dedupe-stage.md, "Entries copy").
    static var kernelCopyMinimum: Int { 8 << 20 }

    /// Reads bytes of another file into the buffer (no array of their own), a megabyte at a time.
    private func read(_ count: Int, from source: Int32, at offset: Int, sourcePath: String) throws {
        var done = 0
        while done < count {
            let start = buffer.count, wanted = min(count - done, 1 << 20)
            buffer.count = start + wanted
            do {
                try buffer.withUnsafeMutableBytes {
                    try PositionalRead.read(source, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...]),
                                            at: offset + done, path: sourcePath)
                }
            } catch {
                buffer.count = start
                throw error
            }
            done += wanted
            if buffer.count >= 1 << 20 { try flush() }
        }
    }

    public func append(_ value: Element) throws {
        buffer.append(try encoder.encode(value))
        buffer.append(0x0A)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw KaartenbakError(.io, "write failed", at: Location(file: temporary), cause: error as NSError)
        }
        let flushed = buffer.count
        buffer.removeAll(keepingCapacity: true)
        advance(by: flushed)
    }

    /// Counts bytes now in the file, and starts their writeback every `writebackStep`.
    private func advance(by bytes: Int) {
        written += bytes
        if written - writebackStarted >= Self.writebackStep {
            Writeback.start(handle.fileDescriptor, from: writebackStarted, count: written - writebackStarted)
            writebackStarted = written
        }
    }

    /// Makes the file durable and visible under its final name.
    public func finish() throws {
        try flush()
        try handle.close()
        try DurableFiles.commit(temporary, to: path)
    }

    deinit {
        try? handle.close()
        if FileManager.default.fileExists(atPath: temporary) { try? FileManager.default.removeItem(atPath: temporary) }
    }
}

/// Reads newline-delimited JSON written by `NDJSONWriter`.
public enum NDJSON {
    /// Calls `body` with each decoded line, in order, without holding the whole file as values.
    public static func forEach<T: Decodable>(_ type: T.Type, in path: String, _ body: (T) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KaartenbakError(.io, "cannot read file", at: Location(file: path))
        }
        let decoder = JSONDecoder()
        var line = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            line += 1
            if end > start {
                do {
                    try body(try decoder.decode(T.self, from: data[start..<end]))
                } catch let error as DecodingError {
                    throw KaartenbakError(.io, "bad NDJSON: \(error)", at: Location(file: path, line: line))
                }
            }
            start = end < data.endIndex ? data.index(after: end) : end
        }
    }

    /// Calls `body` with the file's bytes and up to `count` non-empty lines at a time (ranges in
    /// those bytes, without their newlines) and the 1-based line number of the first, in order: for
    /// readers that decode lines in parallel. Lines are found with `memchr`. The file is mapped,
    /// not read into memory, and the pages of finished batches are let go: `body` must not keep
    /// the bytes past its call.
    public static func forEachLineBatch(in path: String, count: Int,
                                        _ body: (UnsafeRawBufferPointer, [Range<Int>], Int) throws -> Void) throws {
        let mapped = try MappedFile(path: path)
        let bytes = mapped.bytes
        guard bytes.baseAddress != nil else { return } // an empty file maps to nothing
        var batch: [Range<Int>] = []
        batch.reserveCapacity(count)
        var line = 0, first = 1, start = 0
        while start < bytes.count {
            let end = ByteSearch.offset(of: 0x0A, in: bytes, from: start) ?? bytes.count
            line += 1
            if end > start {
                if batch.isEmpty { first = line }
                batch.append(start..<end)
                if batch.count == count {
                    try body(bytes, batch, first)
                    batch.removeAll(keepingCapacity: true)
                    mapped.release(upTo: end)
                }
            }
            start = end + 1
        }
        if !batch.isEmpty { try body(bytes, batch, first) }
    }

    public static func readAll<T: Decodable>(_ type: T.Type, from path: String) throws -> [T] {
        var result: [T] = []
        try forEach(type, in: path) { result.append($0) }
        return result
    }
}
