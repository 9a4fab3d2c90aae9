import BalansModel
import BalansText

/// A key as the dashboard understands it, independent of ncurses.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter (lower case): `.ctrl("r")`.
    case ctrl(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    /// F1…F12.
    case function(Int)

    /// How the key is written in help and hints.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .function(let n): return "F\(n)"
        }
    }

    /// The label without Unicode arrows.
    public var asciiLabel: String {
        switch self {
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        default: return label
        }
    }
}

/// The dashboard's screens, in the order of SPEC §4 (F2…F6).
public enum Screen: Int, CaseIterable, Sendable {
    case segments, data, tradeoff, ethics, compare

    /// The screen's title in `catalogue`'s language.
    public func title(in catalogue: Catalogue) -> String {
        switch self {
        case .segments: return catalogue.text(.screenSegments)
        case .data: return catalogue.text(.screenData)
        case .tradeoff: return catalogue.text(.screenTradeoff)
        case .ethics: return catalogue.text(.screenEthics)
        case .compare: return catalogue.text(.screenCompare)
        }
    }

    /// The English title.
    public var title: String {
        switch self {
        case .segments: return "Segments"
        case .data: return "Data"
        case .tradeoff: return "Trade-off"
        case .ethics: return "Ethics"
        case .compare: return "Compare"
        }
    }

    /// The screens in the order Tab visits them (all of SPEC §4's).
    public static var available: [Screen] { allCases }
}

/// What the user asked for, whether by key or by mouse. Keys map to actions through `KeyMap`.
public enum Action: Hashable, Sendable {
    case selectPrevious, selectNext, selectFirst, selectLast, pageUp, pageDown
    /// Scroll the focused detail pane by a page (decision 0016).
    case detailPageUp, detailPageDown
    case levelDown, levelUp
    case setLevel(Int)
    case toggleExclusion
    case nextScreen, previousScreen
    case showScreen(Screen)
    case enterDetail, back
    case startFilter
    case undo, redo
    case save, saveAs, open
    /// Balance to a budget (asks for it).
    case balance
    /// Compare with a preset (asks for its path).
    case compare
    /// Trade-off screen: the next / previous point of the frontier, or its start.
    case frontierNext, frontierPrevious, frontierStart
    case help
    /// Close the help overlay (its keys are bound in `KeyContext.help`).
    case closeHelp
    case quit, quitNow
    /// Ctrl-Z: suspend to the shell (`fg` comes back).
    case suspend
    // Mouse
    case selectSegment(Int)
    case setSegmentLevel(segment: Int, level: Int)
    case scroll(Int)
    /// The wheel over the focused detail pane: its content moves by this many lines (decision 0016).
    case scrollDetail(Int)
    /// Ethics screen (decision 0023): move the breach selection, which past either end of the list
    /// scrolls the screen on (to the fairness table and the DPIA list) and back.
    case moveInBreaches(Step)
    /// Ethics screen: a click on a breach selects it; the wheel scrolls the screen by lines.
    case selectBreach(Int)
    case scrollEthics(Int)
    /// Ethics screen: show the selected breach's segment on the Segments screen.
    case showBreachSegment
    /// Help overlay: scroll by a step (keys) or by lines (the wheel).
    case scrollHelp(Step)
    case scrollHelpLines(Int)
}

/// A step through a list or a text, as the movement keys say it.
public enum Step: Hashable, Sendable {
    case previous, next, pageUp, pageDown, first, last
}

/// A mouse event in canvas coordinates.
public enum MouseEvent: Equatable, Sendable {
    case click(x: Int, y: Int)
    case wheelUp(x: Int, y: Int)
    case wheelDown(x: Int, y: Int)
}

/// Everything that can happen to the dashboard. The terminal module turns keys, mouse and resizes
/// into events, and reports the results of effects back as events.
public enum Event: Sendable {
    case key(Key)
    case action(Action)
    case resize(width: Int, height: Int)
    /// A save finished (`error` nil) or failed.
    case saved(path: String, error: BalansError?)
    /// An open finished.
    case opened(Result<LoadedPreset, BalansError>)
    /// A preset to compare with was loaded (or not).
    case compareLoaded(Result<LoadedPreset, BalansError>)
    /// Completions for the path being typed in a prompt.
    case completions(prefix: String, candidates: [String])
}

/// Side effects `update` asks the terminal module to carry out.
public enum Effect: Equatable, Sendable {
    /// Write `contents` to `path` atomically, then send `.saved`.
    case save(path: String, contents: String)
    /// Load the preset at `path`, then send `.opened`.
    case open(path: String)
    /// Load the preset at `path` for the Compare screen, then send `.compareLoaded`.
    case loadCompare(path: String)
    /// List the files that complete `prefix`, then send `.completions`.
    case complete(prefix: String)
    /// Ring the bell (an impossible move).
    case bell
    /// Leave the dashboard.
    case quit
    /// Hand the terminal back to the shell and stop (Ctrl-Z); the next frame is drawn whole.
    case suspend
}
