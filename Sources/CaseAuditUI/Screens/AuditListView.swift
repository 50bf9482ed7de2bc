import CaseAuditCore

/// All audits, filtered and sorted; only the rows on screen are drawn.
enum AuditListView {
    struct Columns {
        var widths: [Int]
        /// Columns the table is shifted sideways (all but the month), when scrolled.
        var offset = 0
        /// Whether ←/→ have scrolled: every value is then drawn whole (`natural` widths).
        var scrolled = false
        /// The widths at which no value on screen is cut.
        var natural: [Int]
        static let titles = ["Month", "Team", "Template", "Cohort", "Case ref", "Status", "Overall"]
        /// The month and the space after it stay put when the list scrolls sideways.
        static let frozen = 1 + 7 + 1

        /// Month, cohort, status and overall keep fixed widths; case ref, team and template are
        /// as wide as the rows on screen need. When they cannot all fit, the case ref stays
        /// whole, the team comes next, and the template gives way (kept at 12 columns or more);
        /// the status line then shows the selected row's team and template in full, and ←/→
        /// scroll the whole-width table sideways. `scroll` is the list's sideways position: 0
        /// fits the screen, 1 the whole-width table from its team column, each further step one
        /// column on (`stops`).
        init(width: Int, rows: [AuditFacts] = [], scroll: Int = 0) {
            let room = max(15, width - 1 - 6 - (7 + 6 + 8 + 11))
            func need(_ title: String, _ value: (AuditFacts) -> String) -> Int {
                rows.reduce(TextWidth.of(title)) { max($0, TextWidth.of(value($1))) }
            }
            let caseRefNeed = need("Case ref", \.caseRef)
            let caseRef = min(caseRefNeed, room / 3)
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
            natural = [7, max(team, teamWidth), max(template, templateWidth), 6, max(caseRefNeed, caseRef), 8, 11]
            let stops = Columns.stops(natural, width: width)
            if scroll > 0 && !stops.isEmpty {
                scrolled = true
                offset = stops[min(scroll, stops.count) - 1]
                widths = natural
            }
        }

        /// The offsets ←/→ step through: the start of each column after the month, up to where
        /// the last column shows whole; none when the whole table fits.
        static func stops(_ widths: [Int], width: Int) -> [Int] {
            let limit = limit(widths, width: width)
            guard limit > 0 else { return [] }
            var starts = [0]
            for w in widths.dropFirst().dropLast() { starts.append(starts.last! + w + 1) }
            return starts.filter { $0 < limit } + [limit]
        }

        /// How far a table of these widths can scroll sideways on a screen `width` wide.
        static func limit(_ widths: [Int], width: Int) -> Int {
            max(0, 1 + widths.reduce(0, +) + widths.count - 1 - width)
        }

        func line(_ values: [String]) -> String {
            let full = " " + zip(values, widths).map { TextWidth.fit($0, columns: $1) }.joined(separator: " ")
            guard offset > 0 else { return full }
            let chars = Array(full)
            var head = "", tail = "", column = 0
            for ch in chars {
                let w = TextWidth.of(ch)
                if column < Columns.frozen { head.append(ch) }
                else if column >= Columns.frozen + offset { tail.append(ch) }
                else if column + w > Columns.frozen + offset { tail.append(" ") }   // half a wide character
                column += w
            }
            return head + tail
        }

        /// The row's team and template in full when its columns cut them, else nil.
        func cut(_ row: AuditFacts) -> String? {
            guard TextWidth.of(row.team) > widths[1] || TextWidth.of(row.template.id) > widths[2] else { return nil }
            return "\(row.team) · \(row.template.id)"
        }
    }

    /// The sideways position after one press of → (`forward`) or ←: from fitting the screen to
    /// the whole-width table, then a column at a time, as far as the last column shows whole.
    static func scrolled(_ state: AppState, forward: Bool) -> Int {
        let stops = Columns.stops(Columns(width: state.width, rows: onScreen(state).rows).natural, width: state.width)
        let now = min(state.list.scroll, stops.count)
        return forward ? min(now + 1, stops.count) : max(0, now - 1)
    }

    /// The rows on screen, whose values the column widths are made for.
    static func onScreen(_ state: AppState, visible: [Int]? = nil) -> (top: Int, rows: [AuditFacts]) {
        let visible = visible ?? state.list.visible ?? ListReducer.computeVisible(state)
        let top = Viewport.top(selected: state.list.selected, previousTop: state.list.top, height: state.listHeight,
                               count: visible.count)
        return (top, visible[min(top, visible.count)..<min(top + state.listHeight, visible.count)].map { state.rows[$0] })
    }

    /// Whether ←/→ can scroll the list at the state's width: false when every value fits.
    static func canScroll(_ state: AppState) -> Bool {
        !Columns.stops(Columns(width: state.width, rows: onScreen(state).rows).natural, width: state.width).isEmpty
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
        let (top, rows) = onScreen(state, visible: visible)
        let columns = Columns(width: grid.width, rows: rows, scroll: state.list.scroll)
        let headerStyle = Style(bold: true, underline: true)
        grid.put(columns.line(Columns.titles), row: 1, column: 0, style: headerStyle)
        // Arrows on the header say there is more to either side.
        if columns.offset > 0 { grid.put("←", row: 1, column: Columns.frozen - 1, style: headerStyle) }
        let moreRight = columns.scrolled ? columns.offset < Columns.limit(columns.natural, width: grid.width)
            : columns.widths != columns.natural
        if moreRight { grid.put("→", row: 1, column: grid.width - 1, style: headerStyle) }
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
        if !columns.scrolled, visible.indices.contains(state.list.selected),
           let full = columns.cut(state.rows[visible[state.list.selected]]) {
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
