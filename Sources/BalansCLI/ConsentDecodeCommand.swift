import ArgumentParser
import BalansModel

/// `balans consent decode STRING`: what one IAB TCF v2.2 TC string (decision 0014) or IAB GPP
/// string (decision 0030) says.
struct ConsentDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode an IAB TCF v2.2 TC string or an IAB GPP string and show its fields.",
        discussion: """
        Shows every field of the core segment under IAB's field names, and the disclosed vendors, \
        allowed vendors and publisher TC segments when the string has them. Times are UTC with \
        deciseconds (the string's resolution); sets of purposes show their numbers and names; vendor \
        ids are shown as ranges ("23, 37, 47-48"). A TcfPolicyVersion below 4 is flagged: TCF v2.2 \
        needs 4 or later. A string that does not decode is refused with the reason and exit 65. \
        STRING - reads the string from standard input, as - does for every other input.

        A GPP string (Global Privacy Platform: it begins with D, or holds a ~) shows its header's \
        section ids, then each section: the EU TCF v2 section as a TC string, the US National \
        section's notices, opt-outs, sensitive-data and known-child consents and GPC, and any other \
        section by name, not decoded.

        Examples:
          balans consent decode COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA
          balans consent decode 'DBABLA~CVVVkkkkkpFY.YA'
          pbpaste | balans consent decode --format json -
        """)

    /// The output formats `consent decode` accepts: `--help` and shell completions list these and no others.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("The TC string (base64url segments separated by '.') or GPP string (sections separated by '~'); - reads standard input.", valueName: "STRING"))
    var string: String

    @Option(help: "The output format.")
    var format: Format = .text

    func run() throws {
        var string = string
        if string == "-" {
            try reportingErrors {
                do throws(BalansError) {
                    string = String(decoding: try FileIO.read("/dev/stdin"), as: UTF8.self)
                } catch {
                    // Named as every other command names standard input.
                    var named = error
                    named.file = "stdin"
                    throw named
                }
            }
        }
        // Surrounding blanks (a pasted line) are not part of the string.
        let text = string.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let trimmed = text.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }.reversed()
        if GPPString.isGPP(String(trimmed)) {
            do {
                let gpp = try GPPString.decode(String(trimmed))
                Output.print(Self.render(gpp, format: format))
            } catch {
                Output.error("GPP string: " + safe(error.description))
                throw ExitCode(65)
            }
            return
        }
        do {
            let tc = try TCString.decode(String(trimmed))
            Output.print(Self.render(tc, format: format))
        } catch {
            Output.error("TC string: " + safe(error.description))
            throw ExitCode(65)
        }
    }

    // MARK: Rendering

    /// The decoded string as text (one field per line, aligned) or JSON.
    static func render(_ tc: TCString, format: Format) -> String {
        format == .json ? json(tc) : text(tc)
    }

    /// The notes a reader should see: an outdated policy version, legitimate interest for 3–6.
    static func warnings(_ tc: TCString) -> [String] {
        var out: [String] = []
        if tc.policyVersion < TCString.minimumPolicyVersion {
            out.append("TcfPolicyVersion \(tc.policyVersion) is outdated: TCF v2.2 needs \(TCString.minimumPolicyVersion) or later")
        }
        let li = tc.purposesLITransparency.members.filter { (3...6).contains($0) }
        if !li.isEmpty {
            out.append("PurposesLITransparency has \(li.map(String.init).joined(separator: ", ")): purposes 3-6 cannot rest on legitimate interest since TCF v2.2")
        }
        return out
    }

    static func text(_ tc: TCString) -> String {
        var rows: [(String, String)] = []
        func row(_ label: String, _ value: String) { rows.append((label, value)) }
        func yesNo(_ b: Bool) -> String { b ? "1 (yes)" : "0 (no)" }
        /// "2, 10", then one line per member with its name.
        func named(_ label: String, _ members: [Int], _ names: [String]) {
            row(label, members.isEmpty ? "none" : members.map(String.init).joined(separator: ", "))
            let width = members.map { String($0).count }.max() ?? 0
            for m in members {
                let number = String(m)
                let name = m >= 1 && m <= names.count ? names[m - 1] : "(not defined in TCF v2.2)"
                row("", "  " + number + String(repeating: " ", count: width - number.count) + "  " + name)
            }
        }
        /// "23, 37, 47-48 (4 vendors, MaxVendorId 98)" or "none (MaxVendorId 0)".
        func vendors(_ label: String, _ set: TCFVendorSet) {
            let count = "\(set.count) vendor\(set.count == 1 ? "" : "s"), "
            row(label, (set.isEmpty ? "none (" : compactRanges(set) + " (" + count) + "MaxVendorId \(set.maxVendorId))")
        }

        row("Version", String(tc.version))
        row("Created", iso(tc.created))
        row("LastUpdated", iso(tc.lastUpdated))
        row("CmpId", String(tc.cmpId))
        row("CmpVersion", String(tc.cmpVersion))
        row("ConsentScreen", String(tc.consentScreen))
        row("ConsentLanguage", tc.consentLanguage)
        row("VendorListVersion", String(tc.vendorListVersion))
        row("TcfPolicyVersion", String(tc.policyVersion)
            + (tc.policyVersion < TCString.minimumPolicyVersion ? " — outdated: TCF v2.2 needs \(TCString.minimumPolicyVersion) or later" : ""))
        row("IsServiceSpecific", yesNo(tc.isServiceSpecific))
        row("UseNonStandardTexts", yesNo(tc.useNonStandardTexts))
        named("SpecialFeatureOptIns", tc.specialFeatureOptIns.members, specialFeatureNames)
        named("PurposesConsent", tc.purposesConsent.members, purposeNames)
        named("PurposesLITransparency", tc.purposesLITransparency.members, purposeNames)
        let liBad = tc.purposesLITransparency.members.filter { (3...6).contains($0) }
        if !liBad.isEmpty {
            row("", "  — purposes 3-6 cannot rest on legitimate interest since TCF v2.2")
        }
        row("PurposeOneTreatment", yesNo(tc.purposeOneTreatment))
        row("PublisherCC", tc.publisherCC)
        vendors("VendorConsents", tc.vendorConsents)
        vendors("VendorLegitimateInterests", tc.vendorLegitimateInterests)
        row("PubRestrictions", String(tc.publisherRestrictions.count))
        for r in tc.publisherRestrictions {
            row("", "  purpose \(r.purpose), \(restrictionName(r.type)): " + (r.vendors.isEmpty ? "no vendors" : compactRanges(r.vendors)))
        }
        if let d = tc.disclosedVendors { vendors("DisclosedVendors", d) }
        if let a = tc.allowedVendors { vendors("AllowedVendors", a) }
        if let p = tc.publisherTC {
            named("PubPurposesConsent", p.purposesConsent.members, purposeNames)
            named("PubPurposesLITransparency", p.purposesLITransparency.members, purposeNames)
            row("NumCustomPurposes", String(p.numCustomPurposes))
            row("CustomPurposesConsent", p.customPurposesConsent.isEmpty ? "none" : p.customPurposesConsent.members.map(String.init).joined(separator: ", "))
            row("CustomPurposesLITransparency", p.customPurposesLITransparency.isEmpty ? "none" : p.customPurposesLITransparency.members.map(String.init).joined(separator: ", "))
        }
        let width = rows.map { $0.0.count }.max() ?? 0
        return rows.map { label, value in
            (label + String(repeating: " ", count: width - label.count + 2) + value)
        }.joined(separator: "\n") + "\n"
    }

    static func json(_ tc: TCString) -> String {
        JSONWriter.write(jsonValue(tc), inlineSmallObjects: false)
    }

    static func jsonValue(_ tc: TCString) -> JSONValue {
        func bits(_ members: [Int]) -> JSONValue { .arr(members.map { .int($0) }) }
        func vendors(_ set: TCFVendorSet?) -> JSONValue {
            guard let set else { return .null }
            return .obj([("maxVendorId", .int(set.maxVendorId)), ("count", .int(set.count)), ("ids", bits(set.members))])
        }
        let restrictions: [JSONValue] = tc.publisherRestrictions.map { r in
            .obj([("purposeId", .int(r.purpose)), ("restrictionType", .int(r.type.rawValue)),
                  ("restriction", .str(restrictionKey(r.type))), ("vendors", bits(r.vendors.members))])
        }
        var publisherTC: JSONValue = .null
        if let p = tc.publisherTC {
            publisherTC = .obj([
                ("pubPurposesConsent", bits(p.purposesConsent.members)),
                ("pubPurposesLITransparency", bits(p.purposesLITransparency.members)),
                ("numCustomPurposes", .int(p.numCustomPurposes)),
                ("customPurposesConsent", bits(p.customPurposesConsent.members)),
                ("customPurposesLITransparency", bits(p.customPurposesLITransparency.members)),
            ])
        }
        let doc: JSONValue = .obj([
            ("version", .int(tc.version)),
            ("created", .str(iso(tc.created))),
            ("createdDeciseconds", .int(Int(tc.created))),
            ("lastUpdated", .str(iso(tc.lastUpdated))),
            ("lastUpdatedDeciseconds", .int(Int(tc.lastUpdated))),
            ("cmpId", .int(tc.cmpId)),
            ("cmpVersion", .int(tc.cmpVersion)),
            ("consentScreen", .int(tc.consentScreen)),
            ("consentLanguage", .str(tc.consentLanguage)),
            ("vendorListVersion", .int(tc.vendorListVersion)),
            ("tcfPolicyVersion", .int(tc.policyVersion)),
            ("isServiceSpecific", .bool(tc.isServiceSpecific)),
            ("useNonStandardTexts", .bool(tc.useNonStandardTexts)),
            ("specialFeatureOptIns", bits(tc.specialFeatureOptIns.members)),
            ("purposesConsent", bits(tc.purposesConsent.members)),
            ("purposesLITransparency", bits(tc.purposesLITransparency.members)),
            ("purposeOneTreatment", .bool(tc.purposeOneTreatment)),
            ("publisherCC", .str(tc.publisherCC)),
            ("vendorConsents", vendors(tc.vendorConsents)),
            ("vendorLegitimateInterests", vendors(tc.vendorLegitimateInterests)),
            ("publisherRestrictions", .arr(restrictions)),
            ("disclosedVendors", vendors(tc.disclosedVendors)),
            ("allowedVendors", vendors(tc.allowedVendors)),
            ("publisherTC", publisherTC),
            ("warnings", .arr(warnings(tc).map { .str($0) })),
        ])
        return doc
    }

    /// "23, 37, 47-48, 53".
    static func compactRanges(_ set: TCFVendorSet) -> String {
        set.ranges.map { $0.lowerBound == $0.upperBound ? String($0.lowerBound) : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ", ")
    }

    static func restrictionName(_ t: TCFRestrictionType) -> String {
        switch t {
        case .notAllowed: return "not allowed"
        case .requireConsent: return "require consent"
        case .requireLegitimateInterest: return "require legitimate interest"
        case .undefined: return "undefined (type 3)"
        }
    }

    static func restrictionKey(_ t: TCFRestrictionType) -> String {
        switch t {
        case .notAllowed: return "notAllowed"
        case .requireConsent: return "requireConsent"
        case .requireLegitimateInterest: return "requireLegitimateInterest"
        case .undefined: return "undefined"
        }
    }

    /// Deciseconds since the epoch as ISO 8601 UTC with one decimal: "2020-01-26T17:01:00.0Z".
    static func iso(_ deciseconds: Int64) -> String {
        let ds = Int(deciseconds)  // 36 bits at most: no overflow
        let seconds = ds / 10
        let days = seconds / 86400
        let rest = seconds % 86400
        // Civil from days (Howard Hinnant's algorithm), days >= 0 here.
        let z = days + 719468
        let era = z / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
            + "T" + two(rest / 3600) + ":" + two(rest % 3600 / 60) + ":" + two(rest % 60) + "." + String(ds % 10) + "Z"
    }

    /// TCF v2.2 purposes 1–11 (tcf-vectors.md).
    static let purposeNames = [
        "Store and/or access information on a device",
        "Use limited data to select advertising",
        "Create profiles for personalised advertising",
        "Use profiles to select personalised advertising",
        "Create profiles to personalise content",
        "Use profiles to select personalised content",
        "Measure advertising performance",
        "Measure content performance",
        "Understand audiences through statistics or combinations of data from different sources",
        "Develop and improve services",
        "Use limited data to select content",
    ]

    /// TCF v2.2 special features 1–2.
    static let specialFeatureNames = [
        "Use precise geolocation data",
        "Actively scan device characteristics for identification",
    ]
}
