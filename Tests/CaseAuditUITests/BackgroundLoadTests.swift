import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// `AppEnvironment.loadInBackground` (the real interface): the first screen is drawn before the
/// audit rows are loaded, the loaded dashboard follows without a key, and a key typed while they
/// load waits for them instead of acting on an empty list.
final class BackgroundLoadTests: XCTestCase {
    /// An environment whose row load waits for `release`.
    private let audits = Fixtures.audits(4)

    private func slowEnvironment(_ folder: TempFolder, release: DispatchSemaphore) throws -> AppEnvironment {
        var env = try Fixtures.environment(folder, audits: audits)
        env.loadInBackground = true
        let real = env.loadRows
        env.loadRows = {
            release.wait()
            return real()
        }
        return env
    }

    private func waitForRedraw(_ app: CaseAuditApp) {
        let deadline = Date().addingTimeInterval(10)
        while !app.needsRedraw && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    }

    func testFirstScreenIsDrawnBeforeTheRowsLoadThenTheDashboardWithoutAKey() throws {
        let folder = TempFolder()
        let release = DispatchSemaphore(value: 0)
        let app = CaseAuditApp(environment: try slowEnvironment(folder, release: release))
        let first = app.render()
        XCTAssertTrue(first.text.contains("Loading the audits in \(folder.url.path)"), first.text)
        XCTAssertFalse(app.needsRedraw, "nothing to redraw while the rows still load")
        XCTAssertTrue(app.state.rows.isEmpty)
        release.signal()
        waitForRedraw(app)
        XCTAssertTrue(app.needsRedraw, "the run loop is not told the rows are in")
        let second = app.render()
        XCTAssertFalse(second.text.contains("Loading the audits"), second.text)
        XCTAssertFalse(app.state.rows.isEmpty)
        XCTAssertFalse(app.needsRedraw)
        // The same screen as an interface that loaded before its first draw.
        let inline = CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits))
        XCTAssertEqual(inline.render().text, second.text)
    }

    /// The QA figures read every audit: started beside the load, they took a core from it.
    func testTheQAFiguresStartOnlyOnceTheDashboardIsShown() throws {
        let folder = TempFolder()
        let release = DispatchSemaphore(value: 0)
        let app = CaseAuditApp(environment: try slowEnvironment(folder, release: release))
        _ = app.render()
        app.screenPresented()
        XCTAssertFalse(app.qaStarted, "the QA figures started while the rows still load")
        release.signal()
        waitForRedraw(app)
        XCTAssertFalse(app.qaStarted, "started before the dashboard was drawn")
        let dashboard = app.render()
        XCTAssertTrue(dashboard.text.contains("Dashboard"), dashboard.text)
        app.screenPresented()
        XCTAssertTrue(app.qaStarted, "the QA figures never started")
    }

    func testAKeyTypedWhileLoadingWaitsForTheRows() throws {
        let folder = TempFolder()
        let release = DispatchSemaphore(value: 0)
        let app = CaseAuditApp(environment: try slowEnvironment(folder, release: release))
        _ = app.render()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { release.signal() }
        app.press(.character("l"))
        XCTAssertEqual(app.state.screen, .list)
        XCTAssertFalse(app.state.rows.isEmpty)
        let inline = CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits))
        inline.press(.character("l"))
        XCTAssertEqual(app.render().text, inline.render().text)
    }
}
