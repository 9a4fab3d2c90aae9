/// A user-facing error: which file, where in it, and what is wrong, with the exit code the
/// contract (SPEC §2, §3) gives it. `description` is the one line printed on stderr.
public struct BalansError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 64: the command line is wrong.
        case usage
        /// 65: the data is wrong (syntax, schema, references, too large).
        case badData
        /// 66: an input cannot be opened (missing, a folder, no permission).
        case cannotOpen
        /// 73: an output cannot be written.
        case cannotWrite
        /// 74: any other I/O error.
        case io
    }

    public var kind: Kind
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// JSON path such as `segments[3].consent.browsing`.
    public var path: String?
    public var message: String

    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, column: Int? = nil,
                path: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// The sysexits.h code for this kind of error.
    public var exitCode: Int32 {
        switch kind {
        case .usage: return 64
        case .badData: return 65
        case .cannotOpen: return 66
        case .cannotWrite: return 73
        case .io: return 74
        }
    }

    /// `FILE:LINE:COLUMN: PATH: message`, each part present only when known; control characters
    /// from file names or contents are escaped so that they never reach a terminal raw.
    public var description: String {
        var parts: [String] = []
        if let file {
            var place = file
            if let line {
                place += ":\(line)"
                if let column { place += ":\(column)" }
            }
            parts.append(place)
        }
        if let path, !path.isEmpty { parts.append(path) }
        parts.append(message)
        return SafeText.escape(parts.joined(separator: ": "))
    }
}

/// Escaping of untrusted text (names from files) before it is shown.
public enum SafeText {
    /// Replaces C0/C1 control characters, DEL and line/paragraph separators with visible escapes
    /// (`\u{1B}`), so that a name cannot move the cursor, change colours or split a line.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
            || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)  // bidi overrides
    }
}

extension SafeText {
    /// The most characters of a user's string a message shows; a longer one is cut and ends in "…",
    /// so that a 10 MB id in a file cannot make a 10 MB error line.
    public static let shownLength = 60

    /// `text` as a message shows it: at most `shownLength` characters, counting an escape as the
    /// characters it takes (`\n` two, `\u001B` six), then "…" when something was cut.
    public static func cut(_ text: String) -> String {
        // Fast path: short enough whatever it holds.
        if text.utf8.count <= shownLength / 6 { return text }
        var width = 0
        var end = text.unicodeScalars.startIndex
        for i in text.unicodeScalars.indices {
            let s = text.unicodeScalars[i]
            switch s.value {
            case 0x22, 0x5C, 0x08, 0x09, 0x0A, 0x0C, 0x0D: width += 2  // \" \\ \b \t \n \f \r
            default: width += isUnsafe(s) ? 6 : 1
            }
            if width > shownLength {
                return String(text.unicodeScalars[..<end]) + "…"
            }
            end = text.unicodeScalars.index(after: i)
        }
        return text
    }

    /// How every message quotes a user's string (an id, a key, a field of a CSV record, a
    /// command-line value): cut to a readable length and written as a JSON string literal, with
    /// what is still unsafe for a terminal escaped, so that it always stays on one line.
    public static func quoted(_ text: String) -> String {
        escape(JSONWriter.quote(cut(text)))
    }
}
