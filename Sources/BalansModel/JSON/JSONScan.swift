/// The token scanners of the strict JSON grammar, shared by the tape parser (`JSONParser`) and the
/// fast scenario decoder (`FastScenario`), so that both accept exactly the same strings and numbers
/// and read the same values from them. Each reads at `pos` in `bytes` and leaves `pos` just past
/// the token; errors carry the byte offset the tape parser reports.
enum JSONScan {
    typealias SyntaxError = JSONParser.SyntaxError

    /// A scanned string: still in the source (the common case), or decoded from its escapes.
    enum StringToken {
        /// `count` bytes of valid UTF-8 from `start`, no escapes.
        case raw(start: Int, count: Int)
        case escaped(String)
    }

    @inline(__always)
    static func fail(_ message: String, at offset: Int) -> SyntaxError {
        SyntaxError(offset: offset, message: message)
    }

    /// Validates UTF-8 in `bytes[from..<to]` (the common all-ASCII case is one quick scan, eight
    /// bytes at a time).
    @inline(__always)
    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var i = from
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= to, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        }
        while i < to, bytes[i] < 0x80 { i += 1 }
        if i == to { return true }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self) != nil
    }

    /// A string token; `pos` is at its opening quote.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ pos: inout Int) throws(SyntaxError) -> StringToken {
        let start = pos
        pos += 1
        // Fast path: no escapes; the string stays in the source bytes.
        var i = pos
        let n = bytes.count
        // Eight bytes at a time while none of them is a quote, a backslash, a control character or
        // non-ASCII (SWAR: a byte's high bit marks it; a false mark only follows a true one).
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let quote = v ^ (ones &* 0x22), backslash = v ^ (ones &* 0x5C)
                let marks = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((v &- ones &* 0x20) & ~v) | v
                if marks & highs != 0 { break }
                i += 8
            }
        }
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                guard validUTF8(bytes, pos, i) else { throw fail("invalid UTF-8 in a string", at: start) }
                let token = StringToken.raw(start: pos, count: i - pos)
                pos = i + 1
                return token
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("unescaped control character in a string", at: i) }
            i += 1
        }
        if i >= n { throw fail("unterminated string", at: start) }
        return .escaped(try escapedString(bytes, &pos, from: i, start: start))
    }

    /// The slow path of `string`: `bytes[pos..<i]` has no escapes, the one at `i` starts them.
    static func escapedString(_ bytes: UnsafeBufferPointer<UInt8>, _ pos: inout Int, from i: Int, start: Int) throws(SyntaxError) -> String {
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[pos..<i]))
        pos = i
        while true {
            guard pos < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw fail("unescaped control character in a string", at: pos) }
            if b != UInt8(ascii: "\\") { out.append(b); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { throw fail("unterminated string", at: start) }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(bytes, &pos)
                if (0xD800...0xDBFF).contains(scalar) {
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate in \\u escape", at: pos - 6)
                    }
                    pos += 2
                    let low = try hex4(bytes, &pos)
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in \\u escape", at: pos - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("unpaired surrogate in \\u escape", at: pos - 6)
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape", at: pos - 6) }
                out.append(contentsOf: Array(String(u).utf8))
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: pos - 2)
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw fail("invalid UTF-8 in a string", at: start)
        }
        return s
    }

    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ pos: inout Int) throws(SyntaxError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("truncated \\u escape", at: pos) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape", at: pos)
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    /// Exact powers of ten representable in a Double (Clinger's fast path).
    static let powersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// A number token; `pos` is at its first character ('-' or a digit).
    @inline(__always)
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ pos: inout Int) throws(SyntaxError) -> Double {
        let start = pos
        let n = bytes.count
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") { negative = true; pos += 1 }
        guard pos < n, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit", at: start) }
        var mantissa: UInt64 = 0
        var digits = 0
        var exact = true
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < n, isDigit(bytes[pos]) { throw fail("invalid number: leading zero", at: start) }
        } else {
            while pos < n, isDigit(bytes[pos]) {
                accumulate(&mantissa, &digits, &exact, bytes[pos])
                pos += 1
            }
        }
        var fractionDigits = 0
        if pos < n, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < n, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit after '.'", at: start) }
            while pos < n, isDigit(bytes[pos]) {
                accumulate(&mantissa, &digits, &exact, bytes[pos])
                fractionDigits += 1
                pos += 1
            }
        }
        var exponent = 0
        if pos < n, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            var expNegative = false
            if pos < n, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") {
                expNegative = bytes[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < n, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit in the exponent", at: start) }
            while pos < n, isDigit(bytes[pos]) {
                // A huge exponent only matters for the slow path, which reads the text itself.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[pos] - UInt8(ascii: "0")) } else { exact = false }
                pos += 1
            }
            if expNegative { exponent = -exponent }
        }
        let value: Double
        let scale = exponent - fractionDigits
        if exact, mantissa < (1 << 53), abs(scale) <= 22 {
            // Both operands exact, so one correctly rounded operation gives the correctly rounded result.
            let m = Double(mantissa)
            value = scale >= 0 ? m * powersOfTen[scale] : m / powersOfTen[-scale]
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
            guard let parsed = Double(text) else { throw fail("invalid number", at: start) }
            value = abs(parsed)
        }
        if !value.isFinite { throw fail("number out of range: too large for a double (beyond ±1.8e308)", at: start) }
        // A non-zero literal that reads as 0 would be silently changed (a rate of 1e-400 would turn
        // into "nobody consented", a no-reach verdict): refused like one that is too large.
        if value == 0 && digits > 0 { throw fail("number out of range: too close to zero for a double (non-zero, but below ±4.9e-324)", at: start) }
        return negative ? -value : value
    }

    @inline(__always)
    static func accumulate(_ mantissa: inout UInt64, _ digits: inout Int, _ exact: inout Bool, _ b: UInt8) {
        let d = UInt64(b - UInt8(ascii: "0"))
        if digits == 0 && d == 0 { return }  // leading zeros of a fraction do not count
        digits += 1
        if digits > 19 { exact = false; return }
        mantissa = mantissa * 10 + d
    }
}
