import ArgumentParser
import BalansModel
import BalansText

/// `balans calibrate`: the score's weights from what customers say (issue 15, decision 0029,
/// docs/calibration.md).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibrate the score's weights from a survey of customers.",
        discussion: """
        design makes a questionnaire from the scenario: short situations (vignettes) built from \
        its own data and flags, chosen so that every weight can be told apart, in blocks for each \
        respondent, with an attention check, in English and Swedish. fit turns the answers (the \
        seven intrusiveness items of Li, Edwards & Lee 2002, 1-7) into a weights object with \
        bootstrap intervals. The scale measures perceived intrusiveness, not harm; read \
        docs/calibration.md before you run a survey.

          balans calibrate design --scenario shop.json -o d.json --questionnaire q.csv
          balans calibrate fit d.json answers.csv --scenario shop.json -o w.json
        """,
        subcommands: [CalibrateDesignCommand.self, CalibrateFitCommand.self])
}

/// The summary formats of the calibration commands.
enum CalibrateFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `balans calibrate design`.
struct CalibrateDesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Make a calibration questionnaire (a calibration-design/1 file) from a scenario.",
        discussion: """
        The vignettes vary the data bundle (one category per tier and identifiability), its \
        origin, a special feature, cross-context linking 0-2, obtrusive delivery, profiling, and \
        a minor or vulnerable customer (told in the third person). A seeded exchange search picks \
        --vignettes of them for the largest determinant of the information matrix; the summary \
        gives the rank and condition number and, per weight, the share of its variation the \
        others cannot explain. Each respondent sees one block: the generic vignette and K - 1 \
        others in a random order, and the attention check. --questionnaire writes the questions \
        as CSV for a survey tool. The same seed gives the same design.

          balans calibrate design -o design.json --questionnaire questionnaire.csv
          balans calibrate design --vignettes 30 --seed 7 -o design.json
        """)

    @Option(help: ArgumentHelp("The scenario: a file or builtin:NAME (default: builtin:nordic-retail).", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: ArgumentHelp("How many vignettes, the generic one included (10-200).", valueName: "N"))
    var vignettes: Int = 24

    @Option(help: ArgumentHelp("Vignettes per respondent, the generic one included (2-N).", valueName: "K"))
    var perRespondent: Int = 8

    @Option(help: ArgumentHelp("The seed of the search and of the blocks' order.", valueName: "N"))
    var seed: Int = 1

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the design.", valueName: "FILE"),
            completion: .file(extensions: ["json"]))
    var output: String

    @Option(help: ArgumentHelp("Also write the questionnaire as CSV to FILE.", valueName: "FILE"),
            completion: .file(extensions: ["csv"]))
    var questionnaire: String?

    @Option(help: "The summary's format.")
    var format: CalibrateFormat = .text

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard CalibrationDesign.vignetteRange.contains(vignettes) else {
            throw ValidationError("--vignettes must be a whole number from \(CalibrationDesign.vignetteRange.lowerBound) to \(CalibrationDesign.vignetteRange.upperBound)")
        }
        guard (2...vignettes).contains(perRespondent) else {
            throw ValidationError("--per-respondent must be a whole number from 2 to --vignettes (\(vignettes))")
        }
        guard seed >= 0, seed <= 1 << 53 else { throw ValidationError("--seed must be a whole number from 0 to 2^53") }
        if !output.hasSuffix(".json") { throw ValidationError("-o must name a .json file, not \(SafeText.quoted(output))") }
        if let questionnaire, !questionnaire.hasSuffix(".csv") {
            throw ValidationError("--questionnaire must name a .csv file, not \(SafeText.quoted(questionnaire))")
        }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try Loader.scenario(scenario ?? Loader.defaultScenario)
            var design = try CalibrationDesign.build(scenario: loaded.scenario, vignettes: vignettes,
                                                     perRespondent: perRespondent, seed: UInt64(seed))
            let names = Dictionary(loaded.scenario.categories.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let languages = Language.allCases.map { Catalogue($0) }
            for i in design.vignettes.indices {
                let v = design.vignettes[i]
                design.vignettes[i].texts = languages.map {
                    ($0.language.rawValue, $0.vignette(v, company: loaded.scenario.name, categoryName: v.category.flatMap { names[$0] } ?? ""))
                }
            }
            design.attentionTexts = languages.map { ($0.language.rawValue, $0.template(VignetteText.vigAttention)) }
            let csv = questionnaire.map { _ in CalibrateReport.questionnaireCSV(design) }
            try FileIO.writeAtomically(JSONWriter.write(design.json, inlineSmallObjects: true), to: output)
            Output.wrote(output)
            if let questionnaire, let csv {
                try FileIO.writeAtomically(csv, to: questionnaire)
                Output.wrote(questionnaire)
            }
            let c = language.catalogue
            Output.print(format == .json ? JSONWriter.write(design.json["identification"] ?? .null, inlineSmallObjects: true)
                                         : CalibrateReport.designText(design, c))
        }
    }
}

/// `balans calibrate fit`.
struct CalibrateFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit the score's weights to the answers of a calibration survey.",
        discussion: """
        ANSWERS is a CSV in long form with a header: respondent (a pseudonymous token, never a \
        customer id), vignette, and the seven items distracting, disturbing, forced, interfering, \
        intrusive, invasive, obtrusive (whole numbers 1-7); other columns are groups for the \
        residuals. Respondents who fail the attention check are left out. The mean of the items \
        (Cronbach's alpha is reported) is fitted, within each respondent, by non-negative least \
        squares; each weight is its coefficient over the DPC x EI slope, with bootstrap \
        intervals over respondents. A weight the answers cannot identify keeps the scenario's \
        value and is flagged. vulnerable and specialFeature never go below their defaults \
        unless --allow-lower-protections. The report ends with the segments and levels whose \
        band the fitted weights change. -o writes the weights and the report \
        (calibration-fit/1), --apply a copy of the scenario with the weights; nothing is \
        written when an input is wrong.

          balans calibrate fit design.json answers.csv -o weights.json
          balans calibrate fit d.json answers.csv --bootstrap 2000 --seed 3 -o w.json
        """)

    @Argument(help: ArgumentHelp("The design (calibrate design -o).", valueName: "DESIGN"), completion: .file(extensions: ["json"]))
    var design: String

    @Argument(help: ArgumentHelp("The answers, CSV; - reads standard input.", valueName: "ANSWERS"), completion: .file(extensions: ["csv"]))
    var answers: String

    @Option(help: ArgumentHelp("The scenario the design was made for (default: builtin:nordic-retail).", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: ArgumentHelp("Bootstrap draws over respondents (0-100000; 0: no intervals).", valueName: "N"))
    var bootstrap: Int = 1000

    @Option(help: ArgumentHelp("The bootstrap's seed.", valueName: "N"))
    var seed: Int = 1

    @Flag(help: "Let the fitted vulnerable and specialFeature weights go below their defaults.")
    var allowLowerProtections = false

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the weights and the report.", valueName: "FILE"),
            completion: .file(extensions: ["json"]))
    var output: String

    @Option(help: ArgumentHelp("The fit's date recorded in the output, YYYY-MM-DD (default: today, UTC).", valueName: "DATE"))
    var date: String?

    @Option(help: ArgumentHelp("Also write a copy of the scenario with the fitted weights to FILE.", valueName: "FILE"),
            completion: .file(extensions: ["json"]))
    var apply: String?

    @Option(help: "The report's format on standard output.")
    var format: CalibrateFormat = .text

    @OptionGroup var language: LanguageOption

    func validate() throws {
        if let date, CalendarDay(iso: date) == nil { throw ValidationError("--date must be a date YYYY-MM-DD, not \(SafeText.quoted(date))") }
        if let apply, !apply.hasSuffix(".json") { throw ValidationError("--apply must name a .json file, not \(SafeText.quoted(apply))") }
        guard (0...100_000).contains(bootstrap) else { throw ValidationError("--bootstrap must be a whole number from 0 to 100000") }
        guard seed >= 0, seed <= 1 << 53 else { throw ValidationError("--seed must be a whole number from 0 to 2^53") }
        if !output.hasSuffix(".json") { throw ValidationError("-o must name a .json file, not \(SafeText.quoted(output))") }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try Loader.scenario(scenario ?? Loader.defaultScenario)
            let d = try CalibrationDesign.decode(try Loader.parse(design))
            try d.check(against: loaded.scenario, file: design)
            let responses = try CalibrationResponses.read(answers, design: d)
            let shownAnswers = answers == "-" ? "stdin" : answers
            let fit = try CalibrationFit.fit(design: d, responses: responses, previous: loaded.scenario.weights,
                                             bootstrap: bootstrap, seed: UInt64(seed),
                                             allowLowerProtections: allowLowerProtections, file: shownAnswers)
            let impact = CalibrationImpact(scenario: loaded.scenario, weights: fit.weights)
            func name(_ path: String) -> String { path == "-" ? "stdin" : (path.split(separator: "/").last.map(String.init) ?? path) }
            let day = date ?? CalendarDay.todayUTC().iso
            let json = JSONWriter.write(fit.json(scenario: loaded.scenario.name, design: name(design), answers: name(answers),
                                                 date: day, impact: impact), inlineSmallObjects: true)
            try FileIO.writeAtomically(json, to: output)
            Output.wrote(output)
            if let apply {
                try FileIO.writeAtomically(JSONWriter.write(loaded.scenario.withCalibrated(fit.weights, source: fit.source(answers: name(answers), design: name(design), date: day)).json, inlineSmallObjects: true), to: apply)
                Output.wrote(apply)
            }
            Output.print(format == .json ? json : CalibrateReport.fitText(fit, impact: impact, scenario: loaded.scenario,
                                                                          design: design, c: language.catalogue))
        }
    }
}
