/// Writing the file kinds with a stable key order (SPEC §2), so that saved files diff well.
extension Preset {
    /// The preset for `setting` of `model`'s scenario: levels and exclusions listed in the scenario's
    /// segment order (catalogue order within an exclusion); segments at level 0 are left out.
    public static func from(setting: Setting, model: ScoringModel, name: String, scenario: String, notes: String?) -> Preset {
        let segments = model.scenario.segments
        var levels: [(segment: String, level: Int)] = []
        var exclude: [(segment: String, categories: [String])] = []
        for s in segments.indices {
            if setting.levels[s] != 0 { levels.append((segments[s].id, setting.levels[s])) }
            if !setting.excluded[s].isEmpty {
                exclude.append((segments[s].id, setting.excluded[s].sorted().map { model.scenario.categories[$0].id }))
            }
        }
        return Preset(name: name, scenario: scenario, levels: levels, exclude: exclude, notes: notes)
    }

    /// The document in stable key order: balans, name, scenario, levels, exclude, notes.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("balans", .str(FileKind.preset.versionTag)),
            ("name", .str(name)),
            ("scenario", .str(scenario)),
            ("levels", .obj(levels.map { ($0.segment, .int($0.level)) })),
        ]
        if !exclude.isEmpty { members.append(("exclude", .obj(exclude.map { ($0.segment, .arr($0.categories.map { .str($0) })) }))) }
        if let notes { members.append(("notes", .str(notes))) }
        return .obj(members)
    }
}

extension PolicyLayer {
    /// The body of a policy: name, then rules in file order with severity first.
    public func json(versioned: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if versioned { members.append(("balans", .str(FileKind.policy.versionTag))) }
        if let name { members.append(("name", .str(name))) }
        members.append(("rules", .obj(rules.map { rule, s in
            var r: [(String, JSONValue)] = []
            if let v = s.severity { r.append(("severity", .str(v.rawValue))) }
            if let v = s.maxBand { r.append(("maxBand", .str(v.rawValue))) }
            if let v = s.maxIntrusiveness { r.append(("maxIntrusiveness", v.map { .num($0) } ?? .null)) }
            if let v = s.vulnerableMaxBand { r.append(("vulnerableMaxBand", .str(v.rawValue))) }
            if let v = s.minParity { r.append(("minParity", .num(v))) }
            if let v = s.largeScale { r.append(("largeScale", .int(v))) }
            return (rule.rawValue, .obj(r))
        })))
        if let intersections { members.append(("intersections", .arr(intersections.map { .arr($0.map { .str($0) }) }))) }
        if let minGroupSize { members.append(("minGroupSize", .int(minGroupSize))) }
        return .obj(members)
    }
}

extension Scenario {
    /// The document in the order of SPEC §1–2; defaults are left out, so a loaded file round-trips.
    public var json: JSONValue {
        var top: [(String, JSONValue)] = [("balans", .str(FileKind.scenario.versionTag)), ("name", .str(name))]
        if let description { top.append(("description", .str(description))) }
        top.append(("categories", .arr(categories.map { c in
            var m: [(String, JSONValue)] = [("id", .str(c.id)), ("name", .str(c.name)), ("tier", .str(c.tier.rawValue)),
                                             ("identifiability", .str(c.identifiability.rawValue)),
                                             ("origin", .str(c.origin.rawValue))]
            if c.special { m.append(("special", .bool(true))) }
            if c.specialFeature { m.append(("specialFeature", .bool(true))) }
            if let t = c.tcf {
                var tm: [(String, JSONValue)] = []
                if !t.purposes.isEmpty { tm.append(("purposes", .arr(t.purposes.map { .int($0) }))) }
                if !t.specialFeatures.isEmpty { tm.append(("specialFeatures", .arr(t.specialFeatures.map { .int($0) }))) }
                if !t.dataCategories.isEmpty { tm.append(("dataCategories", .arr(t.dataCategories.map { .int($0) }))) }
                m.append(("tcf", .obj(tm)))
            }
            if let d = c.description { m.append(("description", .str(d))) }
            return .obj(m)
        })))
        top.append(("levels", .arr(levels.map { l in
            var m: [(String, JSONValue)] = [("name", .str(l.name))]
            if let d = l.description { m.append(("description", .str(d))) }
            m.append(("uses", .arr(l.uses.map { .str($0) })))
            if l.profiling { m.append(("profiling", .bool(true))) }
            if l.crossContext != 0 { m.append(("crossContext", .int(l.crossContext))) }
            if l.obtrusive { m.append(("obtrusive", .bool(true))) }
            m.append(("uplift", .num(l.uplift)))
            return .obj(m)
        })))
        top.append(("segments", .arr(segments.map { s in
            var m: [(String, JSONValue)] = [("id", .str(s.id)), ("name", .str(s.name)), ("size", .int(s.size))]
            m.append(("consent", .obj(s.consent.map { ($0.category, .num($0.rate)) })))
            if s.minors { m.append(("minors", .bool(true))) }
            if s.vulnerable { m.append(("vulnerable", .bool(true))) }
            if !s.groups.isEmpty { m.append(("groups", .obj(s.groups.map { ($0.attribute, .str($0.value)) }))) }
            if let u = s.uplift { m.append(("uplift", .arr(u.map { .num($0) }))) }
            if !s.consentSource.isEmpty {
                m.append(("consentSource", .obj(s.consentSource.map { c, src in
                    var o: [(String, JSONValue)] = [("file", .str(src.file)), ("date", .str(src.date)), ("method", .str(src.method.rawValue))]
                    if let r = src.records { o.append(("records", .int(r))) }
                    return (c, .obj(o))
                })))
            }
            return .obj(m)
        })))
        if !weightOverrides.isEmpty {
            var origin: [(String, JSONValue)] = []
            var rest: [(String, JSONValue)] = []
            for key in weightOverrides {
                switch key {
                case "origin.declared": origin.append(("declared", .num(weights.declared)))
                case "origin.observed": origin.append(("observed", .num(weights.observed)))
                case "origin.inferred": origin.append(("inferred", .num(weights.inferred)))
                case "specialFeature": rest.append((key, .num(weights.specialFeature)))
                case "crossContext": rest.append((key, .num(weights.crossContext)))
                case "obtrusive": rest.append((key, .num(weights.obtrusive)))
                case "vulnerable": rest.append((key, .num(weights.vulnerable)))
                case "profilingBoost": rest.append((key, .num(weights.profilingBoost)))
                default: break
                }
            }
            top.append(("weights", .obj((origin.isEmpty ? [] : [("origin", .obj(origin))]) + rest)))
            if let src = weightsSource {
                var o: [(String, JSONValue)] = [("file", .str(src.file))]
                if let d = src.design { o.append(("design", .str(d))) }
                o += [("respondents", .int(src.respondents)), ("date", .str(src.date)), ("method", .str(src.method.rawValue))]
                top.append(("weightsSource", .obj(o)))
            }
        }
        if let policy { top.append(("policy", policy.json(versioned: false))) }
        return .obj(top)
    }
}
