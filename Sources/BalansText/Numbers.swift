import BalansModel

/// Fixed-point text of `x` in the C locale ("-1234.50"): the primitive behind every number Balans
/// writes, for people (through `NumberStyle`) and for machines (SVG coordinates). Without Foundation.
/// Exact for 0…15 decimals; beyond them (which no output asks for) the shortest round-trip text,
/// as for a number too large for exact integer arithmetic, rather than a trap.
public func formatFixed(_ x: Double, _ decimals: Int) -> String {
    guard x.isFinite, decimals >= 0, decimals <= 15 else { return x.description }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let negative = x < 0
    let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return x.description }
    let n = Int64(scaled)
    let whole = n / Int64(scale)
    var text = String(whole)
    if decimals > 0 {
        let frac = String(n % Int64(scale))
        text += "." + String(repeating: "0", count: decimals - frac.count) + frac
    }
    return (negative && n != 0 ? "-" : "") + text
}

/// How one language writes numbers for people, the same in every output of that language: the
/// dashboard, the commands' text, the report (decision 0022).
///
/// | | English | Swedish |
/// |---|---|---|
/// | thousands | `45,268` | `45 268` (no-break space) |
/// | decimals | `34.0` | `34,0` |
/// | negative | `-4,985` | `−4 985` (U+2212) |
/// | share | `85%` | `85 %` |
/// | percentage points | `3.19 pp` | `3,19 p.e.` |
///
/// Without Unicode (`--ascii`) the no-break space is a space and the minus a hyphen.
public struct NumberStyle: Sendable, Equatable {
    public let language: Language
    public let unicode: Bool

    public init(_ language: Language, unicode: Bool = true) {
        self.language = language
        self.unicode = unicode
    }

    var thousands: String { language == .en ? "," : (unicode ? "\u{00A0}" : " ") }
    var decimalMark: String { language == .en ? "." : "," }
    var minus: String { language == .en || !unicode ? "-" : "\u{2212}" }
    /// The space between a number and its unit.
    public var unitSpace: String { unicode ? "\u{00A0}" : " " }

    /// `x` rounded to `decimals`, grouped by thousands: "1,234.5" / "1 234,5".
    public func fixed(_ x: Double, _ decimals: Int) -> String {
        // Nearly every number people read goes through here (a 100 000-segment table has 600 000):
        // written as bytes in one pass, with `fixedByText` the reference and the fallback.
        let fast = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NumberStyle.fixedCapacity) { buffer -> String? in
            guard let n = writeFixed(x, decimals, into: buffer.baseAddress!)?.bytes else { return nil }
            return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress!, count: n), as: UTF8.self)
        }
        return fast ?? fixedByText(x, decimals)
    }

    /// The most bytes `writeFixed` writes: 16 digits, 5 two-byte separators, a three-byte minus,
    /// the decimal mark and 15 decimals.
    public static let fixedCapacity = 48

    /// `fixed(x, decimals)` written into `p` (room for `fixedCapacity` bytes): the number of bytes
    /// and of terminal cells (every character is one), or nil when `x` is not finite, too large
    /// for exact integer arithmetic, or `decimals` is outside 0…15: then only `fixed` knows.
    public func writeFixed(_ x: Double, _ decimals: Int, into p: UnsafeMutablePointer<UInt8>) -> (bytes: Int, cells: Int)? {
        guard x.isFinite, decimals >= 0, decimals <= 15 else { return nil }
        // Exactly formatFixed's arithmetic.
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return nil }
        let n = Int64(scaled)
        let s = Int64(scale)
        var whole = UInt64(n / s)
        var frac = UInt64(n % s)
        var at = 0
        var cells = 0
        if x < 0 && n != 0 {
            if language == .en || !unicode {
                p[0] = 0x2D
                at = 1
            } else {  // U+2212 MINUS SIGN
                p[0] = 0xE2; p[1] = 0x88; p[2] = 0x92
                at = 3
            }
            cells = 1
        }
        // The whole part's digits, least significant first, then out in order with separators.
        var digits: (UInt64, UInt64) = (0, 0)  // up to 16 digits, one per byte
        var k = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[k] = UInt8(truncatingIfNeeded: whole % 10) + 0x30
                whole /= 10
                k += 1
            } while whole > 0
            for i in 0..<k {
                if i > 0 && (k - i) % 3 == 0 {
                    if language == .en {
                        p[at] = 0x2C
                        at += 1
                    } else if unicode {  // U+00A0 NO-BREAK SPACE
                        p[at] = 0xC2; p[at + 1] = 0xA0
                        at += 2
                    } else {
                        p[at] = 0x20
                        at += 1
                    }
                    cells += 1
                }
                p[at] = d[k - 1 - i]
                at += 1
            }
        }
        cells += k
        if decimals > 0 {
            p[at] = language == .en ? 0x2E : 0x2C
            at += 1
            var i = at + decimals - 1
            while i >= at {
                p[i] = UInt8(truncatingIfNeeded: frac % 10) + 0x30
                frac /= 10
                i -= 1
            }
            at += decimals
            cells += 1 + decimals
        }
        return (at, cells)
    }

    /// `fixed` by way of `formatFixed`'s text: the reference the byte path is tested against, and
    /// what numbers it does not handle take.
    func fixedByText(_ x: Double, _ decimals: Int) -> String {
        let text = formatFixed(x, decimals)
        let negative = text.hasPrefix("-")
        let body = negative ? Substring(text.dropFirst()) : Substring(text)
        let point = body.firstIndex(of: ".")
        let digits = Array(body[..<(point ?? body.endIndex)])
        var out = negative ? minus : ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += thousands }
            out.append(d)
        }
        if let point { out += decimalMark + body[body.index(after: point)...] }
        return out
    }

    /// A whole number grouped by thousands: "45,268" / "45 268".
    public func whole(_ x: Double) -> String { fixed(x, 0) }
    public func whole(_ n: Int) -> String { fixed(Double(n), 0) }

    /// A share 0…1 as a percentage: "85%" / "85 %".
    public func percent(_ share: Double, decimals: Int = 0) -> String {
        fixed(share * 100, decimals) + percentSign
    }

    /// What follows a percentage: "%" / " %" (a no-break space before it).
    public var percentSign: String { language == .en ? "%" : unitSpace + "%" }

    /// Percentage points (uplift, SPEC §1.2): "3.19 pp" / "3,19 p.e.".
    public func points(_ x: Double, decimals: Int = 2) -> String {
        fixed(x, decimals) + unitSpace + pointsUnit
    }

    /// The unit of percentage points: "pp" / "p.e." (procentenheter).
    public var pointsUnit: String { language == .en ? "pp" : "p.e." }

    /// A number with at most two decimals, trailing zeros dropped: "3", "0.75", "30.5" / "30,5".
    public func short(_ x: Double) -> String {
        // As many decimals as the value rounded to two needs: "3.00" → 0, "0.50" → 1, "0.75" → 2.
        let two = formatFixed(x, 2)
        let decimals = two.hasSuffix("00") ? 0 : two.hasSuffix("0") ? 1 : 2
        return fixed(x, decimals)
    }

    /// A change: "+1.5", "-0.3" / "+1,5", "−0,3"; without a sign when it rounds to zero ("0.0").
    public func signedFixed(_ x: Double, _ decimals: Int) -> String {
        if formatFixed(abs(x), decimals).allSatisfy({ $0 == "0" || $0 == "." }) { return fixed(0, decimals) }
        return x > 0 ? "+" + fixed(x, decimals) : fixed(x, decimals)
    }

    /// A change in a whole number: "+12,219", "-341", "0".
    public func signedWhole(_ x: Double) -> String { signedFixed(x, 0) }
    public func signedWhole(_ n: Int) -> String { signedFixed(Double(n), 0) }

    /// A count in a narrow column: "950", "4.5k", "45k", "1.4M", "45M" ("4,5k" in Swedish).
    public func compact(_ n: Int) -> String {
        if n < 1000 { return String(n) }
        if n < 10_000 { return fixed(Double(n) / 1000, 1) + "k" }
        if n < 1_000_000 { return String(Int((Double(n) / 1000).rounded())) + "k" }
        if n < 10_000_000 { return fixed(Double(n) / 1_000_000, 1) + "M" }
        if n < 1_000_000_000_000 { return String(Int((Double(n) / 1_000_000).rounded())) + "M" }
        return fixed(Double(n) / 1e12, 1) + "T"
    }
}

extension NumberStyle {
    /// `fixed(x, decimals)` appended to `out`; returns its width in terminal cells.
    @discardableResult
    public func write(fixed x: Double, _ decimals: Int, to out: ByteWriter) -> Int {
        out.reserve(NumberStyle.fixedCapacity)
        if let r = writeFixed(x, decimals, into: out.base + out.count) {
            out.advance(r.bytes)
            return r.cells
        }
        let text = fixedByText(x, decimals)
        out.string(text)
        return DisplayWidth.of(text)
    }
}

extension Catalogue {
    /// The language's numbers (`unicode: false` for `--ascii`).
    public func numbers(unicode: Bool = true) -> NumberStyle { NumberStyle(language, unicode: unicode) }

    /// A number with `decimals` decimals and the language's separators: "1,234.5" / "1 234,5".
    public func number(_ x: Double, decimals: Int = 0) -> String { numbers().fixed(x, decimals) }

    /// A share 0…1 as a percentage: "85%" / "85 %".
    public func percent(_ share: Double, decimals: Int = 0) -> String { numbers().percent(share, decimals: decimals) }
}
