import BalansModel
import BalansText
import BalansUI
import Foundation
import Testing

/// Issue 11: one number looks the same in every output of one language. The same preset's value and
/// uplift, through `balans score` (text), `balans report` (Markdown) and the dashboard's header.
@Suite("One number, one form per language")
struct OneNumberTests {
    static let preset = "Fixtures/presets/nordic-balanced.json"

    /// Spaces of any kind as one (a no-break space looks like a space; where it stands is layout).
    static func plain(_ s: String) -> String { s.replacingOccurrences(of: "\u{00A0}", with: " ") }

    @Test("value and uplift read the same in score, the report and the dashboard header", arguments: [Language.en, .sv])
    func sameStrings(_ language: Language) throws {
        let loaded = try Loader.preset(TestPaths.root(Self.preset))
        let evaluation = Evaluation(model: loaded.model, setting: loaded.setting)
        let a = evaluation.aggregate
        let numbers = NumberStyle(language)
        // Worked out by hand from score-nordic-balanced.txt: 45 268 conversions, 3.19 pp.
        let value = language == .en ? "45,268" : "45\u{00A0}268"
        let uplift = language == .en ? "3.19" : "3,19"
        #expect(numbers.whole(a.value) == value)
        #expect(numbers.fixed(a.uplift, 2) == uplift)
        let unit = language == .en ? "pp" : "p.e."

        let score = runBalans(["score", Self.preset, "--lang", language.rawValue])
        #expect(score.status == 0)
        #expect(Self.plain(score.stdout).contains(Self.plain(value)), "\(score.stdout)")
        #expect(Self.plain(score.stdout).contains(uplift + " " + unit))

        let dir = TempDir()
        defer { dir.cleanup() }
        let md = dir.file("audit.md")
        let report = runBalans(["report", Self.preset, "-o", md, "--lang", language.rawValue, "--date", "2026-12-02"])
        #expect(report.status == 0, "\(report.stderr)")
        let text = Self.plain(try #require(readText(md)))
        #expect(text.contains(Self.plain(value)))
        #expect(text.contains(uplift + " "), "the report's uplift")

        var state = AppState(evaluation: evaluation, scenarioReference: loaded.scenario.reference, presetName: loaded.preset.name,
                             presetPath: Self.preset, width: 120, height: 40)
        state.catalogue = Catalogue(language)
        let header = Self.plain(render(state).canvas.lines[1])
        #expect(header.contains(Self.plain(value)), "\(header)")
        #expect(header.contains(uplift + " " + unit), "\(header)")
    }
}
