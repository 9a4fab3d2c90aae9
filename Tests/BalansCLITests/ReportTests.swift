@testable import BalansCLI
import BalansModel
import BalansText
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `balans report`: goldens in both formats and languages, the HTML's self-containment, the notices,
/// the Swedish text and the exit codes. Goldens are recorded like `GoldenTests`:
///
///     BALANS_RECORD_GOLDEN=1 swift test --filter ReportTests
@Suite("Audit report")
struct ReportTests {
    static let preset = "Fixtures/presets/nordic-balanced.json"
    static let date = "2026-11-29"

    /// The golden files: for each language the HTML, the Markdown and the chart written next to it.
    static let goldens: [String] = ["en", "sv"].flatMap {
        ["report-nordic-balanced-\($0).html", "report-nordic-balanced-\($0).md", "report-nordic-balanced-\($0).svg"]
    }

    /// Runs `balans report` into a temporary folder and returns the written files by name.
    static func run(lang: String, ext: String) throws -> [String: String] {
        let dir = TempDir("balans-report")
        defer { dir.cleanup() }
        let name = "report-nordic-balanced-\(lang).\(ext)"
        let r = runBalans(["report", preset, "-o", dir.file(name), "--lang", lang, "--date", date], cwd: TestPaths.root(""))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "")
        var out: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[file] = readText(dir.file(file))
        }
        return out
    }

    @Test("the report's texts are complete in English and Swedish")
    func catalogueComplete() {
        #expect(Catalogue.problems(in: ReportText.self) == [])
    }

    @Test("the report matches its golden files", arguments: ["en", "sv"], ["html", "md"])
    func matchesGolden(_ lang: String, _ ext: String) throws {
        let files = try Self.run(lang: lang, ext: ext)
        let expected = ext == "md" ? ["report-nordic-balanced-\(lang).md", "report-nordic-balanced-\(lang).svg"]
                                   : ["report-nordic-balanced-\(lang).html"]
        #expect(files.keys.sorted() == expected.sorted())
        for name in expected {
            let path = TestPaths.root("Fixtures/golden/" + name)
            guard let text = files[name] else { continue }
            if GoldenTests.recording {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                continue
            }
            let golden = readText(path)
            #expect(golden != nil, "missing golden \(name): record it with BALANS_RECORD_GOLDEN=1")
            #expect(text == golden, "\(name) differs from its golden")
        }
    }

    // MARK: The HTML

    /// What the XML parser saw: element names, attributes, and the text inside each element with an id.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        var idStack: [(id: String?, start: String.Index)] = []
        var textByID: [String: String] = [:]
        var error: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes))
            idStack.append((attributes["id"], text.endIndex))
            // Blocks read as separate words.
            text += " "
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let top = idStack.popLast() else { return }
            if let id = top.id { textByID[id] = String(text[top.start...]) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            error = "\(parseError) at line \(parser.lineNumber)"
        }
    }

    static func parse(_ html: String) -> Collector {
        let parser = XMLParser(data: Data(html.utf8))
        let c = Collector()
        parser.delegate = c
        let ok = parser.parse()
        #expect(ok, "not well-formed: \(c.error ?? "")")
        return c
    }

    @Test("the HTML is well-formed, self-contained and has one inline chart", arguments: ["en", "sv"])
    func htmlSelfContained(_ lang: String) throws {
        let html = try #require(try Self.run(lang: lang, ext: "html")["report-nordic-balanced-\(lang).html"])
        let doc = Self.parse(html)
        let names = doc.elements.map(\.name)
        #expect(names.first == "html")
        #expect(!names.contains("script"))
        #expect(!html.lowercased().contains("<script"))
        #expect(names.filter { $0 == "svg" }.count == 1)
        for (name, attributes) in doc.elements {
            for (key, value) in attributes where ["src", "href", "xlink:href", "action", "data"].contains(key) {
                Issue.record("<\(name) \(key)=\"\(value)\">: the report must not refer to anything")
            }
            for value in attributes.values {
                #expect(!value.contains("http:") && !value.contains("https:") && !value.hasPrefix("//") || value.hasPrefix("http://www.w3.org/"),
                        "<\(name)> refers outside: \(value)")
            }
        }
        #expect(!html.contains("@import") && !html.contains("url("))
        // Print: A4 with a page counter, no forced page breaks, tables kept whole (scripts/report-pdf.sh
        // checks the printed result in Chromium).
        #expect(html.contains("@media print") && html.contains("@page") && html.contains("counter(page)") && html.contains("counter(pages)"))
        #expect(!html.contains("break-before: page") && !html.contains("page-break-before: always"))
        #expect(html.contains("table, tr, .notice, .chart, .note, .verdict { break-inside: avoid;"))
        #expect(doc.elements.first?.attributes["lang"] == lang)
        let ids = doc.elements.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count, "ids are not unique")
        for id in ["summary", "provenance", "settings", "data", "violations", "fairness", "dpia", "frontier", "notices", "appendix", "signoff"] {
            #expect(doc.textByID["section-" + id] != nil, "section \(id) missing")
        }
    }

    @Test("imported consent rates are listed with their source, in both formats; others are not")
    func consentSources() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let imported = runBalansFull(["consent", "import-csv", "Fixtures/consent/cmp-counts.csv", "--scenario", "Fixtures/consent/shop.json",
                                      "-o", tmp.file("shop.json"), "--date", "2026-11-29"])
        try #require(imported.status == 0, "\(imported)")
        let preset = tmp.write("p.json", #"{"balans": "preset/1", "name": "p", "scenario": "shop.json", "levels": {"north": 2, "south": 1}}"#)
        let md = tmp.file("r.md")
        #expect(runBalansFull(["report", preset, "-o", md, "--date", "2026-11-30"]).status == 0)
        let text = try #require(readText(md))
        // north at level 2 touches clicks, email, profile and geo; email's rate is as authored.
        // south at level 1 touches clicks and email, both imported (2 and 200 records).
        #expect(text.contains("""
        | Segment | Data | Source | Imported | Records |
        |---|---|---|---|--:|
        | North | Clicks on this site; Shopping profile; Precise location | cmp-counts.csv (CMP export) | 29 November 2026 | 60–100 |
        | South | Clicks on this site; E-mail address | cmp-counts.csv (CMP export) | 29 November 2026 | 2–200 |
        """), "\(text)")
        let html = tmp.file("r.html")
        #expect(runBalansFull(["report", preset, "-o", html, "--lang", "sv"]).status == 0)
        let doc = Self.parse(try #require(readText(html)))
        #expect(doc.textByID["section-data"]?.contains("Varifrån samtyckesandelarna kommer") == true)
        #expect(doc.textByID["section-data"]?.contains("29 november 2026") == true)
        // The golden reports (no imports) have no such section: matchesGolden pins them byte for byte.
        #expect(!(try Self.run(lang: "en", ext: "md")["report-nordic-balanced-en.md"] ?? "").contains("Where the consent rates come from"))
    }

    @Test("a calibrated scenario's weights source is shown beside the scores, in both formats; others have none")
    func weightsSource() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let fit = runBalansFull(["calibrate", "fit", "Fixtures/calibration/design.json", "Fixtures/calibration/synthetic-panel.csv",
                                 "--bootstrap", "20", "--date", "2026-12-02", "-o", tmp.file("w.json"), "--apply", tmp.file("calibrated.json")])
        try #require(fit.status == 0, "\(fit)")
        let calibrated = try Loader.scenarioFile(tmp.file("calibrated.json"))
        let obtrusive = Catalogue(.en).number(calibrated.weights.obtrusive, decimals: 2)
        let presetText = try #require(readText(TestPaths.root(Self.preset)))
            .replacingOccurrences(of: "\"builtin:nordic-retail\"", with: "\"calibrated.json\"")
        let preset = tmp.write("p.json", presetText)
        let md = tmp.file("r.md")
        #expect(runBalansFull(["report", preset, "-o", md, "--date", "2026-12-03"]).status == 0)
        let text = try #require(readText(md))
        #expect(text.contains("""
        ### Where the score's weights come from

        The modifier weights of the scores above were fitted to a customer survey with balans calibrate fit (docs/calibration.md), not left at Balans's own choices. The survey measures perceived intrusiveness, not harm.

        | | |
        |---|--:|
        | Answers | synthetic-panel.csv |
        | Design | design.json |
        | Respondents used | 390 |
        | Fitted | 2 December 2026 |
        | Method | non-negative least squares within respondents, bootstrap over respondents |
        """), "\(text)")
        #expect(text.contains("obtrusive \(obtrusive);"))
        // Beside the scores: after the settings table, before the data section.
        let at = try #require(text.range(of: "### Where the score's weights come from"))
        #expect(try #require(text.range(of: "## Data used per segment")).lowerBound > at.lowerBound)
        #expect(try #require(text.range(of: "| Seniors 65+ |")).lowerBound < at.lowerBound)
        let html = tmp.file("r.html")
        #expect(runBalansFull(["report", preset, "-o", html, "--lang", "sv", "--date", "2026-12-03"]).status == 0)
        let doc = Self.parse(try #require(readText(html)))
        let settings = try #require(doc.textByID["section-settings"])
        #expect(settings.contains("Varifrån poängens vikter kommer"))
        #expect(settings.contains("synthetic-panel.csv") && settings.contains("2 december 2026") && settings.contains("Svarande som användes"))
        // The golden reports (authored weights) have no such section: matchesGolden pins them byte for byte.
        #expect(!(try Self.run(lang: "en", ext: "md")["report-nordic-balanced-en.md"] ?? "").contains("Where the score's weights come from"))
    }

    @Test("each notice names exactly the data its segment's setting touches", arguments: [Language.en, .sv])
    func noticesNameTouchedData(_ language: Language) throws {
        let html = try #require(try Self.run(lang: language.rawValue, ext: "html")["report-nordic-balanced-\(language.rawValue).html"])
        let doc = Self.parse(html)
        let inputs = try Inputs.load(preset: TestPaths.root(Self.preset), scenario: nil)
        let scenario = inputs.model.scenario
        let c = Catalogue(language)
        // "To choose them we use this data about you: {0}. …" — the list is between the prefix and ". ".
        let template = c.template(TextKey.noticeData)
        let prefix = String(template[..<template.range(of: "{0}")!.lowerBound])
        let suffix = String(template[template.range(of: "{0}")!.upperBound...])
        for row in inputs.evaluation.rows {
            let segment = scenario.segments[row.segment]
            let notice = try #require(doc.textByID["notice-" + segment.id], "no notice for \(segment.id)")
            let touched = row.touches.map { scenario.categories[$0].name }
            if touched.isEmpty {
                #expect(!notice.contains(prefix))
                #expect(notice.contains(c.text(.noticeNothing)))
                continue
            }
            let start = try #require(notice.range(of: prefix), "\(segment.id): no data sentence")
            let end = try #require(notice.range(of: suffix, range: start.upperBound..<notice.endIndex))
            let list = String(notice[start.upperBound..<end.lowerBound])
            #expect(list == c.list(touched), "\(segment.id): the notice names \(list)")
            for (i, category) in scenario.categories.enumerated() where !row.touches.contains(i) {
                #expect(!list.contains(category.name) || touched.contains { $0.contains(category.name) },
                        "\(segment.id): names untouched \(category.name)")
            }
        }
    }

    @Test("the Swedish report holds no English text of the catalogue", arguments: ["html", "md"])
    func swedishHasNoEnglish(_ ext: String) throws {
        let files = try Self.run(lang: "sv", ext: ext)
        var text = files.values.joined(separator: "\n")
        if ext == "html" { text = Self.parse(text).text }
        // Titles of English sources are cited as published.
        text = text.replacingOccurrences(of: "Aequitas: A Bias and Fairness Audit Toolkit", with: "")
        func fragments<K: CatalogueKeys>(_ keys: K.Type) -> [(String, String)] {
            K.allCases.flatMap { key -> [(String, String)] in
                guard let en = K.english[key], en != K.swedish[key] else { return [] }
                var pieces = [en]
                for i in 0..<10 { pieces = pieces.flatMap { $0.components(separatedBy: "{\(i)}") } }
                return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 8 }.map { (key.rawValue, $0) }
            }
        }
        for (key, fragment) in fragments(ReportText.self) + fragments(TextKey.self) {
            #expect(!text.contains(fragment), "English text of \(key) in the Swedish report: \(fragment)")
        }
        // And the Swedish texts are there.
        #expect(text.contains(Catalogue(.sv).text(.reportTitle)))
        #expect(text.contains("29 november 2026"))
    }

    // MARK: Exit codes

    @Test("usage errors exit 64, a missing preset 66, an unwritable output 73")
    func exitCodes() {
        let dir = TempDir("balans-report")
        defer { dir.cleanup() }
        let root = TestPaths.root("")
        let bad: [([String], Int32, String)] = [
            (["report", Self.preset, "-o", dir.file("report.pdf")], 64, ".md or .html"),
            (["report", Self.preset, "-o", dir.file("report")], 64, ".md or .html"),
            (["report", Self.preset, "-o", dir.file("r.html"), "--lang", "de"], 64, "en or sv"),
            (["report", Self.preset, "-o", dir.file("r.html"), "--date", "2026-02-30"], 64, "YYYY-MM-DD"),
            (["report", Self.preset, "-o", dir.file("r.html"), "--date", "29/11/2026"], 64, "YYYY-MM-DD"),
            (["report", Self.preset], 64, "-o"),
            (["report", "no-such-preset.json", "-o", dir.file("r.md")], 66, "no-such-preset.json"),
            (["report", Self.preset, "-o", dir.file("missing/r.html")], 73, "r.html"),
            (["report", Self.preset, "-o", dir.file("missing/r.md")], 73, "r.svg"),
        ]
        for (args, status, message) in bad {
            let r = runBalans(args, cwd: root)
            #expect(r.status == status, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(r.stdout == "")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? ["?"]).isEmpty)
        // Without --date the report carries today's date (UTC); the locale picks the language.
        let r = runBalansFull(["report", Self.preset, "-o", dir.file("today.md")], cwd: root,
                              environment: ["LANG": "sv_SE.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(r.status == 0, "\(r.stderr)")
        let today = readText(dir.file("today.md")) ?? ""
        #expect(today.contains(CalendarDay.todayUTC().iso))
        #expect(today.hasPrefix("# " + Catalogue(.sv).text(.reportTitle)))
    }

    @Test("the verdict comes first, with the counts, and follows the errors", arguments: ["html", "md"])
    func verdict(_ ext: String) throws {
        let dir = TempDir("balans-report")
        defer { dir.cleanup() }
        let c = Catalogue(.en)
        for (preset, passes) in [("Fixtures/presets/nordic-balanced.json", true), ("Fixtures/presets/nordic-aggressive.json", false)] {
            let out = dir.file("r." + ext)
            let r = runBalans(["report", preset, "-o", out, "--lang", "en", "--date", Self.date])
            #expect(r.status == 0, "\(r.stderr)")
            let text = try #require(readText(out))
            let check = runBalans(["check", preset, "--format", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            let counts = try #require(json["counts"] as? [String: Int])
            #expect((json["passed"] as? Bool) == passes)
            let policy = try #require(json["policy"] as? String)
            let verdict = c.text(passes ? .reportVerdictPasses : .reportVerdictFails, c.text(.reportQuoted, policy),
                                 String(counts["error"] ?? -1), String(counts["warning"] ?? -1), String(counts["info"] ?? -1))
            let at = try #require(text.range(of: ext == "md" ? AuditReport.md(verdict, leading: false) : AuditReport.html(verdict)))
            // Before every section.
            let firstSection = try #require(text.range(of: ext == "md" ? "\n## " : "<section"))
            #expect(at.upperBound <= firstSection.lowerBound)
        }
    }

    @Test("the provenance lists each input with the SHA-256 of its bytes, built-ins by name, and the version")
    func provenance() throws {
        let dir = TempDir("balans-report")
        defer { dir.cleanup() }
        let scenario = dir.write("shop.json", try #require(readText(TestPaths.root("Fixtures/scenarios/nordic-retail.json"))))
        let preset = dir.write("preset.json", try #require(readText(TestPaths.root("Fixtures/presets/nordic-balanced.json"))))
        let policy = TestPaths.root("Fixtures/policies/strict.json")
        // A file changed after the report's date (2026-12-24): listed with the report's date.
        var later = [timespec(tv_sec: 1_798_113_600, tv_nsec: 0), timespec(tv_sec: 1_798_113_600, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, preset, &later, 0) == 0)
        // A file changed on a known day: 2026-03-04 12:00 UTC.
        var times = [timespec(tv_sec: 1_772_625_600, tv_nsec: 0), timespec(tv_sec: 1_772_625_600, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, scenario, &times, 0) == 0)
        let out = dir.file("r.md")
        let r = runBalans(["report", preset, "--scenario", scenario, "--policy", policy, "-o", out, "--date", "2026-11-29"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try #require(readText(out))
        func sha(_ path: String) -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["sha256sum", path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try? p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(String(decoding: data, as: UTF8.self).prefix(64))
        }
        for path in [preset, scenario, policy] {
            let hash = sha(path)
            #expect(hash.count == 64)
            #expect(text.contains("| " + AuditReport.md(path) + " | " + hash + " | "), "no row for \(path) with \(hash)")
        }
        #expect(text.contains(AuditReport.md(scenario) + " | " + sha(scenario) + " | 2026-03-04 |"))
        #expect(text.contains(AuditReport.md(preset) + " | " + sha(preset) + " | 2026-11-29 |"))
        #expect(text.contains("| Balans " + BalansCommand.configuration.version + " |"))

        // A built-in scenario is named, not hashed.
        let r2 = runBalans(["report", "--scenario", "builtin:savings-bank", "-o", out, "--date", "2026-11-29"])
        #expect(r2.status == 0, "\(r2.stderr)")
        let text2 = try #require(readText(out))
        #expect(text2.contains("| builtin:savings-bank | " + Catalogue(.en).text(.reportProvBuiltin) + " |"))
    }

    @Test("the appendix stands alone: no file of the repository, no other command to run", arguments: [Language.en, .sv])
    func appendixSelfContained(_ language: Language) {
        let c = Catalogue(language)
        let keys: [ReportText] = [.reportAppendixScore, .reportAppendixReach, .reportAppendixValue, .reportAppendixFairness,
                                  .reportAppendixFrontier, .reportAppendixCode, .reportAppendixSources, .reportAppendixOwn, .reportAppendixNumbers]
        for key in keys {
            let t = c.text(key)
            for needle in ["docs/", ".md", "SPEC", "--format", "balans score", "Fixtures/", "Sources/"] {
                #expect(!t.contains(needle), "\(key) sends the reader to \(needle)")
            }
        }
    }

    @Test("the sign-off block has four blank fields to fill in", arguments: ["html", "md"])
    func signoff(_ ext: String) throws {
        let files = try Self.run(lang: "en", ext: ext)
        let text = try #require(files["report-nordic-balanced-en." + ext])
        let c = Catalogue(.en)
        for key: ReportText in [.reportSignPrepared, .reportSignReviewed, .reportSignDecision, .reportSignDate] {
            let label = c.text(key)
            if ext == "md" {
                #expect(text.contains("| " + AuditReport.md(label) + " | |\n"))
            } else {
                #expect(text.contains("<tr><th scope=\"row\">" + AuditReport.html(label) + "</th><td></td></tr>"))
            }
        }
        // It is the last section.
        #expect(text.range(of: c.text(.reportSignoff))!.lowerBound > text.range(of: c.text(.reportAppendix))!.lowerBound)
    }

    @Test("the README shows a real excerpt of the report")
    func readmeExcerpt() throws {
        let readme = try #require(readText(TestPaths.root("README.md")))
        let golden = try #require(readText(TestPaths.root("Fixtures/golden/report-nordic-balanced-en.md")))
        let lines = golden.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "## Violations of the ethical code"))
        let excerpt = lines[start..<min(start + 9, lines.count)].joined(separator: "\n")
        #expect(readme.contains("### `balans report`"))
        #expect(readme.contains("```markdown\n" + excerpt + "\n```"), "README.md does not show the report's real output")
    }

    @Test("markup in a file's names is shown as text, in both formats")
    func hostileNames() throws {
        let dir = TempDir("balans-report")
        defer { dir.cleanup() }
        let name = "<script>alert(1)</script> | # \"x\" & [y](http://e.example)"
        let preset = dir.write("evil.json", """
            {"balans": "preset/1", "name": \(JSONWriter.quote(name)), "scenario": "builtin:nordic-retail", "levels": {"teens": 1}}
            """)
        for ext in ["html", "md"] {
            let r = runBalans(["report", preset, "-o", dir.file("evil.\(ext)"), "--lang", "en"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let html = try #require(readText(dir.file("evil.html")))
        let doc = Self.parse(html)
        #expect(!doc.elements.contains { $0.name == "script" || $0.name == "a" })
        #expect(doc.text.contains(name))
        let md = try #require(readText(dir.file("evil.md")))
        #expect(md.contains("&lt;script>alert(1)&lt;/script> \\| # \"x\" & \\[y\\](http://e.example)"))
        #expect(!(readText(dir.file("evil.svg")) ?? "").contains("<script"))
    }

    // MARK: Escaping and dates

    @Test("text from files is escaped for Markdown and HTML")
    func escaping() {
        #expect(AuditReport.md("a | b") == "a \\| b")
        #expect(AuditReport.md("# not a heading") == "\\# not a heading")
        #expect(AuditReport.md("- item") == "\\- item")
        #expect(AuditReport.md("1. first") == "1\\. first")
        #expect(AuditReport.md("<img src=x>") == "&lt;img src=x>")
        #expect(AuditReport.md("[x](http://example.com)") == "\\[x\\](http://example.com)")
        #expect(AuditReport.html("<script>&\"'") == "&lt;script&gt;&amp;&quot;&apos;")
        #expect(AuditReport.html("use `balans score`") == "use <code>balans score</code>")
        #expect(AuditReport.html("one ` tick") == "one ` tick")
        #expect(AuditReport.urlPath("my report (1).svg") == "my%20report%20%281%29.svg")
    }

    @Test("dates are ISO 8601 days, long in each language")
    func dates() throws {
        let d = try #require(CalendarDay(iso: "2026-11-29"))
        #expect(d.iso == "2026-11-29")
        #expect(d.long(Catalogue(.en)) == "29 November 2026")
        #expect(d.long(Catalogue(.sv)) == "29 november 2026")
        #expect(CalendarDay(iso: "2024-02-29") != nil)
        for bad in ["2025-02-29", "2026-13-01", "2026-1-01", "26-11-29", "2026-11-29T00:00", "", "２０２６-11-29"] {
            #expect(CalendarDay(iso: bad) == nil, "\(bad)")
        }
    }

    @Test("the markdown chart path sits next to the report")
    func chartPath() {
        #expect(ReportFormat.chartPath(for: "out/audit.md") == "out/audit.svg")
        #expect(ReportFormat.chartPath(for: "a.b/audit") == "a.b/audit.svg")
        #expect(ReportFormat(path: "X.HTML") != nil)
        #expect(ReportFormat(path: ".md") == nil)
    }
}
