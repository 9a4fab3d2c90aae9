import BalansModel

/// Draws the whole dashboard for `state` at its size. Pure: the same state gives the same frame.
public func render(_ state: AppState) -> Frame {
    var canvas = Canvas(width: state.width, height: state.height)
    if Layout.isTooSmall(width: state.width, height: state.height) {
        let lines = ["Balans needs a terminal of at least \(Layout.minimumWidth)×\(Layout.minimumHeight);",
                     "this one is \(state.width)×\(state.height). Enlarge it, or press q to quit."]
        for (i, line) in lines.enumerated() where i < state.height {
            canvas.put(line, x: 0, y: i, maxWidth: state.width)
        }
        return Frame(canvas: canvas)
    }
    let agg = state.evaluation.aggregate
    let title = "Balans · \(state.scenario.name) · \(state.presetName)\(state.isDirty ? " *" : "")"
    canvas.put(title, x: 0, y: 0, style: .bold, maxWidth: state.width)
    canvas.put("Intrusiveness \(formatFixed(agg.intrusiveness, 1)) \(agg.band.rawValue)   uplift \(formatFixed(agg.uplift, 2)) %",
               x: 0, y: 1, maxWidth: state.width)
    let (table, _) = Layout.segments(width: state.width, height: state.height)
    var hits: [HitRegion] = []
    for i in 0..<min(Layout.tableRows(width: state.width, height: state.height), state.visibleCount - state.scroll) {
        let s = state.visibleSegment(at: state.scroll + i)
        let row = state.evaluation.rows[s]
        let y = table.y + 1 + i
        let line = "\(state.scenario.segments[s].name)  L\(row.level)  \(formatFixed(row.score, 1)) \(row.band.rawValue)"
        canvas.put(line, x: table.x, y: y, style: s == state.selected ? .reverse : .plain, maxWidth: table.width)
        hits.append(HitRegion(Rect(x: table.x, y: y, width: table.width, height: 1), .selectSegment(s)))
    }
    return Frame(canvas: canvas, hits: hits)
}
