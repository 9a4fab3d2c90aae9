import BalansModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Signal handling for the dashboard: polite signals (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGPIPE) set
/// a flag that the event loop notices within one input timeout, so that it can restore the terminal
/// the ordinary way; crash signals write a precomputed reset sequence with write(2), restore the saved
/// termios and re-raise, because nothing else is safe to do in a crashing process.
///
/// Saving a preset cooperates with these handlers (docs/decisions/0017-saving-and-stdout.md): the
/// save's own guard (CSaveGuard) leaves a signal that has a handler alone, and a save runs inside one
/// turn of the event loop, so a polite signal is acted on after the save has renamed or removed its
/// temporary file; a crash mid-save removes the temporary file here, before re-raising.
///
/// Everything the crash handler touches is allocated before the handler is installed and is plain
/// memory (no Swift globals with lazy initialisation, no allocation, no locks).
enum Signals {
    static let polite: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGPIPE]
    static let crashes: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// The storage the handlers share; one allocation for the life of the process.
    struct Shared {
        /// The pending polite signal (0: none).
        var pending: sig_atomic_t = 0
        /// The terminal reset sequence and its length.
        var reset: (UnsafeMutablePointer<UInt8>?, Int) = (nil, 0)
        /// The termios found at start-up, and the descriptor it belongs to (-1: none saved).
        var termiosFD: Int32 = -1
        var saved = termios()
        var outputFD: Int32 = 1
        /// SIGTSTP (a suspend asked for from outside) and SIGCONT (continued) since the last look.
        var suspend: sig_atomic_t = 0
        var continued: sig_atomic_t = 0
        /// SIGTSTP was not ignored at start (1), so a stopped process can be continued.
        var canSuspend: sig_atomic_t = 1
    }

    nonisolated(unsafe) static let shared: UnsafeMutablePointer<Shared> = {
        let p = UnsafeMutablePointer<Shared>.allocate(capacity: 1)
        p.initialize(to: Shared())
        return p
    }()

    /// The polite signal received since the last `clearPending`, or nil.
    static var pending: Int32? {
        let s = shared.pointee.pending
        return s == 0 ? nil : Int32(s)
    }

    /// Prepares the reset sequence, then installs the handlers.
    /// Returns the previous handlers, for `uninstall`.
    /// Saves the terminal modes of `fd` as they are now; call before ncurses changes them.
    static func saveTermios(_ fd: Int32) {
        let s = shared
        s.pointee.termiosFD = tcgetattr(fd, &s.pointee.saved) == 0 ? fd : -1
    }

    static func install(resetSequence: [UInt8], outputFD: Int32) -> [(Int32, sighandler_t?)] {
        let s = shared
        if let old = s.pointee.reset.0 { old.deallocate() }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, resetSequence.count))
        buffer.initialize(from: resetSequence, count: resetSequence.count)
        s.pointee.reset = (buffer, resetSequence.count)
        s.pointee.outputFD = outputFD
        s.pointee.pending = 0
        // A parent may have left these signals blocked (test runners, some process managers do);
        // blocked, SIGTERM would never reach the handler and the terminal would stay raw.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in polite + crashes { sigaddset(&set, sig) }
        _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        var previous: [(Int32, sighandler_t?)] = []
        for sig in polite { previous.append((sig, signal(sig, politeHandler))) }
        for sig in crashes { previous.append((sig, signal(sig, crashHandler))) }
        return previous
    }

    /// Puts the previous handlers back (after the terminal is restored).
    static func uninstall(_ previous: [(Int32, sighandler_t?)]) {
        for (sig, handler) in previous { _ = signal(sig, handler) }
    }

    /// Writes the termios saved at start-up back (a last resort after endwin).
    static func restoreTermios() {
        let s = shared
        if s.pointee.termiosFD >= 0 { _ = tcsetattr(s.pointee.termiosFD, TCSANOW, &s.pointee.saved) }
    }

    /// Stops the process as SIGTSTP's default action would (the shell's job control: `fg`
    /// continues it) and returns once it is continued. The handler for SIGTSTP from outside is put
    /// back afterwards.
    static func stopProcess() {
        let previous = signal(SIGTSTP, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTSTP)
        _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        _ = raise(SIGTSTP)
        _ = signal(SIGTSTP, previous)
        shared.pointee.continued = 0
        shared.pointee.suspend = 0
    }

    /// SIGTSTP from outside (`kill -TSTP`) asks for a suspend like Ctrl-Z; SIGCONT says the process
    /// was continued (after any stop, `kill -STOP` too), so the screen must be taken back and
    /// repainted. Both only set flags that the event loop reads.
    /// When SIGTSTP was ignored at start (a parent without job control, `nohup`), nothing would
    /// ever continue a stopped dashboard: it then stays ignored, and Ctrl-Z does nothing (as in vim
    /// and less).
    static func installJobControl() -> [(Int32, sighandler_t?)] {
        shared.pointee.suspend = 0
        shared.pointee.continued = 0
        let previousTSTP = signal(SIGTSTP, suspendHandler)
        let ignored = unsafeBitCast(previousTSTP, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        if ignored { _ = signal(SIGTSTP, SIG_IGN) }
        shared.pointee.canSuspend = ignored ? 0 : 1
        return [(SIGTSTP, previousTSTP), (SIGCONT, signal(SIGCONT, continueHandler))]
    }

    /// Stopping is possible: SIGTSTP was not ignored when the dashboard started.
    static var canSuspend: Bool { shared.pointee.canSuspend != 0 }

    /// A suspend asked for by SIGTSTP since the last look (cleared by reading).
    static func takeSuspend() -> Bool {
        guard shared.pointee.suspend != 0 else { return false }
        shared.pointee.suspend = 0
        return true
    }

    /// A SIGCONT since the last look (cleared by reading).
    static func takeContinued() -> Bool {
        guard shared.pointee.continued != 0 else { return false }
        shared.pointee.continued = 0
        return true
    }

    /// Ends the process by `sig` with its default action, so that the parent sees how it ended.
    static func terminate(bySignal sig: Int32) -> Never {
        _ = signal(sig, SIG_DFL)
        _ = raise(sig)
        exit(128 + sig)
    }
}

private func suspendHandler(_ sig: Int32) {
    Signals.shared.pointee.suspend = 1
}

private func continueHandler(_ sig: Int32) {
    Signals.shared.pointee.continued = 1
}

private func politeHandler(_ sig: Int32) {
    Signals.shared.pointee.pending = sig_atomic_t(sig)
}

private func crashHandler(_ sig: Int32) {
    FileIO.removeTemporaryFilesNow()
    let s = Signals.shared
    if let bytes = s.pointee.reset.0 {
        var done = 0
        let count = s.pointee.reset.1
        while done < count {
            let n = write(s.pointee.outputFD, bytes + done, count - done)
            if n <= 0 { break }
            done += n
        }
    }
    if s.pointee.termiosFD >= 0 { _ = tcsetattr(s.pointee.termiosFD, TCSANOW, &s.pointee.saved) }
    _ = signal(sig, SIG_DFL)
    _ = raise(sig)
}
