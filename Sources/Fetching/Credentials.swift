import Foundation
import KaartenbakCore

/// A source's request headers and URL credentials, resolved from the definition and the
/// environment, together with the secret strings that must never be shown.
struct ResolvedAccess {
    /// The URL libcurl is given: `${NAME}` expanded, userinfo removed.
    var url: String
    /// The URL as it may be shown: userinfo removed, `${NAME}` left unexpanded.
    var displayURL: String
    var username: String?
    var password: String?
    /// "Name: value" lines.
    var headerLines: [String]
    private var secrets: [String]

    /// Expands `${NAME}` in the URL and header values from `environment` and splits userinfo off the URL.
    init(source: SourceDefinition, environment: [String: String]) throws {
        let expandedURL = try Self.expand(source.url, key: "url", source: source, environment: environment)
        let (url, username, password) = Self.splitCredentials(expandedURL)
        self.url = url
        self.displayURL = Self.display(source.url)
        self.username = username
        self.password = password
        headerLines = []
        secrets = [username, password].compactMap { $0 }.filter { !$0.isEmpty }
        secrets += Self.variables(in: source.url).compactMap { environment[$0] }.filter { !$0.isEmpty }
        for name in source.headers.keys.sorted() {
            let value = try Self.expand(source.headers[name] ?? "", key: "headers.\(name)", source: source,
                                        environment: environment)
            guard Self.isSafeHeader(name: name, value: value) else {
                throw KaartenbakError(.configuration, "header '\(name)' has a bad name or a line break in its value",
                                      at: Location(source: source.name, key: "headers.\(name)"))
            }
            headerLines.append("\(name): \(value)")
            // Every header value is treated as secret: we cannot tell a token from a harmless value.
            if !value.isEmpty { secrets.append(value) }
        }
        // Longest first, so a secret that contains another is hidden whole.
        secrets.sort { $0.count > $1.count }
    }

    /// `text` with every secret replaced by "***".
    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Removes `user:password@` from a URL; returns the clean URL and the percent-decoded parts.
    static func splitCredentials(_ url: String) -> (url: String, username: String?, password: String?) {
        guard let schemeEnd = url.range(of: "://") else { return (url, nil, nil) }
        let authorityEnd = url[schemeEnd.upperBound...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        let authority = url[schemeEnd.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return (url, nil, nil) }
        let userinfo = authority[..<at]
        let parts = userinfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let username = parts.first.map { String($0).removingPercentEncoding ?? String($0) }
        let password = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : nil
        let clean = String(url[..<schemeEnd.upperBound]) + url[authority.index(after: at)...]
        return (clean, username, password)
    }

    /// A URL safe to show: userinfo removed.
    static func display(_ url: String) -> String {
        splitCredentials(url).url
    }

    /// The NAMEs of the `${NAME}` references in `text`.
    static func variables(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            names.append(String(rest[start.upperBound..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return names
    }

    private static func expand(_ value: String, key: String, source: SourceDefinition,
                               environment: [String: String]) throws -> String {
        var result = ""
        var rest = Substring(value)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw KaartenbakError(.configuration, "'\(key)' has an unclosed ${...}",
                                      at: Location(source: source.name, key: key))
            }
            let name = String(rest[start.upperBound..<end])
            guard let replacement = environment[name] else {
                throw KaartenbakError(.configuration, "'\(key)' needs environment variable \(name), which is not set",
                                      at: Location(source: source.name, key: key))
            }
            result += replacement
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    private static func isSafeHeader(name: String, value: String) -> Bool {
        let token = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$%&'*+-.^_`|~"))
        return !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && token.contains($0) }
            && !value.contains("\r") && !value.contains("\n") && !value.contains("\0")
    }
}
