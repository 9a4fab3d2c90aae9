/// Where a binding applies.
public enum KeyContext: Sendable, Equatable {
    /// Anywhere outside prompts and help.
    case global
    /// On the Segments screen, in the table.
    case table
    /// On the Segments screen, in the detail pane.
    case detail
    /// On the Trade-off screen.
    case tradeoff
}

/// One key binding: the keys, what they do, and the help text. The help screen and the footer
/// hints are generated from these, so they cannot disagree with what the keys do.
public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    /// A short label for the footer; nil keeps it out of the footer.
    public var hint: String?
    public var context: KeyContext

    public init(_ keys: [Key], _ action: Action, help: String, hint: String? = nil, context: KeyContext = .global) {
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
        Binding([.up, .char("k")], .selectPrevious, help: "select the previous segment", hint: "select"),
        Binding([.down, .char("j")], .selectNext, help: "select the next segment"),
        Binding([.home, .char("g")], .selectFirst, help: "select the first segment"),
        Binding([.end, .char("G")], .selectLast, help: "select the last segment"),
        Binding([.pageUp], .pageUp, help: "one page up"),
        Binding([.pageDown], .pageDown, help: "one page down"),
        Binding([.left, .char("h")], .levelDown, help: "lower the selected segment's level", hint: "level"),
        Binding([.right, .char("l")], .levelUp, help: "raise the selected segment's level"),
        Binding((0...9).map { .char(Character(String($0))) }, .setLevel(0), help: "set the level directly (0-9)"),
        Binding([.char(" ")], .toggleExclusion, help: "exclude / include the highlighted category for this segment",
                hint: "exclude", context: .detail),
        Binding([.tab], .nextScreen, help: "next screen", hint: "screen"),
        Binding([.backTab], .previousScreen, help: "previous screen"),
        Binding([.function(2)], .showScreen(.segments), help: "Segments screen"),
        Binding([.function(3)], .showScreen(.data), help: "Data screen"),
        Binding([.function(4)], .showScreen(.tradeoff), help: "Trade-off screen"),
        Binding([.function(5)], .showScreen(.ethics), help: "Ethics screen"),
        Binding([.function(6)], .showScreen(.compare), help: "Compare screen"),
        Binding([.enter], .enterDetail, help: "move into the detail pane", hint: "detail", context: .table),
        Binding([.escape], .back, help: "back out of the detail pane, clear the filter"),
        Binding([.char("/")], .startFilter, help: "filter segments by name", hint: "filter"),
        Binding([.char("u")], .undo, help: "undo", hint: "undo"),
        Binding([.ctrl("r")], .redo, help: "redo"),
        Binding([.char("s")], .save, help: "save the preset", hint: "save"),
        Binding([.char("S")], .saveAs, help: "save the preset as…"),
        Binding([.char("o")], .open, help: "open a preset", hint: "open"),
        Binding([.char("b")], .balance, help: "balance to a budget (asks for it)", hint: "balance"),
        Binding([.char("c")], .compare, help: "compare with a preset (asks for its path)"),
        Binding([.char("n"), .char("]")], .frontierNext, help: "step to the next point of the frontier",
                hint: "next", context: .tradeoff),
        Binding([.char("p"), .char("[")], .frontierPrevious, help: "step back to the previous point of the frontier",
                hint: "back", context: .tradeoff),
        Binding([.char("r")], .frontierStart, help: "reset to the frontier's start (the least intrusive allowed setting)",
                hint: "start", context: .tradeoff),
        Binding([.char("?"), .function(1)], .help, help: "help (this screen)", hint: "help"),
        Binding([.char("q")], .quit, help: "quit (asks first when there are unsaved changes)", hint: "quit"),
        Binding([.ctrl("c")], .quitNow, help: "quit at once"),
    ])

    /// The action of `key` in `context` (detail bindings take precedence there; table bindings apply
    /// in the table only).
    public func action(for key: Key, in context: KeyContext) -> Action? {
        // The context's own bindings first, wherever they are in the list, then the global ones.
        let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) })
            ?? bindings.first(where: { $0.context == .global && $0.keys.contains(key) })
        guard let b = binding else { return nil }
        if case .setLevel = b.action, case .char(let c) = key, let n = c.wholeNumberValue { return .setLevel(n) }
        return b.action
    }

    /// "↑ ↓ / k j" for a binding, with ASCII arrows when Unicode is off.
    public static func keysLabel(_ b: Binding, unicode: Bool) -> String {
        if case .setLevel = b.action { return "0-9" }
        return b.keys.map { unicode ? $0.label : $0.asciiLabel }.joined(separator: " ")
    }
}
