@testable import BalansCLI
import BalansModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `balans audit record` and `verify` (issue #17, decision 0032): a hash-chained JSON Lines log
/// that finds every edited, removed, reordered or torn entry by its line.
@Suite("Audit log")
struct AuditTests {
    static let presets = ["Fixtures/presets/nordic-balanced.json", "Fixtures/presets/nordic-aggressive.json",
                          "Fixtures/presets/bank-next-best-offer.json"]

    /// Three audits of changing presets, recorded by the real binary at fixed times.
    static func threeEntries(_ dir: TempDir) -> String {
        let log = dir.file("audits.jsonl")
        for (i, preset) in presets.enumerated() {
            let r = runBalansFull(["audit", "record", preset, "--log", log, "--note", "review \(i + 1)"],
                                  environment: ["SOURCE_DATE_EPOCH": String(1_764_633_600 + i * 86_400)])
            #expect(r.status == 0, "\(r)")
            #expect(r.stdout.hasPrefix("Recorded audit entry \(i + 1) in \(log) (SHA-256 "), "\(r)")
            #expect(r.stderr.isEmpty, "\(r)")
        }
        return log
    }

    static func lines(_ path: String) throws -> [[UInt8]] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    @Test("three recorded audits verify; each entry has its members in order, numbered and chained")
    func recordAndVerify() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = Self.threeEntries(dir)
        let r = runBalansFull(["audit", "verify", "--log", log])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.hasPrefix("ok: \(log): 3 audit entries, the chain holds"), "\(r)")
        let lines = try Self.lines(log)
        #expect(lines.count == 4 && lines[3].isEmpty, "three lines, each ending in a line feed")
        var previous = String(repeating: "0", count: 64)
        for (i, line) in lines.prefix(3).enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect(object["entry"] as? Int == i + 1)
            #expect(object["previous"] as? String == previous)
            #expect(object["note"] as? String == "review \(i + 1)")
            #expect(object["recorded"] as? String == "2025-12-\(String(format: "%02d", 2 + i))T00:00:00Z")
            // The hash is the SHA-256 of the line without its last member (checked by hand here).
            let text = String(decoding: line, as: UTF8.self)
            let cut = try #require(text.range(of: ", \"hash\": \"", options: .backwards))
            let canonical = Array((text[..<cut.lowerBound] + "}").utf8)
            #expect(object["hash"] as? String == AuditLog.sha256(canonical))
            previous = object["hash"] as! String
            // Stable key order, so that logs diff line by line in git.
            let keys = try Self.keyOrder(text)
            #expect(keys == ["balans", "entry", "recorded", "balansVersion", "note", "scenario", "preset", "inputs", "aggregate",
                             "fairness", "breaches", "violations", "consentSources", "weights", "weightsSource", "setting", "previous", "hash"])
        }
        // The inputs' SHA-256 are those of the files (sha256sum would say the same).
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0])) as? [String: Any])
        let inputs = try #require(first["inputs"] as? [[String: Any]])
        let presetBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestPaths.root(Self.presets[0]))))
        #expect(inputs.first?["sha256"] as? String == AuditLog.sha256(presetBytes))
        #expect(inputs.first?["role"] as? String == "preset")
    }

    /// The top-level keys of a JSON object line, in order.
    static func keyOrder(_ text: String) throws -> [String] {
        let root = Node(try SourceText(file: "-", bytes: Array(text.utf8)).parseJSON())
        return try root.entries().map(\.key)
    }

    @Test("editing any byte of the middle entry fails verify at that entry's line")
    func everyByteOfTheMiddle() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = Self.threeEntries(dir)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log)))
        let lines = try Self.lines(log)
        let start = lines[0].count + 1, end = start + lines[1].count  // the middle line and its line feed
        #expect(end > start + 500)
        for i in start...end {
            var edited = original
            edited[i] = original[i] == 0x30 ? 0x31 : (original[i] == 0x0A ? 0x20 : 0x30)
            switch AuditLog.verify(edited, file: log) {
            case .success: Issue.record("an edit at byte \(i) (\(original[i]) → \(edited[i])) verified")
            case .failure(let p): #expect(p.line == 2, "byte \(i): \(p.message)")
            }
        }
        // And the real binary says so in one line, with 65.
        var edited = original
        edited[start + 40] ^= 0x01
        try Data(edited).write(to: URL(fileURLWithPath: log))
        let r = runBalansFull(["audit", "verify", "--log", log])
        #expect(r.status == 65, "\(r)")
        #expect(r.stderr.hasPrefix("balans: \(log):2: ") && r.stderr.filter { $0 == "\n" }.count == 1, "\(r)")
    }

    @Test("a removed, a moved and a re-hashed entry are found at their line; appending still verifies")
    func removedMovedAppended() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = Self.threeEntries(dir)
        let lines = try Self.lines(log)
        func verify(_ ls: [[UInt8]]) -> AuditLog.Problem? {
            if case .failure(let p) = AuditLog.verify(Array(ls.joined(separator: [0x0A])), file: log) { return p }
            return nil
        }
        #expect(verify(lines) == nil)
        #expect(verify([lines[0], lines[2], []])?.line == 2)  // the middle one removed
        #expect(verify([lines[1], lines[0], lines[2], []])?.line == 1)  // moved
        #expect(verify([lines[0], lines[1], []]) == nil)  // the last one removed: a shorter log (see docs/audits.md)
        // An edit whose author recomputed the hash: the next entry's `previous` no longer matches.
        var text = String(decoding: lines[1], as: UTF8.self)
        text = text.replacingOccurrences(of: "\"note\": \"review 2\"", with: "\"note\": \"review 2 (edited)\"")
        let cut = try #require(text.range(of: ", \"hash\": \"", options: .backwards))
        let canonical = Array((text[..<cut.lowerBound] + "}").utf8)
        let rehashed = text[..<cut.lowerBound] + ", \"hash\": \"" + AuditLog.sha256(canonical) + "\"}"
        let p = verify([lines[0], Array(rehashed.utf8), lines[2], []])
        #expect(p?.line == 3)
        #expect(p?.message.contains("previous") == true)
        // Appending verifies.
        let r = runBalansFull(["audit", "record", Self.presets[0], "--log", log])
        #expect(r.status == 0, "\(r)")
        #expect(runBalansFull(["audit", "verify", "--log", log]).stdout.contains(": 4 audit entries"))
    }

    @Test("a torn last line is reported, and record refuses to append after it, writing nothing")
    func tornLine() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = Self.threeEntries(dir)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log)))
        // A crash mid-write: the last entry cut anywhere, its line feed lost.
        let torn = Array(original.dropLast(137))
        try Data(torn).write(to: URL(fileURLWithPath: log))
        let v = runBalansFull(["audit", "verify", "--log", log])
        #expect(v.status == 65, "\(v)")
        #expect(v.stderr.hasPrefix("balans: \(log):3: the last entry has no line end"), "\(v)")
        let r = runBalansFull(["audit", "record", Self.presets[0], "--log", log])
        #expect(r.status == 65, "\(r)")
        #expect(r.stdout.isEmpty)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: log))) == torn)
    }

    @Test("bad input writes nothing: a bad preset (65), a missing one (66), no preset at all (64)")
    func badInput() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = dir.file("audits.jsonl")
        let bad = dir.write("bad.json", #"{"balans": "preset/1", "name": "x", "scenario": "builtin:nordic-retail", "levels": {"nobody": 1}}"#)
        for (args, status) in [([bad], Int32(65)), ([dir.file("missing.json")], 66), ([], 64)] {
            let r = runBalansFull(["audit", "record"] + args + ["--log", log])
            #expect(r.status == status, "\(r)")
            #expect(r.stdout.isEmpty && r.stderr.filter { $0 == "\n" }.count == 1, "\(r)")
            #expect(!FileManager.default.fileExists(atPath: log))
        }
        // A log that is not a log.
        let other = dir.write("other.jsonl", "{\"balans\": \"preset/1\"}\n")
        let r = runBalansFull(["audit", "verify", "--log", other])
        #expect(r.status == 65 && r.stderr.contains(":1: not a Balans audit entry"), "\(r)")
        #expect(runBalansFull(["audit", "verify", "--log", dir.file("none.jsonl")]).status == 66)
    }

    @Test("Swedish lines for people")
    func swedish() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = dir.file("a.jsonl")
        let r = runBalansFull(["audit", "record", Self.presets[0], "--log", log, "--lang", "sv"])
        #expect(r.stdout.hasPrefix("Granskning 1 sparad i \(log)"), "\(r)")
        #expect(runBalansFull(["audit", "verify", "--log", log, "--lang", "sv"]).stdout.hasPrefix("ok: \(log): 1 granskning, kedjan håller"))
    }
}

@Suite("Audit trend")
struct AuditTrendTests {
    @Test("three audits of changing presets: three rows with their figures, and what changed between them")
    func threeRows() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = AuditTests.threeEntries(dir)
        let json = runBalansFull(["audit", "trend", "--log", log, "--format", "json"])
        #expect(json.status == 0, "\(json)")
        let doc = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let entries = try #require(doc["entries"] as? [[String: Any]])
        #expect(entries.map { $0["entry"] as? Int } == [1, 2, 3])
        // The figures are those score gives for each preset.
        for (i, preset) in AuditTests.presets.enumerated() {
            let score = try #require(try JSONSerialization.jsonObject(with: runBalansFull(["score", preset, "--format", "json"]).stdoutData) as? [String: Any])
            let aggregate = try #require(score["aggregate"] as? [String: Any])
            #expect(entries[i]["intrusiveness"] as? Double == aggregate["intrusiveness"] as? Double)
            #expect(entries[i]["value"] as? Double == aggregate["value"] as? Double)
        }
        let changes = try #require(doc["changes"] as? [[String: Any]])
        #expect(changes.count == 2)
        // balanced → aggressive: the same scenario, other levels (diff says which).
        let diff = try #require(try JSONSerialization.jsonObject(with: runBalansFull(["diff", AuditTests.presets[0], AuditTests.presets[1],
                                                                                       "--format", "json"]).stdoutData) as? [String: Any])
        let segments = try #require(diff["segments"] as? [[String: Any]])
        let levelChanged = segments.filter { s in
            let level = s["level"] as? [String: Any]
            return level?["a"] as? Int != level?["b"] as? Int
        }
        #expect(!levelChanged.isEmpty)
        #expect((changes[0]["levels"] as? [String])?.sorted() == levelChanged.compactMap { $0["id"] as? String }.sorted())
        #expect((changes[0]["inputs"] as? [String])?.contains("preset") == true)
        // The text lists each row and each change.
        let text = runBalansFull(["audit", "trend", "--log", log])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Audit trend of \(log): 3 entries\n"))
        for note in ["review 1", "review 2", "review 3"] { #expect(text.stdout.contains(note)) }
        #expect(text.stdout.contains("  1 → 2: the level of "))
        #expect(text.stdout.contains("  2 → 3: "))
        // CSV: a header and a row per entry.
        let csv = runBalansFull(["audit", "trend", "--log", log, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\r\n").count == 4)
    }

    @Test("--svg writes the chart: a point per audit at its intrusiveness, well-formed XML")
    func svg() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = AuditTests.threeEntries(dir)
        let svg = dir.file("trend.svg")
        let r = runBalansFull(["audit", "trend", "--log", log, "--svg", svg, "--format", "csv"])
        #expect(r.status == 0 && r.stderr == "Wrote \(svg)\n", "\(r)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.components(separatedBy: "<circle ").count - 1 == 3)
        #expect(text.contains("<polyline "))
        #expect(!text.contains("<script"))
        let parser = XMLParser(data: Data(text.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        // The y of each point is its intrusiveness on the 0–100 scale: 50 + 290 × (1 − I/100).
        let first = try #require(try JSONSerialization.jsonObject(with: runBalansFull(["audit", "trend", "--log", log, "--format", "json"]).stdoutData)
                                 as? [String: Any])
        let i = try #require((first["entries"] as? [[String: Any]])?.first?["intrusiveness"] as? Double)
        #expect(text.contains("cy=\"\(FrontierSVG.n(50 + 290 * (1 - i / 100)))\""), "\(i)")
    }

    @Test("a broken log has no trend: 65 at its line")
    func broken() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = AuditTests.threeEntries(dir)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log)))
        bytes[30] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: log))
        let r = runBalansFull(["audit", "trend", "--log", log])
        #expect(r.status == 65 && r.stderr.hasPrefix("balans: \(log):1: ") && r.stdout.isEmpty, "\(r)")
    }
}

@Suite("Audit trend in the report")
struct AuditReportTrendTests {
    @Test("report --log adds the audits over time and what changed; a broken log is 65 and writes nothing")
    func report() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = AuditTests.threeEntries(dir)
        let out = dir.file("audit.md")
        let r = runBalansFull(["report", AuditTests.presets[0], "--log", log, "-o", out, "--date", "2026-12-02"])
        #expect(r.status == 0, "\(r)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("## Audits over time"))
        for i in 1...3 { #expect(text.contains("| \(i) | 2025-12-0\(i + 1)T00:00:00Z |"), "entry \(i)") }
        #expect(text.contains("| 1 → 2 | the level of "))
        // The chart beside the report, linked from it; inline in HTML.
        #expect(text.contains("![Audits over time](audit-trend.svg)"))
        let chart = try String(contentsOfFile: dir.file("audit-trend.svg"), encoding: .utf8)
        #expect(chart.components(separatedBy: "<circle ").count - 1 == 3)
        #expect(r.stderr.contains("Wrote \(dir.file("audit-trend.svg"))"))
        let html = dir.file("audit.html")
        #expect(runBalansFull(["report", AuditTests.presets[0], "--log", log, "-o", html, "--date", "2026-12-02", "--lang", "sv"]).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<title>Granskningar över tid</title>"))
        // Without --log the report has no such section (its goldens are unchanged).
        let plain = dir.file("plain.md")
        #expect(runBalansFull(["report", AuditTests.presets[0], "-o", plain, "--date", "2026-12-02"]).status == 0)
        #expect(!(try String(contentsOfFile: plain, encoding: .utf8)).contains("Audits over time"))
        // A broken log: 65, no report.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log)))
        bytes[50] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: log))
        let broken = dir.file("broken.html")
        let b = runBalansFull(["report", AuditTests.presets[0], "--log", log, "-o", broken])
        #expect(b.status == 65 && b.stderr.hasPrefix("balans: \(log):1: "), "\(b)")
        #expect(!FileManager.default.fileExists(atPath: broken))
    }
}

@Suite("Audit trend on the dashboard")
struct AuditDashboardTests {
    @Test("balans --audit-log checks the log before the dashboard: a broken one is one line and 65; a good one then needs a terminal (64)")
    func checked() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let log = AuditTests.threeEntries(dir)
        let good = runBalansFull(["Fixtures/presets/nordic-balanced.json", "--audit-log", log])
        #expect(good.status == 64 && good.stderr.contains("needs a terminal"), "\(good)")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: log))
        let bad = runBalansFull(["Fixtures/presets/nordic-balanced.json", "--audit-log", log])
        #expect(bad.status == 65 && bad.stderr.hasPrefix("balans: \(log):") && bad.stderr.filter { $0 == "\n" }.count == 1, "\(bad)")
    }
}

