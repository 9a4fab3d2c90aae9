/// Where a binding applies.
public enum KeyContext: Sendable, Equatable {
    /// In every mode, prompts, the filter and the help overlay included (Ctrl-C): no mode can
    /// swallow these keys. The help screen lists them with the global ones.
    case everywhere
    /// Anywhere outside prompts and help.
    case global
    /// On the Segments screen, in the table.
    case table
    /// On the Segments screen, in the detail pane.
    case detail
    /// Wherever the selected segment and its level are on screen: the Segments screen (table and
    /// detail pane), the Data screen, and the Compare screen's segment table. The level keys live
    /// here, so that they never change a segment out of sight (and the footer offers them only
    /// where they act).
    case segmentShown
    /// On the Trade-off screen.
    case tradeoff
    /// On the Ethics screen: the breach list (decision 0023).
    case ethics
    /// While the help overlay is open: only these keys (and the `everywhere` ones) act; the rest
    /// are swallowed, so that nothing changes under the overlay.
    case help

    /// The contexts whose bindings apply, in order of precedence, when `self` has the keys (the
    /// `everywhere` ones come first in any case): its own, the selected segment's where it is shown
    /// (the table and the detail pane show it), then the global ones — except in the modal
    /// contexts (help, everywhere), which do not fall back to them.
    var lookupOrder: [KeyContext] {
        switch self {
        case .everywhere, .help: return [self]
        case .table, .detail: return [self, .segmentShown, .global]
        case .global: return [.global]
        case .segmentShown, .tradeoff, .ethics: return [self, .global]
        }
    }
}

/// One key binding: the keys, what they do, and the help text (a catalogue key, so that help
/// speaks the dashboard's language). The help screen and the footer
/// hints are generated from these, so they cannot disagree with what the keys do.
public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: UIText
    /// A short label for the footer; nil keeps it out of the footer.
    public var hint: UIText?
    public var context: KeyContext

    public init(_ keys: [Key], _ action: Action, help: UIText, hint: UIText? = nil, context: KeyContext = .global) {
        self.keys = keys
        self.action = action
        self.help = help
        self.hint = hint
        self.context = context
    }
}

/// The key table of SPEC §4 as data.
public struct KeyMap: Sendable {
    public var bindings: [Binding]

    public static let standard = KeyMap(bindings: [
        Binding([.up, .char("k")], .selectPrevious, help: .keySelectPrevious, hint: .hintSelect),
        Binding([.down, .char("j")], .selectNext, help: .keySelectNext),
        Binding([.home, .char("g")], .selectFirst, help: .keySelectFirst),
        Binding([.end, .char("G")], .selectLast, help: .keySelectLast),
        Binding([.pageUp], .pageUp, help: .keyPageUp),
        Binding([.pageDown], .pageDown, help: .keyPageDown),
        // The Ethics screen's list (decision 0023): before the level keys, so that its hints come first.
        Binding([.up, .char("k")], .moveInBreaches(.previous), help: .keyBreachPrevious, hint: .hintBreach, context: .ethics),
        Binding([.down, .char("j")], .moveInBreaches(.next), help: .keyBreachNext, context: .ethics),
        Binding([.home, .char("g")], .moveInBreaches(.first), help: .keyBreachFirst, context: .ethics),
        Binding([.end, .char("G")], .moveInBreaches(.last), help: .keyBreachLast, context: .ethics),
        Binding([.pageUp], .moveInBreaches(.pageUp), help: .keyBreachPageUp, context: .ethics),
        Binding([.pageDown], .moveInBreaches(.pageDown), help: .keyBreachPageDown, hint: .hintDetailMore, context: .ethics),
        Binding([.enter], .showBreachSegment, help: .keyBreachSegment, hint: .hintBreachSegment, context: .ethics),
        // Only where the selected segment is on screen (item 2 of issue 12).
        Binding([.left, .char("h")], .levelDown, help: .keyLevelDown, hint: .hintLevel, context: .segmentShown),
        Binding([.right, .char("l")], .levelUp, help: .keyLevelUp, context: .segmentShown),
        Binding((0...9).map { .char(Character(String($0))) }, .setLevel(0), help: .keySetLevel, context: .segmentShown),
        Binding([.char(" ")], .toggleExclusion, help: .keyToggleExclusion,
                hint: .hintExclude, context: .detail),
        Binding([.pageUp], .detailPageUp, help: .keyDetailPageUp, context: .detail),
        Binding([.pageDown], .detailPageDown, help: .keyDetailPageDown, hint: .hintDetailMore, context: .detail),
        Binding([.tab], .nextScreen, help: .keyNextScreen, hint: .hintScreen),
        Binding([.backTab], .previousScreen, help: .keyPreviousScreen),
        Binding([.function(2)], .showScreen(.segments), help: .keySegmentsScreen),
        Binding([.function(3)], .showScreen(.data), help: .keyDataScreen),
        Binding([.function(4)], .showScreen(.tradeoff), help: .keyTradeoffScreen),
        Binding([.function(5)], .showScreen(.ethics), help: .keyEthicsScreen),
        Binding([.function(6)], .showScreen(.compare), help: .keyCompareScreen),
        Binding([.enter], .enterDetail, help: .keyEnterDetail, hint: .hintDetail, context: .table),
        Binding([.escape], .back, help: .keyBack),
        Binding([.char("/")], .startFilter, help: .keyFilter, hint: .hintFilter),
        Binding([.char("u")], .undo, help: .keyUndo, hint: .hintUndo),
        Binding([.ctrl("r")], .redo, help: .keyRedo),
        Binding([.char("s")], .save, help: .keySave, hint: .hintSave),
        Binding([.char("S")], .saveAs, help: .keySaveAs),
        Binding([.char("o")], .open, help: .keyOpen, hint: .hintOpen),
        Binding([.char("b")], .balance, help: .keyBalance, hint: .hintBalance),
        Binding([.char("c")], .compare, help: .keyCompare),
        Binding([.char("n"), .char("]")], .frontierNext, help: .keyFrontierNext,
                hint: .hintNext, context: .tradeoff),
        Binding([.char("p"), .char("[")], .frontierPrevious, help: .keyFrontierPrevious,
                hint: .hintBack, context: .tradeoff),
        Binding([.char("r")], .frontierStart, help: .keyFrontierStart,
                hint: .hintStart, context: .tradeoff),
        Binding([.char("?"), .function(1)], .help, help: .keyHelp, hint: .hintHelp),
        Binding([.char("q")], .quit, help: .keyQuit, hint: .hintQuit),
        Binding([.ctrl("c")], .quitNow, help: .keyQuitNow, context: .everywhere),
        Binding([.ctrl("z")], .suspend, help: .keySuspend, context: .everywhere),
        // The help overlay scrolls (issue 12); every other key is swallowed there.
        Binding([.up, .char("k")], .scrollHelp(.previous), help: .keyHelpUp, hint: .hintScroll, context: .help),
        Binding([.down, .char("j")], .scrollHelp(.next), help: .keyHelpDown, context: .help),
        Binding([.pageUp], .scrollHelp(.pageUp), help: .keyHelpPageUp, context: .help),
        Binding([.pageDown], .scrollHelp(.pageDown), help: .keyHelpPageDown, context: .help),
        Binding([.home, .char("g")], .scrollHelp(.first), help: .keyHelpTop, context: .help),
        Binding([.end, .char("G")], .scrollHelp(.last), help: .keyHelpBottom, context: .help),
        Binding([.escape, .char("?"), .function(1), .char("q")], .closeHelp, help: .footerCloseHelp, hint: .footerCloseHelp, context: .help),
    ])

    /// The action of `key` in `context`: the `everywhere` bindings first (nothing shadows them),
    /// then the context's own (detail bindings take precedence there; table bindings apply in the
    /// table only), then the selected segment's (in the table and the detail pane), then, outside
    /// modal contexts, the global ones.
    public func action(for key: Key, in context: KeyContext) -> Action? {
        action(for: key, in: context.lookupOrder)
    }

    /// The action of `key` when `contexts` apply, the first with a binding for it winning (after the
    /// `everywhere` ones, wherever the bindings are in the list).
    public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        guard let b = binding(for: key, in: contexts) else { return nil }
        if case .setLevel = b.action, case .char(let c) = key, let n = c.wholeNumberValue { return .setLevel(n) }
        return b.action
    }

    /// The binding that acts on `key` when `contexts` apply.
    func binding(for key: Key, in contexts: [KeyContext]) -> Binding? {
        for context in [.everywhere] + contexts {
            if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b }
        }
        return nil
    }

    /// "↑ ↓ / k j" for a binding, with ASCII arrows when Unicode is off.
    public static func keysLabel(_ b: Binding, unicode: Bool) -> String {
        if case .setLevel = b.action { return "0-9" }
        return b.keys.map { unicode ? $0.label : $0.asciiLabel }.joined(separator: " ")
    }
}
