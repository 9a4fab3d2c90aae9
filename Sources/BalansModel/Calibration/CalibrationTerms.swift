/// The terms of the score that a calibration estimates (SPEC §1.4–1.5). With the ENISA structure
/// kept, I = DPC × EI + M is linear in the modifier weights; answers on the intrusiveness scale are
/// modelled as a respondent's own level plus a slope β times I, so that each regressor below
/// carries β × its weight, and a weight is the ratio of its coefficient to the slope's
/// (docs/calibration.md, section 2).
public enum CalibrationTerm: String, Sendable, CaseIterable, Equatable {
    /// DPC × EI with DPC the tier's base: the ENISA part, whose coefficient is the slope β.
    case slope
    case declared, observed, inferred, specialFeature, crossContext, obtrusive, vulnerable
    /// EI × [profiling]: DPC + profilingBoost times EI, uncapped because profiling vignettes use
    /// data of tier 1 or 2 only (the cap of 4 binds only for boosts above 2).
    case profilingBoost

    /// The terms that are weights (all but the slope), in the order of the scenario's `weights`.
    public static let weights: [CalibrationTerm] = allCases.filter { $0 != .slope }

    /// The key of the weight in a scenario's `weights` object, as SPEC §1.4 names it.
    public var weightKey: String {
        switch self {
        case .slope: return "slope"
        case .declared: return "origin.declared"
        case .observed: return "origin.observed"
        case .inferred: return "origin.inferred"
        default: return rawValue
        }
    }

    /// This weight in `w`.
    public func value(in w: Weights) -> Double {
        switch self {
        case .slope: return 1
        case .declared: return w.declared
        case .observed: return w.observed
        case .inferred: return w.inferred
        case .specialFeature: return w.specialFeature
        case .crossContext: return w.crossContext
        case .obtrusive: return w.obtrusive
        case .vulnerable: return w.vulnerable
        case .profilingBoost: return w.profilingBoost
        }
    }

    /// `w` with this weight set to `x`.
    public func set(_ x: Double, in w: inout Weights) {
        switch self {
        case .slope: break
        case .declared: w.declared = x
        case .observed: w.observed = x
        case .inferred: w.inferred = x
        case .specialFeature: w.specialFeature = x
        case .crossContext: w.crossContext = x
        case .obtrusive: w.obtrusive = x
        case .vulnerable: w.vulnerable = x
        case .profilingBoost: w.profilingBoost = x
        }
    }

    /// The weights the guard rail keeps at or above their defaults (issue 15, item 3): the ones
    /// that protect vulnerable people and opt-in special features.
    public var isProtection: Bool { self == .vulnerable || self == .specialFeature }
}

/// One situation a respondent judges: a data bundle (one category of the scenario, or none for the
/// generic anchor) and the score's flags. Its texts are worded by BalansText.
public struct Vignette: Sendable, Equatable {
    public var id: String
    /// The category whose data the vignette uses; nil for the generic anchor (no data).
    public var category: String?
    public var tier: Tier
    public var identifiability: Identifiability
    public var origin: Origin
    public var specialFeature: Bool
    public var crossContext: Int
    public var obtrusive: Bool
    public var profiling: Bool
    /// Framed in the third person: the customer is a minor or vulnerable.
    public var vulnerable: Bool
    /// The text per language code ("en", "sv"), in that order.
    public var texts: [(language: String, text: String)]

    public init(id: String, category: String?, tier: Tier = .simple, identifiability: Identifiability = .negligible,
                origin: Origin = .declared, specialFeature: Bool = false, crossContext: Int = 0, obtrusive: Bool = false,
                profiling: Bool = false, vulnerable: Bool = false, texts: [(language: String, text: String)] = []) {
        self.id = id
        self.category = category
        self.tier = tier
        self.identifiability = identifiability
        self.origin = origin
        self.specialFeature = specialFeature
        self.crossContext = crossContext
        self.obtrusive = obtrusive
        self.profiling = profiling
        self.vulnerable = vulnerable
        self.texts = texts
    }

    public var isGeneric: Bool { category == nil }

    public func text(_ language: String) -> String? { texts.first { $0.language == language }?.text }

    /// The regressors in `CalibrationTerm.allCases` order; all 0 for the generic anchor (I = 0,
    /// SPEC §1.5: no flag applies without data).
    public var regressors: [Double] {
        guard !isGeneric else { return [Double](repeating: 0, count: CalibrationTerm.allCases.count) }
        let ei = identifiability.value
        return [Double(tier.base) * ei,
                origin == .declared ? 1 : 0, origin == .observed ? 1 : 0, origin == .inferred ? 1 : 0,
                specialFeature ? 1 : 0, Double(crossContext), obtrusive ? 1 : 0, vulnerable ? 1 : 0,
                profiling ? ei : 0]
    }

    /// I of SPEC §1.5 for this vignette under `w`.
    public func intrusiveness(_ w: Weights) -> Double {
        guard !isGeneric else { return 0 }
        let dpc = profiling ? min(4, Double(tier.base) + w.profilingBoost) : Double(tier.base)
        return dpc * identifiability.value + w.origin(origin) + (specialFeature ? w.specialFeature : 0)
            + Double(crossContext) * w.crossContext + (obtrusive ? w.obtrusive : 0) + (vulnerable ? w.vulnerable : 0)
    }

    public static func == (a: Vignette, b: Vignette) -> Bool {
        a.id == b.id && a.category == b.category && a.tier == b.tier && a.identifiability == b.identifiability
            && a.origin == b.origin && a.specialFeature == b.specialFeature && a.crossContext == b.crossContext
            && a.obtrusive == b.obtrusive && a.profiling == b.profiling && a.vulnerable == b.vulnerable
            && a.texts.elementsEqual(b.texts, by: { $0.language == $1.language && $0.text == $1.text })
    }
}

/// The seven semantic-differential items of Li, Edwards & Lee (2002), answered 1–7.
public enum IntrusivenessItem: String, Sendable, CaseIterable {
    case distracting, disturbing, forced, interfering, intrusive, invasive, obtrusive

    public static let scale: ClosedRange<Int> = 1...7
}
