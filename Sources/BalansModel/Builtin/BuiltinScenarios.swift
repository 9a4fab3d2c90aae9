/// The scenarios compiled into the binary, so that `balans` works when copied alone. Their JSON is
/// generated from `Fixtures/scenarios/*.json` by `scripts/embed-scenarios.py` (a test checks that
/// the two agree) and parsed with the same strict decoder as any file.
public enum BuiltinScenarios {
    public static var names: [String] { BuiltinScenarioData.sources.map(\.name) }

    /// The decoded scenarios, in the order of `names`. Decoded once, on first use.
    static let decoded: [(name: String, scenario: Scenario)] = BuiltinScenarioData.sources.compactMap { entry in
        guard let s = try? decode(entry.json, name: entry.name) else { return nil }
        return (entry.name, s)
    }

    public static func scenario(named name: String) -> Scenario? {
        decoded.first(where: { $0.name == name })?.scenario
    }

    /// The embedded JSON text of a built-in scenario.
    public static func source(named name: String) -> String? {
        BuiltinScenarioData.sources.first(where: { $0.name == name })?.json
    }

    /// Decodes an embedded source; throws what a file with that content would.
    public static func decode(_ json: String, name: String) throws(BalansError) -> Scenario {
        let source = SourceText(file: "builtin:" + name, bytes: Array(json.utf8))
        return try Scenario.decode(Node(try source.parseJSON()))
    }
}
