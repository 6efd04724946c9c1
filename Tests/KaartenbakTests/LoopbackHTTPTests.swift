import Foundation
import Testing
@testable import Fetching
import KaartenbakCore
import LoopbackHTTP
#if canImport(Glibc)
import Glibc
#endif

/// The loopback test server itself: routing, sequences, directories, the request log, shutdown.
@Suite struct LoopbackHTTPTests {
    typealias Support = FetchTestSupport

    private func get(_ url: String) throws -> [UInt8]? {
        let folder = try Support.scratchFolder()
        _ = try Support.fetcher().fetch(FetchRequest(source: Support.source(url), destination: folder))
        return Support.payload(in: folder)
    }

    @Test func bindsLoopbackOnAnEphemeralPort() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        #expect(server.port != 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        #expect(server.url("x") == server.url("/x"))
    }

    @Test func routeSequenceEndsOnItsLastBehaviour() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/seq", .ok("one"), .ok("two"))
        #expect(try get(server.url("/seq")) == Array("one".utf8))
        #expect(try get(server.url("/seq")) == Array("two".utf8))
        #expect(try get(server.url("/seq")) == Array("two".utf8))
        server.fail("/seq", status: 500)
        #expect(throws: KaartenbakError.self) { try get(server.url("/seq")) }
    }

    @Test func servesADirectoryButNotOutsideIt() throws {
        let root = try Support.scratchFolder()
        try FileManager.default.createDirectory(atPath: root + "/feeds", withIntermediateDirectories: true)
        try Data("<jobs/>".utf8).write(to: URL(fileURLWithPath: root + "/feeds/a.xml"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: root + "/outside.txt"))
        let server = try LoopbackServer()
        defer { server.stop() }
        server.serveDirectory(root + "/feeds", at: "/fixtures")

        #expect(try get(server.url("/fixtures/a.xml")) == Array("<jobs/>".utf8))
        #expect(throws: KaartenbakError.self) { try get(server.url("/fixtures/missing.xml")) }
        #expect(throws: KaartenbakError.self) { try get(server.url("/fixtures/%2E%2E/outside.txt")) }
    }

    @Test func logsRequestsWithTheirHeaders() throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        server.route("/logged", .ok("x"))
        let source = Support.source(server.url("/logged?page=2"), headers: ["X-Trace": "abc"])
        _ = try Support.fetcher().fetch(FetchRequest(source: source, destination: try Support.scratchFolder()))

        let logged = server.requests
        #expect(logged.count == 1)
        #expect(logged.first?.method == "GET")
        #expect(logged.first?.path == "/logged")
        #expect(logged.first?.target == "/logged?page=2")
        #expect(logged.first?.headers["x-trace"] == "abc")
        #expect(server.connectionCount == 1)
        server.clearLog()
        #expect(server.requestCount == 0)
    }

    @Test func stopEndsStalledConnectionsAndClosesThePort() throws {
        let server = try LoopbackServer()
        server.route("/stall", .stall(seconds: 60))
        let port = server.port
        let client = Thread {
            _ = try? FetchTestSupport.fetcher().fetch(FetchRequest(
                source: FetchTestSupport.source("http://127.0.0.1:\(port)/stall", limits: FetchTestSupport.limits(timeout: 10)),
                destination: (try? FetchTestSupport.scratchFolder()) ?? "/tmp"))
        }
        client.start()
        let deadline = Date().addingTimeInterval(3)
        while server.requestCount == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(server.requestCount == 1)

        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(!canConnect(port: port))
    }

    private func canConnect(port: UInt16) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
