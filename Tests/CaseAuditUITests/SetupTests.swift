import CaseAuditCore
@testable import CaseAuditUI
import XCTest

/// Issue 13's set-up: teams picked or added, the second-audit question, deleting a draft, where
/// `S` writes a summary.
final class SetupReducerTests: XCTestCase {
    let context = ReduceContext(now: fixedNow, makeID: { "\($0)-fixed001" })

    func key(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
        reduce(&state, KeyBindings.action(for: key, in: state), context)
    }

    func type(_ state: inout AppState, _ text: String) { for ch in text { _ = key(&state, .character(ch)) } }

    func state(rows audits: [Audit] = [], teams: [String]? = nil) -> AppState {
        var state = AppState(user: "Mx Auditor", today: Month(year: 2026, month: 11), templates: [TestTemplates.lac],
                             measures: TestTemplates.measures)
        state.teams = teams
        _ = reduce(&state, .rowsLoaded(audits.map { AuditFacts(audit: $0, templateSections: TestTemplates.lac.sections.map(\.id)) },
                                       problems: []), context)
        return state
    }

    /// The new-audit form with the case reference typed and the cursor on Team.
    func formOnTeam(_ s: inout AppState, caseRef: String = "CR-50001") {
        _ = key(&s, .character("n"))
        _ = key(&s, .enter)
        type(&s, caseRef)
        _ = key(&s, .enter)
        _ = key(&s, .enter)
        XCTAssertEqual(s.newAudit.focus, .team)
    }

    /// From Team to the end of the form: returns the effects of Enter on Auditor.
    func finish(_ s: inout AppState) -> [Effect] {
        while s.newAudit.focus != .auditor { _ = key(&s, .down) }
        return key(&s, .enter)
    }

    func testTeamsArePickedFromTeamsYaml() {
        var s = state(teams: ["Hillside", "Northgate", "Riverside"])
        formOnTeam(&s)
        _ = key(&s, .enter)   // an empty team opens the picker
        guard case .chooser(let chooser)? = s.overlay else { return XCTFail("no picker") }
        XCTAssertEqual(chooser.options, ["Hillside", "Northgate", "Riverside", SetupReducer.addTeamOption])
        XCTAssertEqual(chooser.title, "Team (teams.yaml)")
        _ = key(&s, .down)
        _ = key(&s, .enter)
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.newAudit.fields[.team]?.text, "Northgate")
        XCTAssertEqual(s.newAudit.focus, .worker, "on to the next field")
        guard case .save(let audit, _)? = finish(&s).first else { return XCTFail("not created") }
        XCTAssertEqual(audit.team, "Northgate")
    }

    func testWithoutTeamsYamlTheTeamsUsedAreOfferedOnceEach() {
        let audits = Fixtures.audits(8).enumerated().map { i, a -> Audit in
            var b = a
            b.team = i % 2 == 0 ? "Riverside" : " riverside  "
            return b
        }
        var s = state(rows: audits)
        formOnTeam(&s)
        _ = key(&s, .character(" "))   // Space on an empty team opens the picker too
        guard case .chooser(let chooser)? = s.overlay else { return XCTFail("no picker") }
        XCTAssertEqual(chooser.options, ["Riverside", SetupReducer.addTeamOption])
        XCTAssertEqual(chooser.title, "Team (teams used so far)")
    }

    func testATypedSpellingOfAKnownTeamIsThatTeam() {
        var s = state(teams: ["Hillside", "Riverside"])
        formOnTeam(&s)
        type(&s, "riverSIDE  ")
        _ = key(&s, .enter)
        XCTAssertNil(s.overlay, "no question: it is a known team")
        XCTAssertEqual(s.newAudit.fields[.team]?.text, "Riverside")
        XCTAssertEqual(s.status, "\"Riverside\" is already a team: the audit uses that spelling")
    }

    func testANewTeamIsOfferedToTeamsYamlYesAddsIt() {
        var s = state(teams: ["Hillside"])
        formOnTeam(&s)
        _ = key(&s, .enter)
        _ = key(&s, .down)
        _ = key(&s, .enter)   // "+ Add a new team…"
        guard case .prompt(let p)? = s.overlay, p.purpose == .newTeam else { return XCTFail("no name prompt: \(String(describing: s.overlay))") }
        XCTAssertEqual(key(&s, .enter), [])
        guard case .prompt(let empty)? = s.overlay else { return XCTFail("an empty name closed the prompt") }
        XCTAssertEqual(empty.error, "Write the team's name, or press Esc")
        type(&s, "Westmoor  Fostering")
        _ = key(&s, .enter)
        guard case .yesNo(let q)? = s.overlay else { return XCTFail("not asked about teams.yaml") }
        XCTAssertEqual(q.title, "Add \"Westmoor Fostering\" to teams.yaml?")
        XCTAssertEqual(key(&s, .character("y")), [.addTeam("Westmoor Fostering")])
        XCTAssertEqual(s.newAudit.fields[.team]?.text, "Westmoor Fostering")
        XCTAssertEqual(s.teams, ["Hillside", "Westmoor Fostering"])
        guard case .save(let audit, _)? = finish(&s).first else { return XCTFail("not created: \(s.newAudit.errors)") }
        XCTAssertEqual(audit.team, "Westmoor Fostering")
    }

    func testANewTeamAnsweredNoIsUsedButNotAdded() {
        var s = state(teams: ["Hillside"])
        formOnTeam(&s)
        type(&s, "Westmoor")
        _ = key(&s, .enter)
        guard case .yesNo? = s.overlay else { return XCTFail("not asked") }
        XCTAssertEqual(key(&s, .character("n")), [])
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.newAudit.fields[.team]?.text, "Westmoor")
        guard case .save(let audit, _)? = finish(&s).first else { return XCTFail("not created: \(s.newAudit.errors)") }
        XCTAssertEqual(audit.team, "Westmoor")
        XCTAssertEqual(s.teams, ["Hillside"], "not added")
    }

    func testATeamTypedAndLeftWithArrowsIsStillCheckedAgainstTeamsYaml() {
        var s = state(teams: ["Hillside"])
        formOnTeam(&s)
        type(&s, "Westmoor")
        XCTAssertEqual(finish(&s), [], "not created with a team teams.yaml does not list")
        XCTAssertEqual(s.newAudit.focus, .team)
        XCTAssertEqual(s.newAudit.errors[.team], "not in teams.yaml: press Enter here to add it, or clear it and pick one")
        _ = key(&s, .enter)
        guard case .yesNo(let q)? = s.overlay else { return XCTFail("not asked") }
        XCTAssertEqual(q.purpose, .addTeamToFile("Westmoor"))
    }

    func testASecondAuditOfTheCaseThisMonthAsksFirst() {
        var earlier = Fixtures.audits(1)[0]
        earlier.id = "2026-11-first001"
        earlier.caseRef = "CR-50001"
        earlier.status = .draft
        earlier.month = Month(year: 2026, month: 11)
        var s = state(rows: [earlier])
        formOnTeam(&s, caseRef: " cr-50001 ")
        type(&s, "Riverside")
        _ = key(&s, .enter)
        XCTAssertEqual(finish(&s), [], "nothing is created before the answer")
        guard case .yesNo(let q)? = s.overlay else { return XCTFail("not asked") }
        XCTAssertTrue(q.lines[0].hasPrefix("Audit id 2026-11-first001 · draft"), q.lines[0])
        XCTAssertEqual(q.title, "Case CR-50001 already has a child-journey-lac audit for Nov 2026")
        // n: back to the form, nothing made.
        XCTAssertEqual(key(&s, .character("n")), [])
        XCTAssertEqual(s.screen, .newAudit)
        XCTAssertEqual(s.newAudit.focus, .caseRef)
        XCTAssertEqual(s.rows.count, 1)
        // y: made.
        let effects = finish(&s)
        XCTAssertEqual(effects, [])
        guard case .save(let audit, _)? = key(&s, .character("y")).first else { return XCTFail("not created after y") }
        XCTAssertEqual(audit.caseRef, "cr-50001")
        XCTAssertEqual(s.screen, .editor)
    }

    func testAnotherMonthOrTemplateDoesNotAsk() {
        var earlier = Fixtures.audits(1)[0]
        earlier.caseRef = "CR-50001"
        earlier.month = Month(year: 2026, month: 10)
        var s = state(rows: [earlier])
        formOnTeam(&s)
        type(&s, "Riverside")
        _ = key(&s, .enter)
        guard case .save? = finish(&s).first else { return XCTFail("asked about an audit of another month") }
    }

    func drafts() -> [Audit] {
        var audits = Fixtures.audits(2)
        audits[0].status = .draft
        audits[0].completed = nil
        audits[1].status = .complete
        return audits
    }

    func testDeletingADraftAsksNamingTheCaseAndTemplate() {
        var s = state(rows: drafts())
        _ = key(&s, .character("l"))
        _ = key(&s, .character("g"))
        let visible = ListReducer.computeVisible(s)
        let draftPlace = visible.firstIndex { s.rows[$0].status == .draft }!
        s.list.selected = draftPlace
        let row = s.rows[visible[draftPlace]]
        XCTAssertTrue(KeyBindings.footer(s).contains("D delete draft"))
        XCTAssertEqual(key(&s, .character("D")), [])
        guard case .yesNo(let q)? = s.overlay else { return XCTFail("not asked") }
        XCTAssertEqual(q.lines[0], "Case \(row.caseRef) · child-journey-lac · \(row.month!.title)")
        // Esc keeps it.
        XCTAssertEqual(key(&s, .escape), [])
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.status, "Nothing deleted")
        _ = key(&s, .character("D"))
        XCTAssertEqual(key(&s, .character("y")), [.deleteDraft(id: row.id)])
        _ = reduce(&s, .deleted(id: row.id), context)
        XCTAssertFalse(s.rows.contains { $0.id == row.id })
        XCTAssertEqual(s.status, "Deleted the draft of case \(row.caseRef) (child-journey-lac); its history is kept")
    }

    func testACompletedAuditIsNotOfferedForDeletion() {
        var s = state(rows: drafts())
        _ = key(&s, .character("l"))
        let visible = ListReducer.computeVisible(s)
        s.list.selected = visible.firstIndex { s.rows[$0].status == .complete }!
        XCTAssertFalse(KeyBindings.footer(s).contains("D delete draft"))
        XCTAssertEqual(key(&s, .character("D")), [])
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.status, "Only drafts can be deleted: a completed audit is on record (amend it with A in the editor)")
    }

    func testSOffersTheRememberedFolderInFull() {
        var s = state(rows: drafts())
        s.summaryFolder = "/srv/case-files"
        _ = key(&s, .character("l"))
        let id = ListReducer.selectedRow(s)!.id
        _ = key(&s, .character("S"))
        guard case .prompt(let p)? = s.overlay else { return XCTFail("no prompt") }
        XCTAssertEqual(p.field.text, "/srv/case-files/\(id)-summary.html")
        XCTAssertEqual(p.purpose, .summaryOf(id: id))
        // A relative path is taken from the starting folder and written in full.
        s.workingDirectory = "/home/tm"
        s.overlay = .prompt(PromptState(title: p.title, field: LineField("out/x.md"), purpose: p.purpose))
        XCTAssertEqual(key(&s, .enter), [.writeSummary(id: id, path: "/home/tm/out/x.md")])
        _ = reduce(&s, .summaryWritten(path: "/home/tm/out/x.md", folder: "/home/tm/out"), context)
        XCTAssertEqual(s.status, "Summary written to /home/tm/out/x.md")
        _ = key(&s, .character("S"))
        guard case .prompt(let again)? = s.overlay else { return XCTFail("no prompt") }
        XCTAssertEqual(again.field.text, "/home/tm/out/\(id)-summary.html", "the folder last used is offered")
    }

    func testSWithoutARememberedFolderOffersTheStartingFolder() {
        var s = state(rows: drafts())
        s.workingDirectory = "/home/tm"
        _ = key(&s, .character("l"))
        let id = ListReducer.selectedRow(s)!.id
        _ = key(&s, .character("S"))
        guard case .prompt(let p)? = s.overlay else { return XCTFail("no prompt") }
        XCTAssertEqual(p.field.text, "/home/tm/\(id)-summary.html")
        s.overlay = .prompt(PromptState(title: p.title, field: LineField("/tmp/x.docx"), purpose: p.purpose))
        XCTAssertEqual(key(&s, .enter), [])
        guard case .prompt(let refused)? = s.overlay else { return XCTFail("closed on a bad name") }
        XCTAssertEqual(refused.error, "End the file name with .html, .md or .txt")
    }
}

/// The same through the app, on real files: a draft deleted keeps its history; `S` remembers.
final class SetupAppTests: XCTestCase {
    func testDeletingADraftRemovesItsFileKeepsItsHistoryAndLeavesTheList() throws {
        let folder = TempFolder()
        var audits = Fixtures.audits(3)
        audits[1].status = .draft
        audits[1].completed = nil
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits))
        let directory = DataDirectory(root: folder.url)
        app.press(.character("l"))
        let visible = ListReducer.computeVisible(app.state)
        while app.state.rows[visible[app.state.list.selected]].id != audits[1].id { app.press(.down) }
        app.press(.character("D"), .character("y"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.auditFile(audits[1].id).path))
        let history = AuditHistory(directory: directory)
        XCTAssertEqual(try history.entries(audits[1].id).last?.action, .delete)
        XCTAssertEqual(try history.entries(audits[1].id).last?.user, "Mx Auditor")
        let grid = app.render()
        XCTAssertFalse((1..<grid.height - 2).contains { grid.rowText($0).contains(audits[1].caseRef) }, grid.text)
        XCTAssertEqual(app.state.rows.count, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: AuditLock.file(id: audits[1].id, directory: directory).path),
                       "the lock taken to delete is let go")
        XCTAssertEqual(history.verifyAll(), [])
    }

    func testADraftOpenElsewhereIsNotDeleted() throws {
        let folder = TempFolder()
        var audits = Fixtures.audits(1)
        audits[0].status = .draft
        audits[0].completed = nil
        var env = try Fixtures.environment(folder, audits: audits)
        env.acquireLock = { _ in .heldBy(LockHolder(user: "colleague", host: "pc-2", pid: 42, started: fixedNow)) }
        let app = CaseAuditApp(environment: env)
        app.press(.character("l"), .character("D"), .character("y"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: DataDirectory(root: folder.url).auditFile(audits[0].id).path))
        XCTAssertTrue(app.state.status?.hasPrefix("Not deleted: ") == true, app.state.status ?? "")
        XCTAssertTrue(app.state.status?.contains("colleague") == true, app.state.status ?? "")
    }

    func testSummaryToAMissingFolderNamesItAndSaysToCreateIt() throws {
        let folder = TempFolder()
        let kept = KeptFolders()
        var env = try Fixtures.environment(folder, audits: Fixtures.audits(3), inMemory: true)
        env.rememberSummaryFolder = { kept.append($0) }
        let app = CaseAuditApp(environment: env)
        let missing = folder.url.appendingPathComponent("not-yet").path
        app.press(.character("l"), .character("S"), .control("u"))
        app.type(missing + "/s.txt")
        app.press(.enter)
        XCTAssertEqual(app.state.lastingMessage,
                       "NOT WRITTEN to \(missing)/s.txt: the folder \(missing) does not exist. Create it (mkdir -p \(missing)) or type another folder, then press S again.")
        XCTAssertEqual(kept.folders, [])
        try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: true)
        app.press(.character("S"), .control("u"))
        app.type(missing + "/s.txt")
        app.press(.enter)
        XCTAssertEqual(app.state.status, "Summary written to \(missing)/s.txt")
        XCTAssertEqual(kept.folders, [missing], "the folder is remembered for this user")
        XCTAssertTrue(try String(contentsOfFile: missing + "/s.txt", encoding: .utf8).contains("Overall"))
    }

    func testTeamsYamlIsReadAtStartAndAProblemIsShownWhereTeamsArePicked() throws {
        let folder = TempFolder()
        try Data("- Riverside\n- riverside\n".utf8).write(to: folder.url.appendingPathComponent("teams.yaml"))
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: Fixtures.audits(2)))
        XCTAssertEqual(app.state.teams, ["Riverside"])
        XCTAssertTrue(app.state.teamsProblem?.contains("teams.yaml:2:") == true, app.state.teamsProblem ?? "")
        app.press(.character("n"), .enter)
        app.type("CR-1")
        app.press(.enter, .enter, .enter)
        XCTAssertTrue(app.state.status?.contains("listed twice") == true, app.state.status ?? "")
    }
}

/// The y/n questions as drawn, read by a person.
final class SetupQuestionScreenTests: XCTestCase {
    func check(_ app: CaseAuditApp, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for (w, h) in [(80, 24), (120, 40)] {
            assertGolden(app.render(width: w, height: h), "\(name)-\(w)x\(h)", file: file, line: line)
        }
    }

    func testTheDeleteAndSecondAuditQuestions() throws {
        let folder = TempFolder()
        var audits = Fixtures.audits(12)
        audits[4].caseRef = "CR-60001"
        let app = CaseAuditApp(environment: try Fixtures.environment(folder, audits: audits, inMemory: true))
        app.press(.character("l"), .character("/"))
        app.type("status:draft")
        app.press(.enter, .character("D"))
        check(app, "list-delete-question")
        app.press(.escape, .escape, .escape)
        XCTAssertEqual(app.state.screen, .dashboard)
        app.press(.character("n"), .enter)
        app.type("CR-60001")
        app.press(.enter, .enter)
        app.type("Riverside")
        app.press(.enter, .down)   // team -> worker -> month
        XCTAssertEqual(app.state.newAudit.focus, .month)
        app.press(.input(for: .control("u")))
        app.type(audits[4].month!.description)
        app.press(.enter, .enter)
        guard case .yesNo? = app.state.overlay else { return XCTFail("not asked") }
        check(app, "new-audit-second-audit-question")
    }
}

final class KeptFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var folders: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
