import BalansUI
import CNCursesW

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the terminal could not be opened.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// What the terminal reports: keys, mouse events in screen cells, and new sizes.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
}

/// The ncurses screen: setup and teardown, input translated to `Key`/`MouseEvent`, and frames drawn
/// by writing only the cells that differ from the previous frame. Not thread-safe by design: every
/// curses call happens on the thread that created it.
public final class Terminal {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let capabilities: Capabilities
    private let useColor: Bool
    private var previous: Canvas?
    private var cursorVisible = false
    private var pairs: [Int: Int16] = [:]
    private var nextPair = 1
    private var previousHandlers: [(Int32, sighandler_t?)] = []
    private var stopped = false
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>

    /// How long `read` waits for input before returning empty-handed, so that signal flags are
    /// noticed promptly.
    public static let inputTimeoutMilliseconds: Int32 = 100

    /// Sets the locale from the environment (call before anything prints or measures text).
    public static func setLocaleFromEnvironment() {
        _ = setlocale(LC_ALL, "")
    }

    /// The locale's character set is UTF-8 (after `setLocaleFromEnvironment`).
    public static var localeIsUTF8: Bool {
        guard let codeset = balans_codeset() else { return false }
        let name = String(cString: codeset).uppercased().filter { $0 != "-" }
        return name == "UTF8"
    }

    /// Opens the terminal on stdin/stdout.
    public convenience init(capabilities: Capabilities) throws(TerminalError) {
        guard let input = fdopen(0, "r"), let output = fdopen(1, "w") else {
            throw TerminalError(description: "cannot open the terminal: \(String(cString: strerror(errno)))")
        }
        try self.init(capabilities: capabilities, input: input, output: output, terminalType: nil, installSignals: true)
    }

    /// Opens a terminal of type `terminalType` (nil: $TERM) on the given streams. Tests and
    /// measurements pass a memory stream as `output`.
    public init(capabilities: Capabilities, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>,
                terminalType: String?, installSignals: Bool = false) throws(TerminalError) {
        Terminal.setLocaleFromEnvironment()
        // The terminal modes as found, before ncurses touches them: the crash handler puts them back.
        if installSignals { Signals.saveTermios(fileno(input)) }
        let made: OpaquePointer?
        if let terminalType {
            made = terminalType.withCString { newterm($0, output, input) }
        } else {
            made = newterm(nil, output, input)
        }
        guard let made else {
            let type = terminalType ?? (getenv("TERM").map { String(cString: $0) } ?? "")
            throw TerminalError(description: "cannot open the terminal (TERM=\(type.isEmpty ? "unset" : type))")
        }
        _ = set_term(made)
        screen = made
        guard let win = balans_stdscr() else {
            endwin()
            delscreen(made)
            throw TerminalError(description: "cannot open the terminal: no screen")
        }
        window = win
        self.capabilities = capabilities
        self.input = input
        self.output = output

        raw()
        noecho()
        nonl()
        keypad(win, true)
        _ = set_escdelay(25)
        _ = curs_set(0)
        wtimeout(win, Terminal.inputTimeoutMilliseconds)
        if capabilities.mouse {
            let mask = balans_button1_pressed() | balans_button1_released() | balans_button1_clicked()
                | balans_button4_pressed() | balans_button5_pressed()
            _ = mousemask(mmask_t(mask), nil)
            _ = mouseinterval(0)
        }
        if capabilities.color && has_colors() {
            _ = start_color()
            _ = use_default_colors()
            useColor = true
            // The eight colours on the default background: pairs 1…8. Others are made on demand.
            for c in Color.allCases where c != .default {
                _ = pair(foreground: c, background: .default)
            }
        } else {
            useColor = false
        }
        if installSignals {
            previousHandlers = Signals.install(resetSequence: Terminal.resetSequence(), outputFD: fileno(output))
                + Signals.installJobControl()
        }
    }

    deinit {
        stop()
    }

    /// The bytes that put the terminal back as it was: attributes off, mouse reporting off, cursor
    /// visible, keypad mode off, alternate screen left. Computed from terminfo while it is loaded.
    static func resetSequence() -> [UInt8] {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmkx"] {
            if let s = balans_tigetstr(cap) { bytes += Array(String(cString: s).utf8) }
        }
        bytes += Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l".utf8)
        if let s = balans_tigetstr("rmcup") { bytes += Array(String(cString: s).utf8) }
        bytes += Array("\r\n".utf8)
        return bytes
    }

    /// Restores the terminal. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = set_term(screen)
        if capabilities.mouse { _ = mousemask(0, nil) }
        _ = curs_set(1)
        endwin()
        Signals.uninstall(previousHandlers)
        if !previousHandlers.isEmpty { Signals.restoreTermios() }
        fflush(output)
        delscreen(screen)
        // The streams stay open: they are the process's stdin and stdout.
    }

    /// Ctrl-Z: puts the terminal back as the shell had it (endwin, the cursor shown, no mouse
    /// reporting), stops the process with SIGTSTP's default action, and when the shell's `fg`
    /// continues it, takes the terminal again. The next `draw` repaints every cell.
    public func suspend() {
        // SIGTSTP ignored at start: no shell would continue us (decided in Signals).
        guard !stopped, Signals.canSuspend else { return }
        if capabilities.mouse { _ = mousemask(0, nil) }
        _ = curs_set(1)
        endwin()
        fflush(output)
        Signals.stopProcess()
        // Continued (`fg`): back in curses mode, with our modes and a full repaint.
        resume()
    }

    /// Takes the terminal again after the process was stopped and continued (SIGCONT), by Ctrl-Z
    /// or from outside (`kill -STOP`): curses mode, our modes, and a full repaint on the next draw.
    public func resume() {
        guard !stopped else { return }
        _ = set_term(screen)
        raw()
        noecho()
        nonl()
        keypad(window, true)
        if capabilities.mouse {
            let mask = balans_button1_pressed() | balans_button1_released() | balans_button1_clicked()
                | balans_button4_pressed() | balans_button5_pressed()
            _ = mousemask(mmask_t(mask), nil)
        }
        _ = curs_set(cursorVisible ? 1 : 0)
        balans_clear_on_next_refresh()
        previous = nil
        _ = wrefresh(window)
    }

    /// The screen size in cells.
    public var size: (width: Int, height: Int) {
        (Int(balans_cols(window)), Int(balans_rows(window)))
    }

    // MARK: Input

    /// Waits up to the input timeout for input, then takes whatever else is already pending, so that
    /// a burst (a paste, a drag of the window edge) is handled before the next redraw. Resizes in the
    /// burst are coalesced into the last one.
    public func read() -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        guard let first = readOne(wait: true) else { return [] }
        inputs.append(first)
        while inputs.count < 512, let next = readOne(wait: false) { inputs.append(next) }
        if let lastResize = inputs.lastIndex(where: { if case .resize = $0 { return true } else { return false } }) {
            inputs = inputs.enumerated().compactMap { i, input in
                if case .resize = input, i != lastResize { return nil }
                return input
            }
        }
        return inputs
    }

    /// One input, or nil when none came (within the timeout, or at once when `wait` is false).
    /// Input ncurses reports that the dashboard has no use for is skipped.
    private func readOne(wait: Bool) -> TerminalInput? {
        wtimeout(window, wait ? Terminal.inputTimeoutMilliseconds : 0)
        for _ in 0..<64 {
            var ch: wint_t = 0
            let rc = wget_wch(window, &ch)
            if rc == ERR { return nil }
            if rc == balans_key_code_yes() {
                if let input = translate(code: Int32(ch)) { return input }
            } else if let key = Terminal.translate(character: UInt32(ch)) {
                return .key(key)
            }
            wtimeout(window, 0)
        }
        return nil
    }

    /// A function key (KEY_CODE_YES) as input.
    private func translate(code: Int32) -> TerminalInput? {
        switch code {
        case balans_key_up(): return .key(.up)
        case balans_key_down(): return .key(.down)
        case balans_key_left(): return .key(.left)
        case balans_key_right(): return .key(.right)
        case balans_key_home(): return .key(.home)
        case balans_key_end(): return .key(.end)
        case balans_key_ppage(): return .key(.pageUp)
        case balans_key_npage(): return .key(.pageDown)
        case balans_key_enter(): return .key(.enter)
        case balans_key_btab(): return .key(.backTab)
        case balans_key_backspace(): return .key(.backspace)
        case balans_key_dc(): return .key(.delete)
        case balans_key_resize():
            previous = nil  // the screen was resized: repaint it all
            return .resize(width: size.width, height: size.height)
        case balans_key_mouse():
            return readMouse()
        default:
            for n in 1...12 where code == balans_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    /// A character (OK from wget_wch) as a key: control characters by their meaning, the rest as
    /// typed.
    static func translate(character c: UInt32) -> Key? {
        switch c {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26:
            return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + c))))
        case 0..<32:
            return nil
        default:
            guard let scalar = Unicode.Scalar(c), !(0x80..<0xA0).contains(c) else { return nil }
            return .char(Character(scalar))
        }
    }

    private func readMouse() -> TerminalInput? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let x = Int(event.x), y = Int(event.y)
        let state = event.bstate
        if state & (balans_button1_pressed() | balans_button1_clicked()) != 0 { return .mouse(.click(x: x, y: y)) }
        if state & balans_button4_pressed() != 0 { return .mouse(.wheelUp(x: x, y: y)) }
        if state & balans_button5_pressed() != 0 { return .mouse(.wheelDown(x: x, y: y)) }
        return nil
    }

    /// Rings the bell.
    public func bell() {
        _ = beep()
    }

    // MARK: Output

    /// Draws `frame`: writes the cells that differ from the previous frame (all of them after a
    /// resize), places or hides the cursor, and updates the screen in one go.
    public func draw(_ frame: Frame) {
        let canvas = frame.canvas
        let size = self.size
        var full = false
        if previous == nil || previous?.width != canvas.width || previous?.height != canvas.height {
            full = true
            werase(window)
        }
        for run in canvas.diff(from: full ? nil : previous, width: size.width, height: size.height) {
            let (attr, pair) = attributes(run.style)
            _ = balans_put(window, Int32(run.y), Int32(run.x), run.text, attr, pair)
        }
        if let cursor = frame.cursor, cursor.x >= 0, cursor.x < size.width, cursor.y >= 0, cursor.y < size.height {
            if !cursorVisible { _ = curs_set(1); cursorVisible = true }
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else if cursorVisible {
            _ = curs_set(0)
            cursorVisible = false
        }
        wnoutrefresh(window)
        doupdate()
        previous = canvas
    }

    /// The curses attributes and colour pair for a style (no pairs when colour is off).
    private func attributes(_ style: Style) -> (attr_t, Int16) {
        var attr = balans_a_normal()
        if style.bold { attr |= balans_a_bold() }
        if style.dim { attr |= balans_a_dim() }
        if style.underline { attr |= balans_a_underline() }
        if style.reverse { attr |= balans_a_reverse() }
        guard useColor, style.foreground != .default || style.background != .default else { return (attr, 0) }
        return (attr, pair(foreground: style.foreground, background: style.background))
    }

    /// The colour pair for a combination, made on first use; the default pair when the terminal has
    /// no more pairs (the text is still there, and colour is never the only signal).
    private func pair(foreground: Color, background: Color) -> Int16 {
        let key = Int(foreground.rawValue) * 16 + Int(background.rawValue)
        if let p = pairs[key] { return p }
        guard nextPair < Int(balans_color_pairs()), nextPair < Int(Int16.max) else { return 0 }
        let p = Int16(nextPair)
        guard init_pair(p, Terminal.curses(foreground), Terminal.curses(background)) == OK else { return 0 }
        nextPair += 1
        pairs[key] = p
        return p
    }

    /// The curses colour number (-1 for the terminal's default).
    private static func curses(_ color: Color) -> Int16 {
        color == .default ? -1 : Int16(color.rawValue) - 1
    }
}
