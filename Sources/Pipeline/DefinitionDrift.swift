import Foundation
import KaartenbakCore

/// How a run's pinned copy of its definition (runs/<id>/pipeline.yaml) differs from the pipeline file it was
/// started from, as that file reads now. A rerun reads the pinned copy, so an operator who fixed the file
/// and reran would meet the old mistake again without a word: this says so.
public struct DefinitionDrift: Sendable, Equatable {
    /// The pipeline file the run was started from.
    public var file: String
    /// Sources in both whose definitions differ.
    public var changed: [String]
    /// Sources the file has and the pinned copy has not, and the other way round.
    public var added: [String]
    public var removed: [String]
    /// Pipeline-wide settings (publish, identity, local_root, name, region) differ.
    public var settings: Bool

    public var isEmpty: Bool { changed.isEmpty && added.isEmpty && removed.isEmpty && !settings }

    public init(pinned: PipelineDefinition, current: PipelineDefinition) {
        file = current.file
        let currentNames = Set(current.sources.map(\.name)), pinnedNames = Set(pinned.sources.map(\.name))
        changed = pinned.sources.filter { source in current.source(named: source.name).map { $0 != source } ?? false }.map(\.name)
        added = current.sources.map(\.name).filter { !pinnedNames.contains($0) }
        removed = pinned.sources.map(\.name).filter { !currentNames.contains($0) }
        settings = pinned.publish != current.publish || pinned.identity != current.identity || pinned.localRoot != current.localRoot
            || pinned.name != current.name || pinned.region != current.region
    }

    /// What differs, in a few words: "sources gemeente-breda, uwv-werk-nl differ; adds source x".
    public var summary: String {
        var parts: [String] = []
        if !changed.isEmpty { parts.append("source\(changed.count == 1 ? "" : "s") \(changed.joined(separator: ", ")) differ\(changed.count == 1 ? "s" : "")") }
        if !added.isEmpty { parts.append("it adds \(added.joined(separator: ", "))") }
        if !removed.isEmpty { parts.append("it removes \(removed.joined(separator: ", "))") }
        if settings { parts.append("the pipeline settings differ") }
        return parts.joined(separator: "; ")
    }
}

extension PipelineRunner {
    /// The run's pinned definition and how the pipeline file it was started from differs from it now; nil
    /// drift when the file is gone. A file that no longer loads is an error naming why.
    public func definitionDrift(runId: String) throws -> (pinned: PipelineDefinition, current: PipelineDefinition?, drift: DefinitionDrift?) {
        let manifest = try store.loadManifest(runId)
        let pinned = try store.pinnedDefinition(runId, file: manifest.pipelineFile)
        guard FileManager.default.fileExists(atPath: manifest.pipelineFile) else { return (pinned, nil, nil) }
        let current = try DefinitionLoader.load(file: manifest.pipelineFile)
        return (pinned, current, DefinitionDrift(pinned: pinned, current: current))
    }
}
