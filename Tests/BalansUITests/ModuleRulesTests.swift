import Foundation
import Testing

// The module graph of docs/architecture.md, checked on the sources: the model knows no view,
// terminal or command line, nor the text layer; the view knows no terminal and reaches no file
// system (so `update` and `render` stay pure). The rules are data: add a line to `moduleRules`.

/// What the sources of one module (a folder under Sources/) must not contain.
struct ModuleRule: Sendable {
    /// The folder under Sources/.
    var module: String
    /// Modules it must not import (`import X`, `@testable import X`, `import struct X.Y`).
    var forbiddenImports: [String]
    /// Calls it must not make: a regular expression on the code (comments left out), and what it is.
    var forbiddenCalls: [(pattern: String, what: String)] = []
}

let moduleRules: [ModuleRule] = [
    // The model states facts; words and numbers for people are BalansText's (decision 0022).
    ModuleRule(module: "BalansModel",
               forbiddenImports: ["BalansText", "BalansUI", "BalansTerminal", "BalansCLI", "ArgumentParser", "CNCursesW"]),
    // The text layer words the model's facts: it knows no view, terminal or command line.
    ModuleRule(module: "BalansText",
               forbiddenImports: ["BalansUI", "BalansTerminal", "BalansCLI", "ArgumentParser", "CNCursesW"]),
    ModuleRule(module: "BalansUI",
               forbiddenImports: ["BalansTerminal", "BalansCLI", "CNCursesW", "ArgumentParser",
                                  "Glibc", "Musl", "Darwin", "Foundation", "FoundationEssentials"],
               forbiddenCalls: [
                   (#"\bgetcwd\b"#, "the current folder (AppState.workingDirectory has it)"),
                   (#"\bchdir\b"#, "changing the current folder"),
                   // A bare open( call; not .open( (an effect) nor the enum case declared as open(path:).
                   (#"^(?!\s*(public\s+)?case\s+open\().*?(^|[^.\w])open\("#, "open(2)"),
                   (#"\b(fopen|opendir|readdir|stat|lstat|unlink|rename)\("#, "a C file call"),
                   (#"\bFileIO\."#, "file access (FileIO)"),
                   (#"\bLoader\."#, "file access (Loader)"),
                   (#"\b(FileManager|FileHandle|FileDescriptor)\b"#, "file access (Foundation/System)"),
                   (#"contentsOf(File)?:"#, "reading a file or URL"),
               ]),
]

/// One breach of a rule: where, and what.
struct RuleBreach: CustomStringConvertible, Equatable {
    var file: String
    var line: Int
    var what: String
    var description: String { "\(file):\(line): \(what)" }
}

/// The modules `line` imports (nil when it is not an import).
func importedModule(_ line: Substring) -> String? {
    var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
    while let first = words.first, first.hasPrefix("@") { words = words.dropFirst() }
    guard words.first == "import" else { return nil }
    words = words.dropFirst()
    let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "typealias", "func", "var", "let"]
    if let kind = words.first, kinds.contains(kind) { words = words.dropFirst() }
    guard let path = words.first else { return nil }
    return path.split(separator: ".").first.map(String.init)
}

/// The breaches of `rule` in the source text of `file`.
func breaches(of rule: ModuleRule, in source: String, file: String) throws -> [RuleBreach] {
    // Simple word boundaries (as in other regex engines): Swift's default treats "Loader.parse" as one word.
    let calls = try rule.forbiddenCalls.map { (try Regex($0.pattern).wordBoundaryKind(.simple), $0.what) }
    var out: [RuleBreach] = []
    for (i, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        // Comments may name what the code must not do; only the code counts.
        let code = raw.range(of: "//").map { raw[..<$0.lowerBound] } ?? raw[...]
        if let module = importedModule(code.drop(while: { $0 == " " })), rule.forbiddenImports.contains(module) {
            out.append(RuleBreach(file: file, line: i + 1, what: "\(rule.module) must not import \(module)"))
        }
        for (regex, what) in calls where code.contains(regex) {
            out.append(RuleBreach(file: file, line: i + 1, what: "\(rule.module) must not call \(what)"))
        }
    }
    return out
}

@Suite("Module rules")
struct ModuleRulesTests {
    /// The package root, from this file's path (Tests/BalansUITests/ModuleRulesTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Swift files of Sources/`module`, with their paths from the package root.
    static func sources(of module: String) throws -> [(path: String, text: String)] {
        let folder = root.appendingPathComponent("Sources").appendingPathComponent(module)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var out: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let path = "Sources/\(module)/" + url.path.dropFirst(folder.path.count + 1)
            out.append((path, try String(contentsOf: url, encoding: .utf8)))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    @Test("every module keeps its rules", arguments: moduleRules.map(\.module))
    func rulesHold(_ module: String) throws {
        let rule = try #require(moduleRules.first { $0.module == module })
        let files = try Self.sources(of: module)
        #expect(files.count >= 4, "found only \(files.count) files in Sources/\(module)")
        let found = try files.flatMap { try breaches(of: rule, in: $0.text, file: $0.path) }
        #expect(found.isEmpty, "\(found.map(\.description).joined(separator: "\n"))")
    }

    @Test("the checker finds imports and calls, and leaves comments, enum cases and other names alone")
    func checkerFinds() throws {
        let rule = try #require(moduleRules.first { $0.module == "BalansUI" })
        let source = """
        import BalansModel
        @preconcurrency import Foundation
        import struct BalansTerminal.Terminal
        // import CNCursesW: a comment
        let folder = getcwd(nil, 0)
        let fd = open("x", 0)
        let node = try Loader.parse(path)
        case .open(let path): return [.open(path: path)]
        case open(path: String)
        func reopen(x: Int) {}  // FileIO.read in a comment
        let t = FileManager.default
        """
        let found = try breaches(of: rule, in: source, file: "x.swift")
        #expect(found.map(\.line) == [2, 3, 5, 6, 7, 11])
        #expect(found.first?.what == "BalansUI must not import Foundation")
        let model = try #require(moduleRules.first { $0.module == "BalansModel" })
        #expect(try breaches(of: model, in: "@testable import BalansUI\nimport ArgumentParser\nimport Foundation\n", file: "y.swift")
            .map(\.line) == [1, 2])
    }
}
