import BalansModel
import BalansText

/// The Trade-off screen (SPEC §4): the efficient frontier as a chart — braille dots (2×4 per cell)
/// with Unicode, `*` without — over aggregate intrusiveness 0–100 with the band cut points marked,
/// the current setting as a distinct symbol (◆ or @, not only a colour), and beside it (below it
/// when narrow) the figures a facilitator talks through: where the setting is, its gap to the
/// frontier, and what the next move along the frontier buys and costs.
func drawTradeoffScreen(_ ctx: inout RenderContext, _ rect: Rect) {
    guard rect.width > 2, rect.height > 0 else { return }
    let lines = tradeoffLines(ctx, roomy: rect.height >= 24)
    let chart: Rect
    let info: Rect
    if rect.width >= 70 {
        let infoWidth = rect.width >= 110 ? 44 : 30
        let split = rect.splitLeft(rect.width - infoWidth - 1)
        chart = split.0
        info = Rect(x: split.1.x + 1, y: rect.y, width: infoWidth, height: rect.height)
        for y in rect.y..<rect.maxY { ctx.canvas.put(ctx.theme.vertical, x: split.1.x, y: y, style: .dim, maxWidth: 1) }
    } else {
        let infoRows = min(rect.height / 2, 7)
        let split = rect.splitBottom(infoRows)
        chart = split.0
        info = Rect(x: rect.x + 1, y: split.1.y, width: rect.width - 2, height: split.1.height)
    }
    drawFrontierChart(&ctx, chart)
    drawInfo(&ctx, lines, in: info)
}

/// Lines of the info panel, wrapped to `width` when drawn.
struct InfoLine {
    var spans: [Span]
    /// Wrap continuation lines under this indent.
    var indent = 2
}

func drawInfo(_ ctx: inout RenderContext, _ lines: [InfoLine], in rect: Rect) {
    guard rect.width > 0, rect.height > 0 else { return }
    var y = rect.y
    for line in lines where y < rect.maxY {
        // A single-span line wraps; a multi-span line is cut.
        if line.spans.count == 1, DisplayWidth.of(line.spans[0].text) > rect.width {
            let text = line.spans[0].text
            let lead = String(text.prefix(while: { $0 == " " }))
            let wrapped = wrap(text, width: rect.width - DisplayWidth.of(lead))
            for (i, part) in wrapped.enumerated() where y < rect.maxY {
                let pre = i == 0 ? lead : repeated(" ", max(DisplayWidth.of(lead), line.indent))
                ctx.canvas.put(pre + part, x: rect.x, y: y, style: line.spans[0].style, maxWidth: rect.width, ellipsis: ctx.theme.ellipsis)
                y += 1
            }
        } else {
            ctx.canvas.put(line.spans, x: rect.x, y: y, maxWidth: rect.width, ellipsis: ctx.theme.ellipsis)
            y += 1
        }
    }
}

/// The figures beside the chart.
func tradeoffLines(_ ctx: RenderContext, roomy: Bool) -> [InfoLine] {
    let state = ctx.state
    let theme = ctx.theme
    let frontier = state.frontier
    let a = state.evaluation.aggregate
    var out: [InfoLine] = []
    func head(_ text: String) -> InfoLine { InfoLine(spans: [Span(text, Style(bold: true, underline: true))]) }
    func plain(_ text: String, _ style: Style = .plain) -> InfoLine { InfoLine(spans: [Span(theme.chrome(text), style)]) }
    out.append(InfoLine(spans: [Span(theme.unicode ? "◆ " : "@ ", theme.fg(.cyan, bold: true)),
                                Span(theme.chrome(state.t(.tradeThisSetting)), Style(bold: true, underline: true))]))
    out.append(InfoLine(spans: [Span(theme.chrome(state.t(.tradeIntrusiveness))), Span(state.fixed(a.intrusiveness, 1), .bold), Span(" "),
                                Span(theme.chrome(state.bandWord(a.band)), theme.band(a.band))]))
    out.append(InfoLine(spans: [Span(theme.chrome(state.t(.tradeValue))), Span(state.whole(Int(a.value.rounded())), .bold), Span(state.t(.tradeConversions))]))
    guard let first = frontier.points.first, let last = frontier.points.last else {
        out.append(head(theme.chrome(state.t(.tradeNoFrontier))))
        out.append(plain(state.t(.tradeChange, blockedText(state, frontier.blocked)), theme.fg(.red)))
        return out
    }
    let gap = frontier.gap(intrusiveness: a.intrusiveness, value: a.value)
    let g = gapText(state)
    if g.onFrontier || g.long == state.t(.gapBeyond) {
        out.append(InfoLine(spans: [Span("  "), Span(g.long, g.onFrontier ? theme.fg(.green) : theme.fg(.yellow))]))
    } else {
        let minus = theme.unicode ? "\u{2212}" : "-"
        out.append(plain(state.t(.tradeGapValue, minus + state.whole(Int(gap.valueLost.rounded()))), theme.fg(.yellow)))
        out.append(plain(state.t(.tradeGapIntrusiveness, minus + state.fixed(gap.intrusivenessSaved, 1)), theme.fg(.yellow)))
    }
    let point = currentFrontierPoint(state)
    out.append(InfoLine(spans: [Span("")]))
    out.append(head(theme.chrome(state.t(.tradeFrontier))))
    let position = point.map { state.t(.tradeAtPoint, String($0), String(frontier.points.count - 1)) }
        ?? state.t(.tradeMoves, String(frontier.points.count - 1))
    out.append(plain(position))
    if roomy {
    out.append(plain(state.t(.tradeStart, state.fixed(first.intrusiveness, 1), state.whole(Int(first.value.rounded()))), .dim))
    out.append(plain(state.t(.tradeEnd, state.fixed(last.intrusiveness, 1), state.whole(Int(last.value.rounded()))), .dim))
    }
    out.append(InfoLine(spans: [Span("")]))
    out.append(head(theme.chrome(state.t(.tradeNextMove))))
    if let i = point {
        if i < frontier.steps.count {
            let step = frontier.steps[i]
            out.append(plain("  " + stepText(state, step, arrow: theme.arrow)))
            out.append(plain("  " + stepGain(state, step), .bold))
        } else {
            out.append(plain(state.t(.tradeNoneEnd), .dim))
        }
    } else if let j = frontierTarget(state, forward: true) {
        let p = frontier.points[j]
        out.append(plain(state.t(.tradeToPoint, String(j), state.fixed(p.intrusiveness, 1), state.whole(Int(p.value.rounded())))))
        out.append(plain(state.t(.tradeToPointChange, state.signedFixed(p.intrusiveness - a.intrusiveness, 1),
                                        state.signedWhole(Int((p.value - a.value).rounded()))), .bold))
    } else {
        out.append(plain(state.t(.tradeNoneBeyond), .dim))
    }
    return out
}

/// Draws the chart: the value axis's words above it, y labels on the left, the plot, the x axis
/// with its ticks, its words and the band boundaries that fall inside it, then a legend and the
/// gap in words. Both axes are fitted to the data (`ChartScale`, the same scale as
/// `frontier --svg` and the report's chart).
func drawFrontierChart(_ ctx: inout RenderContext, _ rect: Rect) {
    let theme = ctx.theme
    let state = ctx.state
    let labelWidth = 7
    // Rows: [axis words], plot, axis line, tick labels, [axis words, band names, legend].
    let tall = rect.height >= 12
    let footRows = tall ? 5 : (rect.height >= 6 ? 2 : 0)
    let headRows = tall ? 1 : 0
    let plot = Rect(x: rect.x + labelWidth, y: rect.y + headRows, width: rect.width - labelWidth - 1,
                    height: rect.height - footRows - headRows)
    guard plot.width >= 4, plot.height >= 2 else {
        ctx.canvas.put(theme.chrome(ctx.state.t(.tradeEnlarge)), x: rect.x + 1, y: rect.y, style: .dim,
                       maxWidth: rect.width - 1, ellipsis: theme.ellipsis)
        return
    }
    let frontier = state.frontier
    let a = state.evaluation.aggregate
    var marks = [(intrusiveness: a.intrusiveness, value: a.value)]
    if let c = state.comparison, c.sameScenario {
        marks.append((c.evaluation.aggregate.intrusiveness, c.evaluation.aggregate.value))
    }
    let scale = ChartScale.fitting(frontier, marks: marks)
    let top = scale.valueMax, right = scale.intrusivenessMax
    // Dots: 2×4 per cell with braille, 1×1 in ASCII.
    let dx = theme.unicode ? 2 : 1, dy = theme.unicode ? 4 : 1
    let cols = plot.width * dx, rows = plot.height * dy
    func dotX(_ x: Double) -> Int { max(0, min(cols - 1, Int((x / right * Double(cols - 1)).rounded()))) }
    func dotY(_ v: Double) -> Int {
        let f = top > 0 ? max(0, min(1, v / top)) : 0
        return rows - 1 - Int((f * Double(rows - 1)).rounded())
    }
    var bits = Array(repeating: UInt8(0), count: plot.width * plot.height)
    var ascii = Array(repeating: false, count: plot.width * plot.height)
    func setDot(_ x: Int, _ y: Int) {
        guard x >= 0, x < cols, y >= 0, y < rows else { return }
        let cell = (y / dy) * plot.width + x / dx
        if theme.unicode {
            let map: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
            bits[cell] |= map[x % 2][y % 4]
        } else {
            ascii[cell] = true
        }
    }
    // The frontier as a polyline; consecutive points on the same dot are skipped.
    var previous: (Int, Int)? = nil
    for p in frontier.points {
        let q = (dotX(p.intrusiveness), dotY(p.value))
        if let prev = previous {
            if prev != q { line(prev, q, setDot) }
        } else {
            setDot(q.0, q.1)
        }
        previous = q
    }
    // Band boundaries inside the axis: a dotted vertical line where no curve is.
    for cut in scale.bandCuts {
        let cx = plot.x + dotX(cut) / dx
        for y in plot.y..<plot.maxY {
            let cell = (y - plot.y) * plot.width + (cx - plot.x)
            if bits[cell] == 0 && !ascii[cell] { ctx.canvas.put(theme.unicode ? "┊" : ":", x: cx, y: y, style: .dim, maxWidth: 1) }
        }
    }
    let curveStyle = theme.fg(.green)
    for cy in 0..<plot.height {
        for cx in 0..<plot.width {
            let i = cy * plot.width + cx
            if theme.unicode, bits[i] != 0 {
                ctx.canvas.put(String(Character(Unicode.Scalar(0x2800 + UInt32(bits[i]))!)), x: plot.x + cx, y: plot.y + cy,
                               style: curveStyle, maxWidth: 1)
            } else if !theme.unicode, ascii[i] {
                ctx.canvas.put("*", x: plot.x + cx, y: plot.y + cy, style: curveStyle, maxWidth: 1)
            }
        }
    }
    // The compared preset (when its scenario is this one) and the current setting, on top.
    func mark(_ x: Double, _ v: Double, _ symbol: String, _ style: Style) {
        let cx = plot.x + dotX(x) / dx, cy = plot.y + dotY(v) / dy
        ctx.canvas.put(symbol, x: cx, y: cy, style: style, maxWidth: 1)
    }
    if let c = state.comparison, c.sameScenario {
        let ca = c.evaluation.aggregate
        mark(ca.intrusiveness, ca.value, theme.unicode ? "◇" : "o", theme.fg(.magenta, bold: true))
    }
    // The gap: a dotted line from the setting up to the frontier at its intrusiveness.
    if !frontier.isEmpty {
        let gx = plot.x + dotX(a.intrusiveness) / dx
        let from = plot.y + dotY(frontier.value(atIntrusiveness: a.intrusiveness)) / dy + 1
        let to = plot.y + dotY(a.value) / dy
        for y in max(plot.y, from)..<max(plot.y, from, to) where ctx.canvas[gx, y].grapheme == " " || ctx.canvas[gx, y].grapheme == (theme.unicode ? "┊" : ":") {
            ctx.canvas.put(theme.unicode ? "┆" : ":", x: gx, y: y, style: theme.fg(.yellow), maxWidth: 1)
        }
    }
    mark(a.intrusiveness, a.value, theme.unicode ? "◆" : "@", theme.style(Style(foreground: .cyan, bold: true, reverse: true)))
    // Y labels at the scale's ticks that land on rows of their own (the top and zero always).
    var yLabels: [(Double, Int)] = [(top, plot.y + dotY(top) / dy), (0, plot.y + dotY(0) / dy)]
    for v in scale.valueTicks where v != 0 && v != top {
        let y = plot.y + dotY(v) / dy
        if yLabels.allSatisfy({ abs($0.1 - y) >= 2 }) { yLabels.append((v, y)) }
    }
    for (v, y) in yLabels {
        ctx.canvas.put(leftPad(compactValue(v, ctx.state.numbers), labelWidth - 2) + " " + (theme.unicode ? "┤" : "+"), x: rect.x, y: y, style: .dim,
                       maxWidth: labelWidth)
    }
    for y in plot.y..<plot.maxY where !yLabels.contains(where: { $0.1 == y }) {
        ctx.canvas.put(theme.vertical, x: rect.x + labelWidth - 1, y: y, style: .dim, maxWidth: 1)
    }
    if tall {
        ctx.canvas.put(theme.chrome(state.t(.tradeAxisValue)), x: rect.x + 1, y: rect.y, style: .dim,
                       maxWidth: rect.width - 1, ellipsis: theme.ellipsis)
    }
    guard footRows >= 2 else { return }
    // X axis: a rule with ticks at the scale's round numbers; labels under them when they fit.
    let axisY = plot.maxY
    ctx.canvas.put((theme.unicode ? "└" : "+") + repeated(theme.horizontal, plot.width), x: rect.x + labelWidth - 1, y: axisY,
                   style: .dim, maxWidth: plot.width + 1)
    var labelEnd = Int.min
    for x in scale.intrusivenessTicks {
        let label = ctx.state.short(x)
        let cx = plot.x + dotX(x) / dx
        ctx.canvas.put(theme.unicode ? "┴" : "+", x: cx, y: axisY, style: .dim, maxWidth: 1)
        let lx = min(plot.maxX - DisplayWidth.of(label), max(plot.x, cx - DisplayWidth.of(label) / 2))
        guard lx > labelEnd else { continue }
        ctx.canvas.put(label, x: lx, y: axisY + 1, style: .dim, maxWidth: DisplayWidth.of(label))
        labelEnd = lx + DisplayWidth.of(label)
    }
    guard tall else {
        ctx.canvas.put(theme.chrome(state.t(.tradeAxis)), x: rect.x, y: axisY + 1, style: .dim, maxWidth: labelWidth - 1)
        return
    }
    // The x axis in words under it, and the gap in words at the right when both fit (the panel
    // beside the chart says it too): how far below the frontier the setting is.
    let xWords = theme.chrome(state.t(.tradeAxisIntrusiveness)) + " " + theme.arrow
    var gap = ""
    if !frontier.isEmpty {
        let lost = Int(frontier.gap(intrusiveness: a.intrusiveness, value: a.value).valueLost.rounded())
        gap = theme.chrome(lost <= 0 ? state.t(.tradeGapNone) : state.t(.tradeGapWords, state.whole(lost)))
    }
    if !gap.isEmpty, DisplayWidth.of(xWords) + 2 + DisplayWidth.of(gap) <= plot.width {
        ctx.canvas.put(xWords, x: plot.x, y: axisY + 2, style: .dim, maxWidth: plot.width)
        ctx.canvas.put(gap, x: plot.maxX - DisplayWidth.of(gap), y: axisY + 2, style: theme.fg(.yellow), maxWidth: DisplayWidth.of(gap))
    } else {
        ctx.canvas.put(xWords, x: plot.x + max(0, (plot.width - DisplayWidth.of(xWords)) / 2), y: axisY + 2, style: .dim,
                       maxWidth: plot.width, ellipsis: theme.ellipsis)
    }
    // Band names centred between the boundaries that fall inside the axis (short forms when the
    // room is small; none when even those do not fit).
    let edges = [0.0] + scale.bandCuts + [right]
    for (i, band) in Band.allCases.enumerated() where i + 1 < edges.count {
        let x0 = plot.x + dotX(edges[i]) / dx, x1 = plot.x + dotX(edges[i + 1]) / dx
        let room = x1 - x0 - 1
        var name = theme.chrome(state.bandWord(band))
        if DisplayWidth.of(name) > room { name = theme.chrome(state.bandShort(band)) }
        guard DisplayWidth.of(name) <= room else { continue }
        ctx.canvas.put(name, x: x0 + 1 + (room - DisplayWidth.of(name)) / 2, y: axisY + 3, style: theme.band(band), maxWidth: room)
    }
    let legend = theme.unicode
        ? state.t(.tradeLegendUnicode) + (state.comparison?.sameScenario == true ? state.t(.tradeLegendCompared) : "")
        : theme.chrome(state.t(.tradeLegendASCII) + (state.comparison?.sameScenario == true ? state.t(.tradeLegendComparedASCII) : ""))
    ctx.canvas.put(legend, x: plot.x, y: axisY + 4, style: .dim, maxWidth: rect.maxX - plot.x, ellipsis: theme.ellipsis)
}

/// Bresenham's line between two dots.
func line(_ a: (Int, Int), _ b: (Int, Int), _ plot: (Int, Int) -> Void) {
    var (x0, y0) = a
    let (x1, y1) = b
    let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
    let ddx = abs(x1 - x0), ddy = -abs(y1 - y0)
    var err = ddx + ddy
    while true {
        plot(x0, y0)
        if x0 == x1 && y0 == y1 { break }
        let e2 = 2 * err
        if e2 >= ddy { err += ddy; x0 += sx }
        if e2 <= ddx { err += ddx; y0 += sy }
    }
}

/// A value label in at most 5 columns: "0", "950", "45k", "1.2M" ("1,2M" in Swedish).
func compactValue(_ v: Double, _ numbers: NumberStyle) -> String {
    guard v.isFinite, v >= 0 else { return "0" }
    if v < 1000 { return numbers.short(v < 10 ? (v * 10).rounded() / 10 : v.rounded()) }
    return numbers.compact(Int(v.rounded()))
}
