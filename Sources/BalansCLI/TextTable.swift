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

/// A table with a row per segment or violation, laid out exactly as `TextTable` lays it out (a test
/// compares the two), without a `String` per cell and line: each cell is written once, as bytes,
/// into one buffer with its width in terminal cells, and `write` pads the rows to the measured
/// widths. A 100 000-row table costs its bytes plus 12 bytes a cell (decision 0028).
final class ByteTable {
    let columns: [TextTable.Column]
    private(set) var widths: [Int]
    /// The cells' bytes, one after another; `cell` and `endCell` add to it.
    let cells = ByteWriter(capacity: 1 << 16)
    private var ends: [Int] = []
    private var cellWidths: [Int32] = []

    init(columns: [TextTable.Column]) {
        self.columns = columns
        widths = columns.map { DisplayWidth.of($0.title) }
    }

    var rowCount: Int { ends.count / columns.count }

    /// Ends the cell whose bytes were written into `cells` since the last one, `width` cells wide.
    func endCell(width: Int) {
        let column = ends.count % columns.count
        ends.append(cells.count)
        cellWidths.append(Int32(clamping: width))
        if width > widths[column] { widths[column] = width }
    }

    /// A cell of text made safe for a terminal by the caller.
    func cell(_ text: String) {
        cells.string(text)
        endCell(width: DisplayWidth.of(text))
    }

    /// A cell of bytes already measured.
    func cell(_ bytes: [UInt8], width: Int) {
        bytes.withUnsafeBytes { cells.write($0) }
        endCell(width: width)
    }

    /// A user's string (a segment's name or id): printable ASCII as it is, anything else through
    /// `SafeText.escape`, as `TextTable` rows get it.
    func cell(safe text: String) {
        var text = text
        let plain = text.withUTF8 { b -> Bool in
            guard b.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
            cells.write(UnsafeRawBufferPointer(b))
            endCell(width: b.count)
            return true
        }
        if !plain { cell(SafeText.escape(text)) }
    }

    /// Adds `other`'s rows (a table of the same columns) after these; the widths are the wider.
    func append(_ other: ByteTable) {
        precondition(other.columns.count == columns.count, "ByteTable.append: other columns")
        let shift = cells.count
        cells.write(other.cells.bytes)
        ends.reserveCapacity(ends.count + other.ends.count)
        for e in other.ends { ends.append(e + shift) }
        cellWidths.append(contentsOf: other.cellWidths)
        for i in widths.indices { widths[i] = max(widths[i], other.widths[i]) }
    }

    /// The header and every row, each line as `TextTable.line` makes it, a row at a time.
    func write(to sink: OutputSink) {
        sink.bytes { writeHeader(to: $0) }
        for r in 0..<rowCount { sink.bytes { writeRow(r, to: $0) } }
    }

    /// The whole table into `out`.
    func write(to out: ByteWriter) {
        writeHeader(to: out)
        for r in 0..<rowCount { writeRow(r, to: out) }
    }

    func writeHeader(to out: ByteWriter) {
        let start = out.count
        for (i, column) in columns.enumerated() {
            pad(i, width: DisplayWidth.of(column.title), to: out) { out.string(column.title) }
        }
        endLine(from: start, to: out)
    }

    func writeRow(_ r: Int, to out: ByteWriter) {
        let n = columns.count
        let start = out.count
        var from = r == 0 ? 0 : ends[r * n - 1]
        for i in 0..<n {
            let k = r * n + i
            let end = ends[k]
            let slice = UnsafeRawBufferPointer(start: cells.base + from, count: end - from)
            pad(i, width: Int(cellWidths[k]), to: out) { out.write(slice) }
            from = end
        }
        endLine(from: start, to: out)
    }

    @inline(__always)
    private func pad(_ i: Int, width: Int, to out: ByteWriter, _ body: () -> Void) {
        if i > 0 { out.write("  ") }
        let pad = widths[i] - width
        if columns[i].right {
            out.spaces(pad)
            body()
        } else {
            body()
            if i != columns.count - 1 { out.spaces(pad) }
        }
    }

    /// Trims the line's trailing spaces, as `TextTable.line` does, and ends it.
    private func endLine(from start: Int, to out: ByteWriter) {
        var end = out.count
        while end > start && out.base[end - 1] == 0x20 { end -= 1 }
        out.truncate(to: end)
        out.byte(0x0A)
    }
}
