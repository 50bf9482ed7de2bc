@testable import CaseAuditUI
import XCTest

/// Issue 14 point 7: a control or bidirectional-control character in a name never reaches the
/// terminal through the cell grid (the ncurses backend also turns C0/C1 into spaces).
final class GridControlCharacterTests: XCTestCase {
    func testPutStoresNoControlOrBidiCharacter() {
        var grid = CellGrid(width: 60, height: 1)
        grid.put("North\u{1B}[2J\u{1B}]0;owned\u{07}\u{08}\u{202E}\u{2066}\u{9B}\u{7F}\r\nEnd", row: 0, column: 0)
        for c in 0..<grid.width {
            for s in grid[0, c].character.unicodeScalars {
                let v = s.value
                XCTAssertFalse(v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v),
                               "cell \(c) holds U+\(String(v, radix: 16))")
            }
        }
        XCTAssertTrue(grid.rowText(0).hasPrefix("North[2J]0;owned End"), grid.rowText(0))
    }
}
