import BalansModel
import BalansText
@testable import BalansUI
import Testing

/// `DetailPaneLayout` is what `update` scrolls the detail pane with; the renderer draws the scrolled
/// pane from it. These check, over many states and sizes, that the layout's lines are exactly the
/// lines drawn, and that PgDn's limit is the last line of what is drawn.
@Suite("Detail pane layout")
struct DetailPaneLayoutTests {
    static let sizes = [(80, 24), (40, 12), (60, 16), (100, 30), (110, 24), (150, 50)]

    /// States with the detail pane focused: every segment of the balanced demo (English, English
    /// in ASCII, Swedish), a segment at the top of the ladder, and the wide-character scenario.
    static func states(width: Int, height: Int) -> [AppState] {
        var out: [AppState] = []
        for (unicode, swedish) in [(true, false), (false, false), (true, true)] {
            var base = renderBalancedState(width: width, height: height, unicode: unicode)
            if swedish { base.catalogue = Catalogue(.sv) }
            for s in base.scenario.segments.indices where unicode && !swedish || s % 3 == 1 {
                var state = base
                state.selected = s
                out.append(state)
            }
        }
        var top = renderBalancedState(width: width, height: height)
        top.evaluation.setLevel(3, top.model.levelCount - 1)
        top.selected = 3
        out.append(top)
        for s in 0..<3 {
            var wide = renderWideState(width: width, height: height)
            wide.selected = s
            out.append(wide)
        }
        return out.map {
            var state = $0
            state.focus = .detail
            return state
        }
    }

    /// The graphemes of the pane's interior row `y` (from `area.x`, `area.width` columns).
    static func row(_ canvas: Canvas, _ area: Rect, _ y: Int) -> [String] {
        (area.x..<area.maxX).map { canvas[$0, y].grapheme }
    }

    /// `line` as `drawDetailPane` puts it: into `width` columns, cut with the theme's ellipsis.
    static func drawn(_ line: PaneLine, width: Int, theme: Theme) -> [String] {
        var canvas = Canvas(width: width, height: 1)
        canvas.put(line.spans, x: 0, y: 0, maxWidth: width, ellipsis: theme.ellipsis)
        return (0..<width).map { canvas[$0, 0].grapheme }
    }

    @Test("scrolled, the pane draws exactly the layout's lines from the offset, and says how many there are")
    func rendererDrawsTheLayout() throws {
        var checked = 0
        for (width, height) in Self.sizes {
            for base in Self.states(width: width, height: height) {
                guard let layout = DetailPaneLayout(base) else { continue }
                #expect(layout.content.count > layout.content.filter { $0.spans.allSatisfy(\.text.isEmpty) }.count)
                let theme = Theme(base.capabilities)
                for scroll in Set([1, 2, layout.maxScroll / 2, layout.maxScroll, layout.maxScroll + 7]) where scroll > 0 {
                    var state = base
                    state.detailScroll = scroll
                    let canvas = render(state).canvas
                    let area = layout.area
                    let first = layout.firstLine(at: scroll)
                    let shown = Array(layout.shown(at: scroll))
                    #expect(shown.count == min(layout.visibleLines, layout.content.count - first))
                    for (i, line) in shown.enumerated() {
                        #expect(Self.row(canvas, area, area.y + 1 + i) == Self.drawn(line, width: area.width, theme: theme),
                                "\(width)×\(height), segment \(state.selected), scroll \(scroll), line \(first + i)")
                    }
                    // Nothing below the last line.
                    for y in (area.y + 1 + shown.count)..<area.maxY {
                        #expect(Self.row(canvas, area, y).allSatisfy { $0 == " " }, "\(width)×\(height) row \(y) not blank")
                    }
                    let note = state.t(.detailRange, String(first + 1), String(first + shown.count), String(layout.content.count))
                    #expect(canvas.lines[area.y].contains(note), "\(width)×\(height): title lacks \(note)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    @Test("PgDn stops where the last line of the content is the pane's last line, at every size")
    func pgDnStopsAtTheEnd() throws {
        for (width, height) in Self.sizes {
            for var state in Self.states(width: width, height: height) {
                guard let layout = DetailPaneLayout(state) else { continue }
                // PgDn pages the highlight, then scrolls; it has reached its end when nothing moves.
                var before = (-1, -1)
                var presses = 0
                while (state.detailScroll, state.detailRow) != before, presses < 100 {
                    before = (state.detailScroll, state.detailRow)
                    _ = update(&state, .key(.pageDown))
                    presses += 1
                }
                #expect(state.detailScroll == layout.maxScroll, "\(width)×\(height), segment \(state.selected)")
                guard layout.maxScroll > 0 else { continue }
                let canvas = render(state).canvas
                let last = try #require(layout.content.last)
                #expect(Self.row(canvas, layout.area, layout.area.maxY - 1)
                        == Self.drawn(last, width: layout.area.width, theme: Theme(state.capabilities)),
                        "\(width)×\(height), segment \(state.selected): the last line is not at the bottom")
            }
        }
    }

    @Test("the layout is the Segments screen's detail pane: its interior, as drawn")
    func areaIsThePane() throws {
        let state = renderBalancedState(width: 80, height: 24)
        let layout = try #require(DetailPaneLayout(state))
        let (_, pane) = Layout.segments(width: 80, height: 24, segmentCount: state.visibleCount)
        #expect(layout.area == Rect(x: pane.x + 1, y: pane.y, width: pane.width - 2, height: pane.height))
        let wide = try #require(DetailPaneLayout(renderBalancedState(width: 120, height: 40)))
        let (_, right) = Layout.segments(width: 120, height: 40, segmentCount: state.visibleCount)
        #expect(wide.area == Rect(x: right.x + 2, y: right.y, width: right.width - 3, height: right.height))
        #expect(wide.visibleLines == right.height - 1)
    }
}
