import Catalogue
import Classification
import Foundation
import Hummingbird
import KaartenbakCore
import Logging
import Mustache

/// The web pages beside the API, for the staff who share vacancies (docs/serve.md, "Web pages"):
/// search, a vacancy's page with its share link, and the operators' review queue. Server-rendered
/// Mustache templates (Resources/templates), which HTML-escape every `{{value}}`; no script.
///
/// The pages read through the API's own pieces: the filter from `Handlers.filter`, the page from
/// `VacancyQuery.page`, a vacancy through `VacancyQuery.resolve`; the review queue through
/// `VacancyQuery.openCodings` and `ReviewQueue`, the same as `kaartenbak review list` and `decide`.
/// A vacancy's status as the staff's pages say it.
private let dutchStatus: [VacancyStatus: String] = [.open: "open", .closed: "gesloten", .merged: "samengevoegd"]

struct WebPages: Sendable {
    let settings: CatalogueServer.Settings
    let readers: CatalogueReaders
    let handlers: Handlers
    let library: MustacheLibrary
    /// Loaded at start when review is enabled (a token is set): the decision checks occupation ids against it.
    let taxonomy: Taxonomy?
    let overridesLock = NSLock()
    let logger: Logger

    static let searchQuery = ["q", "isco", "occupation", "region", "place", "employer", "status", "posted_since",
                              "hours_min", "hours_max", "cursor"]
    static let search = APIRoute(path: "/zoeken", query: searchQuery)
    static let home = APIRoute(path: "/", query: searchQuery)
    static let decisionForm = APIRoute(path: "/review", query: ["pattern", "occupation", "evidence", "token"])
    static let signInForm = APIRoute(path: "/review/aanmelden", query: ["token"])
    static let cookie = "kaartenbak_review"
    /// Paths that take a POST (everything else is GET only).
    static let postPaths: Set<String> = ["/review", "/review/aanmelden"]
    /// A form's body: a pattern, an occupation id, an evidence word and a token.
    static let maxFormBytes = 8 * 1024

    static func templates() throws -> MustacheLibrary {
        guard let url = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw KaartenbakError(.notFound, "the page templates are missing from the CatalogueAPI bundle")
        }
        var library = MustacheLibrary()
        for name in ["head", "foot", "error", "search", "vacancy", "review"] {
            let path = url.appendingPathComponent(name + ".mustache")
            let text: String
            do { text = try String(contentsOf: path, encoding: .utf8) } catch {
                throw KaartenbakError(.notFound, "the page template \(name).mustache cannot be read", cause: error)
            }
            do { try library.register(text, named: name) } catch {
                throw KaartenbakError(.configuration, "the page template \(name).mustache does not parse: \(error)")
            }
        }
        return library
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try await self.page { try await self.search(request, route: Self.home) } }
        router.get("/zoeken") { request, _ in try await self.page { try await self.search(request, route: Self.search) } }
        router.get("/v/:id") { request, context in
            try await self.page { try await self.vacancy(try context.parameters.require("id"), request: request) }
        }
        router.get("/review") { request, _ in try await self.page { try await self.review(request) } }
        router.post("/review") { request, _ in try await self.page { try await self.decide(request) } }
        router.post("/review/aanmelden") { request, _ in try await self.page { try await self.signIn(request) } }
    }

    // MARK: - Rendering

    func html(_ template: String, _ object: [String: Any], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let text = library.render(object, withTemplate: template) ?? ""
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        // No script runs from any origin (the JSON-LD block is data, not script); no framing.
        headers[HTTPFields.Element.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPFields.Element.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPFields.Element.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func errorPage(_ status: HTTPResponse.Status, heading: String, message: String) -> Response {
        html("error", ["pageTitle": heading, "heading": heading, "message": message], status: status)
    }

    /// A page, with the errors a person can cause (a bad filter, an unknown id) as an HTML page
    /// rather than the API's problem+json; the rest (time cap, busy catalogue) go to `GuardedResponder`.
    func page(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let problem as Problem where problem.status == .badRequest || problem.status == .notFound {
            let heading = problem.status == .notFound ? "Niet gevonden" : "Dat klopt niet helemaal"
            return errorPage(problem.status, heading: heading, message: problem.title)
        } catch let error as KaartenbakError where error.code == .usage {
            return errorPage(.badRequest, heading: "Dat klopt niet helemaal", message: error.message)
        }
    }

    // MARK: - Search

    func search(_ request: Request, route: APIRoute) async throws -> Response {
        let query = try QueryParameters(request.uri.query, route: route)
        let filter = try handlers.filter(query)
        // The API's order: by id (stable), by relevance when words are asked.
        let sort: VacancySort = filter.text == nil ? .id : .relevance
        let cursor = try query["cursor"].map { try VacancyCursor(token: $0, sort: sort, filter: filter) }
        let limit = settings.defaultPageSize
        let (page, run) = try await readers.read { db in
            if filter.text != nil, try !VacancyQuery.canSearch(db) {
                throw Problem(.serviceUnavailable, "search unavailable: this catalogue was published before the full-text index; the next publish adds it")
            }
            return (try VacancyQuery.page(db, filter: filter, sort: sort, after: cursor, limit: limit), try runId(db))
        }
        let status = query["status"] ?? VacancyStatusChoice.open.rawValue
        let labels: [VacancyStatusChoice: String] = [.open: "Open", .closed: "Gesloten", .merged: "Samengevoegd", .any: "Alle"]
        let statuses: [[String: Any]] = VacancyStatusChoice.allCases
            .map { ["value": $0.rawValue, "label": labels[$0] ?? $0.rawValue, "selected": $0.rawValue == status] }
        let form: [String: String] = [
            "q": query["q"] ?? "", "isco": query["isco"] ?? "", "occupation": query["occupation"] ?? "",
            "region": query["region"] ?? "", "place": query["place"] ?? "", "employer": query["employer"] ?? "",
            "postedSince": query["posted_since"] ?? "", "hoursMin": query["hours_min"] ?? "", "hoursMax": query["hours_max"] ?? "",
        ]
        let results: [[String: Any]] = page.vacancies.map { stored in
            let v = stored.row
            var item: [String: Any] = [
                "id": v.id, "title": v.title, "closed": v.vacancyStatus == .closed,
                "sourceCountText": v.sourceCount == 1 ? "1 bron" : "\(v.sourceCount) bronnen",
            ]
            item["employer"] = v.employer
            item["place"] = v.place
            item["occupationLabel"] = v.occupationLabel
            item["isco"] = v.isco
            item["datePosted"] = v.datePosted
            item["closingDate"] = v.closingDate
            return item
        }
        var object: [String: Any] = ["pageTitle": filter.text.map { "Zoeken: \($0)" } ?? "Vacatures zoeken", "form": form,
                                     "statuses": statuses, "results": results]
        object["run"] = run
        if let next = page.next { object["nextLink"] = "\(route.path)?\(query.replacing("cursor", with: next.token))" }
        return html("search", object)
    }

    // MARK: - A vacancy

    func vacancy(_ id: String, request: Request) async throws -> Response {
        try Handlers.checkId(id)
        let (found, row, sources, run) = try await readers.read { db -> ((StoredVacancy, [String])?, VacancyRow?, [VacancySourceRow], String?) in
            guard let found = try VacancyQuery.resolve(db, id: id) else { return (nil, nil, [], try runId(db)) }
            let id = found.vacancy.row.id
            return ((found.vacancy, found.mergedIds), try VacancyQuery.decoded(db, id: id), try VacancyQuery.sources(db, of: id), try runId(db))
        }
        guard let found, let v = row else {
            return errorPage(.notFound, heading: "Vacature niet gevonden",
                             message: "Er is geen vacature \(id) in de catalogus. Misschien is de link onvolledig.")
        }
        if !found.1.isEmpty {
            // A merged id's page is its survivor's: permanently, since ids are never reused.
            return Response(status: .permanentRedirect, headers: [.location: "/v/\(v.id)", .cacheControl: "no-cache"])
        }
        func number(_ value: Double?) -> String? { value.map { JSONBytes.number($0).replacingOccurrences(of: ".", with: ",") } }
        func range(_ low: Double?, _ high: Double?) -> String? {
            switch (number(low), number(high)) {
            case let (l?, h?): l == h ? l : "\(l) tot \(h)"
            case let (l?, nil): "vanaf \(l)"
            case let (nil, h?): "tot \(h)"
            default: nil
            }
        }
        let periods = ["hour": "per uur", "week": "per week", "month": "per maand", "year": "per jaar"]
        let rows: [(String, String?, String?)] = [
            ("Werkgever", v.employer, "employer"), ("Plaats", v.place, "place"), ("Postcode", v.postcode, "postcode"),
            ("Gemeente", v.municipality, "placement"), ("Provincie", v.province, "placement"),
            ("Arbeidsmarktregio", v.region, v.geoBasis == "source_region" ? "region" : "placement"),
            ("Sector", v.sector.map(Sectors.bundled.label(of:)), nil),
            ("Voor wie", v.signalEvidence.isEmpty ? nil : v.signalEvidence.map { "\($0.signal.label) (\($0.evidence))" }.joined(separator: "; "), "signals"),
            ("Geplaatst", v.datePosted, "datePosted"), ("Sluitingsdatum", v.closingDate, "closingDate"),
            ("Uren per week", range(v.hoursMin, v.hoursMax), "hours"),
            ("Salaris", range(v.salaryMin, v.salaryMax).map { "€ \($0) \(periods[v.salaryPeriod ?? ""] ?? "")" }, "salary"),
            ("Contract", v.contract, "contract"), ("Dienstverband", v.schedule, "schedule"), ("Opleiding", v.education, "education"),
            ("Vacature bij de bron", v.url, "url"), ("Status", v.vacancyStatus.flatMap { dutchStatus[$0] } ?? v.status, nil),
            ("Eerst gezien", v.firstSeen, nil), ("Laatst gezien", v.lastSeen, nil), ("Gesloten op", v.closedAt, nil),
            ("Kaartenbak-id", v.id, nil),
        ]
        let fields: [[String: Any]] = rows.compactMap { name, value, key in
            guard let value else { return nil }
            var field: [String: Any] = ["name": name, "value": value]
            if key == "url", value.hasPrefix("https://") || value.hasPrefix("http://") { field["link"] = value }
            if let key, let source = v.provenance[key] { field["source"] = source }
            return field
        }
        let conflicts: [[String: Any]] = v.conflicts.map { conflict in
            ["field": conflict.field, "values": conflict.values.enumerated().map { index, value in
                ["value": value.value, "source": "\(value.source) \(value.sourceRecordId)", "last": index == conflict.values.count - 1] as [String: Any]
            }]
        }
        let sharePath = "/v/\(v.id)"
        var object: [String: Any] = [
            "pageTitle": v.title, "title": v.title, "closed": v.vacancyStatus == .closed, "sharePath": sharePath,
            "shareURL": request.head.authority.map { "http://\($0)\(sharePath)" } ?? sharePath,
            "fields": fields, "sourceCount": sources.count,
            "sources": sources.map { s -> [String: Any] in
                var item: [String: Any] = ["source": s.source, "publisher": s.publisher, "sourceRecordId": s.sourceRecordId,
                                           "title": s.title, "firstSeen": s.firstSeen, "lastSeen": s.lastSeen]
                if let url = s.url, url.hasPrefix("https://") || url.hasPrefix("http://") { item["url"] = url }
                return item
            },
            "hasConflicts": !conflicts.isEmpty, "conflicts": conflicts,
            "hasProvenance": !v.provenance.isEmpty,
            "provenance": v.provenance.sorted { $0.key < $1.key }.map { ["field": $0.key, "source": $0.value] },
            "confidence": String(format: "%.2f", v.confidence).replacingOccurrences(of: ".", with: ","),
            "ambiguous": v.ambiguous, "hasReasons": !v.reasons.isEmpty, "reasons": v.reasons,
            "hasCandidates": !v.candidates.isEmpty,
            "candidates": v.candidates.map { ["label": $0.label, "isco": $0.isco, "occupation": $0.occupation,
                                              "score": String(format: "%.2f", $0.score)] as [String: Any] },
        ]
        object["closedAt"] = v.closedAt
        object["description"] = v.description
        object["occupationLabel"] = v.occupationLabel
        object["isco"] = v.isco
        object["run"] = run
        if v.vacancyStatus == .open {
            // The API's JobPosting, for search engines; a closed vacancy has none (its JobPosting is 410).
            // "<" written as \u003c so no value can end the script element.
            var out = JSONBytes()
            JobPosting.jsonLD(v, into: &out)
            object["jsonLD"] = String(decoding: out.bytes, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
        }
        return html("vacancy", object)
    }

    // MARK: - Review

    /// The token the operator gave: `Authorization: Bearer`, the sign-in cookie, or (for a POST) a form field.
    func givenToken(_ request: Request, form: QueryParameters? = nil) -> String? {
        if let token = form?["token"] { return token }
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            return String(authorization.dropFirst("Bearer ".count))
        }
        for part in (request.headers[.cookie] ?? "").split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == Self.cookie { return String(pair[1]).removingPercentEncoding }
        }
        return nil
    }

    /// Review is off without a token: the pages say how to turn it on.
    func reviewDisabled() -> Response {
        errorPage(.notFound, heading: "Beoordelen staat uit",
                  message: "De beoordelingspagina's staan uit op deze server. Start kaartenbak serve met de omgevingsvariabele KAARTENBAK_REVIEW_TOKEN (een lang geheim) om ze aan te zetten.")
    }

    func signInPage(_ status: HTTPResponse.Status, message: String?) -> Response {
        var object: [String: Any] = ["pageTitle": "Beoordelen", "signIn": true]
        object["message"] = message
        return html("review", object, status: status)
    }

    /// A browser's POST from another site is refused even with the cookie: the Origin (or, without it,
    /// Sec-Fetch-Site) must be this server's. A client that sends neither is not a browser's form.
    static func sameOrigin(_ request: Request) -> Bool {
        if let origin = request.headers[.origin] {
            guard let authority = request.head.authority else { return false }
            return origin == "http://\(authority)" || origin == "https://\(authority)"
        }
        if let site = request.headers[HTTPFields.Element.Name("Sec-Fetch-Site")!] { return site == "same-origin" || site == "none" }
        return true
    }

    func review(_ request: Request) async throws -> Response {
        guard let expected = settings.reviewToken else { return reviewDisabled() }
        guard let token = givenToken(request) else { return signInPage(.unauthorized, message: nil) }
        guard ReviewToken.matches(token, expected) else {
            return signInPage(.forbidden, message: "Dat token klopt niet.")
        }
        return try await queue(message: nil)
    }

    func queue(message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let (items, run) = try await readers.read { db in (try VacancyQuery.openCodings(db), try runId(db)) }
        let groups = ReviewQueue.groups(items, threshold: settings.reviewThreshold)
        let shown: [[String: Any]] = groups.prefix(settings.reviewGroups).enumerated().map { index, group in
            ["index": index, "title": group.title, "count": group.count, "ambiguous": group.ambiguous, "example": group.example,
             "candidates": group.candidates.map { ["occupation": $0.occupation, "label": $0.label, "isco": $0.isco,
                                                   "score": String(format: "%.2f", $0.score)] as [String: Any] }]
        }
        var object: [String: Any] = [
            "pageTitle": "Beoordelen",
            "queue": ["unsure": groups.reduce(0) { $0 + $1.count }, "open": items.count, "titleCount": groups.count,
                      "overridesFile": settings.overridesPath, "groups": shown] as [String: Any],
        ]
        object["message"] = message
        object["run"] = run
        return html("review", object, status: status)
    }

    func form(_ request: Request, route: APIRoute) async throws -> QueryParameters {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: Self.maxFormBytes) } catch {
            throw Problem(.contentTooLarge, "the form is larger than \(Self.maxFormBytes) bytes")
        }
        return try QueryParameters(String(buffer: body), route: route)
    }

    func signIn(_ request: Request) async throws -> Response {
        guard let expected = settings.reviewToken else { return reviewDisabled() }
        guard Self.sameOrigin(request) else { return errorPage(.forbidden, heading: "Geweigerd", message: "Dit formulier kwam niet van deze site.") }
        let form = try await form(request, route: Self.signInForm)
        guard let token = form["token"], ReviewToken.matches(token, expected) else {
            return signInPage(.forbidden, message: "Dat token klopt niet.")
        }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let value = token.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return Response(status: .seeOther, headers: [
            .location: "/review",
            .setCookie: "\(Self.cookie)=\(value); Path=/review; HttpOnly; SameSite=Strict",
        ])
    }

    func decide(_ request: Request) async throws -> Response {
        guard let expected = settings.reviewToken, let taxonomy else { return reviewDisabled() }
        guard Self.sameOrigin(request) else { return errorPage(.forbidden, heading: "Geweigerd", message: "Dit formulier kwam niet van deze site.") }
        let form = try await form(request, route: Self.decisionForm)
        guard let token = givenToken(request, form: form), ReviewToken.matches(token, expected) else {
            return signInPage(.forbidden, message: "Dat token klopt niet: het besluit is niet vastgelegd.")
        }
        guard let pattern = form["pattern"], let occupation = form["occupation"] else {
            return try await queue(message: "Een besluit heeft een titel en een beroep nodig.", status: .badRequest)
        }
        let evidence = form["evidence"]
        do {
            // One decision at a time: two appends to the same file must not interleave.
            try overridesLock.withLock {
                try ReviewQueue.appendOverride(Override(titlePattern: pattern, evidence: evidence, occupationId: occupation),
                                               to: settings.overridesPath, taxonomy: taxonomy)
            }
        } catch let error as KaartenbakError where error.code == .usage {
            return try await queue(message: "Niet vastgelegd: \(error.message).", status: .badRequest)
        }
        logger.info("review decision written", metadata: ["occupation": "\(occupation)", "file": "\(settings.overridesPath)"])
        return try await queue(message: "Vastgelegd: “\(pattern)”\(evidence.map { " met “\($0)”" } ?? "") → \(occupation), in \(settings.overridesPath). Het geldt vanaf de volgende kaartenbak run.")
    }
}

/// The operators' token, compared without an early exit: how long the comparison takes says nothing
/// about how much of a guess was right (only, at most, the token's length).
public enum ReviewToken {
    public static func matches(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in b.indices { difference |= b[index] ^ (index < a.count ? a[index] : 0) }
        return difference == 0 && !b.isEmpty
    }
}
