import ArgumentParser
import BalansModel
import BalansTerminal

/// What the shell completions (`--generate-completion-script bash|zsh|fish`) offer for the options
/// that take a file: files of the right kind, and for scenarios and policies also the built-in
/// names as `builtin:NAME`. Values that are an enumeration (`--format`, `--lang`) complete from
/// their cases, so a completion offers only what the option accepts. CompletionTests pin this.
extension CompletionKind {
    /// A preset file (JSON).
    static var presetFile: CompletionKind { .file(extensions: ["json"]) }

    /// A scenario: a JSON file, or builtin:NAME for each built-in scenario.
    static var scenario: CompletionKind {
        .custom { _, _, prefix in Self.files(prefix) + BuiltinScenarios.names.map { "builtin:" + $0 } }
    }

    /// A policy: a JSON file, or builtin:NAME for each built-in policy.
    static var policy: CompletionKind {
        .custom { _, _, prefix in Self.files(prefix) + BuiltinPolicies.names.map { "builtin:" + $0 } }
    }

    /// A built-in scenario's name (`balans scenarios NAME`).
    static var builtinScenarioName: CompletionKind { .list(BuiltinScenarios.names) }

    /// A built-in policy's name (`balans policies NAME`).
    static var builtinPolicyName: CompletionKind { .list(BuiltinPolicies.names) }

    /// The text languages.
    static var language: CompletionKind { .list(["en", "sv"]) }

    /// A custom completion cannot ask the shell for files, so it lists the JSON files and folders
    /// that start with `prefix` itself (folders end in "/" so that completion can go on into them),
    /// as the dashboard's prompt does.
    private static func files(_ prefix: String) -> [String] {
        if prefix.hasPrefix("builtin:") { return [] }
        return PathCompletion.candidates(for: prefix).filter { $0.hasSuffix("/") || $0.hasSuffix(".json") }
    }
}
