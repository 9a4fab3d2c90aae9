import Foundation
import Testing

/// Uplift is in percentage points (SPEC §1.2; docs/decisions/0020-uplift-in-points.md): the text
/// outputs say "pp" / "p.e."; JSON and CSV carry the same numbers without a unit.
@Suite("Commands: uplift in percentage points")
struct UpliftUnitCLITests {
    static let balanced = "Fixtures/presets/nordic-balanced.json"
    static let aggressive = "Fixtures/presets/nordic-aggressive.json"

    @Test("score text: the headline and the column say pp, reach stays in %")
    func score() {
        let r = runBalans(["score", Self.balanced])
        #expect(r.status == 0)
        #expect(r.stdout.contains("uplift 3.19 pp   value 45,268 extra conversions"))
        #expect(!r.stdout.contains("uplift 3.19 %"))
        #expect(r.stdout.contains("Exposure  Uplift pp"))
        #expect(r.stdout.contains("85.0%"), "reach is a share")
        let sv = runBalans(["score", Self.balanced, "--lang", "sv"])
        #expect(sv.stdout.contains("lyft 3,19\u{00A0}p.e."))
        #expect(sv.stdout.contains("Lyft\u{00A0}p.e."))
    }

    @Test("frontier, balance and diff say pp; diff's change of reach is in pp too")
    func otherCommands() {
        #expect(runBalans(["frontier", "--scenario", "builtin:nordic-retail"]).stdout.contains("Uplift pp"))
        #expect(runBalans(["balance", "--budget", "30", "--scenario", "builtin:nordic-retail"]).stdout.contains(" pp   value "))
        let diff = runBalans(["diff", Self.balanced, Self.aggressive]).stdout
        #expect(diff.contains("Uplift (pp)      3.19    4.05    +0.86"))
        #expect(diff.contains("(-54.0 pp)"))
        #expect(!diff.contains("pts"))
    }

    @Test("JSON and CSV keep bare numbers: no unit anywhere")
    func machineFormats() {
        let json = runBalans(["score", Self.balanced, "--format", "json"]).stdout
        #expect(json.contains("\"uplift\": 3.187904929577465,"), "unrounded, as before")
        #expect(!json.contains(" pp") && !json.contains("p.e."))
        let csv = runBalans(["score", Self.balanced, "--format", "csv"]).stdout
        #expect(csv.hasPrefix("segment,name,size,level,level_name,score,band,reach,exposure,effective_uplift,value,touches\r\n"))
        #expect(!csv.contains("pp"))
    }
}
