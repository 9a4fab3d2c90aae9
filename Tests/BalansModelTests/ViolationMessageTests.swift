import Testing
@testable import BalansModel

/// Violation messages through the catalogue (issue 5): the English text is the message word for word
/// (its legal sources as checked in docs/model.md, "Sources, checked"); the Swedish one has the same
/// figures, Swedish-formatted, and no English words.
@Suite("Violation messages in every language (issue 5)")
struct ViolationMessageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let rule: RuleID
        let details: ViolationDetails
        let english: String
        /// The figures as the Swedish message must show them.
        let swedishFigures: [String]
        /// Words from the arguments (names), which the Swedish text rightly repeats.
        let names: [String]
        var testDescription: String { rule.rawValue }
    }

    static let cases: [Case] = [
        Case(rule: .maxBand,
             details: .maxBand(level: 3, levelName: "Enskild", band: .veryHigh, intensity: 0.6249, allowed: .high),
             english: "level 3 Enskild is very-high (I = 0.62), above the allowed high",
             swedishFigures: ["nivå 3 Enskild", "mycket hög", "(I = 0,62)", "hög"], names: ["Enskild"]),
        Case(rule: .minorsProfiling,
             details: .minorsProfiling(level: 2, levelName: "Grupp"),
             english: "profiles a segment that may contain children at level 2 Grupp (DSA Art. 28(2), GDPR Art. 8)",
             swedishFigures: ["nivå 2 Grupp", "artikel 28.2", "artikel 8"], names: ["Grupp"]),
        Case(rule: .vulnerableBand,
             details: .vulnerableBand(band: .high, allowed: .medium),
             english: "a vulnerable segment at high, above the allowed medium (after AI Act Art. 5(1)(b): no exploiting of vulnerabilities \"with the objective, or the effect, of materially distorting\" behaviour in a manner \"reasonably likely to cause\" significant harm)",
             swedishFigures: ["hög", "medel", "artikel 5.1 b"], names: []),
        Case(rule: .specialCategory,
             details: .specialCategory(names: ["Hälsa", "Religion"]),
             english: "uses special-category data (GDPR Art. 9): Hälsa, Religion; needs explicit consent (Art. 9(2)(a)) and a DPIA; an online platform may not base ads on profiling with it (DSA Art. 26(3))",
             swedishFigures: ["Hälsa, Religion", "artikel 9", "artikel 9.2 a", "artikel 26.3"], names: ["Hälsa", "Religion"]),
        Case(rule: .noReach,
             details: .noReach(level: 1, levelName: "Kontext"),
             english: "level 1 Kontext reaches nobody: no customer consented to everything it uses",
             swedishFigures: ["nivå 1 Kontext"], names: ["Kontext"]),
        Case(rule: .dpia,
             details: .dpia(criteria: [.profiling, .largeScale, .matchingData]),
             english: "meets 3 WP248 criteria (profiling, large-scale, matching-data): a DPIA is likely required (GDPR Art. 35)",
             swedishFigures: ["uppfyller 3 kriterier", "(profilering, stor omfattning, sammanslagning av datamängder)", "artikel 35"], names: []),
        Case(rule: .maxIntrusiveness,
             details: .maxIntrusiveness(value: 45.26, limit: 40),
             english: "aggregate intrusiveness 45.3 is above the code's maximum 40.0",
             swedishFigures: ["45,3", "40,0"], names: []),
        Case(rule: .upliftParity,
             details: .upliftParity(parity: 0.7149, attribute: "ålder", lowest: "äldre", highest: "yngre", minimum: 0.8),
             english: "uplift parity 0.71 across ålder (lowest äldre, highest yngre) is below 0.80",
             swedishFigures: ["0,71", "för ålder", "lägst äldre", "högst yngre", "0,80"], names: ["ålder", "äldre", "yngre"]),
        Case(rule: .exposureParity,
             details: .exposureParity(parity: 0.5, attribute: "region", lowest: "norr", highest: "söder", minimum: 0.75),
             english: "exposure parity 0.50 across region (lowest norr, highest söder) is below 0.75",
             swedishFigures: ["0,50", "för region", "lägst norr", "högst söder", "0,75"], names: ["region", "norr", "söder"]),
    ]

    /// Words of three letters or more (lower-cased); shorter tokens are codes such as "AI" or "I".
    static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 3 })
    }

    @Test("the English message is the historical text", arguments: cases)
    func english(_ c: Case) {
        #expect(c.details.message(in: .english) == c.english)
        let v = Violation(rule: c.rule, severity: .error, details: c.details)
        #expect(v.message == c.english)
        #expect(v.message(in: Catalogue(.en)) == c.english)
    }

    @Test("the Swedish message has the figures the Swedish way and no English word", arguments: cases)
    func swedish(_ c: Case) {
        let sv = Violation(rule: c.rule, severity: .warning, details: c.details).message(in: Catalogue(.sv))
        for figure in c.swedishFigures { #expect(sv.contains(figure), "\(sv) lacks \(figure)") }
        // "segment" is a Swedish word too.
        let english = Self.words(c.english).subtracting(Self.words(c.names.joined(separator: " "))).subtracting(["segment"])
        let leaked = english.intersection(Self.words(sv))
        #expect(leaked.isEmpty, "English words \(leaked.sorted()) in \(sv)")
        #expect(sv != c.english)
    }

    @Test("a violation without details keeps its message in every language")
    func fixedMessage() {
        let v = Violation(rule: .noReach, severity: .info, message: "by hand")
        #expect(v.message(in: Catalogue(.sv)) == "by hand")
    }

    @Test("every violation the scoring finds carries details whose English is its message")
    func scoredViolations() throws {
        for name in ["nordic-retail"] {
            let scenario = try #require(BuiltinScenarios.scenario(named: name))
            let model = ScoringModel(scenario: scenario, policy: .defaults)
            for s in scenario.segments.indices {
                for level in scenario.levels.indices {
                    for v in PolicyCheck.segmentViolations(model.score(segment: s, level: level), model: model) {
                        #expect(v.details != nil)
                        #expect(v.details?.message(in: .english) == v.message)
                    }
                }
            }
        }
    }
}
