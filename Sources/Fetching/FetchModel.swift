import Foundation
import KaartenbakCore

/// What to fetch for one source, and where to put it.
public struct FetchRequest: Sendable {
    public var source: SourceDefinition
    /// Set for non-remote sources: the local file to copy into `destination`.
    public var localPath: String?
    /// The folder for this source's payload; created when missing.
    public var destination: String
    /// The last good fetch of this source, for a conditional GET.
    public var previous: FetchMetadata?
    /// The folder holding `previous`'s payload files (the landing folder of the run that fetched
    /// them). Without it no conditional GET is made, since a 304 would leave nothing to reuse.
    public var previousDirectory: String?
    /// Fetch in full even when the server could answer "not modified" (`--refetch`).
    public var force: Bool

    public init(source: SourceDefinition, localPath: String? = nil, destination: String,
                previous: FetchMetadata? = nil, previousDirectory: String? = nil, force: Bool = false) {
        self.source = source
        self.localPath = localPath
        self.destination = destination
        self.previous = previous
        self.previousDirectory = previousDirectory
        self.force = force
    }
}

/// One try at a transfer, as recorded in the run manifest.
public struct FetchAttempt: Codable, Sendable, Hashable {
    /// 1-based.
    public var number: Int
    public var httpStatus: Int?
    /// Why the attempt failed; nil when it succeeded.
    public var error: String?
    public var seconds: Double
    /// Seconds waited before the next attempt, when there was one.
    public var retryDelay: Double?

    public init(number: Int, httpStatus: Int? = nil, error: String? = nil, seconds: Double, retryDelay: Double? = nil) {
        self.number = number
        self.httpStatus = httpStatus
        self.error = error
        self.seconds = seconds
        self.retryDelay = retryDelay
    }
}

/// What a successful fetch stored, written beside the payload by the pipeline.
public struct FetchMetadata: Codable, Sendable, Hashable {
    /// The requested URL (or local path), with any credentials removed.
    public var url: String
    /// Where the payload finally came from after redirects, credentials removed.
    public var finalURL: String
    public var httpStatus: Int?
    public var bytes: Int
    /// Hex SHA-256 of the payload (of all payload files in order, when paged).
    public var sha256: String
    /// ISO 8601, UTC.
    public var startedAt: String
    public var seconds: Double
    public var etag: String?
    public var lastModified: String?
    public var contentType: String?
    public var outcome: FetchOutcome
    /// File names inside the destination folder, in order.
    public var payloadFiles: [String]
    public var attempts: [FetchAttempt]
    /// For a local file: which file it was and when it last changed (device, inode, size, modification
    /// and status-change times in nanoseconds). The next night reuses this payload while they are the
    /// same, as make and rsync judge a file unchanged, without reading it again.
    public var localFile: String?

    public init(url: String, finalURL: String, httpStatus: Int?, bytes: Int, sha256: String, startedAt: String,
                seconds: Double, etag: String?, lastModified: String?, contentType: String?, outcome: FetchOutcome,
                payloadFiles: [String], attempts: [FetchAttempt]) {
        self.url = url
        self.finalURL = finalURL
        self.httpStatus = httpStatus
        self.bytes = bytes
        self.sha256 = sha256
        self.startedAt = startedAt
        self.seconds = seconds
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.outcome = outcome
        self.payloadFiles = payloadFiles
        self.attempts = attempts
    }

}

/// How a source's payload was had (fetch.json's and the manifest's `outcome`).
public enum FetchOutcome: String, Codable, Sendable {
    /// Transferred tonight.
    case fetched
    /// 304 Not Modified, or the same bytes as the previous payload (which is reused, or is the same local file).
    case unchanged
    /// A local file, copied in (another file system than the landing folder's, or a link refused: `LocalCopy`).
    case copied
    /// A local file, landed as a hard link to it (`LocalCopy`).
    case linked
}

/// Attached as the `cause` of a failed fetch's `KaartenbakError`, so the manifest can record
/// every attempt of a source that failed as well.
public struct FetchFailure: Error, Sendable, CustomStringConvertible, QuietCause {
    public var attempts: [FetchAttempt]
    public init(attempts: [FetchAttempt]) { self.attempts = attempts }
    public var description: String { "\(attempts.count) attempt(s)" }
}

/// When and how often a transient failure is tried again.
public struct RetryPolicy: Sendable, Hashable {
    /// Total tries, the first included.
    public var maxAttempts: Int
    /// Delay before the second attempt; doubles for each further one.
    public var baseDelay: Double
    public var maxDelay: Double
    /// Share of each delay that is randomised away (0...1), so failing sources do not retry in step.
    public var jitter: Double
    /// No retry starts later than this many seconds after the first attempt began.
    public var maxTotalTime: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 2, maxDelay: Double = 60, jitter: Double = 0.5,
                maxTotalTime: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.maxTotalTime = maxTotalTime
    }

    public static let `default` = RetryPolicy()
    /// One attempt only.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The backoff before attempt `attempt + 1`, jittered.
    func backoff(after attempt: Int) -> Double {
        let exponential = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        let spread = min(1, max(0, jitter))
        return exponential * (1 - spread * Double.random(in: 0...1))
    }

    /// The delay before attempt `attempt + 1`, or nil when the policy says stop.
    /// A server's Retry-After is a floor; when it does not fit in the remaining budget we stop.
    func delay(after attempt: Int, elapsed: Double, retryAfter: Double?) -> Double? {
        guard attempt < maxAttempts else { return nil }
        let wait = max(backoff(after: attempt), retryAfter ?? 0)
        return elapsed + wait <= maxTotalTime ? wait : nil
    }
}
