import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The editor knows where its audit's row is (so a save replaces it without a search over every row).
final class RowLookupTests: XCTestCase {
    func testOpeningFromTheListRemembersTheRow() throws {
        let folder = TempFolder()
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: Fixtures.audits(5), inMemory: true))
        app.press(.character("l"), .character("j"), .enter)
        let editor = try XCTUnwrap(app.state.editor)
        XCTAssertEqual(app.state.list.openedRow, app.state.list.visible?[1])
        XCTAssertEqual(app.state.rows[try XCTUnwrap(editor.rowIndex)].id, editor.audit.id)
    }

    func testANewAuditsRowIsRemembered() throws {
        let folder = TempFolder()
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: Fixtures.audits(3)))
        app.press(.character("n"), .enter)
        app.type("CR-60009")
        app.press(.enter, .enter)
        app.type("Riverside")
        app.press(.enter, .enter, .enter, .enter)
        let editor = try XCTUnwrap(app.state.editor)
        XCTAssertEqual(app.state.rows.count, 4)
        XCTAssertEqual(editor.rowIndex, 3)
        app.press(.character("y"))
        XCTAssertEqual(app.state.rows.count, 4, "a save of the new audit added a second row")
    }

    func testLookupUsesTheHintOnlyWhenItHoldsTheAudit() {
        var rng = SeededRandom(seed: 41)
        let state = RandomRows.state(RandomRows.make(20, &rng))
        let id = state.rows[7].id
        XCTAssertEqual(state.rowIndex(of: id, hint: 7), 7)
        XCTAssertEqual(state.rowIndex(of: id, hint: 3), 7)
        XCTAssertEqual(state.rowIndex(of: id, hint: 99), 7)
        XCTAssertNil(state.rowIndex(of: "no-such-audit", hint: 7))
    }
}
