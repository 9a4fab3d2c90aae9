import Testing
@testable import BalansModel
import BalansText

// SPEC §1.9: each rule firing and not firing right at its threshold (comparisons are strict).
// Intensities use the notation of ScoringTests: I = DPC × EI + M, declared origin weight 0.

/// The rule ids of the row of segment `s` at `level`.
private func rules(_ m: ScoringModel, segment s: Int = 0, level: Int, excluded: [Int] = []) -> [RuleID] {
    m.score(segment: s, level: level, excluded: excluded).violations.map(\.rule)
}

@Suite("Policy defaults and layering (SPEC §1.9)")
struct PolicyLayeringTests {
    @Test("built-in defaults match the table of SPEC §1.9")
    func defaults() {
        let p = Policy.defaults
        let expected: [RuleID: Severity] = [
            .maxBand: .error, .maxIntrusiveness: .error, .minorsProfiling: .error, .vulnerableBand: .error,
            .specialCategory: .warning, .noReach: .warning, .upliftParity: .warning,
            .exposureParity: .info, .dpia: .info,
        ]
        for rule in RuleID.allCases { #expect(p.severity(rule) == expected[rule], "\(rule)") }
        #expect(p.maxBand == .high)
        #expect(p.maxIntrusiveness == nil)
        #expect(p.vulnerableMaxBand == .medium)
        #expect(p.upliftMinParity == 0.8)
        #expect(p.exposureMinParity == 0.8)
        #expect(p.largeScale == 100_000)
        #expect(RuleID.allCases.map(\.rawValue) == ["max-band", "max-intrusiveness", "minors-profiling",
                                                     "vulnerable-band", "special-category", "no-reach",
                                                     "uplift-parity", "exposure-parity", "dpia"])
        #expect(Policy.resolved([]) == Policy.defaults)
    }

    @Test("layers apply setting by setting: a later severity keeps an earlier threshold and vice versa")
    func settingBySetting() {
        let scenarioLayer = PolicyLayer(name: "Scenario code", rules: [
            (.maxBand, RuleSettings(severity: .warning, maxBand: .medium)),
            (.dpia, RuleSettings(largeScale: 500)),
            (.upliftParity, RuleSettings(minParity: 0.5)),
            (.maxIntrusiveness, RuleSettings(maxIntrusiveness: 40)),
        ])
        let fileLayer = PolicyLayer(rules: [
            (.maxBand, RuleSettings(severity: .info)),
            (.dpia, RuleSettings(severity: .error)),
            (.exposureParity, RuleSettings(minParity: 0.3)),
        ])
        let p = Policy.resolved([scenarioLayer, fileLayer])
        #expect(p.severity(.maxBand) == .info)       // file layer
        #expect(p.maxBand == .medium)                // scenario layer kept
        #expect(p.severity(.dpia) == .error)         // file layer
        #expect(p.largeScale == 500)                 // scenario layer kept
        #expect(p.upliftMinParity == 0.5)            // scenario; exposure parity has its own setting:
        #expect(p.exposureMinParity == 0.3)
        #expect(p.maxIntrusiveness == 40)
        #expect(p.name == "Scenario code")           // the file layer has no name
        #expect(p.vulnerableMaxBand == .medium)      // untouched defaults
        #expect(p.severity(.noReach) == .warning)
        #expect(p.severity(.upliftParity) == .warning)

        // A later threshold keeps the earlier severity.
        let q = Policy.resolved([scenarioLayer, PolicyLayer(name: "File", rules: [(.maxBand, RuleSettings(maxBand: .low))])])
        #expect(q.severity(.maxBand) == .warning)
        #expect(q.maxBand == .low)
        #expect(q.name == "File")

        // An explicit null lifts the earlier limit; an absent key keeps it.
        let lifted = Policy.resolved([scenarioLayer, PolicyLayer(rules: [(.maxIntrusiveness, RuleSettings(maxIntrusiveness: .some(nil)))])])
        #expect(lifted.maxIntrusiveness == nil)
        let kept = Policy.resolved([scenarioLayer, PolicyLayer(rules: [(.maxIntrusiveness, RuleSettings(severity: .warning))])])
        #expect(kept.maxIntrusiveness == 40)
        #expect(kept.severity(.maxIntrusiveness) == .warning)
    }

    @Test("the resolved layers change what the rules report")
    func layeredEffect() {
        // financial 3 × maximum 1 = 3 → high. Default maxBand high: no violation.
        let s = oneCategory(category("c", .financial, .maximum))
        #expect(rules(model(s), level: 1) == [])
        // Scenario: maxBand medium (error by default) → fires as error.
        let scenarioLayer = PolicyLayer(rules: [(.maxBand, RuleSettings(maxBand: .medium))])
        let v1 = model(s, Policy.resolved([scenarioLayer])).score(segment: 0, level: 1).violations
        #expect(v1.map(\.rule) == [.maxBand])
        #expect(v1.map(\.severity) == [.error])
        // File layer lowers only the severity → still fires (threshold kept), as info.
        let fileLayer = PolicyLayer(rules: [(.maxBand, RuleSettings(severity: .info))])
        let v2 = model(s, Policy.resolved([scenarioLayer, fileLayer])).score(segment: 0, level: 1).violations
        #expect(v2.map(\.severity) == [.info])
        // File layer turns it off.
        let off = PolicyLayer(rules: [(.maxBand, RuleSettings(severity: .off))])
        #expect(rules(model(s, Policy.resolved([scenarioLayer, off])), level: 1) == [])
    }
}

@Suite("Per-segment rules at their thresholds (SPEC §1.9)")
struct SegmentRuleTests {
    @Test("max-band: above maxBand fires, equal does not, very-high never fires")
    func maxBand() throws {
        // sensitive 4 × maximum 1 = 4 → very-high > high → error.
        let vh = model(oneCategory(category("c", .sensitive, .maximum)))
        let v = try #require(vh.score(segment: 0, level: 1).violations.first)
        #expect(vh.score(segment: 0, level: 1).violations.count == 1)
        #expect(v.rule == .maxBand && v.severity == .error && v.segment == 0 && v.attribute == nil)
        // I = 4.nextDown (1 × 1 + declared weight 3.nextDown… ) → high = maxBand → nothing.
        let justHigh = model(oneCategory(category("c", .simple, .maximum), weights: weights { $0.declared = 4.0.nextDown - 1 }))
        #expect(justHigh.levelFigures(segment: 0)[1].band == .high)
        #expect(rules(justHigh, level: 1) == [])
        // financial 3 × 1 = 3 → high: with maxBand medium it fires, with the default it does not.
        let high = oneCategory(category("c", .financial, .maximum))
        #expect(rules(model(high), level: 1) == [])
        #expect(rules(model(high, policy([(.maxBand, RuleSettings(maxBand: .medium))])), level: 1) == [.maxBand])
        // I = 2 (sensitive × limited) → medium, maxBand medium → equal → nothing; maxBand low → fires.
        let medium = oneCategory(category("c", .sensitive, .limited))
        #expect(rules(model(medium, policy([(.maxBand, RuleSettings(maxBand: .medium))])), level: 1) == [])
        #expect(rules(model(medium, policy([(.maxBand, RuleSettings(maxBand: .low))])), level: 1) == [.maxBand])
        // maxBand very-high: I = 4 + declared 3 = 7 (score capped at 100) → never above very-high.
        let top = oneCategory(category("c", .sensitive, .maximum), weights: weights { $0.declared = 3 })
        let topModel = model(top, policy([(.maxBand, RuleSettings(maxBand: .veryHigh))]))
        #expect(topModel.levelFigures(segment: 0)[1].intensity == 7)
        #expect(rules(topModel, level: 1) == [])
        // Off disables it.
        #expect(rules(model(oneCategory(category("c", .sensitive, .maximum)), policy([(.maxBand, RuleSettings(severity: .off))])), level: 1) == [])
    }

    /// a, b: simple 1 × limited .5; L0 generic, L1 adds a, L2 adds b with profiling.
    func profilingLadder(_ segments: [Segment]) -> Scenario {
        scenario([category("a", .simple, .limited), category("b", .simple, .limited)],
                 [Level(name: "G"), Level(name: "A", uses: ["a"]), Level(name: "Profile", uses: ["b"], profiling: true)],
                 segments)
    }

    @Test("minors-profiling: minors at an effective-profiling level that touches data")
    func minorsProfiling() throws {
        let consent: [(category: String, rate: Double)] = [("a", 1), ("b", 1)]
        let m = model(profilingLadder([
            segment("kids", size: 10, consent: consent, minors: true),
            segment("adults", size: 10, consent: consent),
            segment("frail", size: 10, consent: consent, vulnerable: true),
        ]))
        // kids at L2: profiling → minors-profiling (error); dpia criteria profiling + minors = 2 → dpia.
        //   I = min(4, 1 + 1) × .5 + vulnerable .5 = 1.5 → low, so no max-band.
        let row = m.score(segment: 0, level: 2)
        #expect(row.violations.map(\.rule) == [.minorsProfiling, .dpia])
        #expect(row.violations[0].severity == .error && row.violations[0].segment == 0)
        // kids at L1: no profiling → nothing (minors alone is one dpia criterion).
        #expect(rules(m, segment: 0, level: 1) == [])
        // kids at L2 with only a excluded: T = {b}, profiling applies → fires.
        #expect(rules(m, segment: 0, level: 2, excluded: [0]) == [.minorsProfiling, .dpia])
        // kids at L2 with both excluded: nothing touched → no profiling, no rule.
        #expect(rules(m, segment: 0, level: 2, excluded: [0, 1]) == [])
        // adults at L2: not minors → nothing (profiling is one dpia criterion).
        #expect(rules(m, segment: 1, level: 2) == [])
        // vulnerable but not minors at L2: no minors-profiling, but dpia (profiling + vulnerable).
        #expect(rules(m, segment: 2, level: 2) == [.dpia])
    }

    @Test("vulnerable-band: every vulnerable segment above vulnerableMaxBand, minors too (SPEC §1.9)")
    func vulnerableBand() {
        // f1 financial 3 × limited .5 = 1.5; f2 financial 3 × maximum 1 = 3. With vulnerable .5:
        //   L1 I = 1.5 + .5 = 2.0 → medium (= default vulnerableMaxBand) → nothing;
        //   L2 I = 3 + .5 = 3.5 → high > medium → vulnerable-band (error).
        let consent: [(category: String, rate: Double)] = [("f1", 1), ("f2", 1)]
        let s = scenario([category("f1", .financial, .limited), category("f2", .financial, .maximum)],
                         [Level(name: "G"), Level(name: "F1", uses: ["f1"]), Level(name: "F2", uses: ["f2"])],
                         [segment("frail", size: 10, consent: consent, vulnerable: true),
                          segment("both", size: 10, consent: consent, minors: true, vulnerable: true),
                          segment("kids", size: 10, consent: consent, minors: true),
                          segment("adults", size: 10, consent: consent)])
        let m = model(s)
        #expect(m.levelFigures(segment: 0).map(\.intensity) == [0, 2.0, 3.5])
        #expect(rules(m, segment: 0, level: 1) == [])
        let v = m.score(segment: 0, level: 2).violations
        #expect(v.map(\.rule) == [.vulnerableBand])
        #expect(v.first?.severity == .error)
        // Minors and vulnerable: protected like any vulnerable segment (the most vulnerable of all):
        // the same I = 3.5 → high > medium → vulnerable-band.
        #expect(rules(m, segment: 1, level: 1) == [])
        #expect(rules(m, segment: 1, level: 2) == [.vulnerableBand])
        // Only minors: minors-profiling is their rule (no profiling here), not vulnerable-band.
        #expect(rules(m, segment: 2, level: 2) == [])
        // adults at L2: I = 3 → high, not vulnerable → nothing.
        #expect(rules(m, segment: 3, level: 2) == [])
        // vulnerableMaxBand high: 3.5 is high → equal → nothing.
        let relaxed = model(s, policy([(.vulnerableBand, RuleSettings(vulnerableMaxBand: .high))]))
        #expect(rules(relaxed, segment: 0, level: 2) == [])
        // vulnerableMaxBand low: L1 (medium) fires.
        let strict = model(s, policy([(.vulnerableBand, RuleSettings(vulnerableMaxBand: .low))]))
        #expect(rules(strict, segment: 0, level: 1) == [.vulnerableBand])
    }

    @Test("special-category: warning by default, error when set, not when excluded or not yet touched")
    func specialCategory() throws {
        // health: sensitive 4 × limited .5 = 2 → medium (no max-band); note: simple 1 × .5.
        let s = scenario([category("note", .simple, .limited), category("health", .sensitive, .limited, special: true)],
                         [Level(name: "G"), Level(name: "Note", uses: ["note"]), Level(name: "Health", uses: ["health"])],
                         [segment("s", size: 10, consent: [("note", 1), ("health", 1)])])
        let m = model(s)
        let v = try #require(m.score(segment: 0, level: 2).violations.first)
        #expect(m.score(segment: 0, level: 2).violations.count == 1)  // special alone is one dpia criterion
        #expect(v.rule == .specialCategory && v.severity == .warning && v.segment == 0)
        #expect(v.message.contains("Health"))
        #expect(rules(m, level: 1) == [])
        #expect(rules(m, level: 2, excluded: [1]) == [])
        let forbidding = model(s, policy([(.specialCategory, RuleSettings(severity: .error))]))
        #expect(forbidding.score(segment: 0, level: 2).violations.map(\.severity) == [.error])
    }

    @Test("no-reach: level > 0 with reach exactly 0")
    func noReach() {
        // L0 uses a, L1 adds b (both simple 1 × limited .5 → I .5, low).
        let s = scenario([category("a", .simple, .limited), category("b", .simple, .limited)],
                         [Level(name: "Contextual", uses: ["a"]), Level(name: "B", uses: ["b"])],
                         [segment("none", size: 10, consent: [("a", 0)]),
                          segment("missing", size: 10, consent: [("a", 1)]),
                          segment("tiny", size: 10, consent: [("a", 1), ("b", 0.001)])])
        let m = model(s)
        // Level 0 with reach 0 never fires.
        #expect(m.levelFigures(segment: 0)[0].reach == 0)
        #expect(rules(m, segment: 0, level: 0) == [])
        // Level 1 with reach 0 (consent a 0) fires as a warning.
        let v = m.score(segment: 0, level: 1).violations
        #expect(v.map(\.rule) == [.noReach])
        #expect(v.first?.severity == .warning)
        // Missing consent for b is 0 → reach 0 → fires.
        #expect(rules(m, segment: 1, level: 1) == [.noReach])
        // Reach .001 > 0 → nothing.
        #expect(rules(m, segment: 2, level: 1) == [])
        // Excluding b: T = {a}, reach 1 → nothing.
        #expect(rules(m, segment: 1, level: 1, excluded: [1]) == [])
        // Excluding everything: nothing touched → reach 1 → nothing.
        #expect(rules(m, segment: 0, level: 1, excluded: [0, 1]) == [])
    }

    struct DPIACase: Sendable, CustomStringConvertible {
        var name: String
        var profiling = false
        var crossContext = 0
        var special = false
        var size = 10
        var minors = false
        var vulnerable = false
        var level = 1
        var largeScale: Int? = nil
        var criteria: [DPIACriterion]
        var description: String { name }
    }

    static let dpiaCases: [DPIACase] = [
        DPIACase(name: "size == largeScale and matching data", crossContext: 1, size: 100_000,
                 criteria: [.largeScale, .matchingData]),
        DPIACase(name: "size just below largeScale", crossContext: 1, size: 99_999, criteria: [.matchingData]),
        DPIACase(name: "minors and vulnerable count once", minors: true, vulnerable: true,
                 criteria: [.vulnerableSubjects]),
        DPIACase(name: "minors/vulnerable and large scale", size: 100_000, minors: true, vulnerable: true,
                 criteria: [.largeScale, .vulnerableSubjects]),
        DPIACase(name: "profiling and special category", profiling: true, special: true,
                 criteria: [.profiling, .specialCategory]),
        DPIACase(name: "all five", profiling: true, crossContext: 2, special: true, size: 200_000, vulnerable: true,
                 criteria: [.profiling, .specialCategory, .largeScale, .matchingData, .vulnerableSubjects]),
        DPIACase(name: "nothing touched (level 0) despite large minors", size: 1_000_000, minors: true,
                 vulnerable: true, level: 0, criteria: []),
        DPIACase(name: "largeScale lowered to 500", crossContext: 1, size: 500, largeScale: 500,
                 criteria: [.largeScale, .matchingData]),
        DPIACase(name: "largeScale lowered to 500, size 499", crossContext: 1, size: 499, largeScale: 500,
                 criteria: [.matchingData]),
    ]

    @Test("dpia: two or more WP248 criteria", arguments: dpiaCases)
    func dpia(_ c: DPIACase) {
        // c: simple 1 × negligible .25 (special → sensitive 4 × .25 = 1), so I stays low/medium
        // and max-band never interferes.
        let cat = category("c", c.special ? .sensitive : .simple, .negligible, special: c.special)
        let seg = segment("s", size: c.size, consent: [("c", 1)], minors: c.minors, vulnerable: c.vulnerable)
        let s = oneCategory(cat, profiling: c.profiling, crossContext: c.crossContext, segments: [seg])
        let p = c.largeScale.map { policy([(.dpia, RuleSettings(largeScale: $0))]) } ?? .defaults
        let row = model(s, p).score(segment: 0, level: c.level)
        #expect(row.band <= .high)
        #expect(row.dpiaCriteria == c.criteria)
        let dpia = row.violations.filter { $0.rule == .dpia }
        #expect(dpia.count == (c.criteria.count >= 2 ? 1 : 0))
        #expect(dpia.allSatisfy { $0.severity == .info && $0.segment == 0 })
        // Turned off, it never fires; the criteria are still listed.
        let off = model(s, Policy.resolved([PolicyLayer(rules: [(.dpia, RuleSettings(severity: .off, largeScale: c.largeScale))])]))
            .score(segment: 0, level: c.level)
        #expect(!off.violations.contains { $0.rule == .dpia })
        #expect(off.dpiaCriteria == c.criteria)
    }
}

@Suite("Aggregate rules and violation order (SPEC §1.9)")
struct AggregateRuleTests {
    /// One segment of size 1 at level 1 of financial 3 × maximum 1: I = 3, score = exposure = 50,
    /// so intrusiveness = 1 × 50 / 1 = 50 exactly.
    func fifty(_ p: Policy) -> Evaluation {
        Evaluation(model: model(oneCategory(category("c", .financial, .maximum)), p),
                   setting: Setting(levels: [1], excluded: [[]]))
    }

    @Test("max-intrusiveness: null is no limit, equal does not fire, above does")
    func maxIntrusiveness() throws {
        #expect(fifty(.defaults).aggregate.intrusiveness == 50)
        #expect(fifty(.defaults).violations.isEmpty)
        #expect(fifty(policy([(.maxIntrusiveness, RuleSettings(maxIntrusiveness: .some(nil)))])).violations.isEmpty)
        #expect(fifty(policy([(.maxIntrusiveness, RuleSettings(maxIntrusiveness: 50))])).violations.isEmpty)
        let v = fifty(policy([(.maxIntrusiveness, RuleSettings(maxIntrusiveness: 50.0.nextDown))])).violations
        let only = try #require(v.first)
        #expect(v.count == 1)
        #expect(only.rule == .maxIntrusiveness && only.severity == .error)
        #expect(only.segment == nil && only.attribute == nil)
        let off = fifty(policy([(.maxIntrusiveness, RuleSettings(severity: .off, maxIntrusiveness: 10))]))
        #expect(off.violations.isEmpty)
        let warn = fifty(policy([(.maxIntrusiveness, RuleSettings(severity: .warning, maxIntrusiveness: 10))]))
        #expect(warn.violations.map(\.severity) == [.warning])
    }

    /// The fairness example of ScoringTests: age parities .4 (uplift and exposure), region .5.
    func parityEvaluation(_ p: Policy) -> Evaluation {
        let s = scenario([category("x", .financial, .maximum)],
                         [Level(name: "G"), Level(name: "X", uses: ["x"], uplift: 10)],
                         [segment("a", size: 100, consent: [("x", 1.0)], groups: [("age", "young")]),
                          segment("b", size: 300, consent: [("x", 0.5)], groups: [("region", "north"), ("age", "young")]),
                          segment("c", size: 200, consent: [("x", 0.25)], groups: [("age", "old"), ("region", "south")]),
                          segment("d", size: 0, consent: [("x", 1.0)], groups: [("tier", "gold")])])
        return Evaluation(model: model(s, p), setting: Setting(levels: [1, 1, 1, 1], excluded: [[], [], [], []]))
    }

    @Test("uplift-parity and exposure-parity: strictly below minParity, per attribute")
    func parity() {
        // Defaults .8: age (.4) and region (.5) break both rules; tier (no groups, parity 1) does not.
        let d = parityEvaluation(.defaults).violations
        #expect(d.map(\.rule) == [.upliftParity, .upliftParity, .exposureParity, .exposureParity])
        #expect(d.map(\.attribute) == ["age", "region", "age", "region"])
        #expect(d.map(\.severity) == [.warning, .warning, .info, .info])
        #expect(d.allSatisfy { $0.segment == nil })
        // minParity .4 for uplift: .4 is not < .4 → none; exposure minParity .5: age .4 < .5 fires,
        // region .5 is not < .5.
        let p = policy([(.upliftParity, RuleSettings(minParity: 0.4)), (.exposureParity, RuleSettings(minParity: 0.5))])
        let v = parityEvaluation(p).violations
        #expect(v.map(\.rule) == [.exposureParity])
        #expect(v.map(\.attribute) == ["age"])
        // Just above .4: fires for age only.
        let q = policy([(.upliftParity, RuleSettings(minParity: 0.4.nextUp)), (.exposureParity, RuleSettings(severity: .off))])
        let w = parityEvaluation(q).violations
        #expect(w.map(\.rule) == [.upliftParity])
        #expect(w.map(\.attribute) == ["age"])
    }

    @Test("violations in rule-table order, then segment order; size-0 segments too")
    func order() {
        // big: sensitive 4 × maximum 1, special; plain: simple 1 × limited .5.
        // L0 generic, L1 adds plain (uplift 1), L2 adds big with profiling (uplift 5).
        let s = scenario(
            [category("plain", .simple, .limited), category("big", .sensitive, .maximum, special: true)],
            [Level(name: "G"), Level(name: "Plain", uses: ["plain"], uplift: 1),
             Level(name: "Big", uses: ["big"], profiling: true, uplift: 5)],
            [segment("s0", size: 10, consent: [("plain", 1), ("big", 1)], groups: [("region", "n"), ("age", "young")]),
             segment("s1", size: 0, consent: [("plain", 1)], minors: true),
             segment("s2", size: 10, consent: [("plain", 1)], groups: [("age", "old"), ("region", "s")])])
        let p = policy([(.maxIntrusiveness, RuleSettings(maxIntrusiveness: 10))])
        let e = Evaluation(model: model(s, p), setting: Setting(levels: [2, 2, 1], excluded: [[], [], []]))
        // s0 at L2: I = min(4, 4 + 1) × 1 = 4 → very-high: max-band; special; dpia (profiling, special).
        //   reach 1 → cascade L2 1 → exposure 66.67, uplift 5.
        // s1 (size 0, minors) at L2: I = 4 + .5 = 4.5 → max-band; minors-profiling; special; no-reach
        //   (big consent missing → 0); dpia (profiling, special, minors).
        // s2 at L1: I = .5 → nothing; exposure 8.33, uplift 1.
        // intrusiveness = (10 × 66.67 + 10 × 8.33) / 20 = 37.5 > 10 → max-intrusiveness.
        // region: n 5 vs s 1 → uplift parity .2; exposure 8.33 / 66.67 = .125 → both parity rules,
        // region before age (first appearance in s0).
        let v = e.violations
        let expected: [(RuleID, Int?, String?)] = [
            (.maxBand, 0, nil), (.maxBand, 1, nil), (.maxIntrusiveness, nil, nil), (.minorsProfiling, 1, nil),
            (.specialCategory, 0, nil), (.specialCategory, 1, nil), (.noReach, 1, nil),
            (.upliftParity, nil, "region"), (.upliftParity, nil, "age"),
            (.exposureParity, nil, "region"), (.exposureParity, nil, "age"),
            (.dpia, 0, nil), (.dpia, 1, nil),
        ]
        #expect(v.count == expected.count)
        for (got, want) in zip(v, expected) {
            #expect(got.rule == want.0 && got.segment == want.1 && got.attribute == want.2, "\(got)")
        }
        #expect(isClose(e.aggregate.intrusiveness, 37.5))
        // Counts of per-segment breaches: errors max-band × 2 + minors-profiling = 3;
        // warnings special × 2 + no-reach = 3; infos dpia × 2 = 2.
        let counts = e.segmentViolationCounts
        #expect(counts.errors == 3 && counts.warnings == 3 && counts.infos == 2)
        // Every per-segment row lists its own breaches in rule order.
        #expect(e.rows[1].violations.map(\.rule) == [.maxBand, .minorsProfiling, .specialCategory, .noReach, .dpia])
    }
}
