/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Strict where `JSONSerialization` is lenient: duplicate keys, invalid UTF-8, unescaped control
/// characters, leading zeros, trailing commas, numbers that overflow to infinity and trailing
/// garbage are all errors, each reported at its byte offset. Nesting is limited so a hostile file
/// cannot overflow the stack.
public struct JSONParser {
    public struct SyntaxError: Error, Sendable, Equatable {
        public var offset: Int
        public var message: String
    }

    public static let maxDepth = 256

    /// Parses one JSON document (an optional UTF-8 byte-order mark is skipped).
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var result: Result<JSONValue, SyntaxError> = .failure(SyntaxError(offset: 0, message: ""))
        bytes.withUnsafeBufferPointer { buffer in
            var parser = Cursor(buffer)
            result = Result { () throws(SyntaxError) -> JSONValue in try parser.document() }
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct Cursor {
    typealias SyntaxError = JSONParser.SyntaxError
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func fail(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(offset: offset ?? pos, message: message)
    }

    mutating func document() throws(SyntaxError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        skipSpace()
        guard pos < bytes.count else { throw fail("the file is empty: expected a JSON value") }
        let value = try parseValue()
        skipSpace()
        if pos < bytes.count { throw fail("unexpected \(describeByte(at: pos)) after the end of the JSON value") }
        return value
    }

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of file" }
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b == 0x20 { return "space" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    mutating func parseValue() throws(SyntaxError) -> JSONValue {
        guard pos < bytes.count else { throw fail("unexpected end of file: expected a value") }
        let start = pos
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return JSONValue(.string(try parseString()), offset: start)
        case UInt8(ascii: "t"): try literal("true"); return JSONValue(.bool(true), offset: start)
        case UInt8(ascii: "f"): try literal("false"); return JSONValue(.bool(false), offset: start)
        case UInt8(ascii: "n"): try literal("null"); return JSONValue(.null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(.number(try parseNumber()), offset: start)
        default:
            if bytes[pos] == UInt8(ascii: "N") || bytes[pos] == UInt8(ascii: "I") {
                throw fail("NaN and Infinity are not JSON numbers")
            }
            throw fail("unexpected \(describeByte(at: pos)): expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let start = pos
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        guard pos + n <= bytes.count else { throw fail("invalid literal: expected \(word)", at: start) }
        for i in 0..<n where bytes[pos + i] != w[i] {
            throw fail("invalid literal: expected \(word)", at: start)
        }
        pos += n
    }

    mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    mutating func parseObject() throws(SyntaxError) -> JSONValue {
        let start = pos
        try enter()
        pos += 1
        var members: [JSONMember] = []
        var seen: Set<String>? = nil
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return JSONValue(.object(members), offset: start)
        }
        while true {
            skipSpace()
            guard pos < bytes.count else { throw fail("unexpected end of file inside an object") }
            guard bytes[pos] == UInt8(ascii: "\"") else {
                if bytes[pos] == UInt8(ascii: "}") { throw fail("trailing comma before '}'") }
                throw fail("unexpected \(describeByte(at: pos)): expected a key in double quotes")
            }
            let keyOffset = pos
            let key = try parseString()
            // Duplicate keys: a linear scan is fastest for the small objects that dominate,
            // a set takes over for large ones (a preset's `levels` may have 100 000 keys).
            if members.count < 16 {
                if members.contains(where: { $0.key == key }) {
                    throw fail("duplicate key \"\(key)\"", at: keyOffset)
                }
            } else {
                if seen == nil { seen = Set(members.map(\.key)) }
                if !seen!.insert(key).inserted { throw fail("duplicate key \"\(key)\"", at: keyOffset) }
            }
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw fail("unexpected \(describeByte(at: pos)): expected ':' after the key")
            }
            pos += 1
            skipSpace()
            let value = try parseValue()
            members.append(JSONMember(key: key, keyOffset: keyOffset, value: value))
            skipSpace()
            guard pos < bytes.count else { throw fail("unexpected end of file inside an object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw fail("unexpected \(describeByte(at: pos)): expected ',' or '}'")
        }
        depth -= 1
        return JSONValue(.object(members), offset: start)
    }

    mutating func parseArray() throws(SyntaxError) -> JSONValue {
        let start = pos
        try enter()
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return JSONValue(.array(items), offset: start)
        }
        while true {
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { throw fail("trailing comma before ']'") }
            items.append(try parseValue())
            skipSpace()
            guard pos < bytes.count else { throw fail("unexpected end of file inside an array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw fail("unexpected \(describeByte(at: pos)): expected ',' or ']'")
        }
        depth -= 1
        return JSONValue(.array(items), offset: start)
    }

    mutating func parseString() throws(SyntaxError) -> String {
        let start = pos
        pos += 1
        // Fast path: no escapes.
        var i = pos
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[pos..<i])
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw fail("invalid UTF-8 in a string", at: start)
                }
                pos = i + 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("unescaped control character in a string", at: i) }
            i += 1
        }
        if i >= bytes.count { throw fail("unterminated string", at: start) }
        // Slow path with escapes.
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[pos..<i]))
        pos = i
        while true {
            guard pos < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw fail("unescaped control character in a string") }
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
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate in \\u escape", at: pos - 6)
                    }
                    pos += 2
                    let low = try hex4()
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

    mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape")
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

    mutating func parseNumber() throws(SyntaxError) -> Double {
        let start = pos
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") { negative = true; pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit", at: start) }
        var mantissa: UInt64 = 0
        var digits = 0
        var exactMantissa = true
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) { throw fail("invalid number: leading zero", at: start) }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) {
                accumulate(&mantissa, &digits, &exactMantissa, bytes[pos])
                pos += 1
            }
        }
        var fractionDigits = 0
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit after '.'", at: start) }
            while pos < bytes.count, isDigit(bytes[pos]) {
                accumulate(&mantissa, &digits, &exactMantissa, bytes[pos])
                fractionDigits += 1
                pos += 1
            }
        }
        var exponent = 0
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            var expNegative = false
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") {
                expNegative = bytes[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("invalid number: expected a digit in the exponent", at: start) }
            while pos < bytes.count, isDigit(bytes[pos]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[pos] - UInt8(ascii: "0")) }
                pos += 1
            }
            if expNegative { exponent = -exponent }
        }
        let value: Double
        let scale = exponent - fractionDigits
        if exactMantissa, mantissa < (1 << 53), abs(scale) <= 22 {
            // Both operands exact, so one correctly rounded operation gives the correctly rounded result.
            let m = Double(mantissa)
            value = scale >= 0 ? m * Cursor.powersOfTen[scale] : m / Cursor.powersOfTen[-scale]
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
            guard let parsed = Double(text) else { throw fail("invalid number", at: start) }
            value = abs(parsed)
        }
        if !value.isFinite { throw fail("number out of range", at: start) }
        return negative ? -value : value
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    func accumulate(_ mantissa: inout UInt64, _ digits: inout Int, _ exact: inout Bool, _ b: UInt8) {
        let d = UInt64(b - UInt8(ascii: "0"))
        if digits == 0 && d == 0 { return }  // leading zeros of a fraction do not count
        digits += 1
        if digits > 19 { exact = false; return }
        mantissa = mantissa * 10 + d
    }
}
