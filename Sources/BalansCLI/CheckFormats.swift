import BalansModel

/// Where a violation is in the input files: the line and column (1-based, in Unicode scalars) that a
/// CI system marks. See docs/decisions/0024-ci-formats.md.
struct CheckLocation: Equatable {
    var file: String
    var line: Int
    var column: Int
}

/// The result of `balans check` in the shape every CI format writes: violations with locations,
/// counts, the files that were read and whether the audit failed.
struct CheckAudit {
    var inputs: Inputs
    var strict: Bool
    /// The preset file as given, the scenario (a path, normalised, or builtin:NAME) and the policy
    /// file (or builtin:NAME), when there is one.
    var presetFile: String?
    var scenarioFile: String
    var policyFile: String?
    var violations: [Violation]
    var locations: [CheckLocation?]
    var locator: Locator

    var errors: Int { violations.filter { $0.severity == .error }.count }
    var warnings: Int { violations.filter { $0.severity == .warning }.count }
    var infos: Int { violations.filter { $0.severity == .info }.count }
    var failed: Bool { errors > 0 || (strict && warnings > 0) }
    var scenario: Scenario { inputs.model.scenario }

    init(inputs: Inputs, strict: Bool, policyFile: String?) {
        self.inputs = inputs
        self.strict = strict
        self.presetFile = inputs.preset.map { CheckAudit.normalized($0.path) }
        let reference = inputs.scenario.reference
        self.scenarioFile = reference.hasPrefix(Loader.builtinPrefix) ? reference : CheckAudit.normalized(reference)
        self.policyFile = policyFile.map { $0.hasPrefix(Loader.builtinPrefix) ? $0 : CheckAudit.normalized($0) }
        self.violations = inputs.evaluation.violations
        // Read the files by the paths that were opened; report them folded.
        let locator = Locator(presetFile: inputs.preset?.path, scenarioFile: reference, named: { CheckAudit.normalized($0) })
        self.locator = locator
        let scenario = inputs.model.scenario
        self.locations = violations.map { v in locator.location(segment: v.segment.map { scenario.segments[$0].id }) }
    }

    /// "Where" of a violation in words: the segment id, "by ATTRIBUTE" or "overall".
    func subject(_ v: Violation) -> String {
        if let s = v.segment { return scenario.segments[s].id }
        if let a = v.attribute { return "by " + a }
        return "overall"
    }

    /// `a/./b/../c` → `a/c`, so that CI systems find the file relative to the checkout.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." {
                out.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            out.append(part)
        }
        let joined = out.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Finds, for each segment id, the key of its entry in the preset's `levels`, else the segment's
    /// object in the scenario file; aggregate rules point at the start of the preset (or scenario) file.
    struct Locator {
        var bySegment: [String: CheckLocation] = [:]
        var fallback: CheckLocation?

        init(presetFile: String?, scenarioFile: String, named: (String) -> String) {
            var scenarioNodes: [String: CheckLocation] = [:]
            if !scenarioFile.hasPrefix(Loader.builtinPrefix), let root = try? Loader.parse(scenarioFile),
               let segments = try? root.member("segments")?.array() {
                for node in segments {
                    guard let id = try? node.member("id")?.string() else { continue }
                    let (line, column) = node.source.location(of: node.offset)
                    if scenarioNodes[id] == nil { scenarioNodes[id] = CheckLocation(file: named(scenarioFile), line: line, column: column) }
                }
                fallback = CheckLocation(file: named(scenarioFile), line: 1, column: 1)
            }
            bySegment = scenarioNodes
            if let presetFile {
                fallback = CheckLocation(file: named(presetFile), line: 1, column: 1)
                if let root = try? Loader.parse(presetFile), let entries = try? root.member("levels")?.entries() {
                    for e in entries {
                        let key = e.keyNode
                        let (line, column) = key.source.location(of: key.offset)
                        bySegment[e.key] = CheckLocation(file: named(presetFile), line: line, column: column)
                    }
                }
            }
        }

        func location(segment: String?) -> CheckLocation? {
            if let segment, let l = bySegment[segment] { return l }
            return fallback
        }
    }
}

/// What CI formats say about each rule: a title, help text and the legal source (SPEC §1.9).
enum CheckRuleHelp {
    static func title(_ r: RuleID) -> String {
        switch r {
        case .maxBand: return "Highest allowed band"
        case .maxIntrusiveness: return "Highest aggregate intrusiveness"
        case .minorsProfiling: return "No profiling of minors"
        case .vulnerableBand: return "Protection of vulnerable customers"
        case .specialCategory: return "Special-category data"
        case .noReach: return "A level that reaches nobody"
        case .upliftParity: return "Parity of benefit"
        case .exposureParity: return "Parity of burden"
        case .dpia: return "Impact assessment"
        }
    }

    /// A readable identifier for SARIF's `name`: `max-band` → `MaxBand`.
    static func identifier(_ r: RuleID) -> String {
        r.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func help(_ r: RuleID) -> String {
        switch r {
        case .maxBand:
            return "A segment's chosen level has an intrusiveness band above the code's maxBand (default high). Choose a lower level for the segment, or change maxBand in the policy."
        case .maxIntrusiveness:
            return "The aggregate intrusiveness of the whole setting (0-100, weighted by segment size) is above the code's maxIntrusiveness. Lower the levels of the largest or most exposed segments."
        case .minorsProfiling:
            return "A segment that may contain children is at a level that builds or uses profiles. Online platforms may not show children ads based on profiling, and a child's consent needs a parent's authorisation. Choose a level without profiling."
        case .vulnerableBand:
            return "A segment flagged vulnerable has a band above the code's vulnerableMaxBand (default medium): personalisation must not exploit a vulnerability to distort behaviour. Choose a lower level."
        case .specialCategory:
            return "The segment's level touches special-category data (health, ethnicity, religion and the like). It needs explicit consent and a DPIA; an online platform may not base ads on profiling with it."
        case .noReach:
            return "A level above 0 is chosen but nobody in the segment has consented to all the data it uses, so it reaches no one."
        case .upliftParity:
            return "The benefit of personalisation (uplift) is spread unevenly across the groups of an attribute: the ratio of the lowest to the highest group is below minParity (default 0.8). A low ratio asks for a look, not a verdict."
        case .exposureParity:
            return "The burden of personalisation (exposure) is spread unevenly across the groups of an attribute: the ratio of the lowest to the highest group is below minParity (default 0.8)."
        case .dpia:
            return "The segment meets two or more of the WP248 criteria (profiling, special category, large scale, matching data, minors or vulnerable): a data-protection impact assessment is likely required."
        }
    }

    static func article(_ r: RuleID) -> String {
        switch r {
        case .maxBand, .maxIntrusiveness: return "GDPR Art. 5(1)(c), 21; ENISA severity methodology (2013)"
        case .minorsProfiling: return "DSA Art. 28(2); GDPR Art. 8"
        case .vulnerableBand: return "AI Act Art. 5(1)(b)"
        case .specialCategory: return "GDPR Art. 9, 9(2)(a), 35; DSA Art. 26(3)"
        case .noReach: return "GDPR Art. 6(1)(a), 7"
        case .upliftParity, .exposureParity: return "Fairlearn fairness assessment; four-fifths heuristic (not an EU legal standard)"
        case .dpia: return "GDPR Art. 35; WP248 rev.01"
        }
    }

    /// SARIF's level for a severity.
    static func sarifLevel(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        case .off: return "none"
        }
    }
}

// MARK: - JSON

extension CheckAudit {
    static let jsonVersion = "check/1"

    func locationJSON(_ l: CheckLocation) -> JSONValue {
        .obj([("file", .str(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
    }

    func json() -> String {
        let rows: [JSONValue] = violations.indices.map { i in
            let v = violations[i]
            var m: [(String, JSONValue)] = [("rule", .str(v.rule.rawValue)), ("severity", .str(v.severity.rawValue))]
            if let s = v.segment { m.append(("segment", .str(scenario.segments[s].id))) }
            if let a = v.attribute { m.append(("attribute", .str(a))) }
            m.append(("message", .str(v.message)))
            if let l = locations[i] { m.append(("location", locationJSON(l))) }
            return .obj(m)
        }
        let doc: JSONValue = .obj([
            ("balans", .str(Self.jsonVersion)),
            ("scenario", .str(scenario.name)),
            ("preset", inputs.preset.map { .str($0.preset.name) } ?? .null),
            ("policy", .str(inputs.policy.name)),
            ("strict", .bool(strict)),
            ("passed", .bool(!failed)),
            ("counts", .obj([("error", .int(errors)), ("warning", .int(warnings)), ("info", .int(infos))])),
            ("files", .obj([("preset", presetFile.map { .str($0) } ?? .null), ("scenario", .str(scenarioFile)),
                            ("policy", policyFile.map { .str($0) } ?? .null)])),
            ("violations", .arr(rows)),
        ])
        return JSONWriter.write(doc, inlineSmallObjects: true)
    }
}

// MARK: - SARIF 2.1.0

extension CheckAudit {
    static let sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    func sarif(toolVersion: String) -> String {
        let rules = RuleID.allCases
        let ruleObjects: [JSONValue] = rules.map { r in
            let severity = inputs.policy.severity(r)
            let help = CheckRuleHelp.help(r) + " Source: " + CheckRuleHelp.article(r) + "."
            return .obj([
                ("id", .str(r.rawValue)),
                ("name", .str(CheckRuleHelp.identifier(r))),
                ("shortDescription", .obj([("text", .str(CheckRuleHelp.title(r)))])),
                ("fullDescription", .obj([("text", .str(CheckRuleHelp.help(r)))])),
                ("help", .obj([("text", .str(help))])),
                ("defaultConfiguration", .obj([("enabled", .bool(severity != .off)),
                                               ("level", .str(CheckRuleHelp.sarifLevel(severity == .off ? r.defaultSeverity : severity)))])),
                ("properties", .obj([("article", .str(CheckRuleHelp.article(r))),
                                     ("tags", .arr([.str("privacy"), .str("ethics")]))])),
            ])
        }
        let results: [JSONValue] = violations.indices.map { i in
            let v = violations[i]
            var m: [(String, JSONValue)] = [
                ("ruleId", .str(v.rule.rawValue)),
                ("ruleIndex", .int(rules.firstIndex(of: v.rule) ?? 0)),
                ("level", .str(CheckRuleHelp.sarifLevel(v.severity))),
                ("message", .obj([("text", .str(v.message))])),
            ]
            var location: [(String, JSONValue)] = []
            if let l = locations[i] {
                location.append(("physicalLocation", .obj([
                    ("artifactLocation", .obj([("uri", .str(l.file))])),
                    ("region", .obj([("startLine", .int(l.line)), ("startColumn", .int(l.column))])),
                ])))
            }
            location.append(("logicalLocations", .arr([.obj([("name", .str(subject(v))),
                                                             ("kind", .str(v.segment != nil ? "object" : "module"))])])))
            m.append(("locations", .arr([.obj(location)])))
            m.append(("partialFingerprints", .obj([("balansRule/v1", .str(v.rule.rawValue + "/" + subject(v)))])))
            return .obj(m)
        }
        let run: JSONValue = .obj([
            ("tool", .obj([("driver", .obj([
                ("name", .str("balans")),
                ("version", .str(toolVersion)),
                ("rules", .arr(ruleObjects)),
            ]))])),
            ("invocations", .arr([.obj([("executionSuccessful", .bool(true)), ("exitCode", .int(failed ? 1 : 0))])])),
            ("columnKind", .str("unicodeCodePoints")),
            ("results", .arr(results)),
            ("properties", .obj([("policy", .str(inputs.policy.name)), ("strict", .bool(strict)), ("passed", .bool(!failed))])),
        ])
        let doc: JSONValue = .obj([
            ("$schema", .str(Self.sarifSchema)),
            ("version", .str("2.1.0")),
            ("runs", .arr([run])),
        ])
        return JSONWriter.write(doc, inlineSmallObjects: true)
    }
}

// MARK: - JUnit XML

extension CheckAudit {
    /// XML text and attribute escaping; characters XML 1.0 forbids become U+FFFD.
    static func xml(_ s: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                let v = u.value
                let allowed = (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                out.unicodeScalars.append(allowed ? u : "\u{FFFD}")
            }
        }
        return out
    }

    /// One test case per rule and segment (per-segment rules), per rule and attribute (parity
    /// rules) and one for `max-intrusiveness`. Errors fail; warnings fail with --strict and
    /// otherwise pass with a note; infos pass with a note; rules that are off are skipped.
    func junit() -> String {
        struct Case {
            var rule: RuleID
            var name: String
            var file: String?
            var violation: Violation?
            var skipped: Bool
        }
        var cases: [Case] = []
        let attributes: [String] = {
            var seen: [String] = []
            for s in scenario.segments { for g in s.groups where !seen.contains(g.attribute) { seen.append(g.attribute) } }
            return seen
        }()
        for r in RuleID.allCases {
            let off = inputs.policy.severity(r) == .off
            func violation(segment: Int?, attribute: String?) -> Violation? {
                violations.first { $0.rule == r && $0.segment == segment && $0.attribute == attribute }
            }
            switch r {
            case .maxIntrusiveness:
                cases.append(Case(rule: r, name: "overall", file: locator.fallback?.file,
                                  violation: violation(segment: nil, attribute: nil), skipped: off))
            case .upliftParity, .exposureParity:
                for a in attributes {
                    cases.append(Case(rule: r, name: "by " + a, file: locator.fallback?.file,
                                      violation: violation(segment: nil, attribute: a), skipped: off))
                }
            default:
                for (i, s) in scenario.segments.enumerated() {
                    cases.append(Case(rule: r, name: s.id, file: locator.location(segment: s.id)?.file,
                                      violation: violation(segment: i, attribute: nil), skipped: off))
                }
            }
        }
        func fails(_ c: Case) -> Bool {
            guard let v = c.violation else { return false }
            return v.severity == .error || (strict && v.severity == .warning)
        }
        let failures = cases.filter(fails).count
        let skipped = cases.filter { $0.skipped }.count
        let suiteName = "balans check: " + (inputs.preset?.preset.name ?? scenario.name)
        var lines: [String] = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\""
        lines.append("<testsuites name=\"balans check\" \(counts) time=\"0\">")
        lines.append("  <testsuite name=\"\(Self.xml(suiteName))\" \(counts) time=\"0\">")
        lines.append("    <properties>")
        lines.append("      <property name=\"policy\" value=\"\(Self.xml(inputs.policy.name))\"/>")
        lines.append("      <property name=\"strict\" value=\"\(strict)\"/>")
        lines.append("      <property name=\"scenario\" value=\"\(Self.xml(scenarioFile))\"/>")
        if let presetFile { lines.append("      <property name=\"preset\" value=\"\(Self.xml(presetFile))\"/>") }
        if let policyFile { lines.append("      <property name=\"policyFile\" value=\"\(Self.xml(policyFile))\"/>") }
        lines.append("    </properties>")
        for c in cases {
            var open = "    <testcase name=\"\(Self.xml(c.name))\" classname=\"balans.check.\(c.rule.rawValue)\""
            if let f = c.file { open += " file=\"\(Self.xml(f))\"" }
            open += " time=\"0\""
            if c.skipped {
                lines.append(open + ">")
                lines.append("      <skipped message=\"rule is off in the ethical code\"/>")
                lines.append("    </testcase>")
            } else if let v = c.violation {
                lines.append(open + ">")
                let text = "\(v.severity.rawValue) \(v.rule.rawValue) (\(CheckRuleHelp.article(v.rule))): \(v.message)"
                if fails(c) {
                    lines.append("      <failure message=\"\(Self.xml(v.message))\" type=\"\(v.severity.rawValue)\">\(Self.xml(text))</failure>")
                } else {
                    lines.append("      <system-out>\(Self.xml(text))</system-out>")
                }
                lines.append("    </testcase>")
            } else {
                lines.append(open + "/>")
            }
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n")
    }
}

// MARK: - GitHub workflow commands

extension CheckAudit {
    /// GitHub's escaping of a workflow command's message.
    static func githubData(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// GitHub's escaping of a property value: the message's, and `:` and `,`.
    static func githubProperty(_ s: String) -> String {
        var out = ""
        for u in githubData(s).unicodeScalars {
            switch u {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// One `::error|warning|notice file=…,line=…,col=…,title=…::message` line per violation, then a
    /// plain summary line (which the log shows and GitHub does not parse).
    func github() -> String {
        var lines: [String] = []
        for (i, v) in violations.enumerated() {
            let command: String
            switch v.severity {
            case .error: command = "error"
            case .warning: command = strict ? "error" : "warning"
            case .info, .off: command = "notice"
            }
            var props: [String] = []
            if let l = locations[i] {
                props.append("file=" + Self.githubProperty(l.file))
                props.append("line=\(l.line)")
                props.append("col=\(l.column)")
            }
            props.append("title=" + Self.githubProperty("balans \(v.rule.rawValue) (\(subject(v)))"))
            lines.append("::\(command) \(props.joined(separator: ","))::" + Self.githubData(v.message))
        }
        let verdict = "balans check: \(failed ? "FAIL" : "PASS") (errors: \(errors), warnings: \(warnings), infos: \(infos)\(strict ? ", strict" : ""))"
        lines.append(Self.githubData(verdict))
        return lines.joined(separator: "\n")
    }
}
