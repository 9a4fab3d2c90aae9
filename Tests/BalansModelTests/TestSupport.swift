@testable import BalansModel

// Small builders shared by the model tests. Everything here only shortens the construction of
// scenarios; every expected figure is computed by hand in the tests themselves.

/// |a − b| ≤ tol (figures that go through several floating-point operations).
func isClose(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool {
    abs(a - b) <= tol
}

func isClose(_ a: [Double], _ b: [Double], _ tol: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, tol) }
}

/// A catalogue entry; origin defaults to `declared` here (weight 0) so that hand sums stay simple.
func category(_ id: String, _ tier: Tier, _ ei: Identifiability, _ origin: Origin = .declared,
              special: Bool = false, specialFeature: Bool = false) -> DataCategory {
    DataCategory(id: id, name: id.capitalized, tier: tier, identifiability: ei, origin: origin,
                 special: special, specialFeature: specialFeature)
}

func segment(_ id: String, size: Int, consent: [(category: String, rate: Double)] = [],
             minors: Bool = false, vulnerable: Bool = false,
             groups: [(attribute: String, value: String)] = [], uplift: [Double]? = nil) -> Segment {
    Segment(id: id, name: id.capitalized, size: size, consent: consent, minors: minors,
            vulnerable: vulnerable, groups: groups, uplift: uplift)
}

func scenario(_ categories: [DataCategory], _ levels: [Level], _ segments: [Segment],
              weights: Weights = Weights(), policy: PolicyLayer? = nil) -> Scenario {
    Scenario(name: "test", categories: categories, levels: levels, segments: segments,
             weights: weights, policy: policy)
}

/// A two-level ladder: level 0 generic, level 1 adds the one category `c` with the given flags.
/// Segments default to one segment "s" of size 1 with full consent to `c`.
func oneCategory(_ c: DataCategory, profiling: Bool = false, crossContext: Int = 0, obtrusive: Bool = false,
                 uplift: Double = 0, segments: [Segment]? = nil, weights: Weights = Weights()) -> Scenario {
    scenario([c],
             [Level(name: "Generic"),
              Level(name: "One", uses: [c.id], profiling: profiling, crossContext: crossContext,
                    obtrusive: obtrusive, uplift: uplift)],
             segments ?? [segment("s", size: 1, consent: [(c.id, 1)])],
             weights: weights)
}

func model(_ s: Scenario, _ policy: Policy = .defaults) -> ScoringModel {
    ScoringModel(scenario: s, policy: policy)
}

func weights(_ edit: (inout Weights) -> Void) -> Weights {
    var w = Weights()
    edit(&w)
    return w
}

/// A policy made of one layer over the defaults.
func policy(_ rules: [(rule: RuleID, settings: RuleSettings)]) -> Policy {
    Policy.resolved([PolicyLayer(rules: rules)])
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files for tests that read real files (streamed inputs), in one folder per test process.
enum TempFile {
    static let folder: String = {
        var template = Array("/tmp/balans-model-tests-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "cannot make a temporary folder")
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Writes `text` to a new file named `name` in a fresh sub-folder; returns its path.
    static func write(_ text: String, name: String) throws -> String {
        var template = Array((folder + "/t-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw BalansError(.cannotWrite, file: folder, "mkdtemp failed") }
        let sub = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = sub + "/" + name
        try FileIO.writeAtomically(text, to: path)
        return path
    }

    static func remove(_ path: String) {
        unlink(path)
        if let slash = path.lastIndex(of: "/") { rmdir(String(path[..<slash])) }
    }
}
