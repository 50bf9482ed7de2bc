import CaseAuditCore

/// The figures the dashboard and the reports screen show: rows of `Counting.measureRows` and
/// `Counting.gradeRows`, made once per grouping and range. A save moves them by counting the saved
/// audit alone with the same functions (its old version taken away, the new one added), so the
/// screens never count by a rule of their own and a key never recounts 100,000 audits.
struct Figures: Sendable {
    struct Key: Hashable, Sendable {
        var grouping: Grouping
        var from: Month?
        var to: Month?
    }

    let measures: [Measure]
    /// The sections whose grade distributions the reports screen shows: the measures', each once.
    let sections: [String]
    private var measureRows: [Key: [MeasureRow]] = [:]
    private var gradeRows: [Key: [[GradeRow]]] = [:]

    init(measures: [Measure]) {
        self.measures = measures
        sections = Measure.sections(measures)
    }

    /// The measure rows for `key` if made already.
    func made(_ key: Key) -> [MeasureRow]? { measureRows[key] }

    func madeGrades(_ key: Key) -> Bool { gradeRows[key] != nil }

    /// `Counting.measureRows` for every measure, counted now unless already made.
    mutating func measures(_ key: Key, rows: [AuditFacts]) -> [MeasureRow] {
        if let known = measureRows[key] { return known }
        let made = Counting.measureRows(measures, in: rows, by: key.grouping, from: key.from, to: key.to)
        measureRows[key] = made
        return made
    }

    /// `Counting.gradeRows` for each of `sections`, counted now unless already made.
    mutating func grades(_ key: Key, rows: [AuditFacts]) -> [GradeReport] {
        let made = gradeRows[key] ?? sections.map {
            Counting.gradeRows(section: $0, in: rows, by: key.grouping, from: key.from, to: key.to)
        }
        gradeRows[key] = made
        return zip(sections, made).map { section, rows in
            var report = GradeReport(section: section, facts: [], by: key.grouping, from: key.from, to: key.to)
            report.rows = rows
            return report
        }
    }

    /// These figures with any that `other` has made and these have not.
    func adding(_ other: Figures) -> Figures {
        var out = self
        out.measureRows.merge(other.measureRows) { mine, _ in mine }
        out.gradeRows.merge(other.gradeRows) { mine, _ in mine }
        return out
    }

    /// An audit was saved: `old` (nil for a new audit) is now `new`.
    mutating func replace(old: AuditFacts?, with new: AuditFacts) {
        for key in Array(measureRows.keys) {
            var rows = measureRows[key]!
            if let old {
                Self.merge(&rows, Counting.measureRows(measures, in: [old], by: key.grouping, from: key.from, to: key.to),
                           sign: -1, grouping: key.grouping, measures: measures)
            }
            Self.merge(&rows, Counting.measureRows(measures, in: [new], by: key.grouping, from: key.from, to: key.to),
                       sign: 1, grouping: key.grouping, measures: measures)
            measureRows[key] = rows
        }
        for key in Array(gradeRows.keys) {
            var all = gradeRows[key]!
            for (i, section) in sections.enumerated() {
                func one(_ audit: AuditFacts) -> [GradeRow] {
                    Counting.gradeRows(section: section, in: [audit], by: key.grouping, from: key.from, to: key.to)
                }
                if let old { Self.merge(&all[i], one(old), sign: -1, grouping: key.grouping) }
                Self.merge(&all[i], one(new), sign: 1, grouping: key.grouping)
            }
            gradeRows[key] = all
        }
    }

    /// Adds (`sign` 1) or takes away (-1) one audit's rows, keeping `Counting.measureRows`'s order
    /// (measures as given, then periods) and dropping rows left with no audits.
    static func merge(_ rows: inout [MeasureRow], _ delta: [MeasureRow], sign: Int, grouping: Grouping,
                      measures: [Measure]) {
        func rank(_ r: MeasureRow) -> Int { measures.firstIndex { $0.id == r.measure.id } ?? measures.count }
        for d in delta {
            if let i = rows.firstIndex(where: { $0.measure.id == d.measure.id && $0.period == d.period }) {
                let r = rows[i]
                let audits = r.audits + sign * d.audits
                if audits <= 0 { rows.remove(at: i); continue }
                rows[i] = MeasureRow(measure: r.measure, period: r.period, audits: audits,
                                     graded: r.graded + sign * d.graded, goodOrBetter: r.goodOrBetter + sign * d.goodOrBetter)
            } else if sign > 0 {
                let at = rows.firstIndex { rank($0) > rank(d) || (rank($0) == rank(d) && grouping.sortsBefore(d.period, $0.period)) }
                rows.insert(d, at: at ?? rows.count)
            }
        }
    }

    static func merge(_ rows: inout [GradeRow], _ delta: [GradeRow], sign: Int, grouping: Grouping) {
        for d in delta {
            if let i = rows.firstIndex(where: { $0.period == d.period }) {
                var r = rows[i]
                r.audits += sign * d.audits
                r.graded += sign * d.graded
                r.outstanding += sign * d.outstanding
                r.good += sign * d.good
                r.requiresImprovement += sign * d.requiresImprovement
                r.inadequate += sign * d.inadequate
                if r.audits <= 0 { rows.remove(at: i) } else { rows[i] = r }
            } else if sign > 0 {
                rows.insert(d, at: rows.firstIndex { grouping.sortsBefore(d.period, $0.period) } ?? rows.count)
            }
        }
    }
}
