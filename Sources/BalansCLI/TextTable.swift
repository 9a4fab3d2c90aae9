import BalansModel
import BalansText

/// A plain-text table with columns aligned by display width (wide characters count as two cells).
/// Small tables collect rows and `render()`; large ones are measured in one pass over the data and
/// written line by line in a second, so that they never sit in memory whole.
struct TextTable {
    struct Column {
        var title: String
        var right: Bool

        init(_ title: String, right: Bool = false) {
            self.title = title
            self.right = right
        }
    }

    var columns: [Column]
    private(set) var widths: [Int]
    var rows: [[String]] = []

    init(columns: [Column]) {
        self.columns = columns
        widths = columns.map { DisplayWidth.of($0.title) }
    }

    /// Widens the columns to fit `cells`.
    mutating func measure(_ cells: [String]) {
        for (i, cell) in cells.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
    }

    mutating func add(_ row: [String]) {
        measure(row)
        rows.append(row)
    }

    var header: String { line(columns.map(\.title)) }

    /// One row, padded to the measured widths, without trailing spaces.
    func line(_ cells: [String]) -> String {
        var out = ""
        for (i, cell) in cells.enumerated() {
            if i > 0 { out += "  " }
            let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
            if columns[i].right { out += pad + cell } else { out += cell + (i == cells.count - 1 ? "" : pad) }
        }
        while out.utf8.last == 0x20 { out.removeLast() }
        return out
    }

    func render() -> [String] {
        [header] + rows.map(line)
    }
}
