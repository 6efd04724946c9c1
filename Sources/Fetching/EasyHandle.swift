import CCurl
import KaartenbakCore

/// libcurl's process-wide setup, run once before the first handle. A global `let` is
/// initialised lazily and thread-safely by Swift, which is what curl_global_init needs.
private let curlGlobalInit: CURLcode = kb_curl_global_init()

/// Owns one `CURL*` easy handle and the C memory it points into (header list, error buffer),
/// and frees them in `deinit`.
///
/// Not `Sendable`: libcurl forbids using one easy handle from two threads at once, so a handle
/// is created, used and dropped by the one thread that runs a transfer.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// curl writes a human-readable failure reason here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws {
        guard curlGlobalInit == CURLE_OK else {
            throw KaartenbakError(.fetch, "libcurl global initialisation failed: \(Self.text(of: curlGlobalInit))")
        }
        guard let raw = curl_easy_init() else {
            throw KaartenbakError(.fetch, "libcurl could not create a transfer handle")
        }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        _ = kb_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(raw)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws {
        try check(kb_easy_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Int64) throws {
        try check(kb_easy_setopt_off_t(raw, option, curl_off_t(value)), option)
    }

    func set(_ option: CURLoption, _ value: String) throws {
        try check(kb_easy_setopt_string(raw, option, value), option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(kb_easy_setopt_pointer(raw, option, pointer), option)
    }

    func set(_ option: CURLoption, callback: kb_curl_data_callback) throws {
        try check(kb_easy_setopt_data_callback(raw, option, callback), option)
    }

    func setProgress(callback: kb_curl_xferinfo_callback) throws {
        try check(kb_easy_setopt_xferinfo_callback(raw, callback), CURLOPT_XFERINFOFUNCTION)
        try set(CURLOPT_NOPROGRESS, 0)
    }

    /// Replaces the request headers ("Name: value" lines). The list lives as long as the handle.
    func setHeaders(_ lines: [String]) throws {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw KaartenbakError(.fetch, "libcurl could not allocate the request headers")
            }
            list = appended
        }
        let code = kb_easy_setopt_slist(raw, CURLOPT_HTTPHEADER, list)
        curl_slist_free_all(headerList)
        headerList = list
        try check(code, CURLOPT_HTTPHEADER)
    }

    /// Runs the transfer on the calling thread; returns curl's result code.
    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(raw)
    }

    func info(long info: CURLINFO) -> Int? {
        var value = 0
        return kb_easy_getinfo_long(raw, info, &value) == CURLE_OK ? value : nil
    }

    func info(offset info: CURLINFO) -> Int64? {
        var value: curl_off_t = 0
        return kb_easy_getinfo_off_t(raw, info, &value) == CURLE_OK ? Int64(value) : nil
    }

    func info(string info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard kb_easy_getinfo_string(raw, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// The detailed reason for the last failure, falling back to the code's generic text.
    func failureText(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? Self.text(of: code) : detail
    }

    static func text(of code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        guard code == CURLE_OK else {
            throw KaartenbakError(.fetch, "libcurl refused option \(option.rawValue): \(Self.text(of: code))")
        }
    }
}
