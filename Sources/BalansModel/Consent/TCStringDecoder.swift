// The TC string decoder behind `TCString.decode` (decision 0014): one pass over the UTF-8 bytes per
// segment through a lookup table into 64-bit words, then a bounds-checked MSB-first bit reader.
// No Foundation, no per-character String work, a handful of allocations per string.

enum TCStringDecoder {
    /// base64url value of each byte; 0xFF for anything else, 0xFE for '=', 0xFD for '.'.
    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8.enumerated() {
            t[Int(c)] = UInt8(i)
        }
        t[Int(UInt8(ascii: "="))] = 0xFE
        t[Int(UInt8(ascii: "."))] = 0xFD
        return t
    }()

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<TCString, TCStringError> {
        do throws(TCStringError) {
            return .success(try decodeThrowing(bytes))
        } catch {
            return .failure(error)
        }
    }

    static func decodeThrowing(_ bytes: UnsafeBufferPointer<UInt8>) throws(TCStringError) -> TCString {
        guard !bytes.isEmpty else { throw TCStringError(.empty) }
        // Enough words for the longest segment, plus one so that a read may always look one word ahead.
        var words = [UInt64](repeating: 0, count: bytes.count * 6 / 64 + 2)
        var tc = TCString()
        var seen: UInt8 = 0  // bit t set when segment type t was read
        var segment = 0
        var start = 0
        while start <= bytes.count {
            segment += 1
            var stop = start
            while stop < bytes.count && bytes[stop] != UInt8(ascii: ".") { stop += 1 }
            let bitCount = try fill(&words, bytes, start, stop, segment: segment)
            var reader = BitReader(words: words, end: bitCount, segment: segment)
            if segment == 1 {
                try readCore(&reader, into: &tc)
                seen = 1
            } else {
                let type = Int(try reader.read(3, .segmentType))
                switch type {
                case 0: throw TCStringError(.repeatedCore(segment: segment))
                case 1, 2, 3:
                    if seen & (1 << UInt8(type)) != 0 { throw TCStringError(.duplicateSegmentType(type: type, segment: segment)) }
                    seen |= 1 << UInt8(type)
                default: throw TCStringError(.unknownSegmentType(type: type, segment: segment))
                }
                switch type {
                case 1:
                    reader.section = .disclosedVendors
                    tc.disclosedVendors = try reader.vendorSection()
                case 2:
                    reader.section = .allowedVendors
                    tc.allowedVendors = try reader.vendorSection()
                default:
                    reader.section = .publisherTC
                    tc.publisherTC = try readPublisherTC(&reader)
                }
            }
            start = stop + 1
        }
        return tc
    }

    /// Decodes the base64url characters `bytes[start..<stop]` into `words`, MSB first; returns the
    /// number of bits. Up to two '=' at the end of a segment are accepted and ignored (Java's URL
    /// decoder, which iabtcf-java uses, accepts them).
    static func fill(_ words: inout [UInt64], _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int,
                     segment: Int) throws(TCStringError) -> Int {
        var acc: UInt64 = 0
        var held = 0  // bits in acc
        var w = 0
        var i = start
        var chars = 0
        try table.withUnsafeBufferPointer { (table) throws(TCStringError) in
            while i < stop {
                let v = table[Int(bytes[i])]
                if v >= 64 {
                    if v == 0xFE { break }
                    throw badCharacter(bytes, at: i)
                }
                if held <= 58 {
                    acc = acc << 6 | UInt64(v)
                    held += 6
                    if held == 64 {
                        words[w] = acc
                        w += 1
                        acc = 0
                        held = 0
                    }
                } else {
                    let fits = 64 - held  // 1…5 bits of v fit in this word
                    words[w] = acc << UInt64(fits) | UInt64(v) >> UInt64(6 - fits)
                    w += 1
                    held = 6 - fits
                    acc = UInt64(v) & ((1 << UInt64(held)) - 1)
                }
                chars += 1
                i += 1
            }
        }
        // Padding: at most two '=' and nothing after them in this segment.
        if i < stop {
            let padStart = i
            while i < stop {
                if bytes[i] != UInt8(ascii: "=") {
                    throw table[Int(bytes[i])] < 64 ? TCStringError(.misplacedPadding(position: position(bytes, padStart)))
                                                    : badCharacter(bytes, at: i)
                }
                i += 1
            }
            if stop - padStart > 2 { throw TCStringError(.tooMuchPadding(position: position(bytes, padStart))) }
        }
        if chars == 0 { throw TCStringError(.emptySegment(segment: segment)) }
        if held > 0 { words[w] = acc << UInt64(64 - held) }
        return chars * 6
    }

    /// The 1-based character position of byte `index` (counting UTF-8 lead bytes).
    static func position(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var n = 1
        for j in 0..<index where bytes[j] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    static func badCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> TCStringError {
        let tail = UnsafeBufferPointer(rebasing: bytes[index..<Swift.min(index + 4, bytes.count)])
        let scalar = String(decoding: tail, as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD
        return TCStringError(.badCharacter(position: position(bytes, index), character: scalar))
    }

    static func readCore(_ r: inout BitReader, into tc: inout TCString) throws(TCStringError) {
        let version = Int(try r.read(6, .version))
        guard version == 2 else { throw TCStringError(.unsupportedVersion(version)) }
        tc.version = version
        tc.created = Int64(try r.read(36, .created))
        tc.lastUpdated = Int64(try r.read(36, .lastUpdated))
        tc.cmpId = Int(try r.read(12, .cmpId))
        tc.cmpVersion = Int(try r.read(12, .cmpVersion))
        tc.consentScreen = Int(try r.read(6, .consentScreen))
        tc.consentLanguage = try r.letters(.consentLanguage)
        tc.vendorListVersion = Int(try r.read(12, .vendorListVersion))
        tc.policyVersion = Int(try r.read(6, .tcfPolicyVersion))
        tc.isServiceSpecific = try r.read(1, .isServiceSpecific) == 1
        tc.useNonStandardTexts = try r.read(1, .useNonStandardTexts) == 1
        tc.specialFeatureOptIns = TCFBits(rawValue: UInt32(reversed(try r.read(12, .specialFeatureOptIns), 12)))
        tc.purposesConsent = TCFBits(rawValue: UInt32(reversed(try r.read(24, .purposesConsent), 24)))
        tc.purposesLITransparency = TCFBits(rawValue: UInt32(reversed(try r.read(24, .purposesLITransparency), 24)))
        tc.purposeOneTreatment = try r.read(1, .purposeOneTreatment) == 1
        tc.publisherCC = try r.letters(.publisherCC)
        r.section = .vendorConsents
        tc.vendorConsents = try r.vendorSection()
        r.section = .vendorLegitimateInterests
        tc.vendorLegitimateInterests = try r.vendorSection()
        r.section = .publisherRestrictions
        let count = Int(try r.read(12, .numPubRestrictions))
        var restrictions: [TCFPublisherRestriction] = []
        if count > 0 {
            restrictions.reserveCapacity(count)
            for k in 1...count {
                r.restriction = k
                let purpose = Int(try r.read(6, .purposeId))
                let type = TCFRestrictionType(rawValue: Int(try r.read(2, .restrictionType))) ?? .undefined
                let vendors = try r.rangeSection(maxVendorId: nil)
                restrictions.append(TCFPublisherRestriction(purpose: purpose, type: type, vendors: vendors))
            }
        }
        tc.publisherRestrictions = restrictions
    }

    static func readPublisherTC(_ r: inout BitReader) throws(TCStringError) -> TCFPublisherTC {
        var p = TCFPublisherTC()
        p.purposesConsent = TCFBits(rawValue: UInt32(reversed(try r.read(24, .pubPurposesConsent), 24)))
        p.purposesLITransparency = TCFBits(rawValue: UInt32(reversed(try r.read(24, .pubPurposesLITransparency), 24)))
        let n = Int(try r.read(6, .numCustomPurposes))
        p.numCustomPurposes = n
        if n > 0 {
            p.customPurposesConsent = TCFBits64(rawValue: reversed(try r.read(n, .customPurposesConsent), n))
            p.customPurposesLITransparency = TCFBits64(rawValue: reversed(try r.read(n, .customPurposesLITransparency), n))
        }
        return p
    }

    /// The `n` low bits of `v`, read MSB first, as a set: the first bit read becomes bit 0.
    @inline(__always)
    static func reversed(_ v: UInt64, _ n: Int) -> UInt64 {
        guard n > 0 && n <= 64 else { return 0 }
        var x = v << UInt64(64 - n)
        x = (x >> 1) & 0x5555_5555_5555_5555 | (x & 0x5555_5555_5555_5555) << 1
        x = (x >> 2) & 0x3333_3333_3333_3333 | (x & 0x3333_3333_3333_3333) << 2
        x = (x >> 4) & 0x0F0F_0F0F_0F0F_0F0F | (x & 0x0F0F_0F0F_0F0F_0F0F) << 4
        return x.byteSwapped
    }
}

/// The field being read, for "truncated … inside <field>" messages (IAB's names).
enum TCFField: String {
    case version = "Version", created = "Created", lastUpdated = "LastUpdated", cmpId = "CmpId"
    case cmpVersion = "CmpVersion", consentScreen = "ConsentScreen", consentLanguage = "ConsentLanguage"
    case vendorListVersion = "VendorListVersion", tcfPolicyVersion = "TcfPolicyVersion"
    case isServiceSpecific = "IsServiceSpecific", useNonStandardTexts = "UseNonStandardTexts"
    case specialFeatureOptIns = "SpecialFeatureOptIns", purposesConsent = "PurposesConsent"
    case purposesLITransparency = "PurposesLITransparency", purposeOneTreatment = "PurposeOneTreatment"
    case publisherCC = "PublisherCC", maxVendorId = "MaxVendorId", isRangeEncoding = "IsRangeEncoding"
    case bitField = "BitField", numEntries = "NumEntries", isARange = "IsARange"
    case startVendorId = "StartOrOnlyVendorId", endVendorId = "EndVendorId"
    case numPubRestrictions = "NumPubRestrictions", purposeId = "PurposeId", restrictionType = "RestrictionType"
    case segmentType = "SegmentType", pubPurposesConsent = "PubPurposesConsent"
    case pubPurposesLITransparency = "PubPurposesLITransparency", numCustomPurposes = "NumCustomPurposes"
    case customPurposesConsent = "CustomPurposesConsent", customPurposesLITransparency = "CustomPurposesLITransparency"
}

/// The part of the string being read, for messages.
enum TCFSection {
    case core, vendorConsents, vendorLegitimateInterests, publisherRestrictions, disclosedVendors, allowedVendors, publisherTC

    var name: String {
        switch self {
        case .core: return ""
        case .vendorConsents: return "VendorConsents"
        case .vendorLegitimateInterests: return "VendorLegitimateInterests"
        case .publisherRestrictions: return "PubRestrictions"
        case .disclosedVendors: return "DisclosedVendors"
        case .allowedVendors: return "AllowedVendors"
        case .publisherTC: return "PublisherTC"
        }
    }
}

/// Reads big-endian bit fields from `words`, never past `end`.
struct BitReader {
    let words: [UInt64]
    var pos = 0
    let end: Int
    let segment: Int
    var section = TCFSection.core
    /// The publisher restriction being read (1-based), 0 outside them.
    var restriction = 0
    /// The range entry being read (1-based), 0 outside a range section.
    var entry = 0

    init(words: [UInt64], end: Int, segment: Int) {
        self.words = words
        self.end = end
        self.segment = segment
    }

    /// Reads `n` (0…64) bits as an unsigned number.
    @inline(__always)
    mutating func read(_ n: Int, _ field: TCFField) throws(TCStringError) -> UInt64 {
        guard n <= end - pos else { throw truncated(field, needs: n - (end - pos)) }
        if n == 0 { return 0 }
        let w = pos >> 6
        let off = UInt64(pos & 63)
        var v = words[w] << off
        if off != 0 { v |= words[w + 1] >> (64 - off) }
        pos += n
        return n == 64 ? v : v >> UInt64(64 - n)
    }

    /// The current place, in words for a message: "VendorConsents range entry 3, EndVendorId".
    func place(_ field: TCFField) -> String {
        var parts = ""
        if section != .core {
            parts = section.name
            if restriction > 0 { parts += " entry \(restriction)" }
            if entry > 0 { parts += " range entry \(entry)" }
            parts += ", "
        }
        return parts + field.rawValue
    }

    /// Where range-section problems are: "VendorConsents" or "PubRestrictions entry 2".
    var sectionName: String {
        restriction > 0 ? section.name + " entry \(restriction)" : section.name
    }

    func truncated(_ field: TCFField, needs: Int) -> TCStringError {
        TCStringError(.truncated(segment: segment, endBit: end, field: place(field), missingBits: needs))
    }

    /// Two letters of 6 bits each, A = 0.
    mutating func letters(_ field: TCFField) throws(TCStringError) -> String {
        let a = try read(6, field)
        let b = try read(6, field)
        guard a < 26 else { throw TCStringError(.badLetter(field: field.rawValue, value: Int(a))) }
        guard b < 26 else { throw TCStringError(.badLetter(field: field.rawValue, value: Int(b))) }
        return String(unsafeUninitializedCapacity: 2) { buffer in
            buffer[0] = UInt8(ascii: "A") + UInt8(a)
            buffer[1] = UInt8(ascii: "A") + UInt8(b)
            return 2
        }
    }

    /// MaxVendorId, IsRangeEncoding, then a bit field or a range section.
    mutating func vendorSection() throws(TCStringError) -> TCFVendorSet {
        let maxId = Int(try read(16, .maxVendorId))
        let isRange = try read(1, .isRangeEncoding) == 1
        return isRange ? try rangeSection(maxVendorId: maxId) : try bitField(maxId)
    }

    /// `count` bits, bit k (from 0) meaning vendor k + 1; read 64 at a time, runs found with bit counts.
    mutating func bitField(_ count: Int) throws(TCStringError) -> TCFVendorSet {
        guard count <= end - pos else { throw truncated(.bitField, needs: count - (end - pos)) }
        var builder = TCFVendorSet.Builder()
        var base = 0
        while base < count {
            let n = Swift.min(64, count - base)
            var chunk = try read(n, .bitField) << UInt64(64 - n)  // left-aligned: bit 63 is vendor base + 1
            while chunk != 0 {
                let skip = chunk.leadingZeroBitCount
                let run = (~(chunk << UInt64(skip))).leadingZeroBitCount
                builder.add(UInt32(base + skip + 1), UInt32(base + skip + run))
                let cleared = skip + run
                chunk = cleared >= 64 ? 0 : chunk & (UInt64.max >> UInt64(cleared))
            }
            base += n
        }
        return TCFVendorSet(packed: builder.finish(), maxVendorId: count)
    }

    /// NumEntries, then entries of IsARange, StartOrOnlyVendorId and (for a range) EndVendorId.
    /// Ids are checked against `maxVendorId` when there is one; without one (publisher
    /// restrictions) the set's maxVendorId is its highest id.
    mutating func rangeSection(maxVendorId: Int?) throws(TCStringError) -> TCFVendorSet {
        entry = 0
        let count = Int(try read(12, .numEntries))
        var builder = TCFVendorSet.Builder()
        if count > 0 {
            for k in 1...count {
                entry = k
                let isRange = try read(1, .isARange) == 1
                let start = Int(try read(16, .startVendorId))
                let stop = isRange ? Int(try read(16, .endVendorId)) : start
                guard start != 0 else { throw TCStringError(.vendorIdZero(section: sectionName)) }
                guard stop >= start else { throw TCStringError(.backwardsRange(start: start, end: stop, section: sectionName)) }
                if let maxVendorId, stop > maxVendorId {
                    throw TCStringError(.vendorBeyondMax(id: stop, maxVendorId: maxVendorId, section: sectionName))
                }
                builder.add(UInt32(start), UInt32(stop))
            }
        }
        entry = 0
        let packed = builder.finish()
        return TCFVendorSet(packed: packed, maxVendorId: maxVendorId ?? packed.last.map { Int($0 & 0xFFFF) } ?? 0)
    }
}
