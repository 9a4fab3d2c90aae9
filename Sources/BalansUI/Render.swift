import BalansModel
import BalansText

/// Draws the whole dashboard for `state` at its size. Pure: the same state gives the same frame.
/// The header and footer frame every screen; the body is the current screen, and the help overlay
/// is drawn over it. Nothing is drawn outside the canvas, at any size.
public func render(_ state: AppState) -> Frame {
    var canvas = Canvas(width: state.width, height: state.height)
    if Layout.isTooSmall(width: state.width, height: state.height) {
        drawTooSmall(state, &canvas)
        if !state.capabilities.unicode && state.catalogue.language != .en { canvas.spellLettersInASCII() }
        return Frame(canvas: canvas)
    }
    var ctx = RenderContext(state: state, canvas: canvas)
    drawHeader(&ctx)
    let body = Layout.body(width: state.width, height: state.height)
    switch state.screen {
    case .segments: drawSegmentsScreen(&ctx)
    case .data: drawDataScreen(&ctx, body)
    case .ethics: drawEthicsScreen(&ctx, body)
    case .tradeoff: drawTradeoffScreen(&ctx, body)
    case .compare: drawCompareScreen(&ctx, body)
    }
    drawFooter(&ctx)
    if state.showHelp { drawHelp(&ctx) }
    if !state.capabilities.unicode && state.catalogue.language != .en { ctx.canvas.spellLettersInASCII() }
    return Frame(canvas: ctx.canvas, hits: ctx.hits, detailWheel: ctx.detailWheel, ethicsWheel: ctx.ethicsWheel,
                 helpWheel: state.showHelp, cursor: ctx.cursor)
}

/// What building lines of text needs: the state (language, figures) and the theme (symbols,
/// styles), and no canvas. The renderer's context is one; `DetailPaneLayout` measures with a
/// plain one, so that `update` can measure the detail pane without drawing anything.
protocol TextContext {
    var state: AppState { get }
    var theme: Theme { get }
}

extension TextContext {
    /// A file-provided name made safe to draw (control characters escaped).
    func name(_ text: String) -> String { SafeText.escape(text) }
}

/// A `TextContext` of a state alone.
struct PlainTextContext: TextContext {
    let state: AppState
    let theme: Theme

    init(_ state: AppState) {
        self.state = state
        self.theme = Theme(state.capabilities)
    }
}

/// What every drawing function shares: the state, the theme, the canvas being drawn and the hit
/// regions and cursor collected so far.
struct RenderContext: TextContext {
    let state: AppState
    let theme: Theme
    var canvas: Canvas
    var hits: [HitRegion] = []
    var detailWheel: [Rect] = []
    var ethicsWheel: [Rect] = []
    var cursor: (x: Int, y: Int)? = nil

    init(state: AppState, canvas: Canvas) {
        self.state = state
        self.theme = Theme(state.capabilities)
        self.canvas = canvas
    }

    var width: Int { canvas.width }
    var height: Int { canvas.height }

    /// Adds a hit region, clipped to the canvas (empty ones are dropped).
    mutating func hit(_ rect: Rect, _ action: Action) {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        guard x1 > x0, y1 > y0 else { return }
        hits.append(HitRegion(Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0), action))
    }

    func segmentName(_ s: Int) -> String { name(state.scenario.segments[s].name) }
}

/// Below the minimum size: only a message (wrapped to whatever room there is).
func drawTooSmall(_ state: AppState, _ canvas: inout Canvas) {
    let times = state.capabilities.unicode ? "×" : "x"
    let text = state.t(.tooSmall, "\(Layout.minimumWidth)\(times)\(Layout.minimumHeight)", "\(state.width)\(times)\(state.height)")
    for (i, line) in wrap(text, width: state.width).enumerated() where i < state.height {
        canvas.put(line, x: 0, y: i, maxWidth: state.width)
    }
}

extension Canvas {
    /// Without Unicode (--ascii, or a locale that is not UTF-8, e.g. a Swedish locale that is not
    /// installed) a Swedish screen would show å, ä, ö as garbage: spell them a, a, o, and a
    /// no-break space as a space. Every one of them is one column, so the layout stays.
    mutating func spellLettersInASCII() {
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                let ascii: String
                switch cell.grapheme {
                case "å", "ä": ascii = "a"
                case "Å", "Ä": ascii = "A"
                case "ö": ascii = "o"
                case "Ö": ascii = "O"
                case "é": ascii = "e"
                case "\u{00A0}": ascii = " "
                default: continue
                }
                self[x, y] = Cell(ascii, style: cell.style)
            }
        }
    }
}
