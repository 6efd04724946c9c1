import Foundation
import Testing
import KaartenbakCore
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

/// One way to build a source record's member key, and to take it apart.
@Suite struct MemberKeyTests {
    @Test(arguments: [("uwv-werk-nl", "UWV-2026-104339"), ("gemeente", ""), ("a b", "x/y;z"), ("bron", "id\u{1F}met scheiding")])
    func roundTrips(source: String, recordId: String) throws {
        let key = MemberKey.of(source: source, recordId: recordId)
        let parts = try #require(MemberKey.split(key))
        #expect(parts.source == source && parts.recordId == recordId)
    }

    @Test func aStringWithoutTheSeparatorIsNoKey() {
        #expect(MemberKey.split("uwv-werk-nl/UWV-1") == nil)
    }
}
