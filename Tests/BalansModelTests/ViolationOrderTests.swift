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

/// A large setting is scored in two halves at once (`Parallel.map`); the rows must be exactly the
/// ones one pass gives, in order.
@Suite("Scoring in halves")
struct ParallelScoringTests {
    @Test("25 000 segments at random levels: the same rows as scoring them one by one")
    func sameRows() {
        let levels = (0..<4).map { k in
            Level(name: "L\(k)", uses: k == 0 ? [] : ["a", "b", "c"].prefix(k).map { $0 }, profiling: k >= 2,
                  crossContext: k == 3 ? 1 : 0, uplift: Double(k))
        }
        let categories = [category("a", .simple, .limited), category("b", .behavioural, .significant, .observed),
                          category("c", .sensitive, .maximum, .inferred)]
        var rng = SystemRandomNumberGenerator()
        let n = 25_000
        let segments = (0..<n).map { s in
            segment("s\(s)", size: Int.random(in: 0...10_000, using: &rng),
                    consent: [("a", Double.random(in: 0...1, using: &rng)), ("b", Double.random(in: 0...1, using: &rng)),
                              ("c", Double.random(in: 0...1, using: &rng))])
        }
        let m = model(scenario(categories, levels, segments))
        let setting = Setting(levels: (0..<n).map { _ in Int.random(in: 0..<4, using: &rng) },
                              excluded: (0..<n).map { $0 % 97 == 0 ? [1] : [] })
        let e = Evaluation(model: m, setting: setting)
        let oneByOne = (0..<n).map { m.score(segment: $0, level: setting.levels[$0], excluded: setting.excluded[$0]) }
        #expect(e.rows.count == n)
        #expect(e.rows == oneByOne)
    }

    @Test("Parallel.map below and above its threshold is map")
    func map() {
        for n in [0, 1, 2, 3, 99, 100, 101, 1000] {
            #expect(Parallel.map(n, threshold: 100) { $0 * $0 + 1 } == (0..<n).map { $0 * $0 + 1 })
        }
    }
}
