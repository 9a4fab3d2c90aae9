import Foundation
import Testing

/// The warehouse recipe of docs/scale.md: bench/warehouse_recipe.py runs the SQL of
/// bench/warehouse_counts.sql verbatim (Python's sqlite3) over 2 000 generated, decoded records and
/// checks its counts and scenario against `balans consent tcf` (decision 0037). Skipped without
/// python3 and its sqlite3 module; about a second.
@Suite("Warehouse recipe: SQL GROUP BY counts equal consent tcf's")
struct WarehouseRecipeTests {
    static let python: String? = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            let (status, _) = ReferenceTests.run(candidate, ["-c", "import sqlite3, csv, json"])
            if status == 0 { return candidate }
        }
        return nil
    }()

    @Test("the SQL's counts and scenario equal consent tcf's on 2 000 records",
          .enabled(if: python != nil, "python3 with sqlite3 is not available: the warehouse recipe is not checked"))
    func sqlCountsEqualTcf() throws {
        let python = try #require(Self.python)
        let dir = TempDir()
        defer { dir.cleanup() }
        let (status, output) = ReferenceTests.run(python, [TestPaths.root("bench/warehouse_recipe.py"), "--records", "2000", "--pool", "40",
                                                           "--balans", TestPaths.balans, "--date", "2026-12-02", "--out", dir.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("counts: EQUAL"), "\(output)")
        #expect(output.contains("result: EQUAL"), "\(output)")
    }
}
