/// A one-line text field with a cursor (case reference, filter, reason, dates, numbers).
public struct LineField: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        switch key {
        case .character(let ch):
            if ch.isNewline { return false }  // also "\r\n", one Character
            if TextWidth.of(ch) == 0, cursor > 0 {
                characters[cursor - 1] = Character(String(characters[cursor - 1]) + String(ch))
            } else {
                characters.insert(ch, at: cursor)
                cursor += 1
            }
        case .backspace:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"): characters.removeAll(); cursor = 0
        default: return false
        }
        return true
    }

    /// Draws the field in `width` columns, scrolled so the cursor shows; places the grid cursor
    /// when `focused`.
    public func draw(into grid: inout CellGrid, row: Int, column: Int, width: Int, focused: Bool, style: Style = .underlined) {
        guard width > 0 else { return }
        var start = 0
        while TextWidth.of(String(characters[start..<cursor])) > width - 1 { start += 1 }
        let visible = TextWidth.prefix(String(characters[start...]), columns: width)
        grid.fill(row: row, column: column, width: width, height: 1, style: style)
        grid.put(visible, row: row, column: column, style: style, maxColumns: width)
        if focused {
            grid.cursor = (row, column + TextWidth.of(String(characters[start..<cursor])))
        }
    }
}

extension Style {
    public static let underlined = Style(underline: true)
}
