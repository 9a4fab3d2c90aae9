/// A value that can be combined associatively, with an identity (a monoid). `combine(a, b)` may
/// depend on order: `a` covers the segments before `b`.
public protocol Combinable: Sendable {
    static var identity: Self { get }
    static func combine(_ a: Self, _ b: Self) -> Self
}

/// A segment tree over leaves: O(log n) update of one leaf, O(1) total, combination order kept.
/// The dashboard uses it so that one level change re-aggregates in O(log n), not O(n), and the
/// totals never drift the way repeated subtract-and-add would.
public struct SumTree<Value: Combinable>: Sendable {
    private var nodes: [Value]
    private let capacity: Int
    public let count: Int

    public init(_ leaves: [Value]) {
        count = leaves.count
        var cap = 1
        while cap < max(1, leaves.count) { cap <<= 1 }
        capacity = cap
        nodes = Array(repeating: Value.identity, count: 2 * cap)
        for (i, v) in leaves.enumerated() { nodes[cap + i] = v }
        var i = cap - 1
        while i >= 1 {
            nodes[i] = Value.combine(nodes[2 * i], nodes[2 * i + 1])
            i -= 1
        }
    }

    public var total: Value { nodes[1] }

    /// What `SumTree(leaves).total` is, combined in exactly the same pairs and order (so the same
    /// bits for floating-point sums), without keeping the tree: for a setting scored once.
    public static func total(of leaves: [Value]) -> Value {
        var cap = 1
        while cap < max(1, leaves.count) { cap <<= 1 }
        var level = leaves
        level.reserveCapacity(cap)
        while level.count < cap { level.append(Value.identity) }
        var width = cap
        while width > 1 {
            width /= 2
            for i in 0..<width { level[i] = Value.combine(level[2 * i], level[2 * i + 1]) }
        }
        return level[0]
    }

    public subscript(i: Int) -> Value { nodes[capacity + i] }

    public mutating func update(_ i: Int, _ value: Value) {
        var n = capacity + i
        nodes[n] = value
        n /= 2
        while n >= 1 {
            nodes[n] = Value.combine(nodes[2 * n], nodes[2 * n + 1])
            n /= 2
        }
    }
}
