import ArgumentParser
import BalansModel
import BalansText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `balans audit`: regular audits, kept in a tamper-evident log (issue #17, decision 0032).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Keep audits in a hash-chained log: record one, verify the log, show the trend.",
        discussion: """
        record appends one entry to a JSON Lines log: the date and time, Balans's version, the \
        inputs' paths and SHA-256, the aggregate figures, fairness, every violation, the consent \
        sources, the weights, the setting and a note. Each entry carries the SHA-256 of the one \
        before, so verify finds an entry that was changed, removed or moved, by its line (65). \
        The log is only ever appended to, under a lock; a write cut off by a crash leaves a torn \
        last line, which verify reports and record refuses to append after. docs/audits.md has a \
        worked example.

        Examples:
          balans audit record Fixtures/presets/nordic-balanced.json --log audits.jsonl --note "Q4 review"
          balans audit verify --log audits.jsonl
          balans audit trend --log audits.jsonl --format csv
        """,
        subcommands: [AuditRecordCommand.self, AuditVerifyCommand.self, AuditTrendCommand.self])
}

struct AuditRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Append an audit of a preset to a log.",
        discussion: """
        Audits PRESET (or, with --scenario alone, every segment at level 0) under the defaults, the \
        scenario's policy and --policy, as balans check does, and appends the entry to --log \
        (created when missing). The time recorded is now, or SOURCE_DATE_EPOCH when it is set. \
        Nothing is written when an input or the log is bad.
        """)

    @Argument(help: ArgumentHelp("The preset file to audit.", valueName: "PRESET"), completion: CompletionKind.presetFile)
    var preset: String?

    @Option(help: ArgumentHelp("A scenario file or builtin:NAME; overrides the preset's own.", valueName: "FILE"),
            completion: CompletionKind.scenario)
    var scenario: String?

    @Option(help: ArgumentHelp("A policy file, or builtin:NAME, layered over the defaults and the scenario's policy.", valueName: "FILE"),
            completion: CompletionKind.policy)
    var policy: String?

    @Option(help: ArgumentHelp("The audit log (JSON Lines) to append to.", valueName: "FILE"), completion: .file(extensions: ["jsonl"]))
    var log: String

    @Option(help: ArgumentHelp("A note kept with the entry (who, why).", valueName: "TEXT"))
    var note: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        guard preset != nil || scenario != nil else {
            Output.error("audit record needs a PRESET or --scenario FILE (an empty variable must not audit the demo)")
            throw ExitCode(64)
        }
        try reportingErrors {
            let inputs = try Inputs.load(preset: preset, scenario: scenario, policy: policy)
            let provenance = try ReportCommand.provenance(inputs: inputs, policy: policy, clampedTo: nil)
            let recorded = AuditEntry.now()
            let (number, hash) = try AuditLog.append(to: log) { chain in
                AuditEntry.members(number: chain.entries.count + 1, previous: chain.lastHash, recorded: recorded,
                                   inputs: inputs, provenance: provenance, note: note)
            }
            let c = language.catalogue
            Output.print(c.text(.cliAuditRecorded, String(number), safe(log), String(hash.prefix(16))))
        }
    }
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an audit log's chain: exit 65 naming the first entry that was changed, removed or moved.",
        discussion: """
        Reads every line of --log and checks that each is an audit entry Balans wrote, numbered in \
        order, with the SHA-256 it was recorded with, and chained to the entry before. A log that \
        was only appended to by balans audit record verifies. The first problem is one line on \
        stderr, FILE:LINE: problem, and the exit status is 65.
        """)

    @Option(help: ArgumentHelp("The audit log (JSON Lines) to check.", valueName: "FILE"), completion: .file(extensions: ["jsonl"]))
    var log: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        try reportingErrors {
            let bytes = try FileIO.read(log)
            switch AuditLog.verify(bytes, file: log) {
            case .failure(let p):
                throw BalansError.auditLog(log, p)
            case .success(let chain):
                let c = language.catalogue
                Output.print(c.text(chain.entries.count == 1 ? .cliAuditVerifiedOne : .cliAuditVerifiedMany, safe(log),
                                    String(chain.entries.count), String(chain.lastHash.prefix(16))))
            }
        }
    }
}

/// The members of one entry, in the order the log keeps them (docs/audits.md, the schema).
enum AuditEntry {
    /// Now in UTC as `2026-12-02T16:30:05Z`, or SOURCE_DATE_EPOCH's time when it is set.
    static func now() -> String {
        var seconds = Int(time(nil))
        if let raw = getenv("SOURCE_DATE_EPOCH"), let epoch = Int(String(cString: raw)), epoch >= 0 { seconds = epoch }
        let day = CalendarDay.day(ofEpochSeconds: seconds)
        let s = seconds % 86_400
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : String(x) }
        return "\(day.iso)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }

    static func members(number: Int, previous: String, recorded: String, inputs: Inputs,
                        provenance: [AuditReport.Provenance], note: String?) -> [(String, JSONValue)] {
        let evaluation = inputs.evaluation
        let scenario = inputs.model.scenario
        let agg = evaluation.aggregate
        let violations = evaluation.violations
        func count(_ s: Severity) -> JSONValue { .int(violations.filter { $0.severity == s }.count) }
        let files: [JSONValue] = provenance.map { p in
            let role: String
            switch p.role {
            case .preset: role = "preset"
            case .scenario: role = "scenario"
            case .policy: role = "policy"
            }
            switch p.source {
            case .file(let path, let sha256, _): return .obj([("role", .str(role)), ("path", .str(path)), ("sha256", .str(sha256))])
            case .builtin(let name): return .obj([("role", .str(role)), ("builtin", .str(name))])
            }
        }
        var sources: [JSONValue] = []
        var seen = Set<String>()
        for seg in scenario.segments {
            for (_, s) in seg.consentSource where seen.insert("\(s.file)\u{0}\(s.date)\u{0}\(s.method.rawValue)").inserted {
                sources.append(.obj([("file", .str(s.file)), ("date", .str(s.date)), ("method", .str(s.method.rawValue))]))
            }
        }
        let w = scenario.weights
        let weights: JSONValue = .obj([
            ("origin", .obj([("declared", .num(w.declared)), ("observed", .num(w.observed)), ("inferred", .num(w.inferred))])),
            ("specialFeature", .num(w.specialFeature)), ("crossContext", .num(w.crossContext)), ("obtrusive", .num(w.obtrusive)),
            ("vulnerable", .num(w.vulnerable)), ("profilingBoost", .num(w.profilingBoost)),
        ])
        let setting = evaluation.setting
        let levels: JSONValue = .obj(scenario.segments.indices.map { (scenario.segments[$0].id, .int(setting.levels[$0])) })
        let excluded: JSONValue = .obj(scenario.segments.indices.compactMap { s in
            setting.excluded[s].isEmpty ? nil : (scenario.segments[s].id, .arr(setting.excluded[s].map { .str(scenario.categories[$0].id) }))
        })
        return [
            ("balans", .str(AuditLog.version)),
            ("entry", .int(number)),
            ("recorded", .str(recorded)),
            ("balansVersion", .str(BalansCommand.configuration.version)),
            ("note", note.map { .str($0) } ?? .null),
            ("scenario", .str(scenario.name)),
            ("preset", inputs.preset.map { .str($0.preset.name) } ?? .null),
            ("inputs", .arr(files)),
            ("aggregate", .obj([("intrusiveness", .num(agg.intrusiveness)), ("band", .str(agg.band.rawValue)),
                                ("uplift", .num(agg.uplift)), ("value", .num(agg.value)), ("customers", .int(agg.customers))])),
            ("fairness", .arr(evaluation.fairness.map {
                .obj([("attribute", .str($0.attribute)), ("upliftParity", .num($0.upliftParity)), ("exposureParity", .num($0.exposureParity))])
            })),
            ("breaches", .obj([("error", count(.error)), ("warning", count(.warning)), ("info", count(.info))])),
            ("violations", .arr(violations.map { v in
                var m: [(String, JSONValue)] = [("rule", .str(v.rule.rawValue)), ("severity", .str(v.severity.rawValue))]
                if let s = v.segment { m.append(("segment", .str(scenario.segments[s].id))) }
                if let a = v.attribute { m.append(("attribute", .str(a))) }
                return .obj(m)
            })),
            ("consentSources", .arr(sources)),
            ("weights", weights),
            // Where the weights came from, when a calibration fitted them (decision 0033); null otherwise.
            ("weightsSource", scenario.weightsSource.map { src in
                .obj([("file", .str(src.file)), ("design", src.design.map { .str($0) } ?? .null), ("respondents", .int(src.respondents)),
                      ("date", .str(src.date)), ("method", .str(src.method.rawValue))])
            } ?? .null),
            ("setting", .obj([("levels", levels), ("excluded", excluded)])),
            ("previous", .str(previous)),
        ]
    }
}

extension AuditLog {
    /// Appends the entry `members(chain)` gives to the log at `path`, under an exclusive lock,
    /// after checking the whole log; creates the log when it is missing. Nothing is written when
    /// the log is bad (65) or cannot be opened (73); a write that fails is cut back off, so the
    /// log is never left with half an entry by an error (a crash can still tear it: verify says so).
    static func append(to path: String, _ members: (Chain) -> [(String, JSONValue)]) throws(BalansError) -> (number: Int, hash: String) {
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BalansError(.cannotWrite, file: path, "cannot open the log: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw BalansError(.cannotWrite, file: path, "the log must be a regular file")
        }
        guard flock(fd, LOCK_EX) == 0 else { throw BalansError(.cannotWrite, file: path, "cannot lock the log: \(String(cString: strerror(errno)))") }
        defer { _ = flock(fd, LOCK_UN) }
        // Read it whole, through the locked descriptor.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        _ = lseek(fd, 0, SEEK_SET)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BalansError(.io, file: path, "cannot read the log: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > FileIO.maxInputSize {
                throw BalansError(.badData, file: path, "the log is over 64 MiB; start a new log and keep this one")
            }
        }
        let chain: Chain
        switch verify(bytes, file: path) {
        case .success(let c): chain = c
        case .failure(let p): throw BalansError.auditLog(path, p)
        }
        let (line, hash) = self.line(members(chain))
        let size = lseek(fd, 0, SEEK_END)
        let e = line.withUnsafeBytes { Output.writeAll(fd, $0) }
        if e != 0 || fsync(fd) != 0 {
            let code = e != 0 ? e : errno
            if size >= 0 { _ = ftruncate(fd, size) }
            throw BalansError(.cannotWrite, file: path, "cannot append to the log: \(String(cString: strerror(code)))")
        }
        return (chain.entries.count + 1, hash)
    }
}
