@testable import BalansModel
import BalansText
@testable import BalansUI
import Testing

// The trade-off keys of issue 4. Expected settings come from the optimiser itself (its own tests in
// BalansModelTests check it against hand-computed knapsacks); these tests check that the dashboard
// applies them, undoably, and says what it did.

/// A scenario whose least intrusive setting is not 0: level 0 already uses a category.
func floorScenario() -> Scenario {
    let categories = [DataCategory(id: "a", name: "A", tier: .behavioural, identifiability: .significant),
                      DataCategory(id: "b", name: "B", tier: .simple, identifiability: .limited)]
    let levels = [Level(name: "Base", uses: ["a"]), Level(name: "More", uses: ["b"], uplift: 2)]
    let segments = (0..<3).map { Segment(id: "f\($0)", name: "Floor \($0)", size: 100, consent: [("a", 1), ("b", 1)]) }
    return Scenario(name: "floor", categories: categories, levels: levels, segments: segments)
}

@Suite("update: balance to a budget (b)")
struct UpdateBalanceTests {
    @Test("b asks for a budget; 35 Enter applies the optimiser's levels as one undoable change")
    func balanceValid() throws {
        var s = nordicState()
        #expect(press(&s, .char("b")).isEmpty)
        #expect(s.prompt?.kind == .budget)
        type(&s, "35")
        #expect(press(&s, .enter).isEmpty)
        #expect(s.prompt == nil)
        let expected = try Optimizer.balance(s.model, excluded: Setting.generic(segments: 8).excluded, budget: 35)
        #expect(s.evaluation.setting.levels == expected.levels)
        #expect(s.evaluation.setting.levels != Setting.generic(segments: 8).levels)
        let a = s.evaluation.aggregate
        #expect(a.intrusiveness <= 35)
        #expect(s.status == StatusMessage("Balanced to 35: intrusiveness \(formatFixed(a.intrusiveness, 1)), value "
                                          + "\(NumberStyle(.en).whole(Int(a.value.rounded()))) (proven optimal)"))
        #expect(s.isDirty)
        #expect(s.undoStack.count == 1)
        press(&s, .char("u"))
        #expect(s.evaluation.setting == Setting.generic(segments: 8))
        #expect(!s.isDirty)
        #expect(s.status?.text.hasPrefix("Undone: the whole setting") == true)
        press(&s, .ctrl("r"))
        #expect(s.evaluation.setting.levels == expected.levels)
    }

    @Test("a budget with a decimal comma, and balancing again to the same budget changes nothing")
    func balanceComma() throws {
        var s = nordicState()
        press(&s, .char("b"))
        type(&s, " 35,5 ")
        press(&s, .enter)
        let expected = try Optimizer.balance(s.model, excluded: s.evaluation.setting.excluded, budget: 35.5)
        #expect(s.evaluation.setting.levels == expected.levels)
        #expect(s.status?.text.hasPrefix("Balanced to 35.5: ") == true)
        press(&s, .char("b"))
        type(&s, "35.5")
        press(&s, .enter)
        #expect(s.status?.text.hasPrefix("Already balanced to 35.5: ") == true)
        #expect(s.undoStack.count == 1)
    }

    @Test("invalid budgets keep the prompt open, ring the bell and change nothing")
    func balanceInvalid() {
        for text in ["abc", "150", "-1", "", "nan", "1e400"] {
            var s = nordicState()
            press(&s, .char("b"))
            type(&s, text)
            #expect(press(&s, .enter) == [.bell], "\(text)")
            #expect(s.prompt?.kind == .budget, "\(text)")
            #expect(s.status?.isError == true, "\(text)")
            #expect(s.evaluation.setting == Setting.generic(segments: 8))
            #expect(s.undoStack.isEmpty)
        }
    }

    @Test("Esc cancels the budget prompt; Tab does not complete a budget")
    func balanceCancel() {
        var s = nordicState()
        press(&s, .char("b"))
        type(&s, "3")
        #expect(press(&s, .tab).isEmpty)
        press(&s, .escape)
        #expect(s.prompt == nil)
        #expect(s.evaluation.setting == Setting.generic(segments: 8))
    }

    @Test("a budget below the least possible intrusiveness says what the least is")
    func balanceTooLow() {
        var s = state(of: floorScenario())
        let minimum = s.frontier.points[0].intrusiveness
        #expect(minimum > 1)
        press(&s, .char("b"))
        type(&s, "1")
        #expect(press(&s, .enter) == [.bell])
        #expect(s.prompt == nil)
        #expect(s.status == StatusMessage("Not balanced: the budget 1 is below the least possible intrusiveness "
                                          + formatFixed(minimum, 1), isError: true))
        #expect(s.undoStack.isEmpty)
    }
}

@Suite("update: stepping along the frontier (Trade-off screen)")
struct UpdateFrontierTests {
    @Test("F4 shows the Trade-off screen; n steps forward, p back, r to the start, each undoable")
    func stepping() {
        var s = nordicState()
        press(&s, .function(4))
        #expect(s.screen == .tradeoff)
        #expect(s.keyContext == .tradeoff)
        let f = s.frontier
        #expect(f.points.count > 3)
        // All-generic is the start of the nordic frontier (everything is allowed at level 0).
        #expect(f.levels(at: 0) == Setting.generic(segments: 8).levels)
        press(&s, .char("n"))
        #expect(s.evaluation.setting.levels == f.levels(at: 1))
        #expect(s.frontierPoint == 1)
        let step = f.steps[0]
        #expect(s.status?.text == "Point 1/\(f.points.count - 1): \(stepText(s, step)): \(stepGainShort(s, step))")
        #expect(s.status?.text.hasPrefix("Point 1/\(f.points.count - 1): Young urban adults 0 Generic → 1 ") == true)
        press(&s, .char("]"))
        #expect(s.evaluation.setting.levels == f.levels(at: 2))
        press(&s, .char("p"))
        #expect(s.evaluation.setting.levels == f.levels(at: 1))
        #expect(s.status?.text.contains("back from") == true)
        #expect(s.undoStack.count == 3)
        press(&s, .char("u"))
        #expect(s.evaluation.setting.levels == f.levels(at: 2))
        press(&s, .char("r"))
        #expect(s.evaluation.setting.levels == f.levels(at: 0))
        #expect(s.status?.text.hasPrefix("Reset to the frontier's start") == true)
        #expect(press(&s, .char("p")) == [.bell])
        #expect(s.status?.text.contains("start of the frontier") == true)
        #expect(press(&s, .char("r")).isEmpty)
        #expect(s.status?.text.hasPrefix("Already at the frontier's start") == true)
    }

    @Test("stepping all the way: every point is reached in order, then n rings the bell; the gap stays 0")
    func toTheEnd() {
        var s = nordicState()
        press(&s, .function(4))
        let f = s.frontier
        for i in 1..<f.points.count {
            press(&s, .char("n"))
            #expect(s.evaluation.setting.levels == f.levels(at: i))
            #expect(abs(s.evaluation.aggregate.value - f.points[i].value) < 1e-6)
            #expect(abs(s.evaluation.aggregate.intrusiveness - f.points[i].intrusiveness) < 1e-9)
            #expect(Int(s.frontierGap.valueLost.rounded()) == 0)
        }
        #expect(press(&s, .char("n")) == [.bell])
        #expect(s.status?.text.contains("end of the frontier") == true)
        for i in stride(from: f.points.count - 2, through: 0, by: -1) {
            press(&s, .char("["))
            #expect(s.evaluation.setting.levels == f.levels(at: i))
        }
    }

    @Test("off the frontier, n goes to the first point beyond the setting and p to the last before it")
    func offFrontier() {
        var s = nordicState()
        press(&s, .char("j"), .char("3"))  // young-urban at 3: not a frontier setting
        press(&s, .function(4))
        let a = s.evaluation.aggregate
        let f = s.frontier
        var t = s
        press(&t, .char("n"))
        let j = t.frontierPoint!
        #expect(f.points[j].intrusiveness > a.intrusiveness || f.points[j].value > a.value)
        if j > 0 { #expect(f.points[j - 1].intrusiveness <= a.intrusiveness + 1e-9) }
        press(&s, .char("p"))
        let i = s.frontierPoint!
        #expect(f.points[i].intrusiveness <= a.intrusiveness + 1e-9)
        #expect(i + 1 == f.points.count || f.points[i + 1].intrusiveness >= a.intrusiveness - 1e-9)
    }

    @Test("n, p and r act on the Trade-off screen only")
    func onlyOnTradeoff() {
        var s = nordicState()
        for key in [Key.char("n"), .char("p"), .char("r"), .char("]"), .char("[")] {
            #expect(press(&s, key).isEmpty)
        }
        #expect(s.evaluation.setting == Setting.generic(segments: 8))
        #expect(s.undoStack.isEmpty)
    }

    @Test("a scenario with a segment that no level is allowed for has no frontier: n and r say why")
    func blocked() {
        var scenario = manyScenario(2)
        // Every level touches a special category, which this code forbids.
        scenario.categories[0].special = true
        scenario.levels[0] = Level(name: "Generic", uses: ["a"])
        scenario.levels[1] = Level(name: "One", uses: ["a", "b"], uplift: 1)
        var policy = Policy.defaults
        policy.severities[.specialCategory] = .error
        let model = ScoringModel(scenario: scenario, policy: policy)
        var s = AppState(evaluation: Evaluation(model: model), scenarioReference: "builtin:test", presetName: "T", presetPath: nil)
        #expect(s.frontier.isEmpty)
        press(&s, .function(4))
        #expect(press(&s, .char("n")) == [.bell])
        #expect(s.status?.text.hasPrefix("No frontier: Segment 0, Segment 1 have no level the code allows") == true)
        #expect(press(&s, .char("r")) == [.bell])
        press(&s, .char("b"))
        type(&s, "50")
        #expect(press(&s, .enter) == [.bell])
        #expect(s.status?.text.hasPrefix("Not balanced: Segment 0, Segment 1 have no level") == true)
        _ = render(s)  // the screen draws without a frontier
    }
}

@Suite("update: the cached frontier and the live gap")
struct UpdateGapTests {
    /// The gap as a freshly computed frontier gives it for the current setting.
    func freshGap(_ s: AppState) -> (Double, Double) {
        let f = Optimizer.frontier(s.model, excluded: s.evaluation.setting.excluded)
        let a = s.evaluation.aggregate
        let g = f.gap(intrusiveness: a.intrusiveness, value: a.value)
        return (g.valueLost, g.intrusivenessSaved)
    }

    @Test("after level changes, exclusions, undo, redo, balance and open, the gap equals a fresh frontier's")
    func gapMatchesFresh() {
        var s = nordicState()
        func check(_ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let (lost, saved) = freshGap(s)
            #expect(abs(s.frontierGap.valueLost - lost) < 1e-9, "\(label)", sourceLocation: sourceLocation)
            #expect(abs(s.frontierGap.intrusivenessSaved - saved) < 1e-9, "\(label)", sourceLocation: sourceLocation)
            let fresh = Optimizer.frontier(s.model, excluded: s.evaluation.setting.excluded)
            #expect(s.frontier.points == fresh.points, "\(label)", sourceLocation: sourceLocation)
            #expect(!s.frontierIsStale, sourceLocation: sourceLocation)
        }
        check("start")
        press(&s, .char("j"), .char("4"))
        check("level")
        #expect(s.frontierGap.valueLost > 0 || s.frontierGap.intrusivenessSaved > 0)
        press(&s, .enter, .down, .char(" "))  // exclude a category of young-urban
        #expect(s.evaluation.setting.excluded[1].count == 1)
        check("exclusion")
        press(&s, .escape, .char("u"))
        check("undo exclusion")
        press(&s, .ctrl("r"))
        check("redo exclusion")
        press(&s, .char("b"))
        type(&s, "40")
        press(&s, .enter)
        check("balance")
        #expect(Int(s.frontierGap.valueLost.rounded()) == 0)
        let model = nordicModel()
        var setting = Setting.generic(segments: 8)
        setting.excluded[2] = [0, 1]
        setting.levels[2] = 3
        send(&s, .opened(.success(loaded(model.scenario, setting: setting, path: "/tmp/x.json"))))
        check("open")
    }

    @Test("the header shows the gap, or that the setting is on the frontier")
    func headerGap() {
        var s = nordicState(width: 120, height: 40)
        #expect(render(s).canvas.lines[1].contains("on the frontier"))
        press(&s, .char("j"), .char("5"))
        let g = s.frontierGap
        if Int(g.valueLost.rounded()) > 0 {
            #expect(render(s).canvas.lines[1].contains("gap -\(NumberStyle(.en).whole(Int(g.valueLost.rounded()))) value"))
        }
        #expect(!render(s).canvas.lines[1].contains("on the frontier"))
    }
}

@Suite("update: compare with a preset (c)")
struct UpdateCompareTests {
    @Test("c asks for a path (Tab completes it); Enter asks the terminal to load it")
    func prompt() {
        var s = nordicState()
        press(&s, .char("c"))
        #expect(s.prompt?.kind == .compare)
        type(&s, "pre")
        #expect(press(&s, .tab) == [.complete(prefix: "pre")])
        send(&s, .completions(prefix: "pre", candidates: ["presets/a.json"]))
        #expect(s.prompt?.text == "presets/a.json")
        #expect(press(&s, .enter) == [.loadCompare(path: "presets/a.json")])
        #expect(s.prompt == nil)
        // Unsaved changes do not matter: comparing replaces nothing.
        press(&s, .char("3"), .char("c"))
        #expect(s.prompt?.text == "")
        #expect(press(&s, .enter).isEmpty)  // an empty path cancels
        #expect(s.prompt == nil)
    }

    @Test("a loaded preset of the same scenario is shown on the Compare screen")
    func success() {
        var s = nordicState()
        let model = nordicModel()
        var setting = Setting.generic(segments: 8)
        setting.levels[1] = 3
        send(&s, .compareLoaded(.success(loaded(model.scenario, setting: setting, path: "p/saved.json", name: "Saved"))))
        #expect(s.screen == .compare)
        let c = try! #require(s.comparison)
        #expect(c.sameScenario && c.name == "Saved" && c.path == "p/saved.json")
        #expect(c.evaluation.setting == setting)
        #expect(s.status == StatusMessage("Comparing with Saved (p/saved.json)"))
        // Nothing of the current setting changed.
        #expect(s.evaluation.setting == Setting.generic(segments: 8) && !s.isDirty && s.undoStack.isEmpty)
        // c again offers the same path.
        press(&s, .char("c"))
        #expect(s.prompt?.text == "p/saved.json")
    }

    @Test("a preset of another scenario is compared in total only")
    func otherScenario() {
        var s = nordicState()
        let other = manyScenario(3)
        send(&s, .compareLoaded(.success(loaded(other, setting: .generic(segments: 3), path: "many.json"))))
        #expect(s.comparison?.sameScenario == false)
        #expect(s.status?.text.hasSuffix("another scenario, so only the totals") == true)
        let text = render(s).canvas.text
        #expect(text.contains("Another scenario"))
        // Opening a preset of that scenario makes the segments comparable.
        send(&s, .opened(.success(loaded(other, setting: .generic(segments: 3), path: "mine.json"))))
        #expect(s.comparison?.sameScenario == true)
    }

    @Test("a preset that cannot be loaded says why and keeps what was compared")
    func failure() {
        var s = nordicState()
        send(&s, .compareLoaded(.failure(BalansError(.cannotOpen, file: "nope.json", "no such file"))))
        #expect(s.comparison == nil)
        #expect(s.status?.isError == true)
        #expect(s.status?.text.hasPrefix("Not compared: nope.json") == true)
        #expect(s.screen == .segments)
    }

    @Test("F6 shows the Compare screen, which says how to load a preset when none is")
    func emptyCompare() {
        var s = nordicState()
        #expect(press(&s, .function(6)).isEmpty)
        #expect(s.screen == .compare)
        #expect(render(s).canvas.text.contains("Press c"))
    }
}
