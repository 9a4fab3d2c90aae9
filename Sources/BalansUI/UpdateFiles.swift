// Files and prompts: what saving writes and asks for, a save's result, and an opened preset
// replacing the setting. The file system itself is the terminal module's (effects and events).

import BalansModel

/// The preset file for the current setting, saved at `path` (the scenario reference made relative
/// to the preset's folder, against the folder the dashboard was started in).
public func presetText(_ state: AppState, savingTo path: String) -> String {
    let preset = Preset.from(setting: state.evaluation.setting, model: state.model, name: presetName(state, savingTo: path),
                             scenario: ScenarioReference.relative(to: state.scenarioReference, fromPresetAt: path,
                                                                  workingDirectory: state.workingDirectory),
                             notes: state.presetNotes)
    return JSONWriter.write(preset.json)
}

/// The name a save to `path` writes: the preset's own, else the file's ("saved" for saved.json),
/// never "Untitled".
func presetName(_ state: AppState, savingTo path: String) -> String {
    state.presetHasOwnName ? state.presetName : presetStem(path)
}

/// "nordic-balanced" for "presets/nordic-balanced.json".
public func presetStem(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: "."), dot != name.startIndex { return String(name[..<dot]) }
    return name
}

/// Asks for the preset to be written to `path`, remembering what was written for `.saved`.
func save(_ state: inout AppState, to path: String) -> Effect {
    state.pendingSaves.append(PendingSave(path: path, setting: state.evaluation.setting))
    return .save(path: path, contents: presetText(state, savingTo: path))
}

/// A save finished (`error` nil) or failed: the status says so, and a save of the current
/// setting marks it saved.
func finishSave(_ state: inout AppState, path: String, error: BalansError?) {
    // The oldest save in flight to this path is the one that finished.
    let pending = state.pendingSaves.firstIndex(where: { $0.path == path }).map { state.pendingSaves.remove(at: $0) }
    if let error {
        state.status = StatusMessage(state.t(.statusNotSaved, error.description), isError: true)
    } else if let pending {
        if let written = pending.setting {
            adoptSavedFile(&state, path)
            state.markSaved(written)
        }
        state.status = StatusMessage(state.t(.statusSaved, SafeText.escape(path)))
    } else {
        // A save this state did not ask for (or does not remember): take it as the current setting.
        adoptSavedFile(&state, path)
        state.markSaved()
        state.status = StatusMessage(state.t(.statusSaved, SafeText.escape(path)))
    }
}

/// After a save of the setting on screen: `path` is the preset's file, it exists, and the preset
/// is named as the file says (after the file, when it had no name of its own).
private func adoptSavedFile(_ state: inout AppState, _ path: String) {
    state.presetName = presetName(state, savingTo: path)
    state.presetHasOwnName = true
    state.presetPath = path
    state.presetFileExists = true
    state.isDemoExample = false
}

/// Replaces the setting (and possibly the scenario) with an opened preset.
func applyOpened(_ state: inout AppState, _ loaded: LoadedPreset) {
    let policy = Policy.resolved((loaded.scenario.scenario.policy.map { [$0] } ?? []) + state.extraPolicyLayers)
    state.evaluation = Evaluation(model: loaded.model.with(policy: policy), setting: loaded.setting)
    state.scenarioReference = loaded.scenario.reference
    state.presetName = loaded.preset.name
    state.presetNotes = loaded.preset.notes
    state.presetPath = loaded.path
    state.presetFileExists = true
    state.presetHasOwnName = true
    state.isDemoExample = false
    state.markSaved()
    state.undoStack.removeAll()
    state.redoStack.removeAll()
    // Saves still in flight wrote the old setting: their success must not mark the new one saved.
    state.pendingSaves = state.pendingSaves.map { PendingSave(path: $0.path, setting: nil) }
    state.filtering = false
    state.setFilter("")
    state.selected = 0
    state.detailRow = 0
    state.scroll = 0
    state.focus = .table
    state.frontierIsStale = true
    state.frontierPoint = nil
    if var comparison = state.comparison {
        comparison.sameScenario = comparison.evaluation.model.scenario == state.scenario
        state.comparison = comparison
    }
    state.status = StatusMessage(state.t(.statusOpened, SafeText.escape(loaded.path)))
}
