import ArgumentParser

/// The `kaartenbak` command: the commands live here, the executable only calls `main()`.
public struct Kaartenbak: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaartenbak",
        abstract: "The nightly vacancy-integration pipeline: fetch, parse, normalise, dedupe, publish.",
        subcommands: [
            RunCommand.self, StatusCommand.self, RerunCommand.self, StageCommand.self,
        ])
    public init() {}
}
