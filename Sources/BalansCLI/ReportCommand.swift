import ArgumentParser
import BalansModel
import BalansText

/// `balans report`: an audit report a data-protection officer can file, as Markdown or HTML.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an audit report of a preset as Markdown or self-contained HTML.",
        discussion: """
        The report holds the scenario and preset, the date, the settings table (score, band, reach, \
        value), the data each segment's level touches with its consent rates, every violation of the \
        ethical code with its rule and reason, the fairness table with its caveat, the DPIA criteria \
        (WP248) met, the frontier chart with the current point, the transparency notices and an \
        appendix on the method and its sources.

        The format comes from the extension of -o: .md (Markdown; the chart is written next to it \
        as FILE.svg and linked) or .html (one self-contained file: inline CSS and SVG, no scripts, \
        nothing fetched, made to print). The language is --lang en|sv, else the locale \
        (LC_ALL, LC_MESSAGES, LANG). The date is today (UTC) unless --date YYYY-MM-DD is given, \
        which makes the output reproducible.

        Examples:
          balans report Fixtures/presets/nordic-balanced.json -o audit.html
          balans report preset.json -o audit.md --lang sv --date 2026-11-29
        """)

    @Argument(help: ArgumentHelp("The preset to report on; without it every segment is at level 0.", valueName: "PRESET"),
              completion: CompletionKind.presetFile)
    var preset: String?

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME; overrides the preset's own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: ArgumentHelp("A policy file, or builtin:NAME (see balans policies), layered over the scenario's ethical code.", valueName: "FILE"),
            completion: CompletionKind.policy)
    var policy: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The report file: FILE.md or FILE.html.", valueName: "FILE"),
            completion: .file(extensions: ["md", "html"]))
    var output: String

    @OptionGroup var language: LanguageOption

    @Option(help: ArgumentHelp("The report's date, YYYY-MM-DD (default: today, UTC).", valueName: "DATE"))
    var date: String?

    func validate() throws {
        if ReportFormat(path: output) == nil {
            throw ValidationError("cannot tell the report format from \(SafeText.quoted(output)): give -o a file ending in .md or .html")
        }
        if let date, CalendarDay(iso: date) == nil {
            throw ValidationError("--date must be a date YYYY-MM-DD, not \(SafeText.quoted(date))")
        }
    }

    func run() throws {
        guard let format = ReportFormat(path: output), let language = language.language else { throw ExitCode(64) }
        let day = date.flatMap(CalendarDay.init(iso:)) ?? CalendarDay.todayUTC()
        try reportingErrors {
            let inputs = try Inputs.load(preset: preset, scenario: scenario, policy: policy)
            let report = AuditReport(inputs: inputs, catalogue: Catalogue(language), date: day,
                                     version: BalansCommand.configuration.version)
            switch format {
            case .html:
                try FileIO.writeAtomically(report.html(), to: output)
                Output.wrote(output)
            case .markdown:
                // Beside the file the report lands in (a symlinked -o is followed), as the report
                // names its chart without a folder.
                let svgPath = ReportFormat.chartPath(for: FileIO.savedPath(output))
                let svgName = svgPath.split(separator: "/").last.map(String.init) ?? svgPath
                try FileIO.writeAtomically(report.chartSVG(prolog: true), to: svgPath)
                Output.wrote(svgPath)
                try FileIO.writeAtomically(report.markdown(chartFile: svgName), to: output)
                Output.wrote(output)
            }
        }
    }
}

/// The report's format, from the output file's extension.
enum ReportFormat {
    case markdown, html

    init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "md", "markdown": self = .markdown
        case "html", "htm", "xhtml": self = .html
        default: return nil
        }
    }

    /// FILE.md -> FILE.svg, next to it.
    static func chartPath(for path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path + ".svg" }
        return String(path[..<dot]) + ".svg"
    }
}

extension CalendarDay {
    /// "29 November 2026" / "29 november 2026".
    func long(_ c: Catalogue) -> String {
        let months: [ReportText] = [.reportMonth1, .reportMonth2, .reportMonth3, .reportMonth4, .reportMonth5, .reportMonth6, .reportMonth7, .reportMonth8, .reportMonth9,
                                    .reportMonth10, .reportMonth11, .reportMonth12]
        return "\(day) \(c.text(months[month - 1])) \(year)"
    }
}
