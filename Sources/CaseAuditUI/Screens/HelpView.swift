import CaseAuditCore

/// `?`: the keys of the screen underneath, in a box; Esc closes it.
enum HelpView {
    static func lines(screen: Screen, note: Bool) -> (String, [String]) {
        if note {
            return ("Keys: note editor", [
                "Type to write; notes may hold any language (Zoë, 佐藤)",
                "Enter        new line",
                "←/→ ↑/↓      move by character and by screen row",
                "Home/End     start and end of the line",
                "Backspace    delete before the cursor; Delete after",
                "Esc, Ctrl-S  save the note and close",
                "Ctrl-X       discard changes and close",
            ])
        }
        switch screen {
        case .dashboard:
            return ("Keys: dashboard", [
                "←/→      previous / next month (or quarter)",
                "t        switch between month and quarter",
                "j/k ↑/↓  scroll the measures",
                "l Enter  the audits list",
                "r        reports: by month, quarter, year, team, auditor",
                "n        start a new audit",
                "?        this help;  q  quit",
                "RAG: GREEN at or above target, RED at or below baseline,",
                "AMBER between, NONE without a percent or a target.",
            ])
        case .list:
            return ("Keys: audits list", [
                "j/k ↑/↓  move;  PgUp/PgDn  page;  g/G  first/last",
                "Enter    open the audit (completed ones open read-only)",
                "/        filter: words, or month: team: template:",
                "         status: grade: cohort: e.g. team:riverside status:draft",
                "s        cycle the sort: month, team, template, status,",
                "         overall grade, case ref",
                "n        start a new audit",
                "Esc q    back to the dashboard;  ?  this help",
            ])
        case .reports:
            return ("Keys: reports", [
                "j/k ↑/↓  move between rows",
                "Enter    the completed audits behind the row",
                "b        by month, quarter, year, team or auditor",
                "d        grade distribution per section / measures",
                "x        export the report (.html .csv .md .json .txt)",
                "Esc q    back to the dashboard;  ?  this help",
                "Columns: good or better / graded, of completed audits.",
            ])
        case .newAudit:
            return ("Keys: new audit", [
                "↑/↓ Tab  move between templates or fields",
                "Enter    choose the template; next field; on Auditor: create",
                "←/→ Space  choose the cohort (on the Cohort field)",
                "Esc      back",
                "The audit is saved as a draft as soon as it is created.",
            ])
        case .editor:
            return ("Keys: audit editor", [
                "j/k ↑/↓      move between questions",
                "Tab ] →      next section;  Shift-Tab [ ←  previous",
                "y p n x      answer Yes / Partly / No / N/A",
                "e Enter      note, text, option, date or number of the item",
                "1 2 3 4 0    grade Outstanding/Good/RI/Inadequate/N/A",
                "             (grade row), then write the rationale",
                "1-5          SMART question: toggle S M A R T",
                "g            show or hide guidance",
                "a            add an action (what, who, by when); D delete",
                "c            complete: checks every required item",
                "A            amend a completed audit (asks for a reason)",
                "E            edit details: case ref, cohort, team, worker,",
                "             month (a draft's; Enter on Month saves, Esc cancels)",
                "S            write the audit's summary (.html .md .txt)",
                "Esc q        back to the list.  Every change is saved at once.",
                "Grades: O Outstanding, G Good, RI Requires improvement, I Inadequate",
            ])
        }
    }

    static func draw(screen: Screen, note: Bool, into grid: inout CellGrid) {
        let (title, body) = lines(screen: screen, note: note)
        let width = min(grid.width - 2, max(40, (body.map { TextWidth.of($0) }.max() ?? 0) + 4))
        let height = min(grid.height - 1, body.count + 4)
        let row = max(1, (grid.height - height) / 2)
        let col = max(0, (grid.width - width) / 2)
        let inner = Chrome.box(&grid, row: row, column: col, width: width, height: height, title: title)
        for (i, line) in body.prefix(inner.height - 1).enumerated() {
            grid.put(line, row: inner.row + i, column: inner.column, maxColumns: inner.width)
        }
        grid.put("Esc closes", row: inner.row + inner.height - 1, column: inner.column, style: .dim)
    }
}
