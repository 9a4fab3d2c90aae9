import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shared helpers for the CLI tests: where the package and the built `balans` binary are, and a
/// way to run the binary and collect its stdout, stderr and exit status.
enum TestPaths {
    /// The package root (the folder holding Package.swift), from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Support.swift, BalansCLITests, Tests
        return url.path
    }()

    static func root(_ relative: String) -> String { packageRoot + "/" + relative }

    /// The `balans` executable: `BALANS_BIN` when set, else next to the test bundle (SwiftPM puts
    /// every product of a build in the same folder).
    static let balans: String = {
        if let override = ProcessInfo.processInfo.environment["BALANS_BIN"], !override.isEmpty { return override }
        #if os(Linux)
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        #else
        let exe = Bundle.main.executablePath ?? CommandLine.arguments[0]
        #endif
        var url = URL(fileURLWithPath: exe)
        url.deleteLastPathComponent()
        // On macOS the runner lives inside an .xctest bundle; walk up to the products folder.
        while url.path != "/" && !FileManager.default.isExecutableFile(atPath: url.path + "/balans") {
            url.deleteLastPathComponent()
        }
        return url.path + "/balans"
    }()
}

/// What a run of `balans` produced.
struct RunResult: CustomStringConvertible {
    var stdoutData: Data
    var stderrData: Data
    var status: Int32

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    var description: String { "exit \(status)\n--- stdout ---\n\(stdout.prefix(4000))\n--- stderr ---\n\(stderr.prefix(4000))" }
}

/// Collects a pipe's bytes on another thread (so that neither pipe can fill up and block the child).
private final class PipeDrain: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let d = handle.readDataToEndOfFile()
            lock.lock()
            data = d
            lock.unlock()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

/// Runs the built `balans` with `args` in `cwd` (the package root by default), stdin closed.
func runBalansFull(_ args: [String], cwd: String? = nil, environment: [String: String]? = nil) -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestPaths.balans)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? TestPaths.packageRoot)
    // English unless a test asks for a locale: the text goldens must not depend on the machine's.
    var env = ProcessInfo.processInfo.environment
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] { env[key] = nil }
    if let environment { env.merge(environment) { _, new in new } }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        Issue.record("cannot run \(TestPaths.balans): \(error)")
        return RunResult(stdoutData: Data(), stderrData: Data(), status: -1)
    }
    // Process.run() closes the parent's copies of the write ends, so reading ends at the child's exit.
    let errDrain = PipeDrain(err.fileHandleForReading)
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = errDrain.wait()
    process.waitUntilExit()
    return RunResult(stdoutData: outData, stderrData: errData, status: process.terminationStatus)
}

/// Runs the built `balans`; see `runBalansFull`.
func runBalans(_ args: [String], cwd: String? = nil) -> (stdout: String, stderr: String, status: Int32) {
    let r = runBalansFull(args, cwd: cwd)
    return (r.stdout, r.stderr, r.status)
}

/// A fresh temporary folder, removed by `cleanup`.
struct TempDir {
    let path: String

    init(_ label: String = "balans-clitests") {
        let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array((base + label + "-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = file(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    func cleanup() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Reads a file as text (nil when it cannot be read).
func readText(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: data, as: UTF8.self)
}
