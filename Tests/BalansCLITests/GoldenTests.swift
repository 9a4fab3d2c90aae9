import Foundation
import Testing

/// Golden outputs of `balans score` and `balans check` (Fixtures/golden/), compared byte for byte.
/// The commands run from the package root with relative paths, so the output does not depend on
/// where the package is checked out.
///
/// Re-recording is deliberate, never automatic: after a change that is meant to alter the output, run
///
///     BALANS_RECORD_GOLDEN=1 swift test --filter GoldenTests
///
/// which writes the files instead of comparing them; then read the diff (`git diff Fixtures/golden`)
/// and check the changed numbers against SPEC §1.5–§1.9 before committing.
@Suite("Golden outputs")
struct GoldenTests {
    struct Case: Sendable, CustomStringConvertible {
        var golden: String
        var args: [String]
        var status: Int32
        var description: String { golden }
    }

    static let cases: [Case] = {
        var out: [Case] = []
        for (name, preset) in [("nordic-balanced", "Fixtures/presets/nordic-balanced.json"),
                               ("bank-next-best-offer", "Fixtures/presets/bank-next-best-offer.json")] {
            for (format, ext) in [("text", "txt"), ("json", "json"), ("csv", "csv")] {
                out.append(Case(golden: "score-\(name).\(ext)", args: ["score", preset, "--format", format], status: 0))
            }
        }
        let aggressive = "Fixtures/presets/nordic-aggressive.json"
        for (format, ext) in [("text", "txt"), ("json", "json")] {
            out.append(Case(golden: "check-nordic-aggressive.\(ext)", args: ["check", aggressive, "--format", format], status: 1))
            out.append(Case(golden: "check-nordic-aggressive-strict.\(ext)",
                            args: ["check", aggressive, "--policy", "Fixtures/policies/strict.json", "--strict", "--format", format],
                            status: 1))
        }
        return out
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["BALANS_RECORD_GOLDEN"] == "1" }

    @Test("output matches its golden file", arguments: cases)
    func matchesGolden(_ c: Case) throws {
        let r = runBalansFull(c.args)
        #expect(r.status == c.status, "\(r)")
        #expect(r.stderrData.isEmpty, "\(r)")
        let path = TestPaths.root("Fixtures/golden/" + c.golden)
        if Self.recording {
            try FileManager.default.createDirectory(atPath: TestPaths.root("Fixtures/golden"), withIntermediateDirectories: true)
            try r.stdoutData.write(to: URL(fileURLWithPath: path))
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: path),
                                  "missing \(path); record it with BALANS_RECORD_GOLDEN=1")
        if r.stdoutData != golden {
            let got = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let want = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 })
            let where_ = firstDiff.map { "line \($0.offset + 1):\n  got:  \($0.element.0)\n  want: \($0.element.1)" }
                ?? "lengths differ: \(got.count) vs \(want.count) lines"
            Issue.record("\(c.golden) differs from `balans \(c.args.joined(separator: " "))`; first difference at \(where_)")
        }
    }

    @Test("every golden file is produced by a case")
    func noStrayGoldens() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.root("Fixtures/golden"))) ?? []
        let known = Set(Self.cases.map(\.golden) + CommandGoldenTests.cases.map(\.golden) + ReportTests.goldens + SwedishCLITests.goldens)
        #expect(names.filter { !$0.hasPrefix(".") && !known.contains($0) }.sorted() == [])
    }
}
