@testable import BalansCLI
import BalansModel
import BalansText
import Foundation
import Testing

/// `balans calibrate design` and `fit` through the real binary (issue 15): the files they write,
/// the shipped synthetic panel, and bad input — one line naming the file and the place, exit 65,
/// nothing written.
@Suite("calibrate command")
struct CalibrateCommandTests {
    static let design = "Fixtures/calibration/design.json"
    static let panel = "Fixtures/calibration/synthetic-panel.csv"

    /// The weights the synthetic panel was generated from (docs/calibration.md, section 5).
    static var truth: Weights {
        var w = Weights()
        w.declared = 0.1; w.observed = 0.4; w.inferred = 0.8
        w.specialFeature = 0.5; w.crossContext = 0.35; w.obtrusive = 0.6; w.vulnerable = 0.9; w.profilingBoost = 0.7
        return w
    }

    @Test("the shipped design is what calibrate design makes, and the synthetic panel is what the simulation makes from it")
    func fixturesAreReproducible() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let r = runBalansFull(["calibrate", "design", "-o", tmp.file("d.json"), "--questionnaire", tmp.file("q.csv")])
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr == "Wrote \(tmp.file("d.json"))\nWrote \(tmp.file("q.csv"))\n")
        let made = try #require(readText(tmp.file("d.json")))
        if ProcessInfo.processInfo.environment["BALANS_WRITE_FIXTURES"] == "1" {
            try made.write(toFile: TestPaths.root(Self.design), atomically: true, encoding: .utf8)
            let d = try CalibrationDesign.decode(try Loader.parse(TestPaths.root(Self.design)))
            try CalibrationSimulation.panel(design: d, weights: Self.truth, respondents: 400, failEvery: 40, seed: 2026)
                .write(toFile: TestPaths.root(Self.panel), atomically: true, encoding: .utf8)
        }
        #expect(made == readText(TestPaths.root(Self.design)))
        let d = try CalibrationDesign.decode(try Loader.parse(TestPaths.root(Self.design)))
        let panel = CalibrationSimulation.panel(design: d, weights: Self.truth, respondents: 400, failEvery: 40, seed: 2026)
        #expect(panel == readText(TestPaths.root(Self.panel)))
        // The questionnaire: a header, then one row per block and position.
        let q = try #require(readText(tmp.file("q.csv"))).split(separator: "\n")
        #expect(q.first == "block,position,vignette,text_en,text_sv,question_en,question_sv,distracting,disturbing,forced,interfering,intrusive,invasive,obtrusive")
        #expect(q.count == 1 + d.blocks.map(\.count).reduce(0, +))
        #expect(q[1].hasPrefix("1,1,"))
    }

    @Test("every calibration text has English and Swedish with the same placeholders")
    func catalogue() {
        #expect(Catalogue.problems(in: VignetteText.self) == [])
        #expect(Catalogue.problems(in: CalibrateText.self) == [])
    }

    @Test("a vignette's text names the company, the data and each flag; the vulnerable one is in the third person")
    func vignetteText() {
        let v = Vignette(id: "v02", category: "purchases", tier: .financial, identifiability: .maximum, origin: .inferred,
                         specialFeature: true, crossContext: 2, obtrusive: true, profiling: false, vulnerable: false)
        let en = Catalogue(.en).vignette(v, company: "Norrsken", categoryName: "Purchase history")
        #expect(en == "Norrsken uses this data about you to choose the offers it shows you: Purchase history, which its models predicted about you. "
                + "It also uses your phone's precise location, which you switched on. "
                + "It links this data with data about you from other companies and across your devices. "
                + "The offer arrives the moment you do something, so you clearly notice that it is about you: \"We saw you...\"")
        var them = v
        them.vulnerable = true
        let sv = Catalogue(.sv).vignette(them, company: "Norrsken", categoryName: "Köphistorik")
        #expect(sv.hasPrefix("Tänk dig en kund som är tonåring"))
        #expect(sv.contains("Köphistorik, som företagets modeller har förutsagt om kunden."))
        #expect(!sv.contains(" dig ") || sv.contains("Vi såg dig"))
    }

    @Test("fit on the synthetic panel: weights near the truth, a weights object a scenario takes, and the report")
    func fitPanel() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("w.json")
        let r = runBalansFull(["calibrate", "fit", Self.design, Self.panel, "--bootstrap", "200", "--date", "2026-12-02", "-o", out])
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr == "Wrote \(out)\n")
        #expect(r.stdout.contains("Respondents: 390 used of 400 (10 failed the attention check)"), "\(r.stdout)")
        #expect(r.stdout.contains("Guard rail: vulnerable and specialFeature are kept"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(root["balans"] as? String == "calibration-fit/1")
        // Where the weights came from: file names only (no local folders), the day, the method.
        #expect(root["design"] as? String == "design.json" && root["answers"] as? String == "synthetic-panel.csv")
        #expect(root["date"] as? String == "2026-12-02")
        #expect((root["respondents"] as? [String: Any])?["used"] as? Int == 390)
        let estimates = try #require(root["estimates"] as? [[String: Any]])
        #expect(estimates.count == 8)
        for e in estimates {
            let key = try #require(e["weight"] as? String)
            let term = try #require(CalibrationTerm.weights.first { $0.weightKey == key })
            let low = try #require(e["low"] as? Double), high = try #require(e["high"] as? Double)
            let truth = term.value(in: Self.truth)
            #expect(low <= truth && truth <= high, "\(key): \(truth) outside [\(low), \(high)]")
        }
        // The weights object goes into a scenario as it is: validate accepts it and score uses it.
        let weights = try #require(root["weights"])
        let scenarioText = try #require(readText(TestPaths.root("Fixtures/scenarios/nordic-retail.json")))
        var scenario = try #require(try JSONSerialization.jsonObject(with: Data(scenarioText.utf8)) as? [String: Any])
        scenario["weights"] = weights
        let calibrated = tmp.file("calibrated.json")
        try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: calibrated))
        let v = runBalansFull(["validate", calibrated])
        #expect(v.status == 0, "\(v)")
        // --apply writes such a copy itself; its weights are the fitted ones, every key set.
        let applied = tmp.file("applied.json")
        let a = runBalansFull(["calibrate", "fit", Self.design, Self.panel, "--bootstrap", "20", "--date", "2026-12-02",
                               "-o", tmp.file("w4.json"), "--apply", applied])
        #expect(a.status == 0 && a.stderr == "Wrote \(tmp.file("w4.json"))\nWrote \(applied)\n", "\(a)")
        let copy = try Loader.scenarioFile(applied)
        // Read with Balans's own parser: Foundation's JSONSerialization on Linux can round a
        // 17-digit decimal one ulp off.
        let fitted = try #require(try Loader.parse(tmp.file("w4.json")).member("weights")?.member("obtrusive")?.number())
        #expect(copy.weights.obtrusive == fitted)
        #expect(copy.weightOverrides.count == 8)
        // ... and says where they came from (decision 0033): file names only, the respondents used.
        #expect(copy.weightsSource == WeightsSource(file: "synthetic-panel.csv", design: "design.json", respondents: 390,
                                                    date: "2026-12-02", method: .nnls))
        #expect(try #require(readText(applied)).contains(#""weightsSource": {"#))
        let va = runBalansFull(["validate", applied])
        #expect(va.status == 0, "\(va)")
        #expect(try #require(readText(applied)).contains("\"weights\""))
        // The impact: the demo's One-to-one level goes from high to very-high in every segment.
        #expect(r.stdout.contains("Impact: 6 of 48 segment levels change band"), "\(r.stdout)")
        let impact = try #require(root["impact"] as? [String: Any])
        #expect((impact["changes"] as? [Any])?.count == 6)
        // ... which the default max-band (high) then forbids: the frontier's best setting is worth less.
        let frontier = try #require(impact["frontier"] as? [String: Any])
        let before = try #require((frontier["before"] as? [String: Any])?["endValue"] as? Double)
        let after = try #require((frontier["after"] as? [String: Any])?["endValue"] as? Double)
        #expect(after < before)
        #expect(r.stdout.contains("Frontier (value in extra conversions)"), "\(r.stdout)")
        // Reproducible: the same seed, the same file.
        let again = runBalansFull(["calibrate", "fit", Self.design, Self.panel, "--bootstrap", "200", "--date", "2026-12-02", "-o", tmp.file("w2.json")])
        #expect(again.status == 0)
        #expect(readText(out) == readText(tmp.file("w2.json")))
        // Swedish report, same file.
        let sv = runBalansFull(["calibrate", "fit", Self.design, Self.panel, "--bootstrap", "200", "--date", "2026-12-02", "--lang", "sv", "-o", tmp.file("w3.json")])
        #expect(sv.stdout.contains("Svarande: 390 används av 400"), "\(sv)")
        #expect(readText(out) == readText(tmp.file("w3.json")))
    }

    /// Runs a fit expected to fail with 65, and checks the one line and that nothing was written.
    static func refused(_ args: [String], _ expected: String, sourceLine: Int = #line) throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("w.json")
        let r = runBalansFull(["calibrate", "fit"] + args + ["--bootstrap", "50", "-o", out])
        #expect(r.status == 65, "line \(sourceLine): \(r)")
        #expect(r.stdoutData.isEmpty, "line \(sourceLine): \(r)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && r.stderr.hasPrefix("balans: ") && r.stderr.contains(expected), "line \(sourceLine): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "line \(sourceLine): a file was written")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: tmp.path))?.isEmpty ?? true, "line \(sourceLine): a temporary file was left")
    }

    static func panelWith(_ edit: (inout [String]) -> Void) -> String {
        var lines = readText(TestPaths.root(panel))!.split(separator: "\n").map(String.init)
        edit(&lines)
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("bad input: unknown vignette, item outside 1-7, too few respondents, a design for another scenario; 65 and nothing written")
    func badInput() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let unknown = tmp.write("unknown.csv", Self.panelWith { $0[5] = "r0001,v99,1,1,1,1,1,1,1,18-34" })
        try Self.refused([Self.design, unknown], "unknown.csv:6: vignette: unknown vignette \"v99\"")
        let outside = tmp.write("outside.csv", Self.panelWith { $0[3] = "r0001,v02,1,2,8,1,1,1,1,18-34" })
        try Self.refused([Self.design, outside], "outside.csv:4: forced: \"8\" is not an answer 1 to 7")
        let zero = tmp.write("zero.csv", Self.panelWith { $0[3] = "r0001,v02,0,2,3,1,1,1,1,18-34" })
        try Self.refused([Self.design, zero], "zero.csv:4: distracting: \"0\" is not an answer 1 to 7")
        let few = tmp.write("few.csv", Self.panelWith { $0 = Array($0.prefix(1 + 9 * 12)) })
        try Self.refused([Self.design, few], "few.csv: too few respondents for the bootstrap: 12 answered")
        try Self.refused([Self.design, Self.panel, "--scenario", "builtin:savings-bank"],
                         "Fixtures/calibration/design.json: scenario: this design is for scenario \"Norrsken Retail\"")
        let email = tmp.write("email.csv", Self.panelWith { $0[2] = "anna@example.com,v02,1,2,3,1,1,1,1,18-34" })
        try Self.refused([Self.design, email], "looks like an e-mail address")
        let noItems = tmp.write("noitems.csv", "respondent,vignette,distracting\nr1,v01,1\n")
        try Self.refused([Self.design, noItems], "noitems.csv:1: the header lacks the item column(s) disturbing")
        let twice = tmp.write("twice.csv", Self.panelWith { $0.insert($0[2], at: 3) })
        try Self.refused([Self.design, twice], "twice.csv:4: respondent \"r0001\"")
        let notDesign = tmp.write("scenario.json", readText(TestPaths.root("Fixtures/scenarios/nordic-retail.json"))!)
        try Self.refused([notDesign, Self.panel], "expected a calibration design")
    }

    @Test("a scenario with one kind of data cannot separate the slope from the origins: the design says so, and fit refuses")
    func confoundedScenario() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let scenario = tmp.write("one.json", """
        {"balans": "scenario/1", "name": "One kind",
         "categories": [{"id": "visits", "name": "Visits", "tier": "behavioural", "identifiability": "limited"}],
         "levels": [{"name": "Generic"}, {"name": "Visits", "uses": ["visits"]}],
         "segments": []}
        """)
        let r = runBalansFull(["calibrate", "design", "--scenario", scenario, "--vignettes", "12", "--per-respondent", "6", "-o", tmp.file("d.json")])
        #expect(r.status == 0, "\(r)")
        // DPC × EI is the same (1.0) in every data vignette: it is the sum of the three origin
        // columns, so neither it nor the origins can be told apart; the other five can.
        #expect(r.stdout.contains("Design matrix: rank 8 of 9 terms (singular)"), "\(r.stdout)")
        for term in ["slope", "origin.declared", "origin.observed", "origin.inferred"] {
            #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix(term + " ") && $0.hasSuffix("NOT identified") }, "\(term): \(r.stdout)")
        }
        for term in ["specialFeature", "crossContext", "obtrusive", "vulnerable", "profilingBoost"] {
            #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix(term + " ") && $0.hasSuffix(" identified") && !$0.hasSuffix("NOT identified") }, "\(term)")
        }
        let d = try CalibrationDesign.decode(try Loader.parse(tmp.file("d.json")))
        var truth = Weights()
        truth.obtrusive = 0.6
        let answers = tmp.write("a.csv", CalibrationSimulation.panel(design: d, weights: truth, respondents: 60, seed: 1))
        try Self.refused([tmp.file("d.json"), answers, "--scenario", scenario], "a.csv: the answers cannot identify the DPC × EI slope")
    }

    @Test("the questionnaire CSV parses: every row has the header's fields, and the texts round-trip through quoting")
    func questionnaireParses() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let r = runBalansFull(["calibrate", "design", "-o", tmp.file("d.json"), "--questionnaire", tmp.file("q.csv")])
        #expect(r.status == 0)
        let script = "import csv,json,sys\nrows=list(csv.reader(open(sys.argv[1],encoding='utf-8')))\nprint(json.dumps({'widths':sorted(set(map(len,rows))),'n':len(rows),'text':rows[2][3]}))"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, tmp.file("q.csv")]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(parsed["widths"] as? [Int] == [14])
        let d = try CalibrationDesign.decode(try Loader.parse(tmp.file("d.json")))
        let second = d.blocks[0][1]
        let expected = second == CalibrationDesign.attentionID ? d.attentionTexts[0].text : d.vignettes.first { $0.id == second }?.text("en")
        #expect(parsed["text"] as? String == expected)
    }

    @Test("the README's calibrate design example is what the command prints")
    func readme() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let r = runBalansFull(["calibrate", "design", "-o", tmp.file("design.json"), "--questionnaire", tmp.file("q.csv")])
        #expect(r.status == 0)
        let readme = try #require(readText(TestPaths.root("README.md")))
        #expect(readme.contains("$ balans calibrate design -o design.json --questionnaire questionnaire.csv\n" + r.stdout),
                "README.md does not show what calibrate design prints:\n\(r.stdout)")
    }

    @Test("usage errors are 64: --vignettes out of range, K above N, -o not .json")
    func usage() {
        for args in [["--vignettes", "5"], ["--vignettes", "12", "--per-respondent", "13"], ["--per-respondent", "1"]] {
            let r = runBalansFull(["calibrate", "design", "-o", "/tmp/never.json"] + args)
            #expect(r.status == 64, "\(args): \(r)")
        }
        #expect(runBalansFull(["calibrate", "design", "-o", "/tmp/never.txt"]).status == 64)
        #expect(runBalansFull(["calibrate", "fit", Self.design, Self.panel, "--bootstrap", "-1", "-o", "/tmp/never.json"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.json"))
    }
}
