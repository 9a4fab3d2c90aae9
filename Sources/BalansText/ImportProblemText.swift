import BalansModel

// The reasons a consent record could not be used (`ImportProblem`, found by the model), worded in
// the summary's language. Text read from the file is quoted and cut (`SafeText.quoted`); numbers
// read from it are shown as written, line numbers as they are.

/// The texts of import problems.
public enum ImportText: String, CatalogueKeys {
    case importColumn, importLineColumn, importUnclosedQuote, importTextAfterQuote
    case importLineTooLong, importFieldCount, importNoSegment, importUnknownSegment, importUnknownCategory
    case importDidYouMean, importBadPurpose, importBadSpecialFeature, importNoKey, importSeveralKeys
    case importBadOptIns, importBadChoices, importChoicesTooLarge, importOptInsAboveChoices
    case importRateDisagrees, importBadRate, importNoRate, importNoCounts, importRepeated
    case importChoicesOverflow, importTCString, importGPPString, importGPPWithoutTCF, importGPPNoSections, importBadSignal
    case importKeySegment, importKeyCategory, importKeyPurpose, importKeySpecialFeature

    public static let english: [ImportText: String] = [
        .importColumn: "column {0}: {1}",
        .importLineColumn: "line {0}, column {1}: {2}",
        .importUnclosedQuote: "a quote opened here is not closed",
        .importTextAfterQuote: "text after a closing quote",
        .importLineTooLong: "the line is over 1 MiB",
        .importFieldCount: "{0} fields, but the header has {1}",
        .importNoSegment: "no segment",
        .importUnknownSegment: "unknown segment {0}",
        .importUnknownCategory: "unknown category {0}",
        .importDidYouMean: "{0} (did you mean {1}?)",
        .importBadPurpose: "purpose {0} is not a TCF purpose 1–11",
        .importBadSpecialFeature: "special feature {0} is not 1 or 2",
        .importNoKey: "no category, purpose or special feature",
        .importSeveralKeys: "more than one of category, purpose and special feature",
        .importBadOptIns: "opt_ins {0} is not a whole number ≥ 0",
        .importBadChoices: "choices {0} is not a whole number ≥ 1",
        .importChoicesTooLarge: "choices {0} is more than 2^53",
        .importOptInsAboveChoices: "{0} opt-ins out of {1} choices",
        .importRateDisagrees: "rate {0} disagrees with {1} opt-ins out of {2} choices",
        .importBadRate: "rate {0} is not a share 0–1 or a percentage 0–100%",
        .importNoRate: "no rate",
        .importNoCounts: "no opt_ins and choices",
        .importRepeated: "{0} is already given on line {1}",
        .importChoicesOverflow: "{0}: the choices add up to more than 2^53",
        .importTCString: "TC string: {0}",
        .importGPPString: "GPP string: {0}",
        .importGPPWithoutTCF: "GPP string without an EU TCF v2 section (it has {0}): nothing to count",
        .importGPPNoSections: "no sections",
        .importBadSignal: "{0} {1} is not granted, denied or empty",
        .importKeySegment: "segment {0}, {1}",
        .importKeyCategory: "category {0}",
        .importKeyPurpose: "purpose {0}",
        .importKeySpecialFeature: "special feature {0}",
    ]

    public static let swedish: [ImportText: String] = [
        .importColumn: "kolumn {0}: {1}",
        .importLineColumn: "rad {0}, kolumn {1}: {2}",
        .importUnclosedQuote: "ett citattecken som öppnas här stängs aldrig",
        .importTextAfterQuote: "text efter ett avslutande citattecken",
        .importLineTooLong: "raden är över 1 MiB",
        .importFieldCount: "{0} fält, men rubrikraden har {1}",
        .importNoSegment: "inget segment",
        .importUnknownSegment: "okänt segment {0}",
        .importUnknownCategory: "okänd kategori {0}",
        .importDidYouMean: "{0} (menade du {1}?)",
        .importBadPurpose: "syftet {0} är inte ett TCF-syfte 1–11",
        .importBadSpecialFeature: "den särskilda funktionen {0} är inte 1 eller 2",
        .importNoKey: "varken kategori, syfte eller särskild funktion",
        .importSeveralKeys: "mer än en av kategori, syfte och särskild funktion",
        .importBadOptIns: "opt_ins {0} är inte ett heltal ≥ 0",
        .importBadChoices: "choices {0} är inte ett heltal ≥ 1",
        .importChoicesTooLarge: "choices {0} är mer än 2^53",
        .importOptInsAboveChoices: "{0} samtycken av {1} val",
        .importRateDisagrees: "andelen {0} stämmer inte med {1} samtycken av {2} val",
        .importBadRate: "andelen {0} är varken en andel 0–1 eller en procentsats 0–100 %",
        .importNoRate: "ingen andel",
        .importNoCounts: "varken opt_ins eller choices",
        .importRepeated: "{0} finns redan på rad {1}",
        .importChoicesOverflow: "{0}: valen blir sammanlagt fler än 2^53",
        .importTCString: "TC-sträng: {0}",
        .importGPPString: "GPP-sträng: {0}",
        .importGPPWithoutTCF: "GPP-sträng utan avsnitt för EU TCF v2 (den har {0}): inget att räkna",
        .importGPPNoSections: "inga avsnitt",
        .importBadSignal: "{0} {1} är varken granted, denied eller tomt",
        .importKeySegment: "segment {0}, {1}",
        .importKeyCategory: "kategori {0}",
        .importKeyPurpose: "syfte {0}",
        .importKeySpecialFeature: "särskild funktion {0}",
    ]
}

extension Catalogue {
    /// An import text in this catalogue's language.
    public func text(_ key: ImportText, _ args: String...) -> String { resolve(key, args) }

    /// The reason a consent record was not used, in this language.
    public func reason(_ problem: ImportProblem) -> String {
        let q = SafeText.quoted
        switch problem {
        case let .malformedField(line, column, kind):
            let what = text(kind == .unclosedQuote ? .importUnclosedQuote : .importTextAfterQuote)
            return line.map { text(.importLineColumn, String($0), String(column), what) } ?? text(.importColumn, String(column), what)
        case .lineTooLong: return text(.importLineTooLong)
        case let .fieldCount(found, header): return text(.importFieldCount, String(found), String(header))
        case .noSegment: return text(.importNoSegment)
        case let .unknownSegment(id, suggestion):
            let base = text(.importUnknownSegment, q(id))
            return suggestion.map { text(.importDidYouMean, base, q($0)) } ?? base
        case let .unknownCategory(id, suggestion):
            let base = text(.importUnknownCategory, q(id))
            return suggestion.map { text(.importDidYouMean, base, q($0)) } ?? base
        case .badPurpose(let t): return text(.importBadPurpose, q(t))
        case .badSpecialFeature(let t): return text(.importBadSpecialFeature, q(t))
        case .noKey: return text(.importNoKey)
        case .severalKeys: return text(.importSeveralKeys)
        case .badOptIns(let t): return text(.importBadOptIns, q(t))
        case .badChoices(let t): return text(.importBadChoices, q(t))
        case .choicesTooLarge(let n): return text(.importChoicesTooLarge, String(n))
        case let .optInsAboveChoices(yes, all): return text(.importOptInsAboveChoices, String(yes), String(all))
        case let .rateDisagrees(rate, yes, all): return text(.importRateDisagrees, q(rate), String(yes), String(all))
        case .badRate(let t): return text(.importBadRate, q(t))
        case .noRate: return text(.importNoRate)
        case .noCounts: return text(.importNoCounts)
        case let .repeated(segment, key, line): return text(.importRepeated, describe(segment, key), String(line))
        case let .choicesOverflow(segment, key): return text(.importChoicesOverflow, describe(segment, key))
        case .tcString(let diagnostic): return text(.importTCString, diagnostic)
        case .gppString(let diagnostic): return text(.importGPPString, diagnostic)
        case .gppWithoutTCF(let sections):
            return text(.importGPPWithoutTCF, sections.isEmpty ? text(.importGPPNoSections) : sections.joined(separator: ", "))
        case let .badSignal(signal, value): return text(.importBadSignal, signal, q(value))
        }
    }

    /// "segment "north", category "clicks"".
    func describe(_ segment: String, _ key: ImportKey) -> String {
        let k: String
        switch key {
        case .category(let id): k = text(.importKeyCategory, SafeText.quoted(id))
        case .purpose(let p): k = text(.importKeyPurpose, String(p))
        case .specialFeature(let f): k = text(.importKeySpecialFeature, String(f))
        }
        return text(.importKeySegment, SafeText.quoted(segment), k)
    }
}

extension ImportProblem {
    /// The reason in English (JSON output and tests).
    public var english: String { Catalogue.english.reason(self) }
}
