import ArgumentParser
import BalansModel
import BalansText

/// `balans report`: an audit report a data-protection officer can file, as Markdown or HTML.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an audit report of a preset as Markdown or self-contained HTML.",
        discussion: """
        The report opens with its verdict (the setting passes or fails the ethical code, with the \
        numbers of errors, warnings and infos) and the provenance of its inputs (each file's path, \
        SHA-256 and day of last change; built-ins by name; the Balans version). It holds the \
        scenario and preset, the date, the settings table (score, band, reach, \
        value), the data each segment's level touches with its consent rates, every violation of the \
        ethical code with its rule and reason, the fairness table with its caveat, the DPIA criteria \
        (WP248) met, the frontier chart with the current point, the transparency notices and an \
        appendix on the method and its sources, and ends with a sign-off block to fill in on paper \
        (prepared by, reviewed by the DPO, decision, date). With --log FILE (an audit log kept by \
        balans audit record) it also shows the audits over time and what changed between them, \
        after checking the log's chain (a broken one is 65).

        The format comes from the extension of -o: .md (Markdown; the chart is written next to it \
        as FILE.svg and linked) or .html (one self-contained file: inline CSS and SVG, no scripts, \
        nothing fetched, made to print). The language is --lang en|sv, else the locale \
        (LC_ALL, LC_MESSAGES, LANG). The date is today (UTC) unless --date YYYY-MM-DD is given, \
        which makes the output reproducible (a file changed after that day is listed with that day).

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

    @Option(help: ArgumentHelp("An audit log (balans audit record): adds the audits over time, after checking its chain.", valueName: "FILE"),
            completion: .file(extensions: ["jsonl"]))
    var log: String?

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
            let provenance = try Self.provenance(inputs: inputs, policy: policy, clampedTo: date == nil ? nil : day)
            var trend: (log: String, lastHash: String, trend: AuditTrend)? = nil
            if let log {
                switch AuditLog.verify(try FileIO.read(log), file: log) {
                case .success(let chain): trend = (log, chain.lastHash, AuditTrend(chain.entries.map(AuditTrend.Entry.init)))
                case .failure(let p): throw BalansError.auditLog(log, p)
                }
            }
            let report = AuditReport(inputs: inputs, catalogue: Catalogue(language), date: day,
                                     version: BalansCommand.configuration.version, provenance: provenance, trend: trend)
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
                // With --log, the trend's chart beside it too (FILE-trend.svg).
                var trendName: String? = nil
                if let trendSVG = report.trendChartSVG(prolog: true) {
                    let trendPath = String(svgPath.dropLast(4)) + "-trend.svg"
                    trendName = trendPath.split(separator: "/").last.map(String.init) ?? trendPath
                    try FileIO.writeAtomically(trendSVG, to: trendPath)
                    Output.wrote(trendPath)
                }
                try FileIO.writeAtomically(report.markdown(chartFile: svgName, trendChartFile: trendName), to: output)
                Output.wrote(output)
            }
        }
    }
}

extension ReportCommand {
    /// The preset, scenario and policy the report rests on: a file's path, the SHA-256 of its bytes
    /// and the UTC day it was last changed, or a built-in's name. With `--date` (`clampedTo`), a day
    /// after the report's is shown as the report's (as SOURCE_DATE_EPOCH clamps times in
    /// reproducible builds), so that the goldens and any re-run from the same files are identical.
    static func provenance(inputs: Inputs, policy: String?, clampedTo limit: CalendarDay?) throws(BalansError)
        -> [AuditReport.Provenance] {
        func source(_ reference: String) throws(BalansError) -> AuditReport.Provenance.Source {
            if reference.hasPrefix(Loader.builtinPrefix) { return .builtin(reference) }
            let bytes = try FileIO.read(reference)
            let hex = AuditLog.sha256(bytes)
            var day = FileIO.modificationDay(reference)
            if let limit, let d = day, limit.isBefore(d) { day = limit }
            return .file(path: reference, sha256: hex, day: day)
        }
        var out: [AuditReport.Provenance] = []
        if let p = inputs.preset { out.append(.init(role: .preset, source: try source(p.path))) }
        out.append(.init(role: .scenario, source: try source(inputs.scenario.reference)))
        if let policy { out.append(.init(role: .policy, source: try source(policy))) }
        return out
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
