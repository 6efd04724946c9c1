import Foundation
import KaartenbakCore

/// The bytes a CSV feed is read from: the mapped file, or for UTF-16 its conversion to UTF-8.
///
/// `@unchecked Sendable`: its bytes are only read, by the row thread ahead and the calling thread behind it;
/// `release` and `close` (the mutations) are called by the calling thread alone, `close` after the row thread ended.
final class CSVInput: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    /// Where the text starts (after a byte-order mark).
    let start: Int
    /// The file's size, for the read summary.
    let fileBytes: Int
    /// The encoding of `bytes`: the file's, or UTF-8 after a conversion.
    let cellEncoding: TextEncoding
    private var mapped: MappedFile?
    private var converted: UnsafeMutableRawBufferPointer?

    /// Maps `file` and decides its encoding (returned beside the input: the file's, not `cellEncoding`).
    static func open(file: String, source: SourceDefinition) throws -> (CSVInput, TextEncoding) {
        let mapped = try MappedFile(path: file, source: source.name)
        let sample = UnsafeRawBufferPointer(rebasing: mapped.bytes.prefix(1 << 20))
        let (encoding, bom) = TextEncoding.decide(definition: source.encoding, sample: sample, xmlDeclaration: false)
        guard encoding.isUTF16 else { return (CSVInput(mapped: mapped, start: bom, encoding: encoding), encoding) }
        // Excel's "Unicode text" export: converted whole, then read as UTF-8 (the fetch byte cap bounds the size).
        var utf8: [UInt8] = []
        var transcoder = UTF8Transcoder(encoding)
        transcoder.transcode(UnsafeRawBufferPointer(rebasing: mapped.bytes[bom...]), into: &utf8, final: true)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: utf8.count, alignment: 1)
        utf8.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return (CSVInput(mapped: mapped, converted: buffer), encoding)
    }

    private init(mapped: MappedFile, start: Int, encoding: TextEncoding) {
        self.mapped = mapped
        self.converted = nil
        self.bytes = mapped.bytes
        self.start = start
        self.fileBytes = mapped.bytes.count
        self.cellEncoding = encoding
    }

    private init(mapped: MappedFile, converted: UnsafeMutableRawBufferPointer) {
        self.mapped = nil  // the file is no longer needed: it goes when `open` returns
        self.converted = converted
        self.bytes = UnsafeRawBufferPointer(converted)
        self.start = 0
        self.fileBytes = mapped.bytes.count
        self.cellEncoding = .utf8
    }

    /// Lets the kernel drop the file's pages before `offset` (see `MappedFile.release`).
    /// Only the calling thread calls it, for the input it is done with: the row thread never reads behind it.
    func release(upTo offset: Int) {
        if converted == nil { mapped?.release(upTo: offset) }
    }

    /// Unmaps the file and frees the conversion now, once the row thread has ended: the thread's closure (and its
    /// reference to this input) may outlive `read`, the mapping must not. `bytes` must not be read afterwards.
    func close() {
        mapped = nil
        converted?.deallocate()
        converted = nil
    }

    /// The first line of the row at `offset` (at most 500 bytes), for a reject: decoded as the file's text is, so
    /// that a Windows-1252 feed's "€ 16,50" reads so in the rejects file, not as an undecodable byte.
    func snippet(at offset: Int) -> String {
        let end = min(bytes.count, offset + 500)
        var text: [UInt8] = []
        var transcoder = UTF8Transcoder(cellEncoding)
        transcoder.transcode(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), into: &text, final: true)
        let raw = String(decoding: text, as: UTF8.self)
        return raw.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first.map(String.init) ?? raw
    }

    deinit { converted?.deallocate() }
}

/// Rows as the row thread hands them over: for each record, where its mapped cells' text is (in the input, or in
/// the batch's `arena` when the text had to be unescaped or converted), checked for valid UTF-8; or a reject.
/// The calling thread makes the Strings and `RawRecord`s, so that the values' Strings are made and freed on one thread
/// (made on the row thread and freed on the calling one, they made the two contend for malloc's lock).
struct CSVRowBatch: Sendable {
    struct Piece: Sendable {
        /// Index in `CSVRowProducer.columns`.
        var column: Int
        var bytes: Range<Int>
        /// In `arena`, else in the input.
        var inArena: Bool
        /// A value (not a description) whose white space must be collapsed (`TextBytes.needsCollapsing`): the row
        /// thread looks, so that the calling thread only makes the String of most values.
        var needsCollapsing: Bool
    }
    enum Row: Sendable {
        /// `location`: "line N", a String short enough to need no allocation; `offset`: where the row starts in the
        /// input (for the snippet of a record that lacks a required field).
        case record(location: String, offset: Int, pieces: Range<Int>)
        /// `recordId`: the row's id cell, when it could be read.
        case reject(line: Int, reason: String, snippet: String, recordId: String?)
    }

    var rows: [Row] = []
    var pieces: [Piece] = []
    var arena: [UInt8] = []
    /// The input offset the row thread had reached with this batch: the calling thread is done with the input up to it.
    var end = 0

    /// Empties the batch for reuse, keeping its storage.
    mutating func clear() {
        rows.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        end = 0
    }
}

/// Batches the calling thread is done with, for the row thread to fill again: fresh batches' arrays grew by copying
/// into fresh pages, a fifth of all the reader's samples in page faults.
///
/// `@unchecked Sendable`: `batches` is read and written only while `lock` is held.
final class CSVBatchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [CSVRowBatch] = []

    /// An emptied batch, or a new one with room for `rows` rows of `pieces` pieces each and `bytes` in its arena.
    func take(rows: Int, pieces: Int, bytes: Int) -> CSVRowBatch {
        lock.lock()
        let reused = batches.popLast()
        lock.unlock()
        if let reused { return reused }
        var batch = CSVRowBatch()
        batch.rows.reserveCapacity(rows)
        batch.pieces.reserveCapacity(rows * pieces)
        batch.arena.reserveCapacity(bytes)
        return batch
    }

    func give(_ batch: consuming CSVRowBatch) {
        batch.clear()
        lock.lock()
        batches.append(batch)
        lock.unlock()
    }
}

/// The row thread of `CSVFeedReader`: scans the rows after the header, checks the mapped cells and finds where their
/// text is, in batches of at most `batchRows` rows or `batchBytes` bytes of input.
struct CSVRowProducer: Sendable {
    /// A mapped column: the field it fills and its position in the header.
    struct Column: Sendable {
        var field: VacancyField
        var index: Int
        var isDescription: Bool { field == .description }
    }

    /// Each batch handed over can cost a thread switch, and on a busy machine a switched-out thread waits for a core:
    /// batches of 256 rows made about 5,500 switches on the 200 MB bench file, of 1024 rows about 1,100, for about
    /// 6 MB more peak RSS (the batches in the queue and the pool).
    static let batchRows = 1024
    static let batchBytes = 1024 * 1024

    let input: CSVInput
    let delimiter: UInt8
    /// Where the first row after the header starts, and its line.
    let start: Int
    let line: Int
    let maxQuotedCellBytes: Int
    let header: [String]
    let columns: [Column]
    /// Where the calling thread puts back the batches it is done with.
    let pool = CSVBatchPool()

    /// Scans to the end of the input, or until the calling thread stops taking batches.
    func run(into handOver: HandOver<CSVRowBatch>) {
        let bytes = input.bytes
        var scanner = CSVScanner(bytes: bytes, delimiter: delimiter, start: start, line: line, maxQuotedCellBytes: maxQuotedCellBytes)
        let decoder = CellDecoder(bytes: bytes, encoding: input.cellEncoding)
        var cells: [CSVCell] = []
        func emptyBatch() -> CSVRowBatch { pool.take(rows: Self.batchRows, pieces: columns.count, bytes: Self.batchBytes) }
        var batch = emptyBatch()
        var batchStart = scanner.position
        while true {
            let row = scanner.next(into: &cells)
            switch row {
            case .end:
                batch.end = scanner.position
                _ = handOver.put(batch)
                return
            case .unbalanced(let rowLine, let offset, let cellLine, let cellOffset):
                // A quoted cell longer than the limit is one bad row when its quote does close further on;
                // otherwise the quote never closes and reading goes on where a whole row starts again.
                var unlimited = CSVScanner(bytes: bytes, delimiter: delimiter, start: offset, line: rowLine, maxQuotedCellBytes: Int.max)
                if case .row = unlimited.next(into: &cells), !unlimited.misquoted, fits(cells) {
                    batch.rows.append(.reject(line: rowLine, reason: "a quoted cell (from line \(cellLine), byte offset \(cellOffset)) is longer than the limit of \(maxQuotedCellBytes) bytes",
                                              snippet: input.snippet(at: offset), recordId: idText(cells, decoder: decoder)))
                    scanner.position = unlimited.position
                    scanner.line = unlimited.line
                } else {
                    skipBadSpan(from: offset, line: rowLine, reason: "the quoted cell opened at line \(cellLine) (byte offset \(cellOffset)) never closes",
                                scanner: &scanner, batch: &batch)
                }
            case .row(let rowLine, let offset):
                if scanner.line > rowLine + 1, scanner.misquoted || !fits(cells) {
                    // A quote that closed in the wrong place: the row ran over the lines of the rows after it.
                    skipBadSpan(from: offset, line: rowLine, reason: "a quote in this row does not close where its cell ends, so the row runs on over later lines",
                                scanner: &scanner, batch: &batch)
                } else if scanner.position == bytes.count, bytes.last != 0x0A, bytes.last != 0x0D, !fits(cells) {
                    // The file ends inside a row: a cut transfer or a truncated copy. Its id may be cut too.
                    batch.rows.append(.reject(line: rowLine, reason: "the file ends inside this row (\(cells.count) of \(header.count) cells): it was cut short",
                                              snippet: input.snippet(at: offset), recordId: nil))
                } else {
                    add(cells, line: rowLine, offset: offset, decoder: decoder, to: &batch)
                }
            }
            if batch.rows.count >= Self.batchRows || scanner.position - batchStart >= Self.batchBytes {
                batch.end = scanner.position
                guard handOver.put(batch) else { return }
                batch = emptyBatch()
                batchStart = scanner.position
            }
        }
    }

    /// Adds the row's record or reject to `batch`; nothing for a blank line.
    /// Whether a row has the header's cells (more only when the extra ones are empty).
    private func fits(_ cells: [CSVCell]) -> Bool {
        cells.count == header.count || (cells.count > header.count && !cells[header.count...].contains { $0.start != $0.end })
    }

    /// The row's id cell as text, for a reject (nil when the id column was not reached).
    private func idText(_ cells: [CSVCell], decoder: CellDecoder) -> String? {
        guard let column = columns.first(where: { $0.field == .id }), column.index < cells.count else { return nil }
        let cell = cells[column.index]
        guard cell.end > cell.start, cell.end - cell.start <= 500, decoder.invalidByte(in: cell) == nil else { return nil }
        var arena: [UInt8] = []
        let (range, inArena) = decoder.text(cell, lineFeedsOnly: false, arena: &arena)
        let text = inArena ? String(decoding: arena[range], as: UTF8.self)
            : String(decoding: UnsafeRawBufferPointer(rebasing: input.bytes[range]), as: UTF8.self)
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Makes the lines from `line` up to where a whole row starts again one reject, and moves the scanner there
    /// (or to the end). The rows in the span are unknown: the reject has no id, so nothing of the source is closed.
    private func skipBadSpan(from offset: Int, line: Int, reason: String, scanner: inout CSVScanner, batch: inout CSVRowBatch) {
        if let restart = scanner.resynchronise(after: offset, line: line, fits: fits) {
            let lines = restart.line - 1 > line ? "lines \(line)-\(restart.line - 1)" : "line \(line)"
            batch.rows.append(.reject(line: line, reason: "unbalanced quote: \(reason); \(lines) could not be read as rows, reading goes on at line \(restart.line)",
                                      snippet: input.snippet(at: offset), recordId: nil))
            scanner.position = restart.offset
            scanner.line = restart.line
        } else {
            batch.rows.append(.reject(line: line, reason: "unbalanced quote: \(reason); no whole row starts after it, so the rest of the file (from line \(line)) could not be read",
                                      snippet: input.snippet(at: offset), recordId: nil))
            scanner.position = input.bytes.count
        }
    }

    private func add(_ cells: [CSVCell], line: Int, offset: Int, decoder: CellDecoder, to batch: inout CSVRowBatch) {
        if cells.count == 1 && cells[0].start == cells[0].end { return }
        if !fits(cells) {
            batch.rows.append(.reject(line: line, reason: "row has \(cells.count) cells, the header has \(header.count)", snippet: input.snippet(at: offset),
                                      recordId: idText(cells, decoder: decoder)))
            return
        }
        let first = batch.pieces.count, arenaCount = batch.arena.count
        for (k, column) in columns.enumerated() {
            let cell = cells[column.index]
            guard cell.end > cell.start else { continue }
            let raw = UnsafeRawBufferPointer(rebasing: input.bytes[cell.start..<cell.end])
            if !column.isDescription && decoder.encoding == .utf8 && !cell.escapedQuotes && !TextBytes.needsCollapsing(raw, orNotASCII: true) {
                // The common value, plain ASCII with nothing to collapse, is valid as it is: one pass decides it all.
                batch.pieces.append(CSVRowBatch.Piece(column: k, bytes: cell.start..<cell.end, inArena: false, needsCollapsing: false))
                continue
            }
            if let bad = decoder.invalidByte(in: cell) {
                batch.pieces.removeSubrange(first...)
                batch.arena.removeSubrange(arenaCount...)
                let reason = "invalid UTF-8 byte 0x\(String(input.bytes[bad], radix: 16, uppercase: true)) at byte offset \(bad) in column '\(header[column.index])'"
                batch.rows.append(.reject(line: line, reason: reason, snippet: input.snippet(at: offset), recordId: idText(cells, decoder: decoder)))
                return
            }
            let (bytes, inArena) = decoder.text(cell, lineFeedsOnly: column.isDescription, arena: &batch.arena)
            let needsCollapsing = !column.isDescription && batch.arena.withUnsafeBytes { arena in
                TextBytes.needsCollapsing(UnsafeRawBufferPointer(rebasing: (inArena ? arena : input.bytes)[bytes]))
            }
            batch.pieces.append(CSVRowBatch.Piece(column: k, bytes: bytes, inArena: inArena, needsCollapsing: needsCollapsing))
        }
        batch.rows.append(.record(location: "line \(line)", offset: offset, pieces: first..<batch.pieces.count))
    }
}

/// The calling thread's side of a record: its values made Strings from the pieces the row thread found, and the check
/// of the fields every source must map.
struct CSVRecordMaker {
    let source: String
    let columns: [CSVRowProducer.Column]
    /// Per column, its bit among the required fields (0 for the others), and all those bits: a record with a value
    /// for each needs no look through its values.
    private let requiredBits: [Int]
    private let allRequired: Int
    private var values = RecordValues()

    init(source: String, columns: [CSVRowProducer.Column]) {
        self.source = source
        self.columns = columns
        requiredBits = columns.map { column in VacancyField.required.firstIndex(of: column.field).map { 1 << $0 } ?? 0 }
        allRequired = (1 << VacancyField.required.count) - 1
    }

    /// The record, and why it must be rejected instead (a required field without a value) or nil.
    mutating func record(at location: String, of pieces: ArraySlice<CSVRowBatch.Piece>, arena: UnsafeRawBufferPointer,
                         input: UnsafeRawBufferPointer) -> (RawRecord, missing: String?) {
        var present = 0
        for piece in pieces {
            let bytes = UnsafeRawBufferPointer(rebasing: (piece.inArena ? arena : input)[piece.bytes])
            let column = columns[piece.column]
            let value: String
            if column.isDescription {
                value = DescriptionText(bytes: bytes).text
            } else {
                value = piece.needsCollapsing ? TextBytes.cleanString(bytes) : String(decoding: bytes, as: UTF8.self)
            }
            if !value.isEmpty {
                values.append(column.field, value)
                present |= requiredBits[piece.column]
            }
        }
        let record = RawRecord(source: source, location: location, values: values.take())
        return (record, present == allRequired ? nil : missingRequired(record.values))
    }

    /// Takes back a record's values array once the record has been passed on (see `RecordValues`).
    mutating func recycle(_ record: inout RawRecord) {
        values.recycle(&record.values)
    }
}
