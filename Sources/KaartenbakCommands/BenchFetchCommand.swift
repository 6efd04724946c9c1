import ArgumentParser
import Fetching
import Foundation
import KaartenbakCore
import Logging
import LoopbackHTTP
#if canImport(Glibc)
import Glibc
#endif

/// `kaartenbak bench fetch`: our parallel fetch against `curl --parallel` on the same loopback URLs.
public struct BenchFetchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fetch",
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

    @Option(help: "Rounds of each; the best wall time counts.")
    var rounds = 3

    @Option(help: "The curl binary to compare against.")
    var curl = "/usr/bin/curl"

    public init() {}

    public func run() async throws {
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

        let baseline = Self.peakResidentKilobytes()
        var ours: [Double] = []
        var theirs: [Double] = []
        var curlPeak = 0
        for round in 1...rounds {
            ours.append(try await fetchWithKaartenbak(urls, size: size, into: "\(work)/ours-\(round)"))
            try? FileManager.default.removeItem(atPath: "\(work)/ours-\(round)")
            let (seconds, peak) = try await fetchWithCurl(urls, into: "\(work)/curl-\(round)")
            theirs.append(seconds)
            curlPeak = max(curlPeak, peak)
            try? FileManager.default.removeItem(atPath: "\(work)/curl-\(round)")
        }
        let ourPeak = Self.peakResidentKilobytes()
        report(ours: ours, theirs: theirs, ourPeak: ourPeak, baseline: baseline, curlPeak: curlPeak)
    }

    private func fetchWithKaartenbak(_ urls: [String], size: Int, into folder: String) async throws -> Double {
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
        let results = await Fetcher(logger: logger, retryPolicy: .none)
            .fetchAll(requests, maxConcurrent: parallel, maxPerHost: parallel)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        for result in results {
            let metadata = try result.get()
            guard metadata.bytes == size else {
                throw KaartenbakError(.fetch, "expected \(size) bytes, got \(metadata.bytes)", at: Location(file: metadata.url))
            }
        }
        return seconds
    }

    /// Runs curl under `/usr/bin/time -v` for its peak memory; returns wall seconds and peak RSS in kB.
    private func fetchWithCurl(_ urls: [String], into folder: String) async throws -> (Double, Int) {
        try DurableFiles.makeDirectory(folder)
        let config = urls.enumerated().map { index, url in "url = \"\(url)\"\noutput = \"\(folder)/\(index)\"\n" }.joined()
        let configPath = folder + ".curlrc"
        try DurableFiles.write(Data(config.utf8), to: configPath)
        let curlArguments = ["--parallel", "--parallel-max", "\(parallel)", "--fail", "--silent", "--show-error",
                             "--config", configPath]
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let (executable, arguments) = timed ? ("/usr/bin/time", ["-v", curl] + curlArguments) : (curl, curlArguments)
        let start = DispatchTime.now().uptimeNanoseconds
        let (status, errorText) = try await Self.runProcess(executable, arguments)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status == 0 else {
            throw KaartenbakError(.fetch, "curl failed with status \(status): \(errorText.suffix(500))")
        }
        let peak = timed ? Self.maximumResidentSize(inTimeOutput: errorText) : Self.childrenPeakKilobytes()
        return (seconds, peak ?? 0)
    }

    private func report(ours: [Double], theirs: [Double], ourPeak: Int, baseline: Int, curlPeak: Int) {
        let bestOurs = ours.min() ?? 0
        let bestTheirs = theirs.min() ?? 0
        func mb(_ kilobytes: Int) -> String { String(format: "%.1f MB", Double(kilobytes) / 1024) }
        func list(_ values: [Double]) -> String { values.map { String(format: "%.3f", $0) }.joined(separator: ", ") }
        print("""
            fetch benchmark: \(sources) sources × \(megabytes) MB over loopback, \(parallel) in parallel, best of \(rounds)
              kaartenbak: \(String(format: "%.3f", bestOurs)) s wall (rounds: \(list(ours))); \
            peak RSS \(mb(ourPeak)) (\(mb(baseline)) before fetching, incl. the in-process server and its \(megabytes) MB body)
              curl:       \(String(format: "%.3f", bestTheirs)) s wall (rounds: \(list(theirs))); peak RSS \(mb(curlPeak))
              ratio kaartenbak / curl wall time: \(String(format: "%.2f", bestTheirs > 0 ? bestOurs / bestTheirs : 0))×
            """)
    }

    /// VmHWM of this process, in kB.
    static func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
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

    /// Runs a process on its own thread (it blocks), returning its exit status and standard error.
    static func runProcess(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    let errors = Pipe()
                    process.standardError = errors
                    try process.run()
                    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, text))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }
}
