import CSaveGuard

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Saving output files (SPEC §2 "Saving"): every file Balans writes goes through `writeAtomically`.
extension FileIO {
    /// Where a save goes, once symbolic links are followed.
    enum OutputTarget: Equatable {
        /// A regular file, or a name that does not exist yet: replaced atomically.
        case file(String)
        /// An existing file that is not a regular file (a FIFO, a device): written in place.
        case special(String)
        /// A link to one of this process's open descriptors (`/dev/stdout`, `/dev/fd/N`,
        /// `/proc/self/fd/N`): written to the descriptor itself, where the shell's redirection points.
        case descriptor(Int32)
    }

    /// Links followed before the save gives up (as the kernel's ELOOP).
    static let maxLinks = 40

    /// The descriptor number when `path` names one of this process's descriptors.
    static func descriptorNumber(_ path: String) -> Int32? {
        let prefixes = ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", "/proc/\(getpid())/fd/"]
        for prefix in prefixes where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            guard !rest.isEmpty, rest.count <= 9, rest.allSatisfy({ $0 >= "0" && $0 <= "9" }), let n = Int32(rest) else {
                return nil
            }
            return n
        }
        return nil
    }

    /// The folder part of `path` ("." when it has none).
    static func folderPart(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The name part of `path` (after its last slash).
    static func namePart(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Follows `path` through symbolic links to what a save must change. Errors name `path`, the
    /// path the user gave.
    static func outputTarget(_ path: String) throws(BalansError) -> OutputTarget {
        var current = path
        for _ in 0...maxLinks {
            if let fd = descriptorNumber(current) { return .descriptor(fd) }
            var st = stat()
            if lstat(current, &st) != 0 {
                let e = errno
                // A name that does not exist yet is a new file; a missing folder fails on creation.
                if e == ENOENT { return .file(current) }
                throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(e))")
            }
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = buffer.withUnsafeMutableBufferPointer { p in
                    p.baseAddress.map { readlink(current, $0, p.count - 1) } ?? -1
                }
                if n < 0 { throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(errno))") }
                let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                guard !link.isEmpty else { throw BalansError(.cannotWrite, file: path, "cannot write: an empty symbolic link") }
                // A relative link is relative to the folder that holds the link.
                current = link.hasPrefix("/") ? link : folderPart(current) + "/" + link
            case S_IFDIR:
                throw BalansError(.cannotWrite, file: path, "is a folder")
            case S_IFREG:
                return .file(current)
            default:
                return .special(current)
            }
        }
        throw BalansError(.cannotWrite, file: path, "cannot write: too many levels of symbolic links")
    }

    /// The file a save to `path` changes: `path` with its symbolic links followed (itself when it
    /// names a descriptor or cannot be followed; the save then reports why). A file written beside
    /// a saved one and named in it (the report's chart) belongs beside this one.
    public static func savedPath(_ path: String) -> String {
        switch try? outputTarget(path) {
        case .file(let target)?, .special(let target)?: return target
        case .descriptor?, nil: return path
        }
    }

    /// Writes all of `bytes` to `fd`, in chunks of `chunk`, retrying interrupted and partial
    /// writes; `afterFirstChunk` runs once, after the first chunk. Returns 0 or the errno.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], chunk: Int = 1 << 16, afterFirstChunk: () -> Void = {}) -> Int32 {
        var written = 0
        var first = true
        while written < bytes.count {
            let count = min(chunk, bytes.count - written)
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress.map { $0 + written }, count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += n
            if first {
                first = false
                afterFirstChunk()
            }
        }
        return 0
    }

    /// The hidden, test-only pause: with `BALANS_TEST_SAVE_PAUSE=SECONDS` in the environment, an
    /// atomic save stops for that long (at most 60 s) after its first chunk is in the temporary file,
    /// so that a test can send a signal mid-save (docs/decisions/0017-saving-and-stdout.md).
    static func testPause() {
        guard let raw = getenv("BALANS_TEST_SAVE_PAUSE"), let seconds = Double(String(cString: raw)),
              seconds > 0, seconds <= 60 else { return }
        var left = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var rest = timespec()
        while nanosleep(&left, &rest) != 0 && errno == EINTR { left = rest }
    }

    /// Saves `text` to `path` (SPEC §2):
    ///
    /// - a regular file, or a new name, is replaced **atomically**: a temporary file in the same
    ///   folder, fsync, rename, fsync of the folder. The file being replaced keeps its mode (and its
    ///   owner where the process may keep it). If anything fails the temporary file is removed and
    ///   the old file stays as it was; a terminating signal (SIGTERM, SIGINT, SIGHUP, SIGPIPE,
    ///   SIGQUIT) removes it too (`CSaveGuard`).
    /// - a **symbolic link** is followed: its target is replaced (in the target's folder), the link stays.
    /// - an existing path that is **not a regular file** (a FIFO, a device such as `/dev/null`) is
    ///   written in place and never renamed over; a link to one of the process's descriptors
    ///   (`/dev/stdout`, `/dev/fd/1`) writes to that descriptor.
    ///
    /// A FIFO with no reader makes the write wait for one, as the shell's `>` does; with
    /// `waitForReader` false (the dashboard, which must never hang) it is refused at once instead.
    ///
    /// Errors are 73 and name `path` as given.
    public static func writeAtomically(_ text: String, to path: String, waitForReader: Bool = true) throws(BalansError) {
        guard !namePart(path).isEmpty else { throw BalansError(.cannotWrite, file: path, "not a file name") }
        switch try outputTarget(path) {
        case .descriptor(let fd):
            try writeInPlace(Array(text.utf8), fd: fd, path: path)
        case .special(let target):
            let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC | (waitForReader ? 0 : O_NONBLOCK))
            if fd < 0 {
                let e = errno
                if e == ENXIO && !waitForReader {
                    throw BalansError(.cannotWrite, file: path, "no program is reading this FIFO: nothing was written")
                }
                throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(e))")
            }
            // Opened without waiting; the writes themselves may wait for the reader as usual.
            if !waitForReader { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                // It became a regular file since it was looked at: replace that one atomically.
                close(fd)
                try replace(text, target: target, path: path)
                return
            }
            defer { close(fd) }
            try writeInPlace(Array(text.utf8), fd: fd, path: path)
        case .file(let target):
            try replace(text, target: target, path: path)
        }
    }

    /// Writes to a descriptor that is not a regular file being replaced (nothing to sync or rename).
    static func writeInPlace(_ bytes: [UInt8], fd: Int32, path: String) throws(BalansError) {
        let e = writeAll(fd, bytes)
        if e != 0 { throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(e))") }
    }

    /// The atomic replacement of the regular file (or new name) `target`, reached from `path`.
    static func replace(_ text: String, target: String, path: String) throws(BalansError) {
        let folder = folderPart(target)
        let base = namePart(target)
        guard !base.isEmpty else { throw BalansError(.cannotWrite, file: path, "not a file name") }
        var old = stat()
        let exists = stat(target, &old) == 0
        if exists && (old.st_mode & S_IFMT) == S_IFDIR {
            throw BalansError(.cannotWrite, file: path, "is a folder")
        }
        var template = Array((folder + "/." + base + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { balans_save_guard_create($0) } ?? -1 }
        if fd < 0 {
            throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(errno))")
        }
        let tempPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var committed = false
        var isOpen = true
        defer {
            if isOpen { close(fd) }
            if !committed { balans_save_guard_abandon(tempPath, 1) }
        }
        // Keep the owner and mode of the file being replaced; new files get 0666 minus the umask.
        if exists {
            if old.st_uid != geteuid() || old.st_gid != getegid() { _ = fchown(fd, old.st_uid, old.st_gid) }
            fchmod(fd, old.st_mode & 0o7777)
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        let e = writeAll(fd, Array(text.utf8), afterFirstChunk: testPause)
        if e != 0 { throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(e))") }
        if fsync(fd) != 0 {
            throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(errno))")
        }
        isOpen = false
        if close(fd) != 0 {
            throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(errno))")
        }
        if balans_save_guard_commit(tempPath, target) != 0 {
            throw BalansError(.cannotWrite, file: path, "cannot write: \(errnoText(errno))")
        }
        committed = true
        // Make the rename itself durable.
        let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// Removes the temporary files of saves in progress. Async-signal-safe: for the dashboard's
    /// crash handler, which ends the process without returning to the save.
    public static func removeTemporaryFilesNow() {
        balans_save_guard_unlink_all()
    }
}
