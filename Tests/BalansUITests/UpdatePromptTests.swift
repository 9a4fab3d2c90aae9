@testable import BalansModel
@testable import BalansUI
import Testing

@Suite("update: prompt editing")
struct UpdatePromptTests {
    /// The save-as prompt, empty (no preset path yet).
    func emptyPrompt() -> AppState {
        var s = nordicState()
        press(&s, .char("S"))
        return s
    }

    @Test("typing, cursor movement, Backspace and Delete")
    func editing() throws {
        var s = emptyPrompt()
        #expect(s.prompt == Prompt(kind: .saveAs))
        type(&s, "abc")
        #expect(s.prompt?.text == "abc" && s.prompt?.cursor == 3)
        press(&s, .left, .left, .right)
        #expect(s.prompt?.cursor == 2)
        press(&s, .backspace)  // removes "b"
        #expect(s.prompt?.text == "ac" && s.prompt?.cursor == 1)
        press(&s, .delete)  // removes "c"
        #expect(s.prompt?.text == "a" && s.prompt?.cursor == 1)
        press(&s, .delete)  // nothing after the cursor
        #expect(s.prompt?.text == "a")
        press(&s, .home)
        #expect(s.prompt?.cursor == 0)
        press(&s, .backspace)  // nothing before the cursor
        #expect(s.prompt?.text == "a")
        type(&s, "x")
        #expect(s.prompt?.text == "xa" && s.prompt?.cursor == 1)
        press(&s, .end)
        #expect(s.prompt?.cursor == 2)
        press(&s, .left, .left, .left)
        #expect(s.prompt?.cursor == 0)
        press(&s, .right, .right, .right)
        #expect(s.prompt?.cursor == 2)
    }

    @Test("a cursor set outside the text (the fields are public) is clamped, not trusted")
    func cursorClamped() {
        var s = emptyPrompt()
        s.prompt?.text = "ab"
        s.prompt?.cursor = 10
        type(&s, "x")
        #expect(s.prompt?.text == "abx" && s.prompt?.cursor == 3)
        s.prompt?.cursor = -4
        press(&s, .backspace)
        #expect(s.prompt?.text == "abx" && s.prompt?.cursor == 0)
    }

    @Test("Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-K")
    func emacsKeys() {
        var s = emptyPrompt()
        type(&s, "hello")
        press(&s, .ctrl("a"))
        #expect(s.prompt?.cursor == 0)
        press(&s, .ctrl("e"))
        #expect(s.prompt?.cursor == 5)
        press(&s, .left, .left, .ctrl("k"))  // cut "lo"
        #expect(s.prompt?.text == "hel" && s.prompt?.cursor == 3)
        press(&s, .left, .ctrl("u"))  // cut "he"
        #expect(s.prompt?.text == "l" && s.prompt?.cursor == 0)
    }

    @Test("wide and combined characters count as one")
    func graphemes() {
        var s = emptyPrompt()
        type(&s, "日é")
        press(&s, .left)
        type(&s, "x")
        #expect(s.prompt?.text == "日xé" && s.prompt?.cursor == 2)
    }

    @Test("keys typed into a prompt are not commands")
    func notCommands() {
        var s = emptyPrompt()
        type(&s, "q5uj")
        #expect(s.prompt?.text == "q5uj")
        #expect(s.evaluation.setting.levels[0] == 0 && s.selected == 0)
    }

    @Test("Esc cancels without an effect; Enter on an empty text just closes")
    func cancel() {
        var s = emptyPrompt()
        type(&s, "x.json")
        #expect(press(&s, .escape).isEmpty)
        #expect(s.prompt == nil)
        press(&s, .char("S"))
        #expect(s.prompt?.text == "")
        #expect(press(&s, .enter).isEmpty)
        #expect(s.prompt == nil)
    }

    @Test("Tab asks for completions of the text")
    func tab() {
        var s = emptyPrompt()
        type(&s, "pre")
        #expect(press(&s, .tab) == [.complete(prefix: "pre")])
        #expect(s.prompt?.text == "pre")
    }

    @Test("one candidate completes the text")
    func oneCandidate() {
        var s = emptyPrompt()
        type(&s, "pre")
        #expect(update(&s, .completions(prefix: "pre", candidates: ["presets/"])).isEmpty)
        #expect(s.prompt?.text == "presets/" && s.prompt?.cursor == 8)
        #expect(s.prompt?.candidates == [])
    }

    @Test("several candidates complete their common prefix and are listed")
    func severalCandidates() {
        var s = emptyPrompt()
        type(&s, "presets/")
        let candidates = ["presets/nordic-aggressive.json", "presets/nordic-balanced.json"]
        send(&s, .completions(prefix: "presets/", candidates: candidates))
        #expect(s.prompt?.text == "presets/nordic-" && s.prompt?.cursor == 15)
        #expect(s.prompt?.candidates == candidates)
        type(&s, "b")  // typing drops the list
        #expect(s.prompt?.candidates == [])
    }

    @Test("several candidates with nothing more in common leave the text and list them")
    func noCommonPrefix() {
        var s = emptyPrompt()
        type(&s, "p")
        send(&s, .completions(prefix: "p", candidates: ["pa.json", "pb.json"]))
        #expect(s.prompt?.text == "p" && s.prompt?.candidates == ["pa.json", "pb.json"])
    }

    @Test("no candidate rings the bell")
    func none() {
        var s = emptyPrompt()
        type(&s, "zz")
        #expect(update(&s, .completions(prefix: "zz", candidates: [])) == [.bell])
        #expect(s.prompt?.text == "zz")
    }

    @Test("stale completions (the text has changed since) are ignored")
    func stale() {
        var s = emptyPrompt()
        type(&s, "pre")
        press(&s, .tab)
        type(&s, "x")
        #expect(update(&s, .completions(prefix: "pre", candidates: ["presets/"])).isEmpty)
        #expect(s.prompt?.text == "prex")
        // …and so are completions arriving when no prompt is open, or a y/n question is.
        press(&s, .escape)
        #expect(update(&s, .completions(prefix: "", candidates: ["a"])).isEmpty)
        #expect(s.prompt == nil)
        press(&s, .char("l"), .char("q"))
        #expect(s.prompt?.kind == .confirmQuit)
        #expect(update(&s, .completions(prefix: "", candidates: ["a"])).isEmpty)
        #expect(s.prompt?.text == "" && s.prompt?.candidates == [])
    }
}
