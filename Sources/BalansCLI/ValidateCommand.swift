import ArgumentParser
import BalansModel
import BalansText

/// `balans validate`: checks scenario, preset and policy files.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario, preset and policy files against the file formats.",
        discussion: """
        The kind of each file is read from its "balans" key; builtin:NAME checks a built-in scenario \
        or policy. A preset is checked together with the \
        scenario it names. Prints one line per good file on stdout and one line per bad file on stderr \
        (file, line:column, JSON path, problem). Exits with the code of the first bad file: 65 bad data, \
        66 cannot open. The lines for good files are in English or Swedish (--lang en|sv, else the \
        locale); the lines for bad files are diagnostics and stay in English.

        Example:
          balans validate Fixtures/scenarios/*.json Fixtures/presets/*.json
        """)

    @Argument(help: ArgumentHelp("Files to check.", valueName: "FILE"), completion: CompletionKind.presetFile)
    var files: [String]

    @Option(help: ArgumentHelp("Check presets against this scenario (a file or builtin:NAME) instead of their own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @OptionGroup var language: LanguageOption

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to validate") }
    }

    func run() throws {
        var firstFailure: Int32? = nil
        for file in files {
            do {
                Output.print(try Self.check(file, scenario: scenario, language.catalogue))
            } catch let e as BalansError {
                Output.error(e.description)
                if firstFailure == nil { firstFailure = e.exitCode }
            }
        }
        if let firstFailure { throw ExitCode(firstFailure) }
    }

    static func check(_ file: String, scenario: String?, _ c: Catalogue = .english) throws -> String {
        // A built-in scenario or policy (builtin:NAME) is checked like a file with its text.
        let root: Node
        switch try Loader.read(file) {
        case .scenario(let s): return scenarioLine(file, s, c)
        case .root(let r): root = r
        }
        switch try FileKind.of(root) {
        case .scenario:
            return scenarioLine(file, try Scenario.decode(root), c)
        case .policy:
            let p = try PolicyLayer.decodeFile(root)
            return c.text(p.rules.count == 1 ? .cliValidatePolicyOne : .cliValidatePolicyMany, safe(file), c.cliQuoted(p.name ?? ""),
                          String(p.rules.count))
        case .preset:
            let p = try Loader.preset(file, scenarioOverride: scenario)
            return c.text(.cliValidatePreset, safe(file), c.cliQuoted(p.preset.name), c.cliQuoted(p.scenario.scenario.name),
                          safe(p.scenario.reference))
        }
    }

    static func scenarioLine(_ file: String, _ s: Scenario, _ c: Catalogue) -> String {
        // A ladder has 2 to 10 levels (SPEC §1.2): only categories and segments can be one.
        let categories = c.text(s.categories.count == 1 ? .cliCategoriesOne : .cliCategoriesMany, String(s.categories.count))
        let segments = c.text(s.segments.count == 1 ? .cliSegmentsOne : .cliSegmentsMany, String(s.segments.count))
        return c.text(.cliValidateScenario, safe(file), c.cliQuoted(s.name), categories, c.text(.cliLevels, String(s.levels.count)), segments)
    }
}
