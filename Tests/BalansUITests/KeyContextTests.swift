@testable import BalansModel
@testable import BalansUI
import Testing

/// Every key goes through the key map, Ctrl-C and the help overlay's keys included: rebinding them
/// in the map changes what they do, and the contexts that are modal swallow the rest.
@Suite("key map: everywhere and help contexts")
struct KeyContextTests {
    @Test("the help context: its closing keys, Ctrl-C, and nothing of the global map")
    func helpContext() {
        let map = KeyMap.standard
        for key: Key in [.escape, .char("?"), .function(1), .char("q")] {
            #expect(map.action(for: key, in: .help) == .closeHelp, "\(key)")
        }
        for key: Key in [.tab, .char("s"), .char("u"), .function(2), .char("5"), .enter, .char(" "), .left, .char("l")] {
            #expect(map.action(for: key, in: .help) == nil, "\(key) acts under the help overlay")
        }
        // Its scrolling keys scroll it (issue 12).
        #expect(map.action(for: .char("j"), in: .help) == .scrollHelp(.next))
        #expect(map.action(for: .pageDown, in: .help) == .scrollHelp(.pageDown))
        #expect(map.action(for: .end, in: .help) == .scrollHelp(.last))
        #expect(map.action(for: .ctrl("c"), in: .help) == .quitNow)
        #expect(map.action(for: .ctrl("c"), in: .everywhere) == .quitNow)
        #expect(map.action(for: .char("q"), in: .everywhere) == nil)
        // Outside help, the closing keys keep their own meanings.
        #expect(map.action(for: .char("q"), in: .table) == .quit)
        #expect(map.action(for: .escape, in: .detail) == .back)
    }

    @Test("an everywhere binding wins over a context's own binding of the same key")
    func everywhereWins() {
        let map = KeyMap(bindings: [
            Binding([.char("x")], .toggleExclusion, help: .keyToggleExclusion, context: .detail),
            Binding([.char("x")], .quitNow, help: .keyQuitNow, context: .everywhere),
        ])
        #expect(map.action(for: .char("x"), in: .detail) == .quitNow)
        #expect(map.action(for: .char("x"), in: .help) == .quitNow)
    }

    @Test("rebinding quit-now in the map moves it: the new key quits from a prompt, Ctrl-C no longer does")
    func quitNowRebound() {
        var s = nordicState()
        s.keyMap.bindings = s.keyMap.bindings.map { b in
            var b = b
            if b.action == .quitNow { b.keys = [.ctrl("q")] }
            return b
        }
        press(&s, .char("S"))
        #expect(s.prompt?.kind == .saveAs)
        #expect(press(&s, .ctrl("c")).isEmpty)
        #expect(s.prompt?.kind == .saveAs)
        #expect(press(&s, .ctrl("q")) == [.quit])
        press(&s, .escape, .char("?"))
        #expect(s.showHelp)
        #expect(press(&s, .ctrl("q")) == [.quit])
    }

    @Test("rebinding the help overlay's keys in the map changes what closes it")
    func closeHelpRebound() {
        var s = nordicState()
        s.keyMap.bindings = s.keyMap.bindings.map { b in
            var b = b
            if b.action == .closeHelp { b.keys = [.char("x")] }
            return b
        }
        press(&s, .char("?"))
        #expect(s.showHelp)
        for key: Key in [.escape, .char("?"), .function(1), .char("q")] {
            #expect(press(&s, key).isEmpty)
            #expect(s.showHelp, "\(key) closed the help though it is no longer bound to")
        }
        press(&s, .char("x"))
        #expect(!s.showHelp)
    }

    @Test("the help overlay lists Ctrl-C under Anywhere and not the overlay's own keys")
    func helpLists() {
        var s = nordicState(width: 120, height: 40)
        s.showHelp = true
        let text = render(s).canvas.lines.joined(separator: "\n")
        #expect(text.contains("Ctrl-C"))
        #expect(text.contains(s.t(.keyQuitNow)))
        #expect(!text.contains("Esc ? F1 q"))
    }
}

@Suite("update: the working directory comes from the state")
struct UpdateWorkingDirectoryTests {
    @Test("a preset saved above the start folder refers to the scenario through the folder's name")
    func climbing() throws {
        var s = nordicState()
        s.scenarioReference = "Fixtures/scenarios/shop.json"
        s.workingDirectory = "/home/ana/balans"
        let (preset, _) = try decodePreset(presetText(s, savingTo: "../p.json"), path: "../p.json", model: s.model)
        #expect(preset.scenario == "balans/Fixtures/scenarios/shop.json")
        let (elsewhere, _) = try decodePreset(presetText(s, savingTo: "/tmp/p.json"), path: "/tmp/p.json", model: s.model)
        #expect(elsewhere.scenario == "/home/ana/balans/Fixtures/scenarios/shop.json")
        s.workingDirectory = "/srv/other"
        let (other, _) = try decodePreset(presetText(s, savingTo: "../p.json"), path: "../p.json", model: s.model)
        #expect(other.scenario == "other/Fixtures/scenarios/shop.json")
    }

    @Test("the s key saves with the state's working directory")
    func saveKey() throws {
        var s = nordicState(presetPath: "../up.json")
        s.scenarioReference = "scen.json"
        s.workingDirectory = "/w/here"
        guard case .save(_, let contents)? = press(&s, .char("s")).first else {
            Issue.record("expected a save")
            return
        }
        let (preset, _) = try decodePreset(contents, path: "../up.json", model: s.model)
        #expect(preset.scenario == "here/scen.json")
    }
}
