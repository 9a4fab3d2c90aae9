@testable import BalansModel
@testable import BalansUI
import Testing

/// Random sequences of keys, mouse actions, resizes and effect results, with a fake terminal
/// that carries out effects the way the runtime does (saves answered now or later, in order;
/// opens answered at once). After every event the invariants of `checkInvariants` must hold, with
/// the saved setting tracked here independently: it is what the saved file decodes to.
@Suite("update: invariants under random input")
struct UpdateInvariantTests {
    static let keys: [Key] = {
        var keys: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape, .tab,
                           .backTab, .backspace, .delete, .char(" "), .ctrl("r"), .ctrl("a"), .ctrl("e"),
                           .ctrl("u"), .ctrl("k"), .ctrl("c")]
        keys += "hjklgGuUsSo?qynx/aebcpr[]".map { .char($0) }
        keys += (0...9).map { .char(Character(String($0))) }
        keys += (1...6).map { .function($0) }
        // The frequent ones once more, so that sequences go somewhere.
        keys += [.down, .up, .right, .left, .enter, .escape, .char(" "), .char("u"), .char("l"), .char("j")]
        return keys
    }()

    struct Harness {
        var state: AppState
        var saved: Setting
        var rng: SeededGenerator
        /// Saves asked for and not answered: path, the setting the file holds, and whether a preset
        /// was opened since (then success must not change what is saved).
        var inFlight: [(path: String, setting: Setting, stale: Bool)] = []
        let openable: [LoadedPreset]

        mutating func send(_ event: Event) {
            // A level key where no segment is on screen changes nothing (issue 12).
            let before = state.evaluation.setting
            let outOfSight = !state.showsSelectedSegment && state.prompt == nil && !state.filtering && !state.showHelp
            let effects = update(&state, event)
            if outOfSight, case .key(let key) = event, [Key.left, .right, .char("h"), .char("l")].contains(key)
                || (0...9).map({ Key.char(Character(String($0))) }).contains(key) {
                #expect(state.evaluation.setting == before, "\(key) changed a level out of sight")
            }
            checkInvariants(state, savedSetting: saved)
            for effect in effects { carryOut(effect) }
        }

        mutating func carryOut(_ effect: Effect) {
            switch effect {
            case .save(let path, let contents):
                do {
                    let (_, setting) = try decodePreset(contents, path: path, model: state.model)
                    #expect(setting == state.evaluation.setting)
                    inFlight.append((path, setting, false))
                } catch {
                    Issue.record("saved preset does not decode: \(error)")
                }
            case .open(let path):
                if Bool.random(using: &rng) {
                    let preset = openable[Int.random(in: 0..<openable.count, using: &rng)]
                    var opened = preset
                    opened.path = path
                    saved = opened.setting
                    inFlight = inFlight.map { ($0.path, $0.setting, true) }
                    send(.opened(.success(opened)))
                } else {
                    send(.opened(.failure(BalansError(.cannotOpen, file: path, "no such file"))))
                }
            case .complete(let prefix):
                let candidates = [[], [prefix + "a.json"], [prefix + "x/a.json", prefix + "x/b.json"]]
                send(.completions(prefix: Bool.random(using: &rng) ? prefix : "stale",
                                  candidates: candidates[Int.random(in: 0..<3, using: &rng)]))
            case .loadCompare(let path):
                if Bool.random(using: &rng) {
                    var preset = openable[Int.random(in: 0..<openable.count, using: &rng)]
                    preset.path = path
                    send(.compareLoaded(.success(preset)))
                } else {
                    send(.compareLoaded(.failure(BalansError(.cannotOpen, file: path, "no such file"))))
                }
            case .bell, .quit, .suspend:
                break
            }
        }

        mutating func answerOldestSave() {
            guard !inFlight.isEmpty else { return }
            let save = inFlight.removeFirst()
            if Int.random(in: 0..<4, using: &rng) == 0 {
                send(.saved(path: save.path, error: BalansError(.cannotWrite, file: save.path, "disk full")))
            } else {
                if !save.stale { saved = save.setting }
                send(.saved(path: save.path, error: nil))
            }
        }

        mutating func step() {
            let n = state.scenario.segments.count
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<75:
                send(.key(UpdateInvariantTests.keys.randomElement(using: &rng)!))
            case 75..<83:
                send(.action(.selectSegment(Int.random(in: -1...n, using: &rng))))
            case 83..<89:
                send(.action(.setSegmentLevel(segment: Int.random(in: -1...n, using: &rng),
                                              level: Int.random(in: -1...7, using: &rng))))
            case 89..<91:
                send(.action(.scroll(Int.random(in: -12...12, using: &rng))))
            case 91..<93:
                // The Ethics list's and the help's mouse actions, in range or not.
                let actions: [Action] = [.selectBreach(Int.random(in: -1...30, using: &rng)),
                                         .scrollEthics(Int.random(in: -12...12, using: &rng)),
                                         .scrollHelpLines(Int.random(in: -12...12, using: &rng))]
                send(.action(actions.randomElement(using: &rng)!))
            case 93..<96:
                send(.resize(width: Int.random(in: 0...160, using: &rng), height: Int.random(in: 0...60, using: &rng)))
            default:
                answerOldestSave()
            }
        }
    }

    static func openable() throws -> [LoadedPreset] {
        let root = packageRoot() + "/Fixtures/presets/"
        return [
            try Loader.preset(root + "nordic-balanced.json"),
            try Loader.preset(root + "bank-next-best-offer.json"),
            loaded(manyScenario(3), setting: Setting(levels: [2, 1, 0], excluded: [[0], [], []]), path: "three.json"),
            loaded(manyScenario(40), setting: .generic(segments: 40), path: "forty.json"),
        ]
    }

    @Test("200 random events keep selection, scroll, detail row, scores and the unsaved mark right",
          arguments: Array(1...20) as [UInt64])
    func random(seed: UInt64) throws {
        let starts: [AppState] = [
            nordicState(),
            state(of: manyScenario(30), height: 12, presetPath: "many.json"),
            nordicState(width: 120, height: 40, presetPath: "p.json"),
        ]
        for start in starts {
            var h = Harness(state: start, saved: start.evaluation.setting, rng: SeededGenerator(seed: seed),
                            openable: try Self.openable())
            for _ in 0..<200 { h.step() }
            // Drain the saves still in flight: the last answer decides what is saved.
            while !h.inFlight.isEmpty { h.answerOldestSave() }
        }
    }
}
