import BalansModel
import BalansText

/// The `score` document in its three formats (SPEC §3).
struct ScoreReport {
    let inputs: InputFiles
    /// The setting scored once; rows are scored again as they are written.
    let evaluation: BatchEvaluation
    /// The language of the text output (JSON and CSV do not depend on it).
    var catalogue: Catalogue = .english

    var model: ScoringModel { inputs.model }
    var scenario: Scenario { inputs.model.scenario }

    init(files: InputFiles, catalogue: Catalogue = .english) {
        inputs = files
        evaluation = BatchEvaluation(model: files.model, setting: files.setting)
        self.catalogue = catalogue
    }

    /// For tests: the report of inputs already scored (scored again, once, as `score` does).
    init(inputs: Inputs, catalogue: Catalogue = .english) {
        self.init(files: inputs.files, catalogue: catalogue)
    }

    // MARK: JSON

    /// `{"scenario", "preset", "aggregate", "segments", "fairness", "violations"}`, numbers unrounded.
    /// Written piece by piece, so that a 100 000-segment report never exists twice in memory.
    func writeJSON(to sink: OutputSink) {
        let agg = evaluation.aggregate
        let peak: JSONValue = agg.peak.map { .obj([("segment", .str(scenario.segments[$0].id)), ("score", .num(agg.peakScore))]) } ?? .null
        let head: [(String, JSONValue)] = [
            ("scenario", .str(scenario.name)),
            ("preset", inputs.preset.map { .str($0.preset.name) } ?? .null),
            ("aggregate", .obj([
                ("intrusiveness", .num(agg.intrusiveness)),
                ("band", .str(agg.band.rawValue)),
                ("uplift", .num(agg.uplift)),
                ("value", .num(agg.value)),
                ("peak", peak),
            ])),
        ]
        sink.write("{\n")
        for (key, value) in head {
            sink.write("  " + JSONWriter.quote(key) + ": " + JSONWriter.fragment(value, indent: 1, inlineSmallObjects: true) + ",\n")
        }
        func array<T>(_ key: String, _ items: [T], last: Bool, _ json: (T) -> JSONValue) {
            sink.write("  " + JSONWriter.quote(key) + ": ")
            if items.isEmpty {
                sink.write("[]")
            } else {
                sink.write("[\n")
                for (i, item) in items.enumerated() {
                    sink.write("    ")
                    sink.write(json(item), indent: 2)
                    sink.write(i == items.count - 1 ? "\n" : ",\n")
                }
                sink.write("  ]")
            }
            sink.write(last ? "\n" : ",\n")
        }
        // Segments are most of a large report: written straight to text, in exactly the layout
        // JSONWriter gives `segmentJSON` (a test checks the two agree).
        sink.write("  \"segments\": ")
        if evaluation.count == 0 {
            sink.write("[],\n")
        } else {
            sink.write("[\n")
            let last = evaluation.count - 1
            let report = self
            sink.items(evaluation.count) { i, out in
                report.writeSegment(report.evaluation.row(i, breaches: false), to: out)
                out.write(i == last ? "\n" : ",\n")
            }
            sink.write("  ],\n")
        }
        array("fairness", evaluation.fairness, last: false, ScoreReport.fairnessJSON)
        // Only when the policy names intersections (issue #17): the document of SPEC §3 is otherwise unchanged.
        let intersections = evaluation.intersections
        if !intersections.isEmpty { array("intersections", intersections, last: false, ScoreReport.intersectionJSON) }
        sink.write("  \"violations\": ")
        let messages = MessageMemo()
        var first = true
        evaluation.forEachViolation { v in
            sink.bytes { out in
                out.write(first ? "[\n" : ",\n")
                writeViolation(v, messages: messages, to: out)
            }
            first = false
        }
        sink.write(first ? "[]\n" : "\n  ]\n")
        sink.write("}\n")
    }

    func segmentJSON(_ row: SegmentScore) -> JSONValue {
        .obj([
            ("id", .str(scenario.segments[row.segment].id)),
            ("level", .int(row.level)),
            ("score", .num(row.score)),
            ("band", .str(row.band.rawValue)),
            ("reach", .num(row.reach)),
            ("exposure", .num(row.exposure)),
            ("effectiveUplift", .num(row.effectiveUplift)),
            ("value", .num(row.value)),
            ("touches", .arr(row.touches.map { .str(scenario.categories[$0].id) })),
            ("cascade", .arr(row.cascade.map { .obj([("level", .int($0.level)), ("share", .num($0.share))]) })),
        ])
    }

    /// `segmentJSON(row)` as JSONWriter lays it out at nesting depth 2, straight into bytes.
    func writeSegment(_ row: SegmentScore, to out: ByteWriter) {
        out.write("    {\n      \"id\": ")
        out.quoted(scenario.segments[row.segment].id)
        out.write(",\n      \"level\": ")
        out.int(row.level)
        out.write(",\n      \"score\": ")
        out.number(row.score)
        out.write(",\n      \"band\": \"")
        out.string(row.band.rawValue)
        out.write("\",\n      \"reach\": ")
        out.number(row.reach)
        out.write(",\n      \"exposure\": ")
        out.number(row.exposure)
        out.write(",\n      \"effectiveUplift\": ")
        out.number(row.effectiveUplift)
        out.write(",\n      \"value\": ")
        out.number(row.value)
        out.write(",\n      \"touches\": [")
        for (i, c) in row.touches.enumerated() {
            if i > 0 { out.write(", ") }
            out.quoted(scenario.categories[c].id)
        }
        out.write("],\n      \"cascade\": [\n")
        let last = row.cascade.count - 1
        for (i, step) in row.cascade.enumerated() {
            out.write("        {\"level\": ")
            out.int(step.level)
            out.write(", \"share\": ")
            out.number(step.share)
            out.write(i == last ? "}\n" : "},\n")
        }
        out.write("      ]\n    }")
    }

    /// `violationJSON(v)` as JSONWriter lays it out at depth 2 (an object of four scalars or
    /// fewer on one line), straight into bytes.
    func writeViolation(_ v: Violation, messages: MessageMemo, to out: ByteWriter) {
        guard v.segment == nil || v.attribute == nil else {
            // Five members are laid out over lines: not a shape the rules make, but kept exact.
            out.write("    ")
            out.string(JSONWriter.fragment(ScoreReport.violationJSON(v, scenario), indent: 2, inlineSmallObjects: true))
            return
        }
        out.write("    {\"rule\": \"")
        out.string(v.rule.rawValue)
        out.write("\", \"severity\": \"")
        out.string(v.severity.rawValue)
        out.write("\"")
        if let s = v.segment {
            out.write(", \"segment\": ")
            out.quoted(scenario.segments[s].id)
        }
        if let a = v.attribute {
            out.write(", \"attribute\": ")
            out.quoted(a)
        }
        out.write(", \"message\": ")
        messages.writeQuoted(v.details, to: out)
        out.byte(UInt8(ascii: "}"))
    }

    static func fairnessJSON(_ a: FairnessAttribute) -> JSONValue {
        .obj([
            ("attribute", .str(a.attribute)),
            ("upliftParity", .num(a.upliftParity)),
            ("exposureParity", .num(a.exposureParity)),
            ("groups", .arr(a.groups.map {
                .obj([("value", .str($0.value)), ("size", .int($0.size)),
                      ("upliftRate", .num($0.upliftRate)), ("exposureRate", .num($0.exposureRate))])
            })),
        ])
    }

    static func intersectionJSON(_ x: IntersectionFairness) -> JSONValue {
        .obj([
            ("attributes", .arr(x.attributes.map { .str($0) })),
            ("minGroupSize", .int(x.minGroupSize)),
            ("upliftParity", .num(x.upliftParity)),
            ("exposureParity", .num(x.exposureParity)),
            ("groups", .arr(x.groups.map {
                .obj([("values", .arr($0.values.map { .str($0) })), ("size", .int($0.size)), ("judged", .bool($0.judged)),
                      ("upliftRate", .num($0.upliftRate)), ("exposureRate", .num($0.exposureRate))])
            })),
        ])
    }

    static func violationJSON(_ v: Violation, _ scenario: Scenario) -> JSONValue {
        var m: [(String, JSONValue)] = [("rule", .str(v.rule.rawValue)), ("severity", .str(v.severity.rawValue))]
        if let s = v.segment { m.append(("segment", .str(scenario.segments[s].id))) }
        if let a = v.attribute { m.append(("attribute", .str(a))) }
        m.append(("message", .str(v.message)))
        return .obj(m)
    }

    // MARK: CSV

    /// One row per segment, RFC 4180 quoting, numbers unrounded; `touches` joined with ";".
    func writeCSV(to sink: OutputSink) {
        sink.write("segment,name,size,level,level_name,score,band,reach,exposure,effective_uplift,value,touches\r\n")
        // Numbers, bands and ids never need quoting; names and the joined touches are checked.
        let levelNames = scenario.levels.map { CSV.field($0.name) }
        let categoryIDs = scenario.categories.map(\.id)
        let report = self
        sink.items(evaluation.count) { i, out in
            let row = report.evaluation.row(i, breaches: false)
            let scenario = report.scenario
            let seg = scenario.segments[row.segment]
            CSV.write(seg.id, to: out)
            out.byte(0x2C)
            CSV.write(seg.name, to: out)
            out.byte(0x2C)
            out.int(seg.size)
            out.byte(0x2C)
            out.int(row.level)
            out.byte(0x2C)
            out.string(levelNames[row.level])
            out.byte(0x2C)
            out.number(row.score)
            out.byte(0x2C)
            out.string(row.band.rawValue)
            out.byte(0x2C)
            CSV.number(row.reach, to: out)
            out.byte(0x2C)
            CSV.number(row.exposure, to: out)
            out.byte(0x2C)
            CSV.number(row.effectiveUplift, to: out)
            out.byte(0x2C)
            CSV.number(row.value, to: out)
            out.byte(0x2C)
            CSV.write(row.touches.map { categoryIDs[$0] }.joined(separator: ";"), to: out)
            out.write("\r\n")
        }
    }

    // MARK: Text

    /// A table a person can paste into an email, in `catalogue`'s language.
    func writeText(to sink: OutputSink) {
        let c = catalogue
        let agg = evaluation.aggregate
        sink.line(title)
        sink.line("")
        sink.line(c.cliHeadline(agg))
        if let p = agg.peak {
            sink.line(c.text(.cliScorePeak, safe(scenario.segments[p].name), c.cliFixed(agg.peakScore, 1), c.cliGrouped(Double(agg.customers))))
        }
        sink.line("")
        if scenario.segments.isEmpty {
            sink.line(c.text(.cliNoSegments))
        } else {
            segmentTable().write(to: sink)
        }
        let fairness = evaluation.fairness
        if !fairness.isEmpty {
            sink.line("")
            sink.line(c.text(.cliFairnessTitle))
            for a in fairness {
                sink.line("  " + c.text(.cliFairnessParity, safe(a.attribute), c.cliFixed(a.upliftParity, 2), c.cliFixed(a.exposureParity, 2)))
                var t = TextTable(columns: [.init("    " + c.text(.cliColGroup)), .init(c.text(.cliColSize), right: true),
                                            .init(c.text(.cliColUplift), right: true), .init(c.text(.cliColExposure), right: true)])
                for g in a.groups {
                    t.add(["    " + safe(g.value), c.cliGrouped(Double(g.size)), c.cliFixed(g.upliftRate, 2), c.cliFixed(g.exposureRate, 1)])
                }
                if !a.groups.isEmpty { for l in t.render() { sink.line(l) } }
            }
        }
        let intersections = evaluation.intersections
        if !intersections.isEmpty {
            sink.line("")
            sink.line(c.text(.cliIntersectionsTitle))
            for x in intersections {
                let judged = x.groups.filter(\.judged).count
                sink.line("  " + c.text(.cliIntersectionParity, safe(x.name), c.cliFixed(x.upliftParity, 2), c.cliFixed(x.exposureParity, 2),
                                        String(judged), String(x.groups.count), c.cliGrouped(Double(x.minGroupSize))))
                var t = TextTable(columns: [.init("    " + c.text(.cliColGroup)), .init(c.text(.cliColSize), right: true),
                                            .init(c.text(.cliColUplift), right: true), .init(c.text(.cliColExposure), right: true),
                                            .init(c.text(.cliColJudged))])
                for g in x.groups {
                    t.add(["    " + safe(g.name), c.cliGrouped(Double(g.size)), c.cliFixed(g.upliftRate, 2), c.cliFixed(g.exposureRate, 1),
                           c.text(g.judged ? .cliJudgedYes : .cliJudgedTooSmall)])
                }
                if !x.groups.isEmpty { for l in t.render() { sink.line(l) } }
            }
        }
        sink.line("")
        ScoreReport.writeViolations(evaluation.violations, scenario, c, to: sink)
    }

    static func segmentColumns(_ c: Catalogue) -> [TextTable.Column] {
        [
            .init(c.text(.cliColSegment)), .init(c.text(.cliColSize), right: true), .init(c.text(.cliColLevel)),
            .init(c.text(.cliColScore), right: true), .init(c.text(.cliColBand)), .init(c.text(.cliColReach), right: true),
            .init(c.text(.cliColExposure), right: true), .init(c.text(.cliColUplift), right: true),
            .init(c.text(.cliColValue), right: true), .init(c.text(.cliColFlags)),
        ]
    }

    /// The segment table, every cell written once as bytes: the same cells as `cells(row)` gives
    /// (a test compares the two layouts), without a String per number.
    /// `parallelAbove` lets a test split a small table too.
    func segmentTable(parallelAbove: Int = 20_000) -> ByteTable {
        let n = evaluation.count
        guard n >= parallelAbove, n >= 2 else { return segmentTable(rows: 0..<n) }
        // A large table is formatted in two halves at once, then joined (the widths are the wider).
        let report = self
        let halves = Parallel.map(2, threshold: 0) { half in report.segmentTable(rows: half == 0 ? 0..<n / 2 : n / 2..<n) }
        halves[0].append(halves[1])
        return halves[0]
    }

    /// The rows `rows` of the segment table.
    func segmentTable(rows: Range<Int>) -> ByteTable {
        let c = catalogue
        let numbers = c.cliNumbers
        let table = ByteTable(columns: ScoreReport.segmentColumns(c))
        func measured(_ s: String) -> (bytes: [UInt8], width: Int) { (Array(s.utf8), DisplayWidth.of(s)) }
        let levels = scenario.levels.indices.map { measured("\($0) \(safe(scenario.levels[$0].name))") }
        let bands = Band.allCases.map { measured($0.rawValue) }
        let percent = measured(numbers.percentSign)
        var flagTexts: [Int: (bytes: [UInt8], width: Int)] = [:]
        let out = table.cells
        let scored = evaluation
        for i in rows {
            let row = scored.row(i, breaches: false)
            let seg = scenario.segments[row.segment]
            table.cell(safe: seg.name)
            table.endCell(width: numbers.write(fixed: Double(seg.size), 0, to: out))
            table.cell(levels[row.level].bytes, width: levels[row.level].width)
            table.endCell(width: numbers.write(fixed: row.score, 1, to: out))
            let band = bands[Band.allCases.firstIndex(of: row.band)!]
            table.cell(band.bytes, width: band.width)
            var w = numbers.write(fixed: row.reach * 100, 1, to: out)
            percent.bytes.withUnsafeBytes { out.write($0) }
            w += percent.width
            table.endCell(width: w)
            table.endCell(width: numbers.write(fixed: row.exposure, 1, to: out))
            table.endCell(width: numbers.write(fixed: row.effectiveUplift, 2, to: out))
            table.endCell(width: numbers.write(fixed: row.value, 0, to: out))
            let mask = (seg.minors ? 1 : 0) | (seg.vulnerable ? 2 : 0) | (row.figures.profiling ? 4 : 0)
                | (row.figures.touchesSpecial ? 8 : 0)
            if flagTexts[mask] == nil { flagTexts[mask] = measured(flags(row)) }
            table.cell(flagTexts[mask]!.bytes, width: flagTexts[mask]!.width)
        }
        return table
    }

    /// The cells of one segment's row in the text table: the reference `segmentTable` keeps to.
    func cells(_ row: SegmentScore) -> [String] {
        let c = catalogue
        let seg = scenario.segments[row.segment]
        return [
            safe(seg.name), c.cliGrouped(Double(seg.size)), "\(row.level) \(safe(scenario.levels[row.level].name))",
            c.cliFixed(row.score, 1), row.band.rawValue, c.cliPercent(row.reach),
            c.cliFixed(row.exposure, 1), c.cliFixed(row.effectiveUplift, 2), c.cliGrouped(row.value),
            flags(row),
        ]
    }

    var title: String { ScoreReport.title(scenario: scenario, preset: inputs.preset, catalogue) }

    /// "Scenario: preset": the heading of `score` and `check` in text.
    static func title(scenario: Scenario, preset: LoadedPreset?, _ catalogue: Catalogue) -> String {
        if let p = preset {
            return catalogue.text(.cliScoreTitlePreset, safe(scenario.name), catalogue.cliQuoted(p.preset.name))
        }
        return catalogue.text(.cliScoreTitleGeneric, safe(scenario.name))
    }

    /// Markers for a row: minors, vulnerable, profiling, art9 (special category), in the language.
    func flags(_ row: SegmentScore) -> String {
        let seg = scenario.segments[row.segment]
        var f: [CLIText] = []
        if seg.minors { f.append(.cliFlagMinors) }
        if seg.vulnerable { f.append(.cliFlagVulnerable) }
        if row.figures.profiling { f.append(.cliFlagProfiling) }
        if row.figures.touchesSpecial { f.append(.cliFlagArt9) }
        return f.map { catalogue.text($0) }.joined(separator: ",")
    }

    /// "2 warnings, 7 infos": the violations counted by severity, most severe first (none when empty).
    static func counts(_ violations: [Violation], _ c: Catalogue) -> [String] {
        Severity.allCases.filter { $0 != .off }.compactMap { sev -> String? in
            let n = violations.filter { $0.severity == sev }.count
            return n == 0 ? nil : c.cliCount(n, sev)
        }
    }

    /// The violations, most severe first, as a summary line and a table. Severities and rule ids are
    /// identifiers and stay as the files spell them; the messages are in `c`'s language.
    static func writeViolations(_ violations: [Violation], _ scenario: Scenario, _ c: Catalogue, to sink: OutputSink) {
        guard !violations.isEmpty else {
            sink.line(c.text(.cliViolationsNone))
            return
        }
        sink.line(c.text(.cliViolations, counts(violations, c).joined(separator: ", ")))
        violationTable(violations, scenario, c).write(to: sink)
    }

    static func violationColumns(_ c: Catalogue) -> [TextTable.Column] {
        [.init("  " + c.text(.cliColSeverity)), .init(c.text(.cliColRule)), .init(c.text(.cliColWhere)), .init(c.text(.cliColWhy))]
    }

    /// Violations most severe first, in the order found within a severity.
    static func ordered(_ violations: [Violation]) -> [Violation] {
        violations.enumerated().sorted {
            $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset
        }.map(\.element)
    }

    /// The cells of one violation's row: the reference `violationTable` keeps to.
    static func violationCells(_ v: Violation, _ scenario: Scenario, _ c: Catalogue) -> [String] {
        let place = v.segment.map { scenario.segments[$0].id }
            ?? v.attribute.map { c.text(.cliWhereAttribute, $0) } ?? c.text(.cliWhereOverall)
        return ["  " + v.severity.rawValue, v.rule.rawValue, SafeText.escape(place), SafeText.escape(v.message(in: c))]
    }

    /// The violations' table as bytes, each message worded once (`MessageMemo`).
    static func violationTable(_ violations: [Violation], _ scenario: Scenario, _ c: Catalogue) -> ByteTable {
        let table = ByteTable(columns: violationColumns(c))
        let messages = MessageMemo(c)
        let overall = SafeText.escape(c.text(.cliWhereOverall))
        for v in ordered(violations) {
            table.cell("  " + v.severity.rawValue)
            table.cell(v.rule.rawValue)
            if let s = v.segment {
                table.cell(safe: scenario.segments[s].id)
            } else if let a = v.attribute {
                table.cell(SafeText.escape(c.text(.cliWhereAttribute, a)))
            } else {
                table.cell(overall)
            }
            table.cell(messages.safeText(v.details))
        }
        return table
    }
}

func safe(_ s: String) -> String { SafeText.escape(s) }

/// Violation messages worded once each: a 100 000-segment report has about as many violations as
/// segments but only a few dozen distinct messages (the same rule, level and figures), and wording
/// one through the catalogue costs a thousand times more than looking it up.
final class MessageMemo {
    let catalogue: Catalogue
    private var json: [ViolationDetails: [UInt8]] = [:]
    private var text: [ViolationDetails: String] = [:]

    init(_ catalogue: Catalogue = .english) {
        self.catalogue = catalogue
    }

    /// The message as a JSON string literal, escaped as `JSONWriter.appendQuoted` does.
    func writeQuoted(_ d: ViolationDetails, to out: ByteWriter) {
        if let bytes = json[d] {
            bytes.withUnsafeBytes { out.write($0) }
            return
        }
        var quoted = ""
        JSONWriter.appendQuoted(d.message(in: catalogue), to: &quoted)
        let bytes = Array(quoted.utf8)
        json[d] = bytes
        bytes.withUnsafeBytes { out.write($0) }
    }

    /// The message for a terminal, made safe by `SafeText.escape`.
    func safeText(_ d: ViolationDetails) -> String {
        if let t = text[d] { return t }
        let t = SafeText.escape(d.message(in: catalogue))
        text[d] = t
        return t
    }
}

enum CSV {
    /// RFC 4180: quote fields with commas, quotes or line breaks; neutralise spreadsheet formulas.
    static func field(_ s: String) -> String {
        // The common case (numbers, ids, band names): printable ASCII with nothing to quote or
        // neutralise, checked on the bytes; a frontier of 137 000 points writes a million fields.
        if let first = s.utf8.first, first != UInt8(ascii: "="), first != UInt8(ascii: "+"), first != UInt8(ascii: "-"),
           first != UInt8(ascii: "@"), s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\"") }) {
            return s
        }
        var v = SafeText.escape(s)
        if let first = v.first, "=+-@".contains(first), Double(v) == nil { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}

extension CSV {
    /// `field(s)` into bytes: a plain field (the common case, checked on its bytes) as it is.
    static func write(_ s: String, to out: ByteWriter) {
        var s = s
        let plain = s.withUTF8 { b -> Bool in
            guard let first = b.first, first != UInt8(ascii: "="), first != UInt8(ascii: "+"), first != UInt8(ascii: "-"),
                  first != UInt8(ascii: "@") else { return false }
            for c in b where c < 0x20 || c >= 0x7F || c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") { return false }
            out.write(UnsafeRawBufferPointer(b))
            return true
        }
        if !plain { out.string(field(s)) }
    }

    /// A number as `field(JSONWriter.format(x))` writes it: a negative one is a number, not a formula.
    @inline(__always)
    static func number(_ x: Double, to out: ByteWriter) {
        out.number(x)
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}


