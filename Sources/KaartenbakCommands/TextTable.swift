/// Rows of text in columns as wide as their widest cell, for the tables commands print (`status`, `sources list`,
/// `changes --format table`): fixed widths were misaligned as soon as a value outgrew them (a run's start time was
/// 24 characters in a 21-wide column). The last column is not padded.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns whose cells are aligned right (numbers).
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// Each column's width: its widest cell, header included.
    var widths: [Int] {
        header.indices.map { column in ([header] + rows).map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    }

    /// The header line, then one line per row.
    var lines: [String] {
        let widths = self.widths
        return ([header] + rows).map { line($0, widths: widths) }
    }

    func line(_ cells: [String], widths: [Int]) -> String {
        var line = cells.enumerated().map { column, cell in
            guard column < cells.count - 1 || rightAligned.contains(column) else { return cell }
            let pad = String(repeating: " ", count: max((column < widths.count ? widths[column] : 0) - cell.count, 0))
            return rightAligned.contains(column) ? pad + cell : cell + pad
        }.joined(separator: "  ")
        // An empty last cell leaves no spaces at the end of the line.
        while line.last == " " { line.removeLast() }
        return line
    }
}
