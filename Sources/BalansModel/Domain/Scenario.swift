/// ENISA data-processing-context base (SPEC §1.1): how sensitive a kind of data is.
public enum Tier: String, Sendable, CaseIterable, Comparable {
    case simple, behavioural, financial, sensitive

    /// The DPC base value 1…4.
    public var base: Int {
        switch self {
        case .simple: return 1
        case .behavioural: return 2
        case .financial: return 3
        case .sensitive: return 4
        }
    }

    public static func < (a: Tier, b: Tier) -> Bool { a.base < b.base }
}

/// ENISA ease of identification (SPEC §1.1).
public enum Identifiability: String, Sendable, CaseIterable {
    case negligible, limited, significant, maximum

    /// The EI value 0.25…1.
    public var value: Double {
        switch self {
        case .negligible: return 0.25
        case .limited: return 0.5
        case .significant: return 0.75
        case .maximum: return 1.0
        }
    }
}

/// How the data comes about (SPEC §1.1).
public enum Origin: String, Sendable, CaseIterable {
    case declared, observed, inferred
}

/// Which IAB TCF v2.2 purposes, special features and GVL data categories a category maps to.
public struct TCFMapping: Sendable, Equatable {
    public var purposes: [Int]
    public var specialFeatures: [Int]
    public var dataCategories: [Int]

    public init(purposes: [Int] = [], specialFeatures: [Int] = [], dataCategories: [Int] = []) {
        self.purposes = purposes
        self.specialFeatures = specialFeatures
        self.dataCategories = dataCategories
    }
}

/// One kind of customer data in the catalogue (SPEC §1.1).
public struct DataCategory: Sendable, Equatable {
    public var id: String
    public var name: String
    public var tier: Tier
    public var identifiability: Identifiability
    public var origin: Origin
    /// GDPR Art. 9 special category; only with `tier == .sensitive`.
    public var special: Bool
    /// An opt-in special feature in TCF terms (precise geolocation, device scanning).
    public var specialFeature: Bool
    public var tcf: TCFMapping?
    public var description: String?

    public init(id: String, name: String, tier: Tier, identifiability: Identifiability,
                origin: Origin = .observed, special: Bool = false, specialFeature: Bool = false,
                tcf: TCFMapping? = nil, description: String? = nil) {
        self.id = id
        self.name = name
        self.tier = tier
        self.identifiability = identifiability
        self.origin = origin
        self.special = special
        self.specialFeature = specialFeature
        self.tcf = tcf
        self.description = description
    }
}

/// One rung of the personalisation ladder (SPEC §1.2). Flags are as written in the file; the
/// inherited ("effective") flags are computed by `ScoringModel`.
public struct Level: Sendable, Equatable {
    public var name: String
    public var description: String?
    /// Category ids this level adds.
    public var uses: [String]
    public var profiling: Bool
    /// Linking features used, 0…2.
    public var crossContext: Int
    public var obtrusive: Bool
    /// Expected conversion uplift in percentage points (0…100): extra conversions per 100 customers
    /// who receive this level (SPEC §1.2).
    public var uplift: Double

    /// Uplifts are percentage points of conversion: 0…100 (SPEC §1.2).
    public static let upliftRange: ClosedRange<Double> = 0...100

    public init(name: String, description: String? = nil, uses: [String] = [], profiling: Bool = false,
                crossContext: Int = 0, obtrusive: Bool = false, uplift: Double = 0) {
        self.name = name
        self.description = description
        self.uses = uses
        self.profiling = profiling
        self.crossContext = crossContext
        self.obtrusive = obtrusive
        self.uplift = uplift
    }
}

/// Where a consent rate came from: the file it was imported from, when, how, and how many records
/// (choices or TC strings) it rests on. Written by `balans consent` (decision 0015); a rate without
/// a source is as the scenario's author wrote it.
public struct ConsentSource: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        /// A CMP export of rates or counts per segment and category or purpose.
        case csv
        /// IAB TCF consent strings, decoded and counted.
        case tcf
        /// Google Consent Mode signals in a CMP export, mapped to categories with `--map`
        /// (decision 0036).
        case consentMode = "consent-mode"
    }

    /// The imported file's name (its last path component: no local folders leak into scenarios).
    public var file: String
    /// The day of the import, `YYYY-MM-DD`.
    public var date: String
    public var method: Method
    /// How many records the rate rests on (choices or TC strings), when known.
    public var records: Int?

    public init(file: String, date: String, method: Method, records: Int? = nil) {
        self.file = file
        self.date = date
        self.method = method
        self.records = records
    }
}

/// Categories whose rates came from the same import (`Segment.consentSources(of:)`).
public struct ConsentSourceGroup: Sendable, Equatable {
    /// The import, without a record count (the counts differ per category: see `records`).
    public var source: ConsentSource
    /// Category ids, in the order asked for.
    public var categories: [String]
    /// The smallest and largest record count among them, when the import counted records.
    public var records: ClosedRange<Int>?
}

/// A customer segment (SPEC §1.3).
public struct Segment: Sendable, Equatable {
    public var id: String
    public var name: String
    public var size: Int
    /// Consent rate per category id, in file order; a missing category is 0.
    public var consent: [(category: String, rate: Double)]
    public var minors: Bool
    public var vulnerable: Bool
    /// Demographic attributes for the fairness audit, in file order.
    public var groups: [(attribute: String, value: String)]
    /// Per-level override of the ladder's uplift, same length as the ladder.
    public var uplift: [Double]?
    /// Where imported consent rates came from, per category id (decision 0015), in file order.
    public var consentSource: [(category: String, source: ConsentSource)]

    public init(id: String, name: String, size: Int, consent: [(category: String, rate: Double)] = [],
                minors: Bool = false, vulnerable: Bool = false,
                groups: [(attribute: String, value: String)] = [], uplift: [Double]? = nil,
                consentSource: [(category: String, source: ConsentSource)] = []) {
        self.id = id
        self.name = name
        self.size = size
        self.consent = consent
        self.minors = minors
        self.vulnerable = vulnerable
        self.groups = groups
        self.uplift = uplift
        self.consentSource = consentSource
    }

    public func consentRate(for category: String) -> Double {
        consent.first(where: { $0.category == category })?.rate ?? 0
    }

    /// Where the consent rate of `category` came from, when it was imported.
    public func source(for category: String) -> ConsentSource? {
        consentSource.first(where: { $0.category == category })?.source
    }

    /// The sources of the rates of `categories` (ids), grouped by file, day and method in the order
    /// first met, each with its categories and the range of record counts; and the categories whose
    /// rates were not imported. For the detail pane and the report, which say the same.
    public func consentSources(of categories: [String]) -> (groups: [ConsentSourceGroup], authored: [String]) {
        var groups: [ConsentSourceGroup] = []
        var authored: [String] = []
        for id in categories {
            guard let src = source(for: id) else { authored.append(id); continue }
            var key = src
            key.records = nil
            if let i = groups.firstIndex(where: { $0.source == key }) {
                groups[i].categories.append(id)
                if let r = src.records {
                    groups[i].records = groups[i].records.map { min($0.lowerBound, r)...max($0.upperBound, r) } ?? r...r
                }
            } else {
                groups.append(ConsentSourceGroup(source: key, categories: [id], records: src.records.map { $0...$0 }))
            }
        }
        return (groups, authored)
    }

    public static func == (a: Segment, b: Segment) -> Bool {
        a.id == b.id && a.name == b.name && a.size == b.size
            && a.consent.elementsEqual(b.consent, by: { $0.category == $1.category && $0.rate == $1.rate })
            && a.minors == b.minors && a.vulnerable == b.vulnerable
            && a.groups.elementsEqual(b.groups, by: { $0.attribute == $1.attribute && $0.value == $1.value })
            && a.uplift == b.uplift
            && a.consentSource.elementsEqual(b.consentSource, by: { $0.category == $1.category && $0.source == $1.source })
    }
}

/// Where a scenario's weights came from: the survey answers they were fitted to, the design those
/// answers followed, how many respondents the fit used, when and how (decision 0033). Written by
/// `balans calibrate fit --apply`; weights without a source are as the scenario's author wrote them.
public struct WeightsSource: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        /// `balans calibrate fit`: within-respondent NNLS with a percentile bootstrap over
        /// respondents (decision 0029).
        case nnls
    }

    /// The answers' file name (its last path component, or `stdin`: no local folders leak into scenarios).
    public var file: String
    /// The calibration design's file name, when known.
    public var design: String?
    /// How many respondents the fit used (those who passed the attention check).
    public var respondents: Int
    /// The day of the fit, `YYYY-MM-DD`.
    public var date: String
    public var method: Method

    public init(file: String, design: String? = nil, respondents: Int, date: String, method: Method = .nnls) {
        self.file = file
        self.design = design
        self.respondents = respondents
        self.date = date
        self.method = method
    }
}

/// The tunable modifier sizes of the score (SPEC §1.4); defaults are Balans's own choices.
public struct Weights: Sendable, Equatable {
    public var declared: Double = 0
    public var observed: Double = 0.25
    public var inferred: Double = 0.5
    public var specialFeature: Double = 0.25
    public var crossContext: Double = 0.25
    public var obtrusive: Double = 0.25
    public var vulnerable: Double = 0.5
    public var profilingBoost: Double = 1

    public init() {}

    public func origin(_ o: Origin) -> Double {
        switch o {
        case .declared: return declared
        case .observed: return observed
        case .inferred: return inferred
        }
    }
}

/// A complete scenario: catalogue, ladder, segments, weights and the scenario's own policy layer.
public struct Scenario: Sendable, Equatable {
    /// 2^53: the most customers a segment, and all segments together, may have (SPEC §1.3), the
    /// largest whole number a JSON number (a Double) holds exactly.
    public static let maxCustomers = 9_007_199_254_740_992

    public var name: String
    public var description: String?
    public var categories: [DataCategory]
    public var levels: [Level]
    public var segments: [Segment]
    public var weights: Weights
    /// Which weights the file set explicitly (kept so that a saved scenario round-trips).
    public var weightOverrides: [String]
    /// Where the weights came from, when they were fitted (decision 0033).
    public var weightsSource: WeightsSource?
    /// The scenario's policy layer (settings only; defaults are applied by `Policy.resolved`).
    public var policy: PolicyLayer?

    public init(name: String, description: String? = nil, categories: [DataCategory], levels: [Level],
                segments: [Segment], weights: Weights = Weights(), weightOverrides: [String] = [],
                weightsSource: WeightsSource? = nil, policy: PolicyLayer? = nil) {
        self.name = name
        self.description = description
        self.categories = categories
        self.levels = levels
        self.segments = segments
        self.weights = weights
        self.weightOverrides = weightOverrides
        self.weightsSource = weightsSource
        self.policy = policy
    }
}

/// A saved setting: a level per segment and the categories excluded per segment (SPEC §2).
public struct Preset: Sendable, Equatable {
    public var name: String
    /// `builtin:NAME` or a path (relative to the preset's folder).
    public var scenario: String
    /// Level per segment id; missing segments are at level 0. In file order.
    public var levels: [(segment: String, level: Int)]
    public var exclude: [(segment: String, categories: [String])]
    public var notes: String?

    public init(name: String, scenario: String, levels: [(segment: String, level: Int)] = [],
                exclude: [(segment: String, categories: [String])] = [], notes: String? = nil) {
        self.name = name
        self.scenario = scenario
        self.levels = levels
        self.exclude = exclude
        self.notes = notes
    }

    public static func == (a: Preset, b: Preset) -> Bool {
        a.name == b.name && a.scenario == b.scenario && a.notes == b.notes
            && a.levels.elementsEqual(b.levels, by: { $0.segment == $1.segment && $0.level == $1.level })
            && a.exclude.elementsEqual(b.exclude, by: { $0.segment == $1.segment && $0.categories == $1.categories })
    }
}
