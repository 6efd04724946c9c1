import CZlib
import Foundation
import KaartenbakCore

/// Looks at a payload's first bytes before any reader does: a file that is not the declared format at all (an
/// HTML error page served with 200, an archive, a JSON error body, nothing) gets an error that says what it is,
/// instead of whatever the XML, CSV or JSON reader would make of it. A gzip file is decoded.
enum FeedSniffer {
    /// What the first bytes say.
    enum Verdict: Equatable {
        /// Read it as declared.
        case feed
        /// gzip bytes: decode, then sniff again.
        case gzip
        /// Not a feed: the reason.
        case refused(String)
        /// No bytes, or white space only.
        case empty
    }

    static let sampleBytes = 4096

    static func sniff(_ sample: UnsafeRawBufferPointer, format: FeedFormat) -> Verdict {
        if sample.starts(with: [0x1F, 0x8B]) { return .gzip }
        if sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) || sample.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return .refused("the file is a zip archive, not a feed; unpack it or ask the publisher for the plain \(format.rawValue) file")
        }
        if sample.starts(with: Array("BZh".utf8)) {
            return .refused("the file is bzip2-compressed, not a feed; ask the publisher for the plain or gzip \(format.rawValue) file")
        }
        if sample.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
            return .refused("the file is xz-compressed, not a feed")
        }
        if sample.starts(with: Array("%PDF".utf8)) { return .refused("the file is a PDF document, not a feed") }
        // UTF-16 (with or without a byte-order mark) is the readers' business; the checks below read ASCII.
        var bytes = Array(sample)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .feed
        }
        guard let start = bytes.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return .empty }
        let text = String(decoding: bytes[start...], as: UTF8.self)
        let lower = text.lowercased()
        if lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") || (lower.hasPrefix("<?xml") && lower.contains("<html")) {
            let title = lower.range(of: "<title>").flatMap { open in
                text[open.upperBound...].range(of: "</").map { String(text[open.upperBound..<$0.lowerBound]).trimmingWhitespace() }
            }
            return .refused("the file is an HTML page\(title.map { " (\"\($0.prefix(80))\")" } ?? ""), not a \(format.rawValue) feed: an error or login page served in its place?")
        }
        // A stray NUL is a fault of one value (removed and counted); many are binary data.
        let head = bytes.prefix(512)
        if head.count >= 64, head.filter({ $0 == 0 }).count * 8 > head.count {
            return .refused("the file holds binary data (NUL bytes), not a \(format.rawValue) feed")
        }
        let first = bytes[start]
        switch format {
        case .xml:
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                return .refused("the file is JSON, not XML: \(snippet(text))")
            }
            if first != UInt8(ascii: "<") { return .refused("the file is not XML: it starts with \(snippet(text))") }
        case .json:
            if first == UInt8(ascii: "<") { return .refused("the file is XML or HTML, not JSON: it starts with \(snippet(text))") }
            if first == UInt8(ascii: "{"), let reason = errorBody(text) { return .refused(reason) }
        case .csv:
            if first == UInt8(ascii: "<") { return .refused("the file is XML or HTML, not CSV: it starts with \(snippet(text))") }
            if first == UInt8(ascii: "{"), let reason = errorBody(text) { return .refused(reason) }
        }
        return .feed
    }

    /// A small JSON object whose keys are those of an API's error answer.
    private static func errorBody(_ text: String) -> String? {
        guard text.utf8.count < sampleBytes, let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        let keys = Set(object.keys.map { $0.lowercased() })
        guard keys.contains("error") || keys.contains("errors") || (keys.contains("message") && (keys.contains("status") || keys.contains("code") || keys.contains("statuscode")))
        else { return nil }
        return "the file is an error response, not a feed: \(snippet(text))"
    }

    private static func snippet(_ text: String) -> String {
        let line = text.prefix(120).replacingOccurrences(of: "\n", with: " ").trimmingWhitespace()
        return "'\(line)\(text.count > 120 ? "…" : "")'"
    }

    /// Decodes a gzip file into `output`, refusing more than `maxBytes` (a gzip bomb is a few KB that expand to GB).
    static func gunzip(_ path: String, to output: String, maxBytes: Int) throws {
        let at = Location(file: path)
        guard let file = kb_gzopen_read(path) else { throw KaartenbakError(.io, "cannot open the gzip file", at: at) }
        defer { gzclose(file) }
        // Created with open(2): `FileManager.createFile` writes even an empty file through a flushed copy of its own.
        let out = FileHandle(fileDescriptor: try DurableFiles.create(output), closeOnDealloc: true)
        defer { try? out.close() }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
                throw KaartenbakError(.parse, "the gzip file is damaged: \(message)", at: at)
            }
            if count == 0 { break }
            total += Int(count)
            guard total <= maxBytes else {
                throw KaartenbakError(.parse, "the gzip file expands past \(maxBytes) bytes (limits.max_bytes)", at: at)
            }
            try out.write(contentsOf: Data(buffer[..<Int(count)]))
        }
    }
}
