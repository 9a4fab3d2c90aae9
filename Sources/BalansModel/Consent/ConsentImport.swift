/// What a consent import did to a scenario: the rates it set, the ones it kept and why, and the
/// records it could not use. Shared by the CMP-export import and the TCF import (decision 0015).
public struct ConsentImport: Sendable {
    /// One imported rate.
    public struct Change: Sendable, Equatable {
        public var segment: String
        public var category: String
        /// The rate before the import (0 when the scenario had none).
        public var old: Double
        public var new: Double
        /// How many choices or TC strings the rate rests on, when known.
        public var records: Int?
        /// How it was derived: from the category's own rows, the least of its TCF purposes' and
        /// special features' rates (the nested-consent assumption of SPEC §1.5), or the share of TC
        /// strings that allow all of them.
        public var via: Via

        public init(segment: String, category: String, old: Double, new: Double, records: Int?, via: Via) {
            self.segment = segment
            self.category = category
            self.old = old
            self.new = new
            self.records = records
            self.via = via
        }
    }

    public enum Via: Sendable, Equatable {
        /// The category's own rows.
        case category
        /// The least of the rates of these TCF purposes and special features (`P3`, `SF1`).
        case leastOf([String])
        /// The share of TC strings that allow all of these purposes and special features.
        case allOf([String])
        /// The share of Consent Mode rows that grant all of these signals (decision 0036).
        case signals([String])
    }

    /// Why a category kept its old rate; every such category is listed, never silently kept.
    public enum KeepReason: String, Sendable, Equatable, CaseIterable {
        /// The input had nothing for it (nor for all of its TCF purposes and special features).
        case noData
        /// Its `tcf` mapping names no purposes or special features, so TC strings say nothing about it.
        case noMapping
        /// An Art. 9 special category: TCF consent is not the explicit consent Art. 9(2)(a) asks for.
        case special
        /// The segment had no usable records.
        case noRecords
        /// No Consent Mode signal is mapped to it (`import-csv --map`, decision 0036).
        case noSignal
    }

    public struct Kept: Sendable, Equatable {
        public var segment: String
        public var category: String
        public var reason: KeepReason
    }

    /// A record that could not be used: its line and why (a typed fact, worded by BalansText in the
    /// summary's language).
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var reason: ImportProblem

        public init(line: Int, reason: ImportProblem) {
            self.line = line
            self.reason = reason
        }
    }

    /// The scenario with the imported rates and their sources.
    public var scenario: Scenario
    public var changes: [Change] = []
    public var kept: [Kept] = []
    /// The first `problemLimit` problems, in line order; `problemCount` counts them all.
    public var problems: [Problem] = []
    public var problemCount = 0
    /// Records (data lines) read, and how many of them were used.
    public var records = 0
    public var used = 0
    /// Header columns the import does not read.
    public var ignoredColumns: [String] = []
    /// TC strings with a policy version below 4 (TCF v2.2 needs 4): their first lines and count,
    /// and whether they were counted.
    public var outdated: [Int] = []
    public var outdatedCount = 0
    public var outdatedIncluded = false
    /// Records whose string was a GPP string that decoded (decision 0030), and, per section id other
    /// than the EU TCF v2 section, how many of them held it: those sections are not counted.
    public var gppStrings = 0
    public var gppSkipped: [Int: Int] = [:]
    /// Mergeable counts, when the import was asked for them (`consent tcf --counts-out`).
    public var counts: [CountRow]? = nil
    /// The Consent Mode mapping the import used (`import-csv --map`, decision 0036), and the rows
    /// that had no value for any mapped signal (no choice recorded: neither used nor a problem).
    public var consentModeMap: ConsentModeMap? = nil
    public var unrecorded = 0
    /// The segments records without a segment column were counted for (nil: the file had one).
    public var appliedTo: [String]? = nil

    /// Problems and outdated lines listed beyond this are only counted, so that a file of a million
    /// broken records still takes constant memory.
    public static let problemLimit = 1000

    /// The largest count a row may give (and counts may add up to): 2^53, the largest whole number a
    /// JSON number holds exactly, as for sizes (SPEC §1.3).
    public static let maxCount = 1 << 53

    init(scenario: Scenario) {
        self.scenario = scenario
    }

    mutating func problem(_ line: Int, _ reason: ImportProblem) {
        problemCount += 1
        if problems.count < Self.problemLimit { problems.append(Problem(line: line, reason: reason)) }
    }

    /// Adds what one part of a file gave (`consent tcf --jobs`, decision 0034), whose lines are
    /// numbered `lineShift` too low: its records and problems come after these in the file.
    mutating func merge(_ part: ConsentImport, lineShift: Int) {
        records += part.records
        used += part.used
        if ignoredColumns.isEmpty { ignoredColumns = part.ignoredColumns }
        for p in part.problems where problems.count < Self.problemLimit {
            var reason = p.reason
            if case .malformedField(let line?, let column, let kind) = reason {
                reason = .malformedField(line: line + lineShift, column: column, problem: kind)
            }
            problems.append(Problem(line: p.line + lineShift, reason: reason))
        }
        problemCount += part.problemCount
        for line in part.outdated where outdated.count < Self.problemLimit { outdated.append(line + lineShift) }
        outdatedCount += part.outdatedCount
        gppStrings += part.gppStrings
        unrecorded += part.unrecorded
        for (id, n) in part.gppSkipped { gppSkipped[id, default: 0] += n }
    }

    /// Gives the listed unknown segments their "did you mean", in file order, as one reader
    /// would have: the parts of a file leave them out, so that the suggestions' shared budget is
    /// spent in the same order for any number of parts.
    mutating func suggest(_ suggestions: Suggestions) {
        var suggestions = suggestions
        suggestions.wanted = true
        for i in problems.indices {
            if case .unknownSegment(let id, nil) = problems[i].reason {
                problems[i].reason = suggestions.unknownSegment(id)
            }
        }
    }

    mutating func outdated(_ line: Int) {
        outdatedCount += 1
        if outdated.count < Self.problemLimit { outdated.append(line) }
    }

    /// Rates are written with four decimals (a hundredth of a percentage point); the record count
    /// beside them says how precise they are.
    public static func rounded(_ rate: Double) -> Double {
        min(1, max(0, (rate * 10_000).rounded() / 10_000))
    }

    /// Sets `rate` for `category` of segment `s`, keeping the file order of the consent map (a new
    /// category goes last), records the source, and lists the change.
    mutating func set(segment s: Int, category: String, rate: Double, records: Int?, via: Via, source: ConsentSource) {
        let r = Self.rounded(rate)
        var seg = scenario.segments[s]
        let old = seg.consentRate(for: category)
        if let i = seg.consent.firstIndex(where: { $0.category == category }) {
            seg.consent[i].rate = r
        } else {
            seg.consent.append((category, r))
        }
        var src = source
        src.records = records
        if let i = seg.consentSource.firstIndex(where: { $0.category == category }) {
            seg.consentSource[i].source = src
        } else {
            seg.consentSource.append((category, src))
        }
        scenario.segments[s] = seg
        changes.append(Change(segment: seg.id, category: category, old: old, new: r, records: records, via: via))
    }

    mutating func keep(segment s: Int, category: String, _ reason: KeepReason) {
        kept.append(Kept(segment: scenario.segments[s].id, category: category, reason: reason))
    }

    /// Segment ids to their indices (the first, should a hand-made scenario repeat one).
    static func segmentIndex(_ scenario: Scenario) -> [String: Int] {
        Dictionary(scenario.segments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The records of a consent file (decision 0018), with the rules both imports share: blank
    /// records are skipped; the first other record goes to `first`, which says whether it was a
    /// header (else it is also the first record) and how the records after it are split; each
    /// record is counted in `records` and goes to `record` with the line it starts on. A record
    /// over 1 MiB in a CSV is an error (65): where it ends is then in doubt (most often a quote was
    /// left open), so no later line can be trusted; in a file of bare TC strings, whose records are
    /// its lines, it is one problem. More than `maxRecords` records is an error too: the counts
    /// would stop being exact.
    ///
    /// With `range`, only the records of that part of the file (`consent tcf --jobs`, decision
    /// 0034), after `earlier` records of the parts before it; `splitting` non-nil says the first record was read already (by the part before) and
    /// how the records are split. `onlyFirst` stops after the first record. Returns the offset and
    /// line where the next record starts.
    @discardableResult
    static func readRecords(_ path: String, into result: inout ConsentImport, maxRecords: Int = maxCount,
                            range: RecordRange = RecordRange(), earlier: Int = 0, splitting known: RecordSplitting? = nil, onlyFirst: Bool = false,
                            first: (inout ConsentImport, Int, UnsafeBufferPointer<UInt8>) throws(BalansError) -> (isHeader: Bool, splitting: RecordSplitting),
                            record: (inout ConsentImport, Int, UnsafeBufferPointer<UInt8>) throws(BalansError) -> Void) throws(BalansError) -> (next: Int, line: Int) {
        let shown = path == "-" ? "stdin" : path
        var started = known != nil
        func count(_ number: Int) throws(BalansError) {
            guard earlier + result.records < maxRecords else {
                let limit = maxRecords == maxCount ? "2^53" : String(maxRecords)
                throw BalansError(.badData, file: shown, line: number, "more than \(limit) records: counts past \(limit) are not exact")
            }
            result.records += 1
        }
        return try FileIO.forEachRecord(inPart: path, splitting: known ?? .csvHeader, in: range) { (number, input, splitting, stop) throws(BalansError) in
            let line: UnsafeBufferPointer<UInt8>
            switch input {
            case .record(let r):
                line = r
            case .tooLong(let quote):
                var hint = ""
                if let quote {
                    hint = quote.line == number ? "; the quote opened at column \(quote.column) is still open there"
                        : "; the quote opened on line \(quote.line), column \(quote.column) is still open there"
                }
                if !started { throw BalansError(.badData, file: shown, line: number, "the first record is over 1 MiB\(hint)") }
                if splitting == .lines {
                    try count(number)
                    result.problem(number, .lineTooLong)
                    return
                }
                throw BalansError(.badData, file: shown, line: number,
                                  "the record that starts on this line is over 1 MiB (\(FileIO.maxRecordLength) bytes)\(hint)")
            }
            if line.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
            if !started {
                started = true
                let (isHeader, next) = try first(&result, number, line)
                splitting = next
                if onlyFirst { stop = true; return }
                if isHeader { return }
            }
            try count(number)
            try record(&result, number, line)
        }
    }

    /// A one-line diagnostic naming the unknown segment, with the nearest id when one is close.
    static func unknownSegment(_ id: String, in scenario: Scenario) -> String {
        var budget = Node.suggestionBudget
        return unknown("segment", id, among: scenario.segments.map(\.id), budget: &budget)
    }

    /// "Did you mean" over the records of one import: one work budget for all of them (a file of a
    /// million typos must stay fast), the answers already given (an export repeats its typos), and
    /// none once the problem list is full, since those reasons are only counted.
    struct Suggestions {
        let scenario: Scenario
        var budget = 8 * Node.suggestionBudget
        var given: [String: String] = [:]
        /// Whether a reason will be shown (the problem list is not full).
        var wanted = true
        private var ids: [String]? = nil

        init(_ scenario: Scenario) {
            self.scenario = scenario
        }

        mutating func unknownSegment(_ id: String) -> ImportProblem {
            guard wanted else { return .unknownSegment(id: id, suggestion: nil) }
            if let known = given[id] { return .unknownSegment(id: id, suggestion: known) }
            if ids == nil { ids = scenario.segments.map(\.id) }
            let near = Node.nearest(id, in: ids ?? [], budget: &budget)
            if let near, given.count < ConsentImport.problemLimit && id.utf8.count <= 4 * Node.suggestionMaxLength { given[id] = near }
            return .unknownSegment(id: id, suggestion: near)
        }

        mutating func unknownCategory(_ id: String) -> ImportProblem {
            guard wanted else { return .unknownCategory(id: id, suggestion: nil) }
            return .unknownCategory(id: id, suggestion: Node.nearest(id, in: scenario.categories.map(\.id), budget: &budget))
        }
    }
}

/// Why a consent record could not be used (SPEC §2: one clear reason per record). The model states
/// the fact and keeps the text read from the file; BalansText words it in English or Swedish.
public enum ImportProblem: Error, Sendable, Equatable {
    /// A field's quotes are wrong in the record: where (`line` when the record spans lines and the
    /// problem is on a later one), and how.
    case malformedField(line: Int?, column: Int, problem: CSVProblem.Kind)
    /// A line of bare TC strings over 1 MiB.
    case lineTooLong
    case fieldCount(found: Int, header: Int)
    case noSegment
    case unknownSegment(id: String, suggestion: String?)
    case unknownCategory(id: String, suggestion: String?)
    /// The field is not a TCF purpose 1–11.
    case badPurpose(String)
    /// The field is not a special feature 1 or 2.
    case badSpecialFeature(String)
    /// None of category, purpose and special feature.
    case noKey
    /// More than one of category, purpose and special feature.
    case severalKeys
    /// `opt_ins` is not a whole number ≥ 0.
    case badOptIns(String)
    /// `choices` is not a whole number ≥ 1.
    case badChoices(String)
    /// `choices` is over 2^53.
    case choicesTooLarge(Int)
    case optInsAboveChoices(optIns: Int, choices: Int)
    case rateDisagrees(rate: String, optIns: Int, choices: Int)
    /// The rate is not a share 0–1 or a percentage 0–100 %.
    case badRate(String)
    /// A rate column, but no rate in this record.
    case noRate
    /// Count columns, but no counts in this record.
    case noCounts
    /// The same segment and key was given as a rate on an earlier line.
    case repeated(segment: String, key: ImportKey, firstLine: Int)
    /// The counts of this segment and key add up to more than 2^53.
    case choicesOverflow(segment: String, key: ImportKey)
    /// The TC string could not be decoded: the decoder's diagnostic (English, like file diagnostics:
    /// decision 0013).
    case tcString(String)
    /// The GPP string could not be decoded: the decoder's diagnostic (English, as for TC strings).
    case gppString(String)
    /// The GPP string has no EU TCF v2 section (its sections' names, in string order).
    case gppWithoutTCF(sections: [String])
    /// A mapped Consent Mode signal's value is not `granted`, `denied` or empty.
    case badSignal(signal: String, value: String)
}

/// What a consent record is about: a category (by id), a TCF purpose or a special feature.
public enum ImportKey: Sendable, Equatable {
    case category(String)
    case purpose(Int)
    case specialFeature(Int)
}

/// Column names accepted in consent files (compared after `CSVRecord.normalised`).
enum ConsentColumns {
    static let segment = ["segment", "segment_id"]
    static let category = ["category", "category_id", "data_category"]
    static let purpose = ["purpose", "tcf_purpose", "purpose_id"]
    static let specialFeature = ["special_feature", "specialfeature", "tcf_special_feature"]
    static let rate = ["rate", "consent_rate", "share"]
    static let optIns = ["opt_ins", "optins", "consents", "granted"]
    static let choices = ["choices", "total", "responses"]
    /// TC strings or GPP strings: every record's string is read as what it is (decision 0030).
    static let tcString = ["tc_string", "tcstring", "tc", "consent_string", "euconsent", "euconsent_v2",
                           "gpp_string", "gppstring", "gpp", "iabgpp_hdr_gppstring"]
}
