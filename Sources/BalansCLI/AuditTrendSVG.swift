import BalansModel
import BalansText

/// The audits over time as a self-contained SVG chart (issue #17): the aggregate intrusiveness of
/// each entry on the 0–100 scale over the band zones, with each entry's error count under its point.
/// No scripts, no external references, generic fonts, every text from a file escaped.
enum AuditTrendSVG {
    static let width = 820.0, height = 420.0
    // The band names stand in the right margin, clear of the points' labels.
    static let left = 70.0, right = 90.0, top = 50.0, bottom = 80.0

    struct Labels {
        var title = "Audits over time"
        var yAxis = "Aggregate intrusiveness (0\u{2013}100)"
        var xAxis = "Audit (entry), recorded"
        var errors: (Int) -> String = { $0 == 1 ? "1 error" : "\($0) errors" }
        var band: (Band) -> String = { $0.rawValue }
        var decimal: (Double) -> String = { formatFixed($0, 1) }
    }

    static func render(_ trend: AuditTrend, prolog: Bool = true, labels: Labels = Labels()) -> String {
        let n = FrontierSVG.n, xml = FrontierSVG.xml
        let plotW = width - left - right, plotH = height - top - bottom
        let count = trend.entries.count
        // The points stand clear of the axis and the right edge, so that their labels do too.
        let inset = 50.0
        func px(_ i: Int) -> Double {
            count <= 1 ? left + plotW / 2 : left + inset + (plotW - 2 * inset) * Double(i) / Double(count - 1)
        }
        func py(_ y: Double) -> Double { top + plotH * (1 - min(100, max(0, y)) / 100) }
        var s = ""
        if prolog { s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
        s += "font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n"
        s += "  <title>\(xml(labels.title))</title>\n"
        s += "  <rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        s += "  <text x=\"\(n(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" fill=\"#212121\">\(xml(labels.title))</text>\n"
        for b in FrontierSVG.bands {
            s += "  <rect x=\"\(n(left))\" y=\"\(n(py(b.to)))\" width=\"\(n(plotW))\" height=\"\(n(py(b.from) - py(b.to)))\" fill=\"\(b.fill)\"/>\n"
            s += "  <text x=\"\(n(left + plotW + 6))\" y=\"\(n(py(b.to) + 14))\" text-anchor=\"start\" fill=\"#757575\">\(xml(labels.band(b.band)))</text>\n"
        }
        for tick in stride(from: 0.0, through: 100, by: 20) {
            s += "  <line x1=\"\(n(left - 4))\" y1=\"\(n(py(tick)))\" x2=\"\(n(left))\" y2=\"\(n(py(tick)))\" stroke=\"#616161\"/>\n"
            s += "  <text x=\"\(n(left - 8))\" y=\"\(n(py(tick) + 4))\" text-anchor=\"end\" fill=\"#424242\">\(xml(formatFixed(tick, 0)))</text>\n"
        }
        s += "  <line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotH))\" stroke=\"#616161\"/>\n"
        s += "  <line x1=\"\(n(left))\" y1=\"\(n(top + plotH))\" x2=\"\(n(left + plotW))\" y2=\"\(n(top + plotH))\" stroke=\"#616161\"/>\n"
        if count > 1 {
            let path = trend.entries.enumerated().map { i, e in "\(n(px(i))),\(n(py(e.intrusiveness)))" }.joined(separator: " ")
            s += "  <polyline points=\"\(path)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>\n"
        }
        for (i, e) in trend.entries.enumerated() {
            let x = px(i), y = py(e.intrusiveness)
            let failing = e.breaches.error > 0
            s += "  <circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"5\" fill=\"\(failing ? "#c62828" : "#1565c0")\"/>\n"
            s += "  <text x=\"\(n(x))\" y=\"\(n(y - 10))\" text-anchor=\"middle\" fill=\"#212121\">\(xml(labels.decimal(e.intrusiveness)))</text>\n"
            s += "  <text x=\"\(n(x))\" y=\"\(n(top + plotH + 18))\" text-anchor=\"middle\" fill=\"#424242\">\(e.number)</text>\n"
            s += "  <text x=\"\(n(x))\" y=\"\(n(top + plotH + 33))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#616161\">\(xml(String(e.recorded.prefix(10))))</text>\n"
            s += "  <text x=\"\(n(x))\" y=\"\(n(top + plotH + 48))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(failing ? "#c62828" : "#616161")\">\(xml(labels.errors(e.breaches.error)))</text>\n"
        }
        s += "  <text x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 8))\" text-anchor=\"middle\" fill=\"#424242\">\(xml(labels.xAxis))</text>\n"
        s += "  <text x=\"16\" y=\"\(n(top + plotH / 2))\" text-anchor=\"middle\" fill=\"#424242\" transform=\"rotate(-90 16 \(n(top + plotH / 2)))\">\(xml(labels.yAxis))</text>\n"
        s += "</svg>\n"
        return s
    }
}
