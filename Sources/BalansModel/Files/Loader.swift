#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A scenario and where it came from (`builtin:NAME` or a path), for messages and saved presets.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    /// How the user or a preset named it.
    public var reference: String
}

/// A preset with its scenario and the setting it describes.
public struct LoadedPreset: Sendable {
    public var preset: Preset
    public var path: String
    public var scenario: LoadedScenario
    public var setting: Setting
    /// The scenario compiled under the default policy; `with(policy:)` gives it another.
    public var model: ScoringModel
}

/// Finding and loading files, with the scenario references of SPEC §2.
public enum Loader {
    public static let builtinPrefix = "builtin:"
    public static let defaultScenario = "builtin:nordic-retail"

    /// Parses a file into its root node.
    public static func parse(_ path: String) throws(BalansError) -> Node {
        let bytes = try FileIO.read(path)
        let source = SourceText(file: path, bytes: bytes)
        return Node(try source.parseJSON())
    }

    /// Loads a scenario named by `reference`: `builtin:NAME` or a path (relative to `folder`).
    public static func scenario(_ reference: String, relativeTo folder: String? = nil) throws(BalansError) -> LoadedScenario {
        if reference.hasPrefix(builtinPrefix) {
            let name = String(reference.dropFirst(builtinPrefix.count))
            guard let s = BuiltinScenarios.scenario(named: name) else {
                throw BalansError(.cannotOpen, file: reference,
                                  "no such built-in scenario (built-in: \(BuiltinScenarios.names.joined(separator: ", ")))")
            }
            return LoadedScenario(scenario: s, reference: reference)
        }
        let path = resolve(reference, relativeTo: folder)
        return LoadedScenario(scenario: try scenarioFile(path), reference: path)
    }

    /// Reads and decodes a scenario file: the fast decoder first, and the strict one when the fast
    /// one cannot vouch for the file (decision 0028) — which then reports the problem, if any.
    public static func scenarioFile(_ path: String) throws(BalansError) -> Scenario {
        let source = SourceText(file: path, bytes: try FileIO.read(path))
        if let fast = FastScenario.decode(source) { return fast }
        return try Scenario.decode(Node(try source.parseJSON()))
    }

    /// What `validate` reads from a file: a scenario, when the fast decoder vouches for it (most of
    /// the bytes of a large scenario never become a tree), or else the parsed root of any kind.
    public enum ReadFile {
        case scenario(Scenario)
        case root(Node)
    }

    /// Reads `reference` (a path or builtin:NAME) for `validate`.
    public static func read(_ reference: String) throws(BalansError) -> ReadFile {
        guard !reference.hasPrefix(builtinPrefix) else { return .root(try parseFileOrBuiltin(reference)) }
        let source = SourceText(file: reference, bytes: try FileIO.read(reference))
        if let fast = FastScenario.decode(source) { return .scenario(fast) }
        return .root(Node(try source.parseJSON()))
    }

    /// Loads a policy: `builtin:NAME` (see `BuiltinPolicies`) or a policy file.
    public static func policy(_ path: String) throws(BalansError) -> PolicyLayer {
        if path.hasPrefix(builtinPrefix) {
            let name = String(path.dropFirst(builtinPrefix.count))
            guard let p = try BuiltinPolicies.policy(named: name) else {
                throw BalansError(.cannotOpen, file: path,
                                  "no such built-in policy (built-in: \(BuiltinPolicies.names.joined(separator: ", ")))")
            }
            return p
        }
        return try PolicyLayer.decodeFile(try parse(path))
    }

    /// Parses a file into its root node, or the embedded text of `builtin:NAME`: a built-in scenario
    /// or policy (`validate` reads either kind this way).
    public static func parseFileOrBuiltin(_ reference: String) throws(BalansError) -> Node {
        guard reference.hasPrefix(builtinPrefix) else { return try parse(reference) }
        let name = String(reference.dropFirst(builtinPrefix.count))
        if let json = BuiltinScenarios.source(named: name) ?? BuiltinPolicies.source(named: name) {
            return try BuiltinPolicies.root(json, name: name)
        }
        throw BalansError(.cannotOpen, file: reference,
                          "no such built-in scenario or policy (scenarios: \(BuiltinScenarios.names.joined(separator: ", ")); "
                          + "policies: \(BuiltinPolicies.names.joined(separator: ", ")))")
    }

    /// Loads a preset and its scenario (`scenarioOverride` replaces the preset's own reference).
    public static func preset(_ path: String, scenarioOverride: String? = nil) throws(BalansError) -> LoadedPreset {
        let root = try parse(path)
        let preset = try Preset.decode(root)
        let loaded: LoadedScenario
        if let scenarioOverride {
            loaded = try scenario(scenarioOverride)
        } else {
            do {
                loaded = try scenario(preset.scenario, relativeTo: folder(of: path))
            } catch let e where e.kind == .cannotOpen {
                // Say which preset pointed at the missing scenario, and where.
                let node = root.member("scenario") ?? root
                var err = node.error("cannot open scenario \(SafeText.quoted(preset.scenario)): \(e.message)")
                err.kind = .cannotOpen
                throw err
            }
        }
        let model = ScoringModel(scenario: loaded.scenario, policy: .defaults)
        let setting = try Preset.resolve(root, against: model)
        return LoadedPreset(preset: preset, path: path, scenario: loaded, setting: setting, model: model)
    }

    /// The folder part of a path ("." when there is none).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `reference` relative to `folder` unless it is absolute.
    public static func resolve(_ reference: String, relativeTo folder: String?) -> String {
        guard let folder, !reference.hasPrefix("/"), folder != "." else { return reference }
        return folder.hasSuffix("/") ? folder + reference : folder + "/" + reference
    }

    /// The path a preset saved at `presetPath` should use to refer to `scenarioReference` (a path as
    /// given on the command line, relative to the current folder): see
    /// `ScenarioReference.relative(to:fromPresetAt:workingDirectory:)`, here with the process's folder.
    public static func reference(to scenarioReference: String, fromPresetAt presetPath: String) -> String {
        ScenarioReference.relative(to: scenarioReference, fromPresetAt: presetPath, workingDirectory: currentFolder())
    }

    /// The process's current folder (absolute), "." when it cannot be read. The dashboard reads it
    /// once at launch and keeps it in its state, so that its `update` stays pure.
    public static func workingDirectory() -> String { currentFolder() }

    static func currentFolder() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// How a saved preset names its scenario: pure path arithmetic, no file system (the dashboard's
/// `update` uses it, so it must not read the current folder itself).
public enum ScenarioReference {
    /// The path a preset saved at `presetPath` should use to refer to `scenarioReference` (a path as
    /// given on the command line, relative to `workingDirectory`): built-ins and absolute paths as
    /// they are; otherwise a path relative to the preset's folder that resolves to the same file, or
    /// an absolute one when the two share no folder but the root.
    ///
    /// `workingDirectory` is the absolute folder both paths are relative to. Without it (nil: a
    /// state built without being told, as in tests) the two paths are related as they are, which
    /// gives the same reference whenever the preset's folder is inside that folder; when it climbs
    /// out of it or is absolute, the way back cannot be named and the reference is left as it is.
    public static func relative(to scenarioReference: String, fromPresetAt presetPath: String,
                                workingDirectory: String?) -> String {
        if scenarioReference.hasPrefix(Loader.builtinPrefix) || scenarioReference.hasPrefix("/") {
            return scenarioReference
        }
        let to: [String], from: [String]
        if let cwd = workingDirectory {
            to = normalized(absolute(scenarioReference, cwd: cwd))
            from = normalized(absolute(Loader.folder(of: presetPath), cwd: cwd))
        } else {
            to = normalized(scenarioReference)
            from = normalized(Loader.folder(of: presetPath))
            if presetPath.hasPrefix("/") || from.first == ".." { return scenarioReference }
        }
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        if common == 0 && workingDirectory != nil { return "/" + to.joined(separator: "/") }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...]).joined(separator: "/")
    }

    static func absolute(_ path: String, cwd: String) -> String {
        path.hasPrefix("/") ? path : cwd + "/" + path
    }

    /// The components of a path with "." and ".." resolved; ".." that climb above the start of a
    /// relative path stay (an absolute path cannot climb above its root).
    static func normalized(_ path: String) -> [String] {
        var out: [String] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                if let last = out.last, last != ".." { out.removeLast() } else if !path.hasPrefix("/") { out.append("..") }
                continue
            }
            out.append(String(part))
        }
        return out
    }
}
