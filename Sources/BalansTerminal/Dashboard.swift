import BalansModel
import BalansUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The dashboard's runtime: the Elm loop of STYLE.md around the pure `update` and `render`.
/// render → draw → read input → event → update → carry out effects → render … until `.quit` or a
/// signal. Effects (files) are carried out here, and their results, errors included, go back into
/// `update` as events: nothing from I/O ends the loop.
public enum Dashboard {
    /// How the dashboard ended.
    public enum Outcome: Equatable, Sendable {
        /// The user quit.
        case quit
        /// A signal (SIGTERM, SIGHUP, …) asked it to end; the terminal is restored. End the process
        /// with `exit(bySignal:)` so that the parent sees it.
        case signal(Int32)
    }

    /// Runs the dashboard on the terminal (stdin/stdout) until the user quits or a signal arrives,
    /// and restores the terminal in every case. Returns how it ended and the final state.
    public static func run(_ initial: AppState) throws(TerminalError) -> (Outcome, AppState) {
        var state = initial
        let terminal = try Terminal(capabilities: state.capabilities)
        defer { terminal.stop() }
        let outcome = loop(&state, terminal)
        return (outcome, state)
    }

    /// Why `run(capabilities:loading:load:)` could not show the dashboard.
    public enum StartError: Error, Sendable {
        case terminal(TerminalError)
        case input(BalansError)
    }

    /// Opens the terminal and draws a "loading" frame first, then runs `load` (the slow part: reading
    /// and scoring a large scenario) and the dashboard on its result (SPEC §4: the first frame appears
    /// before any slow work). When `load` fails the terminal is restored before the error is thrown,
    /// so that the caller can print it as one line.
    public static func run(capabilities: Capabilities, loading label: String,
                           load: () throws(BalansError) -> AppState) throws(StartError) -> (Outcome, AppState) {
        let terminal: Terminal
        do {
            terminal = try Terminal(capabilities: capabilities)
        } catch {
            throw .terminal(error)
        }
        defer { terminal.stop() }
        terminal.draw(loadingFrame(label, size: terminal.size))
        var state: AppState
        do {
            state = try load()
        } catch {
            throw .input(error)
        }
        state.capabilities = capabilities
        let outcome = loop(&state, terminal)
        return (outcome, state)
    }

    /// "Balans: loading FILE…", for the moment before a large scenario is scored.
    static func loadingFrame(_ label: String, size: (width: Int, height: Int)) -> Frame {
        var canvas = Canvas(width: size.width, height: size.height)
        canvas.put("Balans: loading \(SafeText.escape(label))…", x: 1, y: 0, style: .bold, maxWidth: max(0, size.width - 1))
        return Frame(canvas: canvas)
    }

    /// Ends the process by `signal` with its default action (after `run` returned `.signal`).
    public static func exit(bySignal signal: Int32) -> Never {
        Signals.terminate(bySignal: signal)
    }

    static func loop(_ state: inout AppState, _ terminal: Terminal) -> Outcome {
        let size = terminal.size
        _ = update(&state, .resize(width: size.width, height: size.height))
        var frame = render(state)
        terminal.draw(frame)
        while true {
            if let sig = Signals.pending { return .signal(sig) }
            // Job control from outside: SIGTSTP suspends as Ctrl-Z does; after a SIGCONT the shell
            // may have written over the screen, so it is taken back and repainted.
            if Signals.takeSuspend() {
                terminal.suspend()
                terminal.draw(frame)
            }
            if Signals.takeContinued() {
                terminal.resume()
                terminal.draw(frame)
            }
            let inputs = terminal.read()
            if inputs.isEmpty { continue }
            var frameIsCurrent = true
            for input in inputs {
                let event: Event
                switch input {
                case .key(let key):
                    event = .key(key)
                case .resize(let width, let height):
                    event = .resize(width: width, height: height)
                case .mouse(let mouse):
                    // A click means what it points at on the screen as the state now is.
                    if !frameIsCurrent {
                        frame = render(state)
                        frameIsCurrent = true
                    }
                    guard let action = frame.action(for: mouse) else { continue }
                    event = .action(action)
                }
                frameIsCurrent = false
                if handle(&state, event, terminal) { return .quit }
            }
            frame = render(state)
            terminal.draw(frame)
        }
    }

    /// Applies `event` and carries out the effects, feeding their results back. Returns true when
    /// the dashboard should end.
    static func handle(_ state: inout AppState, _ event: Event, _ terminal: Terminal?) -> Bool {
        var pending = [event]
        var quit = false
        while !pending.isEmpty {
            let next = pending.removeFirst()
            for effect in update(&state, next) {
                switch effect {
                case .quit:
                    quit = true
                case .bell:
                    terminal?.bell()
                case .suspend:
                    terminal?.suspend()
                case .save(let path, let contents):
                    pending.append(save(contents, to: path))
                case .open(let path):
                    pending.append(open(path))
                case .loadCompare(let path):
                    pending.append(loadCompare(path))
                case .complete(let prefix):
                    pending.append(.completions(prefix: prefix, candidates: PathCompletion.candidates(for: prefix)))
                }
            }
            if quit { return true }
        }
        return false
    }

    static func save(_ contents: String, to path: String) -> Event {
        do {
            // Never wait for a FIFO's reader: the screen would freeze.
            try FileIO.writeAtomically(contents, to: path, waitForReader: false)
            return .saved(path: path, error: nil)
        } catch {
            return .saved(path: path, error: error)
        }
    }

    /// Loads a preset for the Compare screen (`c`): the same loader as `o`, another event.
    static func loadCompare(_ path: String) -> Event {
        do {
            return .compareLoaded(.success(try Loader.preset(path)))
        } catch {
            return .compareLoaded(.failure(error))
        }
    }

    static func open(_ path: String) -> Event {
        do {
            return .opened(.success(try Loader.preset(path)))
        } catch {
            return .opened(.failure(error))
        }
    }
}
