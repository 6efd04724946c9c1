import Foundation
import KaartenbakCore

/// A source's request headers and URL credentials, resolved from the definition and the
/// environment, together with the secret strings that must never be shown.
struct ResolvedAccess {
    /// The URL without userinfo: what libcurl is given and what may be shown.
    var url: String
    var username: String?
    var password: String?
    /// "Name: value" lines.
    var headerLines: [String]
    private var secrets: [String]

    /// Expands `${NAME}` in header values from `environment` and splits userinfo off the URL.
    init(source: SourceDefinition, environment: [String: String]) throws {
        let (url, username, password) = Self.splitCredentials(source.url)
        self.url = url
        self.username = username
        self.password = password
        headerLines = []
        secrets = [username, password].compactMap { $0 }.filter { !$0.isEmpty }
        for name in source.headers.keys.sorted() {
            let value = try Self.expand(source.headers[name] ?? "", header: name, source: source, environment: environment)
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

    /// Removes `user:password@` from an http(s) URL; returns the clean URL and the percent-decoded parts.
    static func splitCredentials(_ url: String) -> (url: String, username: String?, password: String?) {
        guard var components = URLComponents(string: url), components.user != nil || components.password != nil else {
            return (url, nil, nil)
        }
        let username = components.user
        let password = components.password
        components.user = nil
        components.password = nil
        return (components.string ?? url, username, password)
    }

    /// A URL safe to show: userinfo removed.
    static func display(_ url: String) -> String {
        splitCredentials(url).url
    }

    private static func expand(_ value: String, header: String, source: SourceDefinition,
                               environment: [String: String]) throws -> String {
        var result = ""
        var rest = Substring(value)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw KaartenbakError(.configuration, "header '\(header)' has an unclosed ${...}",
                                      at: Location(source: source.name, key: "headers.\(header)"))
            }
            let name = String(rest[start.upperBound..<end])
            guard let replacement = environment[name] else {
                throw KaartenbakError(.configuration,
                                      "header '\(header)' needs environment variable \(name), which is not set",
                                      at: Location(source: source.name, key: "headers.\(header)"))
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
