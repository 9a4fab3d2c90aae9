import BalansModel
import BalansText

/// The frontier as a self-contained SVG chart: no scripts, no external references, generic fonts,
/// every text from a file escaped.
enum FrontierSVG {
    static let width = 820.0
    static let height = 520.0
    static let left = 90.0, right = 30.0, top = 60.0, bottom = 70.0

    /// Band colours, light enough that the frontier stays the most visible thing.
    static let bands: [(band: Band, from: Double, to: Double, fill: String)] = [
        (.low, 0, 100.0 / 3.0, "#e8f5e9"),
        (.medium, 100.0 / 3.0, 50, "#fffde7"),
        (.high, 50, 200.0 / 3.0, "#fff3e0"),
        (.veryHigh, 200.0 / 3.0, 100, "#ffebee"),
    ]

    /// The chart's own words. The defaults are the English of `balans frontier --svg`; the audit
    /// report passes its catalogue's.
    struct Labels {
        var title: (String) -> String = { "Efficient frontier: " + $0 }
        var presetLine: (String) -> String = { "exclusions of preset " + $0 }
        var band: (Band) -> String = { $0.rawValue }
        var xAxis = "Aggregate intrusiveness (0\u{2013}100)"
        var yAxis = "Value (extra conversions)"
        var noAllowed: (String) -> String = { "No allowed setting: the ethical code allows no level of " + $0 }
        var number: (Double) -> String = { NumberStyle(.en).whole($0) }
        var decimal: (Double) -> String = { formatFixed($0, 1) }
        var quote: (String) -> String = { "\u{201C}" + $0 + "\u{201D}" }
    }

    /// The chart as a file (with an XML prolog), or with `prolog: false` as an element to put inline
    /// in an HTML page.
    static func render(_ report: FrontierReport, prolog: Bool = true, labels: Labels = Labels()) -> String {
        let points = report.frontier.points
        let current = report.current
        // The one scale of every frontier chart (the dashboard's too): round numbers just above
        // the frontier's end and the preset.
        let scale = ChartScale.fitting(report.frontier, marks: current.map { [($0.intrusiveness, $0.value)] } ?? [])
        let xMax = scale.intrusivenessMax
        let xTicks = scale.intrusivenessTicks
        let yTicks = scale.valueTicks
        let yMax = scale.valueMax
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + plotW * x / xMax }
        func py(_ y: Double) -> Double { top + plotH * (1 - y / yMax) }

        var s = ""
        if prolog { s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
        s += "font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n"
        let titleText = labels.title(report.scenario.name)
        s += "  <title>\(xml(titleText))</title>\n"
        s += "  <rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        s += "  <text x=\"\(n(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" fill=\"#212121\">\(xml(titleText))</text>\n"
        if let p = report.inputs.preset {
            s += "  <text x=\"\(n(width / 2))\" y=\"47\" text-anchor=\"middle\" font-size=\"12\" fill=\"#616161\">\(xml(labels.presetLine(labels.quote(p.preset.name))))</text>\n"
        }

        // Band regions, each labelled at the top of the plot.
        s += "  <g id=\"bands\">\n"
        for b in bands where b.from < xMax {
            let x0 = px(b.from), x1 = px(min(b.to, xMax))
            s += "    <rect x=\"\(n(x0))\" y=\"\(n(top))\" width=\"\(n(x1 - x0))\" height=\"\(n(plotH))\" fill=\"\(b.fill)\"/>\n"
            if x1 - x0 > 40 {
                s += "    <text x=\"\(n((x0 + x1) / 2))\" y=\"\(n(top + 16))\" text-anchor=\"middle\" fill=\"#757575\">\(xml(labels.band(b.band)))</text>\n"
            }
            if b.from > 0 {
                s += "    <line x1=\"\(n(x0))\" y1=\"\(n(top))\" x2=\"\(n(x0))\" y2=\"\(n(top + plotH))\" stroke=\"#bdbdbd\" stroke-dasharray=\"4 3\"/>\n"
            }
        }
        s += "  </g>\n"

        // Grid, ticks and axes.
        s += "  <g id=\"axes\" stroke=\"#9e9e9e\">\n"
        for t in yTicks {
            s += "    <line x1=\"\(n(left))\" y1=\"\(n(py(t)))\" x2=\"\(n(left + plotW))\" y2=\"\(n(py(t)))\" stroke=\"#e0e0e0\"/>\n"
            s += "    <line x1=\"\(n(left - 5))\" y1=\"\(n(py(t)))\" x2=\"\(n(left))\" y2=\"\(n(py(t)))\"/>\n"
        }
        for t in xTicks {
            s += "    <line x1=\"\(n(px(t)))\" y1=\"\(n(top + plotH))\" x2=\"\(n(px(t)))\" y2=\"\(n(top + plotH + 5))\"/>\n"
        }
        s += "    <line x1=\"\(n(left))\" y1=\"\(n(top + plotH))\" x2=\"\(n(left + plotW))\" y2=\"\(n(top + plotH))\" stroke=\"#424242\"/>\n"
        s += "    <line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotH))\" stroke=\"#424242\"/>\n"
        s += "  </g>\n"
        s += "  <g id=\"tick-labels\" fill=\"#424242\">\n"
        for t in yTicks {
            s += "    <text x=\"\(n(left - 9))\" y=\"\(n(py(t) + 4))\" text-anchor=\"end\">\(xml(labels.number(t)))</text>\n"
        }
        for t in xTicks {
            s += "    <text x=\"\(n(px(t)))\" y=\"\(n(top + plotH + 20))\" text-anchor=\"middle\">\(tickLabel(t))</text>\n"
        }
        s += "    <text x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 18))\" text-anchor=\"middle\" font-size=\"13\">\(xml(labels.xAxis))</text>\n"
        let yMid = top + plotH / 2
        s += "    <text x=\"22\" y=\"\(n(yMid))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 22 \(n(yMid)))\">\(xml(labels.yAxis))</text>\n"
        s += "  </g>\n"

        // The frontier.
        if !points.isEmpty {
            let coords = points.map { "\(n(px($0.intrusiveness))),\(n(py($0.value)))" }.joined(separator: " ")
            s += "  <polyline id=\"frontier\" points=\"\(coords)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"
            s += "  <g id=\"frontier-points\" fill=\"#1565c0\">\n"
            for p in points {
                s += "    <circle cx=\"\(n(px(p.intrusiveness)))\" cy=\"\(n(py(p.value)))\" r=\"3\"/>\n"
            }
            s += "  </g>\n"
        } else {
            let names = report.frontier.blocked.map { report.scenario.segments[$0].name }.joined(separator: ", ")
            let blocked = labels.noAllowed(names)
            s += "  <text x=\"\(n(left + plotW / 2))\" y=\"\(n(top + plotH / 2))\" text-anchor=\"middle\" font-size=\"14\" fill=\"#b71c1c\">\(xml(blocked))</text>\n"
        }

        // The preset, with dashed lines to the frontier showing its gap.
        if let c = current, let p = report.inputs.preset {
            let cx = px(c.intrusiveness), cy = py(c.value)
            s += "  <g id=\"preset\">\n"
            if c.valueLost > 0 {
                let fy = py(report.frontier.value(atIntrusiveness: c.intrusiveness))
                s += "    <line x1=\"\(n(cx))\" y1=\"\(n(cy))\" x2=\"\(n(cx))\" y2=\"\(n(fy))\" stroke=\"#c62828\" stroke-dasharray=\"3 3\"/>\n"
            }
            if c.intrusivenessSaved > 0 {
                let fx = px(c.intrusiveness - c.intrusivenessSaved)
                s += "    <line x1=\"\(n(cx))\" y1=\"\(n(cy))\" x2=\"\(n(fx))\" y2=\"\(n(cy))\" stroke=\"#c62828\" stroke-dasharray=\"3 3\"/>\n"
            }
            s += "    <circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"6\" fill=\"#c62828\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n"
            // Label to the side with more room.
            let onLeft = cx > left + plotW * 0.6
            let label = labels.quote(p.preset.name) + " (" + labels.decimal(c.intrusiveness) + ", " + labels.number(c.value) + ")"
            // Below a point under the frontier, above one on or beyond it, and never across the
            // line: the frontier rises, so over the label's width it is lowest at the label's left
            // end and highest at its right end (about 7 px a character at 12 px).
            let labelWidth = Double(label.count) * 7
            let x0 = onLeft ? cx - 10 - labelWidth : cx + 10, x1 = onLeft ? cx - 10 : cx + 10 + labelWidth
            func curveY(_ x: Double) -> Double {
                py(report.frontier.value(atIntrusiveness: max(0, min(xMax, (x - left) / plotW * xMax))))
            }
            let above = c.value >= report.frontier.value(atIntrusiveness: c.intrusiveness) - 1e-9
            let ly = above ? min(cy - 12, curveY(x1) - 6) : max(cy + 22, curveY(x0) + 16)
            // A label pushed away from its point by the curve gets a thin leader back to it.
            if abs(ly - cy) > 30 {
                let lx = onLeft ? cx - 10 : cx + 10
                s += "    <line x1=\"\(n(cx))\" y1=\"\(n(cy + (above ? -7 : 7)))\" x2=\"\(n(lx))\" y2=\"\(n(above ? ly + 3 : ly - 12))\" stroke=\"#b71c1c\" stroke-width=\"0.75\"/>\n"
            }
            s += "    <text x=\"\(n(onLeft ? cx - 10 : cx + 10))\" y=\"\(n(ly))\" text-anchor=\"\(onLeft ? "end" : "start")\" fill=\"#b71c1c\" "
            s += "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\(xml(label))</text>\n"
            s += "  </g>\n"
        }
        s += "</svg>\n"
        return s
    }

    static func tickLabel(_ t: Double) -> String {
        t == t.rounded() ? formatFixed(t, 0) : formatFixed(t, 1)
    }

    /// A coordinate with at most two decimals.
    static func n(_ x: Double) -> String {
        var t = formatFixed(x, 2)
        if t.contains(".") {
            while t.hasSuffix("0") { t.removeLast() }
            if t.hasSuffix(".") { t.removeLast() }
        }
        return t
    }

    /// Text for XML character data and attributes: markup characters as entities, control characters
    /// (most are not even allowed in XML 1.0) shown as visible escapes.
    static func xml(_ text: String) -> String {
        var out = ""
        for ch in SafeText.escape(text).unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Noncharacters and lone surrogates cannot appear in XML; Swift strings hold no surrogates.
                if ch.value == 0xFFFE || ch.value == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
