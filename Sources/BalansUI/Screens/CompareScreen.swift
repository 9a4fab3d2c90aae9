import BalansModel
import BalansText

/// The Compare screen (SPEC §4): the current setting beside a preset loaded with `c` — the totals
/// with their differences, then (for the same scenario) segment by segment. A `*` in the first
/// column marks a segment whose level or exclusions differ, so the difference never rests on
/// colour alone. Without a preset it says how to load one.
func drawCompareScreen(_ ctx: inout RenderContext, _ rect: Rect) {
    guard rect.width > 2, rect.height > 0 else { return }
    let state = ctx.state
    let theme = ctx.theme
    let ell = theme.ellipsis
    let x = rect.x + 1
    let w = rect.width - 2
    guard let comparison = state.comparison else {
        let text = theme.chrome(state.t(.compareNone))
        for (i, l) in wrap(text, width: w).enumerated() where i < rect.height {
            ctx.canvas.put(l, x: x, y: rect.y + i, maxWidth: w)
        }
        return
    }
    var y = rect.y
    // Title: this setting vs the compared preset.
    ctx.canvas.put([Span(theme.chrome(state.t(.compareThisSetting)), .bold), Span(ctx.name(state.presetName), theme.fg(.cyan, bold: true)),
                    Span(state.t(.compareVs), .dim), Span(ctx.name(comparison.name), theme.fg(.magenta, bold: true)),
                    Span(" (" + ctx.name(comparison.path) + ")", .dim)],
                   x: x, y: y, maxWidth: w, ellipsis: ell)
    y += 1
    if !comparison.sameScenario, y < rect.maxY {
        ctx.canvas.put(state.t(.compareOtherScenario, ctx.name(comparison.evaluation.model.scenario.name)),
                       x: x, y: y, style: theme.fg(.yellow, bold: true), maxWidth: w, ellipsis: ell)
        y += 1
    }
    // Totals.
    let mine = state.evaluation.aggregate
    let theirs = comparison.evaluation.aggregate
    let myErrors = errorCount(state)
    let theirErrors = comparisonErrors(comparison)
    let col = 11
    let labels = 15
    let deltaCol = 17
    func row(_ label: String, _ a: String, _ b: String, _ delta: String, differs: Bool) {
        guard y < rect.maxY else { return }
        ctx.canvas.put([Span(differs ? "* " : "  ", .bold), Span(pad(label, labels - 2, ellipsis: ell)),
                        Span(leftPad(a, col), .bold), Span(leftPad(b, col)),
                        Span(leftPad(delta, deltaCol), differs ? theme.fg(.yellow, bold: true) : .dim)],
                       x: x, y: y, maxWidth: w, ellipsis: ell)
        y += 1
    }
    if y < rect.maxY {
        ctx.canvas.put(pad("", labels, ellipsis: ell) + leftPad(state.t(.compareThis), col) + leftPad(state.t(.compareCompared), col) + leftPad(state.t(.compareDifference), deltaCol),
                       x: x, y: y, style: .dim, maxWidth: w, ellipsis: ell)
        y += 1
    }
    let di = mine.intrusiveness - theirs.intrusiveness
    row(state.t(.compareIntrusiveness), state.fixed(mine.intrusiveness, 1), state.fixed(theirs.intrusiveness, 1), state.signedFixed(di, 1),
        differs: formatFixed(di, 1) != formatFixed(0, 1) && abs(di) >= 0.05)
    let myBand = theme.chrome(state.bandWord(mine.band)), theirBand = theme.chrome(state.bandWord(theirs.band))
    row(state.t(.compareBand), myBand, theirBand, mine.band == theirs.band ? state.t(.compareSame) : "\(theirBand) \(theme.arrow) \(myBand)",
        differs: mine.band != theirs.band)
    let du = mine.uplift - theirs.uplift
    row(state.t(.compareUplift), state.fixed(mine.uplift, 2) + state.pointsSign, state.fixed(theirs.uplift, 2) + state.pointsSign,
        state.signedFixed(du, 2) + state.pointsSign, differs: abs(du) >= 0.005)
    let dv = Int(mine.value.rounded()) - Int(theirs.value.rounded())
    row(state.t(.compareValue), state.whole(Int(mine.value.rounded())), state.whole(Int(theirs.value.rounded())), state.signedWhole(dv), differs: dv != 0)
    row(state.t(.compareErrors), String(myErrors), String(theirErrors), state.signedWhole(myErrors - theirErrors), differs: myErrors != theirErrors)
    guard comparison.sameScenario, y + 2 < rect.maxY else { return }
    y += 1
    // Segments: level, score, reach, value of each side, then the value difference.
    let scenario = state.scenario
    let numbers = 5 + 6 + 6 + 8  // level, score, reach, value
    let deltaWidth = 9
    let nameWidth = max(8, min(30, w - 2 - 2 * numbers - 3 - deltaWidth))
    let leftX = x + 2 + nameWidth + 1
    let rightX = leftX + numbers + 2
    let deltaX = rightX + numbers
    func sideHeader(_ at: Int, _ title: String) {
        ctx.canvas.put(leftPad(state.t(.compareLvl), 5) + leftPad(theme.chrome(state.t(.compareScore)), 6)
                       + leftPad(theme.chrome(state.t(.compareReach)), 6) + leftPad(theme.chrome(state.t(.compareValue)), 8), x: at, y: y,
                       style: .dim, maxWidth: max(0, rect.maxX - at))
        _ = title
    }
    ctx.canvas.put(pad(state.t(.compareSegment), nameWidth + 2, ellipsis: ell), x: x, y: y, style: .bold, maxWidth: nameWidth + 2)
    ctx.canvas.put(pad(state.t(.compareThis), numbers, ellipsis: ell), x: leftX + 1, y: y, style: theme.fg(.cyan, bold: true), maxWidth: numbers)
    ctx.canvas.put(theme.vertical, x: rightX - 1, y: y, style: .dim, maxWidth: 1)
    ctx.canvas.put(pad(state.t(.compareCompared), numbers, ellipsis: ell), x: rightX + 1, y: y, style: theme.fg(.magenta, bold: true), maxWidth: numbers)
    ctx.canvas.put(leftPad(theme.chrome(state.t(.compareValue)), deltaWidth), x: deltaX, y: y, style: .bold, maxWidth: max(0, rect.maxX - deltaX))
    y += 1
    if y < rect.maxY {
        sideHeader(leftX, "this")
        ctx.canvas.put(theme.vertical, x: rightX - 1, y: y, style: .dim, maxWidth: 1)
        sideHeader(rightX, "compared")
        ctx.canvas.put(leftPad(state.t(.compareDiff), deltaWidth), x: deltaX, y: y, style: .dim, maxWidth: max(0, rect.maxX - deltaX))
        y += 1
    }
    // The legend takes the last row when there is room for it and a few segments.
    var rowsRoom = rect.maxY - y
    if rowsRoom >= 4 {
        rowsRoom -= 1
        ctx.canvas.put(theme.chrome(state.t(.compareLegend)),
                       x: x, y: rect.maxY - 1, style: .dim, maxWidth: w, ellipsis: ell)
    }
    guard rowsRoom > 0 else { return }
    let count = state.visibleCount
    let selectedRow = state.row(of: state.selected) ?? 0
    let first = selectedRow < rowsRoom ? 0 : min(selectedRow - rowsRoom + 1, max(0, count - rowsRoom))
    let mySetting = state.evaluation.setting
    let theirSetting = comparison.evaluation.setting
    for i in 0..<min(rowsRoom, count - first) {
        let s = state.visibleSegment(at: first + i)
        let mineRow = state.evaluation.rows[s]
        let theirRow = comparison.evaluation.rows[s]
        let differs = mySetting.levels[s] != theirSetting.levels[s] || mySetting.excluded[s] != theirSetting.excluded[s]
        let selected = s == state.selected
        let ry = y + i
        ctx.canvas.put(differs ? "* " : "  ", x: x, y: ry, style: theme.fg(.yellow, bold: true), maxWidth: 2)
        ctx.canvas.put(pad(ctx.name(scenario.segments[s].name), nameWidth, ellipsis: ell), x: x + 2, y: ry,
                       style: selected ? theme.style(Style(foreground: .cyan, bold: true, reverse: true)) : .plain, maxWidth: nameWidth)
        func side(_ r: SegmentScore, _ at: Int, _ excludedCount: Int, bold: Bool) {
            let lvl = "L\(r.level)" + (excludedCount > 0 ? "x" : "")
            ctx.canvas.put(leftPad(lvl, 5) + leftPad(state.fixed(r.score, 1), 6) + leftPad(state.percentText(r.reach), 6)
                           + leftPad(state.whole(Int(r.value.rounded())), 8),
                           x: at, y: ry, style: bold ? .bold : .plain, maxWidth: max(0, min(numbers, rect.maxX - at)))
        }
        side(mineRow, leftX, mySetting.excluded[s].count, bold: differs)
        ctx.canvas.put(theme.vertical, x: rightX - 1, y: ry, style: .dim, maxWidth: 1)
        side(theirRow, rightX, theirSetting.excluded[s].count, bold: false)
        let d = Int(mineRow.value.rounded()) - Int(theirRow.value.rounded())
        ctx.canvas.put(leftPad(d == 0 ? (differs ? "0" : "") : state.signedWhole(d), deltaWidth), x: deltaX, y: ry,
                       style: d != 0 ? theme.fg(.yellow, bold: true) : .dim, maxWidth: max(0, rect.maxX - deltaX))
        ctx.hit(Rect(x: x, y: ry, width: 2 + nameWidth, height: 1), .selectSegment(s))
    }
}

/// Error-severity breaches of the compared preset under its own policy.
func comparisonErrors(_ comparison: Comparison) -> Int {
    let e = comparison.evaluation
    let aggregateErrors = e.aggregateViolations
        .filter { $0.severity == .error }.count
    return e.segmentViolationCounts.errors + aggregateErrors
}

/// Whether the Compare screen lists the segments, so that the selected one and its level are in
/// view: a preset of the same scenario is loaded, and the body has the rows `drawCompareScreen`
/// needs above the first segment (title, column header, five totals, a blank line, the table's two
/// header rows). Level keys act on the Compare screen only then (a test checks the two agree).
func compareShowsSegments(_ state: AppState) -> Bool {
    guard let comparison = state.comparison, comparison.sameScenario, state.visibleCount > 0 else { return false }
    let body = Layout.body(width: state.width, height: state.height)
    return body.width > 2 && body.height >= 11
}
