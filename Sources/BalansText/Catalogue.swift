import BalansModel

/// The languages Balans speaks (SPEC §1.11: English by default, Swedish with `--lang sv` or a
/// Swedish locale).
public enum Language: String, Sendable, CaseIterable {
    case en, sv

    /// `--lang` when given, else the locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`): `sv` or
    /// `sv_*` is Swedish, anything else English.
    public static func resolve(flag: String?, environment: [String: String]) -> Language? {
        if let flag { return Language(rawValue: flag.lowercased()) }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value == "sv" || value.hasPrefix("sv_") || value.hasPrefix("sv.") ? .sv : .en
        }
        return .en
    }
}

/// A set of catalogue keys with their texts in every language. Each area (model, reports, dashboard,
/// commands) has its own key enum, in its own module, so that the texts live next to their users and
/// yet in one catalogue; `Catalogue.problems(in:)` is what their tests check.
public protocol CatalogueKeys: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    static var english: [Self: String] { get }
    static var swedish: [Self: String] { get }
}

/// One catalogue of the texts people read, in every language, instead of literals scattered through
/// the code. A text may hold placeholders `{0}`, `{1}`…; tests check that every key exists in every
/// language with the same placeholders.
public struct Catalogue: Sendable {
    public let language: Language

    public init(_ language: Language) {
        self.language = language
    }

    public static let english = Catalogue(.en)

    /// The text of `key`, with `{i}` replaced by `args[i]`. Each module adds a `text(_:_:)` overload
    /// for its own key type (see below for `TextKey`) so that call sites can write `.someKey`.
    public func resolve<K: CatalogueKeys>(_ key: K, _ args: [String]) -> String {
        let table = language == .en ? K.english : K.swedish
        let t = table[key] ?? K.english[key] ?? key.rawValue
        // Where a text is used, it gets exactly as many arguments as it has placeholders (the tests,
        // in debug builds, walk every screen and command; `problems(in:)` checks the languages agree).
        assert(Catalogue.placeholders(t).count == args.count,
               "\(key.rawValue): \(Catalogue.placeholders(t).count) placeholders, \(args.count) arguments")
        return args.isEmpty ? t : Catalogue.substitute(t, args)
    }

    /// The text of `key` with its placeholders left in place, for a caller that fills them itself
    /// (a link put in after the sentence is escaped). The one way to use a text without arguments.
    public func template<K: CatalogueKeys>(_ key: K) -> String {
        (language == .en ? K.english : K.swedish)[key] ?? K.english[key] ?? key.rawValue
    }

    /// `template` with each `{i}` replaced by `args[i]`, in one pass: an argument that itself holds
    /// `{1}` (a name from a file) stays as it is, and a long text costs one copy, not one per
    /// placeholder. A `{i}` without an argument stays too.
    static func substitute(_ template: String, _ args: [String]) -> String {
        let u = template.utf8
        var out = ""
        out.reserveCapacity(u.count + args.reduce(0) { $0 + $1.utf8.count })
        var i = u.startIndex
        var run = i
        while i != u.endIndex {
            if u[i] == UInt8(ascii: "{") {
                var j = u.index(after: i)
                var n = 0
                var digits = 0
                while j != u.endIndex, u[j] >= 48, u[j] <= 57, digits < 3 {
                    n = n * 10 + Int(u[j] - 48)
                    digits += 1
                    j = u.index(after: j)
                }
                if digits > 0, j != u.endIndex, u[j] == UInt8(ascii: "}"), n < args.count {
                    out += template[run..<i]
                    out += args[n]
                    i = u.index(after: j)
                    run = i
                    continue
                }
            }
            i = u.index(after: i)
        }
        out += template[run..<u.endIndex]
        return out
    }

    /// The model's texts.
    public func text(_ key: TextKey, _ args: String...) -> String { resolve(key, args) }

    /// What is wrong with a key set: keys without a text in some language, and texts whose
    /// placeholders differ between languages. Empty when complete.
    public static func problems<K: CatalogueKeys>(in keys: K.Type) -> [String] {
        var out: [String] = []
        for key in K.allCases {
            guard let en = K.english[key] else { out.append("\(key.rawValue): no English text"); continue }
            guard let sv = K.swedish[key] else { out.append("\(key.rawValue): no Swedish text"); continue }
            if placeholders(en) != placeholders(sv) { out.append("\(key.rawValue): placeholders differ") }
        }
        return out
    }

    static func placeholders(_ text: String) -> Set<String> {
        var out = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out.insert(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    /// "a", "a and b", "a, b and c" ("a, b och c").
    public func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + text(.listAnd) + items[items.count - 1]
        }
    }
}

/// The model's texts (the transparency notice). Add a key here and its text in both tables below.
public enum TextKey: String, CatalogueKeys {
    case listAnd
    // Transparency notice (SPEC §1.11)
    case noticeNothing
    case noticeWithAI
    case noticeWithProfiling
    case noticeWithRules
    case noticeWhat
    case noticeWhatDescribed
    case noticeData
    case noticeInferred
    case noticeSpecial
    case noticeSpecialFeature
    case noticeProfiling
    case noticeNoProfiling
    case noticeLinking
    case noticeLinkingDevices
    case noticeObtrusive
    case noticeWithdraw
    case noticeObject
    // Violation messages (SPEC §1.9); the English texts are the messages' historical wording.
    case violationMaxBand
    case violationMinorsProfiling
    case violationVulnerableBand
    case violationSpecialCategory
    case violationNoReach
    case violationDPIA
    case violationMaxIntrusiveness
    case violationUpliftParity
    case violationExposureParity
    // Bands and severities in words, as the dashboard and the report write them (ids stay in files
    // and machine outputs: decision 0012).
    case wordBandLow, wordBandMedium, wordBandHigh, wordBandVeryHigh
    case wordSeverityError, wordSeverityWarning, wordSeverityInfo
    case violationBandLow
    case violationBandMedium
    case violationBandHigh
    case violationBandVeryHigh
    case violationCritProfiling
    case violationCritSpecial
    case violationCritLargeScale
    case violationCritMatching
    case violationCritVulnerable
}

extension TextKey {
    public static let english: [TextKey: String] = [
        .listAnd: " and ",
        .noticeNothing: "Nothing is personalised for you: you see the same offers and content as everyone else, and no data about you is used to choose them.",
        .noticeWithAI: "We personalise the offers and content you see, and we use AI to do it: models that predict things about you.",
        .noticeWithProfiling: "We personalise the offers and content you see by automated profiling: a computer evaluates data about you to choose them.",
        .noticeWithRules: "We personalise the offers and content you see, using automated rules.",
        .noticeWhat: "What we personalise: {0}.",
        .noticeWhatDescribed: "What we personalise ({0}): {1}",
        .noticeData: "To choose them we use this data about you: {0}. We use it only for this personalisation, and only if you have agreed to it.",
        .noticeInferred: "Some of it is predicted by our models rather than told to us: {0}.",
        .noticeSpecial: "{0} is sensitive data under GDPR Art. 9; we use it only with your explicit consent.",
        .noticeSpecialFeature: "{0} is used only if you switched it on.",
        .noticeProfiling: "We build a profile of you from this data (profiling).",
        .noticeNoProfiling: "We do not build a profile of you.",
        .noticeLinking: "We link data about you from different sources.",
        .noticeLinkingDevices: "We link data about you from different sources and across your devices.",
        .noticeObtrusive: "Some messages react to what you do as it happens, so you will notice that they are about you.",
        .noticeWithdraw: "You can withdraw your consent at any time, as easily as you gave it, in your privacy settings; we then stop using that data and you see less personalised content.",
        .noticeObject: "You also have the right to object at any time to our use of your data for direct marketing, including profiling related to it; we then stop using your data for marketing.",
        .violationMaxBand: "level {0} {1} is {2} (I = {3}), above the allowed {4}",
        .violationMinorsProfiling: "profiles a segment that may contain children at level {0} {1} (DSA Art. 28(2), GDPR Art. 8)",
        .violationVulnerableBand: "a vulnerable segment at {0}, above the allowed {1} (after AI Act Art. 5(1)(b): no exploiting of vulnerabilities \"with the objective, or the effect, of materially distorting\" behaviour in a manner \"reasonably likely to cause\" significant harm)",
        .violationSpecialCategory: "uses special-category data (GDPR Art. 9): {0}; needs explicit consent (Art. 9(2)(a)) and a DPIA; an online platform may not base ads on profiling with it (DSA Art. 26(3))",
        .violationNoReach: "level {0} {1} reaches nobody: no customer consented to everything it uses",
        .violationDPIA: "meets {0} WP248 criteria ({1}): a DPIA is likely required (GDPR Art. 35)",
        .violationMaxIntrusiveness: "aggregate intrusiveness {0} is above the code's maximum {1}",
        .violationUpliftParity: "uplift parity {0} across {1} (lowest {2}, highest {3}) is below {4}",
        .violationExposureParity: "exposure parity {0} across {1} (lowest {2}, highest {3}) is below {4}",
        .wordBandLow: "low", .wordBandMedium: "medium", .wordBandHigh: "high", .wordBandVeryHigh: "very high",
        .wordSeverityError: "error", .wordSeverityWarning: "warning", .wordSeverityInfo: "info",
        .violationBandLow: "low",
        .violationBandMedium: "medium",
        .violationBandHigh: "high",
        .violationBandVeryHigh: "very-high",
        .violationCritProfiling: "profiling",
        .violationCritSpecial: "special-category",
        .violationCritLargeScale: "large-scale",
        .violationCritMatching: "matching-data",
        .violationCritVulnerable: "minors-or-vulnerable",
    ]

    public static let swedish: [TextKey: String] = [
        .listAnd: " och ",
        .noticeNothing: "Ingenting anpassas för dig: du ser samma erbjudanden och innehåll som alla andra, och inga uppgifter om dig används för att välja dem.",
        .noticeWithAI: "Vi anpassar de erbjudanden och det innehåll du ser, och vi använder AI för det: modeller som förutsäger saker om dig.",
        .noticeWithProfiling: "Vi anpassar de erbjudanden och det innehåll du ser genom automatiserad profilering: en dator bedömer uppgifter om dig för att välja dem.",
        .noticeWithRules: "Vi anpassar de erbjudanden och det innehåll du ser med hjälp av automatiska regler.",
        .noticeWhat: "Det här anpassar vi: {0}.",
        .noticeWhatDescribed: "Det här anpassar vi ({0}): {1}",
        .noticeData: "För att välja dem använder vi de här uppgifterna om dig: {0}. Vi använder dem bara för den här anpassningen, och bara om du har samtyckt till det.",
        .noticeInferred: "En del av dem förutsägs av våra modeller i stället för att du har berättat dem för oss: {0}.",
        .noticeSpecial: "{0} är känsliga personuppgifter enligt artikel 9 i dataskyddsförordningen; vi använder dem bara med ditt uttryckliga samtycke.",
        .noticeSpecialFeature: "{0} används bara om du har slagit på det.",
        .noticeProfiling: "Vi skapar en profil av dig utifrån de här uppgifterna (profilering).",
        .noticeNoProfiling: "Vi skapar ingen profil av dig.",
        .noticeLinking: "Vi kopplar ihop uppgifter om dig från olika källor.",
        .noticeLinkingDevices: "Vi kopplar ihop uppgifter om dig från olika källor och mellan dina enheter.",
        .noticeObtrusive: "Vissa meddelanden reagerar på det du gör medan du gör det, så du märker att de handlar om dig.",
        .noticeWithdraw: "Du kan när som helst återkalla ditt samtycke, lika enkelt som du gav det, i dina integritetsinställningar; då slutar vi använda uppgifterna och du ser mindre anpassat innehåll.",
        .noticeObject: "Du har också rätt att när som helst invända mot att vi använder dina uppgifter för direktmarknadsföring, också profilering som hör till den; då slutar vi använda dina uppgifter för marknadsföring.",
        .violationMaxBand: "nivå {0} {1} är {2} (I = {3}), över den tillåtna klassen {4}",
        .violationMinorsProfiling: "profilerar ett segment som kan innehålla barn på nivå {0} {1} (artikel 28.2 i förordningen om digitala tjänster, artikel 8 i dataskyddsförordningen)",
        .violationVulnerableBand: "ett sårbart segment på klassen {0}, över den tillåtna {1} (efter artikel 5.1 b i AI-förordningen: inget utnyttjande av sårbarheter i syfte att eller med följden att väsentligt snedvrida beteendet på ett sätt som rimligen kan förväntas orsaka betydande skada)",
        .violationSpecialCategory: "använder känsliga personuppgifter (artikel 9 i dataskyddsförordningen): {0}; kräver uttryckligt samtycke (artikel 9.2 a) och en konsekvensbedömning; en onlineplattform får inte visa annonser baserade på profilering med dem (artikel 26.3 i förordningen om digitala tjänster)",
        .violationNoReach: "nivå {0} {1} når ingen: ingen kund har samtyckt till allt den använder",
        .violationDPIA: "uppfyller {0} kriterier i WP248 ({1}): en konsekvensbedömning krävs sannolikt (artikel 35 i dataskyddsförordningen)",
        .violationMaxIntrusiveness: "det sammanvägda intrånget {0} är över kodens högsta tillåtna {1}",
        .violationUpliftParity: "lyftpariteten {0} för {1} (lägst {2}, högst {3}) är under {4}",
        .violationExposureParity: "exponeringspariteten {0} för {1} (lägst {2}, högst {3}) är under {4}",
        .wordBandLow: "låg", .wordBandMedium: "medel", .wordBandHigh: "hög", .wordBandVeryHigh: "mycket hög",
        .wordSeverityError: "fel", .wordSeverityWarning: "varning", .wordSeverityInfo: "info",
        .violationBandLow: "låg",
        .violationBandMedium: "medel",
        .violationBandHigh: "hög",
        .violationBandVeryHigh: "mycket hög",
        .violationCritProfiling: "profilering",
        .violationCritSpecial: "känsliga uppgifter",
        .violationCritLargeScale: "stor omfattning",
        .violationCritMatching: "sammanslagning av datamängder",
        .violationCritVulnerable: "barn eller sårbara",
    ]
}
