import ArgumentParser
import BalansModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `balans`: the root command. Without a subcommand it opens the dashboard (`tui`).
public struct BalansCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "balans",
        abstract: "Balance personalisation against privacy in marketing.",
        discussion: """
        Balans scores how intrusive a personalisation setting is per customer segment, which consented \
        data it touches, how far consent lets it reach, what it is worth, and which rules of your \
        ethical code it breaks. The contract is in docs/cli.md (commands, exit codes), docs/files.md \
        (files) and docs/model.md (formulas, the method and its sources).

        Exit codes: 0 fine, 1 check found errors (frontier/balance: no allowed setting, or none \
        within the budget), 64 usage, 65 bad data, 66 cannot open input, \
        73 cannot write output, 74 other I/O error.
        """,
        version: "0.1.0",
        subcommands: [DashboardCommand.self, ScoreCommand.self, CheckCommand.self, FrontierCommand.self, BalanceCommand.self,
                      DiffCommand.self, ReportCommand.self, ConsentCommand.self, AuditCommand.self, ValidateCommand.self,
                      ScenariosCommand.self, PoliciesCommand.self, CalibrateCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    public init() {}

    /// How the parser's own errors begin (an unknown option, a bad or missing value, a missing
    /// argument, a `ValidationError` from `validate()`): `balans: `, as every other diagnostic line
    /// does (`Output.error`), instead of swift-argument-parser's `Error: `. The usage line and the
    /// pointer to `--help` still follow, and the exit status stays 64. `exit(withError:)` asks the
    /// root command for this prefix, whichever subcommand failed; ErrorShapeTests pins it, so a
    /// release of the parser that stops asking fails a test rather than slipping back.
    public static var _errorPrefix: String { "balans: " }

    /// Runs the command line (the executable's entry point): as swift-argument-parser's `main()`,
    /// with the buffered stdout checked at exit.
    ///
    /// An option that neither `balans` nor the dashboard knows, given before any subcommand
    /// (`balans --bogus`), is answered with the top-level usage and `balans --help`, not the
    /// dashboard's: the dashboard is only the default, and the user asked `balans`, not `balans tui`.
    public static func main() {
        Output.checkBufferedOutputAtExit()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if namesNoSubcommand(arguments), exitCode(for: error).rawValue == 64,
               message(for: error).hasPrefix("Unknown option") {
                _ = Output.writeAll(2, _errorPrefix + message(for: error) + "\n"
                                        + "Usage: " + usageString() + "\n  See 'balans --help' for more information.\n")
                exit(withError: ExitCode(64))
            }
            exit(withError: error)
        }
    }

    /// Whether `arguments` leave the subcommand to the default: no word before the first option's
    /// end names one of `balans`'s subcommands.
    static func namesNoSubcommand(_ arguments: [String]) -> Bool {
        let names = Set(configuration.subcommands.map { $0._commandName })
        return !arguments.contains { names.contains($0) }
    }
}

/// Runs `body`, turning a `BalansError` into its one stderr line and exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as BalansError {
        Output.error(e.description)
        throw ExitCode(e.exitCode)
    }
}

/// Where output goes: stdout carries only the result, stderr the diagnostics.
///
/// Every result goes through `writeResult`, which checks each write(2) (SPEC §3): a reader that
/// closes the pipe (`| head`) ends the process quietly, by SIGPIPE; any other failure (a full disk,
/// `> /dev/full`) is one line on stderr and exit 74. See docs/decisions/0017-saving-and-stdout.md.
enum Output {
    static func print(_ text: String) {
        var t = text
        if !t.hasSuffix("\n") { t += "\n" }
        writeResult(t)
    }

    static func error(_ line: String) {
        // Best effort: there is nowhere left to report a failure to write a diagnostic.
        _ = writeAll(2, "balans: " + line + "\n")
    }

    /// The one line on stderr that every command writing a file (balance -o, report -o,
    /// frontier -o, consent imports -o) gives after the file is in place: `Wrote FILE`, in every
    /// language, so that scripts and people see the same thing whichever command wrote it.
    static func wrote(_ path: String) {
        _ = writeAll(2, "Wrote " + safe(path) + "\n")
    }

    /// Writes `text` to stdout, or ends the process when that fails.
    static func writeResult(_ text: String) {
        let e = writeAll(1, text)
        if e != 0 { standardOutputFailed(e) }
    }

    /// Writes all of `text` to `fd`, retrying interrupted and partial writes. Returns 0 or the errno.
    static func writeAll(_ fd: Int32, _ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    /// Writes all of `bytes` to `fd`, retrying interrupted and partial writes. Returns 0 or the errno.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return 0
    }

    /// The end of a run whose result could not be written to stdout.
    static func standardOutputFailed(_ code: Int32) -> Never {
        if code == EPIPE { endByClosedPipe() }
        error("standard output: cannot write: \(String(cString: strerror(code)))")
        exit(74)
    }

    /// Ends the process as a closed pipe ends it under the default disposition of SIGPIPE (the
    /// shell's status 141), also when SIGPIPE was ignored and the write failed with EPIPE: no message,
    /// and a pipeline with `set -o pipefail` sees that the result was not read to its end.
    static func endByClosedPipe() -> Never {
        _ = signal(SIGPIPE, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        _ = raise(SIGPIPE)
        _exit(128 + SIGPIPE)
    }

    /// Checks, at exit, what went through the C library's buffered stdout (swift-argument-parser
    /// prints `--help` and `--version` there), with the same outcomes as `writeResult`.
    static func checkBufferedOutputAtExit() {
        atexit {
            if fflush(nil) != 0 {
                let e = errno
                if e == EPIPE { Output.endByClosedPipe() }
                _ = Output.writeAll(2, "balans: standard output: cannot write: \(String(cString: strerror(e)))\n")
                _exit(74)
            }
        }
    }
}

/// Buffered writing of a large result to stdout, in chunks, so that memory stays flat. The buffer
/// holds bytes (decision 0028): writers put numbers and quoted strings straight into it.
final class OutputSink {
    let out = ByteWriter(capacity: (1 << 20) + (1 << 16))
    private let fd: Int32

    init(fd: Int32 = 1) {
        self.fd = fd
    }

    func write(_ text: String) {
        out.string(text)
        flushIfFull()
    }

    /// Writes `text` and a newline.
    func line(_ text: String) {
        out.string(text)
        out.byte(0x0A)
        flushIfFull()
    }

    /// Lets `body` write to the byte buffer directly (one record's worth at a time).
    func bytes(_ body: (ByteWriter) -> Void) {
        body(out)
        flushIfFull()
    }

    /// Writes items `0..<count`, in order, each formatted by `format(i, writer)`: a long list
    /// (a row per segment) is formatted a chunk on each core at once, each into a buffer of its
    /// own, and the two chunks written in turn, so memory stays two chunks whatever the count.
    func items(_ count: Int, chunk: Int = 4096, _ format: @Sendable (Int, ByteWriter) -> Void) {
        guard count >= 2 * chunk else {
            for i in 0..<count { bytes { format(i, $0) } }
            return
        }
        let writers = UnsafeSendable((ByteWriter(capacity: 1 << 20), ByteWriter(capacity: 1 << 20)))
        var start = 0
        while start < count {
            let first = start
            Parallel.halves { half in
                let out = half == 0 ? writers.value.0 : writers.value.1
                out.removeAll()
                let lo = first + half * chunk, hi = min(count, lo + chunk)
                if lo < hi { for i in lo..<hi { format(i, out) } }
            }
            for out in [writers.value.0, writers.value.1] {
                flush()
                let e = Output.writeAll(fd, out.bytes)
                if e != 0 && fd == 1 { Output.standardOutputFailed(e) }
            }
            start += 2 * chunk
        }
    }

    /// Lets `body` append text to a string that then goes to the buffer.
    func append(_ body: (inout String) -> Void) {
        var text = ""
        body(&text)
        write(text)
    }

    /// Appends a JSON value nested `indent` levels deep.
    func write(_ value: JSONValue, indent: Int) {
        var text = ""
        JSONWriter.append(value, indent: indent, inlineSmallObjects: true, to: &text)
        write(text)
    }

    @inline(__always)
    func flushIfFull() {
        if out.count >= 1 << 20 { flush() }
    }

    func flush() {
        let e = Output.writeAll(fd, out.bytes)
        if e != 0 && fd == 1 { Output.standardOutputFailed(e) }
        out.removeAll()
    }
}

/// The inputs most commands share: a preset, or a scenario, and the policy layers, compiled but
/// not yet scored (`Inputs` scores them for a session; `score` scores them once, `BatchEvaluation`).
struct InputFiles {
    var scenario: LoadedScenario
    var preset: LoadedPreset?
    var policy: Policy
    var model: ScoringModel
    var setting: Setting

    /// Loads `presetPath` (with `scenarioOverride`) or just the scenario (the built-in demo by default),
    /// and layers the policy: defaults, the scenario's `policy`, then `policyPath`.
    static func load(preset presetPath: String?, scenario scenarioOverride: String?, policy policyPath: String? = nil)
        throws(BalansError) -> InputFiles {
        var loadedPreset: LoadedPreset? = nil
        let scenario: LoadedScenario
        if let presetPath {
            let p = try Loader.preset(presetPath, scenarioOverride: scenarioOverride)
            loadedPreset = p
            scenario = p.scenario
        } else {
            scenario = try Loader.scenario(scenarioOverride ?? Loader.defaultScenario)
        }
        var layers: [PolicyLayer] = []
        if let p = scenario.scenario.policy { layers.append(p) }
        if let policyPath { layers.append(try Loader.policy(policyPath)) }
        let policy = Policy.resolved(layers)
        let model = loadedPreset?.model.with(policy: policy) ?? ScoringModel(scenario: scenario.scenario, policy: policy)
        let setting = loadedPreset?.setting ?? .generic(segments: model.segmentCount)
        return InputFiles(scenario: scenario, preset: loadedPreset, policy: policy, model: model, setting: setting)
    }
}

/// The inputs, scored.
struct Inputs {
    var scenario: LoadedScenario
    var preset: LoadedPreset?
    var policy: Policy
    var model: ScoringModel
    var evaluation: Evaluation

    /// `InputFiles.load`, then scored.
    static func load(preset presetPath: String?, scenario scenarioOverride: String?, policy policyPath: String? = nil)
        throws(BalansError) -> Inputs {
        let files = try InputFiles.load(preset: presetPath, scenario: scenarioOverride, policy: policyPath)
        return Inputs(scenario: files.scenario, preset: files.preset, policy: files.policy, model: files.model,
                      evaluation: Evaluation(model: files.model, setting: files.setting))
    }

    /// The files these were scored from.
    var files: InputFiles {
        InputFiles(scenario: scenario, preset: preset, policy: policy, model: model, setting: evaluation.setting)
    }
}
