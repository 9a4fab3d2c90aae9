import ArgumentParser
import BalansModel
import BalansText

/// `balans frontier`: the efficient frontier of (aggregate intrusiveness, value) (SPEC §1.10).
struct FrontierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontier",
        abstract: "The efficient frontier: the most value for each level of intrusiveness.",
        discussion: """
        Lists the settings on the efficient (upper convex) frontier of aggregate intrusiveness and \
        value, from the least intrusive allowed setting to the most valuable one, each reached from \
        the one before by moving one segment up a level. Levels that break an error-severity rule \
        about a single segment are not allowed.

        With a PRESET, its exclusions are in force and its own point is shown with its frontier \
        gap: the value it loses against the frontier at the same intrusiveness, and the \
        intrusiveness it could save at the same value.

        --svg FILE also writes the frontier as a self-contained SVG chart. When some segment has no \
        allowed level at all there is no frontier: the segments are named on stderr and the exit \
        status is 1.

        --format json (frontier/2, docs/files.md) gives the levels of the first point once, as \
        "start", and then each point with its one move (segment, from, to): replay the moves in \
        order for the levels of any point. csv has one row per point with the same move.

        The text output is in English or Swedish (--lang en|sv, else the locale: LC_ALL, \
        LC_MESSAGES, LANG); json, csv and the SVG chart are the same in every language.

        Examples:
          balans frontier Fixtures/presets/nordic-balanced.json
          balans frontier --scenario builtin:savings-bank --format csv
          balans frontier preset.json --svg frontier.svg
        """)

    /// The output formats `frontier` accepts: `--help` and shell completions list these and no others.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv
    }

    @Argument(help: ArgumentHelp("A preset whose exclusions apply and whose point is marked.", valueName: "PRESET"),
              completion: CompletionKind.presetFile)
    var preset: String?

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME; overrides the preset's own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: "The output format.")
    var format: Format = .text

    // -o FILE as every command that writes a file has it; --svg is the name it had first.
    @Option(name: [.customShort("o"), .customLong("output"), .customLong("svg")],
            help: ArgumentHelp("Also write the frontier as an SVG chart to FILE.", valueName: "FILE"),
            completion: .file(extensions: ["svg"]))
    var svg: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        var blocked = false
        try reportingErrors {
            let inputs = try Inputs.load(preset: preset, scenario: scenario)
            var report = FrontierReport(inputs: inputs)
            report.catalogue = language.catalogue
            blocked = !report.frontier.blocked.isEmpty
            if let svg {
                try FileIO.writeAtomically(FrontierSVG.render(report), to: svg)
                Output.wrote(svg)
            }
            let sink = OutputSink()
            switch format {
            case .text: report.writeText(to: sink)
            case .json: report.writeJSON(to: sink)
            case .csv: report.writeCSV(to: sink)
            }
            sink.flush()
            if blocked { Output.error(blockedMessage(report.frontier.blocked, report.scenario)) }
        }
        if blocked { throw ExitCode(1) }
    }
}

/// The stderr line for segments that the ethical code leaves without an allowed level.
func blockedMessage(_ segments: [Int], _ scenario: Scenario) -> String {
    let names = segments.map { "\(safe(scenario.segments[$0].id)) (\(safe(scenario.segments[$0].name)))" }
    let which = segments.count == 1 ? "segment" : "segments"
    return "the ethical code allows no level of \(which) \(names.joined(separator: ", ")): every level breaks an error-severity rule, so no setting is allowed"
}

/// The frontier of a scenario (with a preset's exclusions) and the preset's place against it.
struct FrontierReport {
    let inputs: Inputs
    let frontier: Frontier
    /// The preset's (intrusiveness, value) and its gap, when a preset was given.
    let current: (intrusiveness: Double, value: Double, valueLost: Double, intrusivenessSaved: Double)?
    /// The language of the text output (JSON, CSV and the chart do not depend on it).
    var catalogue: Catalogue = .english
    /// All the scenario's customers, summed once: every point's uplift divides by it, and summing
    /// per point made the text and CSV output quadratic in segments.
    let customers: Double

    init(inputs: Inputs) {
        self.inputs = inputs
        customers = Double(inputs.model.scenario.segments.reduce(0) { $0 + $1.size })
        let frontier = Optimizer.frontier(inputs.model, excluded: inputs.evaluation.setting.excluded)
        self.frontier = frontier
        if inputs.preset != nil {
            let agg = inputs.evaluation.aggregate
            let gap = frontier.gap(intrusiveness: agg.intrusiveness, value: agg.value)
            current = (agg.intrusiveness, agg.value, gap.valueLost, gap.intrusivenessSaved)
        } else {
            current = nil
        }
    }

    var model: ScoringModel { inputs.model }
    var scenario: Scenario { inputs.model.scenario }

    /// Value as a size-weighted uplift, in percentage points (SPEC §1.2, §1.7).
    func uplift(_ value: Double) -> Double { customers > 0 ? value * 100 / customers : 0 }

    /// "2 Segment": a level's number and name.
    func levelName(_ level: Int) -> String { "\(level) \(safe(scenario.levels[level].name))" }

    /// "Young urban adults: 2 Segment -> 3 Behavioural", or "start" for the first point.
    func moveText(_ point: Int) -> String {
        guard point > 0 else { return catalogue.text(.cliFrontierStart) }
        let step = frontier.steps[point - 1]
        return "\(safe(scenario.segments[step.segment].name)): \(levelName(step.from)) -> \(levelName(step.to))"
    }

    var title: String {
        if let p = inputs.preset {
            return catalogue.text(.cliFrontierTitlePreset, safe(scenario.name), catalogue.cliQuoted(p.preset.name))
        }
        return catalogue.text(.cliFrontierTitle, safe(scenario.name))
    }

    // MARK: Text

    func writeText(to sink: OutputSink) {
        let c = catalogue
        sink.line(title)
        sink.line("")
        if !frontier.blocked.isEmpty {
            sink.line(c.text(.cliFrontierBlocked, frontier.blocked.map { safe(scenario.segments[$0].name) }.joined(separator: ", ")))
            return
        }
        let points = frontier.points
        if let first = points.first, let last = points.last {
            sink.line(c.text(points.count == 1 ? .cliFrontierPointsOne : .cliFrontierPointsMany, String(points.count),
                             c.cliFixed(first.intrusiveness, 1), c.cliGrouped(first.value),
                             c.cliFixed(last.intrusiveness, 1), c.cliGrouped(last.value)))
            sink.line("")
        }
        var table = TextTable(columns: [
            .init(c.text(.cliColNumber), right: true), .init(c.text(.cliColIntrusiveness), right: true), .init(c.text(.cliColBand)),
            .init(c.text(.cliColValue), right: true), .init(c.text(.cliColUplift), right: true), .init(c.text(.cliColMove)),
        ])
        func cells(_ i: Int) -> [String] {
            let p = points[i]
            return [String(i), c.cliFixed(p.intrusiveness, 1), Band.of(score: p.intrusiveness).rawValue,
                    c.cliGrouped(p.value), c.cliFixed(uplift(p.value), 2), moveText(i)]
        }
        for i in points.indices { table.measure(cells(i)) }
        sink.line(table.header)
        for i in points.indices { sink.line(table.line(cells(i))) }
        if let current, let p = inputs.preset {
            sink.line("")
            sink.line(c.text(.cliFrontierPreset, c.cliQuoted(p.preset.name), c.cliFixed(current.intrusiveness, 1),
                             Band.of(score: current.intrusiveness).rawValue, c.cliGrouped(current.value)))
            if current.value > frontier.value(atIntrusiveness: current.intrusiveness) + 0.5 {
                sink.line(c.text(.cliFrontierBeyond))
            } else if current.valueLost < 0.5 && current.intrusivenessSaved < 0.05 {
                sink.line(c.text(.cliFrontierOn))
            } else {
                sink.line(c.text(.cliFrontierGap, c.cliGrouped(current.valueLost), c.cliFixed(current.intrusivenessSaved, 1)))
            }
        }
    }

    // MARK: JSON

    /// The version key of the JSON output (decision 0026).
    static let jsonVersion = "frontier/2"

    /// `{"balans", "scenario", "preset", "start", "points", "current", "blocked"}`, numbers unrounded
    /// (docs/files.md, decision 0026): the levels of the first point, then every point with the one
    /// move that reaches it from the point before, so that the output grows with segments plus
    /// points, not with their product. One point a line.
    func writeJSON(to sink: OutputSink) {
        let segments = scenario.segments
        sink.write("{\n")
        sink.write("  \"balans\": \"" + Self.jsonVersion + "\",\n")
        sink.write("  \"scenario\": " + JSONWriter.quote(scenario.name) + ",\n")
        sink.write("  \"preset\": " + (inputs.preset.map { JSONWriter.quote($0.preset.name) } ?? "null") + ",\n")
        if frontier.points.isEmpty {
            sink.write("  \"start\": null,\n")
            sink.write("  \"points\": [],\n")
        } else {
            writeStart(to: sink)
            sink.write("  \"points\": [\n")
            let last = frontier.points.count - 1
            for (i, p) in frontier.points.enumerated() {
                sink.bytes { out in
                    out.write("    {\"intrusiveness\": ")
                    out.number(p.intrusiveness)
                    out.write(", \"value\": ")
                    out.number(p.value)
                    if i == 0 {
                        out.write(", \"move\": null}")
                    } else {
                        let step = frontier.steps[i - 1]
                        out.write(", \"move\": {\"segment\": ")
                        out.quoted(segments[step.segment].id)
                        out.write(", \"from\": ")
                        out.int(step.from)
                        out.write(", \"to\": ")
                        out.int(step.to)
                        out.write("}}")
                    }
                    out.write(i == last ? "\n" : ",\n")
                }
            }
            sink.write("  ],\n")
        }
        let currentJSON: JSONValue = current.map {
            .obj([("intrusiveness", .num($0.intrusiveness)), ("value", .num($0.value)),
                  ("valueLost", .num($0.valueLost)), ("intrusivenessSaved", .num($0.intrusivenessSaved))])
        } ?? .null
        sink.write("  \"current\": " + JSONWriter.fragment(currentJSON, indent: 1, inlineSmallObjects: true) + ",\n")
        let blocked: JSONValue = .arr(frontier.blocked.map { .str(segments[$0].id) })
        sink.write("  \"blocked\": " + JSONWriter.fragment(blocked, indent: 1, inlineSmallObjects: true) + "\n")
        sink.write("}\n")
    }

    /// `"start": {segment id: level}`, the levels of `points[0]` in the scenario's order, one a line.
    private func writeStart(to sink: OutputSink) {
        let segments = scenario.segments
        guard !segments.isEmpty else {
            sink.write("  \"start\": {},\n")
            return
        }
        sink.write("  \"start\": {\n")
        let last = segments.count - 1
        for (s, level) in frontier.start.enumerated() {
            sink.bytes { out in
                out.write("    ")
                out.quoted(segments[s].id)
                out.write(": ")
                out.int(level)
                out.write(s == last ? "\n" : ",\n")
            }
        }
        sink.write("  },\n")
    }

    // MARK: CSV

    /// One row per point; the move's segment and levels are empty for the start.
    func writeCSV(to sink: OutputSink) {
        sink.write("point,intrusiveness,band,value,uplift,segment,from,to\r\n")
        for (i, p) in frontier.points.enumerated() {
            var fields = [String(i), JSONWriter.format(p.intrusiveness), Band.of(score: p.intrusiveness).rawValue,
                          JSONWriter.format(p.value), JSONWriter.format(uplift(p.value))]
            if i > 0 {
                let step = frontier.steps[i - 1]
                fields += [scenario.segments[step.segment].id, String(step.from), String(step.to)]
            } else {
                fields += ["", "", ""]
            }
            sink.write(fields.map(CSV.field).joined(separator: ",") + "\r\n")
        }
    }
}
