import Testing
@testable import BalansModel

/// `FileIO.forEachLine`: lines across 1 MiB chunk borders come back whole, in order, numbered.
@Suite struct LineReaderTests {
    func lines(of text: String) throws -> [String?] {
        let path = try TempFile.write(text, name: "lines.txt")
        defer { TempFile.remove(path) }
        var out: [String?] = []
        var numbers: [Int] = []
        try FileIO.forEachLine(path) { (n, line) throws(BalansError) in
            numbers.append(n)
            out.append(line.map { String(decoding: $0, as: UTF8.self) })
        }
        #expect(numbers == Array(1..<(numbers.count + 1)))
        return out
    }

    @Test func linesAcrossChunkBordersComeBackWhole() throws {
        // ~3.5 MiB of lines whose lengths cycle through 0…997, so that borders fall everywhere.
        var expected: [String] = []
        var total = 0
        var i = 0
        while total < 3_500_000 {
            let line = String(repeating: Character(Unicode.Scalar(UInt8(65 + i % 26))), count: (i * 37) % 998)
            expected.append(line)
            total += line.utf8.count + 1
            i += 1
        }
        #expect(try lines(of: expected.joined(separator: "\n") + "\n") == expected)
        // Without a final line break, the last line still counts.
        #expect(try lines(of: expected.joined(separator: "\n")) == expected)
    }

    @Test func crlfAndAByteOrderMarkAreDropped() throws {
        #expect(try lines(of: "\u{FEFF}a,b\r\nc\r\n\r\nd") == ["a,b", "c", "", "d"])
        #expect(try lines(of: "") == [])
    }

    @Test func overLongLinesArePassedAsNilWithoutTheirBytes() throws {
        let long = String(repeating: "x", count: FileIO.maxLineLength * 2 + 5)
        #expect(try lines(of: "a\n\(long)\nb\n\(long)") == ["a", nil, "b", nil])
        let exact = String(repeating: "y", count: FileIO.maxLineLength)
        #expect(try lines(of: "\(exact)\nz") == [exact, "z"])
    }

    @Test func aMissingFileIs66AndAFolderToo() {
        for path in ["/nonexistent/x.csv", "/tmp"] {
            let error = #expect(throws: BalansError.self) { try FileIO.forEachLine(path) { (_, _) throws(BalansError) in } }
            #expect(error?.exitCode == 66)
        }
    }
}
