import Fetching
import Foundation
import KaartenbakCore
import Deduplication
#if canImport(Glibc)
import Glibc
#endif

/// Once a run has published, the files no later step can read are removed (README, "What a night keeps"). A night
/// of 200,000 records wrote 2.1 GB for 377 MB of feeds, and every kept night held as much.
///
/// The run that published keeps what a rerun of it and the next night read: its payloads (a rerun parses them
/// again; the next night's conditional fetch compares with them), its normalised files and their memory (the next
/// night reuses them, and carries a failed source's vacancies from them), its dedupe output and state (the next
/// night builds on them) and its baseline (a rerun publishes from it). Its parse output goes: a rerun or a later
/// night that needs the records reads the payload again (`PipelineRunner`), and a night whose feed did not change
/// takes over the normalised output without reading the records at all.
///
/// Earlier runs can no longer be rerun (publishing them would roll the catalogue back), so they lose their
/// parse, dedupe and baseline files, and, for each source this run read well, their payload and normalised files.
/// What a source that failed tonight still needs stays: its last good normalised file (its vacancies are carried
/// from it) and its last payload (a conditional fetch may answer "not modified" against it). Manifests, reports,
/// rejects, fetch records and pinned definitions always stay, and so does a local feed's payload that is a link to the
/// feed's file as it is now (`isLinkToCurrentFeed`); `prune` removes whole folders.
public struct RunTrimmer: Sendable {
    public let store: RunStore

    public init(store: RunStore) {
        self.store = store
    }

    public struct Summary: Sendable, Equatable {
        public var files = 0
        /// Bytes given back (files whose last link went).
        public var bytes: Int64 = 0
    }

    /// Trims `runId` (which has published) and the runs before it; `sources` are the pipeline's.
    @discardableResult
    public func trim(after runId: String, sources: [String]) throws -> Summary {
        var manifest = try store.loadManifest(runId)
        guard manifest.step(.publish, "*")?.status == .succeeded else { return Summary() }
        var summary = Summary()
        /// Sources this run read well: nothing earlier of theirs is needed any more.
        let readWell = sources.filter { source in
            [Stage.fetch, .parse, .normalise].allSatisfy { manifest.step($0, source)?.status == .succeeded }
        }
        for source in sources where manifest.step(.normalise, source)?.status == .succeeded {
            remove(store.parsed(runId, source), &summary)
        }
        if summary.files > 0 {
            manifest.trimmedAfter = runId
            try store.saveManifest(manifest)
        }
        for earlier in store.runIds() where earlier < runId {
            var removed = Summary()
            for source in sources {
                remove(store.parsed(earlier, source), &removed)
                guard readWell.contains(source) else { continue }
                let normalised = store.normalised(earlier, source)
                // Its index and the files it links (`NormalisedLines`): a later night that refers to them has its own links.
                for name in NormalisedLines.allBeside(output: normalised) {
                    remove(URL(fileURLWithPath: normalised).deletingLastPathComponent().path + "/" + name, &removed)
                }
                remove(normalised, &removed)
                remove(NormalisedMemory.path(forOutput: normalised), &removed)
                let landing = store.landing(earlier, source)
                let record = URL(fileURLWithPath: store.fetchRecord(earlier, source)).lastPathComponent
                for name in (try? FileManager.default.contentsOfDirectory(atPath: landing)) ?? [] where name != record {
                    if isLinkToCurrentFeed(landing + "/" + name, fetchRecord: store.fetchRecord(earlier, source)) { continue }
                    remove(landing + "/" + name, &removed)
                }
            }
            if manifest.step(.dedupe, "*")?.status == .succeeded {
                let deduped = store.dedupedFolder(earlier)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: deduped)) ?? [] { remove(deduped + "/" + name, &removed) }
                try? FileManager.default.removeItem(atPath: deduped)
            }
            for path in [store.baselineCatalogue(earlier), store.baselineUndo(earlier), store.baselineUndo(earlier) + "-journal"] {
                remove(path, &removed)
            }
            guard removed.files > 0 else { continue }
            summary.files += removed.files
            summary.bytes += removed.bytes
            if var old = try? store.loadManifest(earlier), old.trimmedAfter == nil || old.trimmedAfter! < runId {
                old.trimmedAfter = runId
                try? store.saveManifest(old)
            }
        }
        return summary
    }

    /// A local feed's payload that is a hard link to the feed's file as it is now (`LocalCopy`) stays: it takes no
    /// space, and removing a link moves the file's status-change time, which would make the next night read the
    /// whole feed to know it unchanged (the file's identity no longer the one recorded).
    private func isLinkToCurrentFeed(_ path: String, fetchRecord: String) -> Bool {
        var payload = stat(), feed = stat()
        guard lstat(path, &payload) == 0, payload.st_nlink > 1,
              let data = FileManager.default.contents(atPath: fetchRecord),
              let meta = try? JSONDecoder().decode(FetchMetadata.self, from: data), meta.localFile != nil,
              stat(meta.finalURL, &feed) == 0 else { return false }
        return payload.st_dev == feed.st_dev && payload.st_ino == feed.st_ino
    }

    private func remove(_ path: String, _ summary: inout Summary) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard unlink(path) == 0 else { return }
        summary.files += 1
        if info.st_nlink <= 1 { summary.bytes += Int64(info.st_size) }
    }
}
