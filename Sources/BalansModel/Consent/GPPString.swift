// An IAB Global Privacy Platform (GPP) string, decoded (decision 0030). The format is IAB Tech
// Lab's "Global Privacy Platform String" v1 (Global-Privacy-Platform, Core/Consent String
// Specification.md): a header section, then the discrete sections it lists, joined by '~'. The
// header and the US National section are base64url without padding, read MSB first; the EU TCF v2
// section is a TC string and goes to the TC decoder (decision 0014). iabgpp-es and iabgpp-java were
// read for behaviour only; the code is ours.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A decoded GPP string: the header's version and section ids, and each section in string order.
public struct GPPString: Sendable, Equatable {
    /// The header's Version (6 bits); always 1 for a string this type decodes.
    public var version: Int
    /// The header's section ids, in string order (strictly ascending: the Fibonacci range cannot
    /// encode anything else).
    public var sectionIds: [Int]
    public var sections: [GPPSection]

    /// The id of the EU TCF v2 section.
    public static let tcfEUv2 = 2
    /// The id of the MSPA US National section.
    public static let usNational = 7

    /// The EU TCF v2 section's TC string, when the string has one.
    public var tcfEU: TCString? {
        for s in sections { if case .tcfEU(let tc) = s.content { return tc } }
        return nil
    }

    /// The US National section, when the string has one.
    public var usNat: GPPUSNational? {
        for s in sections { if case .usNational(let n) = s.content { return n } }
        return nil
    }

    /// Whether `bytes` are to be read as a GPP string rather than a TC string: they hold a '~' or
    /// begin with 'D' (a header's Type 3 in its first six bits; a TC string begins with 'C').
    public static func isGPP(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, let first = bytes.first else { return false }
        // memchr: every TC record of `consent tcf` is asked this, so it must cost next to nothing.
        return first == UInt8(ascii: "D") || memchr(base, Int32(UInt8(ascii: "~")), bytes.count) != nil
    }

    /// `isGPP(utf8:)` of a string.
    public static func isGPP<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.first == UInt8(ascii: "D") || text.utf8.contains(UInt8(ascii: "~"))
    }

    /// Decodes `text`. Never traps on malformed input: every problem is a `GPPStringError` with one
    /// English sentence saying what and where.
    public static func decode<S: StringProtocol>(_ text: S) throws(GPPStringError) -> GPPString {
        let result = text.utf8.withContiguousStorageIfAvailable { GPPDecoder.decode($0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { GPPDecoder.decode($0) }
        return try result.get()
    }

    /// Decodes a GPP string given as UTF-8 bytes.
    public static func decode(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(GPPStringError) -> GPPString {
        try GPPDecoder.decode(bytes).get()
    }

    /// What consent counting needs: the EU section's counted fields (through the TC counting path,
    /// decision 0027) and the section ids. Accepts and refuses exactly the strings `decode(utf8:)`
    /// does, with the same error.
    public static func decodeCounted(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(GPPStringError) -> GPPCounts {
        let parsed = try GPPDecoder.parse(bytes) { (tc) throws(TCStringError) in try TCString.decodeCounted(utf8: tc) }
        var counts = GPPCounts(tcf: nil, sectionIds: parsed.ids)
        for s in parsed.sections { if case .tcfEU(let tc) = s.content { counts.tcf = tc } }
        return counts
    }

    /// `decodeCounted(utf8:)` of a string.
    public static func decodeCounted<S: StringProtocol>(_ text: S) throws(GPPStringError) -> GPPCounts {
        let result = text.utf8.withContiguousStorageIfAvailable { b in Result { () throws(GPPStringError) in try decodeCounted(utf8: b) } }
            ?? Array(text.utf8).withUnsafeBufferPointer { b in Result { () throws(GPPStringError) in try decodeCounted(utf8: b) } }
        return try result.get()
    }

    /// The client-side API prefix and the description of each section id in IAB's section list
    /// (Sections/Section Information.md); ids it does not list are "unknown".
    public static func sectionName(_ id: Int) -> (prefix: String, description: String) {
        guard id >= 1 && id <= sectionTable.count else { return ("unknown", "not in IAB's GPP section list") }
        return sectionTable[id - 1]
    }

    static let sectionTable: [(prefix: String, description: String)] = [
        ("tcfeuv1", "EU TCF v1 (deprecated)"),
        ("tcfeuv2", "EU TCF v2"),
        ("header", "GPP header"),
        ("signalintegrity", "GPP signal integrity"),
        ("tcfcav1", "Canadian TCF"),
        ("uspv1", "US Privacy string"),
        ("usnat", "MSPA US National"),
        ("usca", "US California"),
        ("usva", "US Virginia"),
        ("usco", "US Colorado"),
        ("usut", "US Utah"),
        ("usct", "US Connecticut"),
        ("usfl", "US Florida"),
        ("usmt", "US Montana"),
        ("usor", "US Oregon"),
        ("ustx", "US Texas"),
        ("usde", "US Delaware"),
        ("usia", "US Iowa"),
        ("usne", "US Nebraska"),
        ("usnh", "US New Hampshire"),
        ("usnj", "US New Jersey"),
        ("ustn", "US Tennessee"),
        ("usmn", "US Minnesota"),
        ("usmd", "US Maryland"),
        ("usin", "US Indiana"),
        ("usky", "US Kentucky"),
        ("usri", "US Rhode Island"),
    ]
}

/// One discrete section of a GPP string.
public struct GPPSection: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// Section 2, decoded by the TC decoder.
        case tcfEU(TCString)
        /// Section 7, decoded.
        case usNational(GPPUSNational)
        /// Any other section: named, its text kept as it is, not decoded.
        case skipped(String)
    }

    public var id: Int
    /// The 1-based character position where the section's text begins in the whole string.
    public var position: Int
    public var content: Content

    public var name: String { GPPString.sectionName(id).prefix }
}

/// What consent counting reads from a GPP string.
public struct GPPCounts: Sendable, Equatable {
    /// The EU TCF v2 section's counted fields, when the string has that section.
    public var tcf: TCStringCounts?
    /// The header's section ids, in string order.
    public var sectionIds: [Int]
}

/// The MSPA US National section (id 7): its core segment and the optional GPC subsection. Field
/// names follow IAB's specification; the 2-bit fields are 0 not applicable, 1 yes / opted out /
/// no consent, 2 no / did not opt out / consent, as each field's description says (3 is undefined).
public struct GPPUSNational: Sendable, Equatable {
    /// Version (6 bits): 1 or 2.
    public var version: Int
    public var sharingNotice: Int
    public var saleOptOutNotice: Int
    public var sharingOptOutNotice: Int
    public var targetedAdvertisingOptOutNotice: Int
    public var sensitiveDataProcessingOptOutNotice: Int
    public var sensitiveDataLimitUseNotice: Int
    public var saleOptOut: Int
    public var sharingOptOut: Int
    public var targetedAdvertisingOptOut: Int
    /// SensitiveDataProcessing: 16 values in the current layout, 12 in the first one.
    public var sensitiveDataProcessing: [Int]
    /// KnownChildSensitiveDataConsents: 3 values in the current layout, 2 in the first one.
    public var knownChildSensitiveDataConsents: [Int]
    public var personalDataConsents: Int
    public var mspaCoveredTransaction: Int
    public var mspaOptOutOptionMode: Int
    public var mspaServiceProviderMode: Int
    /// The GPC subsection's Gpc flag; nil when the section has no GPC subsection.
    public var gpc: Bool?

    public init(version: Int = 2, sharingNotice: Int = 0, saleOptOutNotice: Int = 0, sharingOptOutNotice: Int = 0,
                targetedAdvertisingOptOutNotice: Int = 0, sensitiveDataProcessingOptOutNotice: Int = 0,
                sensitiveDataLimitUseNotice: Int = 0, saleOptOut: Int = 0, sharingOptOut: Int = 0, targetedAdvertisingOptOut: Int = 0,
                sensitiveDataProcessing: [Int] = Array(repeating: 0, count: 16), knownChildSensitiveDataConsents: [Int] = [0, 0, 0],
                personalDataConsents: Int = 0, mspaCoveredTransaction: Int = 0, mspaOptOutOptionMode: Int = 0,
                mspaServiceProviderMode: Int = 0, gpc: Bool? = nil) {
        self.version = version
        self.sharingNotice = sharingNotice
        self.saleOptOutNotice = saleOptOutNotice
        self.sharingOptOutNotice = sharingOptOutNotice
        self.targetedAdvertisingOptOutNotice = targetedAdvertisingOptOutNotice
        self.sensitiveDataProcessingOptOutNotice = sensitiveDataProcessingOptOutNotice
        self.sensitiveDataLimitUseNotice = sensitiveDataLimitUseNotice
        self.saleOptOut = saleOptOut
        self.sharingOptOut = sharingOptOut
        self.targetedAdvertisingOptOut = targetedAdvertisingOptOut
        self.sensitiveDataProcessing = sensitiveDataProcessing
        self.knownChildSensitiveDataConsents = knownChildSensitiveDataConsents
        self.personalDataConsents = personalDataConsents
        self.mspaCoveredTransaction = mspaCoveredTransaction
        self.mspaOptOutOptionMode = mspaOptOutOptionMode
        self.mspaServiceProviderMode = mspaServiceProviderMode
        self.gpc = gpc
    }

    /// The first layout's core (12 sensitive-data and 2 known-child values) is 60 bits; IAB's
    /// encoders write it as 10 or 11 characters (60 or 66 bits). Every other length is read with
    /// the current layout (16 and 3 values, 70 bits, 12 characters), as IAB's libraries do.
    static func isFirstLayout(bits: Int) -> Bool { bits == 60 || bits == 66 }
}

/// Why a GPP string could not be decoded. `description` is one English sentence naming the place
/// (the header or the section, and a 1-based character position in the whole string) and what is
/// wrong; it never contains control characters.
public struct GPPStringError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The string is empty.
        case empty
        /// The header has no characters (the string begins with '~').
        case emptyHeader
        /// A character that is not base64url (`character` is its Unicode scalar value).
        case badCharacter(character: UInt32)
        /// The header's Type is not 3.
        case notGPP(type: Int)
        /// The header's Version is not 1.
        case unsupportedVersion(Int)
        /// A field runs past the end of its part; `missingBits` is nil for a Fibonacci number whose
        /// closing "11" never comes.
        case truncated(part: String, endBit: Int, field: String, missingBits: Int?)
        /// A section id above 65535.
        case sectionIdTooLarge(entry: Int)
        /// The header lists `listed` sections, the string has `found`.
        case sectionCount(listed: Int, found: Int)
        /// A section with no characters.
        case emptySection
        /// The EU TCF v2 section, which begins at character `sectionStart`, is not a valid TC string
        /// (character positions in the error are in the whole GPP string).
        case tcString(TCStringError, sectionStart: Int)
        /// The US National section's Version is not 1 or 2.
        case unsupportedUSNationalVersion(Int)
        /// A US National subsection with no characters.
        case emptySubsection
        /// A US National subsection type other than 1 (GPC).
        case unknownSubsectionType(Int)
        /// A second GPC subsection.
        case repeatedSubsection
    }

    public var kind: Kind
    /// 1-based character position in the whole string.
    public var position: Int
    /// The section the problem is in (1-based, in string order); nil for the header.
    public var section: Int?
    /// That section's id, when the header names it.
    public var sectionId: Int?

    public init(_ kind: Kind, position: Int, section: Int? = nil, sectionId: Int? = nil) {
        self.kind = kind
        self.position = position
        self.section = section
        self.sectionId = sectionId
    }

    /// "header, character 3" or "section 2 (usnat, id 7), character 40".
    var place: String {
        guard let section else { return "header, character \(position)" }
        let name = sectionId.map { " (\(GPPString.sectionName($0).prefix), id \($0))" } ?? ""
        if case .tcString(_, let start) = kind { return "section \(section)\(name) from character \(start)" }
        return "section \(section)\(name), character \(position)"
    }

    public var description: String {
        switch kind {
        case .empty:
            return "empty string"
        case .emptyHeader:
            return "\(place): the header is empty"
        case .badCharacter(let c):
            return "\(place): \(TCStringError.show(c)) is not base64url"
        case .notGPP(let type):
            return "\(place): header Type is \(type), not 3 (a GPP string begins with D; a TC string begins with C)"
        case .unsupportedVersion(let v):
            return "\(place): unsupported GPP version \(v) (this reads version 1)"
        case .truncated(let part, let endBit, let field, let missing):
            let needs = missing.map { "needs \($0) more bit\($0 == 1 ? "" : "s")" } ?? "its closing 11 never comes"
            return "\(place): truncated: the \(part) ends at bit \(endBit) inside \(field) (\(needs))"
        case .sectionIdTooLarge(let entry):
            return "\(place): Sections entry \(entry) goes past section id 65535"
        case .sectionCount(let listed, let found):
            if listed > found {
                return "\(place): missing section: the header lists \(listed) section\(listed == 1 ? "" : "s"), the string has \(found)"
            }
            return "\(place): the header lists \(listed) section\(listed == 1 ? "" : "s"), the string has \(found)"
        case .emptySection:
            return "\(place): the section is empty"
        case .tcString(let e, _):
            return "\(place): TC string: \(e.description)"
        case .unsupportedUSNationalVersion(let v):
            return "\(place): unsupported US National version \(v) (this reads 1 and 2)"
        case .emptySubsection:
            return "\(place): a subsection is empty"
        case .unknownSubsectionType(let t):
            return "\(place): subsection type \(t) is not 1 (GPC)"
        case .repeatedSubsection:
            return "\(place): a second GPC subsection"
        }
    }
}
