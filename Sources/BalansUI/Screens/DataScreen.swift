import BalansModel
import BalansText

/// The Data screen: categories (rows) × segments (columns) with the consent rate per cell; cells
/// the segment's current level touches are bold, underlined and starred, excluded ones marked `x`.
/// The columns scroll horizontally to keep the selected segment in view.
func drawDataScreen(_ ctx: inout RenderContext, _ rect: Rect) {
    guard rect.height > 0, rect.width > 0 else { return }
    let state = ctx.state
    let theme = ctx.theme
    let model = state.model
    let scenario = state.scenario
    let ell = theme.ellipsis
    let cellWidth = 7
    let maxLabel = scenario.categories.map { DisplayWidth.of(ctx.name($0.name)) }.max() ?? 8
    let labelWidth = max(8, min(maxLabel, 34, rect.width / 3))
    let columnsRoom = max(0, (rect.width - 1 - labelWidth - 1) / cellWidth)
    let count = state.visibleCount
    let shownColumns = min(count, columnsRoom)
    let selectedColumn = state.row(of: state.selected) ?? 0
    let firstColumn = selectedColumn < shownColumns ? 0 : min(selectedColumn - shownColumns + 1, max(0, count - shownColumns))
    let x0 = rect.x + 1 + labelWidth + 1

    // Two header rows: segment ids, then their levels; a legend at the bottom.
    var y = rect.y
    ctx.canvas.put(theme.chrome(state.t(.dataCorner)), x: rect.x + 1, y: y, style: .bold, maxWidth: labelWidth, ellipsis: ell)
    if firstColumn > 0 { ctx.canvas.put("<", x: x0 - 1, y: y, style: .bold, maxWidth: 1) }
    if firstColumn + shownColumns < count {
        ctx.canvas.put(">", x: x0 + shownColumns * cellWidth, y: y, style: .bold, maxWidth: 1)
    }
    for i in 0..<shownColumns {
        let s = state.visibleSegment(at: firstColumn + i)
        let x = x0 + i * cellWidth
        let selected = s == state.selected
        let style = selected ? theme.style(Style(foreground: .cyan, bold: true, reverse: true)) : Style(bold: true)
        ctx.canvas.put(leftPad(pad(ctx.name(scenario.segments[s].id), cellWidth - 1, ellipsis: ell).trimmingTrailingSpaces, cellWidth - 1),
                       x: x, y: y, style: style, maxWidth: cellWidth - 1)
        if rect.height > 1 {
            ctx.canvas.put(leftPad("L\(state.evaluation.rows[s].level)", cellWidth - 1), x: x, y: y + 1,
                           style: selected ? Style(bold: true) : .dim, maxWidth: cellWidth - 1)
        }
        ctx.hit(Rect(x: x, y: rect.y, width: cellWidth - 1, height: min(2, rect.height)), .selectSegment(s))
    }
    y += 2
    let legendY = rect.maxY - 1
    let rowsRoom = max(0, legendY - y)
    let categories = scenario.categories.indices
    let shownRows = min(categories.count, rowsRoom)
    let cut = shownRows < categories.count
    for c in 0..<shownRows {
        let rowY = y + c
        if cut && c == shownRows - 1 {
            ctx.canvas.put(theme.chrome(state.t(.dataMore, String(categories.count - c), ell)), x: rect.x + 1, y: rowY, style: .dim,
                           maxWidth: rect.width - 1, ellipsis: ell)
            break
        }
        ctx.canvas.put(pad(ctx.name(scenario.categories[c].name), labelWidth, ellipsis: ell), x: rect.x + 1, y: rowY,
                       maxWidth: labelWidth)
        for i in 0..<shownColumns {
            let s = state.visibleSegment(at: firstColumn + i)
            let row = state.evaluation.rows[s]
            let excluded = state.evaluation.setting.excluded[s].contains(c)
            let touched = row.touches.contains(c)
            let rate = state.percentText(model.consentRate(segment: s, category: c))
            let mark = touched ? "*" : (excluded ? "x" : " ")
            var style = Style.plain
            if touched { style = theme.style(Style(foreground: theme.band(row.band).foreground, bold: true, underline: true)) }
            if excluded { style = Style(dim: true) }
            if !touched && !excluded { style = .dim }
            ctx.canvas.put(leftPad(rate, cellWidth - 2) + mark, x: x0 + i * cellWidth, y: rowY, style: style,
                           maxWidth: cellWidth - 1)
        }
    }
    if legendY > y - 1, legendY >= rect.y + 2 {
        let legend = theme.chrome(state.t(.dataLegend))
        ctx.canvas.put(legend, x: rect.x + 1, y: legendY, style: .dim, maxWidth: rect.width - 1, ellipsis: ell)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
