@testable import BalansModel
import Testing

/// `ScenarioReference.relative` is the pure path arithmetic behind a saved preset's `scenario`:
/// the same answers as `Loader.reference` gives in the process's folder, from a folder it is told.
@Suite("ScenarioReference")
struct ScenarioReferenceTests {
    @Test("relative to the preset's folder, against the folder it is told", arguments: [
        ("Fixtures/scenarios/nordic-retail.json", "Fixtures/presets/new.json", "/w/here", "../scenarios/nordic-retail.json"),
        ("s.json", "p.json", "/w/here", "s.json"),
        ("./s.json", "./p.json", "/w/here", "s.json"),
        ("s.json", "a/b/p.json", "/w/here", "../../s.json"),
        ("../shared/s.json", "presets/p.json", "/w/here", "../../shared/s.json"),
        // From /w/here/.. = /w, the scenario /w/here/s.json is here/s.json.
        ("s.json", "../p.json", "/w/here", "here/s.json"),
        ("s.json", "../../p.json", "/w/here", "/w/here/s.json"),
        // Back into the start folder by name: the shorter way.
        ("../here/s.json", "presets/p.json", "/w/here", "../s.json"),
        // No folder in common but the root: absolute.
        ("s.json", "/tmp/p.json", "/w/here", "/w/here/s.json"),
        ("s.json", "presets/p.json", "/", "/s.json"),
        // Built-ins and absolute paths as they are.
        ("builtin:nordic-retail", "../p.json", "/w/here", "builtin:nordic-retail"),
        ("/data/s.json", "p.json", "/w/here", "/data/s.json"),
    ])
    func told(_ scenario: String, _ preset: String, _ cwd: String, _ expected: String) {
        #expect(ScenarioReference.relative(to: scenario, fromPresetAt: preset, workingDirectory: cwd) == expected)
    }

    @Test("not told: the same answers while the preset's folder is inside the start folder", arguments: [
        ("Fixtures/scenarios/nordic-retail.json", "Fixtures/presets/new.json"),
        ("Fixtures/presets/s.json", "Fixtures/presets/p.json"),
        ("s.json", "p.json"), ("./s.json", "./p.json"), ("s.json", "a/b/p.json"), ("a/b/s.json", "a/p.json"),
        ("a/s.json", "a/b/c/p.json"), ("../shared/s.json", "presets/p.json"), ("/data/s.json", "p.json"),
    ])
    func notTold(_ scenario: String, _ preset: String) {
        #expect(ScenarioReference.relative(to: scenario, fromPresetAt: preset, workingDirectory: nil)
                == ScenarioReference.relative(to: scenario, fromPresetAt: preset, workingDirectory: "/cwd/here"))
    }

    @Test("not told, a preset folder outside the start folder cannot be related: the reference stays")
    func notToldOutside() {
        #expect(ScenarioReference.relative(to: "s.json", fromPresetAt: "../p.json", workingDirectory: nil) == "s.json")
        #expect(ScenarioReference.relative(to: "s.json", fromPresetAt: "/tmp/p.json", workingDirectory: nil) == "s.json")
    }

    @Test("Loader.reference is the pure function in the process's folder")
    func loaderAgrees() {
        let cwd = Loader.workingDirectory()
        #expect(cwd.hasPrefix("/"))
        for (scenario, preset) in [("s.json", "../p.json"), ("a/s.json", "b/p.json"), ("s.json", "/tmp/p.json")] {
            #expect(Loader.reference(to: scenario, fromPresetAt: preset)
                    == ScenarioReference.relative(to: scenario, fromPresetAt: preset, workingDirectory: cwd))
        }
    }
}
