// Selection and levels: moving the selection, keeping it in view and on a shown segment, setting
// levels and exclusions, and the invariants every event leaves behind.

import BalansModel

/// Moves the selection (or the detail pane's highlight) by `delta` rows.
func move(_ state: inout AppState, by delta: Int) -> [Effect] {
    if state.keyContext == .detail {
        let count = detailCategories(state).count
        state.detailRow = max(0, min(count - 1, state.detailRow + delta))
        return []
    }
    guard state.visibleCount > 0 else { return [] }
    let row = state.row(of: state.selected) ?? 0
    let target = max(0, min(state.visibleCount - 1, row + delta))
    let s = state.visibleSegment(at: target)
    if s != state.selected { state.detailRow = 0 }
    state.selected = s
    keepSelectionVisible(&state)
    return []
}

/// Scrolls the table so that the selected segment is on screen.
func keepSelectionVisible(_ state: inout AppState) {
    let page = Layout.tableRows(width: state.width, height: state.height)
    guard let row = state.row(of: state.selected) else {
        state.scroll = max(0, min(state.scroll, state.visibleCount - page))
        return
    }
    if row < state.scroll { state.scroll = row }
    if row >= state.scroll + page { state.scroll = row - page + 1 }
    state.scroll = max(0, min(state.scroll, max(0, state.visibleCount - page)))
}

/// Sets segment `s` to `level`, recording the change for undo.
func changeLevel(_ state: inout AppState, _ s: Int, to level: Int) -> [Effect] {
    guard s >= 0, s < state.scenario.segments.count else { return [] }
    let ladder = state.model.levelCount
    guard level >= 0, level < ladder else {
        state.status = StatusMessage(level < 0 ? state.t(.statusAtLevelZero) : state.t(.statusLadderEnds, String(ladder - 1)))
        return [.bell]
    }
    let from = state.evaluation.setting.levels[s]
    guard from != level else { return [] }
    keepingHighlight(&state) { apply(&$0, .level(segment: s, from: from, to: level)) }
    state.undoStack.append(.level(segment: s, from: from, to: level))
    state.redoStack.removeAll()
    return []
}

/// The categories listed in the detail pane: everything levels 0…l use (excluded ones included, so
/// that they can be included again), in catalogue order.
public func detailCategories(_ state: AppState) -> [Int] {
    let s = state.selected
    guard s < state.scenario.segments.count else { return [] }
    return state.model.touches(level: state.evaluation.setting.levels[s])
}

/// Space in the detail pane: excludes or includes the highlighted category.
func toggleExclusion(_ state: inout AppState) -> [Effect] {
    // While the pane is scrolled the highlighted category may be out of sight: Space first brings
    // the pane back to its layout (where the highlight shows), and only a second Space toggles.
    guard state.detailScroll == 0 else { return [] }
    let categories = detailCategories(state)
    guard state.keyContext == .detail, let s = selectedVisibleSegment(state), state.detailRow < categories.count else { return [] }
    let c = categories[state.detailRow]
    let from = state.evaluation.setting.excluded[s]
    var to = from
    if let i = to.firstIndex(of: c) { to.remove(at: i) } else { to.append(c); to.sort() }
    apply(&state, .exclusion(segment: s, from: from, to: to))
    state.undoStack.append(.exclusion(segment: s, from: from, to: to))
    state.redoStack.removeAll()
    return []
}

/// Runs `body`, keeping the detail pane's highlight on the same category when the selected
/// segment's list changes around it (a level change adds or removes categories before it).
func keepingHighlight(_ state: inout AppState, _ body: (inout AppState) -> Void) {
    let segment = state.selected
    let highlighted = detailCategories(state).dropFirst(state.detailRow).first
    body(&state)
    if let highlighted, state.selected == segment, let row = detailCategories(state).firstIndex(of: highlighted) {
        state.detailRow = row
    }
}

/// The selected segment when it exists and the filter shows it.
func selectedVisibleSegment(_ state: AppState) -> Int? {
    let s = state.selected
    guard s >= 0, s < state.scenario.segments.count, state.row(of: s) != nil else { return nil }
    return s
}

/// Rows PgUp/PgDn move: a page of the table, or of the detail pane when it has the keyboard
/// (its first row is its title).
func page(_ state: AppState) -> Int {
    if state.keyContext == .detail {
        return max(1, Layout.segments(width: state.width, height: state.height, segmentCount: state.visibleCount).detail.height - 1)
    }
    return Layout.tableRows(width: state.width, height: state.height)
}

/// Moves the selection to the first shown segment when the filter hides it.
func keepSelectionOnVisible(_ state: inout AppState) {
    if state.visibleCount > 0, state.row(of: state.selected) == nil {
        state.selected = state.visibleSegment(at: 0)
        state.detailRow = 0
    }
}

/// The invariants every event leaves behind, whatever changed: the selection is a segment (shown,
/// when any is), the detail pane has the keyboard only over a shown segment, its highlight is on
/// one of its categories, and the table's scroll is in range. O(log segments + categories).
func normalize(_ state: inout AppState) {
    normalizeEthics(&state)
    normalizeHelp(&state)
    let count = state.scenario.segments.count
    guard count > 0 else {
        state.selected = 0
        state.detailRow = 0
        state.scroll = 0
        state.focus = .table
        return
    }
    state.selected = max(0, min(count - 1, state.selected))
    if state.visibleCount > 0, state.row(of: state.selected) == nil {
        keepSelectionOnVisible(&state)
        keepSelectionVisible(&state)
    }
    if state.row(of: state.selected) == nil { state.focus = .table }
    state.detailRow = max(0, min(state.detailRow, detailCategories(state).count - 1))
    if state.focus != .detail || state.screen != .segments { state.detailScroll = 0 }
    let page = Layout.tableRows(width: state.width, height: state.height)
    state.scroll = max(0, min(state.scroll, state.visibleCount - page))
}
