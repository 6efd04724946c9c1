import CLibXML2
import Glibc
import KaartenbakCore
import Logging

/// libxml2 is initialised once per process before any parser is made (its own docs ask for this with threads).
private let libxml2Initialised: Bool = {
    xmlInitParser()
    return true
}()

/// Owns one libxml2 SAX2 push parser context. No tree is built: the handler's callbacks get each element as it is parsed.
/// Not Sendable: a parser is created, used and freed by one thread.
final class SAXPushParser {
    let context: xmlParserCtxtPtr

    /// `userData` is what every callback of `handler` gets as its first argument; it must outlive the parser.
    init(handler: xmlSAXHandler, userData: UnsafeMutableRawPointer, path: String, options: Int32, nameUTF8: Bool) throws {
        _ = libxml2Initialised
        var handler = handler
        // libxml2 copies the handler; with no first chunk it sniffs the encoding from the first four bytes it gets.
        guard let context = xmlCreatePushParserCtxt(&handler, userData, nil, 0, path) else {
            throw KaartenbakError(.parse, "libxml2 could not start a parser", at: Location(file: path))
        }
        self.context = context
        xmlCtxtUseOptions(context, options)
        // The input is UTF-8 already (see `XMLInput.startsWithPlainASCII`): naming it stops the sniffing.
        if nameUTF8 { xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8) }
    }

    /// Parses the next piece (`last`: the end of the input). The parser stops itself on a fatal error.
    func parse(_ bytes: UnsafeBufferPointer<CChar>, last: Bool) {
        _ = xmlParseChunk(context, bytes.baseAddress, Int32(bytes.count), last ? 1 : 0)
    }

    /// True once libxml2 met a fatal error (namespace errors are not fatal and do not count).
    var failed: Bool { context.pointee.wellFormed == 0 }
    var line: Int { context.pointee.input.map { Int($0.pointee.line) } ?? 0 }

    func stop() { xmlStopParser(context) }

    deinit { xmlFreeParserCtxt(context) }
}

/// Streams an XML feed with libxml2's SAX2 push parser, matching the record path and the field trie
/// against (namespace URI, local name) as elements go by. No tree of the feed is ever built.
struct XMLFeedReader {
    let source: SourceDefinition
    let logger: Logger
    let limits: FeedReader.Limits

    func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let mapping = try XMLMapping(source: source)
        let input = try XMLInput(path: file, source: source.name, definedEncoding: source.encoding)
        let box = WalkerBox(Walker(mapping: mapping, limits: limits, doctypeChecked: input.sawDoctype))
        let parser = try SAXPushParser(handler: Walker.makeHandler(), userData: Unmanaged.passUnretained(box).toOpaque(),
                                       path: file, options: FeedReader.libxml2Options, nameUTF8: !input.startsWithPlainASCII)
        box.walker.start(parser: parser)
        var summary = ReadSummary(records: 0, rejects: 0, bytes: 0, encoding: input.encoding.rawValue)
        func at(line: Int?) -> Location { Location(source: source.name, file: file, line: line) }

        func emit(_ finished: Walker.Finished) throws {
            let location = "element \(mapping.recordLabel)[\(finished.ordinal)], line \(finished.line)"
            let record = RawRecord(source: source.name, location: location, fields: finished.fields, descriptionHTML: finished.descriptionHTML)
            if let problem = finished.problem ?? missingRequired(record.fields) {
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: location, reason: problem, snippet: snippet(finished.fields)))
            } else {
                summary.records += 1
                try onRecord(record)
            }
        }
        /// "line N", and the record that was open there.
        func stoppedAt(_ line: Int) -> String {
            guard let open = box.walker.openRecord else { return "line \(line)" }
            return "line \(line), in element \(mapping.recordLabel)[\(open.ordinal)] from line \(open.line)"
        }

        var buffer = [CChar](repeating: 0, count: XMLInput.blockSize)
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { input.read(into: $0.baseAddress!, capacity: $0.count) }
            let last = count <= 0
            buffer.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[..<max(count, 0)]), last: last) }
            if let line = box.walker.doctypeLine, !input.sawDoctype {
                throw KaartenbakError(.unsafeInput, "the feed has a DOCTYPE after a long prolog (refused unchecked)", at: at(line: line))
            }
            for finished in box.walker.finished { try emit(finished) }
            box.walker.finished.removeAll(keepingCapacity: true)
            if let (depth, line) = box.walker.tooDeep {
                let reason = "elements nested deeper than \(limits.maxDepth) (depth \(depth)); reading stopped here"
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: stoppedAt(line), reason: reason, snippet: ""))
                break
            }
            if parser.failed || box.walker.textNodeTooLarge || count < 0 {
                // A fatal error (truncation, bad bytes, libxml2 limits): what came before stays, the rest is lost.
                let line = box.walker.firstError?.line ?? parser.line
                let message = box.walker.firstError?.message ?? input.readError.map { "cannot read feed: \($0)" } ?? "unknown parser error"
                guard box.walker.everInRecord || summary.records + summary.rejects > 0 else {
                    throw KaartenbakError(.parse, "not a readable XML feed: \(message)", at: at(line: line))
                }
                summary.rejects += 1
                try onReject(Reject(source: source.name, file: file, location: stoppedAt(line),
                                    reason: "XML is not well-formed: \(message); reading stopped here after \(summary.records) records",
                                    snippet: Self.text(ofLine: line, in: file, encoding: input.encoding)))
                break
            }
            if last { break }
        }
        withExtendedLifetime(box) {}
        summary.bytes = input.bytesRead
        if input.recoveredEntities > 0 {
            logger.info("recovered named HTML entities that are not XML", metadata: [
                "source": "\(source.name)", "count": "\(input.recoveredEntities)"])
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

/// Calls `body` with `text` as a NUL-terminated libxml2 string.
func withXMLString<T>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> T) -> T {
    text.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1, body) }
}

/// A short text form of a record's fields, for reject files.
func snippet(_ fields: [VacancyField: [String]]) -> String {
    fields.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value.joined(separator: " | "))" }.joined(separator: "; ")
}

/// A libxml2 name pair, interned in the parser's dictionary so that most comparisons are pointer comparisons.
private typealias InternedName = (uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>?)

/// The target of the parser's callbacks: one box around the walker, so that each callback costs one
/// exclusivity check on `walker` rather than one per property of a class. Not Sendable: one read, one thread.
private final class WalkerBox {
    var walker: Walker
    init(_ walker: Walker) { self.walker = walker }
}

/// The state machine over SAX events. One instance per read.
/// Callbacks never throw: what they find (finished records, a refused DOCTYPE, too deep nesting, the first error)
/// waits here until `xmlParseChunk` returns.
private struct Walker {
    struct Finished {
        var ordinal: Int
        var line: Int
        var fields: [VacancyField: [String]]
        var descriptionHTML: String?
        var problem: String?
    }
    /// The record being read: plain integers, cheap to copy.
    struct OpenRecord {
        var ordinal: Int
        var line: Int
        var depth: Int
    }
    /// A field being read. Its text is `text[start...]`: captures nest, so one shared buffer serves them all.
    struct Capture {
        var slot: Int
        var isDescription: Bool
        var depth: Int
        var start: Int
        /// For descriptions given as XHTML child elements: the markup rebuilt.
        var markup: [UInt8] = []
        var hasChildElements = false
    }

    let mapping: XMLMapping
    let limits: FeedReader.Limits
    /// True when `XMLInput` checked the prolog's DOCTYPE; any other DOCTYPE stops the parse.
    let doctypeChecked: Bool
    private var parser: SAXPushParser?
    private var recordNames: [InternedName] = []
    private var childNames: [[InternedName]] = []
    private var onRecordPath: [Bool]
    private var depth = 0
    private var ordinal = 0
    private(set) var openRecord: OpenRecord?
    private(set) var everInRecord = false
    /// Records ended during the last chunk, for the read loop to emit.
    var finished: [Finished] = []
    private(set) var doctypeLine: Int?
    private(set) var tooDeep: (depth: Int, line: Int)?
    private(set) var firstError: (message: String, line: Int)?
    /// The open record's values, kept outside `openRecord` so that they are mutated in place, never copied.
    private var fields = FieldValues()
    /// `FieldValues` slots per trie node: of its text fields and of its attribute fields.
    private let textSlots: [[Int]]
    private let attributeSlots: [[Int]]
    private var descriptionHTML: String?
    private var capturedBytes = 0
    private var problem: String?
    /// (relative depth, trie node) of the elements matched so far inside the record, innermost last.
    private var active: [(depth: Int, node: Int)] = []
    private var captures: [Capture] = []
    private var text: [UInt8] = []
    /// Where the current run of text (one text node of a tree: text between tags) starts in `text`, if one is open.
    /// The record size limit is checked per run, as a whole, so a run is taken whole or not at all.
    private var runStart: Int?
    /// Bytes of the current run of text, mapped or not, and of its mapped part.
    private var runLength = 0
    private var runCaptured = 0
    /// True once a text node went over libxml2's own limit for one (a tree builder stops there; so does this).
    private(set) var textNodeTooLarge = false
    private var matched: [Int] = []
    /// libxml2's XML_MAX_TEXT_LENGTH (parserInternals.h), the text node limit of its tree builder without XML_PARSE_HUGE.
    static let maxTextNodeBytes = 10_000_000

    init(mapping: XMLMapping, limits: FeedReader.Limits, doctypeChecked: Bool) {
        self.mapping = mapping
        self.limits = limits
        self.doctypeChecked = doctypeChecked
        onRecordPath = Array(repeating: false, count: mapping.record.count)
        textSlots = mapping.nodes.map { $0.fields.map(FieldValues.slot) }
        attributeSlots = mapping.nodes.map { $0.attributes.map { FieldValues.slot($0.field) } }
    }

    /// Interns the mapping's names in the parser's dictionary, where libxml2 keeps the names it hands to callbacks.
    mutating func start(parser: SAXPushParser) {
        self.parser = parser
        let dictionary = parser.context.pointee.dict
        func intern(_ name: XMLName) -> InternedName {
            (name.uri.map { uri in withXMLString(uri) { xmlDictLookup(dictionary, $0, -1) } },
             withXMLString(name.local) { xmlDictLookup(dictionary, $0, -1) })
        }
        recordNames = mapping.record.map(intern)
        childNames = mapping.nodes.map { $0.children.map { intern($0.name) } }
    }

    /// The callbacks: only elements, text and the DOCTYPE matter; no tree, entity or DTD callbacks at all.
    static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, local, _, uri, _, _, attributeCount, _, attributes in
            guard let context else { return }
            Walker.box(context).walker.startElement(local: local, uri: uri, attributes: attributes, count: Int(attributeCount))
        }
        handler.endElementNs = { context, local, _, _ in
            guard let context else { return }
            Walker.box(context).walker.endElement(local: local)
        }
        handler.characters = { context, bytes, length in
            guard let context, let bytes else { return }
            Walker.box(context).walker.appendText(bytes, Int(length))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = { context, bytes, length in
            guard let context, let bytes else { return }
            let box = Walker.box(context)
            // CDATA is a text node of its own, apart from the text around it.
            box.walker.endRun()
            box.walker.appendText(bytes, Int(length))
            box.walker.endRun()
        }
        handler.comment = { context, _ in
            guard let context else { return }
            Walker.box(context).walker.endRun()
        }
        handler.processingInstruction = { context, _, _ in
            guard let context else { return }
            Walker.box(context).walker.endRun()
        }
        handler.internalSubset = { context, _, _, _ in
            guard let context else { return }
            Walker.box(context).walker.sawDoctype()
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            Walker.box(context).walker.noteError(error.pointee)
        }
        return handler
    }

    private static func box(_ context: UnsafeMutableRawPointer) -> WalkerBox {
        Unmanaged<WalkerBox>.fromOpaque(context).takeUnretainedValue()
    }

    private var line: Int { parser?.line ?? 0 }

    mutating private func sawDoctype() {
        doctypeLine = line
        if !doctypeChecked { parser?.stop() }
    }

    mutating private func noteError(_ error: xmlError) {
        guard firstError == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) } ?? "unknown error"
        firstError = (message.trimmingWhitespace(), Int(error.line))
    }

    private func matches(_ name: InternedName, local: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?) -> Bool {
        guard xmlStrEqual(name.local, local) != 0 else { return false }
        guard let wanted = name.uri else { return true }
        return xmlStrEqual(wanted, uri) != 0
    }

    mutating private func startElement(local: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
                              attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
        endRun()
        let depth = self.depth
        self.depth += 1
        if depth > limits.maxDepth {
            tooDeep = (depth, line)
            parser?.stop()
            return
        }
        guard let record = openRecord else {
            guard depth < recordNames.count else { return }
            onRecordPath[depth] = (depth == 0 || onRecordPath[depth - 1]) && matches(recordNames[depth], local: local, uri: uri)
            if depth == recordNames.count - 1 && onRecordPath[depth] {
                beginRecord(depth: depth)
                readAttributes(node: 0, attributes, count: count)
            }
            return
        }
        let relative = depth - record.depth
        for index in captures.indices where captures[index].isDescription {
            if !captures[index].hasChildElements {
                // The first child element: from here on the description is XHTML markup, rebuilt as it streams by.
                captures[index].hasChildElements = true
                let start = captures[index].start
                text.withUnsafeBytes { Self.appendEscaped(UnsafeRawBufferPointer(rebasing: $0[start...]), to: &captures[index].markup) }
            }
            Self.appendTag(local, to: &captures[index], closing: false)
        }
        guard let top = active.last, top.depth == relative - 1 else { return }
        if !matched.isEmpty { matched.removeAll(keepingCapacity: true) }  // the check: removeAll is not free
        var i = active.count - 1
        while i >= 0, active[i].depth == relative - 1 {
            let parent = active[i].node
            for (k, child) in mapping.nodes[parent].children.enumerated() where matches(childNames[parent][k], local: local, uri: uri) {
                matched.append(child.node)
            }
            i -= 1
        }
        for node in matched {
            active.append((relative, node))
            enter(node: node, depth: depth)
            readAttributes(node: node, attributes, count: count)
        }
    }

    mutating private func beginRecord(depth: Int) {
        ordinal += 1
        everInRecord = true
        openRecord = OpenRecord(ordinal: ordinal, line: line, depth: depth)
        _ = fields.take()
        descriptionHTML = nil
        capturedBytes = 0
        problem = nil
        active = [(0, 0)]
        captures.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        runStart = nil
        runCaptured = 0
        enter(node: 0, depth: depth)
    }

    /// Starts the captures a trie node asks for.
    mutating private func enter(node: Int, depth: Int) {
        for (field, slot) in zip(mapping.nodes[node].fields, textSlots[node]) {
            captures.append(Capture(slot: slot, isDescription: field == .description, depth: depth, start: text.count))
        }
    }

    /// Reads the attribute fields of a trie node from SAX2's attribute array: (local, prefix, URI, value, end) each.
    mutating private func readAttributes(node: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
        guard let attributes, !mapping.nodes[node].attributes.isEmpty else { return }
        let dictionary = parser?.context.pointee.dict
        for ((name, _), slot) in zip(mapping.nodes[node].attributes, attributeSlots[node]) {
            let local = withXMLString(name.local) { xmlDictLookup(dictionary, $0, -1) }
            let uri = name.uri.flatMap { uri in withXMLString(uri) { xmlDictLookup(dictionary, $0, -1) } }
            for index in 0..<count {
                let entry = attributes + 5 * index
                guard xmlStrEqual(entry[0], local) != 0 else { continue }
                // A name without a namespace in the mapping means an attribute without one, as in xmlGetNoNsProp.
                guard name.uri == nil ? entry[2] == nil : xmlStrEqual(entry[2], uri) != 0 else { continue }
                guard let start = entry[3], let end = entry[4] else { break }
                let value = Self.attributeValue(UnsafeRawBufferPointer(start: start, count: end - start)).collapsingWhitespace()
                if !value.isEmpty { fields.append(value, slot: slot) }
                break
            }
        }
    }

    /// Without entity substitution libxml2 hands over an ampersand in an attribute value as `&#38;`
    /// (and a tree builder would decode it): every other reference is decoded already.
    static func attributeValue(_ bytes: UnsafeRawBufferPointer) -> String {
        guard XMLInput.find([UInt8(ascii: "&")], in: bytes, from: 0) != nil else { return String(decoding: bytes, as: UTF8.self) }
        let escaped = Array("&#38;".utf8)
        var result: [UInt8] = []
        var position = 0
        while let found = XMLInput.find(escaped, in: bytes, from: position) {
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<found]))
            result.append(UInt8(ascii: "&"))
            position = found + escaped.count
        }
        result.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position...]))
        return String(decoding: result, as: UTF8.self)
    }

    mutating private func endElement(local: UnsafePointer<xmlChar>?) {
        endRun()
        depth -= 1
        let depth = self.depth
        guard let record = openRecord else { return }
        let relative = depth - record.depth
        while let last = captures.last, last.depth == depth {
            captures.removeLast()
            finish(last)
        }
        if captures.isEmpty && !text.isEmpty { text.removeAll(keepingCapacity: true) }
        for index in captures.indices where captures[index].hasChildElements {
            Self.appendTag(local, to: &captures[index], closing: true)
        }
        guard relative == 0 else {
            while let last = active.last, last.depth >= relative { active.removeLast() }
            return
        }
        finished.append(Finished(ordinal: record.ordinal, line: record.line, fields: fields.take(),
                                 descriptionHTML: descriptionHTML, problem: problem))
        openRecord = nil
        active.removeAll(keepingCapacity: true)
    }

    mutating private func finish(_ capture: Capture) {
        let value: String
        if capture.isDescription {
            let description = capture.hasChildElements
                ? DescriptionText(utf8: capture.markup)
                : text.withUnsafeBytes { DescriptionText(bytes: UnsafeRawBufferPointer(rebasing: $0[capture.start...])) }
            value = description.text
            if descriptionHTML == nil { descriptionHTML = description.html }
        } else {
            value = text.withUnsafeBytes { TextBytes.cleanStringDecodingEntities(UnsafeRawBufferPointer(rebasing: $0[capture.start...])) }
        }
        if !value.isEmpty { fields.append(value, slot: capture.slot) }
    }

    /// Text outside every mapped field is dropped as it comes; mapped text stops being kept once over the record limit.
    mutating fileprivate func appendText(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        runLength += length
        if runLength > Self.maxTextNodeBytes {
            // As libxml2's tree builder does without XML_PARSE_HUGE: a fatal error.
            if firstError == nil { firstError = ("Memory allocation failed : xmlSAX2Characters: huge text node", line) }
            textNodeTooLarge = true
            parser?.stop()
            return
        }
        guard !captures.isEmpty else { return }
        if runStart == nil { runStart = text.count }
        runCaptured += length
        if capturedBytes + runCaptured <= limits.maxRecordBytes {
            text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        }
    }

    /// Ends the current run of text: over the record limit it is dropped (and the record marked), else the
    /// XHTML descriptions get it escaped.
    mutating func endRun() {
        runLength = 0
        guard let start = runStart else { return }
        runStart = nil
        capturedBytes += runCaptured
        runCaptured = 0
        if capturedBytes > limits.maxRecordBytes {
            if problem == nil { problem = "record text larger than \(limits.maxRecordBytes) bytes (limit)" }
            text.removeSubrange(start...)
            return
        }
        for index in captures.indices where captures[index].hasChildElements {
            text.withUnsafeBytes { Self.appendEscaped(UnsafeRawBufferPointer(rebasing: $0[start...]), to: &captures[index].markup) }
        }
    }

    private static func appendTag(_ name: UnsafePointer<xmlChar>?, to capture: inout Capture, closing: Bool) {
        guard let name else { return }
        capture.markup.append(UInt8(ascii: "<"))
        if closing { capture.markup.append(UInt8(ascii: "/")) }
        capture.markup.append(contentsOf: UnsafeRawBufferPointer(start: name, count: Int(xmlStrlen(name))))
        capture.markup.append(UInt8(ascii: ">"))
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
