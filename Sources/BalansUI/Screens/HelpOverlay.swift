import BalansModel
import BalansText

/// The help overlay, generated from the key map (so it cannot disagree with the keys), grouped by
/// where the keys apply, with the mouse and Esc notes. Two columns when one does not fit.
func drawHelp(_ ctx: inout RenderContext) {
    let state = ctx.state
    let theme = ctx.theme
    // Over the body and the header's lower rows; the footer stays (its hint says how to close).
    let box = Rect(x: 0, y: 1, width: ctx.width, height: ctx.height - 3)
    guard box.width >= 4, box.height >= 3 else { return }
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

    // Entries: group headings and bindings. The keys that act in every mode (Ctrl-C) are listed
    // with the global ones; the overlay's own keys are on its border (`helpClose`).
    enum Entry { case heading(String), binding(keys: String, help: String), note(String) }
    var entries: [Entry] = []
    let groups: [(KeyContext, String)] = [(.global, state.t(.helpAnywhere)), (.table, state.t(.helpTable)),
                                          (.detail, state.t(.helpDetail)), (.tradeoff, state.t(.helpTradeoff))]
    var keyWidth = 0
    for (context, title) in groups {
        let bindings = state.keyMap.bindings.filter { $0.context == context || (context == .global && $0.context == .everywhere) }
        guard !bindings.isEmpty else { continue }
        entries.append(.heading(theme.chrome(title)))
        for b in bindings {
            let keys = KeyMap.keysLabel(b, unicode: theme.unicode)
            keyWidth = max(keyWidth, DisplayWidth.of(keys))
            entries.append(.binding(keys: theme.chrome(keys), help: theme.chrome(state.t(b.help))))
        }
    }
    entries.append(.heading(theme.chrome(state.t(.helpMouseAndEsc))))
    if state.capabilities.mouse {
        entries.append(.note(theme.chrome(state.t(.helpMouse))))
    } else {
        entries.append(.note(theme.chrome(state.t(.helpNoMouse))))
    }
    entries.append(.note(theme.chrome(state.t(.helpEsc))))

    let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
    guard inner.width > 0, inner.height > 0 else { return }
    let columns = entries.count > inner.height && inner.width >= 60 ? 2 : 1
    let gap = 3
    let colWidth = (inner.width - (columns - 1) * gap) / columns
    let kw = min(keyWidth, max(4, colWidth / 3))
    var col = 0, y = inner.y
    for (i, entry) in entries.enumerated() {
        if y >= inner.maxY {
            col += 1
            y = inner.y
            if col >= columns { break }
        }
        // Keep a heading with its first entry.
        if case .heading = entry, y == inner.maxY - 1, col + 1 < columns {
            col += 1
            y = inner.y
        }
        let x = inner.x + col * (colWidth + gap)
        let lastRow = y == inner.maxY - 1 && col == columns - 1 && i < entries.count - 1
        if lastRow {
            ctx.canvas.put(theme.chrome(state.t(.helpMore, theme.ellipsis, String(entries.count - i))), x: x, y: y, style: .dim,
                           maxWidth: colWidth, ellipsis: theme.ellipsis)
            break
        }
        switch entry {
        case .heading(let text):
            ctx.canvas.put(text, x: x, y: y, style: Style(bold: true, underline: true), maxWidth: colWidth, ellipsis: theme.ellipsis)
        case .binding(let keys, let help):
            ctx.canvas.put(keys, x: x, y: y, style: theme.style(Style(foreground: .cyan, bold: true)), maxWidth: kw, ellipsis: theme.ellipsis)
            ctx.canvas.put(help, x: x + kw + 2, y: y, maxWidth: colWidth - kw - 2, ellipsis: theme.ellipsis)
        case .note(let text):
            ctx.canvas.put(text, x: x, y: y, maxWidth: colWidth, ellipsis: theme.ellipsis)
        }
        y += 1
    }
    // The overlay swallows clicks: nothing under it is clickable while help is open.
    ctx.hits.removeAll()
}
