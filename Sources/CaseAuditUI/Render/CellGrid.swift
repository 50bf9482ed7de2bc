/// One screen cell. A wide character occupies its cell (width 2) and the next cell, which holds
/// a continuation (`isContinuation`) that backends skip.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var width: UInt8
    public var style: Style
    public var isContinuation: Bool { width == 0 }

    public init(_ character: Character = " ", width: UInt8 = 1, style: Style = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    static func continuation(_ style: Style) -> Cell { Cell(" ", width: 0, style: style) }
}

/// An in-memory screen: views draw into it, backends present it, tests compare its text with goldens.
public struct CellGrid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown, if anywhere (for text entry).
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set {
            cursorRow = newValue?.row
            cursorColumn = newValue?.column ?? 0
        }
    }
    private var cursorRow: Int?
    private var cursorColumn: Int = 0
    /// Draw box drawing, bars and marks as ASCII stand-ins (`Glyphs`); text keeps its letters.
    public var ascii: Bool

    public init(width: Int, height: Int, ascii: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.ascii = ascii
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    public mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
        cursorRow = nil
    }

    /// Writes text at (row, column), clipped to `maxColumns` (default: to the right edge).
    /// Returns the column after the last cell written. A wide character that would straddle
    /// the clip edge is replaced by a space.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .plain, maxColumns: Int? = nil) -> Int {
        guard row >= 0, row < height, column < width else { return column }
        let limit = min(width, column + (maxColumns ?? width))
        var col = column
        for original in text {
            let ch = ascii ? Glyphs.asciiFallback(original) : original
            if ch.isNewline || ch == "\t" {  // isNewline: "\r\n" is one Character
                if col >= 0 && col < limit { self[row, col] = Cell(" ", style: style) }
                col += 1
                if col >= limit { break }
                continue
            }
            let w = TextWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit {
                while col < limit {
                    if col >= 0 { self[row, col] = Cell(" ", style: style) }
                    col += 1
                }
                break
            }
            if col >= 0 {
                self[row, col] = Cell(ch, width: UInt8(w), style: style)
                if w == 2 { self[row, col + 1] = .continuation(style) }
            }
            col += w
        }
        return col
    }

    /// Fills a rectangle with spaces in a style.
    public mutating func fill(row: Int, column: Int, width w: Int, height h: Int, style: Style = .plain) {
        for r in max(0, row)..<min(height, row + h) {
            for c in max(0, column)..<min(width, column + w) {
                self[r, c] = Cell(" ", style: style)
            }
        }
    }

    /// Applies a style to cells already drawn (e.g. to highlight a selected row).
    public mutating func restyle(row: Int, column: Int, width w: Int, _ change: (inout Style) -> Void) {
        guard row >= 0, row < height else { return }
        for c in max(0, column)..<min(width, column + w) {
            change(&cells[row * width + c].style)
        }
    }

    /// The text of one row, continuation cells skipped, trailing spaces trimmed.
    public func rowText(_ row: Int) -> String {
        var s = ""
        for c in 0..<width {
            let cell = self[row, c]
            if !cell.isContinuation { s.append(cell.character) }
        }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// Every row's text joined by newlines: what golden screen files hold.
    public var text: String { (0..<height).map(rowText).joined(separator: "\n") }

    public static func == (a: CellGrid, b: CellGrid) -> Bool {
        a.width == b.width && a.height == b.height && a.ascii == b.ascii && a.cells == b.cells
    }

    /// Rows that differ from `previous` (all rows if sizes differ): what a backend redraws.
    public func changedRows(since previous: CellGrid?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(0..<height) }
        return (0..<height).filter { r in
            let start = r * width
            return cells[start..<start + width] != previous.cells[start..<start + width]
        }
    }
}
