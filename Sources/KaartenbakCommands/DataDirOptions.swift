import ArgumentParser
import Foundation

/// The data directory option every command shares.
public struct DataDirOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $KAARTENBAK_HOME or ./var).")
    var dataDir: String?

    public init() {}

    public var path: String {
        dataDir ?? ProcessInfo.processInfo.environment["KAARTENBAK_HOME"] ?? "var"
    }
}
