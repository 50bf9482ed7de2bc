import CaseAuditCore

/// All audits, filtered and sorted; only the rows on screen are drawn.
enum AuditListView {
    struct Columns {
        var widths: [Int]
        static let titles = ["Month", "Team", "Template", "Cohort", "Case ref", "Status", "Overall"]

        init(width: Int) {
            let fixed = 7 + 6 + 8 + 11
            let remaining = max(15, width - 1 - fixed - 6)
            let caseRef = remaining * 3 / 10, team = remaining * 3 / 10
            widths = [7, team, remaining - caseRef - team, 6, caseRef, 8, 11]
        }

        func line(_ values: [String]) -> String {
            " " + zip(values, widths).map { TextWidth.fit($0, columns: $1) }.joined(separator: " ")
        }
    }

    /// The overall grade that counts; a moderated one shows the auditor's beside it (`G* (was O)`).
    static func overallWord(_ row: AuditFacts) -> String {
        guard let auditor = row.auditorOverall, let overall = row.overall else { return Views.gradeWord(row.overall) }
        return "\(overall.short)* (was \(auditor.short))"
    }

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        let visible = state.list.visible ?? ListReducer.computeVisible(state)
        let filter = state.list.filter.isEmpty ? "" : "  filter: \(state.list.filter)"
        let behind = state.list.drill.map { "  behind: \($0.title)" } ?? ""
        Chrome.titleBar(&grid, "caseaudit · Audits", right: "sort: \(state.list.sort.rawValue)\(behind)\(filter)")
        let columns = Columns(width: grid.width)
        grid.put(columns.line(Columns.titles), row: 1, column: 0, style: Style(bold: true, underline: true))
        let height = state.listHeight
        if visible.isEmpty {
            let message = state.rows.isEmpty ? "No audits yet. Press n to start one."
                : "No audits match \"\(state.list.filter)\". Press / to change the filter."
            grid.put(" " + message, row: 3, column: 0)
        }
        let top = Viewport.top(selected: state.list.selected, previousTop: state.list.top, height: height,
                               count: visible.count)
        for i in 0..<height where top + i < visible.count {
            let row = state.rows[visible[top + i]]
            let r = 2 + i
            grid.put(columns.line([row.month?.description ?? "—", row.team, row.template.id, row.cohort?.rawValue ?? "—",
                                   row.caseRef, row.status.rawValue, overallWord(row)]),
                     row: r, column: 0)
            if top + i == state.list.selected { Chrome.select(&grid, row: r, column: 0, width: grid.width) }
        }
        let position = visible.isEmpty ? "" : "\(state.list.selected + 1) of \(visible.count)"
        let total: String
        if let drill = state.list.drill, state.list.filter.isEmpty {
            total = drill.count == 1 ? "1 audit behind the figure" : "\(drill.count) audits behind the figure"
        } else {
            let all = state.rows.count == 1 ? "1 audit" : "\(state.rows.count) audits"
            total = visible.count == state.rows.count ? all : "\(visible.count) of \(all) \(visible.count == 1 ? "matches" : "match")"
        }
        Chrome.status(&grid, state.status ?? "\(total)   \(position)", style: state.status == nil ? .plain : .bold)
        Chrome.keys(&grid, KeyBindings.footer(state))
    }
}
