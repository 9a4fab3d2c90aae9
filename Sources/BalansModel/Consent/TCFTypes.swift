// The small value types a decoded IAB TCF v2.2 TC string is made of (decision 0014).

/// A small set of numbers 1…`Word.bitWidth`, one bit each: purposes (1…24 in a TC string) and
/// special features (1…12) in 32 bits, the publisher's custom purposes (up to 63) in 64.
public struct TCFBitSet<Word: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable, Equatable, Hashable {
    /// Bit `n - 1` is set when `n` is in the set.
    public var rawValue: Word

    public init(rawValue: Word) { self.rawValue = rawValue }

    /// The set of `numbers`; numbers outside 1…`Word.bitWidth` are left out.
    public init<S: Sequence<Int>>(_ numbers: S) {
        var raw: Word = 0
        for n in numbers where (1...Word.bitWidth).contains(n) { raw |= 1 << (n - 1) }
        rawValue = raw
    }

    public func contains(_ n: Int) -> Bool {
        guard (1...Word.bitWidth).contains(n) else { return false }
        return rawValue & (1 << (n - 1)) != 0
    }

    /// The members, ascending.
    public var members: [Int] {
        var out: [Int] = []
        var v = rawValue
        while v != 0 {
            out.append(v.trailingZeroBitCount + 1)
            v &= v &- 1
        }
        return out
    }

    public var isEmpty: Bool { rawValue == 0 }
}

/// Purposes and special features.
public typealias TCFBits = TCFBitSet<UInt32>
/// The publisher's custom purposes.
public typealias TCFBits64 = TCFBitSet<UInt64>

/// A set of vendor ids (1…65535), stored as sorted, disjoint, non-adjacent ranges: a range entry
/// 1-65535 costs one element, not 65535, and equal sets have equal storage whichever way they
/// were encoded (bit field or ranges).
public struct TCFVendorSet: Sendable, Equatable, Hashable {
    /// Each range as `lower << 16 | upper`, ascending; ranges neither overlap nor touch.
    private(set) var packed: [UInt32]
    /// The section's MaxVendorId (for publisher restrictions, which have none: the highest id).
    public var maxVendorId: Int

    /// The empty set.
    public init() {
        packed = []
        maxVendorId = 0
    }

    /// The set of `ids` with `maxVendorId` (default: the highest id). Ids outside
    /// 1…min(maxVendorId, 65535) are left out.
    public init<S: Sequence<Int>>(_ ids: S, maxVendorId: Int? = nil) {
        let sorted = ids.sorted()
        let top = Swift.min(maxVendorId ?? (sorted.last ?? 0), 65535)
        var builder = Builder()
        for id in sorted where id >= 1 && id <= top { builder.add(UInt32(id), UInt32(id)) }
        packed = builder.finish()
        self.maxVendorId = Swift.max(0, Swift.min(maxVendorId ?? (sorted.last ?? 0), 65535))
    }

    init(packed: [UInt32], maxVendorId: Int) {
        self.packed = packed
        self.maxVendorId = maxVendorId
    }

    public func contains(_ id: Int) -> Bool {
        guard id >= 1 && id <= 65535 else { return false }
        let key = UInt32(id)
        // The last range whose lower bound is <= id.
        var lo = 0
        var hi = packed.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if packed[mid] >> 16 <= key { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && packed[lo - 1] & 0xFFFF >= key
    }

    /// How many ids the set holds.
    public var count: Int {
        var n = 0
        for r in packed { n += Int(r & 0xFFFF) - Int(r >> 16) + 1 }
        return n
    }

    public var isEmpty: Bool { packed.isEmpty }

    /// The ids, ascending.
    public var members: [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        for r in packed { out.append(contentsOf: Int(r >> 16)...Int(r & 0xFFFF)) }
        return out
    }

    /// The ids as maximal runs, ascending (what a range section encodes).
    public var ranges: [ClosedRange<Int>] {
        packed.map { Int($0 >> 16)...Int($0 & 0xFFFF) }
    }

    /// Collects ranges, merging touching ones; sorts only when they came out of order.
    struct Builder {
        var packed: [UInt32] = []
        var sorted = true

        mutating func add(_ lower: UInt32, _ upper: UInt32) {
            if let last = packed.last {
                let lastLower = last >> 16
                let lastUpper = last & 0xFFFF
                if lower >= lastLower && lower <= lastUpper + 1 {
                    if upper > lastUpper { packed[packed.count - 1] = lastLower << 16 | upper }
                    return
                }
                if lower < lastLower { sorted = false }
            }
            packed.append(lower << 16 | upper)
        }

        /// The canonical ranges.
        mutating func finish() -> [UInt32] {
            if sorted { return packed }
            packed.sort()
            var out: [UInt32] = []
            out.reserveCapacity(packed.count)
            for r in packed {
                let lower = r >> 16
                let upper = r & 0xFFFF
                if let last = out.last, lower <= (last & 0xFFFF) + 1 {
                    if upper > last & 0xFFFF { out[out.count - 1] = (last & 0xFFFF_0000) | upper }
                } else {
                    out.append(r)
                }
            }
            return out
        }
    }
}

/// What a publisher restriction demands of the vendors it lists.
public enum TCFRestrictionType: Int, Sendable, Equatable, Hashable, CaseIterable {
    /// 0: the purpose is not allowed for these vendors.
    case notAllowed = 0
    /// 1: these vendors need consent for the purpose.
    case requireConsent = 1
    /// 2: these vendors need legitimate interest for the purpose.
    case requireLegitimateInterest = 2
    /// 3: reserved by the specification; decoded so that a string using it still reads.
    case undefined = 3
}

/// One entry of the core segment's publisher restrictions.
public struct TCFPublisherRestriction: Sendable, Equatable, Hashable {
    public var purpose: Int
    public var type: TCFRestrictionType
    public var vendors: TCFVendorSet

    public init(purpose: Int, type: TCFRestrictionType, vendors: TCFVendorSet) {
        self.purpose = purpose
        self.type = type
        self.vendors = vendors
    }
}

/// The publisher purposes transparency and consent segment (segment type 3).
public struct TCFPublisherTC: Sendable, Equatable, Hashable {
    public var purposesConsent: TCFBits
    public var purposesLITransparency: TCFBits
    /// 0…63: how many custom purposes the two custom bit fields cover.
    public var numCustomPurposes: Int
    public var customPurposesConsent: TCFBits64
    public var customPurposesLITransparency: TCFBits64

    public init(purposesConsent: TCFBits = TCFBits(rawValue: 0), purposesLITransparency: TCFBits = TCFBits(rawValue: 0),
                numCustomPurposes: Int = 0, customPurposesConsent: TCFBits64 = TCFBits64(rawValue: 0),
                customPurposesLITransparency: TCFBits64 = TCFBits64(rawValue: 0)) {
        self.purposesConsent = purposesConsent
        self.purposesLITransparency = purposesLITransparency
        self.numCustomPurposes = numCustomPurposes
        self.customPurposesConsent = customPurposesConsent
        self.customPurposesLITransparency = customPurposesLITransparency
    }
}
