import CLibXML2
import Dispatch
import Glibc
import KaartenbakCore

/// The byte stream libxml2 parses: the feed file transcoded to UTF-8, with named HTML entities
/// (`&euml;`, not valid XML but common in agency feeds) turned into numeric references outside CDATA,
/// after a check of the prolog for a DOCTYPE with entity declarations.
///
/// Not Sendable: it belongs to one reader on one thread.
final class XMLInput {
    static let blockSize = 256 * 1024
    /// Bytes kept back at the end of a block so that no `&name;` or `<![CDATA[` is cut in two.
    static let margin = 16
    static let cdataOpen = Array("<![CDATA[".utf8)
    static let cdataClose = Array("]]>".utf8)

    let path: String
    private let fd: Int32
    private(set) var encoding: TextEncoding = .utf8
    private var transcoder = UTF8Transcoder(.utf8)
    private var raw = [UInt8](repeating: 0, count: XMLInput.blockSize)
    /// UTF-8 bytes not yet checked for entities.
    private var pending: [UInt8] = []
    /// Checked bytes waiting for libxml2.
    private var ready: [UInt8] = []
    private var readyPosition = 0
    private var inCDATA = false
    private var endOfFile = false
    private(set) var bytesRead = 0
    private(set) var recoveredEntities = 0
    private(set) var readError: String?
    /// Bytes given to libxml2 so far.
    private(set) var handedOver = 0
    /// When set, `read` refuses (as a read error) to give libxml2 more than this many bytes in all: it bounds the
    /// input, and so the tree, that libxml2 takes in to expand one record.
    var handOverLimit: Int?
    /// True when the prolog had a DOCTYPE (without entity declarations, or reading would have been refused).
    private(set) var sawDoctype = false
    /// True when the first four bytes libxml2 gets are ASCII without NUL: its encoding sniffing then
    /// cannot take them for UTF-16, UCS-4 or EBCDIC, and it reads UTF-8 natively (see `LibXML2Reader`).
    private(set) var startsWithPlainASCII = false

    /// `record>`, or empty: libxml2 gets its input in pieces that end after each record's closing tag (see `read`).
    private let recordEnd: [UInt8]
    /// The record's local name, in the pieces mode: what `resumeAtNextRecord` looks for.
    private let recordName: [UInt8]
    /// In the pieces mode: the document's start up to its first record's start tag (XML declaration, root and
    /// wrapper start tags with their namespace declarations), given again before the input resumes after a fault.
    private var head: [UInt8]?
    /// Bytes given to libxml2 before anything of the file (`head`, after a resume).
    private var injected: [UInt8] = []
    private var injectedPosition = 0
    /// In the pieces mode: line feeds in the input before `ready`'s first byte, for the line numbers after a resume.
    private var lineFeedsBeforeReady = 0

    /// A start tag longer than this stops the read as a fault (0: not checked). libxml2 2.9 checks each attribute
    /// against all before it, so a tag of 100,000 attributes costs minutes; the limit bounds it (`ReadLimits.maxTagBytes`).
    var maxTagBytes = 0
    /// The read stops (for good) when this moment (`DispatchTime` nanoseconds) has passed.
    var deadline: UInt64?
    /// Why `read` refused more input: a limit, not libxml2's error. `resumable` when reading may go on at the next record.
    private(set) var limitFault: (message: String, resumable: Bool)?
    /// Where (in bytes handed over) a `<` not yet followed by a `>` is: the start tag libxml2 is being given.
    private var openTagStart: Int?

    /// Opens the file, decides its encoding and checks the prolog. Throws on an unreadable file or an unsafe DTD.
    /// With `recordLocalName`, the pieces `read` gives end after each record's closing tag.
    init(path: String, source: String, definedEncoding: String, recordLocalName: String?) throws {
        self.path = path
        recordEnd = recordLocalName.map { Array("\($0)>".utf8) } ?? []
        recordName = recordLocalName.map { Array($0.utf8) } ?? []
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw KaartenbakError(.io, "cannot open feed", at: Location(source: source, file: path), errno: errno)
        }
        let first = try readBlock()
        let bom = raw.withUnsafeBytes { sample in
            let (encoding, bom) = TextEncoding.decide(definition: definedEncoding, sample: UnsafeRawBufferPointer(rebasing: sample[..<first]),
                                                      xmlDeclaration: true)
            self.encoding = encoding
            return bom
        }
        transcoder = UTF8Transcoder(encoding)
        raw.withUnsafeBytes { transcoder.transcode(UnsafeRawBufferPointer(rebasing: $0[bom..<first]), into: &pending, final: endOfFile) }
        startsWithPlainASCII = pending.count >= 4 && pending.prefix(4).allSatisfy { $0 > 0 && $0 < 0x80 }
        try checkProlog(source: source)
        if !recordName.isEmpty {
            head = pending.withUnsafeBytes { bytes in Self.recordStart(recordName, in: bytes, from: 0).map { Array(bytes[..<$0]) } }
        }
    }

    /// After a fault in the pieces mode: skips to the next record's start tag from the last byte libxml2 was given
    /// (the piece it failed on ended after the broken record's end tag, and one byte more may have gone), and gives
    /// the document's head first, so that a new reader on this input reads on as from the document's start.
    /// Returns the resume point's line in the file and the head's line count; nil when no record follows (or the
    /// head was not found in the first block).
    /// A start tag split across two blocks is not seen: the search then resumes at the record after it.
    func resumeAtNextRecord() -> (line: Int, headLines: Int)? {
        guard let head, limitFault?.resumable != false else { return nil }
        limitFault = nil
        openTagStart = nil
        var from = max(0, readyPosition - 1)
        while true {
            let hit = ready.withUnsafeBytes { Self.recordStart(recordName, in: $0, from: from) }
            if let hit {
                readyPosition = hit
                injected = head
                injectedPosition = 0
                trickleNext = false
                let line = lineFeedsBeforeReady + ready[..<hit].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } + 1
                return (line, head.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 })
            }
            readyPosition = ready.count
            if endOfFile && pending.isEmpty { return nil }
            do { try refill() } catch { return nil }
            from = 0
        }
    }

    /// Offset of the first start tag of the element `name` (with or without a prefix) at or after `start`.
    static func recordStart(_ name: [UInt8], in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var from = start
        while let hit = ByteSearch.offset(of: name, in: bytes, from: from) {
            from = hit + 1
            let after = hit + name.count
            guard after < bytes.count, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[after]) else { continue }
            var at = hit - 1
            guard at >= 0 else { continue }
            if bytes[at] == UInt8(ascii: ":") {
                // A prefix: name characters back to the `<`.
                at -= 1
                while at >= 0, bytes[at] != UInt8(ascii: "<"), bytes[at] != UInt8(ascii: "/"), bytes[at] > 0x20, bytes[at] != UInt8(ascii: ">") { at -= 1 }
            }
            if at >= 0, bytes[at] == UInt8(ascii: "<") { return at }
        }
        return nil
    }

    deinit { close(fd) }

    private func readBlock() throws -> Int {
        try counted(raw.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) })
    }

    /// `tail` followed by the next block of the file, read straight into place: UTF-8 needs no conversion, so the
    /// copy through `raw` is saved.
    private func readBlock(after tail: [UInt8]) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: tail.count + Self.blockSize) { buffer, initialised in
            _ = buffer.initialize(from: tail)
            initialised = tail.count
            initialised += try counted(Glibc.read(fd, buffer.baseAddress! + tail.count, Self.blockSize))
        }
    }

    /// Takes the result of a `read` call into account: the bytes read, or the end of the file, or an error thrown.
    private func counted(_ count: Int) throws -> Int {
        if count < 0 {
            readError = String(cString: strerror(errno))
            throw KaartenbakError(.io, "cannot read feed: \(readError ?? "")", at: Location(file: path))
        }
        if count == 0 { endOfFile = true }
        bytesRead += count
        return count
    }

    /// Refuses a DOCTYPE that declares entities: the door to XXE, billion laughs and quadratic blowup.
    private func checkProlog(source: String) throws {
        try pending.withUnsafeBytes { bytes in
            guard let doctype = ByteSearch.offset(of: Array("<!DOCTYPE".utf8), in: bytes) else { return }
            // A DOCTYPE after the root element starts is a syntax error that libxml2 reports itself.
            if let root = Self.firstElementStart(bytes), root < doctype { return }
            sawDoctype = true
            let at = Location(source: source, file: path, line: Self.line(of: doctype, in: bytes))
            if ByteSearch.offset(of: Array("<!ENTITY".utf8), in: bytes, from: doctype) != nil {
                throw KaartenbakError(.unsafeInput, "the feed has a DOCTYPE with entity declarations (refused: external or expanding entities)", at: at)
            }
            let subsetOpen = ByteSearch.offset(of: UInt8(ascii: "["), in: bytes, from: doctype)
            let tagEnd = ByteSearch.offset(of: UInt8(ascii: ">"), in: bytes, from: doctype)
            if let open = subsetOpen, tagEnd.map({ open < $0 }) ?? true,
               ByteSearch.offset(of: UInt8(ascii: "]"), in: bytes, from: open) == nil {
                throw KaartenbakError(.unsafeInput, "the feed's DOCTYPE internal subset is too large to check (refused)", at: at)
            }
        }
    }

    /// Copies up to `capacity` bytes into libxml2's buffer: the number copied, 0 at the end, -1 on a read error.
    ///
    /// Given a record name, a piece never goes past the end of a record's closing tag. xmlTextReader parses what it
    /// is given in one go, and a fatal error in a piece loses every node built from that piece; cutting after each
    /// record means a broken record never takes the good one before it down with it (`XMLRecordProducer.run`).
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        if let handOverLimit, handedOver >= handOverLimit { return -1 }
        if limitFault != nil { return -1 }
        if let deadline, DispatchTime.now().uptimeNanoseconds > deadline {
            limitFault = ("reading took longer than limits.parse_timeout", false)
            return -1
        }
        if injectedPosition < injected.count {
            let count = min(capacity, injected.count - injectedPosition)
            injected.withUnsafeBytes { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + injectedPosition, byteCount: count)
            }
            injectedPosition += count
            return Int32(count)
        }
        while readyPosition == ready.count {
            if endOfFile && pending.isEmpty { return 0 }
            do { try refill() } catch { return -1 }
        }
        var count = min(capacity, ready.count - readyPosition)
        if trickleNext {
            // One byte only: the reader then pushes what it holds (ending at the record's end) as a partial
            // chunk instead of topping it up to 512 bytes with the next record.
            trickleNext = false
            count = 1
        } else {
            cutAtRecordEnd(&count)
        }
        ready.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + readyPosition, byteCount: count)
            if maxTagBytes > 0 { watchTags(UnsafeRawBufferPointer(rebasing: bytes[readyPosition..<(readyPosition + count)])) }
        }
        readyPosition += count
        handedOver += count
        return Int32(count)
    }

    private var trickleNext = false

    /// Follows the last `<` and `>` of each piece (two searches per piece, from its end): a `<` with no `>` after it
    /// for more than `maxTagBytes` is an overlong start tag, and the next `read` refuses. Checked per piece, so a tag
    /// is caught within one piece (a few KB) past the limit. A `<` without `>` in text or CDATA is not XML or very
    /// rare, and would only trip on 64 KB without any `>` after it.
    private func watchTags(_ piece: UnsafeRawBufferPointer) {
        guard piece.count > 0 else { return }
        let lastGT = ByteSearch.lastOffset(of: UInt8(ascii: ">"), in: piece)
        let lastLT = ByteSearch.lastOffset(of: UInt8(ascii: "<"), in: piece)
        if let gt = lastGT {
            openTagStart = lastLT.flatMap { $0 > gt ? handedOver + $0 : nil }
        } else if openTagStart == nil, let lt = lastLT {
            openTagStart = handedOver + lt
        }
        if let start = openTagStart, handedOver + piece.count - start > maxTagBytes {
            limitFault = ("a start tag is longer than \(maxTagBytes) bytes (limits.max_tag_bytes; so many attributes cost libxml2 minutes)", true)
        }
    }

    private func cutAtRecordEnd(_ count: inout Int) {
        let end = readyPosition + count
        let last = recordEnd.count - 1  // recordEnd[last] is the `>`
        guard last > 0 else { return }
        ready.withUnsafeBytes { bytes in
            recordEnd.withUnsafeBytes { name in
                // Anchored on the name's last letter and the `>`: a pair rare enough that the inline scan, eight
                // bytes at a time, seldom stops (a memchr per `>` stopped at every tag).
                let pair = (name[last - 1], name[last])
                var hit = TextBytes.firstPair(pair.0, pair.1, in: bytes, from: readyPosition + last - 1, to: end)
                while hit < end {
                    let begin = hit + 1 - last
                    if begin > 0, bytes[begin - 1] == UInt8(ascii: "/") || bytes[begin - 1] == UInt8(ascii: ":"),
                       memcmp(bytes.baseAddress! + begin, name.baseAddress!, last) == 0 {
                        count = hit + 2 - readyPosition
                        trickleNext = true
                        return
                    }
                    hit = TextBytes.firstPair(pair.0, pair.1, in: bytes, from: hit + 1, to: end)
                }
            }
        }
    }

    private func refill() throws {
        if !recordName.isEmpty { lineFeedsBeforeReady += ready.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
        ready.removeAll(keepingCapacity: true)
        readyPosition = 0
        if !endOfFile && pending.count < Self.blockSize {
            if encoding == .utf8 {
                pending = try readBlock(after: pending)
            } else {
                let count = try readBlock()
                raw.withUnsafeBytes { transcoder.transcode(UnsafeRawBufferPointer(rebasing: $0[..<count]), into: &pending, final: endOfFile) }
            }
        }
        let safeEnd = endOfFile ? pending.count : pending.count - Self.margin
        guard safeEnd > 0 else { return }
        let (consumed, rewritten) = pending.withUnsafeBytes { recoverEntities(in: $0, safeEnd: safeEnd) }
        if rewritten {
            pending.removeFirst(consumed)
        } else {
            // Nothing rewritten, the common case: the checked bytes become `ready` as they are, not copied.
            swap(&ready, &pending)
            pending.append(contentsOf: ready[consumed...])
            ready.removeSubrange(consumed...)
        }
    }

    /// Moves checked bytes from `bytes` to `ready`, rewriting named HTML entities outside CDATA; when there was
    /// nothing to rewrite, nothing is moved (`rewritten` false) and the caller takes the checked bytes whole.
    /// Returns how many bytes of `bytes` were consumed (checked); the rest waits for more input.
    private func recoverEntities(in bytes: UnsafeRawBufferPointer, safeEnd: Int) -> (consumed: Int, rewritten: Bool) {
        var position = 0
        var copiedUpTo = 0
        var nextAmpersand = -1
        var nextCDATA = -1
        while position < safeEnd {
            if inCDATA {
                guard let end = ByteSearch.offset(of: Self.cdataClose, in: bytes, from: position, anchor: 0) else { position = safeEnd; break }
                position = end + Self.cdataClose.count
                inCDATA = false
                continue
            }
            if nextAmpersand < position { nextAmpersand = ByteSearch.offset(of: UInt8(ascii: "&"), in: bytes, from: position) ?? Int.max }
            if nextCDATA < position { nextCDATA = ByteSearch.offset(of: Self.cdataOpen, in: bytes, from: position, anchor: 2) ?? Int.max }
            if nextCDATA < nextAmpersand {
                guard nextCDATA < safeEnd else { position = safeEnd; break }
                position = nextCDATA + Self.cdataOpen.count
                inCDATA = true
            } else if nextAmpersand < safeEnd {
                // Numeric references are XML already; only names libxml2 would not know are rewritten.
                if nextAmpersand + 1 < bytes.count, bytes[nextAmpersand + 1] != UInt8(ascii: "#"),
                   let (scalar, length) = Entities.decode(bytes, at: nextAmpersand, names: Entities.htmlOnly) {
                    ready.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copiedUpTo..<nextAmpersand]))
                    ready.append(contentsOf: Array("&#\(scalar);".utf8))
                    recoveredEntities += 1
                    position = nextAmpersand + length
                    copiedUpTo = position
                } else {
                    position = nextAmpersand + 1
                }
            } else {
                position = safeEnd
            }
        }
        guard copiedUpTo > 0 else { return (position, false) }
        ready.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copiedUpTo..<position]))
        return (position, true)
    }

    /// Offset of the first `<name` (an element, not `<?`, `<!`).
    private static func firstElementStart(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var from = 0
        while let lt = ByteSearch.offset(of: UInt8(ascii: "<"), in: bytes, from: from) {
            if lt + 1 < bytes.count, HTMLText.isASCIILetter(bytes[lt + 1]) || bytes[lt + 1] == UInt8(ascii: "_") { return lt }
            from = lt + 1
        }
        return nil
    }

    static func line(of offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var line = 1
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1 }
        return line
    }
}
