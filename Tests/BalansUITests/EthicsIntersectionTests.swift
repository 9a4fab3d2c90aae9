import Testing
@testable import BalansModel
@testable import BalansUI
import BalansText

/// The Ethics screen lists the policy's intersections after the attributes (decision 0035), a
/// combined group under the minimum size dimmed and marked as not judged; without intersections
/// the screen is as its snapshots record it.
@Suite("Ethics screen: intersections")
struct EthicsIntersectionTests {
    static func state(swedish: Bool = false) -> AppState {
        let scenario = BuiltinScenarios.scenario(named: "nordic-retail")!
        var layer = scenario.policy ?? PolicyLayer()
        layer.intersections = [["age", "region"]]
        layer.minGroupSize = 50_000
        let model = ScoringModel(scenario: scenario, policy: Policy.resolved([layer]))
        var state = AppState(evaluation: Evaluation(model: model, setting: renderBalancedSetting(model)),
                             scenarioReference: "builtin:nordic-retail", presetName: "Balanced spring campaign",
                             presetPath: nil, width: 120, height: 100, capabilities: Capabilities(color: false, unicode: true))
        if swedish { state.catalogue = Catalogue(.sv) }
        state.screen = .ethics
        return state
    }

    @Test("the combined groups in the fairness table, the small one marked", arguments: [false, true])
    func listed(_ swedish: Bool) {
        // Tall enough for the breaches, the fairness table and the DPIA list at once.
        let text = render(Self.state(swedish: swedish)).canvas.text
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.contains("age × region") })
        // Swedish groups thousands with a no-break space.
        #expect(text.contains(swedish ? "grupper bedöms från 50\u{00A0}000 kunder" : "groups judged from 50,000 customers"),
                "\(lines.filter { $0.contains("50") })")
        let small = lines.first { $0.contains("13-17 × urban") }
        #expect(small?.contains(swedish ? " för liten" : " too small") == true, "\(small ?? "none")")
        let judged = lines.first { $0.contains("18-34 × urban") }
        #expect(judged.map { !$0.contains("too small") && !$0.contains("för liten") } == true)
    }
}

/// `balans --log FILE`: the Ethics screen's trend of the last audits (issue #17).
@Suite("Ethics screen: the audits' trend")
struct EthicsAuditTrendTests {
    @Test("a sparkline of the audits' intrusiveness on 0–100, then the first and last figures", arguments: [true, false])
    func sparkline(_ unicode: Bool) {
        let model = renderNordicModel()
        var state = AppState(evaluation: Evaluation(model: model, setting: renderBalancedSetting(model)),
                             scenarioReference: "builtin:nordic-retail", presetName: "Balanced spring campaign",
                             presetPath: nil, width: 120, height: 100, capabilities: Capabilities(color: false, unicode: unicode))
        state.screen = .ethics
        // 0, 30, 55, 99.9, 42.3: the blocks of an eighth (or a fifth in ASCII) of the scale each.
        state.auditTrend = [0, 30, 55, 99.9, 42.3].enumerated().map {
            AuditPoint(entry: $0.offset + 1, recorded: "2026-0\($0.offset + 1)-01T00:00:00Z", intrusiveness: $0.element, errors: $0.offset == 3 ? 2 : 0)
        }
        let lines = render(state).canvas.text.split(separator: "\n")
        #expect(lines.contains { $0.contains("Audits over time (5, intrusiveness 0") }, "\(lines.filter { $0.contains("Audits") })")
        let spark = unicode ? "▁▃▅█▄" : "_.-#-"
        let line = lines.first { $0.contains(spark) }
        #expect(line?.contains(unicode ? "0.0 → 42.3, last: 0 errors (2026-05-01)" : "0.0 -> 42.3, last: 0 errors (2026-05-01)") == true,
                "\(lines.filter { $0.contains("42.3") })")
        // Without a log, nothing.
        state.auditTrend = []
        #expect(!render(state).canvas.text.contains("Audits over time"))
    }
}
