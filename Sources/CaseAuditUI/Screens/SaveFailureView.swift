/// What a failed save or export looks like: a banner over the status line that stays until the
/// failure is dealt with, and the question asked before leaving an audit whose change is not saved.
/// Bold and reversed as well as red, so it reads on a terminal without colour.
enum SaveFailureView {
    static let style = Style(foreground: .red, bold: true, reverse: true)
    /// The banner grows upwards from the status line; longer messages are cut at this many rows.
    static let maxRows = 3

    static func drawBanner(_ text: String, into grid: inout CellGrid) {
        guard grid.height >= 4 else { return }
        var rows = TextWrap.wrap(text, width: max(1, grid.width - 2))
        if rows.count > maxRows {
            rows = Array(rows.prefix(maxRows))
            rows[maxRows - 1] = TextWidth.fit(rows[maxRows - 1] + " …", columns: max(1, grid.width - 2))
        }
        let first = max(1, grid.height - 1 - rows.count)
        for (i, line) in rows.enumerated() where first + i < grid.height - 1 {
            grid.fill(row: first + i, column: 0, width: grid.width, height: 1, style: style)
            grid.put(" " + line, row: first + i, column: 0, style: style, maxColumns: grid.width)
        }
    }

    static func drawConfirm(_ change: UnsavedChange?, into grid: inout CellGrid) {
        let width = min(grid.width - 2, 76)
        let choices = KeyBindings.unsavedConfirm.bindings.map { $0.label.padding(toLength: 5, withPad: " ", startingAt: 0) + $0.help }
        let what = change.map { "The latest changes to audit \($0.audit.id) are NOT saved." }
            ?? "Every change is saved now."
        let text = TextWrap.wrap(what, width: width - 4)
        let height = min(grid.height - 2, text.count + choices.count + 3)
        let row = max(1, (grid.height - height) / 2)
        let col = max(0, (grid.width - width) / 2)
        let inner = Chrome.box(&grid, row: row, column: col, width: width, height: height, title: "Changes not saved")
        var r = inner.row
        for line in text where r < inner.row + inner.height {
            grid.put(line, row: r, column: inner.column, style: .bold, maxColumns: inner.width)
            r += 1
        }
        r += 1
        for line in choices where r < inner.row + inner.height {
            grid.put(line, row: r, column: inner.column, maxColumns: inner.width)
            r += 1
        }
    }
}
