import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 with fault injection, for tests, end-to-end runs and the
/// fetch benchmark. One thread per connection; every response ends with `Connection: close`.
/// Unrouted paths answer 404. Call `stop()` when done: the server's threads keep it alive until then.
///
/// `@unchecked Sendable`: routes, the request log and the thread bookkeeping are guarded by
/// `state`; the listening socket is only closed by `stop()` after every thread has ended.
public final class LoopbackServer: @unchecked Sendable {
    /// The port the kernel picked.
    public let port: UInt16
    private let listener: Int32
    private let state = NSCondition()
    private var routes: [String: [Behaviour]] = [:]
    private var directories: [(prefix: String, folder: String)] = []
    private var log: [RecordedRequest] = []
    private var connections: Set<Int32> = []
    private var liveThreads = 0
    private var accepted = 0
    private var activeRequests = 0
    private var peak = 0
    private var stopped = false

    /// Binds 127.0.0.1 on an ephemeral port and starts accepting.
    public init() throws {
        (listener, port) = try Self.listen()
        spawn(name: "loopback-accept") { [self] in acceptLoop() }
    }

    /// A listening socket on 127.0.0.1 and the port the kernel gave it.
    private static func listen() throws -> (Int32, UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError.socket("socket", errno) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && Glibc.listen(descriptor, 128) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard ready else {
            let code = errno
            close(descriptor)
            throw ServerError.socket("bind/listen", code)
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    deinit { stop() }

    /// "http://127.0.0.1:<port>".
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The absolute URL of `path` ("/feed.xml") on this server.
    public func url(_ path: String) -> String {
        baseURL + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// Serves `path` with the given behaviours: the first for the first request, the second for
    /// the next, and so on; the last one repeats. Replaces what the path did before.
    /// A `path` with a query ("/api?page=2") matches only that exact request target and wins
    /// over the bare path.
    public func route(_ path: String, _ behaviours: Behaviour...) {
        route(path, behaviours)
    }

    public func route(_ path: String, _ behaviours: [Behaviour]) {
        locked { routes[path] = behaviours.isEmpty ? nil : behaviours }
    }

    /// Answers every request to `path` with `status` and an empty body.
    public func fail(_ path: String, status: Int) {
        route(path, .status(status))
    }

    /// Serves the files below `folder` under the URL prefix (e.g. "/" or "/fixtures/").
    public func serveDirectory(_ folder: String, at prefix: String = "/") {
        let normalised = prefix.hasSuffix("/") ? prefix : prefix + "/"
        locked { directories.append((normalised, folder)) }
    }

    /// Every request received so far, in order of arrival.
    public var requests: [RecordedRequest] { locked { log } }

    public func requests(to path: String) -> [RecordedRequest] {
        locked { log.filter { $0.path == path } }
    }

    public var requestCount: Int { locked { log.count } }

    public func clearLog() { locked { log.removeAll() } }

    /// Connections accepted so far, whether or not they sent a request.
    public var connectionCount: Int { locked { accepted } }

    /// The most requests that were being answered at the same time (from the request head read
    /// to the last byte sent).
    public var peakConcurrentRequests: Int { locked { peak } }

    /// Stops accepting, cuts open connections and waits for every server thread to end.
    public func stop() {
        state.lock()
        guard !stopped else { state.unlock(); return }
        stopped = true
        for descriptor in connections { shutdown(descriptor, Int32(SHUT_RDWR)) }
        while liveThreads > 0 { state.wait() }
        state.unlock()
        close(listener)
    }

    // MARK: - Threads

    var isStopped: Bool { locked { stopped } }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        state.lock()
        defer { state.unlock() }
        return try body()
    }

    private func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        locked { liveThreads += 1 }
        let thread = Thread { [self] in
            body()
            state.lock()
            liveThreads -= 1
            state.broadcast()
            state.unlock()
        }
        thread.name = name
        thread.start()
    }

    private func acceptLoop() {
        while !isStopped {
            guard waitReadable(listener, milliseconds: 100) else { continue }
            let descriptor = accept(listener, nil, nil)
            guard descriptor >= 0 else { continue }
            var yes: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let admitted: Bool = locked {
                guard !stopped else { return false }
                connections.insert(descriptor)
                accepted += 1
                return true
            }
            guard admitted else { close(descriptor); break }
            spawn(name: "loopback-connection") { [self] in
                serve(Connection(descriptor: descriptor, server: self))
                locked { _ = connections.remove(descriptor) }
                close(descriptor)
            }
        }
    }

    /// True when `descriptor` has data (or end of stream) within the time.
    func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    // MARK: - Requests

    private func serve(_ connection: Connection) {
        guard let request = connection.readRequest() else { return }
        let behaviour: Behaviour = locked {
            log.append(request)
            activeRequests += 1
            peak = max(peak, activeRequests)
            return nextBehaviour(for: request.target) ?? nextBehaviour(for: request.path) ?? fileBehaviour(for: request.path)
        }
        if !connection.perform(behaviour, for: request) { requestAnswered() }
    }

    /// Ends a request's share of `peakConcurrentRequests`.
    func requestAnswered() {
        locked { activeRequests -= 1 }
    }

    /// The route's next behaviour, consuming it unless it is the last. Caller holds the lock.
    private func nextBehaviour(for key: String) -> Behaviour? {
        guard var queue = routes[key], !queue.isEmpty else { return nil }
        let first = queue.removeFirst()
        if !queue.isEmpty { routes[key] = queue }
        return first
    }

    /// A file from a served directory, or 404. Caller holds the lock.
    private func fileBehaviour(for path: String) -> Behaviour {
        for (prefix, folder) in directories where path.hasPrefix(prefix) {
            let relative = String(path.dropFirst(prefix.count)).removingPercentEncoding ?? ""
            let parts = relative.split(separator: "/")
            guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else { continue }
            let file = (folder as NSString).appendingPathComponent(parts.joined(separator: "/"))
            if FileManager.default.fileExists(atPath: file) { return .file(path: file) }
        }
        return .status(404)
    }
}

/// A socket-level failure while starting the server.
public enum ServerError: Error, CustomStringConvertible {
    case socket(String, Int32)

    public var description: String {
        switch self {
        case .socket(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
