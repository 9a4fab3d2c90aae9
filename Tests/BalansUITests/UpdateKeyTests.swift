@testable import BalansModel
@testable import BalansUI
import Testing

// Every key of SPEC §4's table through `update(&state, .key(…))`. Nordic Retail's segments, in
// file order: 0 teens, 1 young-urban, 2 bargain-hunters, 3 families, 4 loyal-members, 5 lapsed,
// 6 stretched, 7 seniors. Its ladder has levels 0…5; level l touches the categories of levels
// 0…l: level 1 → 0,1,2; level 2 → 0…5; level 3 → 0…7; level 4 → 0…9; level 5 → 0…14.
//
// Table heights (Layout): at 80×24 the body is 24 − 3 − 2 = 19 rows; the table takes
// max(4, min(16, 19·9/19 = 9)) = 9 rows, one of them the column header: 8 segment rows; the
// detail pane gets the other 10 rows. At 80×12 the body is 7 rows; the table max(4, min(4, 3)) = 4:
// 3 segment rows.

@Suite("update: selection and scrolling")
struct UpdateSelectionTests {
    @Test("↑ ↓ and k j move the selection, stopping at the ends")
    func upDown() {
        var s = nordicState()
        press(&s, .down)
        #expect(s.selected == 1)
        press(&s, .char("j"), .char("j"))
        #expect(s.selected == 3)
        press(&s, .up)
        #expect(s.selected == 2)
        press(&s, .char("k"), .char("k"), .char("k"))
        #expect(s.selected == 0)
        press(&s, .char("G"), .down)
        #expect(s.selected == 7)
    }

    @Test("Home End g G go to the first and last segment")
    func homeEnd() {
        var s = nordicState()
        press(&s, .end)
        #expect(s.selected == 7 && s.scroll == 0)  // all 8 rows fit at 80×24
        press(&s, .home)
        #expect(s.selected == 0)
        press(&s, .char("G"))
        #expect(s.selected == 7)
        press(&s, .char("g"))
        #expect(s.selected == 0)
    }

    @Test("the table shows 8 segment rows at 80×24 and 3 at 80×12")
    func tableHeights() {
        #expect(Layout.tableRows(width: 80, height: 24) == 8)
        #expect(Layout.tableRows(width: 80, height: 12) == 3)
    }

    @Test("PgUp PgDn Home End keep the selected row in view at 80×24 (8 rows, 30 segments)")
    func pagingTall() {
        var s = state(of: manyScenario(30))
        press(&s, .pageDown)
        #expect(s.selected == 8 && s.scroll == 1)  // row 8 is the 9th: the view starts at 1
        press(&s, .pageDown)
        #expect(s.selected == 16 && s.scroll == 9)
        press(&s, .pageUp)
        #expect(s.selected == 8 && s.scroll == 8)  // row 8 above the view: it becomes the top
        press(&s, .end)
        #expect(s.selected == 29 && s.scroll == 22)  // 30 − 8
        press(&s, .pageDown)
        #expect(s.selected == 29 && s.scroll == 22)
        press(&s, .home)
        #expect(s.selected == 0 && s.scroll == 0)
        press(&s, .pageUp)
        #expect(s.selected == 0 && s.scroll == 0)
    }

    @Test("j and PgDn keep the selected row in view at 80×12 (3 rows)")
    func pagingSmall() {
        var s = state(of: manyScenario(30), height: 12)
        press(&s, .char("j"), .char("j"))
        #expect(s.selected == 2 && s.scroll == 0)
        press(&s, .char("j"))
        #expect(s.selected == 3 && s.scroll == 1)
        press(&s, .pageDown)
        #expect(s.selected == 6 && s.scroll == 4)
        press(&s, .char("G"))
        #expect(s.selected == 29 && s.scroll == 27)
        press(&s, .char("k"), .char("k"), .char("k"))
        #expect(s.selected == 26 && s.scroll == 26)
    }
}

@Suite("update: levels")
struct UpdateLevelTests {
    @Test("← → h l lower and raise the selected segment's level")
    func leftRight() {
        var s = nordicState()
        press(&s, .char("j"))
        press(&s, .right)
        #expect(s.evaluation.setting.levels[1] == 1)
        press(&s, .char("l"), .char("l"))
        #expect(s.evaluation.setting.levels[1] == 3)
        #expect(s.evaluation.rows[1].level == 3)
        #expect(s.evaluation.rows[1].touches == Array(0...7))
        press(&s, .left)
        #expect(s.evaluation.setting.levels[1] == 2)
        press(&s, .char("h"))
        #expect(s.evaluation.setting.levels[1] == 1)
        #expect(s.evaluation.setting.levels[0] == 0)  // the others are untouched
    }

    @Test("lowering below 0 rings the bell, says so, and changes nothing")
    func bottom() {
        var s = nordicState()
        let effects = press(&s, .left)
        #expect(effects == [.bell])
        #expect(s.evaluation.setting.levels[0] == 0)
        #expect(s.status?.text == "Already at level 0")
        #expect(s.undoStack.isEmpty && !s.isDirty)
    }

    @Test("raising beyond the ladder's top (5) rings the bell and changes nothing")
    func top() {
        var s = nordicState()
        press(&s, .char("5"))
        #expect(s.evaluation.setting.levels[0] == 5)
        let effects = press(&s, .char("l"))
        #expect(effects == [.bell])
        #expect(s.evaluation.setting.levels[0] == 5)
        #expect(s.status?.text == "The ladder ends at level 5")
        #expect(s.undoStack.count == 1)
    }

    @Test("digits set the level directly; beyond the ladder they ring the bell")
    func digits() {
        var s = nordicState()
        press(&s, .char("3"))
        #expect(s.evaluation.setting.levels[0] == 3)
        press(&s, .char("0"))
        #expect(s.evaluation.setting.levels[0] == 0)
        for digit in ["6", "7", "8", "9"] {
            let effects = press(&s, .char(Character(digit)))
            #expect(effects == [.bell])
            #expect(s.evaluation.setting.levels[0] == 0)
        }
        // Setting the level it already has is no change (nothing to undo).
        press(&s, .char("0"))
        #expect(s.undoStack.count == 2)
    }

    @Test("a status message is cleared by the next key")
    func statusClears() {
        var s = nordicState()
        press(&s, .left)
        #expect(s.status != nil)
        press(&s, .char("j"))
        #expect(s.status == nil)
    }
}

@Suite("update: detail pane and exclusions")
struct UpdateDetailTests {
    @Test("Enter moves into the detail pane, Esc back out; ↑ ↓ move within its categories")
    func enterEsc() {
        var s = nordicState()
        press(&s, .char("2"))  // categories 0…5
        press(&s, .enter)
        #expect(s.focus == .detail)
        #expect(detailCategories(s) == Array(0...5))
        press(&s, .down, .char("j"))
        #expect(s.detailRow == 2 && s.selected == 0)
        for _ in 0..<10 { press(&s, .down) }
        #expect(s.detailRow == 5)
        press(&s, .up)
        #expect(s.detailRow == 4)
        press(&s, .escape)
        #expect(s.focus == .table)
        press(&s, .down)
        #expect(s.selected == 1)
    }

    @Test("Enter does nothing outside the Segments screen")
    func enterElsewhere() {
        var s = nordicState()
        press(&s, .tab, .enter)
        #expect(s.screen == .data && s.focus == .table)
    }

    @Test("Space excludes and includes the highlighted category: touches and reach follow, undo restores")
    func exclusion() {
        var s = nordicState()
        // loyal-members at level 3: categories 0…7, consent 0.95 0.95 0.93 0.95 0.92 0.85 0.72 0.78.
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("3"), .enter)
        send(&s, .saved(path: "p.json", error: nil))  // level 3 is the saved state
        #expect(s.evaluation.rows[4].reach == 0.72)  // browsing-history is the least consented
        for _ in 0..<6 { press(&s, .char("j")) }
        #expect(s.detailRow == 6)
        press(&s, .char(" "))
        #expect(s.evaluation.setting.excluded[4] == [6])
        #expect(s.evaluation.rows[4].touches == [0, 1, 2, 3, 4, 5, 7])
        #expect(s.evaluation.rows[4].reach == 0.78)  // now purchase-history is
        #expect(detailCategories(s) == Array(0...7))  // still listed, to be included again
        #expect(s.isDirty)
        press(&s, .char("u"))
        #expect(s.evaluation.setting.excluded[4] == [])
        #expect(s.evaluation.rows[4].touches == Array(0...7))
        #expect(s.evaluation.rows[4].reach == 0.72)
        #expect(!s.isDirty)
        press(&s, .ctrl("r"))
        #expect(s.evaluation.rows[4].reach == 0.78)
        // Space again includes it.
        press(&s, .char(" "))
        #expect(s.evaluation.setting.excluded[4] == [])
        #expect(s.evaluation.rows[4] == nordicModel().score(segment: 4, level: 3))
        #expect(!s.isDirty)
    }

    @Test("Space in the table does nothing")
    func spaceInTable() {
        var s = nordicState()
        press(&s, .char("3"), .char(" "))
        #expect(s.evaluation.setting.excluded[0] == [] && s.undoStack.count == 1)
    }

    @Test("bug: after a level decrease the highlight stays within the shorter list")
    func detailRowAfterLevelDown() {
        var s = nordicState()
        press(&s, .char("5"), .enter, .end)
        #expect(s.detailRow == 14)
        press(&s, .char("h"))  // level 4: categories 0…9
        #expect(detailCategories(s).count == 10)
        #expect(s.detailRow == 9)
        press(&s, .char("0"))  // nothing touched
        #expect(s.detailRow == 0)
        #expect(press(&s, .char(" ")).isEmpty && s.evaluation.setting.excluded[0] == [])
    }

    @Test("bug: End and PgUp/PgDn in the detail pane page through its categories, not the table")
    func detailPaging() {
        // Detail pane at 80×24: 10 rows, the first its title: a page is 9 categories.
        var s = nordicState()
        press(&s, .char("5"), .enter)
        #expect(detailCategories(s).count == 15)
        press(&s, .pageDown)
        #expect(s.detailRow == 9 && s.selected == 0)
        press(&s, .pageDown)
        #expect(s.detailRow == 14)
        press(&s, .pageUp)
        #expect(s.detailRow == 5)
        press(&s, .home)
        #expect(s.detailRow == 0)
        press(&s, .char("G"))  // was: moved by the 8 segments, to row 8
        #expect(s.detailRow == 14)
        #expect(s.selected == 0 && s.scroll == 0)
    }

    @Test("the highlight stays on the same category when a level change adds categories before it")
    func highlightFollowsCategory() {
        // Catalogue a, b, c; level 1 adds c, level 2 adds a: the list goes [c] → [a, c].
        let scenario = Scenario(
            name: "order",
            categories: ["a", "b", "c"].map { DataCategory(id: $0, name: $0.uppercased(), tier: .simple, identifiability: .limited) },
            levels: [Level(name: "Generic"), Level(name: "C", uses: ["c"]), Level(name: "A", uses: ["a"])],
            segments: [Segment(id: "s", name: "S", size: 10, consent: [("a", 1), ("c", 1)])])
        var s = state(of: scenario)
        press(&s, .char("1"), .enter)
        #expect(detailCategories(s) == [2] && s.detailRow == 0)
        press(&s, .char("l"))
        #expect(detailCategories(s) == [0, 2])
        #expect(s.detailRow == 1)  // still on c
        press(&s, .char("u"))  // undo follows it too
        #expect(detailCategories(s) == [2] && s.detailRow == 0)
        press(&s, .ctrl("r"))
        #expect(s.detailRow == 1)
        press(&s, .up, .char("h"))  // a highlighted, then removed: clamped
        #expect(detailCategories(s) == [2] && s.detailRow == 0)
    }

    @Test("moving to another segment resets the highlight")
    func detailRowResets() {
        var s = nordicState()
        press(&s, .char("5"), .enter, .end, .escape, .char("j"))
        #expect(s.selected == 1 && s.detailRow == 0)
    }
}

@Suite("update: screens")
struct UpdateScreenTests {
    @Test("Tab and Shift-Tab cycle the screens: Segments → Data → Trade-off → Ethics → Compare")
    func cycle() {
        var s = nordicState()
        press(&s, .tab)
        #expect(s.screen == .data)
        press(&s, .tab, .tab)
        #expect(s.screen == .ethics)
        press(&s, .tab, .tab)
        #expect(s.screen == .segments)
        press(&s, .backTab)
        #expect(s.screen == .compare)
        press(&s, .backTab, .backTab, .backTab, .backTab)
        #expect(s.screen == .segments)
    }

    @Test("F2 F3 F5 jump to Segments, Data, Ethics")
    func functionKeys() {
        var s = nordicState()
        #expect(press(&s, .function(3)).isEmpty)
        #expect(s.screen == .data)
        press(&s, .function(5))
        #expect(s.screen == .ethics)
        press(&s, .function(2))
        #expect(s.screen == .segments)
    }

    @Test("F4 and F6 show the Trade-off and Compare screens; Tab visits all five")
    func tradeoffAndCompareScreens() {
        var s = nordicState()
        #expect(press(&s, .function(4)).isEmpty)
        #expect(s.screen == .tradeoff)
        #expect(press(&s, .function(6)).isEmpty)
        #expect(s.screen == .compare)
        var t = nordicState()
        var seen: [Screen] = []
        for _ in 0..<5 { press(&t, .tab); seen.append(t.screen) }
        #expect(seen == [.data, .tradeoff, .ethics, .compare, .segments])
    }

    @Test("b and c open their prompts; an unbound key is just ignored")
    func balanceAndComparePrompts() {
        var s = nordicState()
        #expect(press(&s, .char("b")).isEmpty)
        #expect(s.prompt?.kind == .budget)
        press(&s, .escape)
        #expect(press(&s, .char("c")).isEmpty)
        #expect(s.prompt?.kind == .compare)
        press(&s, .escape)
        #expect(s.prompt == nil && s.screen == .segments && s.evaluation.setting == Setting.generic(segments: 8))
        #expect(press(&s, .char("x")).isEmpty && s.status == nil)
    }

    @Test("↑ ↓ on another screen move the segment, even when the detail pane had the keyboard")
    func detailFocusElsewhere() {
        var s = nordicState()
        press(&s, .char("3"), .enter, .tab, .down)
        #expect(s.screen == .data)
        #expect(s.selected == 1 && s.detailRow == 0)
    }
}

@Suite("update: filter")
struct UpdateFilterTests {
    // Names: "Teens 13-17", "Young urban adults", "Bargain hunters", "Families with children",
    // "Loyal club members", "Lapsed customers", "Financially stretched households", "Seniors 65+".

    @Test("typing narrows at once, Backspace widens, Enter keeps, Esc clears")
    func typing() {
        var s = nordicState()
        press(&s, .char("/"))
        #expect(s.filtering)
        type(&s, "l")  // young urban adults, families, loyal, lapsed, financially
        #expect(s.visibleCount == 5)
        #expect((0..<5).map { s.visibleSegment(at: $0) } == [1, 3, 4, 5, 6])
        #expect(s.selected == 1)  // teens is hidden: the first shown is selected
        type(&s, "a")  // "la": lapsed only
        #expect(s.visibleCount == 1 && s.selected == 5)
        press(&s, .backspace)
        #expect(s.filter == "l" && s.visibleCount == 5 && s.selected == 5)
        press(&s, .enter)
        #expect(!s.filtering && s.filter == "l")
        press(&s, .char("j"))  // the keys work on the filtered list again
        #expect(s.selected == 6)
        press(&s, .char("j"))
        #expect(s.selected == 6)
        press(&s, .escape)
        #expect(s.filter.isEmpty && s.visibleCount == 8 && s.selected == 6)
        press(&s, .char("/"))
        type(&s, "sen")
        #expect(s.selected == 7)
        press(&s, .escape)
        #expect(!s.filtering && s.filter.isEmpty && s.visibleCount == 8)
    }

    @Test("keys typed into the filter are not commands")
    func charsAreText() {
        var s = nordicState()
        press(&s, .char("/"))
        type(&s, "q5")
        #expect(s.filter == "q5" && s.evaluation.setting.levels[0] == 0)
        press(&s, .escape)
    }

    @Test("with no match nothing crashes and level, detail and movement keys do nothing")
    func noMatch() {
        var s = nordicState()
        press(&s, .char("/"))
        type(&s, "zz")
        #expect(s.visibleCount == 0)
        press(&s, .enter)
        for key: Key in [.char("l"), .char("h"), .char("5"), .right, .left, .enter, .char(" "), .down, .up, .end, .pageDown] {
            #expect(press(&s, key).isEmpty, "\(key)")
        }
        #expect(s.evaluation.setting == Setting.generic(segments: 8))
        #expect(s.focus == .table && s.scroll == 0)
        #expect(update(&s, .action(.setSegmentLevel(segment: 0, level: 2))).isEmpty)
        #expect(s.evaluation.setting.levels[0] == 0)
        press(&s, .escape)
        #expect(s.visibleCount == 8)
    }

    @Test("bug: starting a filter from the detail pane gives the keyboard to the table")
    func filterFromDetail() {
        var s = nordicState()
        press(&s, .char("3"), .enter)
        #expect(s.focus == .detail)
        press(&s, .char("/"))
        type(&s, "zz")  // the segment whose detail was shown is hidden
        #expect(s.focus == .table)
        press(&s, .enter, .char(" "), .char("l"))
        #expect(s.evaluation.setting.levels[0] == 3 && s.evaluation.setting.excluded[0] == [])
    }

    @Test("the filter matches ids too, case-insensitively")
    func ids() {
        var s = nordicState()
        press(&s, .char("/"))
        type(&s, "YOUNG-")
        #expect(s.visibleCount == 1 && s.selected == 1)
    }

    @Test("↓ and PgDn move through the filtered list while the filter is typed")
    func moveWhileTyping() {
        var s = state(of: manyScenario(30))
        press(&s, .char("/"))
        type(&s, "segment 1")  // 1, 10…19: 11 segments
        #expect(s.visibleCount == 11 && s.selected == 1)
        press(&s, .pageDown)   // row 8 of the filtered list: segment 17; 8 rows shown
        #expect(s.selected == 17 && s.scroll == 1)
        press(&s, .down)
        #expect(s.selected == 18 && s.scroll == 2)
        press(&s, .pageDown)
        #expect(s.selected == 19 && s.scroll == 3)
        press(&s, .up)
        #expect(s.selected == 18 && s.scroll == 3)
        #expect(s.filtering && s.filter == "segment 1")
        press(&s, .enter)
        #expect(!s.filtering && s.selected == 18)
    }

    @Test("filtering a long list scrolls back to show the selection")
    func filterScroll() {
        var s = state(of: manyScenario(30))
        press(&s, .end)
        #expect(s.scroll == 22)
        press(&s, .char("/"))
        type(&s, "segment 2")  // 2, 20…29: 11 segments; 29 is row 10
        #expect(s.visibleCount == 11 && s.selected == 29)
        #expect(s.scroll == 3)
        type(&s, "1")  // "segment 21" only
        #expect(s.visibleCount == 1 && s.selected == 21 && s.scroll == 0)
    }
}

@Suite("update: undo and redo")
struct UpdateUndoTests {
    @Test("a chain of level changes and exclusions undoes and redoes in order")
    func chain() {
        var s = nordicState()
        press(&s, .char("2"))                       // teens 0 → 2
        press(&s, .char("j"), .char("4"))           // young-urban 0 → 4
        press(&s, .enter, .char("j"), .char(" "))   // young-urban excludes device-type (1)
        press(&s, .escape, .char("j"), .char("l"))  // bargain-hunters 0 → 1
        let after = s.evaluation.setting
        #expect(after.levels == [2, 4, 1, 0, 0, 0, 0, 0])
        #expect(after.excluded[1] == [1])
        #expect(s.undoStack.count == 4)

        press(&s, .char("u"))
        #expect(s.evaluation.setting.levels[2] == 0 && s.selected == 2)
        #expect(s.status?.text == "Undone: Bargain hunters at level 0")
        press(&s, .char("u"))
        #expect(s.evaluation.setting.excluded[1] == [] && s.selected == 1)
        #expect(s.status?.text == "Undone: Young urban adults includes Device and browser type")
        press(&s, .char("u"), .char("u"))
        #expect(s.evaluation.setting == Setting.generic(segments: 8))
        #expect(s.selected == 0)  // the last undo was about teens
        #expect(!s.isDirty)
        #expect(press(&s, .char("u")) == [.bell])
        #expect(s.status?.text == "Nothing to undo")

        press(&s, .ctrl("r"), .ctrl("r"), .ctrl("r"))
        #expect(s.status?.text == "Redone: Young urban adults excludes Device and browser type")
        press(&s, .ctrl("r"))
        #expect(s.status?.text == "Redone: Bargain hunters at level 1")
        #expect(s.evaluation.setting == after)
        #expect(s.selected == 2)
        #expect(press(&s, .ctrl("r")) == [.bell])
        #expect(s.status?.text == "Nothing to redo")
        #expect(Evaluation(model: s.model, setting: s.evaluation.setting).rows == s.evaluation.rows)
    }

    @Test("a new change after undo clears redo")
    func newChangeClearsRedo() {
        var s = nordicState()
        press(&s, .char("2"), .char("3"), .char("u"))
        #expect(s.redoStack.count == 1)
        press(&s, .char("1"))
        #expect(s.redoStack.isEmpty)
        #expect(press(&s, .ctrl("r")) == [.bell])
        #expect(s.evaluation.setting.levels[0] == 1)
        press(&s, .char("u"))
        #expect(s.evaluation.setting.levels[0] == 2)
    }

    @Test("undo selects the segment the change was about and scrolls to it")
    func selectsSegment() {
        var s = state(of: manyScenario(30))
        press(&s, .end, .char("2"), .home)
        #expect(s.selected == 0 && s.scroll == 0)
        press(&s, .char("u"))
        #expect(s.selected == 29 && s.scroll == 22)
        #expect(s.evaluation.setting.levels[29] == 0)
    }

    @Test("bug: undo of a change to a segment the filter hides clears the filter and selects it")
    func undoHidden() {
        var s = nordicState()
        press(&s, .char("3"))  // teens
        press(&s, .char("/"))
        type(&s, "la")
        press(&s, .enter)
        #expect(s.selected == 5 && s.row(of: 0) == nil)
        press(&s, .char("u"))
        #expect(s.evaluation.setting.levels[0] == 0)
        #expect(s.filter.isEmpty && s.selected == 0)
        #expect(s.status?.text == "Undone: Teens 13-17 at level 0 (filter cleared to show it)")
    }

    @Test("undo of an exclusion highlights the category it was about")
    func undoExclusionHighlights() {
        var s = nordicState()
        press(&s, .char("3"), .enter, .char("j"), .char("j"), .char("j"), .char(" "))  // excludes 3
        press(&s, .home)
        #expect(s.detailRow == 0)
        press(&s, .char("u"))
        #expect(s.detailRow == 3 && s.evaluation.setting.excluded[0] == [])
    }

    @Test("bug: undo that selects another segment keeps the highlight within that segment's list")
    func undoOtherSegmentInDetail() {
        var s = nordicState()
        press(&s, .char("j"), .char("5"))     // young-urban level 5
        press(&s, .char("k"), .char("1"))     // teens level 1
        press(&s, .char("j"), .enter, .end)   // young-urban's detail, highlight on its 15th category
        #expect(s.detailRow == 14)
        press(&s, .char("u"))                 // undoes teens 0 → 1: selects teens, at level 0
        #expect(s.selected == 0 && s.evaluation.setting.levels[0] == 0)
        #expect(s.detailRow == 0)
        #expect(detailCategories(s).isEmpty)
    }
}

@Suite("key map")
struct UpdateKeyMapTests {
    @Test("every key of SPEC §4's table that exists in this version is bound")
    func bound() {
        let map = KeyMap.standard
        let expected: [(Key, KeyContext, Action)] = [
            (.up, .table, .selectPrevious), (.char("k"), .table, .selectPrevious),
            (.down, .table, .selectNext), (.char("j"), .table, .selectNext),
            (.left, .table, .levelDown), (.char("h"), .table, .levelDown),
            (.right, .table, .levelUp), (.char("l"), .table, .levelUp),
            (.char("0"), .table, .setLevel(0)), (.char("7"), .table, .setLevel(7)), (.char("9"), .detail, .setLevel(9)),
            (.char(" "), .detail, .toggleExclusion),
            (.tab, .table, .nextScreen), (.backTab, .global, .previousScreen),
            (.function(2), .global, .showScreen(.segments)), (.function(3), .global, .showScreen(.data)),
            (.function(4), .global, .showScreen(.tradeoff)), (.function(5), .global, .showScreen(.ethics)),
            (.function(6), .global, .showScreen(.compare)),
            (.enter, .table, .enterDetail), (.escape, .detail, .back), (.char("/"), .table, .startFilter),
            (.char("u"), .table, .undo), (.ctrl("r"), .table, .redo), (.char("s"), .table, .save),
            (.char("S"), .table, .saveAs), (.char("o"), .table, .open), (.char("?"), .table, .help),
            (.function(1), .global, .help), (.char("q"), .table, .quit), (.ctrl("c"), .detail, .quitNow),
        ]
        for (key, context, action) in expected {
            #expect(map.action(for: key, in: context) == action, "\(key) in \(context)")
        }
        #expect(map.action(for: .char(" "), in: .table) == nil)
        #expect(map.action(for: .enter, in: .detail) == nil)
        #expect(map.action(for: .enter, in: .global) == nil)
    }

    @Test("a context's own binding wins over a global one for the same key, wherever it is listed")
    func precedence() {
        let map = KeyMap(bindings: [
            Binding([.char("x")], .undo, help: .keyUndo),
            Binding([.char("x")], .toggleExclusion, help: .keyToggleExclusion, context: .detail),
        ])
        #expect(map.action(for: .char("x"), in: .detail) == .toggleExclusion)
        #expect(map.action(for: .char("x"), in: .table) == .undo)
    }
}
