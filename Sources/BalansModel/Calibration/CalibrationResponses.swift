/// The answers to a calibration questionnaire, in long form: one row per respondent and vignette,
/// with the respondent's token, the vignette's id and the seven items 1–7; any other column is a
/// group (age band, channel…) for the residuals by group. Read strictly: the first bad row is an
/// error naming the file, line and column (65), since a fit on silently skipped answers would be
/// a different survey.
public struct CalibrationResponses: Sendable {
    public struct Row: Sendable {
        public var respondent: Int
        /// Index in the design's vignettes, or nil for the attention check.
        public var vignette: Int?
        public var items: [Int]
        public var line: Int
        public var groups: [String]
    }

    /// Respondent tokens in order of first appearance.
    public var respondents: [String]
    public var rows: [Row]
    public var groupColumns: [String]

    public init(respondents: [String], rows: [Row], groupColumns: [String]) {
        self.respondents = respondents
        self.rows = rows
        self.groupColumns = groupColumns
    }

    static let respondentColumns = ["respondent", "respondent_token", "token"]

    /// Reads the CSV at `path` (`-` is standard input) against `design`.
    public static func read(_ path: String, design: CalibrationDesign) throws(BalansError) -> CalibrationResponses {
        let shown = path == "-" ? "stdin" : path
        var vignetteIndex: [String: Int] = [:]
        for (i, v) in design.vignettes.enumerated() { vignetteIndex[v.id] = i }
        var header: (delimiter: UInt8, respondent: Int, vignette: Int, items: [Int], groups: [(name: String, column: Int)])? = nil
        var out = CalibrationResponses(respondents: [], rows: [], groupColumns: [])
        var tokenIndex: [String: Int] = [:]
        var seen: [Int: [Int: Int]] = [:]   // respondent → vignette (−1 attention) → line
        try FileIO.forEachRecord(path, splitting: .csvHeader) { (line, input, splitting) throws(BalansError) in
            guard case .record(let bytes) = input else {
                throw BalansError(.badData, file: shown, line: line, "the record is longer than 1 MiB")
            }
            if bytes.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { return }
            guard let h = header else {
                let delimiter = CSVRecord.delimiter(of: bytes) ?? UInt8(ascii: ",")
                splitting = .csv(delimiters: [delimiter])
                let names: [String]
                switch CSVRecord.fields(bytes, delimiter: delimiter) {
                case .success(let f): names = f.map(CSVRecord.normalised)
                case .failure(let p): throw BalansError(.badData, file: shown, line: line, column: p.column, p.reason)
                }
                func column(_ options: [String]) -> Int? { names.firstIndex { options.contains($0) } }
                guard let r = column(respondentColumns) else {
                    throw BalansError(.badData, file: shown, line: line, "the header has no respondent column (respondent: a token, never a customer id)")
                }
                guard let v = column(["vignette"]) else {
                    throw BalansError(.badData, file: shown, line: line, "the header has no vignette column")
                }
                var items: [Int] = []
                var missing: [String] = []
                for item in IntrusivenessItem.allCases {
                    if let c = column([item.rawValue]) { items.append(c) } else { missing.append(item.rawValue) }
                }
                guard missing.isEmpty else {
                    throw BalansError(.badData, file: shown, line: line, "the header lacks the item column(s) \(missing.joined(separator: ", ")) (the seven items of Li, Edwards & Lee 2002)")
                }
                let used = Set([r, v] + items)
                let groups = names.indices.filter { !used.contains($0) }.map { (name: names[$0], column: $0) }
                header = (delimiter, r, v, items, groups)
                out.groupColumns = groups.map(\.name)
                return
            }
            let fields: [String]
            switch CSVRecord.fields(bytes, delimiter: h.delimiter) {
            case .success(let f): fields = f
            case .failure(let p): throw BalansError(.badData, file: shown, line: line, column: p.column, p.reason)
            }
            func field(_ c: Int) -> String { c < fields.count ? fields[c] : "" }
            let token = field(h.respondent)
            guard !token.isEmpty else { throw BalansError(.badData, file: shown, line: line, "respondent: the token is empty") }
            if token.contains("@") {
                throw BalansError(.badData, file: shown, line: line, "respondent: \(SafeText.quoted(token)) looks like an e-mail address: use pseudonymous tokens, never customer ids")
            }
            let vid = field(h.vignette)
            let vignette: Int?
            if vid == CalibrationDesign.attentionID {
                vignette = nil
            } else if let i = vignetteIndex[vid] {
                vignette = i
            } else {
                throw BalansError(.badData, file: shown, line: line, "vignette: unknown vignette \(SafeText.quoted(vid)) (the design has \(design.vignettes.first?.id ?? "")…\(design.vignettes.last?.id ?? "") and \(CalibrationDesign.attentionID))")
            }
            var items: [Int] = []
            for (k, c) in h.items.enumerated() {
                let text = field(c)
                guard let x = Int(text), IntrusivenessItem.scale.contains(x) else {
                    throw BalansError(.badData, file: shown, line: line, "\(IntrusivenessItem.allCases[k].rawValue): \(SafeText.quoted(text)) is not an answer 1 to 7")
                }
                items.append(x)
            }
            let r: Int
            if let known = tokenIndex[token] { r = known } else {
                r = out.respondents.count
                tokenIndex[token] = r
                out.respondents.append(token)
            }
            let key = vignette ?? -1
            if let first = seen[r]?[key] {
                throw BalansError(.badData, file: shown, line: line, "respondent \(SafeText.quoted(token)) answered vignette \(SafeText.quoted(vid)) already on line \(first)")
            }
            seen[r, default: [:]][key] = line
            out.rows.append(Row(respondent: r, vignette: vignette, items: items, line: line, groups: h.groups.map { field($0.column) }))
        }
        guard header != nil else { throw BalansError(.badData, file: shown, "the file is empty: expected a header line naming the columns") }
        guard !out.rows.isEmpty else { throw BalansError(.badData, file: shown, "no answers: the file has a header and no rows") }
        return out
    }
}

extension CalibrationDesign {
    /// Refuses a design made for another scenario, or for this one before its categories changed.
    public func check(against scenario: Scenario, file: String) throws(BalansError) {
        if self.scenario != scenario.name {
            throw BalansError(.badData, file: file, path: "scenario",
                              "this design is for scenario \(SafeText.quoted(self.scenario)), not \(SafeText.quoted(scenario.name))")
        }
        if fingerprint != CalibrationDesign.fingerprint(scenario) {
            throw BalansError(.badData, file: file, path: "fingerprint",
                              "the categories of scenario \(SafeText.quoted(scenario.name)) changed since this design was made: make a new design")
        }
    }
}
