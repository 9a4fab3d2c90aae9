import Dispatch

/// The two halves of a large piece of work, run at once (the project machine has two cores; a
/// 100 000-segment scenario is decoded and scored in halves). Used only where each half writes
/// its own slots and nothing else is shared but what both only read.
public enum Parallel {
    /// Runs `body(0)` and `body(1)` at once and returns when both are done.
    public static func halves(_ body: @Sendable (Int) -> Void) {
        forEach(2, body)
    }

    /// Runs `body(0)` … `body(n - 1)`, as many at once as there are cores, and returns when all
    /// are done (`consent tcf --jobs`: one part of a file each).
    public static func forEach(_ n: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }

    /// `(0..<n).map(transform)`, the two halves at once when `n` is at least `threshold`.
    public static func map<T>(_ n: Int, threshold: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        guard n >= threshold else { return (0..<n).map(transform) }
        return [T](unsafeUninitializedCapacity: n) { buffer, count in
            let base = UnsafeSendable(buffer.baseAddress!)
            halves { half in
                for i in half == 0 ? 0..<n / 2 : n / 2..<n { (base.value + i).initialize(to: transform(i)) }
            }
            count = n
        }
    }
}

/// A value handed to both halves of a `Parallel` run: each half touches only its own part of it.
public struct UnsafeSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
