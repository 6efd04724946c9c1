import Foundation

/// What the server does for a request to a route. Bodies are bytes; large bodies are generated.
public enum Behaviour: Sendable {
    /// A complete response. With `etag` or `lastModified` set, a matching If-None-Match or
    /// If-Modified-Since gets 304 Not Modified instead.
    case respond(Response)
    /// Read the request, then send nothing for this long (or until the client hangs up).
    case stall(seconds: Double)
    /// Send headers with the right Content-Length, then the body at this many bytes per second.
    case drip(body: [UInt8], bytesPerSecond: Int)
    /// Declare `declaredLength` but send only `body`, then close.
    case truncated(body: [UInt8], declaredLength: Int)
    /// Redirect to `location` (absolute, or a path on this server).
    case redirect(to: String, status: Int = 302)
    /// `totalBytes` of generated data without Content-Length: chunked, or ended by closing.
    case stream(totalBytes: Int, chunked: Bool)
    /// Serve the bytes of the file at `path`.
    case file(path: String)
    /// Hold the answer until `open()` says so (asked every 10 ms) or `timeout` seconds have passed,
    /// then give `then`. For tests of order rather than time: "the other requests came while this one
    /// was still held" is `open` becoming true, however slow the machine.
    case hold(until: @Sendable () -> Bool, timeout: Double, then: Response)

    /// A plain status with an empty body, e.g. `.status(500)` or `.status(503, headers: ["Retry-After": "1"])`.
    public static func status(_ code: Int, headers: [String: String] = [:]) -> Behaviour {
        .respond(Response(status: code, headers: headers))
    }

    /// 200 with `body`.
    public static func ok(_ body: [UInt8], headers: [String: String] = [:]) -> Behaviour {
        .respond(Response(status: 200, headers: headers, body: body))
    }

    public static func ok(_ text: String, headers: [String: String] = [:]) -> Behaviour {
        .ok(Array(text.utf8), headers: headers)
    }

    /// 200 with `body` gzip-compressed and Content-Encoding: gzip (compressed here, once).
    public static func gzipped(_ body: [UInt8]) throws -> Behaviour {
        .respond(Response(status: 200, headers: ["Content-Encoding": "gzip"], body: try Gzip.compress(body)))
    }
}

/// A complete HTTP response.
public struct Response: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]
    public var etag: String?
    public var lastModified: String?

    public init(status: Int = 200, headers: [String: String] = [:], body: [UInt8] = [],
                etag: String? = nil, lastModified: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// One request as the server saw it.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Path and query, as sent.
    public var target: String
    /// The path without the query.
    public var path: String
    /// Header names lowercased.
    public var headers: [String: String]
    /// When the request head had arrived.
    public var receivedAt: Date
}

/// Generated body bytes: a repeating readable pattern, so big bodies need no memory.
enum Filler {
    static let block: [UInt8] = Array((0..<65_536).map { UInt8(ascii: "a") + UInt8($0 % 26) })
}

/// gzip through the system's `gzip` binary, so the server needs no zlib binding.
public enum Gzip {
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory
            .appendingPathComponent("loopback-gzip-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: "/bin/gzip") ? "/bin/gzip" : "/usr/bin/gzip")
        process.arguments = ["-c", "-9", "-n", input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "gzip exited with \(process.terminationStatus)"])
        }
        return Array(compressed)
    }
}
