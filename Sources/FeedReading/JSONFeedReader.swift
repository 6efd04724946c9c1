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
    var onObject: ((JSONFeedValue) -> Void)? = nil

    func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let mapped = try MappedFile(path: file, source: source.name)
        let raw = mapped.bytes
        let (encoding, bom) = TextEncoding.decide(definition: source.encoding, sample: raw, xmlDeclaration: false)
        var summary = ReadSummary(records: 0, rejects: 0, bytes: raw.count, encoding: encoding.rawValue)
        let mapping = self.mapping
        try withoutActuallyEscaping(onRecord) { onRecord in
            try withoutActuallyEscaping(onReject) { onReject in
                if encoding == .utf8 {
                    try Document(reader: self, file: file, bytes: UnsafeRawBufferPointer(rebasing: raw[bom...]),
                                 onRecord: onRecord, onReject: onReject, mapping: mapping).read(into: &summary)
                } else {
                    // JSON is UTF-8 by its RFC; a feed in another encoding is turned into UTF-8 whole first (rare, small).
                    var utf8: [UInt8] = []
                    var transcoder = UTF8Transcoder(encoding)
                    transcoder.transcode(UnsafeRawBufferPointer(rebasing: raw[bom...]), into: &utf8, final: true)
                    try utf8.withUnsafeBytes {
                        try Document(reader: self, file: file, bytes: $0, onRecord: onRecord, onReject: onReject, mapping: mapping)
                            .read(into: &summary)
                    }
                }
            }
        }
        return summary
    }

    /// One feed file's bytes being read.
    private struct Document {
        let reader: JSONFeedReader
        let file: String
        let bytes: UnsafeRawBufferPointer
        let onRecord: (RawRecord) throws -> Void
        let onReject: (Reject) throws -> Void
        let mapping: [(field: VacancyField, paths: [[String]])]
        var source: SourceDefinition { reader.source }
        var at: Location { Location(source: source.name, file: file) }

        func snippet(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + 500)]), as: UTF8.self)
        }

        func read(into summary: inout ReadSummary) throws {
            var lines = JSONLineCounter(bytes)
            var scanner = JSONScanner(bytes, maxDepth: reader.limits.maxDepth)
            scanner.skipSpace()
            let first = scanner.current
            if first == UInt8(ascii: "{"), let lineEnds = ndjsonLines() {
                try readLines(lineEnds, into: &summary)
                return
            }
            func unreadable(_ error: JSONSyntaxError) -> KaartenbakError {
                KaartenbakError(.parse, "not a readable JSON feed: \(error.message) at line \(lines.line(of: error.offset))", at: at)
            }
            do {
                if let record = source.record {
                    // `record: data.jobs` names the array inside a wrapper object.
                    let path = record.split(separator: ".").map(String.init)
                    guard try scanner.find(path), scanner.current == UInt8(ascii: "[") else {
                        throw KaartenbakError(.parse, "no array at '\(record)' in the JSON feed",
                                              at: Location(source: source.name, file: file, key: "record"))
                    }
                    try readArray(&scanner, lines: &lines, into: &summary)
                    try scanner.finishDocument(open: path.count)
                } else if first == UInt8(ascii: "[") {
                    try readArray(&scanner, lines: &lines, into: &summary)
                    try trailing(&scanner, lines: &lines, into: &summary)
                } else if first == UInt8(ascii: "{") {
                    var probe = scanner
                    if try probe.find(["@graph"]), probe.current == UInt8(ascii: "[") {
                        try readArray(&probe, lines: &lines, into: &summary)
                        try probe.finishDocument(open: 1)
                    } else {
                        // A single object is one record.
                        let start = scanner.position
                        let object = try scanner.value()
                        try scanner.finishDocument(open: 0)
                        try take(object, location: "element [1]", range: start..<scanner.position, into: &summary)
                    }
                } else {
                    throw KaartenbakError(.parse, "the JSON feed is neither an array nor an object", at: at)
                }
            } catch let error as JSONSyntaxError {
                throw unreadable(error)
            }
        }

        /// The elements of the array at the scanner, each read alone: a bad element is one reject, and an array cut
        /// short gives the elements before the cut (the read is then incomplete).
        private func readArray(_ scanner: inout JSONScanner, lines: inout JSONLineCounter, into summary: inout ReadSummary) throws {
            scanner.position += 1 // '['
            var index = 0
            while true {
                scanner.skipSpace()
                if scanner.current == UInt8(ascii: "]") { scanner.position += 1; return }
                index += 1
                let start = scanner.position
                do {
                    guard !scanner.atEnd else { throw scanner.error("the text ends inside the array") }
                    let value = try scanner.value()
                    scanner.skipSpace()
                    guard scanner.current == UInt8(ascii: ",") || scanner.current == UInt8(ascii: "]") else {
                        throw scanner.error("no ',' or ']' after element [\(index)]")
                    }
                    try take(value, location: "element [\(index)]", range: start..<scanner.position, into: &summary)
                } catch let error as JSONSyntaxError {
                    let location = "element [\(index)], line \(lines.line(of: start))"
                    guard let end = JSONScanner.elementEnd(in: bytes, from: start) else {
                        // Not one element ends: nothing of the feed can be read, which is no feed (as a file
                        // that is not JSON at all), not an empty one.
                        guard index > 1 else { throw error }
                        let line = lines.line(of: start)
                        let reason = "the JSON array breaks off at line \(line) (byte offset \(start)) inside element [\(index)]: \(error.message) at line \(lines.line(of: error.offset))"
                        summary.rejects += 1
                        summary.markIncomplete(reason)
                        try onReject(Reject(source: source.name, file: file, location: "line \(line)", reason: reason + "; the rest is unread",
                                            snippet: snippet(start..<bytes.count)))
                        scanner.position = bytes.count
                        return
                    }
                    summary.rejects += 1
                    try onReject(Reject(source: source.name, file: file, location: location,
                                        reason: "not valid JSON: \(error.message) at line \(lines.line(of: error.offset))", snippet: snippet(start..<end)))
                    scanner.position = end
                }
                if scanner.current == UInt8(ascii: ",") { scanner.position += 1 }
            }
        }

        /// What follows a top-level array: nothing but white space, or one reject saying what was left unread
        /// (the array itself was read whole).
        private func trailing(_ scanner: inout JSONScanner, lines: inout JSONLineCounter, into summary: inout ReadSummary) throws {
            scanner.skipSpace()
            guard !scanner.atEnd else { return }
            summary.rejects += 1
            try onReject(Reject(source: source.name, file: file, location: "line \(lines.line(of: scanner.position))",
                                reason: "text after the JSON array's end, not read", snippet: snippet(scanner.position..<bytes.count)))
        }

        private func readLines(_ lineRanges: [(number: Int, range: Range<Int>)], into summary: inout ReadSummary) throws {
            for (number, range) in lineRanges {
                let line = UnsafeRawBufferPointer(rebasing: bytes[range])
                var scanner = JSONScanner(line, maxDepth: reader.limits.maxDepth)
                do {
                    let value = try scanner.value()
                    try scanner.finishDocument(open: 0)
                    try take(value, location: "line \(number)", range: range, into: &summary)
                } catch let error as JSONSyntaxError {
                    summary.rejects += 1
                    try onReject(Reject(source: source.name, file: file, location: "line \(number)",
                                        reason: "not valid JSON: \(error.message)", snippet: snippet(range)))
                }
            }
        }

        /// The non-empty lines with their numbers, when there are several and the first one is a complete JSON
        /// value (so it is NDJSON, not one object spread over lines). A single line is one document: minified, its
        /// `@graph` or `record` path is read like any other's.
        private func ndjsonLines() -> [(number: Int, range: Range<Int>)]? {
            var lines: [(number: Int, range: Range<Int>)] = []
            var number = 0, start = 0
            while start <= bytes.count {
                let newline = ByteSearch.offset(of: 0x0A, in: bytes, from: start) ?? bytes.count
                number += 1
                var end = newline
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if (start..<end).contains(where: { bytes[$0] != 0x20 && bytes[$0] != 0x09 }) {
                    if lines.count == 1 {
                        // Only now is it worth checking that the first line is a value of its own.
                        var first = JSONScanner(UnsafeRawBufferPointer(rebasing: bytes[lines[0].range]), maxDepth: reader.limits.maxDepth)
                        guard (try? first.value(build: false)) != nil, (try? first.finishDocument(open: 0)) != nil else { return nil }
                    }
                    lines.append((number, start..<end))
                }
                start = newline + 1
            }
            return lines.count > 1 ? lines : nil
        }

        private func take(_ value: JSONFeedValue, location: String, range: Range<Int>, into summary: inout ReadSummary) throws {
            guard case .object = value else {
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: location, reason: "not a JSON object", snippet: snippet(range)))
                return
            }
            reader.onObject?(value)
            var values: [RawRecord.Value] = []
            for (field, paths) in mapping {
                for path in paths {
                    for found in JSONFeedReader.values(at: path[...], in: value) {
                        let text: String
                        if field == .description {
                            text = DescriptionText(raw: found).text
                        } else {
                            text = found.collapsingWhitespace()
                        }
                        if !text.isEmpty { values.append(RawRecord.Value(field, text)) }
                    }
                }
            }
            if let reason = missingRequired(values) {
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: location, reason: reason, snippet: snippet(range),
                                    recordId: recordId(values)))
            } else {
                summary.records += 1
                try onRecord(RawRecord(source: source.name, location: location, values: values))
            }
        }
    }

    /// The definition's fields in a fixed order, each with its dotted key paths split once.
    private var mapping: [(field: VacancyField, paths: [[String]])] {
        source.fields.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value.map { $0.split(separator: ".").map(String.init) }) }
    }

    /// Every text value at a dotted path; arrays met on the way contribute each element.
    static func values(at path: ArraySlice<String>, in value: JSONFeedValue) -> [String] {
        if case .array(let elements) = value { return elements.flatMap { values(at: path, in: $0) } }
        guard let key = path.first else { return scalarText(value).map { [$0] } ?? [] }
        guard let next = value.member(key) else { return [] }
        return values(at: path.dropFirst(), in: next)
    }

    /// Text of a leaf; an object standing where text was expected gives its `name`, `value` or `@value`.
    private static func scalarText(_ value: JSONFeedValue) -> String? {
        switch value {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .object:
            for key in ["name", "value", "@value"] { if let inner = value.member(key), let text = scalarText(inner) { return text } }
            return nil
        case .array, .null: return nil
        }
    }
}

extension JSONScanner {
    /// Walks from the document's start through objects along `path`, passing over every other member; true
    /// with the scanner at the value of the last key, false when a key is not there (or not in an object).
    mutating func find(_ path: [String]) throws -> Bool {
        for key in path {
            skipSpace()
            guard current == UInt8(ascii: "{") else { return false }
            position += 1
            skipSpace()
            if current == UInt8(ascii: "}") { return false }
            var found = false
            while !found {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw error("a key in quotes was expected") }
                let name = try string()
                try expect(UInt8(ascii: ":"), "':' after a key")
                if name == key {
                    found = true
                    skipSpace()
                } else {
                    _ = try value(depth: 1, build: false)
                    skipSpace()
                    guard let next = current else { throw error("the text ends inside an object") }
                    position += 1
                    if next == UInt8(ascii: "}") { return false }
                    guard next == UInt8(ascii: ",") else { position -= 1; throw error("',' or '}' was expected") }
                }
            }
        }
        return true
    }

    /// After the value that held the records, inside `open` objects: the rest of the document is checked (the
    /// members after it, the objects that held it closing), and nothing but white space may follow.
    mutating func finishDocument(open: Int) throws {
        var open = open
        while open > 0 {
            skipSpace()
            guard let byte = current else { throw error("the text ends inside an object") }
            position += 1
            if byte == UInt8(ascii: "}") { open -= 1; continue }
            guard byte == UInt8(ascii: ",") else { position -= 1; throw error("',' or '}' was expected") }
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw error("a key in quotes was expected") }
            _ = try string(build: false)
            try expect(UInt8(ascii: ":"), "':' after a key")
            _ = try value(depth: 1, build: false)
        }
        skipSpace()
        guard atEnd else { throw error("text after the JSON document's end") }
    }
}
