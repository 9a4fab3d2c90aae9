import Testing
import PropertyBased
@testable import BalansModel

// Properties of SPEC §1.5–§1.8 over random small scenarios.

/// One change to an `Evaluation`.
enum EditStep: Sendable, CustomStringConvertible {
    case level(segment: Int, level: Int)
    case exclude(segment: Int, category: Int, excluded: Bool)
    case apply(Setting)

    var description: String {
        switch self {
        case .level(let s, let l): return "setLevel(\(s), \(l))"
        case .exclude(let s, let c, let x): return "setExcluded(\(s), \(c), \(x))"
        case .apply(let setting): return "apply(\(setting.levels), \(setting.excluded))"
        }
    }
}

/// A random scenario, a setting for it and a list of edits.
struct RandomCase: Sendable, CustomStringConvertible {
    var scenario: Scenario
    var setting: Setting
    var steps: [EditStep]

    var description: String {
        let cats = scenario.categories.map { "\($0.id):\($0.tier.base)/\($0.identifiability.value)/\($0.origin)\($0.special ? "/special" : "")\($0.specialFeature ? "/sf" : "")" }
        let levels = scenario.levels.map { "\($0.uses) p\($0.profiling ? 1 : 0) x\($0.crossContext) o\($0.obtrusive ? 1 : 0) u\($0.uplift)" }
        let segs = scenario.segments.map { s in
            "\(s.id) n=\(s.size) \(s.minors ? "minors " : "")\(s.vulnerable ? "vulnerable " : "")consent=\(s.consent.map { "\($0.category)=\($0.rate)" }) groups=\(s.groups.map { "\($0.attribute)=\($0.value)" }) uplift=\(s.uplift.map { "\($0)" } ?? "-")"
        }
        return "categories \(cats)\nlevels \(levels)\nsegments \(segs)\nweights \(scenario.weights)\nsetting \(setting.levels) \(setting.excluded)\nsteps \(steps)"
    }

    static func make<R: RandomNumberGenerator>(_ rng: inout R) -> RandomCase {
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
        // A rate that is often exactly 0 or 1, otherwise a "nice" or an arbitrary fraction.
        func rate() -> Double {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: return 0
            case 1: return 1
            case 2: return Double(Int.random(in: 1...9, using: &rng)) / 10
            default: return Double.random(in: 0...1, using: &rng)
            }
        }

        let categoryCount = Int.random(in: 1...6, using: &rng)
        var categories: [DataCategory] = []
        for i in 0..<categoryCount {
            let tier = pick(Tier.allCases)
            categories.append(DataCategory(
                id: "c\(i)", name: "C\(i)", tier: tier, identifiability: pick(Identifiability.allCases),
                origin: pick(Origin.allCases), special: tier == .sensitive && chance(0.5),
                specialFeature: chance(0.25)))
        }
        let levelCount = Int.random(in: 2...6, using: &rng)
        var uses = Array(repeating: [String](), count: levelCount)
        for c in categories where !chance(0.1) {  // a few categories stay unused
            // Level 0 gets data less often (it is "conventionally" generic).
            let l = chance(0.2) ? 0 : Int.random(in: 0..<levelCount, using: &rng)
            uses[l].append(c.id)
        }
        let levels = (0..<levelCount).map { l in
            Level(name: "L\(l)", uses: uses[l], profiling: chance(0.25), crossContext: chance(0.6) ? 0 : Int.random(in: 1...2, using: &rng),
                  obtrusive: chance(0.2), uplift: chance(0.2) ? 0 : Double(Int.random(in: 0...40, using: &rng)) / 2)
        }
        let segmentCount = Int.random(in: 0...6, using: &rng)
        var segments: [Segment] = []
        for s in 0..<segmentCount {
            var consent: [(category: String, rate: Double)] = []
            for c in categories.shuffled(using: &rng) where !chance(0.15) { consent.append((c.id, rate())) }
            var groups: [(attribute: String, value: String)] = []
            if chance(0.7) { groups.append(("age", pick(["young", "middle", "old"]))) }
            if chance(0.5) { groups.append(("region", pick(["north", "south"]))) }
            if chance(0.5) { groups.shuffle(using: &rng) }
            let uplift: [Double]? = chance(0.3)
                ? (0..<levelCount).map { _ in Double(Int.random(in: 0...40, using: &rng)) / 2 } : nil
            segments.append(Segment(
                id: "s\(s)", name: "S\(s)", size: chance(0.2) ? 0 : Int.random(in: 0...1000, using: &rng),
                consent: consent, minors: chance(0.2), vulnerable: chance(0.2), groups: groups, uplift: uplift))
        }
        var w = Weights()
        if chance(0.5) {
            w.declared = Double.random(in: 0...1, using: &rng)
            w.observed = Double.random(in: 0...1, using: &rng)
            w.inferred = Double.random(in: 0...1, using: &rng)
            w.specialFeature = Double.random(in: 0...1, using: &rng)
            w.crossContext = Double.random(in: 0...1, using: &rng)
            w.obtrusive = Double.random(in: 0...1, using: &rng)
            w.vulnerable = Double.random(in: 0...1, using: &rng)
            w.profilingBoost = Double.random(in: 0...3, using: &rng)
        }
        let scenario = Scenario(name: "random", categories: categories, levels: levels, segments: segments, weights: w)

        func randomExcluded() -> [Int] {
            (0..<categoryCount).filter { _ in chance(0.2) }
        }
        func randomSetting() -> Setting {
            Setting(levels: segments.map { _ in Int.random(in: 0..<levelCount, using: &rng) },
                    excluded: segments.map { _ in randomExcluded() })
        }
        let setting = randomSetting()
        var steps: [EditStep] = []
        if segmentCount > 0 {
            for _ in 0..<Int.random(in: 0...15, using: &rng) {
                let s = Int.random(in: 0..<segmentCount, using: &rng)
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5: steps.append(.level(segment: s, level: Int.random(in: -1...levelCount, using: &rng)))
                case 5..<9: steps.append(.exclude(segment: s, category: Int.random(in: 0..<categoryCount, using: &rng), excluded: chance(0.6)))
                default: steps.append(.apply(randomSetting()))
                }
            }
        }
        return RandomCase(scenario: scenario, setting: setting, steps: steps)
    }
}

let randomCases = Generator<RandomCase, Shrink.None<RandomCase>> { rng in RandomCase.make(&rng) }

@Suite("Properties over random scenarios")
struct PropertyTests {
    @Test("raising a level never shrinks the touched set; reach never grows")
    func monotoneInLevel() async {
        await propertyCheck(count: 300, input: randomCases) { c in
            let m = model(c.scenario)
            for s in 0..<m.segmentCount {
                let x = c.setting.excluded[s]
                let f = m.levelFigures(segment: s, excluded: x)
                for l in 0..<(m.levelCount - 1) {
                    let lower = Set(m.touches(level: l, excluded: x))
                    let upper = Set(m.touches(level: l + 1, excluded: x))
                    #expect(lower.isSubset(of: upper), "segment \(s) level \(l)")
                    #expect(f[l + 1].reach <= f[l].reach, "segment \(s) level \(l)")
                    // The row reports the same touched set, in catalogue order.
                    let row = m.score(segment: s, level: l + 1, excluded: x)
                    #expect(row.touches == row.touches.sorted())
                    #expect(Set(row.touches) == upper)
                    #expect(x.allSatisfy { !upper.contains($0) })
                }
            }
        }
    }

    @Test("excluding a category never lowers reach and never raises intensity")
    func exclusionMonotone() async {
        await propertyCheck(count: 300, input: randomCases) { c in
            let m = model(c.scenario)
            for s in 0..<m.segmentCount {
                let x = c.setting.excluded[s]
                let before = m.levelFigures(segment: s, excluded: x)
                for cat in 0..<c.scenario.categories.count where !x.contains(cat) {
                    let after = m.levelFigures(segment: s, excluded: (x + [cat]).sorted())
                    for l in 0..<m.levelCount {
                        #expect(after[l].reach >= before[l].reach, "segment \(s) excluding \(cat) level \(l)")
                        #expect(after[l].intensity <= before[l].intensity, "segment \(s) excluding \(cat) level \(l)")
                        #expect(after[l].score <= before[l].score)
                    }
                }
            }
        }
    }

    @Test("scores and exposure stay in 0…100; cascade shares are ≥ 0 and sum to 1")
    func ranges() async {
        await propertyCheck(count: 300, input: randomCases) { c in
            let m = model(c.scenario)
            for s in 0..<m.segmentCount {
                for l in 0..<m.levelCount {
                    let row = m.score(segment: s, level: l, excluded: c.setting.excluded[s])
                    #expect(row.score >= 0 && row.score <= 100)
                    #expect(row.figures.intensity >= 0)
                    #expect(row.reach >= 0 && row.reach <= 1)
                    // Exposure is a convex combination of scores: allow only rounding (1e-9).
                    #expect(row.exposure >= -1e-9 && row.exposure <= 100 + 1e-9, "exposure \(row.exposure)")
                    #expect(row.cascade.map(\.level) == Array(-1...l))
                    #expect(row.cascade.allSatisfy { $0.share >= -1e-12 }, "\(row.cascade)")
                    let total = row.cascade.reduce(0) { $0 + $1.share }
                    #expect(isClose(total, 1, 1e-9), "shares sum to \(total)")
                    #expect(isClose(row.value, Double(c.scenario.segments[s].size) * row.effectiveUplift / 100, 1e-9))
                }
            }
        }
    }

    @Test("aggregate intrusiveness lies between the least and the most exposed size>0 segment")
    func aggregateBetween() async {
        await propertyCheck(count: 300, input: randomCases) { c in
            let e = Evaluation(model: model(c.scenario), setting: c.setting)
            let a = e.aggregate
            let exposures = e.rows.filter { c.scenario.segments[$0.segment].size > 0 }.map(\.exposure)
            if let lo = exposures.min(), let hi = exposures.max() {
                #expect(a.intrusiveness >= lo - 1e-9 && a.intrusiveness <= hi + 1e-9,
                        "\(a.intrusiveness) not in \(lo)…\(hi)")
            } else {
                #expect(a.intrusiveness == 0)
                #expect(a.uplift == 0)
            }
            #expect(a.intrusiveness >= 0 && a.intrusiveness <= 100 + 1e-9)
            #expect(a.band == Band.of(score: a.intrusiveness))
            #expect(a.customers == c.scenario.segments.reduce(0) { $0 + $1.size })
            // Peak: the first segment with the highest score.
            if let best = e.rows.map(\.score).max() {
                #expect(a.peak == e.rows.firstIndex(where: { $0.score == best }))
            } else {
                #expect(a.peak == nil)
            }
        }
    }

    @Test("parities lie in 0…1 and every attribute appears")
    func paritiesInRange() async {
        await propertyCheck(count: 300, input: randomCases) { c in
            let e = Evaluation(model: model(c.scenario), setting: c.setting)
            var attributes: [String] = []
            for s in c.scenario.segments { for g in s.groups where !attributes.contains(g.attribute) { attributes.append(g.attribute) } }
            #expect(e.fairness.map(\.attribute) == attributes)
            for a in e.fairness {
                #expect(a.upliftParity >= 0 && a.upliftParity <= 1, "\(a)")
                #expect(a.exposureParity >= 0 && a.exposureParity <= 1, "\(a)")
                #expect(a.groups.allSatisfy { $0.size > 0 })
            }
        }
    }

    @Test("an Evaluation edited step by step equals a fresh Evaluation of the final setting")
    func incrementalEqualsFresh() async {
        await propertyCheck(count: 300, input: randomCases) { c in
            let m = model(c.scenario)
            var e = Evaluation(model: m, setting: c.setting)
            // Expected final setting, tracked independently of Evaluation.
            var levels = c.setting.levels
            var excluded = c.setting.excluded.map { Set($0) }
            for step in c.steps {
                switch step {
                case .level(let s, let l):
                    e.setLevel(s, l)
                    levels[s] = max(0, min(m.levelCount - 1, l))  // setLevel clamps to the ladder
                case .exclude(let s, let cat, let x):
                    e.setExcluded(s, category: cat, x)
                    if x { excluded[s].insert(cat) } else { excluded[s].remove(cat) }
                case .apply(let setting):
                    e.apply(setting)
                    levels = setting.levels
                    excluded = setting.excluded.map { Set($0) }
                }
            }
            let final = Setting(levels: levels, excluded: excluded.map { $0.sorted() })
            #expect(e.setting == final)
            let fresh = Evaluation(model: m, setting: final)
            #expect(e.rows == fresh.rows)
            let a = e.aggregate, b = fresh.aggregate
            #expect(isClose(a.intrusiveness, b.intrusiveness) && isClose(a.uplift, b.uplift) && isClose(a.value, b.value))
            #expect(a.peak == b.peak && a.customers == b.customers && a.band == b.band)
            let fa = e.fairness, fb = fresh.fairness
            #expect(fa.count == fb.count)
            for (x, y) in zip(fa, fb) {
                #expect(x.attribute == y.attribute && x.groups.map(\.value) == y.groups.map(\.value))
                #expect(isClose(x.upliftParity, y.upliftParity) && isClose(x.exposureParity, y.exposureParity))
            }
            #expect(e.violations.map(\.rule) == fresh.violations.map(\.rule))
            #expect(e.violations.map(\.segment) == fresh.violations.map(\.segment))
            #expect(e.segmentViolationCounts == fresh.segmentViolationCounts)
        }
    }
}
