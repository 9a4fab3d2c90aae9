#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Reading inputs and writing outputs with the error kinds and exit codes of SPEC §2–3.
public enum FileIO {
    /// Inputs larger than this are refused (65).
    public static let maxInputSize = 64 << 20

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Opens an input for reading: a missing file or a folder is 66, another failure 74. The
    /// caller closes the descriptor.
    static func openInput(_ path: String) throws(BalansError) -> (fd: Int32, size: Int?) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            switch e {
            case ENOENT: throw BalansError(.cannotOpen, file: path, "no such file")
            case EACCES, EPERM: throw BalansError(.cannotOpen, file: path, "permission denied")
            case EISDIR: throw BalansError(.cannotOpen, file: path, "is a folder, not a file")
            default: throw BalansError(.cannotOpen, file: path, "cannot open: \(errnoText(e))")
            }
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            throw BalansError(.io, file: path, "cannot read: \(errnoText(e))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw BalansError(.cannotOpen, file: path, "is a folder, not a file")
        }
        return (fd, (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil)
    }

    /// Reads a whole input file: a missing file or a folder is 66, over 64 MiB is 65, a failed read 74.
    public static func read(_ path: String) throws(BalansError) -> [UInt8] {
        let (fd, size) = try openInput(path)
        defer { close(fd) }
        if let size, size > maxInputSize {
            throw BalansError(.badData, file: path, "the file has \(size) bytes; files over 64 MiB (\(maxInputSize) bytes) are refused")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((size ?? 0) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                if e == EISDIR { throw BalansError(.cannotOpen, file: path, "is a folder, not a file") }
                throw BalansError(.io, file: path, "cannot read: \(errnoText(e))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            // Pipes and special files have no size up front.
            if bytes.count > maxInputSize {
                throw BalansError(.badData, file: path, "the input is over 64 MiB; files over 64 MiB are refused")
            }
        }
        return bytes
    }

    /// The longest line `forEachLine` passes on; a longer one is passed as `nil` (and skipped), so
    /// that one broken record cannot make memory grow.
    public static let maxLineLength = 1 << 20

    /// Streams the lines of an input (`-` is standard input) in constant memory: `body` gets each
    /// line's 1-based number and its bytes without the line break (LF or CRLF; a UTF-8 byte-order
    /// mark at the start is dropped), or `nil` for a line over `maxLineLength`. The bytes are valid
    /// only during the call. Any size is accepted: this is for record files, not documents.
    public static func forEachLine(_ path: String,
                                   _ body: (Int, UnsafeBufferPointer<UInt8>?) throws(BalansError) -> Void) throws(BalansError) {
        let fd: Int32
        if path == "-" { fd = 0 } else { fd = try openInput(path).fd }
        defer { if fd != 0 { close(fd) } }
        let chunkSize = 1 << 20
        // The buffer holds at most one partial line plus one chunk.
        var buffer = [UInt8](repeating: 0, count: maxLineLength + chunkSize + 1)
        var start = 0, end = 0
        var lineNumber = 0
        var skipping = false  // inside an over-long line, until its end
        var first = true
        var failure: BalansError? = nil
        func emit(_ p: UnsafeMutableBufferPointer<UInt8>, _ from: Int, _ to: Int) throws(BalansError) {
            lineNumber += 1
            var a = from, b = to
            if b > a && p[b - 1] == 13 { b -= 1 }
            // A line may end within the chunk that takes it over the limit.
            if b - a > maxLineLength { first = false; try body(lineNumber, nil); return }
            if first {
                first = false
                if b - a >= 3 && p[a] == 0xEF && p[a + 1] == 0xBB && p[a + 2] == 0xBF { a += 3 }
            }
            try body(lineNumber, UnsafeBufferPointer(rebasing: p[a..<b]))
        }
        while failure == nil {
            // Move the partial line to the front to make room for a chunk.
            if start > 0 {
                if end > start { buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end]) }
                end -= start
                start = 0
            }
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + end, chunkSize) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BalansError(.io, file: path == "-" ? "stdin" : path, "cannot read: \(errnoText(errno))")
            }
            let eof = n == 0
            end += n
            buffer.withUnsafeMutableBufferPointer { p in
                do throws(BalansError) {
                    var i = start
                    let scanFrom = end - n
                    i = max(i, scanFrom)
                    while i < end {
                        if p[i] == 10 {
                            if skipping {
                                skipping = false
                                start = i + 1
                            } else {
                                try emit(p, start, i)
                                start = i + 1
                            }
                        }
                        i += 1
                    }
                    if eof {
                        if !skipping && end > start { try emit(p, start, end) }
                        start = end
                    } else if end - start > maxLineLength {
                        // Report the over-long line once and drop it up to its end.
                        if !skipping {
                            lineNumber += 1
                            first = false
                            try body(lineNumber, nil)
                            skipping = true
                        }
                        start = end
                    }
                } catch {
                    failure = error
                }
            }
            if eof { break }
        }
        if let failure { throw failure }
    }
}
