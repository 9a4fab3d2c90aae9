import BalansUI
import Testing

@Suite("Canvas")
struct CanvasTests {
    @Test("wide characters take two cells and are clipped whole")
    func wide() {
        var c = Canvas(width: 5, height: 1)
        let used = c.put("日本語", x: 0, y: 0)
        // 日 and 本 fit (4 columns); 語 would need columns 4-5: a space fills column 4.
        #expect(used == 5)
        #expect(c.lines == ["日本 "])
        #expect(c[1, 0].isContinuation)
    }

    @Test("an ellipsis marks cut text")
    func ellipsis() {
        var c = Canvas(width: 6, height: 1)
        c.put("abcdefgh", x: 0, y: 0, maxWidth: 5, ellipsis: "…")
        #expect(c.lines == ["abcd… "])
    }

    @Test("control characters from files are shown as ?")
    func control() {
        var c = Canvas(width: 6, height: 1)
        c.put("a\u{1B}[1m", x: 0, y: 0)
        #expect(c.lines == ["a?[1m "])
    }
}
