import Foundation
import Testing

/// Differential tests: `balans score --format json` against the independent plain-Python model in
/// bench/reference_score.py, on the fixtures and on a generated scenario with every rule in play.
/// Numbers must agree to a relative 1e-9 (sums are taken in another order); messages are not compared.
@Suite("Agreement with the Python reference model")
struct ReferenceTests {
    static let python: String? = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }()

    /// Runs an external program; returns its exit status and combined output.
    static func run(_ executable: String, _ args: [String], stdout path: String? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.packageRoot)
        let pipe = Pipe()
        if let path {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: path)
        } else {
            process.standardOutput = pipe
        }
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func agree(preset: String?, scenario: String, in dir: TempDir) throws {
        let python = try #require(Self.python, "python3 is needed for the reference model")
        let mine = dir.file("balans.json")
        let theirs = dir.file("reference.json")
        let args = ["score"] + (preset.map { [$0] } ?? []) + ["--scenario", scenario, "--format", "json"]
        let r = runBalansFull(args)
        #expect(r.status == 0, "\(r)")
        _ = FileManager.default.createFile(atPath: mine, contents: r.stdoutData)
        let ref = Self.run(python, ["bench/reference_score.py", scenario] + (preset.map { [$0] } ?? []), stdout: theirs)
        #expect(ref.status == 0, "\(ref.output)")
        let check = Self.run(python, ["bench/crosscheck.py", mine, theirs])
        #expect(check.status == 0, "balans and the reference disagree:\n\(check.output)")
    }

    @Test("the fixture presets score the same in Swift and in the reference", arguments: [
        ("Fixtures/presets/nordic-balanced.json", "Fixtures/scenarios/nordic-retail.json"),
        ("Fixtures/presets/nordic-aggressive.json", "Fixtures/scenarios/nordic-retail.json"),
        ("Fixtures/presets/bank-next-best-offer.json", "Fixtures/scenarios/savings-bank.json"),
    ])
    func fixtures(_ preset: String, _ scenario: String) throws {
        let dir = TempDir("balans-reference")
        defer { dir.cleanup() }
        try agree(preset: preset, scenario: scenario, in: dir)
    }

    @Test("a scenario alone (every segment at level 0) scores the same")
    func generic() throws {
        let dir = TempDir("balans-reference")
        defer { dir.cleanup() }
        try agree(preset: nil, scenario: "Fixtures/scenarios/savings-bank.json", in: dir)
    }

    @Test("a generated 400-segment scenario with random levels and exclusions, minors-and-vulnerable segments among them, scores the same")
    func generated() throws {
        let python = try #require(Self.python, "python3 is needed for the reference model")
        let dir = TempDir("balans-reference")
        defer { dir.cleanup() }
        let scenario = dir.file("s.json")
        let preset = dir.file("p.json")
        let gen = Self.run(python, ["bench/generate_scenario.py", "400", "--seed", "7", "--out", scenario, "--preset", preset])
        try #require(gen.status == 0, "\(gen.output)")
        // The file holds segments that are minors and vulnerable at once (the case vulnerable-band
        // once skipped), so the agreement covers them.
        let data = try #require(FileManager.default.contents(atPath: scenario))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let segments = try #require(json["segments"] as? [[String: Any]])
        let both = segments.filter { ($0["minors"] as? Bool) == true && ($0["vulnerable"] as? Bool) == true }
        #expect(both.count >= 3, "only \(both.count) minors-and-vulnerable segments")
        try agree(preset: preset, scenario: scenario, in: dir)
    }
}
