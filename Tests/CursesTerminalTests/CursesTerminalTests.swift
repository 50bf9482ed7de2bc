import CNcurses
import CaseAuditUI
import XCTest
@testable import CursesTerminal

final class CursesPresentTests: XCTestCase {
    func testOpensAtTheGivenSizeUnderAUTF8Locale() throws {
        let h = try CursesHarness(width: 100, height: 30)
        XCTAssertEqual(h.terminal.size.width, 100)
        XCTAssertEqual(h.terminal.size.height, 30)
        XCTAssertNotEqual(ca_locale_is_utf8(), 0)
    }

    func testUnknownTerminalTypeIsAnErrorNotACrash() {
        let out = fopen("/dev/null", "w")!, inp = fopen("/dev/null", "r")!
        defer { fclose(out); fclose(inp) }
        XCTAssertThrowsError(try CursesTerminal(terminalType: "no-such-terminal-zz", output: out, input: inp)) { error in
            XCTAssertTrue("\(error)".contains("no-such-terminal-zz"))
            XCTAssertTrue("\(error)".contains("TERM="))
        }
    }

    func testPresentsASCIIAccentsWideCharactersAndStyles() throws {
        let h = try CursesHarness(width: 100, height: 30, color: true)
        var grid = CellGrid(width: 100, height: 30)
        grid.put("Case ref CR-0001 audit", row: 0, column: 0)
        grid.put("Worker: Zoë Example", row: 1, column: 2)
        grid.put("Zoe\u{308} combining", row: 2, column: 0)
        grid.put("佐藤 Sato", row: 3, column: 0)
        grid.put("Bold", row: 4, column: 0, style: .bold)
        grid.put("Reverse", row: 5, column: 0, style: .selected)
        grid.put("Underline", row: 6, column: 0, style: Style(underline: true))
        grid.put("Dim", row: 7, column: 0, style: .dim)
        grid.put("Red", row: 8, column: 0, style: .red)
        grid.put("edge", row: 29, column: 96)
        h.terminal.present(grid)

        XCTAssertEqual(h.rowText(0), "Case ref CR-0001 audit")
        XCTAssertEqual(h.rowText(1), "  Worker: Zoë Example")
        XCTAssertEqual(h.rowText(2), "Zoe\u{308} combining")
        XCTAssertEqual(h.rowText(3), "佐藤 Sato")
        XCTAssertEqual(h.rowText(29), String(repeating: " ", count: 96) + "edge")
        XCTAssertEqual(h.cell(1, 12).text, "ë")
        XCTAssertEqual(h.cell(2, 2).text, "e\u{308}")
        XCTAssertEqual(h.cell(3, 0).text, "佐")
        XCTAssertEqual(h.cell(3, 2).text, "藤", "the wide character takes two columns")
        XCTAssertEqual(h.cell(3, 4).text, " ")
        XCTAssertEqual(h.cell(3, 5).text, "S")

        XCTAssertEqual(h.cell(0, 0), .init(text: "C"))
        XCTAssertEqual(h.cell(4, 0), .init(text: "B", bold: true))
        XCTAssertEqual(h.cell(5, 0), .init(text: "R", reverse: true))
        XCTAssertEqual(h.cell(6, 0), .init(text: "U", underline: true))
        XCTAssertEqual(h.cell(7, 0), .init(text: "D", dim: true))
        let red = h.cell(8, 0)
        XCTAssertTrue(red.bold)
        XCTAssertNotEqual(red.pair, 0, "colour terminals get a colour pair")
        var fg: Int16 = 0, bg: Int16 = 0
        XCTAssertNotEqual(pair_content(red.pair, &fg, &bg), ca_err())
        XCTAssertEqual(fg, Int16(COLOR_RED))
        XCTAssertEqual(h.cell(8, 1).pair, red.pair, "pairs are reused")
    }

    func testControlCharactersInTextAreDrawnAsSpaces() throws {
        let h = try CursesHarness()
        var grid = CellGrid(width: 100, height: 30)
        grid[0, 0] = Cell("\u{1B}")
        grid[0, 1] = Cell("x")
        h.terminal.present(grid)
        XCTAssertEqual(h.rowText(0), " x")
    }

    func testRedrawsOnlyChangedRowsUntilAResize() throws {
        let h = try CursesHarness()
        var grid = CellGrid(width: 100, height: 30)
        grid.put("row two", row: 2, column: 0)
        grid.put("row five", row: 5, column: 0)
        h.terminal.present(grid)
        // Scribble on row 5 behind the backend's back: an unchanged row must not be redrawn.
        mvwaddstr(h.window, 5, 0, "SCRIBBLE")
        grid.put("row two, changed", row: 2, column: 0)
        h.terminal.present(grid)
        XCTAssertEqual(h.rowText(2), "row two, changed")
        XCTAssertEqual(h.rowText(5), "SCRIBBLE")

        // After KEY_RESIZE everything is drawn again from the grid.
        XCTAssertEqual(ungetch(ca_key_resize()), ca_ok())
        XCTAssertEqual(h.terminal.nextEvent(), .resize(width: 100, height: 30))
        h.terminal.present(grid)
        XCTAssertEqual(h.rowText(5), "row five")
    }

    func testShrinkingTheGridClearsWhatItNoLongerCovers() throws {
        let h = try CursesHarness()
        var big = CellGrid(width: 100, height: 30)
        big.put(String(repeating: "x", count: 100), row: 25, column: 0)
        big.put(String(repeating: "y", count: 100), row: 3, column: 0)
        h.terminal.present(big)
        var small = CellGrid(width: 60, height: 20)
        small.put("small", row: 3, column: 0)
        h.terminal.present(small)
        XCTAssertEqual(h.rowText(3), "small")
        XCTAssertEqual(h.rowText(25), "")
    }

    func testCursorIsPlacedWhenTheGridAsksForIt() throws {
        let h = try CursesHarness()
        var grid = CellGrid(width: 100, height: 30)
        grid.put("Note: ", row: 7, column: 0)
        grid.cursor = (row: 7, column: 6)
        h.terminal.present(grid)
        XCTAssertEqual(getcury(h.window), 7)
        XCTAssertEqual(getcurx(h.window), 6)
    }

    func testMonochromeOnVT100UsesAttributesOnly() throws {
        let h = try CursesHarness(term: "vt100", width: 80, height: 24)
        XCTAssertFalse(h.terminal.usesColor)
        var grid = CellGrid(width: 80, height: 24)
        grid.put("Red", row: 0, column: 0, style: .red)
        grid.put("Amber", row: 1, column: 0, style: Style(foreground: .amber, background: .blue, reverse: true))
        h.terminal.present(grid)
        XCTAssertEqual(h.cell(0, 0), .init(text: "R", bold: true, pair: 0))
        XCTAssertEqual(h.cell(1, 0), .init(text: "A", reverse: true, pair: 0))
    }

    func testNoColorTurnsColourOff() throws {
        setenv("NO_COLOR", "1", 1)
        defer { unsetenv("NO_COLOR") }
        let h = try CursesHarness()
        XCTAssertFalse(h.terminal.usesColor)
        var grid = CellGrid(width: 100, height: 30)
        grid.put("Green", row: 0, column: 0, style: .green)
        h.terminal.present(grid)
        XCTAssertEqual(h.cell(0, 0), .init(text: "G", bold: true, pair: 0))
    }

    func testVT100AndTheASCIIFlagAskForASCIIScreensAndXtermDoesNot() throws {
        XCTAssertTrue(try CursesHarness(term: "vt100", width: 80, height: 24).terminal.prefersASCII)
        XCTAssertFalse(try CursesHarness(term: "xterm-256color").terminal.prefersASCII)
        XCTAssertTrue(try CursesHarness(term: "xterm-256color", ascii: true).terminal.prefersASCII)
    }

    func testAnASCIIGridIsDrawnWithASCIIBoxesAndAccentedText() throws {
        let h = try CursesHarness(term: "vt100", width: 80, height: 24)
        var grid = CellGrid(width: 80, height: 24, ascii: h.terminal.prefersASCII)
        grid.put("┌─┐ █ Zoë", row: 0, column: 0)
        h.terminal.present(grid)
        XCTAssertEqual((0..<9).map { h.cell(0, $0).text }.joined(), "+-+ # Zoë")
    }

    func testEmptyNoColorLeavesColourOn() throws {
        setenv("NO_COLOR", "", 1)
        defer { unsetenv("NO_COLOR") }
        let h = try CursesHarness()
        XCTAssertTrue(h.terminal.usesColor)
    }
}

final class CursesLifecycleTests: XCTestCase {
    func testANonUTF8LocaleFallsBackToUTF8() throws {
        let saved = getenv("LC_ALL").map { String(cString: $0) }
        setenv("LC_ALL", "C", 1)
        defer {
            if let saved { setenv("LC_ALL", saved, 1) } else { unsetenv("LC_ALL") }
            setlocale(LC_ALL, "")
        }
        setlocale(LC_ALL, "")
        XCTAssertEqual(ca_locale_is_utf8(), 0, "the C locale is not UTF-8 to begin with")
        XCTAssertTrue(TerminalLocale.prepare())
        XCTAssertNotEqual(ca_locale_is_utf8(), 0)
    }

    func testShutdownTwiceIsHarmlessAndStopsInput() throws {
        let h = try CursesHarness()
        h.terminal.shutdown()
        h.terminal.shutdown()
        XCTAssertNil(h.terminal.nextEvent())
        h.terminal.present(CellGrid(width: 10, height: 2))
    }
}
