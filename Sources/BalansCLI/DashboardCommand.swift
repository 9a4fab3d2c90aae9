import ArgumentParser
import BalansModel
import BalansText
import BalansTerminal
import BalansUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `balans tui` (the default): the interactive dashboard of SPEC §4.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the dashboard (the default when no subcommand is given).",
        discussion: """
        With no PRESET and no --scenario, opens the built-in demo on its example, the balanced \
        campaign of Fixtures/presets/nordic-balanced.json (built in; S saves it as a file of your \
        own). With only --scenario, opens that scenario with every segment at level 0, as \
        "Untitled"; `s` then asks where to save. With a PRESET that exists, opens it. With a PRESET \
        path that does not exist yet (its name must end in .json, in a folder that exists), opens the \
        scenario at level 0, marked [new] in the header, and `s` creates that file. The header \
        always shows the preset's file.

        The dashboard needs a terminal on stdin and stdout; for pipes and files use `balans score` \
        or `balans check`. NO_COLOR (any non-empty value) turns colour off like --no-color; a \
        non-UTF-8 locale draws without Unicode like --ascii. Press ? in the dashboard for its keys.
        The dashboard speaks English or Swedish: --lang en|sv, else the locale (LC_ALL, \
        LC_MESSAGES, LANG: sv or sv_* is Swedish).

        Examples:
          balans
          balans Fixtures/presets/nordic-balanced.json
          balans my-preset.json --scenario builtin:savings-bank
          balans --lang sv
        """)

    @Argument(help: ArgumentHelp("The preset to open, or a new file to save to.", valueName: "PRESET"),
              completion: CompletionKind.presetFile)
    var preset: String?

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME; overrides the preset's own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Flag(name: .customLong("no-mouse"), help: "Do not use the mouse.")
    var noMouse = false

    @Flag(name: .customLong("no-color"), help: "Do not use colour (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Draw with ASCII only, no Unicode symbols.")
    var ascii = false

    @Option(help: ArgumentHelp("The dashboard's language: en or sv (default: from LC_ALL, LC_MESSAGES or LANG).",
                               valueName: "LANG"),
            completion: CompletionKind.language)
    var lang: String?

    // Not --log: the parser would offer it for any unknown option of the dashboard ("--bogus").
    @Option(name: .customLong("audit-log"),
            help: ArgumentHelp("An audit log (balans audit record): the Ethics screen shows the last audits' trend.", valueName: "FILE"),
            completion: .file(extensions: ["jsonl"]))
    var log: String?

    func validate() throws {
        guard language() != nil else {
            throw ValidationError("--lang must be en or sv, not \(SafeText.quoted(lang ?? ""))")
        }
    }

    /// `--lang`, else the locale; nil for an unknown `--lang` (a usage error).
    func language() -> Language? {
        var environment: [String: String] = [:]
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = getenv(key) { environment[key] = String(cString: value) }
        }
        return Language.resolve(flag: lang, environment: environment)
    }

    static let needsTerminal = "the dashboard needs a terminal; use balans score/check for pipes and files"

    /// Inputs larger than this are loaded after the terminal shows a "loading" frame, so that the
    /// first frame never waits for them (SPEC §4: under 100 ms); smaller ones load, score and draw
    /// in about 10 ms (`balans-bench first-frame`, docs/performance.md) and are loaded first. Without
    /// a terminal there is no frame to wait for: every file is loaded first, so that a bad one is
    /// reported as one line (65) before the dashboard says it needs a terminal (64).
    static let largeInput = 1 << 20

    func run() throws {
        Terminal.setLocaleFromEnvironment()
        let outcome: Dashboard.Outcome
        if isatty(0) == 1, isatty(1) == 1, let large = largeInput() {
            do {
                (outcome, _) = try Dashboard.run(capabilities: capabilities(), loading: large) { () throws(BalansError) in
                    try initialState()
                }
            } catch {
                switch error {
                case .input(let e):
                    Output.error(e.description)
                    throw ExitCode(e.exitCode)
                case .terminal(let e):
                    Output.error(e.description)
                    throw ExitCode(74)
                }
            }
        } else {
            var state: AppState?
            try reportingErrors {
                state = try initialState()
            }
            guard var state else { return }
            guard isatty(0) == 1, isatty(1) == 1 else {
                Output.error(Self.needsTerminal)
                throw ExitCode(64)
            }
            state.capabilities = capabilities()
            do {
                (outcome, _) = try Dashboard.run(state)
            } catch {
                Output.error(error.description)
                throw ExitCode(74)
            }
        }
        if case .signal(let sig) = outcome { Dashboard.exit(bySignal: sig) }
    }

    /// The largest input file when it is over `largeInput` (preset or scenario file), else nil.
    func largeInput() -> String? {
        var paths = [preset, scenario].compactMap { $0 }
        // A small preset may name a large scenario.
        if scenario == nil, let preset, let root = try? Loader.parse(preset), let p = try? Preset.decode(root) {
            paths.append(Loader.resolve(p.scenario, relativeTo: Loader.folder(of: preset)))
        }
        for path in paths where !path.hasPrefix(Loader.builtinPrefix) {
            var st = stat()
            if stat(path, &st) == 0, Int(st.st_size) > Self.largeInput { return path }
        }
        return nil
    }

    /// The state to open: the preset, or the scenario at level 0 (saving to PRESET when given), with
    /// the folder the paths are relative to read once here, so that the dashboard never asks for it.
    func initialState() throws(BalansError) -> AppState {
        var state = try baseState()
        if let log {
            // Checked like any input: a broken chain is one line and 65 before the dashboard opens.
            switch AuditLog.verify(try FileIO.read(log), file: log) {
            case .success(let chain):
                state.auditTrend = AuditTrend(chain.entries.map(AuditTrend.Entry.init)).entries.map {
                    AuditPoint(entry: $0.number, recorded: $0.recorded, intrusiveness: $0.intrusiveness, errors: $0.breaches.error)
                }
            case .failure(let p):
                throw BalansError.auditLog(log, p)
            }
        }
        return state
    }

    func baseState() throws(BalansError) -> AppState {
        if let preset, fileExists(preset) {
            let inputs = try Inputs.load(preset: preset, scenario: scenario)
            let loaded = inputs.preset
            var state = AppState(evaluation: inputs.evaluation, scenarioReference: inputs.scenario.reference,
                                 presetName: loaded?.preset.name ?? presetStem(preset), presetPath: preset,
                                 presetNotes: loaded?.preset.notes, workingDirectory: Loader.workingDirectory())
            state.catalogue = Catalogue(language() ?? .en)
            state.homeDirectory = homeDirectory()
            state.presetFileExists = true
            return state
        }
        if let preset {
            // A new preset: catch a mistyped subcommand or folder now rather than at the first save.
            guard preset.hasSuffix(".json") else {
                throw BalansError(.usage, file: preset,
                                  "no such command or preset; a new preset file's name ends in .json (see balans --help)")
            }
            var st = stat()
            let folder = Loader.folder(of: preset)
            guard stat(folder, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                throw BalansError(.cannotWrite, file: preset, "cannot save there: no folder \(folder)")
            }
        }
        let inputs = try Inputs.load(preset: nil, scenario: scenario)
        var state = AppState(evaluation: inputs.evaluation, scenarioReference: inputs.scenario.reference,
                             presetName: preset.map(presetStem) ?? "Untitled", presetPath: preset,
                             workingDirectory: Loader.workingDirectory())
        state.catalogue = Catalogue(language() ?? .en)
        state.homeDirectory = homeDirectory()
        state.presetFileExists = false
        state.presetHasOwnName = false
        if let preset {
            // Perhaps a mistyped name: say at once that nothing was opened and what `s` will do.
            state.status = StatusMessage(state.catalogue.resolve(UIText.statusNewFile, [SafeText.escape(preset)]))
        } else if scenario == nil {
            // The demo opens on its example, so that the first frame shows the trade-off.
            let example = try BuiltinPresets.demoExample(for: state.model)
            state.evaluation = Evaluation(model: state.model, setting: example.setting)
            state.recomputeFrontier()
            state.markSaved()
            state.presetName = example.preset.name
            state.presetNotes = example.preset.notes
            state.presetHasOwnName = true
            state.isDemoExample = true
        }
        return state
    }

    /// $HOME, for the header's `~` (read once here: the dashboard never asks the system).
    func homeDirectory() -> String? {
        guard let home = getenv("HOME") else { return nil }
        let text = String(cString: home)
        return text.isEmpty ? nil : text
    }

    /// What the terminal may show, from the flags, NO_COLOR and the locale.
    func capabilities() -> Capabilities {
        let noColorEnv = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        return Capabilities(color: !noColor && !noColorEnv, unicode: !ascii && Terminal.localeIsUTF8, mouse: !noMouse)
    }

    /// Something exists at `path` (a folder too: loading it then reports 66).
    func fileExists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }
}
