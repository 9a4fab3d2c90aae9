// An IAB TCF v2.2 TC string, decoded (decision 0014). The format is IAB Tech Lab's "Transparency
// and Consent String with Global Vendor & CMP List Formats" v2.2 (GDPR-Transparency-and-Consent-
// Framework, TCFv2/): segments separated by '.', each base64url without padding, read MSB first.

/// A decoded TC string: the core segment and the optional disclosed vendors, allowed vendors and
/// publisher TC segments. Field names follow the IAB specification.
public struct TCString: Sendable, Equatable, Hashable {
    /// Version (6 bits); always 2 for a string this type decodes.
    public var version: Int
    /// Created (36 bits): deciseconds since 1970-01-01T00:00Z.
    public var created: Int64
    /// LastUpdated (36 bits): deciseconds since 1970-01-01T00:00Z.
    public var lastUpdated: Int64
    public var cmpId: Int
    public var cmpVersion: Int
    public var consentScreen: Int
    /// ConsentLanguage: two letters A–Z ("EN").
    public var consentLanguage: String
    public var vendorListVersion: Int
    /// TcfPolicyVersion; TCF v2.2 strings need 4 or later.
    public var policyVersion: Int
    public var isServiceSpecific: Bool
    public var useNonStandardTexts: Bool
    public var specialFeatureOptIns: TCFBits
    public var purposesConsent: TCFBits
    public var purposesLITransparency: TCFBits
    public var purposeOneTreatment: Bool
    /// PublisherCC: two letters A–Z ("AA" in the vectors).
    public var publisherCC: String
    public var vendorConsents: TCFVendorSet
    public var vendorLegitimateInterests: TCFVendorSet
    public var publisherRestrictions: [TCFPublisherRestriction]
    /// The disclosed vendors segment (type 1), when present.
    public var disclosedVendors: TCFVendorSet?
    /// The allowed vendors segment (type 2, deprecated in v2.2), when present.
    public var allowedVendors: TCFVendorSet?
    /// The publisher TC segment (type 3), when present.
    public var publisherTC: TCFPublisherTC?

    /// An empty version-2 string: every number 0, every set empty, languages "AA", no optional segments.
    public init() {
        version = 2
        created = 0
        lastUpdated = 0
        cmpId = 0
        cmpVersion = 0
        consentScreen = 0
        consentLanguage = "AA"
        vendorListVersion = 0
        policyVersion = 0
        isServiceSpecific = false
        useNonStandardTexts = false
        specialFeatureOptIns = TCFBits(rawValue: 0)
        purposesConsent = TCFBits(rawValue: 0)
        purposesLITransparency = TCFBits(rawValue: 0)
        purposeOneTreatment = false
        publisherCC = "AA"
        vendorConsents = TCFVendorSet()
        vendorLegitimateInterests = TCFVendorSet()
        publisherRestrictions = []
        disclosedVendors = nil
        allowedVendors = nil
        publisherTC = nil
    }

    /// The lowest TcfPolicyVersion valid under TCF v2.2.
    public static let minimumPolicyVersion = 4

    /// Decodes `text`. Never traps on malformed input: every problem is a `TCStringError` with
    /// one English sentence saying what and where.
    public static func decode<S: StringProtocol>(_ text: S) throws(TCStringError) -> TCString {
        let result = text.utf8.withContiguousStorageIfAvailable { TCStringDecoder.decode($0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { TCStringDecoder.decode($0) }
        return try result.get()
    }

    /// Decodes a TC string given as UTF-8 bytes (for importers that read files as bytes).
    public static func decode(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(TCStringError) -> TCString {
        try TCStringDecoder.decode(bytes).get()
    }
}

/// Why a TC string could not be decoded. `description` is one English sentence, e.g.
/// "character 17 ('!') is not base64url"; it never contains control characters.
public struct TCStringError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, Hashable {
        /// The string is empty.
        case empty
        /// Segment `segment` (1-based) has no characters ("..", or a '.' at either end).
        case emptySegment(segment: Int)
        /// The character at `position` (1-based, in characters) is not base64url; `character` is its
        /// Unicode scalar value.
        case badCharacter(position: Int, character: UInt32)
        /// A '=' that is not part of the padding at the end of a segment.
        case misplacedPadding(position: Int)
        case tooMuchPadding(position: Int)
        /// A field runs past the end of its segment.
        case truncated(segment: Int, endBit: Int, field: String, missingBits: Int)
        /// The core segment's Version is not 2.
        case unsupportedVersion(Int)
        /// A range entry whose end is below its start.
        case backwardsRange(start: Int, end: Int, section: String)
        /// A vendor id of 0 (ids start at 1).
        case vendorIdZero(section: String)
        /// A vendor id above the section's MaxVendorId.
        case vendorBeyondMax(id: Int, maxVendorId: Int, section: String)
        /// A ConsentLanguage or PublisherCC letter outside A–Z (its 6-bit value).
        case badLetter(field: String, value: Int)
        /// A segment type other than 1, 2 or 3 after the core segment.
        case unknownSegmentType(type: Int, segment: Int)
        /// A segment of type 0 (core) after the first segment.
        case repeatedCore(segment: Int)
        /// A segment type that already appeared.
        case duplicateSegmentType(type: Int, segment: Int)
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .empty:
            return "empty string"
        case .emptySegment(let segment):
            return "segment \(segment) is empty"
        case .badCharacter(let position, let character):
            return "character \(position) (\(Self.show(character))) is not base64url"
        case .misplacedPadding(let position):
            return "character \(position) ('=') is padding in the middle of a segment"
        case .tooMuchPadding(let position):
            return "character \(position) ('='): more than two '=' of padding"
        case .truncated(let segment, let endBit, let field, let missing):
            return "truncated: segment \(segment) ends at bit \(endBit) inside \(field) (needs \(missing) more bit\(missing == 1 ? "" : "s"))"
        case .unsupportedVersion(let v):
            return "unsupported version \(v) (this reads TCF v2)"
        case .backwardsRange(let start, let end, let section):
            return "range \(start)-\(end) runs backwards in \(section)"
        case .vendorIdZero(let section):
            return "vendor id 0 in \(section) (vendor ids start at 1)"
        case .vendorBeyondMax(let id, let max, let section):
            return "vendor id \(id) beyond MaxVendorId \(max) in \(section)"
        case .badLetter(let field, let value):
            return "\(field) has letter value \(value), not A-Z (0-25)"
        case .unknownSegmentType(let type, let segment):
            return "unknown segment type \(type) (segment \(segment))"
        case .repeatedCore(let segment):
            return "segment \(segment) has type 0 (core), but only the first segment may be the core"
        case .duplicateSegmentType(let type, let segment):
            return "segment type \(type) appears twice (again in segment \(segment))"
        }
    }

    /// A character for a message: quoted when printable ASCII, else U+XXXX.
    static func show(_ scalar: UInt32) -> String {
        if scalar >= 0x21 && scalar < 0x7F, let s = Unicode.Scalar(scalar) {
            return "'" + String(Character(s)) + "'"
        }
        let hex = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
    }
}
