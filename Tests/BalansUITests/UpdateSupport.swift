@testable import BalansModel
@testable import BalansUI
import Testing

// Builders shared by the tests of `update`. Expected values live in the tests, computed by hand
// from SPEC §1 and §4; nothing here decides what is right.

/// The built-in demo scenario: 8 segments (teens, young-urban, bargain-hunters, families,
/// loyal-members, lapsed, stretched, seniors), 6 levels (0 Generic … 5 Predictive), 15 categories.
func nordicModel() -> ScoringModel {
    let scenario = BuiltinScenarios.scenario(named: "nordic-retail")!
    return ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
}

func nordicState(width: Int = 80, height: Int = 24, presetPath: String? = nil, setting: Setting? = nil) -> AppState {
    let model = nordicModel()
    return AppState(evaluation: Evaluation(model: model, setting: setting ?? .generic(segments: model.segmentCount)),
                    scenarioReference: "builtin:nordic-retail", presetName: "Test", presetPath: presetPath,
                    width: width, height: height)
}

/// A scenario of `count` segments named "Segment 0" … with ids s0 …, three categories and a
/// three-level ladder (0: none, 1: a b, 2: c), everyone consenting to everything at 0.5.
func manyScenario(_ count: Int, name: String = "many") -> Scenario {
    let categories = [
        DataCategory(id: "a", name: "A", tier: .simple, identifiability: .limited),
        DataCategory(id: "b", name: "B", tier: .behavioural, identifiability: .significant),
        DataCategory(id: "c", name: "C", tier: .financial, identifiability: .maximum),
    ]
    let levels = [Level(name: "Generic"), Level(name: "One", uses: ["a", "b"], uplift: 1),
                  Level(name: "Two", uses: ["c"], profiling: true, uplift: 2)]
    let segments = (0..<count).map {
        Segment(id: "s\($0)", name: "Segment \($0)", size: 100 * ($0 + 1), consent: [("a", 0.5), ("b", 0.5), ("c", 0.5)])
    }
    return Scenario(name: name, categories: categories, levels: levels, segments: segments)
}

func state(of scenario: Scenario, width: Int = 80, height: Int = 24, presetPath: String? = nil) -> AppState {
    let model = ScoringModel(scenario: scenario, policy: .defaults)
    return AppState(evaluation: Evaluation(model: model), scenarioReference: "builtin:test", presetName: "Test",
                    presetPath: presetPath, width: width, height: height)
}

/// Sends keys one by one; returns every effect in order.
@discardableResult
func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
    keys.flatMap { update(&state, .key($0)) }
}

@discardableResult
func type(_ state: inout AppState, _ text: String) -> [Effect] {
    text.flatMap { update(&state, .key(.char($0))) }
}

/// The package root, from this file's path (Tests/BalansUITests/UpdateSupport.swift).
func packageRoot(_ file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}

/// The preset file text decoded, and resolved against `model`.
func decodePreset(_ contents: String, path: String, model: ScoringModel) throws -> (Preset, Setting) {
    let source = SourceText(file: path, bytes: Array(contents.utf8))
    let root = Node(try source.parseJSON())
    return (try Preset.decode(root), try Preset.resolve(root, against: model))
}

/// A hand-made LoadedPreset of `scenario` at `setting`.
func loaded(_ scenario: Scenario, setting: Setting, path: String, name: String = "Opened") -> LoadedPreset {
    let model = ScoringModel(scenario: scenario, policy: .defaults)
    return LoadedPreset(preset: Preset(name: name, scenario: "builtin:\(scenario.name)"), path: path,
                        scenario: LoadedScenario(scenario: scenario, reference: "builtin:\(scenario.name)"),
                        setting: setting, model: model)
}

/// The invariants of SPEC §4 that every event must leave behind.
func checkInvariants(_ state: AppState, savedSetting: Setting, sourceLocation: SourceLocation = #_sourceLocation) {
    let n = state.scenario.segments.count
    let page = Layout.tableRows(width: state.width, height: state.height)
    if n == 0 {
        #expect(state.selected == 0, sourceLocation: sourceLocation)
    } else {
        #expect((0..<n).contains(state.selected), sourceLocation: sourceLocation)
        if state.visibleCount > 0 {
            #expect(state.row(of: state.selected) != nil, "selection hidden by the filter", sourceLocation: sourceLocation)
        }
    }
    #expect(state.scroll >= 0 && state.scroll <= max(0, state.visibleCount - page), "scroll \(state.scroll)", sourceLocation: sourceLocation)
    let categories = detailCategories(state)
    #expect(state.detailRow == 0 || state.detailRow < categories.count, "detailRow \(state.detailRow)", sourceLocation: sourceLocation)
    if state.focus == .detail {
        #expect(state.row(of: state.selected) != nil, "detail focus on a hidden segment", sourceLocation: sourceLocation)
    }
    let fresh = Evaluation(model: state.model, setting: state.evaluation.setting)
    #expect(fresh.rows == state.evaluation.rows, sourceLocation: sourceLocation)
    #expect(fresh.aggregate == state.evaluation.aggregate, sourceLocation: sourceLocation)
    #expect(state.isDirty == (state.evaluation.setting != savedSetting), sourceLocation: sourceLocation)
    // The cached frontier is the one of the current exclusions and policy.
    #expect(!state.frontierIsStale, sourceLocation: sourceLocation)
    let frontier = Optimizer.frontier(state.model, excluded: state.evaluation.setting.excluded)
    #expect(frontier.points == state.frontier.points, "stale frontier", sourceLocation: sourceLocation)
    // The Ethics screen's selection and offset, and the help's, within what they show (issue 12).
    if state.screen == .ethics, let layout = EthicsLayout(state) {
        #expect(state.breachSelected >= 0 && state.breachSelected < max(1, layout.breaches.count), sourceLocation: sourceLocation)
        #expect(state.ethicsScroll >= 0 && state.ethicsScroll <= layout.maxScroll, "ethicsScroll \(state.ethicsScroll)",
                sourceLocation: sourceLocation)
    }
    if state.showHelp, let layout = HelpLayout(state) {
        #expect(state.helpScroll >= 0 && state.helpScroll <= layout.maxScroll, "helpScroll \(state.helpScroll)", sourceLocation: sourceLocation)
    }
}

/// SplitMix64: a small seeded generator, so that a failing sequence can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `update` for a test that looks at the state, not the effects.
@discardableResult
func send(_ state: inout AppState, _ event: Event) -> [Effect] {
    update(&state, event)
}
