import Testing
import PropertyBased
@testable import BalansModel

/// `BatchEvaluation` (what `score` uses) must give exactly what `Evaluation` gives: the same rows,
/// the same bits in every sum, the same violations in the same order.
@Suite("A setting scored once equals an Evaluation")
struct BatchEvaluationTests {
    static func expectSame(_ e: Evaluation, _ b: BatchEvaluation) {
        #expect(b.count == e.rows.count)
        #expect((0..<b.count).map { b.row($0) } == e.rows)
        // Without breaches: the same row but for its (empty) violations.
        #expect((0..<b.count).allSatisfy { s in
            var r = e.rows[s]
            r.violations = []
            return b.row(s, breaches: false) == r
        })
        // Bitwise: the totals are combined in the tree's pairs, not summed in a line.
        #expect(b.aggregate == e.aggregate)
        #expect(b.aggregate.intrusiveness.bitPattern == e.aggregate.intrusiveness.bitPattern)
        #expect(b.fairness == e.fairness)
        #expect(b.intersections == e.intersections)
        #expect(b.aggregateViolations == e.aggregateViolations)
        #expect(b.violations == e.violations)
        var walked: [Violation] = []
        b.forEachViolation { walked.append($0) }
        #expect(walked == e.violations)
        let (x, y) = (b.segmentViolationCounts, e.segmentViolationCounts)
        #expect(x.errors == y.errors && x.warnings == y.warnings && x.infos == y.infos)
    }

    @Test("random scenarios, settings and intersections")
    func randomCasesAgree() async {
        await propertyCheck(count: 300, input: randomCases) { c in
            var p = Policy.defaults
            let n = c.scenario.segments.count
            if n % 2 == 0 { p.intersections = [["age", "region"]] }
            p.minGroupSize = 100 * n
            let m = ScoringModel(scenario: c.scenario, policy: p)
            BatchEvaluationTests.expectSame(Evaluation(model: m, setting: c.setting), BatchEvaluation(model: m, setting: c.setting))
        }
    }

    @Test("a large scenario, scored in two halves, with sums whose order shows in the last bits")
    func largeAgrees() {
        var rng = SplitMix(state: 7)  // OptimizerTests' seeded generator
        let categories = (0..<5).map { DataCategory(id: "c\($0)", name: "C\($0)", tier: Tier.allCases[$0 % 4], identifiability: .significant) }
        let levels = (0..<4).map { Level(name: "L\($0)", uses: $0 == 0 ? [] : ["c\($0)"], profiling: $0 == 3, uplift: Double($0) * 1.7) }
        let ages = ["young", "middle", "old"], regions = ["north", "south", "east"]
        let segments = (0..<25_000).map { s in
            Segment(id: "s\(s)", name: "S\(s)", size: Int(rng.next() % 100_000) + 1,
                    consent: categories.map { ($0.id, Double(rng.next() % 1000) / 999) },
                    minors: s % 97 == 0, groups: [("age", ages[s % 3]), ("region", regions[(s / 3) % 3])])
        }
        var p = Policy.defaults
        p.intersections = [["age", "region"]]
        let m = ScoringModel(scenario: Scenario(name: "large", categories: categories, levels: levels, segments: segments), policy: p)
        let setting = Setting(levels: (0..<25_000).map { _ in Int(rng.next() % 4) }, excluded: (0..<25_000).map { $0 % 11 == 0 ? [1] : [] })
        let e = Evaluation(model: m, setting: setting), b = BatchEvaluation(model: m, setting: setting)
        BatchEvaluationTests.expectSame(e, b)
        // The check above can tell: a plain running sum differs from the tree's in the last bits.
        var line = 0.0
        for r in e.rows { line += Double(segments[r.segment].size) * r.exposure }
        #expect(line.bitPattern != (e.aggregate.intrusiveness * Double(e.aggregate.customers)).bitPattern)
    }

    @Test("SumTree.total(of:) combines exactly as the tree does")
    func totalOfMatchesTree() async {
        let leaves = Generator<[Double], Shrink.None<[Double]>> { rng in
            (0..<Int.random(in: 0...300, using: &rng)).map { _ in Double.random(in: -1e6...1e6, using: &rng) }
        }
        await propertyCheck(count: 200, input: leaves) { xs in
            let values = xs.map { GroupTotals(size: 1, sizeExposure: $0, sizeUplift: $0 / 3) }
            let a = SumTree(values).total, b = SumTree.total(of: values)
            #expect(a.sizeExposure.bitPattern == b.sizeExposure.bitPattern && a.sizeUplift.bitPattern == b.sizeUplift.bitPattern
                    && a.size == b.size)
        }
    }
}
