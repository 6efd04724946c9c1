import CLibXML2
import Foundation
import KaartenbakCore
import Logging

/// What reading one feed file produced.
public struct ReadSummary: Sendable, Codable, Equatable {
    /// Records passed to `onRecord`.
    public var records: Int
    /// Records (or unreadable parts of the feed) passed to `onReject`.
    public var rejects: Int
    /// Bytes of the file read.
    public var bytes: Int
    /// The encoding the file was read in ("utf-8", "windows-1252", ...).
    public var encoding: String
    /// Why reading did not reach the feed's end, or skipped a part of it whose records are unknown; nil when
    /// every byte of the feed was read. An incomplete read never closes a vacancy (docs/bad-feeds.md).
    public var incomplete: String?
    /// Records from whose values control characters (NUL, ...) were removed.
    public var controlCharactersRemoved = 0

    public init(records: Int, rejects: Int, bytes: Int, encoding: String, incomplete: String? = nil) {
        self.records = records
        self.rejects = rejects
        self.bytes = bytes
        self.encoding = encoding
        self.incomplete = incomplete
    }

    /// Notes the first reason the read is incomplete (later ones are in the rejects).
    mutating func markIncomplete(_ reason: String) {
        if incomplete == nil { incomplete = reason }
    }
}

/// Reads one source's feed file (XML, CSV or JSON) into raw records, following the source definition's mapping.
///
/// The parse stage calls this once per source. Bad records become rejects and the rest of the feed goes on;
/// only a feed that cannot be trusted as a whole makes `read` throw.
public struct FeedReader: Sendable {
    /// Bounds that keep one hostile feed from exhausting the machine: the source's `limits:`.
    public typealias Limits = ReadLimits

    /// The libxml2 parser options every XML feed is read with: no network (NONET), errors to our handler only
    /// (NOERROR, NOWARNING), our own UTF-8 conversion (IGNORE_ENC), line numbers past 65535 (BIG_LINES), COMPACT text.
    /// Never NOENT (entity substitution), DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER.
    public static let libxml2Options: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_COMPACT.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_BIG_LINES.rawValue)

    public let source: SourceDefinition
    public var limits: Limits
    let logger: Logger

    public init(source: SourceDefinition, logger: Logger) {
        self.source = source
        self.logger = logger
        self.limits = source.read
    }

    /// Streams `file`; each good record goes to `onRecord`, each bad one to `onReject`; the rest of the feed goes on.
    ///
    /// Throws (`KaartenbakError` `.parse` / `.unsafeInput` / `.io` / `.configuration`) only when the feed as a whole
    /// cannot be trusted: an unsafe DTD, an unreadable file, a file that is not the declared format at all,
    /// a mapped CSV column that is missing. Records emitted before a mid-feed fatal error (such as truncated XML)
    /// stay emitted and the error becomes a `Reject` naming the line.
    public func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        try read(file: file, decoded: false, onRecord: onRecord, onReject: onReject)
    }

    /// The first bytes of `file` and what they say it is (`FeedSniffer`).
    func sniff(file: String, at: Location) throws -> (verdict: FeedSniffer.Verdict, sample: [UInt8]) {
        guard let handle = fopen(file, "rb") else {
            throw KaartenbakError(.io, "cannot open feed", at: at, errno: errno)
        }
        var sample = [UInt8](repeating: 0, count: FeedSniffer.sampleBytes)
        sample.removeSubrange(fread(&sample, 1, sample.count, handle)...)
        fclose(handle)
        return (sample.withUnsafeBytes { FeedSniffer.sniff($0, format: source.format) }, sample)
    }

    private func read(file: String, decoded: Bool, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let at = Location(source: source.name, file: file)
        let (verdict, sample) = try sniff(file: file, at: at)
        switch verdict {
        case .feed:
            break
        case .refused(let reason):
            throw KaartenbakError(.parse, reason, at: at)
        case .empty:
            guard source.mayBeEmpty else {
                throw KaartenbakError(.parse, "the file is empty (\(sample.count) bytes of white space at most; set may_be_empty: true if this source can be empty)", at: at)
            }
            return ReadSummary(records: 0, rejects: 0, bytes: sample.count, encoding: TextEncoding.utf8.rawValue)
        case .gzip:
            guard !decoded else { throw KaartenbakError(.parse, "the file is gzip inside gzip (refused)", at: at) }
            let plain = file + ".gunzipped"
            defer { try? FileManager.default.removeItem(atPath: plain) }
            try FeedSniffer.gunzip(file, to: plain, maxBytes: source.limits.maxBytes)
            logger.info("decoded a gzip feed", metadata: ["source": "\(source.name)", "file": "\(file)"])
            return try read(file: plain, decoded: true, onRecord: onRecord, onReject: onReject)
        }
        var summary: ReadSummary
        var screened = 0, oversized = 0, emptied = 0
        let limits = self.limits
        // Every record of every format passes the same screen: a value over its size limit makes the record a
        // reject; control characters are removed and counted, never left to cut a value short downstream.
        let screen: (RawRecord) throws -> Void = { record in
            var record = record
            if let problem = Self.oversized(record, limits: limits) {
                oversized += 1
                try onReject(Reject(source: record.source, file: file, location: record.location, reason: problem,
                                    snippet: snippet(record.values), recordId: recordId(record.values)))
                return
            }
            if Self.removeControlCharacters(&record) {
                // A value of control characters only is no value: a record left without its id or title is a reject.
                record.values.removeAll { $0.text.isEmpty }
                if let missing = missingRequired(record.values) {
                    emptied += 1
                    try onReject(Reject(source: record.source, file: file, location: record.location, reason: missing,
                                        snippet: snippet(record.values), recordId: recordId(record.values)))
                    return
                }
                screened += 1
            }
            try onRecord(record)
        }
        switch source.format {
        case .xml:
            summary = try XMLFeedReader(source: source, logger: logger, limits: limits).read(file: file, onRecord: screen, onReject: onReject)
        case .csv:
            summary = try CSVFeedReader(source: source, logger: logger, limits: limits).read(file: file, onRecord: screen, onReject: onReject)
        case .json:
            summary = try JSONFeedReader(source: source, logger: logger, limits: limits).read(file: file, onRecord: screen, onReject: onReject)
        }
        summary.records -= oversized + emptied
        summary.rejects += oversized + emptied
        summary.controlCharactersRemoved = screened
        logger.debug("read feed", metadata: [
            "source": "\(source.name)", "records": "\(summary.records)", "rejects": "\(summary.rejects)",
            "bytes": "\(summary.bytes)", "encoding": "\(summary.encoding)"])
        return summary
    }

    /// The first value of `record` over its limit, as a reject's reason; nil when all fit.
    static func oversized(_ record: RawRecord, limits: Limits) -> String? {
        var total = 0
        for value in record.values {
            let bytes = value.text.utf8.count
            total += bytes
            let limit = limits.maxBytes(of: value.field)
            if bytes > limit {
                let key = value.field == .title ? "max_title_bytes" : value.field == .description ? "max_description_bytes" : "max_field_bytes"
                return "\(value.field.rawValue) is \(bytes) bytes, over the limit of \(limit) (limits.\(key))"
            }
        }
        if total > limits.maxRecordBytes {
            return "the record's values are \(total) bytes, over the limit of \(limits.maxRecordBytes) (limits.max_record_bytes)"
        }
        return nil
    }

    /// Removes C0 control characters other than tab, line feed and carriage return (NUL above all) and DEL from
    /// every value: they are no text, and a NUL would cut a value short in any C string on the way. True when
    /// something was removed (the parse step counts such records).
    static func removeControlCharacters(_ record: inout RawRecord) -> Bool {
        func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F }
        /// Read from the string's own bytes: every value of every record passes here, and the
        /// generic `utf8.contains(where:)` was a twentieth of a parse.
        func hasControl(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                for byte in bytes where byte < 0x20 || byte == 0x7F {
                    if isControl(byte) { return true }
                }
                return false
            }
        }
        var removed = false
        for index in record.values.indices {
            let text = record.values[index].text
            guard hasControl(text) else { continue }
            record.values[index].text = String(decoding: text.utf8.filter { !isControl($0) }, as: UTF8.self)
            removed = true
        }
        return removed
    }

    /// Reads the whole feed into memory: for previews and tests, not for the nightly run.
    public func readAll(file: String) throws -> (records: [RawRecord], rejects: [Reject], summary: ReadSummary) {
        var records: [RawRecord] = []
        var rejects: [Reject] = []
        let summary = try read(file: file, onRecord: { records.append($0) }, onReject: { rejects.append($0) })
        return (records, rejects, summary)
    }
}

extension FeedReader {
    /// The first `limit` records and the rejects met on the way, for `kaartenbak preview`: reading stops early.
    /// Whether `file` holds at least one record (read or rejected) as this source reads it; false for a file it
    /// cannot read at all (the parse stage then says why).
    public func holdsRecords(file: String) -> Bool {
        guard let (records, rejects) = try? preview(file: file, limit: 1) else { return false }
        return !records.isEmpty || !rejects.isEmpty
    }

    public func preview(file: String, limit: Int) throws -> (records: [RawRecord], rejects: [Reject]) {
        struct Enough: Error {}
        var records: [RawRecord] = []
        var rejects: [Reject] = []
        do {
            _ = try read(file: file, onRecord: { record in
                records.append(record)
                if records.count >= limit { throw Enough() }
            }, onReject: { rejects.append($0) })
        } catch is Enough {
            // The limit was reached.
        }
        return (records, rejects)
    }
}

/// Names the fields a record lacks among those every source must map, or nil.
func missingRequired(_ values: [RawRecord.Value]) -> String? {
    func has(_ field: VacancyField) -> Bool { values.contains { $0.field == field && !$0.text.isEmpty } }
    let required = VacancyField.required
    if required.allSatisfy(has) { return nil }  // every record: no array built
    let missing = required.filter { !has($0) }
    return "missing required field" + (missing.count > 1 ? "s " : " ") + missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")
}

/// The record's own id as read, for a reject: nil when the record has none (or it could not be read).
func recordId(_ values: [RawRecord.Value]) -> String? {
    values.first { $0.field == .id && !$0.text.isEmpty }?.text
}

/// A record's values while it is read. The array handed out with a record comes back with `recycle` once the record
/// has been passed on: when nobody kept it, the next record reuses its storage instead of allocating.
struct RecordValues {
    private(set) var values: [RawRecord.Value] = []

    mutating func append(_ field: VacancyField, _ text: String) {
        values.append(RawRecord.Value(field, text))
    }

    /// The values read so far; empty again afterwards.
    mutating func take() -> [RawRecord.Value] {
        defer { values = [] }
        return values
    }

    /// Takes back a taken array for reuse (its contents are dropped).
    mutating func recycle(_ taken: inout [RawRecord.Value]) {
        guard values.isEmpty else { return }
        taken.removeAll(keepingCapacity: true)
        swap(&values, &taken)
    }

    mutating func removeAll() {
        if !values.isEmpty { values.removeAll(keepingCapacity: true) }
    }
}
