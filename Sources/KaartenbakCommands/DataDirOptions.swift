import ArgumentParser
import Foundation
import Logging
import Pipeline

/// The `--data-dir` option shared by commands that read or write the data directory.
public struct DataDirOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $KAARTENBAK_HOME, else ./var).")
    var dataDir: String?

    public init() {}

    /// The data directory: the option, else the KAARTENBAK_HOME environment variable, else "var".
    public var path: String {
        dataDir ?? ProcessInfo.processInfo.environment["KAARTENBAK_HOME"] ?? "var"
    }
}

/// `--pipeline`, found by the one rule every command follows (`PipelineLocation`): the option, else
/// $KAARTENBAK_PIPELINE, else the file the data directory's newest run used, else the only .yaml in ./pipelines.
struct PipelineOption: ParsableArguments {
    @Option(name: .shortAndLong, help: "Pipeline definition file (default: $KAARTENBAK_PIPELINE, else the one the data directory's newest run was started from, else the only .yaml in ./pipelines).")
    var pipeline: String?

    /// The pipeline file. When it was not named with --pipeline, where it was found is said: to `logger` when
    /// given (a run's log), else on standard error.
    func locate(dataDirectory: String?, logger: Logger? = nil) throws -> PipelineLocation {
        let location = try PipelineLocation.resolve(option: pipeline, store: dataDirectory.map { RunStore(root: $0) })
        announce(location, logger: logger)
        return location
    }

    /// The pipeline, or nil when nothing names one and ./pipelines holds none (said nowhere: for a command that
    /// only looks beside it for the overrides).
    func find(dataDirectory: String?) throws -> PipelineLocation? {
        try PipelineLocation.find(option: pipeline, store: dataDirectory.map { RunStore(root: $0) })
    }

    private func announce(_ location: PipelineLocation, logger: Logger?) {
        if location.origin != .option {
            if let logger {
                logger.info("pipeline \(location.file) (\(location.reason))")
            } else {
                FileHandle.standardError.write(Data("kaartenbak: pipeline \(location.file) (\(location.reason))\n".utf8))
            }
        }
    }
}
