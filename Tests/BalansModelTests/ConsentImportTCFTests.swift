import Testing
@testable import BalansModel

/// `ConsentImport.tcf`: records written with the test encoder, rates counted by hand in comments,
/// and a brute-force cross-check on random records.
@Suite struct ConsentImportTCFTests {
    static let source = ConsentSource(file: "records.csv", date: "2026-11-29", method: .tcf)

    /// A TC string with the given purposes and special features, policy version 4 unless said.
    static func tc(consent: [Int] = [], li: [Int] = [], sf: [Int] = [], policy: Int = 4) -> String {
        var t = TCString()
        t.policyVersion = policy
        t.purposesConsent = TCFBits(consent)
        t.purposesLITransparency = TCFBits(li)
        t.specialFeatureOptIns = TCFBits(sf)
        t.created = 17_640_000_000  // 2025-11-24T16:00Z in deciseconds; any value decodes
        t.lastUpdated = t.created
        return TCFTestEncoder.encode(t)
    }

    func rate(_ r: ConsentImport, _ segment: String, _ category: String) -> Double? {
        r.changes.first { $0.segment == segment && $0.category == category }?.new
    }

    static let records = [
        "segment,tc_string,collected",
        "north,\(tc(consent: [2, 7])),2026-11-01",                   // clicks
        "north,\(tc(consent: [3, 4], li: [2, 7], sf: [1])),x",         // clicks (by LI), profile, geo
        "north,\(tc(consent: [2], li: [3, 4, 7])),x",                  // clicks; LI is no basis for 3 and 4
        "north,\(tc(consent: Array(1...11), policy: 2)),x",            // outdated
        "south,\(tc(consent: [2], sf: [1])),x",                        // geo only (P7 missing for clicks)
        "south,COtybn4PA_zT4Kj!CBENAPCIAEBAAECAAIAAAAAAAAAA,x",         // not base64url
        "west,\(tc(consent: [2])),x",                                   // unknown segment
        "south,,x",                                                    // no string
    ].joined(separator: "\n") + "\n"

    @Test func ratesAreSharesOfRecordsThatAllowEveryPurposeAndFeature() throws {
        let path = try TempFile.write(Self.records, name: "records.csv")
        defer { TempFile.remove(path) }
        let shop = try ConsentImportCSVTests.shop()
        let r = try ConsentImport.tcf(path, into: shop, source: Self.source)
        // north: 3 current records. clicks (P2, P7): all 3. profile (P3, P4): only record 2 → 1/3.
        // geo (P2, SF1): only record 2 → 1/3.
        #expect(rate(r, "north", "clicks") == 1)
        #expect(rate(r, "north", "profile") == 0.3333)
        #expect(rate(r, "north", "geo") == 0.3333)
        // south: 1 record, which allows geo only.
        #expect(rate(r, "south", "clicks") == 0)
        #expect(rate(r, "south", "profile") == 0)
        #expect(rate(r, "south", "geo") == 1)
        #expect(r.changes.first { $0.segment == "north" }?.records == 3)
        #expect(r.changes.first { $0.segment == "north" }?.via == .allOf(["P2", "P7"]))
        // health is Art. 9 and email has no TCF mapping: kept, in both segments.
        #expect(r.kept.map { "\($0.segment)/\($0.category)/\($0.reason.rawValue)" }
                == ["north/health/special", "north/email/noMapping", "south/health/special", "south/email/noMapping"])
        #expect(r.outdated == [5] && r.outdatedCount == 1 && !r.outdatedIncluded)
        #expect(r.problems.map(\.line) == [7, 8, 9])
        #expect(r.problems[0].reason.english == "TC string: character 16 ('!') is not base64url")
        #expect(r.problems[1].reason.english == "unknown segment \"west\"")
        #expect(r.problems[2].reason.english.hasPrefix("TC string: "))
        #expect(r.records == 8 && r.used == 4)
        #expect(r.ignoredColumns == ["collected"])
        #expect(r.scenario.segments[0].source(for: "clicks") == ConsentSource(file: "records.csv", date: "2026-11-29", method: .tcf, records: 3))
    }

    @Test func outdatedStringsCountOnlyWhenAsked() throws {
        let path = try TempFile.write(Self.records, name: "records.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: Self.source, includeOutdated: true)
        // north: 4 records; the outdated one consents to every purpose but opts in to no feature.
        #expect(rate(r, "north", "clicks") == 1)
        #expect(rate(r, "north", "profile") == 0.5)
        #expect(rate(r, "north", "geo") == 0.25)
        #expect(r.outdatedIncluded && r.outdated == [5])
    }

    @Test func bareStringsCountForTheNamedSegmentsOrAll() throws {
        let text = [Self.tc(consent: [2, 7]), "", Self.tc(consent: [3, 4]), "  \(Self.tc(consent: [2, 3, 4, 7]))\t", "not a string"].joined(separator: "\r\n")
        let path = try TempFile.write(text, name: "strings.txt")
        defer { TempFile.remove(path) }
        let shop = try ConsentImportCSVTests.shop()
        let one = try ConsentImport.tcf(path, into: shop, source: Self.source, segments: ["south"])
        // 3 strings decode (the blank line is not a record): clicks 2/3, profile 2/3, geo 0.
        #expect(one.appliedTo == ["south"])
        #expect(one.changes.allSatisfy { $0.segment == "south" })
        #expect(rate(one, "south", "clicks") == 0.6667 && rate(one, "south", "profile") == 0.6667 && rate(one, "south", "geo") == 0)
        #expect(one.problems.map(\.line) == [5] && one.records == 4)
        #expect(one.scenario.segments[0] == shop.segments[0])  // north untouched
        let all = try ConsentImport.tcf(path, into: shop, source: Self.source)
        #expect(all.appliedTo == ["north", "south"])
        #expect(rate(all, "north", "clicks") == 0.6667)
        do {
            _ = try ConsentImport.tcf(path, into: shop, source: Self.source, segments: ["nort"])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.description == "--segment: unknown segment \"nort\" (did you mean \"north\"?)")
        }
    }

    @Test func aOneWordHeaderIsAHeaderAndACommaInTheFirstRecordIsNotACSV() throws {
        let withHeader = try TempFile.write("TC_String\n\(Self.tc(consent: [2, 7]))\n", name: "h.txt")
        defer { TempFile.remove(withHeader) }
        let r = try ConsentImport.tcf(withHeader, into: try ConsentImportCSVTests.shop(), source: Self.source, segments: ["north"])
        #expect(r.problems.isEmpty && r.records == 1 && r.used == 1)
        #expect(rate(r, "north", "clicks") == 1)
        let broken = try TempFile.write("garbage,with;commas\n\(Self.tc(consent: [2, 7]))\n", name: "b.txt")
        defer { TempFile.remove(broken) }
        let b = try ConsentImport.tcf(broken, into: try ConsentImportCSVTests.shop(), source: Self.source, segments: ["north"])
        #expect(b.problems.map(\.line) == [1] && b.used == 1)
        #expect(b.appliedTo == ["north"])
    }

    @Test func aSegmentWithoutRecordsKeepsItsRates() throws {
        let path = try TempFile.write("segment;tc_string\nnorth;\(Self.tc(consent: [2, 7]))\n", name: "r.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: Self.source)
        #expect(r.kept.filter { $0.segment == "south" }.map(\.reason) == [.noRecords, .noRecords, .noRecords, .special, .noMapping])
    }

    @Test(arguments: [
        ("", "f.txt: the file is empty: expected TC strings, one per line, or a CSV with a header"),
        ("tc_string,site\n", "f.txt:1: a CSV of consent records needs a \"segment\" column (the header has \"tc_string\", \"site\"); a file of bare TC strings has one per line and no commas"),
        ("segment,string\n", "f.txt:1: no \"tc_string\" column (the header has \"segment\", \"string\")"),
    ])
    func badFilesAreOneClearError(text: String, expected: String) throws {
        let path = try TempFile.write(text, name: "f.txt")
        defer { TempFile.remove(path) }
        do {
            _ = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: Self.source)
            Issue.record("expected an error")
        } catch let error as BalansError {
            #expect(error.kind == .badData)
            #expect(error.description.split(separator: "/").last.map(String.init) == expected)
        }
    }

    @Test func anOverLongLineIsOneProblemNotAMemoryBlowUp() throws {
        let long = String(repeating: "A", count: FileIO.maxRecordLength + 10)
        let path = try TempFile.write("\(Self.tc(consent: [2, 7]))\n\(long)\n\(Self.tc(consent: [2]))\n", name: "l.txt")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: Self.source, segments: ["north"])
        #expect(r.problems == [ConsentImport.Problem(line: 2, reason: .lineTooLong)])
        #expect(r.problems.first?.reason.english == "the line is over 1 MiB")
        #expect(r.records == 3 && r.used == 2)
        #expect(rate(r, "north", "clicks") == 0.5)
    }

    /// The importer against a direct count with sets, on random records in random segments.
    @Test func agreesWithABruteForceCount() throws {
        var rng = SplitMix(state: 0x7C_F2_2026)
        let shop = try ConsentImportCSVTests.shop()
        var lines = ["segment,tc_string"]
        var expected: [String: (n: Int, allowed: [String: Int])] = [:]
        let liOK: Set<Int> = [2, 7, 8, 9, 10, 11]
        for _ in 0..<400 {
            let seg = rng.next() % 2 == 0 ? "north" : "south"
            let consent = (1...11).filter { _ in rng.next() % 2 == 0 }
            let li = (1...11).filter { _ in rng.next() % 3 == 0 }
            let sf = (1...2).filter { _ in rng.next() % 2 == 0 }
            lines.append("\(seg),\(Self.tc(consent: consent, li: li, sf: sf))")
            var e = expected[seg] ?? (0, [:])
            e.n += 1
            for c in shop.categories where !c.special {
                let p = c.tcf?.purposes ?? [], f = c.tcf?.specialFeatures ?? []
                guard !(p.isEmpty && f.isEmpty) else { continue }
                let ok = p.allSatisfy { consent.contains($0) || (liOK.contains($0) && li.contains($0)) } && f.allSatisfy(sf.contains)
                if ok { e.allowed[c.id, default: 0] += 1 }
            }
            expected[seg] = e
        }
        let path = try TempFile.write(lines.joined(separator: "\n"), name: "random.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.tcf(path, into: shop, source: Self.source)
        #expect(r.changes.count == 6)
        for ch in r.changes {
            let e = expected[ch.segment]!
            #expect(ch.records == e.n)
            #expect(ch.new == ConsentImport.rounded(Double(e.allowed[ch.category] ?? 0) / Double(e.n)), "\(ch.segment)/\(ch.category)")
        }
    }
}
