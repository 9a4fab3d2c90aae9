import BalansModel
import Crypto

/// The audit trail (issue #17, decision 0032): a JSON Lines file that `balans audit record` only
/// ever appends to, one entry per audit, each chained to the one before by SHA-256.
///
/// An entry is one line: a JSON object whose members come in a fixed order and whose last member
/// is `"hash"`. Its **canonical bytes** are the line without that last member — the bytes up to
/// `, "hash": "…"` with the closing brace put back — and `hash` is their SHA-256 in lowercase hex.
/// `previous` (a member of every entry) is the `hash` of the entry before, and 64 zeros in the
/// first. So an edited byte changes the entry's own hash (found at that line), an edit that also
/// recomputes the hash breaks the next entry's `previous` (found at the next line), and a removed
/// or reordered entry breaks `entry` (the count from 1) and `previous`.
enum AuditLog {
    static let version = "audit/1"
    static let firstPrevious = String(repeating: "0", count: 64)
    static let hashMember = ", \"hash\": \""

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// The line of an entry with `members` (without `hash`): the canonical bytes and the hash.
    static func line(_ members: [(String, JSONValue)]) -> (line: [UInt8], hash: String) {
        let canonical = Array(JSONWriter.compact(.obj(members)).utf8)
        let hash = sha256(canonical)
        var line = Array(canonical.dropLast())
        line.append(contentsOf: (hashMember + hash + "\"}\n").utf8)
        return (line, hash)
    }

    /// What a log holds, once its chain is checked.
    struct Chain {
        var entries: [JSONValue]
        /// The hash of the last entry (`firstPrevious` when there is none).
        var lastHash: String
    }

    /// A problem with the log, at a line (1-based).
    struct Problem: Error {
        var line: Int
        var message: String
    }

    /// Checks every entry of `bytes` (the whole log) and the chain between them.
    static func verify(_ bytes: [UInt8], file: String) -> Result<Chain, Problem> {
        var entries: [JSONValue] = []
        var previous = firstPrevious
        var start = 0
        var number = 0
        while start < bytes.count {
            number += 1
            guard let end = bytes[start...].firstIndex(of: 0x0A) else {
                return .failure(Problem(line: number, message: "the last entry has no line end: a write was cut off (a torn entry); "
                                        + "the entries before it are intact, remove this line to go on"))
            }
            let line = Array(bytes[start..<end])
            start = end + 1
            switch entry(line, number: number, previous: previous, file: file) {
            case .success(let (value, hash)):
                entries.append(value)
                previous = hash
            case .failure(let p):
                return .failure(p)
            }
        }
        return .success(Chain(entries: entries, lastHash: previous))
    }

    /// One line checked: its JSON, its version and number, its own hash and its link to the one before.
    static func entry(_ line: [UInt8], number: Int, previous: String, file: String) -> Result<(JSONValue, String), Problem> {
        func problem(_ m: String) -> Result<(JSONValue, String), Problem> { .failure(Problem(line: number, message: m)) }
        let parsed: JSONValue
        do {
            parsed = try Node(SourceText(file: file, bytes: line).parseJSON()).value
        } catch {
            return problem("not a JSON entry (\(error.message)); the line was changed or cut")
        }
        guard case .object(let members) = parsed.kind else { return problem("not a JSON object; the line was changed") }
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
        guard case .string(let v)? = member("balans")?.kind, v == version else {
            return problem("not a Balans audit entry (\"balans\": \"\(version)\" expected)")
        }
        guard case .number(let n)? = member("entry")?.kind, n == Double(number) else {
            return problem("entry number \(member("entry").map { JSONWriter.compact($0) } ?? "missing") where \(number) is due: an entry was removed, added or moved before it")
        }
        guard members.last?.key == "hash", case .string(let hash)? = members.last?.value.kind,
              hash.utf8.count == 64, hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return problem("no \"hash\" of 64 hex digits as the last member; the line was changed")
        }
        // The canonical bytes: the line without its last member.
        let suffix = Array((hashMember + hash + "\"}").utf8)
        guard line.count > suffix.count, Array(line.suffix(suffix.count)) == suffix else {
            return problem("the \"hash\" member is not written as Balans writes it; the line was changed")
        }
        let canonical = Array(line.dropLast(suffix.count)) + [UInt8(ascii: "}")]
        let actual = sha256(canonical)
        guard actual == hash else {
            return problem("the entry's SHA-256 is \(actual), not the \(hash) it was recorded with: the entry was changed")
        }
        guard case .string(let before)? = member("previous")?.kind, before == previous else {
            return problem("\"previous\" does not match the SHA-256 of the entry before (\(number == 1 ? "none: 64 zeros" : previous)): "
                           + "an entry before it was changed, removed or moved")
        }
        return .success((parsed, hash))
    }
}

extension BalansError {
    /// A problem of an audit log at a line, as `FILE:LINE: message` (exit 65).
    static func auditLog(_ file: String, _ p: AuditLog.Problem) -> BalansError {
        var e = BalansError(.badData, file: file, p.message)
        e.line = p.line
        return e
    }
}
