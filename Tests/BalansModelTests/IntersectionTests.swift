import Testing
@testable import BalansModel

/// Intersectional fairness (issue #17, item 4): parities over the combined values of the policy's
/// intersections, small groups shown but not judged; SPEC §1.8's single attributes unchanged.
@Suite("Intersectional fairness")
struct IntersectionTests {
    /// One category, a ladder of two levels (uplift 0 and 10 pp), five segments; at level 1 a
    /// segment's effective uplift is 10 × its consent rate.
    static func evaluation(minGroupSize: Int = 900, intersections: [[String]] = [["age", "region"]]) -> Evaluation {
        let categories = [category("a", .simple, .limited)]
        let levels = [Level(name: "Generic", uses: [], uplift: 0), Level(name: "One", uses: ["a"], uplift: 10)]
        let segments = [
            segment("s1", size: 1000, consent: [("a", 1.0)], groups: [("age", "young"), ("region", "north")]),
            segment("s2", size: 3000, consent: [("a", 0.5)], groups: [("age", "young"), ("region", "south")]),
            segment("s3", size: 2000, consent: [("a", 1.0)], groups: [("region", "north"), ("age", "old")]),
            segment("s4", size: 500, consent: [("a", 1.0)], groups: [("age", "old"), ("region", "south")]),
            segment("s5", size: 800, consent: [("a", 1.0)], groups: [("age", "old")]),  // no region: left out
        ]
        var p = Policy.defaults
        p.intersections = intersections
        p.minGroupSize = minGroupSize
        let m = ScoringModel(scenario: scenario(categories, levels, segments), policy: p)
        return Evaluation(model: m, setting: Setting(levels: [1, 1, 1, 1, 1], excluded: Array(repeating: [], count: 5)))
    }

    @Test("hand-computed: four combined groups, the one of 500 customers shown but not judged")
    func handComputed() throws {
        let e = Self.evaluation()
        let x = try #require(e.intersections.first)
        #expect(e.intersections.count == 1)
        #expect(x.name == "age × region")
        // In order of first appearance; s5 (no region) belongs to none.
        #expect(x.groups.map(\.name) == ["young × north", "young × south", "old × north", "old × south"])
        #expect(x.groups.map(\.size) == [1000, 3000, 2000, 500])
        #expect(x.groups.map(\.judged) == [true, true, true, false])
        #expect(x.groups.map(\.upliftRate) == [10, 5, 10, 10])
        // Over the judged groups: 5 / 10.
        #expect(x.upliftParity == 0.5)
        // The single attributes are SPEC §1.8's, untouched: age young (1000×10 + 3000×5)/4000 = 6.25,
        // old (2000×10 + 500×10 + 800×10)/3300 = 10 → 0.625.
        let age = try #require(e.fairness.first { $0.attribute == "age" })
        #expect(isClose(age.upliftParity, 0.625))
        // Region: north 10, south (3000×5 + 500×10)/3500 = 5.714… → 0.571.
        let region = try #require(e.fairness.first { $0.attribute == "region" })
        #expect(isClose(region.upliftParity, 20_000.0 / 3500 / 10))
        // The parity rule judges the intersection too, after the attributes.
        let parity = e.violations.filter { $0.rule == .upliftParity }
        #expect(parity.map(\.attribute) == ["age", "region", "age × region"])
        #expect(parity.last?.details == .upliftParity(parity: 0.5, attribute: "age × region", lowest: "young × south",
                                                      highest: "young × north", minimum: 0.8))
    }

    @Test("below the minimum size every group is shown and none judged: parity 1, no breach")
    func allTooSmall() throws {
        let x = try #require(Self.evaluation(minGroupSize: 10_000).intersections.first)
        #expect(x.groups.count == 4 && x.groups.allSatisfy { !$0.judged })
        #expect(x.upliftParity == 1 && x.exposureParity == 1)
        #expect(!Self.evaluation(minGroupSize: 10_000).violations.contains { $0.attribute == "age × region" })
    }

    @Test("without intersections nothing changes; an attribute no segment has gives no groups")
    func none() throws {
        #expect(Self.evaluation(intersections: []).intersections.isEmpty)
        let x = try #require(Self.evaluation(intersections: [["age", "income"]]).intersections.first)
        #expect(x.groups.isEmpty && x.upliftParity == 1)
    }

    @Test("a level change updates the combined groups as a fresh evaluation computes them")
    func incremental() {
        var e = Self.evaluation()
        e.setLevel(1, 0)
        e.setExcluded(2, category: 0, true)
        let fresh = Evaluation(model: e.model, setting: e.setting)
        #expect(e.intersections == fresh.intersections)
        #expect(e.intersections.first?.groups[1].upliftRate == 0)
        #expect(e.intersections.first?.upliftParity == 0)
    }
}
