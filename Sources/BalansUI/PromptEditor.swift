import BalansModel
import BalansText

/// The one-line prompt: editing keys, Tab completion of paths, and what Enter does per prompt kind.
enum PromptEditor {
    static func handle(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        switch prompt.kind {
        case .confirmQuit, .confirmOpen:
            return confirm(&state, prompt, key)
        case .saveAs, .open, .budget, .compare:
            break
        }
        var chars = Array(prompt.text)
        // The prompt's fields are public: never trust the cursor to be inside the text.
        prompt.cursor = max(0, min(chars.count, prompt.cursor))
        switch key {
        case .escape:
            state.prompt = nil
            return []
        case .enter:
            return submit(&state, prompt)
        case .tab:
            return prompt.kind.takesPath ? [.complete(prefix: prompt.text)] : []
        case .char(let c):
            chars.insert(c, at: prompt.cursor)
            prompt.cursor += 1
        case .backspace:
            if prompt.cursor > 0 {
                chars.remove(at: prompt.cursor - 1)
                prompt.cursor -= 1
            }
        case .delete, .ctrl("d"):
            if prompt.cursor < chars.count { chars.remove(at: prompt.cursor) }
        case .left, .ctrl("b"):
            prompt.cursor = max(0, prompt.cursor - 1)
        case .right, .ctrl("f"):
            prompt.cursor = min(chars.count, prompt.cursor + 1)
        case .home, .ctrl("a"):
            prompt.cursor = 0
        case .end, .ctrl("e"):
            prompt.cursor = chars.count
        case .ctrl("u"):
            chars.removeSubrange(0..<prompt.cursor)
            prompt.cursor = 0
        case .ctrl("k"):
            chars.removeSubrange(prompt.cursor..<chars.count)
        default:
            return []
        }
        prompt.text = String(chars)
        prompt.candidates = []
        state.prompt = prompt
        return []
    }

    static func confirm(_ state: inout AppState, _ prompt: Prompt, _ key: Key) -> [Effect] {
        // "(j/n)" in Swedish: j (ja) answers yes there, as y does everywhere.
        let yes: Bool
        if case .char(let c) = key { yes = c == "y" || c == "Y" || (state.catalogue.language == .sv && (c == "j" || c == "J")) }
        else { yes = false }
        if yes {
            state.prompt = nil
            switch prompt.kind {
            case .confirmQuit: return [.quit]
            case .confirmOpen(let path): return [.open(path: path)]
            default: return []
            }
        }
        switch key {
        case .char("y"), .char("Y"):
            state.prompt = nil
            switch prompt.kind {
            case .confirmQuit: return [.quit]
            case .confirmOpen(let path): return [.open(path: path)]
            default: return []
            }
        case .char("n"), .char("N"), .escape:
            state.prompt = nil
            return []
        default:
            return []
        }
    }

    static func submit(_ state: inout AppState, _ prompt: Prompt) -> [Effect] {
        let path = prompt.text
        if prompt.kind == .budget { return balance(&state, prompt.text) }
        guard !path.isEmpty else {
            state.prompt = nil
            return []
        }
        switch prompt.kind {
        case .saveAs:
            // As `balans --help` promises: a preset's file name ends in .json. The prompt stays
            // open with the name, so that the user can add it.
            guard path.hasSuffix(".json"), presetStem(path) != path, !path.hasSuffix("/.json") else {
                state.status = StatusMessage(state.t(.statusNeedsJSON, SafeText.escape(path)), isError: true)
                return []
            }
            state.prompt = nil
            return [save(&state, to: path)]
        case .open:
            if state.isDirty {
                state.prompt = Prompt(kind: .confirmOpen(path: path))
                return []
            }
            state.prompt = nil
            return [.open(path: path)]
        case .compare:
            state.prompt = nil
            return [.loadCompare(path: path)]
        default:
            return []
        }
    }

    /// Applies Tab completion results: one match completes, several complete their common prefix and
    /// are listed.
    static func complete(_ state: inout AppState, prefix: String, candidates: [String]) -> [Effect] {
        // Answers to an older text, or for a prompt that is no longer a path prompt, are stale.
        guard var prompt = state.prompt, prompt.text == prefix else { return [] }
        guard prompt.kind.takesPath else { return [] }
        guard let first = candidates.first else { return [.bell] }
        var common = first
        for c in candidates.dropFirst() {
            while !c.hasPrefix(common) { common.removeLast() }
        }
        if common.count > prompt.text.count { prompt.text = common }
        prompt.cursor = prompt.text.count
        prompt.candidates = candidates.count > 1 ? candidates : []
        state.prompt = prompt
        return []
    }
}
