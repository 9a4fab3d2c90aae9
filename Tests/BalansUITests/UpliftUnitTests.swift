import BalansModel
import BalansText
import Testing
@testable import BalansUI

/// Uplift is in percentage points (SPEC §1.2; docs/decisions/0020-uplift-in-points.md): the dashboard
/// says "pp" / "p.e." after every uplift and never "%"; consent and reach stay in "%".
@Suite("Dashboard: uplift in percentage points")
struct UpliftUnitTests {
    func lines(_ state: AppState) -> [String] {
        render(state).canvas.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("English: header, Segments column and detail pane say pp; reach stays in %")
    func english() throws {
        let text = lines(renderBalancedState(width: 120, height: 40))
        #expect(text[1].contains("uplift 3.19\u{00A0}pp"), "\(text[1])")
        #expect(!text[1].contains("3.19%"))
        let teens = try #require(text.first { $0.contains("Teens 13-17") })
        #expect(teens.contains("85%"), "reach is a share: still %")
        #expect(teens.contains("1.3\u{00A0}pp"))
        #expect(!teens.contains("1.3%"))
        #expect(text.contains { $0.contains("effective uplift 4.31 pp") })
    }

    @Test("Swedish: p.e. after a no-break space; --ascii: a plain space")
    func swedishAndASCII() throws {
        var sv = renderBalancedState(width: 120, height: 40)
        sv.catalogue = Catalogue(.sv)
        let text = lines(sv)
        #expect(text[1].contains("lyft 3,19\u{00A0}p.e."), "\(text[1])")
        #expect(try #require(text.first { $0.contains("Teens 13-17") }).contains("1,3\u{00A0}p.e."))
        let ascii = lines(renderBalancedState(width: 120, height: 40, unicode: false))
        #expect(ascii[1].contains("uplift 3.19 pp"), "\(ascii[1])")
    }

    @Test("the uplift column makes room for its unit: figures end in one column, clear of the flags")
    func columnAligned() throws {
        let text = lines(renderBalancedState(width: 120, height: 40))
        let rows = text.filter { $0.contains("\u{00A0}pp ") && ($0.contains(" P ") || $0.contains(" M") || $0.contains(" V")) }
        #expect(rows.count >= 3)
        let ends = Set(rows.map { ($0.range(of: "\u{00A0}pp")!.upperBound).utf16Offset(in: $0) })
        #expect(ends.count == 1, "every uplift ends in the same column")
    }
}
