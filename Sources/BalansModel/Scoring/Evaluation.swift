/// The scenario-wide figures (SPEC §1.7).
public struct Aggregate: Sendable, Equatable {
    /// Σ size × exposure / N, 0…100: the headline score.
    public var intrusiveness: Double
    public var band: Band
    /// Σ size × effectiveUplift / N.
    public var uplift: Double
    /// Σ value (extra conversions).
    public var value: Double
    /// The segment with the highest score (first on ties); nil without segments.
    public var peak: Int?
    public var peakScore: Double
    /// N = Σ size.
    public var customers: Int
}

/// One value of a group attribute in the fairness audit (SPEC §1.8).
public struct FairnessGroup: Sendable, Equatable {
    public var value: String
    public var size: Int
    public var upliftRate: Double
    public var exposureRate: Double
}

/// The parities of one group attribute (SPEC §1.8).
public struct FairnessAttribute: Sendable, Equatable {
    public var attribute: String
    public var upliftParity: Double
    public var exposureParity: Double
    public var groups: [FairnessGroup]
}

/// One combined group of an intersection: a value per attribute (issue #17, docs/model.md §7).
public struct IntersectionGroup: Sendable, Equatable {
    /// The group's value of each attribute of the intersection, in its order.
    public var values: [String]
    public var size: Int
    public var upliftRate: Double
    public var exposureRate: Double
    /// Whether the group is large enough (`Policy.minGroupSize`) to be judged; a smaller one is
    /// shown but left out of the parities, as Fairlearn warns about small groups.
    public var judged: Bool

    /// "13-17 × rural".
    public var name: String { values.joined(separator: " × ") }
}

/// The parities over the combined values of several attributes (SPEC §1.8's formulas over the
/// groups that are judged; the single-attribute figures of §1.8 are unchanged by it).
public struct IntersectionFairness: Sendable, Equatable {
    public var attributes: [String]
    public var minGroupSize: Int
    public var upliftParity: Double
    public var exposureParity: Double
    /// Groups with customers, in order of first appearance; judged or not.
    public var groups: [IntersectionGroup]

    /// "age × region".
    public var name: String { attributes.joined(separator: " × ") }

    /// The intersection as the parity rules see it: an attribute named `name` whose groups are
    /// the judged ones.
    public var judged: FairnessAttribute {
        FairnessAttribute(attribute: name, upliftParity: upliftParity, exposureParity: exposureParity,
                          groups: groups.filter(\.judged).map {
                              FairnessGroup(value: $0.name, size: $0.size, upliftRate: $0.upliftRate, exposureRate: $0.exposureRate)
                          })
    }
}

/// Size-weighted sums over a run of segments, and the peak among them.
struct Totals: Combinable {
    var groups = GroupTotals()
    var value: Double = 0
    var peakScore: Double = 0
    var peak: Int32 = -1
    var errors: Int32 = 0
    var warnings: Int32 = 0
    var infos: Int32 = 0

    static let identity = Totals()

    static func combine(_ a: Totals, _ b: Totals) -> Totals {
        var t = a
        t.groups = GroupTotals.combine(a.groups, b.groups)
        t.value = a.value + b.value
        t.errors = a.errors + b.errors
        t.warnings = a.warnings + b.warnings
        t.infos = a.infos + b.infos
        if b.peak >= 0 && (a.peak < 0 || b.peakScore > a.peakScore) {
            t.peak = b.peak
            t.peakScore = b.peakScore
        }
        return t
    }

    init() {}

    init(row: SegmentScore, size: Int) {
        groups = GroupTotals(row: row, size: size)
        value = row.value
        peak = Int32(truncatingIfNeeded: row.segment)
        peakScore = row.score
        for v in row.violations {
            switch v.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            case .off: break
            }
        }
    }
}

/// Size-weighted sums for the fairness audit (one tree per group value).
struct GroupTotals: Combinable {
    var size: Double = 0
    var sizeExposure: Double = 0
    var sizeUplift: Double = 0

    static let identity = GroupTotals()

    static func combine(_ a: GroupTotals, _ b: GroupTotals) -> GroupTotals {
        GroupTotals(size: a.size + b.size, sizeExposure: a.sizeExposure + b.sizeExposure, sizeUplift: a.sizeUplift + b.sizeUplift)
    }

    init() {}

    init(size: Double, sizeExposure: Double, sizeUplift: Double) {
        self.size = size
        self.sizeExposure = sizeExposure
        self.sizeUplift = sizeUplift
    }

    init(row: SegmentScore, size: Int) {
        let s = Double(size)
        self.size = s
        sizeExposure = s * row.exposure
        sizeUplift = s * row.effectiveUplift
    }
}

/// The setting of a whole scenario: a level and exclusions per segment.
public struct Setting: Sendable, Equatable {
    public var levels: [Int]
    /// Sorted category indices excluded per segment.
    public var excluded: [[Int]]

    public init(levels: [Int], excluded: [[Int]]) {
        self.levels = levels
        self.excluded = excluded
    }

    /// All segments at level 0, nothing excluded.
    public static func generic(segments: Int) -> Setting {
        Setting(levels: Array(repeating: 0, count: segments), excluded: Array(repeating: [], count: segments))
    }
}

/// A scored setting that updates incrementally: changing one segment re-scores that segment only
/// and re-aggregates in O(log n).
public struct Evaluation: Sendable {
    public let model: ScoringModel
    public private(set) var setting: Setting
    public private(set) var rows: [SegmentScore]
    private var totals: SumTree<Totals>
    /// Fairness: per attribute, its values in order of first appearance, each with a tree over
    /// its member segments; and per segment, its (attribute, value, position) memberships.
    private var groupTrees: [(attribute: String, values: [(value: String, tree: SumTree<GroupTotals>)])]
    private var memberships: [[(attribute: Int, value: Int, position: Int)]]
    /// The same for the policy's intersections (empty when it names none): per intersection its
    /// combined values, each with a tree; per segment its memberships.
    private var intersectionTrees: [(attributes: [String], values: [(values: [String], tree: SumTree<GroupTotals>)])]
    private var intersectionMemberships: [[(intersection: Int, value: Int, position: Int)]]

    public init(model: ScoringModel, setting: Setting) {
        self.model = model
        self.setting = setting
        let segments = model.scenario.segments
        // Each row depends on its segment only: a large scenario is scored in two halves at once.
        rows = Parallel.map(segments.count, threshold: 20_000) {
            model.score(segment: $0, level: setting.levels[$0], excluded: setting.excluded[$0])
        }
        totals = SumTree(rows.map { Totals(row: $0, size: segments[$0.segment].size) })
        // Group structure is fixed by the scenario; only the leaves change.
        let rows = self.rows
        let groups = Evaluation.groupMembers(segments)
        var memberships = Array(repeating: [(attribute: Int, value: Int, position: Int)](), count: segments.count)
        for (a, attr) in groups.enumerated() {
            for (v, value) in attr.values.enumerated() {
                for (position, s) in value.members.enumerated() { memberships[s].append((a, v, position)) }
            }
        }
        groupTrees = groups.map { attr in
            (attr.attribute, attr.values.map { value in
                (value.value, SumTree(value.members.map { GroupTotals(row: rows[$0], size: segments[$0].size) }))
            })
        }
        self.memberships = memberships
        (intersectionTrees, intersectionMemberships) = Evaluation.intersectionStructure(model: model, rows: rows)
    }

    /// Per attribute (in order of first appearance), its values in order of first appearance, each
    /// with its member segments in scenario order. Fixed by the scenario: only the figures change.
    static func groupMembers(_ segments: [Segment]) -> [(attribute: String, values: [(value: String, members: [Int])])] {
        var attrOrder: [String] = []
        var attrIndex: [String: Int] = [:]
        var valueOrder: [[String]] = []
        var valueIndex: [[String: Int]] = []
        var members: [[[Int]]] = []
        for (s, seg) in segments.enumerated() {
            for (attribute, value) in seg.groups {
                let a: Int
                if let existing = attrIndex[attribute] { a = existing } else {
                    a = attrOrder.count
                    attrIndex[attribute] = a
                    attrOrder.append(attribute)
                    valueOrder.append([])
                    valueIndex.append([:])
                    members.append([])
                }
                let v: Int
                if let existing = valueIndex[a][value] { v = existing } else {
                    v = valueOrder[a].count
                    valueIndex[a][value] = v
                    valueOrder[a].append(value)
                    members[a].append([])
                }
                members[a][v].append(s)
            }
        }
        return attrOrder.indices.map { a in (attrOrder[a], valueOrder[a].indices.map { v in (valueOrder[a][v], members[a][v]) }) }
    }

    /// The combined groups of the policy's intersections, each with its member segments in
    /// scenario order: a segment belongs to one when it has every attribute of it (a segment
    /// without one of them is left out, as in SPEC §1.8).
    static func intersectionMembers(_ model: ScoringModel) -> [(attributes: [String], values: [(values: [String], members: [Int])])] {
        model.policy.intersections.map { attributes in
            var order: [[String]] = []
            var index: [[String]: Int] = [:]
            var members: [[Int]] = []
            for (s, seg) in model.scenario.segments.enumerated() {
                var values: [String] = []
                for a in attributes {
                    guard let v = seg.groups.first(where: { $0.attribute == a })?.value else { break }
                    values.append(v)
                }
                guard values.count == attributes.count else { continue }
                let v: Int
                if let existing = index[values] { v = existing } else {
                    v = order.count
                    index[values] = v
                    order.append(values)
                    members.append([])
                }
                members[v].append(s)
            }
            return (attributes, order.indices.map { (order[$0], members[$0]) })
        }
    }

    static func intersectionStructure(model: ScoringModel, rows: [SegmentScore])
        -> ([(attributes: [String], values: [(values: [String], tree: SumTree<GroupTotals>)])],
            [[(intersection: Int, value: Int, position: Int)]]) {
        guard !model.policy.intersections.isEmpty else { return ([], []) }
        let segments = model.scenario.segments
        var memberships = Array(repeating: [(intersection: Int, value: Int, position: Int)](), count: segments.count)
        let structure = intersectionMembers(model)
        for (i, x) in structure.enumerated() {
            for (v, value) in x.values.enumerated() {
                for (position, s) in value.members.enumerated() { memberships[s].append((i, v, position)) }
            }
        }
        let trees = structure.map { x in
            (x.attributes, x.values.map { value in
                (value.values, SumTree(value.members.map { GroupTotals(row: rows[$0], size: segments[$0].size) }))
            })
        }
        return (trees, memberships)
    }

    /// The policy's intersections and their parities (empty when it names none).
    public var intersections: [IntersectionFairness] {
        Evaluation.intersections(intersectionTrees.map { x in (x.attributes, x.values.map { ($0.values, $0.tree.total) }) },
                                 minimum: model.policy.minGroupSize)
    }

    /// The intersections' figures from each combined group's totals.
    static func intersections(_ totals: [(attributes: [String], values: [(values: [String], total: GroupTotals)])],
                              minimum: Int) -> [IntersectionFairness] {
        totals.map { x in
            var groups: [IntersectionGroup] = []
            for v in x.values {
                let t = v.total
                guard t.size > 0 else { continue }
                groups.append(IntersectionGroup(values: v.values, size: Int(t.size), upliftRate: t.sizeUplift / t.size,
                                                exposureRate: t.sizeExposure / t.size, judged: Int(t.size) >= minimum))
            }
            let judged = groups.filter(\.judged)
            return IntersectionFairness(attributes: x.attributes, minGroupSize: minimum,
                                        upliftParity: Evaluation.parity(judged.map(\.upliftRate)),
                                        exposureParity: Evaluation.parity(judged.map(\.exposureRate)), groups: groups)
        }
    }

    /// The aggregate rules' breaches: max-intrusiveness, and the parity rules over each attribute
    /// and each of the policy's intersections.
    public var aggregateViolations: [Violation] {
        PolicyCheck.aggregateViolations(aggregate: aggregate, fairness: fairness + intersections.map(\.judged), policy: model.policy)
    }

    /// Convenience: evaluates `model` at all-generic.
    public init(model: ScoringModel) {
        self.init(model: model, setting: .generic(segments: model.segmentCount))
    }

    /// Sets segment `s` to `level` (clamped to the ladder).
    public mutating func setLevel(_ s: Int, _ level: Int) {
        let l = max(0, min(model.levelCount - 1, level))
        guard setting.levels[s] != l else { return }
        setting.levels[s] = l
        rescore(s)
    }

    /// Excludes (or includes again) category `c` for segment `s`.
    public mutating func setExcluded(_ s: Int, category c: Int, _ excluded: Bool) {
        var x = setting.excluded[s]
        if excluded {
            guard !x.contains(c) else { return }
            x.append(c)
            x.sort()
        } else {
            guard let i = x.firstIndex(of: c) else { return }
            x.remove(at: i)
        }
        setting.excluded[s] = x
        rescore(s)
    }

    /// Sets the excluded categories of segment `s` (sorted category indices).
    public mutating func setExclusions(_ s: Int, _ excluded: [Int]) {
        let sorted = excluded.sorted()
        guard setting.excluded[s] != sorted else { return }
        setting.excluded[s] = sorted
        rescore(s)
    }

    /// Replaces the whole setting (open a preset, undo): re-scores only the segments that differ.
    public mutating func apply(_ new: Setting) {
        for s in new.levels.indices where new.levels[s] != setting.levels[s] || new.excluded[s] != setting.excluded[s] {
            setting.levels[s] = new.levels[s]
            setting.excluded[s] = new.excluded[s]
            rescore(s)
        }
    }

    private mutating func rescore(_ s: Int) {
        let row = model.score(segment: s, level: setting.levels[s], excluded: setting.excluded[s])
        rows[s] = row
        let t = Totals(row: row, size: model.scenario.segments[s].size)
        totals.update(s, t)
        for m in memberships[s] {
            groupTrees[m.attribute].values[m.value].tree.update(m.position, t.groups)
        }
        if !intersectionMemberships.isEmpty {
            for m in intersectionMemberships[s] {
                intersectionTrees[m.intersection].values[m.value].tree.update(m.position, t.groups)
            }
        }
    }

    public var aggregate: Aggregate { Evaluation.aggregate(totals.total) }

    /// The scenario-wide figures from the totals over every segment.
    static func aggregate(_ t: Totals) -> Aggregate {
        let n = t.groups.size
        let intrusiveness = n > 0 ? t.groups.sizeExposure / n : 0
        return Aggregate(intrusiveness: intrusiveness, band: Band.of(score: intrusiveness),
                         uplift: n > 0 ? t.groups.sizeUplift / n : 0, value: t.value,
                         peak: t.peak >= 0 ? Int(t.peak) : nil, peakScore: t.peak >= 0 ? t.peakScore : 0,
                         customers: Int(n))
    }

    /// Number of per-segment violations by severity (for a status line without listing them).
    public var segmentViolationCounts: (errors: Int, warnings: Int, infos: Int) {
        let t = totals.total
        return (Int(t.errors), Int(t.warnings), Int(t.infos))
    }

    /// Fairness per group attribute (SPEC §1.8).
    public var fairness: [FairnessAttribute] {
        Evaluation.fairness(groupTrees.map { attr in (attr.attribute, attr.values.map { ($0.value, $0.tree.total) }) })
    }

    /// Fairness per attribute from each group value's totals.
    static func fairness(_ totals: [(attribute: String, values: [(value: String, total: GroupTotals)])]) -> [FairnessAttribute] {
        totals.map { attr in
            var groups: [FairnessGroup] = []
            for v in attr.values {
                let t = v.total
                guard t.size > 0 else { continue }
                groups.append(FairnessGroup(value: v.value, size: Int(t.size),
                                            upliftRate: t.sizeUplift / t.size, exposureRate: t.sizeExposure / t.size))
            }
            return FairnessAttribute(attribute: attr.attribute,
                                     upliftParity: Evaluation.parity(groups.map(\.upliftRate)),
                                     exposureParity: Evaluation.parity(groups.map(\.exposureRate)),
                                     groups: groups)
        }
    }

    /// min / max, or 1 when the maximum is 0 or there are fewer than two values.
    static func parity(_ rates: [Double]) -> Double {
        guard rates.count >= 2, let hi = rates.max(), let lo = rates.min(), hi > 0 else { return 1 }
        return lo / hi
    }

    /// `violations`, one at a time, without gathering them: a 100 000-segment report has as many,
    /// and copying each twice into arrays was a twentieth of writing it.
    public func forEachViolation(_ body: (Violation) -> Void) {
        Evaluation.forEachViolation(overall: aggregateViolations, segments: rows.lazy.flatMap(\.violations), body)
    }

    /// The aggregate breaches and the segments' (`segments`, in segment order) in rule
    /// order; within a rule, aggregate ones first, then by segment.
    static func forEachViolation<S: Sequence<Violation>>(overall: [Violation], segments: S, _ body: (Violation) -> Void) {
        var present = Array(repeating: false, count: RuleID.allCases.count)
        for v in overall { present[v.rule.order] = true }
        for v in segments { present[v.rule.order] = true }
        for order in present.indices where present[order] {
            for v in overall where v.rule.order == order { body(v) }
            for v in segments where v.rule.order == order { body(v) }
        }
    }

    /// Every violation, in rule order; within a rule by segment or attribute order (the order of
    /// `forEachViolation`, gathered in one pass: the Ethics screen asks for it on every frame).
    public var violations: [Violation] {
        Evaluation.violations(overall: aggregateViolations, segments: rows.lazy.flatMap(\.violations))
    }

    static func violations<S: Sequence<Violation>>(overall: [Violation], segments: S) -> [Violation] {
        var byRule = Array(repeating: [Violation](), count: RuleID.allCases.count)
        for v in overall { byRule[v.rule.order].append(v) }
        for v in segments { byRule[v.rule.order].append(v) }
        return Array(byRule.joined())
    }
}
