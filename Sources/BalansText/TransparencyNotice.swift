import BalansModel

/// The plain-language notice a customer of a segment would be given about its level (SPEC §1.11):
/// that personalisation is used, and whether by AI or by automated profiling, what is personalised,
/// which data by name and why, whether profiles are built, whether data sources are linked, how to
/// withdraw consent and the right to object to direct marketing. It is the information of GDPR
/// Art. 13–14 and Art. 21(4) (the right of Art. 21(2)–(3)), not an AI Act Art. 50 disclosure, which
/// is about chatbots, synthetic content, emotion recognition and biometric categorisation
/// (decision 0019).
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
        // "AI" only where a model predicts something about the person (a touched category with origin
        // `inferred`); profiling on declared or observed data is automated profiling, said as such;
        // anything else is automated rules (decision 0019).
        let opening: TextKey = !inferred.isEmpty ? .noticeWithAI : (f.profiling ? .noticeWithProfiling : .noticeWithRules)
        out.append(c.text(opening))
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
        // GDPR Art. 21(2)-(3): personalised offers are direct marketing, and the right to object to it
        // (profiling included) is absolute; Art. 21(4) asks that it be stated separately.
        out.append(c.text(.noticeObject))
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
