import BalansModel
import BalansText
import Foundation
@testable import BalansUI
import SnapshotTesting
import Testing

/// The dashboard in Swedish (issue #5): snapshots looked at by a person, a complete catalogue, and
/// no English text of the catalogue left on a Swedish screen.
@Suite("Swedish dashboard")
struct SwedishTests {
    /// `state` in Swedish.
    static func swedish(_ state: AppState) -> AppState {
        var state = state
        state.catalogue = Catalogue(.sv)
        return state
    }

    /// The Swedish states the tests below look at: every screen, the focused detail pane, help,
    /// the prompts, at 80×24 and 120×40.
    static func states() -> [(name: String, state: AppState)] {
        var out: [(String, AppState)] = []
        for (w, h) in [(80, 24), (120, 40)] {
            let size = "\(w)x\(h)"
            var segments = swedish(renderBalancedState(width: w, height: h, selected: 4))
            segments.focus = .detail
            segments.detailRow = 2
            segments.evaluation.setLevel(7, 3)
            segments.noteChanged(7)
            out.append(("segments-detail-\(size)", segments))
            for screen in [Screen.data, .ethics, .tradeoff] {
                var state = swedish(renderBalancedState(width: w, height: h))
                state.screen = screen
                out.append(("\(screen.title.lowercased())-\(size)", state))
            }
            out.append(("compare-\(size)", swedish(renderComparingState(width: w, height: h))))
            var help = swedish(renderBalancedState(width: w, height: h))
            help.showHelp = true
            out.append(("help-\(size)", help))
            var quit = swedish(renderBalancedState(width: w, height: h))
            quit.prompt = Prompt(kind: .confirmQuit)
            out.append(("confirm-quit-\(size)", quit))
        }
        var budget = swedish(renderBalancedState())
        _ = update(&budget, .key(.char("b")))
        _ = update(&budget, .key(.char("3")))
        _ = update(&budget, .key(.char("5")))
        out.append(("budget-prompt-80x24", budget))
        var stepped = swedish(renderBalancedState())
        stepped.screen = .tradeoff
        _ = update(&stepped, .key(.char("r")))
        _ = update(&stepped, .key(.char("n")))
        out.append(("tradeoff-stepped-80x24", stepped))
        // Without Unicode (--ascii, or a Swedish locale that is not installed): å, ä, ö spelled a, a, o.
        var ascii = swedish(renderBalancedState(width: 80, height: 24, color: false, unicode: false, selected: 4))
        ascii.focus = .detail
        out.append(("ascii-segments-detail-80x24", ascii))
        var small = swedish(renderBalancedState(width: 30, height: 8))
        small.screen = .segments
        out.append(("too-small-30x8", small))
        return out
    }

    @Test("Swedish screens at 80×24 and 120×40")
    func snapshots() {
        for (name, state) in Self.states() { assertScreen(state, named: name) }
    }

    @Test("every dashboard text has English and Swedish with the same placeholders")
    func complete() {
        #expect(Catalogue.problems(in: UIText.self) == [])
    }

    /// The English texts of the catalogue, cut at their placeholders, that the Swedish texts do not share.
    static func englishFragments() -> Set<String> {
        var out = Set<String>()
        for key in UIText.allCases {
            guard let en = UIText.english[key], let sv = UIText.swedish[key], en != sv else { continue }
            var rest = Substring(en)
            var pieces: [Substring] = []
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                pieces.append(rest[..<open])
                rest = rest[rest.index(after: close)...]
            }
            pieces.append(rest)
            for piece in pieces {
                let trimmed = piece.trimmingCharacters(in: CharacterSet(charactersIn: " :()/+.,-"))
                // A fragment the Swedish text shares ("EI =", "intr.") is a symbol, not English.
                if trimmed.count >= 3 && trimmed.contains(where: { $0.isLetter }) && !sv.contains(trimmed) { out.insert(trimmed) }
            }
        }
        return out
    }

    @Test("no English text of the catalogue on a Swedish screen (beyond names from files and identifiers)")
    func noEnglishLeft() {
        let fragments = Self.englishFragments()
        for (name, state) in Self.states() {
            let text = render(state).canvas.text
            // Names and descriptions come from the scenario, messages from the model's policy, and
            // rule and criterion ids are identifiers: an English word there is not a missing
            // translation. Bands and severities are words (decision 0012, revised): not exempt.
            let scenario = state.scenario
            var fromFiles = [scenario.name, state.presetName, state.model.policy.name]
            fromFiles += scenario.segments.map(\.name) + scenario.categories.map(\.name) + scenario.levels.map(\.name)
            fromFiles += state.evaluation.violations.map(\.message) + state.evaluation.violations.map(\.rule.rawValue)
            fromFiles += ["info"]  // the same word in Swedish
            fromFiles += state.evaluation.rows.flatMap { $0.dpiaCriteria.map(\.rawValue) }
            let lowerFiles = fromFiles.map { $0.lowercased() }
            for fragment in fragments where containsWord(text, fragment) {
                let known = lowerFiles.contains { $0.contains(fragment.lowercased()) }
                #expect(known, "\(name): English \"\(fragment)\" on a Swedish screen")
            }
        }
    }

    @Test("bands and severities are Swedish words on every Swedish screen, never the ids")
    func bandAndSeverityWords() {
        let ids = Band.allCases.map(\.rawValue) + ["error", "warning", "v.hi"]
        for (name, state) in Self.states() {
            let text = render(state).canvas.text
            for id in ids { #expect(!containsWord(text, id), "\(name): \"\(id)\" on a Swedish screen") }
        }
        var state = Self.swedish(renderBalancedState())
        #expect([Band.low, .medium, .high, .veryHigh].map { state.bandWord($0) } == ["låg", "medel", "hög", "mycket hög"])
        #expect([Severity.error, .warning, .info].map { state.severityWord($0) } == ["fel", "varning", "info"])
        state.catalogue = Catalogue(.en)
        #expect(state.bandWord(.veryHigh) == "very high")
    }

    @Test("j answers yes to a Swedish (j/n) question; n still answers no")
    func confirmInSwedish() {
        var state = Self.swedish(renderBalancedState())
        state.prompt = Prompt(kind: .confirmQuit)
        #expect(update(&state, .key(.char("j"))) == [.quit])
        var english = renderBalancedState()
        english.prompt = Prompt(kind: .confirmQuit)
        #expect(update(&english, .key(.char("j"))) == [])
        #expect(english.prompt != nil)
    }

    @Test("numbers in the language's one form (decision 0022): Swedish decimal comma, no-break-space groups, a real minus; English commas")
    func numbers() {
        let state = Self.swedish(renderBalancedState())
        #expect(state.fixed(1234.5, 1) == "1\u{00A0}234,5")
        #expect(state.whole(-12345) == "\u{2212}12\u{00A0}345")
        #expect(state.percentText(0.85) == "85\u{00A0}%")
        let english = renderBalancedState()
        #expect(english.fixed(1234.5, 1) == "1,234.5")
        #expect(english.whole(12345) == "12,345")
        #expect(english.whole(-12345) == "-12,345")
        #expect(english.percentText(0.85) == "85%")
    }
}

/// `fragment` occurs in `text` as whole words (case-sensitive: the catalogue's own capitalisation).
func containsWord(_ text: String, _ fragment: String) -> Bool {
    var search = text[...]
    while let range = search.range(of: fragment) {
        let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
        let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
        if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
        search = text[range.upperBound...]
    }
    return false
}
