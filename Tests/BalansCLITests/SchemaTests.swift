import Foundation
import Testing

/// The JSON Schemas of docs/schema: each has an `$id`, every good Fixture validates against the
/// schema of its kind (with python3's `jsonschema`; skipped with a message when it cannot be
/// imported), and files may carry a `"$schema"` string that Balans ignores.
@Suite("JSON Schemas")
struct SchemaTests {
    static let kinds = ["scenario", "preset", "policy"]
    /// Schemas of JSON outputs.
    static let outputKinds = ["score", "check", "frontier", "consent", "calibration-design", "calibration-fit"]

    /// Validates each (schema, document) pair; returns one line per failure, or nil when python3
    /// or jsonschema is not available. The schemas are registered by `$id`, so a relative `$ref`
    /// (scenario → policy) resolves to the file beside it.
    static func validate(_ pairs: [(schema: String, document: String)]) -> [String]? {
        let script = """
        import json, sys
        try:
            import jsonschema
            from referencing import Registry, Resource
        except ImportError as e:
            print("SKIP " + str(e)); sys.exit(0)
        import glob, os
        registry = Registry()
        for p in glob.glob(os.path.join(sys.argv[1], "*.schema.json")):
            s = json.load(open(p, encoding="utf-8"))
            registry = registry.with_resource(s["$id"], Resource.from_contents(s))
        args = sys.argv[2:]
        for schema_path, doc_path in zip(args[0::2], args[1::2]):
            schema = json.load(open(schema_path, encoding="utf-8"))
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            doc = json.load(open(doc_path, encoding="utf-8"))
            for e in cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER).iter_errors(doc):
                print("FAIL %s: %s at %s" % (doc_path, e.message[:200], "/".join(map(str, e.absolute_path))))
        print("DONE")
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, TestPaths.root("docs/schema")] + pairs.flatMap { [$0.schema, $0.document] }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("SKIP") || process.terminationStatus != 0 && !text.contains("DONE") {
            print("SchemaTests: skipped, python3 with jsonschema is not available: \(text.prefix(300))")
            return nil
        }
        #expect(text.contains("DONE"), "the validator did not finish: \(text.prefix(2000))")
        return text.split(separator: "\n").filter { $0.hasPrefix("FAIL") }.map(String.init)
    }

    static func schema(_ kind: String) -> String { TestPaths.root("docs/schema/\(kind).schema.json") }

    /// The good Fixtures of the three kinds, by their `"balans"` tag.
    static func fixtures() throws -> [(schema: String, document: String)] {
        var out: [(String, String)] = []
        for folder in ["Fixtures/scenarios", "Fixtures/presets", "Fixtures/policies", "Fixtures/online-platform", "Fixtures/consent"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.root(folder)).sorted() where name.hasSuffix(".json") {
                let path = TestPaths.root(folder + "/" + name)
                let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
                let tag = try #require(object?["balans"] as? String, "\(path) has no balans tag")
                let kind = try #require(kinds.first { tag == $0 + "/1" }, "\(path): unknown tag \(tag)")
                out.append((schema(kind), path))
            }
        }
        return out
    }

    @Test("each schema has an $id and allows a $schema string")
    func ids() throws {
        for kind in Self.kinds + Self.outputKinds {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.schema(kind)))) as? [String: Any])
            #expect(object["$id"] as? String == "https://balans.invalid/schema/\(kind).schema.json")
            if Self.kinds.contains(kind) {
                let props = try #require(object["properties"] as? [String: Any])
                #expect((props["$schema"] as? [String: Any])?["type"] as? String == "string")
            }
        }
    }

    @Test("every good Fixture validates against its schema")
    func fixturesValidate() throws {
        let pairs = try Self.fixtures()
        #expect(pairs.count >= 9)
        guard let failures = Self.validate(pairs) else { return }
        #expect(failures == [])
    }

    @Test("every JSON output of score, check, frontier, the consent imports and audit record validates, and so do the JSON goldens")
    func outputsValidate() throws {
        let dir = TempDir("balans-schema")
        defer { dir.cleanup() }
        var pairs: [(schema: String, document: String)] = []
        func output(_ kind: String, _ args: [String], okStatus: Set<Int32> = [0]) {
            let r = runBalans(args)
            #expect(okStatus.contains(r.status), "\(args): \(r.stderr)")
            pairs.append((Self.schema(kind), dir.write("out-\(pairs.count).json", r.stdout)))
        }
        let presets = ["Fixtures/presets/nordic-balanced.json", "Fixtures/presets/nordic-aggressive.json", "Fixtures/presets/bank-next-best-offer.json"]
        for preset in presets {
            output("score", ["score", preset, "--format", "json"])
            output("check", ["check", preset, "--format", "json"], okStatus: [0, 1])
            output("check", ["check", preset, "--format", "json", "--strict", "--policy", "Fixtures/policies/strict.json"], okStatus: [0, 1])
            output("frontier", ["frontier", preset, "--format", "json"], okStatus: [0, 1])
        }
        output("score", ["score", "--format", "json"])
        output("frontier", ["frontier", "--scenario", "builtin:savings-bank", "--format", "json"], okStatus: [0, 1])
        // No allowed setting: "start": null, "points": [].
        let blocked = dir.write("blocked.json", OptimizerScenarios.scenario(name: "\"Clinic\"", forbidSpecial: true))
        output("frontier", ["frontier", "--scenario", blocked, "--format", "json"], okStatus: [1])
        output("check", ["check", "Fixtures/online-platform/health-offers.json", "--policy", "builtin:online-platform", "--format", "json"], okStatus: [0, 1])
        output("consent", ["consent", "import-csv", "Fixtures/consent/cmp-counts.csv", "--scenario", "Fixtures/consent/shop.json",
                           "-o", dir.file("shop-csv.json"), "--date", "2026-11-29", "--format", "json"])
        output("consent", ["consent", "import-csv", "Fixtures/consent/cmp-rates-semicolon.csv", "--scenario", "Fixtures/consent/shop.json",
                           "-o", dir.file("shop-rates.json"), "--date", "2026-11-29", "--format", "json"])
        output("consent", ["consent", "tcf", "Fixtures/consent/gpp-records.csv", "--scenario", "Fixtures/consent/shop.json",
                           "--counts-out", dir.file("counts.csv"), "--include-outdated", "--date", "2026-11-29", "--format", "json"])
        output("consent", ["consent", "import-csv", "Fixtures/consent/consent-mode.csv", "--scenario", "Fixtures/consent/shop.json",
                           "--map", "ad_personalization=clicks,profile", "--map", "ad_user_data=profile,health",
                           "-o", dir.file("shop-cm.json"), "--date", "2026-11-29", "--format", "json"])
        for name in ["score-nordic-balanced", "score-bank-next-best-offer"] { pairs.append((Self.schema("score"), TestPaths.root("Fixtures/golden/\(name).json"))) }
        for name in ["check-nordic-aggressive", "check-nordic-aggressive-strict"] { pairs.append((Self.schema("check"), TestPaths.root("Fixtures/golden/\(name).json"))) }
        pairs.append((Self.schema("frontier"), TestPaths.root("Fixtures/golden/frontier-nordic-balanced.json")))
        for name in ["import-csv-counts", "tcf-vectors", "tcf-gpp", "consent-mode"] { pairs.append((Self.schema("consent"), TestPaths.root("Fixtures/consent/golden/\(name).json"))) }
        // Each line of an audit log is an audit entry.
        let log = dir.file("audits.jsonl")
        for args in [[presets[0], "--note", "a note"], ["--scenario", "builtin:savings-bank", "--policy", "Fixtures/policies/strict.json"]] {
            #expect(runBalans(["audit", "record"] + args + ["--log", log]).status == 0)
        }
        let entries = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(entries.count == 2)
        for (i, entry) in entries.enumerated() { pairs.append((Self.schema("audit-entry"), dir.write("audit-\(i).json", String(entry)))) }
        output("audit-trend", ["audit", "trend", "--log", log, "--format", "json"])
        // The scenarios the imports wrote are scenarios too.
        pairs.append((Self.schema("scenario"), dir.file("shop-csv.json")))
        pairs.append((Self.schema("scenario"), dir.file("shop-cm.json")))
        guard let failures = Self.validate(pairs) else { return }
        #expect(failures == [])
    }

    @Test("the calibration design and fit files validate against their schemas; a design with an unknown key does not")
    func calibrationFiles() throws {
        let dir = TempDir("balans-schema")
        defer { dir.cleanup() }
        let made = runBalans(["calibrate", "design", "--vignettes", "12", "--per-respondent", "5", "--seed", "3", "-o", dir.file("d.json")])
        #expect(made.status == 0, "\(made.stderr)")
        let fit = runBalans(["calibrate", "fit", "Fixtures/calibration/design.json", "Fixtures/calibration/synthetic-panel.csv",
                             "--bootstrap", "20", "--format", "json", "-o", dir.file("w.json"), "--apply", dir.file("applied.json")])
        #expect(fit.status == 0, "\(fit.stderr)")
        let printed = dir.write("printed.json", fit.stdout)
        let text = try #require(readText(dir.file("d.json")))
        let bad = dir.write("bad.json", text.replacingOccurrences(of: "\"perRespondent\"", with: "\"colour\": 1, \"perRespondent\""))
        // The applied copy carries weightsSource (decision 0033); a source without weights is refused.
        let applied = try #require(readText(dir.file("applied.json")))
        #expect(applied.contains("\"weightsSource\""))
        let weightsAt = try #require(applied.range(of: "\n  \"weights\": ")), sourceAt = try #require(applied.range(of: "\n  \"weightsSource\": "))
        let noWeights = dir.write("noweights.json", String(applied[..<weightsAt.lowerBound]) + String(applied[sourceAt.lowerBound...]))
        guard let failures = Self.validate([
            (Self.schema("calibration-design"), TestPaths.root("Fixtures/calibration/design.json")),
            (Self.schema("calibration-design"), dir.file("d.json")),
            (Self.schema("calibration-fit"), dir.file("w.json")),
            (Self.schema("calibration-fit"), printed),
            (Self.schema("calibration-design"), bad),
            (Self.schema("scenario"), dir.file("applied.json")),
            (Self.schema("scenario"), noWeights),
        ]) else { return }
        #expect(failures.count == 2 && failures.first?.contains("bad.json") == true
                && failures.last?.contains("noweights.json") == true, "\(failures)")
        // Balans refuses a source without weights too.
        let v = runBalans(["validate", noWeights])
        #expect(v.status == 65 && v.stderr.contains("the scenario sets no weights"), "\(v.stderr)")
        // Balans refuses the same key, at its place.
        let r = runBalans(["calibrate", "fit", bad, "Fixtures/calibration/synthetic-panel.csv", "-o", dir.file("never.json")])
        #expect(r.status == 65 && r.stderr.contains("unknown key \"colour\""), "\(r.stderr)")
    }

    @Test("a schema violation is reported (the check can fail)")
    func validatorCatches() throws {
        let dir = TempDir("balans-schema")
        defer { dir.cleanup() }
        let bad = dir.write("bad.json", #"{"balans": "preset/1", "name": "x", "scenario": "builtin:nordic-retail", "levels": {}, "colour": 1}"#)
        guard let failures = Self.validate([(Self.schema("preset"), bad)]) else { return }
        #expect(failures.count == 1)
    }

    @Test("the frontier schema refuses the frontier/1 shape (no version key, levels at every point)")
    func frontierSchemaRefusesOldShape() throws {
        guard let failures = Self.validate([(Self.schema("frontier"), TestPaths.root("Fixtures/frontier1/frontier-nordic-balanced.json"))]) else { return }
        #expect(failures.contains { $0.contains("'balans' is a required property") }, "\(failures)")
        #expect(failures.contains { $0.contains("'levels' was unexpected") }, "\(failures)")
    }

    @Test("a $schema string is ignored in scenario, preset and policy files; another type is refused at its place")
    func schemaKey() throws {
        let dir = TempDir("balans-schema")
        defer { dir.cleanup() }
        func withKey(_ source: String, _ value: String) throws -> String {
            let text = try #require(readText(TestPaths.root(source)))
            let brace = try #require(text.firstIndex(of: "{"))
            return String(text[...brace]) + "\n  \"$schema\": \(value)," + String(text[text.index(after: brace)...])
        }
        let scenario = dir.write("scenario.json", try withKey("Fixtures/scenarios/nordic-retail.json", "\"../docs/schema/scenario.schema.json\""))
        let preset = dir.write("preset.json", try withKey("Fixtures/presets/nordic-balanced.json", "\"../docs/schema/preset.schema.json\""))
        let policy = dir.write("policy.json", try withKey("Fixtures/policies/strict.json", "\"https://balans.invalid/schema/policy.schema.json\""))
        for file in [scenario, preset, policy] {
            let r = runBalans(["validate", file])
            #expect(r.status == 0, "\(file): \(r.stderr)")
        }
        let r = runBalans(["check", preset, "--scenario", scenario, "--policy", policy])
        #expect(r.status != 64 && r.status != 65, "\(r.stderr)")
        if let failures = Self.validate([(Self.schema("scenario"), scenario), (Self.schema("preset"), preset), (Self.schema("policy"), policy)]) {
            #expect(failures == [])
        }

        let badPreset = dir.write("bad-preset.json", try withKey("Fixtures/presets/nordic-balanced.json", "42"))
        let bad = runBalans(["validate", badPreset])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("bad-preset.json:2:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("\"$schema\" must be a string"), "\(bad.stderr)")
        let badPolicy = dir.write("bad-policy.json", try withKey("Fixtures/policies/strict.json", "{}"))
        let badP = runBalans(["validate", badPolicy])
        #expect(badP.status == 65)
        #expect(badP.stderr.contains("\"$schema\" must be a string"), "\(badP.stderr)")
    }
}
