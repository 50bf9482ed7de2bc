import Foundation

/// One audit as a figure counts it: the audit, the period it falls in, and the grade that counts
/// for the figure's section. What a drill-down and `caseaudit audits` list.
public struct CountedAudit: Equatable, Sendable {
    public var audit: AuditFacts
    /// The period label as the report writes it (`2018-12`, `FY2018-19 Q3`, `FY2018-19`, a team
    /// or auditor name, `(no team)`).
    public var period: String
    /// The grade that counts for the section: the moderated grade when moderated, else the
    /// auditor's; `na` kept; nil when the section has no grade.
    public var grade: Grade?
    /// Where the audit is in the list that was counted, so a screen finds its row without a search.
    public var index: Int?

    public init(audit: AuditFacts, period: String, grade: Grade?, index: Int? = nil) {
        self.audit = audit
        self.period = period
        self.grade = grade
        self.index = index
    }

    /// Counted in `graded`: a grade other than `na`.
    public var isGraded: Bool { grade != nil && grade != .na }
    /// `true`/`false` for a graded audit (Outstanding or Good), nil when not graded.
    public var goodOrBetter: Bool? { isGraded ? grade!.isGoodOrBetter : nil }
}

/// The one counting rule (docs/reports.md, "How a measure is counted"). `report`, `grades`, `caseaudit audits`, the
/// dashboard, the reports screen and every drill-down go through `counted(_:in:by:from:to:)`,
/// so a figure and the list of audits behind it cannot disagree.
public enum Counting {
    /// THE rule: the audits `measure` counts, each with its period and counted grade, in the
    /// order of `audits`.
    ///
    /// An audit counts when it is complete, its month lies in `from...to` (with a bound, an
    /// audit without a month is left out; without one it still counts under team and auditor),
    /// its cohort is one of the measure's (none listed: every cohort), its template is one of
    /// the measure's (`Counting.templates(of:)`; none: every template) and its template version
    /// has the measure's section. The grade that counts is the moderated grade when moderated,
    /// else the auditor's (`AuditFacts.grades` already holds that one). Audits without a month
    /// fall in no month, quarter or year and are left out of those groupings.
    ///
    /// For a section's grade distribution (`grades`) pass `Counting.sectionMeasure(_:)`.
    public static func counted(_ measure: Measure, in audits: [AuditFacts], by grouping: Grouping,
                               from: Month? = nil, to: Month? = nil) -> [CountedAudit] {
        var out: [CountedAudit] = []
        walk(measure, in: audits, by: grouping, from: from, to: to) { k, period, grade in
            out.append(CountedAudit(audit: audits[k], period: period, grade: grade, index: k))
        }
        return out
    }

    /// The rule of `counted`, walked in place for several measures at once: `body` gets each
    /// counted audit's index, the measure's index, the period and the grade that counts. Figures
    /// add up from this one pass without copying an audit, which at 100,000 audits is what keeps
    /// the interface's first screen and keys quick.
    /// With `only`, audits in other periods are passed over before the rest of the rule is tried
    /// (a drill-down then reads a few thousand audits in full, not 100,000).
    static func walk(_ measures: [Measure], in audits: [AuditFacts], by grouping: Grouping, from: Month?, to: Month?,
                     only: String? = nil, _ body: (Int, Int, String, Grade?) -> Void) {
        var labels = PeriodLabels(grouping)
        for k in audits.indices {
            var period: String?? = .none
            if let only {
                period = .some(labels.period(of: audits[k]))
                guard period! == only else { continue }
            }
            for i in measures.indices where counts(measures[i], audits[k], from: from, to: to) {
                if period == nil { period = .some(labels.period(of: audits[k])) }
                guard let p = period! else { break }
                body(k, i, p, audits[k].grades[measures[i].section])
            }
        }
    }

    static func walk(_ measure: Measure, in audits: [AuditFacts], by grouping: Grouping, from: Month?, to: Month?,
                     only: String? = nil, _ body: (Int, String, Grade?) -> Void) {
        walk([measure], in: audits, by: grouping, from: from, to: to, only: only) { k, _, period, grade in
            body(k, period, grade)
        }
    }

    /// The audits behind one figure: `counted` narrowed to one period label, as `report`
    /// writes it for `grouping`. Its count is the row's `audits`, its graded ones the row's
    /// `graded`, and those good or better the row's `good_or_better`.
    public static func behind(_ measure: Measure, period: String, by grouping: Grouping, in audits: [AuditFacts],
                              from: Month? = nil, to: Month? = nil) -> [CountedAudit] {
        var out: [CountedAudit] = []
        walk(measure, in: audits, by: grouping, from: from, to: to, only: period) { k, p, grade in
            out.append(CountedAudit(audit: audits[k], period: p, grade: grade, index: k))
        }
        return out
    }

    /// One row per measure (in the order given) and period (chronological, or alphabetical for
    /// team and auditor) with at least one audit counted.
    public static func measureRows(_ measures: [Measure], in audits: [AuditFacts], by grouping: Grouping,
                                   from: Month? = nil, to: Month? = nil) -> [MeasureRow] {
        var tally = [[String: (audits: Int, graded: Int, good: Int)]](repeating: [:], count: measures.count)
        walk(measures, in: audits, by: grouping, from: from, to: to) { _, i, period, grade in
            let graded = grade != nil && grade != .na
            let good = graded && grade!.isGoodOrBetter
            let t = tally[i][period] ?? (0, 0, 0)
            tally[i][period] = (t.audits + 1, t.graded + (graded ? 1 : 0), t.good + (good ? 1 : 0))
        }
        return measures.indices.flatMap { i in
            tally[i].keys.sorted(by: grouping.sortsBefore).map { period in
                let t = tally[i][period]!
                return MeasureRow(measure: measures[i], period: period, audits: t.audits, graded: t.graded, goodOrBetter: t.good)
            }
        }
    }

    /// The grade distribution of `section` per period: every cohort and template counted.
    public static func gradeRows(section: String, in audits: [AuditFacts], by grouping: Grouping,
                                 from: Month? = nil, to: Month? = nil) -> [GradeRow] {
        var rows: [String: GradeRow] = [:]
        walk(sectionMeasure(section), in: audits, by: grouping, from: from, to: to) { _, period, grade in
            var row = rows[period] ?? GradeRow(section: section, period: period)
            row.audits += 1
            switch grade {
            case .outstanding?: row.outstanding += 1
            case .good?: row.good += 1
            case .requiresImprovement?: row.requiresImprovement += 1
            case .inadequate?: row.inadequate += 1
            case .na?, nil: rows[period] = row; return
            }
            row.graded += 1
            rows[period] = row
        }
        return rows.keys.sorted(by: grouping.sortsBefore).map { rows[$0]! }
    }

    /// What `grades --section` counts: the section, every cohort, every template.
    public static func sectionMeasure(_ section: String) -> Measure {
        Measure(id: section, title: section, section: section)
    }

    // MARK: the parts of the rule

    /// Whether `measure` counts `audit` (see `counted`).
    static func counts(_ measure: Measure, _ audit: AuditFacts, from: Month?, to: Month?) -> Bool {
        guard audit.status == .complete, inMonths(audit.month, from: from, to: to) else { return false }
        guard measure.counts(cohort: audit.cohort) else { return false }
        let templates = Self.templates(of: measure)
        guard templates.isEmpty || templates.contains(audit.template.id) else { return false }
        return audit.templateSections.contains(measure.section)
    }

    /// The template ids a measure is limited to (empty: every template with the section).
    /// The measures file's `templates:` key lands here when `Measure` carries it.
    static func templates(of measure: Measure) -> [String] { [] }

    static func inMonths(_ month: Month?, from: Month?, to: Month?) -> Bool {
        if from == nil && to == nil { return true }
        guard let m = month else { return false }
        if let from, m < from { return false }
        if let to, m > to { return false }
        return true
    }
}

/// Period labels, made once per month rather than once per audit.
struct PeriodLabels {
    let grouping: Grouping
    private var byMonth: [Int: String] = [:]

    init(_ grouping: Grouping) { self.grouping = grouping }

    mutating func period(of audit: AuditFacts) -> String? {
        guard grouping.isTime else { return grouping.period(of: audit) }
        guard let m = audit.month else { return nil }
        if let known = byMonth[m.ordinal] { return known }
        let label = grouping.period(of: audit)
        byMonth[m.ordinal] = label
        return label
    }
}
