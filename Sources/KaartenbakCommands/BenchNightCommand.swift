import ArgumentParser
import DedupeTooling
import Deduplication
import Foundation
import KaartenbakCore
import Pipeline
#if canImport(Glibc)
import Glibc
#endif

/// `kaartenbak bench night`: the whole night as cron runs it, timed from outside.
///
/// Writes generated raw feeds for two nights (streamed: the generator's memory does not grow with
/// N), then for each of --runs rounds, in a fresh data directory, runs the real `kaartenbak run` as
/// a child process three times: a full night on night one's feeds, the next night on feeds where
/// --changed of the records changed, and the same feeds again (nothing changed). Each night's wall
/// and CPU time and peak RSS are the child's own (wait4), so they include everything the user
/// waits for: start-up, reading the definition, every stage, publishing. Per stage, the run's
/// manifest gives each stage's span (first step started to last step ended). The floors beside
/// it are `cat` over the same feeds (reading the bytes) and `xmllint --stream --noout` over the
/// XML feeds (a streaming parse in C).
struct BenchNightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "night",
        abstract: "Benchmark whole nights of `kaartenbak run` on generated raw feeds (use a release build).",
        discussion: """
        Prints, per night (full, changed, unchanged), the median and min-max over --runs of wall time, \
        CPU time, peak RSS (VmHWM of the child) and records/s, the stages' spans from the run's manifest, \
        and the full night's ratio to `cat` and to `xmllint --stream --noout` over the same feeds.
        """)

    @Option(help: "Source records in the full night.") var records: Int = 100_000
    @Option(help: "Share of records changed in the next night (a third removed, a third edited, as many added).")
    var changed: Double = 0.05
    @Option(help: "Rounds of the three nights; medians are over these.") var runs: Int = 3
    @Option(help: "Number of sources (feeds), XML, CSV and JSON in turn.") var sources: Int = 40
    @Option(help: "Random seed of the generated market.") var seed: UInt64 = 7
    @Option(help: "Working folder (feeds, data directories, logs); default a new folder under /var/tmp.")
    var dir: String?
    @Flag(help: "Keep the working folder (feeds and the last round's data directory).") var keep = false

    func validate() throws {
        guard records >= 100 else { throw ValidationError("--records must be at least 100") }
        guard (0...0.9).contains(changed) else { throw ValidationError("--changed must be within 0...0.9") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard sources >= 2 else { throw ValidationError("--sources must be at least 2") }
    }

    func run() throws {
        let work = dir ?? "/var/tmp/kaartenbak-bench-night-\(getpid())"
        try DurableFiles.makeDirectory(work)
        defer { if !keep { try? FileManager.default.removeItem(atPath: work) } }
        var settings = SyntheticVacancies.Settings()
        settings.sources = sources
        settings.seed = seed
        let nights = SyntheticNights(settings: settings, records: records)

        let generated = Date()
        let first = try nights.write(to: work + "/night-1")
        let next = try nights.write(to: work + "/night-2", changed: changed)
        let feedBytes = first.bytes.values.reduce(0, +)
        say(String(format: "feeds: night 1 %d records (%.0f MB: xml %.0f, csv %.0f, json %.0f), night 2 %d records (%d removed, %d edited, %d added); written in %.1f s",
                     first.records, Double(feedBytes) / 1e6, Double(first.bytes[.xml] ?? 0) / 1e6,
                     Double(first.bytes[.csv] ?? 0) / 1e6, Double(first.bytes[.json] ?? 0) / 1e6,
                     next.records, next.removed, next.edited, next.added, Date().timeIntervalSince(generated)))

        let executable = try Self.ownExecutable()
        func feedFiles(_ night: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: work + "/\(night)/feeds").sorted().map { work + "/\(night)/feeds/" + $0 }
        }
        let feeds = try feedFiles("night-1"), nextFeeds = try feedFiles("night-2")
        let xmllintPath = "/usr/bin/xmllint"
        let hasXmllint = FileManager.default.isExecutableFile(atPath: xmllintPath)
        if !hasXmllint { say("xmllint not found at \(xmllintPath) (Debian: libxml2-utils): the XML floor is left out") }
        let xmlFeeds = hasXmllint ? feeds.filter { $0.hasSuffix(".xml") } : []
        let log = work + "/children.log"
        let loadBefore = ProcessStats.loadAverage()

        var cat: [ChildMeasure] = [], xmllint: [ChildMeasure] = []
        var measured: [Night: [NightMeasure]] = [:]
        /// The machine's free memory before each night, MiB (`ProcessStats.freeMemoryKiB`).
        var freeBefore: [Double] = []
        for round in 1...runs {
            Self.dropWrites()
            cat.append(try ChildMeasure.run(["/bin/cat"] + feeds, log: log, discardOutput: true))
            if !xmlFeeds.isEmpty {
                xmllint.append(try ChildMeasure.run([xmllintPath, "--stream", "--noout"] + xmlFeeds, log: log))
            }
            let data = work + "/data"
            try? FileManager.default.removeItem(atPath: data)
            for night in Night.allCases {
                let pipeline = night == .full ? first.pipeline : next.pipeline
                // Every night starts with its feeds in the page cache, as the floors do. Night two's feeds are
                // written before the full night, which can push part of them out of the cache (2026-12-07, a full 1M
                // night on a full cache: 1,683 of night two's 1,978 MB still cached after it), and the changed night
                // alone then read from the disk (the fetch stage of night two's 1M feeds alone: 4.0-7.5 s with none
                // cached, 2.0-2.5 s all cached): a cost of the disk and of the bench's order, not of the night.
                _ = try ChildMeasure.run(["/bin/cat"] + (night == .full ? feeds : nextFeeds), log: log, discardOutput: true)
                Self.dropWrites()
                let freeMiB = ProcessStats.freeMemoryKiB() / 1024
                freeBefore.append(Double(freeMiB))
                let child = try ChildMeasure.run([executable, "run", "--pipeline", pipeline, "--data-dir", data], log: log)
                guard child.status == 0 else {
                    throw KaartenbakError(.io, "round \(round), \(night.rawValue) night: `kaartenbak run` exited \(child.status); see \(log)")
                }
                let store = RunStore(root: data)
                guard let runId = store.runIds().first else { throw KaartenbakError(.io, "no run in \(data)") }
                let manifest = try store.loadManifest(runId)
                let result = NightMeasure(child: child, manifest: manifest)
                measured[night, default: []].append(result)
                say(String(format: "round %d %@ night: %.2f s wall, %.2f s CPU (%.2f system), %d MiB peak, %d records; %d MiB free before",
                             round, night.rawValue, child.wall, child.cpu, child.system, child.peakKiB / 1024, result.records, freeMiB))
            }
        }
        let loadAfter = ProcessStats.loadAverage()

        print("")
        print("kaartenbak bench night --records \(records) --changed \(changed) --runs \(runs) --sources \(sources) --seed \(seed)")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadBefore) before, \(loadAfter) after, "
              + "free memory before each night \(Spread(freeBefore, decimals: 0)) MiB; medians of \(runs) (min-max)")
        print("")
        print("| night | records | wall s | CPU s | of which system s | peak RSS MiB | records/s |")
        print("| --- | ---: | --- | --- | --- | --- | ---: |")
        for night in Night.allCases {
            let all = measured[night] ?? []
            let records = all.first?.records ?? 0
            let wall = Spread(all.map(\.child.wall))
            print("| \(night.rawValue) | \(records) | \(wall) | \(Spread(all.map(\.child.cpu))) | \(Spread(all.map(\.child.system))) | "
                  + "\(Spread(all.map { Double($0.child.peakKiB) / 1024 }, decimals: 0)) | "
                  + "\(Int((Double(records) / max(wall.median, 1e-9)).rounded())) |")
        }
        print("")
        print("Stages (span from the first step's start to the last step's end, from the run's manifest), wall s; "
              + "a source's parse and normalise run in one pass, so the parse steps hold the normalising and the spans overlap:")
        print("")
        print("| night | " + Stage.allCases.map(\.rawValue).joined(separator: " | ") + " |")
        print("| --- |" + String(repeating: " --- |", count: Stage.allCases.count))
        for night in Night.allCases {
            let all = measured[night] ?? []
            print("| \(night.rawValue) | " + Stage.allCases.map { stage in
                "\(Spread(all.map { $0.stageSpans[stage] ?? 0 }))"
            }.joined(separator: " | ") + " |")
        }
        print("")
        let full = Spread((measured[.full] ?? []).map(\.child.wall)).median
        let catWall = Spread(cat.map(\.wall))
        print("Floors over night one's feeds (\(String(format: "%.0f", Double(feedBytes) / 1e6)) MB):")
        print("- cat, all feeds: \(catWall) s; the full night takes \(String(format: "%.1f", full / max(catWall.median, 1e-9)))x as long")
        if !xmllint.isEmpty {
            let lint = Spread(xmllint.map(\.wall))
            let xmlMB = Double(first.bytes[.xml] ?? 0) / 1e6
            print("- xmllint --stream --noout, the \(xmlFeeds.count) XML feeds (\(String(format: "%.0f", xmlMB)) MB): \(lint) s; "
                  + "the full night takes \(String(format: "%.1f", full / max(lint.median, 1e-9)))x as long")
        }
        if keep { print("\nkept \(work)") }
    }

    /// A line of progress, written at once also when the output goes to a file or a pipe.
    func say(_ line: String) {
        // print's stdout is block-buffered into a file: the whole line goes out by itself instead.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    enum Night: String, CaseIterable {
        case full, changed, unchanged
    }

    /// One night: the child's figures and what its manifest says.
    struct NightMeasure {
        var child: ChildMeasure
        var records: Int
        var stageSpans: [Stage: Double]

        init(child: ChildMeasure, manifest: RunManifest) {
            self.child = child
            records = manifest.steps.filter { $0.stage == .parse }.reduce(0) { $0 + ($1.counts["records"] ?? 0) }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            var spans: [Stage: (start: Date, end: Date)] = [:]
            for step in manifest.steps {
                guard let started = step.startedAt.flatMap(formatter.date(from:)), let seconds = step.seconds else { continue }
                let end = started.addingTimeInterval(seconds)
                let span = spans[step.stage] ?? (started, end)
                spans[step.stage] = (min(span.start, started), max(span.end, end))
            }
            stageSpans = spans.mapValues { $0.end.timeIntervalSince($0.start) }
        }
    }

    /// Writes dirty pages out before a timed run, so that no run pays for the last one's writeback.
    static func dropWrites() { sync() }

    /// This program's own file, to run as the child.
    static func ownExecutable() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return path
    }
}

/// A child process's figures as the kernel accounts them.
struct ChildMeasure {
    var wall: Double
    /// User plus system CPU seconds.
    var cpu: Double
    /// Of `cpu`, the system's: the kernel's work for the child, which on a virtual machine that hands free memory back
    /// to its host includes giving it each page again (docs/night.md).
    var system: Double
    /// Peak resident set (ru_maxrss), KiB.
    var peakKiB: Int
    var status: Int32

    /// Runs `arguments` (an absolute path first) with stdout and stderr appended to `log` (stdout to
    /// /dev/null with `discardOutput`), and waits for it. posix_spawn and wait4 rather than Foundation's
    /// `Process`: wait4 returns the child's own rusage (CPU and peak RSS), which `Process` does not give.
    static func run(_ arguments: [String], log: String, discardOutput: Bool = false) throws -> ChildMeasure {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, discardOutput ? "/dev/null" : log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let start = DispatchTime.now()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw KaartenbakError(.io, "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw KaartenbakError(.io, "wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let exited = status & 0x7F == 0
        return ChildMeasure(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                            system: seconds(usage.ru_stime), peakKiB: usage.ru_maxrss,
                            status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
    }
}

/// Median with minimum and maximum, printed "12.3 (11.9-13.0)".
struct Spread: CustomStringConvertible {
    var median: Double
    var min: Double
    var max: Double
    var decimals: Int

    init(_ values: [Double], decimals: Int = 2) {
        median = medianValue(values)
        min = values.min() ?? 0
        max = values.max() ?? 0
        self.decimals = decimals
    }

    var description: String {
        let format = "%.\(decimals)f"
        return String(format: format, median) + " (" + String(format: format, min) + "-" + String(format: format, max) + ")"
    }
}
