/// `balans consent import-csv`: consent rates from a consent-management platform's export, one row
/// per segment and data category (or TCF purpose, or special feature), as a rate or as counts of
/// opt-ins and choices. docs/consent-import.md describes the columns; decision 0015 the rules.
extension ConsentImport {
    /// What a row is about.
    enum Key: Hashable {
        case category(Int)
        case purpose(Int)
        case specialFeature(Int)
    }

    /// What the rows of one segment and key add up to.
    struct Tally {
        var optIns = 0
        var choices = 0
        var rate: Double? = nil
        var line: Int

        var share: Double { rate ?? (choices > 0 ? Double(optIns) / Double(choices) : 0) }
        var records: Int? { rate == nil ? choices : nil }
    }

    /// Imports the CMP export at `path` (`-` is standard input) into `scenario`. A header line
    /// names the columns; rows that cannot be used are listed with their line numbers; a file
    /// without the needed columns is an error (65) naming them.
    public static func cmpExport(_ path: String, into scenario: Scenario, source: ConsentSource) throws(BalansError) -> ConsentImport {
        var result = ConsentImport(scenario: scenario)
        let shown = path == "-" ? "stdin" : path
        var header: Header? = nil
        var tallies: [Int: [Key: Tally]] = [:]
        let segmentIndex = ConsentImport.segmentIndex(scenario)
        let categoryIndex = Dictionary(scenario.categories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        var suggestions = Suggestions(scenario)

        try readRecords(path, into: &result, first: { (result, number, line) throws(BalansError) in
            let h = try Header(line, file: shown, line: number)
            header = h
            result.ignoredColumns = h.ignored
            return (true, .csv(delimiters: [h.delimiter]))
        }, record: { (result, number, line) throws(BalansError) in
            guard let h = header else { return }
            suggestions.wanted = result.problems.count < ConsentImport.problemLimit
            switch h.row(line, number: number, scenario: scenario, segments: segmentIndex, categories: categoryIndex, suggestions: &suggestions) {
            case .failure(let reason):
                result.problem(number, reason)
            case .success(let row):
                var forSegment = tallies[row.segment, default: [:]]
                if var t = forSegment[row.key] {
                    // Counts add up (exports split by day or site); a rate cannot be combined.
                    guard row.rate == nil, t.rate == nil else {
                        result.problem(number, .repeated(segment: scenario.segments[row.segment].id, key: row.key.importKey(scenario), firstLine: t.line))
                        return
                    }
                    // Each row is at most 2^53, so the sums cannot overflow; past 2^53 they stop
                    // being exact in a JSON number, and the row is refused.
                    guard t.choices + row.choices <= ConsentImport.maxCount else {
                        result.problem(number, .choicesOverflow(segment: scenario.segments[row.segment].id, key: row.key.importKey(scenario)))
                        return
                    }
                    t.optIns += row.optIns
                    t.choices += row.choices
                    forSegment[row.key] = t
                } else {
                    forSegment[row.key] = Tally(optIns: row.optIns, choices: row.choices, rate: row.rate, line: number)
                }
                tallies[row.segment] = forSegment
                result.used += 1
            }
        })
        guard header != nil else { throw BalansError(.badData, file: shown, "the file is empty: expected a header line naming the columns") }

        for s in scenario.segments.indices {
            let t = tallies[s] ?? [:]
            for (c, category) in scenario.categories.enumerated() {
                if let direct = t[.category(c)] {
                    result.set(segment: s, category: category.id, rate: direct.share, records: direct.records, via: .category, source: source)
                    continue
                }
                let items = (category.tcf?.purposes ?? []).map { Key.purpose($0) } + (category.tcf?.specialFeatures ?? []).map { Key.specialFeature($0) }
                guard !items.isEmpty, items.allSatisfy({ t[$0] != nil }) else {
                    result.keep(segment: s, category: category.id, .noData)
                    continue
                }
                if category.special {
                    result.keep(segment: s, category: category.id, .special)
                    continue
                }
                // Nested consent (SPEC §1.5): who allows every purpose is at most the least of them.
                let least = items.compactMap { t[$0] }.min(by: { $0.share < $1.share })
                result.set(segment: s, category: category.id, rate: least?.share ?? 0, records: least?.records,
                           via: .leastOf(items.map(\.name)), source: source)
            }
        }
        return result
    }

    /// The header: which column holds what.
    struct Header {
        var count: Int
        var delimiter: UInt8
        var segment: Int
        var category: Int?
        var purpose: Int?
        var specialFeature: Int?
        var rate: Int?
        var optIns: Int?
        var choices: Int?
        var ignored: [String]

        /// A header line's delimiter, its column names, and the names normalised; two columns of
        /// the same normalised name are an error (65).
        static func names(_ line: UnsafeBufferPointer<UInt8>, file: String, line number: Int) throws(BalansError)
            -> (delimiter: UInt8, names: [String], normal: [String]) {
            let delimiter = CSVRecord.delimiter(of: line) ?? UInt8(ascii: ",")
            let names: [String]
            switch CSVRecord.fields(line, delimiter: delimiter) {
            case .success(let f): names = f
            case .failure(let p):
                let (line, column) = p.place(in: line, startingOn: number)
                throw BalansError(.badData, file: file, line: line, column: column, p.reason)
            }
            let normal = names.map(CSVRecord.normalised)
            var seen: [String: Int] = [:]
            for (i, n) in normal.enumerated() {
                if let j = seen[n] { throw BalansError(.badData, file: file, line: number, "columns \(j + 1) and \(i + 1) are both \(SafeText.quoted(names[i]))") }
                seen[n] = i
            }
            return (delimiter, names, normal)
        }

        init(_ line: UnsafeBufferPointer<UInt8>, file: String, line number: Int) throws(BalansError) {
            let (d, names, normal) = try Self.names(line, file: file, line: number)
            delimiter = d
            count = names.count
            func column(_ aliases: [String]) -> Int? { normal.firstIndex(where: aliases.contains) }
            let listed = CSVRecord.listed(names)
            guard let s = column(ConsentColumns.segment) else {
                throw BalansError(.badData, file: file, line: number, "no \"segment\" column (the header has \(listed))")
            }
            segment = s
            category = column(ConsentColumns.category)
            purpose = column(ConsentColumns.purpose)
            specialFeature = column(ConsentColumns.specialFeature)
            rate = column(ConsentColumns.rate)
            optIns = column(ConsentColumns.optIns)
            choices = column(ConsentColumns.choices)
            guard category != nil || purpose != nil || specialFeature != nil else {
                // Consent Mode columns are read only with a mapping, never guessed (decision 0036).
                let signals = normal.filter { ConsentModeSignal(rawValue: $0) != nil }
                let hint = signals.isEmpty ? "" : "; its Consent Mode columns (\(signals.joined(separator: ", "))) are read only with --map SIGNAL=CATEGORY,…, which says which categories each one governs"
                throw BalansError(.badData, file: file, line: number,
                                  "no \"category\", \"purpose\" or \"special_feature\" column (the header has \(listed))" + hint)
            }
            guard rate != nil || (optIns != nil && choices != nil) else {
                throw BalansError(.badData, file: file, line: number,
                                  "no \"rate\" column, nor \"opt_ins\" and \"choices\" (the header has \(listed))")
            }
            if (optIns == nil) != (choices == nil) && rate == nil {
                throw BalansError(.badData, file: file, line: number, "counts need both \"opt_ins\" and \"choices\" columns")
            }
            let used = [segment, category, purpose, specialFeature, rate, optIns, choices].compactMap { $0 }
            ignored = names.indices.filter { !used.contains($0) }.map { names[$0] }
        }


        struct Row {
            var segment: Int
            var key: Key
            var rate: Double?
            var optIns = 0
            var choices = 0

        }

        func row(_ line: UnsafeBufferPointer<UInt8>, number: Int, scenario: Scenario,
                 segments: [String: Int], categories: [String: Int], suggestions: inout Suggestions) -> Result<Row, ImportProblem> {
            func fail(_ problem: ImportProblem) -> Result<Row, ImportProblem> { .failure(problem) }
            let f: [String]
            switch CSVRecord.fields(line, delimiter: delimiter) {
            case .success(let x): f = x
            case .failure(let p): return fail(p.asImportProblem(in: line, startingOn: number))
            }
            guard f.count == count else { return fail(.fieldCount(found: f.count, header: count)) }
            let segmentID = f[segment]
            guard !segmentID.isEmpty else { return fail(.noSegment) }
            guard let s = segments[segmentID] else { return fail(suggestions.unknownSegment(segmentID)) }
            // Exactly one of category, purpose and special feature.
            var keys: [Key] = []
            if let c = category, !f[c].isEmpty {
                guard let i = categories[f[c]] else { return fail(suggestions.unknownCategory(f[c])) }
                keys.append(.category(i))
            }
            if let p = purpose, !f[p].isEmpty {
                guard let n = Int(f[p]), (1...11).contains(n) else { return fail(.badPurpose(f[p])) }
                keys.append(.purpose(n))
            }
            if let x = specialFeature, !f[x].isEmpty {
                guard let n = Int(f[x]), (1...2).contains(n) else { return fail(.badSpecialFeature(f[x])) }
                keys.append(.specialFeature(n))
            }
            guard keys.count == 1 else {
                return fail(keys.isEmpty ? .noKey : .severalKeys)
            }
            var row = Row(segment: s, key: keys[0])
            let decimalComma = delimiter != UInt8(ascii: ",")
            if let o = optIns, let c = choices, !f[o].isEmpty || !f[c].isEmpty {
                guard let yes = Int(f[o]), yes >= 0 else { return fail(.badOptIns(f[o])) }
                guard let all = Int(f[c]), all > 0 else { return fail(.badChoices(f[c])) }
                guard all <= ConsentImport.maxCount else { return fail(.choicesTooLarge(all)) }
                guard yes <= all else { return fail(.optInsAboveChoices(optIns: yes, choices: all)) }
                // A row with both counts and a rate must agree, or nothing is guessed.
                if let r = rate, !f[r].isEmpty {
                    guard let v = Self.rate(f[r], decimalComma: decimalComma),
                          abs(v - Double(yes) / Double(all)) <= 0.00005 + 0.5 / pow10(decimals(f[r])) else {
                        return fail(.rateDisagrees(rate: f[r], optIns: yes, choices: all))
                    }
                }
                row.optIns = yes
                row.choices = all
            } else if let r = rate, !f[r].isEmpty {
                guard let v = Self.rate(f[r], decimalComma: decimalComma) else {
                    return fail(.badRate(f[r]))
                }
                row.rate = v
            } else {
                return fail(rate != nil ? .noRate : .noCounts)
            }
            return .success(row)
        }

        /// The digits after the decimal mark of a written rate, counting a percentage as two more.
        func decimals(_ text: String) -> Int {
            let digits = text.split(whereSeparator: { $0 == "." || $0 == "," }).dropFirst().first.map { $0.filter(\.isNumber).count } ?? 0
            return digits + (text.hasSuffix("%") ? 2 : 0)
        }

        func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

        /// `0.42`, `42%` or, with a decimal comma, `0,42` and `42,5 %`.
        static func rate(_ text: String, decimalComma: Bool) -> Double? {
            var t = Substring(text)
            var percent = false
            if t.hasSuffix("%") { percent = true; t = t.dropLast(); while t.hasSuffix(" ") { t = t.dropLast() } }
            var s = String(t)
            if decimalComma { s = s.replacingAll(",", with: ".") }
            guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let v = Double(s), v.isFinite else { return nil }
            let share = percent ? v / 100 : v
            return (0...1).contains(share) ? share : nil
        }
    }
}

extension ConsentImport.Key {
    var name: String {
        switch self {
        case .category(let c): return "category \(c)"
        case .purpose(let p): return "P\(p)"
        case .specialFeature(let f): return "SF\(f)"
        }
    }

    /// The key as an import problem names it (the category by id).
    func importKey(_ scenario: Scenario) -> ImportKey {
        switch self {
        case .category(let c): return .category(scenario.categories[c].id)
        case .purpose(let p): return .purpose(p)
        case .specialFeature(let f): return .specialFeature(f)
        }
    }
}
