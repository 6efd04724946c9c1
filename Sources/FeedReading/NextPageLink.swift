import Foundation
import KaartenbakCore

/// A paged feed's next-page link (`paging.next_link`), found in a fetched page's XML: the first element named by
/// the path's last step, optionally with an `[@attr='value']` condition, and its text or an `@attribute`.
/// Examples: "feed/next", "feed/link[@rel='next']/@href". It scans the markup rather than parse the page (a page
/// with its link is read whole once more by the parse stage); the fetch stage asks it where to go next.
public struct NextPageLink {
    let element: String
    let condition: (name: String, value: String)?
    let attribute: String?

    public init(path: String) throws {
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

    /// The link in the page at `file`; nil when the page has none (the last page).
    public func link(inFile file: String) throws -> String? {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw KaartenbakError(.io, "cannot read fetched page", at: Location(file: file))
        }
        // ISO-8859-1 keeps every byte, which is all the ASCII markup scanning needs.
        return link(in: String(decoding: data.map { UInt16($0) }, as: UTF16.self))
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
