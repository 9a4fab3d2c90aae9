import Foundation
import Testing

/// The edges of the command line through the real binary: each command's `--format` lists only what
/// it accepts (in `--help`, in shell completions, and in what the parser takes), and every error line
/// has one shape, `balans: FILE:LINE:COLUMN: PATH: message` with the parts that are not known left
/// out, whether it comes from a file, the file system or swift-argument-parser.
@Suite("Error shapes and typed formats")
struct ErrorShapeTests {
    /// The error line of SPEC §2 from its parts: those that are nil are left out with their ": ".
    static func line(file: String? = nil, line: Int? = nil, column: Int? = nil, path: String? = nil, _ message: String) -> String {
        var place = file
        if let l = line { place = (place ?? "") + ":\(l)" + (column.map { ":\($0)" } ?? "") }
        return "balans: " + ([place, path].compactMap { $0 } + [message]).joined(separator: ": ")
    }

    /// Nothing on stdout, and no diagnostic that names the program twice or in the parser's own way.
    static func expectHouseStyle(_ r: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.stdoutData.isEmpty, "stdout must stay empty on errors: \(r)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("balans: "), "\(r)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("balans: balans"), "a doubled prefix: \(r)", sourceLocation: sourceLocation)
        for l in r.stderr.split(separator: "\n") {
            #expect(!l.hasPrefix("Error:"), "the parser's own prefix: \(r)", sourceLocation: sourceLocation)
        }
    }

    /// A usage error from the parser: exit 64, one `balans: ` line, then the command's usage and the
    /// pointer to its `--help` (what swift-argument-parser prints after its message).
    static func expectUsageError(_ r: RunResult, command: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(r.status == 64, "\(r)", sourceLocation: sourceLocation)
        expectHouseStyle(r, sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("balans: ") }.count == 1, "one error line: \(r)", sourceLocation: sourceLocation)
        #expect(lines.contains { $0.hasPrefix("Usage: balans \(command) ") }, "\(r)", sourceLocation: sourceLocation)
        #expect(lines.last == "  See 'balans \(command) --help' for more information.", "\(r)", sourceLocation: sourceLocation)
        return lines.first ?? ""
    }

    // MARK: Typed formats

    /// The `--format` entry of a command's `--help`, its wrapped lines joined.
    static func formatHelp(_ command: [String]) -> String {
        let r = runBalansFull(command + ["--help"])
        #expect(r.status == 0, "\(r)")
        var entry: [String] = []
        for l in r.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if l.hasPrefix("  --format ") { entry = [l.trimmingCharacters(in: .whitespaces)]; continue }
            if entry.isEmpty { continue }
            if l.hasPrefix("  -") || l.isEmpty { break }
            entry.append(l.trimmingCharacters(in: .whitespaces))
        }
        return entry.joined(separator: " ")
    }

    @Test("--help lists only the formats a command accepts", arguments: [
        (["score"], "text, json, csv"), (["frontier"], "text, json, csv"), (["check"], "text, json, junit, sarif, github"),
        (["balance"], "text, json"), (["diff"], "text, json"), (["consent", "import-csv"], "text, json"),
        (["consent", "tcf"], "text, json"), (["consent", "decode"], "text, json"),
    ])
    func helpListsFormats(_ command: [String], _ values: String) {
        let entry = Self.formatHelp(command)
        #expect(entry.hasSuffix("(values: \(values); default: text)"), "\(command): \(entry)")
    }

    @Test("check --help no longer offers csv, and its completions offer its formats only")
    func checkHelpWithoutCSV() {
        let help = runBalansFull(["check", "--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.lowercased().contains("csv"), "\(help.stdout)")
        let bash = runBalansFull(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        // The check function's case for --format: its values, and nothing else.
        let check = bash.stdout.components(separatedBy: "_balans_check() {").dropFirst().first ?? ""
        let body = check.components(separatedBy: "\n}\n").first ?? ""
        let format = body.components(separatedBy: "'--format')").dropFirst().first?.components(separatedBy: ";;").first ?? ""
        #expect(format.contains("'text'$'\\n''json'"), "\(body)")
        #expect(!format.contains("csv"), "\(body)")
    }

    @Test("check --format csv is refused by the parser: 64, with the accepted values")
    func checkFormatCSV() {
        let r = runBalansFull(["check", "Fixtures/presets/nordic-balanced.json", "--format", "csv"])
        let first = Self.expectUsageError(r, command: "check")
        #expect(first.hasPrefix("balans: "))
        #expect(first.contains("'csv'") && first.contains("--format"), "\(first)")
        #expect(first.contains("'text'") && first.contains("'json'"), "names what is accepted: \(first)")
        // Formats still work where they are offered.
        #expect(runBalansFull(["frontier", "--format", "csv"]).status == 0)
        #expect(runBalansFull(["check", "Fixtures/presets/nordic-balanced.json", "--format", "json"]).status != 64)
    }

    // MARK: One shape of error line

    @Test("a bad file: FILE:LINE:COLUMN: PATH: message, 65")
    func badFile() {
        let file = "Fixtures/bad/consent-rate-above-1.json"
        let r = runBalansFull(["score", "--scenario", file])
        #expect(r.status == 65, "\(r)")
        Self.expectHouseStyle(r)
        #expect(r.stderr == Self.line(file: file, line: 14, column: 102, path: "segments[0].consent.purchases",
                                      "expected a number from 0 to 1, got 1.5") + "\n")
    }

    @Test("a syntax error has no JSON path: FILE:LINE:COLUMN: message, 65")
    func syntaxError() {
        let file = "Fixtures/bad/duplicate-key.json"
        let r = runBalansFull(["check", "--scenario", file])
        #expect(r.status == 65, "\(r)")
        Self.expectHouseStyle(r)
        #expect(r.stderr == Self.line(file: file, line: 14, column: 56, "duplicate key \"size\"") + "\n")
    }

    @Test("a missing file: FILE: message, 66")
    func missingFile() {
        let r = runBalansFull(["check", "Fixtures/presets/no-such-preset.json"])
        #expect(r.status == 66, "\(r)")
        Self.expectHouseStyle(r)
        #expect(r.stderr == Self.line(file: "Fixtures/presets/no-such-preset.json", "no such file") + "\n")
    }

    @Test("a bad option value: balans: message, usage, 64", arguments: [
        (["balance", "--budget", "abc"], "balance", "'abc'"),
        (["balance", "--budget", "200"], "balance", "--budget must be a number from 0 to 100"),
        (["score", "--format", "xml"], "score", "'xml'"),
        (["report", "Fixtures/presets/nordic-balanced.json", "-o", "audit.pdf"], "report", "give -o a file ending in .md or .html"),
    ])
    func badOptionValue(_ args: [String], _ command: String, _ mentions: String) {
        let first = Self.expectUsageError(runBalansFull(args), command: command)
        #expect(first.contains(mentions), "\(first)")
    }

    @Test("an unknown option: balans: message, usage, 64", arguments: [
        (["score", "--bogus"], "score"), (["check", "--formt", "json"], "check"), (["tui", "--bogus"], "tui"),
        (["consent", "decode", "--bogus", "x"], "consent decode"),
    ])
    func unknownOption(_ args: [String], _ command: String) {
        let first = Self.expectUsageError(runBalansFull(args), command: command)
        #expect(first.contains("'\(args.first { $0.hasPrefix("--") } ?? "")'"), "\(first)")
    }

    @Test("a missing argument or value: balans: message, usage, 64", arguments: [
        (["diff", "Fixtures/presets/nordic-balanced.json"], "diff", "<B>"),
        (["balance"], "balance", "--budget"),
        (["consent", "decode"], "consent decode", "<STRING>"),
        (["score", "--lang"], "score", "--lang"),
    ])
    func missingArgument(_ args: [String], _ command: String, _ mentions: String) {
        let first = Self.expectUsageError(runBalansFull(args), command: command)
        #expect(first.contains(mentions), "\(first)")
    }

    @Test("the README's usage-error example is what the binary prints")
    func readmeExample() throws {
        let r = runBalansFull(["check", "preset.json", "--format", "csv"])
        #expect(r.status == 64)
        let readme = try #require(readText(TestPaths.root("README.md")))
        #expect(readme.contains("$ balans check preset.json --format csv\n" + r.stderr + "```"),
                "README.md does not show what `balans check preset.json --format csv` prints:\n\(r.stderr)")
    }

    @Test("help and version still go to stdout with 0, untouched by the error prefix")
    func helpAndVersion() {
        for args in [["--help"], ["check", "--help"], ["--version"], ["help", "score"]] {
            let r = runBalansFull(args)
            #expect(r.status == 0, "\(args) \(r)")
            #expect(r.stderrData.isEmpty, "\(args) \(r)")
            #expect(!r.stdout.hasPrefix("balans: "), "\(args) \(r)")
        }
    }
}
