import BalansModel

/// The dashboard's logic: applies an event to the state and returns the side effects to carry out.
/// Pure: no I/O, no clock, no terminal; everything it needs is in the state and the event.
public func update(_ state: inout AppState, _ event: Event) -> [Effect] {
    state.detailScrolledNow = false
    let effects = dispatch(&state, event)
    // A scrolled detail pane is for reading: whatever the user does next (a key, a click, a resize)
    // returns it to its layout, so that nothing is edited or moved out of sight and no offset
    // outlives the content it was measured on (decision 0016). Files arriving do not count.
    switch event {
    case .key, .action, .resize: if !state.detailScrolledNow { state.detailScroll = 0 }
    case .saved, .opened, .compareLoaded, .completions: break
    }
    normalize(&state)
    // At most one new frontier per event, and only when the exclusions or the policy changed.
    if state.frontierIsStale { state.recomputeFrontier() }
    return effects
}

func dispatch(_ state: inout AppState, _ event: Event) -> [Effect] {
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
        // The oldest save in flight to this path is the one that finished.
        let pending = state.pendingSaves.firstIndex(where: { $0.path == path }).map { state.pendingSaves.remove(at: $0) }
        if let error {
            state.status = StatusMessage(state.t(.statusNotSaved, error.description), isError: true)
        } else if let pending {
            if let written = pending.setting {
                state.presetPath = path
                state.markSaved(written)
            }
            state.status = StatusMessage(state.t(.statusSaved, SafeText.escape(path)))
        } else {
            // A save this state did not ask for (or does not remember): take it as the current setting.
            state.presetPath = path
            state.markSaved()
            state.status = StatusMessage(state.t(.statusSaved, SafeText.escape(path)))
        }
        return []
    case .opened(let result):
        switch result {
        case .success(let loaded): open(&state, loaded)
        case .failure(let error): state.status = StatusMessage(state.t(.statusNotOpened, error.description), isError: true)
        }
        return []
    case .compareLoaded(let result):
        switch result {
        case .success(let loaded): loadComparison(&state, loaded)
        case .failure(let error): state.status = StatusMessage(state.t(.statusNotCompared, error.description), isError: true)
        }
        return []
    case .completions(let prefix, let candidates):
        return PromptEditor.complete(&state, prefix: prefix, candidates: candidates)
    }
}

/// Keys: the key map's `everywhere` keys (Ctrl-C) act in every mode; then help and prompts take
/// them, then the filter being typed, then the key map in the state's context.
func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if let action = state.keyMap.action(for: key, in: .everywhere) { return perform(&state, action) }
    if state.showHelp {
        // The overlay's own keys close it; every other key is swallowed.
        guard let action = state.keyMap.action(for: key, in: .help) else { return [] }
        return perform(&state, action)
    }
    if state.prompt != nil { return PromptEditor.handle(&state, key) }
    if state.filtering { return handleFilterKey(&state, key) }
    // A message lasts until the next key.
    state.status = nil
    guard let action = state.keyMap.action(for: key, in: state.keyContext) else { return [] }
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
    // Keep the selection on a visible segment (normalize does it after every event).
    keepSelectionOnVisible(&state)
    keepSelectionVisible(&state)
    return []
}

/// Carries out one action.
func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .selectPrevious: return move(&state, by: -1)
    case .selectNext: return move(&state, by: 1)
    case .pageUp: return move(&state, by: -page(state))
    case .pageDown: return move(&state, by: page(state))
    case .detailPageUp, .detailPageDown: return scrollDetail(&state, down: action == .detailPageDown)
    case .selectFirst: return move(&state, by: Int.min / 2)
    case .selectLast: return move(&state, by: Int.max / 2)
    case .levelDown, .levelUp, .setLevel:
        // Level keys act on the selected segment only while it is shown (not under a filter that
        // matches nothing, not in an empty scenario).
        guard let s = selectedVisibleSegment(state) else { return [] }
        let current = state.evaluation.setting.levels[s]
        switch action {
        case .levelDown: return changeLevel(&state, s, to: current - 1)
        case .levelUp: return changeLevel(&state, s, to: current + 1)
        case .setLevel(let level): return changeLevel(&state, s, to: level)
        default: return []
        }
    case .toggleExclusion: return toggleExclusion(&state)
    case .nextScreen, .previousScreen:
        let screens = Screen.allCases
        let i = screens.firstIndex(of: state.screen) ?? 0
        let step = action == .nextScreen ? 1 : screens.count - 1
        state.screen = screens[(i + step) % screens.count]
        return []
    case .showScreen(let screen):
        state.screen = screen
        return []
    case .enterDetail:
        guard state.screen == .segments, selectedVisibleSegment(state) != nil else { return [] }
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
        // The filter edits the table's list: the table has the keyboard while it is typed.
        state.filtering = true
        state.focus = .table
        return []
    case .undo: return undo(&state)
    case .redo: return redo(&state)
    case .save:
        guard let path = state.presetPath else {
            state.prompt = Prompt(kind: .saveAs)
            return []
        }
        return [save(&state, to: path)]
    case .saveAs:
        state.prompt = Prompt(kind: .saveAs, text: state.presetPath ?? "")
        return []
    case .open:
        state.prompt = Prompt(kind: .open)
        return []
    case .balance:
        state.prompt = Prompt(kind: .budget)
        return []
    case .compare:
        state.prompt = Prompt(kind: .compare, text: state.comparison?.path ?? "")
        return []
    case .frontierNext: return stepAlongFrontier(&state, forward: true)
    case .frontierPrevious: return stepAlongFrontier(&state, forward: false)
    case .frontierStart: return frontierStart(&state)
    case .help:
        state.showHelp = true
        return []
    case .closeHelp:
        state.showHelp = false
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
        if s != state.selected { state.detailRow = 0 }
        state.selected = s
        state.focus = .table
        keepSelectionVisible(&state)
        return []
    case .setSegmentLevel(let s, let level):
        guard s >= 0, s < state.scenario.segments.count, state.row(of: s) != nil else { return [] }
        if s != state.selected { state.detailRow = 0 }
        state.selected = s
        keepSelectionVisible(&state)
        return changeLevel(&state, s, to: level)
    case .scroll(let rows):
        // The wheel moves the view, not the selection.
        let page = Layout.tableRows(width: state.width, height: state.height)
        state.scroll = max(0, min(max(0, state.visibleCount - page), state.scroll + rows))
        return []
    case .scrollDetail(let lines):
        return scrollDetail(&state, byLines: lines)
    }
}

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

/// The preset file for the current setting, saved at `path` (the scenario reference made relative
/// to the preset's folder, against the folder the dashboard was started in).
public func presetText(_ state: AppState, savingTo path: String) -> String {
    let preset = Preset.from(setting: state.evaluation.setting, model: state.model, name: state.presetName,
                             scenario: ScenarioReference.relative(to: state.scenarioReference, fromPresetAt: path,
                                                                  workingDirectory: state.workingDirectory),
                             notes: state.presetNotes)
    return JSONWriter.write(preset.json)
}

/// Replaces the setting (and possibly the scenario) with an opened preset.
func open(_ state: inout AppState, _ loaded: LoadedPreset) {
    let policy = Policy.resolved((loaded.scenario.scenario.policy.map { [$0] } ?? []) + state.extraPolicyLayers)
    state.evaluation = Evaluation(model: loaded.model.with(policy: policy), setting: loaded.setting)
    state.scenarioReference = loaded.scenario.reference
    state.presetName = loaded.preset.name
    state.presetNotes = loaded.preset.notes
    state.presetPath = loaded.path
    state.markSaved()
    state.undoStack.removeAll()
    state.redoStack.removeAll()
    // Saves still in flight wrote the old setting: their success must not mark the new one saved.
    state.pendingSaves = state.pendingSaves.map { PendingSave(path: $0.path, setting: nil) }
    state.filtering = false
    state.setFilter("")
    state.selected = 0
    state.detailRow = 0
    state.scroll = 0
    state.focus = .table
    state.frontierIsStale = true
    state.frontierPoint = nil
    if var comparison = state.comparison {
        comparison.sameScenario = comparison.evaluation.model.scenario == state.scenario
        state.comparison = comparison
    }
    state.status = StatusMessage(state.t(.statusOpened, SafeText.escape(loaded.path)))
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

/// Asks for the preset to be written to `path`, remembering what was written for `.saved`.
func save(_ state: inout AppState, to path: String) -> Effect {
    state.pendingSaves.append(PendingSave(path: path, setting: state.evaluation.setting))
    return .save(path: path, contents: presetText(state, savingTo: path))
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
