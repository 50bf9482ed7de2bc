import CaseAuditCore

/// The multi-line note editor, full screen so long notes have room at 80x24.
enum NoteEditorView {
    static func draw(_ note: NoteState, _ state: AppState, into grid: inout CellGrid) {
        Chrome.titleBar(&grid, "caseaudit · " + note.title, right: "editing")
        for (i, line) in TextWrap.wrap(note.context, width: grid.width - 2).prefix(2).enumerated() {
            grid.put(" " + line, row: 1 + i, column: 0, style: .dim)
        }
        Chrome.rule(&grid, row: 3)
        let width = state.noteTextWidth
        let height = state.noteTextHeight
        let rows = note.buffer.layout(width: width)
        let cursor = note.buffer.cursorPosition(width: width)
        let top = Viewport.top(selected: cursor.row, previousTop: note.top, height: height, count: rows.count)
        for i in 0..<height where top + i < rows.count {
            let row = rows[top + i]
            grid.put(String(note.buffer.lines[row.line][row.range]), row: 4 + i, column: 2, maxColumns: width)
        }
        if cursor.row >= top && cursor.row < top + height {
            grid.cursor = (4 + cursor.row - top, 2 + cursor.column)
        }
        let characters = note.buffer.lines.reduce(0) { $0 + $1.count } + note.buffer.lines.count - 1
        let more = rows.count > top + height ? "  (more below)" : top > 0 ? "  (more above)" : ""
        grid.put(" line \(note.buffer.line + 1), column \(note.buffer.column + 1) · \(characters) character\(characters == 1 ? "" : "s")\(more)",
                 row: grid.height - 3, column: 0, style: .dim)
        // The SMART checker reads a plan action as it is typed (on the context's second line).
        if case .smartAction = note.target {
            let f = SmartChecker.check(note.buffer.lines.map { String($0) }.joined(separator: "\n"))
            let lacks = f.lacking.map(\.rawValue).joined(separator: ", ")
            grid.put(TextWidth.fit(" SMART \(f.score)/\(SmartFindings.maxScore)" + (lacks.isEmpty ? "" : " · lacks: \(lacks)")
                     + (f.vague.isEmpty ? "" : " · vague: " + f.vague.joined(separator: ", ")), columns: grid.width),
                     row: 2, column: 0, style: f.verdict == .smart ? .dim : .bold)
        }
        Chrome.status(&grid, state.status)
        Chrome.keys(&grid, KeyBindings.footer(state))
    }
}
