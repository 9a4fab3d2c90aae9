import BalansModel
import BalansText

/// The texts of `balans calibrate` (issue 15), in English and Swedish, keyed as CLIText is.
enum CalibrateText: String, CatalogueKeys {
    case calDesignTitle, calDesignBlocks, calDesignRank, calDesignRankShort, calDesignIdentified, calDesignNotIdentified
    case calColWeight, calColTolerance, calColFitted, calColInterval, calColUsed, calColPrevious, calColNote
    case calFitTitle, calFitRespondents, calFitFigures, calFitAlphaNone
    case calNoteNotIdentified, calNoteRaised, calNoteFitted
    case calOrderingHolds, calOrderingFails, calAdditive, calNotAdditive, calAdditivityUnknown, calRange
    case calImpactTitle, calImpactNone, calColCalibrated
    case calFrontierTitle, calFrontierBlocked, calFrontierRowEnd, calFrontierRowStart, calFrontierRowAt, calColBefore, calColAfter
    case calGuardRailOn, calGuardRailOff, calIntervalsNone
    case calResidualsVignettes, calResidualsGroup, calColVignette, calColMean, calColCount, calColValue

    static let english: [CalibrateText: String] = [
        .calDesignTitle: "Balans calibration design: {0}",
        .calDesignBlocks: "{0} vignettes (the generic one included) in {1} blocks of {2}, each with an attention check; seed {3}",
        .calDesignRank: "Design matrix: rank {0} of {1} terms, condition number {2}",
        .calDesignRankShort: "Design matrix: rank {0} of {1} terms (singular)",
        .calDesignIdentified: "identified", .calDesignNotIdentified: "NOT identified",
        .calColWeight: "Weight", .calColTolerance: "Own variation", .calColFitted: "Fitted", .calColInterval: "{0}% interval",
        .calColUsed: "Used", .calColPrevious: "Previous", .calColNote: "Note",
        .calFitTitle: "Balans calibration fit: {0}, design {1}",
        .calFitRespondents: "Respondents: {0} used of {1} ({2} failed the attention check); {3} answers",
        .calFitFigures: "Cronbach's alpha {0}   R² within respondents {1}   RMSE {2} scale points   slope {3} points per unit of I",
        .calFitAlphaNone: "-",
        .calNoteNotIdentified: "not identified: kept", .calNoteRaised: "raised to its default (guard rail)", .calNoteFitted: "fitted",
        .calOrderingHolds: "Order declared <= observed <= inferred: holds",
        .calOrderingFails: "Order declared <= observed <= inferred: does NOT hold (published research expects it: read the answers again)",
        .calRange: "{0} to {1}",
        .calImpactTitle: "Impact: {0} of {1} segment levels change band under the fitted weights",
        .calImpactNone: "Impact: no segment level changes band under the fitted weights ({0} compared)",
        .calColCalibrated: "Calibrated",
        .calFrontierTitle: "Frontier (value in extra conversions) under the scenario's weights and the fitted ones",
        .calFrontierBlocked: "no frontier: the ethical code allows no level of some segment",
        .calFrontierRowStart: "least intrusive allowed setting", .calFrontierRowEnd: "most valuable allowed setting",
        .calFrontierRowAt: "value at intrusiveness {0}",
        .calColBefore: "Before", .calColAfter: "After",
        .calAdditive: "Additivity (profiling x obtrusive, after Goldfarb & Tucker 2011): interaction {0} ({1}), additive",
        .calNotAdditive: "Additivity (profiling x obtrusive, after Goldfarb & Tucker 2011): interaction {0} ({1}), NOT additive: the two together differ from their sum",
        .calAdditivityUnknown: "Additivity (profiling x obtrusive): the answers cannot separate the interaction",
        .calGuardRailOn: "Guard rail: vulnerable and specialFeature are kept at or above their defaults (--allow-lower-protections lifts this)",
        .calGuardRailOff: "Guard rail lifted (--allow-lower-protections): vulnerable and specialFeature may be below their defaults",
        .calIntervalsNone: "No intervals (--bootstrap 0)",
        .calResidualsVignettes: "Mean residual per vignette (scale points)",
        .calResidualsGroup: "Mean residual by {0}",
        .calColVignette: "Vignette", .calColMean: "Mean", .calColCount: "Answers", .calColValue: "Value",
    ]

    static let swedish: [CalibrateText: String] = [
        .calDesignTitle: "Balans, kalibreringsdesign: {0}",
        .calDesignBlocks: "{0} vinjetter (den generella medräknad) i {1} block om {2}, vart och ett med en uppmärksamhetskontroll; frö {3}",
        .calDesignRank: "Designmatris: rang {0} av {1} termer, konditionstal {2}",
        .calDesignRankShort: "Designmatris: rang {0} av {1} termer (singulär)",
        .calDesignIdentified: "identifierad", .calDesignNotIdentified: "INTE identifierad",
        .calColWeight: "Vikt", .calColTolerance: "Egen variation", .calColFitted: "Skattad", .calColInterval: "{0}\u{00A0}%-intervall",
        .calColUsed: "Används", .calColPrevious: "Tidigare", .calColNote: "Anmärkning",
        .calFitTitle: "Balans, kalibrering: {0}, design {1}",
        .calFitRespondents: "Svarande: {0} används av {1} ({2} klarade inte uppmärksamhetskontrollen); {3} svar",
        .calFitFigures: "Cronbachs alfa {0}   R² inom svarande {1}   RMSE {2} skalsteg   lutning {3} skalsteg per enhet av I",
        .calFitAlphaNone: "-",
        .calNoteNotIdentified: "inte identifierad: oförändrad", .calNoteRaised: "höjd till standardvärdet (skyddsräcke)", .calNoteFitted: "skattad",
        .calOrderingHolds: "Ordningen lämnad <= observerad <= härledd: håller",
        .calOrderingFails: "Ordningen lämnad <= observerad <= härledd: håller INTE (forskningen väntar sig den: granska svaren igen)",
        .calRange: "{0} till {1}",
        .calImpactTitle: "Påverkan: {0} av {1} segmentnivåer byter klass med de skattade vikterna",
        .calImpactNone: "Påverkan: ingen segmentnivå byter klass med de skattade vikterna ({0} jämförda)",
        .calColCalibrated: "Kalibrerad",
        .calFrontierTitle: "Effektiv front (värde i extra konverteringar) med scenariots vikter och med de skattade",
        .calFrontierBlocked: "ingen front: den etiska koden tillåter ingen nivå för något segment",
        .calFrontierRowStart: "minst påträngande tillåtna inställning", .calFrontierRowEnd: "mest värdefulla tillåtna inställning",
        .calFrontierRowAt: "värde vid intrång {0}",
        .calColBefore: "Före", .calColAfter: "Efter",
        .calAdditive: "Additivitet (profilering x påflugen leverans, efter Goldfarb & Tucker 2011): samspel {0} ({1}), additivt",
        .calNotAdditive: "Additivitet (profilering x påflugen leverans, efter Goldfarb & Tucker 2011): samspel {0} ({1}), INTE additivt: de två tillsammans skiljer sig från sin summa",
        .calAdditivityUnknown: "Additivitet (profilering x påflugen leverans): svaren kan inte skilja ut samspelet",
        .calGuardRailOn: "Skyddsräcke: vulnerable och specialFeature hålls på eller över sina standardvärden (--allow-lower-protections tar bort det)",
        .calGuardRailOff: "Skyddsräcket borttaget (--allow-lower-protections): vulnerable och specialFeature kan hamna under sina standardvärden",
        .calIntervalsNone: "Inga intervall (--bootstrap 0)",
        .calResidualsVignettes: "Medelresidual per vinjett (skalsteg)",
        .calResidualsGroup: "Medelresidual efter {0}",
        .calColVignette: "Vinjett", .calColMean: "Medel", .calColCount: "Svar", .calColValue: "Värde",
    ]
}

extension Catalogue {
    func text(_ key: CalibrateText, _ args: String...) -> String { resolve(key, args) }
}

/// The text outputs and the questionnaire CSV of `balans calibrate`.
enum CalibrateReport {
    static func designText(_ d: CalibrationDesign, _ c: Catalogue) -> String {
        let ident = d.identification
        var lines = [c.text(.calDesignTitle, safe(d.scenario)),
                     c.text(.calDesignBlocks, String(d.vignettes.count), String(d.blocks.count), String(d.perRespondent), String(d.seed))]
        let terms = CalibrationTerm.allCases
        if let cond = ident.condition {
            lines.append(c.text(.calDesignRank, String(ident.rank), String(terms.count), c.cliFixed(cond, 1)))
        } else {
            lines.append(c.text(.calDesignRankShort, String(ident.rank), String(terms.count)))
        }
        var t = TextTable(columns: [.init(c.text(.calColWeight)), .init(c.text(.calColTolerance), right: true), .init("")])
        for (i, term) in terms.enumerated() {
            t.add([term.weightKey, c.cliFixed(ident.tolerance[i], 3),
                   c.text(ident.identified(i) ? .calDesignIdentified : .calDesignNotIdentified)])
        }
        lines.append("")
        lines += t.render()
        return lines.joined(separator: "\n")
    }

    static func fitText(_ f: CalibrationFit, impact: CalibrationImpact, scenario sc: Scenario, design: String, c: Catalogue) -> String {
        let scenario = sc.name
        var lines = [c.text(.calFitTitle, safe(scenario), safe(design)),
                     c.text(.calFitRespondents, String(f.respondentsUsed), String(f.respondentsRead), String(f.failedAttention), String(f.observations)),
                     c.text(.calFitFigures, f.cronbachAlpha.map { c.cliFixed($0, 2) } ?? c.text(.calFitAlphaNone),
                            c.cliFixed(f.r2, 3), c.cliFixed(f.rmse, 2), c.cliFixed(f.slope, 3)),
                     ""]
        let level = c.cliShort(f.level * 100)
        var t = TextTable(columns: [.init(c.text(.calColWeight)), .init(c.text(.calColFitted), right: true),
                                    .init(c.text(.calColInterval, level), right: true), .init(c.text(.calColUsed), right: true),
                                    .init(c.text(.calColPrevious), right: true), .init(c.text(.calColTolerance), right: true),
                                    .init(c.text(.calColNote))])
        for e in f.estimates {
            let interval = e.low.flatMap { lo in e.high.map { hi in c.cliFixed(lo, 3) + " - " + c.cliFixed(hi, 3) } } ?? "-"
            let note: CalibrateText = !e.identified ? .calNoteNotIdentified : (e.raisedToDefault ? .calNoteRaised : .calNoteFitted)
            t.add([e.term.weightKey, e.fitted.map { c.cliFixed($0, 3) } ?? "-", interval, c.cliFixed(e.value, 3),
                   c.cliFixed(e.previous, 3), c.cliFixed(e.tolerance, 3), c.text(note)])
        }
        lines += t.render()
        lines.append("")
        if f.bootstrapUsed == 0 { lines.append(c.text(.calIntervalsNone)) }
        lines.append(c.text(f.orderingHolds ? .calOrderingHolds : .calOrderingFails))
        if let i = f.interaction {
            let interval = i.low.flatMap { lo in i.high.map { hi in c.text(.calRange, c.cliSigned(lo, 3), c.cliSigned(hi, 3)) } } ?? "-"
            lines.append(c.text(i.additive ? .calAdditive : .calNotAdditive, c.cliSigned(i.value, 3), interval))
        } else {
            lines.append(c.text(.calAdditivityUnknown))
        }
        lines.append(c.text(f.allowLowerProtections ? .calGuardRailOff : .calGuardRailOn))
        lines.append("")
        if impact.changes.isEmpty {
            lines.append(c.text(.calImpactNone, String(impact.compared)))
        } else {
            lines.append(c.text(.calImpactTitle, String(impact.changes.count), String(impact.compared)))
            let bands = [c.template(TextKey.wordBandLow), c.template(TextKey.wordBandMedium), c.template(TextKey.wordBandHigh), c.template(TextKey.wordBandVeryHigh)]
            func band(_ b: Band) -> String { bands[Band.allCases.firstIndex(of: b) ?? 0] }
            var it = TextTable(columns: [.init("  " + c.text(.cliColSegment)), .init(c.text(.cliColLevel)), .init(c.text(.cliColScore), right: true),
                                         .init(c.text(.cliColBand)), .init(c.text(.calColCalibrated), right: true), .init(c.text(.cliColBand))])
            for ch in impact.changes {
                it.add(["  " + safe(ch.segment), "\(ch.level) " + safe(sc.levels[ch.level].name), c.cliFixed(ch.score, 1), band(ch.band),
                        c.cliFixed(ch.calibratedScore, 1), band(ch.calibratedBand)])
            }
            lines += it.render()
        }
        lines.append("")
        lines.append(c.text(.calFrontierTitle))
        func point(_ x: Double, _ v: Double) -> String { c.cliFixed(x, 1) + ": " + c.cliGrouped(v) }
        var ft = TextTable(columns: [.init("  "), .init(c.text(.calColBefore), right: true), .init(c.text(.calColAfter), right: true)])
        let b = impact.frontierBefore, a = impact.frontierAfter
        let blocked = c.text(.calFrontierBlocked)
        ft.add(["  " + c.text(.calFrontierRowStart), b.map { point($0.startIntrusiveness, $0.startValue) } ?? blocked,
                a.map { point($0.startIntrusiveness, $0.startValue) } ?? blocked])
        for (i, cut) in CalibrationImpact.FrontierSummary.cuts.enumerated() {
            ft.add(["  " + c.text(.calFrontierRowAt, c.cliFixed(cut, 1)), b.map { c.cliGrouped($0.valueAtCuts[i]) } ?? "-",
                    a.map { c.cliGrouped($0.valueAtCuts[i]) } ?? "-"])
        }
        ft.add(["  " + c.text(.calFrontierRowEnd), b.map { point($0.endIntrusiveness, $0.endValue) } ?? blocked,
                a.map { point($0.endIntrusiveness, $0.endValue) } ?? blocked])
        lines += ft.render()
        lines.append("")
        lines.append(c.text(.calResidualsVignettes))
        var r = TextTable(columns: [.init("  " + c.text(.calColVignette)), .init(c.text(.calColMean), right: true), .init(c.text(.calColCount), right: true)])
        for v in f.vignetteResiduals { r.add(["  " + v.key, c.cliSigned(v.mean, 2), String(v.count)]) }
        lines += r.render()
        for g in f.groupResiduals {
            lines.append("")
            lines.append(c.text(.calResidualsGroup, safe(g.attribute)))
            var gt = TextTable(columns: [.init("  " + c.text(.calColValue)), .init(c.text(.calColMean), right: true), .init(c.text(.calColCount), right: true)])
            for v in g.values { gt.add(["  " + safe(v.key), c.cliSigned(v.mean, 2), String(v.count)]) }
            lines += gt.render()
        }
        return lines.joined(separator: "\n")
    }

    /// One row per block and position: the vignette's id and its texts, then each item's words
    /// and its scale; the item columns carry the names the answers' file uses.
    static func questionnaireCSV(_ d: CalibrationDesign) -> String {
        let languages = Language.allCases
        let catalogues = languages.map { Catalogue($0) }
        var out = (["block", "position", "vignette"] + languages.map { "text_" + $0.rawValue } + languages.map { "question_" + $0.rawValue }
                   + IntrusivenessItem.allCases.map(\.rawValue)).joined(separator: ",") + "\n"
        let items = IntrusivenessItem.allCases.map { item in
            CSV.field(catalogues.map { $0.item(item) }.joined(separator: " / ") + " (1-7)")
        }
        let questions = catalogues.map { CSV.field($0.template(VignetteText.vigQuestion)) }
        let byID = Dictionary(d.vignettes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (b, block) in d.blocks.enumerated() {
            for (p, id) in block.enumerated() {
                let texts: [String] = languages.map { l in
                    if id == CalibrationDesign.attentionID { return d.attentionTexts.first { $0.language == l.rawValue }?.text ?? "" }
                    return byID[id]?.text(l.rawValue) ?? ""
                }
                out += ([String(b + 1), String(p + 1), id] + texts.map(CSV.field) + questions + items).joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
