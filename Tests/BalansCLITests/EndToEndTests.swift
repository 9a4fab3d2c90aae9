@testable import BalansCLI
import Foundation
import Testing

/// The real `balans` binary against SPEC §2–§3: help, exit codes, streams, the JSON document of
/// `score`, scenario references, built-ins, escaping of hostile names, `validate` and policy layering.
@Suite("End to end")
struct EndToEndTests {
    static let subcommands = ["score", "check", "validate", "scenarios"]

    /// A run that succeeded: exit 0, nothing on stderr.
    static func expectSuccess(_ r: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 0, "\(r)", sourceLocation: sourceLocation)
        #expect(r.stderrData.isEmpty, "stderr must be empty on success: \(r.stderr)", sourceLocation: sourceLocation)
    }

    /// A run that failed on its input or usage: the code, nothing on stdout, and (unless it is a usage
    /// error, which prints its usage too) exactly one stderr line.
    static func expectFailure(_ r: RunResult, _ status: Int32, oneLine: Bool = true,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "\(r)", sourceLocation: sourceLocation)
        #expect(r.stdoutData.isEmpty, "stdout must be empty on errors: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(!r.stderrData.isEmpty, sourceLocation: sourceLocation)
        if oneLine {
            #expect(r.stderr.hasSuffix("\n") && r.stderr.filter { $0 == "\n" }.count == 1,
                    "one stderr line: \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    static func jsonObject(_ r: RunResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let any = try JSONSerialization.jsonObject(with: r.stdoutData)
        return try #require(any as? [String: Any], sourceLocation: sourceLocation)
    }

    // MARK: Help

    @Test("balans with no arguments opens the dashboard, which refuses a stdin that is not a terminal (64)")
    func noArguments() {
        let r = runBalansFull([])
        Self.expectFailure(r, 64)
        #expect(r.stderr == "balans: the dashboard needs a terminal; use balans score/check for pipes and files\n", "\(r)")
        // --help still prints help, and lists every subcommand.
        let help = runBalansFull(["--help"])
        Self.expectSuccess(help)
        #expect(help.stdout.contains("USAGE: balans"))
        for sub in Self.subcommands + ["tui"] { #expect(help.stdout.contains(sub), "help lists \(sub)") }
    }

    @Test("without a terminal, a large bad scenario is still reported as one line (65), a large good one gets 64")
    func largeInputWithoutTerminal() throws {
        // Over DashboardCommand.largeInput, which in a terminal loads after the first frame.
        let segments = (0..<20000).map { #"{"id": "s\#($0)", "name": "Segment \#($0)", "size": 100, "consent": {}}"# }
        let good = try String(contentsOfFile: TestPaths.root("Fixtures/scenarios/nordic-retail.json"), encoding: .utf8)
        let head = good[..<good.range(of: "\"segments\": [")!.upperBound]
        let path = NSTemporaryDirectory() + "balans-large-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (head + segments.joined(separator: ",\n") + "]}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > DashboardCommand.largeInput)
        let ok = runBalansFull(["--scenario", path])
        Self.expectFailure(ok, 64)
        // The same file with a rate out of range in its last segment.
        try (head + segments.dropLast().joined(separator: ",\n")
             + #",{"id": "bad", "name": "Bad", "size": 1, "consent": {"page-context": 1.5}}]}"#).write(toFile: path, atomically: true, encoding: .utf8)
        let bad = runBalansFull(["--scenario", path])
        Self.expectFailure(bad, 65)
        #expect(bad.stderr.contains("page-context"), "\(bad)")
    }

    @Test("--help works on the root command and every subcommand", arguments: [[String]()] + subcommands.map { [$0] })
    func help(_ command: [String]) {
        for flag in ["--help", "-h"] {
            let r = runBalansFull(command + [flag])
            Self.expectSuccess(r)
            #expect(r.stdout.contains("USAGE: balans" + (command.isEmpty ? "" : " " + command[0])), "\(r)")
        }
        if let sub = command.first {
            let r = runBalansFull(["help", sub])
            Self.expectSuccess(r)
            #expect(r.stdout.contains("USAGE: balans \(sub)"), "\(r)")
        }
    }

    // MARK: Exit codes

    @Test("check exits 1 when an error-severity rule is broken")
    func checkFails() {
        let r = runBalansFull(["check", "Fixtures/presets/nordic-aggressive.json"])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderrData.isEmpty)
        #expect(r.stdout.hasSuffix("FAIL: 9 errors\n"))
    }

    @Test("check exits 0 with warnings only, and 1 with --strict")
    func checkStrict() throws {
        let plain = runBalansFull(["check", "Fixtures/presets/nordic-balanced.json"])
        Self.expectSuccess(plain)
        #expect(plain.stdout.hasSuffix("\nPASS\n"), "\(plain)")
        #expect(plain.stdout.contains("Violations: 2 warnings"), "the fixture has warnings, so --strict matters")

        let strict = runBalansFull(["check", "Fixtures/presets/nordic-balanced.json", "--strict"])
        #expect(strict.status == 1, "\(strict)")
        #expect(strict.stderrData.isEmpty)
        #expect(strict.stdout.hasSuffix("FAIL: 2 warnings (--strict)\n"), "\(strict)")

        let json = runBalansFull(["check", "Fixtures/presets/nordic-balanced.json", "--strict", "--format", "json"])
        #expect(json.status == 1)
        let doc = try Self.jsonObject(json)
        #expect(doc["passed"] as? Bool == false)
        #expect(doc["strict"] as? Bool == true)
    }

    @Test("an unknown option is a usage error (64)", arguments: [
        ["--bogus"], ["score", "--bogus"], ["check", "--bogus"], ["validate", "--bogus", "Fixtures/policies/strict.json"],
        ["scenarios", "--bogus"], ["score", "--format", "xml"], ["validate"], ["frobnicate"],
    ])
    func unknownOption(_ args: [String]) {
        let r = runBalansFull(args)
        Self.expectFailure(r, 64, oneLine: false)
    }

    @Test("check --format csv is a usage error (64)")
    func checkCSV() {
        let r = runBalansFull(["check", "Fixtures/presets/nordic-balanced.json", "--format", "csv"])
        Self.expectFailure(r, 64, oneLine: false)
        #expect(r.stderr.contains("csv"))
    }

    @Test("score on a missing preset is 66 with one stderr line")
    func scoreMissingPreset() {
        let r = runBalansFull(["score", "Fixtures/presets/no-such-preset.json"])
        Self.expectFailure(r, 66)
        #expect(r.stderr == "balans: Fixtures/presets/no-such-preset.json: no such file\n")
    }

    @Test("stderr is empty on success", arguments: [
        ["score"], ["score", "--format", "csv"], ["check", "Fixtures/presets/bank-next-best-offer.json", "--policy", "Fixtures/policies/lenient.json"],
        ["validate", "Fixtures/scenarios/nordic-retail.json"], ["scenarios"], ["--version"],
    ])
    func quietSuccess(_ args: [String]) {
        let r = runBalansFull(args)
        // `check` may exit 1 by design; what matters here is that stderr stays empty.
        #expect(r.status == 0 || (args.first == "check" && r.status == 1), "\(r)")
        #expect(r.stderrData.isEmpty, "\(r)")
        #expect(!r.stdoutData.isEmpty)
    }

    // MARK: score --format json

    @Test("score --format json has exactly the keys of SPEC §3", arguments: [
        "Fixtures/presets/nordic-balanced.json", "Fixtures/presets/bank-next-best-offer.json", "Fixtures/presets/nordic-aggressive.json",
    ])
    func scoreJSONKeys(_ preset: String) throws {
        let r = runBalansFull(["score", preset, "--format", "json"])
        Self.expectSuccess(r)
        let doc = try Self.jsonObject(r)
        #expect(Set(doc.keys) == ["scenario", "preset", "aggregate", "segments", "fairness", "violations"])
        #expect(doc["scenario"] is String)
        #expect(doc["preset"] is String)

        let aggregate = try #require(doc["aggregate"] as? [String: Any])
        #expect(Set(aggregate.keys) == ["intrusiveness", "band", "uplift", "value", "peak"])
        let peak = try #require(aggregate["peak"] as? [String: Any])
        #expect(Set(peak.keys) == ["segment", "score"])
        #expect(["low", "medium", "high", "very-high"].contains(aggregate["band"] as? String ?? ""))

        let segments = try #require(doc["segments"] as? [[String: Any]])
        #expect(!segments.isEmpty)
        var maxScore = -1.0
        for s in segments {
            let id = s["id"] as? String ?? "?"
            #expect(Set(s.keys) == ["id", "level", "score", "band", "reach", "exposure", "effectiveUplift", "value", "touches", "cascade"],
                    "segment \(id)")
            #expect(s["touches"] is [String])
            let level = try #require(s["level"] as? Int)
            let cascade = try #require(s["cascade"] as? [[String: Any]])
            for c in cascade { #expect(Set(c.keys) == ["level", "share"], "segment \(id)") }
            // From "none" (-1) up to the chosen level, ascending, zero shares included.
            #expect(cascade.compactMap { $0["level"] as? Int } == Array(-1...level), "segment \(id)")
            let shares = cascade.compactMap { ($0["share"] as? NSNumber)?.doubleValue }
            #expect(shares.allSatisfy { $0 >= -1e-12 && $0 <= 1 + 1e-12 }, "segment \(id): \(shares)")
            #expect(abs(shares.reduce(0, +) - 1) < 1e-9, "segment \(id): shares sum to \(shares.reduce(0, +))")
            let score = try #require((s["score"] as? NSNumber)?.doubleValue)
            maxScore = max(maxScore, score)
        }
        #expect((peak["score"] as? NSNumber)?.doubleValue == maxScore)

        let fairness = try #require(doc["fairness"] as? [[String: Any]])
        for a in fairness {
            #expect(Set(a.keys) == ["attribute", "upliftParity", "exposureParity", "groups"])
            for g in try #require(a["groups"] as? [[String: Any]]) {
                #expect(Set(g.keys) == ["value", "size", "upliftRate", "exposureRate"])
            }
        }
        let violations = try #require(doc["violations"] as? [[String: Any]])
        for v in violations {
            #expect(Set(v.keys).isSubset(of: ["rule", "severity", "segment", "attribute", "message"]))
            #expect(v["rule"] is String && v["severity"] is String && v["message"] is String)
        }
        // Members come in the order of SPEC §3.
        let text = r.stdout
        let order = ["\"scenario\"", "\"preset\"", "\"aggregate\"", "\"segments\"", "\"fairness\"", "\"violations\""]
            .compactMap { text.range(of: $0)?.lowerBound }
        #expect(order.count == 6 && order == order.sorted())
    }

    @Test("score --scenario builtin:savings-bank scores the built-in at level 0")
    func builtinScenario() throws {
        let r = runBalansFull(["score", "--scenario", "builtin:savings-bank", "--format", "json"])
        Self.expectSuccess(r)
        let doc = try Self.jsonObject(r)
        #expect(doc["scenario"] as? String == "Sparbanken Lindhav")
        #expect(doc["preset"] is NSNull)
        let segments = try #require(doc["segments"] as? [[String: Any]])
        #expect(segments.count == 6)
        #expect(segments.allSatisfy { $0["level"] as? Int == 0 && ($0["score"] as? NSNumber)?.doubleValue == 0 })
        let aggregate = try #require(doc["aggregate"] as? [String: Any])
        #expect((aggregate["intrusiveness"] as? NSNumber)?.doubleValue == 0)
    }

    @Test("a preset's relative scenario path resolves against the preset's folder, from any cwd")
    func relativeScenarioPath() {
        let reference = runBalansFull(["score", "Fixtures/presets/nordic-aggressive.json", "--format", "json"])
        Self.expectSuccess(reference)
        let dir = TempDir()
        defer { dir.cleanup() }
        let runs = [
            runBalansFull(["score", "presets/nordic-aggressive.json", "--format", "json"], cwd: TestPaths.root("Fixtures")),
            runBalansFull(["score", "nordic-aggressive.json", "--format", "json"], cwd: TestPaths.root("Fixtures/presets")),
            runBalansFull(["score", TestPaths.root("Fixtures/presets/nordic-aggressive.json"), "--format", "json"], cwd: dir.path),
            runBalansFull(["score", "../presets/nordic-aggressive.json", "--format", "json"], cwd: TestPaths.root("Fixtures/policies")),
        ]
        for r in runs {
            Self.expectSuccess(r)
            #expect(r.stdoutData == reference.stdoutData)
        }
        // The same file name in the cwd must not be picked up instead.
        dir.write("nordic-retail.json", "not json")
        let r = runBalansFull(["validate", TestPaths.root("Fixtures/presets/nordic-aggressive.json")], cwd: dir.path)
        Self.expectSuccess(r)
    }

    @Test("--scenario overrides the preset's own scenario")
    func scenarioOverride() throws {
        // A preset whose own scenario does not exist works with --scenario.
        let fixed = runBalansFull(["score", "Fixtures/bad/preset-missing-scenario.json", "--scenario", "builtin:nordic-retail", "--format", "json"])
        Self.expectSuccess(fixed)
        #expect(try Self.jsonObject(fixed)["scenario"] as? String == "Norrsken Retail")

        // A renamed copy of the built-in demo, named relative to the cwd (not the preset's folder).
        let dir = TempDir()
        defer { dir.cleanup() }
        let original = try #require(readText(TestPaths.root("Fixtures/scenarios/nordic-retail.json")))
        let copy = original.replacingOccurrences(of: "\"name\": \"Norrsken Retail\"", with: "\"name\": \"Norrsken Override\"")
        #expect(copy != original)
        dir.write("override.json", copy)
        let r = runBalansFull(["score", TestPaths.root("Fixtures/presets/nordic-balanced.json"), "--scenario", "override.json", "--format", "json"],
                              cwd: dir.path)
        Self.expectSuccess(r)
        #expect(try Self.jsonObject(r)["scenario"] as? String == "Norrsken Override")

        // Overriding with a scenario that lacks the preset's segments is bad data.
        let wrong = runBalansFull(["score", "Fixtures/presets/bank-next-best-offer.json", "--scenario", "builtin:nordic-retail"])
        Self.expectFailure(wrong, 65)
        #expect(wrong.stderr.contains("unknown segment \"young-adults\""), "\(wrong)")
    }

    // MARK: Built-in scenarios

    @Test("balans scenarios lists both built-ins")
    func listScenarios() {
        let r = runBalansFull(["scenarios"])
        Self.expectSuccess(r)
        #expect(r.stdout.contains("nordic-retail"))
        #expect(r.stdout.contains("savings-bank"))
        #expect(r.stdout.contains("Norrsken Retail"))
        #expect(r.stdout.contains("Sparbanken Lindhav"))
    }

    @Test("balans scenarios NAME prints the fixture byte for byte", arguments: ["nordic-retail", "savings-bank"])
    func printScenario(_ name: String) throws {
        let r = runBalansFull(["scenarios", name])
        Self.expectSuccess(r)
        let fixture = try #require(FileManager.default.contents(atPath: TestPaths.root("Fixtures/scenarios/\(name).json")))
        #expect(r.stdoutData == fixture)
    }

    @Test("balans scenarios with an unknown name is 66")
    func unknownBuiltin() {
        let r = runBalansFull(["scenarios", "no-such"])
        Self.expectFailure(r, 66)
        #expect(r.stderr.contains("nordic-retail, savings-bank"))
    }

    // MARK: Hostile names

    static let escScenario = #"""
    {
      "balans": "scenario/1",
      "name": "Evil \u001b[2J shop",
      "categories": [
        {"id": "page-context", "name": "Page \u001b[31mcontext", "tier": "simple", "identifiability": "negligible"},
        {"id": "health", "name": "Health \u001b]0;pwned\u0007 data", "tier": "sensitive", "identifiability": "significant", "special": true}
      ],
      "levels": [
        {"name": "Generic"},
        {"name": "Context \u001b[1m", "uses": ["page-context"], "uplift": 1},
        {"name": "Health", "uses": ["health"], "profiling": true, "uplift": 3}
      ],
      "segments": [
        {"id": "members", "name": "Members \u001b[31mRED\u001b[0m", "size": 1000, "consent": {"page-context": 0.9, "health": 0.5},
         "groups": {"age\u001b[1m": "18-34 \u001b[5m"}},
        {"id": "others", "name": "Others", "size": 500, "consent": {"page-context": 0.8}, "groups": {"age\u001b[1m": "65+"}}
      ]
    }
    """#

    static func noRawControl(_ data: Data) -> Bool {
        !data.contains(0x1B) && !data.contains(0x07)
    }

    @Test("control characters in names never reach the terminal raw")
    func escapedNames() {
        let dir = TempDir()
        defer { dir.cleanup() }
        let scenario = dir.write("esc.json", Self.escScenario)
        dir.write("esc-preset.json", #"{"balans": "preset/1", "name": "Preset \u001b[7m", "scenario": "esc.json", "levels": {"members": 2, "others": 1}}"#)
        dir.write("esc-bad-preset.json", #"{"balans": "preset/1", "name": "Bad", "scenario": "esc.json", "levels": {"nobody": 2}}"#)

        for format in ["text", "json", "csv"] {
            let r = runBalansFull(["score", "esc-preset.json", "--format", format], cwd: dir.path)
            Self.expectSuccess(r)
            #expect(Self.noRawControl(r.stdoutData), "raw control character in score --format \(format)")
            #expect(r.stdout.contains(format == "json" ? "Evil \\u001b[2J shop" : "Members \\u{1B}[31mRED"), "\(r)")
        }
        let text = runBalansFull(["score", "esc-preset.json"], cwd: dir.path)
        #expect(text.stdout.contains("Members \\u{1B}[31mRED\\u{1B}[0m"), "\(text)")
        #expect(text.stdout.contains("Evil \\u{1B}[2J shop"))

        let check = runBalansFull(["check", "esc-preset.json"], cwd: dir.path)
        #expect(Self.noRawControl(check.stdoutData), "\(check)")
        #expect(check.stdout.contains("special-category"), "the Art. 9 message names the category")

        let validate = runBalansFull(["validate", scenario, "esc-preset.json"], cwd: dir.path)
        Self.expectSuccess(validate)
        #expect(Self.noRawControl(validate.stdoutData))

        // Errors: a message quoting the scenario's name, and a file name with an escape in it.
        let bad = runBalansFull(["score", "esc-bad-preset.json"], cwd: dir.path)
        Self.expectFailure(bad, 65)
        #expect(Self.noRawControl(bad.stderrData), "\(bad)")
        #expect(bad.stderr.contains("unknown segment \"nobody\""))

        let missing = runBalansFull(["score", "gone\u{1B}[2J.json"], cwd: dir.path)
        Self.expectFailure(missing, 66)
        #expect(Self.noRawControl(missing.stderrData), "\(missing)")
        #expect(missing.stderr == "balans: gone\\u{1B}[2J.json: no such file\n")
    }

    // MARK: validate

    @Test("validate prints one ok line per good file and exits with the first bad file's code")
    func validateSeveral() {
        let files = ["Fixtures/scenarios/nordic-retail.json", "Fixtures/no-such.json", "Fixtures/policies/strict.json",
                     "Fixtures/bad/empty.json", "Fixtures/presets/nordic-balanced.json"]
        let r = runBalansFull(["validate"] + files)
        #expect(r.status == 66, "\(r)")
        let ok = r.stdout.split(separator: "\n").map(String.init)
        #expect(ok == [
            "ok: Fixtures/scenarios/nordic-retail.json: scenario \"Norrsken Retail\" with 15 categories, 6 levels, 8 segments",
            "ok: Fixtures/policies/strict.json: policy \"Strict workshop code\" setting 5 rules",
            "ok: Fixtures/presets/nordic-balanced.json: preset \"Balanced spring campaign\" for scenario \"Norrsken Retail\" (builtin:nordic-retail)",
        ])
        let errors = r.stderr.split(separator: "\n").map(String.init)
        #expect(errors == [
            "balans: Fixtures/no-such.json: no such file",
            "balans: Fixtures/bad/empty.json:1:1: the file is empty: expected a JSON value",
        ])

        let reversed = runBalansFull(["validate", "Fixtures/bad/empty.json", "Fixtures/no-such.json"])
        #expect(reversed.status == 65)
        #expect(reversed.stdoutData.isEmpty)

        let good = runBalansFull(["validate", "Fixtures/scenarios/savings-bank.json", "Fixtures/presets/bank-next-best-offer.json",
                                  "Fixtures/policies/lenient.json"])
        Self.expectSuccess(good)
        #expect(good.stdout.split(separator: "\n").count == 3)
        #expect(good.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("ok: ") })
    }

    @Test("validate --scenario checks a preset against another scenario")
    func validateWithScenario() {
        let r = runBalansFull(["validate", "Fixtures/bad/preset-missing-scenario.json", "--scenario", "Fixtures/scenarios/nordic-retail.json"])
        Self.expectSuccess(r)
        #expect(r.stdout.hasPrefix("ok: Fixtures/bad/preset-missing-scenario.json: preset \"Spring campaign\""))
    }

    // MARK: Policy layering

    static func violations(_ args: [String]) throws -> [[String: Any]] {
        let r = runBalansFull(args + ["--format", "json"])
        #expect(r.stderrData.isEmpty, "\(r)")
        return try #require(try jsonObject(r)["violations"] as? [[String: Any]])
    }

    @Test("--policy lenient.json removes the max-band errors of nordic-aggressive")
    func lenientPolicy() throws {
        let preset = "Fixtures/presets/nordic-aggressive.json"
        let before = try Self.violations(["check", preset])
        let after = try Self.violations(["check", preset, "--policy", "Fixtures/policies/lenient.json"])
        #expect(before.filter { $0["rule"] as? String == "max-band" }.count == 6)
        #expect(after.filter { $0["rule"] as? String == "max-band" }.isEmpty)
        // `"maxIntrusiveness": null` lifts the scenario's own limit of 35 (setting by setting).
        #expect(before.contains { $0["rule"] as? String == "max-intrusiveness" })
        #expect(!after.contains { $0["rule"] as? String == "max-intrusiveness" })
        // vulnerable-band: severity warning and vulnerableMaxBand high; stretched is very-high, so still there.
        let vulnerable = after.filter { $0["rule"] as? String == "vulnerable-band" }
        #expect(vulnerable.count == 1 && vulnerable.first?["severity"] as? String == "warning")
        // Rules the lenient policy does not mention keep their severity.
        #expect(after.contains { $0["rule"] as? String == "minors-profiling" && $0["severity"] as? String == "error" })
        #expect(!after.contains { $0["rule"] as? String == "exposure-parity" })

        let r = runBalansFull(["check", preset, "--policy", "Fixtures/policies/lenient.json"])
        #expect(r.status == 1, "minors-profiling is still an error")
        #expect(r.stdout.contains("Ethical code: Lenient: audit only what the law requires"))
    }

    @Test("score output pipes: stdout carries only the result")
    func largeOutputReadFully() {
        let r = runBalansFull(["score", "Fixtures/presets/nordic-aggressive.json", "--format", "json"])
        Self.expectSuccess(r)
        #expect(r.stdout.hasPrefix("{\n"))
        #expect(r.stdout.hasSuffix("}\n"))
    }

    @Test("a mistyped subcommand is not taken for a new preset (64), nor a preset in a missing folder (73)")
    func newPresetPathChecks() {
        let typo = runBalans(["scroe"])
        #expect(typo.status == 64)
        #expect(typo.stdout.isEmpty)
        #expect(typo.stderr == "balans: scroe: no such command or preset; a new preset file's name ends in .json (see balans --help)\n")
        let folder = runBalans(["/no-such-folder-for-balans/new.json"])
        #expect(folder.status == 73)
        #expect(folder.stderr == "balans: /no-such-folder-for-balans/new.json: cannot save there: no folder /no-such-folder-for-balans\n")
    }
}
