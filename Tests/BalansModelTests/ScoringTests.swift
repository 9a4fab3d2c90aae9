import Testing
@testable import BalansModel

// Hand-computed checks of SPEC §1.4–§1.8. Notation as in the SPEC:
//   I = DPC × EI + M,  score = 100 × min(I, 6) / 6,  band: low < 2 ≤ medium < 3 ≤ high < 4 ≤ very-high.
// Tiers: simple 1, behavioural 2, financial 3, sensitive 4. EI: negligible .25, limited .5,
// significant .75, maximum 1. Default weights: origin declared 0 / observed .25 / inferred .5,
// specialFeature .25, crossContext .25 per feature, obtrusive .25, vulnerable .5, profilingBoost 1.

/// The three-level example used for the cascade, exposure and aggregate tests.
///   categories: email (simple 1, limited .5, declared 0), browsing (behavioural 2, significant .75,
///               observed .25), income (financial 3, maximum 1, inferred .5)
///   L0 "Contextual" uses [email], uplift 1
///   L1 "Behavioural" uses [browsing], uplift 3
///   L2 "Predictive" uses [income], crossContext 1, uplift 6
///   s0 "even"     size 200, consent email .9, browsing .6, income .6
///   s1 "steep"    size 100, consent email .9, browsing .6, income .4
///   s2 "override" size  50, consent as s0, uplift override [2, 4, 10]
func ladder3() -> Scenario {
    let consentEven: [(category: String, rate: Double)] = [("email", 0.9), ("browsing", 0.6), ("income", 0.6)]
    return scenario(
        [category("email", .simple, .limited, .declared),
         category("browsing", .behavioural, .significant, .observed),
         category("income", .financial, .maximum, .inferred)],
        [Level(name: "Contextual", uses: ["email"], uplift: 1),
         Level(name: "Behavioural", uses: ["browsing"], uplift: 3),
         Level(name: "Predictive", uses: ["income"], crossContext: 1, uplift: 6)],
        [segment("even", size: 200, consent: consentEven),
         segment("steep", size: 100, consent: [("email", 0.9), ("browsing", 0.6), ("income", 0.4)]),
         segment("override", size: 50, consent: consentEven, uplift: [2, 4, 10])])
}

@Suite("Score of one segment at one level (SPEC §1.5)")
struct ScoreFormulaTests {
    /// Band and score exactly at and just below the cut points I = 2, 3, 4.
    struct BandCase: Sendable, CustomStringConvertible {
        var tier: Tier
        var ei: Identifiability
        /// Weight of the (declared) origin; 0 is the default.
        var declaredWeight: Double
        var intensity: Double
        var band: Band
        var description: String { "I = \(intensity) → \(band)" }
    }

    static let bandCases: [BandCase] = [
        // sensitive 4 × limited .5 + declared 0 = 2.0 exactly → medium (2 ≤ medium).
        BandCase(tier: .sensitive, ei: .limited, declaredWeight: 0, intensity: 2.0, band: .medium),
        // financial 3 × maximum 1 + 0 = 3.0 → high.
        BandCase(tier: .financial, ei: .maximum, declaredWeight: 0, intensity: 3.0, band: .high),
        // sensitive 4 × significant .75 + 0 = 3.0 → high.
        BandCase(tier: .sensitive, ei: .significant, declaredWeight: 0, intensity: 3.0, band: .high),
        // sensitive 4 × maximum 1 + 0 = 4.0 → very-high.
        BandCase(tier: .sensitive, ei: .maximum, declaredWeight: 0, intensity: 4.0, band: .veryHigh),
        // simple 1 × maximum 1 + declared weight 1 = 2.0 → medium (weights override hits the edge too).
        BandCase(tier: .simple, ei: .maximum, declaredWeight: 1, intensity: 2.0, band: .medium),
        // Just below each edge: 1 × 1 + (edge.nextDown − 1); the sum is exact (see the #require below).
        BandCase(tier: .simple, ei: .maximum, declaredWeight: 2.0.nextDown - 1, intensity: 2.0.nextDown, band: .low),
        BandCase(tier: .simple, ei: .maximum, declaredWeight: 3.0.nextDown - 1, intensity: 3.0.nextDown, band: .medium),
        BandCase(tier: .simple, ei: .maximum, declaredWeight: 4.0.nextDown - 1, intensity: 4.0.nextDown, band: .high),
        // behavioural 2 × negligible .25 + 0 = 0.5 → low.
        BandCase(tier: .behavioural, ei: .negligible, declaredWeight: 0, intensity: 0.5, band: .low),
    ]

    @Test("band edges at I = 2, 3, 4 and just below", arguments: bandCases)
    func bandEdges(_ c: BandCase) throws {
        let w = weights { $0.declared = c.declaredWeight }
        let m = model(oneCategory(category("c", c.tier, c.ei, .declared), weights: w))
        let f = m.levelFigures(segment: 0)[1]
        #expect(f.intensity == c.intensity)
        #expect(f.band == c.band)
        // score = 100 × I / 6 (I < 6 here).
        #expect(isClose(f.score, 100 * c.intensity / 6, 1e-12))
        #expect(Band.of(intensity: c.intensity) == c.band)
    }

    @Test("nextDown edges are exact sums, so the band cases really sit just below the edge")
    func edgeSumsAreExact() {
        for edge in [2.0, 3.0, 4.0] {
            #expect(1.0 + (edge.nextDown - 1) == edge.nextDown)
            #expect(edge.nextDown < edge)
        }
    }

    @Test("score is capped at I = 6")
    func scoreCap() {
        // sensitive 4 × maximum 1 + inferred .5 + specialFeature .25 + crossContext 2 × .25
        //   + obtrusive .25 + vulnerable .5 = 4 + 2 = 6.0 → score 100 × 6 / 6 = 100, very-high.
        let c = category("c", .sensitive, .maximum, .inferred, specialFeature: true)
        let seg = segment("s", size: 1, consent: [("c", 1)], vulnerable: true)
        let at6 = model(oneCategory(c, crossContext: 2, obtrusive: true, segments: [seg])).levelFigures(segment: 0)[1]
        #expect(at6.intensity == 6.0)
        #expect(at6.score == 100)
        #expect(at6.band == .veryHigh)

        // Same with inferred weight 1: I = 4 + 1 + .25 + .5 + .25 + .5 = 6.5 > 6 → score min(6.5, 6) → 100.
        let w = weights { $0.inferred = 1 }
        let above = model(oneCategory(c, crossContext: 2, obtrusive: true, segments: [seg], weights: w))
            .levelFigures(segment: 0)[1]
        #expect(above.intensity == 6.5)
        #expect(above.score == 100)

        // Declared origin (0): I = 4 + 0 + .25 + .5 + .25 + .5 = 5.5 → score 100 × 5.5 / 6 = 91.666…
        let below = model(oneCategory(category("c", .sensitive, .maximum, .declared, specialFeature: true),
                                      crossContext: 2, obtrusive: true, segments: [seg]))
            .levelFigures(segment: 0)[1]
        #expect(below.intensity == 5.5)
        #expect(isClose(below.score, 91.666_666_666_666_67, 1e-9))
    }

    struct BoostCase: Sendable, CustomStringConvertible {
        var tier: Tier
        var boost: Double
        var dpc: Double
        var description: String { "\(tier) + boost \(boost) → DPC \(dpc)" }
    }

    // With EI maximum (1) and a declared origin (0): I = DPC.
    static let boostCases: [BoostCase] = [
        BoostCase(tier: .simple, boost: 1, dpc: 2),       // min(4, 1 + 1) = 2
        BoostCase(tier: .behavioural, boost: 1, dpc: 3),  // min(4, 2 + 1) = 3
        BoostCase(tier: .financial, boost: 1, dpc: 4),    // min(4, 3 + 1) = 4
        BoostCase(tier: .sensitive, boost: 1, dpc: 4),    // min(4, 4 + 1) = 4, not 5
        BoostCase(tier: .simple, boost: 2.5, dpc: 3.5),   // min(4, 1 + 2.5) = 3.5
        BoostCase(tier: .behavioural, boost: 2.5, dpc: 4),// min(4, 2 + 2.5) = 4
        BoostCase(tier: .financial, boost: 0, dpc: 3),    // boost weight 0: no change
    ]

    @Test("profilingBoost is added to DPC and capped at 4", arguments: boostCases)
    func profilingBoost(_ c: BoostCase) throws {
        let w = weights { $0.profilingBoost = c.boost }
        let f = model(oneCategory(category("c", c.tier, .maximum), profiling: true, weights: w))
            .levelFigures(segment: 0)[1]
        let b = try #require(f.breakdown)
        #expect(b.tierBase == c.tier.base)
        #expect(b.dpc == c.dpc)
        #expect(b.profiling)
        #expect(f.intensity == c.dpc)
        #expect(f.profiling)
    }

    @Test("no profiling: DPC is the tier base")
    func noBoostWithoutProfiling() throws {
        // financial 3 × maximum 1, declared 0, no profiling → I = 3.
        let f = model(oneCategory(category("c", .financial, .maximum))).levelFigures(segment: 0)[1]
        #expect(try #require(f.breakdown).dpc == 3)
        #expect(f.intensity == 3)
        #expect(!f.profiling)
    }

    @Test("DPC and EI are maxima over the touched set, possibly from different categories")
    func dpcAndEIMaxima() throws {
        // a: financial 3, negligible .25; b: simple 1, maximum 1 → DPC 3, EI 1 → I = 3 + 0 = 3.
        let s = scenario([category("a", .financial, .negligible), category("b", .simple, .maximum)],
                         [Level(name: "G"), Level(name: "Both", uses: ["a", "b"])],
                         [segment("s", size: 1, consent: [("a", 1), ("b", 1)])])
        let f = model(s).levelFigures(segment: 0)[1]
        let b = try #require(f.breakdown)
        #expect(b.tierBase == 3)
        #expect(b.ei == 1)
        #expect(f.intensity == 3)
    }

    @Test("origin term is the largest origin weight among the touched categories")
    func originMax() throws {
        let cats = [category("d", .simple, .negligible, .declared),
                    category("o", .simple, .negligible, .observed),
                    category("i", .simple, .negligible, .inferred)]
        let levels = [Level(name: "G"), Level(name: "D", uses: ["d"]), Level(name: "O", uses: ["o"]),
                      Level(name: "I", uses: ["i"])]
        let seg = segment("s", size: 1, consent: [("d", 1), ("o", 1), ("i", 1)])
        // Defaults: T1 = {d} → 0; T2 = {d, o} → max(0, .25) = .25; T3 = {d, o, i} → .5.
        // I = 1 × .25 + origin.
        let f = model(scenario(cats, levels, [seg])).levelFigures(segment: 0)
        #expect(f.map { $0.breakdown?.originTerm } == [nil, 0, 0.25, 0.5])
        #expect(f[3].intensity == 0.25 + 0.5)

        // Overrides declared .9, observed .1, inferred .3: the max of the weights, not of the origin
        // order → T1 .9, T2 max(.9, .1) = .9, T3 max(.9, .1, .3) = .9.
        let w = weights { $0.declared = 0.9; $0.observed = 0.1; $0.inferred = 0.3 }
        let g = model(scenario(cats, levels, [seg], weights: w)).levelFigures(segment: 0)
        #expect(g.map { $0.breakdown?.originTerm } == [nil, 0.9, 0.9, 0.9])
        // Excluding d leaves {o, i} at level 3 → max(.1, .3) = .3.
        let h = model(scenario(cats, levels, [seg], weights: w)).levelFigures(segment: 0, excluded: [0])
        #expect(h[3].breakdown?.originTerm == 0.3)
        #expect(h[1].breakdown == nil)
    }

    @Test("specialFeature adds its weight when any touched category is a special feature")
    func specialFeature() throws {
        // simple 1 × maximum 1 + declared 0 + specialFeature .25 = 1.25.
        let c = category("geo", .simple, .maximum, specialFeature: true)
        let f = model(oneCategory(c)).levelFigures(segment: 0)[1]
        #expect(f.breakdown?.specialFeatureTerm == 0.25)
        #expect(f.intensity == 1.25)
        // Override .7: 1 + .7 = 1.7.
        let g = model(oneCategory(c, weights: weights { $0.specialFeature = 0.7 })).levelFigures(segment: 0)[1]
        #expect(isClose(g.intensity, 1.7, 1e-15))
        // Not a special feature: 1 + 0 = 1.
        let h = model(oneCategory(category("geo", .simple, .maximum))).levelFigures(segment: 0)[1]
        #expect(h.breakdown?.specialFeatureTerm == 0)
        #expect(h.intensity == 1)
    }

    @Test("crossContext × weight, inherited as the maximum up the ladder")
    func crossContext() throws {
        let cats = [category("a", .simple, .maximum), category("b", .simple, .maximum)]
        let levels = [Level(name: "G"), Level(name: "Link2", uses: ["a"], crossContext: 2),
                      Level(name: "Link1", uses: ["b"], crossContext: 1)]
        let seg = segment("s", size: 1, consent: [("a", 1), ("b", 1)])
        // Defaults: level 1: cc 2 → 2 × .25 = .5, I = 1 + .5 = 1.5; level 2: effective cc max(2, 1) = 2 → 1.5.
        let f = model(scenario(cats, levels, [seg])).levelFigures(segment: 0)
        #expect(f[1].crossContext == 2)
        #expect(f[2].crossContext == 2)
        #expect(f[1].breakdown?.crossContextTerm == 0.5)
        #expect(f[2].intensity == 1.5)
        // Weight .4: 2 × .4 = .8 → I = 1.8.
        let g = model(scenario(cats, levels, [seg], weights: weights { $0.crossContext = 0.4 })).levelFigures(segment: 0)
        #expect(isClose(g[2].intensity, 1.8, 1e-15))
        #expect(g[2].breakdown?.crossContextTerm == 0.8)
    }

    @Test("obtrusive is inherited upwards")
    func obtrusive() throws {
        let cats = [category("a", .simple, .maximum), category("b", .simple, .maximum)]
        let levels = [Level(name: "G"), Level(name: "Plain", uses: ["a"]),
                      Level(name: "Trigger", uses: ["b"], obtrusive: true), Level(name: "Calm")]
        let seg = segment("s", size: 1, consent: [("a", 1), ("b", 1)])
        // I = 1 + obtrusive .25 from level 2 on (level 3 sets nothing but inherits).
        let f = model(scenario(cats, levels, [seg])).levelFigures(segment: 0)
        #expect(f.map(\.obtrusive) == [false, false, true, true])
        #expect(f.map(\.intensity) == [0, 1, 1.25, 1.25])
    }

    @Test("vulnerable weight counts once for minors, vulnerable or both")
    func vulnerableOnce() {
        let c = category("c", .simple, .maximum)
        func intensity(minors: Bool, vulnerable: Bool, w: Weights = Weights()) -> Double {
            let seg = segment("s", size: 1, consent: [("c", 1)], minors: minors, vulnerable: vulnerable)
            return model(oneCategory(c, segments: [seg], weights: w)).levelFigures(segment: 0)[1].intensity
        }
        // I = 1 × 1 + 0 + .5·[minors or vulnerable].
        #expect(intensity(minors: false, vulnerable: false) == 1)
        #expect(intensity(minors: true, vulnerable: false) == 1.5)
        #expect(intensity(minors: false, vulnerable: true) == 1.5)
        #expect(intensity(minors: true, vulnerable: true) == 1.5)  // once, not 2.0
        #expect(isClose(intensity(minors: true, vulnerable: true, w: weights { $0.vulnerable = 0.8 }), 1.8, 1e-15))
    }

    @Test("a level that touches nothing (all excluded) is generic: I 0, reach 1, no flags, no rules")
    func emptyTouchedSet() throws {
        // Level 2 has every flag; the segment has minors, is large and consented to nothing.
        let cats = [category("a", .sensitive, .maximum, .inferred, special: true, specialFeature: true),
                    category("b", .financial, .maximum)]
        let levels = [Level(name: "G"), Level(name: "A", uses: ["a"]),
                      Level(name: "All", uses: ["b"], profiling: true, crossContext: 2, obtrusive: true, uplift: 9)]
        let seg = segment("kids", size: 1_000_000, minors: true, vulnerable: true)
        let m = model(scenario(cats, levels, [seg]))
        let f = m.levelFigures(segment: 0, excluded: [0, 1])
        for k in 0..<3 {
            #expect(f[k].intensity == 0)
            #expect(f[k].score == 0)
            #expect(f[k].reach == 1)  // not min over an empty set of 0-consents
            #expect(f[k].band == .low)
            #expect(!f[k].profiling && f[k].crossContext == 0 && !f[k].obtrusive && !f[k].touchesSpecial)
            #expect(f[k].breakdown == nil)
        }
        let row = m.score(segment: 0, level: 2, excluded: [0, 1])
        #expect(row.touches.isEmpty)
        #expect(row.dpiaCriteria.isEmpty)
        #expect(row.violations.isEmpty)  // no minors-profiling, no-reach, special-category, dpia
        // Cascade: none 1 − 1 = 0, L0 1 − 1 = 0, L1 0, L2 1; everyone gets the generic-equivalent level 2.
        #expect(row.cascade.map(\.share) == [0, 0, 0, 1])
        #expect(row.exposure == 0)
        // Without data the level is generic (decision 0007): it earns level 0's uplift, 0, not its own 9.
        #expect(row.effectiveUplift == 0)
        // With one category back the level is personal again and earns its 9.
        #expect(m.score(segment: 0, level: 2, excluded: [0]).effectiveUplift == 0)  // reach 0: nobody consented to b
        let consenting = model(scenario(cats, levels, [segment("kids", size: 1_000_000, consent: [("b", 1)], minors: true)]))
        #expect(consenting.score(segment: 0, level: 2, excluded: [0]).effectiveUplift == 9)

        // Without the exclusions the same row breaks several rules (so the test above can fail).
        let full = m.score(segment: 0, level: 2)
        #expect(!full.violations.isEmpty)
    }

    @Test("reach is the minimum consent over the touched set; a missing consent is 0")
    func nestedReach() {
        let cats = [category("a", .simple, .limited), category("b", .simple, .limited), category("c", .simple, .limited)]
        let levels = [Level(name: "G"), Level(name: "A", uses: ["a"]), Level(name: "B", uses: ["b"]),
                      Level(name: "C", uses: ["c"])]
        // consent a .7, b .9, c missing → reach: L0 1 (nothing), L1 .7, L2 min(.7, .9) = .7, L3 min(.7, .9, 0) = 0.
        let seg = segment("s", size: 1, consent: [("b", 0.9), ("a", 0.7)])
        let m = model(scenario(cats, levels, [seg]))
        #expect(m.levelFigures(segment: 0).map(\.reach) == [1, 0.7, 0.7, 0])
        // Excluding a: L1 touches nothing → 1, L2 .9, L3 0.
        #expect(m.levelFigures(segment: 0, excluded: [0]).map(\.reach) == [1, 1, 0.9, 0])
        // Excluding c as well: L3 = .9.
        #expect(m.levelFigures(segment: 0, excluded: [0, 2]).map(\.reach) == [1, 1, 0.9, 0.9])
        #expect(m.consentRate(segment: 0, category: 2) == 0)
        #expect(m.consentRate(segment: 0, category: 1) == 0.9)
    }

    @Test("ladder3 level figures by hand")
    func ladder3Figures() throws {
        let m = model(ladder3())
        let f = m.levelFigures(segment: 0)
        // L0: T {email}: DPC 1 × EI .5 + declared 0 = .5 → score 100 × .5 / 6 = 8.333…, reach .9.
        // L1: T {email, browsing}: DPC 2 × EI .75 + max origin .25 = 1.75 → 29.1666…, reach min(.9, .6) = .6.
        // L2: + income: DPC 3 × EI 1 + inferred .5 + crossContext 1 × .25 = 3.75 → 62.5, high, reach .6.
        #expect(f.map(\.intensity) == [0.5, 1.75, 3.75])
        #expect(isClose(f.map(\.score), [100.0 / 12, 175.0 / 6, 62.5]))
        #expect(f.map(\.band) == [.low, .low, .high])
        #expect(f.map(\.reach) == [0.9, 0.6, 0.6])
        let b = try #require(f[2].breakdown)
        #expect(b.tierBase == 3 && b.dpc == 3 && b.ei == 1)
        #expect(b.originTerm == 0.5 && b.crossContextTerm == 0.25 && b.specialFeatureTerm == 0)
        #expect(b.obtrusiveTerm == 0 && b.vulnerableTerm == 0)
        #expect(b.m == 0.75)
    }
}

@Suite("Consent cascade, exposure and value (SPEC §1.6)")
struct CascadeTests {
    @Test("cascade of the 3-level example: none = 1 − reach_0, zero shares kept, −1 … l")
    func cascadeShares() {
        let m = model(ladder3())
        // s0 at L2, reach .9 / .6 / .6:
        //   none = 1 − .9 = .1; L0 = .9 − .6 = .3; L1 = .6 − .6 = 0 (kept); L2 = .6.
        let row = m.score(segment: 0, level: 2)
        #expect(row.cascade.map(\.level) == [-1, 0, 1, 2])
        #expect(isClose(row.cascade.map(\.share), [0.1, 0.3, 0, 0.6]))
        #expect(row.cascade[2].share == 0)
        // s1 at L2, reach .9 / .6 / .4: none .1, L0 .3, L1 .2, L2 .4.
        let steep = m.score(segment: 1, level: 2)
        #expect(isClose(steep.cascade.map(\.share), [0.1, 0.3, 0.2, 0.4]))
        // Lower chosen levels list fewer steps: L1 → [-1, 0, 1] with .1, .3, .6; L0 → [-1, 0] with .1, .9.
        let l1 = m.score(segment: 0, level: 1)
        #expect(l1.cascade.map(\.level) == [-1, 0, 1])
        #expect(isClose(l1.cascade.map(\.share), [0.1, 0.3, 0.6]))
        let l0 = m.score(segment: 0, level: 0)
        #expect(l0.cascade.map(\.level) == [-1, 0])
        #expect(isClose(l0.cascade.map(\.share), [0.1, 0.9]))
    }

    @Test("exposure, effectiveUplift and value of the 3-level example")
    func exposureAndValue() {
        let m = model(ladder3())
        // s0 at L2: exposure = .1 × 0 + .3 × 8.333… + 0 × 29.166… + .6 × 62.5 = 2.5 + 37.5 = 40.
        //   effectiveUplift = .3 × 1 + 0 × 3 + .6 × 6 = 3.9; value = 200 × 3.9 / 100 = 7.8.
        let s0 = m.score(segment: 0, level: 2)
        #expect(isClose(s0.exposure, 40))
        #expect(isClose(s0.effectiveUplift, 3.9))
        #expect(isClose(s0.value, 7.8))
        #expect(s0.level == 2 && isClose(s0.score, 62.5) && s0.band == .high && s0.reach == 0.6)
        #expect(s0.touches == [0, 1, 2])
        // s1 at L2: exposure = .3 × 8.333… + .2 × 29.166… + .4 × 62.5 = 2.5 + 5.8333… + 25 = 33.333…
        //   effectiveUplift = .3 × 1 + .2 × 3 + .4 × 6 = 3.3; value = 100 × 3.3 / 100 = 3.3.
        let s1 = m.score(segment: 1, level: 2)
        #expect(isClose(s1.exposure, 100.0 / 3))
        #expect(isClose(s1.effectiveUplift, 3.3))
        #expect(isClose(s1.value, 3.3))
        // s0 at L1: exposure = .3 × 8.333… + .6 × 29.166… = 2.5 + 17.5 = 20; uplift = .3 + 1.8 = 2.1.
        let l1 = m.score(segment: 0, level: 1)
        #expect(isClose(l1.exposure, 20))
        #expect(isClose(l1.effectiveUplift, 2.1))
        // s0 at L0: exposure = .9 × 8.333… = 7.5; uplift = .9 × 1 = .9; value = 200 × .9 / 100 = 1.8.
        let l0 = m.score(segment: 0, level: 0)
        #expect(isClose(l0.exposure, 7.5))
        #expect(isClose(l0.effectiveUplift, 0.9))
        #expect(isClose(l0.value, 1.8))
    }

    @Test("per-segment uplift override replaces the levels' uplift")
    func upliftOverride() {
        let m = model(ladder3())
        // s2 (override [2, 4, 10], cascade as s0): uplift = .3 × 2 + 0 × 4 + .6 × 10 = 6.6;
        //   value = 50 × 6.6 / 100 = 3.3. Exposure is unchanged: 40.
        let s2 = m.score(segment: 2, level: 2)
        #expect(isClose(s2.effectiveUplift, 6.6))
        #expect(isClose(s2.value, 3.3))
        #expect(isClose(s2.exposure, 40))
        #expect(m.uplift(segment: 2, level: 1) == 4)
        #expect(m.uplift(segment: 0, level: 1) == 3)
    }

    @Test("excluding a category lowers intensity and raises reach")
    func exclusions() {
        let m = model(ladder3())
        // s1 excluding income (index 2) at L2: T {email, browsing}, crossContext 1 still applies:
        //   DPC 2 × .75 + observed .25 + cc .25 = 2.0 (medium, down from 3.75), score 33.333…,
        //   reach min(.9, .6) = .6 (up from .4).
        //   cascade: none .1, L0 .3, L1 0, L2 .6 → exposure = 2.5 + .6 × 33.333… = 22.5;
        //   uplift = .3 × 1 + .6 × 6 = 3.9.
        let row = m.score(segment: 1, level: 2, excluded: [2])
        #expect(row.figures.intensity == 2.0)
        #expect(row.band == .medium)
        #expect(row.reach == 0.6)
        #expect(row.touches == [0, 1])
        #expect(isClose(row.cascade.map(\.share), [0.1, 0.3, 0, 0.6]))
        #expect(isClose(row.exposure, 22.5))
        #expect(isClose(row.effectiveUplift, 3.9))
        // Excluding browsing (1) instead: L1 touches {email} only → I .5 (down from 1.75), reach .9 (up from .6);
        //   L2 {email, income}: 3 × 1 + .5 + .25 = 3.75 (unchanged), reach min(.9, .4) = .4.
        let f = m.levelFigures(segment: 1, excluded: [1])
        #expect(f.map(\.intensity) == [0.5, 0.5, 3.75])
        #expect(f.map(\.reach) == [0.9, 0.9, 0.4])
        // Cascade at L2: none .1, L0 .9 − .9 = 0, L1 .9 − .4 = .5, L2 .4.
        let r = m.score(segment: 1, level: 2, excluded: [1])
        #expect(isClose(r.cascade.map(\.share), [0.1, 0, 0.5, 0.4]))
        #expect(r.touches == [0, 2])
    }
}

@Suite("Aggregates (SPEC §1.7)")
struct AggregateTests {
    @Test("aggregate of the 3-level example, all at L2")
    func aggregateByHand() {
        let m = model(ladder3())
        let e = Evaluation(model: m, setting: Setting(levels: [2, 2, 2], excluded: [[], [], []]))
        let a = e.aggregate
        // N = 200 + 100 + 50 = 350.
        // intrusiveness = (200 × 40 + 100 × 33.333… + 50 × 40) / 350 = 13 333.333… / 350 = 38.0952…
        #expect(a.customers == 350)
        #expect(isClose(a.intrusiveness, (8000 + 10000.0 / 3 + 2000) / 350))
        #expect(isClose(a.intrusiveness, 38.095_238_095_238_095))
        #expect(a.band == .medium)  // 100/3 ≤ 38.1 < 50
        // uplift = (200 × 3.9 + 100 × 3.3 + 50 × 6.6) / 350 = 1440 / 350 = 4.1142857…
        #expect(isClose(a.uplift, 1440.0 / 350))
        // value = 7.8 + 3.3 + 3.3 = 14.4
        #expect(isClose(a.value, 14.4))
        // All three score 62.5 → tie → first in file order.
        #expect(a.peak == 0)
        #expect(isClose(a.peakScore, 62.5))
    }

    @Test("Evaluation.setExcluded re-scores the segment and the aggregate")
    func setExcludedUpdates() {
        let m = model(ladder3())
        var e = Evaluation(model: m, setting: Setting(levels: [2, 2, 2], excluded: [[], [], []]))
        e.setExcluded(1, category: 2, true)
        // s1 exposure 33.333… → 22.5 (see CascadeTests.exclusions), uplift 3.3 → 3.9:
        //   intrusiveness = (8000 + 100 × 22.5 + 2000) / 350 = 12 250 / 350 = 35.
        //   uplift = (780 + 390 + 330) / 350 = 1500 / 350.
        #expect(e.setting.excluded[1] == [2])
        #expect(isClose(e.rows[1].exposure, 22.5))
        #expect(isClose(e.aggregate.intrusiveness, 35))
        #expect(isClose(e.aggregate.uplift, 1500.0 / 350))
        e.setExcluded(1, category: 2, false)
        #expect(e.setting.excluded[1] == [])
        #expect(isClose(e.aggregate.intrusiveness, (8000 + 10000.0 / 3 + 2000) / 350))
    }

    /// Categories a (simple 1 × maximum 1 → I 1, score 16.66…) and b (financial 3 × maximum 1 → I 3,
    /// score 50); L0 generic, L1 adds a, L2 adds b (I = max(1,3) × 1 = 3). Full consent.
    func peakScenario(sizes: [Int]) -> ScoringModel {
        let cats = [category("a", .simple, .maximum), category("b", .financial, .maximum)]
        let levels = [Level(name: "G"), Level(name: "A", uses: ["a"], uplift: 1), Level(name: "B", uses: ["b"], uplift: 2)]
        let segs = sizes.enumerated().map { segment("s\($0.offset)", size: $0.element, consent: [("a", 1), ("b", 1)]) }
        return model(scenario(cats, levels, segs))
    }

    @Test("peak: highest score, first in file order on ties")
    func peakTies() {
        let m = peakScenario(sizes: [10, 10, 10, 10, 10])
        // Scores at levels [1, 2, 0, 2, 2] = [16.7, 50, 0, 50, 50] → the first 50 is segment 1.
        let e = Evaluation(model: m, setting: Setting(levels: [1, 2, 0, 2, 2], excluded: Array(repeating: [], count: 5)))
        #expect(e.aggregate.peak == 1)
        #expect(e.aggregate.peakScore == 50)
        // [0, 1, 1, 0, 2] → the strict maximum is the last one.
        let f = Evaluation(model: m, setting: Setting(levels: [0, 1, 1, 0, 2], excluded: Array(repeating: [], count: 5)))
        #expect(f.aggregate.peak == 4)
        // All generic: every score is 0 → tie → segment 0.
        let g = Evaluation(model: m)
        #expect(g.aggregate.peak == 0)
        #expect(g.aggregate.peakScore == 0)
        // Incremental: raising segment 3 to level 2 ties it with segment 4, and 3 comes first.
        var h = f
        h.setLevel(3, 2)
        #expect(h.aggregate.peak == 3)  // scores [0, 16.7, 16.7, 50, 50] → first 50 is segment 3
        h.setLevel(3, 0)
        #expect(h.aggregate.peak == 4)
    }

    @Test("size-0 segments: N = 0 gives 0 figures, the peak is still reported")
    func zeroSizes() {
        let m = peakScenario(sizes: [0, 0, 0])
        let e = Evaluation(model: m, setting: Setting(levels: [1, 2, 1], excluded: [[], [], []]))
        let a = e.aggregate
        #expect(a.customers == 0)
        #expect(a.intrusiveness == 0)
        #expect(a.uplift == 0)
        #expect(a.value == 0)  // Σ size × uplift / 100 = 0
        #expect(a.band == .low)
        #expect(a.peak == 1)   // scores [16.7, 50, 16.7]; size 0 counts for the peak
        #expect(a.peakScore == 50)
        // Mixed: a size-0 segment still can be the peak while the average ignores it.
        // sizes [10, 0, 10] at [1, 2, 1]: intrusiveness = (10 × 16.66… + 10 × 16.66…) / 20 = 16.66…
        let mixed = Evaluation(model: peakScenario(sizes: [10, 0, 10]),
                               setting: Setting(levels: [1, 2, 1], excluded: [[], [], []]))
        #expect(isClose(mixed.aggregate.intrusiveness, 100.0 / 6))
        #expect(mixed.aggregate.peak == 1)
    }

    @Test("no segments: peak is nil and every figure 0")
    func noSegments() {
        let e = Evaluation(model: peakScenario(sizes: []))
        #expect(e.aggregate.peak == nil)
        #expect(e.aggregate.intrusiveness == 0)
        #expect(e.aggregate.value == 0)
        #expect(e.rows.isEmpty)
        #expect(e.fairness.isEmpty)
        #expect(e.violations.isEmpty)
    }

    @Test("aggregate band uses the exact cut points 100/3, 50, 200/3 on the score")
    func aggregateBandEdges() {
        // One segment of size 1 at level 1, full consent: intrusiveness = exposure = score = 100 × I / 6.
        func band(_ tier: Tier, _ ei: Identifiability) -> (Double, Band) {
            let e = Evaluation(model: model(oneCategory(category("c", tier, ei))), setting: Setting(levels: [1], excluded: [[]]))
            return (e.aggregate.intrusiveness, e.aggregate.band)
        }
        // I = 2 (sensitive × limited) → 200 / 6 = 100/3 → medium (100/3 ≤ medium).
        #expect(band(.sensitive, .limited) == (100.0 / 3, .medium))
        // I = 3 → 50 → high.
        #expect(band(.financial, .maximum) == (50, .high))
        // I = 4 → 400 / 6 = 200/3 → very-high.
        #expect(band(.sensitive, .maximum) == (200.0 / 3, .veryHigh))
        // I = 1.5 → 25 → low.
        #expect(band(.financial, .limited) == (25, .low))
        #expect(Band.of(score: (100.0 / 3).nextDown) == .low)
        #expect(Band.of(score: 50.0.nextDown) == .medium)
        #expect(Band.of(score: (200.0 / 3).nextDown) == .high)
    }
}

@Suite("Fairness (SPEC §1.8)")
struct FairnessTests {
    /// x: financial 3 × maximum 1, declared → I = 3, score 50. L0 generic (uplift 0), L1 adds x (uplift 10).
    /// All segments at L1; a segment with consent r has cascade none 0, L0 1 − r, L1 r, so
    /// exposure = 50 r and effectiveUplift = 10 r.
    func fairnessModel(_ segments: [Segment], upliftL1: Double = 10) -> Evaluation {
        let s = scenario([category("x", .financial, .maximum)],
                         [Level(name: "G"), Level(name: "X", uses: ["x"], uplift: upliftL1)], segments)
        let m = model(s)
        return Evaluation(model: m, setting: Setting(levels: Array(repeating: 1, count: segments.count),
                                                     excluded: Array(repeating: [], count: segments.count)))
    }

    @Test("rates and parities by hand; order of first appearance; size-0 values and attributes")
    func byHand() throws {
        let e = fairnessModel([
            segment("a", size: 100, consent: [("x", 1.0)], groups: [("age", "young")]),
            segment("b", size: 300, consent: [("x", 0.5)], groups: [("region", "north"), ("age", "young")]),
            segment("c", size: 200, consent: [("x", 0.25)], groups: [("age", "old"), ("region", "south")]),
            segment("d", size: 0, consent: [("x", 1.0)], groups: [("age", "unknown"), ("tier", "gold")]),
            segment("e", size: 50, consent: [("x", 1.0)]),
        ])
        // Per segment: a exposure 50, uplift 10; b 25, 5; c 12.5, 2.5.
        // age: young = (100 × 10 + 300 × 5) / 400 = 6.25 uplift, (100 × 50 + 300 × 25) / 400 = 31.25 exposure;
        //      old = 2.5 / 12.5; "unknown" has only size 0 → left out. Parities 2.5 / 6.25 = .4, 12.5 / 31.25 = .4.
        // region: north (b) 5 / 25, south (c) 2.5 / 12.5 → parities .5, .5. (a and e have no region: left out.)
        // tier: only d (size 0) → listed with no groups, parities 1.
        let f = e.fairness
        #expect(f.map(\.attribute) == ["age", "region", "tier"])
        let age = f[0]
        #expect(age.groups.map(\.value) == ["young", "old"])
        #expect(age.groups.map(\.size) == [400, 200])
        #expect(isClose(age.groups.map(\.upliftRate), [6.25, 2.5]))
        #expect(isClose(age.groups.map(\.exposureRate), [31.25, 12.5]))
        #expect(isClose(age.upliftParity, 0.4))
        #expect(isClose(age.exposureParity, 0.4))
        let region = f[1]
        #expect(region.groups.map(\.value) == ["north", "south"])
        #expect(region.groups.map(\.size) == [300, 200])
        #expect(isClose(region.upliftParity, 0.5))
        #expect(isClose(region.exposureParity, 0.5))
        let tier = f[2]
        #expect(tier.groups.isEmpty)
        #expect(tier.upliftParity == 1 && tier.exposureParity == 1)
    }

    @Test("one group → parity 1, whatever the other size-0 values do")
    func oneGroup() {
        let e = fairnessModel([
            segment("p", size: 10, consent: [("x", 0.2)], groups: [("age", "x")]),
            segment("q", size: 0, consent: [("x", 1)], groups: [("age", "y")]),
        ])
        // Only "x" has size > 0 → fewer than two values → 1 (q's rates 10 / 50 would give .2 otherwise).
        let f = e.fairness
        #expect(f.count == 1)
        #expect(f[0].groups.map(\.value) == ["x"])
        #expect(f[0].upliftParity == 1)
        #expect(f[0].exposureParity == 1)
    }

    @Test("max = 0 → parity 1; exposure parity still computed when only uplift is 0")
    func maxZero() {
        // L1 uplift 0: every upliftRate is 0 → upliftParity 1.
        // exposure: g1 consent 1 → 50, g2 consent .5 → 25 → exposureParity 25 / 50 = .5.
        let e = fairnessModel([
            segment("g1", size: 10, consent: [("x", 1)], groups: [("k", "1")]),
            segment("g2", size: 10, consent: [("x", 0.5)], groups: [("k", "2")]),
        ], upliftL1: 0)
        #expect(e.fairness[0].upliftParity == 1)
        #expect(isClose(e.fairness[0].exposureParity, 0.5))
        // All generic: both rates 0 for both groups → parities 1.
        var g = e
        g.setLevel(0, 0)
        g.setLevel(1, 0)
        #expect(g.fairness[0].upliftParity == 1)
        #expect(g.fairness[0].exposureParity == 1)
        #expect(g.fairness[0].groups.count == 2)
    }

    @Test("parity = min / max")
    func parityFunction() {
        #expect(Evaluation.parity([2, 8]) == 0.25)
        #expect(Evaluation.parity([8, 2, 4]) == 0.25)
        #expect(Evaluation.parity([0, 5]) == 0)
        #expect(Evaluation.parity([0, 0]) == 1)
        #expect(Evaluation.parity([3]) == 1)
        #expect(Evaluation.parity([]) == 1)
    }

    @Test("fairness follows incremental changes")
    func incremental() {
        var e = fairnessModel([
            segment("a", size: 100, consent: [("x", 1.0)], groups: [("age", "young")]),
            segment("c", size: 100, consent: [("x", 1.0)], groups: [("age", "old")]),
        ])
        #expect(e.fairness[0].upliftParity == 1)  // 10 vs 10
        e.setLevel(1, 0)
        // old at generic: uplift 0, exposure 0 → parity 0 / 10 = 0.
        #expect(e.fairness[0].upliftParity == 0)
        #expect(e.fairness[0].exposureParity == 0)
    }
}
