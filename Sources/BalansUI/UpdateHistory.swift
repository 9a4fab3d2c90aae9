// Undo history: changes applied forwards and backwards, undo and redo, and where they put the
// selection and what the status line says.

import BalansModel

/// Applies a change forwards.
func apply(_ state: inout AppState, _ change: Change) {
    switch change {
    case .level(let s, _, let to):
        state.evaluation.setLevel(s, to)
        state.noteChanged(s)
    case .exclusion(let s, _, let to):
        state.evaluation.setExclusions(s, to)
        state.noteChanged(s)
        state.frontierIsStale = true
    case .setting(_, let to):
        let before = state.evaluation.setting
        if before.excluded != to.excluded { state.frontierIsStale = true }
        state.evaluation.apply(to)
        for s in to.levels.indices where before.levels[s] != to.levels[s] || before.excluded[s] != to.excluded[s] {
            state.noteChanged(s)
        }
    }
}

/// The change that undoes `change`.
func inverse(_ change: Change) -> Change {
    switch change {
    case .level(let s, let from, let to): return .level(segment: s, from: to, to: from)
    case .exclusion(let s, let from, let to): return .exclusion(segment: s, from: to, to: from)
    case .setting(let from, let to): return .setting(from: to, to: from)
    }
}

func undo(_ state: inout AppState) -> [Effect] {
    guard let change = state.undoStack.popLast() else {
        state.status = StatusMessage(state.t(.statusNothingToUndo))
        return [.bell]
    }
    keepingHighlight(&state) { apply(&$0, inverse(change)) }
    state.redoStack.append(change)
    focusOn(&state, change, state.t(.statusUndone), inverse(change))
    return []
}

func redo(_ state: inout AppState) -> [Effect] {
    guard let change = state.redoStack.popLast() else {
        state.status = StatusMessage(state.t(.statusNothingToRedo))
        return [.bell]
    }
    keepingHighlight(&state) { apply(&$0, change) }
    state.undoStack.append(change)
    focusOn(&state, change, state.t(.statusRedone), change)
    return []
}

/// Selects the segment an undone or redone change was about, so the user sees what moved, and
/// says in the status line what happened (`applied` is the change as it was just applied).
/// A change to a segment the filter hides clears the filter: the selection must stay on a shown
/// segment, and a change the user cannot see is worse than losing the filter.
/// For an exclusion, the detail pane's highlight goes to the category that was toggled.
func focusOn(_ state: inout AppState, _ change: Change, _ verb: String, _ applied: Change) {
    var message: String
    switch applied {
    case .level(let s, _, let to):
        message = state.t(.statusAtLevel, verb, segmentName(state, s), String(to))
    case .exclusion(let s, let from, let to):
        let toggled = Set(from).symmetricDifference(to).sorted()
        let names = toggled.map { SafeText.escape(state.scenario.categories[$0].name) }.joined(separator: ", ")
        message = state.t(to.count > from.count ? .statusExcludes : .statusIncludes, verb, segmentName(state, s), names)
        if toggled.isEmpty { message = "\(verb): \(segmentName(state, s))" }
    case .setting:
        let a = state.evaluation.aggregate
        message = state.t(.statusWholeSetting, verb, state.fixed(a.intrusiveness, 1), state.whole(Int(a.value.rounded())))
    }
    switch change {
    case .level(let s, _, _), .exclusion(let s, _, _):
        guard s >= 0, s < state.scenario.segments.count else { break }
        if state.row(of: s) == nil {
            state.filtering = false
            state.setFilter("")
            message += state.t(.statusFilterCleared)
        }
        if s != state.selected { state.detailRow = 0 }
        state.selected = s
        if case .exclusion(_, let from, let to) = change {
            let toggled = Set(from).symmetricDifference(to)
            if let c = toggled.first, let row = detailCategories(state).firstIndex(of: c) { state.detailRow = row }
        }
        keepSelectionVisible(&state)
    case .setting:
        break
    }
    state.status = StatusMessage(message)
}

func segmentName(_ state: AppState, _ s: Int) -> String {
    s >= 0 && s < state.scenario.segments.count ? SafeText.escape(state.scenario.segments[s].name) : state.t(.statusSegmentNumber, String(s + 1))
}
