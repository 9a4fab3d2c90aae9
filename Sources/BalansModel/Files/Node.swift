/// The text of one input file, for turning byte offsets into line and column. A class, so that the
/// millions of `Node`s of a large file share it with one reference each.
public final class SourceText: Sendable {
    public let file: String
    public let bytes: [UInt8]

    public init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    public func error(at offset: Int, path: String?, _ message: String) -> BalansError {
        let (line, column) = location(of: offset)
        return BalansError(.badData, file: file, line: line, column: column, path: path, message)
    }

    /// Parses the text as JSON, turning syntax errors into a `BalansError` with line and column.
    public func parseJSON() throws(BalansError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw self.error(at: error.offset, path: nil, error.message)
        }
    }
}

/// A JSON value being decoded, with its path (`segments[3].consent.browsing`) and source, so that
/// every check can report exactly where the problem is. The path is built only when asked for (an
/// error, or a child that has children of its own): a 100 000-segment file has millions of leaves.
public struct Node: Sendable {
    enum Component: Sendable {
        case none
        case key(String)
        case index(Int)
    }

    public let value: JSONValue
    let parentPath: String
    let component: Component
    public let source: SourceText

    public init(_ value: JSONValue, path: String = "", source: SourceText) {
        self.init(value, parentPath: path, component: .none, source: source)
    }

    init(_ value: JSONValue, parentPath: String, component: Component, source: SourceText) {
        self.value = value
        self.parentPath = parentPath
        self.component = component
        self.source = source
    }

    /// The JSON path of this value, e.g. `segments[3].consent.browsing`.
    public var path: String {
        switch component {
        case .none: return parentPath
        case .index(let i): return parentPath + "[" + String(i) + "]"
        case .key(let key):
            let isPlain = !key.isEmpty && key.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
            }
            if !isPlain { return parentPath + "[" + JSONWriter.quote(key) + "]" }
            return parentPath.isEmpty ? key : parentPath + "." + key
        }
    }

    public func error(_ message: String) -> BalansError {
        source.error(at: value.offset, path: path, message)
    }

    func child(_ value: JSONValue, key: String, base: String? = nil) -> Node {
        Node(value, parentPath: base ?? path, component: .key(key), source: source)
    }

    func child(_ value: JSONValue, index: Int, base: String? = nil) -> Node {
        Node(value, parentPath: base ?? path, component: .index(index), source: source)
    }

    public func string() throws(BalansError) -> String {
        guard case .string(let s) = value.kind else { throw error("expected a string, got \(value.typeDescription)") }
        return s
    }

    /// A string that must not be empty or only spaces (names shown to people).
    public func name() throws(BalansError) -> String {
        let s = try string()
        if s.allSatisfy({ $0 == " " || $0 == "\t" }) { throw error("must not be empty") }
        return s
    }

    /// An id: `[a-z0-9][a-z0-9-]*`.
    public func slug() throws(BalansError) -> String {
        let s = try string()
        try Node.checkSlug(s, self)
        return s
    }

    static func isSlug(_ s: String) -> Bool {
        guard let first = s.utf8.first, isSlugByte(first), first != 0x2D else { return false }
        return s.utf8.allSatisfy(isSlugByte)
    }

    static func isSlugByte(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || b == 0x2D }

    static func checkSlug(_ s: String, _ node: Node) throws(BalansError) {
        if !isSlug(s) {
            throw node.error("\(JSONWriter.quote(s)) is not a valid id: use lower-case letters, digits and '-', starting with a letter or digit")
        }
    }

    public func bool() throws(BalansError) -> Bool {
        guard case .bool(let b) = value.kind else { throw error("expected true or false, got \(value.typeDescription)") }
        return b
    }

    /// A finite number within `range` (described as "from 0 to 1" or "of at least 0").
    public func number(in range: ClosedRange<Double>? = nil, atLeast minimum: Double? = nil) throws(BalansError) -> Double {
        guard case .number(let n) = value.kind else { throw error("expected a number, got \(value.typeDescription)") }
        if let range, !range.contains(n) {
            throw error("expected a number from \(JSONWriter.format(range.lowerBound)) to \(JSONWriter.format(range.upperBound)), got \(JSONWriter.format(n))")
        }
        if let minimum, n < minimum {
            throw error("expected a number of at least \(JSONWriter.format(minimum)), got \(JSONWriter.format(n))")
        }
        return n
    }

    /// A whole number within `range`.
    public func integer(in range: ClosedRange<Int>) throws(BalansError) -> Int {
        guard case .number(let n) = value.kind else { throw error("expected a whole number, got \(value.typeDescription)") }
        guard n == n.rounded(), abs(n) <= 9_007_199_254_740_992 else {
            throw error("expected a whole number, got \(JSONWriter.format(n))")
        }
        let i = Int(n)
        guard range.contains(i) else {
            if range.upperBound == Int.max {
                throw error("expected a whole number of at least \(range.lowerBound), got \(i)")
            }
            throw error("expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(i)")
        }
        return i
    }

    public func array() throws(BalansError) -> [Node] {
        guard case .array(let items) = value.kind else { throw error("expected an array, got \(value.typeDescription)") }
        let base = path
        return items.enumerated().map { child($0.element, index: $0.offset, base: base) }
    }

    /// One member of an object: its key, the value's node, and a node at the key for key errors.
    public struct Entry: Sendable {
        public let key: String
        let keyOffset: Int
        public let node: Node

        /// A node placed at the key itself (for "unknown segment" and the like).
        public var keyNode: Node {
            Node(JSONValue(.string(key), offset: keyOffset), parentPath: node.parentPath, component: node.component, source: node.source)
        }
    }

    /// Members of an object, in file order.
    public func entries() throws(BalansError) -> [Entry] {
        guard case .object(let members) = value.kind else { throw error("expected an object, got \(value.typeDescription)") }
        let base = path
        return members.map { m in Entry(key: m.key, keyOffset: m.keyOffset, node: child(m.value, key: m.key, base: base)) }
    }

    /// Opens an object whose keys must all be in `allowed`.
    public func object(allowed: [String]) throws(BalansError) -> ObjectReader {
        guard case .object(let members) = value.kind else { throw error("expected an object, got \(value.typeDescription)") }
        for m in members where !allowed.contains(m.key) {
            let keyNode = Node(JSONValue(.string(m.key), offset: m.keyOffset), path: path, source: source)
            var message = "unknown key \(JSONWriter.quote(m.key))"
            if let near = Node.nearest(m.key, in: allowed) { message += " (did you mean \(JSONWriter.quote(near))?)" }
            else { message += " (allowed: \(allowed.joined(separator: ", ")))" }
            throw keyNode.error(message)
        }
        return ObjectReader(node: self, base: path, members: members)
    }

    /// The allowed key closest to a typo, when it is close enough to be a likely typo.
    static func nearest(_ key: String, in allowed: [String]) -> String? {
        let a = Array(key.lowercased().unicodeScalars)
        var best: (key: String, distance: Int)? = nil
        for candidate in allowed {
            let d = editDistance(a, Array(candidate.lowercased().unicodeScalars))
            if d <= max(1, candidate.count / 3), d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.key
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}

/// Reads the members of one object by key.
public struct ObjectReader: Sendable {
    public let node: Node
    let base: String
    let members: [JSONMember]

    public func optional(_ key: String) -> Node? {
        guard let m = members.first(where: { $0.key == key }) else { return nil }
        return node.child(m.value, key: key, base: base)
    }

    public func required(_ key: String) throws(BalansError) -> Node {
        guard let n = optional(key) else { throw node.error("missing required key \(JSONWriter.quote(key))") }
        return n
    }

    /// An optional member that may also be `null`, treated as absent.
    public func nonNull(_ key: String) -> Node? {
        guard let n = optional(key) else { return nil }
        if case .null = n.value.kind { return nil }
        return n
    }
}
