import BalansModel
import BalansText

/// The Ethics screen: the breaches of the code (errors first), the fairness table per group
/// attribute with Fairlearn's caveat, and the DPIA flags per segment. Side by side from 110
/// columns; stacked below that, each section cut to its share of the rows with a "more" line.
func drawEthicsScreen(_ ctx: inout RenderContext, _ rect: Rect) {
    guard !rect.isEmpty else { return }
    let fairness = fairnessLines(ctx)
    let dpia = dpiaLines(ctx)
    if rect.width >= 110 {
        let (left, right) = rect.splitLeft(rect.width / 2)
        var violations = violationLines(ctx, wrapWidth: left.width - 2)
        if violations.lines.count + 1 > left.height { violations = violationLines(ctx) }
        drawSections(&ctx, [violations], in: Rect(x: left.x + 1, y: left.y, width: left.width - 2, height: left.height))
        for y in right.y..<right.maxY { ctx.canvas.put(ctx.theme.vertical, x: right.x, y: y, style: .dim, maxWidth: 1) }
        drawSections(&ctx, [fairness, dpia], in: Rect(x: right.x + 2, y: right.y, width: right.width - 3, height: right.height))
    } else {
        drawSections(&ctx, [violationLines(ctx), fairness, dpia], in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

/// A titled list of lines; `wrapWidth` lines are wrapped when drawn.
struct Section {
    var title: [Span]
    var lines: [PaneLine]
    /// Lines that stay even when the section is cut (the caveat).
    var footer: [PaneLine] = []
    /// Who gets rows first when not everything fits (after each has a few).
    var priority = 0
}

/// Draws sections one after another. When they do not all fit, each gets a fair share (at least its
/// title and a line), and a cut section ends with "… n more".
func drawSections(_ ctx: inout RenderContext, _ sections: [Section], in rect: Rect) {
    guard rect.width > 0, rect.height > 0 else { return }
    // Footers (the caveat) are wrapped, never cut.
    let sections = sections.map { section -> Section in
        var s = section
        s.footer = section.footer.flatMap { line -> [PaneLine] in
            guard line.spans.count == 1 else { return [line] }
            return wrap(line.spans[0].text, width: rect.width).map { PaneLine($0, line.spans[0].style) }
        }
        return s
    }
    let ell = ctx.theme.ellipsis
    let need = sections.map { 1 + $0.lines.count + $0.footer.count }
    // Blank lines between sections only when there is room for them and a line of each section.
    let gaps = rect.height >= need.reduce(0) { $0 + min($1, 3) } + sections.count - 1 ? max(0, sections.count - 1) : 0
    let room = rect.height - gaps
    var share = need
    if need.reduce(0, +) > room {
        // Each section first gets its title, its footer and a line (or three when there is room),
        // then the rest goes by priority.
        var remaining = max(0, room)
        let base = room >= need.count * 5 ? 3 : 1
        share = sections.indices.map { min(need[$0], 1 + sections[$0].footer.count + base) }
        for i in share.indices {
            share[i] = min(share[i], remaining)
            remaining -= share[i]
        }
        for i in sections.indices.sorted(by: { sections[$0].priority > sections[$1].priority }) {
            let extra = min(need[i] - share[i], remaining)
            share[i] += extra
            remaining -= extra
        }
    }
    var y = rect.y
    for (i, section) in sections.enumerated() {
        let budget = share[i]
        guard budget > 0, y < rect.maxY else { continue }
        ctx.canvas.put(section.title, x: rect.x, y: y, maxWidth: rect.width, ellipsis: ell)
        y += 1
        var left = budget - 1
        let footer = left >= section.footer.count ? section.footer : []
        left -= footer.count
        let lines = section.lines
        let cut = lines.count > left
        let shown = cut ? max(0, left - 1) : lines.count
        for line in lines.prefix(shown) where y < rect.maxY {
            ctx.canvas.put(line.spans, x: rect.x, y: y, maxWidth: rect.width, ellipsis: ell)
            y += 1
        }
        if cut && left > 0 && y < rect.maxY {
            ctx.canvas.put(ctx.theme.chrome(ctx.state.t(.ethicsMore, ell, String(lines.count - shown))), x: rect.x, y: y, style: .dim, maxWidth: rect.width, ellipsis: ell)
            y += 1
        }
        for line in footer where y < rect.maxY {
            ctx.canvas.put(line.spans, x: rect.x, y: y, maxWidth: rect.width, ellipsis: ell)
            y += 1
        }
        if gaps > 0 && i < sections.count - 1 { y += 1 }
    }
}

/// The breaches, errors first. With `wrapWidth`, each message is wrapped under its rule instead of
/// being cut (used when the column has the rows for it).
func violationLines(_ ctx: RenderContext, wrapWidth: Int? = nil) -> Section {
    let theme = ctx.theme
    let all = ctx.state.evaluation.violations
    var sorted: [Violation] = []
    for severity in [Severity.error, .warning, .info] { sorted += all.filter { $0.severity == severity } }
    let title = [Span(ctx.state.t(.ethicsBreaches), .bold), Span("(\(sorted.count))", .bold),
                 Span(" " + ctx.name(ctx.state.model.policy.name), .dim)]
    guard !sorted.isEmpty else { return Section(title: title, lines: [PaneLine([Span(ctx.state.t(.ethicsNone), theme.fg(.green))])]) }
    var lines: [PaneLine] = []
    for v in sorted {
        var place = ""
        if let s = v.segment { place = ctx.segmentName(s) }
        if let a = v.attribute { place = ctx.name(a) }
        if place.isEmpty { place = ctx.state.t(.ethicsAllSegments) }
        let head = [Span(pad(theme.chrome(ctx.state.severityWord(v.severity)), 8, ellipsis: theme.ellipsis), theme.severity(v.severity)),
                    Span(pad(v.rule.rawValue, 18, ellipsis: theme.ellipsis), .bold)]
        if let wrapWidth {
            lines.append(PaneLine(head + [Span(place)]))
            lines += wrap(ctx.name(v.message(in: ctx.state.catalogue)), width: wrapWidth - 8).map { PaneLine([Span("        "), Span($0, .dim)]) }
        } else {
            lines.append(PaneLine(head + [Span(pad(place, 16, ellipsis: theme.ellipsis) + " "), Span(ctx.name(v.message(in: ctx.state.catalogue)), .dim)]))
        }
    }
    return Section(title: title, lines: lines, priority: 1)
}

/// The fairness table: per attribute its parities (flagged below the code's minimum), then each
/// value's size, uplift rate and exposure rate, in the same columns.
func fairnessLines(_ ctx: RenderContext) -> Section {
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
    for a in fairness {
        func parity(_ p: Double, _ minimum: Double, _ width: Int) -> Span {
            let low = p < minimum
            return Span(leftPad(ctx.state.fixed(p, 2) + (low ? "!" : " "), width), low ? theme.fg(.red, bold: true) : Style(bold: true))
        }
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
    let caveat = PaneLine(theme.chrome(t(.ethicsCaveat)), .dim)
    return Section(title: title, lines: lines, footer: [caveat], priority: 2)
}

func dpiaLines(_ ctx: RenderContext) -> Section {
    let theme = ctx.theme
    let rows = ctx.state.evaluation.rows
    var lines: [PaneLine] = []
    var flagged = 0
    for row in rows where !row.dpiaCriteria.isEmpty {
        let required = row.dpiaCriteria.count >= 2
        if required { flagged += 1 }
        lines.append(PaneLine([Span(required ? "DPIA " : "     ", theme.fg(.yellow, bold: true)),
                               Span(pad(ctx.segmentName(row.segment), 22, ellipsis: theme.ellipsis) + " "),
                               Span(row.dpiaCriteria.map { theme.chrome(dpiaCriterionName($0, ctx.state)) }.joined(separator: ", "), .dim)]))
    }
    if lines.isEmpty { lines.append(PaneLine(theme.chrome(ctx.state.t(.ethicsNoDPIA)), .dim)) }
    let title = [Span("DPIA", .bold), Span(theme.chrome(ctx.state.t(.ethicsDPIATitle)), .dim),
                 Span(ctx.state.t(.ethicsFlagged, String(flagged)), .bold)]
    return Section(title: title, lines: lines)
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
