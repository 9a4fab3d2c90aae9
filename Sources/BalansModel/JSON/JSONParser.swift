/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Strict where `JSONSerialization` is lenient: duplicate keys, invalid UTF-8, unescaped control
/// characters, leading zeros, trailing commas, numbers that overflow to infinity and trailing
/// garbage are all errors, each reported at its byte offset. Nesting is limited so a hostile file
/// cannot overflow the stack.
///
/// The parser produces a flat `JSONDocument` (a "tape" of values in document order, strings left in
/// the source bytes), not a tree of Swift values: a 45 MB scenario of 100 000 segments then takes a
/// few dozen megabytes instead of hundreds, and parsing allocates almost nothing. `parse` builds a
/// `JSONValue` tree from it for callers that want one.
public enum JSONParser {
    public struct SyntaxError: Error, Sendable, Equatable {
        public var offset: Int
        public var message: String
    }

    public static let maxDepth = 256

    /// Parses one JSON document (an optional UTF-8 byte-order mark is skipped).
    public static func parseDocument(_ source: SourceText) throws(SyntaxError) -> JSONDocument {
        var result: Result<JSONDocument.Storage, SyntaxError> = .failure(SyntaxError(offset: 0, message: ""))
        source.bytes.withUnsafeBufferPointer { buffer in
            var cursor = Cursor(buffer)
            result = Result { () throws(SyntaxError) -> JSONDocument.Storage in
                try cursor.document()
                return JSONDocument.Storage(tape: cursor.tape, escaped: cursor.escaped)
            }
        }
        return JSONDocument(source: source, storage: try result.get())
    }

    /// Parses one JSON document into a tree of values.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        try parseDocument(SourceText(file: "", bytes: bytes)).value(at: 0)
    }

    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// One value on the tape. Containers are followed by their contents (an object's as key, value,
/// key, value…) and record the index just past their last descendant, so siblings can be skipped.
struct TapeEntry: Sendable {
    enum Kind: UInt8, Sendable {
        case null, falseValue, trueValue, number, rawString, escapedString, array, object
    }

    /// Kind in the top 4 bits, the byte offset of the value's first character in the low 28 (inputs
    /// are at most 64 MiB), so that an entry is 16 bytes.
    private var packed: UInt32
    /// Element count of a container; byte length of a raw string.
    var count: UInt32
    /// Number bits; raw string start; escaped-string index; a container's end index.
    var payload: UInt64

    init(kind: Kind, count: UInt32, offset: UInt32, payload: UInt64) {
        packed = UInt32(kind.rawValue) << 28 | (offset & 0x0FFF_FFFF)
        self.count = count
        self.payload = payload
    }

    var kind: Kind { Kind(rawValue: UInt8(packed >> 28)) ?? .null }

    /// Index just past this entry, at tape index `i`, and all it contains.
    @inline(__always)
    func end(at i: Int) -> Int {
        kind == .array || kind == .object ? Int(payload) : i + 1
    }
    var offset: UInt32 { packed & 0x0FFF_FFFF }
}

/// A parsed document: the source and its tape. Immutable and shared by reference.
public final class JSONDocument: Sendable {
    struct Storage: Sendable {
        var tape: [TapeEntry]
        var escaped: [String]
    }

    public let source: SourceText
    let tape: [TapeEntry]
    let escaped: [String]

    init(source: SourceText, storage: Storage) {
        self.source = source
        self.tape = storage.tape
        self.escaped = storage.escaped
    }

    /// Index just past the value at `i` and all it contains.
    @inline(__always)
    func end(of i: Int) -> Int { tape[i].end(at: i) }

    /// The string at `i` (a string value or an object key).
    func string(at i: Int) -> String {
        let e = tape[i]
        if e.kind == .escapedString { return escaped[Int(e.payload)] }
        let start = Int(e.payload)
        return source.bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(e.count)]), as: UTF8.self)
        }
    }

    /// Whether the string at `i` equals `key`, without creating a String for raw strings.
    func stringEquals(at i: Int, _ key: String) -> Bool {
        let e = tape[i]
        if e.kind == .escapedString { return escaped[Int(e.payload)].utf8.elementsEqual(key.utf8) }
        let start = Int(e.payload)
        var key = key
        return key.withUTF8 { k in
            guard k.count == Int(e.count) else { return false }
            return source.bytes.withUnsafeBufferPointer { b in
                for j in 0..<k.count where b[start + j] != k[j] { return false }
                return true
            }
        }
    }

    /// The tree form of the value at `i`.
    public func value(at i: Int) -> JSONValue {
        let e = tape[i]
        let offset = Int(e.offset)
        switch e.kind {
        case .null: return JSONValue(.null, offset: offset)
        case .falseValue: return JSONValue(.bool(false), offset: offset)
        case .trueValue: return JSONValue(.bool(true), offset: offset)
        case .number: return JSONValue(.number(Double(bitPattern: e.payload)), offset: offset)
        case .rawString, .escapedString: return JSONValue(.string(string(at: i)), offset: offset)
        case .array:
            var items: [JSONValue] = []
            var j = i + 1
            for _ in 0..<e.count {
                items.append(value(at: j))
                j = end(of: j)
            }
            return JSONValue(.array(items), offset: offset)
        case .object:
            var members: [JSONMember] = []
            var j = i + 1
            for _ in 0..<e.count {
                members.append(JSONMember(key: string(at: j), keyOffset: Int(tape[j].offset), value: value(at: j + 1)))
                j = end(of: j + 1)
            }
            return JSONValue(.object(members), offset: offset)
        }
    }
}

private struct Cursor {
    typealias SyntaxError = JSONParser.SyntaxError
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    var depth = 0
    var tape: [TapeEntry] = []
    var escaped: [String] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A value takes at least a few bytes of source; this avoids most regrowth.
        tape.reserveCapacity(bytes.count / 8 + 16)
    }

    func fail(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(offset: offset ?? pos, message: message)
    }

    mutating func document() throws(SyntaxError) {
        guard bytes.count < 1 << 28 else { throw fail("the input is too large to parse (256 MiB at most)") }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        skipSpace()
        guard pos < bytes.count else { throw fail("the file is empty: expected a JSON value") }
        try parseValue()
        skipSpace()
        if pos < bytes.count { throw fail("unexpected \(describeByte(at: pos)) after the end of the JSON value") }
    }

    @inline(__always)
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

    mutating func append(_ kind: TapeEntry.Kind, at offset: Int, count: Int = 0, payload: UInt64 = 0) {
        tape.append(TapeEntry(kind: kind, count: UInt32(truncatingIfNeeded: count), offset: UInt32(truncatingIfNeeded: offset), payload: payload))
    }

    mutating func parseValue() throws(SyntaxError) {
        guard pos < bytes.count else { throw fail("unexpected end of file: expected a value") }
        let start = pos
        switch bytes[pos] {
        case UInt8(ascii: "{"): try parseObject()
        case UInt8(ascii: "["): try parseArray()
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try literal("true"); append(.trueValue, at: start)
        case UInt8(ascii: "f"): try literal("false"); append(.falseValue, at: start)
        case UInt8(ascii: "n"): try literal("null"); append(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let n = try parseNumber()
            append(.number, at: start, payload: n.bitPattern)
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

    /// Whether the keys at tape indices `a` and `b` are the same string.
    func sameKey(_ a: Int, _ b: Int) -> Bool {
        let x = tape[a], y = tape[b]
        if x.kind == .rawString && y.kind == .rawString {
            guard x.count == y.count else { return false }
            let xs = Int(x.payload), ys = Int(y.payload)
            for j in 0..<Int(x.count) where bytes[xs + j] != bytes[ys + j] { return false }
            return true
        }
        // Keys are equal when their code points are (RFC 8259), not by Unicode canonical
        // equivalence, which is what String's == uses.
        return keyString(a).utf8.elementsEqual(keyString(b).utf8)
    }

    /// FNV-1a of the key at tape index `i`, over its code points' UTF-8.
    func keyHash(_ i: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        let e = tape[i]
        if e.kind == .escapedString {
            for b in escaped[Int(e.payload)].utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        } else {
            let s = Int(e.payload)
            for j in s..<s + Int(e.count) { h = (h ^ UInt64(bytes[j])) &* 0x0000_0100_0000_01B3 }
        }
        return h
    }

    /// Adds the key at tape index `i` to `keys`; false when an equal key is already there.
    func insertKey(_ i: Int, into keys: inout KeyTable) -> Bool {
        if keys.count * 2 >= keys.slots.count { keys.grow { keyHash(Int($0)) } }
        let mask = keys.slots.count - 1
        var slot = Int(truncatingIfNeeded: keyHash(i)) & mask
        while keys.slots[slot] >= 0 {
            if sameKey(Int(keys.slots[slot]), i) { return false }
            slot = (slot + 1) & mask
        }
        keys.slots[slot] = Int32(truncatingIfNeeded: i)
        keys.count += 1
        return true
    }

    func keyString(_ i: Int) -> String {
        let e = tape[i]
        if e.kind == .escapedString { return escaped[Int(e.payload)] }
        let s = Int(e.payload)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<s + Int(e.count)]), as: UTF8.self)
    }

    mutating func parseObject() throws(SyntaxError) {
        let start = pos
        try enter()
        pos += 1
        let index = tape.count
        append(.object, at: start)
        var count = 0
        var seen: KeyTable? = nil
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
        } else {
            while true {
                skipSpace()
                guard pos < bytes.count else { throw fail("unexpected end of file inside an object") }
                guard bytes[pos] == UInt8(ascii: "\"") else {
                    if bytes[pos] == UInt8(ascii: "}") { throw fail("trailing comma before '}'") }
                    throw fail("unexpected \(describeByte(at: pos)): expected a key in double quotes")
                }
                let keyOffset = pos
                let keyIndex = tape.count
                try parseString()
                // Duplicate keys: a scan of the earlier keys is fastest for the small objects that
                // dominate; a set takes over for large ones (a preset's `levels` may have 100 000).
                if count < 16 {
                    var j = index + 1
                    for _ in 0..<count {
                        if sameKey(j, keyIndex) { throw fail("duplicate key \(SafeText.quoted(keyString(keyIndex)))", at: keyOffset) }
                        j = tape[j + 1].end(at: j + 1)
                    }
                } else {
                    if seen == nil {
                        var keys = KeyTable()
                        var j = index + 1
                        for _ in 0..<count {
                            _ = insertKey(j, into: &keys)
                            j = tape[j + 1].end(at: j + 1)
                        }
                        seen = keys
                    }
                    if !insertKey(keyIndex, into: &seen!) {
                        throw fail("duplicate key \(SafeText.quoted(keyString(keyIndex)))", at: keyOffset)
                    }
                }
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                    throw fail("unexpected \(describeByte(at: pos)): expected ':' after the key")
                }
                pos += 1
                skipSpace()
                try parseValue()
                count += 1
                skipSpace()
                guard pos < bytes.count else { throw fail("unexpected end of file inside an object") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
                throw fail("unexpected \(describeByte(at: pos)): expected ',' or '}'")
            }
        }
        depth -= 1
        tape[index].count = UInt32(truncatingIfNeeded: count)
        tape[index].payload = UInt64(tape.count)
    }

    mutating func parseArray() throws(SyntaxError) {
        let start = pos
        try enter()
        pos += 1
        let index = tape.count
        append(.array, at: start)
        var count = 0
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
        } else {
            while true {
                skipSpace()
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { throw fail("trailing comma before ']'") }
                try parseValue()
                count += 1
                skipSpace()
                guard pos < bytes.count else { throw fail("unexpected end of file inside an array") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
                throw fail("unexpected \(describeByte(at: pos)): expected ',' or ']'")
            }
        }
        depth -= 1
        tape[index].count = UInt32(truncatingIfNeeded: count)
        tape[index].payload = UInt64(tape.count)
    }

    mutating func parseString() throws(SyntaxError) {
        let start = pos
        switch try JSONScan.string(bytes, &pos) {
        case .raw(let from, let count):
            append(.rawString, at: start, count: count, payload: UInt64(from))
        case .escaped(let s):
            append(.escapedString, at: start, payload: UInt64(escaped.count))
            escaped.append(s)
        }
    }

    mutating func parseNumber() throws(SyntaxError) -> Double {
        try JSONScan.number(bytes, &pos)
    }
}

/// The keys of one large object, for the duplicate-key check: their tape indices in an
/// open-addressed table, hashed by their bytes where they stand (no String or Array per key, which
/// was most of the time of parsing a preset with 100 000 levels).
struct KeyTable {
    var slots = [Int32](repeating: -1, count: 64)
    var count = 0

    /// Doubles the table, placing each key again by `hash`.
    mutating func grow(_ hash: (Int32) -> UInt64) {
        let old = slots
        slots = [Int32](repeating: -1, count: old.count * 2)
        let mask = slots.count - 1
        for i in old where i >= 0 {
            var slot = Int(truncatingIfNeeded: hash(i)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = i
        }
    }
}
