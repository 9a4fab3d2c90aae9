import BalansModel
import BalansText

/// The two footer rows: the status line, and the key hints (or the prompt, or the filter being typed).
func drawFooter(_ ctx: inout RenderContext) {
    let state = ctx.state
    let theme = ctx.theme
    let w = ctx.width
    let statusY = ctx.height - 2
    let lineY = ctx.height - 1
    let ell = theme.ellipsis

    // Status line.
    if let prompt = state.prompt, !prompt.candidates.isEmpty {
        let list = prompt.candidates.map { ctx.name($0) }.joined(separator: "  ")
        ctx.canvas.put([Span(" "), Span(list, theme.fg(.cyan))], x: 0, y: statusY, maxWidth: w, ellipsis: ell)
    } else if let status = state.status {
        let spans = status.isError
            ? [Span(state.t(.footerError), theme.style(Style(foreground: .red, bold: true, reverse: true))), Span(" " + status.text, theme.fg(.red, bold: true))]
            : [Span(" " + status.text)]
        ctx.canvas.put(spans, x: 0, y: statusY, maxWidth: w, ellipsis: ell)
    } else if let v = mostSevereViolation(state) {
        var spans = [Span(" "), Span(theme.chrome(state.severityWord(v.severity)), theme.severity(v.severity)), Span(" " + v.rule.rawValue, .bold)]
        if let s = v.segment { spans.append(Span(" " + ctx.segmentName(s))) }
        if let a = v.attribute { spans.append(Span(" " + ctx.name(a))) }
        spans.append(Span(": " + ctx.name(v.message(in: state.catalogue)), theme.style(Style(dim: true))))
        ctx.canvas.put(spans, x: 0, y: statusY, maxWidth: w, ellipsis: ell)
    } else {
        ctx.canvas.put([Span(" "), Span(state.t(.footerOk), theme.fg(.green)), Span(state.t(.footerNoBreaches, ctx.name(state.model.policy.name)))],
                       x: 0, y: statusY, maxWidth: w, ellipsis: ell)
    }

    // Bottom line: prompt, filter, or hints.
    if let prompt = state.prompt {
        drawPrompt(&ctx, prompt, y: lineY)
    } else if state.filtering {
        let label = state.t(.footerFilter)
        let text = ctx.name(state.filter)
        drawEditLine(&ctx, label: label, text: text, cursor: text.count, y: lineY)
    } else if state.showHelp {
        // The help's own keys; its scrolling ones only when it scrolls.
        let scrolls = HelpLayout(ctx, width: ctx.width, height: ctx.height)?.scrolls ?? false
        let items = hintItems(state, unicode: theme.unicode).filter { scrolls || $0.action != .scrollHelp(.previous) }
        drawHints(&ctx, items.map { ($0.keys, $0.text) }, y: lineY)
    } else {
        drawHints(&ctx, hints(state, unicode: theme.unicode), y: lineY)
    }
}

/// The prompt line with the terminal cursor at the text cursor.
func drawPrompt(_ ctx: inout RenderContext, _ prompt: Prompt, y: Int) {
    switch prompt.kind {
    case .saveAs:
        drawEditLine(&ctx, label: ctx.theme.chrome(ctx.state.t(.promptSaveAs)), text: prompt.text, cursor: prompt.cursor, y: y)
    case .open:
        drawEditLine(&ctx, label: ctx.theme.chrome(ctx.state.t(.promptOpen)), text: prompt.text, cursor: prompt.cursor, y: y)
    case .budget:
        drawEditLine(&ctx, label: ctx.theme.chrome(ctx.state.t(.promptBudget)), text: prompt.text, cursor: prompt.cursor, y: y)
    case .compare:
        drawEditLine(&ctx, label: ctx.theme.chrome(ctx.state.t(.promptCompare)), text: prompt.text, cursor: prompt.cursor, y: y)
    case .confirmQuit:
        drawEditLine(&ctx, label: ctx.theme.chrome(ctx.state.t(.promptConfirmQuit)), text: "", cursor: 0, y: y)
    case .confirmOpen(let path):
        drawEditLine(&ctx, label: ctx.state.t(.promptConfirmOpen, ctx.name(path)), text: "", cursor: 0, y: y)
    }
}

/// A label and editable text; scrolls the text horizontally so that the cursor stays visible.
func drawEditLine(_ ctx: inout RenderContext, label: String, text: String, cursor: Int, y: Int) {
    let w = ctx.width
    let labelWidth = min(DisplayWidth.of(label), max(0, w - 2))
    ctx.canvas.put(label, x: 0, y: y, style: .bold, maxWidth: labelWidth, ellipsis: ctx.theme.ellipsis)
    let room = w - labelWidth - 1  // one column for the cursor at the end
    guard room > 0 else { return }
    let chars = Array(text)
    let c = max(0, min(cursor, chars.count))
    // Start far enough right that the cursor fits.
    var start = 0
    var before = chars[0..<c].reduce(0) { $0 + DisplayWidth.of($1) }
    while before > room - 1, start < c {
        before -= DisplayWidth.of(chars[start])
        start += 1
    }
    let shown = String(chars[start...])
    ctx.canvas.put(shown, x: labelWidth, y: y, maxWidth: room + 1)
    let cx = labelWidth + before
    if cx < w {
        ctx.cursor = (cx, y)
        ctx.canvas.restyle(Rect(x: cx, y: y, width: 1, height: 1)) { $0.reverse = true }
    }
}

/// The hints of the current contexts from the key map: "↑↓ select  ←→ level  Tab screen …", only
/// of the bindings that act now (a context's own binding of a key hides the global one's hint).
/// The help hint is listed last so that it is the one kept when the line is short.
func hints(_ state: AppState, unicode: Bool) -> [(keys: String, text: String)] {
    hintItems(state, unicode: unicode).map { ($0.keys, $0.text) }
}

/// The hints with the action each stands for.
func hintItems(_ state: AppState, unicode: Bool) -> [(action: Action, keys: String, text: String)] {
    let contexts = state.keyContexts
    let bindings = state.keyMap.bindings
    var out: [(action: Action, keys: String, text: String)] = []
    for (i, b) in bindings.enumerated() {
        guard let hintKey = b.hint, contexts.contains(b.context), let first = b.keys.first,
              let acting = state.keyMap.binding(for: first, in: contexts), acting.action == b.action, acting.context == b.context
        else { continue }
        let hint = state.t(hintKey)
        var keys = unicode ? first.label : first.asciiLabel
        // An arrow pair: "↑↓" when the next binding (without a hint of its own) is the other arrow.
        if i + 1 < bindings.count, bindings[i + 1].hint == nil, bindings[i + 1].context == b.context,
           let next = bindings[i + 1].keys.first, isArrow(first), isArrow(next) {
            keys += unicode ? next.label : "/" + next.asciiLabel
        }
        out.append((b.action, keys, unicode ? hint : Theme(Capabilities(unicode: false)).chrome(hint)))
    }
    // Quit, then help, last: the two that `drawHints` keeps at the right at every width.
    if let q = out.firstIndex(where: { $0.action == .quit }) { out.append(out.remove(at: q)) }
    if let i = out.firstIndex(where: { $0.action == .help }) {
        out.append(out.remove(at: i))
    }
    // On the Trade-off screen its own keys come first: they are what a facilitator needs there.
    if state.keyContext == .tradeoff, !state.showHelp {
        let own = Set(bindings.filter { $0.context == .tradeoff }.map(\.action))
        out = out.filter { own.contains($0.action) } + out.filter { !own.contains($0.action) }
    }
    return out
}

private func isArrow(_ k: Key) -> Bool { [.up, .down, .left, .right].contains(k) }

/// Hints from the left; the last two (quit and help) are right-aligned and always kept when they
/// fit at all, so that `q quit` and `? help` are on the line at 80 columns on every screen.
func drawHints(_ ctx: inout RenderContext, _ items: [(keys: String, text: String)], y: Int) {
    var x = 1
    var items = items
    var right = ctx.width
    let pinned = items.count > 2 ? 2 : (items.count == 2 ? 1 : 0)
    var tail: [(keys: String, text: String)] = []
    for _ in 0..<pinned { if let last = items.popLast() { tail.insert(last, at: 0) } }
    let tailWidth = tail.reduce(0) { $0 + DisplayWidth.of($1.keys) + 1 + DisplayWidth.of($1.text) } + 2 * max(0, tail.count - 1)
    if !tail.isEmpty, tailWidth + 2 <= ctx.width {
        var tx = ctx.width - tailWidth - 1
        right = tx - 2
        for item in tail {
            ctx.canvas.put(item.keys, x: tx, y: y, style: ctx.theme.style(Style(foreground: .cyan, bold: true)))
            ctx.canvas.put(item.text, x: tx + DisplayWidth.of(item.keys) + 1, y: y, style: .dim)
            tx += DisplayWidth.of(item.keys) + 1 + DisplayWidth.of(item.text) + 2
        }
    }
    for item in items {
        let wk = DisplayWidth.of(item.keys), wt = DisplayWidth.of(item.text)
        guard x + wk + 1 + wt <= right else { break }
        ctx.canvas.put(item.keys, x: x, y: y, style: ctx.theme.style(Style(foreground: .cyan, bold: true)), maxWidth: wk)
        ctx.canvas.put(item.text, x: x + wk + 1, y: y, style: .dim, maxWidth: wt)
        x += wk + 1 + wt + 2
    }
}

/// The first error, else warning, else info (an aggregate breach before a segment's when its rule
/// comes first in the code); per-segment breaches are scanned only as far as needed.
func mostSevereViolation(_ state: AppState) -> Violation? {
    let e = state.evaluation
    let aggregate = e.aggregateViolations
    let counts = e.segmentViolationCounts
    for severity in [Severity.error, .warning, .info] {
        let segmentHas: Bool
        switch severity {
        case .error: segmentHas = counts.errors > 0
        case .warning: segmentHas = counts.warnings > 0
        default: segmentHas = counts.infos > 0
        }
        var best: Violation? = nil
        // The first segment (in file order) with a breach of this severity: the scan stops there,
        // so a frame does not walk 10 000 rows when the first one already answers.
        if segmentHas {
            for row in e.rows {
                if let v = row.violations.first(where: { $0.severity == severity }) {
                    best = v
                    break
                }
            }
        }
        if let a = aggregate.first(where: { $0.severity == severity }) {
            if let b = best, b.rule.order <= a.rule.order {} else { best = a }
        }
        if let best { return best }
    }
    return nil
}
