/// A setting scored once, for a command that prints it and exits (`balans score`): the same
/// figures as `Evaluation` — every sum combined in the same pairs and order, so the same bits (a
/// test compares the two) — without what an interactive session needs to change one segment:
/// no row kept per segment (touches, cascade, DPIA criteria and breaches are four arrays each) and
/// no trees to re-aggregate. A row is scored again when it is written (`row(_:)`): scoring a
/// segment is cheaper than keeping 100 000 of them (decision 0028).
public struct BatchEvaluation: Sendable {
    public let model: ScoringModel
    public let setting: Setting
    public let aggregate: Aggregate
    public let fairness: [FairnessAttribute]
    public let intersections: [IntersectionFairness]
    /// The per-segment rules' breaches, segment after segment.
    private let segmentViolations: [Violation]

    public init(model: ScoringModel, setting: Setting) {
        self.model = model
        self.setting = setting
        let segments = model.scenario.segments
        let n = segments.count
        // One pass over the segments (two halves at once when large): each segment's totals, and
        // its breaches gathered into one array instead of one per row.
        let parts = Parallel.map(n >= 20_000 ? 2 : 1, threshold: 2) { part -> (leaves: [Totals], violations: [Violation]) in
            let range = n >= 20_000 ? (part == 0 ? 0..<n / 2 : n / 2..<n) : 0..<n
            var leaves: [Totals] = []
            leaves.reserveCapacity(range.count)
            var violations: [Violation] = []
            for s in range {
                let row = model.score(segment: s, level: setting.levels[s], excluded: setting.excluded[s])
                leaves.append(Totals(row: row, size: segments[s].size))
                violations.append(contentsOf: row.violations)
            }
            return (leaves, violations)
        }
        let leaves = parts.count == 1 ? parts[0].leaves : parts[0].leaves + parts[1].leaves
        segmentViolations = parts.count == 1 ? parts[0].violations : parts[0].violations + parts[1].violations
        aggregate = Evaluation.aggregate(SumTree.total(of: leaves))
        fairness = Evaluation.fairness(Evaluation.groupMembers(segments).map { attr in
            (attr.attribute, attr.values.map { ($0.value, SumTree.total(of: $0.members.map { leaves[$0].groups })) })
        })
        intersections = Evaluation.intersections(Evaluation.intersectionMembers(model).map { x in
            (x.attributes, x.values.map { ($0.values, SumTree.total(of: $0.members.map { leaves[$0].groups })) })
        }, minimum: model.policy.minGroupSize)
    }

    /// Convenience: `model` at all-generic.
    public init(model: ScoringModel) {
        self.init(model: model, setting: .generic(segments: model.segmentCount))
    }

    /// Number of segments (rows).
    public var count: Int { setting.levels.count }

    /// The row of segment `s`, scored again: the same row `Evaluation.rows[s]` holds. With
    /// `breaches: false` its `violations` stay empty (they are kept here already: `violations`),
    /// which is what writing the segment table needs and a tenth of the cost of a row.
    public func row(_ s: Int, breaches: Bool = true) -> SegmentScore {
        model.score(segment: s, level: setting.levels[s], excluded: setting.excluded[s], breaches: breaches)
    }

    /// The aggregate rules' breaches, as `Evaluation.aggregateViolations`.
    public var aggregateViolations: [Violation] {
        PolicyCheck.aggregateViolations(aggregate: aggregate, fairness: fairness + intersections.map(\.judged), policy: model.policy)
    }

    /// Number of per-segment violations by severity.
    public var segmentViolationCounts: (errors: Int, warnings: Int, infos: Int) {
        var e = 0, w = 0, i = 0
        for v in segmentViolations {
            switch v.severity {
            case .error: e += 1
            case .warning: w += 1
            case .info: i += 1
            case .off: break
            }
        }
        return (e, w, i)
    }

    /// `violations`, one at a time, in the same order.
    public func forEachViolation(_ body: (Violation) -> Void) {
        Evaluation.forEachViolation(overall: aggregateViolations, segments: segmentViolations, body)
    }

    /// Every violation, in rule order; within a rule by segment or attribute order.
    public var violations: [Violation] {
        Evaluation.violations(overall: aggregateViolations, segments: segmentViolations)
    }
}
