import CaseAuditCore

/// Agreement by auditor: per auditor, the pairs of grades a moderator also gave, the share kept
/// exactly and on the same side of good, the two kappas, and how many grades moved up and down.
enum AgreementView {
    static let columns: [(title: String, width: Int)] = [
        ("Pairs", 6), ("Exact", 8), ("Same side", 10), ("Kappa", 8), ("W kappa", 8), ("Moved up", 9), ("down", 6),
    ]

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        let r = state.reports
        Chrome.titleBar(&grid, "caseaudit · Reports · agreement by auditor",
                        right: r.period == nil ? "all months" : ReportsView.rangeText(state))
        let nameWidth = max(10, min(30, grid.width - 2 - columns.reduce(0) { $0 + $1.width }))
        defer {
            Chrome.status(&grid, state.status ?? "Up: the moderator's grade is better than the auditor's; down: worse",
                          style: state.status == nil ? .dim : .bold)
            Chrome.keys(&grid, KeyBindings.footer(state))
        }
        guard let rows = AgreementReducer.rows(state) else {
            grid.put(" Reading the moderated grades…", row: 2, column: 0)
            return
        }
        guard !rows.isEmpty else {
            let scope = r.period.map { " in \($0)" } ?? ""
            grid.put(" No moderated grades\(scope) yet.", row: 2, column: 0)
            grid.put(" To moderate, open a completed audit and press M on a grade (the editor),", row: 4, column: 0)
            grid.put(" or give a spreadsheet of moderations to: caseaudit moderate FILE.csv", row: 5, column: 0)
            return
        }
        var header = " " + TextWidth.fit("Auditor", columns: nameWidth)
        for c in columns { header += right(c.title, c.width) }
        grid.put(header, row: 1, column: 0, style: .bold)
        let height = max(1, state.listHeight - 1)
        let top = Viewport.top(selected: r.agreementSelected, previousTop: 0, height: height, count: rows.count)
        for i in 0..<height where top + i < rows.count {
            let a = rows[top + i]
            func pct(_ p: Double?) -> String { p.map { Agreement.percent($0) + "%" } ?? "—" }
            let cells = [String(a.pairs), pct(a.exactPercent), pct(a.sameSidePercent), kappa(a.kappa),
                         kappa(a.weightedKappa), String(a.movedUp), String(a.movedDown)]
            var line = " " + TextWidth.fit(a.group, columns: nameWidth)
            for (c, text) in zip(columns, cells) { line += right(text, c.width) }
            grid.put(line, row: 2 + i, column: 0, style: a.group == "all" ? .bold : .plain)
            if top + i == r.agreementSelected { Chrome.select(&grid, row: 2 + i, column: 0, width: grid.width) }
        }
    }

    /// Kappa to three decimals, `—` when undefined (no pairs, or chance agreement certain).
    static func kappa(_ k: Double?) -> String { k == nil ? "—" : Agreement.format(k) }

    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - TextWidth.of(text))) + text
    }
}
