import Foundation
import Testing

/// Golden outputs of `balans frontier`, `balans balance`, `balans diff` and the CI formats of
/// `balans check` (Fixtures/golden/),
/// compared byte for byte, recorded like `GoldenTests`:
///
///     BALANS_RECORD_GOLDEN=1 swift test --filter CommandGoldenTests
@Suite("Golden outputs of frontier, balance and diff")
struct CommandGoldenTests {
    static let balanced = "Fixtures/presets/nordic-balanced.json"
    static let aggressive = "Fixtures/presets/nordic-aggressive.json"

    static let cases: [GoldenTests.Case] = {
        var out: [GoldenTests.Case] = []
        for (format, ext) in [("text", "txt"), ("json", "json"), ("csv", "csv")] {
            out.append(.init(golden: "frontier-nordic-balanced.\(ext)", args: ["frontier", balanced, "--format", format], status: 0))
        }
        out.append(.init(golden: "frontier-savings-bank.txt", args: ["frontier", "--scenario", "builtin:savings-bank"], status: 0))
        for (format, ext) in [("text", "txt"), ("json", "json")] {
            out.append(.init(golden: "balance-30-nordic-balanced.\(ext)", args: ["balance", "--budget", "30", balanced, "--format", format], status: 0))
            out.append(.init(golden: "diff-nordic-balanced-aggressive.\(ext)", args: ["diff", balanced, aggressive, "--format", format], status: 0))
        }
        out.append(.init(golden: "balance-45-savings-bank.txt", args: ["balance", "--budget", "45", "--scenario", "builtin:savings-bank"], status: 0))
        // The CI formats of check (docs/ci.md): GitHub annotations, SARIF and JUnit.
        for (format, ext) in [("github", "github.txt"), ("sarif", "sarif"), ("junit", "junit.xml")] {
            out.append(.init(golden: "check-nordic-aggressive.\(ext)", args: ["check", aggressive, "--format", format], status: 1))
        }
        out.append(.init(golden: "check-nordic-aggressive-strict.github.txt",
                         args: ["check", aggressive, "--policy", "Fixtures/policies/strict.json", "--strict", "--format", "github"], status: 1))
        return out
    }()

    @Test("output matches its golden file", arguments: cases)
    func matchesGolden(_ c: GoldenTests.Case) throws {
        try GoldenTests().matchesGolden(c)
    }
}
