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
}
