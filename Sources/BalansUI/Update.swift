// The dashboard's update: the entry point and the dispatch of events, keys and actions to the
// concerns in the other Update*.swift files. Pure: no I/O, no clock, no terminal, no file system
// (ModuleRulesTests checks the imports and calls).

import BalansModel

/// The dashboard's logic: applies an event to the state and returns the side effects to carry out.
/// Pure: no I/O, no clock, no terminal; everything it needs is in the state and the event.
public func update(_ state: inout AppState, _ event: Event) -> [Effect] {
    state.detailScrolledNow = false
    state.ethicsMeasuredNow = false
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
        // Under the help overlay only the wheel acts (it scrolls the help).
        if state.showHelp, case .scrollHelpLines = action, state.prompt == nil { return perform(&state, action) }
        if state.prompt != nil || state.showHelp { return [] }
        return perform(&state, action)
    case .saved(let path, let error):
        finishSave(&state, path: path, error: error)
        return []
    case .opened(let result):
        switch result {
        case .success(let loaded): applyOpened(&state, loaded)
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
    guard let action = state.keyMap.action(for: key, in: state.keyContexts) else {
        // A level key where no segment is shown changes nothing, and says where levels are set.
        if state.keyMap.action(for: key, in: [.segmentShown]) != nil {
            state.status = StatusMessage(state.t(.statusLevelsWhere))
        }
        return []
    }
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
        // Level keys act on the selected segment only while it is on screen (a screen that shows
        // it, not under a filter that matches nothing, not in an empty scenario).
        guard state.showsSelectedSegment, let s = selectedVisibleSegment(state) else { return [] }
        let current = state.evaluation.setting.levels[s]
        let target: Int
        switch action {
        case .levelDown: target = current - 1
        case .levelUp: target = current + 1
        case .setLevel(let level): target = level
        default: return []
        }
        let effects = changeLevel(&state, s, to: target)
        // Away from the Segments screen the change is named, as it is shown in one cell only.
        if state.screen != .segments, state.evaluation.setting.levels[s] != current {
            state.status = StatusMessage(state.t(.statusLevelSet, segmentName(state, s), String(target),
                                                 SafeText.escape(state.scenario.levels[target].name)))
        }
        return effects
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
            // The demo's example is built in: it is saved only under a name of the user's.
            if state.isDemoExample { state.status = StatusMessage(state.t(.statusDemoSave)) }
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
        state.helpScroll = 0
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
    case .suspend:
        return [.suspend]
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
    case .moveInBreaches(let step): return moveInBreaches(&state, step)
    case .selectBreach(let i): return selectBreach(&state, i)
    case .scrollEthics(let lines): return scrollEthics(&state, byLines: lines)
    case .showBreachSegment: return showBreachSegment(&state)
    case .scrollHelp(let step): return scrollHelp(&state, step)
    case .scrollHelpLines(let lines): return scrollHelp(&state, byLines: lines)
    }
}
