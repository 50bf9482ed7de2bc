import CaseAuditCore

/// The reports screen's counts, kept with the list's index: completed audits per measure, team,
/// auditor and month, counted by the rules of `Aggregator.measureRows`. Opening the reports (or
/// changing the grouping) then adds up a few thousand cells instead of going over 100,000 audits;
/// a save moves one audit's counts. `ReportTalliesTests` checks the rows equal the Aggregator's.
/// Teams and auditors are numbered here, not shared with the list's columns, so the counting
/// runs on its own thread beside the list's (`PreparedList`).
struct ReportTallies: Sendable {
    var team: ListIndex.Column<String>
    var auditor: ListIndex.Column<String>
    var measures: TalliedMeasures
    var tallies: [TallyKey: Tally] = [:]

    init(_ rows: [AuditFacts], measures: [Measure]) {
        self.measures = TalliedMeasures(measures)
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

    /// What `Aggregator.measureRows(measures:facts:by:from:to:)` gives for the rows counted.
    func measureRows(_ measureList: [Measure], by grouping: Grouping, from: Month?, to: Month?) -> [MeasureRow] {
        var labels: [String] = []
        var labelIndex: [String: Int] = [:]
        // The period depends on one part of the key only; it is worked out once per value.
        var periodMemo: [Int32: Int?] = [:]
        var sums = [[Int: Tally]](repeating: [:], count: measureList.count)
        for (key, t) in tallies where t.audits != 0 && Int(key.measure) < measureList.count {
            let month = key.month < 0 ? nil : Month(ordinal: Int(key.month))
            if from != nil || to != nil {
                guard let m = month else { continue }
                if let from, m < from { continue }
                if let to, m > to { continue }
            }
            let part = grouping.isTime ? key.month : (grouping == .team ? key.team : key.auditor)
            let index: Int?
            if let known = periodMemo[part] {
                index = known
            } else {
                let probe = AuditFacts(id: "", month: month, template: TemplateRef(id: "", version: 0), cohort: nil,
                                       team: team.values[Int(key.team)], auditor: auditor.values[Int(key.auditor)],
                                       status: .complete, templateSections: [])
                index = grouping.period(of: probe).map { label in
                    if let i = labelIndex[label] { return i }
                    labels.append(label)
                    labelIndex[label] = labels.count - 1
                    return labels.count - 1
                }
                periodMemo[part] = index
            }
            guard let p = index else { continue }
            var s = sums[Int(key.measure)][p, default: Tally()]
            s.audits += t.audits
            s.graded += t.graded
            s.good += t.good
            sums[Int(key.measure)][p] = s
        }
        let order = labels.indices.sorted { grouping.sortsBefore(labels[$0], labels[$1]) }
        var rows: [MeasureRow] = []
        for (i, m) in measureList.enumerated() {
            for p in order {
                guard let s = sums[i][p], s.audits > 0 else { continue }
                rows.append(MeasureRow(measure: m, period: labels[p], audits: s.audits, graded: s.graded,
                                       goodOrBetter: s.good))
            }
        }
        return rows
    }
}

extension ListIndex {
    func measureRows(_ measureList: [Measure], by grouping: Grouping, from: Month?, to: Month?) -> [MeasureRow] {
        reports.measureRows(measureList, by: grouping, from: from, to: to)
    }
}
