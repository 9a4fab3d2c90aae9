import BalansModel
import Foundation
import Testing

/// `balans consent import-csv` and `balans consent tcf` through the real binary: goldens of the
/// summaries (Fixtures/consent/golden, re-recorded with BALANS_RECORD_GOLDEN=1), the written
/// scenario, and the exit codes of SPEC §3.
@Suite("balans consent import-csv and tcf")
struct ConsentCommandTests {
    static let shop = "Fixtures/consent/shop.json"
    static let counts = "Fixtures/consent/cmp-counts.csv"
    static let vectorA = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA"
    static let vectorB = "COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA.IBAgAAAgAIAwgAgAAAAEAAAACA.QAagAQAgAIAwgA"

    /// Compares `text` (with the temporary folder written as TMP) with a golden file.
    func golden(_ name: String, _ text: String, tmp: TempDir) throws {
        let shown = text.replacingOccurrences(of: tmp.path, with: "TMP")
        let path = TestPaths.root("Fixtures/consent/golden/" + name)
        if GoldenTests.recording {
            try FileManager.default.createDirectory(atPath: TestPaths.root("Fixtures/consent/golden"), withIntermediateDirectories: true)
            try Data(shown.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let want = try #require(readText(path), "missing \(path); record it with BALANS_RECORD_GOLDEN=1")
        #expect(shown == want)
    }

    @Test("import-csv: the summary, the written scenario with its sources, and a valid file")
    func importCSV() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("shop.json")
        for (format, ext) in [("text", "txt"), ("json", "json")] {
            let r = runBalansFull(["consent", "import-csv", Self.counts, "--scenario", Self.shop, "-o", out, "--date", "2026-11-29", "--format", format])
            #expect(r.status == 0, "\(r)")
            #expect(r.stderr == "Wrote \(out)\n", "\(r)")
            try golden("import-csv-counts.\(ext)", r.stdout, tmp: tmp)
        }
        try golden("import-csv-counts-scenario.json", try #require(readText(out)), tmp: tmp)
        let sv = runBalansFull(["consent", "import-csv", Self.counts, "--scenario", Self.shop, "-o", out, "--date", "2026-11-29", "--lang", "sv"])
        try golden("import-csv-counts-sv.txt", sv.stdout, tmp: tmp)
        let v = runBalans(["validate", out])
        #expect(v.status == 0, "\(v)")
        // The written scenario scores with the imported rates: north at level 1 touches clicks
        // (now 0.6667) and email (0.9): reach 0.6667.
        let preset = tmp.write("p.json", #"{"balans": "preset/1", "name": "p", "scenario": "shop.json", "levels": {"north": 1}}"#)
        let score = runBalans(["score", preset, "--format", "json"])
        #expect(score.status == 0)
        #expect(score.stdout.contains(#""reach": 0.6667"#), "\(score.stdout)")
    }

    static let consentMode = "Fixtures/consent/consent-mode.csv"
    static let map = ["--map", "ad_personalization=clicks,profile", "--map", "ad_user_data=profile,health"]

    @Test("import-csv --map: Consent Mode columns through the real binary, in English, Swedish and json")
    func importConsentMode() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("shop.json")
        // Rates counted by hand in Tests/BalansModelTests/ConsentModeImportTests.swift: north clicks
        // 5/7, profile 3/6; south clicks 2/3, profile 1/3; geo and email unmapped, health Art. 9.
        for (format, ext, lang) in [("text", "txt", "en"), ("json", "json", "en"), ("text", "sv.txt", "sv")] {
            let r = runBalansFull(["consent", "import-csv", Self.consentMode, "--scenario", Self.shop, "-o", out, "--date", "2026-11-29",
                                   "--format", format, "--lang", lang] + Self.map)
            #expect(r.status == 0, "\(r)")
            #expect(r.stderr == "Wrote \(out)\n", "\(r)")
            try golden("consent-mode.\(ext)", r.stdout, tmp: tmp)
        }
        let written = try #require(readText(out))
        #expect(written.contains(#""clicks": 0.7143,"#) && written.contains(#""profile": 0.5,"#), "\(written)")
        #expect(written.contains(#""clicks": {"file": "consent-mode.csv", "date": "2026-11-29", "method": "consent-mode", "records": 7}"#), "\(written)")
        let v = runBalans(["validate", out])
        #expect(v.status == 0, "\(v)")
        // The report names the method of the rates it shows.
        let preset = tmp.write("p.json", #"{"balans": "preset/1", "name": "p", "scenario": "shop.json", "levels": {"north": 2}}"#)
        let report = runBalansFull(["report", preset, "-o", tmp.file("r.md")])
        #expect(report.status == 0, "\(report)")
        #expect(try #require(readText(tmp.file("r.md"))).contains("consent-mode.csv (Consent Mode signals)"))
    }

    @Test("import-csv --map: a bad mapping is one line and 64; a Consent Mode file without one is 65; nothing is written")
    func consentModeBadMaps() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("out.json")
        let args = ["consent", "import-csv", Self.consentMode, "--scenario", Self.shop, "-o", out]
        let cases: [([String], Int32, String)] = [
            (["--map", "ad_personalization"], 64,
             "balans: --map must be SIGNAL=CATEGORY[,CATEGORY…], such as ad_personalization=browsing,purchase-history, not \"ad_personalization\"\n"),
            (["--map", "ad_personalisation=clicks"], 64,
             "balans: --map: unknown Consent Mode signal \"ad_personalisation\" (did you mean \"ad_personalization\"?); the signals are ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage\n"),
            (["--map", "ad_personalization=clicks,profil"], 64,
             "balans: --map ad_personalization: unknown category \"profil\" (did you mean \"profile\"?)\n"),
            (["--map", "ad_storage=clicks", "--map", "ad_storage=geo"], 64,
             "balans: --map: ad_storage is mapped twice; list all its categories in one --map\n"),
            (["--map", "functionality_storage=clicks"], 65,
             "balans: \(Self.consentMode):1: --map names functionality_storage, but there is no functionality_storage column (the header has \"segment\", \"event_time\", \"ad_storage\", \"analytics_storage\", \"ad_user_data\", \"ad_personalization\")\n"),
            ([], 65,
             "balans: \(Self.consentMode):1: no \"category\", \"purpose\" or \"special_feature\" column (the header has \"segment\", \"event_time\", \"ad_storage\", \"analytics_storage\", \"ad_user_data\", \"ad_personalization\"); its Consent Mode columns (ad_storage, analytics_storage, ad_user_data, ad_personalization) are read only with --map SIGNAL=CATEGORY,…, which says which categories each one governs\n"),
        ]
        for (extra, status, stderr) in cases {
            let r = runBalansFull(args + extra)
            #expect(r.status == status, "\(extra) \(r)")
            #expect(r.stderr == stderr, "\(extra) \(r)")
            #expect(r.stdoutData.isEmpty, "\(extra)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(extra)")
        }
        // The other shape with --map is refused, not mixed.
        let r = runBalansFull(["consent", "import-csv", Self.counts, "--scenario", Self.shop, "-o", out, "--map", "ad_storage=clicks"])
        #expect(r.status == 65 && r.stderr.contains("cannot also have \"category\", \"purpose\", \"special_feature\", \"opt_ins\", \"choices\" columns"), "\(r)")
    }

    @Test("import-csv --map in Swedish: thousands with a no-break space")
    func consentModeSwedishNumbers() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        // 1 200 rows for north, granted in the first 300: clicks 300/1 200 = 25,0 %.
        var lines = ["segment,ad_personalization"]
        for i in 0..<1200 { lines.append("north," + (i < 300 ? "granted" : "denied")) }
        let file = tmp.write("cm.csv", lines.joined(separator: "\n") + "\n")
        let r = runBalansFull(["consent", "import-csv", file, "--scenario", Self.shop, "-o", tmp.file("out.json"), "--lang", "sv",
                               "--map", "ad_personalization=clicks"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("Poster: 1\u{00A0}200 lästa, 1\u{00A0}200 använda, 0 inte använda"), "\(r)")
        #expect(r.stdout.contains("Consent Mode-signaler (--map): ad_personalization → clicks"), "\(r)")
        #expect(r.stdout.contains("25,0"), "\(r)")
        #expect(r.stdout.contains("ingen Consent Mode-signal kopplad (--map)"), "\(r)")
    }

    @Test("tcf: the IAB vectors are outdated (policy version 2): left out by default, counted when asked")
    func tcfVectors() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let records = tmp.write("records.csv", "segment,tc_string\nnorth,\(Self.vectorA)\nnorth,\(Self.vectorB)\nsouth,not-a-tc-string!\n")
        let out = tmp.file("out.json")
        let strict = runBalansFull(["consent", "tcf", records, "--scenario", Self.shop, "-o", out, "--date", "2026-11-29"])
        // Nothing usable: the summary still says why, nothing is written, exit 65.
        #expect(strict.status == 65, "\(strict)")
        #expect(strict.stderr == "balans: \(records): no usable records (3 read); \(out) was not written\n")
        #expect(strict.stdout.contains("left out (lines 2, 3)"))
        #expect(!FileManager.default.fileExists(atPath: out))
        for (format, ext) in [("text", "txt"), ("json", "json")] {
            let r = runBalansFull(["consent", "tcf", records, "--scenario", Self.shop, "-o", out, "--date", "2026-11-29",
                                   "--include-outdated", "--format", format])
            #expect(r.status == 0, "\(r)")
            try golden("tcf-vectors.\(ext)", r.stdout, tmp: tmp)
        }
        // A: consent {2, 10}, LI {2, 9}, SF {1}; B: consent {3…9}, SF {1}. clicks (P2, P7): neither
        // (A lacks 7: LI for 7 is not set); profile (P3, P4): B; geo (P2, SF1): A. So 0, 0.5, 0.5.
        let written = try #require(readText(out))
        #expect(written.contains(#""clicks": 0,"#) && written.contains(#""profile": 0.5,"#) && written.contains(#""geo": 0.5,"#), "\(written)")
        #expect(written.contains(#""clicks": {"file": "records.csv", "date": "2026-11-29", "method": "tcf", "records": 2}"#), "\(written)")
    }

    @Test("tcf: GPP strings count by their EU TCF v2 section; other sections are named; broken ones are lines not used")
    func tcfGPP() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("out.json")
        // Fixtures/consent/gpp-records.csv: vector A and vector B inside GPP strings (the second
        // with the US National section of iabgpp-es UsNat.test.ts), a GPP string with only that
        // section, and one whose header lists a section it lacks.
        for (format, ext, lang) in [("text", "txt", "en"), ("json", "json", "en"), ("text", "sv.txt", "sv")] {
            let r = runBalansFull(["consent", "tcf", "Fixtures/consent/gpp-records.csv", "--scenario", Self.shop, "-o", out,
                                   "--date", "2026-11-29", "--include-outdated", "--format", format, "--lang", lang])
            #expect(r.status == 0, "\(r)")
            try golden("tcf-gpp.\(ext)", r.stdout, tmp: tmp)
        }
        // The same rates as vectors A and B alone (tcfVectors): clicks 0, profile 0.5, geo 0.5.
        let written = try #require(readText(out))
        #expect(written.contains(#""clicks": 0,"#) && written.contains(#""profile": 0.5,"#) && written.contains(#""geo": 0.5,"#), "\(written)")
    }

    @Test("tcf --counts-out: counts instead of a scenario, to a file or standard output; exclusive with -o")
    func tcfCountsOut() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let counts = tmp.file("counts.csv")
        let args = ["consent", "tcf", "Fixtures/consent/gpp-records.csv", "--scenario", Self.shop, "--include-outdated", "--date", "2026-11-29"]
        let r = runBalansFull(args + ["--counts-out", counts])
        #expect(r.status == 0 && r.stderr == "Wrote \(counts)\n", "\(r)")
        #expect(r.stdout.contains("Wrote the counts to \(counts); balans consent import-csv adds them up"), "\(r)")
        // Vectors A and B (north): P9 is granted by both (A by legitimate interest), SF1 by both.
        let written = try #require(readText(counts))
        #expect(written.hasPrefix("segment,category,purpose,special_feature,opt_ins,choices\nnorth,clicks,,,0,2\n"), "\(written)")
        #expect(written.contains("\nnorth,,9,,2,2\n") && written.contains("\nnorth,,,1,2,2\n"), "\(written)")
        // To standard output: the counts alone there, the summary on standard error.
        let piped = runBalansFull(args + ["--counts-out", "-", "--format", "json"])
        #expect(piped.status == 0, "\(piped)")
        #expect(piped.stdout == written, "\(piped)")
        #expect(piped.stderr.contains(#""countsOut": true"#) && piped.stderr.contains(#""output": "stdout""#), "\(piped)")
        // import-csv reads them back: the same rates as the tcf run (clicks 0, profile 0.5, geo 0.5).
        let out = tmp.file("shop.json")
        let back = runBalansFull(["consent", "import-csv", counts, "--scenario", Self.shop, "-o", out])
        #expect(back.status == 0, "\(back)")
        let scenario = try #require(readText(out))
        #expect(scenario.contains(#""clicks": 0,"#) && scenario.contains(#""profile": 0.5,"#) && scenario.contains(#""geo": 0.5,"#), "\(scenario)")
        // Usage errors: both, neither, a file that is not .csv; import-csv still needs -o.
        for bad in [args + ["--counts-out", counts, "-o", out], args, args + ["--counts-out", tmp.file("c.json")],
                    ["consent", "import-csv", counts, "--scenario", Self.shop]] {
            let u = runBalansFull(bad)
            #expect(u.status == 64, "\(bad) \(u)")
        }
    }

    @Test("tcf --jobs: the same output, scenario and counts for any N; 0 or a bad value is a usage error")
    func tcfJobs() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        // A file with bad records and a record across lines, so that parts meet problems.
        var lines = ["segment,gpp_string"]
        let known = try #require(readText("Fixtures/consent/gpp-records.csv")).split(separator: "\n").dropFirst()
        for i in 0..<300 {
            let record = known[known.startIndex + i % known.count]
            lines.append(i % 17 == 0 ? "nort,\"x\ny\"" : String(record))
        }
        let records = tmp.file("records.csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: records))
        func run(_ jobs: String, _ out: String) -> RunResult {
            runBalansFull(["consent", "tcf", records, "--scenario", Self.shop, "--include-outdated", "--date", "2026-11-29",
                           "--format", "json", "--jobs", jobs, "--counts-out", out])
        }
        let one = run("1", "-")
        #expect(one.status == 0 || one.status == 65, "\(one)")
        for jobs in ["2", "7", "65"] {
            let many = run(jobs, "-")
            #expect(many.status == one.status && many.stdout == one.stdout && many.stderr == one.stderr, "--jobs \(jobs): \(many)")
        }
        for bad in ["0", "-1", "two", ""] {
            let u = run(bad, tmp.file("c.csv"))
            #expect(u.status == 64 && u.stderr.contains("jobs"), "--jobs \(bad): \(u)")
        }
    }

    @Test("tcf reads bare strings from standard input for the named segment")
    func tcfStdin() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let out = tmp.file("out.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.balans)
        process.arguments = ["consent", "tcf", "-", "--scenario", TestPaths.root(Self.shop), "-o", out, "--segment", "south",
                             "--include-outdated", "--format", "json"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("\(Self.vectorA)\n\(Self.vectorA)\n".utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""input": "stdin""#) && text.contains(#""appliedTo": ["south"]"#), "\(text)")
        #expect(try #require(readText(out)).contains(#""geo": {"file": "stdin", "date": "#))
    }

    @Test("a failed write is 73, and the summary does not say it wrote")
    func failedWrite() throws {
        for format in ["text", "json"] {
            let r = runBalansFull(["consent", "import-csv", Self.counts, "--scenario", Self.shop, "-o", "/nonexistent/x.json", "--format", format])
            #expect(r.status == 73, "\(r)")
            #expect(r.stderr.hasPrefix("balans: /nonexistent/x.json: cannot write"), "\(r)")
            #expect(!r.stdout.contains("Wrote"), "\(r)")
            #expect(r.stdout.contains("line 10") || r.stdout.contains(#""line": 10"#), "the problems are still listed")
            if format == "json" { #expect(r.stdout.contains(#""written": false"#)) }
        }
    }

    @Test("the README's import-csv example is what the command prints")
    func readmeExample() throws {
        let readme = try #require(readText(TestPaths.root("README.md")))
        let command = "$ balans consent import-csv Fixtures/consent/cmp-counts.csv --scenario Fixtures/consent/shop.json -o shop.json --date 2026-11-29\n"
        let start = try #require(readme.range(of: command), "the README no longer shows the example")
        let rest = readme[start.upperBound...]
        let end = try #require(rest.range(of: "\n$ "))
        let shown = String(rest[..<end.lowerBound]) + "\n"
        // Run it as written, in a folder where Fixtures/ is the package's, so that shop.json is new.
        let tmp = TempDir()
        defer { tmp.cleanup() }
        try FileManager.default.createSymbolicLink(atPath: tmp.file("Fixtures"), withDestinationPath: TestPaths.root("Fixtures"))
        let args = command.dropFirst("$ balans ".count).dropLast().split(separator: " ").map(String.init)
        let r = runBalansFull(args, cwd: tmp.path)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == shown)
    }

    @Test("bad input: one line and the spec's exit code; the old scenario stays as it was")
    func badInput() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let scenario = tmp.file("shop.json")
        try FileManager.default.copyItem(atPath: TestPaths.root(Self.shop), toPath: scenario)
        let before = try #require(readText(scenario))
        let noRows = tmp.write("empty.csv", "segment,category,rate\nnobody,clicks,0.5\n")
        let cases: [([String], Int32, String)] = [
            (["consent", "import-csv", noRows, "--scenario", scenario, "-o", scenario], 65,
             "balans: \(noRows): no usable records (1 read); \(scenario) was not written\n"),
            (["consent", "import-csv", tmp.write("h.csv", "category,rate\n"), "--scenario", scenario, "-o", scenario], 65,
             "balans: \(tmp.file("h.csv")):1: no \"segment\" column (the header has \"category\", \"rate\")\n"),
            (["consent", "import-csv", tmp.file("missing.csv"), "--scenario", scenario, "-o", scenario], 66,
             "balans: \(tmp.file("missing.csv")): no such file\n"),
            (["consent", "tcf", tmp.path, "--scenario", scenario, "-o", scenario], 66,
             "balans: \(tmp.path): is a folder, not a file\n"),
            (["consent", "tcf", noRows, "--scenario", scenario, "-o", scenario, "--segment", "nort"], 64,
             "balans: --segment: unknown segment \"nort\" (did you mean \"north\"?)\n"),
        ]
        for (args, status, stderr) in cases {
            let r = runBalansFull(args)
            #expect(r.status == status, "\(args) \(r)")
            #expect(r.stderr == stderr, "\(args)")
            #expect(readText(scenario) == before, "\(args) changed the scenario")
        }
        for args in [["-o", tmp.file("x.txt")], ["-o", scenario, "--date", "2026-02-30"], ["-o", scenario, "--format", "csv"],
                     ["-o", scenario, "--lang", "fi"]] {
            let r = runBalansFull(["consent", "import-csv", Self.counts, "--scenario", scenario] + args)
            #expect(r.status == 64, "\(args) \(r)")
            #expect(r.stdout.isEmpty)
        }
        // Nothing but the scenario is left in the folder: no temporary files.
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted()
        #expect(left == ["empty.csv", "h.csv", "shop.json"])
    }

    @Test("records across lines are read; a quote left open or a record over 1 MiB is one line naming its line, 65")
    func recordsAcrossLines() throws {
        let tmp = TempDir()
        defer { tmp.cleanup() }
        let scenario = tmp.file("shop.json")
        try FileManager.default.copyItem(atPath: TestPaths.root(Self.shop), toPath: scenario)
        let before = try #require(readText(scenario))
        // Lines 2–3 are one record; line 5 names an unknown segment.
        let good = tmp.write("good.csv", "segment,category,opt_ins,choices,note\r\nnorth,clicks,3,4,\"two\r\nlines\"\r\nsouth,email,1,2,x\r\nwestt,email,1,2,x\r\n")
        let r = runBalansFull(["consent", "import-csv", good, "--scenario", scenario, "-o", tmp.file("out.json"), "--format", "json"])
        #expect(r.status == 0, "\(r)")
        let doc = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        #expect(doc["records"] as? Int == 3 && doc["used"] as? Int == 2)
        let problems = try #require(doc["problems"] as? [String: Any])
        let lines = try #require(problems["lines"] as? [[String: Any]])
        #expect(lines.map { $0["line"] as? Int } == [5])

        let open = tmp.write("open.csv", "segment,category,opt_ins,choices,note\nnorth,clicks,3,4,\"two\nlines\"\nnorth,email,1,2,\"never closed\nsouth,email,5,10,x\n")
        let long = tmp.write("long.csv", "segment,tc_string,note\nnorth,\(Self.vectorA),ok\nnorth,\(Self.vectorA),\"" + String(repeating: "n", count: 2 << 20) + "\nsouth,\(Self.vectorA),x\n")
        let cases: [([String], String)] = [
            (["consent", "import-csv", open], "balans: \(open):4:17: a quote opened here is not closed before the end of the file\n"),
            (["consent", "tcf", long],
             "balans: \(long):3: the record that starts on this line is over 1 MiB (1048576 bytes); the quote opened at column 52 is still open there\n"),
        ]
        for (args, stderr) in cases {
            let r = runBalansFull(args + ["--scenario", scenario, "-o", scenario])
            #expect(r.status == 65, "\(args) \(r)")
            #expect(r.stderr == stderr, "\(args)")
            #expect(r.stdoutData.isEmpty)
            #expect(readText(scenario) == before, "\(args) changed the scenario")
        }
    }
}
