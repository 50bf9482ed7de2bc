import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// `M` in the editor: a QA lead moderates a completed audit's grades.
final class ModerationTests: XCTestCase {
    let context = ReduceContext(now: fixedNow, makeID: { "\($0)-fixed001" })
    let tests = ReducerFixtures()

    func completed() -> Audit {
        var audit = tests.filled(tests.draft())
        audit.status = .complete
        audit.completed = fixedNow.addingTimeInterval(-600)
        audit.overall.grade = .outstanding
        return audit
    }

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), context)
    }

    func type(_ state: inout AppState, _ text: String) {
        for ch in text { _ = key(&state, .character(ch)) }
    }

    func testModeratingTheOverallGradeSavesTheModeratorsGradeAndMovesTheFigures() {
        var state = tests.editorState(completed())
        state.user = "Quinn Lead"
        _ = key(&state, .tab); _ = key(&state, .tab); _ = key(&state, .tab); _ = key(&state, .tab)
        XCTAssertEqual(state.editor?.currentItem, .overallGrade)
        XCTAssertTrue(KeyBindings.footer(state).contains("M moderate"))
        _ = key(&state, .character("M"))
        guard case .chooser(let c)? = state.overlay else { return XCTFail("no grade chooser") }
        XCTAssertEqual(c.purpose, .moderate(section: nil))
        XCTAssertEqual(c.selected, 0, "starts on the auditor's grade")
        _ = key(&state, .down)   // Good
        _ = key(&state, .enter)
        guard case .prompt(let p)? = state.overlay else { return XCTFail("no rationale prompt") }
        XCTAssertEqual(p.purpose, .moderationRationale(section: nil, grade: .good))
        XCTAssertEqual(key(&state, .enter), [], "an empty rationale is refused")
        guard case .prompt(let p2)? = state.overlay else { return XCTFail("prompt closed without a rationale") }
        XCTAssertEqual(p2.error, "A moderated grade needs a rationale: say why")
        type(&state, "Plan lacks timescales")
        let effects = takeModerationLock(&state, key(&state, .enter), context)
        let audit = state.editor!.audit
        XCTAssertEqual(effects, [.save(audit, reason: nil), .releaseLock(id: audit.id)])
        XCTAssertEqual(audit.overall.moderation, Moderation(grade: .good, by: "Quinn Lead", at: fixedNow, rationale: "Plan lacks timescales"))
        XCTAssertEqual(audit.overall.grade, .outstanding, "the auditor's grade is kept")
        XCTAssertEqual(audit.status, .complete)
        XCTAssertEqual(state.editor?.readOnly, .completed)
        XCTAssertEqual(state.rows.first?.overall, .good, "the list row counts the moderated grade")
        // The figures follow the save: the same as a full recount.
        XCTAssertEqual(state.dashboardRows, Counting.measureRows(state.measures, in: state.rows, by: .month))
    }

    func testModeratingASectionMovesItsMeasure() {
        var state = tests.editorState(completed())
        // The figures are made first, so the moderation moves them through the save path.
        let before = state.measureRows(state.dashboardKey).first { $0.measure.section == "plan" }
        XCTAssertEqual(before?.goodOrBetter, 1)
        _ = key(&state, .tab); _ = key(&state, .tab)
        let gradeRow = state.editor!.items(2).firstIndex(of: .grade)!
        state.editor?.item = gradeRow
        _ = key(&state, .character("M"))
        for _ in 0..<3 { _ = key(&state, .down) }   // Inadequate
        _ = key(&state, .enter)
        type(&state, "No contingency")
        takeModerationLock(&state, key(&state, .enter), context)
        XCTAssertEqual(state.editor?.audit.sections["plan"]?.moderation?.grade, .inadequate)
        XCTAssertEqual(state.editor?.audit.sections["plan"]?.grade, .good)
        let after = state.measureRows(state.dashboardKey).first { $0.measure.section == "plan" }
        XCTAssertEqual(after?.goodOrBetter, 0, "the plan measure moves after the moderation")
        XCTAssertEqual(after?.graded, 1)
        XCTAssertEqual(state.dashboardRows, Counting.measureRows(state.measures, in: state.rows, by: .month))
    }

    func testModerationOnlyOnACompletedAuditsGradeRow() {
        var draftState = tests.editorState(tests.filled(tests.draft()))
        _ = key(&draftState, .character("M"))
        XCTAssertNil(draftState.overlay)
        XCTAssertEqual(draftState.status, "M moderates a completed audit; complete this one first (c)")
        var state = tests.editorState(completed())
        _ = key(&state, .character("M"))   // on a question
        XCTAssertNil(state.overlay)
        XCTAssertEqual(state.status, "M moderates a grade: move to a section's grade row or the overall grade")
    }
}

/// The audits and editor state ReducerTests uses, for other reducer test classes.
struct ReducerFixtures {
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

    /// Everything required answered, graded Good and explained.
    func filled(_ audit: Audit) -> Audit {
        var a = audit
        for s in TestTemplates.lac.sections {
            a.withSection(s.id) { rec in
                for q in s.questions where q.required {
                    switch q.type {
                    case .answer: rec.answers[q.id] = Response(answer: .yes)
                    case .smart: rec.answers[q.id] = Response(action: "Foster carer to take the child to the dentist by 2026-12-01")
                    case .date: rec.answers[q.id] = Response(value: "2026-10-01")
                    default: rec.answers[q.id] = Response(value: q.options.first ?? "x")
                    }
                }
                if s.graded { rec.grade = .good; rec.rationale = "Evidence throughout." }
            }
        }
        a.overall = Judgement(grade: .good, rationale: "Good overall.")
        return a
    }
}

/// The SMART checker in the editor: Time-bound needs a timescale or an override note.
final class SmartHintTests: XCTestCase {
    let fixtures = ReducerFixtures()

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), fixtures.context)
    }

    func onPlanAction(_ action: String, note: String? = nil) -> AppState {
        var audit = fixtures.draft()
        audit.withSection("plan") { $0.answers["plan-action"] = Response(note: note, action: action) }
        var state = fixtures.editorState(audit)
        _ = key(&state, .tab); _ = key(&state, .tab)
        XCTAssertEqual(state.editor?.currentQuestion?.id, "plan-action")
        return state
    }

    func testTimeBoundWithoutATimescaleAsksForANoteFirst() {
        var state = onPlanAction("Social worker to support the family — ongoing")
        XCTAssertEqual(key(&state, .character("5")), [], "nothing saved")
        XCTAssertEqual(state.note?.target, .answerNote(section: "plan", question: "plan-action"))
        XCTAssertNil(state.editor?.audit.sections["plan"]?.answers["plan-action"]?.smart?.timeBound)
        for ch in "Review date set in the plan's appendix" { _ = key(&state, .character(ch)) }
        _ = key(&state, .escape)
        XCTAssertNil(state.note)
        _ = key(&state, .character("5"))
        XCTAssertEqual(state.editor?.audit.sections["plan"]?.answers["plan-action"]?.smart?.timeBound, true,
                       "with an override note the tick is taken")
    }

    func testTimeBoundWithATimescaleTicksAtOnce() {
        var state = onPlanAction("Social worker to arrange a dentist visit by 2026-12-15")
        XCTAssertFalse(key(&state, .character("5")).isEmpty)
        XCTAssertNil(state.note)
        XCTAssertEqual(state.editor?.audit.sections["plan"]?.answers["plan-action"]?.smart?.timeBound, true)
    }

    func testAnOldFiveOutOfFiveWithoutATimescaleShowsFour() {
        let all = SmartCheck(specific: true, measurable: true, achievable: true, realistic: true, timeBound: true)
        XCTAssertEqual(EditorDetail.smartCount(Response(action: "Support the family — ongoing", smart: all)), 4)
        XCTAssertEqual(EditorDetail.smartCount(Response(note: "Reviewed weekly at panel", action: "Support the family — ongoing", smart: all)), 5)
        XCTAssertEqual(EditorDetail.smartCount(Response(action: "Social worker to visit by 2026-12-15", smart: all)), 5)
    }
}

/// The dashboard's QA line: sampled audits awaiting moderation and overdue actions.
final class QAFiguresTests: XCTestCase {
    let fixtures = ReducerFixtures()

    func completed(_ id: String, actions: [AuditAction] = []) -> Audit {
        var a = fixtures.filled(fixtures.draft())
        a.id = id
        a.status = .complete
        a.actions = actions
        return a
    }

    func testCountsAwaitingAndOverdueAndFollowsAModeration() {
        let due = [AuditAction(what: "Update chronology", who: "SW", by: "2026-11-24"),
                   AuditAction(what: "Visit", who: "SW", by: "2026-11-25"),   // due today: not overdue
                   AuditAction(what: "Done one", who: "SW", by: "2026-10-01", done: true)]
        let a = completed("2026-11-a", actions: due)
        let b = completed("2026-11-b")
        var moderated = completed("2026-11-c")
        moderated.overall.moderation = Moderation(grade: .good, by: "QA", at: fixedNow)
        var qa = QAFigures(audits: [a, b, moderated], sampled: ["2026-11-a", "2026-11-c", "gone"], today: "2026-11-25")
        XCTAssertEqual(qa.awaitingCount, 1, "a is sampled and not moderated; c is moderated; gone is not in the data")
        XCTAssertEqual(qa.overdueCount, 1)
        XCTAssertEqual(DashboardView.qaText(qa), " Sampled audits awaiting moderation: 1   Overdue actions: 1")

        // A moderation through the editor moves the line.
        var state = fixtures.editorState(a)
        state.qa = qa
        _ = reduce(&state, .moderate, fixtures.context)   // on a question: refused
        state.editor?.section = TestTemplates.lac.sections.count
        state.editor?.item = 0
        _ = reduce(&state, .moderate, fixtures.context)
        _ = reduce(&state, .confirm, fixtures.context)
        for ch in "Agree" { _ = reduce(&state, .input(.character(ch)), fixtures.context) }
        takeModerationLock(&state, reduce(&state, .confirm, fixtures.context), fixtures.context)
        XCTAssertEqual(state.qa?.awaitingCount, 0)
        qa.update(state.editor!.audit)
        XCTAssertEqual(qa, state.qa)
    }

    func testDashboardShowsTheLine() throws {
        let folder = TempFolder()
        var env = try Fixtures.environment(folder, audits: Fixtures.audits(60), inMemory: true)
        env.loadQA = nil
        let app = CaseAuditApp(environment: env)
        let audits = Fixtures.audits(60)
        app.setQA(QAFigures(audits: audits, sampled: audits.prefix(5).map(\.id), today: "2026-11-25"))
        assertGolden(app.render(width: 80, height: 24), "dashboard-qa-80x24")
    }
}

/// `d` on an action: done with the date; a carried-over action's outcome, needed to complete.
final class ActionFollowUpTests: XCTestCase {
    let fixtures = ReducerFixtures()

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), fixtures.context)
    }

    func onAction(_ action: AuditAction) -> AppState {
        var audit = fixtures.filled(fixtures.draft())
        audit.actions = [action]
        var state = fixtures.editorState(audit)
        state.editor?.section = TestTemplates.lac.sections.count
        state.editor?.item = 1
        XCTAssertEqual(state.editor?.currentItem, .action(0))
        return state
    }

    func testMarkingDoneAsksTheDateThenSaves() {
        var state = onAction(AuditAction(what: "Update the chronology", who: "SW", by: "2026-11-01"))
        XCTAssertTrue(KeyBindings.footer(state).contains("D delete  d done"))
        _ = key(&state, .character("d"))
        guard case .prompt(var p)? = state.overlay else { return XCTFail("no date prompt") }
        XCTAssertEqual(p.field.text, "2026-11-25", "today by default")
        p.field = LineField("2026-11-31")
        state.overlay = .prompt(p)
        XCTAssertEqual(key(&state, .enter), [], "not a real day")
        p.field = LineField("2026-11-20")
        state.overlay = .prompt(p)
        let effects = key(&state, .enter)
        let action = state.editor?.audit.actions.first
        XCTAssertEqual(action?.done, true)
        XCTAssertEqual(action?.doneOn, "2026-11-20")
        XCTAssertEqual(effects, [.save(state.editor!.audit, reason: nil)])
        _ = key(&state, .character("d"))
        XCTAssertEqual(state.editor?.audit.actions.first?.done, false, "d again marks it not done")
    }

    /// D would skip the outcome a carried-over action must record, so it is neither offered nor taken.
    func testCarriedOverActionIsNotDeleted() {
        var state = onAction(AuditAction(what: "Update the chronology", who: "SW", by: "2026-06-01", carriedFrom: "2026-05-earlier1"))
        XCTAssertFalse(KeyBindings.footer(state).contains { $0.contains("D delete") })
        XCTAssertTrue(KeyBindings.footer(state).contains("d outcome"))
        XCTAssertEqual(key(&state, .character("D")), [])
        XCTAssertEqual(state.editor?.audit.actions.count, 1)
        XCTAssertTrue(state.status?.contains("not deleted") ?? false)
    }

    func testCarriedOverActionBlocksCompletionUntilItsOutcome() {
        var state = onAction(AuditAction(what: "Update the chronology", who: "SW", by: "2026-06-01", carriedFrom: "2026-05-earlier1"))
        _ = key(&state, .character("c"))
        XCTAssertEqual(state.editor?.audit.status, .draft)
        XCTAssertEqual(state.editor?.currentItem, .action(0), "the cursor goes to the action")
        XCTAssertTrue(state.status?.contains("needs an outcome") ?? false)
        _ = key(&state, .character("d"))
        guard case .chooser(let c)? = state.overlay else { return XCTFail("no outcome chooser") }
        XCTAssertEqual(c.purpose, .actionOutcome(index: 0))
        _ = key(&state, .down); _ = key(&state, .down)   // No longer needed
        _ = key(&state, .enter)
        XCTAssertEqual(state.editor?.audit.actions.first?.outcome, .noLongerNeeded)
        _ = key(&state, .character("c"))
        _ = key(&state, .character("y"))
        XCTAssertEqual(state.editor?.audit.status, .complete)
    }
}

/// Right of reply and one child's audits in the editor.
final class ReplyAndEarlierAuditsTests: XCTestCase {
    let fixtures = ReducerFixtures()

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), fixtures.context)
    }

    func testFeedbackToTheWorkerAndTheirReplyAreRecorded() {
        var state = fixtures.editorState(fixtures.filled(fixtures.draft()))
        state.editor?.section = TestTemplates.lac.sections.count
        let row = state.editor!.items(TestTemplates.lac.sections.count).firstIndex(of: .feedbackToWorker)!
        state.editor?.item = row
        _ = key(&state, .character("e"))
        XCTAssertEqual(state.note?.target, .feedbackToWorker)
        for ch in "Plan needs dates" { _ = key(&state, .character(ch)) }
        _ = key(&state, .escape)
        XCTAssertEqual(state.editor?.audit.feedback.toWorker, "Plan needs dates")
        _ = key(&state, .down)
        XCTAssertEqual(state.editor?.currentItem, .workerReply)
        _ = key(&state, .enter)
        guard case .chooser(let c)? = state.overlay else { return XCTFail("no agreement chooser") }
        XCTAssertEqual(c.options, ["Agrees", "Partly agrees", "Disagrees"])
        _ = key(&state, .down); _ = key(&state, .enter)
        for ch in "Dates were in the appendix" { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        guard case .prompt(let p)? = state.overlay else { return XCTFail("no date prompt") }
        XCTAssertEqual(p.field.text, "2026-11-25")
        let effects = key(&state, .enter)
        XCTAssertEqual(state.editor?.audit.feedback.reply, WorkerReply(agreement: .partly, text: "Dates were in the appendix", date: "2026-11-25"))
        XCTAssertEqual(effects, [.save(state.editor!.audit, reason: nil)])
    }

    func testEditorListsTheCasesEarlierAudits() {
        let template = TestTemplates.lac.sections.map(\.id)
        func earlier(_ id: String, _ month: Int, _ overall: Grade, status: AuditStatus = .complete, caseRef: String = "CR-40001") -> AuditFacts {
            AuditFacts(id: id, month: Month(year: 2026, month: month), template: TemplateRef(id: "child-journey-lac", version: 1),
                       cohort: .lookedAfter, status: status, caseRef: caseRef, grades: ["plan": .requiresImprovement],
                       overall: overall, templateSections: template)
        }
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac], measures: [])
        let audit = fixtures.draft()
        let rows = [earlier("a", 5, .good), earlier("b", 8, .requiresImprovement), earlier("c", 9, .inadequate, status: .draft),
                    earlier("d", 7, .outstanding, caseRef: "CR-99999"), AuditFacts(audit: audit, templateSections: template)]
        _ = reduce(&state, .rowsLoaded(rows, problems: []), fixtures.context)
        _ = reduce(&state, .auditLoaded(audit, template: TestTemplates.lac, lockedBy: nil), fixtures.context)
        XCTAssertEqual(state.editor?.earlier.map(\.id), ["b", "a"], "completed, same case, latest first")
        let overall = EditorDetail.lines(.overallGrade, state.editor!, width: 200).map(\.0)
        XCTAssertTrue(overall.contains("Earlier audits of CR-40001: 2026-08 RI; 2026-05 Good"), "\(overall)")
        state.editor?.section = 2
        let plan = EditorDetail.lines(.grade, state.editor!, width: 200).map(\.0)
        XCTAssertTrue(plan.contains("Previous audit (2026-08): Requires improvement"), "\(plan)")
    }
}

/// A case audited again: the earlier audits' open actions come first, and both record the outcome.
final class CarryOverTests: XCTestCase {
    let fixtures = ReducerFixtures()

    func testANewAuditOfACaseAsksForTheEarlierAuditsActions() {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac], measures: [])
        let earlier = AuditFacts(id: "2026-06-earlier1", month: Month(year: 2026, month: 6),
                                 template: TemplateRef(id: "child-journey-lac", version: 1), cohort: .careLeaver,
                                 status: .complete, caseRef: "CR-50001", templateSections: [])
        _ = reduce(&state, .rowsLoaded([earlier], problems: []), fixtures.context)
        func key(_ k: KeyEvent) -> [Effect] { reduce(&state, KeyBindings.action(for: k, in: state), fixtures.context) }
        _ = key(.character("n")); _ = key(.enter)
        for ch in "CR-50001" { _ = key(.character(ch)) }
        _ = key(.enter); _ = key(.right); _ = key(.enter)
        for ch in "Hillside" { _ = key(.character(ch)) }
        for _ in 0..<3 { _ = key(.enter) }
        let effects = key(.enter)
        XCTAssertEqual(effects.last, .carryOver(id: "2026-11-fixed001", from: ["2026-06-earlier1"]))
    }

    func testOpenActionsAreCarriedOverAndTheOutcomeReachesTheEarlierAudit() throws {
        let folder = TempFolder()
        var earlier = fixtures.filled(fixtures.draft())
        earlier.id = "2026-06-earlier1"
        earlier.month = Month(year: 2026, month: 6)
        earlier.status = .complete
        earlier.completed = fixedNow.addingTimeInterval(-86_400 * 150)
        earlier.actions = [AuditAction(what: "Update the chronology", who: "SW", by: "2026-07-01"),
                           AuditAction(what: "Already done", who: "SW", by: "2026-07-01", done: true)]
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: [earlier]))

        // A new audit of the same case asks for the earlier audit's open actions.
        var new = fixtures.filled(fixtures.draft())
        new.actions = [AuditAction(what: "New one", who: "TM", by: "2026-12-01")]
        var state = app.state
        _ = reduce(&state, .auditLoaded(new, template: TestTemplates.lac, lockedBy: nil), fixtures.context)
        XCTAssertEqual(state.editor?.earlier.map(\.id), [earlier.id])
        guard case .carriedOver(let id, let carried)? = app.run(.carryOver(id: new.id, from: [earlier.id])) else {
            return XCTFail("no carried-over actions")
        }
        XCTAssertEqual(carried.map(\.what), ["Update the chronology"], "only the open one")
        _ = reduce(&state, .carriedOver(id: id, carried), fixtures.context)
        XCTAssertEqual(state.editor?.audit.actions.map(\.what), ["Update the chronology", "New one"], "carried ones first")
        XCTAssertEqual(state.editor?.audit.actions.first?.carriedFrom, earlier.id)

        // Its outcome is recorded here and sent to the earlier audit.
        state.editor?.section = TestTemplates.lac.sections.count
        state.editor?.item = 1
        _ = reduce(&state, .markDone, fixtures.context)
        let effects = reduce(&state, .confirm, fixtures.context)   // Done
        guard case .recordOutcome(let from, let action, let by)? = effects.last else { return XCTFail("\(effects)") }
        XCTAssertEqual(action.outcome, .done)
        XCTAssertNil(app.run(.recordOutcome(in: from, action: action, by: by)))
        let onDisk = try AuditStore(directory: DataDirectory(root: folder.url)).load(earlier.id)
        XCTAssertEqual(onDisk.actions.first?.outcome, .done)
        XCTAssertEqual(onDisk.actions.first?.doneOn, "2026-11-25")
        XCTAssertEqual(onDisk.status, .complete)
    }
}

extension CarryOverTests {
    /// The outcome goes to the earlier audit only under its lock: a colleague who has it open keeps it as it is.
    func testTheOutcomeWaitsWhenAColleagueHasTheEarlierAuditOpen() throws {
        let folder = TempFolder()
        var earlier = fixtures.filled(fixtures.draft())
        earlier.id = "2026-06-earlier2"
        earlier.month = Month(year: 2026, month: 6)
        earlier.status = .complete
        earlier.actions = [AuditAction(what: "Update the chronology", who: "SW", by: "2026-07-01")]
        var env = try Fixtures.environment(folder, audits: [earlier])
        let colleague = LockHolder(user: "colleague", host: "other-host", pid: 42, started: fixedNow)
        env.acquireLock = { id in id == "2026-06-earlier2" ? .heldBy(colleague) : .acquired(release: {}) }
        let app = CaseAuditApp(environment: env)
        var action = earlier.actions[0]
        action.outcome = .done
        action.doneOn = "2026-11-25"
        guard case .message(let text)? = app.run(.recordOutcome(in: earlier.id, action: action, by: "2026-11-fixed001")) else {
            return XCTFail("expected a message")
        }
        XCTAssertTrue(text.contains("colleague has it open"), text)
        let onDisk = try AuditStore(directory: DataDirectory(root: folder.url)).load(earlier.id)
        XCTAssertNil(onDisk.actions.first?.outcome, "nothing written under a colleague's lock")
    }
}

/// The audits list shows a moderated overall grade with the auditor's beside it.
final class ListModeratedGradeTests: XCTestCase {
    func testAModeratedOverallShowsTheAuditorsGradeBesideIt() {
        func row(_ overall: Grade?, auditor: Grade?) -> AuditFacts {
            AuditFacts(id: "a", month: Month("2026-11"), template: TemplateRef(id: "child-journey", version: 2), cohort: .childInNeed,
                       status: .complete, overall: overall, templateSections: [], auditorOverall: auditor)
        }
        XCTAssertEqual(AuditListView.overallWord(row(.good, auditor: .outstanding)), "G* (was O)")
        XCTAssertEqual(AuditListView.overallWord(row(.requiresImprovement, auditor: .inadequate)), "RI* (was I)")
        XCTAssertEqual(AuditListView.overallWord(row(.good, auditor: nil)), "Good")
        XCTAssertEqual(AuditListView.overallWord(row(nil, auditor: nil)), "—")
        // It fits the Overall column at 80 columns, so nothing is cut.
        XCTAssertLessThanOrEqual(TextWidth.of("RI* (was I)"), AuditListView.Columns(width: 80).widths.last!)
    }
}

/// Runs `.lockToModerate` as the app does when the lock is free: the audit read again under the
/// lock is `onDisk` (by default the one on screen).
@discardableResult
func takeModerationLock(_ state: inout AppState, _ effects: [Effect], _ context: ReduceContext,
                        onDisk: Audit? = nil) -> [Effect] {
    guard case .lockToModerate(let id, let section, let grade, let rationale)? = effects.first,
          let onScreen = state.editor?.audit, onScreen.id == id else {
        XCTFail("expected the moderation to ask for the lock first: \(effects)")
        return []
    }
    return reduce(&state, .moderateLocked(onDisk ?? onScreen, section: section, grade: grade, rationale: rationale), context)
}

/// A moderation is made on the audit as read again under its lock, never on the copy on screen.
final class ModerationLockTests: XCTestCase {
    let fixtures = ReducerFixtures()

    func completed() -> Audit {
        var audit = fixtures.filled(fixtures.draft())
        audit.status = .complete
        audit.completed = fixedNow.addingTimeInterval(-600)
        audit.overall.grade = .outstanding
        return audit
    }

    func testAColleaguesAmendmentMadeMeanwhileIsKept() {
        var state = fixtures.editorState(completed())
        let lock = EditorReducer.moderate(&state, section: nil, grade: .good, rationale: "Plan lacks timescales", fixtures.context)
        XCTAssertEqual(lock, [.lockToModerate(id: state.editor!.audit.id, section: nil, grade: .good, rationale: "Plan lacks timescales")])
        XCTAssertNil(state.editor?.audit.overall.moderation, "nothing changes before the lock is ours")
        var amended = completed()
        amended.worker = "Worker Corrected"
        let effects = takeModerationLock(&state, lock, fixtures.context, onDisk: amended)
        let saved = state.editor!.audit
        XCTAssertEqual(saved.worker, "Worker Corrected", "the colleague's amendment is kept")
        XCTAssertEqual(saved.overall.moderation?.grade, .good)
        XCTAssertEqual(effects, [.save(saved, reason: nil), .releaseLock(id: saved.id)])
    }

    func testAnAuditAmendedBackToADraftIsNotModerated() {
        var state = fixtures.editorState(completed())
        let lock = EditorReducer.moderate(&state, section: nil, grade: .good, rationale: "r", fixtures.context)
        var draft = completed()
        draft.status = .draft
        let effects = takeModerationLock(&state, lock, fixtures.context, onDisk: draft)
        XCTAssertEqual(effects, [.releaseLock(id: draft.id)], "nothing is saved")
        XCTAssertNil(state.editor?.audit.overall.moderation)
        XCTAssertEqual(state.status, "Not moderated: someone amended this audit meanwhile and it is a draft again")
    }
}
