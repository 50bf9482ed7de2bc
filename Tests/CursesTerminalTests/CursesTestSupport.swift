import CNcurses
import CaseAuditUI
import XCTest
@testable import CursesTerminal

/// A CursesTerminal on newterm: output to /dev/null, input from a pipe the test writes to.
final class CursesHarness {
    let terminal: CursesTerminal
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private var writeEnd: Int32

    init(term: String = "xterm-256color", width: Int = 100, height: Int = 30, color: Bool? = nil, ascii: Bool = false) throws {
        setenv("COLUMNS", String(width), 1)
        setenv("LINES", String(height), 1)
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        writeEnd = fds[1]
        input = fdopen(fds[0], "r")!
        output = fopen("/dev/null", "w")!
        terminal = try CursesTerminal(terminalType: term, output: output, input: input, color: color, ascii: ascii)
        unsetenv("COLUMNS")
        unsetenv("LINES")
    }

    deinit {
        terminal.shutdown()
        if writeEnd >= 0 { close(writeEnd) }
        fclose(input)
        fclose(output)
    }

    var window: UnsafeMutablePointer<WINDOW> { terminal.testingWindow }

    /// Feeds bytes as if typed.
    func type(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { write(writeEnd, $0.baseAddress, $0.count) }
    }

    func type(_ text: String) { type(Array(text.utf8)) }

    /// Feeds what the terminal sends for a key, from its terminfo entry (e.g. "kcuu1").
    func typeCapability(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let raw = tigetstr(name), Int(bitPattern: raw) != -1 else {
            XCTFail("terminfo has no \(name)", file: file, line: line)
            return
        }
        type(String(cString: raw))
    }

    func endInput() {
        close(writeEnd)
        writeEnd = -1
    }

    /// Every event until the input ends.
    func drainEvents() -> [KeyEvent] {
        var events: [KeyEvent] = []
        while let e = terminal.nextEvent() { events.append(e) }
        return events
    }

    /// A row as ncurses holds it (wide characters once), trailing spaces trimmed.
    func rowText(_ row: Int) -> String {
        var buf = [wchar_t](repeating: 0, count: 512)
        let n = ca_read_row(window, Int32(row), &buf, 511)
        guard n != ca_err() else { return "<ERR>" }
        var s = String(String.UnicodeScalarView(buf.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
        while s.last == " " { s.removeLast() }
        return s
    }

    struct CellReadBack: Equatable {
        var text: String
        var bold = false, reverse = false, underline = false, dim = false
        var pair: Int16 = 0
    }

    func cell(_ row: Int, _ column: Int) -> CellReadBack {
        var buf = [wchar_t](repeating: 0, count: Int(ca_ccharw_max()) + 1)
        var attrs: attr_t = 0
        var pair: Int16 = 0
        guard ca_read_cell(window, Int32(row), Int32(column), &buf, &attrs, &pair) != ca_err() else {
            return CellReadBack(text: "<ERR>")
        }
        let text = String(String.UnicodeScalarView(buf.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
        return CellReadBack(text: text, bold: attrs & ca_a_bold() != 0, reverse: attrs & ca_a_reverse() != 0,
                            underline: attrs & ca_a_underline() != 0, dim: attrs & ca_a_dim() != 0, pair: pair)
    }
}
