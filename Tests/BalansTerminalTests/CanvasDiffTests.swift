import BalansUI
import Testing

// Canvas.diff(from:) is what the terminal writes (SPEC §5: only changed cells). Expected runs are
// worked out by hand from the canvases below.

private func canvas(_ width: Int, _ height: Int, _ draw: (inout Canvas) -> Void = { _ in }) -> Canvas {
    var c = Canvas(width: width, height: height)
    draw(&c)
    return c
}

private let red = Style.fg(.red)
private let boldStyle = Style.bold

@Suite("Canvas diff (the terminal's changed cells)")
struct CanvasDiffTests {
    @Test("no previous frame: every row is written, one run per style")
    func fullRepaint() {
        let c = canvas(6, 2) { c in
            c.put("ab", x: 0, y: 0)
            c.put("cd", x: 2, y: 0, style: red)
        }
        #expect(c.diff(from: nil) == [
            CellRun(x: 0, y: 0, text: "ab", style: .plain, width: 2),
            CellRun(x: 2, y: 0, text: "cd", style: red, width: 2),
            CellRun(x: 4, y: 0, text: "  ", style: .plain, width: 2),
            CellRun(x: 0, y: 1, text: "      ", style: .plain, width: 6),
        ])
    }

    @Test("the same frame again writes nothing; a previous frame of another size repaints all")
    func unchangedAndResized() {
        let c = canvas(5, 2) { $0.put("hello", x: 0, y: 0) }
        #expect(c.diff(from: c).isEmpty)
        #expect(c.diff(from: Canvas(width: 4, height: 2)).count == 2)
    }

    @Test("one changed cell is one run of one cell; two changes apart are two runs")
    func singleCells() {
        let old = canvas(8, 1) { $0.put("level 2", x: 0, y: 0) }
        let new = canvas(8, 1) { $0.put("level 3", x: 0, y: 0) }
        #expect(new.diff(from: old) == [CellRun(x: 6, y: 0, text: "3", style: .plain, width: 1)])
        let apart = canvas(8, 1) { $0.put("Level 3", x: 0, y: 0) }
        #expect(apart.diff(from: old) == [
            CellRun(x: 0, y: 0, text: "L", style: .plain, width: 1),
            CellRun(x: 6, y: 0, text: "3", style: .plain, width: 1),
        ])
    }

    @Test("a style change alone is a change (a lost highlight is redrawn), and style boundaries split runs")
    func styleRuns() {
        let old = canvas(6, 1) { $0.put("abcdef", x: 0, y: 0) }
        var new = old
        new.restyle(Rect(x: 1, y: 0, width: 2, height: 1)) { $0.reverse = true }
        new.restyle(Rect(x: 3, y: 0, width: 1, height: 1)) { $0.bold = true }
        #expect(new.diff(from: old) == [
            CellRun(x: 1, y: 0, text: "bc", style: .reverse, width: 2),
            CellRun(x: 3, y: 0, text: "d", style: boldStyle, width: 1),
        ])
    }

    @Test("a wide character is written once with its continuation and ends its run")
    func wideCharacters() {
        let old = canvas(6, 1)
        let new = canvas(6, 1) { $0.put("a中bc", x: 0, y: 0) }
        // "a" then 中 (two columns) end the first run; "bc" is the next.
        #expect(new.diff(from: old) == [
            CellRun(x: 0, y: 0, text: "a中", style: .plain, width: 3),
            CellRun(x: 3, y: 0, text: "bc", style: .plain, width: 2),
        ])
        // Replacing the wide character by two narrow ones rewrites both of its columns.
        let narrow = canvas(6, 1) { $0.put("axybc", x: 0, y: 0) }
        #expect(narrow.diff(from: new) == [CellRun(x: 1, y: 0, text: "xy", style: .plain, width: 2)])
        // And back: the continuation cell is never a run's start.
        #expect(new.diff(from: narrow) == [CellRun(x: 1, y: 0, text: "中", style: .plain, width: 2)])
        #expect(!new.diff(from: nil).contains { $0.text.isEmpty })
    }

    @Test("clipping to a smaller screen: no run passes its width or height, a wide character at the edge is left out")
    func clipping() {
        let c = canvas(6, 3) { c in
            c.put("abcd中", x: 0, y: 0)
            c.put("xyz", x: 0, y: 2)
        }
        let runs = c.diff(from: nil, width: 5, height: 2)
        #expect(runs.allSatisfy { $0.x + $0.width <= 5 && $0.y < 2 })
        #expect(runs == [
            CellRun(x: 0, y: 0, text: "abcd", style: .plain, width: 4),
            CellRun(x: 0, y: 1, text: "     ", style: .plain, width: 5),
        ])
    }

    @Test("property: applying the runs to the old frame gives the new one, for random edits")
    func runsReproduceTheFrame() {
        var rng = SplitMix64(seed: 11)
        let alphabet: [String] = ["a", "b", "中", "é", "─", "😀", " "]
        let styles: [Style] = [.plain, .bold, .reverse, .fg(.red), .fg(.green, bold: true)]
        for _ in 0..<300 {
            let w = Int.random(in: 1...12, using: &rng), h = Int.random(in: 1...4, using: &rng)
            func random() -> Canvas {
                canvas(w, h) { c in
                    for _ in 0..<Int.random(in: 0...6, using: &rng) {
                        let text = (0..<Int.random(in: 1...5, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
                        c.put(text, x: Int.random(in: 0..<w, using: &rng), y: Int.random(in: 0..<h, using: &rng),
                              style: styles.randomElement(using: &rng)!)
                    }
                }
            }
            let old = random(), new = random()
            var replayed = old
            for run in new.diff(from: old) { replayed.put(run.text, x: run.x, y: run.y, style: run.style) }
            #expect(replayed == new, "\(old.lines) → \(new.lines)")
        }
    }
}

/// SplitMix64, so that every run checks the same frames.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
