import BalansModel
import BalansUI
import Foundation
import SnapshotTesting
import Testing

// Builders for the rendering tests. Names carry a `render` prefix so they do not collide with the
// builders of the update tests in the same target.

/// Snapshots are recorded only on purpose (`SNAPSHOT_TESTING_RECORD=all swift test …`); otherwise a
/// missing or different snapshot fails, and nothing is ever re-recorded in CI.
let renderRecordMode: SnapshotTestingConfiguration.Record? =
    ProcessInfo.processInfo.environment["SNAPSHOT_TESTING_RECORD"] == nil ? .never : nil

/// The built-in demo scenario under its own policy layer.
func renderNordicModel() -> ScoringModel {
    let scenario = BuiltinScenarios.scenario(named: "nordic-retail")!
    return ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
}

/// The setting of Fixtures/presets/nordic-balanced.json, written out here so the test reads no file.
func renderBalancedSetting(_ model: ScoringModel) -> Setting {
    let levels = ["teens": 1, "young-urban": 3, "bargain-hunters": 3, "families": 2, "loyal-members": 4,
                  "lapsed": 2, "stretched": 1, "seniors": 2]
    var setting = Setting.generic(segments: model.segmentCount)
    for (id, level) in levels { setting.levels[model.segmentIndex[id]!] = level }
    setting.excluded[model.segmentIndex["loyal-members"]!] = [model.categoryIndex["store-visits"]!]
    return setting
}

/// The dashboard on the balanced preset of the demo scenario.
func renderBalancedState(width: Int = 80, height: Int = 24, color: Bool = true, unicode: Bool = true,
                         selected: Int = 1) -> AppState {
    let model = renderNordicModel()
    var state = AppState(evaluation: Evaluation(model: model, setting: renderBalancedSetting(model)),
                         scenarioReference: "builtin:nordic-retail", presetName: "Balanced spring campaign",
                         presetPath: "Fixtures/presets/nordic-balanced.json", width: width, height: height,
                         capabilities: Capabilities(color: color, unicode: unicode))
    state.selected = selected
    // The fixture exists: opened, not new.
    state.presetFileExists = true
    return state
}

/// A small scenario whose segment names have wide characters (and one combining accent).
func renderWideState(width: Int = 80, height: Int = 24) -> AppState {
    let categories = [
        DataCategory(id: "page", name: "Page context", tier: .simple, identifiability: .negligible),
        DataCategory(id: "buys", name: "購入履歴", tier: .behavioural, identifiability: .significant),
    ]
    let levels = [Level(name: "Generic", description: "The same for everyone."),
                  Level(name: "Context", description: "Offers from the page being read.", uses: ["page"], uplift: 1),
                  Level(name: "履歴", description: "Offers from past purchases.", uses: ["buys"], profiling: true, uplift: 3)]
    let segments = [
        Segment(id: "jp", name: "日本語の顧客", size: 12000, consent: [("page", 0.9), ("buys", 0.5)], groups: [("lang", "ja")]),
        Segment(id: "se", name: "Svenska kunder", size: 30000, consent: [("page", 0.8), ("buys", 0.6)], groups: [("lang", "sv")]),
        Segment(id: "cafe", name: "Cafe\u{301} regulars 常連", size: 800, consent: [("page", 0.95)], groups: [("lang", "fr")]),
    ]
    let scenario = Scenario(name: "Wide names", categories: categories, levels: levels, segments: segments)
    let model = ScoringModel(scenario: scenario, policy: .defaults)
    var setting = Setting.generic(segments: 3)
    setting.levels = [2, 1, 0]
    return AppState(evaluation: Evaluation(model: model, setting: setting), scenarioReference: "builtin:test",
                    presetName: "東京 preset", presetPath: nil, width: width, height: height)
}

/// Asserts the rendered screen of `state` against its snapshot: the text, then the style of every
/// cell (`styledSnapshot`), so that a lost highlight, band colour or bold fails as a changed word does.
func assertScreen(_ state: AppState, named name: String,
                  fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                  testName: String = #function, line: UInt = #line, column: UInt = #column) {
    let frame = render(state)
    assertSnapshot(of: styledSnapshot(frame.canvas), as: .lines, named: name, record: renderRecordMode,
                   fileID: fileID, file: filePath, testName: testName, line: line, column: column)
}

/// A canvas as text a person can review, styles included (ratatui's TestBackend shows styles too):
/// the rows as `Canvas.text` gives them; then, under `── styles ──`, one character per column: `.`
/// for the plain style and a letter for each other style, in order of first appearance (row by row),
/// trailing plain cells left out; then the legend of the letters. A wide character's two columns
/// both carry its letter, so the grid lines up with the text in a monospaced view.
func styledSnapshot(_ canvas: Canvas) -> String {
    var letters: [Style: Character] = [:]
    var legend: [String] = []
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    var grid: [String] = []
    for y in 0..<canvas.height {
        var row = ""
        for x in 0..<canvas.width {
            var style = canvas[x, y].style
            if canvas[x, y].isContinuation, x > 0 { style = canvas[x - 1, y].style }
            if style == .plain { row.append("."); continue }
            if letters[style] == nil {
                let letter = letters.count < alphabet.count ? alphabet[letters.count] : "?"
                letters[style] = letter
                legend.append("\(letter) \(describe(style))")
            }
            row.append(letters[style] ?? "?")
        }
        while row.last == "." { row.removeLast() }
        grid.append(row)
    }
    return canvas.text + "\n── styles ──\n" + grid.joined(separator: "\n") + "\n── legend ──\n" + legend.joined(separator: "\n")
}

/// "fg:red bg:blue bold dim underline reverse", the attributes a style sets.
private func describe(_ style: Style) -> String {
    var parts: [String] = []
    if style.foreground != .default { parts.append("fg:\(style.foreground)") }
    if style.background != .default { parts.append("bg:\(style.background)") }
    if style.bold { parts.append("bold") }
    if style.dim { parts.append("dim") }
    if style.underline { parts.append("underline") }
    if style.reverse { parts.append("reverse") }
    return parts.joined(separator: " ")
}

/// The balanced dashboard with the all-generic preset of the same scenario loaded for comparison
/// (or a preset of another scenario), as `c` leaves it.
func renderComparingState(width: Int = 80, height: Int = 24, color: Bool = true, unicode: Bool = true,
                          otherScenario: Bool = false) -> AppState {
    var state = renderBalancedState(width: width, height: height, color: color, unicode: unicode)
    let scenario = otherScenario ? BuiltinScenarios.scenario(named: "savings-bank")! : state.scenario
    let model = ScoringModel(scenario: scenario, policy: .defaults)
    var setting = Setting.generic(segments: model.segmentCount)
    if !otherScenario { setting.levels[1] = 2 }
    let preset = loaded(scenario, setting: setting, path: otherScenario ? "presets/bank.json" : "presets/cautious.json",
                        name: otherScenario ? "Bank baseline" : "Cautious")
    _ = update(&state, .compareLoaded(.success(preset)))
    state.status = nil
    return state
}
