import Testing
@testable import BalansModel

/// `consent tcf --jobs` (decision 0034): a file counted in parts gives exactly what one reader
/// gives — rates, sources, kept categories, counts, every problem with its line number and its
/// order, outdated lines, "did you mean", and fatal errors with their places.
@Suite struct ConsentJobsTests {
    typealias T = ConsentImportTCFTests

    /// Everything a result says, as text: two results are the same when these are equal.
    static func fingerprint(_ r: ConsentImport) -> String {
        var out = ["records \(r.records) used \(r.used) problems \(r.problemCount) outdated \(r.outdatedCount) gpp \(r.gppStrings)"]
        out += r.problems.map { "\($0.line): \($0.reason.english)" }
        out.append("outdated lines \(r.outdated)")
        out.append("gpp skipped \(r.gppSkipped.sorted { $0.key < $1.key })")
        out.append("ignored \(r.ignoredColumns)")
        for c in r.changes {
            let n: String = c.records.map { String($0) } ?? "-"
            out.append("\(c.segment)/\(c.category) \(c.old) -> \(c.new) (\(n))")
        }
        for k in r.kept { out.append("kept \(k.segment)/\(k.category) \(k.reason.rawValue)") }
        out.append(ConsentImport.countsCSV(r.counts ?? []))
        out.append(JSONWriter.write(r.scenario.json, inlineSmallObjects: true))
        return out.joined(separator: "\n")
    }

    /// The outcome of one count: its fingerprint, or its error.
    static func outcome(_ path: String, jobs: Int, maxRecords: Int = ConsentImport.maxCount, counts: Bool = true) throws -> String {
        let shop = try ConsentImportCSVTests.shop()
        do throws(BalansError) {
            let r = try ConsentImport.tcf(path, into: shop, source: T.source, segments: nil, includeOutdated: false,
                                          counts: counts, maxRecords: maxRecords, jobs: jobs)
            return fingerprint(r)
        } catch {
            return "error: \(error)"
        }
    }

    /// `text` counted with 1, 2, 7 and 64 jobs: all the same; returns the one-job outcome.
    @discardableResult
    static func sameForAnyJobs(_ text: String, name: String = "records.csv", maxRecords: Int = ConsentImport.maxCount,
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = try TempFile.write(text, name: name)
        defer { TempFile.remove(path) }
        let one = try outcome(path, jobs: 1, maxRecords: maxRecords)
        for jobs in [2, 7, 64] {
            let many = try outcome(path, jobs: jobs, maxRecords: maxRecords)
            #expect(many == one, "--jobs \(jobs) differs from --jobs 1", sourceLocation: sourceLocation)
        }
        return one
    }

    static let good = [T.tc(consent: [2, 7]), T.tc(consent: [3, 4], li: [2, 7], sf: [1]), T.tc(consent: [2], li: [3, 4, 7]),
                       T.tc(consent: [2], sf: [1]), T.tc(consent: Array(1...11))]

    /// `n` records of a seeded mix: good strings in two segments, and every few lines a bad one —
    /// not base64url, unknown segments (typos, for "did you mean"), no string, outdated, too few
    /// fields — so that every part boundary falls near some.
    static func mixed(_ n: Int, seed: UInt64 = 7, lineEnd: String = "\n", quoted: Bool = false, multiLine: Bool = false) -> String {
        var rng = SplitMix(state: seed)
        var lines = ["segment,tc_string,note"]
        for i in 0..<n {
            let segment = ["north", "south"][Int(rng.next() % 2)]
            var note = "n\(i)"
            if quoted { note = "\"a, \"\"quoted\"\" note \(i)\"" }
            if multiLine && i % 3 == 0 { note = "\"line one\(lineEnd)line two, \(i)\(lineEnd)line three\"" }
            switch rng.next() % 11 {
            case 0: lines.append("\(segment),COtybn4PA_zT4Kj!CBENAPCIAEBAAECAAIAAAAAAAAAA,\(note)")
            case 1: lines.append("nort\(i % 4),\(good[0]),\(note)")
            case 2: lines.append("\(segment),,\(note)")
            case 3: lines.append("\(segment),\(T.tc(consent: [2, 7], policy: 2)),\(note)")
            case 4: lines.append("\(segment),\(good[1])")
            case 5: lines.append("")
            default: lines.append("\(segment),\(good[Int(rng.next() % UInt64(good.count))]),\(note)")
            }
        }
        return lines.joined(separator: lineEnd) + lineEnd
    }

    @Test func aCSVWithBadRecordsIsCountedTheSameInParts() throws {
        let one = try Self.sameForAnyJobs(Self.mixed(3000))
        // The file is what the test says it is: bad records of every kind, listed by line.
        #expect(one.contains("unknown segment \"nort1\""))
        #expect(one.contains("TC string: character 16 ('!') is not base64url"))
        #expect(one.contains("3 fields (the header has 3)") || one.contains("fields"))
        #expect(!one.hasPrefix("error"))
    }

    @Test func crlfQuotedFieldsAndQuotedLineBreaksAreCountedTheSameInParts() throws {
        try Self.sameForAnyJobs(Self.mixed(2000, lineEnd: "\r\n"))
        try Self.sameForAnyJobs(Self.mixed(2000, quoted: true))
        // A third of the records span three lines: most part boundaries fall inside a quoted
        // field, and the parts after them must be read again from the true record start.
        let spanning = try Self.sameForAnyJobs(Self.mixed(2000, multiLine: true))
        #expect(!spanning.hasPrefix("error"))
        try Self.sameForAnyJobs(Self.mixed(2000, lineEnd: "\r\n", multiLine: true))
    }

    @Test func moreProblemsThanAreListedKeepTheirOrder() throws {
        // Over 1 000 problems: the listed ones are the first in file order, whatever the parts.
        let text = "segment,tc_string\n" + (0..<4000).map { i in i % 2 == 0 ? "north,\(Self.good[0])" : "west\(i % 7),x" }.joined(separator: "\n") + "\n"
        let one = try Self.sameForAnyJobs(text)
        #expect(one.contains("problems 2000"))
    }

    @Test func smallFilesBareStringsAndTheHeaderAlone() throws {
        // Fewer lines than jobs.
        try Self.sameForAnyJobs("segment,tc_string\nnorth,\(Self.good[0])\n")
        try Self.sameForAnyJobs("segment,tc_string\nnorth,\(Self.good[0])\nsouth,\(Self.good[1])")
        try Self.sameForAnyJobs("segment,tc_string\n")
        // A file of bare TC strings (no header), with a byte-order mark and blank lines.
        var bare: [String] = []
        for i in 0..<500 {
            let line: String = i % 9 == 0 ? "bad\(i)" : (i % 13 == 0 ? "" : Self.good[i % 5])
            bare.append(line)
        }
        try Self.sameForAnyJobs("\u{FEFF}" + bare.joined(separator: "\n"), name: "tc.txt")
        // Blank lines before the header.
        try Self.sameForAnyJobs("\n\n segment;tc_string\n" + (0..<300).map { "south;\(Self.good[$0 % 5])" }.joined(separator: "\n"))
    }

    @Test func fatalErrorsAreTheSameWithTheirPlaces() throws {
        // A quote left open near the end: an error naming its line, in any number of parts.
        let open = Self.mixed(1500) + "north,\(Self.good[0]),\"never closed\n" + Self.mixed(20).split(separator: "\n").dropFirst().joined(separator: "\n")
        let e = try Self.sameForAnyJobs(open)
        #expect(e.hasPrefix("error") && e.contains("not closed"), "\(e)")
        // More records than may be counted: the error names the first record past the limit.
        let limited = try Self.sameForAnyJobs(Self.mixed(1500), maxRecords: 1000)
        #expect(limited.contains("more than 1000 records"), "\(limited)")
    }

    @Test func partsStartAtLineStartsAfterTheHeader() throws {
        let text = "segment,tc_string\n" + (0..<100).map { "north,\(Self.good[$0 % 5])" }.joined(separator: "\n") + "\n"
        let path = try TempFile.write(text, name: "records.csv")
        defer { TempFile.remove(path) }
        let bytes = Array(text.utf8)
        let head = "segment,tc_string\n".utf8.count
        let starts = try ConsentImport.partStarts(path, after: head, parts: 7)
        #expect(starts.count == 7 && starts[0] == 0)
        for s in starts.dropFirst() { #expect(s >= head && bytes[s - 1] == 10) }
        #expect(starts == starts.sorted())
    }

    @Test func theDefaultIsOneJobForSmallFilesAndStdin() throws {
        #expect(ConsentImport.defaultJobs(fileSize: 1000) == 1)
        #expect(ConsentImport.defaultJobs(fileSize: ConsentImport.bytesPerDefaultJob * 2 - 1) == 1)
        #expect(ConsentImport.defaultJobs(fileSize: 1 << 40) >= 1 && ConsentImport.defaultJobs(fileSize: 1 << 40) <= ConsentImport.maxJobs)
        #expect(ConsentImport.jobCount("-", 8) == 1)
        #expect(ConsentImport.jobCount("/dev/null", 8) == 1)
        #expect(ConsentImport.jobCount("/no/such/file", 8) == 1)
    }
}
