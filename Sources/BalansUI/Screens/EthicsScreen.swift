import BalansModel
import BalansText

/// The Ethics screen (decision 0023): one content that scrolls as a whole — the breaches of the code
/// (errors first), one line each with the selected one marked, then the fairness table with
/// Fairlearn's caveat and the DPIA flags per segment (side by side when the width has room for
/// both) — and, fixed below it, the selected breach's whole message wrapped. What is drawn comes
/// from `EthicsLayout`, which `update` scrolls with, so the two cannot disagree.
func drawEthicsScreen(_ ctx: inout RenderContext, _ rect: Rect) {
    guard !rect.isEmpty, let layout = EthicsLayout(ctx, body: rect) else { return }
    let theme = ctx.theme
    let ell = theme.ellipsis
    let area = layout.content
    let first = layout.firstLine(at: ctx.state.ethicsScroll)
    for n in first..<min(layout.lineCount, first + area.height) {
        let row = layout.row(n)
        let y = area.y + n - first
        let leftWidth = row.right == nil ? area.width : layout.rightX - 3
        ctx.canvas.put(row.left.spans, x: area.x, y: y, maxWidth: leftWidth, ellipsis: ell)
        if row.left.highlight { ctx.canvas.restyle(Rect(x: area.x, y: y, width: area.width, height: 1)) { $0.reverse = true } }
        if let right = row.right {
            ctx.canvas.put(right.spans, x: area.x + layout.rightX, y: y, maxWidth: area.width - layout.rightX, ellipsis: ell)
        }
        if let breach = row.breach { ctx.hit(Rect(x: area.x, y: y, width: area.width, height: 1), .selectBreach(breach)) }
    }
    // Content above or below the view: an arrow in the column right of the content, at its top or
    // bottom row.
    if first > 0 { ctx.canvas.put(theme.unicode ? "↑" : "^", x: area.maxX + 1, y: area.y, style: .bold, maxWidth: 1) }
    if first + area.height < layout.lineCount {
        ctx.canvas.put(theme.unicode ? "↓" : "v", x: area.maxX + 1, y: area.maxY - 1, style: .bold, maxWidth: 1)
    }
    ctx.ethicsWheel.append(rect)
    drawBreachDetail(&ctx, layout)
}

/// The selected breach below the list: a rule line with its severity, rule, place and position in
/// the list, then its whole message wrapped (cut only when the terminal is below 80×24).
func drawBreachDetail(_ ctx: inout RenderContext, _ layout: EthicsLayout) {
    let rect = layout.detail
    guard rect.height > 0, let i = layout.selected else { return }
    let theme = ctx.theme
    let state = ctx.state
    let v = layout.breaches[i]
    ctx.canvas.put(repeated(theme.horizontal, rect.width), x: rect.x, y: rect.y, style: .dim, maxWidth: rect.width)
    let position = state.t(.ethicsPosition, String(i + 1), String(layout.breaches.count))
    let positionWidth = DisplayWidth.of(position)
    ctx.canvas.put([Span(" "), Span(breachSeverity(ctx.state, v), theme.severity(v.severity)), Span(" " + v.rule.rawValue + " ", .bold),
                    Span(breachPlace(ctx, v) + " ", .bold)],
                   x: rect.x + 1, y: rect.y, maxWidth: max(0, rect.width - positionWidth - 3), ellipsis: theme.ellipsis)
    ctx.canvas.putRight(position, right: rect.maxX - 1, y: rect.y, style: .dim)
    let message = layout.message
    let room = rect.height - 1
    for (n, line) in message.prefix(room).enumerated() {
        let cut = n == room - 1 && message.count > room
        ctx.canvas.put(line + (cut ? theme.ellipsis : ""), x: rect.x, y: rect.y + 1 + n, maxWidth: rect.width, ellipsis: theme.ellipsis)
    }
}

/// One row of the Ethics screen's content: a line, and beside it (the fairness table and the DPIA
/// list side by side) a second one; `breach` when the row is that breach's.
struct EthicsRow {
    var left: PaneLine
    var right: PaneLine? = nil
    var breach: Int? = nil
}

/// The Ethics screen for a state at a size, computed without drawing: the breaches in the screen's
/// order, the content (list, fairness, DPIA) as rows, where it goes and where the selected breach's
/// message goes. `update` moves the selection and scrolls with it (decision 0023), the renderer
/// draws from it. Building it words every breach, as drawing does; it touches no canvas.
struct EthicsLayout {
    /// The breaches, errors first, then warnings, then infos (each in rule order).
    let breaches: [Violation]
    /// The selected breach (the state's, within the list); nil when there is none.
    let selected: Int?
    /// Where the content scrolls (a column right of it says when there is more).
    let content: Rect
    /// The content's rows: the list's title, a row per breach (built when asked for, `row(_:)`, so
    /// that a key on a list of thousands words only the rows in view), then `blockRows`.
    let lineCount: Int
    private let blockRows: [EthicsRow]
    private let text: PlainTextContext
    private let placeWidth: Int
    /// The column of the right-hand block (DPIA) when fairness and DPIA stand side by side.
    let rightX: Int
    /// Below the content: a rule line, then the selected breach's message (`message`, wrapped).
    let detail: Rect
    let message: [String]

    /// The content row of breach `i`: the list's title comes first.
    func line(ofBreach i: Int) -> Int { 1 + i }
    var visibleLines: Int { content.height }
    /// The largest scroll offset that still fills the view.
    var maxScroll: Int { max(0, lineCount - content.height) }
    func firstLine(at scroll: Int) -> Int { max(0, min(scroll, maxScroll)) }
    /// The selected breach's row is in view at `scroll`.
    func selectionVisible(at scroll: Int) -> Bool {
        guard let selected else { return false }
        let first = firstLine(at: scroll)
        return (first..<(first + visibleLines)).contains(line(ofBreach: selected))
    }

    /// The Ethics screen in `body`; nil when it has no room for a line.
    init?(_ ctx: some TextContext, body: Rect) {
        let state = ctx.state
        let inner = Rect(x: body.x + 1, y: body.y, width: body.width - 2, height: body.height)
        guard inner.width > 0, inner.height > 0 else { return nil }
        let breaches = sortedBreaches(state)
        self.breaches = breaches
        let selected = breaches.isEmpty ? nil : max(0, min(breaches.count - 1, state.breachSelected))
        self.selected = selected
        let text = PlainTextContext(state)
        self.text = text
        func wording(_ i: Int) -> String { text.name(breaches[i].message(in: state.catalogue)) }

        // The detail's height is that of the longest message (the first few of each rule stand for
        // the rule's others, whose messages differ only in names and figures): it does not jump with
        // the selection, and a list of thousands is not worded on every key.
        var detailHeight = 0
        if let selected {
            var sampled: [RuleID: Int] = [:]
            var most = wrap(wording(selected), width: inner.width).count
            for i in breaches.indices where sampled[breaches[i].rule, default: 0] < 8 {
                sampled[breaches[i].rule, default: 0] += 1
                most = max(most, wrap(wording(i), width: inner.width).count)
            }
            // At least three rows of content stay; below 80×24 the message may be cut.
            detailHeight = max(0, min(1 + most, inner.height - 3, max(2, inner.height / 2)))
        }
        content = Rect(x: inner.x, y: inner.y, width: max(1, inner.width - 2), height: inner.height - detailHeight)
        message = selected.map { wrap(wording($0), width: inner.width) } ?? []

        let width = content.width
        // The place column is as wide as its longest name, up to 16 columns (32 from 140).
        let cap = width >= 140 ? 32 : 16
        var widest = 0
        // (Measured on the first few hundred: a longer name further down is cut like any other.)
        for v in breaches.prefix(500) where widest < cap { widest = max(widest, DisplayWidth.of(breachPlace(text, v))) }
        placeWidth = min(widest, cap)

        // Fairness and DPIA: side by side when both have room (the table keeps its natural width),
        // else one after the other.
        var rows = [EthicsRow(left: PaneLine(""))]
        let fairness = fairnessLines(ctx)
        let fairnessWidth = fairness.lines.map { $0.spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }.max() ?? 0
        let tableWidth = max(fairnessWidth, fairness.title.reduce(0) { $0 + DisplayWidth.of($1.text) })
        let sideBySide = width >= 108 && tableWidth + 3 + 40 <= width
        let leftWidth = sideBySide ? tableWidth : width
        var left = [PaneLine(fairness.title)] + fairness.lines
        left += wrap(fairness.caveat, width: leftWidth).map { PaneLine($0, .dim) }
        left += auditTrendLines(ctx, width: leftWidth)
        let dpia = dpiaLines(ctx, width: sideBySide ? width - tableWidth - 3 : width)
        let right = [PaneLine(dpia.title)] + dpia.lines
        if sideBySide {
            rightX = tableWidth + 3
            for n in 0..<max(left.count, right.count) {
                rows.append(EthicsRow(left: n < left.count ? left[n] : PaneLine(""), right: n < right.count ? right[n] : PaneLine("")))
            }
        } else {
            rightX = width
            rows += left.map { EthicsRow(left: $0) }
            rows.append(EthicsRow(left: PaneLine("")))
            rows += right.map { EthicsRow(left: $0) }
        }
        blockRows = rows
        lineCount = 1 + max(1, breaches.count) + rows.count
        // Right below the content when all of it fits (a blank line between), else at the bottom.
        let detailY = lineCount + 1 <= content.height ? content.y + lineCount + 1 : content.maxY
        detail = Rect(x: inner.x, y: detailY, width: inner.width, height: detailHeight)
    }

    /// Content row `n` (0 ≤ n < `lineCount`).
    func row(_ n: Int) -> EthicsRow {
        let state = text.state
        let theme = text.theme
        let listRows = max(1, breaches.count)
        if n == 0 {
            return EthicsRow(left: PaneLine([Span(state.t(.ethicsBreaches), .bold), Span("(\(breaches.count))", .bold),
                                             Span(" " + text.name(state.model.policy.name), .dim)]))
        }
        guard n <= listRows else { return blockRows[n - 1 - listRows] }
        guard !breaches.isEmpty else { return EthicsRow(left: PaneLine([Span("  "), Span(state.t(.ethicsNone), theme.fg(.green))])) }
        // One line per breach: the message cut to the width (the detail below has it whole).
        let i = n - 1
        let v = breaches[i]
        let spans = [Span(i == selected ? "> " : "  ", .bold), Span(pad(breachSeverity(state, v), 8, ellipsis: theme.ellipsis), theme.severity(v.severity)),
                     Span(pad(v.rule.rawValue, 18, ellipsis: theme.ellipsis), .bold),
                     Span(pad(breachPlace(text, v), placeWidth, ellipsis: theme.ellipsis) + " "),
                     Span(text.name(v.message(in: state.catalogue)), .dim)]
        return EthicsRow(left: PaneLine(spans, highlight: i == selected), breach: i)
    }

    /// The Ethics screen at the state's own size (where `render` puts it).
    init?(_ state: AppState) {
        self.init(PlainTextContext(state), body: Layout.body(width: state.width, height: state.height))
    }
}

/// The breaches as the Ethics screen lists them: errors, then warnings, then infos, each in the
/// code's rule order (as `check` lists them).
func sortedBreaches(_ state: AppState) -> [Violation] {
    let all = state.evaluation.violations
    var sorted: [Violation] = []
    sorted.reserveCapacity(all.count)
    for severity in [Severity.error, .warning, .info] { sorted += all.filter { $0.severity == severity } }
    return sorted
}

/// A breach's severity as the screen writes it: a word in the language (`fel`, `varning`, `info`),
/// never the id (decision 0012).
func breachSeverity(_ state: AppState, _ v: Violation) -> String { state.severityWord(v.severity) }

/// Where a breach is: its segment, its group attribute, or all segments.
func breachPlace(_ ctx: some TextContext, _ v: Violation) -> String {
    if let s = v.segment, s >= 0, s < ctx.state.scenario.segments.count { return ctx.name(ctx.state.scenario.segments[s].name) }
    if let a = v.attribute { return ctx.name(a) }
    return ctx.state.t(.ethicsAllSegments)
}

/// The fairness table: per attribute its parities (flagged below the code's minimum), then each
/// value's size, uplift rate and exposure rate, in the same columns; and Fairlearn's caveat.
func fairnessLines(_ ctx: some TextContext) -> (title: [Span], lines: [PaneLine], caveat: String) {
    let theme = ctx.theme
    let policy = ctx.state.model.policy
    let fairness = ctx.state.evaluation.fairness
    // The title doubles as the column header; parity = lowest / highest rate, "!" flags it.
    let t = ctx.state.t
    // The uplift column holds "6.00 pp " (percentage points, SPEC §1.2): wide enough for its unit.
    let upliftWidth = 6 + ctx.state.pointsSign.count
    let title = [Span(pad(theme.chrome(t(.ethicsFairness)), 16, ellipsis: theme.ellipsis), .bold),
                 Span(leftPad(t(.ethicsSize), 10) + leftPad(t(.ethicsUplift), upliftWidth) + leftPad(t(.ethicsExposure), 10), .dim)]
    var lines: [PaneLine] = []
    if fairness.isEmpty { lines.append(PaneLine(t(.ethicsNoGroups), .dim)) }
    /// A parity in its column, flagged with "!" and red below the code's minimum.
    func parity(_ p: Double, _ minimum: Double, _ width: Int) -> Span {
        let low = p < minimum
        return Span(leftPad(ctx.state.fixed(p, 2) + (low ? "!" : " "), width), low ? theme.fg(.red, bold: true) : Style(bold: true))
    }
    for a in fairness {
        var spans = [Span(pad(ctx.name(a.attribute), 16, ellipsis: theme.ellipsis), Style(bold: true, underline: true)),
                     Span(leftPad(t(.ethicsParity), 10), .dim),
                     parity(a.upliftParity, policy.upliftMinParity, upliftWidth),
                     parity(a.exposureParity, policy.exposureMinParity, 10)]
        if a.upliftParity < policy.upliftMinParity || a.exposureParity < policy.exposureMinParity {
            spans.append(Span(t(.ethicsBelow, ctx.state.fixed(min(policy.upliftMinParity, policy.exposureMinParity), 2)),
                              theme.fg(.red, bold: true)))
        }
        lines.append(PaneLine(spans))
        for g in a.groups {
            lines.append(PaneLine("  " + pad(ctx.name(g.value), 14, ellipsis: theme.ellipsis) + leftPad(ctx.state.whole(g.size), 10)
                                  + leftPad(ctx.state.fixed(g.upliftRate, 2) + ctx.state.pointsSign + " ", upliftWidth)
                                  + leftPad(ctx.state.fixed(g.exposureRate, 1) + " ", 10)))
        }
    }
    // The policy's intersections (decision 0035), after the attributes: the same columns, a group
    // under the minimum size dimmed and marked as not judged.
    for x in ctx.state.evaluation.intersections {
        // The names are the file's; the " × " between them is ours, drawn as "x" in ASCII.
        var spans = [Span(pad(x.attributes.map { ctx.name($0) }.joined(separator: theme.chrome(" × ")), 16, ellipsis: theme.ellipsis),
                          Style(bold: true, underline: true)),
                     Span(leftPad(t(.ethicsParity), 10), .dim),
                     parity(x.upliftParity, policy.upliftMinParity, upliftWidth),
                     parity(x.exposureParity, policy.exposureMinParity, 10)]
        if x.upliftParity < policy.upliftMinParity || x.exposureParity < policy.exposureMinParity {
            spans.append(Span(t(.ethicsBelow, ctx.state.fixed(min(policy.upliftMinParity, policy.exposureMinParity), 2)),
                              theme.fg(.red, bold: true)))
        }
        lines.append(PaneLine(spans))
        lines.append(PaneLine("  " + t(.ethicsJudgedFrom, ctx.state.whole(x.minGroupSize)), .dim))
        for g in x.groups {
            let text = "  " + pad(g.values.map { ctx.name($0) }.joined(separator: theme.chrome(" × ")), 14, ellipsis: theme.ellipsis)
                + leftPad(ctx.state.whole(g.size), 10)
                + leftPad(ctx.state.fixed(g.upliftRate, 2) + ctx.state.pointsSign + " ", upliftWidth)
                + leftPad(ctx.state.fixed(g.exposureRate, 1) + " ", 10)
            lines.append(g.judged ? PaneLine(text) : PaneLine(text + t(.ethicsNotJudged), .dim))
        }
    }
    return (title, lines, theme.chrome(t(.ethicsCaveat)))
}

/// The last audits of `balans --log` (issue #17): a sparkline of their intrusiveness on the 0–100
/// scale (a block per audit, the last 40), then the first and last figures and the errors.
func auditTrendLines(_ ctx: some TextContext, width: Int) -> [PaneLine] {
    let all = ctx.state.auditTrend
    guard let first = all.first, let last = all.last else { return [] }
    let t = ctx.state.t
    let range = "  " + ctx.theme.chrome(t(.ethicsAuditsRange, ctx.state.fixed(first.intrusiveness, 1), ctx.state.fixed(last.intrusiveness, 1),
                         String(last.errors), ctx.name(String(last.recorded.prefix(10)))))
    // As many of the last audits as fit beside the figures (at most 40); the line is clipped below that.
    let points = all.suffix(max(1, min(40, width - 2 - DisplayWidth.of(range))))
    let blocks: [String] = ctx.state.capabilities.unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "=", "#"]
    let spark = points.map { p -> Span in
        let i = min(blocks.count - 1, max(0, Int((p.intrusiveness / 100 * Double(blocks.count)).rounded(.down))))
        return Span(blocks[i], p.errors > 0 ? ctx.theme.fg(.red, bold: true) : Style(bold: true))
    }
    return [PaneLine(""), PaneLine([Span(ctx.theme.chrome(t(.ethicsAuditsTitle, String(all.count))), .bold)]),
            PaneLine([Span("  ")] + spark + [Span(range, .dim)])]
}

/// The DPIA flags: per segment that meets a WP248 criterion, the criteria ("DPIA" when two or more),
/// wrapped to `width`.
func dpiaLines(_ ctx: some TextContext, width: Int) -> (title: [Span], lines: [PaneLine]) {
    let theme = ctx.theme
    let rows = ctx.state.evaluation.rows
    var lines: [PaneLine] = []
    var flagged = 0
    for row in rows where !row.dpiaCriteria.isEmpty {
        let required = row.dpiaCriteria.count >= 2
        if required { flagged += 1 }
        // The criteria wrap beside the name: the list is read whole at any width.
        let criteria = wrapChunks(row.dpiaCriteria.map { theme.chrome(dpiaCriterionName($0, ctx.state)) }, separator: ", ",
                                  width: max(12, width - 28))
        lines.append(PaneLine([Span(required ? "DPIA " : "     ", theme.fg(.yellow, bold: true)),
                               Span(pad(ctx.name(ctx.state.scenario.segments[row.segment].name), 22, ellipsis: theme.ellipsis) + " "),
                               Span(criteria.first ?? "", .dim)]))
        for more in criteria.dropFirst() { lines.append(PaneLine([Span(repeated(" ", 28)), Span(more, .dim)])) }
    }
    if lines.isEmpty { lines.append(PaneLine(theme.chrome(ctx.state.t(.ethicsNoDPIA)), .dim)) }
    let title = [Span("DPIA", .bold), Span(theme.chrome(ctx.state.t(.ethicsDPIATitle)), .dim),
                 Span(ctx.state.t(.ethicsFlagged, String(flagged)), .bold)]
    return (title, lines)
}

/// A WP248 criterion's name in the state's language (its id in English).
func dpiaCriterionName(_ criterion: DPIACriterion, _ state: AppState) -> String {
    switch criterion {
    case .profiling: return state.t(.ethicsCritProfiling)
    case .specialCategory: return state.t(.ethicsCritSpecial)
    case .largeScale: return state.t(.ethicsCritLargeScale)
    case .matchingData: return state.t(.ethicsCritMatching)
    case .vulnerableSubjects: return state.t(.ethicsCritVulnerable)
    }
}
