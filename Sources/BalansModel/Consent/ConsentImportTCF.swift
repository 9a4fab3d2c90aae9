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

    /// Imports the consent records at `path`: one TC string per line, or a
    /// CSV whose header has a segment column and a TC-string column. Without a segment column every
    /// record counts for `segments` (default: all of them). Records that do not decode, name an
    /// unknown segment or are outdated are listed by line, never fatal; outdated strings (policy
    /// version below 4) are left out of the rates unless `includeOutdated`.
    ///
    /// With `counts`, the result also holds `counts`: per segment, the records and how many of them
    /// allow each counted category, grant each purpose 1–11 and opt in to each special feature —
    /// what `countsCSV` writes for `--counts-out`.
    ///
    /// `jobs` parts of a regular file are counted at once (decision 0034; nil: `defaultJobs`);
    /// standard input and other files that are not regular are read by one. The result is the
    /// same for any number of jobs.
    public static func tcf(_ path: String, into scenario: Scenario, source: ConsentSource,
                           segments chosen: [String]? = nil, includeOutdated: Bool = false, counts: Bool = false,
                           jobs: Int? = nil) throws(BalansError) -> ConsentImport {
        try tcf(path, into: scenario, source: source, segments: chosen, includeOutdated: includeOutdated, counts: counts,
                maxRecords: maxCount, jobs: jobs)
    }

    /// The most jobs `consent tcf --jobs` runs.
    public static let maxJobs = 64
    /// The default gives each job at least this much of the file (4 MiB), so a small file is read
    /// by one job: splitting costs a buffer and a read of the file's first record per job.
    public static let bytesPerDefaultJob = 4 << 20

    /// The default number of jobs for a file of `size` bytes: the cores, at most one per 4 MiB.
    public static func defaultJobs(fileSize size: Int) -> Int {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return max(1, min(cores, size / bytesPerDefaultJob, maxJobs))
    }

    /// What every part of a count reads and nobody changes.
    struct TCFCounting: Sendable {
        let segmentIndex: [String: Int]
        let segmentBytes: SegmentBytesIndex
        let counted: [(Int, Requirement)]
        let width: Int
        let includeOutdated: Bool
        let wantCounts: Bool
    }

    /// One part's counts: per slot, the records and, per category, the records that allow it; with
    /// counts, per slot the records granting purposes 1–11 and opting in to special features 1–2
    /// (13 tallies). Memory grows with segments × categories, never with records.
    struct TCFTally: Sendable {
        var records: [Int] = []
        var allowed: [Int] = []
        var keyTallies: [Int] = []

        /// Adds another part's counts (a part that counted nothing has empty lists).
        mutating func add(_ other: TCFTally) {
            func sum(_ a: inout [Int], _ b: [Int]) {
                if a.isEmpty { a = b; return }
                for i in b.indices { a[i] += b[i] }
            }
            sum(&records, other.records)
            sum(&allowed, other.allowed)
            sum(&keyTallies, other.keyTallies)
        }
    }

    /// Counts one record into `tally` and `result` (its problems, outdated lines, GPP sections).
    /// An unknown segment's problem has no suggestion here: those are found once, in file order,
    /// when the parts are merged (`suggest`).
    static func countRecord(_ line: UnsafeBufferPointer<UInt8>, number: Int, mode: Mode, _ k: TCFCounting,
                            tally: inout TCFTally, ranges: inout [Range<Int>], into result: inout ConsentImport) {
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
                if let s = k.segmentBytes.find(idBytes) {
                    slot = s
                } else {
                    let id = String(decoding: idBytes, as: UTF8.self)
                    guard let s = k.segmentIndex[id] else {
                        result.problem(number, id.isEmpty ? .noSegment : .unknownSegment(id: id, suggestion: nil))
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
            guard let s = k.segmentIndex[f[h.segment]] else {
                result.problem(number, f[h.segment].isEmpty ? .noSegment : .unknownSegment(id: f[h.segment], suggestion: nil))
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
            if !k.includeOutdated { return }
        }
        if tally.allowed.isEmpty { tally.allowed = Array(repeating: 0, count: tally.records.count * k.width) }
        tally.records[slot] += 1
        let consent = tc.purposesConsent.rawValue, li = tc.purposesLITransparency.rawValue
        let sf = tc.specialFeatureOptIns.rawValue
        for (c, requirement) in k.counted where requirement.allows(consent: consent, legitimateInterest: li, specialFeatures: sf) {
            tally.allowed[slot * k.width + c] += 1
        }
        if k.wantCounts {
            if tally.keyTallies.isEmpty { tally.keyTallies = Array(repeating: 0, count: tally.records.count * 13) }
            let granted = consent | (li & ConsentImport.liMask)
            for p in 0..<11 where granted & (1 << UInt32(p)) != 0 { tally.keyTallies[slot * 13 + p] += 1 }
            for f in 0..<2 where sf & (1 << UInt32(f)) != 0 { tally.keyTallies[slot * 13 + 11 + f] += 1 }
        }
        result.used += 1
    }

    /// `tcf` with the most records it counts (2^53, where counts stop being exact; smaller in tests).
    static func tcf(_ path: String, into scenario: Scenario, source: ConsentSource,
                    segments chosen: [String]?, includeOutdated: Bool, counts wantCounts: Bool = false,
                    maxRecords: Int, jobs: Int? = nil) throws(BalansError) -> ConsentImport {
        var result = ConsentImport(scenario: scenario)
        result.outdatedIncluded = includeOutdated
        let shown = path == "-" ? "stdin" : path
        let segmentIndex = segmentIndex(scenario)
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
        let k = TCFCounting(segmentIndex: segmentIndex, segmentBytes: SegmentBytesIndex(segmentIndex),
                            counted: requirements.enumerated().compactMap { c, r in r.map { (c, $0) } },
                            width: categories.count, includeOutdated: includeOutdated, wantCounts: wantCounts)
        let segmentCount = scenario.segments.count

        // Every count below is at most `result.records`, which `readRecords` keeps within
        // `maxRecords` (2^53): no sum can overflow or stop being exact.
        func first(_ result: inout ConsentImport, _ number: Int, _ line: UnsafeBufferPointer<UInt8>) throws(BalansError) -> (Mode, Bool) {
            let (m, isHeader) = try Mode.detect(firstLine: line, file: shown, line: number)
            if case .csv(let h) = m { result.ignoredColumns = h.ignored }
            return (m, isHeader)
        }
        func splitting(_ m: Mode) -> RecordSplitting {
            if case .csv(let h) = m { return .csv(delimiters: [h.delimiter]) }
            return .lines
        }
        func slots(_ m: Mode) -> Int {
            if case .csv = m { return segmentCount }
            return 1
        }

        /// Reads one part: the first (with the header, or the first record) when `known` is nil.
        func part(_ range: RecordRange, known: Mode?, earlier: Int) throws(BalansError)
            -> (result: ConsentImport, tally: TCFTally, mode: Mode?, next: Int, line: Int) {
            var r = ConsentImport(scenario: scenario)
            var tally = TCFTally()
            var mode = known
            if let known { tally.records = Array(repeating: 0, count: slots(known)) }
            var ranges: [Range<Int>] = []
            let end = try readRecords(path, into: &r, maxRecords: maxRecords, range: range, earlier: earlier, splitting: known.map(splitting),
                                      first: { (r, number, line) throws(BalansError) in
                let (m, isHeader) = try first(&r, number, line)
                mode = m
                tally.records = Array(repeating: 0, count: slots(m))
                return (isHeader, splitting(m))
            }, record: { (r, number, line) throws(BalansError) in
                guard let mode else { return }
                countRecord(line, number: number, mode: mode, k, tally: &tally, ranges: &ranges, into: &r)
            })
            return (r, tally, mode, end.next, end.line)
        }

        var mode: Mode? = nil
        var total = TCFTally()
        let jobCount = jobCount(path, jobs)
        if jobCount <= 1 {
            let p = try part(RecordRange(), known: nil, earlier: 0)
            mode = p.mode
            total = p.tally
            result.merge(p.result, lineShift: 0)
        } else {
            // The first record tells the layout every part needs: read it alone first.
            var probe = ConsentImport(scenario: scenario)
            let head = try readRecords(path, into: &probe, maxRecords: maxRecords, onlyFirst: true, first: { (r, number, line) throws(BalansError) in
                let (m, isHeader) = try first(&r, number, line)
                mode = m
                return (isHeader, splitting(m))
            }, record: { (_, _, _) throws(BalansError) in })
            if let known = mode {
                let bounds = try partStarts(path, after: head.next, parts: jobCount)
                mode = known
                total.records = Array(repeating: 0, count: slots(known))
                // Each part reads from its start to the next part's; the first includes the header.
                // Line numbers are counted from 1 in every part and shifted when merged.
                let n = bounds.count - 1
                var outcomes = [Result<(result: ConsentImport, tally: TCFTally, next: Int, line: Int), BalansError>?](repeating: nil, count: n)
                outcomes.withUnsafeMutableBufferPointer { buffer in
                    let slots = UnsafeSendable(buffer.baseAddress!)
                    let work = UnsafeSendable(part)
                    Parallel.forEach(n) { i in
                        let range = RecordRange(start: bounds[i], firstLine: 1, end: i + 1 < n ? bounds[i + 1] : nil)
                        do throws(BalansError) {
                            let p = try work.value(range, i == 0 ? nil : known, 0)
                            slots.value[i] = .success((p.result, p.tally, p.next, p.line))
                        } catch {
                            slots.value[i] = .failure(error)
                        }
                    }
                }
                // Merged in file order. A part is used as read when it began where the part before
                // it ended (its start was a record start: no quoted line break spans it), read
                // without a fatal error, and keeps the total within `maxRecords`; otherwise it is
                // read again from where the part before ended, with the right line number and the
                // records left, which gives exactly what one reader gives (its error included).
                var expected = 0, line = 1
                for i in 0..<n {
                    let end = i + 1 < n ? bounds[i + 1] : nil
                    var p: (result: ConsentImport, tally: TCFTally, next: Int, line: Int)
                    if bounds[i] == expected, case .success(let q)? = outcomes[i], result.records + q.result.records <= maxRecords {
                        p = q
                        p.line += line - 1
                        result.merge(p.result, lineShift: line - 1)
                    } else {
                        let q = try part(RecordRange(start: expected, firstLine: line, end: end), known: i == 0 ? nil : known,
                                         earlier: result.records)
                        p = (q.result, q.tally, q.next, q.line)
                        result.merge(p.result, lineShift: 0)
                    }
                    total.add(p.tally)
                    expected = p.next
                    line = p.line
                }
            }
        }
        result.suggest(Suggestions(scenario))
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
            let n = total.records.isEmpty ? 0 : total.records[slot]
            for (c, category) in categories.enumerated() {
                if let reason = reasons[c] {
                    result.keep(segment: s, category: category.id, reason)
                } else if n == 0 {
                    result.keep(segment: s, category: category.id, .noRecords)
                } else {
                    let items = (category.tcf?.purposes ?? []).map { "P\($0)" } + (category.tcf?.specialFeatures ?? []).map { "SF\($0)" }
                    result.set(segment: s, category: category.id, rate: Double(total.allowed[slot * k.width + c]) / Double(n),
                               records: n, via: .allOf(items), source: source)
                }
            }
        }
        if wantCounts {
            var rows: [CountRow] = []
            for (s, slot) in segmentsToSet {
                let n = total.records.isEmpty ? 0 : total.records[slot]
                guard n > 0 else { continue }
                let id = scenario.segments[s].id
                for (c, category) in categories.enumerated() where reasons[c] == nil {
                    rows.append(CountRow(segment: id, key: .category(category.id), optIns: total.allowed[slot * k.width + c], choices: n))
                }
                for p in 0..<11 { rows.append(CountRow(segment: id, key: .purpose(p + 1), optIns: total.keyTallies[slot * 13 + p], choices: n)) }
                for f in 0..<2 { rows.append(CountRow(segment: id, key: .specialFeature(f + 1), optIns: total.keyTallies[slot * 13 + 11 + f], choices: n)) }
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

    /// How many parts `path` is counted in: one for standard input, a file that is not regular
    /// (a pipe, a device) or an empty one; else `jobs` (or `defaultJobs`), at most `maxJobs`.
    static func jobCount(_ path: String, _ jobs: Int?) -> Int {
        // stat, not open: opening a named pipe twice would lose what the first open read.
        var st = stat()
        guard path != "-", stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return 1 }
        let size = Int(st.st_size)
        return max(1, min(jobs ?? defaultJobs(fileSize: size), maxJobs))
    }

    /// Where each of `parts` parts of the file starts: the first at 0, the others at the first line
    /// start at or after an even share of the bytes after the first record (which ends at `after`).
    /// A line start may lie inside a quoted field that spans lines; the merge finds that out
    /// (the part before then ends elsewhere) and reads again.
    static func partStarts(_ path: String, after head: Int, parts: Int) throws(BalansError) -> [Int] {
        let (fd, size) = try FileIO.openInput(path)
        defer { close(fd) }
        let total = size ?? 0
        var starts = [0]
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        for k in 1..<parts {
            let cut = head + Int((Double(total - head) * Double(k) / Double(parts)).rounded(.down))
            var s = total
            if cut <= head {
                s = head
            } else {
                // The line feed at or after cut - 1 ends the line the cut falls in.
                var offset = cut - 1
                search: while offset < total {
                    let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw BalansError(.io, file: path, "cannot read: \(FileIO.errnoText(errno))")
                    }
                    if n == 0 { break }
                    let hit: Int? = chunk.withUnsafeBytes { b in
                        memchr(b.baseAddress!, 10, n).map { UnsafeRawPointer($0) - b.baseAddress! }
                    }
                    if let hit { s = offset + hit + 1; break search }
                    offset += n
                }
            }
            starts.append(max(s, starts[starts.count - 1]))
        }
        return starts
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
