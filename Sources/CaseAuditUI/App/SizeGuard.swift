/// What the run loop shows instead of the application when the terminal is too small to draw it.
public enum SizeGuard {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public static func isTooSmall(width: Int, height: Int) -> Bool {
        width < minimumWidth || height < minimumHeight
    }

    public static func message(width: Int, height: Int) -> String {
        "caseaudit needs a terminal of at least \(minimumWidth)x\(minimumHeight); this one is \(width)x\(height). Make the window larger, or press q to quit."
    }

    /// Draws the message word-wrapped and centred in the grid.
    public static func draw(into grid: inout CellGrid) {
        grid.clear()
        let lines = wrap(message(width: grid.width, height: grid.height), columns: max(1, grid.width - 2))
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let column = max(0, (grid.width - TextWidth.of(line)) / 2)
            grid.put(line, row: top + i, column: column, style: i == 0 ? .bold : .plain)
        }
    }

    static func wrap(_ text: String, columns: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if TextWidth.of(candidate) <= columns || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
