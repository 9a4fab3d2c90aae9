/// Writes JSON with members in the order given, two-space indentation and short scalar arrays on
/// one line, so that saved files are stable and diff well in version control.
public enum JSONWriter {
    /// Pretty-printed text of `value`, ending in a newline.
    /// With `inlineSmallObjects`, objects of at most four scalar members go on one line (for
    /// reports such as `score --format json`); saved files keep one member per line for diffs.
    public static func write(_ value: JSONValue, inlineSmallObjects: Bool = false) -> String {
        var out = ""
        write(value, indent: 0, inline: inlineSmallObjects, into: &out)
        out += "\n"
        return out
    }

    /// Text of `value` as it appears nested `indent` levels deep in a pretty-printed document, for
    /// writing large documents piece by piece (no trailing newline).
    public static func fragment(_ value: JSONValue, indent: Int, inlineSmallObjects: Bool = false) -> String {
        var out = ""
        write(value, indent: indent, inline: inlineSmallObjects, into: &out)
        return out
    }

    /// Appends `value` as it appears nested `indent` levels deep to `out` (no trailing newline).
    public static func append(_ value: JSONValue, indent: Int, inlineSmallObjects: Bool = false, to out: inout String) {
        write(value, indent: indent, inline: inlineSmallObjects, into: &out)
    }

    /// Compact one-line text of `value`.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        writeCompact(value, into: &out)
        return out
    }

    /// The shortest text that reads back as the same Double; integral values without ".0".
    /// JSON has no infinities or NaN (SPEC §3: every number is finite, and inputs that would
    /// overflow are refused at load). Should one reach a writer anyway, it is written as `null`, so
    /// the document stays valid JSON and a reader sees a missing figure rather than a wrong one.
    /// Written by `NumberFormat` (Schubfach), which a test holds to exactly this definition:
    /// `null` when not finite; "0" for ±0; `String(Int64(x))` for whole numbers below 1e17 in
    /// magnitude; else `x.description`.
    public static func format(_ x: Double) -> String {
        String(unsafeUninitializedCapacity: 32) { NumberFormat.write(x, into: $0.baseAddress!) }
    }

    public static func quote(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// Whether `s` can be written between quotes as it is (the common case), checked on its bytes.
    static func needsNoEscape(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { needsNoEscape($0) }
    }

    /// `needsNoEscape` on UTF-8 bytes.
    @inline(__always)
    static func needsNoEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F { return false }
                // C1 controls U+0080–U+009F (C2 80…C2 9F): U+009B is a terminal's CSI.
                if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] <= 0x9F { return false }
                // U+2028 and U+2029 (E2 80 A8/A9) break JavaScript parsers: escape them too.
                if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return false }
                i += 1
            }
            return true
        }
    }

    /// Appends `s` as a JSON string literal.
    public static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        if needsNoEscape(s) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                // Control characters (C0, DEL, C1: a result printed to a terminal must not carry an
                // escape sequence) and the separators that break JavaScript are escaped (SPEC §3).
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    static func isScalar(_ v: JSONValue) -> Bool {
        switch v.kind {
        case .array, .object: return false
        default: return true
        }
    }

    static func write(_ value: JSONValue, indent: Int, inline: Bool, into out: inout String) {
        switch value.kind {
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(isScalar) {
                writeCompact(value, into: &out)
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                write(item, indent: indent + 1, inline: inline, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            if inline && members.count <= 4 && members.allSatisfy({ isScalar($0.value) }) {
                writeCompact(value, into: &out)
                return
            }
            out += "{\n"
            for (i, m) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                appendQuoted(m.key, to: &out)
                out += ": "
                write(m.value, indent: indent + 1, inline: inline, into: &out)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        default:
            writeCompact(value, into: &out)
        }
    }

    static func writeCompact(_ value: JSONValue, into out: inout String) {
        switch value.kind {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += format(n)
        case .string(let s): appendQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                writeCompact(item, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += ", " }
                appendQuoted(m.key, to: &out)
                out += ": "
                writeCompact(m.value, into: &out)
            }
            out += "}"
        }
    }
}

/// Convenience builders so that output documents read like the JSON they produce.
extension JSONValue {
    public static func obj(_ members: [(String, JSONValue)]) -> JSONValue {
        JSONValue(.object(members.map { JSONMember(key: $0.0, value: $0.1) }))
    }
    public static func arr(_ items: [JSONValue]) -> JSONValue { JSONValue(.array(items)) }
    public static func str(_ s: String) -> JSONValue { JSONValue(.string(s)) }
    public static func num(_ n: Double) -> JSONValue { JSONValue(.number(n)) }
    public static func int(_ n: Int) -> JSONValue { JSONValue(.number(Double(n))) }
    public static func bool(_ b: Bool) -> JSONValue { JSONValue(.bool(b)) }
    public static var null: JSONValue { JSONValue(.null) }
}
