import ArgumentParser
import BalansModel
import BalansText

/// `balans scenarios`: lists the built-in scenarios, or prints one as a file to start from.
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "List the built-in scenarios, or print one as JSON.",
        discussion: """
        Without a name, lists the scenarios compiled into balans; use them as builtin:NAME wherever a \
        scenario file is expected. With a NAME, prints that scenario as a scenario/1 file, a starting \
        point for your own:

          balans scenarios nordic-retail > my-shop.json

        The list is in English or Swedish (--lang en|sv, else the locale); the JSON is the same in \
        every language.
        """)

    @Argument(help: ArgumentHelp("Print this built-in scenario as JSON.", valueName: "NAME"), completion: CompletionKind.builtinScenarioName)
    var name: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        if let name {
            guard let text = BuiltinScenarios.source(named: name) else {
                Output.error("\(safe(SafeText.cut(name))): no such built-in scenario (built-in: \(BuiltinScenarios.names.joined(separator: ", ")))")
                throw ExitCode(66)
            }
            Output.print(text)
            return
        }
        let c = language.catalogue
        var table = TextTable(columns: [.init(c.text(.cliColName)), .init(c.text(.cliColSegments), right: true),
                                        .init(c.text(.cliColCustomers), right: true), .init(c.text(.cliColCategories), right: true),
                                        .init(c.text(.cliColLevels), right: true), .init(c.text(.cliColTitle))])
        for n in BuiltinScenarios.names {
            guard let s = BuiltinScenarios.scenario(named: n) else { continue }
            let customers = s.segments.reduce(0) { $0 + $1.size }
            table.add([n == "nordic-retail" ? c.text(.cliScenarioDefault, n) : n, String(s.segments.count), c.cliGrouped(Double(customers)),
                       String(s.categories.count), String(s.levels.count), safe(s.name)])
        }
        Output.print(table.render().joined(separator: "\n"))
    }
}
