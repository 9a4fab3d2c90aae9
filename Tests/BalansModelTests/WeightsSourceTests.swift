import Testing
@testable import BalansModel

/// Where a calibrated scenario's weights came from (issue 15 item 4, decision 0033): the
/// `weightsSource` member is read, written back as it was, and refused when it is wrong.
@Suite("Weights provenance in scenario files")
struct WeightsSourceTests {
    static func text(weights: String? = #"{"obtrusive": 0.5}"#, source: String) -> String {
        """
        {"balans": "scenario/1", "name": "Calibrated",
         "categories": [{"id": "page", "name": "Page", "tier": "simple", "identifiability": "negligible"}],
         "levels": [{"name": "Generic"}, {"name": "Contextual", "uses": ["page"], "uplift": 1}],
         "segments": [{"id": "a", "name": "A", "size": 10, "consent": {"page": 0.5}}],
         \(weights.map { "\"weights\": \($0)," } ?? "")
         "weightsSource": \(source)}
        """
    }

    static func load(_ text: String) throws(BalansError) -> Scenario {
        let source = SourceText(file: "s.json", bytes: Array(text.utf8))
        return try Scenario.decode(Node(try source.parseJSON()))
    }

    @Test("every member is read; the design is optional")
    func decodes() throws {
        let s = try Self.load(Self.text(source: #"{"file": "answers.csv", "design": "design.json", "respondents": 390, "date": "2026-12-02", "method": "nnls"}"#))
        #expect(s.weightsSource == WeightsSource(file: "answers.csv", design: "design.json", respondents: 390, date: "2026-12-02", method: .nnls))
        let t = try Self.load(Self.text(source: #"{"method": "nnls", "date": "2024-02-29", "respondents": 1, "file": "stdin"}"#))
        #expect(t.weightsSource == WeightsSource(file: "stdin", respondents: 1, date: "2024-02-29"))
    }

    @Test("a scenario with a weights source round-trips through its file, the source after the weights")
    func roundTrip() throws {
        for source in [#"{"file": "answers.csv", "design": "design.json", "respondents": 390, "date": "2026-12-02", "method": "nnls"}"#,
                       #"{"file": "answers.csv", "respondents": 7, "date": "2026-01-31", "method": "nnls"}"#] {
            let s = try Self.load(Self.text(source: source))
            let written = JSONWriter.write(s.json, inlineSmallObjects: true)
            let back = try Self.load(written)
            #expect(back == s)
            #expect(back.weightsSource != nil)
            let weightsAt = try #require(written.range(of: "\"weights\":")), sourceAt = try #require(written.range(of: "\"weightsSource\":"))
            #expect(weightsAt.lowerBound < sourceAt.lowerBound)
        }
        // Without a source nothing is written: uncalibrated scenarios are as they were.
        let plain = try Self.load(Self.text(source: #"{"file": "a.csv", "respondents": 7, "date": "2026-01-31", "method": "nnls"}"#))
        var authored = plain
        authored.weightsSource = nil
        #expect(!JSONWriter.write(authored.json, inlineSmallObjects: true).contains("weightsSource"))
        #expect(authored != plain)
    }

    @Test("withCalibrated sets the source, and drops an earlier one when given none")
    func withCalibrated() throws {
        let s = try Self.load(Self.text(source: #"{"file": "old.csv", "respondents": 7, "date": "2026-01-31", "method": "nnls"}"#))
        var w = Weights()
        w.obtrusive = 0.75
        let src = WeightsSource(file: "new.csv", design: "d.json", respondents: 12, date: "2026-12-02")
        #expect(s.withCalibrated(w, source: src).weightsSource == src)
        #expect(s.withCalibrated(w).weightsSource == nil)
        #expect(s.withCalibrated(w, source: src).weights.obtrusive == 0.75)
    }

    @Test("a wrong source is one clear error at its path", arguments: [
        (#"{"file": "a.csv", "respondents": 7, "date": "2026-02-30", "method": "nnls"}"#, "expected a date YYYY-MM-DD, got \"2026-02-30\""),
        (#"{"file": "a.csv", "respondents": 7, "date": "2026-02-03", "method": "ols"}"#, "\"ols\" is not one of \"nnls\""),
        (#"{"file": "a.csv", "respondents": 0, "date": "2026-02-03", "method": "nnls"}"#, "expected a whole number of at least 1, got 0"),
        (#"{"file": " ", "respondents": 3, "date": "2026-02-03", "method": "nnls"}"#, nil),
        (#"{"respondents": 3, "date": "2026-02-03", "method": "nnls"}"#, nil),
        (#"{"file": "a.csv", "respondents": 3, "date": "2026-02-03", "method": "nnls", "path": "/home/x"}"#, nil),
    ] as [(String, String?)])
    func refused(source: String, message: String?) {
        do {
            _ = try Self.load(Self.text(source: source))
            Issue.record("expected an error for \(source)")
        } catch {
            if let message { #expect(error.message == message) }
            #expect(error.path?.hasPrefix("weightsSource") == true, "\(error)")
        }
    }

    @Test("a source without weights is refused: it would vouch for the defaults")
    func sourceWithoutWeights() {
        do {
            _ = try Self.load(Self.text(weights: nil, source: #"{"file": "a.csv", "respondents": 3, "date": "2026-02-03", "method": "nnls"}"#))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "weightsSource says where the weights came from, but the scenario sets no weights")
            #expect(error.path == "weightsSource")
        }
    }
}
