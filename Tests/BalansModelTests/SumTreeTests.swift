import Testing
@testable import BalansModel

/// A non-commutative monoid: concatenation keeps the order of the leaves, so a tree that combined
/// children in the wrong order, lost a leaf or counted a padding leaf would show it.
private struct Trail: Combinable, Equatable {
    var items: [Int] = []
    static let identity = Trail()
    static func combine(_ a: Trail, _ b: Trail) -> Trail { Trail(items: a.items + b.items) }
}

/// A numeric monoid whose fold is order-sensitive in floating point as well: (sum, count).
private struct Sum: Combinable, Equatable {
    var total: Double = 0
    var count: Int = 0
    static let identity = Sum()
    static func combine(_ a: Sum, _ b: Sum) -> Sum { Sum(total: a.total + b.total, count: a.count + b.count) }
}

@Suite("SumTree")
struct SumTreeTests {
    private func fold<T: Combinable>(_ leaves: [T]) -> T { leaves.reduce(T.identity, T.combine) }

    @Test("totals after updates equal a linear fold", arguments: [0, 1, 2, 3, 5, 8, 17])
    func totalsAfterUpdates(size n: Int) {
        var leaves = (0..<n).map { Trail(items: [$0]) }
        var tree = SumTree(leaves)
        #expect(tree.count == n)
        #expect(tree.total == fold(leaves))
        #expect(tree.total.items == Array(0..<n))
        // Update every leaf in a scattered order, some to empty and some to longer runs.
        var next = 100
        for step in 0..<(3 * n) {
            let i = (step * 7 + 3) % n
            let value = step % 4 == 0 ? Trail() : Trail(items: [next, next + 1].prefix(step % 2 + 1).map { $0 })
            next += 2
            leaves[i] = value
            tree.update(i, value)
            #expect(tree.total == fold(leaves), "after updating leaf \(i)")
            #expect(tree[i] == value)
        }
        for i in 0..<n { #expect(tree[i] == leaves[i]) }
    }

    @Test("numeric totals and counts follow updates", arguments: [0, 1, 2, 3, 5, 8, 17])
    func numeric(size n: Int) {
        var leaves = (0..<n).map { Sum(total: Double($0) * 1.5, count: 1) }
        var tree = SumTree(leaves)
        // Σ 1.5 i for i < n = 1.5 × n(n − 1) / 2, all exact in binary.
        #expect(tree.total.total == 1.5 * Double(n * (n - 1)) / 2)
        #expect(tree.total.count == n)
        for i in stride(from: n - 1, through: 0, by: -2) {
            leaves[i] = Sum(total: -Double(i), count: 2)
            tree.update(i, leaves[i])
        }
        #expect(tree.total.count == fold(leaves).count)
        #expect(tree.total.total == fold(leaves).total)  // small integers and halves: exact either way
    }

    @Test("an empty tree totals to the identity")
    func empty() {
        let tree = SumTree<Trail>([])
        #expect(tree.total == Trail.identity)
        #expect(tree.count == 0)
    }
}
