import Foundation
import KaartenbakCore
#if canImport(Glibc)
import Glibc
#endif

/// The data directory: the published catalogue, the lock, and one folder per run.
///
///     <data dir>/catalogue.sqlite, catalogue.ndjson   the published catalogue and its export (when written)
///     <data dir>/kaartenbak.lock                       held while a run writes
///     <data dir>/runs/<run id>/manifest.json           steps, counts, timings, errors
///     <data dir>/runs/<run id>/catalogue-figures.json  the catalogue's figures as the run published it
///     <data dir>/runs/<run id>/report.html             the run's report
///     <data dir>/runs/<run id>/changed-fields.ndjson   which columns each vacancy the run updated changed
///     <data dir>/runs/<run id>/pipeline.yaml           the definition the run used (pinned)
///     <data dir>/runs/<run id>/overrides.tsv           the classification overrides it used (pinned)
///     <data dir>/runs/<run id>/landing/<source>/       fetched payload and fetch.json
///     <data dir>/runs/<run id>/parsed/<source>.ndjson  raw records; rejects/<source>.ndjson
///     <data dir>/runs/<run id>/normalised/<source>.ndjson
///     <data dir>/runs/<run id>/deduped/entries.ndjson  unified vacancies with ids, those written this run;
///                                                      entries.index lists all (see `EntryIndex`)
///     <data dir>/runs/<run id>/deduped/state.bin       the dedupe state the next night reuses
public struct RunStore: Sendable {
    public let root: String

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    public var runsDirectory: String { root + "/runs" }
    public var cataloguePath: String { root + "/catalogue.sqlite" }
    public var lockPath: String { root + "/kaartenbak.lock" }

    public func directory(of runId: String) -> String { runsDirectory + "/" + runId }
    public func manifestPath(of runId: String) -> String { directory(of: runId) + "/manifest.json" }
    public func landing(_ runId: String, _ source: String) -> String { directory(of: runId) + "/landing/" + source }
    public func parsed(_ runId: String, _ source: String) -> String { directory(of: runId) + "/parsed/\(source).ndjson" }
    public func rejects(_ runId: String, _ source: String) -> String { directory(of: runId) + "/rejects/\(source).ndjson" }
    public func normalised(_ runId: String, _ source: String) -> String { directory(of: runId) + "/normalised/\(source).ndjson" }
    /// The fetch record beside a source's payload (URL, status, bytes, sha256, the payload's file names).
    public func fetchRecord(_ runId: String, _ source: String) -> String { landing(runId, source) + "/fetch.json" }
    public func dedupedFolder(_ runId: String) -> String { directory(of: runId) + "/deduped" }
    public func deduped(_ runId: String) -> String { dedupedFolder(runId) + "/entries.ndjson" }
    public func dedupeState(_ runId: String) -> String { dedupedFolder(runId) + "/state.bin" }
    /// The merges and splits the dedupe step found (published into `identity_events`).
    public func identityEvents(_ runId: String) -> String { dedupedFolder(runId) + "/identity-events.ndjson" }
    /// What the run's publication builds on (`PipelineRunner.publishBaseline`): the catalogue it built a new file
    /// from (a hard link), or the rows a publication in place changed as they were before, or a mark that there
    /// was no catalogue.
    public func baselineCatalogue(_ runId: String) -> String { directory(of: runId) + "/baseline.sqlite" }
    public func baselineUndo(_ runId: String) -> String { directory(of: runId) + "/baseline-undo.sqlite" }
    public func baselineNone(_ runId: String) -> String { directory(of: runId) + "/baseline.none" }
    /// A pinned definition `rerun --with-current-definition` replaced (the `number`th).
    public func replacedPipeline(_ runId: String, _ number: Int) -> String { directory(of: runId) + "/pipeline.replaced-\(number).yaml" }
    public func pinnedPipeline(_ runId: String) -> String { directory(of: runId) + "/pipeline.yaml" }
    /// The catalogue's figures as the run published it (`CatalogueStatistics`), for its report.
    public func catalogueFigures(_ runId: String) -> String { directory(of: runId) + "/catalogue-figures.json" }
    public func report(_ runId: String) -> String { directory(of: runId) + "/report.html" }
    /// Which columns the run's updated vacancies changed (`RunChanges`).
    public func changedFields(_ runId: String) -> String { directory(of: runId) + "/changed-fields.ndjson" }
    /// The classification overrides the run used (a copy of overrides.tsv beside the pipeline file).
    /// The run's pinned definition, read as if it were `file` (local paths resolve against the pipeline file's folder).
    public func pinnedDefinition(_ runId: String, file: String) throws -> PipelineDefinition {
        let path = pinnedPipeline(runId)
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KaartenbakError(.notFound, "run \(runId) has no pinned definition", at: Location(file: path), cause: error)
        }
        return try DefinitionLoader.parse(yaml: text, file: file)
    }

    public func pinnedOverrides(_ runId: String) -> String { directory(of: runId) + "/overrides.tsv" }

    /// A new run id: UTC time and a sequence number, sorting after every existing run (runs are
    /// ordered by id, so two runs in one second must still sort in the order they started).
    /// Callers hold the run lock, so no other process picks an id at the same time.
    public func newRunId(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var stamp = formatter.string(from: now)
        if let newest = runIds().first, String(newest.prefix(stamp.count)) > stamp {
            stamp = String(newest.prefix(stamp.count)) // the clock went back: keep the order
        }
        // After the newest run of this second, not in a gap a pruned run left: "-01" pruned beside a
        // kept "-02" must not be given again, or the new run would sort before the older one.
        var sequence = 1
        if let newest = runIds().first, newest.hasPrefix(stamp + "-"), let last = Int(newest.dropFirst(stamp.count + 1)) {
            sequence = last + 1
        }
        while FileManager.default.fileExists(atPath: directory(of: String(format: "%@-%02d", stamp, sequence))) {
            sequence += 1
        }
        return String(format: "%@-%02d", stamp, sequence)
    }

    /// Saves the run's manifest, replacing the earlier one atomically; `flushed` as `DurableFiles.write`.
    public func saveManifest(_ manifest: RunManifest, flushed: Bool = true) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFiles.write(try encoder.encode(manifest), to: manifestPath(of: manifest.runId), flushed: flushed)
    }

    public func loadManifest(_ runId: String) throws -> RunManifest {
        guard let data = FileManager.default.contents(atPath: manifestPath(of: runId)) else {
            throw KaartenbakError(.notFound, "no run '\(runId)' in \(runsDirectory)")
        }
        do {
            return try JSONDecoder().decode(RunManifest.self, from: data)
        } catch {
            throw KaartenbakError(.io, "unreadable manifest: \(error)", at: Location(file: manifestPath(of: runId)))
        }
    }

    /// Run ids, newest first.
    public func runIds() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsDirectory)) ?? []
        return names.filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: manifestPath(of: $0)) }
            .sorted(by: >)
    }

    /// Resolves "last" and unique prefixes to a run id.
    public func resolve(_ reference: String) throws -> String {
        let ids = runIds()
        if reference == "last" || reference == "latest" {
            guard let last = ids.first else { throw KaartenbakError(.notFound, "there are no runs in \(runsDirectory)") }
            return last
        }
        let matches = ids.filter { $0.hasPrefix(reference) }
        guard matches.count == 1 else {
            throw KaartenbakError(.notFound, matches.isEmpty ? "no run '\(reference)'" : "'\(reference)' matches \(matches.count) runs")
        }
        return matches[0]
    }
}

/// An exclusive lock on the data directory, so two runs never write at once, even without the
/// cron wrapper. flock(2) is released by the kernel when the process dies, so a crash leaves no
/// stale lock. Not Sendable: it is held by the command that took it, for that command's life.
extension RunStore {
    /// Whether a live process holds the data directory's lock (a run is writing now).
    public var isLocked: Bool {
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }

    /// A manifest as it stands: a run recorded as running while no process holds the lock is interrupted.
    public func loadCurrentManifest(_ runId: String) throws -> RunManifest {
        var manifest = try loadManifest(runId)
        if manifest.status == .running, !isLocked { manifest.status = .interrupted }
        return manifest
    }

    /// After a process died mid-run (SIGKILL, power loss): marks its runs interrupted and removes the temporary
    /// files it left (`.<name>.<pid>.tmp` with SQLite's journals beside them, `.part` payloads). Called by a command
    /// that holds the lock, so no other kaartenbak is writing; files of a process that is still alive are left.
    /// Returns what it did, for the log.
    @discardableResult
    public func tidyAfterDeadRuns(except current: String? = nil) -> [String] {
        var done: [String] = []
        for id in runIds() where id != current {
            guard var manifest = try? loadManifest(id), manifest.status == .running else { continue }
            manifest.status = .interrupted
            if (try? saveManifest(manifest)) != nil { done.append("run \(id) marked interrupted") }
        }
        guard let walker = FileManager.default.enumerator(atPath: root) else { return done }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard Self.isLeftover(name) else { continue }
            if let pid = Self.writerPid(name), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }
            if (try? FileManager.default.removeItem(atPath: root + "/" + relative)) != nil { done.append("removed \(relative)") }
        }
        return done
    }

    /// `.catalogue.sqlite.123.tmp`, its `-journal`/`-wal`/`-shm`, `payload.part`.
    static func isLeftover(_ name: String) -> Bool {
        (name.hasPrefix(".") && writerPid(name) != nil) || name.hasSuffix(".part")
    }

    /// The pid in `.<name>.<pid>.tmp[-journal]`.
    static func writerPid(_ name: String) -> pid_t? {
        guard let range = name.range(of: #"\.([0-9]+)\.tmp(-journal|-wal|-shm)?$"#, options: .regularExpression) else { return nil }
        let digits = name[range].dropFirst().prefix { $0.isNumber }
        return pid_t(digits)
    }
}

public final class RunLock {
    private let descriptor: Int32

    /// Takes the lock or throws `.locked` at once.
    public init(path: String) throws {
        try DurableFiles.makeDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw KaartenbakError(.io, "cannot open lock file: \(String(cString: strerror(errno)))", at: Location(file: path))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw KaartenbakError(.locked, "another kaartenbak run holds the lock on this data directory", at: Location(file: path))
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// A run's `changed-fields.ndjson`: one line per vacancy it updated, `{"fields":[...],"vacancy_id":"..."}`.
public enum RunChanges {
    struct Line: Codable {
        var vacancy_id: String
        var fields: [String]
    }

    public static func write(_ fields: [String: [String]], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        for id in fields.keys.sorted() {
            data += try encoder.encode(Line(vacancy_id: id, fields: fields[id]!))
            data.append(0x0A)
        }
        try DurableFiles.write(data, to: path)
    }

    /// Vacancy id → its changed columns; nil when the run recorded none (a run before they were recorded).
    public static func load(from path: String) throws -> [String: [String]]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var result: [String: [String]] = [:]
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            let decoded = try JSONDecoder().decode(Line.self, from: Data(line))
            result[decoded.vacancy_id] = decoded.fields
        }
        return result
    }
}
