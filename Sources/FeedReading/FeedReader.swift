import CLibXML2
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

    public init(records: Int, rejects: Int, bytes: Int, encoding: String) {
        self.records = records
        self.rejects = rejects
        self.bytes = bytes
        self.encoding = encoding
    }
}

/// Reads one source's feed file (XML, CSV or JSON) into raw records, following the source definition's mapping.
///
/// The parse stage calls this once per source. Bad records become rejects and the rest of the feed goes on;
/// only a feed that cannot be trusted as a whole makes `read` throw.
public struct FeedReader: Sendable {
    /// Bounds that keep one hostile feed from exhausting the machine.
    public struct Limits: Sendable, Hashable {
        /// Captured text of one record (all mapped fields together).
        public var maxRecordBytes = 2 * 1024 * 1024
        /// Element nesting depth of an XML feed (libxml2 itself stops at 256).
        public var maxDepth = 200
        /// A quoted CSV cell longer than this is taken for an unbalanced quote.
        public var maxQuotedCellBytes = 1024 * 1024
        public init() {}
    }

    /// The libxml2 parser options every XML feed is read with: no network (NONET), errors to our handler only
    /// (NOERROR, NOWARNING), our own UTF-8 conversion (IGNORE_ENC), line numbers past 65535 (BIG_LINES), COMPACT text.
    /// Never NOENT (entity substitution), DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER.
    public static let libxml2Options: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_COMPACT.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_BIG_LINES.rawValue)

    public let source: SourceDefinition
    public var limits: Limits
    private let logger: Logger

    public init(source: SourceDefinition, logger: Logger) {
        self.source = source
        self.logger = logger
        self.limits = Limits()
    }

    /// Streams `file`; each good record goes to `onRecord`, each bad one to `onReject`; the rest of the feed goes on.
    ///
    /// Throws (`KaartenbakError` `.parse` / `.unsafeInput` / `.io` / `.configuration`) only when the feed as a whole
    /// cannot be trusted: an unsafe DTD, an unreadable file, a file that is not the declared format at all,
    /// a mapped CSV column that is missing. Records emitted before a mid-feed fatal error (such as truncated XML)
    /// stay emitted and the error becomes a `Reject` naming the line.
    public func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let summary: ReadSummary
        switch source.format {
        case .xml:
            summary = try XMLFeedReader(source: source, logger: logger, limits: limits).read(file: file, onRecord: onRecord, onReject: onReject)
        case .csv:
            summary = try CSVFeedReader(source: source, logger: logger, limits: limits).read(file: file, onRecord: onRecord, onReject: onReject)
        case .json:
            summary = try JSONFeedReader(source: source, logger: logger, limits: limits).read(file: file, onRecord: onRecord, onReject: onReject)
        }
        logger.debug("read feed", metadata: [
            "source": "\(source.name)", "records": "\(summary.records)", "rejects": "\(summary.rejects)",
            "bytes": "\(summary.bytes)", "encoding": "\(summary.encoding)"])
        return summary
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
