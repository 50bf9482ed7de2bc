/// Multi-line text being edited, with a cursor that moves by grapheme cluster (so "ë" written
/// with a combining mark and "佐" are each one step) and by screen row when lines wrap.
public struct TextBuffer: Equatable, Sendable {
    public private(set) var lines: [[Character]]
    public private(set) var line = 0
    public private(set) var column = 0

    public init(_ text: String) {
        // "\r\n" is one Character in Swift, so it must be normalised before splitting.
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        lines = normalised.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        if lines.isEmpty { lines = [[]] }
        line = lines.count - 1
        column = lines[line].count
    }

    public var text: String { lines.map { String($0) }.joined(separator: "\n") }

    public mutating func insert(_ ch: Character) {
        if ch.isNewline { return newline() }  // also "\r\n", one Character
        // A combining mark typed on its own joins the character before it.
        if TextWidth.of(ch) == 0, column > 0 {
            let merged = Character(String(lines[line][column - 1]) + String(ch))
            lines[line][column - 1] = merged
            return
        }
        lines[line].insert(ch, at: column)
        column += 1
    }

    public mutating func insert(_ text: String) {
        for ch in text { insert(ch) }
    }

    public mutating func newline() {
        let rest = Array(lines[line][column...])
        lines[line].removeSubrange(column...)
        lines.insert(rest, at: line + 1)
        line += 1
        column = 0
    }

    public mutating func backspace() {
        if column > 0 {
            lines[line].remove(at: column - 1)
            column -= 1
        } else if line > 0 {
            let rest = lines.remove(at: line)
            line -= 1
            column = lines[line].count
            lines[line].append(contentsOf: rest)
        }
    }

    public mutating func deleteForward() {
        if column < lines[line].count {
            lines[line].remove(at: column)
        } else if line + 1 < lines.count {
            let rest = lines.remove(at: line + 1)
            lines[line].append(contentsOf: rest)
        }
    }

    public mutating func left() {
        if column > 0 { column -= 1 } else if line > 0 { line -= 1; column = lines[line].count }
    }

    public mutating func right() {
        if column < lines[line].count { column += 1 } else if line + 1 < lines.count { line += 1; column = 0 }
    }

    public mutating func home() { column = 0 }
    public mutating func end() { column = lines[line].count }

    /// One screen row of the wrapped text.
    public struct Row: Equatable, Sendable {
        public var line: Int
        public var range: Range<Int>
    }

    public func layout(width: Int) -> [Row] {
        var rows: [Row] = []
        for (i, l) in lines.enumerated() {
            for seg in TextWrap.segments(l, width: width) { rows.append(Row(line: i, range: seg)) }
        }
        return rows
    }

    /// The screen row and column of the cursor in the wrapped layout.
    public func cursorPosition(width: Int) -> (row: Int, column: Int) {
        let rows = layout(width: width)
        for (r, row) in rows.enumerated() where row.line == line {
            let isLastOfLine = r + 1 == rows.count || rows[r + 1].line != line
            if column < row.range.upperBound || (isLastOfLine && column == row.range.upperBound) {
                let col = TextWidth.of(String(lines[line][row.range.lowerBound..<column]))
                return (r, col)
            }
        }
        return (0, 0)
    }

    /// Moves up or down one screen row, keeping the display column where possible.
    public mutating func moveRow(_ delta: Int, width: Int) {
        let rows = layout(width: width)
        let (r, col) = cursorPosition(width: width)
        let target = r + delta
        guard target >= 0, target < rows.count else {
            if delta < 0 { line = 0; column = 0 } else { line = lines.count - 1; column = lines[line].count }
            return
        }
        let row = rows[target]
        var used = 0
        var idx = row.range.lowerBound
        while idx < row.range.upperBound {
            let w = TextWidth.of(lines[row.line][idx])
            if used + w > col { break }
            used += w
            idx += 1
        }
        // On a row that wraps, the position after its last character belongs to the next row.
        let isLastOfLine = target + 1 == rows.count || rows[target + 1].line != row.line
        if !isLastOfLine && idx == row.range.upperBound && idx > row.range.lowerBound { idx -= 1 }
        line = row.line
        column = idx
    }
}
