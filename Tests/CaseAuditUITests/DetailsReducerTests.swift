import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// `E` in the editor: correcting a draft's case reference, cohort, team, worker and month.
final class DetailsReducerTests: XCTestCase {
    let context = ReduceContext(now: fixedNow, makeID: { "\($0)-fixed001" })

    func draft(cohort: Cohort = .lookedAfter) -> Audit {
        Audit(id: "2026-11-d0000001", template: TemplateRef(id: "child-journey-lac", version: 1), caseRef: "CR-80001",
              cohort: cohort, team: "Riverside", auditor: "Mx Auditor", worker: "Dee Example",
              month: Month(year: 2026, month: 11), created: fixedNow.addingTimeInterval(-3600))
    }

    func editorState(_ audit: Audit, template: AuditTemplate = TestTemplates.lac, lockedBy: LockHolder? = nil) -> AppState {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [template],
                             measures: TestTemplates.measures)
        _ = reduce(&state, .rowsLoaded([AuditFacts(audit: audit, templateSections: template.sections.map(\.id))], problems: []), context)
        _ = reduce(&state, .auditLoaded(audit, template: template, lockedBy: lockedBy), context)
        return state
    }

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), context)
    }

    func type(_ state: inout AppState, _ text: String) {
        for ch in text { _ = key(&state, .character(ch)) }
    }

    func testEOpensTheFormPrefilled() {
        var state = editorState(draft())
        XCTAssertEqual(key(&state, .character("E")), [])
        guard let form = state.editor?.details else { return XCTFail("no details form") }
        XCTAssertEqual(form.focus, .caseRef)
        XCTAssertEqual(form.fields[.caseRef]?.text, "CR-80001")
        XCTAssertEqual(form.fields[.team]?.text, "Riverside")
        XCTAssertEqual(form.fields[.worker]?.text, "Dee Example")
        XCTAssertEqual(form.fields[.month]?.text, "2026-11")
        XCTAssertEqual(form.cohortIndex, TestTemplates.lac.cohorts.firstIndex(of: .lookedAfter))
        XCTAssertEqual(form.fields[.auditor]?.text, "Mx Auditor")
        XCTAssertEqual(form.order, [.caseRef, .cohort, .team, .worker, .month, .auditor], "the auditor can be corrected")
        // Letters type into the form; they are not editor keys while it is open.
        _ = key(&state, .end)
        type(&state, "y")
        XCTAssertEqual(state.editor?.details?.fields[.caseRef]?.text, "CR-80001y")
        XCTAssertNil(state.editor?.audit.sections["chronology"], "y did not answer a question")
    }

    func testEditingAndSavingChangesEveryDetailAndSavesOnce() {
        var state = editorState(draft())
        _ = key(&state, .character("E"))
        _ = key(&state, .control("u"))
        type(&state, "CR-80002")
        _ = key(&state, .enter)
        _ = key(&state, .right)                 // cohort: CL
        _ = key(&state, .enter)
        _ = key(&state, .control("u"))
        type(&state, "Hillside")
        _ = key(&state, .enter)
        _ = key(&state, .control("u"))
        type(&state, "Eli Placeholder")
        _ = key(&state, .enter)
        XCTAssertEqual(state.editor?.details?.focus, .month)
        _ = key(&state, .control("u"))
        type(&state, "2026-10")
        _ = key(&state, .enter)
        XCTAssertEqual(state.editor?.details?.focus, .auditor)
        let effects = key(&state, .enter)
        guard let saved = state.editor?.audit else { return XCTFail("editor closed") }
        XCTAssertEqual(effects, [.save(saved, reason: nil)], "an unchanged auditor is not remembered again")
        XCTAssertEqual(saved.caseRef, "CR-80002")
        XCTAssertEqual(saved.cohort, .careLeaver)
        XCTAssertEqual(saved.team, "Hillside")
        XCTAssertEqual(saved.worker, "Eli Placeholder")
        XCTAssertEqual(saved.month, Month(year: 2026, month: 10))
        XCTAssertEqual(saved.auditor, "Mx Auditor")
        XCTAssertEqual(saved.id, "2026-11-d0000001", "the id stays: it names the file and its history")
        XCTAssertEqual(saved.updated, fixedNow)
        XCTAssertNil(state.editor?.details)
        XCTAssertEqual(state.screen, .editor)
        XCTAssertEqual(state.status, "Details saved")
        // The list row follows without a reload.
        XCTAssertEqual(state.rows.count, 1)
        XCTAssertEqual(state.rows[0].team, "Hillside")
        XCTAssertEqual(state.rows[0].caseRef, "CR-80002")
        XCTAssertEqual(state.rows[0].month, Month(year: 2026, month: 10))
    }

    /// `E` on Team: the details form picks and matches teams as the new-audit form does.
    func testTheTeamIsPickedFromTeamsYamlAsInANewAudit() {
        var state = editorState(draft())
        state.teams = ["Hillside", "Northgate", "Riverside"]
        _ = key(&state, .character("E"))
        _ = key(&state, .down)
        _ = key(&state, .down)
        XCTAssertEqual(state.editor?.details?.focus, .team)
        _ = key(&state, .control("u"))
        XCTAssertEqual(key(&state, .enter), [], "an empty team opens the picker")
        guard case .chooser(let chooser)? = state.overlay else { return XCTFail("no picker") }
        XCTAssertEqual(chooser.options, ["Hillside", "Northgate", "Riverside", SetupReducer.addTeamOption])
        _ = key(&state, .down)
        _ = key(&state, .enter)
        XCTAssertNil(state.overlay)
        XCTAssertEqual(state.editor?.details?.fields[.team]?.text, "Northgate")
        XCTAssertEqual(state.editor?.details?.focus, .worker, "on to the next field")
        XCTAssertEqual(state.newAudit, NewAuditState(), "the new-audit form is left alone")
        for _ in 0..<3 { _ = key(&state, .enter) }
        XCTAssertEqual(state.editor?.audit.team, "Northgate")
        XCTAssertNil(state.editor?.details)
    }

    func testATypedSpellingOfAKnownTeamIsThatTeamInTheDetailsForm() {
        var state = editorState(draft())
        state.teams = ["Hillside", "Riverside"]
        _ = key(&state, .character("E"))
        _ = key(&state, .down)
        _ = key(&state, .down)
        _ = key(&state, .control("u"))
        type(&state, "hillSIDE  ")
        _ = key(&state, .enter)
        XCTAssertNil(state.overlay, "no question: it is a known team")
        XCTAssertEqual(state.editor?.details?.fields[.team]?.text, "Hillside")
        XCTAssertEqual(state.status, "\"Hillside\" is already a team: the audit uses that spelling")
        // Typed and left with the arrows, the team is still matched when the form is saved.
        _ = key(&state, .up)
        _ = key(&state, .control("u"))
        type(&state, "HILLSIDE")
        for _ in 0..<3 { _ = key(&state, .down) }
        _ = key(&state, .enter)
        XCTAssertEqual(state.editor?.audit.team, "Hillside")
    }

    func testANewTeamInTheDetailsFormIsOfferedToTeamsYaml() {
        var state = editorState(draft())
        state.teams = ["Hillside"]
        _ = key(&state, .character("E"))
        // The audit's own team stands although teams.yaml does not list it.
        for _ in 0..<5 { _ = key(&state, .down) }
        XCTAssertEqual(key(&state, .enter), [])
        XCTAssertNil(state.editor?.details)
        XCTAssertEqual(state.status, "Details unchanged")
        // Another unlisted team is refused on saving, then offered to teams.yaml from Team.
        _ = key(&state, .character("E"))
        _ = key(&state, .down)
        _ = key(&state, .down)
        _ = key(&state, .control("u"))
        type(&state, "Westmoor")
        for _ in 0..<3 { _ = key(&state, .down) }
        XCTAssertEqual(key(&state, .enter), [], "not saved with a team teams.yaml does not list")
        XCTAssertEqual(state.editor?.details?.focus, .team)
        XCTAssertEqual(state.editor?.details?.errors[.team], "not in teams.yaml: press Enter here to add it, or clear it and pick one")
        _ = key(&state, .enter)
        guard case .yesNo(let q)? = state.overlay else { return XCTFail("not asked") }
        XCTAssertEqual(q.purpose, .addTeamToFile("Westmoor"))
        XCTAssertEqual(key(&state, .character("y")), [.addTeam("Westmoor")])
        XCTAssertEqual(state.editor?.details?.fields[.team]?.text, "Westmoor")
        for _ in 0..<3 { _ = key(&state, .enter) }
        XCTAssertEqual(state.editor?.audit.team, "Westmoor")
    }

    func testEscCancelsAndChangesNothing() {
        let audit = draft()
        var state = editorState(audit)
        _ = key(&state, .character("E"))
        _ = key(&state, .control("u"))
        type(&state, "CR-99999")
        XCTAssertEqual(key(&state, .escape), [])
        XCTAssertNil(state.editor?.details)
        XCTAssertEqual(state.screen, .editor, "Esc closes the form, not the editor")
        XCTAssertEqual(state.editor?.audit, audit)
        XCTAssertEqual(state.rows[0].caseRef, "CR-80001")
        XCTAssertEqual(state.status, "Details unchanged")
    }

    func testECorrectsTheAuditorAndRemembersTheName() {
        var state = editorState(draft())
        state.auditor = nil
        _ = key(&state, .character("E"))
        for _ in 0..<5 { _ = key(&state, .down) }
        XCTAssertEqual(state.editor?.details?.focus, .auditor)
        _ = key(&state, .control("u"))
        let effects = key(&state, .enter)
        XCTAssertEqual(effects, [], "an empty auditor is refused")
        XCTAssertEqual(state.editor?.details?.errors[.auditor], "required: who is auditing")
        type(&state, "Mx Corrected")
        let saved = key(&state, .enter)
        guard let audit = state.editor?.audit else { return XCTFail("editor closed") }
        XCTAssertEqual(audit.auditor, "Mx Corrected")
        XCTAssertEqual(saved, [.save(audit, reason: nil), .rememberAuditor("Mx Corrected")])
        XCTAssertEqual(state.auditor, "Mx Corrected")
        // The next new audit starts with the corrected name, not the login name.
        NewAuditReducer.start(&state)
        XCTAssertEqual(state.newAudit.fields[.auditor]?.text, "Mx Corrected")
    }

    func testUnchangedDetailsAreNotSaved() {
        var state = editorState(draft())
        _ = key(&state, .character("E"))
        for _ in 0..<5 { _ = key(&state, .enter) }
        XCTAssertEqual(key(&state, .enter), [])
        XCTAssertNil(state.editor?.details)
        XCTAssertEqual(state.status, "Details unchanged")
    }

    func testBadValuesAreRefusedWithTheNewAuditMessages() {
        let audit = draft()
        var state = editorState(audit)
        _ = key(&state, .character("E"))
        _ = key(&state, .control("u"))              // no case reference
        _ = key(&state, .down)
        _ = key(&state, .down)
        _ = key(&state, .control("u"))              // no team
        _ = key(&state, .down)
        _ = key(&state, .down)
        _ = key(&state, .control("u"))
        type(&state, "2026-13")
        _ = key(&state, .down)
        XCTAssertEqual(key(&state, .enter), [], "nothing is saved")
        guard let form = state.editor?.details else { return XCTFail("form closed on bad values") }
        XCTAssertEqual(form.focus, .caseRef)
        XCTAssertEqual(form.errors[.caseRef], "required: the council's case reference (never the child's name)")
        XCTAssertEqual(form.errors[.team], "required: the team that holds the case")
        XCTAssertEqual(form.errors[.month], "write the month as YYYY-MM, e.g. 2026-11")
        XCTAssertNil(form.errors[.auditor])
        XCTAssertEqual(state.editor?.audit, audit)
        XCTAssertEqual(state.rows[0].caseRef, "CR-80001")
    }

    func testCohortTheTemplateDoesNotCoverIsRefused() {
        // A hand-edited file: CIN under a looked-after-children template.
        let audit = draft(cohort: .childInNeed)
        var state = editorState(audit)
        _ = key(&state, .character("E"))
        XCTAssertEqual(state.editor?.details?.cohortIndex, -1, "no covered cohort is chosen for it")
        for _ in 0..<5 { _ = key(&state, .enter) }
        XCTAssertEqual(key(&state, .enter), [])
        XCTAssertEqual(state.editor?.details?.focus, .cohort)
        XCTAssertEqual(state.editor?.details?.errors[.cohort],
                       "choose a cohort template child-journey-lac covers (LAC, CL) with ←/→")
        XCTAssertEqual(state.editor?.audit.cohort, .childInNeed)
        _ = key(&state, .right)
        _ = key(&state, .enter)
        for _ in 0..<3 { _ = key(&state, .enter) }
        let effects = key(&state, .enter)
        XCTAssertEqual(effects.count, 1)
        XCTAssertEqual(state.editor?.audit.cohort, .lookedAfter)
    }

    func testTemplateWithoutCohortsIsRefusedAsWhenMakingAnAudit() {
        var template = TestTemplates.lac
        template.cohorts = []
        var state = editorState(draft(), template: template)
        _ = key(&state, .character("E"))
        for _ in 0..<6 { _ = key(&state, .enter) }
        XCTAssertEqual(state.editor?.details?.errors[.cohort], "the template lists no cohorts")
        var making = NewAuditState()
        making.step = .form
        XCTAssertEqual(NewAuditReducer.validate(making, template: template)[.cohort], "the template lists no cohorts")
    }

    func testCompletedAuditIsRefusedAndPointsToAmend() {
        var audit = draft()
        audit.status = .complete
        audit.completed = fixedNow
        var state = editorState(audit)
        XCTAssertEqual(key(&state, .character("E")), [])
        XCTAssertNil(state.editor?.details)
        XCTAssertEqual(state.status, "Read-only: this audit is complete; press A to amend it (a reason is asked)")
    }

    func testLockedAuditIsRefusedWithTheLockMessage() {
        let holder = LockHolder(user: "Bram Sample", host: "qa-laptop", pid: 4242, started: fixedNow.addingTimeInterval(-1800))
        var state = editorState(draft(), lockedBy: holder)
        XCTAssertEqual(key(&state, .character("E")), [])
        XCTAssertNil(state.editor?.details)
        XCTAssertEqual(state.status, holder.readOnlyMessage)
    }
}

/// A new audit's auditor: the remembered name, else the login name; a new name is remembered
/// through the environment, in the user's config rather than the data folder.
final class RememberedAuditorTests: XCTestCase {
    func testTheRememberedNameStartsTheFormAndANewOneIsKept() throws {
        let folder = TempFolder()
        var env = try Fixtures.environment(folder, audits: [], inMemory: true)
        env.rememberedAuditor = "Mx Remembered"
        let kept = KeptNames()
        env.rememberAuditor = { kept.append($0) }
        let app = CaseAuditApp(environment: env)
        app.press(.character("n"), .enter)
        XCTAssertEqual(app.state.newAudit.fields[.auditor]?.text, "Mx Remembered", "not the login name \(env.user)")
        app.type("CR-70001")
        app.press(.enter, .enter)
        app.type("Riverside")
        app.press(.enter, .enter, .enter)
        XCTAssertEqual(app.state.newAudit.focus, .auditor)
        XCTAssertEqual(kept.names, [], "the same name is not written again")
        app.press(.control("u"))
        app.type("Mx New Name")
        app.press(.enter)
        XCTAssertEqual(app.state.screen, .editor)
        XCTAssertEqual(app.state.editor?.audit.auditor, "Mx New Name")
        XCTAssertEqual(kept.names, ["Mx New Name"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("config.yaml").path))
    }
}

/// Names passed to `rememberAuditor`, from whichever thread runs effects.
final class KeptNames: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    var names: [String] { lock.lock(); defer { lock.unlock() }; return items }
    func append(_ name: String) { lock.lock(); items.append(name); lock.unlock() }
}
