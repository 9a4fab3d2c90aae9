import BalansModel

// The trade-off keys of issue 4: balance to a budget (`b`), stepping along the frontier (n, p, r on
// the Trade-off screen) and loading a preset to compare with (`c`). All pure: the optimiser is
// model code, and the preset file is read by the terminal module (Effect.loadCompare).

/// Applies `levels` (the exclusions stay) as one undoable change of the whole setting. Returns
/// false when nothing would change.
@discardableResult
func applyLevels(_ state: inout AppState, _ levels: [Int]) -> Bool {
    let from = state.evaluation.setting
    guard levels.count == from.levels.count, levels != from.levels else { return false }
    let to = Setting(levels: levels, excluded: from.excluded)
    let change = Change.setting(from: from, to: to)
    keepingHighlight(&state) { apply(&$0, change) }
    state.undoStack.append(change)
    state.redoStack.removeAll()
    return true
}

/// Enter in the budget prompt: validates the budget, then balances (SPEC §1.10). An invalid budget
/// keeps the prompt open with the reason in the status line, so that it can be corrected.
func balance(_ state: inout AppState, _ text: String) -> [Effect] {
    let trimmed = text.trimmingSpaces.replacingComma
    guard let budget = Double(trimmed), budget.isFinite, budget >= 0, budget <= 100 else {
        state.status = StatusMessage(trimmed.isEmpty ? state.t(.statusTypeBudget)
                                     : state.t(.statusBadBudget, SafeText.escape(text)), isError: true)
        return [.bell]
    }
    state.prompt = nil
    let label = state.short(budget)
    let result: BalanceResult
    do {
        result = try Optimizer.balance(state.model, excluded: state.evaluation.setting.excluded, budget: budget)
    } catch {
        switch error {
        case .budgetTooLow(let minimum):
            state.status = StatusMessage(state.t(.statusBelowLeast, label, state.fixed(minimum, 1)), isError: true)
        case .blocked(let segments):
            state.status = StatusMessage(state.t(.statusNotBalanced, blockedText(state, segments)), isError: true)
        }
        return [.bell]
    }
    let changed = applyLevels(&state, result.levels)
    state.frontierPoint = nil
    let a = state.evaluation.aggregate
    let how = result.exact ? state.t(.statusProvenOptimal)
        : state.t(.statusWithinStep, state.whole(Int(result.bound.rounded())))
    state.status = StatusMessage(state.t(changed ? .statusBalanced : .statusAlreadyBalanced, label,
                                         state.fixed(a.intrusiveness, 1), state.whole(Int(a.value.rounded())), how))
    return []
}

/// "teens, lapsed have no level the code allows".
func blockedText(_ state: AppState, _ segments: [Int]) -> String {
    guard !segments.isEmpty else { return state.t(.statusFrontierEmpty) }
    let names = segments.prefix(3).map { segmentName(state, $0) }.joined(separator: ", ")
    let more = segments.count > 3 ? state.t(.statusMore, String(segments.count - 3)) : ""
    return state.t(segments.count == 1 ? .statusHasNoLevel : .statusHaveNoLevel, names + more)
}

/// Where the current setting is on the frontier: the point it is at (when it has that point's
/// levels), else nil. The point last stepped to is tried first; otherwise the point with the same
/// figures, if any (all-generic is usually the start). O(points + segments).
func currentFrontierPoint(_ state: AppState) -> Int? {
    let frontier = state.frontier
    let levels = state.evaluation.setting.levels
    if let i = state.frontierPoint, i < frontier.points.count, frontier.levels(at: i) == levels { return i }
    let a = state.evaluation.aggregate
    let eps = 1e-9
    guard let i = frontier.points.lastIndex(where: {
        abs($0.intrusiveness - a.intrusiveness) <= eps && abs($0.value - a.value) <= 1e-6
    }) else { return nil }
    return frontier.levels(at: i) == levels ? i : nil
}

/// The frontier point `n` (forward) or `p` moves to from the current setting: the neighbour of the
/// point it is at, or else the first point beyond it (more intrusive, or as intrusive and worth
/// more) or the last one before it.
func frontierTarget(_ state: AppState, forward: Bool) -> Int? {
    let points = state.frontier.points
    guard !points.isEmpty else { return nil }
    if let i = currentFrontierPoint(state) {
        let j = forward ? i + 1 : i - 1
        return j >= 0 && j < points.count ? j : nil
    }
    let a = state.evaluation.aggregate
    let eps = 1e-9
    if forward {
        return points.firstIndex { $0.intrusiveness > a.intrusiveness + eps
            || ($0.intrusiveness >= a.intrusiveness - eps && $0.value > a.value + eps) }
    }
    return points.lastIndex { $0.intrusiveness < a.intrusiveness - eps
        || ($0.intrusiveness <= a.intrusiveness + eps && $0.value < a.value - eps) }
}

/// One move of a frontier step, in words: "Young urban adults 2 Segment → 3 Behavioural".
func stepText(_ state: AppState, _ step: FrontierStep, arrow: String = "→") -> String {
    let levels = state.scenario.levels
    func level(_ l: Int) -> String { l < levels.count ? "\(l) \(SafeText.escape(levels[l].name))" : "\(l)" }
    return "\(segmentName(state, step.segment)) \(level(step.from)) \(arrow) \(level(step.to))"
}

/// "+1 234 value for +2.1 intrusiveness".
func stepGain(_ state: AppState, _ step: FrontierStep) -> String {
    state.t(.stepGain, state.signedWhole(Int(step.value.rounded())), state.signedFixed(step.cost, 1))
}

/// "+1 234 value, +2.1 intr.": the status line's shorter form.
func stepGainShort(_ state: AppState, _ step: FrontierStep) -> String {
    state.t(.stepGainShort, state.signedWhole(Int(step.value.rounded())), state.signedFixed(step.cost, 1))
}

/// n / p on the Trade-off screen.
func stepAlongFrontier(_ state: inout AppState, forward: Bool) -> [Effect] {
    let frontier = state.frontier
    guard !frontier.isEmpty else {
        state.status = StatusMessage(state.t(.statusNoFrontier, blockedText(state, frontier.blocked)), isError: true)
        return [.bell]
    }
    let from = currentFrontierPoint(state)
    guard let j = frontierTarget(state, forward: forward) else {
        state.status = StatusMessage(state.t(forward ? .statusFrontierEnd : .statusFrontierStart))
        return [.bell]
    }
    applyLevels(&state, frontier.levels(at: j))
    state.frontierPoint = j
    let where_ = state.t(.statusPoint, String(j), String(frontier.points.count - 1))
    if let i = from, j == i + 1 {
        let step = frontier.steps[i]
        state.status = StatusMessage("\(where_): \(stepText(state, step)): \(stepGainShort(state, step))")
    } else if let i = from, j == i - 1 {
        let step = frontier.steps[j]
        state.status = StatusMessage(state.t(.statusBackFrom, where_, stepText(state, step),
                                             state.signedWhole(-Int(step.value.rounded())), state.signedFixed(-step.cost, 1)))
    } else {
        let p = frontier.points[j]
        state.status = StatusMessage(where_ + ": " + state.t(.statusIntrusivenessValue, state.fixed(p.intrusiveness, 1),
                                                             state.whole(Int(p.value.rounded()))))
    }
    return []
}

/// r on the Trade-off screen: the frontier's start (the least intrusive allowed setting).
func frontierStart(_ state: inout AppState) -> [Effect] {
    let frontier = state.frontier
    guard let p = frontier.points.first else {
        state.status = StatusMessage(state.t(.statusNoFrontier, blockedText(state, frontier.blocked)), isError: true)
        return [.bell]
    }
    let changed = applyLevels(&state, frontier.levels(at: 0))
    state.frontierPoint = 0
    state.status = StatusMessage(state.t(changed ? .statusResetToStart : .statusAlreadyAtStart) + ": "
        + state.t(.statusIntrusivenessValue, state.fixed(p.intrusiveness, 1), state.whole(Int(p.value.rounded()))))
    return []
}

/// A preset loaded with `c`: scored under its scenario's policy and the `--policy` layers (as `o`
/// would), and shown on the Compare screen.
func loadComparison(_ state: inout AppState, _ loaded: LoadedPreset) {
    let policy = Policy.resolved((loaded.scenario.scenario.policy.map { [$0] } ?? []) + state.extraPolicyLayers)
    let evaluation = Evaluation(model: loaded.model.with(policy: policy), setting: loaded.setting)
    let same = loaded.scenario.scenario == state.scenario
    state.comparison = Comparison(path: loaded.path, name: loaded.preset.name, scenarioReference: loaded.scenario.reference,
                                  evaluation: evaluation, sameScenario: same)
    state.screen = .compare
    state.status = StatusMessage(state.t(.statusComparing, SafeText.escape(loaded.preset.name), SafeText.escape(loaded.path))
        + (same ? "" : state.t(.statusOtherScenario)))
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    /// "35,5" read as 35.5 (a Nordic facilitator types a comma).
    var replacingComma: String { String(map { $0 == "," ? "." : $0 }) }
}
