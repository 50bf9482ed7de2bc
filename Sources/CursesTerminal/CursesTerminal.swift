import CNcurses
import CaseAuditUI
import Dispatch

/// Why the terminal could not be opened, in words for the person at it.
public struct CursesTerminalError: Error, CustomStringConvertible {
    public var description: String
}

/// The `Terminal` on ncursesw: the only code in the program that talks to curses.
///
/// Draws only the rows that changed since the last grid, each wide character once, and keeps
/// no state of its own worth redrawing from: after a resize the next grid is drawn in full.
public final class CursesTerminal: InterruptibleTerminal {
    /// How long a wait for a key lasts before the run loop looks again at what happened meanwhile
    /// (the audits loaded, a save finished, a signal): at most this late, and an idle interface
    /// wakes 50 times a second for a few microseconds.
    static let pollMilliseconds = 20
    private var screen: OpaquePointer?
    private let window: UnsafeMutablePointer<WINDOW>
    private var colors: ColorPairs
    private var last: CellGrid?
    private var redrawAll = true
    private var cursorShown: Bool?

    /// Whether styles are drawn with colour (false on monochrome terminals and with `NO_COLOR`).
    public var usesColor: Bool { colors.enabled }
    /// Whether screens are drawn in ASCII: asked for, a terminal type without Unicode glyphs
    /// (vt100), or a locale that stayed non-UTF-8 even after the C.UTF-8 fallback.
    public let prefersASCII: Bool

    /// Opens the user's terminal (stdin and stdout, `$TERM`).
    public convenience init(ascii: Bool = false) throws {
        try self.init(terminalType: nil, output: ca_stdout(), input: ca_stdin(), ascii: ascii)
    }

    /// Opens a terminal on the given streams; tests pass /dev/null or a pipe.
    /// `color` overrides the usual rule (colour when the terminal has it and `NO_COLOR` is unset);
    /// `ascii` asks for ASCII screens whatever the terminal (`--ascii`, `CASEAUDIT_ASCII=1`).
    public init(terminalType: String?, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                color: Bool? = nil, ascii: Bool = false) throws {
        let utf8 = TerminalLocale.prepare()
        guard let screen = newterm(terminalType, output, input) else {
            let name = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? "(TERM is not set)"
            throw CursesTerminalError(description:
                "cannot use the terminal type \"\(name)\"; set TERM to one this system knows, e.g. TERM=xterm-256color or TERM=vt100")
        }
        set_term(screen)
        self.screen = screen
        self.window = ca_stdscr()
        raw()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        set_escdelay(25)
        wtimeout(window, Int32(Self.pollMilliseconds))
        Self.defineCommonKeySequences()
        let noColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
        colors = ColorPairs(enabled: color ?? !noColor)
        let term = terminalType ?? getenv("TERM").map { String(cString: $0) }
        prefersASCII = ascii || !utf8 || !Glyphs.terminalDrawsUnicode(term)
    }

    deinit { shutdown() }

    public var size: (width: Int, height: Int) {
        (Int(ca_getmaxx(window)), Int(ca_getmaxy(window)))
    }

    public func present(_ grid: CellGrid) {
        guard let screen else { return }
        set_term(screen)
        let (width, height) = size
        let rows = redrawAll ? Array(0..<grid.height) : grid.changedRows(since: last)
        for row in rows where row < height {
            draw(row: row, of: grid, width: width)
        }
        if redrawAll || last?.height != grid.height || last?.width != grid.width {
            clearOutside(grid, width: width, height: height)
        }
        placeCursor(grid.cursor, width: width, height: height)
        if redrawAll { clearok(ca_curscr(), true) }
        wnoutrefresh(window)
        doupdate()
        last = grid
        redrawAll = false
    }

    public func nextEvent() -> KeyEvent? { nextEvent(until: { false }) }

    public func nextEvent(until interrupted: () -> Bool) -> KeyEvent? {
        guard let screen else { return nil }
        set_term(screen)
        // get_wch gives ERR both on the timeout and at the end of input; only the latter comes
        // back at once, again and again.
        var quickFailures = 0
        while !interrupted() {
            var code: wint_t = 0
            let started = DispatchTime.now().uptimeNanoseconds
            let status = wget_wch(window, &code)
            if status == ca_err() {
                if DispatchTime.now().uptimeNanoseconds - started < UInt64(Self.pollMilliseconds) * 500_000 {
                    quickFailures += 1
                    if quickFailures >= 10 { return nil }
                } else {
                    quickFailures = 0
                }
                continue
            }
            quickFailures = 0
            let isKeyCode = status == ca_key_code_yes()
            if isKeyCode && Int32(bitPattern: code) == ca_key_resize() { redrawAll = true }
            if let event = CursesKeys.event(code: code, isKeyCode: isKeyCode, size: { self.size }) {
                return event
            }
        }
        return nil
    }

    public func shutdown() {
        guard let screen else { return }
        set_term(screen)
        endwin()
        delscreen(screen)
        self.screen = nil
    }

    /// The ncurses window, for tests that read back what was drawn.
    public var testingWindow: UnsafeMutablePointer<WINDOW> { window }

    /// Home, End, Delete and the page keys as xterm, rxvt, screen/tmux and the Linux console send
    /// them, so they work even when TERM names a slightly different terminal (common over ssh and in tmux).
    private static func defineCommonKeySequences() {
        let sequences: [(String, Int32)] = [
            ("\u{1B}[1~", ca_key_home()), ("\u{1B}[7~", ca_key_home()), ("\u{1B}[H", ca_key_home()), ("\u{1B}OH", ca_key_home()),
            ("\u{1B}[4~", ca_key_end()), ("\u{1B}[8~", ca_key_end()), ("\u{1B}[F", ca_key_end()), ("\u{1B}OF", ca_key_end()),
            ("\u{1B}[3~", ca_key_dc()), ("\u{1B}[5~", ca_key_ppage()), ("\u{1B}[6~", ca_key_npage()), ("\u{1B}[Z", ca_key_btab()),
            ("\u{1B}[A", ca_key_up()), ("\u{1B}[B", ca_key_down()), ("\u{1B}[C", ca_key_right()), ("\u{1B}[D", ca_key_left()),
            ("\u{1B}OA", ca_key_up()), ("\u{1B}OB", ca_key_down()), ("\u{1B}OC", ca_key_right()), ("\u{1B}OD", ca_key_left()),
        ]
        for (sequence, key) in sequences where key_defined(sequence) == 0 {
            define_key(sequence, key)
        }
    }

    // MARK: Drawing

    private func draw(row: Int, of grid: CellGrid, width: Int) {
        let columns = min(grid.width, width)
        var text = [wchar_t](repeating: 0, count: Int(ca_ccharw_max()) + 1)
        for column in 0..<columns {
            let cell = grid[row, column]
            if cell.isContinuation { continue }
            // A wide character that would hang over the right edge becomes a space.
            let fits = column + Int(max(cell.width, 1)) <= width
            fill(&text, with: fits ? cell.character : " ")
            let style = cell.style
            _ = ca_put_cell(window, Int32(row), Int32(column), text, attributes(style), colors.pair(for: style))
        }
        if columns < width {
            wmove(window, Int32(row), Int32(columns))
            wclrtoeol(window)
        }
    }

    private func clearOutside(_ grid: CellGrid, width: Int, height: Int) {
        if grid.height < height {
            wmove(window, Int32(grid.height), 0)
            wclrtobot(window)
        }
    }

    /// One spacing character and its combining marks, as setcchar wants them; control
    /// characters become spaces so nothing in a note can move the terminal's cursor.
    private func fill(_ text: inout [wchar_t], with character: Character) {
        for i in text.indices { text[i] = 0 }
        var n = 0
        for scalar in character.unicodeScalars {
            if n == 0 {
                let v = scalar.value
                text[0] = (v < 0x20 || (v >= 0x7F && v < 0xA0)) ? 0x20 : wchar_t(bitPattern: v)
                n = 1
                continue
            }
            guard n < text.count - 1 else { break }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark:
                text[n] = wchar_t(bitPattern: scalar.value)
                n += 1
            default:
                break
            }
        }
        if n == 0 { text[0] = 0x20 }
    }

    private func attributes(_ style: Style) -> attr_t {
        var a = ca_a_normal()
        if style.bold { a |= ca_a_bold() }
        if style.reverse { a |= ca_a_reverse() }
        if style.underline { a |= ca_a_underline() }
        if style.dim { a |= ca_a_dim() }
        return a
    }

    private func placeCursor(_ cursor: (row: Int, column: Int)?, width: Int, height: Int) {
        if let cursor, cursor.row >= 0, cursor.row < height, cursor.column >= 0, cursor.column < width {
            if cursorShown != true { curs_set(1); cursorShown = true }
            wmove(window, Int32(cursor.row), Int32(cursor.column))
            leaveok(window, false)
        } else {
            if cursorShown != false { curs_set(0); cursorShown = false }
            leaveok(window, true)
        }
    }
}
