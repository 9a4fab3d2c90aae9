import Foundation
import Testing
@testable import BalansModel

/// The fast scenario decoder (decision 0028) against the strict one: it may decline a file (nil),
/// but whatever it returns must be exactly what `JSONParser` + `Scenario.decode` return, and it must
/// decline every file the strict decoder refuses.
@Suite struct FastScenarioTests {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    enum Outcome: Equatable {
        case refused
        case declined
        case decoded(Scenario)
    }

    static func strict(_ bytes: [UInt8]) -> Scenario? {
        let source = SourceText(file: "t.json", bytes: bytes)
        guard let doc = try? source.parseJSON() else { return nil }
        return try? Scenario.decode(Node(doc))
    }

    /// Checks the contract on one file and says what the fast path did.
    @discardableResult
    static func check(_ bytes: [UInt8], _ label: String) -> Outcome {
        let strict = strict(bytes)
        let fast = FastScenario.decode(SourceText(file: "t.json", bytes: bytes))
        // The same file split in two halves decoded at once (as files over 1 MiB are): the same.
        let split = FastScenario.decode(SourceText(file: "t.json", bytes: bytes), parallelAbove: 0)
        #expect(split == fast, "decoding in halves differs from one pass: \(label)")
        if let fast {
            #expect(strict != nil, "fast path accepted a file the strict decoder refuses: \(label)")
            #expect(strict == fast, "fast path decoded a different scenario: \(label)")
            return .decoded(fast)
        }
        return strict == nil ? .refused : .declined
    }

    /// A scenario that uses every member a segment may have.
    static let full = """
    {"balans": "scenario/1", "name": "Full", "description": "every member",
     "categories": [
       {"id": "page", "name": "Page", "tier": "simple", "identifiability": "negligible"},
       {"id": "purchases", "name": "Purchases", "tier": "behavioural", "identifiability": "significant", "origin": "observed",
        "tcf": {"purposes": [3, 4]}},
       {"id": "health", "name": "Health", "tier": "sensitive", "identifiability": "significant", "origin": "inferred", "special": true}
     ],
     "levels": [
       {"name": "Generic"},
       {"name": "Context", "uses": ["page"], "uplift": 1.5},
       {"name": "Behaviour", "uses": ["purchases"], "profiling": true, "crossContext": 1, "uplift": 4},
       {"name": "Predictive", "uses": ["health"], "obtrusive": true, "crossContext": 2, "uplift": 6.25}
     ],
     "segments": [
       {"id": "a", "name": "Alpha \\u00e9", "size": 1200, "consent": {"page": 1, "purchases": 0.5, "health": 0.125},
        "groups": {"age": "18-34", "region": "north"}},
       {"id": "b-2", "name": "Beta", "size": 0, "minors": true, "vulnerable": false, "consent": {"purchases": 1e-3, "page": 0.75},
        "uplift": [0, 1, 2.5, 3], "groups": {"age": "65+"},
        "consentSource": {"page": {"file": "cmp.csv", "date": "2026-11-30", "method": "csv", "records": 42},
                          "purchases": {"method": "tcf", "date": "2024-02-29", "file": "tc.txt"}}},
       {"id": "c", "name": "Gamma", "size": 9007199254739000, "vulnerable": true, "consent": {}}
     ],
     "weights": {"origin": {"inferred": 0.75}, "vulnerable": 1},
     "weightsSource": {"file": "answers.csv", "design": "design.json", "respondents": 390, "date": "2026-12-02", "method": "nnls"},
     "policy": {"rules": {"max-band": {"maxBand": "high"}}}}
    """

    @Test("a file with every member decodes the same both ways")
    func full() {
        #expect(Self.check(Array(Self.full.utf8), "full") != .declined)
        guard case .decoded(let s) = Self.check(Array(Self.full.utf8), "full") else {
            Issue.record("the fast path declined a plain file")
            return
        }
        #expect(s.segments.count == 3)
        #expect(s.segments[1].consentSource.count == 2)
        #expect(s.segments[0].name == "Alpha é")
        #expect(s.weightsSource == WeightsSource(file: "answers.csv", design: "design.json", respondents: 390, date: "2026-12-02"))
    }

    @Test("segments before the catalogue: decoded after it")
    func segmentsFirst() throws {
        let text = """
        {"segments": [{"id": "a", "name": "A", "size": 3, "consent": {"c": 0.5}}], "balans": "scenario/1", "name": "X",
         "levels": [{"name": "G"}, {"name": "C", "uses": ["c"]}],
         "categories": [{"id": "c", "name": "C", "tier": "simple", "identifiability": "limited"}]}
        """
        guard case .decoded(let s) = Self.check(Array(text.utf8), "segments first") else {
            Issue.record("declined")
            return
        }
        #expect(s.segments.map(\.id) == ["a"])
    }

    @Test("a file over 1 MiB (decoded in two halves at once) reads as the strict decoder reads it")
    func largeFile() throws {
        let segment = #"{"id": "s%d", "name": "Segment %d é", "size": %d, "consent": {"page": 0.5, "purchases": 0.25, "health": 0.125}, "groups": {"age": "18-34", "region": "r%d"}}"#
        var text = Self.full[..<Self.full.range(of: "\"segments\": [")!.upperBound].description
        // Strings with brackets, braces, commas and escaped quotes, so the split must skip them.
        let names = (0..<8000).map { i in
            segment.replacingOccurrences(of: "Segment %d é", with: i % 7 == 0 ? #"S [\"{,}\"] %d"# : "Segment %d é")
                .replacingOccurrences(of: "%d", with: String(i))
        }
        text += names.joined(separator: ",\n") + "]}"
        let bytes = Array(text.utf8)
        #expect(bytes.count > FastScenario.parallelBytes)
        let strict = try #require(Self.strict(bytes))
        #expect(strict.segments.count == 8000)
        #expect(FastScenario.decode(SourceText(file: "t.json", bytes: bytes)) == strict)
        // A repeated id in the second half, and one across the halves, are still refused.
        for dup in ["s7999", "s1"] {
            let bad = Array(text.replacingOccurrences(of: #""id": "s7998""#, with: "\"id\": \"\(dup)\"").utf8)
            #expect(Self.strict(bad) == nil)
            #expect(FastScenario.decode(SourceText(file: "t.json", bytes: bad)) == nil)
        }
    }

    @Test("every fixture: the same verdict and the same scenario")
    func fixtures() throws {
        let folders = ["Fixtures/scenarios", "Fixtures/bad", "Fixtures/consent", "Fixtures/online-platform", "Fixtures/presets"]
        var decoded = 0, refused = 0
        for folder in folders {
            let path = Self.root + "/" + folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasSuffix(".json") {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
                switch Self.check(bytes, folder + "/" + name) {
                case .decoded: decoded += 1
                case .refused: refused += 1
                case .declined:
                    // The strict decoder reads it: the fast path must, too, unless it has an escaped key.
                    #expect(bytes.contains(UInt8(ascii: "\\")), "declined a valid plain file: \(folder)/\(name)")
                }
            }
        }
        #expect(decoded >= 3)
        #expect(refused >= 25)
        for name in BuiltinScenarios.names {
            let bytes = Array(BuiltinScenarios.source(named: name)!.utf8)
            #expect(Self.check(bytes, "builtin:" + name) != .refused)
        }
    }

    /// SplitMix64: a seeded generator, so that a failure can be repeated.
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let tokens: [String] = [
        "\"", "{", "}", "[", "]", ",", ":", " ", "\\", "\\u0061", "\\\"", "0", "1", "-", ".", "e", "E+", "true", "false",
        "null", "\u{7F}", "\u{1F}", "\u{80}", "é", "01", "1.5", "-0", "1e400", "1e-400", "9007199254740993",
        "4503599627370496.5", "\"page\"", "\"id\"", "\"size\"", "\"consent\"", "\"groups\"", "\"uplift\"",
        "\"consentSource\"", "\"health\"", "\"segments\"", "\"name\"", "{}", "[]", "\"\"", "\" \"", "2026-02-30",
    ]

    /// One random edit: delete, insert a token, duplicate or drop a slice, swap two bytes.
    static func mutate(_ bytes: [UInt8], _ rng: inout Rng) -> [UInt8] {
        var b = bytes
        guard !b.isEmpty else { return Array(tokens[Int(rng.next() % UInt64(tokens.count))].utf8) }
        let i = Int(rng.next() % UInt64(b.count))
        switch rng.next() % 8 {
        case 6, 7:
            // Edits that often keep the file valid: another digit, or space between tokens.
            if let d = b[i...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }), rng.next() % 2 == 0 {
                b[d] = 0x30 + UInt8(rng.next() % 10)
            } else if let c = b[i...].firstIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ":") }) {
                b.insert(contentsOf: [0x20, 0x0A, 0x09, 0x0D][Int(rng.next() % 4)...], at: c + 1)
            }
        case 0: b.remove(at: i)
        case 1, 2: b.insert(contentsOf: Array(tokens[Int(rng.next() % UInt64(tokens.count))].utf8), at: i)
        case 3:
            let j = min(b.count, i + 1 + Int(rng.next() % 40))
            b.insert(contentsOf: Array(b[i..<j]), at: j)
        case 4:
            let j = min(b.count, i + 1 + Int(rng.next() % 12))
            b.removeSubrange(i..<j)
        default:
            let j = Int(rng.next() % UInt64(b.count))
            b.swapAt(i, j)
        }
        return b
    }

    @Test("mutated files: the fast path never accepts what the strict decoder refuses, nor reads anything else")
    func mutations() {
        var rng = Rng(state: 20261202)
        let base = Array(Self.full.utf8)
        var decoded = 0, refused = 0, declined = 0
        for round in 0..<6000 {
            var b = base
            for _ in 0...(round % 3) { b = Self.mutate(b, &rng) }
            switch Self.check(b, "mutation \(round)") {
            case .decoded: decoded += 1
            case .refused: refused += 1
            case .declined: declined += 1
            }
        }
        // The test means something only when mutants land on both sides of the line.
        print("fast decoder on mutants: \(decoded) decoded, \(refused) refused by both, \(declined) declined")
        #expect(decoded > 600)
        #expect(refused > 3000)
        #expect(declined < 600)
    }
}
