/// Where things go on the screen, shared by rendering and by `update` (which keeps the selected
/// row in view). Pure functions of the terminal size.
public enum Layout {
    /// Below this the dashboard shows only a message asking for a larger terminal.
    public static let minimumWidth = 40
    public static let minimumHeight = 10

    /// Rows of the header (title and figures, tab bar) and of the footer (status, hints or prompt).
    public static let headerRows = 3
    public static let footerRows = 2

    public static func isTooSmall(width: Int, height: Int) -> Bool {
        width < minimumWidth || height < minimumHeight
    }

    /// The body between header and footer.
    public static func body(width: Int, height: Int) -> Rect {
        Rect(x: 0, y: headerRows, width: width, height: height - headerRows - footerRows)
    }

    /// The Segments screen: the table and the detail pane. Side by side from 110 columns, else the
    /// table above the detail pane. Stacked, the table gets a bit under half the body (at least 4
    /// rows: header + 3 segments), and no more than its `segmentCount` rows need, so that the detail
    /// pane has the rest.
    public static func segments(width: Int, height: Int, segmentCount: Int? = nil) -> (table: Rect, detail: Rect) {
        let b = body(width: width, height: height)
        if width >= 110 {
            let (left, right) = b.splitLeft(width * 11 / 20)
            return (left, right)
        }
        var tableHeight = max(4, min(b.height - 3, b.height * 9 / 19))
        if let segmentCount { tableHeight = min(tableHeight, max(4, segmentCount + 1)) }
        let (top, bottom) = b.splitTop(tableHeight)
        return (top, bottom)
    }

    /// How many segment rows the table shows (its first row is the column header).
    public static func tableRows(width: Int, height: Int) -> Int {
        max(1, segments(width: width, height: height).table.height - 1)
    }
}
