/// What fitted weights change in a scenario (issue 15, "the impact"): every segment and level
/// whose band moves when the scenario's weights are replaced by the fitted ones, and how the
/// efficient frontier (SPEC §1.10, under the scenario's policy) moves.
public struct CalibrationImpact: Sendable, Equatable {
    /// A frontier in a few figures: its ends and its value at the band cut points.
    public struct FrontierSummary: Sendable, Equatable {
        public var startIntrusiveness: Double
        public var startValue: Double
        public var endIntrusiveness: Double
        public var endValue: Double
        /// The frontier's value at intrusiveness 100/3, 50 and 200/3 (the band cut points).
        public var valueAtCuts: [Double]
        public var points: Int

        public static let cuts: [Double] = [100.0 / 3, 50, 200.0 / 3]

        init?(_ f: Frontier) {
            guard let first = f.points.first, let last = f.points.last else { return nil }
            startIntrusiveness = first.intrusiveness
            startValue = first.value
            endIntrusiveness = last.intrusiveness
            endValue = last.value
            valueAtCuts = FrontierSummary.cuts.map { f.value(atIntrusiveness: $0) }
            points = f.points.count
        }
    }

    /// The frontier under the scenario's weights and under the fitted ones; nil when the ethical
    /// code allows no level of some segment.
    public var frontierBefore: FrontierSummary?
    public var frontierAfter: FrontierSummary?
    public struct Change: Sendable, Equatable {
        public var segment: String
        public var level: Int
        public var score: Double
        public var band: Band
        public var calibratedScore: Double
        public var calibratedBand: Band
    }

    /// Segment × level pairs, in file order, whose band differs.
    public var changes: [Change]
    /// How many segment × level pairs were compared (levels that touch no data never change).
    public var compared: Int

    public init(scenario: Scenario, weights: Weights) {
        let before = ScoringModel(scenario: scenario, policy: Policy.defaults)
        var calibrated = scenario
        calibrated.weights = weights
        let after = ScoringModel(scenario: calibrated, policy: Policy.defaults)
        var changes: [Change] = []
        var compared = 0
        for s in scenario.segments.indices {
            let a = before.levelFigures(segment: s), b = after.levelFigures(segment: s)
            for k in a.indices {
                compared += 1
                if a[k].band != b[k].band {
                    changes.append(Change(segment: scenario.segments[s].id, level: k, score: a[k].score, band: a[k].band,
                                          calibratedScore: b[k].score, calibratedBand: b[k].band))
                }
            }
        }
        self.changes = changes
        self.compared = compared
        let policy = Policy.resolved(scenario.policy.map { [$0] } ?? [])
        let none = [[Int]](repeating: [], count: scenario.segments.count)
        frontierBefore = FrontierSummary(Optimizer.frontier(before.with(policy: policy), excluded: none))
        frontierAfter = FrontierSummary(Optimizer.frontier(after.with(policy: policy), excluded: none))
    }
}

extension Scenario {
    /// This scenario with `weights`, every key written out, and where they came from (for
    /// `calibrate fit --apply`, decision 0033). A nil `source` drops any earlier one: it would vouch
    /// for weights it did not produce.
    public func withCalibrated(_ weights: Weights, source: WeightsSource? = nil) -> Scenario {
        var s = self
        s.weights = weights
        s.weightsSource = source
        s.weightOverrides = ["origin.declared", "origin.observed", "origin.inferred", "specialFeature", "crossContext",
                             "obtrusive", "vulnerable", "profilingBoost"]
        return s
    }
}
