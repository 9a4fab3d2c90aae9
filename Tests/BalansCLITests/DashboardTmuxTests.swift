import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real `balans` dashboard in a real terminal: tmux, each test on its own private server
/// (`-L`), driven with `send-keys` and read with `capture-pane`. Waits poll for what is expected,
/// with a deadline, instead of sleeping.
@Suite("Dashboard in tmux", .enabled(if: Tmux.path != nil, "tmux is not installed: the dashboard's terminal tests are skipped"),
       .serialized)
struct DashboardTmuxTests {
    /// The command line that runs the binary in the pane, with a UTF-8 locale so that what is
    /// drawn does not depend on the environment the tests run in.
    static func balansCommand(_ args: [String] = [], env: [String] = []) -> String {
        (["env", "LC_ALL=C.UTF-8", "NO_COLOR="] + env + [TestPaths.balans] + args).map(Tmux.quote).joined(separator: " ")
    }

    @Test("the first frame shows the scenario name and the headline")
    func firstFrame() throws {
        let tmux = try Tmux(command: Self.balansCommand())
        defer { tmux.kill() }
        let screen = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") && $0.contains("Norrsken Retail") }
        // The demo opens on its example (issue 12 item 8), not every segment at level 0.
        #expect(Tmux.header(screen).contains("Balanced spring campaign (the demo's example)"), "\(screen)")
        #expect(Tmux.figures(screen).first == "34.0", "\(screen)")
    }

    @Test("a PRESET that does not exist yet opens with [new] in the header and says that s creates it")
    func newFileHeader() throws {
        let tmux = try Tmux(command: Self.balansCommand(["Fixtures/presets/nordic-balance.json"]))
        defer { tmux.kill() }
        let screen = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        #expect(Tmux.header(screen).contains("Fixtures/presets/nordic-balance.json [new]"), "\(screen)")
        #expect(screen.contains("Fixtures/presets/nordic-balance.json does not exist yet: s creates it"), "\(screen)")
        // An existing preset: its file, no [new].
        let opened = try Tmux(command: Self.balansCommand(["Fixtures/presets/nordic-balanced.json"]))
        defer { opened.kill() }
        let other = try opened.waitFor("the opened preset") { $0.contains("Intrusiveness") }
        #expect(Tmux.header(other).contains("Fixtures/presets/nordic-balanced.json"), "\(other)")
        #expect(!Tmux.header(other).contains("[new]"), "\(other)")
    }

    @Test("Ctrl-Z gives the shell a restored terminal; fg brings the dashboard back, redrawn whole")
    func suspendAndResume() throws {
        let tmux = try Tmux(command: "bash --norc --noprofile -i")
        defer { tmux.kill() }
        tmux.sendLiteral("PS1='shell-prompt> '; " + Self.balansCommand())
        tmux.send("Enter")
        _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        tmux.send("l")
        _ = try tmux.waitFor("the unsaved mark") { Tmux.hasUnsavedMark(Tmux.header($0)) }
        tmux.send("C-z")
        let shell = try tmux.waitFor("the shell's prompt") { $0.contains("Stopped") && $0.contains("shell-prompt>") }
        #expect(tmux.display("#{alternate_on} #{cursor_flag}") == "0 1", "the terminal is the shell's again:\n\(shell)")
        #expect(tmux.display("#{mouse_any_flag} #{keypad_flag}") == "0 0", "mouse reporting off")
        // The shell works: echo in column 0 (output post-processing is back).
        tmux.sendLiteral("echo still-\"\"here")
        tmux.send("Enter")
        let echoed = try tmux.waitFor("the shell's echo") { $0.contains("still-here") }
        #expect(Tmux.lines(echoed).contains { $0.hasPrefix("still-here") }, "\(echoed)")
        tmux.sendLiteral("fg")
        tmux.send("Enter")
        let back = try tmux.waitFor("the dashboard again") {
            $0.contains("Intrusiveness") && $0.contains("F2 Segments") && !$0.contains("still-here")
        }
        #expect(tmux.display("#{alternate_on} #{cursor_flag}") == "1 0", "the dashboard's screen again:\n\(back)")
        // Redrawn whole: every row of the dashboard is there, the unsaved change kept.
        #expect(Tmux.hasUnsavedMark(Tmux.header(back)), "\(back)")
        #expect(back.contains("? help") && back.contains("q quit"), "\(back)")
        // Keys work again.
        tmux.send("q")
        _ = try tmux.waitFor("the quit question") { $0.lowercased().contains("y/n") }
        tmux.send("y")
        _ = try tmux.waitFor("the shell after quitting") { $0.contains("shell-prompt>") && !$0.contains("Intrusiveness") }
        #expect(tmux.display("#{alternate_on} #{cursor_flag}") == "0 1")
    }

    @Test("a scenario written by consent import-csv opens, and the detail pane names the imported file")
    func importedConsentSource() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("shop.json")
        let r = runBalansFull(["consent", "import-csv", "Fixtures/consent/cmp-counts.csv", "--scenario", "Fixtures/consent/shop.json",
                               "-o", out, "--date", "2026-11-29"])
        try #require(r.status == 0, "\(r)")
        let tmux = try Tmux(command: Self.balansCommand(["--scenario", out]), width: 120, height: 40)
        defer { tmux.kill() }
        _ = try tmux.waitFor("the first frame") { $0.contains("Consent import test shop") }
        tmux.send("2")  // north to level 2: clicks, email, profile, geo
        let screen = try tmux.waitFor("the consent sources") {
            $0.contains("Where the consent rates come from") && $0.contains("as written in the scenario: E-mail address")
        }
        // The pane wraps the line where its width ends; the parts are each on one line.
        for part in ["cmp-counts.csv (CMP export)", "2026-11-29", "60–100 records"] {
            #expect(screen.contains(part), "\(part)\n\(screen)")
        }
    }

    @Test("at 80×24, PgDn in the detail pane scrolls down to the customer notice")
    func detailScrollsToNotice() throws {
        let tmux = try Tmux(command: Self.balansCommand(), width: 80, height: 24)
        defer { tmux.kill() }
        _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        tmux.send("5", "Enter")
        _ = try tmux.waitFor("the focused pane") { $0.contains("PgDn more") }
        #expect(!tmux.capture().contains("What a customer in this segment is told"))
        // One PgDn at a time, each answered by a new frame, until the notice's heading is in view.
        var screen = tmux.capture()
        for _ in 0..<10 where !screen.contains("What a customer in this segment is told") {
            let before = screen
            tmux.send("NPage")
            screen = try tmux.waitFor("a new frame after PgDn") { $0 != before }
        }
        #expect(screen.contains("What a customer in this segment is told"), "\(screen)")
        #expect(screen.contains(" of "), "the title says which lines are shown:\n\(screen)")
    }

    @Test("at 80×24 the Ethics screen of nordic-aggressive scrolls to its last breach, then on to the DPIA list")
    func ethicsScrollsToLastBreach() throws {
        let tmux = try Tmux(command: Self.balansCommand(["Fixtures/presets/nordic-aggressive.json"]), width: 80, height: 24)
        defer { tmux.kill() }
        _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        tmux.send("F5")
        _ = try tmux.waitFor("the Ethics screen") { $0.contains("Breaches of the code (25)") && $0.contains("1 of 25") }
        // ↓ one at a time, each answered by a frame that shows the new position.
        for i in 2...25 {
            tmux.send("Down")
            _ = try tmux.waitFor("breach \(i) selected") { $0.contains("\(i) of 25") }
        }
        let last = tmux.capture()
        // The last breach's row is in view and marked; its whole message is below the list.
        #expect(last.contains("> info    dpia              Seniors 65+"), "\(last)")
        #expect(last.contains("matching-data): a DPIA is likely required (GDPR Art. 35)"), "\(last)")
        // Past the last breach, PgDn scrolls on to the fairness table and the DPIA list.
        var screen = last
        for _ in 0..<6 where !screen.contains("DPIA Seniors 65+") {
            let before = screen
            tmux.send("NPage")
            screen = try tmux.waitFor("a new frame after PgDn") { $0 != before }
        }
        #expect(screen.contains("DPIA Seniors 65+"), "\(screen)")
        #expect(screen.contains("25 of 25"), "the selection stays on the last breach:\n\(screen)")
        // Enter shows the last breach's segment on the Segments screen.
        tmux.send("Enter")
        let segments = try tmux.waitFor("the Segments screen") { $0.contains("Seniors 65+: the segment of the dpia breach") }
        #expect(segments.contains("> Seniors 65+"), "\(segments)")
    }

    @Test("l raises the selected segment's level and the header figures change")
    func raiseLevel() throws {
        let tmux = try Tmux(command: Self.balansCommand())
        defer { tmux.kill() }
        let before = Tmux.header(try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") })
        tmux.send("l")
        let after = Tmux.header(try tmux.waitFor("a new header") { Tmux.header($0) != before })
        #expect(Tmux.hasUnsavedMark(after), "after a change the header marks it unsaved:\n\(after)")
        #expect(!Tmux.hasUnsavedMark(before), "\(before)")
    }

    @Test("b, 30, Enter balances to the budget: the header figures change and the status says so")
    func balanceToBudget() throws {
        let tmux = try Tmux(command: Self.balansCommand())
        defer { tmux.kill() }
        let before = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        tmux.send("b")
        _ = try tmux.waitFor("the budget prompt") { $0.contains("Balance to a budget") }
        tmux.sendLiteral("30")
        tmux.send("Enter")
        // Wait for the whole frame (header and status line): a capture can land mid-redraw.
        let after = try tmux.waitFor("the balanced header and status") {
            Tmux.figures($0) != Tmux.figures(before) && $0.contains("Balanced to 30: intrusiveness")
        }
        #expect(Tmux.hasUnsavedMark(Tmux.header(after)), "\(after)")
        // The headline is within the budget.
        let intrusiveness = try #require(Tmux.figures(after).first.flatMap(Double.init))
        #expect(intrusiveness > 0 && intrusiveness <= 30, "\(after)")
    }

    @Test("with SIGTSTP ignored by its parent (no job control), Ctrl-Z does nothing: nothing could continue it")
    func suspendIgnored() throws {
        // A job of an interactive shell (so a stop would stick), started with SIGTSTP ignored.
        let tmux = try Tmux(command: "bash --norc --noprofile -i")
        defer { tmux.kill() }
        tmux.sendLiteral("sh -c " + Tmux.quote("trap '' TSTP; exec " + Self.balansCommand()))
        tmux.send("Enter")
        _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        tmux.send("C-z")
        tmux.send("l")
        let screen = try tmux.waitFor("the unsaved mark") { Tmux.hasUnsavedMark(Tmux.header($0)) }
        #expect(tmux.display("#{alternate_on}") == "1" && !screen.contains("Stopped"), "still running on its screen:\n\(screen)")
    }

    @Test("S saves a preset/1 file with the levels shown, and reopening it shows no unsaved mark")
    func saveAndReopen() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let path = dir.file("saved.json")
        do {
            // The scenario alone: every segment at level 0, "Untitled".
            let tmux = try Tmux(command: Self.balansCommand(["--scenario", "builtin:nordic-retail"]))
            defer { tmux.kill() }
            _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
            #expect(Tmux.header(tmux.capture()).contains("Untitled"))
            tmux.send("l")
            let changed = try tmux.waitFor("the unsaved mark") { Tmux.hasUnsavedMark(Tmux.header($0)) }
            tmux.send("S")
            tmux.sendLiteral(path)
            tmux.send("Enter")
            _ = try Tmux.poll("the saved file", timeout: 5) { FileManager.default.fileExists(atPath: path) ? true : nil }
            let saved = try tmux.waitFor("the mark to go") { !Tmux.hasUnsavedMark(Tmux.header($0)) }
            #expect(Tmux.figures(saved) == Tmux.figures(changed), "saving does not change the figures")
        }
        let data = try #require(FileManager.default.contents(atPath: path))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(doc["balans"] as? String == "preset/1")
        #expect(doc["scenario"] as? String == "builtin:nordic-retail")
        // "Untitled" is no name of its own: the preset is named after its file.
        #expect(doc["name"] as? String == "saved")
        let levels = try #require(doc["levels"] as? [String: Int])
        // `l` raised the first segment (selected at start) to level 1; the others stay at 0.
        #expect(levels.values.filter { $0 != 0 } == [1], "\(levels)")
        let score = runBalansFull(["score", path, "--format", "json"])
        #expect(score.status == 0, "\(score)")

        let reopened = try Tmux(command: Self.balansCommand([path]))
        defer { reopened.kill() }
        let screen = try reopened.waitFor("the reopened preset") { $0.contains("Intrusiveness") }
        #expect(!Tmux.hasUnsavedMark(Tmux.header(screen)), "\(screen)")
        #expect(Tmux.header(screen).contains("saved.json") && !Tmux.header(screen).contains("[new]"), "\(screen)")
        #expect(Tmux.figures(screen).contains { $0 != "0.0" && $0 != "0.00" }, "the saved level shows: \(screen)")
    }

    @Test("resizing to 60×15, below the minimum and back to 100×30 redraws without crashing")
    func resize() throws {
        let tmux = try Tmux(command: Self.balansCommand())
        defer { tmux.kill() }
        _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        for (w, h) in [(60, 15), (30, 8), (100, 30)] {
            tmux.run(["resize-window", "-t", tmux.target, "-x", String(w), "-y", String(h)])
            let screen = try tmux.waitFor("a frame at \(w)×\(h)") { screen in
                return Tmux.lines(screen).count == h && !screen.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                    && (w < 40 || h < 10 || screen.contains("Intrusiveness"))
            }
            #expect(tmux.display("#{pane_dead}") == "0", "balans still runs at \(w)×\(h):\n\(screen)")
        }
        // Keys still work after the resizes.
        tmux.send("l")
        _ = try tmux.waitFor("the unsaved mark") { Tmux.hasUnsavedMark(Tmux.header($0)) }
    }

    @Test("arrows, Home/End, Tab/Shift-Tab, F1 and Esc arrive as the dashboard's keys")
    func keys() throws {
        let tmux = try Tmux(command: Self.balansCommand())
        defer { tmux.kill() }
        let start = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") && $0.contains("Seniors 65+") }
        func selected(_ name: String) -> (String) -> Bool {
            { screen in Tmux.lines(screen).contains { $0.hasPrefix(">") && $0.contains(name) } }
        }
        tmux.send("Down")
        _ = try tmux.waitFor("Down", selected("Young urban adults"))
        tmux.send("End")
        _ = try tmux.waitFor("End", selected("Seniors 65+"))
        tmux.send("Home")
        _ = try tmux.waitFor("Home", selected("Teens 13-17"))
        tmux.send("Right")
        _ = try tmux.waitFor("Right") { Tmux.hasUnsavedMark(Tmux.header($0)) }
        tmux.send("Left")
        _ = try tmux.waitFor("Left") { $0 == start }
        for (open, close) in [("F1", "Escape"), ("Tab", "BTab")] {
            tmux.send(open)
            _ = try tmux.waitFor(open) { $0 != start }
            tmux.send(close)
            _ = try tmux.waitFor(close) { $0 == start }
        }
    }

    @Test("wide characters in names take two columns and keep the columns after them in place")
    func wideCharacters() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let scenario = runBalansFull(["scenarios", "nordic-retail"])
        #expect(scenario.status == 0)
        let path = dir.write("wide.json", scenario.stdout.replacingOccurrences(of: "\"Teens 13-17\"", with: "\"東京 teens\""))
        let tmux = try Tmux(command: Self.balansCommand(["--scenario", path]))
        defer { tmux.kill() }
        let screen = try tmux.waitFor("the first frame") { $0.contains("東京 teens") && $0.contains("Young urban adults") }
        let lines = Tmux.lines(screen)
        let wide = try #require(lines.first { $0.contains("東京 teens") })
        let narrow = try #require(lines.first { $0.contains("Young urban adults") })
        // The level dots start in the same column on both rows (東 and 京 count two columns each).
        func column(of text: Substring, _ marker: Character) -> Int? {
            var col = 0
            for ch in text {
                if ch == marker { return col }
                col += ch.unicodeScalars.first.map { $0.value >= 0x1100 && $0.value <= 0xFFDC ? 2 : 1 } ?? 1
            }
            return nil
        }
        let dot: Character = "●"
        #expect(column(of: wide, dot) != nil && column(of: wide, dot) == column(of: narrow, dot), "\(wide)\n\(narrow)")
    }

    @Test("a burst of resizes is survived and ends in a frame of the last size")
    func resizeBurst() throws {
        let tmux = try Tmux(command: Self.balansCommand())
        defer { tmux.kill() }
        _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        for w in stride(from: 100, through: 70, by: -3) {
            tmux.run(["resize-window", "-t", tmux.target, "-x", String(w), "-y", "25"])
        }
        tmux.run(["resize-window", "-t", tmux.target, "-x", "90", "-y", "28"])
        let screen = try tmux.waitFor("a frame at 90×28") { screen in
            Tmux.lines(screen).count == 28 && screen.contains("Intrusiveness")
                && Tmux.lines(screen).contains { $0.count > 80 }
        }
        #expect(tmux.display("#{pane_dead}") == "0", "\(screen)")
    }

    @Test("a click selects a row, and a click on a level dot sets that level")
    func mouse() throws {
        let tmux = try Tmux(command: Self.balansCommand())
        defer { tmux.kill() }
        let screen = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") && $0.contains("Bargain hunters") }
        let lines = Tmux.lines(screen)
        let y = try #require(lines.firstIndex { $0.contains("Bargain hunters") })
        // X10 mouse reports (what TERM=screen's kmous announces): ESC [ M, then button, column and
        // row, each plus 32 (columns and rows counted from 1). Press, then release.
        func click(_ x: Int, _ y: Int) {
            for button in [0, 3] {
                let bytes = [button, x + 1, y + 1].map { Character(Unicode.Scalar(UInt8(32 + $0))) }
                tmux.sendLiteral("\u{1B}[M" + String(bytes))
            }
        }
        click(4, y)
        _ = try tmux.waitFor("the clicked row selected") { Tmux.lines($0).count > y && Tmux.lines($0)[y].hasPrefix(">") }
        let row = String(lines[y])
        let firstDot = try #require(row.firstIndex(of: "●").map { row.distance(from: row.startIndex, to: $0) })
        click(firstDot + 2, y)
        _ = try tmux.waitFor("level 2 on the clicked row") { Tmux.lines($0).count > y && Tmux.lines($0)[y].contains("●●●○") }
    }

    // MARK: Leaving the terminal as it was

    /// Runs balans in a shell in the pane, so that the terminal state can be read after it exits.
    static func shellSession(_ pidFile: String, env: [String] = []) throws -> Tmux {
        let tmux = try Tmux(command: "sh")
        let line = "sh -c " + Tmux.quote("echo $$ > \(Tmux.quote(pidFile)); exec \(balansCommand(env: env))") + "; echo balans-\"\"exit-$?"
        tmux.sendLiteral(line)
        tmux.send("Enter")
        _ = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        #expect(tmux.display("#{alternate_on} #{cursor_flag}") == "1 0", "the dashboard uses the alternate screen, no cursor")
        return tmux
    }

    static func expectRestored(_ tmux: Tmux, status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        // The shell echoes the command as `balans-""exit-$?`, and prints `balans-exit-STATUS` after it.
        let screen = try tmux.waitFor("the shell again") { $0.contains("balans-exit-") }
        #expect(screen.contains("balans-exit-\(status)"), "\(screen)", sourceLocation: sourceLocation)
        // Output post-processing is back: the shell's newline returns to the first column.
        let lines = Tmux.lines(screen)
        if let i = lines.firstIndex(where: { $0.hasPrefix("balans-exit-") }), i + 1 < lines.count {
            #expect(lines[i + 1].first != " ", "the prompt starts in column 0:\n\(screen)", sourceLocation: sourceLocation)
        }
        #expect(tmux.display("#{alternate_on} #{cursor_flag}") == "0 1",
                "alternate screen off, cursor visible", sourceLocation: sourceLocation)
        #expect(tmux.display("#{mouse_any_flag} #{keypad_flag}") == "0 0", "mouse reporting off", sourceLocation: sourceLocation)
    }

    @Test("q leaves the terminal as it was found")
    func quitRestores() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let tmux = try Self.shellSession(dir.file("pid"))
        defer { tmux.kill() }
        tmux.send("q")
        try Self.expectRestored(tmux, status: 0)
    }

    @Test("q with unsaved changes asks first; y quits")
    func quitAsks() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let tmux = try Self.shellSession(dir.file("pid"))
        defer { tmux.kill() }
        tmux.send("l")
        _ = try tmux.waitFor("the unsaved mark") { Tmux.hasUnsavedMark(Tmux.header($0)) }
        tmux.send("q")
        let asking = try tmux.waitFor("the question") { $0.lowercased().contains("y/n") }
        #expect(tmux.display("#{alternate_on}") == "1", "still in the dashboard:\n\(asking)")
        tmux.send("y")
        try Self.expectRestored(tmux, status: 0)
    }

    @Test("Ctrl-C quits at once, even with unsaved changes, and restores the terminal")
    func ctrlC() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let tmux = try Self.shellSession(dir.file("pid"))
        defer { tmux.kill() }
        tmux.send("l")
        _ = try tmux.waitFor("the unsaved mark") { Tmux.hasUnsavedMark(Tmux.header($0)) }
        tmux.send("C-c")
        try Self.expectRestored(tmux, status: 0)
    }

    @Test("SIGTERM, SIGHUP, SIGPIPE and a crash (SIGSEGV) restore the terminal and end balans by the signal",
          arguments: [SIGTERM, SIGHUP, SIGPIPE, SIGSEGV])
    func signals(_ signal: Int32) throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let pidFile = dir.file("pid")
        let tmux = try Self.shellSession(pidFile)
        defer { tmux.kill() }
        let pidText = try #require(readText(pidFile)).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(pidText))
        #expect(kill(pid, signal) == 0)
        try Self.expectRestored(tmux, status: 128 + Int(signal))
    }

    /// A save paused (BALANS_TEST_SAVE_PAUSE) with its temporary file written, then `signal`.
    static func signalDuringSave(_ signal: Int32, _ dir: TempDir) throws -> Tmux {
        let pidFile = dir.file("pid")
        let tmux = try Self.shellSession(pidFile, env: ["BALANS_TEST_SAVE_PAUSE=2"])
        let pidText = try #require(readText(pidFile)).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(pidText))
        tmux.send("l")
        _ = try tmux.waitFor("the unsaved mark") { Tmux.hasUnsavedMark(Tmux.header($0)) }
        tmux.send("S")
        tmux.sendLiteral(dir.file("saved.json"))
        tmux.send("Enter")
        _ = try Tmux.poll("the temporary file", timeout: 5) {
            SavingTests.leftovers(dir.path).isEmpty ? nil : true
        }
        #expect(kill(pid, signal) == 0)
        return tmux
    }

    @Test("SIGTERM during a save lets the save finish, then restores the terminal and ends balans by the signal")
    func termDuringSave() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let tmux = try Self.signalDuringSave(SIGTERM, dir)
        defer { tmux.kill() }
        try Self.expectRestored(tmux, status: 128 + Int(SIGTERM))
        let saved = try #require(FileManager.default.contents(atPath: dir.file("saved.json")))
        let doc = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        #expect(doc["balans"] as? String == "preset/1")
        #expect(SavingTests.leftovers(dir.path) == [])
    }

    @Test("a crash during a save removes the temporary file and restores the terminal")
    func crashDuringSave() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let tmux = try Self.signalDuringSave(SIGSEGV, dir)
        defer { tmux.kill() }
        try Self.expectRestored(tmux, status: 128 + Int(SIGSEGV))
        #expect(SavingTests.leftovers(dir.path) == [], "no temporary file remains")
        #expect(!FileManager.default.fileExists(atPath: dir.file("saved.json")))
    }

    @Test("a large bad scenario (loaded after the terminal opens) restores the terminal and reports one error line (65)")
    func largeBadInput() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        // Over 4 MiB, so the dashboard opens before loading it; the error sits at the very end.
        let padding = String(repeating: " ", count: 5 << 20)
        let scenario = dir.write("big.json", "{\"balans\": \"scenario/1\"," + padding + "\"name\": 1}")
        let tmux = try Tmux(command: "sh")
        defer { tmux.kill() }
        let line = Self.balansCommand([dir.file("new.json"), "--scenario", scenario]) + "; echo balans-\"\"exit-$?"
        tmux.sendLiteral(line)
        tmux.send("Enter")
        try Self.expectRestored(tmux, status: 65)
        let screen = tmux.capture()
        #expect(screen.contains("big.json:1:"), "the error names the file and place:\n\(screen)")
        #expect(screen.contains("name: expected a string, got 1"), "\(screen)")
    }

    // MARK: Bytes written

    @Test("one level change at 80×24 writes a small fraction of a full repaint")
    func bytesWritten() throws {
        let dir = TempDir("balans-tmux")
        defer { dir.cleanup() }
        let log = dir.file("output")
        // The shell waits for Enter, so that the pipe is in place before the first byte is drawn.
        let tmux = try Tmux(command: "sh -c " + Tmux.quote("read x; exec \(Self.balansCommand())"), width: 80, height: 24)
        defer { tmux.kill() }
        tmux.run(["pipe-pane", "-t", tmux.target, "cat >> " + Tmux.quote(log)])
        tmux.send("Enter")
        let first = try tmux.waitFor("the first frame") { $0.contains("Intrusiveness") }
        let full = try Self.settledSize(log)
        tmux.send("l")
        _ = try tmux.waitFor("a new header") { Tmux.header($0) != Tmux.header(first) }
        let afterChange = try Self.settledSize(log)
        let change = afterChange - full
        print("bytes written at 80×24: first frame (setup and full repaint) \(full), one level change \(change)")
        #expect(change > 0)
        #expect(change * 2 < full, "one level change (\(change) B) vs the full repaint (\(full) B)")
    }

    /// The size of `path` once it has stopped growing for a while.
    static func settledSize(_ path: String) throws -> Int {
        var last = -1
        var stableSince = Date()
        return try Tmux.poll("\(path) to stop growing", timeout: 5) { () -> Int? in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size != last {
                last = size
                stableSince = Date()
                return nil
            }
            return Date().timeIntervalSince(stableSince) > 0.3 && size > 0 ? size : nil
        }
    }
}

/// A private tmux server with one session running `command`, killed by `kill()`.
final class Tmux {
    /// The tmux executable, or nil when it is not installed.
    static let path: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = String(dir) + "/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    let socket = "balans-test-" + UUID().uuidString
    let target = "balans"
    private var socketPath = ""

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(command: String, width: Int = 100, height: Int = 30) throws {
        let (status, output) = run(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", String(width), "-y",
                                    String(height), "-c", TestPaths.packageRoot, command])
        guard status == 0 else { throw Failure(description: "tmux new-session failed: \(output)") }
        socketPath = run(["display-message", "-p", "#{socket_path}"]).1.trimmingCharacters(in: .whitespacesAndNewlines)
        run(["set-option", "-g", "remain-on-exit", "on"])
        run(["set-window-option", "-g", "window-size", "manual"])
    }

    /// Runs a tmux command on this server; returns its status and output. Spawned directly (not
    /// with Foundation's Process) with an empty signal mask and default signal actions: the server
    /// that `new-session` starts outlives the client and passes both on to balans in the pane, and
    /// the client must be reaped whatever the server keeps open.
    @discardableResult
    func run(_ args: [String]) -> (Int32, String) {
        let outputPath = NSTemporaryDirectory() + "/" + socket + "-" + UUID().uuidString
        defer { unlink(outputPath) }
        var env = ProcessInfo.processInfo.environment
        env["TMUX"] = nil
        env["TERM"] = "xterm-256color"
        let argv = [Tmux.path ?? "/usr/bin/tmux", "-L", socket] + args
        let envp = env.map { "\($0.key)=\($0.value)" }
        var cArgv = argv.map { strdup($0) } + [nil]
        var cEnvp = envp.map { strdup($0) } + [nil]
        defer {
            for p in cArgv { free(p) }
            for p in cEnvp { free(p) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgv, &cEnvp)
        guard rc == 0 else { return (-1, "cannot run tmux: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = FileManager.default.contents(atPath: outputPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let exited = (status & 0x7F) == 0
        return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output)
    }

    func send(_ keys: String...) {
        run(["send-keys", "-t", target] + keys)
    }

    func sendLiteral(_ text: String) {
        run(["send-keys", "-t", target, "-l", text])
    }

    func capture() -> String {
        run(["capture-pane", "-p", "-t", target]).1
    }

    func display(_ format: String) -> String {
        run(["display-message", "-p", "-t", target, format]).1.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `predicate` holds; returns that screen, or fails with the last one.
    /// The timeout only bounds a failure: a passing test returns at the first frame that holds, so
    /// it is generous (the whole suite shares two cores with the build, and a frame once took over 5 s).
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 20, _ predicate: (String) -> Bool) throws -> String {
        var last = ""
        do {
            return try Tmux.poll(what, timeout: timeout) { () -> String? in
                last = capture()
                return predicate(last) ? last : nil
            }
        } catch {
            throw Failure(description: "timed out waiting for \(what); the screen:\n\(last)")
        }
    }

    /// Calls `body` every 20 ms until it returns a value or `timeout` seconds have passed.
    static func poll<T>(_ what: String, timeout: Double, _ body: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let value = try body() { return value }
            if Date() > deadline { throw Failure(description: "timed out waiting for \(what)") }
            usleep(20_000)
        }
    }

    /// Stops the server and removes its socket (tmux leaves it behind).
    func kill() {
        run(["kill-server"])
        if socketPath.hasSuffix(socket) { unlink(socketPath) }
    }

    /// Quotes `s` for sh.
    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The rows of a captured screen.
    static func lines(_ screen: String) -> [Substring] {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The header: the screen's first two lines.
    static func header(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(2).joined(separator: "\n")
    }

    /// The header marks unsaved changes (SPEC §4) with a "*" after the preset's name, or says so.
    static func hasUnsavedMark(_ header: String) -> Bool {
        let lower = header.lowercased()
        return header.contains(" *") || header.contains("*\n") || lower.contains("unsaved") || lower.contains("modified")
    }

    /// The decimal figures of the header's figures row, e.g. ["20.8", "0.04"] (the title row has
    /// the preset's file, whose dots are no figures).
    static func figures(_ screen: String) -> [String] {
        String(lines(screen).dropFirst().first ?? "").split(whereSeparator: { !($0.isNumber || $0 == ".") }).map(String.init).filter { $0.contains(".") }
    }
}
