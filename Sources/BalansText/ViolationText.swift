import BalansModel

// Violations are found by the model as typed facts (`ViolationDetails`); they are worded here, when
// shown, in the language asked for.

extension Violation {
    /// The message in English. Worded when asked for, not when the violation is found: a scenario of
    /// 100 000 segments has as many violations, and most are never shown (or shown in Swedish).
    public var message: String { message(in: .english) }

    /// The message in `catalogue`'s language.
    /// `criteria` words the list of WP248 criteria in a DPIA message when the caller names them its
    /// own way (the report spells them out); by default they are the catalogue's short names.
    public func message(in catalogue: Catalogue, criteria: (([DPIACriterion]) -> String)? = nil) -> String {
        details.message(in: catalogue, criteria: criteria)
    }
}

extension ViolationDetails {
    /// The message in `c`'s language; numbers with the decimals the English text has always used.
    public func message(in c: Catalogue, criteria listing: (([DPIACriterion]) -> String)? = nil) -> String {
        switch self {
        case let .maxBand(level, name, band, intensity, allowed):
            return c.text(.violationMaxBand, String(level), name, c.bandName(band), c.number(intensity, decimals: 2), c.bandName(allowed))
        case let .minorsProfiling(level, name):
            return c.text(.violationMinorsProfiling, String(level), name)
        case let .vulnerableBand(band, allowed):
            return c.text(.violationVulnerableBand, c.bandName(band), c.bandName(allowed))
        case let .specialCategory(names):
            return c.text(.violationSpecialCategory, names.joined(separator: ", "))
        case let .noReach(level, name):
            return c.text(.violationNoReach, String(level), name)
        case let .dpia(criteria):
            let names = listing?(criteria) ?? criteria.map(c.criterionName).joined(separator: ", ")
            return c.text(.violationDPIA, String(criteria.count), names)
        case let .maxIntrusiveness(value, limit):
            return c.text(.violationMaxIntrusiveness, c.number(value, decimals: 1), c.number(limit, decimals: 1))
        case let .upliftParity(parity, attribute, low, high, minimum):
            return c.text(.violationUpliftParity, c.number(parity, decimals: 2), attribute, low, high, c.number(minimum, decimals: 2))
        case let .exposureParity(parity, attribute, low, high, minimum):
            return c.text(.violationExposureParity, c.number(parity, decimals: 2), attribute, low, high, c.number(minimum, decimals: 2))
        }
    }
}

extension Catalogue {
    /// A band as violation messages name it ("very-high" in English, as the code's files spell it).
    public func bandName(_ b: Band) -> String {
        switch b {
        case .low: return text(.violationBandLow)
        case .medium: return text(.violationBandMedium)
        case .high: return text(.violationBandHigh)
        case .veryHigh: return text(.violationBandVeryHigh)
        }
    }

    /// A WP248 criterion as violation messages name it.
    public func criterionName(_ k: DPIACriterion) -> String {
        switch k {
        case .profiling: return text(.violationCritProfiling)
        case .specialCategory: return text(.violationCritSpecial)
        case .largeScale: return text(.violationCritLargeScale)
        case .matchingData: return text(.violationCritMatching)
        case .vulnerableSubjects: return text(.violationCritVulnerable)
        }
    }
}

extension Catalogue {
    /// A band in words ("very high", "mycket hög"): the one wording of the dashboard and the report.
    public func bandWord(_ b: Band) -> String {
        switch b {
        case .low: return text(.wordBandLow)
        case .medium: return text(.wordBandMedium)
        case .high: return text(.wordBandHigh)
        case .veryHigh: return text(.wordBandVeryHigh)
        }
    }

    /// A severity in words ("error", "fel"); `off` never reaches a reader and reads as info.
    public func severityWord(_ s: Severity) -> String {
        switch s {
        case .error: return text(.wordSeverityError)
        case .warning: return text(.wordSeverityWarning)
        case .info, .off: return text(.wordSeverityInfo)
        }
    }
}
