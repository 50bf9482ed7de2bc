import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// `AppEnvironment.saveInBackground` (the real interface): a key that saves returns before the
/// save is done, quitting waits for it, and a failure is still shown.
final class BackgroundSaveTests: XCTestCase {
    private func newDraft(_ app: CaseAuditApp) {
        app.press(.character("n"), .enter)
        app.type("CR-60011")
        app.press(.enter, .enter)
        app.type("Riverside")
        app.press(.enter, .enter, .enter, .enter)
    }

    func testSlowSaveIsOffTheKeyPathAndEmergencySaveWaitsForIt() throws {
        let folder = TempFolder()
        var env = try Fixtures.environment(folder)
        env.saveInBackground = true
        let real = env.saveAudit
        env.saveAudit = { audit, reason in
            Thread.sleep(forTimeInterval: 0.4)
            try real(audit, reason)
        }
        let app = CaseAuditApp(environment: env)
        newDraft(app)
        XCTAssertEqual(app.state.screen, .editor)
        let started = Date()
        app.press(.character("y"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.3, "the key waited for the save")
        app.emergencySave()
        let store = AuditStore(directory: DataDirectory(root: folder.url))
        XCTAssertEqual(try store.load("2026-11-newaudit1").sections["chronology"]?.answers["chron-up-to-date"]?.answer, .yes)
    }

    func testBackgroundSaveFailureIsShownOnTheNextScreen() throws {
        let folder = TempFolder()
        var env = try Fixtures.environment(folder)
        env.saveInBackground = true
        env.saveAudit = { _, _ in
            throw CaseAuditError(.ioError, file: "/data/audits/x.json", "disk full", remedy: "free some space")
        }
        let app = CaseAuditApp(environment: env)
        newDraft(app)
        app.press(.character("y"))
        app.saver?.waitForPending()
        _ = app.render()
        XCTAssertEqual(app.state.lastingMessage, "NOT SAVED to \(folder.url.path)/audits/2026-11-newaudit1.json: "
                       + "disk full. Your changes are kept here until saved: free some space, then press s to try again.")
    }
}
