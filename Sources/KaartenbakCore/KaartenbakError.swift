import Foundation
/// Where a problem is: as much of source, file, line, element path and definition key as is known.
public struct Location: Sendable, Hashable, Codable, CustomStringConvertible {
    public var source: String?
    public var file: String?
    public var line: Int?
    public var element: String?
    public var key: String?
    public var offset: Int?

    public init(source: String? = nil, file: String? = nil, line: Int? = nil,
                element: String? = nil, key: String? = nil, offset: Int? = nil) {
        self.source = source
        self.file = file
        self.line = line
        self.element = element
        self.key = key
        self.offset = offset
    }

    public var description: String {
        var parts: [String] = []
        if let source { parts.append("source '\(source)'") }
        if let file { parts.append(line.map { "\(file):\($0)" } ?? file) }
        else if let line { parts.append("line \(line)") }
        if let element { parts.append("element \(element)") }
        if let offset { parts.append("byte offset \(offset)") }
        if let key { parts.append("key '\(key)'") }
        return parts.joined(separator: ", ")
    }
}

/// The one error type of Kaartenbak: a code to branch on, a message for a person,
/// where it happened and what caused it.
public struct KaartenbakError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable category. Exit codes and manifests are derived from it.
    public struct Code: Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A pipeline or source definition is invalid.
        public static let configuration = Code("configuration")
        /// A transfer failed (network, HTTP status, limit).
        public static let fetch = Code("fetch")
        /// A feed could not be read (malformed XML/CSV/JSON, encoding).
        public static let parse = Code("parse")
        /// A feed was refused as unsafe (DTD with entities, limits exceeded).
        public static let unsafeInput = Code("unsafe-input")
        /// Reading or writing local files or the database failed.
        public static let io = Code("io")
        /// The requested run, stage or source does not exist.
        public static let notFound = Code("not-found")
        /// Another run holds the lock.
        public static let locked = Code("locked")
        /// A publish guard refused the result.
        public static let guardRefused = Code("guard-refused")
        /// Command-line usage.
        public static let usage = Code("usage")
        /// A publish target after SQLite (PostgreSQL) failed; the SQLite catalogue is published.
        public static let target = Code("publish-target")
    }

    public var code: Code
    public var message: String
    public var location: Location?
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, at location: Location? = nil,
                cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.cause = cause
    }

    public var description: String {
        var text = ""
        if let location, !location.description.isEmpty { text += "\(location): " }
        text += message
        if let reason = causeReason, !message.contains(reason) { text += ": " + reason }
        return text
    }

    /// The cause in a person's words: the deepest underlying error's reason ("No such file or directory"), not
    /// Foundation's dump of domains and user-info; nil for a cause that only repeats what the message says.
    public var causeReason: String? {
        guard let cause else { return nil }
        if let inner = cause as? KaartenbakError { return inner.description }
        if cause is any QuietCause { return nil }
        guard let error = rootCause else { return nil }
        if error.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(error.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if error.domain == NSCocoaErrorDomain {
            switch error.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return String(cString: strerror(ENOENT))
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return String(cString: strerror(EACCES))
            default: return error.localizedDescription
            }
        }
        return "\(cause)"
    }

    /// Whether the cause, followed down to the operating system, is a missing file.
    public var isMissingFile: Bool {
        guard let error = rootCause else { return false }
        return (error.domain == NSPOSIXErrorDomain && error.code == Int(ENOENT))
            || (error.domain == NSCocoaErrorDomain && [NSFileNoSuchFileError, NSFileReadNoSuchFileError].contains(error.code))
    }

    /// The cause followed down its underlying errors to the deepest one (the operating system's, usually).
    private var rootCause: NSError? {
        guard var error = cause.map({ $0 as NSError }) else { return nil }
        while let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError { error = underlying }
        return error
    }
}

extension KaartenbakError {
    /// A failed system call, with its `errno` as the cause: the message ends in the system's reason ("No such file or
    /// directory"), and a file that is not there exits 66 (a wrong name) rather than 74 (a disk error).
    public init(_ code: Code, _ message: String, at location: Location? = nil, errno number: Int32) {
        self.init(code, message, at: location, cause: POSIXError(POSIXErrorCode(rawValue: number) ?? .EIO))
    }
}

/// A cause kept for programs (a fetch's attempts) whose text the error's message already says.
public protocol QuietCause: Error {}
