import Foundation
import KaartenbakCore

/// A whole CSV file as rows of strings, read by the feed reader's own scanner (RFC 4180: quoted cells holding
/// delimiters, doubled quotes and line breaks): for the reference files Kaartenbak imports (ESCO's occupations),
/// which are small enough to hold and need no mapping, rejects or threads.
public enum CSVTable {
    /// The rows of the UTF-8 CSV `file` (a byte order mark is skipped); `what` names it in errors ("the ESCO file").
    public static func rows(file: String, describedAs what: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw KaartenbakError(.io, "cannot read \(what)", at: Location(file: file), cause: error)
        }
        return try rows(data, file: file, delimiter: delimiter)
    }

    /// The rows of CSV text; `file` names it in errors.
    public static func rows(text: String, file: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        try rows(Data(text.utf8), file: file, delimiter: delimiter)
    }

    /// A quoted cell longer than this is taken for a quote that never closed.
    static let maxQuotedCellBytes = 1 << 20

    static func rows(_ data: Data, file: String, delimiter: UInt8) throws -> [[String]] {
        try data.withUnsafeBytes { bytes -> [[String]] in
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var scanner = CSVScanner(bytes: bytes, delimiter: delimiter, start: start, line: 1, maxQuotedCellBytes: maxQuotedCellBytes)
            let decoder = CellDecoder(bytes: bytes, encoding: .utf8)
            var cells: [CSVCell] = []
            var rows: [[String]] = []
            while true {
                switch scanner.next(into: &cells) {
                case .end:
                    return rows
                case .row:
                    rows.append(cells.map(decoder.string))
                case .unbalanced(let line, _, let cellLine, _):
                    throw KaartenbakError(.parse, "a quoted cell that starts on line \(cellLine) does not close",
                                          at: Location(file: file, line: line))
                }
            }
        }
    }
}
