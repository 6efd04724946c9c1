import ArgumentParser
import Fetching
import Foundation
import KaartenbakCommands
import KaartenbakCore
import Logging
import LoopbackHTTP
#if canImport(Glibc)
import Glibc
#endif

/// `BenchFetch`: our parallel fetch against `curl --parallel` on the same loopback URLs. A program of its own, not
/// `kaartenbak bench fetch`: its loopback server (LoopbackHTTP, test support: raw sockets, gzip spawned) is kept
/// out of the binary that ships.
@main
struct BenchFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "BenchFetch",
        abstract: "Benchmark parallel fetching against curl --parallel on a loopback server.",
        discussion: """
            Serves --sources files of --megabytes MB each from a loopback HTTP server in this process, \
            fetches them with Kaartenbak's fetcher, then with `curl --parallel --parallel-max N`, and \
            prints the wall time and peak memory of both and their ratio (best of --rounds). \
            Build in release mode for meaningful figures.
            """)

    @Option(help: "Number of loopback sources.")
    var sources = 40

    @Option(help: "Size of each source in megabytes.")
    var megabytes = 5

    @Option(help: "Transfers in flight at once, for both Kaartenbak and curl.")
    var parallel = 8

    @Option(help: "Rounds of each, alternating which goes first; the best wall time counts.")
    var rounds = 5

    @Option(help: "The curl binary to compare against.")
    var curl = "/usr/bin/curl"

    init() {}

    func run() async throws {
        guard sources > 0, megabytes > 0, parallel > 0, rounds > 0 else {
            throw ValidationError("--sources, --megabytes, --parallel and --rounds must be positive")
        }
        let server = try LoopbackServer()
        defer { server.stop() }
        let size = megabytes << 20
        let body = [UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
        let urls = (0..<sources).map { index -> String in
            let path = String(format: "/bench/source-%03d.xml", index)
            server.route(path, .ok(body))
            return server.url(path)
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kaartenbak-bench-\(getpid())").path
        try DurableFiles.makeDirectory(work)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let baseline = ProcessStats.memoryKiB()
        var ours: [Measurement] = []
        var theirs: [Measurement] = []
        var curlPeak = 0
        for round in 1...rounds {
            // Alternate who goes first: the one that follows pays for the other's disk writeback.
            if round % 2 == 1 { ours.append(try await fetchWithKaartenbak(urls, size: size, into: "\(work)/ours-\(round)")) }
            let (measurement, peak) = try await fetchWithCurl(urls, into: "\(work)/curl-\(round)")
            theirs.append(measurement)
            curlPeak = max(curlPeak, peak)
            if round % 2 == 0 { ours.append(try await fetchWithKaartenbak(urls, size: size, into: "\(work)/ours-\(round)")) }
            try? FileManager.default.removeItem(atPath: "\(work)/ours-\(round)")
            try? FileManager.default.removeItem(atPath: "\(work)/curl-\(round)")
        }
        report(ours: ours, theirs: theirs, ourPeak: ProcessStats.memoryKiB(), baseline: baseline, curlPeak: curlPeak)
    }

    /// One timed run. `cpu` is the client's CPU seconds; `serverCPU` what the in-process server used meanwhile.
    struct Measurement {
        var wall: Double
        var cpu: Double
        var serverCPU: Double
    }

    private func fetchWithKaartenbak(_ urls: [String], size: Int, into folder: String) async throws -> Measurement {
        var limits = FetchLimits()
        limits.maxBytes = size + 1
        var logger = Logger(label: "kaartenbak.bench")
        logger.logLevel = .warning
        let requests = urls.enumerated().map { index, url in
            FetchRequest(source: SourceDefinition(name: "bench-\(index)", publisher: .jobBoard, url: url, format: .xml,
                                                  fields: [:], limits: limits),
                         destination: "\(folder)/\(index)")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = ProcessStats.cpuSeconds(RUSAGE_SELF)
        let results = await Fetcher(logger: logger, retryPolicy: .none)
            .fetchAll(requests, maxConcurrent: parallel, maxPerHost: parallel)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Client and server share this process; the server's share is estimated from the curl runs.
        let cpu = ProcessStats.cpuSeconds(RUSAGE_SELF) - cpuStart
        for result in results {
            let metadata = try result.get()
            guard metadata.bytes == size else {
                throw KaartenbakError(.fetch, "expected \(size) bytes, got \(metadata.bytes)", at: Location(file: metadata.url))
            }
        }
        return Measurement(wall: wall, cpu: cpu, serverCPU: 0)
    }

    /// Runs curl under `/usr/bin/time -v` for its peak memory; returns the measurement and peak RSS in kB.
    private func fetchWithCurl(_ urls: [String], into folder: String) async throws -> (Measurement, Int) {
        try DurableFiles.makeDirectory(folder)
        let config = urls.enumerated().map { index, url in "url = \"\(url)\"\noutput = \"\(folder)/\(index)\"\n" }.joined()
        let configPath = folder + ".curlrc"
        try DurableFiles.write(Data(config.utf8), to: configPath)
        let curlArguments = ["--parallel", "--parallel-max", "\(parallel)", "--fail", "--silent", "--show-error",
                             "--config", configPath]
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let (executable, arguments) = timed ? ("/usr/bin/time", ["-v", curl] + curlArguments) : (curl, curlArguments)
        let start = DispatchTime.now().uptimeNanoseconds
        let serverStart = ProcessStats.cpuSeconds(RUSAGE_SELF)
        let childrenStart = ProcessStats.cpuSeconds(RUSAGE_CHILDREN)
        let (status, errorText) = try await Self.runProcess(executable, arguments)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status == 0 else {
            throw KaartenbakError(.fetch, "curl failed with status \(status): \(errorText.suffix(500))")
        }
        let peak = timed ? Self.maximumResidentSize(inTimeOutput: errorText) : Self.childrenPeakKilobytes()
        let measurement = Measurement(wall: wall, cpu: ProcessStats.cpuSeconds(RUSAGE_CHILDREN) - childrenStart,
                                      serverCPU: ProcessStats.cpuSeconds(RUSAGE_SELF) - serverStart)
        return (measurement, peak ?? 0)
    }

    private func report(ours: [Measurement], theirs: [Measurement], ourPeak: Int, baseline: Int, curlPeak: Int) {
        func best(_ runs: [Measurement]) -> Double { runs.map(\.wall).min() ?? 0 }
        func mb(_ kilobytes: Int) -> String { String(format: "%.1f MB", Double(kilobytes) / 1024) }
        func list(_ runs: [Measurement]) -> String { runs.map { String(format: "%.3f", $0.wall) }.joined(separator: ", ") }
        func f(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }
        let serverCPU = medianValue(theirs.map(\.serverCPU))
        let ourCPU = max(0, medianValue(ours.map(\.cpu)) - serverCPU)
        let curlCPU = medianValue(theirs.map(\.cpu))
        print("""
            fetch benchmark: \(sources) sources × \(megabytes) MB over loopback, \(parallel) in parallel, \(rounds) rounds
              kaartenbak: best \(f(best(ours))) s wall (rounds: \(list(ours))); client CPU ≈ \(f(ourCPU)) s (median); \
            peak RSS \(mb(ourPeak)) (\(mb(baseline)) before fetching; includes the in-process server)
              curl:       best \(f(best(theirs))) s wall (rounds: \(list(theirs))); CPU \(f(curlCPU)) s (median); \
            peak RSS \(mb(curlPeak))
              ratio kaartenbak / curl: wall best \(f(best(ours) / max(best(theirs), 1e-9), 2))×, \
            wall median \(f(medianValue(ours.map(\.wall)) / max(medianValue(theirs.map(\.wall)), 1e-9), 2))×, \
            CPU \(f(ourCPU / max(curlCPU, 1e-9), 2))×
              (the server's CPU, \(f(serverCPU)) s per run, is subtracted from Kaartenbak's process CPU)
            """)
    }

    static func maximumResidentSize(inTimeOutput text: String) -> Int? {
        for line in text.split(separator: "\n") where line.contains("Maximum resident set size") {
            return line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        return nil
    }

    /// Peak RSS of the largest waited-for child, in kB (Linux reports ru_maxrss in kB).
    static func childrenPeakKilobytes() -> Int? {
        var usage = rusage()
        return getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage) == 0 ? usage.ru_maxrss : nil
    }

    /// Runs a process on its own thread (it blocks; the loopback server answers it meanwhile), returning its exit
    /// status and standard error.
    static func runProcess(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let child = try ChildProcess.run(executable, arguments, captureOutput: false)
                    return (child.status, child.errorText)
                })
            }.start()
        }
    }
}
