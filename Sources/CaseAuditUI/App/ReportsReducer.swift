import CaseAuditCore
import Foundation

public struct ReportsState: Sendable {
    public var grouping: Grouping = .month
    /// Grade distribution per section instead of the measures.
    public var showGrades = false
    public var selected = 0
    public var top = 0
    /// The figures shown (`Figures`), taken when the screen opens or the grouping changes; nil
    /// after an audit changes.
    var rows: [MeasureRow]?
    /// Taken only when the grade distribution is first shown.
    var distributions: [GradeReport]?
    var from: Month?
    var to: Month?
    /// The month, quarter or financial year the grouping is narrowed to (`p`, moved with `[`/`]`);
    /// nil for the grouping's usual range (`ReportsReducer.key`).
    public var period: ReportPeriod?
    /// Agreement by auditor (`a`) instead of the measures.
    public var showAgreement = false
    public var agreementSelected = 0
}

/// One line of the reports screen; only `.measure` and `.grades` lines can be selected.
enum ReportLine {
    case heading(String, detail: String)
    case measure(MeasureRow)
    case grades(GradeRow)
}

/// Measures (or grade distributions) by month, quarter, year, team or auditor; Enter drills down
/// to the audits behind a row; `x` exports the report.
enum ReportsReducer {
    static func enter(_ state: inout AppState) {
        state.screen = .reports
        if state.reports.rows == nil {
            let (selected, top) = (state.reports.selected, state.reports.top)
            rebuild(&state)
            // Back from a drill-down after a save: the same row stays selected.
            state.reports.selected = selected
            state.reports.top = top
        }
    }

    /// The range each grouping shows, ending at the dashboard's period: twelve months (also for
    /// teams and auditors), eight quarters, or every year.
    static func key(_ grouping: Grouping, end: Month) -> Figures.Key {
        switch grouping {
        case .month, .team, .auditor, .template, .ageBand, .disability, .ethnicity, .uasc:
            return Figures.Key(grouping: grouping, from: end.adding(months: -11), to: end)
        case .quarter:
            let start = AppState.quarterStart(end)
            return Figures.Key(grouping: grouping, from: start.adding(months: -21), to: start.adding(months: 2))
        case .year: return Figures.Key(grouping: grouping)
        }
    }

    /// Every grouping's figures, for the dashboard's period `end`.
    static func keys(end: Month) -> [Figures.Key] { Grouping.interfaceCases.map { key($0, end: end) } }

    /// `keys` with the earlier ranges their change columns compare with, for making on another
    /// thread after loading (the reports screen then opens without counting).
    static func figureKeys(end: Month) -> [Figures.Key] {
        keys(end: end).flatMap { [$0] + ($0.grouping.isTime ? earlierKeys($0) : []) }
    }

    /// The ranges one period and twelve months before `key` (`Counting.earlierRanges`).
    static func earlierKeys(_ key: Figures.Key) -> [Figures.Key] {
        guard let from = key.from, let to = key.to else { return [] }
        let earlier = Counting.earlierRanges(by: key.grouping, from: from, to: to)
        return [Figures.Key(grouping: key.grouping, from: earlier.previous.from, to: earlier.previous.to),
                Figures.Key(grouping: key.grouping, from: earlier.yearBefore.from, to: earlier.yearBefore.to)]
    }

    /// The range shown: the period chosen, else the grouping's usual range.
    static func key(_ r: ReportsState, end: Month) -> Figures.Key {
        guard let p = r.period else { return key(r.grouping, end: end) }
        return Figures.Key(grouping: r.grouping, from: p.start, to: p.end)
    }

    /// Takes the figures for the grouping: a cache lookup unless they were never made.
    static func rebuild(_ state: inout AppState, keepingRow: Bool = false) {
        let key = key(state.reports, end: state.dashboardPeriod)
        state.reports.from = key.from
        state.reports.to = key.to
        state.reports.rows = withChange(&state, key)
        state.reports.distributions = state.reports.showGrades ? state.gradeReports(key) : nil
        if !keepingRow {
            state.reports.selected = 0
            state.reports.top = 0
        }
    }

    /// The rows for `key` with their change from the period before and a year before, and
    /// partial marks (`Counting.withChange`), from figures counted over the earlier ranges. Team
    /// and auditor rows get them only when narrowed to a period: over the usual twelve months the
    /// range before is the year before.
    static func withChange(_ state: inout AppState, _ key: Figures.Key) -> [MeasureRow] {
        let rows = state.measureRows(key)
        let earlier = earlierKeys(key)
        guard let from = key.from, let to = key.to, earlier.count == 2,
              key.grouping.isTime || state.reports.period != nil else { return rows }
        return Counting.withChange(rows, by: key.grouping, from: from, to: to, previous: state.measureRows(earlier[0]),
                                   yearBefore: state.measureRows(earlier[1]), today: state.today)
    }

    /// The period lengths `p` steps through for a grouping: none shorter than its own period
    /// (a quarter's row narrowed to a month would be a part of a quarter under a quarter's name).
    static func lengths(_ grouping: Grouping) -> [ReportPeriod.Length] {
        let own = ReportPeriod.Length(grouping) ?? .month
        return ReportPeriod.Length.allCases.filter { $0 >= own }
    }

    /// `p`: the usual range, then a month, a quarter, a financial year, then the usual range again.
    static func cyclePeriod(_ state: inout AppState) {
        let lengths = lengths(state.reports.grouping)
        let end = state.reports.period?.end ?? state.reports.to ?? state.dashboardPeriod
        if let p = state.reports.period, let i = lengths.firstIndex(of: p.length) {
            state.reports.period = i + 1 < lengths.count ? ReportPeriod(lengths[i + 1], holding: p.start) : nil
        } else {
            state.reports.period = ReportPeriod(lengths[0], holding: min(end, latestMonth(state)))
        }
        rebuild(&state, keepingRow: true)
    }

    /// The latest month a period may reach: this month, or a later one holding completed audits.
    static func latestMonth(_ state: AppState) -> Month {
        max(state.today, state.latestCompleted ?? state.today)
    }

    /// `[`/`]`: the period before or after, never past the one holding `latestMonth`.
    static func movePeriod(_ state: inout AppState, by n: Int) {
        guard let p = state.reports.period else {
            state.status = "Press p first to choose a month, quarter or financial year"
            return
        }
        let moved = p.moved(n)
        guard !(latestMonth(state) < moved.start) else {
            state.status = "\(p) is the latest \(p.length.word): nothing is audited after it"
            return
        }
        state.reports.period = moved
        rebuild(&state, keepingRow: true)
    }

    /// A grouping change keeps the period, widened to the grouping's own period when shorter.
    static func fitPeriod(_ state: inout AppState) {
        guard let p = state.reports.period else { return }
        let own = ReportPeriod.Length(state.reports.grouping) ?? .month
        if p.length < own { state.reports.period = ReportPeriod(own, holding: p.start) }
    }

    static func countDistributions(_ state: inout AppState) {
        let r = state.reports
        state.reports.distributions = state.gradeReports(Figures.Key(grouping: r.grouping, from: r.from, to: r.to))
    }

    /// The report as `caseaudit report` writes it, for export.
    static func document(_ state: AppState) -> MeasureReport {
        let r = state.reports
        return MeasureReport(measures: state.measures, facts: state.rows, by: r.grouping, from: r.from, to: r.to, today: state.today)
    }

    static func lines(_ r: ReportsState, measures: [Measure]) -> [ReportLine] {
        var out: [ReportLine] = []
        if r.showGrades {
            for d in r.distributions ?? [] {
                out.append(.heading("Grades: \(d.section)", detail: "O Outstanding G Good RI Requires improvement I Inadequate"))
                out += d.rows.map { .grades($0) }
            }
        } else {
            let rows = r.rows ?? []
            for m in measures {
                let marks = "baseline " + (m.baseline.map { Views.number($0) + "%" } ?? "none")
                    + "  target " + (m.target.map { Views.number($0) + "%" } ?? "none")
                out.append(.heading(m.title, detail: marks))
                out += rows.filter { $0.measure.id == m.id }.map { .measure($0) }
            }
        }
        return out
    }

    static func selectable(_ lines: [ReportLine]) -> [Int] {
        lines.indices.filter { if case .heading = lines[$0] { return false } else { return true } }
    }

    static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        if state.reports.showAgreement { return AgreementReducer.reduce(&state, action) }
        var all = lines(state.reports, measures: state.measures)
        var rows = selectable(all)
        var sel = Viewport.moved(state.reports.selected, by: action, count: rows.count, page: state.listHeight)
        switch action {
        case .cycleGrouping:
            let g = Grouping.interfaceCases
            state.reports.grouping = g[(g.firstIndex(of: state.reports.grouping)! + 1) % g.count]
            fitPeriod(&state)
            rebuild(&state)
            return []
        case .cyclePeriod:
            cyclePeriod(&state)
        case .left: movePeriod(&state, by: -1)
        case .right: movePeriod(&state, by: 1)
        case .toggleAgreement:
            state.reports.showAgreement = true
            state.reports.agreementSelected = 0
            return []
        case .toggleGrades:
            state.reports.showGrades.toggle()
            if state.reports.showGrades && state.reports.distributions == nil { countDistributions(&state) }
            sel = 0
            state.reports.top = 0
        case .open:
            guard rows.indices.contains(sel) else { return [] }
            drillDown(&state, all[rows[sel]])
            return []
        case .export:
            let name = "caseaudit-report-by-\(state.reports.grouping.rawValue).html"
            state.overlay = .prompt(PromptState(title: "Export this report to (.html .csv .md .json or .txt)",
                                                field: LineField(name), purpose: .exportReport))
            return []
        case .back: DashboardReducer.enter(&state)
        default: break
        }
        if action == .cyclePeriod || action == .left || action == .right {
            // The same row stays selected across periods while there are as many rows.
            all = lines(state.reports, measures: state.measures)
            rows = selectable(all)
        }
        state.reports.selected = max(0, min(sel, rows.count - 1))
        let line = rows.isEmpty ? 0 : rows[state.reports.selected]
        state.reports.top = Viewport.top(selected: line, previousTop: state.reports.top, height: state.listHeight,
                                         count: all.count)
        return []
    }

    /// Shows exactly the audits behind a report row (`Counting.behind`) in the audits list.
    static func drillDown(_ state: inout AppState, _ line: ReportLine) {
        let measure: Measure, period: String
        switch line {
        case .measure(let row): (measure, period) = (row.measure, row.period)
        case .grades(let row): (measure, period) = (Counting.sectionMeasure(row.section), row.period)
        case .heading: return
        }
        let r = state.reports
        let behind = Counting.behind(measure, period: period, by: r.grouping, in: state.rows, from: r.from, to: r.to)
        // A team, auditor or template row narrowed to a period names that period too.
        let chosen = r.grouping.isTime ? "" : r.period.map { " · \($0)" } ?? ""
        ListReducer.showBehind(&state, behind, title: "\(period)\(chosen) · \(measure.title)", returnTo: .reports)
    }

    /// Writes the report in the format its file name ends with.
    static func format(for path: String) -> ReportFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html", "htm": return .html
        case "csv": return .csv
        case "md", "markdown": return .markdown
        case "json": return .json
        case "txt": return .table
        default: return nil
        }
    }
}
