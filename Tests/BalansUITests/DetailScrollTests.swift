import BalansModel
@testable import BalansUI
import SnapshotTesting
import Testing

/// PgDn/PgUp in the detail pane (decision 0016): after paging through the categories, the whole
/// pane scrolls, so that the breakdown, cascade, breaches and notice can be read at 80×24.
@Suite("Scrolling the detail pane")
struct DetailScrollTests {
    /// The rendered lines of the detail pane (right of the divider), without the title.
    static func paneLines(_ state: AppState) -> [String] {
        let (_, pane) = Layout.segments(width: state.width, height: state.height, segmentCount: state.visibleCount)
        let area = detailArea(pane, sideBySide: pane.x > 0)
        let lines: [String] = render(state).canvas.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        for y in (area.y + 1)..<area.maxY {
            let chars: [Character] = Array(lines[y])
            let from = min(chars.count, area.x)
            let to = min(chars.count, area.x + area.width)
            out.append(trimmed(String(chars[from..<to])))
        }
        return out
    }

    /// Everything the pane can show, at the pane's width for the state's size.
    static func content(_ state: AppState) -> [String] {
        let (_, pane) = Layout.segments(width: state.width, height: state.height, segmentCount: state.visibleCount)
        let width = detailArea(pane, sideBySide: pane.x > 0).width
        return detailContent(RenderContext(state: state, canvas: Canvas(width: 1, height: 1)), width: width)
            .map { trimmed($0.spans.map(\.text).joined()) }
    }

    static func trimmed(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t = t.dropLast() }
        return String(t)
    }

    @Test("PgDn pages the highlight, then scrolls to the end of the content and stops; PgUp comes back")
    func pagingThenScrolling() {
        var s = nordicState()  // 80×24: the pane has 9 lines under its title
        press(&s, .char("5"), .enter)
        #expect(detailCategories(s).count == 15)
        press(&s, .pageDown)
        #expect(s.detailRow == 9 && s.detailScroll == 0)
        press(&s, .pageDown)
        #expect(s.detailRow == 14 && s.detailScroll == 0)
        press(&s, .pageDown)  // from the last category: to the breakdown, after 15 categories and a blank
        #expect(s.detailRow == 14 && s.detailScroll == 16)
        #expect(Self.paneLines(s).first?.hasPrefix("I = DPC × EI + M") == true, "\(Self.paneLines(s))")
        press(&s, .pageDown)  // then a page less one line
        #expect(s.detailScroll == 24)
        let total = Self.content(s).count
        for _ in 0..<50 { press(&s, .pageDown) }
        #expect(s.detailScroll == total - 9, "stops with the last line at the bottom")
        #expect(Self.paneLines(s).last?.isEmpty == false)
        for _ in 0..<50 { press(&s, .pageUp) }
        #expect(s.detailScroll == 0)
        #expect(s.detailRow == 0, "at the top, PgUp pages the highlight back up")
    }

    @Test("every line of the content can be read by scrolling, in order", arguments: [(80, 24), (100, 30), (60, 20), (120, 40), (40, 12)])
    func everyLineIsReachable(_ size: (Int, Int)) {
        var s = nordicState(width: size.0, height: size.1)
        press(&s, .char("4"), .enter, .end)
        let content = Self.content(s)
        let categoryLines = detailCategories(s).count
        var seen: [Int: String] = [:]
        var last = -1
        for _ in 0..<40 {
            press(&s, .pageDown)
            guard s.detailScroll != last else { break }
            last = s.detailScroll
            for (i, line) in Self.paneLines(s).enumerated() where s.detailScroll + i < content.count {
                seen[s.detailScroll + i] = line
            }
        }
        // The first scroll starts at the breakdown: it skips only the categories (just paged through)
        // and the blank line after them; from there every line comes into view.
        let first = seen.keys.min() ?? 0
        #expect(first > 0 && first <= categoryLines + 1)
        #expect(Set(seen.keys) == Set(first..<content.count), "lines never shown: \(Set(first..<content.count).subtracting(seen.keys).sorted())")
        // A line wider than the pane (a heading is not wrapped) ends in an ellipsis, as everywhere.
        for (i, line) in seen {
            #expect(line == content[i] || (line.hasSuffix("…") && content[i].hasPrefix(String(line.dropLast()))), "line \(i)")
        }
        #expect(content.contains { $0.contains(s.t(.detailNoticeTitle)) }, "the notice is part of the content")
    }

    @Test("any other key, a click or a resize returns to the laid-out pane; files arriving do not")
    func resets() {
        var s = nordicState()
        press(&s, .char("5"), .enter, .end, .pageDown)
        #expect(s.detailScroll > 0)
        press(&s, .up)
        #expect(s.detailScroll == 0 && s.detailRow == 13)
        press(&s, .end, .pageDown, .escape)
        #expect(s.detailScroll == 0 && s.focus == .table)
        press(&s, .enter, .end, .pageDown, .escape, .down, .enter)
        #expect(s.detailScroll == 0 && s.selected == 1)
        // A level change while scrolled: the content changes, so the offset goes.
        press(&s, .char("4"), .end, .pageDown)
        #expect(s.detailScroll > 0)
        press(&s, .char("5"))
        #expect(s.detailScroll == 0)
        press(&s, .end, .pageDown)
        _ = update(&s, .resize(width: 120, height: 40))
        #expect(s.detailScroll == 0)
        press(&s, .end, .pageDown)
        let scrolled = s.detailScroll
        _ = update(&s, .completions(prefix: "x", candidates: []))
        #expect(s.detailScroll == scrolled && scrolled > 0)
        press(&s, .pageDown, .pageDown)  // at the end, PgDn keeps the pane where it is
        let end = s.detailScroll
        press(&s, .pageDown)
        #expect(s.detailScroll == end)
    }

    @Test("Space while scrolled only brings the highlight back into view; the next Space toggles")
    func spaceWhileScrolled() {
        var s = nordicState()
        press(&s, .char("5"), .enter, .end, .pageDown)
        #expect(s.detailScroll > 0)
        press(&s, .char(" "))
        #expect(s.detailScroll == 0 && s.evaluation.setting.excluded[0].isEmpty)
        press(&s, .char(" "))
        #expect(s.evaluation.setting.excluded[0] == [detailCategories(s)[14]])
    }

    @Test("the wheel over the focused pane scrolls its content by three lines; elsewhere the table")
    func wheel() {
        var s = nordicState()
        press(&s, .char("5"))
        // Not focused: the wheel over the pane scrolls the table, as before.
        let (_, pane) = Layout.segments(width: s.width, height: s.height, segmentCount: s.visibleCount)
        let area = detailArea(pane, sideBySide: pane.x > 0)
        #expect(render(s).action(for: .wheelDown(x: area.x + 2, y: area.y + 2)) == .scroll(3))
        press(&s, .enter)
        let frame = render(s)
        #expect(frame.action(for: .wheelDown(x: area.x + 2, y: area.y + 2)) == .scrollDetail(3))
        #expect(frame.action(for: .wheelUp(x: area.x + 2, y: area.y + 2)) == .scrollDetail(-3))
        #expect(frame.action(for: .wheelDown(x: 1, y: 5)) == .scroll(3), "over the table")
        _ = update(&s, .action(.scrollDetail(3)))
        #expect(s.detailScroll == 3)
        #expect(Self.paneLines(s).first == Self.content(s)[3])
        for _ in 0..<40 { _ = update(&s, .action(.scrollDetail(3))) }
        #expect(s.detailScroll == Self.content(s).count - 9)
        for _ in 0..<40 { _ = update(&s, .action(.scrollDetail(-3))) }
        #expect(s.detailScroll == 0)
        press(&s, .escape)
        _ = update(&s, .action(.scrollDetail(3)))
        #expect(s.detailScroll == 0, "only the focused pane scrolls")
    }

    @Test("the pane scrolled to the notice at 80×24, in English and ASCII")
    func snapshots() {
        var s = renderBalancedState(selected: 4)
        _ = update(&s, .key(.enter))
        for _ in 0..<3 { _ = update(&s, .key(.pageDown)) }
        #expect(s.detailScroll > 0)
        assertScreen(s, named: "scrolled-80x24")
        var ascii = renderBalancedState(unicode: false, selected: 4)
        _ = update(&ascii, .key(.enter))
        for _ in 0..<3 { _ = update(&ascii, .key(.pageDown)) }
        assertScreen(ascii, named: "scrolled-ascii-80x24")
    }
}
