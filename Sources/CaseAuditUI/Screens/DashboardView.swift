import CaseAuditCore

/// Each measure for the current period: percent, a bar with baseline and target, RAG as a word
/// and a 12-period trend; then counts, a warning about damaged files and the keys.
enum DashboardView {
    static let rowsPerMeasure = 4

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        let figures = state.dashboardRows
        let period = state.dashboardPeriod
        let quarterly = state.dashboard.quarterly
        let label = AppState.periodLabel(period, quarterly: quarterly)
        Chrome.titleBar(&grid, "caseaudit · Dashboard", right: "\(label) (\(quarterly ? "quarter" : "month"))")

        let qaLine = state.qa.flatMap(qaText)
        let footer = grid.height - 5 - (qaLine == nil ? 0 : 1)
        var row = 2
        if state.measures.isEmpty {
            grid.put(" No measures defined: add them to measures.yaml in the data directory.", row: row, column: 0)
        }
        let first = min(state.dashboard.scroll, max(0, state.measures.count - 1))
        var index = first
        while index < state.measures.count && row + rowsPerMeasure - 1 <= footer {
            drawMeasure(state.measures[index], rows: figures.filter { $0.measure.id == state.measures[index].id },
                        period: period, quarterly: quarterly, row: row, into: &grid)
            row += rowsPerMeasure
            index += 1
        }
        // A child found at risk while auditing stays in sight until a QA lead resolves it.
        let open = state.openEscalations
        if open > 0 {
            grid.put(" ! \(open) open escalation\(open == 1 ? "" : "s"): e lists them", row: 1, column: 0, style: .red)
        }
        if first > 0 || index < state.measures.count {
            let more = "measures \(first + 1)-\(index) of \(state.measures.count) (j/k scroll)"
            grid.put(more, row: 1, column: max(0, grid.width - TextWidth.of(more) - 1), style: .dim)
        }

        grid.put(" Bar: █ good or better  | baseline  ┃ target    Trend: ▁ low … █ high  · none",
                 row: footer, column: 0, style: .dim)
        var drafts = 0, thisMonth = 0
        for k in state.rows.indices {
            if state.rows[k].status != .complete { drafts += 1 }
            if state.rows[k].month == state.today { thisMonth += 1 }
        }
        grid.put(" Drafts: \(drafts)   Audits this month (\(state.today.title)): \(thisMonth)   All audits: \(state.rows.count)",
                 row: footer + 1, column: 0)
        if let qaLine { grid.put(qaLine, row: footer + 2, column: 0, style: .bold) }
        let damaged = state.problems.errors.count
        if damaged > 0 {
            let files = damaged == 1 ? "1 audit file is" : "\(damaged) audit files are"
            grid.put(" ! \(files) damaged and left out: `caseaudit validate` lists them",
                     row: footer + (qaLine == nil ? 2 : 3), column: 0, style: .red)
        }
        Chrome.status(&grid, state.status)
        Chrome.keys(&grid, KeyBindings.footer(state))
    }

    /// "Sampled audits awaiting moderation: 3   Overdue actions: 7"; nil when neither has happened.
    static func qaText(_ qa: QAFigures) -> String? {
        guard !qa.sampled.isEmpty || qa.overdueCount > 0 else { return nil }
        return " Sampled audits awaiting moderation: \(qa.awaitingCount)   Overdue actions: \(qa.overdueCount)"
    }

    /// One measure: `rows` are its figures by month or quarter (`Counting.measureRows`).
    static func drawMeasure(_ m: Measure, rows: [MeasureRow], period: Month, quarterly: Bool,
                            row: Int, into grid: inout CellGrid) {
        func figure(_ month: Month) -> MeasureRow? {
            let label = AppState.figurePeriod(month, quarterly: quarterly)
            return rows.first { $0.period == label }
        }
        let current = figure(period)
        let percent = current?.percent
        let rag = RAG.rate(percent: percent, baseline: m.baseline, target: m.target)
        var marks: [String] = []
        marks.append("baseline " + (m.baseline.map { Views.number($0) + "%" } ?? "none"))
        marks.append("target " + (m.target.map { Views.number($0) + "%" } ?? "none"))
        let right = marks.joined(separator: "  ")
        let rightCol = grid.width - TextWidth.of(right) - 1
        // A title too long for the line shows it is cut (…) and keeps a gap before the marks.
        let titleRoom = max(1, rightCol - 3)
        grid.put(" " + (TextWidth.of(m.title) <= titleRoom ? m.title : TextWidth.fit(m.title, columns: titleRoom)),
                 row: row, column: 0, style: .bold, maxColumns: rightCol - 1)
        grid.put(right, row: row, column: rightCol, style: .dim)

        let graded = current?.graded ?? 0
        let tail = graded == 0 ? "none graded" : "\(current!.goodOrBetter) of \(graded) graded"
        let barWidth = min(62, max(12, grid.width - 19 - 2 - 20))
        var col = grid.put("   " + TextWidth.fit(Views.percentText(percent), columns: 6) + "  ", row: row + 1, column: 0)
        col = grid.put(TextWidth.fit(rag.rawValue.uppercased(), columns: 6), row: row + 1, column: col, style: Views.ragStyle(rag))
        col = grid.put("  " + Bar.text(percent: percent, baseline: m.baseline, target: m.target, width: barWidth),
                       row: row + 1, column: col)
        grid.put("  " + tail + (current.map { Views.lowCountMark($0, room: grid.width - col - 2 - TextWidth.of(tail)) } ?? ""),
                 row: row + 1, column: col)

        let periods = AppState.trendPeriods(ending: period, quarterly: quarterly, count: 12)
        let values = periods.map { figure($0)?.percent }
        let from = AppState.periodLabel(periods.first!, quarterly: quarterly)
        let to = AppState.periodLabel(periods.last!, quarterly: quarterly)
        // The change from the period before and the same period a year earlier, in points.
        var change = ""
        if let current {
            let previous = figure(period.adding(months: quarterly ? -3 : -1))?.percent
            let yearBefore = figure(period.adding(months: -12))?.percent
            let parts = [(previous, "prev"), (yearBefore, "year")].compactMap { p, words -> String? in
                let c = ReportNumber.change(current.percent, from: p)
                return c.isEmpty ? nil : words + " " + c
            }
            if !parts.isEmpty { change = "  change " + parts.joined(separator: ", ") }
        }
        grid.put("   trend   " + Sparkline.text(values) + "  " + from + " to " + to + change, row: row + 2, column: 0)
    }
}
