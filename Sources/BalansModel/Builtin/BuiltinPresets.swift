/// The demo's example setting, compiled into the binary like the built-in scenarios: the levels of
/// `Fixtures/presets/nordic-balanced.json` (the demo's balanced campaign), so that `balans` with no
/// arguments opens on a setting that shows the trade-off at once instead of every segment at
/// level 0. A test checks that the text here and the fixture agree.
public enum BuiltinPresets {
    /// The scenario the demo's example belongs to (`Loader.defaultScenario`).
    public static let demoScenario = "builtin:nordic-retail"

    /// The JSON text of `Fixtures/presets/nordic-balanced.json`.
    public static let demoExampleJSON = #"""
{
  "balans": "preset/1",
  "name": "Balanced spring campaign",
  "scenario": "builtin:nordic-retail",
  "levels": {
    "teens": 1,
    "young-urban": 3,
    "bargain-hunters": 3,
    "families": 2,
    "loyal-members": 4,
    "lapsed": 2,
    "stretched": 1,
    "seniors": 2
  },
  "exclude": {
    "loyal-members": ["store-visits"]
  },
  "notes": "Profiling only where consent is broad; no profiling of teens or stretched households."
}
"""#

    /// The demo's example decoded against `model` (the demo scenario's): its preset (name, notes)
    /// and its setting. Throws what a file with this content would.
    public static func demoExample(for model: ScoringModel) throws(BalansError) -> (preset: Preset, setting: Setting) {
        let source = SourceText(file: "builtin:demo-example", bytes: Array(demoExampleJSON.utf8))
        let root = Node(try source.parseJSON())
        return (try Preset.decode(root), try Preset.resolve(root, against: model))
    }
}
