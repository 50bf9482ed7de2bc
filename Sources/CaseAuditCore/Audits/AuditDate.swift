import Foundation

/// The one date form audit, lock and history files hold: ISO 8601 internet time as
/// `JSONEncoder`'s `.iso8601` writes it (`2018-12-03T10:15:00Z`), or with an offset
/// (`2018-12-03T10:15:00+01:00`).
///
/// `AuditCoding` reads dates with this: Foundation's own `.iso8601` reader is looser (fuzzing
/// found it takes `12:020:00`).
enum AuditDate {
    static let expected = "expected a date and time such as 2018-12-03T10:15:00Z"

    /// Seconds since 1970, or nil unless `b` is exactly that form and a real date and time.
    /// Years before 1583 are refused: Foundation writes them in the Julian calendar, so an audit
    /// holding one would change when saved (fuzzing found it).
    static func seconds(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = b.count
        guard n == 20 || n == 25 else { return nil }
        func num(_ at: Int, _ len: Int) -> Int? {
            var v = 0
            for k in 0..<len {
                let c = b[at + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), b[4] == 0x2D, let mo = num(5, 2), b[7] == 0x2D, let d = num(8, 2),
              b[10] == 0x54 || b[10] == 0x74, let h = num(11, 2), b[13] == 0x3A, let mi = num(14, 2),
              b[16] == 0x3A, let sec = num(17, 2),
              y >= 1583, (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, sec < 60
        else { return nil }
        var offset = 0
        if n == 20 {
            guard b[19] == 0x5A || b[19] == 0x7A else { return nil }
        } else {
            guard b[19] == 0x2B || b[19] == 0x2D, let oh = num(20, 2), b[22] == 0x3A, let om = num(23, 2),
                  oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[19] == 0x2B ? 1 : -1)
        }
        return Double(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset)
    }

    static func seconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { seconds($0) }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Year, month and day of a count of days since 1970-01-01 (the inverse of `daysFromCivil`).
    static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// A date as a person types it into a form: `YYYY-MM-DD`, or the UK order `DD/MM/YYYY`, `D/M/YYYY`,
/// `DD/MM/YY` or `D/M/YY` (a two-digit year is 20YY). Always stored as `YYYY-MM-DD`.
///
/// Every date question in the templates records something that has happened (a supervision, a
/// visit, a PEP meeting, when a contact came in or an escalation was resolved), so those refuse a
/// day after today; an action's due date is the one date that may be in the future.
public enum TypedDate {
    public static let forms = "DD/MM/YYYY, D/M/YY or YYYY-MM-DD"

    /// The ISO form of `text`, or nil unless it is one of the accepted forms naming a real day
    /// between 1900 and 2999.
    public static func iso(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let y: Int, m: Int, d: Int
        if t.contains("/") {
            let parts = t.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                  parts[2].count == 2 || parts[2].count == 4,
                  let dd = digits(parts[0]), let mm = digits(parts[1]), let yy = digits(parts[2]) else { return nil }
            (d, m, y) = (dd, mm, parts[2].count == 2 ? 2000 + yy : yy)
        } else {
            let parts = t.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                  let yy = digits(parts[0]), let mm = digits(parts[1]), let dd = digits(parts[2]) else { return nil }
            (y, m, d) = (yy, mm, dd)
        }
        guard (1900...2999).contains(y), (1...12).contains(m), d >= 1, d <= AuditDate.daysIn(month: m, year: y) else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The ISO date, or the message to show: not a date, or (with `notAfter`, today as
    /// `YYYY-MM-DD`) a day in the future.
    public static func read(_ text: String, notAfter today: String? = nil) -> Result<String, TypedDateError> {
        guard let iso = iso(text) else {
            return .failure(TypedDateError(message: "\"\(text.trimmingCharacters(in: .whitespaces))\" is not a date: write it as \(forms), e.g. 14/11/2026"))
        }
        if let today, iso > today {
            return .failure(TypedDateError(message: "\(iso) is after today (\(today)): this date records something that has happened"))
        }
        return .success(iso)
    }

    /// Today in the local time zone, as `YYYY-MM-DD`.
    public static func today(_ now: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    private static func digits(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }
}

/// Why a typed date was refused, in words for the form's error line.
public struct TypedDateError: Error, Equatable, Sendable {
    public var message: String
}
