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
        // A byte-order mark is invisible in editors: columns start after it.
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
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
    public func parseJSON() throws(BalansError) -> JSONDocument {
        do {
            return try JSONParser.parseDocument(self)
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

    /// What kind of JSON value a node is.
    public enum Kind: Sendable, Equatable {
        case null, bool, number, string, array, object
    }

    public let document: JSONDocument
    /// Index of the value on the document's tape.
    let index: Int
    let parentPath: String
    let component: Component

    /// The root of a parsed document (which carries its source, for lines and columns).
    public init(_ document: JSONDocument) {
        self.init(document, index: 0, parentPath: "", component: .none)
    }

    init(_ document: JSONDocument, index: Int, parentPath: String, component: Component) {
        self.document = document
        self.index = index
        self.parentPath = parentPath
        self.component = component
    }

    public var source: SourceText { document.source }

    var entry: TapeEntry { document.tape[index] }

    /// Byte offset of the value in the source.
    public var offset: Int { Int(entry.offset) }

    public var kind: Kind {
        switch entry.kind {
        case .null: return .null
        case .falseValue, .trueValue: return .bool
        case .number: return .number
        case .rawString, .escapedString: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    public var isNull: Bool { entry.kind == .null }

    /// The value as a tree (for small parts of a document).
    public var value: JSONValue { document.value(at: index) }

    /// A short name of the value's type for error messages ("a string", "an object", 1.5, ...).
    public var typeDescription: String {
        switch entry.kind {
        case .null: return "null"
        case .falseValue: return "false"
        case .trueValue: return "true"
        case .number: return JSONWriter.format(Double(bitPattern: entry.payload))
        case .rawString, .escapedString: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
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
            if !isPlain { return parentPath + "[" + SafeText.quoted(key) + "]" }
            let shown = SafeText.cut(key)
            return parentPath.isEmpty ? shown : parentPath + "." + shown
        }
    }

    public func error(_ message: String) -> BalansError {
        source.error(at: offset, path: path, message)
    }

    /// The member `key` of an object (nil when absent or not an object). `base` is this node's path
    /// when the caller already has it.
    public func member(_ key: String, base: String? = nil) -> Node? {
        guard entry.kind == .object else { return nil }
        let base = base ?? path
        var j = index + 1
        for _ in 0..<entry.count {
            if document.stringEquals(at: j, key) {
                return Node(document, index: j + 1, parentPath: base, component: .key(key))
            }
            j = document.end(of: j + 1)
        }
        return nil
    }

    public func string() throws(BalansError) -> String {
        guard entry.kind == .rawString || entry.kind == .escapedString else {
            throw error("expected a string, got \(typeDescription)")
        }
        return document.string(at: index)
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
            throw node.error("\(SafeText.quoted(s)) is not a valid id: use lower-case letters, digits and '-', starting with a letter or digit")
        }
    }

    public func bool() throws(BalansError) -> Bool {
        switch entry.kind {
        case .trueValue: return true
        case .falseValue: return false
        default: throw error("expected true or false, got \(typeDescription)")
        }
    }

    /// A finite number within `range` (described as "from 0 to 1" or "of at least 0").
    public func number(in range: ClosedRange<Double>? = nil, atLeast minimum: Double? = nil) throws(BalansError) -> Double {
        guard entry.kind == .number else { throw error("expected a number, got \(typeDescription)") }
        let n = Double(bitPattern: entry.payload)
        if let range, !range.contains(n) {
            throw error("expected a number from \(JSONWriter.format(range.lowerBound)) to \(JSONWriter.format(range.upperBound)), got \(JSONWriter.format(n))")
        }
        if let minimum, n < minimum {
            throw error("expected a number of at least \(JSONWriter.format(minimum)), got \(JSONWriter.format(n))")
        }
        return n
    }

    /// A whole number within `range`, read from the literal's own digits: a Double holds every
    /// whole number only up to 2^53, so `9007199254740993` or `4503599627370496.5` would round to a
    /// whole Double and pass silently changed. Sizes and counts must be exact (SPEC §1.3).
    public func integer(in range: ClosedRange<Int>) throws(BalansError) -> Int {
        guard entry.kind == .number else { throw error("expected a whole number, got \(typeDescription)") }
        switch Node.exactInteger(source.bytes, at: offset) {
        case .fraction:
            throw error("expected a whole number, got \(literalText)")
        case .tooLarge:
            throw error("whole number \(literalText) is too large: at most 9007199254740992 (2^53)")
        case .whole(let i):
            guard range.contains(i) else {
                if range.upperBound >= 9_007_199_254_740_992 {
                    throw error("expected a whole number of at least \(range.lowerBound), got \(i)")
                }
                throw error("expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(i)")
            }
            return i
        }
    }

    /// What a JSON number literal denotes as a whole number.
    enum ExactInteger: Equatable {
        case whole(Int)
        /// Not a whole number (a non-zero digit after the decimal point, once the exponent applies).
        case fraction
        /// A whole number beyond ±2^53.
        case tooLarge
    }

    /// The exact value of the JSON number literal at `offset` (already checked by the parser) as a
    /// whole number, computed from its digits and exponent without rounding. O(length of the
    /// literal), no allocation (sizes are read 100 000 times in a large scenario).
    static func exactInteger(_ bytes: [UInt8], at offset: Int) -> ExactInteger {
        bytes.withUnsafeBufferPointer { exactInteger($0, at: offset) }
    }

    /// `exactInteger` over the bytes in place.
    static func exactInteger(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> ExactInteger {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var i = offset
        let negative = i < bytes.count && bytes[i] == 0x2D
        if negative { i += 1 }
        // The mantissa's digits and point, then the exponent.
        let start = i
        var point: Int? = nil
        while i < bytes.count, isDigit(bytes[i]) || (bytes[i] == 0x2E && point == nil) {
            if bytes[i] == 0x2E { point = i }
            i += 1
        }
        let end = i
        var exponent = 0
        if i < bytes.count && (bytes[i] == 0x65 || bytes[i] == 0x45) {
            i += 1
            var expNegative = false
            if i < bytes.count && (bytes[i] == 0x2B || bytes[i] == 0x2D) { expNegative = bytes[i] == 0x2D; i += 1 }
            while i < bytes.count, isDigit(bytes[i]) {
                // Saturate: an exponent this large decides the answer on its own.
                exponent = min(exponent * 10 + Int(bytes[i] - 0x30), 1_000_000_000)
                i += 1
            }
            if expNegative { exponent = -exponent }
        }
        // The decimal place of the digit at j (0 for units, -1 for tenths, …).
        func place(_ j: Int) -> Int {
            guard let p = point else { return end - 1 - j }
            return j < p ? p - 1 - j : -(j - p)
        }
        // First and last non-zero digits: only they decide wholeness and size.
        var first = -1, last = -1
        for j in start..<end where bytes[j] != 0x2E && bytes[j] != 0x30 {
            if first < 0 { first = j }
            last = j
        }
        // A zero literal, whatever its fraction or exponent ("0.000e5", "-0").
        guard first >= 0 else { return .whole(0) }
        let lowest = place(last) + exponent
        if lowest < 0 { return .fraction }
        // 2^53 has 16 digits: a number with more is too large.
        if place(first) + exponent + 1 > 16 { return .tooLarge }
        var value = 0
        for j in first...last where bytes[j] != 0x2E { value = value * 10 + Int(bytes[j] - 0x30) }
        for _ in 0..<lowest { value *= 10 }
        if value > 9_007_199_254_740_992 { return .tooLarge }
        return .whole(negative ? -value : value)
    }

    /// The number literal as written in the file, cut to a readable length.
    var literalText: String {
        var end = offset
        let bytes = source.bytes
        while end < bytes.count, end - offset < 40 {
            let b = bytes[end]
            guard (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 else { break }
            end += 1
        }
        let more = end < bytes.count && ((bytes[end] >= 0x30 && bytes[end] <= 0x39) || bytes[end] == 0x65 || bytes[end] == 0x45)
        return String(decoding: bytes[offset..<end], as: UTF8.self) + (more ? "…" : "")
    }

    public func array() throws(BalansError) -> [Node] {
        guard entry.kind == .array else { throw error("expected an array, got \(typeDescription)") }
        let base = path
        var out: [Node] = []
        out.reserveCapacity(Int(entry.count))
        var j = index + 1
        for i in 0..<Int(entry.count) {
            out.append(Node(document, index: j, parentPath: base, component: .index(i)))
            j = document.end(of: j)
        }
        return out
    }

    /// One member of an object: its key, the value's node, and a node at the key for key errors.
    public struct Entry: Sendable {
        public let key: String
        let keyIndex: Int
        public let node: Node

        /// A node placed at the key itself (for "unknown segment" and the like).
        public var keyNode: Node {
            Node(node.document, index: keyIndex, parentPath: node.parentPath, component: node.component)
        }
    }

    /// Members of an object, in file order.
    public func entries() throws(BalansError) -> [Entry] {
        guard entry.kind == .object else { throw error("expected an object, got \(typeDescription)") }
        let base = path
        var out: [Entry] = []
        out.reserveCapacity(Int(entry.count))
        var j = index + 1
        for _ in 0..<entry.count {
            let key = document.string(at: j)
            out.append(Entry(key: key, keyIndex: j, node: Node(document, index: j + 1, parentPath: base, component: .key(key))))
            j = document.end(of: j + 1)
        }
        return out
    }

    /// Opens an object whose keys must all be in `allowed`.
    public func object(allowed: [String]) throws(BalansError) -> ObjectReader {
        guard entry.kind == .object else { throw error("expected an object, got \(typeDescription)") }
        let base = path
        var j = index + 1
        for _ in 0..<entry.count {
            if !allowed.contains(where: { document.stringEquals(at: j, $0) }) {
                let key = document.string(at: j)
                let keyNode = Node(document, index: j, parentPath: base, component: .none)
                var message = "unknown key \(SafeText.quoted(key))"
                if let near = Node.nearest(key, in: allowed) { message += " (did you mean \(SafeText.quoted(near))?)" }
                else { message += " (allowed: \(allowed.joined(separator: ", ")))" }
                throw keyNode.error(message)
            }
            j = document.end(of: j + 1)
        }
        return ObjectReader(node: self, base: base)
    }

    /// The longest input, in Unicode scalars, for which a suggestion is looked for: a longer
    /// string is no typo of an id, and the search stays cheap on hostile input.
    static let suggestionMaxLength = 64

    /// The edit-distance cells one search may fill (a few milliseconds), so that a long list of
    /// near-identical candidates cannot make a suggestion slow.
    static let suggestionBudget = 4_000_000

    /// The allowed key closest to a typo, when it is close enough to be a likely typo.
    static func nearest(_ key: String, in allowed: [String]) -> String? {
        var budget = suggestionBudget
        return nearest(key, in: allowed, budget: &budget)
    }

    /// `nearest`, drawing the cells it fills from `budget` (shared by the searches of one import);
    /// with the budget spent, the best candidate found so far is the answer. The work is bounded:
    /// inputs over `suggestionMaxLength` scalars get no suggestion; a candidate whose length
    /// differs by more than the distance allowed is skipped unread; the distance is banded and
    /// stops as soon as it exceeds what could still win; and every cell counts against `budget`.
    static func nearest(_ key: String, in allowed: [String], budget: inout Int) -> String? {
        guard budget > 0, key.utf8.count <= 4 * suggestionMaxLength else { return nil }
        var a: [Unicode.Scalar] = []
        lowercasedScalars(key, into: &a)
        guard a.count <= suggestionMaxLength else { return nil }
        // A candidate within the allowed distance d ≤ max(1, m / 3) of a has m ≤ 1.5 · n + 1 scalars.
        let longest = a.count + a.count / 2 + 1
        var best: (key: String, distance: Int)? = nil
        var scratch = EditDistanceScratch()
        var b: [Unicode.Scalar] = []
        for candidate in allowed {
            guard budget > 0 else { break }
            // A cheap filter on bytes before the scalars are read (a UTF-8 scalar is 1–4 bytes).
            let bytes = candidate.utf8.count
            budget -= 1
            if bytes > 4 * longest || bytes < a.count - a.count / 3 - 1 { continue }
            budget -= bytes
            lowercasedScalars(candidate, into: &b)
            let m = b.count
            let allowedDistance = max(1, m / 3)
            let limit = min(allowedDistance, (best?.distance ?? Int.max) - 1)
            if limit < 0 || abs(m - a.count) > limit { continue }
            if let d = editDistance(a, b, limit: limit, budget: &budget, scratch: &scratch) {
                best = (candidate, d)
                if d == 0 { break }
            }
        }
        return best?.key
    }

    /// The scalars of `s` in lower case, into `out` (reused between candidates); ASCII, the usual
    /// case for ids and keys, without building a lower-cased string.
    static func lowercasedScalars(_ s: String, into out: inout [Unicode.Scalar]) {
        out.removeAll(keepingCapacity: true)
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in s.utf8 { out.append(Unicode.Scalar(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)) }
        } else {
            out.append(contentsOf: s.lowercased().unicodeScalars)
        }
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var budget = Int.max
        var scratch = EditDistanceScratch()
        return editDistance(a, b, limit: max(a.count, b.count), budget: &budget, scratch: &scratch) ?? max(a.count, b.count)
    }

    /// Rows of the distance table, reused between candidates.
    struct EditDistanceScratch {
        var previous: [Int] = []
        var current: [Int] = []
    }

    /// Levenshtein distance when it is at most `limit`, else nil. A common prefix and suffix are
    /// set aside first (they do not change the distance: ids often differ only at one end); then
    /// only the cells within `limit` of the diagonal are filled (Ukkonen's band: no path through
    /// the others stays within `limit`), and a row whose every cell is over `limit` ends the
    /// search. The scalars compared and the cells filled are taken from `budget`; nil when it runs out.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int,
                             budget: inout Int, scratch: inout EditDistanceScratch) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        var lo = 0
        while lo < a.count && lo < b.count && a[lo] == b[lo] { lo += 1 }
        var endA = a.count, endB = b.count
        while endA > lo && endB > lo && a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        budget -= 1 + lo + (a.count - endA)
        let n = endA - lo, m = endB - lo
        if n == 0 || m == 0 { return max(n, m) }
        let over = limit + 1  // stands for "more than limit" outside the band
        scratch.previous.removeAll(keepingCapacity: true)
        scratch.current.removeAll(keepingCapacity: true)
        for j in 0...m { scratch.previous.append(j <= limit ? j : over) }
        scratch.current.append(contentsOf: repeatElement(over, count: m + 1))
        var cells = 0
        let d: Int? = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                scratch.previous.withUnsafeMutableBufferPointer { p in
                    scratch.current.withUnsafeMutableBufferPointer { c in
                        var previous = p, current = c
                        for i in 1...n {
                            let from = max(1, i - limit), to = min(m, i + limit)
                            cells += to - from + 1
                            if cells > budget { return nil }
                            current[0] = i <= limit ? i : over
                            if from > 1 { current[from - 1] = over }
                            var rowMinimum = current[0]
                            let x = a[lo + i - 1]
                            var j = from
                            while j <= to {
                                // Written out: the variadic, generic `min` is slow outside optimised builds.
                                var cell = previous[j - 1] + (x == b[lo + j - 1] ? 0 : 1)
                                let deletion = previous[j] + 1, insertion = current[j - 1] + 1
                                if deletion < cell { cell = deletion }
                                if insertion < cell { cell = insertion }
                                if over < cell { cell = over }
                                current[j] = cell
                                if cell < rowMinimum { rowMinimum = cell }
                                j += 1
                            }
                            if to < m { current[to + 1] = over }
                            if rowMinimum > limit { return nil }
                            swap(&previous, &current)
                        }
                        return previous[m] <= limit ? previous[m] : nil
                    }
                }
            }
        }
        budget -= cells
        return d
    }
}

/// Reads the members of one object by key.
public struct ObjectReader: Sendable {
    public let node: Node
    let base: String

    public func optional(_ key: String) -> Node? {
        node.member(key, base: base)
    }

    public func required(_ key: String) throws(BalansError) -> Node {
        guard let n = optional(key) else { throw node.error("missing required key \(JSONWriter.quote(key))") }
        return n
    }
}
