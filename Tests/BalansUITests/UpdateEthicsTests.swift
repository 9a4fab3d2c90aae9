@testable import BalansModel
@testable import BalansUI
import Testing

// Issue 12, items 1-3: the Ethics screen's list, level keys only where the segment is shown, and the
// help that scrolls. Expected values come from the fixture (Fixtures/presets/nordic-aggressive.json:
// 9 errors, 7 warnings, 9 infos, as `balans check` lists them) and from SPEC §4.

/// The nordic-aggressive levels on the demo scenario.
func aggressiveState(width: Int = 80, height: Int = 24) -> AppState {
    let model = nordicModel()
    var setting = Setting.generic(segments: model.segmentCount)
    for (id, level) in ["teens": 3, "young-urban": 5, "bargain-hunters": 5, "families": 5, "loyal-members": 5,
                        "lapsed": 4, "stretched": 4, "seniors": 5] {
        setting.levels[model.segmentIndex[id]!] = level
    }
    return nordicState(width: width, height: height, setting: setting)
}

/// The screen's text, each row trimmed, in one string.
func screenText(_ state: AppState) -> String {
    render(state).canvas.lines.map { $0.trimmingCharacters(in: " ") }.joined(separator: "\n")
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

@Suite("update: the Ethics screen's list")
struct UpdateEthicsTests {
    @Test("at 80×24 every one of the 25 breaches, the fairness table and the DPIA list can be brought into view")
    func everythingReachable() {
        var s = aggressiveState()
        press(&s, .function(5))
        #expect(s.screen == .ethics)
        let breaches = sortedBreaches(s)
        #expect(breaches.count == 25)
        #expect(breaches.prefix(9).allSatisfy { $0.severity == .error } && breaches.last?.severity == .info)
        var seen = screenText(s)
        // ↓ selects each breach in turn; each is then in view, marked, and its rule is in the detail.
        for i in 1..<25 {
            press(&s, .down)
            #expect(s.breachSelected == i)
            let text = screenText(s)
            #expect(text.contains("\(i + 1) of 25"), "breach \(i + 1):\n\(text)")
            #expect(EthicsLayout(s)!.selectionVisible(at: s.ethicsScroll), "breach \(i + 1) is out of view")
            seen += text
        }
        // Past the last, ↓ scrolls on to the end; the selection stays on the last breach.
        let layout = EthicsLayout(s)!
        #expect(layout.maxScroll > 0)
        for _ in 0..<60 { press(&s, .down); seen += screenText(s) }
        #expect(s.breachSelected == 24)
        #expect(s.ethicsScroll == layout.maxScroll)
        for part in ["Fairness", "The four-fifths rule is a US employment-law heuristic", "DPIA (WP248 criteria met",
                     "Seniors 65+", "region", "8 flagged"] {
            #expect(seen.contains(part), "\(part) never shown")
        }
        // ↑ scrolls back first while the selection is above the view, then moves it.
        press(&s, .up)
        #expect(s.breachSelected == 24 && s.ethicsScroll == layout.maxScroll - 1)
        press(&s, .home)
        #expect(s.breachSelected == 0 && s.ethicsScroll == 0)
        press(&s, .up)
        #expect(s.breachSelected == 0 && s.ethicsScroll == 0)
    }

    @Test("End selects the last breach and shows it; PgDn pages, then scrolls on; PgUp comes back")
    func pages() {
        var s = aggressiveState()
        press(&s, .function(5))
        let page = EthicsLayout(s)!.visibleLines - 1
        press(&s, .pageDown)
        #expect(s.breachSelected == page)
        press(&s, .end)
        #expect(s.breachSelected == 24)
        #expect(screenText(s).contains("25 of 25"))
        #expect(EthicsLayout(s)!.selectionVisible(at: s.ethicsScroll))
        let before = s.ethicsScroll
        press(&s, .pageDown)
        #expect(s.breachSelected == 24 && s.ethicsScroll > before)
        while s.ethicsScroll < EthicsLayout(s)!.maxScroll { press(&s, .pageDown) }
        press(&s, .pageDown)
        #expect(s.ethicsScroll == EthicsLayout(s)!.maxScroll, "PgDn stops at the end")
        for _ in 0..<10 { press(&s, .pageUp) }
        #expect(s.breachSelected == 0 && s.ethicsScroll == 0)
    }

    @Test("the whole message of the selected breach is in the detail, wrapped, at 80×24")
    func wholeMessage() {
        var s = aggressiveState()
        press(&s, .function(5))
        for _ in 0..<8 { press(&s, .down) }
        let v = sortedBreaches(s)[8]
        #expect(v.rule == .vulnerableBand)
        let message = v.message(in: s.catalogue)
        #expect(message.count > 200)
        let joined = render(s).canvas.lines.map { $0.trimmingCharacters(in: " ") }.joined(separator: " ")
        #expect(joined.contains(message), "\(joined)")
    }

    @Test("Enter on a segment breach selects its segment on the Segments screen; on an aggregate one it only says so")
    func enter() {
        var s = aggressiveState()
        press(&s, .function(5), .end, .enter)
        #expect(s.screen == .segments)
        #expect(s.selected == s.model.segmentIndex["seniors"])
        #expect(s.status?.text.contains("Seniors 65+") == true)
        // max-intrusiveness (the 7th) is about the whole setting.
        let setting = s.evaluation.setting
        press(&s, .function(5), .home)
        for _ in 0..<6 { press(&s, .down) }
        #expect(sortedBreaches(s)[6].rule == .maxIntrusiveness)
        press(&s, .enter)
        #expect(s.screen == .ethics)
        #expect(s.status?.text == "max-intrusiveness concerns all segments, not one segment: nothing to show")
        #expect(s.evaluation.setting == setting)
        // A parity breach names its attribute.
        for _ in 0..<8 { press(&s, .down) }
        #expect(sortedBreaches(s)[14].rule == .upliftParity)
        press(&s, .enter)
        #expect(s.screen == .ethics && s.status?.text.contains("concerns age") == true)
    }

    @Test("Enter clears a filter that hides the breach's segment")
    func enterClearsFilter() {
        var s = aggressiveState()
        press(&s, .char("/"))
        type(&s, "teen")
        press(&s, .enter, .function(5), .end, .enter)
        #expect(s.filter.isEmpty)
        #expect(s.selected == s.model.segmentIndex["seniors"])
        #expect(s.status?.text.contains("filter cleared") == true)
    }

    @Test("a click selects a breach; the wheel over the screen scrolls it, not the selection")
    func mouse() {
        var s = aggressiveState()
        press(&s, .function(5))
        let frame = render(s)
        let hit = frame.hits.first { $0.action == .selectBreach(3) }!
        send(&s, .action(frame.action(for: .click(x: hit.rect.x + 2, y: hit.rect.y))!))
        #expect(s.breachSelected == 3)
        let wheel = frame.action(for: .wheelDown(x: 10, y: 6))
        #expect(wheel == .scrollEthics(3))
        send(&s, .action(wheel!))
        #expect(s.ethicsScroll == 3 && s.breachSelected == 3)
        for _ in 0..<30 { send(&s, .action(.scrollEthics(3))) }
        #expect(s.ethicsScroll == EthicsLayout(s)!.maxScroll)
    }

    @Test("a resize or fewer breaches keep the selection and the offset in range")
    func normalized() {
        var s = aggressiveState()
        press(&s, .function(5), .end)
        for _ in 0..<20 { press(&s, .pageDown) }
        send(&s, .resize(width: 160, height: 50))
        #expect(s.ethicsScroll == 0, "at 160×50 everything fits")
        // All generic: only the parity breaches are left.
        press(&s, .function(2))
        send(&s, .action(.selectSegment(0)))
        s.evaluation.apply(.generic(segments: s.model.segmentCount))
        press(&s, .function(5))
        #expect(s.breachSelected < max(1, sortedBreaches(s).count))
    }
}

@Suite("update: level keys act only where the segment is shown")
struct UpdateLevelsInSightTests {
    @Test("on the Ethics and Trade-off screens ← → h l 0-9 change nothing and say where levels are set")
    func outOfSight() {
        for screen: Key in [.function(5), .function(4), .function(6)] {
            var s = aggressiveState()
            press(&s, screen)
            let setting = s.evaluation.setting
            for key: Key in [.right, .left, .char("l"), .char("h"), .char("0"), .char("3")] {
                #expect(press(&s, key).isEmpty)
                #expect(s.evaluation.setting == setting, "\(key) on \(s.screen)")
                #expect(s.status?.text == "Levels are set where the segment is shown: Segments (F2) or Data (F3)")
            }
            #expect(s.undoStack.isEmpty)
            // Nor does the footer offer them.
            let footer = render(s).canvas.lines.last ?? ""
            #expect(!footer.contains("level"), "\(footer)")
        }
    }

    @Test("the level action itself is refused off screen (a mouse or a test sending it)")
    func actionRefused() {
        var s = aggressiveState()
        s.screen = .ethics
        let setting = s.evaluation.setting
        send(&s, .action(.levelUp))
        send(&s, .action(.setLevel(1)))
        #expect(s.evaluation.setting == setting)
    }

    @Test("on the Data screen the selected column shows the level: the keys act and the status names the change")
    func dataScreen() {
        var s = nordicState()
        press(&s, .function(3), .end)
        let seniors = s.model.segmentIndex["seniors"]!
        #expect(s.selected == seniors)
        press(&s, .char("l"))
        #expect(s.evaluation.setting.levels[seniors] == 1)
        #expect(s.status?.text == "Seniors 65+ at level 1 (\(s.scenario.levels[1].name))")
        press(&s, .char("3"))
        #expect(s.evaluation.setting.levels[seniors] == 3)
        #expect(s.status?.text.hasPrefix("Seniors 65+ at level 3") == true)
        #expect((render(s).canvas.lines.last ?? "").contains("level"))
        // On the Segments screen the change is in view: no status.
        press(&s, .function(2), .char("l"))
        #expect(s.evaluation.setting.levels[seniors] == 4 && s.status == nil)
    }

    @Test("on the Compare screen the keys act while it lists the segments, and not without a preset")
    func compareScreen() {
        var s = nordicState()
        press(&s, .function(6), .char("l"))
        #expect(s.evaluation.setting.levels[0] == 0, "no preset loaded: no segment on screen")
        send(&s, .compareLoaded(.success(loaded(s.scenario, setting: .generic(segments: s.model.segmentCount), path: "c.json"))))
        press(&s, .char("l"))
        #expect(s.evaluation.setting.levels[0] == 1)
        #expect(s.status?.text.hasPrefix("Teens 13-17 at level 1") == true)
    }

    @Test("compareShowsSegments agrees with what the Compare screen draws, at every height")
    func compareAgrees() {
        var s = nordicState()
        send(&s, .compareLoaded(.success(loaded(s.scenario, setting: .generic(segments: s.model.segmentCount), path: "c.json"))))
        s.screen = .compare
        for h in 10...30 {
            send(&s, .resize(width: 80, height: h))
            let drawn = render(s).hits.contains { $0.action == .selectSegment(s.selected) }
            #expect(drawn == compareShowsSegments(s), "height \(h)")
        }
    }

    @Test("undo on the Ethics screen names the segment it changed")
    func undoNamed() {
        var s = nordicState()
        press(&s, .end, .char("l"), .function(5), .char("u"))
        #expect(s.status?.text == "Undone: Seniors 65+ at level 0")
    }
}

@Suite("update: the help scrolls")
struct UpdateHelpScrollTests {
    @Test("at 80×24 the help scrolls to its end, and every description can be read whole")
    func readWhole() {
        var s = nordicState()
        press(&s, .char("?"))
        let layout = HelpLayout(s)!
        #expect(layout.scrolls && layout.maxScroll > 0)
        var seen: [String] = []
        for _ in 0...(layout.maxScroll) {
            seen.append(render(s).canvas.lines.dropFirst(2).prefix(layout.inner.height)
                .map { $0.trimmingCharacters(in: " ").trimmingCharacters(in: "│").trimmingCharacters(in: " ") }.joined(separator: " "))
            press(&s, .down)
        }
        #expect(s.helpScroll == layout.maxScroll)
        let text = seen.joined(separator: " ").split(separator: " ").joined(separator: " ")
        for b in s.keyMap.bindings where b.context != .help {
            let help = s.t(b.help).split(separator: " ").joined(separator: " ")
            #expect(text.contains(help), "\(help)")
        }
        #expect(text.contains(s.t(.helpEsc)))
        #expect(!text.contains("more (enlarge the terminal)"))
    }

    @Test("PgDn, End, PgUp, Home and the wheel scroll within the help; other keys still do nothing")
    func keys() {
        var s = nordicState()
        press(&s, .char("?"))
        let layout = HelpLayout(s)!
        press(&s, .pageDown)
        #expect(s.helpScroll == layout.page)
        press(&s, .end)
        #expect(s.helpScroll == layout.maxScroll)
        press(&s, .pageDown, .char("j"))
        #expect(s.helpScroll == layout.maxScroll)
        press(&s, .pageUp)
        #expect(s.helpScroll == layout.maxScroll - layout.page)
        press(&s, .home)
        #expect(s.helpScroll == 0)
        let wheel = render(s).action(for: .wheelDown(x: 5, y: 5))
        #expect(wheel == .scrollHelpLines(3))
        send(&s, .action(wheel!))
        #expect(s.helpScroll == 3)
        let setting = s.evaluation.setting
        press(&s, .char("l"), .tab, .char("3"))
        #expect(s.evaluation.setting == setting && s.screen == .segments && s.showHelp)
        // Closing and opening again starts at the top.
        press(&s, .escape, .char("?"))
        #expect(s.helpScroll == 0)
        // Where it fits in two columns it does not scroll.
        send(&s, .resize(width: 160, height: 50))
        #expect(HelpLayout(s)!.columns.count == 2 && !HelpLayout(s)!.scrolls)
        press(&s, .end)
        #expect(s.helpScroll == 0)
    }
}
