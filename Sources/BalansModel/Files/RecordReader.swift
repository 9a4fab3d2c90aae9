#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

private func readChunk(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// How `FileIO.forEachRecord` finds where a record ends (decision 0018).
public enum RecordSplitting: Sendable, Equatable {
    /// Every line break ends a record (files of bare TC strings).
    case lines
    /// RFC 4180: a line break inside a quoted field belongs to the field. A quote opens a field
    /// only at the field's start (after a delimiter and spaces); anywhere else it is text.
    case csv(delimiters: [UInt8])

    /// Before the header is read its delimiter is unknown: any of `,`, `;` and tab starts a field.
    public static let csvHeader = RecordSplitting.csv(delimiters: [UInt8(ascii: ","), UInt8(ascii: ";"), 9])
}

/// What `FileIO.forEachRecord` passes on for one record.
public enum RecordInput {
    /// The record's bytes without its final line break (LF or CRLF); line breaks inside quoted
    /// fields are kept as they are. Valid only during the call.
    case record(UnsafeBufferPointer<UInt8>)
    /// A record over the size limit; its bytes are dropped up to its end. `openQuote` is the place
    /// (line, 1-based byte column) of a quote still open at the limit: usually a quote left open.
    case tooLong(openQuote: (line: Int, column: Int)?)
}

extension FileIO {
    /// The largest record `forEachRecord` passes on (1 MiB); a longer one is `.tooLong`.
    public static let maxRecordLength = 1 << 20

    /// Streams the records of a record file (`-` is standard input) in constant memory: `body` gets
    /// the physical line each record starts on (1-based, counting the line breaks inside quoted
    /// fields) and the record, and may change `splitting` for the records after it (a header
    /// tells the delimiter, or that the file has no quoting at all). A UTF-8 byte-order mark at
    /// the start is dropped. A quote still open at the end of the input is an error (65) naming
    /// the line the record starts on and the quote's place.
    public static func forEachRecord(_ path: String, splitting initial: RecordSplitting, limit: Int = maxRecordLength,
                                     _ body: (Int, RecordInput, inout RecordSplitting) throws(BalansError) -> Void) throws(BalansError) {
        _ = try forEachRecord(inPart: path, splitting: initial, limit: limit, in: RecordRange()) { (line, input, splitting, _) throws(BalansError) in
            try body(line, input, &splitting)
        }
    }

    /// `forEachRecord` over the records of one part of a regular file (`consent tcf --jobs`,
    /// decision 0034): from `range.start` (a record start), numbering lines from `range.firstLine`,
    /// and stopping before the first record that starts at or after `range.end` — the record that
    /// straddles `range.end` is read to its end. `body` may also stop the reading (its last
    /// argument). Returns the file offset and line where the next record starts.
    static func forEachRecord(inPart path: String, splitting initial: RecordSplitting, limit: Int = maxRecordLength,
                              in range: RecordRange,
                              _ body: (Int, RecordInput, inout RecordSplitting, inout Bool) throws(BalansError) -> Void) throws(BalansError) -> (next: Int, line: Int) {
        let shown = path == "-" ? "stdin" : path
        if let end = range.end, range.start >= end { return (range.start, range.firstLine) }
        let fd: Int32
        if path == "-" { fd = 0 } else { fd = try openInput(path).fd }
        defer { if fd != 0 { close(fd) } }
        if range.start > 0 && lseek(fd, off_t(range.start), SEEK_SET) < 0 {
            throw BalansError(.io, file: shown, "cannot read: \(errnoText(errno))")
        }
        let chunkSize = 1 << 20
        var reader = RecordScanner(splitting: initial, limit: limit)
        reader.base = range.start
        reader.lineStart = range.start
        reader.line = range.firstLine
        reader.recordLine = range.firstLine
        reader.stopAt = range.end ?? Int.max
        // The buffer holds at most one partial record (up to the limit) plus one chunk.
        var buffer = [UInt8](repeating: 0, count: limit + chunkSize + 1)
        var end = 0
        var bomChecked = range.start > 0
        var failure: BalansError? = nil
        while failure == nil && !reader.stopped {
            reader.compact(&buffer, end: &end)
            let n = buffer.withUnsafeMutableBytes { readChunk(fd, $0.baseAddress.map { $0 + end }, chunkSize) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BalansError(.io, file: shown, "cannot read: \(errnoText(errno))")
            }
            let eof = n == 0
            end += n
            if !bomChecked {
                // A byte-order mark is dropped before scanning, so that a quote after it opens a field.
                if end < 3 && !eof { continue }
                bomChecked = true
                if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { reader.skipPrefix(3) }
            }
            buffer.withUnsafeMutableBufferPointer { p in
                do throws(BalansError) {
                    try reader.scan(UnsafeBufferPointer(p), end: end, eof: eof, file: shown, body)
                } catch {
                    failure = error
                }
            }
            if eof { break }
        }
        if let failure { throw failure }
        return (reader.base + reader.start, reader.line)
    }
}

/// A part of a record file to read: where it starts (a record start), the first line's number,
/// and the offset from which records belong to the next part (nil: the end of the file).
struct RecordRange: Sendable, Equatable {
    var start = 0
    var firstLine = 1
    var end: Int? = nil
}

/// The state of `forEachRecord` between chunks: where the current record starts, how far the
/// buffer is scanned, and whether the scan is inside a quoted field.
struct RecordScanner {
    enum State {
        /// At the start of a field (spaces before a quote are skipped, as `CSVRecord.fields` does).
        case fieldStart
        /// In a field without quotes, or in text after a closing quote.
        case plain
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field: a second quote is an escaped quote.
        case quoteInQuoted
    }

    /// Byte classes: 0 text, 1 delimiter, 2 quote, 3 line feed, 4 space.
    var classes: [UInt8]
    var splitting: RecordSplitting
    /// Whether quotes mean anything (CSV); in a file of lines only line feeds do.
    var quoting = false
    let limit: Int
    var state = State.fieldStart
    /// Buffer index where the current record starts, and the next byte to scan.
    var start = 0
    var scanned = 0
    /// Inside a record over the limit, dropped up to its end.
    var skipping = false
    /// The physical line being scanned, the line the current record starts on, and the file
    /// offset where the current line starts (for columns).
    var line = 1
    var recordLine = 1
    var lineStart = 0
    /// File offset of buffer index 0.
    var base = 0
    /// Where the open quote of the current record was opened.
    var quoteLine = 0
    var quoteColumn = 0
    /// Records starting at or after this file offset are left for the next part; `stopped` once
    /// one does, or once the body asks to stop.
    var stopAt = Int.max
    var stopped = false

    init(splitting: RecordSplitting, limit: Int) {
        self.limit = limit
        self.splitting = splitting
        classes = []
        setSplitting(splitting)
    }

    mutating func setSplitting(_ splitting: RecordSplitting) {
        self.splitting = splitting
        classes = [UInt8](repeating: 0, count: 256)
        classes[10] = 3
        quoting = false
        if case .csv(let delimiters) = splitting {
            quoting = true
            for d in delimiters { classes[Int(d)] = 1 }
            classes[Int(UInt8(ascii: "\""))] = 2
            classes[Int(UInt8(ascii: " "))] = 4
        }
    }

    mutating func skipPrefix(_ n: Int) {
        start += n
        scanned += n
        lineStart = base + n
    }

    /// Moves the current record to the front of the buffer to make room for a chunk.
    mutating func compact(_ buffer: inout [UInt8], end: inout Int) {
        guard start > 0 else { return }
        if end > start { buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end]) }
        end -= start
        scanned -= start
        base += start
        start = 0
    }

    mutating func scan(_ p: UnsafeBufferPointer<UInt8>, end: Int, eof: Bool, file: String,
                       _ body: (Int, RecordInput, inout RecordSplitting, inout Bool) throws(BalansError) -> Void) throws(BalansError) {
        var i = scanned
        // Bytes before `slow` go through the state machine one by one: a record with a quote in
        // it, or the unfinished record at the end of the buffer.
        var slow = i
        let bytes = p.baseAddress
        while i < end {
            if let bytes, i >= slow && (state == .fieldStart || state == .plain) {
                // Outside quotes only a quote or a line feed changes what a line feed means: when no
                // quote comes before the next line feed, that line feed ends the record, and memchr
                // finds both faster than the loop below (decision 0027).
                if let hit = memchr(bytes + i, 10, end - i) {
                    let lf = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes)
                    if !quoting || memchr(bytes + i, Int32(UInt8(ascii: "\"")), lf - i) == nil {
                        try endRecord(p, at: lf, body)
                        i = lf + 1
                        if stopped { scanned = i; return }
                        continue
                    }
                    slow = lf + 1
                } else {
                    slow = end
                }
            }
            let c = classes[Int(p[i])]
            switch state {
            case .quoted:
                if c == 2 { state = .quoteInQuoted }
                else if c == 3 { line += 1; lineStart = base + i + 1 }
            case .quoteInQuoted:
                switch c {
                case 2: state = .quoted
                case 1: state = .fieldStart
                case 3: try endRecord(p, at: i, body)
                default: state = .plain
                }
            case .fieldStart:
                switch c {
                case 2:
                    state = .quoted
                    quoteLine = line
                    quoteColumn = base + i - lineStart + 1
                case 3: try endRecord(p, at: i, body)
                case 4, 1: break
                default: state = .plain
                }
            case .plain:
                if c == 1 { state = .fieldStart } else if c == 3 { try endRecord(p, at: i, body) }
            }
            i += 1
            if stopped { scanned = i; return }
        }
        scanned = end
        if eof {
            if state == .quoted {
                if quoteLine == recordLine {
                    throw BalansError(.badData, file: file, line: recordLine, column: quoteColumn,
                                      "a quote opened here is not closed before the end of the file")
                }
                throw BalansError(.badData, file: file, line: recordLine,
                                  "a quote opened on line \(quoteLine), column \(quoteColumn) is not closed before the end of the file")
            }
            if !skipping && end > start { try emit(p, start, end, body) }
            start = end
        } else if end - start > limit {
            // Report the over-long record once and drop it up to its end.
            if !skipping {
                skipping = true
                var splitting = self.splitting
                var stop = false
                try body(recordLine, .tooLong(openQuote: state == .quoted ? (quoteLine, quoteColumn) : nil), &splitting, &stop)
                if splitting != self.splitting { setSplitting(splitting) }
            }
            start = end
        }
    }

    /// The line feed at `i` ends the current record.
    private mutating func endRecord(_ p: UnsafeBufferPointer<UInt8>, at i: Int,
                                    _ body: (Int, RecordInput, inout RecordSplitting, inout Bool) throws(BalansError) -> Void) throws(BalansError) {
        if skipping {
            skipping = false
        } else {
            try emit(p, start, i, body)
        }
        start = i + 1
        line += 1
        lineStart = base + i + 1
        recordLine = line
        state = .fieldStart
        if base + start >= stopAt { stopped = true }
    }

    private mutating func emit(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int,
                               _ body: (Int, RecordInput, inout RecordSplitting, inout Bool) throws(BalansError) -> Void) throws(BalansError) {
        var b = to
        if b > from && p[b - 1] == 13 { b -= 1 }
        var splitting = self.splitting
        var stop = false
        // A record may end within the chunk that takes it over the limit.
        if b - from > limit {
            try body(recordLine, .tooLong(openQuote: nil), &splitting, &stop)
        } else {
            try body(recordLine, .record(UnsafeBufferPointer(rebasing: p[from..<b])), &splitting, &stop)
        }
        if splitting != self.splitting { setSplitting(splitting) }
        if stop { stopped = true }
    }
}
