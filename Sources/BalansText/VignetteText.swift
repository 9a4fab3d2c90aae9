import BalansModel

/// The words of a calibration questionnaire (issue 15): the vignettes, the attention check, the
/// question and the seven items of Li, Edwards & Lee (2002), in English and Swedish. Each
/// sentence has a second-person form and a third-person one (…They): a vignette about a minor or
/// vulnerable customer is judged from outside, never by asking respondents to declare that they
/// are vulnerable. The Swedish items are our translation, not a validated one (docs/calibration.md).
public enum VignetteText: String, CatalogueKeys {
    case vigGeneric
    case vigThirdPerson
    case vigData, vigDataThey
    case vigDeclared, vigDeclaredThey, vigObserved, vigObservedThey, vigInferred, vigInferredThey
    case vigSpecialFeature, vigSpecialFeatureThey
    case vigProfiling, vigProfilingThey
    case vigLinking, vigLinkingThey, vigLinkingDevices, vigLinkingDevicesThey
    case vigObtrusive, vigObtrusiveThey
    case vigAttention
    case vigQuestion
    case itemDistracting, itemDisturbing, itemForced, itemInterfering, itemIntrusive, itemInvasive, itemObtrusive

    public static let english: [VignetteText: String] = [
        .vigGeneric: "{0} shows you the same offers as everyone else and uses no data about you to choose them.",
        .vigThirdPerson: "Think of a customer who is a teenager or in a vulnerable situation, for example in financial difficulty.",
        .vigData: "{0} uses this data about you to choose the offers it shows you: {1}, {2}.",
        .vigDataThey: "{0} uses this data about the customer to choose the offers it shows them: {1}, {2}.",
        .vigDeclared: "which you gave it yourself", .vigDeclaredThey: "which the customer gave it",
        .vigObserved: "which it recorded as you used its shop, website and app",
        .vigObservedThey: "which it recorded as the customer used its shop, website and app",
        .vigInferred: "which its models predicted about you", .vigInferredThey: "which its models predicted about the customer",
        .vigSpecialFeature: "It also uses your phone's precise location, which you switched on.",
        .vigSpecialFeatureThey: "It also uses the precise location of the customer's phone, which they switched on.",
        .vigProfiling: "It builds a profile of you from this data.",
        .vigProfilingThey: "It builds a profile of the customer from this data.",
        .vigLinking: "It links this data with data about you from other companies.",
        .vigLinkingThey: "It links this data with data about the customer from other companies.",
        .vigLinkingDevices: "It links this data with data about you from other companies and across your devices.",
        .vigLinkingDevicesThey: "It links this data with data about the customer from other companies and across their devices.",
        .vigObtrusive: "The offer arrives the moment you do something, so you clearly notice that it is about you: \"We saw you...\"",
        .vigObtrusiveThey: "The offer arrives the moment the customer does something, so they clearly notice that it is about them: \"We saw you...\"",
        .vigAttention: "To show that you are reading: please answer 2 on every word for this one.",
        .vigQuestion: "How do you find this? For each word, 1 = not at all, 7 = very much.",
        .itemDistracting: "distracting", .itemDisturbing: "disturbing", .itemForced: "forced", .itemInterfering: "interfering",
        .itemIntrusive: "intrusive", .itemInvasive: "invasive", .itemObtrusive: "obtrusive",
    ]

    public static let swedish: [VignetteText: String] = [
        .vigGeneric: "{0} visar dig samma erbjudanden som alla andra och använder inga uppgifter om dig för att välja dem.",
        .vigThirdPerson: "Tänk dig en kund som är tonåring eller i en utsatt situation, till exempel i ekonomiska svårigheter.",
        .vigData: "{0} använder de här uppgifterna om dig för att välja vilka erbjudanden du får se: {1}, {2}.",
        .vigDataThey: "{0} använder de här uppgifterna om kunden för att välja vilka erbjudanden kunden får se: {1}, {2}.",
        .vigDeclared: "som du själv har lämnat", .vigDeclaredThey: "som kunden själv har lämnat",
        .vigObserved: "som företaget har registrerat när du har använt dess butik, webbplats och app",
        .vigObservedThey: "som företaget har registrerat när kunden har använt dess butik, webbplats och app",
        .vigInferred: "som företagets modeller har förutsagt om dig", .vigInferredThey: "som företagets modeller har förutsagt om kunden",
        .vigSpecialFeature: "Företaget använder också din telefons exakta position, som du har slagit på.",
        .vigSpecialFeatureThey: "Företaget använder också den exakta positionen för kundens telefon, som kunden har slagit på.",
        .vigProfiling: "Företaget skapar en profil av dig utifrån uppgifterna.",
        .vigProfilingThey: "Företaget skapar en profil av kunden utifrån uppgifterna.",
        .vigLinking: "Företaget kopplar ihop uppgifterna med uppgifter om dig från andra företag.",
        .vigLinkingThey: "Företaget kopplar ihop uppgifterna med uppgifter om kunden från andra företag.",
        .vigLinkingDevices: "Företaget kopplar ihop uppgifterna med uppgifter om dig från andra företag och mellan dina enheter.",
        .vigLinkingDevicesThey: "Företaget kopplar ihop uppgifterna med uppgifter om kunden från andra företag och mellan kundens enheter.",
        .vigObtrusive: "Erbjudandet kommer i samma stund som du gör något, så du märker tydligt att det handlar om dig: \u{201D}Vi såg dig...\u{201D}",
        .vigObtrusiveThey: "Erbjudandet kommer i samma stund som kunden gör något, så kunden märker tydligt att det handlar om hen: \u{201D}Vi såg dig...\u{201D}",
        .vigAttention: "För att visa att du läser: svara 2 på varje ord för just den här.",
        .vigQuestion: "Hur uppfattar du det här? För varje ord: 1 = inte alls, 7 = mycket.",
        .itemDistracting: "distraherande", .itemDisturbing: "störande", .itemForced: "påtvingad", .itemInterfering: "inkräktande",
        .itemIntrusive: "påträngande", .itemInvasive: "integritetskränkande", .itemObtrusive: "påflugen",
    ]
}

extension Catalogue {
    public func text(_ key: VignetteText, _ args: String...) -> String { resolve(key, args) }

    /// The situation `v` describes, with `company` (the scenario's name) as the actor and
    /// `categoryName` the data's name as the scenario writes it.
    public func vignette(_ v: Vignette, company: String, categoryName: String) -> String {
        guard !v.isGeneric else { return text(.vigGeneric, company) }
        let they = v.vulnerable
        func pick(_ you: VignetteText, _ them: VignetteText) -> String { template(they ? them : you) }
        let origin: String
        switch v.origin {
        case .declared: origin = pick(.vigDeclared, .vigDeclaredThey)
        case .observed: origin = pick(.vigObserved, .vigObservedThey)
        case .inferred: origin = pick(.vigInferred, .vigInferredThey)
        }
        var parts: [String] = []
        if they { parts.append(template(VignetteText.vigThirdPerson)) }
        parts.append(text(they ? .vigDataThey : .vigData, company, categoryName, origin))
        if v.specialFeature { parts.append(pick(.vigSpecialFeature, .vigSpecialFeatureThey)) }
        if v.profiling { parts.append(pick(.vigProfiling, .vigProfilingThey)) }
        if v.crossContext == 1 { parts.append(pick(.vigLinking, .vigLinkingThey)) }
        if v.crossContext >= 2 { parts.append(pick(.vigLinkingDevices, .vigLinkingDevicesThey)) }
        if v.obtrusive { parts.append(pick(.vigObtrusive, .vigObtrusiveThey)) }
        return parts.joined(separator: " ")
    }

    /// The word of an item in this language.
    public func item(_ item: IntrusivenessItem) -> String {
        switch item {
        case .distracting: return template(VignetteText.itemDistracting)
        case .disturbing: return template(VignetteText.itemDisturbing)
        case .forced: return template(VignetteText.itemForced)
        case .interfering: return template(VignetteText.itemInterfering)
        case .intrusive: return template(VignetteText.itemIntrusive)
        case .invasive: return template(VignetteText.itemInvasive)
        case .obtrusive: return template(VignetteText.itemObtrusive)
        }
    }
}
