@testable import BalansCLI
import BalansModel
import BalansText
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Small scenarios that put the optimiser at its edges: every level of every segment touches a
/// special category, which the first forbids (no allowed setting) and the second allows (but even
/// the least intrusive setting costs intrusiveness).
enum OptimizerScenarios {
    static func scenario(name: String, forbidSpecial: Bool) -> String {
        """
        {
          "balans": "scenario/1",
          "name": \(name),
          "categories": [
            {"id": "health", "name": "Health data", "tier": "sensitive", "identifiability": "significant", "special": true}
          ],
          "levels": [
            {"name": "Health", "uses": ["health"], "uplift": 1},
            {"name": "Health profile", "profiling": true, "uplift": 2}
          ],
          "segments": [
            {"id": "patients", "name": "Patients", "size": 1000, "consent": {"health": 0.5}},
            {"id": "others", "name": "Others", "size": 500, "consent": {"health": 0.2}}
          ]\(forbidSpecial ? ",\n  \"policy\": {\"rules\": {\"special-category\": {\"severity\": \"error\"}}}" : "")
        }
        """
    }
}

/// Random valid scenarios for the frontier's tests (SplitMix64, so that every run checks the same
/// ones): five categories over the tiers, a ladder of five levels, sizes from 1 to 10^6, random
/// consent, some minors and vulnerable segments (so that the default code forbids some levels).
struct FrontierRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func scenario(segments n: Int, seed: UInt64) -> String {
        var rng = FrontierRandom(state: seed)
        let categories = [("page", "simple", "negligible"), ("email", "simple", "maximum"), ("clicks", "behavioural", "significant"),
                          ("income", "financial", "significant"), ("health", "sensitive", "significant")]
        let segments = (0..<n).map { i -> String in
            let consent = categories.map { "\"\($0.0)\": \(Double(Int.random(in: 0...1000, using: &rng)) / 1000)" }
            let flags = (Int.random(in: 0..<10, using: &rng) == 0 ? ", \"minors\": true" : "")
                + (Int.random(in: 0..<8, using: &rng) == 0 ? ", \"vulnerable\": true" : "")
            return "{\"id\": \"s\(i)\", \"name\": \"S \(i)\", \"size\": \(Int.random(in: 1...1_000_000, using: &rng)), "
                + "\"consent\": {\(consent.joined(separator: ", "))}\(flags)}"
        }
        return """
        {"balans": "scenario/1", "name": "Random \(seed)",
         "categories": [\(categories.map { "{\"id\": \"\($0.0)\", \"name\": \"\($0.0)\", \"tier\": \"\($0.1)\", \"identifiability\": \"\($0.2)\"\($0.1 == "sensitive" ? ", \"special\": true" : "")}" }.joined(separator: ", "))],
         "levels": [{"name": "Generic"}, {"name": "Context", "uses": ["page"], "uplift": 1.5},
                    {"name": "Contact", "uses": ["email"], "uplift": 2.5}, {"name": "Behaviour", "uses": ["clicks"], "profiling": true, "uplift": 4},
                    {"name": "Everything", "uses": ["income", "health"], "profiling": true, "crossContext": 1, "uplift": 6}],
         "segments": [\(segments.joined(separator: ",\n"))]}
        """
    }
}

@Suite("balans frontier, balance and diff")
struct FrontierCommandTests {
    static let balanced = "Fixtures/presets/nordic-balanced.json"
    static let aggressive = "Fixtures/presets/nordic-aggressive.json"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: frontier

    @Test("frontier json: frontier/2, points rise in both figures, each move starts where the replay is, the preset's gap is given")
    func frontierJSON() throws {
        let r = runBalansFull(["frontier", Self.balanced, "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let doc = try Self.json(r.stdout)
        #expect(doc["balans"] as? String == "frontier/2")
        let points = try #require(doc["points"] as? [[String: Any]])
        #expect(points.count > 2)
        var levels = try #require(doc["start"] as? [String: Int])
        #expect(levels.count == 8)
        var last = (x: -1.0, y: -1.0)
        for (i, p) in points.enumerated() {
            let x = try #require(p["intrusiveness"] as? Double), y = try #require(p["value"] as? Double)
            #expect(x >= last.x && y >= last.y)
            last = (x, y)
            #expect(Set(p.keys) == ["intrusiveness", "value", "move"], "point \(i): no levels of its own")
            if i == 0 {
                #expect(p["move"] is NSNull)
            } else {
                let move = try #require(p["move"] as? [String: Any])
                let seg = try #require(move["segment"] as? String)
                #expect(levels[seg] == move["from"] as? Int, "point \(i): the move starts where the replay is")
                levels[seg] = try #require(move["to"] as? Int)
            }
        }
        let current = try #require(doc["current"] as? [String: Any])
        #expect((current["valueLost"] as? Double ?? -1) > 0)
        #expect((current["intrusivenessSaved"] as? Double ?? -1) > 0)
        #expect((doc["blocked"] as? [Any])?.isEmpty == true)
    }

    /// Replays a `frontier/2` document (docs/files.md): `start`, then each point's move. Calls `body`
    /// with each point's index, its document and its levels in the scenario's segment order, and
    /// records an issue where a move's `from` is not the level replayed so far.
    static func replay(_ doc: [String: Any], segmentIDs: [String],
                       _ body: (Int, [String: Any], [Int]) throws -> Void) throws {
        let points = try #require(doc["points"] as? [[String: Any]])
        guard !points.isEmpty else {
            #expect(doc["start"] is NSNull, "no points, no start")
            return
        }
        let start = try #require(doc["start"] as? [String: Int])
        #expect(start.count == segmentIDs.count, "start has every segment")
        let index = Dictionary(uniqueKeysWithValues: segmentIDs.enumerated().map { ($1, $0) })
        var levels = try segmentIDs.map { try #require(start[$0], "start has no \($0)") }
        for (i, p) in points.enumerated() {
            if i == 0 {
                #expect(p["move"] is NSNull)
            } else {
                let move = try #require(p["move"] as? [String: Any], "point \(i) has no move")
                let s = try #require((move["segment"] as? String).flatMap { index[$0] }, "point \(i): unknown segment")
                let from = try #require(move["from"] as? Int), to = try #require(move["to"] as? Int)
                #expect(levels[s] == from, "point \(i): \(segmentIDs[s]) is at \(levels[s]), the move starts at \(from)")
                levels[s] = to
            }
            try body(i, p, levels)
        }
    }

    static func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

    /// Every point's (intrusiveness, value) as Balans's own parser reads them: JSONSerialization on
    /// Linux reads some shortest round-trip numbers one unit in the last place off.
    static func pointFigures(_ text: String) throws -> [(intrusiveness: Double, value: Double)] {
        let doc = try JSONParser.parse(text)
        guard case .array(let points)? = doc["points"]?.kind else { return [] }
        return points.map { p in
            func number(_ key: String) -> Double {
                if case .number(let x)? = p[key]?.kind { return x }
                return .nan
            }
            return (number("intrusiveness"), number("value"))
        }
    }

    /// Each case: the command's arguments after `frontier`, and the preset and scenario to load in
    /// process.
    static func replayCases(_ dir: TempDir) -> [(args: [String], preset: String?, scenario: String?)] {
        var out: [(args: [String], preset: String?, scenario: String?)] = []
        for preset in [Self.balanced, Self.aggressive, "Fixtures/presets/bank-next-best-offer.json"] {
            out.append(([preset], TestPaths.root(preset), nil))
        }
        for builtin in ["builtin:savings-bank", "builtin:nordic-retail"] { out.append((["--scenario", builtin], nil, builtin)) }
        for (n, seed) in [(40, 1), (300, 2), (2000, 3)] as [(Int, UInt64)] {
            let path = dir.write("random-\(n).json", FrontierRandom.scenario(segments: n, seed: seed))
            out.append((["--scenario", path], nil, path))
        }
        let blocked = dir.write("blocked.json", OptimizerScenarios.scenario(name: "\"Clinic\"", forbidSpecial: true))
        out.append((["--scenario", blocked], nil, blocked))
        return out
    }

    @Test("replaying the moves of frontier json gives exactly the levels and figures of every point, as the optimiser computes them")
    func replayMatchesOptimizer() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        for c in Self.replayCases(dir) {
            let r = runBalansFull(["frontier"] + c.args + ["--format", "json"])
            #expect(r.status == 0 || r.status == 1, "\(c.args): \(r)")
            let doc = try Self.json(r.stdout)
            let inputs = try Inputs.load(preset: c.preset, scenario: c.scenario)
            // The full setting of every point, straight from the optimiser.
            let frontier = Optimizer.frontier(inputs.model, excluded: inputs.evaluation.setting.excluded)
            let points = try #require(doc["points"] as? [[String: Any]])
            #expect(points.count == frontier.points.count, "\(c.args)")
            // The figures are unrounded: they read back as exactly the optimiser's.
            let figures = try Self.pointFigures(r.stdout)
            #expect(figures.map(\.intrusiveness) == frontier.points.map(\.intrusiveness), "\(c.args)")
            #expect(figures.map(\.value) == frontier.points.map(\.value), "\(c.args)")
            var seen = 0
            try Self.replay(doc, segmentIDs: inputs.model.scenario.segments.map(\.id)) { i, _, levels in
                seen += 1
                #expect(levels == frontier.levels(at: i), "\(c.args): point \(i)")
            }
            #expect(seen == frontier.points.count, "\(c.args)")
        }
    }

    @Test("frontier/2 replays to exactly the per-point levels the frontier/1 output listed (Fixtures/frontier1)")
    func replayMatchesFrontier1() throws {
        let old = try Self.json(try #require(readText(TestPaths.root("Fixtures/frontier1/frontier-nordic-balanced.json"))))
        #expect(old["balans"] == nil, "frontier/1 had no version key")
        let oldPoints = try #require(old["points"] as? [[String: Any]])
        let doc = try Self.json(runBalans(["frontier", Self.balanced, "--format", "json"]).stdout)
        // The segment ids, in any order: replay and compare by id.
        let ids = oldPoints.first.flatMap { $0["levels"] as? [String: Int] }.map { Array($0.keys) } ?? []
        #expect(ids.count == 8)
        var seen = 0
        try Self.replay(doc, segmentIDs: ids) { i, p, levels in
            seen += 1
            guard i < oldPoints.count else { return }
            let oldLevels = try #require(oldPoints[i]["levels"] as? [String: Int])
            #expect(Dictionary(uniqueKeysWithValues: zip(ids, levels)) == oldLevels, "point \(i)")
            #expect(Self.number(p["intrusiveness"]) == Self.number(oldPoints[i]["intrusiveness"]), "point \(i)")
            #expect(Self.number(p["value"]) == Self.number(oldPoints[i]["value"]), "point \(i)")
            #expect((p["move"] as? [String: AnyHashable]) == (oldPoints[i]["move"] as? [String: AnyHashable]), "point \(i)")
        }
        #expect(seen == oldPoints.count)
        for key in ["scenario", "preset"] { #expect(doc[key] as? String == old[key] as? String) }
        #expect(doc["current"] as? [String: Double] == old["current"] as? [String: Double])
    }

    @Test("every point's uplift divides by the customers summed once, exactly as re-summing them per point did, on random scenarios")
    func customersSummedOnce() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        for seed in 1...12 as ClosedRange<UInt64> {
            let path = dir.write("random-\(seed).json", FrontierRandom.scenario(segments: 5 + Int(seed) * 17, seed: seed + 100))
            let report = FrontierReport(inputs: try Inputs.load(preset: nil, scenario: path))
            #expect(report.frontier.points.count > 1, "seed \(seed): a frontier to check")
            for p in report.frontier.points {
                // What every point computed before issue #10: all the sizes, summed again.
                let resummed = Double(report.scenario.segments.reduce(0) { $0 + $1.size })
                let old = resummed > 0 ? p.value * 100 / resummed : 0
                #expect(report.uplift(p.value) == old, "seed \(seed)")
                #expect(report.customers == resummed)
            }
        }
    }

    @Test("frontier without a preset has no current point")
    func frontierNoPreset() throws {
        let r = runBalansFull(["frontier", "--format", "json"])
        #expect(r.status == 0, "\(r)")
        #expect(try Self.json(r.stdout)["current"] is NSNull)
    }

    @Test("csv has a header and one row per point")
    func frontierCSV() throws {
        let json = try Self.json(runBalans(["frontier", Self.balanced, "--format", "json"]).stdout)
        let r = runBalans(["frontier", Self.balanced, "--format", "csv"])
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(rows.first == "point,intrusiveness,band,value,uplift,segment,from,to")
        #expect(rows.count - 1 == (json["points"] as? [Any])?.count)
    }

    /// `n` alike segments of one customer each, with full consent to one category worth 2 pp.
    static func manySegments(_ n: Int) -> String {
        let segments = (0..<n).map { "{\"id\": \"s\($0)\", \"name\": \"S \($0)\", \"size\": 1, \"consent\": {\"clicks\": 1}}" }
        return """
        {"balans": "scenario/1", "name": "Many",
         "categories": [{"id": "clicks", "name": "Clicks", "tier": "behavioural", "identifiability": "limited"}],
         "levels": [{"name": "Generic"}, {"name": "Clicks", "uses": ["clicks"], "uplift": 2}],
         "segments": [\(segments.joined(separator: ",\n"))]}
        """
    }

    @Test("text and csv are linear in segments: 20 000 segments, 20 001 points, each uplift by hand")
    func frontierOfManySegments() throws {
        // Before, every point's uplift summed all 20 000 sizes again: 10^9 additions per output.
        let n = 20_000
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("many.json", Self.manySegments(n))
        let csv = runBalansFull(["frontier", "--scenario", path, "--format", "csv"])
        #expect(csv.status == 0, "\(csv)")
        let rows = csv.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == n + 1)
        // Point i has i segments at level 1: value i × 1 × 2 / 100, uplift 100 × value / n = 2i / n pp.
        for i in [0, 1, n / 2, n] where i < rows.count {
            #expect(rows[i][0] == Substring(String(i)))
            #expect(abs((Double(rows[i][3]) ?? -1) - Double(i) * 0.02) < 1e-6)
            #expect(abs((Double(rows[i][4]) ?? -1) - 2 * Double(i) / Double(n)) < 1e-9)
        }
        let text = runBalansFull(["frontier", "--scenario", path])
        #expect(text.status == 0, "\(text)")
        let last = text.stdout.split(separator: "\n").last { $0.hasPrefix(String(n)) }
        // The last point: all 20 000 up, 400 extra conversions, 2.00 pp.
        #expect(last?.split(separator: " ", omittingEmptySubsequences: true).contains("2.00") == true, "\(last ?? "")")
    }

    @Test("a segment with no allowed level: exit 1, one stderr line naming it, an empty frontier")
    func frontierBlocked() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("blocked.json", OptimizerScenarios.scenario(name: "\"Clinic\"", forbidSpecial: true))
        let r = runBalansFull(["frontier", "--scenario", path, "--format", "json"])
        #expect(r.status == 1, "\(r)")
        let doc = try Self.json(r.stdout)
        #expect((doc["points"] as? [Any])?.isEmpty == true)
        #expect(doc["blocked"] as? [String] == ["patients", "others"])
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(r.stderr.contains("patients") && r.stderr.contains("Others"))

        let b = runBalansFull(["balance", "--budget", "50", "--scenario", path])
        #expect(b.status == 1, "\(b)")
        #expect(b.stdoutData.isEmpty)
        #expect(b.stderr.contains("patients"))
    }

    @Test("bad input: missing file 66, csv refused where it makes no sense 64, stdout empty")
    func frontierBadInput() {
        for args in [["frontier", "no/such/preset.json"], ["balance", "--budget", "30", "no/such.json"],
                     ["diff", Self.balanced, "no/such.json"]] {
            let r = runBalansFull(args)
            #expect(r.status == 66, "\(args): \(r)")
            #expect(r.stdoutData.isEmpty)
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
        }
        for args in [["balance", "--budget", "30", "--format", "csv"], ["diff", Self.balanced, Self.balanced, "--format", "csv"]] {
            let r = runBalansFull(args)
            #expect(r.status == 64, "\(args): \(r)")
            #expect(r.stdoutData.isEmpty)
        }
    }

    // MARK: SVG

    final class SVGCheck: NSObject, XMLParserDelegate {
        var root: String?
        var elements: [String] = []
        var polylinePoints: [String] = []
        var externalRefs: [String] = []
        var texts = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = name }
            elements.append(name)
            if name == "polyline", let p = attributes["points"] { polylinePoints.append(p) }
            for (k, v) in attributes where k == "href" || k.hasSuffix(":href") || v.contains("url(") {
                externalRefs.append("\(k)=\(v)")
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { texts += string }
    }

    static func parseSVG(_ path: String) throws -> SVGCheck {
        let data = try #require(FileManager.default.contents(atPath: path))
        let parser = XMLParser(data: data)
        let check = SVGCheck()
        parser.delegate = check
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        return check
    }

    @Test("--svg writes a well-formed, self-contained chart with one polyline vertex per point")
    func svg() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let svg = dir.file("frontier.svg")
        let r = runBalansFull(["frontier", Self.balanced, "--svg", svg, "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let points = try #require(try Self.json(r.stdout)["points"] as? [Any])
        let check = try Self.parseSVG(svg)
        #expect(check.root == "svg")
        #expect(!check.elements.contains("script") && !check.elements.contains("foreignObject"))
        #expect(check.externalRefs.isEmpty)
        #expect(check.polylinePoints.count == 1)
        #expect(check.polylinePoints.first?.split(separator: " ").count == points.count)
        #expect(check.elements.filter { $0 == "circle" }.count == points.count + 1, "a marker per point and the preset's")
        for label in ["Aggregate intrusiveness (0\u{2013}100)", "Value (extra conversions)", "low", "medium",
                      "Norrsken Retail", "Balanced spring campaign"] {
            #expect(check.texts.contains(label), "\(label)")
        }
        let text = readText(svg) ?? ""
        #expect(!text.contains("http://") || !text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(text.contains("font-family=\"sans-serif\""))
    }

    @Test("--svg uses the dashboard's scale (ChartScale) and the preset's label never crosses the curve",
          arguments: ["Fixtures/presets/nordic-balanced.json", "Fixtures/presets/nordic-aggressive.json",
                      "Fixtures/presets/bank-next-best-offer.json"])
    func svgScaleAndLabel(_ preset: String) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let svg = dir.file("frontier.svg")
        let r = runBalansFull(["frontier", preset, "--svg", svg, "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let json = try Self.json(r.stdout)
        let points = try #require(json["points"] as? [[String: Any]])
        let xs = points.compactMap { $0["intrusiveness"] as? Double }, ys = points.compactMap { $0["value"] as? Double }
        let text = try #require(readText(svg))
        // The x axis ends at the scale's round number just above the data, as on the Trade-off screen.
        let current = json["current"] as? [String: Any]
        let scale = ChartScale.fitting(intrusiveness: xs + [current?["intrusiveness"] as? Double ?? 0],
                                       value: ys + [current?["value"] as? Double ?? 0])
        let lastTick = formatFixed(scale.intrusivenessMax, 0)
        #expect(text.contains("text-anchor=\"middle\">\(lastTick)</text>"), "x axis to \(lastTick)")
        // The curve in SVG coordinates, and the label's box (7 px a character, 12 px high).
        let coords = try #require(text.range(of: "id=\"frontier\" points=\"").map { text[$0.upperBound...] })
        let curve: [(Double, Double)] = coords.prefix(while: { $0 != "\"" }).split(separator: " ").compactMap {
            let p = $0.split(separator: ",").compactMap { Double($0) }
            return p.count == 2 ? (p[0], p[1]) : nil
        }
        func curveY(_ x: Double) -> Double? {
            for (a, b) in zip(curve, curve.dropFirst()) where a.0 <= x && x <= b.0 {
                return b.0 == a.0 ? min(a.1, b.1) : a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
            }
            return nil
        }
        let group = try #require(text.range(of: "<g id=\"preset\">").map { String(text[$0.upperBound...]) })
        let tag = try #require(group.range(of: "<text ").map { String(group[$0.upperBound...]) })
        func attribute(_ name: String) -> String? {
            guard let r = tag.range(of: name + "=\"") else { return nil }
            return String(tag[r.upperBound...].prefix(while: { $0 != "\"" }))
        }
        let x = try #require(attribute("x").flatMap(Double.init)), y = try #require(attribute("y").flatMap(Double.init))
        let label = tag.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" })
        let width = Double(label.count) * 7
        let (x0, x1) = attribute("text-anchor") == "end" ? (x - width, x) : (x, x + width)
        let top = y - 12, bottom = y + 3
        for sx in stride(from: x0, through: x1, by: 2) {
            guard let cy = curveY(sx) else { continue }
            #expect(!(top < cy && cy < bottom), "the label crosses the curve at x \(sx): \(label)")
        }
    }

    @Test("names from files are escaped in the SVG")
    func svgEscapes() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let name = #""</title><script>alert(1)</script> & \u001b[31m \"co\" 'x'""#
        let scenario = dir.write("evil.json", OptimizerScenarios.scenario(name: name, forbidSpecial: false))
        let svg = dir.file("evil.svg")
        let r = runBalansFull(["frontier", "--scenario", scenario, "--svg", svg])
        #expect(r.status == 0, "\(r)")
        let check = try Self.parseSVG(svg)
        #expect(check.root == "svg")
        #expect(!check.elements.contains("script"))
        #expect(check.texts.contains("</title><script>alert(1)</script> & \\u{1B}[31m \"co\" 'x'"))
    }

    @Test("--svg to a folder that does not exist is exit 73 and writes nothing to stdout")
    func svgCannotWrite() {
        let r = runBalansFull(["frontier", "--svg", "/nonexistent-folder/f.svg"])
        #expect(r.status == 73, "\(r)")
        #expect(r.stdoutData.isEmpty)
    }

    // MARK: balance

    @Test("a budget that is not a number from 0 to 100 is a usage error")
    func badBudget() {
        for budget in ["abc", "-1", "100.5", "nan", "inf"] {
            let r = runBalansFull(["balance", "--budget", budget])
            #expect(r.status == 64, "\(budget): \(r)")
            #expect(r.stdoutData.isEmpty)
        }
        #expect(runBalansFull(["balance"]).status == 64)
    }

    @Test("a budget below every allowed setting: exit 1 and the least intrusiveness possible")
    func budgetTooLow() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("costly.json", OptimizerScenarios.scenario(name: "\"Clinic\"", forbidSpecial: false))
        let frontier = try Self.json(runBalans(["frontier", "--scenario", path, "--format", "json"]).stdout)
        let least = try #require((frontier["points"] as? [[String: Any]])?.first?["intrusiveness"] as? Double)
        #expect(least > 1)
        let r = runBalansFull(["balance", "--budget", "1", "--scenario", path])
        #expect(r.status == 1, "\(r)")
        #expect(r.stdoutData.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains(formatFixed2((least * 100).rounded(.up) / 100)), "\(r)")
        // The least intrusiveness given is itself a budget that works.
        let ok = runBalansFull(["balance", "--budget", formatFixed2((least * 100).rounded(.up) / 100), "--scenario", path])
        #expect(ok.status == 0, "\(ok)")
    }

    func formatFixed2(_ x: Double) -> String { String(format: "%.2f", x) }

    @Test("-o writes a preset that validate accepts and score agrees with")
    func balanceOutput() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let out = dir.file("balanced.json")
        let r = runBalansFull(["balance", "--budget", "30", Self.balanced, "-o", out, "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let doc = try Self.json(r.stdout)
        let agg = try #require(doc["aggregate"] as? [String: Any])
        let intrusiveness = try #require(agg["intrusiveness"] as? Double)
        #expect(intrusiveness <= 30)
        #expect(doc["exact"] as? Bool == true)
        #expect((doc["bound"] as? Double ?? 0) >= (agg["value"] as? Double ?? .infinity) - 1e-6)

        let v = runBalansFull(["validate", out])
        #expect(v.status == 0, "\(v)")
        let preset = try Self.json(readText(out) ?? "")
        #expect(preset["balans"] as? String == "preset/1")
        #expect(preset["name"] as? String == "Balanced to 30")
        #expect(preset["scenario"] as? String == "builtin:nordic-retail")
        #expect((preset["exclude"] as? [String: [String]])?["loyal-members"] == ["store-visits"], "the preset's exclusions are kept")

        let s = runBalansFull(["score", out, "--format", "json"])
        #expect(s.status == 0, "\(s)")
        let scored = try #require(try Self.json(s.stdout)["aggregate"] as? [String: Any])
        #expect(scored["intrusiveness"] as? Double == intrusiveness)
        #expect(scored["value"] as? Double == agg["value"] as? Double)
        #expect(scored["band"] as? String == agg["band"] as? String)
    }

    @Test("-o next to a scenario file refers to it relative to the preset's folder")
    func balanceOutputRelativeScenario() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let out = dir.file("nested/../balanced.json")
        try FileManager.default.createDirectory(atPath: dir.file("nested"), withIntermediateDirectories: true)
        let r = runBalansFull(["balance", "--budget", "40", "--scenario", TestPaths.root("Fixtures/scenarios/savings-bank.json"), "-o", out])
        #expect(r.status == 0, "\(r)")
        #expect(runBalansFull(["validate", dir.file("balanced.json")]).status == 0)
        #expect(runBalansFull(["score", dir.file("balanced.json")]).status == 0)
    }

    @Test("balance at a frontier point's intrusiveness earns at least that point's value")
    func balanceMeetsFrontier() throws {
        let frontier = try Self.json(runBalans(["frontier", Self.balanced, "--format", "json"]).stdout)
        let points = try #require(frontier["points"] as? [[String: Any]])
        for i in [1, points.count / 2, points.count - 1] {
            let x = try #require(points[i]["intrusiveness"] as? Double), y = try #require(points[i]["value"] as? Double)
            // A budget a hair above the point, as the command line prints it.
            let budget = String(format: "%.6f", x + 1e-6)
            let r = runBalansFull(["balance", "--budget", budget, Self.balanced, "--format", "json"])
            #expect(r.status == 0, "\(r)")
            let agg = try #require(try Self.json(r.stdout)["aggregate"] as? [String: Any])
            #expect((agg["value"] as? Double ?? 0) >= y - 1e-6, "point \(i)")
            #expect((agg["intrusiveness"] as? Double ?? 101) <= x + 2e-6, "point \(i)")
        }
    }

    @Test("the README shows the commands' real output")
    func readmeMatchesGoldens() throws {
        let readme = try #require(readText(TestPaths.root("README.md")))
        for golden in ["frontier-nordic-balanced.txt", "balance-30-nordic-balanced.txt", "diff-nordic-balanced-aggressive.txt"] {
            let text = try #require(readText(TestPaths.root("Fixtures/golden/" + golden)))
            #expect(readme.contains(text), "README.md does not show Fixtures/golden/\(golden)")
        }
    }

    // MARK: diff

    @Test("diff json lists changed segments with before, after and change; exit 0")
    func diffJSON() throws {
        let r = runBalansFull(["diff", Self.balanced, Self.aggressive, "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let doc = try Self.json(r.stdout)
        let segments = try #require(doc["segments"] as? [[String: Any]])
        #expect(segments.count == 8)
        let loyal = try #require(segments.first { $0["id"] as? String == "loyal-members" })
        let exclude = try #require(loyal["exclude"] as? [String: [String]])
        #expect(exclude["a"] == ["store-visits"] && exclude["b"] == [])
        let agg = try #require(doc["aggregate"] as? [String: Any])
        let value = try #require(agg["value"] as? [String: Double])
        #expect(abs(value["b"]! - value["a"]! - value["change"]!) < 1e-9)
        let errors = try #require((doc["violations"] as? [String: Any])?["error"] as? [String: Int])
        #expect(errors["a"] == 0 && errors["b"]! > 0)
    }

    @Test("a preset against itself: no segments differ, every change is zero")
    func diffSame() throws {
        let r = runBalansFull(["diff", Self.balanced, Self.balanced])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("the same levels and exclusions in every segment"))
        #expect(!r.stdout.contains("Changed segments"))
    }

    @Test("presets for different scenarios: 65 unless --scenario is given")
    func diffScenarios() {
        let dir = TempDir()
        defer { dir.cleanup() }
        let other = dir.write("bank.json", """
            {"balans": "preset/1", "name": "Bank", "scenario": "builtin:savings-bank", "levels": {}}
            """)
        let r = runBalansFull(["diff", Self.balanced, other])
        #expect(r.status == 65, "\(r)")
        #expect(r.stdoutData.isEmpty)
        #expect(r.stderr.contains("--scenario"))
        let empty = dir.write("empty.json", """
            {"balans": "preset/1", "name": "Empty", "scenario": "builtin:savings-bank", "levels": {}}
            """)
        let ok = runBalansFull(["diff", other, empty, "--scenario", "builtin:nordic-retail"])
        #expect(ok.status == 0, "\(ok)")
    }
}
