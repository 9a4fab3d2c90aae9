@testable import BalansCLI
import BalansModel
import Testing

/// `score --format json` writes segments as text directly for speed; this pins that text to what
/// JSONWriter makes of the same segment as a value, so the fast path cannot drift from the format.
@Suite("Report layout")
struct ReportLayoutTests {
    @Test("the hand-written segment JSON equals JSONWriter's layout of segmentJSON", arguments: [
        "Fixtures/presets/nordic-balanced.json", "Fixtures/presets/nordic-aggressive.json",
        "Fixtures/presets/bank-next-best-offer.json",
    ])
    func segmentLayout(_ preset: String) throws {
        let inputs = try Inputs.load(preset: TestPaths.root(preset), scenario: nil)
        let report = ScoreReport(inputs: inputs)
        #expect(!inputs.evaluation.rows.isEmpty)
        for row in inputs.evaluation.rows {
            var fast = ""
            report.appendSegment(row, to: &fast)
            let reference = "    " + JSONWriter.fragment(report.segmentJSON(row), indent: 2, inlineSmallObjects: true)
            #expect(fast == reference)
        }
    }
}
