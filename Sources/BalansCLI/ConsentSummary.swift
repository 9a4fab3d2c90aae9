import BalansModel
import BalansText

/// The summary `balans consent import-csv` and `tcf` print: what was read, what could not be used
/// (by line), which rates were set, and which were kept and why.
struct ConsentSummary {
    var result: ConsentImport
    var input: String
    var output: String
    /// Whether the scenario was written.
    var written: Bool
    var method: ConsentSource.Method
    /// Whether what was written is mergeable counts (`tcf --counts-out`), not a scenario.
    var countsOut = false
    var catalogue: Catalogue

    /// Rows of the rate table shown in text; json lists them all.
    static let tableLimit = 200

    func text() -> String {
        let c = catalogue
        var out: [String] = []
        out.append(c.text(.consentHeading, safe(input), safe(result.scenario.name)))
        out.append(c.text(.consentRecords, whole(result.records), whole(result.used), whole(result.problemCount)))
        if let applied = result.appliedTo {
            let all = applied.count == result.scenario.segments.count
            out.append(c.text(.consentAppliedTo, all ? c.text(.consentAllSegments) : c.list(applied.map(safe))))
        }
        if result.outdatedCount > 0 {
            out.append(c.text(result.outdatedIncluded ? .consentOutdatedIncluded : .consentOutdatedLeftOut, whole(result.outdatedCount),
                              result.outdated.prefix(10).map(String.init).joined(separator: ", ") + (result.outdatedCount > 10 ? ", …" : "")))
        }
        if result.gppStrings > 0 {
            let skipped = Self.skippedSections(result).map { "\($0.name) \(whole($0.records))" }
            out.append(c.text(.consentGPP, whole(result.gppStrings), skipped.isEmpty ? c.text(.consentGPPNone) : skipped.joined(separator: ", ")))
        }
        if let map = result.consentModeMap {
            let entries = map.entries.map { c.text(.consentModeEntry, $0.signal.rawValue, $0.categories.map(safe).joined(separator: ", ")) }
            out.append(c.text(.consentModeMap, entries.joined(separator: "; ")))
            if result.unrecorded > 0 { out.append(c.text(.consentModeUnrecorded, whole(result.unrecorded))) }
        }
        if !result.ignoredColumns.isEmpty {
            out.append(c.text(.consentIgnoredColumns, result.ignoredColumns.map(safe).joined(separator: ", ")))
        }
        if result.problemCount > 0 {
            out.append("")
            out.append(c.text(.consentNotUsed))
            for p in result.problems.prefix(50) { out.append("  " + c.text(.consentLine, String(p.line), safe(c.reason(p.reason)))) }
            if result.problemCount > 50 { out.append("  " + c.text(.consentMore, whole(result.problemCount - 50))) }
        }
        out.append("")
        let segments = Set(result.changes.map(\.segment)).count
        out.append(c.text(.consentSet, whole(result.changes.count), whole(segments)))
        if !result.changes.isEmpty {
            var table = TextTable(columns: [.init(c.text(.consentColSegment)), .init(c.text(.consentColCategory)),
                                            .init(c.text(.consentColBefore), right: true), .init(c.text(.consentColAfter), right: true),
                                            .init(c.text(.consentColRecords), right: true), .init(c.text(.consentColFrom))])
            for ch in result.changes.prefix(Self.tableLimit) {
                table.add([safe(ch.segment), safe(ch.category), c.percent(ch.old, decimals: 1), c.percent(ch.new, decimals: 1),
                           ch.records.map(whole) ?? "–", via(ch.via)])
            }
            out += table.render().map { "  " + $0 }
            if result.changes.count > Self.tableLimit {
                out.append("  " + c.text(.consentMoreRates, whole(result.changes.count - Self.tableLimit)))
            }
        }
        // Kept rates, grouped by category and reason, with the segments (or "all segments").
        if !result.kept.isEmpty {
            out.append("")
            out.append(c.text(.consentKept))
            let total = result.scenario.segments.count
            for group in keptGroups() {
                let who = group.segments.count == total && total > 1 ? c.text(.consentAllSegments)
                    : c.list(group.segments.prefix(8).map(safe)) + (group.segments.count > 8 ? " " + c.text(.consentAndMore, whole(group.segments.count - 8)) : "")
                out.append("  " + c.text(.consentKeptLine, group.categories.map(safe).joined(separator: ", "), reason(group.reason), who))
            }
        }
        if written {
            out.append("")
            out.append(c.text(countsOut ? .consentWrittenCounts : .consentWritten, safe(output)))
        }
        return out.joined(separator: "\n")
    }

    func json() -> String {
        var top: [(String, JSONValue)] = [
            ("input", .str(input)), ("output", .str(output)), ("written", .bool(written)), ("scenario", .str(result.scenario.name)),
            ("method", .str(method.rawValue)), ("records", .int(result.records)), ("used", .int(result.used)),
            ("problems", .obj([("count", .int(result.problemCount)),
                               ("lines", .arr(result.problems.map { .obj([("line", .int($0.line)), ("reason", .str($0.reason.english))]) }))])),
        ]
        if method == .tcf {
            top.append(("outdated", .obj([("count", .int(result.outdatedCount)), ("included", .bool(result.outdatedIncluded)),
                                          ("lines", .arr(result.outdated.map { .int($0) }))])))
        }
        if countsOut { top.append(("countsOut", .bool(true))) }
        if method == .tcf {
            top.append(("gpp", .obj([("strings", .int(result.gppStrings)),
                                     ("skippedSections", .arr(Self.skippedSections(result).map {
                                         .obj([("id", .int($0.id)), ("name", .str($0.name)), ("records", .int($0.records))])
                                     }))])))
        }
        if let applied = result.appliedTo { top.append(("appliedTo", .arr(applied.map { .str($0) }))) }
        if let map = result.consentModeMap {
            top.append(("consentMode", .obj([
                ("map", .arr(map.entries.map { .obj([("signal", .str($0.signal.rawValue)), ("categories", .arr($0.categories.map { .str($0) }))]) })),
                ("unrecorded", .int(result.unrecorded)),
            ])))
        }
        top.append(("ignoredColumns", .arr(result.ignoredColumns.map { .str($0) })))
        top.append(("changes", .arr(result.changes.map { ch in
            var m: [(String, JSONValue)] = [("segment", .str(ch.segment)), ("category", .str(ch.category)),
                                            ("before", .num(ch.old)), ("after", .num(ch.new))]
            m.append(("records", ch.records.map { .int($0) } ?? .null))
            switch ch.via {
            case .category: m.append(("via", .str("category")))
            case .leastOf(let items): m.append(("via", .str("least"))); m.append(("of", .arr(items.map { .str($0) })))
            case .allOf(let items): m.append(("via", .str("all"))); m.append(("of", .arr(items.map { .str($0) })))
            case .signals(let items): m.append(("via", .str("signals"))); m.append(("of", .arr(items.map { .str($0) })))
            }
            return .obj(m)
        })))
        top.append(("kept", .arr(result.kept.map { .obj([("segment", .str($0.segment)), ("category", .str($0.category)),
                                                          ("reason", .str($0.reason.rawValue))]) })))
        return JSONWriter.write(.obj(top), inlineSmallObjects: true)
    }

    /// The GPP sections that were not counted (all but EU TCF v2), by id, with how many records held each.
    static func skippedSections(_ result: ConsentImport) -> [(id: Int, name: String, records: Int)] {
        result.gppSkipped.keys.sorted().map { ($0, GPPString.sectionName($0).prefix, result.gppSkipped[$0] ?? 0) }
    }

    struct KeptGroup {
        var categories: [String]
        var reason: ConsentImport.KeepReason
        var segments: [String]
    }

    /// Kept rates grouped twice: first the segments per category and reason, then the categories
    /// that share a reason and the same segments, so that "no data in all segments" is one line.
    func keptGroups() -> [KeptGroup] {
        var bySegments: [KeptGroup] = []
        var index: [String: Int] = [:]
        for k in result.kept {
            let key = k.category + "\u{0}" + k.reason.rawValue
            if let i = index[key] { bySegments[i].segments.append(k.segment) } else {
                index[key] = bySegments.count
                bySegments.append(KeptGroup(categories: [k.category], reason: k.reason, segments: [k.segment]))
            }
        }
        var merged: [KeptGroup] = []
        var mergedIndex: [String: Int] = [:]
        for g in bySegments {
            let key = g.reason.rawValue + "\u{0}" + g.segments.joined(separator: "\u{0}")
            if let i = mergedIndex[key] { merged[i].categories += g.categories } else {
                mergedIndex[key] = merged.count
                merged.append(g)
            }
        }
        return merged
    }

    func whole(_ n: Int) -> String { catalogue.number(Double(n)) }

    func via(_ v: ConsentImport.Via) -> String {
        switch v {
        case .category: return catalogue.text(.consentViaCategory)
        case .leastOf(let items): return catalogue.text(.consentViaLeast, items.joined(separator: " "))
        case .allOf(let items): return catalogue.text(.consentViaAll, items.joined(separator: " "))
        case .signals(let items): return catalogue.text(.consentViaSignals, catalogue.list(items))
        }
    }

    func reason(_ r: ConsentImport.KeepReason) -> String {
        switch r {
        case .noData: return catalogue.text(.consentReasonNoData)
        case .noMapping: return catalogue.text(.consentReasonNoMapping)
        case .special: return catalogue.text(method == .consentMode ? .consentReasonSpecialConsentMode : .consentReasonSpecial)
        case .noRecords: return catalogue.text(.consentReasonNoRecords)
        case .noSignal: return catalogue.text(.consentReasonNoSignal)
        }
    }
}

/// The texts of `balans consent`, in English and Swedish.
enum ConsentText: String, CatalogueKeys {
    case consentHeading, consentRecords, consentAppliedTo, consentAllSegments, consentOutdatedIncluded, consentOutdatedLeftOut
    case consentIgnoredColumns, consentNotUsed, consentLine, consentMore, consentSet, consentMoreRates, consentKept, consentKeptLine
    case consentAndMore, consentWritten, consentWrittenCounts, consentGPP, consentGPPNone
    case consentColSegment, consentColCategory, consentColBefore, consentColAfter, consentColRecords, consentColFrom
    case consentViaCategory, consentViaLeast, consentViaAll, consentViaSignals
    case consentReasonNoData, consentReasonNoMapping, consentReasonSpecial, consentReasonNoRecords
    case consentModeMap, consentModeEntry, consentModeUnrecorded, consentReasonNoSignal, consentReasonSpecialConsentMode

    static let english: [ConsentText: String] = [
        .consentHeading: "Consent records from {0} for scenario \"{1}\"",
        .consentRecords: "Records: {0} read, {1} used, {2} not used",
        .consentAppliedTo: "The file names no segments; its rates were set for {0}.",
        .consentAllSegments: "all segments",
        .consentOutdatedIncluded: "Outdated (policy version below 4, invalid since TCF v2.2): {0}, counted as asked (lines {1})",
        .consentOutdatedLeftOut: "Outdated (policy version below 4, invalid since TCF v2.2): {0}, left out (lines {1}); --include-outdated counts them",
        .consentIgnoredColumns: "Columns not read: {0}",
        .consentGPP: "GPP strings: {0}, counted by their EU TCF v2 section; sections not counted (records): {1}",
        .consentGPPNone: "none",
        .consentWrittenCounts: "Wrote the counts to {0}; balans consent import-csv adds them up, with those of other shards, into rates.",
        .consentNotUsed: "Not used:",
        .consentLine: "line {0}: {1}",
        .consentMore: "… and {0} more (--format json lists the first 1000)",
        .consentSet: "Rates set: {0}, in {1} of the segments:",
        .consentMoreRates: "… and {0} more (--format json lists all)",
        .consentKept: "Kept as they were (never guessed):",
        .consentKeptLine: "{0}: {1}, in {2}",
        .consentAndMore: "and {0} more",
        .consentWritten: "Wrote {0}; each rate there names its source, and the dashboard's detail pane shows it.",
        .consentColSegment: "Segment",
        .consentColCategory: "Category",
        .consentColBefore: "Before",
        .consentColAfter: "After",
        .consentColRecords: "Records",
        .consentColFrom: "From",
        .consentViaCategory: "its own rows",
        .consentViaLeast: "least of {0}",
        .consentViaAll: "strings allowing {0}",
        .consentViaSignals: "rows granting {0}",
        .consentModeMap: "Consent Mode signals (--map): {0}",
        .consentModeEntry: "{0} → {1}",
        .consentModeUnrecorded: "Rows not counted for any category (no value for its mapped signals): {0}",
        .consentReasonNoSignal: "no Consent Mode signal is mapped (--map)",
        .consentReasonSpecialConsentMode: "special category (Art. 9): a Consent Mode signal is not explicit consent",
        .consentReasonNoData: "no data",
        .consentReasonNoMapping: "no TCF purposes or special features in its tcf mapping",
        .consentReasonSpecial: "special category (Art. 9): TCF consent is not explicit consent",
        .consentReasonNoRecords: "no usable records for the segment",
    ]

    static let swedish: [ConsentText: String] = [
        .consentHeading: "Samtyckesposter från {0} för scenariot \"{1}\"",
        .consentRecords: "Poster: {0} lästa, {1} använda, {2} inte använda",
        .consentAppliedTo: "Filen anger inga segment; andelarna sattes för {0}.",
        .consentAllSegments: "alla segment",
        .consentOutdatedIncluded: "Föråldrade (policyversion under 4, ogiltiga sedan TCF v2.2): {0}, räknade på begäran (rader {1})",
        .consentOutdatedLeftOut: "Föråldrade (policyversion under 4, ogiltiga sedan TCF v2.2): {0}, utelämnade (rader {1}); --include-outdated räknar med dem",
        .consentIgnoredColumns: "Kolumner som inte lästs: {0}",
        .consentGPP: "GPP-strängar: {0}, räknade efter sitt avsnitt för EU TCF v2; avsnitt som inte räknats (poster): {1}",
        .consentGPPNone: "inga",
        .consentWrittenCounts: "Skrev räkningarna till {0}; balans consent import-csv summerar dem, med andra delars, till andelar.",
        .consentNotUsed: "Inte använda:",
        .consentLine: "rad {0}: {1}",
        .consentMore: "… och {0} till (--format json listar de första 1000)",
        .consentSet: "Satta andelar: {0}, i {1} av segmenten:",
        .consentMoreRates: "… och {0} till (--format json listar alla)",
        .consentKept: "Oförändrade (aldrig gissade):",
        .consentKeptLine: "{0}: {1}, i {2}",
        .consentAndMore: "och {0} till",
        .consentWritten: "Skrev {0}; varje andel där anger sin källa, som detaljrutan visar.",
        .consentColSegment: "Segment",
        .consentColCategory: "Kategori",
        .consentColBefore: "Före",
        .consentColAfter: "Efter",
        .consentColRecords: "Poster",
        .consentColFrom: "Från",
        .consentViaCategory: "egna rader",
        .consentViaLeast: "minst av {0}",
        .consentViaAll: "strängar som tillåter {0}",
        .consentViaSignals: "rader som beviljar {0}",
        .consentModeMap: "Consent Mode-signaler (--map): {0}",
        .consentModeEntry: "{0} → {1}",
        .consentModeUnrecorded: "Rader som inte räknats för någon kategori (inget värde för dess kopplade signaler): {0}",
        .consentReasonNoSignal: "ingen Consent Mode-signal kopplad (--map)",
        .consentReasonSpecialConsentMode: "särskild kategori (art. 9): en Consent Mode-signal är inte uttryckligt samtycke",
        .consentReasonNoData: "inga uppgifter",
        .consentReasonNoMapping: "inga TCF-ändamål eller särskilda funktioner i dess tcf-koppling",
        .consentReasonSpecial: "särskild kategori (art. 9): samtycke via TCF är inte uttryckligt samtycke",
        .consentReasonNoRecords: "inga användbara poster för segmentet",
    ]
}

extension Catalogue {
    /// The consent commands' texts.
    func text(_ key: ConsentText, _ args: String...) -> String { resolve(key, args) }
}
