/// The questionnaire of a calibration (`balans calibrate design`, issue 15): vignettes chosen from
/// the scenario's own data and flags so that every weight of the score is identified, blocks of K
/// per respondent in a random order, and an attention check. Texts are filled in by the caller
/// (BalansText words them); the model picks the situations.
public struct CalibrationDesign: Sendable {
    public static let versionTag = "calibration-design/1"
    /// The attention check's id in blocks and in the answers.
    public static let attentionID = "attention"
    /// The answer the attention check asks for on every item.
    public static let attentionAnswer = 2
    /// The fewest and most vignettes a design may have: one per term and the anchor, up to a
    /// questionnaire no panel would finish.
    public static let vignetteRange = (CalibrationTerm.allCases.count + 1)...200

    /// The scenario's name and the fingerprint of its catalogue (`CalibrationDesign.fingerprint`).
    public var scenario: String
    public var fingerprint: String
    public var seed: UInt64
    public var perRespondent: Int
    /// The generic anchor first, then the chosen vignettes.
    public var vignettes: [Vignette]
    /// The attention check's text per language.
    public var attentionTexts: [(language: String, text: String)]
    /// The vignette ids each block shows, in order (the attention check among them).
    public var blocks: [[String]]

    public init(scenario: String, fingerprint: String, seed: UInt64, perRespondent: Int, vignettes: [Vignette],
                attentionTexts: [(language: String, text: String)] = [], blocks: [[String]]) {
        self.scenario = scenario
        self.fingerprint = fingerprint
        self.seed = seed
        self.perRespondent = perRespondent
        self.vignettes = vignettes
        self.attentionTexts = attentionTexts
        self.blocks = blocks
    }

    /// How well the vignettes identify the terms (centred regressors, one row per vignette).
    public var identification: Identification { Identification(gram: CalibrationDesign.centredGram(vignettes.map(\.regressors))) }

    /// Σ (x − x̄)(x − x̄)ᵀ over `rows`.
    static func centredGram(_ rows: [[Double]]) -> SmallMatrix.Matrix {
        let k = CalibrationTerm.allCases.count
        var mean = [Double](repeating: 0, count: k)
        for r in rows { for j in 0..<k { mean[j] += r[j] / Double(rows.count) } }
        var g = SmallMatrix.zeros(k)
        for r in rows {
            for i in 0..<k { for j in 0..<k { g[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]) } }
        }
        return g
    }

    /// A fingerprint of what the vignettes were built from: the categories' ids, tiers,
    /// identifiability, origins and special-feature flags (FNV-1a, 64 bits, hex). A design is
    /// answered for the scenario it was made from; `fit` refuses another.
    public static func fingerprint(_ scenario: Scenario) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in scenario.categories {
            for b in "\(c.id)|\(c.tier.rawValue)|\(c.identifiability.rawValue)|\(c.origin.rawValue)|\(c.specialFeature);".utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The candidate vignettes of `scenario`: each data bundle (the first category of each tier ×
    /// identifiability, preferring one of the vignette's origin) with every origin, special
    /// feature, cross-context 0–2, obtrusive, profiling (tier 1–2 data only) and audience.
    static func candidates(_ scenario: Scenario) -> [Vignette] {
        var bundles: [(tier: Tier, ei: Identifiability)] = []
        for c in scenario.categories where !bundles.contains(where: { $0.tier == c.tier && $0.ei == c.identifiability }) {
            bundles.append((c.tier, c.identifiability))
        }
        var out: [Vignette] = []
        for b in bundles {
            let same = scenario.categories.filter { $0.tier == b.tier && $0.identifiability == b.ei }
            for origin in Origin.allCases {
                let category = same.first { $0.origin == origin } ?? same[0]
                for sf in [false, true] {
                    for cc in 0...2 {
                        for ob in [false, true] {
                            for prof in b.tier.base <= 2 ? [false, true] : [false] {
                                for vul in [false, true] {
                                    out.append(Vignette(id: "", category: category.id, tier: b.tier, identifiability: b.ei,
                                                        origin: origin, specialFeature: sf, crossContext: cc, obtrusive: ob,
                                                        profiling: prof, vulnerable: vul))
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Builds a design of `count` vignettes (the anchor included) for `scenario`, in blocks of
    /// `perRespondent`: a seeded exchange search (Fedorov's, over random subsets of the
    /// candidates) for the largest det of the information matrix of [1, regressors].
    public static func build(scenario: Scenario, vignettes count: Int, perRespondent: Int, seed: UInt64) throws(BalansError) -> CalibrationDesign {
        guard !scenario.categories.isEmpty else {
            throw BalansError(.badData, "scenario \(SafeText.quoted(scenario.name)) has no categories: there is no data to ask about")
        }
        var rng = SeededRandom(seed: seed)
        let pool = candidates(scenario)
        let chosenCount = min(count - 1, pool.count)
        func z(_ v: Vignette) -> [Double] { [1] + v.regressors }
        let zs = pool.map(z)
        let anchor = [1.0] + [Double](repeating: 0, count: CalibrationTerm.allCases.count)
        let dim = anchor.count
        // A small ridge keeps log det finite (and comparable) while the start is still singular.
        func information(_ rows: [Int]) -> SmallMatrix.Matrix {
            var m = SmallMatrix.zeros(dim)
            for i in 0..<dim { m[i][i] = 1e-6 }
            for r in [anchor] + rows.map({ zs[$0] }) { for i in 0..<dim { for j in 0..<dim { m[i][j] += r[i] * r[j] } } }
            return m
        }
        var chosen = Array(rng.shuffled(Array(pool.indices)).prefix(chosenCount))
        var inDesign = Set(chosen)
        var m = information(chosen)
        var current = SmallMatrix.logDeterminant(m)
        let tried = min(pool.count, 400)
        for _ in 0..<12 {
            var improved = false
            for slot in chosen.indices {
                let out = zs[chosen[slot]]
                var best: (gain: Double, j: Int, m: SmallMatrix.Matrix)? = nil
                for j in rng.shuffled(Array(pool.indices)).prefix(tried) where !inDesign.contains(j) {
                    var trial = m
                    let inn = zs[j]
                    for a in 0..<dim { for b in 0..<dim { trial[a][b] += inn[a] * inn[b] - out[a] * out[b] } }
                    let ld = SmallMatrix.logDeterminant(trial)
                    if ld > current + 1e-9, ld - current > (best?.gain ?? 0) { best = (ld - current, j, trial) }
                }
                if let best {
                    inDesign.remove(chosen[slot])
                    inDesign.insert(best.j)
                    chosen[slot] = best.j
                    m = best.m
                    current += best.gain
                    improved = true
                }
            }
            if !improved { break }
        }
        chosen.sort()
        let width = count >= 100 ? 3 : 2
        func id(_ n: Int) -> String {
            let s = String(n)
            return "v" + String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var vignettes = [Vignette(id: id(1), category: nil)]
        for (i, c) in chosen.enumerated() {
            var v = pool[c]
            v.id = id(i + 2)
            vignettes.append(v)
        }
        // Blocks: the anchor and K − 1 others each, cycling through a shuffled order so that every
        // vignette is shown about equally often; each block in its own random order, and the
        // attention check anywhere but first.
        let others = rng.shuffled(vignettes.dropFirst().map(\.id))
        let per = max(1, min(perRespondent, vignettes.count) - 1)
        let blockCount = (others.count + per - 1) / per
        var blocks: [[String]] = []
        for b in 0..<blockCount {
            var ids = [vignettes[0].id]
            for i in 0..<per { ids.append(others[(b * per + i) % others.count]) }
            ids = rng.shuffled(ids)
            ids.insert(attentionID, at: 1 + rng.below(ids.count))
            blocks.append(ids)
        }
        return CalibrationDesign(scenario: scenario.name, fingerprint: fingerprint(scenario), seed: seed,
                                 perRespondent: perRespondent, vignettes: vignettes, blocks: blocks)
    }
}

// MARK: - The file

extension CalibrationDesign {
    /// The document in a stable key order (SPEC §2), with the identification figures for people.
    public var json: JSONValue {
        let ident = identification
        func texts(_ t: [(language: String, text: String)]) -> JSONValue { .obj(t.map { ($0.language, .str($0.text)) }) }
        return .obj([
            ("balans", .str(CalibrationDesign.versionTag)),
            ("scenario", .str(scenario)),
            ("fingerprint", .str(fingerprint)),
            ("seed", .num(Double(seed))),
            ("perRespondent", .int(perRespondent)),
            ("items", .arr(IntrusivenessItem.allCases.map { .str($0.rawValue) })),
            ("scale", .obj([("min", .int(IntrusivenessItem.scale.lowerBound)), ("max", .int(IntrusivenessItem.scale.upperBound))])),
            ("vignettes", .arr(vignettes.map { v in
                var m: [(String, JSONValue)] = [("id", .str(v.id))]
                if let c = v.category {
                    m += [("category", .str(c)), ("tier", .str(v.tier.rawValue)), ("identifiability", .str(v.identifiability.rawValue)),
                          ("origin", .str(v.origin.rawValue)), ("specialFeature", .bool(v.specialFeature)),
                          ("crossContext", .int(v.crossContext)), ("obtrusive", .bool(v.obtrusive)),
                          ("profiling", .bool(v.profiling)), ("vulnerable", .bool(v.vulnerable))]
                } else {
                    m.append(("category", .null))
                }
                m.append(("text", texts(v.texts)))
                return .obj(m)
            })),
            ("attentionCheck", .obj([("id", .str(CalibrationDesign.attentionID)), ("answer", .int(CalibrationDesign.attentionAnswer)),
                                     ("text", texts(attentionTexts))])),
            ("blocks", .arr(blocks.map { .arr($0.map { .str($0) }) })),
            ("identification", .obj([
                ("rank", .int(ident.rank)),
                ("terms", .int(CalibrationTerm.allCases.count)),
                ("condition", ident.condition.map { .num($0) } ?? .null),
                ("tolerance", .obj(CalibrationTerm.allCases.enumerated().map { ($1.weightKey, .num(ident.tolerance[$0])) })),
            ])),
        ])
    }

    static let keys = ["balans", "$schema", "scenario", "fingerprint", "seed", "perRespondent", "items", "scale", "vignettes",
                       "attentionCheck", "blocks", "identification"]
    static let vignetteKeys = ["id", "category", "tier", "identifiability", "origin", "specialFeature", "crossContext",
                               "obtrusive", "profiling", "vulnerable", "text"]

    /// Decodes a design file strictly (unknown keys, bad values and references are errors at their
    /// place). The identification figures are recomputed, not read.
    public static func decode(_ root: Node) throws(BalansError) -> CalibrationDesign {
        guard root.kind == .object else { throw root.error("expected a JSON object with a \"balans\" key, got \(root.typeDescription)") }
        guard let tag = root.member("balans") else {
            throw root.error("missing required key \"balans\" (\"\(versionTag)\")")
        }
        let tagText = try tag.string()
        guard tagText == versionTag else {
            throw tag.error("expected a calibration design (\"\(versionTag)\"), got \(SafeText.quoted(tagText))")
        }
        let o = try root.object(allowed: keys)
        let scenario = try o.required("scenario").string()
        let fingerprint = try o.required("fingerprint").string()
        let seed = try o.required("seed").integer(in: 0...(1 << 53))
        let per = try o.required("perRespondent").integer(in: 2...vignetteRange.upperBound)
        if let items = o.optional("items") {
            let names = try items.array().map { (n: Node) throws(BalansError) -> String in try n.string() }
            guard names == IntrusivenessItem.allCases.map(\.rawValue) else {
                throw items.error("expected the seven items \(IntrusivenessItem.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var vignettes: [Vignette] = []
        var ids: Set<String> = [attentionID]
        let vNode = try o.required("vignettes")
        for node in try vNode.array() {
            let v = try decodeVignette(node)
            guard ids.insert(v.id).inserted else {
                throw (node.member("id") ?? node).error("duplicate vignette id \(SafeText.quoted(v.id))")
            }
            vignettes.append(v)
        }
        guard vignettes.count >= 2 else { throw vNode.error("a design needs at least 2 vignettes, got \(vignettes.count)") }
        var attentionTexts: [(language: String, text: String)] = []
        if let a = o.optional("attentionCheck") {
            let ao = try a.object(allowed: ["id", "answer", "text"])
            if let idNode = ao.optional("id"), try idNode.string() != attentionID {
                throw idNode.error("the attention check's id is \"\(attentionID)\"")
            }
            if let ans = ao.optional("answer"), try ans.integer(in: IntrusivenessItem.scale) != attentionAnswer {
                throw ans.error("the attention check asks for \(attentionAnswer) on every item")
            }
            if let t = ao.optional("text") { attentionTexts = try decodeTexts(t) }
        }
        var blocks: [[String]] = []
        for b in try o.required("blocks").array() {
            var block: [String] = []
            for n in try b.array() {
                let id = try n.string()
                guard ids.contains(id) else { throw n.error("unknown vignette \(SafeText.quoted(id)) in a block") }
                block.append(id)
            }
            blocks.append(block)
        }
        return CalibrationDesign(scenario: scenario, fingerprint: fingerprint, seed: UInt64(seed), perRespondent: per,
                                 vignettes: vignettes, attentionTexts: attentionTexts, blocks: blocks)
    }

    static func decodeTexts(_ node: Node) throws(BalansError) -> [(language: String, text: String)] {
        var out: [(language: String, text: String)] = []
        for e in try node.entries() { out.append((e.key, try e.node.string())) }
        return out
    }
}

extension CalibrationDesign {
    static func decodeVignette(_ node: Node) throws(BalansError) -> Vignette {
        let o = try node.object(allowed: CalibrationDesign.vignetteKeys)
        let id = try o.required("id").slug()
        let texts = try o.optional("text").map { (n: Node) throws(BalansError) in try CalibrationDesign.decodeTexts(n) } ?? []
        let categoryNode = try o.required("category")
        if categoryNode.isNull {
            for key in CalibrationDesign.vignetteKeys.dropFirst(2).dropLast() where o.optional(key) != nil {
                throw (o.optional(key) ?? node).error("the generic vignette (category null) uses no data and has no \(key)")
            }
            return Vignette(id: id, category: nil, texts: texts)
        }
        let tier: Tier = try decodeEnum(try o.required("tier"))
        let profiling = try o.optional("profiling")?.bool() ?? false
        if profiling && tier.base > 2, let p = o.optional("profiling") {
            throw p.error("a profiling vignette uses data of tier simple or behavioural (the DPC cap of 4 would hide the boost)")
        }
        return Vignette(id: id, category: try categoryNode.slug(), tier: tier,
                        identifiability: try decodeEnum(try o.required("identifiability")),
                        origin: try decodeEnum(try o.required("origin")),
                        specialFeature: try o.optional("specialFeature")?.bool() ?? false,
                        crossContext: try o.optional("crossContext")?.integer(in: 0...2) ?? 0,
                        obtrusive: try o.optional("obtrusive")?.bool() ?? false,
                        profiling: profiling,
                        vulnerable: try o.optional("vulnerable")?.bool() ?? false,
                        texts: texts)
    }
}
