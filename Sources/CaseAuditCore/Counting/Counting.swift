import Foundation

/// One audit as a figure counts it: the audit, the period it falls in, and the grade that counts
/// for the figure's section. What a drill-down and `caseaudit audits` list.
public struct CountedAudit: Equatable, Sendable {
    public var audit: AuditFacts
    /// The period label as the report writes it (`2018-12`, `FY2018-19 Q3`, `FY2018-19`, a team
    /// or auditor name, `(no team)`, a template id).
    public var period: String
    /// The grade that counts for the section: the moderated grade when moderated, else the
    /// auditor's; `na` kept; nil when the section has no grade (and for a question measure).
    public var grade: Grade?
    /// For a question measure, the answer counted as the audit file holds it (`yes`, `na`, `2`);
    /// nil when blank, and for a grade measure.
    public var answer: String?
    /// `true`/`false` when counted in `graded` (a grade other than `na`, or an answer the
    /// question measure counts), and then whether it is good or better (meets the measure);
    /// nil otherwise.
    public var goodOrBetter: Bool?
    /// Where the audit is in the list that was counted, so a screen finds its row without a search.
    public var index: Int?

    /// An audit counted by its grade.
    public init(audit: AuditFacts, period: String, grade: Grade?, index: Int? = nil) {
        self.init(audit: audit, period: period, grade: grade, answer: nil, goodOrBetter: Counting.goodOrBetter(grade), index: index)
    }

    public init(audit: AuditFacts, period: String, grade: Grade?, answer: String?, goodOrBetter: Bool?, index: Int? = nil) {
        self.audit = audit
        self.period = period
        self.grade = grade
        self.answer = answer
        self.goodOrBetter = goodOrBetter
        self.index = index
    }

    /// Counted in `graded`.
    public var isGraded: Bool { goodOrBetter != nil }
    /// What was counted, as `caseaudit audits` shows it: the answer, or the grade.
    public var counted: String { answer ?? grade?.rawValue ?? "" }
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
    /// the measure's `templates` (none: every template) and, for a grade measure,
    /// its template version has the measure's section. The grade that counts is the moderated
    /// grade when moderated, else the auditor's (`AuditFacts.grades` already holds that one).
    /// A question measure counts the answer instead (`QuestionCount.meets`). Audits without a
    /// month fall in no month, quarter or year and are left out of those groupings.
    ///
    /// For a section's grade distribution (`grades`) pass `Counting.sectionMeasure(_:)`.
    public static func counted(_ measure: Measure, in audits: [AuditFacts], by grouping: Grouping,
                               from: Month? = nil, to: Month? = nil) -> [CountedAudit] {
        var out: [CountedAudit] = []
        visit(measure, audits, by: grouping, from: from, to: to) { k, period, grade, good in
            out.append(counted(measure, audits[k], period, grade, good, k))
        }
        return out
    }

    private static func counted(_ measure: Measure, _ audit: AuditFacts, _ period: String, _ grade: Grade?, _ good: Bool?,
                                _ k: Int) -> CountedAudit {
        CountedAudit(audit: audit, period: period, grade: grade, answer: measure.question.flatMap { audit.marks[$0.question] },
                     goodOrBetter: good, index: k)
    }

    /// Good or better when graded; nil for `na` or no grade.
    static func goodOrBetter(_ grade: Grade?) -> Bool? {
        guard let grade, grade != .na else { return nil }
        return grade.isGoodOrBetter
    }

    /// `counted` without making a `CountedAudit` per audit: `body` gets the audit's index in
    /// `audits`, its period, the grade that counts (nil for a question measure) and whether it
    /// is good or better (meets the question measure), nil when not graded (not answered).
    /// Report rows are tallied from this, so they and the lists of audits come from the same loop.
    /// With `only`, audits in other periods are passed over first (a drill-down then reads a few
    /// thousand audits in full, not 100,000).
    static func visit(_ measure: Measure, _ audits: [AuditFacts], by grouping: Grouping, from: Month?, to: Month?,
                      only: String? = nil, _ body: (Int, String, Grade?, Bool?) -> Void) {
        visit([measure], audits, audits.indices, by: grouping, from: from, to: to, only: only) { _, k, _, period, grade, good in
            body(k, period, grade, good)
        }
    }

    /// THE loop: `visit` for several measures at once, over the audits in `range`; `body` gets
    /// the measure's index in `measures`, the audit's index, and its period both as a number
    /// (the order in which periods were first met: tallies are kept in arrays by it, not hashed
    /// by label) and as its label. One pass over the audits, every measure asked of each audit
    /// in turn, so each audit's facts are fetched from memory once, not once per measure.
    /// Returns the period labels by number (with `only`, which numbers nothing, none).
    @discardableResult
    static func visit(_ measures: [Measure], _ audits: [AuditFacts], _ range: Range<Int>, by grouping: Grouping,
                      from: Month?, to: Month?, only: String? = nil, _ body: (Int, Int, Int, String, Grade?, Bool?) -> Void)
        -> [String] {
        var labels = PeriodLabels(grouping)
        // Fields are read in place: copying an audit's facts per measure retains every string in them.
        for k in range {
            guard audits[k].status == .complete, inMonths(audits[k].month, from: from, to: to) else { continue }
            let label: Int, period: String
            if let only {
                // One period wanted (a drill-down): its label compared, no numbering.
                guard labels.period(month: audits[k].month, team: audits[k].team, auditor: audits[k].auditor,
                                    marks: audits[k].marks, template: audits[k].template.id) == only else { continue }
                (label, period) = (0, only)
            } else {
                guard let n = labels.number(month: audits[k].month, team: audits[k].team, auditor: audits[k].auditor,
                                            marks: audits[k].marks, template: audits[k].template.id) else { continue }
                (label, period) = (n, labels.names[n])
            }
            for m in measures.indices {
                if !measures[m].cohorts.isEmpty {
                    guard let cohort = audits[k].cohort, measures[m].cohorts.contains(cohort) else { continue }
                }
                if !measures[m].templates.isEmpty && !measures[m].templates.contains(where: { same($0, audits[k].template.id) }) {
                    continue
                }
                if let question = measures[m].question {
                    body(m, k, label, period, nil, question.meets(audits[k].marks[question.question]))
                } else if audits[k].templateSections.contains(where: { same($0, measures[m].section) }) {
                    let grade = audits[k].grades[measures[m].section]
                    body(m, k, label, period, grade, goodOrBetter(grade))
                }
            }
        }
        return labels.names
    }

    /// `visit` over every month, for figures kept by month outside the core (the interface's
    /// tables, summed over any range so a key never recounts the audits).
    public static func forEachCounted(_ measure: Measure, in audits: [AuditFacts], by grouping: Grouping,
                                      _ body: (Int, String, Grade?, Bool?) -> Void) {
        visit(measure, audits, by: grouping, from: nil, to: nil, body)
    }

    /// `forEachCounted` for several measures in one pass over the audits; `body` also gets the
    /// measure's index in `measures`.
    public static func forEachCounted(_ measures: [Measure], in audits: [AuditFacts], by grouping: Grouping,
                                      _ body: (Int, Int, String, Grade?, Bool?) -> Void) {
        visit(measures, audits, audits.indices, by: grouping, from: nil, to: nil) { m, k, _, period, grade, good in
            body(m, k, period, grade, good)
        }
    }

    /// The audits behind one figure: `counted` narrowed to one period label, as `report`
    /// writes it for `grouping`. Its count is the row's `audits`, its graded ones the row's
    /// `graded`, and those good or better the row's `good_or_better`.
    public static func behind(_ measure: Measure, period: String, by grouping: Grouping, in audits: [AuditFacts],
                              from: Month? = nil, to: Month? = nil) -> [CountedAudit] {
        var out: [CountedAudit] = []
        visit(measure, audits, by: grouping, from: from, to: to, only: period) { k, p, grade, good in
            out.append(counted(measure, audits[k], p, grade, good, k))
        }
        return out
    }

    /// One row per measure (in the order given) and period (chronological, or alphabetical for
    /// team and auditor) with at least one audit counted.
    public static func measureRows(_ measures: [Measure], in audits: [AuditFacts], by grouping: Grouping,
                                   from: Month? = nil, to: Month? = nil) -> [MeasureRow] {
        zip(measures, tallies(measures, audits, by: grouping, from: from, to: to)).flatMap { m, periods in
            periods.map { period, t in
                MeasureRow(measure: m, period: period, audits: t.audits, graded: t.graded, goodOrBetter: t.goodOrBetter)
            }
        }
    }

    /// The report's rows: `measureRows` for `from...to`, each time period's with its `partial`,
    /// `previous` and `yearBefore` filled in. The earlier figures are counted by the same rule
    /// without the lower bound `from` (so the first period of a range still has its previous
    /// one); without `from` they are the rows themselves, counted once. A period is partial when
    /// `today` falls in it or before it. Team, auditor and other rows have no change.
    public static func reportRows(_ measures: [Measure], in audits: [AuditFacts], by grouping: Grouping,
                                  from: Month?, to: Month?, today: Month) -> [MeasureRow] {
        let rows = measureRows(measures, in: audits, by: grouping, from: from, to: to)
        guard grouping.isTime else { return rows }
        let span = grouping == .month ? 1 : grouping == .quarter ? 3 : 12
        func label(_ m: Month) -> String { periodLabel(m, by: grouping) }
        var percents: [String: [String: Double]] = [:]
        for r in from == nil ? rows : measureRows(measures, in: audits, by: grouping, from: nil, to: to) {
            if let p = r.percent { percents[r.measure.id, default: [:]][r.period] = p }
        }
        // Any month of a period names the period before it and the one a year earlier.
        var earlier: [String: (previous: String, yearBefore: String)] = [:]
        // Months read in place: a closure over each audit would copy it, retaining its strings.
        for ordinal in Set(audits.indices.lazy.compactMap { audits[$0].month?.ordinal }) {
            let m = Month(ordinal: ordinal)
            earlier[label(m)] = (label(m.adding(months: -span)), label(m.adding(months: -12)))
        }
        return rows.map { r in
            var r = r
            r.partial = isPartial(r.period, by: grouping, today: today)
            if let e = earlier[r.period] {
                r.previous = percents[r.measure.id]?[e.previous]
                r.yearBefore = percents[r.measure.id]?[e.yearBefore]
            }
            return r
        }
    }

    /// The label of the time period holding `month`: `2026-11`, `FY2026-27 Q3` or `FY2026-27`
    /// (the month's own label for a grouping that is not a time).
    public static func periodLabel(_ month: Month, by grouping: Grouping) -> String {
        grouping == .quarter ? month.quarterLabel : grouping == .year ? month.financialYearLabel : month.description
    }

    /// A time period not over on `today`'s month: the period holding it, or a later one. Labels
    /// of one grouping sort as their periods do. Rows of other groupings are never partial.
    public static func isPartial(_ period: String, by grouping: Grouping, today: Month) -> Bool {
        grouping.isTime && period >= periodLabel(today, by: grouping)
    }

    /// The grade distribution of `section` per period: the cohorts and templates given counted
    /// (none given: every one). A period not over on `today` is marked partial.
    public static func gradeRows(section: String, in audits: [AuditFacts], by grouping: Grouping,
                                 from: Month? = nil, to: Month? = nil,
                                 cohorts: [Cohort] = [], templates: [String] = [], today: Month? = nil) -> [GradeRow] {
        var measure = sectionMeasure(section)
        measure.cohorts = cohorts
        measure.templates = templates
        return tallies([measure], audits, by: grouping, from: from, to: to)[0].map { period, t in
            var row = GradeRow(section: section, period: period, audits: t.audits, graded: t.graded,
                               outstanding: t.outstanding, good: t.good,
                               requiresImprovement: t.requiresImprovement, inadequate: t.inadequate)
            if let today { row.partial = isPartial(period, by: grouping, today: today) }
            return row
        }
    }

    /// `visit` added up per measure and period, periods in report order. The audits are counted
    /// in two halves on two cores and the halves added together.
    private static func tallies(_ measures: [Measure], _ audits: [AuditFacts], by grouping: Grouping,
                                from: Month?, to: Month?) -> [[(String, Tally)]] {
        let parts = audits.count < 10_000 ? 1 : 2
        let counted = Parallel.map(parts, chunks: parts) { part -> (tallies: [[Tally]], labels: [String]) in
            var t = [[Tally]](repeating: [], count: measures.count)
            let range = (audits.count * part / parts)..<(audits.count * (part + 1) / parts)
            let labels = visit(measures, audits, range, by: grouping, from: from, to: to) { m, _, label, _, grade, good in
                while t[m].count <= label { t[m].append(Tally()) }
                t[m][label].add(grade, good)
            }
            return (t, labels)
        }
        return measures.indices.map { m in
            var sum: [String: Tally] = [:]
            for part in counted {
                for (label, t) in part.tallies[m].enumerated() where t.audits > 0 { sum[part.labels[label], default: Tally()].add(t) }
            }
            return sum.keys.sorted(by: grouping.sortsBefore).map { ($0, sum[$0]!) }
        }
    }

    /// What `grades --section` counts: the section, every cohort, every template.
    public static func sectionMeasure(_ section: String) -> Measure {
        Measure(id: section, title: section, section: section)
    }

    // MARK: the parts of the rule

    /// `a == b` for the ids a measure names (`[a-z0-9-]`, checked when templates and measures are
    /// read, so no other spelling of them is canonically equal), quicker for ids of different
    /// lengths, most of those compared when scanning a list: counting compares ids 100,000
    /// times per measure.
    @inline(__always) static func same(_ a: String, _ b: String) -> Bool { a.utf8.count == b.utf8.count && a == b }

    static func inMonths(_ month: Month?, from: Month?, to: Month?) -> Bool {
        if from == nil && to == nil { return true }
        guard let m = month else { return false }
        if let from, m < from { return false }
        if let to, m > to { return false }
        return true
    }
}

/// What a measure (or a section's grade distribution) counted in one period: the audits, those
/// graded (or answered), those good or better (meeting the measure), and each grade.
public struct Tally: Equatable, Sendable {
    public var audits = 0, graded = 0, goodOrBetter = 0
    public var outstanding = 0, good = 0, requiresImprovement = 0, inadequate = 0

    public init() {}

    /// One audit as `Counting` passes it (`sign` -1 takes it away again): its grade that counts
    /// (nil for a question measure) and whether it is good or better (nil: not graded).
    public mutating func add(_ grade: Grade?, _ good: Bool?, _ sign: Int = 1) {
        audits += sign
        guard let good else { return }
        graded += sign
        if good { goodOrBetter += sign }
        switch grade {
        case .outstanding?: outstanding += sign
        case .good?: self.good += sign
        case .requiresImprovement?: requiresImprovement += sign
        case .inadequate?: inadequate += sign
        case .na?, nil: break
        }
    }

    public mutating func add(_ t: Tally) {
        audits += t.audits
        graded += t.graded
        goodOrBetter += t.goodOrBetter
        outstanding += t.outstanding
        good += t.good
        requiresImprovement += t.requiresImprovement
        inadequate += t.inadequate
    }
}

/// Period labels, made once per month rather than once per audit.
struct PeriodLabels {
    let grouping: Grouping
    private var byMonth: [Int: String] = [:]
    /// The labels `number` has given, in the order first given.
    private(set) var names: [String] = []
    private var numbers: [String: Int] = [:]
    private var numberByMonth: [Int: Int] = [:]

    init(_ grouping: Grouping) { self.grouping = grouping }

    mutating func period(of audit: AuditFacts) -> String? {
        period(month: audit.month, team: audit.team, auditor: audit.auditor, marks: audit.marks, template: audit.template.id)
    }

    /// As `Grouping.period(of:)` writes it.
    mutating func period(month: Month?, team: String, auditor: String, marks: NamedValues<String> = [:],
                         template: String = "") -> String? {
        switch grouping {
        case .ageBand, .disability, .ethnicity, .uasc: return marks[grouping.characteristic!] ?? Grouping.notRecorded
        case .team: return team.isEmpty ? Grouping.noTeam : team
        case .auditor: return auditor.isEmpty ? Grouping.noAuditor : auditor
        case .template: return template
        case .month, .quarter, .year:
            guard let m = month else { return nil }
            if let known = byMonth[m.ordinal] { return known }
            let label = Counting.periodLabel(m, by: grouping)
            byMonth[m.ordinal] = label
            return label
        }
    }

    /// `period`'s label as its index in `names`: for a time grouping one lookup of the month.
    mutating func number(month: Month?, team: String, auditor: String, marks: NamedValues<String>, template: String) -> Int? {
        if grouping.isTime {
            guard let m = month else { return nil }
            if let n = numberByMonth[m.ordinal] { return n }
            let n = number(Counting.periodLabel(m, by: grouping))
            numberByMonth[m.ordinal] = n
            return n
        }
        return period(month: month, team: team, auditor: auditor, marks: marks, template: template).map { number($0) }
    }

    private mutating func number(_ label: String) -> Int {
        if let n = numbers[label] { return n }
        names.append(label)
        numbers[label] = names.count - 1
        return names.count - 1
    }
}

extension Counting {
    /// The family a template belongs to: `child-journey` and `child-journey-lac` are one audit
    /// of a child's journey, told apart only by cohort, so a `-lac` ending is dropped.
    public static func family(of templateID: String) -> String {
        templateID.hasSuffix("-lac") ? String(templateID.dropLast(4)) : templateID
    }

    /// `validate`'s warnings: a case with two or more completed audits of one template family in
    /// one month is counted twice by every measure on that family, which moves the figure.
    /// One warning per case, family and month, on the file of each audit after the first.
    public static func repeatedAudits(_ audits: [AuditFacts], folder: URL) -> [Diagnostic] {
        struct Key: Hashable { var caseRef: String, family: String, month: Month }
        var groups: [Key: [String]] = [:]
        for a in audits where a.status == .complete && !a.caseRef.isEmpty {
            guard let month = a.month else { continue }
            groups[Key(caseRef: a.caseRef, family: family(of: a.template.id), month: month), default: []].append(a.id)
        }
        var out: [Diagnostic] = []
        for (key, ids) in groups where ids.count > 1 {
            let sorted = ids.sorted()
            for id in sorted.dropFirst() {
                out.append(.warning(folder.appendingPathComponent("\(id).json").path,
                                    "case \(key.caseRef) has \(sorted.count) completed \(key.family) audits in \(key.month) (\(sorted.joined(separator: ", "))), so each measure on them counts the case \(sorted.count) times",
                                    remedy: "if one was entered twice by mistake, delete or reopen it; keep both only if the case really was audited twice"))
            }
        }
        return out.sorted { $0.file < $1.file }
    }
}
