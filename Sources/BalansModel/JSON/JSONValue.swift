/// A parsed JSON value that remembers where it came from.
///
/// Balans needs more than `JSONSerialization` gives: object members in file order (saved files must
/// diff well), duplicate keys reported as errors, and the byte offset of every value so that an error
/// can name the line and column. `offset` is the UTF-8 byte offset of the value's first byte.
public struct JSONValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        case object([JSONMember])
    }

    public var kind: Kind
    public var offset: Int

    public init(_ kind: Kind, offset: Int = 0) {
        self.kind = kind
        self.offset = offset
    }

    /// A short name of the value's type for error messages ("a string", "an object", ...).
    public var typeDescription: String {
        switch kind {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSONWriter.format(n)
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// One `"key": value` pair of an object, with the offset of the key for error messages.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var keyOffset: Int
    public var value: JSONValue

    public init(key: String, keyOffset: Int = 0, value: JSONValue) {
        self.key = key
        self.keyOffset = keyOffset
        self.value = value
    }
}

extension JSONValue {
    /// Members of an object, or nil.
    public var members: [JSONMember]? {
        if case .object(let m) = kind { return m }
        return nil
    }

    /// The member with this key, when the value is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    public var stringValue: String? {
        if case .string(let s) = kind { return s }
        return nil
    }
}
