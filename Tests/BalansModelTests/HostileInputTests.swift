import Testing
@testable import BalansModel

/// "Did you mean" and quoted input on hostile files: every case here took seconds to minutes
/// before the work was bounded (a full Levenshtein table per candidate, no length cut-off, the
/// whole input quoted in the message); each must now finish at once and still give one short line.
@Suite struct HostileInputTests {
    /// The message form of a long string: its first 60 characters, then "…".
    static func cutQuoted(_ c: Character, _ count: Int = 60) -> String {
        "\"" + String(repeating: c, count: count) + "…\""
    }

    /// The textbook table, as the reference for the banded distance.
    static func fullDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        if !a.isEmpty && !b.isEmpty {
            for i in 1...a.count {
                for j in 1...b.count {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
            }
        }
        return d[a.count][b.count]
    }

    @Test func ordinaryTyposAreStillSuggested() {
        #expect(Node.nearest("familes", in: ["singles", "families", "seniors"]) == "families")
        #expect(Node.nearest("nort", in: ["north", "south"]) == "north")
        // A swap is two edits, more than the one a five-letter id allows.
        #expect(Node.nearest("nroth", in: ["north", "south"]) == nil)
        #expect(Node.nearest("NORTH", in: ["south", "north"]) == "north")
        #expect(Node.nearest("kundér", in: ["kunder", "kunderna"]) == "kunder")
        #expect(Node.nearest("browsing-histroy", in: ["purchase-history", "browsing-history"]) == "browsing-history")
        #expect(Node.nearest("xyz", in: ["north", "south"]) == nil)
        // The first of equally near candidates, as before.
        #expect(Node.nearest("ab", in: ["ax", "ay"]) == "ax")
    }

    @Test func theBandedDistanceAgreesWithTheFullTable() {
        var rng = SplitMix(state: 0x0018_CAFE)
        let alphabet: [Unicode.Scalar] = ["a", "b", "c", "å"]
        for _ in 0..<4000 {
            let a = (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            // Often a near copy of a, so that small distances are common.
            var b = a
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                switch Int.random(in: 0...2, using: &rng) {
                case 0 where !b.isEmpty: b.remove(at: Int.random(in: 0..<b.count, using: &rng))
                case 1: b.insert(alphabet.randomElement(using: &rng)!, at: Int.random(in: 0...b.count, using: &rng))
                default: if !b.isEmpty { b[Int.random(in: 0..<b.count, using: &rng)] = alphabet.randomElement(using: &rng)! }
                }
            }
            if Int.random(in: 0...4, using: &rng) == 0 {
                b = (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            }
            let expected = Self.fullDistance(a, b)
            #expect(Node.editDistance(a, b) == expected)
            let limit = Int.random(in: 0...6, using: &rng)
            var budget = Int.max
            var scratch = Node.EditDistanceScratch()
            let banded = Node.editDistance(a, b, limit: limit, budget: &budget, scratch: &scratch)
            #expect(banded == (expected <= limit ? expected : nil), "\(a) \(b) limit \(limit)")
        }
    }

    /// The suggestion as it was defined before the bounds: the first candidate at the smallest full
    /// distance, when that is at most max(1, length / 3) of the candidate.
    static func plainNearest(_ key: String, in candidates: [String]) -> String? {
        var best: (String, Int)? = nil
        for c in candidates {
            let d = fullDistance(Array(key.lowercased().unicodeScalars), Array(c.lowercased().unicodeScalars))
            if d <= max(1, c.unicodeScalars.count / 3), d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0
    }

    @Test func theBoundsChangeNoSuggestionOnOrdinaryInput() {
        var rng = SplitMix(state: 0x0018_0006)
        let alphabet: [Character] = ["a", "b", "c", "-", "A"]
        func word(_ length: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: length, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        for _ in 0..<3000 {
            let candidates = (0..<Int.random(in: 1...8, using: &rng)).map { _ in word(0...14) }
            // Often a near copy of a candidate, so that suggestions are common.
            var key = Int.random(in: 0...1, using: &rng) == 0 ? word(0...14) : candidates.randomElement(using: &rng)!
            if !key.isEmpty && Int.random(in: 0...1, using: &rng) == 0 { key.remove(at: key.index(key.startIndex, offsetBy: Int.random(in: 0..<key.count, using: &rng))) }
            if Int.random(in: 0...1, using: &rng) == 0 { key.append(alphabet.randomElement(using: &rng)!) }
            #expect(Node.nearest(key, in: candidates) == Self.plainNearest(key, in: candidates), "\(key) in \(candidates)")
        }
    }

    @Test func aLongUserStringIsCutInMessages() {
        #expect(SafeText.quoted("north") == "\"north\"")
        #expect(SafeText.quoted(String(repeating: "a", count: 60)) == "\"" + String(repeating: "a", count: 60) + "\"")
        #expect(SafeText.quoted(String(repeating: "a", count: 61)) == Self.cutQuoted("a"))
        #expect(SafeText.quoted(String(repeating: "ö", count: 3000)) == Self.cutQuoted("ö"))
        // Escapes count as what they take: ten line breaks are twenty characters, and stay escaped.
        let breaks = String(repeating: "\n", count: 40)
        #expect(SafeText.quoted(breaks) == "\"" + String(repeating: "\\n", count: 30) + "…\"")
    }

    @Test func aHugeUnknownIdAmongFortyThousandSegmentsIsOneShortLine() {
        let ids = (0..<40_000).map { "segment-\($0)" }
        let message = unknown("segment", String(repeating: "x", count: 3000), among: ids, in: "big")
        #expect(message == "unknown segment \(Self.cutQuoted("x")) in scenario \"big\"")
        // A typo among them is still found.
        #expect(unknown("segment", "segmnt-39999", among: ids) == "unknown segment \"segmnt-39999\" (did you mean \"segment-39999\"?)")
    }

    @Test func aPresetNamingAHugeSegmentOfAFortyThousandSegmentScenarioIsOneShortLine() throws {
        let segments = (0..<40_000).map { "{\"id\": \"segment-\($0)\", \"name\": \"S\", \"size\": 1}" }
        let scenarioText = """
        {"balans": "scenario/1", "name": "Big",
         "categories": [{"id": "clicks", "name": "Clicks", "tier": "behavioural", "identifiability": "limited"}],
         "levels": [{"name": "Generic"}, {"name": "Clicks", "uses": ["clicks"], "uplift": 1}],
         "segments": [\(segments.joined(separator: ",\n"))]}
        """
        let scenarioPath = try TempFile.write(scenarioText, name: "big.json")
        defer { TempFile.remove(scenarioPath) }
        for (key, expected) in [
            (String(repeating: "q", count: 3000), "unknown segment \(Self.cutQuoted("q")) in scenario \"Big\""),
            ("segment-3999x", "unknown segment \"segment-3999x\" in scenario \"Big\" (did you mean \"segment-3999\"?)"),
        ] {
            let preset = "{\"balans\": \"preset/1\", \"name\": \"P\", \"scenario\": \"\(scenarioPath)\", \"levels\": {\"\(key)\": 1}}"
            let presetPath = try TempFile.write(preset, name: "p.json")
            defer { TempFile.remove(presetPath) }
            let error = #expect(throws: BalansError.self) { try Loader.preset(presetPath) }
            #expect(error?.message == expected)
            #expect((error?.description.count ?? .max) < 300)
        }
    }

    @Test func nearIdenticalCandidatesCannotMakeASuggestionSlow() {
        // 40 000 ids of 65 characters that differ from the unknown one at both ends, all at
        // distance 5 (of the 21 allowed): each fills a whole band of the table, until the budget
        // ends the search. The first of them is the answer, as without a budget.
        let middle = String(repeating: "a", count: 60)
        let ids = (0..<40_000).map { "\($0 % 10)\(middle)\(String(format4: $0))" }
        var budget = Node.suggestionBudget
        #expect(Node.nearest("x" + middle + "yyy", in: ids, budget: &budget) == ids[0])
        #expect(budget <= 0)
        // Ids that differ only at one end cost next to nothing, so a typo late in the list is found.
        let short = String(repeating: "a", count: 50)
        let suffixed = (0..<40_000).map { "seg-\(short)\(String(format4: $0))" }
        #expect(Node.nearest("seg-\(short)399x", in: suffixed) == "seg-\(short)3990")
    }

    @Test func aTenMegabyteUnknownKeyIsOneShortLine() throws {
        let key = String(repeating: "k", count: 10_000_000)
        let source = SourceText(file: "big.json", bytes: Array("{\"name\": 1, \"\(key)\": 2}".utf8))
        let doc = try source.parseJSON()
        let error = #expect(throws: BalansError.self) { try Node(doc).object(allowed: ["name", "notes"]) }
        #expect(error?.message == "unknown key \(Self.cutQuoted("k")) (allowed: name, notes)")
        #expect((error?.description.count ?? .max) < 200)
    }

    @Test func aLongKeyIsCutInThePathToo() throws {
        let key = String(repeating: "k", count: 100_000)
        let spaced = String(repeating: "s p", count: 40_000)
        let source = SourceText(file: "p.json", bytes: Array("{\"levels\": {\"\(key)\": \"x\", \"\(spaced)\": \"y\"}}".utf8))
        let doc = try source.parseJSON()
        let entries = try #require(try Node(doc).member("levels")?.entries())
        let plain = #expect(throws: BalansError.self) { try entries[0].node.integer(in: 0...9) }
        #expect(plain?.path == "levels." + String(repeating: "k", count: 60) + "…")
        let quoted = #expect(throws: BalansError.self) { try entries[1].node.integer(in: 0...9) }
        #expect(quoted?.path == "levels[\"" + String(repeating: "s p", count: 20) + "…\"]")
    }

    @Test func aDuplicateHugeKeyIsOneShortLine() {
        let key = String(repeating: "d", count: 1_000_000)
        let source = SourceText(file: "d.json", bytes: Array("{\"\(key)\": 1, \"\(key)\": 2}".utf8))
        let error = #expect(throws: BalansError.self) { try source.parseJSON() }
        #expect(error?.message == "duplicate key \(Self.cutQuoted("d"))")
    }

    @Test func twentyHugeUnknownSegmentsInAConsentFileAreFast() throws {
        // 10 000 segments with 2 KB ids and 20 rows naming 2 KB ids that are none of them: before,
        // every row compared 2 KB against 2 KB ten thousand times.
        let long = String(repeating: "q", count: 2000)
        let c = category("clicks", .behavioural, .limited)
        let segments = (0..<10_000).map { segment("\(long)\($0)", size: 10) } + [segment("north", size: 10)]
        let s = scenario([c], [Level(name: "Generic"), Level(name: "Clicks", uses: ["clicks"], uplift: 1)], segments)
        var lines = ["segment,category,opt_ins,choices"]
        for i in 0..<20 { lines.append("\(String(repeating: "z", count: 2000))\(i),clicks,1,2") }
        lines.append("nort,clicks,1,2")
        lines.append("north,clicks,3,4")
        let path = try TempFile.write(lines.joined(separator: "\n") + "\n", name: "long.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.cmpExport(path, into: s, source: ConsentSource(file: "long.csv", date: "2026-12-02", method: .csv))
        #expect(r.problems.count == 21)
        #expect(r.problems.prefix(20).allSatisfy { $0.reason.english == "unknown segment \(Self.cutQuoted("z"))" })
        #expect(r.problems.map(\.line) == Array(2...22))
        #expect(r.problems.last?.reason.english == "unknown segment \"nort\" (did you mean \"north\"?)")
        #expect(r.used == 1 && r.records == 22)
        #expect(r.changes.first { $0.segment == "north" }?.new == 0.75)
    }

    @Test func thousandsOfNearMissesShareOneBudget() throws {
        // 5 000 segments of 40 characters and 3 000 rows of other 40-character ids that share
        // their middle: every suggestion is a full search; the import's budget bounds them all,
        // and a typo repeated through the file keeps its suggestion (it is looked up once).
        let middle = String(repeating: "m", count: 36)
        let c = category("clicks", .behavioural, .limited)
        let segments = (0..<5_000).map { segment("a\(middle)\(String(format4: $0))", size: 1) } + [segment("north", size: 1)]
        let s = scenario([c], [Level(name: "Generic"), Level(name: "Clicks", uses: ["clicks"], uplift: 1)], segments)
        var lines = ["segment,category,opt_ins,choices"]
        for i in 0..<3_000 {
            lines.append(i % 2 == 0 ? "nort,clicks,1,2" : "z\(middle)x\(String(format2: i % 100)),clicks,1,2")
        }
        let path = try TempFile.write(lines.joined(separator: "\n") + "\n", name: "many.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.cmpExport(path, into: s, source: ConsentSource(file: "many.csv", date: "2026-12-02", method: .csv))
        #expect(r.problemCount == 3_000 && r.problems.count == ConsentImport.problemLimit)
        #expect(r.problems.enumerated().allSatisfy { i, p in
            i % 2 == 0 ? p.reason.english == "unknown segment \"nort\" (did you mean \"north\"?)" : p.reason.english.hasPrefix("unknown segment \"z")
        })
    }
}

extension String {
    /// `n` with leading zeros to four (two) digits.
    init(format4 n: Int) { self = String(String(n + 10_000).dropFirst()) }
    init(format2 n: Int) { self = String(String(n + 100).dropFirst()) }
}
