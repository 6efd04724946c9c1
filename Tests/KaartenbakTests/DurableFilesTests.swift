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
