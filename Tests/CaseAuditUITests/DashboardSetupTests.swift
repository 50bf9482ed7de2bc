import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// Issue 13's dashboard points and issue 10's "never into empty future periods".
final class DashboardSetupTests: XCTestCase {
    /// Ten measures, as with the shipped defaults of the measures issue (titles of the same kind).
    static let tenMeasures = TestTemplates.measures + [
        Measure(id: "chronology-quality", title: "Chronologies rated good or outstanding", section: "chronology", target: 70),
        Measure(id: "lac-plan-quality", title: "LAC plans rated good or outstanding", section: "plan", cohorts: [.lookedAfter], baseline: 44, target: 70),
        Measure(id: "care-leaver-plans", title: "Care leavers' pathway plans rated good or outstanding", section: "plan",
                cohorts: [.careLeaver], target: 70),
        Measure(id: "care-leaver-assessment", title: "Care leavers' assessments rated good or outstanding", section: "assessment",
                cohorts: [.careLeaver], target: 70),
        Measure(id: "permanence-quality", title: "Permanence planning rated good or outstanding", section: "permanence",
                cohorts: [.lookedAfter], target: 70),
        Measure(id: "lac-chronology", title: "LAC chronologies rated good or outstanding", section: "chronology",
                cohorts: [.lookedAfter], baseline: 50, target: 80),
    ]

    func makeApp(_ audits: [Audit] = Fixtures.audits(60), measures: [Measure] = TestTemplates.measures) throws -> CaseAuditApp {
        let folder = TempFolder()
        addTeardownBlock { _ = folder }
        var env = try Fixtures.environment(folder, audits: audits, inMemory: true)
        env.measures = measures
        return CaseAuditApp(environment: env)
    }

    func check(_ app: CaseAuditApp, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for (w, h) in [(80, 24), (120, 40)] {
            assertGolden(app.render(width: w, height: h), "\(name)-\(w)x\(h)", file: file, line: line)
        }
    }

    func testEnterListsExactlyTheAuditsTheMeasureCountsForThePeriodShown() throws {
        let app = try makeApp(Fixtures.audits(200))
        app.press(.down)   // the second measure: plans
        app.press(.left)   // Oct 2026
        let measure = app.state.measures[1]
        let expected = Counting.behind(measure, period: "2026-10", by: .month, in: app.state.rows).map(\.audit.id)
        XCTAssertFalse(expected.isEmpty)
        app.press(.enter)
        XCTAssertEqual(app.state.screen, .list)
        let shown = ListReducer.computeVisible(app.state).map { app.state.rows[$0].id }
        XCTAssertEqual(Set(shown), Set(expected))
        XCTAssertEqual(shown.count, expected.count)
        let title = app.render(width: 120, height: 40).rowText(0)
        XCTAssertTrue(title.contains("behind: Oct 2026 · Plans rated good or outstanding"), title)
        // Back, and `l` is the whole list again.
        app.press(.escape)
        XCTAssertEqual(app.state.screen, .dashboard)
        app.press(.character("l"))
        XCTAssertEqual(ListReducer.computeVisible(app.state).count, 200)
    }

    func testAQuarterDrillsDownByQuarter() throws {
        let app = try makeApp(Fixtures.audits(200))
        app.press(.character("t"), .enter)
        let expected = Counting.behind(app.state.measures[0], period: "FY2026-27 Q3", by: .quarter, in: app.state.rows).map(\.audit.id)
        XCTAssertEqual(Set(ListReducer.computeVisible(app.state).map { app.state.rows[$0].id }), Set(expected))
    }

    func testJChoosesAMeasureWithoutScrollingWhenEverythingFits() throws {
        let app = try makeApp()
        app.press(.character("j"))
        let grid = app.render(width: 80, height: 24)
        XCTAssertEqual(app.state.dashboard.scroll, 0)
        XCTAssertTrue(grid.text.contains("LAC assessments rated good or outstanding"), "the first measure stays in sight")
        XCTAssertTrue(grid.rowText(6).hasPrefix(" ▸ Plans rated"), grid.rowText(6))
    }

    func testSixMeasuresAllShowAt100x30() throws {
        let app = try makeApp(measures: Array(Self.tenMeasures.prefix(6)))
        let text = app.render(width: 100, height: 30).text
        for m in Self.tenMeasures.prefix(6) { XCTAssertTrue(text.contains(m.title), "\(m.title) missing:\n\(text)") }
        XCTAssertFalse(text.contains("measures 1-"), text)
        // With the QA line there is no room for blank rows between them: three rows each, all six.
        app.setQA(QAFigures(audits: [], sampled: ["2026-11-000000"], today: "2026-11-25"))
        let dense = app.render(width: 100, height: 30)
        for m in Self.tenMeasures.prefix(6) { XCTAssertTrue(dense.text.contains(m.title), "\(m.title) missing:\n\(dense.text)") }
        XCTAssertTrue(dense.rowText(4).hasPrefix("   trend "), dense.text)
        XCTAssertTrue(dense.rowText(5).hasPrefix("   Plans rated"), dense.text)
        XCTAssertTrue(dense.text.contains("Sampled audits awaiting moderation"), dense.text)
    }

    func testTenMeasuresShowAtOnceOneLineEach() throws {
        let app = try makeApp(measures: Self.tenMeasures)
        check(app, "dashboard-ten-measures")
        let text = app.render(width: 100, height: 30).text
        XCTAssertFalse(text.contains("measures 1-"), "all ten fit at 100x30:\n\(text)")
        for m in Self.tenMeasures { XCTAssertTrue(text.contains(String(m.title.prefix(30))), "\(m.title) missing:\n\(text)") }
        // Choosing the last one keeps the list where it is and shows its detail.
        for _ in 0..<9 { app.press(.character("j")) }
        XCTAssertEqual(app.state.dashboard.scroll, 0)
        XCTAssertTrue(app.render(width: 100, height: 30).text.contains("▸ LAC chronologies rated good or outstanding"))
    }

    func testTenMeasuresScrollOnlyWhenTheyTrulyDoNotFit() throws {
        let app = try makeApp(measures: Self.tenMeasures)
        _ = app.render(width: 80, height: 14)
        for _ in 0..<9 { app.press(.character("j")) }
        let grid = app.render(width: 80, height: 14)
        XCTAssertGreaterThan(app.state.dashboard.scroll, 0)
        XCTAssertTrue(grid.rowText(1).contains("of 10 (j/k)"), grid.rowText(1))
    }

    func testTheCountsSayThePeriodTheyCount() throws {
        // Today is Nov 2026; the latest completed audits are in Oct 2026 only.
        let audits = Fixtures.audits(60).filter { $0.month != Month(year: 2026, month: 11) }
        let app = try makeApp(audits)
        let text = app.render(width: 80, height: 24).text
        XCTAssertTrue(text.contains("Oct 2026 (month)"))
        let inOct = audits.filter { $0.month == Month(year: 2026, month: 10) }
        let done = inOct.filter { $0.status == .complete }.count
        XCTAssertTrue(text.contains(" Oct 2026: \(inOct.count) audits (\(done) completed, "), text)
        XCTAssertFalse(text.contains("Nov 2026:"), text)
    }

    func testRightStopsAtTheLatestPeriodNeverAnEmptyFutureOne() throws {
        let app = try makeApp()
        XCTAssertTrue(app.render().rowText(0).hasSuffix("Nov 2026 (month)"))
        app.press(.right, .right)
        XCTAssertTrue(app.render().rowText(0).hasSuffix("Nov 2026 (month)"))
        XCTAssertEqual(app.state.status, "Nov 2026 is the latest period")
        app.press(.character("t"), .right)
        XCTAssertTrue(app.render().rowText(0).hasSuffix("FY2026-27 Q3 (quarter)"), app.render().rowText(0))
        app.press(.left, .right)
        XCTAssertTrue(app.render().rowText(0).hasSuffix("FY2026-27 Q3 (quarter)"), app.render().rowText(0))
    }

    func testAnEmptyDataFolderShowsTheFirstRunScreen() throws {
        let app = try makeApp([])
        check(app, "dashboard-first-run")
        let text = app.render().text
        XCTAssertTrue(text.contains("Press n to start your first audit."))
        XCTAssertTrue(text.contains("caseaudit demo"))
        XCTAssertFalse(text.contains("none graded"))
        app.press(.character("n"))
        XCTAssertEqual(app.state.screen, .newAudit)
    }

    func testNewAuditTeamPickerScreen() throws {
        let folder = TempFolder()
        try Data("- Eastbrook\n- Hillside\n- Northgate\n- Riverside\n".utf8).write(to: folder.url.appendingPathComponent("teams.yaml"))
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: Fixtures.audits(4)))
        app.press(.character("n"), .enter)
        app.type("CR-60001")
        app.press(.enter, .enter, .enter, .down)
        check(app, "new-audit-team-picker")
    }
}
