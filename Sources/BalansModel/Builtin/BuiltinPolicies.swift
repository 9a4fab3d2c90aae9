/// The ethical codes compiled into the binary, usable as `--policy builtin:NAME` and checked by
/// `balans validate builtin:NAME`; `balans policies` lists them and says when each applies
/// (docs/decisions/0019-legal-sources.md). Each is the text of a policy file, parsed with the same
/// strict decoder as any file, so a typo here fails the tests as it would fail a user's file.
public enum BuiltinPolicies {
    /// The built-in policies, the default code first.
    public static let sources: [(name: String, json: String)] = [
        ("default", #"""
{
  "balans": "policy/1",
  "name": "Balans default code",
  "rules": {
    "max-band": {"severity": "error", "maxBand": "high"},
    "max-intrusiveness": {"severity": "error", "maxIntrusiveness": null},
    "minors-profiling": {"severity": "error"},
    "vulnerable-band": {"severity": "error", "vulnerableMaxBand": "medium"},
    "special-category": {"severity": "warning"},
    "no-reach": {"severity": "warning"},
    "uplift-parity": {"severity": "warning", "minParity": 0.8},
    "exposure-parity": {"severity": "info", "minParity": 0.8},
    "dpia": {"severity": "info", "largeScale": 100000}
  }
}
"""#),
        ("online-platform", #"""
{
  "balans": "policy/1",
  "name": "Online platform code (DSA Art. 26(3), 28(2))",
  "rules": {
    "special-category": {"severity": "error"},
    "minors-profiling": {"severity": "error"}
  }
}
"""#),
    ]

    public static var names: [String] { sources.map(\.name) }

    /// The embedded JSON text of a built-in policy.
    public static func source(named name: String) -> String? {
        sources.first(where: { $0.name == name })?.json
    }

    /// The built-in policy `name` decoded, or nil when there is none of that name.
    public static func policy(named name: String) throws(BalansError) -> PolicyLayer? {
        guard let json = source(named: name) else { return nil }
        return try decode(json, name: name)
    }

    /// Decodes an embedded source; throws what a file with that content would.
    public static func decode(_ json: String, name: String) throws(BalansError) -> PolicyLayer {
        try PolicyLayer.decodeFile(root(json, name: name))
    }

    /// The parsed root of an embedded source, named `builtin:NAME` in messages.
    static func root(_ json: String, name: String) throws(BalansError) -> Node {
        let source = SourceText(file: Loader.builtinPrefix + name, bytes: Array(json.utf8))
        return Node(try source.parseJSON())
    }
}
