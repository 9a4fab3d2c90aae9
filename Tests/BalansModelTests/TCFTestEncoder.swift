@testable import BalansModel

/// Writes bits MSB first and turns them into base64url without padding (for tests only).
struct TCFBitWriter {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    /// Writes the `n` low bits of `value`, most significant first.
    mutating func write(_ value: Int, _ n: Int) {
        precondition(n >= 0 && n <= 63 && value >= 0 && (n == 63 || value < 1 << n), "\(value) does not fit in \(n) bits")
        for k in stride(from: n - 1, through: 0, by: -1) { bits.append(value >> k & 1 == 1) }
    }

    mutating func write(_ flag: Bool) { bits.append(flag) }

    /// Writes a set as a bit field of `n` bits, member 1 first.
    mutating func write(set members: [Int], _ n: Int) {
        guard n > 0 else { return }
        for k in 1...n { bits.append(members.contains(k)) }
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// base64url of the bits, zero-filled to a whole character.
    var base64url: String {
        var out = ""
        var i = 0
        while i < bits.count {
            var v = 0
            for k in 0..<6 { v = v << 1 | (i + k < bits.count && bits[i + k] ? 1 : 0) }
            out.append(Self.alphabet[v])
            i += 6
        }
        return out
    }
}

/// Encodes a `TCString` back into a TC string, choosing bit field or range encoding (tests only).
enum TCFTestEncoder {
    enum VendorEncoding: CaseIterable, Sendable { case bitField, range }

    /// The whole string: core, then the disclosed vendors, allowed vendors and publisher TC segments
    /// that are present. `singlesAsRanges` writes single ids as ranges n-n (legal, just longer).
    static func encode(_ tc: TCString, vendors: VendorEncoding = .bitField, singlesAsRanges: Bool = false) -> String {
        var segments = [core(tc, vendors: vendors, singlesAsRanges: singlesAsRanges).base64url]
        if let d = tc.disclosedVendors { segments.append(vendorSegment(type: 1, d, vendors: vendors).base64url) }
        if let a = tc.allowedVendors { segments.append(vendorSegment(type: 2, a, vendors: vendors).base64url) }
        if let p = tc.publisherTC { segments.append(publisherTC(p).base64url) }
        return segments.joined(separator: ".")
    }

    /// The core segment's fields up to and including PublisherCC.
    static func coreHeader(_ tc: TCString, into w: inout TCFBitWriter) {
        w.write(tc.version, 6)
        w.write(Int(tc.created), 36)
        w.write(Int(tc.lastUpdated), 36)
        w.write(tc.cmpId, 12)
        w.write(tc.cmpVersion, 12)
        w.write(tc.consentScreen, 6)
        writeLetters(tc.consentLanguage, into: &w)
        w.write(tc.vendorListVersion, 12)
        w.write(tc.policyVersion, 6)
        w.write(tc.isServiceSpecific)
        w.write(tc.useNonStandardTexts)
        w.write(set: tc.specialFeatureOptIns.members, 12)
        w.write(set: tc.purposesConsent.members, 24)
        w.write(set: tc.purposesLITransparency.members, 24)
        w.write(tc.purposeOneTreatment)
        writeLetters(tc.publisherCC, into: &w)
    }

    static func core(_ tc: TCString, vendors: VendorEncoding, singlesAsRanges: Bool = false) -> TCFBitWriter {
        var w = TCFBitWriter()
        coreHeader(tc, into: &w)
        writeVendorSection(tc.vendorConsents, vendors, singlesAsRanges: singlesAsRanges, into: &w)
        writeVendorSection(tc.vendorLegitimateInterests, vendors, singlesAsRanges: singlesAsRanges, into: &w)
        w.write(tc.publisherRestrictions.count, 12)
        for r in tc.publisherRestrictions {
            w.write(r.purpose, 6)
            w.write(r.type.rawValue, 2)
            writeRangeSection(r.vendors.ranges.map { ($0.lowerBound, $0.upperBound) }, singlesAsRanges: singlesAsRanges, into: &w)
        }
        return w
    }

    static func vendorSegment(type: Int, _ set: TCFVendorSet, vendors: VendorEncoding) -> TCFBitWriter {
        var w = TCFBitWriter()
        w.write(type, 3)
        writeVendorSection(set, vendors, into: &w)
        return w
    }

    static func publisherTC(_ p: TCFPublisherTC) -> TCFBitWriter {
        var w = TCFBitWriter()
        w.write(3, 3)
        w.write(set: p.purposesConsent.members, 24)
        w.write(set: p.purposesLITransparency.members, 24)
        w.write(p.numCustomPurposes, 6)
        w.write(set: p.customPurposesConsent.members, p.numCustomPurposes)
        w.write(set: p.customPurposesLITransparency.members, p.numCustomPurposes)
        return w
    }

    static func writeLetters(_ s: String, into w: inout TCFBitWriter) {
        let letters = Array(s.utf8)
        precondition(letters.count == 2)
        for l in letters { w.write(Int(l) - Int(UInt8(ascii: "A")), 6) }
    }

    /// MaxVendorId, IsRangeEncoding and the vendors.
    static func writeVendorSection(_ set: TCFVendorSet, _ encoding: VendorEncoding, singlesAsRanges: Bool = false,
                                   into w: inout TCFBitWriter) {
        w.write(set.maxVendorId, 16)
        switch encoding {
        case .bitField:
            w.write(false)
            let members = Set(set.members)
            for id in stride(from: 1, through: set.maxVendorId, by: 1) { w.write(members.contains(id)) }
        case .range:
            w.write(true)
            writeRangeSection(set.ranges.map { ($0.lowerBound, $0.upperBound) }, singlesAsRanges: singlesAsRanges, into: &w)
        }
    }

    /// NumEntries and the entries, as given (so tests can write backwards or oversize ranges).
    static func writeRangeSection(_ ranges: [(Int, Int)], singlesAsRanges: Bool = false, into w: inout TCFBitWriter) {
        w.write(ranges.count, 12)
        for (start, end) in ranges {
            let isRange = start != end || singlesAsRanges
            w.write(isRange)
            w.write(start, 16)
            if isRange { w.write(end, 16) }
        }
    }
}
