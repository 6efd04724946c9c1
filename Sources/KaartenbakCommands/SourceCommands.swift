import ArgumentParser
import Foundation
import KaartenbakCore
import FeedReading
import Logging

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
        abstract: "Validate pipeline definitions: unknown keys, bad paths, missing mappings, missing local files.",
        discussion: "Exit status 0 when every file is valid, 78 otherwise.")

    @Argument(help: "Pipeline files (default: pipelines/*.yaml).")
    var files: [String] = []

    func run() throws {
        let files = pipelineFiles(files)
        guard !files.isEmpty else {
            print("no pipeline files found under pipelines/")
            throw ExitCode(ExitStatus.configuration)
        }
        var problems = 0
        for file in files {
            do {
                let definition = try DefinitionLoader.load(file: file)
                var missing: [String] = []
                for source in definition.sources where !source.isRemote {
                    let path = definition.localPath(of: source)
                    if !FileManager.default.fileExists(atPath: path) {
                        missing.append("\(file): source '\(source.name)': local file \(path) does not exist")
                    }
                }
                if missing.isEmpty {
                    print("ok    \(file): pipeline '\(definition.name)', \(definition.sources.count) sources")
                } else {
                    problems += missing.count
                    missing.forEach { print("error \($0)") }
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
