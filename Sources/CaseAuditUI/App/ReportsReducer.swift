import CaseAuditCore
import Foundation

public struct ReportsState: Sendable {
    public var grouping: Grouping = .month
    /// Grade distribution per section instead of the measures.
    public var showGrades = false
    public var selected = 0
    public var top = 0
    /// Counted when the screen opens or the grouping changes; nil after an audit changes.
    var rows: [MeasureRow]?
    /// Counted only when the grade distribution is first shown.
    var distributions: [GradeReport]?
    /// What the measure rows and distributions are added up from (`ReportTallies`); nil until needed.
    var tallies: ReportTallies?
    /// Saves made while `tallies` were still being counted on another thread, oldest first.
    var pendingChanges: [PendingCount] = []
    var from: Month?
    var to: Month?
}

/// A save to apply to the reports' tallies once they are ready.
struct PendingCount: Sendable {
    var row: Int
    var old: AuditFacts?
    var new: AuditFacts
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
        if state.reports.rows == nil { rebuild(&state) }
    }

    /// Counts over the facts once per grouping change, never on a plain movement key.
    static func rebuild(_ state: inout AppState) {
        state.ensureReportTallies()
        let end = state.dashboardPeriod
        var r = state.reports
        switch r.grouping {
        case .month, .team, .auditor: r.from = end.adding(months: -11); r.to = end
        case .quarter:
            let quarterStart = MeasureStats.months(of: end, quarterly: true)[0]
            r.from = quarterStart.adding(months: -21); r.to = quarterStart.adding(months: 2)
        case .year: r.from = nil; r.to = nil
        }
        // The same rows as Aggregator.measureRows, from counts kept with the list's index.
        r.rows = state.reports.tallies!.measureRows(state.measures, by: r.grouping, from: r.from, to: r.to)
        r.distributions = nil
        state.reports = r
        if r.showGrades { countDistributions(&state) }
        r = state.reports
        r.selected = 0
        r.top = 0
        state.reports = r
    }

    static func countDistributions(_ state: inout AppState) {
        var sections: [String] = []
        for m in state.measures where !sections.contains(m.section) { sections.append(m.section) }
        state.ensureReportTallies()
        let r = state.reports
        let tallies = state.reports.tallies!
        state.reports.distributions = sections.map { section in
            // The same rows as Aggregator.gradeRows, from counts kept with the list's index.
            guard let rows = tallies.gradeRows(section: section, by: r.grouping, from: r.from, to: r.to) else {
                return GradeReport(section: section, facts: state.rows, by: r.grouping, from: r.from, to: r.to)
            }
            var report = GradeReport(section: section, facts: [], by: r.grouping, from: r.from, to: r.to)
            report.rows = rows
            return report
        }
    }

    /// The report as `caseaudit report` writes it, for export.
    static func document(_ state: AppState) -> MeasureReport {
        let r = state.reports
        return MeasureReport(measures: state.measures, facts: state.rows, by: r.grouping, from: r.from, to: r.to)
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
        let all = lines(state.reports, measures: state.measures)
        let rows = selectable(all)
        var sel = state.reports.selected
        switch action {
        case .up: sel -= 1
        case .down: sel += 1
        case .pageUp: sel -= state.listHeight
        case .pageDown: sel += state.listHeight
        case .first: sel = 0
        case .last: sel = rows.count - 1
        case .cycleGrouping:
            let g = Grouping.allCases
            state.reports.grouping = g[(g.firstIndex(of: state.reports.grouping)! + 1) % g.count]
            rebuild(&state)
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
        state.reports.selected = max(0, min(sel, rows.count - 1))
        let line = rows.isEmpty ? 0 : rows[state.reports.selected]
        state.reports.top = Viewport.top(selected: line, previousTop: state.reports.top, height: state.listHeight,
                                         count: all.count)
        return []
    }

    /// Shows the completed audits behind a report row in the audits list.
    static func drillDown(_ state: inout AppState, _ line: ReportLine) {
        let period: String
        var words = ["status:complete"]
        switch line {
        case .measure(let row):
            period = row.period
            if row.measure.cohorts.count == 1 { words.append("cohort:\(row.measure.cohorts[0].rawValue.lowercased())") }
        case .grades(let row): period = row.period
        case .heading: return
        }
        let key: String
        switch state.reports.grouping {
        case .month: key = "month"
        case .quarter: key = "quarter"
        case .year: key = "year"
        case .team: key = "team"
        case .auditor: key = "auditor"
        }
        let value = period.contains(" ") ? "\"\(period.lowercased())\"" : period.lowercased()
        words.insert("\(key):\(value)", at: 0)
        ListReducer.applyFilter(&state, words.joined(separator: " "))
        state.list.returnTo = .reports
        ListReducer.enter(&state)
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
