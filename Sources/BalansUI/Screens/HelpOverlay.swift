import BalansModel
import BalansText

/// The help overlay, generated from the key map (so it cannot disagree with the keys), grouped by
/// where the keys apply, with the mouse and Esc notes; descriptions are wrapped, never cut. Two
/// columns when the whole help fits in them; else one column that scrolls (↑↓ PgUp PgDn Home End,
/// the wheel), the bottom border saying which lines are in view. `HelpLayout` has the lines, so
/// that `update` scrolls within what is drawn.
func drawHelp(_ ctx: inout RenderContext) {
    let state = ctx.state
    let theme = ctx.theme
    // Over the body and the header's lower rows; the footer stays (its hints say how to scroll and close).
    guard let layout = HelpLayout(ctx, width: ctx.width, height: ctx.height) else { return }
    let box = layout.box
    ctx.canvas.fill(box)
    // Border.
    let c = theme.corner
    ctx.canvas.put(c.tl + repeated(theme.horizontal, box.width - 2) + c.tr, x: box.x, y: box.y, style: .dim, maxWidth: box.width)
    ctx.canvas.put(c.bl + repeated(theme.horizontal, box.width - 2) + c.br, x: box.x, y: box.maxY - 1, style: .dim, maxWidth: box.width)
    for y in (box.y + 1)..<(box.maxY - 1) {
        ctx.canvas.put(theme.vertical, x: box.x, y: y, style: .dim, maxWidth: 1)
        ctx.canvas.put(theme.vertical, x: box.maxX - 1, y: y, style: .dim, maxWidth: 1)
    }
    ctx.canvas.put(theme.chrome(state.t(.helpTitle)), x: box.x + 2, y: box.y, style: .bold, maxWidth: box.width - 4)
    let close = theme.chrome(state.t(.helpClose))
    ctx.canvas.putRight(close, right: box.maxX - 2, y: box.maxY - 1, style: .dim)

    let inner = layout.inner
    guard inner.width > 0, inner.height > 0 else { return }
    let first = layout.firstLine(at: state.helpScroll)
    for (col, lines) in layout.columns.enumerated() {
        let x = inner.x + col * (layout.columnWidth + HelpLayout.gap)
        let shown = layout.scrolls ? Array(lines.dropFirst(first).prefix(inner.height)) : Array(lines.prefix(inner.height))
        for (i, line) in shown.enumerated() {
            let y = inner.y + i
            switch line.kind {
            case .heading:
                ctx.canvas.put(line.text, x: x, y: y, style: Style(bold: true, underline: true), maxWidth: layout.columnWidth, ellipsis: theme.ellipsis)
            case .keys(let keys):
                ctx.canvas.put(keys, x: x, y: y, style: theme.style(Style(foreground: .cyan, bold: true)), maxWidth: layout.keyWidth, ellipsis: theme.ellipsis)
                ctx.canvas.put(line.text, x: x + layout.keyWidth + 2, y: y, maxWidth: layout.columnWidth - layout.keyWidth - 2, ellipsis: theme.ellipsis)
            case .continuation:
                ctx.canvas.put(line.text, x: x + layout.keyWidth + 2, y: y, maxWidth: layout.columnWidth - layout.keyWidth - 2, ellipsis: theme.ellipsis)
            case .note:
                ctx.canvas.put(line.text, x: x, y: y, maxWidth: layout.columnWidth, ellipsis: theme.ellipsis)
            }
        }
    }
    if layout.scrolls {
        let last = min(layout.lines.count, first + inner.height)
        let arrows = (first > 0 ? (theme.unicode ? "↑" : "^") : "") + (last < layout.lines.count ? (theme.unicode ? "↓" : "v") : "")
        let range = state.t(.detailRange, String(first + 1), String(last), String(layout.lines.count))
        ctx.canvas.put(range + arrows + (arrows.isEmpty ? "" : " "), x: box.x + 2, y: box.maxY - 1, style: .bold,
                       maxWidth: max(0, box.width - 4 - DisplayWidth.of(close)))
    }
    // The overlay swallows clicks: nothing under it is clickable while help is open.
    ctx.hits.removeAll()
}

/// One line of the help: a group's heading, a binding's keys with the first line of its
/// description, a further line of a description, or a line of a note.
struct HelpLine {
    enum Kind {
        case heading
        case keys(String)
        case continuation
        case note
    }
    var kind: Kind
    var text: String
}

/// The help overlay for a size, computed without drawing: its box, its lines, and whether they
/// stand in two columns or scroll in one. `update` scrolls with it, the renderer draws from it.
struct HelpLayout {
    static let gap = 3
    /// The overlay's frame and its interior.
    let box: Rect
    let inner: Rect
    /// All lines in one list (what scrolls when there is one column).
    let lines: [HelpLine]
    /// The lines of each column: one column (all lines), or two when the help fits in them.
    let columns: [[HelpLine]]
    let columnWidth: Int
    /// The width of the keys' column.
    let keyWidth: Int

    /// One column that does not fit: it scrolls.
    var scrolls: Bool { columns.count == 1 && lines.count > inner.height }
    var maxScroll: Int { scrolls ? lines.count - inner.height : 0 }
    /// Lines moved by PgUp/PgDn: a page less one line, so that one stays in view for orientation.
    var page: Int { max(1, inner.height - 1) }
    func firstLine(at scroll: Int) -> Int { max(0, min(scroll, maxScroll)) }

    /// The help for a terminal of `width` × `height`; nil when the overlay has no room for a line.
    init?(_ ctx: some TextContext, width: Int, height: Int) {
        box = Rect(x: 0, y: 1, width: width, height: height - 3)
        guard box.width >= 4, box.height >= 3 else { return nil }
        inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        guard inner.width > 0, inner.height > 0 else { return nil }
        // Two columns only when everything fits in them at their width.
        if inner.width >= 100 {
            let half = (inner.width - HelpLayout.gap) / 2
            let (lines, keyWidth) = HelpLayout.lines(ctx, width: half)
            if let split = HelpLayout.split(lines, height: inner.height) {
                self.lines = lines
                self.columns = [Array(lines[..<split]), Array(lines[split...].drop(while: { $0.text.isEmpty && $0.kind.isNote }))]
                self.columnWidth = half
                self.keyWidth = keyWidth
                return
            }
        }
        let (lines, keyWidth) = HelpLayout.lines(ctx, width: inner.width)
        self.lines = lines
        self.columns = [lines]
        self.columnWidth = inner.width
        self.keyWidth = keyWidth
    }

    /// The help at the state's own size.
    init?(_ state: AppState) {
        self.init(PlainTextContext(state), width: state.width, height: state.height)
    }

    /// Where to start the second column, with both columns within `height`: at the start of a
    /// group nearest the middle, else after the middle wherever a binding starts (not inside a
    /// description, not after a heading); nil when no such place exists.
    static func split(_ lines: [HelpLine], height: Int) -> Int? {
        guard lines.count > height else { return lines.count }
        func fits(_ k: Int) -> Bool {
            k <= height && lines[k...].drop(while: { $0.text.isEmpty && $0.kind.isNote }).count <= height
        }
        let groups = lines.indices.filter { if case .heading = lines[$0].kind { return $0 > 0 } else { return false } }
        if let k = groups.filter(fits).min(by: { abs($0 - lines.count / 2) < abs($1 - lines.count / 2) }) { return k }
        for k in stride(from: min(height, lines.count - 1), through: (lines.count + 1) / 2, by: -1) {
            if case .continuation = lines[k].kind { continue }
            if case .heading = lines[k - 1].kind { continue }
            if fits(k) { return k }
        }
        return nil
    }

    /// The help's lines for a column of `width`: per group of the key map a heading and its
    /// bindings (descriptions wrapped beside the keys), a blank line between groups, then the notes.
    /// The keys that act in every mode (Ctrl-C) are listed with the global ones; the overlay's own
    /// keys are on its border and in the footer.
    static func lines(_ ctx: some TextContext, width: Int) -> (lines: [HelpLine], keyWidth: Int) {
        let state = ctx.state
        let theme = ctx.theme
        let groups: [(KeyContext, UIText)] = [(.global, .helpAnywhere), (.segmentShown, .helpSegmentShown), (.table, .helpTable),
                                              (.detail, .helpDetail), (.ethics, .helpEthics), (.tradeoff, .helpTradeoff)]
        let grouped = groups.map { context, title in
            (title, state.keyMap.bindings.filter { $0.context == context || (context == .global && $0.context == .everywhere) })
        }.filter { !$0.1.isEmpty }
        let widest = grouped.flatMap(\.1).map { DisplayWidth.of(KeyMap.keysLabel($0, unicode: theme.unicode)) }.max() ?? 0
        let keyWidth = min(widest, max(4, width / 3))
        let textWidth = max(1, width - keyWidth - 2)
        var out: [HelpLine] = []
        for (title, bindings) in grouped {
            if !out.isEmpty { out.append(HelpLine(kind: .note, text: "")) }
            out.append(HelpLine(kind: .heading, text: theme.chrome(state.t(title))))
            for b in bindings {
                let keys = theme.chrome(KeyMap.keysLabel(b, unicode: theme.unicode))
                let text = wrap(theme.chrome(state.t(b.help)), width: textWidth)
                for (i, line) in text.enumerated() {
                    out.append(HelpLine(kind: i == 0 ? .keys(keys) : .continuation, text: line))
                }
            }
        }
        out.append(HelpLine(kind: .note, text: ""))
        out.append(HelpLine(kind: .heading, text: theme.chrome(state.t(.helpMouseAndEsc))))
        for note in [state.capabilities.mouse ? UIText.helpMouse : .helpNoMouse, .helpEsc] {
            out += wrap(theme.chrome(state.t(note)), width: width).map { HelpLine(kind: .note, text: $0) }
        }
        return (out, keyWidth)
    }
}

extension HelpLine.Kind {
    var isNote: Bool { if case .note = self { return true } else { return false } }
}
