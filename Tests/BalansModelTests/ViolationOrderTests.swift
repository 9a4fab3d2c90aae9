import Testing
@testable import BalansModel

/// `Evaluation.forEachViolation` gives `score --format json` its violations without gathering them;
/// it must give exactly `violations`, in the same order, whatever the setting.
@Suite("Violations one at a time")
struct ViolationOrderTests {
    @Test("forEachViolation yields exactly violations, in order, on every built-in at random settings")
    func sameAsArray() throws {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for name in BuiltinScenarios.names {
            let s = try #require(BuiltinScenarios.scenario(named: name))
            // A strict policy too, so that the aggregate rules (intrusiveness, parity) fire.
            let strict = policy([(.maxIntrusiveness, RuleSettings(maxIntrusiveness: .some(0.5))),
                             (.upliftParity, RuleSettings(minParity: 0.99)), (.exposureParity, RuleSettings(minParity: 0.99))])
            for policy in [Policy.defaults, strict] {
                let m = ScoringModel(scenario: s, policy: policy)
                for _ in 0..<40 {
                    let setting = Setting(levels: s.segments.map { _ in Int.random(in: 0..<s.levels.count, using: &rng) },
                                          excluded: s.segments.map { _ in [] })
                    let e = Evaluation(model: m, setting: setting)
                    var seen: [Violation] = []
                    e.forEachViolation { seen.append($0) }
                    #expect(seen == e.violations)
                    checked += seen.count
                }
            }
        }
        #expect(checked > 0)
    }
}
