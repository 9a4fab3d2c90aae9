/// A clickable area of a rendered frame and the action a click there means.
public struct HitRegion: Equatable, Sendable {
    public var rect: Rect
    public var action: Action

    public init(_ rect: Rect, _ action: Action) {
        self.rect = rect
        self.action = action
    }
}

/// One rendered screen: the cells, where the mouse can click, where the wheel scrolls something
/// other than the table, and where the cursor goes (in a prompt) or nil to hide it.
public struct Frame: Sendable {
    public var canvas: Canvas
    public var hits: [HitRegion]
    /// Areas where the wheel scrolls the focused detail pane instead of the table.
    public var detailWheel: [Rect]
    /// Areas where the wheel scrolls the Ethics screen's content.
    public var ethicsWheel: [Rect]
    /// The help overlay is open: the wheel scrolls it, wherever it turns.
    public var helpWheel: Bool
    public var cursor: (x: Int, y: Int)?

    public init(canvas: Canvas, hits: [HitRegion] = [], detailWheel: [Rect] = [], ethicsWheel: [Rect] = [],
                helpWheel: Bool = false, cursor: (x: Int, y: Int)? = nil) {
        self.canvas = canvas
        self.hits = hits
        self.detailWheel = detailWheel
        self.ethicsWheel = ethicsWheel
        self.helpWheel = helpWheel
        self.cursor = cursor
    }

    /// What a mouse event means on this frame: the topmost (last drawn) region under a click; for
    /// the wheel, three lines of the help when it is open, else of the focused detail pane or the
    /// Ethics screen when it is over them, else of the table.
    public func action(for mouse: MouseEvent) -> Action? {
        switch mouse {
        case .click(let x, let y):
            return hits.last(where: { $0.rect.contains(x: x, y: y) })?.action
        case .wheelUp(let x, let y):
            return wheel(x: x, y: y, lines: -3)
        case .wheelDown(let x, let y):
            return wheel(x: x, y: y, lines: 3)
        }
    }

    private func wheel(x: Int, y: Int, lines: Int) -> Action {
        if helpWheel { return .scrollHelpLines(lines) }
        if detailWheel.contains(where: { $0.contains(x: x, y: y) }) { return .scrollDetail(lines) }
        if ethicsWheel.contains(where: { $0.contains(x: x, y: y) }) { return .scrollEthics(lines) }
        return .scroll(lines)
    }
}
