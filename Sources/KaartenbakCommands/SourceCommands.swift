import ArgumentParser
import Foundation
import KaartenbakCore
import FeedReading
import Logging
import Pipeline

/// `kaartenbak sources`: onboarding tools for operators.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Check and list source definitions.",
        subcommands: [SourcesCheckCommand.self, SourcesListCommand.self])
}

/// Loads the given pipeline files, or every pipelines/*.yaml.
func pipelineFiles(_ given: [String]) -> [String] {
    if !given.isEmpty { return given }
    let folder = "pipelines"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "\(folder)/\($0)" }
}

struct SourcesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate pipeline definitions, and compare each source's mapping with its file's columns, elements or keys.",
        discussion: """
        A local source is compared with its file; a remote one with the payload the newest run in the data \
        directory landed for it (when there is none, the check says so). Exit status 0 when every file is \
        valid and every mapped name is in its file, 78 otherwise.
        """)

    @OptionGroup var data: DataDirOptions

    @Argument(help: "Pipeline files (default: pipelines/*.yaml).")
    var files: [String] = []

    func run() throws {
        let files = pipelineFiles(files)
        guard !files.isEmpty else {
            print("no pipeline files found under pipelines/")
            throw ExitCode(ExitStatus.configuration)
        }
        let store = RunStore(root: data.path)
        var problems = 0
        for file in files {
            do {
                let definition = try DefinitionLoader.load(file: file)
                var errors: [String] = []
                var notes: [String] = []
                for source in definition.sources {
                    let sample: String
                    let described: String
                    if source.isRemote {
                        guard let landed = store.lastLandedPayload(of: source.name) else {
                            notes.append("\(file): source '\(source.name)' is remote and no run in \(store.runsDirectory) has landed its payload: nothing to compare its mapping with (check again after a run)")
                            continue
                        }
                        sample = landed.files[0]
                        described = "run \(landed.runId)'s payload \(sample)" + (landed.files.count > 1 ? " (page 1 of \(landed.files.count))" : "")
                    } else {
                        sample = definition.localPath(of: source)
                        guard FileManager.default.fileExists(atPath: sample) else {
                            errors.append("\(file): source '\(source.name)': local file \(sample) does not exist")
                            continue
                        }
                        described = sample
                    }
                    do {
                        let check = try FeedReader(source: source, logger: Logger(label: "kaartenbak.sources")).checkMapping(file: sample)
                        for unknown in check.unknown {
                            let nearest = unknown.nearest.isEmpty ? "no similar \(check.kind) names"
                                : "nearest: " + unknown.nearest.map { "'\($0)'" }.joined(separator: ", ")
                            errors.append("\(file): source '\(source.name)', key '\(unknown.key)': \(check.kind) '\(unknown.name)' is not in \(described) (\(nearest))")
                        }
                        if check.unknown.isEmpty {
                            let seen = check.kind == "column" ? "its header" : "\(check.records) record\(check.records == 1 ? "" : "s")"
                            notes.append("\(file): source '\(source.name)': every mapped \(check.kind) is in \(seen) of \(described)")
                        }
                    } catch {
                        errors.append("\(file): source '\(source.name)': cannot compare the mapping with \(described): \(error)")
                    }
                }
                notes.forEach { print("      \($0)") }
                if errors.isEmpty {
                    print("ok    \(file): pipeline '\(definition.name)', \(definition.sources.count) sources")
                } else {
                    problems += errors.count
                    errors.forEach { print("error \($0)") }
                }
            } catch {
                problems += 1
                print("error \(error)")
            }
        }
        if problems > 0 { throw ExitCode(ExitStatus.configuration) }
    }
}

struct SourcesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sources of pipeline definitions.")

    @Argument(help: "Pipeline files (default: pipelines/*.yaml).")
    var files: [String] = []

    func run() throws {
        for file in pipelineFiles(files) {
            do {
                let definition = try DefinitionLoader.load(file: file)
                for source in definition.sources {
                    print("\(definition.name.padding(16)) \(source.name.padding(24)) \(source.publisher.rawValue.padding(26)) \(source.format.rawValue.padding(4)) \(source.url)")
                }
            } catch {
                throw commandFailure(error)
            }
        }
    }
}

/// `kaartenbak preview`: what a source definition makes of a sample file, before it goes live.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the first records and rejects a source definition reads from a file.")

    @Argument(help: "Source name.")
    var source: String

    @Option(name: .shortAndLong, help: "Pipeline definition file.")
    var pipeline: String = "pipelines/west-brabant.yaml"

    @Option(help: "Read this file instead of the source's own (local) url.")
    var file: String?

    @Option(help: "How many records to show.")
    var limit: Int = 10

    @Option(help: "table or ndjson.")
    var format: PreviewFormat = .table

    enum PreviewFormat: String, ExpressibleByArgument, CaseIterable { case table, ndjson }

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        do {
            let definition = try DefinitionLoader.load(file: pipeline)
            guard let source = definition.source(named: source) else {
                throw KaartenbakError(.notFound, "no source '\(self.source)' in \(pipeline) (known: \(definition.sources.map(\.name).joined(separator: ", ")))")
            }
            guard let path = file ?? (source.isRemote ? nil : definition.localPath(of: source)) else {
                throw KaartenbakError(.usage, "source '\(source.name)' is remote: give a sample with --file")
            }
            // Stops reading once `limit` records are in: a sample may be a whole night's feed.
            let (records, rejects) = try FeedReader(source: source, logger: Logger(label: "kaartenbak.preview"))
                .preview(file: path, limit: limit)
            switch format {
            case .ndjson:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for record in records { print(String(decoding: try encoder.encode(record), as: UTF8.self)) }
                for reject in rejects { print(String(decoding: try encoder.encode(["reject": reject]), as: UTF8.self)) }
            case .table:
                for record in records {
                    print("── \(record.location)")
                    for (field, texts) in record.fields.sorted(by: { $0.key < $1.key }) {
                        let value = texts.joined(separator: " | ").replacingOccurrences(of: "\n", with: "⏎")
                        print("  \(field.rawValue.padding(14)) \(value.count > 100 ? String(value.prefix(100)) + "…" : value)")
                    }
                }
                for reject in rejects { print("REJECT \(reject.location): \(reject.reason)") }
            }
            FileHandle.standardError.write(Data("first \(records.count) records and \(rejects.count) rejects of \(path)\n".utf8))
        } catch {
            throw commandFailure(error)
        }
    }
}
