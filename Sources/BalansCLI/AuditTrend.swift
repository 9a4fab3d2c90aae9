import ArgumentParser
import BalansModel
import BalansText

/// `balans audit trend`: the figures of every entry of a verified log, and what changed between
/// one entry and the next (issue #17, item 3; docs/audits.md).
struct AuditTrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "The figures of every audit in a log, and what changed between them.",
        discussion: """
        Verifies --log first (a broken chain is 65, as with verify), then lists per entry the \
        intrusiveness, band, uplift, value, each parity and the breaches by severity, and between \
        consecutive entries what changed: segments whose level or exclusions changed, the weights, \
        the input files (by SHA-256) and the consent sources. text is in English or Swedish \
        (--lang); json and csv are the same in every language.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv
    }

    @Option(help: ArgumentHelp("The audit log (JSON Lines).", valueName: "FILE"), completion: .file(extensions: ["jsonl"]))
    var log: String

    @Option(help: "The output format.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Also write the trend as an SVG chart (intrusiveness per audit over the bands).", valueName: "FILE"),
            completion: .file(extensions: ["svg"]))
    var svg: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingErrors {
            let bytes = try FileIO.read(log)
            let chain: AuditLog.Chain
            switch AuditLog.verify(bytes, file: log) {
            case .success(let c): chain = c
            case .failure(let p): throw BalansError.auditLog(log, p)
            }
            let trend = AuditTrend(chain.entries.map(AuditTrend.Entry.init))
            if let svg {
                try FileIO.writeAtomically(AuditTrendSVG.render(trend), to: svg)
                Output.wrote(svg)
            }
            let sink = OutputSink()
            switch format {
            case .text: trend.writeText(log: log, language.catalogue, to: sink)
            case .json: sink.write(JSONWriter.write(trend.json(log: log), inlineSmallObjects: true) + "\n")
            case .csv: trend.writeCSV(to: sink)
            }
            sink.flush()
        }
    }
}

/// The trend of a log's entries. Read from entries `verify` accepted; a member an older or
/// hand-made entry lacks reads as empty rather than failing.
struct AuditTrend {
    struct Entry {
        var number: Int
        var recorded: String
        var note: String?
        var intrusiveness: Double
        var band: String
        var uplift: Double
        var value: Double
        var parity: [(attribute: String, uplift: Double, exposure: Double)]
        var breaches: (error: Int, warning: Int, info: Int)
        var levels: [(String, Int)]
        var excluded: [String: [String]]
        var weights: [(String, Double)]
        var inputs: [String: String]
        var sources: [String]

        init(_ v: JSONValue) {
            func member(_ v: JSONValue?, _ key: String) -> JSONValue? {
                guard case .object(let m)? = v?.kind else { return nil }
                return m.first { $0.key == key }?.value
            }
            func num(_ v: JSONValue?) -> Double { if case .number(let n)? = v?.kind { return n } else { return 0 } }
            func string(_ v: JSONValue?) -> String? { if case .string(let s)? = v?.kind { return s } else { return nil } }
            func members(_ v: JSONValue?) -> [JSONMember] { if case .object(let m)? = v?.kind { return m } else { return [] } }
            func items(_ v: JSONValue?) -> [JSONValue] { if case .array(let a)? = v?.kind { return a } else { return [] } }
            self.number = Int(num(member(v, "entry")))
            recorded = string(member(v, "recorded")) ?? ""
            note = string(member(v, "note"))
            let agg = member(v, "aggregate")
            intrusiveness = num(member(agg, "intrusiveness"))
            band = string(member(agg, "band")) ?? ""
            uplift = num(member(agg, "uplift"))
            value = num(member(agg, "value"))
            parity = items(member(v, "fairness")).map {
                (string(member($0, "attribute")) ?? "", num(member($0, "upliftParity")), num(member($0, "exposureParity")))
            }
            let b = member(v, "breaches")
            breaches = (Int(num(member(b, "error"))), Int(num(member(b, "warning"))), Int(num(member(b, "info"))))
            let setting = member(v, "setting")
            levels = members(member(setting, "levels")).map { ($0.key, Int(num($0.value))) }
            excluded = Dictionary(members(member(setting, "excluded")).map { ($0.key, items($0.value).compactMap { string($0) }) },
                                  uniquingKeysWith: { a, _ in a })
            let w = member(v, "weights")
            weights = members(member(w, "origin")).map { ("origin.\($0.key)", num($0.value)) }
                + members(w).filter { $0.key != "origin" }.map { ($0.key, num($0.value)) }
            var inputs: [String: String] = [:]
            for i in items(member(v, "inputs")) {
                if let role = string(member(i, "role")) { inputs[role] = string(member(i, "sha256")) ?? string(member(i, "builtin")) ?? "" }
            }
            self.inputs = inputs
            sources = items(member(v, "consentSources")).map { JSONWriter.compact($0) }
        }
    }

    /// What changed from one entry to the next.
    struct Change {
        var from: Int, to: Int
        /// Segments whose level changed, in the later entry's order; and whose exclusions changed.
        var levels: [String], excluded: [String]
        var weights: [String]
        /// Inputs (preset, scenario, policy) added, removed or with other bytes.
        var inputs: [String]
        var sourcesAdded: Int, sourcesRemoved: Int

        var isEmpty: Bool {
            levels.isEmpty && excluded.isEmpty && weights.isEmpty && inputs.isEmpty && sourcesAdded == 0 && sourcesRemoved == 0
        }

        init(_ a: Entry, _ b: Entry) {
            from = a.number
            to = b.number
            let before = Dictionary(a.levels, uniquingKeysWith: { x, _ in x })
            levels = b.levels.filter { before[$0.0] != $0.1 }.map(\.0)
            let ids = Set(a.excluded.keys).union(b.excluded.keys)
            excluded = b.levels.map(\.0).filter { ids.contains($0) && a.excluded[$0] != b.excluded[$0] }
            let wa = Dictionary(a.weights, uniquingKeysWith: { x, _ in x })
            weights = b.weights.filter { wa[$0.0] != $0.1 }.map(\.0)
            inputs = ["preset", "scenario", "policy"].filter { a.inputs[$0] != b.inputs[$0] }
            sourcesAdded = Set(b.sources).subtracting(a.sources).count
            sourcesRemoved = Set(a.sources).subtracting(b.sources).count
        }
    }

    var entries: [Entry]
    var changes: [Change]
    /// Every parity attribute, in the order first met.
    var attributes: [String]

    init(_ entries: [Entry]) {
        self.entries = entries
        changes = zip(entries, entries.dropFirst()).map { Change($0, $1) }
        var seen: [String] = []
        for e in entries { for p in e.parity where !seen.contains(p.attribute) { seen.append(p.attribute) } }
        attributes = seen
    }

    func json(log: String) -> JSONValue {
        .obj([
            ("balans", .str("audit-trend/1")),
            ("log", .str(log)),
            ("entries", .arr(entries.map { e in
                .obj([
                    ("entry", .int(e.number)), ("recorded", .str(e.recorded)), ("note", e.note.map { .str($0) } ?? .null),
                    ("intrusiveness", .num(e.intrusiveness)), ("band", .str(e.band)), ("uplift", .num(e.uplift)), ("value", .num(e.value)),
                    ("fairness", .arr(e.parity.map {
                        .obj([("attribute", .str($0.attribute)), ("upliftParity", .num($0.uplift)), ("exposureParity", .num($0.exposure))])
                    })),
                    ("breaches", .obj([("error", .int(e.breaches.error)), ("warning", .int(e.breaches.warning)), ("info", .int(e.breaches.info))])),
                ])
            })),
            ("changes", .arr(changes.map { c in
                .obj([
                    ("from", .int(c.from)), ("to", .int(c.to)),
                    ("levels", .arr(c.levels.map { .str($0) })), ("excluded", .arr(c.excluded.map { .str($0) })),
                    ("weights", .arr(c.weights.map { .str($0) })), ("inputs", .arr(c.inputs.map { .str($0) })),
                    ("consentSources", .obj([("added", .int(c.sourcesAdded)), ("removed", .int(c.sourcesRemoved))])),
                ])
            })),
        ])
    }

    /// One row per entry; the parities as `parity_ATTRIBUTE_uplift` / `_exposure` columns.
    func writeCSV(to sink: OutputSink) {
        var header = ["entry", "recorded", "intrusiveness", "band", "uplift", "value", "errors", "warnings", "infos"]
        for a in attributes { header += ["uplift_parity_" + a, "exposure_parity_" + a] }
        header += ["levels_changed", "note"]
        sink.write(header.map(CSV.field).joined(separator: ",") + "\r\n")
        for (i, e) in entries.enumerated() {
            var row = [String(e.number), e.recorded, JSONWriter.format(e.intrusiveness), e.band, JSONWriter.format(e.uplift),
                       JSONWriter.format(e.value), String(e.breaches.error), String(e.breaches.warning), String(e.breaches.info)]
            for a in attributes {
                let p = e.parity.first { $0.attribute == a }
                row += [p.map { JSONWriter.format($0.uplift) } ?? "", p.map { JSONWriter.format($0.exposure) } ?? ""]
            }
            row += [i == 0 ? "" : String(changes[i - 1].levels.count), e.note ?? ""]
            sink.write(row.map(CSV.field).joined(separator: ",") + "\r\n")
        }
    }

    func writeText(log: String, _ c: Catalogue, to sink: OutputSink) {
        sink.line(c.text(entries.count == 1 ? .cliTrendTitleOne : .cliTrendTitleMany, safe(log), String(entries.count)))
        sink.line("")
        var columns: [TextTable.Column] = [.init("  #", right: true), .init(c.text(.cliColRecorded)), .init(c.text(.cliFigIntrusiveness), right: true),
                                           .init(c.text(.cliColBand)), .init(c.text(.cliColUplift), right: true), .init(c.text(.cliColValue), right: true),
                                           .init(c.text(.cliFigErrors), right: true), .init(c.text(.cliFigWarnings), right: true),
                                           .init(c.text(.cliFigInfos), right: true)]
        for a in attributes { columns.append(.init(c.text(.cliColParity, safe(a)), right: true)) }
        columns.append(.init(c.text(.cliColNote)))
        var t = TextTable(columns: columns)
        for e in entries {
            var row = ["  \(e.number)", safe(e.recorded), c.cliFixed(e.intrusiveness, 1), safe(e.band), c.cliFixed(e.uplift, 2),
                       c.cliGrouped(e.value), String(e.breaches.error), String(e.breaches.warning), String(e.breaches.info)]
            for a in attributes {
                let p = e.parity.first { $0.attribute == a }
                row.append(p.map { c.cliFixed($0.uplift, 2) + " / " + c.cliFixed($0.exposure, 2) } ?? "")
            }
            row.append(safe(e.note ?? ""))
            t.add(row)
        }
        for l in t.render() { sink.line(l) }
        guard !changes.isEmpty else { return }
        sink.line("")
        sink.line(c.text(.cliTrendChanges))
        for ch in changes { sink.line("  \(ch.from) → \(ch.to): " + Self.describe(ch, c)) }
    }

    /// What changed, in words: "the level of 3 segments (a, b, c); the weights (vulnerable)".
    static func describe(_ ch: Change, _ c: Catalogue) -> String {
        var parts: [String] = []
        func some(_ ids: [String]) -> String {
            ids.prefix(5).map(safe).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
        }
        if !ch.levels.isEmpty {
            parts.append(c.text(ch.levels.count == 1 ? .cliTrendLevelsOne : .cliTrendLevels, String(ch.levels.count), some(ch.levels)))
        }
        if !ch.excluded.isEmpty {
            parts.append(c.text(ch.excluded.count == 1 ? .cliTrendExcludedOne : .cliTrendExcluded, String(ch.excluded.count), some(ch.excluded)))
        }
        if !ch.weights.isEmpty { parts.append(c.text(.cliTrendWeights, some(ch.weights))) }
        if !ch.inputs.isEmpty { parts.append(c.text(.cliTrendInputs, ch.inputs.joined(separator: ", "))) }
        if ch.sourcesAdded + ch.sourcesRemoved > 0 {
            parts.append(c.text(.cliTrendSources, String(ch.sourcesAdded), String(ch.sourcesRemoved)))
        }
        return ch.isEmpty ? c.text(.cliTrendNothing) : parts.joined(separator: "; ")
    }
}
