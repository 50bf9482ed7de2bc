import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The screens in ASCII mode (`--ascii`, `CASEAUDIT_ASCII=1`, TERM=vt100) at 80x24: golden text,
/// and no character above 127 anywhere except in what the auditor typed.
final class ASCIIScreenTests: XCTestCase {
    /// A note with accents, a dash and CJK: the letters must survive ASCII mode.
    let note = "Zoë met 佐藤さん at the contact centre; Größe noted."

    func makeApp(_ audits: [Audit] = Fixtures.audits(60)) throws -> CaseAuditApp {
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        return CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits, inMemory: true))
    }

    func render(_ app: CaseAuditApp) -> CellGrid {
        var grid = CellGrid(width: 80, height: 24, ascii: true)
        app.draw(into: &grid)
        return grid
    }

    /// Golden text, then every character above 127 must be one of the note's.
    func check(_ app: CaseAuditApp, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let grid = render(app)
        assertGolden(grid, "ascii-\(name)-80x24", file: file, line: line)
        let allowed = Set(note)
        let stray = Set(grid.text.filter { ch in ch.unicodeScalars.contains { $0.value > 127 } && !allowed.contains(ch) })
        XCTAssertEqual(stray, [], "characters above 127 outside note text on \(name)", file: file, line: line)
    }

    func testDashboardReportsAndListAreASCII() throws {
        let app = try makeApp(Fixtures.audits(200))
        check(app, "dashboard")
        app.press(.character("r"))
        check(app, "reports-by-month")
        app.press(.character("b"), .character("b"), .character("b"), .character("d"))
        check(app, "reports-grades-by-team")
        app.press(.character("d"), .character("p"), .character("p"))
        check(app, "reports-team-quarter")
        app.press(.escape, .character("l"))
        check(app, "audits-list")
    }

    func testAgreementByAuditorIsASCII() throws {
        var audits = ScreenGoldenTests.moderated()
        // A name too long for its column is cut with the ASCII stand-in.
        audits[0].auditor = "Solo Auditor-With-A-Long-Name-Cut"
        let app = try makeApp(audits)
        app.setQA(QAFigures(audits: audits, sampled: [], today: "2026-11-24"))
        app.press(.character("r"), .character("a"))
        check(app, "reports-agreement")
    }

    func testEditorAndNoteKeepTheirAccentsInASCIIMode() throws {
        let draft = Audit(id: "2026-11-draft001", template: TemplateRef(id: "child-journey-lac", version: 1),
                          caseRef: "CR-20001", cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor",
                          worker: "Dee Example", month: Month(year: 2026, month: 11), created: fixedNow)
        let app = try makeApp([draft] + Fixtures.audits(20))
        app.press(.character("l"), .character("/"))
        app.type("CR-20001")
        app.press(.enter, .enter)
        app.press(.character("e"))
        app.type(note)
        check(app, "note-editor")
        XCTAssertTrue(render(app).text.contains("Zoë"), "accents are kept")
        app.press(.escape)
        check(app, "editor")
        app.press(.tab, .down, .down, .down)
        check(app, "editor-grade-row")
    }

    /// The main screens at 120x40 in ASCII mode: golden text, and not one byte above 127.
    func testMainScreensAt120x40HaveNoByteAbove127() throws {
        let draft = Audit(id: "2026-11-draft001", template: TemplateRef(id: "child-journey-lac", version: 1),
                          caseRef: "CR-20001", cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor",
                          worker: "Dee Example", month: Month(year: 2026, month: 11), created: fixedNow)
        let app = try makeApp([draft] + Fixtures.audits(200))
        func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
            var grid = CellGrid(width: 120, height: 40, ascii: true)
            app.draw(into: &grid)
            assertGolden(grid, "ascii-\(name)-120x40", file: file, line: line)
            let high = grid.text.utf8.filter { $0 > 127 }
            XCTAssertTrue(high.isEmpty, "\(high.count) bytes above 127 on the ASCII \(name) screen", file: file, line: line)
        }
        check("dashboard")
        app.press(.character("r"))
        check("reports-by-month")
        app.press(.character("d"))
        check("reports-grades")
        app.press(.escape, .character("l"))
        check("audits-list")
        app.press(.character("/"))
        app.type("CR-20001")
        app.press(.enter, .enter, .down)
        XCTAssertNotNil(app.state.editor)
        check("editor")
    }

    func testTheTooSmallNoticeIsASCII() {
        var grid = CellGrid(width: 60, height: 20, ascii: true)
        SizeGuard.draw(into: &grid)
        XCTAssertTrue(grid.text.contains("press q to quit"))
        XCTAssertFalse(grid.text.unicodeScalars.contains { $0.value > 127 })
    }

    func testEveryStandInIsOneColumnAndASCII() {
        for (original, standIn) in Glyphs.ascii {
            XCTAssertEqual(TextWidth.of(original), 1, "\(original) is one column, as its stand-in")
            XCTAssertTrue(standIn.isASCII, "\(original) -> \(standIn)")
        }
    }

    func testTheASCIIChoice() {
        XCTAssertTrue(Glyphs.wantsASCII(flag: true, environment: ["TERM": "xterm-256color"]))
        XCTAssertTrue(Glyphs.wantsASCII(flag: false, environment: ["TERM": "xterm", "CASEAUDIT_ASCII": "1"]))
        XCTAssertFalse(Glyphs.wantsASCII(flag: false, environment: ["TERM": "xterm", "CASEAUDIT_ASCII": "0"]))
        XCTAssertFalse(Glyphs.wantsASCII(flag: false, environment: ["TERM": "xterm", "CASEAUDIT_ASCII": ""]))
        XCTAssertTrue(Glyphs.wantsASCII(flag: false, environment: ["TERM": "vt100"]))
        XCTAssertTrue(Glyphs.wantsASCII(flag: false, environment: ["TERM": "vt220"]))
        XCTAssertFalse(Glyphs.wantsASCII(flag: false, environment: ["TERM": "tmux-256color"]))
        XCTAssertFalse(Glyphs.wantsASCII(flag: false, environment: [:]))
    }
}
