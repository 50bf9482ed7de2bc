import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// Open escalations are counted on the dashboard, and `e` lists them (the QA lead's list).
final class EscalationScreenTests: XCTestCase {
    func escalated(_ audit: Audit, resolvedOn day: String? = nil) -> Audit {
        var a = audit
        var record = SectionRecord(answers: ["escalation-needed": Response(answer: .yes, note: "A new bruise recorded at the last visit."),
                                             "escalation-to": Response(value: "Service manager, the same day")])
        if let day { record.answers["escalation-resolved"] = Response(value: day) }
        a.sections["escalation"] = record
        return a
    }

    func makeApp() throws -> CaseAuditApp {
        var audits = Fixtures.audits(60)
        audits[3] = escalated(audits[3])
        audits[17] = escalated(audits[17])
        audits[30] = escalated(audits[30], resolvedOn: "2026-11-02")
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        return CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits, inMemory: true))
    }

    func testTheDashboardCountsOpenEscalationsAndEListsThem() throws {
        let app = try makeApp()
        XCTAssertEqual(app.state.openEscalations, 2)
        assertGolden(app.render(width: 80, height: 24), "dashboard-escalations-80x24")
        XCTAssertTrue(app.render().rowText(1).hasPrefix(" ! 2 open escalations: e lists them"))
        app.press(.character("e"))
        XCTAssertEqual(app.state.screen, .list)
        XCTAssertEqual(app.state.list.filter, "escalation:open")
        let shown = app.state.list.visible!.map { app.state.rows[$0].id }
        let expected = [app.state.rows[3].id, app.state.rows[17].id]
        XCTAssertEqual(Set(shown), Set(expected))
        app.press(.escape)
        XCTAssertEqual(app.state.screen, .dashboard)
    }

    func testNoLineWithoutAnOpenEscalation() throws {
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: Fixtures.audits(20), inMemory: true))
        XCTAssertEqual(app.state.openEscalations, 0)
        XCTAssertFalse(app.render(width: 80, height: 24).rowText(1).contains("escalation"))
    }

    /// `R` in the editor on a completed audit with an open escalation: the day (today by default)
    /// and a reason are asked; the audit stays complete, the history records the reason, the
    /// dashboard's count drops and the lock taken for the save is let go.
    func testRMarksTheEscalationResolvedAndTheHistoryRecordsIt() throws {
        let folder = TempFolder()
        let directory = DataDirectory(root: folder.url)
        let repo = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let catalog = TemplateCatalog.load(folder: repo.appendingPathComponent("AuditTemplates"))
        let t = try XCTUnwrap(catalog.latest("child-journey"))
        var audit = Audit(id: "2026-11-escalat1", template: TemplateRef(id: t.id, version: t.version), status: .complete,
                          caseRef: "CR-70001", cohort: t.cohorts[0], team: "Riverside", auditor: "Mx Auditor",
                          month: Month(year: 2026, month: 11), created: fixedNow)
        audit = escalated(audit)
        try AuditRepository(directory: directory).save(audit, by: "Mx Auditor", reason: nil)
        let env = AppEnvironment(directory: directory, catalog: catalog, measures: [], user: "Q. Lead", now: { fixedNow })
        let app = CaseAuditApp(environment: env)
        XCTAssertEqual(app.state.openEscalations, 1)
        app.press(.character("l"), .enter)
        XCTAssertEqual(app.state.editor?.readOnly, .completed)
        app.press(.character("R"))
        guard case .prompt(let day)? = app.state.overlay else { return XCTFail("no prompt for the day") }
        XCTAssertEqual(day.purpose, .resolveDay)
        XCTAssertEqual(day.field.text, EditorReducer.day(fixedNow), "today by default")
        app.press(.enter)
        app.press(.enter)
        guard case .prompt(let reason)? = app.state.overlay else { return XCTFail("no prompt for the reason") }
        XCTAssertNotNil(reason.error, "a reason is required")
        app.type("Service manager confirmed a safety plan is in place")
        app.press(.enter)
        XCTAssertNil(app.state.overlay)

        let saved = try AuditStore(directory: directory).load(audit.id)
        XCTAssertEqual(saved.sections["escalation"]?.answers["escalation-resolved"]?.value, EditorReducer.day(fixedNow))
        XCTAssertEqual(saved.status, .complete, "resolving does not reopen the audit")
        let entries = try AuditHistory(directory: directory).entries(audit.id)
        XCTAssertEqual(entries.last?.reason, "Service manager confirmed a safety plan is in place")
        XCTAssertEqual(entries.last?.user, "Q. Lead")
        XCTAssertEqual(app.state.openEscalations, 0)
        XCTAssertNil(AuditLock.holder(id: audit.id, directory: directory), "the lock taken to save is let go")
        // Nothing left to resolve.
        app.press(.character("R"))
        XCTAssertNil(app.state.overlay)
        XCTAssertTrue(app.state.status?.contains("has none") ?? false, app.state.status ?? "no status")
    }

    func testABadDayIsRefusedInThePrompt() throws {
        let folder = TempFolder()
        let directory = DataDirectory(root: folder.url)
        let repo = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let catalog = TemplateCatalog.load(folder: repo.appendingPathComponent("AuditTemplates"))
        let t = try XCTUnwrap(catalog.latest("child-journey"))
        let audit = escalated(Audit(id: "2026-11-escalat2", template: TemplateRef(id: t.id, version: t.version), status: .complete,
                                    caseRef: "CR-70002", cohort: t.cohorts[0], team: "Riverside", auditor: "Mx Auditor",
                                    month: Month(year: 2026, month: 11), created: fixedNow))
        try AuditRepository(directory: directory).save(audit, by: "Mx Auditor", reason: nil)
        let app = CaseAuditApp(environment: AppEnvironment(directory: directory, catalog: catalog, measures: [], user: "Q. Lead",
                                                           now: { fixedNow }))
        app.press(.character("l"), .enter, .character("R"))
        for _ in 0..<12 { app.press(.backspace) }
        app.type("31/02/2026")
        app.press(.enter)
        guard case .prompt(let p)? = app.state.overlay else { return XCTFail("the prompt stays") }
        XCTAssertEqual(p.purpose, .resolveDay)
        XCTAssertTrue(p.error?.contains("is not a date") ?? false, p.error ?? "no error")
        XCTAssertNil(try AuditStore(directory: directory).load(audit.id).sections["escalation"]?.answers["escalation-resolved"])
    }
}
