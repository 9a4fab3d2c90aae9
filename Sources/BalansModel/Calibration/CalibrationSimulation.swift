/// A simulated panel: answers generated from known weights plus noise, for tests, benchmarks and
/// the worked example of docs/calibration.md. SYNTHETIC: never real survey data, never to be
/// presented as such.
public enum CalibrationSimulation {
    /// The CSV of `respondents` answering `design` as if the score with `weights` were true: each
    /// respondent (token `r0001`…, block `r mod blocks`) has an own level around `base`, and answers
    /// base + slope × (I + `interaction` when the vignette both profiles and is obtrusive) + noise on each item, rounded and kept in 1–7. Every `failEvery`-th
    /// respondent fails the attention check (0: none). A `group` column holds an age band.
    public static func panel(design: CalibrationDesign, weights: Weights, respondents: Int, slope: Double = 0.5,
                             base: Double = 2.5, noise: Double = 0.6, failEvery: Int = 0, interaction: Double = 0, seed: UInt64) -> String {
        var rng = SeededRandom(seed: seed)
        let byID = Dictionary(design.vignettes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let bands = ["18-34", "35-64", "65+"]
        var out = "respondent,vignette," + IntrusivenessItem.allCases.map(\.rawValue).joined(separator: ",") + ",age\n"
        for r in 0..<respondents {
            let token = "r" + String(repeating: "0", count: max(0, 4 - String(r + 1).count)) + String(r + 1)
            let block = design.blocks[r % max(1, design.blocks.count)]
            let own = base + 0.3 * (rng.unit() * 2 - 1)
            let band = bands[rng.below(bands.count)]
            let fails = failEvery > 0 && (r + 1) % failEvery == 0
            for id in block {
                var items: [Int] = []
                if id == CalibrationDesign.attentionID {
                    items = Array(repeating: fails ? 5 : CalibrationDesign.attentionAnswer, count: 7)
                } else if let v = byID[id] {
                    let extra = v.profiling && v.obtrusive ? interaction : 0
                    let level = own + slope * (v.intrusiveness(weights) + extra) + 0.2 * rng.normal()
                    for _ in 0..<7 {
                        let answer = (level + noise * rng.normal()).rounded()
                        items.append(Int(min(7, max(1, answer))))
                    }
                }
                out += "\(token),\(id)," + items.map(String.init).joined(separator: ",") + ",\(band)\n"
            }
        }
        return out
    }
}
