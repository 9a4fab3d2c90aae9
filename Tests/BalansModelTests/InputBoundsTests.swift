import PropertyBased
import Testing
@testable import BalansModel

// SPEC §1.2–§1.4 and §3: numbers from files are taken exactly or refused, never silently changed,
// and nothing read from a file can make the arithmetic trap or an output number infinite.

/// Parses `text` as one JSON document and reads the whole number at its root.
private func wholeNumber(_ text: String, in range: ClosedRange<Int> = -Scenario.maxCustomers...Scenario.maxCustomers) throws(BalansError) -> Int {
    let source = SourceText(file: "n.json", bytes: Array(text.utf8))
    return try Node(try source.parseJSON()).integer(in: range)
}

private func exact(_ literal: String) -> Node.ExactInteger {
    Node.exactInteger(Array(literal.utf8), at: 0)
}

/// A scenario of `segments` as JSON text, with the tiny shop's categories and ladder.
private func scenarioText(segments: String, levelUplift: String = "3", weights: String? = nil) -> String {
    """
    {"balans": "scenario/1", "name": "Bounds",
     "categories": [{"id": "page", "name": "Page", "tier": "simple", "identifiability": "negligible"},
                    {"id": "buys", "name": "Purchases", "tier": "behavioural", "identifiability": "significant"}],
     "levels": [{"name": "Generic"}, {"name": "Contextual", "uses": ["page"], "uplift": 1},
                {"name": "Behavioural", "uses": ["buys"], "uplift": \(levelUplift)}],
     \(weights.map { "\"weights\": \($0)," } ?? "")
     "segments": [\(segments)]}
    """
}

private func loadScenario(_ text: String) throws(BalansError) -> Scenario {
    let source = SourceText(file: "s.json", bytes: Array(text.utf8))
    return try Scenario.decode(Node(try source.parseJSON()))
}

@Suite("Numbers from files are exact or refused (SPEC §1.3, §3)")
struct InputBoundsTests {
    @Test("whole-number literals are read from their digits", arguments: [
        ("0", Node.ExactInteger.whole(0)), ("-0", .whole(0)), ("0.000e5", .whole(0)), ("7", .whole(7)),
        ("100", .whole(100)), ("1e2", .whole(100)), ("1E+2", .whole(100)), ("1.50e1", .whole(15)),
        ("2.0", .whole(2)), ("1000e-3", .whole(1)), ("1500e-3", .fraction), ("-42", .whole(-42)),
        ("9007199254740992", .whole(9_007_199_254_740_992)), ("9.007199254740992e15", .whole(9_007_199_254_740_992)),
        ("-9007199254740992", .whole(-9_007_199_254_740_992)),
        // A Double would read each of these as a whole number: the digits say otherwise.
        ("9007199254740993", .tooLarge), ("9007199254740992.5", .fraction), ("4503599627370496.5", .fraction),
        ("1.0000000000000000001", .fraction), ("1e-1", .fraction), ("0.05", .fraction), ("2.5", .fraction),
        ("1e16", .tooLarge), ("10000000000000000", .tooLarge), ("1e999999999999999", .tooLarge),
        ("1e-999999999999", .fraction), ("123456789012345678901234567890", .tooLarge),
    ])
    func literals(_ literal: String, _ expected: Node.ExactInteger) {
        #expect(exact(literal) == expected, "\(literal)")
    }

    @Test("every whole number from 0 to 2^53 written plainly or with an exponent reads back as itself")
    func roundTrip() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Scenario.maxCustomers)) { n in
            #expect(exact(String(n)) == .whole(n))
            #expect(exact("-" + String(n)) == .whole(-n))
            // n × 10 written as "n0e-1" and "n.0"
            #expect(exact(String(n) + "0e-1") == .whole(n))
            #expect(exact(String(n) + ".0") == .whole(n))
        }
    }

    @Test("integer(in:) quotes the literal as written, not the rounded Double")
    func messages() {
        #expect(throws: BalansError.self) { try wholeNumber("9007199254740993") }
        do {
            _ = try wholeNumber("4503599627370496.5")
            Issue.record("a fraction passed as a whole number")
        } catch {
            #expect(error.message == "expected a whole number, got 4503599627370496.5")
        }
        do {
            _ = try wholeNumber("9007199254740993")
            Issue.record("2^53 + 1 passed")
        } catch {
            #expect(error.message == "whole number 9007199254740993 is too large: at most 9007199254740992 (2^53)")
        }
        do {
            _ = try wholeNumber("1" + String(repeating: "0", count: 100))
            Issue.record("a 101-digit number passed")
        } catch {
            // Cut to a readable length.
            #expect(error.message == "whole number 1" + String(repeating: "0", count: 39) + "… is too large: at most 9007199254740992 (2^53)")
        }
        #expect((try? wholeNumber("-3", in: 0...10)) == nil)
        #expect((try? wholeNumber("1e1", in: 0...10)) == 10)
    }

    @Test("sizes sum to at most 2^53: exactly 2^53 loads, one more is refused at the segment that passes it")
    func sizeSum() throws {
        let half = Scenario.maxCustomers / 2
        let ok = try loadScenario(scenarioText(segments: """
            {"id": "a", "name": "A", "size": \(half)}, {"id": "b", "name": "B", "size": \(half)}, {"id": "c", "name": "C", "size": 0}
            """))
        #expect(ok.segments.map(\.size) == [half, half, 0])
        do {
            _ = try loadScenario(scenarioText(segments: """
                {"id": "a", "name": "A", "size": \(half)}, {"id": "b", "name": "B", "size": \(half)}, {"id": "c", "name": "C", "size": 1}
                """))
            Issue.record("sizes over 2^53 loaded")
        } catch {
            #expect(error.path == "segments[2].size")
            #expect(error.message.contains("9007199254740993"))
        }
    }

    @Test("uplifts are percentage points from 0 to 100, in levels and in segment overrides (SPEC §1.2)")
    func upliftRange() throws {
        _ = try loadScenario(scenarioText(segments: #"{"id": "a", "name": "A", "size": 1, "uplift": [0, 0, 100]}"#, levelUplift: "100"))
        for (uplift, segments, path) in [
            ("100.5", #"{"id": "a", "name": "A", "size": 1}"#, "levels[2].uplift"),
            ("1e308", #"{"id": "a", "name": "A", "size": 1}"#, "levels[2].uplift"),
            ("3", #"{"id": "a", "name": "A", "size": 1, "uplift": [0, 1, 150]}"#, "segments[0].uplift[2]"),
            ("3", #"{"id": "a", "name": "A", "size": 1, "uplift": [-1, 1, 2]}"#, "segments[0].uplift[0]"),
        ] {
            do {
                _ = try loadScenario(scenarioText(segments: segments, levelUplift: uplift))
                Issue.record("uplift out of range loaded: \(path)")
            } catch {
                #expect(error.path == path)
                #expect(error.message.hasPrefix("expected a number from 0 to 100"))
            }
        }
    }

    @Test("weights that would make I overflow are refused; large finite ones give finite figures")
    func weightOverflow() throws {
        let seg = #"{"id": "a", "name": "A", "size": 10, "consent": {"page": 1, "buys": 1}}"#
        do {
            _ = try loadScenario(scenarioText(segments: seg, weights: #"{"crossContext": 1e308, "obtrusive": 1e308}"#))
            Issue.record("overflowing weights loaded")
        } catch {
            #expect(error.path == "weights")
        }
        // 1e300 per weight: I is huge but finite, the score caps at 100.
        let big = try loadScenario(scenarioText(segments: seg, weights: #"{"crossContext": 1e300, "obtrusive": 1e300, "vulnerable": 1e300, "specialFeature": 1e300, "origin": {"observed": 1e300}}"#))
        let m = ScoringModel(scenario: big, policy: .defaults)
        let figures = m.levelFigures(segment: 0)
        #expect(figures.allSatisfy { $0.intensity.isFinite && $0.score <= 100 })
        #expect(figures[2].score == 100)
    }

    @Test("the largest scenario the SPEC allows scores without trapping: N = 2^53, uplift 100 pp, value = 2^53")
    func largestScenario() throws {
        // Two segments of 2^52 each at 100 pp with full consent: value = 2^53 exactly.
        let half = Scenario.maxCustomers / 2
        let s = try loadScenario(scenarioText(segments: """
            {"id": "a", "name": "A", "size": \(half), "consent": {"page": 1, "buys": 1}, "minors": true, "vulnerable": true},
            {"id": "b", "name": "B", "size": \(half), "consent": {"page": 1, "buys": 1}}
            """, levelUplift: "100"))
        let m = ScoringModel(scenario: s, policy: .defaults)
        let e = Evaluation(model: m, setting: Setting(levels: [2, 2], excluded: [[], []]))
        let a = e.aggregate
        #expect(a.customers == Scenario.maxCustomers)
        #expect(a.value == Double(Scenario.maxCustomers))
        #expect(a.uplift == 100)
        #expect(e.fairness.allSatisfy { $0.groups.allSatisfy { $0.size <= Scenario.maxCustomers } })
        let frontier = Optimizer.frontier(m, excluded: [[], []])
        #expect(frontier.points.allSatisfy { $0.value.isFinite && $0.intrusiveness.isFinite })
    }
}
