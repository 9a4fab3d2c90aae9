/// The plain-language notice a customer of a segment would be given about its level (SPEC §1.11):
/// that personalisation and AI are used, what is personalised, which data by name and why, whether
/// profiles are built, whether data sources are linked, and how to withdraw consent.
///
/// Every sentence is generated from the model (the level's name and description, the touched
/// categories, the effective flags), never written per scenario, so that the notice cannot drift
/// from what the setting actually does. English for now.
public enum TransparencyNotice {
    /// The notice for `row` (a segment at its chosen level, exclusions applied), one sentence per
    /// element, in the order a customer would read them.
    public static func text(model: ScoringModel, row: SegmentScore) -> [String] {
        let scenario = model.scenario
        let level = scenario.levels[row.level]
        let touched = row.touches.map { scenario.categories[$0] }
        guard !touched.isEmpty else {
            return ["Nothing is personalised for you: you see the same offers and content as everyone else, "
                    + "and no data about you is used to choose them."]
        }
        let f = row.figures
        var out: [String] = []
        let inferred = touched.filter { $0.origin == .inferred }
        // AI: models that predict something about the person (inferred data) or build profiles.
        if !inferred.isEmpty || f.profiling {
            out.append("We personalise the offers and content you see, and we use AI (automated models) to do it.")
        } else {
            out.append("We personalise the offers and content you see, using automated rules.")
        }
        let what = sentence(level.description ?? "")
        out.append(what.isEmpty ? "What we personalise: \(level.name)." : "What we personalise (\(level.name)): \(what)")
        out.append("To choose them we use this data about you: \(list(touched.map(\.name))). "
                   + "We use it only for this personalisation, and only if you have agreed to it.")
        if !inferred.isEmpty {
            out.append("Some of it is predicted by our models rather than told to us: \(list(inferred.map(\.name))).")
        }
        let special = touched.filter(\.special)
        if !special.isEmpty {
            out.append("\(list(special.map(\.name))) is sensitive data under GDPR Art. 9; "
                       + "we use it only with your explicit consent.")
        }
        let features = touched.filter(\.specialFeature)
        if !features.isEmpty {
            out.append("\(list(features.map(\.name))) is used only if you switched it on.")
        }
        out.append(f.profiling ? "We build a profile of you from this data (profiling)."
                               : "We do not build a profile of you.")
        switch f.crossContext {
        case 0: break
        case 1: out.append("We link data about you from different sources.")
        default: out.append("We link data about you from different sources and across your devices.")
        }
        if f.obtrusive {
            out.append("Some messages react to what you do as it happens, so you will notice that they are about you.")
        }
        out.append("You can withdraw your consent at any time, as easily as you gave it, in your privacy settings; "
                   + "we then stop using that data and you see less personalised content.")
        return out
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
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
