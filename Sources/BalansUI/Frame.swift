/// A clickable area of a rendered frame and the action a click there means.
public struct HitRegion: Equatable, Sendable {
    public var rect: Rect
    public var action: Action

    public init(_ rect: Rect, _ action: Action) {
        self.rect = rect
        self.action = action
    }
}

/// One rendered screen: the cells, where the mouse can click, and where the cursor goes (in a
/// prompt) or nil to hide it.
public struct Frame: Sendable {
    public var canvas: Canvas
    public var hits: [HitRegion]
    public var cursor: (x: Int, y: Int)?

    public init(canvas: Canvas, hits: [HitRegion] = [], cursor: (x: Int, y: Int)? = nil) {
        self.canvas = canvas
        self.hits = hits
        self.cursor = cursor
    }

    /// What a mouse event means on this frame: the topmost (last drawn) region under a click, or a
    /// scroll for the wheel.
    public func action(for mouse: MouseEvent) -> Action? {
        switch mouse {
        case .click(let x, let y):
            return hits.last(where: { $0.rect.contains(x: x, y: y) })?.action
        case .wheelUp:
            return .scroll(-3)
        case .wheelDown:
            return .scroll(3)
        }
    }
}
