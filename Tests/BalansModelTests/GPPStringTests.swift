import Testing
@testable import BalansModel

/// `GPPString.decode` (decision 0030) on the IAB's own vectors — from the GPP specification
/// (InteractiveAdvertisingBureau/Global-Privacy-Platform, Core/Consent String Specification.md) and
/// the tests of IAB Tech Lab's libraries: IABTechLab/iabgpp-es (modules/cmpapi/test/encoder/section/
/// HeaderV1.test.ts, UsNat.test.ts) and IABTechLab/iabgpp-java (iabgpp-encoder/src/test/java/com/iab/
/// gpp/encoder/section/HeaderV1Test.java, UsNatTest.java, GppModelTest.java). Every expectation below
/// is decoded by hand in the comment beside it (base64url: A = 0 … Z = 25, a = 26 … z = 51, 0 = 52 …
/// 9 = 61, - = 62, _ = 63; Fibonacci bit k adds 1, 2, 3, 5, 8, 13, 21, …, and "11" ends a number).
@Suite struct GPPStringTests {
    func decode(_ s: String) throws -> GPPString {
        do { return try GPPString.decode(s) } catch { throw error }
    }

    /// The reason `s` is refused, or nil when it decodes.
    func reason(_ s: String) -> String? {
        do {
            _ = try GPPString.decode(s)
            return nil
        } catch {
            return error.description
        }
    }

    func usNat(_ s: String) throws -> GPPUSNational {
        let gpp = try decode("DBABLA~" + s)
        return try #require(gpp.usNat)
    }

    // MARK: The header

    /// D = 000011 (Type 3), B = 000001 (Version 1), then Sections: 12 bits of count and entries.
    @Test func headers() throws {
        // iabgpp-es HeaderV1.test.ts and iabgpp-java HeaderV1Test.java: "DBAA" is no sections
        // (count AA = 0).
        #expect(try decode("DBAA").sectionIds == [])
        #expect(try decode("DBAA").version == 1)
        // "DBABMA": count AB = 1; M = 001100: single (0), Fibonacci 011 = 2; A is padding.
        #expect(try decode("DBABMA~CPSG_8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA").sectionIds == [2])
        // "DBACNYA": count 2; N Y = 001101 011000: single 011 = 2; single 1011 = 1 + 3 = 4, 2 + 4 = 6.
        #expect(try decode("DBACNYA~CPSG_8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA~1YNN").sectionIds == [2, 6])
        // The specification's header examples 1–3, without the trailing padding character.
        #expect(try decode("DBABM~CPSG_8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA").sectionIds == [2])
        #expect(try decode("DBACNY~CPSG_8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA~1YNN").sectionIds == [2, 6])
        // "DBABjw": count 1; j w = 100011 110000: group (1), offset 00011 = 5, length 11 = 1: 5-6.
        #expect(try decode("DBABjw~BAAAAAAAAABA~1YNN").sectionIds == [5, 6])
        // "DBABLA" (iabgpp-java GppModelTest): L = 001011: single, 01011 = 2 + 5 = 7.
        #expect(try decode("DBABLA~BAAAAAAAAABA").sectionIds == [7])
        // "DBABTA": T = 010011: single, 10011 = 1 + 5 = 6.
        #expect(try decode("DBABTA~1YNN").sectionIds == [6])
    }

    /// iabgpp-java GppModelTest.testDecodeDefaultsAll: one string with twenty sections.
    @Test func twentySections() throws {
        let s = "DBACOYs~CPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAAAAAA.QAAA.IAAA~BPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAAAA.YAAAAAAAAAA~1---~BAAAAAAAAABA.QA~BAAAAABA.QA~BAAAABA~BAAAAEA.QA~BAAAAAQA~BAAAAAEA.QA~BAAAAABA~BAAAAABA.QA~BAAAAAABAA.QA~BAAAAAQA.QA~BAAAAAABAA.QA~BAAAAAQA.QA~BAAAAAQA.QA~BAAAAABA.QA~BAAAAAAAQA.QA~BAAAAAQA.QA~BAAAAAABAA.QA"
        let gpp = try decode(s)
        // Count AC = 2; O Y s = 001110 011000 101100: single 011 = 2; group, offset 0011 = 3 (id 5),
        // length 0001011 = 5 + 13 = 18 (to id 23).
        #expect(gpp.sectionIds == [2] + Array(5...23))
        #expect(gpp.sections.map(\.name) == ["tcfeuv2", "tcfcav1", "uspv1", "usnat", "usca", "usva", "usco", "usut", "usct",
                                             "usfl", "usmt", "usor", "ustx", "usde", "usia", "usne", "usnh", "usnj", "ustn", "usmn"])
        let tc = try #require(gpp.tcfEU)
        #expect(tc.cmpId == 0 && tc.allowedVendors != nil && tc.disclosedVendors != nil)
        // Everything but EU TCF and US National is named and kept as text.
        #expect(gpp.sections[1].content == .skipped("BPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAAAA.YAAAAAAAAAA"))
        #expect(gpp.sections[2].content == .skipped("1---"))
        // usnat BAAAAAAAAABA.QA: Version 1, all 0 but bits 64-65 (the last B's low bit): MspaCoveredTransaction 1.
        #expect(gpp.usNat == GPPUSNational(version: 1, mspaCoveredTransaction: 1, gpc: false))
        // Positions: the header is 7 characters, so section 1 begins at character 9.
        #expect(gpp.sections[0].position == 9)
        #expect(gpp.sections[1].position == 9 + "CPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAAAAAA.QAAA.IAAA".count + 1)
    }

    // MARK: The EU TCF v2 section

    /// The section is a TC string and decodes exactly as one (decision 0014 tests that decoder).
    @Test func euSectionIsTheTCString() throws {
        // iabgpp-java GppModelTest.testDecodeTcfEuV2.
        let tcText = "CPSG_8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA.QAAA.IAAA"
        let gpp = try decode("DBABMA~" + tcText)
        let tc = try #require(gpp.tcfEU)
        #expect(tc == (try TCString.decode(tcText)))
        // The fields that test asserts, by hand: bits 78-89 "001101110000" = 880 (CmpId), CmpVersion
        // and ConsentScreen 0, ConsentLanguage EN, VendorListVersion 48, TcfPolicyVersion 2,
        // IsServiceSpecific 0; Created and LastUpdated 2022-01-01T00:00Z = 16 409 952 000 ds.
        #expect(tc.cmpId == 880 && tc.cmpVersion == 0 && tc.consentScreen == 0)
        #expect(tc.consentLanguage == "EN" && tc.vendorListVersion == 48 && tc.policyVersion == 2)
        #expect(!tc.isServiceSpecific && !tc.useNonStandardTexts && !tc.purposeOneTreatment && tc.publisherCC == "AA")
        #expect(tc.created == 16_409_952_000 && tc.lastUpdated == 16_409_952_000)
        #expect(gpp.sections[0].position == 8)
    }

    /// iabgpp-java GppModelTest.testDecode1-3: the vendor consents of the EU section.
    @Test func euSectionVendors() throws {
        #expect(try decode("DBABMA~CPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAOAAAABAAAAA.QAAA.IAAA").tcfEU?.vendorConsents.members == [28])
        #expect(try decode("DBABMA~CPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAOwAQAOgAAAA.QAAA.IAAA").tcfEU?.vendorConsents.members == [29])
        #expect(try decode("DBABMA~CPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAFpQAwAAgCtAWkAAAAAAA.QAAA.IAAA").tcfEU?.vendorConsents.members == [1, 173, 722])
    }

    /// The specification's GPP string examples 1–3.
    @Test func specificationExamples() throws {
        let tcText = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"
        let one = try decode("DBABM~" + tcText)
        // By hand: CmpId (bits 78-89) 31, CmpVersion 640, ConsentLanguage EN, VendorListVersion 126,
        // TcfPolicyVersion 2, IsServiceSpecific 1, no purposes.
        let tc = try #require(one.tcfEU)
        #expect(tc.cmpId == 31 && tc.cmpVersion == 640 && tc.vendorListVersion == 126 && tc.policyVersion == 2 && tc.isServiceSpecific)
        #expect(tc.purposesConsent.isEmpty)
        let two = try decode("DBACNY~" + tcText + "~1YNN")
        #expect(two.sections.map(\.id) == [2, 6])
        #expect(two.sections[1].content == .skipped("1YNN"))
        #expect(two.sections[1].position == 6 + 1 + 44 + 1 + 1)
        let three = try decode("DBABjw~" + tcText + "~1YNN")
        // Section 5 (Canadian TCF) is named, not decoded: no EU TCF section in this string.
        #expect(three.sections.map(\.name) == ["tcfcav1", "uspv1"])
        #expect(three.tcfEU == nil)
    }

    // MARK: The US National section

    /// iabgpp-es UsNat.test.ts "CVVVkkkkkpFY.YA" and iabgpp-java UsNatTest.testDecode1
    /// "BVVVkkkkkpFY.YA": the current layout (12 characters), with GPC.
    @Test func usNationalCurrentLayout() throws {
        // C = 000010 (Version 2); V V V = 010101 × 3: nine 2-bit fields, each 1; k = 100100 × 5:
        // SensitiveDataProcessing 1-15 = 2 1 0 2 1 0 …; p = 101001: 16th = 2, KnownChild 1 = 2, 2 = 1;
        // F = 000101: KnownChild 3 = 0, PersonalDataConsents 1, MspaCoveredTransaction 1;
        // Y = 011000: MspaOptOutOptionMode 1, MspaServiceProviderMode 2. GPC: Y = 01 1: type 1, Gpc true.
        let expected = GPPUSNational(version: 2, sharingNotice: 1, saleOptOutNotice: 1, sharingOptOutNotice: 1,
                                     targetedAdvertisingOptOutNotice: 1, sensitiveDataProcessingOptOutNotice: 1,
                                     sensitiveDataLimitUseNotice: 1, saleOptOut: 1, sharingOptOut: 1, targetedAdvertisingOptOut: 1,
                                     sensitiveDataProcessing: [2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2],
                                     knownChildSensitiveDataConsents: [2, 1, 0], personalDataConsents: 1, mspaCoveredTransaction: 1,
                                     mspaOptOutOptionMode: 1, mspaServiceProviderMode: 2, gpc: true)
        #expect(try usNat("CVVVkkkkkpFY.YA") == expected)
        // The Java library writes the same layout with Version 1 (B); without the GPC subsection.
        var java = expected
        java.version = 1
        java.gpc = nil
        #expect(try usNat("BVVVkkkkkpFY") == java)
        // iabgpp-java UsNatTest.testEncode1: the defaults, "BAAAAAAAAABA.QA": MspaCoveredTransaction 1
        // (the last B), GPC Q = 01 0: false.
        #expect(try usNat("BAAAAAAAAABA.QA") == GPPUSNational(version: 1, mspaCoveredTransaction: 1, gpc: false))
    }

    /// The first layout (60 bits: 12 sensitive-data and 2 known-child values), as 10 or 11
    /// characters: iabgpp-java UsNatTest.testDecodeBackwardsCompatibility "BVQqAAAACg", iabgpp-es
    /// "CVQqAAAACg" and "BAAAVVVVUQA.QA", iabgpp-java GppModelTest.testDecode8 "BAAAAAABEQA.QA".
    @Test func usNationalFirstLayout() throws {
        // B V = v1, 01 01 01; Q = 01 00 00; q = 10 10 10; A A A A: 12 × 0; C = 00 00 10:
        // KnownChild 0 0, PersonalDataConsents 2; g = 10 00 00: MspaCoveredTransaction 2, then 0 0.
        let backwards = GPPUSNational(version: 1, sharingNotice: 1, saleOptOutNotice: 1, sharingOptOutNotice: 1,
                                      targetedAdvertisingOptOutNotice: 1, saleOptOut: 2, sharingOptOut: 2, targetedAdvertisingOptOut: 2,
                                      sensitiveDataProcessing: Array(repeating: 0, count: 12), knownChildSensitiveDataConsents: [0, 0],
                                      personalDataConsents: 2, mspaCoveredTransaction: 2)
        #expect(try usNat("BVQqAAAACg") == backwards)
        var es = backwards
        es.version = 2
        #expect(try usNat("CVQqAAAACg") == es)
        // B A A A = v1, nine 0; V V V V: 12 × 1; U = 01 01 00: KnownChild 1 1, PersonalDataConsents 0;
        // Q = 01 00 00: MspaCoveredTransaction 1; A: padding to 66 bits.
        #expect(try usNat("BAAAVVVVUQA.QA") == GPPUSNational(version: 1, sensitiveDataProcessing: Array(repeating: 1, count: 12),
                                                             knownChildSensitiveDataConsents: [1, 1], mspaCoveredTransaction: 1, gpc: false))
        // B, six A, B = 000001: SensitiveDataProcessing 12 = 01; E = 00 01 00: KnownChild 0 1,
        // PersonalDataConsents 0; Q = 01 00 00: MspaCoveredTransaction 1.
        let eight = try usNat("BAAAAAABEQA.QA")
        #expect(eight.sensitiveDataProcessing == Array(repeating: 0, count: 11) + [1])
        #expect(eight.knownChildSensitiveDataConsents == [0, 1])
        #expect(eight.mspaCoveredTransaction == 1 && eight.gpc == false)
    }

    /// iabgpp-es "CAAAVVVVAFBA.QA" and "CAAAVVVVVVRA.QA", iabgpp-java GppModelTest.testDecode9
    /// "BAAAAAAAAQRA.QA": the current layout holding the values the first layout had, and more.
    @Test func usNationalCurrentLayoutValues() throws {
        // V × 4: values 1-12 = 1; A: 13-15 = 0; F = 00 01 01: 16 = 0, KnownChild 1 1; B = 00 00 01:
        // KnownChild 3 = 0, PersonalDataConsents 0, MspaCoveredTransaction 1.
        let a = try usNat("CAAAVVVVAFBA.QA")
        #expect(a.sensitiveDataProcessing == Array(repeating: 1, count: 12) + [0, 0, 0, 0])
        #expect(a.knownChildSensitiveDataConsents == [1, 1, 0] && a.mspaCoveredTransaction == 1)
        // V × 6: 16 × 1 and KnownChild 1, 2 = 1; R = 01 00 01: KnownChild 3 = 1, PersonalDataConsents 0,
        // MspaCoveredTransaction 1.
        let b = try usNat("CAAAVVVVVVRA.QA")
        #expect(b.sensitiveDataProcessing == Array(repeating: 1, count: 16) && b.knownChildSensitiveDataConsents == [1, 1, 1])
        // Q = 010000 at bits 54-59: SensitiveDataProcessing 16 = 01; R = 010001 at 60-65: KnownChild 3 = 01,
        // MspaCoveredTransaction 01.
        let nine = try usNat("BAAAAAAAAQRA.QA")
        #expect(nine.sensitiveDataProcessing == Array(repeating: 0, count: 15) + [1])
        #expect(nine.knownChildSensitiveDataConsents == [0, 0, 1] && nine.mspaCoveredTransaction == 1)
    }

    /// The test encoder and the decoder agree on random sections (both layouts' lengths are fixed).
    @Test func usNationalRoundTrips() throws {
        var g = SplitMix(state: 16)
        for _ in 0..<300 {
            let n = GPPTestEncoder.randomUSNational(using: &g)
            #expect(try usNat(GPPTestEncoder.usNational(n)) == n)
        }
    }

    /// Random headers, with and without groups, give back their ids.
    @Test func headerRoundTrips() throws {
        var g = SplitMix(state: 30)
        for _ in 0..<300 {
            let ids = Array(Set((0..<Int.random(in: 0...6, using: &g)).map { _ in Int.random(in: 1...40, using: &g) })).sorted()
            let text = ([GPPTestEncoder.header(ids, groups: Bool.random(using: &g))] + ids.map { _ in "1YNN" }).joined(separator: "~")
            // Sections 2 and 7 would need their own texts.
            guard !ids.contains(2) && !ids.contains(7) else { continue }
            #expect(try decode(text).sectionIds == ids, "\(text)")
        }
    }

    // MARK: Bad strings: one line each, with the place

    @Test func badStrings() {
        let tc = "CPSG_8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA"
        let cases: [(String, String)] = [
            ("", "empty string"),
            ("~" + tc, "header, character 1: the header is empty"),
            // C = 2: a TC string where a header should be.
            ("CBABMA~" + tc, "header, character 1: header Type is 2, not 3 (a GPP string begins with D; a TC string begins with C)"),
            // iabgpp-java GppModelTest.testDecodingExceptionValidStringButNotGPP: D then P = 15.
            ("DP48G0AP48G0AEsACCPLAkEgAAAAAEPgAB5YAAAQaQD2F2K2kKFkPCmQWYAQBCijYEAhQAAAAkCBIAAgAUgQAgFIIAgAIFAAAAAAAAAQEgCQAAQABAAAIACgAAAAAAIAAAAAAAQQAAAAAIAAAAAAAAEAAAAAAAQAAAAIAABEhCAAQQAEAAAAAAAQAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAgAA",
             "header, character 2: unsupported GPP version 15 (this reads version 1)"),
            // iabgpp-java "invalid gpp string": a space at character 8.
            ("invalid gpp string", "header, character 8: U+0020 is not base64url"),
            ("DB!BMA~" + tc, "header, character 3: '!' is not base64url"),
            ("DBA=~" + tc, "header, character 4: '=' is not base64url"),
            // "DBA": 18 bits, the count needs 12 from bit 12.
            ("DBA~" + tc, "header, character 3: truncated: the header ends at bit 18 inside Sections count (needs 6 more bits)"),
            // "DBAB": count 1, but no entry.
            ("DBAB~" + tc, "header, character 4: truncated: the header ends at bit 24 inside Sections entry 1, group bit (needs 1 more bit)"),
            // "DBABA": count 1, single, 00000 and no closing 11.
            ("DBABA~" + tc, "header, character 5: truncated: the header ends at bit 30 inside Sections entry 1, offset (its closing 11 never comes)"),
            // The header lists [2, 6], the string has one section: the second is missing.
            ("DBACNYA~" + tc, "section 2 (uspv1, id 6), character 53: missing section: the header lists 2 sections, the string has 1"),
            ("DBABMA~" + tc + "~1YNN", "section 2, character 53: the header lists 1 section, the string has 2"),
            ("DBACNYA~~1YNN", "section 1 (tcfeuv2, id 2), character 9: the section is empty"),
            ("DBACNYA~" + tc + "~", "section 2 (uspv1, id 6), character 54: the section is empty"),
            // A bad character in the EU section: its position in the whole string (8 + 4).
            ("DBABMA~CPSG!8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA",
             "section 1 (tcfeuv2, id 2) from character 8: TC string: character 12 ('!') is not base64url"),
            ("DBABMA~CPSG_8APSG_8ANwAAAENAwCAAA",
             "section 1 (tcfeuv2, id 2) from character 8: TC string: truncated: segment 1 ends at bit 156 inside PurposesConsent (needs 20 more bits)"),
            // US National: truncated (9 characters, 54 bits), a bad version, subsections.
            ("DBABLA~BVVVkkkkk", "section 1 (usnat, id 7), character 16: truncated: the core segment ends at bit 54 inside SensitiveDataProcessing 16 (needs 2 more bits)"),
            ("DBABLA~DVVVkkkkkpFY", "section 1 (usnat, id 7), character 8: unsupported US National version 3 (this reads 1 and 2)"),
            ("DBABLA~CVVVkkkkkpFY.", "section 1 (usnat, id 7), character 21: a subsection is empty"),
            ("DBABLA~CVVVkkkkkpFY.gA", "section 1 (usnat, id 7), character 21: subsection type 2 is not 1 (GPC)"),
            ("DBABLA~CVVVkkkkkpFY.YA.QA", "section 1 (usnat, id 7), character 24: a second GPC subsection"),
            ("DBABLA~CVVVkkkkkpFY.Y=", "section 1 (usnat, id 7), character 22: '=' is not base64url"),
            // A Fibonacci offset past 65535: 25 one-zero pairs add far more.
            ("DBAB" + String(repeating: "q", count: 9) + "~1YNN", "header, character 9: Sections entry 1 goes past section id 65535"),
        ]
        for (s, expected) in cases {
            #expect(reason(s) == expected, "\(s)")
        }
    }

    /// A non-ASCII character before the bad one: positions count characters, not bytes.
    @Test func positionsCountCharacters() {
        // Section 6 (uspv1) is not decoded, so "é" (two bytes) passes; the extra section begins at
        // byte 14, character 13.
        #expect(reason("DBABTA~1éNN~x") == "section 2, character 13: the header lists 1 section, the string has 2")
    }
}
