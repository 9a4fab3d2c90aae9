import BalansModel
@testable import BalansUI
import Testing

/// Properties of `render` that hold at every size and on every screen.
@Suite("Render properties")
struct RenderPropertyTests {
    /// States that exercise every part of the chrome: each screen, detail focus, prompt, filter, help.
    static func variants(width: Int, height: Int, unicode: Bool = true) -> [AppState] {
        var out: [AppState] = []
        for screen in Screen.available {
            var s = renderBalancedState(width: width, height: height, unicode: unicode, selected: 4)
            s.screen = screen
            out.append(s)
        }
        var detail = renderBalancedState(width: width, height: height, unicode: unicode, selected: 4)
        detail.focus = .detail
        detail.detailRow = 9
        out.append(detail)
        var prompt = renderBalancedState(width: width, height: height, unicode: unicode)
        var p = Prompt(kind: .saveAs, text: "a/very/long/path/to/a/preset/file/that/does/not/fit.json")
        p.cursor = 20
        p.candidates = ["one.json", "two.json"]
        prompt.prompt = p
        out.append(prompt)
        var confirm = renderBalancedState(width: width, height: height, unicode: unicode)
        confirm.prompt = Prompt(kind: .confirmOpen(path: "other.json"))
        out.append(confirm)
        var filter = renderBalancedState(width: width, height: height, unicode: unicode)
        filter.filtering = true
        filter.setFilter("zzz")  // matches nothing
        out.append(filter)
        var help = renderBalancedState(width: width, height: height, unicode: unicode)
        help.showHelp = true
        out.append(help)
        for other in [false, true] {
            for screen in [Screen.compare, .tradeoff] {
                var comparing = renderComparingState(width: width, height: height, unicode: unicode, otherScenario: other)
                comparing.screen = screen
                out.append(comparing)
            }
        }
        var budget = renderBalancedState(width: width, height: height, unicode: unicode)
        budget.prompt = Prompt(kind: .budget, text: "35")
        out.append(budget)
        var status = renderBalancedState(width: width, height: height, unicode: unicode)
        status.status = StatusMessage("Not saved: disk full", isError: true)
        out.append(status)
        return out
    }

    @Test("render never crashes and keeps hits and the cursor inside the canvas, 1×1 to 140×50")
    func anySize() {
        var sizes: [(Int, Int)] = [(1, 1), (0, 0), (140, 50), (39, 10), (40, 9), (40, 10), (41, 11), (109, 30), (110, 30)]
        for w in stride(from: 1, through: 140, by: 9) {
            for h in stride(from: 1, through: 50, by: 4) { sizes.append((w, h)) }
        }
        for (w, h) in sizes {
            for state in Self.variants(width: w, height: h) + [renderWideState(width: w, height: h)] {
                let frame = render(state)
                #expect(frame.canvas.width == max(0, w) && frame.canvas.height == max(0, h))
                for hit in frame.hits {
                    #expect(hit.rect.x >= 0 && hit.rect.y >= 0 && hit.rect.maxX <= w && hit.rect.maxY <= h && !hit.rect.isEmpty,
                            "hit \(hit) outside \(w)x\(h)")
                }
                if let c = frame.cursor { #expect(c.x >= 0 && c.x < w && c.y >= 0 && c.y < h) }
            }
        }
    }

    @Test("in ASCII mode no cell of the chrome is above U+007F")
    func asciiOnly() {
        // The demo scenario's names are ASCII, so every cell must be.
        for (w, h) in [(30, 8), (40, 10), (60, 15), (80, 24), (120, 40)] {
            for state in Self.variants(width: w, height: h, unicode: false) {
                let frame = render(state)
                for y in 0..<h {
                    for x in 0..<w {
                        let g = frame.canvas[x, y].grapheme
                        #expect(g.unicodeScalars.allSatisfy { $0.value < 0x80 },
                                "\(w)x\(h) \(state.screen) (\(x),\(y)): \(g) in \(frame.canvas.lines[y])")
                    }
                }
            }
        }
    }

    @Test("in ASCII mode only file-provided names may be non-ASCII")
    func asciiWithWideNames() {
        var state = renderWideState()
        state.capabilities = Capabilities(unicode: false)
        let scenario = state.scenario
        let names = scenario.segments.map(\.name) + scenario.categories.map(\.name) + scenario.levels.map(\.name)
            + [state.presetName] + scenario.levels.compactMap(\.description)
        let allowed = Set(names.flatMap { $0.map(String.init) })
        for screen in Screen.available {
            state.screen = screen
            let frame = render(state)
            for cell in frame.canvas.cells where !cell.grapheme.unicodeScalars.allSatisfy({ $0.value < 0x80 }) {
                #expect(allowed.contains(cell.grapheme), "\(screen): \(cell.grapheme) is not from a name")
            }
        }
    }

    @Test("every row and level dot of the table is clickable")
    func hitRegions() {
        let state = renderBalancedState()
        let frame = render(state)
        let (table, _) = Layout.segments(width: 80, height: 24)
        for row in 0..<8 {
            let y = table.y + 1 + row
            #expect(frame.action(for: .click(x: 2, y: y)) == .selectSegment(row))
            let dots = (0..<frame.canvas.width).filter { ["●", "○"].contains(frame.canvas[$0, y].grapheme) }
            #expect(dots.count == 6)
            for (k, x) in dots.enumerated() {
                #expect(frame.action(for: .click(x: x, y: y)) == .setSegmentLevel(segment: row, level: k))
            }
        }
        // Tabs.
        let tabs = frame.hits.filter { if case .showScreen = $0.action { true } else { false } }
        #expect(tabs.map(\.action) == Screen.available.map { .showScreen($0) })
        // Help swallows clicks.
        var help = state
        help.showHelp = true
        #expect(render(help).hits.isEmpty)
    }

    @Test("styles carry the state: the selected row is reversed, colour off leaves no colour")
    func styles() {
        let state = renderBalancedState()
        let frame = render(state)
        let (table, _) = Layout.segments(width: 80, height: 24)
        #expect(frame.canvas[5, table.y + 2].style.reverse)  // segment 1 selected
        #expect(!frame.canvas[5, table.y + 1].style.reverse)
        #expect(frame.canvas.lines[table.y + 2].hasPrefix(">"))
        let plain = render(renderBalancedState(color: false))
        #expect(plain.canvas.cells.allSatisfy { $0.style.foreground == .default && $0.style.background == .default })
        // Prompt: the cursor sits at the text cursor.
        var prompting = state
        var p = Prompt(kind: .saveAs, text: "abc")
        p.cursor = 1
        prompting.prompt = p
        let f = render(prompting)
        #expect(f.cursor?.y == 23)
        #expect(f.cursor?.x == " Save as: ".count + 1)
    }

    @Test("hints follow the focus: Space exclude only in the detail pane")
    func contextHints() {
        var state = renderBalancedState(width: 120, height: 40)
        #expect(!render(state).canvas.lines[39].contains("exclude"))
        #expect(render(state).canvas.lines[39].contains("Enter detail"))
        state.focus = .detail
        #expect(render(state).canvas.lines[39].contains("Space exclude"))
        #expect(!render(state).canvas.lines[39].contains("Enter detail"))
    }
}
