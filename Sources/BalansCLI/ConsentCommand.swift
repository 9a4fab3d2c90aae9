import ArgumentParser
import BalansModel

/// `balans consent`: consent rates from real consent records (decision 0015, docs/consent-import.md).
struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Import consent rates from CMP exports or TCF consent strings; decode a TC or GPP string.",
        discussion: """
        The consent rates of a scenario should come from real consent records. import-csv reads a \
        consent-management platform's export (rates or counts per segment and category or TCF \
        purpose); tcf counts IAB TCF v2.2 consent strings, alone or in GPP strings; decode shows what one TC or GPP string says. \
        The imports write the updated scenario atomically and record in it, per rate, the file and \
        date it came from; the dashboard's detail pane and balans report show that. docs/consent-import.md has the \
        columns and examples.
        """,
        subcommands: [ConsentImportCSVCommand.self, ConsentTCFCommand.self, ConsentDecodeCommand.self])
}

/// The options both imports share.
struct ConsentImportOptions: ParsableArguments {
    /// The formats of the imports' summary: `--help` and shell completions list these and no others.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("The consent file; - reads standard input.", valueName: "FILE"), completion: .file())
    var file: String

    @Option(help: ArgumentHelp("The scenario to update: a file or builtin:NAME (default: builtin:nordic-retail).", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(name: [.short, .customLong("output")],
            help: ArgumentHelp("Where to write the updated scenario (may be the scenario file itself); required, except for tcf with --counts-out.", valueName: "FILE"),
            completion: .file(extensions: ["json"]))
    var output: String?

    @Option(help: ArgumentHelp("The import's date recorded with each rate, YYYY-MM-DD (default: today, UTC).", valueName: "DATE"))
    var date: String?

    @Option(help: "The summary's format.")
    var format: Format = .text

    @OptionGroup var language: LanguageOption

    func validate() throws {
        if let date, CalendarDay(iso: date) == nil { throw ValidationError("--date must be a date YYYY-MM-DD, not \(SafeText.quoted(date))") }
        if let output, !output.hasSuffix(".json") { throw ValidationError("-o must name a .json file, not \(SafeText.quoted(output))") }
    }

    /// The input as messages name it.
    var shown: String { file == "-" ? "stdin" : file }

    func source(_ method: ConsentSource.Method) -> ConsentSource {
        let name = file == "-" ? "stdin" : (file.split(separator: "/").last.map(String.init) ?? file)
        return ConsentSource(file: name, date: date ?? CalendarDay.todayUTC().iso, method: method)
    }

    /// Loads the scenario, runs `body`, writes the updated scenario — or, with `countsOut`, the
    /// mergeable counts (`-`: standard output) — unless nothing could be used (then 65, and the old
    /// file stays as it was), and prints the summary either way: to standard output, or to standard
    /// error when the counts go there (standard output carries only the result).
    func run(_ method: ConsentSource.Method, countsOut: String? = nil,
             _ body: (Scenario, ConsentSource) throws(BalansError) -> ConsentImport) throws {
        let target = countsOut ?? output ?? ""
        let shownTarget = target == "-" ? "stdout" : target
        try reportingErrors {
            let loaded = try Loader.scenario(scenario ?? Loader.defaultScenario)
            let result = try body(loaded.scenario, source(method))
            // Write first, so that the summary says "Wrote" only when it is true; the summary is
            // printed either way, because its list of unusable records is what to fix next.
            var failure: BalansError? = nil
            if result.used > 0 {
                do throws(BalansError) {
                    if countsOut != nil {
                        let csv = ConsentImport.countsCSV(result.counts ?? [])
                        if target == "-" {
                            Output.writeResult(csv)
                        } else {
                            try FileIO.writeAtomically(csv, to: target)
                            Output.wrote(target)
                        }
                    } else {
                        try FileIO.writeAtomically(JSONWriter.write(result.scenario.json, inlineSmallObjects: true), to: target)
                        Output.wrote(target)
                    }
                } catch {
                    failure = error
                }
            } else {
                failure = BalansError(.badData, file: shown,
                                      "no usable records (\(result.records) read); \(shownTarget) was not written")
            }
            let summary = ConsentSummary(result: result, input: shown, output: shownTarget,
                                         written: failure == nil, method: method, countsOut: countsOut != nil, catalogue: language.catalogue)
            let text = format == .json ? summary.json() : summary.text()
            if target == "-" {
                _ = Output.writeAll(2, text.hasSuffix("\n") ? text : text + "\n")
            } else {
                Output.print(text)
            }
            if let failure { throw failure }
        }
    }
}

/// `balans consent import-csv`.
struct ConsentImportCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-csv",
        abstract: "Set consent rates from a CMP export (CSV of rates or counts).",
        discussion: """
        The CSV has a header. Columns: segment; one of category, purpose (TCF purpose 1-11) or \
        special_feature (1-2); and rate (0.42, 42% or, with ; between fields, 0,42) or opt_ins and \
        choices (counts; rows for the same segment and key add up). Other columns are listed and \
        ignored. A category without a row of its own gets the least of its TCF purposes' and special \
        features' rates (consent is taken to be nested, as in the reach of docs/model.md, section 4); a category with \
        no data keeps its old rate and is listed. Rows that cannot be used are listed with their line \
        numbers and the reason.

        With --map, the file is a Consent Mode export instead: a segment column and columns named \
        by Google Consent Mode consent types (ad_storage, ad_user_data, ad_personalization, \
        analytics_storage, ...), each granted, denied or empty per row. --map SIGNAL=CATEGORY,... \
        says which categories a signal governs; each row is one choice for a category, and an \
        opt-in when every signal mapped to it is granted. Categories no signal is mapped to keep \
        their rates and are listed; signal columns without a mapping are not read.

          balans consent import-csv cmp-export.csv --scenario shop.json -o shop.json
          balans consent import-csv cm.csv --map ad_user_data=clicks -o shop.json
        """)

    @OptionGroup var options: ConsentImportOptions

    @Option(name: .customLong("map"),
            help: ArgumentHelp("Read Consent Mode columns: the categories SIGNAL governs (repeatable, one per signal), e.g. ad_personalization=clicks,profile.",
                               valueName: "SIGNAL=IDS"),
            completion: .list(ConsentModeSignal.allCases.map { $0.rawValue + "=" }))
    var map: [String] = []

    func validate() throws {
        if options.output == nil { throw ValidationError("-o is required: the .json file to write the updated scenario to") }
    }

    func run() throws {
        if map.isEmpty {
            try options.run(.csv) { (scenario, source) throws(BalansError) in
                try ConsentImport.cmpExport(options.file, into: scenario, source: source)
            }
            return
        }
        // Decision 0036: the mapping is checked (syntax, then the scenario's ids) before any record is read.
        try options.run(.consentMode) { (scenario, source) throws(BalansError) in
            let parsed = try ConsentModeMap.parse(map)
            try parsed.check(against: scenario)
            return try ConsentImport.consentMode(options.file, into: scenario, map: parsed, source: source)
        }
    }
}
/// `balans consent tcf`.
struct ConsentTCFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcf",
        abstract: "Set consent rates by counting IAB TCF v2.2 consent strings (alone or inside GPP strings).",
        discussion: """
        FILE holds one TC string per line, or a CSV whose header has a segment column and a \
        tc_string (or gpp_string) column. A GPP string counts by its EU TCF v2 section, exactly as \
        that TC string would; its other sections (US National and the rest) are named in the summary \
        and not counted, and a GPP string without an EU section is listed as a record not used. A record allows a category when it grants all of the category's \
        tcf.purposes (by consent, or by legitimate interest for purposes 2, 7, 8, 9, 10 and 11) and \
        opts in to all of its tcf.specialFeatures. Records that do not decode are listed by line and \
        skipped; strings with a policy version below 4 are outdated under TCF v2.2: listed, and left \
        out unless --include-outdated. Special (Art. 9) categories keep their rates: TCF consent is \
        not explicit consent. The file is streamed: any size, constant memory.

          balans consent tcf records.csv --scenario my-shop.json -o my-shop.json
          balans consent tcf tc.txt --segment loyal-members -o shop.json
        """)

    @OptionGroup var options: ConsentImportOptions

    @Option(name: .customLong("segment"),
            help: ArgumentHelp("For a file of bare TC strings: the segment(s) they describe (repeatable; default: all).", valueName: "ID"))
    var segments: [String] = []

    @Flag(help: "Count strings with a policy version below 4 too.")
    var includeOutdated = false

    @Option(help: ArgumentHelp("Write mergeable counts (segment, category/purpose/special feature, opt_ins, choices: the CSV import-csv sums) to FILE instead of a scenario; - is standard output.", valueName: "FILE"),
            completion: .file(extensions: ["csv"]))
    var countsOut: String?

    @Option(help: ArgumentHelp("Count a regular file in N parts at once, 1-64 (default: the cores, at most one per 4 MiB of the file); the result is the same for any N. Standard input is read by one.", valueName: "N"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be a whole number from 1 to 64, not \(jobs)") }
        switch (options.output, countsOut) {
        case (nil, nil): throw ValidationError("-o is required (the .json file to write the updated scenario to), or --counts-out FILE.csv")
        case (.some, .some): throw ValidationError("-o and --counts-out cannot be given together: --counts-out writes counts instead of a scenario")
        default: break
        }
        if let countsOut, countsOut != "-", !countsOut.hasSuffix(".csv") {
            throw ValidationError("--counts-out must name a .csv file or -, not \(SafeText.quoted(countsOut))")
        }
    }

    func run() throws {
        try options.run(.tcf, countsOut: countsOut) { (scenario, source) throws(BalansError) in
            try ConsentImport.tcf(options.file, into: scenario, source: source,
                                  segments: segments.isEmpty ? nil : segments, includeOutdated: includeOutdated,
                                  counts: countsOut != nil, jobs: jobs.map { min($0, ConsentImport.maxJobs) })
        }
    }
}
