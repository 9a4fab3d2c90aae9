import BalansModel
import BalansText
import Testing

/// The transparency notice (SPEC §1.11) is generated from the model: these check each element
/// against the demo scenario's ladder.
@Suite("Transparency notice")
struct TransparencyNoticeTests {
    let model = renderNordicModel()

    func notice(_ segment: String, level: Int, excluding: [String] = []) -> [String] {
        let s = model.segmentIndex[segment]!
        let row = model.score(segment: s, level: level, excluded: excluding.map { model.categoryIndex[$0]! }.sorted())
        return TransparencyNotice.text(model: model, row: row)
    }

    @Test("level 0 personalises nothing")
    func generic() {
        let text = notice("families", level: 0)
        #expect(text.count == 1)
        #expect(text[0].contains("Nothing is personalised"))
    }

    @Test("a level whose data are all excluded counts as generic")
    func allExcluded() {
        let text = notice("families", level: 1, excluding: ["page-context", "device-type", "coarse-location"])
        #expect(text.count == 1 && text[0].contains("Nothing is personalised"))
    }

    @Test("contextual: rules, no AI, no profile, the three categories by name")
    func contextual() {
        let text = notice("teens", level: 1).joined(separator: "\n")
        #expect(text.contains("using automated rules"))
        #expect(!text.contains("AI"))
        #expect(text.contains("What we personalise (Contextual): Offers chosen from what is on screen"))
        #expect(text.contains("Page and search context, Device and browser type and City or region (from IP address)."))
        #expect(text.contains("We do not build a profile of you."))
        #expect(!text.contains("link"))
        #expect(text.contains("withdraw your consent"))
    }

    @Test("a rule-based age-band segment (declared data, profiling) is automated profiling, not AI")
    func segmentIsProfilingNotAI() {
        let text = notice("families", level: 2).joined(separator: "\n")
        #expect(text.contains("We personalise the offers and content you see by automated profiling"))
        #expect(!text.contains("AI"), "no touched category is inferred: nothing predicts anything about the customer")
        #expect(text.contains("We build a profile of you from this data (profiling)."))
    }

    @Test("profiling on observed histories is automated profiling too; AI starts with inferred data")
    func aiOnlyWithInferredData() {
        let behavioural = notice("young-urban", level: 4).joined(separator: "\n")
        #expect(behavioural.contains("by automated profiling"))
        #expect(!behavioural.contains("AI"))
        let predictive = notice("young-urban", level: 5).joined(separator: "\n")
        #expect(predictive.contains("we use AI to do it: models that predict things about you."))
        #expect(!predictive.contains("by automated profiling"))
        // Without its inferred categories Predictive predicts nothing about the person: no AI.
        let withoutInferred = notice("young-urban", level: 5, excluding: ["spending-capacity", "life-events", "health-signals"])
            .joined(separator: "\n")
        #expect(withoutInferred.contains("by automated profiling"))
        #expect(!withoutInferred.contains("AI"))
    }

    @Test("Swedish: automatiserad profilering without AI, AI with inferred data")
    func swedishWording() {
        let s = model.segmentIndex["families"]!
        let segment = TransparencyNotice.text(model: model, row: model.score(segment: s, level: 2, excluded: []), catalogue: Catalogue(.sv))
            .joined(separator: "\n")
        #expect(segment.contains("genom automatiserad profilering"))
        #expect(!segment.contains("AI"))
        let predictive = TransparencyNotice.text(model: model, row: model.score(segment: s, level: 5, excluded: []), catalogue: Catalogue(.sv))
            .joined(separator: "\n")
        #expect(predictive.contains("vi använder AI för det"))
        #expect(predictive.contains("invända mot att vi använder dina uppgifter för direktmarknadsföring"))
    }

    @Test("every notice that uses data states the right to object to direct marketing (GDPR Art. 21(2)-(4)), as its own sentence")
    func rightToObject() {
        let object = "You also have the right to object at any time to our use of your data for direct marketing, including profiling related to it; we then stop using your data for marketing."
        for level in 1...5 {
            let text = notice("seniors", level: level)
            #expect(text.filter { $0 == object }.count == 1, "level \(level)")
        }
        #expect(!notice("seniors", level: 0).contains(object), "nothing is personalised at level 0")
    }

    @Test("exactly the touched categories are named, exclusions left out")
    func touchedOnly() {
        let text = notice("loyal-members", level: 4, excluding: ["store-visits"]).joined(separator: "\n")
        #expect(text.contains("Baskets and wish lists"))
        #expect(!text.contains("Store visits"))
        #expect(!text.contains("Precise location"))
        #expect(text.contains("We build a profile of you from this data (profiling)."))
        #expect(text.contains("We link data about you from different sources."))
        #expect(text.contains("notice that they are about you"))
    }

    @Test("predictive: AI, inferred and Art. 9 data, linking across devices, the special feature")
    func predictive() {
        let text = notice("young-urban", level: 5).joined(separator: "\n")
        #expect(text.contains("we use AI to do it"))
        #expect(text.contains("predicted by our models rather than told to us: Predicted spending capacity, Predicted life events and Health signals from pharmacy purchases."))
        #expect(text.contains("Health signals from pharmacy purchases is sensitive data under GDPR Art. 9; we use it only with your explicit consent."))
        #expect(text.contains("Precise location (GPS) is used only if you switched it on."))
        #expect(text.contains("across your devices"))
    }

    @Test("it is generated: another scenario's words appear, not the demo's")
    func generated() {
        let state = renderWideState()
        let row = state.evaluation.rows[0]
        let text = TransparencyNotice.text(model: state.model, row: row).joined(separator: "\n")
        #expect(text.contains("What we personalise (履歴): Offers from past purchases."))
        #expect(text.contains("Page context and 購入履歴"))
        #expect(!text.contains("Norrsken"))
    }
}
