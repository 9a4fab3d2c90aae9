import ArgumentParser
import BalansModel

/// `balans check`: the ethical-code audit for CI pipelines.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Audit a preset against the ethical code; exit 1 when a rule of severity error is broken.",
        discussion: """
        The code in force is the built-in defaults, then the scenario's "policy", then --policy FILE, \
        setting by setting. Exit status: 0 when no error-severity rule is broken (with --strict: no \
        warning either), 1 otherwise, 64-74 when the input cannot be used. The text output is in \
        English or Swedish (--lang en|sv, else the locale); json is the same in every language.
        For CI (docs/ci.md): --format junit writes JUnit XML (a test case per rule and segment or \
        attribute; errors fail, warnings fail with --strict, infos pass with a note, rules that are \
        off are skipped); --format sarif writes SARIF 2.1.0 for code scanning; --format github \
        writes GitHub Actions annotations (::error file=...,line=...,col=...::). Each violation \
        points at the segment's entry in the preset's "levels", else at the segment in the \
        scenario file; rules about the whole setting point at the start of the preset. These \
        formats are in English, and the exit status is the same in every format.
        With neither a PRESET nor --scenario, check is a usage error (64), so that an empty variable \
        in a pipeline cannot pass; --scenario alone audits every segment at level 0 (json: "preset": null).

        Examples:
          balans check Fixtures/presets/nordic-aggressive.json
          balans check preset.json --policy strict.json --strict --format json
          balans check preset.json --format sarif > balans.sarif
          balans check preset.json --format junit > balans-junit.xml
        """)

    /// The output formats `check` accepts: `--help` and shell completions list these and no others.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit, sarif, github
    }

    @Argument(help: ArgumentHelp("The preset file to audit (without one, --scenario FILE audits every segment at level 0).",
                                 valueName: "PRESET"),
              completion: CompletionKind.presetFile)
    var preset: String?

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME; overrides the preset's own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: ArgumentHelp("A policy file, or builtin:NAME (see balans policies), layered over the defaults and the scenario's policy.", valueName: "FILE"),
            completion: CompletionKind.policy)
    var policy: String?

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Option(help: "The output format: text or json; junit, sarif or github for CI (docs/ci.md).")
    var format: Format = .text

    @OptionGroup var language: LanguageOption

    func run() throws {
        // An empty variable in a pipeline (`balans check $PRESET`, or quoted: `"$PRESET"`) must not
        // audit the all-generic setting of the demo and pass (SPEC §3). Here and not in validate(),
        // which `--help` runs too.
        if preset?.isEmpty == true || (preset == nil && scenario == nil) {
            Output.error("check needs a PRESET file to audit, or --scenario FILE to audit every segment at level 0")
            throw ExitCode(64)
        }
        var failed = false
        try reportingErrors {
            let inputs = try Inputs.load(preset: preset, scenario: scenario, policy: policy)
            let violations = inputs.evaluation.violations
            let errors = violations.filter { $0.severity == .error }.count
            let warnings = violations.filter { $0.severity == .warning }.count
            failed = errors > 0 || (strict && warnings > 0)
            let scenario = inputs.model.scenario
            switch format {
            case .json:
                Output.print(CheckAudit(inputs: inputs, strict: strict, policyFile: policy).json())
            case .sarif:
                Output.print(CheckAudit(inputs: inputs, strict: strict, policyFile: policy)
                    .sarif(toolVersion: BalansCommand.configuration.version))
            case .junit:
                Output.print(CheckAudit(inputs: inputs, strict: strict, policyFile: policy).junit())
            case .github:
                Output.print(CheckAudit(inputs: inputs, strict: strict, policyFile: policy).github())
            case .text:
                let c = language.catalogue
                let sink = OutputSink()
                sink.line(ScoreReport.title(scenario: inputs.model.scenario, preset: inputs.preset, c))
                sink.line(c.text(.cliCheckCode, safe(inputs.policy.name)))
                sink.line("")
                ScoreReport.writeViolations(violations, scenario, c, to: sink)
                sink.line("")
                if failed {
                    sink.line(errors > 0 ? c.text(.cliCheckFail, c.cliCount(errors, .error))
                                         : c.text(.cliCheckFailStrict, c.cliCount(warnings, .warning)))
                } else {
                    sink.line(c.text(.cliCheckPass))
                }
                sink.flush()
            }
        }
        if failed { throw ExitCode(1) }
    }
}
