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
}
