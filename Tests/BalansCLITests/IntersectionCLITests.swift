@testable import BalansCLI
import BalansModel
import Foundation
import Testing

/// Intersections in policy files and scenarios, through the real binary (issue #17, item 4).
@Suite("Intersections in the policy")
struct IntersectionCLITests {
    static let policy = #"{"balans": "policy/1", "name": "Where attributes meet", "rules": {}, "intersections": [["age", "region"]], "minGroupSize": 50000}"#

    @Test("check judges the intersection as well: a parity breach named age × region, after the single attributes")
    func check() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let p = dir.write("policy.json", Self.policy)
        let r = runBalansFull(["check", "Fixtures/presets/nordic-balanced.json", "--policy", p, "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let doc = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        let parity = try #require(doc["violations"] as? [[String: Any]]).filter { $0["rule"] as? String == "uplift-parity" }
        #expect(parity.map { $0["attribute"] as? String } == ["age", "region", "age × region"])
        // 13-17 × urban has 45 000 customers, under 50 000: not judged, so not the lowest.
        #expect((parity.last?["message"] as? String)?.contains("lowest 65+ × rural") == true, "\(parity)")
        // Without the intersection the single attributes are exactly as before.
        let plain = runBalansFull(["check", "Fixtures/presets/nordic-balanced.json", "--format", "json"])
        let plainParity = try #require((try JSONSerialization.jsonObject(with: plain.stdoutData) as? [String: Any])?["violations"] as? [[String: Any]])
            .filter { $0["rule"] as? String == "uplift-parity" }
        #expect(plainParity.map { $0["message"] as? String } == parity.dropLast().map { $0["message"] as? String })
    }

    @Test("a scenario's policy with intersections: score json gains the intersections key; text shows the groups")
    func score() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var scenario = try String(contentsOfFile: TestPaths.root("Fixtures/scenarios/nordic-retail.json"), encoding: .utf8)
        // The fixture's own policy gains the intersection.
        let name = #""name": "Norrsken Retail code of conduct (illustrative)","#
        #expect(scenario.contains(name))
        scenario = scenario.replacingOccurrences(of: name, with: name + #" "intersections": [["age", "region"]], "minGroupSize": 50000,"#)
        let path = dir.write("scenario.json", scenario)
        #expect(runBalansFull(["validate", path]).status == 0)
        let r = runBalansFull(["score", "--scenario", path, "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let doc = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        let x = try #require((doc["intersections"] as? [[String: Any]])?.first)
        #expect(x["attributes"] as? [String] == ["age", "region"])
        let groups = try #require(x["groups"] as? [[String: Any]])
        #expect(groups.first?["values"] as? [String] == ["13-17", "urban"])
        #expect(groups.first?["judged"] as? Bool == false)
        #expect(groups.dropFirst().allSatisfy { $0["judged"] as? Bool == true })
        // The document without a policy's intersections has no such key (SPEC §3 unchanged).
        let plain = runBalansFull(["score", "--format", "json"])
        #expect(!plain.stdout.contains("\"intersections\""))
        let text = runBalansFull(["score", "--scenario", path])
        #expect(text.stdout.contains("age × region: uplift parity 1.00, exposure parity 1.00 over 5 of 6 groups (judged from 50,000 customers)"), "\(text)")
        #expect(text.stdout.contains("13-17 × urban   45,000       0.00       0.0  no: too small"), "\(text)")
        // Schema.
        let out = dir.write("score.json", r.stdout)
        if let failures = SchemaTests.validate([(SchemaTests.schema("score"), out), (SchemaTests.schema("scenario"), path)]) {
            #expect(failures == [])
        }
    }

    @Test("the report shows the combined groups, the small ones marked as not judged, in English and Swedish")
    func report() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var scenario = try String(contentsOfFile: TestPaths.root("Fixtures/scenarios/nordic-retail.json"), encoding: .utf8)
        let name = #""name": "Norrsken Retail code of conduct (illustrative)","#
        scenario = scenario.replacingOccurrences(of: name, with: name + #" "intersections": [["age", "region"]], "minGroupSize": 50000,"#)
        let path = dir.write("scenario.json", scenario)
        for (lang, heading, small) in [("en", "### age × region (where the attributes meet): uplift parity 1.00", "| 13-17 × urban | 45,000 | 0.00\u{00A0}pp | 0.0 | no: too small |"),
                                       ("sv", "### age × region (där attributen möts): lyftparitet 1,00", "nej: för liten")] {
            let out = dir.file("report-\(lang).md")
            let r = runBalansFull(["report", "--scenario", path, "-o", out, "--date", "2026-12-02", "--lang", lang])
            #expect(r.status == 0, "\(r)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.contains(heading), "\(lang)")
            #expect(text.contains(small), "\(lang)")
        }
    }

    @Test("a bad intersection is one line at its place, 65", arguments: [
        (#"[["age"]]"#, "intersections[0]", "2 to 4 attributes, got 1"),
        (#"[["age", "age"]]"#, "intersections[0][1]", "named twice"),
        (#"["age"]"#, "intersections[0]", "expected an array"),
        (#"[["age", ""]]"#, "intersections[0][1]", "must not be empty"),
    ])
    func bad(_ value: String, _ place: String, _ says: String) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let p = dir.write("policy.json", #"{"balans": "policy/1", "name": "x", "rules": {}, "intersections": "# + value + "}")
        let r = runBalansFull(["validate", p])
        #expect(r.status == 65, "\(r)")
        #expect(r.stderr.contains(": \(place): ") && r.stderr.contains(says) && r.stderr.filter { $0 == "\n" }.count == 1, "\(r)")
        let m = dir.write("min.json", #"{"balans": "policy/1", "name": "x", "rules": {}, "minGroupSize": -1}"#)
        #expect(runBalansFull(["validate", m]).status == 65)
    }

    @Test("the intersections survive a scenario written back (consent import, calibrate --apply)")
    func roundTrip() throws {
        let layer = PolicyLayer(name: nil, rules: [], intersections: [["age", "region"], ["age", "region", "income"]], minGroupSize: 250)
        var s = try #require(BuiltinScenarios.scenario(named: "nordic-retail"))
        s.policy = layer
        let text = JSONWriter.write(s.json)
        let back = try Scenario.decode(Node(SourceText(file: "-", bytes: Array(text.utf8)).parseJSON()))
        #expect(back.policy == layer)
    }
}
