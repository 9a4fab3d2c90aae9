@testable import BalansCLI
import BalansModel
import BalansText
import Foundation
import Testing

/// The headless commands in Swedish (issue #5; docs/decisions/0013-swedish-command-output.md):
/// Swedish goldens of every command's text output (Fixtures/golden/*-sv.txt, recorded like
/// `GoldenTests` with `BALANS_RECORD_GOLDEN=1`), the locale as the fallback for `--lang`, JSON and CSV
/// unchanged by the language, and a complete catalogue.
@Suite("Swedish command output")
struct SwedishCLITests {
    static let balanced = "Fixtures/presets/nordic-balanced.json"
    static let aggressive = "Fixtures/presets/nordic-aggressive.json"

    /// No locale: the language comes from `--lang` or from the variables a test sets.
    static let noLocale = ["LC_ALL": "", "LC_MESSAGES": "", "LANG": ""]

    /// The text outputs, as arguments without a language, with the English golden (if any) and the
    /// Swedish one.
    static let commands: [(args: [String], english: String?, swedish: String, status: Int32)] = [
        (["score", balanced], "score-nordic-balanced.txt", "score-nordic-balanced-sv.txt", 0),
        (["check", aggressive], "check-nordic-aggressive.txt", "check-nordic-aggressive-sv.txt", 1),
        (["check", aggressive, "--policy", "Fixtures/policies/strict.json", "--strict"],
         "check-nordic-aggressive-strict.txt", "check-nordic-aggressive-strict-sv.txt", 1),
        (["frontier", balanced], "frontier-nordic-balanced.txt", "frontier-nordic-balanced-sv.txt", 0),
        (["balance", "--budget", "30", balanced], "balance-30-nordic-balanced.txt", "balance-30-nordic-balanced-sv.txt", 0),
        (["balance", "--budget", "45", "--scenario", "builtin:savings-bank"], "balance-45-savings-bank.txt", "balance-45-savings-bank-sv.txt", 0),
        (["diff", balanced, aggressive], "diff-nordic-balanced-aggressive.txt", "diff-nordic-balanced-aggressive-sv.txt", 0),
        (["validate", "Fixtures/scenarios/nordic-retail.json", balanced, "Fixtures/policies/strict.json"], nil, "validate-sv.txt", 0),
        (["scenarios"], nil, "scenarios-sv.txt", 0),
    ]

    /// The Swedish goldens (for `GoldenTests.noStrayGoldens`).
    static let goldens: [String] = commands.map(\.swedish)

    static let cases: [GoldenTests.Case] = commands.map {
        GoldenTests.Case(golden: $0.swedish, args: $0.args + ["--lang", "sv"], status: $0.status)
    }

    @Test("--lang sv: the text output matches its Swedish golden", arguments: cases)
    func matchesGolden(_ c: GoldenTests.Case) throws {
        try GoldenTests().matchesGolden(c)
    }

    static func golden(_ name: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: TestPaths.root("Fixtures/golden/" + name)), "missing golden \(name)")
    }

    @Test("the locale chooses the language when --lang is not given; LC_ALL overrides LANG; --lang overrides both",
          arguments: commands.indices)
    func locale(_ i: Int) throws {
        let command = Self.commands[i]
        let swedish = try Self.golden(command.swedish)
        let environments: [([String: String], [String], Bool)] = [
            (["LANG": "sv_SE.UTF-8"], [], true),
            (["LANG": "sv"], [], true),
            (["LC_ALL": "sv_SE.UTF-8", "LANG": "en_GB.UTF-8"], [], true),
            (["LC_ALL": "en_GB.UTF-8", "LANG": "sv_SE.UTF-8"], [], false),
            (["LC_ALL": "C", "LANG": "sv_SE.UTF-8"], [], false),
            (["LANG": "sv_SE.UTF-8"], ["--lang", "en"], false),
            (["LC_ALL": "en_US.UTF-8"], ["--lang", "sv"], true),
            ([:], [], false),
        ]
        for (env, extra, expectSwedish) in environments {
            let r = runBalansFull(command.args + extra, environment: Self.noLocale.merging(env) { _, new in new })
            #expect(r.status == command.status, "\(env) \(extra): \(r)")
            #expect(r.stderrData.isEmpty, "\(env) \(extra): \(r)")
            if expectSwedish {
                #expect(r.stdoutData == swedish, "\(command.args) \(env) \(extra): not the Swedish golden\n\(r.stdout)")
            } else if let english = command.english {
                #expect(r.stdoutData == (try Self.golden(english)), "\(command.args) \(env) \(extra): not the English golden\n\(r.stdout)")
            } else {
                #expect(r.stdoutData != swedish, "\(command.args) \(env) \(extra): Swedish without a Swedish locale")
            }
        }
    }

    /// The machine formats of every command that has them.
    static let machineOutputs: [[String]] = [
        ["score", balanced, "--format", "json"], ["score", balanced, "--format", "csv"],
        ["score", "Fixtures/presets/bank-next-best-offer.json", "--format", "json"],
        ["check", aggressive, "--format", "json"],
        ["frontier", balanced, "--format", "json"], ["frontier", balanced, "--format", "csv"],
        ["balance", "--budget", "30", balanced, "--format", "json"],
        ["diff", balanced, aggressive, "--format", "json"],
        ["scenarios", "nordic-retail"],
    ]

    @Test("json and csv are byte-identical in Swedish and English", arguments: machineOutputs)
    func machineFormatsUnchanged(_ args: [String]) {
        let english = runBalansFull(args + ["--lang", "en"], environment: Self.noLocale)
        let swedish = runBalansFull(args + ["--lang", "sv"], environment: Self.noLocale)
        let locale = runBalansFull(args, environment: Self.noLocale.merging(["LANG": "sv_SE.UTF-8"]) { _, new in new })
        #expect(!english.stdoutData.isEmpty, "\(english)")
        #expect(swedish.stdoutData == english.stdoutData, "\(args): --lang sv changed the output")
        #expect(locale.stdoutData == english.stdoutData, "\(args): LANG=sv_SE.UTF-8 changed the output")
        #expect(swedish.status == english.status && locale.status == english.status)
    }

    @Test("the SVG chart and a preset saved by balance do not depend on the language")
    func filesUnchanged() throws {
        let dir = TempDir("balans-swedish")
        defer { dir.cleanup() }
        for lang in ["en", "sv"] {
            let r = runBalansFull(["frontier", Self.balanced, "--svg", dir.file("f-\(lang).svg"), "--lang", lang])
            #expect(r.status == 0, "\(r)")
            let b = runBalansFull(["balance", "--budget", "30", Self.balanced, "-o", dir.file("p-\(lang).json"), "--lang", lang])
            #expect(b.status == 0, "\(b)")
        }
        #expect(readText(dir.file("f-sv.svg")) != nil)
        #expect(readText(dir.file("f-sv.svg")) == readText(dir.file("f-en.svg")))
        #expect(readText(dir.file("p-sv.json")) != nil)
        #expect(readText(dir.file("p-sv.json")) == readText(dir.file("p-en.json")))
    }

    @Test("--lang other than en or sv exits 64 with one clear line", arguments: commands.map(\.args))
    func badLanguage(_ args: [String]) {
        let r = runBalansFull(args + ["--lang", "xx"], environment: Self.noLocale)
        #expect(r.status == 64, "\(r)")
        #expect(r.stdoutData.isEmpty, "\(r)")
        // One error line (swift-argument-parser follows it with its usage and a pointer to --help).
        let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") || $0.hasPrefix("balans:") }
        #expect(errors == ["balans: --lang must be en or sv, not \"xx\""], "\(r)")
    }

    @Test("--lang is case-insensitive, like the report's")
    func upperCase() throws {
        let r = runBalansFull(["score", Self.balanced, "--lang", "SV"], environment: Self.noLocale)
        #expect(r.status == 0)
        #expect(r.stdoutData == (try Self.golden("score-nordic-balanced-sv.txt")))
    }

    @Test("every command text has English and Swedish with the same placeholders")
    func complete() {
        #expect(Catalogue.problems(in: CLIText.self) == [])
    }

    @Test("with no locale set, the commands print the English goldens")
    func englishGoldensUnchanged() throws {
        for command in Self.commands {
            guard let english = command.english else { continue }
            let r = runBalansFull(command.args, environment: Self.noLocale)
            #expect(r.stdoutData == (try Self.golden(english)), "\(command.args)")
        }
    }

    /// English words of the catalogue, cut at placeholders, that the Swedish texts do not share.
    static func englishFragments() -> Set<String> {
        var out = Set<String>()
        for key in CLIText.allCases {
            guard let en = CLIText.english[key], let sv = CLIText.swedish[key], en != sv else { continue }
            for word in en.split(whereSeparator: { !$0.isLetter }) where word.count >= 4 && !sv.contains(word) {
                out.insert(String(word))
            }
        }
        return out
    }

    @Test("no English word of the catalogue in a Swedish output, beyond names from files and identifiers")
    func noEnglishLeft() throws {
        // Names from the files (scenarios, segments, levels, categories, presets, codes) are printed
        // as written, and rule, band and severity ids are identifiers (docs/decisions/0012, 0013):
        // they are taken out of the text first, so that every other word must be Swedish.
        var names: [String] = []
        for n in BuiltinScenarios.names {
            guard let sc = BuiltinScenarios.scenario(named: n) else { continue }
            names += [sc.name] + sc.segments.map(\.name) + sc.levels.map(\.name) + sc.categories.map(\.name)
            if let p = sc.policy?.name { names.append(p) }
        }
        for folder in ["Fixtures/presets", "Fixtures/policies"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: TestPaths.root(folder)) {
                let root = try Loader.parse(TestPaths.root(folder + "/" + file))
                if let n = root.member("name"), let name = try? n.string() { names.append(name) }
            }
        }
        names.append("Balanced to 30")  // the name balance gives its preset (data, 0013)
        let identifiers = RuleID.allCases.map(\.rawValue) + Band.allCases.map(\.rawValue) + Severity.allCases.map(\.rawValue)
        // Same in both languages.
        let allowed: Set<String> = ["Segment", "Balans", "ok"]
        let fragments = Self.englishFragments().subtracting(allowed)
        for command in Self.commands {
            var text = String(decoding: try Self.golden(command.swedish), as: UTF8.self)
            for name in (names + identifiers).sorted(by: { $0.count > $1.count }) {
                text = text.replacingOccurrences(of: name, with: " ")
            }
            let words = Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init))
            let left = fragments.intersection(words)
            #expect(left.isEmpty, "\(command.swedish): English \(left.sorted())")
        }
    }

    @Test("validate counts one category and one segment in the singular, in both languages")
    func validateSingular() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let file = tmp.write("one.json", """
            {"balans": "scenario/1", "name": "One", "categories": [{"id": "a", "name": "A", "tier": "simple", "identifiability": "limited"}],
             "levels": [{"name": "G"}, {"name": "A", "uses": ["a"]}], "segments": [{"id": "s", "name": "S", "size": 1}]}
            """)
        let en = runBalansFull(["validate", file])
        #expect(en.stdout == "ok: \(file): scenario \"One\" with 1 category, 2 levels, 1 segment\n", "\(en)")
        let sv = runBalansFull(["validate", file, "--lang", "sv"])
        #expect(sv.stdout == "ok: \(file): scenariot ”One” med 1 kategori, 2 nivåer, 1 segment\n", "\(sv)")
    }

    @Test("Swedish numbers: decimal comma, no-break-space groups, a real minus; English with comma groups and 85.0% (decision 0022)")
    func numbers() {
        let sv = Catalogue(.sv), en = Catalogue.english
        #expect(sv.cliFixed(1234.5, 1) == "1\u{00A0}234,5")
        #expect(sv.cliGrouped(-45268) == "\u{2212}45\u{00A0}268")
        #expect(sv.cliPercent(0.85) == "85,0\u{00A0}%")
        #expect(sv.cliSigned(-0.04, 1) == "0,0")
        #expect(sv.cliSigned(8.25, 1) == "+8,3")
        #expect(sv.cliSignedGrouped(-341) == "\u{2212}341")
        #expect(sv.cliSignedCount(-2) == "\u{2212}2")
        #expect(sv.cliShort(30.5) == "30,5")
        #expect(en.cliFixed(1234.5, 1) == "1,234.5")
        #expect(en.cliGrouped(-45268) == "-45,268")
        #expect(en.cliPercent(0.85) == "85.0%")
        #expect(en.cliSigned(-0.3, 1) == "-0.3")
        #expect(en.cliSignedGrouped(12219) == "+12,219")
        #expect(en.cliShort(30.5) == "30.5")
    }
}

extension SwedishCLITests {
    @Test("the README shows the real Swedish headline of score")
    func readme() throws {
        let readme = try #require(readText(TestPaths.root("README.md")))
        let golden = String(decoding: try Self.golden("score-nordic-balanced-sv.txt"), as: UTF8.self)
        let headline = golden.split(separator: "\n", omittingEmptySubsequences: false)[2]
        #expect(readme.contains("--lang sv | sed -n 3p\n" + headline + "\n"))
    }
}
