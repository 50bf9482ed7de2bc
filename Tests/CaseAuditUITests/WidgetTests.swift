import CaseAuditCore
@testable import CaseAuditUI
import XCTest

final class WidgetTests: XCTestCase {
    func testBufferMovesByGraphemeOverWideAndCombiningCharacters() {
        var b = TextBuffer("")
        b.insert("Zoe")
        b.insert("\u{0308}")   // combining diaeresis typed on its own joins the e
        b.insert(" 佐藤")
        XCTAssertEqual(b.text, "Zoë 佐藤")
        XCTAssertEqual(b.lines[0].count, 6)
        XCTAssertEqual(b.cursorPosition(width: 40).column, 8, "Zoë is 3 columns, a space, 佐藤 is 4")
        b.left()
        XCTAssertEqual(b.cursorPosition(width: 40).column, 6)
        b.backspace()
        XCTAssertEqual(b.text, "Zoë 藤")
        b.home()
        b.right(); b.right(); b.right()
        b.backspace()
        XCTAssertEqual(b.text, "Zo 藤", "backspace removes the whole ë, mark and all")
    }

    func testBufferNewlinesAndJoins() {
        var b = TextBuffer("first line")
        b.newline()
        b.insert("second")
        XCTAssertEqual(b.text, "first line\nsecond")
        b.home()
        b.backspace()
        XCTAssertEqual(b.text, "first linesecond")
        XCTAssertEqual(b.column, 10)
    }

    func testWrapBreaksAtSpacesAndKeepsWideCharactersWhole() {
        XCTAssertEqual(TextWrap.wrap("the quick brown fox", width: 10), ["the quick", "brown fox"])
        XCTAssertEqual(TextWrap.wrap("佐藤佐藤佐藤", width: 5), ["佐藤", "佐藤", "佐藤"])
        XCTAssertEqual(TextWrap.wrap("abcdefghij", width: 4), ["abcd", "efgh", "ij"])
        XCTAssertEqual(TextWrap.wrap("a\n\nb", width: 4), ["a", "", "b"])
        // A word that exactly fills the row stays on it (the space after it is not drawn).
        XCTAssertEqual(TextWrap.wrap("Placement stability and matching", width: 19), ["Placement stability", "and matching"])
        XCTAssertEqual(TextWrap.segments(Array("abcd efgh"), width: 4, hangingSpace: true), [0..<5, 5..<9])
    }

    func testCursorMovesByScreenRowInWrappedText() {
        var b = TextBuffer("the quick brown fox")
        XCTAssertEqual(b.cursorPosition(width: 10).row, 1)
        b.moveRow(-1, width: 10)
        XCTAssertEqual(b.cursorPosition(width: 10).row, 0)
        XCTAssertEqual(b.line, 0)
        b.moveRow(1, width: 10)
        XCTAssertEqual(b.cursorPosition(width: 10).row, 1)
    }

    func testLineFieldEditing() {
        var f = LineField("CR-1")
        XCTAssertTrue(f.handle(.character("2")))
        XCTAssertTrue(f.handle(.home))
        XCTAssertTrue(f.handle(.delete))
        XCTAssertEqual(f.text, "R-12")
        XCTAssertFalse(f.handle(.enter))
    }

    func testBarMarksBaselineAndTarget() {
        // 10 cells: 50% fills 5; the baseline (40%) and target (70%) marks sit on cells 4 and 7.
        XCTAssertEqual(Bar.text(percent: 50, baseline: 40, target: 70, width: 12), "[████|░░┃░░]")
        XCTAssertEqual(Bar.text(percent: nil, baseline: nil, target: 70, width: 12), "[░░░░░░░┃░░]")
        XCTAssertEqual(Sparkline.text([0, 50, 100, nil]), "▁▅█·")
    }

    func testViewportKeepsSelectionVisible() {
        XCTAssertEqual(Viewport.top(selected: 0, previousTop: 0, height: 10, count: 500), 0)
        XCTAssertEqual(Viewport.top(selected: 15, previousTop: 0, height: 10, count: 500), 6)
        XCTAssertEqual(Viewport.top(selected: 7, previousTop: 6, height: 10, count: 500), 6)
        XCTAssertEqual(Viewport.top(selected: 499, previousTop: 0, height: 10, count: 500), 490)
    }
}

/// A status message longer than its line takes the row above rather than stop mid-word.
final class StatusLineTests: XCTestCase {
    func testALongMessageWrapsOntoTheRowAboveAndEndsInAnEllipsisOnlyWhenStillTooLong() {
        var grid = CellGrid(width: 40, height: 10)
        grid.put("content row", row: 7, column: 0)
        Chrome.status(&grid, "125 gaps remain; first: did anything need action to keep the child safe today?")
        XCTAssertEqual(grid.rowText(7).trimmingCharacters(in: .whitespaces), "125 gaps remain; first: did anything")
        XCTAssertEqual(grid.rowText(8).trimmingCharacters(in: .whitespaces), "need action to keep the child safe …")
        XCTAssertFalse(grid.rowText(8).contains("kee "), "never cut mid-word")

        var long = CellGrid(width: 40, height: 10)
        Chrome.status(&long, String(repeating: "word ", count: 30))
        XCTAssertTrue(long.rowText(8).trimmingCharacters(in: .whitespaces).hasSuffix("…"), long.rowText(8))

        var short = CellGrid(width: 40, height: 10)
        short.put("content row", row: 7, column: 0)
        Chrome.status(&short, "Saved.")
        XCTAssertEqual(short.rowText(7).trimmingCharacters(in: .whitespaces), "content row", "a short message keeps its one line")
        XCTAssertEqual(short.rowText(8).trimmingCharacters(in: .whitespaces), "Saved.")
    }
}

/// The low-count flag shrinks to the room left on a row: never a flag cut in half.
final class LowCountMarkTests: XCTestCase {
    func testTheFlagShrinksToTheRoomLeft() {
        let m = MeasureRow(measure: Measure(id: "p", title: "Plans", section: "plan", target: 70),
                           period: "2026-12", audits: 2, graded: 2, goodOrBetter: 1)
        XCTAssertEqual(Views.lowCountMark(m, room: 40), " (few, 95% 9.5-90.5%)")
        XCTAssertEqual(Views.lowCountMark(m, room: 8), " (few)")
        XCTAssertEqual(Views.lowCountMark(m, room: 3), " *")
        XCTAssertEqual(Views.lowCountMark(m, room: 1), "")
        let many = MeasureRow(measure: m.measure, period: "2026-12", audits: 20, graded: 20, goodOrBetter: 10)
        XCTAssertEqual(Views.lowCountMark(many, room: 40), "", "10 or more graded: no flag")
    }
}
