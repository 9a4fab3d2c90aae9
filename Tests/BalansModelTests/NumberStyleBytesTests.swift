import Testing
@testable import BalansModel
@testable import BalansText

/// `NumberStyle.fixed` writes its digits as bytes in one pass (decision 0028); `fixedByText`, the
/// way through `formatFixed`'s text that it replaced, is the reference. Every number people read
/// goes through here, so the two must agree on every double, in every style.
@Suite("Fixed-point numbers written as bytes")
struct NumberStyleBytesTests {
    static let styles = [NumberStyle(.en), NumberStyle(.sv), NumberStyle(.en, unicode: false), NumberStyle(.sv, unicode: false)]

    /// SplitMix64: the same values on every run.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func check(_ x: Double, _ decimals: Int) {
        for style in styles {
            let fast = style.fixed(x, decimals), reference = style.fixedByText(x, decimals)
            #expect(fast == reference, "\(x) with \(decimals) decimals, \(style.language) unicode \(style.unicode)")
            // The byte writer gives the same text and its width in cells.
            let out = ByteWriter(capacity: 64)
            let cells = style.write(fixed: x, decimals, to: out)
            let written = String(decoding: out.bytes, as: UTF8.self)
            #expect(written == reference)
            #expect(cells == DisplayWidth.of(reference), "\(reference)")
        }
    }

    @Test("edges: zeros, halves, carries, signs, the integer limit, infinities and NaN")
    func edges() {
        let values: [Double] = [
            0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 0.35, 0.45, 1.005, 2.675, 9.995, 99.95, 999.5, 999.4999999,
            1e-300, -1e-300, .leastNonzeroMagnitude, 1234, -1234, 1234.5, -1234.567, 999_999.5, 1_000_000, 12_345_678.9, -98_765_432.1,
            4_503_599_627_370_496, 8_999_999_999_999_999, 9e15, 9.1e15, 1e16, 1e300, -1e300, .greatestFiniteMagnitude,
            .infinity, -.infinity, .nan, 0.1 + 0.2, 1 / 3, -2 / 3, 45_268, 0.999_95, -0.000_4,
        ]
        for x in values {
            for decimals in [0, 1, 2, 3, 4, 6, 15, 16, 20] { Self.check(x, decimals) }
        }
    }

    @Test("random doubles of every magnitude, and values a rounding step apart")
    func random() {
        var g = Seeded(state: 2026_12_02)
        for _ in 0..<4000 {
            let bits = g.next()
            // Random bit patterns (every exponent) and decimal-looking values (near halves).
            let anyDouble = Double(bitPattern: bits)
            let decimal = Double(Int64(bitPattern: g.next()) % 10_000_000_000) / Double([1, 10, 100, 1000, 10_000][Int(bits % 5)])
            let decimals = Int(bits >> 60) % 5
            Self.check(anyDouble, decimals)
            Self.check(decimal, decimals)
            Self.check(decimal + 0.005, decimals)
            Self.check(decimal.nextUp, decimals)
            Self.check(-decimal.nextDown, decimals)
        }
    }
}
