import BalansModel

/// The three header rows: title (scenario, preset, unsaved mark), the live figures, the tab bar.
func drawHeader(_ ctx: inout RenderContext) {
    let state = ctx.state
    let theme = ctx.theme
    let w = ctx.width
    let ell = theme.ellipsis

    // Row 0: Balans · scenario · preset * unsaved
    var title: [Span] = [Span(" Balans", theme.style(Style(foreground: .cyan, bold: true))),
                         Span(theme.separator + ctx.name(state.scenario.name))]
    let preset = theme.separator + ctx.name(state.presetName)
    let mark = state.isDirty ? " * unsaved" : ""
    // Keep the preset name and mark: shorten the scenario name first.
    let fixed = DisplayWidth.of(" Balans") + DisplayWidth.of(preset) + DisplayWidth.of(mark)
    let scenarioRoom = w - fixed
    if scenarioRoom < DisplayWidth.of(title[1].text) {
        if scenarioRoom >= 6 {
            var c = Canvas(width: scenarioRoom, height: 1)
            c.put(title[1].text, x: 0, y: 0, maxWidth: scenarioRoom, ellipsis: ell)
            title[1].text = c.text
        } else {
            title.removeLast()
        }
    }
    title.append(Span(preset, .bold))
    if state.isDirty {
        let short = width(of: title) + DisplayWidth.of(mark) > w
        title.append(Span(short ? " *" : mark, theme.fg(.yellow, bold: true)))
    }
    ctx.canvas.put(title, x: 0, y: 0, maxWidth: w, ellipsis: ell)

    // Row 1: figures, dropping the least important ones until they fit.
    let agg = state.evaluation.aggregate
    let errors = errorCount(state)
    let bandStyle = theme.band(agg.band)
    let (on, off) = theme.bar(agg.intrusiveness / 100, width: 10)
    struct Piece { var spans: [Span]; var priority: Int }
    var pieces: [Piece] = [
        Piece(spans: [Span(" Intrusiveness "), Span(formatFixed(agg.intrusiveness, 1), Style(bold: true)),
                      Span(" "), Span(agg.band.rawValue, bandStyle)], priority: 10),
        Piece(spans: [Span(" "), Span(on, bandStyle), Span(off, theme.style(Style(dim: true)))], priority: 3),
        Piece(spans: [Span("  uplift "), Span(formatFixed(agg.uplift, 2) + "%", .bold)], priority: 8),
        Piece(spans: [Span("  value "), Span(grouped(Int(agg.value.rounded())), .bold), Span(" conversions")], priority: 6),
        Piece(spans: [Span("  "), Span(errors == 0 ? "no errors" : "\(errors) error\(errors == 1 ? "" : "s")",
                                       errors == 0 ? theme.fg(.green) : theme.fg(.red, bold: true))], priority: 9),
    ]
    // Shorter forms before dropping: " conversions" goes first.
    func total() -> Int { pieces.reduce(0) { $0 + width(of: $1.spans) } }
    if total() > w { pieces[3].spans.removeLast() }
    while total() > w, let drop = pieces.indices.min(by: { pieces[$0].priority < pieces[$1].priority }),
          pieces.count > 1 {
        pieces.remove(at: drop)
    }
    ctx.canvas.put(pieces.flatMap(\.spans), x: 0, y: 1, maxWidth: w, ellipsis: ell)

    // Row 2: the tab bar, F-keys from the key map.
    var x = 1
    for screen in Screen.available {
        let key = state.keyMap.bindings.first(where: { $0.action == .showScreen(screen) })?.keys.first
        let label = (key.map { (theme.unicode ? $0.label : $0.asciiLabel) + " " } ?? "") + screen.title
        let text = " " + label + " "
        let tw = DisplayWidth.of(text)
        guard x + tw <= w else { break }
        let current = screen == state.screen
        let style = current ? theme.style(Style(foreground: .cyan, bold: true, reverse: true)) : Style.plain
        ctx.canvas.put(text, x: x, y: 2, style: style, maxWidth: tw)
        ctx.hit(Rect(x: x, y: 2, width: tw, height: 1), .showScreen(screen))
        x += tw + 1
    }
    // The rest of the tab row: a rule, so the header reads as one block.
    if x < w { ctx.canvas.put(repeated(theme.horizontal, w - x), x: x, y: 2, style: theme.style(Style(dim: true))) }
}

/// Error-severity breaches, per segment and aggregate (cheap: counted in the evaluation's tree).
func errorCount(_ state: AppState) -> Int {
    let e = state.evaluation
    let aggregateErrors = PolicyCheck.aggregateViolations(aggregate: e.aggregate, fairness: e.fairness,
                                                          policy: state.model.policy)
        .filter { $0.severity == .error }.count
    return e.segmentViolationCounts.errors + aggregateErrors
}
