import BalansModel
import BalansText
@testable import BalansUI
import SnapshotTesting
import Testing

/// The setting of Fixtures/presets/nordic-aggressive.json (25 breaches), written out here so the
/// test reads no file.
func renderAggressiveState(width: Int, height: Int, unicode: Bool = true, swedish: Bool = false) -> AppState {
    let model = renderNordicModel()
    let levels = ["teens": 3, "young-urban": 5, "bargain-hunters": 5, "families": 5, "loyal-members": 5,
                  "lapsed": 4, "stretched": 4, "seniors": 5]
    var setting = Setting.generic(segments: model.segmentCount)
    for (id, level) in levels { setting.levels[model.segmentIndex[id]!] = level }
    var state = AppState(evaluation: Evaluation(model: model, setting: setting), scenarioReference: "builtin:nordic-retail",
                         presetName: "Maximum personalisation", presetPath: "Fixtures/presets/nordic-aggressive.json",
                         width: width, height: height, capabilities: Capabilities(color: unicode, unicode: unicode))
    if swedish { state.catalogue = Catalogue(.sv) }
    return state
}

/// The Ethics screen and the help of issue 12 at 80×24, 100×30 and 160×50, in English, Swedish and
/// ASCII (without colour), recorded on purpose and looked at.
@Suite("Render snapshots: Ethics list and scrolling help")
struct EthicsHelpSnapshotTests {
    static let sizes = [(80, 24), (100, 30), (160, 50)]
    static let variants: [(tag: String, unicode: Bool, swedish: Bool)] = [("en", true, false), ("sv", true, true), ("ascii", false, false)]

    @Test("the Ethics screen of nordic-aggressive: the list, the selected breach's whole message")
    func ethics() {
        for (w, h) in Self.sizes {
            for v in Self.variants {
                var state = renderAggressiveState(width: w, height: h, unicode: v.unicode, swedish: v.swedish)
                state.screen = .ethics
                // The vulnerable-band breach: the longest message, wrapped whole below the list.
                for _ in 0..<8 { _ = update(&state, .key(.down)) }
                assertScreen(state, named: "ethics-\(v.tag)-\(w)x\(h)")
            }
        }
    }

    @Test("the Ethics screen scrolled to its end at 80×24: the last breach, fairness, DPIA")
    func ethicsEnd() {
        var state = renderAggressiveState(width: 80, height: 24)
        state.screen = .ethics
        _ = update(&state, .key(.end))
        assertScreen(state, named: "ethics-last-80x24")
        for _ in 0..<5 { _ = update(&state, .key(.pageDown)) }
        assertScreen(state, named: "ethics-bottom-80x24")
    }

    @Test("help: wrapped, one column that scrolls, or two when it fits")
    func help() {
        for (w, h) in Self.sizes {
            for v in Self.variants {
                var state = renderAggressiveState(width: w, height: h, unicode: v.unicode, swedish: v.swedish)
                state.showHelp = true
                assertScreen(state, named: "help-\(v.tag)-\(w)x\(h)")
            }
        }
        var state = renderAggressiveState(width: 80, height: 24)
        _ = update(&state, .key(.char("?")))
        _ = update(&state, .key(.end))
        assertScreen(state, named: "help-end-80x24")
    }
}
