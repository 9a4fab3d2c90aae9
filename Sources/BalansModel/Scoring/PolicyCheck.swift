/// The ethical-code rules of SPEC §1.9. Comparisons are strict as the contract writes them.
public enum PolicyCheck {
    static func pct(_ x: Double) -> String { formatFixed(x, 1) }

    /// Breaches of the rules about one segment alone, in rule order.
    public static func segmentViolations(_ row: SegmentScore, model: ScoringModel) -> [Violation] {
        let policy = model.policy
        let seg = model.scenario.segments[row.segment]
        let levelName = model.scenario.levels[row.level].name
        let f = row.figures
        var out: [Violation] = []
        func add(_ rule: RuleID, _ message: String) {
            let sev = policy.severity(rule)
            if sev != .off { out.append(Violation(rule: rule, severity: sev, segment: row.segment, message: message)) }
        }
        if f.band > policy.maxBand {
            add(.maxBand, "level \(row.level) \(levelName) is \(f.band.rawValue) (I = \(formatFixed(f.intensity, 2))), above the allowed \(policy.maxBand.rawValue)")
        }
        if seg.minors && f.profiling {
            add(.minorsProfiling, "profiles a segment that may contain children at level \(row.level) \(levelName) (DSA Art. 28, GDPR Art. 8)")
        }
        if seg.vulnerable && !seg.minors && f.band > policy.vulnerableMaxBand {
            add(.vulnerableBand, "a vulnerable segment at \(f.band.rawValue), above the allowed \(policy.vulnerableMaxBand.rawValue) (AI Act Art. 5(1)(b))")
        }
        if f.touchesSpecial {
            let names = row.touches.filter { model.scenario.categories[$0].special }.map { model.scenario.categories[$0].name }
            add(.specialCategory, "uses special-category data (GDPR Art. 9): \(names.joined(separator: ", ")); needs explicit consent and a DPIA")
        }
        if row.level > 0 && f.reach == 0 {
            add(.noReach, "level \(row.level) \(levelName) reaches nobody: no customer consented to everything it uses")
        }
        if row.dpiaCriteria.count >= 2 {
            add(.dpia, "meets \(row.dpiaCriteria.count) WP248 criteria (\(row.dpiaCriteria.map(\.rawValue).joined(separator: ", "))): a DPIA is required (GDPR Art. 35)")
        }
        return out
    }

    /// Breaches of the aggregate rules (max-intrusiveness and the parity rules), in rule order.
    public static func aggregateViolations(aggregate: Aggregate, fairness: [FairnessAttribute], policy: Policy) -> [Violation] {
        var out: [Violation] = []
        if let limit = policy.maxIntrusiveness, aggregate.intrusiveness > limit, policy.severity(.maxIntrusiveness) != .off {
            out.append(Violation(rule: .maxIntrusiveness, severity: policy.severity(.maxIntrusiveness),
                                 message: "aggregate intrusiveness \(pct(aggregate.intrusiveness)) is above the code's maximum \(pct(limit))"))
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
                let what = rule == .upliftParity ? "uplift" : "exposure"
                out.append(Violation(rule: rule, severity: sev, attribute: a.attribute,
                                     message: "\(what) parity \(formatFixed(parity, 2)) across \(a.attribute) (lowest \(low), highest \(high)) is below \(formatFixed(minimum, 2))"))
            }
        }
        return out
    }
}

/// Fixed-point formatting without Foundation (C locale: "." as the decimal mark).
public func formatFixed(_ x: Double, _ decimals: Int) -> String {
    guard x.isFinite else { return x.description }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let negative = x < 0
    let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return x.description }
    let n = Int64(scaled)
    let whole = n / Int64(scale)
    var text = String(whole)
    if decimals > 0 {
        let frac = String(n % Int64(scale))
        text += "." + String(repeating: "0", count: decimals - frac.count) + frac
    }
    return (negative && n != 0 ? "-" : "") + text
}
