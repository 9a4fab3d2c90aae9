import BalansModel

/// Fixed-point text of `x` in the C locale ("-1234.50"): the primitive behind every number Balans
/// writes, for people (through `NumberStyle`) and for machines (SVG coordinates). Without Foundation.
public func formatFixed(_ x: Double, _ decimals: Int) -> String {
    guard x.isFinite else { return x.description }
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
        fixed(share * 100, decimals) + (language == .en ? "%" : unitSpace + "%")
    }

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

extension Catalogue {
    /// The language's numbers (`unicode: false` for `--ascii`).
    public func numbers(unicode: Bool = true) -> NumberStyle { NumberStyle(language, unicode: unicode) }

    /// A number with `decimals` decimals and the language's separators: "1,234.5" / "1 234,5".
    public func number(_ x: Double, decimals: Int = 0) -> String { numbers().fixed(x, decimals) }

    /// A share 0…1 as a percentage: "85%" / "85 %".
    public func percent(_ share: Double, decimals: Int = 0) -> String { numbers().percent(share, decimals: decimals) }
}
