import KaartenbakCore

/// The bytes a CSV feed is read from: the mapped file, or for UTF-16 its conversion to UTF-8.
///
/// `@unchecked Sendable`: one thread at a time uses it. The calling thread reads the header, then hands it to the
/// row thread, which alone reads it until it ends; the mapping or buffer goes with the last reference.
final class CSVInput: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    /// Where the text starts (after a byte-order mark).
    let start: Int
    /// The file's size, for the read summary.
    let fileBytes: Int
    /// The encoding of `bytes`: the file's, or UTF-8 after a conversion.
    let cellEncoding: TextEncoding
    private let mapped: MappedFile
    private let converted: UnsafeMutableRawBufferPointer?

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
        self.mapped = mapped
        self.converted = converted
        self.bytes = UnsafeRawBufferPointer(converted)
        self.start = 0
        self.fileBytes = mapped.bytes.count
        self.cellEncoding = .utf8
    }

    /// Lets the kernel drop the file's pages before `offset` (see `MappedFile.release`).
    func release(upTo offset: Int) {
        if converted == nil { mapped.release(upTo: offset) }
    }

    deinit { converted?.deallocate() }
}

/// Rows as the row thread hands them over: a record's values, or a reject. The calling thread only makes them into
/// `RawRecord`s and `Reject`s and passes them on.
struct CSVRowBatch: Sendable {
    enum Row: Sendable {
        case record(line: Int, values: [RawRecord.Value], descriptionHTML: String?)
        case reject(line: Int, reason: String, snippet: String)
    }

    var rows: [Row] = []
}

/// The row thread of `CSVFeedReader`: scans the rows after the header and turns each into values or a reject,
/// in batches of at most `batchRows` rows or `batchBytes` bytes of input.
struct CSVRowProducer: Sendable {
    /// A mapped column: the field it fills and its position in the header.
    struct Column: Sendable {
        var field: VacancyField
        var index: Int
    }

    static let batchRows = 256
    static let batchBytes = 256 * 1024

    let input: CSVInput
    let delimiter: UInt8
    /// Where the first row after the header starts, and its line.
    let start: Int
    let line: Int
    let maxQuotedCellBytes: Int
    let header: [String]
    let columns: [Column]

    /// Scans to the end of the input, or until the calling thread stops taking batches.
    func run(into handOver: HandOver<CSVRowBatch>) {
        let bytes = input.bytes
        var scanner = CSVScanner(bytes: bytes, delimiter: delimiter, start: start, line: line, maxQuotedCellBytes: maxQuotedCellBytes)
        let converter = CSVRowConverter(bytes: bytes, decoder: CellDecoder(bytes: bytes, encoding: input.cellEncoding),
                                        header: header, columns: columns)
        var cells: [CSVCell] = []
        var batch = CSVRowBatch()
        var batchStart = scanner.position
        while true {
            let row = scanner.next(into: &cells)
            input.release(upTo: scanner.position)
            switch row {
            case .end:
                _ = handOver.put(batch)
                return
            case .unbalanced(let rowLine, let offset, let cellLine, let cellOffset):
                batch.rows.append(.reject(line: rowLine, reason: "unbalanced quote: the quoted cell opened at line \(cellLine) (byte offset \(cellOffset)) never closes; the rest of the file is read from line \(rowLine + 1)",
                                          snippet: converter.snippet(at: offset)))
                scanner.skipLine(startingAt: offset, line: rowLine)
            case .row(let rowLine, let offset):
                if let converted = converter.convert(cells, line: rowLine, offset: offset) { batch.rows.append(converted) }
            }
            if batch.rows.count >= Self.batchRows || scanner.position - batchStart >= Self.batchBytes {
                guard handOver.put(batch) else { return }
                batch = CSVRowBatch()
                batchStart = scanner.position
            }
        }
    }
}

/// Turns one row's cells into a record's values, or into a reject naming why.
struct CSVRowConverter {
    let bytes: UnsafeRawBufferPointer
    let decoder: CellDecoder
    let header: [String]
    let columns: [CSVRowProducer.Column]
    /// Per column, its bit among the required fields (0 for the others), and all those bits: a record with a value
    /// for each is checked without looking through its values.
    private let requiredBits: [Int]
    private let allRequired: Int

    init(bytes: UnsafeRawBufferPointer, decoder: CellDecoder, header: [String], columns: [CSVRowProducer.Column]) {
        self.bytes = bytes
        self.decoder = decoder
        self.header = header
        self.columns = columns
        let required = VacancyField.required
        requiredBits = columns.map { column in required.firstIndex(of: column.field).map { 1 << $0 } ?? 0 }
        allRequired = (1 << required.count) - 1
    }

    /// The row's record or reject; nil for a blank line.
    func convert(_ cells: [CSVCell], line: Int, offset: Int) -> CSVRowBatch.Row? {
        if cells.count == 1 && cells[0].start == cells[0].end { return nil }
        if cells.count < header.count || (cells.count > header.count && cells[header.count...].contains { $0.start != $0.end }) {
            return .reject(line: line, reason: "row has \(cells.count) cells, the header has \(header.count)", snippet: snippet(at: offset))
        }
        var values: [RawRecord.Value] = []
        values.reserveCapacity(columns.count)
        var descriptionHTML: String?
        var present = 0
        for (k, column) in columns.enumerated() {
            let cell = cells[column.index]
            guard cell.end > cell.start else { continue }
            let value: String
            if column.field == .description {
                guard let raw = decoder.validMultilineString(cell) else { return invalid(cell, column: column.index, line: line, offset: offset) }
                let description = DescriptionText(raw: raw)
                value = description.text
                descriptionHTML = descriptionHTML ?? description.html
            } else {
                guard let clean = decoder.validCleanString(cell) else { return invalid(cell, column: column.index, line: line, offset: offset) }
                value = clean
            }
            if !value.isEmpty {
                values.append(RawRecord.Value(column.field, value))
                present |= requiredBits[k]
            }
        }
        if present != allRequired, let reason = missingRequired(values) {
            return .reject(line: line, reason: reason, snippet: snippet(at: offset))
        }
        return .record(line: line, values: values, descriptionHTML: descriptionHTML)
    }

    private func invalid(_ cell: CSVCell, column index: Int, line: Int, offset: Int) -> CSVRowBatch.Row {
        let bad = decoder.invalidByte(in: cell) ?? cell.start
        let reason = "invalid UTF-8 byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at byte offset \(bad) in column '\(header[index])'"
        return .reject(line: line, reason: reason, snippet: snippet(at: offset))
    }

    /// The first line of the row at `offset` (at most 500 bytes), for a reject.
    func snippet(at offset: Int) -> String {
        let end = min(bytes.count, offset + 500)
        let raw = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        return raw.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first.map(String.init) ?? raw
    }
}
