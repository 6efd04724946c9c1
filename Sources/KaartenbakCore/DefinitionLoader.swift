import Foundation
import Yams

/// Reads pipeline files (YAML) into definitions, refusing anything it does not understand
/// with the file, line, source and key named: an operator edits these by hand.
public enum DefinitionLoader {
    static let pipelineKeys: Set<String> = ["version", "pipeline", "region", "local_root", "sources", "publish", "identity"]
    static let sourceKeys: Set<String> = [
        "name", "publisher", "region", "url", "format", "encoding", "delimiter", "record",
        "namespaces", "fields", "priority", "limits", "max_reject_rate", "headers", "paging",
        "may_be_empty", "min_records", "allow_empty",
    ]
    static let limitKeys: Set<String> = [
        "max_bytes", "connect_timeout", "timeout", "max_redirects", "low_speed_bytes", "low_speed_time",
        "max_record_bytes", "max_title_bytes", "max_description_bytes", "max_field_bytes", "max_tag_bytes",
        "max_quoted_cell_bytes", "parse_timeout",
    ]
    static let pagingKeys: Set<String> = ["next_link", "parameter", "start", "step", "max_pages"]
    static let publishKeys: Set<String> = ["max_drop_share", "export", "targets"]
    static let identityKeys: Set<String> = ["repost_gap_days", "reopen_within_days"]
    static let encodings: Set<String> = ["auto", "utf-8", "utf-16", "windows-1252", "iso-8859-1"]

    /// Loads and validates a pipeline file.
    public static func load(file path: String) throws -> PipelineDefinition {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KaartenbakError(.configuration, "cannot read pipeline file", at: Location(file: path),
                                  cause: error as NSError)
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses a pipeline definition from YAML text; `file` is used in messages and to resolve paths.
    public static func parse(yaml text: String, file: String) throws -> PipelineDefinition {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw KaartenbakError(.configuration, "the pipeline file is empty", at: Location(file: file))
            }
            root = node
        } catch let error as KaartenbakError {
            throw error
        } catch {
            throw KaartenbakError(.configuration, "not valid YAML: \(error)", at: Location(file: file))
        }
        let reader = Reader(file: file)
        let top = try reader.mapping(root, context: Location(file: file), allowed: pipelineKeys)

        let version = try top["version"].map { try reader.int($0, key: "version", at: Location(file: file)) }
        guard let version else {
            throw reader.error("missing 'version' (this build reads version \(PipelineDefinition.formatVersion))",
                               node: root, at: Location(file: file, key: "version"))
        }
        guard version == PipelineDefinition.formatVersion else {
            throw reader.error("unsupported version \(version); this build reads version \(PipelineDefinition.formatVersion)",
                               node: top["version"], at: Location(file: file, key: "version"))
        }
        let name = try top["pipeline"].map { try reader.string($0, at: Location(file: file, key: "pipeline")) }
            ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let region = try top["region"].map { try reader.string($0, at: Location(file: file, key: "region")) }

        var publish = PublishSettings()
        if let node = top["publish"] {
            let at = Location(file: file, key: "publish")
            let map = try reader.mapping(node, context: at, allowed: publishKeys)
            if let share = map["max_drop_share"] {
                publish.maxDropShare = try reader.share(share, at: Location(file: file, key: "publish.max_drop_share"))
            }
            if let export = map["export"] {
                publish.export = try reader.bool(export, at: Location(file: file, key: "publish.export"))
            }
            if let targets = map["targets"] {
                publish.targets = try reader.targets(targets, at: Location(file: file, key: "publish.targets"))
            }
        }
        var identity = IdentitySettings()
        if let node = top["identity"] {
            let map = try reader.mapping(node, context: Location(file: file, key: "identity"), allowed: identityKeys)
            for (key, path) in [("repost_gap_days", \IdentitySettings.repostGapDays),
                                ("reopen_within_days", \IdentitySettings.reopenWithinDays)] {
                guard let value = map[key] else { continue }
                let at = Location(file: file, key: "identity." + key)
                let days = try reader.int(value, key: key, at: at)
                guard days >= 0 else { throw reader.error("expected a number of days (0 or more), found \(days)", node: value, at: at) }
                identity[keyPath: path] = days
            }
        }

        guard let sourcesNode = top["sources"], case .sequence(let sequence) = sourcesNode else {
            throw reader.error("'sources' must be a list of sources", node: top["sources"] ?? root,
                               at: Location(file: file, key: "sources"))
        }
        var sources: [SourceDefinition] = []
        var seen: Set<String> = []
        for (index, node) in sequence.enumerated() {
            let source = try reader.source(node, index: index, defaultRegion: region)
            guard seen.insert(source.name).inserted else {
                throw reader.error("duplicate source name", node: node, at: Location(source: source.name, file: file, key: "name"))
            }
            sources.append(source)
        }
        if sources.isEmpty {
            throw reader.error("the pipeline has no sources", node: sourcesNode, at: Location(file: file, key: "sources"))
        }
        var definition = PipelineDefinition(version: version, name: name, region: region, file: file,
                                            sources: sources, publish: publish, identity: identity)
        if let node = top["local_root"] {
            // Local feed paths must stay under this folder: a pipeline that names /etc/passwd is refused on loading.
            let root = definition.resolve(try reader.string(node, at: Location(file: file, key: "local_root")))
            definition.localRoot = root
            for (index, source) in sources.enumerated() where !source.isRemote {
                let path = definition.localPath(of: source)
                guard path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
                    throw reader.error("the local path \(path) is outside local_root \(root)", node: sequence[index]["url"] ?? node,
                                       at: Location(source: source.name, file: file, key: "url"))
                }
            }
        }
        return definition
    }

    /// Walks YAML nodes, turning every wrong shape into a located configuration error.
    struct Reader {
        let file: String

        func error(_ message: String, node: Node?, at location: Location) -> KaartenbakError {
            var location = location
            location.file = file
            if let line = node?.mark?.line { location.line = line }
            return KaartenbakError(.configuration, message, at: location)
        }

        func mapping(_ node: Node, context: Location, allowed: Set<String>) throws -> [String: Node] {
            guard case .mapping(let mapping) = node else {
                throw error("expected a mapping of keys", node: node, at: context)
            }
            var result: [String: Node] = [:]
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else {
                    throw error("keys must be text", node: keyNode, at: context)
                }
                var at = context
                at.key = context.key.map { "\($0).\(key)" } ?? key
                guard allowed.contains(key) else {
                    let known = allowed.sorted().joined(separator: ", ")
                    throw error("unknown key '\(key)' (known: \(known))", node: keyNode, at: at)
                }
                guard result[key] == nil else { throw error("duplicate key '\(key)'", node: keyNode, at: at) }
                result[key] = value
            }
            return result
        }

        func string(_ node: Node, at location: Location) throws -> String {
            guard case .scalar(let scalar) = node else {
                throw error("expected a single value", node: node, at: location)
            }
            return scalar.string
        }

        func int(_ node: Node, key: String, at location: Location) throws -> Int {
            let text = try string(node, at: location)
            guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
                throw error("expected a whole number, found '\(text)'", node: node, at: location)
            }
            return value
        }

        func bool(_ node: Node, at location: Location) throws -> Bool {
            let text = try string(node, at: location)
            switch text.lowercased() {
            case "true", "yes": return true
            case "false", "no": return false
            default: throw error("expected true or false, found '\(text)'", node: node, at: location)
            }
        }

        func double(_ node: Node, at location: Location) throws -> Double {
            let text = try string(node, at: location)
            guard let value = Double(text), value >= 0 else {
                throw error("expected a non-negative number, found '\(text)'", node: node, at: location)
            }
            return value
        }

        /// `[sqlite, postgres]`: known names, each once, SQLite among them (it is the system of record:
        /// the other targets copy what it committed).
        func targets(_ node: Node, at location: Location) throws -> [PublishTarget] {
            guard case .sequence(let sequence) = node else {
                throw error("expected a list of targets, e.g. [sqlite, postgres]", node: node, at: location)
            }
            var targets: [PublishTarget] = []
            for item in sequence {
                let name = try string(item, at: location)
                guard let target = PublishTarget(rawValue: name) else {
                    let known = PublishTarget.allCases.map(\.rawValue).joined(separator: ", ")
                    throw error("unknown publish target '\(name)' (known: \(known))", node: item, at: location)
                }
                guard !targets.contains(target) else { throw error("duplicate publish target '\(name)'", node: item, at: location) }
                targets.append(target)
            }
            guard targets.contains(.sqlite) else {
                throw error("the targets must include sqlite: it is the catalogue the other targets copy", node: node, at: location)
            }
            // SQLite first whatever the order written: the others copy its committed night.
            return [.sqlite] + targets.filter { $0 != .sqlite }
        }

        func share(_ node: Node, at location: Location) throws -> Double {
            let value = try double(node, at: location)
            guard value <= 1 else { throw error("expected a share from 0 to 1, found \(value)", node: node, at: location) }
            return value
        }

        func stringMap(_ node: Node, at location: Location) throws -> [String: String] {
            guard case .mapping(let mapping) = node else {
                throw error("expected a mapping", node: node, at: location)
            }
            var result: [String: String] = [:]
            for (key, value) in mapping {
                guard let name = key.string else { throw error("keys must be text", node: key, at: location) }
                var at = location
                at.key = "\(location.key ?? "").\(name)"
                result[name] = try string(value, at: at)
            }
            return result
        }

        func source(_ node: Node, index: Int, defaultRegion: String?) throws -> SourceDefinition {
            var context = Location(file: file, key: "sources[\(index)]")
            // Name the source in every error, including unknown keys found before 'name' is read.
            if let name = node["name"]?.string { context.source = name }
            let map = try mapping(node, context: context, allowed: DefinitionLoader.sourceKeys)
            guard let nameNode = map["name"] else {
                throw error("a source needs a 'name'", node: node, at: Location(file: file, key: "sources[\(index)].name"))
            }
            let name = try string(nameNode, at: context)
            func at(_ key: String) -> Location { Location(source: name, file: file, key: key) }
            func required(_ key: String) throws -> Node {
                guard let value = map[key] else { throw error("missing required key '\(key)'", node: node, at: at(key)) }
                return value
            }
            func oneOf<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T where T.RawValue == String {
                let node = try required(key)
                let text = try string(node, at: at(key))
                guard let value = T(rawValue: text.lowercased()) else {
                    let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                    throw error("'\(text)' is not one of: \(allowed)", node: node, at: at(key))
                }
                return value
            }

            guard name.range(of: "^[a-z0-9][a-z0-9._-]*$", options: .regularExpression) != nil else {
                throw error("source names use lower-case letters, digits, '.', '_' and '-' (they name files)",
                            node: nameNode, at: at("name"))
            }
            let publisher = try oneOf("publisher", PublisherKind.self)
            let format = try oneOf("format", FeedFormat.self)
            let urlNode = try required("url")
            let url = try string(urlNode, at: at("url"))
            if let scheme = url.range(of: "^[A-Za-z][A-Za-z0-9+.-]*://", options: .regularExpression) {
                let lower = url[scheme].lowercased()
                guard ["http://", "https://"].contains(lower) else {
                    let hint = lower == "file://" ? " (write the local path itself, without file://)" : ""
                    throw error("only http, https and local paths are allowed, not '\(url[scheme])'\(hint)", node: urlNode, at: at("url"))
                }
            }

            var source = SourceDefinition(name: name, publisher: publisher, region: defaultRegion, url: url,
                                          format: format, fields: [:])
            if let node = map["region"] { source.region = try string(node, at: at("region")) }
            if let node = map["encoding"] {
                let encoding = try string(node, at: at("encoding")).lowercased()
                guard DefinitionLoader.encodings.contains(encoding) else {
                    throw error("unknown encoding '\(encoding)' (known: \(DefinitionLoader.encodings.sorted().joined(separator: ", ")))",
                                node: node, at: at("encoding"))
                }
                source.encoding = encoding
            }
            if let node = map["delimiter"] {
                let delimiter = try string(node, at: at("delimiter"))
                let allowed = [";", ",", "\t", "|", "tab"]
                guard allowed.contains(delimiter) else {
                    throw error("delimiter must be one of ; , | or tab", node: node, at: at("delimiter"))
                }
                source.delimiter = delimiter == "tab" ? "\t" : delimiter
                if format != .csv { throw error("'delimiter' applies to csv sources only", node: node, at: at("delimiter")) }
            }
            if let node = map["record"] { source.record = try string(node, at: at("record")) }
            if format == .xml, source.record == nil {
                throw error("an xml source needs 'record': the path of the element that holds one vacancy",
                            node: node, at: at("record"))
            }
            if let node = map["namespaces"] { source.namespaces = try stringMap(node, at: at("namespaces")) }
            if let node = map["priority"] { source.priority = try int(node, key: "priority", at: at("priority")) }
            if let node = map["max_reject_rate"] { source.maxRejectRate = try share(node, at: at("max_reject_rate")) }
            if let node = map["may_be_empty"] { source.mayBeEmpty = try bool(node, at: at("may_be_empty")) }
            if let node = map["min_records"] { source.minRecords = try int(node, key: "min_records", at: at("min_records")) }
            if let node = map["headers"] { source.headers = try stringMap(node, at: at("headers")) }
            if let node = map["limits"] {
                let limits = try mapping(node, context: at("limits"), allowed: DefinitionLoader.limitKeys)
                if let v = limits["max_bytes"] { source.limits.maxBytes = try int(v, key: "max_bytes", at: at("limits.max_bytes")) }
                if let v = limits["connect_timeout"] { source.limits.connectTimeout = try double(v, at: at("limits.connect_timeout")) }
                if let v = limits["timeout"] { source.limits.timeout = try double(v, at: at("limits.timeout")) }
                if let v = limits["max_redirects"] { source.limits.maxRedirects = try int(v, key: "max_redirects", at: at("limits.max_redirects")) }
                if let v = limits["low_speed_bytes"] { source.limits.lowSpeedBytes = try int(v, key: "low_speed_bytes", at: at("limits.low_speed_bytes")) }
                if let v = limits["low_speed_time"] { source.limits.lowSpeedTime = try double(v, at: at("limits.low_speed_time")) }
                func bytes(_ key: String) throws -> Int? {
                    guard let v = limits[key] else { return nil }
                    let value = try int(v, key: key, at: at("limits." + key))
                    guard value > 0 else { throw error("'\(key)' must be a positive number of bytes", node: v, at: at("limits." + key)) }
                    return value
                }
                if let v = try bytes("max_record_bytes") { source.read.maxRecordBytes = v }
                if let v = try bytes("max_title_bytes") { source.read.maxTitleBytes = v }
                if let v = try bytes("max_description_bytes") { source.read.maxDescriptionBytes = v }
                if let v = try bytes("max_field_bytes") { source.read.maxFieldBytes = v }
                if let v = try bytes("max_tag_bytes") { source.read.maxTagBytes = v }
                if let v = try bytes("max_quoted_cell_bytes") { source.read.maxQuotedCellBytes = v }
                if let v = limits["parse_timeout"] { source.read.parseTimeout = try double(v, at: at("limits.parse_timeout")) }
            }
            if let node = map["paging"] {
                let paging = try mapping(node, context: at("paging"), allowed: DefinitionLoader.pagingKeys)
                var definition = PagingDefinition()
                if let v = paging["next_link"] { definition.nextLink = try string(v, at: at("paging.next_link")) }
                if let v = paging["parameter"] { definition.parameter = try string(v, at: at("paging.parameter")) }
                if let v = paging["start"] { definition.start = try int(v, key: "start", at: at("paging.start")) }
                if let v = paging["step"] { definition.step = try int(v, key: "step", at: at("paging.step")) }
                if let v = paging["max_pages"] { definition.maxPages = try int(v, key: "max_pages", at: at("paging.max_pages")) }
                guard (definition.nextLink == nil) != (definition.parameter == nil) else {
                    throw error("paging needs exactly one of 'next_link' and 'parameter'", node: node, at: at("paging"))
                }
                guard definition.maxPages > 0, definition.step != 0 else {
                    throw error("paging needs max_pages > 0 and a non-zero step", node: node, at: at("paging"))
                }
                if definition.nextLink != nil, format != .xml {
                    throw error("'next_link' paging applies to xml sources only", node: node, at: at("paging.next_link"))
                }
                source.paging = definition
            }

            let fieldsNode = try required("fields")
            guard case .mapping(let fieldMap) = fieldsNode else {
                throw error("'fields' maps field names to paths or columns", node: fieldsNode, at: at("fields"))
            }
            for (keyNode, value) in fieldMap {
                let key = keyNode.string ?? ""
                guard let field = VacancyField(rawValue: key) else {
                    let known = VacancyField.allCases.map(\.rawValue).joined(separator: ", ")
                    throw error("unknown field '\(key)' (known: \(known))", node: keyNode, at: at("fields.\(key)"))
                }
                let paths: [String]
                switch value {
                case .scalar(let scalar): paths = [scalar.string]
                case .sequence(let items): paths = try items.map { try string($0, at: at("fields.\(key)")) }
                default: throw error("a field maps to a path or a list of paths", node: value, at: at("fields.\(key)"))
                }
                guard !paths.isEmpty, paths.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                    throw error("empty path", node: value, at: at("fields.\(key)"))
                }
                if format == .xml {
                    for path in paths { try checkXMLPath(path, namespaces: source.namespaces, node: value, at: at("fields.\(key)")) }
                }
                source.fields[field] = paths
            }
            if let node = map["allow_empty"] {
                let names: [String]
                switch node {
                case .scalar(let scalar): names = [scalar.string]
                case .sequence(let items): names = try items.map { try string($0, at: at("allow_empty")) }
                default: throw error("'allow_empty' lists mapped fields, e.g. [place, salary]", node: node, at: at("allow_empty"))
                }
                for name in names {
                    guard let field = VacancyField(rawValue: name), source.fields[field] != nil else {
                        let mapped = source.fields.keys.map(\.rawValue).sorted().joined(separator: ", ")
                        throw error("'\(name)' in allow_empty is not a mapped field (mapped: \(mapped))", node: node, at: at("allow_empty"))
                    }
                    source.allowEmpty.append(field)
                }
                source.allowEmpty = Array(Set(source.allowEmpty)).sorted()
            }
            if format == .xml, let record = source.record {
                try checkXMLPath(record, namespaces: source.namespaces, node: map["record"], at: at("record"))
            }
            for field in VacancyField.required where source.fields[field] == nil {
                throw error("missing required field mapping '\(field.rawValue)'", node: fieldsNode, at: at("fields.\(field.rawValue)"))
            }
            return source
        }

        /// XML paths: steps separated by '/', each `name` or `prefix:name`, the last may be `@attribute`. `..` is
        /// refused here as the reader refuses it: a streaming reader only sees inside the record, and `sources check`
        /// must not pass a definition the run then fails.
        func checkXMLPath(_ path: String, namespaces: [String: String], node: Node?, at location: Location) throws {
            let steps = path.split(separator: "/", omittingEmptySubsequences: true)
            for (i, step) in steps.enumerated() {
                var name = Substring(step)
                if name == "." { continue }
                if name == ".." {
                    throw error("'..' in '\(path)': a streaming reader only sees inside the record", node: node, at: location)
                }
                if name.hasPrefix("@") {
                    guard i == steps.count - 1 else { throw error("'@attribute' may only end a path: '\(path)'", node: node, at: location) }
                    name = name.dropFirst()
                }
                let parts = name.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
                    throw error("bad step '\(step)' in path '\(path)'", node: node, at: location)
                }
                if parts.count == 2, namespaces[String(parts[0])] == nil {
                    throw error("namespace prefix '\(parts[0])' in '\(path)' is not declared under 'namespaces'", node: node, at: location)
                }
            }
        }
    }
}
