import ArgumentParser
import BalansModel

/// `balans score`: evaluates a preset (or a scenario at level 0) without a terminal.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a preset: intrusiveness, reach, uplift, value, fairness and violations.",
        discussion: """
        With a PRESET, scores its setting on the preset's scenario (or --scenario). Without one, scores \
        the scenario (the built-in demo by default) with every segment at level 0.

        --format json prints the document of docs/cli.md with unrounded numbers; csv prints one row per \
        segment; text prints a table for people, in English or Swedish (--lang en|sv, else the \
        locale: LC_ALL, LC_MESSAGES, LANG); json and csv are the same in every language.

        Examples:
          balans score Fixtures/presets/nordic-balanced.json
          balans score --scenario builtin:savings-bank --format json
        """)

    /// The output formats `score` accepts: `--help` and shell completions list these and no others.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv
    }

    @Argument(help: ArgumentHelp("The preset file to score.", valueName: "PRESET"),
              completion: CompletionKind.presetFile)
    var preset: String?

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME; overrides the preset's own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: "The output format.")
    var format: Format = .text

    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingErrors {
            // Scored once, without the per-segment rows and trees a session keeps (BatchEvaluation).
            let inputs = try InputFiles.load(preset: preset, scenario: scenario)
            let report = ScoreReport(files: inputs, catalogue: language.catalogue)
            let sink = OutputSink()
            switch format {
            case .text: report.writeText(to: sink)
            case .json: report.writeJSON(to: sink)
            case .csv: report.writeCSV(to: sink)
            }
            sink.flush()
            ExitTime.keep(report)
        }
    }
}

/// What a command is done with only as the process ends: its memory goes back with the process
/// instead of being freed object by object (tearing down a 100 000-segment model and its scores
/// costs about a twentieth of `score`'s instructions, for nothing).
enum ExitTime {
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps `value` alive until exit. For the last step of a command on its main thread.
    static func keep(_ value: Any) {
        kept.append(value)
    }
}
