#if canImport(Glibc)
import Glibc
#endif
import KaartenbakCore

/// An open file read at given offsets (pread), e.g. a member record read back by its byte offset.
/// Sendable: pread does not move a shared file position, so threads may read at once; the
/// descriptor is only closed in `deinit`.
final class RecordFile: @unchecked Sendable {
    let path: String
    /// For reading at offsets (pread, copy_file_range) only: the file position is not used.
    let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw KaartenbakError(.io, "cannot open: \(String(cString: strerror(errno)))", at: Location(file: path))
        }
    }

    deinit { close(descriptor) }

    /// The file's size in bytes now (0 if it cannot be read).
    var size: Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Exactly `count` bytes from `offset`.
    func read(offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try PositionalRead.read(descriptor, into: $0, at: offset, path: path) }
        return bytes
    }

    /// Reads the file front to back in blocks of whole lines, so that resident memory stays one block
    /// whatever the file size. `body` gets the block, the lines' ranges in it, the block's offset in
    /// the file and the number of lines before it.
    func forEachBlock(size: Int = 8 << 20,
                      _ body: (_ block: UnsafeRawBufferPointer, _ lines: [Range<Int>], _ offset: Int, _ linesBefore: Int) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: size)
        var filled = 0, fileOffset = 0, linesBefore = 0
        var atEnd = false
        while !atEnd || filled > 0 {
            if !atEnd {
                if filled == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) } // a line longer than a block
                let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(fileOffset + filled)) }
                if got < 0, errno == EINTR { continue }
                guard got >= 0 else {
                    throw KaartenbakError(.io, "read failed: \(String(cString: strerror(errno)))", at: Location(file: path))
                }
                if got == 0 { atEnd = true } else { filled += got }
            }
            // Whole lines only; at the end of the file the last line may lack its newline.
            let consumed = try buffer.withUnsafeBytes { all -> Int in
                let block = UnsafeRawBufferPointer(rebasing: all[0..<filled])
                var lines: [Range<Int>] = []
                var start = 0
                var newlines = 0
                while start < block.count {
                    guard let end = Self.newline(in: block, from: start) else {
                        if atEnd { lines.append(start..<block.count) }
                        break
                    }
                    newlines += 1
                    if end > start { lines.append(start..<end) }
                    start = end + 1
                }
                let used = atEnd ? block.count : start
                if used == 0 { return 0 }
                try body(UnsafeRawBufferPointer(rebasing: block[0..<used]), lines, fileOffset, linesBefore)
                linesBefore += newlines + (atEnd && used > 0 && block[used - 1] != 0x0A ? 1 : 0)
                return used
            }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    let base = raw.baseAddress!
                    memmove(base, base + consumed, filled - consumed)
                }
                filled -= consumed
                fileOffset += consumed
            } else if atEnd {
                break
            }
        }
    }

    private static func newline(in block: UnsafeRawBufferPointer, from start: Int) -> Int? {
        ByteSearch.offset(of: 0x0A, in: block, from: start)
    }
}

/// The hash of one NDJSON record line, for recognising the record on a later night.
public struct LineHashes: Equatable, Sendable {
    /// The record's content without its `location` (the position in the payload, which shifts when a
    /// feed gains or loses records above it): what features, scores, merged records and entries
    /// depend on.
    public var content: UInt64

    static let locationKey = Array("\"location\":\"".utf8)

    /// A hash computed before (`NormalisedLines.content`).
    init(content: UInt64) { self.content = content }

    public init(_ line: UnsafeRawBufferPointer) {
        guard let (start, end) = Self.locationValue(in: line) else {
            content = Self.hash(line, seed: 0x1F2E_3D4C)
            return
        }
        let before = Self.hash(UnsafeRawBufferPointer(rebasing: line[0..<start]), seed: 0x1F2E_3D4C)
        content = Self.hash(UnsafeRawBufferPointer(rebasing: line[end...]), seed: before)
    }

    /// The byte range of the location string's value (without quotes). NDJSONWriter escapes quotes
    /// inside strings, so `"location":"` with bare quotes only occurs as the key.
    public static func locationValue(in line: UnsafeRawBufferPointer) -> (Int, Int)? {
        guard let found = ByteSearch.offset(of: locationKey, in: line) else { return nil }
        let start = found + locationKey.count
        var index = start
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return (start, index)
            default: index += 1
            }
        }
        return nil
    }

    /// A fast 64-bit hash, eight bytes a step (stable across processes and machines of one byte order).
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var index = 0
        while index + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            index += 8
        }
        var tail: UInt64 = 0
        while index < bytes.count {
            tail = tail << 8 | UInt64(bytes[index])
            index += 1
        }
        return TextKeys.mix(h ^ tail)
    }
}
