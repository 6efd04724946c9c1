import ArgumentParser

/// The `kaartenbak` command.
public struct Kaartenbak: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaartenbak",
        abstract: "The nightly vacancy-integration pipeline.")
    public init() {}
}
