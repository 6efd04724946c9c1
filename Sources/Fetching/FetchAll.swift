import Foundation
import KaartenbakCore

extension Fetcher {
    /// Fetches many sources at once: at most `maxConcurrent` transfers in flight, and at most
    /// `maxPerHost` to any one host. Results come back in the order of `requests`.
    ///
    /// libcurl's easy interface blocks, so transfers run on dedicated threads, never on Swift's
    /// cooperative pool; the caller is resumed when the last one ends. There are twice as many
    /// threads as transfer slots, so a thread flushing its payload to disk or waiting to retry
    /// does not keep the next transfer from starting.
    public func fetchAll(_ requests: [FetchRequest], maxConcurrent: Int,
                         maxPerHost: Int) async -> [Result<FetchMetadata, KaartenbakError>] {
        guard !requests.isEmpty else { return [] }
        let slots = max(1, maxConcurrent)
        var fetcher = self
        fetcher.gate = DispatchSemaphore(value: slots)
        return await withCheckedContinuation { continuation in
            let scheduler = TransferScheduler(requests: requests, maxPerHost: maxPerHost) { results in
                continuation.resume(returning: results)
            }
            scheduler.start(workers: min(2 * slots, requests.count)) { [fetcher] request in
                do {
                    return .success(try fetcher.fetch(request))
                } catch let error as KaartenbakError {
                    return .failure(error)
                } catch {
                    return .failure(KaartenbakError(.fetch, "\(error)", at: Location(source: request.source.name)))
                }
            }
        }
    }
}

/// Hands requests to worker threads in input order, skipping past a request whose host is at its
/// limit so a slow host does not hold up the others.
///
/// `@unchecked Sendable`: all mutable state is guarded by `condition`.
private final class TransferScheduler: @unchecked Sendable {
    typealias Outcome = Result<FetchMetadata, KaartenbakError>

    private let requests: [FetchRequest]
    private let hosts: [String]
    private let maxPerHost: Int
    private let completion: @Sendable ([Outcome]) -> Void
    private let condition = NSCondition()
    private var pending: [Int]
    private var active: [String: Int] = [:]
    private var results: [Outcome?]
    private var remaining: Int

    init(requests: [FetchRequest], maxPerHost: Int, completion: @escaping @Sendable ([Outcome]) -> Void) {
        self.requests = requests
        self.hosts = requests.enumerated().map { index, request in Self.hostKey(request, index: index) }
        self.maxPerHost = max(1, maxPerHost)
        self.completion = completion
        pending = Array(requests.indices)
        results = Array(repeating: nil, count: requests.count)
        remaining = requests.count
    }

    func start(workers: Int, run: @escaping @Sendable (FetchRequest) -> Outcome) {
        for number in 0..<workers {
            let thread = Thread { [self] in
                while let index = next() {
                    finish(index, run(requests[index]))
                }
            }
            thread.name = "kaartenbak-fetch-\(number)"
            thread.start()
        }
    }

    /// The next request whose host has room, waiting while every pending one is blocked by its host.
    private func next() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !pending.isEmpty {
            if let position = pending.firstIndex(where: { active[hosts[$0], default: 0] < maxPerHost }) {
                let index = pending.remove(at: position)
                active[hosts[index], default: 0] += 1
                return index
            }
            condition.wait()
        }
        return nil
    }

    private func finish(_ index: Int, _ outcome: Outcome) {
        condition.lock()
        results[index] = outcome
        active[hosts[index], default: 1] -= 1
        remaining -= 1
        let done = remaining == 0
        condition.broadcast()
        let finished = done ? results.compactMap { $0 } : nil
        condition.unlock()
        if let finished { completion(finished) }
    }

    /// host:port for remote sources; local copies get a key of their own (no host to protect).
    private static func hostKey(_ request: FetchRequest, index: Int) -> String {
        guard request.localPath == nil, let components = URLComponents(string: request.source.url),
              let host = components.host?.lowercased() else { return "local#\(index)" }
        return "\(host):\(components.port.map(String.init) ?? components.scheme?.lowercased() ?? "")"
    }
}
