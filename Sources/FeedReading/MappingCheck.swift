import CLibXML2
import Foundation
import KaartenbakCore

/// A source's mapping held against a feed file: which of its columns (CSV), element paths (XML) or key paths
/// (JSON) the file does not have. A misspelt name does not fail a read (an optional field is simply left
/// empty), so this is where an operator learns of it, before a night publishes vacancies without places.
public struct MappingCheck: Sendable, Equatable {
    /// A name the mapping uses that the file does not have.
    public struct Unknown: Sendable, Equatable {
        /// The definition's key: "fields.place", or "record" for an XML record path that matches no element.
        public var key: String
        /// The column, path or key as the mapping writes it.
        public var name: String
        /// The file's names closest to it, nearest first.
        public var nearest: [String]
    }

    /// What the names are: "column", "element" or "key".
    public var kind: String
    /// The names the file has (CSV columns in order; XML paths and JSON keys sorted).
    public var names: [String]
    /// Records looked at (XML and JSON; a CSV's header says it all).
    public var records: Int
    public var unknown: [Unknown]
}

extension FeedReader {
    /// Compares the source's mapping with `file`: a CSV's header, or the element paths (XML) or key paths (JSON)
    /// of its first `maxRecords` records.
    public func checkMapping(file: String, maxRecords: Int = 1000) throws -> MappingCheck {
        try checkMapping(file: file, maxRecords: maxRecords, decoded: false)
    }

    private func checkMapping(file: String, maxRecords: Int, decoded: Bool) throws -> MappingCheck {
        let at = Location(source: source.name, file: file)
        switch try sniff(file: file, at: at).verdict {
        case .feed: break
        case .refused(let reason): throw KaartenbakError(.parse, reason, at: at)
        case .empty: throw KaartenbakError(.parse, "the file is empty: nothing to compare the mapping with", at: at)
        case .gzip:
            // As the reader: one layer of gzip, never gzip inside gzip (a file can hold itself compressed).
            guard !decoded else { throw KaartenbakError(.parse, "the file is gzip inside gzip (refused)", at: at) }
            let plain = file + ".gunzipped"
            defer { try? FileManager.default.removeItem(atPath: plain) }
            try FeedSniffer.gunzip(file, to: plain, maxBytes: source.limits.maxBytes)
            return try checkMapping(file: plain, maxRecords: maxRecords, decoded: true)
        }
        switch source.format {
        case .csv: return try checkCSV(file: file)
        case .xml: return try checkXML(file: file, maxRecords: maxRecords)
        case .json: return try checkJSON(file: file, maxRecords: maxRecords)
        }
    }

    private func checkCSV(file: String) throws -> MappingCheck {
        let (input, _) = try CSVInput.open(file: file, source: source)
        defer { input.close() }
        let header = try CSVFeedReader(source: source, logger: logger, limits: limits).header(input, file: file).names
            .map { $0.collapsingWhitespace() }
        // The reader matches columns without regard to case or runs of white space: so does the check.
        let known = Set(header.map { $0.lowercased() })
        var unknown: [MappingCheck.Unknown] = []
        for (field, names) in source.fields.sorted(by: { $0.key < $1.key }) {
            for name in names where !known.contains(name.collapsingWhitespace().lowercased()) {
                unknown.append(.init(key: "fields.\(field.rawValue)", name: name, nearest: Self.nearest(to: name, in: header)))
            }
        }
        return MappingCheck(kind: "column", names: header, records: 0, unknown: unknown)
    }

    private func checkJSON(file: String, maxRecords: Int) throws -> MappingCheck {
        var keys: Set<String> = []
        var records = 0
        func collect(_ value: JSONFeedValue, prefix: String, depth: Int) {
            guard depth < 12 else { return }
            if case .array(let array) = value {
                // Arrays on the way are flattened by the reader: their elements' keys continue the path.
                for element in array { collect(element, prefix: prefix, depth: depth + 1) }
            } else if case .object(let object) = value {
                for (key, inner) in object {
                    let path = prefix.isEmpty ? key : prefix + "." + key
                    keys.insert(path)
                    collect(inner, prefix: path, depth: depth + 1)
                }
            }
        }
        var reader = JSONFeedReader(source: source, logger: logger, limits: limits)
        reader.onObject = { (object: JSONFeedValue) in
            records += 1
            if records <= maxRecords { collect(object, prefix: "", depth: 0) }
        }
        _ = try reader.read(file: file, onRecord: { _ in }, onReject: { _ in })
        let names = keys.sorted()
        var unknown: [MappingCheck.Unknown] = []
        for (field, paths) in source.fields.sorted(by: { $0.key < $1.key }) {
            for path in paths where !keys.contains(path) {
                unknown.append(.init(key: "fields.\(field.rawValue)", name: path, nearest: Self.nearest(to: path, in: names)))
            }
        }
        return MappingCheck(kind: "key", names: names, records: min(records, maxRecords), unknown: unknown)
    }

    /// One step of a path met in the file: a namespace URI (nil: none), a local name, whether an attribute.
    private struct SeenStep: Hashable {
        var uri: String?
        var local: String
        var attribute: Bool
    }

    private func checkXML(file: String, maxRecords: Int) throws -> MappingCheck {
        let mapping = try XMLMapping(source: source)
        let input = try XMLInput(path: file, source: source.name, definedEncoding: source.encoding, recordLocalName: nil)
        let reader = try LibXML2Reader(input: input, options: FeedReader.libxml2Options)
        let xmlnsURI = "http://www.w3.org/2000/xmlns/"
        var stack: [SeenStep] = []
        /// Paths below the record element, and (to say where a record path went wrong) paths from the root.
        var inside: Set<[SeenStep]> = []
        var fromRoot: Set<[SeenStep]> = []
        var records = 0
        func string(_ pointer: UnsafePointer<xmlChar>?) -> String? { pointer.map { String(cString: $0) } }
        func matches(_ name: XMLName, _ step: SeenStep) -> Bool {
            name.local == step.local && (name.uri == nil || name.uri == step.uri)
        }
        reading: while xmlTextReaderRead(reader.pointer) == 1 {
            guard xmlTextReaderNodeType(reader.pointer) == Int32(XML_READER_TYPE_ELEMENT.rawValue) else { continue }
            let depth = Int(xmlTextReaderDepth(reader.pointer))
            guard depth <= stack.count, depth < limits.maxDepth else { continue }
            stack.removeSubrange(depth...)
            stack.append(SeenStep(uri: string(xmlTextReaderConstNamespaceUri(reader.pointer)),
                                  local: string(xmlTextReaderConstLocalName(reader.pointer)) ?? "", attribute: false))
            let recordDepth = mapping.record.count
            if stack.count <= recordDepth + 1, fromRoot.count < 1000 { fromRoot.insert(stack) }
            guard stack.count >= recordDepth, zip(mapping.record, stack).allSatisfy({ matches($0, $1) }) else { continue }
            if stack.count == recordDepth {
                records += 1
                if records > maxRecords { records -= 1; break reading }
            }
            let path = Array(stack[recordDepth...])
            if !path.isEmpty { inside.insert(path) }
            while xmlTextReaderMoveToNextAttribute(reader.pointer) == 1 {
                let uri = string(xmlTextReaderConstNamespaceUri(reader.pointer))
                guard uri != xmlnsURI else { continue }
                inside.insert(path + [SeenStep(uri: uri, local: string(xmlTextReaderConstLocalName(reader.pointer)) ?? "", attribute: true)])
            }
            _ = xmlTextReaderMoveToElement(reader.pointer)
        }
        // Names as the definition would write them: its own prefix for a namespace it declares.
        let prefixes = Dictionary(source.namespaces.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        func display(_ path: [SeenStep]) -> String {
            path.map { step in
                let name = step.uri.flatMap { prefixes[$0] }.map { "\($0):\(step.local)" } ?? step.local
                return step.attribute ? "@" + name : name
            }.joined(separator: "/")
        }
        var unknown: [MappingCheck.Unknown] = []
        if records == 0, let record = source.record {
            unknown.append(.init(key: "record", name: record, nearest: Self.nearest(to: record, in: fromRoot.map(display).sorted())))
        }
        let names = inside.map(display).sorted()
        if records > 0 {
            for (field, paths) in source.fields.sorted(by: { $0.key < $1.key }) {
                for path in paths {
                    let steps = try XMLMapping.steps(path, source: source, key: "fields.\(field.rawValue)")
                    let found = inside.contains { seen in
                        seen.count == steps.count && zip(steps, seen).allSatisfy { $0.attribute == $1.attribute && matches($0.name, $1) }
                    }
                    if !found { unknown.append(.init(key: "fields.\(field.rawValue)", name: path, nearest: Self.nearest(to: path, in: names))) }
                }
            }
        }
        return MappingCheck(kind: "element", names: names, records: records, unknown: unknown)
    }

    /// Up to three of `names` closest to `name` by edit distance (ignoring case), nearest first; none that
    /// shares less than half its letters with it.
    static func nearest(to name: String, in names: [String]) -> [String] {
        let wanted = Array(name.lowercased().unicodeScalars)
        let scored = names.map { candidate -> (String, Int) in
            (candidate, editDistance(wanted, Array(candidate.lowercased().unicodeScalars)))
        }
        return scored.filter { $0.1 <= max(2, max(wanted.count, $0.0.unicodeScalars.count) / 2) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count), current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
