import Crypto
import Foundation
import KaartenbakCore
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Fetches sources into their landing folders: http(s) through libcurl, local files by linking or copying.
///
/// `fetch` blocks the calling thread for the whole transfer (retries included); use `fetchAll`
/// from async code, which runs transfers on dedicated threads.
public struct Fetcher: Sendable {
    /// The payload's file name inside the destination folder.
    public static let payloadName = "payload"

    public let logger: Logger
    public let retryPolicy: RetryPolicy
    /// Where `${NAME}` in header values and URLs is looked up; the process environment by default.
    public let environment: [String: String]
    /// Set by `fetchAll`: bounds the transfers in flight, not the threads.
    var gate: DispatchSemaphore?

    public init(logger: Logger, retryPolicy: RetryPolicy = .default,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.logger = logger
        self.retryPolicy = retryPolicy
        self.environment = environment
    }

    /// Fetches one source into `request.destination`. Throws `KaartenbakError` (`.fetch` for
    /// transfer failures, with a `FetchFailure` cause listing the attempts).
    public func fetch(_ request: FetchRequest) throws -> FetchMetadata {
        let source = request.source
        do {
            try DurableFiles.makeDirectory(request.destination)
        } catch var error as KaartenbakError {
            error.location?.source = source.name
            throw error
        }
        if let localPath = request.localPath {
            return try LocalCopy(request: request, path: localPath).run()
        }
        guard source.isRemote else {
            throw KaartenbakError(.configuration, "only http and https URLs can be fetched",
                                  at: Location(source: source.name, file: ResolvedAccess.display(source.url), key: "url"))
        }
        let access = try ResolvedAccess(source: source, environment: environment)
        return try RemoteFetch(request: request, access: access, policy: retryPolicy, logger: logger, gate: gate).run()
    }
}

/// Seconds since `start` on the monotonic clock.
func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func iso8601Now() -> String {
    ISO8601DateFormatter().string(from: Date())
}

/// Lands a local file under the same byte cap as a download: linked where the file system allows it, else copied.
///
/// A link is the file itself, so landing it writes nothing: on this project's 1M nights the copy wrote 2 GB that the
/// night then read once (on a VM that hands freed memory back to its host, fresh page-cache pages are the costly part
/// of a night, docs/night.md). A copy would be no truer a snapshot: a writer changing the file in place while it is
/// copied tears the copy as it would the link, and a writer that replaces the file (a new inode, as rsync, scp to a
/// temporary name, or an export writing beside and renaming do) leaves the link on the old bytes. What a link cannot
/// keep is the bytes of a file edited in place *after* the night: `checkLandedLink` finds that (size or modification
/// time moved, or the bytes themselves) before anything reads the payload again, and says to fetch again.
private struct LocalCopy {
    let request: FetchRequest
    let path: String

    func run() throws -> FetchMetadata {
        let startedAt = iso8601Now()
        let start = DispatchTime.now().uptimeNanoseconds
        let location = Location(source: request.source.name, file: path)
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw KaartenbakError(.fetch, "cannot open local feed: \(String(cString: strerror(errno)))", at: location)
        }
        defer { close(input) }
        let identity = try LocalFileIdentity(descriptor: input, location: location)
        if let reused = try reusePrevious(identity: identity, input: input, startedAt: startedAt, start: start) { return reused }
        let maxBytes = request.source.limits.maxBytes
        guard identity.size <= maxBytes else {
            throw KaartenbakError(.fetch, "file exceeds the byte cap of \(maxBytes) bytes", at: location)
        }
        if let linked = try link(input, identity: identity, startedAt: startedAt, start: start) { return linked }
        let payload = try PayloadWriter(directory: request.destination, name: Fetcher.payloadName)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw KaartenbakError(.fetch, "cannot read local feed: \(String(cString: strerror(errno)))", at: location)
            }
            guard payload.bytes + count <= maxBytes else {
                throw KaartenbakError(.fetch, "file exceeds the byte cap of \(maxBytes) bytes", at: location)
            }
            if let problem = buffer.withUnsafeBytes({ payload.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }) {
                throw KaartenbakError(.io, problem, at: location)
            }
        }
        let sha256 = try payload.commit()
        return metadata(bytes: payload.bytes, sha256: sha256, identity: identity, landed: .copied, startedAt: startedAt, start: start)
    }

    /// Outcome `unchanged` when the bytes are the previous night's (their file's status-change time moved, as a link
    /// made or removed moves it, but not its bytes), else `landed` (`copied` or `linked`).
    private func metadata(bytes: Int, sha256: String, identity: LocalFileIdentity, landed: FetchOutcome,
                          startedAt: String, start: UInt64) -> FetchMetadata {
        let same = request.previous.map { $0.sha256 == sha256 && $0.bytes == bytes && $0.url == request.source.url } ?? false
        var metadata = FetchMetadata(url: request.source.url, finalURL: path, httpStatus: nil, bytes: bytes,
                                     sha256: sha256, startedAt: startedAt, seconds: seconds(since: start), etag: nil,
                                     lastModified: nil, contentType: nil, outcome: same ? .unchanged : landed,
                                     payloadFiles: [Fetcher.payloadName], attempts: [])
        metadata.localFile = identity.description
        return metadata
    }

    /// The open file linked into the landing folder and hashed from the page cache; nil where it cannot be linked
    /// (another file system, no /proc, a file the user may not link: `fs.protected_hardlinks`), to be copied instead.
    private func link(_ input: Int32, identity: LocalFileIdentity, startedAt: String, start: UInt64) throws -> FetchMetadata? {
        let location = Location(source: request.source.name, file: path)
        let target = (request.destination as NSString).appendingPathComponent(Fetcher.payloadName)
        let temporary = DurableFiles.temporaryPath(for: target)
        unlink(temporary)
        // Through /proc/self/fd, the file opened above: not whatever the name points to by now, and not a symbolic link.
        guard linkat(AT_FDCWD, "/proc/self/fd/\(input)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else { return nil }
        var committed = false
        defer { if !committed { unlink(temporary) } }
        let (sha256, offset) = try LocalFileIdentity.sha256(of: input, location: location)
        guard try LocalFileIdentity(descriptor: input, location: location).sameContent(as: identity), offset == identity.size else {
            throw KaartenbakError(.fetch, "local feed changed while it was read (size or modification time moved); fetch it again once it is written",
                                  at: location)
        }
        try DurableFiles.commit(temporary, to: target)
        committed = true
        // Linking and renaming moved the status-change time: the identity the next night compares with is this one.
        let linked = try LocalFileIdentity(descriptor: input, location: location)
        return metadata(bytes: offset, sha256: sha256, identity: linked, landed: .linked, startedAt: startedAt, start: start)
    }

    /// The previous night's payload, hard-linked, when the file is the one it landed and has not changed
    /// since (same `identity`; not with `--refetch`). A write to the file changes its status-change
    /// time, which no program can set back, so an edit in place is never taken for the old file.
    private func reusePrevious(identity: LocalFileIdentity, input: Int32, startedAt: String, start: UInt64) throws -> FetchMetadata? {
        guard !request.force, let previous = request.previous, let folder = request.previousDirectory,
              previous.localFile == identity.description, previous.url == request.source.url,
              previous.payloadFiles == [Fetcher.payloadName] else { return nil }
        let from = (folder as NSString).appendingPathComponent(Fetcher.payloadName)
        var info = stat()
        guard stat(from, &info) == 0, Int(info.st_size) == previous.bytes else { return nil }
        let target = (request.destination as NSString).appendingPathComponent(Fetcher.payloadName)
        let temporary = DurableFiles.temporaryPath(for: target)
        unlink(temporary)
        guard Glibc.link(from, temporary) == 0 else { return nil } // another file system: land it as usual
        try DurableFiles.commit(temporary, to: target)
        var metadata = previous
        metadata.startedAt = startedAt
        metadata.seconds = seconds(since: start)
        metadata.outcome = .unchanged
        metadata.attempts = []
        // When the previous payload is a link to the file itself, linking it again moved the file's status-change time.
        metadata.localFile = try LocalFileIdentity(descriptor: input, location: Location(source: request.source.name, file: path)).description
        return metadata
    }
}

/// Which local file a payload was landed from and when it last changed: device, inode, size, modification and
/// status-change times in nanoseconds (`FetchMetadata.localFile`, "dev:ino:size:mtime:ctime").
struct LocalFileIdentity: CustomStringConvertible, Equatable {
    var device: UInt64, inode: UInt64, size: Int, modified: UInt64, statusChanged: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int(info.st_size)
        modified = UInt64(info.st_mtim.tv_sec) * 1_000_000_000 + UInt64(info.st_mtim.tv_nsec)
        statusChanged = UInt64(info.st_ctim.tv_sec) * 1_000_000_000 + UInt64(info.st_ctim.tv_nsec)
    }

    init(descriptor: Int32, location: Location) throws {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw KaartenbakError(.fetch, "cannot read local feed: \(String(cString: strerror(errno)))", at: location)
        }
        self.init(info)
    }

    init?(_ text: String) {
        let parts = text.split(separator: ":").compactMap { UInt64($0) }
        guard parts.count == 5 else { return nil }
        (device, inode, size, modified, statusChanged) = (parts[0], parts[1], Int(parts[2]), parts[3], parts[4])
    }

    var description: String { "\(device):\(inode):\(size):\(modified):\(statusChanged)" }

    /// The same file with the same bytes as far as the file system says: links and unlinks move only the status-change time.
    func sameContent(as other: LocalFileIdentity) -> Bool {
        (device, inode, size, modified) == (other.device, other.inode, other.size, other.modified)
    }

    /// The hex SHA-256 of an open file's bytes and their count, read from the start (pread: the file position is not used).
    static func sha256(of descriptor: Int32, location: Location) throws -> (String, Int) {
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw KaartenbakError(.fetch, "cannot read local feed: \(String(cString: strerror(errno)))", at: location)
            }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            offset += count
        }
        return (hasher.finalize().hexString, offset)
    }
}

extension FetchMetadata {
    /// Throws when the payload landed in `folder` is a link to a local feed (`LocalCopy`) whose bytes are no longer the
    /// ones fetched: written in place since. Nothing to check for a copy or a download. The size and modification time
    /// decide, unless only the status-change time moved: then a link made or removed elsewhere (an older run pruned, a
    /// second source landing the same file) or an edit that set the time back, which the bytes' SHA-256 tells apart.
    public func checkLandedLink(in folder: String, source: String) throws {
        guard let localFile, let landed = LocalFileIdentity(localFile), payloadFiles == [Fetcher.payloadName] else { return }
        let path = (folder as NSString).appendingPathComponent(Fetcher.payloadName)
        let location = Location(source: source, file: path)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return } // a missing payload is its reader's error to name
        defer { close(descriptor) }
        let now = try LocalFileIdentity(descriptor: descriptor, location: location)
        guard now.device == landed.device, now.inode == landed.inode, now != landed else { return }
        if now.sameContent(as: landed), try LocalFileIdentity.sha256(of: descriptor, location: location).0 == sha256 { return }
        throw KaartenbakError(.fetch, "the landed payload is a link to the local feed \(finalURL), written in place since it was fetched; fetch it again (rerun from fetch)",
                              at: location)
    }
}

/// One source over HTTP: attempts with retries, conditional GET, reuse of the previous payload, pages.
struct RemoteFetch {
    let request: FetchRequest
    let access: ResolvedAccess
    let policy: RetryPolicy
    let logger: Logger
    let gate: DispatchSemaphore?
    let startedAt = iso8601Now()
    let start = DispatchTime.now().uptimeNanoseconds

    private var location: Location { Location(source: request.source.name, file: access.displayURL) }

    /// What one URL came to after its attempts.
    enum Outcome {
        case fetched(HTTPResponseSummary, sha256: String, bytes: Int)
        case notModified(HTTPResponseSummary)
    }

    func run() throws -> FetchMetadata {
        if let paging = request.source.paging {
            return try PagedFetch(fetch: self, paging: paging).run()
        }
        let reusable = reusablePrevious()
        var attempts: [FetchAttempt] = []
        switch try transfer(access.url, into: Fetcher.payloadName, conditionalOn: reusable, attempts: &attempts) {
        case .fetched(let response, let sha256, let bytes):
            let metadata = makeMetadata(response, bytes: bytes, sha256: sha256, outcome: .fetched,
                                        files: [Fetcher.payloadName], attempts: attempts)
            log(metadata)
            return metadata
        case .notModified(let response):
            return try reuse(reusable, response: response, attempts: attempts)
        }
    }

    /// Fetches `url` into the file `name`, retrying transient failures; appends to `attempts`.
    func transfer(_ url: String, into name: String, conditionalOn previous: FetchMetadata?,
                  attempts: inout [FetchAttempt]) throws -> Outcome {
        while true {
            let attemptStart = DispatchTime.now().uptimeNanoseconds
            let result = try attempt(url, into: name, conditionalOn: previous)
            var record = FetchAttempt(number: attempts.count + 1, seconds: seconds(since: attemptStart))
            switch result {
            case .fetched(let response, let sha256, let bytes):
                record.httpStatus = response.status
                attempts.append(record)
                return .fetched(response, sha256: sha256, bytes: bytes)
            case .notModified(let response):
                record.httpStatus = response.status
                attempts.append(record)
                return .notModified(response)
            case .failed(let failure):
                if failure.local { throw KaartenbakError(.io, failure.message, at: location) }
                record.httpStatus = failure.httpStatus
                record.error = access.redact(failure.message)
                let delay = failure.transient
                    ? policy.delay(after: record.number, elapsed: seconds(since: start), retryAfter: failure.retryAfter)
                    : nil
                record.retryDelay = delay
                attempts.append(record)
                guard let delay else { throw finalError(failure.message, attempts: attempts) }
                logger.warning("fetch attempt failed; retrying", metadata: [
                    "source": "\(request.source.name)", "attempt": "\(record.number)",
                    "error": "\(record.error ?? "")", "delay": "\(String(format: "%.2f", delay))",
                ])
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }

    private func attempt(_ url: String, into name: String, conditionalOn previous: FetchMetadata?) throws -> AttemptResult {
        var headerLines = access.headerLines
        if let previous {
            if let etag = previous.etag { headerLines.append("If-None-Match: \(etag)") }
            if let lastModified = previous.lastModified { headerLines.append("If-Modified-Since: \(lastModified)") }
        }
        let sameHost = URLComponents(string: url)?.host == URLComponents(string: access.url)?.host
        let settings = TransferSettings(url: url, username: sameHost ? access.username : nil,
                                        password: sameHost ? access.password : nil,
                                        headerLines: headerLines, limits: request.source.limits, gate: gate)
        do {
            let payload = try PayloadWriter(directory: request.destination, name: name)
            return try HTTPTransfer(settings: settings, payload: payload).run()
        } catch var error as KaartenbakError {
            error.message = access.redact(error.message)
            error.location = location
            throw error
        }
    }

    /// The previous fetch, when a 304 could stand in for it: same URL, validators known, files still there.
    private func reusablePrevious() -> FetchMetadata? {
        guard !request.force, let previous = request.previous, let folder = request.previousDirectory,
              previous.url == access.displayURL, previous.etag != nil || previous.lastModified != nil,
              !previous.payloadFiles.isEmpty else { return nil }
        var total = 0
        for name in previous.payloadFiles {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { return nil }
            total += size
        }
        return total == previous.bytes ? previous : nil
    }

    /// 304 Not Modified: the previous payload becomes this run's payload.
    private func reuse(_ previous: FetchMetadata?, response: HTTPResponseSummary,
                       attempts: [FetchAttempt]) throws -> FetchMetadata {
        guard let previous, let folder = request.previousDirectory else {
            throw finalError("server answered 304 Not Modified to a request that was not conditional", attempts: attempts)
        }
        for name in previous.payloadFiles {
            try linkOrCopy((folder as NSString).appendingPathComponent(name),
                           to: (request.destination as NSString).appendingPathComponent(name))
        }
        var metadata = makeMetadata(response, bytes: previous.bytes, sha256: previous.sha256,
                                    outcome: .unchanged, files: previous.payloadFiles, attempts: attempts)
        metadata.etag = metadata.etag ?? previous.etag
        metadata.lastModified = metadata.lastModified ?? previous.lastModified
        metadata.contentType = previous.contentType
        log(metadata)
        return metadata
    }

    /// Hard-links (cheap, same bytes) and falls back to a copy across file systems.
    private func linkOrCopy(_ from: String, to path: String) throws {
        if URL(fileURLWithPath: from).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL { return }
        let temporary = DurableFiles.temporaryPath(for: path)
        unlink(temporary)
        if link(from, temporary) != 0 {
            do {
                try FileManager.default.copyItem(atPath: from, toPath: temporary)
            } catch {
                throw KaartenbakError(.io, "cannot reuse the previous payload \(from)", at: location, cause: error as NSError)
            }
        }
        try DurableFiles.commit(temporary, to: path)
    }

    func makeMetadata(_ response: HTTPResponseSummary, bytes: Int, sha256: String, outcome: FetchOutcome,
                      files: [String], attempts: [FetchAttempt]) -> FetchMetadata {
        FetchMetadata(url: access.displayURL, finalURL: access.redact(ResolvedAccess.display(response.finalURL ?? access.url)),
                      httpStatus: response.status, bytes: bytes, sha256: sha256, startedAt: startedAt,
                      seconds: seconds(since: start), etag: response.headers["etag"],
                      lastModified: response.headers["last-modified"], contentType: response.headers["content-type"],
                      outcome: outcome, payloadFiles: files, attempts: attempts)
    }

    func finalError(_ message: String, attempts: [FetchAttempt]) -> KaartenbakError {
        var text = access.redact(message)
        if attempts.count > 1 { text += " (after \(attempts.count) attempts)" }
        logger.error("fetch failed", metadata: ["source": "\(request.source.name)", "error": "\(text)"])
        return KaartenbakError(.fetch, text, at: location, cause: FetchFailure(attempts: attempts))
    }

    func log(_ metadata: FetchMetadata) {
        logger.info("fetched", metadata: [
            "source": "\(request.source.name)", "outcome": "\(metadata.outcome.rawValue)",
            "status": "\(metadata.httpStatus.map(String.init) ?? "-")", "bytes": "\(metadata.bytes)",
            "files": "\(metadata.payloadFiles.count)", "seconds": "\(String(format: "%.3f", metadata.seconds))",
        ])
    }
}
