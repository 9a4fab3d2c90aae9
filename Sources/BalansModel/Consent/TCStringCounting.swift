// What counting consent needs from a TC string, read without building a `TCString` (decision 0027).
// `balans consent tcf` asks each string for its policy version, purposes and special features; the
// vendor sections must still be valid, but only as bits to skip (a bit field) or ids to range-check
// (a range section). The full decoder (`TCStringDecoder`, decision 0014) stays the authority: any
// string this path does not accept outright — a bad character, padding, a field that does not fit,
// anything it refuses or does not expect — is decoded again by the full decoder, which then gives
// the error (or, for a string that is unusual but valid, the fields). So every refusal is the full
// decoder's refusal, word for word.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The fields of a TC string that consent counting uses.
public struct TCStringCounts: Sendable, Equatable, Hashable {
    /// TcfPolicyVersion; below `TCString.minimumPolicyVersion` the string is outdated.
    public var policyVersion: Int
    public var specialFeatureOptIns: TCFBits
    public var purposesConsent: TCFBits
    public var purposesLITransparency: TCFBits

    public init(policyVersion: Int, specialFeatureOptIns: TCFBits, purposesConsent: TCFBits, purposesLITransparency: TCFBits) {
        self.policyVersion = policyVersion
        self.specialFeatureOptIns = specialFeatureOptIns
        self.purposesConsent = purposesConsent
        self.purposesLITransparency = purposesLITransparency
    }

    /// The counted fields of a fully decoded string.
    public init(_ tc: TCString) {
        self.init(policyVersion: tc.policyVersion, specialFeatureOptIns: tc.specialFeatureOptIns,
                  purposesConsent: tc.purposesConsent, purposesLITransparency: tc.purposesLITransparency)
    }
}

extension TCString {
    /// Decodes what consent counting needs from a TC string given as UTF-8 bytes. Accepts and
    /// refuses exactly the strings `decode(utf8:)` does, with the same error; the vendor sections
    /// are checked but not kept.
    public static func decodeCounted(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(TCStringError) -> TCStringCounts {
        if let counts = TCStringCounter.counts(bytes) { return counts }
        return TCStringCounts(try TCStringDecoder.decode(bytes).get())
    }

    /// `decodeCounted(utf8:)` of a string.
    public static func decodeCounted<S: StringProtocol>(_ text: S) throws(TCStringError) -> TCStringCounts {
        let fast = text.utf8.withContiguousStorageIfAvailable { TCStringCounter.counts($0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { TCStringCounter.counts($0) }
        if let fast { return fast }
        return TCStringCounts(try decode(text))
    }
}

/// The counting path: base64url decoded four characters at a time into big-endian bytes on the
/// stack, fields read at their fixed offsets, vendor sections skipped or range-checked. Returns nil
/// for anything it does not accept; the caller then asks the full decoder.
enum TCStringCounter {
    /// The longest segment read here, in characters: its 1 002 bytes of bits and 16 more stay within
    /// the 1 KiB that `withUnsafeTemporaryAllocation` takes from the stack (above that it calls
    /// malloc). A core segment with two bit fields over 3 800 vendors fits; a longer segment goes
    /// to the full decoder.
    static let maxSegmentCharacters = 1_336

    /// The bits of the core segment up to and including PublisherCC.
    static let coreHeaderBits = 213

    static func counts(_ bytes: UnsafeBufferPointer<UInt8>) -> TCStringCounts? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxSegmentCharacters * 6 / 8 + 16) { buffer in
            guard let out = buffer.baseAddress else { return nil }
            return TCStringDecoder.table.withUnsafeBufferPointer { table in
                counts(base, bytes.count, table: table, into: out)
            }
        }
    }

    private static func counts(_ text: UnsafePointer<UInt8>, _ count: Int, table: UnsafeBufferPointer<UInt8>,
                               into buffer: UnsafeMutablePointer<UInt8>) -> TCStringCounts? {
        var result: TCStringCounts? = nil
        var seen: UInt8 = 0  // bit t set when segment type t was read
        var start = 0
        while true {
            let stop = findDot(text, from: start, to: count)
            guard let bits = fill(buffer, text + start, stop - start, table: table) else { return nil }
            var r = CountingReader(bytes: UnsafePointer(buffer), end: bits)
            if start == 0 {
                guard let counts = r.core() else { return nil }
                result = counts
                seen = 1
            } else {
                guard let type = r.read(3) else { return nil }
                guard type >= 1 && type <= 3 && seen & (1 << UInt8(type)) == 0 else { return nil }
                seen |= 1 << UInt8(type)
                if type == 3 {
                    guard r.publisherTC() else { return nil }
                } else {
                    guard r.vendorSection() else { return nil }
                }
            }
            if stop == count { return result }
            start = stop + 1
        }
    }

    /// The index of the first '.' in `text[from..<to]`, or `to`.
    @inline(__always)
    static func findDot(_ text: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let hit = memchr(text + from, Int32(UInt8(ascii: ".")), to - from) else { return to }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(text)
    }

    /// Decodes `n` base64url characters into `out` (room for `maxSegmentCharacters` characters and
    /// 16 bytes) as big-endian bits, zero-filled for 8 bytes after the last; returns the number of
    /// bits, or nil for an empty or too long segment or any character that is not base64url
    /// (padding included).
    @inline(__always)
    static func fill(_ out: UnsafeMutablePointer<UInt8>, _ chars: UnsafePointer<UInt8>, _ n: Int,
                     table: UnsafeBufferPointer<UInt8>) -> Int? {
        guard n > 0 && n <= maxSegmentCharacters else { return nil }
        let raw = UnsafeMutableRawPointer(out)
        var i = 0
        var o = 0
        var bad: UInt8 = 0  // table values of 64 and above (0xFD…0xFF) have bit 7 set
        // Four characters are 24 bits: one 4-byte big-endian store, of which 3 bytes are kept (four,
        // not eight, at a time: eight values at once no longer fit in registers).
        // (Wrapping arithmetic: n is at most `maxSegmentCharacters`, so nothing can overflow, and the
        // loop is then free of overflow checks.)
        while i &+ 4 <= n {
            let a = table[Int(chars[i])], b = table[Int(chars[i &+ 1])]
            let c = table[Int(chars[i &+ 2])], d = table[Int(chars[i &+ 3])]
            bad |= a | b | c | d
            let v = UInt32(a) << 26 | UInt32(b) << 20 | UInt32(c) << 14 | UInt32(d) << 8
            raw.storeBytes(of: v.bigEndian, toByteOffset: o, as: UInt32.self)
            i &+= 4
            o &+= 3
        }
        var v: UInt64 = 0
        var shift: UInt64 = 58
        while i < n {
            let x = table[Int(chars[i])]
            bad |= x
            v |= UInt64(x) << shift
            shift &-= 6
            i &+= 1
        }
        guard bad & 0x80 == 0 else { return nil }
        raw.storeBytes(of: v.bigEndian, toByteOffset: o, as: UInt64.self)
        raw.storeBytes(of: UInt64(0), toByteOffset: o + 8, as: UInt64.self)
        return n * 6
    }
}

/// Reads big-endian bit fields from the bytes `fill` wrote, never past `end`; nil where the full
/// reader would throw.
struct CountingReader {
    let bytes: UnsafePointer<UInt8>
    var pos = 0
    let end: Int

    init(bytes: UnsafePointer<UInt8>, end: Int) {
        self.bytes = bytes
        self.end = end
    }

    /// The `n` (1…57) bits at `at`, without a bounds check (the caller made it).
    @inline(__always)
    func peek(_ at: Int, _ n: Int) -> UInt64 {
        let w = UInt64(bigEndian: UnsafeRawPointer(bytes).loadUnaligned(fromByteOffset: at >> 3, as: UInt64.self))
        return (w << UInt64(at & 7)) >> UInt64(64 - n)
    }

    @inline(__always)
    mutating func read(_ n: Int) -> Int? {
        guard n <= end - pos else { return nil }
        let v = peek(pos, n)
        pos += n
        return Int(v)
    }

    /// The core segment: the counted fields, with the vendor sections and publisher restrictions
    /// checked as the full decoder checks them.
    mutating func core() -> TCStringCounts? {
        guard end >= TCStringCounter.coreHeaderBits else { return nil }
        // Offsets (IAB v2.2): Version 0, Created 6, LastUpdated 42, CmpId 78, CmpVersion 90,
        // ConsentScreen 102, ConsentLanguage 108, VendorListVersion 120, TcfPolicyVersion 132,
        // IsServiceSpecific 138, UseNonStandardTexts 139, SpecialFeatureOptIns 140,
        // PurposesConsent 152, PurposesLITransparency 176, PurposeOneTreatment 200, PublisherCC 201.
        guard peek(0, 6) == 2 else { return nil }
        guard peek(108, 6) < 26, peek(114, 6) < 26, peek(201, 6) < 26, peek(207, 6) < 26 else { return nil }
        let counts = TCStringCounts(
            policyVersion: Int(peek(132, 6)),
            specialFeatureOptIns: TCFBits(rawValue: UInt32(TCStringDecoder.reversed(peek(140, 12), 12))),
            purposesConsent: TCFBits(rawValue: UInt32(TCStringDecoder.reversed(peek(152, 24), 24))),
            purposesLITransparency: TCFBits(rawValue: UInt32(TCStringDecoder.reversed(peek(176, 24), 24))))
        pos = TCStringCounter.coreHeaderBits
        guard vendorSection(), vendorSection() else { return nil }
        guard let restrictions = read(12) else { return nil }
        for _ in 0..<restrictions {
            // PurposeId (6) and RestrictionType (2): any value reads.
            guard 8 <= end - pos else { return nil }
            pos += 8
            guard rangeSection(maxVendorId: 65535) else { return nil }
        }
        return counts
    }

    /// MaxVendorId, IsRangeEncoding, then a bit field (skipped) or a range section (checked).
    @inline(__always)
    mutating func vendorSection() -> Bool {
        guard let header = read(17) else { return false }
        let maxId = header >> 1
        if header & 1 == 1 { return rangeSection(maxVendorId: maxId) }
        guard maxId <= end - pos else { return false }
        pos += maxId
        return true
    }

    /// NumEntries, then entries whose ids must be 1…`maxVendorId`, each range ascending.
    mutating func rangeSection(maxVendorId: Int) -> Bool {
        guard let count = read(12) else { return false }
        for _ in 0..<count {
            guard 17 <= end - pos else { return false }
            let entry = peek(pos, 17)
            let start = Int(entry & 0xFFFF)
            var stop = start
            if entry >> 16 == 1 {
                guard 33 <= end - pos else { return false }
                stop = Int(peek(pos + 17, 16))
                pos += 33
            } else {
                pos += 17
            }
            guard start != 0 && stop >= start && stop <= maxVendorId else { return false }
        }
        return true
    }

    /// The publisher TC segment after its type: two 24-bit purpose fields, NumCustomPurposes and two
    /// bit fields of that many bits.
    mutating func publisherTC() -> Bool {
        guard 54 <= end - pos else { return false }
        let custom = Int(peek(pos + 48, 6))
        pos += 54
        guard 2 * custom <= end - pos else { return false }
        pos += 2 * custom
        return true
    }
}
