import Catalogue
import Foundation
import GRDB
import Hummingbird
import KaartenbakCore

/// The endpoints. Each request reads the catalogue in one short read transaction (`CatalogueReaders`),
/// so what it answers is one night's, and the publisher is never kept waiting long.
struct Handlers: Sendable {
    let settings: CatalogueServer.Settings
    let readers: CatalogueReaders
    let openAPI: Data

    /// RFC 8288's Link (not among HTTPTypes' names).
    static let link = HTTPFields.Element.Name("Link")!

    func respond(_ route: APIRoute, request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try QueryParameters(request.uri.query, route: route)
        let csv = request.headers[.accept]?.contains("text/csv") == true
        switch route {
        case APIRoutes.vacancies: return try await vacancies(query, csv: csv)
        case APIRoutes.vacanciesCSV: return try await vacancies(query, csv: true)
        case APIRoutes.vacancy: return try await vacancy(try context.parameters.require("id"))
        case APIRoutes.jobPosting: return try await jobPosting(try context.parameters.require("id"))
        case APIRoutes.changes: return try await changes(query, csv: csv)
        case APIRoutes.changesCSV: return try await changes(query, csv: true)
        case APIRoutes.stats: return try await stats()
        case APIRoutes.health: return try await health()
        case APIRoutes.openAPI: return respond(Array(openAPI), type: "application/yaml")
        default: throw Problem(.notFound, "no route \(route.path)")
        }
    }

    // MARK: - Vacancies

    func filter(_ query: QueryParameters) throws -> VacancyFilter {
        var filter = VacancyFilter()
        filter.text = query["q"]
        filter.isco = query["isco"]
        filter.occupation = query["occupation"]
        filter.region = query["region"]
        filter.municipality = query["municipality"]
        filter.sector = query["sector"]
        filter.signals = query["signal"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        filter.place = query["place"]
        filter.employer = query["employer"]
        filter.source = query["source"]
        let status = query["status"] ?? VacancyStatusChoice.open.rawValue
        guard let choice = VacancyStatusChoice(rawValue: status) else {
            throw Problem(.badRequest, "status must be \(VacancyStatusChoice.spelled), not '\(status)'")
        }
        filter.status = choice.status
        filter.postedSince = query["posted_since"]
        filter.hoursMin = try query.number("hours_min")
        filter.hoursMax = try query.number("hours_max")
        filter.salaryMin = try query.number("salary_min")
        filter.salaryMax = try query.number("salary_max")
        filter.salaryPeriod = query["salary_period"]
        try filter.validate()
        return filter
    }

    func limit(_ query: QueryParameters) throws -> Int {
        guard let text = query["limit"] else { return settings.defaultPageSize }
        guard let value = Int(text), (1...settings.maxPageSize).contains(value) else {
            throw Problem(.badRequest, "limit must be a whole number from 1 to \(settings.maxPageSize), not '\(text)'")
        }
        return value
    }

    func vacancies(_ query: QueryParameters, csv: Bool) async throws -> Response {
        let filter = try filter(query)
        let sortText = query["sort"] ?? (filter.text == nil ? "id" : "relevance")
        guard let sort = VacancySort(rawValue: sortText) else {
            throw Problem(.badRequest, "sort must be id, posted or relevance, not '\(sortText)'")
        }
        if sort == .relevance, filter.text == nil { throw Problem(.badRequest, "sort=relevance needs q") }
        let limit = try limit(query)
        let cursor = try query["cursor"].map { try VacancyCursor(token: $0, sort: sort, filter: filter) }
        let (page, run) = try await readers.read { db in
            if filter.text != nil, try !VacancyQuery.canSearch(db) {
                throw Problem(.serviceUnavailable, "search unavailable: this catalogue was published before the full-text index; the next publish adds it")
            }
            return (try VacancyQuery.page(db, filter: filter, sort: sort, after: cursor, limit: limit), try runId(db))
        }
        var headers: HTTPFields = [:]
        if let next = page.next {
            headers[Self.link] = "<\(csv ? APIRoutes.vacanciesCSV.path : APIRoutes.vacancies.path)?\(query.replacing("cursor", with: next.token))>; rel=\"next\""
        }
        if csv {
            var out = VacancyCSV.header
            for vacancy in page.vacancies { out += VacancyCSV.row(vacancy.row) }
            return respond(out, type: "text/csv; charset=utf-8", headers: headers)
        }
        var out = JSONBytes(snakeCaseKeys: true)
        out.open("{")
        out.field("next", page.next?.token)
        out.field("run", run)
        out.key("vacancies")
        out.open("[")
        for vacancy in page.vacancies { vacancy.json(into: &out) }
        out.close("]")
        out.close("}")
        return respond(out.bytes, type: "application/json", headers: headers)
    }

    static func checkId(_ id: String) throws {
        guard !id.isEmpty, id.utf8.count <= 64 else { throw Problem(.notFound, "no vacancy with that id") }
    }

    func vacancy(_ id: String) async throws -> Response {
        try Self.checkId(id)
        let (found, sources, run) = try await readers.read { db in
            let found = try VacancyQuery.resolve(db, id: id)
            return (found, try found.map { try VacancyQuery.sources(db, of: $0.vacancy.row.id) } ?? [], try runId(db))
        }
        guard let found else { throw Problem(.notFound, "no vacancy \(id) in the catalogue") }
        let row = found.vacancy.row
        var out = JSONBytes(snakeCaseKeys: true)
        out.open("{")
        out.field("closed", row.vacancyStatus == .closed)
        out.field("id", row.id)
        if !found.mergedIds.isEmpty {
            // A merged id answers with the vacancy it became part of (docs/serve.md).
            out.key("merged_ids")
            out.open("[")
            for merged in found.mergedIds { out.element(merged) }
            out.close("]")
        }
        out.field("requested_id", id)
        out.field("run", run)
        out.key("sources")
        out.open("[")
        for source in sources { source.json(into: &out) }
        out.close("]")
        out.key("vacancy")
        found.vacancy.json(into: &out)
        out.close("}")
        var headers: HTTPFields = [:]
        if !found.mergedIds.isEmpty { headers[.contentLocation] = "/vacancies/\(row.id)" }
        return respond(out.bytes, type: "application/json", headers: headers)
    }

    func jobPosting(_ id: String) async throws -> Response {
        try Self.checkId(id)
        guard let found = try await readers.read({ db in try VacancyQuery.resolve(db, id: id) }) else {
            throw Problem(.notFound, "no vacancy \(id) in the catalogue")
        }
        let row = found.vacancy.row
        if row.vacancyStatus == .closed {
            // Gone, so that a search engine drops the posting rather than show a closed vacancy.
            throw Problem(.gone, "vacancy \(row.id) closed on \(row.closedAt ?? row.lastSeen)")
        }
        var out = JSONBytes()
        JobPosting.jsonLD(row, into: &out)
        var headers: HTTPFields = [:]
        if !found.mergedIds.isEmpty { headers[.contentLocation] = "/vacancies/\(row.id)/jobposting" }
        return respond(out.bytes, type: "application/ld+json", headers: headers)
    }

    // MARK: - Changes, stats, health

    func changes(_ query: QueryParameters, csv: Bool) async throws -> Response {
        let since = query["since"]
        if let since, since.isEmpty || since.utf8.count > 64 || !since.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw Problem(.badRequest, "since must be a run id (letters, digits, - and _), not '\(since)'")
        }
        let limit = try limit(query)
        var after: (run: String, vacancy: String)?
        if let token = query["cursor"] {
            let parts = (Data(base64Encoded: Self.base64(token)).map { String(decoding: $0, as: UTF8.self) } ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            guard parts.count == 3, String(parts[0]) == (since ?? "") else {
                throw Problem(.badRequest, "cursor is not one this server gave for this since")
            }
            after = (String(parts[1]), String(parts[2]))
        }
        let first = after == nil
        let (result, events, run) = try await readers.read { [after] db in
            (try CatalogueReads.changes(db, since: since, after: after, limit: limit),
             first ? try CatalogueReads.identityEvents(db, since: since, limit: 10_000) : [], try runId(db))
        }
        let next = result.more ? result.changes.last.map {
            Data("\(since ?? "")\n\($0.runId)\n\($0.vacancyId)".utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        } : nil
        var headers: HTTPFields = [:]
        if let next {
            headers[Self.link] = "<\(csv ? APIRoutes.changesCSV.path : APIRoutes.changes.path)?\(query.replacing("cursor", with: next))>; rel=\"next\""
        }
        if csv {
            var out = VacancyCSV.line(["run_id", "vacancy_id", "change", "at"])
            for change in result.changes { out += VacancyCSV.line([change.runId, change.vacancyId, change.change, change.at]) }
            return respond(out, type: "text/csv; charset=utf-8", headers: headers)
        }
        var out = JSONBytes(snakeCaseKeys: true)
        out.open("{")
        out.key("changes")
        out.open("[")
        for change in result.changes {
            out.open("{")
            out.field("at", change.at)
            out.field("change", change.change)
            out.field("run_id", change.runId)
            out.field("vacancy_id", change.vacancyId)
            out.close("}")
        }
        out.close("]")
        if first {
            // Merges and splits are few (a night's handful): all of them come with the first page.
            out.key("identity_events")
            out.open("[")
            for event in events {
                out.open("{")
                out.field("detail", event.detail)
                out.field("kind", event.kind)
                out.field("run_id", event.runId)
                out.field("seq", Int(event.seq))
                out.field("vacancy_id", event.vacancyId)
                out.close("}")
            }
            out.close("]")
        }
        out.field("next", next)
        out.field("run", run)
        out.field("since", since)
        out.close("}")
        return respond(out.bytes, type: "application/json", headers: headers)
    }

    static func base64(_ token: String) -> String {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return text
    }

    func stats() async throws -> Response {
        let (stats, cells, run) = try await readers.read { db in (try CatalogueReads.stats(db), try RegionSectorCount.read(db), try runId(db)) }
        var out = JSONBytes(snakeCaseKeys: true)
        func counts(_ name: String, _ key: String, _ rows: [CatalogueReads.Count]) {
            out.key(name)
            out.open("[")
            for row in rows {
                out.open("{")
                out.field("count", row.count)
                out.field("isco", row.isco)
                out.field(key, row.key)
                out.field("label", row.label)
                out.close("}")
            }
            out.close("]")
        }
        func signals(_ counts: [SignalKind: Int]) {
            out.key("signals")
            out.open("{")
            for kind in SignalKind.allCases { out.field(kind.rawValue, counts[kind] ?? 0) }
            out.close("}")
        }
        out.open("{")
        counts("by_occupation", "occupation", stats.occupations)
        counts("by_region", "region", stats.regions)
        // Region by sector, each cell with how many of its vacancies carry each signal.
        out.key("by_region_and_sector")
        out.open("[")
        for cell in cells {
            out.open("{")
            out.field("count", cell.open)
            out.field("region", cell.region)
            out.field("region_number", cell.regionNumber)
            out.field("sector", cell.sector)
            signals(cell.signals)
            out.close("}")
        }
        out.close("]")
        var sectors: [String?: (Int, [SignalKind: Int])] = [:]
        for cell in cells {
            var total = sectors[cell.sector] ?? (0, [:])
            total.0 += cell.open
            total.1.merge(cell.signals, uniquingKeysWith: +)
            sectors[cell.sector] = total
        }
        out.key("by_sector")
        out.open("[")
        for (sector, total) in sectors.sorted(by: { ($0.value.0, $1.key ?? "") > ($1.value.0, $0.key ?? "") }) {
            out.open("{")
            out.field("count", total.0)
            out.field("label", sector.map(Sectors.bundled.label(of:)))
            out.field("sector", sector)
            signals(total.1)
            out.close("}")
        }
        out.close("]")
        out.key("by_signal")
        out.open("[")
        for kind in SignalKind.allCases {
            out.open("{")
            out.field("count", cells.reduce(0) { $0 + ($1.signals[kind] ?? 0) })
            out.field("label", kind.label)
            out.field("signal", kind.rawValue)
            out.close("}")
        }
        out.close("]")
        counts("by_source", "source", stats.sources)
        out.field("open", stats.open)
        out.field("run", run)
        out.field("vacancies", stats.all)
        out.close("}")
        return respond(out.bytes, type: "application/json")
    }

    func health() async throws -> Response {
        let (info, search) = try await readers.read { db in (try CatalogueReads.info(db), try VacancyQuery.canSearch(db)) }
        let modified = CatalogueReaders.identity(of: readers.path)?.modified
        var out = JSONBytes(snakeCaseKeys: true)
        out.open("{")
        out.field("age_seconds", modified.map { Int(Date().timeIntervalSince($0)) })
        out.field("published_at", modified.map { ISO8601DateFormatter().string(from: $0) })
        out.field("run", info["run_id"])
        out.field("run_date", info["run_date"])
        out.field("schema_version", info["schema_version"])
        out.field("search", search)
        out.field("status", "ok")
        out.close("}")
        return respond(out.bytes, type: "application/json")
    }

    func respond(_ bytes: [UInt8], type: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The run that published the catalogue being read.
func runId(_ db: Database) throws -> String? {
    try String.fetchOne(db, sql: "SELECT value FROM catalogue_info WHERE key = 'run_id'")
}

/// A request's query string, decoded (`+` and percent escapes), each name at most once and only
/// names the route takes (its `APIRoute.query`, the same list the OpenAPI document gives).
struct QueryParameters: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(_ query: String?, route: APIRoute) throws {
        for part in (query ?? "").split(separator: "&") where !part.isEmpty {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws -> String {
                guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw Problem(.badRequest, "the query string has a broken percent escape")
                }
                return decoded
            }
            let name = try decode(halves[0])
            let value = halves.count > 1 ? try decode(halves[1]) : ""
            guard route.query.contains(name) else {
                let allowed = route.query.isEmpty ? "none" : route.query.joined(separator: ", ")
                throw Problem(.badRequest, "unknown parameter '\(name.prefix(40))' for \(route.path) (it takes: \(allowed))")
            }
            guard !pairs.contains(where: { $0.0 == name }) else { throw Problem(.badRequest, "parameter '\(name)' is given twice") }
            pairs.append((name, value))
        }
    }

    /// The value, nil when absent or empty.
    subscript(name: String) -> String? {
        pairs.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
    }

    func number(_ name: String) throws -> Double? {
        guard let text = self[name] else { return nil }
        guard let value = Double(text), value.isFinite else { throw Problem(.badRequest, "\(name) must be a number, not '\(text)'") }
        return value
    }

    /// The query string again with `name` set to `value` (the next page's link).
    func replacing(_ name: String, with value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return (pairs.filter { $0.0 != name } + [(name, value)])
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}
