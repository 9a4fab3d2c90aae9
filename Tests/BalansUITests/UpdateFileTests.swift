@testable import BalansModel
@testable import BalansUI
import Testing

@Suite("update: save, open and their results")
struct UpdateFileTests {
    @Test("s with a preset path saves a preset holding the current levels")
    func save() throws {
        var s = nordicState(presetPath: "presets/test.json")
        press(&s, .char("2"), .char("j"), .char("3"), .enter, .char(" "))  // young-urban excludes page-context
        let effects = press(&s, .char("s"))
        guard case .save(let path, let contents)? = effects.first, effects.count == 1 else {
            Issue.record("expected one save, got \(effects)")
            return
        }
        #expect(path == "presets/test.json")
        let (preset, setting) = try decodePreset(contents, path: path, model: s.model)
        #expect(preset.name == "Test")
        #expect(preset.scenario == "builtin:nordic-retail")
        #expect(preset.levels.map(\.segment) == ["teens", "young-urban"])
        #expect(preset.levels.map(\.level) == [2, 3])
        #expect(preset.exclude.map(\.segment) == ["young-urban"])
        #expect(preset.exclude.map(\.categories) == [["page-context"]])
        #expect(setting == s.evaluation.setting)
        #expect(s.prompt == nil)
        #expect(s.isDirty)  // until the save is reported done
    }

    @Test("a scenario path is written relative to the preset's folder")
    func relativeScenario() throws {
        var s = nordicState()
        s.scenarioReference = "Fixtures/scenarios/shop.json"
        for (presetPath, expected) in [("presets/new.json", "../Fixtures/scenarios/shop.json"),
                                       ("p.json", "Fixtures/scenarios/shop.json"),
                                       ("Fixtures/p.json", "scenarios/shop.json"),
                                       ("a/b/p.json", "../../Fixtures/scenarios/shop.json")] {
            let (preset, _) = try decodePreset(presetText(s, savingTo: presetPath), path: presetPath, model: s.model)
            #expect(preset.scenario == expected, "saving to \(presetPath)")
        }
        s.scenarioReference = "/data/shop.json"
        let (preset, _) = try decodePreset(presetText(s, savingTo: "presets/new.json"), path: "x", model: s.model)
        #expect(preset.scenario == "/data/shop.json")
    }

    @Test("s without a preset path asks for one; Enter saves there")
    func saveWithoutPath() throws {
        var s = nordicState()
        press(&s, .char("4"))
        #expect(press(&s, .char("s")).isEmpty)
        #expect(s.prompt == Prompt(kind: .saveAs))
        type(&s, "mine.json")
        let effects = press(&s, .enter)
        #expect(s.prompt == nil)
        guard case .save(let path, let contents)? = effects.first else {
            Issue.record("expected a save, got \(effects)")
            return
        }
        #expect(path == "mine.json")
        let (_, setting) = try decodePreset(contents, path: path, model: s.model)
        #expect(setting.levels == [4, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test("S prefills the prompt with the preset's path")
    func saveAs() {
        var s = nordicState(presetPath: "presets/test.json")
        #expect(press(&s, .char("S")).isEmpty)
        #expect(s.prompt?.kind == .saveAs)
        #expect(s.prompt?.text == "presets/test.json" && s.prompt?.cursor == 17)
    }

    @Test(".saved without error clears the unsaved mark and remembers the path")
    func saved() {
        var s = nordicState()
        press(&s, .char("2"))
        #expect(s.isDirty)
        #expect(update(&s, .saved(path: "out.json", error: nil)).isEmpty)
        #expect(!s.isDirty && s.presetPath == "out.json")
        #expect(s.status == StatusMessage("Saved to out.json"))
        press(&s, .char("3"))
        #expect(s.isDirty)
        press(&s, .char("2"))
        #expect(!s.isDirty)  // back to what was saved
    }

    @Test(".saved with an error keeps the unsaved mark and shows the error")
    func saveFailed() {
        var s = nordicState(presetPath: "old.json")
        press(&s, .char("2"), .char("s"))
        let error = BalansError(.cannotWrite, file: "old.json", "permission denied")
        send(&s, .saved(path: "old.json", error: error))
        #expect(s.isDirty && s.presetPath == "old.json")
        #expect(s.status == StatusMessage("Not saved: \(error.description)", isError: true))
        #expect(s.pendingSaves.isEmpty)
    }

    @Test("bug: a change made while a save is under way stays marked unsaved")
    func changeDuringSave() {
        var s = nordicState(presetPath: "p.json")
        press(&s, .char("2"), .char("s"))  // writes teens at 2
        press(&s, .char("3"))              // before the save is reported done
        send(&s, .saved(path: "p.json", error: nil))
        #expect(s.isDirty)                 // was: cleared, though the file says 2
        #expect(s.savedSetting.levels[0] == 2)
        press(&s, .char("u"))
        #expect(!s.isDirty)
    }

    @Test("bug: a save that finishes after a preset was opened does not mark the opened setting saved")
    func saveThenOpen() throws {
        var s = nordicState(presetPath: "p.json")
        press(&s, .char("2"), .char("s"))
        let other = loaded(manyScenario(3), setting: .generic(segments: 3), path: "other.json")
        send(&s, .opened(.success(other)))
        press(&s, .char("1"))
        send(&s, .saved(path: "p.json", error: nil))
        #expect(s.isDirty)
        #expect(s.presetPath == "other.json")
        #expect(s.status == StatusMessage("Saved to p.json"))
    }

    @Test("o asks for a path; without unsaved changes Enter opens it")
    func open() {
        var s = nordicState()
        #expect(press(&s, .char("o")).isEmpty)
        #expect(s.prompt == Prompt(kind: .open))
        type(&s, "presets/x.json")
        #expect(press(&s, .enter) == [.open(path: "presets/x.json")])
        #expect(s.prompt == nil)
    }

    @Test("o with unsaved changes asks y/n before opening")
    func openConfirm() {
        var s = nordicState()
        press(&s, .char("2"), .char("o"))
        type(&s, "x.json")
        #expect(press(&s, .enter).isEmpty)
        #expect(s.prompt == Prompt(kind: .confirmOpen(path: "x.json")))
        #expect(press(&s, .char("z")).isEmpty)  // other keys wait for an answer
        #expect(s.prompt?.kind == .confirmOpen(path: "x.json"))
        #expect(press(&s, .char("n")).isEmpty)
        #expect(s.prompt == nil && s.evaluation.setting.levels[0] == 2)
        press(&s, .char("o"))
        type(&s, "x.json")
        press(&s, .enter)
        #expect(press(&s, .escape).isEmpty && s.prompt == nil)
        press(&s, .char("o"))
        type(&s, "x.json")
        press(&s, .enter)
        #expect(press(&s, .char("y")) == [.open(path: "x.json")])
        #expect(s.prompt == nil)
    }

    @Test(".opened replaces the setting, clears undo, redo and the unsaved mark")
    func opened() throws {
        let path = packageRoot() + "/Fixtures/presets/nordic-balanced.json"
        let preset = try Loader.preset(path)
        var s = nordicState()
        press(&s, .char("5"), .char("G"), .char("3"), .char("u"), .char("/"))
        type(&s, "sen")
        #expect(s.isDirty && !s.undoStack.isEmpty && !s.redoStack.isEmpty && s.filtering)
        #expect(update(&s, .opened(.success(preset))).isEmpty)
        // nordic-balanced.json: teens 1, young-urban 3, bargain-hunters 3, families 2,
        // loyal-members 4, lapsed 2, stretched 1, seniors 2; loyal-members excludes store-visits (9).
        #expect(s.evaluation.setting.levels == [1, 3, 3, 2, 4, 2, 1, 2])
        #expect(s.evaluation.setting.excluded == [[], [], [], [], [9], [], [], []])
        #expect(s.evaluation.rows[4].touches == [0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(!s.isDirty && s.undoStack.isEmpty && s.redoStack.isEmpty)
        #expect(s.presetPath == path && s.presetName == "Balanced spring campaign")
        #expect(s.scenarioReference == "builtin:nordic-retail")
        #expect(s.filter.isEmpty && !s.filtering && s.selected == 0 && s.scroll == 0)
        #expect(Evaluation(model: s.model, setting: s.evaluation.setting).rows == s.evaluation.rows)
        // The scenario's own policy is in force: max-intrusiveness 35.
        #expect(s.model.policy == nordicModel().policy)
        #expect(press(&s, .char("u")) == [.bell])
        press(&s, .char("2"))  // teens 1 → 2
        #expect(s.isDirty)
        press(&s, .char("1"))
        #expect(!s.isDirty)
    }

    @Test(".opened with a failure keeps everything and shows the error")
    func openFailed() {
        var s = nordicState(presetPath: "p.json")
        press(&s, .char("2"))
        let before = s.evaluation.setting
        let error = BalansError(.cannotOpen, file: "x.json", "no such file")
        send(&s, .opened(.failure(error)))
        #expect(s.evaluation.setting == before && s.isDirty && s.undoStack.count == 1)
        #expect(s.presetPath == "p.json")
        #expect(s.status == StatusMessage("Not opened: \(error.description)", isError: true))
    }

    @Test("opening a scenario with fewer segments leaves selection, scroll and detail in range")
    func openFewer() {
        var s = state(of: manyScenario(30))
        press(&s, .end, .char("2"), .enter)
        #expect(s.selected == 29 && s.scroll == 22 && s.focus == .detail)
        let two = loaded(manyScenario(2), setting: Setting(levels: [1, 2], excluded: [[], [2]]), path: "two.json")
        send(&s, .opened(.success(two)))
        #expect(s.selected == 0 && s.scroll == 0 && s.focus == .table && s.detailRow == 0)
        #expect(s.visibleCount == 2)
        press(&s, .end, .char("l"))
        #expect(s.selected == 1 && press(&s, .char("l")) == [.bell])
        checkInvariants(s, savedSetting: two.setting)
    }

    @Test("opening a scenario without segments: every key is harmless")
    func openEmpty() {
        var s = nordicState()
        send(&s, .opened(.success(loaded(manyScenario(0), setting: .generic(segments: 0), path: "e.json"))))
        for key: Key in [.down, .up, .end, .home, .pageDown, .pageUp, .left, .right, .char("3"), .enter,
                         .char(" "), .escape, .char("u"), .ctrl("r"), .tab, .backTab, .char("/"), .char("x"), .enter] {
            press(&s, key)
            checkInvariants(s, savedSetting: .generic(segments: 0))
        }
        for action: Action in [.selectSegment(0), .setSegmentLevel(segment: 0, level: 1), .scroll(3)] {
            #expect(update(&s, .action(action)).isEmpty)
        }
        send(&s, .resize(width: 30, height: 5))
        checkInvariants(s, savedSetting: .generic(segments: 0))
        #expect(press(&s, .char("q")) == [.quit])
    }

    @Test("extra policy layers (--policy) stay in force when a preset is opened")
    func extraPolicy() {
        var s = nordicState()
        let layer = PolicyLayer(name: "strict", rules: [(.maxBand, RuleSettings(maxBand: .low))])
        s.extraPolicyLayers = [layer]
        let scenario = manyScenario(2)
        send(&s, .opened(.success(loaded(scenario, setting: .generic(segments: 2), path: "x.json"))))
        #expect(s.model.policy == Policy.resolved([layer]))
    }
}

@Suite("update: the unsaved mark")
struct UpdateDirtyTests {
    @Test("a level changed and changed back is not unsaved")
    func levelBack() {
        var s = nordicState()
        press(&s, .char("l"))
        #expect(s.isDirty)
        press(&s, .char("h"))
        #expect(!s.isDirty)
    }

    @Test("an exclusion toggled twice is not unsaved")
    func exclusionTwice() {
        var s = nordicState()
        send(&s, .saved(path: "p.json", error: nil))  // level 0 is saved…
        press(&s, .char("2"))
        send(&s, .saved(path: "p.json", error: nil))  // …then level 2
        press(&s, .enter, .char("j"), .char(" "))
        #expect(s.isDirty)
        press(&s, .char(" "))
        #expect(!s.isDirty)
    }

    @Test("undo back to the saved state is not unsaved; redo is again")
    func undoToSaved() {
        var s = nordicState()
        press(&s, .char("1"), .char("j"), .char("2"))
        send(&s, .saved(path: "p.json", error: nil))
        press(&s, .char("3"), .char("k"), .char("4"))
        #expect(s.isDirty)
        press(&s, .char("u"))
        #expect(s.isDirty)
        press(&s, .char("u"))
        #expect(!s.isDirty)
        press(&s, .char("u"))
        #expect(s.isDirty)  // before the save
        press(&s, .ctrl("r"))
        #expect(!s.isDirty)
    }
}

@Suite("update: help and quitting")
struct UpdateHelpQuitTests {
    @Test("? and F1 open help; Esc, ? and q close it; other keys are ignored while it is open")
    func help() {
        var s = nordicState()
        press(&s, .char("?"))
        #expect(s.showHelp)
        for key: Key in [.char("j"), .char("l"), .char("5"), .enter, .tab, .char("u"), .char("s"), .char("/")] {
            #expect(press(&s, key).isEmpty)
        }
        #expect(s.showHelp && s.selected == 0 && s.screen == .segments && !s.filtering)
        #expect(s.evaluation.setting == Setting.generic(segments: 8) && s.prompt == nil)
        #expect(press(&s, .char("q")).isEmpty)
        #expect(!s.showHelp)
        press(&s, .function(1))
        #expect(s.showHelp)
        press(&s, .escape)
        #expect(!s.showHelp)
        press(&s, .char("?"), .char("?"))
        #expect(!s.showHelp)
    }

    @Test("q quits at once when everything is saved")
    func quitClean() {
        var s = nordicState()
        #expect(press(&s, .char("q")) == [.quit])
    }

    @Test("q with unsaved changes asks first: n and Esc cancel, y quits")
    func quitDirty() {
        var s = nordicState()
        press(&s, .char("2"))
        #expect(press(&s, .char("q")).isEmpty)
        #expect(s.prompt?.kind == .confirmQuit)
        #expect(press(&s, .char("j")).isEmpty && s.prompt?.kind == .confirmQuit && s.selected == 0)
        #expect(press(&s, .char("n")).isEmpty && s.prompt == nil)
        press(&s, .char("q"))
        #expect(press(&s, .escape).isEmpty && s.prompt == nil)
        press(&s, .char("q"))
        #expect(press(&s, .char("y")) == [.quit])
    }

    @Test("Ctrl-C quits at once, whatever is open")
    func ctrlC() {
        var s = nordicState()
        press(&s, .char("2"))
        #expect(press(&s, .ctrl("c")) == [.quit])
        press(&s, .char("S"))
        #expect(press(&s, .ctrl("c")) == [.quit])
        press(&s, .escape, .char("q"))
        #expect(s.prompt?.kind == .confirmQuit)
        #expect(press(&s, .ctrl("c")) == [.quit])
        press(&s, .escape, .char("?"))
        #expect(press(&s, .ctrl("c")) == [.quit])
        press(&s, .escape, .char("/"))
        #expect(press(&s, .ctrl("c")) == [.quit])
    }
}

@Suite("update: mouse and resize")
struct UpdateMouseTests {
    @Test("Frame.action: the last region under a click wins; the wheel scrolls")
    func frameAction() {
        let frame = Frame(canvas: Canvas(width: 80, height: 24), hits: [
            HitRegion(Rect(x: 0, y: 5, width: 80, height: 1), .selectSegment(2)),
            HitRegion(Rect(x: 40, y: 5, width: 12, height: 1), .setSegmentLevel(segment: 2, level: 3)),
        ])
        #expect(frame.action(for: .click(x: 0, y: 5)) == .selectSegment(2))
        #expect(frame.action(for: .click(x: 39, y: 5)) == .selectSegment(2))
        #expect(frame.action(for: .click(x: 40, y: 5)) == .setSegmentLevel(segment: 2, level: 3))
        #expect(frame.action(for: .click(x: 51, y: 5)) == .setSegmentLevel(segment: 2, level: 3))
        #expect(frame.action(for: .click(x: 52, y: 5)) == .selectSegment(2))
        #expect(frame.action(for: .click(x: 0, y: 6)) == nil)
        #expect(frame.action(for: .click(x: 80, y: 5)) == nil)
        #expect(frame.action(for: .wheelUp(x: 1, y: 1)) == .scroll(-3))
        #expect(frame.action(for: .wheelDown(x: 1, y: 1)) == .scroll(3))
    }

    @Test("clicking a row selects it; clicking a level dot sets the level")
    func clicks() {
        var s = nordicState()
        press(&s, .enter)
        #expect(update(&s, .action(.selectSegment(3))).isEmpty)
        #expect(s.selected == 3 && s.focus == .table)
        #expect(update(&s, .action(.selectSegment(8))).isEmpty && s.selected == 3)
        #expect(update(&s, .action(.selectSegment(-1))).isEmpty && s.selected == 3)
        send(&s, .action(.setSegmentLevel(segment: 5, level: 4)))
        #expect(s.selected == 5 && s.evaluation.setting.levels[5] == 4 && s.undoStack.count == 1)
        #expect(update(&s, .action(.setSegmentLevel(segment: 5, level: 6))) == [.bell])
        #expect(s.evaluation.setting.levels[5] == 4)
        #expect(update(&s, .action(.setSegmentLevel(segment: 9, level: 1))).isEmpty)
    }

    @Test("bug: a click on a segment the filter hides does nothing")
    func clickHidden() {
        var s = nordicState()
        press(&s, .char("/"))
        type(&s, "sen")
        press(&s, .enter)
        #expect(update(&s, .action(.setSegmentLevel(segment: 0, level: 2))).isEmpty)
        #expect(s.evaluation.setting.levels[0] == 0 && s.selected == 7)
        send(&s, .action(.selectSegment(0)))
        #expect(s.selected == 7)
    }

    @Test("the wheel scrolls within range without moving the selection")
    func scroll() {
        var s = state(of: manyScenario(30))
        send(&s, .action(.scroll(3)))
        #expect(s.scroll == 3 && s.selected == 0)
        send(&s, .action(.scroll(100)))
        #expect(s.scroll == 22)
        send(&s, .action(.scroll(-100)))
        #expect(s.scroll == 0)
        var few = nordicState()  // 8 segments in 8 rows: nothing to scroll
        send(&few, .action(.scroll(3)))
        #expect(few.scroll == 0)
    }

    @Test("actions are ignored while a prompt or help is open")
    func ignoredWhenModal() {
        var s = nordicState()
        press(&s, .char("S"))
        #expect(update(&s, .action(.setSegmentLevel(segment: 1, level: 2))).isEmpty)
        #expect(update(&s, .action(.selectSegment(1))).isEmpty)
        #expect(s.selected == 0 && s.evaluation.setting.levels[1] == 0)
        press(&s, .escape, .char("?"))
        #expect(update(&s, .action(.selectSegment(1))).isEmpty && s.selected == 0)
        #expect(update(&s, .action(.quit)).isEmpty && s.showHelp)
    }

    @Test("resizing keeps the selection in view and the scroll in range")
    func resize() {
        var s = state(of: manyScenario(30))
        press(&s, .end)
        #expect(s.scroll == 22)
        send(&s, .resize(width: 80, height: 12))  // 3 rows
        #expect(s.selected == 29 && s.scroll == 27)
        send(&s, .resize(width: 80, height: 60))
        // body 55; table max(4, min(52, 55·9/19 = 26)) = 26 rows: 25 segments, scroll ≤ 5.
        #expect(Layout.tableRows(width: 80, height: 60) == 25)
        #expect(s.scroll == 5)
        press(&s, .home)
        send(&s, .resize(width: 80, height: 12))
        #expect(s.scroll == 0)
        for (w, h) in [(0, 0), (1, 1), (10, 3), (39, 9), (200, 100), (120, 40)] {
            send(&s, .resize(width: w, height: h))
            checkInvariants(s, savedSetting: .generic(segments: 30))
            #expect(s.width == w && s.height == h)
        }
    }
}
