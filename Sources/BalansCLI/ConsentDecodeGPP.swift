import BalansModel

/// `balans consent decode` of a GPP string (decision 0030): the header, then each section — the EU
/// TCF v2 section as `consent decode` shows a TC string, indented; the US National section field by
/// field with what each value means; any other section by name, not decoded. Like the TC string's,
/// the text uses IAB's field names and English meanings in every language (decision 0014).
extension ConsentDecodeCommand {
    static func render(_ gpp: GPPString, format: Format) -> String {
        format == .json ? json(gpp) : text(gpp)
    }

    /// Notes a reader should see: the EU section's warnings, values the US National section does
    /// not define, and sections that were not decoded.
    static func warnings(_ gpp: GPPString) -> [String] {
        var out: [String] = []
        for (k, s) in gpp.sections.enumerated() {
            switch s.content {
            case .tcfEU(let tc):
                out += warnings(tc).map { "section \(k + 1) (tcfeuv2): " + $0 }
            case .usNational(let n):
                let undefined = usNationalRows(n).filter { $0.value == 3 }.map(\.name)
                if !undefined.isEmpty {
                    out.append("section \(k + 1) (usnat): value 3 is not defined for " + undefined.joined(separator: ", "))
                }
            case .skipped:
                out.append("section \(k + 1) (\(s.name), id \(s.id)) is not decoded: Balans reads sections 2 (tcfeuv2) and 7 (usnat)")
            }
        }
        return out
    }

    static func text(_ gpp: GPPString) -> String {
        var rows: [(String, String)] = []
        rows.append(("GPP Version", String(gpp.version)))
        rows.append(("SectionIds", gpp.sectionIds.isEmpty ? "none" : gpp.sectionIds.map(String.init).joined(separator: ", ")))
        var blocks: [String] = []
        for (k, s) in gpp.sections.enumerated() {
            let (prefix, description) = GPPString.sectionName(s.id)
            let title = "Section \(k + 1): \(prefix) (id \(s.id), \(description)), from character \(s.position)"
            switch s.content {
            case .tcfEU(let tc):
                blocks.append(title + "\n" + indent(text(tc)))
            case .usNational(let n):
                blocks.append(title + "\n" + indent(usNationalText(n)))
            case .skipped(let raw):
                blocks.append(title + "\n  not decoded: " + safe(raw) + "\n")
            }
        }
        let width = rows.map { $0.0.count }.max() ?? 0
        var out = rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n") + "\n"
        for b in blocks { out += "\n" + b }
        let skipped = gpp.sections.filter { if case .skipped = $0.content { return true } else { return false } }
        if !skipped.isEmpty {
            out += "\nSkipped (not decoded): " + skipped.map { "\($0.name) (id \($0.id))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    static func indent(_ block: String) -> String {
        block.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }

    /// What a US National value means, per field kind (IAB's descriptions, shortened).
    enum USNationalKind {
        case notice, optOut, consent, covered, mode

        func meaning(_ v: Int) -> String {
            switch (self, v) {
            case (.covered, 0): return "not defined"
            case (_, 0): return "not applicable"
            case (.notice, 1): return "notice given"
            case (.notice, 2): return "no notice"
            case (.optOut, 1): return "opted out"
            case (.optOut, 2): return "did not opt out"
            case (.consent, 1): return "no consent"
            case (.consent, 2): return "consent"
            case (_, 1): return "yes"
            case (_, 2): return "no"
            default: return "not defined"
            }
        }
    }

    /// Every 2-bit value of the section with its field name and kind, in string order.
    static func usNationalRows(_ n: GPPUSNational) -> [(name: String, value: Int, kind: USNationalKind)] {
        var rows: [(name: String, value: Int, kind: USNationalKind)] = [
            ("SharingNotice", n.sharingNotice, .notice), ("SaleOptOutNotice", n.saleOptOutNotice, .notice),
            ("SharingOptOutNotice", n.sharingOptOutNotice, .notice),
            ("TargetedAdvertisingOptOutNotice", n.targetedAdvertisingOptOutNotice, .notice),
            ("SensitiveDataProcessingOptOutNotice", n.sensitiveDataProcessingOptOutNotice, .notice),
            ("SensitiveDataLimitUseNotice", n.sensitiveDataLimitUseNotice, .notice),
            ("SaleOptOut", n.saleOptOut, .optOut), ("SharingOptOut", n.sharingOptOut, .optOut),
            ("TargetedAdvertisingOptOut", n.targetedAdvertisingOptOut, .optOut),
        ]
        for (i, v) in n.sensitiveDataProcessing.enumerated() { rows.append(("SensitiveDataProcessing \(i + 1)", v, .consent)) }
        for (i, v) in n.knownChildSensitiveDataConsents.enumerated() { rows.append(("KnownChildSensitiveDataConsents \(i + 1)", v, .consent)) }
        rows += [("PersonalDataConsents", n.personalDataConsents, .consent), ("MspaCoveredTransaction", n.mspaCoveredTransaction, .covered),
                 ("MspaOptOutOptionMode", n.mspaOptOutOptionMode, .mode), ("MspaServiceProviderMode", n.mspaServiceProviderMode, .mode)]
        return rows
    }

    static func usNationalText(_ n: GPPUSNational) -> String {
        var rows: [(String, String)] = [("Version", String(n.version) + (n.sensitiveDataProcessing.count == 12 ? " (first layout: 12 sensitive-data and 2 known-child values)" : ""))]
        func value(_ v: Int, _ kind: USNationalKind) -> String { "\(v) (\(kind.meaning(v)))" }
        // The six notices and three opt-outs come first in the section.
        for r in usNationalRows(n).prefix(9) { rows.append((r.name, value(r.value, r.kind))) }
        func list(_ label: String, _ values: [Int], _ names: [String]) {
            rows.append((label, values.map(String.init).joined(separator: ", ")))
            let shown = values.map { value($0, .consent) }
            let width = shown.map(\.count).max() ?? 0
            for (i, v) in shown.enumerated() {
                let number = String(i + 1)
                let name = i < names.count ? names[i] : ""
                rows.append(("", "  " + String(repeating: " ", count: 2 - number.count) + number + "  " + v
                                 + String(repeating: " ", count: width - v.count) + "  " + name))
            }
        }
        list("SensitiveDataProcessing", n.sensitiveDataProcessing, sensitiveDataNames)
        list("KnownChildSensitiveDataConsents", n.knownChildSensitiveDataConsents, knownChildNames)
        rows.append(("PersonalDataConsents", value(n.personalDataConsents, .consent)))
        rows.append(("MspaCoveredTransaction", value(n.mspaCoveredTransaction, .covered)))
        rows.append(("MspaOptOutOptionMode", value(n.mspaOptOutOptionMode, .mode)))
        rows.append(("MspaServiceProviderMode", value(n.mspaServiceProviderMode, .mode)))
        rows.append(("Gpc", n.gpc.map { $0 ? "1 (true)" : "0 (false)" } ?? "no GPC subsection"))
        let width = rows.map { $0.0.count }.max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n") + "\n"
    }

    static func json(_ gpp: GPPString) -> String {
        let sections: [JSONValue] = gpp.sections.map { s in
            let (prefix, description) = GPPString.sectionName(s.id)
            var m: [(String, JSONValue)] = [("id", .int(s.id)), ("name", .str(prefix)), ("description", .str(description)),
                                            ("position", .int(s.position))]
            switch s.content {
            case .tcfEU(let tc):
                m.append(("decoded", .bool(true)))
                m.append(("tcString", jsonValue(tc)))
            case .usNational(let n):
                m.append(("decoded", .bool(true)))
                m.append(("usNational", .obj([
                    ("version", .int(n.version)),
                    ("sharingNotice", .int(n.sharingNotice)),
                    ("saleOptOutNotice", .int(n.saleOptOutNotice)),
                    ("sharingOptOutNotice", .int(n.sharingOptOutNotice)),
                    ("targetedAdvertisingOptOutNotice", .int(n.targetedAdvertisingOptOutNotice)),
                    ("sensitiveDataProcessingOptOutNotice", .int(n.sensitiveDataProcessingOptOutNotice)),
                    ("sensitiveDataLimitUseNotice", .int(n.sensitiveDataLimitUseNotice)),
                    ("saleOptOut", .int(n.saleOptOut)),
                    ("sharingOptOut", .int(n.sharingOptOut)),
                    ("targetedAdvertisingOptOut", .int(n.targetedAdvertisingOptOut)),
                    ("sensitiveDataProcessing", .arr(n.sensitiveDataProcessing.map { .int($0) })),
                    ("knownChildSensitiveDataConsents", .arr(n.knownChildSensitiveDataConsents.map { .int($0) })),
                    ("personalDataConsents", .int(n.personalDataConsents)),
                    ("mspaCoveredTransaction", .int(n.mspaCoveredTransaction)),
                    ("mspaOptOutOptionMode", .int(n.mspaOptOutOptionMode)),
                    ("mspaServiceProviderMode", .int(n.mspaServiceProviderMode)),
                    ("gpc", n.gpc.map { .bool($0) } ?? .null),
                ])))
            case .skipped(let raw):
                m.append(("decoded", .bool(false)))
                m.append(("text", .str(raw)))
            }
            return .obj(m)
        }
        let skipped = gpp.sections.compactMap { s -> JSONValue? in
            if case .skipped = s.content { return .str(s.name) }
            return nil
        }
        let doc: JSONValue = .obj([
            ("type", .str("gpp")),
            ("version", .int(gpp.version)),
            ("sectionIds", .arr(gpp.sectionIds.map { .int($0) })),
            ("sections", .arr(sections)),
            ("skipped", .arr(skipped)),
            ("warnings", .arr(warnings(gpp).map { .str($0) })),
        ])
        return JSONWriter.write(doc, inlineSmallObjects: false)
    }

    /// US National SensitiveDataProcessing 1–16 (IAB's MSPA US National specification, shortened).
    static let sensitiveDataNames = [
        "racial or ethnic origin",
        "religious or philosophical beliefs",
        "health (condition, diagnosis, history, pregnancy, treatment)",
        "sex life, sexual orientation or sexuality",
        "citizenship or immigration status",
        "genetic data to identify a person",
        "biometric data to identify a person",
        "precise geolocation",
        "social security, driver's licence, state ID or passport number",
        "account log-in or financial account or card number with its credentials",
        "union membership",
        "contents of mail, email and text messages not addressed to the business",
        "consumer health data",
        "status as a victim of crime",
        "national origin",
        "status as transgender or nonbinary",
    ]

    /// US National KnownChildSensitiveDataConsents 1–3.
    static let knownChildNames = [
        "known child aged 13 to 16",
        "known child younger than 13",
        "known child aged 16 to 17",
    ]
}
