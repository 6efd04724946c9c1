import Foundation
import Testing
import KaartenbakCore
import Fetching
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

/// What later steps and runs read of a step is in fields of its own; manifests written when it rode in notes still read.
@Suite struct ManifestFactsTests {
    @Test func aManifestWrittenWithFactsInNotesReadsThemIntoTheirFields() throws {
        let json = #"""
        {"runId": "r2", "pipelineName": "p", "pipelineFile": "p.yaml", "startedAt": "2026-11-18T01:00:00Z", "status": "partial",
         "info": {}, "steps": [
          {"stage": "fetch", "source": "a", "status": "succeeded", "counts": {}, "notes": {"outcome": "unchanged", "sha256": "ab"}},
          {"stage": "parse", "source": "a", "status": "succeeded", "counts": {},
           "notes": {"incomplete": "cut off", "empty_fields": "'place' (mapped to 'Plaats')", "input_key": "k1", "reused_from": "r0", "encoding": "utf-8"}},
          {"stage": "dedupe", "source": "*", "status": "succeeded", "counts": {},
           "notes": {"reused_state": "r1", "carried.b": "r1", "missing.c": "", "input_key": "k2"}}]}
        """#
        let manifest = try JSONDecoder().decode(RunManifest.self, from: Data(json.utf8))
        let fetch = try #require(manifest.step(.fetch, "a")), parse = try #require(manifest.step(.parse, "a"))
        let dedupe = try #require(manifest.step(.dedupe, "*"))
        #expect(fetch.outcome == .unchanged)
        #expect(fetch.notes == ["sha256": "ab"], "the notes keep what is for people only")
        #expect(parse.incomplete == "cut off" && parse.emptyFields == "'place' (mapped to 'Plaats')")
        #expect(parse.inputKey == "k1" && parse.reusedFrom == "r0" && parse.notes == ["encoding": "utf-8"])
        #expect(dedupe.reusedState == "r1" && dedupe.inputKey == "k2" && dedupe.notes.isEmpty)
        #expect(manifest.keptFrom("b") == "r1" && manifest.hasNoRecords(of: "c") && !manifest.hasNoRecords(of: "b"))
        #expect(manifest.incompleteSources == ["a": "cut off"] && manifest.emptyFieldWarnings == ["a": "'place' (mapped to 'Plaats')"])

        // Written again, the facts are fields, not notes, and read back the same.
        let again = try JSONDecoder().decode(RunManifest.self, from: JSONEncoder().encode(manifest))
        #expect(again.step(.parse, "a") == parse && again.step(.dedupe, "*") == dedupe)
        let written = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(manifest)) as? [String: Any])
        let steps = try #require(written["steps"] as? [[String: Any]])
        #expect(steps[0]["outcome"] as? String == "unchanged" && steps[1]["inputKey"] as? String == "k1")
    }
}
