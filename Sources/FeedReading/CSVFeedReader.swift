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

    init(bytes: UnsafeRawBufferPointer, delimiter: UInt8, start: Int, line: Int, maxQuotedCellBytes: Int) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = start
        self.line = line
        self.maxQuotedCellBytes = maxQuotedCellBytes
    }

    mutating func next(into cells: inout [CSVCell]) -> Row {
        cells.removeAll(keepingCapacity: true)
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
        while true {
            guard let quote = find(UInt8(ascii: "\""), from: p), quote - start <= maxQuotedCellBytes else { return nil }
            newlines += countNewlines(from: p, to: quote)
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
            return CSVCell(start: start, end: end, escapedQuotes: escaped || end != quote)
        }
    }

    private func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress else { return nil }
        return memchr(base + from, Int32(byte), bytes.count - from).map { UnsafeRawPointer($0) - base }
    }

    private func countNewlines(from: Int, to: Int) -> Int {
        var n = 0
        var p = from
        while let lf = find(0x0A, from: p), lf < to {
            n += 1
            p = lf + 1
        }
        return n
    }

    /// Moves to the line after the one starting at `offset`, to go on after an unbalanced quote.
    mutating func skipLine(startingAt offset: Int, line: Int) {
        position = find(0x0A, from: offset).map { $0 + 1 } ?? bytes.count
        self.line = line + 1
    }
}

/// Reads a CSV feed: encoding, `sep=` line, delimiter sniffing, header matching, and row-level rejects.
struct CSVFeedReader {
    let source: SourceDefinition
    let logger: Logger
    let limits: FeedReader.Limits

    func read(file: String, onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws -> ReadSummary {
        let mapped = try MappedFile(path: file, source: source.name)
        let sample = UnsafeRawBufferPointer(rebasing: mapped.bytes.prefix(1 << 20))
        let (encoding, bom) = TextEncoding.decide(definition: source.encoding, sample: sample, xmlDeclaration: false)
        var summary = ReadSummary(records: 0, rejects: 0, bytes: mapped.bytes.count, encoding: encoding.rawValue)
        if encoding.isUTF16 {
            // Excel's "Unicode text" export: converted whole, then read as UTF-8 (the fetch byte cap bounds the size).
            var utf8: [UInt8] = []
            var transcoder = UTF8Transcoder(encoding)
            transcoder.transcode(UnsafeRawBufferPointer(rebasing: mapped.bytes[bom...]), into: &utf8, final: true)
            try utf8.withUnsafeBytes { bytes in
                try parse(bytes, start: 0, encoding: .utf8, file: file, mapped: nil, summary: &summary, onRecord: onRecord, onReject: onReject)
            }
        } else {
            try parse(mapped.bytes, start: bom, encoding: encoding, file: file, mapped: mapped, summary: &summary, onRecord: onRecord, onReject: onReject)
        }
        return summary
    }

    private func parse(_ bytes: UnsafeRawBufferPointer, start: Int, encoding: TextEncoding, file: String, mapped: MappedFile?,
                       summary: inout ReadSummary,
                       onRecord: (RawRecord) throws -> Void, onReject: (Reject) throws -> Void) throws {
        var start = start
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
        let decoder = CellDecoder(bytes: bytes, encoding: encoding)

        guard case .row(let headerLine, _) = scanner.next(into: &cells) else {
            throw KaartenbakError(.parse, "the CSV file has no header line", at: Location(source: source.name, file: file, line: line))
        }
        let header = cells.map { decoder.string($0).collapsingWhitespace().lowercased() }
        let columns = try columnIndices(header: header, file: file, line: headerLine)
            .flatMap { column in column.value.map { (field: column.key, isDescription: column.key == .description, index: $0) } }
        var values = RecordValues()

        func reject(_ location: String, _ reason: String, offset: Int) throws {
            summary.rejects += 1
            let end = min(bytes.count, offset + 500)
            let raw = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
            let firstLine = raw.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first.map(String.init) ?? raw
            try onReject(Reject(source: source.name, file: file, location: location, reason: reason, snippet: firstLine))
        }

        while true {
            let row = scanner.next(into: &cells)
            mapped?.release(upTo: scanner.position)
            switch row {
            case .end:
                return
            case .unbalanced(let rowLine, let offset, let cellLine, let cellOffset):
                try reject("line \(rowLine)", "unbalanced quote: the quoted cell opened at line \(cellLine) (byte offset \(cellOffset)) never closes; the rest of the file is read from line \(rowLine + 1)", offset: offset)
                scanner.skipLine(startingAt: offset, line: rowLine)
            case .row(let rowLine, let offset):
                if cells.count == 1 && cells[0].start == cells[0].end { continue }  // blank line
                let location = "line \(rowLine)"
                if cells.count < header.count || (cells.count > header.count && cells[header.count...].contains { $0.start != $0.end }) {
                    try reject(location, "row has \(cells.count) cells, the header has \(header.count)", offset: offset)
                    continue
                }
                var descriptionHTML: String?
                var problem: String?
                func invalid(_ cell: CSVCell, column index: Int) -> String {
                    let bad = decoder.invalidByte(in: cell) ?? cell.start
                    return "invalid UTF-8 byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at byte offset \(bad) in column '\(header[index])'"
                }
                for (field, isDescription, index) in columns {
                    let cell = cells[index]
                    guard cell.end > cell.start else { continue }
                    let value: String
                    if isDescription {
                        if decoder.invalidByte(in: cell) != nil {
                            problem = invalid(cell, column: index)
                            break
                        }
                        let description = DescriptionText(utf8: decoder.utf8(cell, lineFeedsOnly: true))
                        value = description.text
                        descriptionHTML = descriptionHTML ?? description.html
                    } else {
                        guard let clean = decoder.validCleanString(cell) else {
                            problem = invalid(cell, column: index)
                            break
                        }
                        value = clean
                    }
                    if !value.isEmpty { values.append(field, value) }
                }
                var record = RawRecord(source: source.name, location: location, values: values.take(), descriptionHTML: descriptionHTML)
                if let reason = problem ?? missingRequired(record.values) {
                    try reject(location, reason, offset: offset)
                } else {
                    summary.records += 1
                    try onRecord(record)
                }
                values.recycle(&record.values)
            }
        }
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

/// Turns cells into Strings in the file's encoding, only for the cells a mapping needs.
struct CellDecoder {
    let bytes: UnsafeRawBufferPointer
    let encoding: TextEncoding

    /// For UTF-8 files: the offset of the first invalid byte in the cell.
    func invalidByte(in cell: CSVCell) -> Int? {
        guard encoding == .utf8 else { return nil }
        return UTF8Check.firstInvalidByte(in: UnsafeRawBufferPointer(rebasing: bytes[cell.start..<cell.end])).map { $0 + cell.start }
    }

    /// The cell as a one-line value (white space collapsed, ends trimmed), or nil when it is not valid UTF-8.
    func validCleanString(_ cell: CSVCell) -> String? {
        if encoding == .utf8 {
            if !cell.escapedQuotes { return TextBytes.validCleanString(UnsafeRawBufferPointer(rebasing: bytes[cell.start..<cell.end])) }
            if invalidByte(in: cell) != nil { return nil }
        }
        return string(cell).collapsingWhitespace()
    }

    func string(_ cell: CSVCell) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[cell.start..<cell.end])
        if encoding == .utf8 && !cell.escapedQuotes { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: utf8(cell), as: UTF8.self)
    }

    /// The cell's text as UTF-8 bytes, quotes unescaped; with `lineFeedsOnly`, CRLF and CR become LF.
    func utf8(_ cell: CSVCell, lineFeedsOnly: Bool = false) -> [UInt8] {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[cell.start..<cell.end])
        var utf8: [UInt8] = []
        if encoding == .utf8 {
            // One pass over the file's bytes: the common UTF-8 case makes no intermediate copies.
            utf8.reserveCapacity(raw.count)
            Self.appendCleaned(raw, unescapingQuotes: cell.escapedQuotes, lineFeedsOnly: lineFeedsOnly, to: &utf8)
            return utf8
        }
        var transcoder = UTF8Transcoder(encoding)
        transcoder.transcode(raw, into: &utf8, final: true)
        guard cell.escapedQuotes || (lineFeedsOnly && utf8.contains(0x0D)) else { return utf8 }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        utf8.withUnsafeBytes { Self.appendCleaned($0, unescapingQuotes: cell.escapedQuotes, lineFeedsOnly: lineFeedsOnly, to: &out) }
        return out
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
