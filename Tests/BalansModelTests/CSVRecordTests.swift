import Testing
@testable import BalansModel

/// `FileIO.forEachRecord` and the consent imports on hand-made CSVs with RFC 4180 quoting across
/// lines (decision 0018): records, the lines they start on, and the errors for what cannot be read.
@Suite struct CSVRecordTests {
    static let source = ConsentSource(file: "cmp.csv", date: "2026-12-02", method: .csv)

    /// The records of `text` with the lines they start on, split as CSV with `,` (or as lines).
    func records(of text: String, splitting: RecordSplitting = .csv(delimiters: [UInt8(ascii: ",")])) throws -> [(Int, String?)] {
        let path = try TempFile.write(text, name: "records.csv")
        defer { TempFile.remove(path) }
        var out: [(Int, String?)] = []
        try FileIO.forEachRecord(path, splitting: splitting) { (line, input, _) throws(BalansError) in
            switch input {
            case .record(let bytes): out.append((line, String(decoding: bytes, as: UTF8.self)))
            case .tooLong: out.append((line, nil))
            }
        }
        return out
    }

    func expectRecords(_ text: String, _ expected: [(Int, String?)], splitting: RecordSplitting = .csv(delimiters: [UInt8(ascii: ",")]),
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let got = try records(of: text, splitting: splitting)
        #expect(got.map(\.0) == expected.map(\.0), sourceLocation: sourceLocation)
        #expect(got.map(\.1) == expected.map(\.1), sourceLocation: sourceLocation)
    }

    @Test func lineBreaksInsideQuotesBelongToTheField() throws {
        try expectRecords("a,\"x\ny\",b\nc\n", [(1, "a,\"x\ny\",b"), (3, "c")])
        // CRLF inside a quoted field stays; the CRLF that ends the record goes.
        try expectRecords("a,\"x\r\ny\"\r\nc\r\n", [(1, "a,\"x\r\ny\""), (3, "c")])
        // An escaped quote does not close the field; a field of two lines, then one of three.
        try expectRecords("\"say \"\"hi\n\"\"\",1\n\"1\n2\n3\"\nlast", [(1, "\"say \"\"hi\n\"\"\",1"), (3, "\"1\n2\n3\""), (6, "last")])
        // Blank lines are records too (the imports skip them); line numbers count them.
        try expectRecords("a\n\n\"b\n\"\n\nc", [(1, "a"), (2, ""), (3, "\"b\n\""), (5, ""), (6, "c")])
    }

    @Test func aQuoteOpensAFieldOnlyAtItsStart() throws {
        // `5" screen` is text: the quote is in the middle of an unquoted field.
        try expectRecords("a,5\" screen,c\nnext\n", [(1, "a,5\" screen,c"), (2, "next")])
        // Spaces before a quote are skipped, as the field splitter does.
        try expectRecords("a,  \"b\nc\",d\ne", [(1, "a,  \"b\nc\",d"), (3, "e")])
        // Only the delimiter starts a field: with `;` a quote after `,` is text.
        try expectRecords("a,\"b\nc\n", [(1, "a,\"b"), (2, "c")], splitting: .csv(delimiters: [UInt8(ascii: ";")]))
        // As lines, quotes mean nothing.
        try expectRecords("\"a\nb\"\n", [(1, "\"a"), (2, "b\"")], splitting: .lines)
        // A byte-order mark is dropped before the first quote is seen.
        try expectRecords("\u{FEFF}\"seg\nment\",x\nb", [(1, "\"seg\nment\",x"), (3, "b")])
    }

    @Test func recordsAcrossChunkBordersComeBackWhole() throws {
        // ~3.5 MiB of records whose quoted fields hold 0…6 line breaks, so that chunk borders fall
        // everywhere, inside quotes too; each record's line is counted here independently.
        var text = ""
        var expected: [(Int, String?)] = []
        var line = 1
        var i = 0
        while text.utf8.count < 3_500_000 {
            let breaks = i % 7
            let body = (0...breaks).map { k in String(repeating: Character(Unicode.Scalar(UInt8(97 + (i + k) % 26))), count: (i * 31 + k * 17) % 400) }
            let record = "\(i),\"" + body.joined(separator: i % 2 == 0 ? "\n" : "\r\n") + "\",end"
            expected.append((line, record))
            text += record + "\n"
            line += breaks + 1
            i += 1
        }
        try expectRecords(text, expected)
    }

    @Test func anUnterminatedQuoteIsOneErrorNamingItsLine() throws {
        let text = "segment,category,opt_ins,choices,note\nnorth,clicks,3,4,ok\nnorth,email,1,2,\"never closed\nsouth,email,5,10,plain\n"
        let path = try TempFile.write(text, name: "open.csv")
        defer { TempFile.remove(path) }
        let error = #expect(throws: BalansError.self) {
            try ConsentImport.cmpExport(path, into: try ConsentImportCSVTests.shop(), source: Self.source)
        }
        #expect(error?.exitCode == 65)
        #expect(error?.description == "\(path):3:17: a quote opened here is not closed before the end of the file")
        // The quote left open may be on a later line of its record than the one it starts on.
        let later = "segment,category,opt_ins,choices,note\nnorth,clicks,3,4,\"a\nb\" ,\"x\nsouth,email,5,10,plain\n"
        let path2 = try TempFile.write(later, name: "open2.csv")
        defer { TempFile.remove(path2) }
        let error2 = #expect(throws: BalansError.self) {
            try ConsentImport.cmpExport(path2, into: try ConsentImportCSVTests.shop(), source: Self.source)
        }
        #expect(error2?.description == "\(path2):2: a quote opened on line 3, column 5 is not closed before the end of the file")
    }

    @Test func anOverLongRecordIsOneErrorNamingTheLineItStartsOn() throws {
        // Over the limit with the quote closed, without quotes, and with a quote that stays open.
        let huge = String(repeating: "x", count: FileIO.maxRecordLength + 100)
        let open = "\"" + String(repeating: "x", count: 2 * FileIO.maxRecordLength)
        for (field, hint) in [("\"\(huge)\"", ""), (huge, ""), (open, "; the quote opened at column 17 is still open there")] {
            let text = "segment,category,opt_ins,choices,note\nnorth,clicks,3,4,ok\nnorth,email,1,2,\(field)\nsouth,email,5,10,plain\n"
            let path = try TempFile.write(text, name: "long.csv")
            defer { TempFile.remove(path) }
            let error = #expect(throws: BalansError.self) {
                try ConsentImport.cmpExport(path, into: try ConsentImportCSVTests.shop(), source: Self.source)
            }
            #expect(error?.exitCode == 65)
            #expect(error?.description == "\(path):3: the record that starts on this line is over 1 MiB (1048576 bytes)\(hint)")
        }
    }

    @Test func recordsSpanningLinesAreImportedAndLaterLinesKeepTheirNumbers() throws {
        let text = [
            "segment,category,opt_ins,choices,note",      // 1
            "north,clicks,3,4,\"first line",              // 2
            "second line\"",                              // 3
            "north,email,1,2,\"a\r\nb \"\"quoted\"\" c\"",  // 4–5 (CRLF inside the quotes)
            "south,email,5,10,plain",                     // 6
            "westt,clicks,1,2,x",                         // 7
            "north,\"cl",                                 // 8
            "icks\"x,1,2,",                               // 9
            "south,clicks,x,2,\"",                        // 10
            "\"",                                         // 11
            "south,clicks,2,8,",                          // 12
        ].joined(separator: "\r\n") + "\r\n"
        let path = try TempFile.write(text, name: "multi.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.cmpExport(path, into: try ConsentImportCSVTests.shop(), source: Self.source)
        #expect(r.records == 7 && r.used == 4)
        #expect(r.problems.map(\.line) == [7, 8, 10])
        #expect(r.problems.map(\.reason.english) == [
            "unknown segment \"westt\"",
            "line 9, column 6: text after a closing quote",
            "opt_ins \"x\" is not a whole number ≥ 0",
        ])
        func rate(_ s: String, _ c: String) -> Double? { r.changes.first { $0.segment == s && $0.category == c }?.new }
        #expect(rate("north", "clicks") == 0.75)   // 3 / 4
        #expect(rate("north", "email") == 0.5)     // 1 / 2
        #expect(rate("south", "email") == 0.5)     // 5 / 10
        #expect(rate("south", "clicks") == 0.25)   // 2 / 8, from line 12
        #expect(r.ignoredColumns == ["note"])
    }

    @Test func aTCFExportWithNotesAcrossLinesIsCountedRight() throws {
        let a = ConsentImportTCFTests.tc(consent: [2, 7]), b = ConsentImportTCFTests.tc(consent: [2])
        let text = "segment,tc_string,note\nnorth,\(a),\"two\nlines\"\nnorth,\(b),x\nwest,\(a),\"also\r\ntwo\"\nnorth,\(a),\n"
        let path = try TempFile.write(text, name: "tcf.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: ConsentImportTCFTests.source)
        #expect(r.records == 4 && r.used == 3)
        #expect(r.problems == [ConsentImport.Problem(line: 5, reason: .unknownSegment(id: "west", suggestion: nil))])
        #expect(r.problems.map(\.reason.english) == ["unknown segment \"west\""])
        // clicks needs P2 and P7: records 1 and 4 of north's 3.
        #expect(r.changes.first { $0.segment == "north" && $0.category == "clicks" }?.new == 0.6667)
        #expect(r.changes.first { $0.segment == "north" && $0.category == "clicks" }?.records == 3)
    }

    // MARK: Lines (files of bare TC strings)

    @Test func asLinesRecordsAreLinesAcrossChunkBorders() throws {
        // ~3.5 MiB of lines whose lengths cycle through 0…997, quotes among them: they mean nothing here.
        var expected: [(Int, String?)] = []
        var text = ""
        var i = 0
        while text.utf8.count < 3_500_000 {
            let line = String(repeating: i % 5 == 0 ? "\"" : String(Character(Unicode.Scalar(UInt8(65 + i % 26)))), count: (i * 37) % 998)
            expected.append((i + 1, line))
            text += line + (i % 3 == 0 ? "\r\n" : "\n")
            i += 1
        }
        try expectRecords(text, expected, splitting: .lines)
    }

    @Test func asLinesAnOverLongLineIsPassedOnceAndSkipped() throws {
        let long = String(repeating: "x", count: FileIO.maxRecordLength * 2 + 5)
        try expectRecords("a\n\(long)\nb\n\(long)", [(1, "a"), (2, nil), (3, "b"), (4, nil)], splitting: .lines)
        let exact = String(repeating: "y", count: FileIO.maxRecordLength)
        try expectRecords("\(exact)\r\nz", [(1, exact), (2, "z")], splitting: .lines)
        try expectRecords("\u{FEFF}a,b\r\nc\r\n\r\nd", [(1, "a,b"), (2, "c"), (3, ""), (4, "d")], splitting: .lines)
        try expectRecords("", [], splitting: .lines)
    }

    // MARK: Counts

    @Test func tcfRecordsPastTheCountLimitAreRefusedByLine() throws {
        // The limit is 2^53; a file that long cannot be written in a test, so the limit is lowered.
        let a = ConsentImportTCFTests.tc(consent: [2, 7])
        let text = "segment,tc_string\nnorth,\(a)\n\nnorth,\(a)\nsouth,\(a)\nnorth,\(a)\n"
        let path = try TempFile.write(text, name: "many.csv")
        defer { TempFile.remove(path) }
        let error = #expect(throws: BalansError.self) {
            try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: ConsentImportTCFTests.source,
                                  segments: nil, includeOutdated: false, maxRecords: 3)
        }
        #expect(error?.exitCode == 65)
        #expect(error?.description == "\(path):6: more than 3 records: counts past 3 are not exact")
        // At the limit itself, all is counted.
        let r = try ConsentImport.tcf(path, into: try ConsentImportCSVTests.shop(), source: ConsentImportTCFTests.source,
                                      segments: nil, includeOutdated: false, maxRecords: 4)
        #expect(r.records == 4 && r.used == 4)
    }

    @Test func choicesThatAddUpPastTwoToThe53AreRefusedByLine() throws {
        let quarter = ConsentImport.maxCount / 4   // 2^51
        let text = """
        segment,category,opt_ins,choices
        north,clicks,\(quarter),\(quarter)
        north,clicks,0,\(quarter)
        north,clicks,1,\(2 * quarter)
        north,clicks,1,1
        north,email,\(ConsentImport.maxCount),\(ConsentImport.maxCount)
        north,email,0,1

        """
        let path = try TempFile.write(text, name: "sums.csv")
        defer { TempFile.remove(path) }
        let r = try ConsentImport.cmpExport(path, into: try ConsentImportCSVTests.shop(), source: Self.source)
        // 2^51 + 2^51 + 2^52 = 2^53 is still exact; one more choice is not.
        #expect(r.problems == [
            ConsentImport.Problem(line: 5, reason: .choicesOverflow(segment: "north", key: .category("clicks"))),
            ConsentImport.Problem(line: 7, reason: .choicesOverflow(segment: "north", key: .category("email"))),
        ])
        #expect(r.problems.map(\.reason.english) == [
            "segment \"north\", category \"clicks\": the choices add up to more than 2^53",
            "segment \"north\", category \"email\": the choices add up to more than 2^53",
        ])
        let clicks = r.changes.first { $0.segment == "north" && $0.category == "clicks" }
        #expect(clicks?.records == ConsentImport.maxCount)
        // (2^51 + 0 + 1) / 2^53 = 0.25 to four decimals.
        #expect(clicks?.new == 0.25)
        #expect(r.changes.first { $0.segment == "north" && $0.category == "email" }?.new == 1)
    }

    // MARK: The memchr path of the scanner against the byte-by-byte state machine (decision 0027)

    /// The records of `bytes` as the scanner found them before it used memchr: every byte through the
    /// state machine of decision 0018. nil when a quote is still open at the end.
    static func referenceRecords(_ bytes: [UInt8], splitting: RecordSplitting) -> [(Int, String?)]? {
        var delimiters: Set<UInt8> = []
        var quoting = false
        if case .csv(let d) = splitting { delimiters = Set(d); quoting = true }
        enum State { case fieldStart, plain, quoted, quoteInQuoted }
        var state = State.fieldStart
        var out: [(Int, String?)] = []
        var start = 0, line = 1, recordLine = 1
        func emit(_ a: Int, _ b: Int) {
            var b = b
            if b > a && bytes[b - 1] == 13 { b -= 1 }
            out.append((recordLine, String(decoding: bytes[a..<b], as: UTF8.self)))
        }
        for (i, byte) in bytes.enumerated() {
            let isQuote = quoting && byte == UInt8(ascii: "\""), isDelimiter = delimiters.contains(byte)
            let isSpace = quoting && byte == 32, isLF = byte == 10
            var ends = false
            switch state {
            case .quoted:
                if isQuote { state = .quoteInQuoted } else if isLF { line += 1 }
            case .quoteInQuoted:
                if isQuote { state = .quoted } else if isDelimiter { state = .fieldStart } else if isLF { ends = true } else { state = .plain }
            case .fieldStart:
                if isQuote { state = .quoted } else if isLF { ends = true } else if !isSpace && !isDelimiter { state = .plain }
            case .plain:
                if isDelimiter { state = .fieldStart } else if isLF { ends = true }
            }
            if ends {
                emit(start, i)
                start = i + 1
                line += 1
                recordLine = line
                state = .fieldStart
            }
        }
        if state == .quoted { return nil }
        if bytes.count > start { emit(start, bytes.count) }
        return out
    }

    /// Random records of fields, quotes (opening, escaped, stray, after text), spaces, delimiters of
    /// every kind, CR and LF; long enough to cross the 1 MiB chunk border when `size` is.
    static func randomRecordText(size: Int, using g: inout SplitMix) -> [UInt8] {
        let pieces: [[UInt8]] = [Array("ab".utf8), Array("x".utf8), Array("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA".utf8),
                                 [UInt8(ascii: ",")], [UInt8(ascii: ";")], [9], [32], [32, 32], [UInt8(ascii: "\"")],
                                 Array("\"\"".utf8), [10], [13, 10], [13], Array("é".utf8)]
        let weights = [8, 8, 6, 6, 3, 2, 3, 1, 3, 1, 5, 2, 1, 1]
        let total = weights.reduce(0, +)
        var out: [UInt8] = []
        out.reserveCapacity(size + 64)
        while out.count < size {
            var r = Int.random(in: 0..<total, using: &g)
            var k = 0
            while r >= weights[k] { r -= weights[k]; k += 1 }
            out += pieces[k]
        }
        return out
    }

    @Test func theMemchrPathFindsTheRecordsTheStateMachineFinds() throws {
        var g = SplitMix(state: 2718)
        let splittings: [RecordSplitting] = [.csv(delimiters: [UInt8(ascii: ",")]), .csv(delimiters: [UInt8(ascii: ";")]), .csvHeader, .lines]
        var compared = 0
        for round in 0..<48 {
            // Mostly short files; every eighth one crosses a chunk border (2.3 MB).
            var bytes = Self.randomRecordText(size: round % 8 == 7 ? 2_300_000 : Int.random(in: 0...3000, using: &g), using: &g)
            let splitting = splittings[round % splittings.count]
            if bytes.first == 0xEF { bytes.insert(UInt8(ascii: "x"), at: 0) }
            if Self.referenceRecords(bytes, splitting: splitting) == nil { bytes.append(UInt8(ascii: "\"")) }
            guard let expected = Self.referenceRecords(bytes, splitting: splitting) else { continue }
            // Quoted fields stay far below 1 MiB here: no record is over the limit.
            let got = try records(of: String(decoding: bytes, as: UTF8.self), splitting: splitting)
            #expect(got.map(\.0) == expected.map(\.0), "round \(round)")
            #expect(got.map(\.1) == expected.map(\.1), "round \(round)")
            compared += expected.count
        }
        #expect(compared > 10_000)
    }
}
