import Foundation

/// One month, financial-year quarter or financial year, named as the reports write it
/// (`2026-11`, `FY2026-27 Q3`, `FY2026-27`). The reports screen narrows a grouping to one and
/// moves it back and forward; its months are the `from`/`to` that `Counting` is given.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Length: Int, CaseIterable, Sendable, Comparable {
        case month = 1, quarter = 3, year = 12

        public static func < (a: Length, b: Length) -> Bool { a.rawValue < b.rawValue }

        /// The length of one period of a time grouping; nil for team, auditor and the others.
        public init?(_ grouping: Grouping) {
            switch grouping {
            case .month: self = .month
            case .quarter: self = .quarter
            case .year: self = .year
            default: return nil
            }
        }

        /// The time grouping whose periods have this length.
        public var grouping: Grouping {
            switch self {
            case .month: return .month
            case .quarter: return .quarter
            case .year: return .year
            }
        }

        public var word: String {
            switch self {
            case .month: return "month"
            case .quarter: return "quarter"
            case .year: return "financial year"
            }
        }
    }

    public let length: Length
    /// Its first month: any month for a month, April, July, October or January for a quarter,
    /// April for a financial year.
    public let start: Month

    /// The period of `length` that holds `month`.
    public init(_ length: Length, holding month: Month) {
        self.length = length
        switch length {
        case .month: start = month
        case .quarter: start = month.adding(months: -((month.month + 8) % 3))
        case .year: start = Month(year: month.financialYearStart, month: 4)
        }
    }

    /// Its last month.
    public var end: Month { start.adding(months: length.rawValue - 1) }

    /// As `Grouping.period(of:)` writes it for the grouping of this length.
    public var description: String {
        switch length {
        case .month: return start.description
        case .quarter: return start.quarterLabel
        case .year: return start.financialYearLabel
        }
    }

    /// `n` periods later (earlier when negative).
    public func moved(_ n: Int) -> ReportPeriod {
        ReportPeriod(length, holding: start.adding(months: n * length.rawValue))
    }

    /// The same period a year earlier.
    public var yearBefore: ReportPeriod { ReportPeriod(length, holding: start.adding(months: -12)) }

    /// Not over in `today`'s month: `today` falls in it or before it (`Counting.isPartial`, the
    /// rule every report row and screen uses).
    public func isPartial(today: Month) -> Bool { Counting.isPartial(description, by: length.grouping, today: today) }
}

extension Counting {
    /// The two ranges whose figures `withChange(_:by:from:to:previous:yearBefore:today:)` compares
    /// rows counted over `from...to` with: one period earlier (a time grouping's own period; for
    /// team, auditor and the others the range's own length) and twelve months earlier.
    public static func earlierRanges(by grouping: Grouping, from: Month, to: Month)
        -> (previous: (from: Month, to: Month), yearBefore: (from: Month, to: Month)) {
        let step = ReportPeriod.Length(grouping)?.rawValue ?? (to.ordinal - from.ordinal + 1)
        return ((from.adding(months: -step), to.adding(months: -step)), (from.adding(months: -12), to.adding(months: -12)))
    }

    /// `rows` (counted over `from...to`, whole periods of a time grouping) with `partial`, `previous` and `yearBefore` filled in
    /// from rows counted by the same rule over `earlierRanges`: for a month, quarter or year row
    /// the period before it and the same period a year earlier; for a team, auditor or other
    /// group its own figure in the range before and a year before. What `reportRows(_:in:by:from:to:today:)`
    /// gives a report, from figures a screen has already counted. A row is partial when `today`
    /// falls in its period or before it (a group's period: the whole range).
    public static func withChange(_ rows: [MeasureRow], by grouping: Grouping, from: Month, to: Month,
                                  previous: [MeasureRow], yearBefore: [MeasureRow], today: Month) -> [MeasureRow] {
        func key(_ measure: String, _ period: String) -> String { measure + "\u{0}" + period }
        func percents(_ rows: [MeasureRow]) -> [String: Double] {
            var out: [String: Double] = [:]
            for r in rows { if let p = r.percent { out[key(r.measure.id, r.period)] = p } }
            return out
        }
        let before = percents(previous), yearEarlier = percents(yearBefore)
        // A time row's label names its period; the periods of the range are few, so they are listed.
        var periods: [String: ReportPeriod] = [:]
        if let length = ReportPeriod.Length(grouping) {
            var p = ReportPeriod(length, holding: from)
            while !(to < p.start) { periods[p.description] = p; p = p.moved(1) }
        }
        return rows.map { r in
            var r = r
            if let p = periods[r.period] {
                r.partial = p.isPartial(today: today)
                r.previous = before[key(r.measure.id, p.moved(-1).description)]
                r.yearBefore = yearEarlier[key(r.measure.id, p.yearBefore.description)]
            } else if !grouping.isTime {
                r.partial = !(to < today)
                r.previous = before[key(r.measure.id, r.period)]
                r.yearBefore = yearEarlier[key(r.measure.id, r.period)]
            }
            return r
        }
    }
}
