@testable import BalansModel

/// Writes GPP headers and US National sections (tests only), with `TCFBitWriter`.
enum GPPTestEncoder {
    /// The Fibonacci code of `n` ≥ 1: bit k for the (k + 2)-th Fibonacci number (1, 2, 3, 5, …),
    /// greedy from the largest, then a closing 1.
    static func fibonacci(_ n: Int, into w: inout TCFBitWriter) {
        precondition(n >= 1)
        var fibs = [1, 2]
        while fibs[fibs.count - 1] + fibs[fibs.count - 2] <= n { fibs.append(fibs[fibs.count - 1] + fibs[fibs.count - 2]) }
        while fibs.count > 1 && fibs[fibs.count - 1] > n { fibs.removeLast() }
        var bits = Array(repeating: false, count: fibs.count)
        var rest = n
        for k in stride(from: fibs.count - 1, through: 0, by: -1) where fibs[k] <= rest {
            bits[k] = true
            rest -= fibs[k]
        }
        for b in bits { w.write(b) }
        w.write(true)
    }

    /// A header listing `ids` (ascending, distinct): runs of consecutive ids as groups when
    /// `groups`, else every id alone.
    static func header(_ ids: [Int], groups: Bool = true, version: Int = 1) -> String {
        var runs: [(Int, Int)] = []
        for id in ids {
            if groups, let last = runs.last, last.1 + 1 == id { runs[runs.count - 1].1 = id } else { runs.append((id, id)) }
        }
        var w = TCFBitWriter()
        w.write(3, 6)
        w.write(version, 6)
        w.write(runs.count, 12)
        var last = 0
        for (a, b) in runs {
            w.write(a != b)
            fibonacci(a - last, into: &w)
            if a != b { fibonacci(b - a, into: &w) }
            last = b
        }
        return w.base64url
    }

    /// A US National section: the current layout (or the first one, 12 and 2 values, when the
    /// lists are that long), then the GPC subsection when `gpc` is set.
    static func usNational(_ n: GPPUSNational) -> String {
        var w = TCFBitWriter()
        w.write(n.version, 6)
        for v in [n.sharingNotice, n.saleOptOutNotice, n.sharingOptOutNotice, n.targetedAdvertisingOptOutNotice,
                  n.sensitiveDataProcessingOptOutNotice, n.sensitiveDataLimitUseNotice, n.saleOptOut, n.sharingOptOut,
                  n.targetedAdvertisingOptOut] { w.write(v, 2) }
        for v in n.sensitiveDataProcessing { w.write(v, 2) }
        for v in n.knownChildSensitiveDataConsents { w.write(v, 2) }
        for v in [n.personalDataConsents, n.mspaCoveredTransaction, n.mspaOptOutOptionMode, n.mspaServiceProviderMode] { w.write(v, 2) }
        var out = w.base64url
        if let gpc = n.gpc {
            var g = TCFBitWriter()
            g.write(1, 2)
            g.write(gpc)
            out += "." + g.base64url
        }
        return out
    }

    /// A random US National section in the current layout, values 0…2.
    static func randomUSNational(using g: inout SplitMix) -> GPPUSNational {
        func v() -> Int { Int.random(in: 0...2, using: &g) }
        return GPPUSNational(version: Int.random(in: 1...2, using: &g), sharingNotice: v(), saleOptOutNotice: v(), sharingOptOutNotice: v(),
                             targetedAdvertisingOptOutNotice: v(), sensitiveDataProcessingOptOutNotice: v(),
                             sensitiveDataLimitUseNotice: v(), saleOptOut: v(), sharingOptOut: v(), targetedAdvertisingOptOut: v(),
                             sensitiveDataProcessing: (0..<16).map { _ in v() }, knownChildSensitiveDataConsents: (0..<3).map { _ in v() },
                             personalDataConsents: v(), mspaCoveredTransaction: Int.random(in: 1...2, using: &g),
                             mspaOptOutOptionMode: v(), mspaServiceProviderMode: v(),
                             gpc: [nil, true, false].randomElement(using: &g)!)
    }
}
