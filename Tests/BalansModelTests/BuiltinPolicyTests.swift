import Testing
@testable import BalansModel
import BalansText

/// The built-in policies (docs/decisions/0019-legal-sources.md): `builtin:default` spells out the
/// defaults of SPEC §1.9, `builtin:online-platform` makes the DSA's advertising bans errors.
@Suite("Built-in policies")
struct BuiltinPolicyTests {
    @Test("every built-in policy decodes with the file decoder, the default first")
    func decode() throws {
        #expect(BuiltinPolicies.names == ["default", "online-platform"])
        for name in BuiltinPolicies.names {
            let layer = try #require(try BuiltinPolicies.policy(named: name))
            #expect(layer.name?.isEmpty == false, "\(name)")
        }
        #expect(try BuiltinPolicies.policy(named: "nope") == nil)
    }

    @Test("builtin:default is exactly the defaults, and as the last layer it undoes a scenario's code")
    func defaultIsTheDefaults() throws {
        let layer = try #require(try BuiltinPolicies.policy(named: "default"))
        #expect(layer.rules.count == RuleID.allCases.count)
        #expect(Policy.resolved([layer]) == Policy.defaults)
        let scenarioCode = PolicyLayer(name: "Lenient", rules: [
            (.specialCategory, RuleSettings(severity: .off)), (.maxBand, RuleSettings(maxBand: .veryHigh)),
            (.maxIntrusiveness, RuleSettings(maxIntrusiveness: .some(35))), (.dpia, RuleSettings(largeScale: 10)),
        ])
        #expect(Policy.resolved([scenarioCode, layer]) == Policy.defaults)
    }

    @Test("builtin:online-platform turns special-category into an error and keeps minors-profiling one, over any scenario code")
    func onlinePlatform() throws {
        let layer = try #require(try BuiltinPolicies.policy(named: "online-platform"))
        #expect(layer.name == "Online platform code (DSA Art. 26(3), 28(2))")
        #expect(layer.rules.map(\.rule) == [.specialCategory, .minorsProfiling])
        let alone = Policy.resolved([layer])
        #expect(alone.severity(.specialCategory) == .error)
        #expect(Policy.defaults.severity(.specialCategory) == .warning, "the default code only warns")
        #expect(alone.severity(.minorsProfiling) == .error)
        // A scenario that switched both off does not win: --policy is the last layer.
        let relaxed = PolicyLayer(name: "Relaxed", rules: [(.specialCategory, RuleSettings(severity: .off)),
                                                           (.minorsProfiling, RuleSettings(severity: .warning)),
                                                           (.maxBand, RuleSettings(maxBand: .veryHigh))])
        let layered = Policy.resolved([relaxed, layer])
        #expect(layered.severity(.specialCategory) == .error)
        #expect(layered.severity(.minorsProfiling) == .error)
        #expect(layered.maxBand == .veryHigh, "the rest of the code stays as it was")
    }

    @Test("with it, a level that touches Art. 9 data breaks an error rule and is not allowed")
    func breaksAnError() throws {
        let scenario = try #require(BuiltinScenarios.scenario(named: "nordic-retail"))
        let policy = Policy.resolved([try #require(try BuiltinPolicies.policy(named: "online-platform"))])
        let model = ScoringModel(scenario: scenario, policy: policy)
        let s = try #require(model.segmentIndex["young-urban"])
        let row = model.score(segment: s, level: 5, excluded: [])
        let special = try #require(row.violations.first { $0.rule == .specialCategory })
        #expect(special.severity == .error)
        #expect(special.message.contains("DSA Art. 26(3)"))
        let plain = ScoringModel(scenario: scenario, policy: .defaults).score(segment: s, level: 5, excluded: [])
        #expect(plain.violations.first { $0.rule == .specialCategory }?.severity == .warning)
    }

    @Test("Loader takes builtin:NAME for --policy; an unknown name cannot be opened (66)")
    func loader() throws {
        let layer = try Loader.policy("builtin:online-platform")
        #expect(layer == (try BuiltinPolicies.policy(named: "online-platform")))
        #expect(throws: BalansError.self) { try Loader.policy("builtin:nope") }
        do {
            _ = try Loader.policy("builtin:nope")
        } catch {
            #expect(error.kind == .cannotOpen)
            #expect(error.description.contains("default, online-platform"))
        }
    }
}
