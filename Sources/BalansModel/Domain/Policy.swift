/// Intrusiveness band (SPEC §1.5): `low` < 2 ≤ `medium` < 3 ≤ `high` < 4 ≤ `very-high` on I.
public enum Band: String, Sendable, CaseIterable, Comparable {
    case low
    case medium
    case high
    case veryHigh = "very-high"

    var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        case .veryHigh: return 3
        }
    }

    public static func < (a: Band, b: Band) -> Bool { a.rank < b.rank }

    /// The band of an intensity I (ENISA severity bands).
    public static func of(intensity i: Double) -> Band {
        if i < 2 { return .low }
        if i < 3 { return .medium }
        if i < 4 { return .high }
        return .veryHigh
    }

    /// The band of an aggregate score on the 0–100 scale, with the exact cut points 100/3, 50, 200/3.
    public static func of(score s: Double) -> Band {
        if s < 100.0 / 3.0 { return .low }
        if s < 50 { return .medium }
        if s < 200.0 / 3.0 { return .high }
        return .veryHigh
    }
}

/// How serious a breach of a rule is. `off` disables the rule.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case error, warning, info, off

    var rank: Int {
        switch self {
        case .error: return 3
        case .warning: return 2
        case .info: return 1
        case .off: return 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The rules of the ethical code (SPEC §1.9), in the order violations are reported.
public enum RuleID: String, Sendable, CaseIterable {
    case maxBand = "max-band"
    case maxIntrusiveness = "max-intrusiveness"
    case minorsProfiling = "minors-profiling"
    case vulnerableBand = "vulnerable-band"
    case specialCategory = "special-category"
    case noReach = "no-reach"
    case upliftParity = "uplift-parity"
    case exposureParity = "exposure-parity"
    case dpia = "dpia"

    /// Position in the table of SPEC §1.9 (the reporting order).
    public var order: Int { RuleID.allCases.firstIndex(of: self) ?? 0 }

    public var defaultSeverity: Severity {
        switch self {
        case .maxBand, .maxIntrusiveness, .minorsProfiling, .vulnerableBand: return .error
        case .specialCategory, .noReach, .upliftParity: return .warning
        case .exposureParity, .dpia: return .info
        }
    }

    /// The settings besides `severity` that this rule accepts.
    public var settingKeys: [String] {
        switch self {
        case .maxBand: return ["maxBand"]
        case .maxIntrusiveness: return ["maxIntrusiveness"]
        case .vulnerableBand: return ["vulnerableMaxBand"]
        case .upliftParity, .exposureParity: return ["minParity"]
        case .dpia: return ["largeScale"]
        case .minorsProfiling, .specialCategory, .noReach: return []
        }
    }

    /// Rules that concern one segment alone (they restrict the optimiser, SPEC §1.10).
    public var isPerSegment: Bool {
        switch self {
        case .maxIntrusiveness, .upliftParity, .exposureParity: return false
        default: return true
        }
    }
}

/// The settings one layer (scenario `policy`, or a `--policy` file) gives for one rule; nil means
/// "not set here, keep the lower layer's".
public struct RuleSettings: Sendable, Equatable {
    public var severity: Severity?
    public var maxBand: Band?
    /// `.some(nil)` is an explicit `null`: no limit.
    public var maxIntrusiveness: Double??
    public var vulnerableMaxBand: Band?
    public var minParity: Double?
    public var largeScale: Int?

    public init(severity: Severity? = nil, maxBand: Band? = nil, maxIntrusiveness: Double?? = nil,
                vulnerableMaxBand: Band? = nil, minParity: Double? = nil, largeScale: Int? = nil) {
        self.severity = severity
        self.maxBand = maxBand
        self.maxIntrusiveness = maxIntrusiveness
        self.vulnerableMaxBand = vulnerableMaxBand
        self.minParity = minParity
        self.largeScale = largeScale
    }
}

/// One layer of policy settings: the body of a policy file, or a scenario's `policy` object.
public struct PolicyLayer: Sendable, Equatable {
    public var name: String?
    /// Settings per rule, in file order.
    public var rules: [(rule: RuleID, settings: RuleSettings)]
    /// Groups of attributes whose combined values are judged by the parity rules as well (issue
    /// #17: a group disadvantaged only where two attributes meet); nil: not set in this layer.
    public var intersections: [[String]]?
    /// The fewest customers a combined group needs to be judged; nil: not set in this layer.
    public var minGroupSize: Int?

    public init(name: String? = nil, rules: [(rule: RuleID, settings: RuleSettings)] = [],
                intersections: [[String]]? = nil, minGroupSize: Int? = nil) {
        self.name = name
        self.rules = rules
        self.intersections = intersections
        self.minGroupSize = minGroupSize
    }

    public static func == (a: PolicyLayer, b: PolicyLayer) -> Bool {
        a.name == b.name && a.rules.elementsEqual(b.rules, by: { $0.rule == $1.rule && $0.settings == $1.settings })
            && a.intersections == b.intersections && a.minGroupSize == b.minGroupSize
    }
}

/// The ethical code in force: built-in defaults with the layers applied setting by setting.
public struct Policy: Sendable, Equatable {
    public var name: String
    public var severities: [RuleID: Severity]
    public var maxBand: Band = .high
    public var maxIntrusiveness: Double? = nil
    public var vulnerableMaxBand: Band = .medium
    public var upliftMinParity: Double = 0.8
    public var exposureMinParity: Double = 0.8
    public var largeScale: Int = 100_000
    /// Attribute groups judged on their combined values too (none by default: SPEC §1.8 judges one
    /// attribute at a time), and the size below which a combined group is shown but not judged.
    public var intersections: [[String]] = []
    public var minGroupSize: Int = Policy.defaultMinGroupSize

    public static let defaultMinGroupSize = 1_000

    /// The built-in defaults of SPEC §1.9.
    public static let defaults = Policy(
        name: "Balans default code",
        severities: Dictionary(uniqueKeysWithValues: RuleID.allCases.map { ($0, $0.defaultSeverity) }))

    public func severity(_ rule: RuleID) -> Severity { severities[rule] ?? rule.defaultSeverity }

    /// Applies `layers` in order (scenario first, then `--policy`), setting by setting.
    public static func resolved(_ layers: [PolicyLayer]) -> Policy {
        var p = Policy.defaults
        for layer in layers {
            if let name = layer.name { p.name = name }
            if let i = layer.intersections { p.intersections = i }
            if let m = layer.minGroupSize { p.minGroupSize = m }
            for (rule, s) in layer.rules {
                if let sev = s.severity { p.severities[rule] = sev }
                switch rule {
                case .maxBand: if let v = s.maxBand { p.maxBand = v }
                case .maxIntrusiveness: if let v = s.maxIntrusiveness { p.maxIntrusiveness = v }
                case .vulnerableBand: if let v = s.vulnerableMaxBand { p.vulnerableMaxBand = v }
                case .upliftParity: if let v = s.minParity { p.upliftMinParity = v }
                case .exposureParity: if let v = s.minParity { p.exposureMinParity = v }
                case .dpia: if let v = s.largeScale { p.largeScale = v }
                case .minorsProfiling, .specialCategory, .noReach: break
                }
            }
        }
        return p
    }
}

/// A breach of the ethical code (SPEC §1.9).
public struct Violation: Sendable, Equatable {
    public var rule: RuleID
    public var severity: Severity
    /// Index of the segment in the scenario, when the rule is about one segment.
    public var segment: Int?
    public var attribute: String?
    /// The figures and names the message is worded from (in BalansText), so that it can be given
    /// in any language: the model states facts, never words.
    public var details: ViolationDetails

    public init(rule: RuleID, severity: Severity, segment: Int? = nil, attribute: String? = nil, details: ViolationDetails) {
        self.rule = rule
        self.severity = severity
        self.segment = segment
        self.attribute = attribute
        self.details = details
    }
}

/// What a violation's message says, one case per kind of message (SPEC §1.9).
public enum ViolationDetails: Sendable, Hashable {
    case maxBand(level: Int, levelName: String, band: Band, intensity: Double, allowed: Band)
    case minorsProfiling(level: Int, levelName: String)
    case vulnerableBand(band: Band, allowed: Band)
    case specialCategory(names: [String])
    case noReach(level: Int, levelName: String)
    case dpia(criteria: [DPIACriterion])
    case maxIntrusiveness(value: Double, limit: Double)
    case upliftParity(parity: Double, attribute: String, lowest: String, highest: String, minimum: Double)
    case exposureParity(parity: Double, attribute: String, lowest: String, highest: String, minimum: Double)
}

