import KaartenbakCore

/// An element or attribute name in a mapping: a namespace URI (nil: any namespace) and a local name.
struct XMLName: Hashable, Sendable {
    var uri: String?
    var local: String
}

/// The compiled XML mapping of a source: the record path from the root, and a trie of field paths
/// relative to the record element, so that each element is matched once against all fields.
struct XMLMapping: Sendable {
    struct Node: Sendable {
        var children: [(name: XMLName, node: Int)] = []
        /// Fields whose path ends at this element: they take its text.
        var fields: [VacancyField] = []
        /// Fields that take an attribute of this element.
        var attributes: [(name: XMLName, field: VacancyField)] = []
    }

    var record: [XMLName]
    /// The record path as written, for locations ("/jobs/job[3]").
    var recordLabel: String
    var nodes: [Node] = [Node()]

    init(source: SourceDefinition) throws {
        guard let recordPath = source.record else {
            throw KaartenbakError(.configuration, "an xml source needs 'record'", at: Location(source: source.name, key: "record"))
        }
        let steps = try Self.steps(recordPath, source: source, key: "record")
        guard !steps.isEmpty, steps.allSatisfy({ !$0.attribute }) else {
            throw KaartenbakError(.configuration, "the record path '\(recordPath)' must name elements only",
                                  at: Location(source: source.name, key: "record"))
        }
        record = steps.map(\.name)
        recordLabel = "/" + recordPath.split(separator: "/").joined(separator: "/")
        for (field, paths) in source.fields.sorted(by: { $0.key < $1.key }) {
            for path in paths { try add(field, path: path, source: source) }
        }
    }

    private mutating func add(_ field: VacancyField, path: String, source: SourceDefinition) throws {
        var node = 0
        for step in try Self.steps(path, source: source, key: "fields.\(field.rawValue)") {
            if step.attribute {
                nodes[node].attributes.append((step.name, field))
                return
            }
            if let existing = nodes[node].children.first(where: { $0.name == step.name }) {
                node = existing.node
            } else {
                nodes.append(Node())
                nodes[node].children.append((step.name, nodes.count - 1))
                node = nodes.count - 1
            }
        }
        nodes[node].fields.append(field)
    }

    static func steps(_ path: String, source: SourceDefinition, key: String) throws -> [(name: XMLName, attribute: Bool)] {
        var result: [(name: XMLName, attribute: Bool)] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) where raw != "." {
            let at = Location(source: source.name, key: key)
            if raw == ".." {
                throw KaartenbakError(.configuration, "'..' in '\(path)': a streaming reader only sees inside the record", at: at)
            }
            let attribute = raw.hasPrefix("@")
            let step = attribute ? raw.dropFirst() : raw[...]
            let parts = step.split(separator: ":", omittingEmptySubsequences: false)
            switch parts.count {
            case 1:
                result.append((XMLName(uri: nil, local: String(parts[0])), attribute))
            case 2:
                guard let uri = source.namespaces[String(parts[0])] else {
                    throw KaartenbakError(.configuration, "namespace prefix '\(parts[0])' in '\(path)' is not declared", at: at)
                }
                result.append((XMLName(uri: uri, local: String(parts[1])), attribute))
            default:
                throw KaartenbakError(.configuration, "bad step '\(raw)' in '\(path)'", at: at)
            }
        }
        return result
    }
}
