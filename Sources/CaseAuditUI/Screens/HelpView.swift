import CaseAuditCore

/// `?`: the key table of the screen underneath (`KeyBindings`), in a box; Esc closes it.
enum HelpView {
    /// The box's title and lines: each row's keys, then what they do, then the table's notes.
    static func lines(_ context: KeyContext, width: Int) -> (String, [String]) {
        let map = KeyBindings.map(context)
        let keyColumn = min(12, map.bindings.map { TextWidth.of($0.label) }.max() ?? 0) + 2
        var body: [String] = []
        for b in map.bindings {
            let keys = b.label + String(repeating: " ", count: max(1, keyColumn - TextWidth.of(b.label)))
            let wrapped = TextWrap.wrap(b.help, width: max(10, width - TextWidth.of(keys)))
            for (i, line) in wrapped.enumerated() {
                body.append((i == 0 ? keys : String(repeating: " ", count: TextWidth.of(keys))) + line)
            }
        }
        return (map.title, body + map.notes)
    }

    static func draw(_ context: KeyContext, into grid: inout CellGrid) {
        let room = grid.width - 6
        let (title, body) = lines(context, width: room)
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
