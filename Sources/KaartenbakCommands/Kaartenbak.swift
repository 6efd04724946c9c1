import KaartenbakCore
import ArgumentParser

/// The `kaartenbak` command: the commands live here, the executable only calls `runFromCommandLine()`.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct Kaartenbak: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaartenbak",
        abstract: "The nightly vacancy-integration pipeline: fetch, parse, normalise, dedupe, publish.",
        discussion: """
        Data lives in --data-dir (default $KAARTENBAK_HOME, else ./var). Exit status: 0 ok, \
        3 published with sources failed or read in part, 4 nothing published, 64 usage, 66 the run, source or \
        file named does not exist, 74 disk or database error, 75 another run holds the lock, 78 invalid definition.
        """,
        version: Kaartenbak.version,
        subcommands: [
            RunCommand.self, StatusCommand.self, RerunCommand.self, StageCommand.self, ReportCommand.self,
            ChangesCommand.self, ExportCommand.self, StatsCommand.self, PruneCommand.self, ServeCommand.self,
            SourcesCommand.self, PreviewCommand.self,
            ClassifyCommand.self, TaxonomyCommand.self, ReviewCommand.self, GeoCommand.self, SignalsCommand.self,
            DedupeEvaluateCommand.self, GenerateCommand.self,
            BenchCommand.self,
        ])
    public init() {}

    /// The program's version (`kaartenbak --version`); the dedupe state and step caches key on the build itself.
    public static let version = "0.3.0"
}

/// `kaartenbak bench`: the benchmarks; run them on a release build.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release first).",
        subcommands: [BenchNightCommand.self, BenchParseCommand.self, BenchClassifyCommand.self, BenchDedupeCommand.self, BenchDedupeStageCommand.self])
}

extension Kaartenbak {
    /// Parses the process arguments and runs the chosen command, async or not. Not ArgumentParser's `main()`: that
    /// one gives every error it does not know exit code 1 and has no hook for others (its MessageInfo), and the
    /// README's exit codes (66, 74, 78, ...) are what cron and operators branch on. ArgumentParser still parses,
    /// and its own errors (usage, --help, --version) still go through its `exit(withError:)`.
    public static func runFromCommandLine() async {
        let parsed: ParsableCommand
        // Usage, --help and --version: ArgumentParser's own words and codes (64 for usage).
        do { parsed = try parseAsRoot() } catch { exit(withError: error) }
        do {
            if var asyncCommand = parsed as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = parsed
                try command.run()
            }
        } catch let error where error is ValidationError || error is CleanExit || error is ExitCode
                                    // `kaartenbak run --help`: the parsed command is ArgumentParser's help, whose run
                                    // throws its own (internal) error, which it knows to exit 0 for.
                                    || exitCode(for: error) != .failure {
            exit(withError: error)
        } catch {
            // Whatever a command threw: one line naming what and why, and the README's exit code (ArgumentParser's
            // `main` would give any error it does not know exit code 1).
            exit(withError: commandFailure(error))
        }
    }
}
