// Tests for NumberFormat: byte-for-byte equality with the contract function
// (reference(_:) below, the function being replaced), round trip through
// Double(String), and Int formatting against String(Int).
//
// Counts: the big random runs use 10 million random bit patterns and 1 million
// doubles in each of [0, 1) and [0, 100) in release builds
// (`swift test -c release`); debug builds use smaller counts so that
// `swift test` stays fast. Override with the environment variables
// NUMFMT_RANDOM_BITS, NUMFMT_RANDOM_RANGE and NUMFMT_RANDOM_INTS.

import Foundation
import Testing
@testable import BalansModel

// MARK: - The contract (the existing function, verbatim)

func reference(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    if x == x.rounded(), abs(x) < 1e17 {
        if x == 0 { return "0" }
        return String(Int64(x))
    }
    return x.description
}

// MARK: - Helpers

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator so that runs
/// are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Counts {
    static func env(_ name: String, _ fallback: Int) -> Int {
        if let s = ProcessInfo.processInfo.environment[name], let n = Int(s), n >= 0 { return n }
        return fallback
    }
    #if DEBUG
    static let randomBits = env("NUMFMT_RANDOM_BITS", 200_000)
    static let randomRange = env("NUMFMT_RANDOM_RANGE", 50_000)
    static let randomInts = env("NUMFMT_RANDOM_INTS", 100_000)
    static let smallSubnormals = 20_000
    static let randomPerExponent = 16
    #else
    static let randomBits = env("NUMFMT_RANDOM_BITS", 10_000_000)
    static let randomRange = env("NUMFMT_RANDOM_RANGE", 1_000_000)
    static let randomInts = env("NUMFMT_RANDOM_INTS", 1_000_000)
    static let smallSubnormals = 1_000_000
    static let randomPerExponent = 512
    #endif
}

/// Checks doubles against the contract; collects the first failures.
final class Checker {
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
    var checked = 0
    var failures: [String] = []
    var failureCount = 0
    /// Also compare writeDescription with x.description.
    let checkDescription: Bool

    init(checkDescription: Bool = true) {
        self.checkDescription = checkDescription
    }
    deinit { buffer.deallocate() }

    private func fail(_ message: String) {
        failureCount += 1
        if failures.count < 20 { failures.append(message) }
    }

    private func bytes(_ n: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: buffer, count: n), as: UTF8.self)
    }

    /// Fills the whole buffer with a sentinel first when `guardBytes`, and then
    /// checks that nothing past the returned count was touched.
    func check(_ x: Double, guardBytes: Bool = false) {
        checked += 1
        let expected = reference(x)
        if guardBytes { buffer.update(repeating: 0xAA, count: 64) }
        let n = NumberFormat.write(x, into: buffer)
        if n < 1 || n > 32 {
            fail("write(\(x.bitPattern.hex)) returned \(n)")
            return
        }
        if !expected.utf8.elementsEqual(UnsafeBufferPointer(start: buffer, count: n)) {
            fail("write(\(x.bitPattern.hex)): got \"\(bytes(n))\", expected \"\(expected)\"")
        }
        if guardBytes {
            for i in n ..< 64 where buffer[i] != 0xAA {
                fail("write(\(x.bitPattern.hex)) touched byte \(i) past its count \(n)")
                break
            }
        }
        if x.isFinite {
            // Round trip: the text parses back to the same value (-0.0 -> "0" -> 0.0 == -0.0).
            if let back = Double(expected), back == x {} else {
                fail("round trip of \(x.bitPattern.hex) via \"\(expected)\" failed")
            }
        }
        if checkDescription {
            let d = x.description
            let m = NumberFormat.writeDescription(x, into: buffer)
            if m < 1 || m > 32 || !d.utf8.elementsEqual(UnsafeBufferPointer(start: buffer, count: m)) {
                fail("writeDescription(\(x.bitPattern.hex)): got \"\(bytes(max(0, min(m, 32))))\", expected \"\(d)\"")
            }
        }
    }

    func checkBoth(_ x: Double, guardBytes: Bool = false) {
        check(x, guardBytes: guardBytes)
        check(-x, guardBytes: guardBytes)
    }

    /// x and its `ulps` neighbours on either side, both signs.
    func checkAround(_ x: Double, ulps: Int) {
        checkBoth(x, guardBytes: true)
        var up = x, down = x
        for _ in 0 ..< ulps {
            up = up.nextUp
            down = down.nextDown
            checkBoth(up)
            checkBoth(down)
        }
    }

    func expectClean(_ what: String, minimum: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) {
        print("NumberFormatTests: \(what): \(checked) values checked, \(failureCount) failures")
        #expect(checked >= minimum, "\(what): only \(checked) values checked", sourceLocation: sourceLocation)
        #expect(failureCount == 0,
                "\(what): \(failureCount) of \(checked) failed; first: \(failures.joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }
}

extension UInt64 {
    var hex: String { "0x" + String(self, radix: 16) + " (\(Double(bitPattern: self)))" }
}

// MARK: - Fixed values

@Test func knownOutputs() {
    // Spot checks of the expected text itself (not only equality with the reference).
    let table: [(Double, String)] = [
        (0.0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (0.1, "0.1"), (-0.1, "-0.1"),
        (0.5, "0.5"), (1e-5, "1e-05"), (0.0001, "0.0001"), (0.00012, "0.00012"),
        (0.1 + 0.2, "0.30000000000000004"), (123.456, "123.456"),
        (1e17, "1e+17"), (1.2345678901234568e+17, "1.2345678901234568e+17"),
        (99999999999999984, "99999999999999984"), (9007199254740992, "9007199254740992"),
        (Double.leastNonzeroMagnitude, "5e-324"), (2 * Double.leastNonzeroMagnitude, "1e-323"),
        (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        (Double.leastNormalMagnitude, "2.2250738585072014e-308"),
        (Double.leastNormalMagnitude.nextDown, "2.225073858507201e-308"),
        (1e23, "1e+23"), (1e22, "1e+22"), (4503599627370495.5, "4503599627370495.5"),
        (1125899906842624.25, "1125899906842624.2"), (1125899906842624.75, "1125899906842624.8"),
        (Double.nan, "null"), (Double.infinity, "null"), (-Double.infinity, "null"),
        (1e-7, "1e-07"), (-2.5e-300, "-2.5e-300"), (1e100, "1e+100"),
    ]
    for (x, text) in table {
        #expect(NumberFormat.string(x) == text, "\(x)")
        #expect(reference(x) == text, "reference(\(x))")   // the table itself is right
    }
}

@Test func specialValues() {
    let c = Checker()
    let values: [Double] = [
        0.0, 1, 2, 0.5, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 10, 100, 1e-5, 1e-4, 1e-3,
        .greatestFiniteMagnitude, .leastNormalMagnitude, .leastNonzeroMagnitude,
        Double.leastNormalMagnitude.nextDown,          // largest subnormal
        2 * Double.leastNonzeroMagnitude, 3 * Double.leastNonzeroMagnitude,
        .pi, .ulpOfOne, 1 + .ulpOfOne, 1 - .ulpOfOne / 2,
        1e17, 1e17.nextUp, 1e17.nextDown, 1e16, 1e15, 1e18, 1e21, 1e22, 1e23,
        9007199254740992, Double("9007199254740993")!, 9007199254740991, 9007199254740994,
        4503599627370496, 4503599627370495.5, 4503599627370497,
        18014398509481984, 18014398509481988, 36028797018963968,
        Double("123456789012345678")!, Double("12345678901234567")!, 1234567890123456.7,
        Double("5e-324")!, Double("1e-323")!, 2.2250738585072014e-308, Double("2.225073858507201e-308")!,
        1.7976931348623157e+308, 8.98846567431158e307, Double("4.9406564584124654e-324")!,
        0.30000000000000004, 100.0 - 1e-13, 99.99999999999999, 0.9999999999999999,
        Double(Int64.max), Double(Int64.min), Double(Int32.max), -1e-300, 1e300,
    ]
    for x in values { c.checkBoth(x, guardBytes: true) }
    for x in values where x.isFinite {
        #expect(NumberFormat.string(x) == reference(x))
        #expect(NumberFormat.string(-x) == reference(-x))
    }
    c.expectClean("special values", minimum: 2 * values.count)
}

@Test func nonFinite() {
    let c = Checker(checkDescription: false)
    let nans: [Double] = [.nan, -.nan, .signalingNaN, .infinity, -.infinity,
                          Double(bitPattern: 0x7FF0_0000_0000_0001), Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF)]
    for x in nans {
        c.check(x, guardBytes: true)
        #expect(NumberFormat.string(x) == "null")
    }
    c.expectClean("non-finite", minimum: nans.count)
    // writeDescription mirrors description for the infinities and NaN.
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
    defer { buffer.deallocate() }
    for x in [Double.infinity, -.infinity, .nan] {
        let n = NumberFormat.writeDescription(x, into: buffer)
        #expect(String(decoding: UnsafeBufferPointer(start: buffer, count: n), as: UTF8.self) == x.description)
    }
}

@Test func powersOfTwo() {
    let c = Checker()
    for e in -1074 ... 1023 {
        let x = Double(sign: .plus, exponent: e, significand: 1)
        c.checkAround(x, ulps: 2)
    }
    c.expectClean("powers of two", minimum: 2098 * 10)
}

@Test func powersOfTen() {
    let c = Checker()
    for k in -323 ... 308 {
        let x = Double("1e\(k)")!
        c.checkAround(x, ulps: 3)
        c.checkAround(Double("5e\(k)")!, ulps: 1)
        if k < 308 { c.checkAround(Double("9.999999999999999e\(k)")!, ulps: 1) }
    }
    c.expectClean("powers of ten", minimum: 632 * 14)
}

@Test func boundaries() {
    let c = Checker()
    // Around 1e17 (integer route ends), 2^53 (description switches to
    // exponential above it), 1e16, 2^52, 2^54, 1e-5 and 1e-4 (exponential below),
    // 1 and 100 (Balans' usual ranges).
    let centres: [Double] = [1e17, 9007199254740992, 1e16, 4503599627370496, 18014398509481984,
                             1e-5, 1e-4, 1e-3, 1, 100, 0.1, 0.5, 10, 1e15]
    for x in centres { c.checkAround(x, ulps: 64) }
    // 2^53 ± 1 as integers converted to Double (rounded to even).
    for d in -4 ... 4 { c.checkBoth(Double((1 << 53) + d)) }
    // Every double between 1e17 - 1000 and 1e17 + 1000 and near the 1e-4 threshold.
    var x = 1e17 - 1000
    while x <= 1e17 + 1000 { c.checkBoth(x); x = x.nextUp }
    c.expectClean("boundaries", minimum: centres.count * 200)
}

@Test func integralValuesAndHalfNeighbours() {
    let c = Checker()
    var rng = SplitMix64(seed: 42)
    var integers: [Double] = Array((0 ..< 2000).map(Double.init))
    for e in 0 ... 60 { integers.append(Double(sign: .plus, exponent: e, significand: 1)) }
    for k in 0 ... 17 { integers.append(Double("1e\(k)")!) }
    for _ in 0 ..< 20_000 {
        let bits = Int.random(in: 1 ... 56, using: &rng)
        integers.append(Double(UInt64.random(in: 0 ..< (1 << UInt64(bits)), using: &rng)))
    }
    for n in integers {
        c.checkBoth(n)
        c.checkBoth(n + 0.5)
        c.checkBoth(n - 0.5)
        c.checkBoth(n + 0.25)
        c.checkBoth(n.nextUp)
        c.checkBoth(n.nextDown)
        c.checkBoth((n + 0.5).nextUp)
        c.checkBoth((n + 0.5).nextDown)
    }
    c.expectClean("integral values and .5 neighbours", minimum: integers.count * 16)
}

@Test func everyBinaryExponent() {
    // Each power-of-ten table row is used by ~3 binary exponents: sweep them all.
    let c = Checker()
    var rng = SplitMix64(seed: 7)
    let fractionMax: UInt64 = (1 << 52) - 1
    for biased in UInt64(0) ... 2046 {
        var fractions: [UInt64] = [0, 1, 2, 3, 4, 5, fractionMax, fractionMax - 1, 1 << 51, (1 << 51) - 1, (1 << 51) + 1]
        for _ in 0 ..< Counts.randomPerExponent { fractions.append(rng.next() & fractionMax) }
        for f in fractions {
            let x = Double(bitPattern: biased << 52 | f)
            c.checkBoth(x)
        }
    }
    c.expectClean("every binary exponent", minimum: 2047 * 22)
}

@Test func smallSubnormals() {
    let c = Checker()
    for f in UInt64(1) ... UInt64(Counts.smallSubnormals) {
        c.check(Double(bitPattern: f))
    }
    c.expectClean("small subnormals", minimum: Counts.smallSubnormals)
}

@Test func exactTies() {
    // Values where the exact decimal lies halfway between two 17-digit candidates
    // need a tie-break (Swift: to even). They need significands with trailing
    // zero bits and small negative binary exponents; random bits almost never hit them.
    let c = Checker()
    var rng = SplitMix64(seed: 99)
    for biased in UInt64(1023 - 80) ... UInt64(1023 + 60) {
        for zeroBits in 0 ... 52 {
            for _ in 0 ..< 8 {
                let mask: UInt64 = ~((1 << UInt64(zeroBits)) - 1)
                let f = (rng.next() & ((1 << 52) - 1)) & mask | (zeroBits < 52 ? 1 << UInt64(zeroBits) : 0)
                c.check(Double(bitPattern: biased << 52 | (f & ((1 << 52) - 1))))
            }
        }
    }
    c.expectClean("exact ties", minimum: 141 * 53 * 8)
}

// MARK: - Random

@Test func randomBitPatterns() {
    let c = Checker()
    var rng = SplitMix64(seed: 0x5EED_0001)
    var finite = 0
    while finite < Counts.randomBits {
        let x = Double(bitPattern: rng.next())
        if !x.isFinite { continue }
        finite += 1
        c.check(x, guardBytes: finite & 1023 == 0)
    }
    c.expectClean("random bit patterns", minimum: Counts.randomBits)
}

@Test func randomUnitInterval() {
    let c = Checker()
    var rng = SplitMix64(seed: 0x5EED_0002)
    for _ in 0 ..< Counts.randomRange { c.check(Double.random(in: 0 ..< 1, using: &rng)) }
    c.expectClean("random [0, 1)", minimum: Counts.randomRange)
}

@Test func randomHundredInterval() {
    let c = Checker()
    var rng = SplitMix64(seed: 0x5EED_0003)
    for _ in 0 ..< Counts.randomRange { c.check(Double.random(in: 0 ..< 100, using: &rng)) }
    c.expectClean("random [0, 100)", minimum: Counts.randomRange)
}

@Test func randomDecimalLiterals() {
    // Short decimals (like the ones people type) -> Double -> text, and
    // random values rounded to a few decimals, as Balans outputs often are.
    let c = Checker()
    var rng = SplitMix64(seed: 0x5EED_0004)
    for _ in 0 ..< Counts.randomRange / 4 {
        let digits = UInt64.random(in: 1 ... 99_999_999, using: &rng)
        let exp = Int.random(in: -30 ... 30, using: &rng)
        // The neighbours too: a short decimal can be exactly the boundary of
        // the rounding interval of an adjacent double (like 1e23).
        let x = Double("\(digits)e\(exp)")!
        c.checkBoth(x)
        c.checkBoth(x.nextUp)
        c.checkBoth(x.nextDown)
        let y = Double.random(in: 0 ..< 100, using: &rng)
        c.check((y * 100).rounded() / 100)
    }
    c.expectClean("random decimal literals", minimum: Counts.randomRange / 4)
}

// MARK: - Integers

func checkInt(_ n: Int, _ buffer: UnsafeMutablePointer<UInt8>, _ failures: inout [String]) {
    buffer.update(repeating: 0xAA, count: 32)
    let count = NumberFormat.write(n, into: buffer)
    let expected = String(n)
    let ok = count >= 1 && count <= 20
        && expected.utf8.elementsEqual(UnsafeBufferPointer(start: buffer, count: count))
        && (count ..< 32).allSatisfy { buffer[$0] == 0xAA }
    if !ok && failures.count < 20 {
        let got = String(decoding: UnsafeBufferPointer(start: buffer, count: max(0, min(count, 32))), as: UTF8.self)
        failures.append("write(\(n)): got \"\(got)\" (\(count) bytes)")
    }
}

@Test func integers() {
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
    defer { buffer.deallocate() }
    var failures: [String] = []
    var values: [Int] = [0, 1, -1, Int.max, Int.min, Int.max - 1, Int.min + 1, 9, 10, 11, 99, 100, 101]
    var p = 1
    for _ in 0 ... 18 {
        values += [p - 1, p, p + 1, -(p - 1), -p, -(p + 1)]
        if p <= Int.max / 10 { p *= 10 }
    }
    for e in 0 ... 62 { values += [1 << e, (1 << e) - 1, -(1 << e)] }
    var checked = 0
    for n in values { checkInt(n, buffer, &failures); checked += 1 }
    var rng = SplitMix64(seed: 0x5EED_0005)
    for _ in 0 ..< Counts.randomInts {
        let raw = Int(bitPattern: UInt(rng.next()))
        checkInt(raw, buffer, &failures)
        checkInt(raw >> Int.random(in: 0 ... 63, using: &rng), buffer, &failures)   // every length
        checked += 2
    }
    print("NumberFormatTests: integers: \(checked) values checked, \(failures.count) failures")
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    #expect(checked >= values.count + 2 * Counts.randomInts)
    #expect(String(decoding: UnsafeBufferPointer(start: buffer, count: NumberFormat.write(Int.min, into: buffer)), as: UTF8.self)
            == "-9223372036854775808")
}
