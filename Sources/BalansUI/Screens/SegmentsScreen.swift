import BalansModel
import BalansText

/// The Segments screen: the segment table and the detail pane of the selected segment.
func drawSegmentsScreen(_ ctx: inout RenderContext) {
    let state = ctx.state
    let (table, detail) = Layout.segments(width: state.width, height: state.height, segmentCount: state.visibleCount)
    drawSegmentTable(&ctx, table)
    drawDetailPane(&ctx, detail, sideBySide: detail.x > 0)
}

/// Where the table's columns go at a given width: optional columns are added in order of
/// importance while the name keeps at least `minName` columns.
struct TableColumns {
    var nameX = 2, nameWidth = 0
    var sizeX: Int? = nil
    var levelX = 0, dots = 0
    var levelNumber = false
    var levelNameWidth = 0
    var barWidth = 0
    var barX = 0
    var scoreX = 0
    var bandWidth = 0
    var reachX: Int? = nil
    var upliftX: Int? = nil
    /// The column the uplift figures and their header end in.
    var upliftRight = 0
    var flagsX: Int? = nil

    static let flagsWidth = 8

    /// `upliftUnit` is the width of the unit after an uplift ("%" before, now " pp" or " p.e."), which the
    /// column makes room for.
    init(width w: Int, levels: Int, maxName: Int, maxLevelName: Int, upliftUnit: Int = 1) {
        let upliftWidth = 6 + upliftUnit  // a space, "100.0", the unit
        let minName = min(14, max(4, maxName))
        dots = levels
        var size = false, bar = 0, band = 0, reach = false, uplift = false, flags = false
        var used = 2 + (levels + 1) + 6  // marker, dots, score
        func fits(_ extra: Int) -> Bool { w - used - extra >= minName }
        func add(_ extra: Int, _ apply: () -> Void) { if fits(extra) { used += extra; apply() } }
        add(5) { band = 4 }
        add(1 + Self.flagsWidth) { flags = true }
        add(6) { reach = true }
        add(upliftWidth) { uplift = true }
        add(6) { size = true }
        add(5) { band = 9 }
        add(7) { bar = 6 }
        add(3) { levelNumber = true }
        if bar > 0 { add(4) { bar = 10 } }
        let lname = min(maxLevelName, 12)
        if levelNumber && lname > 0 { add(1 + lname) { levelNameWidth = lname } }
        nameWidth = max(0, min(w - used, max(minName, min(maxName, 30))))
        if nameWidth > w - used { nameWidth = max(0, w - used) }
        // Positions, left to right.
        var x = 2 + nameWidth
        if size { sizeX = x + 1; x += 6 }
        levelX = x + 1; x += 1 + levels
        if levelNumber { x += 3 }
        if levelNameWidth > 0 { x += 1 + levelNameWidth }
        barWidth = bar
        if bar > 0 { barX = x + 1; x += 1 + bar }
        scoreX = x + 1; x += 6
        bandWidth = band
        if band > 0 { x += 1 + band }
        if reach { reachX = x + 1; x += 6 }
        if uplift { upliftX = x + 1; upliftRight = x + upliftWidth; x += upliftWidth }
        if flags { flagsX = x + 1; x += 1 + Self.flagsWidth }
    }
}

func drawSegmentTable(_ ctx: inout RenderContext, _ rect: Rect) {
    guard !rect.isEmpty else { return }
    let state = ctx.state
    let theme = ctx.theme
    let scenario = state.scenario
    let ell = theme.ellipsis
    let visibleRows = max(0, rect.height - 1)
    let first = max(0, min(state.scroll, state.visibleCount))
    let last = min(state.visibleCount, first + visibleRows)
    // Widest name among the rows on screen (not all segments: 10 000 of them would cost a frame).
    var maxName = 7
    for row in first..<last { maxName = max(maxName, DisplayWidth.of(ctx.segmentName(state.visibleSegment(at: row)))) }
    let maxLevelName = scenario.levels.map { DisplayWidth.of(ctx.name($0.name)) }.max() ?? 0
    let cols = TableColumns(width: rect.width, levels: state.model.levelCount, maxName: maxName, maxLevelName: maxLevelName,
                            upliftUnit: state.pointsSign.count)
    func X(_ x: Int) -> Int { rect.x + x }
    let focused = state.focus == .table

    // Column header.
    let hy = rect.y
    let headStyle = focused ? theme.style(Style(foreground: .cyan, bold: true, reverse: true)) : Style(bold: true, underline: true)
    ctx.canvas.fill(Rect(x: rect.x, y: hy, width: rect.width, height: 1), style: headStyle)
    let segTitle = state.filter.isEmpty ? state.t(.colSegment) : state.t(.colSegment) + " /\(ctx.name(state.filter))"
    ctx.canvas.put(segTitle, x: X(cols.nameX), y: hy, style: headStyle, maxWidth: cols.nameWidth, ellipsis: ell)
    if let sx = cols.sizeX { ctx.canvas.putRight(state.t(.colSize), right: X(sx + 5), y: hy, style: headStyle) }
    ctx.canvas.put(theme.chrome(state.t(.colLevel)), x: X(cols.levelX), y: hy, style: headStyle,
                   maxWidth: cols.scoreX - cols.levelX - (cols.barWidth > 0 ? cols.barWidth + 1 : 0))
    ctx.canvas.putRight(theme.chrome(state.t(.colScore)), right: X(cols.scoreX + 5), y: hy, style: headStyle)
    if let rx = cols.reachX { ctx.canvas.putRight(theme.chrome(state.t(.colReach)), right: X(rx + 5), y: hy, style: headStyle) }
    if cols.upliftX != nil { ctx.canvas.putRight(state.t(.colUplift), right: X(cols.upliftRight), y: hy, style: headStyle) }
    if let fx = cols.flagsX { ctx.canvas.put(state.t(.colFlags), x: X(fx), y: hy, style: headStyle, maxWidth: TableColumns.flagsWidth) }

    guard state.visibleCount > 0 else {
        let message = theme.chrome(state.filter.isEmpty ? state.t(.noSegments) : state.t(.noMatch))
        ctx.canvas.put(message, x: X(2), y: hy + 1, style: .dim, maxWidth: rect.width - 2, ellipsis: ell)
        return
    }
    for (i, r) in (first..<last).enumerated() {
        let s = state.visibleSegment(at: r)
        let y = rect.y + 1 + i
        let seg = scenario.segments[s]
        let row = state.evaluation.rows[s]
        let selected = s == state.selected
        if selected { ctx.canvas.put(">", x: X(0), y: y, style: .bold, maxWidth: 1) }
        ctx.canvas.put(ctx.segmentName(s), x: X(cols.nameX), y: y, maxWidth: cols.nameWidth, ellipsis: ell)
        if let sx = cols.sizeX { ctx.canvas.putRight(ctx.state.compact(seg.size), right: X(sx + 5), y: y) }
        // Level control: one dot per rung, filled up to the chosen level.
        for k in 0..<cols.dots {
            let on = k <= row.level
            ctx.canvas.put(on ? theme.dotOn : theme.dotOff, x: X(cols.levelX + k), y: y,
                           style: on ? theme.fg(.cyan, bold: true) : .dim, maxWidth: 1)
        }
        var lx = cols.levelX + cols.dots
        if cols.levelNumber {
            ctx.canvas.putRight(String(row.level), right: X(lx + 3), y: y, style: .bold)
            lx += 3
        }
        if cols.levelNameWidth > 0 {
            ctx.canvas.put(ctx.name(scenario.levels[row.level].name), x: X(lx + 1), y: y,
                           maxWidth: cols.levelNameWidth, ellipsis: ell)
        }
        let bandStyle = theme.band(row.band)
        if cols.barWidth > 0 {
            let (on, off) = theme.bar(row.score / 100, width: cols.barWidth)
            ctx.canvas.put([Span(on, bandStyle), Span(off, .dim)], x: X(cols.barX), y: y, maxWidth: cols.barWidth, ellipsis: "")
        }
        ctx.canvas.putRight(state.fixed(row.score, 1), right: X(cols.scoreX + 5), y: y, style: Style(bold: true))
        if cols.bandWidth > 0 {
            let long = theme.chrome(state.bandWord(row.band))
            let word = DisplayWidth.of(long) <= cols.bandWidth ? long : theme.chrome(state.bandShort(row.band))
            ctx.canvas.put(word, x: X(cols.scoreX + 6), y: y, style: bandStyle, maxWidth: cols.bandWidth)
        }
        if let rx = cols.reachX { ctx.canvas.putRight(state.percentText(row.reach), right: X(rx + 5), y: y) }
        if cols.upliftX != nil { ctx.canvas.putRight(state.fixed(row.effectiveUplift, 1) + state.pointsSign, right: X(cols.upliftRight), y: y) }
        if let fx = cols.flagsX { drawFlags(&ctx, row: row, segment: seg, x: X(fx), y: y) }
        let rowRect = Rect(x: rect.x, y: y, width: rect.width, height: 1)
        if selected {
            if focused {
                ctx.canvas.restyle(rowRect) { $0.reverse = true }
            } else {
                ctx.canvas.restyle(rowRect) { $0.bold = true }
            }
        }
        ctx.hit(rowRect, .selectSegment(s))
        for k in 0..<cols.dots {
            ctx.hit(Rect(x: X(cols.levelX + k), y: y, width: 1, height: 1), .setSegmentLevel(segment: s, level: k))
        }
    }
}

/// "MVP§9 !2": minors, vulnerable, profiling, Art. 9 data, and the number of breaches.
func drawFlags(_ ctx: inout RenderContext, row: SegmentScore, segment: Segment, x: Int, y: Int) {
    let theme = ctx.theme
    ctx.canvas.put(segment.minors ? "M" : " ", x: x, y: y, style: theme.fg(.yellow, bold: true), maxWidth: 1)
    ctx.canvas.put(segment.vulnerable ? "V" : " ", x: x + 1, y: y, style: theme.fg(.yellow, bold: true), maxWidth: 1)
    ctx.canvas.put(row.figures.profiling ? "P" : " ", x: x + 2, y: y, style: theme.fg(.blue, bold: true), maxWidth: 1)
    if row.figures.touchesSpecial {
        ctx.canvas.put(theme.art9, x: x + 3, y: y, style: theme.fg(.red, bold: true), maxWidth: 2)
    }
    let n = row.violations.count
    if n > 0, let worst = row.violations.map(\.severity).max() {
        ctx.canvas.put("!" + (n > 9 ? "+" : String(n)), x: x + 6, y: y, style: theme.severity(worst), maxWidth: 2)
    }
}
