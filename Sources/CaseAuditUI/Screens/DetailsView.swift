import CaseAuditCore

/// `E` in the editor: the new-audit form's fields, prefilled from the open audit. The template
/// is shown but cannot change here (the answers belong to its questions).
enum DetailsView {
    static func draw(_ state: AppState, _ ed: EditorState, _ form: NewAuditState, into grid: inout CellGrid) {
        let status = state.status
        let t = ed.template
        Chrome.titleBar(&grid, "caseaudit · Edit details", right: ed.audit.id)
        grid.put(" Template: \(t.title) · \(t.id) v\(t.version)", row: 2, column: 0, style: .bold)
        let row = NewAuditView.drawFields(form, template: t, into: &grid, top: 4)
        // Not under the open team picker, which would cut them in two.
        if case .chooser(let c)? = state.overlay, c.purpose == .team {} else {
            grid.put(" The case reference identifies the case; never enter a child's name.", row: row, column: 0, style: .dim)
            grid.put(" The template cannot be changed: the answers belong to its questions.", row: row + 1, column: 0, style: .dim)
        }
        Chrome.status(&grid, status ?? (form.errors.isEmpty ? nil : "Fix the marked fields, then press Enter on Auditor"))
        Chrome.keys(&grid, KeyBindings.footer(state))
    }
}
