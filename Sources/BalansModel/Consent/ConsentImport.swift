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
    }

    public struct Kept: Sendable, Equatable {
        public var segment: String
        public var category: String
        public var reason: KeepReason
    }

    /// A record that could not be used: its line and why.
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
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

    mutating func problem(_ line: Int, _ reason: String) {
        problemCount += 1
        if problems.count < Self.problemLimit { problems.append(Problem(line: line, reason: reason)) }
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

    /// The lines of a consent file, with the rules both imports share: blank lines are skipped; the
    /// first other line goes to `first`, which says whether it was a header (else it is also the
    /// first record); each record is counted in `records` and goes to `record`; a line over 1 MiB
    /// is a problem, or an error when it is the first (nothing can be read without it).
    static func readLines(_ path: String, into result: inout ConsentImport,
                          first: (inout ConsentImport, Int, UnsafeBufferPointer<UInt8>) throws(BalansError) -> Bool,
                          record: (inout ConsentImport, Int, UnsafeBufferPointer<UInt8>) throws(BalansError) -> Void) throws(BalansError) {
        let shown = path == "-" ? "stdin" : path
        var started = false
        try FileIO.forEachLine(path) { (number, line) throws(BalansError) in
            guard let line else {
                if !started { throw BalansError(.badData, file: shown, line: number, "the first line is over 1 MiB") }
                result.records += 1
                result.problem(number, "the line is over 1 MiB")
                return
            }
            if line.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
            if !started {
                started = true
                if try first(&result, number, line) { return }
            }
            result.records += 1
            try record(&result, number, line)
        }
    }

    /// A one-line reason naming the unknown segment, with the nearest id when one is close.
    static func unknownSegment(_ id: String, in scenario: Scenario) -> String {
        var text = "unknown segment \(JSONWriter.quote(id))"
        if scenario.segments.count <= 10_000,
           let near = Node.nearest(id, in: scenario.segments.map(\.id)) {
            text += " (did you mean \(JSONWriter.quote(near))?)"
        }
        return text
    }
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
    static let tcString = ["tc_string", "tcstring", "tc", "consent_string", "euconsent", "euconsent_v2"]
}
