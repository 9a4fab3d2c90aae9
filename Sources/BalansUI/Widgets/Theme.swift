import BalansModel
import BalansText

/// Symbols and styles for the terminal's capabilities: Unicode or ASCII, colour or not. Every
/// glyph the chrome draws comes from here, so that ASCII mode cannot leak a non-ASCII cell.
struct Theme {
    let unicode: Bool
    let color: Bool

    init(_ caps: Capabilities) {
        unicode = caps.unicode
        color = caps.color
    }

    /// `style` with its colours removed when colour is off (bold, reverse and underline stay).
    func style(_ s: Style) -> Style {
        guard !color else { return s }
        var t = s
        t.foreground = .default
        t.background = .default
        return t
    }

    func fg(_ c: Color, bold: Bool = false) -> Style { style(Style(foreground: c, bold: bold)) }

    /// Colour by band: low green, medium yellow, high magenta, very-high red and bold.
    func band(_ b: Band) -> Style {
        switch b {
        case .low: return fg(.green)
        case .medium: return fg(.yellow)
        case .high: return fg(.magenta)
        case .veryHigh: return fg(.red, bold: true)
        }
    }

    func severity(_ s: Severity) -> Style {
        switch s {
        case .error: return fg(.red, bold: true)
        case .warning: return fg(.yellow)
        case .info, .off: return fg(.cyan)
        }
    }

    var separator: String { unicode ? " · " : " | " }
    var ellipsis: String { unicode ? "…" : "~" }
    var times: String { unicode ? "×" : "x" }
    var arrow: String { unicode ? "→" : "->" }
    var dotOn: String { unicode ? "●" : "*" }
    var dotOff: String { unicode ? "○" : "." }
    var vertical: String { unicode ? "│" : "|" }
    var horizontal: String { unicode ? "─" : "-" }
    var corner: (tl: String, tr: String, bl: String, br: String) {
        unicode ? ("┌", "┐", "└", "┘") : ("+", "+", "+", "+")
    }
    var art9: String { unicode ? "§9" : "A9" }

    /// Chrome text (help strings, labels) with its typographic characters spelled in ASCII when
    /// Unicode is off: the key map's help texts may contain "…" and arrows.
    func chrome(_ text: String) -> String {
        guard !unicode, text.unicodeScalars.contains(where: { $0.value >= 0x80 }) else { return text }
        var out = ""
        for ch in text {
            switch ch {
            case "…": out += "..."
            case "–", "—", "─": out += "-"
            case "→": out += "->"
            case "←": out += "<-"
            case "↑": out += "Up"
            case "↓": out += "Down"
            case "×": out += "x"
            case "·": out += "|"
            case "‘", "’": out += "'"
            case "“", "”": out += "\""
            case "≥": out += ">="
            case "≤": out += "<="
            case "å", "ä": out += "a"
            case "Å", "Ä": out += "A"
            case "ö": out += "o"
            case "Ö": out += "O"
            case "é": out += "e"
            case "\u{00A0}": out += " "
            default: out += ch.unicodeScalars.allSatisfy({ $0.value < 0x80 }) ? String(ch) : "?"
            }
        }
        return out
    }

    /// A bar of `width` cells filled to `fraction` (eighth blocks in Unicode).
    func bar(_ fraction: Double, width: Int) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        let f = fraction.isFinite ? max(0, min(1, fraction)) : 0
        if unicode {
            let eighths = Int((f * Double(width) * 8).rounded())
            let full = eighths / 8
            let part = eighths % 8
            var filled = repeated("█", full)
            if part > 0 && full < width { filled += ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][part] }
            let used = full + (part > 0 && full < width ? 1 : 0)
            return (filled, repeated("░", width - used))
        }
        let n = Int((f * Double(width)).rounded())
        return (repeated("#", n), repeated(".", width - n))
    }
}

/// `s` repeated `n` times; nothing for `n` ≤ 0 (never traps).
func repeated(_ s: String, _ n: Int) -> String { n > 0 ? String(repeating: s, count: n) : "" }

/// Word-wraps `text` to `width` display columns (a word longer than a line is cut by the canvas).
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
        let w = DisplayWidth.of(String(word))
        if lineWidth > 0 && lineWidth + 1 + w > width {
            lines.append(line)
            line = ""
            lineWidth = 0
        }
        if lineWidth > 0 {
            line += " "
            lineWidth += 1
        }
        line += word
        lineWidth += w
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

/// A run of text in one style, for lines built from pieces.
struct Span {
    var text: String
    var style: Style

    init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

extension Canvas {
    /// Draws spans from (x, y) within `maxWidth` columns; the last one that does not fit is cut with
    /// `ellipsis`. Returns the columns used.
    @discardableResult
    mutating func put(_ spans: [Span], x: Int, y: Int, maxWidth: Int, ellipsis: String) -> Int {
        var col = 0
        for span in spans {
            let room = maxWidth - col
            guard room > 0 else { break }
            col += put(span.text, x: x + col, y: y, style: span.style, maxWidth: room, ellipsis: ellipsis)
        }
        return col
    }

    /// Text right-aligned so that it ends at column `right` (exclusive).
    @discardableResult
    mutating func putRight(_ text: String, right: Int, y: Int, style: Style = .plain) -> Int {
        let w = DisplayWidth.of(text)
        return put(text, x: right - w, y: y, style: style, maxWidth: w)
    }
}

/// Display width of spans.
func width(of spans: [Span]) -> Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }

/// Wraps `chunks` joined by `separator` (e.g. " · " or "; "), breaking lines only between chunks;
/// a chunk wider than a line is word-wrapped on its own. The separator's visible part stays at the
/// end of the line it follows.
func wrapChunks(_ chunks: [String], separator: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var trailing = separator
    while trailing.last == " " { trailing.removeLast() }
    var lines: [String] = []
    var line = ""
    for (i, chunk) in chunks.enumerated() {
        let item = i < chunks.count - 1 ? chunk + trailing : chunk
        let candidate = line.isEmpty ? item : line + (trailing.isEmpty ? separator : " ") + item
        if DisplayWidth.of(candidate) <= width {
            line = candidate
            continue
        }
        if !line.isEmpty { lines.append(line) }
        if DisplayWidth.of(item) <= width {
            line = item
        } else {
            var parts = wrap(item, width: width)
            line = parts.popLast() ?? ""
            lines += parts
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
