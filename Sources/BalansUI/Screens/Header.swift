import BalansModel
import BalansText

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
    let mark = state.isDirty ? state.t(.headerUnsaved) : ""
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

    // Row 1: figures, shortened and then dropped (least important first) until they fit.
    let agg = state.evaluation.aggregate
    let errors = errorCount(state)
    let bandStyle = theme.band(agg.band)
    let (on, off) = theme.bar(agg.intrusiveness / 100, width: 10)
    struct Piece { var spans: [Span]; var priority: Int }
    let gap = gapText(state)
    var pieces: [Piece] = [
        Piece(spans: [Span(state.t(.headerIntrusiveness)), Span(state.fixed(agg.intrusiveness, 1), Style(bold: true)),
                      Span(" "), Span(agg.band.rawValue, bandStyle)], priority: 10),
        Piece(spans: [Span(" "), Span(on, bandStyle), Span(off, theme.style(Style(dim: true)))], priority: 3),
        Piece(spans: [Span(state.t(.headerUplift)), Span(state.fixed(agg.uplift, 2) + state.pointsSign, .bold)], priority: 8),
        Piece(spans: [Span(state.t(.headerValue)), Span(state.whole(Int(agg.value.rounded())), .bold), Span(state.t(.headerConversions))], priority: 6),
        Piece(spans: [Span("  "), Span(gap.long, gap.onFrontier ? theme.fg(.green) : theme.fg(.yellow))], priority: 7),
        Piece(spans: [Span("  "), Span(errors == 0 ? state.t(.headerNoErrors) : errors == 1 ? state.t(.headerOneError) : state.t(.headerErrors, String(errors)),
                                       errors == 0 ? theme.fg(.green) : theme.fg(.red, bold: true))], priority: 9),
    ]
    func total() -> Int { pieces.reduce(0) { $0 + width(of: $1.spans) } }
    // Shorter forms before dropping: " conversions" goes first, then the bar, then the gap's and
    // the error count's short forms ("ok" stays green, "2 err" red).
    let shorten: [(inout [Piece]) -> Void] = [
        { $0[3].spans.removeLast() },
        { $0.remove(at: 1) },
        { $0[3].spans[1].text = gap.short },
        { $0[4].spans[1].text = errors == 0 ? state.t(.headerOk) : state.t(.headerErrorsShort, String(errors)) },
    ]
    for step in shorten where total() > w { step(&pieces) }
    while total() > w, let drop = pieces.indices.min(by: { pieces[$0].priority < pieces[$1].priority }),
          pieces.count > 1 {
        pieces.remove(at: drop)
    }
    ctx.canvas.put(pieces.flatMap(\.spans), x: 0, y: 1, maxWidth: w, ellipsis: ell)

    // Row 2: the tab bar, F-keys from the key map.
    var x = 1
    for screen in Screen.available {
        let key = state.keyMap.bindings.first(where: { $0.action == .showScreen(screen) })?.keys.first
        let label = (key.map { (theme.unicode ? $0.label : $0.asciiLabel) + " " } ?? "") + theme.chrome(screen.title(in: state.catalogue))
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

/// The frontier gap for the header (SPEC §1.10): "gap -1,234 value / -3.2 intr." (short:
/// "gap -1,234 / -3.2"), "on the frontier", or "beyond the frontier" for a setting worth more than
/// the frontier at its intrusiveness (only a setting that breaks the code can be).
func gapText(_ state: AppState) -> (long: String, short: String, onFrontier: Bool) {
    let frontier = state.frontier
    guard !frontier.isEmpty else { return (state.t(.gapNoFrontier), state.t(.gapNoFrontier), false) }
    let a = state.evaluation.aggregate
    let (lost, saved) = frontier.gap(intrusiveness: a.intrusiveness, value: a.value)
    let lostRounded = Int(lost.rounded())
    if lostRounded == 0 && saved < 0.05 {
        if a.value > frontier.value(atIntrusiveness: a.intrusiveness) + 0.5 { return (state.t(.gapBeyond), state.t(.gapBeyondShort), false) }
        return (state.t(.gapOnFrontier), state.t(.gapOnFrontierShort), true)
    }
    // Negative numbers in the language's form: "-4,985" / "−4 985" (decision 0022).
    let v = lostRounded == 0 ? "0" : state.whole(-lostRounded)
    let i = saved < 0.05 ? state.fixed(0, 1) : state.fixed(-saved, 1)
    return (state.t(.gapLong, v, i), state.t(.gapShort, v, i), false)
}
