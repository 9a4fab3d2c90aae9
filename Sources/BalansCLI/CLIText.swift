import ArgumentParser
import BalansModel
import BalansText

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The texts of the headless commands' `--format text` output (`score`, `check`, `frontier`,
/// `balance`, `diff`, `validate`, `scenarios`), in English and Swedish (issue #5). JSON and CSV are
/// machine formats and do not use it. Keys are prefixed `cli…` because `UIText` and `ReportText`
/// are visible in BalansCLI too. The English texts are the commands' historical wording, so the
/// English goldens did not change (docs/decisions/0013-swedish-command-output.md).
enum CLIText: String, CatalogueKeys {
    // Shared
    case cliQuoted, cliHeadline, cliNoSegments, cliUp, cliDown, cliSame
    case cliViolationsNone, cliViolations, cliViolationsAndList, cliViolationsNoneAndList
    case cliErrorsOne, cliErrorsMany, cliWarningsOne, cliWarningsMany, cliInfosOne, cliInfosMany
    case cliColSegment, cliColSize, cliColLevel, cliColScore, cliColBand, cliColReach, cliColExposure
    case cliColUplift, cliColValue, cliColFlags, cliColGroup, cliColSeverity, cliColRule, cliColWhere, cliColWhy
    case cliWhereOverall, cliWhereAttribute
    case cliFlagMinors, cliFlagVulnerable, cliFlagProfiling, cliFlagArt9
    // score
    case cliScoreTitlePreset, cliScoreTitleGeneric, cliScorePeak, cliFairnessTitle, cliFairnessParity
    case cliIntersectionsTitle, cliIntersectionParity, cliColJudged, cliJudgedYes, cliJudgedTooSmall
    // check
    case cliCheckCode, cliCheckPass, cliCheckFail, cliCheckFailStrict
    // frontier
    case cliFrontierTitle, cliFrontierTitlePreset, cliFrontierBlocked, cliFrontierPointsOne, cliFrontierPointsMany
    case cliColNumber, cliColIntrusiveness, cliColMove, cliFrontierStart, cliFrontierPreset
    case cliFrontierBeyond, cliFrontierOn, cliFrontierGap
    // balance
    case cliBalanceTitle, cliBalanceFromPreset, cliBalanceProven, cliBalanceWithin
    case cliColPreset, cliColChange, cliBalanceChangedOne, cliBalanceChangedMany
    // diff
    case cliDiffTitle, cliDiffSameSetting, cliDiffSettingOne, cliDiffSettingMany
    case cliColLevelA, cliColLevelB, cliColExcludedA, cliColExcludedB
    case cliColFigure, cliFigIntrusiveness, cliFigBand, cliFigUplift, cliFigValue
    case cliFigErrors, cliFigWarnings, cliFigInfos, cliDiffChanged, cliDiffPoints
    // validate
    case cliValidateScenario, cliValidatePolicyOne, cliValidatePolicyMany, cliValidatePreset
    case cliCategoriesOne, cliCategoriesMany, cliSegmentsOne, cliSegmentsMany, cliLevels
    // audit
    case cliAuditRecorded, cliAuditVerifiedOne, cliAuditVerifiedMany
    case cliTrendTitleOne, cliTrendTitleMany, cliColRecorded, cliColParity, cliColNote, cliTrendChanges
    case cliTrendLevelsOne, cliTrendExcludedOne, cliTrendLevels, cliTrendExcluded, cliTrendWeights, cliTrendInputs, cliTrendSources, cliTrendNothing
    // scenarios
    case cliColName, cliColSegments, cliColCustomers, cliColCategories, cliColLevels, cliColTitle, cliScenarioDefault
    // policies
    case cliColRules, cliPoliciesWhen, cliPolicyWhenDefault, cliPolicyWhenOnlinePlatform
}

extension Catalogue {
    /// The commands' texts.
    func text(_ key: CLIText, _ args: String...) -> String { resolve(key, args) }

    /// The commands' numbers: the language's one form (NumberStyle, decision 0022), so that a figure
    /// reads the same in `score`, the report and the dashboard.
    var cliNumbers: NumberStyle { numbers() }

    /// "45.3" / "45,3".
    func cliFixed(_ x: Double, _ decimals: Int) -> String { cliNumbers.fixed(x, decimals) }

    /// A whole number grouped by thousands: "45,268" / "45 268".
    func cliGrouped(_ x: Double) -> String { cliNumbers.whole(x) }

    /// A share 0…1 as a percentage with one decimal: "85.0%" / "85,0 %".
    func cliPercent(_ share: Double) -> String { cliNumbers.percent(share, decimals: 1) }

    /// Percentage points of uplift with two decimals: "3.19 pp" / "3,19 p.e.".
    func cliPoints(_ x: Double) -> String { cliNumbers.points(x) }

    /// A number with at most two decimals, trailing zeros dropped ("30", "30.5" / "30,5").
    func cliShort(_ x: Double) -> String { cliNumbers.short(x) }

    /// "+1.5", "-0.3", "0.0": a change, without a sign when it rounds to zero.
    func cliSigned(_ x: Double, _ decimals: Int) -> String { cliNumbers.signedFixed(x, decimals) }

    /// "+12,219", "-341", "0": a change in a whole number.
    func cliSignedGrouped(_ x: Double) -> String { cliNumbers.signedWhole(x) }

    /// "+2", "-1", "0": a change in a count.
    func cliSignedCount(_ n: Int) -> String { cliNumbers.signedWhole(n) }

    /// A name from a file, quoted: "name" / ”name”.
    func cliQuoted(_ name: String) -> String { text(.cliQuoted, safe(name)) }

    /// "2 errors", "1 warning", "3 infos" ("2 fel", "1 varning", "3 info"). "info" is the severity
    /// as policy files and the dashboard name it, in both languages: one word everywhere.
    func cliCount(_ n: Int, _ severity: Severity) -> String {
        let (one, many): (CLIText, CLIText)
        switch severity {
        case .error: (one, many) = (.cliErrorsOne, .cliErrorsMany)
        case .warning: (one, many) = (.cliWarningsOne, .cliWarningsMany)
        default: (one, many) = (.cliInfosOne, .cliInfosMany)
        }
        return text(n == 1 ? one : many, String(n))
    }

    /// "Intrusiveness 34.0/100 (medium)   uplift 3.19 pp   value 45,268 extra conversions" (uplift in
    /// percentage points, SPEC §1.2).
    func cliHeadline(_ agg: Aggregate) -> String {
        text(.cliHeadline, cliFixed(agg.intrusiveness, 1), agg.band.rawValue, cliFixed(agg.uplift, 2), cliGrouped(agg.value))
    }
}

/// `--lang en|sv` for the commands with text output, shared through `@OptionGroup`: the flag, else
/// the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) through `Language.resolve`. Only the text output
/// changes; JSON and CSV are the same in every language.
struct LanguageOption: ParsableArguments {
    @Option(help: ArgumentHelp("The language of the text output: en or sv (default: from LC_ALL, LC_MESSAGES or LANG).",
                               valueName: "LANG"),
            completion: CompletionKind.language)
    var lang: String?

    func validate() throws {
        if language == nil { throw ValidationError("--lang must be en or sv, not \(SafeText.quoted(lang ?? ""))") }
    }

    /// `--lang`, else the locale; nil for an unknown `--lang` (a usage error).
    var language: Language? {
        var environment: [String: String] = [:]
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = getenv(key) { environment[key] = String(cString: value) }
        }
        return Language.resolve(flag: lang, environment: environment)
    }

    var catalogue: Catalogue { Catalogue(language ?? .en) }
}

extension CLIText {
    static let english: [CLIText: String] = [
        .cliQuoted: "\"{0}\"",
        .cliHeadline: "Intrusiveness {0}/100 ({1})   uplift {2} pp   value {3} extra conversions",
        .cliNoSegments: "(no segments)",
        .cliUp: "up", .cliDown: "down", .cliSame: "(same)",
        .cliViolationsNone: "Violations: none",
        .cliViolations: "Violations: {0}",
        .cliViolationsAndList: "Violations: {0} (balans check gives the list)",
        .cliViolationsNoneAndList: "Violations: none (balans check gives the list)",
        .cliErrorsOne: "{0} error", .cliErrorsMany: "{0} errors",
        .cliWarningsOne: "{0} warning", .cliWarningsMany: "{0} warnings",
        .cliInfosOne: "{0} info", .cliInfosMany: "{0} infos",
        .cliColSegment: "Segment", .cliColSize: "Size", .cliColLevel: "Level", .cliColScore: "Score", .cliColBand: "Band",
        .cliColReach: "Reach", .cliColExposure: "Exposure", .cliColUplift: "Uplift pp", .cliColValue: "Value",
        .cliColFlags: "Flags", .cliColGroup: "Group", .cliColSeverity: "Severity", .cliColRule: "Rule",
        .cliColWhere: "Where", .cliColWhy: "Why",
        .cliWhereOverall: "overall", .cliWhereAttribute: "by {0}",
        .cliFlagMinors: "minors", .cliFlagVulnerable: "vulnerable", .cliFlagProfiling: "profiling", .cliFlagArt9: "art9",

        .cliScoreTitlePreset: "Balans: {0}, preset {1}",
        .cliScoreTitleGeneric: "Balans: {0}, all segments at level 0",
        .cliScorePeak: "Peak: {0} at {1}   Customers: {2}",
        .cliFairnessTitle: "Fairness (demographic parity ratio; fair when >= 0.80, a heuristic, not a legal test)",
        .cliFairnessParity: "{0}: uplift parity {1}, exposure parity {2}",
        .cliIntersectionsTitle: "Fairness where attributes meet (the policy's intersections; small groups are shown, not judged)",
        .cliIntersectionParity: "{0}: uplift parity {1}, exposure parity {2} over {3} of {4} groups (judged from {5} customers)",
        .cliColJudged: "Judged", .cliJudgedYes: "yes", .cliJudgedTooSmall: "no: too small",

        .cliCheckCode: "Ethical code: {0}",
        .cliCheckPass: "PASS",
        .cliCheckFail: "FAIL: {0}",
        .cliCheckFailStrict: "FAIL: {0} (--strict)",

        .cliFrontierTitle: "Balans frontier: {0}",
        .cliFrontierTitlePreset: "Balans frontier: {0}, exclusions of preset {1}",
        .cliFrontierBlocked: "No frontier: the ethical code allows no level of {0}.",
        .cliFrontierPointsOne: "{0} point from intrusiveness {1} (value {2}) to {3} (value {4})",
        .cliFrontierPointsMany: "{0} points from intrusiveness {1} (value {2}) to {3} (value {4})",
        .cliColNumber: "#", .cliColIntrusiveness: "Intrusiveness", .cliColMove: "Move",
        .cliFrontierStart: "start: least intrusive allowed setting",
        .cliFrontierPreset: "Preset {0}: intrusiveness {1} ({2}), value {3}",
        .cliFrontierBeyond: "Beyond the frontier: more value than any allowed setting at this intrusiveness, because it uses levels the ethical code does not allow.",
        .cliFrontierOn: "On the frontier: no allowed setting is both less intrusive and more valuable.",
        .cliFrontierGap: "Frontier gap: {0} extra conversions lost at the same intrusiveness; {1} points of intrusiveness could be saved at the same value",

        .cliBalanceTitle: "Balans balance: {0}, budget {1}",
        .cliBalanceFromPreset: "Balans balance: {0}, budget {1}, from preset {2}",
        .cliBalanceProven: "Proven optimal (LP bound {0})",
        .cliBalanceWithin: "Within one step of the LP bound {0} (not proven optimal)",
        .cliColPreset: "Preset", .cliColChange: "Change",
        .cliBalanceChangedOne: "{0} of {1} segment changed from the preset",
        .cliBalanceChangedMany: "{0} of {1} segments changed from the preset",

        .cliDiffTitle: "Balans diff: {0}",
        .cliDiffSameSetting: "Setting: the same levels and exclusions in every segment",
        .cliDiffSettingOne: "Setting: {0} of {1} segment differ",
        .cliDiffSettingMany: "Setting: {0} of {1} segments differ",
        .cliColLevelA: "Level A", .cliColLevelB: "Level B", .cliColExcludedA: "Excluded A", .cliColExcludedB: "Excluded B",
        .cliColFigure: "Figure", .cliFigIntrusiveness: "Intrusiveness", .cliFigBand: "Band", .cliFigUplift: "Uplift (pp)",
        .cliFigValue: "Value", .cliFigErrors: "Errors", .cliFigWarnings: "Warnings", .cliFigInfos: "Infos",
        .cliDiffChanged: "Changed segments (A -> B)",
        .cliDiffPoints: "{0} pp",

        .cliValidateScenario: "ok: {0}: scenario {1} with {2}, {3}, {4}",
        .cliCategoriesOne: "{0} category", .cliCategoriesMany: "{0} categories",
        .cliSegmentsOne: "{0} segment", .cliSegmentsMany: "{0} segments", .cliLevels: "{0} levels",
        .cliValidatePolicyOne: "ok: {0}: policy {1} setting {2} rule",
        .cliValidatePolicyMany: "ok: {0}: policy {1} setting {2} rules",
        .cliValidatePreset: "ok: {0}: preset {1} for scenario {2} ({3})",
        .cliAuditRecorded: "Recorded audit entry {0} in {1} (SHA-256 {2}…)",
        .cliAuditVerifiedOne: "ok: {0}: {1} audit entry, the chain holds (last SHA-256 {2}…)",
        .cliAuditVerifiedMany: "ok: {0}: {1} audit entries, the chain holds (last SHA-256 {2}…)",
        .cliTrendTitleOne: "Audit trend of {0}: {1} entry", .cliTrendTitleMany: "Audit trend of {0}: {1} entries",
        .cliColRecorded: "Recorded", .cliColParity: "Parity {0} (uplift / exposure)", .cliColNote: "Note",
        .cliTrendChanges: "What changed:",
        .cliTrendLevels: "the level of {0} segments ({1})", .cliTrendExcluded: "the exclusions of {0} segments ({1})",
        .cliTrendLevelsOne: "the level of {0} segment ({1})", .cliTrendExcludedOne: "the exclusions of {0} segment ({1})",
        .cliTrendWeights: "the weights ({0})", .cliTrendInputs: "the input files ({0})",
        .cliTrendSources: "consent sources: {0} added, {1} gone", .cliTrendNothing: "nothing in the setting, weights, inputs or consent sources",

        .cliColName: "Name", .cliColSegments: "Segments", .cliColCustomers: "Customers", .cliColCategories: "Categories",
        .cliColLevels: "Levels", .cliColTitle: "Title", .cliScenarioDefault: "{0} (default)",

        .cliColRules: "Rules", .cliPoliciesWhen: "When each applies:",
        .cliPolicyWhenDefault: "always: the code every scenario starts from (docs/model.md, section 8), under the scenario's own policy and any --policy. As --policy it sets every rule back to its default.",
        .cliPolicyWhenOnlinePlatform: "for ads on an online platform in the DSA's sense (a hosting service that shows its users' content to the public, such as a marketplace or a social network): no ads based on profiling with special-category data (DSA Art. 26(3)), nor with a minor's data (Art. 28(2)). Both rules are errors, whatever the scenario's policy says; the rest of the code stays as it is.",
    ]

    static let swedish: [CLIText: String] = [
        .cliQuoted: "\u{201D}{0}\u{201D}",
        .cliHeadline: "Intrång {0}/100 ({1})   lyft {2}\u{00A0}p.e.   värde {3} extra konverteringar",
        .cliNoSegments: "(inga segment)",
        .cliUp: "upp", .cliDown: "ned", .cliSame: "(samma)",
        .cliViolationsNone: "Brott mot koden: inga",
        .cliViolations: "Brott mot koden: {0}",
        .cliViolationsAndList: "Brott mot koden: {0} (balans check ger listan)",
        .cliViolationsNoneAndList: "Brott mot koden: inga (balans check ger listan)",
        .cliErrorsOne: "{0} fel", .cliErrorsMany: "{0} fel",
        .cliWarningsOne: "{0} varning", .cliWarningsMany: "{0} varningar",
        .cliInfosOne: "{0} info", .cliInfosMany: "{0} info",
        .cliColSegment: "Segment", .cliColSize: "Antal", .cliColLevel: "Nivå", .cliColScore: "Poäng", .cliColBand: "Klass",
        .cliColReach: "Räckvidd", .cliColExposure: "Exponering", .cliColUplift: "Lyft\u{00A0}p.e.", .cliColValue: "Värde",
        .cliColFlags: "Flaggor", .cliColGroup: "Grupp", .cliColSeverity: "Allvarlighetsgrad", .cliColRule: "Regel",
        .cliColWhere: "Var", .cliColWhy: "Skäl",
        .cliWhereOverall: "alla segment", .cliWhereAttribute: "efter {0}",
        .cliFlagMinors: "minderåriga", .cliFlagVulnerable: "sårbara", .cliFlagProfiling: "profilering", .cliFlagArt9: "art9",

        .cliScoreTitlePreset: "Balans: {0}, förinställning {1}",
        .cliScoreTitleGeneric: "Balans: {0}, alla segment på nivå 0",
        .cliScorePeak: "Högst poäng: {0} med {1}   Kunder: {2}",
        .cliFairnessTitle: "Rättvisa (demografisk paritetskvot; rättvist från 0,80, en tumregel, inget rättsligt test)",
        .cliFairnessParity: "{0}: lyftparitet {1}, exponeringsparitet {2}",
        .cliIntersectionsTitle: "Rättvisa där attribut möts (policyns kombinationer; små grupper visas men bedöms inte)",
        .cliIntersectionParity: "{0}: lyftparitet {1}, exponeringsparitet {2} över {3} av {4} grupper (bedöms från {5} kunder)",
        .cliColJudged: "Bedöms", .cliJudgedYes: "ja", .cliJudgedTooSmall: "nej: för liten",

        .cliCheckCode: "Etisk kod: {0}",
        .cliCheckPass: "GODKÄND",
        .cliCheckFail: "UNDERKÄND: {0}",
        .cliCheckFailStrict: "UNDERKÄND: {0} (--strict)",

        .cliFrontierTitle: "Balans, effektiv front: {0}",
        .cliFrontierTitlePreset: "Balans, effektiv front: {0}, undantag enligt förinställningen {1}",
        .cliFrontierBlocked: "Ingen front: den etiska koden tillåter ingen nivå för {0}.",
        .cliFrontierPointsOne: "{0} punkt från intrång {1} (värde {2}) till {3} (värde {4})",
        .cliFrontierPointsMany: "{0} punkter från intrång {1} (värde {2}) till {3} (värde {4})",
        .cliColNumber: "#", .cliColIntrusiveness: "Intrång", .cliColMove: "Steg",
        .cliFrontierStart: "början: minsta tillåtna intrång",
        .cliFrontierPreset: "Förinställningen {0}: intrång {1} ({2}), värde {3}",
        .cliFrontierBeyond: "Bortom fronten: mer värde än någon tillåten inställning vid samma intrång, eftersom den använder nivåer som den etiska koden inte tillåter.",
        .cliFrontierOn: "På fronten: ingen tillåten inställning har både mindre intrång och mer värde.",
        .cliFrontierGap: "Avstånd till fronten: {0} extra konverteringar går förlorade vid samma intrång; {1} intrångspoäng kan sparas vid samma värde",

        .cliBalanceTitle: "Balans, balansering: {0}, budget {1}",
        .cliBalanceFromPreset: "Balans, balansering: {0}, budget {1}, från förinställningen {2}",
        .cliBalanceProven: "Bevisat optimal (LP-gräns {0})",
        .cliBalanceWithin: "Inom ett steg från LP-gränsen {0} (inte bevisat optimal)",
        .cliColPreset: "Förinställning", .cliColChange: "Ändring",
        .cliBalanceChangedOne: "{0} av {1} segment har ändrats jämfört med förinställningen",
        .cliBalanceChangedMany: "{0} av {1} segment har ändrats jämfört med förinställningen",

        .cliDiffTitle: "Balans, jämförelse: {0}",
        .cliDiffSameSetting: "Inställning: samma nivåer och undantag i alla segment",
        .cliDiffSettingOne: "Inställning: {0} av {1} segment skiljer sig",
        .cliDiffSettingMany: "Inställning: {0} av {1} segment skiljer sig",
        .cliColLevelA: "Nivå A", .cliColLevelB: "Nivå B", .cliColExcludedA: "Undantag A", .cliColExcludedB: "Undantag B",
        .cliColFigure: "Mått", .cliFigIntrusiveness: "Intrång", .cliFigBand: "Klass", .cliFigUplift: "Lyft (p.e.)",
        .cliFigValue: "Värde", .cliFigErrors: "Fel", .cliFigWarnings: "Varningar", .cliFigInfos: "Info",
        .cliDiffChanged: "Ändrade segment (A -> B)",
        .cliDiffPoints: "{0} p.e.",

        .cliValidateScenario: "ok: {0}: scenariot {1} med {2}, {3}, {4}",
        .cliCategoriesOne: "{0} kategori", .cliCategoriesMany: "{0} kategorier",
        .cliSegmentsOne: "{0} segment", .cliSegmentsMany: "{0} segment", .cliLevels: "{0} nivåer",
        .cliValidatePolicyOne: "ok: {0}: policyn {1} anger {2} regel",
        .cliValidatePolicyMany: "ok: {0}: policyn {1} anger {2} regler",
        .cliValidatePreset: "ok: {0}: förinställningen {1} för scenariot {2} ({3})",
        .cliAuditRecorded: "Granskning {0} sparad i {1} (SHA-256 {2}…)",
        .cliAuditVerifiedOne: "ok: {0}: {1} granskning, kedjan håller (senaste SHA-256 {2}…)",
        .cliAuditVerifiedMany: "ok: {0}: {1} granskningar, kedjan håller (senaste SHA-256 {2}…)",
        .cliTrendTitleOne: "Granskningar över tid i {0}: {1} granskning", .cliTrendTitleMany: "Granskningar över tid i {0}: {1} granskningar",
        .cliColRecorded: "Sparad", .cliColParity: "Paritet {0} (lyft / exponering)", .cliColNote: "Anteckning",
        .cliTrendChanges: "Vad som ändrades:",
        .cliTrendLevels: "nivån för {0} segment ({1})", .cliTrendExcluded: "undantagen för {0} segment ({1})",
        .cliTrendLevelsOne: "nivån för {0} segment ({1})", .cliTrendExcludedOne: "undantagen för {0} segment ({1})",
        .cliTrendWeights: "vikterna ({0})", .cliTrendInputs: "indatafilerna ({0})",
        .cliTrendSources: "samtyckeskällor: {0} tillkom, {1} försvann", .cliTrendNothing: "inget i inställningen, vikterna, indata eller samtyckeskällorna",

        .cliColName: "Namn", .cliColSegments: "Segment", .cliColCustomers: "Kunder", .cliColCategories: "Kategorier",
        .cliColLevels: "Nivåer", .cliColTitle: "Titel", .cliScenarioDefault: "{0} (standard)",

        .cliColRules: "Regler", .cliPoliciesWhen: "När var och en gäller:",
        .cliPolicyWhenDefault: "alltid: koden som varje scenario utgår från (docs/model.md, avsnitt 8), under scenariots egen policy och en eventuell --policy. Som --policy återställer den varje regel till standard.",
        .cliPolicyWhenOnlinePlatform: "för annonser på en onlineplattform enligt förordningen om digitala tjänster (en värdtjänst som visar användarnas innehåll för allmänheten, till exempel en marknadsplats eller ett socialt nätverk): inga annonser baserade på profilering med känsliga personuppgifter (artikel 26.3) eller med en underårigs uppgifter (artikel 28.2). Båda reglerna är fel, vad scenariots policy än säger; resten av koden är som den är.",
    ]
}
