import CaseAuditCore
import Foundation

/// Per measure and month: how many completed audits graded the measure's section, and how many
/// of those were good or better (product.md section 4). Built once from the rows; rebuilt only
/// after an audit changes.
struct MeasureStats: Sendable {
    struct Count: Sendable, Equatable {
        var graded = 0
        var good = 0
    }
    /// [measure index][month ordinal]
    var counts: [[Int: Count]]
    var drafts = 0
    var perMonth: [Int: Int] = [:]
    /// Completed audits per month ordinal, for the latest month with any.
    var completedPerMonth: [Int: Int] = [:]

    /// The latest month with completed audits.
    var latestMonth: Month? {
        completedPerMonth.compactMap { $0.value > 0 ? $0.key : nil }.max().map { Month(ordinal: $0) }
    }

    /// What `apply` adds up row by row, counted on the open path with the fields read in place
    /// and the measures unpacked once (copying a row or a Measure per audit retains every string
    /// in it); `MeasureStatsTests` checks the two agree.
    init(rows: [AuditFacts], measures: [Measure]) {
        counts = Array(repeating: [:], count: measures.count)
        // Tallied in flat arrays over the months present, then turned into the dictionaries
        // `apply` keeps: nested dictionary updates cost more than the counting itself.
        var first = Int.max, last = Int.min
        for k in rows.indices {
            if let m = rows[k].month?.ordinal { first = min(first, m); last = max(last, m) }
        }
        guard first <= last else {
            drafts = rows.indices.filter { rows[$0].status != .complete }.count
            return
        }
        let span = last - first + 1
        var seen = [Int](repeating: 0, count: span)
        var completed = [Int](repeating: 0, count: span)
        var graded = [Int](repeating: 0, count: span * measures.count)
        var good = [Int](repeating: 0, count: span * measures.count)
        let sections = measures.map(\.section)
        let cohorts = measures.map { Set($0.cohorts) }
        for k in rows.indices {
            let month = rows[k].month.map { $0.ordinal - first }
            if let m = month { seen[m] += 1 }
            guard rows[k].status == .complete else { drafts += 1; continue }
            guard let m = month else { continue }
            completed[m] += 1
            for i in sections.indices {
                if !cohorts[i].isEmpty {
                    guard let cohort = rows[k].cohort, cohorts[i].contains(cohort) else { continue }
                }
                guard let g = rows[k].grades[sections[i]], g != .na else { continue }
                graded[i * span + m] += 1
                if g.isGoodOrBetter { good[i * span + m] += 1 }
            }
        }
        for m in 0..<span {
            if seen[m] > 0 { perMonth[first + m] = seen[m] }
            if completed[m] > 0 { completedPerMonth[first + m] = completed[m] }
            for i in sections.indices where graded[i * span + m] > 0 {
                counts[i][first + m] = Count(graded: graded[i * span + m], good: good[i * span + m])
            }
        }
    }

    /// The same counts, one row at a time (the reference for the counting above).
    init(addingEach rows: [AuditFacts], measures: [Measure]) {
        counts = Array(repeating: [:], count: measures.count)
        for row in rows { apply(row, sign: 1, measures: measures) }
    }

    /// Adds (`sign` 1) or takes away (-1) one audit's counts: how a save updates the dashboard.
    mutating func apply(_ row: AuditFacts, sign: Int, measures: [Measure]) {
        if let m = row.month { perMonth[m.ordinal, default: 0] += sign }
        guard row.status == .complete else { drafts += sign; return }
        guard let month = row.month else { return }
        completedPerMonth[month.ordinal, default: 0] += sign
        for (i, measure) in measures.enumerated() where i < counts.count {
            guard measure.counts(cohort: row.cohort), let g = row.grades[measure.section], g != .na else { continue }
            counts[i][month.ordinal, default: Count()].graded += sign
            if g.isGoodOrBetter { counts[i][month.ordinal, default: Count()].good += sign }
        }
    }

    /// The counts for a month, or for the financial-year quarter holding it.
    func count(measure: Int, period: Month, quarterly: Bool) -> Count {
        var total = Count()
        for m in MeasureStats.months(of: period, quarterly: quarterly) {
            if let c = counts[measure][m.ordinal] {
                total.graded += c.graded
                total.good += c.good
            }
        }
        return total
    }

    static func months(of period: Month, quarterly: Bool) -> [Month] {
        guard quarterly else { return [period] }
        let q = period.financialQuarter
        let startMonth = [4, 7, 10, 1][q - 1]
        let first = Month(year: startMonth == 1 ? period.financialYearStart + 1 : period.financialYearStart, month: startMonth)
        return (0..<3).map { first.adding(months: $0) }
    }

    static func percent(_ c: Count) -> Double? {
        c.graded == 0 ? nil : (Double(c.good) * 1000 / Double(c.graded)).rounded() / 10
    }

    /// The last `n` periods ending at `period` (months, or quarters stepping 3 months back).
    static func trendPeriods(ending period: Month, quarterly: Bool, count n: Int) -> [Month] {
        let step = quarterly ? 3 : 1
        return (0..<n).reversed().map { period.adding(months: -$0 * step) }
    }
}

extension AppState {
    /// The dashboard's period: the one chosen, else the latest month with completed audits, else today.
    var dashboardPeriod: Month { dashboard.period ?? dashboardStats.latestMonth ?? today }

    var dashboardStats: MeasureStats { dashboard.stats ?? MeasureStats(rows: rows, measures: measures) }

    static func periodLabel(_ m: Month, quarterly: Bool) -> String { quarterly ? m.quarterLabel : m.title }
}
