import Foundation
import Testing

/// SPEC §1.3 and §3, through the real binary: the largest scenario the contract allows runs through
/// every command without trapping, and JSON output is always valid and terminal-safe.
@Suite("Output safety (SPEC §3)")
struct OutputSafetyTests {
    /// Two segments of 2^52 customers (N = 2^53, the most a scenario may hold), at 100 pp uplift.
    static let largest = """
        {"balans": "scenario/1", "name": "Largest \u{9B}2J",
         "categories": [{"id": "page", "name": "Page \u{9B}31m", "tier": "simple", "identifiability": "negligible"},
                        {"id": "buys", "name": "Purchases", "tier": "behavioural", "identifiability": "significant"}],
         "levels": [{"name": "Generic"}, {"name": "Contextual", "uses": ["page"], "uplift": 50},
                    {"name": "Behavioural", "uses": ["buys"], "profiling": true, "uplift": 100}],
         "segments": [
           {"id": "kids", "name": "Kids \u{85}\u{2028}", "size": 4503599627370496, "consent": {"page": 1, "buys": 1},
            "minors": true, "vulnerable": true, "groups": {"age": "13-17"}},
           {"id": "adults", "name": "Adults", "size": 4503599627370496, "consent": {"page": 1, "buys": 1},
            "groups": {"age": "18+"}}]}
        """

    static let preset = """
        {"balans": "preset/1", "name": "All in \u{9B}", "scenario": "largest.json", "levels": {"kids": 2, "adults": 2}}
        """

    /// No byte of a C0 control (but newline), DEL, or a C1 control (C2 80…C2 9F) in `data`.
    static func isTerminalSafe(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        if bytes.contains(where: { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }) { return false }
        return !zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && $1 <= 0x9F }
    }

    @Test("N = 2^53 at 100 pp: score, check, report, frontier, balance and diff finish with valid JSON and exact totals")
    func largestScenario() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        dir.write("largest.json", Self.largest)
        let preset = dir.write("all.json", Self.preset)
        #expect(runBalans(["validate", dir.file("largest.json"), preset]).status == 0)

        let score = runBalansFull(["score", preset, "--format", "json"])
        #expect(score.status == 0, "\(score)")
        let json = try #require(try JSONSerialization.jsonObject(with: score.stdoutData) as? [String: Any])
        let aggregate = try #require(json["aggregate"] as? [String: Any])
        // value = Σ size × uplift / 100 = 2^53 × 100 / 100, exactly.
        #expect((aggregate["value"] as? NSNumber)?.doubleValue == 9_007_199_254_740_992)
        #expect((aggregate["uplift"] as? NSNumber)?.doubleValue == 100)
        #expect(Self.isTerminalSafe(score.stdoutData))
        #expect(score.stdout.contains(#"\u009b"#))

        // Kids at Behavioural: DPC 2 + profiling 1 = 3, EI .75, M = observed .25 + vulnerable .5:
        // I = 3 → high, above the vulnerable segment's medium: vulnerable-band (and minors-profiling).
        let check = runBalansFull(["check", preset, "--format", "json"])
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("\"vulnerable-band\""))
        #expect((try? JSONSerialization.jsonObject(with: check.stdoutData)) != nil)
        #expect(Self.isTerminalSafe(check.stdoutData))

        for format in ["json", "csv", "text"] {
            let frontier = runBalansFull(["frontier", "--scenario", dir.file("largest.json"), "--format", format])
            #expect(frontier.status == 0, "\(format): \(frontier)")
            if format == "json" { #expect((try? JSONSerialization.jsonObject(with: frontier.stdoutData)) != nil) }
        }
        let balanced = dir.file("balanced.json")
        let balance = runBalansFull(["balance", "--budget", "100", "--scenario", dir.file("largest.json"), "-o", balanced])
        #expect(balance.status == 0, "\(balance)")
        #expect(runBalans(["validate", balanced]).status == 0)
        let report = runBalansFull(["report", preset, "-o", dir.file("report.md")])
        #expect(report.status == 0, "\(report)")
        let diff = runBalansFull(["diff", preset, balanced, "--format", "json"])
        #expect(diff.status == 0, "\(diff)")
        #expect((try? JSONSerialization.jsonObject(with: diff.stdoutData)) != nil)
    }

    @Test("consent import-csv --format json escapes a C1 control from the CSV (U+009B in a segment id)")
    func consentImportEscapes() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let csv = dir.write("cmp.csv", "segment,category,rate\nnorth,clicks,0.5\nwe\u{9B}2Jst,clicks,0.5\n")
        let out = dir.file("shop.json")
        let r = runBalansFull(["consent", "import-csv", csv, "--scenario", TestPaths.root("Fixtures/consent/shop.json"),
                               "-o", out, "--date", "2026-12-02", "--format", "json"])
        #expect(r.status == 0, "\(r)")
        #expect((try? JSONSerialization.jsonObject(with: r.stdoutData)) != nil, "\(r)")
        #expect(Self.isTerminalSafe(r.stdoutData))
        #expect(r.stdout.contains(#"\u009b"#), "\(r)")
    }
}
