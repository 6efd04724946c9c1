import Foundation
import Testing
@testable import Fetching
import KaartenbakCore
import LoopbackHTTP

/// The fetch stage against a real HTTP server on 127.0.0.1, through the real libcurl code path.
@Suite struct FetchTests {
    typealias Support = FetchTestSupport

    @Test func okStoresPayloadWithHashAndMetadata() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/feed.xml", .respond(Response(headers: ["Content-Type": "application/xml"], body: Array("abc".utf8),
                                                    etag: "\"v1\"", lastModified: "Sun, 22 Nov 2026 10:00:00 GMT")))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(
            FetchRequest(source: Support.source(server.url("/feed.xml")), destination: folder))

        #expect(metadata.httpStatus == 200)
        #expect(metadata.bytes == 3)
        #expect(metadata.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(metadata.outcome == .fetched)
        #expect(metadata.etag == "\"v1\"")
        #expect(metadata.lastModified == "Sun, 22 Nov 2026 10:00:00 GMT")
        #expect(metadata.contentType == "application/xml")
        #expect(metadata.payloadFiles == ["payload"])
        #expect(metadata.attempts.count == 1)
        #expect(Support.payload(in: folder) == Array("abc".utf8))
        #expect(Support.files(in: folder) == ["payload"])
    }

    @Test func notFoundFailsWithoutRetry() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.fail("/gone", status: 404)
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(retries: Support.quickRetries),
                                    FetchRequest(source: Support.source(server.url("/gone")), destination: folder))

        #expect(error?.code == .fetch)
        #expect(error?.message.contains("HTTP 404") == true)
        #expect(error?.location?.source == "test-source")
        #expect(error?.location?.file == server.url("/gone"))
        #expect(Support.attempts(of: error).count == 1)
        #expect(server.requests(to: "/gone").count == 1)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func serverErrorIsRetriedThenFails() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.fail("/broken", status: 500)
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(retries: Support.quickRetries),
                                    FetchRequest(source: Support.source(server.url("/broken")), destination: folder))

        #expect(error?.message.contains("HTTP 500") == true)
        #expect(error?.message.contains("after 3 attempts") == true)
        // Said once: the cause (the attempts, kept for the manifest) adds nothing to the line an operator reads.
        #expect(error.map { $0.description.components(separatedBy: "attempt").count - 1 } == 1, "\(String(describing: error))")
        let attempts = Support.attempts(of: error)
        #expect(attempts.map(\.httpStatus) == [500, 500, 500])
        #expect(attempts.map { $0.retryDelay != nil } == [true, true, false])
        #expect(server.requests(to: "/broken").count == 3)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func unavailableThenOkHonoursRetryAfter() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/busy", .status(503, headers: ["Retry-After": "1"]), .ok("<jobs/>"))
        let folder = try Support.scratchFolder()
        let started = Date()
        let metadata = try Support.fetcher(retries: Support.quickRetries).fetch(
            FetchRequest(source: Support.source(server.url("/busy")), destination: folder))

        #expect(Date().timeIntervalSince(started) >= 0.95)
        #expect(metadata.attempts.map(\.httpStatus) == [503, 200])
        #expect((metadata.attempts.first?.retryDelay ?? 0) >= 1)
        #expect(Support.payload(in: folder) == Array("<jobs/>".utf8))
    }

    @Test func retryAfterBeyondBudgetStopsRetrying() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/later", .status(429, headers: ["Retry-After": "3600"]), .ok("late"))
        let error = Support.failure(Support.fetcher(retries: Support.quickRetries),
                                    FetchRequest(source: Support.source(server.url("/later")),
                                                 destination: try Support.scratchFolder()))

        #expect(error?.message.contains("HTTP 429") == true)
        #expect(server.requests(to: "/later").count == 1)
    }

    @Test(arguments: [
        Response(body: Array("<feed/>".utf8), etag: "\"abc123\""),
        Response(body: Array("<feed/>".utf8), lastModified: "Sat, 21 Nov 2026 08:00:00 GMT"),
    ])
    func notModifiedReusesPreviousPayload(response: Response) throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/feed", .respond(response))
        let fetcher = Support.fetcher()
        let source = Support.source(server.url("/feed"))
        let first = try Support.scratchFolder()
        let previous = try fetcher.fetch(FetchRequest(source: source, destination: first))

        let second = try Support.scratchFolder()
        let metadata = try fetcher.fetch(FetchRequest(source: source, destination: second,
                                                      previous: previous, previousDirectory: first))
        #expect(metadata.outcome == .unchanged)
        #expect(metadata.httpStatus == 304)
        #expect(metadata.sha256 == previous.sha256)
        #expect(metadata.bytes == previous.bytes)
        #expect(Support.payload(in: second) == response.body)
        #expect(Support.files(in: second) == ["payload"])
        let sent = server.requests(to: "/feed").last?.headers ?? [:]
        #expect(sent["if-none-match"] == response.etag)
        #expect(sent["if-modified-since"] == response.lastModified)

        let forced = try fetcher.fetch(FetchRequest(source: source, destination: try Support.scratchFolder(),
                                                    previous: previous, previousDirectory: first, force: true))
        #expect(forced.outcome == .fetched)
        #expect(server.requests(to: "/feed").last?.headers["if-none-match"] == nil)
        #expect(server.requests(to: "/feed").last?.headers["if-modified-since"] == nil)
    }

    @Test func stallTimesOutQuickly() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/stall", .stall(seconds: 30))
        let folder = try Support.scratchFolder()
        let started = Date()
        let error = Support.failure(Support.fetcher(), FetchRequest(
            source: Support.source(server.url("/stall"), limits: Support.limits(timeout: 1)), destination: folder))

        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error?.message.contains("timed out") == true)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func dripIsAbortedByLowSpeedLimit() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/drip", .drip(body: [UInt8](repeating: 65, count: 600), bytesPerSecond: 1))
        let folder = try Support.scratchFolder()
        let started = Date()
        let error = Support.failure(Support.fetcher(), FetchRequest(
            source: Support.source(server.url("/drip"), limits: Support.limits(timeout: 20, lowSpeedBytes: 100, lowSpeedTime: 1)),
            destination: folder))

        #expect(Date().timeIntervalSince(started) < 6)
        #expect(error?.message.contains("timed out") == true)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func truncatedBodyFailsAndKeepsPreviousPayload() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/short", .truncated(body: Array(repeating: 66, count: 1000), declaredLength: 5000))
        let folder = try Support.scratchFolder()
        try Data("old good payload".utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("payload"))
        let error = Support.failure(Support.fetcher(retries: Support.quickRetries),
                                    FetchRequest(source: Support.source(server.url("/short")), destination: folder))

        #expect(error?.message.contains("truncated") == true)
        #expect(Support.attempts(of: error).count == 3)
        #expect(Support.payload(in: folder) == Array("old good payload".utf8))
        #expect(Support.files(in: folder) == ["payload"])
    }

    @Test func redirectLoopFails() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/a", .redirect(to: "/b"))
        server.route("/b", .redirect(to: "/a"))
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(), FetchRequest(
            source: Support.source(server.url("/a"), limits: Support.limits(maxRedirects: 3)), destination: folder))

        #expect(error?.message.contains("more than 3 redirects") == true)
        #expect(server.requestCount == 4)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func redirectIsFollowed() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/old", .redirect(to: "/new", status: 301))
        server.route("/new", .ok("moved"))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(source: Support.source(server.url("/old")), destination: folder))
        #expect(metadata.finalURL == server.url("/new"))
        #expect(metadata.url == server.url("/old"))
        #expect(Support.payload(in: folder) == Array("moved".utf8))
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1:%d/feed.xml"])
    func redirectToOtherProtocolIsRefused(target: String) throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let other = try LoopbackServer()
        defer { other.stop() }
        server.route("/hop", .redirect(to: String(format: target, Int(other.port))))
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(retries: Support.quickRetries),
                                    FetchRequest(source: Support.source(server.url("/hop")), destination: folder))

        #expect(error?.message.contains("only http and https") == true)
        #expect(Support.attempts(of: error).count == 1)
        #expect(other.connectionCount == 0)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func nonHTTPSourceURLIsRefused() throws {
        let error = Support.failure(Support.fetcher(), FetchRequest(source: Support.source("ftp://127.0.0.1/feed"),
                                                                    destination: try Support.scratchFolder()))
        #expect(error?.code == .configuration)
    }

    @Test(arguments: [true, false])
    func hugeBodyWithoutLengthHitsByteCap(chunked: Bool) throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/huge", .stream(totalBytes: 4 << 20, chunked: chunked))
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(retries: Support.quickRetries), FetchRequest(
            source: Support.source(server.url("/huge"), limits: Support.limits(maxBytes: 256 * 1024)), destination: folder))

        #expect(error?.message.contains("byte cap of 262144 bytes") == true)
        #expect(Support.attempts(of: error).count == 1)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func declaredLengthOverCapIsRefusedEarly() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/big", .ok([UInt8](repeating: 1, count: 300_000)))
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(), FetchRequest(
            source: Support.source(server.url("/big"), limits: Support.limits(maxBytes: 100_000)), destination: folder))
        #expect(error?.message.contains("byte cap of 100000 bytes") == true)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func oversizedResponseHeadersAreRefused() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let padding = String(repeating: "x", count: 100)
        let headers = Dictionary(uniqueKeysWithValues: (0..<3000).map { ("X-Pad-\($0)", padding) })
        server.route("/headers", .respond(Response(headers: headers, body: Array("ok".utf8))))
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(), FetchRequest(source: Support.source(server.url("/headers")),
                                                                    destination: folder))
        #expect(error?.message.contains("response headers exceed") == true)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func gzipBodyIsDecoded() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let body = Array(String(repeating: "<job>chauffeur</job>\n", count: 500).utf8)
        server.route("/gz", try .gzipped(body))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(source: Support.source(server.url("/gz")), destination: folder))

        #expect(metadata.bytes == body.count)
        #expect(Support.payload(in: folder) == body)
        #expect(server.requests(to: "/gz").first?.headers["accept-encoding"]?.contains("gzip") == true)
    }

    @Test func gzipBombIsCappedAfterDecompression() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let bomb = try Behaviour.gzipped([UInt8](repeating: 0, count: 16 << 20))
        guard case .respond(let response) = bomb else { Issue.record("gzipped is not a response"); return }
        #expect(response.body.count < 100_000)
        server.route("/bomb", bomb)
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(), FetchRequest(
            source: Support.source(server.url("/bomb"), limits: Support.limits(maxBytes: 1 << 20)), destination: folder))

        #expect(error?.message.contains("byte cap of 1048576 bytes") == true)
        #expect(Support.files(in: folder).isEmpty)
    }

    /// A local feed is landed as a link to the file itself where one file system holds both: the same inode, nothing written.
    @Test func localFileIsLinked() throws {
        let input = (try Support.scratchFolder() as NSString).appendingPathComponent("feed.csv")
        try Data("abc".utf8).write(to: URL(fileURLWithPath: input))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(source: Support.source("fixtures/feed.csv"),
                                                                localPath: input, destination: folder))
        #expect(metadata.outcome == .linked)
        #expect(metadata.bytes == 3)
        #expect(metadata.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(metadata.httpStatus == nil)
        #expect(Support.payload(in: folder) == Array("abc".utf8))
        #expect(try Self.inode(folder + "/payload") == Self.inode(input))
        try metadata.checkLandedLink(in: folder, source: "s")
    }

    /// Across file systems (tmpfs /dev/shm beside the scratch folder's) a link cannot be made: the feed is copied.
    @Test(.enabled(if: Self.shmIsAnotherFileSystem(), "needs /dev/shm on a file system of its own"))
    func aLocalFileOnAnotherFileSystemIsCopied() throws {
        let input = "/dev/shm/kaartenbak-\(UUID().uuidString).csv"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: input))
        defer { unlink(input) }
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(source: Support.source("fixtures/feed.csv"),
                                                                localPath: input, destination: folder))
        #expect(metadata.outcome == .copied)
        #expect(metadata.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Support.payload(in: folder) == Array("abc".utf8))
        #expect(try Self.inode(folder + "/payload") != Self.inode(input))
        #expect(Support.files(in: folder) == ["payload"])
    }

    /// What a link cannot keep, a later edit in place of the feed, is found before the payload is read again; a feed
    /// replaced by a new file, or a link made elsewhere, leaves the landed bytes as they were.
    @Test(arguments: ["longer", "same size, time set back", "replaced", "linked elsewhere"])
    func aLinkedPayloadWrittenInPlaceSinceIsRefused(_ change: String) throws {
        let input = (try Support.scratchFolder() as NSString).appendingPathComponent("feed.csv")
        try Data("abc".utf8).write(to: URL(fileURLWithPath: input))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(source: Support.source("fixtures/feed.csv"),
                                                                localPath: input, destination: folder))
        var before = stat()
        #expect(stat(input, &before) == 0)
        func writeInPlace(_ text: String) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: input))
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
        switch change {
        case "longer": try writeInPlace("abcd")
        case "same size, time set back":
            try writeInPlace("abd")
            // To the nanosecond, as `touch -r` would: only the status-change time and the bytes tell.
            var times = [before.st_atim, before.st_mtim]
            #expect(utimensat(AT_FDCWD, input, &times, 0) == 0)
        case "replaced":
            try Data("xyz!".utf8).write(to: URL(fileURLWithPath: input + ".new"))
            #expect(rename(input + ".new", input) == 0)
        default:
            #expect(link(input, input + ".other") == 0)
        }
        if change == "replaced" || change == "linked elsewhere" {
            try metadata.checkLandedLink(in: folder, source: "s")
            #expect(Support.payload(in: folder) == Array("abc".utf8))
        } else {
            let error = #expect(throws: KaartenbakError.self) { try metadata.checkLandedLink(in: folder, source: "s") }
            #expect(error?.code == .fetch)
            #expect(error?.message.contains("written in place since it was fetched") == true)
        }
    }

    private static func inode(_ path: String) throws -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return UInt64(info.st_ino)
    }

    private static func shmIsAnotherFileSystem() -> Bool {
        var shm = stat(), scratch = stat()
        guard stat("/dev/shm", &shm) == 0, let folder = try? Support.scratchFolder(), stat(folder, &scratch) == 0 else { return false }
        return shm.st_dev != scratch.st_dev && access("/dev/shm", W_OK) == 0
    }

    @Test func missingLocalFileFails() throws {
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(), FetchRequest(source: Support.source("x.csv"),
                                                                    localPath: folder + "/absent.csv", destination: folder))
        #expect(error?.code == .fetch)
        #expect(error?.location?.file == folder + "/absent.csv")
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func secretsAreSentButNeverShown() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/private", .status(500), .ok("secret feed"))
        let token = "tok-9f8e7d6c5b4a"
        let url = server.url("/private").replacingOccurrences(of: "http://", with: "http://feeduser:pa55word-xyz@")
        let source = Support.source(url, headers: ["Authorization": "Bearer ${KB_FEED_TOKEN}"])
        let fetcher = Support.fetcher(retries: Support.quickRetries, environment: ["KB_FEED_TOKEN": token])
        let metadata = try fetcher.fetch(FetchRequest(source: source, destination: try Support.scratchFolder()))

        #expect(server.requests(to: "/private").last?.headers["authorization"] == "Bearer \(token)")
        let shown = String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self)
        for secret in [token, "pa55word-xyz", "feeduser"] { #expect(!shown.contains(secret)) }
        #expect(metadata.url == server.url("/private"))

        server.fail("/private", status: 403)
        let error = Support.failure(fetcher, FetchRequest(source: source, destination: try Support.scratchFolder()))
        let errorText = "\(error.map(String.init(describing:)) ?? "")"
        #expect(errorText.contains("HTTP 403"))
        for secret in [token, "pa55word-xyz", "feeduser"] { #expect(!errorText.contains(secret)) }
    }

    @Test func urlSecretsComeFromTheEnvironmentAndStayHidden() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/api", .ok("x"))
        let key = "k3y-0123456789"
        let source = Support.source(server.url("/api") + "?api_key=${KB_API_KEY}")
        let fetcher = Support.fetcher(environment: ["KB_API_KEY": key])
        let metadata = try fetcher.fetch(FetchRequest(source: source, destination: try Support.scratchFolder()))

        #expect(server.requests.first?.target == "/api?api_key=\(key)")
        #expect(metadata.url == server.url("/api") + "?api_key=${KB_API_KEY}")
        #expect(!String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self).contains(key))

        server.fail("/api", status: 401)
        let error = Support.failure(fetcher, FetchRequest(source: source, destination: try Support.scratchFolder()))
        #expect(error?.message.contains("HTTP 401") == true)
        #expect(!"\(error.map(String.init(describing:)) ?? key)".contains(key))
    }

    @Test func basicCredentialsFromURLAreSent() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/basic", .ok("x"))
        let url = server.url("/basic").replacingOccurrences(of: "http://", with: "http://alice:wonder@")
        _ = try Support.fetcher().fetch(FetchRequest(source: Support.source(url), destination: try Support.scratchFolder()))
        // base64("alice:wonder")
        #expect(server.requests(to: "/basic").first?.headers["authorization"] == "Basic YWxpY2U6d29uZGVy")
    }

    @Test func missingEnvironmentVariableIsAConfigurationError() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let source = Support.source(server.url("/x"), headers: ["X-Api-Key": "${KB_NOT_SET_ANYWHERE}"])
        let error = Support.failure(Support.fetcher(), FetchRequest(source: source, destination: try Support.scratchFolder()))
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("KB_NOT_SET_ANYWHERE") == true)
        #expect(error?.location?.key == "headers.X-Api-Key")
        #expect(server.connectionCount == 0)
    }

    @Test func fetchAllKeepsOrderAndLimitsAndIsNotHeldUpByASlowServer() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let slow = try LoopbackServer()
        defer { slow.stop() }
        // The slow source answers only once the eight others have all been asked for (or after 30 s):
        // a fetcher held up by it would never ask, and the gate would open by its timeout instead.
        let gate = Gate()
        slow.route("/slow", .hold(until: { [server] in gate.openIf(server.requestCount >= 8) }, timeout: 30,
                                  then: Response(body: Array(repeating: 83, count: 30))))
        var requests: [FetchRequest] = [FetchRequest(source: Support.source(slow.url("/slow")),
                                                     destination: try Support.scratchFolder())]
        for index in 0..<8 {
            server.route("/feed\(index)", .ok(Array("feed \(index)".utf8)))
            requests.append(FetchRequest(source: Support.source(server.url("/feed\(index)")),
                                         destination: try Support.scratchFolder()))
        }
        server.fail("/feed3", status: 404)

        let results = await Support.fetcher().fetchAll(requests, maxConcurrent: 3, maxPerHost: 2)

        #expect(results.count == 9)
        #expect((try? results[0].get())?.bytes == 30)
        for index in 0..<8 where index != 3 {
            #expect((try? results[index + 1].get())?.bytes == "feed \(index)".utf8.count)
            #expect(Support.payload(in: requests[index + 1].destination) == Array("feed \(index)".utf8))
        }
        if case .failure(let error) = results[4] { #expect(error.message.contains("HTTP 404")) } else {
            Issue.record("feed3 should have failed")
        }
        #expect(server.peakConcurrentRequests <= 2)
        #expect(server.requestCount == 8)
        #expect(gate.opened, "the fast sources were all asked for while the slow one was still answering")
    }

    /// Whether a held answer was let go by its condition (not by its timeout).
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var wasOpened = false
        var opened: Bool { lock.withLock { wasOpened } }
        func openIf(_ condition: Bool) -> Bool {
            if condition { lock.withLock { wasOpened = true } }
            return condition
        }
    }

    @Test func fetchAllHoldsTheGlobalLimit() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        var requests: [FetchRequest] = []
        for index in 0..<6 {
            server.route("/d\(index)", .drip(body: Array(repeating: 68, count: 6), bytesPerSecond: 30))
            requests.append(FetchRequest(source: Support.source(server.url("/d\(index)")),
                                         destination: try Support.scratchFolder()))
        }
        let results = await Support.fetcher().fetchAll(requests, maxConcurrent: 2, maxPerHost: 10)
        #expect(results.allSatisfy { (try? $0.get())?.bytes == 6 })
        #expect(server.peakConcurrentRequests == 2)
    }

    @Test func fetchAllOfNothingIsEmpty() async {
        let results = await Support.fetcher().fetchAll([], maxConcurrent: 4, maxPerHost: 2)
        #expect(results.isEmpty)
    }

    @Test func retryAfterIsSecondsOrAnHTTPDate() {
        #expect(HTTPTransfer.parseRetryAfter("120") == 120)
        #expect(HTTPTransfer.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == 0)
        let soon = HTTPTransfer.parseRetryAfter(Self.httpDate(Date().addingTimeInterval(30))) ?? 0
        #expect(soon > 25 && soon <= 30)
        #expect(HTTPTransfer.parseRetryAfter("soon") == nil)
    }

    private static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    @Test func retryPolicyBoundsDelays() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 1, maxDelay: 4, jitter: 0, maxTotalTime: 10)
        #expect(policy.delay(after: 1, elapsed: 0, retryAfter: nil) == 1)
        #expect(policy.delay(after: 3, elapsed: 0, retryAfter: nil) == 4)
        #expect(policy.delay(after: 4, elapsed: 0, retryAfter: nil) == 4)
        #expect(policy.delay(after: 5, elapsed: 0, retryAfter: nil) == nil)
        #expect(policy.delay(after: 1, elapsed: 0, retryAfter: 7) == 7)
        #expect(policy.delay(after: 1, elapsed: 8, retryAfter: 7) == nil)
        let jittered = RetryPolicy(maxAttempts: 5, baseDelay: 2, maxDelay: 60, jitter: 0.5).backoff(after: 2)
        #expect(jittered >= 2 && jittered <= 4)
    }
}
