// The Ethics screen's list (decision 0023) and the help overlay's scrolling: selection and scroll
// offsets moved within the limits of the layouts the renderer draws from (`EthicsLayout`,
// `HelpLayout`), so that a key never moves something past what is drawn.

import BalansModel

/// ↑↓ PgUp PgDn Home End on the Ethics screen. They move the selected breach, and the content
/// follows it; past the last breach, ↓ and PgDn scroll the content on (to the fairness table and
/// the DPIA list), and while the selection is above the view, ↑ and PgUp scroll back first.
func moveInBreaches(_ state: inout AppState, _ step: Step) -> [Effect] {
    guard let layout = EthicsLayout(state) else { return [] }
    state.ethicsMeasuredNow = true
    let count = layout.breaches.count
    let page = max(1, layout.visibleLines - 1)
    let scroll = layout.firstLine(at: state.ethicsScroll)
    let selected = layout.selected ?? 0
    let last = max(0, count - 1)
    // The selection's row is above the view (the content was scrolled on past it).
    let below = count == 0 || layout.line(ofBreach: selected) < scroll
    switch step {
    case .first:
        state.breachSelected = 0
        state.ethicsScroll = 0
        return []
    case .last:
        state.breachSelected = last
        if count == 0 { state.ethicsScroll = layout.maxScroll } else { keepBreachVisible(&state, layout, last) }
        return []
    case .next, .pageDown:
        let lines = step == .next ? 1 : page
        if count > 0, selected < last {
            state.breachSelected = min(last, selected + lines)
            keepBreachVisible(&state, layout, state.breachSelected)
        } else if count > 0, !layout.selectionVisible(at: scroll), !below {
            keepBreachVisible(&state, layout, selected)
        } else {
            state.ethicsScroll = min(layout.maxScroll, scroll + lines)
        }
    case .previous, .pageUp:
        let lines = step == .previous ? 1 : page
        if below {
            state.ethicsScroll = max(0, scroll - lines)
        } else {
            state.breachSelected = max(0, selected - lines)
            keepBreachVisible(&state, layout, state.breachSelected)
        }
    }
    return []
}

/// Scrolls the content the least that shows breach `i`'s row (the list's title too for the first).
func keepBreachVisible(_ state: inout AppState, _ layout: EthicsLayout, _ i: Int) {
    let line = i == 0 ? 0 : layout.line(ofBreach: i)
    var scroll = layout.firstLine(at: state.ethicsScroll)
    if line < scroll { scroll = line }
    if layout.line(ofBreach: i) >= scroll + layout.visibleLines { scroll = layout.line(ofBreach: i) - layout.visibleLines + 1 }
    state.ethicsScroll = max(0, min(layout.maxScroll, scroll))
}

/// A click on a breach's row selects it.
func selectBreach(_ state: inout AppState, _ i: Int) -> [Effect] {
    guard state.screen == .ethics, let layout = EthicsLayout(state), i >= 0, i < layout.breaches.count else { return [] }
    state.ethicsMeasuredNow = true
    state.breachSelected = i
    keepBreachVisible(&state, layout, i)
    return []
}

/// The wheel over the Ethics screen moves the content, not the selection.
func scrollEthics(_ state: inout AppState, byLines lines: Int) -> [Effect] {
    guard state.screen == .ethics, let layout = EthicsLayout(state) else { return [] }
    state.ethicsMeasuredNow = true
    state.ethicsScroll = max(0, min(layout.maxScroll, layout.firstLine(at: state.ethicsScroll) + lines))
    return []
}

/// Enter on the Ethics screen: the selected breach's segment, selected on the Segments screen (the
/// filter cleared when it hides it). A breach of the whole setting or of a group attribute has no
/// segment: nothing happens, and the status line says so.
func showBreachSegment(_ state: inout AppState) -> [Effect] {
    guard let layout = EthicsLayout(state), let i = layout.selected else { return [] }
    let v = layout.breaches[i]
    guard let s = v.segment, s >= 0, s < state.scenario.segments.count else {
        state.status = StatusMessage(state.t(.statusBreachNoSegment, v.rule.rawValue, breachPlace(PlainTextContext(state), v)))
        return []
    }
    var message = state.t(.statusBreachSegment, segmentName(state, s), v.rule.rawValue)
    if state.row(of: s) == nil {
        state.filtering = false
        state.setFilter("")
        message += state.t(.statusFilterCleared)
    }
    if s != state.selected { state.detailRow = 0 }
    state.selected = s
    state.screen = .segments
    state.focus = .table
    keepSelectionVisible(&state)
    state.status = StatusMessage(message)
    return []
}

/// Keeps the Ethics screen's selection and offset within its list and content (after a change of
/// the breaches or of the size). Measured only while the screen is shown, and not again after an
/// event that moved within the layout already.
func normalizeEthics(_ state: inout AppState) {
    guard !state.ethicsMeasuredNow else { return }
    guard state.screen == .ethics, let layout = EthicsLayout(state) else {
        state.breachSelected = max(0, state.breachSelected)
        state.ethicsScroll = max(0, state.ethicsScroll)
        return
    }
    state.breachSelected = layout.selected ?? 0
    state.ethicsScroll = layout.firstLine(at: state.ethicsScroll)
}

/// ↑↓ PgUp PgDn Home End while the help is open: it scrolls by a line, a page less one line, or to
/// its ends, within what it has to show.
func scrollHelp(_ state: inout AppState, _ step: Step) -> [Effect] {
    guard let layout = HelpLayout(state) else { return [] }
    let scroll = layout.firstLine(at: state.helpScroll)
    let target: Int
    switch step {
    case .previous: target = scroll - 1
    case .next: target = scroll + 1
    case .pageUp: target = scroll - layout.page
    case .pageDown: target = scroll + layout.page
    case .first: target = 0
    case .last: target = layout.maxScroll
    }
    state.helpScroll = max(0, min(layout.maxScroll, target))
    return []
}

/// The wheel while the help is open.
func scrollHelp(_ state: inout AppState, byLines lines: Int) -> [Effect] {
    guard let layout = HelpLayout(state) else { return [] }
    state.helpScroll = max(0, min(layout.maxScroll, layout.firstLine(at: state.helpScroll) + lines))
    return []
}

/// Keeps the help's offset within its lines (after a resize).
func normalizeHelp(_ state: inout AppState) {
    guard state.showHelp, let layout = HelpLayout(state) else {
        if !state.showHelp { state.helpScroll = 0 }
        return
    }
    state.helpScroll = layout.firstLine(at: state.helpScroll)
}
