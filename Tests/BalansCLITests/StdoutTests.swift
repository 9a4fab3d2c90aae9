import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pipeline can never pass or succeed by accident (issue 10, item 4; SPEC §3): `check` without
/// anything to check is a usage error, a failed write of the result to stdout is 74 with one line,
/// and a reader that closes the pipe ends balans quietly. All with the real binary.
@Suite("Results on stdout")
struct StdoutTests {
    struct End {
        var reason: Process.TerminationReason
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs balans with stdout on `stdout` (a file handle the test owns) and stderr collected; with
    /// `shell`, through `/bin/sh -c "SHELL; exec balans ARGS"`.
    static func run(_ args: [String], stdout: FileHandle, shell: String? = nil, cwd: String = TestPaths.packageRoot) throws -> End {
        let process = Process()
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", TestPaths.balans] + args
        } else {
            process.executableURL = URL(fileURLWithPath: TestPaths.balans)
            process.arguments = args
        }
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = ProcessInfo.processInfo.environment
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] { env[key] = nil }
        process.environment = env
        let err = Pipe()
        process.standardOutput = stdout
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return End(reason: process.terminationReason, status: process.terminationStatus, stdout: "",
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    static let aggressive = "Fixtures/presets/nordic-aggressive.json"
    static let balanced = "Fixtures/presets/nordic-balanced.json"

    // MARK: A full disk

    static let printing: [[String]] = [
        ["scenarios"], ["scenarios", "nordic-retail"], ["policies"], ["policies", "online-platform"], ["score"], ["score", "--format", "json"], ["score", "--format", "csv"],
        ["score", balanced, "--lang", "sv"], ["check", aggressive], ["check", balanced, "--format", "json"],
        ["frontier"], ["frontier", "--format", "csv"], ["balance", "--budget", "30"], ["balance", "--budget", "30", "--format", "json"],
        ["diff", balanced, aggressive], ["validate", "Fixtures/scenarios/nordic-retail.json"],
        ["consent", "decode", "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA"],
        ["--help"], ["check", "--help"], ["--version"],
    ]

    @Test("a result written to a full disk (/dev/full) is exit 74 with one stderr line", arguments: printing)
    func fullDisk(_ args: [String]) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"), "this system has /dev/full")
        let end = try Self.run(args, stdout: full)
        #expect(end.reason == .exit && end.status == 74, "\(args): \(end)")
        #expect(end.stderr == "balans: standard output: cannot write: No space left on device\n", "\(args): \(end.stderr)")
    }

    @Test("consent import to a full disk: the scenario file is written, the summary's failure is 74")
    func consentImportFullDisk() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let out = dir.file("updated.json")
        let end = try Self.run(["consent", "import-csv", "Fixtures/consent/cmp-counts.csv", "--scenario", "Fixtures/consent/shop.json",
                                "-o", out, "--date", "2026-01-01"], stdout: full)
        #expect(end.reason == .exit && end.status == 74, "\(end)")
        #expect(end.stderr == "Wrote \(out)\nbalans: standard output: cannot write: No space left on device\n", "\(end.stderr)")
        #expect(readText(out)?.hasPrefix("{\n  \"balans\": \"scenario/1\"") == true)
    }

    // MARK: check with nothing to check

    @Test("check with neither a PRESET nor --scenario is a usage error (64), one line naming what to give")
    func checkNothing() {
        for args in [["check"], ["check", "--strict"], ["check", "--format", "json"], ["check", "--policy", "Fixtures/policies/strict.json"]] {
            let r = runBalansFull(args)
            #expect(r.status == 64, "\(args): \(r)")
            #expect(r.stdoutData.isEmpty, "nothing on stdout, no PASS: \(r)")
            #expect(r.stderr == "balans: check needs a PRESET file to audit, or --scenario FILE to audit every segment at level 0\n",
                    "\(args): \(r)")
        }
    }

    @Test("check with an empty PRESET argument (a quoted empty variable) is the same usage error")
    func checkEmptyArgument() {
        for args in [["check", ""], ["check", "", "--scenario", "builtin:nordic-retail"]] {
            let r = runBalansFull(args)
            #expect(r.status == 64, "\(args): \(r)")
            #expect(r.stdoutData.isEmpty, "\(r)")
            #expect(r.stderr == "balans: check needs a PRESET file to audit, or --scenario FILE to audit every segment at level 0\n",
                    "\(args): \(r)")
        }
    }

    @Test("check --scenario alone says on its first line that every segment is at level 0")
    func checkScenarioOnly() throws {
        let text = runBalansFull(["check", "--scenario", "builtin:nordic-retail"])
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.split(separator: "\n", omittingEmptySubsequences: false).first == "Balans: Norrsken Retail, all segments at level 0",
                "\(text)")
        let sv = runBalansFull(["check", "--scenario", "builtin:nordic-retail", "--lang", "sv"])
        #expect(sv.stdout.split(separator: "\n").first == "Balans: Norrsken Retail, alla segment på nivå 0", "\(sv)")
        // json: no preset is "preset": null, as in score (the schema is unchanged).
        let json = runBalansFull(["check", "--scenario", "builtin:nordic-retail", "--format", "json"])
        #expect(json.status == 0, "\(json)")
        let doc = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect(doc["preset"] is NSNull)
        #expect(doc["passed"] as? Bool == true)
    }

    // MARK: A pipe closed by its reader

    /// A scenario whose `score --format json` is several megabytes, far more than a pipe holds.
    static func bigScenario(_ dir: TempDir) -> String {
        var s = """
        {"balans": "scenario/1", "name": "Big",
         "categories": [{"id": "email", "name": "Email", "tier": "simple", "identifiability": "limited"}],
         "levels": [{"name": "Generic"}, {"name": "Email", "uses": ["email"], "uplift": 1}],
         "segments": [
        """
        for i in 0..<20_000 {
            s += (i == 0 ? "" : ",\n") + "{\"id\": \"s\(i)\", \"name\": \"S\(i)\", \"size\": 10, \"consent\": {\"email\": 0.5}}"
        }
        return dir.write("big.json", s + "]}\n")
    }

    @Test("a pipe closed by its reader ends balans quietly, by SIGPIPE, with nothing on stderr",
          arguments: [nil, "trap '' PIPE"])
    func closedPipe(_ shell: String?) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let big = Self.bigScenario(dir)
        let pipe = Pipe()
        let process = Process()
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", TestPaths.balans, "score", "--format", "json", "--scenario", big]
        } else {
            process.executableURL = URL(fileURLWithPath: TestPaths.balans)
            process.arguments = ["score", "--format", "json", "--scenario", big]
        }
        let err = Pipe()
        process.standardOutput = pipe
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // `| head -c 10`: read ten bytes, then close the pipe while balans still has megabytes to write.
        let head = try pipe.fileHandleForReading.read(upToCount: 10)
        try pipe.fileHandleForReading.close()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(head.map { String(decoding: $0, as: UTF8.self) } == "{\n  \"scena")
        #expect(errData.isEmpty, "quiet: \(String(decoding: errData, as: UTF8.self))")
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGPIPE,
                "ended by \(process.terminationReason) \(process.terminationStatus)")
    }
}
