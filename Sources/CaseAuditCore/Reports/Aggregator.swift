import Foundation

/// How report rows are grouped.
public enum Grouping: String, CaseIterable, Sendable {
    case month, quarter, year, team, auditor

    /// The period an audit falls in, written as reports show it: `2018-12`, `FY2018-19 Q3`,
    /// `FY2018-19`, or the team or auditor name. Nil for a time grouping when the audit has no month.
    public func period(of facts: AuditFacts) -> String? {
        switch self {
        case .month: return facts.month?.description
        case .quarter: return facts.month?.quarterLabel
        case .year: return facts.month?.financialYearLabel
        case .team: return facts.team.isEmpty ? Grouping.noTeam : facts.team
        case .auditor: return facts.auditor.isEmpty ? Grouping.noAuditor : facts.auditor
        }
    }

    public var isTime: Bool { self == .month || self == .quarter || self == .year }

    public static let noTeam = "(no team)"
    public static let noAuditor = "(no auditor)"

    /// Months, quarters and years sort chronologically as written (`2018-12`, `FY2018-19 Q3`);
    /// names sort alphabetically ignoring case, then as written so the order is total.
    public func sortsBefore(_ a: String, _ b: String) -> Bool {
        if isTime { return a < b }
        let la = a.lowercased(), lb = b.lowercased()
        return la != lb ? la < lb : a < b
    }
}

/// One measure for one period.
public struct MeasureRow: Equatable, Sendable {
    public var measure: Measure
    public var period: String
    /// Completed audits in the period whose cohort matches and whose template has the section.
    public var audits: Int
    /// Those with a grade for the section that is neither `na` nor blank.
    public var graded: Int
    /// Those graded Outstanding or Good.
    public var goodOrBetter: Int
    /// `100 * goodOrBetter / graded` to one decimal place; nil when nothing was graded.
    public var percent: Double?
    public var rag: RAG

    public init(measure: Measure, period: String, audits: Int, graded: Int, goodOrBetter: Int) {
        self.measure = measure
        self.period = period
        self.audits = audits
        self.graded = graded
        self.goodOrBetter = goodOrBetter
        self.percent = ReportNumber.percent(goodOrBetter, of: graded)
        self.rag = RAG.rate(percent: percent, baseline: measure.baseline, target: measure.target)
    }
}

/// The grade distribution of one section for one period.
public struct GradeRow: Equatable, Sendable {
    public var section: String
    public var period: String
    /// Completed audits in the period whose template has the section.
    public var audits: Int
    public var graded: Int
    public var outstanding: Int
    public var good: Int
    public var requiresImprovement: Int
    public var inadequate: Int

    public init(section: String, period: String, audits: Int = 0, graded: Int = 0, outstanding: Int = 0,
                good: Int = 0, requiresImprovement: Int = 0, inadequate: Int = 0) {
        self.section = section
        self.period = period
        self.audits = audits
        self.graded = graded
        self.outstanding = outstanding
        self.good = good
        self.requiresImprovement = requiresImprovement
        self.inadequate = inadequate
    }

    public func count(_ grade: Grade) -> Int {
        switch grade {
        case .outstanding: return outstanding
        case .good: return good
        case .requiresImprovement: return requiresImprovement
        case .inadequate: return inadequate
        case .na: return 0
        }
    }

    /// Share of the graded audits with this grade, one decimal; nil when nothing was graded.
    public func percent(_ grade: Grade) -> Double? { ReportNumber.percent(count(grade), of: graded) }
}

/// Counts measures and grade distributions from audit facts (product.md section 4).
public enum Aggregator {
    /// Completed audits whose month is within `from...to` (either may be open). With a bound,
    /// audits without a month are left out; without one they count under team and auditor.
    public static func inRange(_ facts: AuditFacts, from: Month?, to: Month?) -> Bool {
        guard facts.status == .complete else { return false }
        if from == nil && to == nil { return true }
        guard let m = facts.month else { return false }
        if let from, m < from { return false }
        if let to, m > to { return false }
        return true
    }

    /// One row per measure (in the order given) and period (chronological, or alphabetical for
    /// team and auditor), for every period in which the measure has at least one audit.
    public static func measureRows(measures: [Measure], facts: [AuditFacts], by: Grouping,
                                   from: Month?, to: Month?) -> [MeasureRow] {
        measureRows(measures: measures, columns: ReportColumns(facts, counting: measures.map(\.section)), by: by, from: from, to: to)
    }

    /// The grade distribution of `section` per period, for every period in which a completed
    /// audit's template has the section.
    public static func gradeRows(section: String, facts: [AuditFacts], by: Grouping,
                                 from: Month?, to: Month?) -> [GradeRow] {
        gradeRows(section: section, columns: ReportColumns(facts, counting: [section]), by: by, from: from, to: to)
    }

    /// The rules of `measureRows(measures:facts:by:from:to:)`, counted from columns: what a
    /// measure makes of an audit is looked up per section list and grade list, never per audit.
    public static func measureRows(measures: [Measure], columns c: ReportColumns, by: Grouping,
                                   from: Month?, to: Month?) -> [MeasureRow] {
        struct Tally { var audits = 0, graded = 0, good = 0 }
        var periods = ColumnPeriods(by, c)
        var tallies = [[Tally]](repeating: [], count: measures.count)
        let has = measures.map { c.listsHaving($0.section) }
        let slot = measures.map { c.gradeSlot($0.section) }
        let width = c.countedSections.count
        let cohortMasks = measures.map { m in m.cohorts.reduce(0) { $0 | Self.cohortBit($1) } }
        let goodCodes = AuditIndexCodes.grades.map(\.isGoodOrBetter)
        let naCode = UInt8(AuditIndexCodes.grades.firstIndex(of: .na)!)
        let range = MonthRange(from: from, to: to)
        for k in 0..<c.count where c.complete[k] == 1 && range.contains(c.month[k]) {
            guard let p = periods.index(at: k) else { continue }
            let cohortBit = c.cohort[k] < 8 ? 1 << Int(c.cohort[k]) : 0
            let list = Int(c.sections[k]), row = k * width
            for i in measures.indices where has[i][list] {
                if cohortMasks[i] != 0 && cohortMasks[i] & cohortBit == 0 { continue }
                if tallies[i].count <= p { tallies[i] += Array(repeating: Tally(), count: p + 1 - tallies[i].count) }
                tallies[i][p].audits += 1
                let g = c.gradeMatrix[row + slot[i]]
                if g != 255 && g != naCode {
                    tallies[i][p].graded += 1
                    if goodCodes[Int(g)] { tallies[i][p].good += 1 }
                }
            }
        }
        let order = periods.sortedIndexes()
        var rows: [MeasureRow] = []
        for (i, m) in measures.enumerated() {
            for p in order where p < tallies[i].count && tallies[i][p].audits > 0 {
                let t = tallies[i][p]
                rows.append(MeasureRow(measure: m, period: periods.labels[p], audits: t.audits, graded: t.graded,
                                       goodOrBetter: t.good))
            }
        }
        return rows
    }

    /// A bit per cohort, so a measure's cohorts are one mask (0: every cohort); the bit is the
    /// cohort's place in `Cohort.allCases`, as in the columns.
    private static func cohortBit(_ c: Cohort) -> Int {
        1 << AuditIndexCodes.cohorts.firstIndex(of: c)!
    }

    /// The rules of `gradeRows(section:facts:by:from:to:)`, counted from columns.
    public static func gradeRows(section: String, columns c: ReportColumns, by: Grouping,
                                 from: Month?, to: Month?) -> [GradeRow] {
        var periods = ColumnPeriods(by, c)
        var rows: [GradeRow] = []
        let has = c.listsHaving(section)
        let slot = c.gradeSlot(section), width = c.countedSections.count
        let range = MonthRange(from: from, to: to)
        for k in 0..<c.count where c.complete[k] == 1 && range.contains(c.month[k]) && has[Int(c.sections[k])] {
            guard let p = periods.index(at: k) else { continue }
            if p == rows.count { rows.append(GradeRow(section: section, period: periods.labels[p])) }
            rows[p].audits += 1
            let g = c.gradeMatrix[k * width + slot]
            switch g < AuditIndexCodes.grades.count ? AuditIndexCodes.grades[Int(g)] : nil {
            case .outstanding?: rows[p].outstanding += 1; rows[p].graded += 1
            case .good?: rows[p].good += 1; rows[p].graded += 1
            case .requiresImprovement?: rows[p].requiresImprovement += 1; rows[p].graded += 1
            case .inadequate?: rows[p].inadequate += 1; rows[p].graded += 1
            case .na?, nil: break
            }
        }
        return periods.sortedIndexes().map { rows[$0] }
    }
}

/// `Aggregator.inRange`'s month rule on month ordinals (-1: no month).
private struct MonthRange {
    let bounded: Bool
    let lo: Int32, hi: Int32

    init(from: Month?, to: Month?) {
        bounded = from != nil || to != nil
        lo = from.map { Int32($0.ordinal) } ?? Int32.min
        hi = to.map { Int32($0.ordinal) } ?? Int32.max
    }

    func contains(_ month: Int32) -> Bool { !bounded || (month >= 0 && month >= lo && month <= hi) }
}

/// Numbers the periods met while counting, so tallies are arrays rather than dictionaries
/// keyed by label: each month, team or auditor is made a label once, not once per audit.
struct ColumnPeriods {
    let grouping: Grouping
    let columns: ReportColumns
    var labels: [String] = []
    private var byLabel: [String: Int] = [:]
    /// Period per month ordinal (offset by `firstMonth`), team or auditor index; -1 not yet known.
    private var known: [Int] = []
    private var firstMonth = 0

    init(_ grouping: Grouping, _ columns: ReportColumns) {
        self.grouping = grouping
        self.columns = columns
        switch grouping {
        case .team: known = [Int](repeating: -1, count: columns.teams.count)
        case .auditor: known = [Int](repeating: -1, count: columns.auditors.count)
        default:
            let months = columns.month.lazy.filter { $0 >= 0 }
            if let lo = months.min(), let hi = months.max() {
                firstMonth = Int(lo)
                known = [Int](repeating: -1, count: Int(hi - lo) + 1)
            }
        }
    }

    mutating func index(at k: Int) -> Int? {
        let slot: Int
        switch grouping {
        case .team: slot = Int(columns.team[k])
        case .auditor: slot = Int(columns.auditor[k])
        default:
            guard columns.month[k] >= 0 else { return nil }
            slot = Int(columns.month[k]) - firstMonth
        }
        if known[slot] >= 0 { return known[slot] }
        let label: String
        switch grouping {
        case .team: label = columns.teams[slot].isEmpty ? Grouping.noTeam : columns.teams[slot]
        case .auditor: label = columns.auditors[slot].isEmpty ? Grouping.noAuditor : columns.auditors[slot]
        case .month: label = Month(ordinal: slot + firstMonth).description
        case .quarter: label = Month(ordinal: slot + firstMonth).quarterLabel
        case .year: label = Month(ordinal: slot + firstMonth).financialYearLabel
        }
        let i: Int
        if let existing = byLabel[label] {
            i = existing
        } else {
            labels.append(label)
            i = labels.count - 1
            byLabel[label] = i
        }
        known[slot] = i
        return i
    }

    func sortedIndexes() -> [Int] {
        labels.indices.sorted { grouping.sortsBefore(labels[$0], labels[$1]) }
    }
}
