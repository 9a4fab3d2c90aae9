import BalansModel
import BalansText

/// The dashboard's texts (SPEC §4) in every language: header, tabs, footer, prompts, status
/// messages, help (including the key map's help texts), screens and the too-small message.
/// Bands and severities are words in each language; rule ids stay identifiers of the file formats
/// in every language (docs/decisions/0012-dashboard-languages.md).
public enum UIText: String, CatalogueKeys {
    // Screens (tab titles)
    case screenSegments, screenData, screenTradeoff, screenEthics, screenCompare
    // Header
    case headerUnsaved, headerIntrusiveness, headerUplift, headerValue, headerConversions
    case headerNoErrors, headerOneError, headerErrors, headerOk, headerErrorsShort
    case gapNoFrontier, gapBeyond, gapBeyondShort, gapOnFrontier, gapOnFrontierShort, gapLong, gapShort
    // Footer
    case footerError, footerOk, footerNoBreaches, footerFilter, footerCloseHelp
    case promptSaveAs, promptOpen, promptBudget, promptCompare, promptConfirmQuit, promptConfirmOpen
    // Help overlay
    case helpTitle, helpClose, helpAnywhere, helpTable, helpDetail, helpTradeoff, helpMouseAndEsc
    case helpMouse, helpNoMouse, helpEsc
    // Key map: help texts
    case keySelectPrevious, keySelectNext, keySelectFirst, keySelectLast, keyPageUp, keyPageDown, keyDetailPageUp, keyDetailPageDown, hintDetailMore
    case keyLevelDown, keyLevelUp, keySetLevel, keyToggleExclusion, keyNextScreen, keyPreviousScreen
    case keySegmentsScreen, keyDataScreen, keyTradeoffScreen, keyEthicsScreen, keyCompareScreen
    case keyEnterDetail, keyBack, keyFilter, keyUndo, keyRedo, keySave, keySaveAs, keyOpen, keyBalance
    case keyCompare, keyFrontierNext, keyFrontierPrevious, keyFrontierStart, keyHelp, keyQuit, keyQuitNow
    // Key map: footer hints
    case hintSelect, hintLevel, hintExclude, hintScreen, hintDetail, hintFilter, hintUndo, hintSave
    case hintOpen, hintBalance, hintNext, hintBack, hintStart, hintHelp, hintQuit
    // Too small
    case tooSmall
    // Status messages (update)
    case statusNotSaved, statusSaved, statusNotOpened, statusNotCompared, statusOpened
    case statusAtLevelZero, statusLadderEnds, statusNothingToUndo, statusNothingToRedo
    case statusUndone, statusRedone, statusAtLevel, statusExcludes, statusIncludes, statusWholeSetting
    case statusFilterCleared, statusSegmentNumber
    case statusTypeBudget, statusBadBudget, statusBelowLeast, statusNotBalanced, statusProvenOptimal
    case statusWithinStep, statusBalanced, statusAlreadyBalanced, statusFrontierEmpty, statusMore
    case statusHasNoLevel, statusHaveNoLevel, statusNoFrontier, statusFrontierEnd, statusFrontierStart
    case statusPoint, statusBackFrom, statusIntrusivenessValue, statusResetToStart, statusAlreadyAtStart
    case statusComparing, statusOtherScenario
    case stepGain, stepGainShort
    // Segments screen
    case colSegment, colSize, colLevel, colScore, colReach, colUplift, colFlags
    case noSegments, noMatch
    // Detail pane
    case detailNoSegment, detailCustomers, flagMinors, flagVulnerable, flagProfiling, flagArt9
    case markerSpecialFeature, markerExcluded, markerNew, markerExcludedShort
    case detailNoticeTitle, detailRange
    case detailSourceTitle, detailSourceLine, detailSourceLineNoCount, detailSourceAuthored, sourceCSV, sourceTCF, sourceConsentMode, sourceRecords, sourceRecordsRange
    case detailWeightsSource, detailWeightsSourceNoDesign, weightsMethodNNLS
    case breakdownNoData, breakdownGeneric, breakdownScore, breakdownTier, breakdownProfiling, breakdownCapped
    case termOrigin, termSpecialFeature, termLinking, termObtrusive, termVulnerable, termNone, breakdownEI
    case cascadeLabel, cascadeNone, figExposure, figUplift, figValue
    // Ethics screen
    case ethicsMore, ethicsBreaches, ethicsNone, ethicsAllSegments, ethicsFairness, ethicsSize, ethicsUplift
    case ethicsExposure, ethicsNoGroups, ethicsParity, ethicsBelow, ethicsCaveat, ethicsNoDPIA
    case ethicsJudgedFrom, ethicsNotJudged, ethicsAuditsTitle, ethicsAuditsRange
    case ethicsDPIATitle, ethicsFlagged
    case ethicsCritProfiling, ethicsCritSpecial, ethicsCritLargeScale, ethicsCritMatching, ethicsCritVulnerable
    // Issue 12, items 1-3: the Ethics screen's list, level keys only where the segment is shown,
    // the help scrolling
    case ethicsPosition, helpSegmentShown, helpEthics
    case keyBreachPrevious, keyBreachNext, keyBreachFirst, keyBreachLast, keyBreachPageUp, keyBreachPageDown, keyBreachSegment
    case keyHelpUp, keyHelpDown, keyHelpPageUp, keyHelpPageDown, keyHelpTop, keyHelpBottom
    case hintBreach, hintBreachSegment, hintScroll
    case statusLevelsWhere, statusLevelSet, statusBreachSegment, statusBreachNoSegment
    // Trade-off screen
    case tradeThisSetting, tradeIntrusiveness, tradeValue, tradeConversions, tradeNoFrontier, tradeChange
    case tradeGapValue, tradeGapIntrusiveness, tradeFrontier, tradeAtPoint, tradeMoves, tradeStart, tradeEnd
    case tradeNextMove, tradeNoneEnd, tradeToPoint, tradeToPointChange, tradeNoneBeyond, tradeEnlarge
    case tradeAxis, tradeLegendUnicode, tradeLegendASCII, tradeLegendCompared, tradeLegendComparedASCII
    // Data screen
    case dataCorner, dataMore, dataLegend
    // Compare screen
    case compareNone, compareThisSetting, compareVs, compareOtherScenario, compareThis, compareCompared
    case compareDifference, compareIntrusiveness, compareBand, compareUplift, compareValue, compareErrors
    case compareSame, compareLvl, compareScore, compareReach, compareSegment, compareDiff, compareLegend
    // Issue 12 items 4–8: the preset's file, the demo's example, bands and severities as words,
    // the chart's axes in words.
    case headerNew, headerDemo, statusNewFile, statusNeedsJSON, statusDemoSave, keySuspend
    case bandShortLow, bandShortMedium, bandShortHigh, bandShortVeryHigh
    case tradeAxisIntrusiveness, tradeAxisValue, tradeGapWords, tradeGapNone
}

extension Catalogue {
    /// The dashboard's texts. Internal on purpose: a public overload would be visible in every file
    /// of a module that imports BalansUI (BalansCLI) and make its own `c.text(.key)` calls ambiguous
    /// for the type checker; outside this module use `resolve(key, [])`.
    func text(_ key: UIText, _ args: String...) -> String { resolve(key, args) }
}

extension UIText {
    public static let english: [UIText: String] = [
        .screenSegments: "Segments", .screenData: "Data", .screenTradeoff: "Trade-off", .screenEthics: "Ethics",
        .screenCompare: "Compare",

        .headerUnsaved: " * unsaved", .headerIntrusiveness: " Intrusiveness ", .headerUplift: "  uplift ",
        .headerValue: "  value ", .headerConversions: " conversions", .headerNoErrors: "no errors",
        .headerOneError: "1 error", .headerErrors: "{0} errors", .headerOk: "ok", .headerErrorsShort: "{0} err",
        .gapNoFrontier: "no frontier", .gapBeyond: "beyond the frontier", .gapBeyondShort: "beyond",
        .gapOnFrontier: "on the frontier", .gapOnFrontierShort: "on frontier",
        .gapLong: "gap {0} value / {1} intr.", .gapShort: "gap {0} / {1}",

        .footerError: " error ", .footerOk: "ok", .footerNoBreaches: " no breaches of {0}", .footerFilter: " Filter: ",
        .footerCloseHelp: "close help",
        .promptSaveAs: " Save as: ", .promptOpen: " Open: ", .promptBudget: " Balance to a budget (0-100): ",
        .promptCompare: " Compare with: ", .promptConfirmQuit: " Unsaved changes. Quit anyway? (y/n) ",
        .promptConfirmOpen: " Unsaved changes. Open {0} anyway? (y/n) ",

        .helpTitle: " Balans keys ", .helpClose: " Esc or ? closes ", .helpAnywhere: "Anywhere",
        .helpTable: "Segment table", .helpDetail: "Detail pane", .helpTradeoff: "Trade-off screen",
        .helpMouseAndEsc: "Mouse and Esc",
        .helpMouse: "Click a row to select it, click a level dot to set the level, click a tab to show its screen; the wheel scrolls.",
        .helpNoMouse: "The mouse is off (--no-mouse).",
        .helpEsc: "Esc backs out of the detail pane, clears the filter, cancels a prompt and closes this help.",

        .keySelectPrevious: "select the previous segment", .keySelectNext: "select the next segment",
        .keySelectFirst: "select the first segment", .keySelectLast: "select the last segment",
        .keyPageUp: "one page up", .keyPageDown: "one page down",
        .keyDetailPageUp: "in the detail pane: scroll back up, then page up through the categories", .keyDetailPageDown: "in the detail pane: page through the categories, then scroll to the score, cascade, breaches and notice",
        .hintDetailMore: "more",
        .keyLevelDown: "lower the selected segment's level", .keyLevelUp: "raise the selected segment's level",
        .keySetLevel: "set the level directly (0-9)",
        .keyToggleExclusion: "exclude / include the highlighted category for this segment",
        .keyNextScreen: "next screen", .keyPreviousScreen: "previous screen",
        .keySegmentsScreen: "Segments screen", .keyDataScreen: "Data screen", .keyTradeoffScreen: "Trade-off screen",
        .keyEthicsScreen: "Ethics screen", .keyCompareScreen: "Compare screen",
        .keyEnterDetail: "move into the detail pane", .keyBack: "back out of the detail pane, clear the filter",
        .keyFilter: "filter segments by name", .keyUndo: "undo", .keyRedo: "redo", .keySave: "save the preset",
        .keySaveAs: "save the preset as…", .keyOpen: "open a preset", .keyBalance: "balance to a budget (asks for it)",
        .keyCompare: "compare with a preset (asks for its path)",
        .keyFrontierNext: "step to the next point of the frontier",
        .keyFrontierPrevious: "step back to the previous point of the frontier",
        .keyFrontierStart: "reset to the frontier's start (the least intrusive allowed setting)",
        .keyHelp: "help (this screen)", .keyQuit: "quit (asks first when there are unsaved changes)",
        .keyQuitNow: "quit at once",

        .hintSelect: "select", .hintLevel: "level", .hintExclude: "exclude", .hintScreen: "screen",
        .hintDetail: "detail", .hintFilter: "filter", .hintUndo: "undo", .hintSave: "save", .hintOpen: "open",
        .hintBalance: "balance", .hintNext: "next", .hintBack: "back", .hintStart: "start", .hintHelp: "help",
        .hintQuit: "quit",

        .tooSmall: "Balans needs a terminal of at least {0}; this one is {1}. Enlarge it, or press q to quit.",

        .statusNotSaved: "Not saved: {0}", .statusSaved: "Saved to {0}", .statusNotOpened: "Not opened: {0}",
        .statusNotCompared: "Not compared: {0}", .statusOpened: "Opened {0}",
        .statusAtLevelZero: "Already at level 0",
        .statusLadderEnds: "The ladder ends at level {0}", .statusNothingToUndo: "Nothing to undo",
        .statusNothingToRedo: "Nothing to redo", .statusUndone: "Undone", .statusRedone: "Redone",
        .statusAtLevel: "{0}: {1} at level {2}", .statusExcludes: "{0}: {1} excludes {2}",
        .statusIncludes: "{0}: {1} includes {2}",
        .statusWholeSetting: "{0}: the whole setting (intrusiveness {1}, value {2})",
        .statusFilterCleared: " (filter cleared to show it)", .statusSegmentNumber: "segment {0}",
        .statusTypeBudget: "Type a budget from 0 to 100 (Esc cancels)",
        .statusBadBudget: "The budget is a number from 0 to 100, not {0}",
        .statusBelowLeast: "Not balanced: the budget {0} is below the least possible intrusiveness {1}",
        .statusNotBalanced: "Not balanced: {0}", .statusProvenOptimal: "proven optimal",
        .statusWithinStep: "within one step of the best possible, at most {0}",
        .statusBalanced: "Balanced to {0}: intrusiveness {1}, value {2} ({3})",
        .statusAlreadyBalanced: "Already balanced to {0}: intrusiveness {1}, value {2} ({3})",
        .statusFrontierEmpty: "the frontier is empty", .statusMore: " and {0} more",
        .statusHasNoLevel: "{0} has no level the code allows", .statusHaveNoLevel: "{0} have no level the code allows",
        .statusNoFrontier: "No frontier: {0}",
        .statusFrontierEnd: "This is the end of the frontier: no move adds value",
        .statusFrontierStart: "This is the start of the frontier: nothing is less intrusive",
        .statusPoint: "Point {0}/{1}", .statusBackFrom: "{0}: back from {1}: {2} value, {3} intr.",
        .statusIntrusivenessValue: "intrusiveness {0}, value {1}",
        .statusResetToStart: "Reset to the frontier's start", .statusAlreadyAtStart: "Already at the frontier's start",
        .statusComparing: "Comparing with {0} ({1})", .statusOtherScenario: ": another scenario, so only the totals",
        .stepGain: "{0} value for {1} intrusiveness", .stepGainShort: "{0} value, {1} intr.",

        .colSegment: "Segment", .colSize: "Size", .colLevel: "Level", .colScore: "Score", .colReach: "Reach",
        .colUplift: "Uplift", .colFlags: "Flags",
        .noSegments: "This scenario has no segments.", .noMatch: "No segment matches the filter.",

        .detailNoSegment: "No segment selected.", .detailCustomers: "{0} customers", .flagMinors: "minors",
        .flagVulnerable: "vulnerable", .flagProfiling: "profiling", .flagArt9: "Art. 9",
        .markerSpecialFeature: "special feature", .markerExcluded: "excluded", .markerNew: "new",
        .markerExcludedShort: "x",
        .detailNoticeTitle: "What a customer in this segment is told", .detailRange: " {0}-{1} of {2} ",
        .detailSourceTitle: "Where the consent rates come from", .detailSourceLine: "{0} ({1}), imported {2}, {3}: {4}",
        .detailSourceLineNoCount: "{0} ({1}), imported {2}: {3}",
        .detailSourceAuthored: "as written in the scenario: {0}", .sourceCSV: "CMP export", .sourceTCF: "TCF consent strings", .sourceConsentMode: "Consent Mode signals",
        .sourceRecords: "{0} records", .sourceRecordsRange: "{0}–{1} records",
        .detailWeightsSource: "Weights fitted to {0} ({1}): {2} respondents, {3}, {4}",
        .detailWeightsSourceNoDesign: "Weights fitted to {0}: {1} respondents, {2}, {3}",
        .weightsMethodNNLS: "NNLS within respondents",
        .breakdownNoData: "Touches no data: I = 0 {0} score 0.0 ({1})", .breakdownGeneric: "the level counts as generic.",
        .breakdownScore: " {0} score {1} (", .breakdownTier: "DPC = tier {0}", .breakdownProfiling: " + profiling {0}",
        .breakdownCapped: " (capped at 4)", .termOrigin: "origin {0}", .termSpecialFeature: "special feature {0}",
        .termLinking: "linking {0}", .termObtrusive: "obtrusive {0}", .termVulnerable: "vulnerable {0}",
        .termNone: "0 (no modifiers)", .breakdownEI: "EI = {0} (identifiability)",
        .cascadeLabel: "Cascade:", .cascadeNone: "none", .figExposure: "Exposure {0}",
        .figUplift: "effective uplift {0} pp", .figValue: "value {0} conversions",

        .ethicsMore: "{0} {1} more", .ethicsBreaches: "Breaches of the code ", .ethicsNone: "none",
        .ethicsAllSegments: "all segments", .ethicsFairness: "Fairness", .ethicsSize: "size", .ethicsUplift: "uplift",
        .ethicsExposure: "exposure", .ethicsNoGroups: "No segment has a group attribute.", .ethicsParity: "parity",
        .ethicsBelow: " below {0}",
        .ethicsJudgedFrom: "groups judged from {0} customers", .ethicsNotJudged: " too small",
        .ethicsAuditsTitle: "Audits over time ({0}, intrusiveness 0–100; red: with errors)",
        .ethicsAuditsRange: "{0} → {1}, last: {2} errors ({3})",
        .ethicsCaveat: "The four-fifths rule is a US employment-law heuristic, not a universal test.",
        .ethicsNoDPIA: "No segment meets a WP248 criterion.",
        .ethicsDPIATitle: " (WP248 criteria met; two or more: a DPIA is likely required) ", .ethicsFlagged: "{0} flagged",
        // The English names are the criterion ids (as `check` and the policy files spell them).
        .ethicsCritProfiling: "profiling", .ethicsCritSpecial: "special-category", .ethicsCritLargeScale: "large-scale",
        .ethicsCritMatching: "matching-data", .ethicsCritVulnerable: "minors-or-vulnerable",

        .ethicsPosition: " {0} of {1} ", .helpSegmentShown: "Where a segment is shown (Segments, Data, Compare)",
        .helpEthics: "Ethics screen",
        .keyBreachPrevious: "select the previous breach; scrolled below the list, scroll back up",
        .keyBreachNext: "select the next breach; from the last, scroll on to fairness and DPIA",
        .keyBreachFirst: "select the first breach (the top of the screen)", .keyBreachLast: "select the last breach",
        .keyBreachPageUp: "scroll back up, then page up through the breaches",
        .keyBreachPageDown: "page through the breaches, then scroll on to fairness and DPIA",
        .keyBreachSegment: "show the selected breach's segment on the Segments screen",
        .keyHelpUp: "scroll the help up a line", .keyHelpDown: "scroll the help down a line",
        .keyHelpPageUp: "scroll the help up a page", .keyHelpPageDown: "scroll the help down a page",
        .keyHelpTop: "go to the top of the help", .keyHelpBottom: "go to the end of the help",
        .hintBreach: "breach", .hintBreachSegment: "segment", .hintScroll: "scroll",
        .statusLevelsWhere: "Levels are set where the segment is shown: Segments (F2) or Data (F3)",
        .statusLevelSet: "{0} at level {1} ({2})", .statusBreachSegment: "{0}: the segment of the {1} breach",
        .statusBreachNoSegment: "{0} concerns {1}, not one segment: nothing to show",

        .tradeThisSetting: "This setting", .tradeIntrusiveness: "  intrusiveness ", .tradeValue: "  value ",
        .tradeConversions: " conversions", .tradeNoFrontier: "No frontier",
        .tradeChange: "  {0}: change the code or the exclusions.",
        .tradeGapValue: "  gap: {0} value at this intrusiveness", .tradeGapIntrusiveness: "  or {0} intrusiveness for this value",
        .tradeFrontier: "Frontier", .tradeAtPoint: "  at point {0} of {1}", .tradeMoves: "  {0} moves from start to end",
        .tradeStart: "  start: intrusiveness {0}, value {1}", .tradeEnd: "  end: intrusiveness {0}, value {1}",
        .tradeNextMove: "Next move (n)", .tradeNoneEnd: "  none: the end of the frontier",
        .tradeToPoint: "  to point {0}: intrusiveness {1}, value {2}",
        .tradeToPointChange: "  ({0} intrusiveness, {1} value)",
        .tradeNoneBeyond: "  none: no frontier point beyond this setting",
        .tradeEnlarge: "(enlarge the terminal for the chart)", .tradeAxis: "intr.",
        .tradeLegendUnicode: "⣀ frontier  ◆ this setting", .tradeLegendASCII: "* frontier  @ this setting",
        .tradeLegendCompared: "  ◇ compared", .tradeLegendComparedASCII: "  o compared",

        .dataCorner: "Category / segment", .dataMore: "{0} more categories{1}",
        .dataLegend: "85% share with consent   * used at the segment's level   x excluded by the preset",

        .compareNone: "No preset to compare with. Press c and type the path of a saved preset (Tab completes it): it is shown here beside the current setting, segment by segment and in total.",
        .compareThisSetting: "This setting ", .compareVs: " vs ",
        .compareOtherScenario: "Another scenario ({0}): only the totals compare.", .compareThis: "this",
        .compareCompared: "compared", .compareDifference: "difference", .compareIntrusiveness: "intrusiveness",
        .compareBand: "band", .compareUplift: "uplift", .compareValue: "value", .compareErrors: "errors",
        .compareSame: "same", .compareLvl: "lvl", .compareScore: "score", .compareReach: "reach",
        .compareSegment: "Segment", .compareDiff: "diff.",
        .compareLegend: "* level or exclusions differ   Lnx: level n with exclusions   diff. = this - compared",

        // Issue 12 items 4–8.
        .headerNew: " [new]", .headerDemo: " (the demo's example)", .keySuspend: "suspend to the shell (fg returns)",
        .statusNewFile: "{0} does not exist yet: s creates it",
        .statusNeedsJSON: "A preset's file name ends in .json: {0}",
        .statusDemoSave: "The demo's example is built in: save it as a file of your own",
        .bandShortLow: "low", .bandShortMedium: "med", .bandShortHigh: "high", .bandShortVeryHigh: "v.hi",
        .tradeAxisIntrusiveness: "intrusiveness", .tradeAxisValue: "value (conversions)",
        .tradeGapWords: "{0} below the frontier", .tradeGapNone: "on the frontier",
    ]

    public static let swedish: [UIText: String] = [
        .screenSegments: "Segment", .screenData: "Data", .screenTradeoff: "Avvägning", .screenEthics: "Etik",
        .screenCompare: "Jämför",

        .headerUnsaved: " * osparat", .headerIntrusiveness: " Intrång ", .headerUplift: "  lyft ",
        .headerValue: "  värde ", .headerConversions: " konverteringar", .headerNoErrors: "inga fel",
        .headerOneError: "1 fel", .headerErrors: "{0} fel", .headerOk: "ok", .headerErrorsShort: "{0} fel",
        .gapNoFrontier: "ingen front", .gapBeyond: "bortom fronten", .gapBeyondShort: "bortom",
        .gapOnFrontier: "på fronten", .gapOnFrontierShort: "på fronten",
        .gapLong: "avstånd {0} värde / {1} intr.", .gapShort: "avst. {0} / {1}",

        .footerError: " fel ", .footerOk: "ok", .footerNoBreaches: " inga brott mot {0}", .footerFilter: " Filter: ",
        .footerCloseHelp: "stäng hjälpen",
        .promptSaveAs: " Spara som: ", .promptOpen: " Öppna: ", .promptBudget: " Balansera mot en budget (0-100): ",
        .promptCompare: " Jämför med: ", .promptConfirmQuit: " Osparade ändringar. Avsluta ändå? (j/n) ",
        .promptConfirmOpen: " Osparade ändringar. Öppna {0} ändå? (j/n) ",

        .helpTitle: " Tangenter i Balans ", .helpClose: " Esc eller ? stänger ", .helpAnywhere: "Överallt",
        .helpTable: "Segmenttabellen", .helpDetail: "Detaljrutan", .helpTradeoff: "Avvägningsskärmen",
        .helpMouseAndEsc: "Mus och Esc",
        .helpMouse: "Klicka på en rad för att välja den, på en nivåpunkt för att sätta nivån, på en flik för att visa dess skärm; hjulet rullar.",
        .helpNoMouse: "Musen är avstängd (--no-mouse).",
        .helpEsc: "Esc lämnar detaljrutan, rensar filtret, avbryter en fråga och stänger den här hjälpen.",

        .keySelectPrevious: "välj föregående segment", .keySelectNext: "välj nästa segment",
        .keySelectFirst: "välj första segmentet", .keySelectLast: "välj sista segmentet",
        .keyPageUp: "en sida upp", .keyPageDown: "en sida ned",
        .keyDetailPageUp: "i detaljrutan: rulla tillbaka upp, bläddra sedan uppåt bland kategorierna", .keyDetailPageDown: "i detaljrutan: bläddra bland kategorierna, rulla sedan ned till poäng, kaskad, brott och kundinformation",
        .hintDetailMore: "mer",
        .keyLevelDown: "sänk det valda segmentets nivå", .keyLevelUp: "höj det valda segmentets nivå",
        .keySetLevel: "sätt nivån direkt (0-9)",
        .keyToggleExclusion: "undanta / ta med den markerade kategorin",
        .keyNextScreen: "nästa skärm", .keyPreviousScreen: "föregående skärm",
        .keySegmentsScreen: "skärmen Segment", .keyDataScreen: "skärmen Data", .keyTradeoffScreen: "skärmen Avvägning",
        .keyEthicsScreen: "skärmen Etik", .keyCompareScreen: "skärmen Jämför",
        .keyEnterDetail: "gå in i detaljrutan", .keyBack: "lämna detaljrutan, rensa filtret",
        .keyFilter: "filtrera segment på namn", .keyUndo: "ångra", .keyRedo: "gör om", .keySave: "spara förinställningen",
        .keySaveAs: "spara förinställningen som…", .keyOpen: "öppna en förinställning",
        .keyBalance: "balansera mot en budget (frågar efter den)",
        .keyCompare: "jämför med en förinställning (ber om sökväg)",
        .keyFrontierNext: "gå till nästa punkt på fronten",
        .keyFrontierPrevious: "gå tillbaka till föregående punkt på fronten",
        .keyFrontierStart: "återgå till frontens början (minsta intrång)",
        .keyHelp: "hjälp (den här skärmen)", .keyQuit: "avsluta (frågar först vid osparade ändringar)",
        .keyQuitNow: "avsluta genast",

        .hintSelect: "välj", .hintLevel: "nivå", .hintExclude: "undanta", .hintScreen: "skärm",
        .hintDetail: "detaljer", .hintFilter: "filter", .hintUndo: "ångra", .hintSave: "spara", .hintOpen: "öppna",
        .hintBalance: "balansera", .hintNext: "nästa", .hintBack: "bakåt", .hintStart: "början", .hintHelp: "hjälp",
        .hintQuit: "avsluta",

        .tooSmall: "Balans behöver en terminal på minst {0}; den här är {1}. Förstora den, eller tryck q för att avsluta.",

        .statusNotSaved: "Inte sparad: {0}", .statusSaved: "Sparad i {0}", .statusNotOpened: "Inte öppnad: {0}",
        .statusNotCompared: "Inte jämförd: {0}", .statusOpened: "Öppnade {0}",
        .statusAtLevelZero: "Redan på nivå 0",
        .statusLadderEnds: "Stegen slutar på nivå {0}", .statusNothingToUndo: "Inget att ångra",
        .statusNothingToRedo: "Inget att göra om", .statusUndone: "Ångrat", .statusRedone: "Gjort om",
        .statusAtLevel: "{0}: {1} på nivå {2}", .statusExcludes: "{0}: {1} undantar {2}",
        .statusIncludes: "{0}: {1} tar med {2}",
        .statusWholeSetting: "{0}: hela inställningen (intrång {1}, värde {2})",
        .statusFilterCleared: " (filtret rensat för att visa det)", .statusSegmentNumber: "segment {0}",
        .statusTypeBudget: "Skriv en budget från 0 till 100 (Esc avbryter)",
        .statusBadBudget: "Budgeten är ett tal från 0 till 100, inte {0}",
        .statusBelowLeast: "Inte balanserad: budgeten {0} är lägre än minsta möjliga intrång {1}",
        .statusNotBalanced: "Inte balanserad: {0}", .statusProvenOptimal: "bevisat optimal",
        .statusWithinStep: "inom ett steg från det bästa möjliga, högst {0}",
        .statusBalanced: "Balanserad mot {0}: intrång {1}, värde {2} ({3})",
        .statusAlreadyBalanced: "Redan balanserad mot {0}: intrång {1}, värde {2} ({3})",
        .statusFrontierEmpty: "fronten är tom", .statusMore: " och {0} till",
        .statusHasNoLevel: "{0} har ingen nivå som koden tillåter", .statusHaveNoLevel: "{0} har ingen nivå som koden tillåter",
        .statusNoFrontier: "Ingen front: {0}",
        .statusFrontierEnd: "Det här är frontens slut: inget steg ger mer värde",
        .statusFrontierStart: "Det här är frontens början: inget är mindre integritetskänsligt",
        .statusPoint: "Punkt {0}/{1}", .statusBackFrom: "{0}: tillbaka från {1}: {2} värde, {3} intr.",
        .statusIntrusivenessValue: "intrång {0}, värde {1}",
        .statusResetToStart: "Återställd till frontens början", .statusAlreadyAtStart: "Redan vid frontens början",
        .statusComparing: "Jämför med {0} ({1})", .statusOtherScenario: ": ett annat scenario, så bara totalerna",
        .stepGain: "{0} värde för {1} intrång", .stepGainShort: "{0} värde, {1} intr.",

        .colSegment: "Segment", .colSize: "Antal", .colLevel: "Nivå", .colScore: "Poäng", .colReach: "Räckv",
        .colUplift: "Lyft", .colFlags: "Flaggor",
        .noSegments: "Scenariot har inga segment.", .noMatch: "Inget segment matchar filtret.",

        .detailNoSegment: "Inget segment valt.", .detailCustomers: "{0} kunder", .flagMinors: "minderåriga",
        .flagVulnerable: "sårbara", .flagProfiling: "profilering", .flagArt9: "Art. 9",
        .markerSpecialFeature: "särskild funktion", .markerExcluded: "undantagen", .markerNew: "ny",
        .markerExcludedShort: "x",
        .detailNoticeTitle: "Det här får en kund i segmentet veta", .detailRange: " {0}-{1} av {2} ",
        .detailSourceTitle: "Varifrån samtyckesandelarna kommer", .detailSourceLine: "{0} ({1}), importerad {2}, {3}: {4}",
        .detailSourceLineNoCount: "{0} ({1}), importerad {2}: {3}",
        .detailSourceAuthored: "som i scenariot: {0}", .sourceCSV: "CMP-export", .sourceTCF: "TCF-samtyckessträngar", .sourceConsentMode: "Consent Mode-signaler",
        .sourceRecords: "{0} poster", .sourceRecordsRange: "{0}–{1} poster",
        .detailWeightsSource: "Vikterna skattade från {0} ({1}): {2} svarande, {3}, {4}",
        .detailWeightsSourceNoDesign: "Vikterna skattade från {0}: {1} svarande, {2}, {3}",
        .weightsMethodNNLS: "NNLS inom svarande",
        .breakdownNoData: "Rör inga uppgifter: I = 0 {0} poäng 0,0 ({1})", .breakdownGeneric: "nivån räknas som generisk.",
        .breakdownScore: " {0} poäng {1} (", .breakdownTier: "DPC = klass {0}", .breakdownProfiling: " + profilering {0}",
        .breakdownCapped: " (högst 4)", .termOrigin: "ursprung {0}", .termSpecialFeature: "särskild funktion {0}",
        .termLinking: "sammankoppling {0}", .termObtrusive: "påträngande {0}", .termVulnerable: "sårbara {0}",
        .termNone: "0 (inga tillägg)", .breakdownEI: "EI = {0} (identifierbarhet)",
        .cascadeLabel: "Kaskad:", .cascadeNone: "ingen", .figExposure: "Exponering {0}",
        .figUplift: "effektivt lyft {0}\u{00A0}p.e.", .figValue: "värde {0} konverteringar",

        .ethicsMore: "{0} {1} till", .ethicsBreaches: "Brott mot koden ", .ethicsNone: "inga",
        .ethicsAllSegments: "alla segment", .ethicsFairness: "Rättvisa", .ethicsSize: "antal", .ethicsUplift: "lyft",
        .ethicsExposure: "expon.", .ethicsNoGroups: "Inget segment har ett gruppattribut.", .ethicsParity: "paritet",
        .ethicsBelow: " under {0}",
        .ethicsJudgedFrom: "grupper bedöms från {0} kunder", .ethicsNotJudged: " för liten",
        .ethicsAuditsTitle: "Granskningar över tid ({0}, intrång 0–100; rött: med fel)",
        .ethicsAuditsRange: "{0} → {1}, senast: {2} fel ({3})",
        .ethicsCaveat: "Fyrafemtedelsregeln är en tumregel ur amerikansk arbetsrätt, inget allmängiltigt test.",
        .ethicsNoDPIA: "Inget segment uppfyller något WP248-kriterium.",
        .ethicsDPIATitle: " (WP248-kriterier; två eller fler: DPIA krävs sannolikt) ", .ethicsFlagged: "{0} flaggade",
        // The words of the Swedish violation messages beside them (TextKey.violationCrit…).
        .ethicsCritProfiling: "profilering", .ethicsCritSpecial: "känsliga uppgifter", .ethicsCritLargeScale: "stor omfattning",
        .ethicsCritMatching: "sammanslagning av datamängder", .ethicsCritVulnerable: "barn eller sårbara",

        .ethicsPosition: " {0} av {1} ", .helpSegmentShown: "Där ett segment syns (Segment, Data, Jämför)",
        .helpEthics: "Etikskärmen",
        .keyBreachPrevious: "välj föregående brott; nedrullad under listan: rulla tillbaka upp",
        .keyBreachNext: "välj nästa brott; från det sista: rulla vidare till rättvisa och DPIA",
        .keyBreachFirst: "välj första brottet (skärmens början)", .keyBreachLast: "välj sista brottet",
        .keyBreachPageUp: "rulla tillbaka upp, bläddra sedan uppåt bland brotten",
        .keyBreachPageDown: "bläddra bland brotten, rulla sedan vidare till rättvisa och DPIA",
        .keyBreachSegment: "visa det valda brottets segment på skärmen Segment",
        .keyHelpUp: "rulla hjälpen en rad upp", .keyHelpDown: "rulla hjälpen en rad ned",
        .keyHelpPageUp: "rulla hjälpen en sida upp", .keyHelpPageDown: "rulla hjälpen en sida ned",
        .keyHelpTop: "gå till hjälpens början", .keyHelpBottom: "gå till hjälpens slut",
        .hintBreach: "brott", .hintBreachSegment: "segment", .hintScroll: "rulla",
        .statusLevelsWhere: "Nivåer sätts där segmentet syns: Segment (F2) eller Data (F3)",
        .statusLevelSet: "{0} på nivå {1} ({2})", .statusBreachSegment: "{0}: segmentet med brottet mot {1}",
        .statusBreachNoSegment: "{0} gäller {1}, inte ett segment: inget att visa",

        .tradeThisSetting: "Den här inställningen", .tradeIntrusiveness: "  intrång ", .tradeValue: "  värde ",
        .tradeConversions: " konverteringar", .tradeNoFrontier: "Ingen front",
        .tradeChange: "  {0}: ändra koden eller undantagen.",
        .tradeGapValue: "  avstånd: {0} värde vid detta intrång", .tradeGapIntrusiveness: "  eller {0} intrång för detta värde",
        .tradeFrontier: "Front", .tradeAtPoint: "  vid punkt {0} av {1}", .tradeMoves: "  {0} steg från början till slut",
        .tradeStart: "  början: intrång {0}, värde {1}", .tradeEnd: "  slut: intrång {0}, värde {1}",
        .tradeNextMove: "Nästa steg (n)", .tradeNoneEnd: "  inget: frontens slut",
        .tradeToPoint: "  till punkt {0}: intrång {1}, värde {2}",
        .tradeToPointChange: "  ({0} intrång, {1} värde)",
        .tradeNoneBeyond: "  inget: ingen frontpunkt bortom den här inställningen",
        .tradeEnlarge: "(förstora terminalen för diagrammet)", .tradeAxis: "intr.",
        .tradeLegendUnicode: "⣀ front  ◆ den här inställningen", .tradeLegendASCII: "* front  @ den här inställningen",
        .tradeLegendCompared: "  ◇ jämförd", .tradeLegendComparedASCII: "  o jämförd",

        .dataCorner: "Kategori / segment", .dataMore: "{0} kategorier till{1}",
        .dataLegend: "85\u{00A0}% andel med samtycke   * används på segmentets nivå   x undantagen i förinställningen",

        .compareNone: "Ingen förinställning att jämföra med. Tryck c och skriv sökvägen till en sparad förinställning (Tab fyller i): den visas här bredvid den nuvarande inställningen, segment för segment och totalt.",
        .compareThisSetting: "Den här inställningen ", .compareVs: " mot ",
        .compareOtherScenario: "Ett annat scenario ({0}): bara totalerna jämförs.", .compareThis: "denna",
        .compareCompared: "jämförd", .compareDifference: "skillnad", .compareIntrusiveness: "intrång",
        .compareBand: "band", .compareUplift: "lyft", .compareValue: "värde", .compareErrors: "fel",
        .compareSame: "samma", .compareLvl: "nivå", .compareScore: "poäng", .compareReach: "räckv",
        .compareSegment: "Segment", .compareDiff: "skill.",
        .compareLegend: "* nivå eller undantag skiljer   Lnx: nivå n med undantag   skill. = denna - jämförd",

        // Issue 12 items 4–8.
        .headerNew: " [ny]", .headerDemo: " (demons exempel)", .keySuspend: "pausa till skalet (fg återvänder)",
        .statusNewFile: "{0} finns inte än: s skapar den",
        .statusNeedsJSON: "En förinställnings filnamn slutar på .json: {0}",
        .statusDemoSave: "Demons exempel är inbyggt: spara det som en egen fil",
        .bandShortLow: "låg", .bandShortMedium: "med", .bandShortHigh: "hög", .bandShortVeryHigh: "m.hö",
        .tradeAxisIntrusiveness: "intrång", .tradeAxisValue: "värde (konverteringar)",
        .tradeGapWords: "{0} under fronten", .tradeGapNone: "på fronten",
    ]
}

extension AppState {
    /// A dashboard text in the state's language.
    func t(_ key: UIText, _ args: String...) -> String { catalogue.resolve(key, args) }

    /// The dashboard's numbers: the language's one form (NumberStyle, decision 0022), the same as in
    /// the commands and the report; plain spaces and hyphens under --ascii.
    var numbers: NumberStyle { catalogue.numbers(unicode: capabilities.unicode) }

    /// "45.3" / "45,3".
    func fixed(_ x: Double, _ decimals: Int) -> String { numbers.fixed(x, decimals) }

    /// A whole number grouped by thousands: "45,268" / "45 268".
    func whole(_ n: Int) -> String { numbers.whole(n) }

    /// A rate 0…1 as a whole percentage: "85%" / "85 %".
    func percentText(_ rate: Double) -> String { numbers.percent(rate) }

    /// A number as short as it goes ("0.75", "3"; "0,75" in Swedish).
    func short(_ x: Double) -> String { numbers.short(x) }

    /// A count in a narrow column: "45k", "1.4M" ("1,4M" in Swedish).
    func compact(_ n: Int) -> String { numbers.compact(n) }

    /// "+1,234", "-56", "0".
    func signedWhole(_ n: Int) -> String { numbers.signedWhole(n) }

    /// "+2.1", "-0.4", "0.0" ("+2,1" in Swedish).
    func signedFixed(_ x: Double, _ digits: Int) -> String { numbers.signedFixed(x, digits) }

    /// The sign after a percentage: "%" in English, " %" in Swedish.
    var percentSign: String { catalogue.language == .en ? "%" : numbers.unitSpace + "%" }

    /// The unit after an uplift, which is in percentage points (SPEC §1.2), never "%": " pp" in
    /// English, " p.e." in Swedish.
    var pointsSign: String { numbers.unitSpace + numbers.pointsUnit }

    /// A band in words ("very high", "mycket hög"); the ids (`very-high`) are for the files and
    /// the machine outputs (decision 0012).
    func bandWord(_ b: Band) -> String { catalogue.bandWord(b) }

    /// A band in at most four columns ("v.hi", "m.hö").
    func bandShort(_ b: Band) -> String {
        switch b {
        case .low: return t(.bandShortLow)
        case .medium: return t(.bandShortMedium)
        case .high: return t(.bandShortHigh)
        case .veryHigh: return t(.bandShortVeryHigh)
        }
    }

    /// A severity in words ("error", "fel").
    func severityWord(_ s: Severity) -> String { catalogue.severityWord(s) }
}
