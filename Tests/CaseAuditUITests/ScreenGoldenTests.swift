import CaseAuditCore
import Foundation
@testable import CaseAuditUI
import XCTest

/// Every screen at 80x24 and 120x40, compared with golden text files read by a person.
final class ScreenGoldenTests: XCTestCase {
    let sizes = [(80, 24), (120, 40)]

    func makeApp(_ audits: [Audit] = Fixtures.audits(60), problems: [Diagnostic] = []) throws -> CaseAuditApp {
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        return CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits, inMemory: true, problems: problems))
    }

    func check(_ app: CaseAuditApp, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for (w, h) in sizes {
            assertGolden(app.render(width: w, height: h), "\(name)-\(w)x\(h)", file: file, line: line)
        }
    }

    /// A draft with some answers, opened in the editor.
    func draftApp() throws -> CaseAuditApp {
        var draft = Audit(id: "2026-11-draft001", template: TemplateRef(id: "child-journey-lac", version: 1),
                          caseRef: "CR-20001", cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor",
                          worker: "Dee Example", month: Month(year: 2026, month: 11), created: fixedNow)
        draft.withSection("chronology") { s in
            s.answers["chron-up-to-date"] = Response(answer: .yes)
            s.answers["chron-significant"] = Response(answer: .partly, note: "Significant events are listed but their impact on the child is not analysed.")
        }
        draft.withSection("assessment") { s in
            s.answers["assess-current"] = Response(answer: .no, note: "Last assessment is 14 months old.")
        }
        return try makeApp([draft] + Fixtures.audits(20))
    }

    func openFirst(_ app: CaseAuditApp, filter: String) {
        app.press(.character("l"), .character("/"))
        app.type(filter)
        app.press(.enter, .enter)
    }

    func testDashboard() throws {
        let app = try makeApp(problems: [.error("/data/audits/bad.json", "not JSON"), .error("/data/audits/worse.json", "empty")])
        check(app, "dashboard")
        app.press(.left)
        XCTAssertTrue(app.render().rowText(0).hasSuffix("Oct 2026 (month)"))
        app.press(.right, .character("t"))
        check(app, "dashboard-quarter")
        app.press(.left)
        XCTAssertTrue(app.render().rowText(0).hasSuffix("FY2026-27 Q2 (quarter)"))
    }

    func testReports() throws {
        let app = try makeApp(Fixtures.audits(200))
        app.press(.character("r"))
        check(app, "reports-by-month")
        app.press(.character("b"), .character("b"), .character("b"))
        check(app, "reports-by-team")
        app.press(.character("d"))
        check(app, "reports-grades-by-team")
        // Drill down: the audits behind the first row, then Esc back to the reports.
        app.press(.character("b"), .character("b"), .character("b"), .character("d"), .enter)
        XCTAssertEqual(app.state.screen, .list)
        XCTAssertEqual(app.state.list.drill?.title, "2025-12 · LAC assessments rated good or outstanding")
        let shown = app.state.list.visible!.map { app.state.rows[$0] }
        XCTAssertEqual(shown.count, app.state.reports.rows?.first?.audits)
        XCTAssertTrue(shown.allSatisfy { $0.month == Month(year: 2025, month: 12) && $0.status == .complete && $0.cohort == .lookedAfter })
        check(app, "reports-drill-down")
        app.press(.escape)
        XCTAssertEqual(app.state.screen, .reports)
        XCTAssertEqual(app.state.list.filter, "")
    }

    /// Team by a chosen quarter (partial while it runs), moved back a quarter; the drill-down
    /// lists exactly `Counting.behind` for the narrowed row, and Esc returns to the same
    /// grouping, period and row.
    func testReportsNarrowedToAQuarter() throws {
        let app = try makeApp(Fixtures.audits(200))
        app.press(.character("r"), .character("b"), .character("b"), .character("b"))
        XCTAssertEqual(app.state.reports.grouping, .team)
        app.press(.character("p"), .character("p"))
        XCTAssertEqual(app.state.reports.period?.description, "FY2026-27 Q3")
        check(app, "reports-team-quarter")
        app.press(.character("["))
        XCTAssertEqual(app.state.reports.period?.description, "FY2026-27 Q2")
        check(app, "reports-team-previous-quarter")
        app.press(.character("?"))
        check(app, "help-reports")
        app.press(.escape)
        app.press(.down, .down, .enter)
        XCTAssertEqual(app.state.screen, .list)
        let measure = TestTemplates.measures[0]
        let behind = Counting.behind(measure, period: "Northgate", by: .team, in: app.state.rows,
                                     from: Month(year: 2026, month: 7), to: Month(year: 2026, month: 9))
        XCTAssertFalse(behind.isEmpty)
        XCTAssertEqual(app.state.list.drill?.title, "Northgate · FY2026-27 Q2 · \(measure.title)")
        XCTAssertEqual(Set(app.state.list.visible!.map { app.state.rows[$0].id }), Set(behind.map(\.audit.id)))
        app.press(.escape)
        XCTAssertEqual(app.state.screen, .reports)
        XCTAssertEqual(app.state.reports.grouping, .team)
        XCTAssertEqual(app.state.reports.period?.description, "FY2026-27 Q2")
        XCTAssertEqual(app.state.reports.selected, 2)
        XCTAssertEqual(app.render().rowText(0), try XCTUnwrap(lastQuarterTitle))
    }

    /// By template (child-journey apart from child-journey-lac), narrowed to a quarter and moved
    /// back one; the status line names the selected row's template by its title, and Enter
    /// lists exactly `Counting.behind` for the row, as `caseaudit audits --by template` does.
    func testReportsByTemplateNarrowedToAQuarter() throws {
        var cin = TestTemplates.lac
        cin.id = "child-journey"
        cin.title = "Child journey audit (children in need and child protection)"
        var audits = Fixtures.audits(200)
        for i in audits.indices where i % 3 == 0 { audits[i].template = TemplateRef(id: cin.id, version: cin.version) }
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        var env = try Fixtures.environment(folder, audits: audits, inMemory: true)
        env.catalog = TemplateCatalog(templates: [TestTemplates.lac, cin])
        let app = CaseAuditApp(environment: env)
        app.press(.character("r"), .character("b"), .character("b"), .character("b"), .character("b"), .character("b"))
        XCTAssertEqual(app.state.reports.grouping, .template)
        app.press(.character("p"), .character("p"), .character("["))
        XCTAssertEqual(app.state.reports.period?.description, "FY2026-27 Q2")
        app.press(.down, .down)
        check(app, "reports-template-quarter")
        app.press(.enter)
        let row = try XCTUnwrap(app.state.reports.rows?[2])
        let behind = Counting.behind(row.measure, period: row.period, by: .template, in: app.state.rows,
                                     from: Month(year: 2026, month: 7), to: Month(year: 2026, month: 9))
        XCTAssertEqual(behind.count, row.audits)
        XCTAssertEqual(Set(app.state.list.visible!.map { app.state.rows[$0].id }), Set(behind.map(\.audit.id)))
        XCTAssertEqual(app.state.list.drill?.title, "\(row.period) · FY2026-27 Q2 · \(row.measure.title)")
        app.press(.escape)
        XCTAssertEqual(app.state.reports.selected, 2)
    }

    /// The title bar of `reports-team-previous-quarter` at 80x24, read from its golden.
    var lastQuarterTitle: String? {
        let url = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
            .appendingPathComponent("Goldens/reports-team-previous-quarter-80x24.txt")
        return (try? String(contentsOf: url, encoding: .utf8))?.components(separatedBy: "\n").first
    }

    /// Audits with some grades moved by a moderator: up, down and kept.
    static func moderated() -> [Audit] {
        var audits = Fixtures.audits(60)
        for i in audits.indices where audits[i].status == .complete && i % 2 == 0 {
            let moves: [Int] = [0, -1, 1, 0, 2]
            for (k, id) in ["assessment", "plan"].enumerated() {
                audits[i].withSection(id) { s in
                    guard let g = s.grade, let at = Grade.scale.firstIndex(of: g) else { return }
                    let to = max(0, min(3, at + moves[(i + k) % moves.count]))
                    s.moderation = Moderation(grade: Grade.scale[to], by: "Quinn Lead", at: fixedNow, rationale: "Synthetic.")
                }
            }
        }
        return audits
    }

    func testAgreementByAuditor() throws {
        let audits = Self.moderated()
        let app = try makeApp(audits)
        app.setQA(QAFigures(audits: audits, sampled: [], today: "2026-11-24"))
        app.press(.character("r"), .character("a"))
        check(app, "reports-agreement")
        // The figures are the core's: `caseaudit agreement --by auditor` counts the same.
        let core = Agreement.rows(Agreement.pairs(in: Agreement.audits(audits, from: nil, to: nil)), by: .auditor)
        XCTAssertEqual(AgreementReducer.rows(app.state), core)
        XCTAssertGreaterThan(core.last!.movedUp, 0)
        XCTAssertGreaterThan(core.last!.movedDown, 0)
        // Narrowed to a quarter: only that quarter's pairs.
        app.press(.character("p"), .character("p"))
        let q3 = Agreement.rows(Agreement.pairs(in: Agreement.audits(audits, from: Month(year: 2026, month: 10),
                                                                      to: Month(year: 2026, month: 12))), by: .auditor)
        XCTAssertEqual(AgreementReducer.rows(app.state), q3)
        XCTAssertLessThan(q3.last!.pairs, core.last!.pairs)
        app.press(.escape)
        XCTAssertFalse(app.state.reports.showAgreement)
        XCTAssertEqual(app.state.screen, .reports)
    }

    func testAgreementWithNothingModeratedSaysHowToModerate() throws {
        let audits = Fixtures.audits(60)
        let app = try makeApp(audits)
        app.setQA(QAFigures(audits: audits, sampled: [], today: "2026-11-24"))
        app.press(.character("r"), .character("a"))
        check(app, "reports-agreement-empty")
        XCTAssertTrue(app.render().text.contains("caseaudit moderate FILE.csv"))
    }

    func testAuditsList() throws {
        let app = try makeApp()
        app.press(.character("l"))
        check(app, "audits-list")
        app.press(.character("/"))
        app.type("team:riverside status:draft")
        check(app, "audits-list-filter-prompt")
        app.press(.enter)
        check(app, "audits-list-filtered")
    }

    func testLongListScrolled() throws {
        let app = try makeApp(Fixtures.audits(500))
        app.press(.character("l"))
        for _ in 0..<30 { app.press(.down) }
        app.press(.pageDown, .pageDown)
        assertGolden(app.render(), "audits-list-500-scrolled-80x24")
        XCTAssertEqual(app.state.list.selected, 30 + 2 * app.state.listHeight)
        // The selected row is drawn in reverse video (readable without colour), and only it.
        let grid = app.render()
        let reversed = (2..<grid.height - 2).filter { grid[$0, 3].style.reverse }
        XCTAssertEqual(reversed.count, 1)
        let selectedRow = app.state.rows[app.state.list.visible![app.state.list.selected]]
        XCTAssertTrue(grid.rowText(reversed[0]).contains(selectedRow.caseRef))
        app.press(.end)
        assertGolden(app.render(), "audits-list-500-end-80x24")
    }

    func testNewAuditForm() throws {
        let app = try makeApp()
        app.press(.character("n"))
        check(app, "new-audit-template")
        app.press(.enter)
        app.type("CR-30001")
        app.press(.enter, .enter)   // case ref -> cohort -> team
        check(app, "new-audit-form")
        app.press(.down, .enter)   // past the empty team (Enter there opens its picker) and the worker
        app.press(.input(for: .control("u")))
        app.type("2026-13")
        app.press(.enter, .enter)   // month -> auditor -> create (fails: team and month)
        check(app, "new-audit-errors")
    }

    func testEditDetailsForm() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.character("E"))
        assertGolden(app.render(width: 80, height: 24), "edit-details-80x24")
        app.press(.down, .down, .control("u"), .down, .down, .control("u"))
        app.type("2026-13")
        app.press(.down, .enter)   // on Auditor, the last field: refused, team and month marked
        assertGolden(app.render(width: 80, height: 24), "edit-details-errors-80x24")
    }

    /// Enter on an empty Team in the details form opens the new audit's team picker.
    func testEditDetailsTeamPicker() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.character("E"), .down, .down, .control("u"), .enter)
        check(app, "edit-details-team-picker")
    }

    func testEditorOnQuestion() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.down)
        check(app, "editor-question")
        app.press(.character("g"))
        check(app, "editor-guidance")
    }

    func testEditorOnGradeRow() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.tab, .down, .down, .down)
        check(app, "editor-grade-row")
    }

    func testNoteEditor() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.down, .character("e"))
        check(app, "note-editor")
    }

    /// The note editor's count is in the right number: "1 character", "2 characters".
    func testNoteEditorCharacterCountPlural() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.character("e"))
        app.type("u")
        XCTAssertTrue(app.render().text.contains("· 1 character\n"), app.render().text)
        app.type("p")
        XCTAssertTrue(app.render().text.contains("· 2 characters\n"), app.render().text)
    }

    func testWideCharactersInNote() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.character("e"))
        app.type("Zoë met 佐藤さん at the contact centre; the visit notes record the child's wishes in her own words. ")
        app.type("Ein Satz auf Deutsch für die Größe.")
        check(app, "note-wide-characters")
        app.press(.escape)
        check(app, "editor-after-wide-note")
    }

    func testOverallAndActions() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.character("a"))
        app.type("Update the chronology with the school exclusion")
        app.press(.enter)
        app.type("Social worker")
        app.press(.enter)
        app.type("2026-12-15")
        app.press(.enter)
        app.press(.character("a"))
        app.type("Review contact, ongoing")
        app.press(.enter)
        app.type("Team manager")
        app.press(.enter)
        app.type("2027-01-10")
        app.press(.enter)
        check(app, "editor-overall-actions")
    }

    func testHelpOverlays() throws {
        let app = try draftApp()
        app.press(.character("?"))
        check(app, "help-dashboard")
        app.press(.escape, .character("l"), .character("?"))
        check(app, "help-list")
        app.press(.escape)
        openFirst(app, filter: "CR-20001")
        app.press(.character("?"))
        check(app, "help-editor")
        app.press(.escape, .character("e"), .function(1))
        check(app, "help-note")
    }

    /// A long team name at 80 columns: the title bar says COMPLETE whole rather than cut
    /// "COMPLETE · read-…"; the status line says read-only.
    func testCompletedAuditWithALongTeamAt80Columns() throws {
        let audits = Fixtures.audits(20).map { a -> Audit in
            var a = a
            a.team = "Eastbrook Child Protection"
            return a
        }
        let app = try makeApp(audits)
        openFirst(app, filter: "CR-10000")
        let grid = app.render(width: 80, height: 24)
        XCTAssertTrue(grid.rowText(0).contains("Eastbrook Child Protection · 2026-11 "), grid.rowText(0))
        XCTAssertTrue(grid.rowText(0).hasSuffix(" COMPLETE"), grid.rowText(0))
        XCTAssertFalse(grid.rowText(0).contains("…"), grid.rowText(0))
        XCTAssertTrue(grid.rowText(22).contains("Read-only"), grid.rowText(22))
        XCTAssertTrue(app.render(width: 120, height: 40).rowText(0).hasSuffix("COMPLETE · read-only"))
    }

    func testCompletedAuditReadOnly() throws {
        let app = try makeApp(Fixtures.audits(20))
        openFirst(app, filter: "CR-10000")
        check(app, "editor-read-only")
        app.press(.character("y"))
        check(app, "editor-read-only-refuses")
    }

    /// A QA lead moderates a completed audit's overall grade: the editor shows both grades.
    func testModeratedOverallGrade() throws {
        let app = try makeApp(Fixtures.audits(20))
        openFirst(app, filter: "CR-10000")
        app.press(.tab, .tab, .tab, .tab, .character("M"))
        check(app, "editor-moderate-chooser")
        app.press(.down, .enter)
        app.type("Plan has no contingency; requires improvement on balance.")
        app.press(.enter)
        check(app, "editor-moderated")
    }

    func testSmartQuestion() throws {
        let app = try draftApp()
        openFirst(app, filter: "CR-20001")
        app.press(.tab, .tab, .character("e"))
        app.type("Parents to attend core group; to be reviewed at core group")
        check(app, "note-smart-findings")
        app.press(.escape, .character("1"), .character("3"))
        check(app, "editor-smart")
        // Time-bound without a timescale: the note editor asks why first.
        app.press(.character("5"))
        check(app, "editor-smart-time-bound-note")
    }
}

/// Issue 13, reading: long section names, options, dates, dialog titles and team names are not
/// cut where the width allows; narrow columns wrap, and the full text shows in the detail pane.
final class LongTextGoldenTests: XCTestCase {
    let sizes = [(80, 24), (120, 40)]

    func check(_ app: CaseAuditApp, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for (w, h) in sizes {
            assertGolden(app.render(width: w, height: h), "\(name)-\(w)x\(h)", file: file, line: line)
        }
    }

    /// A draft of the shipped looked-after-children template, whose section names are long
    /// ("Management oversight and supervision"), opened in the editor.
    func shippedLACDraft() throws -> CaseAuditApp {
        let repo = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let catalog = TemplateCatalog.load(folder: repo.appendingPathComponent("AuditTemplates"))
        let t = try XCTUnwrap(catalog.latest("child-journey-lac"))
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        let directory = DataDirectory(root: folder.url)
        let draft = Audit(id: "2026-11-longname", template: TemplateRef(id: t.id, version: t.version), caseRef: "CR-40001",
                          cohort: .lookedAfter, team: "Meadowbank Permanence", auditor: "Mx Auditor",
                          worker: "Dee Example", month: Month(year: 2026, month: 11), created: fixedNow)
        try AuditRepository(directory: directory).save(draft, by: "Mx Auditor", reason: nil)
        var env = AppEnvironment(directory: directory, catalog: catalog, measures: [], user: "Mx Auditor", now: { fixedNow })
        env.loadQA = nil
        let app = CaseAuditApp(environment: env)
        app.press(.character("l"), .enter)
        return app
    }

    func section(_ app: CaseAuditApp, _ title: String) throws {
        let ed = try XCTUnwrap(app.state.editor)
        let index = try XCTUnwrap(ed.template.sections.firstIndex { $0.title == title })
        for _ in 0..<index { app.press(.tab) }
        XCTAssertEqual(app.state.editor?.currentSection?.title, title)
    }

    func testLongSectionNameAndADateAnswer() throws {
        let app = try shippedLACDraft()
        try section(app, "Management oversight and supervision")
        app.press(.enter)
        app.type("14/11/2026")
        app.press(.enter)
        check(app, "editor-long-section-date")
        for (w, h) in sizes {
            let text = app.render(width: w, height: h).text
            XCTAssertTrue(text.contains("2026-11-14 "), "the date is whole in the answer column at \(w)x\(h)")
            XCTAssertTrue(text.contains("Management oversight and supervision"), "the full name in the pane at \(w)x\(h)")
        }
        // At 120 columns and wider the section list is wide enough for the name on one row.
        XCTAssertTrue(app.render(width: 200, height: 40).text.contains(" Management oversight and supervision "))
        // The next question's dialog: its long title wraps inside the box.
        app.press(.down, .enter)
        check(app, "prompt-long-title")
        XCTAssertTrue(app.render(width: 80, height: 24).text.contains("months (a number)"))
    }

    func testChoicesThatShareAStartAreToldApart() throws {
        let app = try shippedLACDraft()
        try section(app, "Permanence")
        app.press(.enter)
        check(app, "chooser-foster-care")
        app.press(.down, .enter)
        check(app, "editor-choice-answer")
        XCTAssertTrue(app.render(width: 80, height: 24).text.contains("Foster care (a"), "not just \"Foster …\"")
        XCTAssertTrue(app.render(width: 120, height: 40).text.contains("▸ Foster care (agency carers) "))
    }

    /// The reports by team give a long team name the room the screen has: whole at 100 and 120
    /// columns, cut visibly (…) only at 80.
    func testLongTeamNamesInTheReports() throws {
        let long = ["Eastbrook Child Protection", "Meadowbank Permanence", "Northgate Assessment", "Riverside CIN"]
        let audits = Fixtures.audits(40).enumerated().map { i, a in
            var a = a
            a.team = long[i % long.count]
            return a
        }
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits, inMemory: true))
        app.press(.character("r"), .character("b"), .character("b"), .character("b"))
        XCTAssertEqual(app.state.reports.grouping, .team)
        check(app, "reports-long-teams")
        for width in [100, 120] {
            let text = app.render(width: width, height: 30).text
            XCTAssertTrue(text.contains("Eastbrook Child Protection "), text)
            XCTAssertFalse(text.contains("…"), text)
        }
    }

    func testLongTeamNamesInTheList() throws {
        let long = ["Eastbrook Child Protection", "Meadowbank Permanence", "Northgate Assessment", "Riverside CIN"]
        let audits = Fixtures.audits(40).enumerated().map { i, a in
            var a = a
            a.team = long[i % long.count]
            return a
        }
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits, inMemory: true))
        app.press(.character("l"))
        check(app, "audits-list-long-teams")
        XCTAssertTrue(app.render(width: 120, height: 40).text.contains("Eastbrook Child Protection "))
        // At 80 columns the selected row's team is in full on the status line when its column cuts it.
        for _ in 0..<6 { app.press(.down) }
        let grid = app.render(width: 80, height: 24)
        XCTAssertTrue(grid.rowText(22).contains("Eastbrook Child Protection"), grid.rowText(22))
        // → scrolls sideways to the whole-width table: the team column whole, then a column on.
        app.press(.right)
        assertGolden(app.render(width: 80, height: 24), "audits-list-long-teams-scrolled-80x24")
        XCTAssertTrue(app.render(width: 80, height: 24).rowText(8).contains("Eastbrook Child Protection child-journey-lac"))
        app.press(.right, .right, .right)
        XCTAssertTrue(app.render(width: 80, height: 24).rowText(1).hasSuffix("Status   Overall"), "as far as the last column")
        app.press(.left, .left, .left, .left)
        XCTAssertEqual(app.render(width: 80, height: 24).text, grid.text, "← comes back to the fitted table")
        XCTAssertFalse(app.render(width: 120, height: 40).text.contains("→"), "nothing to scroll at 120 columns")
    }

    /// A long text answer does not widen the answer column: the question keeps its room.
    func testATextAnswerDoesNotWidenTheAnswerColumn() throws {
        var draft = Audit(id: "2026-11-textans1", template: TemplateRef(id: "child-journey-lac", version: 1),
                          caseRef: "CR-20002", cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor",
                          worker: "Dee Example", month: Month(year: 2026, month: 11), created: fixedNow)
        draft.withSection("case-details") { s in
            s.answers["child-view"] = Response(value: "She wants to stay at her school and see her brother every week.")
            s.answers["visits-count"] = Response(value: "4")
        }
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: [draft], inMemory: true))
        app.press(.character("l"), .enter, .tab, .tab, .tab, .down)
        XCTAssertEqual(app.state.editor?.currentSection?.id, "case-details")
        let text = app.render(width: 80, height: 24).text
        XCTAssertTrue(text.contains("▸ She wan… (optional) What does the child say about"), text)
        XCTAssertTrue(text.contains("She wants to stay at her school and see her") && text.contains("brother every week."),
                      "whole below")
    }

    /// A measure title too long for its line beside the baseline and target is cut visibly,
    /// with a gap before them; at 120 columns it is whole.
    func testALongMeasureTitleOnTheDashboard() throws {
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        var env = try Fixtures.environment(folder, audits: Fixtures.audits(20), inMemory: true)
        env.measures = [Measure(id: "plan-themed", title: "Plans rated good or outstanding in themed plan audits",
                                section: "plan", target: 70)]
        let app = CaseAuditApp(environment: env)
        let narrow = app.render(width: 80, height: 24).rowText(2)
        XCTAssertTrue(narrow.hasSuffix("…  baseline none  target 70%"), narrow)
        XCTAssertTrue(app.render(width: 120, height: 40).rowText(2).contains("in themed plan audits  "))
    }

    /// The editor's help fits 80x24 whole, grade legend included; on a shorter screen it
    /// scrolls, and its last line (the grade legend) can be reached.
    func testTheEditorHelpScrollsWhenTheScreenIsShort() throws {
        let app = try shippedLACDraft()
        app.press(.character("?"))
        XCTAssertTrue(app.render().text.contains("Grades: O Outstanding"), "whole at 80x24")
        XCTAssertFalse(app.render().text.contains("more: j/k scroll"))
        XCTAssertFalse(app.render(width: 80, height: 18).text.contains("Grades: O Outstanding"))
        XCTAssertTrue(app.render(width: 80, height: 18).text.contains("more: j/k scroll"))
        for _ in 0..<10 { app.press(.character("j")) }
        assertGolden(app.render(width: 80, height: 18), "help-editor-scrolled-80x18")
        XCTAssertTrue(app.render(width: 80, height: 18).text.contains("Grades: O Outstanding"))
        app.press(.character("k"))
        XCTAssertTrue(app.render(width: 80, height: 18).text.contains("1 more"))
        app.press(.escape)
        XCTAssertNil(app.state.overlay)
        app.press(.character("?"))
        XCTAssertTrue(app.render().text.contains("y p n x"), "the help opens at its top again")
    }
}

extension KeyEvent {
    /// Readability helper for tests: the key itself.
    static func input(for key: KeyEvent) -> KeyEvent { key }
}
