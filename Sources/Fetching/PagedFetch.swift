import Crypto
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
                                          outcome: FetchMetadata.fetched, files: files, attempts: attempts)
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
        guard let link = try NextLinkScanner(path: nextLink).link(in: read(path)), !link.isEmpty else { return nil }
        return URL(string: link, relativeTo: URL(string: url))?.absoluteString
    }

    /// Whether a page holds at least one record, so parameter paging knows where the feed ends.
    private func hasRecords(_ path: String) -> Bool {
        guard let text = try? read(path) else { return false }
        switch source.format {
        case .xml:
            let local = source.record?.split(separator: "/").last?.split(separator: ":").last.map(String.init) ?? ""
            return text.range(of: "<([A-Za-z_][\\w.-]*:)?\(NSRegularExpression.escapedPattern(for: local))[\\s/>]",
                              options: .regularExpression) != nil
        case .csv:
            return text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.count > 1
        case .json:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return !["", "[]", "{}"].contains(trimmed)
        }
    }

    /// The page as text; ISO-8859-1 keeps every byte, which is all the ASCII markup scanning needs.
    private func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KaartenbakError(.io, "cannot read fetched page", at: Location(source: source.name, file: path))
        }
        return String(decoding: data.map { UInt16($0) }, as: UTF16.self)
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

/// Finds a next-page link in XML text without a parser: the first element named by the path's last
/// step, optionally with an `[@attr='value']` condition, and its text or an `@attribute`.
/// Examples: "feed/next", "feed/link[@rel='next']/@href".
struct NextLinkScanner {
    let element: String
    let condition: (name: String, value: String)?
    let attribute: String?

    init(path: String) throws {
        var steps = path.split(separator: "/").map(String.init)
        attribute = steps.last?.hasPrefix("@") == true ? String(steps.removeLast().dropFirst()) : nil
        var last = steps.last ?? ""
        if let open = last.firstIndex(of: "["), last.hasSuffix("]") {
            let predicate = last[last.index(after: open)..<last.index(before: last.endIndex)]
            let parts = predicate.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("@") else {
                throw KaartenbakError(.configuration, "bad condition '[\(predicate)]' in next_link '\(path)'")
            }
            condition = (String(parts[0].dropFirst()), parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'\"")))
            last = String(last[..<open])
        } else {
            condition = nil
        }
        element = last.split(separator: ":").last.map(String.init) ?? last
    }

    func link(in text: String) -> String? {
        let name = NSRegularExpression.escapedPattern(for: element)
        let pattern = "<(?:[A-Za-z_][\\w.-]*:)?\(name)((?:\\s[^>]*?)?)(/?)>"
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        let whole = NSRange(text.startIndex..., in: text)
        for match in expression.matches(in: text, range: whole) {
            let attributes = Range(match.range(at: 1), in: text).map { String(text[$0]) } ?? ""
            if let condition, Self.attribute(condition.name, in: attributes) != condition.value { continue }
            if let attribute { return Self.attribute(attribute, in: attributes).map(Self.decode) }
            guard let end = Range(match.range, in: text)?.upperBound, match.range(at: 2).length == 0 else { return "" }
            let content = text[end...].range(of: "</").map { text[end..<$0.lowerBound] } ?? ""
            return Self.decode(Self.stripCDATA(String(content))).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }

    private static func attribute(_ name: String, in attributes: String) -> String? {
        let pattern = "(?:^|\\s)(?:[A-Za-z_][\\w.-]*:)?\(NSRegularExpression.escapedPattern(for: name))\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')"
        guard let expression = try? NSRegularExpression(pattern: pattern),
              let match = expression.firstMatch(in: attributes, range: NSRange(attributes.startIndex..., in: attributes))
        else { return nil }
        for group in [1, 2] {
            if let range = Range(match.range(at: group), in: attributes) { return String(attributes[range]) }
        }
        return nil
    }

    private static func stripCDATA(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("<![CDATA["), trimmed.hasSuffix("]]>") else { return text }
        return String(trimmed.dropFirst(9).dropLast(3))
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
