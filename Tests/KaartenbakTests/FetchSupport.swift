import Foundation
import Logging
@testable import Fetching
import KaartenbakCore
import LoopbackHTTP

/// Shared pieces of the fetch tests: small limits, scratch folders, a quiet logger.
enum FetchTestSupport {
    static let quietLogger = Logger(label: "kaartenbak.fetch.tests") { _ in SwiftLogNoOpLogHandler() }

    /// Limits small enough that every failure case ends within a couple of seconds.
    static func limits(maxBytes: Int = 1 << 20, timeout: Double = 5, lowSpeedBytes: Int = 1,
                       lowSpeedTime: Double = 5, maxRedirects: Int = 3) -> FetchLimits {
        var limits = FetchLimits()
        limits.maxBytes = maxBytes
        limits.connectTimeout = 2
        limits.timeout = timeout
        limits.lowSpeedBytes = lowSpeedBytes
        limits.lowSpeedTime = lowSpeedTime
        limits.maxRedirects = maxRedirects
        return limits
    }

    /// Retries without real waiting.
    static let quickRetries = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05, jitter: 0.5, maxTotalTime: 10)

    static func fetcher(retries: RetryPolicy = .none, environment: [String: String] = [:]) -> Fetcher {
        Fetcher(logger: quietLogger, retryPolicy: retries, environment: environment)
    }

    static func source(_ url: String, limits: FetchLimits = limits(), headers: [String: String] = [:]) -> SourceDefinition {
        SourceDefinition(name: "test-source", publisher: .employer, url: url, format: .xml, fields: [:],
                         limits: limits, headers: headers)
    }

    /// A fresh empty folder inside one folder per test process, which is removed when the process exits
    /// (fetch tests pass paths around, so no single test owns the folder's lifetime).
    static func scratchFolder() throws -> String {
        let path = (scratchRoot.path as NSString).appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static let scratchRoot: TemporaryDirectory = {
        // Force-unwrapped: without a writable temporary directory no fetch test can run at all.
        let root = try! TemporaryDirectory()
        atexit { FetchTestSupport.removeScratchRoot() }
        return root
    }()

    private static func removeScratchRoot() {
        try? FileManager.default.removeItem(at: scratchRoot.url)
    }

    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func payload(in folder: String) -> [UInt8]? {
        FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(Fetcher.payloadName)).map(Array.init)
    }

    /// Runs a fetch expected to fail and returns its error.
    static func failure(_ fetcher: Fetcher, _ request: FetchRequest) -> KaartenbakError? {
        do {
            _ = try fetcher.fetch(request)
            return nil
        } catch let error as KaartenbakError {
            return error
        } catch {
            return KaartenbakError(.io, "unexpected error type: \(error)")
        }
    }

    static func attempts(of error: KaartenbakError?) -> [FetchAttempt] {
        (error?.cause as? FetchFailure)?.attempts ?? []
    }
}
