import BalansModel
import BalansUI
import Foundation
import Testing
@testable import BalansTerminal

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The terminal module's pure parts, and the parts that run without a terminal: key translation,
// path completion, the effect runner, and drawing through ncurses into a memory stream.

@Suite("Key translation (wget_wch characters to keys)")
struct KeyTranslationTests {
    @Test("control characters by their meaning", arguments: [
        (UInt32(10), Key.enter), (13, .enter), (27, .escape), (9, .tab), (8, .backspace), (127, .backspace),
        (3, .ctrl("c")), (18, .ctrl("r")), (26, .ctrl("z")), (1, .ctrl("a")),
    ])
    func controls(_ code: UInt32, _ key: Key) {
        #expect(Terminal.translate(character: code) == key)
    }

    @Test("printable characters as typed, C1 controls and other C0 codes dropped")
    func printable() {
        #expect(Terminal.translate(character: 0x61) == .char("a"))
        #expect(Terminal.translate(character: 0x20) == .char(" "))
        #expect(Terminal.translate(character: 0xE5) == .char("å"))
        #expect(Terminal.translate(character: 0x1F600) == .char("😀"))
        for c: UInt32 in [0, 28, 29, 30, 31, 0x80, 0x9B, 0x9F] { #expect(Terminal.translate(character: c) == nil, "\(c)") }
        // Not a scalar (a lone surrogate): dropped, never a trap.
        #expect(Terminal.translate(character: 0xD800) == nil)
    }
}

@Suite("Path completion")
struct PathCompletionTests {
    /// A folder with a.json, ab.json, b.txt, .hidden.json and sub/ in it.
    static func folder() throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("balans-complete-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: base + "/sub", withIntermediateDirectories: true)
        for name in ["a.json", "ab.json", "b.txt", ".hidden.json"] {
            #expect(FileManager.default.createFile(atPath: base + "/" + name, contents: Data("{}".utf8)))
        }
        return base
    }

    @Test("entries starting with the last component, folders with a slash, sorted, as typed")
    func candidates() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(PathCompletion.candidates(for: dir + "/a") == [dir + "/a.json", dir + "/ab.json"])
        #expect(PathCompletion.candidates(for: dir + "/") == [dir + "/a.json", dir + "/ab.json", dir + "/b.txt", dir + "/sub/"])
        #expect(PathCompletion.candidates(for: dir + "/s") == [dir + "/sub/"])
        // Hidden entries only when asked for.
        #expect(PathCompletion.candidates(for: dir + "/.h") == [dir + "/.hidden.json"])
        #expect(PathCompletion.candidates(for: dir + "/zz").isEmpty)
        #expect(PathCompletion.candidates(for: dir + "/no-such-folder/x").isEmpty)
    }
}

@Suite("The effect runner (Dashboard.handle) without a terminal")
struct EffectRunnerTests {
    static func state(presetPath: String?) -> AppState {
        let scenario = BuiltinScenarios.scenario(named: "nordic-retail")!
        let model = ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
        return AppState(evaluation: Evaluation(model: model), scenarioReference: "builtin:nordic-retail",
                        presetName: "Runner", presetPath: presetPath, width: 100, height: 30)
    }

    @Test("s saves the preset through FileIO and feeds the result back: the file is a valid preset, the mark goes")
    func save() throws {
        let dir = try PathCompletionTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/runner.json"
        var state = Self.state(presetPath: path)
        #expect(Dashboard.handle(&state, .key(.right), nil) == false)  // a change: unsaved
        #expect(state.isDirty)
        #expect(Dashboard.handle(&state, .key(.char("s")), nil) == false)
        #expect(!state.isDirty)
        let loaded = try Loader.preset(path)
        #expect(loaded.preset.name == "Runner")
        #expect(loaded.setting.levels[0] == 1)
    }

    @Test("q on a saved setting quits")
    func quit() {
        var state = Self.state(presetPath: nil)
        #expect(Dashboard.handle(&state, .key(.char("q")), nil) == true)
    }
}

@Suite("Drawing through ncurses into a file")
struct TerminalDrawTests {
    /// Draws `frames` on an xterm of 80×24 whose output is a temporary file; returns the bytes each
    /// draw wrote.
    static func bytesPerDraw(_ frames: [Canvas]) throws -> [Int] {
        // A real file (ncurses writes to the stream's descriptor, which a memory stream lacks).
        guard let output = tmpfile(), let input = fopen("/dev/null", "r") else {
            Issue.record("no temporary file")
            return []
        }
        defer { fclose(input); fclose(output) }
        func written() -> Int {
            fflush(output)
            var st = stat()
            return fstat(fileno(output), &st) == 0 ? Int(st.st_size) : -1
        }
        // No LINES/COLUMNS here (they would leak into the tmux tests' children): a file has no
        // window size, so ncurses takes xterm's terminfo size, 80×24.
        let terminal = try Terminal(capabilities: Capabilities(color: true, unicode: true, mouse: false),
                                    input: input, output: output, terminalType: "xterm-256color")
        defer { terminal.stop() }
        var out: [Int] = []
        var before = written()
        for canvas in frames {
            terminal.draw(Frame(canvas: canvas))
            let now = written()
            out.append(now - before)
            before = now
        }
        return out
    }

    @Test("one changed cell writes a small fraction of a full repaint; an unchanged frame writes almost nothing")
    func onlyChangedCells() throws {
        var first = Canvas(width: 80, height: 24)
        for y in 0..<24 { first.put(String(repeating: "x", count: 80), x: 0, y: y, style: y % 2 == 0 ? .plain : .fg(.green)) }
        var second = first
        second.put("Y", x: 40, y: 12, style: .bold)
        let bytes = try Self.bytesPerDraw([first, second, second])
        guard bytes.count == 3 else { return }
        #expect(bytes[0] > 80 * 24)
        #expect(bytes[1] < bytes[0] / 20, "\(bytes)")
        #expect(bytes[2] < 16, "\(bytes)")
    }
}
