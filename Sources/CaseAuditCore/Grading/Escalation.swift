import Foundation

/// "Did anything in this file need action to keep the child safe today?" (docs/grading.md,
/// Escalations). A Yes to the template's escalation question is open until the date question with
/// `role: resolution` holds the day a QA lead marked it resolved; the save that fills it is an
/// ordinary change of the audit, so the history records who resolved it, when and why.
public enum Escalation {
    public enum State: Equatable, Sendable {
        /// The template has no escalation question, or it is not answered Yes.
        case none
        case open
        /// Resolved on this day (`YYYY-MM-DD`).
        case resolved(String)
    }

    public static func state(of audit: Audit, template: AuditTemplate) -> State {
        guard let question = template.escalationQuestion, let section = template.section(holding: question.id),
              audit.sections[section.id]?.answers[question.id]?.answer == .yes else { return .none }
        if let resolution = template.question(role: .resolution), let holder = template.section(holding: resolution.id),
           let day = audit.sections[holder.id]?.answers[resolution.id]?.value, ResponseRules.isValidDate(day) {
            return .resolved(day)
        }
        return .open
    }

    /// The audits with an open escalation, drafts included (a child at risk does not wait for the
    /// audit to be finished), oldest month first. `template` finds the version each was made with.
    public static func open(_ audits: [Audit], template: (TemplateRef) -> AuditTemplate?) -> [Audit] {
        audits.filter { a in template(a.template).map { state(of: a, template: $0) == .open } ?? false }
            .sorted { ($0.month?.description ?? "", $0.id) < ($1.month?.description ?? "", $1.id) }
    }

    /// Marks the open escalation resolved on `day` (`YYYY-MM-DD`). Throws `DiagnosticsError` (65)
    /// when the audit has no open escalation or the day is not a date, leaving the audit as it was.
    public static func resolve(_ audit: inout Audit, template: AuditTemplate, on day: String, file: String? = nil) throws {
        let name = file ?? "\(audit.id).json"
        guard state(of: audit, template: template) == .open else {
            throw DiagnosticsError([.error(name, "audit \(audit.id) has no open escalation",
                                           remedy: "only an audit whose escalation question is answered Yes, and not yet resolved, can be marked resolved")])
        }
        guard ResponseRules.isValidDate(day) else {
            throw DiagnosticsError([.error(name, "\"\(day)\" is not a date", remedy: "write the day it was resolved as YYYY-MM-DD")])
        }
        guard let resolution = template.question(role: .resolution), let holder = template.section(holding: resolution.id) else {
            throw DiagnosticsError([.error(name, "template \(template.versionKey) has no question for the day an escalation was resolved",
                                           remedy: "add a date question with \"role: resolution\" to the template's escalation section (a new version)")])
        }
        var record = audit.sections[holder.id] ?? SectionRecord()
        record.answers[resolution.id] = Response(value: day)
        audit.sections[holder.id] = record
    }

    /// Resolves audit `id` in the data directory and saves it through the repository, so the
    /// history records `user`, the time and `reason` (required by the history for a completed audit).
    public static func resolve(id: String, in repository: AuditRepository, store: AuditStore, catalog: TemplateCatalog,
                               on day: String, by user: String, reason: String) throws {
        var audit = try store.load(id)
        guard let template = catalog.template(audit.template) else {
            throw DiagnosticsError([.error("\(id).json", "template \(audit.template.key) is not known",
                                           remedy: "restore DATA/templates/\(audit.template.key).yaml or the template file")])
        }
        try resolve(&audit, template: template, on: day)
        try repository.save(audit, by: user, reason: reason)
    }
}
