// balans-bench: measures the SPEC §5 figures of the model in-process. Build in release mode:
//
//   swift build -c release --product balans-bench
//   .build/release/balans-bench phases SCENARIO.json [PRESET.json]   # read/parse/decode/score/encode
//   .build/release/balans-bench keypress N                           # one level change at N segments
//   .build/release/balans-bench first-frame SCENARIO.json...          # load + score + first screen
//   .build/release/balans-bench calibration R K FOLDER                # fit R respondents × K vignettes
//
// bench/run.sh drives it together with the real `balans score` and the Python reference; the
// results are recorded in docs/performance.md. Nothing here asserts a time: it only reports.
import BalansModel
import BalansText
import BalansUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
let RUSAGE_SELF_VALUE = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
let RUSAGE_SELF_VALUE = RUSAGE_SELF
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF_VALUE, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
}

func ms(_ seconds: Double) -> String { formatFixed(seconds * 1000, 2) + " ms" }
func us(_ seconds: Double) -> String { formatFixed(seconds * 1e6, 2) + " µs" }

/// The median of `runs` timings of `body`.
func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let t0 = now()
        try body()
        times.append(now() - t0)
    }
    times.sort()
    return times[times.count / 2]
}

/// A synthetic scenario of `n` segments with the shape of the built-in demo (6 levels, 14
/// categories), deterministic so that runs compare.
func syntheticScenario(segments n: Int) -> Scenario {
    let tiers: [Tier] = [.simple, .simple, .behavioural, .behavioural, .behavioural, .financial, .financial,
                         .behavioural, .simple, .behavioural, .financial, .sensitive, .behavioural, .sensitive]
    let idents: [Identifiability] = [.negligible, .limited, .limited, .significant, .limited, .significant, .maximum,
                                     .maximum, .negligible, .significant, .significant, .maximum, .limited, .significant]
    let categories = (0..<14).map { i in
        DataCategory(id: "c\(i)", name: "Category \(i)", tier: tiers[i], identifiability: idents[i],
                     origin: Origin.allCases[i % 3], special: i == 13, specialFeature: i == 7)
    }
    let uses = [[], ["c0", "c1"], ["c2", "c3", "c8"], ["c4", "c5", "c9"], ["c6", "c7", "c10"], ["c11", "c12", "c13"]]
    let uplifts = [0, 1.5, 3, 5, 6.5, 7.2]
    let levels = (0..<6).map { k in
        Level(name: "L\(k)", uses: uses[k], profiling: k == 3, crossContext: k >= 4 ? k - 3 : 0, obtrusive: k == 4, uplift: uplifts[k])
    }
    var rng: UInt64 = 0x9E3779B97F4A7C15
    func next() -> Double {
        rng = rng &* 6364136223846793005 &+ 1442695040888963407
        return Double(rng >> 11) / Double(1 << 53)
    }
    let segments = (0..<n).map { s in
        Segment(id: "s\(s)", name: "Segment \(s)", size: Int(next() * 500_000),
                consent: categories.enumerated().map { (i, c) in (c.id, (1 - Double(i) / 20) * next()) },
                minors: s % 50 == 0, vulnerable: s % 33 == 0,
                groups: [("age", ["18-34", "35-64", "65+"][s % 3]), ("region", ["north", "south"][s % 2])])
    }
    return Scenario(name: "Synthetic \(n)", categories: categories, levels: levels, segments: segments)
}

func keypress(segments n: Int) {
    let model = ScoringModel(scenario: syntheticScenario(segments: n), policy: .defaults)
    var evaluation = Evaluation(model: model)
    var s = 0
    var level = 0
    let rounds = 20_000
    // Warm up, then time many single-level changes; each reads the aggregate and fairness as the
    // header and status line would.
    var sink = 0.0
    let t = median(runs: 5) {
        for _ in 0..<rounds {
            s = (s &* 7 &+ 13) % n
            level = (level + 1) % 6
            evaluation.setLevel(s, level)
            sink += evaluation.aggregate.intrusiveness
        }
    }
    let tf = median(runs: 5) {
        for _ in 0..<200 { sink += evaluation.fairness.first?.upliftParity ?? 0 }
    }
    print("keypress segments=\(n): setLevel + aggregate \(us(t / Double(rounds))) per change; fairness table \(us(tf / 200)) (sink \(sink > 0))")
}

/// The dashboard's key-press path (SPEC §5): update (level change, re-score, re-aggregate) and
/// render the whole screen into a canvas, at 80×24.
func keypressRender(segments n: Int) {
    let model = ScoringModel(scenario: syntheticScenario(segments: n), policy: .defaults)
    var state = AppState(evaluation: Evaluation(model: model), scenarioReference: "synthetic",
                         presetName: "bench", presetPath: nil, width: 80, height: 24)
    let keys: [Key] = [.right, .right, .down, .left, .right, .down, .down, .left]
    var cells = 0
    let rounds = 2_000
    var i = 0
    let t = median(runs: 5) {
        for _ in 0..<rounds {
            _ = update(&state, .key(keys[i % keys.count]))
            i += 1
            cells &+= render(state).canvas.cells.count
        }
    }
    print("keypress+render segments=\(n) 80x24: \(us(t / Double(rounds))) per key (update + re-score + render) [\(cells > 0)]")
}

/// The efficient frontier of N segments × 6 levels (SPEC §5: under 100 ms at 10 000).
func frontier(segments n: Int) {
    let model = ScoringModel(scenario: syntheticScenario(segments: n), policy: .defaults)
    let excluded = Array(repeating: [Int](), count: n)
    var points = 0
    let t = median(runs: 5) { points = Optimizer.frontier(model, excluded: excluded).points.count }
    let b = median(runs: 5) { _ = try? Optimizer.balance(model, excluded: excluded, budget: 30) }
    print("frontier segments=\(n) x 6 levels: \(ms(t)) (\(points) points); balance to 30: \(ms(b))")
}

/// What the dashboard does before its first frame when it loads a file first: read and decode the
/// scenario, compile it, score the setting, and render the first screen (SPEC §4: under 100 ms).
/// `DashboardCommand.largeInput` is chosen from these figures.
func firstFrame(_ path: String) throws {
    var segments = 0, bytes = 0
    let t = try median(runs: 5) {
        let scenario = try Loader.scenarioFile(path)
        let model = ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
        let state = AppState(evaluation: Evaluation(model: model), scenarioReference: path,
                             presetName: "bench", presetPath: nil, width: 80, height: 24)
        segments = render(state).canvas.cells.count > 0 ? scenario.segments.count : 0
    }
    var st = stat()
    if stat(path, &st) == 0 { bytes = Int(st.st_size) }
    print("first frame \(path): \(formatFixed(Double(bytes) / 1_048_576, 2)) MiB, \(segments) segments: \(ms(t)) (load + score + render 80x24)")
}

func phases(_ path: String, preset: String?) throws {
    let t0 = now()
    let bytes = try FileIO.read(path)
    let t1 = now()
    let rssRead = peakRSSMiB()
    let source = SourceText(file: path, bytes: bytes)
    let json = try source.parseJSON()
    let t2 = now()
    let rssParse = peakRSSMiB()
    let slow = try Scenario.decode(Node(json))
    let t3slow = now()
    let scenario = try Loader.scenarioFile(path)
    let t3 = now()
    print("  strict decode \(ms(t3slow - t2)); read + fast decode \(ms(t3 - t3slow)); same: \(slow == scenario)")
    let rssDecode = peakRSSMiB()
    let model = ScoringModel(scenario: scenario, policy: Policy.resolved(scenario.policy.map { [$0] } ?? []))
    let t4 = now()
    var setting = Setting.generic(segments: model.segmentCount)
    if let preset {
        setting = try Preset.resolve(try Loader.parse(preset), against: model)
    }
    let t5 = now()
    let evaluation = Evaluation(model: model, setting: setting)
    let t6 = now()
    let violations = evaluation.violations
    let fairness = evaluation.fairness
    let t7 = now()
    print("file \(path): \(formatFixed(Double(bytes.count) / 1_048_576, 1)) MiB, \(scenario.segments.count) segments")
    print("  read \(ms(t1 - t0)), parse \(ms(t2 - t1)), decode \(ms(t3 - t2)), compile \(ms(t4 - t3)), preset \(ms(t5 - t4))")
    print("  score \(ms(t6 - t5)), violations+fairness \(ms(t7 - t6))")
    print("  \(violations.count) violations, \(fairness.count) attributes")
    print("  peak RSS after read \(formatFixed(rssRead, 1)) MiB, tape \(MemoryLayout<JSONDocument>.size)")
    print("  peak RSS after parse \(formatFixed(rssParse, 1)) MiB, after decode \(formatFixed(rssDecode, 1)) MiB, at end \(formatFixed(peakRSSMiB(), 1)) MiB")
}

/// Issue 15's speed target: a fit of `respondents` × `perRespondent` answers with 1 000 bootstrap
/// draws. Writes the design and a SYNTHETIC panel to `folder` (for timing `balans calibrate fit`
/// on them too) and times reading the answers and the fit in-process.
func calibration(respondents: Int, perRespondent: Int, folder: String) throws {
    guard let scenario = BuiltinScenarios.scenario(named: "nordic-retail") else { return }
    let design = try CalibrationDesign.build(scenario: scenario, vignettes: 24, perRespondent: perRespondent, seed: 1)
    var truth = Weights()
    truth.inferred = 0.8
    truth.obtrusive = 0.6
    let panel = CalibrationSimulation.panel(design: design, weights: truth, respondents: respondents, seed: 1)
    try FileIO.writeAtomically(JSONWriter.write(design.json, inlineSmallObjects: true), to: folder + "/design.json")
    try FileIO.writeAtomically(panel, to: folder + "/panel.csv")
    var answers: CalibrationResponses? = nil
    let read = try median(runs: 3) { answers = try CalibrationResponses.read(folder + "/panel.csv", design: design) }
    guard let answers else { return }
    let fit = try median(runs: 3) {
        _ = try CalibrationFit.fit(design: design, responses: answers, previous: Weights(), bootstrap: 1000, seed: 1, file: "panel.csv")
    }
    print("calibration \(respondents) respondents x \(perRespondent) vignettes (\(answers.rows.count) rows): read \(ms(read)), fit with 1000 bootstrap draws \(ms(fit)), peak RSS \(formatFixed(peakRSSMiB(), 1)) MiB")
}

let args = CommandLine.arguments
do {
    switch args.count > 1 ? args[1] : "" {
    case "sizes":
        print("SegmentScore \(MemoryLayout<SegmentScore>.stride), LevelFigures \(MemoryLayout<LevelFigures>.stride), Violation \(MemoryLayout<Violation>.stride), Segment \(MemoryLayout<Segment>.stride)")
    case "frontier":
        for n in args.dropFirst(2).compactMap({ Int($0) }) { frontier(segments: n) }
    case "keypress-render":
        for n in args.dropFirst(2).compactMap({ Int($0) }) { keypressRender(segments: n) }
    case "keypress":
        for n in args.dropFirst(2).compactMap({ Int($0) }) { keypress(segments: n) }
    case "decode" where args.count >= 3:
        // Reads and decodes a scenario file as the commands do, and reports the median of 5.
        var segments = 0
        let t = try median(runs: 5) { segments = try Loader.scenarioFile(args[2]).segments.count }
        print("read + decode \(args[2]): \(ms(t)), \(segments) segments, peak RSS \(formatFixed(peakRSSMiB(), 1)) MiB")
    case "first-frame" where args.count >= 3:
        for path in args.dropFirst(2) { try firstFrame(path) }
    case "phases" where args.count >= 3:
        try phases(args[2], preset: args.count > 3 ? args[3] : nil)
    case "calibration" where args.count >= 5:
        try calibration(respondents: Int(args[2]) ?? 2000, perRespondent: Int(args[3]) ?? 12, folder: args[4])
    default:
        print("usage: balans-bench keypress N... | keypress-render N... | frontier N... | phases SCENARIO [PRESET] | decode SCENARIO | first-frame SCENARIO... | calibration R K FOLDER | sizes")
        exit(64)
    }
} catch let e as BalansError {
    print("balans-bench: \(e)")
    exit(e.exitCode)
}
