import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// Dates typed into the editor's prompts: the UK forms and ISO are accepted and stored as ISO;
/// a question's date may not be after today, an action's due date may.
final class DateEntryTests: XCTestCase {
    let context = ReduceContext(now: fixedNow, makeID: { "\($0)-fixed001" })
    lazy var today = TypedDate.today(fixedNow)

    func editorState() -> AppState {
        let audit = Audit(id: "2026-11-r0000001", template: TemplateRef(id: "child-journey-lac", version: 1), caseRef: "CR-40001",
                          cohort: .lookedAfter, team: "Riverside", auditor: "Mx Auditor", worker: "Dee Example",
                          month: Month(year: 2026, month: 11), created: fixedNow.addingTimeInterval(-3600))
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        _ = reduce(&state, .rowsLoaded([AuditFacts(audit: audit, templateSections: TestTemplates.lac.sections.map(\.id))], problems: []), context)
        _ = reduce(&state, .auditLoaded(audit, template: TestTemplates.lac, lockedBy: nil), context)
        return state
    }

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), context)
    }

    /// Types `text` into the plan-reviewed date prompt; the stored value, or the prompt's error.
    func typeQuestionDate(_ text: String) -> (stored: String?, error: String?) {
        var state = editorState()
        for k in [KeyEvent.tab, .tab, .down, .enter] { _ = key(&state, k) }
        guard case .prompt(let p)? = state.overlay, p.title.hasSuffix("(DD/MM/YYYY)") else {
            XCTFail("no date prompt"); return (nil, nil)
        }
        for ch in text { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        if case .prompt(let p)? = state.overlay { return (nil, p.error) }
        return (state.editor?.audit.sections["plan"]?.answers["plan-reviewed"]?.value, nil)
    }

    func testAcceptedDatesAreStoredAsISO() {
        let table: [(typed: String, stored: String)] = [
            ("14/11/2026", "2026-11-14"), ("4/3/2026", "2026-03-04"), ("04/03/26", "2026-03-04"),
            ("4/3/26", "2026-03-04"), ("2026-03-04", "2026-03-04"), (" 29/02/2024 ", "2024-02-29"),
            ("01/01/1900", "1900-01-01"), ("31/12/25", "2025-12-31"),
        ]
        XCTAssertGreaterThanOrEqual(today, "2026-11-14", "the fixed clock is after every accepted date")
        for (typed, stored) in table {
            let result = typeQuestionDate(typed)
            XCTAssertEqual(result.stored, stored, "\(typed): \(result.error ?? "")")
        }
    }

    func testRefusedDatesKeepThePromptOpenWithAReason() {
        let notADate = "is not a date: write it as DD/MM/YYYY, D/M/YY or YYYY-MM-DD, e.g. 14/11/2026"
        let table: [(typed: String, reason: String)] = [
            ("30/02/2026", notADate), ("31/04/2026", notADate), ("29/02/2025", notADate), ("13/13/2026", notADate),
            ("0/1/2026", notADate), ("1/1/026", notADate), ("14-11-2026", notADate), ("2026/11/14", notADate),
            ("11/14/2026", notADate), ("2026-2-3", notADate), ("14.11.2026", notADate), ("1/1/1899", notADate),
            ("tomorrow", notADate), ("١٤/١١/٢٠٢٦", notADate), ("1//2026", notADate), ("+1/1/2026", notADate),
            ("1/1/2999", "is after today"), ("31/12/2099", "is after today"),
        ]
        for (typed, reason) in table {
            let result = typeQuestionDate(typed)
            XCTAssertNil(result.stored, typed)
            XCTAssertTrue(result.error?.contains(reason) ?? false, "\(typed): \(result.error ?? "accepted")")
        }
    }

    func testTomorrowIsRefusedForAQuestionButTodayIsTaken() {
        let tomorrow = TypedDate.today(fixedNow.addingTimeInterval(86_400))
        XCTAssertEqual(typeQuestionDate(tomorrow).error, "\(tomorrow) is after today (\(today)): this date records something that has happened")
        XCTAssertEqual(typeQuestionDate(today).stored, today)
    }

    func testAnActionMayBeDueInTheFutureAndIsStoredAsISO() {
        var state = editorState()
        _ = key(&state, .character("a"))
        for ch in "Review contact" { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        for ch in "Team manager" { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        guard case .prompt(let p)? = state.overlay else { return XCTFail("no due-date prompt") }
        XCTAssertEqual(p.title, "By when? (DD/MM/YYYY)")
        for ch in "31/2/27" { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
        guard case .prompt(let refused)? = state.overlay else { return XCTFail("31 February accepted") }
        XCTAssertEqual(refused.error?.hasPrefix("\"31/2/27\" is not a date"), true)
        for _ in 0..<7 { _ = key(&state, .backspace) }
        for ch in "10/1/27" { _ = key(&state, .character(ch)) }
        XCTAssertEqual(key(&state, .enter).count, 1)
        XCTAssertEqual(state.editor?.audit.actions.last?.by, "2027-01-10")
    }
}

/// The list's filter prompt: a misspelt key keeps the prompt open with the known keys; the status
/// line counts in the right number.
final class ListFilterPromptTests: XCTestCase {
    let context = ReduceContext(now: fixedNow, makeID: { "\($0)-fixed001" })

    func listState(_ audits: [Audit]) -> AppState {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac], measures: [])
        let facts = audits.map { AuditFacts(audit: $0, templateSections: TestTemplates.lac.sections.map(\.id)) }
        _ = reduce(&state, .rowsLoaded(facts, problems: []), context)
        _ = key(&state, .character("l"))
        return state
    }

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), context)
    }

    func filter(_ state: inout AppState, _ text: String) {
        _ = key(&state, .character("/"))
        for _ in 0..<60 { _ = key(&state, .backspace) }
        for ch in text { _ = key(&state, .character(ch)) }
        _ = key(&state, .enter)
    }

    func testAMisspeltKeyIsRefusedWithTheKnownKeys() {
        var state = listState(Fixtures.audits(40))
        filter(&state, "teem:hill")
        guard case .prompt(let p)? = state.overlay else { return XCTFail("the prompt closed on an unknown key") }
        XCTAssertEqual(p.error?.hasPrefix("unknown filter key \"teem\" in \"teem:hill\"; known keys: age, age-band, auditor, case, cohort, disability, escalation, ethnicity, grade"), true, p.error ?? "")
        XCTAssertTrue(p.error?.contains("plan") ?? false, "section keys are listed")
        XCTAssertEqual(state.list.filter, "", "nothing applied")
    }

    func testSectionGradeGoodOrBetterAndOr() {
        var state = listState(Fixtures.audits(100))
        filter(&state, "plan:good+ or team:hill")
        let shown = (state.list.visible ?? []).map { state.rows[$0] }
        XCTAssertFalse(shown.isEmpty)
        XCTAssertTrue(shown.allSatisfy { [.outstanding, .good].contains($0.grades["plan"]) || $0.team == "Hillside" })
        let expected = state.rows.filter { [.outstanding, .good].contains($0.grades["plan"]) || $0.team == "Hillside" }.count
        XCTAssertEqual(shown.count, expected)
        XCTAssertEqual(state.status, "\(expected) audits match \"plan:good+ or team:hill\"")
    }

    func testPlurals() {
        var state = listState(Fixtures.audits(30))
        let ref = state.rows[0].caseRef
        filter(&state, "case:\(ref)")
        let n = state.list.visible?.count ?? 0
        XCTAssertEqual(n, 1, "case refs are distinct in the fixtures")
        XCTAssertEqual(state.status, "1 audit matches \"case:\(ref)\"")
        filter(&state, "zzzz-nothing")
        XCTAssertEqual(state.status, "0 audits match \"zzzz-nothing\"")
    }
}
