import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// What a process writes to a pipe, collected by a thread of its own.
final class PipeCollector: @unchecked Sendable {
    // @unchecked: `data` is touched under `lock` only.
    private let lock = NSLock()
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                self.lock.lock()
                self.data.append(chunk)
                self.lock.unlock()
            }
        }.start()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A real `kaartenbak serve` process on 127.0.0.1 and a port the system chose.
final class ServeProcess: @unchecked Sendable {
    // @unchecked: immutable after init; the process object is only stopped.
    let process = Process()
    let port: Int
    private let errors: PipeCollector

    var base: String { "http://127.0.0.1:\(port)" }

    /// The log the server wrote to standard error so far.
    var log: String { errors.text }

    /// `environment`: variables set (or, with nil, removed) for the server over the test's own.
    init(dataDir: String, _ extra: [String] = [], environment: [String: String?] = [:]) throws {
        process.executableURL = try CLI.binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir] + extra
        process.currentDirectoryURL = packageRoot
        var variables = ProcessInfo.processInfo.environment
        variables["KAARTENBAK_REVIEW_TOKEN"] = nil
        for (name, value) in environment { variables[name] = value }
        process.environment = variables
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        errors = PipeCollector(err.fileHandleForReading)
        // The first line on standard output names the port.
        var line = Data()
        let outHandle = out.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = outHandle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":")[1]) else {
            process.terminate()
            throw ServeError.noPort(text)
        }
        self.port = port
    }

    enum ServeError: Error { case noPort(String) }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// A response as a test looks at it.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
}

/// Plain HTTP over URLSession (tests only; the product serves, it does not fetch with it).
enum HTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    static func request(_ url: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }

    static func get(_ url: String, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await request(url, headers: headers)
    }

    /// A session that hands back a redirect instead of following it.
    static let direct: URLSession = {
        // Cookies only as a test sets them, so that no request carries a sign-in it did not ask for.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration, delegate: NoRedirect(), delegateQueue: nil)
    }()

    final class NoRedirect: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }

    /// One request, redirects not followed.
    static func unfollowed(_ url: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        request.httpBody = body
        let (data, response) = try await direct.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }
}

/// RFC 4180 records (quoted fields, doubled quotes, CRLF), for reading what the server wrote.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let c = characters.popFirst() {
        if quoted {
            if c == "\"" {
                if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            record.append(field); field = ""
        } else if c == "\r" {
            continue
        } else if c == "\n" {
            record.append(field); field = ""
            records.append(record); record = []
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
}
