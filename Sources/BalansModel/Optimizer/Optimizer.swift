/// One allowed level of one segment as a knapsack item (SPEC §1.10): what it costs in aggregate
/// intrusiveness and what it earns.
public struct LevelOption: Sendable, Equatable {
    public var level: Int
    /// size × exposure / N: this segment's share of the aggregate intrusiveness (0–100 scale).
    public var cost: Double
    /// size × effective uplift / 100: extra conversions.
    public var value: Double
}

/// One move along the frontier: a segment goes from one level to a higher-value one.
public struct FrontierStep: Sendable, Equatable {
    public var segment: Int
    public var from: Int
    public var to: Int
    public var cost: Double
    public var value: Double

    /// Value gained per point of intrusiveness (infinite for a free gain).
    public var slope: Double { cost > 0 ? value / cost : (value > 0 ? .infinity : 0) }
}

/// A point of the efficient frontier: an actual setting (the levels after `steps` moves from the
/// start) with its aggregate intrusiveness and value.
public struct FrontierPoint: Sendable, Equatable {
    public var intrusiveness: Double
    public var value: Double
    /// How many steps from the start this point is.
    public var steps: Int
}

/// The efficient (upper convex) frontier of (aggregate intrusiveness, value) over the settings that
/// break no error-severity rule about a single segment (SPEC §1.10), from the least intrusive allowed
/// setting to the highest-value one.
public struct Frontier: Sendable {
    /// Allowed options per segment (sorted by level); empty for a segment with no allowed level.
    public let options: [[LevelOption]]
    /// The least intrusive allowed level of each segment (the most valuable among equals).
    public let start: [Int]
    /// Moves in order of decreasing value per intrusiveness.
    public let steps: [FrontierStep]
    /// `points[0]` is the start; `points[i]` follows `steps[i - 1]`.
    public let points: [FrontierPoint]
    /// Segments with no allowed level at all (the frontier is then empty).
    public let blocked: [Int]

    /// The levels of `points[i]`.
    public func levels(at i: Int) -> [Int] {
        var levels = start
        for step in steps.prefix(i) { levels[step.segment] = step.to }
        return levels
    }

    public var isEmpty: Bool { points.isEmpty }

    /// The frontier's value at intrusiveness `x` (linear between points; the first value before the
    /// start, the last beyond the end).
    public func value(atIntrusiveness x: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if x <= first.intrusiveness { return first.value }
        if x >= last.intrusiveness { return last.value }
        var lo = 0, hi = points.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if points[mid].intrusiveness <= x { lo = mid } else { hi = mid }
        }
        let a = points[lo], b = points[hi]
        let span = b.intrusiveness - a.intrusiveness
        return span > 0 ? a.value + (b.value - a.value) * (x - a.intrusiveness) / span : b.value
    }

    /// The least intrusiveness at which the frontier reaches value `v` (nil beyond its highest value).
    public func intrusiveness(atValue v: Double) -> Double? {
        guard let first = points.first, let last = points.last, v <= last.value + 1e-9 else { return nil }
        if v <= first.value { return first.intrusiveness }
        var lo = 0, hi = points.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if points[mid].value < v { lo = mid } else { hi = mid }
        }
        let a = points[lo], b = points[hi]
        let rise = b.value - a.value
        return rise > 0 ? a.intrusiveness + (b.intrusiveness - a.intrusiveness) * (v - a.value) / rise : a.intrusiveness
    }

    /// The frontier gap of a setting at (intrusiveness, value) (SPEC §1.10): value lost against the
    /// frontier at the same intrusiveness, and intrusiveness that could be saved at the same value.
    /// Both are 0 for a setting on (or, breaking the code, beyond) the frontier.
    public func gap(intrusiveness: Double, value: Double) -> (valueLost: Double, intrusivenessSaved: Double) {
        guard !isEmpty else { return (0, 0) }
        let lost = max(0, self.value(atIntrusiveness: intrusiveness) - value)
        let saved = self.intrusiveness(atValue: value).map { max(0, intrusiveness - $0) } ?? 0
        return (lost, saved)
    }
}

/// The answer to "the most value within a budget" (SPEC §1.10).
public struct BalanceResult: Sendable, Equatable {
    public var levels: [Int]
    public var intrusiveness: Double
    public var value: Double
    /// Proven optimal (branch and bound, up to 20 segments).
    public var exact: Bool
    /// The LP bound at the budget: no allowed setting within it can earn more.
    public var bound: Double
}

public enum BalanceError: Error, Sendable, Equatable {
    /// No allowed setting is within the budget; `minimum` is the least intrusiveness possible.
    case budgetTooLow(minimum: Double)
    /// These segments have no level that breaks no error-severity rule.
    case blocked(segments: [Int])
}

/// The multiple-choice knapsack of SPEC §1.10 over a scored scenario.
public enum Optimizer {
    /// Scenarios up to this many segments are balanced exactly.
    public static let exactLimit = 20

    /// Whether segment `s` at a level with `figures` breaks an error-severity rule about it alone.
    static func breaksErrorRule(_ model: ScoringModel, segment s: Int, level l: Int, figures f: LevelFigures) -> Bool {
        let p = model.policy
        let seg = model.scenario.segments[s]
        func on(_ rule: RuleID) -> Bool { p.severity(rule) == .error }
        if on(.maxBand) && f.band > p.maxBand { return true }
        if on(.minorsProfiling) && seg.minors && f.profiling { return true }
        if on(.vulnerableBand) && seg.vulnerable && f.band > p.vulnerableMaxBand { return true }
        if on(.specialCategory) && f.touchesSpecial { return true }
        if on(.noReach) && l > 0 && f.reach == 0 { return true }
        if on(.dpia) && f.touchesData {
            var n = 0
            if f.profiling { n += 1 }
            if f.touchesSpecial { n += 1 }
            if seg.size >= p.largeScale { n += 1 }
            if f.crossContext >= 1 { n += 1 }
            if seg.minors || seg.vulnerable { n += 1 }
            if n >= 2 { return true }
        }
        return false
    }

    /// The allowed options of every segment, with the setting's exclusions in force.
    public static func options(_ model: ScoringModel, excluded: [[Int]]) -> [[LevelOption]] {
        // In Double: exact up to 2^53, which a loaded scenario's sizes never pass (SPEC §1.3), and a
        // scenario built in code cannot trap the sum.
        let total = model.scenario.segments.reduce(0.0) { $0 + Double($1.size) }
        return model.scenario.segments.indices.map { s in
            let figures = model.levelFigures(segment: s, excluded: excluded[s])
            let size = Double(model.scenario.segments[s].size)
            var out: [LevelOption] = []
            for l in figures.indices where !breaksErrorRule(model, segment: s, level: l, figures: figures[l]) {
                let cascade = ScoringModel.cascade(figures, level: l)
                let (exposure, uplift) = model.exposureAndUplift(segment: s, figures: figures, cascade: cascade)
                out.append(LevelOption(level: l, cost: total > 0 ? size * exposure / total : 0, value: size * uplift / 100))
            }
            return out
        }
    }

    /// The upper convex hull of one segment's options, from its cheapest (most valuable among equal
    /// costs) upwards: the options worth moving to, in order.
    static func hull(_ options: [LevelOption]) -> [LevelOption] {
        let sorted = options.sorted { $0.cost != $1.cost ? $0.cost < $1.cost : $0.value > $1.value }
        var hull: [LevelOption] = []
        for o in sorted {
            // Only strictly more value is worth more intrusiveness.
            if let last = hull.last, o.value <= last.value { continue }
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                // Drop b when it lies on or below the line from a to o (not concave).
                if (b.value - a.value) * (o.cost - a.cost) <= (o.value - a.value) * (b.cost - a.cost) {
                    hull.removeLast()
                } else {
                    break
                }
            }
            hull.append(o)
        }
        return hull
    }

    /// The efficient frontier of `model` with the exclusions of `excluded`. O(S·L log(S·L)).
    public static func frontier(_ model: ScoringModel, excluded: [[Int]]) -> Frontier {
        let options = self.options(model, excluded: excluded)
        let blocked = options.indices.filter { options[$0].isEmpty }
        guard blocked.isEmpty else {
            return Frontier(options: options, start: [], steps: [], points: [], blocked: blocked)
        }
        var start: [Int] = []
        var steps: [FrontierStep] = []
        var intrusiveness = 0.0
        var value = 0.0
        for (s, opts) in options.enumerated() {
            let h = hull(opts)
            start.append(h[0].level)
            intrusiveness += h[0].cost
            value += h[0].value
            for i in 1..<max(1, h.count) {
                steps.append(FrontierStep(segment: s, from: h[i - 1].level, to: h[i].level,
                                          cost: h[i].cost - h[i - 1].cost, value: h[i].value - h[i - 1].value))
            }
        }
        // Within a segment slopes already decrease, so a stable sort keeps each segment's moves in order.
        let order = steps.indices.sorted { a, b in
            let sa = steps[a].slope, sb = steps[b].slope
            return sa != sb ? sa > sb : a < b
        }
        steps = order.map { steps[$0] }
        var points = [FrontierPoint(intrusiveness: intrusiveness, value: value, steps: 0)]
        points.reserveCapacity(steps.count + 1)
        for (i, step) in steps.enumerated() {
            intrusiveness += step.cost
            value += step.value
            points.append(FrontierPoint(intrusiveness: intrusiveness, value: value, steps: i + 1))
        }
        return Frontier(options: options, start: start, steps: steps, points: points, blocked: [])
    }

    /// The allowed setting with the most value whose aggregate intrusiveness is at most `budget`.
    /// Exact (branch and bound) up to `exactLimit` segments; beyond, the frontier's setting at the
    /// budget improved by any later moves that still fit, within one step of the LP bound.
    public static func balance(_ model: ScoringModel, excluded: [[Int]], budget: Double) throws(BalanceError) -> BalanceResult {
        let frontier = self.frontier(model, excluded: excluded)
        guard frontier.blocked.isEmpty else { throw .blocked(segments: frontier.blocked) }
        guard let first = frontier.points.first else { throw .blocked(segments: []) }
        let tolerance = 1e-9
        guard first.intrusiveness <= budget + tolerance else { throw .budgetTooLow(minimum: first.intrusiveness) }
        let bound = frontier.value(atIntrusiveness: budget)
        // Greedy along the frontier, then any later move that still fits (in each segment's order).
        var levels = frontier.start
        var cost = first.intrusiveness
        var value = first.value
        var stuck = Set<Int>()
        for step in frontier.steps {
            if stuck.contains(step.segment) { continue }
            if cost + step.cost <= budget + tolerance {
                levels[step.segment] = step.to
                cost += step.cost
                value += step.value
            } else {
                stuck.insert(step.segment)
            }
        }
        var result = BalanceResult(levels: levels, intrusiveness: cost, value: value, exact: false, bound: bound)
        if model.segmentCount <= exactLimit, let exact = branchAndBound(frontier.options, budget: budget + tolerance, incumbent: result) {
            result = exact
            result.bound = bound
        }
        return result
    }

    /// Exact multiple-choice knapsack by depth-first branch and bound with the LP (convex hull)
    /// bound; nil when it gives up (more than `nodeLimit` nodes).
    static func branchAndBound(_ options: [[LevelOption]], budget: Double, incumbent: BalanceResult,
                               nodeLimit: Int = 2_000_000) -> BalanceResult? {
        let n = options.count
        // Segments with the widest value range first: the bound tightens fastest.
        let order = options.indices.sorted {
            let ra = (options[$0].map(\.value).max() ?? 0) - (options[$0].map(\.value).min() ?? 0)
            let rb = (options[$1].map(\.value).max() ?? 0) - (options[$1].map(\.value).min() ?? 0)
            return ra != rb ? ra > rb : $0 < $1
        }
        let hulls = order.map { hull(options[$0]) }
        let minCost = order.map { s in options[s].map(\.cost).min() ?? 0 }
        // suffixMin[i]: the least cost of segments order[i...].
        var suffixMin = Array(repeating: 0.0, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) { suffixMin[i] = suffixMin[i + 1] + minCost[i] }

        /// LP bound of segments order[i...] within `room`: start each at its hull's first point, then
        /// take hull moves by slope, the last one fractionally.
        func lpBound(_ i: Int, _ room: Double) -> Double {
            var value = 0.0
            var left = room
            var moves: [(slope: Double, cost: Double, value: Double)] = []
            for k in i..<n {
                let h = hulls[k]
                value += h[0].value
                left -= h[0].cost
                for j in 1..<max(1, h.count) {
                    let c = h[j].cost - h[j - 1].cost, v = h[j].value - h[j - 1].value
                    moves.append((c > 0 ? v / c : .infinity, c, v))
                }
            }
            if left < 0 { return -.infinity }
            moves.sort { $0.slope > $1.slope }
            for m in moves {
                if m.cost <= left {
                    left -= m.cost
                    value += m.value
                } else {
                    value += m.value * left / m.cost
                    break
                }
            }
            return value
        }

        var best = incumbent
        var bestValue = incumbent.value
        var chosen = Array(repeating: 0, count: n)
        var nodes = 0
        var gaveUp = false
        func search(_ i: Int, _ cost: Double, _ value: Double) {
            if gaveUp { return }
            nodes += 1
            if nodes > nodeLimit { gaveUp = true; return }
            if i == n {
                if value > bestValue + 1e-12 {
                    bestValue = value
                    var levels = Array(repeating: 0, count: n)
                    for k in 0..<n { levels[order[k]] = chosen[k] }
                    best = BalanceResult(levels: levels, intrusiveness: cost, value: value, exact: true, bound: 0)
                }
                return
            }
            if value + lpBound(i, budget - cost) <= bestValue + 1e-12 { return }
            // Most valuable options first, so good incumbents come early.
            for o in options[order[i]].sorted(by: { $0.value > $1.value }) where cost + o.cost + suffixMin[i + 1] <= budget {
                chosen[i] = o.level
                search(i + 1, cost + o.cost, value + o.value)
            }
        }
        search(0, 0, 0)
        if gaveUp { return nil }
        best.exact = true
        return best
    }
}
