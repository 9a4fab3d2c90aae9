import BalansModel
import BalansUI
import Foundation
import SnapshotTesting
import Testing

/// The README's dashboard capture is a render, not a drawing: this test renders the state the README
/// describes and fails when the block between its marker comments is not that render's text.
///
/// After a deliberate change to the dashboard, look at the new snapshot, then rewrite the block with
///
///     BALANS_RECORD_README=1 swift test --filter ReadmeCaptureTests
///
/// (and record the styled snapshot beside it with `SNAPSHOT_TESTING_RECORD=all`, as for any other).
@Suite("README capture")
struct ReadmeCaptureTests {
    static let readme = packageRoot() + "/README.md"
    static let preset = packageRoot() + "/Fixtures/presets/nordic-balanced.json"
    static let begin = "<!-- capture: segments-100x30 -->"
    static let end = "<!-- /capture -->"
    static var recording: Bool { ProcessInfo.processInfo.environment["BALANS_RECORD_README"] == "1" }

    /// What the README says it shows: `balans Fixtures/presets/nordic-balanced.json` at 100×30, after
    /// raising Bargain hunters (the third segment, at level 3 Behavioural) to 4 One-to-one with →.
    static func describedState() -> AppState {
        var state = renderBalancedState(width: 100, height: 30, selected: 2)
        _ = update(&state, .key(.right))
        return state
    }

    /// The block between the markers, and where it is: "\n```text\n" + the capture + "\n```\n".
    static func block(in text: String) -> Range<String.Index>? {
        guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else { return nil }
        return b.upperBound..<e.lowerBound
    }

    static func fenced(_ capture: String) -> String { "\n```text\n" + capture + "\n```\n" }

    @Test("the state is the one the README names: the fixture's setting, Bargain hunters raised to One-to-one")
    func stateIsTheFixture() throws {
        let loaded = try Loader.preset(Self.preset)
        let state = Self.describedState()
        #expect(state.presetName == loaded.preset.name)
        var raised = loaded.setting
        let bargain = try #require(state.evaluation.model.segmentIndex["bargain-hunters"])
        #expect(raised.levels[bargain] == 3)
        raised.levels[bargain] = 4
        #expect(state.evaluation.setting == raised)
        #expect(state.scenario.levels[4].name == "One-to-one")
    }

    @Test("README.md's dashboard capture is the render of the state it describes")
    func readmeMatchesRender() throws {
        let state = Self.describedState()
        // The styled snapshot pins what the text cannot show (bands, the highlighted row).
        assertScreen(state, named: "readme-segments-100x30")
        let capture = render(state).canvas.text
        let text = try #require(readText(Self.readme), "cannot read \(Self.readme)")
        let range = try #require(Self.block(in: text), "README.md has no \(Self.begin) … \(Self.end) block")
        if Self.recording {
            var updated = text
            updated.replaceSubrange(range, with: Self.fenced(capture))
            try updated.write(toFile: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        let shown = String(text[range])
        #expect(shown == Self.fenced(capture),
                "README.md's capture differs from the render; after looking at the change, rewrite it with BALANS_RECORD_README=1 swift test --filter ReadmeCaptureTests\n--- render ---\n\(capture)")
    }
}

private func readText(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}
