import BalansModel
import BalansText
import BalansUI
import Foundation
import Testing

/// docs/keys.md documents the key map; this keeps the two from drifting apart.
@Suite("Key documentation")
struct KeyDocsTests {
    @Test("every binding's help text and keys appear in docs/keys.md")
    func everyBindingDocumented() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let doc = try String(contentsOf: url.appendingPathComponent("docs/keys.md"), encoding: .utf8)
        for binding in KeyMap.standard.bindings {
            let help = Catalogue.english.resolve(binding.help, [])
            #expect(doc.contains(help), "docs/keys.md lacks \"\(help)\"")
            #expect(doc.contains("| " + KeyMap.keysLabel(binding, unicode: true) + " |"),
                    "docs/keys.md lacks the keys \(KeyMap.keysLabel(binding, unicode: true)) for \"\(help)\"")
        }
    }
}
