// The GPP string decoder behind `GPPString.decode` and `decodeCounted` (decision 0030): one pass
// that finds the '~'-separated parts, reads the header's Fibonacci-coded section ids, and hands the
// EU TCF v2 section to a TC decoder given by the caller (the full one for `decode`, the counting
// path for `decodeCounted`; both accept and refuse the same strings, decision 0027). The header and
// the US National section are read bit by bit from the characters where they lie: they are a few
// characters long, and nothing is allocated for them.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum GPPDecoder {
    /// A section as parsed: byte offsets, not yet character positions (only `decode` and errors
    /// need those).
    enum Content<EU> {
        case tcfEU(EU)
        case usNational(GPPUSNational)
        case skipped(Range<Int>)
    }

    struct Parsed<EU> {
        var version: Int
        var ids: [Int]
        var sections: [(id: Int, start: Int, content: Content<EU>)]
    }

    static let tilde = UInt8(ascii: "~")
    static let dot = UInt8(ascii: ".")

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<GPPString, GPPStringError> {
        do throws(GPPStringError) {
            let p = try parse(bytes) { (tc) throws(TCStringError) in try TCString.decode(utf8: tc) }
            var sections: [GPPSection] = []
            sections.reserveCapacity(p.sections.count)
            for s in p.sections {
                let content: GPPSection.Content
                switch s.content {
                case .tcfEU(let tc): content = .tcfEU(tc)
                case .usNational(let n): content = .usNational(n)
                case .skipped(let r): content = .skipped(String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self))
                }
                sections.append(GPPSection(id: s.id, position: TCStringDecoder.position(bytes, s.start), content: content))
            }
            return .success(GPPString(version: p.version, sectionIds: p.ids, sections: sections))
        } catch {
            return .failure(error)
        }
    }

    /// The header, then each section it lists; `eu` decodes the EU TCF v2 section's bytes.
    static func parse<EU>(_ bytes: UnsafeBufferPointer<UInt8>,
                          eu: (UnsafeBufferPointer<UInt8>) throws(TCStringError) -> EU) throws(GPPStringError) -> Parsed<EU> {
        guard !bytes.isEmpty else { throw GPPStringError(.empty, position: 1) }
        let headerEnd = nextTilde(bytes, from: 0)
        var found = 0  // sections after the header
        var at = headerEnd
        while at < bytes.count {
            found += 1
            at = nextTilde(bytes, from: at + 1)
        }
        guard headerEnd > 0 else { throw GPPStringError(.emptyHeader, position: 1) }

        // The header: Type, Version, Sections (a Fibonacci range).
        try checkCharacters(bytes, 0, headerEnd, section: nil, sectionId: nil)
        var r = Reader(bytes: bytes, start: 0, stop: headerEnd, part: "header", section: nil, sectionId: nil)
        let type = try r.read(6, "Type")
        guard type == 3 else { throw GPPStringError(.notGPP(type: type), position: 1) }
        let version = try r.read(6, "Version")
        guard version == 1 else { throw GPPStringError(.unsupportedVersion(version), position: 2) }
        let entries = try r.read(12, "Sections count")
        var ids: [Int] = []
        var listed = 0
        var last = 0
        if entries > 0 {
            for k in 1...entries {
                let isGroup = try r.read(1, "Sections entry \(k), group bit") == 1
                let first = last + (try r.fibonacci("Sections entry \(k), offset", entry: k))
                guard first <= 65535 else { throw r.idTooLarge(entry: k) }
                var end = first
                if isGroup {
                    end = first + (try r.fibonacci("Sections entry \(k), group length", entry: k))
                    guard end <= 65535 else { throw r.idTooLarge(entry: k) }
                }
                listed += end - first + 1
                // Ids past one more than the sections present are never looked at: a hostile group
                // of 65 535 ids costs nothing.
                var id = first
                while id <= end && ids.count <= found {
                    ids.append(id)
                    id += 1
                }
                last = end
            }
        }
        if listed != found {
            if listed > found {
                throw GPPStringError(.sectionCount(listed: listed, found: found), position: TCStringDecoder.position(bytes, bytes.count),
                                     section: found + 1, sectionId: ids[found])
            }
            var start = headerEnd + 1
            for _ in 0..<listed {
                while bytes[start] != tilde { start += 1 }
                start += 1
            }
            throw GPPStringError(.sectionCount(listed: listed, found: found), position: TCStringDecoder.position(bytes, start),
                                 section: listed + 1, sectionId: nil)
        }

        var sections: [(id: Int, start: Int, content: Content<EU>)] = []
        sections.reserveCapacity(found)
        var start = headerEnd + 1
        for k in 0..<found {
            let stop = nextTilde(bytes, from: start)
            let id = ids[k]
            guard stop > start else {
                throw GPPStringError(.emptySection, position: TCStringDecoder.position(bytes, start), section: k + 1, sectionId: id)
            }
            let content: Content<EU>
            switch id {
            case GPPString.tcfEUv2:
                do throws(TCStringError) {
                    content = .tcfEU(try eu(UnsafeBufferPointer(rebasing: bytes[start..<stop])))
                } catch {
                    let offset = TCStringDecoder.position(bytes, start) - 1
                    var moved = error
                    var at = offset + 1
                    switch error.kind {
                    case .badCharacter(let p, let c): moved = TCStringError(.badCharacter(position: p + offset, character: c)); at = p + offset
                    case .misplacedPadding(let p): moved = TCStringError(.misplacedPadding(position: p + offset)); at = p + offset
                    case .tooMuchPadding(let p): moved = TCStringError(.tooMuchPadding(position: p + offset)); at = p + offset
                    default: break
                    }
                    throw GPPStringError(.tcString(moved, sectionStart: offset + 1), position: at, section: k + 1, sectionId: id)
                }
            case GPPString.usNational:
                content = .usNational(try usNational(bytes, start, stop, section: k + 1))
            default:
                content = .skipped(start..<stop)
            }
            sections.append((id, start, content))
            start = stop + 1
        }
        return Parsed(version: version, ids: ids, sections: sections)
    }

    /// The index of the first '~' at or after `from`, or the end.
    @inline(__always)
    static func nextTilde(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard from < bytes.count, let base = bytes.baseAddress,
              let hit = memchr(base + from, Int32(tilde), bytes.count - from) else { return bytes.count }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Refuses the first character of `bytes[start..<stop]` that is not base64url ('=' included:
    /// GPP strings have no padding).
    static func checkCharacters(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int,
                                section: Int?, sectionId: Int?) throws(GPPStringError) {
        for i in start..<stop where TCStringDecoder.table[Int(bytes[i])] >= 64 {
            let e = TCStringDecoder.badCharacter(bytes, at: i)
            guard case .badCharacter(let position, let c) = e.kind else { continue }
            throw GPPStringError(.badCharacter(character: c), position: position, section: section, sectionId: sectionId)
        }
    }

    /// The US National section in `bytes[start..<stop]`: the core segment, then subsections
    /// separated by '.', of which the only one defined is GPC (type 1).
    static func usNational(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int, section: Int) throws(GPPStringError) -> GPPUSNational {
        let id = GPPString.usNational
        var segmentStart = start
        var n = GPPUSNational()
        var segment = 0
        while segmentStart <= stop {
            segment += 1
            var segmentStop = segmentStart
            while segmentStop < stop && bytes[segmentStop] != dot { segmentStop += 1 }
            guard segmentStop > segmentStart else {
                throw GPPStringError(.emptySubsection, position: TCStringDecoder.position(bytes, segmentStart), section: section, sectionId: id)
            }
            try checkCharacters(bytes, segmentStart, segmentStop, section: section, sectionId: id)
            if segment == 1 {
                var r = Reader(bytes: bytes, start: segmentStart, stop: segmentStop, part: "core segment", section: section, sectionId: id)
                n.version = try r.read(6, "Version")
                guard n.version == 1 || n.version == 2 else {
                    throw GPPStringError(.unsupportedUSNationalVersion(n.version), position: TCStringDecoder.position(bytes, segmentStart),
                                         section: section, sectionId: id)
                }
                let first = GPPUSNational.isFirstLayout(bits: r.end)
                n.sharingNotice = try r.read(2, "SharingNotice")
                n.saleOptOutNotice = try r.read(2, "SaleOptOutNotice")
                n.sharingOptOutNotice = try r.read(2, "SharingOptOutNotice")
                n.targetedAdvertisingOptOutNotice = try r.read(2, "TargetedAdvertisingOptOutNotice")
                n.sensitiveDataProcessingOptOutNotice = try r.read(2, "SensitiveDataProcessingOptOutNotice")
                n.sensitiveDataLimitUseNotice = try r.read(2, "SensitiveDataLimitUseNotice")
                n.saleOptOut = try r.read(2, "SaleOptOut")
                n.sharingOptOut = try r.read(2, "SharingOptOut")
                n.targetedAdvertisingOptOut = try r.read(2, "TargetedAdvertisingOptOut")
                n.sensitiveDataProcessing = []
                for k in 1...(first ? 12 : 16) { n.sensitiveDataProcessing.append(try r.read(2, "SensitiveDataProcessing \(k)")) }
                n.knownChildSensitiveDataConsents = []
                for k in 1...(first ? 2 : 3) { n.knownChildSensitiveDataConsents.append(try r.read(2, "KnownChildSensitiveDataConsents \(k)")) }
                n.personalDataConsents = try r.read(2, "PersonalDataConsents")
                n.mspaCoveredTransaction = try r.read(2, "MspaCoveredTransaction")
                n.mspaOptOutOptionMode = try r.read(2, "MspaOptOutOptionMode")
                n.mspaServiceProviderMode = try r.read(2, "MspaServiceProviderMode")
            } else {
                var r = Reader(bytes: bytes, start: segmentStart, stop: segmentStop, part: "subsection", section: section, sectionId: id)
                let type = try r.read(2, "SubsectionType")
                let at = TCStringDecoder.position(bytes, segmentStart)
                guard type == 1 else { throw GPPStringError(.unknownSubsectionType(type), position: at, section: section, sectionId: id) }
                guard n.gpc == nil else { throw GPPStringError(.repeatedSubsection, position: at, section: section, sectionId: id) }
                n.gpc = try r.read(1, "Gpc") == 1
            }
            segmentStart = segmentStop + 1
        }
        return n
    }

    /// Reads bits MSB first from base64url characters already checked, where they lie.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let start: Int
        let stop: Int
        /// Bits in the part.
        let end: Int
        var pos = 0
        let part: String
        let section: Int?
        let sectionId: Int?
        /// The decoder's base64url table, held here so that a bit costs no global access.
        let table: [UInt8]

        init(bytes: UnsafeBufferPointer<UInt8>, start: Int, stop: Int, part: String, section: Int?, sectionId: Int?) {
            self.table = TCStringDecoder.table
            self.bytes = bytes
            self.start = start
            self.stop = stop
            self.end = (stop - start) * 6
            self.part = part
            self.section = section
            self.sectionId = sectionId
        }

        @inline(__always)
        mutating func bit() -> Int? {
            guard pos < end else { return nil }
            let v = Int(table[Int(bytes[start + pos / 6])])
            let b = (v >> (5 - pos % 6)) & 1
            pos += 1
            return b
        }

        /// `n` bits (at most 16) as an unsigned number.
        /// `field` is only worded when a message needs it (this runs for every record of `consent tcf`).
        mutating func read(_ n: Int, _ field: @autoclosure () -> String) throws(GPPStringError) -> Int {
            guard n <= end - pos else { throw truncated(field(), missing: n - (end - pos)) }
            var v = 0
            for _ in 0..<n { v = v << 1 | (bit() ?? 0) }
            return v
        }

        /// A Fibonacci-coded number ≥ 1: bit k (from 0) adds the (k + 2)-th Fibonacci number
        /// (1, 2, 3, 5, …), and the first "11" ends it. Past 65 535 it stops (ids are 16-bit).
        mutating func fibonacci(_ field: @autoclosure () -> String, entry: Int) throws(GPPStringError) -> Int {
            var value = 0
            var weight = 1, next = 2
            var previous = 0
            while true {
                guard let b = bit() else { throw truncated(field(), missing: nil) }
                if b == 1 && previous == 1 { return value }
                if b == 1 {
                    value += weight
                    guard value <= 65535 else { throw idTooLarge(entry: entry) }
                }
                previous = b
                (weight, next) = (next, Swift.min(weight + next, 1 << 20))
            }
        }

        /// The last character of the part, where a truncation shows.
        var lastCharacter: Int { TCStringDecoder.position(bytes, stop - 1) }

        func truncated(_ field: String, missing: Int?) -> GPPStringError {
            GPPStringError(.truncated(part: part, endBit: end, field: field, missingBits: missing), position: lastCharacter,
                           section: section, sectionId: sectionId)
        }

        func idTooLarge(entry: Int) -> GPPStringError {
            GPPStringError(.sectionIdTooLarge(entry: entry), position: TCStringDecoder.position(bytes, start + Swift.max(0, pos - 1) / 6),
                           section: section, sectionId: sectionId)
        }
    }
}
