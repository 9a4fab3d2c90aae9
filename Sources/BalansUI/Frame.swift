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
    public var cursor: (x: Int, y: Int)?

    public init(canvas: Canvas, hits: [HitRegion] = [], detailWheel: [Rect] = [], cursor: (x: Int, y: Int)? = nil) {
        self.canvas = canvas
        self.hits = hits
        self.detailWheel = detailWheel
        self.cursor = cursor
    }

    /// What a mouse event means on this frame: the topmost (last drawn) region under a click; for
    /// the wheel, three lines of the focused detail pane when it is over it, else of the table.
    public func action(for mouse: MouseEvent) -> Action? {
        switch mouse {
        case .click(let x, let y):
            return hits.last(where: { $0.rect.contains(x: x, y: y) })?.action
        case .wheelUp(let x, let y):
            return detailWheel.contains(where: { $0.contains(x: x, y: y) }) ? .scrollDetail(-3) : .scroll(-3)
        case .wheelDown(let x, let y):
            return detailWheel.contains(where: { $0.contains(x: x, y: y) }) ? .scrollDetail(3) : .scroll(3)
        }
    }
}
