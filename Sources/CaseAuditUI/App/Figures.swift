import CaseAuditCore

/// The figures the dashboard and the reports screen show: rows of `Counting.measureRows` and
/// `Counting.gradeRows`. A figure over a range of months is the sum, over its months, of tables
/// made once per grouping by the counting rule (`Counting.forEachCounted`: per month and row
/// label, the audits counted, graded and given each grade), so choosing or moving a period
/// (`p`, `[`, `]`) adds up a few dozen cells instead of recounting 100,000 audits. A figure
/// without a range (years, the dashboard's quarters) is counted once and kept. A save moves
/// both by counting the saved audit alone with the same functions (its old version taken away,
/// the new one added), so the screens never count by a rule of their own.
struct Figures: Sendable {
    struct Key: Hashable, Sendable {
        var grouping: Grouping
        var from: Month?
        var to: Month?
    }

    /// Month ordinal, then row label: the tallies of one measure or section for one grouping.
    typealias Table = [Int: [String: Tally]]

    /// One grouping's tables: one per measure, one per section; nil until made.
    struct MonthTables: Sendable {
        var measures: [Table]?
        var sections: [Table]?
    }

    let measures: [Measure]
    /// The sections whose grade distributions the reports screen shows: the measures', each once.
    let sections: [String]
    /// Figures without a range of months, counted once.
    private var measureRows: [Key: [MeasureRow]] = [:]
    private var gradeRows: [Key: [[GradeRow]]] = [:]
    private var tables: [Grouping: MonthTables] = [:]

    init(measures: [Measure]) {
        self.measures = measures
        sections = Measure.sections(measures)
    }

    /// The measure rows for `key` if they can be had without counting.
    func made(_ key: Key) -> [MeasureRow]? {
        guard let range = Self.range(key) else { return measureRows[key] }
        return tables[key.grouping]?.measures.map { Self.rows(measures, $0, key.grouping, range) }
    }

    func madeGrades(_ key: Key) -> Bool {
        Self.range(key) == nil ? gradeRows[key] != nil : tables[key.grouping]?.sections != nil
    }

    /// `Counting.measureRows` for every measure, counted now unless already made.
    mutating func measures(_ key: Key, rows: [AuditFacts]) -> [MeasureRow] {
        if let known = made(key) { return known }
        if let range = Self.range(key) {
            return Self.rows(measures, measureTables(key.grouping, rows: rows), key.grouping, range)
        }
        let made = Counting.measureRows(measures, in: rows, by: key.grouping, from: key.from, to: key.to)
        measureRows[key] = made
        return made
    }

    /// `Counting.gradeRows` for each of `sections`, counted now unless already made.
    mutating func grades(_ key: Key, rows: [AuditFacts]) -> [GradeReport] {
        let made: [[GradeRow]]
        if let range = Self.range(key) {
            made = zip(sections, sectionTables(key.grouping, rows: rows)).map { section, table in
                Self.sum(table, key.grouping, range).map { period, t in
                    GradeRow(section: section, period: period, audits: t.audits, graded: t.graded, outstanding: t.outstanding,
                             good: t.good, requiresImprovement: t.requiresImprovement, inadequate: t.inadequate)
                }
            }
        } else {
            made = gradeRows[key] ?? sections.map {
                Counting.gradeRows(section: $0, in: rows, by: key.grouping, from: key.from, to: key.to)
            }
            gradeRows[key] = made
        }
        return zip(sections, made).map { section, rows in
            var report = GradeReport(section: section, facts: [], by: key.grouping, from: key.from, to: key.to)
            report.rows = rows
            return report
        }
    }

    /// Makes `grouping`'s tables for the measures and the sections now (on another thread after
    /// loading), so no period key waits for them.
    mutating func prepareTables(_ grouping: Grouping, rows: [AuditFacts]) {
        _ = measureTables(grouping, rows: rows)
        _ = sectionTables(grouping, rows: rows)
    }

    private mutating func measureTables(_ grouping: Grouping, rows: [AuditFacts]) -> [Table] {
        if let known = tables[grouping]?.measures { return known }
        let made = Self.tables(measures, rows, grouping)
        tables[grouping, default: MonthTables()].measures = made
        return made
    }

    private mutating func sectionTables(_ grouping: Grouping, rows: [AuditFacts]) -> [Table] {
        if let known = tables[grouping]?.sections { return known }
        let made = Self.tables(sections.map(Counting.sectionMeasure), rows, grouping)
        tables[grouping, default: MonthTables()].sections = made
        return made
    }

    /// The months a key counts, when it has both bounds (a key without them also counts audits
    /// without a month under team and auditor, so it is counted directly).
    private static func range(_ key: Key) -> Range<Int>? {
        guard let from = key.from, let to = key.to else { return nil }
        return from.ordinal..<max(from.ordinal, to.ordinal + 1)
    }

    /// The tallies of what each of `measures` counts in `audits`, by month and row label: one
    /// pass over the audits for all of them.
    private static func tables(_ measures: [Measure], _ audits: [AuditFacts], _ grouping: Grouping) -> [Table] {
        var tables = [Table](repeating: [:], count: measures.count)
        Counting.forEachCounted(measures, in: audits, by: grouping) { m, k, label, grade, good in
            guard let month = audits[k].month?.ordinal else { return }
            tables[m][month, default: [:]][label, default: Tally()].add(grade, good)
        }
        return tables
    }

    /// Adds (`sign` 1) or takes away (-1) what `measure` counts in `audits`; a cell left with no
    /// audits is dropped, so no row shows for it.
    private static func add(_ measure: Measure, _ audits: [AuditFacts], _ grouping: Grouping, sign: Int,
                            to table: inout Table) {
        Counting.forEachCounted(measure, in: audits, by: grouping) { k, label, grade, good in
            guard let month = audits[k].month?.ordinal else { return }
            table[month, default: [:]][label, default: Tally()].add(grade, good, sign)
            if table[month]![label]!.audits <= 0 { table[month]![label] = nil }
        }
    }

    /// A table's tallies over `range` added up per row label, labels in report order.
    private static func sum(_ table: Table, _ grouping: Grouping, _ range: Range<Int>) -> [(String, Tally)] {
        var out: [String: Tally] = [:]
        for month in range {
            for (label, t) in table[month] ?? [:] { out[label, default: Tally()].add(t) }
        }
        return out.keys.sorted(by: grouping.sortsBefore).map { ($0, out[$0]!) }
    }

    /// As `Counting.measureRows` writes them: measures as given, then periods in report order.
    private static func rows(_ measures: [Measure], _ tables: [Table], _ grouping: Grouping,
                             _ range: Range<Int>) -> [MeasureRow] {
        zip(measures, tables).flatMap { m, table in
            sum(table, grouping, range).map { period, t in
                MeasureRow(measure: m, period: period, audits: t.audits, graded: t.graded, goodOrBetter: t.goodOrBetter)
            }
        }
    }

    /// These figures with any that `other` has made and these have not.
    func adding(_ other: Figures) -> Figures {
        var out = self
        out.measureRows.merge(other.measureRows) { mine, _ in mine }
        out.gradeRows.merge(other.gradeRows) { mine, _ in mine }
        out.tables.merge(other.tables) { mine, theirs in
            MonthTables(measures: mine.measures ?? theirs.measures, sections: mine.sections ?? theirs.sections)
        }
        return out
    }

    /// An audit was saved: `old` (nil for a new audit) is now `new`.
    mutating func replace(old: AuditFacts?, with new: AuditFacts) {
        for grouping in Array(tables.keys) {
            var t = tables.removeValue(forKey: grouping)! // changed in place, not copied
            func move(_ tables: inout [Table]?, _ measures: [Measure]) {
                guard tables != nil else { return }
                for i in measures.indices {
                    if let old { Self.add(measures[i], [old], grouping, sign: -1, to: &tables![i]) }
                    Self.add(measures[i], [new], grouping, sign: 1, to: &tables![i])
                }
            }
            move(&t.measures, measures)
            move(&t.sections, sections.map(Counting.sectionMeasure))
            tables[grouping] = t
        }
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
