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

    /// The UTC day a file was last modified, or nil when it cannot be told (no such file).
    public static func modificationDay(_ path: String) -> CalendarDay? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        return CalendarDay.day(ofEpochSeconds: Int(st.st_mtimespec.tv_sec))
        #else
        return CalendarDay.day(ofEpochSeconds: Int(st.st_mtim.tv_sec))
        #endif
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
}
