import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// Turns the store's saves into failures on demand, as a disk filling up mid-session would.
final class FailSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var on = false
    var failing: Bool {
        get { lock.lock(); defer { lock.unlock() }; return on }
        set { lock.lock(); on = newValue; lock.unlock() }
    }
    /// When set, a failing save waits for it before failing (a slow disk the test lets go).
    var gate: DispatchSemaphore?
}

/// A terminal in memory that plays keys, runs test steps between them (say, freeing the disk),
/// waits for the app to ask for a redraw, or raises a signal; it records every screen presented.
private final class StepTerminal: InterruptibleTerminal {
    enum Step { case key(KeyEvent), run(() -> Void), awaitRedraw, raise(Int32) }
    var size: (width: Int, height: Int) = (80, 24)
    var steps: [Step]
    var presented: [CellGrid] = []
    var redrawAsked = false

    init(_ steps: [Step]) { self.steps = steps }

    func present(_ grid: CellGrid) { presented.append(grid) }
    func nextEvent() -> KeyEvent? { nextEvent(until: { false }) }
    func shutdown() {}

    func nextEvent(until interrupted: () -> Bool) -> KeyEvent? {
        while !steps.isEmpty {
            let step = steps.removeFirst()
            switch step {
            case .key(let event): return event
            case .run(let body): body()
            case .awaitRedraw, .raise:
                if case .raise(let signo) = step { raise(signo) }
                let deadline = Date().addingTimeInterval(5)
                while !interrupted() && Date() < deadline { usleep(5_000) }
                redrawAsked = interrupted()
                return nil
            }
        }
        return nil
    }

    var lastScreen: String { presented.last?.text ?? "" }
}

/// A failed save is never silent (issue 14, point 1): the change is kept and its message stays
/// until a save succeeds, `s` and the next change retry, leaving asks, and the program ends 74
/// if the change is left unsaved, whichever way it ends.
final class SaveFailureTests: XCTestCase {
    let id = "2026-11-newaudit1"

    /// An app over a temp folder whose saves fail while `fail.failing` is set.
    func makeApp(_ folder: TempFolder, _ fail: FailSwitch, audits: [Audit] = [], background: Bool = false) throws -> CaseAuditApp {
        var env = try Fixtures.environment(folder, audits: audits)
        env.saveInBackground = background
        let real = env.saveAudit
        let temp = folder.url.appendingPathComponent("audits/.tmp-x").path
        env.saveAudit = { audit, reason in
            if fail.failing {
                fail.gate?.wait()
                throw CaseAuditError(.cannotCreate, file: temp, "cannot write: No space left on device",
                                     remedy: "check there is space and that you may write to the folder")
            }
            try real(audit, reason)
        }
        return CaseAuditApp(environment: env)
    }

    func newDraft(_ app: CaseAuditApp) {
        app.press(.character("n"), .enter)
        app.type("CR-70001")
        app.press(.enter, .enter)
        app.type("Riverside")
        app.press(.enter, .enter, .enter, .enter)
        XCTAssertEqual(app.state.screen, .editor)
    }

    func onDisk(_ folder: TempFolder, _ id: String? = nil) throws -> Audit {
        try AuditStore(directory: DataDirectory(root: folder.url)).load(id ?? self.id)
    }

    func answers(_ audit: Audit) -> [String: Answer] {
        var result: [String: Answer] = [:]
        for (_, s) in audit.sections { for (q, r) in s.answers { if let a = r.answer { result[q] = a } } }
        return result
    }

    /// One answer saved, then the disk fills and two more are answered.
    func answerThreeWithTheDiskFilling(_ app: CaseAuditApp, _ fail: FailSwitch) {
        app.press(.character("y"))              // chron-up-to-date, saved
        fail.failing = true
        app.press(.character("p"))              // chron-significant, not saved
        app.press(.tab, .character("y"))        // assess-current, not saved
    }

    func testFailedSaveStaysOnScreenAcrossKeysAndTheNextChangeSavesIt() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail)
        newDraft(app)
        answerThreeWithTheDiskFilling(app, fail)
        XCTAssertEqual(answers(try onDisk(folder)), ["chron-up-to-date": .yes], "the file holds only the first answer")
        let file = folder.url.appendingPathComponent("audits/\(id).json").path
        let message = try XCTUnwrap(app.state.lastingMessage)
        XCTAssertTrue(message.hasPrefix("NOT SAVED to \(file): cannot write: No space left on device."), message)
        XCTAssertTrue(message.contains("check there is space") && message.contains("press s"), message)
        // Keys that change nothing leave the message where it is.
        for key: KeyEvent in [.down, .up, .character("g"), .character("g"), .character("?"), .escape] {
            app.press(key)
            XCTAssertTrue(app.render().text.contains("NOT SAVED to"), "message gone after \(key)")
        }
        XCTAssertEqual(app.state.editor?.audit.sections["assessment"]?.answers["assess-current"]?.answer, .yes,
                       "the unsaved answers are kept in memory")
        fail.failing = false
        app.press(.character("n"))              // the next change saves everything kept
        XCTAssertEqual(answers(try onDisk(folder)), ["chron-up-to-date": .yes, "chron-significant": .partly,
                                                    "assess-current": .yes, "assess-analysis": .no])
        XCTAssertNil(app.state.lastingMessage)
        XCTAssertFalse(app.render().text.contains("NOT SAVED"))
    }

    func testSSavesTheKeptChangeAgain() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail)
        newDraft(app)
        answerThreeWithTheDiskFilling(app, fail)
        app.press(.character("s"))              // still full: still not saved, still shown
        XCTAssertNotNil(app.state.unsaved)
        XCTAssertEqual(answers(try onDisk(folder)).count, 1)
        fail.failing = false
        app.press(.character("s"))
        XCTAssertNil(app.state.unsaved)
        XCTAssertEqual(app.state.status, "Saved: every change to this audit is on disk")
        XCTAssertEqual(answers(try onDisk(folder)), ["chron-up-to-date": .yes, "chron-significant": .partly, "assess-current": .yes])
        let history = AuditHistory(directory: DataDirectory(root: folder.url))
        XCTAssertEqual(history.verify(id), [], "the history chain is intact")
        XCTAssertEqual(try history.entries(id).count, 3, "create, the first answer, and the retried save")
    }

    func testLeavingAsksAndStayingKeepsTheChange() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail)
        newDraft(app)
        answerThreeWithTheDiskFilling(app, fail)
        for leave: KeyEvent in [.escape, .character("q")] {
            app.press(leave)
            XCTAssertEqual(app.state.overlay, .unsavedConfirm)
            XCTAssertEqual(app.state.screen, .editor)
            XCTAssertTrue(app.render().text.contains("are NOT saved"))
            app.press(leave == .escape ? .character("n") : .escape)    // stay
            XCTAssertNil(app.state.overlay)
            XCTAssertEqual(app.state.screen, .editor)
            XCTAssertNotNil(app.state.unsaved)
        }
        // `s` in the question saves and closes it.
        app.press(.escape)
        fail.failing = false
        app.press(.character("s"))
        XCTAssertNil(app.state.overlay)
        XCTAssertNil(app.state.unsaved)
        app.press(.escape)
        XCTAssertEqual(app.state.screen, .list, "with everything saved, Esc leaves without asking")
    }

    func testQuittingAnywayEndsWithStatus74AndALineForStandardError() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail)
        newDraft(app)
        answerThreeWithTheDiskFilling(app, fail)
        let terminal = StepTerminal([.key(.character("q")), .key(.character("y")), .key(.character("q")),
                                     .key(.character("q"))])
        let outcome = AppLoop.run(app: app, terminal: terminal, signals: .shared)
        XCTAssertTrue(terminal.presented.contains { $0.text.contains("Changes not saved") }, "the question was shown")
        guard case .notSaved(let line) = outcome else { return XCTFail("ended \(outcome)") }
        XCTAssertEqual(outcome.exitStatus, 74)
        XCTAssertTrue(line.hasPrefix("changes to audit \(id) were NOT saved (cannot write: No space left on device)"), line)
        XCTAssertFalse(line.contains("\n"))
    }

    func testLeavingAnywayPutsTheListBackToTheFile() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail)
        newDraft(app)
        fail.failing = true
        app.press(.character("E"), .down, .down)
        app.type("-East")
        app.press(.enter, .enter, .enter, .enter)   // team, worker, month, auditor: saves
        XCTAssertEqual(app.state.rows.first { $0.id == id }?.team, "Riverside-East", "the list follows the kept change")
        app.press(.escape, .character("y"))
        XCTAssertEqual(app.state.screen, .list)
        XCTAssertEqual(app.state.rows.first { $0.id == id }?.team, "Riverside", "the list shows what the file holds")
        XCTAssertNotNil(app.unsavedWarning())
    }

    func testGivingUpANewAuditNeverWrittenTakesItOffTheList() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail, audits: Fixtures.audits(3))
        fail.failing = true
        newDraft(app)
        XCTAssertTrue(app.state.unsaved?.summary.hasSuffix("audits/\(id).json was never written") ?? false,
                      app.state.unsaved?.summary ?? "nothing kept")
        XCTAssertEqual(app.state.rows.count, 4)
        app.press(.escape, .character("y"))
        XCTAssertEqual(app.state.rows.map(\.id).sorted(), Fixtures.audits(3).map(\.id).sorted())
        XCTAssertFalse(app.render().text.contains("CR-70001"))
        app.press(.escape)
        XCTAssertTrue(app.render().text.contains("All: 3 audits, 0 drafts"), app.render().text)
    }

    func testStayingFreeingSpaceAndSavingThenQuittingEndsWithZero() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail)
        newDraft(app)
        answerThreeWithTheDiskFilling(app, fail)
        let terminal = StepTerminal([.key(.character("q")), .key(.escape), .run { fail.failing = false },
                                     .key(.character("s")), .key(.character("q")), .key(.character("q")),
                                     .key(.character("q"))])
        XCTAssertEqual(AppLoop.run(app: app, terminal: terminal, signals: .shared), .quit)
        XCTAssertEqual(answers(try onDisk(folder)).count, 3)
    }

    func testASignalWithTheDiskStillFullEnds74AndWithSpaceSavesEverything() throws {
        for freed in [false, true] {
            let folder = TempFolder(), fail = FailSwitch()
            let app = try makeApp(folder, fail)
            newDraft(app)
            answerThreeWithTheDiskFilling(app, fail)
            let terminal = StepTerminal([.run { fail.failing = !freed }, .raise(SIGTERM)])
            let outcome = AppLoop.run(app: app, terminal: terminal, signals: .shared)
            if freed {
                XCTAssertEqual(outcome, .interrupted(signal: SIGTERM))
                XCTAssertEqual(answers(try onDisk(folder)).count, 3)
            } else {
                XCTAssertEqual(outcome.exitStatus, 74, "\(outcome)")
                XCTAssertEqual(answers(try onDisk(folder)).count, 1)
            }
        }
    }

    func testBackgroundFailureIsDrawnWithoutAKeyAndLeavingWaitsForIt() throws {
        let folder = TempFolder(), fail = FailSwitch()
        let app = try makeApp(folder, fail, background: true)
        newDraft(app)
        app.press(.character("y"))
        app.saver?.waitForPending()
        _ = app.render()
        fail.failing = true
        let gate = DispatchSemaphore(value: 0)
        fail.gate = gate
        // The loop reads the key and draws while the save is still held; then the save fails
        // while the loop waits for input, and the failure wakes it to draw.
        let terminal = StepTerminal([.key(.character("p")), .run { gate.signal() }, .awaitRedraw,
                                     .run { fail.failing = false }])
        _ = AppLoop.run(app: app, terminal: terminal, signals: .shared)
        XCTAssertTrue(terminal.redrawAsked, "a finished save asked for a redraw")
        XCTAssertEqual(terminal.presented.count, 3, "the first screen, the screen after the key, the redraw")
        XCTAssertFalse(terminal.presented.dropLast().contains { $0.text.contains("NOT SAVED") }, "drawn before the save failed")
        XCTAssertTrue(terminal.presented.last?.text.contains("NOT SAVED to") ?? false, terminal.lastScreen)
        XCTAssertEqual(answers(try onDisk(folder)).count, 2, "the save on leaving the loop stored the kept change")

        // Esc right after a failing change knows of the failure before it leaves.
        fail.failing = true
        app.press(.up, .character("n"))
        XCTAssertNil(app.state.unsaved, "the save is still held")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { gate.signal() }
        app.press(.escape)
        XCTAssertEqual(app.state.overlay, .unsavedConfirm)
    }

    /// Details (E), a note, an action and completing: each write keeps its change and shows the
    /// message when it fails, and `s` then stores it.
    func testEveryEditorWriteKeepsItsChangeWhenTheSaveFails() throws {
        let scenarios: [(name: String, keys: (CaseAuditApp) -> Void, check: (Audit) -> Bool)] = [
            ("details", { app in
                app.press(.character("E"), .down, .down)
                app.type("-East")
                app.press(.enter, .enter, .enter, .enter)
            }, { $0.team == "Riverside-East" }),
            ("note", { app in
                app.press(.character("e"))
                app.type("Chronology reviewed with the team manager.")
                app.press(.escape)
            }, { $0.sections["chronology"]?.answers["chron-up-to-date"]?.note == "Chronology reviewed with the team manager." }),
            ("action", { app in
                app.press(.tab, .tab, .tab, .tab, .character("a"))
                app.type("Update the chronology")
                app.press(.enter)
                app.type("Social worker")
                app.press(.enter)
                app.type("2026-12-15")
                app.press(.enter)
            }, { $0.actions.first?.what == "Update the chronology" }),
            ("complete", { app in app.press(.character("c"), .character("y")) }, { $0.status == .complete }),
        ]
        for scenario in scenarios {
            let folder = TempFolder(), fail = FailSwitch()
            let draft = filled(Audit(id: "2026-11-full0001", template: TemplateRef(id: "child-journey-lac", version: 1),
                                     caseRef: "CR-70002", cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor",
                                     worker: "Dee Example", month: Month(year: 2026, month: 11), created: fixedNow))
            let app = try makeApp(folder, fail, audits: [draft])
            app.dispatch(try XCTUnwrap(app.run(.open(id: draft.id))))
            XCTAssertEqual(app.state.screen, .editor)
            fail.failing = true
            scenario.keys(app)
            XCTAssertTrue(scenario.check(try XCTUnwrap(app.state.unsaved?.audit)), "\(scenario.name): change kept")
            XCTAssertFalse(scenario.check(try onDisk(folder, draft.id)), "\(scenario.name): not on disk yet")
            XCTAssertTrue(app.render().text.contains("NOT SAVED"), "\(scenario.name): message shown")
            app.press(.down)
            XCTAssertTrue(app.render().text.contains("NOT SAVED"), "\(scenario.name): message stays")
            fail.failing = false
            app.press(.character("s"))
            XCTAssertTrue(scenario.check(try onDisk(folder, draft.id)), "\(scenario.name): saved by s")
            XCTAssertNil(app.state.lastingMessage, scenario.name)
        }
    }

    func testAFailedExportStaysNamesThePathAndIsNotCalledDone() throws {
        let folder = TempFolder()
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: Fixtures.audits(3), inMemory: true))
        let blocker = folder.url.appendingPathComponent("a-file")
        try Data("not a folder".utf8).write(to: blocker)
        let bad = blocker.appendingPathComponent("summary.md").path
        let app2 = app
        app2.dispatch(try XCTUnwrap(app2.run(.open(id: Fixtures.audits(3)[0].id))))
        app.press(.character("S"), .control("u"))
        app.type(bad)
        app.press(.enter)
        let message = try XCTUnwrap(app.state.lastingMessage)
        XCTAssertTrue(message.hasPrefix("NOT WRITTEN to \(bad): \(blocker.path) is a file, not a folder"), message)
        XCTAssertTrue(message.contains("Type another folder"), message)
        XCTAssertNotEqual(app.state.status, "Summary written to \(bad)")
        app.press(.down, .up)
        XCTAssertTrue(app.render().text.contains("NOT WRITTEN"), "message stays across keys")
        let good = folder.url.appendingPathComponent("summary.md").path
        app.press(.character("S"), .control("u"))
        app.type(good)
        app.press(.enter)
        XCTAssertNil(app.state.lastingMessage)
        XCTAssertEqual(app.state.status, "Summary written to \(good)")
    }

    func testAFailedReportExportStaysUntilTheScreenIsLeft() throws {
        let folder = TempFolder()
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: Fixtures.audits(30), inMemory: true))
        let blocker = folder.url.appendingPathComponent("a-file")
        try Data("not a folder".utf8).write(to: blocker)
        let bad = blocker.appendingPathComponent("report.csv").path
        app.press(.character("r"), .character("x"), .control("u"))
        app.type(bad)
        app.press(.enter)
        XCTAssertEqual(app.state.screen, .reports)
        XCTAssertTrue(app.state.lastingMessage?.hasPrefix("NOT EXPORTED to \(bad): ") ?? false, app.state.lastingMessage ?? "none")
        XCTAssertFalse(FileManager.default.fileExists(atPath: bad))
        app.press(.character("b"))
        XCTAssertTrue(app.render().text.contains("NOT EXPORTED"), "message stays across keys")
        app.press(.escape)
        XCTAssertNotEqual(app.state.screen, .reports)
        XCTAssertNil(app.state.lastingMessage, "leaving the screen dismisses a failed export")
    }

    /// The lasting message and the question before leaving, at 80x24, for a person to read.
    func testGoldenScreens() throws {
        let draft = Audit(id: "2026-11-draft001", template: TemplateRef(id: "child-journey-lac", version: 1),
                          caseRef: "CR-20001", cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor",
                          worker: "Dee Example", month: Month(year: 2026, month: 11), created: fixedNow)
        // A fixed data folder, so the path in the message is the same on every machine.
        var env = AppEnvironment(directory: DataDirectory(root: URL(fileURLWithPath: "/srv/caseaudit/data")),
                                 catalog: TemplateCatalog(templates: [TestTemplates.lac]),
                                 measures: TestTemplates.measures, user: "Mx Auditor", now: { fixedNow })
        env.loadRows = { ([AuditFacts(audit: draft, templateSections: TestTemplates.lac.sections.map(\.id))], []) }
        env.loadAudit = { _ in draft }
        env.acquireLock = { _ in .acquired(release: {}) }
        env.saveAudit = { _, _ in
            throw CaseAuditError(.cannotCreate, file: "/srv/caseaudit/data/audits/.tmp-x", "cannot write: No space left on device",
                                 remedy: "check there is space and that you may write to the folder")
        }
        let app = CaseAuditApp(environment: env)
        app.dispatch(try XCTUnwrap(app.run(.open(id: draft.id))))
        app.press(.character("y"), .down)
        assertGolden(app.render(), "save-failed-editor-80x24")
        app.press(.escape)
        assertGolden(app.render(), "save-failed-leave-question-80x24")
    }

    /// Everything required answered, graded Good and explained (one fixture for every UI test).
    func filled(_ audit: Audit) -> Audit { ReducerFixtures().filled(audit) }
}
