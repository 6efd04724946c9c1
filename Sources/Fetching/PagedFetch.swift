import Crypto
import FeedReading
import Foundation
import KaartenbakCore
#if canImport(Glibc)
import Glibc
#endif

/// A paged source: pages are fetched one after another into page-0001, page-0002, … and form one
/// payload set, all or nothing. Pages are never fetched conditionally (a 304 on page one says
/// nothing about the others).
struct PagedFetch {
    let fetch: RemoteFetch
    let paging: PagingDefinition

    private var source: SourceDefinition { fetch.request.source }
    private var destination: String { fetch.request.destination }

    static func pageName(_ number: Int) -> String { String(format: "page-%04d", number) }

    func run() throws -> FetchMetadata {
        var attempts: [FetchAttempt] = []
        var files: [String] = []
        var seen: Set<String> = []
        var url = try pageURL(number: 1)
        var last: HTTPResponseSummary?
        var total = 0
        var previousDigest: String?
        do {
            while true {
                let name = Self.pageName(files.count + 1)
                guard files.count < paging.maxPages else {
                    throw fetch.finalError("more than \(paging.maxPages) pages (the page cap)", attempts: attempts)
                }
                guard case .fetched(let response, let sha256, let bytes) =
                        try fetch.transfer(url, into: name, conditionalOn: nil, attempts: &attempts) else {
                    throw fetch.finalError("server answered 304 Not Modified to an unconditional request", attempts: attempts)
                }
                let path = file(name)
                if paging.parameter != nil, !files.isEmpty, sha256 == previousDigest || !hasRecords(path) {
                    // The page past the end: not part of the set.
                    unlink(path)
                    break
                }
                files.append(name)
                seen.insert(url)
                last = response
                previousDigest = sha256
                total += bytes
                guard total <= source.limits.maxBytes else {
                    throw fetch.finalError("pages exceed the byte cap of \(source.limits.maxBytes) bytes in total",
                                           attempts: attempts)
                }
                guard let next = try nextURL(after: response.finalURL ?? url, page: files.count, path: path),
                      !seen.contains(next) else { break }
                url = next
            }
        } catch {
            for number in 1...(files.count + 1) { unlink(file(Self.pageName(number))) }
            throw error
        }
        let summary = last ?? HTTPResponseSummary(status: 200, finalURL: url, headers: [:])
        let metadata = fetch.makeMetadata(summary, bytes: total, sha256: try digest(of: files),
                                          outcome: .fetched, files: files, attempts: attempts)
        fetch.log(metadata)
        return metadata
    }

    private func file(_ name: String) -> String {
        (destination as NSString).appendingPathComponent(name)
    }

    // MARK: - Finding pages

    /// The URL of page `number` (from 1) for parameter paging; the source URL for link paging's first page.
    private func pageURL(number: Int) throws -> String {
        guard let parameter = paging.parameter else { return fetch.access.url }
        guard var components = URLComponents(string: fetch.access.url) else {
            throw fetch.finalError("the source URL cannot carry a paging parameter", attempts: [])
        }
        let value = paging.start + paging.step * (number - 1)
        var items = (components.queryItems ?? []).filter { $0.name != parameter }
        items.append(URLQueryItem(name: parameter, value: "\(value)"))
        components.queryItems = items
        return components.string ?? fetch.access.url
    }

    private func nextURL(after url: String, page: Int, path: String) throws -> String? {
        guard let nextLink = paging.nextLink else { return try pageURL(number: page + 1) }
        guard let link = try NextPageLink(path: nextLink).link(inFile: path), !link.isEmpty else { return nil }
        return URL(string: link, relativeTo: URL(string: url))?.absoluteString
    }

    /// Whether a page holds at least one record, so parameter paging knows where the feed ends: as the feed reader
    /// reads the page (a JSON page `{"items": []}` under record path `items` holds none).
    private func hasRecords(_ path: String) -> Bool {
        FeedReader(source: source, logger: fetch.logger).holdsRecords(file: path)
    }

    /// SHA-256 over the pages in order, as if they were one file.
    private func digest(of files: [String]) throws -> String {
        var hasher = SHA256()
        for name in files {
            guard let data = FileManager.default.contents(atPath: file(name)) else {
                throw KaartenbakError(.io, "cannot read fetched page", at: Location(source: source.name, file: file(name)))
            }
            hasher.update(data: data)
        }
        return hasher.finalize().hexString
    }
}
