/// The frame every screen shares: a title bar, a status line and a line of keys.
enum Chrome {
    static let titleStyle = Style(bold: true, reverse: true)

    static func titleBar(_ grid: inout CellGrid, _ left: String, right: String = "") {
        grid.fill(row: 0, column: 0, width: grid.width, height: 1, style: titleStyle)
        let leftText = " " + left
        // The screen's name comes first; the right-hand detail gives way when space is short.
        let room = max(0, grid.width - TextWidth.of(leftText) - 3)
        let rightText = TextWidth.of(right) <= room ? right : TextWidth.fit(right, columns: room)
        let rightStart = max(0, grid.width - TextWidth.of(rightText) - 1)
        grid.put(leftText, row: 0, column: 0, style: titleStyle, maxColumns: max(0, rightStart - 1))
        if !rightText.isEmpty { grid.put(rightText, row: 0, column: rightStart, style: titleStyle) }
    }

    static func status(_ grid: inout CellGrid, _ text: String?, style: Style = .bold) {
        guard let text, !text.isEmpty else { return }
        let width = max(1, grid.width - 1)
        let lines = TextWrap.wrap(text, width: width)
        guard lines.count > 1, grid.height >= 6 else {
            grid.put(" " + TextWidth.fit(text, columns: width), row: grid.height - 2, column: 0, style: style)
            return
        }
        // A message longer than the line takes the row above too, rather than stop mid-word;
        // what still does not fit ends in "…".
        var second = lines[1]
        if lines.count > 2 {
            let rest = lines[1...].joined(separator: " ")
            second = (TextWrap.wrap(rest, width: max(1, width - 2)).first ?? "") + " …"
        }
        grid.fill(row: grid.height - 3, column: 0, width: grid.width, height: 1)
        grid.put(" " + lines[0], row: grid.height - 3, column: 0, style: style)
        grid.put(" " + second, row: grid.height - 2, column: 0, style: style)
    }

    /// The footer: the screen's keys from `KeyBindings`, as many whole entries as fit, the last
    /// (help) always.
    static func keys(_ grid: inout CellGrid, _ entries: [String]) {
        guard let last = entries.last else { return }
        var shown: [String] = []
        var used = 1 + TextWidth.of(last)
        for entry in entries.dropLast() {
            let w = TextWidth.of(entry) + 2
            guard used + w <= grid.width else { break }
            shown.append(entry)
            used += w
        }
        grid.put(" " + (shown + [last]).joined(separator: "  "), row: grid.height - 1, column: 0, style: .dim)
    }

    static func rule(_ grid: inout CellGrid, row: Int, column: Int = 0, width: Int? = nil) {
        grid.put(String(repeating: "─", count: max(0, width ?? grid.width - column)), row: row, column: column, style: .dim)
    }

    /// A bordered box with a title, cleared inside; returns the inner rectangle.
    @discardableResult
    static func box(_ grid: inout CellGrid, row: Int, column: Int, width: Int, height: Int, title: String)
        -> (row: Int, column: Int, width: Int, height: Int) {
        let w = max(4, width), h = max(3, height)
        grid.fill(row: row, column: column, width: w, height: h)
        grid.put("┌" + String(repeating: "─", count: w - 2) + "┐", row: row, column: column)
        for r in row + 1 ..< row + h - 1 {
            grid.put("│", row: r, column: column)
            grid.put("│", row: r, column: column + w - 1)
        }
        grid.put("└" + String(repeating: "─", count: w - 2) + "┘", row: row + h - 1, column: column)
        if !title.isEmpty { grid.put(" \(title) ", row: row, column: column + 2, style: .bold, maxColumns: w - 4) }
        return (row + 1, column + 2, w - 4, h - 2)
    }

    /// Draws a row as selected: reverse video, so it reads without colour.
    static func select(_ grid: inout CellGrid, row: Int, column: Int, width: Int) {
        grid.restyle(row: row, column: column, width: width) { $0.reverse = true }
    }
}
