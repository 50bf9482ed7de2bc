@testable import CaseAuditUI
import XCTest

/// "\r\n" is a single Character in Swift: pasted Windows text must still break lines.
final class CRLFWidgetTests: XCTestCase {
    func testGridShowsCRLFAsABlank() {
        var grid = CellGrid(width: 10, height: 1)
        grid.put("ab\r\ncd", row: 0, column: 0)
        XCTAssertEqual(grid.rowText(0).prefix(5), "ab cd")
    }

    func testLineFieldRefusesCRLF() {
        var f = LineField("CR-1")
        XCTAssertFalse(f.handle(.character("\r\n")))
        XCTAssertEqual(f.text, "CR-1")
    }

    func testBufferBreaksTheLineOnCRLF() {
        var b = TextBuffer("")
        b.insert("one\r\ntwo")
        XCTAssertEqual(b.lines.count, 2)
        XCTAssertEqual(b.text, "one\ntwo")
    }
}
