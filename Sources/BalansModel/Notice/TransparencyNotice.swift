/// The plain-language notice a customer of a segment would be given about its level (SPEC §1.11):
/// that personalisation and AI are used, what is personalised, which data by name and why, whether
/// profiles are built, whether data sources are linked, and how to withdraw consent.
///
/// Every sentence is generated from the model (the level's name and description, the touched
/// categories, the effective flags), never written per scenario, so that the notice cannot drift
/// from what the setting actually does. The texts come from the `Catalogue` (English, Swedish).
public enum TransparencyNotice {
    /// The notice for `row` (a segment at its chosen level, exclusions applied), one sentence per
    /// element, in the order a customer would read them.
    public static func text(model: ScoringModel, row: SegmentScore, catalogue c: Catalogue = .english) -> [String] {
        let scenario = model.scenario
        let level = scenario.levels[row.level]
        let touched = row.touches.map { scenario.categories[$0] }
        guard !touched.isEmpty else { return [c.text(.noticeNothing)] }
        let f = row.figures
        var out: [String] = []
        let inferred = touched.filter { $0.origin == .inferred }
        // AI: models that predict something about the person (inferred data) or build profiles.
        out.append(c.text(!inferred.isEmpty || f.profiling ? .noticeWithAI : .noticeWithRules))
        let what = sentence(level.description ?? "")
        out.append(what.isEmpty ? c.text(.noticeWhat, level.name) : c.text(.noticeWhatDescribed, level.name, what))
        out.append(c.text(.noticeData, c.list(touched.map(\.name))))
        if !inferred.isEmpty { out.append(c.text(.noticeInferred, c.list(inferred.map(\.name)))) }
        let special = touched.filter(\.special)
        if !special.isEmpty { out.append(c.text(.noticeSpecial, c.list(special.map(\.name)))) }
        let features = touched.filter(\.specialFeature)
        if !features.isEmpty { out.append(c.text(.noticeSpecialFeature, c.list(features.map(\.name)))) }
        out.append(c.text(f.profiling ? .noticeProfiling : .noticeNoProfiling))
        switch f.crossContext {
        case 0: break
        case 1: out.append(c.text(.noticeLinking))
        default: out.append(c.text(.noticeLinkingDevices))
        }
        if f.obtrusive { out.append(c.text(.noticeObtrusive)) }
        out.append(c.text(.noticeWithdraw))
        return out
    }

    /// The text as a sentence: trimmed, ending with a full stop.
    static func sentence(_ text: String) -> String {
        var t = text
        while t.first == " " { t.removeFirst() }
        while t.last == " " { t.removeLast() }
        guard let last = t.last else { return "" }
        if !".!?".contains(last) { t += "." }
        return t
    }
}
