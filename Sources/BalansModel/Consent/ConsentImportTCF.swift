#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `balans consent tcf`: consent rates counted from IAB TCF v2.2 consent strings, streamed. A record
/// allows a category when the string grants every one of the category's `tcf.purposes` — by consent,
/// or by legitimate interest where TCF v2.2 allows that (purposes 2, 7, 8, 9, 10, 11) — and opts in
/// to every one of its `tcf.specialFeatures`. Decision 0015 has the rules and their reasons.
extension ConsentImport {
    /// Purposes for which TCF v2.2 accepts legitimate interest as the legal basis.
    public static let legitimateInterestPurposes: [Int] = [2, 7, 8, 9, 10, 11]

    /// What one category needs from a TC string, as bit masks over purposes and special features.
    struct Requirement {
        var purposes: UInt32
        var specialFeatures: UInt32

        func allows(consent: UInt32, legitimateInterest: UInt32, specialFeatures optIns: UInt32) -> Bool {
            let granted = consent | (legitimateInterest & ConsentImport.liMask)
            return granted & purposes == purposes && optIns & specialFeatures == specialFeatures
        }
    }

    static let liMask: UInt32 = legitimateInterestPurposes.reduce(0) { $0 | (1 << UInt32($1 - 1)) }

    /// Imports the consent records at `path` (`-` is standard input): one TC string per line, or a
    /// CSV whose header has a segment column and a TC-string column. Without a segment column every
    /// record counts for `segments` (default: all of them). Records that do not decode, name an
    /// unknown segment or are outdated are listed by line, never fatal; outdated strings (policy
    /// version below 4) are left out of the rates unless `includeOutdated`.
    ///
    /// With `counts`, the result also holds `counts`: per segment, the records and how many of them
    /// allow each counted category, grant each purpose 1–11 and opt in to each special feature —
    /// what `countsCSV` writes for `--counts-out`.
    public static func tcf(_ path: String, into scenario: Scenario, source: ConsentSource,
                           segments chosen: [String]? = nil, includeOutdated: Bool = false, counts: Bool = false) throws(BalansError) -> ConsentImport {
        try tcf(path, into: scenario, source: source, segments: chosen, includeOutdated: includeOutdated, counts: counts, maxRecords: maxCount)
    }

    /// `tcf` with the most records it counts (2^53, where counts stop being exact; smaller in tests).
    static func tcf(_ path: String, into scenario: Scenario, source: ConsentSource,
                    segments chosen: [String]?, includeOutdated: Bool, counts wantCounts: Bool = false,
                    maxRecords: Int) throws(BalansError) -> ConsentImport {
        var result = ConsentImport(scenario: scenario)
        result.outdatedIncluded = includeOutdated
        let shown = path == "-" ? "stdin" : path
        let segmentIndex = segmentIndex(scenario)
        let segmentBytes = SegmentBytesIndex(segmentIndex)
        var targets: [Int]? = nil
        if let chosen {
            var list: [Int] = []
            for id in chosen {
                guard let i = segmentIndex[id] else { throw BalansError(.usage, "--segment: " + unknownSegment(id, in: scenario)) }
                if !list.contains(i) { list.append(i) }
            }
            targets = list
        }

        // What each category needs; nil when TC strings cannot speak for it.
        let categories = scenario.categories
        var requirements: [Requirement?] = []
        var reasons: [KeepReason?] = []
        for c in categories {
            let p = c.tcf?.purposes ?? [], f = c.tcf?.specialFeatures ?? []
            if c.special { requirements.append(nil); reasons.append(.special); continue }
            if p.isEmpty && f.isEmpty { requirements.append(nil); reasons.append(.noMapping); continue }
            requirements.append(Requirement(purposes: p.reduce(0) { $0 | (1 << UInt32($1 - 1)) },
                                            specialFeatures: f.reduce(0) { $0 | (1 << UInt32($1 - 1)) }))
            reasons.append(nil)
        }
        let counted = requirements.enumerated().compactMap { c, r in r.map { (c, $0) } }

        // Counts per segment (or one shared tally for files without a segment column): records and,
        // per category, the records that allow it. Memory grows with segments × categories, never
        // with records.
        var records: [Int] = []
        var allowed: [Int] = []
        // With counts: per slot, the records granting purposes 1–11 and opting in to special
        // features 1–2 (13 tallies).
        var keyTallies: [Int] = []
        let width = categories.count
        var mode: Mode? = nil
        var ranges: [Range<Int>] = []

        var suggestions = Suggestions(scenario)

        // Every count below is at most `result.records`, which `readRecords` keeps within
        // `maxRecords` (2^53): no sum can overflow or stop being exact.
        try readRecords(path, into: &result, maxRecords: maxRecords, first: { (result, number, line) throws(BalansError) in
            let (m, isHeader) = try Mode.detect(firstLine: line, file: shown, line: number)
            mode = m
            if case .csv(let h) = m {
                result.ignoredColumns = h.ignored
                records = Array(repeating: 0, count: scenario.segments.count)
            } else {
                records = [0]
            }
            if case .csv(let h) = m { return (isHeader, .csv(delimiters: [h.delimiter])) }
            return (isHeader, .lines)
        }, record: { (result, number, line) throws(BalansError) in
            guard let mode else { return }
            suggestions.wanted = result.problems.count < ConsentImport.problemLimit
            var slot = 0
            let decoded: Result<TCStringCounts, ImportProblem>
            switch mode {
            case .plain:
                var a = 0, b = line.count
                while a < b && (line[a] == 32 || line[a] == 9) { a += 1 }
                while b > a && (line[b - 1] == 32 || line[b - 1] == 9) { b -= 1 }
                decoded = ConsentImport.counted(UnsafeBufferPointer(rebasing: line[a..<b]), into: &result)
            case .csv(let h):
                if CSVRecord.plainFieldRanges(line, delimiter: h.delimiter, into: &ranges) {
                    // The common case, without copies: the string is decoded where it lies.
                    guard ranges.count == h.count else { result.problem(number, .fieldCount(found: ranges.count, header: h.count)); return }
                    let idBytes = UnsafeBufferPointer(rebasing: line[ranges[h.segment]])
                    if let s = segmentBytes.find(idBytes) {
                        slot = s
                    } else {
                        let id = String(decoding: idBytes, as: UTF8.self)
                        guard let s = segmentIndex[id] else {
                            result.problem(number, id.isEmpty ? .noSegment : suggestions.unknownSegment(id))
                            return
                        }
                        slot = s
                    }
                    let field = UnsafeBufferPointer(rebasing: line[ranges[h.tcString]])
                    decoded = ConsentImport.counted(field, into: &result)
                    break
                }
                let f: [String]
                switch CSVRecord.fields(line, delimiter: h.delimiter) {
                case .success(let x): f = x
                case .failure(let p): result.problem(number, p.asImportProblem(in: line, startingOn: number)); return
                }
                guard f.count == h.count else { result.problem(number, .fieldCount(found: f.count, header: h.count)); return }
                guard let s = segmentIndex[f[h.segment]] else {
                    result.problem(number, f[h.segment].isEmpty ? .noSegment : suggestions.unknownSegment(f[h.segment]))
                    return
                }
                slot = s
                decoded = Array(f[h.tcString].utf8).withUnsafeBufferPointer { ConsentImport.counted($0, into: &result) }
            }
            let tc: TCStringCounts
            switch decoded {
            case .success(let x): tc = x
            case .failure(let problem): result.problem(number, problem); return
            }
            if tc.policyVersion < TCString.minimumPolicyVersion {
                result.outdated(number)
                if !includeOutdated { return }
            }
            if allowed.isEmpty { allowed = Array(repeating: 0, count: records.count * width) }
            records[slot] += 1
            let consent = tc.purposesConsent.rawValue, li = tc.purposesLITransparency.rawValue
            let sf = tc.specialFeatureOptIns.rawValue
            for (c, requirement) in counted where requirement.allows(consent: consent, legitimateInterest: li, specialFeatures: sf) {
                allowed[slot * width + c] += 1
            }
            if wantCounts {
                if keyTallies.isEmpty { keyTallies = Array(repeating: 0, count: records.count * 13) }
                let granted = consent | (li & ConsentImport.liMask)
                for p in 0..<11 where granted & (1 << UInt32(p)) != 0 { keyTallies[slot * 13 + p] += 1 }
                for f in 0..<2 where sf & (1 << UInt32(f)) != 0 { keyTallies[slot * 13 + 11 + f] += 1 }
            }
            result.used += 1
        })
        guard let mode else { throw BalansError(.badData, file: shown, "the file is empty: expected TC strings, one per line, or a CSV with a header") }

        let segmentsToSet: [(segment: Int, slot: Int)]
        switch mode {
        case .plain:
            let list = targets ?? Array(scenario.segments.indices)
            result.appliedTo = list.map { scenario.segments[$0].id }
            segmentsToSet = list.map { ($0, 0) }
        case .csv:
            segmentsToSet = (targets ?? Array(scenario.segments.indices)).map { ($0, $0) }
        }
        for (s, slot) in segmentsToSet {
            let n = records.isEmpty ? 0 : records[slot]
            for (c, category) in categories.enumerated() {
                if let reason = reasons[c] {
                    result.keep(segment: s, category: category.id, reason)
                } else if n == 0 {
                    result.keep(segment: s, category: category.id, .noRecords)
                } else {
                    let items = (category.tcf?.purposes ?? []).map { "P\($0)" } + (category.tcf?.specialFeatures ?? []).map { "SF\($0)" }
                    result.set(segment: s, category: category.id, rate: Double(allowed[slot * width + c]) / Double(n),
                               records: n, via: .allOf(items), source: source)
                }
            }
        }
        if wantCounts {
            var rows: [CountRow] = []
            for (s, slot) in segmentsToSet {
                let n = records.isEmpty ? 0 : records[slot]
                guard n > 0 else { continue }
                let id = scenario.segments[s].id
                for (c, category) in categories.enumerated() where reasons[c] == nil {
                    rows.append(CountRow(segment: id, key: .category(category.id), optIns: allowed[slot * width + c], choices: n))
                }
                for p in 0..<11 { rows.append(CountRow(segment: id, key: .purpose(p + 1), optIns: keyTallies[slot * 13 + p], choices: n)) }
                for f in 0..<2 { rows.append(CountRow(segment: id, key: .specialFeature(f + 1), optIns: keyTallies[slot * 13 + 11 + f], choices: n)) }
            }
            result.counts = rows
        }
        return result
    }

    /// One row of mergeable counts (`consent tcf --counts-out`): of `choices` records of the
    /// segment, `optIns` allow the category (every purpose and special feature of its mapping),
    /// grant the purpose, or opt in to the special feature.
    public struct CountRow: Sendable, Equatable {
        public var segment: String
        public var key: ImportKey
        public var optIns: Int
        public var choices: Int
    }

    /// The counts as the CSV `consent import-csv` reads and sums (docs/consent-import.md):
    /// `segment,category,purpose,special_feature,opt_ins,choices`, one key per row.
    public static func countsCSV(_ rows: [CountRow]) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\"" : s
        }
        var out = "segment,category,purpose,special_feature,opt_ins,choices\n"
        for r in rows {
            let key: String
            switch r.key {
            case .category(let id): key = field(id) + ",,"
            case .purpose(let p): key = "," + String(p) + ","
            case .specialFeature(let f): key = ",," + String(f)
            }
            out += field(r.segment) + "," + key + "," + String(r.optIns) + "," + String(r.choices) + "\n"
        }
        return out
    }

    /// The counted fields of one record's consent string: a TC string, or the EU TCF v2 section of a
    /// GPP string (decision 0030), whose other sections are tallied as skipped. A GPP string without
    /// that section says nothing about TCF purposes: it is a problem of its record, never a guess.
    static func counted(_ field: UnsafeBufferPointer<UInt8>, into result: inout ConsentImport) -> Result<TCStringCounts, ImportProblem> {
        guard GPPString.isGPP(utf8: field) else {
            do throws(TCStringError) {
                return .success(try TCString.decodeCounted(utf8: field))
            } catch {
                return .failure(.tcString(error.description))
            }
        }
        let gpp: GPPCounts
        do throws(GPPStringError) {
            gpp = try GPPString.decodeCounted(utf8: field)
        } catch {
            return .failure(.gppString(error.description))
        }
        result.gppStrings += 1
        for id in gpp.sectionIds where id != GPPString.tcfEUv2 { result.gppSkipped[id, default: 0] += 1 }
        guard let tc = gpp.tcf else {
            return .failure(.gppWithoutTCF(sections: gpp.sectionIds.map { GPPString.sectionName($0).prefix }))
        }
        return .success(tc)
    }

    /// The segment ids as UTF-8 bytes in a small open-addressing table, so that a record's segment
    /// is found without making a `String` and hashing it (decision 0027). A hit is exact (the same
    /// bytes are the same id); a miss goes on to the `String` dictionary, which also decides what
    /// bytes that are not the id itself (another normalisation, repaired UTF-8) mean.
    struct SegmentBytesIndex {
        /// The ids' bytes back to back, and where each starts and ends.
        var bytes: [UInt8] = []
        var bounds: [(start: Int, end: Int, segment: Int)] = []
        /// Index into `bounds` plus one per slot; 0 is empty. A power of two, at most half full.
        var slots: [Int32]
        var mask: Int

        init(_ index: [String: Int]) {
            var size = 16
            while size < 2 * index.count { size *= 2 }
            slots = Array(repeating: 0, count: size)
            mask = size - 1
            for (id, segment) in index {
                let start = bytes.count
                bytes += id.utf8
                bounds.append((start, bytes.count, segment))
                var k = Int(truncatingIfNeeded: bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start...])) }) & mask
                while slots[k] != 0 { k = (k + 1) & mask }
                slots[k] = Int32(bounds.count)
            }
        }

        /// FNV-1a, 64 bits.
        @inline(__always)
        static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return h
        }

        /// The segment whose id is exactly `key`, or nil.
        func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
            var k = Int(truncatingIfNeeded: Self.hash(key)) & mask
            return bytes.withUnsafeBufferPointer { all in
                while true {
                    let entry = Int(slots[k])
                    if entry == 0 { return nil }
                    let b = bounds[entry - 1]
                    if b.end - b.start == key.count {
                        guard let stored = all.baseAddress, let wanted = key.baseAddress else { return b.segment }  // both empty
                        if memcmp(stored + b.start, wanted, key.count) == 0 { return b.segment }
                    }
                    k = (k + 1) & mask
                }
            }
        }
    }

    /// How the records are laid out.
    enum Mode {
        /// One TC string per line.
        case plain
        /// A CSV with a header.
        case csv(TCFHeader)

        /// The layout from the first line: a header names a segment or TC-string column (a CSV, or a
        /// file of bare strings under a one-word `tc_string` header); anything else is the first
        /// record of a file of bare strings — even with a comma in it, because a broken record must
        /// never make the whole file unreadable.
        static func detect(firstLine line: UnsafeBufferPointer<UInt8>, file: String, line number: Int) throws(BalansError) -> (Mode, isHeader: Bool) {
            let d = CSVRecord.delimiter(of: line) ?? UInt8(ascii: ",")
            guard case .success(let names) = CSVRecord.fields(line, delimiter: d) else { return (.plain, false) }
            let normal = names.map(CSVRecord.normalised)
            let known = ConsentColumns.segment + ConsentColumns.tcString
            guard normal.contains(where: known.contains) else { return (.plain, false) }
            if normal.count == 1 && ConsentColumns.tcString.contains(normal[0]) { return (.plain, true) }
            return (.csv(try TCFHeader(line, delimiter: d, file: file, line: number)), true)
        }
    }

    struct TCFHeader {
        var count: Int
        var delimiter: UInt8
        var segment: Int
        var tcString: Int
        var ignored: [String]

        init(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String, line number: Int) throws(BalansError) {
            self.delimiter = delimiter
            let names: [String]
            switch CSVRecord.fields(line, delimiter: delimiter) {
            case .success(let f): names = f
            case .failure(let p):
                let (line, column) = p.place(in: line, startingOn: number)
                throw BalansError(.badData, file: file, line: line, column: column, p.reason)
            }
            count = names.count
            let normal = names.map(CSVRecord.normalised)
            let listed = CSVRecord.listed(names)
            guard let s = normal.firstIndex(where: ConsentColumns.segment.contains) else {
                throw BalansError(.badData, file: file, line: number,
                                  "a CSV of consent records needs a \"segment\" column (the header has \(listed)); a file of bare TC strings has one per line and no commas")
            }
            guard let t = normal.firstIndex(where: ConsentColumns.tcString.contains) else {
                throw BalansError(.badData, file: file, line: number, "no \"tc_string\" column (the header has \(listed))")
            }
            segment = s
            tcString = t
            ignored = names.indices.filter { $0 != s && $0 != t }.map { names[$0] }
        }
    }
}
