import CCurl
import Foundation
import KaartenbakCore

/// What one HTTP attempt came to.
enum AttemptResult {
    case fetched(HTTPResponseSummary, sha256: String, bytes: Int)
    case notModified(HTTPResponseSummary)
    case failed(AttemptFailure)
}

/// The parts of the final response the fetcher keeps.
struct HTTPResponseSummary {
    var status: Int
    var finalURL: String?
    var headers: [String: String]
}

struct AttemptFailure {
    var message: String
    var httpStatus: Int?
    /// Worth another try: the network or server may recover.
    var transient: Bool
    /// Seconds the server asked us to wait (Retry-After).
    var retryAfter: Double?
    /// The machine failed (the payload could not be written: disk full), not the source: the run ends (exit 74).
    var local = false
}

/// The settings of one HTTP attempt, already resolved (headers expanded, credentials split off).
struct TransferSettings {
    var url: String
    var username: String?
    var password: String?
    var headerLines: [String]
    var limits: FetchLimits
    /// Bounds transfers in flight across threads (fetchAll); nil for a lone fetch.
    var gate: DispatchSemaphore?
}

/// One HTTP attempt: the easy handle, the payload being written and what the callbacks saw.
///
/// The callbacks reach this object through an `Unmanaged` pointer; a reason to abort is stashed
/// here and turned into the failure after `curl_easy_perform` returns. Not `Sendable`: one
/// thread runs the whole attempt.
final class HTTPTransfer {
    /// Why a callback stopped the transfer.
    private enum Abort {
        case byteCap
        case headerCap
        case httpStatus(Int)
        case io(String)
    }

    /// Bound on all response header bytes (redirects included): a hostile server cannot grow memory
    /// with endless headers.
    static let maxHeaderBytes = 256 * 1024

    private let handle: EasyHandle
    private let settings: TransferSettings
    private let payload: PayloadWriter
    private var status: Int?
    private var reason = ""
    private var headers: [String: String] = [:]
    private var headerBytes = 0
    private var abort: Abort?

    init(settings: TransferSettings, payload: PayloadWriter) throws {
        self.handle = try EasyHandle()
        self.settings = settings
        self.payload = payload
        try configure()
    }

    /// Runs the transfer to the end on the calling thread (blocking).
    func run() throws -> AttemptResult {
        // Only the network part holds a slot: flushing the payload to disk lets the next transfer start.
        settings.gate?.wait()
        let code = handle.perform()
        settings.gate?.signal()
        if let abort { return .failed(failure(for: abort)) }
        guard code == CURLE_OK else { return .failed(failure(for: code)) }
        let status = handle.info(long: CURLINFO_RESPONSE_CODE) ?? self.status ?? 0
        let summary = HTTPResponseSummary(status: status, finalURL: handle.info(string: CURLINFO_EFFECTIVE_URL),
                                          headers: headers)
        switch status {
        case 304: return .notModified(summary)
        case 200..<300: return .fetched(summary, sha256: try payload.commit(), bytes: payload.bytes)
        default: return .failed(failure(forStatus: status))
        }
    }

    private func configure() throws {
        let limits = settings.limits
        try handle.set(CURLOPT_URL, settings.url)
        if let username = settings.username { try handle.set(CURLOPT_USERNAME, username) }
        if let password = settings.password { try handle.set(CURLOPT_PASSWORD, password) }
        // Only http and https, also after a redirect: no file://, ftp://, gopher:// and friends.
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_FOLLOWLOCATION, 1)
        try handle.set(CURLOPT_MAXREDIRS, max(0, limits.maxRedirects))
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(limits.connectTimeout))
        try handle.set(CURLOPT_TIMEOUT_MS, milliseconds(limits.timeout))
        if limits.lowSpeedBytes > 0, limits.lowSpeedTime > 0 {
            try handle.set(CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytes)
            try handle.set(CURLOPT_LOW_SPEED_TIME, max(1, Int(limits.lowSpeedTime.rounded(.up))))
        }
        // Refuses early when Content-Length is known; the write callback counts what is decoded.
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, Int64(limits.maxBytes))
        try handle.set(CURLOPT_ACCEPT_ENCODING, "")
        // Timeouts in threaded programs must not use signals.
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_BUFFERSIZE, 256 * 1024)
        try handle.set(CURLOPT_USERAGENT, "kaartenbak/1 (+libcurl)")
        try handle.setHeaders(settings.headerLines)

        let me = Unmanaged.passUnretained(self).toOpaque()
        try handle.set(CURLOPT_WRITEFUNCTION, callback: receiveBody)
        try handle.set(CURLOPT_WRITEDATA, pointer: me)
        try handle.set(CURLOPT_HEADERFUNCTION, callback: receiveHeader)
        try handle.set(CURLOPT_HEADERDATA, pointer: me)
    }

    /// Called by libcurl with decoded body bytes. Returning less than offered aborts the transfer.
    fileprivate func body(_ chunk: UnsafeRawBufferPointer) -> Int {
        guard let status, (200..<300).contains(status) else {
            // An error page is not a payload; stop reading it.
            abort = .httpStatus(status ?? 0)
            return 0
        }
        guard payload.bytes + chunk.count <= settings.limits.maxBytes else {
            abort = .byteCap
            return 0
        }
        if let problem = payload.append(chunk) {
            abort = .io(problem)
            return 0
        }
        return chunk.count
    }

    /// Called by libcurl once per header line, for every response including redirects.
    /// Returns false to abort the transfer.
    fileprivate func header(_ bytes: UnsafeRawBufferPointer) -> Bool {
        headerBytes += bytes.count
        guard headerBytes <= Self.maxHeaderBytes else {
            abort = .headerCap
            return false
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new response (after a redirect or 100 Continue): forget the previous one's headers.
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) : nil
            reason = parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            headers = [:]
            return true
        }
        guard let colon = line.firstIndex(of: ":") else { return true }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
        return true
    }

    private func failure(for abort: Abort) -> AttemptFailure {
        switch abort {
        case .byteCap:
            return AttemptFailure(message: "response exceeds the byte cap of \(settings.limits.maxBytes) bytes",
                                  httpStatus: status, transient: false)
        case .headerCap:
            return AttemptFailure(message: "response headers exceed \(Self.maxHeaderBytes) bytes",
                                  httpStatus: status, transient: false)
        case .httpStatus(let code):
            return failure(forStatus: code)
        case .io(let text):
            return AttemptFailure(message: text, httpStatus: status, transient: false, local: true)
        }
    }

    private func failure(forStatus code: Int) -> AttemptFailure {
        let text = reason.isEmpty ? "server answered HTTP \(code)" : "server answered HTTP \(code) (\(reason))"
        return AttemptFailure(message: text, httpStatus: code, transient: Self.transientStatuses.contains(code),
                              retryAfter: headers["retry-after"].flatMap(Self.parseRetryAfter))
    }

    private func failure(for code: CURLcode) -> AttemptFailure {
        let limits = settings.limits
        let detail = handle.failureText(code)
        let message: String
        switch code {
        case CURLE_FILESIZE_EXCEEDED:
            message = "response exceeds the byte cap of \(limits.maxBytes) bytes"
        case CURLE_UNSUPPORTED_PROTOCOL:
            message = "refused: only http and https are allowed (\(detail))"
        case CURLE_TOO_MANY_REDIRECTS:
            message = "more than \(limits.maxRedirects) redirects (\(detail))"
        case CURLE_OPERATION_TIMEDOUT:
            message = "timed out (connect \(limits.connectTimeout) s, total \(limits.timeout) s, "
                + "at least \(limits.lowSpeedBytes) bytes/s over \(limits.lowSpeedTime) s): \(detail)"
        case CURLE_PARTIAL_FILE:
            message = "truncated: the connection ended before the whole body arrived (\(detail))"
        default:
            message = "transfer failed: \(detail) (curl error \(code.rawValue))"
        }
        return AttemptFailure(message: message, httpStatus: status, transient: Self.transientCodes.contains(code))
    }

    static let transientStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Network trouble that may pass: name resolution, connect, timeouts, connections cut short.
    static let transientCodes: [CURLcode] = [
        CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
        CURLE_OPERATION_TIMEDOUT, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
    ]

    /// Retry-After is delay-seconds or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    private func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded()))
    }
}

private let receiveBody: kb_curl_data_callback = { data, size, count, user in
    guard let user else { return 0 }
    let transfer = Unmanaged<HTTPTransfer>.fromOpaque(user).takeUnretainedValue()
    return transfer.body(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let receiveHeader: kb_curl_data_callback = { data, size, count, user in
    guard let user, let data else { return 0 }
    let transfer = Unmanaged<HTTPTransfer>.fromOpaque(user).takeUnretainedValue()
    return transfer.header(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}
