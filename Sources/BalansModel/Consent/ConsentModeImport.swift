/// Google Consent Mode columns in `balans consent import-csv --map` (decision 0036): one row per
/// user or consent event, a `granted`/`denied` value per consent type, and a mapping the user gives
/// from consent types to data categories. Nothing is guessed: a category no signal is mapped to
/// keeps its rate, and a signal column without a mapping is not read.

/// A Google Consent Mode consent type: the four Consent Mode v2 parameters and the three privacy
/// (storage) parameters of Google's consent mode reference.
public enum ConsentModeSignal: String, Sendable, CaseIterable {
    case adStorage = "ad_storage"
    case adUserData = "ad_user_data"
    case adPersonalization = "ad_personalization"
    case analyticsStorage = "analytics_storage"
    case functionalityStorage = "functionality_storage"
    case personalizationStorage = "personalization_storage"
    case securityStorage = "security_storage"

    /// The signal a header column or a `--map` name means, compared as column names are
    /// (`CSVRecord.normalised`: case, spaces and hyphens do not matter).
    public init?(name: String) {
        self.init(rawValue: CSVRecord.normalised(name))
    }
}

/// Which Consent Mode signals govern which data categories: the `--map SIGNAL=ID,ID` options, in
/// the order given.
public struct ConsentModeMap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var signal: ConsentModeSignal
        /// Category ids, in the order given, each once.
        public var categories: [String]

        public init(signal: ConsentModeSignal, categories: [String]) {
            self.signal = signal
            self.categories = categories
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses `--map` values `SIGNAL=ID[,ID…]`. A value without `=`, an empty category, an unknown
    /// signal (with the nearest one) or a signal given twice is a usage error (64), one line.
    public static func parse(_ values: [String]) throws(BalansError) -> ConsentModeMap {
        var entries: [Entry] = []
        let names = ConsentModeSignal.allCases.map(\.rawValue)
        for value in values {
            let form = "--map must be SIGNAL=CATEGORY[,CATEGORY…], such as ad_personalization=browsing,purchase-history, not \(SafeText.quoted(value))"
            guard let eq = value.firstIndex(of: "=") else { throw BalansError(.usage, form) }
            let name = value[..<eq].trimmingASCIISpaces
            let ids = value[value.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingASCIISpaces }
            guard !name.isEmpty, !ids.contains(where: \.isEmpty) else { throw BalansError(.usage, form) }
            guard let signal = ConsentModeSignal(name: name) else {
                let near = Node.nearest(CSVRecord.normalised(name), in: names)
                throw BalansError(.usage, "--map: unknown Consent Mode signal \(SafeText.quoted(name))"
                                  + (near.map { " (did you mean \(SafeText.quoted($0))?)" } ?? "")
                                  + "; the signals are " + names.joined(separator: ", "))
            }
            guard !entries.contains(where: { $0.signal == signal }) else {
                throw BalansError(.usage, "--map: \(signal.rawValue) is mapped twice; list all its categories in one --map")
            }
            var unique: [String] = []
            for id in ids where !unique.contains(id) { unique.append(id) }
            entries.append(Entry(signal: signal, categories: unique))
        }
        return ConsentModeMap(entries: entries)
    }

    /// Checks that every mapped category is one of `scenario`'s: an unknown id is a usage error (64)
    /// naming the option and the nearest id, as `consent tcf --segment` does.
    public func check(against scenario: Scenario) throws(BalansError) {
        let ids = scenario.categories.map(\.id)
        for e in entries {
            for id in e.categories where !ids.contains(id) {
                throw BalansError(.usage, "--map \(e.signal.rawValue): "
                                  + unknown("category", id, among: ids))
            }
        }
    }

    /// The signals that govern `category`, in the map's order; empty when none does.
    public func signals(of category: String) -> [ConsentModeSignal] {
        entries.filter { $0.categories.contains(category) }.map(\.signal)
    }
}

extension Substring {
    var trimmingASCIISpaces: String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

extension ConsentImport {
    /// The per-category counts of one segment in a Consent Mode file.
    struct SignalTally {
        var optIns = 0
        var choices = 0
    }

    /// Imports the Consent Mode export at `path` (`-` is standard input) into `scenario` with the
    /// signal-to-category mapping `map` (checked against the scenario by the caller). Each row is one
    /// choice for every category whose mapped signals all have a value in it, and one opt-in when
    /// they are all `granted` (decision 0036).
    public static func consentMode(_ path: String, into scenario: Scenario, map: ConsentModeMap,
                                   source: ConsentSource) throws(BalansError) -> ConsentImport {
        var result = ConsentImport(scenario: scenario)
        result.consentModeMap = map
        let shown = path == "-" ? "stdin" : path
        var header: ConsentModeHeader? = nil
        var tallies: [Int: [Int: SignalTally]] = [:]
        let segmentIndex = ConsentImport.segmentIndex(scenario)
        var suggestions = Suggestions(scenario)
        // Per category (scenario order) the signals that govern it; special (Art. 9) categories are
        // not counted: a Consent Mode signal is not explicit consent.
        let governed: [(category: Int, signals: [ConsentModeSignal])] = scenario.categories.enumerated().compactMap { c, category in
            let signals = map.signals(of: category.id)
            return signals.isEmpty || category.special ? nil : (c, signals)
        }

        try readRecords(path, into: &result, first: { (result, number, line) throws(BalansError) in
            let h = try ConsentModeHeader(line, map: map, file: shown, line: number)
            header = h
            result.ignoredColumns = h.ignored
            return (true, .csv(delimiters: [h.delimiter]))
        }, record: { (result, number, line) throws(BalansError) in
            guard let h = header else { return }
            suggestions.wanted = result.problems.count < ConsentImport.problemLimit
            let f: [String]
            switch CSVRecord.fields(line, delimiter: h.delimiter) {
            case .success(let x): f = x
            case .failure(let p): result.problem(number, p.asImportProblem(in: line, startingOn: number)); return
            }
            guard f.count == h.count else { result.problem(number, .fieldCount(found: f.count, header: h.count)); return }
            let segmentID = f[h.segment]
            guard !segmentID.isEmpty else { result.problem(number, .noSegment); return }
            guard let s = segmentIndex[segmentID] else { result.problem(number, suggestions.unknownSegment(segmentID)); return }
            // Every mapped signal's value: granted, denied or empty (no choice recorded); anything
            // else makes the whole row unusable, since the row's other values are then in doubt.
            var values: [ConsentModeSignal: Bool] = [:]
            for (signal, column) in h.signals {
                let raw = f[column]
                switch Substring(raw).trimmingASCIISpaces.lowercased() {
                case "granted": values[signal] = true
                case "denied": values[signal] = false
                case "": break
                default: result.problem(number, .badSignal(signal: signal.rawValue, value: raw)); return
                }
            }
            var counted = false
            var forSegment = tallies[s, default: [:]]
            for g in governed {
                let given = g.signals.compactMap { values[$0] }
                guard given.count == g.signals.count else { continue }
                var t = forSegment[g.category, default: SignalTally()]
                t.choices += 1
                if given.allSatisfy({ $0 }) { t.optIns += 1 }
                forSegment[g.category] = t
                counted = true
            }
            if counted {
                tallies[s] = forSegment
                result.used += 1
            } else {
                result.unrecorded += 1
            }
        })
        guard header != nil else { throw BalansError(.badData, file: shown, "the file is empty: expected a header line naming the columns") }

        for s in scenario.segments.indices {
            let t = tallies[s] ?? [:]
            for (c, category) in scenario.categories.enumerated() {
                let signals = map.signals(of: category.id)
                if signals.isEmpty {
                    result.keep(segment: s, category: category.id, .noSignal)
                } else if category.special {
                    result.keep(segment: s, category: category.id, .special)
                } else if let tally = t[c], tally.choices > 0 {
                    result.set(segment: s, category: category.id, rate: Double(tally.optIns) / Double(tally.choices),
                               records: tally.choices, via: .signals(signals.map(\.rawValue)), source: source)
                } else {
                    result.keep(segment: s, category: category.id, .noRecords)
                }
            }
        }
        return result
    }

    /// The header of a Consent Mode file: the segment column and the mapped signals' columns.
    struct ConsentModeHeader {
        var count: Int
        var delimiter: UInt8
        var segment: Int
        /// The mapped signals and their columns, in the map's order.
        var signals: [(ConsentModeSignal, Int)]
        var ignored: [String]

        init(_ line: UnsafeBufferPointer<UInt8>, map: ConsentModeMap, file: String, line number: Int) throws(BalansError) {
            let (d, names, normal) = try Header.names(line, file: file, line: number)
            delimiter = d
            count = names.count
            let listed = CSVRecord.listed(names)
            guard let s = normal.firstIndex(where: ConsentColumns.segment.contains) else {
                throw BalansError(.badData, file: file, line: number, "no \"segment\" column (the header has \(listed))")
            }
            segment = s
            // One shape per file: rows about a category or purpose and rows of signals cannot be told
            // apart safely, so a Consent Mode file has none of the other shape's columns.
            let other = ConsentColumns.category + ConsentColumns.purpose + ConsentColumns.specialFeature
                + ConsentColumns.rate + ConsentColumns.optIns + ConsentColumns.choices
            let mixed = normal.indices.filter { other.contains(normal[$0]) }.map { names[$0] }
            guard mixed.isEmpty else {
                throw BalansError(.badData, file: file, line: number,
                                  "with --map the file holds Consent Mode signals, so it cannot also have \(CSVRecord.listed(mixed)) columns; import those rows in a run without --map")
            }
            signals = []
            for e in map.entries {
                guard let i = normal.firstIndex(of: e.signal.rawValue) else {
                    throw BalansError(.badData, file: file, line: number,
                                      "--map names \(e.signal.rawValue), but there is no \(e.signal.rawValue) column (the header has \(listed))")
                }
                signals.append((e.signal, i))
            }
            let used = [segment] + signals.map(\.1)
            ignored = names.indices.filter { !used.contains($0) }.map { names[$0] }
        }
    }
}
