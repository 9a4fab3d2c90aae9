import Testing
import PropertyBased
@testable import BalansModel

// The strict JSON parser (SPEC §2: duplicate keys are errors; bad input names line and column)
// and the writer that saves files (stable key order, numbers that read back exactly).

private func parse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

private func parse(bytes: [UInt8]) throws -> JSONValue {
    try JSONParser.parse(bytes)
}

/// The syntax error for `bytes`, or nil when they parse.
private func syntaxError(_ bytes: [UInt8]) -> JSONParser.SyntaxError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func syntaxError(_ text: String) -> JSONParser.SyntaxError? {
    syntaxError(Array(text.utf8))
}

/// The value with every offset set to 0, to compare structure only.
private func stripped(_ v: JSONValue) -> JSONValue {
    switch v.kind {
    case .array(let items): return JSONValue(.array(items.map(stripped)))
    case .object(let members):
        return JSONValue(.object(members.map { JSONMember(key: $0.key, value: stripped($0.value)) }))
    default: return JSONValue(v.kind)
    }
}

private func number(_ v: JSONValue) -> Double? {
    if case .number(let n) = v.kind { return n }
    return nil
}

@Suite("JSON parser: valid documents")
struct JSONValidTests {
    @Test("nesting, literals and offsets")
    func nesting() throws {
        let text = #"{"a": [1, {"b": null}], "t": true, "f": false, "e": {}, "z": []}"#
        let v = try parse(text)
        let expected = JSONValue.obj([
            ("a", .arr([.int(1), .obj([("b", .null)])])),
            ("t", .bool(true)), ("f", .bool(false)), ("e", .obj([])), ("z", .arr([])),
        ])
        #expect(stripped(v) == expected)
        // Offsets (UTF-8 bytes): { 0, "a" 1, [ 6, 1 at 7, { 10, "b" 11, null 16.
        let members = try #require(v.members)
        #expect(v.offset == 0)
        #expect(members[0].keyOffset == 1)
        #expect(members[0].value.offset == 6)
        guard case .array(let items) = members[0].value.kind else { Issue.record("not an array"); return }
        #expect(items[0].offset == 7)
        #expect(items[1].offset == 10)
        #expect(items[1].members?.first?.keyOffset == 11)
        #expect(items[1].members?.first?.value.offset == 16)
    }

    @Test("key order is kept, also for large objects")
    func keyOrder() throws {
        let v = try parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(v.members?.map(\.key) == ["z", "a", "m"])
        let keys = (0..<40).map { "k\(39 - $0)" }
        let text = "{" + keys.map { "\"\($0)\": 0" }.joined(separator: ", ") + "}"
        #expect(try parse(text).members?.map(\.key) == keys)
    }

    @Test("string escapes, including surrogate pairs")
    func escapes() throws {
        let v = try parse(#""\"\\\/\b\f\n\r\t\u00e9\u20AC\ud83d\ude00\u0000x""#)
        #expect(v.stringValue == "\"\\/\u{8}\u{C}\n\r\t\u{E9}\u{20AC}\u{1F600}\u{0}x")
        // Raw UTF-8 passes through unchanged, with and without escapes in the same string.
        #expect(try parse("\"åäö 😀\"").stringValue == "åäö 😀")
        #expect(try parse("\"å\\nö\"").stringValue == "å\nö")
        // Upper-case hex and the escaped solidus.
        #expect(try parse(#""\u00C5\/""#).stringValue == "Å/")
    }

    struct NumberCase: Sendable, CustomStringConvertible {
        var text: String
        var value: Double
        var description: String { text }
    }

    static let numberCases: [NumberCase] = [
        NumberCase(text: "0", value: 0),
        NumberCase(text: "1", value: 1),
        NumberCase(text: "-12", value: -12),
        NumberCase(text: "0.1", value: 0.1),
        NumberCase(text: "0.5", value: 0.5),
        NumberCase(text: "1e2", value: 100),
        NumberCase(text: "1E+2", value: 100),
        NumberCase(text: "1e-2", value: 0.01),
        NumberCase(text: "-1.5E-3", value: -0.0015),
        NumberCase(text: "1.5e3", value: 1500),
        NumberCase(text: "0.30000000000000004", value: 0.1 + 0.2),
        NumberCase(text: "1.7976931348623157e308", value: .greatestFiniteMagnitude),
        NumberCase(text: "5e-324", value: .leastNonzeroMagnitude),
        NumberCase(text: "0.000e-400", value: 0),
        NumberCase(text: "2.2250738585072014e-308", value: .leastNormalMagnitude),
        NumberCase(text: "9007199254740993", value: 9_007_199_254_740_992),  // ties to even
        NumberCase(text: "123456789012345678901234567890", value: 1.2345678901234568e29),
        NumberCase(text: "12345678901234567890", value: 1.2345678901234567e19),
        NumberCase(text: "0.000001", value: 1e-6),
        NumberCase(text: "1e0000000000000000000001", value: 10),
        NumberCase(text: "3.141592653589793238462643383279", value: 3.141592653589793),
        NumberCase(text: "100000000000000000000000", value: 1e23),  // above Clinger's exact range
    ]

    @Test("numbers parse to the correctly rounded Double", arguments: numberCases)
    func numbers(_ c: NumberCase) throws {
        let v = try parse(c.text)
        #expect(number(v) == c.value)
        // The standard library's conversion is correctly rounded: the same bits.
        #expect(number(v)?.bitPattern == Double(c.text)?.bitPattern)
    }

    @Test("-0 keeps its sign")
    func negativeZero() throws {
        let n = try #require(number(try parse("-0")))
        #expect(n == 0 && n.sign == .minus)
    }

    @Test("0.1 parses to exactly the Double nearest 0.1")
    func pointOne() throws {
        #expect(number(try parse("0.1"))?.bitPattern == (0.1 as Double).bitPattern)
        let p = try #require(number(try parse("0.1")))
        #expect(p == 0.1)
        #expect(p != 0.1.nextUp && p != 0.1.nextDown)
    }

    @Test("random decimal texts parse like the standard library")
    func randomDecimals() async {
        // mantissa digits × 10^exponent, across the fast path (≤ 2^53, |scale| ≤ 22) and the fallback.
        await propertyCheck(count: 500, input: Gen.uint64(in: 0...99_999_999_999_999_999), Gen.int(in: -40...40), Gen.int(in: 0...12)) { m, e, frac in
            var digits = String(m)
            if frac > 0 {
                while digits.count <= frac { digits = "0" + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -frac))
            }
            let text = digits + "e\(e)"
            let parsed = try parse(text)
            #expect(number(parsed)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test("a UTF-8 byte-order mark is skipped")
    func bom() throws {
        let v = try parse(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))
        #expect(stripped(v) == .obj([("a", .int(1))]))
        #expect(v.offset == 3)
        #expect(v.members?.first?.keyOffset == 4)
        #expect(try parse(bytes: [0xEF, 0xBB, 0xBF, 0x20, 0x37]).kind == .number(7))
    }

    @Test("nesting of exactly 256 levels is accepted")
    func depth256() throws {
        let text = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        var v = try parse(text)
        var depth = 1
        while case .array(let items) = v.kind, let first = items.first { v = first; depth += 1 }
        #expect(depth == 256)
    }

    @Test("whitespace around values")
    func whitespace() throws {
        #expect(stripped(try parse(" \t\r\n[ 1 ,\n2 ] \n")) == .arr([.int(1), .int(2)]))
    }
}

@Suite("JSON parser: errors and their offsets")
struct JSONErrorTests {
    struct ErrorCase: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var offset: Int
        /// A word the message must contain (lower-cased comparison).
        var says: String
        var description: String { name }

        init(_ name: String, _ text: String, at offset: Int, says: String) {
            self.init(name, Array(text.utf8), at: offset, says: says)
        }

        init(_ name: String, _ bytes: [UInt8], at offset: Int, says: String) {
            self.name = name
            self.bytes = bytes
            self.offset = offset
            self.says = says
        }
    }

    static let cases: [ErrorCase] = [
        // {"a":1,"a":2}: the second key's quote is byte 7.
        ErrorCase("duplicate key", #"{"a":1,"a":2}"#, at: 7, says: "duplicate"),
        ErrorCase("duplicate key, nested", #"{"x": {"b": 1, "b": 2}}"#, at: 15, says: "duplicate"),
        ErrorCase("trailing comma in an array", "[1,2,]", at: 5, says: "trailing comma"),
        ErrorCase("trailing comma in an object", #"{"a":1,}"#, at: 7, says: "trailing comma"),
        ErrorCase("trailing comma with spaces", "[1, ]", at: 4, says: "trailing comma"),
        ErrorCase("leading zero", "[01]", at: 1, says: "leading zero"),
        ErrorCase("leading zero, negative", "-012", at: 0, says: "leading zero"),
        ErrorCase("double zero", "00", at: 0, says: "leading zero"),
        ErrorCase("NaN", "[NaN]", at: 1, says: "nan"),
        ErrorCase("Infinity", "Infinity", at: 0, says: "infinity"),
        ErrorCase("-Infinity", "[-Infinity]", at: 1, says: "number"),
        ErrorCase("1e999 out of range", "[1e999]", at: 1, says: "out of range"),
        ErrorCase("-1e999 out of range", "-1e999", at: 0, says: "out of range"),
        ErrorCase("just above the largest Double", "1.8e308", at: 0, says: "out of range"),
        ErrorCase("a non-zero number that would read as 0", "[1e-400]", at: 1, says: "too close to zero"),
        ErrorCase("a negative one too", "-0.0000001e-330", at: 0, says: "too close to zero"),
        ErrorCase("missing fraction digits", "1.", at: 0, says: "digit"),
        ErrorCase("missing exponent digits", "[1e+]", at: 1, says: "digit"),
        ErrorCase("lone minus", "-", at: 0, says: "digit"),
        ErrorCase("unterminated string", #"["abc"#, at: 1, says: "unterminated"),
        ErrorCase("unterminated string after an escape", #"["a\n"#, at: 1, says: "unterminated"),
        ErrorCase("unterminated string ending in a backslash", #"["a\"#, at: 1, says: "unterminated"),
        ErrorCase("control character (tab)", "[\"a\tb\"]", at: 3, says: "control"),
        ErrorCase("control character (newline)", "\"a\nb\"", at: 2, says: "control"),
        ErrorCase("control character after an escape", Array(#""\n"#.utf8) + [0x01, 0x22], at: 3, says: "control"),
        ErrorCase("invalid UTF-8 byte 0xFF", [0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D], at: 1, says: "utf-8"),
        ErrorCase("overlong UTF-8", [0x22, 0xC0, 0xAF, 0x22], at: 0, says: "utf-8"),
        ErrorCase("UTF-8-encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], at: 0, says: "utf-8"),
        ErrorCase("truncated UTF-8 sequence", [0x22, 0xE2, 0x82, 0x22], at: 0, says: "utf-8"),
        ErrorCase("invalid UTF-8 in a string with escapes", Array(#""\n"#.utf8) + [0xFF, 0x22], at: 0, says: "utf-8"),
        ErrorCase("invalid byte outside a string", [0x5B, 0xFF, 0x5D], at: 1, says: "0xff"),
        ErrorCase("lone high surrogate", #"["\uD800"]"#, at: 2, says: "surrogate"),
        ErrorCase("lone low surrogate", #"["\uDC00"]"#, at: 2, says: "surrogate"),
        ErrorCase("high surrogate followed by a letter", #"["\uD800x"]"#, at: 2, says: "surrogate"),
        ErrorCase("high surrogate followed by a non-low escape", #"["\uD800\u0041"]"#, at: 8, says: "surrogate"),
        ErrorCase("invalid escape", #"["\x"]"#, at: 2, says: "escape"),
        ErrorCase("bad hex digit", #"["\u12G4"]"#, at: 6, says: "hex"),
        ErrorCase("garbage after the value", "{} x", at: 3, says: "after the end"),
        ErrorCase("second value", "1 2", at: 2, says: "after the end"),
        ErrorCase("literal run-on", "truex", at: 4, says: "after the end"),
        ErrorCase("extra bracket", "[1]]", at: 3, says: "after the end"),
        ErrorCase("truncated literal", "nul", at: 0, says: "literal"),
        ErrorCase("empty input", "", at: 0, says: "empty"),
        ErrorCase("only whitespace", " \n\t ", at: 4, says: "empty"),
        ErrorCase("only a byte-order mark", [0xEF, 0xBB, 0xBF], at: 3, says: "empty"),
        ErrorCase("257 nested arrays", String(repeating: "[", count: 257) + String(repeating: "]", count: 257),
                  at: 256, says: "nesting"),
        // Each {"a": is 5 bytes; the 257th { is at 256 × 5 = 1280.
        ErrorCase("257 nested objects", String(repeating: #"{"a":"#, count: 257) + "1" + String(repeating: "}", count: 257),
                  at: 1280, says: "nesting"),
        ErrorCase("missing colon", #"{"a" 1}"#, at: 5, says: "':'"),
        ErrorCase("unquoted key", "{a: 1}", at: 1, says: "key"),
        ErrorCase("missing comma", "[1 2]", at: 3, says: "','"),
        ErrorCase("unterminated array", "[1,", at: 3, says: "end of file"),
        ErrorCase("unterminated object", #"{"a": 1"#, at: 7, says: "end of file"),
        ErrorCase("single quotes", "['a']", at: 1, says: "'''"),
    ]

    @Test("each syntax error at its byte offset", arguments: cases)
    func errors(_ c: ErrorCase) throws {
        let e = try #require(syntaxError(c.bytes))
        #expect(e.offset == c.offset, "\(e.message)")
        #expect(e.message.lowercased().contains(c.says.lowercased()), "\(e.message)")
    }

    @Test("duplicate key in a large object (> 16 members) at the repeated key")
    func duplicateInLargeObject() throws {
        let prefix = "{" + (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", "
        let text = prefix + #""k3": 3}"#
        let e = try #require(syntaxError(text))
        #expect(e.offset == prefix.utf8.count)
        #expect(e.message.contains("k3"))
        // The key right after the 16th member is checked too.
        let prefix16 = "{" + (0..<16).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", "
        #expect(syntaxError(prefix16 + #""k15": 0}"#)?.offset == prefix16.utf8.count)
        #expect(syntaxError(prefix16 + #""k0": 0}"#)?.offset == prefix16.utf8.count)
        #expect(syntaxError(prefix16 + #""k16": 0}"#) == nil)
        // Thousands of members (the key table grows several times): each earlier key is found.
        let many = "{" + (0..<5000).map { "\"key-\($0)\": \($0)" }.joined(separator: ", ")
        #expect(syntaxError(many + "}") == nil)
        for k in [0, 63, 64, 2047, 4999] {
            #expect(syntaxError(many + ", \"key-\(k)\": 0}")?.offset == many.utf8.count + 2, "key-\(k)")
        }
    }

    @Test("an exponent beyond the cap with many fraction digits is still out of range")
    func cappedExponent() throws {
        // 0.(99 999 zeros)1 e1000000 = 10^-100000 × 10^1000000 = 10^900000: out of range. A parser that
        // stops reading the exponent at 100 000 without leaving the fast path would compute
        // scale = 100 000 − 100 000 fraction digits = 0 and return 1.0.
        let text = "0." + String(repeating: "0", count: 99_999) + "1e1000000"
        let e = try #require(syntaxError(text))
        #expect(e.message.contains("out of range"))
        #expect(e.offset == 0)
        // A smaller exponent shows the arithmetic is otherwise right: 10^-100000 × 10^100001 = 10.
        let ten = "0." + String(repeating: "0", count: 99_999) + "1e100001"
        #expect(try number(parse(ten)) == 10)
    }

    @Test("an escaped key equal to a raw key is a duplicate")
    func escapedDuplicate() throws {
        // {"a": 1, "\u0061": 2}: the second key (byte 9) is "a" as well.
        let e = try #require(syntaxError(#"{"a": 1, "\u0061": 2}"#))
        #expect(e.offset == 9)
        #expect(e.message.contains("duplicate"))
        // The same in an object of more than 16 members (the set-based check).
        let prefix = "{" + (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", "
        #expect(syntaxError(prefix + #""\u006B7": 0}"#)?.offset == prefix.utf8.count)
        // Keys that differ only in escaping of a different character are not duplicates.
        #expect(syntaxError(#"{"a": 1, "\u0062": 2}"#) == nil)
    }

    @Test("keys are compared by code points, whatever the object's size or the escaping")
    func duplicateByCodePoints() {
        // "é" precomposed (U+00E9, bytes C3 A9) and decomposed (e + U+0301, bytes 65 CC 81) are
        // different names for RFC 8259 §8.3 (code unit by code unit), although Swift's String ==
        // and hashing treat them as equal (canonical equivalence).
        let nfc = "\u{E9}", nfd = "e\u{301}"
        func object(_ k1: String, _ k2: String, padding: Int) -> String {
            "{" + (0..<padding).map { "\"p\($0)\": 0, " }.joined() + "\"\(k1)\": 1, \"\(k2)\": 2}"
        }
        // Raw/raw, raw/escaped, small (linear scan) and large (set): never a duplicate.
        #expect(syntaxError(object(nfc, nfd, padding: 0)) == nil)
        #expect(syntaxError(object(nfc, "e\\u0301", padding: 0)) == nil)
        #expect(syntaxError(object(nfc, nfd, padding: 20)) == nil)
        #expect(syntaxError(object(nfc, "e\\u0301", padding: 20)) == nil)
        // The same code points are a duplicate in every form: {"é": 1, "\u00e9": 2} etc.
        let escapedNFC = "\\u00e9"
        for padding in [0, 20] {
            #expect(syntaxError(object(nfc, nfc, padding: padding))?.message.contains("duplicate") == true)
            #expect(syntaxError(object(nfc, escapedNFC, padding: padding))?.message.contains("duplicate") == true)
            #expect(syntaxError(object(nfd, "e\\u0301", padding: padding))?.message.contains("duplicate") == true)
        }
    }
}

@Suite("SourceText line and column")
struct SourceTextTests {
    @Test("1-based line and column in Unicode scalars")
    func location() {
        // bytes: a0 b1 \n2 c3 å4-5 d6 €7-9 e10 \n11 😀12-15 x16; 17 bytes.
        let src = SourceText(file: "f.json", bytes: Array("ab\ncåd€e\n😀x".utf8))
        #expect(src.bytes.count == 17)
        let cases: [(Int, Int, Int)] = [
            (0, 1, 1), (1, 1, 2), (2, 1, 3), (3, 2, 1), (4, 2, 2), (6, 2, 3), (7, 2, 4), (10, 2, 5),
            (11, 2, 6), (12, 3, 1), (16, 3, 2), (17, 3, 3), (1000, 3, 3),
        ]
        for (offset, line, column) in cases {
            let loc = src.location(of: offset)
            #expect(loc.line == line && loc.column == column, "offset \(offset): \(loc)")
        }
    }

    @Test("parse errors become BalansError with file, line and column")
    func parseJSONError() throws {
        let text = "{\n  \"å\": 1,\n  \"å\": 2\n}"
        let src = SourceText(file: "f.json", bytes: Array(text.utf8))
        do {
            _ = try src.parseJSON()
            Issue.record("expected a duplicate-key error")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.exitCode == 65)
            #expect(error.line == 3 && error.column == 3)
            #expect(error.description.hasPrefix("f.json:3:3: "))
        }
        // {"€": x}: x is the 7th character of line 1 although it is byte 8.
        let src2 = SourceText(file: "g.json", bytes: Array("{\"€\": x}".utf8))
        do {
            _ = try src2.parseJSON()
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 1 && error.column == 7)
        }
    }
}

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("format: integers without .0, other values shortest round-trip")
    func format() throws {
        #expect(JSONWriter.format(1) == "1")
        #expect(JSONWriter.format(-3) == "-3")
        #expect(JSONWriter.format(0) == "0")
        #expect(JSONWriter.format(100_000) == "100000")
        #expect(JSONWriter.format(123_456_789) == "123456789")
        #expect(JSONWriter.format(0.5) == "0.5")
        #expect(JSONWriter.format(0.1) == "0.1")
        #expect(JSONWriter.format(0.1 + 0.2) == "0.30000000000000004")
        #expect(JSONWriter.format(-2.25) == "-2.25")
        #expect(JSONWriter.format(9_007_199_254_740_991) == "9007199254740991")  // 2^53 − 1
        for x in [0.1 + 0.2, 1e300, 1e-7, 9_007_199_254_740_991, 1e16, 1e15, -1e-300, .leastNonzeroMagnitude,
                  Double.greatestFiniteMagnitude, 2.0 / 3, -0.0, 123.456] {
            let text = JSONWriter.format(x)
            #expect(!text.hasSuffix(".0"), "\(text)")
            #expect(try number(parse(text)) == x, "\(text)")
        }
    }

    @Test("format prints integral values from 2^53 on without \".0\" too")
    func formatLargeIntegers() throws {
        // 2^53 = 9 007 199 254 740 992 is integral; Double.description would print "9007199254740992.0".
        #expect(JSONWriter.format(9_007_199_254_740_992) == "9007199254740992")
        #expect(JSONWriter.format(-9_007_199_254_740_992) == "-9007199254740992")
        // It reads back as the same number.
        #expect(try number(parse(JSONWriter.format(9_007_199_254_740_992))) == 9_007_199_254_740_992)
    }

    @Test("format round-trips random finite doubles through the parser")
    func formatRoundTrip() async {
        await propertyCheck(count: 2000, input: Gen.uint64()) { bits in
            let x = Double(bitPattern: bits)
            guard x.isFinite else { return }
            let text = JSONWriter.format(x)
            let back = try number(parse(text))
            #expect(back == x, "\(text)")
        }
    }

    @Test("write then parse gives the same values")
    func roundTrip() throws {
        let value = JSONValue.obj([
            ("balans", .str("scenario/1")),
            ("name", .str("Quotes \" and \\ and\ncontrol \u{1}\u{1F} DEL \u{7F} sep \u{2028}\u{2029} åäö 😀")),
            ("numbers", .arr([.num(0.1), .num(0.1 + 0.2), .int(-7), .num(1e300), .num(.leastNonzeroMagnitude), .int(0)])),
            ("empty", .obj([])),
            ("none", .arr([])),
            ("nested", .arr([.obj([("a", .bool(true)), ("b", .null)]), .arr([.arr([.str("x")])]),
                             .obj([("k", .obj([("deep", .num(-2.5))]))])])),
            ("last", .bool(false)),
        ])
        for text in [JSONWriter.write(value), JSONWriter.write(value, inlineSmallObjects: true), JSONWriter.compact(value)] {
            #expect(stripped(try parse(text)) == value, "\(text)")
        }
    }

    @Test("layout: members in the order given, two-space indent, scalar arrays on one line, final newline")
    func layout() {
        let v = JSONValue.obj([("b", .int(1)), ("a", .arr([.int(1), .num(2.5)])), ("o", .obj([("x", .str("y"))]))])
        #expect(JSONWriter.write(v) == "{\n  \"b\": 1,\n  \"a\": [1, 2.5],\n  \"o\": {\n    \"x\": \"y\"\n  }\n}\n")
        #expect(JSONWriter.write(v, inlineSmallObjects: true) == "{\n  \"b\": 1,\n  \"a\": [1, 2.5],\n  \"o\": {\"x\": \"y\"}\n}\n")
        #expect(JSONWriter.compact(v) == #"{"b": 1, "a": [1, 2.5], "o": {"x": "y"}}"#)
        #expect(JSONWriter.quote("a\u{1}\u{7F}\u{2028}") == #""a\u0001\u007f\u2028""#)
    }

    @Test("strings never carry a terminal escape: C0, DEL, C1 (U+0080–U+009F), U+2028/9 are \\u escapes (SPEC §3)")
    func terminalSafeStrings() throws {
        // U+009B is CSI: "\u{9B}2J" printed raw would clear a terminal.
        #expect(JSONWriter.quote("x\u{9B}2J") == #""x\u009b2J""#)
        #expect(JSONWriter.quote("\u{80}\u{9F}") == #""\u0080\u009f""#)
        #expect(JSONWriter.quote("\u{1B}[31m") == #""\u001b[31m""#)
        // Just outside the ranges: written as they are.
        #expect(JSONWriter.quote("\u{A0}é\u{2027}\u{202A}") == "\"\u{A0}é\u{2027}\u{202A}\"")
        // Every scalar from U+0000 to U+00FF: the output's bytes hold no control byte at all
        // (no C0, no DEL, and no C2 80…C2 9F sequence), and it parses back to the same string.
        let all = String(String.UnicodeScalarView((0...0xFF).compactMap(Unicode.Scalar.init)))
        let text = JSONWriter.quote(all)
        let bytes = Array(text.utf8)
        #expect(!bytes.contains { $0 < 0x20 || $0 == 0x7F })
        #expect(!zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && $1 <= 0x9F })
        #expect(stripped(try parse(text)) == .str(all))
    }

    @Test("a non-finite number is never written as a bare inf or nan: the document stays valid JSON")
    func nonFiniteIsNull() throws {
        #expect(JSONWriter.format(.infinity) == "null")
        #expect(JSONWriter.format(-.infinity) == "null")
        #expect(JSONWriter.format(.nan) == "null")
        let text = JSONWriter.write(.obj([("value", .num(.infinity))]))
        #expect(stripped(try parse(text)) == .obj([("value", .null)]))
    }
}
