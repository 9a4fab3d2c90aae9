/// The terms of one score, I = DPC × EI + M (SPEC §1.5), kept so that every figure can be explained.
public struct ScoreBreakdown: Sendable, Equatable {
    /// The highest tier base among the touched categories (1…4).
    public var tierBase: Int
    /// DPC after the profiling boost (capped at 4).
    public var dpc: Double
    public var profiling: Bool
    public var ei: Double
    public var originTerm: Double
    public var specialFeatureTerm: Double
    public var crossContextTerm: Double
    public var obtrusiveTerm: Double
    public var vulnerableTerm: Double

    public var m: Double { originTerm + specialFeatureTerm + crossContextTerm + obtrusiveTerm + vulnerableTerm }
    public var intensity: Double { dpc * ei + m }
}

/// What one level means for one segment (with that segment's exclusions).
public struct LevelFigures: Sendable, Equatable {
    /// I; 0 when the level touches no data.
    public var intensity: Double
    /// 100 × min(I, 6) / 6.
    public var score: Double
    public var band: Band
    /// Share of the segment that consented to every touched category; 1 when nothing is touched.
    public var reach: Double
    /// nil when the level touches no data (it then counts as generic everywhere).
    public var breakdown: ScoreBreakdown?
    /// Effective (inherited) flags; false/0 when nothing is touched.
    public var profiling: Bool
    public var crossContext: Int
    public var obtrusive: Bool
    /// Any touched category is an Art. 9 special category.
    public var touchesSpecial: Bool

    public var touchesData: Bool { breakdown != nil }
}

/// One share of the consent cascade: level -1 is "none".
public struct CascadeShare: Sendable, Equatable {
    public var level: Int
    public var share: Double
}

/// WP248 rev.01 criteria that Balans can see (SPEC §1.9 `dpia`).
public enum DPIACriterion: String, Sendable, CaseIterable {
    case profiling
    case specialCategory = "special-category"
    case largeScale = "large-scale"
    case matchingData = "matching-data"
    case vulnerableSubjects = "minors-or-vulnerable"
}

/// The row of one segment at its chosen level (SPEC §1.6).
public struct SegmentScore: Sendable, Equatable {
    public var segment: Int
    public var level: Int
    public var figures: LevelFigures
    public var exposure: Double
    public var effectiveUplift: Double
    /// size × effectiveUplift / 100: extra conversions.
    public var value: Double
    /// Indices of the touched categories, in catalogue order.
    public var touches: [Int]
    /// From "none" (-1) up to the chosen level.
    public var cascade: [CascadeShare]
    public var dpiaCriteria: [DPIACriterion]
    /// Breaches of the per-segment rules, in rule order.
    public var violations: [Violation]

    public var score: Double { figures.score }
    public var band: Band { figures.band }
    public var reach: Double { figures.reach }
}

/// A scenario compiled for fast scoring: ids resolved to indices, flags inherited up the ladder,
/// consent rates indexed. Scoring one segment never looks at another one, which is what lets the
/// dashboard re-score only the segment that changed.
public struct ScoringModel: Sendable {
    public let scenario: Scenario
    public private(set) var policy: Policy
    public let categoryIndex: [String: Int]
    public let segmentIndex: [String: Int]

    // Per category.
    let tierBase: [Int]
    let ei: [Double]
    let originWeight: [Double]
    let isSpecial: [Bool]
    let isSpecialFeature: [Bool]
    // Per level: categories added there, and the inherited flags.
    let added: [[Int]]
    public let effectiveProfiling: [Bool]
    public let effectiveCrossContext: [Int]
    public let effectiveObtrusive: [Bool]
    // Per segment and category: the consent rates.
    let consent: ConsentTable

    public var levelCount: Int { scenario.levels.count }
    public var segmentCount: Int { scenario.segments.count }

    /// Compiles `scenario` with `policy` in force. The scenario must be valid (as loaded).
    public init(scenario: Scenario, policy: Policy) {
        self.scenario = scenario
        self.policy = policy
        var catIndex: [String: Int] = [:]
        for (i, c) in scenario.categories.enumerated() { catIndex[c.id] = i }
        categoryIndex = catIndex
        var segIndex: [String: Int] = [:]
        for (i, s) in scenario.segments.enumerated() where segIndex[s.id] == nil { segIndex[s.id] = i }
        segmentIndex = segIndex
        let w = scenario.weights
        tierBase = scenario.categories.map(\.tier.base)
        ei = scenario.categories.map(\.identifiability.value)
        originWeight = scenario.categories.map { w.origin($0.origin) }
        isSpecial = scenario.categories.map(\.special)
        isSpecialFeature = scenario.categories.map(\.specialFeature)
        added = scenario.levels.map { $0.uses.compactMap { catIndex[$0] } }
        var p = false, o = false, x = 0
        var ep: [Bool] = [], eo: [Bool] = [], ex: [Int] = []
        for level in scenario.levels {
            p = p || level.profiling
            o = o || level.obtrusive
            x = max(x, level.crossContext)
            ep.append(p); eo.append(o); ex.append(x)
        }
        effectiveProfiling = ep
        effectiveObtrusive = eo
        effectiveCrossContext = ex
        consent = ConsentTable(scenario, categoryIndex: catIndex)
    }

    /// The same compiled scenario under another policy (the compiled tables are shared, not copied).
    public func with(policy: Policy) -> ScoringModel {
        var m = self
        m.policy = policy
        return m
    }

    /// The segment's consent rate for a category index (0 when missing).
    @inline(__always)
    public func consentRate(segment s: Int, category c: Int) -> Double {
        consent.rate(segment: s, category: c)
    }

    /// Uplift in percent for a customer of segment `s` who receives level `k`.
    public func uplift(segment s: Int, level k: Int) -> Double {
        if let override = scenario.segments[s].uplift, k < override.count { return override[k] }
        return scenario.levels[k].uplift
    }

    /// Figures of every level of the ladder for segment `s`, with `excluded` (sorted category indices)
    /// removed from what it touches. O(categories + levels).
    public func levelFigures(segment s: Int, excluded: [Int] = []) -> [LevelFigures] {
        let seg = scenario.segments[s]
        let w = scenario.weights
        let vulnerableTerm = (seg.minors || seg.vulnerable) ? w.vulnerable : 0
        var out: [LevelFigures] = []
        out.reserveCapacity(levelCount)
        var any = false
        var maxTier = 0
        var maxEI = 0.0
        var maxOrigin = 0.0
        var anySpecialFeature = false
        var anySpecial = false
        var reach = 1.0
        for k in 0..<levelCount {
            for c in added[k] where !excluded.contains(c) {
                any = true
                maxTier = max(maxTier, tierBase[c])
                maxEI = max(maxEI, ei[c])
                maxOrigin = max(maxOrigin, originWeight[c])
                anySpecialFeature = anySpecialFeature || isSpecialFeature[c]
                anySpecial = anySpecial || isSpecial[c]
                reach = min(reach, consentRate(segment: s, category: c))
            }
            guard any else {
                out.append(LevelFigures(intensity: 0, score: 0, band: .low, reach: 1, breakdown: nil,
                                        profiling: false, crossContext: 0, obtrusive: false, touchesSpecial: false))
                continue
            }
            let profiling = effectiveProfiling[k]
            let cross = effectiveCrossContext[k]
            let obtrusive = effectiveObtrusive[k]
            let dpc = profiling ? min(4, Double(maxTier) + w.profilingBoost) : Double(maxTier)
            let b = ScoreBreakdown(
                tierBase: maxTier, dpc: dpc, profiling: profiling, ei: maxEI,
                originTerm: maxOrigin,
                specialFeatureTerm: anySpecialFeature ? w.specialFeature : 0,
                crossContextTerm: w.crossContext * Double(cross),
                obtrusiveTerm: obtrusive ? w.obtrusive : 0,
                vulnerableTerm: vulnerableTerm)
            let i = b.intensity
            out.append(LevelFigures(intensity: i, score: 100 * min(i, 6) / 6, band: Band.of(intensity: i),
                                    reach: reach, breakdown: b, profiling: profiling, crossContext: cross,
                                    obtrusive: obtrusive, touchesSpecial: anySpecial))
        }
        return out
    }

    /// The consent cascade (SPEC §1.6) of choosing `level` given every level's figures.
    public static func cascade(_ figures: [LevelFigures], level l: Int) -> [CascadeShare] {
        var shares: [CascadeShare] = [CascadeShare(level: -1, share: 1 - figures[0].reach)]
        shares.reserveCapacity(l + 2)
        for k in 0..<l {
            shares.append(CascadeShare(level: k, share: figures[k].reach - figures[k + 1].reach))
        }
        shares.append(CascadeShare(level: l, share: figures[l].reach))
        return shares
    }

    /// Exposure and effective uplift (SPEC §1.6): Σ share_k × score_k and Σ share_k × uplift_k over the
    /// cascade, summed in cascade order; "none" contributes score 0 and uplift 0. A level that touches
    /// no data (all its categories excluded) counts as generic and earns level 0's uplift
    /// (docs/decisions/0007).
    public func exposureAndUplift(segment s: Int, figures: [LevelFigures], cascade: [CascadeShare])
        -> (exposure: Double, effectiveUplift: Double) {
        var exposure = 0.0
        var uplift = 0.0
        for step in cascade where step.level >= 0 {
            exposure += step.share * figures[step.level].score
            uplift += step.share * self.uplift(segment: s, level: figures[step.level].touchesData ? step.level : 0)
        }
        return (exposure, uplift)
    }

    /// Touched category indices at level `l` (catalogue order), without `excluded`.
    public func touches(level l: Int, excluded: [Int] = []) -> [Int] {
        var t: [Int] = []
        for k in 0...l {
            for c in added[k] where !excluded.contains(c) { t.append(c) }
        }
        t.sort()
        return t
    }

    /// Whether category `c` is first touched at level `k` (the "new at this level" mark).
    public func addedAt(level k: Int) -> [Int] { added[k] }

    /// The full row of segment `s` at level `l` with `excluded` categories, including its breaches
    /// of the per-segment rules.
    /// `breaches: false` leaves `violations` empty, for a caller that has them already (a row
    /// scored again to be written out).
    public func score(segment s: Int, level l: Int, excluded: [Int] = [], breaches: Bool = true) -> SegmentScore {
        let figures = levelFigures(segment: s, excluded: excluded)
        return row(segment: s, level: l, excluded: excluded, figures: figures, breaches: breaches)
    }

    /// The row when the level figures are already known (the optimiser computes them once).
    public func row(segment s: Int, level l: Int, excluded: [Int], figures: [LevelFigures], breaches: Bool = true) -> SegmentScore {
        let cascade = ScoringModel.cascade(figures, level: l)
        let (exposure, effectiveUplift) = exposureAndUplift(segment: s, figures: figures, cascade: cascade)
        let seg = scenario.segments[s]
        let f = figures[l]
        var criteria: [DPIACriterion] = []
        if f.touchesData {
            if f.profiling { criteria.append(.profiling) }
            if f.touchesSpecial { criteria.append(.specialCategory) }
            if seg.size >= policy.largeScale { criteria.append(.largeScale) }
            if f.crossContext >= 1 { criteria.append(.matchingData) }
            if seg.minors || seg.vulnerable { criteria.append(.vulnerableSubjects) }
        }
        var row = SegmentScore(
            segment: s, level: l, figures: f, exposure: exposure, effectiveUplift: effectiveUplift,
            value: Double(seg.size) * effectiveUplift / 100,
            touches: touches(level: l, excluded: excluded),
            cascade: cascade,
            dpiaCriteria: criteria, violations: [])
        if breaches { row.violations = PolicyCheck.segmentViolations(row, model: self) }
        return row
    }
}

/// The consent rates of every segment and category (0 where a segment has none), compiled once.
/// Dense — one row of rates per segment, read in O(1) — when most segments state most categories,
/// as they do; otherwise, so that many categories with few rates cannot blow up memory, the rates
/// each segment states, sorted by category and found by binary search.
struct ConsentTable: Sendable {
    private let categories: Int
    /// Dense: `segments × categories` rates. Sparse: the stated rates, segment after segment.
    private let rates: [Double]
    /// Sparse only: the category of each entry of `rates`, and where each segment's entries start.
    private let index: [Int32]
    private let starts: [Int32]
    private let dense: Bool

    init(_ scenario: Scenario, categoryIndex: [String: Int]) {
        let ids = scenario.categories.map(\.id)
        categories = ids.count
        let entries = scenario.segments.reduce(0) { $0 + $1.consent.count }
        let cells = scenario.segments.count.multipliedReportingOverflow(by: max(1, ids.count))
        dense = !cells.overflow && cells.partialValue <= 2 * entries + 65_536
        /// The category of a consent entry: files list consent in catalogue order as a rule, so the
        /// next category is tried first (the id is the catalogue's own string, compared at once).
        func lookup(_ id: String, after previous: Int) -> Int? {
            let guess = previous + 1
            if guess < ids.count, ids[guess] == id { return guess }
            return categoryIndex[id]
        }
        if dense {
            var table = [Double](repeating: 0, count: scenario.segments.count * ids.count)
            var set = [Bool](repeating: false, count: ids.count)
            for (s, seg) in scenario.segments.enumerated() {
                var previous = -1
                for i in set.indices { set[i] = false }
                for entry in seg.consent {
                    guard let c = lookup(entry.category, after: previous) else { continue }
                    previous = c
                    // The first rate stated for a category counts (a file cannot state two).
                    if !set[c] { table[s * ids.count + c] = entry.rate; set[c] = true }
                }
            }
            rates = table
            index = []
            starts = []
        } else {
            var r: [Double] = [], x: [Int32] = [], st: [Int32] = []
            r.reserveCapacity(entries)
            x.reserveCapacity(entries)
            st.reserveCapacity(scenario.segments.count + 1)
            for seg in scenario.segments {
                st.append(Int32(r.count))
                var previous = -1
                var row: [(index: Int, rate: Double)] = []
                for entry in seg.consent {
                    guard let c = lookup(entry.category, after: previous) else { continue }
                    previous = c
                    row.append((c, entry.rate))
                }
                row.sort { $0.index < $1.index }
                var last = -1
                for e in row where e.index != last {
                    x.append(Int32(e.index))
                    r.append(e.rate)
                    last = e.index
                }
            }
            st.append(Int32(r.count))
            rates = r
            index = x
            starts = st
        }
    }

    @inline(__always)
    func rate(segment s: Int, category c: Int) -> Double {
        if dense { return rates[s * categories + c] }
        var lo = Int(starts[s]), hi = Int(starts[s + 1])
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(index[mid]) < c { lo = mid + 1 } else { hi = mid }
        }
        return lo < Int(starts[s + 1]) && Int(index[lo]) == c ? rates[lo] : 0
    }
}
