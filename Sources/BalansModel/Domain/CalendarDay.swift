#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A calendar day without a time zone, written `YYYY-MM-DD`: the date of a report, the day a
/// consent rate was imported.
public struct CalendarDay: Sendable, Equatable {
    public var year: Int, month: Int, day: Int

    /// "2026-11-29"; nil unless it is exactly that shape and a real day (leap years included).
    public init?(iso: String) {
        let b = Array(iso.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard (48...57).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10), (1...12).contains(m),
              d >= 1, d <= CalendarDay.days(year: y, month: m) else { return nil }
        year = y; month = m; day = d
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    static func days(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today in UTC.
    public static func todayUTC() -> CalendarDay { day(ofEpochSeconds: Int(time(nil))) }

    /// The UTC day of a time in seconds since 1970 (a file's modification time).
    public static func day(ofEpochSeconds seconds: Int) -> CalendarDay {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return CalendarDay(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }

    /// Whether this day comes before `other`.
    public func isBefore(_ other: CalendarDay) -> Bool {
        (year, month, day) < (other.year, other.month, other.day)
    }

    /// "2026-11-29".
    public var iso: String {
        func pad(_ x: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(x).count)) + String(x) }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}
