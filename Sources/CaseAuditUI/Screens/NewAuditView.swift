import CaseAuditCore

/// Step 1: choose a template. Step 2: case reference, cohort, team, worker, month, auditor.
enum NewAuditView {
    static let labelWidth = 17

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        let form = state.newAudit
        if form.step == .template {
            drawTemplates(state, into: &grid)
            return
        }
        let template = state.templates[form.templateIndex]
        Chrome.titleBar(&grid, "caseaudit · New audit", right: "step 2 of 2: details")
        grid.put(" Template: \(template.title) · \(template.id) v\(template.version)", row: 2, column: 0, style: .bold)
        let row = drawFields(form, template: template, into: &grid, top: formTop)
        // Not under the open team picker, which would cut it in two.
        if case .chooser(let c)? = state.overlay, c.purpose == .team {} else {
            grid.put(" The case reference identifies the case; never enter a child's name.", row: row, column: 0, style: .dim)
        }
        Chrome.status(&grid, state.status ?? (form.errors.isEmpty ? nil : "Fix the marked fields, then press Enter on Auditor"))
        Chrome.keys(&grid, KeyBindings.footer(state))
    }

    /// Where the team picker opens: under the Team field, its border just left of the values,
    /// so it hides the fields below it whole rather than cutting their values.
    static func teamPickerOrigin(_ state: AppState) -> (row: Int, column: Int) {
        let at = state.teamForm.order.firstIndex(of: .team) ?? 0
        return (formTop + at * 2 + 1, labelWidth + 1)
    }

    static let formTop = 4

    /// The form's fields from row `top`, one every two rows (the second for its error); returns
    /// the row after them. Shared with the editor's details form (`E`).
    @discardableResult
    static func drawFields(_ form: NewAuditState, template: AuditTemplate, into grid: inout CellGrid, top: Int) -> Int {
        let fieldWidth = min(40, max(10, grid.width - labelWidth - 4))
        var row = top
        for field in form.order {
            let focused = field == form.focus
            let marker = focused ? "▸ " : "  "
            grid.put(" " + marker + field.label, row: row, column: 0, style: focused ? .bold : .plain)
            let col = labelWidth + 2
            if field == .cohort {
                var c = col
                for (i, cohort) in template.cohorts.enumerated() {
                    let chosen = i == form.cohortIndex
                    c = grid.put(chosen ? "[\(cohort.rawValue)]" : " \(cohort.rawValue) ", row: row, column: c,
                                 style: chosen && focused ? .selected : chosen ? .bold : .plain)
                    c += 1
                }
                if template.cohorts.indices.contains(form.cohortIndex) {
                    grid.put(template.cohorts[form.cohortIndex].title, row: row, column: c + 1, style: .dim)
                }
            } else {
                (form.fields[field] ?? LineField()).draw(into: &grid, row: row, column: col, width: fieldWidth, focused: focused)
            }
            if let error = form.errors[field] {
                grid.put("! " + error, row: row + 1, column: col, style: .red)
            }
            row += 2
        }
        return row
    }

    static func drawTemplates(_ state: AppState, into grid: inout CellGrid) {
        let form = state.newAudit
        Chrome.titleBar(&grid, "caseaudit · New audit", right: "step 1 of 2: template")
        grid.put(" Choose a template:", row: 2, column: 0, style: .bold)
        if state.templates.isEmpty {
            grid.put(" No templates found: check --templates or $CASEAUDIT_TEMPLATES.", row: 4, column: 0, style: .red)
        }
        let listHeight = max(1, min(state.templates.count, grid.height - 10))
        let top = Viewport.top(selected: form.templateIndex, previousTop: 0, height: listHeight, count: state.templates.count)
        let idWidth = min(26, max(12, state.templates.map { $0.id.count }.max() ?? 12))
        for i in 0..<listHeight where top + i < state.templates.count {
            let t = state.templates[top + i]
            let r = 3 + i
            let cohorts = t.cohorts.map(\.rawValue).joined(separator: " ")
            let line = "  " + TextWidth.fit(t.id, columns: idWidth) + "  v\(t.version)  " + t.title + "  (" + cohorts + ")"
            // Cut with an ellipsis so a long title never looks complete when it is not.
            grid.put(TextWidth.fit(line, columns: grid.width - 1), row: r, column: 0)
            if top + i == form.templateIndex { Chrome.select(&grid, row: r, column: 0, width: grid.width) }
        }
        if state.templates.indices.contains(form.templateIndex) {
            let description = state.templates[form.templateIndex].description
            var r = 4 + listHeight
            for line in TextWrap.wrap(description, width: grid.width - 4).prefix(max(0, grid.height - 3 - r)) {
                grid.put("  " + line, row: r, column: 0, style: .dim)
                r += 1
            }
        }
        Chrome.status(&grid, state.status)
        Chrome.keys(&grid, KeyBindings.footer(state))
    }
}
