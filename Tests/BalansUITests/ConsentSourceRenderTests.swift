import BalansModel
import BalansText
@testable import BalansUI
import SnapshotTesting
import Testing

/// The detail pane says where imported consent rates came from (issue #6, decision 0015).
@Suite("Consent sources in the detail pane")
struct ConsentSourceRenderTests {
    /// The balanced demo with young-urban's rates partly imported: two categories from a TCF file
    /// (different record counts), one from a CMP export of rates (no count); the rest as authored.
    static func importedState(width: Int = 120, height: Int = 40, language: Language = .en,
                              deviceType: ConsentSource = ConsentSource(file: "cmp-export.csv", date: "2026-11-02", method: .csv)) -> AppState {
        var scenario = BuiltinScenarios.scenario(named: "nordic-retail")!
        let tcf = ConsentSource(file: "records-2026-11.csv", date: "2026-11-29", method: .tcf)
        var seg = scenario.segments[1]
        seg.consentSource = [
            ("page-context", ConsentSource(file: tcf.file, date: tcf.date, method: .tcf, records: 12_400)),
            ("browsing-history", ConsentSource(file: tcf.file, date: tcf.date, method: .tcf, records: 11_900)),
            ("device-type", deviceType),
        ]
        scenario.segments[1] = seg
        let model = ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
        var state = AppState(evaluation: Evaluation(model: model, setting: renderBalancedSetting(model)),
                             scenarioReference: "imported.json", presetName: "Balanced spring campaign",
                             presetPath: nil, width: width, height: height)
        state.catalogue = Catalogue(language)
        state.selected = 1
        return state
    }

    @Test("one line per imported file, then the authored rates, in English and Swedish")
    func sources() {
        assertScreen(Self.importedState(), named: "imported-en-120x40")
        assertScreen(Self.importedState(language: .sv), named: "imported-sv-120x40")
    }

    @Test("the section names exactly the touched categories, grouped by file, with the record range")
    func sourceSection() {
        let state = Self.importedState()
        let ctx = RenderContext(state: state, canvas: Canvas(width: 120, height: 40))
        let text = sourceLines(ctx, segment: 1, categories: detailCategories(state), width: 200).map { $0.spans.map(\.text).joined() }
        // young-urban is at level 3 in the balanced preset: it touches the categories of levels 1–3.
        let touched = detailCategories(state).map { state.scenario.categories[$0] }
        func name(_ id: String) -> String { state.scenario.categories.first { $0.id == id }!.name }
        #expect(touched.count == 8)
        #expect(text.count == 4)
        #expect(text[0] == "Where the consent rates come from")
        #expect(text[1] == "records-2026-11.csv (TCF consent strings), imported 2026-11-29, \(state.whole(11_900))–\(state.whole(12_400)) records: "
                + "\(name("page-context")) and \(name("browsing-history"))")
        #expect(text[2] == "cmp-export.csv (CMP export), imported 2026-11-02: \(name("device-type"))")
        let authored = touched.filter { !["page-context", "browsing-history", "device-type"].contains($0.id) }.map(\.name)
        #expect(authored.count == 5)
        #expect(text[3] == "as written in the scenario: " + state.catalogue.list(authored))
    }

    @Test("a rate from Consent Mode signals (import-csv --map, decision 0036) names its method, in English and Swedish")
    func consentModeSource() {
        for (language, method) in [(Language.en, "Consent Mode signals"), (.sv, "Consent Mode-signaler")] {
            let state = Self.importedState(language: language,
                                           deviceType: ConsentSource(file: "cm.csv", date: "2026-11-02", method: .consentMode, records: 7))
            let ctx = RenderContext(state: state, canvas: Canvas(width: 120, height: 40))
            let text = sourceLines(ctx, segment: 1, categories: detailCategories(state), width: 200).map { $0.spans.map(\.text).joined() }
            #expect(text.contains { $0.hasPrefix("cm.csv (\(method)), ") }, "\(text)")
        }
    }

    @Test("nothing is added for a segment without imported rates")
    func noSources() {
        var state = Self.importedState()
        state.selected = 0
        let ctx = RenderContext(state: state, canvas: Canvas(width: 120, height: 40))
        #expect(sourceLines(ctx, segment: 0, categories: detailCategories(state), width: 100).isEmpty)
    }
}
