import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §2: bad input gets one clear line on stderr naming the file and the place, the right exit
/// code, and nothing on stdout. Every file in Fixtures/bad/ must have a line in expected.tsv.
@Suite("Bad input files")
struct BadInputTests {
    struct Expectation: Sendable, CustomStringConvertible {
        var file: String
        var status: Int32
        /// false: `stderr` is only a prefix (the message text is still under review).
        var exact: Bool
        var stderr: String
        var description: String { file }
    }

    static let badFolder = "Fixtures/bad"
    static let expectationsFile = "expected.tsv"

    static func loadExpectations() -> [String: Expectation] {
        guard let text = readText(TestPaths.root(badFolder + "/" + expectationsFile)) else { return [:] }
        var out: [String: Expectation] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard cols.count == 4, let status = Int32(cols[1]), cols[2] == "exact" || cols[2] == "prefix" else {
                Issue.record("malformed line in \(expectationsFile): \(line)")
                continue
            }
            out[cols[0]] = Expectation(file: cols[0], status: status, exact: cols[2] == "exact", stderr: cols[3])
        }
        return out
    }

    static var badFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.root(badFolder))) ?? []
        return names.filter { $0 != expectationsFile && !$0.hasPrefix(".") }.sorted()
    }

    @Test("every bad fixture has an expectation and every expectation a fixture")
    func expectationsCoverFolder() {
        let files = Set(Self.badFiles)
        let expected = Set(Self.loadExpectations().keys)
        #expect(files.count >= 30, "Fixtures/bad/ looks empty")
        #expect(files.subtracting(expected).sorted() == [], "files without a line in \(Self.expectationsFile)")
        #expect(expected.subtracting(files).sorted() == [], "lines in \(Self.expectationsFile) without a file")
    }

    @Test("balans validate reports a bad fixture with one stderr line", arguments: badFiles)
    func validateBadFile(_ name: String) throws {
        let expected = try #require(Self.loadExpectations()[name], "no line for \(name) in \(Self.expectationsFile)")
        let r = runBalansFull(["validate", Self.badFolder + "/" + name])
        #expect(r.status == expected.status, "\(r)")
        #expect(r.stdoutData.isEmpty, "stdout must be empty on errors: \(r.stdout)")
        #expect(r.stderr.hasSuffix("\n"))
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1, "exactly one stderr line: \(r.stderr)")
        let line = String(lines.first ?? "")
        if expected.exact {
            #expect(line == expected.stderr)
        } else {
            #expect(line.hasPrefix(expected.stderr), "\(line)")
        }
        // The place is always there: file, then line:column.
        #expect(line.hasPrefix("balans: \(Self.badFolder)/\(name):"))
        #expect(!line.contains("Fatal error") && !line.contains("Stack dump"))
    }

    @Test("a file over 64 MiB is refused with 65")
    func oversizedFile() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("huge.json")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("{}".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(64 << 20) + 1)  // sparse: one byte over the limit
        try handle.close()
        let r = runBalansFull(["validate", path])
        #expect(r.status == 65, "\(r)")
        #expect(r.stdoutData.isEmpty)
        #expect(r.stderr.hasPrefix("balans: \(path): "), "\(r)")
        #expect(r.stderr.contains("64 MiB"), "\(r)")
        #expect(r.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test("a file of exactly 64 MiB is read (the limit is 'over 64 MiB')")
    func fileAtTheLimit() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.file("limit.json")
        // A valid policy followed by spaces up to exactly 64 MiB.
        let policy = #"{"balans": "policy/1", "name": "At the limit", "rules": {}}"#
        var bytes = Data(policy.utf8)
        bytes.append(Data(repeating: 0x20, count: (64 << 20) - bytes.count))
        #expect(FileManager.default.createFile(atPath: path, contents: bytes))
        let r = runBalansFull(["validate", path])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "ok: \(path): policy \"At the limit\" setting 0 rules\n")
        #expect(r.stderrData.isEmpty)
    }

    @Test("a folder given as input is 66")
    func folderInput() {
        let r = runBalansFull(["validate", "Fixtures"])
        #expect(r.status == 66, "\(r)")
        #expect(r.stdoutData.isEmpty)
        #expect(r.stderr == "balans: Fixtures: is a folder, not a file\n")
    }

    @Test("a missing file given as input is 66")
    func missingInput() {
        let r = runBalansFull(["validate", "Fixtures/no-such-file.json"])
        #expect(r.status == 66, "\(r)")
        #expect(r.stdoutData.isEmpty)
        #expect(r.stderr == "balans: Fixtures/no-such-file.json: no such file\n")
    }

    @Test("the other commands refuse the same inputs with the same codes", arguments: [
        (["score", "Fixtures"], Int32(66)),
        (["score", "--scenario", "Fixtures/no-such-scenario.json"], Int32(66)),
        (["check", "Fixtures/presets/nordic-balanced.json", "--policy", "Fixtures/bad/policy-unknown-rule.json"], Int32(65)),
        (["score", "--scenario", "Fixtures/bad/duplicate-key.json"], Int32(65)),
        (["score", "Fixtures/bad/preset-missing-scenario.json"], Int32(66)),
        (["check", "Fixtures/bad/preset-level-beyond-ladder.json"], Int32(65)),
    ])
    func otherCommands(_ args: [String], _ status: Int32) {
        let r = runBalansFull(args)
        #expect(r.status == status, "\(r)")
        #expect(r.stdoutData.isEmpty, "\(r)")
        #expect(r.stderr.hasPrefix("balans: "), "\(r)")
        #expect(r.stderr.filter { $0 == "\n" }.count == 1, "\(r)")
    }
}
