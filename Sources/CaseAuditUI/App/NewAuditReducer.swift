import CaseAuditCore
import Foundation

/// Choosing a template, then the form: case reference, cohort, team, worker, month, auditor.
enum NewAuditReducer {
    static func start(_ state: inout AppState) {
        state.newAudit = NewAuditState()
        state.newAudit.fields[.month] = LineField(state.today.description)
        state.newAudit.fields[.auditor] = LineField(state.auditor ?? state.user)
        state.screen = .newAudit
    }

    static func reduce(_ state: inout AppState, _ action: Action, _ context: ReduceContext) -> [Effect] {
        var form = state.newAudit
        defer { state.newAudit = form }
        if form.step == .template {
            let n = state.templates.count
            switch action {
            case .up: form.templateIndex = max(0, form.templateIndex - 1)
            case .down: form.templateIndex = min(max(0, n - 1), form.templateIndex + 1)
            case .first: form.templateIndex = 0
            case .last: form.templateIndex = max(0, n - 1)
            case .open, .confirm:
                guard n > 0 else { return [] }
                form.step = .form
                form.focus = .caseRef
                form.cohortIndex = 0
            case .back: DashboardReducer.enter(&state); form = state.newAudit
            default: break
            }
            return []
        }
        let template = state.templates[form.templateIndex]
        // The team is picked from a list (teams.yaml, else the teams used so far), or typed and
        // then matched to a known team, so one team's figures are never split by spelling.
        state.newAudit = form
        if SetupReducer.teamKey(&state, action) {
            form = state.newAudit
            return []
        }
        switch edit(&form, action, template: template) {
        case .stay: break
        case .back: form.step = .template
        case .submit:
            guard SetupReducer.checkTeam(&form, state) else { return [] }
            state.newAudit = form
            let effects = create(&state, context)
            form = state.newAudit
            return effects
        }
        return []
    }

    /// An audit of the same case (reference compared without case or spaces), template and
    /// month, if there is one: a second one is asked about first.
    static func sameCaseThisMonth(_ state: AppState, caseRef: String, template: String, month: Month?) -> AuditFacts? {
        let key = TeamsFile.key(caseRef)
        return state.rows.first { $0.template.id == template && $0.month == month && TeamsFile.key($0.caseRef) == key }
    }

    /// Creates the audit the (valid) form describes and opens it, unless the case already has
    /// one of this template this month and the user has not said to go on.
    static func create(_ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        let form = state.newAudit
        let template = state.templates[form.templateIndex]
        if !form.duplicateAccepted,
           let existing = sameCaseThisMonth(state, caseRef: value(form, .caseRef), template: template.id, month: Month(value(form, .month))) {
            state.overlay = .yesNo(YesNoState(
                title: "Case \(existing.caseRef) already has a \(template.id) audit for \(existing.month?.title ?? "this month")",
                lines: ["Audit id \(existing.id) · \(existing.status.rawValue) · team \(existing.team) · auditor \(existing.auditor)",
                        "Two audits of one case, template and month are rarely meant."],
                yes: "start a second audit anyway", no: "go back to the form", purpose: .duplicateAudit))
            return []
        }
        let audit = makeAudit(form, template: template, context: context)
        state.upsert(audit)
        let effects = EditorReducer.opened(&state, audit: audit, template: template, lockedBy: nil)
        // A case audited again takes its open actions from the earlier audits first.
        let earlier = AuditSummary.earlier(than: audit, among: state.rows).map(\.id)
        return [.save(audit, reason: nil), .lock(id: audit.id)] + effects + remember(&state, audit.auditor)
            + (earlier.isEmpty ? [] : [.carryOver(id: audit.id, from: earlier)])
    }

    /// Keeps a newly given auditor's name for this user's next audit.
    static func remember(_ state: inout AppState, _ auditor: String) -> [Effect] {
        guard !auditor.isEmpty, auditor != state.auditor else { return [] }
        state.auditor = auditor
        return [.rememberAuditor(auditor)]
    }

    enum FormOutcome { case stay, submit, back }

    /// Keys in the details form, shared by a new audit and by correcting one (`E`): moves between
    /// fields, edits them, and on Enter in the last field validates; `.submit` only when valid.
    static func edit(_ form: inout NewAuditState, _ action: Action, template: AuditTemplate) -> FormOutcome {
        let fields = form.order
        let at = fields.firstIndex(of: form.focus) ?? 0
        switch action {
        case .up: form.focus = fields[max(0, at - 1)]
        case .down: form.focus = fields[min(fields.count - 1, at + 1)]
        case .left where form.focus == .cohort: form.cohortIndex = max(0, form.cohortIndex - 1)
        case .right where form.focus == .cohort:
            form.cohortIndex = max(0, min(template.cohorts.count - 1, form.cohortIndex + 1))
        case .input(let key):
            if form.focus == .cohort {
                if case .character(" ") = key { form.cohortIndex = (form.cohortIndex + 1) % max(1, template.cohorts.count) }
            } else {
                var field = form.fields[form.focus] ?? LineField()
                if field.handle(key) {
                    form.fields[form.focus] = field
                    form.errors[form.focus] = nil
                }
            }
        case .left, .right:
            if var field = form.fields[form.focus] {
                _ = field.handle(action == .left ? .left : .right)
                form.fields[form.focus] = field
            }
        case .confirm:
            if at < fields.count - 1 {
                form.focus = fields[at + 1]
                return .stay
            }
            form.errors = validate(form, template: template)
            if let first = fields.first(where: { form.errors[$0] != nil }) {
                form.focus = first
                return .stay
            }
            return .submit
        case .back:
            return .back
        default: break
        }
        return .stay
    }

    static func value(_ form: NewAuditState, _ field: NewAuditState.Field) -> String {
        (form.fields[field]?.text ?? "").trimmingCharacters(in: .whitespaces)
    }

    static func validate(_ form: NewAuditState, template: AuditTemplate) -> [NewAuditState.Field: String] {
        var errors: [NewAuditState.Field: String] = [:]
        let ref = value(form, .caseRef)
        if ref.isEmpty {
            errors[.caseRef] = "required: the council's case reference (never the child's name)"
        } else if ref.count > 40 {
            errors[.caseRef] = "at most 40 characters"
        }
        if template.cohorts.isEmpty {
            errors[.cohort] = "the template lists no cohorts"
        } else if !template.cohorts.indices.contains(form.cohortIndex) {
            let allowed = template.cohorts.map(\.rawValue).joined(separator: ", ")
            errors[.cohort] = "choose a cohort template \(template.id) covers (\(allowed)) with ←/→"
        }
        if value(form, .team).isEmpty { errors[.team] = "required: the team that holds the case" }
        if Month(value(form, .month)) == nil { errors[.month] = "write the month as YYYY-MM, e.g. 2026-11" }
        if value(form, .auditor).isEmpty { errors[.auditor] = "required: who is auditing" }
        return errors
    }

    static func makeAudit(_ form: NewAuditState, template: AuditTemplate, context: ReduceContext) -> Audit {
        let month = Month(value(form, .month))!
        let cohort = template.cohorts.indices.contains(form.cohortIndex) ? template.cohorts[form.cohortIndex] : nil
        return Audit(id: context.makeID(month), template: TemplateRef(id: template.id, version: template.version),
                     caseRef: value(form, .caseRef), cohort: cohort, team: value(form, .team),
                     auditor: value(form, .auditor), worker: value(form, .worker), month: month,
                     created: context.now)
    }
}
