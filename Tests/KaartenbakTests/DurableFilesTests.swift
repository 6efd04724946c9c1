import Foundation
import Testing
@testable import KaartenbakCore

/// `DurableFiles.write` replaces a file whole, flushed or not: a reader never sees a mix, and no temporary is left.
@Suite struct DurableFilesTests {
    @Test(arguments: [true, false])
    func writeReplacesTheFileWholeAndLeavesNoTemporary(flushed: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/manifest.json"
        try DurableFiles.write(Data(String(repeating: "old ", count: 1000).utf8), to: path, flushed: flushed)
        try DurableFiles.write(Data("new".utf8), to: path, flushed: flushed)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["manifest.json"])
    }
}

/// A mapped file's pages given back (`release`) are read again from the file: the bytes stay what the file holds,
/// whichever parts were released and in which order.
@Suite struct MappedFileReleaseTests {
    @Test(arguments: [[0..<8192], [4096..<20_000, 0..<100], [1..<4095], [0..<40_000, 0..<40_000]])
    func releasedPagesReadTheFileAgain(ranges: [Range<Int>]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/state.bin"
        let content = (0..<30_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try Data(content).write(to: URL(fileURLWithPath: path))
        let file = try MappedFile(path: path)
        #expect(file.bytes.elementsEqual(content))
        for range in ranges { file.release(range) }
        #expect(file.bytes.elementsEqual(content))
    }
}
