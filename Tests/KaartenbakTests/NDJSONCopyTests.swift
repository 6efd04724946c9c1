import Foundation
import Glibc
import Testing
@testable import Deduplication
@testable import KaartenbakCore

/// `NDJSONWriter.append(copying:...)`: lines copied from another file land between the lines
/// buffered before and after them, are counted; long runs are copied by the kernel, which falls back
/// to reading where it cannot.
@Suite struct NDJSONCopyTests {
    /// `count` numbered lines of one length, as bytes.
    static func lines(_ prefix: String, count: Int, width: Int = 40) -> [UInt8] {
        // Numbered to a fixed width: all lines have one length.
        (0..<count).flatMap { number in
            let digits = String(number)
            return Array("\(prefix) \(String(repeating: "0", count: 6 - digits.count))\(digits) \(String(repeating: "x", count: width))\n".utf8)
        }
    }

    /// Writes `before` encoded lines, copies `copied` (a range of `source`'s lines), writes `after`;
    /// returns the file's bytes and the writer (finished).
    static func write(before: [UInt8], copying range: Range<Int>, lines: Int, of source: String, after: [UInt8],
                      into path: String) throws -> (bytes: [UInt8], writer: NDJSONWriter<String>) {
        let writer = try NDJSONWriter<String>(path: path)
        for line in split(before) { try writer.append(encodedLine: line) }
        let file = try RecordFile(path: source)
        try writer.append(copying: range.count, from: file.descriptor, at: range.lowerBound, lines: lines, sourcePath: source)
        for line in split(after) { try writer.append(encodedLine: line) }
        try writer.finish()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(writer.written == bytes.count, "copied bytes count towards the writeback's offsets")
        return (bytes, writer)
    }

    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
    }

    /// Lines buffered before the copy: none, a few, nearly and more than the writer's 1 MB buffer.
    /// A run of 2 MB (40,000 lines from the middle of the file) is read into the buffer.
    @Test(arguments: [0, 3, 18_000, 30_000])
    func copiedRunLandsBetweenBufferedLines(linesBefore: Int) throws {
        let folder = try TemporaryDirectory()
        let source = Self.lines("old", count: 50_000)
        try Data(source).write(to: folder.url.appendingPathComponent("old.ndjson"))
        let lineLength = source.count / 50_000
        let range = (100 * lineLength)..<(40_100 * lineLength)
        let before = Self.lines("before", count: linesBefore), after = Self.lines("after", count: 5)

        let (bytes, writer) = try Self.write(before: before, copying: range, lines: 40_000, of: folder.path + "/old.ndjson",
                                             after: after, into: folder.path + "/out.ndjson")
        #expect(bytes == before + Array(source[range]) + after)
        #expect(writer.count == linesBefore + 40_000 + 5)
        #expect(writer.kernelCopiedBytes == 0, "a run shorter than kernelCopyMinimum is read")
    }

    /// A run of `kernelCopyMinimum` or more, on the same file system, is copied by the kernel.
    @Test func longRunIsCopiedByTheKernel() throws {
        let folder = try TemporaryDirectory()
        let count = NDJSONWriter<String>.kernelCopyMinimum / 50 + 2_000
        let source = Self.lines("old", count: count)
        let lineLength = source.count / count
        try Data(source).write(to: folder.url.appendingPathComponent("old.ndjson"))
        let range = (1_000 * lineLength)..<((count - 10) * lineLength)
        let before = Self.lines("before", count: 3), after = Self.lines("after", count: 2)

        let (bytes, writer) = try Self.write(before: before, copying: range, lines: count - 1_010, of: folder.path + "/old.ndjson",
                                             after: after, into: folder.path + "/out.ndjson")
        #expect(bytes == before + Array(source[range]) + after)
        #expect(writer.count == 3 + count - 1_010 + 2)
        #expect(writer.kernelCopiedBytes == range.count)
    }

    /// /dev/shm is another file system than the temporary folder (tmpfs, not the disk's).
    static let otherFileSystem: Bool = {
        var shm = stat(), temporary = stat()
        return stat("/dev/shm", &shm) == 0 && stat(FileManager.default.temporaryDirectory.path, &temporary) == 0
            && shm.st_dev != temporary.st_dev && access("/dev/shm", W_OK) == 0
    }()

    @Test(.enabled(if: otherFileSystem, "needs a writable /dev/shm on another file system than the temporary folder"))
    func copyFromAnotherFileSystemIsReadAndWritten() throws {
        let folder = try TemporaryDirectory()
        let source = "/dev/shm/kaartenbak-copy-\(UUID().uuidString).ndjson"
        defer { unlink(source) }
        // Long enough for the kernel to be asked; read in pieces of a megabyte instead.
        let count = NDJSONWriter<String>.kernelCopyMinimum / 50 + 100
        let lines = Self.lines("shm", count: count)
        try Data(lines).write(to: URL(fileURLWithPath: source))
        let (bytes, writer) = try Self.write(before: Self.lines("before", count: 2), copying: 0..<lines.count, lines: count,
                                             of: source, after: Self.lines("after", count: 2), into: folder.path + "/out.ndjson")
        #expect(bytes == Self.lines("before", count: 2) + lines + Self.lines("after", count: 2))
        #expect(writer.count == count + 4)
        #expect(writer.kernelCopiedBytes == 0, "the kernel does not copy across file systems: read and written instead")
    }

    /// A pipe cannot be copied by the kernel nor read at an offset: an error naming the source.
    @Test func copyFromAPipeFailsCleanly() throws {
        let folder = try TemporaryDirectory()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        _ = "line\n".withCString { Glibc.write(ends[1], $0, 5) }
        let writer = try NDJSONWriter<String>(path: folder.path + "/out.ndjson")
        let error = #expect(throws: KaartenbakError.self) {
            try writer.append(copying: 5, from: ends[0], at: 0, lines: 1, sourcePath: "the-pipe")
        }
        #expect(error?.location?.file == "the-pipe")
        #expect(error?.message.contains("read failed") == true, "the fallback was tried: \(String(describing: error))")
    }

    /// Read, and asked of the kernel.
    @Test(arguments: [10_000, NDJSONWriter<String>.kernelCopyMinimum])
    func copyBeyondTheSourceEndFails(count: Int) throws {
        let folder = try TemporaryDirectory()
        try Data(Self.lines("old", count: 10)).write(to: folder.url.appendingPathComponent("old.ndjson"))
        let file = try RecordFile(path: folder.path + "/old.ndjson")
        let writer = try NDJSONWriter<String>(path: folder.path + "/out.ndjson")
        let error = #expect(throws: KaartenbakError.self) {
            try writer.append(copying: count, from: file.descriptor, at: 0, lines: 10, sourcePath: file.path)
        }
        #expect(error?.message.contains("shorter than expected") == true)
        #expect(error?.location?.file == file.path)
    }
}
