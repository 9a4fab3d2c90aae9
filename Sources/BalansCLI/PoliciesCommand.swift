import ArgumentParser
import BalansModel
import BalansText

/// `balans policies`: lists the built-in ethical codes and when each applies, or prints one as a
/// policy file to start from (docs/decisions/0019-legal-sources.md).
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List the built-in policies and when each applies, or print one as JSON.",
        discussion: """
        Without a name, lists the ethical codes compiled into balans and when each applies; use them \
        as --policy builtin:NAME with check and report, and check them with \
        balans validate builtin:NAME. With a NAME, prints that policy as a policy/1 file:

          balans check preset.json --policy builtin:online-platform
          balans policies online-platform > my-code.json

        The list is in English or Swedish (--lang en|sv, else the locale); the JSON is the same in \
        every language.
        """)

    @Argument(help: ArgumentHelp("Print this built-in policy as JSON.", valueName: "NAME"), completion: CompletionKind.builtinPolicyName)
    var name: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        if let name {
            guard let text = BuiltinPolicies.source(named: name) else {
                Output.error("\(safe(SafeText.cut(name))): no such built-in policy (built-in: \(BuiltinPolicies.names.joined(separator: ", ")))")
                throw ExitCode(66)
            }
            Output.print(text)
            return
        }
        Output.print(Self.listing(language.catalogue))
    }

    /// The listing: one row per built-in policy, then when each applies.
    static func listing(_ c: Catalogue) -> String {
        var table = TextTable(columns: [.init(c.text(.cliColName)), .init(c.text(.cliColRules), right: true), .init(c.text(.cliColTitle))])
        var when: [String] = []
        for n in BuiltinPolicies.names {
            guard let p = try? BuiltinPolicies.policy(named: n) else { continue }
            table.add([n == "default" ? c.text(.cliScenarioDefault, n) : n, String(p.rules.count), safe(p.name ?? "")])
            when.append("  " + n + ": " + c.text(n == "default" ? .cliPolicyWhenDefault : .cliPolicyWhenOnlinePlatform))
        }
        return (table.render() + ["", c.text(.cliPoliciesWhen)] + when).joined(separator: "\n")
    }
}
