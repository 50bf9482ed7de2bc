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
        struct Tally { var audits = 0, graded = 0, good = 0 }
        var periods = PeriodTable(by)
        var tallies = [[Tally]](repeating: [], count: measures.count)
        // Fields are read in place (`facts[k].x`) and the measures unpacked once: copying an
        // AuditFacts or a Measure per audit would retain every string in it.
        let sections = measures.map(\.section)
        let cohortMasks = measures.map { m in m.cohorts.reduce(0) { $0 | Self.cohortBit($1) } }
        // What each measure makes of an audit depends only on its template sections and grades:
        // worked out once per shared shape (see `AuditFacts.shape`), as `outcomes` from `memo[shape]` on.
        var memo: [ObjectIdentifier: Int] = [:]
        var outcomes: [Outcome] = []
        // `facts[k]` passed whole to a function is copied, retaining every string in it.
        let bounded = from != nil || to != nil
        for k in facts.indices where facts[k].status == .complete {
            let month = facts[k].month
            if bounded {
                guard let m = month else { continue }
                if let from, m < from { continue }
                if let to, m > to { continue }
            }
            guard let p = periods.index(of: facts, at: k) else { continue }
            let cohortBit = facts[k].cohort.map(Self.cohortBit) ?? 0
            var at = -1
            if let shape = facts[k].shape {
                let id = ObjectIdentifier(shape)
                if let known = memo[id] {
                    at = known
                } else {
                    at = outcomes.count
                    memo[id] = at
                    for s in sections { outcomes.append(outcome(s, sections: shape.sections, grades: shape.grades)) }
                }
            }
            for i in sections.indices {
                if cohortMasks[i] != 0 && cohortMasks[i] & cohortBit == 0 { continue }
                let o = at >= 0 ? outcomes[at + i] : outcome(sections[i], sections: facts[k].templateSections, grades: facts[k].grades)
                guard o != .notInTemplate else { continue }
                if tallies[i].count <= p { tallies[i] += Array(repeating: Tally(), count: p + 1 - tallies[i].count) }
                tallies[i][p].audits += 1
                if o != .ungraded {
                    tallies[i][p].graded += 1
                    if o == .goodOrBetter { tallies[i][p].good += 1 }
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

    private enum Outcome { case notInTemplate, ungraded, graded, goodOrBetter }

    private static func outcome(_ section: String, sections: [String], grades: [String: Grade]) -> Outcome {
        guard sections.contains(section) else { return .notInTemplate }
        guard let g = grades[section], g != .na else { return .ungraded }
        return g.isGoodOrBetter ? .goodOrBetter : .graded
    }

    /// A bit per cohort, so a measure's cohorts are one mask (0: every cohort).
    private static func cohortBit(_ c: Cohort) -> Int {
        switch c {
        case .earlyHelp: return 1
        case .childInNeed: return 2
        case .childProtection: return 4
        case .lookedAfter: return 8
        case .careLeaver: return 16
        }
    }

    /// The grade distribution of `section` per period, for every period in which a completed
    /// audit's template has the section.
    public static func gradeRows(section: String, facts: [AuditFacts], by: Grouping,
                                 from: Month?, to: Month?) -> [GradeRow] {
        var periods = PeriodTable(by)
        var rows: [GradeRow] = []
        for k in facts.indices where inRange(facts[k], from: from, to: to) && facts[k].templateSections.contains(section) {
            guard let p = periods.index(of: facts, at: k) else { continue }
            if p == rows.count { rows.append(GradeRow(section: section, period: periods.labels[p])) }
            rows[p].audits += 1
            switch facts[k].grades[section] {
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

/// Numbers the periods met while counting, so tallies are arrays rather than dictionaries
/// keyed by label: with 100,000 audits the labels would otherwise be built and hashed per audit.
struct PeriodTable {
    let grouping: Grouping
    var labels: [String] = []
    private var byLabel: [String: Int] = [:]
    private var byMonth: [Int: Int] = [:]

    init(_ grouping: Grouping) { self.grouping = grouping }

    /// Audits come sorted by file name, which starts with the month: most follow one of the same month.
    private var lastMonth = -1, lastIndex = -1

    mutating func index(of facts: [AuditFacts], at k: Int) -> Int? {
        if grouping.isTime {
            guard let m = facts[k].month else { return nil }
            let ordinal = m.ordinal
            if ordinal == lastMonth { return lastIndex }
            let i: Int
            if let known = byMonth[ordinal] {
                i = known
            } else {
                i = intern(grouping.period(of: facts[k])!)
                byMonth[ordinal] = i
            }
            (lastMonth, lastIndex) = (ordinal, i)
            return i
        }
        switch grouping {
        case .team: return intern(facts[k].team.isEmpty ? Grouping.noTeam : facts[k].team)
        case .auditor: return intern(facts[k].auditor.isEmpty ? Grouping.noAuditor : facts[k].auditor)
        default: return grouping.period(of: facts[k]).map { intern($0) }
        }
    }

    private mutating func intern(_ label: String) -> Int {
        if let i = byLabel[label] { return i }
        labels.append(label)
        byLabel[label] = labels.count - 1
        return labels.count - 1
    }

    func sortedIndexes() -> [Int] {
        labels.indices.sorted { grouping.sortsBefore(labels[$0], labels[$1]) }
    }
}
