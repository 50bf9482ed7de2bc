import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// The reducer alone: keys in, state and effects out, no terminal and no files.
final class ReducerTests: XCTestCase {
    let context = ReduceContext(now: fixedNow, makeID: { "\($0)-fixed001" })

    func editorState(_ audit: Audit) -> AppState {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        _ = reduce(&state, .rowsLoaded([AuditFacts(audit: audit, templateSections: TestTemplates.lac.sections.map(\.id))], problems: []), context)
        _ = reduce(&state, .auditLoaded(audit, template: TestTemplates.lac, lockedBy: nil), context)
        return state
    }

    func draft() -> Audit {
        Audit(id: "2026-11-r0000001", template: TemplateRef(id: "child-journey-lac", version: 1), caseRef: "CR-40001",
              cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor", worker: "Dee Example",
              month: Month(year: 2026, month: 11), created: fixedNow.addingTimeInterval(-3600))
    }

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), context)
    }

    func testAnsweringKeysChangeTheAuditAndSaveIt() {
        var state = editorState(draft())
        for (k, expected) in [("y", Answer.yes), ("p", .partly), ("n", .no), ("x", .na)] {
            state.editor?.item = 0
            let effects = key(&state, .character(Character(k)))
            let saved = state.editor!.audit
            XCTAssertEqual(saved.sections["chronology"]?.answers["chron-up-to-date"]?.answer, expected)
            XCTAssertEqual(saved.updated, fixedNow)
            XCTAssertEqual(effects, [.save(saved, reason: nil)], "key \(k) must save the draft at once")
        }
        // The list row follows without a reload.
        XCTAssertEqual(state.rows.first?.id, "2026-11-r0000001")
    }

    func testYesMovesOnButNoWaitsForTheEvidenceNote() {
        var state = editorState(draft())
        _ = key(&state, .character("y"))
        XCTAssertEqual(state.editor?.item, 1)
        _ = key(&state, .character("n"))
        XCTAssertEqual(state.editor?.item, 1)
        XCTAssertEqual(state.status, "No needs an evidence note: press e to write it")
        _ = key(&state, .character("e"))
        XCTAssertNotNil(state.note)
        for ch in "Impact of the move not analysed" { _ = key(&state, .character(ch)) }
        let effects = key(&state, .escape)
        XCTAssertNil(state.note)
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.answers["chron-significant"]?.note,
                       "Impact of the move not analysed")
        XCTAssertEqual(effects.count, 1)
    }

    func testCtrlXDiscardsTheNote() {
        var state = editorState(draft())
        _ = key(&state, .character("e"))
        _ = key(&state, .character("z"))
        let effects = key(&state, .control("x"))
        XCTAssertEqual(effects, [])
        XCTAssertNil(state.editor?.audit.sections["chronology"]?.answers["chron-up-to-date"]?.note)
    }

    func testGradeRowTakesGradeThenRationale() {
        var state = editorState(draft())
        state.editor?.item = 2
        XCTAssertEqual(state.editor?.currentItem, .grade)
        let effects = key(&state, .character("2"))
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.grade, .good)
        XCTAssertEqual(effects.count, 1)
        XCTAssertEqual(state.note?.target, .rationale(section: "chronology"))
        for ch in "Clear and current" { _ = key(&state, .character(ch)) }
        _ = key(&state, .escape)
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.rationale, "Clear and current")
        // On a question, digits do not grade.
        state.editor?.item = 0
        XCTAssertEqual(key(&state, .character("3")), [])
        XCTAssertEqual(state.editor?.audit.sections["chronology"]?.grade, .good)
    }

    func testSmartTogglesAndVagueWarning() {
        // An action with a timescale: without one, 5 asks for an override note first (SmartHintTests).
        var audit = draft()
        audit.withSection("plan") { $0.answers["plan-action"] = Response(action: "Social worker to visit by 2026-12-15") }
        var state = editorState(audit)
        _ = key(&state, .tab)
        _ = key(&state, .tab)
        XCTAssertEqual(state.editor?.currentQuestion?.type, .smart)
        _ = key(&state, .character("1"))
        _ = key(&state, .character("5"))
        let smart = state.editor?.audit.sections["plan"]?.answers["plan-action"]?.smart
        XCTAssertEqual(smart, SmartCheck(specific: true, timeBound: true))
    }

    func testCompletingWithGapsMovesToTheFirstGap() {
        var audit = draft()
        audit.withSection("chronology") { s in
            s.answers["chron-up-to-date"] = Response(answer: .yes)
            s.answers["chron-significant"] = Response(answer: .yes)
            s.grade = .good
            s.rationale = "Good chronology."
        }
        var state = editorState(audit)
        _ = key(&state, .tab)
        _ = key(&state, .tab)   // on Plan
        let effects = key(&state, .character("c"))
        XCTAssertEqual(effects, [], "an incomplete audit is not saved as complete")
        XCTAssertEqual(state.editor?.audit.status, .draft)
        XCTAssertEqual(state.editor?.section, 1, "first gap is in Assessment")
        XCTAssertEqual(state.editor?.currentItem, .question("assess-current"))
        XCTAssertTrue(state.status?.hasPrefix("11 gaps remain") ?? false, state.status ?? "")
    }

    func testCompletingAFullAuditMarksItCompleteAndReadOnly() {
        var state = editorState(filled(draft()))
        XCTAssertEqual(key(&state, .character("c")), [], "nothing is recorded before the confirmation")
        XCTAssertEqual(state.overlay, .completeConfirm)
        let effects = key(&state, .character("y"))
        XCTAssertNil(state.overlay)
        XCTAssertEqual(state.editor?.audit.status, .complete)
        XCTAssertEqual(state.editor?.audit.completed, fixedNow)
        XCTAssertEqual(state.editor?.readOnly, .completed)
        XCTAssertEqual(effects, [.save(state.editor!.audit, reason: nil)])
        XCTAssertEqual(state.rows.first?.status, .complete)
    }

    func testGapInTheOverallGradeGoesToOverall() {
        var audit = filled(draft())
        audit.overall = Judgement()
        var state = editorState(audit)
        XCTAssertEqual(key(&state, .character("c")), [])
        XCTAssertEqual(state.editor?.section, TestTemplates.lac.sections.count)
        XCTAssertEqual(state.editor?.currentItem, .overallGrade)
        XCTAssertTrue(state.status?.hasPrefix("2 gaps remain; first: no overall grade") ?? false, state.status ?? "")
    }

    func testGapForAMissingRationaleGoesToTheGradeRow() {
        var audit = filled(draft())
        audit.withSection("plan") { $0.rationale = "" }
        var state = editorState(audit)
        _ = key(&state, .character("c"))
        XCTAssertEqual(state.editor?.section, 2)
        XCTAssertEqual(state.editor?.currentItem, .grade)
    }

    func testFilterWordsKeepQuotedValuesTogether() {
        XCTAssertEqual(AuditFilter.words(#"team:"riverside north" status:draft"#), ["team:riverside north", "status:draft"])
        let row = AuditFacts(audit: draft(), templateSections: [])
        XCTAssertTrue(AuditFilter(#"quarter:"FY2026-27 Q3" team:river"#).matches(row))
        XCTAssertFalse(AuditFilter("quarter:\"FY2026-27 Q2\"").matches(row))
        XCTAssertTrue(AuditFilter("grade:none riverside").matches(row))
    }

    func testDashboardCountsFollowSavesWithoutARecount() {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        let audits = Fixtures.audits(60)
        let facts = audits.map { AuditFacts(audit: $0, templateSections: TestTemplates.lac.sections.map(\.id)) }
        _ = reduce(&state, .rowsLoaded(facts, problems: []), context)
        // Complete a draft from the latest month, then check every count against a full recount.
        var audit = filled(audits[4])
        audit.month = Month(year: 2026, month: 12)
        _ = reduce(&state, .auditLoaded(audit, template: TestTemplates.lac, lockedBy: nil), context)
        _ = key(&state, .character("c"))
        _ = key(&state, .enter)
        XCTAssertEqual(state.editor?.audit.status, .complete)
        XCTAssertEqual(state.dashboardPeriod, Month(year: 2026, month: 12))
        XCTAssertEqual(state.dashboardRows, Counting.measureRows(state.measures, in: state.rows, by: .month))
        XCTAssertTrue(state.dashboardRows.contains { $0.period == "2026-12" }, "the completed audit counts")
    }

    func testAmendRequiresAReason() {
        var audit = filled(draft())
        audit.status = .complete
        audit.completed = fixedNow
        var state = editorState(audit)
        XCTAssertEqual(state.editor?.readOnly, .completed)
        XCTAssertEqual(key(&state, .character("y")), [], "a completed audit is read-only")
        // The lock is taken and the audit read again before the reason is asked.
        XCTAssertEqual(key(&state, .character("A")), [.lockToAmend(id: audit.id)])
        XCTAssertNil(state.overlay, "no reason is asked before the lock is ours")
        XCTAssertEqual(reduce(&state, .amendLocked(audit), context), [])
        guard case .prompt(let p)? = state.overlay else { return XCTFail("no reason prompt") }
        XCTAssertEqual(p.purpose, .amendReason)
        XCTAssertEqual(key(&state, .enter), [], "an empty reason is refused")
        guard case .prompt(let p2)? = state.overlay else { return XCTFail("prompt closed without a reason") }
        XCTAssertEqual(p2.error, "A reason is required to change a completed audit")
        XCTAssertEqual(state.editor?.readOnly, .completed)
        for ch in "Moderation found the plan grade too high" { _ = key(&state, .character(ch)) }
        let effects = key(&state, .enter)
        XCTAssertNil(state.overlay)
        XCTAssertNil(state.editor?.readOnly)
        XCTAssertEqual(state.editor?.audit.status, .draft)
        XCTAssertEqual(effects, [.save(state.editor!.audit, reason: "Moderation found the plan grade too high")])
        // Later changes carry the reason too.
        state.editor?.item = 0
        let next = key(&state, .character("p"))
        XCTAssertEqual(next, [.save(state.editor!.audit, reason: "Moderation found the plan grade too high")])
    }

    func testAmendReasonCancelledLetsTheLockGo() {
        var audit = filled(draft())
        audit.status = .complete
        audit.completed = fixedNow
        var state = editorState(audit)
        _ = key(&state, .character("A"))
        _ = reduce(&state, .amendLocked(audit), context)
        XCTAssertEqual(key(&state, .escape), [.releaseLock(id: audit.id)])
        XCTAssertEqual(state.editor?.readOnly, .completed)
        XCTAssertEqual(state.editor?.audit.status, .complete)
    }

    func testLockedAuditIsReadOnlyWithHolder() {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: [])
        let holder = LockHolder(user: "Bram Sample", host: "qa-laptop", pid: 4242, started: fixedNow.addingTimeInterval(-1800))
        _ = reduce(&state, .auditLoaded(draft(), template: TestTemplates.lac, lockedBy: holder), context)
        XCTAssertEqual(key(&state, .character("y")), [])
        XCTAssertEqual(state.status, holder.readOnlyMessage)
        XCTAssertTrue(state.status?.contains("Bram Sample on qa-laptop") ?? false)
        XCTAssertEqual(key(&state, .escape), [], "someone else's lock is not released")
    }

    func testDateAndNumberPromptsValidate() {
        var state = editorState(draft())
        _ = key(&state, .tab)
        _ = key(&state, .tab)
        _ = key(&state, .down)   // plan-reviewed (date)
        _ = key(&state, .enter)
        for ch in "2026-02-30" { _ = key(&state, .character(ch)) }
        XCTAssertEqual(key(&state, .enter), [])
        guard case .prompt(let p)? = state.overlay else { return XCTFail("prompt closed on a bad date") }
        XCTAssertEqual(p.error, "\"2026-02-30\" is not a date: write it as DD/MM/YYYY, D/M/YY or YYYY-MM-DD, e.g. 14/11/2026")
        _ = key(&state, .backspace)
        _ = key(&state, .backspace)
        _ = key(&state, .character("2"))
        _ = key(&state, .character("8"))
        XCTAssertEqual(key(&state, .enter).count, 1)
        XCTAssertEqual(state.editor?.audit.sections["plan"]?.answers["plan-reviewed"]?.value, "2026-02-28")
    }

    func testChoiceQuestionUsesAChooser() {
        var state = editorState(draft())
        _ = key(&state, .tab)
        _ = key(&state, .down)
        _ = key(&state, .down)
        _ = key(&state, .enter)
        guard case .chooser? = state.overlay else { return XCTFail("no chooser") }
        _ = key(&state, .down)
        XCTAssertEqual(key(&state, .enter).count, 1)
        XCTAssertEqual(state.editor?.audit.sections["assessment"]?.answers["placement"]?.value, "Kinship care")
    }

    func testNewAuditValidatesThenCreatesAndSaves() {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: [])
        _ = key(&state, .character("n"))
        _ = key(&state, .enter)   // template chosen
        for _ in 0..<5 { _ = key(&state, .down) }   // Enter on the empty team would open its picker
        XCTAssertEqual(key(&state, .enter), [], "no case reference, no team: nothing is created")
        XCTAssertEqual(state.newAudit.focus, .caseRef)
        XCTAssertNotNil(state.newAudit.errors[.caseRef])
        XCTAssertNotNil(state.newAudit.errors[.team])
        for ch in "CR-50001" { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        _ = key(&state, .right)   // cohort CL
        _ = key(&state, .enter)
        for ch in "Hillside" { _ = key(&state, .character(ch)) }
        for _ in 0..<3 { _ = key(&state, .enter) }
        let effects = key(&state, .enter)
        guard case .save(let audit, nil)? = effects.first else { return XCTFail("not saved: \(effects)") }
        XCTAssertEqual(audit.id, "2026-11-fixed001")
        XCTAssertEqual(audit.caseRef, "CR-50001")
        XCTAssertEqual(audit.cohort, .careLeaver)
        XCTAssertEqual(audit.team, "Hillside")
        XCTAssertEqual(audit.auditor, "Mx Auditor")
        XCTAssertEqual(audit.month, Month(year: 2026, month: 11))
        XCTAssertEqual(state.screen, .editor)
        XCTAssertEqual(state.rows.count, 1)
    }

    func testFilterAndSortOverRows() {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: [])
        _ = reduce(&state, .rowsLoaded(Fixtures.audits(100).map({ AuditFacts(audit: $0, templateSections: TestTemplates.lac.sections.map(\.id)) }), problems: []), context)
        _ = key(&state, .character("l"))
        _ = key(&state, .character("/"))
        for ch in "team:hill status:draft" { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        let shown = (state.list.visible ?? []).map { state.rows[$0] }
        XCTAssertFalse(shown.isEmpty)
        XCTAssertTrue(shown.allSatisfy { $0.team == "Hillside" && $0.status == .draft })
        _ = key(&state, .character("/"))
        for _ in 0..<30 { _ = key(&state, .backspace) }
        for ch in "grade:ri" { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        XCTAssertTrue((state.list.visible ?? []).allSatisfy { state.rows[$0].overall == .requiresImprovement })
        _ = key(&state, .character("s"))
        XCTAssertEqual(state.list.sort, .team)
        let teams = (state.list.visible ?? []).map { state.rows[$0].team }
        XCTAssertEqual(teams, teams.sorted())
    }

    func testQuitOnlyFromTheDashboard() {
        var state = AppState(user: "u", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac], measures: [])
        _ = key(&state, .character("l"))
        _ = key(&state, .character("q"))
        XCTAssertFalse(state.quit)
        XCTAssertEqual(state.screen, .dashboard)
        _ = key(&state, .character("q"))
        XCTAssertTrue(state.quit)
    }

    /// Everything required answered, graded Good and explained (one fixture for every UI test).
    func filled(_ audit: Audit) -> Audit { ReducerFixtures().filled(audit) }
}
