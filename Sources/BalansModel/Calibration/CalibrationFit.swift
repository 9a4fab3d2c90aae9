/// Fitting the weights to the answers (`balans calibrate fit`, issue 15; docs/calibration.md):
/// the mean of the seven items per answer, each respondent's own level removed (within-respondent
/// demeaning), non-negative least squares on the score's regressors, each weight the ratio of its
/// coefficient to the DPC × EI slope, and percentile intervals from a bootstrap over respondents.
public struct CalibrationFit: Sendable {
    public struct Estimate: Sendable, Equatable {
        public var term: CalibrationTerm
        /// The weight to use: the fitted ratio, the default when not identified, or the default
        /// when the guard rail raised it.
        public var value: Double
        /// The fitted ratio; nil when the answers cannot identify the term.
        public var fitted: Double?
        /// The bootstrap percentile interval of the fitted ratio (nil without a bootstrap or when
        /// not identified).
        public var low: Double?
        public var high: Double?
        /// The weight before the fit (the scenario's).
        public var previous: Double
        public var identified: Bool
        /// 1 − R² of the term on the others in the answers (1/VIF).
        public var tolerance: Double
        /// The guard rail kept a protection at its SPEC default.
        public var raisedToDefault: Bool
    }

    public struct Residual: Sendable, Equatable {
        public var key: String
        public var mean: Double
        public var count: Int
    }

    public struct GroupResiduals: Sendable, Equatable {
        public var attribute: String
        public var values: [Residual]
    }

    public var estimates: [Estimate]
    public var weights: Weights
    /// The scale points one unit of I is worth (the coefficient of DPC × EI).
    public var slope: Double
    public var respondentsRead: Int
    public var respondentsUsed: Int
    public var failedAttention: Int
    public var observations: Int
    public var cronbachAlpha: Double?
    /// Within-respondent R² and RMSE (in scale points) of the fit.
    public var r2: Double
    public var rmse: Double
    public var bootstrapDraws: Int
    /// Draws whose slope was not positive are left out of the intervals.
    public var bootstrapUsed: Int
    public var seed: UInt64
    public var level: Double
    public var vignetteResiduals: [Residual]
    public var groupResiduals: [GroupResiduals]
    /// declared ≤ observed ≤ inferred in the weights used (Kim, Barasz & John 2019 give that direction).
    public var orderingHolds: Bool
    public var allowLowerProtections: Bool
    /// The additivity check (Goldfarb & Tucker 2011): the extra intrusiveness, in weight units, of
    /// profiling and obtrusive delivery together beyond their sum; nil when the answers cannot
    /// separate it (no vignette or all vignettes combine the two).
    public var interaction: Interaction?

    public struct Interaction: Sendable, Equatable {
        public var value: Double
        public var low: Double?
        public var high: Double?
        /// Additive: the interval holds 0 (without a bootstrap: |value| < 0.05).
        public var additive: Bool
    }

    /// The fewest respondents (after the attention check) a bootstrap over respondents is run on.
    public static let minimumRespondents = 20

    /// Per respondent: Σ x̃x̃ᵀ, Σ x̃ỹ and Σ ỹ² of their demeaned answers.
    struct Sums {
        var gram: SmallMatrix.Matrix
        var cross: [Double]
        var yy: Double
        var count: Int

        init(_ k: Int) {
            gram = SmallMatrix.zeros(k)
            cross = [Double](repeating: 0, count: k)
            yy = 0
            count = 0
        }

        mutating func add(_ o: Sums) {
            let k = cross.count
            for i in 0..<k {
                cross[i] += o.cross[i]
                for j in 0..<k { gram[i][j] += o.gram[i][j] }
            }
            yy += o.yy
            count += o.count
        }

        /// Tᵀ G T and Tᵀ c for the columns `t` (each a combination of the full terms).
        func reduced(_ t: [[Double]]) -> Sums {
            let k = cross.count, m = t.count
            var out = Sums(m)
            for a in 0..<m {
                var c = 0.0
                for i in 0..<k where t[a][i] != 0 { c += t[a][i] * cross[i] }
                out.cross[a] = c
                for b in 0..<m {
                    var s = 0.0
                    for i in 0..<k where t[a][i] != 0 { for j in 0..<k where t[b][j] != 0 { s += t[a][i] * gram[i][j] * t[b][j] } }
                    out.gram[a][b] = s
                }
            }
            out.yy = yy
            out.count = count
            return out
        }
    }

    /// Fits `responses` to `design`. `previous` are the scenario's weights (kept for what cannot be
    /// identified); errors name `file`, the answers' file.
    public static func fit(design: CalibrationDesign, responses: CalibrationResponses, previous: Weights,
                           bootstrap draws: Int, seed: UInt64, level: Double = 0.95,
                           allowLowerProtections: Bool = false, file: String) throws(BalansError) -> CalibrationFit {
        let terms = CalibrationTerm.allCases
        let k = terms.count
        // The score's regressors and, last, the interaction profiling × obtrusive for the
        // additivity check; the fit of the weights uses the first k only.
        let x = design.vignettes.map { $0.regressors + [$0.profiling && $0.obtrusive ? 1 : 0] }
        let kAll = k + 1
        // The attention check: a respondent who answered it with anything but the asked-for value
        // on some item is left out altogether.
        var failed = Set<Int>()
        for row in responses.rows where row.vignette == nil && row.items.contains(where: { $0 != CalibrationDesign.attentionAnswer }) {
            failed.insert(row.respondent)
        }
        var byRespondent = [[(row: Int, vignette: Int)]](repeating: [], count: responses.respondents.count)
        for (i, row) in responses.rows.enumerated() where !failed.contains(row.respondent) {
            if let v = row.vignette { byRespondent[row.respondent].append((i, v)) }
        }
        let used = byRespondent.indices.filter { byRespondent[$0].count >= 2 }
        let needed = draws > 0 ? minimumRespondents : 2
        guard used.count >= needed else {
            throw BalansError(.badData, file: file, "too few respondents for \(draws > 0 ? "the bootstrap" : "a fit"): \(used.count) answered two or more vignettes and passed the attention check, at least \(needed) are needed")
        }

        // Demeaned answers and regressors, and each respondent's sums.
        func mean(_ items: [Int]) -> Double { Double(items.reduce(0, +)) / Double(items.count) }
        var sums: [Sums] = []
        var demeaned: [(row: Int, vignette: Int, x: [Double], y: Double)] = []
        for r in used {
            let rows = byRespondent[r]
            var xbar = [Double](repeating: 0, count: kAll), ybar = 0.0
            for (i, v) in rows {
                for j in 0..<kAll { xbar[j] += x[v][j] }
                ybar += mean(responses.rows[i].items)
            }
            let n = Double(rows.count)
            for j in 0..<kAll { xbar[j] /= n }
            ybar /= n
            var s = Sums(kAll)
            for (i, v) in rows {
                let xt = (0..<kAll).map { x[v][$0] - xbar[$0] }
                let yt = mean(responses.rows[i].items) - ybar
                for a in 0..<kAll {
                    s.cross[a] += xt[a] * yt
                    for b in 0..<kAll { s.gram[a][b] += xt[a] * xt[b] }
                }
                s.yy += yt * yt
                s.count += 1
                demeaned.append((i, v, xt, yt))
            }
            sums.append(s)
        }
        var total = Sums(kAll)
        for s in sums { total.add(s) }

        // Identification in the answers: a term the others explain keeps its previous weight,
        // folded into the slope's column with that weight (so the ratio holds exactly).
        let ident = Identification(gram: SmallMatrix.sub(total.gram, Array(0..<k)))
        let interactionIdentified = Identification(gram: total.gram).identified(k)
        guard ident.identified(0) else {
            throw BalansError(.badData, file: file, "the answers cannot identify the DPC × EI slope: the vignettes answered do not vary the data's tier or identifiability apart from the other terms")
        }
        let free = terms.indices.filter { $0 != 0 && ident.identified($0) }
        var slopeColumn = [Double](repeating: 0, count: kAll)
        slopeColumn[0] = 1
        for j in terms.indices where j != 0 && !ident.identified(j) { slopeColumn[j] = terms[j].value(in: previous) }
        let t: [[Double]] = [slopeColumn] + free.map { j in (0..<kAll).map { $0 == j ? 1 : 0 } }
        let m = t.count
        let tAll = t + [(0..<kAll).map { $0 == k ? 1 : 0 }]

        /// The interaction's ratio to the slope, by ordinary least squares on the weights' columns
        /// and the interaction (augmented sums).
        func interactionRatio(_ s: Sums) -> Double? {
            guard let l = SmallMatrix.cholesky(s.gram, relative: 1e-13) else { return nil }
            let b = SmallMatrix.solve(cholesky: l, s.cross)
            return b[0] > 1e-12 ? b[m] / b[0] : nil
        }
        /// The leading m columns of augmented sums: the weights' system.
        func leading(_ s: Sums) -> Sums {
            var out = Sums(m)
            out.gram = SmallMatrix.sub(s.gram, Array(0..<m))
            out.cross = Array(s.cross.prefix(m))
            out.yy = s.yy
            out.count = s.count
            return out
        }
        func ratios(_ s: Sums) -> (slope: Double, ratios: [Double])? {
            let b = NNLS.solve(gram: s.gram, s.cross)
            guard b[0] > 1e-12 else { return nil }
            return (b[0], b.dropFirst().map { $0 / b[0] })
        }
        let augmentedTotal = total.reduced(tAll)
        let reducedTotal = leading(augmentedTotal)
        guard let point = ratios(reducedTotal) else {
            throw BalansError(.badData, file: file, "the answers do not rise with DPC × EI (the fitted slope is 0): there is no scale to read the weights on")
        }

        // Bootstrap over respondents, seeded.
        let reducedSums = sums.map { $0.reduced(tAll) }
        var interactionSamples: [Double] = []
        var samples = [[Double]](repeating: [], count: free.count)
        var rng = SeededRandom(seed: seed)
        var usedDraws = 0
        // Each respondent's sums packed flat (Gram matrix, then cross products), so that a draw is
        // one pass of additions over contiguous memory: 2 000 respondents × 1 000 draws stays
        // within a second (docs/performance.md).
        let d = m + 1, width = d * d + d
        var packed = [Double](repeating: 0, count: reducedSums.count * width)
        for (r, rs) in reducedSums.enumerated() {
            for i in 0..<d {
                for j in 0..<d { packed[r * width + i * d + j] = rs.gram[i][j] }
                packed[r * width + d * d + i] = rs.cross[i]
            }
        }
        var accumulator = [Double](repeating: 0, count: width)
        for _ in 0..<draws {
            for i in 0..<width { accumulator[i] = 0 }
            packed.withUnsafeBufferPointer { p in
                accumulator.withUnsafeMutableBufferPointer { acc in
                    for _ in 0..<reducedSums.count {
                        let base = rng.below(reducedSums.count) * width
                        for i in 0..<width { acc[i] += p[base + i] }
                    }
                }
            }
            var s = Sums(d)
            for i in 0..<d {
                for j in 0..<d { s.gram[i][j] = accumulator[i * d + j] }
                s.cross[i] = accumulator[d * d + i]
            }
            if interactionIdentified, let q = interactionRatio(s) { interactionSamples.append(q) }
            guard let r = ratios(leading(s)) else { continue }
            usedDraws += 1
            for i in free.indices { samples[i].append(r.ratios[i]) }
        }
        func quantile(_ sorted: [Double], _ q: Double) -> Double {
            let h = q * Double(sorted.count - 1)
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }

        var weights = previous
        var estimates: [Estimate] = []
        let spec = Weights()
        for (j, term) in terms.enumerated() where j != 0 {
            var e = Estimate(term: term, value: term.value(in: previous), fitted: nil, low: nil, high: nil,
                             previous: term.value(in: previous), identified: ident.identified(j),
                             tolerance: ident.tolerance[j], raisedToDefault: false)
            if let f = free.firstIndex(of: j) {
                e.fitted = point.ratios[f]
                e.value = point.ratios[f]
                if usedDraws > 0 {
                    let sorted = samples[f].sorted()
                    e.low = quantile(sorted, (1 - level) / 2)
                    e.high = quantile(sorted, 1 - (1 - level) / 2)
                }
                if term.isProtection && !allowLowerProtections && e.value < term.value(in: spec) {
                    e.value = term.value(in: spec)
                    e.raisedToDefault = true
                }
            }
            term.set(e.value, in: &weights)
            estimates.append(e)
        }

        // Fit figures and residuals, in the full terms: β = T b.
        let b = NNLS.solve(gram: reducedTotal.gram, reducedTotal.cross)
        var beta = [Double](repeating: 0, count: kAll)
        for (a, col) in t.enumerated() { for i in 0..<kAll { beta[i] += col[i] * b[a] } }
        var ssr = 0.0
        var byVignette = [(sum: Double, count: Int)](repeating: (0, 0), count: design.vignettes.count)
        var byGroup = responses.groupColumns.map { _ in [(value: String, sum: Double, count: Int)]() }
        for d in demeaned {
            var fitted = 0.0
            for i in 0..<kAll { fitted += d.x[i] * beta[i] }
            let residual = d.y - fitted
            ssr += residual * residual
            let row = responses.rows[d.row]
            byVignette[d.vignette].sum += residual
            byVignette[d.vignette].count += 1
            for (g, value) in row.groups.enumerated() {
                if let i = byGroup[g].firstIndex(where: { $0.value == value }) {
                    byGroup[g][i].sum += residual
                    byGroup[g][i].count += 1
                } else {
                    byGroup[g].append((value, residual, 1))
                }
            }
        }
        let observations = demeaned.count

        // Cronbach's α of the seven items over the answers used.
        var alpha: Double? = nil
        if observations >= 2 {
            let n = Double(observations)
            var itemSum = [Double](repeating: 0, count: 7), itemSq = [Double](repeating: 0, count: 7)
            var totalSum = 0.0, totalSq = 0.0
            for d in demeaned {
                let items = responses.rows[d.row].items
                var s = 0.0
                for (i, v) in items.enumerated() {
                    itemSum[i] += Double(v)
                    itemSq[i] += Double(v * v)
                    s += Double(v)
                }
                totalSum += s
                totalSq += s * s
            }
            func variance(_ sum: Double, _ sq: Double) -> Double { (sq - sum * sum / n) / (n - 1) }
            let itemVariance = (0..<7).reduce(0.0) { $0 + variance(itemSum[$1], itemSq[$1]) }
            let totalVariance = variance(totalSum, totalSq)
            if totalVariance > 0 { alpha = 7.0 / 6.0 * (1 - itemVariance / totalVariance) }
        }

        var interaction: Interaction? = nil
        if interactionIdentified, let q = interactionRatio(augmentedTotal) {
            var e = Interaction(value: q, low: nil, high: nil, additive: abs(q) < 0.05)
            if !interactionSamples.isEmpty {
                let sorted = interactionSamples.sorted()
                let low = quantile(sorted, (1 - level) / 2), high = quantile(sorted, 1 - (1 - level) / 2)
                e.low = low
                e.high = high
                e.additive = low <= 0 && 0 <= high
            }
            interaction = e
        }

        return CalibrationFit(
            estimates: estimates, weights: weights, slope: point.slope,
            respondentsRead: responses.respondents.count, respondentsUsed: used.count, failedAttention: failed.count,
            observations: observations, cronbachAlpha: alpha,
            r2: total.yy > 0 ? 1 - ssr / total.yy : 0, rmse: (ssr / Double(max(observations, 1))).squareRoot(),
            bootstrapDraws: draws, bootstrapUsed: usedDraws, seed: seed, level: level,
            vignetteResiduals: design.vignettes.indices.compactMap { v in
                byVignette[v].count > 0 ? Residual(key: design.vignettes[v].id, mean: byVignette[v].sum / Double(byVignette[v].count), count: byVignette[v].count) : nil
            },
            groupResiduals: responses.groupColumns.enumerated().map { g, name in
                GroupResiduals(attribute: name, values: byGroup[g].map { Residual(key: $0.value, mean: $0.sum / Double($0.count), count: $0.count) })
            },
            orderingHolds: weights.declared <= weights.observed && weights.observed <= weights.inferred,
            allowLowerProtections: allowLowerProtections, interaction: interaction)
    }
}

// MARK: - Output

extension CalibrationFit {
    /// The scenario's `weights` object (SPEC §1.4) with every weight set: the fitted ones and the
    /// kept ones, so that pasting it into a scenario leaves nothing to its defaults.
    public var weightsJSON: JSONValue {
        .obj([
            ("origin", .obj([("declared", .num(weights.declared)), ("observed", .num(weights.observed)), ("inferred", .num(weights.inferred))])),
            ("specialFeature", .num(weights.specialFeature)),
            ("crossContext", .num(weights.crossContext)),
            ("obtrusive", .num(weights.obtrusive)),
            ("vulnerable", .num(weights.vulnerable)),
            ("profilingBoost", .num(weights.profilingBoost)),
        ])
    }

    public static let versionTag = "calibration-fit/1"

    static func frontierJSON(_ f: CalibrationImpact.FrontierSummary?) -> JSONValue {
        guard let f else { return .null }
        return .obj([("points", .int(f.points)), ("startIntrusiveness", .num(f.startIntrusiveness)), ("startValue", .num(f.startValue)),
                     ("endIntrusiveness", .num(f.endIntrusiveness)), ("endValue", .num(f.endValue)),
                     ("valueAtCuts", .arr(f.valueAtCuts.map { .num($0) }))])
    }

    /// The fit's report as a document (`-o`, and `--format json`).
    /// How the weights were fitted, as the output records it (the start of their provenance).
    public static let method = "within-respondent NNLS, percentile bootstrap over respondents"

    /// The report as a document. `design` and `answers` are file names (no folders: they travel
    /// with the weights), `date` the fit's day `YYYY-MM-DD`.
    /// Where the fitted weights come from, for a scenario they are applied to (decision 0033): the
    /// same file names, day and respondents the calibration-fit/1 output records.
    public func source(answers: String, design: String, date: String) -> WeightsSource {
        WeightsSource(file: answers, design: design, respondents: respondentsUsed, date: date, method: .nnls)
    }

    public func json(scenario: String, design: String, answers: String, date: String, impact: CalibrationImpact? = nil) -> JSONValue {
        func opt(_ x: Double?) -> JSONValue { x.map { .num($0) } ?? .null }
        return .obj([
            ("balans", .str(CalibrationFit.versionTag)),
            ("scenario", .str(scenario)),
            ("design", .str(design)),
            ("answers", .str(answers)),
            ("date", .str(date)),
            ("method", .str(CalibrationFit.method)),
            ("weights", weightsJSON),
            ("slope", .num(slope)),
            ("respondents", .obj([("read", .int(respondentsRead)), ("used", .int(respondentsUsed)), ("failedAttention", .int(failedAttention))])),
            ("observations", .int(observations)),
            ("cronbachAlpha", opt(cronbachAlpha)),
            ("r2", .num(r2)),
            ("rmse", .num(rmse)),
            ("bootstrap", .obj([("draws", .int(bootstrapDraws)), ("used", .int(bootstrapUsed)), ("seed", .num(Double(seed))), ("level", .num(level))])),
            ("allowLowerProtections", .bool(allowLowerProtections)),
            ("estimates", .arr(estimates.map { e in
                .obj([("weight", .str(e.term.weightKey)), ("value", .num(e.value)), ("fitted", opt(e.fitted)),
                      ("low", opt(e.low)), ("high", opt(e.high)), ("previous", .num(e.previous)),
                      ("identified", .bool(e.identified)), ("tolerance", .num(e.tolerance)),
                      ("raisedToDefault", .bool(e.raisedToDefault))])
            })),
            ("ordering", .obj([("declaredObservedInferred", .bool(orderingHolds))])),
            ("additivity", interaction.map { i in
                .obj([("term", .str("profiling x obtrusive")), ("interaction", .num(i.value)), ("low", opt(i.low)), ("high", opt(i.high)),
                      ("additive", .bool(i.additive))])
            } ?? .null),
            ("impact", impact.map { i in
                .obj([("compared", .int(i.compared)), ("changes", .arr(i.changes.map { c in
                    .obj([("segment", .str(c.segment)), ("level", .int(c.level)), ("score", .num(c.score)), ("band", .str(c.band.rawValue)),
                          ("calibratedScore", .num(c.calibratedScore)), ("calibratedBand", .str(c.calibratedBand.rawValue))])
                })), ("frontier", .obj([("before", CalibrationFit.frontierJSON(i.frontierBefore)), ("after", CalibrationFit.frontierJSON(i.frontierAfter))]))])
            } ?? .null),
            ("residuals", .obj([
                ("vignettes", .arr(vignetteResiduals.map { .obj([("vignette", .str($0.key)), ("mean", .num($0.mean)), ("count", .int($0.count))]) })),
                ("groups", .arr(groupResiduals.map { g in
                    .obj([("attribute", .str(g.attribute)),
                          ("values", .arr(g.values.map { .obj([("value", .str($0.key)), ("mean", .num($0.mean)), ("count", .int($0.count))]) }))])
                })),
            ])),
        ])
    }
}
