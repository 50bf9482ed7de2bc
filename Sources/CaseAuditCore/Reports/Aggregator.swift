import Foundation

/// How report rows are grouped.
public enum Grouping: String, CaseIterable, Sendable {
    case month, quarter, year, team, auditor
    /// The template the audit was made with, by its id (`child-journey`, `child-journey-lac`).
    case template
    /// The child's characteristics (the template's `child` section): the recorded option, or
    /// `(not recorded)`.
    case ageBand = "age-band", disability, ethnicity, uasc

    /// The groupings the interface's `b` key cycles through.
    public static let interfaceCases: [Grouping] = [.month, .quarter, .year, .team, .auditor, .template]

    /// The question id a characteristic grouping reads; nil for the others.
    public var characteristic: String? {
        switch self {
        case .ageBand: return "child-age-band"
        case .disability: return "child-disability"
        case .ethnicity: return "child-ethnicity"
        case .uasc: return "child-uasc"
        default: return nil
        }
    }

    public static let notRecorded = "(not recorded)"

    /// The period an audit falls in, written as reports show it: `2018-12`, `FY2018-19 Q3`,
    /// `FY2018-19`, the team or auditor name, or the template id. Nil for a time grouping when the audit has no month.
    public func period(of facts: AuditFacts) -> String? {
        switch self {
        case .month: return facts.month?.description
        case .quarter: return facts.month?.quarterLabel
        case .year: return facts.month?.financialYearLabel
        case .team: return facts.team.isEmpty ? Grouping.noTeam : facts.team
        case .auditor: return facts.auditor.isEmpty ? Grouping.noAuditor : facts.auditor
        case .template: return facts.template.id
        case .ageBand, .disability, .ethnicity, .uasc: return facts.marks[characteristic!] ?? Grouping.notRecorded
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
    /// RAG of the point figure `percent`, never of the interval.
    public var rag: RAG
    /// The 95% Wilson interval of `percent`, in percent; nil when nothing was graded.
    public var ciLow: Double?
    public var ciHigh: Double?

    /// The period was not over on the report's day (month, quarter and year rows only).
    public var partial = false
    /// The measure's percent in the period before and in the same period a year earlier
    /// (month, quarter and year rows only); nil when nothing was graded then.
    public var previous: Double?
    public var yearBefore: Double?

    /// Fewer than `ReportNumber.lowCount` graded: the percentage moves a lot with one audit.
    public var isLowCount: Bool { graded < ReportNumber.lowCount }

    public init(measure: Measure, period: String, audits: Int, graded: Int, goodOrBetter: Int) {
        self.measure = measure
        self.period = period
        self.audits = audits
        self.graded = graded
        self.goodOrBetter = goodOrBetter
        self.percent = ReportNumber.percent(goodOrBetter, of: graded)
        self.rag = RAG.rate(percent: percent, baseline: measure.baseline, target: measure.target)
        let interval = ReportNumber.wilson(goodOrBetter, of: graded)
        self.ciLow = interval?.low
        self.ciHigh = interval?.high
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
    /// The period was not over on the report's day (month, quarter and year rows only).
    public var partial = false

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

/// The report rows of `Counting`, under the names the reports have always used.
public enum Aggregator {
    /// One row per measure (in the order given) and period; see `Counting.measureRows`.
    public static func measureRows(measures: [Measure], facts: [AuditFacts], by: Grouping,
                                   from: Month?, to: Month?) -> [MeasureRow] {
        Counting.measureRows(measures, in: facts, by: by, from: from, to: to)
    }

    /// The grade distribution of `section` per period; see `Counting.gradeRows`.
    public static func gradeRows(section: String, facts: [AuditFacts], by: Grouping,
                                 from: Month?, to: Month?) -> [GradeRow] {
        Counting.gradeRows(section: section, in: facts, by: by, from: from, to: to)
    }
}
