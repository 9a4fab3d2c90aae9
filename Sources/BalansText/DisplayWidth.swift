import BalansModel

/// Terminal display width of text: East Asian wide and fullwidth characters and emoji take two
/// cells, combining marks and zero-width characters none. Computed here rather than with
/// `wcwidth`, which disagrees with terminals on emoji.
public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        // Printable ASCII (nearly every cell) is one column per byte.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        return s.reduce(0) { $0 + of($1) }
    }

    public static func of(_ c: Character) -> Int {
        // ASCII (nearly every cell the dashboard draws) needs no Unicode property lookup.
        if let a = c.asciiValue { return a >= 0x20 && a < 0x7F ? 1 : 0 }
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // Single-scalar Latin, punctuation, arrows, box drawing, blocks and shapes (the dashboard's
        // chrome) are one column: no property lookup needed.
        if scalars.index(after: scalars.startIndex) == scalars.endIndex {
            let v = first.value
            if (0xA0..<0x300).contains(v) || (0x2190..<0x2700).contains(v) { return v == 0xAD ? 0 : 1 }
            if (0x2010..<0x2028).contains(v) || (0x2030..<0x205F).contains(v) { return 1 }
        }
        if c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }  // emoji presentation
        return scalarWidth(first)
    }

    static func scalarWidth(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0x303E) || (v >= 0x3041 && v <= 0x33FF)
            || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xA000 && v <= 0xA4CF)
            || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F)
            || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1F64F)
            || (v >= 0x1F900 && v <= 0x1F9FF) || (v >= 0x20000 && v <= 0x3FFFD)
    }
}
