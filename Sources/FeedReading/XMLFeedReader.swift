import CLibXML2
import Dispatch
import Glibc
import KaartenbakCore
import Logging

/// libxml2 is initialised once per process before any reader is made (its own docs ask for this with threads).
private let libxml2Initialised: Bool = {
    xmlInitParser()
    return true
}()

/// Owns one libxml2 `xmlTextReader` and collects its errors.
/// Not Sendable: a reader is created, used and freed by one thread.
final class LibXML2Reader {
    let pointer: xmlTextReaderPtr
    private(set) var firstError: (message: String, line: Int)?
    private let input: XMLInput

    init(input: XMLInput, options: Int32) throws {
        _ = libxml2Initialised
        self.input = input
        let context = Unmanaged.passUnretained(input).toOpaque()
        // The input is UTF-8 already. Naming "UTF-8" makes libxml2 run its UTF-8 to UTF-8 converter (a copy
        // of every byte); without a name it sniffs the first four bytes, which is safe when they are plain ASCII.
        let encoding = input.startsWithPlainASCII ? nil : "UTF-8"
        guard let reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer, length > 0 else { return -1 }
            return Unmanaged<XMLInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: Int(length))
        }, { _ in 0 }, context, input.path, encoding, options) else {
            throw KaartenbakError(.parse, "libxml2 could not start a reader", at: Location(file: input.path))
        }
        pointer = reader
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let this = Unmanaged<LibXML2Reader>.fromOpaque(context).takeUnretainedValue()
            guard this.firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            this.firstError = (message.trimmingWhitespace(), Int(error.pointee.line))
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The document libxml2 was building, taken only after a fatal error to find a record the reader never reached.
    /// Once taken, the reader leaves it alive (libxml2's rule for `xmlTextReaderCurrentDoc`): it is freed here.
    private var document: xmlDocPtr?

    func documentRoot() -> xmlNodePtr? {
        if document == nil { document = xmlTextReaderCurrentDoc(pointer) }
        return document.flatMap { xmlDocGetRootElement($0) }
    }

    deinit {
        xmlFreeTextReader(pointer)
        if let document { xmlFreeDoc(document) }
    }
}

/// Streams an XML feed with libxml2's xmlTextReader, matching the record path and the field trie
/// against (namespace URI, local name) as elements go by. No tree of the feed is ever built.
///
/// Two threads share the work: a reader thread drives libxml2 and copies out each record's raw value bytes
/// (`XMLRecordProducer`); the calling thread turns them into `RawRecord`s and calls `onRecord` / `onReject`,
/// in feed order. A bounded `HandOver` between them keeps memory flat whatever the feed's size.
struct XMLFeedReader {
    let source: SourceDefinition
    let logger: Logger
    let limits: FeedReader.Limits
    /// Whether records are expanded and walked as trees (the fast way) or stepped through node by node (for tests
    /// that compare the two).
    var expandRecords = true

    /// Batches waiting between the threads: enough to ride out uneven records, few enough to keep memory small.
    static let queuedBatches = 4

    func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let mapping = try XMLMapping(source: source)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(min(limits.parseTimeout, 1e9) * 1e9)
        let producer = XMLRecordProducer(source: source, file: file, mapping: mapping, limits: limits, expandRecords: expandRecords,
                                         deadline: deadline)
        let handOver = HandOver<XMLRecordBatch>.start(capacity: Self.queuedBatches) { producer.run(into: $0) }
        // However this function ends (an early stop by `onRecord` throwing, too), the reader thread has freed
        // libxml2's reader and ended before it returns.
        defer {
            handOver.stop()
            handOver.waitForProducer()
        }

        var summary = ReadSummary(records: 0, rejects: 0, bytes: 0, encoding: TextEncoding.utf8.rawValue)
        var values = RecordValues()
        func at(line: Int?) -> Location { Location(source: source.name, file: file, line: line) }

        while let batch = handOver.take() {
            for record in batch.records {
                let location = "element \(mapping.recordLabel)[\(record.ordinal)], line \(record.line)"
                batch.values(of: record, into: &values)
                var raw = RawRecord(source: source.name, location: location, values: values.take())
                if let problem = record.problem ?? missingRequired(raw.values) {
                    summary.rejects += 1
                    try onReject(Reject(source: source.name, file: file, location: location, reason: problem, snippet: snippet(raw.values),
                                        recordId: recordId(raw.values)))
                } else {
                    summary.records += 1
                    try onRecord(raw)
                }
                values.recycle(&raw.values)
            }
            guard let end = batch.end else { continue }
            summary.bytes = end.bytesRead
            summary.encoding = end.encoding.rawValue
            // After a fault, reading went on at the next record (`resumedAtLine`) or stopped there: the skipped part
            // is a reject without an id, and a read that stopped is incomplete.
            let after = end.resumedAtLine.map { "; skipped up to the next record, reading goes on at line \($0)" }
            switch end.reason {
            case .endOfFeed, .stopped:
                break
            case .failed(let error):
                throw error
            case .outOfTime(let line):
                let reason = "reading took longer than \(Int(limits.parseTimeout)) s (limits.parse_timeout); it stopped at line \(line) after \(summary.records) records"
                summary.markIncomplete(reason)
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: "line \(line)", reason: reason, snippet: ""))
            case .tooDeep(let depth, let line):
                let reason = "elements nested deeper than \(limits.maxDepth) (depth \(depth))" + (after ?? "; reading stopped here")
                if after == nil { summary.markIncomplete("line \(line): \(reason)") }
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: "line \(line)", reason: reason, snippet: ""))
            case .notWellFormed(let line, let message, let open, let readable):
                // A fatal error (truncation, bad bytes, libxml2 limits): what came before stays.
                guard readable || summary.records + summary.rejects > 0 else {
                    throw KaartenbakError(.parse, "not a readable XML feed: \(message)", at: at(line: line))
                }
                var location = "line \(line)"
                if let open {
                    location += ", in element \(mapping.recordLabel)[\(open.ordinal)] from line \(open.line)"
                }
                summary.rejects += 1
                if after == nil {
                    summary.markIncomplete("\(location): XML is not well-formed (\(message)); reading stopped after \(summary.records) records")
                }
                try onReject(Reject(source: source.name, file: file, location: location,
                                    reason: "XML is not well-formed: \(message)" + (after ?? "; reading stopped here after \(summary.records) records"),
                                    snippet: Self.text(ofLine: line, in: file, encoding: end.encoding)))
            }
            if end.recoveredEntities > 0 {
                logger.info("recovered named HTML entities that are not XML", metadata: [
                    "source": "\(source.name)", "count": "\(end.recoveredEntities)"])
            }
        }
        return summary
    }

    /// The text of one line of the file, for the reject of a fatal error (read again: it happens once per feed).
    static func text(ofLine wanted: Int, in file: String, encoding: TextEncoding) -> String {
        guard wanted > 0, !encoding.isUTF16, let handle = fopen(file, "rb") else { return "" }
        defer { fclose(handle) }
        var line = 1
        var bytes: [UInt8] = []
        while true {
            let c = getc(handle)
            if c == EOF { break }
            if c == 0x0A {
                if line == wanted { break }
                line += 1
                continue
            }
            if line == wanted && bytes.count < 500 { bytes.append(UInt8(c)) }
        }
        var text: [UInt8] = []
        var transcoder = UTF8Transcoder(encoding)
        bytes.withUnsafeBytes { transcoder.transcode($0, into: &text, final: true) }
        return String(decoding: text, as: UTF8.self).trimmingWhitespace()
    }
}

/// The reader thread's side of `XMLFeedReader`: opens the input, drives libxml2 and hands over batches of
/// finished records, the last one carrying why reading ended. libxml2's reader is made, used and freed here.
struct XMLRecordProducer: Sendable {
    let source: SourceDefinition
    let file: String
    let mapping: XMLMapping
    let limits: FeedReader.Limits
    let expandRecords: Bool
    /// When reading must stop (`DispatchTime` nanoseconds): `limits.parseTimeout` after the read began.
    let deadline: UInt64

    /// The input libxml2 may take in to expand one record. A tree takes up to about 25 times its input in memory
    /// (measured: 4 MB of small elements with an attribute each became 100 MB), so this keeps a record's tree under
    /// about 13 MB; records are a few KB. A bigger record stops the first pass, as a fatal error does, and the
    /// second pass reads it and the rest of the feed node by node: slower, the same records.
    static func maxExpandedInput(_ limits: FeedReader.Limits) -> Int { min(512 * 1024, 2 * limits.maxRecordBytes) }

    /// A batch is handed over at this many records or bytes, whichever comes first.
    /// Large enough that waking the other thread is rare (each hand-over can cost a futex call both ways).
    static let batchRecords = 128
    static let batchBytes = 256 * 1024

    /// Reads the feed in libxml2's own pieces; after a fatal error, once more in pieces cut after each record.
    ///
    /// xmlTextReader parses each piece of input in one go, and a fatal error loses every node built from its piece:
    /// good records that ended in the same piece as the error would be lost with it. Cutting the input after each
    /// record's end tag prevents that (see `XMLInput.read`), but makes libxml2 parse in more, smaller pieces: about
    /// 15% more of its time on every feed, plus a scan of every byte for the cuts (docs/xml-reading.md). So only a
    /// feed that breaks pays, by a second read up to its error: the second pass skips the records the first one
    /// handed over and reads on to the error, which it then reports exactly as a single cut pass would.
    func run(into handOver: HandOver<XMLRecordBatch>) {
        let first = pass(cutAfterRecords: false, skipping: 0, handOver: handOver)
        var last = first.batch
        if last.end?.reason.isFault == true {
            last.end = nil
            guard handOver.put(last) else { return }
            last = pass(cutAfterRecords: true, skipping: first.lastRecord, handOver: handOver).batch
        }
        _ = handOver.put(last)
    }

    /// A feed with more faults than this is not read on after the last one: it is hardly a feed.
    static let maxResumes = 1000

    /// One read of the file: hands over full batches and returns the last one, with its end, and the ordinal of
    /// the last record it holds or has handed over. Records up to ordinal `skipping` are read but not handed over.
    ///
    /// In the pieces mode a fault (a fatal error or the depth limit) does not end the read: its batch is handed over
    /// with the fault and where reading resumes, and a new libxml2 reader reads on from the next record's start tag
    /// (`XMLInput.resumeAtNextRecord`), so that one broken record costs that record only.
    private func pass(cutAfterRecords: Bool, skipping: Int, handOver: HandOver<XMLRecordBatch>) -> (batch: XMLRecordBatch, lastRecord: Int) {
        var last = XMLRecordBatch()
        var lastRecord = skipping
        do {
            let input = try XMLInput(path: file, source: source.name, definedEncoding: source.encoding,
                                     recordLocalName: cutAfterRecords ? mapping.record.last?.local ?? "" : nil)
            input.maxTagBytes = limits.maxTagBytes
            input.deadline = deadline
            var end = XMLReadEnd(reason: .endOfFeed, encoding: input.encoding)
            do {
                var reader = try LibXML2Reader(input: input, options: FeedReader.libxml2Options)
                var walker = Walker(mapping: mapping, reader: reader.pointer, limits: limits, skipping: skipping)
                var resumes = 0
                while true {
                    // The second pass exists to report a fatal error exactly: it reads node by node, as it always has.
                    end.reason = drive(reader, input: input, walker: &walker, expanding: expandRecords && !cutAfterRecords, handOver: handOver)
                    last = walker.takeBatch()
                    lastRecord = max(skipping, walker.lastFinished)
                    guard cutAfterRecords, end.reason.isFault, resumes < Self.maxResumes,
                          let resume = input.resumeAtNextRecord() else { break }
                    resumes += 1
                    // The record the fault was in is skipped: the next one counts on from it.
                    var base = walker.ordinal
                    if case .notWellFormed(_, _, let open, _) = end.reason, let open { base = max(base, open.ordinal) }
                    end.resumedAtLine = resume.line
                    end.bytesRead = input.bytesRead
                    last.end = end
                    guard handOver.put(last) else { return (XMLRecordBatch(), lastRecord) }
                    reader = try LibXML2Reader(input: input, options: FeedReader.libxml2Options)
                    walker = Walker(mapping: mapping, reader: reader.pointer, limits: limits, skipping: skipping,
                                    ordinalBase: base, lineOffset: resume.line - (resume.headLines + 1))
                    end = XMLReadEnd(reason: .endOfFeed, encoding: input.encoding)
                }
            } catch {
                end.reason = .failed(error)
            }
            end.bytesRead = input.bytesRead
            end.recoveredEntities = input.recoveredEntities
            last.end = end
        } catch {
            last.end = XMLReadEnd(reason: .failed(error))
        }
        return (last, lastRecord)
    }

    /// Reads nodes until the feed ends, a fatal error or limit stops it, or the consumer stops taking batches.
    ///
    /// A record is expanded (`xmlTextReaderExpand`) when the reader reaches its start tag and walked as a tree of
    /// nodes, without a reader call per node; `xmlTextReaderNext` then moves past it and frees it. When libxml2
    /// cannot expand it (a fatal error inside the record) or has reported an error, the record is read node by node,
    /// as it is when `expanding` is false. An error while expanding, or a record too big to expand, ends this pass
    /// as a fatal error would: the second pass (`run`), which reads node by node, then reads on from there and
    /// reports any error exactly as before.
    /// A record counts as whole only once a node after it exists (libxml2 also calls a record cut short by the end
    /// of input expanded): until then it is read node by node.
    private func drive(_ reader: LibXML2Reader, input: XMLInput, walker: inout Walker, expanding: Bool,
                       handOver: HandOver<XMLRecordBatch>) -> XMLReadEnd.Reason {
        var status = xmlTextReaderRead(reader.pointer)
        while status == 1 {
            var event = walker.step()
            var expanded = false
            if case .recordStarted(let depth) = event, expanding, reader.firstError == nil {
                // After an error in the expansion, libxml2's reader would go on through the nodes built before it as if
                // the feed ended there: reading stops here instead, as the reader stops at an error.
                // A record's whole tree is in memory while it is walked: a huge one is left to the second pass.
                input.handOverLimit = input.handedOver + Self.maxExpandedInput(limits)
                let expansion = xmlTextReaderExpand(reader.pointer)
                input.handOverLimit = nil
                guard let record = expansion, reader.firstError == nil else { break }
                if Self.hasSuccessor(record) {
                    event = walker.walk(expanded: record, depth: depth)
                    expanded = true
                }
            }
            switch event {
            case .none, .recordStarted:
                break
            case .finished:
                if walker.batch.records.count >= Self.batchRecords || walker.batch.bytes.count >= Self.batchBytes {
                    guard handOver.put(walker.takeBatch()) else { return .stopped }
                }
            case .doctype(let line):
                if !input.sawDoctype {
                    return .failed(KaartenbakError(.unsafeInput, "the feed has a DOCTYPE after a long prolog (refused unchecked)",
                                                   at: Location(source: source.name, file: file, line: line)))
                }
            case .tooDeep(let depth, let line):
                return .tooDeep(depth: depth, line: line)
            }
            status = expanded ? xmlTextReaderNext(reader.pointer) : xmlTextReaderRead(reader.pointer)
        }
        if status == 0 { return .endOfFeed }
        let line = (reader.firstError?.line ?? Int(xmlTextReaderGetParserLineNumber(reader.pointer))) + walker.lineOffset
        if let fault = input.limitFault, !fault.resumable { return .outOfTime(line: line) }
        let open = walker.recordOpenAtError(documentRoot: reader.documentRoot)
        return .notWellFormed(line: line, message: input.limitFault?.message ?? reader.firstError?.message ?? "unknown parser error",
                              open: open.map { ($0.ordinal, $0.line) }, readable: open != nil || walker.everInRecord)
    }

    /// Whether a node follows `node` in document order outside its subtree: then the parser got past its end tag.
    private static func hasSuccessor(_ node: xmlNodePtr) -> Bool {
        var at: xmlNodePtr? = node
        while let current = at {
            if current.pointee.next != nil { return true }
            at = current.pointee.parent
        }
        return false
    }
}

/// Calls `body` with `text` as a NUL-terminated libxml2 string.
func withXMLString<T>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> T) -> T {
    text.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1, body) }
}

/// A short text form of a record's values, for reject files.
public func snippet(_ values: [RawRecord.Value]) -> String {
    values.map { "\($0.field.rawValue)=\($0.text)" }.joined(separator: "; ")
}

/// The state machine over reader nodes. One instance per read.
private struct Walker {
    /// What one reader node meant. Small on purpose: it is returned for every node of the feed.
    enum Event {
        case none
        /// A record's start tag at this depth (not an empty element): the reader is on it.
        case recordStarted(depth: Int)
        /// A record ended: it is in `batch`.
        case finished
        case doctype(line: Int)
        case tooDeep(depth: Int, line: Int)
    }
    /// The record being read: plain integers, cheap to copy.
    struct OpenRecord {
        var ordinal: Int
        var line: Int
        var depth: Int
    }
    /// A field being read. Its text is `text[start...]`: captures nest, so one shared buffer serves them all.
    /// Plain values only, so that pushing and popping one costs no reference counting.
    struct Capture {
        var field: VacancyField
        var isDescription: Bool
        var depth: Int
        var start: Int
        /// For descriptions given as XHTML child elements: the index of their rebuilt markup in `markups`.
        var markup: Int?
        var hasChildElements: Bool { markup != nil }
    }

    let mapping: XMLMapping
    let reader: xmlTextReaderPtr
    let limits: FeedReader.Limits
    /// Interned names (pointers into the reader's dictionary), per record step and per trie child.
    private typealias Name = (uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>?)
    private let recordNames: [Name]
    /// The trie flattened into arrays of plain values, so that matching an element touches no reference counts:
    /// node n's children are `children[childRanges[n]]`, its text fields `textFields[textFieldRanges[n]]`.
    private let childRanges: [Range<Int>]
    private let children: [(name: Name, node: Int)]
    private let textFieldRanges: [Range<Int>]
    private let textFields: [VacancyField]
    private let attributeRanges: [Range<Int>]
    private let attributes: [(name: Name, field: VacancyField)]
    private var onRecordPath: [Bool]
    /// Records begun so far, counted on from `ordinalBase` (a read resumed after a fault counts on).
    private(set) var ordinal: Int
    /// Added to libxml2's line numbers: a resumed read's document starts with the feed's head, not at its line 1.
    let lineOffset: Int
    private(set) var openRecord: OpenRecord?
    /// Records up to this ordinal are walked but left out of `batch` (a second pass over the same feed).
    private let skipping: Int
    /// The ordinal of the last record that ended.
    private(set) var lastFinished = 0
    private(set) var everInRecord = false
    /// Finished records' raw values, and the open record's from `recordPieces` on.
    private(set) var batch = XMLRecordBatch()
    private var recordPieces = 0
    private var capturedBytes = 0
    private var problem: String?
    /// (relative depth, trie node) of the elements matched so far inside the record, innermost last.
    private var active: [(depth: Int, node: Int)] = []
    private var captures: [Capture] = []
    private var text: [UInt8] = []
    /// The markup of the record's descriptions given as XHTML child elements (rare): one buffer each.
    private var markups: [[UInt8]] = []

    init(mapping: XMLMapping, reader: xmlTextReaderPtr, limits: FeedReader.Limits, skipping: Int = 0,
         ordinalBase: Int = 0, lineOffset: Int = 0) {
        self.mapping = mapping
        self.ordinal = ordinalBase
        self.lineOffset = lineOffset
        self.lastFinished = ordinalBase
        self.skipping = skipping
        self.reader = reader
        self.limits = limits
        func intern(_ name: XMLName) -> (UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?) {
            (name.uri.map { uri in withXMLString(uri) { xmlTextReaderConstString(reader, $0) } },
             withXMLString(name.local) { xmlTextReaderConstString(reader, $0) })
        }
        recordNames = mapping.record.map(intern)
        (childRanges, children) = Self.flatten(mapping.nodes.map { $0.children.map { (name: intern($0.name), node: $0.node) } })
        (textFieldRanges, textFields) = Self.flatten(mapping.nodes.map(\.fields))
        (attributeRanges, attributes) = Self.flatten(mapping.nodes.map { $0.attributes.map { (name: intern($0.name), field: $0.field) } })
        onRecordPath = Array(repeating: false, count: mapping.record.count)
    }

    /// The records finished since the last call, for the consumer; called between records.
    mutating func takeBatch() -> XMLRecordBatch {
        var next = XMLRecordBatch()
        // Room for a full batch and some: growing an array copies it, and these fill to just past their limits.
        next.bytes.reserveCapacity(XMLRecordProducer.batchBytes + XMLRecordProducer.batchBytes / 4)
        next.pieces.reserveCapacity(batch.pieces.count + batch.pieces.count / 4)
        next.records.reserveCapacity(XMLRecordProducer.batchRecords + 1)
        swap(&next, &batch)
        recordPieces = 0
        return next
    }

    private static func flatten<T>(_ lists: [[T]]) -> ([Range<Int>], [T]) {
        var ranges: [Range<Int>] = []
        var flat: [T] = []
        for list in lists {
            ranges.append(flat.count..<(flat.count + list.count))
            flat += list
        }
        return (ranges, flat)
    }

    private var parserLine: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    /// The line of an element's start tag. libxml2 keeps a node's line in 16 bits, 65535 meaning "that or later";
    /// past it (with XML_PARSE_BIG_LINES) only text nodes keep their line, as the line where their first piece of
    /// text ended. So a big line is read from the first text inside the element, less the line breaks in it.
    func line(of element: xmlNodePtr) -> Int {
        let short = Int(element.pointee.line)
        guard short == Int(UInt16.max) else { return short > 0 ? short : parserLine }
        var node = element
        while let child = node.pointee.children {
            switch child.pointee.type {
            case XML_TEXT_NODE:
                guard let end = child.pointee.psvi, let content = child.pointee.content else { return parserLine }
                var breaks = 0
                var p = content
                while p.pointee != 0 {
                    if p.pointee == 0x0A { breaks += 1 }
                    p += 1
                }
                return Int(bitPattern: end) - breaks
            case XML_ELEMENT_NODE:
                node = child  // starts where its parent's start tag ends
            default:
                return parserLine
            }
        }
        // Nothing after the start tag is parsed yet: the parser stands at its end.
        return parserLine
    }

    /// After a fatal error, the record that was open: the one the walker is in, or else one that libxml2 built but the
    /// reader never reached (the error came in the same chunk of input as the record's start).
    func recordOpenAtError(documentRoot: () -> xmlNodePtr?) -> OpenRecord? {
        if let openRecord { return openRecord }
        guard let local = recordNames.last?.local else { return nil }
        let depth = recordNames.count - 1
        // The nodes after the reader's, in document order: a few chunks' worth at most (the rest was never parsed).
        var node: xmlNodePtr?
        if let current = xmlTextReaderCurrentNode(reader) {
            // On a start tag, the element's children are still ahead; on an end tag, they are behind.
            let atStart = xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue)
            node = Self.following(current, children: atStart)
        } else {
            node = documentRoot()  // the error came in the first chunk: the reader never returned a node
        }
        var seen = 0
        while let candidate = node, seen < 100_000 {
            if candidate.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(candidate.pointee.name, local) != 0, Self.depth(of: candidate) == depth {
                return OpenRecord(ordinal: ordinal + 1, line: line(of: candidate) + lineOffset, depth: depth)
            }
            node = Self.following(candidate, children: true)
            seen += 1
        }
        return nil
    }

    private static func following(_ node: xmlNodePtr, children: Bool) -> xmlNodePtr? {
        if children, node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children { return child }
        var at: xmlNodePtr? = node
        while let current = at {
            if let next = current.pointee.next { return next }
            at = current.pointee.parent
            if at?.pointee.type != XML_ELEMENT_NODE { return nil }
        }
        return nil
    }

    private static func depth(of node: xmlNodePtr) -> Int {
        var depth = 0
        var at = node.pointee.parent
        while let parent = at, parent.pointee.type == XML_ELEMENT_NODE {
            depth += 1
            at = parent.pointee.parent
        }
        return depth
    }

    mutating func step() -> Event {
        // Text nodes are most of the nodes: classified from the node itself, because xmlTextReaderNodeType
        // looks up xml:space on the ancestors of every blank one, and all four text kinds are treated alike here.
        let node = xmlTextReaderCurrentNode(reader)
        if let node {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if !captures.isEmpty { appendText(node.pointee.content) }  // what xmlTextReaderConstValue gives
                return .none
            case XML_ELEMENT_NODE, XML_DTD_NODE, XML_DOCUMENT_TYPE_NODE:
                break
            default:
                return .none
            }
        }
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            let depth = Int(xmlTextReaderDepth(reader))
            if depth > limits.maxDepth { return .tooDeep(depth: depth, line: parserLine + lineOffset) }
            startElement(depth: depth, element: node)
            if xmlTextReaderIsEmptyElement(reader) == 1 {
                if endElement(depth: depth, local: localName(of: node)) { return .finished }
            } else if openRecord?.depth == depth {
                return .recordStarted(depth: depth)  // elements inside a record are deeper than it
            }
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            if endElement(depth: Int(xmlTextReaderDepth(reader)), local: localName(of: node)) { return .finished }
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
             Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue), Int32(XML_READER_TYPE_WHITESPACE.rawValue):
            if !captures.isEmpty { appendText(xmlTextReaderConstValue(reader)) }
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
            return .doctype(line: Int(xmlTextReaderGetParserLineNumber(reader)))
        default:
            break
        }
        return .none
    }

    /// Walks a record expanded by libxml2 from its first child to its end, in the order and with the depths that
    /// `step` would see its nodes (the record's own start was stepped already), and ends the record.
    /// Entity references are not entered, as the reader does not enter them.
    mutating func walk(expanded record: xmlNodePtr, depth recordDepth: Int) -> Event {
        var depth = recordDepth + 1
        var node = record.pointee.children
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if !captures.isEmpty { appendText(current.pointee.content) }
            case XML_ELEMENT_NODE:
                if depth > limits.maxDepth { return .tooDeep(depth: depth, line: line(of: current) + lineOffset) }
                startElement(depth: depth, element: current)
                if let child = current.pointee.children {
                    node = child
                    depth += 1
                    continue
                }
                _ = endElement(depth: depth, local: current.pointee.name)
            default:
                break
            }
            // On to the next node in document order, ending the elements whose last child this was.
            var at = current
            node = current.pointee.next
            while node == nil, let parent = at.pointee.parent, parent != record {
                depth -= 1
                _ = endElement(depth: depth, local: parent.pointee.name)
                at = parent
                node = parent.pointee.next
            }
        }
        return endElement(depth: recordDepth, local: record.pointee.name) ? .finished : .none
    }

    /// Local names are compared as pointers: element names and the names interned in `init` come from the
    /// reader's dictionary, where equal strings are one pointer.
    private func matches(_ name: Name, element: xmlNodePtr?, local: UnsafePointer<xmlChar>?) -> Bool {
        guard name.local == local else { return false }
        guard let uri = name.uri else { return true }
        guard let element else { return xmlStrEqual(uri, xmlTextReaderConstNamespaceUri(reader)) != 0 }
        // What xmlTextReaderConstNamespaceUri gives for an element.
        return xmlStrEqual(uri, element.pointee.ns?.pointee.href) != 0
    }

    /// An element node's name is its local name, as xmlTextReaderConstLocalName gives it.
    private func localName(of element: xmlNodePtr?) -> UnsafePointer<xmlChar>? {
        element.map { UnsafePointer($0.pointee.name) } ?? xmlTextReaderConstLocalName(reader)
    }

    /// An element's start, from the reader's current node or from an expanded record's tree.
    private mutating func startElement(depth: Int, element: xmlNodePtr?) {
        let local = localName(of: element)
        guard let record = openRecord else {
            guard depth < recordNames.count else { return }
            onRecordPath[depth] = (depth == 0 || onRecordPath[depth - 1]) && matches(recordNames[depth], element: element, local: local)
            if depth == recordNames.count - 1 && onRecordPath[depth] { beginRecord(depth: depth, element: element) }
            return
        }
        let relative = depth - record.depth
        for index in captures.indices where captures[index].isDescription {
            if !captures[index].hasChildElements {
                // The first child element: from here on the description is XHTML markup, rebuilt as it streams by.
                captures[index].markup = markups.count
                var markup: [UInt8] = []
                text.withUnsafeBytes { Self.appendEscaped(UnsafeRawBufferPointer(rebasing: $0[captures[index].start...]), to: &markup) }
                markups.append(markup)
            }
            appendTag(local, to: captures[index], closing: false)
        }
        guard let top = active.last, top.depth == relative - 1 else { return }
        var i = active.count - 1
        // Matches go on top of `active` as they are found: the walk goes down from below them.
        while i >= 0, active[i].depth == relative - 1 {
            let parent = active[i].node
            for k in childRanges[parent] where matches(children[k].name, element: element, local: local) {
                active.append((relative, children[k].node))
                enter(node: children[k].node, depth: depth, element: element)
            }
            i -= 1
        }
    }

    private mutating func beginRecord(depth: Int, element: xmlNodePtr?) {
        ordinal += 1
        everInRecord = true
        openRecord = OpenRecord(ordinal: ordinal, line: (element.map(line(of:)) ?? parserLine) + lineOffset, depth: depth)
        recordPieces = batch.pieces.count
        capturedBytes = 0
        problem = nil
        // Emptied only when needed and kept allocated: removeAll is not free, a new array is a malloc per record.
        if !active.isEmpty { active.removeAll(keepingCapacity: true) }
        active.append((0, 0))
        if !captures.isEmpty { captures.removeAll(keepingCapacity: true) }
        // Emptied once per record, not per field: the captures' offsets only grow within a record.
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        if !markups.isEmpty { markups.removeAll() }
        enter(node: 0, depth: depth, element: element)
    }

    /// Starts the captures and reads the attributes a trie node asks for.
    private mutating func enter(node: Int, depth: Int, element: xmlNodePtr?) {
        for k in textFieldRanges[node] {
            let field = textFields[k]
            captures.append(Capture(field: field, isDescription: field == .description, depth: depth, start: text.count))
        }
        guard !attributeRanges[node].isEmpty, let element else { return }
        for k in attributeRanges[node] {
            Self.withAttribute(attributes[k].name, of: element) { batch.append(attributes[k].field, .attribute, $0) }
        }
    }

    /// Calls `body` with an attribute's value, read in place from the element: the parser has already expanded
    /// its references, so the value is one text node (anything else goes through libxml2's copy). Names match as
    /// `xmlTextReaderGetAttribute(Ns)` matched them: no namespace when the mapping names none.
    private static func withAttribute(_ name: Name, of element: xmlNodePtr, _ body: (UnsafeRawBufferPointer) -> Void) {
        var next = element.pointee.properties
        while let attribute = next {
            next = attribute.pointee.next
            guard attribute.pointee.name == name.local else { continue }  // both from the reader's dictionary
            if let uri = name.uri {
                guard let namespace = attribute.pointee.ns, xmlStrEqual(namespace.pointee.href, uri) != 0 else { continue }
            } else if attribute.pointee.ns != nil {
                continue
            }
            if let text = attribute.pointee.children, text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE,
               let content = text.pointee.content {
                return body(UnsafeRawBufferPointer(start: content, count: Int(xmlStrlen(content))))
            }
            guard let copy = xmlNodeListGetString(element.pointee.doc, attribute.pointee.children, 1) else { return }
            defer { kb_xml_free(copy) }
            return body(UnsafeRawBufferPointer(start: copy, count: Int(xmlStrlen(copy))))
        }
    }

    /// Handles an element's end; true when it ended the record (which is then in `batch`).
    private mutating func endElement(depth: Int, local: UnsafePointer<xmlChar>?) -> Bool {
        guard let record = openRecord else { return false }
        let relative = depth - record.depth
        while let last = captures.last, last.depth == depth {
            captures.removeLast()
            finish(last)
        }
        for capture in captures where capture.hasChildElements {
            appendTag(local, to: capture, closing: true)
        }
        guard relative == 0 else {
            while let last = active.last, last.depth >= relative { active.removeLast() }
            return false
        }
        if record.ordinal > skipping {
            batch.records.append(XMLRecordBatch.Record(ordinal: record.ordinal, line: record.line, problem: problem,
                                                       pieces: recordPieces..<batch.pieces.count))
        } else {
            batch.dropPieces(from: recordPieces)
        }
        lastFinished = record.ordinal
        openRecord = nil
        return true
    }

    /// Copies a finished field's raw bytes into the batch; the consuming thread makes its String.
    private mutating func finish(_ capture: Capture) {
        if let markup = capture.markup {
            markups[markup].withUnsafeBytes { batch.append(capture.field, .description, $0) }
        } else {
            text.withUnsafeBytes { batch.append(capture.field, capture.isDescription ? .description : .text, UnsafeRawBufferPointer(rebasing: $0[capture.start...])) }
        }
    }

    private mutating func appendText(_ value: UnsafePointer<xmlChar>?) {
        guard let value else { return }
        let length = Int(xmlStrlen(value))
        capturedBytes += length
        if capturedBytes > limits.maxRecordBytes {
            if problem == nil { problem = "record text larger than \(limits.maxRecordBytes) bytes (limit)" }
            return
        }
        let bytes = UnsafeRawBufferPointer(start: value, count: length)
        text.append(contentsOf: bytes)
        for capture in captures {
            if let markup = capture.markup { Self.appendEscaped(bytes, to: &markups[markup]) }
        }
    }

    private mutating func appendTag(_ name: UnsafePointer<xmlChar>?, to capture: Capture, closing: Bool) {
        guard let name, let markup = capture.markup else { return }
        markups[markup].append(UInt8(ascii: "<"))
        if closing { markups[markup].append(UInt8(ascii: "/")) }
        markups[markup].append(contentsOf: UnsafeRawBufferPointer(start: name, count: Int(xmlStrlen(name))))
        markups[markup].append(UInt8(ascii: ">"))
    }

    private static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to markup: inout [UInt8]) {
        for b in bytes {
            switch b {
            case UInt8(ascii: "<"): markup.append(contentsOf: [UInt8(ascii: "&"), UInt8(ascii: "l"), UInt8(ascii: "t"), UInt8(ascii: ";")])
            case UInt8(ascii: "&"): markup.append(contentsOf: [UInt8(ascii: "&"), UInt8(ascii: "a"), UInt8(ascii: "m"), UInt8(ascii: "p"), UInt8(ascii: ";")])
            case UInt8(ascii: ">"): markup.append(contentsOf: [UInt8(ascii: "&"), UInt8(ascii: "g"), UInt8(ascii: "t"), UInt8(ascii: ";")])
            default: markup.append(b)
            }
        }
    }
}
