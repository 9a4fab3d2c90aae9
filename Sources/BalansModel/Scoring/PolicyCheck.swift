/// The ethical-code rules of SPEC §1.9. Comparisons are strict as the contract writes them.
public enum PolicyCheck {

    /// Breaches of the rules about one segment alone, in rule order.
    public static func segmentViolations(_ row: SegmentScore, model: ScoringModel) -> [Violation] {
        let policy = model.policy
        let seg = model.scenario.segments[row.segment]
        let levelName = model.scenario.levels[row.level].name
        let f = row.figures
        var out: [Violation] = []
        func add(_ rule: RuleID, _ details: ViolationDetails) {
            let sev = policy.severity(rule)
            if sev != .off { out.append(Violation(rule: rule, severity: sev, segment: row.segment, details: details)) }
        }
        if f.band > policy.maxBand {
            add(.maxBand, .maxBand(level: row.level, levelName: levelName, band: f.band, intensity: f.intensity, allowed: policy.maxBand))
        }
        if seg.minors && f.profiling {
            add(.minorsProfiling, .minorsProfiling(level: row.level, levelName: levelName))
        }
        // Every segment flagged vulnerable is protected, minors too (SPEC §1.9).
        if seg.vulnerable && f.band > policy.vulnerableMaxBand {
            add(.vulnerableBand, .vulnerableBand(band: f.band, allowed: policy.vulnerableMaxBand))
        }
        if f.touchesSpecial {
            let names = row.touches.filter { model.scenario.categories[$0].special }.map { model.scenario.categories[$0].name }
            add(.specialCategory, .specialCategory(names: names))
        }
        if row.level > 0 && f.reach == 0 {
            add(.noReach, .noReach(level: row.level, levelName: levelName))
        }
        if row.dpiaCriteria.count >= 2 {
            add(.dpia, .dpia(criteria: row.dpiaCriteria))
        }
        return out
    }

    /// Breaches of the aggregate rules (max-intrusiveness and the parity rules), in rule order.
    public static func aggregateViolations(aggregate: Aggregate, fairness: [FairnessAttribute], policy: Policy) -> [Violation] {
        var out: [Violation] = []
        if let limit = policy.maxIntrusiveness, aggregate.intrusiveness > limit, policy.severity(.maxIntrusiveness) != .off {
            out.append(Violation(rule: .maxIntrusiveness, severity: policy.severity(.maxIntrusiveness),
                                 details: .maxIntrusiveness(value: aggregate.intrusiveness, limit: limit)))
        }
        for (rule, minimum) in [(RuleID.upliftParity, policy.upliftMinParity), (.exposureParity, policy.exposureMinParity)] {
            let sev = policy.severity(rule)
            guard sev != .off else { continue }
            for a in fairness {
                let parity = rule == .upliftParity ? a.upliftParity : a.exposureParity
                guard parity < minimum else { continue }
                let rate: (FairnessGroup) -> Double = rule == .upliftParity ? { $0.upliftRate } : { $0.exposureRate }
                let low = a.groups.min(by: { rate($0) < rate($1) })?.value ?? ""
                let high = a.groups.max(by: { rate($0) < rate($1) })?.value ?? ""
                let details: ViolationDetails = rule == .upliftParity
                    ? .upliftParity(parity: parity, attribute: a.attribute, lowest: low, highest: high, minimum: minimum)
                    : .exposureParity(parity: parity, attribute: a.attribute, lowest: low, highest: high, minimum: minimum)
                out.append(Violation(rule: rule, severity: sev, attribute: a.attribute, details: details))
            }
        }
        return out
    }
}
