import BalansModel
import BalansText

/// The three header rows: title (scenario, preset, unsaved mark), the live figures, the tab bar.
func drawHeader(_ ctx: inout RenderContext) {
    let state = ctx.state
    let theme = ctx.theme
    let w = ctx.width
    let ell = theme.ellipsis

    // Row 0: Balans · scenario · preset  file [new] * unsaved — you always know which file `s`
    // writes. Room goes first to the preset's name and marks, then the file (shortened in the
    // middle, where a path says least), then the scenario's name.
    var title: [Span] = [Span(" Balans", theme.style(Style(foreground: .cyan, bold: true)))]
    let scenario = theme.separator + ctx.name(state.scenario.name)
    let preset = theme.separator + ctx.name(state.presetName)
    let mark = state.isDirty ? state.t(.headerUnsaved) : ""
    let shortMark = state.isDirty ? " *" : ""
    var file = ""
    var tag = ""
    if let path = state.presetPath {
        file = "  " + ctx.name(displayPath(path, home: state.homeDirectory))
        if !state.presetFileExists { tag = theme.chrome(state.t(.headerNew)) }
    } else if state.isDemoExample {
        tag = theme.chrome(state.t(.headerDemo))
    }
    let base = DisplayWidth.of(" Balans") + DisplayWidth.of(preset) + DisplayWidth.of(tag)
    var markText = mark
    if base + DisplayWidth.of(file) + DisplayWidth.of(markText) > w { markText = shortMark }
    var room = w - base - DisplayWidth.of(markText)
    // The scenario keeps what it can beside at least 24 columns of the file; the file takes the
    // rest, whole or cut in the middle (the start says where, the end which file).
    let scenarioWidth = DisplayWidth.of(scenario), fileWidth = DisplayWidth.of(file)
    var scenarioRoom = min(scenarioWidth, room - min(fileWidth, 24))
    if scenarioRoom < 6 { scenarioRoom = 0 }
    var fileText = file
    if fileWidth > room - scenarioRoom {
        let r = room - scenarioRoom
        fileText = r >= 14 ? "  " + middleEllipsis(String(file.dropFirst(2)), width: r - 2,
                                                     ellipsis: theme.unicode ? "…" : "...") : ""
    }
    room -= DisplayWidth.of(fileText)
    // The scenario: whole, else shortened (at least 6 columns), else left out.
    if scenarioWidth <= room {
        title.append(Span(scenario))
    } else if room >= 6 {
        var c = Canvas(width: room, height: 1)
        c.put(scenario, x: 0, y: 0, maxWidth: room, ellipsis: ell)
        title.append(Span(c.text))
    }
    title.append(Span(preset, .bold))
    if !fileText.isEmpty { title.append(Span(fileText, theme.fg(.cyan))) }
    if !tag.isEmpty { title.append(Span(tag, state.presetFileExists || state.presetPath == nil ? .dim : theme.fg(.yellow, bold: true))) }
    if state.isDirty { title.append(Span(markText, theme.fg(.yellow, bold: true))) }
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
                      Span(" "), Span(theme.chrome(state.bandWord(agg.band)), bandStyle)], priority: 10),
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
    let aggregateErrors = e.aggregateViolations
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

/// A path as the header shows it: under the home folder with `~` ("~/presets/a.json"), else as
/// given (relative paths stay relative to where the dashboard was started).
public func displayPath(_ path: String, home: String?) -> String {
    guard let home, !home.isEmpty, home != "/" else { return path }
    let h = home.hasSuffix("/") ? String(home.dropLast()) : home
    if path == h { return "~" }
    if path.hasPrefix(h + "/") { return "~" + path.dropFirst(h.count) }
    return path
}

/// `text` in at most `width` columns, cut in the middle ("Fixtures/pre…/nordic-balanced.json"):
/// the start says where, the end says which file. Keeps a little more of the end.
public func middleEllipsis(_ text: String, width: Int, ellipsis: String) -> String {
    guard DisplayWidth.of(text) > width else { return text }
    guard width > 1 else { return width == 1 ? ellipsis : "" }
    let chars = Array(text)
    let room = width - DisplayWidth.of(ellipsis)
    // The file's own name whole when it fits ("Fixt…/nordic-balanced.json"), else half and half.
    var headRoom = room / 2
    if let slash = text.lastIndex(of: "/") {
        let name = DisplayWidth.of(String(text[slash...]))
        if name < room { headRoom = room - name }
    }
    var head = "", tail = ""
    var used = 0
    for c in chars {
        let cw = DisplayWidth.of(c)
        if used + cw > headRoom { break }
        head.append(c)
        used += cw
    }
    var tailUsed = 0
    for c in chars.reversed() {
        let cw = DisplayWidth.of(c)
        if used + tailUsed + cw > room { break }
        tail.insert(c, at: tail.startIndex)
        tailUsed += cw
    }
    return head + ellipsis + tail
}
