import CaseAuditCore

/// The reports screen's counts, made with the list's index (`PreparedList`): completed audits per measure, team,
/// auditor and month, counted by the rules of `Aggregator.measureRows`. Opening the reports (or
/// changing the grouping) then adds up a few thousand cells instead of going over 100,000 audits;
/// a save moves one audit's counts. `ReportTalliesTests` checks the rows equal the Aggregator's.
/// Teams and auditors are numbered here, not shared with the list's columns, so the counting
/// is made after the list's index (on the same thread) and a list key never waits for it.
struct ReportTallies: Sendable {
    var team: ListIndex.Column<String>
    var auditor: ListIndex.Column<String>
    var measures: TalliedMeasures
    var tallies: [TallyKey: Tally] = [:]
    /// For the grade distributions: the measures' sections, each once, and per section (its
    /// number in `TallyKey.measure`), team, auditor and month the completed audits by grade.
    var gradeSections: [String]
    var grades: [TallyKey: GradeCount] = [:]

    struct GradeCount: Equatable, Sendable {
        var audits = 0, graded = 0, outstanding = 0, good = 0, requiresImprovement = 0, inadequate = 0
    }

    init(_ rows: [AuditFacts], measures: [Measure]) {
        self.measures = TalliedMeasures(measures)
        var sections: [String] = []
        for m in measures where !sections.contains(m.section) { sections.append(m.section) }
        gradeSections = sections
        team = ListIndex.Column(rows) { $0.team }
        auditor = ListIndex.Column(rows) { $0.auditor }
        for k in rows.indices { tally(rows[k], team: team.codes[k], auditor: auditor.codes[k], sign: 1) }
    }

    /// Row `i` (or a new row when `i` is the count) now holds `row`, and held `old` before.
    mutating func replace(_ i: Int, old: AuditFacts?, with row: AuditFacts) {
        if let old, i < team.codes.count { tally(old, team: team.codes[i], auditor: auditor.codes[i], sign: -1) }
        team.set(i, row.team)
        auditor.set(i, row.auditor)
        tally(row, team: team.codes[i], auditor: auditor.codes[i], sign: 1)
    }

    struct TallyKey: Hashable, Sendable {
        var measure: Int32
        var team: Int32
        var auditor: Int32
        /// Month ordinal, or -1 for an audit without a month.
        var month: Int32
    }

    struct Tally: Equatable, Sendable {
        var audits = 0
        var graded = 0
        var good = 0

        mutating func add(_ t: Tally) {
            audits += t.audits
            graded += t.graded
            good += t.good
        }

        mutating func add(_ sign: Int, graded isGraded: Bool, good isGood: Bool) {
            audits += sign
            if isGraded { graded += sign }
            if isGood { good += sign }
        }
    }

    /// The measures' sections and cohorts, unpacked once (copying a Measure per audit would
    /// retain every string in it).
    struct TalliedMeasures: Sendable {
        var sections: [String]
        var cohorts: [Set<Cohort>]
        init(_ measures: [Measure]) {
            sections = measures.map(\.section)
            cohorts = measures.map { Set($0.cohorts) }
        }
    }

    /// Adds (`sign` 1) or takes away (-1) one audit's counts.
    mutating func tally(_ row: AuditFacts, team t: Int32, auditor a: Int32, sign: Int) {
        guard row.status == .complete else { return }
        let month = Int32(row.month?.ordinal ?? -1)
        for i in gradeSections.indices where row.templateSections.contains(gradeSections[i]) {
            let key = TallyKey(measure: Int32(i), team: t, auditor: a, month: month)
            let grade = row.grades[gradeSections[i]]
            grades[key, default: GradeCount()].add(grade, sign)
        }
        for i in measures.sections.indices {
            let section = measures.sections[i]
            if !measures.cohorts[i].isEmpty {
                guard let cohort = row.cohort, measures.cohorts[i].contains(cohort) else { continue }
            }
            guard row.templateSections.contains(section) else { continue }
            let key = TallyKey(measure: Int32(i), team: t, auditor: a, month: month)
            let g = row.grades[section]
            let graded = g != nil && g != .na
            let good = graded && g!.isGoodOrBetter
            tallies[key, default: Tally()].add(sign, graded: graded, good: good)
        }
    }

    /// What `Aggregator.gradeRows(section:facts:by:from:to:)` gives for the rows counted; nil for
    /// a section no measure has (not counted here).
    func gradeRows(section: String, by grouping: Grouping, from: Month?, to: Month?) -> [GradeRow]? {
        guard let number = gradeSections.firstIndex(of: section).map(Int32.init) else { return nil }
        var periods = Periods(grouping: grouping, from: from, to: to)
        var sums: [Int: GradeCount] = [:]
        for (key, c) in grades where key.measure == number && c.audits != 0 {
            guard let p = periods.index(key, team: team, auditor: auditor) else { continue }
            sums[p, default: GradeCount()].merge(c)
        }
        return periods.order().compactMap { p in
            guard let c = sums[p], c.audits > 0 else { return nil }
            return GradeRow(section: section, period: periods.labels[p], audits: c.audits, graded: c.graded,
                            outstanding: c.outstanding, good: c.good, requiresImprovement: c.requiresImprovement,
                            inadequate: c.inadequate)
        }
    }

    /// What `Aggregator.measureRows(measures:facts:by:from:to:)` gives for the rows counted.
    func measureRows(_ measureList: [Measure], by grouping: Grouping, from: Month?, to: Month?) -> [MeasureRow] {
        var periods = Periods(grouping: grouping, from: from, to: to)
        var sums = [[Int: Tally]](repeating: [:], count: measureList.count)
        for (key, t) in tallies where t.audits != 0 && Int(key.measure) < measureList.count {
            guard let p = periods.index(key, team: team, auditor: auditor) else { continue }
            sums[Int(key.measure)][p, default: Tally()].add(t)
        }
        let order = periods.order()
        var rows: [MeasureRow] = []
        for (i, m) in measureList.enumerated() {
            for p in order {
                guard let s = sums[i][p], s.audits > 0 else { continue }
                rows.append(MeasureRow(measure: m, period: periods.labels[p], audits: s.audits, graded: s.graded,
                                       goodOrBetter: s.good))
            }
        }
        return rows
    }
}

extension ReportTallies.GradeCount {
    mutating func add(_ grade: Grade?, _ sign: Int) {
        audits += sign
        switch grade {
        case .outstanding?: outstanding += sign; graded += sign
        case .good?: good += sign; graded += sign
        case .requiresImprovement?: requiresImprovement += sign; graded += sign
        case .inadequate?: inadequate += sign; graded += sign
        case .na?, nil: break
        }
    }

    mutating func merge(_ c: Self) {
        audits += c.audits
        graded += c.graded
        outstanding += c.outstanding
        good += c.good
        requiresImprovement += c.requiresImprovement
        inadequate += c.inadequate
    }
}

/// The periods met while adding up cells: which cells are in range, their labels (as
/// `Grouping.period(of:)` writes them, worked out once per month, team or auditor) and order.
struct Periods {
    let grouping: Grouping
    let from: Month?
    let to: Month?
    var labels: [String] = []
    private var labelIndex: [String: Int] = [:]
    private var memo: [Int32: Int?] = [:]

    init(grouping: Grouping, from: Month?, to: Month?) {
        self.grouping = grouping
        self.from = from
        self.to = to
    }

    /// The period of a cell, nil when out of range or without one (no month, by a time grouping).
    mutating func index(_ key: ReportTallies.TallyKey, team: ListIndex.Column<String>,
                        auditor: ListIndex.Column<String>) -> Int? {
        let month = key.month < 0 ? nil : Month(ordinal: Int(key.month))
        if from != nil || to != nil {
            guard let m = month else { return nil }
            if let from, m < from { return nil }
            if let to, m > to { return nil }
        }
        let part = grouping.isTime ? key.month : (grouping == .team ? key.team : key.auditor)
        if let known = memo[part] { return known }
        let probe = AuditFacts(id: "", month: month, template: TemplateRef(id: "", version: 0), cohort: nil,
                               team: team.values[Int(key.team)], auditor: auditor.values[Int(key.auditor)],
                               status: .complete, templateSections: [])
        let index = grouping.period(of: probe).map { label in
            if let i = labelIndex[label] { return i }
            labels.append(label)
            labelIndex[label] = labels.count - 1
            return labels.count - 1
        }
        memo[part] = index
        return index
    }

    func order() -> [Int] { labels.indices.sorted { grouping.sortsBefore(labels[$0], labels[$1]) } }
}
