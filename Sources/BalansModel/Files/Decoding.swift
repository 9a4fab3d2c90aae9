/// Strict decoding of the three file kinds (SPEC §2). Every rule is checked where the value is, so
/// the error names the exact place; the first problem found is reported.
public enum FileKind: String, Sendable, CaseIterable {
    case scenario, preset, policy

    public var versionTag: String { rawValue + "/1" }
}

extension FileKind {
    /// Reads the `"balans"` key of a parsed document and returns its kind.
    public static func of(_ root: Node) throws(BalansError) -> FileKind {
        guard root.kind == .object else {
            throw root.error("expected a JSON object with a \"balans\" key, got \(root.typeDescription)")
        }
        guard let tagNode = root.member("balans") else {
            throw root.error("missing required key \"balans\" (\"scenario/1\", \"preset/1\" or \"policy/1\")")
        }
        let tag = try tagNode.string()
        for kind in FileKind.allCases where kind.versionTag == tag { return kind }
        if let kind = FileKind.allCases.first(where: { tag.hasPrefix($0.rawValue + "/") }) {
            throw tagNode.error("unsupported version \(SafeText.quoted(tag)): this balans reads \(JSONWriter.quote(kind.versionTag))")
        }
        throw tagNode.error("unknown file kind \(SafeText.quoted(tag)): expected \"scenario/1\", \"preset/1\" or \"policy/1\"")
    }

    /// The key an editor reads to link a file to its JSON Schema (docs/schema): allowed at the top
    /// of scenario, preset and policy files, a string, otherwise ignored.
    public static let schemaKey = "$schema"

    /// Refuses a `"$schema"` that is not a string, at its place.
    static func checkSchemaKey(_ o: ObjectReader) throws(BalansError) {
        if let node = o.optional(schemaKey), node.kind != .string {
            throw node.error("\"$schema\" must be a string (the address of the file's JSON Schema), got \(node.typeDescription)")
        }
    }

    /// Checks that `root` is a file of this kind.
    static func expect(_ kind: FileKind, _ root: Node) throws(BalansError) {
        let found = try FileKind.of(root)
        if found != kind {
            let tag = root.member("balans") ?? root
            throw tag.error("expected a \(kind.rawValue) file (\"\(kind.versionTag)\"), but this is a \(found.rawValue) file")
        }
    }
}

// MARK: - Scenario

extension Scenario {
    static let keys = ["balans", FileKind.schemaKey, "name", "description", "categories", "levels", "segments", "weights", "weightsSource", "policy"]

    /// Decodes and validates a scenario document.
    public static func decode(_ root: Node) throws(BalansError) -> Scenario {
        try FileKind.expect(.scenario, root)
        let o = try root.object(allowed: keys)
        try FileKind.checkSchemaKey(o)
        let name = try o.required("name").name()
        let description = try o.optional("description")?.string()

        var categories: [DataCategory] = []
        var categoryIDs: Set<String> = []
        for node in try o.required("categories").array() {
            let c = try DataCategory.decode(node)
            if !categoryIDs.insert(c.id).inserted {
                throw (node.member("id") ?? node).error("duplicate category id \(SafeText.quoted(c.id))")
            }
            categories.append(c)
        }

        let levelsNode = try o.required("levels")
        let levelNodes = try levelsNode.array()
        guard (2...10).contains(levelNodes.count) else {
            throw levelsNode.error("a ladder needs 2 to 10 levels, got \(levelNodes.count)")
        }
        var levels: [Level] = []
        var usedAt: [String: Int] = [:]
        for (k, node) in levelNodes.enumerated() {
            let (level, useNodes) = try Level.decode(node)
            for (id, useNode) in zip(level.uses, useNodes) {
                guard categoryIDs.contains(id) else {
                    throw useNode.error(unknown("category", id, among: categories.map(\.id)))
                }
                if let earlier = usedAt[id] {
                    throw useNode.error(earlier == k
                        ? "category \(SafeText.quoted(id)) is listed twice in this level"
                        : "category \(SafeText.quoted(id)) is already added by level \(earlier): each level adds new data")
                }
                usedAt[id] = k
            }
            levels.append(level)
        }

        let categoryOrder = categories.map(\.id)
        var segments: [Segment] = []
        var segmentIDs: Set<String> = []
        // N = Σ size must stay a whole number a Double (and a JSON reader) holds exactly (SPEC §1.3);
        // each size is at most 2^53, so the running sum cannot overflow before it is refused.
        var customers = 0
        for node in try o.required("segments").array() {
            let s = try Segment.decode(node, categories: categoryIDs, categoryOrder: categoryOrder, levelCount: levels.count)
            if !segmentIDs.insert(s.id).inserted {
                throw (node.member("id") ?? node).error("duplicate segment id \(SafeText.quoted(s.id))")
            }
            customers += s.size
            if customers > Scenario.maxCustomers {
                throw (node.member("size") ?? node).error(
                    "with this segment the sizes add up to \(customers) customers, more than a scenario may hold: at most 9007199254740992 (2^53) in all")
            }
            segments.append(s)
        }

        var weights = Weights()
        var overrides: [String] = []
        if let w = o.optional("weights") {
            (weights, overrides) = try Weights.decode(w)
        }
        var weightsSource: WeightsSource? = nil
        if let ws = o.optional("weightsSource") {
            // A source says where the weights came from: without weights it would vouch for the defaults.
            guard !overrides.isEmpty else {
                throw ws.error("weightsSource says where the weights came from, but the scenario sets no weights")
            }
            weightsSource = try WeightsSource.decode(ws)
        }
        var policy: PolicyLayer? = nil
        if let p = o.optional("policy") {
            policy = try PolicyLayer.decode(p, nameRequired: false, extraKeys: [])
        }
        return Scenario(name: name, description: description, categories: categories, levels: levels,
                        segments: segments, weights: weights, weightOverrides: overrides,
                        weightsSource: weightsSource, policy: policy)
    }
}

extension DataCategory {
    static let keys = ["id", "name", "tier", "identifiability", "origin", "special", "specialFeature", "tcf", "description"]

    static func decode(_ node: Node) throws(BalansError) -> DataCategory {
        let o = try node.object(allowed: keys)
        let id = try o.required("id").slug()
        let name = try o.required("name").name()
        let tier: Tier = try decodeEnum(o.required("tier"))
        let ident: Identifiability = try decodeEnum(o.required("identifiability"))
        let origin: Origin = try o.optional("origin").map { n throws(BalansError) in try decodeEnum(n) } ?? .observed
        let specialNode = o.optional("special")
        let special = try specialNode?.bool() ?? false
        if special && tier != .sensitive {
            throw specialNode!.error("a special category (GDPR Art. 9) must have tier \"sensitive\", not \(JSONWriter.quote(tier.rawValue))")
        }
        let specialFeature = try o.optional("specialFeature")?.bool() ?? false
        var tcf: TCFMapping? = nil
        if let t = o.optional("tcf") {
            let to = try t.object(allowed: ["purposes", "specialFeatures", "dataCategories"])
            func ints(_ key: String, _ range: ClosedRange<Int>) throws(BalansError) -> [Int] {
                guard let n = to.optional(key) else { return [] }
                var out: [Int] = []
                for item in try n.array() {
                    let v = try item.integer(in: range)
                    if out.contains(v) { throw item.error("\(v) is listed twice") }
                    out.append(v)
                }
                return out
            }
            tcf = TCFMapping(purposes: try ints("purposes", 1...11), specialFeatures: try ints("specialFeatures", 1...2),
                             dataCategories: try ints("dataCategories", 1...11))
        }
        let description = try o.optional("description")?.string()
        return DataCategory(id: id, name: name, tier: tier, identifiability: ident, origin: origin, special: special,
                            specialFeature: specialFeature, tcf: tcf, description: description)
    }
}

/// "unknown segment "familes" (did you mean "families"?)": typos in ids are the commonest mistake.
func unknown(_ what: String, _ id: String, among candidates: [String], in scenario: String? = nil) -> String {
    var budget = Node.suggestionBudget
    return unknown(what, id, among: candidates, in: scenario, budget: &budget)
}

/// `unknown`, with the suggestion's work drawn from `budget` (one budget for all the records of an import).
func unknown(_ what: String, _ id: String, among candidates: [String], in scenario: String? = nil, budget: inout Int) -> String {
    var message = "unknown \(what) \(SafeText.quoted(id))"
    if let scenario { message += " in scenario \(SafeText.quoted(scenario))" }
    if let near = Node.nearest(id, in: candidates, budget: &budget) { message += " (did you mean \(SafeText.quoted(near))?)" }
    return message
}

/// Decodes a string that must be one of an enum's raw values.
func decodeEnum<E: RawRepresentable & CaseIterable>(_ node: Node) throws(BalansError) -> E where E.RawValue == String {
    let s = try node.string()
    guard let v = E(rawValue: s) else {
        let options = E.allCases.map { JSONWriter.quote($0.rawValue) }.joined(separator: ", ")
        throw node.error("\(SafeText.quoted(s)) is not one of \(options)")
    }
    return v
}

extension Level {
    static let keys = ["name", "description", "uses", "profiling", "crossContext", "obtrusive", "uplift"]

    static func decode(_ node: Node) throws(BalansError) -> (Level, [Node]) {
        let o = try node.object(allowed: keys)
        let useNodes = try o.optional("uses")?.array() ?? []
        var uses: [String] = []
        for u in useNodes { uses.append(try u.slug()) }
        let level = Level(
            name: try o.required("name").name(),
            description: try o.optional("description")?.string(),
            uses: uses,
            profiling: try o.optional("profiling")?.bool() ?? false,
            crossContext: try o.optional("crossContext")?.integer(in: 0...2) ?? 0,
            obtrusive: try o.optional("obtrusive")?.bool() ?? false,
            uplift: try o.optional("uplift")?.number(in: Level.upliftRange) ?? 0)
        return (level, useNodes)
    }
}

extension Segment {
    static let keys = ["id", "name", "size", "consent", "minors", "vulnerable", "groups", "uplift", "consentSource"]

    static func decode(_ node: Node, categories: Set<String>, categoryOrder: [String], levelCount: Int) throws(BalansError) -> Segment {
        let o = try node.object(allowed: keys)
        let id = try o.required("id").slug()
        let name = try o.required("name").name()
        let size = try o.required("size").integer(in: 0...Scenario.maxCustomers)
        var consent: [(category: String, rate: Double)] = []
        if let c = o.optional("consent") {
            for entry in try c.entries() {
                guard let known = categories.firstIndex(of: entry.key) else {
                    throw entry.keyNode.error(unknown("category", entry.key, among: categoryOrder))
                }
                // The catalogue's own string, not the copy read here: a category id longer than
                // 15 bytes is a heap allocation, and a large scenario has one per segment and
                // category (100 000 × 14 in the benchmark).
                consent.append((categories[known], try entry.node.number(in: 0...1)))
            }
        }
        var groups: [(attribute: String, value: String)] = []
        if let g = o.optional("groups") {
            for entry in try g.entries() {
                let key = entry.key, value = entry.node
                if key.isEmpty { throw entry.keyNode.error("a group attribute needs a name") }
                groups.append((key, try value.string()))
            }
        }
        var uplift: [Double]? = nil
        if let u = o.optional("uplift") {
            let items = try u.array()
            guard items.count == levelCount else {
                throw u.error("needs one uplift per level: the ladder has \(levelCount) levels, this has \(items.count)")
            }
            var values: [Double] = []
            for item in items { values.append(try item.number(in: Level.upliftRange)) }
            uplift = values
        }
        var sources: [(category: String, source: ConsentSource)] = []
        if let c = o.optional("consentSource") {
            for entry in try c.entries() {
                guard let known = categories.firstIndex(of: entry.key) else {
                    throw entry.keyNode.error(unknown("category", entry.key, among: categoryOrder))
                }
                sources.append((categories[known], try ConsentSource.decode(entry.node)))
            }
        }
        return Segment(id: id, name: name, size: size, consent: consent,
                       minors: try o.optional("minors")?.bool() ?? false,
                       vulnerable: try o.optional("vulnerable")?.bool() ?? false,
                       groups: groups, uplift: uplift, consentSource: sources)
    }
}

extension ConsentSource {
    static let keys = ["file", "date", "method", "records"]

    static func decode(_ node: Node) throws(BalansError) -> ConsentSource {
        let o = try node.object(allowed: keys)
        let file = try o.required("file").name()
        let dateNode = try o.required("date")
        let date = try dateNode.string()
        guard CalendarDay(iso: date) != nil else { throw dateNode.error("expected a date YYYY-MM-DD, got \(SafeText.quoted(date))") }
        return ConsentSource(file: file, date: date, method: try decodeEnum(try o.required("method")),
                             records: try o.optional("records")?.integer(in: 0...Int(1) << 53))
    }
}

extension WeightsSource {
    static let keys = ["file", "design", "respondents", "date", "method"]

    static func decode(_ node: Node) throws(BalansError) -> WeightsSource {
        let o = try node.object(allowed: keys)
        let file = try o.required("file").name()
        let design = try o.optional("design")?.name()
        let dateNode = try o.required("date")
        let date = try dateNode.string()
        guard CalendarDay(iso: date) != nil else { throw dateNode.error("expected a date YYYY-MM-DD, got \(SafeText.quoted(date))") }
        return WeightsSource(file: file, design: design, respondents: try o.required("respondents").integer(in: 1...Int(1) << 53),
                             date: date, method: try decodeEnum(try o.required("method")))
    }
}

extension Weights {
    static let keys = ["origin", "specialFeature", "crossContext", "obtrusive", "vulnerable", "profilingBoost"]

    static func decode(_ node: Node) throws(BalansError) -> (Weights, [String]) {
        let o = try node.object(allowed: keys)
        var w = Weights()
        var set: [String] = []
        if let origin = o.optional("origin") {
            let oo = try origin.object(allowed: ["declared", "observed", "inferred"])
            if let n = oo.optional("declared") { w.declared = try n.number(atLeast: 0); set.append("origin.declared") }
            if let n = oo.optional("observed") { w.observed = try n.number(atLeast: 0); set.append("origin.observed") }
            if let n = oo.optional("inferred") { w.inferred = try n.number(atLeast: 0); set.append("origin.inferred") }
        }
        if let n = o.optional("specialFeature") { w.specialFeature = try n.number(atLeast: 0); set.append("specialFeature") }
        if let n = o.optional("crossContext") { w.crossContext = try n.number(atLeast: 0); set.append("crossContext") }
        if let n = o.optional("obtrusive") { w.obtrusive = try n.number(atLeast: 0); set.append("obtrusive") }
        if let n = o.optional("vulnerable") { w.vulnerable = try n.number(atLeast: 0); set.append("vulnerable") }
        if let n = o.optional("profilingBoost") { w.profilingBoost = try n.number(atLeast: 0); set.append("profilingBoost") }
        // Each weight is finite, but I = DPC × EI + M adds them up: the largest I a level can reach
        // (DPC 4, EI 1, every modifier, cross-context 2) must be finite too (SPEC §3: no output
        // number is infinite; inputs that would overflow are refused).
        let largest = 4 + max(w.declared, w.observed, w.inferred) + w.specialFeature + 2 * w.crossContext + w.obtrusive + w.vulnerable
        if !largest.isFinite {
            throw node.error("these weights add up to more than the largest finite number: the score of a level would overflow")
        }
        return (w, set)
    }
}

// MARK: - Policy

extension PolicyLayer {
    /// Decodes a policy body `{"name"?, "rules": {...}}` (plus `extraKeys`, e.g. the version key).
    static func decode(_ node: Node, nameRequired: Bool, extraKeys: [String]) throws(BalansError) -> PolicyLayer {
        let o = try node.object(allowed: extraKeys + PolicyLayer.bodyKeys)
        let name: String? = nameRequired ? try o.required("name").name() : try o.optional("name")?.name()
        var intersections: [[String]]? = nil
        if let n = o.optional("intersections") {
            let list = try n.array()
            guard list.count <= PolicyLayer.maxIntersections else {
                throw n.error("at most \(PolicyLayer.maxIntersections) intersections, got \(list.count)")
            }
            intersections = []
            for item in list {
                let names = try item.array()
                guard (2...PolicyLayer.maxIntersectionAttributes).contains(names.count) else {
                    throw item.error("an intersection names 2 to \(PolicyLayer.maxIntersectionAttributes) attributes, got \(names.count)")
                }
                var attributes: [String] = []
                for a in names {
                    let name = try a.name()
                    guard !attributes.contains(name) else { throw a.error("attribute \(SafeText.quoted(name)) named twice in one intersection") }
                    attributes.append(name)
                }
                intersections!.append(attributes)
            }
        }
        let minGroupSize = try o.optional("minGroupSize")?.integer(in: 0...Int(1) << 53)
        var rules: [(rule: RuleID, settings: RuleSettings)] = []
        for entry in try o.required("rules").entries() {
                let key = entry.key, value = entry.node
            guard let rule = RuleID(rawValue: key) else {
                var message = "unknown rule \(SafeText.quoted(key))"
                if let near = Node.nearest(key, in: RuleID.allCases.map(\.rawValue)) {
                    message += " (did you mean \(SafeText.quoted(near))?)"
                } else {
                    message += " (rules: \(RuleID.allCases.map(\.rawValue).joined(separator: ", ")))"
                }
                throw entry.keyNode.error(message)
            }
            let r = try value.object(allowed: ["severity"] + rule.settingKeys)
            var s = RuleSettings()
            if let n = r.optional("severity") { s.severity = try decodeEnum(n) }
            if let n = r.optional("maxBand") { s.maxBand = try decodeEnum(n) }
            if let n = r.optional("vulnerableMaxBand") { s.vulnerableMaxBand = try decodeEnum(n) }
            if let n = r.optional("maxIntrusiveness") {
                if n.isNull { s.maxIntrusiveness = .some(nil) } else {
                    s.maxIntrusiveness = .some(try n.number(in: 0...100))
                }
            }
            if let n = r.optional("minParity") { s.minParity = try n.number(in: 0...1) }
            if let n = r.optional("largeScale") { s.largeScale = try n.integer(in: 0...Int(1) << 53) }
            rules.append((rule, s))
        }
        return PolicyLayer(name: name, rules: rules, intersections: intersections, minGroupSize: minGroupSize)
    }

    /// The members of a policy body.
    static let bodyKeys = ["name", "rules", "intersections", "minGroupSize"]
    static let maxIntersections = 16
    static let maxIntersectionAttributes = 4

    /// Decodes a policy file (`"balans": "policy/1"`).
    public static func decodeFile(_ root: Node) throws(BalansError) -> PolicyLayer {
        try FileKind.expect(.policy, root)
        let layer = try decode(root, nameRequired: true, extraKeys: ["balans", FileKind.schemaKey])
        try FileKind.checkSchemaKey(try root.object(allowed: ["balans", FileKind.schemaKey] + PolicyLayer.bodyKeys))
        return layer
    }
}

// MARK: - Preset

extension Preset {
    static let keys = ["balans", FileKind.schemaKey, "name", "scenario", "levels", "exclude", "notes"]

    /// Decodes a preset's own structure without looking at its scenario.
    public static func decode(_ root: Node) throws(BalansError) -> Preset {
        try FileKind.expect(.preset, root)
        let o = try root.object(allowed: keys)
        try FileKind.checkSchemaKey(o)
        let name = try o.required("name").name()
        let scenarioNode = try o.required("scenario")
        let scenario = try scenarioNode.string()
        if scenario.isEmpty { throw scenarioNode.error("must name a scenario: \"builtin:NAME\" or a path") }
        var levels: [(segment: String, level: Int)] = []
        do {
            let l = try o.required("levels")
            for entry in try l.entries() {
                let key = entry.key, value = entry.node
                if !Node.isSlug(key) { try Node.checkSlug(key, entry.keyNode) }
                levels.append((key, try value.integer(in: 0...9)))
            }
        }
        var exclude: [(segment: String, categories: [String])] = []
        if let x = o.optional("exclude") {
            for entry in try x.entries() {
                let key = entry.key, value = entry.node
                if !Node.isSlug(key) { try Node.checkSlug(key, entry.keyNode) }
                var cats: [String] = []
                for item in try value.array() {
                    let c = try item.slug()
                    if cats.contains(c) { throw item.error("category \(SafeText.quoted(c)) is listed twice") }
                    cats.append(c)
                }
                exclude.append((key, cats))
            }
        }
        return Preset(name: name, scenario: scenario, levels: levels, exclude: exclude,
                      notes: try o.optional("notes")?.string())
    }

    /// Checks the preset's ids and levels against `scenario` (using the nodes for error places) and
    /// returns the setting it describes.
    public static func resolve(_ root: Node, against model: ScoringModel) throws(BalansError) -> Setting {
        let o = try root.object(allowed: keys)
        var setting = Setting.generic(segments: model.segmentCount)
        let scenarioName = model.scenario.name
        var segmentIDs: [String] { model.scenario.segments.map(\.id) }  // for suggestions, on error only
        if let l = o.optional("levels") {
            for entry in try l.entries() {
                let key = entry.key, value = entry.node
                guard let s = model.segmentIndex[key] else {
                    throw entry.keyNode.error(unknown("segment", key, among: segmentIDs, in: scenarioName))
                }
                let level = try value.integer(in: 0...9)
                guard level < model.levelCount else {
                    throw value.error("level \(level) is beyond the ladder: scenario \(SafeText.quoted(scenarioName)) has levels 0 to \(model.levelCount - 1)")
                }
                setting.levels[s] = level
            }
        }
        if let x = o.optional("exclude") {
            for entry in try x.entries() {
                let key = entry.key, value = entry.node
                guard let s = model.segmentIndex[key] else {
                    throw entry.keyNode.error(unknown("segment", key, among: segmentIDs, in: scenarioName))
                }
                var excluded: [Int] = []
                for item in try value.array() {
                    let id = try item.slug()
                    guard let c = model.categoryIndex[id] else {
                        throw item.error(unknown("category", id, among: model.scenario.categories.map(\.id), in: scenarioName))
                    }
                    excluded.append(c)
                }
                setting.excluded[s] = excluded.sorted()
            }
        }
        return setting
    }
}
