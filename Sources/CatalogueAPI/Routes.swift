import Catalogue

/// The API's routes and the query parameters each takes: one table that registers the routes,
/// refuses parameters a route does not take, and that a test holds against `openapi.yaml`.
///
/// The routes are written by hand rather than generated from the document with
/// swift-openapi-generator: its build plugin compiles swift-syntax and OpenAPIKit, several minutes
/// on the two cores CI has (docs/serve.md), for eight GET routes. `RoutesMatchOpenAPITests` checks
/// that every path and parameter of the document is here and nothing else is.
public struct APIRoute: Sendable, Hashable {
    /// As the OpenAPI document writes it ("/vacancies/{id}").
    public let path: String
    public let query: [String]

    /// The path as Hummingbird's router writes a parameter (":id").
    var routerPath: String { path.replacingOccurrences(of: "{id}", with: ":id") }
}

public enum APIRoutes {
    public static let vacancyQuery = [
        "q", "isco", "occupation", "region", "municipality", "sector", "signal", "place", "employer", "source", "status", "posted_since",
        "hours_min", "hours_max", "salary_min", "salary_max", "salary_period", "sort", "limit", "cursor",
    ]
    public static let changesQuery = ["since", "limit", "cursor"]

    public static let vacancies = APIRoute(path: "/vacancies", query: vacancyQuery)
    public static let vacanciesCSV = APIRoute(path: "/vacancies.csv", query: vacancyQuery)
    public static let vacancy = APIRoute(path: "/vacancies/{id}", query: [])
    public static let jobPosting = APIRoute(path: "/vacancies/{id}/jobposting", query: [])
    public static let changes = APIRoute(path: "/changes", query: changesQuery)
    public static let changesCSV = APIRoute(path: "/changes.csv", query: changesQuery)
    public static let stats = APIRoute(path: "/stats", query: [])
    public static let health = APIRoute(path: "/healthz", query: [])
    public static let openAPI = APIRoute(path: "/openapi.yaml", query: [])

    public static let all = [vacancies, vacanciesCSV, vacancy, jobPosting, changes, changesCSV, stats, health, openAPI]
}
