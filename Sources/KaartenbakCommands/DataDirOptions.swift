import ArgumentParser
import Foundation

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
