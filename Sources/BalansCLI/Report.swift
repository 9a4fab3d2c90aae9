import BalansModel
import BalansText

/// The audit report of `balans report` as a document of blocks, rendered as Markdown or as one
/// self-contained HTML file. Every text comes from the catalogue (`ReportText`, and the model's for
/// the notices) or from the input files; the renderers escape all of it.
struct AuditReport {
    let inputs: Inputs
    let catalogue: Catalogue
    let date: CalendarDay
    let version: String
    let frontier: FrontierReport
    /// The input files and built-ins the report rests on, in the order preset, scenario, policy.
    let provenance: [Provenance]

    /// The audits kept in a log (`report --log`, issue #17): its path, its last hash and the trend.
    let trend: (log: String, lastHash: String, trend: AuditTrend)?

    init(inputs: Inputs, catalogue: Catalogue, date: CalendarDay, version: String, provenance: [Provenance] = [],
         trend: (log: String, lastHash: String, trend: AuditTrend)? = nil) {
        self.inputs = inputs
        self.catalogue = catalogue
        self.date = date
        self.version = version
        self.frontier = FrontierReport(inputs: inputs)
        self.provenance = provenance
        self.trend = trend
    }

    /// One input of the report: a file with its SHA-256 and day, or a built-in of this version.
    struct Provenance {
        enum Role { case preset, scenario, policy }
        enum Source {
            /// A file: its path as given (or as the preset names it), the hex SHA-256 of its bytes
            /// and the UTC day it was last modified (at most the report's date; see `ReportCommand`).
            case file(path: String, sha256: String, day: CalendarDay?)
            /// `builtin:NAME`, compiled into Balans.
            case builtin(String)
        }
        var role: Role
        var source: Source
    }

    /// The violations by severity, and whether the setting passes the code: it fails with any
    /// error (warnings fail only `balans check --strict`).
    var counts: (errors: Int, warnings: Int, infos: Int) {
        let v = evaluation.violations
        return (v.filter { $0.severity == .error }.count, v.filter { $0.severity == .warning }.count,
                v.filter { $0.severity == .info }.count)
    }

    var passes: Bool { counts.errors == 0 }

    /// The verdict at the top: passes or fails the code, with the counts.
    var verdict: String {
        let n = counts
        let key: ReportText = passes ? .reportVerdictPasses : .reportVerdictFails
        return c.text(key, c.text(.reportQuoted, model.policy.name), String(n.errors), String(n.warnings), String(n.infos))
    }

    var provenanceBlocks: [Block] {
        func role(_ r: Provenance.Role) -> String {
            switch r {
            case .preset: return c.text(.reportMetaPreset)
            case .scenario: return c.text(.reportMetaScenario)
            case .policy: return c.text(.reportProvPolicy)
            }
        }
        var rows: [[String]] = provenance.map { p in
            switch p.source {
            case .file(let path, let sha, let day):
                return [role(p.role), path, sha, day?.iso ?? "–"]
            case .builtin(let name):
                return [role(p.role), name, c.text(.reportProvBuiltin), "–"]
            }
        }
        rows.append([c.text(.reportProvTool), "Balans " + version, "–", "–"])
        return [.paragraph(c.text(.reportProvenanceIntro)),
                .table(header: [c.text(.reportColInput), c.text(.reportColFile), c.text(.reportColSHA), c.text(.reportColModified)],
                       rows: rows, numeric: []),
                .note(c.text(.reportProvenanceCheck))]
    }

    var model: ScoringModel { inputs.model }
    var evaluation: Evaluation { inputs.evaluation }
    var scenario: Scenario { inputs.model.scenario }
    var c: Catalogue { catalogue }

    // MARK: The document

    /// A table cell or paragraph: plain text, escaped by the renderer.
    enum Block {
        case paragraph(String)
        /// A table; `numeric` marks the right-aligned columns.
        case table(header: [String], rows: [[String]], numeric: Set<Int>)
        /// Key-value pairs (the summary and the title block).
        case facts([(String, String)])
        case note(String)
        case chart
        /// The audits over time (`report --log`).
        case trendChart
        /// A sub-heading with an anchor id and its sentences (the notices).
        case notice(id: String, heading: String, sentences: [String])
        case subheading(String)
        /// Labelled blank lines to fill in by hand on the printed report.
        case signoff([String])
    }

    struct Section {
        var id: String
        var title: String
        var blocks: [Block]
    }

    var title: String { c.text(.reportTitle) }

    var headFacts: [(String, String)] {
        let presetText = inputs.preset.map { c.text(.reportQuoted, $0.preset.name) + " (\($0.path))" } ?? c.text(.reportMetaNoPreset)
        return [
            (c.text(.reportMetaScenario), scenario.name),
            (c.text(.reportMetaPreset), presetText),
            (c.text(.reportMetaCode), model.policy.name),
            (c.text(.reportMetaDate), date.iso + " (" + date.long(c) + ")"),
        ]
    }

    func band(_ b: Band) -> String { c.bandWord(b) }

    func severity(_ s: Severity) -> String { c.severityWord(s) }

    func criterion(_ k: DPIACriterion) -> String {
        switch k {
        case .profiling: return c.text(.reportCritProfiling)
        case .specialCategory: return c.text(.reportCritSpecial)
        case .largeScale: return c.text(.reportCritLargeScale)
        case .matchingData: return c.text(.reportCritMatching)
        case .vulnerableSubjects: return c.text(.reportCritVulnerable)
        }
    }

    func ruleName(_ r: RuleID) -> String {
        switch r {
        case .maxBand: return c.text(.reportRuleMaxBand)
        case .maxIntrusiveness: return c.text(.reportRuleMaxIntrusiveness)
        case .minorsProfiling: return c.text(.reportRuleMinorsProfiling)
        case .vulnerableBand: return c.text(.reportRuleVulnerableBand)
        case .specialCategory: return c.text(.reportRuleSpecialCategory)
        case .noReach: return c.text(.reportRuleNoReach)
        case .upliftParity: return c.text(.reportRuleUpliftParity)
        case .exposureParity: return c.text(.reportRuleExposureParity)
        case .dpia: return c.text(.reportRuleDPIA)
        }
    }

    func levelText(_ level: Int) -> String { "\(level) \(scenario.levels[level].name)" }

    /// The reason for a violation in the report's language: the violation's own message (one
    /// wording, shared with the dashboard), as a sentence, with the WP248 criteria spelled out.
    func reason(_ v: Violation) -> String {
        let text = v.message(in: c, criteria: { c.list($0.map(criterion)) })
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    /// Where the touched categories' rates came from, when any were imported (`balans consent`):
    /// one row per segment and import. Nothing when none were, so reports of scenarios without
    /// imports are as they were.
    var sourceBlocks: [Block] {
        var rows: [[String]] = []
        for row in evaluation.rows {
            let seg = scenario.segments[row.segment]
            guard !seg.consentSource.isEmpty else { continue }
            let ids = row.touches.map { scenario.categories[$0].id }
            for g in seg.consentSources(of: ids).groups {
                let names = g.categories.map { id in scenario.categories.first { $0.id == id }?.name ?? id }
                let method: String
                switch g.source.method {
                case .csv: method = c.text(.reportSourceCSV)
                case .tcf: method = c.text(.reportSourceTCF)
                case .consentMode: method = c.text(.reportSourceConsentMode)
                }
                let day = CalendarDay(iso: g.source.date).map { $0.long(c) } ?? g.source.date
                let records = g.records.map { $0.lowerBound == $0.upperBound ? c.number(Double($0.lowerBound))
                    : c.number(Double($0.lowerBound)) + "–" + c.number(Double($0.upperBound)) } ?? "–"
                rows.append([seg.name, names.joined(separator: "; "), "\(g.source.file) (\(method))", day, records])
            }
        }
        guard !rows.isEmpty else { return [] }
        return [.subheading(c.text(.reportSources)), .paragraph(c.text(.reportSourcesIntro)),
                .table(header: [c.text(.reportColSegment), c.text(.reportColSourceData), c.text(.reportColSource),
                                c.text(.reportColImported), c.text(.reportColRecords)], rows: rows, numeric: [4])]
    }

    /// Where the weights behind the scores came from, when they were fitted (decision 0033): the
    /// survey's files, respondents, day and method, then the weights. Nothing for weights as the
    /// scenario's author wrote them, so such reports are as they were.
    var weightsSourceBlocks: [Block] {
        guard let src = scenario.weightsSource else { return [] }
        let method: String
        switch src.method {
        case .nnls: method = c.text(.reportWeightsMethodNNLS)
        }
        let w = scenario.weights
        let weights = [("origin.declared", w.declared), ("origin.observed", w.observed), ("origin.inferred", w.inferred),
                       ("specialFeature", w.specialFeature), ("crossContext", w.crossContext), ("obtrusive", w.obtrusive),
                       ("vulnerable", w.vulnerable), ("profilingBoost", w.profilingBoost)]
            .map { "\($0.0) \(c.number($0.1, decimals: 2))" }.joined(separator: "; ")
        var facts: [(String, String)] = [(c.text(.reportWeightsAnswers), src.file)]
        if let d = src.design { facts.append((c.text(.reportWeightsDesign), d)) }
        facts += [(c.text(.reportWeightsRespondents), c.number(Double(src.respondents))),
                  (c.text(.reportWeightsDate), CalendarDay(iso: src.date).map { $0.long(c) } ?? src.date),
                  (c.text(.reportWeightsMethod), method),
                  (c.text(.reportWeightsUsed), weights)]
        return [.subheading(c.text(.reportWeights)), .paragraph(c.text(.reportWeightsIntro)), .facts(facts)]
    }

    var sections: [Section] {
        let agg = evaluation.aggregate
        let rows = evaluation.rows
        let violations = evaluation.violations
        func count(_ s: Severity) -> String { String(violations.filter { $0.severity == s }.count) }

        var out: [Section] = []
        out.append(Section(id: "summary", title: c.text(.reportSummary), blocks: [
            .paragraph(c.text(.reportSummaryIntro)),
            .facts([
                (c.text(.reportFigIntrusiveness), c.number(agg.intrusiveness, decimals: 1)),
                (c.text(.reportFigBand), band(agg.band)),
                (c.text(.reportFigUplift), c.number(agg.uplift, decimals: 2) + "\u{00A0}" + c.text(.reportUnitPoints)),
                (c.text(.reportFigValue), c.number(agg.value)),
                (c.text(.reportFigCustomers), c.number(Double(agg.customers))),
                (c.text(.reportFigErrors), count(.error)),
                (c.text(.reportFigWarnings), count(.warning)),
                (c.text(.reportFigInfos), count(.info)),
            ]),
        ]))

        out.append(Section(id: "provenance", title: c.text(.reportProvenance), blocks: provenanceBlocks))

        out.append(Section(id: "settings", title: c.text(.reportSettings), blocks: [
            .paragraph(c.text(.reportSettingsIntro)),
            .table(header: [c.text(.reportColSegment), c.text(.reportColCustomers), c.text(.reportColLevel), c.text(.reportColScore),
                            c.text(.reportColBand), c.text(.reportColReach), c.text(.reportColValue)],
                   rows: rows.map { row in
                       let seg = scenario.segments[row.segment]
                       return [seg.name, c.number(Double(seg.size)), levelText(row.level), c.number(row.score, decimals: 1),
                               band(row.band), c.percent(row.reach, decimals: 1), c.number(row.value)]
                   }, numeric: [1, 3, 5, 6]),
        ] + weightsSourceBlocks))

        out.append(Section(id: "data", title: c.text(.reportData), blocks: [
            .paragraph(c.text(.reportDataIntro)),
            .table(header: [c.text(.reportColSegment), c.text(.reportColLevel), c.text(.reportColData), c.text(.reportColExcluded)],
                   rows: rows.map { row in
                       let data = row.touches.isEmpty ? c.text(.reportDataNothing) : row.touches.map {
                           c.text(.reportConsentRate, scenario.categories[$0].name,
                                  c.percent(model.consentRate(segment: row.segment, category: $0)))
                       }.joined(separator: "; ")
                       let excluded = evaluation.setting.excluded[row.segment].sorted().map { scenario.categories[$0].name }
                       return [scenario.segments[row.segment].name, levelText(row.level), data,
                               excluded.isEmpty ? c.text(.reportNoneExcluded) : excluded.joined(separator: "; ")]
                   }, numeric: []),
        ] + sourceBlocks))

        var violationBlocks: [Block] = [.paragraph(c.text(.reportViolationsIntro, c.text(.reportQuoted, model.policy.name)))]
        if violations.isEmpty {
            violationBlocks.append(.note(c.text(.reportViolationsNone)))
        } else {
            violationBlocks.append(.table(
                header: [c.text(.reportColSeverity), c.text(.reportColRule), c.text(.reportColWhere), c.text(.reportColReason)],
                rows: violations.map { v in
                    let place = v.segment.map { scenario.segments[$0].name }
                        ?? v.attribute.map { c.text(.reportWhereAttribute, $0) } ?? c.text(.reportWhereAll)
                    return [severity(v.severity), ruleName(v.rule) + " (" + v.rule.rawValue + ")", place, reason(v)]
                }, numeric: []))
        }
        out.append(Section(id: "violations", title: c.text(.reportViolations), blocks: violationBlocks))

        let fairness = evaluation.fairness
        var fairBlocks: [Block] = [.paragraph(c.text(.reportFairnessIntro, c.number(model.policy.upliftMinParity, decimals: 2)))]
        if fairness.isEmpty {
            fairBlocks.append(.note(c.text(.reportFairnessNone)))
        }
        for a in fairness {
            fairBlocks.append(.subheading(c.text(.reportFairnessParity, a.attribute, c.number(a.upliftParity, decimals: 2),
                                                 c.number(a.exposureParity, decimals: 2))))
            fairBlocks.append(.table(header: [c.text(.reportColGroup), c.text(.reportColCustomers), c.text(.reportColUpliftRate), c.text(.reportColExposure)],
                                     rows: a.groups.map { g in
                                         [g.value, c.number(Double(g.size)), c.number(g.upliftRate, decimals: 2) + "\u{00A0}" + c.text(.reportUnitPointsShort),
                                          c.number(g.exposureRate, decimals: 1)]
                                     }, numeric: [1, 2, 3]))
        }
        // Only when the policy names intersections (issue #17): a group disadvantaged where two
        // attributes meet; groups under the minimum size are shown and said not to be judged.
        for x in evaluation.intersections {
            fairBlocks.append(.subheading(c.text(.reportIntersectionParity, x.name, c.number(x.upliftParity, decimals: 2),
                                                 c.number(x.exposureParity, decimals: 2))))
            fairBlocks.append(.paragraph(c.text(.reportIntersectionJudged, c.number(Double(x.minGroupSize)),
                                                String(x.groups.filter(\.judged).count), String(x.groups.count))))
            fairBlocks.append(.table(header: [c.text(.reportColGroup), c.text(.reportColCustomers), c.text(.reportColUpliftRate),
                                              c.text(.reportColExposure), c.text(.reportColJudged)],
                                     rows: x.groups.map { g in
                                         [g.name, c.number(Double(g.size)), c.number(g.upliftRate, decimals: 2) + "\u{00A0}" + c.text(.reportUnitPointsShort),
                                          c.number(g.exposureRate, decimals: 1), c.text(g.judged ? .reportJudgedYes : .reportJudgedTooSmall)]
                                     }, numeric: [1, 2, 3]))
        }
        fairBlocks.append(.note(c.text(.reportFairnessCaveat)))
        out.append(Section(id: "fairness", title: c.text(.reportFairness), blocks: fairBlocks))

        if let (log, lastHash, trend) = trend {
            var blocks: [Block] = [.paragraph(c.text(.reportTrendIntro, log, String(trend.entries.count), lastHash)), .trendChart]
            blocks.append(.table(header: ["#", c.text(.reportTrendRecorded), c.text(.reportColIntrusiveness), c.text(.reportColBand),
                                          c.text(.reportColUpliftRate), c.text(.reportColValue), c.text(.reportTrendErrors),
                                          c.text(.reportTrendWarnings), c.text(.reportTrendInfos), c.text(.reportTrendNote)],
                                 rows: trend.entries.map { e in
                                     [String(e.number), e.recorded, c.number(e.intrusiveness, decimals: 1), e.band,
                                      c.number(e.uplift, decimals: 2) + "\u{00A0}" + c.text(.reportUnitPointsShort), c.number(e.value),
                                      String(e.breaches.error), String(e.breaches.warning), String(e.breaches.info), e.note ?? ""]
                                 }, numeric: [0, 2, 4, 5, 6, 7, 8]))
            if !trend.changes.isEmpty {
                blocks.append(.table(header: [c.text(.reportTrendBetween), c.text(.reportTrendChanged)],
                                     rows: trend.changes.map { ["\($0.from) → \($0.to)", AuditTrend.describe($0, c)] }, numeric: []))
            }
            out.append(Section(id: "trend", title: c.text(.reportTrend), blocks: blocks))
        }

        out.append(Section(id: "dpia", title: c.text(.reportDpia), blocks: [
            .paragraph(c.text(.reportDpiaIntro)),
            .table(header: [c.text(.reportColSegment), c.text(.reportColLevel), c.text(.reportColCriteria), c.text(.reportColDPIA)],
                   rows: rows.map { row in
                       let k = row.dpiaCriteria
                       return [scenario.segments[row.segment].name, levelText(row.level),
                               k.isEmpty ? c.text(.reportDpiaNone) : k.map(criterion).joined(separator: "; "),
                               k.count >= 2 ? c.text(.reportDpiaRequired) : c.text(.reportDpiaNotRequired)]
                   }, numeric: []),
        ]))

        var frontierBlocks: [Block] = [.paragraph(c.text(.reportFrontierIntro)), .chart]
        if !frontier.frontier.blocked.isEmpty {
            frontierBlocks.append(.note(c.text(.reportFrontierBlocked, c.list(frontier.frontier.blocked.map { scenario.segments[$0].name }))))
        } else if let cur = frontier.current {
            var text = c.text(.reportFrontierCurrent, c.number(cur.intrusiveness, decimals: 1), band(Band.of(score: cur.intrusiveness)),
                              c.number(cur.value)) + " "
            if cur.value > frontier.frontier.value(atIntrusiveness: cur.intrusiveness) + 0.5 {
                text += c.text(.reportFrontierBeyond)
            } else if cur.valueLost < 0.5 && cur.intrusivenessSaved < 0.05 {
                text += c.text(.reportFrontierOn)
            } else {
                text += c.text(.reportFrontierGap, c.number(cur.valueLost), c.number(cur.intrusivenessSaved, decimals: 1))
            }
            frontierBlocks.append(.paragraph(text))
        } else {
            frontierBlocks.append(.note(c.text(.reportFrontierNoPreset)))
        }
        out.append(Section(id: "frontier", title: c.text(.reportFrontier), blocks: frontierBlocks))

        var noticeBlocks: [Block] = [.paragraph(c.text(.reportNoticesIntro))]
        for row in rows {
            let seg = scenario.segments[row.segment]
            noticeBlocks.append(.notice(id: "notice-" + seg.id, heading: c.text(.reportNoticeHeading, seg.name, levelText(row.level)),
                                        sentences: TransparencyNotice.text(model: model, row: row, catalogue: c)))
        }
        out.append(Section(id: "notices", title: c.text(.reportNotices), blocks: noticeBlocks))

        out.append(Section(id: "appendix", title: c.text(.reportAppendix), blocks: [
            .paragraph(c.text(.reportAppendixScore)), .paragraph(c.text(.reportAppendixReach)), .paragraph(c.text(.reportAppendixValue)),
            .paragraph(c.text(.reportAppendixFairness)), .paragraph(c.text(.reportAppendixFrontier)), .paragraph(c.text(.reportAppendixCode)),
            .paragraph(c.text(.reportAppendixSources)), .paragraph(c.text(.reportAppendixOwn)), .paragraph(c.text(.reportAppendixNumbers)),
        ]))

        out.append(Section(id: "signoff", title: c.text(.reportSignoff), blocks: [
            .paragraph(c.text(.reportSignoffIntro)),
            .signoff([c.text(.reportSignPrepared), c.text(.reportSignReviewed), c.text(.reportSignDecision), c.text(.reportSignDate)]),
        ]))
        return out
    }

    // MARK: The chart

    /// The audits over time as a chart, in the report's language; nil without `--log`.
    func trendChartSVG(prolog: Bool) -> String? {
        guard let trend else { return nil }
        let c = catalogue
        var labels = AuditTrendSVG.Labels()
        labels.title = c.text(.reportTrend)
        labels.yAxis = c.text(.reportTrendChartY)
        labels.xAxis = c.text(.reportTrendChartX)
        labels.errors = { c.text($0 == 1 ? .reportTrendChartErrorsOne : .reportTrendChartErrorsMany, String($0)) }
        labels.decimal = { c.number($0, decimals: 1) }
        labels.band = { c.bandWord($0) }
        return AuditTrendSVG.render(trend.trend, prolog: prolog, labels: labels)
    }

    func chartSVG(prolog: Bool) -> String {
        var labels = FrontierSVG.Labels()
        let c = self.c
        labels.title = { c.text(.reportChartTitle, $0) }
        labels.presetLine = { c.text(.reportChartPreset, $0) }
        labels.band = { [self] in band($0) }
        labels.xAxis = c.text(.reportChartX)
        labels.yAxis = c.text(.reportChartY)
        labels.noAllowed = { c.text(.reportChartNoAllowed, $0) }
        labels.number = { c.number($0) }
        labels.decimal = { c.number($0, decimals: 1) }
        labels.quote = { c.text(.reportQuoted, $0) }
        return FrontierSVG.render(frontier, prolog: prolog, labels: labels)
    }
}
