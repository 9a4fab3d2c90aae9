import Foundation
import Testing
@testable import BalansCLI

/// `balans check --format junit|sarif|github|json` (docs/ci.md, decision 0024): the SARIF validates
/// against the official 2.1.0 schema (Fixtures/schemas), the JUnit has the common shape, and every
/// location points at the segment's key in the preset's `levels` or at its object in the scenario.
@Suite("CI formats of check")
struct CIFormatTests {
    static let aggressive = "Fixtures/presets/nordic-aggressive.json"
    static let strictPolicy = "Fixtures/policies/strict.json"

    /// Whether `python3 -c 'import jsonschema'` works here (the schema test skips otherwise).
    static let hasJSONSchema: Bool = python(["-c", "import jsonschema"]).status == 0
    static let hasPython: Bool = python(["-c", "import xml.etree.ElementTree"]).status == 0

    static func python(_ args: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        do { try p.run() } catch { return (-1, "\(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "balans-ci-\(getpid())-\(UUID().uuidString)-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The text of `file` (relative to the package root) from 1-based `line` and `column` (scalars).
    static func text(in file: String, line: Int, column: Int) throws -> String {
        let path = file.hasPrefix("/") ? file : TestPaths.root(file)
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let l = try #require(lines.indices.contains(line - 1) ? lines[line - 1] : nil)
        return String(String.UnicodeScalarView(l.unicodeScalars.dropFirst(column - 1)))
    }

    // MARK: SARIF

    @Test("SARIF validates against the official SARIF 2.1.0 JSON Schema",
          .enabled(if: hasJSONSchema, "python3's jsonschema is not installed: the schema check is skipped (the structure test still runs)"),
          arguments: [[aggressive], [aggressive, "--policy", strictPolicy, "--strict"],
                      ["--scenario", "Fixtures/scenarios/nordic-retail.json"], ["Fixtures/presets/nordic-balanced.json"]])
    func sarifValidates(_ args: [String]) throws {
        let r = runBalans(["check"] + args + ["--format", "sarif"])
        #expect(r.stderr == "")
        let file = try Self.write(r.stdout, "out.sarif")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        doc = json.load(open(sys.argv[2]))
        errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
        for e in errors: print(list(e.path), e.message)
        sys.exit(1 if errors else 0)
        """
        let v = Self.python(["-c", script, TestPaths.root("Fixtures/schemas/sarif-schema-2.1.0.json"), file])
        #expect(v.status == 0, "SARIF does not validate:\n\(v.output)")
    }

    @Test("the schema really rejects a broken SARIF (the validation can fail)",
          .enabled(if: hasJSONSchema, "python3's jsonschema is not installed"))
    func schemaRejects() throws {
        let file = try Self.write(#"{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal", "message": {}}]}]}"#, "bad.sarif")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let script = "import json,sys,jsonschema; jsonschema.Draft4Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))"
        #expect(Self.python(["-c", script, TestPaths.root("Fixtures/schemas/sarif-schema-2.1.0.json"), file]).status != 0)
    }

    @Test("SARIF: a rule per policy rule with help and article, results with level and location")
    func sarifStructure() throws {
        let r = runBalans(["check", Self.aggressive, "--format", "sarif"])
        #expect(r.status == 1)
        let doc = try Self.json(r.stdout)
        #expect(doc["version"] as? String == "2.1.0")
        let runs = try #require(doc["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "balans")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["max-band", "max-intrusiveness", "minors-profiling", "vulnerable-band",
                                                           "special-category", "no-reach", "uplift-parity", "exposure-parity", "dpia"])
        for rule in rules {
            let help = try #require((rule["help"] as? [String: Any])?["text"] as? String)
            let article = try #require((rule["properties"] as? [String: Any])?["article"] as? String)
            #expect(!article.isEmpty && help.contains(article))
            #expect(rule["name"] as? String == (rule["id"] as? String).map { $0.split(separator: "-").map { $0.capitalized }.joined() })
        }
        let minors = try #require(rules.first { $0["id"] as? String == "minors-profiling" })
        #expect(((minors["properties"] as? [String: Any])?["article"] as? String)?.contains("DSA Art. 28") == true)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 25)
        var levels: [String: Int] = [:]
        for res in results { levels[res["level"] as? String ?? "?", default: 0] += 1 }
        #expect(levels == ["error": 9, "warning": 7, "note": 9])
        for res in results {
            let index = try #require(res["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == res["ruleId"] as? String)
            let loc = try #require((res["locations"] as? [[String: Any]])?.first)
            let phys = try #require(loc["physicalLocation"] as? [String: Any])
            #expect((phys["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.aggressive)
            let region = try #require(phys["region"] as? [String: Any])
            let line = try #require(region["startLine"] as? Int)
            let column = try #require(region["startColumn"] as? Int)
            let name = try #require((loc["logicalLocations"] as? [[String: Any]])?.first?["name"] as? String)
            let at = try Self.text(in: Self.aggressive, line: line, column: column)
            if name.hasPrefix("by ") || name == "overall" {
                #expect(line == 1 && column == 1)
            } else {
                #expect(at.hasPrefix("\"\(name)\""), "\(res["ruleId"] ?? "") for \(name) points at \(line):\(column): \(at)")
            }
        }
        // young-urban is the second entry of levels, on line 7, its key at column 5.
        let youngUrban = try #require(results.first { ($0["locations"] as? [[String: Any]])?.first.flatMap {
            ($0["logicalLocations"] as? [[String: Any]])?.first?["name"] as? String } == "young-urban" })
        let region = (((youngUrban["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region?["startLine"] as? Int == 7)
        #expect(region?["startColumn"] as? Int == 5)
    }

    // MARK: locations in json

    @Test("json gains a version, the files and locations; the existing keys are unchanged")
    func jsonAdditions() throws {
        let r = runBalans(["check", Self.aggressive, "--policy", Self.strictPolicy, "--format", "json"])
        let doc = try Self.json(r.stdout)
        #expect(doc["balans"] as? String == "check/1")
        for key in ["scenario", "preset", "policy", "strict", "passed", "counts", "violations"] { #expect(doc[key] != nil, "\(key)") }
        let files = try #require(doc["files"] as? [String: Any])
        #expect(files["preset"] as? String == Self.aggressive)
        #expect(files["scenario"] as? String == "Fixtures/scenarios/nordic-retail.json")
        #expect(files["policy"] as? String == Self.strictPolicy)
        let violations = try #require(doc["violations"] as? [[String: Any]])
        #expect(!violations.isEmpty)
        for v in violations {
            let loc = try #require(v["location"] as? [String: Any])
            #expect(loc["file"] as? String == Self.aggressive)
            #expect(loc["line"] is Int && loc["column"] is Int)
        }
    }

    /// A copy of nordic-retail in a temporary folder whose level 0 profiles, so that segments at
    /// level 0 (those a preset leaves out) break rules too.
    static func profilingScenario(in dir: String) throws -> String {
        let text = try String(contentsOfFile: TestPaths.root("Fixtures/scenarios/nordic-retail.json"), encoding: .utf8)
        // Level 0 takes page-context from level 1 (a category is added once in a ladder) and profiles.
        let generic = try #require(text.range(of: "\"uses\": [],"))
        var changed = text.replacingCharacters(in: generic, with: "\"uses\": [\"page-context\"], \"profiling\": true,")
        let contextual = try #require(changed.range(of: "\"uses\": [\"page-context\", "))
        changed.replaceSubrange(contextual, with: "\"uses\": [")
        let path = dir + "/profiling-at-0.json"
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func tempDir(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "balans-ci-\(name)-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Checks that each per-segment violation points at the `{` of its segment in `scenario`.
    static func expectScenarioLocations(_ violations: [[String: Any]], scenario: String, except: Set<String> = []) throws -> Int {
        var seen = 0
        let lines = try String(contentsOfFile: scenario, encoding: .utf8).components(separatedBy: "\n")
        for v in violations {
            guard let segment = v["segment"] as? String, !except.contains(segment) else { continue }
            let loc = try #require(v["location"] as? [String: Any])
            #expect(loc["file"] as? String == scenario)
            let line = try #require(loc["line"] as? Int)
            let at = try Self.text(in: scenario, line: line, column: try #require(loc["column"] as? Int))
            #expect(at.hasPrefix("{"), "\(segment) at line \(line): \(at)")
            // The segment's id is the first key after its opening brace.
            #expect(lines.indices.contains(line) && lines[line].contains("\"id\": \"\(segment)\""), "\(segment) at line \(line)")
            seen += 1
        }
        return seen
    }

    @Test("--scenario alone: every segment points at its object in the scenario file")
    func scenarioLocations() throws {
        let dir = try Self.tempDir("scenario")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scenario = try Self.profilingScenario(in: dir)
        let r = runBalans(["check", "--scenario", scenario, "--format", "json"])
        #expect(r.stderr == "")
        let doc = try Self.json(r.stdout)
        #expect((doc["files"] as? [String: Any])?["scenario"] as? String == scenario)
        let violations = try #require(doc["violations"] as? [[String: Any]])
        #expect(violations.contains { $0["rule"] as? String == "minors-profiling" && $0["segment"] as? String == "teens" })
        #expect(try Self.expectScenarioLocations(violations, scenario: scenario) >= 1)
    }

    @Test("a preset that omits segments: theirs point into the scenario file, the others at levels")
    func mixedLocations() throws {
        let dir = try Self.tempDir("mixed")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scenario = try Self.profilingScenario(in: dir)
        let preset = dir + "/p.json"
        try #"{"balans": "preset/1", "name": "Only teens", "scenario": "profiling-at-0.json",\#n  "levels": {"stretched": 4}}"#
            .write(toFile: preset, atomically: true, encoding: .utf8)
        let r = runBalans(["check", preset, "--format", "json"])
        #expect(r.stderr == "")
        let violations = try #require(try Self.json(r.stdout)["violations"] as? [[String: Any]])
        let stretched = try #require(violations.first { $0["rule"] as? String == "vulnerable-band" && $0["segment"] as? String == "stretched" })
        let loc = try #require(stretched["location"] as? [String: Any])
        #expect(loc["file"] as? String == preset)
        #expect(loc["line"] as? Int == 2)
        #expect(try Self.text(in: preset, line: 2, column: try #require(loc["column"] as? Int)).hasPrefix("\"stretched\": 4"))
        // teens is at level 0, which profiles here: minors-profiling, located in the scenario.
        #expect(violations.contains { $0["rule"] as? String == "minors-profiling" && $0["segment"] as? String == "teens" })
        #expect(try Self.expectScenarioLocations(violations, scenario: scenario, except: ["stretched"]) >= 1)
        // Aggregate rules point at the preset's start.
        for v in violations where v["segment"] == nil {
            let l = v["location"] as? [String: Any]
            #expect(l?["file"] as? String == preset && l?["line"] as? Int == 1 && l?["column"] as? Int == 1)
        }
    }

    // MARK: JUnit

    struct JUnitCounts: Equatable { var tests, failures, errors, skipped: Int }

    static func attribute(_ name: String, in tag: String) -> Int? {
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        return Int(tag[r.upperBound...].prefix { $0 != "\"" })
    }

    static func junitShape(_ xml: String) throws -> JUnitCounts {
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
        #expect(xml.hasSuffix("</testsuite>\n</testsuites>\n"))
        let suite = try #require(xml.components(separatedBy: "\n").first { $0.hasPrefix("  <testsuite ") })
        let counts = JUnitCounts(tests: try #require(attribute("tests", in: suite)), failures: try #require(attribute("failures", in: suite)),
                                 errors: try #require(attribute("errors", in: suite)), skipped: try #require(attribute("skipped", in: suite)))
        #expect(suite.contains(" name=\""))
        let cases = xml.components(separatedBy: "<testcase ").dropFirst()
        #expect(cases.count == counts.tests)
        for c in cases { #expect(c.hasPrefix("name=\"") && c.contains(" classname=\"balans.check.")) }
        #expect(xml.components(separatedBy: "<failure ").count - 1 == counts.failures)
        #expect(xml.components(separatedBy: "<skipped ").count - 1 == counts.skipped)
        return counts
    }

    @Test("JUnit: a case per rule and segment or attribute; errors fail, warnings only with --strict")
    func junit() throws {
        let plain = runBalans(["check", Self.aggressive, "--format", "junit"])
        #expect(plain.status == 1)
        // 8 segments × 6 per-segment rules + 1 overall + 2 parity rules × 2 attributes (age, region).
        #expect(try Self.junitShape(plain.stdout) == JUnitCounts(tests: 53, failures: 9, errors: 0, skipped: 0))
        #expect(plain.stdout.contains("<testcase name=\"young-urban\" classname=\"balans.check.max-band\" file=\"\(Self.aggressive)\" time=\"0\">\n      <failure message=\"level 5 Predictive"))
        #expect(plain.stdout.contains("<system-out>warning special-category"))
        #expect(plain.stdout.contains("<system-out>info dpia"))
        let strict = runBalans(["check", Self.aggressive, "--strict", "--format", "junit"])
        #expect(strict.status == 1)
        #expect(try Self.junitShape(strict.stdout).failures == 16)
        #expect(strict.stdout.contains("<failure message=\"uplift parity 0.50 across age"))
    }

    @Test("JUnit parses as XML with python's xml.etree and has the common shape",
          .enabled(if: hasPython, "python3 is not available"))
    func junitParses() throws {
        let r = runBalans(["check", Self.aggressive, "--policy", Self.strictPolicy, "--strict", "--format", "junit"])
        let file = try Self.write(r.stdout, "junit.xml")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let script = """
        import sys, xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        assert root.tag == 'testsuites', root.tag
        for s in root.findall('testsuite'):
            cases = s.findall('testcase')
            for a in ('name', 'tests', 'failures', 'errors', 'skipped'): assert a in s.attrib, a
            assert int(s.get('tests')) == len(cases)
            assert int(s.get('failures')) == sum(len(c.findall('failure')) for c in cases)
            assert int(s.get('skipped')) == sum(len(c.findall('skipped')) for c in cases)
            for c in cases:
                assert c.get('name') and c.get('classname'), c.attrib
                for f in c.findall('failure'): assert f.get('message') and f.get('type') in ('error', 'warning')
        print(len(root.findall('testsuite')))
        """
        let v = Self.python(["-c", script, file])
        #expect(v.status == 0 && v.output == "1\n", "\(v.output)")
    }

    @Test("a rule that is off is a skipped test case")
    func junitSkipped() throws {
        let dir = try Self.tempDir("off")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let policy = dir + "/off.json"
        try #"{"balans": "policy/1", "name": "No DPIA rule", "rules": {"dpia": {"severity": "off"}}}"#.write(toFile: policy, atomically: true, encoding: .utf8)
        let r = runBalans(["check", Self.aggressive, "--policy", policy, "--format", "junit"])
        #expect(r.stderr == "")
        #expect(try Self.junitShape(r.stdout).skipped == 8)
    }

    @Test("XML escaping of text and attributes, and of characters XML forbids")
    func xmlEscaping() {
        #expect(CheckAudit.xml("a<b & \"c\" 'd'>\n") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;")
        #expect(CheckAudit.xml("x\u{1}y") == "x\u{FFFD}y")
        #expect(CheckAudit.xml("Åtgärd – ok") == "Åtgärd – ok")
    }

    // MARK: GitHub

    @Test("GitHub escaping: %, CR and LF in messages; also : and , in properties")
    func githubEscaping() {
        #expect(CheckAudit.githubData("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d")
        #expect(CheckAudit.githubProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    }

    @Test("GitHub annotations: one workflow command per violation, severity as the command")
    func githubLines() throws {
        let r = runBalans(["check", Self.aggressive, "--format", "github"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 26)
        #expect(lines.filter { $0.hasPrefix("::error file=") }.count == 9)
        #expect(lines.filter { $0.hasPrefix("::warning file=") }.count == 7)
        #expect(lines.filter { $0.hasPrefix("::notice file=") }.count == 9)
        #expect(lines.contains("::error file=\(Self.aggressive),line=7,col=5,title=balans max-band (young-urban)::level 5 Predictive is very-high (I = 5.50), above the allowed high"))
        #expect(lines.last == "balans check: FAIL (errors: 9, warnings: 7, infos: 9)")
        let strict = runBalans(["check", Self.aggressive, "--strict", "--format", "github"])
        #expect(strict.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }.count == 16)
    }

    @Test("the exit status is the same in every format", arguments: ["text", "json", "junit", "sarif", "github"])
    func exitStatus(_ format: String) {
        #expect(runBalans(["check", Self.aggressive, "--format", format]).status == 1)
        #expect(runBalans(["check", "Fixtures/presets/nordic-balanced.json", "--format", format]).status == 0)
        #expect(runBalans(["check", "--format", format]).status == 64)
        #expect(runBalans(["check", "no-such-file.json", "--format", format]).status == 66)
    }

    @Test("path normalisation for CI: ../ and ./ are resolved")
    func normalisation() {
        #expect(CheckAudit.normalized("Fixtures/presets/../scenarios/x.json") == "Fixtures/scenarios/x.json")
        #expect(CheckAudit.normalized("./a/./b") == "a/b")
        #expect(CheckAudit.normalized("../a/../../b") == "../../b")
        #expect(CheckAudit.normalized("/x/../../y") == "/y")
    }
}
