#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splitting one record of a CMP export into fields (RFC 4180 quoting: `"a, b"`, `""` for a quote,
/// and line breaks inside quotes, which `FileIO.forEachRecord` keeps within the record). Exports from spreadsheets in Swedish and other decimal-comma locales use `;`
/// between fields, so the delimiter is found from the header line (decision 0015).
public enum CSVRecord {
    /// The delimiter of a header line: the most frequent of `,`, `;` and tab outside quotes, or nil
    /// when there is none (a file of bare TC strings).
    public static func delimiter(of header: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for b in header {
            if b == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if !quoted && (b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == 9) { counts[b, default: 0] += 1 }
        }
        return counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key
    }

    /// The fields of the record `line`, unquoted and trimmed of surrounding spaces; a reason when a
    /// quote is left open or text follows a closing quote.
    public static func fields(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Result<[String], CSVProblem> {
        var out: [String] = []
        var field: [UInt8] = []
        var i = 0
        let n = line.count
        while true {
            field.removeAll(keepingCapacity: true)
            while i < n && line[i] == UInt8(ascii: " ") { i += 1 }
            if i < n && line[i] == UInt8(ascii: "\"") {
                let opened = i
                i += 1
                var closed = false
                while i < n {
                    if line[i] == UInt8(ascii: "\"") {
                        if i + 1 < n && line[i + 1] == UInt8(ascii: "\"") { field.append(UInt8(ascii: "\"")); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    field.append(line[i])
                    i += 1
                }
                guard closed else { return .failure(CSVProblem(column: opened + 1, kind: .unclosedQuote)) }
                while i < n && line[i] == UInt8(ascii: " ") { i += 1 }
                if i < n && line[i] != delimiter {
                    return .failure(CSVProblem(column: i + 1, kind: .textAfterQuote))
                }
            } else {
                while i < n && line[i] != delimiter { field.append(line[i]); i += 1 }
                while let last = field.last, last == UInt8(ascii: " ") { field.removeLast() }
            }
            out.append(String(decoding: field, as: UTF8.self))
            if i >= n { break }
            i += 1  // the delimiter
            if i == n { out.append(""); break }
        }
        return .success(out)
    }

    /// The byte ranges of the fields of a line without quotes, trimmed of spaces (nil when the line
    /// has a quote: then `fields` must unquote it). No copies: for the records of large files.
    public static func plainFieldRanges(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, into out: inout [Range<Int>]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var start = 0
        var i = 0
        let n = line.count
        func trimmed(_ a: Int, _ b: Int) -> Range<Int> {
            var a = a, b = b
            while a < b && line[a] == UInt8(ascii: " ") { a += 1 }
            while b > a && line[b - 1] == UInt8(ascii: " ") { b -= 1 }
            return a..<b
        }
        // memchr for the quote and then each delimiter (decision 0027): far fewer instructions per
        // byte than a loop over them, for the long TC-string field.
        if n > 0, let base = line.baseAddress {
            if memchr(base, Int32(UInt8(ascii: "\"")), n) != nil { return false }
            while i < n, let hit = memchr(base + i, Int32(delimiter), n - i) {
                i = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                out.append(trimmed(start, i))
                i += 1
                start = i
            }
        }
        out.append(trimmed(start, n))
        return true
    }

    /// Header names for a message: quoted and cut, the first ten and how many more.
    public static func listed(_ names: [String]) -> String {
        let shown = names.prefix(10).map { SafeText.quoted($0) }.joined(separator: ", ")
        return names.count > 10 ? shown + " and \(names.count - 10) more" : shown
    }

    /// A header name in a comparable form: lower case, with spaces and hyphens as underscores.
    public static func normalised(_ name: String) -> String {
        String(name.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// Why a record could not be split.
public struct CSVProblem: Error, Sendable, Equatable {
    /// What is wrong with a field's quotes.
    public enum Kind: Sendable, Equatable {
        /// A quote opened at the column is not closed.
        case unclosedQuote
        /// Text follows a closing quote in the same field.
        case textAfterQuote
    }

    /// 1-based byte offset in the record (which may span lines).
    public var column: Int
    public var kind: Kind

    /// The reason in English, for a file diagnostic (a header that cannot be read is an error).
    public var reason: String {
        switch kind {
        case .unclosedQuote: return "a quote opened here is not closed"
        case .textAfterQuote: return "text after a closing quote"
        }
    }

    /// The physical line and 1-based byte column of the problem in a record that starts on `line`.
    public func place(in record: UnsafeBufferPointer<UInt8>, startingOn line: Int) -> (line: Int, column: Int) {
        var line = line, lineStart = 0
        var i = 0
        let end = min(column - 1, record.count)
        while i < end {
            if record[i] == 10 { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, column - lineStart)
    }

    /// The problem as a record's reason: its column, and its line when that is a later line of the
    /// record than the one it starts on (problems are listed by the line their record starts on).
    public func asImportProblem(in record: UnsafeBufferPointer<UInt8>, startingOn line: Int) -> ImportProblem {
        let place = place(in: record, startingOn: line)
        return .malformedField(line: place.line == line ? nil : place.line, column: place.column, problem: kind)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
