import Foundation

/// A calendar month, written `YYYY-MM`, with the English local-authority financial year
/// (April to March) and its quarters: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.
public struct Month: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month out of range")
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM` (four-digit year 1900-2999, month 01-12); nil otherwise.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let b = bytes[i]
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), (1900...2999).contains(y), (1...12).contains(m)
        else { return nil }
        self.year = y
        self.month = m
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let m = Month(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "month must be YYYY-MM, got \"\(text)\""))
        }
        self = m
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        return "\(year)-\(m)"
    }

    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// Index for arithmetic: months since year 0.
    public var ordinal: Int { year * 12 + (month - 1) }
    public init(ordinal: Int) { self.init(year: ordinal / 12, month: ordinal % 12 + 1) }

    public func adding(months n: Int) -> Month { Month(ordinal: ordinal + n) }

    /// The year the financial year starts in: April 2018 to March 2019 is 2018.
    public var financialYearStart: Int { month >= 4 ? year : year - 1 }

    /// 1...4: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.
    public var financialQuarter: Int {
        switch month {
        case 4...6: return 1
        case 7...9: return 2
        case 10...12: return 3
        default: return 4
        }
    }

    /// `FY2018-19`
    public var financialYearLabel: String {
        let s = financialYearStart
        let e = (s + 1) % 100
        return "FY\(s)-\(e < 10 ? "0\(e)" : "\(e)")"
    }

    /// `FY2018-19 Q3`
    public var quarterLabel: String { "\(financialYearLabel) Q\(financialQuarter)" }

    public var title: String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(names[month - 1]) \(year)"
    }

    /// The current month in the local time zone.
    public static func current(_ date: Date = Date()) -> Month {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month], from: date)
        return Month(year: c.year ?? 2000, month: c.month ?? 1)
    }
}
