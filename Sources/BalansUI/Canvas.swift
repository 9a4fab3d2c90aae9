import BalansModel
import BalansText

/// The eight ANSI colours the dashboard uses (and the terminal's default). Colour is never the only
/// signal: every coloured thing also carries a word or a symbol.
public enum Color: UInt8, Sendable, CaseIterable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is drawn.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(foreground: Color = .default, background: Color = .default, bold: Bool = false,
                dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let reverse = Style(reverse: true)

    public static func fg(_ c: Color, bold: Bool = false) -> Style { Style(foreground: c, bold: bold) }
}

/// One terminal cell: a grapheme and its style. A wide grapheme occupies its cell and the next one,
/// which holds an empty `grapheme` as a continuation.
public struct Cell: Equatable, Sendable {
    public var grapheme: String
    public var style: Style

    public init(_ grapheme: String = " ", style: Style = .plain) {
        self.grapheme = grapheme
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { grapheme.isEmpty }
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// Splits off the top `rows` rows: (top, rest).
    public func splitTop(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r), Rect(x: x, y: y + r, width: width, height: height - r))
    }

    /// Splits off the bottom `rows` rows: (rest, bottom).
    public func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - r), Rect(x: x, y: maxY - r, width: width, height: r))
    }

    /// Splits off the left `columns` columns: (left, rest).
    public func splitLeft(_ columns: Int) -> (Rect, Rect) {
        let c = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: c, height: height), Rect(x: x + c, y: y, width: width - c, height: height))
    }
}

/// An in-memory screen of cells. Widgets draw into a canvas; the terminal module diffs two canvases
/// and writes only the cells that changed. Tests compare canvases as text.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` columns and the canvas; returns the columns
    /// used. Control characters are shown as `?`; a wide character that does not fit is replaced by
    /// a space. When `ellipsis` is set and the text is cut, its last column shows `…` (or `~`).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil,
                             ellipsis: String? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? width, width - max(0, x))
        guard limit > 0 else { return 0 }
        var col = 0
        let total = DisplayWidth.of(text)
        let cut = total > limit
        let room = cut && ellipsis != nil ? limit - 1 : limit
        for ch in text {
            var w = DisplayWidth.of(ch)
            var g = String(ch)
            if w == 0 {
                if ch.unicodeScalars.allSatisfy({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) {
                    g = "?"
                    w = 1
                } else {
                    continue  // a lone combining mark or zero-width character: skip it
                }
            }
            if col + w > room {
                if w == 2 && col < room { set(x + col, y, Cell(" ", style: style)); col += 1 }
                break
            }
            set(x + col, y, Cell(g, style: style))
            if w == 2 { set(x + col + 1, y, Cell("", style: style)) }
            col += w
        }
        if cut, let ellipsis, col < limit {
            set(x + col, y, Cell(ellipsis, style: style))
            col += 1
        }
        return col
    }

    /// Sets one cell, repairing a wide character it splits.
    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = y * width + x
        // Overwriting half of a wide character leaves the other half blank.
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(" ", style: cells[i - 1].style) }
        if !cells[i].isContinuation, x + 1 < width, cells[i + 1].isContinuation, DisplayWidth.of(cells[i].grapheme) == 2 {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Fills `rect` with `grapheme` (one column wide) in `style`.
    public mutating func fill(_ rect: Rect, _ grapheme: String = " ", style: Style = .plain) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { set(x, y, Cell(grapheme, style: style)) }
        }
    }

    /// Changes the style of every cell in `rect` (for highlighting a row).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { change(&cells[y * width + x].style) }
        }
    }

    /// The text of each row (wide characters once, trailing spaces kept), for tests and captures.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].grapheme }
            return s
        }
    }

    /// The rows as text with trailing spaces removed, joined by newlines.
    public var text: String {
        lines.map { line in
            var l = line
            while l.last == " " { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }
}

/// A run of changed cells to write at one position in one style: what a terminal backend sends.
public struct CellRun: Equatable, Sendable {
    public var x: Int
    public var y: Int
    /// The graphemes of the run's cells (a wide character once, its continuation cell not repeated).
    public var text: String
    public var style: Style
    /// Columns the run covers (a wide character counts two).
    public var width: Int

    public init(x: Int, y: Int, text: String, style: Style, width: Int) {
        self.x = x
        self.y = y
        self.text = text
        self.style = style
        self.width = width
    }
}

extension Canvas {
    /// The runs of cells that differ from `old` (every cell when `old` is nil or of another size),
    /// clipped to `width` × `height` columns and rows of a screen, in row order — ratatui's
    /// `Buffer::diff` in Balans's form. A run holds cells of one style that all changed; a wide
    /// character ends its run, so that the next write is positioned again even when the terminal's
    /// idea of that character's width differs from ours. A continuation cell is never a run's start,
    /// and a wide character whose second half would pass the screen's edge is not written.
    public func diff(from old: Canvas?, width screenWidth: Int? = nil, height screenHeight: Int? = nil) -> [CellRun] {
        let old = old.flatMap { $0.width == width && $0.height == height ? $0 : nil }
        let w = min(width, screenWidth ?? width)
        let h = min(height, screenHeight ?? height)
        var runs: [CellRun] = []
        for y in 0..<max(0, h) {
            var x = 0
            while x < w {
                let cell = self[x, y]
                // A continuation is drawn with its wide character, never on its own.
                if cell.isContinuation || old?[x, y] == cell {
                    x += 1
                    continue
                }
                var text = cell.grapheme
                var end = x + 1
                var wide = end < width && self[end, y].isContinuation
                if wide { end += 1 }
                // A wide character that does not fit the screen's width is not written.
                if end > w { break }
                while !wide, end < w {
                    let next = self[end, y]
                    if next.isContinuation || next.style != cell.style || old?[end, y] == next { break }
                    // A wide character whose second half would pass the screen's edge ends the run.
                    let nextWide = end + 1 < width && self[end + 1, y].isContinuation
                    if nextWide && end + 2 > w { break }
                    text += next.grapheme
                    end += 1
                    if nextWide {
                        wide = true
                        end += 1
                    }
                }
                runs.append(CellRun(x: x, y: y, text: text, style: cell.style, width: end - x))
                x = end
            }
        }
        return runs
    }
}
