import CaseAuditCore

/// One-line prompts (filter, amend reason, dates, numbers, actions) and option choosers, in a box.
enum PromptView {
    static func draw(_ prompt: PromptState, into grid: inout CellGrid) {
        let width = min(grid.width - 2, 76)
        // A long title or error wraps inside the box, which grows (up to the screen) to hold it.
        let titleRows = TextWrap.wrap(prompt.title, width: max(1, width - 4))
        let below = prompt.error.map { TextWrap.wrap("! " + $0, width: max(1, width - 4)) } ?? ["", "Enter accept  Esc cancel"]
        let height = min(grid.height - 1, 3 + titleRows.count + max(2, below.count))
        let row = max(1, min(grid.height - 9, grid.height - 1 - height))
        let col = max(0, (grid.width - width) / 2)
        let inner = Chrome.box(&grid, row: row, column: col, width: width, height: height, title: "")
        let fieldRow = inner.row + min(titleRows.count, max(0, inner.height - 2))
        for (i, line) in titleRows.enumerated() where inner.row + i < fieldRow {
            grid.put(line, row: inner.row + i, column: inner.column, style: .bold)
        }
        prompt.field.draw(into: &grid, row: fieldRow, column: inner.column, width: inner.width, focused: true)
        for (i, line) in below.enumerated() where fieldRow + 1 + i < inner.row + inner.height {
            grid.put(line, row: fieldRow + 1 + i, column: inner.column, style: prompt.error == nil ? .dim : .red)
        }
    }

    /// `origin`: the box's top left corner when it belongs beside a field (the team picker),
    /// else centred.
    static func draw(_ chooser: ChooserState, into grid: inout CellGrid, origin: (row: Int, column: Int)? = nil) {
        let width = min(grid.width - 2, max(40, (chooser.options.map { TextWidth.of($0) }.max() ?? 0) + 8))
        let titleRows = TextWrap.wrap(chooser.title, width: max(1, width - 4))
        let above = origin.map { max(0, $0.row - 2) } ?? 0
        let listHeight = min(chooser.options.count, max(1, grid.height - 7 - titleRows.count - above))
        let height = listHeight + 3 + titleRows.count
        let row = origin?.row ?? max(1, (grid.height - height) / 2)
        let col = origin.map { min($0.column, max(0, grid.width - width)) } ?? max(0, (grid.width - width) / 2)
        let inner = Chrome.box(&grid, row: row, column: col, width: width, height: height, title: "")
        for (i, line) in titleRows.enumerated() where i < inner.height - 2 {
            grid.put(line, row: inner.row + i, column: inner.column, style: .bold)
        }
        let listRow = inner.row + min(titleRows.count, max(0, inner.height - 2))
        let top = Viewport.top(selected: chooser.selected, previousTop: 0, height: listHeight, count: chooser.options.count)
        for i in 0..<listHeight where top + i < chooser.options.count && listRow + i < inner.row + inner.height - 1 {
            let r = listRow + i
            grid.put("  " + chooser.options[top + i], row: r, column: inner.column, maxColumns: inner.width)
            if top + i == chooser.selected { Chrome.select(&grid, row: r, column: inner.column, width: inner.width) }
        }
        grid.put("↑↓ move  Enter choose  Esc cancel", row: inner.row + inner.height - 1, column: inner.column, style: .dim)
    }

    /// A question answered y or n: the title, what it is about, and what each key does.
    static func draw(_ question: YesNoState, into grid: inout CellGrid) {
        let width = min(grid.width - 2, 76)
        let inner0 = width - 4
        var body: [String] = []
        for line in question.lines { body += TextWrap.wrap(line, width: inner0) }
        let title = TextWrap.wrap(question.title, width: inner0)
        let height = title.count + body.count + 5
        let row = max(1, (grid.height - height) / 2)
        let col = max(0, (grid.width - width) / 2)
        // Beside a box nearly as wide as the screen only fragments would show (the form's "▸"
        // marker at column 1): its rows are cleared to the edges.
        if col < 4 { grid.fill(row: row, column: 0, width: grid.width, height: height) }
        let inner = Chrome.box(&grid, row: row, column: col, width: width, height: height, title: "")
        var r = inner.row
        for line in title { grid.put(line, row: r, column: inner.column, style: .bold, maxColumns: inner.width); r += 1 }
        r += 1
        for line in body { grid.put(line, row: r, column: inner.column, maxColumns: inner.width); r += 1 }
        grid.put("y \(question.yes)   n \(question.no)", row: inner.row + inner.height - 1, column: inner.column,
                 style: .bold, maxColumns: inner.width)
    }
}
