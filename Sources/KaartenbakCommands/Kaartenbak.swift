import ArgumentParser

/// The `kaartenbak` command: the commands live here, the executable only calls `main()`.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct Kaartenbak: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaartenbak",
        abstract: "The nightly vacancy-integration pipeline: fetch, parse, normalise, dedupe, publish.",
        subcommands: [
            RunCommand.self, StatusCommand.self, RerunCommand.self, StageCommand.self,
            SourcesCommand.self, PreviewCommand.self, ChangesCommand.self, PruneCommand.self, ReportCommand.self,
        ])
    public init() {}
}

extension Kaartenbak {
    /// Parses the process arguments and runs the chosen command, async or not.
    /// (Top-level code resolves `main()` to the synchronous overload, which refuses async commands.)
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
