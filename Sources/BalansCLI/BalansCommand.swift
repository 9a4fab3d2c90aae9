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
        ethical code it breaks. The contract (formulas, files, exit codes) is in SPEC.md; the method \
        and its sources in docs/model.md.

        Exit codes: 0 fine, 1 check found errors (frontier/balance: no allowed setting, or none \
        within the budget), 64 usage, 65 bad data, 66 cannot open input, \
        73 cannot write output, 74 other I/O error.
        """,
        version: "0.1.0",
        subcommands: [DashboardCommand.self, ScoreCommand.self, CheckCommand.self, FrontierCommand.self, BalanceCommand.self,
                      DiffCommand.self, ReportCommand.self, ConsentCommand.self, ValidateCommand.self, ScenariosCommand.self,
                      PoliciesCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    public init() {}
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
enum Output {
    static func print(_ text: String) {
        var t = text
        if !t.hasSuffix("\n") { t += "\n" }
        writeAll(1, t)
    }

    static func error(_ line: String) {
        writeAll(2, "balans: " + line + "\n")
    }

    static func writeAll(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return  // a closed pipe (e.g. `| head`) is not an error worth a trace
            }
            done += n
        }
    }
}

/// Buffered writing of a large result to stdout, in chunks, so that memory stays flat.
final class OutputSink {
    private var buffer = ""
    private let fd: Int32

    init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    /// Writes `text` and a newline.
    func line(_ text: String) {
        write(text)
        write("\n")
    }

    /// Lets `body` append to the buffer directly.
    func append(_ body: (inout String) -> Void) {
        body(&buffer)
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    /// Appends a JSON value nested `indent` levels deep, without intermediate strings.
    func write(_ value: JSONValue, indent: Int) {
        JSONWriter.append(value, indent: indent, inlineSmallObjects: true, to: &buffer)
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    func flush() {
        Output.writeAll(fd, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Output formats.
enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// The inputs most commands share: a preset, or a scenario, and the policy layers.
struct Inputs {
    var scenario: LoadedScenario
    var preset: LoadedPreset?
    var policy: Policy
    var model: ScoringModel
    var evaluation: Evaluation

    /// Loads `presetPath` (with `scenarioOverride`) or just the scenario (the built-in demo by default),
    /// and layers the policy: defaults, the scenario's `policy`, then `policyPath`.
    static func load(preset presetPath: String?, scenario scenarioOverride: String?, policy policyPath: String? = nil)
        throws(BalansError) -> Inputs {
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
        return Inputs(scenario: scenario, preset: loadedPreset, policy: policy, model: model,
                      evaluation: Evaluation(model: model, setting: setting))
    }
}
