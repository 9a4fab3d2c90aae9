import Testing
@testable import BalansModel

/// `ConsentImport.cmpExport` on the fixtures in Fixtures/consent, whose expected rates are counted
/// by hand in the comments.
@Suite struct ConsentImportCSVTests {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // ConsentImportCSVTests.swift, BalansModelTests, Tests
        return parts.joined(separator: "/")
    }()

    static func fixture(_ name: String) -> String { root + "/Fixtures/consent/" + name }

    static func shop() throws -> Scenario {
        try Loader.scenario(fixture("shop.json")).scenario
    }

    static let source = ConsentSource(file: "cmp.csv", date: "2026-11-29", method: .csv)

    func change(_ r: ConsentImport, _ segment: String, _ category: String) -> ConsentImport.Change? {
        r.changes.first { $0.segment == segment && $0.category == category }
    }

    @Test func countsAddUpAndPurposesGiveTheLeastRate() throws {
        let r = try ConsentImport.cmpExport(Self.fixture("cmp-counts.csv"), into: Self.shop(), source: Self.source)
        // north/clicks: two rows, (30 + 10) / (40 + 20) = 40/60.
        #expect(change(r, "north", "clicks") == .init(segment: "north", category: "clicks", old: 0.5, new: 0.6667, records: 60, via: .category))
        // north/profile has no row of its own: purposes 3 (70/100) and 4 (60/100); the least is 0.6.
        #expect(change(r, "north", "profile") == .init(segment: "north", category: "profile", old: 0.4, new: 0.6, records: 100, via: .leastOf(["P3", "P4"])))
        // north/geo: purpose 2 (80/100) and special feature 1 (25/100): 0.25.
        #expect(change(r, "north", "geo") == .init(segment: "north", category: "geo", old: 0.1, new: 0.25, records: 100, via: .leastOf(["P2", "SF1"])))
        // south/email 150/200; south/clicks from the quoted row, 1/2 (the scenario had no rate: 0).
        #expect(change(r, "south", "email")?.new == 0.75)
        #expect(change(r, "south", "clicks") == .init(segment: "south", category: "clicks", old: 0, new: 0.5, records: 2, via: .category))
        #expect(r.changes.count == 5)
        // Kept, each with its reason: health is Art. 9 (north has P3 and P4, but purpose consent is
        // not explicit consent); everything else has no data (south has P3 but not P4).
        let kept = r.kept.map { "\($0.segment)/\($0.category)/\($0.reason.rawValue)" }
        #expect(kept == ["north/health/special", "north/email/noData", "south/profile/noData", "south/geo/noData", "south/health/noData"])
        // Unusable rows, by line (the header is line 1).
        #expect(r.problems.map(\.line) == [10, 11, 12, 13])
        #expect(r.problems[0].reason.english == "unknown segment \"westt\"")
        #expect(r.problems[1].reason.english == "5 opt-ins out of 4 choices")
        #expect(r.problems[2].reason.english == "more than one of category, purpose and special feature")
        #expect(r.problems[3].reason.english == "opt_ins \"x\" is not a whole number ≥ 0")
        #expect(r.records == 13 && r.used == 9 && r.problemCount == 4)
        #expect(r.ignoredColumns == ["site"])
    }

    @Test func theUpdatedScenarioHoldsTheRatesAndTheirSources() throws {
        let r = try ConsentImport.cmpExport(Self.fixture("cmp-counts.csv"), into: Self.shop(), source: Self.source)
        let north = r.scenario.segments[0], south = r.scenario.segments[1]
        #expect(north.consentRate(for: "clicks") == 0.6667)
        #expect(north.consentRate(for: "email") == 0.9)  // kept
        #expect(north.consentRate(for: "health") == 0.05)  // kept
        #expect(north.source(for: "clicks") == ConsentSource(file: "cmp.csv", date: "2026-11-29", method: .csv, records: 60))
        #expect(north.source(for: "email") == nil)
        // A category the segment had no rate for goes last, keeping the file's order.
        #expect(south.consent.map(\.category) == ["email", "clicks"])
        // Everything else is untouched.
        #expect(r.scenario.categories == (try Self.shop()).categories)
        #expect(r.scenario.levels == (try Self.shop()).levels)
    }

    @Test func semicolonsDecimalCommasPercentagesBOMAndCRLF() throws {
        let r = try ConsentImport.cmpExport(Self.fixture("cmp-rates-semicolon.csv"), into: Self.shop(), source: Self.source)
        #expect(change(r, "north", "clicks")?.new == 0.55)
        #expect(change(r, "north", "email")?.new == 0.875)  // "87,5 %"
        #expect(change(r, "south", "clicks")?.new == 0.2)
        #expect(r.changes.allSatisfy { $0.records == nil })
        #expect(r.problems.map(\.line) == [5, 6, 7])
        #expect(r.problems[0].reason.english == "rate \"1,5\" is not a share 0–1 or a percentage 0–100%")
        #expect(r.problems[2].reason.english == "segment \"north\", category \"clicks\" is already given on line 2")
    }

    @Test func importedScenarioRoundTripsThroughItsFile() throws {
        let r = try ConsentImport.cmpExport(Self.fixture("cmp-counts.csv"), into: Self.shop(), source: Self.source)
        let text = JSONWriter.write(r.scenario.json, inlineSmallObjects: true)
        let source = SourceText(file: "out.json", bytes: Array(text.utf8))
        let back = try Scenario.decode(Node(try source.parseJSON()))
        #expect(back == r.scenario)
        #expect(text.contains(#""consentSource": {"#))
    }

    @Test(arguments: [
        ("category,rate\nnorth,0.5\n", "x.csv:1: no \"segment\" column (the header has \"category\", \"rate\")"),
        ("segment,rate\nnorth,0.5\n", "x.csv:1: no \"category\", \"purpose\" or \"special_feature\" column (the header has \"segment\", \"rate\")"),
        ("segment,category\nnorth,clicks\n", "x.csv:1: no \"rate\" column, nor \"opt_ins\" and \"choices\" (the header has \"segment\", \"category\")"),
        ("segment,category,opt_ins\nnorth,clicks,1\n", "x.csv:1: no \"rate\" column, nor \"opt_ins\" and \"choices\" (the header has \"segment\", \"category\", \"opt_ins\")"),
        ("segment,Segment,rate\n", "x.csv:1: columns 1 and 2 are both \"Segment\""),
        ("\n\n", "x.csv: the file is empty: expected a header line naming the columns"),
        ("segment,\"category,rate\n", "x.csv:1:9: a quote opened here is not closed before the end of the file"),
    ])
    func badHeadersAreOneClearError(text: String, expected: String) throws {
        let path = try TempFile.write(text, name: "x.csv")
        defer { TempFile.remove(path) }
        do {
            _ = try ConsentImport.cmpExport(path, into: Self.shop(), source: Self.source)
            Issue.record("expected an error")
        } catch let error as BalansError {
            #expect(error.kind == .badData)
            #expect(error.description.split(separator: "/").last.map(String.init) == expected)
        }
    }

    @Test func hugeCountsAreRefusedNotTrapped() throws {
        let big = ConsentImport.maxCount
        let text = """
        segment,category,opt_ins,choices,rate
        north,clicks,\(Int.max),\(Int.max),
        north,email,1,\(big),
        north,email,1,1,
        south,email,2,3,0.67
        south,clicks,2,3,0.70
        south,clicks,2,3,67%

        """
        let path = try TempFile.write(text, name: "big.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.cmpExport(path, into: Self.shop(), source: Self.source)
        #expect(r.problems.map(\.line) == [2, 4, 6])
        #expect(r.problems[0].reason.english == "choices \(Int.max) is more than 2^53")
        #expect(r.problems[1].reason.english == "segment \"north\", category \"email\": the choices add up to more than 2^53")
        #expect(r.problems[2].reason.english == "rate \"0.70\" disagrees with 2 opt-ins out of 3 choices")
        // 2^53 itself is allowed, and written exactly.
        #expect(change(r, "north", "email")?.records == big)
        #expect(JSONWriter.write(r.scenario.json).contains("\"records\": \(big)"))
        // "0.67" and "67%" agree with 2/3 to their precision; the counts give the rate.
        #expect(change(r, "south", "email")?.new == 0.6667)
        #expect(change(r, "south", "clicks")?.new == 0.6667)
    }

    @Test(arguments: [("42%", 0.42), ("42 %", 0.42), ("0.5", 0.5), ("1", 1.0), ("0", 0.0), ("100%", 1.0)])
    func ratesAreSharesOrPercentages(text: String, value: Double) {
        #expect(ConsentImport.Header.rate(text, decimalComma: false) == value)
    }

    @Test(arguments: ["1.01", "-0.1", "abc", "", "0,5", "1e-1", "nan", "inf", "101%", "0x1p-1"])
    func otherRatesAreRefused(text: String) {
        #expect(ConsentImport.Header.rate(text, decimalComma: false) == nil)
    }

    @Test func csvFieldsFollowRFC4180WithinALine() {
        func split(_ s: String, _ d: Character = ",") -> [String]? {
            Array(s.utf8).withUnsafeBufferPointer { try? CSVRecord.fields($0, delimiter: d.asciiValue!).get() }
        }
        #expect(split("a,b,c") == ["a", "b", "c"])
        #expect(split(" a , b ,c ") == ["a", "b", "c"])
        #expect(split("a,,") == ["a", "", ""])
        #expect(split("\"a, b\",\"say \"\"hi\"\"\"") == ["a, b", "say \"hi\""])
        #expect(split("a;b,c", ";") == ["a", "b,c"])
        #expect(split("\"a\"x,b") == nil)
        #expect(split("\"a,b") == nil)
        let header = Array("segment;tc_string,x;y".utf8)
        #expect(header.withUnsafeBufferPointer { CSVRecord.delimiter(of: $0) } == UInt8(ascii: ";"))
        #expect(Array("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA".utf8).withUnsafeBufferPointer { CSVRecord.delimiter(of: $0) } == nil)
    }
}
