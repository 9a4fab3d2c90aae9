/// What fitted weights change in a scenario (issue 15, "the impact"): every segment and level
/// whose band moves when the scenario's weights are replaced by the fitted ones. The frontier's
/// move is not computed yet (docs/calibration.md, section 7).
public struct CalibrationImpact: Sendable, Equatable {
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
    }
}

extension Scenario {
    /// This scenario with `weights`, every key written out (for `calibrate fit --apply`).
    public func withCalibrated(_ weights: Weights) -> Scenario {
        var s = self
        s.weights = weights
        s.weightOverrides = ["origin.declared", "origin.observed", "origin.inferred", "specialFeature", "crossContext",
                             "obtrusive", "vulnerable", "profilingBoost"]
        return s
    }
}
