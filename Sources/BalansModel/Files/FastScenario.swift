/// The fast path of reading a scenario (docs/decisions/0028): the segments — nearly all of a large
/// file — are decoded straight from the bytes, with no tape, no `Node` and no paths, and the rest of
/// the file (catalogue, ladder, weights, policy: a few kilobytes) by the strict decoder.
///
/// It never reports a problem. It returns the scenario only when it is sure the strict decoder
/// (`JSONParser` + `Scenario.decode`) would return the same one, and nil on anything else — a
/// problem, or a shape it does not handle (an escaped key, a `null`) — so that the strict decoder
/// then runs and reports the problem with its line, column and path, or decodes the rare shape.
/// A test holds the two to that contract over the fixtures and over mutated files
/// (FastScenarioTests).
enum FastScenario {
    /// Files larger than this have their segments decoded in two halves at once, one per core.
    static let parallelBytes = 1 << 20

    /// `parallelAbove` lets tests split small files too.
    static func decode(_ source: SourceText, parallelAbove: Int = parallelBytes) -> Scenario? {
        source.bytes.withUnsafeBufferPointer { bytes in
            var d = FastDecoder(bytes, parallelAbove: parallelAbove)
            return d.scenario()
        }
    }
}

/// One half's result: its segments (nil when it found anything wrong) and where it stopped.
private struct Half {
    var segments: [Segment]? = nil
    var end = 0
}

/// The catalogue facts a segment is checked against.
private struct SegmentContext {
    /// Category ids as the catalogue holds them (shared by every segment's consent list).
    var ids: [String]
    var idBytes: [[UInt8]]
    var lookup: [String: Int]
    var levelCount: Int
}

private struct FastDecoder {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    let parallelAbove: Int
    var pos = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, parallelAbove: Int) {
        b = bytes
        n = bytes.count
        self.parallelAbove = parallelAbove
    }

    // MARK: Tokens

    @inline(__always)
    mutating func ws() {
        while pos < n {
            switch b[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    /// Skips space, then consumes `c` if it is next.
    @inline(__always)
    mutating func eat(_ c: UInt8) -> Bool {
        ws()
        guard pos < n, b[pos] == c else { return false }
        pos += 1
        return true
    }

    /// After a member or element: true for ',', false for `close`, nil otherwise.
    @inline(__always)
    mutating func next(_ close: UInt8) -> Bool? {
        ws()
        guard pos < n else { return nil }
        if b[pos] == UInt8(ascii: ",") { pos += 1; return true }
        if b[pos] == close { pos += 1; return false }
        return nil
    }

    /// A key without escapes (an escaped key sends the file to the strict decoder), and its ':'.
    @inline(__always)
    mutating func key() -> (start: Int, count: Int)? {
        ws()
        guard pos < n, b[pos] == UInt8(ascii: "\"") else { return nil }
        guard case .raw(let start, let count)? = try? JSONScan.string(b, &pos) else { return nil }
        guard eat(UInt8(ascii: ":")) else { return nil }
        return (start, count)
    }

    @inline(__always)
    mutating func stringToken() -> JSONScan.StringToken? {
        ws()
        guard pos < n, b[pos] == UInt8(ascii: "\"") else { return nil }
        return try? JSONScan.string(b, &pos)
    }

    @inline(__always)
    func text(_ start: Int, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<start + count]), as: UTF8.self)
    }

    mutating func string() -> String? {
        switch stringToken() {
        case .raw(let start, let count)?: return text(start, count)
        case .escaped(let s)?: return s
        case nil: return nil
        }
    }

    /// `Node.name()`: a string that is not empty or only spaces and tabs.
    mutating func name() -> String? {
        switch stringToken() {
        case .raw(let start, let count)?:
            var i = start
            while i < start + count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
            return i == start + count ? nil : text(start, count)
        case .escaped(let s)?:
            return s.allSatisfy({ $0 == " " || $0 == "\t" }) ? nil : s
        case nil: return nil
        }
    }

    /// `Node.slug()`.
    mutating func slug() -> String? {
        switch stringToken() {
        case .raw(let start, let count)?:
            guard count > 0, b[start] != 0x2D else { return nil }
            for i in start..<start + count where !Node.isSlugByte(b[i]) { return nil }
            return text(start, count)
        case .escaped(let s)?:
            return Node.isSlug(s) ? s : nil
        case nil: return nil
        }
    }

    @inline(__always)
    mutating func number() -> Double? {
        ws()
        guard pos < n, b[pos] == UInt8(ascii: "-") || JSONScan.isDigit(b[pos]) else { return nil }
        return try? JSONScan.number(b, &pos)
    }

    /// `Node.integer(in:)`: a whole number read from the literal's digits.
    mutating func integer(in range: ClosedRange<Int>) -> Int? {
        ws()
        let start = pos
        guard number() != nil, case .whole(let i) = Node.exactInteger(b, at: start), range.contains(i) else { return nil }
        return i
    }

    mutating func bool() -> Bool? {
        ws()
        if pos + 4 <= n, b[pos] == 0x74, b[pos + 1] == 0x72, b[pos + 2] == 0x75, b[pos + 3] == 0x65 {
            pos += 4
            return true
        }
        if pos + 5 <= n, b[pos] == 0x66, b[pos + 1] == 0x61, b[pos + 2] == 0x6C, b[pos + 3] == 0x73, b[pos + 4] == 0x65 {
            pos += 5
            return false
        }
        return nil
    }

    /// Whether the key at `start` is `word`.
    @inline(__always)
    func keyIs(_ k: (start: Int, count: Int), _ word: StaticString) -> Bool {
        guard k.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<k.count where b[k.start + i] != w[i] { return false }
        return true
    }

    /// Skips one value, finding its end only: its bytes are parsed again by the strict parser,
    /// which refuses whatever this lets through.
    mutating func skipValue() -> Bool {
        ws()
        guard pos < n else { return false }
        switch b[pos] {
        case UInt8(ascii: "\""):
            return stringToken() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while pos < n {
                switch b[pos] {
                case UInt8(ascii: "\""):
                    guard stringToken() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    if depth > JSONParser.maxDepth { return false }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { pos += 1; return true }
                default: break
                }
                pos += 1
            }
            return false
        default:
            let start = pos
            while pos < n {
                switch b[pos] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                    return pos > start
                default: pos += 1
                }
            }
            return pos > start
        }
    }

    // MARK: The file

    static let topKeys: [String] = Scenario.keys

    mutating func scenario() -> Scenario? {
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }
        guard eat(UInt8(ascii: "{")) else { return nil }
        var seen = Set<Int>()
        var parts: [(key: Int, range: Range<Int>)] = []
        var segments: [Segment]? = nil
        var segmentsAt: Int? = nil
        let segmentsKey = FastDecoder.topKeys.firstIndex(of: "segments")!
        while true {
            guard let k = key() else { return nil }
            guard let index = FastDecoder.topKeys.firstIndex(where: { keyMatches(k, $0) }),
                  seen.insert(index).inserted else { return nil }
            ws()
            let start = pos
            if index == segmentsKey {
                if let context = context(parts) {
                    // The usual order: the catalogue and ladder come first.
                    guard let s = self.segments(context) else { return nil }
                    segments = s
                } else {
                    guard skipValue() else { return nil }
                    segmentsAt = start
                }
            } else {
                guard skipValue() else { return nil }
                parts.append((index, start..<pos))
            }
            guard let more = next(UInt8(ascii: "}")) else { return nil }
            if !more { break }
        }
        ws()
        guard pos == n, var meta = decodeMeta(parts, includeAll: true) else { return nil }
        if segments == nil {
            guard let at = segmentsAt, let context = context(parts) else { return nil }
            pos = at
            guard let s = self.segments(context) else { return nil }
            segments = s
        }
        meta.segments = segments!
        return meta
    }

    func keyMatches(_ k: (start: Int, count: Int), _ word: String) -> Bool {
        guard k.count == word.utf8.count else { return false }
        var i = k.start
        for c in word.utf8 {
            if b[i] != c { return false }
            i += 1
        }
        return true
    }

    /// The catalogue and ladder, once both have been read.
    func context(_ parts: [(key: Int, range: Range<Int>)]) -> SegmentContext? {
        let categories = FastDecoder.topKeys.firstIndex(of: "categories")!, levels = FastDecoder.topKeys.firstIndex(of: "levels")!
        guard parts.contains(where: { $0.key == categories }), parts.contains(where: { $0.key == levels }),
              let meta = decodeMeta(parts, includeAll: false) else { return nil }
        var lookup: [String: Int] = [:]
        for (i, c) in meta.categories.enumerated() { lookup[c.id] = i }
        return SegmentContext(ids: meta.categories.map(\.id), idBytes: meta.categories.map { Array($0.id.utf8) },
                              lookup: lookup, levelCount: meta.levels.count)
    }

    /// The scenario without its segments, decoded strictly from a document of the other members
    /// (all of them, or just the catalogue and ladder under a stand-in version and name).
    func decodeMeta(_ parts: [(key: Int, range: Range<Int>)], includeAll: Bool) -> Scenario? {
        var doc: [UInt8] = [UInt8(ascii: "{")]
        func member(_ key: String, _ value: some Sequence<UInt8>) {
            doc.append(UInt8(ascii: "\""))
            doc.append(contentsOf: key.utf8)
            doc.append(contentsOf: "\":".utf8)
            doc.append(contentsOf: value)
            doc.append(UInt8(ascii: ","))
        }
        if !includeAll {
            member("balans", "\"scenario/1\"".utf8)
            member("name", "\"-\"".utf8)
        }
        for part in parts {
            let key = FastDecoder.topKeys[part.key]
            if includeAll || key == "categories" || key == "levels" {
                member(key, UnsafeBufferPointer(rebasing: b[part.range]))
            }
        }
        doc.append(contentsOf: "\"segments\":[]}".utf8)
        guard let parsed = try? JSONParser.parseDocument(SourceText(file: "", bytes: doc)) else { return nil }
        return try? Scenario.decode(Node(parsed))
    }

    // MARK: Segments

    mutating func segments(_ context: SegmentContext) -> [Segment]? {
        guard eat(UInt8(ascii: "[")) else { return nil }
        ws()
        if pos < n, b[pos] == UInt8(ascii: "]") { pos += 1; return [] }
        var halves: (first: [Segment], second: [Segment])
        if n - pos > parallelAbove, let split = splitPoint(from: pos, target: pos + (n - pos) / 2) {
            // The first half is the elements up to `split` (each followed by its comma), the
            // second the elements from there to the closing bracket: exactly what one pass reads.
            var second = self
            second.pos = split
            let slots = UnsafeMutablePointer<Half>.allocate(capacity: 2)
            slots.initialize(repeating: Half(), count: 2)
            defer {
                slots.deinitialize(count: 2)
                slots.deallocate()
            }
            let shared = UnsafeSendable((decoders: (self, second), slots: slots))
            Parallel.halves { half in
                var d = half == 0 ? shared.value.decoders.0 : shared.value.decoders.1
                let segments = d.elements(context, until: half == 0 ? split : nil)
                shared.value.slots[half] = Half(segments: segments, end: d.pos)
            }
            guard let a = slots[0].segments, let b = slots[1].segments else { return nil }
            pos = slots[1].end
            halves = (a, b)
        } else {
            guard let all = elements(context, until: nil) else { return nil }
            halves = (all, [])
        }
        // Ids are unique and the customers within bounds over the whole list.
        var ids = Set<String>()
        ids.reserveCapacity(halves.first.count + halves.second.count)
        var customers = 0
        for s in halves.first where !ids.insert(s.id).inserted { return nil }
        for s in halves.second where !ids.insert(s.id).inserted { return nil }
        for s in halves.first { customers += s.size; if customers > Scenario.maxCustomers { return nil } }
        for s in halves.second { customers += s.size; if customers > Scenario.maxCustomers { return nil } }
        if halves.second.isEmpty { return halves.first }
        return halves.first + halves.second
    }

    /// The elements from `pos`: up to the byte offset `end` (just past a comma), or else to the
    /// array's closing bracket, after which `pos` stands.
    mutating func elements(_ context: SegmentContext, until end: Int?) -> [Segment]? {
        var out: [Segment] = []
        // The segment in which each category's consent key was last seen (duplicate keys).
        var seenAt = [Int](repeating: -1, count: context.ids.count)
        var sourceSeenAt = [Int](repeating: -1, count: context.ids.count)
        while true {
            guard let s = segment(context, number: out.count, seenAt: &seenAt, sourceSeenAt: &sourceSeenAt) else { return nil }
            out.append(s)
            guard let more = next(UInt8(ascii: "]")) else { return nil }
            if !more { return end == nil ? out : nil }
            if let end {
                if pos == end { return out }
                if pos > end { return nil }
            }
        }
    }

    /// The offset just past the first comma between two elements of the array at or after
    /// `target`, scanning from `from` (inside the array, at depth 1) — or nil when the array ends
    /// first (then one pass reads the array). A wrong split cannot give a wrong scenario: the
    /// first half must end exactly there after a whole element and its comma, and the second must
    /// read elements from there to the bracket, or the fast path declines.
    func splitPoint(from: Int, target: Int) -> Int? {
        var i = from
        var depth = 1
        while i < n {
            switch b[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < n, b[i] != UInt8(ascii: "\"") {
                    if b[i] == UInt8(ascii: "\\") { i += 1 }
                    i += 1
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return nil }
            case UInt8(ascii: ","):
                if depth == 1, i >= target { return i + 1 }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// The category a consent key names.
    @inline(__always)
    func category(_ k: (start: Int, count: Int), _ context: SegmentContext, guess: Int) -> Int? {
        func matches(_ c: Int) -> Bool {
            let id = context.idBytes[c]
            guard id.count == k.count else { return false }
            for i in 0..<k.count where b[k.start + i] != id[i] { return false }
            return true
        }
        // Files list consent in catalogue order as a rule.
        if guess < context.ids.count, matches(guess) { return guess }
        for c in context.ids.indices where matches(c) { return c }
        return nil
    }

    mutating func segment(_ context: SegmentContext, number: Int, seenAt: inout [Int], sourceSeenAt: inout [Int]) -> Segment? {
        guard eat(UInt8(ascii: "{")) else { return nil }
        var seen: UInt16 = 0
        var id: String? = nil, name: String? = nil, size: Int? = nil
        var consent: [(category: String, rate: Double)] = []
        var minors = false, vulnerable = false
        var groups: [(attribute: String, value: String)] = []
        var uplift: [Double]? = nil
        var sources: [(category: String, source: ConsentSource)] = []
        ws()
        if pos < n, b[pos] == UInt8(ascii: "}") { return nil }  // id, name and size are required
        while true {
            guard let k = key() else { return nil }
            let field: UInt16
            if keyIs(k, "id") {
                field = 1
                id = slug()
            } else if keyIs(k, "name") {
                field = 2
                name = self.name()
                if name == nil { return nil }
            } else if keyIs(k, "size") {
                field = 4
                size = integer(in: 0...Scenario.maxCustomers)
                if size == nil { return nil }
            } else if keyIs(k, "consent") {
                field = 8
                guard readConsent(context, number: number, seenAt: &seenAt, into: &consent) else { return nil }
            } else if keyIs(k, "minors") {
                field = 16
                guard let v = bool() else { return nil }
                minors = v
            } else if keyIs(k, "vulnerable") {
                field = 32
                guard let v = bool() else { return nil }
                vulnerable = v
            } else if keyIs(k, "groups") {
                field = 64
                guard readGroups(into: &groups) else { return nil }
            } else if keyIs(k, "uplift") {
                field = 128
                guard let u = readUplift(context.levelCount) else { return nil }
                uplift = u
            } else if keyIs(k, "consentSource") {
                field = 256
                guard readSources(context, number: number, seenAt: &sourceSeenAt, into: &sources) else { return nil }
            } else {
                return nil
            }
            guard seen & field == 0 else { return nil }
            seen |= field
            if field == 1 && id == nil { return nil }
            guard let more = next(UInt8(ascii: "}")) else { return nil }
            if !more { break }
        }
        guard let id, let name, let size else { return nil }
        return Segment(id: id, name: name, size: size, consent: consent, minors: minors, vulnerable: vulnerable,
                       groups: groups, uplift: uplift, consentSource: sources)
    }

    mutating func readConsent(_ context: SegmentContext, number: Int, seenAt: inout [Int],
                              into consent: inout [(category: String, rate: Double)]) -> Bool {
        guard eat(UInt8(ascii: "{")) else { return false }
        ws()
        if pos < n, b[pos] == UInt8(ascii: "}") { pos += 1; return true }
        consent.reserveCapacity(context.ids.count)
        while true {
            guard let k = key(), let c = category(k, context, guess: consent.count), seenAt[c] != number else { return false }
            seenAt[c] = number
            guard let rate = self.number(), rate >= 0, rate <= 1 else { return false }
            consent.append((context.ids[c], rate))
            guard let more = next(UInt8(ascii: "}")) else { return false }
            if !more { return true }
        }
    }

    mutating func readGroups(into groups: inout [(attribute: String, value: String)]) -> Bool {
        guard eat(UInt8(ascii: "{")) else { return false }
        ws()
        if pos < n, b[pos] == UInt8(ascii: "}") { pos += 1; return true }
        var keys: [(start: Int, count: Int)] = []
        while true {
            guard let k = key(), k.count > 0, keys.count < 64 else { return false }
            for other in keys where other.count == k.count {
                var same = true
                for i in 0..<k.count where b[other.start + i] != b[k.start + i] { same = false; break }
                if same { return false }
            }
            keys.append(k)
            guard let value = string() else { return false }
            groups.append((text(k.start, k.count), value))
            guard let more = next(UInt8(ascii: "}")) else { return false }
            if !more { return true }
        }
    }

    mutating func readUplift(_ levelCount: Int) -> [Double]? {
        guard eat(UInt8(ascii: "[")) else { return nil }
        var values: [Double] = []
        values.reserveCapacity(levelCount)
        ws()
        if pos < n, b[pos] == UInt8(ascii: "]") { pos += 1; return levelCount == 0 ? values : nil }
        while true {
            guard values.count < levelCount, let v = number(), Level.upliftRange.contains(v) else { return nil }
            values.append(v)
            guard let more = next(UInt8(ascii: "]")) else { return nil }
            if !more { return values.count == levelCount ? values : nil }
        }
    }

    mutating func readSources(_ context: SegmentContext, number: Int, seenAt: inout [Int],
                              into sources: inout [(category: String, source: ConsentSource)]) -> Bool {
        guard eat(UInt8(ascii: "{")) else { return false }
        ws()
        if pos < n, b[pos] == UInt8(ascii: "}") { pos += 1; return true }
        while true {
            guard let k = key(), let c = category(k, context, guess: sources.count), seenAt[c] != number,
                  let source = readSource() else { return false }
            seenAt[c] = number
            sources.append((context.ids[c], source))
            guard let more = next(UInt8(ascii: "}")) else { return false }
            if !more { return true }
        }
    }

    /// `ConsentSource.decode`.
    mutating func readSource() -> ConsentSource? {
        guard eat(UInt8(ascii: "{")) else { return nil }
        var seen: UInt8 = 0
        var file: String? = nil, date: String? = nil, method: ConsentSource.Method? = nil, records: Int? = nil
        ws()
        if pos < n, b[pos] == UInt8(ascii: "}") { return nil }
        while true {
            guard let k = key() else { return nil }
            let field: UInt8
            if keyIs(k, "file") {
                field = 1
                file = name()
                if file == nil { return nil }
            } else if keyIs(k, "date") {
                field = 2
                guard let d = string(), CalendarDay(iso: d) != nil else { return nil }
                date = d
            } else if keyIs(k, "method") {
                field = 4
                guard let m = string().flatMap(ConsentSource.Method.init(rawValue:)) else { return nil }
                method = m
            } else if keyIs(k, "records") {
                field = 8
                guard let r = integer(in: 0...Int(1) << 53) else { return nil }
                records = r
            } else {
                return nil
            }
            guard seen & field == 0 else { return nil }
            seen |= field
            guard let more = next(UInt8(ascii: "}")) else { return nil }
            if !more { break }
        }
        guard let file, let date, let method else { return nil }
        return ConsentSource(file: file, date: date, method: method, records: records)
    }
}
