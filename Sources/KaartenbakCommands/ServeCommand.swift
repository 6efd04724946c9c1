import ArgumentParser
import Catalogue
import CatalogueAPI
import Foundation
import KaartenbakCore
import Logging
import Pipeline

/// `kaartenbak serve`: the published catalogue as a read-only HTTP API (docs/serve.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the published catalogue: a read-only HTTP API (GET /vacancies, /changes, /stats, /openapi.yaml) and web pages (/, /v/ID, /review).",
        discussion: """
            Follows the catalogue across publishes without a restart. Prints 'listening on URL' on standard \
            output once the port is open. Stops on SIGINT or SIGTERM. Exit status: 66 no catalogue, 74 cannot \
            listen, 64 usage. The review pages (/review) are on only when KAARTENBAK_REVIEW_TOKEN is set; \
            their decisions go to --overrides, never to the catalogue.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address and port to listen on (port 0: any free port).")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "Allow this origin (or *) to read the API from a browser page (CORS); default: no CORS headers.")
    var cors: String?

    @Option(help: "Largest page of a list.")
    var maxPageSize: Int = 500

    @Option(help: "Stop a query after this many milliseconds (503).")
    var queryTimeoutMs: Int = 2000

    @OptionGroup var pipeline: PipelineOption

    @Option(help: "Overrides file the review page's decisions are written to (default: overrides.tsv beside the pipeline, as review decide).")
    var overrides: String?

    func validate() throws {
        _ = try address()
        guard maxPageSize >= 1 else { throw ValidationError("--max-page-size must be at least 1") }
        guard queryTimeoutMs >= 1 else { throw ValidationError("--query-timeout-ms must be at least 1") }
        // A short token is a guessable one: refused before the port opens (usage, 64).
        if let token = Self.reviewToken, token.utf8.count < 16 {
            throw ValidationError("KAARTENBAK_REVIEW_TOKEN must be at least 16 characters")
        }
    }

    /// The review pages' token: from the environment only, so it is in no command line or log. Unset
    /// or empty: the review pages are off.
    static var reviewToken: String? {
        ProcessInfo.processInfo.environment["KAARTENBAK_REVIEW_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Host and port of `--listen` ("127.0.0.1:8080", "[::1]:8080").
    func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT (e.g. 127.0.0.1:8080), not '\(listen)'")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen needs a host, e.g. 127.0.0.1:\(port)") }
        return (host, port)
    }

    func run() async throws {
        let logger = global.makeLogger()
        let (host, port) = try address()
        var settings = CatalogueServer.Settings(cataloguePath: RunStore(root: global.dataDirectory).cataloguePath)
        settings.host = host
        settings.port = port
        settings.corsOrigin = cors
        settings.maxPageSize = maxPageSize
        settings.defaultPageSize = min(settings.defaultPageSize, maxPageSize)
        settings.queryTimeout = .milliseconds(queryTimeoutMs)
        if let overrides {
            settings.overridesPath = overrides
        } else if Self.reviewToken != nil {
            // Only the review pages write overrides: without them serve needs no pipeline.
            do { settings.overridesPath = try pipeline.locate(dataDirectory: global.dataDirectory).overrides } catch { throw commandFailure(error) }
        }
        settings.dataDirectory = global.dataDirectory
        // The review pages' token: from the environment only, so it is in no command line or log.
        settings.reviewToken = Self.reviewToken
        let server = CatalogueServer(settings: settings, logger: logger)
        do {
            try await server.run { bound in
                let shown = host.contains(":") ? "[\(host)]" : host
                FileHandle.standardOutput.write(Data("listening on http://\(shown):\(bound)/\n".utf8))
            }
        } catch let error as KaartenbakError {
            throw commandFailure(error)
        } catch {
            throw commandFailure(KaartenbakError(.io, "cannot serve on \(listen): \(error)"))
        }
    }
}
