import Testing
@testable import BalansModel

// The optimiser of SPEC §1.10 against brute force over every level combination of small random
// scenarios, plus the frontier's shape.

/// SplitMix64, so that every run checks the same scenarios.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Every allowed setting of a small scenario with its aggregate intrusiveness and value, computed
/// through `Evaluation` (not through the optimiser's own arithmetic).
func bruteForce(_ model: ScoringModel, excluded: [[Int]]) -> [(levels: [Int], intrusiveness: Double, value: Double)] {
    let n = model.segmentCount
    let allowed: [[Int]] = (0..<n).map { s in
        let figures = model.levelFigures(segment: s, excluded: excluded[s])
        return figures.indices.filter { l in
            !model.row(segment: s, level: l, excluded: excluded[s], figures: figures).violations.contains {
                $0.severity == .error && $0.rule.isPerSegment
            }
        }
    }
    guard allowed.allSatisfy({ !$0.isEmpty }) else { return [] }
    var out: [(levels: [Int], intrusiveness: Double, value: Double)] = []
    var levels = allowed.map { $0[0] }
    var evaluation = Evaluation(model: model, setting: Setting(levels: levels, excluded: excluded))
    func visit(_ i: Int) {
        if i == n {
            let a = evaluation.aggregate
            out.append((levels, a.intrusiveness, a.value))
            return
        }
        for l in allowed[i] {
            levels[i] = l
            evaluation.setLevel(i, l)
            visit(i + 1)
        }
    }
    visit(0)
    return out
}

/// A random policy that makes some levels forbidden.
func randomPolicy(_ rng: inout SplitMix) -> Policy {
    var layer = PolicyLayer()
    if Bool.random(using: &rng) { layer.rules.append((.maxBand, RuleSettings(maxBand: [Band.medium, .high].randomElement(using: &rng)))) }
    if Bool.random(using: &rng) { layer.rules.append((.specialCategory, RuleSettings(severity: .error))) }
    if Bool.random(using: &rng) { layer.rules.append((.noReach, RuleSettings(severity: .error))) }
    if Int.random(in: 0..<4, using: &rng) == 0 { layer.rules.append((.dpia, RuleSettings(severity: .error, largeScale: 500))) }
    return Policy.resolved([layer])
}

@Suite("Optimiser (SPEC §1.10)")
struct OptimizerTests {
    static let cases: [(model: ScoringModel, excluded: [[Int]])] = {
        var rng = SplitMix(state: 2026)
        var out: [(model: ScoringModel, excluded: [[Int]])] = []
        while out.count < 150 {
            let c = RandomCase.make(&rng)
            guard !c.scenario.segments.isEmpty else { continue }
            out.append((ScoringModel(scenario: c.scenario, policy: randomPolicy(&rng)), c.setting.excluded))
        }
        return out
    }()

    @Test("a segment that is minors and vulnerable may not be balanced above vulnerableMaxBand (SPEC §1.9, §1.10)")
    func minorsAndVulnerableAreProtected() throws {
        // f1 financial 3 × limited .5 = 1.5, f2 financial 3 × maximum 1 = 3; with vulnerable .5:
        // L1 I = 2.0 (medium, allowed), L2 I = 3.5 (high > medium: vulnerable-band, not allowed).
        // No level profiles, so minors-profiling never applies: only vulnerable-band can forbid L2.
        let consent: [(category: String, rate: Double)] = [("f1", 1), ("f2", 1)]
        let s = scenario([category("f1", .financial, .limited), category("f2", .financial, .maximum)],
                         [Level(name: "G"), Level(name: "F1", uses: ["f1"], uplift: 1), Level(name: "F2", uses: ["f2"], uplift: 5)],
                         [segment("both", size: 10, consent: consent, minors: true, vulnerable: true),
                          segment("kids", size: 10, consent: consent, minors: true)])
        let m = model(s)
        let options = Optimizer.options(m, excluded: [[], []])
        #expect(options[0].map(\.level) == [0, 1])
        #expect(options[1].map(\.level) == [0, 1, 2])
        let best = try Optimizer.balance(m, excluded: [[], []], budget: 100)
        #expect(best.levels == [1, 2])
    }

    @Test("balance equals brute force at many budgets, and its setting is allowed and within budget")
    func balanceMatchesBruteForce() throws {
        var rng = SplitMix(state: 7)
        var checked = 0
        for (i, c) in Self.cases.enumerated() {
            let all = bruteForce(c.model, excluded: c.excluded)
            let frontier = Optimizer.frontier(c.model, excluded: c.excluded)
            if all.isEmpty {
                #expect(!frontier.blocked.isEmpty, "case \(i): no allowed setting, so some segment is blocked")
                continue
            }
            let minimum = all.map(\.intrusiveness).min()!
            // Frontier points, where the greedy answer is often optimal, and the budgets between
            // them, where a knapsack needs the exact search.
            let xs: [Double] = frontier.points.map { $0.intrusiveness }
            var budgets: [Double] = [minimum, minimum + 0.5, 5, 20, 35, 50, 80, 100] + xs
            for k in xs.indices.dropFirst() {
                let a = xs[k - 1], b = xs[k]
                budgets += [a + (b - a) / 4, (a + b) / 2, a + 3 * (b - a) / 4]
            }
            for setting in all where Int.random(in: 0..<8, using: &rng) == 0 { budgets.append(setting.intrusiveness) }
            for budget in budgets {
                let feasible = all.filter { $0.intrusiveness <= budget + 1e-9 }
                do {
                    let r = try Optimizer.balance(c.model, excluded: c.excluded, budget: budget)
                    let best = feasible.map(\.value).max()!
                    #expect(r.exact, "case \(i): up to 20 segments the answer is proven")
                    #expect(abs(r.value - best) <= 1e-9 * max(1, best), "case \(i) budget \(budget): \(r.value) vs brute force \(best)")
                    // The setting itself, scored afresh, is what the result says, within the budget.
                    let e = Evaluation(model: c.model, setting: Setting(levels: r.levels, excluded: c.excluded))
                    #expect(abs(e.aggregate.intrusiveness - r.intrusiveness) <= 1e-9)
                    #expect(abs(e.aggregate.value - r.value) <= 1e-9 * max(1, r.value))
                    #expect(e.aggregate.intrusiveness <= budget + 1e-9)
                    #expect(!e.rows.contains { $0.violations.contains { $0.severity == .error && $0.rule.isPerSegment } })
                    #expect(r.value <= r.bound + 1e-9, "the LP bound bounds the answer")
                    checked += 1
                } catch {
                    #expect(feasible.isEmpty, "case \(i) budget \(budget): \(error) although \(feasible.count) settings fit")
                    if case .budgetTooLow(let m) = error { #expect(abs(m - minimum) <= 1e-9) }
                }
            }
        }
        #expect(checked > 500)
    }

    @Test("the frontier starts at the least intrusive allowed setting, rises in both axes, is concave and lies above every setting")
    func frontierShape() {
        for (i, c) in Self.cases.enumerated() {
            let all = bruteForce(c.model, excluded: c.excluded)
            let f = Optimizer.frontier(c.model, excluded: c.excluded)
            guard !all.isEmpty, let first = f.points.first else { continue }
            let minimum = all.map(\.intrusiveness).min()!
            #expect(abs(first.intrusiveness - minimum) <= 1e-9, "case \(i)")
            let bestAtMinimum = all.filter { abs($0.intrusiveness - minimum) <= 1e-9 }.map(\.value).max()!
            #expect(abs(first.value - bestAtMinimum) <= 1e-9 * max(1, bestAtMinimum), "case \(i)")
            #expect(abs(f.points.last!.value - all.map(\.value).max()!) <= 1e-9 * max(1, f.points.last!.value), "case \(i): ends at the most value")
            for k in f.points.indices.dropFirst() {
                #expect(f.points[k].intrusiveness >= f.points[k - 1].intrusiveness - 1e-12)
                #expect(f.points[k].value > f.points[k - 1].value - 1e-12)
            }
            for k in f.steps.indices.dropFirst() { #expect(f.steps[k].slope <= f.steps[k - 1].slope + 1e-9) }
            // Each point is a real setting with those figures.
            for k in f.points.indices {
                let e = Evaluation(model: c.model, setting: Setting(levels: f.levels(at: k), excluded: c.excluded))
                #expect(abs(e.aggregate.intrusiveness - f.points[k].intrusiveness) <= 1e-9)
                #expect(abs(e.aggregate.value - f.points[k].value) <= 1e-9 * max(1, e.aggregate.value))
            }
            // No allowed setting lies above the frontier (within its range).
            for s in all where s.intrusiveness >= first.intrusiveness {
                #expect(s.value <= f.value(atIntrusiveness: s.intrusiveness) + 1e-9 * max(1, s.value), "case \(i): \(s.levels) above the frontier")
            }
        }
    }

    @Test("each point differs from the one before in exactly the segment of its step, which moves from the level it had (what frontier json relies on)")
    func stepsChainTheLevels() {
        for (i, c) in Self.cases.enumerated() {
            let f = Optimizer.frontier(c.model, excluded: c.excluded)
            guard !f.points.isEmpty else { continue }
            #expect(f.steps.count == f.points.count - 1, "case \(i)")
            #expect(f.levels(at: 0) == f.start, "case \(i)")
            var levels = f.start
            for (k, step) in f.steps.enumerated() {
                #expect(levels[step.segment] == step.from, "case \(i), step \(k)")
                #expect(step.from != step.to, "case \(i), step \(k)")
                levels[step.segment] = step.to
                #expect(f.levels(at: k + 1) == levels, "case \(i), point \(k + 1)")
                #expect(f.points[k + 1].steps == k + 1)
            }
        }
    }

    @Test("the gap of a setting on the frontier is 0; below it, value lost and intrusiveness saved are positive")
    func gap() throws {
        let scenario = try #require(BuiltinScenarios.scenario(named: "nordic-retail"))
        let model = ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
        let excluded = Array(repeating: [Int](), count: model.segmentCount)
        let f = Optimizer.frontier(model, excluded: excluded)
        let mid = f.points[f.points.count / 2]
        let onIt = f.gap(intrusiveness: mid.intrusiveness, value: mid.value)
        #expect(abs(onIt.valueLost) <= 1e-9 && abs(onIt.intrusivenessSaved) <= 1e-9)
        let below = f.gap(intrusiveness: mid.intrusiveness, value: mid.value * 0.8)
        #expect(below.valueLost > 0 && below.intrusivenessSaved > 0)
    }
}
