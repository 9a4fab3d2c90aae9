import Testing
@testable import BalansModel
@testable import BalansText

@Suite("Catalogue of texts (issue 5)")
struct CatalogueTests {
    @Test("every key has a text in every language, with the same placeholders")
    func complete() {
        #expect(Catalogue.problems(in: TextKey.self) == [])
    }

    /// The check itself catches a missing translation and a placeholder mismatch.
    enum Broken: String, CatalogueKeys {
        case missing, mismatch
        static let english: [Broken: String] = [.missing: "a", .mismatch: "{0} b"]
        static let swedish: [Broken: String] = [.mismatch: "b"]
    }

    @Test("the completeness check finds a missing text and differing placeholders")
    func checkCanFail() {
        #expect(Catalogue.problems(in: Broken.self) == ["missing: no Swedish text", "mismatch: placeholders differ"])
    }

    @Test("placeholders are filled in order")
    func format() {
        #expect(Catalogue(.en).text(.noticeWhatDescribed, "One-to-one", "Offers.") == "What we personalise (One-to-one): Offers.")
        #expect(Catalogue(.sv).text(.noticeWhat, "Kontext") == "Det här anpassar vi: Kontext.")
    }

    @Test("a name holding a placeholder is not filled in again; {n} without an argument stays")
    func substitutionIsOnePass() {
        // A segment named "{1}" must not turn into the second argument.
        #expect(Catalogue(.en).text(.noticeWhatDescribed, "{1}", "Offers.") == "What we personalise ({1}): Offers.")
        #expect(Catalogue.substitute("{0} and {1} and {0}; {2} {x} {} {12", ["a", "b"]) == "a and b and a; {2} {x} {} {12")
        #expect(Catalogue.substitute("é{0}ü — {1}", ["å", "{0}"]) == "éåü — {0}")
        #expect(Catalogue.substitute("{10}", Array(repeating: "x", count: 10) + ["ten"]) == "ten")
    }

    @Test("numbers and lists follow the language")
    func numbers() {
        #expect(Catalogue(.en).number(1234567.891, decimals: 1) == "1,234,567.9")
        #expect(Catalogue(.sv).number(1234567.891, decimals: 1) == "1\u{00A0}234\u{00A0}567,9")
        #expect(Catalogue(.sv).number(-0.25, decimals: 2) == "−0,25")
        #expect(Catalogue(.en).percent(0.855) == "86%")
        #expect(Catalogue(.sv).percent(0.855) == "86\u{00A0}%")
        #expect(Catalogue(.en).number(-0.25, decimals: 2) == "-0.25")
        #expect(Catalogue(.en).list(["a", "b", "c"]) == "a, b and c")
        #expect(Catalogue(.sv).list(["a", "b"]) == "a och b")
        #expect(Catalogue(.sv).list([]) == "")
    }

    @Test("--lang wins; else LC_ALL, LC_MESSAGES, LANG; sv_* is Swedish")
    func resolve() {
        #expect(Language.resolve(flag: "sv", environment: [:]) == .sv)
        #expect(Language.resolve(flag: "SV", environment: ["LANG": "en_GB.UTF-8"]) == .sv)
        #expect(Language.resolve(flag: "de", environment: [:]) == nil)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "sv_SE.UTF-8"]) == .sv)
        #expect(Language.resolve(flag: nil, environment: ["LC_ALL": "C.UTF-8", "LANG": "sv_SE.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LC_ALL": "", "LC_MESSAGES": "sv_FI", "LANG": "en_US"]) == .sv)
        #expect(Language.resolve(flag: nil, environment: [:]) == .en)
    }

    @Test("the Swedish notice names exactly the touched data and says whether profiles are built")
    func swedishNotice() throws {
        let scenario = try #require(BuiltinScenarios.scenario(named: "nordic-retail"))
        let model = ScoringModel(scenario: scenario, policy: .defaults)
        let sv = Catalogue(.sv)
        // Level 2 (Segment) profiles; level 1 (Contextual) does not.
        let segment = model.score(segment: 1, level: 2)
        let notice = TransparencyNotice.text(model: model, row: segment, catalogue: sv).joined(separator: " ")
        for c in segment.touches { #expect(notice.contains(scenario.categories[c].name)) }
        let untouched = scenario.categories.indices.filter { !segment.touches.contains($0) }
        for c in untouched { #expect(!notice.contains(scenario.categories[c].name), "\(scenario.categories[c].name) is not used") }
        #expect(notice.contains("Vi skapar en profil av dig"))
        #expect(notice.contains("återkalla ditt samtycke"))
        let contextual = TransparencyNotice.text(model: model, row: model.score(segment: 1, level: 1), catalogue: sv)
        #expect(contextual.contains("Vi skapar ingen profil av dig."))
        #expect(TransparencyNotice.text(model: model, row: model.score(segment: 1, level: 0), catalogue: sv)
                == [sv.text(.noticeNothing)])
    }

    @Test("import problems: both languages complete, and every reason worded in Swedish")
    func importProblems() {
        #expect(Catalogue.problems(in: ImportText.self) == [])
        let all: [ImportProblem] = [
            .malformedField(line: nil, column: 3, problem: .unclosedQuote), .malformedField(line: 9, column: 6, problem: .textAfterQuote),
            .lineTooLong, .fieldCount(found: 2, header: 3), .noSegment, .unknownSegment(id: "westt", suggestion: "west"),
            .unknownCategory(id: "x", suggestion: nil), .badPurpose("12"), .badSpecialFeature("3"), .noKey, .severalKeys,
            .badOptIns("x"), .badChoices("0"), .choicesTooLarge(1 << 60), .optInsAboveChoices(optIns: 5, choices: 4),
            .rateDisagrees(rate: "0.7", optIns: 2, choices: 3), .badRate("1,5"), .noRate, .noCounts,
            .repeated(segment: "north", key: .purpose(3), firstLine: 2), .choicesOverflow(segment: "north", key: .specialFeature(1)),
            .tcString("character 16 ('!') is not base64url"),
        ]
        let sv = Catalogue(.sv)
        for p in all {
            #expect(sv.reason(p) != p.english, "\(p)")
            #expect(!sv.reason(p).contains("{"), "\(p)")
        }
        #expect(sv.reason(.unknownSegment(id: "westt", suggestion: "west")) == "okänt segment \"westt\" (menade du \"west\"?)")
        #expect(ImportProblem.unknownSegment(id: "westt", suggestion: "west").english == "unknown segment \"westt\" (did you mean \"west\"?)")
        #expect(sv.reason(.malformedField(line: 9, column: 6, problem: .textAfterQuote)) == "rad 9, kolumn 6: text efter ett avslutande citattecken")
    }

    @Test("placeholders are counted as distinct {i}, the number of arguments a text takes")
    func placeholderCount() {
        #expect(Catalogue.placeholders("{0} and {1}, {0} again").count == 2)
        #expect(Catalogue.placeholders("none").isEmpty)
    }
}
