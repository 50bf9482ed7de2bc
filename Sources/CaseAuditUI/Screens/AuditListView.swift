import CaseAuditCore

/// All audits, filtered and sorted; only the rows on screen are drawn.
enum AuditListView {
    struct Columns {
        var widths: [Int]
        static let titles = ["Month", "Team", "Template", "Cohort", "Case ref", "Status", "Overall"]

        /// Month, cohort, status and overall keep fixed widths; case ref, team and template are
        /// as wide as the rows on screen need. When they cannot all fit, the case ref stays
        /// whole, the team comes next, and the template gives way (kept at 12 columns or more);
        /// the status line then shows the selected row's team and template in full.
        init(width: Int, rows: [AuditFacts] = []) {
            let room = max(15, width - 1 - 6 - (7 + 6 + 8 + 11))
            func need(_ title: String, _ value: (AuditFacts) -> String) -> Int {
                rows.reduce(TextWidth.of(title)) { max($0, TextWidth.of(value($1))) }
            }
            let caseRef = min(need("Case ref", \.caseRef), room / 3)
            let team = need("Team", \.team), template = need("Template", \.template.id)
            let rest = room - caseRef
            let teamWidth: Int, templateWidth: Int
            if team + template <= rest {
                let extra = rest - team - template
                teamWidth = team + extra / 2
                templateWidth = rest - teamWidth
            } else {
                teamWidth = max(4, min(team, rest - min(template, 12)))
                templateWidth = rest - teamWidth
            }
            widths = [7, teamWidth, templateWidth, 6, caseRef, 8, 11]
        }

        func line(_ values: [String]) -> String {
            " " + zip(values, widths).map { TextWidth.fit($0, columns: $1) }.joined(separator: " ")
        }

        /// The row's team and template in full when its columns cut them, else nil.
        func cut(_ row: AuditFacts) -> String? {
            guard TextWidth.of(row.team) > widths[1] || TextWidth.of(row.template.id) > widths[2] else { return nil }
            return "\(row.team) · \(row.template.id)"
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
        let height = state.listHeight
        let top = Viewport.top(selected: state.list.selected, previousTop: state.list.top, height: height,
                               count: visible.count)
        let onScreen = visible[min(top, visible.count)..<min(top + height, visible.count)].map { state.rows[$0] }
        let columns = Columns(width: grid.width, rows: onScreen)
        grid.put(columns.line(Columns.titles), row: 1, column: 0, style: Style(bold: true, underline: true))
        if visible.isEmpty {
            let message = state.rows.isEmpty ? "No audits yet. Press n to start one."
                : "No audits match \"\(state.list.filter)\". Press / to change the filter."
            grid.put(" " + message, row: 3, column: 0)
        }
        for i in 0..<height where top + i < visible.count {
            let row = state.rows[visible[top + i]]
            let r = 2 + i
            grid.put(columns.line([row.month?.description ?? "—", row.team, row.template.id, row.cohort?.rawValue ?? "—",
                                   row.caseRef, row.status.rawValue, overallWord(row)]),
                     row: r, column: 0)
            if top + i == state.list.selected { Chrome.select(&grid, row: r, column: 0, width: grid.width) }
        }
        var position = visible.isEmpty ? "" : "\(state.list.selected + 1) of \(visible.count)"
        if visible.indices.contains(state.list.selected), let full = columns.cut(state.rows[visible[state.list.selected]]) {
            position += "   " + full
        }
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
