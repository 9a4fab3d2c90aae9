import ArgumentParser
import BalansModel
import BalansText

/// `balans diff`: what differs between two presets, and what it does to the figures.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two presets: their levels and exclusions, and what the change does to the figures.",
        discussion: """
        Lists the segments whose level or exclusions differ between A and B, and for the aggregate \
        (intrusiveness, band, uplift, value, violations by severity) and each changed segment \
        (score, reach, value) the figure under A, under B and the change.

        Both presets must be for the same scenario (the same built-in, or files with the same \
        contents); otherwise give --scenario FILE to compare both on that one. The exit status is 0 \
        whether or not they differ: a difference is not a failure. The text output is in English \
        or Swedish (--lang en|sv, else the locale); json is the same in every language.

        Examples:
          balans diff Fixtures/presets/nordic-{balanced,aggressive}.json
          balans diff old.json new.json --format json
        """)

    /// The output formats `diff` accepts: `--help` and shell completions list these and no others.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("The preset before.", valueName: "A"), completion: CompletionKind.presetFile)
    var a: String

    @Argument(help: ArgumentHelp("The preset after.", valueName: "B"), completion: CompletionKind.presetFile)
    var b: String

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME to compare both presets on.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: "The output format.")
    var format: Format = .text

    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingErrors {
            let before = try Inputs.load(preset: a, scenario: scenario)
            let after = try Inputs.load(preset: b, scenario: scenario)
            if scenario == nil && before.model.scenario != after.model.scenario {
                throw BalansError(.badData, file: b,
                                  "is for scenario \(SafeText.quoted(after.scenario.reference)), not \(SafeText.quoted(before.scenario.reference)) like \(a); give --scenario FILE to compare both on one scenario")
            }
            let report = DiffReport(a: before, b: after, catalogue: language.catalogue)
            let sink = OutputSink()
            switch format {
            case .text: report.writeText(to: sink)
            case .json: report.writeJSON(to: sink)
            }
            sink.flush()
        }
    }
}

/// The differences between two settings of one scenario.
struct DiffReport {
    let a: Inputs
    let b: Inputs
    /// The language of the text output (the JSON does not depend on it).
    var catalogue: Catalogue = .english

    var scenario: Scenario { b.model.scenario }

    /// Segments whose level or exclusions differ, in file order.
    var changed: [Int] {
        scenario.segments.indices.filter {
            a.evaluation.setting.levels[$0] != b.evaluation.setting.levels[$0]
                || a.evaluation.setting.excluded[$0].sorted() != b.evaluation.setting.excluded[$0].sorted()
        }
    }

    func levelName(_ level: Int) -> String { "\(level) \(safe(scenario.levels[level].name))" }

    func excludedIDs(_ inputs: Inputs, _ s: Int) -> [String] {
        inputs.evaluation.setting.excluded[s].sorted().map { scenario.categories[$0].id }
    }

    static func count(_ e: Evaluation, _ severity: Severity) -> Int {
        e.violations.filter { $0.severity == severity }.count
    }

    static let severities: [Severity] = [.error, .warning, .info]

    // MARK: Text

    func writeText(to sink: OutputSink) {
        let c = catalogue
        sink.line(c.text(.cliDiffTitle, safe(scenario.name)))
        sink.line("  A: \(c.cliQuoted(a.preset?.preset.name ?? "")) (\(safe(a.preset?.path ?? "")))")
        sink.line("  B: \(c.cliQuoted(b.preset?.preset.name ?? "")) (\(safe(b.preset?.path ?? "")))")
        sink.line("")
        let changed = self.changed
        if changed.isEmpty {
            sink.line(c.text(.cliDiffSameSetting))
        } else {
            sink.line(c.text(scenario.segments.count == 1 ? .cliDiffSettingOne : .cliDiffSettingMany,
                             String(changed.count), String(scenario.segments.count)))
            var t = TextTable(columns: [.init("  " + c.text(.cliColSegment)), .init(c.text(.cliColLevelA)), .init(c.text(.cliColLevelB)),
                                        .init(c.text(.cliColExcludedA)), .init(c.text(.cliColExcludedB))])
            let same = c.text(.cliSame)
            for s in changed {
                let ea = excludedIDs(a, s), eb = excludedIDs(b, s)
                let unchanged = ea == eb
                t.add(["  " + safe(scenario.segments[s].name),
                       levelName(a.evaluation.setting.levels[s]), levelName(b.evaluation.setting.levels[s]),
                       unchanged ? (ea.isEmpty ? "" : same) : (ea.isEmpty ? "-" : ea.map(safe).joined(separator: ",")),
                       unchanged ? (eb.isEmpty ? "" : same) : (eb.isEmpty ? "-" : eb.map(safe).joined(separator: ","))])
            }
            for l in t.render() { sink.line(l) }
        }
        sink.line("")
        let ga = a.evaluation.aggregate, gb = b.evaluation.aggregate
        var t = TextTable(columns: [.init(c.text(.cliColFigure)), .init("A", right: true), .init("B", right: true),
                                    .init(c.text(.cliColChange), right: true)])
        t.add([c.text(.cliFigIntrusiveness), c.cliFixed(ga.intrusiveness, 1), c.cliFixed(gb.intrusiveness, 1),
               c.cliSigned(gb.intrusiveness - ga.intrusiveness, 1)])
        t.add([c.text(.cliFigBand), ga.band.rawValue, gb.band.rawValue, ga.band == gb.band ? "" : c.text(gb.band > ga.band ? .cliUp : .cliDown)])
        t.add([c.text(.cliFigUplift), c.cliFixed(ga.uplift, 2), c.cliFixed(gb.uplift, 2), c.cliSigned(gb.uplift - ga.uplift, 2)])
        t.add([c.text(.cliFigValue), c.cliGrouped(ga.value), c.cliGrouped(gb.value), c.cliSignedGrouped(gb.value - ga.value)])
        for sev in Self.severities {
            let na = Self.count(a.evaluation, sev), nb = Self.count(b.evaluation, sev)
            let name: CLIText = sev == .error ? .cliFigErrors : (sev == .warning ? .cliFigWarnings : .cliFigInfos)
            t.add([c.text(name), String(na), String(nb), c.cliSignedCount(nb - na)])
        }
        for l in t.render() { sink.line(l) }
        guard !changed.isEmpty else { return }
        sink.line("")
        sink.line(c.text(.cliDiffChanged))
        var s = TextTable(columns: [.init("  " + c.text(.cliColSegment)), .init(c.text(.cliColScore)), .init(c.text(.cliColReach)),
                                    .init(c.text(.cliColValue))])
        for i in changed {
            let ra = a.evaluation.rows[i], rb = b.evaluation.rows[i]
            s.add(["  " + safe(scenario.segments[i].name),
                   "\(c.cliFixed(ra.score, 1)) -> \(c.cliFixed(rb.score, 1)) (\(c.cliSigned(rb.score - ra.score, 1)))",
                   "\(c.cliPercent(ra.reach)) -> \(c.cliPercent(rb.reach)) (\(c.text(.cliDiffPoints, c.cliSigned((rb.reach - ra.reach) * 100, 1))))",
                   "\(c.cliGrouped(ra.value)) -> \(c.cliGrouped(rb.value)) (\(c.cliSignedGrouped(rb.value - ra.value)))"])
        }
        for l in s.render() { sink.line(l) }
    }

    // MARK: JSON

    static func change(_ x: Double, _ y: Double) -> JSONValue {
        .obj([("a", .num(x)), ("b", .num(y)), ("change", .num(y - x))])
    }

    /// `{"scenario", "a", "b", "aggregate", "violations", "segments"}`, numbers unrounded; `segments`
    /// holds the changed ones only.
    func writeJSON(to sink: OutputSink) {
        func side(_ i: Inputs) -> JSONValue {
            .obj([("preset", .str(i.preset?.preset.name ?? "")), ("path", .str(i.preset?.path ?? ""))])
        }
        let ga = a.evaluation.aggregate, gb = b.evaluation.aggregate
        let violations: [(String, JSONValue)] = Self.severities.map { sev in
            let na = Self.count(a.evaluation, sev), nb = Self.count(b.evaluation, sev)
            return (sev.rawValue, .obj([("a", .int(na)), ("b", .int(nb)), ("change", .int(nb - na))]))
        }
        let segments: [JSONValue] = changed.map { s in
            let ra = a.evaluation.rows[s], rb = b.evaluation.rows[s]
            return .obj([
                ("id", .str(scenario.segments[s].id)),
                ("level", .obj([("a", .int(ra.level)), ("b", .int(rb.level))])),
                ("exclude", .obj([("a", .arr(excludedIDs(a, s).map { .str($0) })), ("b", .arr(excludedIDs(b, s).map { .str($0) }))])),
                ("score", Self.change(ra.score, rb.score)),
                ("reach", Self.change(ra.reach, rb.reach)),
                ("value", Self.change(ra.value, rb.value)),
            ])
        }
        let doc: JSONValue = .obj([
            ("scenario", .str(scenario.name)),
            ("a", side(a)),
            ("b", side(b)),
            ("aggregate", .obj([
                ("intrusiveness", Self.change(ga.intrusiveness, gb.intrusiveness)),
                ("band", .obj([("a", .str(ga.band.rawValue)), ("b", .str(gb.band.rawValue))])),
                ("uplift", Self.change(ga.uplift, gb.uplift)),
                ("value", Self.change(ga.value, gb.value)),
            ])),
            ("violations", .obj(violations)),
            ("segments", .arr(segments)),
        ])
        sink.write(JSONWriter.write(doc, inlineSmallObjects: true))
    }
}
