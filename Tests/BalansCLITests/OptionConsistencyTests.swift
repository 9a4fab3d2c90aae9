import BalansModel
import Foundation
import Testing

/// Issue 13, item 7, through the real binary: every command's help keeps its examples whole at 80
/// columns, every command that writes a file says `Wrote FILE` on stderr the same way and takes
/// `-o FILE` (alias `--output`), `consent decode -` reads standard input, and an unknown option
/// before any subcommand gets the top-level usage.
@Suite("option consistency")
struct OptionConsistencyTests {
    static let commands: [[String]] = [
        [], ["tui"], ["score"], ["check"], ["frontier"], ["balance"], ["diff"], ["report"], ["consent"],
        ["consent", "import-csv"], ["consent", "tcf"], ["consent", "decode"], ["validate"], ["scenarios"], ["policies"],
        ["calibrate"], ["calibrate", "design"], ["calibrate", "fit"],
    ]

    /// The help at `columns` columns (swift-argument-parser reads COLUMNS when it has no terminal).
    static func help(_ command: [String], columns: Int) -> String {
        let r = runBalansFull(command + ["--help"], environment: ["COLUMNS": String(columns)])
        #expect(r.status == 0, "\(command): \(r)")
        return r.stdout
    }

    @Test("--help at 80 columns: no line is wider, and every example command stays on one line",
          arguments: commands)
    func examplesWhole(_ command: [String]) {
        let narrow = Self.help(command, columns: 80)
        let wide = Self.help(command, columns: 400)
        let narrowLines = Set(narrow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        // The USAGE line is swift-argument-parser's, which never wraps it.
        for line in narrow.split(separator: "\n") where !line.hasPrefix("USAGE:") {
            #expect(line.count <= 80, "\(command): wider than 80 columns: \(line)")
        }
        // The example lines as they are without wrapping: each must be a line of the 80-column help too.
        let examples = wide.split(separator: "\n").map(String.init).filter {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("balans ") || t.hasPrefix("balans\t") || t == "balans" || t.contains("| balans ")
        }.filter { $0.hasPrefix("  ") }
        for example in examples {
            #expect(narrowLines.contains(example), "\(command): wrapped at 80 columns: \(example)")
        }
        if command == ["score"] { #expect(!examples.isEmpty, "the examples were not found: \(wide)") }
    }

    @Test("balans --bogus: the top-level usage and balans --help, not the dashboard's")
    func bogusAtTop() {
        let r = runBalansFull(["--bogus"])
        #expect(r.status == 64, "\(r)")
        #expect(r.stdoutData.isEmpty, "\(r)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "balans: Unknown option '--bogus'", "\(r)")
        #expect(lines.contains("Usage: balans <subcommand>"), "\(r)")
        #expect(lines.last == "  See 'balans --help' for more information.", "\(r)")
        #expect(!r.stderr.contains("tui"), "\(r)")
        // A named subcommand keeps its own usage; the dashboard's own options still parse at the top.
        let tui = runBalansFull(["tui", "--bogus"])
        #expect(tui.status == 64 && tui.stderr.contains("Usage: balans tui "), "\(tui)")
        let lang = runBalansFull(["--lang", "xx"])
        #expect(lang.status == 64 && lang.stderr.contains("--lang must be en or sv"), "\(lang)")
    }

    @Test("every command that writes a file says Wrote FILE on stderr, after the file is there")
    func wroteFile() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let preset = "Fixtures/presets/nordic-balanced.json"
        let cases: [(args: [String], files: [String])] = [
            (["balance", "--budget", "30", preset, "-o", tmp.file("b.json")], [tmp.file("b.json")]),
            (["balance", "--budget", "30", preset, "--output", tmp.file("b2.json")], [tmp.file("b2.json")]),
            (["frontier", preset, "-o", tmp.file("f.svg")], [tmp.file("f.svg")]),
            (["frontier", preset, "--output", tmp.file("f2.svg")], [tmp.file("f2.svg")]),
            (["frontier", preset, "--svg", tmp.file("f3.svg")], [tmp.file("f3.svg")]),
            (["report", preset, "-o", tmp.file("r.html"), "--date", "2026-11-29"], [tmp.file("r.html")]),
            (["report", preset, "--output", tmp.file("r.md"), "--date", "2026-11-29"], [tmp.file("r.svg"), tmp.file("r.md")]),
            (["consent", "import-csv", "Fixtures/consent/cmp-counts.csv", "--scenario", "Fixtures/consent/shop.json",
              "-o", tmp.file("shop.json"), "--date", "2026-11-29"], [tmp.file("shop.json")]),
            (["calibrate", "design", "-o", tmp.file("d.json"), "--questionnaire", tmp.file("q.csv")], [tmp.file("d.json"), tmp.file("q.csv")]),
            (["calibrate", "design", "--output", tmp.file("d2.json")], [tmp.file("d2.json")]),
            (["calibrate", "fit", "Fixtures/calibration/design.json", "Fixtures/calibration/synthetic-panel.csv", "--bootstrap", "20",
              "-o", tmp.file("w.json")], [tmp.file("w.json")]),
        ]
        for c in cases {
            let r = runBalansFull(c.args)
            #expect(r.status == 0, "\(c.args): \(r)")
            #expect(r.stderr == c.files.map { "Wrote \($0)\n" }.joined(), "\(c.args): \(r)")
            for f in c.files { #expect(FileManager.default.fileExists(atPath: f), "\(c.args): \(f)") }
        }
        // Nothing written, nothing said: balance without -o, frontier without -o.
        #expect(runBalansFull(["balance", "--budget", "30", preset]).stderrData.isEmpty)
        #expect(runBalansFull(["frontier", preset]).stderrData.isEmpty)
    }

    @Test("a failed write says why, not Wrote")
    func failedWrite() {
        let r = runBalansFull(["balance", "--budget", "30", "-o", "/nonexistent-folder/b.json"])
        #expect(r.status == 73, "\(r)")
        #expect(!r.stderr.contains("Wrote"), "\(r)")
    }

    @Test("-o FILE with its alias --output on every command that writes a file", arguments: [
        ["balance"], ["frontier"], ["report"], ["consent", "import-csv"], ["consent", "tcf"],
        ["calibrate", "design"], ["calibrate", "fit"],
    ])
    func outputOption(_ command: [String]) {
        let help = Self.help(command, columns: 200)
        #expect(help.contains("  -o, --output"), "\(command): \(help)")
    }

    /// Runs the built `balans` with `input` on its standard input.
    static func run(_ args: [String], input: String) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.balans)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.packageRoot)
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(stdoutData: outData, stderrData: errData, status: process.terminationStatus)
    }

    @Test("consent decode - reads the string from standard input, as - does elsewhere")
    func decodeStdin() throws {
        let vector = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA"
        let direct = runBalansFull(["consent", "decode", "--format", "json", vector])
        #expect(direct.status == 0, "\(direct)")
        let piped = try Self.run(["consent", "decode", "--format", "json", "-"], input: vector + "\n")
        #expect(piped.status == 0, "\(piped)")
        #expect(piped.stdout == direct.stdout)
        let text = try Self.run(["consent", "decode", "-"], input: vector)
        #expect(text.stdout == runBalansFull(["consent", "decode", vector]).stdout, "\(text)")
        // A bad string from stdin: the same refusal, exit 65.
        let bad = try Self.run(["consent", "decode", "-"], input: "not-a-tc-string!\n")
        #expect(bad.status == 65, "\(bad)")
        #expect(bad.stderr.hasPrefix("balans: TC string: "), "\(bad)")
        // Nothing on stdin (closed): refused, not a hang.
        let empty = runBalansFull(["consent", "decode", "-"])
        #expect(empty.status == 65, "\(empty)")
    }
}
