import Foundation
import Testing
@testable import BalansModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file layer in-process: round trips, stable key order, atomic writes and scenario references.
@Suite("Files")
struct FileTests {
    static func decodeScenario(text: String, file: String = "memory.json") throws -> Scenario {
        let source = SourceText(file: file, bytes: Array(text.utf8))
        return try Scenario.decode(Node(try source.parseJSON()))
    }

    static var scenarioFixtures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.root("Fixtures/scenarios"))) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    // MARK: Round trips

    @Test("a fixture scenario survives decode → encode → decode", arguments: scenarioFixtures)
    func scenarioRoundTrip(_ name: String) throws {
        let path = TestPaths.root("Fixtures/scenarios/" + name)
        let first = try Scenario.decode(try Loader.parse(path))
        let text = JSONWriter.write(first.json)
        let second = try Self.decodeScenario(text: text)
        #expect(second == first)
        // Writing is a fixed point: the encoded text encodes to itself.
        #expect(JSONWriter.write(second.json) == text)
        // The same as the embedded built-in.
        let builtin = try #require(BuiltinScenarios.scenario(named: String(name.dropLast(".json".count))))
        #expect(builtin == first)
    }

    @Test("a scenario with weights, policy, defaults and odd names round-trips")
    func richScenarioRoundTrip() throws {
        let text = #"""
        {
          "balans": "scenario/1",
          "name": "Ünïcødé \"quoted\" \\ shop",
          "categories": [
            {"id": "a", "name": "A", "tier": "simple", "identifiability": "negligible"},
            {"id": "b", "name": "B", "tier": "sensitive", "identifiability": "maximum", "origin": "inferred", "special": true, "specialFeature": true,
             "tcf": {"purposes": [3, 1], "dataCategories": [11]}}
          ],
          "levels": [
            {"name": "Generic"},
            {"name": "One", "uses": ["a"], "crossContext": 2, "obtrusive": true, "uplift": 0.1},
            {"name": "Two", "description": "d", "uses": ["b"], "profiling": true, "uplift": 2.5e-3}
          ],
          "segments": [
            {"id": "s0", "name": "Zero", "size": 0},
            {"id": "s1", "name": "Tab\there", "size": 9007199254740992, "consent": {"b": 0.3, "a": 1}, "minors": true, "vulnerable": true,
             "groups": {"age": "65+", "region": "north"}, "uplift": [0, 0.5, 1e-7]}
          ],
          "weights": {"obtrusive": 0, "origin": {"inferred": 1.5}, "profilingBoost": 2},
          "policy": {"rules": {"max-intrusiveness": {"maxIntrusiveness": null}, "dpia": {"severity": "off", "largeScale": 10}}}
        }
        """#
        let first = try Self.decodeScenario(text: text)
        let encoded = JSONWriter.write(first.json)
        let second = try Self.decodeScenario(text: encoded)
        #expect(second == first)
        #expect(second.weights.inferred == 1.5 && second.weights.obtrusive == 0 && second.weights.profilingBoost == 2)
        #expect(second.policy?.rules.count == 2)
        #expect(second.segments[1].size == 9_007_199_254_740_992)
    }

    // MARK: Presets

    static func nordicModel() throws -> ScoringModel {
        let scenario = try #require(BuiltinScenarios.scenario(named: "nordic-retail"))
        return ScoringModel(scenario: scenario, policy: .defaults)
    }

    @Test("Preset.from writes keys in a stable order: levels in scenario order, exclusions in catalogue order")
    func presetKeyOrder() throws {
        let model = try Self.nordicModel()
        let seg = model.segmentIndex
        let cat = model.categoryIndex
        var setting = Setting.generic(segments: model.segmentCount)
        // Set in an order unlike the scenario's, with a segment left at 0 and exclusions out of order.
        setting.levels[try #require(seg["seniors"])] = 2
        setting.levels[try #require(seg["teens"])] = 1
        setting.levels[try #require(seg["loyal-members"])] = 4
        setting.excluded[try #require(seg["loyal-members"])] = [try #require(cat["store-visits"]), try #require(cat["page-context"])]
        setting.excluded[try #require(seg["families"])] = [try #require(cat["household"])]

        let preset = Preset.from(setting: setting, model: model, name: "Spring", scenario: "../scenarios/nordic-retail.json",
                                 notes: "Line one\nline two")
        let text = JSONWriter.write(preset.json)
        #expect(text == """
        {
          "balans": "preset/1",
          "name": "Spring",
          "scenario": "../scenarios/nordic-retail.json",
          "levels": {
            "teens": 1,
            "loyal-members": 4,
            "seniors": 2
          },
          "exclude": {
            "families": ["household"],
            "loyal-members": ["page-context", "store-visits"]
          },
          "notes": "Line one\\nline two"
        }

        """)

        // Reading it back gives the same preset and the same setting (exclusions sorted).
        let source = SourceText(file: "preset.json", bytes: Array(text.utf8))
        let root = Node(try source.parseJSON())
        #expect(try Preset.decode(root) == preset)
        var expected = setting
        expected.excluded = setting.excluded.map { $0.sorted() }
        #expect(try Preset.resolve(root, against: model) == expected)
    }

    @Test("a preset without exclusions or notes leaves those keys out")
    func presetMinimal() throws {
        let model = try Self.nordicModel()
        let preset = Preset.from(setting: .generic(segments: model.segmentCount), model: model, name: "All generic",
                                 scenario: "builtin:nordic-retail", notes: nil)
        #expect(JSONWriter.write(preset.json) == """
        {
          "balans": "preset/1",
          "name": "All generic",
          "scenario": "builtin:nordic-retail",
          "levels": {}
        }

        """)
    }

    @Test("the fixture presets survive load → Preset.from → decode", arguments: [
        "nordic-balanced.json", "bank-next-best-offer.json", "nordic-aggressive.json",
    ])
    func fixturePresetRoundTrip(_ name: String) throws {
        let loaded = try Loader.preset(TestPaths.root("Fixtures/presets/" + name))
        let model = ScoringModel(scenario: loaded.scenario.scenario, policy: .defaults)
        let again = Preset.from(setting: loaded.setting, model: model, name: loaded.preset.name,
                                scenario: loaded.preset.scenario, notes: loaded.preset.notes)
        // The fixtures list their segments in scenario order, so the levels come back as written.
        #expect(again.levels.map(\.segment) == loaded.preset.levels.filter { $0.level != 0 }.map(\.segment))
        let text = JSONWriter.write(again.json)
        let source = SourceText(file: name, bytes: Array(text.utf8))
        let root = Node(try source.parseJSON())
        #expect(try Preset.decode(root) == again)
        #expect(try Preset.resolve(root, against: model) == loaded.setting)
    }

    // MARK: Atomic writes

    static func tempLeftovers(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(".tmp-") }
    }

    @Test("writeAtomically writes the file and leaves no temporary file")
    func atomicWrite() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("preset.json")
        try FileIO.writeAtomically("first\n", to: path)
        #expect(readText(path) == "first\n")
        // Replacing keeps the file's mode.
        #expect(chmod(path, 0o600) == 0)
        try FileIO.writeAtomically("second ✓\n", to: path)
        #expect(readText(path) == "second ✓\n")
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(Self.tempLeftovers(dir.path) == [])
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["preset.json"])
    }

    @Test("writeAtomically with a relative path writes into the cwd's folder")
    func atomicWriteRelative() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("sub"), withIntermediateDirectories: false)
        try FileIO.writeAtomically("x", to: dir.file("sub") + "/./a.json")
        #expect(readText(dir.file("sub/a.json")) == "x")
        #expect(Self.tempLeftovers(dir.file("sub")) == [])
    }

    @Test("writing over a folder fails with 73 and leaves it alone")
    func atomicWriteOverFolder() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let target = dir.file("taken")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        dir.write("taken/inner.txt", "inner")
        let error = #expect(throws: BalansError.self) { try FileIO.writeAtomically("new", to: target) }
        #expect(error?.exitCode == 73)
        #expect(error?.kind == .cannotWrite)
        #expect(error?.file == target)
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target, isDirectory: &isDir) && isDir.boolValue)
        #expect(readText(dir.file("taken/inner.txt")) == "inner")
        #expect(Self.tempLeftovers(dir.path) == [])
    }

    @Test("writing into a missing folder fails with 73")
    func atomicWriteMissingFolder() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let error = #expect(throws: BalansError.self) { try FileIO.writeAtomically("new", to: dir.file("no/such/folder/p.json")) }
        #expect(error?.exitCode == 73)
        #expect(error?.description.hasPrefix(dir.file("no/such/folder/p.json") + ": ") == true)
    }

    /// Makes `folder` unwritable, even for root (whom permission bits do not stop) by making it
    /// immutable with chattr. Returns a function that undoes it, or nil when neither works here.
    static func makeUnwritable(_ folder: String) -> (() -> Void)? {
        func writable() -> Bool {
            let probe = folder + "/.probe"
            let fd = open(probe, O_CREAT | O_WRONLY | O_EXCL, 0o600)
            if fd < 0 { return false }
            close(fd)
            unlink(probe)
            return true
        }
        chmod(folder, 0o555)
        if !writable() { return { chmod(folder, 0o755) } }
        chmod(folder, 0o755)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") else { return nil }
        func chattr(_ flag: String) -> Bool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            p.arguments = [flag, folder]
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return false }
            p.waitUntilExit()
            return p.terminationStatus == 0
        }
        if chattr("+i"), !writable() { return { _ = chattr("-i") } }
        _ = chattr("-i")
        return nil
    }

    static let canMakeUnwritable: Bool = {
        let dir = TempDir("balans-probe")
        defer { dir.cleanup() }
        guard let undo = makeUnwritable(dir.path) else { return false }
        undo()
        return true
    }()

    @Test("an unwritable folder fails with 73 and keeps the old content",
          .enabled(if: canMakeUnwritable, "cannot make a folder unwritable here (root without chattr)"))
    func atomicWriteUnwritableFolder() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let folder = dir.file("locked")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let path = folder + "/preset.json"
        try FileIO.writeAtomically("old content\n", to: path)
        let undo = try #require(Self.makeUnwritable(folder))
        let error = #expect(throws: BalansError.self) { try FileIO.writeAtomically("new content\n", to: path) }
        undo()
        #expect(error?.exitCode == 73)
        #expect(error?.file == path)
        #expect(readText(path) == "old content\n")
        #expect(Self.tempLeftovers(folder) == [])
        #expect((try FileManager.default.contentsOfDirectory(atPath: folder)) == ["preset.json"])
    }

    // MARK: Scenario references

    @Test("Loader.reference(to:fromPresetAt:) keeps built-ins and absolute paths", arguments: [
        ("builtin:nordic-retail", "Fixtures/presets/p.json"),
        ("builtin:savings-bank", "/abs/p.json"),
        ("/data/scenarios/s.json", "Fixtures/presets/p.json"),
        ("/data/scenarios/s.json", "/elsewhere/p.json"),
    ])
    func referenceKept(_ scenario: String, _ preset: String) {
        #expect(Loader.reference(to: scenario, fromPresetAt: preset) == scenario)
    }

    @Test("Loader.reference(to:fromPresetAt:) makes paths relative to the preset's folder", arguments: [
        ("Fixtures/scenarios/nordic-retail.json", "Fixtures/presets/new.json", "../scenarios/nordic-retail.json"),
        ("Fixtures/presets/s.json", "Fixtures/presets/p.json", "s.json"),
        ("s.json", "p.json", "s.json"),
        ("./s.json", "./p.json", "s.json"),
        ("s.json", "a/b/p.json", "../../s.json"),
        ("a/b/s.json", "a/p.json", "b/s.json"),
        ("a/s.json", "a/b/c/p.json", "../../s.json"),
        ("../shared/s.json", "presets/p.json", "../../shared/s.json"),
    ])
    func referenceRelative(_ scenario: String, _ preset: String, _ expected: String) {
        let ref = Loader.reference(to: scenario, fromPresetAt: preset)
        #expect(ref == expected)
        // And it resolves back to the same file.
        #expect(Self.normalize(Loader.resolve(ref, relativeTo: Loader.folder(of: preset))) == Self.normalize(scenario))
    }

    /// Where a preset saved at a path that the function cannot relate to the scenario's path still
    /// has to point at the same file (found by the property below; see the report).
    @Test("Loader.reference(to:fromPresetAt:) resolves back to the same file when the preset's path climbs or is absolute",
          arguments: [
            ("s.json", "../p.json"),
            ("s.json", "/tmp/presets/p.json"),
          ])
    func referenceUnrelatable(_ scenario: String, _ preset: String) {
        let ref = Loader.reference(to: scenario, fromPresetAt: preset)
        let resolved = Loader.resolve(ref, relativeTo: Loader.folder(of: preset))
        #expect(Self.normalize(resolved) == Self.normalize(scenario), "reference \(ref) from \(preset) resolves to \(resolved)")
    }

    @Test("Loader.resolve and folder(of:)")
    func resolveAndFolder() {
        #expect(Loader.folder(of: "p.json") == ".")
        #expect(Loader.folder(of: "/p.json") == "/")
        #expect(Loader.folder(of: "a/b/p.json") == "a/b")
        #expect(Loader.resolve("s.json", relativeTo: ".") == "s.json")
        #expect(Loader.resolve("s.json", relativeTo: nil) == "s.json")
        #expect(Loader.resolve("s.json", relativeTo: "/") == "/s.json")
        #expect(Loader.resolve("../s.json", relativeTo: "a/b") == "a/b/../s.json")
        #expect(Loader.resolve("/x/s.json", relativeTo: "a/b") == "/x/s.json")
    }

    /// A path made absolute against a fictitious cwd `/cwd/here`, with `.` and `..` collapsed.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
