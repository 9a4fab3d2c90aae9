import BalansModel
import BalansText
@testable import BalansUI
import SnapshotTesting
import Testing

/// The detail pane says where fitted weights came from, under the score's breakdown (issue 15
/// item 4, decision 0033).
@Suite("Weights provenance in the detail pane")
struct WeightsSourceRenderTests {
    /// The balanced demo with weights fitted to a survey (obtrusive raised to 0.5) and their source.
    static func calibratedState(width: Int = 120, height: Int = 40, language: Language = .en,
                                design: String? = "design.json") -> AppState {
        var scenario = BuiltinScenarios.scenario(named: "nordic-retail")!
        var weights = scenario.weights
        weights.obtrusive = 0.5
        scenario = scenario.withCalibrated(weights, source: WeightsSource(file: "synthetic-panel.csv", design: design,
                                                                          respondents: 1_390, date: "2026-12-02"))
        let model = ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
        var state = AppState(evaluation: Evaluation(model: model, setting: renderBalancedSetting(model)),
                             scenarioReference: "calibrated.json", presetName: "Balanced spring campaign",
                             presetPath: nil, width: width, height: height)
        state.catalogue = Catalogue(language)
        state.selected = 1
        return state
    }

    static func texts(_ lines: [PaneLine]) -> [String] { lines.map { $0.spans.map(\.text).joined() } }

    @Test("the pane shows the source under the breakdown, in English and Swedish, wide and at 80×24")
    func screens() {
        assertScreen(Self.calibratedState(), named: "calibrated-en-120x40")
        assertScreen(Self.calibratedState(language: .sv), named: "calibrated-sv-120x40")
        assertScreen(Self.calibratedState(width: 80, height: 24), named: "calibrated-en-80x24")
    }

    @Test("the line names the answers, the design, the respondents, the day and the method; it ends the breakdown")
    func line() {
        let state = Self.calibratedState()
        let ctx = RenderContext(state: state, canvas: Canvas(width: 120, height: 40))
        let row = state.evaluation.rows[1]
        let breakdown = Self.texts(breakdownLines(ctx, row: row, width: 200))
        #expect(breakdown.last == "Weights fitted to synthetic-panel.csv (design.json): \(state.whole(1_390)) respondents, 2026-12-02, NNLS within respondents")
        // Right under the M terms it explains.
        #expect(breakdown.count >= 2 && breakdown[breakdown.count - 2].contains("M = origin 0.25"))
        let sv = Self.calibratedState(language: .sv, design: nil)
        let svCtx = RenderContext(state: sv, canvas: Canvas(width: 120, height: 40))
        #expect(Self.texts(weightsSourceLines(svCtx, width: 200))
                == ["Vikterna skattade från synthetic-panel.csv: \(sv.whole(1_390)) svarande, 2026-12-02, NNLS inom svarande"])
        // Narrow: wrapped, never cut.
        let narrow = Self.texts(weightsSourceLines(ctx, width: 30))
        #expect(narrow.count > 1 && narrow.allSatisfy { DisplayWidth.of($0) <= 30 })
    }

    @Test("nothing is added for weights as the scenario's author wrote them")
    func authored() {
        var state = Self.calibratedState()
        var scenario = state.scenario
        scenario.weightsSource = nil
        let model = ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
        state.evaluation = Evaluation(model: model, setting: renderBalancedSetting(model))
        let ctx = RenderContext(state: state, canvas: Canvas(width: 120, height: 40))
        #expect(weightsSourceLines(ctx, width: 100).isEmpty)
        #expect(!Self.texts(breakdownLines(ctx, row: state.evaluation.rows[1], width: 200)).contains { $0.hasPrefix("Weights fitted") })
    }
}
