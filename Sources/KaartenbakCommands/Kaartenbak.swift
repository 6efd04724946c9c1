import ArgumentParser

/// The `kaartenbak` command.
@available(macOS 10.15, *)
public struct Kaartenbak: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaartenbak",
        abstract: "The nightly vacancy-integration pipeline.",
        subcommands: [GenerateCommand.self, DedupeEvaluateCommand.self, LocalBench.self])
    public init() {}
}

struct LocalBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", subcommands: [BenchDedupeCommand.self])
}
