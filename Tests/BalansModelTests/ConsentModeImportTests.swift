import Testing
@testable import BalansModel

/// Google Consent Mode columns in `import-csv --map` (decision 0036) on
/// Fixtures/consent/consent-mode.csv, whose rates are counted by hand in the comments.
@Suite struct ConsentModeImportTests {
    static let source = ConsentSource(file: "consent-mode.csv", date: "2026-11-29", method: .consentMode)

    /// ad_personalization governs clicks and profile (one signal, two categories); ad_user_data
    /// governs profile too (two signals on one category) and health (Art. 9: never counted).
    static let map = ConsentModeMap(entries: [
        .init(signal: .adPersonalization, categories: ["clicks", "profile"]),
        .init(signal: .adUserData, categories: ["profile", "health"]),
    ])

    static func run(_ file: String = ConsentImportCSVTests.fixture("consent-mode.csv"), map: ConsentModeMap = map) throws -> ConsentImport {
        try ConsentImport.consentMode(file, into: ConsentImportCSVTests.shop(), map: map, source: source)
    }

    func change(_ r: ConsentImport, _ segment: String, _ category: String) -> ConsentImport.Change? {
        r.changes.first { $0.segment == segment && $0.category == category }
    }

    @Test func signalsBecomeChoicesAndOptIns() throws {
        let r = try Self.run()
        // The file, by line (header = 1), as (ad_user_data, ad_personalization):
        //  north: 2 (g, g)  3 (g, d)  4 (GRANTED, Granted)  5 (d, g)  6 (" ", g)  7 (g, "  denied")
        //         8 (yes, g): not used   9 (g, g)
        //  south: 10 (g, g)  11 (d, d)  12 (empty, empty)  13 (d, empty)  15 (d, g; ad_storage "maybe" is not read)
        //  14: segment "nort": not used.
        // north/clicks, ad_personalization alone: rows 2, 3, 4, 5, 6, 7, 9 have a value (7 choices),
        // granted in 2, 4, 5, 6, 9: 5/7 = 0.7143.
        #expect(change(r, "north", "clicks") == .init(segment: "north", category: "clicks", old: 0.5, new: 0.7143, records: 7,
                                                     via: .signals(["ad_personalization"])))
        // north/profile needs both signals granted: row 6 lacks ad_user_data, so not a choice; rows
        // 2, 3, 4, 5, 7, 9 are 6 choices; both granted in 2, 4, 9 (5 has ad_user_data denied): 3/6 = 0.5.
        #expect(change(r, "north", "profile") == .init(segment: "north", category: "profile", old: 0.4, new: 0.5, records: 6,
                                                      via: .signals(["ad_personalization", "ad_user_data"])))
        // south/clicks: rows 10 (g), 11 (d), 15 (g) have ad_personalization: 2/3 (the scenario had none: 0).
        #expect(change(r, "south", "clicks") == .init(segment: "south", category: "clicks", old: 0, new: 0.6667, records: 3,
                                                     via: .signals(["ad_personalization"])))
        // south/profile: rows 10 (g, g), 11 (d, d), 15 (d, g): 1/3.
        #expect(change(r, "south", "profile")?.new == 0.3333)
        #expect(change(r, "south", "profile")?.records == 3)
        #expect(r.changes.count == 4)
        // Rows 12 and 13 count for no category (13 has ad_user_data, but each of its categories
        // needs ad_personalization too): neither used nor a problem.
        #expect(r.records == 14 && r.used == 10 && r.problemCount == 2 && r.unrecorded == 2)
        #expect(r.problems.map(\.line) == [8, 14])
        #expect(r.problems[0].reason.english == "ad_user_data \"yes\" is not granted, denied or empty")
        #expect(r.problems[1].reason.english == "unknown segment \"nort\" (did you mean \"north\"?)")
        #expect(r.ignoredColumns == ["event_time", "ad_storage", "analytics_storage"])
        #expect(r.consentModeMap == Self.map)
    }

    @Test func unmappedAndSpecialCategoriesKeepTheirRatesAndAreListed() throws {
        let r = try Self.run()
        let kept = r.kept.map { "\($0.segment)/\($0.category)/\($0.reason.rawValue)" }
        #expect(kept == ["north/geo/noSignal", "north/health/special", "north/email/noSignal",
                         "south/geo/noSignal", "south/health/special", "south/email/noSignal"])
        let north = r.scenario.segments[0]
        #expect(north.consentRate(for: "geo") == 0.1 && north.consentRate(for: "health") == 0.05 && north.consentRate(for: "email") == 0.9)
        #expect(north.source(for: "geo") == nil)
        #expect(north.source(for: "clicks") == ConsentSource(file: "consent-mode.csv", date: "2026-11-29", method: .consentMode, records: 7))
    }

    @Test func theWrittenScenarioRoundTripsWithTheConsentModeMethod() throws {
        let r = try Self.run()
        let text = JSONWriter.write(r.scenario.json, inlineSmallObjects: true)
        #expect(text.contains(#""method": "consent-mode""#))
        let source = SourceText(file: "out.json", bytes: Array(text.utf8))
        let back = try Scenario.decode(Node(try source.parseJSON()))
        #expect(back == r.scenario)
        // The fast reader (decision 0028) knows the method too.
        #expect(FastScenario.decode(source) == r.scenario)
    }

    @Test func aSegmentWithoutRecordedSignalsKeepsItsRates() throws {
        // south has only rows without ad_personalization: clicks and profile are kept, no records.
        let path = try TempFile.write("segment,ad_personalization,ad_user_data\nnorth,granted,denied\nsouth,,granted\n", name: "cm.csv")
        defer { TempFile.remove(path) }
        let r = try Self.run(path)
        #expect(r.changes.map { "\($0.segment)/\($0.category)/\($0.new)" } == ["north/clicks/1.0", "north/profile/0.0"])
        #expect(r.kept.filter { $0.segment == "south" && ["clicks", "profile"].contains($0.category) }.map(\.reason) == [.noRecords, .noRecords])
        #expect(r.used == 1 && r.unrecorded == 1)
    }

    @Test(arguments: [
        ("segment,ad_personalization\nnorth,granted\n",
         "x.csv:1: --map names ad_user_data, but there is no ad_user_data column (the header has \"segment\", \"ad_personalization\")"),
        ("segment,category,ad_personalization,ad_user_data,opt_ins,choices\n",
         "x.csv:1: with --map the file holds Consent Mode signals, so it cannot also have \"category\", \"opt_ins\", \"choices\" columns; import those rows in a run without --map"),
        ("ad_personalization,ad_user_data\n", "x.csv:1: no \"segment\" column (the header has \"ad_personalization\", \"ad_user_data\")"),
        ("segment,AD-Personalization,ad_personalization\n", "x.csv:1: columns 2 and 3 are both \"ad_personalization\""),
    ])
    func badHeadersAreOneClearError(text: String, expected: String) throws {
        let path = try TempFile.write(text, name: "x.csv")
        defer { TempFile.remove(path) }
        do {
            _ = try Self.run(path)
            Issue.record("expected an error")
        } catch let error as BalansError {
            #expect(error.kind == .badData)
            #expect(error.description.split(separator: "/").last.map(String.init) == expected)
        }
    }

    @Test func withoutAMappingSignalColumnsAreNeverGuessed() throws {
        // Only signal columns: the CMP-export import refuses the file and says how to map them.
        let path = try TempFile.write("segment,ad_storage,ad_personalization\nnorth,granted,granted\n", name: "x.csv")
        defer { TempFile.remove(path) }
        do {
            _ = try ConsentImport.cmpExport(path, into: ConsentImportCSVTests.shop(), source: ConsentImportCSVTests.source)
            Issue.record("expected an error")
        } catch let error as BalansError {
            #expect(error.kind == .badData)
            #expect(error.description.hasSuffix("its Consent Mode columns (ad_storage, ad_personalization) are read only with --map SIGNAL=CATEGORY,…, which says which categories each one governs"))
        }
        // Beside category rows, a signal column is a column not read.
        let mixed = try TempFile.write("segment,category,rate,ad_storage\nnorth,clicks,0.5,granted\n", name: "y.csv")
        defer { TempFile.remove(mixed) }
        let r = try ConsentImport.cmpExport(mixed, into: ConsentImportCSVTests.shop(), source: ConsentImportCSVTests.source)
        #expect(r.ignoredColumns == ["ad_storage"] && r.changes.count == 1)
    }

    @Test func theMapIsParsedAndChecked() throws {
        let m = try ConsentModeMap.parse(["ad_personalization=clicks,profile", " AD-User-Data = profile , health,profile"])
        #expect(m == Self.map)
        #expect(m.signals(of: "profile") == [.adPersonalization, .adUserData])
        #expect(m.signals(of: "email").isEmpty)
        try m.check(against: ConsentImportCSVTests.shop())
    }

    @Test(arguments: [
        ("ad_personalization", "--map must be SIGNAL=CATEGORY[,CATEGORY…], such as ad_personalization=browsing,purchase-history, not \"ad_personalization\""),
        ("=clicks", "--map must be SIGNAL=CATEGORY[,CATEGORY…], such as ad_personalization=browsing,purchase-history, not \"=clicks\""),
        ("ad_storage=", "--map must be SIGNAL=CATEGORY[,CATEGORY…], such as ad_personalization=browsing,purchase-history, not \"ad_storage=\""),
        ("ad_storage=clicks,,geo", "--map must be SIGNAL=CATEGORY[,CATEGORY…], such as ad_personalization=browsing,purchase-history, not \"ad_storage=clicks,,geo\""),
        ("ad_personalisation=clicks", "--map: unknown Consent Mode signal \"ad_personalisation\" (did you mean \"ad_personalization\"?); the signals are ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage"),
    ])
    func badMapsAreUsageErrors(value: String, expected: String) {
        do {
            _ = try ConsentModeMap.parse([value])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.description == expected)
        }
    }

    @Test func aSignalMappedTwiceOrAnUnknownCategoryIsAUsageError() throws {
        do {
            _ = try ConsentModeMap.parse(["ad_storage=clicks", "ad_storage=geo"])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .usage && error.description == "--map: ad_storage is mapped twice; list all its categories in one --map")
        }
        let m = try ConsentModeMap.parse(["ad_personalization=clicks,profil"])
        do {
            try m.check(against: ConsentImportCSVTests.shop())
            Issue.record("expected an error")
        } catch let error as BalansError {
            #expect(error.kind == .usage && error.description == "--map ad_personalization: unknown category \"profil\" (did you mean \"profile\"?)")
        }
    }
}
