import CaseAuditCore

/// The measures by period with RAG words and bars, or each section's grade distribution.
enum ReportsView {
    /// The range in the title bar: the period chosen (marked partial while not over), else the months.
    static func rangeText(_ state: AppState) -> String {
        let r = state.reports
        if let p = r.period { return "\(p)" + (p.isPartial(today: state.today) ? " (partial)" : "") }
        if let from = r.from, let to = r.to { return "\(from) to \(to)" }
        return "all months"
    }

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        if state.reports.showAgreement { return AgreementView.draw(state, into: &grid) }
        let r = state.reports
        Chrome.titleBar(&grid, "caseaudit · Reports" + (r.showGrades ? " · grade distribution" : ""),
                        right: "by \(r.grouping.rawValue) · \(rangeText(state))")
        let all = ReportsReducer.lines(r, measures: state.measures)
        let rows = ReportsReducer.selectable(all)
        let selectedLine = rows.indices.contains(r.selected) ? rows[r.selected] : -1
        let height = state.listHeight
        let top = Viewport.top(selected: max(0, selectedLine), previousTop: r.top, height: height, count: all.count)
        if all.isEmpty || rows.isEmpty {
            grid.put(" No completed audits in this range.", row: 2, column: 0)
        }
        // A team or auditor name gets the room the screen has beyond the other columns (74 at
        // most), up to 40, rather than being cut at 22 where the width allows more.
        let periodWidth = max(8, min(max(22, min(40, grid.width - 74)), all.compactMap { line -> Int? in
            switch line {
            case .measure(let m): return TextWidth.of(periodText(m, r.grouping))
            case .grades(let g): return TextWidth.of(gradePeriodText(g, r.grouping, today: state.today))
            case .heading: return nil
            }
        }.max() ?? 8))
        // The change columns where the rows carry a change: in words where the screen has room
        // for them beside the bar and the counts, else by letter.
        let showChange = r.grouping.isTime ? r.from != nil : r.period != nil
        let changeWords = periodWidth + 17 + 24 + 13 + 17 <= grid.width
        for i in 0..<height where top + i < all.count {
            let row = 1 + i
            switch all[top + i] {
            case .heading(let title, let detail):
                let right = grid.width - TextWidth.of(detail) - 1
                // A title too long to sit beside its baseline and target ends in "…" with a gap.
                grid.put(" " + TextWidth.fit(title, columns: max(1, right - 3)), row: row, column: 0, style: .bold)
                grid.put(detail, row: row, column: right, style: .dim)
            case .measure(let m):
                var col = grid.put("   " + TextWidth.fit(periodText(m, r.grouping), columns: periodWidth) + " "
                                   + TextWidth.fit(Views.percentText(m.percent), columns: 7), row: row, column: 0)
                col = grid.put(TextWidth.fit(m.rag.rawValue.uppercased(), columns: 6), row: row, column: col,
                               style: Views.ragStyle(m.rag))
                if showChange { col = grid.put(changeText(m, words: changeWords), row: row, column: col) }
                let barWidth = max(12, min(42, grid.width - col - 24))
                col = grid.put(" " + Bar.text(percent: m.percent, baseline: m.measure.baseline, target: m.measure.target,
                                              width: barWidth), row: row, column: col)
                let counts = "  \(m.goodOrBetter)/\(m.graded) of \(m.audits)"
                grid.put(counts + Views.lowCountMark(m, room: grid.width - col - TextWidth.of(counts)), row: row, column: col)
            case .grades(let g):
                func pct(_ grade: Grade) -> String { TextWidth.fit(Views.percentText(g.percent(grade)), columns: 6) }
                var col = grid.put("   " + TextWidth.fit(gradePeriodText(g, r.grouping, today: state.today), columns: periodWidth) + " O " + pct(.outstanding)
                                   + " G " + pct(.good) + " RI " + pct(.requiresImprovement) + " I " + pct(.inadequate),
                                   row: row, column: 0)
                let barWidth = max(10, min(30, grid.width - col - 14))
                col = grid.put(" " + stacked(g, width: barWidth), row: row, column: col)
                grid.put("  \(g.graded) graded", row: row, column: col)
            }
            if top + i == selectedLine { Chrome.select(&grid, row: row, column: 0, width: grid.width) }
        }
        Chrome.status(&grid, state.status ?? templateTitle(state, all, selectedLine) ?? (r.showGrades
            ? "Bar: █ Outstanding ▓ Good ▒ Requires improvement ░ Inadequate"
            : statusText(showChange: showChange, words: changeWords, width: grid.width)), style: state.status == nil ? .dim : .bold)
        Chrome.keys(&grid, KeyBindings.footer(state))
    }

    /// By template, the selected row's template by its title (the rows name it by id, as
    /// `--period` takes it): `child-journey-lac: Child journey audit (looked after children)`.
    static func templateTitle(_ state: AppState, _ lines: [ReportLine], _ selected: Int) -> String? {
        guard state.reports.grouping == .template, lines.indices.contains(selected) else { return nil }
        let id: String
        switch lines[selected] {
        case .measure(let m): id = m.period
        case .grades(let g): id = g.period
        case .heading: return nil
        }
        return state.templates.first { $0.id == id }.map { "\(id): \($0.title)" }
    }

    /// A month, quarter or year row's period, marked when not over yet (`Counting.withChange`);
    /// team and auditor rows carry the narrowed period's mark in the title bar instead.
    static func periodText(_ m: MeasureRow, _ grouping: Grouping) -> String {
        grouping.isTime && m.partial ? m.period + " (partial)" : m.period
    }

    /// A grade distribution's period, marked as `periodText` marks a measure's.
    static func gradePeriodText(_ g: GradeRow, _ grouping: Grouping, today: Month) -> String {
        Counting.isPartial(g.period, by: grouping, today: today) ? g.period + " (partial)" : g.period
    }

    /// `prev   +4.2 year  -10.0`, or `p  +4.2 y -10.0` where the screen is narrow; a part is
    /// `n/a` when there is nothing to compare with: the change in percentage points
    /// (`ReportNumber.change`) from the period before and the same period a year before.
    static func changeText(_ m: MeasureRow, words: Bool) -> String {
        func part(_ word: String, _ earlier: Double?) -> String {
            // "n/a" rather than a blank, so a word is never left without its figure.
            let figure = ReportNumber.change(m.percent, from: earlier)
            let c = figure.isEmpty ? "n/a" : figure
            return word + String(repeating: " ", count: max(0, (words ? 7 : 6) - c.count)) + c
        }
        return words ? part("prev", m.previous) + " " + part("year", m.yearBefore) + " "
                     : part("p", m.previous) + part(" y", m.yearBefore) + " "
    }

    /// What the columns mean, as much as fits.
    static func statusText(showChange: Bool, words: Bool, width: Int) -> String {
        guard showChange else { return "good/graded of audits  · Bar: █ good or better | baseline ┃ target" }
        let change = (words ? "prev, year" : "p, y") + ": change in points from the period before and a year before"
        let all = "good/graded of audits · " + change + " · Bar: █ good or better | baseline ┃ target"
        return TextWidth.of(all) < width ? all : change
    }

    /// One cell per share of the graded audits: █ Outstanding, ▓ Good, ▒ RI, ░ Inadequate.
    static func stacked(_ g: GradeRow, width: Int) -> String {
        let inner = max(4, width - 2)
        guard g.graded > 0 else { return "[" + String(repeating: " ", count: inner) + "]" }
        var cells = ""
        var used = 0
        var cumulative = 0
        for (grade, mark) in [(Grade.outstanding, "█"), (.good, "▓"), (.requiresImprovement, "▒"), (.inadequate, "░")] {
            cumulative += g.count(grade)
            let end = Int((Double(cumulative) / Double(g.graded) * Double(inner)).rounded())
            if end > used { cells += String(repeating: mark, count: end - used); used = end }
        }
        return "[" + cells + String(repeating: " ", count: max(0, inner - used)) + "]"
    }
}

extension Views {
    /// After a figure from fewer than 10 graded audits: ` (few, 95% 20.8-93.9%)`, or ` (few)`
    /// when `room` columns do not hold the interval, so 2 of 3 is not read as a 67% crisis
    /// (the reports' low-count flag).
    static func lowCountMark(_ r: MeasureRow, room: Int) -> String {
        guard r.isLowCount, let low = r.ciLow, let high = r.ciHigh else { return "" }
        let wide = " (few, 95% \(ReportNumber.oneDecimal(low))-\(ReportNumber.oneDecimal(high))%)"
        // Narrower: the word, else the table's `*`, never a flag cut in half.
        return TextWidth.of(wide) <= room ? wide : room >= 6 ? " (few)" : room >= 2 ? " *" : ""
    }
}
