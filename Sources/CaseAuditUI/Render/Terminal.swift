/// A key or event from the terminal.
public enum KeyEvent: Equatable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    /// Ctrl+letter, e.g. `.control("s")`.
    case control(Character)
    case resize(width: Int, height: Int)
    case function(Int)
}

/// What the app needs of a terminal. `CursesTerminal` implements it on ncursesw; tests use
/// an in-memory one.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Draws a grid, redrawing only what changed since the last present.
    func present(_ grid: CellGrid)
    /// Waits for the next key or event; nil on end of input.
    func nextEvent() -> KeyEvent?
    /// Restores the terminal to how it was before the program started.
    func shutdown()
    /// Whether screens should be drawn in plain ASCII (`Glyphs`): asked for, or a terminal
    /// that cannot draw box drawing and blocks.
    var prefersASCII: Bool { get }
}

extension Terminal {
    public var prefersASCII: Bool { false }
}
