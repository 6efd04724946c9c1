import Glibc
import KaartenbakCore
import Logging

/// A cell as byte offsets into the file. Quoted cells exclude their quotes; `escapedQuotes` means `""` inside.
struct CSVCell {
    var start: Int
    var end: Int
    var escapedQuotes: Bool
}

/// Splits RFC 4180 CSV into rows over raw bytes. Quotes only open at the start of a cell;
/// a stray quote elsewhere is kept as text, text after a closing quote is kept as well.
struct CSVScanner {
    enum Row {
        case row(line: Int, offset: Int)
        /// A quoted cell that never closes (or outgrows the limit): the row's first line and offset.
        case unbalanced(line: Int, offset: Int, cellLine: Int, cellOffset: Int)
        case end
    }

    let bytes: UnsafeRawBufferPointer
    let delimiter: UInt8
    let maxQuotedCellBytes: Int
    var position: Int
    var line: Int
    /// The last row had a quoted cell that ran over a line break and was followed by more text before the
    /// delimiter: the mark of a quote that did not close where its cell ended, which swallowed the rows after it.
    private(set) var misquoted = false

    init(bytes: UnsafeRawBufferPointer, delimiter: UInt8, start: Int, line: Int, maxQuotedCellBytes: Int) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = start
        self.line = line
        self.maxQuotedCellBytes = maxQuotedCellBytes
    }

    mutating func next(into cells: inout [CSVCell]) -> Row {
        cells.removeAll(keepingCapacity: true)
        misquoted = false
        let count = bytes.count
        guard position < count else { return .end }
        let rowLine = line, rowOffset = position
        while true {
            if position < count && bytes[position] == UInt8(ascii: "\"") {
                let cellLine = line, cellOffset = position
                guard let cell = quotedCell() else {
                    return .unbalanced(line: rowLine, offset: rowOffset, cellLine: cellLine, cellOffset: cellOffset)
                }
                cells.append(cell)
            } else {
                let start = position
                position = TextBytes.firstOf(delimiter, 0x0D, 0x0A, in: bytes, from: position, to: count)
                cells.append(CSVCell(start: start, end: position, escapedQuotes: false))
            }
            guard position < count else { return .row(line: rowLine, offset: rowOffset) }
            let b = bytes[position]
            position += 1
            if b == delimiter {
                if position == count { cells.append(CSVCell(start: count, end: count, escapedQuotes: false)) }
                continue
            }
            if b == 0x0D, position < count, bytes[position] == 0x0A { position += 1 }
            line += 1
            return .row(line: rowLine, offset: rowOffset)
        }
    }

    /// Reads `"…"` at `position`; nil when the closing quote is missing or too far away.
    private mutating func quotedCell() -> CSVCell? {
        let start = position + 1
        var p = start
        var escaped = false
        var newlines = 0
        let count = bytes.count
        // A closing quote further than this is too far: the search stops there.
        let limit = maxQuotedCellBytes < count - start ? start + maxQuotedCellBytes + 1 : count
        while true {
            // Quotes and line feeds in one pass (counting line feeds apart took a call per line of every cell).
            let quote = TextBytes.firstOf(UInt8(ascii: "\""), 0x0A, 0x0A, in: bytes, from: p, to: limit)
            guard quote < limit else { return nil }
            if bytes[quote] == 0x0A {
                newlines += 1
                p = quote + 1
                continue
            }
            if quote + 1 < count && bytes[quote + 1] == UInt8(ascii: "\"") {
                escaped = true
                p = quote + 2
                continue
            }
            line += newlines
            position = quote + 1
            // Lenient: text between the closing quote and the delimiter is kept with the cell.
            var end = quote
            while position < count, bytes[position] != delimiter, bytes[position] != 0x0A, bytes[position] != 0x0D {
                position += 1
                end = position
            }
            if newlines > 0 && end != quote { misquoted = true }
            return CSVCell(start: start, end: end, escapedQuotes: escaped || end != quote)
        }
    }

    /// After a row whose quoting went wrong at `offset` (line `line`): the first later line where a row with
    /// `fits` cells starts and reads cleanly, as (offset, line); nil when none does before the end of the input.
    /// Each line is tried once, by scanning one row from its start.
    func resynchronise(after offset: Int, line: Int, fits: ([CSVCell]) -> Bool) -> (offset: Int, line: Int)? {
        var probe = self
        var cells: [CSVCell] = []
        var at = offset, atLine = line
        while let lineFeed = ByteSearch.offset(of: 0x0A, in: bytes, from: at) {
            at = lineFeed + 1
            atLine += 1
            guard at < bytes.count else { return nil }
            probe.position = at
            probe.line = atLine
            if case .row = probe.next(into: &cells), !probe.misquoted, fits(cells) { return (at, atLine) }
        }
        return nil
    }

}

/// Reads a CSV feed: encoding, `sep=` line, delimiter sniffing, header matching, and row-level rejects.
///
/// Two threads share the work. The calling thread reads the header (a missing required column fails the feed
/// before any thread starts); a row thread (`CSVRowProducer`) then scans the rows, checks the mapped cells' bytes
/// and makes ragged rows, unbalanced quotes and bad bytes into rejects; the calling thread makes the values and
/// `RawRecord`s and calls `onRecord` / `onReject` in feed order. A bounded `HandOver` between them keeps memory flat.
struct CSVFeedReader {
    let source: SourceDefinition
    let logger: Logger
    let limits: FeedReader.Limits

    /// Batches waiting between the threads, as for XML.
    static let queuedBatches = 4

    func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let (input, encoding) = try CSVInput.open(file: file, source: source)
        var summary = ReadSummary(records: 0, rejects: 0, bytes: input.fileBytes, encoding: encoding.rawValue)
        let producer = try rowProducer(input, file: file)
        let handOver = HandOver<CSVRowBatch>.start(capacity: Self.queuedBatches) { producer.run(into: $0) }
        // However this function ends (an early stop by `onRecord` throwing, too), the row thread has ended and the
        // file is unmapped before it returns.
        defer {
            handOver.stop()
            handOver.waitForProducer()
            input.close()
        }
        var maker = CSVRecordMaker(source: source.name, columns: producer.columns)
        while let batch = handOver.take() {
            try batch.arena.withUnsafeBytes { arena in
                for row in batch.rows {
                    switch row {
                    case .record(let location, let offset, let pieces):
                        var (record, missing) = maker.record(at: location, of: batch.pieces[pieces], arena: arena, input: input.bytes)
                        if let missing {
                            summary.rejects += 1
                            try onReject(Reject(source: source.name, file: file, location: location, reason: missing, snippet: input.snippet(at: offset),
                                                recordId: recordId(record.values)))
                        } else {
                            summary.records += 1
                            try onRecord(record)
                        }
                        maker.recycle(&record)
                    case .reject(let line, let reason, let snippet, let id):
                        summary.rejects += 1
                        try onReject(Reject(source: source.name, file: file, location: "line \(line)", reason: reason, snippet: snippet, recordId: id))
                    }
                }
            }
            input.release(upTo: batch.end)
            producer.pool.give(consume batch)
        }
        return summary
    }

    /// Reads the `sep=` line, the delimiter and the header on the calling thread: the row thread starts after them.
    private func rowProducer(_ input: CSVInput, file: String) throws -> CSVRowProducer {
        let head = try header(input, file: file)
        let header = head.names.map { $0.collapsingWhitespace().lowercased() }
        let columns = try columnIndices(header: header, file: file, line: head.line)
            .flatMap { column in column.value.map { CSVRowProducer.Column(field: column.key, index: $0) } }
        return CSVRowProducer(input: input, delimiter: head.delimiter, start: head.rowsStart, line: head.rowsLine,
                              maxQuotedCellBytes: limits.maxQuotedCellBytes, header: header, columns: columns)
    }

    /// A CSV file's header: its column names as written, and where the rows start.
    struct Header {
        var names: [String]
        /// The header's line number.
        var line: Int
        var delimiter: UInt8
        var rowsStart: Int
        var rowsLine: Int
    }

    /// The `sep=` line, the delimiter and the header line.
    func header(_ input: CSVInput, file: String) throws -> Header {
        let bytes = input.bytes
        var start = input.start
        var line = 1
        var delimiter = source.delimiter?.utf8.first
        if let (declared, next) = Self.sepLine(bytes, from: start) {
            delimiter = delimiter ?? declared
            start = next
            line = 2
        }
        let chosen = delimiter ?? Self.sniffDelimiter(bytes, from: start)
        var scanner = CSVScanner(bytes: bytes, delimiter: chosen, start: start, line: line, maxQuotedCellBytes: limits.maxQuotedCellBytes)
        var cells: [CSVCell] = []
        let decoder = CellDecoder(bytes: bytes, encoding: input.cellEncoding)
        guard case .row(let headerLine, _) = scanner.next(into: &cells) else {
            throw KaartenbakError(.parse, "the CSV file has no header line", at: Location(source: source.name, file: file, line: line))
        }
        return Header(names: cells.map { decoder.string($0) }, line: headerLine, delimiter: chosen,
                      rowsStart: scanner.position, rowsLine: scanner.line)
    }

    /// Column positions per mapped field. A missing column for a required field fails the feed (the export changed);
    /// a missing optional column is logged and left empty.
    private func columnIndices(header: [String], file: String, line: Int) throws -> [(key: VacancyField, value: [Int])] {
        var result: [(key: VacancyField, value: [Int])] = []
        for (field, names) in source.fields.sorted(by: { $0.key < $1.key }) {
            var indices: [Int] = []
            for name in names {
                let wanted = name.collapsingWhitespace().lowercased()
                if let index = header.firstIndex(of: wanted) {
                    indices.append(index)
                } else if VacancyField.required.contains(field) {
                    throw KaartenbakError(.parse, "column '\(name)' for field '\(field.rawValue)' is not in the header (header: \(header.joined(separator: " | ")))",
                                          at: Location(source: source.name, file: file, line: line, key: "fields.\(field.rawValue)"))
                } else {
                    logger.warning("mapped column missing from the CSV header", metadata: [
                        "source": "\(source.name)", "column": "\(name)", "field": "\(field.rawValue)"])
                }
            }
            if !indices.isEmpty { result.append((field, indices)) }
        }
        return result
    }

    /// A first line `sep=;` (Excel's hint): the delimiter and where the header starts.
    static func sepLine(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (UInt8, Int)? {
        let prefix = Array("sep=".utf8)
        guard bytes.count >= start + 5, (0..<4).allSatisfy({ bytes[start + $0] | 0x20 == prefix[$0] | 0x20 }) else { return nil }
        let delimiter = bytes[start + 4]
        var next = start + 5
        while next < bytes.count, bytes[next] != 0x0A { next += 1 }
        return (delimiter, min(next + 1, bytes.count))
    }

    /// The most frequent of `;` `,` tab `|` outside quotes on the first line; `;` when none occurs.
    static func sniffDelimiter(_ bytes: UnsafeRawBufferPointer, from start: Int) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var quoted = false
        var i = start
        while i < min(bytes.count, start + 65536) {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted {
                if b == 0x0A || b == 0x0D { break }
                if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
            }
            i += 1
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return UInt8(ascii: ";") }
        return candidates[best]
    }
}

/// Finds a cell's text in the file's encoding: checks its bytes and unescapes or converts them where needed.
struct CellDecoder {
    let bytes: UnsafeRawBufferPointer
    let encoding: TextEncoding

    /// For UTF-8 files: the offset of the first invalid byte in the cell.
    func invalidByte(in cell: CSVCell) -> Int? {
        guard encoding == .utf8 else { return nil }
        return UTF8Check.firstInvalidByte(in: UnsafeRawBufferPointer(rebasing: bytes[cell.start..<cell.end])).map { $0 + cell.start }
    }

    /// The cell's text as a String (header names).
    func string(_ cell: CSVCell) -> String {
        var arena: [UInt8] = []
        let (range, inArena) = text(cell, lineFeedsOnly: false, arena: &arena)
        if !inArena { return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        return String(decoding: arena[range], as: UTF8.self)
    }

    /// Where the cell's text is as UTF-8, quotes unescaped (with `lineFeedsOnly`, CRLF and CR made LF): the cell's own
    /// bytes when they are that text already (UTF-8, no `""`, no line break to change), else appended to `arena`.
    func text(_ cell: CSVCell, lineFeedsOnly: Bool, arena: inout [UInt8]) -> (bytes: Range<Int>, inArena: Bool) {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[cell.start..<cell.end])
        let start = arena.count
        if encoding == .utf8 {
            if !cell.escapedQuotes && !(lineFeedsOnly && ByteSearch.offset(of: 0x0D, in: raw) != nil) {
                return (cell.start..<cell.end, false)
            }
            Self.appendCleaned(raw, unescapingQuotes: cell.escapedQuotes, lineFeedsOnly: lineFeedsOnly, to: &arena)
            return (start..<arena.count, true)
        }
        var utf8: [UInt8] = []
        var transcoder = UTF8Transcoder(encoding)
        transcoder.transcode(raw, into: &utf8, final: true)
        utf8.withUnsafeBytes { Self.appendCleaned($0, unescapingQuotes: cell.escapedQuotes, lineFeedsOnly: lineFeedsOnly, to: &arena) }
        return (start..<arena.count, true)
    }

    /// Appends `raw` with `""` → `"` (a lone quote stays) and, with `lineFeedsOnly`, CRLF and CR → LF.
    private static func appendCleaned(_ raw: UnsafeRawBufferPointer, unescapingQuotes: Bool, lineFeedsOnly: Bool, to out: inout [UInt8]) {
        let quote: UInt8 = unescapingQuotes ? UInt8(ascii: "\"") : 0x0A  // 0x0A: never special here, LF is kept as it is
        let carriageReturn: UInt8 = lineFeedsOnly ? 0x0D : 0x0A
        var i = 0
        let n = raw.count
        while i < n {
            // Plain runs are copied whole: appending byte by byte was most of the time spent on descriptions.
            let end = TextBytes.firstOf(quote, carriageReturn, carriageReturn, in: raw, from: i, to: n)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i..<end]))
            guard end < n else { return }
            i = end + 1
            if raw[end] == carriageReturn {
                out.append(0x0A)
                if i < n && raw[i] == 0x0A { i += 1 }
            } else {
                out.append(raw[end])
                if i < n && raw[i] == quote { i += 1 }
            }
        }
    }
}
