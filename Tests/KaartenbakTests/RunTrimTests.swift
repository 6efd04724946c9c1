import Foundation
import GRDB
import Testing
import Pipeline

/// What a night keeps on disk once it has published (README, "What a night keeps"), through the real binary.
@Suite("What a night keeps", .serialized)
struct RunTrimTests {
    struct Night {
        let folder: TemporaryDirectory
        let feeds: URL
        let pipeline: String
        var data: String { folder.path + "/data" }
        var store: RunStore { RunStore(root: data) }

        init() throws {
            folder = try TemporaryDirectory()
            feeds = folder.url.appendingPathComponent("feeds")
            try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("feeds"), to: feeds)
            pipeline = try writeBundledPipeline(into: folder, feeds: feeds.path)
        }

        func run(_ extra: [String] = []) throws -> CLIResult {
            try CLI.run(["run", "--pipeline", pipeline, "--data-dir", data] + extra)
        }

        func runs() throws -> [String] { store.runIds().reversed() }

        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

        func contentDigest() throws -> String {
            try DatabaseQueue(path: data + "/catalogue.sqlite").read {
                try String.fetchOne($0, sql: "SELECT value FROM catalogue_info WHERE key = 'content_sha256'") ?? ""
            }
        }
    }

    static let sources = ["uwv-werk-nl", "flexpoint-uitzend", "vacaturebank-brabant", "gemeente-breda"]

    @Test func aPublishedNightKeepsWhatRerunsAndTheNextNightRead() throws {
        let night = try Night()
        let first = try night.run()
        #expect(first.status == 0, "\(first.stderr)")
        let one = try night.runs()[0]
        let store = night.store
        for source in Self.sources {
            #expect(!night.exists(store.parsed(one, source)), "parse records go")
            #expect(night.exists(store.rejects(one, source)), "rejects stay (the report reads them)")
            #expect(night.exists(store.normalised(one, source)), "the next night reads the normalised records")
            #expect(night.exists(store.normalised(one, source) + ".memory"))
            #expect(night.exists(store.landing(one, source) + "/fetch.json"))
        }
        #expect(night.exists(store.dedupeState(one)) && night.exists(store.deduped(one)))
        // Parse and normalise ran in one pass: no parse records were written, and the status says so.
        #expect(try CLI.run(["status", one, "--data-dir", night.data]).stdout.contains("files: it normalised as it parsed and kept no parse records"))

        // A rerun of the published night reads its payloads again and publishes the same catalogue.
        let digest = try night.contentDigest()
        let rerun = try CLI.run(["rerun", one, "--stage", "normalise", "--data-dir", night.data])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("its parse records were not kept; reading the payload again"))
        #expect(try night.contentDigest() == digest)

        // Night two: the feeds did not change; parse is taken over without its records, normalise from night one.
        let second = try night.run()
        #expect(second.status == 0, "\(second.stderr)")
        let two = try night.runs()[1]
        let manifest = try store.loadManifest(two)
        #expect(manifest.step(.parse, "gemeente-breda")?.reusedFrom == one)
        #expect(manifest.step(.normalise, "gemeente-breda")?.reusedFrom == one)
        #expect(try night.contentDigest() == digest)
        // Night one is history now: its manifest, report, rejects and fetch records stay; its bulk goes. Its payloads
        // are links to the feeds' files, unchanged: they take no space and stay, so that removing them does not move the
        // files' status-change times, and the identity night two recorded is still each file's: night three links the
        // payload without reading the feed.
        for source in Self.sources {
            #expect(!night.exists(store.normalised(one, source)))
            #expect(night.exists(store.rejects(one, source)))
            #expect(night.exists(store.landing(one, source) + "/fetch.json"))
            let payloads = try FileManager.default.contentsOfDirectory(atPath: store.landing(one, source)).filter { $0 != "fetch.json" }
            #expect(payloads == ["payload"], "\(source): \(payloads)")
            let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.fetchRecord(two, source)))) as? [String: Any]
            let feed = try #require(recorded?["finalURL"] as? String)
            #expect(try Self.identity(feed) == recorded?["localFile"] as? String, "\(source)")
            #expect(try Self.identity(feed).split(separator: ":")[1] == Self.identity(store.landing(one, source) + "/payload").split(separator: ":")[1])
        }
        #expect(!night.exists(store.dedupeState(one)))
        #expect(night.exists(store.manifestPath(of: one)) && night.exists(store.report(one)))
        let refused = try CLI.run(["rerun", one, "--data-dir", night.data])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("run \(one) cannot be rerun: run \(two) has published since"), "\(refused.stderr)")
        #expect(try CLI.run(["report", one, "--data-dir", night.data]).status == 0, "an old night's report can still be written")
        // A feed replaced by a new file: night one's link to the old one goes once a night has read the new one.
        let replaced = night.feeds.appendingPathComponent("uwv-hropen.xml")
        let bytes = try Data(contentsOf: replaced)
        try FileManager.default.removeItem(at: replaced)
        try bytes.write(to: replaced)
        let third = try night.run()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(!night.exists(store.landing(one, "uwv-werk-nl") + "/payload"))
        #expect(!night.exists(store.landing(two, "uwv-werk-nl") + "/payload"))
        #expect(night.exists(store.landing(one, "gemeente-breda") + "/payload"))
    }

    /// "dev:ino:size:mtime:ctime" of a file, as fetch records a local feed's (`FetchMetadata.localFile`).
    static func identity(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileNoSuchFile) }
        let modified = UInt64(info.st_mtim.tv_sec) * 1_000_000_000 + UInt64(info.st_mtim.tv_nsec)
        let changed = UInt64(info.st_ctim.tv_sec) * 1_000_000_000 + UInt64(info.st_ctim.tv_nsec)
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified):\(changed)"
    }

    @Test func aFailedSourceKeepsItsLastGoodFilesUntilItIsReadAgain() throws {
        let night = try Night()
        #expect(try night.run().status == 0)
        let one = try night.runs()[0]
        // Night two: the municipality's file is gone; its vacancies are carried from night one.
        let csv = night.feeds.appendingPathComponent("gemeente-breda.csv")
        let kept = try Data(contentsOf: csv)
        try FileManager.default.removeItem(at: csv)
        #expect(try night.run().status == 3)
        let store = night.store
        // The dedupe step records where a failed source's records came from in a field of its own, not in a note.
        let two = try #require(store.runIds().first)
        let dedupe = try #require(try store.loadManifest(two).step(.dedupe, "*"))
        #expect(dedupe.carried == ["gemeente-breda": one])
        #expect(!dedupe.notes.keys.contains { $0.hasPrefix("carried.") })
        #expect(night.exists(store.normalised(one, "gemeente-breda")), "the failed source's last good records stay")
        #expect(night.exists(store.normalised(one, "gemeente-breda") + ".memory"))
        #expect(!night.exists(store.normalised(one, "uwv-werk-nl")), "a source read well tonight needs nothing of night one")
        // Night three reads it again and still finds its vacancies' ids.
        try kept.write(to: csv)
        #expect(try night.run().status == 0)
        #expect(!night.exists(store.normalised(one, "gemeente-breda")))
        let open = try DatabaseQueue(path: night.data + "/catalogue.sqlite").read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM vacancy_sources s JOIN vacancies v ON v.id = s.vacancy_id WHERE s.source = 'gemeente-breda' AND v.status = 'open'") ?? 0
        }
        #expect(open > 0)
    }

    /// A night normalises each source as it parses it, with no parse records between: the normalised records, the
    /// steps' counts and the catalogue are those of two passes (`--keep-intermediate` keeps the parse records, so
    /// it parses into them first and normalises from them).
    @Test func onePassNormalisesAsTwoPassesDo() throws {
        let onePass = try Night(), twoPasses = try Night()
        #expect(try onePass.run().status == 0)
        #expect(try twoPasses.run(["--keep-intermediate"]).status == 0)
        let (one, two) = (try onePass.runs()[0], try twoPasses.runs()[0])
        let (oneManifest, twoManifest) = (try onePass.store.loadManifest(one), try twoPasses.store.loadManifest(two))
        for source in Self.sources {
            #expect(!onePass.exists(onePass.store.parsed(one, source)) && twoPasses.exists(twoPasses.store.parsed(two, source)))
            let normalised = { (night: Night, run: String) in try Data(contentsOf: URL(fileURLWithPath: night.store.normalised(run, source))) }
            #expect(try normalised(onePass, one) == normalised(twoPasses, two), "\(source)")
            #expect(oneManifest.step(.normalise, source)?.counts == twoManifest.step(.normalise, source)?.counts)
            #expect(oneManifest.step(.parse, source)?.counts == twoManifest.step(.parse, source)?.counts)
            #expect(oneManifest.step(.normalise, source)?.notes[StepRecord.onePassNote] != nil)
            #expect(twoManifest.step(.normalise, source)?.notes[StepRecord.onePassNote] == nil)
        }
        #expect(try onePass.contentDigest() == twoPasses.contentDigest())
    }

    @Test func keepIntermediateKeepsEverything() throws {
        let night = try Night()
        #expect(try night.run(["--keep-intermediate"]).status == 0)
        #expect(try night.run(["--keep-intermediate"]).status == 0)
        let runs = try night.runs()
        for run in runs {
            for source in Self.sources { #expect(night.exists(night.store.parsed(run, source))) }
        }
        #expect(night.exists(night.store.dedupeState(runs[0])))
    }
}
