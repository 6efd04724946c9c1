import ArgumentParser
import Foundation
import Logging
import KaartenbakCore
#if canImport(Glibc)
import Glibc
#endif

/// Options shared by the commands that run pipeline work: where data lives and how to log.
public struct GlobalOptions: ParsableArguments {
    @OptionGroup var data: DataDirOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Log format: text (plain lines) or json (one object per line, for log shippers).")
    var logFormat: LogFormat = .text

    public init() {}

    public var dataDirectory: String { data.path }

    public func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown log level '\(logLevel)'")
        }
    }

    /// Bootstraps swift-log once for the process; only the CLI does this, never a library.
    func makeLogger() -> Logger {
        LoggingSetup.bootstrap(format: logFormat, level: Logger.Level(rawValue: logLevel) ?? .info)
        return Logger(label: "kaartenbak")
    }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

enum LoggingSetup {
    nonisolated(unsafe) private static var done = false

    static func bootstrap(format: LogFormat, level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, format: format)
            handler.logLevel = level
            return handler
        }
    }
}

/// Plain or JSON log lines on standard error: cron mails and log shippers read them.
struct LineLogHandler: LogHandler {
    static let onTerminal = isatty(STDERR_FILENO) == 1
    let label: String
    let format: LogFormat
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var all = metadata.merging(event.metadata ?? [:]) { $1 }
        if let error = event.error { all["error"] = "\(error)" }
        let time = ISO8601DateFormatter().string(from: Date())
        var text: String
        switch format {
        case .text:
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            text = "\(time) \(level.rawValue.uppercased()) \(message)\(fields.isEmpty ? "" : " " + fields)"
        case .json:
            var object: [String: String] = ["time": time, "level": level.rawValue, "message": "\(message)", "logger": label]
            for (key, value) in all { object[key] = "\(value)" }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            text = String(decoding: data, as: UTF8.self)
        }
        text += "\n"
        // On a terminal, clear the progress line first; the display redraws it.
        if Self.onTerminal { text = "\r\u{1B}[K" + text }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Exit codes, documented in the README for cron.
public enum ExitStatus {
    /// Everything succeeded.
    public static let ok: Int32 = 0
    /// Published, but at least one source failed (its previous vacancies were kept).
    public static let partial: Int32 = 3
    /// The run failed: nothing was published.
    public static let failed: Int32 = 4
    /// The SQLite catalogue was published, but a further publish target (PostgreSQL) failed; it still
    /// holds the night before. Wins over 3 when sources failed too.
    public static let targetFailed: Int32 = 5
    /// Another run holds the lock.
    public static let locked: Int32 = 75
    /// Disk or database error.
    public static let io: Int32 = 74
    /// A pipeline or source definition is invalid.
    public static let configuration: Int32 = 78
    /// Not found (run, source).
    public static let notFound: Int32 = 66
    /// Wrong command-line usage (as ArgumentParser's own validation errors exit).
    public static let usage: Int32 = 64

    static func code(for error: KaartenbakError) -> Int32 {
        switch error.code {
        case .configuration: return configuration
        case .locked: return locked
        case .io: return io
        case .notFound: return notFound
        case .target: return targetFailed
        case .usage: return usage
        default: return failed
        }
    }
}

/// Turns a KaartenbakError into a message on standard error and its documented exit code.
func commandFailure(_ error: any Error) -> ExitCode {
    if let error = error as? ExitCode { return error }
    if let error = error as? KaartenbakError {
        FileHandle.standardError.write(Data("kaartenbak: \(error)\n".utf8))
        // An input file that is not there is a name that does not exist (66), not a disk failure (74).
        if error.isMissingFile { return ExitCode(ExitStatus.notFound) }
        return ExitCode(ExitStatus.code(for: error))
    }
    // Never silent: whatever the error, one line says it.
    FileHandle.standardError.write(Data("kaartenbak: \(KaartenbakError(.io, "failed", cause: error as NSError).description)\n".utf8))
    return ExitCode(ExitStatus.failed)
}
