import BalansModel

/// The dashboard's logic: applies an event to the state and returns the side effects to carry out.
/// Pure: no I/O, no clock, no terminal; everything it needs is in the state and the event.
public func update(_ state: inout AppState, _ event: Event) -> [Effect] {
    switch event {
    case .resize(let w, let h):
        state.width = w
        state.height = h
        keepSelectionVisible(&state)
        return []
    case .key(let key):
        return handleKey(&state, key)
    case .action(let action):
        if state.prompt != nil || state.showHelp { return [] }
        return perform(&state, action)
    case .saved(let path, let error):
        if let error {
            state.status = StatusMessage("Not saved: \(error.description)", isError: true)
        } else {
            state.presetPath = path
            state.markSaved()
            state.status = StatusMessage("Saved to \(SafeText.escape(path))")
        }
        return []
    case .opened(let result):
        switch result {
        case .success(let loaded): open(&state, loaded)
        case .failure(let error): state.status = StatusMessage("Not opened: \(error.description)", isError: true)
        }
        return []
    case .completions(let prefix, let candidates):
        return PromptEditor.complete(&state, prefix: prefix, candidates: candidates)
    }
}

/// Keys: help and prompts take them first, then the filter being typed, then the key map.
func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if key == .ctrl("c") { return [.quit] }
    if state.showHelp {
        if [.escape, .char("?"), .function(1), .char("q"), .enter].contains(key) { state.showHelp = false }
        return []
    }
    if state.prompt != nil { return PromptEditor.handle(&state, key) }
    if state.filtering { return handleFilterKey(&state, key) }
    guard let action = state.keyMap.action(for: key, in: state.keyContext) else { return [] }
    state.status = nil
    return perform(&state, action)
}

/// Typing the filter: characters narrow the list at once; Enter keeps it, Esc clears it.
func handleFilterKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .char(let c):
        state.setFilter(state.filter + String(c))
    case .backspace:
        if !state.filter.isEmpty { state.setFilter(String(state.filter.dropLast())) }
    case .enter:
        state.filtering = false
    case .escape:
        state.filtering = false
        state.setFilter("")
    case .up, .down, .pageUp, .pageDown:
        if let action = state.keyMap.action(for: key, in: .table) { return perform(&state, action) }
    default:
        break
    }
    // Keep the selection on a visible segment.
    if state.visibleCount > 0, state.row(of: state.selected) == nil {
        state.selected = state.visibleSegment(at: 0)
        state.detailRow = 0
    }
    keepSelectionVisible(&state)
    return []
}

/// Carries out one action.
func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .selectPrevious: return move(&state, by: -1)
    case .selectNext: return move(&state, by: 1)
    case .pageUp: return move(&state, by: -Layout.tableRows(width: state.width, height: state.height))
    case .pageDown: return move(&state, by: Layout.tableRows(width: state.width, height: state.height))
    case .selectFirst: return move(&state, by: -state.visibleCount)
    case .selectLast: return move(&state, by: state.visibleCount)
    case .levelDown: return changeLevel(&state, state.selected, to: state.evaluation.setting.levels[state.selected] - 1)
    case .levelUp: return changeLevel(&state, state.selected, to: state.evaluation.setting.levels[state.selected] + 1)
    case .setLevel(let level): return changeLevel(&state, state.selected, to: level)
    case .toggleExclusion: return toggleExclusion(&state)
    case .nextScreen, .previousScreen:
        let screens = Screen.available
        let i = screens.firstIndex(of: state.screen) ?? 0
        let step = action == .nextScreen ? 1 : screens.count - 1
        state.screen = screens[(i + step) % screens.count]
        return []
    case .showScreen(let screen):
        guard screen.isAvailable else {
            state.status = StatusMessage("The \(screen.title) screen is not in this version yet", isError: true)
            return [.bell]
        }
        state.screen = screen
        return []
    case .enterDetail:
        guard state.screen == .segments, state.visibleCount > 0 else { return [] }
        state.focus = .detail
        state.detailRow = min(state.detailRow, max(0, detailCategories(state).count - 1))
        return []
    case .back:
        if state.focus == .detail {
            state.focus = .table
        } else if !state.filter.isEmpty {
            state.setFilter("")
            keepSelectionVisible(&state)
        }
        return []
    case .startFilter:
        state.filtering = true
        return []
    case .undo: return undo(&state)
    case .redo: return redo(&state)
    case .save:
        guard let path = state.presetPath else {
            state.prompt = Prompt(kind: .saveAs)
            return []
        }
        return [.save(path: path, contents: presetText(state, savingTo: path))]
    case .saveAs:
        state.prompt = Prompt(kind: .saveAs, text: state.presetPath ?? "")
        return []
    case .open:
        state.prompt = Prompt(kind: .open)
        return []
    case .help:
        state.showHelp = true
        return []
    case .quit:
        if state.isDirty {
            state.prompt = Prompt(kind: .confirmQuit)
            return []
        }
        return [.quit]
    case .quitNow:
        return [.quit]
    case .selectSegment(let s):
        guard s >= 0, s < state.scenario.segments.count, state.row(of: s) != nil else { return [] }
        state.selected = s
        state.focus = .table
        keepSelectionVisible(&state)
        return []
    case .setSegmentLevel(let s, let level):
        guard s >= 0, s < state.scenario.segments.count else { return [] }
        state.selected = s
        return changeLevel(&state, s, to: level)
    case .scroll(let rows):
        let page = Layout.tableRows(width: state.width, height: state.height)
        state.scroll = max(0, min(max(0, state.visibleCount - page), state.scroll + rows))
        return []
    }
}

/// Moves the selection (or the detail pane's highlight) by `delta` rows.
func move(_ state: inout AppState, by delta: Int) -> [Effect] {
    if state.focus == .detail {
        let count = detailCategories(state).count
        state.detailRow = max(0, min(count - 1, state.detailRow + delta))
        return []
    }
    guard state.visibleCount > 0 else { return [] }
    let row = state.row(of: state.selected) ?? 0
    let target = max(0, min(state.visibleCount - 1, row + delta))
    state.selected = state.visibleSegment(at: target)
    state.detailRow = 0
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
    guard state.visibleCount > 0 || level == state.evaluation.setting.levels[s] else { return [] }
    let ladder = state.model.levelCount
    guard level >= 0, level < ladder else {
        state.status = StatusMessage(level < 0 ? "Already at level 0" : "The ladder ends at level \(ladder - 1)")
        return [.bell]
    }
    let from = state.evaluation.setting.levels[s]
    guard from != level else { return [] }
    apply(&state, .level(segment: s, from: from, to: level))
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
    let categories = detailCategories(state)
    guard state.focus == .detail, state.detailRow < categories.count else { return [] }
    let s = state.selected
    let c = categories[state.detailRow]
    let from = state.evaluation.setting.excluded[s]
    var to = from
    if let i = to.firstIndex(of: c) { to.remove(at: i) } else { to.append(c); to.sort() }
    apply(&state, .exclusion(segment: s, from: from, to: to))
    state.undoStack.append(.exclusion(segment: s, from: from, to: to))
    state.redoStack.removeAll()
    return []
}

/// Applies a change forwards.
func apply(_ state: inout AppState, _ change: Change) {
    switch change {
    case .level(let s, _, let to):
        state.evaluation.setLevel(s, to)
        state.noteChanged(s)
    case .exclusion(let s, _, let to):
        state.evaluation.setExclusions(s, to)
        state.noteChanged(s)
    case .setting(_, let to):
        let before = state.evaluation.setting
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
        state.status = StatusMessage("Nothing to undo")
        return [.bell]
    }
    apply(&state, inverse(change))
    state.redoStack.append(change)
    focusOn(&state, change)
    return []
}

func redo(_ state: inout AppState) -> [Effect] {
    guard let change = state.redoStack.popLast() else {
        state.status = StatusMessage("Nothing to redo")
        return [.bell]
    }
    apply(&state, change)
    state.undoStack.append(change)
    focusOn(&state, change)
    return []
}

/// Selects the segment an undone or redone change was about, so the user sees what moved.
func focusOn(_ state: inout AppState, _ change: Change) {
    switch change {
    case .level(let s, _, _), .exclusion(let s, _, _):
        if state.row(of: s) != nil {
            state.selected = s
            keepSelectionVisible(&state)
        }
    case .setting:
        break
    }
}

/// The preset file for the current setting, saved at `path` (the scenario reference made relative
/// to the preset's folder).
public func presetText(_ state: AppState, savingTo path: String) -> String {
    let preset = Preset.from(setting: state.evaluation.setting, model: state.model, name: state.presetName,
                             scenario: Loader.reference(to: state.scenarioReference, fromPresetAt: path),
                             notes: state.presetNotes)
    return JSONWriter.write(preset.json)
}

/// Replaces the setting (and possibly the scenario) with an opened preset.
func open(_ state: inout AppState, _ loaded: LoadedPreset) {
    let policy = Policy.resolved(loaded.scenario.scenario.policy.map { [$0] } ?? [])
    state.evaluation = Evaluation(model: loaded.model.with(policy: policy), setting: loaded.setting)
    state.scenarioReference = loaded.scenario.reference
    state.presetName = loaded.preset.name
    state.presetNotes = loaded.preset.notes
    state.presetPath = loaded.path
    state.markSaved()
    state.undoStack.removeAll()
    state.redoStack.removeAll()
    state.setFilter("")
    state.selected = 0
    state.detailRow = 0
    state.scroll = 0
    state.focus = .table
    state.status = StatusMessage("Opened \(SafeText.escape(loaded.path))")
}
