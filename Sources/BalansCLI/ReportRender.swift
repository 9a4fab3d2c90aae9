import BalansModel
import BalansText

// MARK: Markdown

extension AuditReport {
    /// GitHub-flavoured Markdown: headings, tables, the chart as a link to `chartFile` (written next to
    /// the report).
    func markdown(chartFile: String, trendChartFile: String? = nil) -> String {
        var s = "# " + Self.md(title) + "\n\n"
        for (k, v) in headFacts { s += "- **" + Self.md(k) + ":** " + Self.md(v, leading: false) + "\n" }
        s += "\n" + Self.md(c.text(.reportMetaTool, version)) + "\n"
        s += "\n**" + Self.md(verdict, leading: false) + "**\n"
        for section in sections {
            s += "\n## " + Self.md(section.title) + "\n"
            for block in section.blocks {
                s += "\n"
                switch block {
                case .paragraph(let t): s += Self.md(t) + "\n"
                case .note(let t): s += "> " + Self.md(t, leading: false) + "\n"
                case .subheading(let t): s += "### " + Self.md(t) + "\n"
                case .facts(let pairs):
                    s += "| | |\n|---|--:|\n"
                    for (k, v) in pairs { s += "| " + Self.md(k) + " | " + Self.md(v) + " |\n" }
                case .table(let header, let rows, let numeric):
                    s += "| " + header.map { Self.md($0) }.joined(separator: " | ") + " |\n"
                    s += "|" + header.indices.map { numeric.contains($0) ? "--:" : "---" }.joined(separator: "|") + "|\n"
                    for r in rows { s += "| " + r.map { Self.md($0) }.joined(separator: " | ") + " |\n" }
                case .trendChart:
                    if let file = trendChartFile {
                        s += "![" + Self.md(c.text(.reportTrend), leading: false) + "](" + Self.urlPath(file) + ")\n"
                    }
                case .chart:
                    let link = Self.urlPath(chartFile)
                    s += "![" + Self.md(c.text(.reportChartTitle, scenario.name), leading: false) + "](" + link + ")\n\n"
                    // The sentence is escaped with its placeholder in place; the link goes in after.
                    let sentence = Self.md(c.template(ReportText.reportFrontierChartMarkdown), leading: false)
                    s += sentence.split(separator: "{0}", omittingEmptySubsequences: false)
                        .joined(separator: "[" + Self.md(chartFile, leading: false) + "](" + link + ")") + "\n"
                case .notice(_, let heading, let sentences):
                    s += "### " + Self.md(heading) + "\n\n"
                    s += sentences.map { Self.md($0, leading: false) }.joined(separator: " ") + "\n"
                case .signoff(let labels):
                    s += "| | |\n|---|---|\n"
                    for label in labels { s += "| " + Self.md(label) + " | |\n" }
                }
            }
        }
        return s
    }

    /// A relative link target: anything but unreserved ASCII percent-encoded.
    static func urlPath(_ name: String) -> String {
        var out = ""
        for b in name.utf8 {
            let ch = Character(Unicode.Scalar(b))
            if b < 0x80 && (ch.isLetter || ch.isNumber || "-._~".contains(ch)) {
                out.append(ch)
            } else {
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }

    /// Text for Markdown: control characters made visible, `\`, `|`, `<`, `[` and `]` escaped, and
    /// (with `leading`) a character that would start a heading, quote, list or rule at the start.
    static func md(_ text: String, leading: Bool = true) -> String {
        var out = ""
        for ch in safe(text) {
            switch ch {
            case "\\": out += "\\\\"
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case "[": out += "\\["
            case "]": out += "\\]"
            default: out.append(ch)
            }
        }
        if leading, let first = out.first {
            if "#>-+*=~_".contains(first) {
                out = "\\" + out
            } else if first.isASCII && first.isNumber {
                // "1. " or "1) " would start a numbered list.
                let digits = out.prefix { $0.isASCII && $0.isNumber }
                let rest = out.dropFirst(digits.count)
                if rest.hasPrefix(". ") || rest.hasPrefix(") ") || rest == "." || rest == ")" {
                    out = String(digits) + "\\" + String(rest)
                }
            }
        }
        return out
    }
}

// MARK: HTML

extension AuditReport {
    static let css = """
    body { font-family: Georgia, "Times New Roman", serif; color: #1a1a1a; background: #ffffff; max-width: 60em; margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
    h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; color: #102a43; }
    h1 { font-size: 1.7em; border-bottom: 2px solid #102a43; padding-bottom: 0.3em; }
    h2 { font-size: 1.3em; border-bottom: 1px solid #bcccdc; padding-bottom: 0.2em; margin-top: 2em; }
    h3 { font-size: 1.05em; margin-bottom: 0.3em; }
    table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 0.92em; }
    th, td { border: 1px solid #bcccdc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
    th { background: #f0f4f8; font-family: "Helvetica Neue", Arial, sans-serif; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    table.facts { width: auto; min-width: 50%; }
    dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
    dl.meta dt { font-weight: bold; }
    dl.meta dd { margin: 0; }
    .note { border-left: 4px solid #829ab1; background: #f8fafc; padding: 0.5em 0.8em; }
    .notice { border: 1px solid #d9e2ec; padding: 0.2em 0.9em 0.6em; margin: 0.8em 0; }
    .chart svg { max-width: 100%; height: auto; }
    .tool { color: #486581; font-size: 0.9em; }
    .verdict { font-family: "Helvetica Neue", Arial, sans-serif; font-weight: bold; font-size: 1.1em; padding: 0.5em 0.8em; border: 2px solid; }
    .verdict.pass { border-color: #2f855a; color: #22543d; }
    .verdict.fail { border-color: #c53030; color: #742a2a; }
    #section-provenance td:nth-child(2) { word-break: break-all; }
    #section-provenance td:nth-child(3) { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 0.78em; white-space: nowrap; }
    #section-provenance td:nth-child(4) { white-space: nowrap; }
    table.signoff th { width: 30%; }
    table.signoff td { height: 2.4em; }
    @page {
      size: A4; margin: 18mm 16mm 20mm;
      @bottom-center { content: counter(page) " / " counter(pages); font-family: "Helvetica Neue", Arial, sans-serif; font-size: 9pt; color: #486581; }
    }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
      h2 { margin-top: 1.4em; }
      h2, h3 { break-after: avoid; page-break-after: avoid; }
      table, tr, .notice, .chart, .note, .verdict { break-inside: avoid; page-break-inside: avoid; }
      #section-signoff { break-inside: avoid; page-break-inside: avoid; }
      th, .note { background: none; }
    }
    """

    /// One self-contained XHTML-compatible HTML5 file: inline CSS and SVG, no scripts, nothing fetched.
    func html() -> String {
        let x = Self.html(_:)
        var s = "<!DOCTYPE html>\n"
        s += "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"\(c.language.rawValue)\" xml:lang=\"\(c.language.rawValue)\">\n"
        s += "<head>\n<meta charset=\"utf-8\"/>\n"
        s += "<title>" + x(title + ": " + scenario.name) + "</title>\n"
        s += "<style>\n" + Self.css + "\n</style>\n</head>\n<body>\n"
        s += "<header>\n<h1>" + x(title) + "</h1>\n<dl class=\"meta\">\n"
        for (k, v) in headFacts { s += "<dt>" + x(k) + "</dt><dd>" + x(v) + "</dd>\n" }
        s += "</dl>\n<p class=\"tool\">" + x(c.text(.reportMetaTool, version)) + "</p>\n"
        s += "<p class=\"verdict " + (passes ? "pass" : "fail") + "\" id=\"verdict\">" + x(verdict) + "</p>\n</header>\n"
        for section in sections {
            s += "<section id=\"section-\(section.id)\">\n<h2>" + x(section.title) + "</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let t): s += "<p>" + x(t) + "</p>\n"
                case .note(let t): s += "<p class=\"note\">" + x(t) + "</p>\n"
                case .subheading(let t): s += "<h3>" + x(t) + "</h3>\n"
                case .facts(let pairs):
                    s += "<table class=\"facts\">\n"
                    for (k, v) in pairs { s += "<tr><th scope=\"row\">" + x(k) + "</th><td class=\"num\">" + x(v) + "</td></tr>\n" }
                    s += "</table>\n"
                case .table(let header, let rows, let numeric):
                    func cls(_ i: Int) -> String { numeric.contains(i) ? " class=\"num\"" : "" }
                    s += "<table>\n<thead><tr>"
                    for (i, h) in header.enumerated() { s += "<th scope=\"col\"\(cls(i))>" + x(h) + "</th>" }
                    s += "</tr></thead>\n<tbody>\n"
                    for r in rows {
                        s += "<tr>"
                        for (i, cell) in r.enumerated() { s += "<td\(cls(i))>" + x(cell) + "</td>" }
                        s += "</tr>\n"
                    }
                    s += "</tbody>\n</table>\n"
                case .chart:
                    s += "<figure class=\"chart\">\n" + chartSVG(prolog: false) + "</figure>\n"
                case .trendChart:
                    s += "<figure class=\"chart\">\n" + (trendChartSVG(prolog: false) ?? "") + "</figure>\n"
                case .notice(let id, let heading, let sentences):
                    s += "<div class=\"notice\" id=\"" + x(id) + "\">\n<h3>" + x(heading) + "</h3>\n"
                    s += "<p>" + sentences.map(x).joined(separator: " ") + "</p>\n</div>\n"
                case .signoff(let labels):
                    s += "<table class=\"signoff\">\n"
                    for label in labels { s += "<tr><th scope=\"row\">" + x(label) + "</th><td></td></tr>\n" }
                    s += "</table>\n"
                }
            }
            s += "</section>\n"
        }
        s += "</body>\n</html>\n"
        return s
    }

    /// Text for HTML (and XML): markup characters as entities, control characters visible; a pair
    /// of backticks marks code, as in the Markdown.
    static func html(_ text: String) -> String {
        let escaped = FrontierSVG.xml(text)
        let parts = escaped.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count % 2 == 1 else { return escaped }
        var out = ""
        for (i, p) in parts.enumerated() {
            out += i % 2 == 1 ? "<code>" + p + "</code>" : String(p)
        }
        return out
    }
}
