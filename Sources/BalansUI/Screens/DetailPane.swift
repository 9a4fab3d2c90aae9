import BalansModel
import BalansText

/// One line of a pane: spans, and whether it is the highlighted row.
struct PaneLine {
    var spans: [Span]
    var highlight = false

    init(_ spans: [Span], highlight: Bool = false) {
        self.spans = spans
        self.highlight = highlight
    }

    init(_ text: String, _ style: Style = .plain) { spans = [Span(text, style)] }
}

/// The detail pane of the selected segment. When it is too short, it shows as much as fits in this
/// order: categories, breakdown, cascade (with exposure and value), violations, notice. The score
/// breakdown keeps two rows even when the categories would fill the pane, because it explains the
/// score; the categories then scroll with the highlighted row.
func drawDetailPane(_ ctx: inout RenderContext, _ rect: Rect, sideBySide: Bool) {
    guard !rect.isEmpty else { return }
    let state = ctx.state
    let theme = ctx.theme
    let ell = theme.ellipsis
    if sideBySide {
        for y in rect.y..<rect.maxY {
            ctx.canvas.put(theme.vertical, x: rect.x, y: y, style: .dim, maxWidth: 1)
        }
    }
    let area = detailArea(rect, sideBySide: sideBySide)
    guard area.width > 0 else { return }
    if state.focus == .detail { ctx.detailWheel.append(area) }
    let s = state.selected
    guard state.visibleCount > 0, s < state.scenario.segments.count else {
        ctx.canvas.put(theme.chrome(state.t(.detailNoSegment)), x: area.x, y: area.y, style: .dim, maxWidth: area.width, ellipsis: ell)
        return
    }
    let scenario = state.scenario
    let seg = scenario.segments[s]
    let row = state.evaluation.rows[s]
    let level = scenario.levels[row.level]
    let focused = state.focus == .detail
    let w = area.width

    // Title line.
    var titleText = "\(ctx.name(seg.name))\(theme.separator)\(state.t(.detailCustomers, state.whole(seg.size)))\(theme.separator)L\(row.level) \(ctx.name(level.name))"
    var flags: [String] = []
    if seg.minors { flags.append(theme.chrome(state.t(.flagMinors))) }
    if seg.vulnerable { flags.append(theme.chrome(state.t(.flagVulnerable))) }
    if row.figures.profiling { flags.append(state.t(.flagProfiling)) }
    if row.figures.touchesSpecial { flags.append(state.t(.flagArt9)) }
    if !flags.isEmpty { titleText += theme.separator + flags.joined(separator: ", ") }
    let titleStyle = focused ? theme.style(Style(foreground: .cyan, bold: true, reverse: true)) : Style(bold: true, underline: true)
    ctx.canvas.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: titleStyle)
    ctx.canvas.put(titleText, x: area.x, y: area.y, style: titleStyle, maxWidth: w, ellipsis: ell)

    // Scrolled (PgDn): the whole content as one list, from the offset, clamped to the content, as
    // the layout that `update` scrolls with says.
    if focused && state.detailScroll > 0 {
        guard let layout = DetailPaneLayout(ctx, area: area) else { return }
        let offset = layout.firstLine(at: state.detailScroll)
        let shown = Array(layout.shown(at: state.detailScroll))
        ctx.canvas.putRight(state.t(.detailRange, String(offset + 1), String(offset + shown.count), String(layout.content.count)),
                            right: area.maxX, y: area.y, style: titleStyle)
        var y = area.y + 1
        var left = layout.visibleLines
        draw(&ctx, shown, x: area.x, y: &y, width: w, avail: &left)
        return
    }

    // Sections.
    let categories = detailCategories(state)
    let categoryLines = detailCategoryLines(ctx, segment: s, row: row, categories: categories, width: w, focused: focused)
    let breakdown = breakdownLines(ctx, row: row, width: w)
    // The later sections are built only when there is room for them: the notice alone is a few
    // hundred characters to wrap, on every key press.
    let later = laterSections(ctx, segment: s, row: row, categories: categories, width: w)

    var avail = area.height - 1
    var y = area.y + 1
    // Categories: all of them if the breakdown still fits below, else a window around the highlight.
    let need = categoryLines.count
    var shown = min(need, avail)
    if need + breakdown.count > avail { shown = min(need, max(min(need, 3), avail - breakdown.count)) }
    if shown < need {
        let start = max(0, min(state.detailRow - shown + 1, need - shown))
        let window = Array(categoryLines[start..<(start + shown)])
        let note = state.t(.detailRange, String(start + 1), String(start + shown), String(need))
        ctx.canvas.putRight(note, right: area.maxX, y: area.y, style: titleStyle)
        draw(&ctx, window, x: area.x, y: &y, width: w, avail: &avail)
    } else {
        draw(&ctx, categoryLines, x: area.x, y: &y, width: w, avail: &avail)
    }
    guard avail > 0 else { return }
    // Sections are built only while they can still show (the notice alone is a few hundred
    // characters to wrap on every key press); blank lines separate them when all fit with them.
    // What does not fit is reached with PgDn (the footer says so in the pane).
    var rest = [breakdown].filter { !$0.isEmpty }
    var lines = breakdown.count
    for build in later where lines < avail {
        let section = build()
        guard !section.isEmpty else { continue }
        rest.append(section)
        lines += section.count
    }
    let spaced = lines + rest.count <= avail
    for section in rest where avail > 0 {
        // A heading without anything under it says nothing: leave the section out.
        if section.count > 1 && avail - (spaced ? 1 : 0) < 2 { break }
        if spaced { y += 1; avail -= 1 }
        draw(&ctx, section, x: area.x, y: &y, width: w, avail: &avail)
    }
}

/// The detail pane's interior and everything it can scroll through, for a state at its size,
/// computed without drawing: `update` scrolls the pane with it (PgDn, the wheel) and the renderer
/// draws the scrolled pane from it, so the scroll limits cannot disagree with what is drawn
/// (decision 0016). Building it wraps the pane's texts, as drawing does; it touches no canvas.
struct DetailPaneLayout {
    /// The pane's interior, its title line included.
    let area: Rect
    /// Everything the pane can show below its title, one entry per line.
    let content: [PaneLine]

    /// The lines shown below the title.
    var visibleLines: Int { area.height - 1 }
    /// The largest scroll offset that still fills the pane.
    var maxScroll: Int { max(0, content.count - visibleLines) }

    /// The first content line shown at `scroll` (clamped to the content).
    func firstLine(at scroll: Int) -> Int { max(0, min(scroll, maxScroll)) }

    /// The content lines shown at `scroll`.
    func shown(at scroll: Int) -> ArraySlice<PaneLine> {
        let first = firstLine(at: scroll)
        return content[first..<min(content.count, first + visibleLines)]
    }

    /// The pane with interior `area`; nil when it has no column or no line below its title.
    init?(_ ctx: some TextContext, area: Rect) {
        guard area.width > 0, area.height > 1 else { return nil }
        self.area = area
        self.content = detailContent(ctx, width: area.width)
    }

    /// The Segments screen's detail pane at the state's own size (where `drawSegmentsScreen` puts it).
    init?(_ state: AppState) {
        let (_, pane) = Layout.segments(width: state.width, height: state.height, segmentCount: state.visibleCount)
        self.init(PlainTextContext(state), area: detailArea(pane, sideBySide: pane.x > 0))
    }
}

/// The pane's interior: right of the divider when side by side, inset by a column otherwise.
func detailArea(_ rect: Rect, sideBySide: Bool) -> Rect {
    sideBySide ? Rect(x: rect.x + 2, y: rect.y, width: rect.width - 3, height: rect.height)
               : Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height)
}

/// One line per touched category, the highlighted one marked when the pane is focused.
func detailCategoryLines(_ ctx: some TextContext, segment s: Int, row: SegmentScore, categories: [Int], width w: Int,
                         focused: Bool) -> [PaneLine] {
    let markerWidth = categories.map { markers(ctx, segment: s, category: $0, row: row, compact: w < 64) }
        .map { $0.reduce(0) { $0 + DisplayWidth.of($1.text) + 1 } }.max() ?? 0
    return categories.enumerated().map { i, c in
        categoryLine(ctx, segment: s, category: c, row: row, width: w, markerWidth: markerWidth,
                     highlight: focused && i == ctx.state.detailRow)
    }
}

/// The sections below the score breakdown, in the order they give way when the pane is short:
/// consent sources, cascade and figures, breaches, the notice. Each is built only when called.
func laterSections(_ ctx: some TextContext, segment s: Int, row: SegmentScore, categories: [Int], width w: Int) -> [() -> [PaneLine]] {
    let state = ctx.state
    let theme = ctx.theme
    let model = state.model
    return [
        { sourceLines(ctx, segment: s, categories: categories, width: w) },
        { cascadeLines(ctx, row: row, width: w) },
        {
            var lines: [PaneLine] = []
            for v in row.violations {
                let severity = theme.chrome(state.severityWord(v.severity))
                let text = "\(severity) \(v.rule.rawValue): \(SafeText.escape(v.message(in: state.catalogue)))"
                for (i, line) in wrap(text, width: w).enumerated() {
                    lines.append(i == 0 ? PaneLine([Span(severity, theme.severity(v.severity)),
                                                    Span(String(line.dropFirst(severity.count)))])
                                        : PaneLine(line))
                }
            }
            return lines
        },
        {
            var lines: [PaneLine] = [PaneLine(theme.chrome(state.t(.detailNoticeTitle)), .bold)]
            for sentence in TransparencyNotice.text(model: model, row: row, catalogue: state.catalogue) {
                lines += wrap(SafeText.escape(sentence), width: w).map { PaneLine($0) }
            }
            return lines
        },
    ]
}

/// Everything the pane can show below its title, as one list with a blank line between sections:
/// what PgDn scrolls through (decision 0016).
func detailContent(_ ctx: some TextContext, width w: Int) -> [PaneLine] {
    let state = ctx.state
    let s = state.selected
    guard state.visibleCount > 0, s < state.scenario.segments.count else { return [] }
    let row = state.evaluation.rows[s]
    let categories = detailCategories(state)
    var out = detailCategoryLines(ctx, segment: s, row: row, categories: categories, width: w, focused: state.focus == .detail)
    let sections = [breakdownLines(ctx, row: row, width: w)] + laterSections(ctx, segment: s, row: row, categories: categories, width: w).map { $0() }
    for section in sections where !section.isEmpty {
        if !out.isEmpty { out.append(PaneLine("")) }
        out += section
    }
    return out
}

private func draw(_ ctx: inout RenderContext, _ lines: [PaneLine], x: Int, y: inout Int, width: Int, avail: inout Int) {
    for line in lines {
        guard avail > 0 else { return }
        ctx.canvas.put(line.spans, x: x, y: y, maxWidth: width, ellipsis: ctx.theme.ellipsis)
        if line.highlight { ctx.canvas.restyle(Rect(x: x, y: y, width: width, height: 1)) { $0.reverse = true } }
        y += 1
        avail -= 1
    }
}

/// One category of the detail pane: name, consent, tier, origin and markers.
/// The markers of a category in the detail pane: Art. 9, special feature, excluded, new at this level.
func markers(_ ctx: some TextContext, segment s: Int, category c: Int, row: SegmentScore, compact: Bool) -> [Span] {
    let theme = ctx.theme
    let model = ctx.state.model
    let cat = model.scenario.categories[c]
    var markers: [Span] = []
    if cat.special { markers.append(Span(compact ? theme.art9 : ctx.state.t(.flagArt9), theme.fg(.red, bold: true))) }
    if cat.specialFeature { markers.append(Span(compact ? "SF" : theme.chrome(ctx.state.t(.markerSpecialFeature)), theme.fg(.magenta))) }
    if ctx.state.evaluation.setting.excluded[s].contains(c) { markers.append(Span(compact ? ctx.state.t(.markerExcludedShort) : ctx.state.t(.markerExcluded), Style(bold: true))) }
    if model.addedAt(level: row.level).contains(c) { markers.append(Span(ctx.state.t(.markerNew), theme.fg(.cyan))) }
    return markers
}

func categoryLine(_ ctx: some TextContext, segment s: Int, category c: Int, row: SegmentScore, width w: Int,
                  markerWidth: Int, highlight: Bool) -> PaneLine {
    let theme = ctx.theme
    let model = ctx.state.model
    let cat = model.scenario.categories[c]
    let excluded = ctx.state.evaluation.setting.excluded[s].contains(c)
    let compactMode = w < 64
    let tier = compactMode ? shortTier(cat.tier) : cat.tier.rawValue
    let origin = compactMode ? shortOrigin(cat.origin) : cat.origin.rawValue
    let markers = markers(ctx, segment: s, category: c, row: row, compact: compactMode)
    let tierWidth = compactMode ? 7 : 11
    let originWidth = compactMode ? 5 : 8
    let nameWidth = max(4, w - 2 - 5 - (1 + tierWidth) - (1 + originWidth) - markerWidth)
    var spans: [Span] = [Span(highlight ? "> " : "  ", .bold)]
    let nameStyle = excluded ? Style(dim: true) : Style.plain
    spans.append(Span(pad(ctx.name(cat.name), nameWidth, ellipsis: theme.ellipsis), nameStyle))
    spans.append(Span(leftPad(ctx.state.percentText(model.consentRate(segment: s, category: c)), 5), excluded ? .dim : .bold))
    spans.append(Span(" " + pad(tier, tierWidth, ellipsis: theme.ellipsis)))
    spans.append(Span(" " + pad(origin, originWidth, ellipsis: theme.ellipsis), .dim))
    for m in markers { spans.append(Span(" ")); spans.append(m) }
    return PaneLine(spans, highlight: highlight)
}

func shortTier(_ t: Tier) -> String {
    switch t {
    case .simple: return "simple"
    case .behavioural: return "behav."
    case .financial: return "financ."
    case .sensitive: return "sensit."
    }
}

func shortOrigin(_ o: Origin) -> String {
    switch o {
    case .declared: return "decl."
    case .observed: return "obs."
    case .inferred: return "infer"
    }
}

/// `text` cut (with an ellipsis) or padded with spaces to exactly `width` columns.
func pad(_ text: String, _ width: Int, ellipsis: String) -> String {
    guard width > 0 else { return "" }
    let w = DisplayWidth.of(text)
    if w <= width { return text + repeated(" ", width - w) }
    var c = Canvas(width: width, height: 1)
    c.put(text, x: 0, y: 0, maxWidth: width, ellipsis: ellipsis)
    let cut = c.lines[0]
    return cut + repeated(" ", width - DisplayWidth.of(cut))
}

/// `text` right-aligned in `width` columns.
func leftPad(_ text: String, _ width: Int) -> String { repeated(" ", width - DisplayWidth.of(text)) + text }

/// "I = DPC × EI + M = 3 × 0.75 + 0.75 = 3 → score 50.0 (high)" and the terms of DPC and M.
func breakdownLines(_ ctx: some TextContext, row: SegmentScore, width w: Int) -> [PaneLine] {
    let theme = ctx.theme
    let f = row.figures
    let bandWord = theme.chrome(ctx.state.bandWord(f.band))
    let bandSpan = Span(bandWord, theme.band(f.band))
    guard let b = f.breakdown else {
        return wrapChunks([theme.chrome(ctx.state.t(.breakdownNoData, theme.arrow, bandWord)),
                           theme.chrome(ctx.state.t(.breakdownGeneric))], separator: "; ", width: w).map { PaneLine($0) }
    }
    let x = theme.times
    let main = "I = DPC \(x) EI + M = \(ctx.state.short(b.dpc)) \(x) \(ctx.state.short(b.ei)) + \(ctx.state.short(b.m)) = \(ctx.state.fixed(b.intensity, 2))"
    let score = theme.chrome(ctx.state.t(.breakdownScore, theme.arrow, ctx.state.fixed(f.score, 1)))
    var lines: [PaneLine] = []
    if DisplayWidth.of(main + score) + DisplayWidth.of(bandWord) + 1 <= w {
        lines.append(PaneLine([Span(main, .bold), Span(score), bandSpan, Span(")")]))
    } else {
        lines.append(PaneLine(main, .bold))
        lines.append(PaneLine([Span(String(score.dropFirst())), bandSpan, Span(")")]))
    }
    let tierName = ctx.state.model.scenario.categories.first(where: { $0.tier.base == b.tierBase })?.tier.rawValue ?? ""
    var dpc = ctx.state.t(.breakdownTier, String(b.tierBase)) + "\(tierName.isEmpty ? "" : " (\(tierName))")"
    if b.profiling {
        let boost = b.dpc - Double(b.tierBase)
        dpc += ctx.state.t(.breakdownProfiling, ctx.state.short(boost))
        if boost < ctx.state.scenario.weights.profilingBoost { dpc += theme.chrome(ctx.state.t(.breakdownCapped)) }
        dpc += " = \(ctx.state.short(b.dpc))"
    }
    var terms: [String] = []
    if b.originTerm > 0 { terms.append(ctx.state.t(.termOrigin, ctx.state.short(b.originTerm))) }
    if b.specialFeatureTerm > 0 { terms.append(theme.chrome(ctx.state.t(.termSpecialFeature, ctx.state.short(b.specialFeatureTerm)))) }
    if b.crossContextTerm > 0 { terms.append(ctx.state.t(.termLinking, ctx.state.short(b.crossContextTerm))) }
    if b.obtrusiveTerm > 0 { terms.append(theme.chrome(ctx.state.t(.termObtrusive, ctx.state.short(b.obtrusiveTerm)))) }
    if b.vulnerableTerm > 0 { terms.append(theme.chrome(ctx.state.t(.termVulnerable, ctx.state.short(b.vulnerableTerm)))) }
    let m = "M = " + (terms.isEmpty ? ctx.state.t(.termNone) : terms.joined(separator: " + "))
    let chunks = [dpc, ctx.state.t(.breakdownEI, ctx.state.short(b.ei)), m]
    lines += wrapChunks(chunks, separator: "; ", width: w).map { PaneLine($0, .dim) }
    lines += weightsSourceLines(ctx, width: w)
    return lines
}

/// Where the weights behind M came from, when they were fitted (decision 0033): one line, under
/// the terms it explains. Empty for weights as the scenario's author wrote them.
func weightsSourceLines(_ ctx: some TextContext, width w: Int) -> [PaneLine] {
    let state = ctx.state
    guard let src = state.scenario.weightsSource else { return [] }
    let method: String
    switch src.method {
    case .nnls: method = state.t(.weightsMethodNNLS)
    }
    let text = src.design.map {
        state.t(.detailWeightsSource, ctx.name(src.file), ctx.name($0), state.whole(src.respondents), src.date, method)
    } ?? state.t(.detailWeightsSourceNoDesign, ctx.name(src.file), state.whole(src.respondents), src.date, method)
    return wrap(text, width: w).map { PaneLine($0, .dim) }
}

/// Where the consent rates of the touched categories came from (decision 0015): one line per
/// imported file, then the categories whose rates are as the scenario's author wrote them. Empty
/// when none of them was imported, so scenarios without imports look as they always did.
func sourceLines(_ ctx: some TextContext, segment s: Int, categories: [Int], width w: Int) -> [PaneLine] {
    let state = ctx.state
    let seg = state.scenario.segments[s]
    guard !seg.consentSource.isEmpty else { return [] }
    let (groups, authored) = seg.consentSources(of: categories.map { state.scenario.categories[$0].id })
    guard !groups.isEmpty else { return [] }
    let name = { (id: String) in ctx.name(state.scenario.categories.first { $0.id == id }?.name ?? id) }
    var lines = [PaneLine(ctx.theme.chrome(state.t(.detailSourceTitle)), .bold)]
    for g in groups {
        let method: String
        switch g.source.method {
        case .csv: method = state.t(.sourceCSV)
        case .tcf: method = state.t(.sourceTCF)
        case .consentMode: method = state.t(.sourceConsentMode)
        }
        let names = state.catalogue.list(g.categories.map(name))
        let text: String
        if let r = g.records {
            let records = r.lowerBound == r.upperBound ? state.t(.sourceRecords, state.whole(r.lowerBound))
                : state.t(.sourceRecordsRange, state.whole(r.lowerBound), state.whole(r.upperBound))
            text = state.t(.detailSourceLine, ctx.name(g.source.file), method, g.source.date, records, names)
        } else {
            text = state.t(.detailSourceLineNoCount, ctx.name(g.source.file), method, g.source.date, names)
        }
        lines += wrap(text, width: w).map { PaneLine($0, .dim) }
    }
    if !authored.isEmpty {
        lines += wrap(state.t(.detailSourceAuthored, state.catalogue.list(authored.map(name))), width: w).map { PaneLine($0, .dim) }
    }
    return lines
}

/// The consent cascade and the segment's figures.
func cascadeLines(_ ctx: some TextContext, row: SegmentScore, width w: Int) -> [PaneLine] {
    let theme = ctx.theme
    let state = ctx.state
    let label = state.t(.cascadeLabel)
    let parts = row.cascade.map { ($0.level < 0 ? state.t(.cascadeNone) : "L\($0.level)") + " " + state.percentText($0.share) }
    var chunks = parts
    if !chunks.isEmpty { chunks[0] = label + " " + chunks[0] }
    var lines = wrapChunks(chunks, separator: theme.separator, width: w).map { PaneLine($0) }
    if !lines.isEmpty {
        var first = lines[0].spans[0].text
        first.removeFirst(label.count)
        lines[0] = PaneLine([Span(label, .bold), Span(first)])
    }
    let figures = [state.t(.figExposure, state.fixed(row.exposure, 1)),
                   theme.chrome(state.t(.figUplift, state.fixed(row.effectiveUplift, 2))),
                   theme.chrome(state.t(.figValue, state.whole(Int(row.value.rounded()))))]
    lines += wrapChunks(figures, separator: theme.separator, width: w).map { PaneLine($0) }
    return lines
}
