import CaseAuditCore
import Foundation

/// Issue 13's set-up: the team picker of a new audit, the y/n questions (delete a draft, a
/// second audit of a case in a month, a new team for teams.yaml) and where `S` writes a summary.
enum SetupReducer {
    static let addTeamOption = "+ Add a new team…"

    // MARK: - Teams

    /// Opens the team picker over the new-audit form: the known teams, then "add a new team".
    static func pickTeam(_ state: inout AppState) {
        let choices = state.teamChoices
        let current = NewAuditReducer.value(state.teamForm, .team)
        let selected = choices.firstIndex { TeamsFile.key($0) == TeamsFile.key(current) } ?? 0
        let source = state.teams == nil ? "teams used so far" : "teams.yaml"
        state.overlay = .chooser(ChooserState(title: "Team (\(source))", options: choices + [addTeamOption],
                                              selected: selected, purpose: .team))
        if let problem = state.teamsProblem { state.status = problem }
    }

    /// A team was chosen from the picker, or "add a new team" asks for its name.
    static func chosenTeam(_ state: inout AppState, _ index: Int) {
        let choices = state.teamChoices
        guard choices.indices.contains(index) else {
            state.overlay = .prompt(PromptState(title: "New team's name", field: LineField(), purpose: .newTeam))
            return
        }
        setTeam(&state, choices[index])
    }

    static func setTeam(_ state: inout AppState, _ team: String) {
        state.teamForm.fields[.team] = LineField(team)
        state.teamForm.errors[.team] = nil
        // On to the next field, as Enter does on any other field.
        let order = state.teamForm.order
        if let at = order.firstIndex(of: .team), at + 1 < order.count { state.teamForm.focus = order[at + 1] }
    }

    /// The name typed at "add a new team": empty is refused (the prompt stays), else as Enter on
    /// a typed team.
    static func typedTeam(_ state: inout AppState, _ text: String) -> String? {
        guard !TeamsFile.key(text).isEmpty else { return "Write the team's name, or press Esc" }
        state.overlay = nil
        enteredTeam(&state, text)
        return nil
    }

    /// A team typed into the form: an existing team in another case or spacing is that team; a
    /// new one is offered to teams.yaml when there is one, else taken (and listed from then on).
    static func enteredTeam(_ state: inout AppState, _ text: String) {
        let name = TeamsFile.resolve(text, among: [])
        if let existing = state.teamChoices.first(where: { TeamsFile.key($0) == TeamsFile.key(name) }) {
            setTeam(&state, existing)
            if existing != text { state.status = "\"\(existing)\" is already a team: the audit uses that spelling" }
            return
        }
        if state.teams != nil {
            state.overlay = .yesNo(YesNoState(title: "Add \"\(name)\" to teams.yaml?",
                                              lines: ["teams.yaml in the data folder lists the teams everyone picks from."],
                                              yes: "add it for everyone", no: "use it for this audit only",
                                              purpose: .addTeamToFile(name)))
        } else {
            setTeam(&state, name)
            state.status = "New team \"\(name)\": offered in the team list from now on"
        }
    }

    /// Enter on Team, or Space on an empty Team: opens the picker or matches what was typed.
    /// Shared by the new-audit form and the details form (`E`); false for any other key.
    static func teamKey(_ state: inout AppState, _ action: Action) -> Bool {
        let form = state.teamForm
        let typed = NewAuditReducer.value(form, .team)
        guard form.focus == .team, action == .confirm || (action == .input(.character(" ")) && typed.isEmpty) else { return false }
        if typed.isEmpty { pickTeam(&state) } else { enteredTeam(&state, typed) }
        return true
    }

    /// On saving the form: the team in the known spelling; false (the error on Team) when
    /// teams.yaml does not list it and the user has not said to use it anyway.
    static func checkTeam(_ form: inout NewAuditState, _ state: AppState) -> Bool {
        let team = TeamsFile.resolve(NewAuditReducer.value(form, .team), among: state.teamChoices)
        form.fields[.team] = LineField(team)
        // With teams.yaml, a team not in it is added (or not) by the question Enter on Team asks.
        guard let teams = state.teams, !teams.contains(team), team != form.unlistedTeam else { return true }
        form.errors[.team] = "not in teams.yaml: press Enter here to add it, or clear it and pick one"
        form.focus = .team
        return false
    }

    // MARK: - Questions answered y or n

    static func answer(_ state: inout AppState, _ question: YesNoState, yes: Bool, _ context: ReduceContext) -> [Effect] {
        state.overlay = nil
        switch question.purpose {
        case .deleteDraft(let id):
            guard yes else { state.status = "Nothing deleted"; return [] }
            return [.deleteDraft(id: id)]
        case .duplicateAudit:
            guard yes else {
                state.newAudit.focus = .caseRef
                state.status = "Not created: change the case, template or month, or press Esc"
                return []
            }
            state.newAudit.duplicateAccepted = true
            return NewAuditReducer.create(&state, context)
        case .addTeamToFile(let name):
            setTeam(&state, name)
            guard yes else {
                state.teamForm.unlistedTeam = name
                return []
            }
            // Listed at once; the file as written replaces it (`teamsLoaded`).
            state.teams?.append(name)
            return [.addTeam(name)]
        }
    }

    // MARK: - Deleting a draft

    /// `D` on a list row: asks, naming the case and template; completed audits are refused.
    static func askDelete(_ state: inout AppState, row: AuditFacts) {
        guard row.status == .draft else {
            state.status = "Only drafts can be deleted: a completed audit is on record (amend it with A in the editor)"
            return
        }
        let month = row.month?.title ?? "no month"
        state.overlay = .yesNo(YesNoState(
            title: "Delete this draft?",
            lines: ["Case \(row.caseRef) · \(row.template.id) · \(month)", "Audit id \(row.id) · team \(row.team)",
                    "Its history is kept, with a line recording the deletion."],
            yes: "delete the draft", no: "keep it", purpose: .deleteDraft(id: row.id)))
    }

    /// The draft's row leaves the list and the figures (counted again: deletions are rare).
    static func deleted(_ state: inout AppState, id: String) {
        guard let i = state.rowIndex(of: id, hint: nil) else { return }
        let row = state.rows[i]
        var rows = state.rows
        rows.remove(at: i)
        let selected = state.list.selected
        state.setRows(rows, problems: state.problems)
        if state.screen == .list { ListReducer.enter(&state) }
        state.list.selected = max(0, min(selected, (state.list.visible?.count ?? 1) - 1))
        state.status = "Deleted the draft of case \(row.caseRef) (\(row.template.id)); its history is kept"
    }

    // MARK: - Where a summary goes

    /// The summary's default path: the remembered folder (else the folder the program was
    /// started in) and `<id>-summary.html`, always in full.
    static func summaryPath(_ state: AppState, id: String) -> String {
        let folder = state.summaryFolder ?? state.workingDirectory
        return URL(fileURLWithPath: folder).appendingPathComponent("\(id)-summary.html").path
    }

    static func askSummary(_ state: inout AppState, id: String) {
        state.overlay = .prompt(PromptState(title: "Write the summary to (a full path ending .html .md or .txt)",
                                            field: LineField(summaryPath(state, id: id)), purpose: .summaryOf(id: id)))
    }

    /// The typed path made absolute: `~` expanded, a relative path taken from the starting folder.
    static func absolute(_ typed: String, _ state: AppState) -> String {
        let expanded = (typed as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded).standardizedFileURL.path
            : URL(fileURLWithPath: state.workingDirectory).appendingPathComponent(expanded).standardizedFileURL.path
    }
}

extension AppState {
    /// The form the team picker fills: the editor's details form (`E`) while it is open, else
    /// the new audit's.
    var teamForm: NewAuditState {
        get { editor?.details ?? newAudit }
        set { if editor?.details != nil { editor?.details = newValue } else { newAudit = newValue } }
    }
}
