// Detail pane scrolling (decision 0016): PgDn/PgUp and the wheel, within the limits of the
// pane's layout (`DetailPaneLayout`), which the renderer draws from too.

import BalansModel

/// PgDn/PgUp in the focused detail pane (decision 0016): PgDn pages the highlight through the
/// categories and, from the last one, scrolls the whole pane (score, cascade, breaches, notice):
/// first to the breakdown, then a page less one line at a time, within its content; PgUp scrolls
/// back and then pages the highlight.
func scrollDetail(_ state: inout AppState, down: Bool) -> [Effect] {
    guard state.keyContext == .detail, selectedVisibleSegment(state) != nil else { return [] }
    let current = state.detailScroll
    let lastRow = detailCategories(state).count - 1
    if down ? (current == 0 && state.detailRow < lastRow) : current == 0 {
        return move(&state, by: down ? page(state) : -page(state))
    }
    guard let layout = DetailPaneLayout(state) else { return [] }
    let avail = layout.visibleLines
    let step = avail <= 2 ? avail : avail - 1
    // The first step down starts at the breakdown (the categories were just paged through); the
    // next ones move a page less one line, so that one line stays in view for orientation.
    let categories = lastRow + 1
    let target = down && current == 0 ? (categories > 0 ? categories + 1 : step) : current + (down ? step : -step)
    state.detailScroll = max(0, min(layout.maxScroll, target))
    state.detailScrolledNow = true
    return []
}

/// The wheel over the focused detail pane: its content moves by `lines`, within its content.
func scrollDetail(_ state: inout AppState, byLines lines: Int) -> [Effect] {
    guard state.keyContext == .detail, selectedVisibleSegment(state) != nil, let layout = DetailPaneLayout(state) else { return [] }
    state.detailScroll = max(0, min(layout.maxScroll, state.detailScroll + lines))
    state.detailScrolledNow = true
    return []
}
