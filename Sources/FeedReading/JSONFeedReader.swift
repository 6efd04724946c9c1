import Foundation
import KaartenbakCore
import Logging

/// Reads schema.org `JobPosting` feeds: a JSON array, an object with an `@graph` array (or the array at the
/// dotted `record` path of the definition), a single object, or NDJSON (one object per line, where a bad line is a reject naming its line number).
/// Fields are dotted key paths ("hiringOrganization.name"); arrays on the way are flattened into lists.
struct JSONFeedReader {
    let source: SourceDefinition
    let logger: Logger
    let limits: FeedReader.Limits
    /// Sees every record object as it is before the mapping reads it (`sources check` collects its keys).
    var onObject: (([String: Any]) -> Void)? = nil

    func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let at = Location(source: source.name, file: file)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw KaartenbakError(.io, "cannot read feed", at: at)
        }
        let (utf8, encoding) = data.withUnsafeBytes { raw -> (Data, TextEncoding) in
            let (encoding, bom) = TextEncoding.decide(definition: source.encoding, sample: raw, xmlDeclaration: false)
            if encoding == .utf8 { return (Data(raw[bom...]), encoding) }
            var bytes: [UInt8] = []
            var transcoder = UTF8Transcoder(encoding)
            transcoder.transcode(UnsafeRawBufferPointer(rebasing: raw[bom...]), into: &bytes, final: true)
            return (Data(bytes), encoding)
        }
        var summary = ReadSummary(records: 0, rejects: 0, bytes: data.count, encoding: encoding.rawValue)
        func take(_ value: Any, location: String, raw: () -> String) throws {
            guard let object = value as? [String: Any] else {
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: location, reason: "not a JSON object", snippet: raw()))
                return
            }
            onObject?(object)
            var values: [RawRecord.Value] = []
            var descriptionHTML: String?
            for (field, paths) in source.fields.sorted(by: { $0.key < $1.key }) {
                for path in paths {
                    for text in Self.values(at: path.split(separator: ".").map(String.init), in: object) {
                        let value: String
                        if field == .description {
                            let description = DescriptionText(raw: text)
                            value = description.text
                            descriptionHTML = descriptionHTML ?? description.html
                        } else {
                            value = text.collapsingWhitespace()
                        }
                        if !value.isEmpty { values.append(RawRecord.Value(field, value)) }
                    }
                }
            }
            if let reason = missingRequired(values) {
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: location, reason: reason, snippet: raw(), recordId: recordId(values)))
            } else {
                summary.records += 1
                try onRecord(RawRecord(source: source.name, location: location, values: values, descriptionHTML: descriptionHTML))
            }
        }

        let first = utf8.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "{"), let lines = ndjsonLines(utf8) {
            for (number, line) in lines {
                do {
                    let value = try JSONSerialization.jsonObject(with: line)
                    try take(value, location: "line \(number)") { String(decoding: line.prefix(500), as: UTF8.self) }
                } catch let error as KaartenbakError {
                    throw error
                } catch {
                    summary.rejects += 1
                    try onReject(Reject(source: source.name, file: file, location: "line \(number)",
                                        reason: "not valid JSON: \(Self.describe(error))", snippet: String(decoding: line.prefix(500), as: UTF8.self)))
                }
            }
            return summary
        }
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: utf8)
        } catch {
            // A top-level array is read element by element instead: a bad element is one reject, and a feed cut
            // short gives the elements before the cut (the read is then incomplete).
            guard first == UInt8(ascii: "["), source.record == nil else {
                throw KaartenbakError(.parse, "not a readable JSON feed: \(Self.describe(error))", at: at)
            }
            let split = utf8.withUnsafeBytes { JSONArraySplitter.elements(of: $0) }
            guard !split.elements.isEmpty else {
                throw KaartenbakError(.parse, "not a readable JSON feed: \(Self.describe(error))", at: at)
            }
            var lines = JSONArraySplitter.LineCounter(data: utf8)
            for (index, range) in split.elements.enumerated() {
                let element = utf8.subdata(in: range)
                let location = "element [\(index + 1)], line \(lines.line(of: range.lowerBound))"
                let snippet = { String(decoding: element.prefix(500), as: UTF8.self) }
                do {
                    let item = try JSONSerialization.jsonObject(with: element, options: [.fragmentsAllowed])
                    try take(item, location: location, raw: snippet)
                } catch let error as KaartenbakError {
                    throw error
                } catch {
                    summary.rejects += 1
                    try onReject(Reject(source: source.name, file: file, location: location,
                                        reason: "not valid JSON: \(Self.describe(error))", snippet: snippet()))
                }
            }
            if let cut = split.cutAt {
                let line = lines.line(of: cut)
                let reason = "the JSON array breaks off at line \(line) (byte offset \(cut)) inside element [\(split.elements.count + 1)]: \(Self.describe(error))"
                summary.rejects += 1
                summary.markIncomplete(reason)
                try onReject(Reject(source: source.name, file: file, location: "line \(line)", reason: reason + "; the rest is unread",
                                    snippet: String(decoding: utf8[cut...].prefix(500), as: UTF8.self)))
            }
            return summary
        }
        let items: [Any]
        if let record = source.record {
            // `record: data.jobs` names the array inside a wrapper object.
            var value: Any? = document
            for key in record.split(separator: ".") { value = (value as? [String: Any])?[String(key)] }
            guard let array = value as? [Any] else {
                throw KaartenbakError(.parse, "no array at '\(record)' in the JSON feed", at: Location(source: source.name, file: file, key: "record"))
            }
            items = array
        } else if let array = document as? [Any] {
            items = array
        } else if let object = document as? [String: Any] {
            items = (object["@graph"] as? [Any]) ?? [object]
        } else {
            throw KaartenbakError(.parse, "the JSON feed is neither an array nor an object", at: at)
        }
        for (index, item) in items.enumerated() {
            try take(item, location: "element [\(index + 1)]") {
                (try? JSONSerialization.data(withJSONObject: item, options: [.fragmentsAllowed])).map { String(decoding: $0.prefix(500), as: UTF8.self) } ?? ""
            }
        }
        return summary
    }

    /// The non-empty lines with their numbers, when there are several and the first one is a complete JSON value
    /// (so it is NDJSON, not one object spread over lines). A single line is one document: minified, its `@graph`
    /// or `record` path is read like any other's.
    private func ndjsonLines(_ data: Data) -> [(Int, Data)]? {
        var lines: [(Int, Data)] = []
        var number = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            lines.append((number, Data(trimmed)))
        }
        guard lines.count > 1, let first = lines.first, (try? JSONSerialization.jsonObject(with: first.1)) != nil else { return nil }
        return lines
    }

    /// Every text value at a dotted path; arrays met on the way contribute each element.
    static func values(at path: [String], in value: Any) -> [String] {
        if let array = value as? [Any] { return array.flatMap { values(at: path, in: $0) } }
        guard let key = path.first else { return scalarText(value).map { [$0] } ?? [] }
        guard let object = value as? [String: Any], let next = object[key] else { return [] }
        return values(at: Array(path.dropFirst()), in: next)
    }

    /// Text of a leaf; an object standing where text was expected gives its `name`, `value` or `@value`.
    private static func scalarText(_ value: Any) -> String? {
        switch value {
        case let text as String: return text
        case let flag as Bool where type(of: value) != type(of: NSNumber(value: 0)) || "\(value)" == "true" || "\(value)" == "false":
            return flag ? "true" : "false"
        case let number as NSNumber: return number.stringValue
        case let object as [String: Any]:
            for key in ["name", "value", "@value"] { if let inner = object[key], let text = scalarText(inner) { return text } }
            return nil
        default: return nil
        }
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo["NSDebugDescription"] as? String) ?? nsError.localizedDescription
    }
}

/// Finds the elements of a top-level JSON array by their brackets and strings alone, without parsing them: a feed
/// whose array is cut short or holds a bad element still yields each element that ends.
enum JSONArraySplitter {
    /// The byte ranges of the elements that end, and where the array broke off (nil when it closed).
    static func elements(of bytes: UnsafeRawBufferPointer) -> (elements: [Range<Int>], cutAt: Int?) {
        var elements: [Range<Int>] = []
        var position = 0
        func skipSpace() { while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 } }
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else { return ([], 0) }
        position += 1
        while true {
            skipSpace()
            guard position < bytes.count else { return (elements, position) }
            if bytes[position] == UInt8(ascii: "]") { return (elements, nil) }
            let start = position
            var depth = 0
            var inString = false
            while position < bytes.count {
                let byte = bytes[position]
                if inString {
                    if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    if depth == 0 {
                        // A `}` here closes nothing: the array breaks off (going on would find it again, forever).
                        if byte == UInt8(ascii: "}") { return (elements, start) }
                        break  // the array's own `]`
                    }
                    depth -= 1
                } else if byte == UInt8(ascii: ","), depth == 0 {
                    break
                }
                position += 1
            }
            guard position < bytes.count, !inString, depth == 0 else { return (elements, start) }
            var end = position
            while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
            elements.append(start..<end)
            if bytes[position] == UInt8(ascii: ",") { position += 1 }
        }
    }

    /// Line numbers of increasing offsets, counted once through the data.
    struct LineCounter {
        let data: Data
        private var offset = 0
        private var line = 1
        init(data: Data) { self.data = data }

        mutating func line(of target: Int) -> Int {
            let end = min(target, data.count)
            if end > offset {
                line += data[data.startIndex + offset ..< data.startIndex + end].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                offset = end
            }
            return line
        }
    }
}
