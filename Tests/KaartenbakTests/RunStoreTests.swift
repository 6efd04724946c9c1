import Foundation
import Testing
import Pipeline

/// Run ids sort in the order runs started, also within one second and after older runs were pruned.
@Suite struct RunStoreTests {
    @Test func newRunIdSortsAfterEveryRunOfItsSecond() throws {
        let data = try TemporaryDirectory()
        let store = RunStore(root: data.path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var made: [String] = []
        for _ in 0..<3 {
            let id = store.newRunId(now: now)
            // A run is a folder with a manifest (what `runIds` lists).
            try FileManager.default.createDirectory(atPath: store.directory(of: id), withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: store.manifestPath(of: id), contents: Data("{}".utf8)))
            made.append(id)
        }
        #expect(made == made.sorted() && Set(made).count == 3)
        // The first two pruned: the next run still sorts after the kept one.
        for id in made.prefix(2) { try FileManager.default.removeItem(atPath: store.directory(of: id)) }
        #expect(store.newRunId(now: now) > made[2])
    }
}
