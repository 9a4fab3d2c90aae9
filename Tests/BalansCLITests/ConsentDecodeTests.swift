@testable import BalansCLI
import BalansModel
import Foundation
import Testing

/// `balans consent decode` (decision 0014): the rendering through `ConsentDecodeCommand.render`, and
/// the binary.
@Suite struct ConsentDecodeTests {
    static let vectorA = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA"
    static let vectorB = "COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA.IBAgAAAgAIAwgAgAAAAEAAAACA.QAagAQAgAIAwgA"

    static let textA = """
        Version                    2
        Created                    2020-01-26T17:01:00.0Z
        LastUpdated                2021-02-02T17:01:00.0Z
        CmpId                      675
        CmpVersion                 2
        ConsentScreen              1
        ConsentLanguage            EN
        VendorListVersion          15
        TcfPolicyVersion           2 — outdated: TCF v2.2 needs 4 or later
        IsServiceSpecific          0 (no)
        UseNonStandardTexts        0 (no)
        SpecialFeatureOptIns       1
                                     1  Use precise geolocation data
        PurposesConsent            2, 10
                                     2   Use limited data to select advertising
                                     10  Develop and improve services
        PurposesLITransparency     2, 9
                                     2  Use limited data to select advertising
                                     9  Understand audiences through statistics or combinations of data from different sources
        PurposeOneTreatment        1 (yes)
        PublisherCC                AA
        VendorConsents             none (MaxVendorId 0)
        VendorLegitimateInterests  none (MaxVendorId 0)
        PubRestrictions            0

        """

    @Test func textOfVectorA() throws {
        let tc = try TCString.decode(Self.vectorA)
        let text = ConsentDecodeCommand.render(tc, format: .text)
        #expect(text == Self.textA)
    }

    @Test func textOfVectorB() throws {
        let text = ConsentDecodeCommand.render(try TCString.decode(Self.vectorB), format: .text)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("VendorConsents             23, 37, 47-48, 53, 65, 98 (7 vendors, MaxVendorId 98)"))
        #expect(lines.contains("VendorLegitimateInterests  37, 47-48, 53, 65, 98, 129 (7 vendors, MaxVendorId 129)"))
        #expect(lines.contains("DisclosedVendors           23, 37, 47-48, 53, 65, 98, 129 (8 vendors, MaxVendorId 129)"))
        #expect(lines.contains("AllowedVendors             12, 23, 37, 47-48, 53 (6 vendors, MaxVendorId 53)"))
        #expect(lines.contains("PurposesConsent            3, 4, 5, 6, 7, 8, 9"))
        #expect(lines.contains("PurposesLITransparency     none"))
        #expect(lines.contains("PublisherCC                AQ"))
        #expect(lines.contains("Created                    2019-12-04T18:53:00.0Z"))
        #expect(!text.contains("PubPurposesConsent"))
    }

    @Test func restrictionsPublisherTCAndWarnings() throws {
        var tc = TCString()
        tc.policyVersion = 4
        tc.purposesLITransparency = TCFBits([2, 4])
        tc.publisherRestrictions = [TCFPublisherRestriction(purpose: 2, type: .notAllowed, vendors: TCFVendorSet([12, 40, 41, 42]))]
        tc.publisherTC = TCFPublisherTC(purposesConsent: TCFBits([1]), numCustomPurposes: 3, customPurposesConsent: TCFBits64([1, 3]))
        let text = ConsentDecodeCommand.render(tc, format: .text)
        #expect(!text.contains("outdated"))
        #expect(text.contains("  — purposes 3-6 cannot rest on legitimate interest since TCF v2.2\n"))
        #expect(text.contains("PubRestrictions               1\n                                purpose 2, not allowed: 12, 40-42\n"))
        #expect(text.contains("NumCustomPurposes             3\n"))
        #expect(text.contains("CustomPurposesConsent         1, 3\n"))
        #expect(text.contains("CustomPurposesLITransparency  none\n"))
        let json = ConsentDecodeCommand.render(tc, format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let restrictions = try #require(object["publisherRestrictions"] as? [[String: Any]])
        #expect(restrictions.first?["vendors"] as? [Int] == [12, 40, 41, 42])
        #expect(restrictions.first?["restriction"] as? String == "notAllowed")
        let pub = try #require(object["publisherTC"] as? [String: Any])
        #expect(pub["customPurposesConsent"] as? [Int] == [1, 3])
        #expect(object["warnings"] as? [String] == ["PurposesLITransparency has 4: purposes 3-6 cannot rest on legitimate interest since TCF v2.2"])
    }

    @Test func jsonOfVectorB() throws {
        let json = ConsentDecodeCommand.render(try TCString.decode(Self.vectorB), format: .json)
        // Stable key order.
        let keys = ["version", "created", "createdDeciseconds", "lastUpdated", "lastUpdatedDeciseconds", "cmpId",
                    "cmpVersion", "consentScreen", "consentLanguage", "vendorListVersion", "tcfPolicyVersion",
                    "isServiceSpecific", "useNonStandardTexts", "specialFeatureOptIns", "purposesConsent",
                    "purposesLITransparency", "purposeOneTreatment", "publisherCC", "vendorConsents",
                    "vendorLegitimateInterests", "publisherRestrictions", "disclosedVendors", "allowedVendors",
                    "publisherTC", "warnings"]
        let topLevel = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }
            .map { $0.dropFirst(3).prefix { $0 != "\"" } }.map(String.init)
        #expect(topLevel == keys)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 2)
        #expect(object["created"] as? String == "2019-12-04T18:53:00.0Z")
        #expect(object["createdDeciseconds"] as? Int == 15_754_855_800)
        #expect(object["cmpId"] as? Int == 2)
        #expect(object["purposesConsent"] as? [Int] == [3, 4, 5, 6, 7, 8, 9])
        #expect(object["purposeOneTreatment"] as? Bool == false)
        let consents = try #require(object["vendorConsents"] as? [String: Any])
        #expect(consents["ids"] as? [Int] == [23, 37, 47, 48, 53, 65, 98])
        #expect(consents["maxVendorId"] as? Int == 98)
        let allowed = try #require(object["allowedVendors"] as? [String: Any])
        #expect(allowed["ids"] as? [Int] == [12, 23, 37, 47, 48, 53])
        #expect(object["publisherTC"] is NSNull)
        #expect(object["warnings"] as? [String] == ["TcfPolicyVersion 2 is outdated: TCF v2.2 needs 4 or later"])
        #expect(json.contains("\"purposesConsent\": [3, 4, 5, 6, 7, 8, 9],"))
    }

    @Test func isoTimes() {
        #expect(ConsentDecodeCommand.iso(0) == "1970-01-01T00:00:00.0Z")
        #expect(ConsentDecodeCommand.iso(15_800_580_607) == "2020-01-26T17:01:00.7Z")
        // 2000-02-29T23:59:59.9Z: day 11016 (30 × 365 + 7 leap days + 31 + 28).
        #expect(ConsentDecodeCommand.iso(Int64((11016 * 86400 + 86399) * 10 + 9)) == "2000-02-29T23:59:59.9Z")
        // The largest 36-bit value.
        #expect(ConsentDecodeCommand.iso((1 << 36) - 1) == "2187-10-06T10:21:13.5Z")
    }

    // MARK: The binary — needs the consent group (wired by lead)

    // needs the consent group (wired by lead)
    @Test func binaryDecodesVectorA() {
        let r = runBalansFull(["consent", "decode", Self.vectorA])
        #expect(r.status == 0, "\(r)")
        #expect(r.stderrData.isEmpty, "\(r)")
        #expect(r.stdout == Self.textA, "\(r)")
        let j = runBalansFull(["consent", "decode", "--format", "json", Self.vectorB])
        #expect(j.status == 0, "\(j)")
        #expect((try? JSONSerialization.jsonObject(with: j.stdoutData)) is [String: Any], "\(j)")
    }

    // needs the consent group (wired by lead)
    @Test func binaryRefusesBadStrings() {
        let cases: [(String, String)] = [
            ("COtybn4PA_zT4Kj!CBENAPCIAEBAAECAAIAAAAAAAAAA", "balans: TC string: character 16 ('!') is not base64url\n"),
            ("BOtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA", "balans: TC string: unsupported version 1 (this reads TCF v2)\n"),
            (Self.vectorA + "..", "balans: TC string: segment 2 is empty\n"),
            ("COtyb\u{1B}[31m", "balans: TC string: character 6 (U+001B) is not base64url\n"),
        ]
        for (input, message) in cases {
            let r = runBalansFull(["consent", "decode", input])
            #expect(r.status == 65, "\(r)")
            #expect(r.stdoutData.isEmpty, "\(r)")
            #expect(r.stderr == message, "\(r)")
        }
        // csv is a usage error.
        let u = runBalansFull(["consent", "decode", "--format", "csv", Self.vectorA])
        #expect(u.status == 64, "\(u)")
        // --help reads like a man page, with the example.
        let h = runBalansFull(["consent", "decode", "--help"])
        #expect(h.status == 0 && h.stdout.contains("USAGE: balans consent decode") && h.stdout.contains(Self.vectorA), "\(h)")
    }

    // MARK: GPP strings (decision 0030)

    /// iabgpp-es UsNat.test.ts "CVVVkkkkkpFY.YA" behind the header DBABLA (section 7): values and
    /// what they mean, hand-decoded in BalansModelTests/GPPStringTests.
    @Test func textOfAGPPString() throws {
        let gpp = try GPPString.decode("DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN")
        let text = ConsentDecodeCommand.render(gpp, format: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.prefix(2) == ["GPP Version  1", "SectionIds   2, 6"])
        #expect(lines.contains("Section 1: tcfeuv2 (id 2, EU TCF v2), from character 9"))
        // The EU section is the TC string's own text, indented.
        #expect(lines.contains("  CmpId                      31"))
        #expect(lines.contains("  TcfPolicyVersion           2 — outdated: TCF v2.2 needs 4 or later"))
        #expect(lines.contains("Section 2: uspv1 (id 6, US Privacy string), from character 54"))
        #expect(lines.contains("  not decoded: 1YNN"))
        #expect(lines.contains("Skipped (not decoded): uspv1 (id 6)"))

        let usnat = ConsentDecodeCommand.render(try GPPString.decode("DBABLA~CVVVkkkkkpFY.YA"), format: .text)
        let u = usnat.split(separator: "\n").map(String.init)
        #expect(u.contains("  SaleOptOut                           1 (opted out)"))
        #expect(u.contains("  SharingNotice                        1 (notice given)"))
        #expect(u.contains("  SensitiveDataProcessing              2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2"))
        #expect(u.contains("                                          8  1 (no consent)      precise geolocation"))
        #expect(u.contains("                                          2  1 (no consent)      known child younger than 13"))
        #expect(u.contains("  MspaServiceProviderMode              2 (no)"))
        #expect(u.contains("  Gpc                                  1 (true)"))
        #expect(!usnat.contains("Skipped"))
    }

    @Test func jsonOfAGPPString() throws {
        let json = ConsentDecodeCommand.render(try GPPString.decode("DBACMM~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~BVQqAAAACg"),
                                               format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "gpp")
        // C = count 2; M M = 0011 000011 (and two bits of padding): single 011 = 2, single 00011 = 5 → 7.
        #expect(object["sectionIds"] as? [Int] == [2, 7])
        #expect(object["skipped"] as? [String] == [])
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.map { $0["name"] as? String } == ["tcfeuv2", "usnat"])
        let tc = try #require(sections[0]["tcString"] as? [String: Any])
        #expect(tc["cmpId"] as? Int == 31)
        let us = try #require(sections[1]["usNational"] as? [String: Any])
        // iabgpp-java UsNatTest.testDecodeBackwardsCompatibility, the first layout.
        #expect(us["saleOptOut"] as? Int == 2 && us["personalDataConsents"] as? Int == 2 && us["mspaCoveredTransaction"] as? Int == 2)
        #expect(us["sensitiveDataProcessing"] as? [Int] == Array(repeating: 0, count: 12))
        #expect(us["gpc"] is NSNull)
        #expect(object["warnings"] as? [String] == ["section 1 (tcfeuv2): TcfPolicyVersion 2 is outdated: TCF v2.2 needs 4 or later"])
    }

    /// A 2-bit value of 3, which no US National field defines, is decoded and flagged; a section
    /// Balans does not decode is named in the warnings.
    @Test func gppWarnings() throws {
        // DBACTY: count 2, T Y = 0 10011 0 11 (6, then 6 + 1 = 7). C w = 000010 110000: Version 2,
        // SharingNotice 3; the B at bits 60-65: MspaCoveredTransaction 1.
        let gpp = try GPPString.decode("DBACTY~1YNN~CwAAAAAAAABA")
        #expect(gpp.usNat?.sharingNotice == 3)
        #expect(ConsentDecodeCommand.warnings(gpp) == [
            "section 1 (uspv1, id 6) is not decoded: Balans reads sections 2 (tcfeuv2) and 7 (usnat)",
            "section 2 (usnat): value 3 is not defined for SharingNotice",
        ])
        #expect(ConsentDecodeCommand.render(gpp, format: .text).contains("  SharingNotice                        3 (not defined)\n"))
    }

    @Test func binaryDecodesAndRefusesGPPStrings() {
        let ok = runBalansFull(["consent", "decode", "DBABLA~CVVVkkkkkpFY.YA"])
        #expect(ok.status == 0 && ok.stderrData.isEmpty && ok.stdout.contains("Section 1: usnat (id 7, MSPA US National)"), "\(ok)")
        let cases: [(String, String)] = [
            ("DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
             "balans: GPP string: section 2 (uspv1, id 6), character 53: missing section: the header lists 2 sections, the string has 1\n"),
            ("DBA~1YNN", "balans: GPP string: header, character 3: truncated: the header ends at bit 18 inside Sections count (needs 6 more bits)\n"),
            ("DBABLA~CVVV\u{1B}[31m", "balans: GPP string: section 1 (usnat, id 7), character 12: U+001B is not base64url\n"),
            ("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN",
             "balans: GPP string: header, character 1: header Type is 2, not 3 (a GPP string begins with D; a TC string begins with C)\n"),
        ]
        for (input, message) in cases {
            let r = runBalansFull(["consent", "decode", input])
            #expect(r.status == 65, "\(r)")
            #expect(r.stdoutData.isEmpty, "\(r)")
            #expect(r.stderr == message, "\(r)")
        }
    }
}
