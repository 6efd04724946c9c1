import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One accepted connection: reads a request, acts out a behaviour. Used by its own thread only.
struct Connection {
    let descriptor: Int32
    let server: LoopbackServer

    // MARK: - Reading

    /// Reads the request head (request line and headers); nil when the client sent none.
    func readRequest() -> RecordedRequest? {
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = [13, 10, 13, 10]
        while head.count < 65_536 {
            if let end = head.firstRange(of: terminator) { return parse(head[..<end.lowerBound]) }
            guard !server.isStopped else { return nil }
            guard server.waitReadable(descriptor, milliseconds: 100) else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            head += buffer[..<count]
        }
        return nil
    }

    private func parse(_ head: ArraySlice<UInt8>) -> RecordedRequest? {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let target = String(requestLine[1])
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
        return RecordedRequest(method: String(requestLine[0]), target: target, path: path, headers: headers,
                               receivedAt: Date())
    }

    // MARK: - Behaviours

    /// Acts out `behaviour`; returns true when it already told the server the request was answered.
    func perform(_ behaviour: Behaviour, for request: RecordedRequest) -> Bool {
        if case .drip(let body, let rate) = behaviour { return drip(body, bytesPerSecond: rate) }
        switch behaviour {
        case .respond(let response):
            respond(response, to: request)
        case .stall(let seconds):
            stall(seconds)
        case .drip:
            break
        case .truncated(let body, let declared):
            _ = sendHead(status: 200, headers: ["Content-Length": "\(declared)"]) && send(body)
        case .redirect(let location, let status):
            let target = location.hasPrefix("/") ? server.url(location) : location
            _ = sendHead(status: status, headers: ["Location": target, "Content-Length": "0"])
        case .stream(let total, let chunked):
            stream(total, chunked: chunked)
        case .hold(let open, let timeout, let response):
            let deadline = Date().addingTimeInterval(timeout)
            while !open(), Date() < deadline, !server.isStopped { Thread.sleep(forTimeInterval: 0.01) }
            respond(response, to: request)
        case .file(let path):
            if let data = FileManager.default.contents(atPath: path) {
                respond(Response(status: 200, body: Array(data)), to: request)
            } else {
                respond(Response(status: 404), to: request)
            }
        }
        return false
    }

    private func respond(_ response: Response, to request: RecordedRequest) {
        var headers = response.headers
        if let etag = response.etag { headers["ETag"] = etag }
        if let lastModified = response.lastModified { headers["Last-Modified"] = lastModified }
        if isNotModified(response, request) {
            _ = sendHead(status: 304, headers: headers)
            return
        }
        headers["Content-Length"] = "\(response.body.count)"
        _ = sendHead(status: response.status, headers: headers) && (request.method == "HEAD" || send(response.body))
    }

    private func isNotModified(_ response: Response, _ request: RecordedRequest) -> Bool {
        if let etag = response.etag, let tags = request.headers["if-none-match"] {
            return tags == "*" || tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag }
        }
        if let lastModified = response.lastModified, let since = request.headers["if-modified-since"] {
            return since == lastModified
        }
        return false
    }

    private func stall(_ seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        var scratch = [UInt8](repeating: 0, count: 512)
        while Date() < deadline, !server.isStopped {
            if server.waitReadable(descriptor, milliseconds: 50) {
                let count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return }
            }
        }
    }

    /// Reports the request answered just before the last byte leaves, so a client that has the
    /// whole body can never see this request still counted as in flight.
    private func drip(_ body: [UInt8], bytesPerSecond: Int) -> Bool {
        guard sendHead(status: 200, headers: ["Content-Length": "\(body.count)"]) else { return false }
        let pause = 1 / Double(max(1, bytesPerSecond))
        for (index, byte) in body.enumerated() {
            if index > 0 { Thread.sleep(forTimeInterval: pause) }
            guard !server.isStopped else { return false }
            if index == body.count - 1 { server.requestAnswered() }
            guard send([byte]) else { return index == body.count - 1 }
        }
        return !body.isEmpty
    }

    private func stream(_ total: Int, chunked: Bool) {
        let headers = chunked ? ["Transfer-Encoding": "chunked"] : ["Connection": "close"]
        guard sendHead(status: 200, headers: headers, closing: false) else { return }
        var remaining = total
        while remaining > 0, !server.isStopped {
            let block = Filler.block[..<min(remaining, Filler.block.count)]
            let sent = chunked
                ? send(Array("\(String(block.count, radix: 16))\r\n".utf8) + block + [13, 10])
                : send(Array(block))
            guard sent else { return }
            remaining -= block.count
        }
        if chunked { _ = send(Array("0\r\n\r\n".utf8)) }
    }

    // MARK: - Writing

    private func sendHead(status: Int, headers: [String: String], closing: Bool = true) -> Bool {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if closing, headers["Connection"] == nil { head += "Connection: close\r\n" }
        head += "\r\n"
        return send(Array(head.utf8))
    }

    /// Sends everything or reports failure (client gone, server stopping).
    private func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = Glibc.send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += sent
            }
            return true
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 408: return "Request Timeout"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status"
        }
    }
}
