import Foundation
import Testing
@testable import Fetching
import KaartenbakCore
import LoopbackHTTP

/// Paged sources: next-page links and page parameters, the page cap, all-or-nothing payload sets.
@Suite struct FetchPagingTests {
    typealias Support = FetchTestSupport

    private func pagedSource(_ url: String, paging: PagingDefinition, format: FeedFormat = .xml) -> SourceDefinition {
        var source = Support.source(url)
        source.format = format
        source.record = "jobs/job"
        source.paging = paging
        return source
    }

    private func page(_ jobs: [String], next: String?) -> String {
        "<jobs>" + jobs.map { "<job>\($0)</job>" }.joined() + (next.map { "<next>\($0)</next>" } ?? "") + "</jobs>"
    }

    @Test func followsNextLinksIntoOnePayloadSet() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let pages = [page(["a", "b"], next: "/p2"), page(["c"], next: server.url("/p3?x=1&amp;y=2")), page(["d"], next: nil)]
        server.route("/p1", .ok(pages[0]))
        server.route("/p2", .ok(pages[1]))
        server.route("/p3?x=1&y=2", .ok(pages[2]))
        server.route("/all", .ok(pages.joined()))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(
            source: pagedSource(server.url("/p1"), paging: PagingDefinition(nextLink: "jobs/next")), destination: folder))

        #expect(metadata.payloadFiles == ["page-0001", "page-0002", "page-0003"])
        #expect(Support.files(in: folder) == metadata.payloadFiles)
        #expect(metadata.bytes == pages.joined().utf8.count)
        #expect(metadata.attempts.count == 3)
        #expect(FileManager.default.contents(atPath: folder + "/page-0002").map(Array.init) == Array(pages[1].utf8))
        // The set's digest is that of the pages concatenated.
        let whole = try Support.fetcher().fetch(FetchRequest(source: Support.source(server.url("/all")),
                                                             destination: try Support.scratchFolder()))
        #expect(metadata.sha256 == whole.sha256)
    }

    @Test func followsAnAtomStyleLinkAttribute() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/feed", .ok("<feed><link rel=\"self\" href=\"/feed\"/><link rel=\"next\" href=\"/feed2\"/><job>1</job></feed>"))
        server.route("/feed2", .ok("<feed><link rel='self' href='/feed2'/><job>2</job></feed>"))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(
            source: pagedSource(server.url("/feed"), paging: PagingDefinition(nextLink: "feed/link[@rel='next']/@href")),
            destination: folder))
        #expect(metadata.payloadFiles.count == 2)
        #expect(server.requests.map(\.path) == ["/feed", "/feed2"])
    }

    @Test func pageParameterStopsAtThePageWithoutRecords() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/api?offset=0", .ok(page(["a", "b"], next: nil)))
        server.route("/api?offset=2", .ok(page(["c", "d"], next: nil)))
        server.route("/api?offset=4", .ok("<jobs></jobs>"))
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(
            source: pagedSource(server.url("/api"), paging: PagingDefinition(parameter: "offset", start: 0, step: 2)),
            destination: folder))

        #expect(metadata.payloadFiles == ["page-0001", "page-0002"])
        #expect(Support.files(in: folder) == ["page-0001", "page-0002"])
        #expect(server.requests.map(\.target) == ["/api?offset=0", "/api?offset=2", "/api?offset=4"])
    }

    /// Where a JSON feed ends is where the reader finds no record: a page `{"items": []}` under record path `items`
    /// (the bytes-level guess this replaced took it for a page of records and fetched on to the page cap).
    @Test func aJSONFeedEndsAtAPageTheReaderFindsNoRecordIn() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/api?page=1", .ok(#"{"items": [{"id": "1", "title": "Kok"}, {"id": "2", "title": "Lasser"}]}"#))
        server.route("/api?page=2", .ok(#"{"items": [{"id": "3", "title": "Docent"}]}"#))
        server.route("/api?page=3", .ok(#"{"items": []}"#))
        var source = pagedSource(server.url("/api"), paging: PagingDefinition(parameter: "page", maxPages: 5), format: .json)
        source.record = "items"
        source.fields = [.id: ["id"], .title: ["title"]]
        let folder = try Support.scratchFolder()
        let metadata = try Support.fetcher().fetch(FetchRequest(source: source, destination: folder))

        #expect(metadata.payloadFiles == ["page-0001", "page-0002"])
        #expect(server.requests.map(\.target) == ["/api?page=1", "/api?page=2", "/api?page=3"])
    }

    @Test func pageCapFailsTheSourceAndLeavesNoPages() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        for number in 1...6 { server.route("/n?page=\(number)", .ok(page(["job \(number)"], next: nil))) }
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(), FetchRequest(
            source: pagedSource(server.url("/n"), paging: PagingDefinition(parameter: "page", maxPages: 3)),
            destination: folder))

        #expect(error?.message.contains("more than 3 pages") == true)
        #expect(server.requestCount == 3)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func aFailingPageFailsTheWholeSet() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/p1", .ok(page(["a"], next: "/p2")))
        server.fail("/p2", status: 404)
        let folder = try Support.scratchFolder()
        let error = Support.failure(Support.fetcher(), FetchRequest(
            source: pagedSource(server.url("/p1"), paging: PagingDefinition(nextLink: "jobs/next")), destination: folder))

        #expect(error?.message.contains("HTTP 404") == true)
        #expect(Support.files(in: folder).isEmpty)
    }

    @Test func aLinkBackToAnEarlierPageEndsPaging() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/p1", .ok(page(["a"], next: "/p2")))
        server.route("/p2", .ok(page(["b"], next: "/p1")))
        let metadata = try Support.fetcher().fetch(FetchRequest(
            source: pagedSource(server.url("/p1"), paging: PagingDefinition(nextLink: "jobs/next")),
            destination: try Support.scratchFolder()))
        #expect(metadata.payloadFiles.count == 2)
        #expect(server.requestCount == 2)
    }

    @Test func loaderReadsPaging() throws {
        let yaml = """
            version: 1
            sources:
              - name: paged
                publisher: job_board
                url: https://example.invalid/feed
                format: xml
                record: jobs/job
                paging: {next_link: "jobs/next", max_pages: 7}
                fields: {id: id, title: title}
            """
        let definition = try DefinitionLoader.parse(yaml: yaml, file: "paged.yaml")
        #expect(definition.sources.first?.paging == PagingDefinition(nextLink: "jobs/next", maxPages: 7))

        let both = yaml.replacingOccurrences(of: "max_pages: 7", with: "parameter: page")
        #expect(throws: KaartenbakError.self) { try DefinitionLoader.parse(yaml: both, file: "paged.yaml") }
        let unknown = yaml.replacingOccurrences(of: "max_pages: 7", with: "pages: 7")
        #expect(throws: KaartenbakError.self) { try DefinitionLoader.parse(yaml: unknown, file: "paged.yaml") }
    }
}
