import ArgumentParser
import BalansModel
import BalansText

/// `balans balance`: the allowed setting with the most value within an intrusiveness budget (SPEC §1.10).
struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Auto-balance: the most valuable allowed setting within an intrusiveness budget.",
        discussion: """
        Finds the setting with the most value whose aggregate intrusiveness is at most --budget \
        (0-100), among levels that break no error-severity rule about a single segment. The answer \
        is proven optimal for scenarios of up to 20 segments; for larger ones it is within one \
        segment's step of the LP bound, and the output says which and gives the bound.

        With a PRESET, its exclusions are kept and each segment's level is compared with the \
        preset's. -o FILE saves the setting as a preset (atomically). The text output is in English \
        or Swedish (--lang en|sv, else the locale); json and the saved preset are the same in every \
        language.

        Exit status: 0 with a setting; 1 when the budget is below every allowed setting (stderr \
        gives the least intrusiveness possible) or the ethical code allows no level of some \
        segment; 64 when the budget is not a number from 0 to 100.

        Examples:
          balans balance --budget 30 Fixtures/presets/nordic-balanced.json
          balans balance --budget 45 --scenario builtin:savings-bank -o balanced.json
        """)

    /// The output formats `balance` accepts: `--help` and shell completions list these and no others.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: ArgumentHelp("The most aggregate intrusiveness allowed, 0-100.", valueName: "B"))
    var budget: Double

    @Argument(help: ArgumentHelp("A preset whose exclusions are kept and whose levels are compared.", valueName: "PRESET"),
              completion: CompletionKind.presetFile)
    var preset: String?

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME; overrides the preset's own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Save the balanced setting as a preset to FILE.", valueName: "PRESET_OUT"),
            completion: CompletionKind.presetFile)
    var output: String?

    @Option(help: "The output format.")
    var format: Format = .text

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard budget.isFinite, budget >= 0, budget <= 100 else {
            throw ValidationError("--budget must be a number from 0 to 100")
        }
    }

    func run() throws {
        var failed = false
        try reportingErrors {
            let inputs = try Inputs.load(preset: preset, scenario: scenario)
            let model = inputs.model
            let excluded = inputs.evaluation.setting.excluded
            let result: BalanceResult
            do throws(BalanceError) {
                result = try Optimizer.balance(model, excluded: excluded, budget: budget)
            } catch .budgetTooLow(let minimum) {
                Output.error("budget \(FrontierSVG.n(budget)) is below every allowed setting: the least intrusiveness possible is \(formatFixed((minimum * 100).rounded(.up) / 100, 2))")
                failed = true
                return
            } catch .blocked(let segments) {
                Output.error(blockedMessage(segments, model.scenario))
                failed = true
                return
            }
            let setting = Setting(levels: result.levels, excluded: excluded)
            let balanced = Evaluation(model: model, setting: setting)
            let report = BalanceReport(inputs: inputs, budget: budget, result: result, evaluation: balanced,
                                       catalogue: language.catalogue)
            if let output {
                let reference = Loader.reference(to: inputs.scenario.reference, fromPresetAt: output)
                let saved = Preset.from(setting: setting, model: model, name: report.presetName,
                                        scenario: reference, notes: report.notes)
                try FileIO.writeAtomically(JSONWriter.write(saved.json), to: output)
                Output.wrote(output)
            }
            let sink = OutputSink()
            switch format {
            case .text: report.writeText(to: sink)
            case .json: report.writeJSON(to: sink)
            }
            sink.flush()
        }
        if failed { throw ExitCode(1) }
    }
}

/// A balanced setting, against the preset it started from.
struct BalanceReport {
    let inputs: Inputs
    let budget: Double
    let result: BalanceResult
    let evaluation: Evaluation
    /// The language of the text output (the JSON and the saved preset's name and notes do not depend on it).
    var catalogue: Catalogue = .english

    var scenario: Scenario { inputs.model.scenario }
    var was: [Int]? { inputs.preset.map { _ in inputs.evaluation.setting.levels } }

    /// "Balanced to 35" (the budget with at most two decimals).
    var presetName: String { "Balanced to " + FrontierSVG.n(budget) }

    var notes: String {
        var t = "balans balance --budget \(FrontierSVG.n(budget))"
        if let p = inputs.preset { t += " from preset \"\(p.preset.name)\"" }
        t += result.exact ? "; proven optimal." : "; within one step of the LP bound \(formatFixed(result.bound, 1))."
        return t
    }

    func levelName(_ level: Int) -> String { "\(level) \(safe(scenario.levels[level].name))" }

    /// Violations of the balanced setting by severity. Only rules about single segments restrict the
    /// search, so aggregate rules (`max-intrusiveness`, parity) may still be broken, and lesser
    /// severities always may.
    var violationCounts: [(severity: Severity, count: Int)] {
        let all = evaluation.violations
        return [Severity.error, .warning, .info].map { sev in (sev, all.filter { $0.severity == sev }.count) }
    }

    func writeText(to sink: OutputSink) {
        let c = catalogue
        let agg = evaluation.aggregate
        if let p = inputs.preset {
            sink.line(c.text(.cliBalanceFromPreset, safe(scenario.name), c.cliShort(budget), c.cliQuoted(p.preset.name)))
        } else {
            sink.line(c.text(.cliBalanceTitle, safe(scenario.name), c.cliShort(budget)))
        }
        sink.line("")
        sink.line(c.cliHeadline(agg))
        sink.line(c.text(result.exact ? .cliBalanceProven : .cliBalanceWithin, c.cliGrouped(result.bound)))
        let counts = violationCounts.filter { $0.count > 0 }.map { c.cliCount($0.count, $0.severity) }
        sink.line(counts.isEmpty ? c.text(.cliViolationsNoneAndList) : c.text(.cliViolationsAndList, counts.joined(separator: ", ")))
        sink.line("")
        var columns: [TextTable.Column] = [.init(c.text(.cliColSegment)), .init(c.text(.cliColLevel))]
        if was != nil { columns += [.init(c.text(.cliColPreset)), .init(c.text(.cliColChange))] }
        columns += [.init(c.text(.cliColScore), right: true), .init(c.text(.cliColBand)), .init(c.text(.cliColValue), right: true)]
        var table = TextTable(columns: columns)
        func cells(_ s: Int) -> [String] {
            let row = evaluation.rows[s]
            var cells = [safe(scenario.segments[s].name), levelName(row.level)]
            if let was {
                cells += [levelName(was[s]), was[s] == row.level ? "" : c.text(row.level > was[s] ? .cliUp : .cliDown)]
            }
            cells += [c.cliFixed(row.score, 1), row.band.rawValue, c.cliGrouped(row.value)]
            return cells
        }
        if scenario.segments.isEmpty {
            sink.line(c.text(.cliNoSegments))
        } else {
            for s in scenario.segments.indices { table.measure(cells(s)) }
            sink.line(table.header)
            for s in scenario.segments.indices { sink.line(table.line(cells(s))) }
        }
        if let was {
            let changed = scenario.segments.indices.filter { was[$0] != evaluation.rows[$0].level }.count
            sink.line("")
            sink.line(c.text(scenario.segments.count == 1 ? .cliBalanceChangedOne : .cliBalanceChangedMany,
                             String(changed), String(scenario.segments.count)))
        }
    }

    /// `{"scenario", "preset", "budget", "exact", "bound", "aggregate", "violations", "segments"}`, numbers
    /// unrounded; `violations` counts by severity.
    func writeJSON(to sink: OutputSink) {
        let agg = evaluation.aggregate
        let segments: [JSONValue] = scenario.segments.indices.map { s in
            let row = evaluation.rows[s]
            var m: [(String, JSONValue)] = [
                ("id", .str(scenario.segments[s].id)),
                ("level", .int(row.level)),
                ("levelName", .str(scenario.levels[row.level].name)),
            ]
            if let was {
                m.append(("was", .int(was[s])))
                m.append(("changed", .bool(was[s] != row.level)))
            }
            m += [("score", .num(row.score)), ("band", .str(row.band.rawValue)), ("value", .num(row.value))]
            return .obj(m)
        }
        let doc: JSONValue = .obj([
            ("scenario", .str(scenario.name)),
            ("preset", inputs.preset.map { .str($0.preset.name) } ?? .null),
            ("budget", .num(budget)),
            ("exact", .bool(result.exact)),
            ("bound", .num(result.bound)),
            ("aggregate", .obj([
                ("intrusiveness", .num(agg.intrusiveness)),
                ("band", .str(agg.band.rawValue)),
                ("uplift", .num(agg.uplift)),
                ("value", .num(agg.value)),
            ])),
            ("violations", .obj(violationCounts.map { ($0.severity.rawValue, .int($0.count)) })),
            ("segments", .arr(segments)),
        ])
        sink.write(JSONWriter.write(doc, inlineSmallObjects: true))
    }
}
