import Foundation
import Testing
@testable import BalansModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPEC §2 "Saving" against what a path points to (issue 10, item 3): a symbolic link's target is
/// replaced and the link stays; a FIFO or a device is written in place, never renamed over;
/// `/dev/stdout` writes where stdout goes; a terminating signal mid-save leaves no temporary file
/// and the old file intact. In-process through `FileIO.writeAtomically`, and with the real binary.
@Suite("Saving what a path points to")
struct SavingTests {
    static func leftovers(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(".tmp-") }
    }

    static func fileType(_ path: String) -> mode_t? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : nil
    }

    static func linkDestination(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    // MARK: Symbolic links

    @Test("a symlink is followed: its target (in another folder, by a relative link) is replaced, the link stays")
    func symlinkTargetReplaced() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("a"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir.file("b"), withIntermediateDirectories: false)
        let target = dir.write("b/real.json", "old\n")
        #expect(chmod(target, 0o640) == 0)
        #expect(symlink("../b/real.json", dir.file("a/link.json")) == 0)
        try FileIO.writeAtomically("new\n", to: dir.file("a/link.json"))
        #expect(Self.fileType(dir.file("a/link.json")) == S_IFLNK, "the link is still a link")
        #expect(Self.linkDestination(dir.file("a/link.json")) == "../b/real.json")
        #expect(readText(target) == "new\n")
        var st = stat()
        #expect(stat(target, &st) == 0 && st.st_mode & 0o777 == 0o640, "the target keeps its mode")
        #expect(Self.leftovers(dir.file("a")) == [] && Self.leftovers(dir.file("b")) == [])
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.file("a"))) == ["link.json"])
    }

    @Test("a chain of links ends at the file that is replaced; a dangling link creates its target")
    func symlinkChainAndDangling() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        dir.write("real.json", "old\n")
        #expect(symlink("real.json", dir.file("one")) == 0)
        #expect(symlink(dir.file("one"), dir.file("two")) == 0)  // absolute
        try FileIO.writeAtomically("via two\n", to: dir.file("two"))
        #expect(readText(dir.file("real.json")) == "via two\n")
        #expect(Self.fileType(dir.file("one")) == S_IFLNK && Self.fileType(dir.file("two")) == S_IFLNK)

        #expect(symlink("new-target.json", dir.file("dangling")) == 0)
        try FileIO.writeAtomically("created\n", to: dir.file("dangling"))
        #expect(Self.fileType(dir.file("dangling")) == S_IFLNK)
        #expect(readText(dir.file("new-target.json")) == "created\n")
        #expect(Self.leftovers(dir.path) == [])
    }

    @Test("a symlink loop is refused with 73 and nothing is written")
    func symlinkLoop() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        #expect(symlink("b", dir.file("a")) == 0)
        #expect(symlink("a", dir.file("b")) == 0)
        let error = #expect(throws: BalansError.self) { try FileIO.writeAtomically("x", to: dir.file("a")) }
        #expect(error?.exitCode == 73)
        #expect(error?.file == dir.file("a"))
        #expect(error?.description.contains("symbolic links") == true, "\(String(describing: error))")
        #expect(Self.fileType(dir.file("a")) == S_IFLNK && Self.fileType(dir.file("b")) == S_IFLNK)
        #expect(Self.leftovers(dir.path) == [])
    }

    @Test("a symlink to a folder is refused with 73 and the folder is left alone")
    func symlinkToFolder() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("folder"), withIntermediateDirectories: false)
        #expect(symlink("folder", dir.file("link")) == 0)
        let error = #expect(throws: BalansError.self) { try FileIO.writeAtomically("x", to: dir.file("link")) }
        #expect(error?.exitCode == 73)
        #expect(Self.fileType(dir.file("link")) == S_IFLNK)
        #expect(Self.fileType(dir.file("folder")) == S_IFDIR)
    }

    @Test("balance -o LINK replaces the link's target and keeps the link (the real binary)")
    func balanceThroughLink() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        dir.write("real.json", "old\n")
        #expect(symlink("real.json", dir.file("link.json")) == 0)
        let r = runBalansFull(["balance", "--budget", "30", "-o", dir.file("link.json")])
        #expect(r.status == 0, "\(r)")
        #expect(Self.fileType(dir.file("link.json")) == S_IFLNK, "the link is still a link")
        let saved = try #require(readText(dir.file("real.json")))
        #expect(saved.hasPrefix("{\n  \"balans\": \"preset/1\""), "\(saved)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)).sorted() == ["link.json", "real.json"])
    }

    @Test("report -o LINK.md writes the report into the link's target and its chart beside the target")
    func reportThroughLink() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("shared"), withIntermediateDirectories: false)
        #expect(symlink("shared/audit.md", dir.file("report.md")) == 0)
        let r = runBalansFull(["report", "Fixtures/presets/nordic-balanced.json", "-o", dir.file("report.md"), "--date", "2026-12-01"])
        #expect(r.status == 0, "\(r)")
        #expect(Self.fileType(dir.file("report.md")) == S_IFLNK)
        let md = try #require(readText(dir.file("shared/audit.md")))
        #expect(md.contains("(audit.svg)"), "the report names the chart beside it")
        #expect(readText(dir.file("shared/audit.svg"))?.contains("<svg") == true)
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)).sorted() == ["report.md", "shared"])
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.file("shared"))).sorted() == ["audit.md", "audit.svg"])
    }

    // MARK: Files that are not regular files

    /// Reads `path` (a FIFO) to its end on another thread.
    final class FIFOReader: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var bytes: [UInt8] = []

        init(_ path: String) {
            Thread.detachNewThread { [self] in
                var got: [UInt8] = []
                let fd = open(path, O_RDONLY)
                if fd >= 0 {
                    var chunk = [UInt8](repeating: 0, count: 1 << 16)
                    while true {
                        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                        if n < 0 && errno == EINTR { continue }
                        if n <= 0 { break }
                        got.append(contentsOf: chunk[0..<n])
                    }
                    close(fd)
                }
                lock.lock()
                bytes = got
                lock.unlock()
                done.signal()
            }
        }

        /// The text read, or nil when the reader did not finish within `seconds`.
        func text(within seconds: Double = 20) -> String? {
            guard done.wait(timeout: .now() + seconds) == .success else { return nil }
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test("a FIFO is written in place (a reader gets the content) and stays a FIFO")
    func fifoInPlace() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let fifo = dir.file("pipe.json")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = FIFOReader(fifo)
        let text = String(repeating: "0123456789abcdef\n", count: 20_000)  // 340 KB: more than a pipe holds
        try FileIO.writeAtomically(text, to: fifo)
        #expect(reader.text() == text)
        #expect(Self.fileType(fifo) == S_IFIFO, "still a FIFO")
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["pipe.json"])
    }

    @Test("without waiting for a reader (the dashboard's save), a FIFO nobody reads is refused at once, not waited on")
    func fifoWithoutReader() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let fifo = dir.file("pipe.json")
        #expect(mkfifo(fifo, 0o600) == 0)
        let error = #expect(throws: BalansError.self) { try FileIO.writeAtomically("{}", to: fifo, waitForReader: false) }
        #expect(error?.kind == .cannotWrite)
        #expect(error?.message == "no program is reading this FIFO: nothing was written")
        #expect(Self.fileType(fifo) == S_IFIFO, "still a FIFO")
        // With a reader, the same call writes it all.
        let reader = FIFOReader(fifo)
        let text = String(repeating: "x", count: 200_000)
        // The reader thread may not have opened its end yet: try until it has (bounded).
        var written = false
        for _ in 0..<500 where !written {
            do {
                try FileIO.writeAtomically(text, to: fifo, waitForReader: false)
                written = true
            } catch {
                usleep(10_000)
            }
        }
        #expect(written)
        #expect(reader.text() == text)
    }

    @Test("balance -o FIFO writes the preset into the FIFO (the real binary)")
    func balanceIntoFIFO() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let fifo = dir.file("out.json")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = FIFOReader(fifo)
        let r = runBalansFull(["balance", "--budget", "30", "-o", fifo])
        #expect(r.status == 0, "\(r)")
        let got = try #require(reader.text())
        #expect(got.hasPrefix("{\n  \"balans\": \"preset/1\""), "\(got)")
        #expect(got.hasSuffix("}\n"))
        #expect(Self.fileType(fifo) == S_IFIFO)
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["out.json"])
    }

    @Test("a link to a device (/dev/null) is written in place: the link and the device stay")
    func linkToDevice() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        #expect(symlink("/dev/null", dir.file("null.json")) == 0)
        try FileIO.writeAtomically("discarded\n", to: dir.file("null.json"))
        #expect(Self.fileType(dir.file("null.json")) == S_IFLNK)
        #expect(Self.fileType("/dev/null") == S_IFCHR)
        #expect(Self.leftovers(dir.path) == [] && Self.leftovers("/dev") == [])
        let r = runBalansFull(["balance", "--budget", "30", "-o", dir.file("null.json")])
        #expect(r.status == 0, "\(r)")
        #expect(Self.fileType("/dev/null") == S_IFCHR)
        #expect(Self.leftovers("/dev") == [])
    }

    /// /dev/stdout as it is before a test, to check (and, should a regression replace it, put back).
    static func expectDevStdoutIntact(_ before: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Self.leftovers("/dev") == [], sourceLocation: sourceLocation)
        guard let before else { return }
        let now = linkDestination("/dev/stdout")
        #expect(now == before, "/dev/stdout is still the link it was", sourceLocation: sourceLocation)
        if now != before, fileType("/dev/stdout") == S_IFREG {
            unlink("/dev/stdout")
            symlink(before, "/dev/stdout")
        }
    }

    @Test("balance -o /dev/stdout writes the preset to stdout (a pipe), before the result, and /dev/stdout stays")
    func devStdoutPipe() throws {
        let before = Self.linkDestination("/dev/stdout")
        let r = runBalansFull(["balance", "--budget", "30", "-o", "/dev/stdout", "--format", "json"])
        Self.expectDevStdoutIntact(before)
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr == "Wrote /dev/stdout\n", "\(r)")
        // Two JSON documents: the saved preset, then the balance result.
        let out = r.stdout
        #expect(out.hasPrefix("{\n  \"balans\": \"preset/1\""), "\(r)")
        let second = try #require(out.range(of: "}\n{"), "two documents: \(out)")
        let preset = try JSONSerialization.jsonObject(with: Data(out[..<second.lowerBound].utf8) + Data("}".utf8))
        #expect((preset as? [String: Any])?["balans"] as? String == "preset/1")
        let result = try JSONSerialization.jsonObject(with: Data(out[out.index(after: second.lowerBound)...].utf8))
        #expect(((result as? [String: Any])?["budget"] as? NSNumber)?.doubleValue == 30)
    }

    @Test("balance -o /dev/stdout with stdout redirected to a file writes through the redirection, in order")
    func devStdoutFile() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let outPath = dir.write("stdout.txt", "")
        let before = Self.linkDestination("/dev/stdout")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.balans)
        process.arguments = ["balance", "--budget", "30", "-o", "/dev/stdout"]
        process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.packageRoot)
        let out = try #require(FileHandle(forWritingAtPath: outPath))
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        Self.expectDevStdoutIntact(before)
        #expect(process.terminationStatus == 0)
        let text = try #require(readText(outPath))
        #expect(text.hasPrefix("{\n  \"balans\": \"preset/1\""), "\(text)")
        #expect(text.contains("}\nBalans balance: Norrsken Retail, budget 30\n"), "the result follows the preset: \(text)")
        #expect(Self.leftovers(dir.path) == [])
    }

    // MARK: Signals mid-save

    /// A scenario of `count` segments, each at level 1 after `balance --budget 100`, so that the
    /// saved preset is large (about 25 bytes a segment).
    static func bigScenario(_ count: Int) -> String {
        var s = """
        {"balans": "scenario/1", "name": "Big",
         "categories": [{"id": "email", "name": "Email", "tier": "simple", "identifiability": "limited", "origin": "declared"}],
         "levels": [{"name": "Generic"}, {"name": "Email", "uses": ["email"], "uplift": 1}],
         "segments": [
        """
        for i in 0..<count {
            s += (i == 0 ? "" : ",\n") + "{\"id\": \"segment-\(i)\", \"name\": \"S\(i)\", \"size\": 10, \"consent\": {\"email\": 1}}"
        }
        return s + "]}\n"
    }

    /// Runs `balance --budget 100 -o out.json` on a big scenario with the test pause, sends
    /// `signal` once the first chunk is in the temporary file, and returns how it ended. `shell`
    /// wraps the command (for `trap "" HUP`).
    static func interruptedSave(_ dir: TempDir, signal: Int32, pause: String = "20", shell: String? = nil)
        throws -> (reason: Process.TerminationReason, status: Int32, sawTemp: Bool, masks: String) {
        dir.write("big.json", bigScenario(30_000))
        let old = "{\"old\": true}\n"
        dir.write("out.json", old)
        let process = Process()
        let args = ["balance", "--budget", "100", "--scenario", dir.file("big.json"), "-o", dir.file("out.json")]
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", TestPaths.balans] + args
        } else {
            process.executableURL = URL(fileURLWithPath: TestPaths.balans)
            process.arguments = args
        }
        var env = ProcessInfo.processInfo.environment
        env["BALANS_TEST_SAVE_PAUSE"] = pause
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        // The test runner may start tests with these signals blocked, and a child inherits the mask
        // of the thread that spawns it: blocked, the signal would wait until the save is done.
        var set = sigset_t()
        var oldMask = sigset_t()
        sigemptyset(&set)
        for sig in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, &oldMask)
        defer { pthread_sigmask(SIG_SETMASK, &oldMask, nil) }
        try process.run()
        // Wait for the temporary file to hold the first chunk (the pause comes right after it).
        var sawTemp = false
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && process.isRunning {
            if let temp = leftovers(dir.path).first,
               let size = (try? FileManager.default.attributesOfItem(atPath: dir.file(temp)))?[.size] as? Int, size > 0 {
                sawTemp = true
                break
            }
            usleep(10_000)
        }
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let masks = status.split(separator: "\n").filter { $0.hasPrefix("SigBlk") || $0.hasPrefix("SigIgn") }
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus, sawTemp, masks.joined(separator: ", "))
    }

    @Test("a terminating signal mid-save removes the temporary file, keeps the old file and ends balans by the signal",
          arguments: [SIGTERM, SIGINT, SIGHUP, SIGPIPE])
    func signalMidSave(_ signal: Int32) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let end = try Self.interruptedSave(dir, signal: signal)
        #expect(end.sawTemp, "the save was paused with a partial temporary file")
        #expect(end.reason == .uncaughtSignal && end.status == signal, "ended by \(end.reason) \(end.status); \(end.masks)")
        #expect(Self.leftovers(dir.path) == [], "no temporary file remains")
        #expect(readText(dir.file("out.json")) == "{\"old\": true}\n", "the old file is intact")
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)).sorted() == ["big.json", "out.json"])
    }

    @Test("an ignored SIGHUP (nohup) stays ignored: the save completes")
    func ignoredSignalMidSave() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let end = try Self.interruptedSave(dir, signal: SIGHUP, pause: "1", shell: "trap '' HUP")
        #expect(end.sawTemp)
        #expect(end.reason == .exit && end.status == 0, "ended by \(end.reason) \(end.status)")
        #expect(Self.leftovers(dir.path) == [])
        let saved = try #require(readText(dir.file("out.json")))
        #expect(saved.hasPrefix("{\n  \"balans\": \"preset/1\""))
        #expect(saved.contains("\"segment-29999\": 1"), "the whole preset was written")
    }

    @Test("without the test pause a save of the big preset completes and leaves no temporary file")
    func bigSaveCompletes() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        dir.write("big.json", Self.bigScenario(30_000))
        let r = runBalansFull(["balance", "--budget", "100", "--scenario", dir.file("big.json"), "-o", dir.file("out.json")])
        #expect(r.status == 0, "\(r)")
        let saved = try #require(readText(dir.file("out.json")))
        #expect(saved.utf8.count > 1 << 16, "larger than one chunk: \(saved.utf8.count) bytes")
        #expect(saved.contains("\"segment-29999\": 1"))
        #expect(Self.leftovers(dir.path) == [])
    }
}
