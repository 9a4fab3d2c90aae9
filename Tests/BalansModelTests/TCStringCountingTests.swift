import Testing
@testable import BalansModel

/// `TCString.decodeCounted` (decision 0027) against the full decoder, which stays the authority: on
/// the strings of `TCStringTests` and on thousands of seeded random and mutated strings, both accept
/// the same strings with the same counted fields and refuse the same strings with the same error;
/// and the counting path itself (`TCStringCounter`) never accepts a string the full decoder refuses.
@Suite struct TCStringCountingTests {
    /// What happened to one string, for the tallies that show the test saw both outcomes.
    enum Outcome { case fastPath, fallbackAccepted, refused }

    /// Checks `s` both ways; a failed expectation names the string.
    @discardableResult
    static func check(_ s: String, _ note: @autoclosure () -> String = "") -> Outcome {
        let full = Result { () throws(TCStringError) in try TCString.decode(s) }
        let counted = Result { () throws(TCStringError) in try TCString.decodeCounted(s) }
        let bytes = Array(s.utf8)
        let fast = bytes.withUnsafeBufferPointer { TCStringCounter.counts($0) }
        let fromBytes = bytes.withUnsafeBufferPointer { p in Result { () throws(TCStringError) in try TCString.decodeCounted(utf8: p) } }
        #expect(counted == fromBytes, "\(note()) \(s)")
        switch full {
        case .success(let tc):
            let expected = TCStringCounts(tc)
            #expect(counted == .success(expected), "\(note()) \(s)")
            if let fast {
                #expect(fast == expected, "\(note()) \(s)")
                return .fastPath
            }
            return .fallbackAccepted
        case .failure(let error):
            #expect(counted == .failure(error), "\(note()) \(s)")
            #expect(fast == nil, "the counting path accepts what the full decoder refuses (\(error)): \(note()) \(s)")
            return .refused
        }
    }

    /// Whether every segment of `s` is short enough for the counting path and has no padding: then it
    /// must take a valid string itself, not hand it to the full decoder.
    static func countable(_ s: String) -> Bool {
        !s.contains("=") && s.split(separator: ".", omittingEmptySubsequences: false)
            .allSatisfy { $0.utf8.count <= TCStringCounter.maxSegmentCharacters }
    }

    // MARK: The strings of TCStringTests

    static let vectorA = TCStringTests.vectorA
    static let vectorB = TCStringTests.vectorB

    /// The literal strings `TCStringTests` decodes or refuses, and its hand-built malformed ones.
    static var knownStrings: [String] {
        let a = vectorA, b = vectorB
        let parts = b.split(separator: ".")
        var strings = [
            a, b,
            [parts[0], parts[2], parts[1]].joined(separator: "."),
            parts.map { $0 + "=" }.joined(separator: "."),
            a + "==", a + "===", a + "=",
            "COtybn4PA=zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA",
            "", ".", a + ".", a + "..IBAgAAAgAIAwgAgAAAAEAAAACA", "=", "==", "..", ".\(a)",
            "é\u{1B}", "COty\u{1B}", a + " ", " " + a,
            "COtybn4PA+zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA", a + ".IBAg/",
            "B" + a.dropFirst(), "IBAgAAAgAIAwgAgAAAAEAAAACA", "D" + a.dropFirst(),
            String(a.dropLast()), "CO", a + ".I",
            a + ".oAAA", a + ".8AAA", a + ".AAAA",
            b + ".IBAgAAAgAIAwgAgAAAAEAAAACA", b + ".QAagAQAgAIAwgA",
        ]
        var chars = Array(a)
        chars[16] = "!"
        strings.append(String(chars))
        chars = Array(a)
        chars[2] = "é"
        strings.append(String(chars))
        // The malformed ranges of `badRanges`.
        for entries in [[(1, 2), (300, 200)], [(1, 2), (400, 501)], [(65535, 65535)], [(0, 4)], [(1, 500)], [(500, 500)]] {
            strings.append(TCStringTests.core { w in
                w.write(500, 16)
                w.write(true)
                TCFTestEncoder.writeRangeSection(entries, into: &w)
            })
        }
        var w = TCFBitWriter()
        TCFTestEncoder.coreHeader(TCString(), into: &w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w)
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w)
        w.write(2, 12)
        w.write(1, 6); w.write(0, 2); TCFTestEncoder.writeRangeSection([(8, 9)], into: &w)
        w.write(2, 6); w.write(1, 2); TCFTestEncoder.writeRangeSection([(70, 60)], into: &w)
        strings.append(w.base64url)
        // `truncatedInsideARangeEntry`.
        w = TCFBitWriter()
        TCFTestEncoder.coreHeader(TCString(), into: &w)
        w.write(500, 16)
        w.write(true)
        w.write(3, 12)
        w.write(false); w.write(10, 16)
        w.write(true); w.write(20, 16); w.write(30, 16)
        w.write(true); w.write(200, 16)
        strings.append(w.base64url)
        // Publisher TC segments, once and twice.
        var p = TCFPublisherTC()
        p.purposesConsent = TCFBits([1, 3, 24])
        p.numCustomPurposes = 2
        p.customPurposesLITransparency = TCFBits64([2])
        let seg = TCFTestEncoder.publisherTC(p).base64url
        strings += [a + "." + seg, a + "." + seg + "." + seg, b + "." + seg]
        // Every cut of the vectors.
        for v in [a, b] {
            for cut in 0..<v.count { strings.append(String(v.prefix(cut))) }
        }
        return strings
    }

    @Test func theStringsOfTheDecoderTests() {
        var outcomes: [Outcome: Int] = [:]
        for s in Self.knownStrings { outcomes[Self.check(s), default: 0] += 1 }
        // The vectors (and their reordering) take the counting path; padding goes to the full decoder.
        for s in [Self.vectorA, Self.vectorB] { #expect(Self.check(s) == .fastPath) }
        #expect(Self.check(Self.vectorA + "==") == .fallbackAccepted)
        #expect(outcomes[.refused, default: 0] > 100)
    }

    @Test func theFieldsCountingUses() throws {
        let b = try TCString.decodeCounted(Self.vectorB)
        #expect(b.policyVersion == 2)
        #expect(b.specialFeatureOptIns.members == [1])
        #expect(b.purposesConsent.members == [3, 4, 5, 6, 7, 8, 9])
        #expect(b.purposesLITransparency.members == [])
        var tc = TCString()
        tc.policyVersion = 63
        tc.specialFeatureOptIns = TCFBits([1, 12])
        tc.purposesConsent = TCFBits([1, 11, 24])
        tc.purposesLITransparency = TCFBits([2, 7, 23])
        tc.consentLanguage = "ZZ"
        tc.publisherCC = "ZY"
        let counts = try TCString.decodeCounted(TCFTestEncoder.encode(tc))
        #expect(counts == TCStringCounts(policyVersion: 63, specialFeatureOptIns: TCFBits([1, 12]),
                                         purposesConsent: TCFBits([1, 11, 24]), purposesLITransparency: TCFBits([2, 7, 23])))
    }

    @Test func errorsAreTheFullDecodersWordForWord() {
        #expect(throws: TCStringError(.vendorIdZero(section: "VendorConsents"))) {
            try TCString.decodeCounted(TCStringTests.core { w in
                w.write(500, 16)
                w.write(true)
                TCFTestEncoder.writeRangeSection([(0, 4)], into: &w)
            })
        }
        #expect(throws: TCStringError(.badCharacter(position: 45, character: 0x20))) { try TCString.decodeCounted(Self.vectorA + " ") }
        #expect(throws: TCStringError(.empty)) { try TCString.decodeCounted("") }
    }

    // MARK: Random and mutated strings

    /// A random string with small publisher restrictions (so that most take the counting path).
    static func randomString(using g: inout SplitMix) -> String {
        var tc = TCStringTests.randomTCString(using: &g)
        if Int.random(in: 0..<4, using: &g) != 0 {
            tc.publisherRestrictions = tc.publisherRestrictions.prefix(2).map { r in
                var r = r
                r.vendors = TCFVendorSet(r.vendors.ranges.prefix(6).flatMap { Array($0) })
                return r
            }
        }
        let encoding = TCFTestEncoder.VendorEncoding.allCases.randomElement(using: &g)!
        return TCFTestEncoder.encode(tc, vendors: encoding, singlesAsRanges: Bool.random(using: &g))
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// One random change: a character replaced, a bit flipped, a cut, a deletion or insertion, a
    /// stray '.', '=' or non-base64url byte, or segments added, repeated or swapped.
    static func mutate(_ s: String, other: String, using g: inout SplitMix) -> String {
        var b = Array(s.utf8)
        let at = Int.random(in: 0...b.count, using: &g)
        let inside = Swift.min(at, Swift.max(0, b.count - 1))
        switch Int.random(in: 0..<11, using: &g) {
        case 0:
            if !b.isEmpty { b[inside] = alphabet.randomElement(using: &g)! }
        case 1, 2:
            // Flip one bit of one character: field values change by a power of two.
            if !b.isEmpty, let v = alphabet.firstIndex(of: b[inside]) {
                b[inside] = alphabet[v ^ (1 << Int.random(in: 0..<6, using: &g))]
            }
        case 3: b = Array(b.prefix(at))
        case 4: if !b.isEmpty { b.remove(at: inside) }
        case 5: b.insert(alphabet.randomElement(using: &g)!, at: at)
        case 6: b.insert(UInt8(ascii: "."), at: at)
        case 7:
            let pad = Array(repeating: UInt8(ascii: "="), count: Int.random(in: 1...3, using: &g))
            if Bool.random(using: &g), let dot = b.firstIndex(of: UInt8(ascii: ".")) {
                b.insert(contentsOf: pad, at: dot)
            } else {
                b.insert(contentsOf: pad, at: Bool.random(using: &g) ? b.count : at)
            }
        case 8:
            let stray: [[UInt8]] = [[UInt8(ascii: "!")], [32], [9], [UInt8(ascii: "+")], [UInt8(ascii: "/")], [0xC3, 0xA9], [0], [0xFF], [13]]
            b.insert(contentsOf: stray.randomElement(using: &g)!, at: at)
        case 9:
            // Another string's later segments, or a random one.
            let segments = other.split(separator: ".").dropFirst()
            if let seg = segments.randomElement(using: &g), Bool.random(using: &g) {
                b += Array(("." + seg).utf8)
            } else {
                b.append(UInt8(ascii: "."))
                for _ in 0..<Int.random(in: 1...30, using: &g) { b.append(alphabet.randomElement(using: &g)!) }
            }
        default:
            var segments = s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if let seg = segments.randomElement(using: &g), Bool.random(using: &g) {
                segments.append(seg)
            } else if segments.count > 1 {
                segments.swapAt(Int.random(in: 0..<segments.count, using: &g), Int.random(in: 0..<segments.count, using: &g))
            }
            b = Array(segments.joined(separator: ".").utf8)
        }
        return String(decoding: b, as: UTF8.self)
    }

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func randomAndMutatedStringsAgree(seed: UInt64) {
        var g = SplitMix(state: seed)
        var outcomes: [Outcome: Int] = [:]
        var previous = TCStringTests.vectorB
        for i in 0..<150 {
            let s = Self.randomString(using: &g)
            let outcome = Self.check(s, "seed \(seed) string \(i)")
            outcomes[outcome, default: 0] += 1
            // A valid string the counting path can hold is read by it, not by the fallback.
            if Self.countable(s) { #expect(outcome == .fastPath, "seed \(seed) string \(i): \(s)") }
            for m in 0..<8 {
                var mutant = Self.mutate(s, other: previous, using: &g)
                if m % 4 == 3 { mutant = Self.mutate(mutant, other: previous, using: &g) }
                outcomes[Self.check(mutant, "seed \(seed) string \(i) mutant \(m)"), default: 0] += 1
            }
            previous = s
        }
        // Both outcomes were seen often: the agreement is not vacuous.
        #expect(outcomes[.fastPath, default: 0] > 300, "\(outcomes)")
        #expect(outcomes[.refused, default: 0] > 300, "\(outcomes)")
    }

    /// Bit flips inside the vendor sections of strings the counting path reads: every range entry's
    /// checks (id 0, backwards, beyond MaxVendorId) and every bit-field length are exercised.
    @Test func bitFlipsInVendorSections() {
        var g = SplitMix(state: 2027)
        var refused = 0
        for i in 0..<200 {
            var tc = TCString()
            tc.policyVersion = 4
            tc.vendorConsents = TCStringTests.randomVendors(using: &g, maxRange: 300)
            tc.vendorLegitimateInterests = TCStringTests.randomVendors(using: &g, maxRange: 300)
            tc.publisherRestrictions = [TCFPublisherRestriction(purpose: 3, type: .requireConsent,
                                                                vendors: TCFVendorSet([10, 11, 12, 40]))]
            if i % 3 == 0 { tc.disclosedVendors = TCStringTests.randomVendors(using: &g, maxRange: 300) }
            let s = TCFTestEncoder.encode(tc, vendors: i % 2 == 0 ? .range : .bitField, singlesAsRanges: i % 4 < 2)
            Self.check(s)
            var chars = Array(s.utf8)
            for _ in 0..<10 {
                // After the core header (213 bits: character 36 on).
                let at = Int.random(in: 35..<chars.count, using: &g)
                let saved = chars[at]
                if let v = Self.alphabet.firstIndex(of: saved) {
                    chars[at] = Self.alphabet[v ^ (1 << Int.random(in: 0..<6, using: &g))]
                    if Self.check(String(decoding: chars, as: UTF8.self), "string \(i)") == .refused { refused += 1 }
                }
                chars[at] = saved
            }
        }
        #expect(refused > 200)
    }

    @Test func longSegmentsGoToTheFullDecoder() {
        // One bit field of 20 000 vendors: longer than the counting path holds; still decoded.
        var tc = TCString()
        tc.policyVersion = 4
        tc.vendorConsents = TCFVendorSet([1, 19_999], maxVendorId: 20_000)
        let s = TCFTestEncoder.encode(tc, vendors: .bitField)
        #expect(!Self.countable(s))
        #expect(Self.check(s) == .fallbackAccepted)
        #expect(Self.check(String(s.dropLast(100))) == .refused)
        // The longest segment it holds, exactly.
        var w = TCFBitWriter()
        TCFTestEncoder.coreHeader(tc, into: &w)
        let bits = TCStringCounter.maxSegmentCharacters * 6 - 213 - 17 - 17 - 12
        w.write(bits, 16); w.write(false); for _ in 0..<bits { w.write(true) }
        TCFTestEncoder.writeVendorSection(TCFVendorSet(), .bitField, into: &w)
        w.write(0, 12)
        #expect(w.base64url.count == TCStringCounter.maxSegmentCharacters)
        #expect(Self.check(w.base64url) == .fastPath)
        #expect(Self.check(w.base64url + "A") == .fallbackAccepted)
        #expect(Self.check(String(w.base64url.dropLast())) == .refused)
    }
}
