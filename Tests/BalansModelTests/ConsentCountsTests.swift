import Testing
@testable import BalansModel

/// `consent tcf --counts-out` (issue 16, item 3): the counts `ConsentImport.tcf(counts: true)`
/// collects and `countsCSV` writes are what `consent import-csv` sums, so counts from shards add up
/// to exactly one run over all records.
@Suite struct ConsentCountsTests {
    static let source = ConsentSource(file: "records.csv", date: "2026-11-29", method: .tcf)

    /// Rows keyed "segment/key" → (opt-ins, choices), read back from a counts CSV.
    static func parse(_ csv: String) -> [String: (Int, Int)] {
        var out: [String: (Int, Int)] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let key = f[0] + "/" + f[1] + "/" + f[2] + "/" + f[3]
            let old = out[key] ?? (0, 0)
            out[key] = (old.0 + Int(f[4])!, old.1 + Int(f[5])!)
        }
        return out
    }

    /// Hand-counted: three records of north in the shop scenario (clicks P2 P7, profile P3 P4,
    /// geo P2 SF1; health is Art. 9 and email has no mapping: no rows for them).
    @Test func theCountsOfThreeRecords() throws {
        let tc = ConsentImportTCFTests.tc
        let text = "segment,tc_string\nnorth,\(tc([2, 7], [], [], 4))\nnorth,\(tc([3, 4], [2, 7], [1], 4))\nnorth,\(tc([2], [3, 4, 7], [], 4))\n"
        let path = try TempFile.write(text, name: "records.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: Self.source, counts: true)
        let csv = ConsentImport.countsCSV(try #require(r.counts))
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "segment,category,purpose,special_feature,opt_ins,choices")
        // clicks: all three (record 2 by legitimate interest for P2 and P7, record 3 by consent for
        // P2 and LI for P7); profile: record 2 only (LI is no basis for P3, P4); geo: record 2.
        #expect(lines[1...3] == ["north,clicks,,,3,3", "north,profile,,,1,3", "north,geo,,,1,3"])
        // P2: records 1, 2 (LI), 3; P3, P4: record 2; P7: all three; P1, P5, P6, P8-P11: none.
        #expect(lines[4...14] == ["north,,1,,0,3", "north,,2,,3,3", "north,,3,,1,3", "north,,4,,1,3", "north,,5,,0,3", "north,,6,,0,3",
                                  "north,,7,,3,3", "north,,8,,0,3", "north,,9,,0,3", "north,,10,,0,3", "north,,11,,0,3"])
        #expect(lines[15...16] == ["north,,,1,1,3", "north,,,2,0,3"])
        // south had no records: no rows (import-csv refuses 0 choices).
        #expect(lines.count == 17)
    }

    /// 4 shards of 1 000 generated records (TC and GPP strings, some broken, some outdated, three
    /// segments): the shards' counts, summed, are the counts of one run over all records; merged
    /// through import-csv they give the same scenario as one run's counts; and those rates are the
    /// rates `consent tcf` sets itself.
    @Test func shardsAddUpToOneRun() throws {
        var g = SplitMix(state: 2026)
        let segments = ["north", "south", "north", "nowhere"]
        var lines: [String] = []
        for i in 0..<1000 {
            var s = TCStringCountingTests.randomString(using: &g)
            if i % 3 == 0 { s = GPPTestEncoder.header([2, 7]) + "~" + s + "~CVVVkkkkkpFY.YA" }
            if i % 97 == 0 { s = TCStringCountingTests.mutate(s, other: TCStringTests.vectorB, using: &g) }
            lines.append(segments.randomElement(using: &g)! + "," + s)
        }
        let header = "segment,tc_string"
        let shop = try ConsentImportCSVTests.shop()
        func run(_ records: [String], _ name: String) throws -> (ConsentImport, String) {
            let path = try TempFile.write(([header] + records).joined(separator: "\n") + "\n", name: name)
            defer { TempFile.remove(path) }
            let r = try ConsentImport.tcf(path, into: shop, source: Self.source, counts: true)
            return (r, ConsentImport.countsCSV(try #require(r.counts)))
        }
        let (all, allCSV) = try run(lines, "all.csv")
        var shardCSVs: [String] = []
        for k in 0..<4 {
            // Interleaved shards, as a splitter by byte ranges or by hash would make them.
            shardCSVs.append(try run(lines.enumerated().filter { $0.offset % 4 == k }.map(\.element), "shard\(k).csv").1)
        }
        // The sums, row by row.
        var summed: [String: (Int, Int)] = [:]
        for csv in shardCSVs {
            for (key, v) in Self.parse(csv) { summed[key] = ((summed[key]?.0 ?? 0) + v.0, (summed[key]?.1 ?? 0) + v.1) }
        }
        let one = Self.parse(allCSV)
        #expect(summed.count == one.count && one.count == 2 * 16)
        for (key, v) in one { #expect(summed[key]?.0 == v.0 && summed[key]?.1 == v.1, "\(key)") }
        // Not a vacuous sum: both segments have hundreds of records, some broken or outdated.
        #expect(all.used > 500 && all.problemCount > 0 && all.outdatedCount > 0)

        // Merged with import-csv: the shards' files concatenated (one header) and the one run's file.
        let merged = try TempFile.write(String(allCSV.split(separator: "\n")[0]) + "\n" + shardCSVs.map { $0.split(separator: "\n").dropFirst().joined(separator: "\n") }.joined(separator: "\n") + "\n", name: "counts.csv")
        let single = try TempFile.write(allCSV, name: "counts-all.csv")
        defer { TempFile.remove(merged); TempFile.remove(single) }
        let csvSource = ConsentSource(file: "counts.csv", date: "2026-11-29", method: .csv)
        let fromShards = try ConsentImport.cmpExport(merged, into: shop, source: csvSource)
        let fromOne = try ConsentImport.cmpExport(single, into: shop, source: csvSource)
        #expect(fromShards.problemCount == 0 && fromOne.problemCount == 0)
        #expect(fromShards.changes == fromOne.changes && !fromShards.changes.isEmpty)
        #expect(fromShards.scenario.json == fromOne.scenario.json)
        // And the rates are the ones consent tcf sets from the records (the category rows carry the
        // share allowing every purpose at once, not the least of the purposes' shares).
        for ch in all.changes {
            let imported = fromShards.changes.first { $0.segment == ch.segment && $0.category == ch.category }
            #expect(imported?.new == ch.new && imported?.records == ch.records, "\(ch)")
        }
    }
}
