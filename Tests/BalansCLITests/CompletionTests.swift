import BalansModel
import Foundation
import Testing

/// The bash completion that `balans --generate-completion-script bash` makes, exercised as bash
/// does it: the script is sourced, COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT are set as for a
/// command line typed up to its end, and the completion function `_balans` fills COMPREPLY
/// (custom completions call the binary's hidden `---completion` command). Also the man page that
/// scripts/man-from-help.py makes from `--experimental-dump-help` renders (`man -l` or groff).
@Suite("shell completion and man page")
struct CompletionTests {
    static func which(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
            return dir + "/" + tool
        }
        return nil
    }

    /// A folder to complete in: JSON files, other files and a folder.
    static func folder() -> TempDir {
        let tmp = TempDir("balans-completion")
        tmp.write("preset.json", "{}")
        tmp.write("notes.txt", "")
        tmp.write("chart.svg", "")
        tmp.write("audit.md", "")
        try? FileManager.default.createDirectory(atPath: tmp.file("sub"), withIntermediateDirectories: false)
        return tmp
    }

    /// What bash offers for `words` (the last is the word being completed, maybe ""), sorted.
    static func complete(_ words: [String], in tmp: TempDir, bash: String) throws -> [String] {
        let script = tmp.file("balans.bash")
        if !FileManager.default.fileExists(atPath: script) {
            let r = runBalansFull(["--generate-completion-script", "bash"])
            #expect(r.status == 0, "\(r)")
            try r.stdoutData.write(to: URL(fileURLWithPath: script))
        }
        let quoted = ([TestPaths.balans] + words.dropFirst()).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let program = """
        source ./balans.bash
        COMP_WORDS=(\(quoted.joined(separator: " ")))
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _balans balans "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\\n' "${COMPREPLY[@]}"
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bash)
        process.arguments = ["--norc", "--noprofile", "-c", program]
        process.currentDirectoryURL = URL(fileURLWithPath: tmp.path)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && errors.isEmpty, "\(words): \(errors)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }.sorted()
    }

    static let scenarios = BuiltinScenarios.names.map { "builtin:" + $0 }
    static let policies = BuiltinPolicies.names.map { "builtin:" + $0 }

    @Test("bash completion offers JSON files and folders, builtin: names, and only the accepted values")
    func bashCompletion() throws {
        guard let bash = Self.which("bash") else {
            print("skipped: no bash on this machine")
            return
        }
        let tmp = Self.folder()
        defer { tmp.cleanup() }
        func offers(_ words: [String]) throws -> [String] { try Self.complete(words, in: tmp, bash: bash) }
        // compgen -f gives folders without a slash (an interactive bash adds it through
        // `complete -o filenames`); the custom completions give "sub/" themselves.
        let jsonAndFolders = ["preset.json", "sub"]
        let customFiles = ["preset.json", "sub/"]

        // PRESET positionals: JSON files and folders, not other files.
        #expect(try offers(["balans", "score", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "check", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "diff", "preset.json", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "tui", "pre"]) == ["preset.json"])
        // --scenario: files, and builtin:NAME for each built-in scenario.
        #expect(!Self.scenarios.isEmpty)
        #expect(try offers(["balans", "score", "--scenario", ""]) == (customFiles + Self.scenarios).sorted())
        #expect(try offers(["balans", "frontier", "--scenario", ""]) == (customFiles + Self.scenarios).sorted())
        // --policy: files, and builtin:NAME for each built-in policy.
        #expect(!Self.policies.isEmpty)
        #expect(try offers(["balans", "check", "--policy", ""]) == (customFiles + Self.policies).sorted())
        #expect(try offers(["balans", "report", "--policy", ""]) == (customFiles + Self.policies).sorted())
        // -o: the kind of file each command writes.
        #expect(try offers(["balans", "balance", "-o", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "frontier", "-o", ""]) == ["chart.svg", "sub"])
        #expect(try offers(["balans", "report", "-o", ""]) == ["audit.md", "sub"])
        #expect(try offers(["balans", "consent", "import-csv", "counts.csv", "-o", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "calibrate", "design", "-o", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "calibrate", "design", "--questionnaire", ""]) == ["sub"])
        #expect(try offers(["balans", "calibrate", "fit", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "calibrate", "fit", "d.json", "a.csv", "-o", ""]) == jsonAndFolders)
        #expect(try offers(["balans", "calibrate", "design", "--scenario", ""]) == (customFiles + Self.scenarios).sorted())
        #expect(try offers(["balans", "calibrate", "fit", "--scenario", ""]) == (customFiles + Self.scenarios).sorted())
        // Values: exactly what each option accepts.
        #expect(try offers(["balans", "score", "--format", ""]) == ["csv", "json", "text"])
        #expect(try offers(["balans", "balance", "--format", ""]) == ["json", "text"])
        #expect(try offers(["balans", "consent", "decode", "--format", ""]) == ["json", "text"])
        // --map: the Consent Mode signals, each ready for its categories.
        #expect(try offers(["balans", "consent", "import-csv", "cm.csv", "--map", ""]) == ConsentModeSignal.allCases.map { $0.rawValue + "=" }.sorted())
        #expect(try offers(["balans", "consent", "import-csv", "cm.csv", "--map", "ad_p"]) == ["ad_personalization="])
        #expect(try offers(["balans", "calibrate", "design", "--format", ""]) == ["json", "text"])
        #expect(try offers(["balans", "calibrate", "fit", "--format", ""]) == ["json", "text"])
        #expect(try offers(["balans", "calibrate", ""]) == ["--help", "--version", "-h", "design", "fit"])
        #expect(try offers(["balans", "score", "--lang", ""]) == ["en", "sv"])
        #expect(try offers(["balans", "tui", "--lang", ""]) == ["en", "sv"])
        #expect(try offers(["balans", "scenarios", ""]) == BuiltinScenarios.names.sorted())
        #expect(try offers(["balans", "policies", ""]) == BuiltinPolicies.names.sorted())
        // Subcommands at the top.
        #expect(try offers(["balans", "sc"]) == ["scenarios", "score"])
    }

    @Test("the zsh and fish scripts carry the same completions")
    func otherShells() {
        for shell in ["zsh", "fish"] {
            let r = runBalansFull(["--generate-completion-script", shell])
            #expect(r.status == 0, "\(shell): \(r)")
            #expect(r.stdout.contains("---completion"), "\(shell): the builtin: names come from the binary")
            #expect(r.stdout.contains("json"), "\(shell)")
        }
    }

    @Test("the man page made from --experimental-dump-help renders")
    func manPage() throws {
        guard let python = Self.which("python3") else {
            print("skipped: no python3 to make the man page")
            return
        }
        let tmp = TempDir("balans-man")
        defer { tmp.cleanup() }
        let dump = runBalansFull(["--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump)")
        try dump.stdoutData.write(to: URL(fileURLWithPath: tmp.file("help.json")))
        let page = tmp.file("balans.1")
        let make = Process()
        make.executableURL = URL(fileURLWithPath: python)
        make.arguments = [TestPaths.root("scripts/man-from-help.py")]
        make.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: tmp.file("help.json")))
        _ = FileManager.default.createFile(atPath: page, contents: nil)
        make.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: page))
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        let source = try #require(readText(page))
        #expect(source.hasPrefix(".\\\""), "\(source.prefix(200))")
        #expect(source.contains(".TH \"BALANS\" \"1\""))

        // Render: man -l when there is man, else groff; warnings (-ww) must not appear.
        let renderer: (String, [String])
        if let man = Self.which("man") {
            renderer = (man, ["-l", page])
        } else if let groff = Self.which("groff") {
            renderer = (groff, ["-man", "-Tutf8", "-ww", page])
        } else {
            print("skipped: neither man nor groff is installed to render balans.1")
            return
        }
        let render = Process()
        render.executableURL = URL(fileURLWithPath: renderer.0)
        render.arguments = renderer.1
        var env = ProcessInfo.processInfo.environment
        env["MANWIDTH"] = "80"
        env["MANPAGER"] = "cat"
        env["PAGER"] = "cat"
        render.environment = env
        let out = Pipe(), err = Pipe()
        render.standardOutput = out
        render.standardError = err
        try render.run()
        let shown = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let warnings = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        render.waitUntilExit()
        #expect(render.terminationStatus == 0, "\(warnings)")
        #expect(warnings.isEmpty, "\(warnings)")
        // Bold and underline come as backspaces when not to a terminal; drop them to read the text.
        let plain = shown.replacingOccurrences(of: ".\u{8}", with: "", options: .regularExpression)
        for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS"] {
            #expect(plain.contains("\n" + heading + "\n"), "\(heading): \(plain.prefix(600))")
        }
        #expect(plain.contains("balans - Balance personalisation against privacy in marketing."), "\(plain.prefix(600))")
        for command in ["balans score", "balans check", "balans consent decode", "balans report", "balans calibrate fit"] {
            #expect(plain.contains(command), "\(command)")
        }
        #expect(plain.contains("--scenario"), "options are listed")
    }
}
