import Foundation
import Testing

/// `--policy builtin:NAME`, `balans policies` and `balans validate builtin:NAME`
/// (docs/decisions/0019-legal-sources.md).
@Suite("Built-in policies on the command line")
struct BuiltinPolicyCLITests {
    /// A preset whose only level above generic touches an Art. 9 category at a low band.
    static let art9Preset = "Fixtures/online-platform/health-offers.json"

    @Test("check passes an Art. 9 level under the default code (a warning) and fails it under builtin:online-platform")
    func checkFailsOnArt9() {
        let plain = runBalans(["check", Self.art9Preset])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("warning   special-category  shoppers"))
        let platform = runBalans(["check", Self.art9Preset, "--policy", "builtin:online-platform"])
        #expect(platform.status == 1, "\(platform.stdout)\(platform.stderr)")
        #expect(platform.stdout.contains("Ethical code: Online platform code (DSA Art. 26(3), 28(2))"))
        #expect(platform.stdout.contains("error     special-category  shoppers"))
        #expect(platform.stdout.contains("(DSA Art. 26(3))"))
        #expect(platform.stdout.hasSuffix("FAIL: 1 error\n"))
        let json = runBalans(["check", Self.art9Preset, "--policy", "builtin:online-platform", "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"severity\": \"error\""))
    }

    @Test("an unknown built-in policy cannot be opened (66), with the names there are")
    func unknown() {
        let r = runBalans(["check", Self.art9Preset, "--policy", "builtin:online"])
        #expect(r.status == 66)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("builtin:online") && r.stderr.contains("default, online-platform"))
    }

    @Test("balans policies lists both codes with when each applies, in English and Swedish")
    func listing() {
        let en = runBalans(["policies"])
        #expect(en.status == 0)
        let lines = en.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Name               Rules  Title")
        #expect(lines.contains("default (default)      9  Balans default code"))
        #expect(lines.contains("online-platform        2  Online platform code (DSA Art. 26(3), 28(2))"))
        #expect(en.stdout.contains("When each applies:"))
        #expect(en.stdout.contains("  online-platform: for ads on an online platform in the DSA's sense"))
        #expect(en.stdout.contains("(DSA Art. 26(3))") && en.stdout.contains("(Art. 28(2))"))
        let sv = runBalans(["policies", "--lang", "sv"])
        #expect(sv.status == 0)
        #expect(sv.stdout.contains("default (standard)"))
        #expect(sv.stdout.contains("När var och en gäller:"))
        #expect(sv.stdout.contains("artikel 26.3"))
    }

    @Test("the README shows the real output of balans policies")
    func readme() throws {
        let readme = try #require(readText(TestPaths.root("README.md")))
        let listing = runBalans(["policies"]).stdout
        #expect(readme.contains("$ balans policies\n" + listing + "```"), "README.md does not show `balans policies`")
    }

    @Test("balans policies NAME prints the policy file, which validates; validate takes builtin: names")
    func printAndValidate() throws {
        let printed = runBalans(["policies", "online-platform"])
        #expect(printed.status == 0)
        #expect(printed.stdout.contains("\"balans\": \"policy/1\""))
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.path + "/code.json"
        try printed.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = runBalans(["validate", path])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let builtins = runBalans(["validate", "builtin:online-platform", "builtin:default", "builtin:savings-bank"])
        #expect(builtins.status == 0, "\(builtins.stderr)")
        #expect(builtins.stdout == """
            ok: builtin:online-platform: policy "Online platform code (DSA Art. 26(3), 28(2))" setting 2 rules
            ok: builtin:default: policy "Balans default code" setting 9 rules
            ok: builtin:savings-bank: scenario "Sparbanken Lindhav" with 11 categories, 5 levels, 6 segments

            """)
        let missing = runBalans(["validate", "builtin:nope"])
        #expect(missing.status == 66)
        #expect(runBalans(["policies", "nope"]).status == 66)
    }
}
