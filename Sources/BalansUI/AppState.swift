import BalansModel
import BalansText

/// What the terminal can show.
public struct Capabilities: Equatable, Sendable {
    /// Colours may be used (off with NO_COLOR / --no-color).
    public var color: Bool
    /// Unicode symbols may be used (off with --ascii or a non-UTF-8 locale).
    public var unicode: Bool
    /// Mouse reporting is on (off with --no-mouse).
    public var mouse: Bool

    public init(color: Bool = true, unicode: Bool = true, mouse: Bool = true) {
        self.color = color
        self.unicode = unicode
        self.mouse = mouse
    }
}

/// Which pane of the Segments screen has the keyboard.
public enum Focus: Equatable, Sendable {
    case table
    case detail
}

/// A one-line prompt at the bottom of the screen.
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Type a path to save the preset to.
        case saveAs
        /// Type a path of a preset to open.
        case open
        /// Unsaved changes: quit anyway? (y/n)
        case confirmQuit
        /// Opening would lose unsaved changes: open anyway? (y/n)
        case confirmOpen(path: String)
        /// Type a budget (0–100) to balance to.
        case budget
        /// Type a path of a preset to compare with.
        case compare

        /// Prompts whose text is a path (Tab completes it).
        public var takesPath: Bool {
            switch self {
            case .saveAs, .open, .compare: return true
            case .confirmQuit, .confirmOpen, .budget: return false
            }
        }
    }

    public var kind: Kind
    /// The text typed so far and the cursor in it (in characters).
    public var text: String
    public var cursor: Int
    /// Candidates offered by Tab completion, if more than one matched.
    public var candidates: [String]

    public init(kind: Kind, text: String = "") {
        self.kind = kind
        self.text = text
        self.cursor = text.count
        self.candidates = []
    }
}

/// A message in the status line.
public struct StatusMessage: Equatable, Sendable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// One undoable change.
public enum Change: Equatable, Sendable {
    case level(segment: Int, from: Int, to: Int)
    case exclusion(segment: Int, from: [Int], to: [Int])
    /// A change of the whole setting (balance to a budget, …).
    case setting(from: Setting, to: Setting)
}

/// A save asked for (by `s` or the save-as prompt) whose `.saved` event has not come back yet.
public struct PendingSave: Equatable, Sendable {
    public var path: String
    /// The setting written to `path`; nil when a preset was opened since (the file no longer
    /// describes what is on screen, so its success must not clear the unsaved mark).
    public var setting: Setting?

    public init(path: String, setting: Setting?) {
        self.path = path
        self.setting = setting
    }
}

/// A saved preset loaded with `c` to be shown beside the current setting (the Compare screen).
public struct Comparison: Sendable {
    /// Where it was loaded from and its name.
    public var path: String
    public var name: String
    /// How its scenario was named (`builtin:NAME` or a path).
    public var scenarioReference: String
    /// The preset scored under its scenario's policy (and `--policy` layers).
    public var evaluation: Evaluation
    /// Its scenario is the one on screen, so segments can be compared one by one. Kept up to date
    /// when another preset is opened.
    public var sameScenario: Bool

    public init(path: String, name: String, scenarioReference: String, evaluation: Evaluation, sameScenario: Bool) {
        self.path = path
        self.name = name
        self.scenarioReference = scenarioReference
        self.evaluation = evaluation
        self.sameScenario = sameScenario
    }
}

/// Everything the dashboard shows and remembers. `update` is the only thing that changes it.
public struct AppState: Sendable {
    /// The scored setting; the model inside it is the scenario and the policy.
    public var evaluation: Evaluation
    /// How the scenario was named (`builtin:NAME` or a path), for saving presets.
    public var scenarioReference: String
    /// The preset's name, its notes, and the file `s` saves to (nil: `s` asks, like `S`).
    public var presetName: String
    public var presetNotes: String?
    public var presetPath: String?
    /// The setting as last saved or opened; the unsaved mark compares against it.
    public private(set) var savedSetting: Setting
    /// Segments whose level or exclusions differ from `savedSetting` (kept up to date per change).
    public private(set) var unsavedSegments: Set<Int> = []

    public var screen: Screen = .segments
    public var focus: Focus = .table
    /// The selected segment (an index into the scenario's segments).
    public var selected: Int = 0
    /// The highlighted row of the detail pane.
    public var detailRow: Int = 0
    /// How many lines the focused detail pane is scrolled down by PgDn/PgUp; 0 shows the pane as
    /// laid out for its size. It lasts until the user does anything else (decision 0016).
    public var detailScroll: Int = 0
    /// Set by the event that scrolled the pane, so that `update` keeps the offset for that event.
    var detailScrolledNow = false
    /// The first visible row of the segment table (of the filtered list).
    public var scroll: Int = 0
    /// The Ethics screen (decision 0023): the selected breach, an index into the breaches as the
    /// screen lists them (errors first, `sortedBreaches`), and the first line of the screen's
    /// content in view (it scrolls on past the list to the fairness table and the DPIA list).
    public var breachSelected: Int = 0
    public var ethicsScroll: Int = 0
    /// Set by the event that moved or scrolled the Ethics list (already within its layout), so
    /// that `update` does not measure the screen a second time for that event.
    var ethicsMeasuredNow = false
    /// The first line of the help overlay in view (it scrolls when it does not fit).
    public var helpScroll: Int = 0
    /// The name filter; `filtering` while it is being typed. Change it with `setFilter`.
    public private(set) var filter: String = ""
    public var filtering: Bool = false
    public var prompt: Prompt?
    public var showHelp: Bool = false
    public var status: StatusMessage?
    public var undoStack: [Change] = []
    public var redoStack: [Change] = []
    /// Saves in flight, oldest first: `.saved` marks as saved the setting that was written, not
    /// whatever is on screen when the answer arrives.
    public internal(set) var pendingSaves: [PendingSave] = []
    /// Policy layers over the scenario's own (`--policy FILE`), kept in force when a preset with
    /// another scenario is opened. Set by whoever builds the state; empty by default.
    public var extraPolicyLayers: [PolicyLayer] = []

    /// The efficient frontier for the current exclusions and policy (SPEC §1.10). It does not depend
    /// on the levels, so it is computed once and again only when an exclusion changes or a preset
    /// is opened (`update` marks it stale and recomputes it once at the end of the event): a level
    /// key then costs O(log points) for the header's gap, not a new frontier.
    public private(set) var frontier: Frontier
    /// The exclusions changed since `frontier` was computed.
    var frontierIsStale = false
    /// The frontier point last reached with the Trade-off screen's keys (n, p, r), while the setting
    /// still has its levels.
    public var frontierPoint: Int?
    /// The preset loaded with `c`, shown on the Compare screen.
    public var comparison: Comparison?

    public var width: Int
    public var height: Int
    public var capabilities: Capabilities
    public var keyMap: KeyMap = .standard
    /// The language of every text the dashboard shows (`--lang`, or the locale).
    public var catalogue: Catalogue = .english
    /// The folder the dashboard was started in (absolute), which the paths on the command line and
    /// in prompts are relative to; set at launch, so that saving can relate the scenario's path to
    /// the preset's folder without asking the system (`update` stays pure). Nil when not told (a
    /// state built directly, as in tests): see `ScenarioReference.relative`.
    public var workingDirectory: String?
    /// The user's home folder ($HOME), set at launch like `workingDirectory`, so that the header can
    /// write paths under it with `~` without asking the system. Nil: paths are shown as they are.
    public var homeDirectory: String?
    /// The audits of `balans --log FILE`, oldest first, for the Ethics screen's trend (issue #17).
    public var auditTrend: [AuditPoint] = []
    /// `presetPath` names a file that exists: known at launch and after a save or an open, never
    /// looked up by `update` or `render` (the header shows `[new]` while it is false).
    public var presetFileExists: Bool = false
    /// The preset's name is its own (read from its file, or typed); false for "Untitled" and for a
    /// name taken from a new file's name, so that saving names the preset after the file it goes to.
    public var presetHasOwnName: Bool = true
    /// The setting is the demo's built-in example (the demo's balanced campaign), not a file of the
    /// user's: the header says so, and it is saved only under a name of the user's (`S`).
    public var isDemoExample: Bool = false

    public init(evaluation: Evaluation, scenarioReference: String, presetName: String, presetPath: String?,
                presetNotes: String? = nil, width: Int = 80, height: Int = 24, capabilities: Capabilities = Capabilities(),
                workingDirectory: String? = nil) {
        self.evaluation = evaluation
        self.scenarioReference = scenarioReference
        self.presetName = presetName
        self.presetPath = presetPath
        self.presetNotes = presetNotes
        self.savedSetting = evaluation.setting
        self.width = width
        self.height = height
        self.capabilities = capabilities
        self.workingDirectory = workingDirectory
        self.frontier = Optimizer.frontier(evaluation.model, excluded: evaluation.setting.excluded)
    }

    /// Recomputes the frontier for the current model and exclusions (after replacing `evaluation`
    /// from outside `update`).
    public mutating func recomputeFrontier() {
        frontier = Optimizer.frontier(evaluation.model, excluded: evaluation.setting.excluded)
        frontierIsStale = false
    }

    /// The frontier gap of the current setting (SPEC §1.10), O(log points).
    public var frontierGap: (valueLost: Double, intrusivenessSaved: Double) {
        let a = evaluation.aggregate
        return frontier.gap(intrusiveness: a.intrusiveness, value: a.value)
    }

    public var model: ScoringModel { evaluation.model }
    public var scenario: Scenario { evaluation.model.scenario }

    /// There are changes since the last save or open.
    public var isDirty: Bool { !unsavedSegments.isEmpty }

    /// Records that the current setting is saved (after a save or an open).
    public mutating func markSaved() {
        savedSetting = evaluation.setting
        unsavedSegments = []
    }

    /// Records that `setting` (of the current scenario) is what the file holds now, e.g. a save that
    /// was asked for before the latest changes; the unsaved mark then covers what differs from it.
    /// O(segments), once per save.
    public mutating func markSaved(_ setting: Setting) {
        let current = evaluation.setting
        guard setting.levels.count == current.levels.count, setting.excluded.count == current.excluded.count else { return }
        savedSetting = setting
        unsavedSegments = Set(current.levels.indices.filter {
            current.levels[$0] != setting.levels[$0] || current.excluded[$0] != setting.excluded[$0]
        })
    }

    /// Re-checks whether segment `s` differs from the saved setting (O(1) per change).
    public mutating func noteChanged(_ s: Int) {
        let current = evaluation.setting
        if current.levels[s] != savedSetting.levels[s] || current.excluded[s] != savedSetting.excluded[s] {
            unsavedSegments.insert(s)
        } else {
            unsavedSegments.remove(s)
        }
    }

    /// The segments that pass the filter (nil: all), recomputed only when the filter changes, so
    /// that a key press on 10 000 segments does not walk them all.
    public private(set) var filtered: [Int]? = nil

    /// Sets the name filter (case-insensitive, on name or id).
    public mutating func setFilter(_ text: String) {
        filter = text
        guard !text.isEmpty else {
            filtered = nil
            return
        }
        let needle = text.lowercased()
        filtered = scenario.segments.indices.filter {
            scenario.segments[$0].name.lowercased().contains(needle) || scenario.segments[$0].id.contains(needle)
        }
    }

    /// How many segments pass the filter.
    public var visibleCount: Int { filtered?.count ?? scenario.segments.count }

    /// The segment shown at `row` of the (filtered) table.
    public func visibleSegment(at row: Int) -> Int { filtered?[row] ?? row }

    /// The table row of segment `s`, or nil when the filter hides it.
    public func row(of s: Int) -> Int? {
        guard let filtered else { return s < scenario.segments.count ? s : nil }
        // The filtered list is sorted: binary search.
        var lo = 0, hi = filtered.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if filtered[mid] < s { lo = mid + 1 } else { hi = mid }
        }
        return lo < filtered.count && filtered[lo] == s ? lo : nil
    }

    /// The key context for the current screen and focus.
    public var keyContext: KeyContext {
        switch screen {
        case .segments: return focus == .detail ? .detail : .table
        case .tradeoff: return .tradeoff
        case .ethics: return .ethics
        case .data, .compare: return .global
        }
    }

    /// The contexts whose bindings act now, in order of precedence (after the `everywhere` ones):
    /// the help overlay's alone while it is open; else the screen's, the selected segment's where it
    /// is on screen, and the global ones. The footer's hints come from the same list.
    public var keyContexts: [KeyContext] {
        if showHelp { return [.help] }
        if keyContext == .global, showsSelectedSegment { return [.segmentShown, .global] }
        return keyContext.lookupOrder
    }

    /// The selected segment and its level are on screen: the Segments screen, the Data screen (its
    /// column), the Compare screen when it lists the segments. Level keys act only then.
    public var showsSelectedSegment: Bool {
        guard !Layout.isTooSmall(width: width, height: height) else { return false }
        switch screen {
        case .segments, .data: return true
        case .compare: return compareShowsSegments(self)
        case .tradeoff, .ethics: return false
        }
    }
}

/// One audit of a log as the dashboard shows it: its number, when, its intrusiveness and errors.
public struct AuditPoint: Sendable, Equatable {
    public var entry: Int
    public var recorded: String
    public var intrusiveness: Double
    public var errors: Int

    public init(entry: Int, recorded: String, intrusiveness: Double, errors: Int) {
        self.entry = entry
        self.recorded = recorded
        self.intrusiveness = intrusiveness
        self.errors = errors
    }
}
