@testable import BalansCLI
import BalansModel
import BalansText
import Foundation
import Testing

/// `score` writes its large parts as bytes for speed (decision 0028): segments and violations in
/// JSON, the segment and violation tables in text. These pin each fast path to the slow one it
/// replaced — JSONWriter's layout of the value, TextTable's layout of the cells — so the two cannot
/// drift, on the fixtures and on names that test the escaping and the widths.
@Suite("Report layout")
struct ReportLayoutTests {
    static let presets = [
        "Fixtures/presets/nordic-balanced.json", "Fixtures/presets/nordic-aggressive.json",
        "Fixtures/presets/bank-next-best-offer.json",
    ]

    /// Norrsken's scenario with its segments renamed: a control character, wide (CJK) and combining
    /// characters, Swedish letters, a trailing space, a bidi override, an emoji, quotes and a
    /// backslash; and one id with non-ASCII letters is not allowed (ids are slugs), so ids stay.
    static func hostileScenario() throws -> String {
        var text = try String(contentsOfFile: TestPaths.root("Fixtures/scenarios/nordic-retail.json"), encoding: .utf8)
        let renames = [
            ("Teens 13-17", #"Tonåringar \u001b[31m 13–17"#), ("Young urban adults", "年轻的城市成年人"),
            ("Bargain hunters", "Fyndjägare "), ("Families with children", #"Familjer \"med\" barn \\ "#),
            ("Loyal club members", "Lojala \u{202E}medlemmar"), ("Lapsed customers", "Före detta kunder 🛒"),
            ("Financially stretched households", "Cafe\u{301} stretched"),
        ]
        for (old, new) in renames { text = text.replacingOccurrences(of: "\"name\": \"\(old)\"", with: "\"name\": \"\(new)\"") }
        let path = NSTemporaryDirectory() + "balans-layout-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func allInputs() throws -> [Inputs] {
        let hostile = try hostileScenario()
        defer { try? FileManager.default.removeItem(atPath: hostile) }
        var all = try presets.map { try Inputs.load(preset: TestPaths.root($0), scenario: nil) }
        all.append(try Inputs.load(preset: TestPaths.root(presets[1]), scenario: hostile))
        return all
    }

    static func text(_ write: (ByteWriter) -> Void) -> String {
        let out = ByteWriter(capacity: 256)
        write(out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test("segments and violations in JSON equal JSONWriter's layout of their values")
    func jsonLayout() throws {
        for inputs in try Self.allInputs() {
            let report = ScoreReport(inputs: inputs)
            #expect(!inputs.evaluation.rows.isEmpty)
            for row in inputs.evaluation.rows {
                let fast = Self.text { report.writeSegment(row, to: $0) }
                #expect(fast == "    " + JSONWriter.fragment(report.segmentJSON(row), indent: 2, inlineSmallObjects: true))
            }
            #expect(!inputs.evaluation.violations.isEmpty)
            let memo = MessageMemo()
            // Twice over: the second time every message comes from the memo.
            for v in inputs.evaluation.violations + inputs.evaluation.violations {
                let fast = Self.text { report.writeViolation(v, messages: memo, to: $0) }
                #expect(fast == "    " + JSONWriter.fragment(ScoreReport.violationJSON(v, report.scenario), indent: 2, inlineSmallObjects: true))
            }
        }
    }

    @Test("the segment and violation tables equal TextTable's layout of their cells", arguments: [Language.en, .sv])
    func textLayout(_ language: Language) throws {
        let c = Catalogue(language)
        for inputs in try Self.allInputs() {
            let report = ScoreReport(inputs: inputs, catalogue: c)
            var reference = TextTable(columns: ScoreReport.segmentColumns(c))
            for row in inputs.evaluation.rows { reference.add(report.cells(row)) }
            let fast = Self.text { report.segmentTable().write(to: $0) }
            #expect(fast == reference.render().map { $0 + "\n" }.joined())
            // Formatted in two halves at once and joined, as a large table is: the same.
            #expect(Self.text { report.segmentTable(parallelAbove: 0).write(to: $0) } == fast)

            let scenario = report.scenario
            var violations = TextTable(columns: ScoreReport.violationColumns(c))
            for v in ScoreReport.ordered(inputs.evaluation.violations) { violations.add(ScoreReport.violationCells(v, scenario, c)) }
            let fastViolations = Self.text { ScoreReport.violationTable(inputs.evaluation.violations, scenario, c).write(to: $0) }
            #expect(fastViolations == violations.render().map { $0 + "\n" }.joined())
        }
    }
}

/// `OutputSink.items` formats long lists a chunk per core at once; what reaches the file must be
/// the items in order, between whatever was written before and after.
@Suite("Output of long lists")
struct OutputItemsTests {
    @Test("items in order across chunk boundaries, with the text around them", arguments: [(0, 4), (7, 4), (8, 4), (9, 4), (10_001, 7), (50_000, 4096)])
    func inOrder(_ count: Int, _ chunk: Int) throws {
        let path = NSTemporaryDirectory() + "balans-items-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        let sink = OutputSink(fd: fd)
        sink.write("before\n")
        sink.items(count, chunk: chunk) { i, out in
            out.int(i)
            out.byte(0x0A)
        }
        sink.write("after\n")
        sink.flush()
        close(fd)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "before\n" + (0..<count).map { "\($0)\n" }.joined() + "after\n")
    }
}
