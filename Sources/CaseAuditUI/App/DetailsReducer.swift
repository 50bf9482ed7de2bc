import CaseAuditCore
import Foundation

/// `E` in the editor: correcting a draft's case reference, cohort, team, worker, month or auditor in the
/// new-audit form's fields, with its checks. The template stays: answers belong to its questions.
enum DetailsReducer {
    static func open(_ state: inout AppState) {
        guard var ed = state.editor else { return }
        if ed.readOnly != nil {
            state.status = EditorReducer.readOnlyMessage(ed)
            return
        }
        let a = ed.audit
        var form = NewAuditState()
        form.step = .form
        form.focus = .caseRef
        form.fields[.caseRef] = LineField(a.caseRef)
        form.fields[.team] = LineField(a.team)
        form.fields[.worker] = LineField(a.worker)
        form.fields[.month] = LineField(a.month?.description ?? "")
        form.fields[.auditor] = LineField(a.auditor)
        // The audit's own team stands even when teams.yaml no longer lists it.
        form.unlistedTeam = a.team
        // An audit whose cohort the template does not cover (a hand edit) starts with none chosen,
        // so Enter refuses it until one is.
        form.cohortIndex = a.cohort.flatMap { ed.template.cohorts.firstIndex(of: $0) } ?? -1
        ed.details = form
        state.editor = ed
    }

    static func reduce(_ state: inout AppState, _ action: Action, _ context: ReduceContext) -> [Effect] {
        // The team is picked or matched as in a new audit (`SetupReducer.teamKey`).
        if SetupReducer.teamKey(&state, action) { return [] }
        guard var ed = state.editor, var form = ed.details else { return [] }
        let outcome = NewAuditReducer.edit(&form, action, template: ed.template)
        switch outcome {
        case .stay:
            ed.details = form
            state.editor = ed
            return []
        case .back:
            ed.details = nil
            state.editor = ed
            state.status = "Details unchanged"
            return []
        case .submit:
            guard SetupReducer.checkTeam(&form, state) else {
                ed.details = form
                state.editor = ed
                return []
            }
            ed.details = nil
            state.editor = ed
            let caseRef = NewAuditReducer.value(form, .caseRef)
            let cohort = ed.template.cohorts[form.cohortIndex]
            let team = NewAuditReducer.value(form, .team)
            let worker = NewAuditReducer.value(form, .worker)
            let month = Month(NewAuditReducer.value(form, .month))
            let auditor = NewAuditReducer.value(form, .auditor)
            let a = ed.audit
            guard a.caseRef != caseRef || a.cohort != cohort || a.team != team || a.worker != worker || a.month != month
                    || a.auditor != auditor else {
                state.status = "Details unchanged"
                return []
            }
            let effects = EditorReducer.change(&state, context, what: "details") { audit in
                audit.caseRef = caseRef
                audit.cohort = cohort
                audit.team = team
                audit.worker = worker
                audit.month = month
                audit.auditor = auditor
            }
            if !effects.isEmpty { state.status = "Details saved" }
            // A corrected auditor (a stray login name) is the one to start the next audit with.
            return effects + (a.auditor != auditor && !effects.isEmpty ? NewAuditReducer.remember(&state, auditor) : [])
        }
    }
}
