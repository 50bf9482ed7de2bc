import CaseAuditCore

/// Each measure for the current period: percent, a bar with baseline and target, RAG as a word
/// and a 12-period trend; then the period's counts, a warning about damaged files and the keys.
/// Four rows a measure when they all fit (three, without the blank between, when only that
/// fits); else one line each with the chosen measure's detail below, scrolling only when even
/// those lines do not fit. An empty data folder gets a first-run screen.
enum DashboardView {
    static let rowsPerMeasure = 4
    /// Rows the compact layout's detail of the chosen measure takes (a blank, its title, figures, trend).
    static let detailRows = 4

    /// How the measures are laid out in `rows` rows of the body.
    enum Layout: Equatable {
        /// `rows` rows a measure (title and marks, bar, trend, then a blank when there is room
        /// for one): every measure fits.
        case full(rows: Int)
        /// One line a measure, `visible` at a time from `top`, then the chosen one's detail.
        case compact(top: Int, visible: Int)
    }

    /// The layout for `count` measures in `rows` rows, the chosen one (`selected`) always shown.
    static func layout(count: Int, rows: Int, selected: Int, previousTop: Int) -> Layout {
        if count * rowsPerMeasure - 1 <= rows { return .full(rows: rowsPerMeasure) }
        if count * (rowsPerMeasure - 1) <= rows { return .full(rows: rowsPerMeasure - 1) }
        let visible = max(1, min(count, rows - detailRows))
        let top = Viewport.top(selected: selected, previousTop: previousTop, height: visible, count: count)
        return .compact(top: top, visible: visible)
    }

    /// Rows between the title bar (and its line) and the legend, for `state` at its size.
    static func measureRows(_ state: AppState, height: Int) -> Int {
        footerRow(state, height: height) - 2
    }

    static func footerRow(_ state: AppState, height: Int) -> Int {
        height - 5 - (state.qa.flatMap(qaText) == nil ? 0 : 1)
    }

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        if state.rows.isEmpty && state.problems.isEmpty {
            drawFirstRun(state, into: &grid)
            return
        }
        let figures = state.dashboardRows
        let period = state.dashboardPeriod
        let quarterly = state.dashboard.quarterly
        let label = AppState.periodLabel(period, quarterly: quarterly)
        Chrome.titleBar(&grid, "caseaudit · Dashboard", right: "\(label) (\(quarterly ? "quarter" : "month"))")

        let qaLine = state.qa.flatMap(qaText)
        let footer = footerRow(state, height: grid.height)
        let count = state.measures.count
        let selected = min(state.dashboard.selected, max(0, count - 1))
        if state.measures.isEmpty {
            grid.put(" No measures defined: add them to measures.yaml in the data directory.", row: 2, column: 0)
        }
        func rows(_ m: Measure) -> [MeasureRow] { figures.filter { $0.measure.id == m.id } }
        var shown = 0..<0
        switch layout(count: count, rows: footer - 2, selected: selected, previousTop: state.dashboard.scroll) {
        case .full(let per):
            for (i, m) in state.measures.enumerated() {
                let row = 2 + i * per
                drawMeasure(m, rows: rows(m), period: period, quarterly: quarterly, row: row, into: &grid)
                if i == selected { grid.put("▸", row: row, column: 1, style: .bold) }
            }
            shown = 0..<count
        case .compact(let top, let visible):
            let titleWidth = compactTitleWidth(grid.width)
            for i in 0..<visible where top + i < count {
                let m = state.measures[top + i]
                drawLine(m, rows: rows(m), period: period, quarterly: quarterly, titleWidth: titleWidth, row: 2 + i, into: &grid)
                if top + i == selected { Chrome.select(&grid, row: 2 + i, column: 0, width: grid.width) }
            }
            shown = top..<min(count, top + visible)
            if count > 0 {
                drawDetail(state.measures[selected], rows: rows(state.measures[selected]), period: period,
                           quarterly: quarterly, row: 2 + min(visible, count) + 1, into: &grid)
            }
        }
        // A child found at risk while auditing stays in sight until a QA lead resolves it.
        let open = state.openEscalations
        if open > 0 {
            grid.put(" ! \(open) open escalation\(open == 1 ? "" : "s"): e lists them", row: 1, column: 0, style: .red)
        }
        if shown.count < count {
            let more = "measures \(shown.lowerBound + 1)-\(shown.upperBound) of \(count) (j/k)"
            grid.put(more, row: 1, column: max(0, grid.width - TextWidth.of(more) - 1), style: .dim)
        }

        // The one-line layout below 100 columns has no bars: its legend does not name them.
        let bars = shown.count == count && !(count * (rowsPerMeasure - 1) > footer - 2 && grid.width < 100)
        grid.put(bars ? " Bar: █ good or better  | baseline  ┃ target    Trend: ▁ low … █ high  · none"
                      : " Trend: ▁ low … █ high  · none    few: under 10 graded",
                 row: footer, column: 0, style: .dim)
        grid.put(countsText(state, period: period, quarterly: quarterly), row: footer + 1, column: 0)
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

    /// "Nov 2026: 5 audits (4 completed, 1 draft)   All: 60 audits, 7 drafts": the counts of the
    /// period shown, so they never stand beside another period's figures.
    static func countsText(_ state: AppState, period: Month, quarterly: Bool) -> String {
        // The period's months, found once: comparing each of 100,000 audits' labels as strings
        // took about 30 ms a draw.
        let label = AppState.figurePeriod(period, quarterly: quarterly)
        let months = Set((-2...2).map { period.adding(months: $0) }
            .filter { AppState.figurePeriod($0, quarterly: quarterly) == label }.map(\.ordinal))
        var inPeriod = 0, completeInPeriod = 0, drafts = 0
        // Fields read in place: copying a row retains all its strings (most of a key's time).
        for k in state.rows.indices {
            let complete = state.rows[k].status == .complete
            if !complete { drafts += 1 }
            guard let m = state.rows[k].month?.ordinal, months.contains(m) else { continue }
            inPeriod += 1
            if complete { completeInPeriod += 1 }
        }
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        let draftsInPeriod = inPeriod - completeInPeriod
        return " \(AppState.periodLabel(period, quarterly: quarterly)): \(n(inPeriod, "audit")) (\(completeInPeriod) completed, "
            + "\(n(draftsInPeriod, "draft")))   All: \(n(state.rows.count, "audit")), \(n(drafts, "draft"))"
    }

    /// What caseaudit is and how to begin, in place of measures that would all read "none graded".
    static func drawFirstRun(_ state: AppState, into grid: inout CellGrid) {
        Chrome.titleBar(&grid, "caseaudit · Welcome", right: "no audits yet")
        let width = grid.width - 4
        var row = 2
        func para(_ text: String, _ style: Style = .plain) {
            for line in TextWrap.wrap(text, width: width) where row < grid.height - 3 {
                grid.put("  " + line, row: row, column: 0, style: style)
                row += 1
            }
            row += 1
        }
        para("caseaudit runs children's services' monthly case-file audits: a team manager audits a case file "
             + "against a template, grades each section and records actions; QA leads then read the share rated "
             + "good or outstanding against the improvement plan's targets.", .plain)
        para("This data folder holds no audits yet.", .bold)
        para("Press n to start your first audit.", .bold)
        para("To explore with made-up sample audits first, quit (q) and run:")
        row -= 1
        para("    caseaudit demo", .bold)
        row -= 1
        para("with the same --data (if you gave one), then open caseaudit again.")
        let teams = state.teams == nil
            ? "Teams: put teams.yaml in the data folder (one `- Team name` a line) to pick from a fixed list, or add teams as you go."
            : "Teams: picked from teams.yaml in the data folder (\(state.teams!.count) listed)."
        para(teams, .dim)
        Chrome.status(&grid, state.status ?? state.teamsProblem)
        Chrome.keys(&grid, KeyBindings.footer(state))
    }

    /// "Sampled audits awaiting moderation: 3   Overdue actions: 7"; nil when neither has happened.
    static func qaText(_ qa: QAFigures) -> String? {
        guard !qa.sampled.isEmpty || qa.overdueCount > 0 else { return nil }
        return " Sampled audits awaiting moderation: \(qa.awaitingCount)   Overdue actions: \(qa.overdueCount)"
    }

    /// The row of `rows` for the period holding `month`.
    static func figure(_ rows: [MeasureRow], _ month: Month, quarterly: Bool) -> MeasureRow? {
        let label = AppState.figurePeriod(month, quarterly: quarterly)
        return rows.first { $0.period == label }
    }

    static func marks(_ m: Measure) -> String {
        "baseline " + (m.baseline.map { Views.number($0) + "%" } ?? "none") + "  target " + (m.target.map { Views.number($0) + "%" } ?? "none")
    }

    static func tail(_ current: MeasureRow?) -> String {
        let graded = current?.graded ?? 0
        return graded == 0 ? "none graded" : "\(current!.goodOrBetter) of \(graded) graded"
    }

    /// One measure: `rows` are its figures by month or quarter (`Counting.measureRows`).
    static func drawMeasure(_ m: Measure, rows: [MeasureRow], period: Month, quarterly: Bool,
                            row: Int, into grid: inout CellGrid) {
        let current = figure(rows, period, quarterly: quarterly)
        let percent = current?.percent
        let rag = RAG.rate(percent: percent, baseline: m.baseline, target: m.target)
        let right = marks(m)
        let rightCol = grid.width - TextWidth.of(right) - 1
        // A title too long for the line shows it is cut (…) and keeps a gap before the marks.
        let titleRoom = max(1, rightCol - 5)
        grid.put("   " + (TextWidth.of(m.title) <= titleRoom ? m.title : TextWidth.fit(m.title, columns: titleRoom)),
                 row: row, column: 0, style: .bold, maxColumns: rightCol - 1)
        grid.put(right, row: row, column: rightCol, style: .dim)

        let tail = tail(current)
        let barWidth = min(62, max(12, grid.width - 19 - 2 - 20))
        var col = grid.put("   " + TextWidth.fit(Views.percentText(percent), columns: 6) + "  ", row: row + 1, column: 0)
        col = grid.put(TextWidth.fit(rag.rawValue.uppercased(), columns: 6), row: row + 1, column: col, style: Views.ragStyle(rag))
        col = grid.put("  " + Bar.text(percent: percent, baseline: m.baseline, target: m.target, width: barWidth),
                       row: row + 1, column: col)
        grid.put("  " + tail + (current.map { Views.lowCountMark($0, room: grid.width - col - 2 - TextWidth.of(tail)) } ?? ""),
                 row: row + 1, column: col)
        grid.put("   trend   " + trendText(rows, period: period, quarterly: quarterly, current: current), row: row + 2, column: 0)
    }

    /// "▃▃▁█▅▃▃▆▃▆██  Dec 2025 to Nov 2026  change prev 0.0, year +100.0"
    static func trendText(_ rows: [MeasureRow], period: Month, quarterly: Bool, current: MeasureRow?) -> String {
        let periods = AppState.trendPeriods(ending: period, quarterly: quarterly, count: 12)
        let values = periods.map { figure(rows, $0, quarterly: quarterly)?.percent }
        let from = AppState.periodLabel(periods.first!, quarterly: quarterly)
        let to = AppState.periodLabel(periods.last!, quarterly: quarterly)
        // The change from the period before and the same period a year earlier, in points.
        var change = ""
        if let current {
            let previous = figure(rows, period.adding(months: quarterly ? -3 : -1), quarterly: quarterly)?.percent
            let yearBefore = figure(rows, period.adding(months: -12), quarterly: quarterly)?.percent
            let parts = [(previous, "prev"), (yearBefore, "year")].compactMap { p, words -> String? in
                let c = ReportNumber.change(current.percent, from: p)
                return c.isEmpty ? nil : words + " " + c
            }
            if !parts.isEmpty { change = "  change " + parts.joined(separator: ", ") }
        }
        return Sparkline.text(values) + "  " + from + " to " + to + change
    }

    /// Columns the compact line leaves for a measure's title at `width`.
    static func compactTitleWidth(_ width: Int) -> Int {
        max(16, width - 1 - 2 - compactFigureWidth(width))
    }

    /// The compact line after the title: percent, RAG, a short bar and the trend (when wide), counts.
    /// Below 100 columns the bar and trend give way to the title (the detail below has the trend).
    static func compactFigureWidth(_ width: Int) -> Int {
        6 + 2 + 6 + (width >= 100 ? 2 + compactBarWidth + 14 : 0) + 2 + 12
    }

    static let compactBarWidth = 16

    /// One line: title, percent, RAG, a bar with baseline and target, the trend, "n of m".
    static func drawLine(_ m: Measure, rows: [MeasureRow], period: Month, quarterly: Bool, titleWidth: Int,
                         row: Int, into grid: inout CellGrid) {
        let current = figure(rows, period, quarterly: quarterly)
        let percent = current?.percent
        let rag = RAG.rate(percent: percent, baseline: m.baseline, target: m.target)
        var col = grid.put(" " + TextWidth.fit(m.title, columns: titleWidth) + "  ", row: row, column: 0, style: .bold)
        col = grid.put(TextWidth.fit(Views.percentText(percent), columns: 6) + "  ", row: row, column: col)
        col = grid.put(TextWidth.fit(rag.rawValue.uppercased(), columns: 6), row: row, column: col, style: Views.ragStyle(rag))
        if grid.width >= 100 {
            col = grid.put("  " + Bar.text(percent: percent, baseline: m.baseline, target: m.target, width: compactBarWidth),
                           row: row, column: col)
            let periods = AppState.trendPeriods(ending: period, quarterly: quarterly, count: 12)
            col = grid.put("  " + Sparkline.text(periods.map { figure(rows, $0, quarterly: quarterly)?.percent }), row: row, column: col)
        }
        let graded = current?.graded ?? 0
        grid.put("  " + (graded == 0 ? "none graded" : "\(current!.goodOrBetter)/\(graded)" + (current!.isLowCount ? " few" : "")),
                 row: row, column: col)
    }

    /// The chosen measure in full under the compact lines: its whole title with baseline and
    /// target, then its trend with dates and change.
    static func drawDetail(_ m: Measure, rows: [MeasureRow], period: Month, quarterly: Bool, row: Int, into grid: inout CellGrid) {
        let current = figure(rows, period, quarterly: quarterly)
        let rag = RAG.rate(percent: current?.percent, baseline: m.baseline, target: m.target)
        grid.put(" ▸ " + m.title, row: row, column: 0, style: .bold, maxColumns: grid.width - 1)
        var col = grid.put("   " + Views.percentText(current?.percent) + "  ", row: row + 1, column: 0)
        col = grid.put(rag.rawValue.uppercased(), row: row + 1, column: col, style: Views.ragStyle(rag))
        let counts = tail(current)
        col = grid.put("  " + counts + "  ", row: row + 1, column: col)
        let low = current.map { Views.lowCountMark($0, room: grid.width - col - TextWidth.of(marks(m)) - 4) } ?? ""
        grid.put(low.trimmingCharacters(in: .whitespaces) + (low.isEmpty ? "" : "  ") + marks(m), row: row + 1, column: col,
                 style: .dim, maxColumns: grid.width - col - 1)
        grid.put("   trend   " + trendText(rows, period: period, quarterly: quarterly, current: current), row: row + 2, column: 0,
                 maxColumns: grid.width - 1)
    }
}
