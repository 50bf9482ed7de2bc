import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// Issue 13's editor: undo, the completion confirmation, the move after an evidence note, the
/// reopen position, the amendment refused before typing, and a read-only viewer kept current.
final class EditorFlowTests: XCTestCase {
    let fixtures = ReducerFixtures()
    var context: ReduceContext { fixtures.context }

    func editorState(_ audit: Audit, positions: [String: EditorPosition] = [:], lockedBy: LockHolder? = nil) -> AppState {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        state.positions = positions
        _ = reduce(&state, .rowsLoaded([AuditFacts(audit: audit, templateSections: TestTemplates.lac.sections.map(\.id))], problems: []), context)
        _ = reduce(&state, .auditLoaded(audit, template: TestTemplates.lac, lockedBy: lockedBy), context)
        return state
    }

    func draft() -> Audit {
        Audit(id: "2026-11-flow0001", template: TemplateRef(id: "child-journey-lac", version: 1), caseRef: "CR-41001",
              cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor", worker: "Dee Example",
              month: Month(year: 2026, month: 11), created: fixedNow.addingTimeInterval(-3600))
    }

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), context)
    }

    func type(_ state: inout AppState, _ text: String) { for ch in text { _ = key(&state, .character(ch)) } }

    // MARK: - Undo

    func testUndoTakesBackAnAnswerAndSavesIt() {
        var state = editorState(draft())
        _ = key(&state, .character("y"))
        XCTAssertEqual(state.editor?.item, 1)
        let effects = key(&state, .character("u"))
        XCTAssertNil(state.editor?.audit.sections["chronology"]?.answers["chron-up-to-date"]?.answer)
        XCTAssertEqual(state.editor?.item, 0, "the cursor goes back to the question undone")
        XCTAssertEqual(effects, [.save(state.editor!.audit, reason: nil)], "undo saves like any change")
        XCTAssertEqual(state.status, "Undone: the answer")
        XCTAssertNil(state.rows.first?.grades["chronology"])
    }

    func testUndoTakesBackAGradeAndItsRationaleStepByStep() {
        var state = editorState(draft())
        state.editor?.item = 2   // chronology's grade row
        _ = key(&state, .character("3"))
        type(&state, "Gaps in the record")
        _ = key(&state, .escape)   // the rationale is written
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.grade, .requiresImprovement)
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.rationale, "Gaps in the record")
        _ = key(&state, .character("u"))
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.rationale, "")
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.grade, .requiresImprovement)
        XCTAssertEqual(state.status, "Undone: the rationale; u again undoes the change before")
        _ = key(&state, .character("u"))
        XCTAssertNil(state.editor?.audit.sections["chronology"]?.grade, "a second u goes further back")
        XCTAssertEqual(state.status, "Undone: the grade")
        XCTAssertNil(state.rows.first?.grades["chronology"], "the list row follows")
    }

    func testDeletedActionComesBackWithU() {
        var audit = draft()
        audit.actions = [AuditAction(what: "Update the chronology", who: "SW", by: "2026-12-15"),
                         AuditAction(what: "Review contact", who: "TM", by: "2027-01-10")]
        var state = editorState(audit)
        state.editor?.section = TestTemplates.lac.sections.count
        state.editor?.item = 1   // the first action
        XCTAssertEqual(state.editor?.currentItem, .action(0))
        let deleted = key(&state, .character("D"))
        XCTAssertEqual(deleted.count, 1, "deleting is immediate and saved")
        XCTAssertEqual(state.editor?.audit.actions.map(\.what), ["Review contact"])
        XCTAssertEqual(state.status, "Action deleted: u to undo")
        XCTAssertTrue(KeyBindings.footer(state).contains("u undo"))
        _ = key(&state, .character("u"))
        XCTAssertEqual(state.editor?.audit.actions.map(\.what), ["Update the chronology", "Review contact"])
        XCTAssertEqual(state.editor?.currentItem, .action(0))
    }

    func testNothingToUndoSaysSoAndSavesNothing() {
        var state = editorState(draft())
        XCTAssertFalse(KeyBindings.footer(state).contains("u undo"), "u is not offered with nothing to undo")
        XCTAssertEqual(key(&state, .character("u")), [])
        XCTAssertEqual(state.status, "Nothing to undo: no change has been made to this audit since it was opened")
    }

    func testUndoIsRefusedOnACompletedAudit() {
        var state = editorState(fixtures.filled(draft()))
        _ = key(&state, .character("c"))
        _ = key(&state, .character("y"))
        XCTAssertEqual(state.editor?.readOnly, .completed)
        XCTAssertEqual(key(&state, .character("u")), [], "completing is not undone behind the history's back")
        XCTAssertEqual(state.editor?.audit.status, .complete)
    }

    // MARK: - Completion asks once

    func testCompletionShowsWhatItRecordsAndCompletesOnY() {
        var audit = fixtures.filled(draft())
        audit.actions = [AuditAction(what: "Review contact, ongoing", who: "TM", by: "2027-01-10")]
        audit.withSection("assessment") { $0.answers["assess-current"] = Response(answer: .no, note: "14 months old") }
        var state = editorState(audit)
        XCTAssertEqual(key(&state, .character("c")), [])
        XCTAssertEqual(state.overlay, .completeConfirm)
        XCTAssertEqual(state.editor?.audit.status, .draft, "nothing is recorded yet")
        let summary = EditorReducer.completionSummary(state.editor!)
        XCTAssertEqual(summary.first, "Overall grade: Good")
        XCTAssertTrue(summary.contains("Sections: Chronology Good, Assessment Good, Plan Good"), "\(summary)")
        XCTAssertTrue(summary.contains("Actions: 1 (1 open)"), "\(summary)")
        XCTAssertTrue(summary.contains("! Assessment is graded Good, above the Requires improvement a limiting answer suggests"), "\(summary)")
        XCTAssertTrue(summary.contains("! Action \"Review contact, ongoing\": \"ongoing\" is not a timescale"), "\(summary)")
        // Keys other than the two answers do nothing while it asks.
        XCTAssertEqual(key(&state, .character("p")), [])
        XCTAssertEqual(state.overlay, .completeConfirm)
        let effects = key(&state, .character("y"))
        XCTAssertNil(state.overlay)
        XCTAssertEqual(state.editor?.audit.status, .complete)
        XCTAssertEqual(effects, [.save(state.editor!.audit, reason: nil)])
    }

    func testCompletionCancelledWithEscOrNChangesNothing() {
        for cancel in [KeyEvent.escape, .character("n")] {
            var state = editorState(fixtures.filled(draft()))
            _ = key(&state, .character("c"))
            XCTAssertEqual(key(&state, cancel), [])
            XCTAssertNil(state.overlay)
            XCTAssertEqual(state.editor?.audit.status, .draft)
            XCTAssertNil(state.editor?.readOnly)
            XCTAssertEqual(state.status, "Not completed: the audit is still a draft")
        }
    }

    // MARK: - Grade keys

    func testOverallGradeRefusesNAAndItsFooterDoesNotOfferIt() {
        var state = editorState(draft())
        state.editor?.section = TestTemplates.lac.sections.count
        state.editor?.item = 0
        XCTAssertEqual(state.editor?.currentItem, .overallGrade)
        let footer = KeyBindings.footer(state)
        XCTAssertEqual(footer.first, "1 O  2 G  3 RI  4 I")
        XCTAssertTrue(footer.contains("a add action"), "\(footer)")
        XCTAssertFalse(footer.joined().contains("N/A"))
        XCTAssertEqual(key(&state, .character("0")), [])
        XCTAssertNil(state.editor?.audit.overall.grade)
        XCTAssertEqual(state.status, "The overall grade cannot be N/A: 1 O  2 G  3 RI  4 I")
        // A section's grade row offers N/A, which completion accepts there.
        state.editor?.section = 0
        state.editor?.item = 2
        XCTAssertEqual(KeyBindings.footer(state).first, "1 O  2 G  3 RI  4 I  0 N/A")
    }

    /// A read-only audit offers only what works on it: moving, guidance, going back, help.
    func testReadOnlyFooterOffersNoRefusedKey() {
        let holder = LockHolder(user: "Bram Sample", host: "qa-laptop", pid: 4242, started: fixedNow)
        var state = editorState(draft(), lockedBy: holder)
        let footer = KeyBindings.footer(state)
        XCTAssertEqual(footer, ["Tab section", "j/k move", "g guidance", "Esc back", "? more"])
        for entry in footer.dropLast() {
            // Each offered key does what it says without a refusal in the status line.
            let k = entry.split(separator: " ")[0]
            let event: KeyEvent = k == "Tab" ? .tab : k == "Esc" ? .escape : k == "j/k" ? .down : .character(k.first!)
            var copy = state
            _ = key(&copy, event)
            XCTAssertNotEqual(copy.status, holder.readOnlyMessage, entry)
        }
        state.editor?.item = 0
        XCTAssertEqual(key(&state, .character("y")), [], "and y, not offered, is refused")
        XCTAssertEqual(state.status, holder.readOnlyMessage)
    }

    // MARK: - The cursor after an evidence note

    func testWritingAPartlyNoteMovesToTheNextQuestion() {
        var state = editorState(draft())
        _ = key(&state, .character("p"))
        XCTAssertEqual(state.editor?.item, 0, "Partly waits for its note")
        _ = key(&state, .character("e"))
        type(&state, "Events listed, impact not analysed")
        _ = key(&state, .escape)
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.answers["chron-up-to-date"]?.note,
                       "Events listed, impact not analysed")
        XCTAssertEqual(state.editor?.item, 1, "on to the next question, as after a Yes")
    }

    func testADiscardedNoteLeavesTheCursorOnTheQuestion() {
        var state = editorState(draft())
        _ = key(&state, .character("n"))
        _ = key(&state, .character("e"))
        type(&state, "Half a thought")
        _ = key(&state, .control("x"))
        XCTAssertEqual(state.editor?.item, 0)
    }

    // MARK: - Reopening where it was left

    func testDraftReopensWhereItWasLeftAndLeavingRemembersIt() {
        var state = editorState(draft(), positions: ["2026-11-flow0001": EditorPosition(section: "plan", item: "plan-reviewed")])
        XCTAssertEqual(state.editor?.section, 2)
        XCTAssertEqual(state.editor?.currentItem, .question("plan-reviewed"))
        XCTAssertEqual(state.status, "Reopened where you left it: Plan")
        _ = key(&state, .tab)   // Case details
        let effects = key(&state, .escape)
        XCTAssertTrue(effects.contains(.rememberPosition(id: "2026-11-flow0001",
                                                         EditorPosition(section: "case-details", item: "visits-count"))), "\(effects)")
        XCTAssertEqual(state.positions["2026-11-flow0001"], EditorPosition(section: "case-details", item: "visits-count"))
    }

    func testAStalePositionOpensAtTheStart() {
        for stale in [EditorPosition(section: "permanence", item: "perm-plan"),
                      EditorPosition(section: "plan", item: "no-such-question"),
                      EditorPosition(section: EditorPosition.overall, item: "99")] {
            let state = editorState(draft(), positions: ["2026-11-flow0001": stale])
            XCTAssertEqual(state.editor?.section, 0, "\(stale)")
            XCTAssertEqual(state.editor?.item, 0, "\(stale)")
            XCTAssertNil(state.status)
        }
    }

    func testACompletedAuditOpensAtTheStartAndForgetsItsPosition() {
        var audit = fixtures.filled(draft())
        audit.status = .complete
        var state = editorState(audit, positions: ["2026-11-flow0001": EditorPosition(section: "plan", item: "grade")])
        XCTAssertEqual(state.editor?.section, 0)
        XCTAssertTrue(key(&state, .escape).contains(.rememberPosition(id: "2026-11-flow0001", nil)))
    }

    func testPositionsFileIsPerFolderAndToleratesDamage() throws {
        let folder = TempFolder()
        let url = folder.url.appendingPathComponent("state/caseaudit/positions.json")
        XCTAssertEqual(EditorPositions.load(from: url), EditorPositions(), "a missing file gives none")
        var positions = EditorPositions()
        positions.set(EditorPosition(section: "plan", item: "grade"), folder: "/data/a", id: "2026-11-x1")
        positions.set(EditorPosition(section: "overall", item: "2"), folder: "/data/b", id: "2026-11-x1")
        try positions.save(to: url)
        let loaded = EditorPositions.load(from: url)
        XCTAssertEqual(loaded.folders["/data/a"]?["2026-11-x1"], EditorPosition(section: "plan", item: "grade"))
        XCTAssertEqual(loaded.folders["/data/b"]?["2026-11-x1"], EditorPosition(section: "overall", item: "2"))
        try Data("{not json".utf8).write(to: url)
        XCTAssertEqual(EditorPositions.load(from: url), EditorPositions(), "a damaged file gives none")
        XCTAssertEqual(EditorPositions.url(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"]).path,
                       "/x/state/caseaudit/positions.json")
        XCTAssertEqual(EditorPositions.url(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/u"]).path,
                       "/home/u/.local/state/caseaudit/positions.json")
    }

    func testPositionsKeepAtMostTheLimitPerFolder() {
        var positions = EditorPositions()
        for i in 0..<(EditorPositions.limit + 5) {
            positions.set(EditorPosition(section: "plan", item: "grade"), folder: "/d", id: String(format: "2026-11-%04d", i))
        }
        XCTAssertEqual(positions.folders["/d"]?.count, EditorPositions.limit)
        XCTAssertNil(positions.folders["/d"]?["2026-11-0000"], "the oldest go first")
        XCTAssertNotNil(positions.folders["/d"]?[String(format: "2026-11-%04d", EditorPositions.limit + 4)])
    }

    // MARK: - Two viewers

    func testReadOnlyViewerTakesTheSavedFile() {
        let holder = LockHolder(user: "Bram Sample", host: "qa-laptop", pid: 4242, started: fixedNow.addingTimeInterval(-600))
        var state = editorState(draft(), lockedBy: holder)
        var theirs = draft()
        theirs.withSection("chronology") { $0.answers["chron-up-to-date"] = Response(answer: .yes) }
        XCTAssertEqual(reduce(&state, .changedOnDisk(theirs, lockedBy: holder), context), [])
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.answers["chron-up-to-date"]?.answer, .yes)
        XCTAssertEqual(state.editor?.readOnly, .locked(holder))
        XCTAssertEqual(state.status, "Refreshed: someone else saved a change to this audit")
        // An editor (our own lock) never has its audit replaced behind its back.
        var mine = editorState(draft())
        _ = reduce(&mine, .changedOnDisk(theirs, lockedBy: nil), context)
        XCTAssertNil(mine.editor?.audit.sections["chronology"]?.answers["chron-up-to-date"])
    }

    func testViewerOfACompletedAuditSeesAColleaguesAmendmentAndTheirLock() {
        var audit = fixtures.filled(draft())
        audit.status = .complete
        var state = editorState(audit)
        var theirs = audit
        theirs.status = .draft
        theirs.overall.rationale = "Amended by a colleague"
        let holder = LockHolder(user: "Cleo Fictional", host: "pc-12", pid: 77, started: fixedNow)
        _ = reduce(&state, .changedOnDisk(theirs, lockedBy: holder), context)
        XCTAssertEqual(state.editor?.audit.overall.rationale, "Amended by a colleague")
        XCTAssertEqual(state.editor?.readOnly, .locked(holder))
        XCTAssertEqual(state.rows.first?.status, .draft, "the list follows")
    }

    func testViewerSeesADraftLeftByAColleagueAndCanTakeItOver() {
        var audit = fixtures.filled(draft())
        audit.status = .complete
        var state = editorState(audit)
        var theirs = audit
        theirs.status = .draft
        _ = reduce(&state, .changedOnDisk(theirs, lockedBy: nil), context)
        XCTAssertEqual(state.status, "Refreshed: saved by someone else, who has closed it; Esc and open it again to edit")
        var grid = CellGrid(width: 80, height: 24)
        EditorView.draw(state, into: &grid)
        XCTAssertTrue(grid.rowText(0).hasSuffix("draft · read-only"), grid.rowText(0))
        // A reads it again under the lock and, a draft already, opens it for editing.
        XCTAssertEqual(key(&state, .character("A")), [.lockToAmend(id: audit.id)])
        _ = reduce(&state, .amendLocked(theirs), context)
        XCTAssertNil(state.editor?.readOnly)
        XCTAssertNil(state.overlay)
    }

    /// The app looks at the file on the run loop's tick: a colleague's save shows without a key.
    func testViewerPollsTheFileAndRefreshes() throws {
        let folder = TempFolder()
        let audits = Fixtures.audits(5)
        let draftID = audits[4].id   // a draft
        let env = try Fixtures.environment(folder, audits: audits)
        let directory = DataDirectory(root: folder.url)
        guard case .acquired(let other) = try AuditLock.acquire(id: draftID, directory: directory) else {
            return XCTFail("could not take the lock for the test")
        }
        defer { other.release() }
        let app = CaseAuditApp(environment: env)
        app.press(.character("l"), .character("/"))
        app.type(audits[4].caseRef)
        app.press(.enter, .enter)
        guard case .locked? = app.state.editor?.readOnly else { return XCTFail("not read-only") }
        XCTAssertFalse(app.checkViewedFile(throttled: false), "nothing changed yet")
        var theirs = audits[4]
        theirs.team = "Hillside"
        try AuditRepository(directory: directory).save(theirs, by: "Colleague", reason: nil)
        XCTAssertTrue(app.checkViewedFile(throttled: false))
        XCTAssertTrue(app.needsRedraw, "the run loop draws again without a key")
        let screen = app.render().text
        XCTAssertEqual(app.state.editor?.audit.team, "Hillside")
        XCTAssertTrue(screen.contains("Refreshed: someone else saved a change"), screen)
        XCTAssertFalse(app.checkViewedFile(throttled: false), "seen once")
    }

    // MARK: - Amendment refused before typing

    func testAmendRefusedBeforeAReasonWhenSomeoneElseHoldsTheLock() throws {
        let folder = TempFolder()
        let audits = Fixtures.audits(3)
        let id = audits[0].id   // complete
        let directory = DataDirectory(root: folder.url)
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits))
        app.press(.character("l"), .character("/"))
        app.type(audits[0].caseRef)
        app.press(.enter, .enter)
        guard case .acquired(let other) = try AuditLock.acquire(id: id, directory: directory) else {
            return XCTFail("could not take the lock for the test")
        }
        app.press(.character("A"))
        other.release()
        XCTAssertNil(app.state.overlay, "no reason prompt")
        XCTAssertEqual(app.state.editor?.readOnly, .completed)
        XCTAssertTrue(app.state.status?.hasPrefix("Not amended: ") ?? false, app.state.status ?? "")
        XCTAssertTrue(app.state.status?.hasSuffix("try again once it is closed") ?? false, app.state.status ?? "")
        // Typing now changes nothing: it is still read-only.
        app.type("Second look")
        XCTAssertEqual(app.state.editor?.audit.status, .complete)
    }

    // MARK: - Golden screens

    func testGoldenScreens() throws {
        let folder = TempFolder()
        var audit = fixtures.filled(draft())
        audit.overall = Judgement()
        audit.actions = [AuditAction(what: "Review contact, ongoing", who: "Team manager", by: "2027-01-10")]
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: [audit] + Fixtures.audits(5), inMemory: true))
        app.press(.character("l"), .character("/"))
        app.type("CR-41001")
        app.press(.enter, .enter)
        app.press(.tab, .tab, .tab, .tab)   // Overall, its grade row
        for (w, h) in [(80, 24), (120, 40)] {
            assertGolden(app.render(width: w, height: h), "editor-overall-grade-\(w)x\(h)")
        }
        app.press(.character("2"))
        app.type("Steady progress for the child.")
        app.press(.escape)
        for (w, h) in [(80, 24), (120, 40)] {
            assertGolden(app.render(width: w, height: h), "editor-undo-offered-\(w)x\(h)")
        }
        app.press(.character("c"))
        XCTAssertEqual(app.state.overlay, .completeConfirm)
        for (w, h) in [(80, 24), (120, 40)] {
            assertGolden(app.render(width: w, height: h), "editor-complete-confirm-\(w)x\(h)")
        }
    }

    /// The editor header breaks between its parts, so "worker Dee Example" stays on one row.
    func testHeaderBreaksBetweenParts() {
        let parts = ["id 2026-11-d0000001", "child-journey v2", "auditor Riley Oakhearth", "worker Skye Wrenthorpe"]
        XCTAssertEqual(EditorView.headerLines(parts, width: 78),
                       ["id 2026-11-d0000001 · child-journey v2 · auditor Riley Oakhearth",
                        "worker Skye Wrenthorpe"])
        XCTAssertEqual(EditorView.headerLines(parts, width: 118),
                       ["id 2026-11-d0000001 · child-journey v2 · auditor Riley Oakhearth · worker Skye Wrenthorpe"])
        // Parts that cannot fit two rows wrap at any space rather than be lost.
        XCTAssertEqual(EditorView.headerLines(parts, width: 30).count, 4)
    }
}
