import Testing
@testable import BalansModel

/// GPP strings, random and mutated (like `TCStringCountingTests` does for TC strings): the decoder
/// never traps; every refusal is one line that names its place with a character position inside
/// the string (or just past its end); and `decodeCounted`, which `consent tcf` uses, accepts and
/// refuses exactly what `decode` does, with the same error and the same counted fields.
@Suite struct GPPStringMutationTests {
    enum Outcome { case accepted, refused }

    @discardableResult
    static func check(_ s: String, _ note: @autoclosure () -> String = "") -> Outcome {
        let full = Result { () throws(GPPStringError) in try GPPString.decode(s) }
        let counted = Result { () throws(GPPStringError) in try GPPString.decodeCounted(s) }
        switch full {
        case .success(let gpp):
            let expected = GPPCounts(tcf: gpp.tcfEU.map(TCStringCounts.init), sectionIds: gpp.sectionIds)
            #expect(counted == .success(expected), "\(note()) \(s)")
            #expect(gpp.sections.map(\.id) == gpp.sectionIds, "\(note()) \(s)")
            return .accepted
        case .failure(let error):
            #expect(counted == .failure(error), "\(note()) \(s)")
            let text = error.description
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }, "\(note()) \(text)")
            if error.kind != .empty {
                #expect(text.contains("character \(error.position)"), "\(note()) \(text)")
                #expect(error.position >= 1 && error.position <= s.count + 1, "\(note()) \(text) in \(s)")
            }
            return .refused
        }
    }

    /// The sections a random string may hold, by id.
    static func randomSection(_ id: Int, using g: inout SplitMix) -> String {
        switch id {
        case 2: return TCStringCountingTests.randomString(using: &g)
        case 7: return GPPTestEncoder.usNational(GPPTestEncoder.randomUSNational(using: &g))
        case 6: return ["1YNN", "1---", "1YYN"].randomElement(using: &g)!
        default: return "BAAAAAAAAQA.QA"
        }
    }

    static func randomString(using g: inout SplitMix) -> String {
        let ids = [2, 5, 6, 7, 8, 12].filter { _ in Bool.random(using: &g) }
        let sections = ids.map { randomSection($0, using: &g) }
        return ([GPPTestEncoder.header(ids, groups: Bool.random(using: &g))] + sections).joined(separator: "~")
    }

    /// One change: a TC-string-style mutation (characters, bits, cuts, '.', '=', stray bytes), or a
    /// GPP one: a '~' added or removed, sections swapped, repeated or dropped, the header replaced.
    static func mutate(_ s: String, using g: inout SplitMix) -> String {
        var parts = s.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        switch Int.random(in: 0..<8, using: &g) {
        case 0, 1, 2:
            return TCStringCountingTests.mutate(s, other: TCStringTests.vectorB, using: &g)
        case 3:
            // Mutate one part only, so that the header stays readable more often.
            let k = Int.random(in: 0..<parts.count, using: &g)
            parts[k] = TCStringCountingTests.mutate(parts[k], other: TCStringTests.vectorB, using: &g)
        case 4:
            var b = Array(s.utf8)
            b.insert(UInt8(ascii: "~"), at: Int.random(in: 0...b.count, using: &g))
            return String(decoding: b, as: UTF8.self)
        case 5:
            if parts.count > 1 { parts.remove(at: Int.random(in: 1..<parts.count, using: &g)) }
        case 6:
            if parts.count > 2 { parts.swapAt(1, parts.count - 1) } else { parts.append(parts[parts.count - 1]) }
        default:
            parts[0] = GPPTestEncoder.header([1, 2, 3, 6, 7, 9, 40].filter { _ in Bool.random(using: &g) })
        }
        return parts.joined(separator: "~")
    }

    @Test func knownStrings() {
        let strings = [
            "", "~", "~~", "D", "DB", "DBAA", "DBAA~", "DBABMA", "DBABMA~", "DBABMA~~", "DBABLA~.", "DBABLA~CVVVkkkkkpFY..YA",
            "DBABLA~" + String(repeating: "A", count: 2000), "DBAB" + String(repeating: "_", count: 400),
            "DBAB" + String(repeating: "A", count: 400), "D\u{1B}", "Dé", "DBABTA~1éNN",
        ]
        for s in strings { Self.check(s) }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomAndMutatedStringsAgree(seed: UInt64) {
        var g = SplitMix(state: seed)
        var outcomes: [Outcome: Int] = [:]
        for i in 0..<120 {
            let s = Self.randomString(using: &g)
            // Every random string is valid.
            #expect(Self.check(s, "seed \(seed) string \(i)") == .accepted, "\(s)")
            for m in 0..<10 {
                var mutant = Self.mutate(s, using: &g)
                if m % 3 == 2 { mutant = Self.mutate(mutant, using: &g) }
                outcomes[Self.check(mutant, "seed \(seed) string \(i) mutant \(m)"), default: 0] += 1
            }
        }
        #expect(outcomes[.accepted, default: 0] > 150, "\(outcomes)")
        #expect(outcomes[.refused, default: 0] > 300, "\(outcomes)")
    }

    /// Every cut of IAB's vectors: a truncated string is one line with its place, never a crash.
    @Test func everyCut() {
        let vectors = [
            "DBACOYs~CPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAAAAAA.QAAA.IAAA~BPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAAAA.YAAAAAAAAAA~1---~BAAAAAAAAABA.QA~BAAAAABA.QA~BAAAABA~BAAAAEA.QA~BAAAAAQA~BAAAAAEA.QA~BAAAAABA~BAAAAABA.QA~BAAAAAABAA.QA~BAAAAAQA.QA~BAAAAAABAA.QA~BAAAAAQA.QA~BAAAAAQA.QA~BAAAAABA.QA~BAAAAAAAQA.QA~BAAAAAQA.QA~BAAAAAABAA.QA",
            "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN",
            "DBABLA~CVVVkkkkkpFY.YA",
        ]
        var refused = 0
        for v in vectors {
            let chars = Array(v)
            for n in 0..<chars.count where Self.check(String(chars[0..<n]), "cut \(n)") == .refused { refused += 1 }
        }
        #expect(refused > 300)
    }
}
