import Testing
@testable import BalansModel

/// `TCString.decode` (decision 0014) on IAB's own vectors (/work/shared/tcf-vectors.md, asserted by
/// iabtcf-java's TCStringV2Test), round trips through `TCFTestEncoder`, and malformed strings.
@Suite struct TCStringTests {
    static let vectorA = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA"
    static let vectorB = "COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA.IBAgAAAgAIAwgAgAAAAEAAAACA.QAagAQAgAIAwgA"

    /// Deciseconds since 1970-01-01T00:00Z of a UTC day and time (days from civil, Howard Hinnant).
    static func deciseconds(_ y: Int, _ m: Int, _ d: Int, _ hour: Int, _ minute: Int) -> Int64 {
        let yy = m <= 2 ? y - 1 : y
        let era = yy / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Int64(((days * 24 + hour) * 60 + minute) * 60 * 10)
    }

    func decode(_ s: String) throws -> TCString {
        do { return try TCString.decode(s) } catch { throw error }
    }

    /// The reason `s` is refused, or nil when it decodes.
    func reason(_ s: String) -> String? {
        do {
            _ = try TCString.decode(s)
            return nil
        } catch {
            return error.description
        }
    }

    // MARK: The vectors

    @Test func vectorA() throws {
        let tc = try decode(Self.vectorA)
        #expect(tc.version == 2)
        // Created 2020-01-26T17:01Z: 2020-01-01 is day 18262 since 1970-01-01 (50 years, 12 of them
        // leap: 50 × 365 + 12 = 18262), so 2020-01-26 is day 18287; 18287 × 86400 s = 1 579 996 800 s,
        // + 17 h 1 min (61 260 s) = 1 580 058 060 s = 15 800 580 600 ds.
        #expect(tc.created == 15_800_580_600)
        // LastUpdated 2021-02-02T17:01Z: 2021-01-01 is day 18262 + 366 = 18628; + 31 + 1 = 18660;
        // 18660 × 86400 + 61 260 = 1 612 285 260 s = 16 122 852 600 ds.
        #expect(tc.lastUpdated == 16_122_852_600)
        #expect(tc.created == Self.deciseconds(2020, 1, 26, 17, 1))
        #expect(tc.lastUpdated == Self.deciseconds(2021, 2, 2, 17, 1))
        #expect(tc.cmpId == 675)
        #expect(tc.cmpVersion == 2)
        #expect(tc.consentScreen == 1)
        #expect(tc.consentLanguage == "EN")
        #expect(tc.vendorListVersion == 15)
        #expect(tc.policyVersion == 2)
        #expect(tc.isServiceSpecific == false)
        #expect(tc.useNonStandardTexts == false)
        #expect(tc.purposeOneTreatment == true)
        #expect(tc.publisherCC == "AA")
        #expect(tc.specialFeatureOptIns.members == [1])
        #expect(tc.specialFeatureOptIns.rawValue == 0b1)
        #expect(tc.purposesConsent.members == [2, 10])
        #expect(tc.purposesConsent.rawValue == 1 << 1 | 1 << 9)
        #expect(tc.purposesLITransparency.members == [2, 9])
        #expect(tc.vendorConsents.isEmpty && tc.vendorConsents.count == 0)
        #expect(tc.vendorLegitimateInterests.isEmpty)
        #expect(tc.publisherRestrictions.isEmpty)
        #expect(tc.disclosedVendors == nil && tc.allowedVendors == nil && tc.publisherTC == nil)
    }

    @Test func vectorB() throws {
        let tc = try decode(Self.vectorB)
        #expect(tc.version == 2)
        // Created 2019-12-04T18:53Z: 2019-01-01 is day 17897 (49 × 365 + 12 leap days); Jan–Nov have
        // 334 days, so Dec 4 is day 17897 + 334 + 3 = 18234; 18234 × 86400 = 1 575 417 600 s,
        // + 18 h 53 min (67 980 s) = 1 575 485 580 s = 15 754 855 800 ds.
        #expect(tc.created == 15_754_855_800)
        // LastUpdated six days later: + 6 × 864 000 ds = 15 760 039 800.
        #expect(tc.lastUpdated == 15_760_039_800)
        #expect(tc.created == Self.deciseconds(2019, 12, 4, 18, 53))
        #expect(tc.lastUpdated == Self.deciseconds(2019, 12, 10, 18, 53))
        #expect(tc.cmpId == 2)
        #expect(tc.cmpVersion == 1)
        #expect(tc.consentScreen == 1)
        #expect(tc.consentLanguage == "EN")
        #expect(tc.vendorListVersion == 7)
        #expect(tc.policyVersion == 2)
        #expect(tc.purposeOneTreatment == false)
        #expect(tc.publisherCC == "AQ")
        #expect(tc.specialFeatureOptIns.members == [1])
        #expect(tc.purposesConsent.members == [3, 4, 5, 6, 7, 8, 9])
        #expect(tc.purposesLITransparency.members == [])
        #expect(tc.vendorConsents.members == [23, 37, 47, 48, 53, 65, 98])
        #expect(tc.vendorLegitimateInterests.members == [37, 47, 48, 53, 65, 98, 129])
        #expect(tc.disclosedVendors?.members == [23, 37, 47, 48, 53, 65, 98, 129])
        #expect(tc.allowedVendors?.members == [12, 23, 37, 47, 48, 53])
        #expect(tc.publisherTC == nil)
        #expect(tc.vendorConsents.contains(47) && tc.vendorConsents.contains(48) && !tc.vendorConsents.contains(49))
        #expect(!tc.vendorConsents.contains(0) && !tc.vendorConsents.contains(-1) && !tc.vendorConsents.contains(70000))
        #expect(tc.vendorConsents.count == 7)
        #expect(tc.vendorConsents.ranges == [23...23, 37...37, 47...48, 53...53, 65...65, 98...98])
    }

    @Test func segmentsMayComeInAnyOrderAfterTheCore() throws {
        let parts = Self.vectorB.split(separator: ".")
        let swapped = [parts[0], parts[2], parts[1]].joined(separator: ".")
        #expect(try decode(swapped) == decode(Self.vectorB))
        // A Substring decodes too.
        let sub = ("xx" + Self.vectorA).dropFirst(2)
        #expect(try TCString.decode(sub) == decode(Self.vectorA))
    }

    @Test func paddingIsAcceptedAtSegmentEnds() throws {
        let parts = Self.vectorB.split(separator: ".")
        let padded = parts.map { $0 + "=" }.joined(separator: ".")
        #expect(try decode(padded) == decode(Self.vectorB))
        #expect(try decode(Self.vectorA + "==") == decode(Self.vectorA))
        #expect(reason(Self.vectorA + "===") == "character 45 ('='): more than two '=' of padding")
        #expect(reason("COtybn4PA=zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA") == "character 10 ('=') is padding in the middle of a segment")
    }

    /// The encoder writes what the decoder reads: vectors re-encoded both ways decode the same.
    @Test(arguments: TCFTestEncoder.VendorEncoding.allCases)
    func encoderAgreesWithTheVectors(_ encoding: TCFTestEncoder.VendorEncoding) throws {
        for vector in [Self.vectorA, Self.vectorB] {
            let tc = try decode(vector)
            let again = TCFTestEncoder.encode(tc, vendors: encoding)
            #expect(try decode(again) == tc)
        }
        // Vector A is bit-field encoded with no padding beyond the last character: byte for byte.
        #expect(TCFTestEncoder.encode(try decode(Self.vectorA), vendors: .bitField) == Self.vectorA)
    }

    // MARK: Round trips


    static func randomBits(_ width: Int, using g: inout SplitMix) -> [Int] {
        (1...width).filter { _ in Bool.random(using: &g) && Bool.random(using: &g) }
    }

    static func randomVendors(using g: inout SplitMix, maxRange: Int = 2000) -> TCFVendorSet {
        let maxId = Int.random(in: 0...maxRange, using: &g)
        guard maxId > 0 else { return TCFVendorSet() }
        var ids: [Int] = []
        switch Int.random(in: 0..<4, using: &g) {
        case 0: break  // empty, MaxVendorId > 0
        case 1: ids = (0..<Int.random(in: 1...20, using: &g)).map { _ in Int.random(in: 1...maxId, using: &g) }
        case 2:  // a few long runs
            for _ in 0..<Int.random(in: 1...5, using: &g) {
                let a = Int.random(in: 1...maxId, using: &g)
                ids += Array(a...min(maxId, a + Int.random(in: 0...300, using: &g)))
            }
        default: ids = (1...maxId).filter { _ in Bool.random(using: &g) }
        }
        if Bool.random(using: &g) { ids.append(maxId) }
        return TCFVendorSet(ids, maxVendorId: maxId)
    }

    static func randomTCString(using g: inout SplitMix) -> TCString {
        var tc = TCString()
        tc.created = Int64.random(in: 0..<(1 << 36), using: &g)
        tc.lastUpdated = Int64.random(in: 0..<(1 << 36), using: &g)
        tc.cmpId = Int.random(in: 0..<4096, using: &g)
        tc.cmpVersion = Int.random(in: 0..<4096, using: &g)
        tc.consentScreen = Int.random(in: 0..<64, using: &g)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        tc.consentLanguage = String([letters.randomElement(using: &g)!, letters.randomElement(using: &g)!])
        tc.publisherCC = String([letters.randomElement(using: &g)!, letters.randomElement(using: &g)!])
        tc.vendorListVersion = Int.random(in: 0..<4096, using: &g)
        tc.policyVersion = Int.random(in: 0..<64, using: &g)
        tc.isServiceSpecific = Bool.random(using: &g)
        tc.useNonStandardTexts = Bool.random(using: &g)
        tc.purposeOneTreatment = Bool.random(using: &g)
        tc.specialFeatureOptIns = TCFBits(randomBits(12, using: &g))
        tc.purposesConsent = TCFBits(randomBits(24, using: &g))
        tc.purposesLITransparency = TCFBits(randomBits(24, using: &g))
        tc.vendorConsents = randomVendors(using: &g)
        tc.vendorLegitimateInterests = randomVendors(using: &g)
        tc.publisherRestrictions = (0..<Int.random(in: 0...4, using: &g)).map { _ in
            // Restrictions have no MaxVendorId: the set's is its highest id.
            // NumEntries has 12 bits: keep at most 4000 runs.
            let v = randomVendors(using: &g, maxRange: 65535)
            let ids = v.ranges.prefix(4000).flatMap { Array($0) }
            return TCFPublisherRestriction(purpose: Int.random(in: 0..<64, using: &g),
                                           type: TCFRestrictionType.allCases.randomElement(using: &g)!,
                                           vendors: TCFVendorSet(ids))
        }
        if Bool.random(using: &g) { tc.disclosedVendors = randomVendors(using: &g) }
        if Bool.random(using: &g) { tc.allowedVendors = randomVendors(using: &g) }
        if Bool.random(using: &g) {
            let n = Int.random(in: 0...63, using: &g)
            tc.publisherTC = TCFPublisherTC(
                purposesConsent: TCFBits(randomBits(24, using: &g)),
                purposesLITransparency: TCFBits(randomBits(24, using: &g)),
                numCustomPurposes: n,
                customPurposesConsent: TCFBits64(n == 0 ? [] : randomBits(n, using: &g)),
                customPurposesLITransparency: TCFBits64(n == 0 ? [] : randomBits(n, using: &g)))
        }
        return tc
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomStringsRoundTrip(seed: UInt64) throws {
        var g = SplitMix(state: seed)
        for i in 0..<100 {
            let tc = Self.randomTCString(using: &g)
            for encoding in TCFTestEncoder.VendorEncoding.allCases {
                let singles = i % 2 == 0
                let text = TCFTestEncoder.encode(tc, vendors: encoding, singlesAsRanges: singles)
                let back = try decode(text)
                #expect(back == tc, "seed \(seed) case \(i) \(encoding): \(text)")
                #expect(back.vendorConsents.members == tc.vendorConsents.members)
            }
        }
    }

    @Test func vendorSetsFromRangesAndBitFieldsAreEqual() throws {
        // Overlapping, touching and unsorted range entries end up as the same set as its bit field.
        var w = TCFBitWriter()
        var tc = TCString()
        tc.publisherCC = "DE"
        TCFTestEncoder.coreHeader(tc, into: &w)
        w.write(300, 16)
        w.write(true)
        TCFTestEncoder.writeRangeSection([(200, 250), (5, 5), (240, 260), (6, 9), (261, 261), (1, 3)], into: &w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w)
        w.write(0, 12)
        let decoded = try decode(w.base64url)
        #expect(decoded.vendorConsents.ranges == [1...3, 5...9, 200...261])
        #expect(decoded.vendorConsents == TCFVendorSet(Array(1...3) + Array(5...9) + Array(200...261), maxVendorId: 300))
        #expect(decoded.vendorConsents.count == 3 + 5 + 62)
        #expect(decoded.vendorConsents.maxVendorId == 300)
    }

    @Test func hugeRangesAreCheap() throws {
        // One range entry 1-65535 in each of 4095 publisher restrictions: stored as one range each.
        var w = TCFBitWriter()
        TCFTestEncoder.coreHeader(TCString(), into: &w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet([1, 65535], maxVendorId: 65535), .range, into: &w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .range, into: &w)
        w.write(4095, 12)
        for k in 0..<4095 {
            w.write(k % 64, 6)
            w.write(k % 4, 2)
            TCFTestEncoder.writeRangeSection([(1, 65535)], into: &w)
        }
        let tc = try decode(w.base64url)
        #expect(tc.publisherRestrictions.count == 4095)
        #expect(tc.publisherRestrictions.allSatisfy { $0.vendors.count == 65535 && $0.vendors.maxVendorId == 65535 })
        #expect(tc.vendorConsents.members == [1, 65535])
    }

    @Test func bitsSets() {
        let b = TCFBits([1, 32, 33, 0, -4, 7])
        #expect(b.members == [1, 7, 32])
        #expect(b.rawValue == 1 | 1 << 6 | 1 << 31)
        #expect(!b.contains(0) && !b.contains(33) && b.contains(32))
        let c = TCFBits64([63, 64, 65])
        #expect(c.members == [63, 64])
    }

    // MARK: Malformed strings

    @Test func emptyStringsAndSegments() {
        #expect(reason("") == "empty string")
        #expect(reason(".") == "segment 1 is empty")
        #expect(reason(Self.vectorA + ".") == "segment 2 is empty")
        #expect(reason(Self.vectorA + "..IBAgAAAgAIAwgAgAAAAEAAAACA") == "segment 2 is empty")
        #expect(reason("=") == "segment 1 is empty")
    }

    @Test func badCharactersAreNamedWithTheirPosition() {
        var chars = Array(Self.vectorA)
        chars[16] = "!"
        #expect(reason(String(chars)) == "character 17 ('!') is not base64url")
        chars = Array(Self.vectorA)
        chars[2] = "é"
        #expect(reason(String(chars)) == "character 3 (U+00E9) is not base64url")
        // Positions count characters, not bytes; a control character is shown as U+XXXX.
        #expect(reason("é\u{1B}") == "character 1 (U+00E9) is not base64url")
        #expect(reason("COty\u{1B}") == "character 5 (U+001B) is not base64url")
        #expect(reason(Self.vectorA + " ") == "character 45 (U+0020) is not base64url")
        #expect(reason("COtybn4PA+zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA") == "character 10 ('+') is not base64url")
        #expect(reason(Self.vectorA + ".IBAg/") == "character 50 ('/') is not base64url")
    }

    @Test func wrongVersion() {
        // 'B' is 000001: version 1.
        #expect(reason("B" + Self.vectorA.dropFirst()) == "unsupported version 1 (this reads TCF v2)")
        // A non-core segment first: 'I' is 001000, version 8.
        #expect(reason("IBAgAAAgAIAwgAgAAAAEAAAACA") == "unsupported version 8 (this reads TCF v2)")
        #expect(reason("D" + Self.vectorA.dropFirst()) == "unsupported version 3 (this reads TCF v2)")
    }

    /// Every cut of a valid string before its last field ends throws "truncated"; none traps.
    @Test func everyTruncationThrows() throws {
        var g = SplitMix(state: 99)
        var strings = [Self.vectorA, Self.vectorB]
        for i in 0..<40 {
            var tc = Self.randomTCString(using: &g)
            tc.publisherRestrictions = Array(tc.publisherRestrictions.prefix(2))
            strings.append(TCFTestEncoder.encode(tc, vendors: i % 2 == 0 ? .range : .bitField))
        }
        var checked = 0
        for s in strings {
            let segments = s.split(separator: ".").map(String.init)
            let full = try decode(s)
            for (k, segment) in segments.enumerated() {
                // The bits the fields take, when the encoder reproduces the segment (vectors may
                // carry padding characters: for those, cuts need only not trap).
                let needed = Self.usedBits(segment: k, of: full, segment)
                let prefix = segments[..<k].joined(separator: ".") + (k > 0 ? "." : "")
                // Every cut of short segments; of long ones 200 spread cuts and the last 12.
                let n = segment.count
                let cuts = n <= 240 ? Array(1..<n) : Array(Set(stride(from: 1, to: n, by: n / 200) + Array(max(1, n - 12)..<n))).sorted()
                for cut in cuts {
                    let text = prefix + segment.prefix(cut)
                    let r = reason(text)
                    if let needed, cut * 6 < needed {
                        checked += 1
                        #expect(r?.hasPrefix("truncated: segment \(k + 1) ends at bit \(cut * 6) inside ") == true, "\(text): \(r ?? "decoded")")
                    }
                }
            }
        }
        #expect(checked > 1000)
        // Vector A needs 259 bits; 43 characters hold 258.
        #expect(reason(String(Self.vectorA.dropLast())) == "truncated: segment 1 ends at bit 258 inside PubRestrictions, NumPubRestrictions (needs 1 more bit)")
        #expect(reason("CO") == "truncated: segment 1 ends at bit 12 inside Created (needs 30 more bits)")
        #expect(reason(Self.vectorA + ".I") == "truncated: segment 2 ends at bit 6 inside DisclosedVendors, MaxVendorId (needs 13 more bits)")
    }

    /// How many bits the fields of segment `k` take, when the encoder writes exactly `segment` (with
    /// one of the vendor encodings); nil when it does not.
    static func usedBits(segment k: Int, of tc: TCString, _ segment: String) -> Int? {
        for e in TCFTestEncoder.VendorEncoding.allCases {
            let w: TCFBitWriter
            if k == 0 {
                w = TCFTestEncoder.core(tc, vendors: e)
            } else if segment.hasPrefix("I") || segment.hasPrefix("J") || segment.hasPrefix("K") || segment.hasPrefix("L"),
                      let d = tc.disclosedVendors {
                w = TCFTestEncoder.vendorSegment(type: 1, d, vendors: e)
            } else if let a = tc.allowedVendors, TCFTestEncoder.vendorSegment(type: 2, a, vendors: e).base64url == segment {
                w = TCFTestEncoder.vendorSegment(type: 2, a, vendors: e)
            } else if let p = tc.publisherTC {
                w = TCFTestEncoder.publisherTC(p)
            } else {
                continue
            }
            if w.base64url == segment { return w.count }
        }
        return nil
    }

    /// A core segment with the given vendor consents section bits, nothing else interesting.
    static func core(vendorConsents: (inout TCFBitWriter) -> Void) -> String {
        var w = TCFBitWriter()
        TCFTestEncoder.coreHeader(TCString(), into: &w)
        vendorConsents(&w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w)
        w.write(0, 12)
        return w.base64url
    }

    @Test func badRanges() {
        let backwards = Self.core { w in
            w.write(500, 16)
            w.write(true)
            TCFTestEncoder.writeRangeSection([(1, 2), (300, 200)], into: &w)
        }
        #expect(reason(backwards) == "range 300-200 runs backwards in VendorConsents")
        let beyond = Self.core { w in
            w.write(500, 16)
            w.write(true)
            TCFTestEncoder.writeRangeSection([(1, 2), (400, 501)], into: &w)
        }
        #expect(reason(beyond) == "vendor id 501 beyond MaxVendorId 500 in VendorConsents")
        let single = Self.core { w in
            w.write(500, 16)
            w.write(true)
            TCFTestEncoder.writeRangeSection([(65535, 65535)], into: &w)
        }
        #expect(reason(single) == "vendor id 65535 beyond MaxVendorId 500 in VendorConsents")
        let zero = Self.core { w in
            w.write(500, 16)
            w.write(true)
            TCFTestEncoder.writeRangeSection([(0, 4)], into: &w)
        }
        #expect(reason(zero) == "vendor id 0 in VendorConsents (vendor ids start at 1)")
        // In a publisher restriction (no MaxVendorId there, but backwards is still wrong).
        var w = TCFBitWriter()
        TCFTestEncoder.coreHeader(TCString(), into: &w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w)
        w.write(2, 12)
        w.write(1, 6); w.write(0, 2); TCFTestEncoder.writeRangeSection([(8, 9)], into: &w)
        w.write(2, 6); w.write(1, 2); TCFTestEncoder.writeRangeSection([(70, 60)], into: &w)
        #expect(reason(w.base64url) == "range 70-60 runs backwards in PubRestrictions entry 2")
    }

    @Test func truncatedInsideARangeEntry() {
        // The third entry is a range whose EndVendorId is missing: the segment ends 16 bits short.
        var w = TCFBitWriter()
        TCFTestEncoder.coreHeader(TCString(), into: &w)  // 213 bits
        w.write(500, 16)
        w.write(true)
        w.write(3, 12)
        w.write(false); w.write(10, 16)
        w.write(true); w.write(20, 16); w.write(30, 16)
        w.write(true); w.write(200, 16)
        // 213 + 17 + 12 + 17 + 33 + 17 = 309 bits; pad to a whole character (312) with zeros.
        #expect(w.count == 309)
        #expect(reason(w.base64url) == "truncated: segment 1 ends at bit 312 inside VendorConsents range entry 3, EndVendorId (needs 13 more bits)")
    }

    @Test func segmentTypes() throws {
        // 'o' is 101000: segment type 5.
        #expect(reason(Self.vectorA + ".oAAA") == "unknown segment type 5 (segment 2)")
        #expect(reason(Self.vectorA + ".8AAA") == "unknown segment type 7 (segment 2)")
        #expect(reason(Self.vectorA + ".AAAA") == "segment 2 has type 0 (core), but only the first segment may be the core")
        #expect(reason(Self.vectorB + ".IBAgAAAgAIAwgAgAAAAEAAAACA") == "segment type 1 appears twice (again in segment 4)")
        #expect(reason(Self.vectorB + ".QAagAQAgAIAwgA") == "segment type 2 appears twice (again in segment 4)")
        // A publisher TC segment (type 3) decodes, twice it does not.
        var p = TCFPublisherTC()
        p.purposesConsent = TCFBits([1, 3, 24])
        p.numCustomPurposes = 2
        p.customPurposesLITransparency = TCFBits64([2])
        let seg = TCFTestEncoder.publisherTC(p).base64url
        #expect(try decode(Self.vectorA + "." + seg).publisherTC == p)
        #expect(reason(Self.vectorA + "." + seg + "." + seg) == "segment type 3 appears twice (again in segment 3)")
    }

    @Test func lettersOutsideAToZ() {
        var w = TCFBitWriter()
        var tc = TCString()
        tc.consentLanguage = "EN"
        TCFTestEncoder.coreHeader(tc, into: &w)
        var bits = w.bits
        // ConsentLanguage starts at bit 6 + 36 + 36 + 12 + 12 + 6 = 108; its second letter at 114.
        // Make it 63 (all ones).
        for k in 114..<120 { bits[k] = true }
        var w2 = TCFBitWriter()
        for b in bits { w2.write(b) }
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w2)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w2)
        w2.write(0, 12)
        #expect(reason(w2.base64url) == "ConsentLanguage has letter value 63, not A-Z (0-25)")
    }

    /// Every field at its own offset: a string whose fields all have distinct values decodes to them,
    /// so an off-by-one offset anywhere would show.
    @Test func distinctFieldValues() throws {
        var tc = TCString()
        tc.created = 0x9_8765_4321
        tc.lastUpdated = 0x1_2345_6789
        tc.cmpId = 0xABC
        tc.cmpVersion = 0x123
        tc.consentScreen = 0x2A
        tc.consentLanguage = "SV"
        tc.vendorListVersion = 0xF0F
        tc.policyVersion = 5
        tc.isServiceSpecific = true
        tc.useNonStandardTexts = false
        tc.specialFeatureOptIns = TCFBits([1, 12])
        tc.purposesConsent = TCFBits([1, 11, 24])
        tc.purposesLITransparency = TCFBits([2, 7, 23])
        tc.purposeOneTreatment = true
        tc.publisherCC = "ZY"
        tc.vendorConsents = TCFVendorSet([1, 64, 65, 128, 129, 130], maxVendorId: 130)
        tc.vendorLegitimateInterests = TCFVendorSet([3], maxVendorId: 3)
        for e in TCFTestEncoder.VendorEncoding.allCases {
            let back = try decode(TCFTestEncoder.encode(tc, vendors: e))
            #expect(back == tc)
            #expect(back.created == 0x9_8765_4321 && back.cmpId == 0xABC && back.consentScreen == 42)
        }
    }
}
