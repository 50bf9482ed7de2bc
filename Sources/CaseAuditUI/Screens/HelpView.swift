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

    /// The box (size and place) and how many text rows it shows; the last inner row is the hint.
    static func layout(_ context: KeyContext, width: Int, height: Int)
        -> (title: String, body: [String], width: Int, height: Int, shown: Int) {
        let (title, body) = lines(context, width: width - 6)
        let boxWidth = min(width - 2, max(40, (body.map { TextWidth.of($0) }.max() ?? 0) + 4))
        let boxHeight = min(height - 1, body.count + 4)
        return (title, body, boxWidth, boxHeight, max(1, boxHeight - 3))
    }

    /// The furthest the help can scroll: 0 when it all fits.
    static func scrollLimit(_ context: KeyContext, width: Int, height: Int) -> Int {
        let l = layout(context, width: width, height: height)
        return max(0, l.body.count - l.shown)
    }

    static func draw(_ context: KeyContext, top: Int = 0, into grid: inout CellGrid) {
        let l = layout(context, width: grid.width, height: grid.height)
        let row = max(1, (grid.height - l.height) / 2)
        let col = max(0, (grid.width - l.width) / 2)
        let inner = Chrome.box(&grid, row: row, column: col, width: l.width, height: l.height, title: l.title)
        // A help longer than the screen scrolls (j/k) rather than lose its last lines.
        let first = min(max(0, top), max(0, l.body.count - l.shown))
        for (i, line) in l.body.dropFirst(first).prefix(l.shown).enumerated() {
            grid.put(line, row: inner.row + i, column: inner.column, maxColumns: inner.width)
        }
        var hint = "Esc closes"
        if l.body.count > l.shown {
            let below = l.body.count - l.shown - first
            hint = (below > 0 ? "↓ \(below) more: j/k scroll" : "↑ j/k scroll") + "  Esc closes"
        }
        grid.put(hint, row: inner.row + inner.height - 1, column: inner.column, style: .dim)
    }
}
