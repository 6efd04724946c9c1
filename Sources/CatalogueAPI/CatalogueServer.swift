import Catalogue
import Classification
import Foundation
import GRDB
import Hummingbird
import KaartenbakCore
import Logging

/// `kaartenbak serve`: the published catalogue over HTTP, read-only (docs/serve.md).
public struct CatalogueServer: Sendable {
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var cataloguePath: String
        /// The one origin allowed to read the API from a browser page; nil: no CORS headers at all.
        public var corsOrigin: String?
        public var defaultPageSize = 50
        public var maxPageSize = 500
        public var queryTimeout: Duration = .seconds(2)
        /// The longest request line (path and query) answered; longer gets 414.
        public var maxURLBytes = 4096
        /// The largest request body accepted; every route is a GET, so anything more is refused (413).
        public var maxBodyBytes = 1024
        public var connections = 4
        /// The operators' token for the review pages (`KAARTENBAK_REVIEW_TOKEN`); nil: review is off (404).
        public var reviewToken: String?
        /// Where a review decision is written (as `kaartenbak review decide --overrides`).
        public var overridesPath = "pipelines/overrides.tsv"
        /// The data directory, for the taxonomy (with imported ESCO labels) a decision is checked against.
        public var dataDirectory: String?
        /// As `kaartenbak review list`: the confidence below which a decided vacancy is listed, and how many titles.
        public var reviewThreshold = 0.7
        public var reviewGroups = 50

        public init(cataloguePath: String) { self.cataloguePath = cataloguePath }
    }

    let settings: Settings
    let readers: CatalogueReaders
    let logger: Logger

    public init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        readers = CatalogueReaders(path: settings.cataloguePath, connections: settings.connections,
                                   queryTimeout: settings.queryTimeout, logger: logger)
    }

    /// The OpenAPI document served at /openapi.yaml.
    public static var openAPIDocument: Data {
        get throws {
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
                throw KaartenbakError(.notFound, "openapi.yaml is missing from the CatalogueAPI bundle")
            }
            return try Data(contentsOf: url)
        }
    }

    /// Serves until the process is told to stop (SIGINT, SIGTERM); `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        guard FileManager.default.fileExists(atPath: settings.cataloguePath) else {
            throw KaartenbakError(.notFound, "no catalogue at \(settings.cataloguePath): run the pipeline first")
        }
        let openAPI = try Self.openAPIDocument
        let router = Router(context: BasicRequestContext.self)
        let handlers = Handlers(settings: settings, readers: readers, openAPI: openAPI)
        for route in APIRoutes.all {
            router.get(RouterPath(route.routerPath)) { request, context in
                try await handlers.respond(route, request: request, context: context)
            }
        }
        // The pages: their templates and (with review on) the taxonomy are read once, before the port opens.
        let taxonomy = try settings.reviewToken == nil ? nil
            : settings.dataDirectory.map { try Taxonomy.load(dataDirectory: $0) } ?? Taxonomy.builtIn()
        WebPages(settings: settings, readers: readers, handlers: handlers, library: try WebPages.templates(),
                 taxonomy: taxonomy, logger: logger).register(on: router)
        let responder = GuardedResponder(inner: router.buildResponder(), settings: settings, logger: logger)
        let logger = self.logger
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .seconds(60), httpDecoderConfiguration: .init(
                maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("serving the catalogue", metadata: ["url": "http://\(settings.host):\(port)/"])
                onListening(port)
            },
            logger: logger)
        try await app.runService()
    }
}

/// Around the router: the caps (URL and body size, methods), CORS, problem+json for every API error,
/// and one log line per request (method, path, status, ms: never the query string, which may carry
/// what a client did not mean to be logged).
struct GuardedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    let inner: Inner
    let settings: CatalogueServer.Settings
    let logger: Logger

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await guarded(request, context: context)
            // The router answers an unknown path itself, with an empty body: a problem like the rest.
            if response.status.code >= 400, response.headers[.contentType] == nil {
                response = Problem(response.status, "\(response.status.reasonPhrase): \(request.uri.path)").response
            }
        } catch let problem as Problem {
            response = problem.response
        } catch let error as HTTPError {
            response = Problem(error.status, error.body ?? error.status.reasonPhrase).response
        } catch is CatalogueReaders.QueryTimeout {
            response = Problem(.serviceUnavailable, "the query took longer than \(settings.queryTimeout) and was stopped: narrow the filters").response
        } catch let error as KaartenbakError where error.code == .usage {
            response = Problem(.badRequest, error.message).response
        } catch let error as KaartenbakError where error.code == .notFound {
            response = Problem(.serviceUnavailable, error.message).response
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            response = Problem(.serviceUnavailable, "the catalogue is being published: try again", headers: [.retryAfter: "1"]).response
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = Problem(.internalServerError, "the catalogue could not be read: see the server's log").response
        }
        if let origin = settings.corsOrigin, let asked = request.headers[.origin], origin == "*" || asked == origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.vary] = "Origin"
        }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
            "ms": "\(String(format: "%.1f", ms))",
        ])
        return response
    }

    private func guarded(_ request: Request, context: BasicRequestContext) async throws -> Response {
        if request.uri.string.utf8.count > settings.maxURLBytes {
            throw Problem(.uriTooLong, "the request URL is longer than \(settings.maxURLBytes) bytes")
        }
        let form = request.method == .post && WebPages.postPaths.contains(request.uri.path)
        let maxBody = form ? WebPages.maxFormBytes : settings.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBody {
            throw Problem(.contentTooLarge, "the request body is larger than \(maxBody) bytes")
        }
        switch request.method {
        case .post where form:
            // The review forms: the only writes, and only to the overrides file (WebPages.decide).
            return try await inner.respond(to: request, context: context)
        case .get:
            var request = request
            // A chunked body has no length to look at: read at most the cap, and refuse more.
            if request.headers[.transferEncoding] != nil {
                do { _ = try await request.collectBody(upTo: settings.maxBodyBytes) } catch {
                    throw Problem(.contentTooLarge, "the request body is larger than \(settings.maxBodyBytes) bytes")
                }
            }
            return try await inner.respond(to: request, context: context)
        case .options where settings.corsOrigin != nil:
            // A browser's preflight: the allowed origin may GET, nothing else.
            return Response(status: .noContent, headers: [
                .accessControlAllowMethods: "GET", .accessControlAllowHeaders: "Accept", .accessControlMaxAge: "600",
            ])
        default:
            throw Problem(.methodNotAllowed, "\(request.method.rawValue) is not allowed: the API is read-only (GET)",
                          headers: [.allow: "GET"])
        }
    }
}
