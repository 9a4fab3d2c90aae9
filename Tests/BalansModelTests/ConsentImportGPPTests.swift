import Testing
@testable import BalansModel

/// `ConsentImport.tcf` over records holding GPP strings (decision 0030): a GPP string counts by its
/// EU TCF v2 section exactly as that TC string counts alone; its other sections are named and
/// tallied as skipped; a GPP string without an EU section, or one that does not decode, is a problem
/// of its line. Rates counted by hand in the comments.
@Suite struct ConsentImportGPPTests {
    static let source = ConsentSource(file: "records.csv", date: "2026-11-29", method: .tcf)
    static func tc(consent: [Int] = [], li: [Int] = [], sf: [Int] = [], policy: Int = 4) -> String {
        ConsentImportTCFTests.tc(consent: consent, li: li, sf: sf, policy: policy)
    }
    /// The current-layout US National section of iabgpp-es UsNat.test.ts.
    static let usnat = "CVVVkkkkkpFY.YA"

    /// A GPP string of `sections` (id, text), ascending ids.
    static func gpp(_ sections: [(Int, String)]) -> String {
        ([GPPTestEncoder.header(sections.map(\.0))] + sections.map(\.1)).joined(separator: "~")
    }

    func rate(_ r: ConsentImport, _ segment: String, _ category: String) -> Double? {
        r.changes.first { $0.segment == segment && $0.category == category }?.new
    }

    static let records = [
        "segment,gpp_string",
        "north,\(gpp([(2, tc(consent: [2, 7]))]))",                                 // clicks
        "north,\(gpp([(2, tc(consent: [3, 4], li: [2, 7], sf: [1], policy: 4)), (6, "1YNN"), (7, usnat)]))", // clicks, profile, geo
        "north,\(tc(consent: [2, 3, 4]))",                                          // a plain TC string: profile only
        "north,\(gpp([(6, "1YNN"), (7, usnat)]))",                                              // no EU section
        "south,\(gpp([(2, tc(consent: [2], sf: [1])), (8, "BAAAAAAAAQA.QA")]))",         // geo
        "south,\(gpp([(2, tc(consent: Array(1...11), policy: 2))]))",                           // outdated
        "south,DBACNYA~\(tc(consent: [2]))",                                        // the header lists 2, 1 is there
        "south,DBABLA~BVVVkkkk",                                                               // US National truncated
    ].joined(separator: "\n") + "\n"

    @Test func gppStringsCountByTheirEUSection() throws {
        let path = try TempFile.write(Self.records, name: "records.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: Self.source)
        // north: records 1-3 count (record 4 has no EU section). clicks (P2, P7): records 1 and 2
        // (P2 and P7 by legitimate interest) → 2/3; profile (P3, P4): records 2 and 3 → 2/3;
        // geo (P2, SF1): record 2 → 1/3.
        #expect(rate(r, "north", "clicks") == 0.6667)
        #expect(rate(r, "north", "profile") == 0.6667)
        #expect(rate(r, "north", "geo") == 0.3333)
        // south: record 5 only (6 is outdated, 7 and 8 do not decode): geo 1, clicks 0.
        #expect(rate(r, "south", "geo") == 1 && rate(r, "south", "clicks") == 0)
        #expect(r.records == 8 && r.used == 4)
        #expect(r.outdated == [7])
        // Decoded GPP strings: lines 2, 3, 5, 6, 7 (line 4 is a TC string; 8 and 9 fail).
        #expect(r.gppStrings == 5)
        // Skipped sections: uspv1 on lines 3 and 5, usnat on 3 and 5, usca on 6.
        #expect(r.gppSkipped == [6: 2, 7: 2, 8: 1])
        #expect(r.problems.map(\.line) == [5, 8, 9])
        #expect(r.problems[0].reason.english == "GPP string without an EU TCF v2 section (it has uspv1, usnat): nothing to count")
        #expect(r.problems[1].reason.english.hasPrefix("GPP string: section 2 (uspv1, id 6), character "))
        #expect(r.problems[1].reason.english.hasSuffix(": missing section: the header lists 2 sections, the string has 1"))
        #expect(r.problems[2].reason.english
                == "GPP string: section 1 (usnat, id 7), character 15: truncated: the core segment ends at bit 48 inside SensitiveDataProcessing 13 (needs 2 more bits)")
    }

    /// The same records counted as TC strings and as GPP strings holding them give the same rates.
    @Test func aGPPStringCountsAsItsTCString() throws {
        var g = SplitMix(state: 77)
        var plain = ["segment,tc_string"], wrapped = ["segment,gpp"]
        for _ in 0..<300 {
            let segment = Bool.random(using: &g) ? "north" : "south"
            let s = TCStringCountingTests.randomString(using: &g)
            plain.append(segment + "," + s)
            let others: [(Int, String)] = Bool.random(using: &g) ? [(7, GPPTestEncoder.usNational(GPPTestEncoder.randomUSNational(using: &g)))] : []
            wrapped.append(segment + "," + Self.gpp([(2, s)] + others))
        }
        let a = try TempFile.write(plain.joined(separator: "\n"), name: "plain.csv")
        let b = try TempFile.write(wrapped.joined(separator: "\n"), name: "wrapped.csv")
        defer { TempFile.remove(a); TempFile.remove(b) }
        let shop = try ConsentImportCSVTests.shop()
        let x = try ConsentImport.tcf(a, into: shop, source: Self.source, includeOutdated: true)
        let y = try ConsentImport.tcf(b, into: shop, source: Self.source, includeOutdated: true)
        #expect(x.changes == y.changes && !x.changes.isEmpty)
        #expect(x.used == y.used && x.used > 100 && x.outdatedCount == y.outdatedCount)
        #expect(x.problems.map(\.line) == y.problems.map(\.line))
        #expect(y.gppStrings == y.records - y.problems.count)
    }
}
