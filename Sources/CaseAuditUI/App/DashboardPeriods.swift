import CaseAuditCore

/// The dashboard's period (a month or a financial-year quarter), its trend and the figures for
/// it, which are rows of `Counting.measureRows` by month or by quarter (`Figures`).
extension AppState {
    /// The period chosen, else the latest month with completed audits, else today.
    var dashboardPeriod: Month { dashboard.period ?? latestCompleted ?? today }

    /// The last month → reaches: today's, or the latest with completed audits when that is later.
    var latestDashboardMonth: Month { max(today, latestCompleted ?? today) }

    /// The latest month holding a completed audit (read in place: copying rows retains their strings).
    static func latestCompletedMonth(_ rows: [AuditFacts]) -> Month? {
        var latest: Int?
        for k in rows.indices where rows[k].status == .complete {
            if let m = rows[k].month?.ordinal, m > (latest ?? Int.min) { latest = m }
        }
        return latest.map { Month(ordinal: $0) }
    }

    var dashboardKey: Figures.Key { Figures.Key(grouping: dashboard.quarterly ? .quarter : .month) }

    /// The dashboard's figures, made (by the reducer) before the dashboard is drawn.
    var dashboardRows: [MeasureRow] {
        figures?.made(dashboardKey) ?? Counting.measureRows(measures, in: rows, by: dashboardKey.grouping)
    }

    /// The period as the dashboard writes it: `Nov 2026`, `FY2026-27 Q3`.
    static func periodLabel(_ month: Month, quarterly: Bool) -> String { quarterly ? month.quarterLabel : month.title }

    /// The period's label as `Counting` gives it: `2026-11`, `FY2026-27 Q3`.
    static func figurePeriod(_ month: Month, quarterly: Bool) -> String {
        quarterly ? month.quarterLabel : month.description
    }

    /// The last `n` periods ending at `period` (months, or quarters stepping 3 months back).
    static func trendPeriods(ending period: Month, quarterly: Bool, count n: Int) -> [Month] {
        let step = quarterly ? 3 : 1
        return (0..<n).reversed().map { period.adding(months: -$0 * step) }
    }

    /// The first month of the financial-year quarter holding `month`.
    static func quarterStart(_ month: Month) -> Month {
        let startMonth = [4, 7, 10, 1][month.financialQuarter - 1]
        return Month(year: startMonth == 1 ? month.financialYearStart + 1 : month.financialYearStart, month: startMonth)
    }
}

extension Figures.Key {
    init(grouping: Grouping) { self.init(grouping: grouping, from: nil, to: nil) }
}
