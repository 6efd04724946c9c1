import Foundation
import KaartenbakCore

/// Where the pipeline definition is, and so where the operators' classification overrides are (overrides.tsv
/// beside it), by one rule that every command follows, from whatever folder it is started:
///
/// 1. the file named with `--pipeline`;
/// 2. else `$KAARTENBAK_PIPELINE` (as the cron wrapper and the systemd unit set it);
/// 3. else the file the data directory's newest run was started from (a data directory belongs to one
///    pipeline: once it has run, every command given that `--data-dir` finds its pipeline);
/// 4. else the only `.yaml` file in `./pipelines/` (a checkout of this repository).
///
/// A file named by one of these that is not there is an error naming where the name came from: the rule never
/// falls through to the next place, which could hold another pipeline than the one meant.
public struct PipelineLocation: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        case option
        case environment
        case dataDirectory(runId: String)
        case pipelinesFolder
    }

    public static let environmentKey = "KAARTENBAK_PIPELINE"

    /// The pipeline file, an absolute path.
    public var file: String
    public var origin: Origin

    /// The overrides the review loop writes and runs apply: overrides.tsv beside the pipeline file.
    public var overrides: String {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("overrides.tsv").path
    }

    /// Where the file came from, for a person: "named by KAARTENBAK_PIPELINE".
    public var reason: String {
        switch origin {
        case .option: return "given with --pipeline"
        case .environment: return "named by \(Self.environmentKey)"
        case .dataDirectory(let runId): return "the pipeline the data directory's newest run (\(runId)) was started from"
        case .pipelinesFolder: return "the only pipeline in ./pipelines"
        }
    }

    public init(file: String, origin: Origin) {
        self.file = URL(fileURLWithPath: file).standardizedFileURL.path
        self.origin = origin
    }

    /// The pipeline by the rule above. `store` is the data directory's (nil for a command that has none).
    public static func resolve(option: String?, store: RunStore?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> PipelineLocation {
        guard let location = try find(option: option, store: store, environment: environment, currentDirectory: currentDirectory) else {
            let data = store.map { " (\($0.root) has no runs yet)" } ?? ""
            throw KaartenbakError(.notFound, "no pipeline given: name one with --pipeline FILE or \(environmentKey)=FILE\(data)")
        }
        return location
    }

    /// The pipeline by the rule above, or nil when nothing names one and ./pipelines holds none: for a command
    /// that works without (`classify` then applies no overrides).
    public static func find(option: String?, store: RunStore?,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> PipelineLocation? {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path).path
        }
        let location: PipelineLocation
        if let option {
            location = PipelineLocation(file: absolute(option), origin: .option)
        } else if let named = environment[environmentKey], !named.isEmpty {
            location = PipelineLocation(file: absolute(named), origin: .environment)
        } else if let store, let newest = store.runIds().first, let manifest = try? store.loadManifest(newest) {
            location = PipelineLocation(file: manifest.pipelineFile, origin: .dataDirectory(runId: newest))
        } else {
            let folder = absolute("pipelines")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            if names.isEmpty { return nil }
            guard names.count == 1 else {
                throw KaartenbakError(.usage, "./pipelines holds \(names.count) pipelines (\(names.joined(separator: ", "))): "
                    + "name one with --pipeline FILE or \(environmentKey)=FILE")
            }
            location = PipelineLocation(file: folder + "/" + names[0], origin: .pipelinesFolder)
        }
        guard FileManager.default.fileExists(atPath: location.file) else {
            throw KaartenbakError(.notFound, "cannot read pipeline file: No such file or directory (\(location.reason))",
                                  at: Location(file: location.file))
        }
        return location
    }
}
