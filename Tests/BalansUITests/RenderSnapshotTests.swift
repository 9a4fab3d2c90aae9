import BalansModel
@testable import BalansUI
import SnapshotTesting
import Testing

/// Text snapshots of every screen (SPEC §4), recorded once on purpose and looked at by a person.
@Suite("Render snapshots")
struct RenderSnapshotTests {
    @Test("every screen at 80×24 and 120×40")
    func screens() {
        for (w, h) in [(80, 24), (120, 40)] {
            for screen in Screen.available {
                var state = renderBalancedState(width: w, height: h)
                state.screen = screen
                assertScreen(state, named: "\(screen.title.lowercased())-\(w)x\(h)")
            }
        }
    }

    @Test("the detail pane focused, a highlighted category, unsaved changes")
    func detailFocused() {
        for (w, h, s) in [(80, 24, 4), (120, 40, 4), (120, 40, 0)] {
            var state = renderBalancedState(width: w, height: h, selected: s)
            state.focus = .detail
            state.detailRow = 2
            state.evaluation.setLevel(7, 3)
            state.noteChanged(7)
            assertScreen(state, named: "segment\(s)-\(w)x\(h)")
        }
    }

    @Test("prompts: save as with candidates, confirm quit, the filter being typed, an error status")
    func prompts() {
        var state = renderBalancedState()
        var prompt = Prompt(kind: .saveAs, text: "presets/spring-balanced.json")
        prompt.cursor = 8
        prompt.candidates = ["presets/spring-a.json", "presets/spring-b.json"]
        state.prompt = prompt
        assertScreen(state, named: "save-as")
        state.prompt = Prompt(kind: .confirmQuit)
        assertScreen(state, named: "confirm-quit")
        state.prompt = nil
        state.filtering = true
        state.setFilter("fam")
        state.selected = 3
        assertScreen(state, named: "filtering")
        state.filtering = false
        state.setFilter("")
        state.status = StatusMessage("Not saved: /nope/x.json: cannot write (permission denied)", isError: true)
        assertScreen(state, named: "error-status")
    }

    @Test("help at 80×24, 120×40 and in ASCII")
    func help() {
        for (w, h, unicode) in [(80, 24, true), (120, 40, true), (80, 24, false)] {
            var state = renderBalancedState(width: w, height: h, unicode: unicode)
            state.showHelp = true
            assertScreen(state, named: "\(unicode ? "unicode" : "ascii")-\(w)x\(h)")
        }
    }

    @Test("small terminals: 60×15 degrades, 30×8 shows only the message")
    func small() {
        for screen in Screen.available {
            var state = renderBalancedState(width: 60, height: 15)
            state.screen = screen
            assertScreen(state, named: "\(screen.title.lowercased())-60x15")
        }
        var state = renderBalancedState(width: 40, height: 10)
        assertScreen(state, named: "segments-40x10")
        state = renderBalancedState(width: 30, height: 8)
        assertScreen(state, named: "too-small-30x8")
    }

    @Test("no colour, no Unicode")
    func plain() {
        for screen in Screen.available {
            var state = renderBalancedState(color: false, unicode: false)
            state.screen = screen
            assertScreen(state, named: "ascii-\(screen.title.lowercased())-80x24")
        }
        var state = renderBalancedState(width: 120, height: 40, color: false, unicode: false, selected: 4)
        state.focus = .detail
        assertScreen(state, named: "ascii-detail-120x40")
    }

    @Test("wide characters line up")
    func wide() {
        for screen in Screen.available {
            var state = renderWideState()
            state.screen = screen
            assertScreen(state, named: "\(screen.title.lowercased())-80x24")
        }
        var state = renderWideState(width: 120, height: 30)
        state.selected = 2
        assertScreen(state, named: "generic-120x30")
    }

    @Test("Trade-off and Compare at 80×24 and 120×40, with and without Unicode and colour")
    func tradeoffAndCompare() {
        for (w, h) in [(80, 24), (120, 40)] {
            for (color, unicode) in [(true, true), (false, false)] {
                let tag = "\(unicode ? "unicode" : "ascii")-\(w)x\(h)"
                var state = renderComparingState(width: w, height: h, color: color, unicode: unicode)
                assertScreen(state, named: "compare-\(tag)")
                state.screen = .tradeoff
                assertScreen(state, named: "tradeoff-\(tag)")
            }
        }
        // Stepping to a frontier point shows the move it made and the next one.
        var state = renderBalancedState(width: 80, height: 24)
        state.screen = .tradeoff
        _ = update(&state, .key(.char("r")))
        _ = update(&state, .key(.char("n")))
        _ = update(&state, .key(.char("n")))
        assertScreen(state, named: "tradeoff-stepped-80x24")
        // Another scenario: only the totals.
        assertScreen(renderComparingState(otherScenario: true), named: "compare-other-scenario-80x24")
        // The budget prompt.
        state = renderBalancedState()
        _ = update(&state, .key(.char("b")))
        _ = update(&state, .key(.char("3")))
        _ = update(&state, .key(.char("5")))
        assertScreen(state, named: "budget-prompt-80x24")
    }

    @Test("100 columns show level names; a long list scrolls")
    func roomAndScrolling() {
        assertScreen(renderBalancedState(width: 100, height: 30), named: "segments-100x30")
        let categories = [DataCategory(id: "a", name: "A", tier: .simple, identifiability: .limited)]
        let levels = [Level(name: "Generic"), Level(name: "One", uses: ["a"], uplift: 1)]
        let segments = (0..<1000).map { Segment(id: "s\($0)", name: "Segment \($0)", size: 10 * $0, consent: [("a", 0.5)]) }
        let model = ScoringModel(scenario: Scenario(name: "Many", categories: categories, levels: levels, segments: segments),
                                 policy: .defaults)
        var setting = Setting.generic(segments: 1000)
        for s in stride(from: 0, to: 1000, by: 3) { setting.levels[s] = 1 }
        var state = AppState(evaluation: Evaluation(model: model, setting: setting), scenarioReference: "builtin:many",
                             presetName: "Many", presetPath: nil)
        state.scroll = 500
        state.selected = 503
        assertScreen(state, named: "scrolled-80x24")
        state.screen = .data
        assertScreen(state, named: "data-scrolled-80x24")
    }
}
